/* pith fetch, the writing side: each fetched page's article extracted and
 * its record written. Pages are extracted off the fetch loop, so sockets
 * are served while articles are extracted, on every core. The queue is
 * short: when it is full the fetch loop extracts the page itself, which
 * also slows the fetching down to the pace of the extraction. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "fetch_cli.h"

/* Bodies waiting in the queue at most, all together. */
#define QUEUE_MAX_BYTES ((size_t)64 * 1024 * 1024)

static json_object *string_or_null(const char *s) {
  return s ? cli_json_string(s) : NULL;
}

/* The JSON record: what the fetch said, then the article's fields. */
static char *json_record(const fetch_writer *w, const pith_fetch_page *p,
                         const char *kind, const char *message,
                         json_object *article, size_t *len) {
  char when[32];
  struct tm tm;
  gmtime_r(&p->fetched_at, &tm);
  strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  json_object *rec = json_object_new_object();
  if (!rec)
    return NULL;
  json_object_object_add(rec, "url", cli_json_string(p->url));
  json_object_object_add(rec, "line", json_object_new_int64((int64_t)p->id));
  if (w->discovery) {
    /* With --sitemap or --feed: the sitemap or feed that listed the URL
     * (null on the record of a sitemap or feed that failed). */
    const char *doc =
        p->id > 0 ? pith_discovery_url_document(w->discovery, p->id - 1) : NULL;
    json_object_object_add(rec, "found_in", string_or_null(doc));
  }
  json_object_object_add(rec, "final_url", string_or_null(p->final_url));
  json_object_object_add(
      rec, "status",
      p->http_status > 0 ? json_object_new_int64(p->http_status) : NULL);
  json_object_object_add(rec, "content_type", string_or_null(p->content_type));
  json_object_object_add(rec, "fetched_at", json_object_new_string(when));
  json_object *error = NULL;
  if (kind) {
    error = json_object_new_object();
    json_object_object_add(error, "kind", json_object_new_string(kind));
    json_object_object_add(error, "message", cli_json_string(message));
  }
  json_object_object_add(rec, "error", error);
  if (article) {
    /* The article's own "url" is the final URL, already in the record. */
    json_object_object_foreach(article, key, value) {
      if (!json_object_object_get_ex(rec, key, NULL))
        json_object_object_add(rec, key, json_object_get(value));
    }
  }
  char *line = cli_json_line(rec, len);
  json_object_put(rec);
  return line;
}

/* ---- site boilerplate: counting and the spool --------------------------- */

static int spool_string(FILE *f, const char *s, size_t len) {
  uint64_t n = s ? (uint64_t)len : UINT64_MAX;
  return fwrite(&n, sizeof n, 1, f) == 1 && (!s || fwrite(s, 1, len, f) == len)
             ? 0
             : -1;
}

/* A page as the spool keeps it: its numbers, then five strings. */
typedef struct spooled {
  uint64_t id;
  long http_status;
  int status;
  int64_t fetched_at;
} spooled;

static int spool_page(FILE *f, const pith_fetch_page *p) {
  spooled head = {p->id, p->http_status, (int)p->status,
                  (int64_t)p->fetched_at};
  const char *body = p->status == PITH_OK ? p->body : NULL;
  if (fwrite(&head, sizeof head, 1, f) != 1 ||
      spool_string(f, p->url, p->url ? strlen(p->url) : 0) ||
      spool_string(f, p->final_url, p->final_url ? strlen(p->final_url) : 0) ||
      spool_string(f, p->content_type,
                   p->content_type ? strlen(p->content_type) : 0) ||
      spool_string(f, p->message, p->message ? strlen(p->message) : 0) ||
      spool_string(f, body, body ? p->body_len : 0))
    return -1;
  return 0;
}

static int unspool_string(FILE *f, char **s, size_t *len) {
  uint64_t n;
  *s = NULL;
  if (fread(&n, sizeof n, 1, f) != 1)
    return -1;
  if (n == UINT64_MAX)
    return 0;
  *s = malloc((size_t)n + 1);
  if (!*s || fread(*s, 1, (size_t)n, f) != (size_t)n)
    return -1;
  (*s)[n] = '\0';
  if (len)
    *len = (size_t)n;
  return 0;
}

