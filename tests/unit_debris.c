/* The debris stage: the table of named rules (names, modes, sources,
 * switching one off), repetition that needs a second cue, the features of
 * the learned model and its explanations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "debris.h"
#include "debris_features.h"
#include "debris_model.h"

/* Distinct sentences of 120+ characters: paragraphs of an article. */
static const char *const prose[] = {
    "The city council met on Tuesday evening to discuss the harbour bridge, "
    "which has been closed for repairs since the spring floods damaged it.",
    "Engineers told the members that the work was nearly finished, and that "
    "the crossing could reopen before the end of the month if it held dry.",
    "Residents on both sides of the river have waited months for the bridge, "
    "and several shop owners said their trade had fallen by half since then.",
    "The council also agreed to review next year's budget, with a vote "
    "planned for the first meeting after the summer break, when all return.",
    "A spokesperson for the port authority said that ferry services would "
    "continue to run on the reduced timetable until the reopening is final.",
};

/* Two sentences, over 150 characters: plain prose. */
#define LONG_PROSE                                                             \
  "Work on the harbour bridge began in April and has cost the city more "      \
  "than it planned. The council says the last of the bills will be paid "      \
  "by the end of the year."

static void push(pith_blocks *bs, block_kind kind, const char *text) {
  pith_block b;
  memset(&b, 0, sizeof b);
  b.kind = kind;
  b.text = pith_strdup(text);
  b.markdown = pith_strdup(text);
  assert_non_null(b.text);
  assert_non_null(b.markdown);
  b.text_len = strlen(text);
  assert_int_equal(pith_blocks_push(bs, &b), 0);
}

static void push_lines(pith_blocks *bs, const char *const *lines, size_t n) {
  memset(bs, 0, sizeof *bs);
  for (size_t i = 0; i < n; i++)
    push(bs, BLOCK_PARAGRAPH, lines[i]);
}

static void judge_text(pith_blocks *bs, pith_mode mode, uint64_t off) {
  debris_context ctx = {.tune = pith_tuning_for(mode), .rules_off = off};
  pith_debris_judge(bs, &ctx);
}

/* ---- the table ----------------------------------------------------------- */

static void test_table_is_complete(void **state) {
  (void)state;
  for (size_t i = 0; i < DEBRIS_RULE_COUNT; i++) {
    const debris_rule *r = &pith_debris_rules[i];
    assert_non_null(r->name);
    assert_non_null(r->about);
    assert_true(strlen(r->about) > 10);
    assert_true(r->modes & DEBRIS_IN_ALL_MODES);
    assert_true(r->sources & DEBRIS_ON_BOTH);
    /* line rules have a predicate, the passes are run by id */
    if (i < DEBRIS_LINE_RULES)
      assert_non_null(r->match);
    else
      assert_null(r->match);
    for (size_t j = 0; j < i; j++)
      assert_string_not_equal(r->name, pith_debris_rules[j].name);
    assert_string_equal(pith_rule_name(i), r->name);
    assert_string_equal(pith_rule_about(i), r->about);
  }
  assert_null(pith_rule_name(DEBRIS_RULE_COUNT));
  assert_null(pith_rule_about(DEBRIS_RULE_COUNT));
}

static void test_rules_parse(void **state) {
  (void)state;
  uint64_t mask = 1;
  const char *bad = NULL;
  size_t bad_len = 0;
  assert_int_equal(pith_debris_rules_parse(NULL, &mask, &bad, &bad_len), 0);
  assert_true(mask == 0);
  assert_int_equal(
      pith_debris_rules_parse("share, dateline,,model", &mask, &bad, &bad_len),
      0);
  assert_true(mask == ((uint64_t)1 << DEBRIS_RULE_SHARE |
                       (uint64_t)1 << DEBRIS_RULE_DATELINE |
                       (uint64_t)1 << DEBRIS_RULE_MODEL));
  assert_int_equal(
      pith_debris_rules_parse("share,sharing", &mask, &bad, &bad_len), -1);
  assert_int_equal(bad_len, 7);
  assert_memory_equal(bad, "sharing", 7);
}

