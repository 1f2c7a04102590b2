/* The table of named debris rules. A line rule is a predicate on one block
 * in its context (its neighbours, the title, how far into the text it
 * sits); debris.c applies the line rules in table order, the first match
 * deciding, then runs the passes that judge the text as a whole. */
#include <string.h>

#include "debris.h"

static const pith_block *block_at(const debris_scan *scan, size_t i) {
  return &scan->blocks->items[i];
}

/* Code keeps whatever it says: a share word or a date in a listing is
 * code. */
static int is_code(const pith_block *b) {
  return b->kind == BLOCK_CODE;
}

static int match_caption(const debris_scan *scan, size_t i) {
  const pith_block *b = block_at(scan, i);
  if (b->kind == BLOCK_CAPTION || (b->in_figure && b->kind != BLOCK_TABLE))
    return 1;
  /* a picture's caption above the first paragraph (HTML): next to the
   * picture, short, with a caption's cue ("pictured", "(AP Photo/...)") */
  if (scan->ctx->from_html && b->near_media && b->kind == BLOCK_PARAGRAPH &&
      scan->longest_before < scan->tune->debris.kicker_max_len &&
      b->text_len < scan->tune->debris.label_max_len &&
      pith_debris_has_caption_cue(b->text, b->text_len))
    return 1;
  /* the line after "Image caption" standing alone */
  if (i == 0 || b->text_len >= scan->tune->debris.label_max_len ||
      pith_text_ends_clause(b->text, b->text_len))
    return 0;
  const pith_block *prev = block_at(scan, i - 1);
  return pith_debris_is_caption_announcer(prev->text, prev->text_len);
}

static int match_credit(const debris_scan *scan, size_t i) {
  const pith_block *b = block_at(scan, i);
  return !is_code(b) && (pith_debris_has_credit_cue(b->text, b->text_len) ||
                         pith_debris_ends_with_credit(b->text, b->text_len) ||
                         pith_debris_is_contributor(b->text, b->text_len));
}

static int match_image_name(const debris_scan *scan, size_t i) {
  const pith_block *b = block_at(scan, i);
  return !is_code(b) && pith_debris_is_image_name(b->text, b->text_len);
}

static int match_markup(const debris_scan *scan, size_t i) {
  const pith_block *b = block_at(scan, i);
  return !is_code(b) && pith_debris_is_markup(b->text, b->text_len);
}

static int match_stray_caption(const debris_scan *scan, size_t i) {
  return block_at(scan, i)->kind == BLOCK_PARAGRAPH &&
         pith_debris_is_stray_caption(scan->blocks, i, &scan->tune->debris);
}

static int match_title_repeat(const debris_scan *scan, size_t i) {
  const pith_block *b = block_at(scan, i);
  const char *title = scan->ctx->title;
  if (title && b->kind == BLOCK_HEADING &&
      pith_debris_same_letters(b->text, title))
    return 1;
  /* The page's headline opens the content; the title field has it. The
   * short lines above it are its kicker, section label or breadcrumb. */
  if (scan->ctx->from_html && b->kind == BLOCK_HEADING && b->level == 1 &&
      scan->longest_before < scan->tune->debris.kicker_max_len)
    return 1;
  /* the title as a line of its own near the top */
  return title &&
         (double)scan->seen <
             scan->tune->debris.title_repeat_head_share * (double)scan->total &&
         b->text_len < scan->tune->debris.label_max_len &&
         pith_debris_same_letters(b->text, title);
}

/* Whether block i is a short unfinished line of at most max_words words,
 * capitalised, that opens a section: the line above it ends a sentence or
 * announces what follows (':'), the line under it is prose. */
static int opens_section(const debris_scan *scan, size_t i, size_t max_words) {
  const pith_debris_tuning *t = &scan->tune->debris;
  const pith_block *b = block_at(scan, i);
  if (i == 0 || i + 1 >= scan->blocks->count || !b->text_len ||
      pith_text_count_words(b->text, b->text_len) > max_words ||
      pith_text_ends_clause(b->text, b->text_len) ||
      !pith_text_starts_upper(b->text))
    return 0;
  const pith_block *prev = block_at(scan, i - 1);
  const pith_block *next = block_at(scan, i + 1);
  return pith_text_ends_clause(prev->text, prev->text_len) &&
         next->text_len >= t->nav_line_prose_len &&
         pith_text_ends_sentence(next->text, next->text_len);
}

