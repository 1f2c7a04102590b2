/*
 * bench_rules — per-rule counters of the debris stage on labelled text.
 *
 * usage: bench_rules [--precision|--recall] [--without-rule NAMES]
 *                    [--half-list FILE] [--misses RULE] SET_DIR...
 *
 * A SET_DIR holds scraped texts as NAME.input.txt, each with its
 * NAME.annotated.txt beside it: one line per input line, marked '+' (article
 * text, to keep), '-' (debris, to remove) or '?' (either). Each input is
 * cleaned with pith_clean_text; every non-empty line's verdict names the
 * rule that decided it ("content" for a line no rule removed, "model" for
 * the learned model). Per set and over all sets, it prints for each rule:
 *   fired   the lines it decided
 *   right   of those, the ones whose mark agrees (a removed '-' line, a
 *           kept '+' line)
 *   wrong   the ones whose mark disagrees (a removed '+' line, a kept '-'
 *           line)
 *   either  lines marked '?'
 *   prec    right / (right + wrong)
 * and the shares of '+' lines kept and '-' lines removed (line by line; the
 * evaluation kit's score_text.py counts a line kept when its text is
 * anywhere in the output, so its figures differ a little).
 *
 * --half-list FILE keeps the texts whose names are lines of FILE: the
 * debris model's training script (bench/debris_model/train.py --halves)
 * writes the names of each half of the sites, split by host as the
 * evaluation kit's report.py --half does.
 * --misses RULE prints every line RULE got wrong.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pith.h"

#define MAX_RULES 64
#define MAX_SETS 32

typedef struct counts {
  size_t fired, right, wrong, either;
} counts;

typedef struct set_tally {
  char name[128];
  size_t texts;
  counts rule[MAX_RULES];
  char *rule_name[MAX_RULES]; /* the names in order of first sight */
  size_t rules;
  size_t keep, kept, debris, removed;
} set_tally;

static char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap + 1);
  while (buf) {
    if (n == cap) {
      char *grown = realloc(buf, cap * 2 + 1);
      if (!grown) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = grown;
      cap *= 2;
    }
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (!got)
      break;
  }
  fclose(f);
  if (buf) {
    buf[n] = '\0';
    *len = n;
  }
  return buf;
}

/* The marks of an annotated file, one per line ('\0' for a line without
 * one); *count lines. Caller frees. */
static char *read_marks(const char *path, size_t *count) {
  size_t len = 0;
  char *text = read_all(path, &len);
  if (!text)
    return NULL;
  char *marks = malloc(len + 1);
  size_t n = 0;
  for (char *p = text; marks && *p;) {
    char *nl = strchr(p, '\n');
    marks[n++] = (*p == '+' || *p == '-' || *p == '?') ? *p : '\0';
    if (!nl)
      break;
    p = nl + 1;
  }
  free(text);
  *count = n;
  return marks;
}

static counts *rule_counts(set_tally *t, const char *rule) {
  for (size_t i = 0; i < t->rules; i++)
    if (strcmp(t->rule_name[i], rule) == 0)
      return &t->rule[i];
  if (t->rules == MAX_RULES)
    return NULL;
  t->rule_name[t->rules] = strdup(rule);
  return t->rule_name[t->rules] ? &t->rule[t->rules++] : NULL;
}

static void add_line(set_tally *t, const char *rule, int kept, char mark) {
  counts *c = rule_counts(t, rule);
  if (!c)
    return;
  c->fired++;
  if (mark == '?') {
    c->either++;
  } else if (mark == '+' || mark == '-') {
    int right = (mark == '+') == (kept != 0);
    c->right += right;
    c->wrong += !right;
  }
  if (mark == '+') {
    t->keep++;
    t->kept += kept != 0;
  } else if (mark == '-') {
    t->debris++;
    t->removed += !kept;
  }
}

static const char *misses_of;

