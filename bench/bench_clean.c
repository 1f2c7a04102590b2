/*
 * bench_clean — the speed of text-mode cleaning (pith_clean_text).
 *
 * usage: bench_clean [--repeat N] [--strict] [--mb N] [FILE...]
 *
 * With files, each file is read into memory first and cleaned as one text.
 * Without, it generates about 50 MB (--mb) of article-like text — a
 * title, paragraphs of sentences, blank lines between them, and the debris
 * scraped text carries (doubled captions, credits, "Advertisement", share
 * lines, bylines, datelines, image file names, a teaser block at the end) —
 * as a series of articles of a few kilobytes, and times two passes,
 * single-threaded:
 *   (a) articles: pith_clean_text + pith_result_free per article, the way
 *       a pipeline cleans one scraped page at a time;
 *   (b) one text: the articles' bodies joined, about 50 MB in a single
 *       call, which shows whether the cost per line stays flat as a text
 *       grows.
 * Each pass prints MB/s and lines/s, and a PASS/FAIL line against the floor
 * of 50 MB/s; --strict makes a missed floor exit with status 1.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pith.h"

/* Single-threaded cleaning must keep up with reading scraped text from
 * disk; see bench/README.md. */
#define FLOOR_MIN_MB_PER_S 50.0

#define DEFAULT_MB 50
#define MAX_FILE_BYTES ((size_t)256 * 1024 * 1024)

typedef struct text {
  char *name;
  char *data;
  size_t len;
  size_t body_len; /* the bytes before the article's teaser block */
} text;

typedef struct text_list {
  text *items;
  size_t count;
  size_t cap;
  size_t total_bytes;
} text_list;

typedef struct buffer {
  char *data;
  size_t len;
  size_t cap;
} buffer;

static int buffer_append(buffer *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 64 * 1024;
    while (cap < b->len + n + 1)
      cap *= 2;
    char *grown = realloc(b->data, cap);
    if (!grown)
      return -1;
    b->data = grown;
    b->cap = cap;
  }
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
  return 0;
}

static int buffer_puts(buffer *b, const char *s) {
  return buffer_append(b, s, strlen(s));
}

static int list_push(text_list *list, char *name, char *data, size_t len,
                     size_t body_len) {
  if (list->count == list->cap) {
    size_t cap = list->cap ? list->cap * 2 : 256;
    text *grown = realloc(list->items, cap * sizeof *grown);
    if (!grown)
      return -1;
    list->items = grown;
    list->cap = cap;
  }
  list->items[list->count].name = name;
  list->items[list->count].data = data;
  list->items[list->count].len = len;
  list->items[list->count].body_len = body_len;
  list->count++;
  list->total_bytes += len;
  return 0;
}

static void list_free(text_list *list) {
  for (size_t i = 0; i < list->count; i++) {
    free(list->items[i].name);
    free(list->items[i].data);
  }
  free(list->items);
  memset(list, 0, sizeof *list);
}

static char *dup_string(const char *s) {
  size_t n = strlen(s) + 1;
  char *copy = malloc(n);
  if (copy)
    memcpy(copy, s, n);
  return copy;
}

static int read_file(const char *path, char **data, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return -1;
  buffer b = {NULL, 0, 0};
  char chunk[64 * 1024];
  size_t n;
  int failed = 0;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (b.len + n > MAX_FILE_BYTES) {
      errno = EFBIG;
      failed = 1;
      break;
    }
    if (buffer_append(&b, chunk, n) < 0) {
      errno = ENOMEM;
      failed = 1;
      break;
    }
  }
  if (!failed && ferror(f)) {
    errno = EIO;
    failed = 1;
  }
  fclose(f);
  if (failed) {
    free(b.data);
    return -1;
  }
  if (!b.data && !(b.data = calloc(1, 1)))
    return -1;
  *data = b.data;
  *len = b.len;
  return 0;
}

