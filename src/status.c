/* The status codes in words: a sentence for people (pith_strerror) and a
 * stable word for records (pith_status_kind). Every front end names its
 * errors through this one table, so a page over a limit is "limit" and a
 * failed allocation "nomem" wherever it shows up. */
#include <stdlib.h>

#include "pith.h"

static const struct {
  const char *kind;
  const char *text;
} statuses[] = {
    [PITH_OK] = {"ok", "ok"},
    [PITH_NO_ARTICLE] = {"no_article", "no article in this page"},
    [PITH_ERR_ARGUMENT] = {"argument", "invalid argument"},
    [PITH_ERR_NOMEM] = {"nomem", "out of memory"},
    [PITH_ERR_EMPTY] = {"empty", "empty input"},
    [PITH_ERR_NOT_HTML] = {"not_html", "not an HTML page (binary data)"},
    [PITH_ERR_TOO_LARGE] = {"too_large", "input too large"},
    [PITH_ERR_PARSE] = {"parse", "the HTML could not be parsed"},
    [PITH_ERR_ENCODING] = {"encoding",
                           "the input could not be converted to UTF-8"},
    [PITH_ERR_LIMIT] = {"limit", "a document limit was exceeded"},
    [PITH_ERR_IO] = {"io", "input/output error"},
    [PITH_END] = {"end", "no more records"},
    [PITH_ERR_WARC] = {"warc", "a damaged WARC record"},
    [PITH_ERR_HTTP] = {"http", "not a readable HTTP message"},
    [PITH_ERR_DECOMPRESS] = {"decompress",
                             "the compressed body could not be decoded"},
    [PITH_ERR_HTTP_STATUS] = {"http_status", "the HTTP status is not 2xx"},
    [PITH_ERR_JSON] = {"json", "not a JSON object with an \"html\" string"},
    [PITH_ERR_TIMEOUT] = {"timeout", "the request timed out"},
    [PITH_ERR_ROBOTS] = {"robots", "robots.txt disallows the URL"},
    [PITH_ERR_DNS] = {"dns", "the host name does not resolve"},
    [PITH_ERR_CONNECT] = {"connect", "the connection failed"},
    [PITH_ERR_TLS] = {"tls", "the TLS handshake or certificate failed"},
    [PITH_ERR_REDIRECTS] = {"redirects", "too many redirects, or a loop"},
    [PITH_ERR_BAD_URL] = {"bad_url", "not an http:// or https:// URL"},
    [PITH_ERR_NETWORK] = {"network", "a network error"},
    [PITH_ERR_PROXY] = {"proxy", "the proxy failed"},
    [PITH_ERR_INTERNAL] = {"internal", "an internal error"},
    [PITH_ERR_LANGUAGE] = {"language",
                           "the document is not in the target language"},
};

#define STATUS_COUNT (sizeof statuses / sizeof statuses[0])

const char *pith_strerror(pith_status status) {
  if ((unsigned)status >= STATUS_COUNT || !statuses[status].text)
    return "unknown status";
  return statuses[status].text;
}

const char *pith_status_kind(pith_status status) {
  if ((unsigned)status >= STATUS_COUNT || !statuses[status].kind)
    return "unknown";
  return statuses[status].kind;
}

void pith_free(void *memory) {
  free(memory);
}
