/* What the subcommands share: reading the input, reporting the outcome
 * and the exit code. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "pith.h"

int cli_read_file(const char *path, size_t max, char **data, size_t *len) {
  FILE *f = stdin;
  if (strcmp(path, "-") != 0) {
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
      errno = EISDIR;
      return -1;
    }
    f = fopen(path, "rb");
    if (!f)
      return -1;
  }
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap + 1);
  if (!buf) {
    if (f != stdin)
      fclose(f);
    errno = ENOMEM;
    return -1;
  }
  for (;;) {
    if (n == cap) {
      if (cap > max) {
        free(buf);
        if (f != stdin)
          fclose(f);
        errno = EFBIG;
        return -1;
      }
      size_t ncap = cap * 2;
      char *p = realloc(buf, ncap + 1);
      if (!p) {
        free(buf);
        if (f != stdin)
          fclose(f);
        errno = ENOMEM;
        return -1;
      }
      buf = p;
      cap = ncap;
    }
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0) {
      if (ferror(f)) {
        int e = errno ? errno : EIO;
        free(buf);
        if (f != stdin)
          fclose(f);
        errno = e;
        return -1;
      }
      break;
    }
  }
  if (f != stdin)
    fclose(f);
  if (n > max) {
    free(buf);
    errno = EFBIG;
    return -1;
  }
  buf[n] = '\0';
  *data = buf;
  *len = n;
  return 0;
}

int cli_load(const char *file, const char *name, size_t max, char **data,
             size_t *len) {
  if (cli_read_file(file, max, data, len) == 0)
    return 0;
  int e = errno;
  if (e == EFBIG) {
    fprintf(stderr,
            "pith: %s: larger than %zu bytes, the input limit (raise it "
            "with --max-bytes)\n",
            name, max);
    return EXIT_REJECTED;
  }
  fprintf(stderr, "pith: %s: %s\n", name, strerror(e));
  return e == ENOMEM ? EXIT_INTERNAL : EXIT_UNREADABLE;
}

int cli_usage_error(const char *command, const char *fmt, const char *arg) {
  fputs("pith: ", stderr);
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\nTry 'pith %s --help' for more information.\n", command);
  return EXIT_USAGE;
}

int cli_report(pith_status st, const pith_result *result, const char *name) {
  for (size_t i = 0; i < pith_result_warning_count(result); i++)
    fprintf(stderr, "pith: %s: warning: %s\n", name,
            pith_result_warning(result, i));
  if (st == PITH_OK)
    return EXIT_ARTICLE;
  fprintf(stderr, "pith: %s: %s\n", name,
          result ? pith_result_message(result) : pith_strerror(st));
  if (st == PITH_NO_ARTICLE)
    return EXIT_NO_ARTICLE;
  if (st == PITH_ERR_LANGUAGE)
    return EXIT_LANGUAGE;
  return st == PITH_ERR_NOMEM ? EXIT_INTERNAL : EXIT_REJECTED;
}

int cli_flush(int code) {
  if (fflush(stdout) != 0) {
    fprintf(stderr, "pith: writing the output: %s\n", strerror(errno));
    return EXIT_INTERNAL;
  }
  return code;
}

const char cli_mode_help[] =
    "      --precision        leave out blocks that may be debris, at the\n"
    "                         cost of some article text\n"
    "      --recall           keep more of what may be article text, at the\n"
    "                         cost of some debris\n";

int cli_mode_option(const char *arg, pith_options *opt) {
  if (strcmp(arg, "--precision") == 0)
    opt->mode = PITH_MODE_PRECISION;
  else if (strcmp(arg, "--recall") == 0)
    opt->mode = PITH_MODE_RECALL;
  else
    return 0;
  return 1;
}

const char cli_limit_help[] =
    "Limits (a larger input fails with exit 4 and names the limit):\n"
    "      --max-bytes N         input bytes (default 64 MiB)\n"
    "      --max-nodes N         HTML elements (default 4194304)\n"
    "      --max-depth N         nesting of HTML elements (default 100000)\n"
    "      --max-output-bytes N  bytes of text, Markdown or JSON out\n"
    "                            (default 128 MiB)\n"
    "      --max-time-ms N       milliseconds per document (default 20000)\n";

int cli_limit_option(const char *command, int argc, char **argv, int *i,
                     pith_options *opt) {
  static const char *const names[] = {"--max-bytes", "--max-nodes",
                                      "--max-depth", "--max-output-bytes",
                                      "--max-time-ms"};
  const char *a = argv[*i];
  size_t k = 0, n = 0;
  for (; k < sizeof names / sizeof *names; k++) {
    n = strlen(names[k]);
    if (strncmp(a, names[k], n) == 0 && (a[n] == '\0' || a[n] == '='))
      break;
  }
  if (k == sizeof names / sizeof *names)
    return 0;
  const char *v = NULL;
  if (a[n] == '=')
    v = a + n + 1;
  else if (*i + 1 < argc)
    v = argv[++*i];
  if (!v)
    return cli_usage_error(command, "%s needs a number", names[k]);
  char *end = NULL;
  errno = 0;
  unsigned long long x =
      isdigit((unsigned char)v[0]) ? strtoull(v, &end, 10) : 0;
  if (!end || *end || errno || x == 0 || x > (size_t)-1 ||
      (k == 4 && x > (unsigned long)-1))
    return cli_usage_error(command, "'%s' is not a positive number", v);
  switch (k) {
  case 0:
    opt->max_input_bytes = (size_t)x;
    break;
  case 1:
    opt->max_nodes = (size_t)x;
    break;
  case 2:
    opt->max_depth = (size_t)x;
    break;
  case 3:
    opt->max_output_bytes = (size_t)x;
    break;
  default:
    opt->max_millis = (unsigned long)x;
    break;
  }
  return 1;
}

int cli_rule_option(const char *command, int argc, char **argv, int *i,
                    pith_options *opt, char *names, size_t size) {
  static const char flag[] = "--without-rule";
  const char *a = argv[*i];
  size_t n = sizeof flag - 1;
  if (strncmp(a, flag, n) != 0 || (a[n] != '\0' && a[n] != '='))
    return 0;
  const char *v = a[n] == '=' ? a + n + 1 : *i + 1 < argc ? argv[++*i] : NULL;
  if (!v || !*v)
    return cli_usage_error(command, "%s needs a rule name (see --list-rules)",
                           flag);
  for (const char *p = v; *p;) {
    size_t len = strcspn(p, ",");
    size_t k = 0;
    while (pith_rule_name(k) && !(strlen(pith_rule_name(k)) == len &&
                                  strncmp(pith_rule_name(k), p, len) == 0))
      k++;
    if (len && !pith_rule_name(k)) {
      char name[64];
      snprintf(name, sizeof name, "%.*s", (int)(len < 60 ? len : 60), p);
      return cli_usage_error(
          command, "no debris rule is called '%s' (--list-rules lists them)",
          name);
    }
    p += len + (p[len] == ',');
  }
  size_t used = strlen(names);
  if (used + 1 + strlen(v) + 1 > size)
    return cli_usage_error(command, "%s: too many rule names", flag);
  if (used)
    names[used++] = ',';
  strcpy(names + used, v);
  opt->disabled_rules = names;
  return 1;
}

int cli_list_rules(void) {
  for (size_t i = 0; pith_rule_name(i); i++)
    printf("%-22s %s\n", pith_rule_name(i), pith_rule_about(i));
  return cli_flush(EXIT_ARTICLE);
}
