/*
 * bench_batch — pith batch over a WARC archive: pages/s and MB/s with one
 * and with two worker threads, next to libxml2's parse-only time on the
 * same pages.
 *
 * usage: bench_batch [--pith PATH] [--repeat N] [--copies N] DIR...
 *
 * Every .html / .html.gz page under the DIRs is read, and a crawler-style
 * WARC (warcinfo, then request, response and metadata records per page, one
 * gzip member per record, as Common Crawl writes them) is built in /tmp
 * (--copies N puts every page in N times) and removed at the end. Then:
 *   (a) libxml2 alone: htmlReadMemory + xmlFreeDoc per page, one thread;
 *   (b) `pith batch -q -j 1 -o /dev/null WARC`, wall clock and peak RSS;
 *   (c) the same with -j 2.
 * Each timing is the best of --repeat runs. The speed-up of -j 2 over -j 1
 * is printed against the 1.6x target, the peak RSS against 200 MB; nothing
 * is asserted (timings on a shared machine are noisy).
 */
/* wait4() gives each run its own peak RSS. */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <zlib.h>

#ifndef PITH_BINARY
#define PITH_BINARY "pith"
#endif

#define TARGET_SPEEDUP 1.6
#define TARGET_RSS_MB 200.0

typedef struct page {
  char *path;
  char *data; /* loaded for the parse-only pass */
  size_t len;
} page;

static page *pages;
static size_t npages, cap_pages, total_bytes;

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Reads a page, gunzipping .gz (gzread reads plain files as they are). */
static int load_page(const char *path, char **out, size_t *out_len) {
  gzFile f = gzopen(path, "rb");
  if (!f)
    return -1;
  size_t cap = 1 << 16, len = 0;
  char *data = malloc(cap + 1);
  int n;
  while (data && (n = gzread(f, data + len, (unsigned)(cap - len))) > 0) {
    len += (size_t)n;
    if (len == cap) {
      char *p = realloc(data, cap * 2 + 1);
      if (!p) {
        free(data);
        data = NULL;
        break;
      }
      data = p;
      cap *= 2;
    }
  }
  gzclose(f);
  if (!data)
    return -1;
  data[len] = '\0';
  *out = data;
  *out_len = len;
  return 0;
}

static void add_page(const char *path) {
  char *data;
  size_t len;
  if (load_page(path, &data, &len) != 0)
    return;
  free(data);
  if (npages == cap_pages) {
    cap_pages = cap_pages ? cap_pages * 2 : 256;
    pages = realloc(pages, cap_pages * sizeof *pages);
    if (!pages) {
      fputs("bench_batch: out of memory\n", stderr);
      exit(1);
    }
  }
  pages[npages].path = strdup(path);
  pages[npages].data = NULL;
  pages[npages].len = len;
  npages++;
  total_bytes += len;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void collect(const char *dir) {
  struct stat st;
  if (stat(dir, &st) != 0) {
    fprintf(stderr, "bench_batch: %s: %s\n", dir, strerror(errno));
    return;
  }
  if (!S_ISDIR(st.st_mode)) {
    add_page(dir);
    return;
  }
  DIR *d = opendir(dir);
  if (!d)
    return;
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 256;
      names = realloc(names, cap * sizeof *names);
    }
    size_t len = strlen(dir) + strlen(e->d_name) + 2;
    names[n] = malloc(len);
    snprintf(names[n], len, "%s/%s", dir, e->d_name);
    n++;
  }
  closedir(d);
  qsort(names, n, sizeof *names, by_name);
  for (size_t i = 0; i < n; i++) {
    if (stat(names[i], &st) == 0 && S_ISDIR(st.st_mode))
      collect(names[i]);
    else if (ends_with(names[i], ".html") || ends_with(names[i], ".htm") ||
             ends_with(names[i], ".html.gz"))
      add_page(names[i]);
    free(names[i]);
  }
  free(names);
}

