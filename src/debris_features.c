/* The features of the learned debris model (see debris_features.h). What
 * a block says and how (its length, its ending, its case, its digits), where
 * it stands against the article's own run of paragraphs (the "core": the
 * longest run of sentence-ending paragraphs, broken by three blocks that
 * are not), what its neighbours are, whether it repeats, and which phrase
 * lists and line shapes it matches. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "debris.h"
#include "debris_features.h"

const debris_feature_info pith_debris_feature_info[DEBRIS_FEATURES] = {
    [DF_LENGTH] = {"length", DEBRIS_COUNT},
    [DF_WORDS] = {"words", DEBRIS_COUNT},
    [DF_ENDS_SENTENCE] = {"ends like a sentence", DEBRIS_FLAG},
    [DF_ENDS_COLON] = {"ends with a colon", DEBRIS_FLAG},
    [DF_TITLE_CASE] = {"title case", DEBRIS_SHARE},
    [DF_CAPITALS] = {"capitals", DEBRIS_SHARE},
    [DF_DIGITS] = {"digits", DEBRIS_SHARE},
    [DF_INNER_STOP] = {"a sentence ends inside", DEBRIS_FLAG},
    [DF_SEPARATORS] = {"item separators", DEBRIS_FLAG},
    [DF_ADDRESS] = {"a web or mail address", DEBRIS_FLAG},
    [DF_SHORT_WORDS] = {"short lower-case words", DEBRIS_SHARE},
    [DF_LOWER_START] = {"starts in lower case", DEBRIS_FLAG},
    [DF_COMMAS] = {"commas", DEBRIS_SHARE},
    [DF_LIST_MARK] = {"opens like a list item", DEBRIS_FLAG},
    [DF_CLOCK] = {"a time or a date", DEBRIS_FLAG},
    [DF_LINK_SHARE] = {"link text", DEBRIS_SHARE},
    [DF_HEADING] = {"a heading", DEBRIS_FLAG},
    [DF_LIST_ITEM] = {"a list item", DEBRIS_FLAG},
    [DF_NEAR_MEDIA] = {"next to a picture", DEBRIS_FLAG},
    [DF_POSITION] = {"position", DEBRIS_SHARE},
    [DF_TEXT_BEFORE] = {"text above it", DEBRIS_SHARE},
    [DF_BEFORE_CORE] = {"above the article's first paragraph", DEBRIS_FLAG},
    [DF_AFTER_CORE] = {"below the article's last paragraph", DEBRIS_FLAG},
    [DF_LINES_BEFORE] = {"blocks before the article", DEBRIS_COUNT},
    [DF_LINES_AFTER] = {"blocks after the article", DEBRIS_COUNT},
    [DF_IN_CORE] = {"inside the article's paragraphs", DEBRIS_FLAG},
    [DF_OTHER_RUN] = {"in paragraphs apart from the article", DEBRIS_FLAG},
    [DF_CORE_SHARE] = {"the article's share of the text", DEBRIS_SHARE},
    [DF_PREV_LENGTH] = {"length of the block above", DEBRIS_COUNT},
    [DF_PREV_SENTENCE] = {"the block above ends a sentence", DEBRIS_FLAG},
    [DF_NEXT_LENGTH] = {"length of the block below", DEBRIS_COUNT},
    [DF_NEXT_SENTENCE] = {"the block below ends a sentence", DEBRIS_FLAG},
    [DF_SHORT_RUN] = {"among short unfinished lines", DEBRIS_COUNT},
    [DF_TITLE_RUN] = {"among title-cased lines", DEBRIS_COUNT},
    [DF_COHESION] = {"words shared with the article", DEBRIS_SHARE},
    [DF_NO_WORDS] = {"no long word", DEBRIS_FLAG},
    [DF_PREV_REMOVED] = {"the block above was removed", DEBRIS_FLAG},
    [DF_NEXT_REMOVED] = {"the block below was removed", DEBRIS_FLAG},
    [DF_REPEATED] = {"repeated", DEBRIS_FLAG},
    [DF_REPEAT_NEAR] = {"repeated next to itself", DEBRIS_FLAG},
    [DF_REPEAT_CUE] = {"repeated like a caption", DEBRIS_FLAG},
    [DF_BOILERPLATE] = {"a boilerplate phrase", DEBRIS_FLAG},
    [DF_TAIL_MARKER] = {"a 'More in' or comments marker", DEBRIS_FLAG},
    [DF_AFTER_MARKER] = {"below a 'More in' or comments marker", DEBRIS_FLAG},
    [DF_SHARE_WORDS] = {"share words", DEBRIS_SHARE},
    [DF_BYLINE] = {"a byline", DEBRIS_FLAG},
    [DF_DATELINE] = {"a dateline", DEBRIS_FLAG},
    [DF_CREDIT] = {"a picture credit", DEBRIS_FLAG},
    [DF_CAPTION_LABEL] = {"a caption label", DEBRIS_FLAG},
    [DF_SEE_ALSO] = {"a see-also label", DEBRIS_FLAG},
    [DF_STRAY_CAPTION] = {"a lone unfinished line between paragraphs",
                          DEBRIS_FLAG},
    [DF_COMMENT_CUE] = {"a comment's cue", DEBRIS_FLAG},
    [DF_NOTICE] = {"a site notice", DEBRIS_FLAG},
    [DF_PROSE_ABOVE] = {"prose above it", DEBRIS_SHARE},
    [DF_PROSE_BELOW] = {"prose below it", DEBRIS_SHARE},
    [DF_MARKER_ABOVE] = {"a 'More in' or comments marker above", DEBRIS_FLAG},
    [DF_CAPTION_CUE] = {"a caption's cue", DEBRIS_FLAG},
    [DF_SITE_WORDS] = {"words a site says of itself", DEBRIS_SHARE},
    [DF_NEAR_PROSE] = {"paragraphs around it", DEBRIS_COUNT},
    [DF_NEAR_REMOVED] = {"removed blocks around it", DEBRIS_COUNT},
    [DF_FIRST] = {"the first block", DEBRIS_FLAG},
    [DF_PERIODIC] = {"a table's cells around it", DEBRIS_COUNT},
    [DF_DATE] = {"a date", DEBRIS_FLAG},
    [DF_PROSE_GAP_ABOVE] = {"blocks since the prose above", DEBRIS_COUNT},
    [DF_PROSE_GAP_BELOW] = {"blocks until the prose below", DEBRIS_COUNT},
    [DF_SHAPE_RUN] = {"among lines of its shape", DEBRIS_COUNT},
    [DF_ELLIPSIS] = {"ends with an ellipsis", DEBRIS_FLAG},
    [DF_COUNT_END] = {"ends with a count in brackets", DEBRIS_FLAG},
    [DF_NO_LETTERS] = {"no letter", DEBRIS_FLAG},
    [DF_NAV_WORD] = {"opens with a navigation word", DEBRIS_FLAG},
    [DF_COMMENT_HEADERS] = {"comment headers above it", DEBRIS_COUNT},
    [DF_FURNITURE_ABOVE] = {"blocks since the site's furniture above",
                            DEBRIS_COUNT},
    [DF_FURNITURE_BELOW] = {"blocks until the site's furniture below",
                            DEBRIS_COUNT},
    [DF_NEAR_SITE_WORDS] = {"site words around it", DEBRIS_SHARE},
    [DF_NEAR_COHESION] = {"words around it shared with the article",
                          DEBRIS_SHARE},
    [DF_RUN_HEAD_LABEL] = {"its run of short lines under a label", DEBRIS_FLAG},
};

/* A block is prose (a paragraph of the article, or of a comment) from this
 * many characters, ending a clause or holding a sentence stop. */
