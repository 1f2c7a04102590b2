/* pith fetch: URLs in, one JSON Lines record per URL out, as they finish. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <math.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "pith.h"

static const char usage[] =
    "Usage: pith fetch [OPTIONS] URL...\n"
    "       pith fetch [OPTIONS] -i FILE\n"
    "\n"
    "Fetches web pages and extracts the article of each. Writes JSON Lines to\n"
    "standard output: one record per URL, in the order they finish, with\n"
    "url (as given), final_url (after redirects), status, content_type,\n"
    "fetched_at, error, then the fields of 'pith extract --format json'.\n"
    "error is null, or {\"kind\": ..., \"message\": ...} with kind one of\n"
    "timeout, too_large, http_status, robots, not_html, dns, connect, tls,\n"
    "redirects, bad_url, network, proxy, encoding, empty, extract, "
    "internal.\n"
    "\n"
    "Options:\n"
    "  -i, --input FILE       read URLs from FILE, one per line (- for\n"
    "                         standard input); blank lines and lines\n"
    "                         starting with # are skipped\n"
    "  -p, --parallel N       requests at once (default 16)\n"
    "      --per-host N       requests at once to one host (default 2)\n"
    "      --delay S          seconds between two requests to one host\n"
    "                         (default 0)\n"
    "      --timeout S        seconds for one request, the whole transfer\n"
    "                         (default 30)\n"
    "      --connect-timeout S  seconds to connect (default 10)\n"
    "      --max-size BYTES   largest body, after decompression; K, M, G\n"
    "                         suffixes (default 20M)\n"
    "      --retries N        extra attempts after connection errors, 429\n"
    "                         and 5xx, with exponential backoff and jitter,\n"
    "                         honouring Retry-After (default 2)\n"
    "      --ignore-robots    do not fetch or obey robots.txt\n"
    "      --precision        leave out blocks that may be debris, at the\n"
    "                         cost of some article text\n"
    "      --recall           keep more of what may be article text, at the\n"
    "                         cost of some debris\n"
    "  -A, --user-agent UA    the User-Agent header (default pith/VERSION);\n"
    "                         its first word is the robots.txt agent\n"
    "      --cacert FILE      trust the CA certificates in FILE (PEM)\n"
    "                         instead of the system's\n"
    "      --threads N        threads extracting articles besides the\n"
    "                         fetching one (default: one per core, up to 8;\n"
    "                         0: extract in the fetching thread)\n"
    "  -h, --help             show this help\n"
    "\n"
    "At most 10 redirects are followed. Proxies come from the environment\n"
    "(http_proxy, https_proxy, no_proxy). TLS certificates are verified.\n"
    "Progress goes to standard error when it is a terminal.\n"
    "\n"
    "Exit codes: 0 every URL fetched and extracted (with or without an\n"
    "article); 1 at least one record has an error; 2 usage error; 3 the\n"
    "URL list could not be read; 5 internal error.\n"
    "\n"
    "Example:\n"
    "  pith fetch -p 32 -i urls.txt > pages.jsonl\n";

typedef struct fetch_cli {
  char **args; /* URLs from the command line */
  int nargs, next_arg;
  int input_fd; /* -i FILE, or -1 */
  const char *input_name;
  int input_error, input_eof;
  char *buf; /* read from input_fd, not yet returned from buf_pos on */
  size_t buf_len, buf_pos, buf_cap;
  size_t max_size;
  pith_mode mode; /* --precision, --recall */
  size_t read, done, errors;
  int progress;
  double start;
  int write_error;
  pthread_mutex_t lock; /* the output and the counts above */
  /* Pages waiting for an extraction thread. */
  int nthreads;
  pthread_t threads[64];
  pthread_mutex_t queue_lock;
  pthread_cond_t queue_ready;
  struct page_copy *queue_head, *queue_tail;
  int queue_len, closing;
  size_t queue_bytes;
} fetch_cli;

static double wall_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The next complete line of the URL list, without blocking: a line still
 * being written by a slow producer is waited for by the fetch loop, which
 * keeps the transfers under way meanwhile. */
