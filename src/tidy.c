/* The last touches on a judged body, before it is rendered: how its
 * blocks read together rather than whether each is debris.
 *
 * - Step numbers standing alone. Recipes and how-tos put a step's number
 *   in its own element beside the text (<li><span class=step>1</span>
 *   <p>Mix...</p></li>, a "1." box over each paragraph) or in a heading
 *   ("Step 1", "Krok 2") over it; as blocks they read "1", then the text.
 *   The number is folded into the step: the text becomes item N of an
 *   ordered list (a heading gets "N. " in front), and the bare number
 *   goes. Only numbers that count up one by one, three or more in a row,
 *   are steps; a lone "3" or a column of vote counts is left alone.
 * - Headings that head nothing: a body that ends on a heading lost what
 *   followed it (a comment form, a related box) and the heading stays
 *   behind. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tidy.h"

/* Items of the step lists made here share this id, apart from the page's
 * own lists, so that a run of steps renders as one list. */
#define STEP_LIST_ID 2000000u

/* Words that name a step, in several languages. */
static const char *const step_words[] = {
    "step", "schritt", "krok", "étape", "etape", "paso", "passo",
    "stap", "steg",    "trin", "шаг",   "adım",  "fase", "lépés"};

static const char *skip_spaces(const char *p) {
  while (*p == ' ')
    p++;
  return p;
}

/* Reads a number of one or two digits; 0 when there is none. */
static unsigned read_number(const char **p) {
  unsigned n = 0, digits = 0;
  while (isdigit((unsigned char)**p) && digits < 3) {
    n = n * 10 + (unsigned)(**p - '0');
    (*p)++;
    digits++;
  }
  return digits && digits <= 2 ? n : 0;
}

/* The step number a block holds and nothing else: "1", "2.", "3)", "4 of
 * 17", "5 von 17", "6/17"; 0 when it holds more. */
static unsigned bare_number(const char *text) {
  const char *p = skip_spaces(text);
  unsigned n = read_number(&p);
  if (!n)
    return 0;
  if (*p == '.' || *p == ')' || *p == ':')
    p++;
  p = skip_spaces(p);
  if (*p) {
    /* "N of M": a counter over the steps. */
    static const char *const of[] = {"of",  "von", "de", "di",
                                     "sur", "van", "z",  "/"};
    size_t k = 0, wn = 0;
    for (; k < sizeof of / sizeof *of; k++) {
      wn = strlen(of[k]);
      if (strncasecmp(p, of[k], wn) == 0 &&
          (p[wn] == ' ' || isdigit((unsigned char)p[wn])))
        break;
    }
    if (k == sizeof of / sizeof *of)
      return 0;
    p = skip_spaces(p + wn);
    if (!read_number(&p) || *skip_spaces(p))
      return 0;
  }
  return n;
}

/* The number of a "Step 3" / "Krok 3:" heading; 0 for other text. */
static unsigned step_heading(const char *text) {
  const char *p = skip_spaces(text);
  for (size_t k = 0; k < sizeof step_words / sizeof *step_words; k++) {
    size_t wn = strlen(step_words[k]);
    if (strncasecmp(p, step_words[k], wn) != 0 || p[wn] != ' ')
      continue;
    const char *q = skip_spaces(p + wn);
    unsigned n = read_number(&q);
    if (*q == ':' || *q == '.')
      q++;
    return n && !*skip_spaces(q) ? n : 0;
  }
  return 0;
}

/* The step number of block b (a bare number, or a step heading); 0 if it
 * is none. */
static unsigned step_number(const pith_block *b) {
  if (b->drop || b->kind == BLOCK_CODE || b->kind == BLOCK_TABLE ||
      b->kind == BLOCK_CAPTION || b->text_len > 40)
    return 0;
  unsigned n = bare_number(b->text);
  if (!n && b->kind == BLOCK_HEADING)
    n = step_heading(b->text);
  return n;
}

/* The next kept block after i that is not a caption, or count. */
static size_t next_kept(const pith_blocks *blocks, size_t i) {
  for (i++; i < blocks->count; i++)
    if (!blocks->items[i].drop && blocks->items[i].kind != BLOCK_CAPTION)
      break;
  return i;
}

/* Puts "N. " before a heading's text and Markdown. */
static int number_heading(pith_block *h, unsigned n) {
  char prefix[16];
  int pn = snprintf(prefix, sizeof prefix, "%u. ", n);
  size_t tn = strlen(h->text), mn = strlen(h->markdown);
  char *text = malloc((size_t)pn + tn + 1), *md = malloc((size_t)pn + mn + 1);
  if (!text || !md) {
    free(text);
    free(md);
    pith_nomem_note();
    return -1;
  }
  memcpy(text, prefix, (size_t)pn);
  memcpy(text + pn, h->text, tn + 1);
  memcpy(md, prefix, (size_t)pn);
  memcpy(md + pn, h->markdown, mn + 1);
  free(h->text);
  free(h->markdown);
  h->text = text;
  h->markdown = md;
  h->text_len = (size_t)pn + tn;
  return 0;
}

