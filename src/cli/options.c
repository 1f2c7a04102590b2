/* Reading a command line against a command's option tables, the readers
 * of option values, and the options several commands share. Every error
 * names the option as it was typed, and exits 2. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void try_help(const cli_command *command) {
  fprintf(stderr, "Try 'pith %s --help' for more information.\n",
          command->name);
}

int cli_arg_error(const cli_arg *arg, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "pith: %s: ", arg->spelled);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  try_help(arg->command);
  return EXIT_USAGE;
}

int cli_usage_error(const cli_command *command, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("pith: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  try_help(command);
  return EXIT_USAGE;
}

/* ---- finding options ---------------------------------------------------- */

static const cli_option *find_long(const cli_command *c, const char *name,
                                   size_t n) {
  for (const cli_option_group *g = c->groups; g->title; g++)
    for (const cli_option *o = g->options; o->name; o++)
      if (strlen(o->name) == n && strncmp(o->name, name, n) == 0)
        return o;
  return NULL;
}

static const cli_option *find_letter(const cli_command *c, char letter) {
  for (const cli_option_group *g = c->groups; g->title; g++)
    for (const cli_option *o = g->options; o->name; o++)
      if (o->letter && o->letter == letter)
        return o;
  return NULL;
}

/* Reads one option at argv[*i] into *arg (and its value, maybe from the
 * next argument). Returns 0 or an exit code. */
static int read_option(const cli_command *c, int argc, char **argv, int *i,
                       cli_arg *arg, char *spelled, size_t spelled_size) {
  const char *a = argv[*i];
  const char *attached = NULL; /* "--name=VALUE", "-lVALUE" */
  memset(arg, 0, sizeof *arg);
  arg->command = c;
  arg->spelled = spelled;
  if (a[1] == '-') {
    size_t n = strcspn(a + 2, "=");
    snprintf(spelled, spelled_size, "--%.*s", (int)n, a + 2);
    arg->option = find_long(c, a + 2, n);
    if (a[2 + n] == '=')
      attached = a + 3 + n;
  } else {
    snprintf(spelled, spelled_size, "-%c", a[1]);
    arg->option = find_letter(c, a[1]);
    if (a[2])
      attached = a + 2;
  }
  if (!arg->option)
    return cli_usage_error(c, "unknown option '%s'", a);
  if (!arg->option->value) {
    if (attached)
      return cli_arg_error(arg, "takes no value ('%s')", a);
    return 0;
  }
  if (attached)
    arg->value = attached;
  else if (*i + 1 < argc)
    arg->value = argv[++*i];
  else
    return cli_arg_error(arg, "needs a value (%s)", arg->option->value);
  return 0;
}

int cli_parse(const cli_command *c, int argc, char **argv, cli_set_fn set,
              void *ctx, char ***operands, int *noperands) {
  char **ops = calloc((size_t)argc + 1, sizeof *ops);
  if (!ops) {
    fputs("pith: out of memory\n", stderr);
    return EXIT_INTERNAL;
  }
  int n = 0, only_operands = 0, code = 0;
  for (int i = 1; i < argc && !code; i++) {
    const char *a = argv[i];
    if (only_operands || a[0] != '-' || a[1] == '\0') {
      ops[n++] = argv[i];
      continue;
    }
    if (strcmp(a, "--") == 0) {
      only_operands = 1;
      continue;
    }
    char spelled[64];
    cli_arg arg;
    code = read_option(c, argc, argv, &i, &arg, spelled, sizeof spelled);
    if (code)
      break;
    if (arg.option->id == CLI_OPT_HELP) {
      cli_print_help(c, stdout);
      int flushed = cli_flush(0);
      code = flushed ? flushed : CLI_DONE;
      break;
    }
    code = set(ctx, &arg);
  }
  if (code) {
    free(ops);
    return code;
  }
  *operands = ops;
  *noperands = n;
  return 0;
}

/* ---- values ---------------------------------------------------------------
 */

