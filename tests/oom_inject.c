/* Out-of-memory paths: fails the N-th allocation, for every N from 1 to
 * 2000 and a sample beyond, through pith_extract and pith_clean_text on
 * fixture pages and texts, and checks that nothing crashes and that every
 * call whose allocation failed returns PITH_ERR_NOMEM with a result saying
 * so (or no result, when the result itself could not be allocated). Leaks are
 * caught by LeakSanitizer in the sanitizer build
 * (-DPITH_SANITIZE=ON), where any leak fails the test at exit.
 *
 * How allocations are failed: this program is linked with
 * -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc (tests/oom.cmake), which
 * sends every allocation made by pith's own code (linked in statically)
 * through the counters below. Allocations made inside the shared libraries
 * are not seen by --wrap, so by default only pith's own allocations fail:
 *   - libxml2's can be failed through xmlMemSetup (OOM_LIBXML2=1 adds that
 *     pass), but the Debian libxml2 2.9.14 is not safe there: after a
 *     failed allocation inside htmlParseDocument its HTML parser never
 *     returns (it spins; first seen at the 28th allocation of
 *     jsonld-news-article.html), so that pass is off by default;
 *   - json-c (0.16) and libcurl have no hook for their allocator.
 *
 * usage: oom_inject [FIXTURES_DIR]   ($PITH_FIXTURES by default)
 *        OOM_ONLY=MODE:N oom_inject  runs one injection (MODE pith or
 *                                    libxml2), for debugging;
 *        OOM_VERBOSE=1               prints each injection before it runs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlmemory.h>

#include "discover.h"
#include "pith.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);

static long alloc_count;    /* allocations seen while counting */
static long fail_at;        /* the allocation to fail; 0: none */
static int failed;          /* an allocation was failed in this call */
static void *failed_caller; /* where, for OOM_VERBOSE */

static int should_fail(void) {
  if (!fail_at)
    return 0;
  if (++alloc_count == fail_at) {
    failed = 1;
    return 1;
  }
  return 0;
}

#define FAIL_HERE()                                                            \
  (should_fail() && (failed_caller = __builtin_return_address(0)))

void *__wrap_malloc(size_t size) {
  return FAIL_HERE() ? NULL : __real_malloc(size);
}
void *__wrap_calloc(size_t n, size_t size) {
  return FAIL_HERE() ? NULL : __real_calloc(n, size);
}
void *__wrap_realloc(void *p, size_t size) {
  return FAIL_HERE() ? NULL : __real_realloc(p, size);
}

/* libxml2's allocator, counted with pith's in "libxml2" mode. */
static void *xml_malloc(size_t size) {
  return should_fail() ? NULL : __real_malloc(size);
}
static void *xml_realloc(void *p, size_t size) {
  return should_fail() ? NULL : __real_realloc(p, size);
}
static char *xml_strdup(const char *s) {
  if (should_fail())
    return NULL;
  size_t n = strlen(s) + 1;
  char *p = __real_malloc(n);
  if (p)
    memcpy(p, s, n);
  return p;
}

typedef struct input {
  const char *name;
  char *data;
  size_t len;
  int clean;   /* pith_clean_text instead of pith_extract */
  int explain; /* options.explain: record the decisions too */
} input;

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *p = n >= 0 ? __real_malloc((size_t)n + 1) : NULL;
  if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
    free(p);
    p = NULL;
  }
  fclose(f);
  if (p) {
    p[n] = '\0';
    *len = (size_t)n;
  }
  return p;
}

/* One call; returns 0 when its outcome is acceptable. */
static int run_one(const input *in, long n, const char *mode, long *nomem,
                   long *degraded) {
  pith_options opt;
  pith_options_init(&opt);
  opt.url = "https://www.example.org/news/2024/02/27/story.html";
  /* The output options' paths (images, links, tables) on their page. */
  if (strncmp(in->name, "output-", 7) == 0)
    opt.images = opt.no_links = opt.no_tables = 1;
  opt.explain = in->explain;
  pith_result *r = NULL;
  alloc_count = 0;
  fail_at = n;
  failed = 0;
  pith_status st = in->clean ? pith_clean_text(in->data, in->len, &opt, &r)
                             : pith_extract(in->data, in->len, &opt, &r);
  fail_at = 0;
  int bad = 0;
  if (st == PITH_ERR_NOMEM) {
    ++*nomem;
    /* The result is NULL only when it could not be allocated itself. */
    if (r && pith_result_status(r) != PITH_ERR_NOMEM)
      bad = 1;
  } else if (st == PITH_OK || st == PITH_NO_ARTICLE) {
    if (!r || !pith_result_text(r) || !pith_result_json(r))
      bad = 1;
    else if (failed) {
      /* A stage went on without the value it could not allocate, and the
       * call did not say so. */
      bad = 1;
      ++*degraded;
      if (getenv("OOM_VERBOSE"))
        fprintf(stderr,
                "oom_inject: best effort after failing at alloc_count%+ld\n",
                (long)((char *)failed_caller - (char *)&alloc_count));
    }
  } else {
    bad = 1;
  }
  if (bad)
    fprintf(stderr,
            "oom_inject: %s %s: allocation %ld failed: status %d (%s)\n", mode,
            in->name, n, (int)st, r ? pith_result_message(r) : "no result");
  pith_result_free(r);
  return bad;
}

