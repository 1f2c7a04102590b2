/* Charset detection and conversion to UTF-8.
 *
 * The charset is chosen the way browsers do (WHATWG Encoding and HTML
 * "determining the character encoding"), in this order: a byte-order mark,
 * the charset parameter of the HTTP Content-Type, a <meta> in the first
 * PRESCAN_BYTES, an XML declaration, then a sniff. Labels are normalised with
 * the Encoding standard's label table, so "latin1", "us-ascii" and
 * "iso-8859-1" all mean windows-1252, as they do in every browser.
 *
 * One deliberate departure from browsers: a document declared in a legacy
 * charset whose bytes are valid UTF-8 with non-ASCII characters in them is
 * read as UTF-8. Legacy-encoded text practically never forms valid multi-byte
 * UTF-8, while servers that send a default "charset=iso-8859-1" for UTF-8
 * pages are common; a reader wants the words, not the mojibake.
 *
 * UTF-8 is validated and repaired here directly (it is the common case and
 * must be fast); everything else goes through iconv, opened per call so that
 * no state is shared between threads. */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <uchardet/uchardet.h>

#include "internal.h"

/* How far into the document <meta charset> is looked for. The HTML standard
 * says 1024 bytes; real pages put long <script>/<link> runs first, and
 * browsers look further, so a little more is read. */
#define PRESCAN_BYTES 4096
/* Bytes sampled for the UTF-16 and binary sniffs. */
#define SNIFF_BYTES 4096
/* Longest charset label considered; real ones are under 20 bytes. */
#define MAX_LABEL 40
/* Bytes handed to the charset detector when nothing is declared: enough
 * for the text of any page (markup is ASCII and tells it nothing), and a
 * bound on its time. */
#define DETECT_BYTES (256 * 1024)
/* Bytes of 0x80 and above the detector needs before it is asked: on a few
 * accented letters it guesses among the Latin charsets at random, and
 * windows-1252, the web's most common legacy charset, is the better guess. */
#define DETECT_MIN_HIGH_BYTES 24

typedef enum encoding_kind {
  KIND_UTF8,  /* decoded here, not by iconv */
  KIND_ASCII, /* ASCII-compatible legacy encoding */
  KIND_7BIT,  /* ISO-2022-JP: escapes, never valid multi-byte UTF-8 */
  KIND_UTF16, /* 2-byte units */
  KIND_UTF32, /* 4-byte units */
} encoding_kind;

typedef struct encoding {
  const char *name; /* WHATWG name, lower-case, as reported */
  encoding_kind kind;
  const char *iconv;  /* iconv names to try, superset first, separated by
                         spaces; NULL for UTF-8 */
  const char *labels; /* the labels that name it, separated by spaces: the
                         Encoding standard's, plus UTF-32, which it no longer
                         lists but old pages still declare */
} encoding;

enum {
  ENC_UTF8,
  ENC_UTF16LE,
  ENC_UTF16BE,
  ENC_UTF32LE,
  ENC_UTF32BE,
  ENC_WINDOWS_1252,
  ENC_IBM866,
  ENC_ISO_8859_2,
  ENC_ISO_8859_3,
  ENC_ISO_8859_4,
  ENC_ISO_8859_5,
  ENC_ISO_8859_6,
  ENC_ISO_8859_7,
  ENC_ISO_8859_8,
  ENC_ISO_8859_8_I,
  ENC_ISO_8859_10,
  ENC_ISO_8859_13,
  ENC_ISO_8859_14,
  ENC_ISO_8859_15,
  ENC_ISO_8859_16,
  ENC_KOI8_R,
  ENC_KOI8_U,
  ENC_MACINTOSH,
  ENC_WINDOWS_874,
  ENC_WINDOWS_1250,
  ENC_WINDOWS_1251,
  ENC_WINDOWS_1253,
  ENC_WINDOWS_1254,
  ENC_WINDOWS_1255,
  ENC_WINDOWS_1256,
  ENC_WINDOWS_1257,
  ENC_WINDOWS_1258,
  ENC_X_MAC_CYRILLIC,
  ENC_GB18030,
  ENC_BIG5,
  ENC_EUC_JP,
  ENC_ISO_2022_JP,
  ENC_SHIFT_JIS,
  ENC_EUC_KR,
  ENC_COUNT_
};