int cli_size(const cli_arg *arg, size_t *out) {
  const char *s = arg->value;
  char *end = NULL;
  errno = 0;
  double v = isdigit((unsigned char)s[0]) ? strtod(s, &end) : -1;
  double unit = 1;
  if (end && (*end == 'k' || *end == 'K'))
    unit = 1024, end++;
  else if (end && (*end == 'm' || *end == 'M'))
    unit = 1024.0 * 1024, end++;
  else if (end && (*end == 'g' || *end == 'G'))
    unit = 1024.0 * 1024 * 1024, end++;
  if (end && unit > 1 && *end == 'i')
    end++;
  if (end && (*end == 'b' || *end == 'B'))
    end++;
  if (!end || *end || errno || !(v > 0) || v * unit > 1e15 ||
      v * unit > (double)(size_t)-1)
    return cli_arg_error(arg,
                         "'%s' is not a size (bytes, with K, M or G: 512K, "
                         "20M)",
                         s);
  *out = (size_t)(v * unit);
  if (*out == 0)
    return cli_arg_error(arg, "'%s' is less than one byte", s);
  return 0;
}

int cli_count(const cli_arg *arg, long min, long max, long *out) {
  const char *s = arg->value;
  char *end = NULL;
  errno = 0;
  long v = isdigit((unsigned char)s[0]) ? strtol(s, &end, 10) : 0;
  if (!end || *end || errno || v < min || v > max)
    return cli_arg_error(arg, "'%s' is not a whole number from %ld to %ld", s,
                         min, max);
  *out = v;
  return 0;
}

int cli_seconds(const cli_arg *arg, int zero_ok, double *out) {
  const char *s = arg->value;
  char *end = NULL;
  errno = 0;
  double v = isdigit((unsigned char)s[0]) || s[0] == '.' ? strtod(s, &end) : 0;
  if (!end || *end || errno || !(v > 0 || (zero_ok && v == 0)) || v > 86400 * 7)
    return cli_arg_error(arg,
                         "'%s' is not a number of seconds (%s 0, at most a "
                         "week)",
                         s, zero_ok ? "from" : "above");
  *out = v;
  return 0;
}

int cli_choice(const cli_arg *arg, const char *const *words, int *out) {
  const char *v = arg->value;
  size_t vn = strlen(v);
  for (int k = 0; words[k]; k++) {
    const char *w = words[k];
    while (*w) {
      size_t n = strcspn(w, "|");
      if (n == vn && strncmp(w, v, n) == 0) {
        *out = k;
        return 0;
      }
      w += n + (w[n] == '|');
    }
  }
  char list[256] = "";
  for (int k = 0; words[k]; k++) {
    size_t at = strlen(list);
    snprintf(list + at, sizeof list - at, "%s%.*s",
             k == 0         ? ""
             : words[k + 1] ? ", "
                            : " or ",
             (int)strcspn(words[k], "|"), words[k]);
  }
  return cli_arg_error(arg, "unknown %s '%s' (%s)", arg->option->name, v, list);
}

/* ---- the shared options ---------------------------------------------------
 */

const cli_option cli_mode_options[] = {
    {"precision", 0, NULL, CLI_OPT_PRECISION,
     "leave out blocks that may be debris, at the cost of some article "
     "text"},
    {"recall", 0, NULL, CLI_OPT_RECALL,
     "keep more of what may be article text, at the cost of some debris"},
    {NULL, 0, NULL, 0, NULL}};

const cli_option cli_limit_options[] = {
    {"max-bytes", 0, "SIZE", CLI_OPT_MAX_BYTES,
     "input bytes of one document (default 64M)"},
    {"max-nodes", 0, "N", CLI_OPT_MAX_NODES,
     "HTML elements of one document (default 4194304)"},
    {"max-depth", 0, "N", CLI_OPT_MAX_DEPTH,
     "nesting of HTML elements (default 100000)"},
    {"max-output-bytes", 0, "SIZE", CLI_OPT_MAX_OUTPUT_BYTES,
     "bytes of text, Markdown or JSON out (default 128M)"},
    {"max-time-ms", 0, "N", CLI_OPT_MAX_TIME_MS,
     "milliseconds per document (default 20000)"},
    {NULL, 0, NULL, 0, NULL}};

