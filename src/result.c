/* The result object: what pith_extract() and pith_clean_text() hand the
 * caller, its accessors, and the status texts. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

const char *pith_version(void) {
  return PITH_VERSION;
}

const char *pith_strerror(pith_status status) {
  switch (status) {
  case PITH_OK:
    return "ok";
  case PITH_NO_ARTICLE:
    return "no article in this page";
  case PITH_ERR_ARGUMENT:
    return "invalid argument";
  case PITH_ERR_NOMEM:
    return "out of memory";
  case PITH_ERR_EMPTY:
    return "empty input";
  case PITH_ERR_NOT_HTML:
    return "not an HTML page (binary data)";
  case PITH_ERR_TOO_LARGE:
    return "input too large";
  case PITH_ERR_PARSE:
    return "the HTML could not be parsed";
  case PITH_ERR_ENCODING:
    return "the input could not be converted to UTF-8";
  case PITH_ERR_LIMIT:
    return "a document limit was exceeded";
  case PITH_ERR_IO:
    return "input/output error";
  case PITH_ERR_LANGUAGE:
    return "the document is not in the target language";
  }
  return "unknown status";
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
const char *pith_result_comments(const pith_result *r) {
  return pith_result_field(r, PITH_FIELD_COMMENTS);
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
  for (size_t i = 0; i < r->nwarnings; i++)
    free(r->warnings[i]);
  free(r->warnings);
  for (size_t i = 0; i < r->nimages; i++) {
    free(r->images[i].url);
    free(r->images[i].alt);
  }
  free(r->images);
  pith_decisions_free(&r->decisions);
  free(r->message);
  free(r);
}

size_t pith_result_warning_count(const pith_result *r) {
  return r ? r->nwarnings : 0;
}

const char *pith_result_warning(const pith_result *r, size_t i) {
  return r && i < r->nwarnings ? r->warnings[i] : NULL;
}

int pith_result_warn(pith_result *r, const char *warning) {
  char **w = realloc(r->warnings, (r->nwarnings + 1) * sizeof *w);
  if (!w)
    return -1;
  r->warnings = w;
  w[r->nwarnings] = pith_strdup(warning);
  if (!w[r->nwarnings])
    return -1;
  r->nwarnings++;
  return 0;
}

size_t pith_result_image_count(const pith_result *r) {
  return r ? r->nimages : 0;
}

const char *pith_result_image_url(const pith_result *r, size_t i) {
  return r && i < r->nimages ? r->images[i].url : NULL;
}

const char *pith_result_image_alt(const pith_result *r, size_t i) {
  return r && i < r->nimages ? r->images[i].alt : NULL;
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
    r->lines[i].why = b->why;
    b->text = NULL;
  }
  r->nlines = blocks->count;
  return 0;
}

int pith_decisions_add(pith_decisions *d, const char *stage, const char *rule,
                       char *text) {
  if (!text)
    return -1;
  if (d->count == d->cap) {
    size_t cap = d->cap ? d->cap * 2 : 32;
    pith_decision *p = realloc(d->items, cap * sizeof *p);
    if (!p) {
      free(text);
      return -1;
    }
    d->items = p;
    d->cap = cap;
  }
  d->items[d->count].stage = stage;
  d->items[d->count].rule = rule;
  d->items[d->count].text = text;
  d->count++;
  return 0;
}

void pith_decisions_free(pith_decisions *d) {
  for (size_t i = 0; i < d->count; i++)
    free(d->items[i].text);
  free(d->items);
  memset(d, 0, sizeof *d);
}

size_t pith_result_decision_count(const pith_result *r) {
  return r ? r->decisions.count : 0;
}

const char *pith_result_decision_stage(const pith_result *r, size_t i) {
  return r && i < r->decisions.count ? r->decisions.items[i].stage : NULL;
}

const char *pith_result_decision_rule(const pith_result *r, size_t i) {
  return r && i < r->decisions.count ? r->decisions.items[i].rule : NULL;
}

const char *pith_result_decision_text(const pith_result *r, size_t i) {
  return r && i < r->decisions.count ? r->decisions.items[i].text : NULL;
}
