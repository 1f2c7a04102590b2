/* pith: the article in a web page, from the command line. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "pith.h"

static const char usage[] =
    "Usage: pith COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "pith takes a web page and gives back the article in it: title, author,\n"
    "date and body, without the menus, share bars, teasers, captions and\n"
    "credits around it.\n"
    "\n"
    "Commands:\n"
    "  extract FILE|-    the article in one HTML page (text, Markdown or "
    "JSON)\n"
    "  extract URL       the same for a page fetched over HTTP(S)\n"
    "  clean [FILE|-]    strip the debris from text that was already scraped\n"
    "  fetch URL...      fetch pages politely, one JSON Lines record per URL\n"
    "  batch PATH...     every page in files, folders, WARC archives and JSON\n"
    "                    Lines, on every core: one JSON record per page\n"
    "\n"
    "Options:\n"
    "  -h, --help        show this help (pith COMMAND --help for a command)\n"
    "  -V, --version     show the version\n"
    "\n"
    "Exit codes:\n"
    "  0  an article was found\n"
    "  1  the page was read but holds no article (home page, link list, error\n"
    "     page); with --format json the metadata is still printed\n"
    "  2  usage error\n"
    "  3  the input could not be read (missing file, I/O error)\n"
    "  4  the input is not a page pith can read (empty, binary, too large)\n"
    "  5  internal error (out of memory)\n"
    "\n"
    "Example:\n"
    "  pith extract --format json page.html\n"
    "  pith clean --explain scraped.txt\n"
    "  pith fetch -i urls.txt > pages.jsonl\n"
    "  pith batch -o out.jsonl CC-MAIN-*.warc.gz\n";

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs(usage, stderr);
    return EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 ||
      strcmp(cmd, "help") == 0) {
    fputs(usage, stdout);
    return 0;
  }
  if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
    printf("pith %s\n", pith_version());
    return 0;
  }
  if (strcmp(cmd, "extract") == 0)
    return cmd_extract(argc - 1, argv + 1);
  if (strcmp(cmd, "clean") == 0)
    return cmd_clean(argc - 1, argv + 1);
  if (strcmp(cmd, "fetch") == 0)
    return cmd_fetch(argc - 1, argv + 1);
  if (strcmp(cmd, "batch") == 0)
    return cmd_batch(argc - 1, argv + 1);
  fprintf(stderr, "pith: unknown command '%s'\n", cmd);
  fputs("Try 'pith --help' for the list of commands.\n", stderr);
  return EXIT_USAGE;
}
