/* Text mode: the debris rules of extraction applied to text that was
 * scraped long ago. Every non-empty line is a block; the kept ones are the
 * article. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "internal.h"

/* Splits UTF-8 text into one block per non-empty line (LF, CRLF or CR).
 * Returns 0, -1 when out of memory, -2 when the time limit passed. */
static int blocks_from_lines(const char *text, size_t len, pith_blocks *out,
                             const pith_limits *lim, pith_result *r) {
  size_t line_no = 0, i = 0;
  while (i < len) {
    if ((line_no & 4095) == 4095 && pith_limits_time_up(lim, r))
      return -2;
    size_t start = i;
    while (i < len && text[i] != '\n' && text[i] != '\r')
      i++;
    size_t end = i;
    if (i < len && text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
      i += 2;
    else if (i < len)
      i++;
    line_no++;
    char *t = pith_text_normalize_space(text + start, end - start);
    if (!t)
      return -1;
    if (!*t) {
      free(t);
      continue;
    }
    pith_block b;
    memset(&b, 0, sizeof b);
    b.kind = BLOCK_PARAGRAPH;
    b.text = t;
    b.text_len = strlen(t);
    b.source_line = line_no; /* no markdown: text mode renders text only */
    if (pith_blocks_push(out, &b) < 0)
      return -1;
  }
  return 0;
}

static char *clean_json(const pith_blocks *blocks, const char *text,
                        int has_article) {
  json_object *obj = json_object_new_object();
  json_object *removed = json_object_new_array();
  if (!obj || !removed) {
    json_object_put(obj);
    json_object_put(removed);
    return NULL;
  }
  size_t kept = 0, dropped = 0;
  int bad = 0;
  for (size_t i = 0; i < blocks->count; i++) {
    const pith_block *b = &blocks->items[i];
    if (!b->drop) {
      kept++;
      continue;
    }
    dropped++;
    json_object *line = json_object_new_object();
    if (!line) {
      bad = 1;
      break;
    }
    bad |= json_object_object_add(
        line, "line", json_object_new_int64((int64_t)b->source_line));
    bad |=
        json_object_object_add(line, "rule", json_object_new_string(b->rule));
    bad |=
        json_object_object_add(line, "text", json_object_new_string(b->text));
    bad |= json_object_array_add(removed, line);
  }
  bad |= json_object_object_add(obj, "article",
                                json_object_new_boolean(has_article));
  bad |= json_object_object_add(obj, "text", json_object_new_string(text));
  bad |= json_object_object_add(obj, "lines_kept",
                                json_object_new_int64((int64_t)kept));
  bad |= json_object_object_add(obj, "lines_removed",
                                json_object_new_int64((int64_t)dropped));
  bad |= json_object_object_add(obj, "removed", removed);
  char *result = NULL;
  if (!bad) {
    const char *s = json_object_to_json_string_ext(
        obj, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
    result = s ? pith_strdup(s) : NULL;
  }
  json_object_put(obj);
  return result;
}

static pith_status clean(const char *in, size_t len, const pith_limits *lim,
                         pith_result *r) {
  const pith_options *opt = &lim->opt;
  pith_nomem_take(); /* a failure noted by an earlier call is not ours */
  size_t i = 0;
  while (i < len && isspace((unsigned char)in[i]))
    i++;
  if (i == len)
    return pith_result_fail(r, PITH_ERR_EMPTY, "the input is empty");
  if (len > opt->max_input_bytes) {
    char msg[200];
    snprintf(msg, sizeof msg,
             "the input is larger than the limit (max_input_bytes = %zu); "
             "raise it with pith_options.max_input_bytes or --max-bytes",
             opt->max_input_bytes);
    return pith_result_fail(r, PITH_ERR_TOO_LARGE, msg);
  }
  if (pith_decode_looks_binary(in, len))
    return pith_result_fail(r, PITH_ERR_NOT_HTML,
                            "the input is binary data, not text");
  char *utf8 = NULL;
  size_t utf8_len = 0;
  char warning[160];
  pith_status st =
      pith_decode_to_utf8_warn(in, len, opt->content_type, &utf8, &utf8_len,
                               NULL, 0, warning, sizeof warning);
  if (st != PITH_OK)
    return pith_result_fail(r, st, NULL);
  if (warning[0] && pith_result_warn(r, warning) < 0) {
    free(utf8);
    return pith_result_fail(r, PITH_ERR_NOMEM, NULL);
  }

  pith_blocks blocks;
  memset(&blocks, 0, sizeof blocks);
  char *text = NULL, *json = NULL;
  int split = blocks_from_lines(utf8, utf8_len, &blocks, lim, r);
  if (split < 0) {
    st = split == -2 ? PITH_ERR_LIMIT
                     : pith_result_fail(r, PITH_ERR_NOMEM, NULL);
    goto done;
  }
  debris_context ctx = {.tune = pith_tuning_for(opt->mode),
                        .rules_off = lim->rules_off,
                        .trace = lim->trace,
                        .deadline_ms = lim->deadline_ms};
  pith_debris_judge(&blocks, &ctx);
  if (pith_nomem_take()) {
    st = pith_result_fail(r, PITH_ERR_NOMEM, NULL);
    goto done;
  }
  if (pith_limits_time_up(lim, r)) {
    st = PITH_ERR_LIMIT;
    goto done;
  }
  size_t kept = 0;
  for (size_t k = 0; k < blocks.count; k++)
    kept += blocks.items[k].drop ? 0 : blocks.items[k].text_len;
  int has_article = kept > 0;
  if (kept > opt->max_output_bytes) {
    st = pith_limits_fail(r, "gives more text", "max_output_bytes",
                          opt->max_output_bytes, "--max-output-bytes");
    goto done;
  }
  text = pith_render_text(&blocks);
  if (text)
    json = clean_json(&blocks, text, has_article);
  if (!text || !json || pith_result_take_lines(r, &blocks) < 0) {
    st = pith_result_fail(r, PITH_ERR_NOMEM, NULL);
    goto done;
  }
  if (strlen(json) > opt->max_output_bytes) {
    st = pith_limits_fail(r, "gives more JSON", "max_output_bytes",
                          opt->max_output_bytes, "--max-output-bytes");
    goto done;
  }
  r->fields[PITH_FIELD_TEXT] = text;
  r->fields[PITH_FIELD_MARKDOWN] = pith_strdup(text);
  r->fields[PITH_FIELD_JSON] = json;
  text = json = NULL;
  if (!r->fields[PITH_FIELD_MARKDOWN]) {
    st = pith_result_fail(r, PITH_ERR_NOMEM, NULL);
    goto done;
  }
  r->has_article = has_article;
  r->confidence = has_article ? 1.0 : 0.0;
  st = r->status = has_article ? PITH_OK : PITH_NO_ARTICLE;
  if (!has_article)
    pith_result_fail(r, PITH_NO_ARTICLE, "every line of the text is debris");

done:
  free(text);
  free(json);
  free(utf8);
  pith_blocks_free(&blocks);
  return st;
}

pith_status pith_clean_text(const char *text, size_t len,
                            const pith_options *options, pith_result **result) {
  return pith_limits_run(text, len, options, result, clean);
}

pith_status pith_clean_text_traced(const char *text, size_t len,
                                   const pith_options *options,
                                   const pith_debris_trace *trace,
                                   pith_result **result) {
  return pith_limits_run_traced(text, len, options, trace, result, clean);
}
