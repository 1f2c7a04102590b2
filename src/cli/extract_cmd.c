/* pith extract: one page in, its article out. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli.h"
#include "fetch.h"
#include "pith.h"

static const char usage[] =
    "Usage: pith extract [OPTIONS] FILE|-|URL\n"
    "\n"
    "Prints the article in an HTML page. FILE - reads standard input. An\n"
    "http:// or https:// URL is fetched first, as 'pith fetch' does "
    "(robots.txt\n"
    "obeyed, 30 s timeout, 20 MiB limit, the header's charset used).\n"
    "\n"
    "Options:\n"
    "  -f, --format FORMAT    text (default): the body, paragraphs separated\n"
    "                         by one blank line; markdown: the body as\n"
    "                         Markdown; json: one JSON object with title,\n"
    "                         author, date, sitename, hostname, url,\n"
    "                         canonical_url, language, description, image,\n"
    "                         categories, tags, text, markdown, comments,\n"
    "                         article, confidence\n"
    "      --url URL          the page's URL: resolves relative links and\n"
    "                         images, and fills hostname\n"
    "      --content-type T   the HTTP Content-Type the page was served with,\n"
    "                         e.g. 'text/html; charset=windows-1251'\n"
    "      --precision        leave out blocks that may be debris, at the\n"
    "                         cost of some article text\n"
    "      --recall           keep more of what may be article text, at the\n"
    "                         cost of some debris\n"
    "  -e, --explain          instead of the body, print why each part of the\n"
    "                         page is or is not in it: the subtrees pruned,\n"
    "                         comment sections, every candidate body and its\n"
    "                         verdict, the boxes cleaned out of the chosen\n"
    "                         one, then every block with its rule ('+\n"
    "                         content', '- caption-repeat', ...)\n"
    "      --comments         append the readers' comments (never part of the\n"
    "                         body) to text and Markdown output, after a\n"
    "                         blank line; JSON always has them as "
    "\"comments\"\n"
    "      --without-rule NAME  leave out a debris rule (NAME,NAME... or\n"
    "                         the option again for more)\n"
    "      --list-rules       list the debris rules and what they remove\n"
    "  -h, --help             show this help\n"
    "\n"
    "Exit codes: 0 article found; 1 no article in this page; 2 usage error;\n"
    "3 input unreadable; 4 input rejected (empty, binary, too large, a\n"
    "limit below hit); 5 internal error (out of memory); 7 not in the\n"
    "--target-language.\n"
    "\n";

enum format { FORMAT_TEXT, FORMAT_MARKDOWN, FORMAT_JSON, FORMAT_EXPLAIN };

/* --explain: the decisions, then every block with its verdict. */
static void print_explain(const pith_result *r) {
  for (size_t i = 0; i < pith_result_decision_count(r); i++) {
    const char *stage = pith_result_decision_stage(r, i);
    const char *text = pith_result_decision_text(r, i);
    int chosen =
        strcmp(stage, "choose") == 0 && strncmp(text, "chosen", 6) == 0;
    printf("%c %-8s %-12s %s\n",
           chosen                    ? '*'
           : strcmp(stage, "choose") ? '-'
                                     : ' ',
           stage, pith_result_decision_rule(r, i), text);
  }
  for (size_t i = 0; i < pith_result_line_count(r); i++)
    printf("%c %-21s %s\n", pith_result_line_kept(r, i) ? '+' : '-',
           pith_result_line_rule(r, i), pith_result_line_text(r, i));
}

static int print_result(pith_status st, pith_result *result, enum format format,
                        int with_comments, const char *name) {
  if (format == FORMAT_EXPLAIN && (st == PITH_OK || st == PITH_NO_ARTICLE))
    print_explain(result);
  else if (st == PITH_OK || st == PITH_NO_ARTICLE) {
    const char *out = format == FORMAT_JSON       ? pith_result_json(result)
                      : format == FORMAT_MARKDOWN ? pith_result_markdown(result)
                                                  : pith_result_text(result);
    if (format == FORMAT_JSON) {
      fputs(out, stdout);
      fputc('\n', stdout);
    } else if (st == PITH_OK) {
      fputs(out, stdout);
      const char *comments = pith_result_comments(result);
      if (with_comments && comments)
        printf("\n%s", comments);
    }
  }
  int code = cli_report(st, result, name);
  pith_result_free(result);
  return cli_flush(code);
}

/* ---- extract URL: one page through the fetch engine ------------------- */

typedef struct url_job {
  const char *url;
  int given;
  enum format format;
  int with_comments;
  const pith_options *opt;
  int code;
} url_job;

static char *one_url(void *ctx, int *wait_fd) {
  url_job *u = ctx;
  *wait_fd = -1;
  if (u->given)
    return NULL;
  u->given = 1;
  return strdup(u->url);
}

