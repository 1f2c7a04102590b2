/* pith serve, the HTTP side. One libmicrohttpd thread polls every
 * connection (epoll where there is one) and does only the light work:
 * headers, bodies, /health, /metrics and error answers. A request to
 * extract or clean is suspended and queued for a pool of worker threads;
 * the worker that finishes it resumes the connection, and the polling
 * thread sends the answer. So slow clients cost a socket each, and /health
 * answers at once while every worker is busy. The service never fetches a
 * URL: clients send the page. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>
#include <microhttpd.h>

#include "serve.h"

/* Connections beyond --max-connections that are still accepted, to be
 * told 503 instead of being dropped. */
#define SPARE_CONNECTIONS 64
/* The memory of one connection for its request line and headers: larger
 * headers are refused by libmicrohttpd (431). */
#define HEADER_MEMORY ((size_t)32 * 1024)

enum state { RECEIVING, WORKING, READY, ANSWERED };
enum format { FORMAT_JSON, FORMAT_TEXT, FORMAT_MARKDOWN };

typedef struct request {
  struct MHD_Connection *conn;
  int route, state, format;
  pith_mode mode;
  char *url, *content_type;
  char *body;
  size_t len, cap;
  uint64_t received; /* body bytes, kept or not */
  /* the answer */
  unsigned status;
  char *out;
  size_t out_len;
  const char *out_type, *allow;
  int article; /* -1: not an extraction */
  int close, retry_after;
  struct timespec start;
  struct request *next;
} request;

struct serve {
  serve_config cfg;
  struct MHD_Daemon *daemon;
  pthread_mutex_t lock;
  pthread_cond_t work;
  request *head, *tail;
  long queued;
  int quit;
  _Atomic int stopping; /* answers then close their connection */
  pthread_t *workers;
  long nworkers;
  serve_metrics metrics;
};

