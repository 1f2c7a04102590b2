/* pith extract: one page in, its article out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "pith.h"
#include "site.h"

enum {
  OPT_FORMAT = CLI_OPT_OWN,
  OPT_URL,
  OPT_CONTENT_TYPE,
  OPT_EXPLAIN,
  OPT_COMMENTS
};
enum format { FORMAT_TEXT, FORMAT_MARKDOWN, FORMAT_JSON };
static const char *const format_words[] = {"text|txt", "markdown|md", "json",
                                           NULL};

static const cli_option extract_options[] = {
    {"format", 'f', "FORMAT", OPT_FORMAT,
     "text (default): the body, paragraphs separated by one blank line; "
     "markdown: the body as Markdown; json: one JSON object with title, "
     "author, date, sitename, hostname, url, canonical_url, language, "
     "language_source, description, image, categories, tags, text, "
     "markdown, comments, article, confidence, fingerprint (and images with "
     "--images)"},
    {"url", 0, "URL", OPT_URL,
     "the page's URL: resolves relative links and images, and fills "
     "hostname"},
    {"content-type", 0, "TYPE", OPT_CONTENT_TYPE,
     "the HTTP Content-Type the page was served with, e.g. 'text/html; "
     "charset=windows-1251'; a charset pith cannot decode is warned about "
     "and left to the page's own <meta> and to detection"},
    {"explain", 'e', NULL, OPT_EXPLAIN,
     "instead of the body, print why each part of the page is or is not in "
     "it: the subtrees pruned, comment sections, every candidate body and "
     "its verdict, the boxes cleaned out of the chosen one, then every block "
     "with its rule ('+ content', '- caption-repeat', ...); a listing of its "
     "own, not with --format markdown or json"},
    {"comments", 0, NULL, OPT_COMMENTS,
     "append the readers' comments (never part of the body) to text and "
     "Markdown output, after a blank line; JSON always holds them as "
     "\"comments\""},
    CLI_HELP_OPTION,
    CLI_OPTION_END};

static const cli_option_group extract_groups[] = {
    {"Options", extract_options},
    {"Extraction mode", cli_mode_options},
    {"Debris rules", cli_rule_options},
    {"Output", cli_output_options},
    {"Site boilerplate", cli_site_profile_option},
    {"Fetching a URL (with a URL only)", cli_fetch_options},
    {"Limits (a larger input fails with exit 4 and names the limit)",
     cli_limit_options},
    {NULL, NULL}};

static const cli_exit extract_exits[] = {
    {EXIT_ARTICLE, "an article was found"},
    {EXIT_NO_ARTICLE, "the page was read but holds no article (a home page, "
                      "a list of links, an error page); text and Markdown "
                      "print nothing, JSON is still printed with "
                      "\"article\": false"},
    {EXIT_USAGE, CLI_EXIT_USAGE_MEANING},
    {EXIT_UNREADABLE, "the input could not be read: a missing or unreadable "
                      "file, or a URL that could not be fetched"},
    {EXIT_REJECTED, "the input was rejected: empty, binary, not HTML, "
                    "damaged gzip, too large, or a limit hit"},
    {EXIT_INTERNAL, CLI_EXIT_INTERNAL_MEANING},
    {EXIT_OUTPUT, CLI_EXIT_OUTPUT_MEANING},
    {EXIT_LANGUAGE, "the document is not in the --target-language"},
    {-1, NULL}};

static int extract_run(int argc, char **argv);

static const cli_command extract_command = {
    .name = "extract",
    .rank = 10,
    .summary = "the article in one HTML page or URL, as text, Markdown or "
               "JSON",
    .synopsis = "[OPTIONS] [FILE|-|URL]",
    .description =
        "Prints the article in an HTML page: FILE, standard input when FILE "
        "is - or missing, or an http:// or https:// URL, which is fetched "
        "first as 'pith fetch' does (robots.txt obeyed, redirects followed, "
        "the charset of the Content-Type header used). A page compressed "
        "with gzip (page.html.gz) is unpacked first.\n\n"
        "Errors go to standard error as 'pith: FILE: reason'.",
    .groups = extract_groups,
    .exits = extract_exits,
    .examples = "pith extract --format json page.html\n"
                "pith extract https://example.org/news/1\n"
                "curl -s https://example.org/ | pith extract --url "
                "https://example.org/\n"
                "pith extract --recall saved/page.html.gz\n",
    .run = extract_run};

PITH_CLI_COMMAND(extract_command)

typedef struct extract_args {
  cli_shared shared;
  int format, comments;
  cli_site site; /* --site-profile */
} extract_args;

