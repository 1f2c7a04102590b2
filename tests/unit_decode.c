/* Charset detection and conversion: every source of the charset in its order
 * of precedence, the common legacy encodings with known byte values, repair
 * of broken input, and the binary sniff. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"

#define FFFD "\xEF\xBF\xBD"

typedef struct decoded {
  pith_status status;
  char *text;
  size_t len;
  char charset[32];
} decoded;

/* Strict UTF-8 check, written out here so the test does not lean on the
 * code under test. */
static int valid_utf8(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    size_t need;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0x80) {
      i++;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF)
      need = 1;
    else if (c >= 0xE0 && c <= 0xEF)
      need = 2, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    else if (c >= 0xF0 && c <= 0xF4)
      need = 3, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    else
      return 0;
    if (i + need >= n)
      return 0;
    for (size_t k = 1; k <= need; k++) {
      if (s[i + k] < lo || s[i + k] > hi)
        return 0;
      lo = 0x80, hi = 0xBF;
    }
    i += need + 1;
  }
  return 1;
}

static decoded run(const char *bytes, size_t n, const char *content_type) {
  decoded d;
  memset(&d, 0, sizeof d);
  d.status = pith_decode_to_utf8(bytes, n, content_type, &d.text, &d.len,
                                 d.charset, sizeof d.charset);
  if (d.status == PITH_OK) {
    assert_non_null(d.text);
    assert_int_equal(d.text[d.len], '\0');
    assert_int_equal(strlen(d.text), d.len);
    assert_true(valid_utf8((const unsigned char *)d.text, d.len));
    assert_false(d.len >= 3 && memcmp(d.text, "\xEF\xBB\xBF", 3) == 0);
  }
  return d;
}

/* Decodes and checks that the text contains `want` and the charset used. */
static void expect(const char *bytes, size_t n, const char *content_type,
                   const char *want, const char *charset) {
  decoded d = run(bytes, n, content_type);
  assert_int_equal(d.status, PITH_OK);
  if (!strstr(d.text, want))
    fail_msg("decoded text \"%s\" lacks \"%s\"", d.text, want);
  assert_string_equal(d.charset, charset);
  free(d.text);
}

/* Decodes and checks the whole output. */
static void expect_exact(const char *bytes, size_t n, const char *content_type,
                         const char *want, const char *charset) {
  decoded d = run(bytes, n, content_type);
  assert_int_equal(d.status, PITH_OK);
  assert_string_equal(d.text, want);
  assert_string_equal(d.charset, charset);
  free(d.text);
}

#define EXPECT(lit, ct, want, cs) expect(lit, sizeof(lit) - 1, ct, want, cs)
#define EXPECT_EXACT(lit, ct, want, cs)                                        \
  expect_exact(lit, sizeof(lit) - 1, ct, want, cs)

/* "Привет" in the legacy Cyrillic encodings. */
#define PRIVET_CP1251 "\xCF\xF0\xE8\xE2\xE5\xF2"
#define PRIVET_KOI8R "\xF0\xD2\xC9\xD7\xC5\xD4"
#define PRIVET "Привет"

/* ---- byte-order marks ---------------------------------------------------- */

static void test_bom_utf8(void **state) {
  (void)state;
  EXPECT_EXACT("\xEF\xBB\xBF<p>h\xC3\xA9llo</p>", NULL, "<p>héllo</p>",
               "utf-8");
  /* The mark beats a header and a <meta> that say otherwise. */
  EXPECT_EXACT("\xEF\xBB\xBF<meta charset=windows-1251>\xC3\xA9",
               "text/html; charset=windows-1251",
               "<meta charset=windows-1251>é", "utf-8");
}

static void test_bom_utf16le(void **state) {
  (void)state;
  /* FF FE, then "<p>Привет</p>" in UTF-16LE. */
  EXPECT_EXACT("\xFF\xFE<\0p\0>\0\x1F\x04\x40\x04\x38\x04\x32\x04\x35\x04"
               "\x42\x04<\0/\0p\0>\0",
               "text/html; charset=windows-1252", "<p>" PRIVET "</p>",
               "utf-16le");
}