static const encoding encodings[ENC_COUNT_] = {
    [ENC_UTF8] = {"utf-8", KIND_UTF8, NULL,
                  "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 "
                  "x-unicode20utf8"},
    [ENC_UTF16LE] =
        {"utf-16le", KIND_UTF16, "UTF-16LE",
         "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 "
         "utf-16le"},
    [ENC_UTF16BE] = {"utf-16be", KIND_UTF16, "UTF-16BE",
                     "unicodefffe utf-16be"},
    [ENC_UTF32LE] = {"utf-32le", KIND_UTF32, "UTF-32LE", "utf-32 utf-32le"},
    [ENC_UTF32BE] = {"utf-32be", KIND_UTF32, "UTF-32BE", "utf-32be"},
    /* The Encoding standard's x-user-defined maps 0x80-0xFF into the Private
     * Use Area; for reading text, windows-1252 is the useful guess. */
    [ENC_WINDOWS_1252] =
        {"windows-1252", KIND_ASCII, "CP1252",
         "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 "
         "iso-ir-100 iso8859-1 iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 "
         "us-ascii windows-1252 x-cp1252 x-user-defined"},
    [ENC_IBM866] = {"ibm866", KIND_ASCII, "IBM866",
                    "866 cp866 csibm866 ibm866"},
    [ENC_ISO_8859_2] =
        {"iso-8859-2", KIND_ASCII, "ISO-8859-2",
         "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 "
         "iso_8859-2:1987 l2 latin2"},
    [ENC_ISO_8859_3] =
        {"iso-8859-3", KIND_ASCII, "ISO-8859-3",
         "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 "
         "iso_8859-3:1988 l3 latin3"},
    [ENC_ISO_8859_4] =
        {"iso-8859-4", KIND_ASCII, "ISO-8859-4",
         "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 "
         "iso_8859-4:1988 l4 latin4"},
    [ENC_ISO_8859_5] =
        {"iso-8859-5", KIND_ASCII, "ISO-8859-5",
         "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 "
         "iso88595 iso_8859-5 iso_8859-5:1988"},
    [ENC_ISO_8859_6] =
        {"iso-8859-6", KIND_ASCII, "ISO-8859-6",
         "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 "
         "iso-8859-6 iso-8859-6-e iso-8859-6-i iso-ir-127 iso8859-6 iso88596 "
         "iso_8859-6 iso_8859-6:1987"},
    [ENC_ISO_8859_7] =
        {"iso-8859-7", KIND_ASCII, "ISO-8859-7",
         "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 "
         "iso-ir-126 iso8859-7 iso88597 iso_8859-7 iso_8859-7:1987 "
         "sun_eu_greek"},
    [ENC_ISO_8859_8] =
        {"iso-8859-8", KIND_ASCII, "ISO-8859-8",
         "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e "
         "iso-ir-138 iso8859-8 iso88598 iso_8859-8 iso_8859-8:1988 visual"},
    [ENC_ISO_8859_8_I] = {"iso-8859-8-i", KIND_ASCII, "ISO-8859-8",
                          "csiso88598i iso-8859-8-i logical"},
    [ENC_ISO_8859_10] =
        {"iso-8859-10", KIND_ASCII, "ISO-8859-10",
         "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6"},
    [ENC_ISO_8859_13] = {"iso-8859-13", KIND_ASCII, "ISO-8859-13",
                         "iso-8859-13 iso8859-13 iso885913"},
    [ENC_ISO_8859_14] = {"iso-8859-14", KIND_ASCII, "ISO-8859-14",
                         "iso-8859-14 iso8859-14 iso885914"},
    [ENC_ISO_8859_15] =
        {"iso-8859-15", KIND_ASCII, "ISO-8859-15",
         "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9"},
    [ENC_ISO_8859_16] = {"iso-8859-16", KIND_ASCII, "ISO-8859-16",
                         "iso-8859-16"},
    [ENC_KOI8_R] = {"koi8-r", KIND_ASCII, "KOI8-R",
                    "cskoi8r koi koi8 koi8-r koi8_r"},
    [ENC_KOI8_U] = {"koi8-u", KIND_ASCII, "KOI8-U", "koi8-ru koi8-u"},
    [ENC_MACINTOSH] = {"macintosh", KIND_ASCII, "MACINTOSH",
                       "csmacintosh mac macintosh x-mac-roman"},
    [ENC_WINDOWS_874] =
        {"windows-874", KIND_ASCII, "CP874 TIS-620",
         "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874"},
    [ENC_WINDOWS_1250] = {"windows-1250", KIND_ASCII, "CP1250",
                          "cp1250 windows-1250 x-cp1250"},
    [ENC_WINDOWS_1251] = {"windows-1251", KIND_ASCII, "CP1251",
                          "cp1251 windows-1251 x-cp1251"},
    [ENC_WINDOWS_1253] = {"windows-1253", KIND_ASCII, "CP1253",
                          "cp1253 windows-1253 x-cp1253"},
    [ENC_WINDOWS_1254] =
        {"windows-1254", KIND_ASCII, "CP1254",
         "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 "
         "iso_8859-9 iso_8859-9:1989 l5 latin5 windows-1254 x-cp1254"},
    [ENC_WINDOWS_1255] = {"windows-1255", KIND_ASCII, "CP1255",
                          "cp1255 windows-1255 x-cp1255"},
    [ENC_WINDOWS_1256] = {"windows-1256", KIND_ASCII, "CP1256",
                          "cp1256 windows-1256 x-cp1256"},
    [ENC_WINDOWS_1257] = {"windows-1257", KIND_ASCII, "CP1257",
                          "cp1257 windows-1257 x-cp1257"},
    [ENC_WINDOWS_1258] = {"windows-1258", KIND_ASCII, "CP1258",
                          "cp1258 windows-1258 x-cp1258"},
    [ENC_X_MAC_CYRILLIC] = {"x-mac-cyrillic", KIND_ASCII, "MAC-CYRILLIC",
                            "x-mac-cyrillic x-mac-ukrainian"},
    /* GBK and GB2312 are subsets of GB18030: decoding with the superset
     * loses nothing and reads pages that mislabel their extensions. */
    [ENC_GB18030] =
        {"gb18030", KIND_ASCII, "GB18030 GBK",
         "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk "
         "iso-ir-58 x-gbk gb18030"},
    [ENC_BIG5] = {"big5", KIND_ASCII, "BIG5-HKSCS BIG5",
                  "big5 big5-hkscs cn-big5 csbig5 x-x-big5"},
    [ENC_EUC_JP] = {"euc-jp", KIND_ASCII, "EUC-JP-MS EUC-JP",
                    "cseucpkdfmtjapanese euc-jp x-euc-jp"},
    [ENC_ISO_2022_JP] = {"iso-2022-jp", KIND_7BIT, "ISO-2022-JP-2",
                         "csiso2022jp iso-2022-jp"},
    /* Windows' CP932 is what "Shift_JIS" pages are written in. */
    [ENC_SHIFT_JIS] =
        {"shift_jis", KIND_ASCII, "CP932 SHIFT_JIS",
         "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j "
         "x-sjis cp932"},
    [ENC_EUC_KR] =
        {"euc-kr", KIND_ASCII, "CP949 EUC-KR",
         "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 "
         "ks_c_5601-1989 ksc5601 ksc_5601 windows-949"},
};

/* A charset decision: a known encoding, or a label iconv knows that the
 * table above does not. */
typedef struct choice {
  int encoding;                /* ENC_*, or -1 for a raw iconv label */
  char label[MAX_LABEL + 1];   /* the raw label, lower-case, when encoding<0 */
  iconv_t cd;                  /* open converter; (iconv_t)-1 for UTF-8 */
  char unknown[MAX_LABEL + 1]; /* the first declared label that could not
                                  be used, printable ASCII; "" if none */
} choice;

