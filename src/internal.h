/* Internal interfaces between the pipeline stages. Not installed.
 *
 *   bytes --decode--> UTF-8 --parse--> DOM --meta--> pith_meta
 *         DOM --prune--> DOM --select--> node --blocks--> blocks
 *         blocks --debris--> blocks --render--> text / markdown / JSON
 *
 * Each stage owns what it returns until it hands it on; "caller frees" is said
 * where it applies. */
#ifndef PITH_INTERNAL_H
#define PITH_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "pith.h"
#include "text.h"
#include "tuning.h"

/* ---- buf.c: a growable byte buffer with a hard cap ---------------------- */

typedef struct pith_buf {
  char *data; /* always NUL-terminated when non-NULL */
  size_t len;
  size_t cap;
  size_t max; /* appends past this fail; 0 means no cap */
  int failed; /* set once an append failed; later appends are no-ops */
} pith_buf;

void pith_buf_init(pith_buf *b, size_t max);
/* Makes room for n bytes (and the NUL) at once, so that appends up to
 * that length do not reallocate. Returns 0, or -1 out of memory (the
 * buffer has then failed, as after a failed append). */
int pith_buf_reserve(pith_buf *b, size_t n);
int pith_buf_append(pith_buf *b, const char *s, size_t n); /* 0 ok, -1 failed */
int pith_buf_puts(pith_buf *b, const char *s);
int pith_buf_putc(pith_buf *b, char c);
/* Returns the data (caller frees) and resets the buffer; "" if empty. NULL if
 * the buffer failed. */
char *pith_buf_detach(pith_buf *b);
void pith_buf_free(pith_buf *b);

/* ---- util.c: memory ---------------------------------------------------- */

char *pith_strndup(const char *s, size_t n);
char *pith_strdup(const char *s);
/* Allocation failures in stages that go on without the value (metadata,
 * duplicate detection, links) are noted here, per thread, so that
 * pith_extract and pith_clean_text still report PITH_ERR_NOMEM:
 * pith_nomem_note() at the failure, pith_nomem_take() returns whether one
 * was noted since the last take and clears it. */
void pith_nomem_note(void);
int pith_nomem_take(void);

/* ---- util.c: a memo of a function of strings ---------------------------
 * Class and id values repeat across a page ("item", "nav-link" on every
 * entry of a list): a walk keeps the results of the last values it
 * judged, keyed by a hash of their bytes, and judges each distinct value
 * about once. The values are the tree's own strings, alive while the walk
 * runs; the memo lives on the walk's stack, zeroed. */
/* A hash of n bytes, eight bytes per multiplication: a byte-at-a-time
 * hash waits on one multiplication per byte of every class value. Its high
 * bits are the best mixed. */
static inline uint64_t pith_hash_bytes(const char *s, size_t n) {
  uint64_t h = n, word;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    memcpy(&word, s + i, 8);
    h = (h ^ word) * UINT64_C(0x9E3779B97F4A7C15);
  }
  for (word = 0; i < n; i++)
    word = (word << 8) | (unsigned char)s[i];
  return (h ^ word) * UINT64_C(0x9E3779B97F4A7C15);
}

#define PITH_MEMO_SLOTS 256
typedef struct pith_memo_slot {
  const char *value;
  size_t len;
  unsigned result;
} pith_memo_slot;
/* compute(v) from the memo, computed and kept on a miss; 0 for NULL.
 * Inline: it runs for every class and id of a page, and compute is then
 * known where it is called. */
static inline unsigned pith_memo_get(pith_memo_slot memo[PITH_MEMO_SLOTS],
                                     const char *v,
                                     unsigned (*compute)(const char *)) {
  if (!v)
    return 0;
  size_t len = strlen(v);
  uint64_t h = pith_hash_bytes(v, len);
  pith_memo_slot *slot = &memo[(h >> 40) & (PITH_MEMO_SLOTS - 1)];
  if (slot->value && slot->len == len && memcmp(slot->value, v, len) == 0)
    return slot->result;
  slot->value = v;
  slot->len = len;
  slot->result = compute(v);
  return slot->result;
}

/* ---- limits.c: the document limits of pith_options ----------------------
 * Options with every limit field filled (0 takes the default), the time the
 * document must be done by, and the error for each limit. */