static void test_bom_utf16be(void **state) {
  (void)state;
  EXPECT_EXACT("\xFE\xFF\0<\0p\0>\x04\x1F\x04\x40\x04\x38\x04\x32\x04\x35"
               "\x04\x42\0<\0/\0p\0>",
               NULL, "<p>" PRIVET "</p>", "utf-16be");
}

static void test_bom_utf32(void **state) {
  (void)state;
  EXPECT_EXACT("\xFF\xFE\0\0<\0\0\0\x1F\x04\0\0", NULL, "<П", "utf-32le");
  EXPECT_EXACT("\0\0\xFE\xFF\0\0\0<\0\0\x04\x1F", NULL, "<П", "utf-32be");
}

/* ---- the HTTP header ----------------------------------------------------- */

static void test_content_type_beats_meta(void **state) {
  (void)state;
  EXPECT(
      "<html><head><meta charset=\"iso-8859-1\"></head><body><p>" PRIVET_CP1251
      "</p>",
      "text/html; charset=windows-1251", "<p>" PRIVET "</p>", "windows-1251");
}

static void test_content_type_forms(void **state) {
  (void)state;
  const char page[] = "<p>" PRIVET_CP1251 "</p>";
  const char *types[] = {
      "text/html; charset=windows-1251",
      "text/html;charset=\"windows-1251\"",
      "Text/HTML ; Charset = 'Windows-1251'",
      "text/html; CHARSET=CP1251; foo=bar",
      "text/html; charset=\" x-cp1251 \"",
      "text/html; boundary=x; charset=windows-1251",
  };
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
    expect(page, sizeof page - 1, types[i], PRIVET, "windows-1251");
  /* No charset parameter, an empty one: the page decides. */
  EXPECT("<meta charset=koi8-r><p>" PRIVET_KOI8R, "text/html", PRIVET,
         "koi8-r");
  EXPECT("<meta charset=koi8-r><p>" PRIVET_KOI8R, "text/html; charset=", PRIVET,
         "koi8-r");
}

/* ---- <meta> -------------------------------------------------------------- */

static void test_meta_charset(void **state) {
  (void)state;
  EXPECT("<!DOCTYPE html><html><head><meta charset=\"windows-1251\">"
         "<title>" PRIVET_CP1251 "</title>",
         NULL, "<title>" PRIVET "</title>", "windows-1251");
  EXPECT("<meta charset=KOI8-R><p>" PRIVET_KOI8R, NULL, PRIVET, "koi8-r");
  EXPECT("<META CHARSET='cp1251'/><p>" PRIVET_CP1251, NULL, PRIVET,
         "windows-1251");
  /* After a long head full of scripts and links, still within reach. */
  char page[3000] = "<html><head>";
  for (int i = 0; i < 30; i++)
    strcat(page, "<link rel=\"stylesheet\" href=\"/assets/style-xxxx.css\">");
  strcat(page, "<meta charset=\"windows-1251\"><p>" PRIVET_CP1251);
  expect(page, strlen(page), NULL, PRIVET, "windows-1251");
}

static void test_meta_http_equiv(void **state) {
  (void)state;
  EXPECT("<meta http-equiv=\"Content-Type\" content=\"text/html; "
         "charset=windows-1251\"><p>" PRIVET_CP1251,
         NULL, PRIVET, "windows-1251");
  /* Attributes in any order, case and quoting. */
  EXPECT("<meta content='text/html;charset=\"koi8-r\"' "
         "HTTP-EQUIV=content-type><p>" PRIVET_KOI8R,
         NULL, PRIVET, "koi8-r");
  /* A content attribute without the pragma declares nothing. */
  EXPECT("<meta content=\"text/html; charset=windows-1251\"><p>caf\xE9", NULL,
         "café", "windows-1252");
}