static int is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static unsigned char lower(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

static int starts_with_ci(const unsigned char *s, size_t n, const char *word) {
  return pith_text_has_prefix_ci((const char *)s, n, word);
}

static int equals_ci(const unsigned char *s, size_t n, const char *word) {
  return strlen(word) == n && starts_with_ci(s, n, word);
}

/* Whether s matches the first n bytes of a lower-case label. */
static int label_equals(const unsigned char *s, const char *label, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (lower(s[i]) != (unsigned char)label[i])
      return 0;
  return 1;
}

/* ---- UTF-8 --------------------------------------------------------------- */

/* Length of the well-formed UTF-8 sequence at s (1-4), or 0 when it is
 * ill-formed; then *bad is the length of its longest well-formed prefix (at
 * least 1), which the Encoding standard turns into one U+FFFD, and
 * *truncated tells whether the input ended inside that prefix. */
static size_t utf8_sequence(const unsigned char *s, size_t n, size_t *bad,
                            int *truncated) {
  unsigned char c = s[0], lo = 0x80, hi = 0xBF;
  size_t need;
  if (c < 0x80)
    return 1;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    if (c == 0xE0)
      lo = 0xA0; /* overlong */
    else if (c == 0xED)
      hi = 0x9F; /* surrogates */
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    if (c == 0xF0)
      lo = 0x90; /* overlong */
    else if (c == 0xF4)
      hi = 0x8F; /* past U+10FFFF */
  } else {
    *bad = 1;
    *truncated = 0;
    return 0;
  }
  for (size_t i = 1; i <= need; i++) {
    if (i >= n || s[i] < lo || s[i] > hi) {
      *bad = i;
      *truncated = i >= n;
      return 0;
    }
    lo = 0x80;
    hi = 0xBF;
  }
  return need + 1;
}

/* Bytes of pure ASCII at the start of s, 32 or eight at a time. */
static size_t ascii_prefix(const unsigned char *s, size_t n) {
  size_t i = 0;
#ifdef __SSE2__
  while (i + 32 <= n) {
    __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
    __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 16));
    if (_mm_movemask_epi8(_mm_or_si128(a, b)))
      break;
    i += 32;
  }
#endif
  while (i + 8 <= n) {
    uint64_t word;
    memcpy(&word, s + i, 8);
    if (word & UINT64_C(0x8080808080808080))
      break;
    i += 8;
  }
  while (i < n && s[i] < 0x80)
    i++;
  return i;
}

typedef struct utf8_stats {
  size_t multibyte;  /* well-formed sequences of 2-4 bytes */
  size_t invalid;    /* ill-formed subparts, each one U+FFFD */
  int truncated_end; /* the only flaw is a sequence cut off by the end */
} utf8_stats;

static void utf8_scan(const unsigned char *s, size_t n, utf8_stats *st) {
  memset(st, 0, sizeof *st);
  size_t i = 0;
  while (i < n) {
    i += ascii_prefix(s + i, n - i);
    if (i >= n)
      break;
    size_t bad = 0;
    int truncated = 0;
    size_t k = utf8_sequence(s + i, n - i, &bad, &truncated);
    if (k) {
      st->multibyte++;
      i += k;
    } else {
      st->invalid++;
      st->truncated_end = truncated;
      i += bad;
    }
  }
}

/* Whether the scan says the bytes are UTF-8: flawless, or non-ASCII text in
 * which well-formed sequences far outnumber stray bytes (a sequence cut off
 * by the end of a truncated download among them). Legacy encodings almost
 * never produce well-formed multi-byte UTF-8 by chance, while a lone high
 * byte at the end ("caf\xE9") is more likely Latin-1 than a cut. */
static int utf8_plausible(const utf8_stats *st) {
  if (st->invalid == 0)
    return 1;
  if (st->invalid == 1 && st->truncated_end)
    return st->multibyte > 0;
  return st->multibyte >= 4 * st->invalid;
}

/* Copies UTF-8, replacing each ill-formed subpart with U+FFFD and dropping
 * NUL bytes (browsers ignore them in text, and callers use C strings).
 * `known` is a scan of the same bytes already made, or NULL. */
static pith_status utf8_repair(const unsigned char *s, size_t n,
                               const utf8_stats *known, char **out,
                               size_t *out_len) {
  utf8_stats st;
  if (known)
    st = *known;
  else
    utf8_scan(s, n, &st);
  size_t cap = n + 2 * st.invalid + 1;
  char *dst = malloc(cap);
  if (!dst)
    return PITH_ERR_NOMEM;
  size_t o = 0;
  if (st.invalid == 0) {
    memcpy(dst, s, n);
    o = n;
  } else {
    size_t i = 0;
    while (i < n) {
      size_t run = ascii_prefix(s + i, n - i);
      memcpy(dst + o, s + i, run);
      o += run;
      i += run;
      if (i >= n)
        break;
      size_t bad = 0;
      int truncated = 0;
      size_t k = utf8_sequence(s + i, n - i, &bad, &truncated);
      if (k) {
        memcpy(dst + o, s + i, k);
        o += k;
        i += k;
      } else {
        memcpy(dst + o, "\xEF\xBF\xBD", 3);
        o += 3;
        i += bad;
      }
    }
  }
  if (memchr(dst, 0, o)) {
    size_t w = 0;
    for (size_t r = 0; r < o; r++)
      if (dst[r])
        dst[w++] = dst[r];
    o = w;
  }
  dst[o] = '\0';
  *out = dst;
  *out_len = o;
  return PITH_OK;
}

/* ---- labels -------------------------------------------------------------- */

/* The encoding a label names (ASCII white space around it ignored, case
 * ignored), or -1. */
