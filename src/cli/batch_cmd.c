/* pith batch: many documents in, one JSON record per document out, on
 * every core. The main thread reads the inputs (batch_input.c) and queues
 * documents into a window of at most `window` slots and MAX_INFLIGHT_BYTES
 * of data; worker threads decode and extract them; whichever worker
 * finishes the oldest document writes every finished record from there
 * on, so the output keeps the input order and memory stays bounded. */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "batch.h"
#include "cli.h"
#include "pith.h"

/* Data of queued documents held at once, beyond the first document. */
#define MAX_INFLIGHT_BYTES ((size_t)64 * 1024 * 1024)
#define MAX_THREADS 256

static const char usage[] =
    "Usage: pith batch [OPTIONS] PATH...\n"
    "\n"
    "Extracts the article of every document in the PATHs and writes one\n"
    "record per document, in input order. A PATH is\n"
    "  an HTML page            (.html, .htm, also gzip-compressed .gz)\n"
    "  a folder                walked recursively for pages and .warc[.gz]\n"
    "                          files (hidden files skipped)\n"
    "  a WARC archive          .warc or .warc.gz (one gzip member per record\n"
    "                          or one stream); every HTML response record\n"
    "  a JSON Lines file       .jsonl: one {\"url\": ..., \"html\": ...} per "
    "line\n"
    "  -                       standard input, in any of these formats\n"
    "\n"
    "Options:\n"
    "  -j, --jobs N         worker threads (default: the number of cores)\n"
    "  -f, --format FORMAT  jsonl (default): one JSON object per line with\n"
    "                       url, source {file, offset}, the fields of\n"
    "                       'pith extract --format json', and error (null\n"
    "                       or {kind, message}); text: each document's text\n"
    "                       after a line '==> URL (FILE@OFFSET) <=='\n"
    "  -o, --output FILE    write to FILE instead of standard output\n"
    "      --resume         with -o: keep the records already in FILE, skip\n"
    "                       their documents and append the rest (a record\n"
    "                       cut off by a crash is redone)\n"
    "  -q, --quiet          no progress and no summary on standard error\n"
    "      --precision      leave out blocks that may be debris, at the\n"
    "                       cost of some article text\n"
    "      --recall         keep more of what may be article text, at the\n"
    "                       cost of some debris\n"
    "      --max-bytes N, --max-nodes N, --max-depth N,\n"
    "      --max-output-bytes N, --max-time-ms N\n"
    "                       document limits, as in 'pith extract --help'; a\n"
    "                       document over one gets a record with error kind\n"
    "                       limit or too_large\n"
    "  -h, --help           show this help\n"
    "\n"
    "A progress line (files, records, pages/s, ETA) is shown on standard\n"
    "error when it is a terminal; a summary line ends every run.\n"
    "Error kinds: io, warc, http, http_status, decompress, json, not_html,\n"
    "empty, too_large, parse, encoding, limit, nomem.\n"
    "\n"
    "Exit codes: 0 every input was read (documents may still carry errors);\n"
    "2 usage error; 3 an input or the output could not be read or written;\n"
    "5 internal error.\n"
    "\n"
    "Examples:\n"
    "  pith batch -o out.jsonl CC-MAIN-*.warc.gz\n"
    "  pith batch -j 4 -o out.jsonl --resume saved-pages/\n"
    "  some-scraper | pith batch - > articles.jsonl\n";

enum out_format { OUT_JSONL, OUT_TEXT };

/* ---- the set of documents already written (resume) --------------------- */

typedef struct key_set {
  uint64_t *slots; /* 0 = empty */
  size_t cap, count;
} key_set;

static uint64_t key_of(const char *file, uint64_t offset) {
  uint64_t h = 1469598103934665603ULL; /* FNV-1a, 64 bits */
  for (const unsigned char *p = (const unsigned char *)file; *p; p++) {
    h ^= *p;
    h *= 1099511628211ULL;
  }
  for (int i = 0; i < 8; i++) {
    h ^= (offset >> (8 * i)) & 0xff;
    h *= 1099511628211ULL;
  }
  h ^= h >> 29;
  return h ? h : 1;
}

