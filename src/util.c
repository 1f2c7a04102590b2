/* Small string helpers shared by the stages. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

static _Thread_local int nomem_noted;

void pith_nomem_note(void) {
  nomem_noted = 1;
}

int pith_nomem_take(void) {
  int noted = nomem_noted;
  nomem_noted = 0;
  return noted;
}

char *pith_strndup(const char *s, size_t n) {
  char *p = malloc(n + 1);
  if (!p) {
    pith_nomem_note();
    return NULL;
  }
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *pith_strdup(const char *s) {
  return pith_strndup(s, strlen(s));
}

/* Length in bytes of a Unicode space at s (ASCII white space, U+00A0, U+2000-
 * U+200B, U+202F, U+205F, U+3000, U+FEFF), or 0. */
static size_t space_len(const unsigned char *s, size_t n) {
  if (n >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r' ||
                 s[0] == '\f' || s[0] == '\v'))
    return 1;
  if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
    return 2;
  if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] <= 0x8B || s[2] == 0xAF))
    return 3;
  if (n >= 3 && s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F)
    return 3;
  if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
    return 3;
  if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
    return 3;
  return 0;
}

char *pith_text_normalize_space(const char *s, size_t n) {
  char *out = malloc(n + 1);
  if (!out) {
    pith_nomem_note();
    return NULL;
  }
  size_t o = 0, i = 0;
  int pending_space = 0;
  const unsigned char *u = (const unsigned char *)s;
  while (i < n) {
    /* printable ASCII is most text: copy it without the space tests */
    if (u[i] > ' ' && u[i] < 0x80) {
      if (pending_space && o > 0)
        out[o++] = ' ';
      pending_space = 0;
      do
        out[o++] = s[i++];
      while (i < n && u[i] > ' ' && u[i] < 0x80);
      continue;
    }
    size_t sl = space_len(u + i, n - i);
    if (sl) {
      pending_space = 1;
      i += sl;
      continue;
    }
    if (pending_space && o > 0)
      out[o++] = ' ';
    pending_space = 0;
    out[o++] = s[i++];
  }
  out[o] = '\0';
  return out;
}

size_t pith_utf8_length(const char *s, size_t n) {
  size_t count = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80)
      count++;
  return count;
}

const char *pith_ascii_strcasestr(const char *hay, const char *needle) {
  size_t n = strlen(needle);
  if (!n)
    return hay;
  for (; *hay; hay++) {
    if (tolower((unsigned char)*hay) == tolower((unsigned char)*needle) &&
        strncasecmp(hay, needle, n) == 0)
      return hay;
  }
  return NULL;
}

int pith_utf8_valid(const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    size_t need;
    unsigned int cp;
    if (c < 0x80) {
      i++;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      need = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      need = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      need = 3;
      cp = c & 0x07;
    } else {
      return 0;
    }
    if (i + need >= n)
      return 0;
    for (size_t k = 1; k <= need; k++) {
      if ((s[i + k] & 0xC0) != 0x80)
        return 0;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((need == 1 && cp < 0x80) || (need == 2 && cp < 0x800) ||
        (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return 0;
    i += need + 1;
  }
  return 1;
}
