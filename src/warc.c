/* Streaming WARC reader. Bytes flow source -> `in` (raw, maybe gzip) ->
 * zlib -> `buf` (the WARC text). Gzip members are inflated one at a time
 * and the reader stops at each member's end, so a record that began at a
 * member start and whose Content-Length runs into the next member (which
 * starts with "WARC/") is caught as a lying length instead of swallowing
 * the records after it. Never more than one header block plus one input
 * chunk is held; payloads are streamed to the caller or dropped. */
#include "warc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#define RAW_CHUNK ((size_t)64 * 1024)
#define BUF_CAP (PITH_WARC_MAX_HEADER_BYTES + (size_t)64 * 1024)
/* Content-Length values above this are refused as nonsense. */
#define MAX_CONTENT_LENGTH ((uint64_t)1 << 50)

enum mode { MODE_UNKNOWN, MODE_PLAIN, MODE_GZIP };

struct pith_warc_reader {
  pith_read_fn read;
  void *ctx;
  unsigned char in[RAW_CHUNK];
  size_t in_pos, in_len;
  uint64_t raw_total; /* bytes pulled from the source */
  int raw_eof;
  enum mode mode;
  z_stream zs;
  int z_ready;
  int member_open;           /* inside a gzip member */
  int gzip_cut;              /* the source ended inside a member */
  uint64_t member_raw_start; /* compressed offset of the current member */
  uint64_t member_dec_start; /* decompressed offset where it begins */
  unsigned char *buf;
  size_t pos, len;
  uint64_t base;      /* stream offset of buf[0] */
  int newline_before; /* the byte before buf[0] was a '\n' */
  /* the current record */
  char *hdr;
  int in_record;
  int payload_taken;
  uint64_t remaining;
  uint64_t content_length;
  uint64_t rec_offset;
  int rec_at_member;
  /* errors */
  warc_status status;   /* sticky WARC_END or a fatal error */
  warc_status problem;  /* what the last call met */
  warc_status fill_err; /* why fill() failed */
  int gz_scan;          /* look for the next gzip member (damaged data) */
  int gz_recovering;    /* until a record header reads well again */
  int need_resync;
  char err[320];
  uint64_t err_off;
};

static long file_read(void *ctx, void *buf, size_t len) {
  FILE *f = ctx;
  size_t n = fread(buf, 1, len, f);
  if (n == 0 && ferror(f))
    return -1;
  return (long)n;
}

warc_reader *pith_warc_reader_new(pith_read_fn read, void *ctx) {
  warc_reader *r = calloc(1, sizeof *r);
  if (!r)
    return NULL;
  r->buf = malloc(BUF_CAP + 1);
  if (!r->buf) {
    free(r);
    return NULL;
  }
  r->read = read;
  r->ctx = ctx;
  return r;
}

warc_reader *pith_warc_reader_new_file(FILE *f) {
  return pith_warc_reader_new(file_read, f);
}

void pith_warc_reader_free(warc_reader *r) {
  if (!r)
    return;
  if (r->z_ready)
    inflateEnd(&r->zs);
  free(r->hdr);
  free(r->buf);
  free(r);
}

warc_status pith_warc_problem(const warc_reader *r) {
  return r->problem;
}

const char *pith_warc_message(const warc_reader *r) {
  return r->err;
}

uint64_t pith_warc_error_offset(const warc_reader *r) {
  return r->err_off;
}

uint64_t pith_warc_bytes_read(const warc_reader *r) {
  return r->raw_total;
}

int pith_warc_is_gzip(const warc_reader *r) {
  return r->mode == MODE_GZIP;
}

__attribute__((format(printf, 4, 5))) static warc_status
fail(warc_reader *r, warc_status st, uint64_t off, const char *fmt, ...) {
  char what[200];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  snprintf(r->err, sizeof r->err, "at offset %llu: %s", (unsigned long long)off,
           what);
  r->err_off = off;
  return st;
}

/* Refills `in` when empty. Returns the bytes available, 0 at the end, -1 on
 * a read error. */
