/* What the subcommands share: reading the input (gzip or not), reporting
 * the outcome, the exit code, and noticing that the output could not be
 * written. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <zlib.h>

#include "cli.h"
#include "pith.h"

/* Reads a whole file ("-" for standard input), up to `max` bytes (one
 * more byte is read to tell a larger file). Returns 0, or -1 with errno
 * set (EFBIG when larger than max). */
static int read_file(const char *path, size_t max, char **data, size_t *len) {
  FILE *f = stdin;
  if (strcmp(path, "-") != 0) {
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
      errno = EISDIR;
      return -1;
    }
    f = fopen(path, "rb");
    if (!f)
      return -1;
  }
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap + 1);
  int err = buf ? 0 : ENOMEM;
  while (!err) {
    if (n == cap) {
      char *p = cap > max ? NULL : realloc(buf, cap * 2 + 1);
      if (!p) {
        err = cap > max ? EFBIG : ENOMEM;
        break;
      }
      buf = p;
      cap *= 2;
    }
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0) {
      if (ferror(f))
        err = errno ? errno : EIO;
      break;
    }
  }
  if (f != stdin)
    fclose(f);
  if (!err && n > max)
    err = EFBIG;
  if (err) {
    free(buf);
    errno = err;
    return -1;
  }
  buf[n] = '\0';
  *data = buf;
  *len = n;
  return 0;
}

/* Unpacks gzip data (any number of members), keeping at most max bytes.
 * Returns 0, or -1 with errno: EFBIG over max, EILSEQ damaged, ENOMEM. */
static int gunzip(const char *in, size_t in_len, size_t max, char **data,
                  size_t *len) {
  if (in_len > UINT_MAX) {
    errno = EFBIG;
    return -1;
  }
  z_stream zs;
  memset(&zs, 0, sizeof zs);
  if (inflateInit2(&zs, 15 + 16) != Z_OK) {
    errno = ENOMEM;
    return -1;
  }
  size_t cap = in_len * 4 + 4096, n = 0;
  if (cap > max)
    cap = max + 1; /* one more byte tells a larger page */
  char *out = malloc(cap + 1);
  int err = out ? 0 : ENOMEM;
  zs.next_in = (Bytef *)(uintptr_t)in;
  zs.avail_in = (uInt)in_len;
  while (!err) {
    if (n == cap) {
      size_t ncap = cap * 2;
      char *p = cap > max ? NULL : realloc(out, ncap + 1);
      if (!p) {
        err = cap > max ? EFBIG : ENOMEM;
        break;
      }
      out = p;
      cap = ncap;
    }
    zs.next_out = (Bytef *)out + n;
    zs.avail_out = (uInt)(cap - n);
    int rc = inflate(&zs, Z_NO_FLUSH);
    n = cap - zs.avail_out;
    if (rc == Z_STREAM_END) {
      /* Another member may follow (cat a.gz b.gz). */
      if (zs.avail_in < 2 || zs.next_in[0] != 0x1f || zs.next_in[1] != 0x8b)
        break;
      inflateReset(&zs);
    } else if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
      err = EILSEQ; /* cut short */
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      err = rc == Z_MEM_ERROR ? ENOMEM : EILSEQ;
    }
  }
  inflateEnd(&zs);
  if (!err && n > max)
    err = EFBIG;
  if (err) {
    free(out);
    errno = err;
    return -1;
  }
  out[n] = '\0';
  *data = out;
  *len = n;
  return 0;
}

int cli_load(const char *file, const char *name, size_t max, char **data,
             size_t *len) {
  int failed = read_file(file, max, data, len);
  if (!failed && *len >= 2 && (unsigned char)(*data)[0] == 0x1f &&
      (unsigned char)(*data)[1] == 0x8b) {
    char *packed = *data;
    failed = gunzip(packed, *len, max, data, len);
    free(packed);
  }
  if (!failed)
    return 0;
  int e = errno;
  if (e == EFBIG) {
    fprintf(stderr,
            "pith: %s: larger than %zu bytes, the input limit (raise it "
            "with --max-bytes)\n",
            name, max);
    return EXIT_REJECTED;
  }
  if (e == EILSEQ) {
    fprintf(stderr, "pith: %s: the gzip data is damaged\n", name);
    return EXIT_REJECTED;
  }
  fprintf(stderr, "pith: %s: %s\n", name, strerror(e));
  return e == ENOMEM ? EXIT_INTERNAL : EXIT_UNREADABLE;
}

int cli_exit_for(pith_status st) {
  switch (st) {
  case PITH_OK:
    return EXIT_ARTICLE;
  case PITH_NO_ARTICLE:
    return EXIT_NO_ARTICLE;
  case PITH_ERR_ARGUMENT:
    return EXIT_USAGE;
  case PITH_ERR_NOMEM:
  case PITH_ERR_INTERNAL:
    return EXIT_INTERNAL;
  case PITH_ERR_EMPTY:
  case PITH_ERR_NOT_HTML:
  case PITH_ERR_TOO_LARGE:
  case PITH_ERR_PARSE:
  case PITH_ERR_ENCODING:
  case PITH_ERR_LIMIT:
  case PITH_ERR_WARC:
  case PITH_ERR_HTTP:
  case PITH_ERR_DECOMPRESS:
  case PITH_ERR_JSON:
    return EXIT_REJECTED;
  case PITH_ERR_LANGUAGE:
    return EXIT_LANGUAGE;
  default: /* the input could not be read or fetched */
    return EXIT_UNREADABLE;
  }
}

int cli_report(pith_status st, const pith_result *result, const char *name) {
  for (size_t i = 0; i < pith_result_warning_count(result); i++)
    fprintf(stderr, "pith: %s: warning: %s\n", name,
            pith_result_warning(result, i));
  if (st == PITH_OK)
    return EXIT_ARTICLE;
  fprintf(stderr, "pith: %s: %s\n", name,
          result ? pith_result_message(result) : pith_strerror(st));
  return cli_exit_for(st);
}

int cli_flush(int code) {
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "pith: standard output: %s\n",
            strerror(errno ? errno : EIO));
    return EXIT_OUTPUT;
  }
  return code;
}

void cli_warn(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("pith: warning: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}