#define PROSE_MIN_CHARS 80
/* Blocks that are not prose, in a row, that end a run of paragraphs. */
#define CORE_GAP 3
/* A table's cell set out on a line of its own is under this many
 * characters. */
#define TABLE_CELL_CHARS 40
/* A short unfinished line: no clause ending, under this many characters. */
#define SHORT_LINE_CHARS 60

enum {
  LINE_ENDS_SENTENCE = 1,
  LINE_ENDS_CLAUSE = 2,
  LINE_PROSE = 4,
  LINE_SHORT_UNFINISHED = 8,
  LINE_TITLE_CASED = 16,
  LINE_MARKER = 32,
  LINE_REMOVED = 64,
  LINE_BREAK = 128, /* ends a run of paragraphs: a marker, a comment's
                       header (a name and a date), "Reply" */
};

typedef struct line_fact {
  uint64_t before; /* bytes of text before the block */
  uint32_t chars;  /* code points */
  uint32_t short_run, title_run, shape_run;
  uint32_t gap_above, gap_below; /* blocks to the nearest prose, capped */
  int32_t run;           /* the run of paragraphs it belongs to, or -1 */
  uint32_t copies;       /* blocks with the same text, itself included */
  uint64_t prose_before; /* bytes of prose before the block */
  uint8_t flags;         /* LINE_* */
  uint8_t after_marker;  /* below a marker, no long paragraph between */
  uint8_t marker_above;  /* below a marker */
  uint8_t shape;         /* a coarse signature of its form */
  uint8_t headers_above; /* reader comments' headers above it, up to 3 */
  uint8_t furniture;     /* a rule removed it as the site's furniture */
  uint32_t furniture_above, furniture_below; /* blocks to the nearest such */
  float site_words;                  /* share and site words among its words */
  uint32_t words;                    /* its words, for site_words */
  uint32_t long_words, shared_words; /* words of four letters or more,
                                        and those found in the core */
  uint8_t run_head_label;            /* its short run opens under a label */
} line_fact;

/* Words of the article's core, for cohesion: an open-addressing set of
 * word hashes with counts. */
typedef struct word_set {
  uint64_t *hash;
  uint8_t *count;
  size_t mask;
} word_set;

struct debris_doc {
  const pith_blocks *blocks;
  const debris_context *ctx;
  line_fact *facts;
  size_t n;
  uint64_t total;               /* bytes of text */
  uint64_t prose;               /* bytes of prose */
  size_t core_first, core_last; /* blocks; core_first > core_last: none */
  int32_t core_run;
  uint64_t core_bytes;
  word_set words;
};

/* ---- one block's text ---------------------------------------------------- */

static int is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c >= 0x80;
}

/* Whether the UTF-8 character at s is a capital (ASCII, Latin-1, Cyrillic). */
static int is_capital(const unsigned char *s) {
  return pith_text_starts_upper((const char *)s);
}

static int is_lower_letter(const unsigned char *s) {
  if (s[0] >= 'a' && s[0] <= 'z')
    return 1;
  if (s[0] == 0xC3 && s[1] >= 0x9F && s[1] <= 0xBF && s[1] != 0xB7)
    return 1;
  return (s[0] == 0xD0 && s[1] >= 0xB0 && s[1] <= 0xBF) ||
         (s[0] == 0xD1 && s[1] >= 0x80 && s[1] <= 0x9F);
}

typedef struct text_shape {
  size_t words, title_words, letter_words, short_lower, capitals, letters;
  size_t digits, commas;
} text_shape;

