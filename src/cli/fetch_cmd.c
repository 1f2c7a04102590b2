/* pith fetch: URLs in, one record per URL out, as they finish. This file
 * reads the options and the URL list and runs the fetcher; fetch_write.c
 * turns each page into its record. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "fetch_cli.h"
#include "pith.h"
#include "records.h"
#include "site.h"

enum {
  OPT_INPUT = CLI_OPT_OWN,
  OPT_OUTPUT,
  OPT_RESUME,
  OPT_FORMAT,
  OPT_QUIET,
  OPT_PARALLEL,
  OPT_PER_HOST,
  OPT_DELAY,
  OPT_THREADS
};
enum out_format { OUT_JSONL, OUT_TEXT };
static const char *const format_words[] = {"jsonl|json", "text|txt", NULL};

static const cli_option fetch_options[] = {
    {"input", 'i', "FILE", OPT_INPUT,
     "read URLs from FILE, one per line (- for standard input), as they "
     "come; blank lines and lines starting with # are skipped"},
    {"output", 'o', "FILE", OPT_OUTPUT,
     "write to FILE instead of standard output"},
    {"resume", 0, NULL, OPT_RESUME,
     "with -o: keep the records already in FILE, skip their URLs (known by "
     "line and URL: give the same list) and append the rest; a record cut "
     "off by a crash is redone"},
    {"format", 'f', "FORMAT", OPT_FORMAT,
     "jsonl (default): one JSON object per URL; text: each page's text "
     "after a line '==> URL (line N) <=='"},
    {"quiet", 'q', NULL, OPT_QUIET, "no progress on standard error"},
    {"parallel", 'p', "N", OPT_PARALLEL, "requests at once (default 16)"},
    {"per-host", 0, "N", OPT_PER_HOST,
     "requests at once to one host (default 2)"},
    {"delay", 0, "S", OPT_DELAY,
     "seconds between two requests to one host (default 0)"},
    {"threads", 0, "N", OPT_THREADS,
     "threads extracting articles besides the fetching one (default: one "
     "per core, up to 8; 0: extract in the fetching thread)"},
    CLI_HELP_OPTION,
    CLI_OPTION_END};

static const cli_option_group fetch_groups[] = {
    {"Options", fetch_options},
    {"Discovery (the URLs from sitemaps and feeds)", fetch_discover_options},
    {"Fetching", cli_fetch_options},
    {"Extraction mode", cli_mode_options},
    {"Output", cli_output_options},
    {"Site boilerplate", cli_site_options},
    {"Limits (a page over one gets a record with error kind limit or "
     "too_large)",
     cli_limit_options},
    {NULL, NULL}};

static const cli_exit fetch_exits[] = {
    {0, "every URL was fetched and read (with or without an article)"},
    {1, "at least one record has an error"},
    {EXIT_USAGE, CLI_EXIT_USAGE_MEANING},
    {EXIT_UNREADABLE, "the URL list, or the file to resume, could not be "
                      "read"},
    {EXIT_INTERNAL, CLI_EXIT_INTERNAL_MEANING},
    {EXIT_OUTPUT, CLI_EXIT_OUTPUT_MEANING},
    {-1, NULL}};

static int fetch_run(int argc, char **argv);

static const cli_command fetch_command = {
    .name = "fetch",
    .rank = 30,
    .summary = "fetch pages politely and extract each: one record per URL",
    .synopsis = "[OPTIONS] URL...\n[OPTIONS] -i FILE\n"
                "[OPTIONS] --sitemap URL|--feed URL...\n"
                "[OPTIONS] --sitemap auto SITE-URL...",
    .description =
        "Fetches web pages and extracts the article of each. Writes one "
        "record per URL, always, in the order they finish: url (as given), "
        "line (its place in the list: the line of -i FILE, or the "
        "position among the URLs given), final_url (after redirects), "
        "status, content_type, fetched_at, error, then the fields of 'pith "
        "extract --format json'. error is null, or {\"kind\": ..., "
        "\"message\": ...} with kind one of timeout, too_large, "
        "http_status, robots, not_html, dns, connect, tls, redirects, "
        "bad_url, network, proxy, decompress, or for a page that was read "
        "the kinds of 'pith batch' (empty, parse, encoding, limit, nomem, "
        "...). A timeout's message says which phase ran out of time: "
        "connecting, waiting for the first byte, or the transfer.\n\n"
        "robots.txt is obeyed (fetched once per host); at most 10 "
        "redirects are followed, each checked against its host's "
        "robots.txt. Proxies come from the environment (http_proxy, "
        "https_proxy, no_proxy). TLS certificates are verified. Progress "
        "goes to standard error when it is a terminal.\n\n"
        "With --sitemap or --feed the URLs come from a site's sitemaps "
        "and feeds instead: normalised (scheme and host in lower case, no "
        "default port, no fragment), each fetched once, in the order the "
        "documents list them; a record's line is its place in that list, "
        "and found_in the URL of the sitemap or feed that listed it. "
        "A sitemap or feed that cannot be fetched or read gets a record of "
        "its own, with line 0, its URL, and an error: parse (not XML, not a "
        "sitemap or feed, or entity declarations, which are refused), "
        "too_large (over 50 MB, before or after gunzip), limit (over 50,000 "
        "URLs: the first are kept), decompress, or the fetch's kinds.",
    .groups = fetch_groups,
    .exits = fetch_exits,
    .examples = "pith fetch -p 32 -i urls.txt > pages.jsonl\n"
                "pith fetch -i urls.txt -o pages.jsonl --resume\n"
                "pith fetch --format text https://example.org/news/1\n"
                "pith fetch --sitemap https://example.org/sitemap.xml\n"
                "pith fetch --sitemap auto --same-host https://example.org/\n"
                "pith fetch --feed https://example.org/ --max-urls 20\n",
    .run = fetch_run};

PITH_CLI_COMMAND(fetch_command)

/* ---- the command line ------------------------------------------------------
 */

