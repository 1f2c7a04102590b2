/* pith_extract on any bytes. The first byte picks the Content-Type and the
 * URL passed in the options, the second byte small document limits, so the
 * header and limit paths are reached too; the rest is the page. Every
 * accessor of the result is read. */
#include <string.h>

#include "fuzz.h"
#include "pith.h"

static const char *const content_types[] = {
    NULL,
    "text/html",
    "text/html; charset=utf-8",
    "text/html; charset=windows-1251",
    "text/html; charset=shift_jis",
    "text/html; charset=utf-16",
    "text/html; charset=gb2312",
    "text/html; charset=iso-8859-1",
    "text/html; charset=\"utf-16le\"",
    "text/html; charset=x-unknown-charset",
    "application/xhtml+xml; charset=euc-kr",
    "text/plain",
    "text/html; charset=",
    "charset=big5",
    "text/html;charset=koi8-r;q=1",
    "",
};

static const char *const urls[] = {
    NULL,
    "https://www.example.org/news/2024/03/05/story.html",
    "http://example.com/",
    "https://example.net/a/b/../c?x=1#frag",
    "not a url",
    "",
    "https://[::1]:8080/path",
    "file:///etc/passwd",
    "https://xn--bcher-kva.example/2019-11-19/",
    "//example.org/relative",
    "https://user:pass@example.org:99999/",
    "mailto:someone@example.org",
    "https://example.org/%zz%00",
    "javascript:alert(1)",
    "https://example.org/" /* long path below */
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "https://example.org/2031/01/01/future.html",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  pith_options opt;
  pith_options_init(&opt);
  if (size >= 2) {
    opt.content_type = content_types[data[0] & 15];
    opt.url = urls[data[0] >> 4];
    unsigned limits = data[1];
    if (limits & 1)
      opt.max_nodes = 64;
    if (limits & 2)
      opt.max_input_bytes = 4096;
    if (limits & 4)
      opt.max_depth = 12;
    if (limits & 8)
      opt.max_output_bytes = 256;
    data += 2;
    size -= 2;
  }
  pith_result *r = NULL;
  pith_status st = pith_extract((const char *)data, size, &opt, &r);
  if (r) {
    size_t total = 0;
    for (int f = 0; f < PITH_FIELD_COUNT_; f++) {
      const char *v = pith_result_field(r, (pith_field)f);
      if (v)
        total += strlen(v);
    }
    total += strlen(pith_result_message(r));
    for (size_t i = 0; i < pith_result_line_count(r); i++) {
      total += strlen(pith_result_line_text(r, i));
      total += strlen(pith_result_line_rule(r, i));
      total += pith_result_line_number(r, i);
    }
    if (pith_result_status(r) != st)
      __builtin_trap();
    if ((st == PITH_OK || st == PITH_NO_ARTICLE) && !pith_result_json(r))
      __builtin_trap();
    (void)total;
  }
  pith_result_free(r);
  return 0;
}