static int keys_add(key_set *s, uint64_t k) {
  if ((s->count + 1) * 2 > s->cap) {
    size_t ncap = s->cap ? s->cap * 2 : 1024;
    uint64_t *n = calloc(ncap, sizeof *n);
    if (!n)
      return -1;
    for (size_t i = 0; i < s->cap; i++) {
      if (!s->slots[i])
        continue;
      size_t j = s->slots[i] & (ncap - 1);
      while (n[j])
        j = (j + 1) & (ncap - 1);
      n[j] = s->slots[i];
    }
    free(s->slots);
    s->slots = n;
    s->cap = ncap;
  }
  size_t j = k & (s->cap - 1);
  while (s->slots[j]) {
    if (s->slots[j] == k)
      return 0;
    j = (j + 1) & (s->cap - 1);
  }
  s->slots[j] = k;
  s->count++;
  return 0;
}

static int keys_has(const key_set *s, uint64_t k) {
  if (!s->cap)
    return 0;
  size_t j = k & (s->cap - 1);
  while (s->slots[j]) {
    if (s->slots[j] == k)
      return 1;
    j = (j + 1) & (s->cap - 1);
  }
  return 0;
}

/* ---- the run ------------------------------------------------------------ */

typedef struct slot {
  batch_doc *doc;
  char *out; /* the rendered record, once done */
  size_t out_len;
  int done;
  pith_status outcome; /* PITH_OK, PITH_NO_ARTICLE or the error */
} slot;

typedef struct run {
  pthread_mutex_t lock;
  pthread_cond_t can_queue, can_take;
  slot *slots;
  size_t window;
  uint64_t next_seq, next_take, next_write;
  size_t inflight_bytes;
  int producing;
  int write_failed;
  enum out_format format;
  FILE *out;
  const char *out_name;
  key_set done_keys;
  /* figures */
  uint64_t records, articles, no_article, skipped;
  uint64_t errors[PITH_ERR_INTERNAL + 1]; /* by status */
  /* progress */
  int show_progress;
  uint64_t files_total, bytes_total, files_seen, bytes_before, file_bytes;
  struct timespec start, last_draw, last_flush;
  pith_options options;
} run;

static double seconds_since(const struct timespec *t) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - t->tv_sec) +
         (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* The length of the valid UTF-8 sequence at u, 0 when it is invalid. The
 * string is NUL-terminated, and a NUL is never a continuation byte, so no
 * test reads past the end. */
static size_t utf8_seq_len(const unsigned char *u) {
  int cont = 0;
  if (u[0] < 0x80)
    return 1;
  if (u[0] >= 0xc2 && u[0] <= 0xdf)
    cont = 1;
  else if (u[0] >= 0xe0 && u[0] <= 0xef)
    cont = 2;
  else if (u[0] >= 0xf0 && u[0] <= 0xf4)
    cont = 3;
  else
    return 0;
  for (int k = 1; k <= cont; k++)
    if ((u[k] & 0xc0) != 0x80)
      return 0;
  if ((u[0] == 0xe0 && u[1] < 0xa0) || (u[0] == 0xed && u[1] > 0x9f) ||
      (u[0] == 0xf0 && u[1] < 0x90) || (u[0] == 0xf4 && u[1] > 0x8f))
    return 0; /* overlong, surrogate, beyond U+10FFFF */
  return (size_t)cont + 1;
}

/* A JSON string of s with every invalid UTF-8 byte replaced by U+FFFD
 * (URIs, file names and messages come from the input as bytes). */
static json_object *utf8_string(const char *s) {
  const unsigned char *u = (const unsigned char *)s;
  size_t n = strlen(s), bad = 0;
  for (size_t i = 0; i < n;) {
    size_t k = utf8_seq_len(u + i);
    bad += k == 0;
    i += k ? k : 1;
  }
  if (!bad)
    return json_object_new_string(s);
  char *clean = malloc(n + 2 * bad + 1);
  if (!clean)
    return NULL;
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    size_t k = utf8_seq_len(u + i);
    if (k) {
      memcpy(clean + o, s + i, k);
      o += k;
      i += k;
    } else {
      memcpy(clean + o, "\xef\xbf\xbd", 3);
      o += 3;
      i++;
    }
  }
  clean[o] = '\0';
  json_object *j = json_object_new_string(clean);
  free(clean);
  return j;
}