typedef struct fetch_args {
  cli_shared shared;
  const char *input, *output;
  int resume, quiet, format;
  long threads; /* -1: one per core, up to 8 */
  char **urls;
  int nurls;
  cli_site site;
  fetch_discover discover; /* --sitemap, --feed */
} fetch_args;

static int fetch_set(void *ctx, const cli_arg *a) {
  fetch_args *f = ctx;
  int rc = cli_shared_set(&f->shared, a);
  if (rc != 1)
    return rc;
  rc = cli_site_set(&f->site, a);
  if (rc != 1)
    return rc;
  if (a->option->id >= FETCH_OPT_DISCOVER_FIRST)
    return fetch_discover_set(&f->discover, a);
  long n = 0;
  switch (a->option->id) {
  case OPT_INPUT:
    f->input = a->value;
    return 0;
  case OPT_OUTPUT:
    if (!a->value[0])
      return cli_arg_error(a, "needs a file name");
    f->output = a->value;
    return 0;
  case OPT_RESUME:
    f->resume = 1;
    return 0;
  case OPT_FORMAT:
    return cli_choice(a, format_words, &f->format);
  case OPT_QUIET:
    f->quiet = 1;
    return 0;
  case OPT_PARALLEL:
    rc = cli_count(a, 1, 10000, &n);
    f->shared.fetch.parallel = n;
    return rc;
  case OPT_PER_HOST:
    rc = cli_count(a, 1, 10000, &n);
    f->shared.fetch.per_host = n;
    return rc;
  case OPT_DELAY:
    return cli_seconds(a, 1, &f->shared.fetch.host_delay);
  default: /* OPT_THREADS */
    return cli_count(a, 0, FETCH_MAX_THREADS, &f->threads);
  }
}

/* The URL list of a run with --sitemap or --feed. */
static int fetch_discover_check(const fetch_args *f) {
  if (f->input)
    return cli_usage_error(&fetch_command,
                           "-i FILE and --sitemap or --feed together: the "
                           "URLs come from one or the other");
  if (f->discover.sitemap_auto && f->nurls == 0)
    return cli_usage_error(&fetch_command,
                           "--sitemap auto needs the URL of a site");
  if (!f->discover.sitemap_auto && f->nurls > 0)
    return cli_usage_error(&fetch_command,
                           "URLs and --sitemap URL or --feed together: give "
                           "sites with --sitemap auto, or the URLs alone");
  if (f->resume)
    return cli_usage_error(&fetch_command,
                           "--resume does not work with --sitemap or --feed");
  return 0;
}

