/* Help for people: `pith --help`, `pith NAME --help` and the man pages,
 * all written from the command tables (cli.h), so what --help says and
 * what man says are the same words. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define WIDTH 79
#define HELP_COLUMN 26 /* where the help of an option starts */
#define MAX_EXIT_CODE 9

static const char overview_summary[] =
    "the article in a web page, without the debris around it";

static const char overview_description[] =
    "pith takes a web page and gives back the article in it: title, author, "
    "date and body, without the menus, share bars, teasers, captions and "
    "credits around it. It reads HTML in any common charset, from files, "
    "URLs, folders, WARC archives and JSON Lines, and writes plain text, "
    "Markdown or JSON.\n\n"
    "Every command prints its own help with 'pith COMMAND --help' and has a "
    "man page, pith-COMMAND(1).";

/* ---- the registry ----------------------------------------------------------
 */

#define MAX_COMMANDS 32

static const cli_command *registered[MAX_COMMANDS + 1];
static size_t registered_count;

void cli_register(const cli_command *command) {
  if (registered_count == MAX_COMMANDS)
    return;
  /* Kept sorted by rank: constructors run in no promised order. */
  size_t i = registered_count++;
  while (i > 0 && registered[i - 1]->rank > command->rank) {
    registered[i] = registered[i - 1];
    i--;
  }
  registered[i] = command;
}

const cli_command *const *cli_commands(void) {
  return registered;
}

/* ---- plain text -------------------------------------------------------------
 */

/* Writes words from s (up to n bytes) wrapped at WIDTH, continuing at
 * column `col`, new lines indented by `indent`. Returns the column. */
static int wrap(FILE *f, const char *s, size_t n, int col, int indent) {
  size_t i = 0;
  while (i < n) {
    while (i < n && isspace((unsigned char)s[i]))
      i++;
    size_t w = i;
    while (w < n && !isspace((unsigned char)s[w]))
      w++;
    if (w == i)
      break;
    int len = (int)(w - i);
    if (col > indent && col + 1 + len > WIDTH) {
      fprintf(f, "\n%*s", indent, "");
      col = indent;
    } else if (col > indent) {
      fputc(' ', f);
      col++;
    }
    fwrite(s + i, 1, (size_t)len, f);
    col += len;
    i = w;
  }
  return col;
}

/* Calls back for each paragraph of a description: its bytes and whether
 * it is shown as it is. */
typedef void (*paragraph_fn)(FILE *f, const char *p, size_t n, int verbatim);

static void each_paragraph(FILE *f, const char *text, paragraph_fn fn) {
  while (text && *text) {
    const char *end = strstr(text, "\n\n");
    size_t n = end ? (size_t)(end - text) : strlen(text);
    fn(f, text, n, strncmp(text, "  ", 2) == 0);
    text = end ? end + 2 : text + n;
  }
}

static void text_paragraph(FILE *f, const char *p, size_t n, int verbatim) {
  if (verbatim)
    fprintf(f, "%.*s\n\n", (int)n, p);
  else {
    wrap(f, p, n, 0, 0);
    fputs("\n\n", f);
  }
}

static void option_spec(const cli_option *o, char *out, size_t size) {
  if (o->letter)
    snprintf(out, size, "-%c, --%s%s%s", o->letter, o->name,
             o->value ? " " : "", o->value ? o->value : "");
  else
    snprintf(out, size, "    --%s%s%s", o->name, o->value ? " " : "",
             o->value ? o->value : "");
}

static void print_options(const cli_command *c, FILE *f) {
  for (const cli_option_group *g = c->groups; g->title; g++) {
    fprintf(f, "%s%s:\n", g == c->groups ? "" : "\n", g->title);
    for (const cli_option *o = g->options; o->name; o++) {
      char spec[96];
      option_spec(o, spec, sizeof spec);
      fprintf(f, "  %s", spec);
      int col = 2 + (int)strlen(spec);
      if (col + 2 > HELP_COLUMN) {
        fputc('\n', f);
        col = 0;
      }
      fprintf(f, "%*s", HELP_COLUMN - col, "");
      wrap(f, o->help, strlen(o->help), HELP_COLUMN, HELP_COLUMN);
      fputc('\n', f);
    }
  }
}