static void test_modes_of_rules(void **state) {
  (void)state;
  debris_context ctx = {.tune = pith_tuning_for(PITH_MODE_RECALL),
                        .from_html = 1};
  assert_false(pith_debris_rule_on(&ctx, DEBRIS_RULE_LINK));
  assert_false(pith_debris_rule_on(&ctx, DEBRIS_RULE_UNCERTAIN_EDGE));
  ctx.tune = pith_tuning_for(PITH_MODE_PRECISION);
  assert_true(pith_debris_rule_on(&ctx, DEBRIS_RULE_LINK));
  assert_true(pith_debris_rule_on(&ctx, DEBRIS_RULE_UNCERTAIN_EDGE));
  /* a stray caption is judged in plain text only */
  assert_false(pith_debris_rule_on(&ctx, DEBRIS_RULE_STRAY_CAPTION));
  ctx.from_html = 0;
  assert_true(pith_debris_rule_on(&ctx, DEBRIS_RULE_STRAY_CAPTION));
  ctx.rules_off = (uint64_t)1 << DEBRIS_RULE_STRAY_CAPTION;
  assert_false(pith_debris_rule_on(&ctx, DEBRIS_RULE_STRAY_CAPTION));
}

/* A rule left out through the options keeps what it would remove; an
 * unknown name is an error that names it. */
static void test_disabled_rule_through_options(void **state) {
  (void)state;
  const char *text = "Council reopens the harbour bridge\n"
                     "Facebook Twitter Email\n"
                     "The bridge reopened on Tuesday after the spring repairs "
                     "were finished ahead of time.\n";
  pith_options opt;
  pith_options_init(&opt);
  pith_result *r = NULL;
  assert_int_equal(pith_clean_text(text, strlen(text), &opt, &r), PITH_OK);
  assert_null(strstr(pith_result_text(r), "Facebook"));
  assert_string_equal(pith_result_line_rule(r, 1), "share");
  pith_result_free(r);
  opt.disabled_rules = "share,model";
  assert_int_equal(pith_clean_text(text, strlen(text), &opt, &r), PITH_OK);
  assert_non_null(strstr(pith_result_text(r), "Facebook Twitter Email"));
  pith_result_free(r);
  opt.disabled_rules = "share,nonsense";
  assert_int_equal(pith_clean_text(text, strlen(text), &opt, &r),
                   PITH_ERR_ARGUMENT);
  assert_non_null(strstr(pith_result_message(r), "'nonsense'"));
  pith_result_free(r);
}

/* pith_clean_text honours the modes: precision trims the short unfinished
 * lines at the edges, which balanced keeps. */
static void test_clean_honours_modes(void **state) {
  (void)state;
  char text[2048];
  snprintf(text, sizeof text, "%s\n%s\n%s\nA word from our partners\n",
           prose[0], prose[1], prose[2]);
  pith_options opt;
  pith_options_init(&opt);
  opt.disabled_rules = "model";
  pith_result *r = NULL;
  assert_int_equal(pith_clean_text(text, strlen(text), &opt, &r), PITH_OK);
  assert_true(pith_result_line_kept(r, 3));
  pith_result_free(r);
  opt.mode = PITH_MODE_PRECISION;
  assert_int_equal(pith_clean_text(text, strlen(text), &opt, &r), PITH_OK);
  assert_false(pith_result_line_kept(r, 3));
  assert_string_equal(pith_result_line_rule(r, 3), "uncertain-edge");
  pith_result_free(r);
}

/* ---- repetition needs a second cue ----------------------------------------
 */

static void test_repeated_step_far_apart_kept(void **state) {
  (void)state;
  const char *const lines[] = {
      prose[0], "Stir the sauce and let it simmer for ten minutes", prose[1],
      prose[2], "Stir the sauce and let it simmer for ten minutes", prose[3]};
  pith_blocks bs;
  push_lines(&bs, lines, 6);
  judge_text(&bs, PITH_MODE_BALANCED, (uint64_t)1 << DEBRIS_RULE_MODEL);
  for (size_t i = 0; i < bs.count; i++)
    assert_false(bs.items[i].drop);
  pith_blocks_free(&bs);
}

static void test_doubled_caption_side_by_side(void **state) {
  (void)state;
  const char *const lines[] = {
      prose[0], prose[1], "Workers on the bridge deck in May, pictured",
      "Workers on the bridge deck in May, pictured", prose[2]};
  pith_blocks bs;
  push_lines(&bs, lines, 5);
  judge_text(&bs, PITH_MODE_BALANCED, (uint64_t)1 << DEBRIS_RULE_MODEL);
  assert_true(bs.items[2].drop);
  assert_true(bs.items[3].drop);
  assert_string_equal(bs.items[2].rule, "caption-repeat");
  assert_false(bs.items[4].drop);
  pith_blocks_free(&bs);
}

/* A sentence printed twice in a row: the copy goes, the text stays once. */
static void test_sentence_printed_twice(void **state) {
  (void)state;
  const char *const lines[] = {prose[0], prose[1], prose[1], prose[2]};
  pith_blocks bs;
  push_lines(&bs, lines, 4);
  judge_text(&bs, PITH_MODE_BALANCED, (uint64_t)1 << DEBRIS_RULE_MODEL);
  assert_false(bs.items[1].drop);
  assert_true(bs.items[2].drop);
  assert_string_equal(bs.items[2].rule, "repeat");
  pith_blocks_free(&bs);
}

