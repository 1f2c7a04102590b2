/* pith batch: many documents in, one record per document out, on every
 * core. The main thread reads the inputs (batch_input.c) and queues
 * documents into a window of at most `window` slots and MAX_INFLIGHT_BYTES
 * of data; worker threads turn them into records (batch_record.c);
 * whichever worker finishes the oldest document writes every finished
 * record from there on, so the output keeps the input order and memory
 * stays bounded. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "cli.h"
#include "pith.h"
#include "records.h"
#include "site.h"

/* Data of queued documents held at once, beyond the first document. */
#define MAX_INFLIGHT_BYTES ((size_t)64 * 1024 * 1024)
#define MAX_THREADS 256

enum { OPT_JOBS = CLI_OPT_OWN, OPT_FORMAT, OPT_OUTPUT, OPT_RESUME, OPT_QUIET };
enum out_format { OUT_JSONL, OUT_TEXT };
static const char *const format_words[] = {"jsonl|json", "text|txt", NULL};

static const cli_option batch_options[] = {
    {"jobs", 'j', "N", OPT_JOBS,
     "worker threads (default: the number of cores); the output does not "
     "depend on it"},
    {"format", 'f', "FORMAT", OPT_FORMAT,
     "jsonl (default): one JSON object per line with url, source {file, "
     "offset}, the fields of 'pith extract --format json', and error (null "
     "or {kind, message}); text: each document's text after a line '==> "
     "URL (FILE@OFFSET) <=='"},
    {"output", 'o', "FILE", OPT_OUTPUT,
     "write to FILE instead of standard output"},
    {"resume", 0, NULL, OPT_RESUME,
     "with -o: keep the records already in FILE, skip their documents "
     "(known by source: give the same PATHs) and append the rest; a record "
     "cut off by a crash is redone"},
    {"quiet", 'q', NULL, OPT_QUIET,
     "no progress and no summary on standard error"},
    CLI_HELP_OPTION,
    CLI_OPTION_END};

static const cli_option_group batch_groups[] = {
    {"Options", batch_options},
    {"Extraction mode", cli_mode_options},
    {"Output", cli_output_options},
    {"Site boilerplate", cli_site_options},
    {"Limits (a document over one gets a record with error kind limit or "
     "too_large)",
     cli_limit_options},
    {NULL, NULL}};

static const cli_exit batch_exits[] = {
    {0, "every input was read (documents may still carry errors)"},
    {EXIT_USAGE, CLI_EXIT_USAGE_MEANING},
    {EXIT_UNREADABLE, "an input file or folder could not be read (its "
                      "record says why; the others are still done), or "
                      "the file to resume"},
    {EXIT_INTERNAL, CLI_EXIT_INTERNAL_MEANING},
    {EXIT_OUTPUT, CLI_EXIT_OUTPUT_MEANING},
    {-1, NULL}};

static int batch_run(int argc, char **argv);

static const cli_command batch_command = {
    .name = "batch",
    .rank = 40,
    .summary = "every page in files, folders, WARC archives and JSON Lines, "
               "on every core: one record per page",
    .synopsis = "[OPTIONS] PATH...",
    .description =
        "Extracts the article of every document in the PATHs and writes one "
        "record per document, in input order. A PATH is\n\n"
        "  an HTML page       .html, .htm, also gzip-compressed .gz\n"
        "  a folder           walked recursively, in name order, for pages\n"
        "                     and .warc[.gz] files; other files and hidden\n"
        "                     ones are skipped and counted in the summary\n"
        "  a WARC archive     .warc or .warc.gz (one gzip member per record\n"
        "                     or one stream); every HTML response record\n"
        "  a JSON Lines file  .jsonl: one {\"url\": ..., \"html\": ...} per\n"
        "                     line; other keys (an \"id\") are passed through\n"
        "                     to the record\n"
        "  -                  standard input, in any of these formats\n\n"
        "A progress line (files, records, pages/s, ETA) is shown on standard "
        "error when it is a terminal; a summary line (records, articles, "
        "errors by kind, files skipped) ends every run. Error kinds: io, "
        "warc, http, http_status, decompress, json, not_html, empty, "
        "too_large, parse, encoding, limit, nomem (the same words as 'pith "
        "fetch').",
    .groups = batch_groups,
    .exits = batch_exits,
    .examples = "pith batch -o out.jsonl CC-MAIN-*.warc.gz\n"
                "pith batch -j 4 -o out.jsonl --resume saved-pages/\n"
                "some-scraper | pith batch - > articles.jsonl\n",
    .run = batch_run};

PITH_CLI_COMMAND(batch_command)

/* ---- the command line ---------------------------------------------------- */