static int fetch_parse(int argc, char **argv, fetch_args *f) {
  memset(f, 0, sizeof *f);
  cli_shared_init(&f->shared);
  f->threads = -1;
  int rc =
      cli_parse(&fetch_command, argc, argv, fetch_set, f, &f->urls, &f->nurls);
  if (rc)
    return rc;
  if (fetch_discover_active(&f->discover))
    rc = fetch_discover_check(f);
  else if (f->discover.filters)
    rc = cli_usage_error(&fetch_command, "--same-host, --url-filter and "
                                         "--max-urls need --sitemap or "
                                         "--feed");
  else if (!f->input && f->nurls == 0)
    rc = cli_usage_error(&fetch_command, "no URL given (give URLs, or -i "
                                         "FILE with one per line)");
  else if (f->input && f->nurls > 0)
    rc = cli_usage_error(&fetch_command,
                         "URLs and -i FILE together: give one or the other, "
                         "so that every record's line is unambiguous");
  else if (f->resume && !f->output)
    rc = cli_usage_error(&fetch_command, "--resume needs -o FILE");
  else if (f->resume && f->format != OUT_JSONL)
    rc = cli_usage_error(&fetch_command,
                         "--resume works with --format jsonl only");
  else if (f->resume && cli_site_collects(&f->site))
    rc = cli_usage_error(&fetch_command,
                         "--resume skips pages a site profile must count: "
                         "not with --site-boilerplate or "
                         "--write-site-profile");
  if (rc) {
    free(f->urls);
    f->urls = NULL;
    fetch_discover_free(&f->discover);
  }
  return rc;
}

/* ---- the URL list
 * ------------------------------------------------------------ */

typedef struct url_list {
  char **args; /* URLs from the command line */
  int nargs, next_arg;
  int fd; /* -i FILE, or -1 */
  const char *name;
  int error, eof;
  char *buf; /* read from fd, not yet returned from pos on */
  size_t len, pos, cap;
  uint64_t line;  /* of the last URL given */
  uint64_t given; /* URLs handed to the fetcher */
  uint64_t skipped;
  const cli_key_set *done; /* records of the run resumed */
  fetch_writer *writer;
} url_list;

/* The next complete line of the URL list, without blocking: a line still
 * being written by a slow producer is waited for by the fetch loop, which
 * keeps the transfers under way meanwhile. */
static char *next_line(url_list *u, int *wait_fd) {
  for (;;) {
    char *nl =
        u->len > u->pos ? memchr(u->buf + u->pos, '\n', u->len - u->pos) : NULL;
    if (nl || (u->eof && u->pos < u->len)) {
      char *line = u->buf + u->pos;
      size_t n = nl ? (size_t)(nl - line) : u->len - u->pos;
      u->pos += n + (nl ? 1 : 0);
      line[n] = '\0';
      return line;
    }
    if (u->eof)
      return NULL;
    /* Keep the unread tail at the start, and room for a read. */
    if (u->pos > 0) {
      memmove(u->buf, u->buf + u->pos, u->len - u->pos);
      u->len -= u->pos;
      u->pos = 0;
    }
    if (u->cap - u->len < 65536) {
      size_t cap = u->cap ? u->cap * 2 : 131072;
      char *p = realloc(u->buf, cap);
      if (!p) {
        fprintf(stderr, "pith: %s: out of memory\n", u->name);
        u->error = u->eof = 1;
        continue;
      }
      u->buf = p;
      u->cap = cap;
    }
    struct pollfd pfd = {u->fd, POLLIN, 0};
    if (poll(&pfd, 1, 0) == 0) {
      *wait_fd = u->fd;
      return NULL;
    }
    /* One byte is kept for the NUL of a last line without a newline. */
    ssize_t got = read(u->fd, u->buf + u->len, u->cap - u->len - 1);
    if (got < 0 && (errno == EINTR || errno == EAGAIN))
      continue;
    if (got < 0) {
      fprintf(stderr, "pith: %s: %s\n", u->name, strerror(errno));
      u->error = 1;
    }
    if (got <= 0)
      u->eof = 1;
    else
      u->len += (size_t)got;
  }
}

/* The next URL from the arguments or the list, with its line. */
static char *next_entry(url_list *u, int *wait_fd) {
  if (u->next_arg < u->nargs) {
    u->line = (uint64_t)++u->next_arg;
    return u->args[u->next_arg - 1];
  }
  while (u->fd >= 0) {
    char *s = next_line(u, wait_fd);
    if (!s) {
      if (*wait_fd < 0) {
        if (u->fd != STDIN_FILENO)
          close(u->fd);
        u->fd = -1;
      }
      return NULL;
    }
    u->line++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
      s[--n] = '\0';
    while (*s && isspace((unsigned char)*s))
      s++;
    if (*s != '\0' && *s != '#')
      return s;
  }
  return NULL;
}