/* Discovery's reader: a sitemap index, a sitemap, feeds and a page linking
 * its feed, each URL normalised as discover.c does. Under any failed
 * allocation of pith's the call ends in PITH_ERR_NOMEM, never in a
 * shorter list that says nothing. */
static pith_status discover_url(void *ctx, discover_item item,
                                const char *url) {
  (void)item;
  int *nomem = ctx;
  free(pith_discover_normalise("http://a.example/feed/", url, nomem));
  return *nomem ? PITH_ERR_NOMEM : PITH_OK;
}

static int discover_oom(void) {
  static const struct {
    pith_source_kind kind;
    const char *ct, *doc;
  } docs[] = {
      {PITH_SOURCE_SITEMAP, NULL,
       "<?xml version=\"1.0\"?><urlset><url><loc>http://a.example/1</loc>"
       "</url><url><loc>/2#x</loc></url><url><loc>../3</loc></url></urlset>"},
      {PITH_SOURCE_SITEMAP, NULL,
       "<sitemapindex><sitemap><loc>http://a.example/s.xml</loc></sitemap>"
       "</sitemapindex>"},
      {PITH_SOURCE_SITEMAP, NULL, "http://a.example/1\nhttp://a.example/2\n"},
      {PITH_SOURCE_ROBOTS, NULL, "User-agent: *\nSitemap: /s.xml\n"},
      {PITH_SOURCE_FEED, NULL,
       "<rss><channel><item><link>http://a.example/n/1</link></item><item>"
       "<guid>http://a.example/n/2</guid></item></channel></rss>"},
      {PITH_SOURCE_FEED, NULL,
       "<feed><entry><link href=\"/a\"/></entry><entry><link "
       "rel=\"alternate\" href=\"/b\"/></entry></feed>"},
      {PITH_SOURCE_FEED, "text/html",
       "<html><head><link rel=\"alternate\" type=\"application/rss+xml\" "
       "href=\"/feed\"></head></html>"}};
  int problems = 0;
  for (size_t k = 0; k < sizeof docs / sizeof *docs; k++) {
    long total = -1;
    for (long n = 1; total < 0 || n <= total; n++) {
      int nomem = 0;
      char msg[256];
      alloc_count = 0;
      fail_at = total < 0 ? -1 : n;
      failed = 0;
      pith_status st = pith_discover_read(
          docs[k].kind, docs[k].doc, strlen(docs[k].doc), docs[k].ct,
          PITH_SITEMAP_MAX_BYTES, PITH_SITEMAP_MAX_URLS, discover_url, &nomem,
          msg, sizeof msg);
      fail_at = 0;
      if (total < 0) {
        total = alloc_count;
        n = 0;
        if (st != PITH_OK) {
          fprintf(stderr, "oom_inject: discover %zu: %s\n", k, msg);
          problems++;
          break;
        }
        continue;
      }
      if (failed ? st != PITH_ERR_NOMEM : st != PITH_OK) {
        fprintf(stderr,
                "oom_inject: discover document %zu: allocation %ld failed: "
                "status %d (%s)\n",
                k, n, (int)st, msg);
        problems++;
      }
    }
    printf("pith     discover document %zu %22ld allocations\n", k, total);
  }
  return problems;
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : getenv("PITH_FIXTURES");
  if (!dir) {
    fprintf(stderr, "usage: oom_inject FIXTURES_DIR\n");
    return 2;
  }
  static const char *const pages[] = {
      "jsonld-news-article.html",    "multiple-authors.html",
      "blog-post-comment-form.html", "charset-windows-1251.html",
      "lists-in-article.html",       "output-images.html",
      "language-detected.html"};
  static const char *const texts[] = {"german-news-article.expected.txt"};
  input inputs[12];
  size_t ninputs = 0;
  for (size_t i = 0; i < sizeof pages / sizeof *pages + 1; i++) {
    int clean = i >= sizeof pages / sizeof *pages;
    const char *name = clean ? texts[0] : pages[i];
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    input *in = &inputs[ninputs];
    memset(in, 0, sizeof *in);
    in->name = name;
    in->clean = clean;
    in->data = read_file(path, &in->len);
    if (!in->data) {
      fprintf(stderr, "oom_inject: cannot read %s\n", path);
      return 2;
    }
    ninputs++;
  }

  /* A page with a comment thread, explained: the comments, every
   * candidate and the decisions of --explain under failing allocations. */
  {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, "comments-disqus.html");
    input *in = &inputs[ninputs];
    memset(in, 0, sizeof *in);
    in->name = "comments-disqus.html (explained)";
    in->explain = 1;
    in->data = read_file(path, &in->len);
    if (!in->data) {
      fprintf(stderr, "oom_inject: cannot read %s\n", path);
      return 2;
    }
    ninputs++;
  }

  /* A long page, for a call with thousands of allocations: paragraphs
   * with links, list items, figures with captions. */
  {
    size_t cap = 1 << 20, n = 0;
    char *page = __real_malloc(cap);
    if (!page)
      return 2;
    n += (size_t)snprintf(page + n, cap - n,
                          "<html><head><title>A long page</title></head>"
                          "<body><article><h1>A long page</h1>");
    for (int i = 0; i < 300 && n + 1024 < cap; i++)
      n += (size_t)snprintf(
          page + n, cap - n,
          "<p>Paragraph %d tells of the %d ferries, with <a href=\"/l/%d\">a "
          "link</a> and more words to make it count.</p><ul><li>item %d</li>"
          "<li>next %d</li></ul><figure><img src=\"/i/%d.jpg\"><figcaption>"
          "Photo %d</figcaption></figure>",
          i, i * 7, i, i, i, i, i);
    n += (size_t)snprintf(page + n, cap - n, "</article></body></html>");
    input *in = &inputs[ninputs++];
    memset(in, 0, sizeof *in);
    in->name = "(a long generated page)";
    in->clean = 0;
    in->data = page;
    in->len = n;
  }

  const char *only = getenv("OOM_ONLY");
  int verbose = getenv("OOM_VERBOSE") != NULL;
  int problems = 0;
  int modes = getenv("OOM_LIBXML2") || (getenv("OOM_ONLY") &&
                                        strstr(getenv("OOM_ONLY"), "libxml2"))
                  ? 2
                  : 1;
  for (int mode = 0; mode < modes; mode++) {
    const char *mode_name = mode ? "libxml2" : "pith";
    if (mode == 1) {
      xmlCleanupParser();
      if (xmlMemSetup(free, xml_malloc, xml_realloc, xml_strdup) != 0) {
        fprintf(stderr, "oom_inject: xmlMemSetup failed\n");
        return 1;
      }
      xmlInitParser();
    }
    if (only && strncmp(only, mode_name, strlen(mode_name)) != 0)
      continue;
    for (size_t k = 0; k < ninputs; k++) {
      const input *in = &inputs[k];
      /* Count the allocations of a full call (fail_at beyond reach). */
      long total_nomem = 0, degraded = 0;
      alloc_count = 0;
      fail_at = -1;
      run_one(in, -1, mode_name, &total_nomem, &degraded);
      long total = alloc_count;
      total_nomem = degraded = 0;
      long runs = 0;
      if (only) {
        long n = atol(strchr(only, ':') ? strchr(only, ':') + 1 : "1");
        problems += run_one(in, n, mode_name, &total_nomem, &degraded);
        continue;
      }
      long step = total > 2000 ? (total - 2000) / 200 + 1 : 1;
      for (long n = 1; n <= total; n += n < 2000 ? 1 : step) {
        if (verbose)
          fprintf(stderr, "oom_inject: %s:%ld %s\n", mode_name, n, in->name);
        problems += run_one(in, n, mode_name, &total_nomem, &degraded);
        runs++;
      }
      printf("%-8s %-34s %6ld allocations, %5ld injections: %5ld "
             "PITH_ERR_NOMEM, %5ld results despite a failure\n",
             mode_name, in->name, total, runs, total_nomem, degraded);
      fflush(stdout);
    }
  }
  if (!only)
    problems += discover_oom();
  for (size_t k = 0; k < ninputs; k++)
    free(inputs[k].data);
  xmlCleanupParser();
  if (problems)
    printf("%d problems\n", problems);
  return problems ? 1 : 0;
}
