/* The numbers that steer pruning, selection, block building, the choice
 * between candidate bodies and the debris rules, one struct per mode. A
 * mode is a different struct, not an `if` spread over the stages: a stage
 * reads its threshold from the tuning it is handed. Each field says what
 * it steers; tuning.c gives each value with its reason. */
#ifndef PITH_TUNING_H
#define PITH_TUNING_H

#include <stddef.h>

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
  double model_context_threshold; /* ... and from this one a line between two
                                     removed lines */
  double model_copy_threshold;    /* ... and from this one a line the model
                                     removed elsewhere */
  double headline_run_threshold;  /* ... and from this one a line in a run */
  size_t headline_run_min_lines;  /* of this many such lines at least */
  size_t resume_paragraph_len;    /* the article goes on after a marker when */
  size_t resume_paragraphs;       /* this many paragraphs this long follow */
  size_t stray_caption_min_len;   /* a caption without its image is at */
  size_t stray_caption_min_words; /* least this long, between paragraphs
                                     at least stray_caption_min_len long */
  size_t uncertain_link_max_len;  /* precision: shorter blocks of over half
                                     link text go */
  size_t uncertain_edge_chars;    /* precision: unfinished lines shorter
                                     than this go at the edges */
  size_t nav_line_max_len;        /* a navigation line is shorter ... */
  size_t nav_line_prose_len;      /* ... and heads no sentence this long */
  size_t comment_thread_prose;    /* a comments marker opens the thread after
                                     this many bytes of prose paragraphs */
  size_t enclosed_max_lines;      /* this many short lines at most between */
  size_t enclosed_max_chars;      /* two furniture lines, each shorter, go */
  size_t caption_copy_min_words;  /* two copies of a caption this long ... */
  double caption_copy_overlap;    /* ... sharing this share of their words */
  size_t caption_copy_window;     /* ... this many lines apart at most */
  size_t section_label_max_words; /* a share word or site label this short
                                     that opens a section of prose ... */
  size_t section_heading_max_words; /* ... near another subheading this
                                       short (no furniture word) ... */
  size_t section_sibling_window;    /* ... this many lines away at most ... */
  size_t section_prose_after;       /* ... with this many paragraphs of prose
                                       after it is the article's subheading */
  size_t list_item_max_len;         /* a list the paragraph above announces
                                       (it ends with ':') holds lines shorter
                                       than this, unfinished ... */
  size_t announced_list_max_items;  /* ... this many at most above the one
                                       judged */
  size_t numbered_list_min_items;   /* a note under this many numbered items,
                                       above a paragraph, is the list's */
} pith_debris_tuning;

