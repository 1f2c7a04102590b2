/* pith_clean_text on any bytes. The first byte picks the Content-Type (the
 * charset of the text); the rest is the text. */
#include <string.h>

#include "fuzz.h"
#include "pith.h"

static const char *const content_types[] = {
    NULL,
    "text/plain; charset=utf-8",
    "text/plain; charset=windows-1252",
    "text/plain; charset=utf-16le",
    "text/plain; charset=koi8-r",
    "text/plain; charset=shift_jis",
    "text/plain; charset=bogus",
    "",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  pith_options opt;
  pith_options_init(&opt);
  if (size >= 1) {
    opt.content_type = content_types[data[0] & 7];
    data++;
    size--;
  }
  pith_result *r = NULL;
  pith_status st = pith_clean_text((const char *)data, size, &opt, &r);
  if (r) {
    size_t total = strlen(pith_result_message(r));
    for (size_t i = 0; i < pith_result_line_count(r); i++) {
      total += strlen(pith_result_line_text(r, i));
      total += strlen(pith_result_line_rule(r, i));
      if (pith_result_line_number(r, i) == 0)
        __builtin_trap(); /* text-mode lines are numbered from 1 */
    }
    if ((st == PITH_OK || st == PITH_NO_ARTICLE) &&
        (!pith_result_text(r) || !pith_result_json(r)))
      __builtin_trap();
    (void)total;
  }
  pith_result_free(r);
  return 0;
}
