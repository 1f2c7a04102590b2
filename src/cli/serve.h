/* pith serve: the command line and the life of the service (serve_cmd.c),
 * the HTTP side on libmicrohttpd with its worker pool (serve_http.c) and
 * the counters behind GET /metrics (serve_metrics.c). */
#ifndef PITH_SERVE_H
#define PITH_SERVE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "pith.h"

/* What the command line sets. */
typedef struct serve_config {
  pith_options options; /* the mode and the document limits */
  long threads;         /* extraction workers */
  size_t max_body;      /* bytes of one request body */
  long max_connections; /* open connections before 503 */
  long per_client;      /* open connections from one client address */
  long timeout_ms;      /* idle connections; the grace of a shutdown */
  long queue;           /* requests waiting for a worker before 503 */
} serve_config;

/* ---- metrics ------------------------------------------------------------- */

enum serve_route {
  ROUTE_EXTRACT,
  ROUTE_CLEAN,
  ROUTE_HEALTH,
  ROUTE_METRICS,
  ROUTE_OTHER,
  ROUTE_COUNT_
};

#define SERVE_STATUS_COUNT 10 /* the statuses counted one by one */
#define SERVE_BUCKET_COUNT 12 /* latency histogram buckets, +Inf apart */

typedef struct serve_metrics {
  pthread_mutex_t lock;
  uint64_t requests[ROUTE_COUNT_][SERVE_STATUS_COUNT + 1]; /* last: other */
  uint64_t bytes[ROUTE_COUNT_];
  uint64_t latency[SERVE_BUCKET_COUNT + 1]; /* per bucket, last: +Inf */
  double latency_sum;
  uint64_t latency_count;
  long in_flight;   /* requests begun and not yet answered */
  long connections; /* open connections */
} serve_metrics;

void serve_metrics_init(serve_metrics *m);
void serve_metrics_free(serve_metrics *m);
/* Counts one finished request. Lock not held. */
void serve_metrics_count(serve_metrics *m, int route, unsigned status,
                         uint64_t body_bytes, double seconds);
/* The Prometheus text format (version 0.0.4), malloc'd; NULL without
 * memory. */
char *serve_metrics_render(serve_metrics *m, size_t *len);

/* ---- the service ------------------------------------------------------- */

typedef struct serve serve;

/* Starts the workers and the HTTP daemon on the listening socket `fd`
 * (which it then owns). NULL after printing why. */
serve *serve_start(const serve_config *config, int fd);
/* Stops accepting, waits up to config->timeout_ms for the requests in
 * flight to be answered, then stops. Returns the number still in flight
 * when it gave up (0: all answered; then everything is released). */
long serve_stop(serve *s);

#endif