static const char *const format_names[] = {"text", "markdown", "json"};

/* --explain and --comments show the body their own way: a format that
 * would be ignored is refused, whichever option comes first. */
static int check_output_options(const extract_args *x, const cli_arg *a) {
  int explain = x->shared.options.explain;
  if (explain && x->format != FORMAT_TEXT)
    return cli_arg_error(a,
                         "contradicts %s: --explain prints a listing of its "
                         "own, not %s",
                         a->option->id == OPT_EXPLAIN ? "--format"
                                                      : "--explain",
                         format_names[x->format]);
  if (x->comments && explain)
    return cli_arg_error(a,
                         "contradicts %s: --explain does not print the "
                         "comments",
                         a->option->id == OPT_EXPLAIN ? "--comments"
                                                      : "--explain");
  if (x->comments && x->format == FORMAT_JSON)
    return cli_arg_error(
        a, "contradicts %s: the JSON always holds the comments",
        a->option->id == OPT_COMMENTS ? "--format json" : "--comments");
  return 0;
}

static int extract_set(void *ctx, const cli_arg *a) {
  extract_args *x = ctx;
  int rc = cli_shared_set(&x->shared, a);
  if (rc != 1)
    return rc;
  rc = cli_site_set(&x->site, a);
  if (rc != 1)
    return rc;
  rc = 0;
  switch (a->option->id) {
  case OPT_FORMAT:
    rc = cli_choice(a, format_words, &x->format);
    break;
  case OPT_URL:
    x->shared.options.url = a->value;
    break;
  case OPT_CONTENT_TYPE:
    x->shared.options.content_type = a->value;
    break;
  case OPT_EXPLAIN:
    x->shared.options.explain = 1;
    break;
  default: /* OPT_COMMENTS */
    x->comments = 1;
    break;
  }
  return rc ? rc : check_output_options(x, a);
}

/* --explain: the decisions, then every block with its verdict. */
static void print_explain(const pith_result *r) {
  for (size_t i = 0; i < pith_result_decision_count(r); i++) {
    const char *stage = pith_result_decision_stage(r, i);
    const char *text = pith_result_decision_text(r, i);
    int choose = strcmp(stage, "choose") == 0;
    int chosen = choose && strncmp(text, "chosen", 6) == 0;
    printf("%c %-8s %-12s %s\n",
           chosen   ? '*'
           : choose ? ' '
                    : '-',
           stage, pith_result_decision_rule(r, i), text);
  }
  for (size_t i = 0; i < pith_result_line_count(r); i++)
    printf("%c %-21s %s\n", pith_result_line_kept(r, i) ? '+' : '-',
           pith_result_line_rule(r, i), pith_result_line_text(r, i));
}

static int print_result(pith_status st, pith_result *result,
                        const extract_args *x, const char *name) {
  if (st == PITH_OK || st == PITH_NO_ARTICLE) {
    if (x->shared.options.explain) {
      print_explain(result);
    } else if (x->format == FORMAT_JSON) {
      printf("%s\n", pith_result_json(result));
    } else if (st == PITH_OK) {
      fputs(x->format == FORMAT_MARKDOWN ? pith_result_markdown(result)
                                         : pith_result_text(result),
            stdout);
      const char *comments = pith_result_comments(result);
      if (x->comments && comments)
        printf("\n%s", comments);
    }
  }
  int code = cli_report(st, result, name);
  pith_result_free(result);
  return cli_flush(code);
}