/* In a page, a copy next to a picture is a caption's double. */
static void test_copy_next_to_media(void **state) {
  (void)state;
  const char *caption = "The new harbour bridge seen from the north quay";
  pith_blocks bs;
  memset(&bs, 0, sizeof bs);
  push(&bs, BLOCK_PARAGRAPH, prose[0]);
  push(&bs, BLOCK_PARAGRAPH, caption);
  push(&bs, BLOCK_PARAGRAPH, prose[1]);
  push(&bs, BLOCK_PARAGRAPH, prose[2]);
  push(&bs, BLOCK_PARAGRAPH, caption);
  bs.items[4].near_media = 1;
  debris_context ctx = {.from_html = 1,
                        .tune = pith_tuning_for(PITH_MODE_BALANCED)};
  pith_debris_judge(&bs, &ctx);
  assert_true(bs.items[1].drop);
  assert_true(bs.items[4].drop);
  assert_string_equal(bs.items[4].rule, "caption-repeat");
  pith_blocks_free(&bs);
}

/* ---- features ---------------------------------------------------------------
 */

typedef struct featured {
  pith_blocks bs;
  debris_doc *doc;
  float x[16][DEBRIS_FEATURES];
} featured;

static void featurize(featured *f, const char *const *lines, size_t n) {
  assert_true(n <= 16);
  push_lines(&f->bs, lines, n);
  debris_context ctx = {.tune = pith_tuning_for(PITH_MODE_BALANCED),
                        .rules_off = (uint64_t)1 << DEBRIS_RULE_MODEL};
  pith_debris_judge(&f->bs, &ctx);
  f->doc = pith_debris_doc_new(&f->bs, &ctx);
  assert_non_null(f->doc);
  for (size_t i = 0; i < n; i++)
    pith_debris_features(f->doc, i, f->x[i]);
}

static void featured_free(featured *f) {
  pith_debris_doc_free(f->doc);
  pith_blocks_free(&f->bs);
}

static void test_features_of_a_line(void **state) {
  (void)state;
  const char *const lines[] = {"Harbour Bridge Work Costs The Council More",
                               LONG_PROSE,
                               prose[1],
                               "- Doors open at 10:45 on Saturday",
                               prose[2],
                               "Visit www.example.org for more"};
  featured f;
  featurize(&f, lines, 6);
  assert_true(f.x[0][DF_TITLE_CASE] == 1.0f);
  assert_true(f.x[0][DF_ENDS_SENTENCE] == 0.0f);
  assert_true(f.x[0][DF_FIRST] == 1.0f);
  assert_true(f.x[0][DF_BEFORE_CORE] == 1.0f);
  assert_true(f.x[1][DF_ENDS_SENTENCE] == 1.0f);
  assert_true(f.x[1][DF_IN_CORE] == 1.0f);
  assert_true(f.x[1][DF_INNER_STOP] == 1.0f);
  assert_true(f.x[3][DF_LIST_MARK] == 1.0f);
  assert_true(f.x[3][DF_CLOCK] == 1.0f);
  assert_true(f.x[5][DF_ADDRESS] == 1.0f);
  assert_true(f.x[5][DF_AFTER_CORE] == 1.0f);
  assert_true(f.x[5][DF_LINES_AFTER] == 1.0f);
  assert_true(f.x[5][DF_PROSE_BELOW] == 0.0f);
  assert_true(f.x[0][DF_PROSE_BELOW] == 1.0f);
  /* the words of the core are shared by a line about the same thing */
  assert_true(f.x[0][DF_COHESION] > 0.5f);
  assert_true(f.x[5][DF_COHESION] < 0.5f);
  assert_true(pith_debris_plain_prose(f.doc, 1));
  assert_false(pith_debris_plain_prose(f.doc, 0));
  featured_free(&f);
}

/* A number pair at the very end of a line ("53-9", "3/4"): the clock test
 * reads no byte past the line's end (the ASan build of this test checks),
 * and a score is no date. */
static void test_clock_at_the_end_of_a_line(void **state) {
  (void)state;
  const char *const lines[] = {"Heritage d. Titusville 53-9", LONG_PROSE,
                               "Add 3/4", "Match report, 18/01/2008"};
  featured f;
  featurize(&f, lines, 4);
  assert_true(f.x[0][DF_CLOCK] == 0.0f);
  assert_true(f.x[2][DF_CLOCK] == 0.0f);
  assert_true(f.x[3][DF_CLOCK] == 1.0f);
  featured_free(&f);
}

