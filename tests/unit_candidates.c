/* The candidate bodies one by one, the choice between them, and the
 * comment sections, on small hand-written pages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "candidates.h"
#include "comments.h"

/* Distinct sentences of about 150 characters each. */
#define S1                                                                     \
  "The city council met on Tuesday evening to discuss the harbour bridge, "    \
  "which has been closed for repairs since the spring floods damaged it."
#define S2                                                                     \
  "Engineers told the members that the work was nearly finished, and that "    \
  "the crossing could reopen before the end of the month if the weather held."
#define S3                                                                     \
  "Residents on both sides of the river have waited months for the bridge, "   \
  "and several shop owners said their trade had fallen by half since then."
#define S4                                                                     \
  "The council also agreed to review next year's budget, with a vote "         \
  "planned for the first meeting after the summer break, when all return."

#define NAV                                                                    \
  "<ul id=\"nav\"><li><a href=\"/\">Home</a></li><li><a href=\"/w\">World "    \
  "news and more from around the globe</a></li><li><a href=\"/s\">Sport "      \
  "results, fixtures and tables</a></li></ul>"

/* A comment of a thread: author, date, text, reply link. */
#define COMMENT(who, when, text)                                               \
  "<li class=\"comment\"><span class=\"comment-author\">" who "</span> "       \
  "<span>" when "</span><p>" text "</p><a href=\"?replytocom=1#respond\">"     \
  "Reply</a></li>"

typedef struct page {
  htmlDocPtr doc;
  pith_dom dom;
  pith_meta meta;
  debris_context ctx;
} page;

/* Parses, annotates and prepares a page as the pipeline does; page_type
 * and article_body stand in for what the metadata would say. */
static void page_load(page *p, const char *html, const char *page_type,
                      const char *article_body) {
  memset(p, 0, sizeof *p);
  p->doc = pith_parse_html(html, strlen(html), NULL);
  assert_non_null(p->doc);
  p->dom.doc = p->doc;
  p->dom.tune = pith_tuning_for(PITH_MODE_BALANCED);
  int over = 0;
  assert_int_equal(pith_dom_annotate(&p->dom, PITH_DEFAULT_MAX_NODES, &over),
                   0);
  p->meta.page_type = page_type ? pith_strdup(page_type) : NULL;
  p->meta.article_body = article_body ? pith_strdup(article_body) : NULL;
  p->ctx.title = NULL;
  p->ctx.from_html = 1;
  p->ctx.tune = p->dom.tune;
  pith_strategies_prepare(&p->dom, &p->meta);
}

static void page_free(page *p) {
  pith_meta_free(&p->meta);
  pith_dom_release(&p->dom);
  xmlFreeDoc(p->doc);
}

static xmlNodePtr by_id(page *p, const char *id) {
  xmlNodePtr root = xmlDocGetRootElement(p->doc);
  for (xmlNodePtr n = root; n; n = pith_dom_next(n, root, 0)) {
    const char *v = n->type == XML_ELEMENT_NODE ? pith_dom_attr(n, "id") : NULL;
    if (v && strcmp(v, id) == 0)
      return n;
  }
  fail_msg("no element with id %s", id);
  return NULL;
}

static int is_comments(page *p, const char *id) {
  return (NI(by_id(p, id))->flags & NI_COMMENTS) != 0;
}

static void run(page *p, pith_strategy s, pith_candidate *c) {
  pith_strategy_input in = {&p->dom, &p->meta, &p->ctx, NULL, 0, 0, NULL};
  assert_int_equal(pith_strategy_run(s, &in, c), 0);
}

/* Whether a kept block of the candidate starts with the text. */
static int kept_starts(const pith_candidate *c, const char *text) {
  for (size_t i = 0; i < c->blocks.count; i++)
    if (!c->blocks.items[i].drop &&
        strncmp(c->blocks.items[i].text, text, strlen(text)) == 0)
      return 1;
  return 0;
}