static void test_meta_skips_comments_and_attributes(void **state) {
  (void)state;
  /* A commented-out declaration does not count; the real one does. */
  EXPECT("<!-- <meta charset=\"koi8-r\"> --><meta "
         "charset=windows-1251><p>" PRIVET_CP1251,
         NULL, PRIVET, "windows-1251");
  /* A ">" inside another tag's attribute value does not end that tag. */
  EXPECT("<div title='<meta charset=koi8-r>'><meta charset=windows-1251>"
         "<p>" PRIVET_CP1251,
         NULL, PRIVET, "windows-1251");
  /* Text that merely mentions a charset is not a declaration. */
  EXPECT("<p>charset=koi8-r caf\xE9</p>", NULL, "café", "windows-1252");
}

static void test_meta_utf16_is_utf8(void **state) {
  (void)state;
  /* The declaration was readable as ASCII, so the page is not UTF-16. */
  EXPECT_EXACT("<meta charset=\"utf-16\"><p>caf\xC3\xA9", NULL,
               "<meta charset=\"utf-16\"><p>café", "utf-8");
}

static void test_xml_declaration(void **state) {
  (void)state;
  EXPECT("<?xml version=\"1.0\" "
         "encoding=\"windows-1251\"?><html><p>" PRIVET_CP1251,
         NULL, PRIVET, "windows-1251");
  /* A <meta> comes before the XML declaration. */
  EXPECT("<?xml version='1.0' encoding='koi8-r'?><html><head><meta "
         "charset=windows-1251><p>" PRIVET_CP1251,
         NULL, PRIVET, "windows-1251");
}

/* ---- unknown labels and sniffing ---------------------------------------- */

static void test_unknown_label_falls_back(void **state) {
  (void)state;
  EXPECT("<p>caf\xC3\xA9", "text/html; charset=x-no-such-charset", "café",
         "utf-8");
  EXPECT("<p>caf\xE9", "text/html; charset=x-no-such-charset", "café",
         "windows-1252");
  EXPECT("<meta charset=\"bogus\"><p>caf\xE9", NULL, "café", "windows-1252");
  /* An unknown header label lets the <meta> speak. */
  EXPECT("<meta charset=windows-1251><p>" PRIVET_CP1251,
         "text/html; charset=nonsense", PRIVET, "windows-1251");
  /* Labels iconv knows beyond the standard's table still work. */
  EXPECT("<p>caf\x82", "text/html; charset=cp850", "café", "cp850");
}

static void test_sniff_utf8_vs_windows_1252(void **state) {
  (void)state;
  EXPECT_EXACT("<p>caf\xC3\xA9 cr\xC3\xA8me</p>", NULL, "<p>café crème</p>",
               "utf-8");
  EXPECT_EXACT("<p>caf\xE9 cr\xE8me</p>", NULL, "<p>café crème</p>",
               "windows-1252");
  EXPECT_EXACT("\x93quoted\x94 \x80 5", NULL, "“quoted” € 5", "windows-1252");
  EXPECT_EXACT("plain ascii", NULL, "plain ascii", "utf-8");
  /* Mostly UTF-8 with one stray Latin-1 byte: still UTF-8. */
  EXPECT_EXACT("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9 \xE9 ok", NULL,
               "ééééé " FFFD " ok", "utf-8");
}

static void test_declared_legacy_but_utf8(void **state) {
  (void)state;
  /* Servers often default to iso-8859-1 for pages written in UTF-8. */
  EXPECT_EXACT("<p>caf\xC3\xA9", "text/html; charset=iso-8859-1", "<p>café",
               "utf-8");
  EXPECT_EXACT("<meta charset=windows-1251><p>\xD0\x9F", NULL,
               "<meta charset=windows-1251><p>П", "utf-8");
  /* Pure ASCII keeps the declared name. */
  EXPECT_EXACT("<p>cafe", "text/html; charset=iso-8859-1", "<p>cafe",
               "windows-1252");
}