static void test_features_of_context(void **state) {
  (void)state;
  const char *const lines[] = {prose[0],
                               prose[1],
                               prose[2],
                               "More in Politics",
                               "Minister resigns over harbour contract",
                               "Share this story on Facebook",
                               "Minister resigns over harbour contract",
                               "12 Comments",
                               "Reply"};
  featured f;
  featurize(&f, lines, 9);
  assert_true(f.x[3][DF_TAIL_MARKER] == 1.0f);
  assert_true(f.x[4][DF_AFTER_MARKER] == 1.0f);
  assert_true(f.x[4][DF_MARKER_ABOVE] == 1.0f);
  assert_true(f.x[2][DF_MARKER_ABOVE] == 0.0f);
  assert_true(f.x[4][DF_REPEATED] == 1.0f);
  assert_true(f.x[4][DF_REPEAT_NEAR] == 1.0f);
  assert_true(f.x[5][DF_SHARE_WORDS] > 0.3f);
  assert_true(f.x[8][DF_COMMENT_CUE] == 1.0f);
  assert_true(f.x[5][DF_SHORT_RUN] >= 4.0f);
  assert_true(f.x[2][DF_NEXT_LENGTH] == 16.0f);
  featured_free(&f);
}

/* The distance to the site's furniture (lines a rule removed as a share
 * bar or a notice, not a byline) and the site words of the neighbours. */
static void test_features_of_furniture(void **state) {
  (void)state;
  const char *const lines[] = {prose[0],           "Facebook Twitter Email",
                               "Stocks Mentioned", "By Jane Doe",
                               prose[1],           prose[2]};
  featured f;
  featurize(&f, lines, 6);
  assert_true(f.x[2][DF_FURNITURE_ABOVE] == 1.0f);
  assert_true(f.x[3][DF_FURNITURE_ABOVE] == 2.0f);
  assert_true(f.x[0][DF_FURNITURE_BELOW] == 1.0f);
  /* a byline is the article's own: no furniture below the share bar */
  assert_true(f.x[2][DF_FURNITURE_BELOW] == 20.0f);
  assert_true(f.x[2][DF_NEAR_SITE_WORDS] > 0.0f);
  assert_true(f.x[5][DF_NEAR_SITE_WORDS] == 0.0f);
  featured_free(&f);
}

/* A run of short lines under a label (a marker, or furniture a rule
 * removed) is flagged; the words around a line that the article shares
 * are counted. */
static void test_features_of_runs_under_labels(void **state) {
  (void)state;
  const char *const lines[] = {prose[0],
                               "Facebook Twitter Email",
                               "Mayor opens the new bridge",
                               "Storm closes the ring road",
                               prose[1],
                               prose[2],
                               "Ferry tickets",
                               "Bridge tolls"};
  featured f;
  featurize(&f, lines, 8);
  assert_true(f.x[2][DF_RUN_HEAD_LABEL] == 1.0f);
  assert_true(f.x[3][DF_RUN_HEAD_LABEL] == 1.0f);
  /* under a paragraph, not a label */
  assert_true(f.x[6][DF_RUN_HEAD_LABEL] == 0.0f);
  assert_true(f.x[7][DF_RUN_HEAD_LABEL] == 0.0f);
  assert_true(f.x[1][DF_NEAR_COHESION] > 0.0f);
  featured_free(&f);
}

/* Reader comments' headers are counted below them; the article's own
 * "Posted by ... on ..." and a sentence with a date are no such header. */
static void test_feature_of_comment_headers(void **state) {
  (void)state;
  const char *const lines[] = {
      "Posted by Jane Doe on November 7, 2012 at 4:14 pm",
      prose[0],
      prose[1],
      "Dean Saliba on November 8, 2012 9:54 pm",
      "What a lovely place this has become, thank you for the tips.",
      "George from Leeds on November 11, 2012 9:36 am",
      prose[2]};
  featured f;
  featurize(&f, lines, 7);
  assert_true(f.x[3][DF_COMMENT_HEADERS] == 0.0f);
  assert_true(f.x[4][DF_COMMENT_HEADERS] == 1.0f);
  assert_true(f.x[6][DF_COMMENT_HEADERS] == 2.0f);
  assert_true(pith_debris_is_dateline(lines[3], strlen(lines[3])));
  assert_false(pith_debris_is_comment_header(lines[0], strlen(lines[0])));
  const char *sentence = "The board met on May 3, 2012 at 9:00 and voted.";
  assert_false(pith_debris_is_comment_header(sentence, strlen(sentence)));
  featured_free(&f);
}