static void measure_words(const char *s, size_t len, text_shape *sh) {
  memset(sh, 0, sizeof *sh);
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    while (i < len && u[i] == ' ')
      i++;
    if (i >= len)
      break;
    size_t start = i, cps = 0;
    int lower = 1;
    while (i < len && u[i] != ' ') {
      if ((u[i] & 0xC0) != 0x80) {
        cps++;
        if (!is_lower_letter(u + i))
          lower = 0;
      }
      i++;
    }
    sh->words++;
    /* the first letter, after quotes and brackets */
    size_t f = start;
    while (f < i && !is_word_byte(u[f]))
      f++;
    if (f < i && !(u[f] >= '0' && u[f] <= '9')) {
      sh->letter_words++;
      sh->title_words += is_capital(u + f) != 0;
    }
    sh->short_lower += lower && cps <= 3;
  }
  for (i = 0; i < len; i++) {
    unsigned char c = u[i];
    if (c >= '0' && c <= '9')
      sh->digits++;
    else if (c == ',')
      sh->commas++;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
      sh->letters++;
      sh->capitals += c <= 'Z';
    } else if (c == 0xC3 || c == 0xD0 || c == 0xD1) {
      sh->letters++;
      sh->capitals += is_capital(u + i) != 0;
    }
  }
}

static int has_separator(const char *s) {
  return strstr(s, " | ") || strstr(s, "\xC2\xBB") /* » */ ||
         strstr(s, "\xE2\x80\xA2") /* • */ || strstr(s, " \xC2\xB7 ") ||
         strstr(s, " / ");
}

static int has_address(const char *s) {
  return strstr(s, "http") || strstr(s, "www.") || strchr(s, '@') ||
         pith_ascii_strcasestr(s, ".com");
}

static int has_list_mark(const char *s) {
  const unsigned char *u = (const unsigned char *)s;
  if ((u[0] == '-' || u[0] == '*' || u[0] == '+' || u[0] == '>') &&
      (u[1] == ' ' || is_word_byte(u[1])))
    return 1;
  if (u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0xA2) /* • */
    return 1;
  size_t d = 0;
  while (u[d] >= '0' && u[d] <= '9')
    d++;
  return d && d <= 3 && (u[d] == '.' || u[d] == ')') && u[d + 1] == ' ';
}

/* A time of day ("10:15", "9.30 pm") or a numeric date ("18/01/2008"). */
static int has_clock(const char *s) {
  for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
    if (!(u[0] >= '0' && u[0] <= '9'))
      continue;
    if ((u[1] == ':' || u[1] == '.') && u[2] >= '0' && u[2] <= '5' &&
        u[3] >= '0' && u[3] <= '9' && !(u[4] >= '0' && u[4] <= '9'))
      return 1;
    /* u[4] only after u[3] is known not to end the string */
    if ((u[1] == '/' || u[1] == '-') && u[2] >= '0' && u[2] <= '9' &&
        (u[3] == '/' || u[3] == '-' || (u[3] && (u[4] == '/' || u[4] == '-'))))
      return 1;
    if (u[1] == ' ' && (pith_text_has_prefix_ci((const char *)u + 2, 2, "am") ||
                        pith_text_has_prefix_ci((const char *)u + 2, 2, "pm")))
      return 1;
  }
  return 0;
}

/* Whether the n bytes at p are the word w (lower case), ignoring the case
 * of ASCII letters. */
static int word_is(const char *p, size_t n, const char *w) {
  for (size_t k = 0; k < n; k++) {
    unsigned char c = (unsigned char)p[k];
    if (c >= 'A' && c <= 'Z')
      c = (unsigned char)(c + 32);
    if (!w[k] || c != (unsigned char)w[k])
      return 0;
  }
  return w[n] == '\0';
}

/* The words of a reader's comment around its text. */
static int has_comment_cue(const char *s, size_t len) {
  static const char *const alone[] = {
      "reply",    "quote",          "report",    "report abuse", "permalink",
      "like",     "flag",           "respond",   "antworten",    "melden",
      "répondre", "signaler",       "responder", "rispondi",     "ответить",
      "reply ↓",  "log in to reply"};
  static const char *const inside[] = {
      " says:",    " said:",   " wrote:", " schrieb:",  " a écrit",
      " escribió", " scrive:", " пишет:", "in reply to"};
  if (len > 150)
    return 0;
  for (size_t i = 0; i < sizeof alone / sizeof *alone; i++)
    if ((word_is(s, len, alone[i]) ||
         (len > 1 && word_is(s, len - 1, alone[i]))))
      return 1;
  return pith_text_find_any(s, len, inside, sizeof inside / sizeof *inside) >=
         0;
}

static double share_words_of(const char *s) {
  /* a line of share words is caught by a rule; a line that is mostly
   * share words ("Share this article on Facebook") is a cue */
  static const char *const words[] = {
      "share",     "tweet",    "facebook", "twitter",   "email",    "e-mail",
      "print",     "whatsapp", "linkedin", "pinterest", "reddit",   "comment",
      "comments",  "mail",     "link",     "google+",   "digg",     "rss",
      "subscribe", "teilen",   "partager", "compartir", "condividi"};
  size_t total = 0, hits = 0;
  const char *p = s;
  while (*p) {
    while (*p == ' ')
      p++;
    if (!*p)
      break;
    const char *e = p;
    while (*e && *e != ' ')
      e++;
    total++;
    size_t n = (size_t)(e - p);
    if (n > 1 && !is_word_byte((unsigned char)p[n - 1]))
      n--; /* "Share:", "Print|" */
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
      if (word_is(p, n, words[i])) {
        hits++;
        break;
      }
    p = e;
  }
  return total ? (double)hits / (double)total : 0.0;
}

/* ---- the document ----------------------------------------------------------
 */

static uint64_t word_hash(const unsigned char *w, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = w[i];
    if (c >= 'A' && c <= 'Z')
      c = (unsigned char)(c + 32);
    h = (h ^ c) * 1099511628211ull;
  }
  return h ? h : 1;
}

/* Calls fn for every word of four or more characters in s. */
static void each_word(const char *s, size_t len,
                      void (*fn)(void *ctx, uint64_t hash), void *ctx) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    while (i < len && !is_word_byte(u[i]))
      i++;
    size_t start = i, cps = 0;
    while (i < len && is_word_byte(u[i])) {
      cps += (u[i] & 0xC0) != 0x80;
      i++;
    }
    if (cps >= 4)
      fn(ctx, word_hash(u + start, i - start));
  }
}

