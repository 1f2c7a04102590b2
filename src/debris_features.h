/* The features of the learned debris model: what pith measures of a block
 * in its text, one definition for training and for use. The training
 * script (bench/debris_model/train.py) reads them as bench/debris_dump
 * prints them, from this code; the model (debris_model.c) reads them from
 * the same code inside pith_debris_judge. */
#ifndef PITH_DEBRIS_FEATURES_H
#define PITH_DEBRIS_FEATURES_H

#include <stddef.h>

#include "internal.h"

/* Every feature, in the order of the vector. A new feature goes at the end
 * and needs a model trained with it (the model's table says how many
 * features it was trained on). */
typedef enum debris_feature {
  /* the block's own text */
  DF_LENGTH,        /* characters */
  DF_WORDS,         /* words */
  DF_ENDS_SENTENCE, /* ends with . ! ? (a closing quote allowed) */
  DF_ENDS_COLON,    /* ends with : or ; */
  DF_TITLE_CASE,    /* share of words that start with a capital */
  DF_CAPITALS,      /* share of letters in capitals */
  DF_DIGITS,        /* share of bytes that are digits */
  DF_INNER_STOP,    /* a sentence ends inside the block */
  DF_SEPARATORS,    /* '|', '»', '•' or ' / ' between items */
  DF_ADDRESS,       /* a web address, an e-mail address or an @handle */
  DF_SHORT_WORDS,   /* share of short lower-case words (of, the, in) */
  DF_LOWER_START,   /* starts with a lower-case letter */
  DF_COMMAS,        /* commas per word */
  DF_LIST_MARK,     /* opens like a list item: "-", "*", "1." */
  DF_CLOCK,         /* a time of day or a date */
  DF_LINK_SHARE,    /* share of the text inside links (HTML) */
  DF_HEADING,       /* a heading (HTML) */
  DF_LIST_ITEM,     /* a list item (HTML) */
  DF_NEAR_MEDIA,    /* next to a picture (HTML) */
  /* where it stands */
  DF_POSITION,     /* its index over the number of blocks */
  DF_TEXT_BEFORE,  /* share of the text before it */
  DF_BEFORE_CORE,  /* above the article's first paragraph */
  DF_AFTER_CORE,   /* below the article's last paragraph */
  DF_LINES_BEFORE, /* blocks up to the first paragraph */
  DF_LINES_AFTER,  /* blocks after the last paragraph */
  DF_IN_CORE,      /* inside the article's run of paragraphs */
  DF_OTHER_RUN,    /* in another run of paragraphs (comments, teasers) */
  DF_CORE_SHARE,   /* share of the text in the article's run */
  /* its neighbours */
  DF_PREV_LENGTH,   /* the block above: characters */
  DF_PREV_SENTENCE, /* the block above ends like a sentence */
  DF_NEXT_LENGTH,   /* the block below: characters */
  DF_NEXT_SENTENCE, /* the block below ends like a sentence */
  DF_SHORT_RUN,     /* short unfinished lines in a row with it */
  DF_TITLE_RUN,     /* title-cased lines in a row with it */
  DF_COHESION,      /* share of its words found in the article's run */
  DF_NO_WORDS,      /* no word of four letters or more */
  DF_PREV_REMOVED,  /* a rule removed the block above */
  DF_NEXT_REMOVED,  /* a rule removed the block below */
  /* repetition */
  DF_REPEATED,    /* the same text is elsewhere in the document */
  DF_REPEAT_NEAR, /* ... next to it (or one short line away) */
  DF_REPEAT_CUE,  /* ... and it reads like a caption */
  /* phrases and shapes */
  DF_BOILERPLATE,   /* opens with a boilerplate phrase, any length */
  DF_TAIL_MARKER,   /* "More in ...", "Related", "12 comments" */
  DF_AFTER_MARKER,  /* below such a marker */
  DF_SHARE_WORDS,   /* share of words that are share words */
  DF_BYLINE,        /* "By Jane Doe" */
  DF_DATELINE,      /* "Published 3 hours ago" */
  DF_CREDIT,        /* a picture credit */
  DF_CAPTION_LABEL, /* "Photo:", "Figure 3:" */
  DF_SEE_ALSO,      /* "Read more: ..." */
  DF_STRAY_CAPTION, /* a long unfinished line between paragraphs */
  DF_COMMENT_CUE,   /* "Reply", "says:", "wrote:" */
  DF_NOTICE,        /* a site notice or a newsletter pitch */
  /* more context */
  DF_PROSE_ABOVE,  /* share of the text's prose above it */
  DF_PROSE_BELOW,  /* share of the text's prose below it */
  DF_MARKER_ABOVE, /* a tail or comments marker anywhere above */
  DF_CAPTION_CUE,  /* "pictured", ", left,", "(AP Photo/...)" */
  DF_SITE_WORDS,   /* share of words a site says of itself (comment,
                      subscribe, login, copyright) */
  DF_NEAR_PROSE,   /* prose blocks among the three above and below */
  DF_NEAR_REMOVED, /* blocks a rule removed among those six */
  DF_FIRST,        /* the first block */
  DF_PERIODIC,     /* lines of its shape recur at a fixed step around it
                      (the cells of a table set out one per line) */
  DF_DATE,         /* a date in the line */
  /* how far it stands from the prose, and its kind of line around it */
  DF_PROSE_GAP_ABOVE, /* blocks up to the nearest prose block above */
  DF_PROSE_GAP_BELOW, /* blocks down to the nearest prose block below */
  DF_SHAPE_RUN,       /* lines of its shape in a row with it (a list of
                         teasers, a gallery's controls) */
  DF_ELLIPSIS,        /* ends with "..." (a teaser cut short) */
  DF_COUNT_END,       /* ends with a count in brackets: "(12)", "[3]" */
  DF_NO_LETTERS,      /* no letter at all: a number, a symbol */
  DF_NAV_WORD,        /* a short line opened by a navigation word ("View
                         all", "Next", "Mehr", "Lue myös") */
  DF_COMMENT_HEADERS, /* reader comments' headers above it ("Jane on May
                         3, 2012 4:14 pm"), up to 3 */
  DF_FURNITURE_ABOVE, /* blocks up to the nearest line above removed as the
                         site's furniture (a share bar, a notice) */
  DF_FURNITURE_BELOW, /* ... and below */
  DF_NEAR_SITE_WORDS, /* share and site words among the words of the two
                         lines above and the two below */
  DF_NEAR_COHESION,   /* words shared with the article among the words of
                         the two lines above and the two below */
  DF_RUN_HEAD_LABEL,  /* the line above its run of short unfinished lines
                         is a label: a marker, or furniture a rule removed
                         ("Latest News", "Related") */
  DEBRIS_FEATURES
} debris_feature;