/* Words of the site's furniture: share and tool words, the site's labels,
 * boilerplate phrases, words that lead elsewhere. */
static int furniture_words(const pith_block *b) {
  return pith_debris_is_share_line(b->text) ||
         pith_debris_is_site_label(b->text, b->text_len) ||
         pith_debris_is_boilerplate(b->text, b->text_len) ||
         pith_debris_opens_with_nav_word(b->text, b->text_len);
}

/* A share word or a site's label that is the article's own subheading:
 * "Comment", "Briefing", "Data" over the paragraphs of a list of ideas,
 * "Menu" over a paragraph about a restaurant's menu. Such a line opens a
 * section of prose; another subheading that is no furniture word opens one
 * near it; and the article goes on for paragraphs after it (a share bar's
 * "Comment" or a footer's "Disclaimer" stands at an end). A navigation
 * word is never a subheading here ("Read More" between a teaser and the
 * next story). */
static int heads_article_section(const debris_scan *scan, size_t i) {
  const pith_debris_tuning *t = &scan->tune->debris;
  const pith_block *b = block_at(scan, i);
  if (!opens_section(scan, i, t->section_label_max_words) ||
      pith_debris_opens_with_nav_word(b->text, b->text_len))
    return 0;
  size_t prose = 0;
  for (size_t j = i + 1;
       j < scan->blocks->count && prose < t->section_prose_after; j++) {
    const pith_block *c = block_at(scan, j);
    if (c->text_len >= t->nav_line_prose_len &&
        pith_text_ends_sentence(c->text, c->text_len))
      prose++;
  }
  if (prose < t->section_prose_after)
    return 0;
  size_t from =
      i > t->section_sibling_window ? i - t->section_sibling_window : 0;
  size_t to = i + t->section_sibling_window;
  for (size_t j = from; j <= to && j < scan->blocks->count; j++) {
    const pith_block *c = block_at(scan, j);
    if (j != i && opens_section(scan, j, t->section_heading_max_words) &&
        !pith_debris_same_letters(c->text, b->text) && !furniture_words(c))
      return 1;
  }
  return 0;
}

static int match_share(const debris_scan *scan, size_t i) {
  const pith_block *b = block_at(scan, i);
  return !is_code(b) && b->kind != BLOCK_TABLE &&
         (pith_debris_is_share_line(b->text) ||
          pith_debris_is_follow_line(b->text, b->text_len) ||
          pith_debris_is_tool_bar(b->text, b->text_len));
}

static int match_site_label(const debris_scan *scan, size_t i) {
  const pith_block *b = block_at(scan, i);
  return !is_code(b) && b->kind != BLOCK_HEADING &&
         pith_debris_is_site_label(b->text, b->text_len);
}

static int match_caption_label(const debris_scan *scan, size_t i) {
  const pith_block *b = block_at(scan, i);
  if (is_code(b))
    return 0;
  return (b->text_len < scan->tune->debris.label_max_len &&
          pith_debris_is_caption_prefix(b->text)) ||
         pith_debris_is_figure_label(b->text, b->text_len);
}

static int match_see_also(const debris_scan *scan, size_t i) {
  const pith_block *b = block_at(scan, i);
  return !is_code(b) && b->text_len < scan->tune->debris.reference_max_len &&
         pith_debris_is_reference(b->text);
}

/* Whether block i is an item of a list the article announces: a short
 * unfinished line in a run of such lines right under a paragraph of prose
 * that ends with ':' ("Here's how to sign up for both:"). The items above
 * it hold no sentence: a quote, a note and a footnote after "After all:"
 * are paragraphs of their own. */
static int in_announced_list(const debris_scan *scan, size_t i) {
  const pith_debris_tuning *t = &scan->tune->debris;
  for (size_t k = i; k-- > 0 && i - k <= t->announced_list_max_items + 1;) {
    const pith_block *item = block_at(scan, k + 1);
    if (item->text_len >= t->list_item_max_len ||
        pith_text_ends_clause(item->text, item->text_len) ||
        (k + 1 < i && pith_text_has_sentence_stop(item->text)))
      return 0;
    const pith_block *above = block_at(scan, k);
    if (!pith_text_ends_clause(above->text, above->text_len))
      continue;
    size_t n = above->text_len;
    while (n && pith_is_space((unsigned char)above->text[n - 1]))
      n--;
    return above->text_len >= t->nav_line_prose_len && n &&
           above->text[n - 1] == ':';
  }
  return 0;
}