static long pull_raw(warc_reader *r) {
  if (r->in_pos < r->in_len)
    return (long)(r->in_len - r->in_pos);
  if (r->raw_eof)
    return 0;
  long n = r->read(r->ctx, r->in, sizeof r->in);
  if (n < 0)
    return -1;
  if (n == 0) {
    r->raw_eof = 1;
    return 0;
  }
  r->in_pos = 0;
  r->in_len = (size_t)n;
  r->raw_total += (uint64_t)n;
  return n;
}

/* Compressed offset of the next raw byte not yet consumed. */
static uint64_t raw_pos(const warc_reader *r) {
  return r->raw_total - (r->in_len - r->in_pos);
}

static void compact(warc_reader *r) {
  if (r->pos == 0)
    return;
  /* resync() asks whether a line starts at buf[0]. */
  r->newline_before = r->buf[r->pos - 1] == '\n';
  memmove(r->buf, r->buf + r->pos, r->len - r->pos);
  r->base += r->pos;
  r->len -= r->pos;
  r->pos = 0;
}

/* Whether the rest of the source is only NUL or white-space padding. */
static int only_padding_left(warc_reader *r) {
  for (;;) {
    long n = pull_raw(r);
    if (n <= 0)
      return n == 0;
    for (size_t i = r->in_pos; i < r->in_len; i++) {
      unsigned char c = r->in[i];
      if (c != 0 && c != '\n' && c != '\r' && c != ' ' && c != '\t')
        return 0;
    }
    r->in_pos = r->in_len;
  }
}

/* Moves the raw input to the next gzip magic (1f 8b 08) after a damaged
 * member. 1 when found, 0 at the end, -1 on a read error. */
static int scan_member(warc_reader *r) {
  for (;;) {
    size_t avail = r->in_len - r->in_pos;
    if (avail >= 3) {
      unsigned char *p = memchr(r->in + r->in_pos, 0x1f, avail - 2);
      if (!p) {
        r->in_pos = r->in_len - 2;
        continue;
      }
      r->in_pos = (size_t)(p - r->in);
      if (p[1] == 0x8b && p[2] == 0x08)
        return 1;
      r->in_pos++;
      continue;
    }
    memmove(r->in, r->in + r->in_pos, avail);
    r->in_pos = 0;
    r->in_len = avail;
    long n =
        r->raw_eof ? 0 : r->read(r->ctx, r->in + avail, sizeof r->in - avail);
    if (n < 0) {
      r->status = r->fill_err =
          fail(r, WARC_ERR_IO, raw_pos(r), "reading failed");
      return -1;
    }
    if (n == 0) {
      r->raw_eof = 1;
      r->in_pos = r->in_len;
      return 0;
    }
    r->in_len += (size_t)n;
    r->raw_total += (uint64_t)n;
  }
}

/* Appends decompressed bytes to buf. With cross == 0 it stops at the end of
 * the current gzip member. Returns the bytes added, 0 at the end (of the
 * data, or of the member), -1 on an error (r->err set). */