/* What each feature is called in --explain ("below the article's last
 * paragraph") and what its values are; indexed by debris_feature. */
typedef enum debris_feature_kind {
  DEBRIS_FLAG,  /* 0 or 1 */
  DEBRIS_COUNT, /* characters, words, lines */
  DEBRIS_SHARE, /* 0 to 1 */
} debris_feature_kind;
typedef struct debris_feature_info {
  const char *name;
  debris_feature_kind kind;
} debris_feature_info;
extern const debris_feature_info pith_debris_feature_info[DEBRIS_FEATURES];

/* The facts of a document the features are computed from, built once per
 * judged block list. */
typedef struct debris_doc debris_doc;

/* Builds the facts after the rules have run (their verdicts are features
 * of the neighbours). NULL when out of memory (noted). */
debris_doc *pith_debris_doc_new(const pith_blocks *blocks,
                                const debris_context *ctx);
void pith_debris_doc_free(debris_doc *doc);

/* Whether block i is plain prose: 150 characters or more that end a
 * sentence. The model leaves these alone: the rules judge them, and what
 * the model could add there, the comments under an article, it did not
 * find on sites it was not trained on (train.py --check gave the same
 * figures without them), at a quarter of the cost. */
int pith_debris_plain_prose(const debris_doc *doc, size_t i);

/* Whether block i is a cell of a table set out one cell per line: a short
 * line whose shape recurs at one step twice above and twice below it (a
 * row's district, name and figures). The model leaves these alone too:
 * trained on sites without such tables, it took whole tables for a list
 * of labels (train.py --check). */
int pith_debris_table_cell(const debris_doc *doc, size_t i);

/* The feature vector of block i into out[DEBRIS_FEATURES]. */
void pith_debris_features(const debris_doc *doc, size_t i, float *out);

#endif /* PITH_DEBRIS_FEATURES_H */