static int match_boilerplate(const debris_scan *scan, size_t i) {
  const pith_block *b = block_at(scan, i);
  return !is_code(b) && b->text_len < scan->tune->debris.boilerplate_max_len &&
         pith_debris_is_boilerplate(b->text, b->text_len);
}

static int match_shortcode(const debris_scan *scan, size_t i) {
  const pith_block *b = block_at(scan, i);
  return !is_code(b) && pith_debris_is_shortcode(b->text, b->text_len);
}

static int match_teaser_label(const debris_scan *scan, size_t i) {
  const pith_block *b = block_at(scan, i);
  return !is_code(b) &&
         (pith_debris_is_labelled_teaser(b->text, b->text_len) ||
          pith_debris_ends_with_link_label(b->text, b->text_len));
}

static int match_meta_line(const debris_scan *scan, size_t i) {
  const pith_block *b = block_at(scan, i);
  return !is_code(b) && pith_debris_is_meta_line(b->text, b->text_len);
}

static int match_notice(const debris_scan *scan, size_t i) {
  const pith_block *b = block_at(scan, i);
  return !is_code(b) && pith_debris_is_notice(b->text, b->text_len);
}

static int match_byline(const debris_scan *scan, size_t i) {
  const pith_block *b = block_at(scan, i);
  return b->kind != BLOCK_LIST_ITEM &&
         pith_debris_is_byline(b->text, b->text_len);
}

static int match_dateline(const debris_scan *scan, size_t i) {
  const pith_block *b = block_at(scan, i);
  return b->kind != BLOCK_LIST_ITEM &&
         pith_debris_is_dateline(b->text, b->text_len);
}

/* Whether a line opens with an item's number: "8. ", "10) ". */
static int opens_numbered(const pith_block *b) {
  size_t n = 0;
  while (n < b->text_len && n < 3 && b->text[n] >= '0' && b->text[n] <= '9')
    n++;
  return n && n + 1 < b->text_len && (b->text[n] == '.' || b->text[n] == ')') &&
         b->text[n + 1] == ' ';
}

/* Whether block i sits between the article's numbered list (its last
 * items right above) and a paragraph of prose: a note on the list, such as
 * where its figures come from. */
static int under_numbered_list(const debris_scan *scan, size_t i) {
  const pith_debris_tuning *t = &scan->tune->debris;
  if (i < t->numbered_list_min_items || i + 1 >= scan->blocks->count)
    return 0;
  for (size_t k = 1; k <= t->numbered_list_min_items; k++)
    if (!opens_numbered(block_at(scan, i - k)))
      return 0;
  const pith_block *next = block_at(scan, i + 1);
  return next->text_len >= t->nav_line_prose_len &&
         pith_text_ends_sentence(next->text, next->text_len);
}

/* Which lines a rule removed are the article's own structure:
 *  - a share word or a site's label that heads a section among others
 *    (heads_article_section);
 *  - an item of a list the article announces that a boilerplate phrase
 *    opens and that goes on: the phrase is the item's instruction ("Sign up
 *    for a family account for $9.99 a month" under "Here's how:"), or the
 *    title of what the article shows ("Video: ..." under "Watch:");
 *  - a date in such a list: the days of a schedule under "Clinics are open
 *    on these days:", the example under "here is a simple time tag:";
 *  - a note that a boilerplate phrase opens and that goes on, between the
 *    article's numbered list and its next paragraph: "(Source: a survey of
 *    2,000 households)" under a ranking. */
int pith_debris_article_structure(const debris_scan *scan, size_t i,
                                  debris_rule_id rule) {
  switch (rule) {
  case DEBRIS_RULE_SHARE:
  case DEBRIS_RULE_SITE_LABEL:
    return heads_article_section(scan, i);
  case DEBRIS_RULE_BOILERPLATE:
    return pith_debris_boilerplate_goes_on(block_at(scan, i)->text) &&
           (in_announced_list(scan, i) || under_numbered_list(scan, i));
  case DEBRIS_RULE_DATELINE:
    return in_announced_list(scan, i);
  default:
    return 0;
  }
}

