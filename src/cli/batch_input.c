/* pith batch, input side: walks folders, reads WARC archives record by
 * record, JSON Lines line by line and page files whole (all maybe gzip),
 * and sniffs standard input. Memory stays bounded: one WARC record, one
 * JSON line or one page at a time, each capped at sink->max_bytes. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "batch.h"
#include "pith.h"

#define CHUNK ((size_t)64 * 1024)

void batch_doc_free(batch_doc *doc) {
  if (!doc)
    return;
  free(doc->file);
  free(doc->url);
  free(doc->content_type);
  free(doc->data);
  free(doc->err_msg);
  free(doc);
}

static char *dup_or_null(const char *s) {
  return s ? strdup(s) : NULL;
}

static batch_doc *new_doc(batch_doc_kind kind, const char *file,
                          uint64_t offset, const char *url) {
  batch_doc *d = calloc(1, sizeof *d);
  if (!d)
    return NULL;
  d->kind = kind;
  d->file = strdup(file);
  d->offset = offset;
  d->url = dup_or_null(url);
  if (!d->file || (url && !d->url)) {
    batch_doc_free(d);
    return NULL;
  }
  return d;
}

/* Submits an error record. Returns the sink's answer, -1 when out of
 * memory. */
static int submit_error(batch_sink *s, const char *file, uint64_t offset,
                        const char *url, pith_status status, const char *msg) {
  if (s->done(s->ctx, file, offset))
    return 0;
  batch_doc *d = new_doc(DOC_ERROR, file, offset, url);
  if (!d)
    return -1;
  d->err_status = status;
  d->err_msg = strdup(msg);
  return s->submit(s->ctx, d);
}

/* ---- byte sources ------------------------------------------------------ */

/* A file with the first bytes read ahead (to sniff the format) and put
 * back in front. A pipe, socket or terminal is a stream: it is read with
 * read(2), which hands over what has arrived, so that a record is taken as
 * soon as its last byte is there. fread() would wait for a whole buffer,
 * and a writer that sends one record and waits for its answer would wait
 * for ever. */
typedef struct rawsrc {
  FILE *f;
  int stream;
  unsigned char peek[CHUNK];
  size_t peek_len, peek_pos;
  uint64_t consumed;
  int error;
} rawsrc;

/* Reads what has arrived on a stream, at least one byte: the count, 0 at
 * the end, -1 on an error. */
static long stream_read(rawsrc *r, void *buf, size_t len) {
  for (;;) {
    ssize_t n = read(fileno(r->f), buf, len);
    if (n >= 0)
      return (long)n;
    if (errno != EINTR) {
      r->error = errno;
      return -1;
    }
  }
}

static long raw_read(void *ctx, void *buf, size_t len) {
  rawsrc *r = ctx;
  if (r->peek_pos < r->peek_len) {
    size_t n = r->peek_len - r->peek_pos;
    if (n > len)
      n = len;
    memcpy(buf, r->peek + r->peek_pos, n);
    r->peek_pos += n;
    r->consumed += n;
    return (long)n;
  }
  if (r->stream) {
    long m = stream_read(r, buf, len);
    if (m > 0)
      r->consumed += (uint64_t)m;
    return m;
  }
  size_t n = fread(buf, 1, len, r->f);
  if (n == 0 && ferror(r->f)) {
    r->error = errno ? errno : EIO;
    return -1;
  }
  r->consumed += n;
  return (long)n;
}

/* Whether the bytes read ahead from a stream are enough to sniff: the
 * first line that is not blank, whole, or more than sniff() looks at. */
static int peek_enough(const rawsrc *r) {
  size_t i = 0;
  while (i < r->peek_len && (r->peek[i] == ' ' || r->peek[i] == '\t' ||
                             r->peek[i] == '\r' || r->peek[i] == '\n'))
    i++;
  return r->peek_len >= 64 ||
         (i < r->peek_len && memchr(r->peek + i, '\n', r->peek_len - i));
}

static void raw_fill_peek(rawsrc *r) {
  while (r->stream && !peek_enough(r)) {
    long n =
        stream_read(r, r->peek + r->peek_len, sizeof r->peek - r->peek_len);
    if (n <= 0)
      return;
    r->peek_len += (size_t)n;
  }
  while (!r->stream && r->peek_len < sizeof r->peek) {
    size_t n =
        fread(r->peek + r->peek_len, 1, sizeof r->peek - r->peek_len, r->f);
    if (n == 0)
      break;
    r->peek_len += n;
  }
}

/* The raw source, gunzipped when it starts with the gzip magic (any number
 * of members). */