static int encoding_for_label(const unsigned char *s, size_t n) {
  while (n && is_space(*s))
    s++, n--;
  while (n && is_space(s[n - 1]))
    n--;
  if (n == 0 || n > MAX_LABEL)
    return -1;
  for (int e = 0; e < ENC_COUNT_; e++) {
    const char *p = encodings[e].labels;
    while (*p) {
      size_t k = strcspn(p, " ");
      if (k == n && label_equals(s, p, n))
        return e;
      p += k;
      p += *p == ' ';
    }
  }
  return -1;
}

static iconv_t open_encoding(int enc) {
  const char *p = encodings[enc].iconv;
  while (p && *p) {
    char name[MAX_LABEL + 1];
    size_t k = strcspn(p, " ");
    if (k <= MAX_LABEL) {
      memcpy(name, p, k);
      name[k] = '\0';
      iconv_t cd = iconv_open("UTF-8", name);
      if (cd != (iconv_t)-1)
        return cd;
    }
    p += k;
    p += *p == ' ';
  }
  return (iconv_t)-1;
}

/* Where the UTF-16 sniff lands: 0 none, 1 little-endian, 2 big-endian. ASCII
 * markup in UTF-16 puts a NUL in every other byte. */
static int sniff_utf16(const unsigned char *s, size_t n) {
  if (n > SNIFF_BYTES)
    n = SNIFF_BYTES;
  n &= ~(size_t)1;
  size_t pairs = n / 2, even = 0, odd = 0;
  if (pairs < 2)
    return 0;
  for (size_t i = 0; i < n; i += 2) {
    even += s[i] == 0;
    odd += s[i + 1] == 0;
  }
  if (odd * 4 >= pairs && even * 8 <= odd)
    return 1;
  if (even * 4 >= pairs && odd * 8 <= even)
    return 2;
  return 0;
}

/* Byte-order marks. Returns the encoding and sets *skip to the mark's length,
 * or returns -1. UTF-32LE is tested before UTF-16LE, whose mark it starts
 * with. */
static int bom_encoding(const unsigned char *s, size_t n, size_t *skip) {
  if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
    *skip = 3;
    return ENC_UTF8;
  }
  if (n >= 4 && s[0] == 0xFF && s[1] == 0xFE && s[2] == 0 && s[3] == 0) {
    *skip = 4;
    return ENC_UTF32LE;
  }
  if (n >= 4 && s[0] == 0 && s[1] == 0 && s[2] == 0xFE && s[3] == 0xFF) {
    *skip = 4;
    return ENC_UTF32BE;
  }
  if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
    *skip = 2;
    return ENC_UTF16LE;
  }
  if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
    *skip = 2;
    return ENC_UTF16BE;
  }
  return -1;
}

/* The HTML standard's "extract a character encoding from a meta element",
 * also used for the HTTP header: the value after "charset", optional white
 * space, "=", optional white space, quoted or up to white space or ";". */
static int charset_param(const unsigned char *s, size_t n,
                         const unsigned char **value, size_t *value_len) {
  size_t i = 0;
  for (;;) {
    while (i + 7 <= n && !starts_with_ci(s + i, n - i, "charset"))
      i++;
    if (i + 7 > n)
      return 0;
    i += 7;
    while (i < n && is_space(s[i]))
      i++;
    if (i < n && s[i] == '=')
      break;
  }
  i++;
  while (i < n && is_space(s[i]))
    i++;
  if (i >= n)
    return 0;
  if (s[i] == '"' || s[i] == '\'') {
    unsigned char quote = s[i++];
    size_t start = i;
    while (i < n && s[i] != quote)
      i++;
    if (i >= n)
      return 0;
    *value = s + start;
    *value_len = i - start;
    return 1;
  }
  size_t start = i;
  while (i < n && !is_space(s[i]) && s[i] != ';' && s[i] != ',')
    i++;
  *value = s + start;
  *value_len = i - start;
  return i > start;
}

/* Opens a converter for a declared label. A label outside the table is
 * handed to iconv as is (when it looks like a label at all), so that rare
 * charsets iconv knows still work. */
static int try_label(const unsigned char *s, size_t n, choice *c) {
  int enc = encoding_for_label(s, n);
  if (enc == ENC_UTF8) {
    c->encoding = enc;
    c->cd = (iconv_t)-1;
    return 1;
  }
  if (enc >= 0) {
    iconv_t cd = open_encoding(enc);
    if (cd == (iconv_t)-1)
      return 0;
    c->encoding = enc;
    c->cd = cd;
    return 1;
  }
  while (n && is_space(*s))
    s++, n--;
  while (n && is_space(s[n - 1]))
    n--;
  if (n == 0 || n > MAX_LABEL)
    return 0;
  char label[MAX_LABEL + 1];
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = lower(s[i]);
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
          ch == '_' || ch == '.' || ch == ':'))
      return 0;
    label[i] = (char)ch;
  }
  label[n] = '\0';
  iconv_t cd = iconv_open("UTF-8", label);
  if (cd == (iconv_t)-1)
    return 0;
  c->encoding = -1;
  memcpy(c->label, label, n + 1);
  c->cd = cd;
  return 1;
}

/* try_label for a label the document declares: one that cannot be used is
 * remembered for the warning. */
static int try_declared(const unsigned char *s, size_t n, choice *c) {
  if (try_label(s, n, c))
    return 1;
  if (!c->unknown[0]) {
    size_t k = 0;
    for (size_t i = 0; i < n && k < MAX_LABEL; i++)
      if (!is_space(s[i]) || k)
        c->unknown[k++] = s[i] > ' ' && s[i] < 0x7F ? (char)s[i] : '?';
    while (k && c->unknown[k - 1] == '?')
      k--;
    c->unknown[k] = '\0';
    if (!k)
      memcpy(c->unknown, "(empty)", 8);
  }
  return 0;
}

/* The Latin charsets that differ from windows-1252 only in some accented
 * letters (bytes 0xA0-0xFF; the raw iconv labels a detector may name, such
 * as ibm852, are counted with them). */
