/* pith clean: scraped text in, the article without its debris out. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pith.h"

static const char usage[] =
    "Usage: pith clean [OPTIONS] [FILE|-]\n"
    "\n"
    "Removes the debris from article text that was scraped with it: doubled\n"
    "photo captions, picture credits, 'Media playback is unsupported',\n"
    "'Read more at ...', share lines and the teasers after 'More in ...'.\n"
    "Reads FILE, or standard input when FILE is - or missing. Any common\n"
    "encoding (UTF-8, UTF-16 with BOM, windows-1252); LF, CRLF or CR.\n"
    "\n"
    "Options:\n"
    "  -f, --format FORMAT  text (default): the kept lines, one paragraph\n"
    "                       each, separated by a blank line; json: the kept\n"
    "                       text and every removed line with its rule\n"
    "  -e, --explain        print every input line with its verdict and the\n"
    "                       rule that decided it: '+ content', '- caption-\n"
    "                       repeat', '- teaser-block', ...; for a line the\n"
    "                       learned model judged, after a tab, the model,\n"
    "                       its probability of debris and the features\n"
    "                       that weighed most\n"
    "      --precision      leave out lines that may be debris, at the cost\n"
    "                       of some article text\n"
    "      --recall         keep more of what may be article text, at the\n"
    "                       cost of some debris\n"
    "      --without-rule NAME  leave out a debris rule (NAME,NAME... or\n"
    "                       the option again for more)\n"
    "      --list-rules     list the debris rules and what they remove\n"
    "  -h, --help           show this help\n"
    "\n"
    "Exit codes: 0 text kept; 1 every line was debris; 2 usage error;\n"
    "3 input unreadable; 4 input rejected (binary, too large, a limit\n"
    "below hit); 5 internal error (out of memory).\n"
    "\n";

/* Every input line with its verdict; blank input lines stay blank. */
static void print_explain(const pith_result *r) {
  size_t next_line = 1;
  size_t n = pith_result_line_count(r);
  for (size_t i = 0; i < n; i++) {
    size_t line = pith_result_line_number(r, i);
    for (; next_line < line; next_line++)
      fputc('\n', stdout);
    char why[512];
    pith_result_line_explain(r, i, why, sizeof why);
    /* the learned model's reasons after a tab: the text has none */
    int model = strncmp(why, "model ", 6) == 0;
    printf("%c %-22s %s%s%s\n", pith_result_line_kept(r, i) ? '+' : '-',
           pith_result_line_rule(r, i), pith_result_line_text(r, i),
           model ? "\t# " : "", model ? why : "");
    next_line = line + 1;
  }
}

int cmd_clean(int argc, char **argv) {
  int json = 0, explain = 0, only_files = 0, lim = 0;
  char rules[1024] = "";
  const char *file = NULL;
  pith_options opt;
  pith_options_init(&opt);
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!only_files && (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)) {
      fputs(usage, stdout);
      fputs(cli_limit_help, stdout);
      return 0;
    } else if (!only_files && strcmp(a, "--list-rules") == 0) {
      return cli_list_rules();
    } else if (!only_files && cli_mode_option(a, &opt)) {
      continue;
    } else if (!only_files &&
               (lim = cli_rule_option("clean", argc, argv, &i, &opt, rules,
                                      sizeof rules))) {
      if (lim != 1)
        return lim;
    } else if (!only_files && strcmp(a, "--") == 0) {
      only_files = 1;
    } else if (!only_files &&
               (strcmp(a, "-e") == 0 || strcmp(a, "--explain") == 0)) {
      explain = 1;
    } else if (!only_files &&
               (strcmp(a, "-f") == 0 || strncmp(a, "--format", 8) == 0)) {
      const char *v = NULL;
      if (strncmp(a, "--format=", 9) == 0)
        v = a + 9;
      else if ((strcmp(a, "-f") == 0 || strcmp(a, "--format") == 0) &&
               i + 1 < argc)
        v = argv[++i];
      else if (strcmp(a, "-f") != 0 && strcmp(a, "--format") != 0)
        return cli_usage_error("clean", "unknown option '%s'", a);
      if (!v)
        return cli_usage_error("clean", "%s needs a value: text or json", a);
      if (strcmp(v, "text") == 0)
        json = 0;
      else if (strcmp(v, "json") == 0)
        json = 1;
      else
        return cli_usage_error("clean", "unknown format '%s' (text or json)",
                               v);
    } else if (!only_files &&
               (lim = cli_limit_option("clean", argc, argv, &i, &opt))) {
      if (lim != 1)
        return lim;
    } else if (!only_files && a[0] == '-' && a[1] != '\0') {
      return cli_usage_error("clean", "unknown option '%s'", a);
    } else if (!file) {
      file = a;
    } else {
      return cli_usage_error("clean",
                             "one FILE at a time ('%s' is one too many)", a);
    }
  }
  if (!file)
    file = "-";
  const char *name = strcmp(file, "-") == 0 ? "<stdin>" : file;

  char *data = NULL;
  size_t len = 0;
  int failed = cli_load(file, name, opt.max_input_bytes, &data, &len);
  if (failed)
    return failed;
  pith_result *result = NULL;
  pith_status st = pith_clean_text(data, len, &opt, &result);
  free(data);
  if (st == PITH_OK || st == PITH_NO_ARTICLE) {
    if (explain)
      print_explain(result);
    else if (json)
      printf("%s\n", pith_result_json(result));
    else
      fputs(pith_result_text(result), stdout);
  }
  int code = cli_report(st, result, name);
  pith_result_free(result);
  return cli_flush(code);
}
