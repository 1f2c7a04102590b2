/* pith batch, one document: a page, an archived HTTP response or a JSON
 * line in, its record out (JSON Lines or text), with the article's fields
 * or the error's kind and message. Runs in the worker threads. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "batch.h"
#include "records.h"

typedef struct job {
  const batch_doc *doc;
  const pith_options *options;
  int text;
  const batch_collect *collect;
  batch_record *record;
} job;

/* The record's head: url and source {file, offset}. */
static json_object *record_head(const batch_doc *d, const char *url) {
  json_object *o = json_object_new_object();
  if (!o)
    return NULL;
  json_object_object_add(o, "url", url ? cli_json_string(url) : NULL);
  json_object *src = json_object_new_object();
  if (src) {
    json_object_object_add(src, "file", cli_json_string(d->file));
    json_object_object_add(src, "offset",
                           json_object_new_int64((int64_t)d->offset));
  }
  json_object_object_add(o, "source", src);
  return o;
}

/* Renders the record: the article's fields, or an error; the keys of a
 * JSON Lines input that pith does not write itself (an "id") are passed
 * through at the end. */
static void render(job *J, const char *url, json_object *fields,
                   pith_status error, const char *msg, json_object *input) {
  const batch_doc *d = J->doc;
  const char *kind = error != PITH_OK ? pith_status_kind(error) : NULL;
  if (J->text) {
    json_object *t = NULL;
    const char *text = NULL;
    if (fields && json_object_object_get_ex(fields, "text", &t))
      text = json_object_get_string(t);
    char where[4096];
    snprintf(where, sizeof where, "%s@%llu", d->file,
             (unsigned long long)d->offset);
    J->record->out =
        cli_text_record(url, where, text, kind, msg, &J->record->out_len);
    return;
  }
  json_object *o = record_head(d, url);
  if (!o)
    return;
  if (fields) {
    json_object_object_foreach(fields, key, val) {
      if (strcmp(key, "url") == 0 || strcmp(key, "source") == 0)
        continue;
      json_object_object_add(o, key, json_object_get(val));
    }
  } else {
    json_object_object_add(o, "article", json_object_new_boolean(0));
  }
  json_object *e = NULL;
  if (kind) {
    e = json_object_new_object();
    json_object_object_add(e, "kind", json_object_new_string(kind));
    json_object_object_add(e, "message", cli_json_string(msg));
  }
  json_object_object_add(o, "error", e);
  if (input && json_object_is_type(input, json_type_object)) {
    json_object_object_foreach(input, key, val) {
      if (strcmp(key, "html") != 0 && !json_object_object_get_ex(o, key, NULL))
        json_object_object_add(o, key, json_object_get(val));
    }
  }
  J->record->out = cli_json_line(o, &J->record->out_len);
  json_object_put(o);
}