static int latin_variant(int enc) {
  switch (enc) {
  case -1:
  case ENC_ISO_8859_2:
  case ENC_ISO_8859_3:
  case ENC_ISO_8859_4:
  case ENC_ISO_8859_10:
  case ENC_ISO_8859_13:
  case ENC_ISO_8859_14:
  case ENC_ISO_8859_15:
  case ENC_ISO_8859_16:
  case ENC_MACINTOSH:
  case ENC_WINDOWS_1250:
  case ENC_WINDOWS_1254:
  case ENC_WINDOWS_1257:
  case ENC_WINDOWS_1258:
    return 1;
  default:
    return 0;
  }
}

/* The character one byte stands for through a converter; 0 when none. */
static uint32_t byte_char(iconv_t cd, unsigned char byte) {
  char in[1] = {(char)byte}, out[8];
  char *ip = in, *op = out;
  size_t il = 1, ol = sizeof out;
  iconv(cd, NULL, NULL, NULL, NULL);
  if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || op == out)
    return 0;
  const unsigned char *u = (const unsigned char *)out;
  size_t n = (size_t)(op - out);
  if (n == 2)
    return ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu);
  if (n == 3)
    return ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
  return n == 1 ? u[0] : 0;
}

/* A Latin letter with a diacritic (Latin-1 Supplement and Extended-A/B). */
static int accented_letter(uint32_t c) {
  return c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7;
}

/* Whether a Latin guess other than windows-1252 is borne out by the text
 * (outside tags, scripts and styles): its accented letters must be common
 * (one per LATIN_MIN_ACCENT_SHARE ASCII letters, as in any language written
 * with them) and a good part of them (LATIN_MIN_OWN_SHARE) letters that
 * windows-1252 would read otherwise (Polish ą, ł, ś, Czech ě, ř, č). An
 * English or French page in windows-1252 that the detector takes for
 * Central European has few accents, or mostly the shared é and â. */
#define LATIN_MIN_ACCENT_SHARE 200
#define LATIN_MIN_OWN_SHARE 4
static int latin_guess_holds(const unsigned char *s, size_t n, iconv_t guess) {
  iconv_t cp1252 = open_encoding(ENC_WINDOWS_1252);
  if (cp1252 == (iconv_t)-1)
    return 0;
  unsigned char kind[128]; /* 0 no letter, 1 shared, 2 its own */
  for (int b = 0x80; b <= 0xFF; b++) {
    uint32_t g = byte_char(guess, (unsigned char)b);
    kind[b - 0x80] = !accented_letter(g)                        ? 0
                     : byte_char(cp1252, (unsigned char)b) == g ? 1
                                                                : 2;
  }
  iconv_close(cp1252);
  iconv(guess, NULL, NULL, NULL, NULL);
  size_t ascii = 0, shared = 0, own = 0;
  int in_tag = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = s[i];
    if (ch == '<') {
      in_tag = 1;
      /* Script and style bodies are code, not text. */
      int script = starts_with_ci(s + i, n - i, "<script");
      if (script || starts_with_ci(s + i, n - i, "<style")) {
        const char *end = script ? "</script" : "</style";
        size_t j = i + 6;
        while (j + 8 <= n && !starts_with_ci(s + j, n - j, end))
          j++;
        i = j;
      }
    } else if (ch == '>') {
      in_tag = 0;
    } else if (!in_tag && ch >= 0x80) {
      shared += kind[ch - 0x80] == 1;
      own += kind[ch - 0x80] == 2;
    } else if (!in_tag) {
      ascii += (ch | 0x20) >= 'a' && (ch | 0x20) <= 'z';
    }
  }
  return (shared + own) * LATIN_MIN_ACCENT_SHARE >= ascii &&
         own * LATIN_MIN_OWN_SHARE >= shared + own;
}

/* The charset libuchardet (Mozilla's universal charset detector) sees in
 * bytes that declare none and are not UTF-8; 0 when it is unsure, says
 * ASCII, or names a charset iconv cannot read. */
static int detect_charset(const unsigned char *s, size_t n, choice *c) {
  if (n > DETECT_BYTES)
    n = DETECT_BYTES;
  size_t high = 0;
  for (size_t i = 0; i < n && high < DETECT_MIN_HIGH_BYTES; i++)
    high += s[i] >= 0x80;
  if (high < DETECT_MIN_HIGH_BYTES)
    return 0;
  uchardet_t ud = uchardet_new();
  if (!ud)
    return 0;
  uchardet_handle_data(ud, (const char *)s, n);
  uchardet_data_end(ud);
  const char *name = uchardet_get_charset(ud);
  int found = 0;
  if (name && *name &&
      !equals_ci((const unsigned char *)name, strlen(name), "ascii"))
    found = try_label((const unsigned char *)name, strlen(name), c);
  uchardet_delete(ud);
  if (found && latin_variant(c->encoding) && !latin_guess_holds(s, n, c->cd)) {
    iconv_close(c->cd);
    c->cd = (iconv_t)-1;
    c->encoding = -1;
    found = 0;
  }
  return found;
}

/* ---- <meta> prescan (HTML standard, "prescan a byte stream") ------------- */

typedef struct attribute {
  const unsigned char *name, *value;
  size_t name_len, value_len;
} attribute;

/* Reads one attribute at *pos; 0 when the tag ends (or the window does). */
/* Stops the prescan: the tag runs past the bytes it looks at. */
static int end_of_window(size_t *pos, size_t n) {
  *pos = n;
  return 0;
}