static const char *const article_page =
    "<html><body>" NAV "<div id=\"wrap\"><div id=\"story\"><h2>Bridge</h2>"
    "<p>" S1 "</p><p>" S2 "</p><p>" S3 "</p><p>" S4 "</p></div>"
    "<div id=\"side\"><p>Weather: rain later.</p></div></div></body></html>";

/* ---- strategies ---------------------------------------------------------- */

static void test_scored_takes_the_article(void **state) {
  (void)state;
  page p;
  page_load(&p, article_page, NULL, NULL);
  pith_candidate c;
  run(&p, PITH_STRATEGY_SCORED, &c);
  assert_true(c.present);
  assert_true(kept_starts(&c, "The city council"));
  assert_true(kept_starts(&c, "The council also"));
  assert_false(kept_starts(&c, "World news"));
  assert_true(c.kept > 500);
  assert_non_null(c.scored_best);
  pith_candidate_free(&c);
  page_free(&p);
}

static void test_semantic_takes_the_article_element(void **state) {
  (void)state;
  page p;
  page_load(&p,
            "<html><body>" NAV "<article id=\"a\"><p>" S1 "</p><p>" S2
            "</p></article><div><p>" S3 "</p></div></body></html>",
            NULL, NULL);
  pith_candidate c;
  run(&p, PITH_STRATEGY_SEMANTIC, &c);
  assert_true(c.present);
  assert_int_equal(c.nroots, 1);
  assert_ptr_equal(c.roots[0], by_id(&p, "a"));
  assert_true(kept_starts(&c, "Engineers told"));
  assert_false(kept_starts(&c, "Residents on both"));
  pith_candidate_free(&c);
  page_free(&p);
}

static void test_semantic_absent_without_markup(void **state) {
  (void)state;
  page p;
  page_load(&p,
            "<html><body>" NAV "<div id=\"wrap\"><div id=\"x\"><p>" S1
            "</p><p>" S2 "</p></div></div></body></html>",
            NULL, NULL);
  pith_candidate c;
  run(&p, PITH_STRATEGY_SEMANTIC, &c);
  assert_false(c.present);
  pith_candidate_free(&c);
  page_free(&p);
}

/* trafilatura's rules, in order: a body name ("entry-content") before one
 * post, one post before an <article>; each the first in page order with
 * enough text. */
static void test_semantic_rules_in_order(void **state) {
  (void)state;
  page p;
  page_load(&p,
            "<html><body><article id=\"a\"><p>" S3 "</p></article>"
            "<div id=\"p\" class=\"post hentry\"><h2>Bridge</h2>"
            "<div id=\"e\" class=\"entry_content\"><p>" S1 "</p><p>" S2
            "</p></div></div><div class=\"entryContent\"><p>Short.</p></div>"
            "</body></html>",
            NULL, NULL);
  assert_ptr_equal(pith_semantic_container(&p.dom), by_id(&p, "e"));
  page_free(&p);
  page_load(&p,
            "<html><body><article id=\"a\"><p>" S3 "</p></article>"
            "<div id=\"p\" class=\"post hentry\"><p>" S1 "</p></div>"
            "</body></html>",
            NULL, NULL);
  assert_ptr_equal(pith_semantic_container(&p.dom), by_id(&p, "p"));
  page_free(&p);
}

static void test_json_ld_splits_lines(void **state) {
  (void)state;
  page p;
  page_load(&p, article_page, NULL, S3 "\n\n" S4 "\n" S1 "\n" S2);
  pith_candidate c;
  run(&p, PITH_STRATEGY_JSON_LD, &c);
  assert_true(c.present);
  assert_int_equal(c.blocks.count, 4);
  assert_string_equal(c.blocks.items[0].text, S3);
  assert_int_equal(c.nroots, 0);
  pith_candidate_free(&c);
  page_free(&p);
}

static void test_json_ld_absent_when_short(void **state) {
  (void)state;
  page p;
  page_load(&p, article_page, NULL, "A short summary.");
  pith_candidate c;
  run(&p, PITH_STRATEGY_JSON_LD, &c);
  assert_false(c.present);
  pith_candidate_free(&c);
  page_free(&p);
}