/* A copy of a URL with its invalid UTF-8 bytes percent-encoded, as
 * browsers do, so the record and the page's metadata stay valid UTF-8;
 * NULL when it needs no change (or memory ran out). */
static char *url_clean(const char *s) {
  const unsigned char *u = (const unsigned char *)s;
  size_t n = strlen(s), bad = 0;
  for (size_t i = 0; i < n;) {
    size_t k = utf8_seq_len(u + i);
    bad += k == 0;
    i += k ? k : 1;
  }
  if (!bad)
    return NULL;
  char *out = malloc(n + 2 * bad + 1);
  if (!out)
    return NULL;
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    size_t k = utf8_seq_len(u + i);
    if (k) {
      memcpy(out + o, s + i, k);
      o += k;
      i += k;
    } else {
      o += (size_t)sprintf(out + o, "%%%02X", u[i]);
      i++;
    }
  }
  out[o] = '\0';
  return out;
}

/* The record's head: url and source {file, offset}. */
static json_object *record_head(const batch_doc *d, const char *url) {
  json_object *o = json_object_new_object();
  if (!o)
    return NULL;
  json_object_object_add(o, "url", url ? utf8_string(url) : NULL);
  json_object *src = json_object_new_object();
  if (src) {
    json_object_object_add(src, "file", utf8_string(d->file));
    json_object_object_add(src, "offset",
                           json_object_new_int64((int64_t)d->offset));
  }
  json_object_object_add(o, "source", src);
  return o;
}