/* Reads one attribute at *pos; 0 when the tag ends (or the window does). */
static int get_attribute(const unsigned char *s, size_t n, size_t *pos,
                         attribute *a) {
  size_t i = *pos;
  while (i < n && (is_space(s[i]) || s[i] == '/'))
    i++;
  if (i >= n || s[i] == '>') {
    *pos = i;
    return 0;
  }
  a->name = s + i;
  a->value = s + i;
  a->name_len = a->value_len = 0;
  /* The name: its first byte is taken whatever it is, even "=". */
  for (;;) {
    if (i >= n)
      return end_of_window(pos, n);
    if (s[i] == '=' && a->name_len > 0)
      break;
    if (is_space(s[i])) {
      while (i < n && is_space(s[i]))
        i++;
      if (i >= n || s[i] != '=') {
        *pos = i;
        return 1;
      }
      break;
    }
    if (s[i] == '/' || s[i] == '>') {
      *pos = i;
      return 1;
    }
    a->name_len++;
    i++;
  }
  i++; /* "=" */
  while (i < n && is_space(s[i]))
    i++;
  if (i >= n)
    return end_of_window(pos, n);
  if (s[i] == '"' || s[i] == '\'') {
    unsigned char quote = s[i++];
    a->value = s + i;
    while (i < n && s[i] != quote)
      i++;
    if (i >= n)
      return end_of_window(pos, n);
    a->value_len = (size_t)(s + i - a->value);
    *pos = i + 1;
    return 1;
  }
  if (s[i] == '>') {
    *pos = i;
    return 1;
  }
  a->value = s + i;
  while (i < n && !is_space(s[i]) && s[i] != '>')
    i++;
  a->value_len = (size_t)(s + i - a->value);
  *pos = i;
  return 1;
}

/* Whether a label names UTF-16 or UTF-32, which a document whose ASCII
 * markup could be read byte by byte cannot be in. */
static int label_is_wide(const unsigned char *s, size_t n) {
  int enc = encoding_for_label(s, n);
  return enc >= 0 && (encodings[enc].kind == KIND_UTF16 ||
                      encodings[enc].kind == KIND_UTF32);
}

/* Reads a <meta> after its "<meta" and returns its charset label, if any. */
static int meta_charset(const unsigned char *s, size_t n, size_t *pos,
                        const unsigned char **label, size_t *label_len) {
  int got_pragma = 0, need_pragma = -1; /* -1: no charset seen */
  int seen_http_equiv = 0, seen_content = 0, seen_charset = 0;
  attribute a;
  while (get_attribute(s, n, pos, &a)) {
    if (equals_ci(a.name, a.name_len, "http-equiv")) {
      if (seen_http_equiv++)
        continue;
      if (equals_ci(a.value, a.value_len, "content-type"))
        got_pragma = 1;
    } else if (equals_ci(a.name, a.name_len, "content")) {
      if (seen_content++ || need_pragma != -1)
        continue;
      if (charset_param(a.value, a.value_len, label, label_len))
        need_pragma = 1;
    } else if (equals_ci(a.name, a.name_len, "charset")) {
      if (seen_charset++)
        continue;
      *label = a.value;
      *label_len = a.value_len;
      need_pragma = 0;
    }
  }
  if (need_pragma == -1 || (need_pragma == 1 && !got_pragma))
    return 0;
  return 1;
}

/* Scans the first bytes for a usable <meta> charset, skipping comments and
 * the attributes of other tags (whose values may hold a ">"). A declared
 * UTF-16 is read as UTF-8, as the HTML standard says: the declaration was
 * readable as ASCII, so the document is not UTF-16. */
