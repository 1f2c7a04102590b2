/* The record streams of pith batch and pith fetch (records.h). */
#include "records.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* ---- the output ------------------------------------------------------------
 */

int cli_output_open(cli_output *o, const char *path, int append) {
  memset(o, 0, sizeof *o);
  if (!path) {
    o->f = stdout;
    o->name = "standard output";
    return 0;
  }
  o->f = fopen(path, append ? "ab" : "wb");
  o->name = path;
  if (!o->f) {
    fprintf(stderr, "pith: %s: cannot write it: %s\n", path, strerror(errno));
    return EXIT_OUTPUT;
  }
  o->is_file = 1;
  struct stat st;
  if (fstat(fileno(o->f), &st) == 0) {
    o->dev = st.st_dev;
    o->ino = st.st_ino;
  }
  return 0;
}

void cli_output_write(cli_output *o, const char *data, size_t len) {
  if (o->error)
    return;
  if (fwrite(data, 1, len, o->f) != len)
    o->error = errno ? errno : EIO;
}

void cli_output_flush(cli_output *o) {
  if (!o->error && fflush(o->f) != 0)
    o->error = errno ? errno : EIO;
}

int cli_output_close(cli_output *o) {
  cli_output_flush(o);
  if (o->is_file && fclose(o->f) != 0 && !o->error)
    o->error = errno ? errno : EIO;
  o->f = NULL;
  if (!o->error)
    return 0;
  fprintf(stderr, "pith: %s: writing failed: %s\n", o->name,
          strerror(o->error));
  return EXIT_OUTPUT;
}

/* ---- resuming
 * ---------------------------------------------------------------- */

uint64_t cli_key(const char *text, uint64_t number) {
  uint64_t h = 1469598103934665603ULL; /* FNV-1a, 64 bits */
  for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
    h ^= *p;
    h *= 1099511628211ULL;
  }
  for (int i = 0; i < 8; i++) {
    h ^= (number >> (8 * i)) & 0xff;
    h *= 1099511628211ULL;
  }
  h ^= h >> 29;
  return h ? h : 1;
}

int cli_keys_add(cli_key_set *s, uint64_t k) {
  if ((s->count + 1) * 2 > s->cap) {
    size_t ncap = s->cap ? s->cap * 2 : 1024;
    uint64_t *n = calloc(ncap, sizeof *n);
    if (!n)
      return -1;
    for (size_t i = 0; i < s->cap; i++) {
      if (!s->slots[i])
        continue;
      size_t j = s->slots[i] & (ncap - 1);
      while (n[j])
        j = (j + 1) & (ncap - 1);
      n[j] = s->slots[i];
    }
    free(s->slots);
    s->slots = n;
    s->cap = ncap;
  }
  size_t j = k & (s->cap - 1);
  while (s->slots[j]) {
    if (s->slots[j] == k)
      return 0;
    j = (j + 1) & (s->cap - 1);
  }
  s->slots[j] = k;
  s->count++;
  return 0;
}

int cli_keys_has(const cli_key_set *s, uint64_t k) {
  if (!s->cap)
    return 0;
  size_t j = k & (s->cap - 1);
  while (s->slots[j]) {
    if (s->slots[j] == k)
      return 1;
    j = (j + 1) & (s->cap - 1);
  }
  return 0;
}

void cli_keys_free(cli_key_set *s) {
  free(s->slots);
  memset(s, 0, sizeof *s);
}

int cli_resume_load(const char *path, const char *command,
                    cli_record_key_fn key_of, cli_key_set *keys) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    if (errno == ENOENT)
      return 0;
    fprintf(stderr, "pith: %s: cannot read it to resume: %s\n", path,
            strerror(errno));
    return EXIT_UNREADABLE;
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  long long good_end = 0, lineno = 0;
  int code = 0;
  while ((n = getline(&line, &cap, f)) > 0) {
    lineno++;
    if (line[n - 1] != '\n')
      break; /* cut short: redone */
    json_object *o = json_tokener_parse(line);
    uint64_t key = 0;
    if (!o || key_of(o, &key) != 0) {
      json_object_put(o);
      fprintf(stderr,
              "pith: %s: line %lld is not a pith %s record, so the file "
              "cannot be resumed; give another -o FILE or drop --resume\n",
              path, lineno, command);
      code = EXIT_USAGE;
      break;
    }
    json_object_put(o);
    if (cli_keys_add(keys, key) != 0) {
      fputs("pith: out of memory\n", stderr);
      code = EXIT_INTERNAL;
      break;
    }
    good_end += n;
  }
  int read_error = ferror(f);
  free(line);
  fclose(f);
  if (code)
    return code;
  if (read_error) {
    fprintf(stderr, "pith: %s: reading it to resume failed\n", path);
    return EXIT_UNREADABLE;
  }
  struct stat st;
  if (stat(path, &st) == 0 && (long long)st.st_size > good_end &&
      truncate(path, (off_t)good_end) != 0) {
    fprintf(stderr, "pith: %s: cannot cut off its unfinished last line: %s\n",
            path, strerror(errno));
    return EXIT_OUTPUT;
  }
  return 0;
}

