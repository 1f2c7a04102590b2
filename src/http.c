/* HTTP/1.x response parsing and body decoding for archived responses. */
#include "http.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <brotli/decode.h>
#include <zlib.h>
#include <zstd.h>

#define OUT_CHUNK ((size_t)64 * 1024)

__attribute__((format(printf, 3, 4))) static http_status
set_err(char *err, size_t size, const char *fmt, ...) {
  if (err && size) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, size, fmt, ap);
    va_end(ap);
  }
  return HTTP_ERR_FORMAT;
}

void pith_http_response_clear(http_response *res) {
  if (!res)
    return;
  free(res->content_type);
  free(res->content_encoding);
  free(res->body);
  memset(res, 0, sizeof *res);
}

static int lower(int c) {
  return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int name_eq(const char *a, size_t n, const char *b) {
  size_t m = strlen(b);
  if (n != m)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
      return 0;
  return 1;
}

static char *copy_trimmed(const char *s, size_t n) {
  while (n && (*s == ' ' || *s == '\t')) {
    s++;
    n--;
  }
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
    n--;
  char *out = malloc(n + 1);
  if (out) {
    memcpy(out, s, n);
    out[n] = '\0';
  }
  return out;
}

/* A growable output with a cap: returns -1 when out of memory, -2 when the
 * cap is passed. */
typedef struct outbuf {
  char *data;
  size_t len, cap, max;
} outbuf;

static int out_reserve(outbuf *o, size_t more) {
  if (o->len + more > o->max)
    more = o->max - o->len;
  if (o->len + more + 1 <= o->cap)
    return 0;
  size_t cap = o->cap ? o->cap : OUT_CHUNK;
  while (cap < o->len + more + 1)
    cap *= 2;
  if (cap > o->max + 1)
    cap = o->max + 1;
  char *p = realloc(o->data, cap);
  if (!p)
    return -1;
  o->data = p;
  o->cap = cap;
  return 0;
}

static int out_append(outbuf *o, const char *s, size_t n) {
  if (o->len + n > o->max)
    return -2;
  if (out_reserve(o, n) < 0)
    return -1;
  memcpy(o->data + o->len, s, n);
  o->len += n;
  o->data[o->len] = '\0';
  return 0;
}

/* Room for the decoders to write into: at least one byte unless full. */
static size_t out_room(outbuf *o) {
  if (o->len >= o->max)
    return 0;
  if (out_reserve(o, OUT_CHUNK) < 0)
    return 0;
  return o->cap - 1 - o->len;
}

/* Undoes chunked transfer coding. A body cut short keeps the chunks that
 * are there. Returns 0, -1 (NOMEM), -2 (cap), -3 (not chunked at all). */
static int dechunk(const char *s, size_t n, outbuf *o) {
  size_t i = 0;
  int chunks = 0;
  while (i < n) {
    size_t size = 0, digits = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
      i++;
    for (; i < n; i++) {
      int c = lower((unsigned char)s[i]), v;
      if (c >= '0' && c <= '9')
        v = c - '0';
      else if (c >= 'a' && c <= 'f')
        v = c - 'a' + 10;
      else
        break;
      if (size > ((size_t)-1 >> 5))
        return chunks ? 0 : -3;
      size = size * 16 + (size_t)v;
      digits++;
    }
    if (!digits)
      return chunks ? 0 : -3;
    /* chunk extensions, then the line end */
    while (i < n && s[i] != '\n')
      i++;
    if (i < n)
      i++;
    if (size == 0)
      return 0;
    chunks++;
    size_t take = size < n - i ? size : n - i;
    int rc = out_append(o, s + i, take);
    if (rc < 0)
      return rc;
    i += take;
    if (i < n && s[i] == '\r')
      i++;
    if (i < n && s[i] == '\n')
      i++;
  }
  return 0;
}

/* zlib: gzip (wbits 15+32, any of gzip and zlib) or raw deflate (-15).
 * Concatenated gzip members are all inflated. */
static int inflate_body(const char *s, size_t n, int wbits, outbuf *o) {
  z_stream zs;
  memset(&zs, 0, sizeof zs);
  if (inflateInit2(&zs, wbits) != Z_OK)
    return -1;
  zs.next_in = (Bytef *)(uintptr_t)s;
  size_t left = n;
  int rc = 0;
  for (;;) {
    if (zs.avail_in == 0 && left) {
      uInt take = left > (1u << 30) ? (1u << 30) : (uInt)left;
      zs.avail_in = take;
      left -= take;
    }
    size_t room = out_room(o);
    if (room == 0) {
      rc = o->len >= o->max ? -2 : -1;
      break;
    }
    zs.next_out = (Bytef *)(o->data + o->len);
    zs.avail_out = room > (1u << 30) ? (1u << 30) : (uInt)room;
    uInt before = zs.avail_out;
    int ret = inflate(&zs, Z_NO_FLUSH);
    o->len += before - zs.avail_out;
    o->data[o->len] = '\0';
    if (ret == Z_STREAM_END) {
      if (zs.avail_in == 0 && left == 0)
        break;
      if (wbits < 0 || *zs.next_in != 0x1f)
        break; /* trailing bytes after the stream: ignored */
      inflateReset(&zs);
      continue;
    }
    if (ret == Z_BUF_ERROR && zs.avail_in == 0 && left == 0)
      break; /* cut short: keep what came out */
    if (ret != Z_OK && ret != Z_BUF_ERROR) {
      rc = o->len ? 0 : -4;
      break;
    }
  }
  inflateEnd(&zs);
  return rc;
}

static int brotli_body(const char *s, size_t n, outbuf *o) {
  BrotliDecoderState *st = BrotliDecoderCreateInstance(NULL, NULL, NULL);
  if (!st)
    return -1;
  const uint8_t *next_in = (const uint8_t *)s;
  size_t avail_in = n;
  int rc = 0;
  for (;;) {
    size_t room = out_room(o);
    if (room == 0) {
      rc = o->len >= o->max ? -2 : -1;
      break;
    }
    uint8_t *next_out = (uint8_t *)(o->data + o->len);
    size_t avail_out = room;
    BrotliDecoderResult r = BrotliDecoderDecompressStream(
        st, &avail_in, &next_in, &avail_out, &next_out, NULL);
    o->len += room - avail_out;
    o->data[o->len] = '\0';
    if (r == BROTLI_DECODER_RESULT_SUCCESS)
      break;
    if (r == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT)
      continue;
    if (r == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT)
      break; /* cut short */
    rc = o->len ? 0 : -4;
    break;
  }
  BrotliDecoderDestroyInstance(st);
  return rc;
}

static int zstd_body(const char *s, size_t n, outbuf *o) {
  ZSTD_DCtx *dctx = ZSTD_createDCtx();
  if (!dctx)
    return -1;
  ZSTD_inBuffer in = {s, n, 0};
  int rc = 0;
  for (;;) {
    size_t room = out_room(o);
    if (room == 0) {
      rc = o->len >= o->max ? -2 : -1;
      break;
    }
    ZSTD_outBuffer out = {o->data + o->len, room, 0};
    size_t ret = ZSTD_decompressStream(dctx, &out, &in);
    o->len += out.pos;
    o->data[o->len] = '\0';
    if (ZSTD_isError(ret)) {
      rc = o->len ? 0 : -4;
      break;
    }
    if (in.pos == in.size && out.pos < room)
      break; /* all input used (complete, or cut short) */
  }
  ZSTD_freeDCtx(dctx);
  return rc;
}

/* Whether bytes already look like markup: the first non-space byte is '<'
 * (after a UTF-8 BOM). */
static int looks_like_markup(const char *s, size_t n) {
  size_t i = 0;
  if (n >= 3 && (unsigned char)s[0] == 0xef && (unsigned char)s[1] == 0xbb &&
      (unsigned char)s[2] == 0xbf)
    i = 3;
  while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
                   s[i] == '\n' || s[i] == '\f'))
    i++;
  return i < n && s[i] == '<';
}