static int prescan(const unsigned char *s, size_t n, choice *c) {
  if (n > PRESCAN_BYTES)
    n = PRESCAN_BYTES;
  size_t i = 0;
  while (i < n) {
    const unsigned char *p = memchr(s + i, '<', n - i);
    if (!p)
      return 0;
    i = (size_t)(p - s);
    if (starts_with_ci(s + i, n - i, "<!--")) {
      size_t j = i + 2;
      while (j + 3 <= n && memcmp(s + j, "-->", 3) != 0)
        j++;
      if (j + 3 > n)
        return 0;
      i = j + 3;
    } else if (starts_with_ci(s + i, n - i, "<meta") && i + 5 < n &&
               (is_space(s[i + 5]) || s[i + 5] == '/')) {
      size_t pos = i + 6;
      const unsigned char *label = NULL;
      size_t label_len = 0;
      if (meta_charset(s, n, &pos, &label, &label_len)) {
        if (label_is_wide(label, label_len)) {
          c->encoding = ENC_UTF8;
          c->cd = (iconv_t)-1;
          return 1;
        }
        if (try_declared(label, label_len, c))
          return 1;
      }
      i = pos + 1;
    } else if (i + 1 < n &&
               (((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'z') ||
                (s[i + 1] == '/' && i + 2 < n && (s[i + 2] | 0x20) >= 'a' &&
                 (s[i + 2] | 0x20) <= 'z'))) {
      size_t pos = i + 1;
      while (pos < n && !is_space(s[pos]) && s[pos] != '>')
        pos++;
      attribute a;
      while (get_attribute(s, n, &pos, &a))
        ;
      i = pos + 1;
    } else if (i + 1 < n &&
               (s[i + 1] == '!' || s[i + 1] == '/' || s[i + 1] == '?')) {
      const unsigned char *end = memchr(s + i + 2, '>', n - i - 2);
      if (!end)
        return 0;
      i = (size_t)(end - s) + 1;
    } else {
      i++;
    }
  }
  return 0;
}

/* <?xml version="1.0" encoding="..."?> at the very start. */
static int xml_declaration(const unsigned char *s, size_t n, choice *c) {
  if (n > 1024)
    n = 1024;
  if (!starts_with_ci(s, n, "<?xml") || n < 6 || !is_space(s[5]))
    return 0;
  const unsigned char *end = memchr(s, '>', n);
  if (!end)
    return 0;
  size_t decl_len = (size_t)(end - s);
  for (size_t i = 5; i + 8 <= decl_len; i++) {
    if (!starts_with_ci(s + i, decl_len - i, "encoding"))
      continue;
    size_t j = i + 8;
    while (j < decl_len && is_space(s[j]))
      j++;
    if (j >= decl_len || s[j] != '=')
      return 0;
    j++;
    while (j < decl_len && is_space(s[j]))
      j++;
    if (j >= decl_len || (s[j] != '"' && s[j] != '\''))
      return 0;
    unsigned char quote = s[j++];
    size_t start = j;
    while (j < decl_len && s[j] != quote)
      j++;
    if (j >= decl_len)
      return 0;
    if (label_is_wide(s + start, j - start))
      return 0;
    return try_declared(s + start, j - start, c);
  }
  return 0;
}

/* ---- conversion with iconv ----------------------------------------------- */

static int grow(char **buf, size_t *cap, size_t need) {
  if (need <= *cap)
    return 0;
  size_t next = *cap;
  while (next < need) {
    if (next > SIZE_MAX / 2)
      return -1;
    next *= 2;
  }
  char *p = realloc(*buf, next);
  if (!p)
    return -1;
  *buf = p;
  *cap = next;
  return 0;
}

/* Converts with an open iconv. Ill-formed input becomes U+FFFD: one per bad
 * code unit (one byte for byte-oriented encodings, so that an ASCII byte
 * after a broken lead byte survives), and one for a sequence cut off by the
 * end of the input. */
static pith_status convert(iconv_t cd, size_t unit, const unsigned char *in,
                           size_t len, char **out, size_t *out_len) {
  if (len > SIZE_MAX / 4)
    return PITH_ERR_NOMEM;
  size_t cap = len + len / 2 + 64;
  char *buf = malloc(cap);
  if (!buf)
    return PITH_ERR_NOMEM;
  size_t used = 0;
  char *src = (char *)(uintptr_t)in;
  size_t left = len;
  int flushing = 0;
  for (;;) {
    char *dst = buf + used;
    size_t room = cap - used - 1; /* keep one byte for the terminator */
    size_t r = flushing ? iconv(cd, NULL, NULL, &dst, &room)
                        : iconv(cd, &src, &left, &dst, &room);
    used = (size_t)(dst - buf);
    if (r != (size_t)-1) {
      if (flushing)
        break;
      flushing = 1; /* emit any shift sequence a stateful decoder holds */
      continue;
    }
    if (errno == E2BIG) {
      if (grow(&buf, &cap, cap + cap / 2 + 64) != 0) {
        free(buf);
        return PITH_ERR_NOMEM;
      }
      continue;
    }
    if (flushing)
      break;
    if (grow(&buf, &cap, used + 4) != 0) {
      free(buf);
      return PITH_ERR_NOMEM;
    }
    memcpy(buf + used, "\xEF\xBF\xBD", 3);
    used += 3;
    if (errno == EINVAL) { /* incomplete sequence at the end */
      left = 0;
      flushing = 1;
      continue;
    }
    size_t skip = unit < left ? unit : left; /* EILSEQ, or anything else */
    src += skip;
    left -= skip;
    if (left == 0)
      flushing = 1;
  }
  size_t start = 0;
  if (used >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
    start = 3;
  size_t w = 0;
  for (size_t r = start; r < used; r++)
    if (buf[r])
      buf[w++] = buf[r];
  buf[w] = '\0';
  *out = buf;
  *out_len = w;
  return PITH_OK;
}

/* ---- the decision -------------------------------------------------------- */

int pith_decode_looks_binary(const char *in, size_t len) {
  const unsigned char *s = (const unsigned char *)in;
  if (!s || len == 0)
    return 0;
  static const struct {
    const char *magic;
    size_t len;
  } magics[] = {
      {"\x89PNG\r\n\x1a\n", 8}, /* PNG */
      {"\xFF\xD8\xFF", 3},      /* JPEG */
      {"GIF87a", 6},
      {"GIF89a", 6},
      {"%PDF-", 5},
      {"PK\x03\x04", 4}, /* ZIP, and so DOCX, EPUB, JAR... */
      {"PK\x05\x06", 4}, /* empty ZIP */
      {"\x1F\x8B", 2},   /* gzip */
      {"BZh", 3},        /* bzip2: followed by a block size digit */
      {"\xFD\x37\x7A\x58\x5A\x00", 6}, /* xz */
      {"7z\xBC\xAF\x27\x1C", 6},       /* 7-Zip */
      {"\x28\xB5\x2F\xFD", 4},         /* zstd */
      {"\x7F\x45\x4C\x46", 4},         /* ELF */
      {"OggS", 4},
      {"wOFF", 4},
      {"wOF2", 4},
      {"\x00\x00\x01\x00", 4}, /* ICO */
      {"II*\x00", 4},          /* TIFF */
      {"MM\x00*", 4},
  };
  for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++) {
    if (len >= magics[i].len &&
        memcmp(s, magics[i].magic, magics[i].len) == 0) {
      /* "BZh" starts English words too; a real header has a level digit
       * and then the block magic. */
      if (magics[i].magic[0] == 'B' &&
          !(len >= 10 && s[3] >= '1' && s[3] <= '9' && s[4] == 0x31 &&
            s[5] == 0x41))
        continue;
      return 1;
    }
  }
  if (len >= 12 && memcmp(s, "RIFF", 4) == 0 &&
      (memcmp(s + 8, "WEBP", 4) == 0 || memcmp(s + 8, "WAVE", 4) == 0 ||
       memcmp(s + 8, "AVI ", 4) == 0))
    return 1;
  if (len >= 12 && memcmp(s + 4, "ftyp", 4) == 0) /* MP4, HEIC, AVIF */
    return 1;

  size_t skip = 0;
  if (bom_encoding(s, len, &skip) >= 0 || sniff_utf16(s, len))
    return 0;
  /* Text holds no C0 controls but tab, newlines, form feed and escape (used
   * by ISO-2022-JP); binary data is full of them. A few stray NULs in a page
   * do not make it binary. */
  size_t n = len < SNIFF_BYTES ? len : SNIFF_BYTES, controls = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = s[i];
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' &&
        c != 0x0B && c != 0x1B)
      controls++;
  }
  return controls >= 8 && controls * 32 > n;
}

static void report(char *charset, size_t charset_size, const char *name) {
  if (!charset || charset_size == 0)
    return;
  size_t i = 0;
  for (; name[i] && i + 1 < charset_size; i++)
    charset[i] = (char)lower((unsigned char)name[i]);
  charset[i] = '\0';
}

pith_status pith_decode_to_utf8(const char *in, size_t len,
                                const char *content_type, char **out,
                                size_t *out_len, char *charset,
                                size_t charset_size) {
  return pith_decode_to_utf8_warn(in, len, content_type, out, out_len, charset,
                                  charset_size, NULL, 0);
}