/* The whole-text baseline keeps prose wherever it sits, and leaves the
 * link lists and labels around it. */
static void test_baseline_keeps_prose_only(void **state) {
  (void)state;
  page p;
  page_load(&p,
            "<html><body>" NAV "<div><div><p>" S1 " " S4 "</p></div></div>"
            "<table><tr><td><p>" S2 " " S1 "</p></td></tr></table>"
            "<div><span>Tags: bridge, river</span></div>"
            "<div><p>" S3 " " S2 "</p></div></body></html>",
            NULL, NULL);
  pith_candidate c;
  run(&p, PITH_STRATEGY_BASELINE, &c);
  assert_true(c.present);
  assert_true(kept_starts(&c, "The city council"));
  assert_true(kept_starts(&c, "Engineers told"));
  assert_true(kept_starts(&c, "Residents on both"));
  assert_false(kept_starts(&c, "World news"));
  assert_false(kept_starts(&c, "Tags:"));
  pith_candidate_free(&c);
  page_free(&p);
}

/* A box of paragraphs pruned as chrome for its name is a candidate of its
 * own, scored inside itself; the tree keeps it pruned. */
static void test_chrome_box_is_a_candidate(void **state) {
  (void)state;
  page p;
  page_load(&p,
            "<html><body>" NAV "<div><p>" S4 " " S1 "</p><p>" S3 " " S2
            "</p><p>" S2 " " S4 "</p><p>" S1 " " S3 "</p></div>"
            "<div id=\"w\" class=\"widget\"><p>" S1 "</p><p>" S2 "</p><p>" S3
            "</p><p>" S4 "</p></div></body></html>",
            NULL, NULL);
  assert_true(NI(by_id(&p, "w"))->flags & NI_PRUNED);
  pith_candidate c;
  run(&p, PITH_STRATEGY_CHROME, &c);
  assert_true(c.present);
  assert_true(kept_starts(&c, "The city council"));
  assert_non_null(c.scored_best);
  assert_true(NI(by_id(&p, "w"))->flags & NI_PRUNED);
  pith_candidate_free(&c);
  page_free(&p);
}

/* Every strategy reads the frozen tree: the node facts are the same
 * before and after all of them ran. */
static void test_strategies_leave_the_dom_unchanged(void **state) {
  (void)state;
  page p;
  page_load(&p,
            "<html><body>" NAV "<article><p>" S1 "</p><ol><li>one</li>"
            "<li>two</li></ol><p>" S2 "</p></article><div class=\"teaser\">"
            "<p>" S3 "</p><p>" S4 "</p></div></body></html>",
            NULL, S1 "\n" S2 "\n" S3 "\n" S4);
  size_t size = p.dom.count * sizeof *p.dom.info;
  node_info *before = malloc(size);
  assert_non_null(before);
  memcpy(before, p.dom.info, size);
  for (int s = 0; s < PITH_STRATEGY_COUNT_; s++) {
    pith_candidate c;
    run(&p, (pith_strategy)s, &c);
    pith_candidate_free(&c);
  }
  assert_memory_equal(before, p.dom.info, size);
  free(before);
  page_free(&p);
}

/* ---- the choice ---------------------------------------------------------- */

static void measured(pith_candidate *c, pith_strategy s, size_t kept,
                     size_t root_text) {
  memset(c, 0, sizeof *c);
  c->strategy = s;
  c->present = 1;
  c->kept = kept;
  c->prose = kept;
  c->root_text = root_text;
}