/* ---- generated text ----------------------------------------------------
 * A fixed-seed generator, so every run cleans the same bytes. */

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint32_t rng(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (uint32_t)(rng_state >> 16);
}

static const char *const nouns[] = {
    "council",   "minister", "report",     "river",     "station",
    "school",    "hospital", "budget",     "company",   "village",
    "committee", "market",   "government", "court",     "harbour",
    "museum",    "union",    "survey",     "programme", "bridge",
    "election",  "police",   "airport",    "library",   "farmers",
    "residents", "teachers", "doctors",    "engineers", "volunteers"};
static const char *const verbs[] = {
    "approved", "rejected", "announced", "delayed",  "reviewed",
    "welcomed", "opposed",  "published", "extended", "questioned",
    "reopened", "funded",   "measured",  "promised", "criticised"};
static const char *const adjectives[] = {
    "new",     "local",  "national", "annual", "public", "regional",
    "second",  "former", "small",    "large",  "early",  "final",
    "private", "rural",  "coastal",  "urban",  "older",  "temporary"};
static const char *const names[] = {
    "Jane Smith",    "Tom Reed",    "Priya Sharma", "Anna Müller",
    "Claire Dubois", "María López", "Marco Rossi",  "Ivan Petrov"};

#define PICK(a) (a[rng() % (sizeof a / sizeof *a)])

static int add_sentence(buffer *b, int capital) {
  char s[256];
  static const char *const times[] = {
      "on Monday", "last week",           "this year",
      "in March",  "after a long debate", "for the first time"};
  int n = snprintf(s, sizeof s, "%s %s %s %s the %s %s %s, %s %u %s",
                   capital ? "The" : "the", PICK(adjectives), PICK(nouns),
                   PICK(verbs), PICK(adjectives), PICK(nouns), PICK(times),
                   "according to", 2 + rng() % 9800, PICK(nouns));
  if (n < 0 || (size_t)n >= sizeof s)
    return -1;
  return buffer_append(b, s, (size_t)n);
}

static int add_paragraph(buffer *b) {
  int sentences = 2 + (int)(rng() % 4);
  for (int i = 0; i < sentences; i++) {
    if ((i && buffer_puts(b, " ") < 0) || add_sentence(b, 1) < 0 ||
        buffer_puts(b, ".") < 0)
      return -1;
  }
  return buffer_puts(b, "\n\n");
}

static int add_caption(buffer *b) {
  buffer line = {NULL, 0, 0};
  int rc = add_sentence(&line, 1);
  if (rc == 0) {
    /* a caption scraped twice: its alt text and the caption itself */
    rc |= buffer_append(b, line.data, line.len);
    rc |= buffer_puts(b, "\n\n");
    rc |= buffer_append(b, line.data, line.len);
    rc |= buffer_puts(b, "\n\n");
  }
  free(line.data);
  return rc;
}

static int add_debris(buffer *b, unsigned article) {
  char s[160];
  switch (rng() % 8) {
  case 0:
    return add_caption(b);
  case 1:
    return buffer_puts(b, "Advertisement\n\n");
  case 2:
    return buffer_puts(b, "Facebook Twitter Email\n\n");
  case 3:
    return buffer_puts(b, "Image copyright Getty Images\n\nImage caption ") ||
                   add_sentence(b, 1) || buffer_puts(b, "\n\n")
               ? -1
               : 0;
  case 4:
    snprintf(s, sizeof s, "IMG_%04u.jpg\n\n", article % 10000);
    return buffer_puts(b, s);
  case 5:
    snprintf(s, sizeof s, "Published %u hours ago\n\n", 1 + rng() % 23);
    return buffer_puts(b, s);
  case 6:
    return buffer_puts(b, "photo_camera PHOTO REUTERS/") ||
                   buffer_puts(b, PICK(names)) || buffer_puts(b, " - ") ||
                   add_sentence(b, 1) || buffer_puts(b, "\n\n")
               ? -1
               : 0;
  default:
    return buffer_puts(b, "Media playback is unsupported on your device\n\n");
  }
}

