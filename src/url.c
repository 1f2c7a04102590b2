/* URL resolution with libcurl's URL API: no hand-written URL parsing. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "internal.h"

char *pith_url_resolve(const char *base, const char *ref) {
  if (!ref || !*ref)
    return NULL;
  if (ref[0] == '#' && base && *base) {
    /* libcurl resolves "#x" against the base's directory; a fragment
     * belongs to the base document itself. */
    size_t n = strcspn(base, "#");
    size_t m = strlen(ref);
    char *out = malloc(n + m + 1);
    if (!out) {
      pith_nomem_note();
      return NULL;
    }
    memcpy(out, base, n);
    memcpy(out + n, ref, m + 1);
    return out;
  }
  CURLU *u = curl_url();
  if (!u)
    return NULL;
  char *result = NULL;
  int ok = 1;
  if (base && *base)
    ok = curl_url_set(u, CURLUPART_URL, base, CURLU_NON_SUPPORT_SCHEME) ==
         CURLUE_OK;
  if (ok) {
    /* With a base set, curl resolves ref relative to it. */
    ok = curl_url_set(u, CURLUPART_URL, ref, CURLU_NON_SUPPORT_SCHEME) ==
         CURLUE_OK;
  }
  char *full = NULL;
  if (ok && curl_url_get(u, CURLUPART_URL, &full, 0) == CURLUE_OK) {
    result = pith_strdup(full);
    curl_free(full);
  }
  curl_url_cleanup(u);
  return result;
}

char *pith_url_hostname(const char *url) {
  if (!url || !*url)
    return NULL;
  CURLU *u = curl_url();
  if (!u)
    return NULL;
  char *host = NULL, *result = NULL;
  if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) ==
          CURLUE_OK &&
      curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK && host) {
    const char *h = host;
    /* libcurl decodes %XX in the host: bytes that are not UTF-8 would make
     * the JSON output invalid, and name no real host anyway */
    if (!pith_utf8_valid(h, strlen(h)))
      h = NULL;
    else if (strncasecmp(h, "www.", 4) == 0)
      h += 4;
    result = h ? pith_strdup(h) : NULL;
    if (result)
      for (char *p = result; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    curl_free(host);
  }
  curl_url_cleanup(u);
  return result;
}