typedef struct batch_args {
  cli_shared shared;
  long jobs;
  int format;
  const char *output;
  int resume, quiet;
  char **paths;
  int npaths;
  cli_site site;
} batch_args;

static int batch_set(void *ctx, const cli_arg *a) {
  batch_args *b = ctx;
  int rc = cli_shared_set(&b->shared, a);
  if (rc != 1)
    return rc;
  rc = cli_site_set(&b->site, a);
  if (rc != 1)
    return rc;
  switch (a->option->id) {
  case OPT_JOBS:
    return cli_count(a, 1, MAX_THREADS, &b->jobs);
  case OPT_FORMAT:
    return cli_choice(a, format_words, &b->format);
  case OPT_OUTPUT:
    if (!a->value[0])
      return cli_arg_error(a, "needs a file name");
    b->output = a->value;
    return 0;
  case OPT_RESUME:
    b->resume = 1;
    return 0;
  default: /* OPT_QUIET */
    b->quiet = 1;
    return 0;
  }
}

static int batch_parse(int argc, char **argv, batch_args *b) {
  memset(b, 0, sizeof *b);
  cli_shared_init(&b->shared);
  b->jobs = sysconf(_SC_NPROCESSORS_ONLN);
  if (b->jobs < 1)
    b->jobs = 1;
  if (b->jobs > MAX_THREADS)
    b->jobs = MAX_THREADS;
  int rc = cli_parse(&batch_command, argc, argv, batch_set, b, &b->paths,
                     &b->npaths);
  if (rc)
    return rc;
  if (b->npaths == 0)
    rc = cli_usage_error(&batch_command, "no PATH given (files, folders, or "
                                         "- for standard input)");
  else if (b->resume && !b->output)
    rc = cli_usage_error(&batch_command, "--resume needs -o FILE");
  else if (b->resume && b->format != OUT_JSONL)
    rc = cli_usage_error(&batch_command,
                         "--resume works with --format jsonl only");
  for (int i = 0; !rc && b->site.boilerplate && i < b->npaths; i++)
    if (strcmp(b->paths[i], "-") == 0)
      rc = cli_usage_error(&batch_command,
                           "--site-boilerplate reads the inputs twice, "
                           "standard input cannot be: save it to a file, or "
                           "use --write-site-profile and --site-profile");
  if (rc) {
    free(b->paths);
    b->paths = NULL;
  }
  return rc;
}

/* ---- the run --------------------------------------------------------------
 */

typedef struct slot {
  batch_doc *doc;
  batch_record record; /* once done */
  int done;
} slot;

