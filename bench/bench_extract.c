/*
 * bench_extract — how much slower full extraction is than parsing alone.
 *
 * usage: bench_extract [--repeat N] [--strict] DIR_OR_FILE...
 *
 * Every .html and .html.gz file under the given directories (and every file
 * named directly) is read into memory first, so disk and gzip costs stay out
 * of the timings. Then, single-threaded and in the same run, it times
 *   (a) libxml2 parsing alone: htmlReadMemory + xmlFreeDoc per page, and
 *   (b) pith_extract + pith_result_free per page,
 * and prints pages/s and MB/s of each and the ratio of the two times. The
 * parse-only pass is the floor any libxml2-based extractor pays; the ratio
 * says how much pith adds on top. The floors (ratio <= 2.0, >= 100 pages/s)
 * are reported; with --strict a missed floor makes the exit status 1.
 *
 * --repeat N runs N rounds, each a parse-only pass then an extraction pass,
 * and takes the best (shortest) pass of each kind: on a shared machine the
 * load moves within seconds, and passes timed one after the other in the
 * same round see the same load, where N parse passes followed by N
 * extraction passes do not. Each pass is timed on the wall clock and in
 * the thread's CPU time (which leaves out time the thread waits for a
 * core); the ratio is given for both.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#ifdef PITH_BENCH_HAVE_ZLIB
#include <zlib.h>
#endif

#include "pith.h"

/* Floors pith is held to on the development pages; see bench/README.md. */
#define FLOOR_MAX_RATIO 2.0
#define FLOOR_MIN_PAGES_PER_S 100.0

/* Pages larger than this are skipped rather than risking the whole run. */
#define MAX_PAGE_BYTES ((size_t)256 * 1024 * 1024)

typedef struct page {
  char *path;
  char *data;
  size_t len;
} page;

typedef struct page_list {
  page *items;
  size_t count;
  size_t cap;
  size_t total_bytes;
} page_list;

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

static char *dup_string(const char *s) {
  size_t n = strlen(s) + 1;
  char *copy = malloc(n);
  if (copy)
    memcpy(copy, s, n);
  return copy;
}

/* Appends `chunk` to a growing heap buffer; returns 0 on success. */
static int append_bytes(char **data, size_t *len, size_t *cap,
                        const char *chunk, size_t n) {
  if (*len + n + 1 > *cap) {
    size_t new_cap = *cap ? *cap : 64 * 1024;
    while (new_cap < *len + n + 1)
      new_cap *= 2;
    char *grown = realloc(*data, new_cap);
    if (!grown)
      return -1;
    *data = grown;
    *cap = new_cap;
  }
  memcpy(*data + *len, chunk, n);
  *len += n;
  (*data)[*len] = '\0';
  return 0;
}

static int read_plain(const char *path, char **data, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return -1;
  size_t cap = 0;
  char chunk[64 * 1024];
  size_t n;
  *data = NULL;
  *len = 0;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (*len + n > MAX_PAGE_BYTES ||
        append_bytes(data, len, &cap, chunk, n) != 0) {
      fclose(f);
      free(*data);
      *data = NULL;
      errno = ENOMEM;
      return -1;
    }
  }
  int failed = ferror(f);
  fclose(f);
  if (failed) {
    free(*data);
    *data = NULL;
    errno = EIO;
    return -1;
  }
  if (!*data)
    *data = dup_string("");
  return *data ? 0 : -1;
}

static int read_gzip(const char *path, char **data, size_t *len) {
#ifdef PITH_BENCH_HAVE_ZLIB
  gzFile f = gzopen(path, "rb");
  if (!f)
    return -1;
  size_t cap = 0;
  char chunk[64 * 1024];
  int n;
  *data = NULL;
  *len = 0;
  while ((n = gzread(f, chunk, sizeof chunk)) > 0) {
    if (*len + (size_t)n > MAX_PAGE_BYTES ||
        append_bytes(data, len, &cap, chunk, (size_t)n) != 0) {
      gzclose(f);
      free(*data);
      *data = NULL;
      errno = ENOMEM;
      return -1;
    }
  }
  gzclose(f);
  if (n < 0) {
    free(*data);
    *data = NULL;
    errno = EIO;
    return -1;
  }
  if (!*data)
    *data = dup_string("");
  return *data ? 0 : -1;
#else
  (void)path;
  (void)data;
  (void)len;
  errno = ENOTSUP;
  return -1;
#endif
}

static int add_page(page_list *list, const char *path) {
  char *data = NULL;
  size_t len = 0;
  int rc = ends_with(path, ".gz") ? read_gzip(path, &data, &len)
                                  : read_plain(path, &data, &len);
  if (rc != 0) {
    fprintf(stderr, "bench_extract: %s: %s (skipped)\n", path, strerror(errno));
    return 0;
  }
  if (list->count == list->cap) {
    size_t new_cap = list->cap ? list->cap * 2 : 256;
    page *grown = realloc(list->items, new_cap * sizeof *grown);
    if (!grown) {
      free(data);
      return -1;
    }
    list->items = grown;
    list->cap = new_cap;
  }
  char *path_copy = dup_string(path);
  if (!path_copy) {
    free(data);
    return -1;
  }
  list->items[list->count].path = path_copy;
  list->items[list->count].data = data;
  list->items[list->count].len = len;
  list->count++;
  list->total_bytes += len;
  return 0;
}