static char *next_line(fetch_cli *c, int *wait_fd) {
  for (;;) {
    char *nl = c->buf_len > c->buf_pos
                   ? memchr(c->buf + c->buf_pos, '\n', c->buf_len - c->buf_pos)
                   : NULL;
    if (nl || (c->input_eof && c->buf_pos < c->buf_len)) {
      char *line = c->buf + c->buf_pos;
      size_t n = nl ? (size_t)(nl - line) : c->buf_len - c->buf_pos;
      c->buf_pos += n + (nl ? 1 : 0);
      line[n] = '\0';
      return line;
    }
    if (c->input_eof)
      return NULL;
    /* Keep the unread tail at the start, and room for a read. */
    if (c->buf_pos > 0) {
      memmove(c->buf, c->buf + c->buf_pos, c->buf_len - c->buf_pos);
      c->buf_len -= c->buf_pos;
      c->buf_pos = 0;
    }
    if (c->buf_cap - c->buf_len < 65536) {
      size_t cap = c->buf_cap ? c->buf_cap * 2 : 131072;
      char *p = realloc(c->buf, cap);
      if (!p) {
        fprintf(stderr, "pith: %s: out of memory\n", c->input_name);
        c->input_error = 1;
        c->input_eof = 1;
        continue;
      }
      c->buf = p;
      c->buf_cap = cap;
    }
    struct pollfd pfd = {c->input_fd, POLLIN, 0};
    if (poll(&pfd, 1, 0) == 0) {
      *wait_fd = c->input_fd;
      return NULL;
    }
    /* One byte is kept for the NUL of a last line without a newline. */
    ssize_t got =
        read(c->input_fd, c->buf + c->buf_len, c->buf_cap - c->buf_len - 1);
    if (got < 0 && (errno == EINTR || errno == EAGAIN))
      continue;
    if (got < 0) {
      fprintf(stderr, "pith: %s: %s\n", c->input_name, strerror(errno));
      c->input_error = 1;
    }
    if (got <= 0)
      c->input_eof = 1;
    else
      c->buf_len += (size_t)got;
  }
}

static int next_url(void *ctx, const char **url, uint64_t *id, int *wait_fd) {
  fetch_cli *c = ctx;
  *wait_fd = -1;
  if (c->next_arg < c->nargs) {
    c->read++;
    *id = c->read;
    *url = c->args[c->next_arg++];
    return 1;
  }
  while (c->input_fd >= 0) {
    char *s = next_line(c, wait_fd);
    if (!s) {
      if (*wait_fd < 0) {
        if (c->input_fd != STDIN_FILENO)
          close(c->input_fd);
        c->input_fd = -1;
      }
      return 0;
    }
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
      s[--n] = '\0';
    while (*s && isspace((unsigned char)*s))
      s++;
    if (*s == '\0' || *s == '#')
      continue;
    c->read++;
    *id = c->read;
    *url = s;
    return 1;
  }
  return 0;
}

static void progress_line(fetch_cli *c, int final) {
  double elapsed = wall_seconds() - c->start;
  double rate = elapsed > 0 ? (double)c->done / elapsed : 0;
  fprintf(stderr, "\rpith fetch: %zu/%zu%s done, %.0f pages/s, %zu errors  %s",
          c->done, c->read,
          c->input_fd >= 0 || c->next_arg < c->nargs ? "+" : "", rate,
          c->errors, final ? "\n" : "");
  fflush(stderr);
}

static void on_tick(void *ctx) {
  fetch_cli *c = ctx;
  if (c->progress) {
    pthread_mutex_lock(&c->lock);
    progress_line(c, 0);
    pthread_mutex_unlock(&c->lock);
  }
}

static json_object *string_or_null(const char *s) {
  return s ? json_object_new_string(s) : NULL;
}

/* Extracts the article of a page (when it has no error), writes its
 * record and counts it. Any thread may call it. */