/* A short line that leads elsewhere on the site: opened by a navigation
 * word, no clause, and no paragraph of prose under it ("View all (23)",
 * "Back to Gallery", "Next Page"). A subheading that happens to open with
 * such a word ("More to come") heads prose; headings and list items are
 * left to the page's own structure (a list of a game's features may open
 * "More ..."). */
static int match_nav_line(const debris_scan *scan, size_t i) {
  const pith_block *b = block_at(scan, i);
  if (is_code(b) || b->kind == BLOCK_HEADING || b->kind == BLOCK_LIST_ITEM ||
      b->text_len >= scan->tune->debris.nav_line_max_len ||
      pith_text_ends_clause(b->text, b->text_len) ||
      !pith_debris_opens_with_nav_word(b->text, b->text_len))
    return 0;
  if (i + 1 >= scan->blocks->count)
    return 1;
  const pith_block *next = block_at(scan, i + 1);
  return !(next->text_len >= scan->tune->debris.nav_line_prose_len &&
           pith_text_ends_sentence(next->text, next->text_len));
}

/* Whether a list item opens with an amount and links only the short name
 * that follows it: "80 g <a>Haferflocken</a>", an ingredient whose name
 * links to a glossary or a shop (a linked headline is longer). */
static int linked_ingredient(const pith_block *b) {
  return b->kind == BLOCK_LIST_ITEM && b->text_len <= 60 &&
         pith_text_starts_amount(b->text) && b->link_len < b->text_len &&
         b->link_len <= 30 && b->text_len - b->link_len <= 16;
}

/* A short block that is mostly link text: navigation or a teaser. */
static int match_link(const debris_scan *scan, size_t i) {
  const pith_block *b = block_at(scan, i);
  const pith_tuning *t = scan->tune;
  if (!b->text_len || b->kind == BLOCK_HEADING || linked_ingredient(b))
    return 0;
  double share = (double)b->link_len / (double)b->text_len;
  return (b->text_len < t->debris.link_line_max_len &&
          share >= t->debris.link_line_share) ||
         (b->text_len < t->debris.short_link_line_max_len &&
          share >= t->debris.short_link_line_share);
}