static void print_synopsis(const char *name, const char *synopsis, FILE *f) {
  const char *lead = "Usage: ";
  while (synopsis && *synopsis) {
    size_t n = strcspn(synopsis, "\n");
    fprintf(f, "%spith%s%s %.*s\n", lead, name ? " " : "", name ? name : "",
            (int)n, synopsis);
    lead = "       ";
    synopsis += n + (synopsis[n] == '\n');
  }
}

static void print_lines(FILE *f, const char *lines, int indent) {
  while (lines && *lines) {
    size_t n = strcspn(lines, "\n");
    fprintf(f, "%*s%.*s\n", indent, "", (int)n, lines);
    lines += n + (lines[n] == '\n');
  }
}

void cli_print_help(const cli_command *c, FILE *f) {
  print_synopsis(c->name, c->synopsis, f);
  fputc('\n', f);
  each_paragraph(f, c->description, text_paragraph);
  print_options(c, f);
  fputs("\nExit codes:\n", f);
  for (const cli_exit *e = c->exits; e->code >= 0; e++) {
    fprintf(f, "  %d  ", e->code);
    wrap(f, e->meaning, strlen(e->meaning), 5, 5);
    fputc('\n', f);
  }
  if (c->examples) {
    fputs("\nExamples:\n", f);
    print_lines(f, c->examples, 2);
  }
}

/* ---- exit codes of every command ------------------------------------------
 */

/* What a code means for each command, grouped: commands that give it the
 * same meaning share a line; when all of them do, the line has no names.
 * Calls back once per line. */
typedef void (*exit_line_fn)(FILE *f, int code, int first, const char *names,
                             const char *meaning);

static const char *meaning_of(const cli_command *c, int code) {
  for (const cli_exit *e = c->exits; e->code >= 0; e++)
    if (e->code == code)
      return e->meaning;
  return NULL;
}

static void each_exit_line(FILE *f, exit_line_fn fn) {
  const cli_command *const *all = cli_commands();
  size_t count = 0;
  while (all[count])
    count++;
  for (int code = 0; code <= MAX_EXIT_CODE; code++) {
    int done[MAX_COMMANDS] = {0}, first = 1;
    for (size_t i = 0; i < count; i++) {
      const char *meaning = meaning_of(all[i], code);
      if (done[i] || !meaning)
        continue;
      char names[256] = "";
      size_t sharing = 0;
      for (size_t k = i; k < count; k++) {
        const char *m = meaning_of(all[k], code);
        if (!done[k] && m && strcmp(m, meaning) == 0) {
          done[k] = 1;
          sharing++;
          size_t at = strlen(names);
          snprintf(names + at, sizeof names - at, "%s%s", at ? ", " : "",
                   all[k]->name);
        }
      }
      fn(f, code, first, sharing == count ? NULL : names, meaning);
      first = 0;
    }
  }
}

static void text_exit_line(FILE *f, int code, int first, const char *names,
                           const char *meaning) {
  if (first)
    fprintf(f, "  %d  ", code);
  else
    fputs("     ", f);
  int col = 5;
  if (names) {
    fprintf(f, "%s:", names);
    col += (int)strlen(names) + 1;
  }
  wrap(f, meaning, strlen(meaning), col, 7);
  fputc('\n', f);
}