static size_t word_slot(const word_set *set, uint64_t h) {
  size_t slot = h & set->mask;
  while (set->hash[slot] && set->hash[slot] != h)
    slot = (slot + 1) & set->mask;
  return slot;
}

static void word_add(void *ctx, uint64_t h) {
  word_set *set = ctx;
  size_t slot = word_slot(set, h);
  set->hash[slot] = h;
  if (set->count[slot] < 255)
    set->count[slot]++;
}

typedef struct cohesion_count {
  const word_set *set;
  unsigned need; /* occurrences in the core that count */
  size_t words, shared;
} cohesion_count;

static void word_check(void *ctx, uint64_t h) {
  cohesion_count *c = ctx;
  c->words++;
  if (c->set->hash) {
    size_t slot = word_slot(c->set, h);
    c->shared += c->set->hash[slot] && c->set->count[slot] >= c->need;
  }
}

/* The runs of paragraphs (a run ends at CORE_GAP blocks that are not
 * prose) and the longest of them, the article's core. */
static void find_runs(debris_doc *d) {
  int32_t run = -1, best = -1;
  size_t gap = CORE_GAP;
  uint64_t bytes = 0, best_bytes = 0;
  for (size_t i = 0; i < d->n; i++) {
    line_fact *f = &d->facts[i];
    f->run = -1;
    if (f->flags & LINE_PROSE) {
      if (gap >= CORE_GAP) {
        run++;
        bytes = 0;
      }
      gap = 0;
      f->run = run;
      bytes += d->blocks->items[i].text_len;
      if (bytes > best_bytes) {
        best_bytes = bytes;
        best = run;
      }
    } else if (f->flags & LINE_BREAK) {
      gap = CORE_GAP;
    } else if (++gap < CORE_GAP && run >= 0) {
      f->run = run;
    }
  }
  d->core_run = best;
  d->core_bytes = best_bytes;
  d->core_first = 1;
  d->core_last = 0;
  for (size_t i = 0; i < d->n; i++)
    if (d->facts[i].run == best && best >= 0 &&
        (d->facts[i].flags & LINE_PROSE)) {
      if (d->core_first > d->core_last)
        d->core_first = i;
      d->core_last = i;
    }
}

/* Runs of short unfinished lines and of title-cased lines. */
static void find_line_runs(debris_doc *d) {
  for (int kind = 0; kind < 2; kind++) {
    uint8_t flag = kind ? LINE_TITLE_CASED : LINE_SHORT_UNFINISHED;
    size_t i = 0;
    while (i < d->n) {
      size_t j = i;
      while (j < d->n && (d->facts[j].flags & flag))
        j++;
      for (size_t k = i; k < j; k++) {
        if (kind)
          d->facts[k].title_run = (uint32_t)(j - i);
        else
          d->facts[k].short_run = (uint32_t)(j - i);
      }
      i = j > i ? j : i + 1;
    }
  }
}

/* Runs of lines of one shape, and how far each block stands from the
 * nearest prose above and below (a subheading has prose on both sides, a
 * teaser headline in a list of them does not). */
#define PROSE_GAP_CAP 20
static void find_shape_runs(debris_doc *d) {
  for (size_t i = 0; i < d->n;) {
    size_t j = i + 1;
    while (j < d->n && d->facts[j].shape == d->facts[i].shape)
      j++;
    for (size_t k = i; k < j; k++)
      d->facts[k].shape_run = (uint32_t)(j - i);
    i = j;
  }
  uint32_t gap = PROSE_GAP_CAP;
  for (size_t i = 0; i < d->n; i++) {
    d->facts[i].gap_above = gap;
    gap = (d->facts[i].flags & LINE_PROSE) ? 1
          : gap < PROSE_GAP_CAP            ? gap + 1
                                           : gap;
  }
  gap = PROSE_GAP_CAP;
  for (size_t i = d->n; i-- > 0;) {
    d->facts[i].gap_below = gap;
    gap = (d->facts[i].flags & LINE_PROSE) ? 1
          : gap < PROSE_GAP_CAP            ? gap + 1
                                           : gap;
  }
}

/* How far each block stands from the nearest line removed as the site's
 * furniture above and below, and the site words of its neighbours. */
static double site_words_of(const char *s);
static double share_words_of(const char *s);
static void find_furniture(debris_doc *d) {
  uint32_t gap = PROSE_GAP_CAP;
  for (size_t i = 0; i < d->n; i++) {
    d->facts[i].furniture_above = gap;
    gap = d->facts[i].furniture ? 1 : gap < PROSE_GAP_CAP ? gap + 1 : gap;
  }
  gap = PROSE_GAP_CAP;
  for (size_t i = d->n; i-- > 0;) {
    d->facts[i].furniture_below = gap;
    gap = d->facts[i].furniture ? 1 : gap < PROSE_GAP_CAP ? gap + 1 : gap;
  }
  for (size_t i = 0; i < d->n; i++) {
    const pith_block *b = &d->blocks->items[i];
    line_fact *f = &d->facts[i];
    f->words = (uint32_t)pith_text_count_words(b->text, b->text_len);
    f->site_words = 0;
    if (b->text_len < 400) {
      double site = site_words_of(b->text), share = share_words_of(b->text);
      f->site_words = (float)(site > share ? site : share);
    }
  }
}

/* How often each block's text occurs: the blocks sorted by the hash of
 * their text, equal texts counted within a run of equal hashes. */
typedef struct text_key {
  uint64_t hash;
  size_t index;
} text_key;