const debris_rule pith_debris_rules[DEBRIS_RULE_COUNT] = {
    [DEBRIS_RULE_CAPTION] = {"caption",
                             "figure captions, a picture's caption above the "
                             "first paragraph, the line after 'Image caption'",
                             DEBRIS_IN_ALL_MODES, DEBRIS_ON_BOTH, 0,
                             match_caption},
    [DEBRIS_RULE_CREDIT] = {"credit",
                            "picture credits ('REUTERS/Name', 'Getty "
                            "Images') and reporting credits",
                            DEBRIS_IN_ALL_MODES, DEBRIS_ON_BOTH, 0,
                            match_credit},
    [DEBRIS_RULE_IMAGE_NAME] = {"image-name",
                                "an image's file name left in the text",
                                DEBRIS_IN_ALL_MODES, DEBRIS_ON_BOTH, 0,
                                match_image_name},
    [DEBRIS_RULE_MARKUP] = {"markup",
                            "markup or template code left in the text "
                            "('<![if !supportEmptyParas]>', '{{ title }}')",
                            DEBRIS_IN_ALL_MODES, DEBRIS_ON_BOTH, 0,
                            match_markup},
    [DEBRIS_RULE_STRAY_CAPTION] = {"caption-unpunctuated",
                                   "a long unpunctuated line between two "
                                   "paragraphs: a caption without its image",
                                   DEBRIS_IN_ALL_MODES, DEBRIS_ON_TEXT, 0,
                                   match_stray_caption},
    [DEBRIS_RULE_TITLE_REPEAT] = {"title-repeat",
                                  "the headline again, at the top of the body",
                                  DEBRIS_IN_ALL_MODES, DEBRIS_ON_BOTH, 0,
                                  match_title_repeat},
    [DEBRIS_RULE_SHARE] = {"share", "share bars and 'follow us' lines",
                           DEBRIS_IN_ALL_MODES, DEBRIS_ON_BOTH, 0, match_share},
    [DEBRIS_RULE_SITE_LABEL] = {"site-label",
                                "a site's label alone on a line: "
                                "navigation, account and comment-form "
                                "labels ('Privacy Policy', 'Name (required)')",
                                DEBRIS_IN_ALL_MODES, DEBRIS_ON_BOTH, 0,
                                match_site_label},
    [DEBRIS_RULE_CAPTION_LABEL] = {"caption-label",
                                   "lines opened by a caption or credit label "
                                   "('Photo:', 'Figure 3:')",
                                   DEBRIS_IN_ALL_MODES, DEBRIS_ON_BOTH, 0,
                                   match_caption_label},
    [DEBRIS_RULE_SEE_ALSO] = {"see-also",
                              "one-line links to another article ('Read "
                              "also: ...')",
                              DEBRIS_IN_ALL_MODES, DEBRIS_ON_BOTH, 0,
                              match_see_also},
    [DEBRIS_RULE_BOILERPLATE] = {"boilerplate-phrase",
                                 "short lines opened by a boilerplate phrase "
                                 "('Advertisement', 'Sign up for ...')",
                                 DEBRIS_IN_ALL_MODES, DEBRIS_ON_BOTH, 0,
                                 match_boilerplate},
    [DEBRIS_RULE_SHORTCODE] = {"shortcode",
                               "unrendered widgets ('[button]...[/button]')",
                               DEBRIS_IN_ALL_MODES, DEBRIS_ON_BOTH, 0,
                               match_shortcode},
    [DEBRIS_RULE_TEASER_LABEL] = {"teaser-label",
                                  "teaser headlines labelled '[VIDEO]' or "
                                  "ending in a link's label ('... Watch "
                                  "Video')",
                                  DEBRIS_IN_ALL_MODES, DEBRIS_ON_BOTH, 0,
                                  match_teaser_label},
    [DEBRIS_RULE_META_LINE] = {"meta-line",
                               "post metadata ('Posted by: ... Tags: ...')",
                               DEBRIS_IN_ALL_MODES, DEBRIS_ON_BOTH, 0,
                               match_meta_line},
    [DEBRIS_RULE_NOTICE] = {"notice",
                            "site notices: comment login prompts, paywall and "
                            "newsletter pitches, disclaimers",
                            DEBRIS_IN_ALL_MODES, DEBRIS_ON_BOTH, 0,
                            match_notice},
    [DEBRIS_RULE_BYLINE] = {"byline", "'By Jane Doe'", DEBRIS_IN_ALL_MODES,
                            DEBRIS_ON_BOTH, 0, match_byline},
    [DEBRIS_RULE_DATELINE] = {"dateline",
                              "'Published 3 hours ago', 'Updated: 19 Nov "
                              "2019'",
                              DEBRIS_IN_ALL_MODES, DEBRIS_ON_BOTH, 0,
                              match_dateline},
    [DEBRIS_RULE_NAV_LINE] = {"nav-line",
                              "short lines that lead elsewhere ('View all "
                              "(23)', 'Back to Gallery', 'Next Page') with "
                              "no prose under them",
                              DEBRIS_IN_ALL_MODES, DEBRIS_ON_BOTH, 0,
                              match_nav_line},
    [DEBRIS_RULE_LINK] = {"link",
                          "short blocks that are mostly link text (not in "
                          "recall mode: they may be the article's references)",
                          DEBRIS_IN_BALANCED | DEBRIS_IN_PRECISION,
                          DEBRIS_ON_BOTH, 0, match_link},
    [DEBRIS_RULE_FIRST_LINE] = {"first-line",
                                "a paragraph's first line when it is a byline, "
                                "dateline or post metadata and text follows, "
                                "and its last lines when they are see-also or "
                                "'Previous story:' links under its text",
                                DEBRIS_IN_ALL_MODES, DEBRIS_ON_HTML, 0, NULL},
    [DEBRIS_RULE_KICKER] = {"kicker",
                            "the short lines above the page's headline",
                            DEBRIS_IN_ALL_MODES, DEBRIS_ON_HTML, 0, NULL},
    [DEBRIS_RULE_CAPTION_REPEAT] = {"caption-repeat",
                                    "a caption or alt text repeated in the "
                                    "text",
                                    DEBRIS_IN_ALL_MODES, DEBRIS_ON_BOTH, 0,
                                    NULL},
    [DEBRIS_RULE_REPEAT] =
        {"repeat",
         "the copy of a block printed twice in a row, or of a pull quote",
         DEBRIS_IN_ALL_MODES, DEBRIS_ON_BOTH, 0, NULL},
    [DEBRIS_RULE_TEASER_BLOCK] = {"teaser-block",
                                  "everything after a 'More in ...' or "
                                  "'Related' marker in the last half",
                                  DEBRIS_IN_ALL_MODES, DEBRIS_ON_BOTH, 0, NULL},
    [DEBRIS_RULE_UNCERTAIN_LINKS] = {"uncertain-links",
                                     "short blocks with more link text than "
                                     "plain text",
                                     DEBRIS_IN_PRECISION, DEBRIS_ON_BOTH, 0,
                                     NULL},
    [DEBRIS_RULE_MODEL] = {"model",
                           "the learned line model (bench/debris_model): "
                           "lines no rule is sure of",
                           DEBRIS_IN_ALL_MODES, DEBRIS_ON_TEXT, 0, NULL},
    [DEBRIS_RULE_UNCERTAIN_EDGE] = {"uncertain-edge",
                                    "short unfinished lines before the first "
                                    "and after the last real paragraph",
                                    DEBRIS_IN_PRECISION, DEBRIS_ON_BOTH, 0,
                                    NULL},
    [DEBRIS_RULE_SITE_REPEAT] = {"site-repeat",
                                 "lines that recur on many pages of the "
                                 "site (with a site profile: --site-"
                                 "boilerplate, --site-profile)",
                                 DEBRIS_IN_ALL_MODES, DEBRIS_ON_HTML, 0, NULL},
    [DEBRIS_RULE_COMMENT_THREAD] = {"comment-thread",
                                    "the readers' comments: everything after "
                                    "a comments marker below the article once "
                                    "two comments' dated headers followed it",
                                    DEBRIS_IN_ALL_MODES, DEBRIS_ON_TEXT, 0,
                                    NULL},
    [DEBRIS_RULE_ENCLOSED] = {"enclosed",
                              "one or two short unfinished lines between "
                              "lines of the site's furniture (a share bar's "
                              "'Fark', 'Google')",
                              DEBRIS_IN_ALL_MODES, DEBRIS_ON_BOTH, 0, NULL},
    [DEBRIS_RULE_CAPTION_COPY] =
        {"caption-copy",
         "a caption printed twice with small "
         "differences ('... more', a date added), "
         "one copy next to a photo credit (text: a page's "
         "captions sit next to their pictures)",
         DEBRIS_IN_ALL_MODES, DEBRIS_ON_TEXT, 0, NULL},
    [DEBRIS_RULE_HEADLINE_RUN] =
        {"headline-run",
         "a run of three or more lines the learned model leans to call "
         "debris, among the site's furniture (a box of teaser headlines), "
         "unless it heads the article's first paragraph",
         DEBRIS_IN_ALL_MODES, DEBRIS_ON_TEXT, 0, NULL},
};

