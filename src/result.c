/* The result object: what pith_extract() and pith_clean_text() hand the
 * caller, and its accessors. The status texts are in status.c. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

const char *pith_version(void) {
  return PITH_VERSION;
}

pith_status pith_result_status(const pith_result *r) {
  return r ? r->status : PITH_ERR_ARGUMENT;
}

const char *pith_result_field(const pith_result *r, pith_field field) {
  if (!r || field < 0 || field >= PITH_FIELD_COUNT_)
    return NULL;
  return r->fields[field];
}

const char *pith_result_text(const pith_result *r) {
  return pith_result_field(r, PITH_FIELD_TEXT);
}
const char *pith_result_markdown(const pith_result *r) {
  return pith_result_field(r, PITH_FIELD_MARKDOWN);
}
const char *pith_result_json(const pith_result *r) {
  return pith_result_field(r, PITH_FIELD_JSON);
}
double pith_result_confidence(const pith_result *r) {
  return r ? r->confidence : 0.0;
}
int pith_result_has_article(const pith_result *r) {
  return r ? r->has_article : 0;
}
const char *pith_result_message(const pith_result *r) {
  return r && r->message ? r->message : "";
}

void pith_result_free(pith_result *r) {
  if (!r)
    return;
  for (int i = 0; i < PITH_FIELD_COUNT_; i++)
    free(r->fields[i]);
  for (size_t i = 0; i < r->nlines; i++)
    free(r->lines[i].text);
  free(r->lines);
  free(r->message);
  free(r);
}

size_t pith_result_line_count(const pith_result *r) {
  return r ? r->nlines : 0;
}

const char *pith_result_line_text(const pith_result *r, size_t i) {
  return r && i < r->nlines ? r->lines[i].text : NULL;
}

int pith_result_line_kept(const pith_result *r, size_t i) {
  return r && i < r->nlines ? r->lines[i].kept : 0;
}

size_t pith_result_line_number(const pith_result *r, size_t i) {
  return r && i < r->nlines ? r->lines[i].source_line : 0;
}

const char *pith_result_line_rule(const pith_result *r, size_t i) {
  return r && i < r->nlines ? r->lines[i].rule : NULL;
}

pith_status pith_result_fail(pith_result *r, pith_status status,
                             const char *why) {
  r->status = status;
  free(r->message);
  r->message = pith_strdup(why ? why : pith_strerror(status));
  return status;
}

int pith_result_take_lines(pith_result *r, pith_blocks *blocks) {
  if (!blocks->count)
    return 0;
  r->lines = calloc(blocks->count, sizeof *r->lines);
  if (!r->lines)
    return -1;
  for (size_t i = 0; i < blocks->count; i++) {
    pith_block *b = &blocks->items[i];
    r->lines[i].text = b->text;
    r->lines[i].kept = !b->drop;
    r->lines[i].source_line = b->source_line;
    r->lines[i].rule = b->rule ? b->rule : "content";
    b->text = NULL;
  }
  r->nlines = blocks->count;
  return 0;
}
