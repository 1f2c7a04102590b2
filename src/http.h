/* The HTTP response parser's inside (the API is pith_http_response_* in
 * pith.h): the parsed fields as a struct and the detailed status, for the
 * unit tests and the fuzz targets. The decoded body is capped, so a
 * compression bomb stops early. */
#ifndef PITH_HTTP_H
#define PITH_HTTP_H

#include <stddef.h>

#include "pith.h"

typedef enum http_status {
  HTTP_OK = 0,
  HTTP_ERR_FORMAT,    /* not an HTTP response (no status line or headers) */
  HTTP_ERR_ENCODING,  /* a Content-Encoding pith cannot undo */
  HTTP_ERR_DECODE,    /* the compressed body is damaged */
  HTTP_ERR_TOO_LARGE, /* the decoded body is over the cap */
  HTTP_ERR_NOMEM,
} http_status;

typedef struct http_response {
  int status_code;        /* e.g. 200 */
  char *content_type;     /* the Content-Type header, or NULL */
  char *content_encoding; /* the Content-Encoding header, or NULL */
  int chunked;            /* Transfer-Encoding: chunked was undone */
  char *body;             /* decoded, NUL-terminated */
  size_t body_len;
} http_response;

/* Parses `len` bytes of `msg`. The decoded body may hold at most max_body
 * bytes. On an error, err (err_size bytes, may be NULL) gets a message.
 * The response is filled as far as it got either way; release it with
 * pith_http_response_clear(). Lenient where real archives are: LF line ends,
 * "HTTP/2" status lines, a body cut short (the part there is decoded), a
 * chunked or compressed header over a body that is already plain HTML. */
http_status pith_http_parse_into(const char *msg, size_t len, size_t max_body,
                                 http_response *res, char *err,
                                 size_t err_size);

void pith_http_response_clear(http_response *res);

#endif