typedef struct run {
  pthread_mutex_t lock;
  pthread_cond_t can_queue, can_take;
  slot *slots;
  size_t window;
  uint64_t next_seq, next_take, next_write;
  size_t inflight_bytes;
  int producing;
  int nomem;   /* a record could not be rendered: stop */
  int stopped; /* the input side stopped early (a failed write, memory) */
  int text;    /* --format text */
  int stream;  /* standard input is a pipe: flush every record at once */
  cli_output out;
  cli_key_set done_keys;
  batch_collect collect; /* counting pages for a site profile */
  pthread_mutex_t collect_lock;
  /* figures */
  uint64_t records, articles, no_article, skipped;
  uint64_t errors[32]; /* by status; the last slot for any higher one */
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

static void count_outcome(run *R, pith_status outcome) {
  R->records++;
  if (outcome == PITH_OK)
    R->articles++;
  else if (outcome == PITH_NO_ARTICLE)
    R->no_article++;
  else if ((unsigned)outcome < sizeof R->errors / sizeof *R->errors)
    R->errors[outcome]++;
  else
    R->errors[sizeof R->errors / sizeof *R->errors - 1]++;
}

/* Writes every finished record at the head of the window. Lock held. */
static void write_ready(run *R) {
  uint64_t first = R->next_write;
  while (R->next_write < R->next_take) {
    slot *sl = &R->slots[R->next_write % R->window];
    if (!sl->done)
      break;
    if (!sl->record.out)
      R->nomem = 1;
    else if (!R->nomem && !R->collect.count_only)
      cli_output_write(&R->out, sl->record.out, sl->record.out_len);
    count_outcome(R, sl->record.outcome);
    R->inflight_bytes -= sl->doc->len;
    batch_doc_free(sl->doc);
    free(sl->record.out);
    memset(sl, 0, sizeof *sl);
    R->next_write++;
  }
  /* A process that sends one record on a pipe and waits for its answer
   * gets it now; files are flushed once a second, in large writes. */
  if ((R->stream && R->next_write != first) ||
      seconds_since(&R->last_flush) > 1.0) {
    clock_gettime(CLOCK_MONOTONIC, &R->last_flush);
    cli_output_flush(&R->out);
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
    batch_record_make(sl->doc, &R->options, R->text,
                      R->collect.profile ? &R->collect : NULL, &sl->record);
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
  if (!cli_keys_has(&R->done_keys, cli_key(file, offset)))
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
  /* After a failed write nothing more can reach the output: stop. */
  int failed = R->out.error || R->nomem;
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

/* The key of a record of an earlier run: its source. */
static int record_key(json_object *o, uint64_t *key) {
  json_object *src = NULL, *file = NULL, *off = NULL;
  if (!json_object_object_get_ex(o, "source", &src) ||
      !json_object_object_get_ex(src, "file", &file) ||
      !json_object_object_get_ex(src, "offset", &off) ||
      !json_object_is_type(file, json_type_string))
    return -1;
  *key = cli_key(json_object_get_string(file),
                 (uint64_t)json_object_get_int64(off));
  return 0;
}

/* Sets the run up: the window, the records to skip, the output. Returns 0
 * or an exit code. */
static int run_open(run *R, const batch_args *b, batch_sink *sink) {
  R->options = b->shared.options;
  R->text = b->format == OUT_TEXT;
  struct stat st;
  for (int i = 0; i < b->npaths; i++)
    if (strcmp(b->paths[i], "-") == 0 && fstat(STDIN_FILENO, &st) == 0 &&
        !S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
      R->stream = 1;
  R->window = (size_t)b->jobs * 4 + 8;
  R->slots = calloc(R->window, sizeof *R->slots);
  pthread_mutex_init(&R->lock, NULL);
  pthread_cond_init(&R->can_queue, NULL);
  pthread_cond_init(&R->can_take, NULL);
  pthread_mutex_init(&R->collect_lock, NULL);
  R->collect.lock = &R->collect_lock;
  *sink = (batch_sink){.done = sink_done,
                       .submit = sink_submit,
                       .progress = sink_progress,
                       .file_begin = sink_file_begin,
                       .ctx = R,
                       .max_bytes = R->options.max_input_bytes};
  if (!R->slots)
    return EXIT_INTERNAL;
  int code = 0;
  if (b->resume)
    code = cli_resume_load(b->output, "batch", record_key, &R->done_keys);
  if (!code)
    code = cli_output_open(&R->out, b->output, b->resume);
  if (!code && R->out.is_file) {
    sink->has_output = 1;
    sink->output_dev = R->out.dev;
    sink->output_ino = R->out.ino;
  }
  return code;
}

static void run_free(run *R) {
  pthread_mutex_destroy(&R->lock);
  pthread_cond_destroy(&R->can_queue);
  pthread_cond_destroy(&R->can_take);
  pthread_mutex_destroy(&R->collect_lock);
  free(R->slots);
  cli_keys_free(&R->done_keys);
}

/* Reads every PATH through the workers. Returns 0, EXIT_UNREADABLE when an
 * input could not be read (the others are still read), or EXIT_INTERNAL
 * when no worker could start; sets R->stopped when reading stopped
 * early. */
static int run_inputs(run *R, const batch_args *b, batch_sink *sink,
                      long jobs) {
  R->show_progress = !b->quiet && isatty(STDERR_FILENO);
  if (R->show_progress)
    for (int i = 0; i < b->npaths; i++)
      batch_count(b->paths[i], sink, &R->files_total, &R->bytes_total);
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
  int code = 0;
  if (started == 0) {
    fputs("pith: batch: cannot start a worker thread\n", stderr);
    code = EXIT_INTERNAL;
  }
  for (int i = 0; i < b->npaths && started && !R->stopped; i++) {
    int rc = batch_input(b->paths[i], sink);
    if (rc > 0)
      code = EXIT_UNREADABLE;
    if (rc < 0)
      R->stopped = 1;
  }
  pthread_mutex_lock(&R->lock);
  R->producing = 0;
  pthread_cond_broadcast(&R->can_take);
  pthread_mutex_unlock(&R->lock);
  for (long t = 0; t < started; t++)
    pthread_join(threads[t], NULL);
  free(threads);
  return code;
}

/* ---- the report ------------------------------------------------------------
 */

static void print_summary(const run *R, uint64_t skipped_files,
                          double seconds) {
  if (R->show_progress)
    fputs("\r\033[K", stderr);
  /* Input problems first, then the pages' own. */
  static const pith_status order[] = {
      PITH_ERR_IO,          PITH_ERR_WARC,       PITH_ERR_HTTP,
      PITH_ERR_HTTP_STATUS, PITH_ERR_DECOMPRESS, PITH_ERR_JSON,
      PITH_ERR_NOT_HTML,    PITH_ERR_EMPTY,      PITH_ERR_TOO_LARGE,
      PITH_ERR_PARSE,       PITH_ERR_ENCODING,   PITH_ERR_LIMIT,
      PITH_ERR_LANGUAGE,    PITH_ERR_NOMEM,      PITH_ERR_ARGUMENT,
      PITH_ERR_INTERNAL};
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
  const char *sep = " (";
  for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
    if (!R->errors[order[i]])
      continue;
    fprintf(stderr, "%s%s %llu", sep, pith_status_kind(order[i]),
            (unsigned long long)R->errors[order[i]]);
    sep = ", ";
  }
  if (nerr)
    fputc(')', stderr);
  if (R->skipped)
    fprintf(stderr, "; %llu already done, skipped",
            (unsigned long long)R->skipped);
  if (skipped_files)
    fprintf(stderr,
            "; %llu file%s in folders skipped (neither pages nor WARC "
            "archives, or hidden)",
            (unsigned long long)skipped_files, skipped_files == 1 ? "" : "s");
  fprintf(stderr, "; %.1f s, %.1f records/s\n", seconds,
          seconds > 0 ? (double)R->records / seconds : 0.0);
}

/* --site-boilerplate's first pass: every page's lines counted into the
 * profile, no record written. The inputs are those of the second pass
 * (the output file skipped alike), every document read, resumed or not. */
static int count_site_pages(const batch_args *b, const batch_sink *second,
                            pith_site_profile *profile) {
  run *C = calloc(1, sizeof *C);
  if (!C)
    return EXIT_INTERNAL;
  C->options = b->shared.options;
  C->window = (size_t)b->jobs * 4 + 8;
  C->slots = calloc(C->window, sizeof *C->slots);
  pthread_mutex_init(&C->lock, NULL);
  pthread_cond_init(&C->can_queue, NULL);
  pthread_cond_init(&C->can_take, NULL);
  pthread_mutex_init(&C->collect_lock, NULL);
  C->collect = (batch_collect){.profile = profile, .lock = &C->collect_lock, 1};
  batch_sink sink = *second;
  sink.ctx = C;
  sink.skipped_files = 0;
  int code = C->slots ? 0 : EXIT_INTERNAL;
  if (!code) {
    batch_args quiet = *b;
    quiet.quiet = 1;
    code = run_inputs(C, &quiet, &sink, b->jobs);
    if (code == EXIT_UNREADABLE) /* the second pass says which */
      code = 0;
    if (!code && (C->nomem || C->stopped)) {
      fputs("pith: batch: out of memory\n", stderr);
      code = EXIT_INTERNAL;
    }
  }
  run_free(C);
  free(C);
  return code;
}

/* Sets the site profile up before the run: the --site-profile files, then
 * with --site-boilerplate the first pass; with --write-site-profile alone
 * the run itself counts its pages into *own. Returns 0 or an exit code. */
static int site_setup(run *R, const batch_args *b, const batch_sink *sink,
                      pith_site_profile **site, pith_site_profile **own) {
  int code = cli_site_open(&b->site, site);
  if (code || !*site)
    return code;
  if (b->site.boilerplate)
    code = count_site_pages(b, sink, *site);
  else if (b->site.write &&
           !(R->collect.profile = *own = pith_site_profile_new()))
    code = EXIT_INTERNAL;
  if (b->site.boilerplate || b->site.nprofiles)
    R->options.site_profile = *site;
  return code;
}

static int batch_run(int argc, char **argv) {
  batch_args b;
  int code = batch_parse(argc, argv, &b);
  if (code)
    return code == CLI_DONE ? 0 : code;
  run *R = calloc(1, sizeof *R);
  if (!R) {
    free(b.paths);
    fputs("pith: out of memory\n", stderr);
    return EXIT_INTERNAL;
  }
  batch_sink sink;
  pith_site_profile *site = NULL, *own = NULL;
  code = run_open(R, &b, &sink);
  if (!code)
    code = site_setup(R, &b, &sink, &site, &own);
  if (!code) {
    code = run_inputs(R, &b, &sink, b.jobs);
    int profile = code && code != EXIT_UNREADABLE
                      ? 0
                      : cli_site_write(&b.site, site, own);
    if (profile)
      code = profile;
    if (!b.quiet)
      print_summary(R, sink.skipped_files, seconds_since(&R->start));
    int written = cli_output_close(&R->out);
    if (written) {
      code = written;
    } else if (R->nomem || R->stopped) {
      fputs("pith: batch: out of memory\n", stderr);
      code = EXIT_INTERNAL;
    }
  }
  run_free(R);
  free(R);
  free(b.paths);
  pith_site_profile_free(site);
  pith_site_profile_free(own);
  return code;
}
