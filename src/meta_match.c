/* Comparing names and titles written two ways: case, punctuation and
 * curly quotes folded away, whole-word containment, a name that names
 * the host, a domain, a URL. Shared by the title and the author choice,
 * which both check one source against another. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "meta_stage.h"

/* Lower-case ASCII letters and digits of s[0..n) (other bytes kept), for
 * comparing "La Stampa" with lastampa.it. */
static size_t squash(const char *s, size_t n, char *out, size_t size) {
  size_t o = 0;
  for (size_t i = 0; i < n && o + 1 < size; i++) {
    unsigned char c = (unsigned char)s[i];
    if (pith_is_alpha(c) || pith_is_digit(c))
      out[o++] = (char)tolower(c);
    else if (c >= 0x80)
      out[o++] = (char)c;
  }
  out[o] = '\0';
  return o;
}

/* Whether a title part names the host: "Example" or "Example.com" for
 * example.com, "La Stampa" for lastampa.it. */
int pith_meta_names_host(const char *s, size_t n, const char *host) {
  if (!host || n > 200)
    return 0;
  char part[256], whole[256];
  size_t pn = squash(s, n, part, sizeof part);
  size_t wn = squash(host, strlen(host), whole, sizeof whole);
  if (pn < 3 || wn < 3)
    return 0;
  if (strstr(part, whole) && pith_text_count_words(s, n) <= 3)
    return 1;
  /* Each label but the last (the TLD): "lastampa" of lastampa.it. */
  const char *label = host;
  for (const char *dot = strchr(label, '.'); dot;
       label = dot + 1, dot = strchr(label, '.')) {
    size_t ln = squash(label, (size_t)(dot - label), whole, sizeof whole);
    if (ln >= 3 && ln == pn && memcmp(part, whole, ln) == 0)
      return 1;
  }
  return 0;
}

/* Punctuation outside ASCII that titles spell in different ways (curly
 * quotes, dashes, guillemets, bullets, no-break space). */
static size_t punct_len(const unsigned char *p) {
  static const char *const marks[] = {"‘", "’", "“", "”", "„", "‚", "–",
                                      "—", "…", "«", "»", "·", "•", "\xC2\xA0"};
  for (size_t k = 0; k < sizeof marks / sizeof *marks; k++) {
    size_t n = strlen(marks[k]);
    if (strncmp((const char *)p, marks[k], n) == 0)
      return n;
  }
  return 0;
}

/* s with ASCII letters lower-cased and every run of punctuation and space
 * made one space, for comparing the same title written two ways. */
size_t pith_meta_fold_title(const char *s, char *out, size_t size) {
  size_t o = 0;
  int space = 1;
  const unsigned char *p = (const unsigned char *)s;
  while (*p && o + 2 < size) {
    size_t pl = *p >= 0x80 ? punct_len(p) : 0;
    if (pl || (*p < 0x80 && !pith_is_alpha(*p) && !pith_is_digit(*p))) {
      if (!space)
        out[o++] = ' ';
      space = 1;
      p += pl ? pl : 1;
      continue;
    }
    out[o++] = (char)tolower(*p++);
    space = 0;
  }
  while (o && out[o - 1] == ' ')
    o--;
  out[o] = '\0';
  return o;
}

/* Whether the folded needle is in the folded hay as whole words. */
int pith_meta_has_words(const char *hay, const char *needle, size_t nn) {
  for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) {
    if ((p == hay || p[-1] == ' ') && (p[nn] == '\0' || p[nn] == ' '))
      return 1;
  }
  return 0;
}

/* A single token that reads as a domain: "example.com", "Teachers.Net". */
int pith_meta_looks_like_domain(const char *s) {
  if (strchr(s, ' '))
    return 0;
  const char *dot = strrchr(s, '.');
  if (!dot || dot == s)
    return 0;
  size_t letters = 0, inner_upper = 0;
  for (const char *p = dot + 1; *p; p++) {
    if (!pith_is_alpha((unsigned char)*p))
      return 0;
    letters++;
    inner_upper += p > dot + 1 && *p >= 'A' && *p <= 'Z';
  }
  /* ".com", ".Net", ".DE"; not "Isabella.DiBiase", a user name. */
  return letters >= 2 && (inner_upper == 0 || inner_upper == letters - 1);
}

int pith_meta_is_http_url(const char *u) {
  return u && (strncasecmp(u, "http://", 7) == 0 ||
               strncasecmp(u, "https://", 8) == 0);
}
