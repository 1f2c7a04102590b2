/* The numbers that steer pruning, selection, block building and the debris
 * rules, one struct per mode. A mode is a different struct, not an `if`
 * spread over the stages: a stage reads its threshold from the tuning it
 * is handed. Each field says what it steers; tuning.c gives each value
 * with its reason. */
#ifndef PITH_TUNING_H
#define PITH_TUNING_H

#include "pith.h"

/* The thresholds of the debris rules (debris_rules.c, debris.c). Lengths
 * are in bytes of a block's text; shares are of the text's bytes. */
typedef struct pith_debris_tuning {
  size_t label_max_len;           /* a caption or credit label opens a shorter
                                     block; the caption after "Image caption" */
  size_t reference_max_len;       /* a see-also line is shorter */
  size_t boilerplate_max_len;     /* a line opened by a boilerplate phrase */
  size_t kicker_max_len;          /* the lines above a page's <h1> are its
                                     kicker when none is this long */
  double title_repeat_head_share; /* the title as a line of its own goes in
                                     this first share of the text */
  size_t link_line_max_len;       /* a block mostly of link text ... */
  double link_line_share;         /* ... at this share of links ... */
  size_t short_link_line_max_len; /* ... or a shorter one ... */
  double short_link_line_share;   /* ... at this lower share */
  size_t repeat_min_len;          /* shorter blocks may repeat */
  size_t caption_copy_max_len;    /* a repeated caption is shorter */
  double tail_start_share;        /* a tail marker starts the teaser block only
                                     past this share of the text */
  double model_threshold;         /* the learned model removes a line from this
                                     probability of debris */
} pith_debris_tuning;

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

  /* ---- debris_*.c: the block rules ------------------------------------ */
  pith_debris_tuning debris;
} pith_tuning;

/* The tuning of a mode; an unknown mode gets the balanced one. */
const pith_tuning *pith_tuning_for(pith_mode mode);

#endif /* PITH_TUNING_H */