void cli_print_overview(FILE *f) {
  print_synopsis(NULL, "COMMAND [OPTIONS] [ARGS]", f);
  fputc('\n', f);
  each_paragraph(f, overview_description, text_paragraph);
  fputs("Commands:\n", f);
  for (const cli_command *const *c = cli_commands(); *c; c++) {
    fprintf(f, "  %-9s ", (*c)->name);
    wrap(f, (*c)->summary, strlen((*c)->summary), 12, 12);
    fputc('\n', f);
  }
  fputs("\nOptions:\n"
        "  -h, --help     show this help ('pith COMMAND --help' for a "
        "command)\n"
        "  -V, --version  show the version\n"
        "\nExit codes (the same numbers in every command):\n",
        f);
  each_exit_line(f, text_exit_line);
  fputs("\nExamples:\n", f);
  for (const cli_command *const *c = cli_commands(); *c; c++) {
    const char *ex = (*c)->examples;
    if (ex)
      fprintf(f, "  %.*s\n", (int)strcspn(ex, "\n"), ex);
  }
}

/* ---- roff -------------------------------------------------------------------
 */

/* Text for a roff line: backslashes and hyphens escaped, and a '.' or '\''
 * that would start a line made harmless. */
static void roff(FILE *f, const char *s, size_t n, int at_line_start) {
  for (size_t i = 0; i < n; i++) {
    char ch = s[i];
    if (at_line_start && (ch == '.' || ch == '\''))
      fputs("\\&", f);
    at_line_start = ch == '\n';
    if (ch == '\\')
      fputs("\\e", f);
    else if (ch == '-')
      fputs("\\-", f);
    else
      fputc(ch, f);
  }
}

static void roff_str(FILE *f, const char *s) {
  roff(f, s, strlen(s), 1);
}

/* Flowing text: one output line, the single newlines of the source being
 * spaces. */
static void roff_flow(FILE *f, const char *s, size_t n) {
  while (n && isspace((unsigned char)*s))
    s++, n--;
  for (size_t i = 0; i < n;) {
    size_t k = i;
    while (k < n && s[k] != '\n')
      k++;
    roff(f, s + i, k - i, i == 0);
    i = k;
    if (i < n) {
      fputc(' ', f);
      i++;
    }
  }
  fputc('\n', f);
}

static void roff_paragraph(FILE *f, const char *p, size_t n, int verbatim) {
  fputs(".PP\n", f);
  if (!verbatim) {
    roff_flow(f, p, n);
    return;
  }
  fputs(".nf\n", f);
  roff(f, p, n, 1);
  fputs("\n.fi\n", f);
}

static void roff_heading(FILE *f, const char *name) {
  char upper[64];
  size_t i = 0;
  for (; name[i] && i + 1 < sizeof upper; i++)
    upper[i] = (char)toupper((unsigned char)name[i]);
  upper[i] = '\0';
  fputs(".TH PITH", f);
  if (*upper) {
    fputs("\\-", f);
    roff_str(f, upper);
  }
  fprintf(f, " 1 \"\" \"pith %s\" \"pith manual\"\n", pith_version());
}

static void roff_synopsis(FILE *f, const char *name, const char *synopsis) {
  fputs(".SH SYNOPSIS\n.nf\n", f);
  while (synopsis && *synopsis) {
    size_t n = strcspn(synopsis, "\n");
    fprintf(f, "\\fBpith%s", name ? " " : "");
    if (name)
      roff_str(f, name);
    fputs("\\fR ", f);
    roff(f, synopsis, n, 0);
    fputc('\n', f);
    synopsis += n + (synopsis[n] == '\n');
  }
  fputs(".fi\n", f);
}

static void roff_options(FILE *f, const cli_command *c) {
  fputs(".SH OPTIONS\n", f);
  for (const cli_option_group *g = c->groups; g->title; g++) {
    if (g != c->groups) { /* the first group is the section's own */
      fputs(".SS ", f);
      roff_str(f, g->title);
      fputc('\n', f);
    }
    for (const cli_option *o = g->options; o->name; o++) {
      fputs(".TP\n", f);
      if (o->letter)
        fprintf(f, "\\fB\\-%c\\fR, ", o->letter);
      fputs("\\fB\\-\\-", f);
      roff_str(f, o->name);
      fputs("\\fR", f);
      if (o->value) {
        fputs(" \\fI", f);
        roff_str(f, o->value);
        fputs("\\fR", f);
      }
      fputc('\n', f);
      roff_flow(f, o->help, strlen(o->help));
    }
  }
}

