/* Site boilerplate on the command line: the options, reading the
 * --site-profile files into one profile, and writing one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "site.h"

/* The largest profile file read: a million hosts' furniture fits. */
#define MAX_PROFILE_BYTES ((size_t)1 << 30)

const cli_option cli_site_options[] = {
    {"site-boilerplate", 0, NULL, CLI_OPT_SITE_BOILERPLATE,
     "leave out the lines that recur on 3 or more pages and 30 % or more of "
     "the pages of one host in this run (rule site-repeat): a first pass "
     "counts every page's lines, a second extracts; the output does not "
     "depend on -j or on the order of the pages"},
    {"site-profile", 0, "FILE", CLI_OPT_SITE_PROFILE,
     "leave out the lines a site profile written by --write-site-profile "
     "has as recurring; may be given several times (the counts add up, so "
     "the profiles of a crawl's parts act as the profile of the whole); "
     "with --site-boilerplate this run's pages are added to them"},
    {"write-site-profile", 0, "FILE", CLI_OPT_WRITE_SITE_PROFILE,
     "write the profile of this run's pages (with the --site-profile files "
     "read) to FILE; without --site-boilerplate or --site-profile the "
     "records are those of a run without it"},
    {NULL, 0, NULL, 0, NULL}};

const cli_option cli_site_profile_option[] = {
    {"site-profile", 0, "FILE", CLI_OPT_SITE_PROFILE,
     "leave out the lines that a site profile (pith batch "
     "--write-site-profile) has on many pages of the page's host (rule "
     "site-repeat); may be given several times"},
    {NULL, 0, NULL, 0, NULL}};

int cli_site_set(cli_site *site, const cli_arg *a) {
  switch (a->option->id) {
  case CLI_OPT_SITE_BOILERPLATE:
    site->boilerplate = 1;
    return 0;
  case CLI_OPT_SITE_PROFILE:
    if (!a->value[0])
      return cli_arg_error(a, "needs a file name");
    if (site->nprofiles == CLI_SITE_MAX_PROFILES)
      return cli_arg_error(a, "given more than %d times",
                           CLI_SITE_MAX_PROFILES);
    site->profiles[site->nprofiles++] = a->value;
    return 0;
  case CLI_OPT_WRITE_SITE_PROFILE:
    if (!a->value[0])
      return cli_arg_error(a, "needs a file name");
    site->write = a->value;
    return 0;
  default:
    return 1;
  }
}

int cli_site_collects(const cli_site *site) {
  return site->boilerplate || site->write;
}

int cli_site_open(const cli_site *site, pith_site_profile **profile) {
  *profile = NULL;
  if (!site->boilerplate && !site->write && !site->nprofiles)
    return 0;
  pith_site_profile *p = pith_site_profile_new();
  if (!p) {
    fputs("pith: out of memory\n", stderr);
    return EXIT_INTERNAL;
  }
  for (int i = 0; i < site->nprofiles; i++) {
    char *data = NULL;
    size_t len = 0;
    int code = cli_load(site->profiles[i], site->profiles[i], MAX_PROFILE_BYTES,
                        &data, &len);
    if (code) {
      pith_site_profile_free(p);
      return code;
    }
    char why[256];
    pith_status st = pith_site_profile_read(p, data, len, why, sizeof why);
    free(data);
    if (st != PITH_OK) {
      fprintf(stderr, "pith: %s: %s\n", site->profiles[i],
              st == PITH_ERR_PARSE ? why : pith_strerror(st));
      pith_site_profile_free(p);
      return st == PITH_ERR_NOMEM ? EXIT_INTERNAL : EXIT_UNREADABLE;
    }
  }
  *profile = p;
  return 0;
}

int cli_site_write(const cli_site *site, pith_site_profile *profile,
                   const pith_site_profile *own) {
  if (!site->write || !profile)
    return 0;
  char *data = NULL;
  size_t len = 0;
  if (own && (pith_site_profile_write(own, &data, &len) != PITH_OK ||
              pith_site_profile_read(profile, data, len, NULL, 0) != PITH_OK)) {
    pith_free(data);
    fputs("pith: out of memory\n", stderr);
    return EXIT_INTERNAL;
  }
  pith_free(data);
  data = NULL;
  if (pith_site_profile_write(profile, &data, &len) != PITH_OK) {
    fputs("pith: out of memory\n", stderr);
    return EXIT_INTERNAL;
  }
  FILE *f = fopen(site->write, "wb");
  int ok = f && fwrite(data, 1, len, f) == len;
  if (f && fclose(f) != 0)
    ok = 0;
  pith_free(data);
  if (!ok) {
    fprintf(stderr, "pith: %s: cannot write the site profile\n", site->write);
    return EXIT_OUTPUT;
  }
  return 0;
}