/* Writes one WARC record as its own gzip member. */
static int write_member(FILE *out, const char *head, const char *body,
                        size_t body_len) {
  z_stream zs;
  memset(&zs, 0, sizeof zs);
  if (deflateInit2(&zs, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return -1;
  unsigned char buf[1 << 16];
  const char *parts[3] = {head, body, "\r\n\r\n"};
  size_t lens[3] = {strlen(head), body_len, 4};
  for (int p = 0; p < 3; p++) {
    zs.next_in = (Bytef *)(uintptr_t)parts[p];
    zs.avail_in = (uInt)lens[p];
    int flush = p == 2 ? Z_FINISH : Z_NO_FLUSH;
    int ret;
    do {
      zs.next_out = buf;
      zs.avail_out = sizeof buf;
      ret = deflate(&zs, flush);
      fwrite(buf, 1, sizeof buf - zs.avail_out, out);
    } while (zs.avail_out == 0 || (flush == Z_FINISH && ret != Z_STREAM_END));
  }
  deflateEnd(&zs);
  return 0;
}

static int write_record(FILE *out, const char *type, const char *uri,
                        const char *content_type, const char *payload,
                        size_t len, unsigned long id) {
  char head[1024];
  snprintf(head, sizeof head,
           "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Date: 2024-03-01T12:00:00Z\r\n"
           "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-%012lu>\r\n"
           "%s%s%sContent-Type: %s\r\nContent-Length: %zu\r\n\r\n",
           type, id, uri ? "WARC-Target-URI: " : "", uri ? uri : "",
           uri ? "\r\n" : "", content_type, len);
  return write_member(out, head, payload, len);
}

static void build_warc(const char *path, int copies) {
  FILE *out = fopen(path, "wb");
  if (!out) {
    fprintf(stderr, "bench_batch: %s: %s\n", path, strerror(errno));
    exit(1);
  }
  unsigned long id = 0;
  const char info[] = "software: bench_batch\r\n";
  write_record(out, "warcinfo", NULL, "application/warc-fields", info,
               sizeof info - 1, id++);
  for (int c = 0; c < copies; c++) {
    for (size_t i = 0; i < npages; i++) {
      char uri[128], req[256], meta[] = "fetchTimeMs: 100\r\n";
      snprintf(uri, sizeof uri, "https://site%zu.example/%d/page-%zu.html",
               i % 50, c, i);
      int rn = snprintf(req, sizeof req,
                        "GET /%d/page-%zu.html HTTP/1.1\r\nHost: "
                        "site%zu.example\r\n\r\n",
                        c, i, i % 50);
      write_record(out, "request", uri, "application/http; msgtype=request",
                   req, (size_t)rn, id++);
      page pg = pages[i];
      if (load_page(pg.path, &pg.data, &pg.len) != 0)
        continue;
      char hdr[256];
      int hn = snprintf(hdr, sizeof hdr,
                        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                        "Content-Length: %zu\r\n\r\n",
                        pg.len);
      size_t plen = (size_t)hn + pg.len;
      char *payload = malloc(plen);
      memcpy(payload, hdr, (size_t)hn);
      memcpy(payload + hn, pg.data, pg.len);
      free(pg.data);
      write_record(out, "response", uri, "application/http; msgtype=response",
                   payload, plen, id++);
      free(payload);
      write_record(out, "metadata", uri, "application/warc-fields", meta,
                   sizeof meta - 1, id++);
    }
  }
  if (fclose(out) != 0) {
    fprintf(stderr, "bench_batch: writing %s failed\n", path);
    exit(1);
  }
}

static double parse_only(int copies) {
  double t0 = now();
  for (int c = 0; c < copies; c++)
    for (size_t i = 0; i < npages; i++) {
      if (!pages[i].data)
        continue;
      htmlDocPtr doc = htmlReadMemory(
          pages[i].data, (int)pages[i].len, NULL, NULL,
          HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
              HTML_PARSE_NONET | HTML_PARSE_COMPACT);
      if (doc)
        xmlFreeDoc(doc);
    }
  return now() - t0;
}

/* Runs pith batch; returns the wall time, *rss_mb the child's peak RSS. */
static double run_batch(const char *pith, const char *warc, int jobs,
                        double *rss_mb, double *cpu) {
  char j[16];
  snprintf(j, sizeof j, "%d", jobs);
  double t0 = now();
  pid_t pid = fork();
  if (pid == 0) {
    execl(pith, pith, "batch", "-q", "-j", j, "-o", "/dev/null", warc,
          (char *)NULL);
    fprintf(stderr, "bench_batch: cannot run %s: %s\n", pith, strerror(errno));
    _exit(127);
  }
  int status = 0;
  struct rusage ru;
  if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) {
    fputs("bench_batch: fork/wait failed\n", stderr);
    exit(1);
  }
  double t = now() - t0;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fprintf(stderr, "bench_batch: pith batch -j %d failed (status %d)\n", jobs,
            status);
    exit(1);
  }
  *rss_mb = (double)ru.ru_maxrss / 1024.0;
  *cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
         (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
  return t;
}

int main(int argc, char **argv) {
  const char *pith = PITH_BINARY;
  int repeat = 1, copies = 1;
  int ndirs = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--pith") == 0 && i + 1 < argc)
      pith = argv[++i];
    else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
      repeat = atoi(argv[++i]);
    else if (strcmp(argv[i], "--copies") == 0 && i + 1 < argc)
      copies = atoi(argv[++i]);
    else if (argv[i][0] == '-') {
      fputs("usage: bench_batch [--pith PATH] [--repeat N] [--copies N] "
            "DIR...\n",
            stderr);
      return 2;
    } else {
      collect(argv[i]);
      ndirs++;
    }
  }
  if (repeat < 1)
    repeat = 1;
  if (copies < 1)
    copies = 1;
  if (!ndirs || !npages) {
    fputs("bench_batch: no pages; give folders of .html / .html.gz pages, "
          "e.g. ../shared/data/aeb/html ../shared/data/traf/html\n",
          stderr);
    return 2;
  }
  char warc[] = "/tmp/pith-bench-XXXXXX";
  int fd = mkstemp(warc);
  if (fd < 0) {
    perror("bench_batch: mkstemp");
    return 1;
  }
  close(fd);
  build_warc(warc, copies);
  struct stat st;
  stat(warc, &st);
  double n = (double)npages * copies;
  double mb = (double)total_bytes * copies / 1e6;
  printf("pages: %.0f, HTML %.1f MB, WARC (gzip per record) %.1f MB at %s\n", n,
         mb, (double)st.st_size / 1e6, warc);

  /* pith batch first, while this process is small (a forked child's peak
   * RSS counts what it shared with its parent before exec). */
  double best1 = 1e30, best2 = 1e30, rss1 = 0, rss2 = 0, cpu1 = 0, cpu2 = 0;
  for (int r = 0; r < repeat; r++) {
    double rss, cpu;
    double t = run_batch(pith, warc, 1, &rss, &cpu);
    if (t < best1) {
      best1 = t;
      cpu1 = cpu;
    }
    if (rss > rss1)
      rss1 = rss;
    t = run_batch(pith, warc, 2, &rss, &cpu);
    if (t < best2) {
      best2 = t;
      cpu2 = cpu;
    }
    if (rss > rss2)
      rss2 = rss;
  }
  for (size_t i = 0; i < npages; i++)
    if (load_page(pages[i].path, &pages[i].data, &pages[i].len) != 0) {
      pages[i].data = NULL;
      pages[i].len = 0;
    }
  xmlInitParser();
  double best_parse = 1e30;
  for (int r = 0; r < repeat; r++) {
    double t = parse_only(copies);
    if (t < best_parse)
      best_parse = t;
  }
  unlink(warc);
  printf("%-28s %8s %10s %8s %10s\n", "", "seconds", "pages/s", "MB/s",
         "peak RSS");
  printf("%-28s %8.2f %10.1f %8.1f %10s\n", "libxml2 parse only (1 thr)",
         best_parse, n / best_parse, mb / best_parse, "-");
  printf("%-28s %8.2f %10.1f %8.1f %7.1f MB\n", "pith batch -j 1", best1,
         n / best1, mb / best1, rss1);
  printf("%-28s %8.2f %10.1f %8.1f %7.1f MB\n", "pith batch -j 2", best2,
         n / best2, mb / best2, rss2);
  double speedup = best1 / best2;
  printf("-j 1 / parse-only time: %.2fx\n", best1 / best_parse);
  printf("-j 2 speed-up over -j 1: %.2fx (target >= %.1fx): %s\n", speedup,
         TARGET_SPEEDUP, speedup >= TARGET_SPEEDUP ? "PASS" : "FAIL");
  double rss = rss1 > rss2 ? rss1 : rss2;
  printf("peak RSS: %.1f MB (target < %.0f MB): %s\n", rss, TARGET_RSS_MB,
         rss < TARGET_RSS_MB ? "PASS" : "FAIL");
  printf("CPU time: -j 1 %.2f s, -j 2 %.2f s; -j 2 kept %.2f cores busy\n",
         cpu1, cpu2, cpu2 / best2);
  for (size_t i = 0; i < npages; i++) {
    free(pages[i].path);
    free(pages[i].data);
  }
  free(pages);
  return 0;
}