static double seconds_since(const struct timespec *t) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - t->tv_sec) +
         (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static void request_free(request *r) {
  free(r->url);
  free(r->content_type);
  free(r->body);
  free(r->out);
  free(r);
}

/* ---- answers --------------------------------------------------------------
 */

static void set_answer(request *r, unsigned status, char *out, size_t len,
                       const char *type) {
  free(r->out);
  r->status = status;
  r->out = out;
  r->out_len = len;
  r->out_type = type;
}

/* {"error": {"kind": KIND, "message": MESSAGE}}, KIND a word of
 * pith_status_kind(). */
static void set_error(request *r, unsigned status, pith_status kind,
                      const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void set_error(request *r, unsigned status, pith_status kind,
                      const char *fmt, ...) {
  char message[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  json_object *o = json_object_new_object(), *e = json_object_new_object();
  char *out = NULL;
  if (o && e) {
    json_object_object_add(e, "kind",
                           json_object_new_string(pith_status_kind(kind)));
    json_object_object_add(e, "message", json_object_new_string(message));
    json_object_object_add(o, "error", e);
    e = NULL;
    const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
    size_t n = s ? strlen(s) : 0;
    if (s && (out = malloc(n + 2))) {
      memcpy(out, s, n);
      memcpy(out + n, "\n", 2);
    }
  }
  json_object_put(e);
  json_object_put(o);
  set_answer(r, status, out, out ? strlen(out) : 0, "application/json");
}

static enum MHD_Result send_answer(serve *S, request *r) {
  struct MHD_Response *resp;
  if (!r->out) {
    /* memory ran out while the answer was made */
    r->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
    r->out_type = NULL;
  }
  resp = MHD_create_response_from_buffer(r->out ? r->out_len : 0,
                                         r->out ? r->out : (void *)"",
                                         MHD_RESPMEM_MUST_COPY);
  if (!resp)
    return MHD_NO;
  if (r->out_type)
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->out_type);
  if (r->allow)
    MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
  if (r->retry_after)
    MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, "1");
  if (r->article >= 0)
    MHD_add_response_header(resp, "Pith-Article",
                            r->article ? "true" : "false");
  if (r->close || S->stopping)
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
  enum MHD_Result ok = MHD_queue_response(r->conn, r->status, resp);
  MHD_destroy_response(resp);
  if (ok == MHD_YES) {
    r->state = ANSWERED;
    free(r->out);
    r->out = NULL;
  }
  return ok;
}

/* ---- the work -------------------------------------------------------------
 */

static unsigned http_status_for(pith_status st) {
  switch (st) {
  case PITH_ERR_ARGUMENT:
    return MHD_HTTP_BAD_REQUEST;
  case PITH_ERR_EMPTY:
  case PITH_ERR_NOT_HTML:
  case PITH_ERR_TOO_LARGE:
  case PITH_ERR_PARSE:
  case PITH_ERR_ENCODING:
  case PITH_ERR_LIMIT:
  case PITH_ERR_LANGUAGE:
  case PITH_ERR_DECOMPRESS:
    return MHD_HTTP_UNPROCESSABLE_CONTENT;
  default:
    return MHD_HTTP_INTERNAL_SERVER_ERROR;
  }
}

static char *copy_line(const char *s, size_t *len) {
  size_t n = strlen(s);
  char *out = malloc(n + 2);
  if (out) {
    memcpy(out, s, n);
    memcpy(out + n, "\n", 2);
    *len = n + 1;
  }
  return out;
}

static void answer_extract(request *r, const pith_result *res, pith_status st) {
  r->article = st == PITH_OK;
  size_t len = 0;
  char *out;
  if (r->format == FORMAT_JSON) {
    out = copy_line(pith_result_json(res), &len);
    set_answer(r, MHD_HTTP_OK, out, len, "application/json");
    return;
  }
  const char *body = "";
  if (st == PITH_OK)
    body = r->format == FORMAT_TEXT ? pith_result_text(res)
                                    : pith_result_markdown(res);
  len = strlen(body);
  out = malloc(len + 1);
  if (out)
    memcpy(out, body, len + 1);
  set_answer(r, MHD_HTTP_OK, out, len,
             r->format == FORMAT_TEXT ? "text/plain; charset=utf-8"
                                      : "text/markdown; charset=utf-8");
}

/* {"text": the kept text, "lines": [{"text", "keep", "rule"}, ...]} */
static void answer_clean(request *r, const pith_result *res) {
  json_object *o = json_object_new_object(), *lines = json_object_new_array();
  char *out = NULL;
  size_t len = 0;
  if (o && lines) {
    json_object_object_add(o, "text",
                           json_object_new_string(pith_result_text(res)));
    for (size_t i = 0; i < pith_result_line_count(res); i++) {
      json_object *l = json_object_new_object();
      if (!l)
        break;
      json_object_object_add(
          l, "text", json_object_new_string(pith_result_line_text(res, i)));
      json_object_object_add(
          l, "keep", json_object_new_boolean(pith_result_line_kept(res, i)));
      json_object_object_add(
          l, "rule", json_object_new_string(pith_result_line_rule(res, i)));
      json_object_array_add(lines, l);
    }
    json_object_object_add(o, "lines", lines);
    lines = NULL;
    const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
    if (s)
      out = copy_line(s, &len);
  }
  json_object_put(lines);
  json_object_put(o);
  set_answer(r, MHD_HTTP_OK, out, len, "application/json");
}

static void run_job(serve *S, request *r) {
  pith_options o = S->cfg.options;
  o.mode = r->mode;
  o.url = r->url;
  o.content_type = r->content_type;
  pith_result *res = NULL;
  const char *body = r->body ? r->body : "";
  pith_status st = r->route == ROUTE_EXTRACT
                       ? pith_extract(body, r->len, &o, &res)
                       : pith_clean_text(body, r->len, &o, &res);
  free(r->body);
  r->body = NULL;
  if (st == PITH_OK || st == PITH_NO_ARTICLE) {
    if (r->route == ROUTE_CLEAN)
      answer_clean(r, res);
    else
      answer_extract(r, res, st);
  } else {
    const char *msg = res ? pith_result_message(res) : "";
    set_error(r, http_status_for(st), st, "%s",
              msg && *msg ? msg : pith_strerror(st));
  }
  pith_result_free(res);
}

static void *worker(void *arg) {
  serve *S = arg;
  pthread_mutex_lock(&S->lock);
  for (;;) {
    while (!S->head && !S->quit)
      pthread_cond_wait(&S->work, &S->lock);
    if (!S->head)
      break;
    request *r = S->head;
    S->head = r->next;
    if (!S->head)
      S->tail = NULL;
    S->queued--;
    pthread_mutex_unlock(&S->lock);
    run_job(S, r);
    r->state = READY;
    MHD_resume_connection(r->conn);
    pthread_mutex_lock(&S->lock);
  }
  pthread_mutex_unlock(&S->lock);
  return NULL;
}

/* Suspends the connection and queues the request for a worker; 503 when
 * the queue is full. */
static enum MHD_Result enqueue(serve *S, request *r) {
  pthread_mutex_lock(&S->lock);
  if (S->queued >= S->cfg.queue || S->quit) {
    pthread_mutex_unlock(&S->lock);
    free(r->body);
    r->body = NULL;
    r->retry_after = 1;
    set_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, PITH_ERR_LIMIT,
              "every worker is busy and the queue is full; try again");
    return send_answer(S, r);
  }
  /* Suspended before it is queued: the worker may resume it at once. */
  MHD_suspend_connection(r->conn);
  r->state = WORKING;
  r->next = NULL;
  if (S->tail)
    S->tail->next = r;
  else
    S->head = r;
  S->tail = r;
  S->queued++;
  pthread_cond_signal(&S->work);
  pthread_mutex_unlock(&S->lock);
  return MHD_YES;
}