static void test_utf16_without_bom(void **state) {
  (void)state;
  EXPECT_EXACT("<\0p\0>\0\x1F\x04\x40\x04<\0/\0p\0>\0", NULL, "<p>Пр</p>",
               "utf-16le");
  EXPECT_EXACT("\0<\0p\0>\x04\x1F\x04\x40\0<\0/\0p\0>", NULL, "<p>Пр</p>",
               "utf-16be");
  EXPECT_EXACT("<\0p\0>\0h\0i\0", "text/html; charset=utf-16", "<p>hi",
               "utf-16le");
  /* A header's "utf-16" on a page that plainly is not is ignored. */
  EXPECT_EXACT("<p>caf\xC3\xA9", "text/html; charset=utf-16", "<p>café",
               "utf-8");
}

/* ---- repair -------------------------------------------------------------- */

static void test_invalid_utf8_repaired(void **state) {
  (void)state;
  EXPECT_EXACT("<meta charset=utf-8>a\xFF"
               "b\xC3(c",
               NULL, "<meta charset=utf-8>a" FFFD "b" FFFD "(c", "utf-8");
  /* Overlong forms, surrogates and bytes past U+10FFFF: one U+FFFD per
   * maximal ill-formed subpart, as the Encoding standard says. */
  EXPECT_EXACT("\xC0\xAF|\xED\xA0\x80|\xF4\x90\x80\x80|\xE2\x82x",
               "text/html; charset=utf-8",
               FFFD FFFD "|" FFFD FFFD FFFD "|" FFFD FFFD FFFD FFFD "|" FFFD
                         "x",
               "utf-8");
  /* Declared UTF-8 stays UTF-8, however broken. */
  EXPECT_EXACT("caf\xE9 cr\xE8me", "text/html; charset=utf-8",
               "caf" FFFD " cr" FFFD "me", "utf-8");
}

static void test_truncated_at_end(void **state) {
  (void)state;
  EXPECT_EXACT("abc\xE2\x82", "text/html; charset=utf-8", "abc" FFFD, "utf-8");
  /* A cut-off download of a UTF-8 page is still sniffed as UTF-8. */
  EXPECT_EXACT("h\xC3\xA9llo w\xC3\xB6rld \xF0\x9F\x98", NULL,
               "héllo wörld " FFFD, "utf-8");
  EXPECT_EXACT("\x93\xFA\x96", "text/html; charset=shift_jis", "日" FFFD,
               "shift_jis");
  EXPECT_EXACT("\xFF\xFE<\0p", NULL, "<" FFFD, "utf-16le");
}

static void test_nul_bytes_dropped(void **state) {
  (void)state;
  decoded d = run("<p>a\0b</p>", 10, NULL);
  assert_int_equal(d.status, PITH_OK);
  assert_string_equal(d.text, "<p>ab</p>");
  assert_int_equal(d.len, 9);
  free(d.text);
  d = run("<p>a\0\xE9</p>", 10, "text/html; charset=latin1");
  assert_int_equal(d.status, PITH_OK);
  assert_string_equal(d.text, "<p>aé</p>");
  free(d.text);
}

/* Extraction reads well-formed UTF-8 where it lies; anything that needs a
 * change (a NUL, an ill-formed byte, another charset) is still a copy. */