static long fill(warc_reader *r, int cross) {
  compact(r);
  if (r->len >= BUF_CAP)
    return 0;
  if (r->mode == MODE_UNKNOWN) {
    long n = pull_raw(r);
    while (n == 1 && !r->raw_eof) { /* two bytes tell gzip */
      long more = r->read(r->ctx, r->in + r->in_len, 1);
      if (more <= 0)
        break;
      r->in_len++;
      r->raw_total++;
      n++;
    }
    if (n < 0) {
      r->status = r->fill_err = fail(r, WARC_ERR_IO, 0, "reading failed");
      return -1;
    }
    r->mode = (n >= 2 && r->in[0] == 0x1f && r->in[1] == 0x8b) ? MODE_GZIP
                                                               : MODE_PLAIN;
  }
  if (r->mode == MODE_PLAIN) {
    if (r->in_pos == r->in_len) {
      if (r->raw_eof)
        return 0;
      long n = r->read(r->ctx, r->buf + r->len, BUF_CAP - r->len);
      if (n < 0) {
        r->status = r->fill_err =
            fail(r, WARC_ERR_IO, r->base + r->len, "reading failed");
        return -1;
      }
      if (n == 0)
        r->raw_eof = 1;
      r->raw_total += (uint64_t)n;
      r->len += (size_t)n;
      return n;
    }
    size_t n = r->in_len - r->in_pos;
    if (n > BUF_CAP - r->len)
      n = BUF_CAP - r->len;
    memcpy(r->buf + r->len, r->in + r->in_pos, n);
    r->in_pos += n;
    r->len += n;
    return (long)n;
  }
  for (;;) {
    if (!r->member_open) {
      if (!cross && r->z_ready)
        return 0;
      long n = pull_raw(r);
      if (n < 0) {
        r->status = r->fill_err =
            fail(r, WARC_ERR_IO, raw_pos(r), "reading failed");
        return -1;
      }
      if (n == 0)
        return 0;
      if (r->in[r->in_pos] != 0x1f) {
        uint64_t at = raw_pos(r);
        if (!r->gz_recovering && only_padding_left(r))
          return 0;
        if (!r->gz_recovering) {
          r->gz_recovering = r->gz_scan = 1;
          r->fill_err = fail(r, WARC_ERR_GZIP, at,
                             "bytes after a gzip member are not gzip data: "
                             "the file is damaged here");
          return -1;
        }
        int found = scan_member(r);
        if (found <= 0)
          return found;
        continue;
      }
      if (!r->z_ready) {
        memset(&r->zs, 0, sizeof r->zs);
        if (inflateInit2(&r->zs, 15 + 32) != Z_OK) {
          r->status = r->fill_err =
              fail(r, WARC_ERR_NOMEM, raw_pos(r), "out of memory");
          return -1;
        }
        r->z_ready = 1;
      } else {
        inflateReset(&r->zs);
      }
      r->member_open = 1;
      r->member_raw_start = raw_pos(r);
      r->member_dec_start = r->base + r->len;
    }
    if (r->in_pos == r->in_len) {
      long n = pull_raw(r);
      if (n < 0) {
        r->status = r->fill_err =
            fail(r, WARC_ERR_IO, raw_pos(r), "reading failed");
        return -1;
      }
      if (n == 0) {
        r->gzip_cut = 1;
        r->member_open = 0;
        return 0;
      }
    }
    r->zs.next_in = r->in + r->in_pos;
    r->zs.avail_in = (uInt)(r->in_len - r->in_pos);
    r->zs.next_out = r->buf + r->len;
    r->zs.avail_out = (uInt)(BUF_CAP - r->len);
    int ret = inflate(&r->zs, Z_NO_FLUSH);
    size_t produced = (BUF_CAP - r->len) - r->zs.avail_out;
    r->in_pos = r->in_len - r->zs.avail_in;
    r->len += produced;
    if (ret == Z_STREAM_END) {
      r->member_open = 0;
      if (produced)
        return (long)produced;
      continue;
    }
    if (ret != Z_OK && ret != Z_BUF_ERROR) {
      r->member_open = 0;
      if (!r->gz_recovering) {
        r->gz_recovering = r->gz_scan = 1;
        r->fill_err = fail(r, WARC_ERR_GZIP, r->member_raw_start,
                           "the gzip member starting here is damaged");
        return -1;
      }
      int found = scan_member(r); /* quietly, until a member reads well */
      if (found <= 0)
        return found;
      continue;
    }
    if (produced)
      return (long)produced;
  }
}

/* Makes at least `need` bytes available at pos if the data has them.
 * Returns 1 when they are, 0 when the data ends first, -1 on an error. */
static int want(warc_reader *r, size_t need, int cross) {
  while (r->len - r->pos < need) {
    long n = fill(r, cross);
    if (n < 0)
      return -1;
    if (n == 0)
      return 0;
  }
  return 1;
}

/* Moves to the next line that starts with "WARC/1." (a record header). */
static int resync(warc_reader *r) {
  for (;;) {
    for (size_t i = r->pos; i + 7 <= r->len; i++) {
      int line_start =
          (i > 0 ? r->buf[i - 1] == '\n' : r->base == 0 || r->newline_before) ||
          (r->mode == MODE_GZIP && r->base + i == r->member_dec_start);
      if (line_start && memcmp(r->buf + i, "WARC/1.", 7) == 0) {
        r->pos = i;
        return 1;
      }
    }
    if (r->len - r->pos > 8)
      r->pos = r->len - 8;
    long n = fill(r, 1);
    if (n < 0)
      return -1;
    if (n == 0) {
      r->pos = r->len;
      return 0;
    }
  }
}