/* ---- the request ----------------------------------------------------------
 */

static int route_of(const char *path) {
  static const char *const paths[] = {"/extract", "/clean", "/health",
                                      "/metrics"};
  for (int i = 0; i < ROUTE_OTHER; i++)
    if (strcmp(path, paths[i]) == 0)
      return i;
  return ROUTE_OTHER;
}

typedef struct param_check {
  request *r;
  char error[300];
} param_check;

static int word_of(const char *value, const char *const *words) {
  for (int i = 0; value && words[i]; i++)
    if (strcmp(value, words[i]) == 0)
      return i;
  return -1;
}

static enum MHD_Result check_param(void *ctx, enum MHD_ValueKind kind,
                                   const char *key, const char *value) {
  static const char *const formats[] = {"json", "text", "markdown", NULL};
  static const char *const modes[] = {"balanced", "precision", "recall", NULL};
  (void)kind;
  param_check *p = ctx;
  request *r = p->r;
  int extract = r->route == ROUTE_EXTRACT, w;
  if (extract && strcmp(key, "url") == 0) {
    free(r->url);
    if (value && *value && !(r->url = strdup(value)))
      snprintf(p->error, sizeof p->error, "out of memory");
  } else if (extract && strcmp(key, "format") == 0) {
    if ((w = word_of(value, formats)) < 0)
      snprintf(p->error, sizeof p->error,
               "format: '%.100s' is not json, text or markdown",
               value ? value : "");
    r->format = w;
  } else if (strcmp(key, "mode") == 0) {
    if ((w = word_of(value, modes)) < 0)
      snprintf(p->error, sizeof p->error,
               "mode: '%.100s' is not balanced, precision or recall",
               value ? value : "");
    r->mode = (pith_mode)w;
  } else {
    snprintf(p->error, sizeof p->error,
             "unknown parameter '%.100s' (this route takes %s)", key,
             extract ? "url, format and mode" : "mode");
  }
  return p->error[0] ? MHD_NO : MHD_YES;
}

/* A form type is what curl -d and -F send by default, not the page's. */
static char *page_content_type(struct MHD_Connection *c) {
  const char *ct =
      MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
  if (!ct || !*ct ||
      strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0 ||
      strncasecmp(ct, "multipart/form-data", 19) == 0)
    return NULL;
  return strdup(ct);
}

static int over_connections(serve *S) {
  pthread_mutex_lock(&S->metrics.lock);
  int over = S->metrics.connections > S->cfg.max_connections;
  pthread_mutex_unlock(&S->metrics.lock);
  return over;
}

/* The first call, with the headers: decides the answer of what needs no
 * work (and refuses at once a body too large by its Content-Length, or a
 * request over the connection cap); else the body is read. */