int pith_debris_rule_on(const debris_context *ctx, debris_rule_id id) {
  const debris_rule *rule = &pith_debris_rules[id];
  unsigned source = ctx->from_html ? DEBRIS_ON_HTML : DEBRIS_ON_TEXT;
  return (rule->modes & (1u << ctx->tune->mode)) && (rule->sources & source) &&
         !(ctx->rules_off & ((uint64_t)1 << id));
}

int pith_debris_rule_decides(const debris_context *ctx, debris_rule_id id) {
  unsigned source = ctx->from_html ? DEBRIS_ON_HTML : DEBRIS_ON_TEXT;
  return pith_debris_rule_on(ctx, id) &&
         !((pith_debris_rules[id].defers & source) &&
           pith_debris_rule_on(ctx, DEBRIS_RULE_MODEL));
}

int pith_debris_rules_parse(const char *names, uint64_t *mask, const char **bad,
                            size_t *bad_len) {
  *mask = 0;
  for (const char *p = names; p && *p;) {
    while (*p == ',' || *p == ' ')
      p++;
    size_t n = strcspn(p, ", ");
    if (!n)
      break;
    size_t id = 0;
    while (id < DEBRIS_RULE_COUNT &&
           !(strlen(pith_debris_rules[id].name) == n &&
             strncmp(pith_debris_rules[id].name, p, n) == 0))
      id++;
    if (id == DEBRIS_RULE_COUNT) {
      *bad = p;
      *bad_len = n;
      return -1;
    }
    *mask |= (uint64_t)1 << id;
    p += n;
  }
  return 0;
}