static void test_choose_scored_by_default(void **state) {
  (void)state;
  pith_candidate cands[PITH_STRATEGY_COUNT_];
  memset(cands, 0, sizeof cands);
  measured(&cands[PITH_STRATEGY_SCORED], PITH_STRATEGY_SCORED, 3000, 3200);
  measured(&cands[PITH_STRATEGY_LENIENT], PITH_STRATEGY_LENIENT, 3100, 3200);
  pith_meta meta;
  memset(&meta, 0, sizeof meta);
  double conf = 0;
  int chosen = pith_choose(cands, PITH_STRATEGY_COUNT_,
                           pith_tuning_for(PITH_MODE_BALANCED), &meta, &conf);
  assert_int_equal(chosen, PITH_STRATEGY_SCORED);
  assert_string_equal(cands[PITH_STRATEGY_SCORED].verdict, "chosen");
  assert_true(conf > 0 && conf <= 1);
}

/* The scored body kept a small part of its container: the lenient build
 * of the same container wins, and the scored one says why it lost. */
static void test_choose_lenient_when_scored_kept_little(void **state) {
  (void)state;
  pith_candidate cands[PITH_STRATEGY_COUNT_];
  memset(cands, 0, sizeof cands);
  measured(&cands[PITH_STRATEGY_SCORED], PITH_STRATEGY_SCORED, 300, 4000);
  measured(&cands[PITH_STRATEGY_LENIENT], PITH_STRATEGY_LENIENT, 3500, 4000);
  pith_meta meta;
  memset(&meta, 0, sizeof meta);
  double conf = 0;
  int chosen = pith_choose(cands, PITH_STRATEGY_COUNT_,
                           pith_tuning_for(PITH_MODE_BALANCED), &meta, &conf);
  assert_int_equal(chosen, PITH_STRATEGY_LENIENT);
  assert_string_not_equal(cands[PITH_STRATEGY_SCORED].verdict, "chosen");
}

/* No container held an article, but the page's prose does: the
 * whole-text baseline stands in (trafilatura's jusText fallback). */
static void test_choose_baseline_when_nothing_else(void **state) {
  (void)state;
  pith_candidate cands[PITH_STRATEGY_COUNT_];
  memset(cands, 0, sizeof cands);
  measured(&cands[PITH_STRATEGY_SCORED], PITH_STRATEGY_SCORED, 40, 900);
  measured(&cands[PITH_STRATEGY_BASELINE], PITH_STRATEGY_BASELINE, 800, 800);
  pith_meta meta;
  memset(&meta, 0, sizeof meta);
  double conf = 0;
  assert_int_equal(pith_choose(cands, PITH_STRATEGY_COUNT_,
                               pith_tuning_for(PITH_MODE_BALANCED), &meta,
                               &conf),
                   PITH_STRATEGY_BASELINE);
  /* with a body of its own, the scored one stays */
  measured(&cands[PITH_STRATEGY_SCORED], PITH_STRATEGY_SCORED, 400, 900);
  assert_int_equal(pith_choose(cands, PITH_STRATEGY_COUNT_,
                               pith_tuning_for(PITH_MODE_BALANCED), &meta,
                               &conf),
                   PITH_STRATEGY_SCORED);
}

/* Gives a measured candidate one kept paragraph block with the text. */
static void with_text(pith_candidate *c, const char *text) {
  pith_block b;
  memset(&b, 0, sizeof b);
  b.kind = BLOCK_PARAGRAPH;
  b.text = pith_strdup(text);
  b.text_len = strlen(text);
  b.markdown = pith_strdup(text);
  assert_int_equal(pith_blocks_push(&c->blocks, &b), 0);
}

/* The choice over cands in balanced mode; frees their blocks. Gives the
 * scored candidate's verdict when asked. */
static int choose_and_free(pith_candidate *cands, const char **scored_verdict) {
  pith_meta meta;
  memset(&meta, 0, sizeof meta);
  double conf = 0;
  int chosen = pith_choose(cands, PITH_STRATEGY_COUNT_,
                           pith_tuning_for(PITH_MODE_BALANCED), &meta, &conf);
  if (scored_verdict)
    *scored_verdict = cands[PITH_STRATEGY_SCORED].verdict;
  for (int s = 0; s < PITH_STRATEGY_COUNT_; s++)
    pith_blocks_free(&cands[s].blocks);
  return chosen;
}

