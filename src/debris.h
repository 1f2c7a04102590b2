/* The debris stage's own interfaces. pith_debris_judge (debris.c, declared
 * in internal.h) drives it:
 *
 *   debris_phrases.c  phrase lists and the matchers over them
 *   debris_shapes.c   line shapes: bylines, datelines, credits, file names
 *   debris_rules.c    the table of named rules, each a predicate on a block
 *                     in its context
 *   debris.c          the driver: the table in order, then the passes over
 *                     the whole text (repeats, the teaser tail, the edges)
 *
 * A rule has a name (what --explain and the JSON say, what the per-rule
 * counters count, what pith_options.disabled_rules names), the modes and
 * the sources (plain text, HTML) where it applies, and a predicate. */
#ifndef PITH_DEBRIS_H
#define PITH_DEBRIS_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"

/* ---- debris_phrases.c ----------------------------------------------------
 * Each takes a block's text (NUL-terminated, len bytes). */

/* Whether s starts with prefix (lower case), ignoring case and leading
 * marks such as '*', '>', '|' or '-'. */
int pith_debris_starts_with(const char *s, const char *prefix);
/* Every word is a share word: "Facebook Twitter Email", "Share | Print". */
int pith_debris_is_share_line(const char *s);
/* "Follow us on Twitter", "Síguenos en Facebook". */
int pith_debris_is_follow_line(const char *s, size_t len);
/* "Figure 3:", "Abb. 2 -", "Fig. 2. The ...". */
int pith_debris_is_figure_label(const char *s, size_t len);
/* A boilerplate phrase opens s as a label or notice ("Advertisement",
 * "Read more at ..."), not as the first words of a sentence. */
int pith_debris_is_boilerplate(const char *s, size_t len);
/* "[button link=...]Send us a review[/button]". */
int pith_debris_is_shortcode(const char *s, size_t len);
/* Headlines labelled "[VIDEO]", one per line, under a label or not. */
int pith_debris_is_labelled_teaser(const char *s, size_t len);
/* Login prompts, paywall pitches, disclaimers, newsletter pitches. */
int pith_debris_is_notice(const char *s, size_t len);
/* Opens with a caption or credit label ("Photo:", "Image copyright"). */
int pith_debris_is_caption_prefix(const char *s);
/* Opens with a see-also label ("Read more", "Lesen Sie auch"). */
int pith_debris_is_reference(const char *s);
/* "More in Politics", "Related articles": teasers follow. */
int pith_debris_is_tail_marker(const char *s, size_t len);
/* "34 responses to ...", "12 Kommentare". */
int pith_debris_is_comments_heading(const char *s, size_t len);
/* Two or more post labels: "Posted by: ... Category: ... Tags: ...". */
int pith_debris_is_meta_line(const char *s, size_t len);
/* "Image caption" alone: the caption is on the next line. */
int pith_debris_is_caption_announcer(const char *s, size_t len);
/* "Read more" alone: a button that unfolds the article. */
int pith_debris_is_expander(const char *s);

/* ---- debris_shapes.c ---------------------------------------------------- */

int pith_debris_is_byline(const char *s, size_t len);
int pith_debris_is_dateline(const char *s, size_t len);
/* The same letters and digits, case and punctuation aside. */
int pith_debris_same_letters(const char *a, const char *b);
/* "REUTERS/Name", "AFP / NAME", "Getty Images", "PHOTO: ...". */
int pith_debris_has_credit_cue(const char *s, size_t len);
/* "Jane Doe contributed to this report." */
int pith_debris_is_contributor(const char *s, size_t len);
/* A short caption that ends with "© AGENCY / Name". */
int pith_debris_ends_with_credit(const char *s, size_t len);
/* "IMG_2041.jpg", "Atalayar_Alexey Navalny". */
int pith_debris_is_image_name(const char *s, size_t len);

/* ---- debris_rules.c: the table ------------------------------------------ */

/* The modes a rule applies in: a bit per pith_mode. */
#define DEBRIS_IN_BALANCED (1u << PITH_MODE_BALANCED)
#define DEBRIS_IN_PRECISION (1u << PITH_MODE_PRECISION)
#define DEBRIS_IN_RECALL (1u << PITH_MODE_RECALL)
#define DEBRIS_IN_ALL_MODES                                                    \
  (DEBRIS_IN_BALANCED | DEBRIS_IN_PRECISION | DEBRIS_IN_RECALL)

/* The sources a rule applies to. */
#define DEBRIS_ON_TEXT 1u /* lines of plain text (pith_clean_text) */
#define DEBRIS_ON_HTML 2u /* blocks of a page (pith_extract) */
#define DEBRIS_ON_BOTH (DEBRIS_ON_TEXT | DEBRIS_ON_HTML)

/* Every rule, in the order the driver applies them. The line rules come
 * first and judge one block each, the first that matches deciding; the
 * passes after them judge the text as a whole. */
typedef enum debris_rule_id {
  DEBRIS_RULE_CAPTION,
  DEBRIS_RULE_CREDIT,
  DEBRIS_RULE_IMAGE_NAME,
  DEBRIS_RULE_STRAY_CAPTION,
  DEBRIS_RULE_TITLE_REPEAT,
  DEBRIS_RULE_SHARE,
  DEBRIS_RULE_CAPTION_LABEL,
  DEBRIS_RULE_SEE_ALSO,
  DEBRIS_RULE_BOILERPLATE,
  DEBRIS_RULE_SHORTCODE,
  DEBRIS_RULE_TEASER_LABEL,
  DEBRIS_RULE_META_LINE,
  DEBRIS_RULE_NOTICE,
  DEBRIS_RULE_BYLINE,
  DEBRIS_RULE_DATELINE,
  DEBRIS_RULE_LINK,
  DEBRIS_LINE_RULES, /* the number of line rules */
  DEBRIS_RULE_FIRST_LINE = DEBRIS_LINE_RULES,
  DEBRIS_RULE_KICKER,
  DEBRIS_RULE_CAPTION_REPEAT,
  DEBRIS_RULE_REPEAT,
  DEBRIS_RULE_TEASER_BLOCK,
  DEBRIS_RULE_UNCERTAIN_LINKS,
  DEBRIS_RULE_UNCERTAIN_EDGE,
  DEBRIS_RULE_COUNT
} debris_rule_id;

/* What a line rule sees: the blocks, the call's context, and the running
 * totals of the scan at the block it judges. */
typedef struct debris_scan {
  pith_blocks *blocks;
  const debris_context *ctx;
  const pith_tuning *tune;
  size_t total;          /* bytes of text outside captions */
  size_t seen;           /* bytes of text before the block judged */
  size_t longest_before; /* the longest block kept before it */
} debris_scan;

typedef struct debris_rule {
  const char *name;  /* e.g. "caption-repeat" */
  const char *about; /* what it removes, one line */
  unsigned modes;    /* DEBRIS_IN_* */
  unsigned sources;  /* DEBRIS_ON_* */
  /* Line rules: whether block i is debris. NULL for the passes, which
   * debris.c runs by their id. */
  int (*match)(const debris_scan *scan, size_t i);
} debris_rule;

/* Indexed by debris_rule_id. */
extern const debris_rule pith_debris_rules[DEBRIS_RULE_COUNT];

/* Whether a rule applies in the context's mode and source and is not
 * switched off. */
int pith_debris_rule_on(const debris_context *ctx, debris_rule_id id);

/* A caption that lost its image (text only): a long unpunctuated line
 * between two paragraphs that end like sentences. */
int pith_debris_is_stray_caption(const pith_blocks *blocks, size_t i);

#endif /* PITH_DEBRIS_H */
