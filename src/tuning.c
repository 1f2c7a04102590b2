/* The three tunings. Balanced is the best F1 on the development sets;
 * precision and recall move each threshold the way their names say, and
 * their figures are in the README. Sections that the three modes share
 * are written once, as a macro, with their reasons. */
#include "tuning.h"

/* trafilatura rolls back a pruning pass that leaves under 1/7 of the
 * text; a box with half the page's text is the page (Readability keeps
 * any box that holds the article). Blogs rendered by script carry the
 * post in <noscript> (rs-trafilatura unwraps noscript over 500 chars). */
#define PRUNE_SHARED                                                           \
  .prune_large_share = 0.5, .prune_rollback_share = 1.0 / 7.0,                 \
  .prune_rollback_min = 500, .noscript_min_text = 500

/* A forum's posts and a blog's comments look alike; what tells them
 * apart is a paragraph of the post above the thread. 50 characters: a
 * photo blog's one-line post is one. */
#define COMMENTS_SHARED .comments_article_min_text = 50

/* Readability: paragraphs under 25 characters do not score; rivals at
 * 0.75 of the top make their common ancestor the candidate; a sibling of
 * the same class gets 0.2 of the top score. A class bonus can lift a
 * headline box above the article: a rival at 0.6 of the score with three
 * times the text wins. rs-trafilatura: a winner under 1000 characters
 * takes a parent with over twice its text when that is no link list
 * (link density under 0.3). A lead is a short box of 40 to 1200
 * characters, not a link list. A video's description above the body is
 * its lead at 80 to 600 characters, a sentence or two (a clip's title is
 * shorter, a transcript longer), under a quarter links. A paragraph
 * written as a <div> among others holds 100 characters or more: four
 * lines of text, more than a caption or a label. */
#define SELECT_SHARED                                                          \
  .paragraph_min_text = 25, .rival_score_share = 0.6, .rival_text_ratio = 3.0, \
  .split_rival_share = 0.75, .repair_max_text = 1000, .repair_ratio = 2.0,     \
  .repair_max_link_density = 0.3, .sibling_class_bonus = 0.2,                  \
  .lead_min_text = 40, .lead_max_text = 1200, .lead_max_link_density = 0.3,    \
  .video_lead_min_text = 80, .video_lead_max_text = 600,                       \
  .video_lead_max_link_density = 0.25, .paragraph_div_min_text = 100

/* When the scored body kept under a quarter of its container (and under
 * 1000 characters of a container of 1000 or more), the boxes cleaning
 * removed for their class alone were the text: a forum of "comment"
 * posts, a live ticker. When little was found (under 500 characters), a
 * box of paragraphs that pruning took for chrome ("teaser", "widget")
 * with twice the text and 500 or more is the article. A JSON-LD
 * articleBody of 500 or more characters stands in for a body under 200
 * (rs-trafilatura). A body under 100 characters, or under 600 on a page
 * titled like an error page, is no article. */
#define CANDIDATES_SHARED                                                      \
  .photo_story_min_captions = 1, .chrome_min_text = 500,                       \
  .semantic_min_text = 50, .semantic_min_prose = 80,                           \
  .link_table_min_density = 0.8, .semantic_short_body = 400,                   \
  .semantic_outside_prose = 0.1, .semantic_outside_kept = 0.25,                \
  .lenient_min_root = 1000, .lenient_kept_share = 0.25,                        \
  .lenient_max_kept = 1000, .chrome_max_kept = 500, .chrome_ratio = 2.0,       \
  .json_ld_min_text = 500, .json_ld_short_body = 200, .article_min_text = 100, \
  .headed_article_min_text = 50, .baseline_min_prose = 250,                    \
  .error_page_max_text = 600
/* The debris thresholds the modes share. Which rules run in a mode is said
 * by the rule table (debris_rules.c): recall leaves short lines of links
 * alone (they may be the article's references), precision adds the
 * uncertain edges. The article's own subheadings that are share words or
 * site labels ("Comment", "Menu", "Copy") are one to three words, near
 * other subheadings of up to six (a list of ideas, each under its heading,
 * within six lines), with three paragraphs of prose or more after them: a
 * footer's "Disclaimer" over its one paragraph at the end heads none. A
 * list the article announces with ':' holds items of a line each (under
 * 150 characters: a paragraph is longer), ten at most before the one
 * judged (a list of steps or webinars). Two numbered items make a list
 * whose note ("Source: ...") sits under its last item. */
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
      .tail_start_share = 0.5, /* three long paragraphs after a marker are the \
                                  article, not teasers */                      \
      .resume_paragraph_len = 150,                                             \
  .resume_paragraphs =                                                         \
      3, /* a caption is a sentence of some length; a subheading is shorter */ \
      .stray_caption_min_len = 60,                                             \
  .stray_caption_min_words = 8, /* precision mode's edges: a teaser or kicker  \
                                   is under 80 characters */                   \
      .uncertain_link_max_len = 200,                                           \
  .uncertain_edge_chars =                                                      \
      80, /* "View all (23)", "Back to Gallery": a few words; a paragraph of   \
           * prose under the line makes it a subheading (the PROSE_MIN_CHARS   \
           * of the model's features) */                                       \
      .nav_line_max_len = 40,                                                  \
  .nav_line_prose_len = 80, /* a share service or a tool between two share     \
                             * lines: in the scraped texts, one or two lines   \
                             * under 40 characters there were debris 70        \
                             * times and article text never; three, or 60      \
                             * characters, took headlines */                   \
      .enclosed_max_lines = 2,                                                 \
  .enclosed_max_chars =                                                        \
      40, /* a caption and its copy cut short ("... more") or with the date    \
           * and credit added: in the scraped texts such copies next to a      \
           * photo credit were captions (at 60 % of shared words an article's  \
           * headline went with the caption under it) */                       \
      .caption_copy_min_words = 6,                                             \
  .caption_copy_overlap = 0.7, /* a gallery's caption copies were up to 11     \
                                  lines apart */                               \
      .caption_copy_window = 24,                                               \
  .comment_thread_prose = 300, /* two paragraphs of an article at least */     \
      .section_label_max_words = 3, .section_heading_max_words = 6,            \
  .section_sibling_window = 6, .section_prose_after = 3,                       \
  .list_item_max_len = 150, .announced_list_max_items = 10,                    \
  .numbered_list_min_items = 2