/* Cleans one text and counts its lines; 0, or -1 when it could not. */
static int run_text(set_tally *t, const char *input, const char *annotated,
                    const pith_options *opt) {
  size_t len = 0, nmarks = 0;
  char *data = read_all(input, &len);
  char *marks = read_marks(annotated, &nmarks);
  if (!data || !marks) {
    free(data);
    free(marks);
    return -1;
  }
  pith_result *r = NULL;
  pith_status st = pith_clean_text(data, len, opt, &r);
  if (st == PITH_OK || st == PITH_NO_ARTICLE) {
    for (size_t i = 0; i < pith_result_line_count(r); i++) {
      size_t line = pith_result_line_number(r, i);
      char mark = line >= 1 && line <= nmarks ? marks[line - 1] : '\0';
      const char *rule = pith_result_line_rule(r, i);
      int kept = pith_result_line_kept(r, i);
      add_line(t, rule, kept, mark);
      if (misses_of && strcmp(misses_of, rule) == 0 &&
          (mark == '+' || mark == '-') && (mark == '+') != (kept != 0))
        printf("  miss %s %c %s:%zu: %.100s\n", rule, mark, input, line,
               pith_result_line_text(r, i));
    }
    t->texts++;
  } else {
    fprintf(stderr, "bench_rules: %s: %s\n", input,
            r ? pith_result_message(r) : pith_strerror(st));
  }
  pith_result_free(r);
  free(data);
  free(marks);
  return 0;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of a set's inputs, sorted. */
static char **list_inputs(const char *dir, size_t *count) {
  DIR *d = opendir(dir);
  if (!d)
    return NULL;
  size_t n = 0, cap = 64;
  char **names = malloc(cap * sizeof *names);
  struct dirent *e;
  while (names && (e = readdir(d))) {
    size_t l = strlen(e->d_name);
    if (l < 11 || strcmp(e->d_name + l - 10, ".input.txt") != 0)
      continue;
    if (n == cap) {
      char **grown = realloc(names, 2 * cap * sizeof *names);
      if (!grown)
        break;
      names = grown;
      cap *= 2;
    }
    names[n] = strndup(e->d_name, l - 10);
    if (names[n])
      n++;
  }
  closedir(d);
  if (names)
    qsort(names, n, sizeof *names, by_name);
  *count = n;
  return names;
}

/* Whether a text is in the half asked for: its name is a line of the list
 * (NULL: every text). */
static int in_half(const char *name, const char *list) {
  if (!list)
    return 1;
  size_t n = strlen(name);
  for (const char *p = list; (p = strstr(p, name)); p += n)
    if ((p == list || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
      return 1;
  return 0;
}

static void run_set(set_tally *t, const char *dir, const pith_options *opt,
                    const char *half_list) {
  const char *base = strrchr(dir, '/');
  base = base && base[1] ? base + 1 : dir;
  snprintf(t->name, sizeof t->name, "%s", base);
  size_t count = 0;
  char **names = list_inputs(dir, &count);
  if (!names) {
    fprintf(stderr, "bench_rules: %s: %s\n", dir, strerror(errno));
    return;
  }
  for (size_t i = 0; i < count; i++) {
    char input[4096], annotated[4096];
    snprintf(input, sizeof input, "%s/%s.input.txt", dir, names[i]);
    snprintf(annotated, sizeof annotated, "%s/%s.annotated.txt", dir, names[i]);
    if (in_half(names[i], half_list) && run_text(t, input, annotated, opt) < 0)
      fprintf(stderr, "bench_rules: %s: unreadable\n", input);
    free(names[i]);
  }
  free(names);
}

static double share(size_t a, size_t b) {
  return b ? (double)a / (double)b : 1.0;
}

static void print_set(const set_tally *t) {
  printf("%s: %zu texts, content kept %zu/%zu (%.3f), debris removed "
         "%zu/%zu (%.3f)\n",
         t->name, t->texts, t->kept, t->keep, share(t->kept, t->keep),
         t->removed, t->debris, share(t->removed, t->debris));
  printf("  %-22s %7s %7s %7s %7s %6s\n", "rule", "fired", "right", "wrong",
         "either", "prec");
  size_t order[MAX_RULES];
  for (size_t i = 0; i < t->rules; i++)
    order[i] = i;
  /* "content" first, then the rules by how often they fired */
  for (size_t i = 0; i < t->rules; i++)
    for (size_t j = i + 1; j < t->rules; j++) {
      const counts *a = &t->rule[order[i]], *b = &t->rule[order[j]];
      int a_content = strcmp(t->rule_name[order[i]], "content") == 0;
      int b_content = strcmp(t->rule_name[order[j]], "content") == 0;
      if (b_content > a_content ||
          (b_content == a_content && b->fired > a->fired)) {
        size_t s = order[i];
        order[i] = order[j];
        order[j] = s;
      }
    }
  for (size_t k = 0; k < t->rules; k++) {
    const counts *c = &t->rule[order[k]];
    printf("  %-22s %7zu %7zu %7zu %7zu %6.3f\n", t->rule_name[order[k]],
           c->fired, c->right, c->wrong, c->either,
           share(c->right, c->right + c->wrong));
  }
}

static void merge(set_tally *all, const set_tally *t) {
  all->texts += t->texts;
  all->keep += t->keep;
  all->kept += t->kept;
  all->debris += t->debris;
  all->removed += t->removed;
  for (size_t i = 0; i < t->rules; i++) {
    counts *c = rule_counts(all, t->rule_name[i]);
    if (!c)
      continue;
    c->fired += t->rule[i].fired;
    c->right += t->rule[i].right;
    c->wrong += t->rule[i].wrong;
    c->either += t->rule[i].either;
  }
}

static void tally_free(set_tally *t) {
  for (size_t i = 0; i < t->rules; i++)
    free(t->rule_name[i]);
}

int main(int argc, char **argv) {
  pith_options opt;
  pith_options_init(&opt);
  static set_tally sets[MAX_SETS], all;
  size_t nsets = 0;
  char *half_list = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--precision") == 0) {
      opt.mode = PITH_MODE_PRECISION;
    } else if (strcmp(a, "--recall") == 0) {
      opt.mode = PITH_MODE_RECALL;
    } else if (strcmp(a, "--without-rule") == 0 && i + 1 < argc) {
      opt.disabled_rules = argv[++i];
    } else if (strcmp(a, "--misses") == 0 && i + 1 < argc) {
      misses_of = argv[++i];
    } else if (strcmp(a, "--half-list") == 0 && i + 1 < argc) {
      size_t len = 0;
      free(half_list);
      half_list = read_all(argv[++i], &len);
      if (!half_list) {
        fprintf(stderr, "bench_rules: %s: %s\n", argv[i], strerror(errno));
        return 2;
      }
    } else if (a[0] == '-') {
      fprintf(stderr,
              "usage: bench_rules [--precision|--recall] [--without-rule "
              "NAMES] [--half-list FILE] [--misses RULE] SET_DIR...\n");
      return 2;
    } else if (nsets < MAX_SETS) {
      run_set(&sets[nsets], a, &opt, half_list);
      print_set(&sets[nsets]);
      merge(&all, &sets[nsets]);
      nsets++;
    }
  }
  if (nsets > 1) {
    snprintf(all.name, sizeof all.name, "all sets");
    print_set(&all);
  }
  for (size_t i = 0; i < nsets; i++)
    tally_free(&sets[i]);
  tally_free(&all);
  free(half_list);
  return nsets ? 0 : 2;
}