/* Cells of a table set out one per line repeat their shapes at a step. */
static void test_feature_of_a_table(void **state) {
  (void)state;
  const char *const lines[] = {"NY-19", "Chris Gibson", "Obama +2",
                               "NY-20", "Tom Reed",     "Obama +5",
                               "NY-21", "Bill Owens",   "Obama +9"};
  featured f;
  featurize(&f, lines, 9);
  assert_true(f.x[5][DF_PERIODIC] >= 2.0f);
  assert_true(f.x[2][DF_PERIODIC] >= 2.0f);
  featured_free(&f);
}

/* ---- the model -------------------------------------------------------------
 */

static void test_model_fits_the_features(void **state) {
  (void)state;
  const pith_debris_model *m = &pith_debris_text_model;
  /* a model trained on another feature set is not used: retrain it */
  assert_int_equal(m->features, DEBRIS_FEATURES);
  assert_true(m->trees > 0);
  for (unsigned t = 0; t < m->trees; t++) {
    const pith_tree_node *n = &m->nodes[m->roots[t]];
    for (int depth = 0; n->feature >= 0; depth++) {
      assert_true(depth < 16);
      assert_true(n->feature < DEBRIS_FEATURES);
      n = &m->nodes[n->left];
    }
  }
}

static void test_model_verdict_and_why(void **state) {
  (void)state;
  const char *const lines[] = {prose[0], prose[1], prose[2],
                               "Advertise with us | Careers | Contact"};
  featured f;
  featurize(&f, lines, 4);
  debris_verdict v;
  pith_debris_model_score(&pith_debris_text_model, f.x[3], &v);
  assert_true(v.p > 0.0 && v.p < 1.0);
  double sign = v.p >= 0.5 ? 1 : -1;
  for (int k = 0; k < DEBRIS_WHY; k++) {
    if (v.why[k] < 0)
      break;
    assert_true(v.why[k] < DEBRIS_FEATURES);
    /* the reasons point the way of the verdict, strongest first */
    assert_true(v.weight[k] * sign > 0);
    if (k)
      assert_true(v.weight[k] * sign <= v.weight[k - 1] * sign);
  }
  featured_free(&f);
}

static void test_explain(void **state) {
  (void)state;
  char text[2048];
  snprintf(text, sizeof text, "%s\nFacebook Twitter Email\n%s\n%s\n%s\n",
           prose[0], prose[1], prose[2], "Wet weather is due next week");
  pith_result *r = NULL;
  assert_int_equal(pith_clean_text(text, strlen(text), NULL, &r), PITH_OK);
  char why[256];
  size_t n = pith_result_line_explain(r, 1, why, sizeof why);
  assert_int_equal(n, strlen(why));
  assert_string_equal(why, "share: share bars and 'follow us' lines");
  /* the model judged the short last line: its name and reasons */
  n = pith_result_line_explain(r, 4, why, sizeof why);
  assert_true(strncmp(why, "model ", 6) == 0);
  assert_non_null(strstr(why, pith_debris_text_model.name));
  assert_non_null(strstr(why, "p(debris)"));
  /* a short buffer gets what fits, the return value the whole length */
  char small[8];
  assert_int_equal(pith_result_line_explain(r, 4, small, sizeof small), n);
  assert_int_equal(strlen(small), 7);
  assert_int_equal(pith_result_line_explain(r, 99, why, sizeof why), 0);
  pith_result_free(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_table_is_complete),
      cmocka_unit_test(test_rules_parse),
      cmocka_unit_test(test_modes_of_rules),
      cmocka_unit_test(test_disabled_rule_through_options),
      cmocka_unit_test(test_clean_honours_modes),
      cmocka_unit_test(test_repeated_step_far_apart_kept),
      cmocka_unit_test(test_doubled_caption_side_by_side),
      cmocka_unit_test(test_sentence_printed_twice),
      cmocka_unit_test(test_copy_next_to_media),
      cmocka_unit_test(test_features_of_a_line),
      cmocka_unit_test(test_clock_at_the_end_of_a_line),
      cmocka_unit_test(test_features_of_context),
      cmocka_unit_test(test_features_of_furniture),
      cmocka_unit_test(test_features_of_runs_under_labels),
      cmocka_unit_test(test_feature_of_a_table),
      cmocka_unit_test(test_feature_of_comment_headers),
      cmocka_unit_test(test_model_fits_the_features),
      cmocka_unit_test(test_model_verdict_and_why),
      cmocka_unit_test(test_explain),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