const cli_option cli_fetch_options[] = {
    {"ignore-robots", 0, NULL, CLI_OPT_IGNORE_ROBOTS,
     "do not fetch or obey robots.txt"},
    {"timeout", 0, "S", CLI_OPT_TIMEOUT,
     "seconds for one request, the whole transfer (default 30)"},
    {"connect-timeout", 0, "S", CLI_OPT_CONNECT_TIMEOUT,
     "seconds to connect (default 10)"},
    {"max-size", 0, "SIZE", CLI_OPT_MAX_SIZE,
     "largest body, after decompression (default 20M)"},
    {"retries", 0, "N", CLI_OPT_RETRIES,
     "extra attempts after connection errors, 429 and 5xx, with exponential "
     "backoff and jitter, honouring Retry-After (default 2)"},
    {"user-agent", 'A', "UA", CLI_OPT_USER_AGENT,
     "the User-Agent header (default pith/VERSION); its first word is the "
     "robots.txt agent"},
    {"cacert", 0, "FILE", CLI_OPT_CACERT,
     "trust the CA certificates in FILE (PEM) instead of the system's"},
    {NULL, 0, NULL, 0, NULL}};

const cli_option cli_rule_options[] = {
    {"without-rule", 0, "NAME", CLI_OPT_WITHOUT_RULE,
     "leave out a debris rule (NAME,NAME..., or the option again for more; "
     "model leaves out the learned model)"},
    {"list-rules", 0, NULL, CLI_OPT_LIST_RULES,
     "list the debris rules and what each removes, and exit"},
    {NULL, 0, NULL, 0, NULL}};

const cli_option cli_output_options[] = {
    {"images", 0, NULL, CLI_OPT_IMAGES,
     "the body's images in the Markdown, ![alt](url), and a JSON \"images\" "
     "list of {url, alt}"},
    {"no-links", 0, NULL, CLI_OPT_NO_LINKS,
     "Markdown without link syntax (the link text stays)"},
    {"no-tables", 0, NULL, CLI_OPT_NO_TABLES,
     "leave tables out of the text and Markdown"},
    {"target-language", 0, "XX", CLI_OPT_TARGET_LANGUAGE,
     "only documents in language XX (ISO 639-1, e.g. en; declared, else "
     "detected); another one is refused with the reason (exit 7, or a "
     "record of kind language); one whose language cannot be told is kept"},
    {NULL, 0, NULL, 0, NULL}};

void cli_shared_init(cli_shared *s) {
  memset(s, 0, sizeof *s);
  pith_options_init(&s->options);
  pith_fetch_config_init(&s->fetch);
}

static int set_mode(cli_shared *s, const cli_arg *a, pith_mode mode) {
  if (s->mode_option && s->options.mode != mode)
    return cli_arg_error(a, "contradicts --%s: give one of the two",
                         s->mode_option->name);
  s->options.mode = mode;
  s->mode_option = a->option;
  return 0;
}

static int set_limit(cli_shared *s, const cli_arg *a) {
  size_t size = 0;
  long n = 0;
  int rc;
  switch (a->option->id) {
  case CLI_OPT_MAX_BYTES:
    if ((rc = cli_size(a, &size)))
      return rc;
    s->options.max_input_bytes = size;
    return 0;
  case CLI_OPT_MAX_OUTPUT_BYTES:
    if ((rc = cli_size(a, &size)))
      return rc;
    s->options.max_output_bytes = size;
    return 0;
  case CLI_OPT_MAX_NODES:
    if ((rc = cli_count(a, 1, 0x7fffffffL, &n)))
      return rc;
    s->options.max_nodes = (size_t)n;
    return 0;
  case CLI_OPT_MAX_DEPTH:
    if ((rc = cli_count(a, 1, 0x7fffffffL, &n)))
      return rc;
    s->options.max_depth = (size_t)n;
    return 0;
  default: /* CLI_OPT_MAX_TIME_MS */
    if ((rc = cli_count(a, 1, 0x7fffffffL, &n)))
      return rc;
    s->options.max_millis = (unsigned long)n;
    return 0;
  }
}