static void emit(fetch_cli *c, const pith_fetch_page *p) {
  char when[32];
  struct tm tm;
  gmtime_r(&p->fetched_at, &tm);
  strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);

  const char *kind = p->status != PITH_OK ? pith_status_kind(p->status) : NULL;
  const char *message = p->message;
  pith_result *result = NULL;
  json_object *article = NULL;
  if (!kind) {
    pith_options opt;
    pith_options_init(&opt);
    opt.url = p->final_url ? p->final_url : p->url;
    opt.content_type = p->content_type;
    opt.mode = c->mode;
    if (c->max_size > opt.max_input_bytes)
      opt.max_input_bytes = c->max_size;
    pith_status st = pith_extract(p->body, p->body_len, &opt, &result);
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

  json_object *rec = json_object_new_object();
  json_object_object_add(rec, "url", json_object_new_string(p->url));
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
    json_object_object_add(error, "message",
                           json_object_new_string(message ? message : kind));
  }
  json_object_object_add(rec, "error", error);
  if (article) {
    /* The article's own "url" is the final URL, already in the record. */
    json_object_object_foreach(article, key, value) {
      if (!json_object_object_get_ex(rec, key, NULL))
        json_object_object_add(rec, key, json_object_get(value));
    }
    json_object_put(article);
  }
  const char *line = json_object_to_json_string_ext(
      rec, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
  pthread_mutex_lock(&c->lock);
  if (fputs(line, stdout) == EOF || fputc('\n', stdout) == EOF)
    c->write_error = 1;
  c->done++;
  if (kind)
    c->errors++;
  pthread_mutex_unlock(&c->lock);
  json_object_put(rec);
  pith_result_free(result);
}

/* ---- extraction threads ------------------------------------------------
 * Pages are extracted off the fetch loop, so sockets are served while
 * articles are extracted, on every core. The queue is short: when it is
 * full the fetch loop extracts the page itself, which also slows the
 * fetching down to the pace of the extraction. */

/* Bodies waiting in the queue at most, all together. */
#define QUEUE_MAX_BYTES ((size_t)64 * 1024 * 1024)

typedef struct page_copy {
  struct page_copy *next;
  pith_fetch_page page;
  char *url, *final_url, *content_type, *body;
} page_copy;