typedef struct pith_limits {
  pith_options opt;
  unsigned long long deadline_ms; /* on pith_limits_now_ms()'s clock */
  uint64_t rules_off; /* opt.disabled_rules as a mask of debris rule ids */
  const struct pith_debris_trace *trace; /* NULL but for training tools */
} pith_limits;

void pith_limits_start(pith_limits *l, const pith_options *options);
unsigned long long pith_limits_now_ms(void);
/* 1 when the time for the document is up (and the error set in r). */
int pith_limits_time_up(const pith_limits *l, struct pith_result *r);
/* Sets r's status and a message naming the limit and how to raise it;
 * returns PITH_ERR_LIMIT. `what` is e.g. "elements nested deeper",
 * `field` the pith_options field, `value` its value, `flag` the CLI flag
 * (or NULL). */
pith_status pith_limits_fail(struct pith_result *r, const char *what,
                             const char *field, unsigned long long value,
                             const char *flag);
/* The common front of the public entry points: checks the arguments,
 * starts the limits' clock, allocates the result into *result and runs
 * `body` on the input ("" when NULL with length 0). */
typedef pith_status (*pith_body_fn)(const char *in, size_t len,
                                    const pith_limits *lim,
                                    struct pith_result *r);
pith_status pith_limits_run(const char *in, size_t len,
                            const pith_options *options,
                            struct pith_result **result, pith_body_fn body);
/* The same, with a view into the debris stage (see pith_debris_trace). */
pith_status pith_limits_run_traced(const char *in, size_t len,
                                   const pith_options *options,
                                   const struct pith_debris_trace *trace,
                                   struct pith_result **result,
                                   pith_body_fn body);

/* ---- decode.c: charset detection and conversion to UTF-8 --------------- */

/* Converts `len` bytes of a page to UTF-8. The charset is chosen in this
 * order: byte-order mark, the charset parameter of `content_type` (may be
 * NULL), a <meta charset> or <meta http-equiv> in the first 4 KB, the XML
 * declaration, then a sniff (UTF-16 without BOM, valid UTF-8, else
 * windows-1252). Labels are normalised as the WHATWG Encoding standard does.
 * A declared legacy charset over bytes that are valid, non-ASCII UTF-8 is
 * taken to be a server default and ignored. Invalid sequences become U+FFFD
 * and NUL bytes are dropped, so the output is always valid UTF-8 and safe as
 * a C string. On success *out (NUL-terminated, caller frees) and *out_len
 * are set, and the name of the charset used is copied into `charset`
 * (lower-case, at most charset_size-1 bytes; may be NULL). Returns PITH_OK,
 * PITH_ERR_NOMEM or PITH_ERR_ENCODING. */
pith_status pith_decode_to_utf8(const char *in, size_t len,
                                const char *content_type, char **out,
                                size_t *out_len, char *charset,
                                size_t charset_size);
/* The same, with a warning written to `warning` (at most warning_size-1
 * bytes; "" when none) when the document declared a charset that cannot
 * be read, so that a guess was used. When nothing is declared and the bytes
 * are not UTF-8, the charset is detected (uchardet) before windows-1252 is
 * assumed. */
pith_status pith_decode_to_utf8_warn(const char *in, size_t len,
                                     const char *content_type, char **out,
                                     size_t *out_len, char *charset,
                                     size_t charset_size, char *warning,
                                     size_t warning_size);

/* The same, without a copy when the input is already well-formed UTF-8
 * with no NUL byte (most pages): *view is then the input after any BOM
 * and *out is NULL; otherwise *out is the decoded copy (the caller frees
 * it) and *view is *out. *out_len is the length of *view. */
pith_status pith_decode_to_utf8_view(const char *in, size_t len,
                                     const char *content_type,
                                     const char **view, char **out,
                                     size_t *out_len, char *charset,
                                     size_t charset_size, char *warning,
                                     size_t warning_size);

/* Whether the bytes look like a binary file (image, PDF, archive, many NUL
 * bytes) rather than text. */
int pith_decode_looks_binary(const char *in, size_t len);

/* ---- dom.c: walking any libxml2 tree, annotated or not ---------------- */