static const pith_tuning balanced = {
    .mode = PITH_MODE_BALANCED,
    .name = "balanced",
    PRUNE_SHARED,
    COMMENTS_SHARED,
    SELECT_SHARED,
    /* Readability joins siblings at 0.2 of the top candidate's score. */
    .sibling_score_share = 0.2,
    /* Readability drops a box of weight under 25 above 0.2 link density;
     * a list of links is navigation, a list whose items say more than
     * their links is content (trafilatura keeps lists under 80 % link
     * text; 0.5 held best here). */
    .box_max_link_density = 0.2,
    .list_max_link_density = 0.5,
    /* a post's paragraphs above a list of earlier posts: a short
     * article's worth of prose */
    .large_box_min_prose = 200,
    CANDIDATES_SHARED,
    .start_lenient = 0,
    /* trafilatura's recall ratio: the JSON-LD body wins at 1.5 times the
     * length of what the markup gave (script-rendered and paywalled
     * pages carry the body only there). */
    .json_ld_ratio = 1.5,
    /* the learned model removes a line from 0.97: trained on half of the
     * sites and checked on the other, it then keeps as much article text
     * as the rules alone, within a quarter of a point, both ways round
     * (train.py --check) */
    /* A line between two removed lines takes their verdict at a lower
     * probability (jusText lets short paragraphs take their neighbours'
     * class): trained on half the sites and checked on the other, from
     * 0.93 no article line more was lost and 5 and 13 debris lines more
     * went (0.90 lost one). */
    /* Teaser headlines come in boxes: a run of three or more lines the
     * model leans to call debris (0.9), bounded by nothing but the site's
     * furniture, goes whole. Trained on half of the sites and checked on
     * the other, once the lines above the article's first paragraph
     * are spared (a headline under a teaser box, its byline between it
     * and the story): 46 debris lines more, no article line; from 0.85,
     * 14 article lines lost for 63 debris lines; runs of two bounded by
     * furniture, 8 debris lines for 2 article lines. */
    .debris = {DEBRIS_SHARED, .model_threshold = 0.97,
               .model_context_threshold = 0.93, .model_copy_threshold = 0.5,
               .headline_run_threshold = 0.9, .headline_run_min_lines = 3},
};

static const pith_tuning precision = {
    .mode = PITH_MODE_PRECISION,
    .name = "precision",
    PRUNE_SHARED,
    COMMENTS_SHARED,
    SELECT_SHARED,
    .sibling_score_share = 0.2,
    /* boxes, not lists: a list of short items is often the content */
    .box_max_link_density = 0.1,
    .list_max_link_density = 0.5,
    .large_box_min_prose = 200,
    CANDIDATES_SHARED,
    .start_lenient = 0,
    .json_ld_ratio = 1.5,
    /* more debris out for a point or two of article text (train.py
     * --check: 0.85 removes more and keeps more than 0.8 did with the
     * smaller model) */
    .debris = {DEBRIS_SHARED, .model_threshold = 0.85,
               .model_context_threshold = 0.82, .model_copy_threshold = 0.5,
               .headline_run_threshold = 0.8, .headline_run_min_lines = 3},
};

static const pith_tuning recall = {
    .mode = PITH_MODE_RECALL,
    .name = "recall",
    PRUNE_SHARED,
    COMMENTS_SHARED,
    SELECT_SHARED,
    /* weaker siblings are taken: half of Readability's share */
    .sibling_score_share = 0.1,
    .box_max_link_density = 0.2,
    .list_max_link_density = 0.5,
    .large_box_min_prose = 200,
    CANDIDATES_SHARED,
    /* recall starts where balanced mode's first recovery goes */
    .start_lenient = 1,
    /* whatever holds more text: the JSON-LD body at 1.2 times */
    .json_ld_ratio = 1.2,
    .debris = {DEBRIS_SHARED, .model_threshold = 0.99,
               .model_context_threshold = 0.97, .model_copy_threshold = 0.5,
               .headline_run_threshold = 0.95, .headline_run_min_lines = 4},
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
