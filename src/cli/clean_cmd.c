/* pith clean: scraped text in, the article without its debris out. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pith.h"

enum { OPT_FORMAT = CLI_OPT_OWN, OPT_EXPLAIN };
enum format { FORMAT_TEXT, FORMAT_JSON };
static const char *const format_words[] = {"text|txt", "json", NULL};

static const cli_option clean_options[] = {
    {"format", 'f', "FORMAT", OPT_FORMAT,
     "text (default): the kept lines, one paragraph each, separated by a "
     "blank line; json: the kept text and every removed line with its "
     "rule"},
    {"explain", 'e', NULL, OPT_EXPLAIN,
     "print every input line with its verdict and the rule that decided it: "
     "'+ content', '- caption-repeat', '- teaser-block', ...; for a line the "
     "learned model judged, after a tab, the model, its probability of "
     "debris and the features that weighed most (a listing of its own: not "
     "with --format json)"},
    CLI_HELP_OPTION,
    CLI_OPTION_END};

static const cli_option_group clean_groups[] = {
    {"Options", clean_options},
    {"Cleaning mode", cli_mode_options},
    {"Debris rules", cli_rule_options},
    {"Limits (a larger input fails with exit 4 and names the limit)",
     cli_limit_options},
    {NULL, NULL}};

static const cli_exit clean_exits[] = {
    {EXIT_ARTICLE, "text was kept"},
    {EXIT_NO_ARTICLE, "every line was debris"},
    {EXIT_USAGE, CLI_EXIT_USAGE_MEANING},
    {EXIT_UNREADABLE, "the input could not be read"},
    {EXIT_REJECTED, "the input was rejected: binary, damaged gzip, too "
                    "large, or a limit hit"},
    {EXIT_INTERNAL, CLI_EXIT_INTERNAL_MEANING},
    {EXIT_OUTPUT, CLI_EXIT_OUTPUT_MEANING},
    {-1, NULL}};

static int clean_run(int argc, char **argv);

static const cli_command clean_command = {
    .name = "clean",
    .rank = 20,
    .summary = "strip the debris from article text that was already scraped",
    .synopsis = "[OPTIONS] [FILE|-]",
    .description =
        "Removes the debris from article text that was scraped with it: "
        "doubled photo captions, picture credits, 'Media playback is "
        "unsupported', 'Read more at ...', share lines and the teasers after "
        "'More in ...'. Reads FILE, or standard input when FILE is - or "
        "missing. Any common encoding (UTF-8, UTF-16 with BOM, "
        "windows-1252); LF, CRLF or CR; gzip-compressed or not.\n\n"
        "An HTML page is text to clean too, but the result is poor: clean "
        "warns when its input looks like HTML, which 'pith extract' reads.",
    .groups = clean_groups,
    .exits = clean_exits,
    .examples = "pith clean --explain scraped.txt\n"
                "pith clean --format json scraped.txt > cleaned.json\n",
    .run = clean_run};

PITH_CLI_COMMAND(clean_command)

typedef struct clean_args {
  cli_shared shared;
  int format, explain;
} clean_args;

static int clean_set(void *ctx, const cli_arg *a) {
  clean_args *c = ctx;
  int rc = cli_shared_set(&c->shared, a);
  if (rc != 1)
    return rc;
  if (a->option->id == OPT_EXPLAIN)
    c->explain = 1;
  else if ((rc = cli_choice(a, format_words, &c->format)))
    return rc;
  if (c->explain && c->format == FORMAT_JSON)
    return cli_arg_error(a,
                         "contradicts %s: --explain prints a listing of its "
                         "own, not JSON",
                         a->option->id == OPT_EXPLAIN ? "--format json"
                                                      : "--explain");
  return 0;
}

/* Whether text looks like an HTML page: markup of a document or several
 * block tags near its start. */
static int looks_like_html(const char *s, size_t n) {
  static const char *const tags[] = {
      "<!doctype html", "<html", "<head",  "<body", "<div", "<p>", "<p ",
      "</p>",           "<br",   "<script"};
  if (n > 8192)
    n = 8192;
  int found = 0;
  for (size_t i = 0; i + 1 < n; i++) {
    if (s[i] != '<')
      continue;
    for (size_t t = 0; t < sizeof tags / sizeof *tags; t++) {
      size_t k = strlen(tags[t]);
      if (i + k > n)
        continue;
      size_t m = 0;
      while (m < k && tolower((unsigned char)s[i + m]) == tags[t][m])
        m++;
      if (m == k && (++found >= 3 || t < 4))
        return 1;
    }
  }
  return 0;
}

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

static int clean_run(int argc, char **argv) {
  clean_args c;
  memset(&c, 0, sizeof c);
  cli_shared_init(&c.shared);
  char **operands = NULL;
  int count = 0;
  int rc =
      cli_parse(&clean_command, argc, argv, clean_set, &c, &operands, &count);
  if (rc)
    return rc == CLI_DONE ? 0 : rc;
  if (c.shared.list_rules) {
    free(operands);
    return cli_list_rules();
  }
  const char *file = count > 0 ? operands[0] : "-";
  if (count > 1)
    rc = cli_usage_error(&clean_command,
                         "one FILE at a time ('%s' is one too many)",
                         operands[1]);
  free(operands);
  if (rc)
    return rc;
  const char *name = strcmp(file, "-") == 0 ? "<stdin>" : file;

  char *data = NULL;
  size_t len = 0;
  int failed =
      cli_load(file, name, c.shared.options.max_input_bytes, &data, &len);
  if (failed)
    return failed;
  if (looks_like_html(data, len))
    cli_warn("%s looks like an HTML page; 'pith extract' reads pages, "
             "'pith clean' text",
             name);
  pith_result *result = NULL;
  pith_status st = pith_clean_text(data, len, &c.shared.options, &result);
  free(data);
  if (st == PITH_OK || st == PITH_NO_ARTICLE) {
    if (c.explain)
      print_explain(result);
    else if (c.format == FORMAT_JSON)
      printf("%s\n", pith_result_json(result));
    else
      fputs(pith_result_text(result), stdout);
  }
  int code = cli_report(st, result, name);
  pith_result_free(result);
  return cli_flush(code);
}