static int by_key(const void *a, const void *b) {
  const text_key *x = a, *y = b;
  if (x->hash != y->hash)
    return x->hash < y->hash ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

static int count_copies(debris_doc *d) {
  text_key *keys = malloc((d->n ? d->n : 1) * sizeof *keys);
  if (!keys)
    return -1;
  for (size_t i = 0; i < d->n; i++) {
    const pith_block *b = &d->blocks->items[i];
    keys[i].hash = word_hash((const unsigned char *)b->text, b->text_len);
    keys[i].index = i;
  }
  qsort(keys, d->n, sizeof *keys, by_key);
  for (size_t i = 0; i < d->n;) {
    size_t j = i;
    while (j < d->n && keys[j].hash == keys[i].hash)
      j++;
    for (size_t a = i; a < j; a++) {
      const pith_block *x = &d->blocks->items[keys[a].index];
      uint32_t copies = 0;
      for (size_t b = i; b < j && copies < 1000; b++) {
        const pith_block *y = &d->blocks->items[keys[b].index];
        copies += x->text_len == y->text_len &&
                  memcmp(x->text, y->text, x->text_len) == 0;
      }
      d->facts[keys[a].index].copies = copies;
    }
    i = j;
  }
  free(keys);
  return 0;
}

/* A coarse signature of a line's form: what it starts with, whether it
 * has digits, its words and length in buckets, how it ends. */
static uint8_t shape_of(const pith_block *b, uint32_t chars) {
  const unsigned char *u = (const unsigned char *)b->text;
  unsigned first = pith_text_starts_upper(b->text) ? 0
                   : is_lower_letter(u)            ? 1
                   : (u[0] >= '0' && u[0] <= '9')  ? 2
                                                   : 3;
  size_t words = pith_text_count_words(b->text, b->text_len);
  unsigned wb = words <= 1 ? 0 : words <= 3 ? 1 : words <= 7 ? 2 : 3;
  unsigned lb = chars < 12 ? 0 : chars < 30 ? 1 : chars < 80 ? 2 : 3;
  int digit = strpbrk(b->text, "0123456789") != NULL;
  int end = pith_text_ends_clause(b->text, b->text_len);
  return (uint8_t)(first | wb << 2 | lb << 4 | (unsigned)digit << 6 |
                   (unsigned)end << 7);
}

static int is_marker(const pith_block *b) {
  return (pith_debris_is_tail_marker(b->text, b->text_len) ||
          pith_debris_is_comments_heading(b->text, b->text_len)) &&
         !pith_text_ends_sentence(b->text, b->text_len);
}

static void measure_lines(debris_doc *d) {
  uint64_t before = 0;
  unsigned headers = 0;
  for (size_t i = 0; i < d->n; i++) {
    const pith_block *b = &d->blocks->items[i];
    line_fact *f = &d->facts[i];
    f->before = before;
    before += b->text_len;
    f->chars = (uint32_t)pith_utf8_length(b->text, b->text_len);
    f->flags = 0;
    if (pith_text_ends_sentence(b->text, b->text_len))
      f->flags |= LINE_ENDS_SENTENCE;
    if (pith_text_ends_clause(b->text, b->text_len))
      f->flags |= LINE_ENDS_CLAUSE;
    if (b->drop)
      f->flags |= LINE_REMOVED;
    else if (f->chars >= PROSE_MIN_CHARS && b->kind != BLOCK_HEADING &&
             b->kind != BLOCK_CAPTION &&
             ((f->flags & LINE_ENDS_CLAUSE) ||
              pith_text_has_sentence_stop(b->text)))
      f->flags |= LINE_PROSE;
    if (f->chars < SHORT_LINE_CHARS && !(f->flags & LINE_ENDS_CLAUSE))
      f->flags |= LINE_SHORT_UNFINISHED;
    if (f->chars < 200 && !(f->flags & LINE_ENDS_SENTENCE)) {
      text_shape sh;
      measure_words(b->text, b->text_len, &sh);
      if (sh.letter_words && sh.title_words * 10 >= sh.letter_words * 6)
        f->flags |= LINE_TITLE_CASED;
    }
    if (is_marker(b))
      f->flags |= LINE_MARKER | LINE_BREAK;
    else if (f->chars < 100 && (has_comment_cue(b->text, b->text_len) ||
                                pith_debris_is_dateline(b->text, b->text_len) ||
                                pith_debris_is_byline(b->text, b->text_len)))
      f->flags |= LINE_BREAK;
    f->shape = shape_of(b, f->chars);
    f->furniture = (uint8_t)pith_debris_is_furniture(b);
    f->headers_above = (uint8_t)headers;
    if (headers < 3 && f->chars < 100 &&
        pith_debris_is_comment_header(b->text, b->text_len))
      headers++;
  }
  d->total = before;
  /* below a marker until the next paragraph of prose */
  int marker = 0, any_marker = 0;
  uint64_t prose = 0;
  for (size_t i = 0; i < d->n; i++) {
    line_fact *f = &d->facts[i];
    if (f->flags & LINE_PROSE && f->chars >= 150)
      marker = 0;
    f->after_marker = (uint8_t)marker;
    f->marker_above = (uint8_t)any_marker;
    if (f->flags & LINE_MARKER)
      marker = any_marker = 1;
    f->prose_before = prose;
    if (f->flags & LINE_PROSE)
      prose += d->blocks->items[i].text_len;
  }
  d->prose = prose;
}

static int build_core_words(debris_doc *d) {
  size_t words = 0;
  for (size_t i = d->core_first; i <= d->core_last && i < d->n; i++)
    words += d->blocks->items[i].text_len / 4 + 1;
  if (d->core_first > d->core_last)
    return 0;
  size_t cap = 64;
  while (cap < words * 2)
    cap *= 2;
  d->words.hash = calloc(cap, sizeof *d->words.hash);
  d->words.count = calloc(cap, 1);
  d->words.mask = cap - 1;
  if (!d->words.hash || !d->words.count)
    return -1;
  for (size_t i = d->core_first; i <= d->core_last; i++)
    if (d->facts[i].flags & LINE_PROSE && d->facts[i].run == d->core_run)
      each_word(d->blocks->items[i].text, d->blocks->items[i].text_len,
                word_add, &d->words);
  return 0;
}

static void find_cohesion(debris_doc *d) {
  for (size_t i = 0; i < d->n; i++) {
    const pith_block *b = &d->blocks->items[i];
    line_fact *f = &d->facts[i];
    int in_core = f->run == d->core_run && (f->flags & LINE_PROSE);
    cohesion_count c = {&d->words, in_core ? 2u : 1u, 0, 0};
    each_word(b->text, b->text_len, word_check, &c);
    f->long_words = (uint32_t)c.words;
    f->shared_words = (uint32_t)c.shared;
  }
}

/* Whether the runs of short unfinished lines open under a label: a tail
 * marker or a line a rule removed as the site's furniture, just above. */
static void find_run_heads(debris_doc *d) {
  size_t i = 0;
  while (i < d->n) {
    if (!(d->facts[i].flags & LINE_SHORT_UNFINISHED) ||
        (d->facts[i].flags & LINE_REMOVED)) {
      i++;
      continue;
    }
    size_t j = i;
    while (j < d->n && (d->facts[j].flags & LINE_SHORT_UNFINISHED) &&
           !(d->facts[j].flags & LINE_REMOVED))
      j++;
    int label = i > 0 && ((d->facts[i - 1].flags & LINE_MARKER) ||
                          d->facts[i - 1].furniture);
    for (size_t k = i; k < j; k++)
      d->facts[k].run_head_label = (uint8_t)label;
    i = j;
  }
}

debris_doc *pith_debris_doc_new(const pith_blocks *blocks,
                                const debris_context *ctx) {
  debris_doc *d = calloc(1, sizeof *d);
  if (!d) {
    pith_nomem_note();
    return NULL;
  }
  d->blocks = blocks;
  d->ctx = ctx;
  d->n = blocks->count;
  d->facts = calloc(d->n ? d->n : 1, sizeof *d->facts);
  if (!d->facts) {
    pith_nomem_note();
    free(d);
    return NULL;
  }
  measure_lines(d);
  find_runs(d);
  find_line_runs(d);
  find_shape_runs(d);
  find_furniture(d);
  if (count_copies(d) < 0 || build_core_words(d) < 0) {
    pith_nomem_note();
    pith_debris_doc_free(d);
    return NULL;
  }
  find_cohesion(d);
  find_run_heads(d);
  return d;
}

void pith_debris_doc_free(debris_doc *d) {
  if (!d)
    return;
  free(d->facts);
  free(d->words.hash);
  free(d->words.count);
  free(d);
}

/* ---- the vector -------------------------------------------------------------
 */

/* Counts go in as they are: the trees split on thresholds, which no
 * monotone rescaling changes. */
static float count(double x) {
  return (float)x;
}

static float share(double part, double whole) {
  return whole > 0 ? (float)(part / whole) : 0.0f;
}

static void own_text(const debris_doc *d, size_t i, float *out) {
  const pith_block *b = &d->blocks->items[i];
  const line_fact *f = &d->facts[i];
  text_shape sh;
  measure_words(b->text, b->text_len, &sh);
  out[DF_LENGTH] = count(f->chars);
  out[DF_WORDS] = count((double)sh.words);
  out[DF_ENDS_SENTENCE] = (f->flags & LINE_ENDS_SENTENCE) != 0;
  out[DF_ENDS_COLON] =
      (f->flags & LINE_ENDS_CLAUSE) && !(f->flags & LINE_ENDS_SENTENCE);
  out[DF_TITLE_CASE] = share((double)sh.title_words, (double)sh.letter_words);
  out[DF_CAPITALS] = share((double)sh.capitals, (double)sh.letters);
  out[DF_DIGITS] = share((double)sh.digits, (double)b->text_len);
  out[DF_INNER_STOP] =
      pith_text_has_sentence_stop(b->text) &&
      (strstr(b->text, ". ") || strstr(b->text, "? ") || strstr(b->text, "! "));
  out[DF_SEPARATORS] = has_separator(b->text) != 0;
  out[DF_ADDRESS] = has_address(b->text) != 0;
  out[DF_SHORT_WORDS] = share((double)sh.short_lower, (double)sh.words);
  out[DF_LOWER_START] = is_lower_letter((const unsigned char *)b->text);
  out[DF_COMMAS] = share((double)sh.commas, (double)sh.words);
  out[DF_LIST_MARK] = has_list_mark(b->text);
  out[DF_CLOCK] = has_clock(b->text);
  out[DF_LINK_SHARE] = share((double)b->link_len, (double)b->text_len);
  out[DF_HEADING] = b->kind == BLOCK_HEADING;
  out[DF_LIST_ITEM] = b->kind == BLOCK_LIST_ITEM;
  out[DF_NEAR_MEDIA] = b->near_media != 0;
}

static void position(const debris_doc *d, size_t i, float *out) {
  const line_fact *f = &d->facts[i];
  int core = d->core_first <= d->core_last;
  out[DF_POSITION] = share((double)i, (double)d->n);
  out[DF_TEXT_BEFORE] = share((double)f->before, (double)d->total);
  out[DF_BEFORE_CORE] = core && i < d->core_first;
  out[DF_AFTER_CORE] = !core || i > d->core_last;
  out[DF_LINES_BEFORE] =
      core && i < d->core_first ? count((double)(d->core_first - i)) : 0;
  out[DF_LINES_AFTER] = core && i > d->core_last
                            ? count((double)(i - d->core_last))
                            : (core ? 0 : count((double)i));
  out[DF_IN_CORE] = core && f->run == d->core_run;
  out[DF_OTHER_RUN] = f->run >= 0 && f->run != d->core_run;
  out[DF_CORE_SHARE] = share((double)d->core_bytes, (double)d->total);
}

static void neighbours(const debris_doc *d, size_t i, float *out) {
  const line_fact *f = &d->facts[i];
  const pith_block *b = &d->blocks->items[i];
  const line_fact *prev = i > 0 ? &d->facts[i - 1] : NULL;
  const line_fact *next = i + 1 < d->n ? &d->facts[i + 1] : NULL;
  out[DF_PREV_LENGTH] = prev ? count(prev->chars) : 0;
  out[DF_PREV_SENTENCE] = prev && (prev->flags & LINE_ENDS_SENTENCE);
  out[DF_NEXT_LENGTH] = next ? count(next->chars) : 0;
  out[DF_NEXT_SENTENCE] = next && (next->flags & LINE_ENDS_SENTENCE);
  out[DF_SHORT_RUN] = count(f->short_run);
  out[DF_TITLE_RUN] = count(f->title_run);
  int in_core = f->run == d->core_run && (f->flags & LINE_PROSE);
  cohesion_count c = {&d->words, in_core ? 2u : 1u, 0, 0};
  each_word(b->text, b->text_len, word_check, &c);
  out[DF_COHESION] = share((double)c.shared, (double)c.words);
  out[DF_NO_WORDS] = c.words == 0;
  out[DF_PREV_REMOVED] = prev && (prev->flags & LINE_REMOVED);
  out[DF_NEXT_REMOVED] = next && (next->flags & LINE_REMOVED);
}

static int same_text(const pith_block *a, const pith_block *b) {
  return a->text_len == b->text_len &&
         memcmp(a->text, b->text, a->text_len) == 0;
}

static void repetition(const debris_doc *d, size_t i, float *out) {
  const pith_block *b = &d->blocks->items[i];
  int repeated = d->facts[i].copies > 1 && b->text_len >= 20;
  int near = 0;
  for (size_t k = i >= 2 ? i - 2 : 0; repeated && k <= i + 2 && k < d->n; k++)
    if (k != i && same_text(b, &d->blocks->items[k]))
      near = 1;
  out[DF_REPEATED] = repeated;
  out[DF_REPEAT_NEAR] = near;
  out[DF_REPEAT_CUE] =
      near &&
      (!(d->facts[i].flags & LINE_ENDS_SENTENCE) ||
       pith_debris_has_credit_cue(b->text, b->text_len) || b->near_media);
}

static void phrases(const debris_doc *d, size_t i, float *out) {
  const pith_block *b = &d->blocks->items[i];
  const char *s = b->text;
  size_t len = b->text_len;
  out[DF_BOILERPLATE] = len < 400 && pith_debris_is_boilerplate(s, len);
  out[DF_TAIL_MARKER] = (d->facts[i].flags & LINE_MARKER) != 0;
  out[DF_AFTER_MARKER] = d->facts[i].after_marker;
  out[DF_SHARE_WORDS] = len < 300 ? (float)share_words_of(s) : 0.0f;
  out[DF_BYLINE] = pith_debris_is_byline(s, len);
  out[DF_DATELINE] = pith_debris_is_dateline(s, len);
  out[DF_CREDIT] = pith_debris_has_credit_cue(s, len) ||
                   pith_debris_ends_with_credit(s, len) ||
                   pith_debris_is_contributor(s, len);
  out[DF_CAPTION_LABEL] = (len < 400 && pith_debris_is_caption_prefix(s)) ||
                          pith_debris_is_figure_label(s, len);
  out[DF_SEE_ALSO] = len < 400 && pith_debris_is_reference(s);
  out[DF_STRAY_CAPTION] =
      pith_debris_is_stray_caption(d->blocks, i, &d->ctx->tune->debris);
  out[DF_COMMENT_CUE] = has_comment_cue(s, len);
  out[DF_NOTICE] = pith_debris_is_notice(s, len);
}

/* Words of a site's own furniture, in the languages of the phrase lists. */
static double site_words_of(const char *s) {
  static const char *const words[] = {
      "comment",    "comments",   "reply",      "subscribe",   "subscription",
      "login",      "log",        "sign",       "register",    "newsletter",
      "copyright",  "rights",     "reserved",   "advertise",   "advertisement",
      "sponsored",  "privacy",    "cookies",    "terms",       "rss",
      "feed",       "share",      "print",      "email",       "e-mail",
      "posted",     "tags",       "tagged",     "related",     "popular",
      "trending",   "gallery",    "photos",     "video",       "download",
      "app",        "follow",     "click",      "here",        "kommentar",
      "kommentare", "anmelden",   "abonnieren", "datenschutz", "impressum",
      "werbung",    "anzeige",    "teilen",     "commentaire", "commentaires",
      "abonner",    "publicité",  "partager",   "comentario",  "comentarios",
      "suscribir",  "publicidad", "compartir",  "commento",    "commenti"};
  size_t total = 0, hits = 0;
  const char *p = s;
  while (*p) {
    while (*p && !is_word_byte((unsigned char)*p))
      p++;
    if (!*p)
      break;
    const char *e = p;
    while (*e && (is_word_byte((unsigned char)*e) || *e == '-'))
      e++;
    total++;
    size_t n = (size_t)(e - p);
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
      if (word_is(p, n, words[i])) {
        hits++;
        break;
      }
    p = e;
  }
  return total ? (double)hits / (double)total : 0.0;
}

static int has_caption_cue(const char *s) {
  static const char *const cues[] = {
      "pictured", ", left,", ", right,", "(left)",    "(right)",     "(center)",
      "(centre)", "(l)",     "(r)",      "(ap photo", "(reuters",    "(afp",
      "/ap)",     "/afp)",   "photo by", "photo:",    "photograph:", "image:",
      "(photo",   "foto:",   "bild:",    "(file)",    "file photo"};
  return pith_text_find_any(s, PITH_UNTIL_NUL, cues,
                            sizeof cues / sizeof *cues) >= 0;
}

/* The most lines of its shape at one step from it, two before and two
 * after, for steps of 2 to 8. */
static unsigned periodic(const debris_doc *d, size_t i) {
  unsigned best = 0;
  for (size_t step = 2; step <= 8; step++) {
    unsigned same = 0;
    for (int k = -2; k <= 2; k++) {
      if (!k || (k < 0 && (size_t)(-k) * step > i))
        continue;
      size_t j = k < 0 ? i - (size_t)(-k) * step : i + (size_t)k * step;
      same += j < d->n && d->facts[j].shape == d->facts[i].shape;
    }
    if (same > best)
      best = same;
  }
  return best;
}

static void context(const debris_doc *d, size_t i, float *out) {
  const line_fact *f = &d->facts[i];
  const pith_block *b = &d->blocks->items[i];
  out[DF_PROSE_ABOVE] = share((double)f->prose_before, (double)d->prose);
  uint64_t below =
      d->prose - f->prose_before - ((f->flags & LINE_PROSE) ? b->text_len : 0);
  out[DF_PROSE_BELOW] = share((double)below, (double)d->prose);
  out[DF_MARKER_ABOVE] = f->marker_above;
  out[DF_CAPTION_CUE] = b->text_len < 600 && has_caption_cue(b->text);
  out[DF_SITE_WORDS] = b->text_len < 400 ? (float)site_words_of(b->text) : 0;
  size_t prose = 0, removed = 0;
  for (size_t k = i >= 3 ? i - 3 : 0; k <= i + 3 && k < d->n; k++) {
    if (k == i)
      continue;
    prose += (d->facts[k].flags & LINE_PROSE) != 0;
    removed += (d->facts[k].flags & LINE_REMOVED) != 0;
  }
  out[DF_NEAR_PROSE] = (float)prose;
  out[DF_NEAR_REMOVED] = (float)removed;
  out[DF_FIRST] = i == 0;
  out[DF_PERIODIC] = (float)periodic(d, i);
  out[DF_DATE] =
      b->text_len < 300 && pith_debris_has_date(b->text, b->text_len);
}

/* Whether the line ends with "..." or "…". */
static int ends_with_ellipsis(const char *s, size_t len) {
  while (len && s[len - 1] == ' ')
    len--;
  return (len >= 3 && memcmp(s + len - 3, "...", 3) == 0) ||
         (len >= 3 && memcmp(s + len - 3, "\xE2\x80\xA6", 3) == 0);
}

/* Whether the line ends with a count in brackets: "(12)", "[3]". */
static int ends_with_count(const char *s, size_t len) {
  while (len && s[len - 1] == ' ')
    len--;
  if (len < 3 || (s[len - 1] != ')' && s[len - 1] != ']'))
    return 0;
  size_t k = len - 1, digits = 0;
  while (k && s[k - 1] >= '0' && s[k - 1] <= '9') {
    k--;
    digits++;
  }
  return digits && k && (s[k - 1] == '(' || s[k - 1] == '[');
}

static int has_letter(const char *s, size_t len) {
  for (size_t k = 0; k < len; k++) {
    unsigned char c = (unsigned char)s[k];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0xC3)
      return 1;
  }
  return 0;
}