/* Folds the step number of block i into the block after it. */
static void fold_one(pith_blocks *blocks, size_t i, unsigned n) {
  pith_block *b = &blocks->items[i];
  size_t j = next_kept(blocks, i);
  pith_block *next = j < blocks->count ? &blocks->items[j] : NULL;
  if (next && step_number(next))
    next = NULL; /* "1" then "2": nothing to fold into */
  if (next && (next->kind == BLOCK_PARAGRAPH || next->kind == BLOCK_QUOTE)) {
    next->kind = BLOCK_LIST_ITEM;
    next->ordered = 1;
    next->level = 1;
    next->item_no = n;
    next->list_id = STEP_LIST_ID;
  } else if (next && next->kind == BLOCK_HEADING && b->kind != BLOCK_HEADING) {
    if (number_heading(next, n) < 0)
      return;
  } else if (b->kind == BLOCK_HEADING) {
    return; /* "Step 3" over a list or a table stays a heading */
  }
  b->drop = 1;
  b->rule = "step-number";
}

/* Whether block b is a bare number written as a step: "1." or "2)". */
static int dotted_number(const pith_block *b) {
  const char *p = skip_spaces(b->text);
  while (isdigit((unsigned char)*p))
    p++;
  return (*p == '.' || *p == ')') && !*skip_spaces(p + 1);
}

/* Whether the run of n step numbers from `start` is a recipe's steps:
 * three or more, or two written "1." and "2." (a short method). */
static int step_run(const pith_blocks *blocks, size_t start, size_t n,
                    unsigned first) {
  if (n >= 3)
    return 1;
  if (n != 2 || first != 1)
    return 0;
  size_t seen = 0;
  for (size_t k = start; k < blocks->count && seen < 2; k++) {
    if (!step_number(&blocks->items[k]))
      continue;
    if (!dotted_number(&blocks->items[k]))
      return 0;
    seen++;
  }
  return seen == 2;
}

/* Steps come in runs: the step numbers of the body, in the order they
 * stand, counting up by one, three or more of them (1, 2, 3), or two
 * written as steps ("1.", "2."). Vote counts ("2", "4", "3"), scores and a
 * lone "3" do not; neither do "1/2", "2/2" under two photos. */
static void fold_step_numbers(pith_blocks *blocks) {
  size_t run_start = 0, run_len = 0;
  unsigned last = 0, first = 0;
  for (size_t i = 0; i <= blocks->count; i++) {
    unsigned n = i < blocks->count ? step_number(&blocks->items[i]) : 0;
    if (i < blocks->count && !n)
      continue;
    if (n && run_len && n == last + 1) {
      run_len++;
      last = n;
      continue;
    }
    /* The run before ends here. */
    if (run_len && step_run(blocks, run_start, run_len, first))
      for (size_t k = run_start; k < i; k++) {
        unsigned m = step_number(&blocks->items[k]);
        if (m)
          fold_one(blocks, k, m);
      }
    run_start = i;
    run_len = n ? 1 : 0;
    last = first = n;
  }
}

/* Headings at the end, when text stands before them: they headed a part
 * the body lost (comments, related links). A short "Label:" line stays:
 * it often says what a list of links below was ("Sources:"), and readers
 * keep it. */
static void drop_trailing_headings(pith_blocks *blocks) {
  size_t last = blocks->count;
  while (last > 0) {
    const pith_block *b = &blocks->items[last - 1];
    /* A long sentence set as a heading is a paragraph in disguise. */
    if (!b->drop && b->kind != BLOCK_CAPTION &&
        (b->kind != BLOCK_HEADING || b->text_len > 200 ||
         (b->text_len >= 80 && pith_text_ends_sentence(b->text, b->text_len))))
      break;
    last--;
  }
  if (last == 0)
    return; /* only headings: a body of one title-like line */
  for (size_t i = last; i < blocks->count; i++) {
    pith_block *b = &blocks->items[i];
    if (!b->drop && b->kind == BLOCK_HEADING) {
      b->drop = 1;
      b->rule = "heading-without-body";
    }
  }
}

void pith_blocks_tidy(pith_blocks *blocks) {
  fold_step_numbers(blocks);
  drop_trailing_headings(blocks);
}