static enum MHD_Result begin(serve *S, request *r, const char *path,
                             const char *method) {
  struct MHD_Connection *c = r->conn;
  r->route = route_of(path);
  int post = strcmp(method, "POST") == 0;
  int get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
  int work = r->route == ROUTE_EXTRACT || r->route == ROUTE_CLEAN;
  if (r->route == ROUTE_OTHER) {
    set_error(r, MHD_HTTP_NOT_FOUND, PITH_ERR_ARGUMENT,
              "no such path: %.200s (POST /extract, POST /clean, GET "
              "/health, GET /metrics)",
              path);
  } else if (work ? !post : !get) {
    r->allow = work ? "POST" : "GET, HEAD";
    set_error(r, MHD_HTTP_METHOD_NOT_ALLOWED, PITH_ERR_ARGUMENT,
              "%.20s %.200s: use %s", method, path, r->allow);
  } else if (r->route == ROUTE_HEALTH) {
    set_answer(r, MHD_HTTP_OK, strdup("{\"status\":\"ok\"}\n"), 16,
               "application/json");
  } else if (r->route == ROUTE_METRICS) {
    size_t len = 0;
    char *text = serve_metrics_render(&S->metrics, &len);
    set_answer(r, MHD_HTTP_OK, text, len,
               "text/plain; version=0.0.4; charset=utf-8");
  } else if (over_connections(S)) {
    r->retry_after = r->close = 1;
    set_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, PITH_ERR_LIMIT,
              "more than %ld connections are open (--max-connections); "
              "try again",
              S->cfg.max_connections);
  } else {
    param_check p = {r, ""};
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, check_param, &p);
    const char *cl =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    if (p.error[0]) {
      set_error(r, MHD_HTTP_BAD_REQUEST, PITH_ERR_ARGUMENT, "%s", p.error);
    } else if (cl && strtoull(cl, NULL, 10) > S->cfg.max_body) {
      r->close = 1;
      set_error(r, MHD_HTTP_CONTENT_TOO_LARGE, PITH_ERR_TOO_LARGE,
                "the body is %.30s bytes, over --max-body (%zu)", cl,
                S->cfg.max_body);
    } else {
      r->content_type = page_content_type(c);
    }
  }
  /* A refusal goes before the body, and closes the connection; other
   * answers wait for the end of the request, which keeps it alive. */
  return r->status && r->close ? send_answer(S, r) : MHD_YES;
}

/* Keeps a piece of the body, up to --max-body. Past it, or once the
 * answer is decided, the rest is read and dropped, and answered at the end
 * (libmicrohttpd cannot answer while a body is coming in); a body that
 * goes on past twice the limit is cut off by closing the connection. */
static enum MHD_Result take_body(serve *S, request *r, const char *data,
                                 size_t n) {
  r->received += n;
  if (r->status)
    return r->received / 2 > S->cfg.max_body ? MHD_NO : MHD_YES;
  if (n > S->cfg.max_body - r->len) {
    r->close = 1;
    free(r->body);
    r->body = NULL;
    set_error(r, MHD_HTTP_CONTENT_TOO_LARGE, PITH_ERR_TOO_LARGE,
              "the body is over --max-body (%zu bytes)", S->cfg.max_body);
    return MHD_YES;
  }
  if (r->len + n + 1 > r->cap) {
    size_t cap = r->cap ? r->cap : 16384;
    while (cap < r->len + n + 1)
      cap *= 2;
    char *p = realloc(r->body, cap);
    if (!p)
      return MHD_NO;
    r->body = p;
    r->cap = cap;
  }
  memcpy(r->body + r->len, data, n);
  r->len += n;
  r->body[r->len] = '\0';
  return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
                                  const char *path, const char *method,
                                  const char *version, const char *data,
                                  size_t *data_size, void **req_cls) {
  serve *S = cls;
  request *r = *req_cls;
  (void)version;
  if (!r) {
    if (!(r = calloc(1, sizeof *r)))
      return MHD_NO;
    r->conn = c;
    r->article = -1;
    clock_gettime(CLOCK_MONOTONIC, &r->start);
    *req_cls = r;
    pthread_mutex_lock(&S->metrics.lock);
    S->metrics.in_flight++;
    pthread_mutex_unlock(&S->metrics.lock);
    return begin(S, r, path, method);
  }
  if (*data_size) {
    size_t n = *data_size;
    *data_size = 0;
    return take_body(S, r, data, n);
  }
  if (r->state == RECEIVING && !r->status)
    return enqueue(S, r);
  if (r->state == ANSWERED)
    return MHD_YES;
  return send_answer(S, r); /* READY, or decided before */
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
                         enum MHD_RequestTerminationCode toe) {
  serve *S = cls;
  request *r = *req_cls;
  (void)c;
  (void)toe;
  if (!r)
    return;
  if (r->status)
    serve_metrics_count(&S->metrics, r->route, r->status, r->received,
                        seconds_since(&r->start));
  pthread_mutex_lock(&S->metrics.lock);
  S->metrics.in_flight--;
  pthread_mutex_unlock(&S->metrics.lock);
  request_free(r);
  *req_cls = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket,
                          enum MHD_ConnectionNotificationCode code) {
  serve *S = cls;
  (void)c;
  (void)socket;
  pthread_mutex_lock(&S->metrics.lock);
  S->metrics.connections += code == MHD_CONNECTION_NOTIFY_STARTED ? 1 : -1;
  pthread_mutex_unlock(&S->metrics.lock);
}

