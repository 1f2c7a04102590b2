/* The pith command line: one file per subcommand, on the public API only.
 *
 * A subcommand is one source file, NAME_cmd.c, that defines a cli_command
 * and registers it with PITH_CLI_COMMAND(). Its description, options and
 * exit codes are data: the same tables drive the option parser, `pith NAME
 * --help`, the list in `pith --help` and the man page pith-NAME(1), so the
 * four cannot drift apart. CMake builds every src/cli/ *_cmd.c into pith and
 * makes one man page for each. */
#ifndef PITH_CLI_H
#define PITH_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "pith.h"

/* Exit codes: the same numbers in every command (`pith --help` lists what
 * each means for each command). The meanings every command shares are
 * worded once, below, so the overview can say them once. */
enum {
  EXIT_ARTICLE = 0,    /* an article was found */
  EXIT_NO_ARTICLE = 1, /* the page holds no article */
  EXIT_USAGE = 2,      /* bad command line */
  EXIT_UNREADABLE = 3, /* the input could not be read */
  EXIT_REJECTED = 4,   /* the input is not a page pith can read */
  EXIT_INTERNAL = 5,   /* out of memory or another internal failure */
  EXIT_OUTPUT = 6,     /* the output could not be written */
  EXIT_LANGUAGE = 7,   /* not in the language asked for (--target-language) */
};

#define CLI_EXIT_USAGE_MEANING                                                 \
  "usage error: an unknown or malformed option, or two that contradict "       \
  "each other"
#define CLI_EXIT_INTERNAL_MEANING "internal error (out of memory)"
#define CLI_EXIT_OUTPUT_MEANING                                                \
  "the output could not be written (disk full, closed pipe)"

/* ---- a command, described ------------------------------------------------ */

/* One option: --NAME or -LETTER, a flag or taking a VALUE. */
typedef struct cli_option {
  const char *name;  /* "format" for --format; NULL ends a table */
  char letter;       /* 'f' for -f, or 0 */
  const char *value; /* what the value is, "FORMAT"; NULL for a flag */
  int id;            /* passed to the command's set function */
  const char *help;  /* one paragraph */
} cli_option;

/* Options shown together under a title. */
typedef struct cli_option_group {
  const char *title; /* NULL ends a list */
  const cli_option *options;
} cli_option_group;

typedef struct cli_exit {
  int code; /* -1 ends a list */
  const char *meaning;
} cli_exit;

/* The value of one option as given: where parsing errors point. */
typedef struct cli_arg {
  const struct cli_command *command;
  const cli_option *option;
  const char *spelled; /* as typed: "--max-bytes", "-f" */
  const char *value;   /* NULL for a flag */
} cli_arg;

typedef struct cli_command {
  const char *name;    /* "extract" */
  int rank;            /* place in `pith --help`, lowest first */
  const char *summary; /* one line, lower case, no full stop */
  /* What follows "pith NAME" in a usage line; several lines are separated
   * by '\n'. */
  const char *synopsis;
  /* Paragraphs separated by a blank line; a paragraph whose lines start
   * with two spaces is shown as it is (a list or a table). */
  const char *description;
  const cli_option_group *groups;
  const cli_exit *exits;
  const char *examples; /* command lines, one per line */
  /* Parses and runs: argv[0] is the command's name. */
  int (*run)(int argc, char **argv);
} cli_command;

/* Registers a command with `pith` (a constructor run before main). */
#define PITH_CLI_COMMAND(command)                                              \
  __attribute__((constructor)) static void register_command(void) {            \
    cli_register(&(command));                                                  \
  }

void cli_register(const cli_command *command);
/* The registered commands, by rank; NULL after the last. */
const cli_command *const *cli_commands(void);

/* ---- parsing --------------------------------------------------------------
 * cli_parse() reads argv[1..] against the command's option groups: "--name
 * VALUE", "--name=VALUE", "-l VALUE", "-lVALUE", flags, "--" and "-" (an
 * operand). -h/--help prints the help. Every option is handed to set(),
 * which returns 0 or an exit code after printing why (cli_arg_error);
 * operands are collected in order. Returns 0, or an exit code to return
 * (after --help: CLI_DONE). */

#define CLI_DONE (-1)

typedef int (*cli_set_fn)(void *ctx, const cli_arg *arg);

int cli_parse(const cli_command *command, int argc, char **argv, cli_set_fn set,
              void *ctx, char ***operands, int *noperands);

/* Prints "pith: SPELLED: " and the message, and where to find help;
 * returns EXIT_USAGE. */
