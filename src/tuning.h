/* The numbers that steer pruning, selection, block building and the debris
 * rules, one struct per mode. A mode is a different struct, not an `if`
 * spread over the stages: a stage reads its threshold from the tuning it
 * is handed. Each field says what it steers; tuning.c gives each value
 * with its reason. */
#ifndef PITH_TUNING_H
#define PITH_TUNING_H

#include "pith.h"

typedef struct pith_tuning {
  pith_mode mode;
  const char *name; /* "balanced", "precision", "recall" */

  /* ---- blocks.c: boxes dropped while the body is built ---------------- */
  double box_max_link_density;  /* a box (not a list) with a class weight
                                   under 25 and more link text than this
                                   is navigation */
  double list_max_link_density; /* the same for a list */

  /* ---- select.c: the body's container and its siblings ---------------- */
  double sibling_score_share; /* a sibling joins the body at this share of
                                 the best score */

  /* ---- extract.c: passes and fallbacks -------------------------------- */
  int start_lenient;    /* the first pass keeps boxes whose class alone
                           condemns them */
  double json_ld_ratio; /* the JSON-LD articleBody replaces the body when
                           it is this many times longer */

  /* ---- debris.c: the block rules -------------------------------------- */
  int drop_link_lines; /* short lines that are mostly links go */
  int drop_uncertain;  /* what the rules keep on the benefit of the
                          doubt goes too */
} pith_tuning;

/* The tuning of a mode; an unknown mode gets the balanced one. */
const pith_tuning *pith_tuning_for(pith_mode mode);

#endif /* PITH_TUNING_H */
