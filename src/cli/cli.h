/* The pith command line: one file per subcommand, on the public API only. */
#ifndef PITH_CLI_H
#define PITH_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "pith.h"

/* Exit codes, documented in `pith --help` and the README. */
enum {
  EXIT_ARTICLE = 0,    /* an article was found */
  EXIT_NO_ARTICLE = 1, /* the page holds no article */
  EXIT_USAGE = 2,      /* bad command line */
  EXIT_UNREADABLE = 3, /* the input could not be read */
  EXIT_REJECTED = 4,   /* the input is not a page pith can read */
  EXIT_INTERNAL = 5,   /* out of memory or another internal failure */
  /* 6 is left for a failed write of the output */
  EXIT_LANGUAGE = 7, /* not in the language asked for (--target-language) */
};

int cmd_extract(int argc, char **argv);
int cmd_clean(int argc, char **argv);
int cmd_fetch(int argc, char **argv);
int cmd_batch(int argc, char **argv);

/* Reads a whole file ("-" for standard input) into memory, up to `max`
 * bytes (one more byte is read to tell a larger file). Returns 0, or -1
 * with errno set (EFBIG when larger than max). */
int cli_read_file(const char *path, size_t max, char **data, size_t *len);

/* Reads the input like cli_read_file; on failure prints "pith: NAME: why"
 * and returns the exit code, else 0. */
int cli_load(const char *file, const char *name, size_t max, char **data,
             size_t *len);

/* Prints "pith: " and the message (fmt with one %s for arg), then where to
 * find help for the subcommand; returns EXIT_USAGE. */
int cli_usage_error(const char *command, const char *fmt, const char *arg);

/* Prints the result's warnings ("pith: NAME: warning: ..."), the failure
 * or no-article message of a call, if any, and returns the exit code for
 * its status. */
int cli_report(pith_status st, const pith_result *result, const char *name);

/* The document-limit options of extract and clean: --max-bytes,
 * --max-nodes, --max-depth, --max-output-bytes, --max-time-ms, each taking
 * a positive number ("--opt N" or "--opt=N"). Returns 0 when argv[*i] is
 * none of them, 1 when it was read into opt (and *i advanced past its
 * value), or EXIT_USAGE after printing the error. */
int cli_limit_option(const char *command, int argc, char **argv, int *i,
                     pith_options *opt);

/* The help text for those options. */
extern const char cli_limit_help[];

/* --precision and --recall: 1 when arg is one of them (opt->mode set),
 * else 0. */
int cli_mode_option(const char *arg, pith_options *opt);

/* The help text for those two options. */
extern const char cli_mode_help[];

/* --images, --no-links, --no-tables and --target-language XX (ISO 639
 * code): same return values as cli_limit_option. */
int cli_output_option(const char *command, int argc, char **argv, int *i,
                      pith_options *opt);

/* The help text for those options. */
extern const char cli_output_help[];

/* --without-rule NAME[,NAME...], which may be given more than once: the
 * names are joined with commas into names[size] (empty at first) and
 * opt->disabled_rules points there. Returns 0 when argv[*i] is not that
 * option, 1 when it was read (and *i advanced past its value), or
 * EXIT_USAGE after printing the error. */
int cli_rule_option(const char *command, int argc, char **argv, int *i,
                    pith_options *opt, char *names, size_t size);

/* --list-rules: prints every debris rule and what it removes; returns
 * the exit code. */
int cli_list_rules(void);

/* Flushes standard output; a write error turns `code` into
 * EXIT_INTERNAL. */
int cli_flush(int code);

#endif
