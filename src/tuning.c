/* The three tunings. Balanced is the best F1 on the development sets;
 * precision and recall move each threshold the way their names say, and
 * their figures are in the README. */
#include "tuning.h"

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
    .drop_link_lines = 1,
    .drop_uncertain = 0,
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
    .drop_link_lines = 1,
    .drop_uncertain = 1,
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
    /* short lines of links inside the body may be its own references */
    .drop_link_lines = 0,
    .drop_uncertain = 0,
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