static void surroundings(const debris_doc *d, size_t i, float *out) {
  const line_fact *f = &d->facts[i];
  const pith_block *b = &d->blocks->items[i];
  out[DF_PROSE_GAP_ABOVE] = count(f->gap_above);
  out[DF_PROSE_GAP_BELOW] = count(f->gap_below);
  out[DF_SHAPE_RUN] = count(f->shape_run);
  out[DF_ELLIPSIS] = ends_with_ellipsis(b->text, b->text_len);
  out[DF_COUNT_END] = ends_with_count(b->text, b->text_len);
  out[DF_NO_LETTERS] = b->text_len && !has_letter(b->text, b->text_len);
  out[DF_NAV_WORD] =
      b->text_len < 40 && pith_debris_opens_with_nav_word(b->text, b->text_len);
  out[DF_COMMENT_HEADERS] = f->headers_above;
  out[DF_FURNITURE_ABOVE] = count(f->furniture_above);
  out[DF_FURNITURE_BELOW] = count(f->furniture_below);
  double words = 0, site = 0;
  for (size_t k = i >= 2 ? i - 2 : 0; k <= i + 2 && k < d->n; k++) {
    if (k == i)
      continue;
    words += d->facts[k].words;
    site += d->facts[k].site_words * (double)d->facts[k].words;
  }
  out[DF_NEAR_SITE_WORDS] = share(site, words);
  double long_words = 0, shared = 0;
  for (size_t k = i >= 2 ? i - 2 : 0; k <= i + 2 && k < d->n; k++) {
    if (k == i)
      continue;
    long_words += d->facts[k].long_words;
    shared += d->facts[k].shared_words;
  }
  out[DF_NEAR_COHESION] = share(shared, long_words);
  out[DF_RUN_HEAD_LABEL] = f->run_head_label;
}

int pith_debris_plain_prose(const debris_doc *d, size_t i) {
  const line_fact *f = &d->facts[i];
  return f->chars >= 150 && (f->flags & LINE_ENDS_SENTENCE) &&
         f->headers_above < 2;
}

int pith_debris_table_cell(const debris_doc *d, size_t i) {
  return d->facts[i].chars < TABLE_CELL_CHARS && periodic(d, i) == 4;
}

void pith_debris_features(const debris_doc *d, size_t i, float *out) {
  own_text(d, i, out);
  position(d, i, out);
  neighbours(d, i, out);
  repetition(d, i, out);
  phrases(d, i, out);
  context(d, i, out);
  surroundings(d, i, out);
}