static int next_url(void *ctx, const char **url, uint64_t *id, int *wait_fd) {
  url_list *u = ctx;
  *wait_fd = -1;
  /* After a failed write nothing more can reach the output: stop. */
  pthread_mutex_lock(&u->writer->lock);
  int failed = u->writer->out.error || u->writer->nomem;
  pthread_mutex_unlock(&u->writer->lock);
  if (failed)
    return 0;
  for (;;) {
    char *s = next_entry(u, wait_fd);
    if (!s)
      return 0;
    if (u->done && cli_keys_has(u->done, cli_key(s, u->line))) {
      u->skipped++;
      continue;
    }
    u->given++;
    *id = u->line;
    *url = s;
    return 1;
  }
}

/* ---- the run
 * ------------------------------------------------------------------ */

typedef struct fetch_state {
  url_list urls;
  fetch_writer writer;
  cli_key_set done;
  int progress;
  struct timespec start;
} fetch_state;

static double seconds_since(const struct timespec *t) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - t->tv_sec) +
         (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static void progress_line(fetch_state *s, int final) {
  double elapsed = seconds_since(&s->start);
  double rate = elapsed > 0 ? (double)s->writer.done / elapsed : 0;
  fprintf(stderr, "\rpith fetch: %zu/%llu%s done, %.0f pages/s, %zu errors  %s",
          s->writer.done, (unsigned long long)s->urls.given,
          s->urls.fd >= 0 || s->urls.next_arg < s->urls.nargs ? "+" : "", rate,
          s->writer.errors, final ? "\n" : "");
  fflush(stderr);
}

static void on_tick(void *ctx) {
  fetch_state *s = ctx;
  pthread_mutex_lock(&s->writer.lock);
  progress_line(s, 0);
  pthread_mutex_unlock(&s->writer.lock);
}

static void on_done(void *ctx, const pith_fetch_page *page) {
  fetch_state *s = ctx;
  fetch_writer_take(&s->writer, page);
}

static int on_next(void *ctx, const char **url, uint64_t *id, int *wait_fd) {
  fetch_state *s = ctx;
  return next_url(&s->urls, url, id, wait_fd);
}

/* The key of a record of an earlier run: its URL and line. */
static int record_key(json_object *o, uint64_t *key) {
  json_object *url = NULL, *line = NULL;
  if (!json_object_object_get_ex(o, "url", &url) ||
      !json_object_object_get_ex(o, "line", &line) ||
      !json_object_is_type(url, json_type_string) ||
      !json_object_is_type(line, json_type_int))
    return -1;
  *key = cli_key(json_object_get_string(url),
                 (uint64_t)json_object_get_int64(line));
  return 0;
}

/* Opens the URL list, the records to skip and the output. Returns 0 or an
 * exit code. */
static int fetch_open(fetch_state *s, const fetch_args *f) {
  url_list *u = &s->urls;
  int found = fetch_discover_active(&f->discover);
  u->args = found ? f->discover.urls : f->urls;
  u->nargs = found ? f->discover.nurls : f->nurls;
  u->fd = -1;
  u->writer = &s->writer;
  if (f->input) {
    u->name = strcmp(f->input, "-") == 0 ? "<stdin>" : f->input;
    u->fd =
        strcmp(f->input, "-") == 0 ? STDIN_FILENO : open(f->input, O_RDONLY);
    if (u->fd < 0) {
      fprintf(stderr, "pith: %s: %s\n", f->input, strerror(errno));
      return EXIT_UNREADABLE;
    }
  }
  int code = 0;
  if (f->resume) {
    code = cli_resume_load(f->output, "fetch", record_key, &s->done);
    u->done = &s->done;
  }
  if (!code)
    code = cli_output_open(&s->writer.out, f->output, f->resume);
  if (code)
    return code;
  /* Records go out as they finish: a reader of a pipe sees each one at
   * once; a file gets the usual large writes. */
  struct stat st;
  if (!s->writer.out.is_file &&
      (fstat(STDOUT_FILENO, &st) != 0 || !S_ISREG(st.st_mode)))
    setvbuf(stdout, NULL, _IOLBF, 0);
  pith_options opt = f->shared.options;
  if (f->shared.fetch.max_size > opt.max_input_bytes)
    opt.max_input_bytes = f->shared.fetch.max_size;
  s->writer.options = opt;
  s->writer.text = f->format == OUT_TEXT;
  s->writer.discovery = f->discover.result;
  return 0;
}

/* The exit code, after saying what went wrong. */
static int fetch_report(fetch_state *s, const fetch_args *f, pith_status st,
                        const char *err) {
  if (s->urls.skipped && !f->quiet)
    fprintf(stderr, "pith fetch: %llu URL%s already in %s, skipped\n",
            (unsigned long long)s->urls.skipped,
            s->urls.skipped == 1 ? "" : "s", f->output);
  int written = cli_output_close(&s->writer.out);
  if (written)
    return written;
  if (st != PITH_OK) {
    fprintf(stderr, "pith: fetch: %s\n", err);
    return EXIT_INTERNAL;
  }
  if (s->writer.nomem) {
    fputs("pith: fetch: out of memory\n", stderr);
    return EXIT_INTERNAL;
  }
  if (s->urls.error)
    return EXIT_UNREADABLE;
  return s->writer.errors ? 1 : 0;
}

/* Site boilerplate before the fetch: the --site-profile files; with
 * --site-boilerplate pages are counted and spooled, to be written once all
 * are in; with --write-site-profile alone they are counted as they are
 * written. Returns 0 or an exit code. */
static int site_setup(fetch_state *s, const fetch_args *f,
                      pith_site_profile **site, pith_site_profile **own) {
  int code = cli_site_open(&f->site, site);
  if (code || !*site)
    return code;
  fetch_writer *w = &s->writer;
  if (f->site.boilerplate) {
    w->collect = *site;
    w->spool = tmpfile();
    if (!w->spool) {
      fprintf(stderr, "pith: fetch: no temporary file for the pages: %s\n",
              strerror(errno));
      return EXIT_INTERNAL;
    }
  } else if (f->site.write) {
    w->collect = *own = pith_site_profile_new();
    if (!*own)
      return EXIT_INTERNAL;
  }
  if (f->site.nprofiles)
    w->options.site_profile = *site;
  return 0;
}

/* After the fetch: --site-boilerplate's second pass, and the profile
 * written. Returns 0 or an exit code. */
static int site_finish(fetch_state *s, const fetch_args *f,
                       pith_site_profile *site, const pith_site_profile *own) {
  fetch_writer *w = &s->writer;
  if (w->spool) {
    w->collect = NULL;
    w->options.site_profile = site;
    fetch_writer_replay(w);
  }
  if (w->spool_failed) {
    fputs("pith: fetch: the temporary file of the pages failed\n", stderr);
    return EXIT_INTERNAL;
  }
  return cli_site_write(&f->site, site, own);
}

static int fetch_run(int argc, char **argv) {
  fetch_args f;
  int code = fetch_parse(argc, argv, &f);
  if (code)
    return code == CLI_DONE ? 0 : code;
  fetch_state *s = calloc(1, sizeof *s);
  if (!s) {
    free(f.urls);
    fputs("pith: out of memory\n", stderr);
    return EXIT_INTERNAL;
  }
  pith_site_profile *site = NULL, *own = NULL;
  if (fetch_discover_active(&f.discover))
    code = fetch_discover_run(&f.discover, &f.shared.fetch, f.urls,
                              f.discover.sitemap_auto ? f.nurls : 0, f.quiet);
  if (!code)
    code = fetch_open(s, &f);
  if (!code)
    code = site_setup(s, &f, &site, &own);
  if (!code) {
#ifdef __GLIBC__
    /* Bodies of a megabyte and more get their own mappings: they grow in
     * place (mremap) and go back to the system when freed, instead of
     * raising glibc's dynamic threshold and staying in the heap. */
    mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
#endif
    long threads = f.threads;
    if (threads < 0) {
      long cpus = sysconf(_SC_NPROCESSORS_ONLN);
      threads = cpus > 1 ? (cpus > 8 ? 8 : cpus) : 0;
    }
    fetch_writer_start(&s->writer, (int)threads);
    fetch_discover_errors(&f.discover, &s->writer);
    s->progress = !f.quiet && isatty(STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &s->start);
    char err[256];
    pith_status st =
        pith_fetch(&f.shared.fetch, on_next, on_done,
                   s->progress ? on_tick : NULL, s, err, sizeof err);
    fetch_writer_finish(&s->writer);
    if (s->progress)
      progress_line(s, 1);
    code = site_finish(s, &f, site, own);
    if (!code)
      code = fetch_report(s, &f, st, err);
  }
  pith_site_profile_free(site);
  pith_site_profile_free(own);
  if (s->urls.fd > STDIN_FILENO)
    close(s->urls.fd);
  free(s->urls.buf);
  cli_keys_free(&s->done);
  free(s);
  free(f.urls);
  fetch_discover_free(&f.discover);
  return code;
}
