/* The fetch engine of `pith fetch` and `pith extract URL`: many URLs over
 * libcurl's multi interface, politely (robots.txt, per-host limits and
 * delays, backoff) and within bounds (time, size, redirects). Every URL
 * handed in comes back exactly once, as a page or an error. */
#ifndef PITH_CLI_FETCH_H
#define PITH_CLI_FETCH_H

#include <stddef.h>
#include <time.h>

typedef struct fetch_config {
  long parallel;          /* requests at once, all hosts together */
  long per_host;          /* requests at once to one host */
  double host_delay;      /* seconds between two request starts to a host */
  double timeout;         /* seconds for one request, the whole transfer */
  double connect_timeout; /* seconds to connect */
  size_t max_size;        /* bytes of a body, after decompression */
  int retries;            /* extra attempts after connection errors, 429
                             and 5xx */
  int max_redirects;
  double retry_base;     /* the first backoff, seconds; doubled each time */
  double max_retry_wait; /* the longest Retry-After honoured, seconds */
  int ignore_robots;
  const char *user_agent; /* NULL: "pith/VERSION" */
  const char *ca_file;    /* PEM certificates to trust instead of the
                             system's; NULL: the system's */
  size_t window;          /* URLs read ahead and held at most */
  size_t memory_budget;   /* bytes of bodies held at once, all transfers
                             together (one transfer may exceed it) */
} fetch_config;

/* Defaults: 16 at once, 2 per host, no delay, 30 s, 10 s to connect,
 * 20 MiB, 2 retries, 10 redirects, robots.txt obeyed, 128 MiB of bodies
 * in memory at once. */
void fetch_config_init(fetch_config *config);

/* The outcome for one URL. Strings live until the callback returns. */
typedef struct fetch_page {
  const char *url;          /* as given */
  const char *final_url;    /* the last URL requested; NULL when none */
  long status;              /* the last HTTP status; 0 when none */
  const char *content_type; /* the last Content-Type header; NULL if none */
  const char *body;         /* the decoded body of a 2xx answer, NUL-
                               terminated; NULL with an error */
  size_t body_len;
  const char *error_kind; /* NULL on success, else a stable word: timeout,
                             too_large, http_status, robots, not_html, dns,
                             connect, tls, redirects, bad_url, network,
                             proxy, encoding */
  const char *error_message;
  time_t fetched_at;
} fetch_page;

/* The next URL to fetch, malloc'd (the engine frees it). NULL with
 * *wait_fd set to a descriptor when none is available yet (the engine
 * asks again once it is readable, fetching meanwhile), or NULL with
 * *wait_fd = -1 at the end of the input. */
typedef char *(*fetch_next_fn)(void *ctx, int *wait_fd);
/* Called once per URL, in the order they finish. */
typedef void (*fetch_done_fn)(void *ctx, const fetch_page *page);
/* Called about five times a second while work is under way (may be NULL). */
typedef void (*fetch_tick_fn)(void *ctx);

/* Fetches every URL next() gives. Returns 0, or -1 after an internal
 * failure (out of memory, libcurl not usable) with a message in err; the
 * URLs not yet reported then get an error record each. */
int fetch_run(const fetch_config *config, fetch_next_fn next,
              fetch_done_fn done, fetch_tick_fn tick, void *ctx, char *err,
              size_t err_size);

/* The product token of a User-Agent for robots.txt: "pith" for
 * "pith/0.1.0". Copied into out (at most out_size-1 bytes). */
void fetch_robots_agent(const char *user_agent, char *out, size_t out_size);

#endif