/* The decoding of pith_decode_to_utf8_warn. With `view` set, input that
 * is already well-formed UTF-8 without NUL bytes is not copied: *view
 * points into it and *out stays NULL. */
static pith_status decode(const char *in, size_t len, const char *content_type,
                          const char **view, char **out, size_t *out_len,
                          char *charset, size_t charset_size, char *warning,
                          size_t warning_size) {
  if (warning && warning_size)
    warning[0] = '\0';
  if (!out || !out_len || (!in && len))
    return PITH_ERR_ARGUMENT;
  *out = NULL;
  *out_len = 0;
  const unsigned char *s = (const unsigned char *)(in ? in : "");
  choice c = {.encoding = -1, .label = "", .cd = (iconv_t)-1, .unknown = ""};
  int found = 0, declared = 0;

  size_t bom = 0;
  int enc = bom_encoding(s, len, &bom);
  if (enc >= 0) {
    c.encoding = enc;
    found = enc == ENC_UTF8 || (c.cd = open_encoding(enc)) != (iconv_t)-1;
  }
  if (!found)
    bom = 0;
  int wide = sniff_utf16(s, len);

  if (!found && content_type) {
    const unsigned char *label;
    size_t label_len;
    size_t ct_len = strlen(content_type);
    if (charset_param((const unsigned char *)content_type, ct_len, &label,
                      &label_len)) {
      /* A server's "utf-16" is believed only when the bytes agree, and
       * their NUL pattern tells the byte order. */
      if (label_is_wide(label, label_len)) {
        if (wide) {
          c.encoding = wide == 1 ? ENC_UTF16LE : ENC_UTF16BE;
          found = (c.cd = open_encoding(c.encoding)) != (iconv_t)-1;
        }
      } else {
        found = declared = try_declared(label, label_len, &c);
      }
    }
  }
  if (!found && !wide)
    found = declared = prescan(s, len, &c);
  if (!found && !wide)
    found = declared = xml_declaration(s, len, &c);

  utf8_stats st;
  int scanned = 0;
  if (found && declared && c.encoding >= 0 &&
      encodings[c.encoding].kind == KIND_ASCII) {
    utf8_scan(s, len, &st);
    scanned = 1;
    if (st.multibyte > 0 && utf8_plausible(&st)) {
      iconv_close(c.cd);
      c.cd = (iconv_t)-1;
      c.encoding = ENC_UTF8;
    }
  }
  if (!found && wide) {
    c.encoding = wide == 1 ? ENC_UTF16LE : ENC_UTF16BE;
    found = (c.cd = open_encoding(c.encoding)) != (iconv_t)-1;
  }
  if (!found) {
    if (!scanned) {
      utf8_scan(s, len, &st);
      scanned = 1;
    }
    if (utf8_plausible(&st)) {
      c.encoding = ENC_UTF8;
      found = 1;
    } else if (!(found = detect_charset(s, len, &c))) {
      c.encoding = ENC_WINDOWS_1252;
      found = (c.cd = open_encoding(c.encoding)) != (iconv_t)-1;
    }
    if (found && c.unknown[0] && warning && warning_size)
      snprintf(warning, warning_size,
               "the declared charset \"%s\" is unknown; read as %s", c.unknown,
               c.encoding >= 0 ? encodings[c.encoding].name : c.label);
  }
  if (!found)
    return PITH_ERR_ENCODING;

  pith_status status;
  if (c.encoding == ENC_UTF8) {
    const unsigned char *u = s + bom;
    size_t n = len - bom;
    utf8_stats ust;
    if (scanned && !bom)
      ust = st;
    else
      utf8_scan(u, n, &ust);
    if (view && n > 0 && ust.invalid == 0 && !memchr(u, 0, n)) {
      *view = (const char *)u;
      *out_len = n;
      status = PITH_OK;
    } else {
      status = utf8_repair(u, n, &ust, out, out_len);
    }
  } else {
    size_t unit = 1;
    if (c.encoding >= 0 && encodings[c.encoding].kind == KIND_UTF16)
      unit = 2;
    else if (c.encoding >= 0 && encodings[c.encoding].kind == KIND_UTF32)
      unit = 4;
    status = convert(c.cd, unit, s + bom, len - bom, out, out_len);
    iconv_close(c.cd);
  }
  if (status == PITH_OK)
    report(charset, charset_size,
           c.encoding >= 0 ? encodings[c.encoding].name : c.label);
  return status;
}

pith_status pith_decode_to_utf8_warn(const char *in, size_t len,
                                     const char *content_type, char **out,
                                     size_t *out_len, char *charset,
                                     size_t charset_size, char *warning,
                                     size_t warning_size) {
  return decode(in, len, content_type, NULL, out, out_len, charset,
                charset_size, warning, warning_size);
}

pith_status pith_decode_to_utf8_view(const char *in, size_t len,
                                     const char *content_type,
                                     const char **view, char **out,
                                     size_t *out_len, char *charset,
                                     size_t charset_size, char *warning,
                                     size_t warning_size) {
  if (!view)
    return PITH_ERR_ARGUMENT;
  *view = NULL;
  pith_status st = decode(in, len, content_type, view, out, out_len, charset,
                          charset_size, warning, warning_size);
  if (st == PITH_OK && *out)
    *view = *out;
  return st;
}

int pith_content_type_charset_known(const char *content_type) {
  const unsigned char *label;
  size_t label_len;
  if (!content_type || !charset_param((const unsigned char *)content_type,
                                      strlen(content_type), &label, &label_len))
    return -1;
  /* "utf-16" is decided by the bytes' NUL pattern, never refused. */
  if (label_is_wide(label, label_len))
    return 1;
  choice c = {.encoding = -1, .label = "", .cd = (iconv_t)-1};
  if (!try_label(label, label_len, &c))
    return 0;
  if (c.cd != (iconv_t)-1)
    iconv_close(c.cd);
  return 1;
}