static void url_done(void *ctx, const fetch_page *page) {
  url_job *u = ctx;
  if (page->error_kind) {
    fprintf(stderr, "pith: %s: %s (%s)\n", page->url, page->error_message,
            page->error_kind);
    u->code = strcmp(page->error_kind, "not_html") == 0 ||
                      strcmp(page->error_kind, "too_large") == 0
                  ? EXIT_REJECTED
                  : EXIT_UNREADABLE;
    return;
  }
  pith_options opt = *u->opt;
  if (!opt.url)
    opt.url = page->final_url ? page->final_url : page->url;
  if (!opt.content_type)
    opt.content_type = page->content_type;
  pith_result *result = NULL;
  pith_status st = pith_extract(page->body, page->body_len, &opt, &result);
  u->code = print_result(st, result, u->format, u->with_comments, page->url);
}

static int extract_url(const char *url, enum format format, int with_comments,
                       const pith_options *opt) {
  fetch_config cfg;
  fetch_config_init(&cfg);
  cfg.parallel = 1;
  url_job u = {url, 0, format, with_comments, opt, EXIT_INTERNAL};
  char err[256];
  if (fetch_run(&cfg, one_url, url_done, NULL, &u, err, sizeof err) != 0) {
    fprintf(stderr, "pith: %s: %s\n", url, err);
    return EXIT_INTERNAL;
  }
  return u.code;
}

static int is_url(const char *s) {
  return strncasecmp(s, "http://", 7) == 0 ||
         strncasecmp(s, "https://", 8) == 0;
}

/* Value of an option given as "--opt VALUE" or "--opt=VALUE". */
static const char *option_value(int argc, char **argv, int *i,
                                const char *name) {
  size_t n = strlen(name);
  if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=')
    return argv[*i] + n + 1;
  if (strcmp(argv[*i], name) == 0 && *i + 1 < argc)
    return argv[++*i];
  return NULL;
}

static int is_option(const char *arg, const char *name) {
  size_t n = strlen(name);
  return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

int cmd_extract(int argc, char **argv) {
  enum format format = FORMAT_TEXT;
  pith_options opt;
  pith_options_init(&opt);
  const char *file = NULL;
  int only_files = 0, lim = 0, with_comments = 0;
  char rules[1024] = "";
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!only_files && (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)) {
      fputs(usage, stdout);
      fputs(cli_output_help, stdout);
      fputs(cli_limit_help, stdout);
      return 0;
    } else if (!only_files && strcmp(a, "--list-rules") == 0) {
      return cli_list_rules();
    } else if (!only_files &&
               (lim = cli_rule_option("extract", argc, argv, &i, &opt, rules,
                                      sizeof rules))) {
      if (lim != 1)
        return lim;
    } else if (!only_files && strcmp(a, "--") == 0) {
      only_files = 1;
    } else if (!only_files &&
               (is_option(a, "--format") || strcmp(a, "-f") == 0)) {
      const char *v = strcmp(a, "-f") == 0
                          ? (i + 1 < argc ? argv[++i] : NULL)
                          : option_value(argc, argv, &i, "--format");
      if (!v)
        return cli_usage_error("extract",
                               "%s needs a value: text, markdown or json", a);
      if (strcmp(v, "text") == 0 || strcmp(v, "txt") == 0)
        format = FORMAT_TEXT;
      else if (strcmp(v, "markdown") == 0 || strcmp(v, "md") == 0)
        format = FORMAT_MARKDOWN;
      else if (strcmp(v, "json") == 0)
        format = FORMAT_JSON;
      else
        return cli_usage_error(
            "extract", "unknown format '%s' (text, markdown or json)", v);
    } else if (!only_files && is_option(a, "--url")) {
      opt.url = option_value(argc, argv, &i, "--url");
      if (!opt.url)
        return cli_usage_error("extract", "%s needs a value", a);
    } else if (!only_files && is_option(a, "--content-type")) {
      opt.content_type = option_value(argc, argv, &i, "--content-type");
      if (!opt.content_type)
        return cli_usage_error("extract", "%s needs a value", a);
    } else if (!only_files &&
               (strcmp(a, "-e") == 0 || strcmp(a, "--explain") == 0)) {
      opt.explain = 1;
    } else if (!only_files && strcmp(a, "--comments") == 0) {
      with_comments = 1;
    } else if (!only_files && cli_mode_option(a, &opt)) {
      continue;
    } else if (!only_files &&
               ((lim = cli_limit_option("extract", argc, argv, &i, &opt)) ||
                (lim = cli_output_option("extract", argc, argv, &i, &opt)))) {
      if (lim != 1)
        return lim;
    } else if (!only_files && a[0] == '-' && a[1] != '\0') {
      return cli_usage_error("extract", "unknown option '%s'", a);
    } else if (!file) {
      file = a;
    } else {
      return cli_usage_error("extract",
                             "one FILE at a time ('%s' is one too many)", a);
    }
  }
  if (opt.explain)
    format = FORMAT_EXPLAIN;
  if (!file)
    return cli_usage_error("extract", "%s",
                           "no FILE given (use - for standard input)");

  if (!only_files && is_url(file))
    return extract_url(file, format, with_comments, &opt);

  const char *name = strcmp(file, "-") == 0 ? "<stdin>" : file;
  char *data = NULL;
  size_t len = 0;
  int failed = cli_load(file, name, opt.max_input_bytes, &data, &len);
  if (failed)
    return failed;

  pith_result *result = NULL;
  pith_status st = pith_extract(data, len, &opt, &result);
  free(data);
  return print_result(st, result, format, with_comments, name);
}