/* Counts the lines of an extracted page into w->collect. */
static void count_page(fetch_writer *w, const pith_result *result) {
  pthread_mutex_lock(&w->lock);
  if (pith_site_profile_add(w->collect, result) != PITH_OK)
    w->nomem = 1;
  pthread_mutex_unlock(&w->lock);
}

/* The first pass of --site-boilerplate: the page counted, then kept in the
 * spool for the second. */
static void count_and_spool(fetch_writer *w, const pith_fetch_page *p) {
  if (p->status == PITH_OK) {
    pith_options opt = w->options;
    opt.url = p->final_url ? p->final_url : p->url;
    opt.content_type = p->content_type;
    pith_result *result = NULL;
    pith_status st = pith_extract(p->body, p->body_len, &opt, &result);
    if (st == PITH_OK || st == PITH_NO_ARTICLE)
      count_page(w, result);
    pith_result_free(result);
  }
  pthread_mutex_lock(&w->lock);
  if (spool_page(w->spool, p) < 0)
    w->spool_failed = 1;
  pthread_mutex_unlock(&w->lock);
}

/* Extracts the article of a page (when it has no error), writes its
 * record and counts it. Any thread may call it. */
static void emit(fetch_writer *w, const pith_fetch_page *p) {
  if (w->spool) {
    count_and_spool(w, p);
    return;
  }
  const char *kind = p->status != PITH_OK ? pith_status_kind(p->status) : NULL;
  const char *message = p->message;
  pith_result *result = NULL;
  json_object *article = NULL;
  if (!kind) {
    pith_options opt = w->options;
    opt.url = p->final_url ? p->final_url : p->url;
    opt.content_type = p->content_type;
    pith_status st = pith_extract(p->body, p->body_len, &opt, &result);
    if (w->collect && (st == PITH_OK || st == PITH_NO_ARTICLE))
      count_page(w, result);
    if (st == PITH_OK || st == PITH_NO_ARTICLE) {
      article = json_tokener_parse(pith_result_json(result));
      if (!article) {
        kind = pith_status_kind(PITH_ERR_NOMEM);
        message = "out of memory reading the extraction's JSON back";
      }
    } else {
      kind = pith_status_kind(st);
      message = result ? pith_result_message(result) : pith_strerror(st);
    }
  }
  size_t len = 0;
  char *out;
  if (w->text) {
    char where[32];
    snprintf(where, sizeof where, "line %llu", (unsigned long long)p->id);
    out =
        cli_text_record(p->url, where, result ? pith_result_text(result) : NULL,
                        kind, message, &len);
  } else {
    out = json_record(w, p, kind, message, article, &len);
  }
  json_object_put(article);
  pith_result_free(result);
  pthread_mutex_lock(&w->lock);
  if (out)
    cli_output_write(&w->out, out, len);
  else
    w->nomem = 1;
  w->done++;
  if (kind)
    w->errors++;
  pthread_mutex_unlock(&w->lock);
  free(out);
}

/* ---- extraction threads ----------------------------------------------------
 */

typedef struct fetched {
  struct fetched *next;
  pith_fetch_page page;
  char *url, *final_url, *content_type, *message, *body;
} fetched;

static void fetched_free(fetched *q) {
  free(q->url);
  free(q->final_url);
  free(q->content_type);
  free(q->message);
  free(q->body);
  free(q);
}

static char *copy_or_null(const char *s, int *failed) {
  if (!s)
    return NULL;
  char *d = strdup(s);
  if (!d)
    *failed = 1;
  return d;
}

static fetched *fetched_copy(const pith_fetch_page *p) {
  fetched *q = calloc(1, sizeof *q);
  if (!q)
    return NULL;
  int failed = 0;
  q->url = copy_or_null(p->url, &failed);
  q->final_url = copy_or_null(p->final_url, &failed);
  q->content_type = copy_or_null(p->content_type, &failed);
  q->message = copy_or_null(p->message, &failed);
  q->body = malloc(p->body_len + 1);
  if (failed || !q->body) {
    fetched_free(q);
    return NULL;
  }
  memcpy(q->body, p->body, p->body_len);
  q->body[p->body_len] = '\0';
  q->page = *p;
  q->page.url = q->url;
  q->page.final_url = q->final_url;
  q->page.content_type = q->content_type;
  q->page.message = q->message;
  q->page.body = q->body;
  return q;
}