/* Pre-order successor of cur within root (NULL after the last node);
 * skip_children jumps over cur's subtree. Iterative: no stack, whatever the
 * depth. */
xmlNodePtr pith_dom_next(xmlNodePtr cur, xmlNodePtr root, int skip_children);

/* ---- parse.c ----------------------------------------------------------- */

/* Parses UTF-8 HTML with libxml2 (recover mode, no network, no errors
 * printed). Returns NULL on failure. Caller frees with xmlFreeDoc. */
htmlDocPtr pith_parse_html(const char *utf8, size_t len, const char *url);

/* ---- meta.c: metadata ------------------------------------------------------
 * Read from the whole, unpruned document. Every field is a malloc'd UTF-8
 * string or NULL. */
typedef struct pith_meta {
  char *title;
  char *author;
  char *date; /* ISO 8601 */
  char *sitename;
  char *hostname;
  char *url;
  char *canonical_url;
  char *language;
  char *description;
  char *image;
  char *categories;
  char *tags;
  char *page_type;    /* the JSON-LD / og:type type, e.g. "NewsArticle" */
  char *article_body; /* JSON-LD articleBody, a hint for selection */
  char *ingredients;  /* JSON-LD recipeIngredient, one per line */
} pith_meta;

void pith_meta_extract(htmlDocPtr doc, const char *url, pith_meta *meta);
/* The same in two steps, the walk over the elements done by
 * pith_dom_read while it annotates them (the element and its attributes
 * are then read once): a collector, given to pith_dom_read as its visitor
 * with pith_meta_visit_element, then the fields from what it gathered.
 * pith_meta_collector_new returns NULL when out of memory, and
 * pith_meta_extract_collected takes NULL for it (the fields are left
 * empty) and frees it. */
struct collector;
struct node_info;
struct collector *pith_meta_collector_new(void);
void pith_meta_visit_element(void *collector, xmlNodePtr n,
                             const struct node_info *info, size_t index);
void pith_meta_extract_collected(htmlDocPtr doc, struct collector *c,
                                 const char *url, pith_meta *meta);
/* The first date in s (ISO 8601, RFC 2822, "November 19, 2019", "19 November
 * 2019", "2019/11/19", "19.11.2019", "20191119", month names in en/de/fr/es/
 * it/pt/nl) written to out as "YYYY-MM-DD", or "YYYY-MM-DDTHH:MM:SS" plus the
 * zone ("Z", "+01:00") when s has a time of day. Years outside 1995..next
 * year are refused. Returns 1 when a date was written. out_size >= 11; >= 26
 * for timestamps. */
int pith_meta_parse_date(const char *s, char *out, size_t out_size);
void pith_meta_free(pith_meta *meta);

/* ---- url.c: URL resolution (libcurl's URL API) ------------------------- */

/* Resolves `ref` against `base` (either may be NULL). Returns a new string
 * (caller frees) or NULL when it cannot be resolved. */
char *pith_url_resolve(const char *base, const char *ref);
/* The host part of a URL, lower-case, without "www.". Caller frees. */
char *pith_url_hostname(const char *url);

/* ---- blocks ------------------------------------------------------------- */

typedef enum block_kind {
  BLOCK_PARAGRAPH,
  BLOCK_HEADING,
  BLOCK_LIST_ITEM,
  BLOCK_QUOTE,
  BLOCK_CODE,
  BLOCK_TABLE,
  BLOCK_CAPTION, /* figcaption, credit lines next to media */
} block_kind;

/* An image of the body (options.images). */
typedef struct pith_image {
  char *url; /* absolute when the page's URL is known */
  char *alt; /* "" when none */
} pith_image;

/* What the learned debris model said of a block: the probability that it
 * is debris (-1 when the model did not judge it) and the features that
 * weighed most (ids into pith_debris_feature_info, -1 for none) with
 * their shares of the score in log-odds. */
#define PITH_MODEL_WHY 3
typedef struct pith_model_why {
  float p;
  signed char feature[PITH_MODEL_WHY];
  float value[PITH_MODEL_WHY];  /* the feature's value for the block */
  float weight[PITH_MODEL_WHY]; /* its share of the score */
} pith_model_why;

