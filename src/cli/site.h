/* The site boilerplate options of pith batch and pith fetch (site.c):
 * --site-boilerplate, --site-profile FILE, --write-site-profile FILE. */
#ifndef PITH_CLI_SITE_H
#define PITH_CLI_SITE_H

#include "cli.h"

enum cli_site_option {
  CLI_OPT_SITE_BOILERPLATE = 60,
  CLI_OPT_SITE_PROFILE,
  CLI_OPT_WRITE_SITE_PROFILE,
};

#define CLI_SITE_MAX_PROFILES 256

typedef struct cli_site {
  int boilerplate; /* --site-boilerplate: two passes */
  const char *profiles[CLI_SITE_MAX_PROFILES]; /* --site-profile FILEs */
  int nprofiles;
  const char *write; /* --write-site-profile FILE, or NULL */
} cli_site;

/* The three options (pith batch, pith fetch). */
extern const cli_option cli_site_options[];
/* --site-profile alone (pith extract). */
extern const cli_option cli_site_profile_option[];

/* Handles a site option: 0, an exit code after an error, or 1 when the
 * option is not one of them. */
int cli_site_set(cli_site *site, const cli_arg *arg);

/* Whether this run counts its own pages into a profile (a first pass). */
int cli_site_collects(const cli_site *site);

/* The profile the options ask for: the --site-profile files read into one,
 * or an empty one to fill in a first pass; *profile NULL when no option
 * was given. Returns 0 or an exit code after printing why. */
int cli_site_open(const cli_site *site, pith_site_profile **profile);

/* --write-site-profile: adds the counts of `own` (may be NULL: the pages
 * a run counted apart from the profile it applied) to the profile and
 * writes it to the file. 0, EXIT_OUTPUT or EXIT_INTERNAL after printing
 * why. */
int cli_site_write(const cli_site *site, pith_site_profile *profile,
                   const pith_site_profile *own);

#endif