static int is_page_name(const char *name) {
  return ends_with(name, ".html") || ends_with(name, ".html.gz") ||
         ends_with(name, ".htm");
}

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collects pages under `path`, in sorted order so that runs are
 * comparable. Returns -1 only when memory runs out. */
static int collect(page_list *list, const char *path, int named_directly) {
  struct stat st;
  if (stat(path, &st) != 0) {
    fprintf(stderr, "bench_extract: %s: %s\n", path, strerror(errno));
    return 0;
  }
  if (!S_ISDIR(st.st_mode)) {
    return named_directly || is_page_name(path) ? add_page(list, path) : 0;
  }
  DIR *dir = opendir(path);
  if (!dir) {
    fprintf(stderr, "bench_extract: %s: %s\n", path, strerror(errno));
    return 0;
  }
  char **names = NULL;
  size_t count = 0, cap = 0;
  int rc = 0;
  struct dirent *entry;
  while ((entry = readdir(dir)) != NULL) {
    if (entry->d_name[0] == '.')
      continue;
    if (count == cap) {
      size_t new_cap = cap ? cap * 2 : 64;
      char **grown = realloc(names, new_cap * sizeof *grown);
      if (!grown) {
        rc = -1;
        break;
      }
      names = grown;
      cap = new_cap;
    }
    size_t n = strlen(path) + strlen(entry->d_name) + 2;
    names[count] = malloc(n);
    if (!names[count]) {
      rc = -1;
      break;
    }
    snprintf(names[count], n, "%s/%s", path, entry->d_name);
    count++;
  }
  closedir(dir);
  if (rc == 0 && count > 0)
    qsort(names, count, sizeof *names, compare_names);
  for (size_t i = 0; i < count; i++) {
    if (rc == 0)
      rc = collect(list, names[i], 0);
    free(names[i]);
  }
  free(names);
  return rc;
}

typedef struct pass_time {
  double wall; /* seconds on the monotonic clock */
  double cpu;  /* seconds of this thread's CPU time */
} pass_time;

static pass_time now(void) {
  struct timespec w, c;
  clock_gettime(CLOCK_MONOTONIC, &w);
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c);
  return (pass_time){(double)w.tv_sec + (double)w.tv_nsec / 1e9,
                     (double)c.tv_sec + (double)c.tv_nsec / 1e9};
}

static pass_time since(pass_time start) {
  pass_time end = now();
  return (pass_time){end.wall - start.wall, end.cpu - start.cpu};
}

/* One parse-only pass over the pages. */
static pass_time time_parse_only(const page_list *list, size_t *failures) {
  const int flags = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                    HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                    HTML_PARSE_COMPACT;
  *failures = 0;
  pass_time start = now();
  for (size_t i = 0; i < list->count; i++) {
    const page *p = &list->items[i];
    /* libxml2 takes an int length; larger pages count as failures. */
    if (p->len > (size_t)INT_MAX) {
      (*failures)++;
      continue;
    }
    htmlDocPtr doc = htmlReadMemory(p->data, (int)p->len, p->path, NULL, flags);
    if (!doc) {
      (*failures)++;
      continue;
    }
    xmlFreeDoc(doc);
  }
  return since(start);
}

typedef struct extract_counts {
  size_t ok;
  size_t no_article;
  size_t errors;
} extract_counts;

/* One extraction pass over the pages. */
static pass_time time_extract(const page_list *list, extract_counts *counts) {
  pith_options options;
  pith_options_init(&options);
  memset(counts, 0, sizeof *counts);
  pass_time start = now();
  for (size_t i = 0; i < list->count; i++) {
    const page *p = &list->items[i];
    pith_result *result = NULL;
    pith_status status = pith_extract(p->data, p->len, &options, &result);
    if (status == PITH_OK)
      counts->ok++;
    else if (status == PITH_NO_ARTICLE)
      counts->no_article++;
    else
      counts->errors++;
    pith_result_free(result);
  }
  return since(start);
}

static void keep_best(pass_time *best, pass_time t, int first) {
  if (first || t.wall < best->wall)
    best->wall = t.wall;
  if (first || t.cpu < best->cpu)
    best->cpu = t.cpu;
}

static void print_rate(const char *label, size_t pages, double bytes,
                       double seconds) {
  double s = seconds > 0 ? seconds : 1e-9;
  printf("%-13s %6zu pages  %8.1f MB  %8.3f s  %8.1f pages/s  %7.2f MB/s\n",
         label, pages, bytes / 1e6, seconds, (double)pages / s,
         bytes / 1e6 / s);
}