typedef struct pith_block {
  block_kind kind;
  int level;          /* heading level 1-6; list nesting depth from 1 */
  int ordered;        /* list item of an <ol> */
  char *text;         /* plain text, white space normalised (code: kept) */
  char *markdown;     /* the same as Markdown */
  size_t text_len;    /* bytes in text */
  size_t link_len;    /* bytes of text inside links */
  unsigned list_id;   /* items of one list share an id (from 1); else 0 */
  unsigned item_no;   /* 1-based position of a list item in its list */
  int near_media;     /* next to an img/figure/video in the source */
  int in_figure;      /* inside <figure> or a caption/credit container */
  int story_caption;  /* a caption of a photo story, built as its text */
  size_t source_line; /* text mode: 1-based input line; 0 for HTML */
  pith_image *images; /* options.images: the images before this block */
  size_t image_count;
  /* Set by pith_debris_judge: */
  int drop;
  const char *rule;   /* the rule that decided, static string */
  pith_model_why why; /* the learned model's verdict, when it judged */
} pith_block;

typedef struct pith_blocks {
  pith_block *items;
  size_t count;
  size_t cap;
} pith_blocks;

void pith_blocks_free(pith_blocks *blocks);
/* Appends a block, taking ownership of text and markdown. 0 ok, -1 NOMEM (and
 * the strings are freed). */
int pith_blocks_push(pith_blocks *blocks, const pith_block *block);
/* blocks.c: puts a block's text and Markdown in Unicode NFC
 * (pith_text_nfc). 0, or -1 when out of memory (the block is unchanged). */
int pith_block_nfc(pith_block *block);
/* Frees a block's strings and images (not the block itself). */
void pith_block_free_strings(pith_block *block);
/* The caller's output choices, once the blocks are judged: with no_tables
 * the tables are dropped (rule "no-tables"); images of dropped captions go
 * to the next block, those of other dropped blocks go with them. */
void pith_blocks_finish(pith_blocks *blocks, const pith_options *opt);

/* ---- debris*.c: block-level debris rules (HTML and text mode) ---------- */

/* A view into the debris stage for the tools that train and check its
 * model (bench/debris_dump). begin() is called when a list of blocks is
 * judged (pith_extract may judge more than one: the last is the one
 * rendered), block() for each block after the rules and before the model,
 * with its features, whether the model judges it (not when a rule removed
 * it or it is plain prose of the article) and the model's probability (-1
 * when the model does not run on this source). */
typedef struct pith_debris_trace {
  void (*begin)(void *user, size_t blocks);
  void (*block)(void *user, const struct pith_block *b, size_t index,
                const float *features, size_t nfeatures, int judged, double p);
  void *user;
} pith_debris_trace;

typedef struct debris_context {
  const char *title;       /* the article title, to drop a repeated headline */
  int from_html;           /* blocks come from HTML (kinds and media known) */
  const pith_tuning *tune; /* the mode's thresholds */
  uint64_t rules_off;      /* a bit per debris rule id: left out */
  const pith_debris_trace *trace; /* NULL but for the training tools */
  /* the document's deadline on pith_limits_now_ms()'s clock (0: none):
   * judging a text of a million lines stops there, and the caller's next
   * pith_limits_time_up() reports the limit */
  unsigned long long deadline_ms;
} debris_context;

/* Judges every block, setting drop, rule and why. */
void pith_debris_judge(pith_blocks *blocks, const debris_context *ctx);

/* The rules named in a comma-separated list (pith_options.disabled_rules)
 * as a mask of rule ids. Returns 0, or -1 with *bad and *bad_len set to
 * the first unknown name. NULL or "" gives 0. */
int pith_debris_rules_parse(const char *names, uint64_t *mask, const char **bad,
                            size_t *bad_len);

/* pith_extract and pith_clean_text with a view into the debris stage, for
 * the tools that train and check its model. */
pith_status pith_extract_traced(const char *html, size_t len,
                                const pith_options *options,
                                const pith_debris_trace *trace,
                                pith_result **result);
pith_status pith_clean_text_traced(const char *text, size_t len,
                                   const pith_options *options,
                                   const pith_debris_trace *trace,
                                   pith_result **result);

/* ---- result.c: the result object --------------------------------------- */

typedef struct pith_line {
  char *text;
  size_t source_line; /* 1-based input line (text mode), else 0 */
  int kept;
  const char *rule; /* static */
  pith_model_why why;
} pith_line;