/* Consumes up to `remaining` payload bytes, copying the first ones into
 * dst (up to dst_cap). Checks the blank line after the payload. */
static warc_status consume_payload(warc_reader *r, char *dst, size_t dst_cap,
                                   size_t *dst_len) {
  size_t kept = 0;
  while (r->remaining > 0) {
    if (r->pos == r->len) {
      long n = fill(r, !r->rec_at_member);
      if (n < 0)
        return r->fill_err;
      if (n == 0 && r->rec_at_member && !r->gzip_cut) {
        /* The record's member ended early: a new member that starts a
         * WARC header means the Content-Length lies. */
        n = fill(r, 1);
        if (n < 0)
          return r->fill_err;
        if (n > 0 && want(r, 5, 0) >= 0 && r->len - r->pos >= 5 &&
            memcmp(r->buf + r->pos, "WARC/", 5) == 0) {
          r->in_record = 0;
          return fail(r, WARC_ERR_LENGTH, r->rec_offset,
                      "the record says Content-Length %llu but its gzip "
                      "member ends after %llu bytes of payload",
                      (unsigned long long)r->content_length,
                      (unsigned long long)(r->content_length - r->remaining));
        }
        if (n > 0)
          r->rec_at_member = 0; /* a record spread over members */
      }
      if (n == 0) {
        r->in_record = 0;
        r->status = WARC_END;
        return fail(r, WARC_ERR_TRUNCATED, r->rec_offset,
                    "the file ends inside this record, after %llu of its "
                    "%llu payload bytes",
                    (unsigned long long)(r->content_length - r->remaining),
                    (unsigned long long)r->content_length);
      }
    }
    size_t take = r->len - r->pos;
    if ((uint64_t)take > r->remaining)
      take = (size_t)r->remaining;
    if (dst && kept < dst_cap) {
      size_t c = take < dst_cap - kept ? take : dst_cap - kept;
      memcpy(dst + kept, r->buf + r->pos, c);
      kept += c;
    }
    r->pos += take;
    r->remaining -= take;
  }
  if (dst_len)
    *dst_len = kept;
  r->in_record = 0;
  /* The record ends with CRLF CRLF (LF LF accepted). */
  int got = want(r, 4, !r->rec_at_member);
  if (got < 0)
    return r->fill_err;
  size_t avail = r->len - r->pos, i = 0;
  while (i < avail && i < 4 &&
         (r->buf[r->pos + i] == '\r' || r->buf[r->pos + i] == '\n'))
    i++;
  int newlines = 0;
  for (size_t k = 0; k < i; k++)
    newlines += r->buf[r->pos + k] == '\n';
  if (avail == 0 || (i == avail && avail < 4) || newlines >= 2) {
    r->pos += i;
    return WARC_OK;
  }
  r->need_resync = 1;
  return fail(r, WARC_ERR_LENGTH, r->rec_offset,
              "no blank line after the %llu payload bytes the record "
              "declares: its Content-Length is wrong or it is damaged",
              (unsigned long long)r->content_length);
}

