/* HTML entities in metadata values (JSON-LD strings and double-escaped
 * attributes) and the cleanup every raw value gets before it is shown. */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "meta_stage.h"

static const struct {
  const char *name;
  const char *utf8;
} named_entities[] = {
    {"amp", "&"},    {"lt", "<"},          {"gt", ">"},     {"quot", "\""},
    {"apos", "'"},   {"nbsp", "\xC2\xA0"}, {"ndash", "–"},  {"mdash", "—"},
    {"lsquo", "‘"},  {"rsquo", "’"},       {"sbquo", "‚"},  {"ldquo", "“"},
    {"rdquo", "”"},  {"bdquo", "„"},       {"hellip", "…"}, {"laquo", "«"},
    {"raquo", "»"},  {"copy", "©"},        {"reg", "®"},    {"trade", "™"},
    {"euro", "€"},   {"pound", "£"},       {"middot", "·"}, {"bull", "•"},
    {"eacute", "é"}, {"egrave", "è"},      {"ecirc", "ê"},  {"aacute", "á"},
    {"agrave", "à"}, {"acirc", "â"},       {"iacute", "í"}, {"oacute", "ó"},
    {"ocirc", "ô"},  {"uacute", "ú"},      {"ntilde", "ñ"}, {"ccedil", "ç"},
    {"auml", "ä"},   {"ouml", "ö"},        {"uuml", "ü"},   {"Auml", "Ä"},
    {"Ouml", "Ö"},   {"Uuml", "Ü"},        {"szlig", "ß"},  {"Eacute", "É"},
    {"shy", ""},
};

static size_t utf8_encode(unsigned long cp, char *out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    cp = 0xFFFD;
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Reads one entity at s (which starts with '&'); on success writes its UTF-8
 * into out (at least 8 bytes), sets *out_len and returns the bytes consumed,
 * else 0. */
static size_t entity_at(const char *s, size_t n, char *out, size_t *out_len) {
  if (n < 3 || s[0] != '&')
    return 0;
  if (s[1] == '#') {
    size_t i = 2;
    int hex = 0;
    if (i < n && (s[i] == 'x' || s[i] == 'X')) {
      hex = 1;
      i++;
    }
    unsigned long cp = 0;
    size_t digits = 0;
    while (i < n && digits < 8) {
      int c = (unsigned char)s[i], v;
      if (pith_is_digit(c))
        v = c - '0';
      else if (hex && c >= 'a' && c <= 'f')
        v = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F')
        v = c - 'A' + 10;
      else
        break;
      cp = cp * (hex ? 16 : 10) + (unsigned long)v;
      digits++;
      i++;
    }
    if (!digits || i >= n || s[i] != ';')
      return 0;
    /* Pages that declare windows-1252 numeric references for quotes. */
    static const unsigned short cp1252[32] = {
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
    if (cp >= 0x80 && cp <= 0x9F)
      cp = cp1252[cp - 0x80];
    *out_len = utf8_encode(cp, out);
    return i + 1;
  }
  size_t i = 1;
  while (i < n && i < 10 && pith_is_alpha((unsigned char)s[i]))
    i++;
  if (i >= n || s[i] != ';' || i == 1)
    return 0;
  for (size_t k = 0; k < sizeof named_entities / sizeof *named_entities; k++) {
    const char *name = named_entities[k].name;
    if (strlen(name) == i - 1 && memcmp(name, s + 1, i - 1) == 0) {
      *out_len = strlen(named_entities[k].utf8);
      memcpy(out, named_entities[k].utf8, *out_len);
      return i + 1;
    }
  }
  return 0;
}

/* Decodes the common HTML entities; "&amp;#8217;" (escaped twice) is
 * decoded to the quote as well. Returns a new string or NULL. */
char *pith_meta_decode_entities(const char *s, size_t n) {
  char *out = malloc(n + 1);
  if (!out)
    return NULL;
  size_t o = 0, i = 0;
  while (i < n) {
    if (s[i] == '&') {
      char tmp[8];
      size_t tl = 0, used = entity_at(s + i, n - i, tmp, &tl);
      if (used) {
        i += used;
        if (tl == 1 && tmp[0] == '&') {
          /* "&amp;" followed by an entity body: an entity escaped twice. */
          char probe[16];
          size_t pn = n - i < 12 ? n - i : 12;
          probe[0] = '&';
          memcpy(probe + 1, s + i, pn);
          size_t again = entity_at(probe, pn + 1, tmp, &tl);
          if (again > 1) {
            i += again - 1;
          } else {
            tl = 1;
            tmp[0] = '&';
          }
        }
        /* An entity never expands beyond its own length. */
        memcpy(out + o, tmp, tl);
        o += tl;
        continue;
      }
    }
    out[o++] = s[i++];
  }
  out[o] = '\0';
  return out;
}

/* Removes markup that some sites leave escaped inside attributes and
 * JSON-LD strings ("<p>Summary</p>"), in place. Only "<" followed by a
 * letter, "/" or "!" opens a tag, so "a < b" stays. */
static void strip_tags(char *s) {
  char *o = s;
  for (char *p = s; *p;) {
    if (*p == '<' &&
        (pith_is_alpha((unsigned char)p[1]) || p[1] == '/' || p[1] == '!')) {
      char *gt = strchr(p, '>');
      if (gt) {
        /* Block tags separate words; inline ones do not. */
        const char *t = p + 1 + (p[1] == '/');
        char c = (char)tolower((unsigned char)t[0]);
        char d = (char)tolower((unsigned char)t[1]);
        if ((c == 'p' && !pith_is_alpha((unsigned char)d)) ||
            (c == 'b' && d == 'r') || (c == 'd' && d == 'i') ||
            (c == 'l' && d == 'i') ||
            (c == 'h' && pith_is_digit((unsigned char)d)) ||
            (c == 't' && (d == 'r' || d == 'd')))
          *o++ = ' ';
        p = gt + 1;
        continue;
      }
    }
    *o++ = *p++;
  }
  *o = '\0';
}

/* Decodes entities, drops markup, normalises white space and caps the
 * length. Returns a new non-empty string or NULL. */
char *pith_meta_finish_text(const char *raw, size_t cap) {
  if (!raw)
    return NULL;
  size_t n = strnlen(raw, cap * 4 + 64);
  char *decoded = NULL;
  const char *src = raw;
  if (memchr(raw, '&', n) || memchr(raw, '<', n)) {
    decoded = memchr(raw, '&', n) ? pith_meta_decode_entities(raw, n)
                                  : pith_strndup(raw, n);
    if (!decoded) {
      pith_nomem_note();
      return NULL;
    }
    strip_tags(decoded);
    src = decoded;
    n = strlen(decoded);
  }
  char *out = pith_text_normalize_space(src, n);
  free(decoded);
  if (!out) {
    pith_nomem_note();
    return NULL;
  }
  pith_text_truncate_utf8(out, cap);
  if (!*out) {
    free(out);
    return NULL;
  }
  return out;
}