/* The choice between a scored body of the text `scored` and a semantic
 * candidate of S1, measured as given; frees their blocks. */
static int choose_against_semantic(size_t scored_kept, size_t scored_root,
                                   const char *scored, int inside, int rank,
                                   const char **scored_verdict) {
  pith_candidate cands[PITH_STRATEGY_COUNT_];
  memset(cands, 0, sizeof cands);
  measured(&cands[PITH_STRATEGY_SCORED], PITH_STRATEGY_SCORED, scored_kept,
           scored_root);
  with_text(&cands[PITH_STRATEGY_SCORED], scored);
  measured(&cands[PITH_STRATEGY_SEMANTIC], PITH_STRATEGY_SEMANTIC, 150,
           inside ? 600 : 150);
  with_text(&cands[PITH_STRATEGY_SEMANTIC], S1);
  cands[PITH_STRATEGY_SEMANTIC].inside_scored = inside;
  cands[PITH_STRATEGY_SEMANTIC].semantic_rank = rank;
  return choose_and_free(cands, scored_verdict);
}

/* The container the markup names as the article lies inside the scored
 * body, which cleaned it away and kept what was around it: the marked
 * container wins. When the scored body holds its text, or the container
 * is not inside, the scored body stays. */
static void test_choose_semantic_when_scored_left_it_out(void **state) {
  (void)state;
  const char *verdict = NULL;
  assert_int_equal(choose_against_semantic(300, 4000, S2, 1, 0, &verdict),
                   PITH_STRATEGY_SEMANTIC);
  assert_string_equal(verdict,
                      "left out the container the markup names as the article");
  assert_int_equal(choose_against_semantic(300, 4000, S1 " " S2, 1, 0, NULL),
                   PITH_STRATEGY_SCORED);
  assert_int_equal(choose_against_semantic(300, 4000, S2, 0, 0, NULL),
                   PITH_STRATEGY_SCORED);
}

/* A short scored body that shares nothing with the container named as
 * the body or one post, which holds about as much prose: the markup
 * decides. An <article> (rank 3) or a long scored body does not. */
static void test_choose_semantic_beside_a_short_body(void **state) {
  (void)state;
  assert_int_equal(choose_against_semantic(250, 250, S2, 0, 5, NULL),
                   PITH_STRATEGY_SEMANTIC);
  assert_int_equal(choose_against_semantic(250, 250, S2, 0, 3, NULL),
                   PITH_STRATEGY_SCORED);
  assert_int_equal(choose_against_semantic(2000, 2000, S2, 0, 5, NULL),
                   PITH_STRATEGY_SCORED);
}

/* The scored body holds the container named as the article and, around
 * it, lists and labels but almost no prose: the container wins. With
 * prose of its own outside the container (a lead, a second part), or
 * little text outside it, the scored body stays. */
static int choose_wrapped(size_t scored_kept, size_t scored_prose) {
  pith_candidate cands[PITH_STRATEGY_COUNT_];
  memset(cands, 0, sizeof cands);
  measured(&cands[PITH_STRATEGY_SCORED], PITH_STRATEGY_SCORED, scored_kept,
           4000);
  cands[PITH_STRATEGY_SCORED].prose = scored_prose;
  with_text(&cands[PITH_STRATEGY_SCORED], S1 " " S2);
  measured(&cands[PITH_STRATEGY_SEMANTIC], PITH_STRATEGY_SEMANTIC, 1000, 1200);
  with_text(&cands[PITH_STRATEGY_SEMANTIC], S1);
  cands[PITH_STRATEGY_SEMANTIC].inside_scored = 1;
  return choose_and_free(cands, NULL);
}

static void test_choose_semantic_wrapped_in_lists(void **state) {
  (void)state;
  assert_int_equal(choose_wrapped(1600, 1050), PITH_STRATEGY_SEMANTIC);
  assert_int_equal(choose_wrapped(1600, 1500), PITH_STRATEGY_SCORED);
  assert_int_equal(choose_wrapped(1100, 1000), PITH_STRATEGY_SCORED);
}