/* ---- start and stop -------------------------------------------------------
 */

static void serve_free(serve *S) {
  pthread_mutex_destroy(&S->lock);
  pthread_cond_destroy(&S->work);
  serve_metrics_free(&S->metrics);
  free(S->workers);
  free(S);
}

static void stop_workers(serve *S) {
  pthread_mutex_lock(&S->lock);
  S->quit = 1;
  pthread_cond_broadcast(&S->work);
  pthread_mutex_unlock(&S->lock);
  for (long i = 0; i < S->nworkers; i++)
    pthread_join(S->workers[i], NULL);
}

serve *serve_start(const serve_config *config, int fd) {
  serve *S = calloc(1, sizeof *S);
  if (!S ||
      !(S->workers = calloc((size_t)config->threads, sizeof(pthread_t)))) {
    free(S);
    close(fd);
    fputs("pith: serve: out of memory\n", stderr);
    return NULL;
  }
  S->cfg = *config;
  pthread_mutex_init(&S->lock, NULL);
  pthread_cond_init(&S->work, NULL);
  serve_metrics_init(&S->metrics);
  for (; S->nworkers < config->threads; S->nworkers++)
    if (pthread_create(&S->workers[S->nworkers], NULL, worker, S) != 0)
      break;
  unsigned timeout_s = (unsigned)((config->timeout_ms + 999) / 1000);
  if (S->nworkers > 0)
    S->daemon = MHD_start_daemon(
        MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD |
            MHD_ALLOW_SUSPEND_RESUME,
        0, NULL, NULL, on_request, S, MHD_OPTION_LISTEN_SOCKET, fd,
        MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)(config->max_connections + SPARE_CONNECTIONS),
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)config->per_client,
        MHD_OPTION_CONNECTION_TIMEOUT, timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, HEADER_MEMORY,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, S,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, S, MHD_OPTION_END);
  if (!S->daemon) {
    fputs(S->nworkers ? "pith: serve: the HTTP server could not start\n"
                      : "pith: serve: cannot start a worker thread\n",
          stderr);
    stop_workers(S);
    close(fd);
    serve_free(S);
    return NULL;
  }
  return S;
}

long serve_stop(serve *S) {
  MHD_socket fd = MHD_quiesce_daemon(S->daemon);
  if (fd != MHD_INVALID_SOCKET)
    close(fd);
  pthread_mutex_lock(&S->lock);
  S->stopping = 1;
  pthread_mutex_unlock(&S->lock);
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  long left;
  for (;;) {
    pthread_mutex_lock(&S->metrics.lock);
    left = S->metrics.in_flight;
    pthread_mutex_unlock(&S->metrics.lock);
    if (left == 0 || seconds_since(&start) * 1000 >= (double)S->cfg.timeout_ms)
      break;
    struct timespec tick = {0, 10 * 1000 * 1000};
    nanosleep(&tick, NULL);
  }
  if (left)
    return left; /* suspended connections cannot be closed: the caller
                    exits without releasing */
  stop_workers(S);
  MHD_stop_daemon(S->daemon);
  serve_free(S);
  return 0;
}
