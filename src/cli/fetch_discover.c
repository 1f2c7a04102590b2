/* pith fetch --sitemap, --feed: the URLs to fetch found in a site's
 * sitemaps and feeds (pith_discover), before the fetching starts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "fetch_cli.h"
#include "pith.h"

const cli_option fetch_discover_options[] = {
    {"sitemap", 0, "URL|auto", FETCH_OPT_SITEMAP,
     "fetch the pages a sitemap or sitemap index lists (XML or text, "
     "gzip-compressed or not; indexes followed); 'auto': the URLs given are "
     "sites, whose robots.txt Sitemap: lines (else /sitemap.xml) are read. "
     "May be given several times"},
    {"feed", 0, "URL", FETCH_OPT_FEED,
     "fetch the pages an RSS or Atom feed lists; the URL of an HTML page "
     "reads the feeds it links (<link rel=alternate>). May be given several "
     "times"},
    {"same-host", 0, NULL, FETCH_OPT_SAME_HOST,
     "with --sitemap or --feed: only the pages on the host of the sitemap or "
     "feed given"},
    {"url-filter", 0, "REGEX", FETCH_OPT_URL_FILTER,
     "with --sitemap or --feed: only the URLs a POSIX extended regular "
     "expression matches (anywhere in the normalised URL)"},
    {"max-urls", 0, "N", FETCH_OPT_MAX_URLS,
     "with --sitemap or --feed: at most N URLs, the first in the order the "
     "documents list them"},
    CLI_OPTION_END};

int fetch_discover_set(fetch_discover *d, const cli_arg *a) {
  long n = 0;
  int rc;
  switch (a->option->id) {
  case FETCH_OPT_SITEMAP:
  case FETCH_OPT_FEED:
    if (!a->value[0])
      return cli_arg_error(a, "needs a URL");
    if (a->option->id == FETCH_OPT_SITEMAP && strcmp(a->value, "auto") == 0) {
      d->sitemap_auto = 1;
      return 0;
    }
    if (d->count == d->cap) {
      size_t cap = d->cap ? d->cap * 2 : 8;
      pith_source *p = realloc(d->sources, cap * sizeof *p);
      if (!p)
        return cli_arg_error(a, "out of memory");
      d->sources = p;
      d->cap = cap;
    }
    d->sources[d->count++] =
        (pith_source){a->option->id == FETCH_OPT_FEED ? PITH_SOURCE_FEED
                                                      : PITH_SOURCE_SITEMAP,
                      a->value};
    return 0;
  case FETCH_OPT_SAME_HOST:
    d->config.same_host = 1;
    d->filters = 1;
    return 0;
  case FETCH_OPT_URL_FILTER:
    d->config.url_filter = a->value;
    d->filters = 1;
    return 0;
  default: /* FETCH_OPT_MAX_URLS */
    rc = cli_count(a, 1, 1000000000L, &n);
    d->config.max_urls = (size_t)n;
    d->filters = 1;
    return rc;
  }
}

int fetch_discover_active(const fetch_discover *d) {
  return d->count > 0 || d->sitemap_auto;
}

int fetch_discover_run(fetch_discover *d, const pith_fetch_config *fetch,
                       char **sites, int nsites, int quiet) {
  for (int i = 0; i < nsites; i++) {
    if (d->count == d->cap) {
      size_t cap = d->cap ? d->cap * 2 : 8;
      pith_source *p = realloc(d->sources, cap * sizeof *p);
      if (!p) {
        fputs("pith: out of memory\n", stderr);
        return EXIT_INTERNAL;
      }
      d->sources = p;
      d->cap = cap;
    }
    d->sources[d->count++] = (pith_source){PITH_SOURCE_ROBOTS, sites[i]};
  }
  char message[512];
  pith_status st = pith_discover(fetch, &d->config, d->sources, d->count,
                                 &d->result, message, sizeof message);
  if (st == PITH_ERR_ARGUMENT) {
    fprintf(stderr, "pith: fetch: %s\n", message);
    return EXIT_USAGE;
  }
  if (st != PITH_OK) {
    fprintf(stderr, "pith: fetch: discovery: %s\n", message);
    return EXIT_INTERNAL;
  }
  size_t n = pith_discovery_url_count(d->result);
  d->urls = malloc((n ? n : 1) * sizeof *d->urls);
  if (!d->urls) {
    fputs("pith: out of memory\n", stderr);
    return EXIT_INTERNAL;
  }
  for (size_t i = 0; i < n; i++)
    d->urls[i] = (char *)pith_discovery_url(d->result, i);
  d->nurls = (int)n;
  if (!quiet)
    fprintf(stderr,
            "pith fetch: %zu URL%s found, %zu left out (duplicates, "
            "filtered), %zu sitemap or feed error%s\n",
            n, n == 1 ? "" : "s", pith_discovery_dropped(d->result),
            pith_discovery_error_count(d->result),
            pith_discovery_error_count(d->result) == 1 ? "" : "s");
  return 0;
}

void fetch_discover_errors(const fetch_discover *d, fetch_writer *w) {
  for (size_t i = 0; i < pith_discovery_error_count(d->result); i++) {
    pith_fetch_page page;
    memset(&page, 0, sizeof page);
    page.url = pith_discovery_error_url(d->result, i);
    page.id = 0;
    page.status = pith_discovery_error_status(d->result, i);
    page.message = pith_discovery_error_message(d->result, i);
    page.fetched_at = time(NULL);
    fetch_writer_take(w, &page);
  }
}

void fetch_discover_free(fetch_discover *d) {
  pith_discovery_free(d->result);
  free(d->sources);
  free(d->urls);
  memset(d, 0, sizeof *d);
}
