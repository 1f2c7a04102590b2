/* pith serve: the counters behind GET /metrics, in the Prometheus text
 * format, every name prefixed pith_. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve.h"

static const unsigned status_codes[SERVE_STATUS_COUNT] = {
    200, 400, 404, 405, 413, 422, 431, 500, 503, 504};
static const char *const route_names[ROUTE_COUNT_] = {
    "extract", "clean", "health", "metrics", "other"};
/* Upper bounds of the latency buckets, seconds. */
static const double buckets[SERVE_BUCKET_COUNT] = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10};

void serve_metrics_init(serve_metrics *m) {
  memset(m, 0, sizeof *m);
  pthread_mutex_init(&m->lock, NULL);
}

void serve_metrics_free(serve_metrics *m) {
  pthread_mutex_destroy(&m->lock);
}

void serve_metrics_count(serve_metrics *m, int route, unsigned status,
                         uint64_t body_bytes, double seconds) {
  size_t s = 0;
  while (s < SERVE_STATUS_COUNT && status_codes[s] != status)
    s++;
  size_t b = 0;
  while (b < SERVE_BUCKET_COUNT && seconds > buckets[b])
    b++;
  pthread_mutex_lock(&m->lock);
  m->requests[route][s]++;
  m->bytes[route] += body_bytes;
  m->latency[b]++;
  m->latency_sum += seconds;
  m->latency_count++;
  pthread_mutex_unlock(&m->lock);
}

/* A growing text; `failed` once memory ran out. */
typedef struct text {
  char *s;
  size_t len, cap;
  int failed;
} text;

static void add(text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void add(text *t, const char *fmt, ...) {
  if (t->failed)
    return;
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    if (n < 0) {
      t->failed = 1;
      return;
    }
    if ((size_t)n < t->cap - t->len) {
      t->len += (size_t)n;
      return;
    }
    size_t cap = (t->cap + (size_t)n + 1) * 2;
    char *p = realloc(t->s, cap);
    if (!p) {
      t->failed = 1;
      return;
    }
    t->s = p;
    t->cap = cap;
  }
}

static void render_requests(text *t, const serve_metrics *m) {
  add(t, "# HELP pith_requests_total Requests answered, by route and HTTP "
         "status.\n# TYPE pith_requests_total counter\n");
  for (int r = 0; r < ROUTE_COUNT_; r++)
    for (size_t s = 0; s <= SERVE_STATUS_COUNT; s++) {
      if (!m->requests[r][s])
        continue;
      if (s < SERVE_STATUS_COUNT)
        add(t, "pith_requests_total{route=\"%s\",status=\"%u\"} %llu\n",
            route_names[r], status_codes[s],
            (unsigned long long)m->requests[r][s]);
      else
        add(t, "pith_requests_total{route=\"%s\",status=\"other\"} %llu\n",
            route_names[r], (unsigned long long)m->requests[r][s]);
    }
  add(t, "# HELP pith_request_bytes_total Bytes of request bodies received, "
         "by route.\n# TYPE pith_request_bytes_total counter\n");
  for (int r = 0; r < ROUTE_COUNT_; r++)
    add(t, "pith_request_bytes_total{route=\"%s\"} %llu\n", route_names[r],
        (unsigned long long)m->bytes[r]);
}

static void render_latency(text *t, const serve_metrics *m) {
  add(t, "# HELP pith_request_duration_seconds Time from a request's "
         "headers to its answer.\n"
         "# TYPE pith_request_duration_seconds histogram\n");
  uint64_t cumulative = 0;
  for (size_t b = 0; b < SERVE_BUCKET_COUNT; b++) {
    cumulative += m->latency[b];
    add(t, "pith_request_duration_seconds_bucket{le=\"%g\"} %llu\n", buckets[b],
        (unsigned long long)cumulative);
  }
  cumulative += m->latency[SERVE_BUCKET_COUNT];
  add(t, "pith_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
      (unsigned long long)cumulative);
  add(t, "pith_request_duration_seconds_sum %.6f\n", m->latency_sum);
  add(t, "pith_request_duration_seconds_count %llu\n",
      (unsigned long long)m->latency_count);
}

char *serve_metrics_render(serve_metrics *m, size_t *len) {
  text t = {malloc(4096), 0, 4096, 0};
  if (!t.s)
    return NULL;
  pthread_mutex_lock(&m->lock);
  render_requests(&t, m);
  render_latency(&t, m);
  add(&t,
      "# HELP pith_requests_in_flight Requests begun and not yet "
      "answered.\n# TYPE pith_requests_in_flight gauge\n"
      "pith_requests_in_flight %ld\n",
      m->in_flight);
  add(&t,
      "# HELP pith_connections_open Open client connections.\n"
      "# TYPE pith_connections_open gauge\npith_connections_open %ld\n",
      m->connections);
  pthread_mutex_unlock(&m->lock);
  if (t.failed) {
    free(t.s);
    return NULL;
  }
  *len = t.len;
  return t.s;
}
