/* An HTTP/1.x response message held in memory (the payload of a WARC
 * response record): status line, headers, and the body with its transfer
 * coding (chunked) and content codings (gzip, deflate, br, zstd) undone.
 * The decoded body is capped, so a compression bomb stops early. */
#ifndef PITH_HTTP_H
#define PITH_HTTP_H

#include <stddef.h>

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
 * pith_http_response_free(). Lenient where real archives are: LF line ends,
 * "HTTP/2" status lines, a body cut short (the part there is decoded), a
 * chunked or compressed header over a body that is already plain HTML. */
http_status pith_http_parse_response(const char *msg, size_t len,
                                     size_t max_body, http_response *res,
                                     char *err, size_t err_size);

void pith_http_response_free(http_response *res);

/* Whether a Content-Type names an HTML (or XHTML) document. NULL, empty and
 * application/octet-stream count as unknown: -1. 1 for HTML, 0 else. */
int pith_http_content_type_is_html(const char *content_type);

#endif
