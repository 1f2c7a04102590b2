/* The three tunings. Balanced is the best F1 on the development sets;
 * precision and recall move each threshold the way their names say, and
 * their figures are in the README. */
#include "tuning.h"

/* The debris thresholds the modes share. Which rules run in a mode is said
 * by the rule table (debris_rules.c): recall leaves short lines of links
 * alone (they may be the article's references), precision adds the
 * uncertain edges. */
#define DEBRIS_SHARED                                                          \
  /* a caption is a sentence or two; longer is a paragraph that mentions       \
   * a photo */                                                                \
  .label_max_len =                                                             \
      300, /* "Read more: <a headline>" fits in 250 bytes; longer is prose */  \
      .reference_max_len = 250,                                                \
  .boilerplate_max_len =                                                       \
      200, /* a kicker or section label is a few words; a lead is longer */    \
      .kicker_max_len = 100, /* the title reappears as a line near the top,    \
                                not in the last two thirds */                  \
      .title_repeat_head_share =                                               \
          1.0 / 3.0, /* trafilatura drops blocks of over 80 % link text (60 %  \
                        when short) */                                         \
      .link_line_max_len = 200, .link_line_share = 0.8,                        \
  .short_link_line_max_len = 50,                                               \
  .short_link_line_share = 0.6, /* "Share", "Home", list items and table cells \
                                   legitimately repeat */                      \
      .repeat_min_len = 20,                                                    \
  .caption_copy_max_len = 400, /* teaser blocks follow the article: a marker   \
                                * in the first half is a heading */            \
      .tail_start_share = 0.5

static const pith_tuning balanced = {
    .mode = PITH_MODE_BALANCED,
    .name = "balanced",
    /* Readability drops a box of weight under 25 above 0.2 link density;
     * a list of links is navigation, a list whose items say more than
     * their links is content (trafilatura keeps lists under 80 % link
     * text; 0.5 held best here). */
    .box_max_link_density = 0.2,
    .list_max_link_density = 0.5,
    /* Readability joins siblings at 0.2 of the top candidate's score. */
    .sibling_score_share = 0.2,
    .start_lenient = 0,
    /* trafilatura's recall ratio: the JSON-LD body wins at 1.5 times the
     * length of what the markup gave (script-rendered and paywalled
     * pages carry the body only there). */
    .json_ld_ratio = 1.5,
    /* the learned model removes a line from 0.95: trained on half of the
     * sites and checked on the other, it then keeps as much article text
     * as the rules alone, within half a point (train.py --check) */
    .debris = {DEBRIS_SHARED, .model_threshold = 0.95},
};

static const pith_tuning precision = {
    .mode = PITH_MODE_PRECISION,
    .name = "precision",
    /* boxes, not lists: a list of short items is often the content */
    .box_max_link_density = 0.1,
    .list_max_link_density = 0.5,
    .sibling_score_share = 0.2,
    .start_lenient = 0,
    .json_ld_ratio = 1.5,
    .debris = {DEBRIS_SHARED, .model_threshold = 0.8},
};

static const pith_tuning recall = {
    .mode = PITH_MODE_RECALL,
    .name = "recall",
    .box_max_link_density = 0.2,
    .list_max_link_density = 0.5,
    /* weaker siblings are taken: half of Readability's share */
    .sibling_score_share = 0.1,
    /* recall starts where balanced mode's first recovery goes */
    .start_lenient = 1,
    /* whatever holds more text: the JSON-LD body at 1.2 times */
    .json_ld_ratio = 1.2,
    .debris = {DEBRIS_SHARED, .model_threshold = 0.99},
};

const pith_tuning *pith_tuning_for(pith_mode mode) {
  switch (mode) {
  case PITH_MODE_PRECISION:
    return &precision;
  case PITH_MODE_RECALL:
    return &recall;
  case PITH_MODE_BALANCED:
    break;
  }
  return &balanced;
}