static void page_copy_free(page_copy *q) {
  free(q->url);
  free(q->final_url);
  free(q->content_type);
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

static page_copy *page_copy_new(const pith_fetch_page *p) {
  page_copy *q = calloc(1, sizeof *q);
  if (!q)
    return NULL;
  int failed = 0;
  q->url = copy_or_null(p->url, &failed);
  q->final_url = copy_or_null(p->final_url, &failed);
  q->content_type = copy_or_null(p->content_type, &failed);
  q->body = malloc(p->body_len + 1);
  if (failed || !q->body) {
    page_copy_free(q);
    return NULL;
  }
  memcpy(q->body, p->body, p->body_len);
  q->body[p->body_len] = '\0';
  q->page = *p;
  q->page.url = q->url;
  q->page.final_url = q->final_url;
  q->page.content_type = q->content_type;
  q->page.body = q->body;
  return q;
}

static void *extract_worker(void *arg) {
  fetch_cli *c = arg;
  for (;;) {
    pthread_mutex_lock(&c->queue_lock);
    while (!c->queue_head && !c->closing)
      pthread_cond_wait(&c->queue_ready, &c->queue_lock);
    page_copy *q = c->queue_head;
    if (q) {
      c->queue_head = q->next;
      if (!c->queue_head)
        c->queue_tail = NULL;
      c->queue_len--;
      c->queue_bytes -= q->page.body_len;
    }
    pthread_mutex_unlock(&c->queue_lock);
    if (!q)
      return NULL;
    emit(c, &q->page);
    page_copy_free(q);
  }
}

static void on_done(void *ctx, const pith_fetch_page *p) {
  fetch_cli *c = ctx;
  if (p->status != PITH_OK || c->nthreads == 0) {
    emit(c, p);
    return;
  }
  pthread_mutex_lock(&c->queue_lock);
  int room = c->queue_len < 2 * c->nthreads &&
             c->queue_bytes + p->body_len <= QUEUE_MAX_BYTES;
  pthread_mutex_unlock(&c->queue_lock);
  page_copy *q = room ? page_copy_new(p) : NULL;
  if (!q) {
    emit(c, p);
    return;
  }
  pthread_mutex_lock(&c->queue_lock);
  if (c->queue_tail)
    c->queue_tail->next = q;
  else
    c->queue_head = q;
  c->queue_tail = q;
  c->queue_len++;
  c->queue_bytes += q->page.body_len;
  pthread_cond_signal(&c->queue_ready);
  pthread_mutex_unlock(&c->queue_lock);
}

static int is_option(const char *arg, const char *name) {
  size_t n = strlen(name);
  return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

/* The value of "--opt VALUE", "--opt=VALUE" or "-o VALUE". */
static const char *option_value(int argc, char **argv, int *i) {
  const char *eq = strchr(argv[*i], '=');
  if (argv[*i][1] == '-' && eq)
    return eq + 1;
  if (*i + 1 < argc)
    return argv[++*i];
  return NULL;
}

static int parse_count(const char *s, long min, long max, long *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || end == s || *end || v < min || v > max)
    return -1;
  *out = v;
  return 0;
}

static int parse_seconds(const char *s, double *out) {
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (errno || end == s || *end || !(v >= 0) || v > 86400 * 7)
    return -1;
  *out = v;
  return 0;
}

static int parse_size(const char *s, size_t *out) {
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (errno || end == s || !(v > 0))
    return -1;
  double unit = 1;
  if (*end == 'k' || *end == 'K')
    unit = 1024, end++;
  else if (*end == 'm' || *end == 'M')
    unit = 1024.0 * 1024, end++;
  else if (*end == 'g' || *end == 'G')
    unit = 1024.0 * 1024 * 1024, end++;
  if (*end == 'B' || *end == 'b')
    end++;
  if (*end || v * unit > 1e15)
    return -1;
  *out = (size_t)(v * unit);
  return *out > 0 ? 0 : -1;
}

int cmd_fetch(int argc, char **argv) {
  pith_fetch_config cfg;
  pith_fetch_config_init(&cfg);
  fetch_cli c;
  memset(&c, 0, sizeof c);
  c.input_fd = -1;
  pith_options mode_opt; /* only its mode is used */
  pith_options_init(&mode_opt);
  c.mode = mode_opt.mode;
  const char *input = NULL;
  long threads = -1;
  char **urls = calloc((size_t)argc + 1, sizeof *urls);
  if (!urls) {
    fputs("pith: out of memory\n", stderr);
    return EXIT_INTERNAL;
  }
  int only_urls = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = NULL;
    long n = 0;
    if (only_urls || a[0] != '-' || a[1] == '\0') {
      urls[c.nargs++] = argv[i];
      continue;
    }
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(usage, stdout);
      free(urls);
      return 0;
    }
    if (strcmp(a, "--") == 0) {
      only_urls = 1;
      continue;
    }
    if (strcmp(a, "--ignore-robots") == 0) {
      cfg.ignore_robots = 1;
      continue;
    }
    if (cli_mode_option(a, &mode_opt)) {
      c.mode = mode_opt.mode;
      continue;
    }
    int known = strcmp(a, "-i") == 0 || is_option(a, "--input") ||
                strcmp(a, "-p") == 0 || is_option(a, "--parallel") ||
                is_option(a, "--per-host") || is_option(a, "--delay") ||
                is_option(a, "--timeout") ||
                is_option(a, "--connect-timeout") ||
                is_option(a, "--max-size") || is_option(a, "--retries") ||
                strcmp(a, "-A") == 0 || is_option(a, "--user-agent") ||
                is_option(a, "--cacert") || is_option(a, "--threads");
    if (!known) {
      free(urls);
      return cli_usage_error("fetch", "unknown option '%s'", a);
    }
    v = option_value(argc, argv, &i);
    if (!v) {
      free(urls);
      return cli_usage_error("fetch", "%s needs a value", a);
    }
    int bad = 0;
    if (strcmp(a, "-i") == 0 || is_option(a, "--input")) {
      input = v;
    } else if (strcmp(a, "-p") == 0 || is_option(a, "--parallel")) {
      bad = parse_count(v, 1, 10000, &n);
      cfg.parallel = n;
    } else if (is_option(a, "--per-host")) {
      bad = parse_count(v, 1, 10000, &n);
      cfg.per_host = n;
    } else if (is_option(a, "--retries")) {
      bad = parse_count(v, 0, 100, &n);
      cfg.retries = (int)n;
    } else if (is_option(a, "--delay")) {
      bad = parse_seconds(v, &cfg.host_delay);
    } else if (is_option(a, "--timeout")) {
      bad = parse_seconds(v, &cfg.timeout) || cfg.timeout <= 0;
    } else if (is_option(a, "--connect-timeout")) {
      bad = parse_seconds(v, &cfg.connect_timeout) || cfg.connect_timeout <= 0;
    } else if (is_option(a, "--threads")) {
      bad = parse_count(v, 0, 64, &threads);
    } else if (is_option(a, "--cacert")) {
      cfg.ca_file = v;
      if (access(v, R_OK) != 0) {
        fprintf(stderr, "pith: %s: %s\n", v, strerror(errno));
        free(urls);
        return EXIT_UNREADABLE;
      }
    } else if (is_option(a, "--max-size")) {
      bad = parse_size(v, &cfg.max_size);
    } else {
      cfg.user_agent = v;
      bad = v[0] == '\0' || strchr(v, '\n') || strchr(v, '\r');
    }
    if (bad) {
      free(urls);
      return cli_usage_error("fetch", "bad value '%s'", v);
    }
  }
  if (!input && c.nargs == 0) {
    free(urls);
    return cli_usage_error("fetch", "%s",
                           "no URL given (give URLs, or -i FILE with one per "
                           "line)");
  }
  if (input) {
    c.input_name = strcmp(input, "-") == 0 ? "<stdin>" : input;
    c.input_fd = strcmp(input, "-") == 0 ? STDIN_FILENO : open(input, O_RDONLY);
    if (c.input_fd < 0) {
      fprintf(stderr, "pith: %s: %s\n", input, strerror(errno));
      free(urls);
      return EXIT_UNREADABLE;
    }
  }