const char *pith_rule_name(size_t index) {
  return index < DEBRIS_RULE_COUNT ? pith_debris_rules[index].name : NULL;
}

const char *pith_rule_about(size_t index) {
  return index < DEBRIS_RULE_COUNT ? pith_debris_rules[index].about : NULL;
}

/* A caption that lost its image: a long line that reads like a sentence
 * but has no final stop, between two paragraphs that have one. Titles and
 * subheadings are short or at the top; list items are not paragraphs. Only
 * for text: in HTML a caption keeps its markup (figcaption, caption
 * classes), and unpunctuated paragraphs there are mostly real. */
/* Whether a line reads as one caption sentence rather than prose cut off
 * or a headline: no sentence stop inside, no opening quote, no last word
 * that needs one after it ("by", "an", "the"), not every word
 * capitalised. */
static int caption_sentence(const char *s, size_t len) {
  if (strstr(s, ". ") || strstr(s, "? ") || strstr(s, "! ") ||
      strstr(s, "''") || strstr(s, "``"))
    return 0;
  /* A caption is one plain clause. Prose that a scraper cut short, or whose
   * stop hides behind a quote or a widget's label ("business.Click To
   * Tweet"), goes on with commas, dashes and quotes: in the scraped texts
   * such lines outnumbered the captions four to one. */
  if (strchr(s, ',') || strchr(s, '"') || strchr(s, ';') ||
      strstr(s, "\xE2\x80\x94") /* — */ || strstr(s, "\xE2\x80\x93") /* – */ ||
      strstr(s, "\xE2\x80\x9D") /* ” */ || s[len - 1] == '-')
    return 0;
  for (size_t k = 1; k + 1 < len; k++)
    if (s[k] == '.' && pith_text_starts_upper(s + k + 1) && s[k - 1] >= 'a' &&
        s[k - 1] <= 'z')
      return 0;
  /* a list item, a "Heading: subheading", a line ending in a bracket */
  const char *colon = strchr(s, ':');
  if ((colon && (size_t)(colon - s) < len / 2) || s[len - 1] == ')' ||
      s[0] == '-' || s[0] == '*' || (unsigned char)s[0] == 0xE2)
    return 0;
  const unsigned char *u = (const unsigned char *)s;
  if (u[0] == '"' || u[0] == '\'' ||
      (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x9C || u[2] == 0x98)) ||
      (u[0] == 0xC2 && u[1] == 0xAB))
    return 0;
  size_t end = len;
  while (end && s[end - 1] == ' ')
    end--;
  size_t start = end;
  while (start && s[start - 1] != ' ')
    start--;
  int lower = 1;
  for (size_t k = start; k < end; k++)
    lower &= s[k] >= 'a' && s[k] <= 'z';
  if (lower && end - start <= 3)
    return 0;
  size_t words = 0, capitals = 0;
  for (size_t k = 0; k < len; k++)
    if (k == 0 || s[k - 1] == ' ') {
      words++;
      capitals += pith_text_starts_upper(s + k) != 0;
    }
  if (capitals * 10 >= words * 6)
    return 0;
  return 1;
}

int pith_debris_is_stray_caption(const pith_blocks *blocks, size_t i,
                                 const pith_debris_tuning *t) {
  const pith_block *b = &blocks->items[i];
  size_t min = t->stray_caption_min_len;
  if (i < 2 || i + 1 >= blocks->count || b->text_len < min ||
      pith_text_ends_clause(b->text, b->text_len) ||
      pith_text_count_words(b->text, PITH_UNTIL_NUL) <
          t->stray_caption_min_words ||
      !caption_sentence(b->text, b->text_len))
    return 0;
  const pith_block *prev = &blocks->items[i - 1];
  const pith_block *next = &blocks->items[i + 1];
  return prev->kind == BLOCK_PARAGRAPH && next->kind == BLOCK_PARAGRAPH &&
         prev->text_len >= min && next->text_len >= min &&
         pith_text_ends_clause(prev->text, prev->text_len) &&
         pith_text_ends_clause(next->text, next->text_len);
}