/* A decision that left part of a page out of the body (--explain). */
typedef struct pith_decision {
  const char *stage; /* static: "prune", "comments", "choose", "clean" */
  const char *rule;  /* static */
  char *text;        /* owned */
} pith_decision;

typedef struct pith_decisions {
  pith_decision *items;
  size_t count, cap;
} pith_decisions;

/* Appends a decision, taking text (freed on failure). 0, or -1 when out of
 * memory. */
int pith_decisions_add(pith_decisions *d, const char *stage, const char *rule,
                       char *text);
void pith_decisions_free(pith_decisions *d);

struct pith_result {
  pith_status status;
  int has_article;
  double confidence;
  char *message;
  char *fields[PITH_FIELD_COUNT_];
  pith_line *lines;
  size_t nlines;
  char **warnings;
  size_t nwarnings;
  pith_image *images;
  size_t nimages;
  pith_decisions decisions;
};

/* Adds a warning (copied). 0 ok, -1 out of memory. */
int pith_result_warn(pith_result *r, const char *warning);

/* Sets the status and message (NULL: pith_strerror's text); returns status. */
pith_status pith_result_fail(pith_result *r, pith_status status,
                             const char *why);

/* Moves every block's text into the result's lines, with its verdict.
 * 0 ok, -1 out of memory. The blocks keep their other fields. */
int pith_result_take_lines(pith_result *r, pith_blocks *blocks);

/* ---- render.c ----------------------------------------------------------
 * Each returns a new NUL-terminated string (caller frees), or NULL when out
 * of memory. */
char *pith_render_text(const pith_blocks *blocks);
char *pith_render_markdown(const pith_blocks *blocks);
/* What the JSON says beside the metadata; NULL members are left out
 * (images) or null (the others). */
typedef struct pith_json_extras {
  const char *language_source; /* "declared", "detected" */
  const char *fingerprint;     /* 16 hex digits */
  const pith_image *images;    /* options.images: the list, maybe empty */
  size_t image_count;
  int with_images;
} pith_json_extras;
/* One JSON object with the metadata, the text, the Markdown and the
 * comments (NULL: none); extras may be NULL (none). */
char *pith_render_json(const pith_meta *meta, const char *text,
                       const char *markdown, const char *comments,
                       int has_article, double confidence,
                       const pith_json_extras *extras);

/* ---- language.c: the language of a text (libexttextcat) ----------------- */

/* The ISO 639-1 code of the language `len` bytes of UTF-8 text are written
 * in ("en", "de"), from its first thousand bytes; NULL when the text is
 * under a hundred bytes or the models are not installed. A static string. */
const char *pith_language_detect(const char *text, size_t len);
/* Whether the models could be read (they are read on first use). */
int pith_language_available(void);
/* Whether two language tags have the same primary subtag, ignoring case:
 * "en-GB" matches "en". */
int pith_language_matches(const char *language, const char *target);

/* ---- fingerprint.c: near-duplicate detection ---------------------------- */

/* The 64-bit simhash of the text's word shingles; 0 with *empty set when the
 * text has no word. */
uint64_t pith_fingerprint(const char *text, size_t len, int *empty);

/* ---- extras.c: what the extraction adds after the body is rendered ------ */

/* Fills what the JSON and the result get beside the metadata: the
 * language (detected when meta->language is NULL, then set there), the
 * fingerprint of the text, and the images of the kept blocks. Applies
 * options.target_language. Returns PITH_OK, PITH_ERR_NOMEM or
 * PITH_ERR_LANGUAGE (r's message set). */
typedef struct pith_extras {
  pith_json_extras json;
  char fingerprint[17];
  pith_image *images; /* owned: moved into the result */
  size_t image_count;
} pith_extras;
pith_status pith_extras_make(pith_extras *x, pith_meta *meta,
                             pith_blocks *blocks, const char *text,
                             int has_article, const pith_options *opt,
                             pith_result *r);
/* Moves the extras into the result's fields; 0 ok, -1 out of memory. */
int pith_extras_store(pith_extras *x, pith_result *r);
void pith_extras_free(pith_extras *x);

#endif /* PITH_INTERNAL_H */