static void test_choose_nothing_present(void **state) {
  (void)state;
  pith_candidate cands[PITH_STRATEGY_COUNT_];
  memset(cands, 0, sizeof cands);
  pith_meta meta;
  memset(&meta, 0, sizeof meta);
  double conf = 0.5;
  assert_int_equal(pith_choose(cands, PITH_STRATEGY_COUNT_,
                               pith_tuning_for(PITH_MODE_BALANCED), &meta,
                               &conf),
                   -1);
  assert_true(conf == 0);
}

/* ---- comments ------------------------------------------------------------ */

static void test_comments_named_thread_set_apart(void **state) {
  (void)state;
  page p;
  page_load(
      &p,
      "<html><body>" NAV "<div id=\"story\"><p>" S1 "</p><p>" S2
      "</p></div><div id=\"comments\"><ol>" COMMENT(
          "Ann", "12 June 2023", "I live by the bridge and agree.")
          COMMENT("Bob", "13 June 2023",
                  "The ferry is fine for now.") "</ol></div></body></html>",
      NULL, NULL);
  assert_true(is_comments(&p, "comments"));
  assert_false(is_comments(&p, "story"));
  pith_candidate c;
  run(&p, PITH_STRATEGY_SCORED, &c);
  assert_true(kept_starts(&c, "The city council"));
  assert_false(kept_starts(&c, "I live by"));
  pith_candidate_free(&c);
  char *text = NULL;
  assert_int_equal(pith_comments_text(&p.dom, &p.ctx, NULL, &text), 0);
  assert_non_null(text);
  assert_non_null(strstr(text, "I live by the bridge and agree."));
  assert_non_null(strstr(text, "The ferry is fine for now."));
  assert_null(strstr(text, "Reply"));
  free(text);
  page_free(&p);
}

/* A class word alone is not a thread: "comment" also names an editor's
 * note under each picture of a gallery. */
static void test_comments_name_alone_not_enough(void **state) {
  (void)state;
  page p;
  page_load(&p,
            "<html><body><div id=\"g\"><p>" S1 "</p>"
            "<div id=\"n1\" class=\"gallery__comment\">" S2 "</div>"
            "<div id=\"n2\" class=\"gallery__comment\">" S3 "</div>"
            "</div></body></html>",
            NULL, NULL);
  assert_false(is_comments(&p, "n1"));
  assert_false(is_comments(&p, "n2"));
  char *text = NULL;
  assert_int_equal(pith_comments_text(&p.dom, &p.ctx, NULL, &text), 0);
  assert_null(text);
  page_free(&p);
}

/* "12 Comments" over boxes with no comment name: the heading and what
 * follows it are the thread. */
static void test_comments_heading_starts_thread(void **state) {
  (void)state;
  page p;
  page_load(&p,
            "<html><body><div id=\"col\"><div id=\"story\"><p>" S1 "</p><p>" S2
            "</p></div><h3 id=\"h\">12 Comments</h3><div id=\"c1\"><p>" S3
            "</p></div><div id=\"c2\"><p>" S4 "</p></div></div></body></html>",
            NULL, NULL);
  assert_true(is_comments(&p, "h"));
  assert_true(is_comments(&p, "c1"));
  assert_true(is_comments(&p, "c2"));
  assert_false(is_comments(&p, "story"));
  page_free(&p);
}

/* Items built alike, each with a date and a reply link, and no name or
 * heading: a thread by structure alone. Titled, dated entries are not. */