int cli_arg_error(const cli_arg *arg, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The same for a mistake not tied to one option. */
int cli_usage_error(const cli_command *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Value readers: 0, or EXIT_USAGE after naming the option and the value.
 * A size is a number of bytes with an optional K, M or G (binary, any
 * case, an optional B or iB after it), e.g. 512K, 1.5M, 2G. */
int cli_size(const cli_arg *arg, size_t *out);
int cli_count(const cli_arg *arg, long min, long max, long *out);
/* Seconds, above 0 (or 0 too with zero_ok), at most a week. */
int cli_seconds(const cli_arg *arg, int zero_ok, double *out);
/* The index of the value in a NULL-ended list of accepted words (each may
 * be followed by aliases after a '|': "markdown|md"). */
int cli_choice(const cli_arg *arg, const char *const *words, int *out);

/* ---- options several commands share ------------------------------------ */

enum cli_shared_option {
  CLI_OPT_HELP = 1,
  CLI_OPT_PRECISION,
  CLI_OPT_RECALL,
  CLI_OPT_MAX_BYTES,
  CLI_OPT_MAX_NODES,
  CLI_OPT_MAX_DEPTH,
  CLI_OPT_MAX_OUTPUT_BYTES,
  CLI_OPT_MAX_TIME_MS,
  CLI_OPT_IGNORE_ROBOTS,
  CLI_OPT_TIMEOUT,
  CLI_OPT_CONNECT_TIMEOUT,
  CLI_OPT_MAX_SIZE,
  CLI_OPT_RETRIES,
  CLI_OPT_USER_AGENT,
  CLI_OPT_CACERT,
  CLI_OPT_WITHOUT_RULE,
  CLI_OPT_LIST_RULES,
  CLI_OPT_IMAGES,
  CLI_OPT_NO_LINKS,
  CLI_OPT_NO_TABLES,
  CLI_OPT_TARGET_LANGUAGE,
  CLI_OPT_OWN = 100 /* a command's own options start here */
};

/* -h, --help: in every command's first table. */
#define CLI_HELP_OPTION                                                        \
  { "help", 'h', NULL, CLI_OPT_HELP, "show this help" }
#define CLI_OPTION_END                                                         \
  { NULL, 0, NULL, 0, NULL }

/* --precision, --recall; the document limits; the options of fetching one
 * URL; --without-rule and --list-rules; what the output holds (--images,
 * --no-links, --no-tables, --target-language). */
extern const cli_option cli_mode_options[];
extern const cli_option cli_limit_options[];
extern const cli_option cli_fetch_options[];
extern const cli_option cli_rule_options[];
extern const cli_option cli_output_options[];

/* What the shared options set. */
typedef struct cli_shared {
  pith_options options;           /* mode and limits */
  const cli_option *mode_option;  /* the mode option given, or NULL */
  pith_fetch_config fetch;        /* the fetch options */
  const cli_option *fetch_option; /* the first fetch option given, or NULL */
  char disabled_rules[1024];      /* --without-rule names, comma-joined;
                                     options.disabled_rules points here */
  int list_rules;                 /* --list-rules: list them instead */
} cli_shared;

void cli_shared_init(cli_shared *shared);
/* Handles a shared option: 0 when done, an exit code after an error, or 1
 * when the option is not a shared one. Refuses --precision with
 * --recall, and a debris rule that does not exist. */
int cli_shared_set(cli_shared *shared, const cli_arg *arg);

/* --list-rules: prints every debris rule and what it removes; returns the
 * exit code. */
int cli_list_rules(void);

/* ---- input and output --------------------------------------------------- */

/* Reads a whole file ("-" for standard input) into memory, up to `max`
 * bytes, gunzipping it when it starts with the gzip magic (then `max`
 * bounds the unpacked size too). On failure prints "pith: NAME: why" and
 * returns the exit code, else 0. */
int cli_load(const char *file, const char *name, size_t max, char **data,
             size_t *len);

/* Prints the result's warnings ("pith: NAME: warning: ..."), the failure
 * or no-article message of a call, if any, and returns the exit code for
 * its status. */
int cli_report(pith_status st, const pith_result *result, const char *name);

/* The exit code for a status: 0, 1, 3 (could not be read or fetched), 4
 * (rejected), 5 (internal), 7 (another language). */
int cli_exit_for(pith_status status);

/* Flushes standard output; a write error (disk full, closed pipe) is
 * reported and turns `code` into EXIT_OUTPUT. */
int cli_flush(int code);

/* Prints "pith: warning: " and the message on standard error. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- help ---------------------------------------------------------------- */

/* `pith NAME --help` to f. */
void cli_print_help(const cli_command *command, FILE *f);
/* `pith --help` to f. */
void cli_print_overview(FILE *f);
/* The man page pith(1) (command NULL) or pith-NAME(1), in roff. */
void cli_print_man(const cli_command *command, FILE *f);

#endif