/* Appends one article; *body_len is where its teaser block starts. */
static int add_article(buffer *b, unsigned article, size_t *body_len) {
  if (add_sentence(b, 1) < 0 || buffer_puts(b, "\n\nBy ") < 0 ||
      buffer_puts(b, PICK(names)) < 0 || buffer_puts(b, "\n\n") < 0)
    return -1;
  int paragraphs = 8 + (int)(rng() % 16);
  for (int i = 0; i < paragraphs; i++) {
    if (add_paragraph(b) < 0)
      return -1;
    if (rng() % 4 == 0 && add_debris(b, article) < 0)
      return -1;
  }
  *body_len = b->len;
  if (buffer_puts(b, "More in News\n\n") < 0)
    return -1;
  for (int i = 0; i < 3; i++)
    if (add_sentence(b, 1) < 0 || buffer_puts(b, "\n\n") < 0)
      return -1;
  return buffer_puts(b, "Read more at Example.com\n");
}

static int generate(text_list *list, size_t megabytes) {
  size_t want = megabytes * 1024 * 1024;
  for (unsigned article = 0; list->total_bytes < want; article++) {
    buffer b = {NULL, 0, 0};
    size_t body_len = 0;
    char name[32];
    snprintf(name, sizeof name, "article-%u", article);
    char *copy = dup_string(name);
    if (!copy || add_article(&b, article, &body_len) < 0 ||
        list_push(list, copy, b.data, b.len, body_len) < 0) {
      free(copy);
      free(b.data);
      return -1;
    }
  }
  return 0;
}

/* ---- timing ------------------------------------------------------------ */

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct tally {
  size_t calls, lines, kept, removed, errors;
  double seconds;
} tally;

static void clean_one(const char *data, size_t len, tally *t) {
  pith_options opt;
  pith_options_init(&opt);
  if (opt.max_input_bytes < len)
    opt.max_input_bytes = len; /* --mb over the default limit */
  pith_result *r = NULL;
  pith_status st = pith_clean_text(data, len, &opt, &r);
  t->calls++;
  if (st == PITH_OK || st == PITH_NO_ARTICLE) {
    size_t n = pith_result_line_count(r);
    t->lines += n;
    for (size_t i = 0; i < n; i++) {
      if (pith_result_line_kept(r, i))
        t->kept++;
      else
        t->removed++;
    }
  } else {
    t->errors++;
  }
  pith_result_free(r);
}

static tally time_texts(const text_list *list, int repeat) {
  tally t;
  memset(&t, 0, sizeof t);
  double start = now_seconds();
  for (int k = 0; k < repeat; k++)
    for (size_t i = 0; i < list->count; i++)
      clean_one(list->items[i].data, list->items[i].len, &t);
  t.seconds = now_seconds() - start;
  return t;
}

/* The articles' bodies joined into one text. Their teaser blocks are left
 * out: the first "More in ..." past the middle would end the judging, and
 * the pass would time less than the whole text. */
static tally time_whole(const text_list *list, int repeat, double *bytes,
                        int *ok) {
  tally t;
  memset(&t, 0, sizeof t);
  buffer all = {NULL, 0, 0};
  for (size_t i = 0; i < list->count; i++)
    if (buffer_append(&all, list->items[i].data, list->items[i].body_len) < 0 ||
        buffer_puts(&all, "\n") < 0) {
      free(all.data);
      *ok = 0;
      return t;
    }
  *ok = 1;
  *bytes = (double)all.len * repeat;
  double start = now_seconds();
  for (int k = 0; k < repeat; k++)
    clean_one(all.data, all.len, &t);
  t.seconds = now_seconds() - start;
  free(all.data);
  return t;
}