static void test_view_without_copy(void **state) {
  (void)state;
  static const char page[] = "<p>h\xC3\xA9llo</p>";
  const char *view = NULL;
  char *copy = NULL;
  size_t len = 0;
  char charset[32];
  assert_int_equal(pith_decode_to_utf8_view(page, sizeof page - 1, NULL, &view,
                                            &copy, &len, charset,
                                            sizeof charset, NULL, 0),
                   PITH_OK);
  assert_ptr_equal(view, page);
  assert_null(copy);
  assert_int_equal(len, sizeof page - 1);
  assert_string_equal(charset, "utf-8");
  /* after a byte-order mark */
  static const char bom[] = "\xEF\xBB\xBF<p>caf\xC3\xA9</p>";
  assert_int_equal(pith_decode_to_utf8_view(bom, sizeof bom - 1, NULL, &view,
                                            &copy, &len, charset,
                                            sizeof charset, NULL, 0),
                   PITH_OK);
  assert_ptr_equal(view, bom + 3);
  assert_null(copy);
  assert_int_equal(len, sizeof bom - 4);
  /* a NUL byte, an ill-formed byte, a legacy charset, nothing after the
   * mark: decoded into a copy, as pith_decode_to_utf8_warn does */
  static const struct {
    const char *in;
    size_t len;
    const char *content_type, *want;
  } copied[] = {
      {"<p>a\0b</p>", 10, NULL, "<p>ab</p>"},
      {"<p>a\xFF\xC3\xA9</p>", 11, "text/html; charset=utf-8",
       "<p>a" FFFD "\xC3\xA9</p>"},
      {"<p>\xE9t\xE9</p>", 10, "text/html; charset=latin1",
       "<p>\xC3\xA9t\xC3\xA9</p>"},
      {"\xEF\xBB\xBF", 3, NULL, ""},
  };
  for (size_t i = 0; i < sizeof copied / sizeof *copied; i++) {
    assert_int_equal(pith_decode_to_utf8_view(
                         copied[i].in, copied[i].len, copied[i].content_type,
                         &view, &copy, &len, charset, sizeof charset, NULL, 0),
                     PITH_OK);
    assert_non_null(copy);
    assert_ptr_equal(view, copy);
    assert_int_equal(len, strlen(copied[i].want));
    assert_memory_equal(view, copied[i].want, len);
    free(copy);
    copy = NULL;
  }
}

/* ---- legacy encodings ---------------------------------------------------- */

static void test_windows_1251(void **state) {
  (void)state;
  EXPECT_EXACT(PRIVET_CP1251 ", \xEC\xE8\xF0! \xAB\xB8\xBB",
               "text/html; charset=windows-1251", PRIVET ", мир! «ё»",
               "windows-1251");
}

static void test_iso_8859_1(void **state) {
  (void)state;
  /* iso-8859-1 means windows-1252, so 0x80 is the euro sign. */
  EXPECT_EXACT("Gr\xFC\xDF"
               "e \x80",
               "text/html; charset=ISO-8859-1", "Grüße €", "windows-1252");
  EXPECT_EXACT("caf\xE9", "text/html; charset=us-ascii", "café",
               "windows-1252");
  EXPECT_EXACT("caf\xE9", "text/html; charset=latin1", "café", "windows-1252");
}

static void test_shift_jis(void **state) {
  (void)state;
  EXPECT_EXACT("<p>\x93\xFA\x96\x7B\x8C\xEA</p>",
               "text/html; charset=Shift_JIS", "<p>日本語</p>", "shift_jis");
  /* NEC row 13 (circled digits) is in CP932, what these pages really are. */
  EXPECT_EXACT("\x87\x40", "text/html; charset=x-sjis", "①", "shift_jis");
  /* A broken lead byte does not swallow the ASCII byte after it. */
  EXPECT_EXACT("\x93<p>", "text/html; charset=sjis", FFFD "<p>", "shift_jis");
}

static void test_gb2312(void **state) {
  (void)state;
  EXPECT_EXACT("<meta charset=gb2312><p>\xD6\xD0\xCE\xC4</p>", NULL,
               "<meta charset=gb2312><p>中文</p>", "gb18030");
  /* Pages labelled gb2312 use GBK characters; the superset reads them. */
  EXPECT_EXACT("\xE9\x46", "text/html; charset=gb2312", "镕", "gb18030");
  EXPECT_EXACT("\xA2\xE3", "text/html; charset=GBK", "€", "gb18030");
}

static void test_other_cjk(void **state) {
  (void)state;
  EXPECT_EXACT("\xC6\xFC\xCB\xDC\xB8\xEC", "text/html; charset=euc-jp",
               "日本語", "euc-jp");
  EXPECT_EXACT("\x1B$BF|K\\8l\x1B(B!", "text/html; charset=iso-2022-jp",
               "日本語!", "iso-2022-jp");
  EXPECT_EXACT("\xC7\xD1\xB1\xB9\xBE\xEE", "text/html; charset=euc-kr",
               "한국어", "euc-kr");
  EXPECT_EXACT("\xA4\xA4\xA4\xE5", "text/html; charset=big5", "中文", "big5");
}