typedef struct zsrc {
  rawsrc *raw;
  int gzip;
  int started, ended, damaged;
  z_stream zs;
  unsigned char in[CHUNK];
} zsrc;

static void zsrc_init(zsrc *z, rawsrc *raw) {
  memset(z, 0, sizeof *z);
  z->raw = raw;
  z->gzip = raw->peek_len >= 2 && raw->peek[0] == 0x1f && raw->peek[1] == 0x8b;
}

static void zsrc_end(zsrc *z) {
  if (z->started)
    inflateEnd(&z->zs);
}

/* Reads decompressed bytes: the count, 0 at the end, -1 on a read error or
 * damaged gzip (z->damaged). */
static long zsrc_read(zsrc *z, void *buf, size_t len) {
  if (!z->gzip)
    return raw_read(z->raw, buf, len);
  if (z->ended)
    return 0;
  if (!z->started) {
    if (inflateInit2(&z->zs, 15 + 32) != Z_OK)
      return -1;
    z->started = 1;
  }
  z->zs.next_out = buf;
  z->zs.avail_out = len > (1u << 30) ? (1u << 30) : (uInt)len;
  for (;;) {
    if (z->zs.avail_in == 0) {
      long n = raw_read(z->raw, z->in, sizeof z->in);
      if (n < 0)
        return -1;
      if (n == 0) {
        z->ended = 1; /* cut short: what came out is kept */
        break;
      }
      z->zs.next_in = z->in;
      z->zs.avail_in = (uInt)n;
    }
    int ret = inflate(&z->zs, Z_NO_FLUSH);
    if (ret == Z_STREAM_END) {
      if (z->zs.avail_in == 0) {
        long n = raw_read(z->raw, z->in, sizeof z->in);
        if (n <= 0) {
          z->ended = 1;
          break;
        }
        z->zs.next_in = z->in;
        z->zs.avail_in = (uInt)n;
      }
      if (z->zs.next_in[0] != 0x1f) {
        z->ended = 1; /* trailing bytes after the last member */
        break;
      }
      inflateReset(&z->zs);
    } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
      z->damaged = 1;
      return -1;
    }
    if (z->zs.avail_out == 0)
      break;
  }
  return (long)(len - z->zs.avail_out);
}

/* ---- formats ----------------------------------------------------------- */

enum format { FMT_HTML, FMT_WARC, FMT_JSONL };

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  if (n < m)
    return 0;
  for (size_t i = 0; i < m; i++) {
    char c = s[n - m + i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    if (c != suffix[i])
      return 0;
  }
  return 1;
}

/* The format a name says, or -1 when it says none. */
static int format_of_name(const char *name) {
  static const struct {
    const char *suffix;
    enum format format;
  } table[] = {{".warc", FMT_WARC},    {".warc.gz", FMT_WARC},
               {".jsonl", FMT_JSONL},  {".jsonl.gz", FMT_JSONL},
               {".ndjson", FMT_JSONL}, {".html", FMT_HTML},
               {".htm", FMT_HTML},     {".xhtml", FMT_HTML},
               {".html.gz", FMT_HTML}, {".htm.gz", FMT_HTML}};
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
    if (ends_with(name, table[i].suffix))
      return (int)table[i].format;
  return -1;
}

/* Whether a folder walk reads the file: pages and WARC archives. JSON
 * Lines files are read only when named, since a folder often holds the
 * .jsonl output of an earlier run. */
static int walked_format(const char *name) {
  int f = format_of_name(name);
  return f == FMT_HTML || f == FMT_WARC;
}

/* Sniffs the format from the first bytes (gunzipped when needed). */
static enum format sniff(rawsrc *r) {
  unsigned char head[64];
  size_t n = 0;
  if (r->peek_len >= 2 && r->peek[0] == 0x1f && r->peek[1] == 0x8b) {
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, 15 + 32) == Z_OK) {
      zs.next_in = r->peek;
      zs.avail_in = (uInt)r->peek_len;
      zs.next_out = head;
      zs.avail_out = sizeof head;
      inflate(&zs, Z_NO_FLUSH);
      n = sizeof head - zs.avail_out;
      inflateEnd(&zs);
    }
  } else {
    n = r->peek_len < sizeof head ? r->peek_len : sizeof head;
    memcpy(head, r->peek, n);
  }
  size_t i = 0;
  if (n >= 3 && head[0] == 0xef && head[1] == 0xbb && head[2] == 0xbf)
    i = 3;
  while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' ||
                   head[i] == '\n'))
    i++;
  if (n - i >= 5 && memcmp(head + i, "WARC/", 5) == 0)
    return FMT_WARC;
  if (i < n && head[i] == '{')
    return FMT_JSONL;
  return FMT_HTML;
}