static void test_comments_by_structure(void **state) {
  (void)state;
  page p;
  page_load(&p,
            "<html><body><div><p>" S1 "</p><p>" S2 "</p>"
            "<div id=\"i1\" class=\"x\"><b>Ann</b> 3 May 2022 <p>Nice one."
            "</p><a href=\"#r\">Reply</a></div>"
            "<div id=\"i2\" class=\"x\"><b>Bo</b> 4 May 2022 <p>Agreed."
            "</p><a href=\"#r\">Reply</a></div>"
            "<div id=\"i3\" class=\"x\"><b>Cy</b> 5 May 2022 <p>Thanks."
            "</p><a href=\"#r\">Reply</a></div></div>"
            "<div><div id=\"e1\" class=\"entry\"><h3>First post</h3>"
            "3 May 2022 <p>" S3 "</p><a href=\"/p1\">Permalink</a></div>"
            "<div id=\"e2\" class=\"entry\"><h3>Second post</h3>"
            "4 May 2022 <p>" S4 "</p><a href=\"/p2\">Permalink</a></div>"
            "<div id=\"e3\" class=\"entry\"><h3>Third post</h3>"
            "5 May 2022 <p>Short.</p><a href=\"/p3\">Permalink</a></div>"
            "</div></body></html>",
            NULL, NULL);
  assert_true(is_comments(&p, "i1"));
  assert_true(is_comments(&p, "i3"));
  assert_false(is_comments(&p, "e1"));
  assert_false(is_comments(&p, "e2"));
  page_free(&p);
}

/* A forum thread (JSON-LD DiscussionForumPosting) keeps its posts as
 * the body, whatever they are named. */
static void test_comments_forum_posts_are_content(void **state) {
  (void)state;
  page p;
  page_load(&p,
            "<html><body><h1>Bridge question</h1><ol id=\"t\">" COMMENT(
                "Ann", "12 June 2023", S1) COMMENT("Bob", "13 June 2023", S2)
                COMMENT("Cy", "14 June 2023", S3) "</ol></body></html>",
            "DiscussionForumPosting", NULL);
  assert_false(is_comments(&p, "t"));
  assert_true(p.dom.thread_is_content);
  pith_candidate c;
  run(&p, PITH_STRATEGY_SCORED, &c);
  assert_true(kept_starts(&c, "The city council"));
  assert_true(kept_starts(&c, "Engineers told"));
  pith_candidate_free(&c);
  page_free(&p);
}

/* A thread with no article above it is the page's content. */
static void test_comments_thread_without_article(void **state) {
  (void)state;
  page p;
  page_load(&p,
            "<html><body>" NAV
            "<div id=\"comments\"><ol>" COMMENT("Ann", "12 June 2023", S1)
                COMMENT("Bob", "13 June 2023", S2) "</ol></div></body></html>",
            NULL, NULL);
  assert_false(is_comments(&p, "comments"));
  assert_true(p.dom.thread_is_content);
  page_free(&p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_scored_takes_the_article),
      cmocka_unit_test(test_semantic_takes_the_article_element),
      cmocka_unit_test(test_semantic_absent_without_markup),
      cmocka_unit_test(test_semantic_rules_in_order),
      cmocka_unit_test(test_json_ld_splits_lines),
      cmocka_unit_test(test_json_ld_absent_when_short),
      cmocka_unit_test(test_baseline_keeps_prose_only),
      cmocka_unit_test(test_chrome_box_is_a_candidate),
      cmocka_unit_test(test_strategies_leave_the_dom_unchanged),
      cmocka_unit_test(test_choose_scored_by_default),
      cmocka_unit_test(test_choose_lenient_when_scored_kept_little),
      cmocka_unit_test(test_choose_baseline_when_nothing_else),
      cmocka_unit_test(test_choose_semantic_when_scored_left_it_out),
      cmocka_unit_test(test_choose_semantic_beside_a_short_body),
      cmocka_unit_test(test_choose_semantic_wrapped_in_lists),
      cmocka_unit_test(test_choose_nothing_present),
      cmocka_unit_test(test_comments_named_thread_set_apart),
      cmocka_unit_test(test_comments_name_alone_not_enough),
      cmocka_unit_test(test_comments_heading_starts_thread),
      cmocka_unit_test(test_comments_by_structure),
      cmocka_unit_test(test_comments_forum_posts_are_content),
      cmocka_unit_test(test_comments_thread_without_article),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
