/* pith fetch: what the command (fetch_cmd.c: options, the URL list, the
 * run) hands to the writer (fetch_write.c: extraction threads, records). */
#ifndef PITH_CLI_FETCH_H
#define PITH_CLI_FETCH_H

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

#include "cli.h"
#include "pith.h"
#include "records.h"

#define FETCH_MAX_THREADS 64

struct fetched;

/* Turns fetched pages into records: the article extracted on a few
 * threads while the fetching goes on, each record written as it is done
 * (JSON Lines or --format text). */
typedef struct fetch_writer {
  pith_options options; /* the extraction's mode and limits */
  int text;             /* --format text */
  /* With --sitemap or --feed: what was found, for the records' found_in;
   * NULL otherwise. */
  const pith_discovery *discovery;
  cli_output out;
  pthread_mutex_t lock; /* out and the counts */
  size_t done, errors;
  int nomem; /* a record could not be made */
  /* Pages waiting for an extraction thread. */
  int nthreads;
  pthread_t threads[FETCH_MAX_THREADS];
  pthread_mutex_t queue_lock;
  pthread_cond_t queue_ready;
  struct fetched *queue_head, *queue_tail;
  int queue_len, closing;
  size_t queue_bytes;
  /* Site boilerplate: every page's lines counted into `collect` (NULL:
   * none); with `spool` set, pages wait there instead of being written,
   * for fetch_writer_replay() once the profile is complete. */
  pith_site_profile *collect;
  FILE *spool;
  int spool_failed; /* the spool could not be written or read back */
} fetch_writer;

/* Starts up to `threads` extraction threads (0: extract in the caller).
 * options and out must be set. */
void fetch_writer_start(fetch_writer *w, int threads);
/* Takes one outcome of pith_fetch: queued for a thread, or extracted and
 * written at once. */
void fetch_writer_take(fetch_writer *w, const pith_fetch_page *page);
/* Waits for the queue to drain and the threads to end. */
void fetch_writer_finish(fetch_writer *w);
/* --site-boilerplate's second pass: every spooled page extracted with
 * w->options (its site_profile set by the caller) and written, in the
 * order they were fetched. Closes the spool. */
void fetch_writer_replay(fetch_writer *w);

/* ---- discovery (fetch_discover.c): --sitemap, --feed and their filters */

/* Their option ids, apart from the command's own. */
enum {
  FETCH_OPT_SITEMAP = 200,
  FETCH_OPT_FEED,
  FETCH_OPT_SAME_HOST,
  FETCH_OPT_URL_FILTER,
  FETCH_OPT_MAX_URLS
};
#define FETCH_OPT_DISCOVER_FIRST FETCH_OPT_SITEMAP

extern const cli_option fetch_discover_options[];

typedef struct fetch_discover {
  pith_source *sources; /* the --sitemap and --feed values (borrowed URLs) */
  size_t count, cap;
  int sitemap_auto; /* --sitemap auto: the URLs given are sites */
  int filters;      /* --same-host, --url-filter or --max-urls given */
  pith_discover_config config;
  pith_discovery *result;
  char **urls; /* the URLs found (the result's), to fetch */
  int nurls;
} fetch_discover;

/* Takes one discovery option: 0 or an exit code. */
int fetch_discover_set(fetch_discover *d, const cli_arg *a);
/* 1 when --sitemap or --feed was given. */
int fetch_discover_active(const fetch_discover *d);
/* Reads the sources (and the sites, with --sitemap auto) into d->urls.
 * Returns 0 or an exit code after saying why. */
int fetch_discover_run(fetch_discover *d, const pith_fetch_config *fetch,
                       char **sites, int nsites, int quiet);
/* Writes one error record per sitemap or feed that failed. */
void fetch_discover_errors(const fetch_discover *d, fetch_writer *w);
void fetch_discover_free(fetch_discover *d);

#endif