#ifdef __GLIBC__
  /* Bodies of a megabyte and more get their own mappings: they grow in
   * place (mremap) and go back to the system when freed, instead of
   * raising glibc's dynamic threshold and staying in the heap. */
  mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
#endif
  /* Records go out as they finish: a reader of a pipe sees each one at
   * once; a file gets the usual large writes. */
  struct stat st;
  if (fstat(STDOUT_FILENO, &st) != 0 || !S_ISREG(st.st_mode))
    setvbuf(stdout, NULL, _IOLBF, 0);
  c.args = urls;
  c.max_size = cfg.max_size;
  c.progress = isatty(STDERR_FILENO);
  c.start = wall_seconds();

  pthread_mutex_init(&c.lock, NULL);
  pthread_mutex_init(&c.queue_lock, NULL);
  pthread_cond_init(&c.queue_ready, NULL);
  if (threads < 0) {
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    threads = cpus > 1 ? (cpus > 8 ? 8 : (int)cpus) : 0;
  }
  for (int t = 0; t < threads; t++) {
    if (pthread_create(&c.threads[t], NULL, extract_worker, &c) != 0)
      break;
    c.nthreads++;
  }

  char err[256];
  pith_status rc = pith_fetch(&cfg, next_url, on_done,
                              c.progress ? on_tick : NULL, &c, err, sizeof err);
  pthread_mutex_lock(&c.queue_lock);
  c.closing = 1;
  pthread_cond_broadcast(&c.queue_ready);
  pthread_mutex_unlock(&c.queue_lock);
  for (int t = 0; t < c.nthreads; t++)
    pthread_join(c.threads[t], NULL);
  if (c.progress)
    progress_line(&c, 1);
  if (c.input_fd > STDIN_FILENO)
    close(c.input_fd);
  free(c.buf);
  free(urls);
  if (rc != PITH_OK) {
    fprintf(stderr, "pith: fetch: %s\n", err);
    return cli_flush(EXIT_INTERNAL);
  }
  if (c.write_error) {
    fprintf(stderr, "pith: writing the output: %s\n", strerror(errno));
    return EXIT_INTERNAL;
  }
  int code = c.input_error ? EXIT_UNREADABLE : c.errors ? 1 : 0;
  return cli_flush(code);
}