static http_status map_rc(int rc, const char *what, size_t max, char *err,
                          size_t err_size) {
  if (rc == -1) {
    set_err(err, err_size, "out of memory while decoding the %s body", what);
    return HTTP_ERR_NOMEM;
  }
  if (rc == -2) {
    set_err(err, err_size, "the %s body decodes to more than %zu bytes", what,
            max);
    return HTTP_ERR_TOO_LARGE;
  }
  set_err(err, err_size, "the %s body is damaged and cannot be decoded", what);
  return HTTP_ERR_DECODE;
}

/* Undoes one content coding of `cur` into a new buffer. */
static http_status decode_one(const char *coding, size_t coding_len,
                              outbuf *cur, size_t max, char *err,
                              size_t err_size) {
  outbuf next = {NULL, 0, 0, max};
  int rc;
  const char *what;
  if (name_eq(coding, coding_len, "identity") || coding_len == 0)
    return HTTP_OK;
  if (name_eq(coding, coding_len, "gzip") ||
      name_eq(coding, coding_len, "x-gzip")) {
    what = "gzip";
    rc = inflate_body(cur->data, cur->len, 15 + 32, &next);
  } else if (name_eq(coding, coding_len, "deflate")) {
    what = "deflate";
    rc = inflate_body(cur->data, cur->len, 15, &next);
    if (rc == -4) {
      next.len = 0;
      rc = inflate_body(cur->data, cur->len, -15, &next);
    }
  } else if (name_eq(coding, coding_len, "br")) {
    what = "brotli";
    rc = brotli_body(cur->data, cur->len, &next);
  } else if (name_eq(coding, coding_len, "zstd")) {
    what = "zstd";
    rc = zstd_body(cur->data, cur->len, &next);
  } else {
    if (looks_like_markup(cur->data, cur->len))
      return HTTP_OK; /* archived already decoded */
    set_err(err, err_size, "Content-Encoding '%.*s' is not supported",
            (int)(coding_len > 40 ? 40 : coding_len), coding);
    return HTTP_ERR_ENCODING;
  }
  if (rc == -4 && looks_like_markup(cur->data, cur->len)) {
    free(next.data);
    return HTTP_OK; /* the archive kept the header but stored plain bytes */
  }
  if (rc < 0) {
    free(next.data);
    return map_rc(rc, what, max, err, err_size);
  }
  free(cur->data);
  *cur = next;
  if (!cur->data) {
    cur->data = calloc(1, 1);
    cur->cap = 1;
    if (!cur->data)
      return HTTP_ERR_NOMEM;
  }
  return HTTP_OK;
}