/* ---- record pieces
 * ------------------------------------------------------------ */

/* The length of the valid UTF-8 sequence at u, 0 when it is invalid. The
 * string is NUL-terminated, and a NUL is never a continuation byte, so no
 * test reads past the end. */
static size_t utf8_seq_len(const unsigned char *u) {
  int cont = 0;
  if (u[0] < 0x80)
    return 1;
  if (u[0] >= 0xc2 && u[0] <= 0xdf)
    cont = 1;
  else if (u[0] >= 0xe0 && u[0] <= 0xef)
    cont = 2;
  else if (u[0] >= 0xf0 && u[0] <= 0xf4)
    cont = 3;
  else
    return 0;
  for (int k = 1; k <= cont; k++)
    if ((u[k] & 0xc0) != 0x80)
      return 0;
  if ((u[0] == 0xe0 && u[1] < 0xa0) || (u[0] == 0xed && u[1] > 0x9f) ||
      (u[0] == 0xf0 && u[1] < 0x90) || (u[0] == 0xf4 && u[1] > 0x8f))
    return 0; /* overlong, surrogate, beyond U+10FFFF */
  return (size_t)cont + 1;
}

static size_t invalid_bytes(const char *s) {
  const unsigned char *u = (const unsigned char *)s;
  size_t bad = 0;
  for (size_t i = 0; u[i];) {
    size_t k = utf8_seq_len(u + i);
    bad += k == 0;
    i += k ? k : 1;
  }
  return bad;
}

/* s with each invalid byte replaced: by U+FFFD, or by %XX. */
static char *replace_invalid(const char *s, size_t bad, int percent) {
  const unsigned char *u = (const unsigned char *)s;
  size_t n = strlen(s);
  char *out = malloc(n + 2 * bad + 1);
  if (!out)
    return NULL;
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    size_t k = utf8_seq_len(u + i);
    if (k) {
      memcpy(out + o, s + i, k);
      o += k;
      i += k;
    } else if (percent) {
      o += (size_t)sprintf(out + o, "%%%02X", u[i++]);
    } else {
      memcpy(out + o, "\xef\xbf\xbd", 3);
      o += 3;
      i++;
    }
  }
  out[o] = '\0';
  return out;
}

json_object *cli_json_string(const char *s) {
  size_t bad = invalid_bytes(s);
  if (!bad)
    return json_object_new_string(s);
  char *clean = replace_invalid(s, bad, 0);
  json_object *j = clean ? json_object_new_string(clean) : NULL;
  free(clean);
  return j;
}

char *cli_url_clean(const char *url) {
  size_t bad = invalid_bytes(url);
  return bad ? replace_invalid(url, bad, 1) : NULL;
}

char *cli_text_record(const char *url, const char *where, const char *text,
                      const char *kind, const char *message, size_t *len) {
  if (!url)
    url = "-";
  size_t need = strlen(url) + strlen(where) + 64 + (text ? strlen(text) : 0) +
                (kind ? strlen(kind) + strlen(message) : 0);
  char *s = malloc(need);
  if (!s)
    return NULL;
  int n;
  if (kind)
    n = snprintf(s, need, "==> %s (%s) <==\n[error %s: %s]\n\n", url, where,
                 kind, message);
  else
    n = snprintf(s, need, "==> %s (%s) <==\n%s%s\n", url, where,
                 text ? text : "",
                 text && *text && text[strlen(text) - 1] != '\n' ? "\n" : "");
  *len = n > 0 ? (size_t)n : 0;
  return s;
}

char *cli_json_line(json_object *record, size_t *len) {
  const char *s = json_object_to_json_string_ext(
      record, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
  if (!s)
    return NULL;
  size_t n = strlen(s);
  char *line = malloc(n + 2);
  if (!line)
    return NULL;
  memcpy(line, s, n);
  line[n] = '\n';
  line[n + 1] = '\0';
  *len = n + 1;
  return line;
}
