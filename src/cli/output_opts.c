/* The options that say what the output holds, shared by extract, batch and
 * fetch: --images, --no-links, --no-tables, --target-language. */
#include <string.h>

#include "cli.h"
#include "pith.h"

const char cli_output_help[] =
    "Output:\n"
    "      --images              Markdown images ![alt](url) in the body, and\n"
    "                            a JSON \"images\" list of {url, alt}\n"
    "      --no-links            Markdown without link syntax (the link text\n"
    "                            stays)\n"
    "      --no-tables           leave tables out of the text and Markdown\n"
    "      --target-language XX  skip documents in another language "
    "(declared,\n"
    "                            else detected; ISO 639-1, e.g. en); those\n"
    "                            whose language cannot be told are kept\n";

/* An ISO 639 code: two or three letters, maybe a region ("pt-BR"). */
static int language_code(const char *s) {
  size_t n = 0;
  while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z'))
    n++;
  return (n == 2 || n == 3) && (s[n] == '\0' || s[n] == '-' || s[n] == '_');
}

int cli_output_option(const char *command, int argc, char **argv, int *i,
                      pith_options *opt) {
  const char *a = argv[*i];
  if (strcmp(a, "--images") == 0) {
    opt->images = 1;
    return 1;
  }
  if (strcmp(a, "--no-links") == 0) {
    opt->no_links = 1;
    return 1;
  }
  if (strcmp(a, "--no-tables") == 0) {
    opt->no_tables = 1;
    return 1;
  }
  static const char name[] = "--target-language";
  size_t n = sizeof name - 1;
  if (strncmp(a, name, n) != 0 || (a[n] != '\0' && a[n] != '='))
    return 0;
  const char *v = a[n] == '=' ? a + n + 1 : *i + 1 < argc ? argv[++*i] : NULL;
  if (!v)
    return cli_usage_error(command, "%s needs a language code, e.g. en", a);
  if (!language_code(v))
    return cli_usage_error(
        command, "'%s' is not a language code (ISO 639-1, e.g. en)", v);
  opt->target_language = v;
  return 1;
}