http_status pith_http_parse_into(const char *msg, size_t len, size_t max_body,
                                 http_response *res, char *err,
                                 size_t err_size) {
  memset(res, 0, sizeof *res);
  if (err && err_size)
    err[0] = '\0';
  if (len < 12 || memcmp(msg, "HTTP/", 5) != 0)
    return set_err(err, err_size,
                   "the record holds no HTTP response (no HTTP/ status line)");
  /* Status line: HTTP/x.y SP code [SP reason] */
  size_t i = 5;
  while (i < len && msg[i] != ' ' && msg[i] != '\n')
    i++;
  while (i < len && msg[i] == ' ')
    i++;
  int code = 0, digits = 0;
  while (i < len && msg[i] >= '0' && msg[i] <= '9' && digits < 4) {
    code = code * 10 + (msg[i] - '0');
    i++;
    digits++;
  }
  if (digits != 3)
    return set_err(err, err_size, "the HTTP status line has no status code");
  res->status_code = code;
  while (i < len && msg[i] != '\n')
    i++;
  i++;
  /* Headers up to an empty line. */
  size_t body = len;
  int ended = 0;
  const char *te = NULL;
  size_t te_len = 0;
  while (i < len) {
    size_t start = i;
    while (i < len && msg[i] != '\n')
      i++;
    size_t end = i;
    if (end > start && msg[end - 1] == '\r')
      end--;
    i = i < len ? i + 1 : len;
    if (end == start) {
      body = i;
      ended = 1;
      break;
    }
    const char *colon = memchr(msg + start, ':', end - start);
    if (!colon)
      continue;
    size_t nlen = (size_t)(colon - (msg + start));
    while (nlen && (msg[start + nlen - 1] == ' '))
      nlen--;
    const char *v = colon + 1;
    size_t vlen = (size_t)(msg + end - v);
    if (name_eq(msg + start, nlen, "Content-Type") && !res->content_type) {
      res->content_type = copy_trimmed(v, vlen);
      if (!res->content_type)
        return HTTP_ERR_NOMEM;
    } else if (name_eq(msg + start, nlen, "Content-Encoding") &&
               !res->content_encoding) {
      res->content_encoding = copy_trimmed(v, vlen);
      if (!res->content_encoding)
        return HTTP_ERR_NOMEM;
    } else if (name_eq(msg + start, nlen, "Transfer-Encoding")) {
      te = v;
      te_len = vlen;
    }
  }
  if (!ended)
    body = len; /* headers only, or cut inside them: an empty body */

  outbuf cur = {NULL, 0, 0, max_body};
  size_t raw_len = len - body;
  int is_chunked = 0;
  for (size_t k = 0; te && k + 7 <= te_len; k++)
    if (name_eq(te + k, 7, "chunked"))
      is_chunked = 1;
  if (is_chunked && !looks_like_markup(msg + body, raw_len)) {
    int rc = dechunk(msg + body, raw_len, &cur);
    if (rc == -3) {
      cur.len = 0; /* header says chunked, body is not: take it as is */
    } else if (rc < 0) {
      free(cur.data);
      return map_rc(rc, "chunked", max_body, err, err_size);
    } else {
      res->chunked = 1;
    }
  }
  if (!res->chunked) {
    int rc = out_append(&cur, msg + body, raw_len);
    if (rc < 0) {
      free(cur.data);
      return map_rc(rc, "HTTP", max_body, err, err_size);
    }
  }
  if (!cur.data) {
    cur.data = calloc(1, 1);
    if (!cur.data)
      return HTTP_ERR_NOMEM;
    cur.cap = 1;
  }
  /* Content codings were applied in order; undo them from the last. */
  if (res->content_encoding) {
    const char *ce = res->content_encoding;
    size_t n = strlen(ce);
    while (n > 0) {
      size_t e = n;
      while (n > 0 && ce[n - 1] != ',')
        n--;
      size_t s = n;
      while (s < e && (ce[s] == ' ' || ce[s] == '\t'))
        s++;
      size_t t = e;
      while (t > s && (ce[t - 1] == ' ' || ce[t - 1] == '\t'))
        t--;
      http_status st = decode_one(ce + s, t - s, &cur, max_body, err, err_size);
      if (st != HTTP_OK) {
        free(cur.data);
        return st;
      }
      if (n > 0)
        n--; /* the comma */
    }
  }
  res->body = cur.data;
  res->body_len = cur.len;
  return HTTP_OK;
}