static void usage(FILE *out) {
  fprintf(out, "usage: bench_extract [--repeat N] [--strict] DIR_OR_FILE...\n"
               "  Reads every .html / .html.gz page under the arguments, then "
               "times libxml2\n  parsing alone and full pith extraction over "
               "them.\n"
               "  --repeat N  N rounds (a parse-only pass, then an extraction "
               "pass);\n"
               "              the best pass of each kind is reported\n"
               "  --strict    exit with status 1 when a floor is missed\n");
}

int main(int argc, char **argv) {
  int repeat = 1, strict = 0, first_path = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
      char *end = NULL;
      long n = strtol(argv[++i], &end, 10);
      if (!end || *end != '\0' || n < 1 || n > 1000) {
        fprintf(stderr, "bench_extract: --repeat wants a number 1..1000\n");
        return 2;
      }
      repeat = (int)n;
    } else if (strcmp(argv[i], "--strict") == 0) {
      strict = 1;
    } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      usage(stdout);
      return 0;
    } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      usage(stderr);
      return 2;
    } else {
      first_path = i;
      break;
    }
  }
  if (first_path == 0) {
    usage(stderr);
    return 2;
  }

  xmlInitParser();
  page_list list = {0};
  int rc = 0;
  for (int i = first_path; i < argc && rc == 0; i++) {
    if (collect(&list, argv[i], 1) != 0) {
      fprintf(stderr, "bench_extract: out of memory while reading pages\n");
      rc = 1;
    }
  }
  if (rc == 0 && list.count == 0) {
    fprintf(stderr, "bench_extract: no .html or .html.gz pages found\n");
    rc = 1;
  }

  if (rc == 0) {
    size_t parse_failures = 0;
    extract_counts counts;
    pass_time parse_best = {0, 0}, extract_best = {0, 0};
    double wall_ratio_lo = 0, wall_ratio_hi = 0;
    for (int r = 0; r < repeat; r++) {
      pass_time pt = time_parse_only(&list, &parse_failures);
      pass_time et = time_extract(&list, &counts);
      keep_best(&parse_best, pt, r == 0);
      keep_best(&extract_best, et, r == 0);
      double round_ratio = pt.wall > 0 ? et.wall / pt.wall : 0.0;
      if (r == 0 || round_ratio < wall_ratio_lo)
        wall_ratio_lo = round_ratio;
      if (r == 0 || round_ratio > wall_ratio_hi)
        wall_ratio_hi = round_ratio;
    }
    size_t pages = list.count;
    double bytes = (double)list.total_bytes;
    double ratio =
        parse_best.wall > 0 ? extract_best.wall / parse_best.wall : 0.0;
    double cpu_ratio =
        parse_best.cpu > 0 ? extract_best.cpu / parse_best.cpu : 0.0;
    double pages_per_s =
        extract_best.wall > 0 ? (double)pages / extract_best.wall : 0.0;

    int xml_version = atoi(xmlParserVersion);
    printf("pith %s, libxml2 %d.%d.%d, %zu pages (%.1f MB), best of %d "
           "round%s\n",
           pith_version(), xml_version / 10000, xml_version / 100 % 100,
           xml_version % 100, list.count, (double)list.total_bytes / 1e6,
           repeat, repeat == 1 ? "" : "s");
    print_rate("parse-only", pages, bytes, parse_best.wall);
    print_rate("pith_extract", pages, bytes, extract_best.wall);
    printf("parse-only: %zu pages not parsed\n", parse_failures);
    printf("pith_extract: %zu articles, %zu without an article, %zu errors\n",
           counts.ok, counts.no_article, counts.errors);
    printf("ratio extraction / parse-only: %.2f\n", ratio);
    printf("ratio in thread CPU time: %.2f (%.3f s / %.3f s)\n", cpu_ratio,
           extract_best.cpu, parse_best.cpu);
    if (repeat > 1)
      printf("ratio of each round (wall clock): %.2f to %.2f\n", wall_ratio_lo,
             wall_ratio_hi);

    int ratio_ok = ratio <= FLOOR_MAX_RATIO;
    int speed_ok = pages_per_s >= FLOOR_MIN_PAGES_PER_S;
    printf("%s ratio %.2f <= %.1f\n", ratio_ok ? "PASS" : "FAIL", ratio,
           FLOOR_MAX_RATIO);
    printf("%s speed %.1f pages/s >= %.0f pages/s\n",
           speed_ok ? "PASS" : "FAIL", pages_per_s, FLOOR_MIN_PAGES_PER_S);
    if (strict && !(ratio_ok && speed_ok))
      rc = 1;
  }

  for (size_t i = 0; i < list.count; i++) {
    free(list.items[i].path);
    free(list.items[i].data);
  }
  free(list.items);
  xmlCleanupParser();
  return rc;
}