/* A response record's WARC Content-Type: HTTP (1), an HTML document stored
 * without HTTP (2), or something else to skip (0). */
static int response_kind(const char *warc_type, const char *content_type) {
  if (!content_type || !*content_type)
    return strcmp(warc_type, "response") == 0 ? 1 : 0;
  if (strstr(content_type, "application/http"))
    return strstr(content_type, "msgtype=request") ? 0 : 1;
  return pith_content_type_is_html(content_type) == 1 ? 2 : 0;
}

static int read_warc(rawsrc *raw, const char *file, batch_sink *s) {
  pith_warc_reader *r = pith_warc_reader_new(raw_read, raw);
  if (!r)
    return -1;
  int rc = 0;
  pith_warc_record rec;
  for (;;) {
    pith_status st = pith_warc_next(r, &rec);
    s->progress(s->ctx, raw->consumed);
    if (st == PITH_END)
      break;
    if (st != PITH_OK) {
      if (submit_error(s, file, pith_warc_error_offset(r), NULL, st,
                       pith_warc_message(r)) < 0) {
        rc = -1;
        break;
      }
      if (st == PITH_ERR_IO)
        rc = 1;
      continue;
    }
    int kind = 0;
    if (strcmp(rec.type, "response") == 0 || strcmp(rec.type, "resource") == 0)
      kind = response_kind(rec.type, rec.content_type);
    if (!kind || s->done(s->ctx, file, rec.offset))
      continue;
    char *data = NULL;
    size_t len = 0;
    int cut = 0;
    st = pith_warc_read_payload(r, s->max_bytes, &data, &len, &cut);
    if (st != PITH_OK) {
      if (submit_error(s, file, rec.offset, rec.target_uri, st,
                       pith_warc_message(r)) < 0) {
        rc = -1;
        break;
      }
      continue;
    }
    batch_doc *d = new_doc(kind == 1 ? DOC_HTTP : DOC_HTML, file, rec.offset,
                           rec.target_uri);
    if (!d) {
      free(data);
      rc = -1;
      break;
    }
    d->data = data;
    d->len = len;
    d->cut = cut;
    if (kind == 2 && rec.content_type)
      d->content_type = strdup(rec.content_type);
    if (s->submit(s->ctx, d) < 0) {
      rc = -1;
      break;
    }
  }
  pith_warc_reader_free(r);
  return rc;
}

/* Reads a whole page (up to max_bytes; *cut when there was more). */
static int read_all(zsrc *z, size_t max, char **data, size_t *len, int *cut) {
  size_t cap = CHUNK, n = 0;
  char *buf = malloc(cap + 1);
  if (!buf)
    return -1;
  *cut = 0;
  for (;;) {
    if (n == cap) {
      if (cap > max) {
        /* drain the rest: the page is over the cap */
        *cut = 1;
        char sink[4096];
        long m;
        while ((m = zsrc_read(z, sink, sizeof sink)) > 0)
          ;
        if (m < 0) {
          free(buf);
          return -2;
        }
        break;
      }
      char *p = realloc(buf, cap * 2 + 1);
      if (!p) {
        free(buf);
        return -1;
      }
      buf = p;
      cap *= 2;
    }
    long m = zsrc_read(z, buf + n, cap - n);
    if (m < 0) {
      free(buf);
      return -2;
    }
    if (m == 0)
      break;
    n += (size_t)m;
  }
  buf[n] = '\0';
  *data = buf;
  *len = n;
  return 0;
}

static int read_page(rawsrc *raw, const char *file, batch_sink *s) {
  if (s->done(s->ctx, file, 0))
    return 0;
  zsrc z;
  zsrc_init(&z, raw);
  char *data = NULL;
  size_t len = 0;
  int cut = 0;
  int rc = read_all(&z, s->max_bytes, &data, &len, &cut);
  int damaged = z.damaged;
  zsrc_end(&z);
  s->progress(s->ctx, raw->consumed);
  if (rc == -1)
    return -1;
  if (rc == -2) {
    char msg[300];
    snprintf(msg, sizeof msg, "%s",
             damaged ? "the gzip data is damaged" : strerror(raw->error));
    if (submit_error(s, file, 0, file,
                     damaged ? PITH_ERR_DECOMPRESS : PITH_ERR_IO, msg) < 0)
      return -1;
    return damaged ? 0 : 1;
  }
  batch_doc *d = new_doc(DOC_HTML, file, 0, file);
  if (!d) {
    free(data);
    return -1;
  }
  d->data = data;
  d->len = len;
  d->cut = cut;
  return s->submit(s->ctx, d) < 0 ? -1 : 0;
}