/* Renders the record of one document (jsonl or text). */
static void render(run *R, slot *sl, const char *url, json_object *fields,
                   pith_status error, const char *msg) {
  const char *kind = error != PITH_OK ? pith_status_kind(error) : NULL;
  const batch_doc *d = sl->doc;
  if (R->format == OUT_TEXT) {
    const char *text = NULL;
    json_object *t = NULL;
    if (fields && json_object_object_get_ex(fields, "text", &t))
      text = json_object_get_string(t);
    size_t need = strlen(url ? url : "-") + strlen(d->file) + 64 +
                  (text ? strlen(text) : 0) +
                  (kind ? strlen(kind) + strlen(msg) : 0);
    char *s = malloc(need);
    if (!s)
      return;
    int n;
    if (kind)
      n = snprintf(s, need, "==> %s (%s@%llu) <==\n[error %s: %s]\n\n",
                   url ? url : "-", d->file, (unsigned long long)d->offset,
                   kind, msg);
    else
      n = snprintf(s, need, "==> %s (%s@%llu) <==\n%s%s\n", url ? url : "-",
                   d->file, (unsigned long long)d->offset, text ? text : "",
                   text && *text && text[strlen(text) - 1] != '\n' ? "\n" : "");
    sl->out = s;
    sl->out_len = n > 0 ? (size_t)n : 0;
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
  if (kind) {
    json_object *e = json_object_new_object();
    json_object_object_add(e, "kind", json_object_new_string(kind));
    json_object_object_add(e, "message", utf8_string(msg));
    json_object_object_add(o, "error", e);
  } else {
    json_object_object_add(o, "error", NULL);
  }
  const char *s = json_object_to_json_string_ext(
      o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
  if (s) {
    size_t n = strlen(s);
    sl->out = malloc(n + 2);
    if (sl->out) {
      memcpy(sl->out, s, n);
      sl->out[n] = '\n';
      sl->out[n + 1] = '\0';
      sl->out_len = n + 1;
    }
  }
  json_object_put(o);
}

static void render_error(run *R, slot *sl, const char *url, pith_status error,
                         const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  sl->outcome = error;
  render(R, sl, url, NULL, error, msg);
}

static void extract_page(run *R, slot *sl, const char *html, size_t len,
                         const char *url, const char *page_url,
                         const char *content_type) {
  pith_options opt = R->options;
  opt.url = page_url;
  opt.content_type = content_type;
  pith_result *res = NULL;
  pith_status st = pith_extract(html, len, &opt, &res);
  if (st == PITH_OK || st == PITH_NO_ARTICLE) {
    json_object *fields = json_tokener_parse(pith_result_json(res));
    if (fields) {
      sl->outcome = st;
      render(R, sl, url, fields, PITH_OK, NULL);
      json_object_put(fields);
    } else {
      render_error(R, sl, url, PITH_ERR_NOMEM, "%s", "out of memory");
    }
  } else {
    render_error(R, sl, url, st, "%s",
                 res ? pith_result_message(res) : pith_strerror(st));
  }
  pith_result_free(res);
}

static void process_http(run *R, slot *sl) {
  const batch_doc *d = sl->doc;
  if (d->cut) {
    render_error(R, sl, d->url, PITH_ERR_TOO_LARGE,
                 "the record holds more than %zu bytes",
                 R->options.max_input_bytes);
    return;
  }
  pith_http_response *res = NULL;
  pith_status hs = pith_http_response_parse(d->data, d->len,
                                            R->options.max_input_bytes, &res);
  int code = pith_http_response_code(res);
  const char *type = pith_http_response_content_type(res);
  if (hs != PITH_OK) {
    render_error(R, sl, d->url, hs, "%s",
                 res ? pith_http_response_message(res) : pith_strerror(hs));
  } else if (code < 200 || code > 299) {
    render_error(R, sl, d->url, PITH_ERR_HTTP_STATUS,
                 "HTTP status %d: not a page to extract", code);
  } else if (pith_content_type_is_html(type) == 0) {
    render_error(R, sl, d->url, PITH_ERR_NOT_HTML,
                 "the response is %.100s, not HTML", type);
  } else {
    size_t len = 0;
    const char *body = pith_http_response_body(res, &len);
    extract_page(R, sl, body, len, d->url, d->url, type);
  }
  pith_http_response_free(res);
}

static void process_jsonl(run *R, slot *sl) {
  const batch_doc *d = sl->doc;
  json_tokener *tok = json_tokener_new_ex(64);
  if (!tok) {
    render_error(R, sl, NULL, PITH_ERR_NOMEM, "%s", "out of memory");
    return;
  }
  json_object *o = json_tokener_parse_ex(tok, d->data, (int)d->len);
  enum json_tokener_error je = json_tokener_get_error(tok);
  json_tokener_free(tok);
  if (!o || je != json_tokener_success) {
    render_error(R, sl, NULL, PITH_ERR_JSON,
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
  char *clean = u ? url_clean(u) : NULL;
  if (clean)
    u = clean;
  if (!html || !json_object_is_type(html, json_type_string)) {
    render_error(R, sl, u, PITH_ERR_JSON, "%s",
                 "the line has no \"html\" string (expected {\"url\": ..., "
                 "\"html\": ...})");
  } else {
    /* JSON text is Unicode: a <meta charset> in the page no longer holds */
    extract_page(R, sl, json_object_get_string(html),
                 (size_t)json_object_get_string_len(html), u, u,
                 "text/html; charset=utf-8");
  }
  free(clean);
  json_object_put(o);
}

static void process(run *R, slot *sl) {
  if (sl->doc->url) {
    char *clean = url_clean(sl->doc->url);
    if (clean) {
      free(sl->doc->url);
      sl->doc->url = clean;
    }
  }
  const batch_doc *d = sl->doc;
  switch (d->kind) {
  case DOC_ERROR:
    render_error(R, sl, d->url, d->err_status, "%s",
                 d->err_msg ? d->err_msg : "unknown error");
    break;
  case DOC_HTTP:
    process_http(R, sl);
    break;
  case DOC_JSONL:
    process_jsonl(R, sl);
    break;
  case DOC_HTML:
    if (d->cut)
      render_error(R, sl, d->url, PITH_ERR_TOO_LARGE,
                   "the page is larger than %zu bytes",
                   R->options.max_input_bytes);
    else
      /* a page file's path is its url in the record, not a base for links */
      extract_page(R, sl, d->data, d->len, d->url,
                   d->content_type ? d->url : NULL, d->content_type);
    break;
  }
}

static void draw_progress(run *R, int force) {
  if (!R->show_progress)
    return;
  if (!force && seconds_since(&R->last_draw) < 0.25)
    return;
  clock_gettime(CLOCK_MONOTONIC, &R->last_draw);
  double t = seconds_since(&R->start);
  double rate = t > 0 ? (double)R->records / t : 0;
  uint64_t done_bytes = R->bytes_before + R->file_bytes;
  char eta[32] = "?";
  if (R->bytes_total && done_bytes && t > 1) {
    double left =
        (double)(R->bytes_total > done_bytes ? R->bytes_total - done_bytes
                                             : 0) /
        ((double)done_bytes / t);
    snprintf(eta, sizeof eta, "%d:%02d", (int)(left / 60), (int)left % 60);
  }
  fprintf(stderr,
          "\rpith batch: file %llu/%llu  %llu records  %.1f pages/s  "
          "%.1f MB/s  ETA %s\033[K",
          (unsigned long long)R->files_seen, (unsigned long long)R->files_total,
          (unsigned long long)R->records, rate,
          t > 0 ? (double)done_bytes / 1e6 / t : 0.0, eta);
}

/* Writes every finished record at the head of the window. Lock held. */
static void write_ready(run *R) {
  while (R->next_write < R->next_take) {
    slot *sl = &R->slots[R->next_write % R->window];
    if (!sl->done)
      break;
    if (!R->write_failed) {
      if (!sl->out || fwrite(sl->out, 1, sl->out_len, R->out) != sl->out_len)
        R->write_failed = sl->out ? (errno ? errno : EIO) : ENOMEM;
    }
    R->records++;
    if (sl->outcome == PITH_OK)
      R->articles++;
    else if (sl->outcome == PITH_NO_ARTICLE)
      R->no_article++;
    else if ((unsigned)sl->outcome < sizeof R->errors / sizeof *R->errors)
      R->errors[sl->outcome]++;
    else
      R->errors[PITH_ERR_INTERNAL]++;
    R->inflight_bytes -= sl->doc->len;
    batch_doc_free(sl->doc);
    free(sl->out);
    memset(sl, 0, sizeof *sl);
    R->next_write++;
  }
  if (seconds_since(&R->last_flush) > 1.0) {
    clock_gettime(CLOCK_MONOTONIC, &R->last_flush);
    if (fflush(R->out) != 0 && !R->write_failed)
      R->write_failed = errno ? errno : EIO;
  }
  pthread_cond_broadcast(&R->can_queue);
}

static void *worker(void *arg) {
  run *R = arg;
  pthread_mutex_lock(&R->lock);
  for (;;) {
    while (R->next_take == R->next_seq && R->producing)
      pthread_cond_wait(&R->can_take, &R->lock);
    if (R->next_take == R->next_seq)
      break;
    slot *sl = &R->slots[R->next_take % R->window];
    R->next_take++;
    pthread_mutex_unlock(&R->lock);
    process(R, sl);
    free(sl->doc->data); /* the input is not needed any more */
    sl->doc->data = NULL;
    pthread_mutex_lock(&R->lock);
    sl->done = 1;
    write_ready(R);
  }
  pthread_mutex_unlock(&R->lock);
  return NULL;
}

/* batch_sink callbacks, called from the main thread. */
static int sink_done(void *ctx, const char *file, uint64_t offset) {
  run *R = ctx;
  if (!keys_has(&R->done_keys, key_of(file, offset)))
    return 0;
  R->skipped++;
  return 1;
}

static int sink_submit(void *ctx, batch_doc *doc) {
  run *R = ctx;
  pthread_mutex_lock(&R->lock);
  while (R->next_seq - R->next_write >= R->window ||
         (R->next_seq != R->next_write &&
          R->inflight_bytes + doc->len > MAX_INFLIGHT_BYTES)) {
    pthread_cond_wait(&R->can_queue, &R->lock);
    draw_progress(R, 0);
  }
  int failed = R->write_failed;
  if (!failed) {
    slot *sl = &R->slots[R->next_seq % R->window];
    memset(sl, 0, sizeof *sl);
    sl->doc = doc;
    R->inflight_bytes += doc->len;
    R->next_seq++;
    pthread_cond_signal(&R->can_take);
  }
  draw_progress(R, 0);
  pthread_mutex_unlock(&R->lock);
  if (failed) {
    batch_doc_free(doc);
    return -1;
  }
  return 0;
}

static void sink_progress(void *ctx, uint64_t file_bytes) {
  run *R = ctx;
  if (!R->show_progress)
    return;
  pthread_mutex_lock(&R->lock);
  R->file_bytes = file_bytes;
  draw_progress(R, 0);
  pthread_mutex_unlock(&R->lock);
}

static void sink_file_begin(void *ctx) {
  run *R = ctx;
  pthread_mutex_lock(&R->lock);
  R->files_seen++;
  R->bytes_before += R->file_bytes;
  R->file_bytes = 0;
  pthread_mutex_unlock(&R->lock);
}

/* Reads the records of an earlier run: their (file, offset) keys go into
 * the done set; a last line cut short by a crash is cut off the file.
 * Returns 0, or an exit code after printing why. */
static int load_resume(run *R, const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    if (errno == ENOENT)
      return 0;
    fprintf(stderr, "pith: %s: cannot read it to resume: %s\n", path,
            strerror(errno));
    return EXIT_UNREADABLE;
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  long long good_end = 0, lineno = 0;
  int code = 0;
  while ((n = getline(&line, &cap, f)) > 0) {
    lineno++;
    if (line[n - 1] != '\n')
      break; /* cut short: redone */
    json_object *o = json_tokener_parse(line);
    json_object *src = NULL, *file = NULL, *off = NULL;
    if (!o || !json_object_object_get_ex(o, "source", &src) ||
        !json_object_object_get_ex(src, "file", &file) ||
        !json_object_object_get_ex(src, "offset", &off) ||
        !json_object_is_type(file, json_type_string)) {
      json_object_put(o);
      fprintf(stderr,
              "pith: %s: line %lld is not a pith batch record, so the "
              "file cannot be resumed; give another -o FILE or drop "
              "--resume\n",
              path, lineno);
      code = EXIT_USAGE;
      break;
    }
    int failed =
        keys_add(&R->done_keys, key_of(json_object_get_string(file),
                                       (uint64_t)json_object_get_int64(off)));
    json_object_put(o);
    if (failed) {
      code = EXIT_INTERNAL;
      break;
    }
    good_end += n;
  }
  int read_error = ferror(f);
  free(line);
  fclose(f);
  if (code)
    return code;
  if (read_error) {
    fprintf(stderr, "pith: %s: reading it to resume failed\n", path);
    return EXIT_UNREADABLE;
  }
  struct stat st;
  if (stat(path, &st) == 0 && (long long)st.st_size > good_end &&
      truncate(path, (off_t)good_end) != 0) {
    fprintf(stderr, "pith: %s: cannot cut off its unfinished last line: %s\n",
            path, strerror(errno));
    return EXIT_UNREADABLE;
  }
  return 0;
}

static void print_summary(run *R, double seconds) {
  if (R->show_progress)
    fputs("\r\033[K", stderr);
  /* Input problems first, then the pages' own. */
  static const pith_status order[] = {
      PITH_ERR_IO,          PITH_ERR_WARC,       PITH_ERR_HTTP,
      PITH_ERR_HTTP_STATUS, PITH_ERR_DECOMPRESS, PITH_ERR_JSON,
      PITH_ERR_NOT_HTML,    PITH_ERR_EMPTY,      PITH_ERR_TOO_LARGE,
      PITH_ERR_PARSE,       PITH_ERR_ENCODING,   PITH_ERR_LIMIT,
      PITH_ERR_NOMEM,       PITH_ERR_ARGUMENT,   PITH_ERR_INTERNAL};
  uint64_t nerr = 0;
  for (size_t i = 0; i < sizeof R->errors / sizeof *R->errors; i++)
    nerr += R->errors[i];
  fprintf(stderr,
          "pith batch: %llu record%s: %llu article%s, %llu no article, "
          "%llu error%s",
          (unsigned long long)R->records, R->records == 1 ? "" : "s",
          (unsigned long long)R->articles, R->articles == 1 ? "" : "s",
          (unsigned long long)R->no_article, (unsigned long long)nerr,
          nerr == 1 ? "" : "s");
  if (nerr) {
    const char *sep = " (";
    for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
      if (!R->errors[order[i]])
        continue;
      fprintf(stderr, "%s%s %llu", sep, pith_status_kind(order[i]),
              (unsigned long long)R->errors[order[i]]);
      sep = ", ";
    }
    fputc(')', stderr);
  }
  if (R->skipped)
    fprintf(stderr, "; %llu already done, skipped",
            (unsigned long long)R->skipped);
  fprintf(stderr, "; %.1f s, %.1f records/s\n", seconds,
          seconds > 0 ? (double)R->records / seconds : 0.0);
}

static int parse_jobs(const char *v, long *jobs) {
  char *end = NULL;
  errno = 0;
  long n = strtol(v, &end, 10);
  if (errno || !*v || *end || n < 1 || n > MAX_THREADS)
    return -1;
  *jobs = n;
  return 0;
}

int cmd_batch(int argc, char **argv) {
  long jobs = sysconf(_SC_NPROCESSORS_ONLN);
  if (jobs < 1)
    jobs = 1;
  if (jobs > MAX_THREADS)
    jobs = MAX_THREADS;
  enum out_format format = OUT_JSONL;
  const char *output = NULL;
  int resume = 0, quiet = 0, only_paths = 0, lim = 0;
  char **paths = calloc((size_t)argc, sizeof *paths);
  size_t npaths = 0;
  if (!paths)
    return EXIT_INTERNAL;
  int code = 0;
  pith_options options; /* the mode and limits given */
  pith_options_init(&options);
  for (int i = 1; i < argc && !code; i++) {
    const char *a = argv[i];
    size_t alen = strlen(a);
    const char *eq = strchr(a, '=');
    if (only_paths || a[0] != '-' || strcmp(a, "-") == 0) {
      paths[npaths++] = argv[i];
    } else if (strcmp(a, "--") == 0) {
      only_paths = 1;
    } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(usage, stdout);
      free(paths);
      return 0;
    } else if (strcmp(a, "--resume") == 0) {
      resume = 1;
    } else if (cli_mode_option(a, &options)) {
      continue;
    } else if ((lim = cli_limit_option("batch", argc, argv, &i, &options))) {
      if (lim != 1)
        code = lim;
    } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
      quiet = 1;
    } else if (strcmp(a, "-j") == 0 || strncmp(a, "--jobs", 6) == 0 ||
               (strncmp(a, "-j", 2) == 0 && alen > 2)) {
      const char *v = NULL;
      if (strncmp(a, "--jobs", 6) == 0)
        v = a[6] == '=' ? a + 7
                        : (a[6] ? NULL : (i + 1 < argc ? argv[++i] : NULL));
      else
        v = alen > 2 ? a + 2 : (i + 1 < argc ? argv[++i] : NULL);
      if (!v || parse_jobs(v, &jobs) < 0)
        code = cli_usage_error("batch",
                               "%s needs a number of threads, 1 to 256", a);
    } else if (strcmp(a, "-f") == 0 || strncmp(a, "--format", 8) == 0) {
      const char *v = strcmp(a, "-f") == 0 || strcmp(a, "--format") == 0
                          ? (i + 1 < argc ? argv[++i] : NULL)
                          : (a[8] == '=' ? a + 9 : NULL);
      if (!v)
        code = cli_usage_error("batch", "%s needs a value: jsonl or text", a);
      else if (strcmp(v, "jsonl") == 0 || strcmp(v, "json") == 0)
        format = OUT_JSONL;
      else if (strcmp(v, "text") == 0 || strcmp(v, "txt") == 0)
        format = OUT_TEXT;
      else
        code =
            cli_usage_error("batch", "unknown format '%s' (jsonl or text)", v);
    } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0 ||
               (strncmp(a, "--output", 8) == 0 && eq == a + 8)) {
      output = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
      if (!output || !*output)
        code = cli_usage_error("batch", "%s needs a file name", a);
    } else {
      code = cli_usage_error("batch", "unknown option '%s'", a);
    }
  }
  if (!code && npaths == 0)
    code = cli_usage_error("batch", "%s",
                           "no PATH given (files, folders, or - for standard "
                           "input)");
  if (!code && resume && !output)
    code = cli_usage_error("batch", "%s", "--resume needs -o FILE");
  if (!code && resume && format != OUT_JSONL)
    code = cli_usage_error("batch", "%s",
                           "--resume works with --format jsonl only");
  if (code) {
    free(paths);
    return code;
  }

  run *R = calloc(1, sizeof *R);
  if (!R) {
    free(paths);
    return EXIT_INTERNAL;
  }
  R->options = options;
  R->format = format;
  R->window = (size_t)jobs * 4 + 8;
  R->slots = calloc(R->window, sizeof *R->slots);
  pthread_mutex_init(&R->lock, NULL);
  pthread_cond_init(&R->can_queue, NULL);
  pthread_cond_init(&R->can_take, NULL);
  batch_sink sink = {.done = sink_done,
                     .submit = sink_submit,
                     .progress = sink_progress,
                     .file_begin = sink_file_begin,
                     .ctx = R,
                     .max_bytes = R->options.max_input_bytes};
  if (!R->slots)
    code = EXIT_INTERNAL;
  if (!code && resume)
    code = load_resume(R, output);
  if (!code && output) {
    R->out = fopen(output, resume ? "ab" : "wb");
    if (!R->out) {
      fprintf(stderr, "pith: %s: cannot write it: %s\n", output,
              strerror(errno));
      code = EXIT_UNREADABLE;
    } else {
      struct stat st;
      if (fstat(fileno(R->out), &st) == 0) {
        sink.has_output = 1;
        sink.output_dev = st.st_dev;
        sink.output_ino = st.st_ino;
      }
    }
  } else {
    R->out = stdout;
  }
  R->out_name = output ? output : "standard output";
  if (code) {
    free(R->slots);
    free(R->done_keys.slots);
    free(R);
    free(paths);
    return code;
  }

  R->show_progress = !quiet && isatty(STDERR_FILENO);
  if (R->show_progress)
    for (size_t i = 0; i < npaths; i++)
      batch_count(paths[i], &sink, &R->files_total, &R->bytes_total);

  clock_gettime(CLOCK_MONOTONIC, &R->start);
  R->last_draw = R->last_flush = R->start;
  R->last_draw.tv_sec -= 1; /* draw at once */
  R->producing = 1;
  pthread_t *threads = calloc((size_t)jobs, sizeof *threads);
  long started = 0;
  for (long t = 0; threads && t < jobs; t++) {
    if (pthread_create(&threads[t], NULL, worker, R) != 0)
      break;
    started++;
  }
  int input_failed = 0, stopped = 0;
  if (started == 0) {
    fputs("pith: batch: cannot start a worker thread\n", stderr);
    code = EXIT_INTERNAL;
  }
  for (size_t i = 0; i < npaths && !code; i++) {
    int rc = batch_input(paths[i], &sink);
    if (rc > 0)
      input_failed = 1;
    if (rc < 0) {
      stopped = 1;
      break;
    }
  }
  pthread_mutex_lock(&R->lock);
  R->producing = 0;
  pthread_cond_broadcast(&R->can_take);
  pthread_mutex_unlock(&R->lock);
  for (long t = 0; t < started; t++)
    pthread_join(threads[t], NULL);
  free(threads);

  int write_failed = R->write_failed;
  if (fflush(R->out) != 0 && !write_failed)
    write_failed = errno ? errno : EIO;
  if (output && fclose(R->out) != 0 && !write_failed)
    write_failed = errno ? errno : EIO;
  if (!quiet)
    print_summary(R, seconds_since(&R->start));
  if (write_failed) {
    fprintf(stderr, "pith: %s: writing failed: %s\n", R->out_name,
            strerror(write_failed));
    code = EXIT_UNREADABLE;
  } else if (stopped && !code) {
    fputs("pith: batch: out of memory\n", stderr);
    code = EXIT_INTERNAL;
  } else if (input_failed && !code) {
    code = EXIT_UNREADABLE;
  }
  pthread_mutex_destroy(&R->lock);
  pthread_cond_destroy(&R->can_queue);
  pthread_cond_destroy(&R->can_take);
  free(R->slots);
  free(R->done_keys.slots);
  free(R);
  free(paths);
  return code;
}
