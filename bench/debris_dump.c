/*
 * debris_dump — the features of the learned debris model, block by block,
 * as pith computes them inside pith_clean_text / pith_extract. The model's
 * training script (bench/debris_model/train.py) reads this output, so the
 * features it is trained on come from the code that uses them.
 *
 * usage: debris_dump [--html] [--precision|--recall] [--names] FILE...
 *
 * Each FILE is cleaned as plain text (pith_clean_text), or with --html
 * extracted as a page (pith_extract; .html.gz is read through zlib when
 * built with it). For every block of the final judging it prints one line
 * of tab-separated fields:
 *
 *   FILE  INDEX  LINE  KIND  RULE  P  F0 F1 ... Fn-1  TEXT
 *
 * INDEX the block's index from 0, LINE its input line (text mode; 0 for a
 * page), KIND the block kind (p, h, li, quote, code, table, caption), RULE
 * the rule that removed it before the model ran ("content": none, the
 * model judges it; "prose": none, and the model leaves it alone as plain
 * prose of the article), P the model's probability of debris (-1 when the
 * model does not judge it), then the
 * features and the text (tabs and newlines as spaces). --names prints the
 * feature names, one per line, and exits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef PITH_BENCH_HAVE_ZLIB
#include <zlib.h>
#endif

#include "debris_features.h"
#include "internal.h"

typedef struct row {
  size_t index, line;
  int kind;
  char *rule;
  double p;
  float x[DEBRIS_FEATURES];
  char *text;
} row;

typedef struct rows {
  row *items;
  size_t count, cap;
  int failed;
} rows;

static void rows_clear(rows *r) {
  for (size_t i = 0; i < r->count; i++) {
    free(r->items[i].rule);
    free(r->items[i].text);
  }
  r->count = 0;
}

static void on_begin(void *user, size_t blocks) {
  (void)blocks;
  rows_clear(user);
}

static void on_block(void *user, const pith_block *b, size_t index,
                     const float *x, size_t nfeatures, int judged, double p) {
  rows *r = user;
  if (r->count == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 256;
    row *grown = realloc(r->items, cap * sizeof *grown);
    if (!grown) {
      r->failed = 1;
      return;
    }
    r->items = grown;
    r->cap = cap;
  }
  row *w = &r->items[r->count];
  w->index = index;
  w->line = b->source_line;
  w->kind = (int)b->kind;
  w->rule = strdup(b->drop ? b->rule : judged ? "content" : "prose");
  w->p = p;
  memcpy(w->x, x, nfeatures * sizeof *x);
  w->text = strdup(b->text ? b->text : "");
  if (!w->rule || !w->text) {
    free(w->rule);
    free(w->text);
    r->failed = 1;
    return;
  }
  r->count++;
}

static const char *kind_name(int kind) {
  static const char *const names[] = {"p",    "h",     "li",     "quote",
                                      "code", "table", "caption"};
  return kind >= 0 && kind < 7 ? names[kind] : "?";
}

static void print_rows(const char *file, const rows *r) {
  for (size_t i = 0; i < r->count; i++) {
    const row *w = &r->items[i];
    printf("%s\t%zu\t%zu\t%s\t%s\t%.9g", file, w->index, w->line,
           kind_name(w->kind), w->rule, w->p);
    for (int f = 0; f < DEBRIS_FEATURES; f++)
      printf("\t%.9g", (double)w->x[f]);
    putchar('\t');
    for (const char *c = w->text; *c; c++)
      putchar(*c == '\t' || *c == '\n' || *c == '\r' ? ' ' : *c);
    putchar('\n');
  }
}

static char *read_file(const char *path, size_t *len) {
  size_t n = strlen(path);
#ifdef PITH_BENCH_HAVE_ZLIB
  if (n > 3 && strcmp(path + n - 3, ".gz") == 0) {
    gzFile g = gzopen(path, "rb");
    if (!g)
      return NULL;
    size_t cap = 1 << 16, used = 0;
    char *buf = malloc(cap);
    int got;
    while (buf && (got = gzread(g, buf + used, (unsigned)(cap - used))) > 0) {
      used += (size_t)got;
      if (used == cap) {
        char *grown = realloc(buf, cap * 2);
        if (!grown) {
          free(buf);
          buf = NULL;
          break;
        }
        buf = grown;
        cap *= 2;
      }
    }
    gzclose(g);
    *len = used;
    return buf;
  }
#endif
  (void)n;
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 1 << 16, used = 0;
  char *buf = malloc(cap);
  size_t got;
  while (buf && (got = fread(buf + used, 1, cap - used, f)) > 0) {
    used += got;
    if (used == cap) {
      char *grown = realloc(buf, cap * 2);
      if (!grown) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = grown;
      cap *= 2;
    }
  }
  fclose(f);
  *len = used;
  return buf;
}

int main(int argc, char **argv) {
  pith_options opt;
  pith_options_init(&opt);
  int html = 0, files = 0, status = 0;
  rows r = {NULL, 0, 0, 0};
  pith_debris_trace trace = {on_begin, on_block, &r};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--html") == 0) {
      html = 1;
    } else if (strcmp(a, "--precision") == 0) {
      opt.mode = PITH_MODE_PRECISION;
    } else if (strcmp(a, "--recall") == 0) {
      opt.mode = PITH_MODE_RECALL;
    } else if (strcmp(a, "--names") == 0) {
      for (int f = 0; f < DEBRIS_FEATURES; f++)
        printf("%s\n", pith_debris_feature_info[f].name);
      return 0;
    } else if (a[0] == '-') {
      fprintf(stderr, "usage: debris_dump [--html] [--precision|--recall] "
                      "[--names] FILE...\n");
      return 2;
    } else {
      files++;
      size_t len = 0;
      char *data = read_file(a, &len);
      if (!data) {
        fprintf(stderr, "debris_dump: %s: unreadable\n", a);
        status = 1;
        continue;
      }
      rows_clear(&r);
      pith_result *res = NULL;
      if (html)
        pith_extract_traced(data, len, &opt, &trace, &res);
      else
        pith_clean_text_traced(data, len, &opt, &trace, &res);
      pith_result_free(res);
      free(data);
      if (r.failed) {
        fprintf(stderr, "debris_dump: out of memory\n");
        return 1;
      }
      print_rows(a, &r);
    }
  }
  rows_clear(&r);
  free(r.items);
  return files ? status : 2;
}