static int set_fetch(cli_shared *s, const cli_arg *a) {
  pith_fetch_config *f = &s->fetch;
  long n = 0;
  int rc = 0;
  if (!s->fetch_option)
    s->fetch_option = a->option;
  switch (a->option->id) {
  case CLI_OPT_IGNORE_ROBOTS:
    f->ignore_robots = 1;
    break;
  case CLI_OPT_TIMEOUT:
    rc = cli_seconds(a, 0, &f->timeout);
    break;
  case CLI_OPT_CONNECT_TIMEOUT:
    rc = cli_seconds(a, 0, &f->connect_timeout);
    break;
  case CLI_OPT_MAX_SIZE:
    rc = cli_size(a, &f->max_size);
    break;
  case CLI_OPT_RETRIES:
    rc = cli_count(a, 0, 100, &n);
    f->retries = (int)n;
    break;
  case CLI_OPT_USER_AGENT:
    if (!a->value[0] || strpbrk(a->value, "\r\n"))
      return cli_arg_error(a,
                           "'%s' is not a User-Agent (one line, not "
                           "empty)",
                           a->value);
    f->user_agent = a->value;
    break;
  default: /* CLI_OPT_CACERT */
    if (access(a->value, R_OK) != 0) {
      fprintf(stderr, "pith: %s: %s: %s\n", a->spelled, a->value,
              strerror(errno));
      return EXIT_UNREADABLE;
    }
    f->ca_file = a->value;
    break;
  }
  return rc;
}

/* --without-rule NAME[,NAME...]: every name must be a rule's; the names of
 * all the options are joined with commas. */
static int set_rules(cli_shared *s, const cli_arg *a) {
  const char *v = a->value;
  if (!*v)
    return cli_arg_error(a, "needs a rule name (--list-rules lists them)");
  for (const char *p = v; *p;) {
    size_t len = strcspn(p, ",");
    size_t k = 0;
    while (pith_rule_name(k) && !(strlen(pith_rule_name(k)) == len &&
                                  strncmp(pith_rule_name(k), p, len) == 0))
      k++;
    if (len && !pith_rule_name(k))
      return cli_arg_error(a,
                           "no debris rule is called '%.*s' (--list-rules "
                           "lists them)",
                           (int)(len < 60 ? len : 60), p);
    p += len + (p[len] == ',');
  }
  size_t used = strlen(s->disabled_rules);
  if (used + 1 + strlen(v) + 1 > sizeof s->disabled_rules)
    return cli_arg_error(a, "too many rule names");
  if (used)
    s->disabled_rules[used++] = ',';
  strcpy(s->disabled_rules + used, v);
  s->options.disabled_rules = s->disabled_rules;
  return 0;
}

/* An ISO 639 code: two or three letters, maybe a region ("pt-BR"). */
static int language_code(const char *s) {
  size_t n = 0;
  while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z'))
    n++;
  return (n == 2 || n == 3) && (s[n] == '\0' || s[n] == '-' || s[n] == '_');
}

static int set_output(cli_shared *s, const cli_arg *a) {
  switch (a->option->id) {
  case CLI_OPT_IMAGES:
    s->options.images = 1;
    return 0;
  case CLI_OPT_NO_LINKS:
    s->options.no_links = 1;
    return 0;
  case CLI_OPT_NO_TABLES:
    s->options.no_tables = 1;
    return 0;
  default: /* CLI_OPT_TARGET_LANGUAGE */
    if (!language_code(a->value))
      return cli_arg_error(a,
                           "'%s' is not a language code (ISO 639-1, e.g. "
                           "en)",
                           a->value);
    s->options.target_language = a->value;
    return 0;
  }
}

int cli_list_rules(void) {
  for (size_t i = 0; pith_rule_name(i); i++)
    printf("%-22s %s\n", pith_rule_name(i), pith_rule_about(i));
  return cli_flush(0);
}

int cli_shared_set(cli_shared *s, const cli_arg *a) {
  int id = a->option->id;
  if (id == CLI_OPT_PRECISION)
    return set_mode(s, a, PITH_MODE_PRECISION);
  if (id == CLI_OPT_RECALL)
    return set_mode(s, a, PITH_MODE_RECALL);
  if (id >= CLI_OPT_MAX_BYTES && id <= CLI_OPT_MAX_TIME_MS)
    return set_limit(s, a);
  if (id >= CLI_OPT_IGNORE_ROBOTS && id <= CLI_OPT_CACERT)
    return set_fetch(s, a);
  if (id == CLI_OPT_WITHOUT_RULE)
    return set_rules(s, a);
  if (id == CLI_OPT_LIST_RULES) {
    s->list_rules = 1;
    return 0;
  }
  if (id >= CLI_OPT_IMAGES && id <= CLI_OPT_TARGET_LANGUAGE)
    return set_output(s, a);
  return 1;
}