/* JSON Lines: one object per line; blank lines are skipped. */
static int read_jsonl(rawsrc *raw, const char *file, batch_sink *s) {
  zsrc z;
  zsrc_init(&z, raw);
  size_t max_line = s->max_bytes * 2 + 4096; /* JSON escapes grow text */
  char chunk[CHUNK];
  size_t cpos = 0, clen = 0;
  char *line = NULL;
  size_t len = 0, cap = 0;
  uint64_t offset = 0, line_start = 0;
  int over = 0, rc = 0, at_end = 0;
  while (!at_end) {
    if (cpos == clen) {
      long m = zsrc_read(&z, chunk, sizeof chunk);
      s->progress(s->ctx, raw->consumed);
      if (m < 0) {
        rc = submit_error(s, file, offset, NULL,
                          z.damaged ? PITH_ERR_DECOMPRESS : PITH_ERR_IO,
                          z.damaged ? "the gzip data is damaged"
                                    : "reading the file failed") < 0
                 ? -1
                 : (z.damaged ? 0 : 1);
        break;
      }
      if (m == 0)
        at_end = 1;
      cpos = 0;
      clen = (size_t)m;
    }
    const char *nl = at_end ? NULL : memchr(chunk + cpos, '\n', clen - cpos);
    size_t take = nl ? (size_t)(nl - (chunk + cpos)) : clen - cpos;
    if (!over && len + take > max_line) {
      over = 1;
      len = 0;
    }
    if (!over && take) {
      if (len + take + 1 > cap) {
        size_t ncap = cap ? cap : CHUNK;
        while (ncap < len + take + 1)
          ncap *= 2;
        char *p = realloc(line, ncap);
        if (!p) {
          rc = -1;
          break;
        }
        line = p;
        cap = ncap;
      }
      memcpy(line + len, chunk + cpos, take);
      len += take;
    }
    cpos += take;
    offset += take;
    if (!nl && !at_end)
      continue;
    if (nl) {
      cpos++;
      offset++;
    }
    /* a whole line: [line_start, offset) */
    size_t k = 0;
    while (!over && k < len &&
           (line[k] == ' ' || line[k] == '\t' || line[k] == '\r'))
      k++;
    if (over) {
      char msg[128];
      snprintf(msg, sizeof msg, "the line is longer than %zu bytes", max_line);
      if (submit_error(s, file, line_start, NULL, PITH_ERR_TOO_LARGE, msg) <
          0) {
        rc = -1;
        break;
      }
    } else if (k < len && !s->done(s->ctx, file, line_start)) {
      batch_doc *d = new_doc(DOC_JSONL, file, line_start, NULL);
      if (!d) {
        rc = -1;
        break;
      }
      d->data = malloc(len + 1);
      if (!d->data) {
        batch_doc_free(d);
        rc = -1;
        break;
      }
      memcpy(d->data, line, len);
      d->data[len] = '\0';
      d->len = len;
      if (s->submit(s->ctx, d) < 0) {
        rc = -1;
        break;
      }
    }
    over = 0;
    len = 0;
    line_start = offset;
  }
  free(line);
  zsrc_end(&z);
  return rc;
}

/* Reads one opened stream in the given format (-1: sniff). */
static int read_stream(FILE *f, const char *file, int format, batch_sink *s) {
  rawsrc *raw = calloc(1, sizeof *raw);
  if (!raw)
    return -1;
  raw->f = f;
  struct stat st;
  raw->stream = fstat(fileno(f), &st) == 0 && !S_ISREG(st.st_mode) &&
                !S_ISBLK(st.st_mode);
  s->file_begin(s->ctx);
  raw_fill_peek(raw);
  if (format < 0 && raw->peek_len == 0 && f == stdin) {
    free(raw); /* nothing on standard input (an empty Spark partition) */
    return 0;
  }
  if (format < 0)
    format = (int)sniff(raw);
  int rc;
  if (format == FMT_WARC)
    rc = read_warc(raw, file, s);
  else if (format == FMT_JSONL)
    rc = read_jsonl(raw, file, s);
  else
    rc = read_page(raw, file, s);
  free(raw);
  return rc;
}

