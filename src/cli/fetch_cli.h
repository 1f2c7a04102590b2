/* pith fetch: what the command (fetch_cmd.c: options, the URL list, the
 * run) hands to the writer (fetch_write.c: extraction threads, records). */
#ifndef PITH_CLI_FETCH_H
#define PITH_CLI_FETCH_H

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

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

#endif