int pith_content_type_is_html(const char *ct) {
  if (!ct)
    return -1;
  while (*ct == ' ' || *ct == '\t')
    ct++;
  size_t n = strcspn(ct, "; \t");
  if (n == 0)
    return -1;
  if (name_eq(ct, n, "application/octet-stream") || name_eq(ct, n, "unknown") ||
      name_eq(ct, n, "unknown/unknown"))
    return -1;
  return name_eq(ct, n, "text/html") ||
         name_eq(ct, n, "application/xhtml+xml") ||
         name_eq(ct, n, "application/vnd.wap.xhtml+xml");
}

/* ---- the public face: an opaque response that keeps its message -------- */

struct pith_http_response {
  http_response parsed;
  char message[256];
};

static pith_status public_status(http_status st) {
  switch (st) {
  case HTTP_OK:
    return PITH_OK;
  case HTTP_ERR_FORMAT:
    return PITH_ERR_HTTP;
  case HTTP_ERR_TOO_LARGE:
    return PITH_ERR_TOO_LARGE;
  case HTTP_ERR_NOMEM:
    return PITH_ERR_NOMEM;
  default:
    return PITH_ERR_DECOMPRESS;
  }
}

pith_status pith_http_response_parse(const char *message, size_t len,
                                     size_t max_body,
                                     pith_http_response **response) {
  if (!response)
    return PITH_ERR_ARGUMENT;
  *response = NULL;
  if (!message && len)
    return PITH_ERR_ARGUMENT;
  pith_http_response *r = calloc(1, sizeof *r);
  if (!r)
    return PITH_ERR_NOMEM;
  pith_status st = public_status(
      pith_http_parse_into(message ? message : "", len, max_body, &r->parsed,
                           r->message, sizeof r->message));
  if (st != PITH_OK && !r->message[0])
    snprintf(r->message, sizeof r->message, "%s", pith_strerror(st));
  *response = r;
  return st;
}

int pith_http_response_code(const pith_http_response *r) {
  return r ? r->parsed.status_code : 0;
}

const char *pith_http_response_content_type(const pith_http_response *r) {
  return r ? r->parsed.content_type : NULL;
}

const char *pith_http_response_body(const pith_http_response *r, size_t *len) {
  if (len)
    *len = r && r->parsed.body ? r->parsed.body_len : 0;
  return r && r->parsed.body ? r->parsed.body : "";
}

const char *pith_http_response_message(const pith_http_response *r) {
  return r ? r->message : "";
}

void pith_http_response_free(pith_http_response *r) {
  if (!r)
    return;
  pith_http_response_clear(&r->parsed);
  free(r);
}