static void *extract_worker(void *arg) {
  fetch_writer *w = arg;
  for (;;) {
    pthread_mutex_lock(&w->queue_lock);
    while (!w->queue_head && !w->closing)
      pthread_cond_wait(&w->queue_ready, &w->queue_lock);
    fetched *q = w->queue_head;
    if (q) {
      w->queue_head = q->next;
      if (!w->queue_head)
        w->queue_tail = NULL;
      w->queue_len--;
      w->queue_bytes -= q->page.body_len;
    }
    pthread_mutex_unlock(&w->queue_lock);
    if (!q)
      return NULL;
    emit(w, &q->page);
    fetched_free(q);
  }
}

void fetch_writer_start(fetch_writer *w, int threads) {
  pthread_mutex_init(&w->lock, NULL);
  pthread_mutex_init(&w->queue_lock, NULL);
  pthread_cond_init(&w->queue_ready, NULL);
  if (threads > FETCH_MAX_THREADS)
    threads = FETCH_MAX_THREADS;
  for (int t = 0; t < threads; t++) {
    if (pthread_create(&w->threads[t], NULL, extract_worker, w) != 0)
      break;
    w->nthreads++;
  }
}

void fetch_writer_take(fetch_writer *w, const pith_fetch_page *p) {
  if (p->status != PITH_OK || w->nthreads == 0) {
    emit(w, p);
    return;
  }
  pthread_mutex_lock(&w->queue_lock);
  int room = w->queue_len < 2 * w->nthreads &&
             w->queue_bytes + p->body_len <= QUEUE_MAX_BYTES;
  pthread_mutex_unlock(&w->queue_lock);
  fetched *q = room ? fetched_copy(p) : NULL;
  if (!q) {
    emit(w, p);
    return;
  }
  pthread_mutex_lock(&w->queue_lock);
  if (w->queue_tail)
    w->queue_tail->next = q;
  else
    w->queue_head = q;
  w->queue_tail = q;
  w->queue_len++;
  w->queue_bytes += q->page.body_len;
  pthread_cond_signal(&w->queue_ready);
  pthread_mutex_unlock(&w->queue_lock);
}

void fetch_writer_finish(fetch_writer *w) {
  pthread_mutex_lock(&w->queue_lock);
  w->closing = 1;
  pthread_cond_broadcast(&w->queue_ready);
  pthread_mutex_unlock(&w->queue_lock);
  for (int t = 0; t < w->nthreads; t++)
    pthread_join(w->threads[t], NULL);
  w->nthreads = 0;
  pthread_mutex_destroy(&w->queue_lock);
  pthread_cond_destroy(&w->queue_ready);
  pthread_mutex_destroy(&w->lock);
}

void fetch_writer_replay(fetch_writer *w) {
  FILE *f = w->spool;
  w->spool = NULL;
  if (!f)
    return;
  if (fflush(f) != 0 || fseek(f, 0, SEEK_SET) != 0)
    w->spool_failed = 1;
  spooled head;
  while (!w->spool_failed && fread(&head, sizeof head, 1, f) == 1) {
    char *url, *final_url, *content_type, *message, *body;
    size_t body_len = 0;
    int bad =
        unspool_string(f, &url, NULL) | unspool_string(f, &final_url, NULL) |
        unspool_string(f, &content_type, NULL) |
        unspool_string(f, &message, NULL) | unspool_string(f, &body, &body_len);
    if (!bad) {
      pith_fetch_page p = {.url = url ? url : "",
                           .id = head.id,
                           .final_url = final_url,
                           .http_status = head.http_status,
                           .content_type = content_type,
                           .body = body,
                           .body_len = body_len,
                           .status = (pith_status)head.status,
                           .message = message ? message : "",
                           .fetched_at = (time_t)head.fetched_at};
      emit(w, &p);
    } else {
      w->spool_failed = 1;
    }
    free(url);
    free(final_url);
    free(content_type);
    free(message);
    free(body);
  }
  fclose(f);
}
