/* pith: the article in a web page, from the command line. The commands
 * register themselves (cli.h); this file finds the one asked for. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "pith.h"

static const cli_command *find(const char *name) {
  for (const cli_command *const *c = cli_commands(); *c; c++)
    if (strcmp((*c)->name, name) == 0)
      return *c;
  return NULL;
}

/* `pith --man [COMMAND]`: the man page in roff, which the build turns into
 * share/man/man1/pith.1 and pith-COMMAND.1. */
static int man(int argc, char **argv) {
  const cli_command *c = NULL;
  if (argc > 2 && !(c = find(argv[2]))) {
    fprintf(stderr, "pith: --man: unknown command '%s'\n", argv[2]);
    return EXIT_USAGE;
  }
  cli_print_man(c, stdout);
  return cli_flush(0);
}

int main(int argc, char **argv) {
  /* A closed pipe is a write error with its own exit code, not a silent
   * death by signal. */
  signal(SIGPIPE, SIG_IGN);
  if (argc < 2) {
    cli_print_overview(stderr);
    return EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 ||
      strcmp(cmd, "help") == 0) {
    cli_print_overview(stdout);
    return cli_flush(0);
  }
  if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
    printf("pith %s\n", pith_version());
    return cli_flush(0);
  }
  if (strcmp(cmd, "--man") == 0)
    return man(argc, argv);
  const cli_command *c = find(cmd);
  if (c)
    return c->run(argc - 1, argv + 1);
  fprintf(stderr, "pith: unknown command '%s'\n", cmd);
  fputs("Try 'pith --help' for the list of commands.\n", stderr);
  return EXIT_USAGE;
}