/* ---- edges ----------------------------------------------------------------
 */

static void test_empty_input(void **state) {
  (void)state;
  decoded d = run("", 0, NULL);
  assert_int_equal(d.status, PITH_OK);
  assert_string_equal(d.text, "");
  assert_int_equal(d.len, 0);
  assert_string_equal(d.charset, "utf-8");
  free(d.text);
  char *out = NULL;
  size_t len = 1;
  assert_int_equal(pith_decode_to_utf8(NULL, 0, NULL, &out, &len, NULL, 0),
                   PITH_OK);
  assert_string_equal(out, "");
  assert_int_equal(len, 0);
  free(out);
  assert_false(pith_decode_looks_binary("", 0));
  assert_false(pith_decode_looks_binary(NULL, 0));
}

static void test_charset_buffer(void **state) {
  (void)state;
  char *out = NULL;
  size_t len = 0;
  char small[4];
  assert_int_equal(
      pith_decode_to_utf8("caf\xE9", 4, NULL, &out, &len, small, sizeof small),
      PITH_OK);
  assert_string_equal(small, "win");
  free(out);
  assert_int_equal(pith_decode_to_utf8("x", 1, NULL, &out, &len, NULL, 0),
                   PITH_OK);
  free(out);
}

static void test_large_utf8_copied(void **state) {
  (void)state;
  size_t n = 4 * 1024 * 1024;
  char *page = malloc(n);
  assert_non_null(page);
  const char *piece = "<p>Привет, мир — naïve café 日本語</p>\n";
  size_t plen = strlen(piece), used = 0;
  while (used + plen <= n) {
    memcpy(page + used, piece, plen);
    used += plen;
  }
  decoded d = run(page, used, NULL);
  assert_int_equal(d.status, PITH_OK);
  assert_int_equal(d.len, used);
  assert_memory_equal(d.text, page, used);
  assert_string_equal(d.charset, "utf-8");
  free(d.text);
  free(page);
}

/* Whatever the bytes and whatever is declared, the output is valid UTF-8. */
static void test_random_bytes_always_valid(void **state) {
  (void)state;
  const char *types[] = {NULL,
                         "text/html; charset=utf-8",
                         "text/html; charset=windows-1251",
                         "text/html; charset=shift_jis",
                         "text/html; charset=gb2312",
                         "text/html; charset=euc-kr",
                         "text/html; charset=big5",
                         "text/html; charset=iso-2022-jp",
                         "text/html; charset=utf-16"};
  uint32_t seed = 12345;
  char buf[512];
  for (int round = 0; round < 400; round++) {
    size_t n = (size_t)(round % 97) + (size_t)round % 5 * 100;
    for (size_t i = 0; i < n; i++) {
      seed = seed * 1103515245u + 12345u;
      buf[i] = (char)(seed >> 16);
    }
    if (round % 7 == 0 && n >= 2)
      buf[0] = '\xFF', buf[1] = '\xFE';
    decoded d = run(buf, n, types[round % (sizeof types / sizeof types[0])]);
    assert_int_equal(d.status, PITH_OK);
    free(d.text);
  }
}

/* ---- binary sniff -------------------------------------------------------- */