static int name_is(const char *a, const char *b) {
  for (; *a && *b; a++, b++) {
    char x = *a, y = *b;
    if (x >= 'A' && x <= 'Z')
      x = (char)(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z')
      y = (char)(y - 'A' + 'a');
    if (x != y)
      return 0;
  }
  return *a == *b;
}

static char *trim(char *s) {
  while (*s == ' ' || *s == '\t')
    s++;
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
    s[--n] = '\0';
  return s;
}

/* Parses the header block hdr (NUL-terminated, lines ended by LF). */
static warc_status parse_header(warc_reader *r, warc_record *rec) {
  char *line = r->hdr;
  char *nl = strchr(line, '\n');
  if (nl)
    *nl = '\0';
  rec->version = trim(line);
  if (strcmp(rec->version, "WARC/1.0") != 0 &&
      strcmp(rec->version, "WARC/1.1") != 0 &&
      strncmp(rec->version, "WARC/", 5) != 0)
    return fail(r, WARC_ERR_FORMAT, r->rec_offset, "not a WARC record header");
  int have_length = 0;
  char *last_value = NULL;
  for (line = nl ? nl + 1 : NULL; line && *line; line = nl ? nl + 1 : NULL) {
    nl = strchr(line, '\n');
    if (nl)
      *nl = '\0';
    if ((*line == ' ' || *line == '\t') && last_value)
      continue; /* folded continuation: the first line is enough */
    char *colon = strchr(line, ':');
    if (!colon)
      continue;
    *colon = '\0';
    char *name = trim(line);
    char *value = trim(colon + 1);
    last_value = value;
    if (name_is(name, "WARC-Type")) {
      for (char *p = value; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
          *p = (char)(*p - 'A' + 'a');
      rec->type = value;
    } else if (name_is(name, "WARC-Target-URI")) {
      /* WARC/1.0 examples wrap it in <...> */
      size_t n = strlen(value);
      if (n >= 2 && value[0] == '<' && value[n - 1] == '>') {
        value[n - 1] = '\0';
        value++;
      }
      rec->target_uri = value;
    } else if (name_is(name, "Content-Type")) {
      rec->content_type = value;
    } else if (name_is(name, "WARC-Record-ID")) {
      rec->record_id = value;
    } else if (name_is(name, "Content-Length")) {
      char *end = NULL;
      if (*value < '0' || *value > '9')
        return fail(r, WARC_ERR_FORMAT, r->rec_offset,
                    "Content-Length is not a number");
      unsigned long long v = strtoull(value, &end, 10);
      if (*end || v > MAX_CONTENT_LENGTH)
        return fail(r, WARC_ERR_FORMAT, r->rec_offset,
                    "Content-Length is not a sensible number");
      rec->content_length = v;
      have_length = 1;
    }
  }
  if (!have_length)
    return fail(r, WARC_ERR_FORMAT, r->rec_offset,
                "the record has no Content-Length");
  if (!rec->type)
    rec->type = "";
  return WARC_OK;
}

static warc_status warc_next(warc_reader *r, warc_record *rec) {
  memset(rec, 0, sizeof *rec);
  if (r->status != WARC_OK)
    return WARC_END; /* after an end or a fatal error */
  if (r->in_record) {
    warc_status st = consume_payload(r, NULL, 0, NULL);
    if (st != WARC_OK)
      return st;
  }
  if (r->gz_scan) {
    /* damaged gzip data: go on at the next member that reads well */
    r->gz_scan = 0;
    r->in_record = 0;
    r->pos = r->len;
    r->member_open = 0;
    r->need_resync = 1;
    int found = scan_member(r);
    if (found < 0)
      return r->fill_err;
    if (found == 0) {
      r->status = WARC_END;
      return WARC_END;
    }
  }
  if (r->need_resync) {
    r->need_resync = 0;
    int found = resync(r);
    if (found < 0)
      return r->fill_err;
    if (found == 0) {
      r->status = WARC_END;
      return WARC_END;
    }
  }
  /* Skip blank lines between records. */
  for (;;) {
    while (r->pos < r->len &&
           (r->buf[r->pos] == '\r' || r->buf[r->pos] == '\n'))
      r->pos++;
    if (r->pos < r->len)
      break;
    long n = fill(r, 1);
    if (n < 0)
      return r->fill_err;
    if (n == 0) {
      r->status = WARC_END;
      if (r->gzip_cut)
        return fail(r, WARC_ERR_TRUNCATED, raw_pos(r),
                    "the gzip data ends in the middle of a member");
      return WARC_END;
    }
  }
  uint64_t at = r->base + r->pos;
  r->rec_at_member = r->mode == MODE_GZIP && at == r->member_dec_start;
  r->rec_offset = r->rec_at_member ? r->member_raw_start : at;
  rec->offset = r->rec_offset;
  rec->offset_in_gzip_stream = r->mode == MODE_GZIP && !r->rec_at_member;
  int got = want(r, 5, 1);
  if (got < 0)
    return r->fill_err;
  if (r->len - r->pos < 5 || memcmp(r->buf + r->pos, "WARC/", 5) != 0) {
    r->need_resync = 1;
    r->pos++;
    return fail(r, WARC_ERR_FORMAT, r->rec_offset,
                "not a WARC record header (expected WARC/1.0 or WARC/1.1)");
  }
  /* Find the end of the header block: an empty line. */
  size_t scanned = 0, hdr_end = 0, body_start = 0;
  for (;;) {
    for (size_t i = r->pos + scanned; i < r->len; i++) {
      if (r->buf[i] != '\n')
        continue;
      size_t j = i + 1;
      if (j < r->len && r->buf[j] == '\r')
        j++;
      if (j < r->len && r->buf[j] == '\n') {
        hdr_end = i + 1;
        body_start = j + 1;
        break;
      }
    }
    if (body_start)
      break;
    scanned = r->len - r->pos >= 2 ? r->len - r->pos - 2 : 0;
    if (r->len - r->pos >= PITH_WARC_MAX_HEADER_BYTES) {
      r->need_resync = 1;
      r->pos++;
      return fail(r, WARC_ERR_FORMAT, r->rec_offset,
                  "no end of the record header in %llu bytes",
                  (unsigned long long)PITH_WARC_MAX_HEADER_BYTES);
    }
    long n = fill(r, 1);
    if (n < 0)
      return r->fill_err;
    if (n == 0) {
      r->status = WARC_END;
      return fail(r, WARC_ERR_TRUNCATED, r->rec_offset,
                  "the file ends inside a record header");
    }
  }
  free(r->hdr);
  size_t n = hdr_end - r->pos;
  r->hdr = malloc(n + 1);
  if (!r->hdr) {
    r->status = WARC_ERR_NOMEM;
    return fail(r, WARC_ERR_NOMEM, r->rec_offset, "out of memory");
  }
  memcpy(r->hdr, r->buf + r->pos, n);
  r->hdr[n] = '\0';
  r->pos = body_start;
  warc_status st = parse_header(r, rec);
  if (st != WARC_OK) {
    r->need_resync = 1;
    return st;
  }
  r->gz_recovering = 0;
  r->content_length = rec->content_length;
  r->remaining = rec->content_length;
  r->in_record = 1;
  r->payload_taken = 0;
  return WARC_OK;
}

static warc_status warc_read_payload(warc_reader *r, size_t max, char **data,
                                     size_t *len, int *cut) {
  *data = NULL;
  *len = 0;
  *cut = 0;
  if (!r->in_record || r->payload_taken) {
    char *empty = calloc(1, 1);
    if (!empty)
      return WARC_ERR_NOMEM;
    *data = empty;
    return WARC_OK;
  }
  r->payload_taken = 1;
  size_t cap =
      r->content_length < (uint64_t)max ? (size_t)r->content_length : max;
  char *dst = malloc(cap + 1);
  if (!dst) {
    r->status = WARC_ERR_NOMEM;
    return fail(r, WARC_ERR_NOMEM, r->rec_offset, "out of memory");
  }
  size_t got = 0;
  warc_status st = consume_payload(r, dst, cap, &got);
  if (st != WARC_OK) {
    free(dst);
    return st;
  }
  dst[got] = '\0';
  *data = dst;
  *len = got;
  *cut = r->content_length > (uint64_t)max;
  return WARC_OK;
}

/* The detail stays with the reader; callers see the status that decides
 * what they do next: go on (WARC), or stop (IO, NOMEM). */
static pith_status public_status(warc_reader *r, warc_status st) {
  r->problem = st;
  switch (st) {
  case WARC_OK:
    return PITH_OK;
  case WARC_END:
    return PITH_END;
  case WARC_ERR_IO:
    return PITH_ERR_IO;
  case WARC_ERR_NOMEM:
    return PITH_ERR_NOMEM;
  default:
    return PITH_ERR_WARC;
  }
}

pith_status pith_warc_next(warc_reader *r, warc_record *rec) {
  if (!r || !rec)
    return PITH_ERR_ARGUMENT;
  return public_status(r, warc_next(r, rec));
}

pith_status pith_warc_read_payload(warc_reader *r, size_t max, char **data,
                                   size_t *len, int *cut) {
  if (!r || !data || !len || !cut)
    return PITH_ERR_ARGUMENT;
  return public_status(r, warc_read_payload(r, max, data, len, cut));
}