/* ---- extract URL: one page through the fetcher -------------------------- */

typedef struct url_job {
  const char *url;
  int given;
  const extract_args *args;
  int code;
} url_job;

static int one_url(void *ctx, const char **url, uint64_t *id, int *wait_fd) {
  url_job *u = ctx;
  *wait_fd = -1;
  if (u->given)
    return 0;
  u->given = 1;
  *url = u->url;
  *id = 1;
  return 1;
}

static void url_done(void *ctx, const pith_fetch_page *page) {
  url_job *u = ctx;
  if (page->status != PITH_OK) {
    fprintf(stderr, "pith: %s: %s (%s)\n", page->url, page->message,
            pith_status_kind(page->status));
    u->code = cli_exit_for(page->status);
    return;
  }
  pith_options opt = u->args->shared.options;
  if (!opt.url)
    opt.url = page->final_url ? page->final_url : page->url;
  if (!opt.content_type)
    opt.content_type = page->content_type;
  pith_result *result = NULL;
  pith_status st = pith_extract(page->body, page->body_len, &opt, &result);
  u->code = print_result(st, result, u->args, page->url);
}

static int extract_url(const char *url, const extract_args *x) {
  pith_fetch_config cfg = x->shared.fetch;
  cfg.parallel = 1;
  url_job u = {url, 0, x, EXIT_INTERNAL};
  char err[256];
  pith_status st =
      pith_fetch(&cfg, one_url, url_done, NULL, &u, err, sizeof err);
  if (st != PITH_OK) {
    fprintf(stderr, "pith: %s: %s\n", url, err);
    return cli_exit_for(st);
  }
  return u.code;
}

/* ---- the command ----------------------------------------------------------
 */

static int is_url(const char *s) {
  return strncasecmp(s, "http://", 7) == 0 ||
         strncasecmp(s, "https://", 8) == 0;
}

static int extract_run(int argc, char **argv) {
  extract_args x;
  memset(&x, 0, sizeof x);
  cli_shared_init(&x.shared);
  char **operands = NULL;
  int count = 0;
  int rc = cli_parse(&extract_command, argc, argv, extract_set, &x, &operands,
                     &count);
  if (rc)
    return rc == CLI_DONE ? 0 : rc;
  if (x.shared.list_rules) {
    free(operands);
    return cli_list_rules();
  }
  const char *file = count > 0 ? operands[0] : "-";
  if (count > 1)
    rc = cli_usage_error(&extract_command,
                         "one FILE at a time ('%s' is one too many)",
                         operands[1]);
  else if (x.shared.fetch_option && !is_url(file))
    rc = cli_usage_error(&extract_command,
                         "--%s: applies to a URL only, and '%s' is a file",
                         x.shared.fetch_option->name, file);
  free(operands);
  if (rc)
    return rc;

  const char *ct = x.shared.options.content_type;
  if (ct && pith_content_type_charset_known(ct) == 0)
    cli_warn("--content-type: pith cannot decode the charset of '%s'; the "
             "page's own <meta> charset or detection decides",
             ct);
  pith_site_profile *site = NULL;
  rc = cli_site_open(&x.site, &site);
  if (rc)
    return rc;
  x.shared.options.site_profile = site;
  if (is_url(file)) {
    rc = extract_url(file, &x);
    pith_site_profile_free(site);
    return rc;
  }

  const char *name = strcmp(file, "-") == 0 ? "<stdin>" : file;
  char *data = NULL;
  size_t len = 0;
  int failed =
      cli_load(file, name, x.shared.options.max_input_bytes, &data, &len);
  if (failed) {
    pith_site_profile_free(site);
    return failed;
  }
  pith_result *result = NULL;
  pith_status st = pith_extract(data, len, &x.shared.options, &result);
  free(data);
  rc = print_result(st, result, &x, name);
  pith_site_profile_free(site);
  return rc;
}