static void render_error(job *J, const char *url, json_object *input,
                         pith_status error, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void render_error(job *J, const char *url, json_object *input,
                         pith_status error, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  J->record->outcome = error;
  render(J, url, NULL, error, msg, input);
}

static void extract_page(job *J, const char *html, size_t len, const char *url,
                         const char *page_url, const char *content_type,
                         json_object *input) {
  pith_options opt = *J->options;
  opt.url = page_url;
  opt.content_type = content_type;
  pith_result *res = NULL;
  pith_status st = pith_extract(html, len, &opt, &res);
  if (J->collect && (st == PITH_OK || st == PITH_NO_ARTICLE)) {
    pthread_mutex_lock(J->collect->lock);
    pith_status added = pith_site_profile_add(J->collect->profile, res);
    pthread_mutex_unlock(J->collect->lock);
    if (added != PITH_OK) { /* no record: the run stops, out of memory */
      pith_result_free(res);
      J->record->outcome = added;
      return;
    }
  }
  if (J->collect && J->collect->count_only) {
    J->record->outcome = st;
    J->record->out = calloc(1, 1);
  } else if (st == PITH_OK || st == PITH_NO_ARTICLE) {
    json_object *fields = json_tokener_parse(pith_result_json(res));
    if (fields) {
      J->record->outcome = st;
      render(J, url, fields, PITH_OK, NULL, input);
      json_object_put(fields);
    } else {
      render_error(J, url, input, PITH_ERR_NOMEM, "%s", "out of memory");
    }
  } else {
    render_error(J, url, input, st, "%s",
                 res ? pith_result_message(res) : pith_strerror(st));
  }
  pith_result_free(res);
}

static void process_http(job *J) {
  const batch_doc *d = J->doc;
  if (d->cut) {
    render_error(J, d->url, NULL, PITH_ERR_TOO_LARGE,
                 "the record holds more than %zu bytes",
                 J->options->max_input_bytes);
    return;
  }
  pith_http_response *res = NULL;
  pith_status hs = pith_http_response_parse(d->data, d->len,
                                            J->options->max_input_bytes, &res);
  int code = pith_http_response_code(res);
  const char *type = pith_http_response_content_type(res);
  if (hs != PITH_OK) {
    render_error(J, d->url, NULL, hs, "%s",
                 res ? pith_http_response_message(res) : pith_strerror(hs));
  } else if (code < 200 || code > 299) {
    render_error(J, d->url, NULL, PITH_ERR_HTTP_STATUS,
                 "HTTP status %d: not a page to extract", code);
  } else if (pith_content_type_is_html(type) == 0) {
    render_error(J, d->url, NULL, PITH_ERR_NOT_HTML,
                 "the response is %.100s, not HTML", type);
  } else {
    size_t len = 0;
    const char *body = pith_http_response_body(res, &len);
    extract_page(J, body, len, d->url, d->url, type, NULL);
  }
  pith_http_response_free(res);
}

static void process_jsonl(job *J) {
  const batch_doc *d = J->doc;
  json_tokener *tok = json_tokener_new_ex(64);
  if (!tok) {
    render_error(J, NULL, NULL, PITH_ERR_NOMEM, "%s", "out of memory");
    return;
  }
  json_object *o = json_tokener_parse_ex(tok, d->data, (int)d->len);
  enum json_tokener_error je = json_tokener_get_error(tok);
  json_tokener_free(tok);
  if (!o || je != json_tokener_success) {
    render_error(J, NULL, NULL, PITH_ERR_JSON,
                 "the line is not a JSON object: %s",
                 je == json_tokener_continue ? "it ends early"
                                             : json_tokener_error_desc(je));
    json_object_put(o);
    return;
  }
  json_object *url = NULL, *html = NULL;
  const char *u = NULL;
  if (json_object_is_type(o, json_type_object)) {
    if (json_object_object_get_ex(o, "url", &url) &&
        json_object_is_type(url, json_type_string))
      u = json_object_get_string(url);
    json_object_object_get_ex(o, "html", &html);
  }
  char *clean = u ? cli_url_clean(u) : NULL;
  if (clean)
    u = clean;
  if (!html || !json_object_is_type(html, json_type_string)) {
    render_error(J, u, o, PITH_ERR_JSON, "%s",
                 "the line has no \"html\" string (expected {\"url\": ..., "
                 "\"html\": ...})");
  } else {
    /* JSON text is Unicode: a <meta charset> in the page no longer holds */
    extract_page(J, json_object_get_string(html),
                 (size_t)json_object_get_string_len(html), u, u,
                 "text/html; charset=utf-8", o);
  }
  free(clean);
  json_object_put(o);
}

void batch_record_make(batch_doc *doc, const pith_options *options, int text,
                       const batch_collect *collect, batch_record *record) {
  memset(record, 0, sizeof *record);
  if (doc->url) {
    char *clean = cli_url_clean(doc->url);
    if (clean) {
      free(doc->url);
      doc->url = clean;
    }
  }
  job J = {doc, options, text, collect, record};
  switch (doc->kind) {
  case DOC_ERROR:
    render_error(&J, doc->url, NULL, doc->err_status, "%s",
                 doc->err_msg ? doc->err_msg : "unknown error");
    break;
  case DOC_HTTP:
    process_http(&J);
    break;
  case DOC_JSONL:
    process_jsonl(&J);
    break;
  case DOC_HTML:
    if (doc->cut)
      render_error(&J, doc->url, NULL, PITH_ERR_TOO_LARGE,
                   "the page is larger than %zu bytes",
                   options->max_input_bytes);
    else
      /* a page file's path is its url in the record, not a base for links */
      extract_page(&J, doc->data, doc->len, doc->url,
                   doc->content_type ? doc->url : NULL, doc->content_type,
                   NULL);
    break;
  }
}