static void test_binary_magic(void **state) {
  (void)state;
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
  static const char jpeg[] = "\xFF\xD8\xFF\xE0\0\x10JFIF";
  static const char pdf[] = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
  static const char gz[] = "\x1F\x8B\x08\0\0\0\0\0\0\x03";
  static const char gif[] = "GIF89a\x01\0\x01\0";
  static const char zip[] = "PK\x03\x04\x14\0\0\0";
  static const char webp[] = "RIFF\x24\0\0\0WEBPVP8 ";
  assert_true(pith_decode_looks_binary(png, sizeof png - 1));
  assert_true(pith_decode_looks_binary(jpeg, sizeof jpeg - 1));
  assert_true(pith_decode_looks_binary(pdf, sizeof pdf - 1));
  assert_true(pith_decode_looks_binary(gz, sizeof gz - 1));
  assert_true(pith_decode_looks_binary(gif, sizeof gif - 1));
  assert_true(pith_decode_looks_binary(zip, sizeof zip - 1));
  assert_true(pith_decode_looks_binary(webp, sizeof webp - 1));
}

static void test_binary_nul_heavy(void **state) {
  (void)state;
  char blob[2048];
  uint32_t seed = 7;
  for (size_t i = 0; i < sizeof blob; i++) {
    seed = seed * 1103515245u + 12345u;
    blob[i] = (char)(seed >> 16);
  }
  assert_true(pith_decode_looks_binary(blob, sizeof blob));
  memset(blob, 0, sizeof blob);
  assert_true(pith_decode_looks_binary(blob, sizeof blob));
}

static void test_text_not_binary(void **state) {
  (void)state;
  static const char html[] = "<!DOCTYPE html><html><body><p>Hello</p>";
  static const char utf16le[] = "\xFF\xFE<\0h\0t\0m\0l\0>\0<\0p\0>\0"
                                "\x1F\x04\x40\x04<\0/\0p\0>\0";
  static const char utf16be[] = "\0<\0h\0t\0m\0l\0>\0<\0p\0>\x04\x1F";
  static const char bzh[] = "BZh, said the sign.";
  assert_false(pith_decode_looks_binary(html, sizeof html - 1));
  assert_false(pith_decode_looks_binary(utf16le, sizeof utf16le - 1));
  assert_false(pith_decode_looks_binary(utf16be, sizeof utf16be - 1));
  assert_false(pith_decode_looks_binary(bzh, sizeof bzh - 1));
  /* A page with a few stray NULs is still a page. */
  char page[1024];
  memset(page, 'a', sizeof page);
  memcpy(page, "<html><body><p>", 15);
  for (int i = 0; i < 6; i++)
    page[100 + i * 50] = '\0';
  assert_false(pith_decode_looks_binary(page, sizeof page));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_bom_utf8),
      cmocka_unit_test(test_bom_utf16le),
      cmocka_unit_test(test_bom_utf16be),
      cmocka_unit_test(test_bom_utf32),
      cmocka_unit_test(test_content_type_beats_meta),
      cmocka_unit_test(test_content_type_forms),
      cmocka_unit_test(test_meta_charset),
      cmocka_unit_test(test_meta_http_equiv),
      cmocka_unit_test(test_meta_skips_comments_and_attributes),
      cmocka_unit_test(test_meta_utf16_is_utf8),
      cmocka_unit_test(test_xml_declaration),
      cmocka_unit_test(test_unknown_label_falls_back),
      cmocka_unit_test(test_sniff_utf8_vs_windows_1252),
      cmocka_unit_test(test_declared_legacy_but_utf8),
      cmocka_unit_test(test_utf16_without_bom),
      cmocka_unit_test(test_invalid_utf8_repaired),
      cmocka_unit_test(test_truncated_at_end),
      cmocka_unit_test(test_nul_bytes_dropped),
      cmocka_unit_test(test_view_without_copy),
      cmocka_unit_test(test_windows_1251),
      cmocka_unit_test(test_iso_8859_1),
      cmocka_unit_test(test_shift_jis),
      cmocka_unit_test(test_gb2312),
      cmocka_unit_test(test_other_cjk),
      cmocka_unit_test(test_empty_input),
      cmocka_unit_test(test_charset_buffer),
      cmocka_unit_test(test_large_utf8_copied),
      cmocka_unit_test(test_random_bytes_always_valid),
      cmocka_unit_test(test_binary_magic),
      cmocka_unit_test(test_binary_nul_heavy),
      cmocka_unit_test(test_text_not_binary),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