typedef struct pith_tuning {
  pith_mode mode;
  const char *name; /* "balanced", "precision", "recall" */

  /* ---- prune.c: page chrome ------------------------------------------- */
  double prune_large_share;    /* a box with this share of the page's text
                                  is the page, whatever its name */
  double prune_rollback_share; /* chrome pruning that leaves less than this
                                  share of the visible text is undone */
  size_t prune_rollback_min;   /* ... on pages of at least this much text */
  size_t noscript_min_text;    /* a <noscript> this long is the post */

  /* ---- comments.c: reader comments ------------------------------------ */
  size_t comments_article_min_text; /* a paragraph this long before a
                                       thread is an article the comments
                                       are about; without one the thread
                                       is the content (a forum) */

  /* ---- select.c: the body's container and its siblings ---------------- */
  size_t paragraph_min_text;           /* shorter paragraphs do not score */
  double rival_score_share;            /* a rival at this share of the best
                                          score ... */
  double rival_text_ratio;             /* ... with this many times its text is
                                          the article */
  double split_rival_share;            /* rivals at this share of the top make
                                          their common ancestor the article */
  size_t repair_max_text;              /* a winner shorter than this ... */
  double repair_ratio;                 /* ... takes a parent with this many
                                          times its text ... */
  double repair_max_link_density;      /* ... that is no link list */
  double sibling_score_share;          /* a sibling joins the body at this
                                          share of the best score */
  double sibling_class_bonus;          /* share of the best score a sibling of
                                          the same class gets on top */
  size_t lead_min_text, lead_max_text; /* a lead box's size */
  double lead_max_link_density;
  /* lead.c: the description under the video a story opens with, right
     above the body's first paragraph, is its lead when it is a sentence or
     two of this size (shorter: a clip's title; longer: a transcript) ... */
  size_t video_lead_min_text, video_lead_max_text;
  double video_lead_max_link_density; /* ... with under this share of links */

  /* ---- blocks.c: boxes dropped while the body is built ---------------- */
  double box_max_link_density;  /* a box (not a list) with a class weight
                                   under 25 and more link text than this
                                   is navigation */
  double list_max_link_density; /* the same for a list */
  size_t large_box_min_prose;   /* a box with a third of the body's text
                                   and this much prose (text blocks of
                                   few links) is no link list, however
                                   many it holds */
  /* a <div> with no block inside, this much text and up to half links,
     among sibling <div>s of prose built alike, is a paragraph: not
     cleaned away for its links */
  size_t paragraph_div_min_text;

  /* ---- strategies.c / choose.c: candidate bodies and the choice ------- */
  int start_lenient;               /* the scored candidate keeps boxes whose
                                      class alone condemns them */
  size_t photo_story_min_captions; /* a body with this many captions that
                                      say something (boxes pruned as
                                      captions, caption lines of eight
                                      words or more the debris rules
                                      dropped), holding together at least
                                      the text the body kept, is a photo
                                      story: its captions are its text */
  size_t chrome_min_text;          /* a chrome box with this much paragraph
                                      text is a candidate body */
  size_t semantic_min_prose;       /* the container named as the article,
                                      mostly left out of the scored body
                                      around it, replaces it when it holds
                                      this much prose */
  size_t semantic_short_body;      /* a scored body this short gives way to a
                                      disjoint container named as the body
                                      or one post, with about as much text */
  double link_table_min_density;   /* a data table with this share of link
                                      text or more is cleaned like any box
                                      (a table of headlines) */
  double semantic_outside_prose;   /* the container named as the article,
                                      inside the scored body, replaces it
                                      when the body's prose outside it is
                                      under this share of its own ... */
  double semantic_outside_kept;    /* ... and the body's text outside it is
                                      this share of the body or more: lists
                                      and labels wrapped around the post */
  size_t semantic_min_text;        /* a container named as the article's needs
                                      this much text outside links */
  size_t lenient_min_root;         /* the lenient candidate replaces the scored
                                      one when its container holds this much
                                      text ... */
  double lenient_kept_share;       /* ... and the scored body kept under this
                                      share of it ... */
  size_t lenient_max_kept;         /* ... and under this many characters */
  size_t chrome_max_kept;          /* the chrome candidate is looked at when
                                      the body has fewer characters ... */
  double chrome_ratio;            /* ... and wins at this many times its text */
  size_t json_ld_min_text;        /* a JSON-LD articleBody this long is a
                                     candidate */
  size_t json_ld_short_body;      /* it replaces a body shorter than this ... */
  double json_ld_ratio;           /* ... or when this many times longer */
  size_t headed_article_min_text; /* the same under the article's own
                                     headline (a short post) */
  size_t article_min_text;        /* a body shorter than this is no article */
  size_t baseline_min_prose;      /* the whole-text baseline stands in for a
                                     body under article_min_text when it
                                     holds this much prose */
  size_t error_page_max_text;     /* a body under this on a page titled like
                                     an error page is no article */

  /* ---- debris_*.c: the block rules ------------------------------------ */
  pith_debris_tuning debris;
} pith_tuning;

/* The tuning of a mode; an unknown mode gets the balanced one. */
const pith_tuning *pith_tuning_for(pith_mode mode);

#endif /* PITH_TUNING_H */