static int read_file(const char *path, int format, batch_sink *s) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    char msg[300];
    snprintf(msg, sizeof msg, "cannot open the file: %s", strerror(errno));
    return submit_error(s, path, 0, path, PITH_ERR_IO, msg) < 0 ? -1 : 1;
  }
  int rc = read_stream(f, path, format, s);
  fclose(f);
  return rc;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of a folder, sorted (the output order must not depend on
 * the file system), hidden ones left out (the files among them counted in
 * *hidden). NULL and *n = 0 on an error. */
static char **list_dir(const char *dir, size_t *n, int *err, uint64_t *hidden) {
  *n = 0;
  *err = 0;
  DIR *d = opendir(dir);
  if (!d) {
    *err = errno;
    return NULL;
  }
  char **names = NULL;
  size_t cap = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') {
      struct stat st;
      if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
          S_ISREG(st.st_mode))
        ++*hidden;
      continue;
    }
    if (*n == cap) {
      size_t ncap = cap ? cap * 2 : 64;
      char **p = realloc(names, ncap * sizeof *p);
      if (!p)
        break;
      names = p;
      cap = ncap;
    }
    names[*n] = strdup(e->d_name);
    if (names[*n])
      (*n)++;
  }
  closedir(d);
  if (*n)
    qsort(names, *n, sizeof *names, by_name);
  return names;
}

static char *join(const char *dir, const char *name) {
  size_t a = strlen(dir), b = strlen(name);
  char *p = malloc(a + b + 2);
  if (!p)
    return NULL;
  memcpy(p, dir, a);
  size_t k = a;
  if (k == 0 || p[k - 1] != '/')
    p[k++] = '/';
  memcpy(p + k, name, b + 1);
  return p;
}

static int is_output(const batch_sink *s, const struct stat *st) {
  return s->has_output && st->st_dev == s->output_dev &&
         st->st_ino == s->output_ino;
}

typedef struct walk_count {
  uint64_t files, bytes;
} walk_count;

/* Walks a folder; symbolic links to folders are not followed (no loops).
 * With count set, only counts. */
static int walk(const char *dir, batch_sink *s, walk_count *count, int depth) {
  size_t n = 0;
  int err = 0;
  uint64_t hidden = 0;
  char **names = list_dir(dir, &n, &err, &hidden);
  if (!count)
    s->skipped_files += hidden;
  int rc = 0;
  if (err && !count) {
    char msg[300];
    snprintf(msg, sizeof msg, "cannot read the folder: %s", strerror(err));
    return submit_error(s, dir, 0, dir, PITH_ERR_IO, msg) < 0 ? -1 : 1;
  }
  for (size_t i = 0; i < n; i++) {
    char *path = rc < 0 ? NULL : join(dir, names[i]);
    free(names[i]);
    if (!path)
      continue;
    struct stat lst, st;
    if (lstat(path, &lst) == 0) {
      if (S_ISDIR(lst.st_mode)) {
        if (depth < 64) {
          int r = walk(path, s, count, depth + 1);
          if (r < 0 || (r > 0 && rc == 0))
            rc = r;
        }
      } else if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
                 is_output(s, &st)) {
        /* not a file (a socket, a dangling link), or the output */
      } else if (!walked_format(path)) {
        if (!count)
          s->skipped_files++;
      } else if (count) {
        count->files++;
        count->bytes += (uint64_t)st.st_size;
      } else {
        int r = read_file(path, format_of_name(path), s);
        if (r < 0 || (r > 0 && rc == 0))
          rc = r;
      }
    }
    free(path);
  }
  free(names);
  return rc;
}

int batch_input(const char *path, batch_sink *s) {
  if (strcmp(path, "-") == 0)
    return read_stream(stdin, "-", -1, s);
  struct stat st;
  if (stat(path, &st) != 0) {
    char msg[300];
    snprintf(msg, sizeof msg, "cannot read it: %s", strerror(errno));
    return submit_error(s, path, 0, path, PITH_ERR_IO, msg) < 0 ? -1 : 1;
  }
  if (S_ISDIR(st.st_mode))
    return walk(path, s, NULL, 0);
  return read_file(path, format_of_name(path), s);
}

void batch_count(const char *path, const batch_sink *sink, uint64_t *files,
                 uint64_t *bytes) {
  walk_count c = {0, 0};
  struct stat st;
  if (strcmp(path, "-") != 0 && stat(path, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      walk(path, (batch_sink *)sink, &c, 0);
    } else {
      c.files = 1;
      c.bytes = (uint64_t)st.st_size;
    }
  } else {
    c.files = 1;
  }
  *files += c.files;
  *bytes += c.bytes;
}