static void roff_examples(FILE *f, const char *examples) {
  if (!examples)
    return;
  fputs(".SH EXAMPLES\n.nf\n", f);
  roff(f, examples, strlen(examples), 1);
  if (examples[strlen(examples) - 1] != '\n')
    fputc('\n', f);
  fputs(".fi\n", f);
}

static void roff_exit_line(FILE *f, int code, int first, const char *names,
                           const char *meaning) {
  if (first)
    fprintf(f, ".TP\n.B %d\n", code);
  else
    fputs(".br\n", f);
  if (names) {
    fputs("\\fI", f);
    roff_str(f, names);
    fputs("\\fR: ", f);
    roff(f, meaning, strlen(meaning), 0);
    fputc('\n', f);
  } else {
    roff_flow(f, meaning, strlen(meaning));
  }
}

static void roff_see_also(FILE *f, const cli_command *self) {
  fputs(".SH SEE ALSO\n", f);
  int first = 1;
  if (self) {
    fputs(".BR pith (1)", f);
    first = 0;
  }
  for (const cli_command *const *c = cli_commands(); *c; c++) {
    if (*c == self)
      continue;
    fputs(first ? ".BR pith\\-" : ",\n.BR pith\\-", f);
    roff_str(f, (*c)->name);
    fputs(" (1)", f);
    first = 0;
  }
  fputc('\n', f);
}

static void roff_overview(FILE *f) {
  roff_heading(f, "");
  fputs(".SH NAME\npith \\- ", f);
  roff_str(f, overview_summary);
  fputc('\n', f);
  roff_synopsis(f, NULL, "COMMAND [OPTIONS] [ARGS]\n--help | --version");
  fputs(".SH DESCRIPTION\n", f);
  each_paragraph(f, overview_description, roff_paragraph);
  fputs(".SH COMMANDS\n", f);
  for (const cli_command *const *c = cli_commands(); *c; c++) {
    fputs(".TP\n.B ", f);
    roff_str(f, (*c)->name);
    fputc('\n', f);
    roff_str(f, (*c)->summary);
    fputs("; see\n.BR pith\\-", f);
    roff_str(f, (*c)->name);
    fputs(" (1).\n", f);
  }
  fputs(".SH OPTIONS\n.TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\nshow the help\n"
        ".TP\n\\fB\\-V\\fR, \\fB\\-\\-version\\fR\nshow the version\n"
        ".SH EXIT STATUS\nThe same numbers in every command:\n",
        f);
  each_exit_line(f, roff_exit_line);
  fputs(".SH EXAMPLES\n.nf\n", f);
  for (const cli_command *const *c = cli_commands(); *c; c++)
    if ((*c)->examples) {
      roff(f, (*c)->examples, strcspn((*c)->examples, "\n"), 1);
      fputc('\n', f);
    }
  fputs(".fi\n", f);
  roff_see_also(f, NULL);
}

void cli_print_man(const cli_command *c, FILE *f) {
  if (!c) {
    roff_overview(f);
    return;
  }
  roff_heading(f, c->name);
  fputs(".SH NAME\npith\\-", f);
  roff_str(f, c->name);
  fputs(" \\- ", f);
  roff_str(f, c->summary);
  fputc('\n', f);
  roff_synopsis(f, c->name, c->synopsis);
  fputs(".SH DESCRIPTION\n", f);
  each_paragraph(f, c->description, roff_paragraph);
  roff_options(f, c);
  fputs(".SH EXIT STATUS\n", f);
  for (const cli_exit *e = c->exits; e->code >= 0; e++) {
    fprintf(f, ".TP\n.B %d\n", e->code);
    roff_flow(f, e->meaning, strlen(e->meaning));
  }
  roff_examples(f, c->examples);
  roff_see_also(f, c);
}