/* Prints one pass; returns whether it met the floor. */
static int report(const char *label, const tally *t, double bytes) {
  double secs = t->seconds > 0 ? t->seconds : 1e-9;
  double mb_s = bytes / (1024.0 * 1024.0) / secs;
  printf("%-10s %7zu calls %8.1f MB %8.3f s %9.2f MB/s %12.0f lines/s\n", label,
         t->calls, bytes / (1024.0 * 1024.0), t->seconds, mb_s,
         (double)t->lines / secs);
  printf("%-10s %zu lines judged: %zu kept, %zu removed, %zu errors\n", label,
         t->lines, t->kept, t->removed, t->errors);
  int ok = mb_s >= FLOOR_MIN_MB_PER_S && t->errors == 0;
  printf("%s %s speed %.1f MB/s >= %.0f MB/s%s\n", ok ? "PASS" : "FAIL", label,
         mb_s, FLOOR_MIN_MB_PER_S, t->errors ? " (with errors)" : "");
  return ok;
}

static void usage(FILE *out) {
  fprintf(out,
          "usage: bench_clean [--repeat N] [--strict] [--mb N] [FILE...]\n"
          "Times pith_clean_text on each FILE, or on about N MB (default "
          "%d) of\ngenerated article text with debris; prints MB/s, lines/s "
          "and PASS/FAIL\nagainst the %.0f MB/s floor.\n",
          DEFAULT_MB, FLOOR_MIN_MB_PER_S);
}

static int parse_count(const char *s, int max) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || *end || v < 1 || v > max)
    return -1;
  return (int)v;
}

int main(int argc, char **argv) {
  int repeat = 1, strict = 0, megabytes = DEFAULT_MB;
  text_list list;
  memset(&list, 0, sizeof list);
  int files = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      usage(stdout);
      list_free(&list);
      return 0;
    } else if (strcmp(a, "--strict") == 0) {
      strict = 1;
    } else if (strcmp(a, "--repeat") == 0 || strcmp(a, "--mb") == 0) {
      int max = a[2] == 'r' ? 1000 : 1024;
      int v = i + 1 < argc ? parse_count(argv[++i], max) : -1;
      if (v < 0) {
        fprintf(stderr, "bench_clean: %s wants a number 1..%d\n", a, max);
        list_free(&list);
        return 2;
      }
      if (a[2] == 'r')
        repeat = v;
      else
        megabytes = v;
    } else if (a[0] == '-' && a[1]) {
      usage(stderr);
      list_free(&list);
      return 2;
    } else {
      files++;
      char *data = NULL, *name = dup_string(a);
      size_t len = 0;
      if (!name || read_file(a, &data, &len) < 0) {
        fprintf(stderr, "bench_clean: %s: %s (skipped)\n", a, strerror(errno));
        free(name);
        continue;
      }
      if (list_push(&list, name, data, len, len) < 0) {
        fprintf(stderr, "bench_clean: out of memory while reading files\n");
        free(name);
        free(data);
        list_free(&list);
        return 1;
      }
    }
  }
  if (files && !list.count) {
    fprintf(stderr, "bench_clean: no file could be read\n");
    return 1;
  }
  if (!files && generate(&list, (size_t)megabytes) < 0) {
    fprintf(stderr, "bench_clean: out of memory while generating text\n");
    list_free(&list);
    return 1;
  }

  printf("pith %s, %zu %s (%.1f MB) x %d, single thread\n", pith_version(),
         list.count, files ? "files" : "generated articles",
         (double)list.total_bytes / (1024.0 * 1024.0), repeat);
  double bytes = (double)list.total_bytes * repeat;
  tally per = time_texts(&list, repeat);
  int ok = report(files ? "files" : "articles", &per, bytes);
  if (!files) {
    int built = 0;
    double whole_bytes = 0;
    tally whole = time_whole(&list, repeat, &whole_bytes, &built);
    if (!built) {
      fprintf(stderr, "bench_clean: out of memory joining the articles\n");
      list_free(&list);
      return 1;
    }
    ok &= report("one text", &whole, whole_bytes);
  }
  list_free(&list);
  return strict && !ok ? 1 : 0;
}
