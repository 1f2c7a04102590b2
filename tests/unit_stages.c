/* The pipeline stages one by one, on small hand-written pages: parse and
 * annotate, prune, select, blocks, debris and render. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "dom.h"
#include "internal.h"

/* Distinct sentences of about 150 characters each: paragraphs must differ,
 * or the repetition rule drops them. */
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
#define S5                                                                     \
  "A spokesperson for the port authority said that ferry services would "      \
  "continue to run on the reduced timetable until the reopening is final."
#define S6                                                                     \
  "Local schools, which had moved their sports days to the northern fields, "  \
  "said they would return to the old grounds once the road was open again."

/* ---- helpers --------------------------------------------------------------
 */

typedef struct page {
  htmlDocPtr doc;
  pith_dom dom;
} page;

static void page_load(page *p, const char *html) {
  memset(p, 0, sizeof *p);
  p->doc = pith_parse_html(html, strlen(html), NULL);
  assert_non_null(p->doc);
  p->dom.doc = p->doc;
  p->dom.tune = pith_tuning_for(PITH_MODE_BALANCED);
  int over = 0;
  assert_int_equal(pith_dom_annotate(&p->dom, PITH_DEFAULT_MAX_NODES, &over),
                   0);
  assert_int_equal(over, 0);
}

static void page_free(page *p) {
  pith_dom_release(&p->dom);
  xmlFreeDoc(p->doc);
}

static xmlNodePtr by_id(page *p, const char *id) {
  xmlNodePtr root = xmlDocGetRootElement(p->doc);
  for (xmlNodePtr n = root; n; n = pith_dom_next(n, root, 0)) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    const char *v = pith_dom_attr(n, "id");
    if (v && strcmp(v, id) == 0)
      return n;
  }
  fail_msg("no element with id %s", id);
  return NULL;
}

static int pruned(page *p, const char *id) {
  return pith_dom_is_pruned(by_id(p, id));
}

/* Prunes the page as the pipeline does. */
static void page_prune(page *p) {
  pith_meta meta;
  memset(&meta, 0, sizeof meta);
  pith_prune_document(&p->dom, &meta);
  pith_dom_measure(&p->dom);
  pith_score_document(&p->dom);
}

/* Builds the blocks of roots as the pipeline's strict pass does. */
static int build_blocks(page *p, xmlNodePtr *roots, size_t n, const char *base,
                        pith_blocks *out) {
  pith_build spec = {.roots = roots, .nroots = n, .base_url = base};
  return pith_blocks_from_dom(&p->dom, &spec, out);
}

/* Blocks of the subtree with the given id (NULL: the body), measured but not
 * pruned, as pith_blocks_from_dom sees a chosen root. */
static void blocks_of(const char *html, const char *root_id, const char *base,
                      pith_blocks *out) {
  page p;
  page_load(&p, html);
  pith_dom_measure(&p.dom);
  xmlNodePtr root = root_id ? by_id(&p, root_id) : p.dom.body;
  memset(out, 0, sizeof *out);
  assert_int_equal(build_blocks(&p, &root, 1, base, out), 0);
  page_free(&p);
}

static const pith_block *find_block(const pith_blocks *bs, const char *text) {
  for (size_t i = 0; i < bs->count; i++)
    if (strcmp(bs->items[i].text, text) == 0)
      return &bs->items[i];
  fail_msg("no block with text \"%s\"", text);
  return NULL;
}

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

static pith_block *push_item(pith_blocks *bs, const char *text,
                             unsigned list_id, unsigned item_no, int level,
                             int ordered) {
  push(bs, BLOCK_LIST_ITEM, text);
  pith_block *b = &bs->items[bs->count - 1];
  b->list_id = list_id;
  b->item_no = item_no;
  b->level = level;
  b->ordered = ordered;
  return b;
}

static void judge(pith_blocks *bs) {
  debris_context ctx = {.from_html = 1,
                        .tune = pith_tuning_for(PITH_MODE_BALANCED)};
  pith_debris_judge(bs, &ctx);
}

/* ---- parse + dom ----------------------------------------------------------
 */

static void test_parse_small_page(void **state) {
  (void)state;
  const char *html = "<p>Hello";
  htmlDocPtr doc = pith_parse_html(html, strlen(html), "https://example.com/");
  assert_non_null(doc);
  xmlNodePtr root = xmlDocGetRootElement(doc);
  assert_non_null(root);
  assert_string_equal((const char *)root->name, "html");
  xmlFreeDoc(doc);
}

/* The body element of a page and whether the paragraph with the id is in
 * it, as the stages see it (from the annotated root). */
static int in_body(page *p, const char *id) {
  xmlNodePtr x = by_id(p, id);
  for (xmlNodePtr a = x; a; a = a->parent)
    if (a == p->dom.body && NI(a)->tag == TAG_BODY)
      return 1;
  return 0;
}

/* A broken <html> start tag makes libxml2 close the root and put the page
 * in a second top-level element; the repair brings it back under the
 * root's body. */
static void test_parse_second_root_joins_body(void **state) {
  (void)state;
  page p;
  page_load(&p, "<!DOCTYPE html><html xlogo.gif\" alt=\"x\" width=\"4\" />"
                "</a></td><body><p id=\"x\">" S1 "</p></body></html>");
  assert_true(in_body(&p, "x"));
  page_free(&p);
}

/* An unclosed <title> swallows the page into the head; as in a browser,
 * the head ends at the first element that is no head matter. */
static void test_parse_unclosed_title_gives_body(void **state) {
  (void)state;
  page p;
  page_load(&p, "<html><head><meta charset=\"utf-8\"><title>A story "
                "<div id=\"d\"><p id=\"x\">" S1 "</p></div>"
                "<p id=\"y\">" S2 "</p></html>");
  assert_true(in_body(&p, "x"));
  assert_true(in_body(&p, "y"));
  xmlNodePtr d = by_id(&p, "d");
  assert_ptr_equal(d->next, by_id(&p, "y"));
  page_free(&p);
}

static void test_parse_utf8_text_kept(void **state) {
  (void)state;
  /* The page's own charset declaration must not override UTF-8. */
  const char *html = "<html><head><meta charset=\"iso-8859-1\"></head>"
                     "<body><p id=\"x\">caf\xC3\xA9</p></body></html>";
  page p;
  page_load(&p, html);
  xmlChar *t = xmlNodeGetContent(by_id(&p, "x"));
  assert_string_equal((const char *)t, "caf\xC3\xA9");
  xmlFree(t);
  page_free(&p);
}

static void test_annotate_tags_and_block_flag(void **state) {
  (void)state;
  page p;
  page_load(&p, "<html><body><div id=\"d\"><p id=\"p\">a <span id=\"s\">b"
                "</span> <a id=\"a\" href=\"/\">c</a></p><x-widget id=\"x\">"
                "</x-widget></div></body></html>");
  assert_ptr_equal(p.dom.body, by_id(&p, "d")->parent);
  assert_int_equal(NI(p.dom.body)->tag, TAG_BODY);
  assert_int_equal(NI(by_id(&p, "d"))->tag, TAG_DIV);
  assert_int_equal(NI(by_id(&p, "p"))->tag, TAG_P);
  assert_int_equal(NI(by_id(&p, "s"))->tag, TAG_SPAN);
  assert_int_equal(NI(by_id(&p, "a"))->tag, TAG_A);
  assert_int_equal(NI(by_id(&p, "x"))->tag, TAG_OTHER);
  assert_true(NI(by_id(&p, "d"))->flags & NI_BLOCK);
  assert_true(NI(by_id(&p, "p"))->flags & NI_BLOCK);
  assert_false(NI(by_id(&p, "s"))->flags & NI_BLOCK);
  assert_false(NI(by_id(&p, "a"))->flags & NI_BLOCK);
  page_free(&p);
}

static void test_tag_lookup(void **state) {
  (void)state;
  assert_int_equal(pith_tag_lookup("a"), TAG_A);
  assert_int_equal(pith_tag_lookup("video"), TAG_VIDEO);
  assert_int_equal(pith_tag_lookup("h3"), TAG_H3);
  assert_int_equal(pith_tag_lookup("nosuchtag"), TAG_OTHER);
  assert_int_equal(pith_tag_lookup(NULL), TAG_OTHER);
  assert_true(pith_tag_is_heading(TAG_H1));
  assert_true(pith_tag_is_heading(TAG_H6));
  assert_false(pith_tag_is_heading(TAG_HEAD));
}

static size_t count_elements(htmlDocPtr doc) {
  xmlNodePtr root = xmlDocGetRootElement(doc);
  size_t n = 0;
  for (xmlNodePtr c = root; c; c = pith_dom_next(c, root, 0))
    n += c->type == XML_ELEMENT_NODE;
  return n;
}

static void test_annotate_node_limit(void **state) {
  (void)state;
  const char *html = "<html><body><p>a</p><p>b</p><p>c</p><p>d</p>"
                     "<p>e</p></body></html>";
  htmlDocPtr doc = pith_parse_html(html, strlen(html), NULL);
  assert_non_null(doc);
  size_t n = count_elements(doc);
  assert_true(n >= 7);
  pith_dom dom;
  memset(&dom, 0, sizeof dom);
  dom.doc = doc;
  int over = 0;
  assert_int_equal(pith_dom_annotate(&dom, 3, &over), -1);
  assert_int_equal(over, 1);
  assert_null(dom.info);
  assert_int_equal(pith_dom_annotate(&dom, n - 1, &over), -1);
  assert_int_equal(over, 1);
  /* exactly at the limit is allowed */
  assert_int_equal(pith_dom_annotate(&dom, n, &over), 0);
  assert_int_equal(over, 0);
  assert_int_equal(dom.count, n);
  pith_dom_release(&dom);
  xmlFreeDoc(doc);
}

/* One walk checks the depth and counts the elements: too deep wins over
 * too many, and a failure leaves nothing annotated. On success every
 * element knows its parent's index, and measure adds text up to the root
 * but not out of a pruned box. */
static void test_read_depth_count_and_parents(void **state) {
  (void)state;
  const char *html = "<html><body><div><div><p>abc</p></div>"
                     "<div><p>de</p></div></div></body></html>";
  htmlDocPtr doc = pith_parse_html(html, strlen(html), NULL);
  assert_non_null(doc);
  size_t n = count_elements(doc);
  pith_dom dom;
  memset(&dom, 0, sizeof dom);
  dom.doc = doc;
  /* html 1, body 2, div 3, div 4, p 5 */
  assert_int_equal(pith_dom_read(&dom, 4, 2), PITH_DOM_TOO_DEEP);
  assert_null(dom.info);
  assert_int_equal(pith_dom_read(&dom, 5, 2), PITH_DOM_TOO_MANY);
  assert_null(dom.info);
  assert_int_equal(pith_dom_read(&dom, 5, n), 0);
  assert_int_equal(dom.count, n);
  xmlNodePtr root = dom.root;
  for (xmlNodePtr c = root; c; c = pith_dom_next(c, root, 0)) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    assert_non_null(NI(c));
    if (c == root)
      assert_int_equal(NI(c)->parent, 0);
    else
      assert_int_equal(NI(c)->parent, dom_index(&dom, c->parent) + 1);
  }
  pith_dom_measure(&dom);
  assert_int_equal(NI(root)->text_len, 5);
  /* prune the second inner div: its text leaves the totals, and what is
   * inside it is not measured */
  xmlNodePtr outer = dom.body->children;
  xmlNodePtr second = outer->children->next;
  NI(second)->flags |= NI_PRUNED;
  pith_dom_measure(&dom);
  assert_int_equal(NI(root)->text_len, 3);
  assert_int_equal(NI(outer)->text_len, 3);
  assert_int_equal(NI(second)->text_len, 0);
  assert_int_equal(NI(second->children)->text_len, 2); /* its own text */
  pith_dom_release(&dom);
  xmlFreeDoc(doc);
}

static size_t count_attributes(xmlNodePtr n) {
  size_t count = 0;
  for (xmlAttrPtr a = n->properties; a; a = a->next)
    count++;
  return count;
}

/* Before the parse, a tag's attributes past PITH_MAX_ATTRIBUTES are cut
 * and bogus comments ("<!PARA2!>") are taken out of the text: on a page
 * with both (the two cuts made in turn) and on a page with only bogus
 * comments (both looked for in one pass). */
static void test_parse_cuts_floods_and_bogus_comments(void **state) {
  (void)state;
  for (int flood = 0; flood < 2; flood++) {
    pith_buf b;
    pith_buf_init(&b, 0);
    pith_buf_puts(&b, "<html><body><div id=\"box\" ");
    for (int i = 0; i < (flood ? PITH_MAX_ATTRIBUTES + 100 : 20); i++) {
      char attr[32];
      snprintf(attr, sizeof attr, "data-a%d=\"v>\" ", i);
      pith_buf_puts(&b, attr);
    }
    pith_buf_puts(&b, "><p>one<!PARA2!>two<![endif]></p></div>"
                      "<p>three<!-- <!x> -->four</p></body></html>");
    htmlDocPtr doc = pith_parse_html(b.data, b.len, NULL);
    assert_non_null(doc);
    xmlNodePtr body = xmlDocGetRootElement(doc)->children;
    while (body && !xmlStrEqual(body->name, BAD_CAST "body"))
      body = body->next;
    assert_non_null(body);
    xmlNodePtr box = body->children;
    assert_int_equal(count_attributes(box), flood ? PITH_MAX_ATTRIBUTES : 21);
    xmlChar *first = xmlNodeGetContent(box->children);
    assert_string_equal((const char *)first, "onetwo");
    xmlFree(first);
    xmlChar *second = xmlNodeGetContent(box->next);
    assert_string_equal((const char *)second, "threefour");
    xmlFree(second);
    xmlFreeDoc(doc);
    pith_buf_free(&b);
  }
}

/* Visible characters and commas of a text, counted plainly: a character
 * is a byte that is no UTF-8 continuation byte, a run of white space
 * counts once unless it opens the text. */
static void reference_count(const char *s, size_t *chars, size_t *commas) {
  size_t c = 0, k = 0;
  int in_space = 1;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
      c += !in_space;
      in_space = 1;
      continue;
    }
    in_space = 0;
    c += (*p & 0xC0) != 0x80;
    k += *p == ',' || memcmp(p, "\xEF\xBC\x8C", 3) == 0 ||
         memcmp(p, "\xE3\x80\x81", 3) == 0;
  }
  *chars = c;
  *commas = k;
}

/* Annotation counts a paragraph's own characters and commas, at any
 * offset of the white space, the wide characters and the full-width and
 * ideographic commas in the text (counted in blocks of bytes). */
static void test_annotate_counts_text(void **state) {
  (void)state;
  const char *text =
      "Caf\xC3\xA9 au lait,  \t\n une tasse\xEF\xBC\x8C\xE3\x80\x81 "
      "\xE4\xB8\xAD\xE6\x96\x87\xE3\x80\x81\xE6\x96\x87,   fin \r\n"
      "\xF0\x9F\x98\x80 end,";
  for (size_t shift = 0; shift < 40; shift++) {
    char para[256];
    size_t o = 0;
    for (size_t k = 0; k < shift; k++)
      para[o++] = k % 3 == 2 ? ' ' : 'a';
    strcpy(para + o, text);
    char html[400];
    snprintf(html, sizeof html, "<html><body><p>%s</p></body></html>", para);
    page p;
    page_load(&p, html);
    xmlNodePtr el = p.dom.body->children;
    assert_non_null(el);
    size_t chars, commas;
    reference_count(para, &chars, &commas);
    assert_int_equal(NI(el)->own_text, chars);
    assert_int_equal(NI(el)->own_commas, commas);
    page_free(&p);
  }
}

static void test_annotate_hidden(void **state) {
  (void)state;
  page p;
  page_load(&p, "<html><body>"
                "<div id=\"style\" style=\"color: red; DISPLAY : None\">a</div>"
                "<div id=\"vis\" style=\"visibility:hidden\">b</div>"
                "<div id=\"attr\" hidden>c</div>"
                "<div id=\"aria\" aria-hidden=\"true\">d</div>"
                "<div id=\"aria-false\" aria-hidden=\"false\">e</div>"
                "<div id=\"shown\" style=\"display:block\">f</div>"
                "</body></html>");
  assert_true(NI(by_id(&p, "style"))->flags & NI_HIDDEN);
  assert_true(NI(by_id(&p, "vis"))->flags & NI_HIDDEN);
  assert_true(NI(by_id(&p, "attr"))->flags & NI_HIDDEN);
  assert_true(NI(by_id(&p, "aria"))->flags & NI_HIDDEN);
  assert_false(NI(by_id(&p, "aria-false"))->flags & NI_HIDDEN);
  assert_false(NI(by_id(&p, "shown"))->flags & NI_HIDDEN);
  page_free(&p);
}

/* Classifies a bare element with the given class attribute. */
static int boiler(const char *cls) {
  xmlNodePtr n = xmlNewNode(NULL, BAD_CAST "div");
  assert_non_null(n);
  xmlNewProp(n, BAD_CAST "class", BAD_CAST cls);
  int r = pith_class_is_boilerplate(n);
  xmlFreeNode(n);
  return r;
}

static int content(const char *cls) {
  xmlNodePtr n = xmlNewNode(NULL, BAD_CAST "div");
  assert_non_null(n);
  xmlNewProp(n, BAD_CAST "class", BAD_CAST cls);
  int r = pith_class_is_content(n);
  xmlFreeNode(n);
  return r;
}

static void test_class_boilerplate_words(void **state) {
  (void)state;
  assert_true(boiler("share-bar"));
  assert_true(boiler("related-articles"));
  assert_true(boiler("comments"));
  assert_true(boiler("sidebar"));
  assert_true(boiler("shareBar"));
  assert_true(boiler("article-share"));
  assert_true(boiler("sr-only"));
}

static void test_class_content_words_not_boilerplate(void **state) {
  (void)state;
  assert_false(boiler("article-body"));
  assert_false(boiler("post-content"));
  assert_true(content("article-body"));
  assert_true(content("post-content"));
  /* "shareholder" is one word, not "share" */
  assert_false(boiler("shareholder-letter"));
}

static void test_class_has_sidebar_not_boilerplate(void **state) {
  (void)state;
  assert_false(boiler("has-sidebar"));
  assert_false(boiler("no-comments"));
}

static void test_class_sidebar_and_content_not_boilerplate(void **state) {
  (void)state;
  assert_false(boiler("sidebar-and-content"));
}

static void test_class_taxonomy_not_boilerplate(void **state) {
  (void)state;
  assert_false(boiler("tag-politics"));
  assert_false(boiler("category-comments"));
}

static void test_class_last_word_content(void **state) {
  (void)state;
  /* "widget" is a weak word; the token ends on "content". */
  assert_false(boiler("elementor-widget-theme-post-content"));
  /* "comment" is a strong word wherever it stands */
  assert_true(boiler("comment-body"));
  /* "print" names a print link, or, ending on a content word, the part
   * of the page made for printing: the article */
  assert_false(boiler("print-this-content"));
  assert_true(content("print-this-content"));
  assert_true(boiler("print-page-link"));
  assert_true(boiler("print"));
}

static void test_class_bem_modifier_ignored(void **state) {
  (void)state;
  assert_false(boiler("section--ads"));
  assert_true(boiler("ads--large"));
}

static void test_measure_text_and_links(void **state) {
  (void)state;
  page p;
  page_load(&p, "<html><body><div id=\"d\"><p id=\"p\">Hello   "
                "<a href=\"#\">world</a></p><ul><li>one</li></ul></div>"
                "</body></html>");
  pith_dom_measure(&p.dom);
  node_info *d = NI(by_id(&p, "d"));
  node_info *para = NI(by_id(&p, "p"));
  /* "Hello " counts its space run once: 6 + 5 */
  assert_int_equal(para->text_len, 11);
  assert_int_equal(para->link_len, 5);
  assert_int_equal(d->text_len, 14);
  assert_int_equal(d->link_len, 5);
  assert_int_equal(d->n_p, 1);
  assert_int_equal(d->n_li, 1);
  assert_int_equal(d->n_links, 1);
  assert_true(d->flags & NI_HAS_BLOCK_CHILD);
  page_free(&p);
}

static void test_measure_skips_pruned(void **state) {
  (void)state;
  page p;
  page_load(&p, "<html><body><div id=\"d\"><p>kept</p><p id=\"x\">gone</p>"
                "</div></body></html>");
  NI(by_id(&p, "x"))->flags |= NI_PRUNED;
  pith_dom_measure(&p.dom);
  assert_int_equal(NI(by_id(&p, "d"))->text_len, 4);
  page_free(&p);
}

/* A page nested `depth` divs deep, with text before, inside and after. */
static char *deep_page(int depth) {
  size_t cap = (size_t)depth * 11 + 200;
  char *html = malloc(cap);
  assert_non_null(html);
  char *w = html;
  w += sprintf(w, "<html><body><p>start</p>");
  for (int i = 0; i < depth; i++)
    w += sprintf(w, "<div>");
  w += sprintf(w, "deep text");
  for (int i = 0; i < depth; i++)
    w += sprintf(w, "</div>");
  sprintf(w, "<p>after</p></body></html>");
  return html;
}

static void test_parse_deep_nesting_keeps_text(void **state) {
  (void)state;
  char *html = deep_page(300);
  htmlDocPtr doc = pith_parse_html(html, strlen(html), NULL);
  free(html);
  assert_non_null(doc);
  xmlChar *t = xmlNodeGetContent(xmlDocGetRootElement(doc));
  int whole = t && strcmp((const char *)t, "startdeep textafter") == 0;
  xmlFree(t);
  xmlFreeDoc(doc);
  assert_true(whole);
}

static void test_deep_nesting_walks(void **state) {
  (void)state;
  /* Parsed here with the depth limit lifted, so the walks of the stages
   * see the whole 100 000 levels whatever pith_parse_html does. */
  char *html = deep_page(100000);
  page p;
  memset(&p, 0, sizeof p);
  p.doc = htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8",
                         HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                             HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                             XML_PARSE_HUGE);
  free(html);
  assert_non_null(p.doc);
  p.dom.doc = p.doc;
  p.dom.tune = pith_tuning_for(PITH_MODE_BALANCED);
  int over = 0;
  assert_int_equal(pith_dom_annotate(&p.dom, PITH_DEFAULT_MAX_NODES, &over), 0);
  assert_true(p.dom.count > 100000);
  pith_dom_measure(&p.dom);
  assert_int_equal(NI(p.dom.body)->text_len, strlen("startdeep textafter"));
  page_prune(&p);
  xmlNodePtr roots[8];
  size_t n = pith_select_content(&p.dom, p.dom.body, roots, 8, NULL);
  pith_blocks bs;
  memset(&bs, 0, sizeof bs);
  if (n)
    assert_int_equal(build_blocks(&p, roots, n, NULL, &bs), 0);
  pith_blocks_free(&bs);
  page_free(&p);
}

/* ---- prune ----------------------------------------------------------------
 */

static const char *const chrome_page =
    "<html><head><title>T</title><style>p{}</style></head><body>"
    "<nav id=\"nav\"><a href=\"/\">Home</a> <a href=\"/n\">News</a></nav>"
    "<div id=\"main\"><p id=\"p1\">" S1 "</p><p>" S2 "</p><p>" S3 "</p>"
    "<div id=\"share\" class=\"share-bar\">Share this on Facebook</div>"
    "<div id=\"hid-style\" style=\"display: none\">Hidden by style</div>"
    "<div id=\"hid-attr\" hidden>Hidden by attribute</div>"
    "<div id=\"hid-aria\" aria-hidden=\"true\">Hidden by aria</div>"
    "<script id=\"script\">var x = 1;</script>"
    "<style id=\"style\">.a{}</style></div>"
    "<aside id=\"aside\">Most read stories today</aside>"
    "<footer id=\"footer\">Contact us</footer></body></html>";

static void test_prune_chrome_tags(void **state) {
  (void)state;
  page p;
  page_load(&p, chrome_page);
  page_prune(&p);
  assert_true(pruned(&p, "nav"));
  assert_true(pruned(&p, "aside"));
  assert_true(pruned(&p, "footer"));
  assert_false(pruned(&p, "main"));
  assert_false(pruned(&p, "p1"));
  page_free(&p);
}

static void test_prune_script_and_style(void **state) {
  (void)state;
  page p;
  page_load(&p, chrome_page);
  page_prune(&p);
  assert_true(pruned(&p, "script"));
  assert_true(pruned(&p, "style"));
  page_free(&p);
}

static void test_prune_hidden(void **state) {
  (void)state;
  page p;
  page_load(&p, chrome_page);
  page_prune(&p);
  assert_true(pruned(&p, "hid-style"));
  assert_true(pruned(&p, "hid-attr"));
  assert_true(pruned(&p, "hid-aria"));
  page_free(&p);
}

static void test_prune_share_box(void **state) {
  (void)state;
  page p;
  page_load(&p, chrome_page);
  page_prune(&p);
  assert_true(pruned(&p, "share"));
  /* the measure after pruning leaves the share text out */
  assert_int_equal(NI(by_id(&p, "main"))->text_len,
                   strlen(S1) + strlen(S2) + strlen(S3));
  page_free(&p);
}

/* A box named like chrome that holds half the page's text is the page. */
static void test_prune_large_class_box_kept(void **state) {
  (void)state;
  page p;
  page_load(&p, "<html><body><div class=\"sidebar\" id=\"aside\"><p>" S1
                "</p><p>" S2 "</p><p>" S3 "</p></div><div id=\"d\"><p>A "
                "short note here.</p></div></body></html>");
  page_prune(&p);
  assert_false(pruned(&p, "aside"));
  page_free(&p);
}

/* An <aside> is chrome whatever its size (a long sidebar widget). */
static void test_prune_large_aside_pruned(void **state) {
  (void)state;
  page p;
  page_load(&p, "<html><body><aside id=\"aside\"><p>" S1 "</p><p>" S2
                "</p></aside><div id=\"d\"><p>" S3 "</p></div></body></html>");
  page_prune(&p);
  assert_true(pruned(&p, "aside"));
  page_free(&p);
}

static void test_prune_rollback(void **state) {
  (void)state;
  /* Each box holds under half the text, so each alone would go; together
   * they are nearly all of it, so the page names its article like chrome. */
  page p;
  page_load(&p,
            "<html><body>"
            "<div id=\"b1\" class=\"sidebar\"><p>" S1 "</p><p>" S2 "</p></div>"
            "<div id=\"b2\" class=\"comments\"><p>" S3 "</p><p>" S4 "</p></div>"
            "<div id=\"b3\" class=\"related\"><p>" S5 "</p><p>" S6 "</p></div>"
            "<p>Hi.</p></body></html>");
  page_prune(&p);
  assert_false(pruned(&p, "b1"));
  assert_false(pruned(&p, "b2"));
  assert_false(pruned(&p, "b3"));
  assert_true(NI(p.dom.body)->text_len > 800);
  page_free(&p);
}

/* The rollback brings back what was pruned for its name, not the elements
 * that say they are chrome. */
static void test_prune_rollback_keeps_footer_pruned(void **state) {
  (void)state;
  page p;
  page_load(&p,
            "<html><body>"
            "<div id=\"b1\" class=\"sidebar\"><p>" S1 "</p><p>" S2 "</p></div>"
            "<div id=\"b2\" class=\"related\"><p>" S3 "</p><p>" S4 "</p></div>"
            "<footer id=\"f\"><p>" S5 "</p></footer>"
            "<nav id=\"n\"><a href=\"/\">Home</a></nav>"
            "<p>Hi.</p></body></html>");
  page_prune(&p);
  assert_false(pruned(&p, "b1"));
  assert_false(pruned(&p, "b2"));
  assert_true(pruned(&p, "f"));
  assert_true(pruned(&p, "n"));
  page_free(&p);
}

static void test_prune_boilerplate_class_without_rollback(void **state) {
  (void)state;
  /* The same boxes next to a real article do go. */
  page p;
  page_load(&p, "<html><body><div><p>" S1 "</p><p>" S2 "</p><p>" S3 "</p><p>" S4
                "</p></div>"
                "<div id=\"b1\" class=\"related\"><p>" S5 "</p></div>"
                "</body></html>");
  page_prune(&p);
  assert_true(pruned(&p, "b1"));
  page_free(&p);
}

/* ---- select ---------------------------------------------------------------
 */

static int contains(xmlNodePtr outer, xmlNodePtr inner) {
  for (xmlNodePtr n = inner; n; n = n->parent)
    if (n == outer)
      return 1;
  return 0;
}

static void test_select_article_over_nav_and_sidebar(void **state) {
  (void)state;
  page p;
  page_load(
      &p,
      "<html><body>"
      "<div id=\"nav\"><ul><li><a href=\"/\">Home</a></li><li><a "
      "href=\"/w\">World news and more from around the globe</a></li>"
      "<li><a href=\"/s\">Sport results, fixtures, tables</a></li></ul></div>"
      "<div id=\"wrap\">"
      "<div id=\"article\"><h2>Bridge reopens</h2><p>" S1 "</p><p>" S2
      "</p><p>" S3 "</p><p>" S4 "</p></div>"
      "<div id=\"side\"><h3>Elsewhere</h3><p>Another story about the "
      "weather, with some rain, expected later.</p></div>"
      "</div></body></html>");
  page_prune(&p);
  xmlNodePtr roots[16];
  size_t n = pith_select_content(&p.dom, p.dom.body, roots, 16, NULL);
  assert_true(n >= 1);
  xmlNodePtr article = by_id(&p, "article");
  int found = 0;
  for (size_t i = 0; i < n; i++) {
    if (contains(roots[i], article))
      found = 1;
    assert_false(contains(roots[i], by_id(&p, "nav")));
    assert_false(contains(roots[i], by_id(&p, "side")));
  }
  assert_true(found);
  page_free(&p);
}

/* A lead set apart in a box of text alone, just above the body, is part
 * of the article (Readability reads such a <div> as a paragraph); a box
 * holding a URL or a copyright line beside it is not. */
static void test_select_lead_in_text_box(void **state) {
  (void)state;
  page p;
  page_load(
      &p, "<html><body>"
          "<div id=\"wrap\">"
          "<div id=\"tools\"><a href=\"/e\">Email a friend</a> <a "
          "href=\"/p\">Print this article</a></div>"
          "<div id=\"x1\">" S4 "</div>"
          "<div id=\"article\"><p>" S1 "</p><p>" S2 "</p><p>" S3 "</p></div>"
          "<div id=\"url\">https://news.example/city/council-meets-on-harbour-"
          "bridge-repairs-and-budget-review-2012</div>"
          "<div id=\"rights\">Copyright 2012 News Example, all rights reserved "
          "to the publisher and its partners</div>"
          "</div></body></html>");
  page_prune(&p);
  xmlNodePtr roots[16];
  size_t n = pith_select_content(&p.dom, p.dom.body, roots, 16, NULL);
  int lead = 0, article = 0;
  for (size_t i = 0; i < n; i++) {
    lead |= contains(roots[i], by_id(&p, "x1"));
    article |= contains(roots[i], by_id(&p, "article"));
    assert_false(contains(roots[i], by_id(&p, "url")));
    assert_false(contains(roots[i], by_id(&p, "rights")));
  }
  assert_true(lead);
  assert_true(article);
  page_free(&p);
}

static void test_select_empty_body(void **state) {
  (void)state;
  page p;
  page_load(&p, "<html><body></body></html>");
  page_prune(&p);
  xmlNodePtr roots[4];
  assert_int_equal(pith_select_content(&p.dom, p.dom.body, roots, 4, NULL), 0);
  page_free(&p);
}

/* ---- blocks ---------------------------------------------------------------
 */

static void test_blocks_paragraph(void **state) {
  (void)state;
  pith_blocks bs;
  blocks_of("<body><p>  First   paragraph\n here. </p><p>Second.</p></body>",
            NULL, NULL, &bs);
  assert_int_equal(bs.count, 2);
  assert_int_equal(bs.items[0].kind, BLOCK_PARAGRAPH);
  assert_string_equal(bs.items[0].text, "First paragraph here.");
  assert_int_equal(bs.items[0].text_len, strlen("First paragraph here."));
  assert_string_equal(bs.items[1].text, "Second.");
  pith_blocks_free(&bs);
}

static void test_blocks_heading_level(void **state) {
  (void)state;
  pith_blocks bs;
  blocks_of("<body><h2>Section</h2><h4>Minor</h4><p>Text.</p></body>", NULL,
            NULL, &bs);
  const pith_block *h2 = find_block(&bs, "Section");
  assert_int_equal(h2->kind, BLOCK_HEADING);
  assert_int_equal(h2->level, 2);
  const pith_block *h4 = find_block(&bs, "Minor");
  assert_int_equal(h4->kind, BLOCK_HEADING);
  assert_int_equal(h4->level, 4);
  pith_blocks_free(&bs);
}

static void test_blocks_list_items(void **state) {
  (void)state;
  pith_blocks bs;
  blocks_of("<body><ul><li>apple</li><li>pear</li></ul>"
            "<ol><li>one</li><li>two</li><li>three</li></ol></body>",
            NULL, NULL, &bs);
  assert_int_equal(bs.count, 5);
  const pith_block *apple = find_block(&bs, "apple");
  const pith_block *pear = find_block(&bs, "pear");
  const pith_block *three = find_block(&bs, "three");
  assert_int_equal(apple->kind, BLOCK_LIST_ITEM);
  assert_int_equal(apple->ordered, 0);
  assert_int_equal(apple->item_no, 1);
  assert_int_equal(pear->item_no, 2);
  assert_int_equal(apple->level, 1);
  assert_true(apple->list_id != 0);
  assert_int_equal(apple->list_id, pear->list_id);
  assert_int_equal(three->kind, BLOCK_LIST_ITEM);
  assert_int_equal(three->ordered, 1);
  assert_int_equal(three->item_no, 3);
  assert_true(three->list_id != 0);
  assert_int_not_equal(three->list_id, apple->list_id);
  pith_blocks_free(&bs);
}

/* Two passes over one tree (a first build and a recovery pass) number
 * their lists alike: each pass keeps its own list numbers, so the second
 * does not go on from where the first stopped, and two lists never share
 * an id. */
static void test_blocks_twice_over_one_dom(void **state) {
  (void)state;
  page p;
  page_load(&p, "<body><div id=\"art\"><p>" S1 "</p>"
                "<ol><li>one</li><li>two</li><li>three</li></ol><p>" S2
                "</p><ol><li>first</li><li>second</li></ol></div></body>");
  pith_dom_measure(&p.dom);
  xmlNodePtr root = by_id(&p, "art");
  for (int pass = 0; pass < 2; pass++) {
    pith_build spec = {.roots = &root, .nroots = 1, .lenient = pass};
    pith_blocks bs;
    memset(&bs, 0, sizeof bs);
    assert_int_equal(pith_blocks_from_dom(&p.dom, &spec, &bs), 0);
    const pith_block *one = find_block(&bs, "one");
    const pith_block *three = find_block(&bs, "three");
    const pith_block *first = find_block(&bs, "first");
    const pith_block *second = find_block(&bs, "second");
    assert_int_equal(one->item_no, 1);
    assert_int_equal(three->item_no, 3);
    assert_int_equal(first->item_no, 1);
    assert_int_equal(second->item_no, 2);
    assert_int_equal(one->list_id, 1);
    assert_int_equal(three->list_id, 1);
    assert_int_equal(first->list_id, 2);
    char *md = pith_render_markdown(&bs);
    assert_non_null(md);
    assert_non_null(strstr(md, "1. one\n2. two\n3. three"));
    assert_non_null(strstr(md, "1. first\n2. second"));
    free(md);
    pith_blocks_free(&bs);
  }
  page_free(&p);
}

static void test_blocks_nested_list_level(void **state) {
  (void)state;
  pith_blocks bs;
  blocks_of("<body><ul><li>outer<ul><li>inner</li></ul></li><li>next</li>"
            "</ul></body>",
            NULL, NULL, &bs);
  const pith_block *outer = find_block(&bs, "outer");
  const pith_block *inner = find_block(&bs, "inner");
  const pith_block *next = find_block(&bs, "next");
  assert_int_equal(outer->level, 1);
  assert_int_equal(inner->level, 2);
  assert_int_equal(next->level, 1);
  assert_int_equal(next->item_no, 2);
  assert_int_equal(outer->list_id, next->list_id);
  assert_int_not_equal(inner->list_id, outer->list_id);
  pith_blocks_free(&bs);
}

static void test_blocks_blockquote_is_quote(void **state) {
  (void)state;
  pith_blocks bs;
  blocks_of("<body><p>Before.</p><blockquote><p>Quoted words.</p>"
            "</blockquote><blockquote>Bare quote.</blockquote></body>",
            NULL, NULL, &bs);
  assert_int_equal(find_block(&bs, "Before.")->kind, BLOCK_PARAGRAPH);
  assert_int_equal(find_block(&bs, "Quoted words.")->kind, BLOCK_QUOTE);
  assert_int_equal(find_block(&bs, "Bare quote.")->kind, BLOCK_QUOTE);
  pith_blocks_free(&bs);
}

static void test_blocks_pre_keeps_newlines(void **state) {
  (void)state;
  pith_blocks bs;
  blocks_of("<body><pre>int x;\n  if (x)\n    y();</pre></body>", NULL, NULL,
            &bs);
  assert_int_equal(bs.count, 1);
  assert_int_equal(bs.items[0].kind, BLOCK_CODE);
  assert_string_equal(bs.items[0].text, "int x;\n  if (x)\n    y();");
  pith_blocks_free(&bs);
}

static void test_blocks_data_table(void **state) {
  (void)state;
  pith_blocks bs;
  blocks_of("<body><table><tr><th>Name</th><th>Age</th></tr>"
            "<tr><td>Ann</td><td> 31 </td></tr></table></body>",
            NULL, NULL, &bs);
  assert_int_equal(bs.count, 1);
  assert_int_equal(bs.items[0].kind, BLOCK_TABLE);
  assert_string_equal(bs.items[0].text, "Name | Age\nAnn | 31");
  assert_string_equal(bs.items[0].markdown,
                      "| Name | Age |\n| --- | --- |\n| Ann | 31 |");
  pith_blocks_free(&bs);
}

static void test_blocks_figcaption_is_caption(void **state) {
  (void)state;
  pith_blocks bs;
  blocks_of("<body><p>Text.</p><figure><img src=\"a.jpg\"><figcaption>The "
            "old bridge in 1910</figcaption></figure></body>",
            NULL, NULL, &bs);
  const pith_block *cap = find_block(&bs, "The old bridge in 1910");
  assert_int_equal(cap->kind, BLOCK_CAPTION);
  assert_true(cap->in_figure);
  assert_int_equal(find_block(&bs, "Text.")->kind, BLOCK_PARAGRAPH);
  pith_blocks_free(&bs);
}

static void test_blocks_inline_markup_adds_no_space(void **state) {
  (void)state;
  pith_blocks bs;
  blocks_of("<body><p>foo<b>bar</b>baz <i>qux</i></p></body>", NULL, NULL, &bs);
  assert_int_equal(bs.count, 1);
  assert_string_equal(bs.items[0].text, "foobarbaz qux");
  pith_blocks_free(&bs);
}

static void test_blocks_br_gives_newline(void **state) {
  (void)state;
  pith_blocks bs;
  blocks_of("<body><p>line one<br>line two<br/> line three</p></body>", NULL,
            NULL, &bs);
  assert_int_equal(bs.count, 1);
  assert_string_equal(bs.items[0].text, "line one\nline two\nline three");
  pith_blocks_free(&bs);
}

static void test_blocks_link_markdown_absolute(void **state) {
  (void)state;
  pith_blocks bs;
  blocks_of("<body><p>See <a href=\"../docs/report.pdf\">the report</a> "
            "now.</p></body>",
            NULL, "https://example.com/news/2019/story.html", &bs);
  assert_int_equal(bs.count, 1);
  assert_string_equal(bs.items[0].text, "See the report now.");
  assert_string_equal(bs.items[0].markdown,
                      "See [the report](https://example.com/news/docs/"
                      "report.pdf) now.");
  /* the words of the link; the space between them is not link text */
  assert_int_equal(bs.items[0].link_len, strlen("thereport"));
  pith_blocks_free(&bs);
}

static void test_blocks_link_len(void **state) {
  (void)state;
  pith_blocks bs;
  blocks_of("<body><p>Read <a href=\"/a\">this</a> and <a href=\"/b\">that"
            "</a>.</p></body>",
            NULL, NULL, &bs);
  assert_int_equal(bs.count, 1);
  assert_int_equal(bs.items[0].link_len, 8);
  pith_blocks_free(&bs);
}

static void test_blocks_anchor_link_is_plain_text(void **state) {
  (void)state;
  pith_blocks bs;
  blocks_of("<body><p>See <a href=\"#note-1\">note one</a>.</p></body>", NULL,
            "https://example.com/a/story.html", &bs);
  assert_int_equal(bs.count, 1);
  assert_string_equal(bs.items[0].markdown, "See note one.");
  pith_blocks_free(&bs);
}

static void test_blocks_script_link_is_plain_text(void **state) {
  (void)state;
  pith_blocks bs;
  blocks_of("<body><p>Open <a href=\"javascript:void(0)\">the menu</a>.</p>"
            "</body>",
            NULL, "https://example.com/", &bs);
  assert_int_equal(bs.count, 1);
  assert_string_equal(bs.items[0].markdown, "Open the menu.");
  pith_blocks_free(&bs);
}

/* ---- debris ---------------------------------------------------------------
 */

/* Four long paragraphs, a block under test, two more paragraphs. */
static void debris_page(pith_blocks *bs, block_kind kind, const char *text) {
  memset(bs, 0, sizeof *bs);
  push(bs, BLOCK_PARAGRAPH, S1);
  push(bs, BLOCK_PARAGRAPH, S2);
  push(bs, kind, text);
  push(bs, BLOCK_PARAGRAPH, S3);
  push(bs, BLOCK_PARAGRAPH, S4);
  judge(bs);
}

static int dropped(const char *text) {
  pith_blocks bs;
  debris_page(&bs, BLOCK_PARAGRAPH, text);
  int d = bs.items[2].drop;
  /* The surrounding article is never touched by one line of debris. */
  assert_false(bs.items[0].drop);
  assert_false(bs.items[1].drop);
  assert_false(bs.items[3].drop);
  assert_false(bs.items[4].drop);
  pith_blocks_free(&bs);
  return d;
}

static void test_debris_caption_dropped(void **state) {
  (void)state;
  pith_blocks bs;
  debris_page(&bs, BLOCK_CAPTION, "The old harbour bridge before the floods");
  assert_true(bs.items[2].drop);
  assert_string_equal(bs.items[2].rule, "caption");
  assert_false(bs.items[0].drop);
  pith_blocks_free(&bs);
}

static void test_debris_in_figure_dropped(void **state) {
  (void)state;
  pith_blocks bs;
  memset(&bs, 0, sizeof bs);
  push(&bs, BLOCK_PARAGRAPH, S1);
  push(&bs, BLOCK_PARAGRAPH, "Photo taken from the northern bank");
  bs.items[1].in_figure = 1;
  push(&bs, BLOCK_PARAGRAPH, S2);
  judge(&bs);
  assert_true(bs.items[1].drop);
  assert_false(bs.items[0].drop);
  pith_blocks_free(&bs);
}

static void test_debris_share_line_dropped(void **state) {
  (void)state;
  assert_true(dropped("Facebook Twitter Email"));
  assert_true(dropped("Share | Tweet | WhatsApp"));
}

static void test_debris_advertisement_dropped(void **state) {
  (void)state;
  assert_true(dropped("Advertisement"));
  assert_true(dropped("ADVERTISEMENT"));
}

static void test_debris_read_more_at_dropped(void **state) {
  (void)state;
  assert_true(dropped("Read more at Example.com"));
}

static void test_debris_byline_dropped(void **state) {
  (void)state;
  pith_blocks bs;
  debris_page(&bs, BLOCK_PARAGRAPH, "By Jane Doe");
  assert_true(bs.items[2].drop);
  assert_string_equal(bs.items[2].rule, "byline");
  pith_blocks_free(&bs);
}

static void test_debris_dateline_dropped(void **state) {
  (void)state;
  pith_blocks bs;
  debris_page(&bs, BLOCK_PARAGRAPH, "Updated: 19 Nov 2019");
  assert_true(bs.items[2].drop);
  assert_string_equal(bs.items[2].rule, "dateline");
  pith_blocks_free(&bs);
  assert_true(dropped("19 November 2019, 10:30"));
}

/* Repetition alone removes nothing: a paragraph said twice (a refrain, a
 * repeated step) stays; the copy of a pull quote goes. */
static void test_debris_repeated_paragraph_kept(void **state) {
  (void)state;
  pith_blocks bs;
  memset(&bs, 0, sizeof bs);
  push(&bs, BLOCK_PARAGRAPH, S1);
  push(&bs, BLOCK_PARAGRAPH, S2);
  push(&bs, BLOCK_PARAGRAPH, S3);
  push(&bs, BLOCK_PARAGRAPH, S2);
  push(&bs, BLOCK_QUOTE, S3);
  push(&bs, BLOCK_PARAGRAPH, S4);
  judge(&bs);
  for (size_t i = 0; i < 4; i++)
    assert_false(bs.items[i].drop);
  assert_true(bs.items[4].drop);
  assert_string_equal(bs.items[4].rule, "repeat");
  assert_false(bs.items[5].drop);
  pith_blocks_free(&bs);
}

static void test_debris_doubled_caption_both_dropped(void **state) {
  (void)state;
  pith_blocks bs;
  memset(&bs, 0, sizeof bs);
  push(&bs, BLOCK_PARAGRAPH, S1);
  push(&bs, BLOCK_PARAGRAPH, S2);
  push(&bs, BLOCK_PARAGRAPH, "Workers on the bridge in May");
  push(&bs, BLOCK_PARAGRAPH, "Workers on the bridge in May");
  push(&bs, BLOCK_PARAGRAPH, S3);
  judge(&bs);
  assert_true(bs.items[2].drop);
  assert_true(bs.items[3].drop);
  assert_false(bs.items[1].drop);
  assert_false(bs.items[4].drop);
  pith_blocks_free(&bs);
}

static void test_debris_tail_marker_near_end(void **state) {
  (void)state;
  pith_blocks bs;
  memset(&bs, 0, sizeof bs);
  push(&bs, BLOCK_PARAGRAPH, S1);
  push(&bs, BLOCK_PARAGRAPH, S2);
  push(&bs, BLOCK_PARAGRAPH, S3);
  push(&bs, BLOCK_PARAGRAPH, S4);
  push(&bs, BLOCK_HEADING, "More in Politics");
  bs.items[4].level = 2;
  push(&bs, BLOCK_PARAGRAPH, "Minister resigns after a long row over funds");
  push(&bs, BLOCK_PARAGRAPH, "Election date set for the autumn");
  judge(&bs);
  for (size_t i = 0; i < 4; i++)
    assert_false(bs.items[i].drop);
  for (size_t i = 4; i < 7; i++) {
    assert_true(bs.items[i].drop);
    assert_string_equal(bs.items[i].rule, "teaser-block");
  }
  pith_blocks_free(&bs);
}

static void test_debris_tail_marker_early_keeps_rest(void **state) {
  (void)state;
  pith_blocks bs;
  memset(&bs, 0, sizeof bs);
  push(&bs, BLOCK_PARAGRAPH, S1);
  push(&bs, BLOCK_HEADING, "More in Politics");
  bs.items[1].level = 2;
  push(&bs, BLOCK_PARAGRAPH, S2);
  push(&bs, BLOCK_PARAGRAPH, S3);
  push(&bs, BLOCK_PARAGRAPH, S4);
  push(&bs, BLOCK_PARAGRAPH, S5);
  judge(&bs);
  assert_false(bs.items[0].drop);
  for (size_t i = 2; i < 6; i++)
    assert_false(bs.items[i].drop);
  pith_blocks_free(&bs);
}

static void test_debris_keeps_long_paragraph_starting_with_by(void **state) {
  (void)state;
  assert_false(dropped("By the end of the year, the council expects to have "
                       "spent most of the repair fund on the bridge and the "
                       "two roads that lead to it."));
}

static void test_debris_keeps_short_paragraph_without_period(void **state) {
  (void)state;
  assert_false(dropped("Nobody expected the vote to pass"));
}

static void test_debris_keeps_sentence_with_share(void **state) {
  (void)state;
  assert_false(dropped("Both parties share the blame for the delay."));
  assert_false(dropped("Share prices rose sharply after the announcement, "
                       "analysts said."));
}

static void test_debris_keeps_short_list_item(void **state) {
  (void)state;
  pith_blocks bs;
  debris_page(&bs, BLOCK_LIST_ITEM, "By bus");
  assert_false(bs.items[2].drop);
  pith_blocks_free(&bs);
}

static void test_debris_accented_case_folding(void **state) {
  (void)state;
  assert_true(dropped("\xC3\x80 lire aussi : le budget de la ville"));
  assert_true(dropped("\xC3\x80 LIRE AUSSI"));
}

static void test_debris_cyrillic_case_folding(void **state) {
  (void)state;
  /* "ЧИТАЙТЕ ТАКЖЕ" in capitals matches "читайте также" */
  assert_true(dropped("\xD0\xA7\xD0\x98\xD0\xA2\xD0\x90\xD0\x99\xD0\xA2\xD0"
                      "\x95 \xD0\xA2\xD0\x90\xD0\x9A\xD0\x96\xD0\x95"));
}

static void test_debris_title_repeat(void **state) {
  (void)state;
  pith_blocks bs;
  memset(&bs, 0, sizeof bs);
  push(&bs, BLOCK_HEADING, "Harbour bridge reopens!");
  bs.items[0].level = 2;
  push(&bs, BLOCK_PARAGRAPH, S1);
  push(&bs, BLOCK_PARAGRAPH, S2);
  debris_context ctx = {.title = "Harbour Bridge Reopens",
                        .from_html = 1,
                        .tune = pith_tuning_for(PITH_MODE_BALANCED)};
  pith_debris_judge(&bs, &ctx);
  assert_true(bs.items[0].drop);
  assert_string_equal(bs.items[0].rule, "title-repeat");
  assert_false(bs.items[1].drop);
  pith_blocks_free(&bs);
}

static void test_debris_empty_list(void **state) {
  (void)state;
  pith_blocks bs;
  memset(&bs, 0, sizeof bs);
  judge(&bs);
  assert_int_equal(bs.count, 0);
  pith_blocks_free(&bs);
}

/* ---- render ---------------------------------------------------------------
 */

static void check_text(const pith_blocks *bs, const char *expected) {
  char *t = pith_render_text(bs);
  assert_non_null(t);
  assert_string_equal(t, expected);
  free(t);
}

static void check_markdown(const pith_blocks *bs, const char *expected) {
  char *t = pith_render_markdown(bs);
  assert_non_null(t);
  assert_string_equal(t, expected);
  free(t);
}

static void test_render_text_blank_line_between_blocks(void **state) {
  (void)state;
  pith_blocks bs;
  memset(&bs, 0, sizeof bs);
  push(&bs, BLOCK_PARAGRAPH, "One.");
  push(&bs, BLOCK_HEADING, "Two");
  push(&bs, BLOCK_PARAGRAPH, "Three.");
  check_text(&bs, "One.\n\nTwo\n\nThree.\n");
  pith_blocks_free(&bs);
}

static void test_render_text_skips_dropped(void **state) {
  (void)state;
  pith_blocks bs;
  memset(&bs, 0, sizeof bs);
  push(&bs, BLOCK_PARAGRAPH, "One.");
  push(&bs, BLOCK_PARAGRAPH, "Gone.");
  bs.items[1].drop = 1;
  push(&bs, BLOCK_PARAGRAPH, "Three.");
  check_text(&bs, "One.\n\nThree.\n");
  pith_blocks_free(&bs);
}

static void test_render_text_empty(void **state) {
  (void)state;
  pith_blocks bs;
  memset(&bs, 0, sizeof bs);
  check_text(&bs, "");
  check_markdown(&bs, "");
}

static void test_render_text_list(void **state) {
  (void)state;
  pith_blocks bs;
  memset(&bs, 0, sizeof bs);
  push(&bs, BLOCK_PARAGRAPH, "Intro.");
  push_item(&bs, "apple", 1, 1, 1, 0);
  push_item(&bs, "pear", 1, 2, 1, 0);
  push(&bs, BLOCK_PARAGRAPH, "Middle.");
  push_item(&bs, "first", 2, 1, 1, 1);
  push_item(&bs, "second", 2, 2, 1, 1);
  check_text(&bs,
             "Intro.\n\n- apple\n- pear\n\nMiddle.\n\n1. first\n2. second\n");
  pith_blocks_free(&bs);
}

static void test_render_text_two_lists_apart(void **state) {
  (void)state;
  pith_blocks bs;
  memset(&bs, 0, sizeof bs);
  push_item(&bs, "a", 1, 1, 1, 0);
  push_item(&bs, "b", 2, 1, 1, 0);
  check_text(&bs, "- a\n\n- b\n");
  pith_blocks_free(&bs);
}

static void test_render_text_nested_list(void **state) {
  (void)state;
  pith_blocks bs;
  memset(&bs, 0, sizeof bs);
  push_item(&bs, "outer", 1, 1, 1, 0);
  push_item(&bs, "inner", 2, 1, 2, 1);
  push_item(&bs, "deeper", 3, 1, 3, 0);
  push_item(&bs, "next", 1, 2, 1, 0);
  check_text(&bs, "- outer\n  1. inner\n    - deeper\n- next\n");
  pith_blocks_free(&bs);
}

static void test_render_nested_list_from_html(void **state) {
  (void)state;
  pith_blocks bs;
  blocks_of("<body><ul><li>outer<ol><li>inner</li><li>again</li></ol></li>"
            "<li>next</li></ul></body>",
            NULL, NULL, &bs);
  check_text(&bs, "- outer\n  1. inner\n  2. again\n- next\n");
  pith_blocks_free(&bs);
}

static void test_render_markdown_heading(void **state) {
  (void)state;
  pith_blocks bs;
  memset(&bs, 0, sizeof bs);
  push(&bs, BLOCK_HEADING, "Level three");
  bs.items[0].level = 3;
  push(&bs, BLOCK_PARAGRAPH, "Text.");
  check_markdown(&bs, "### Level three\n\nText.\n");
  check_text(&bs, "Level three\n\nText.\n");
  pith_blocks_free(&bs);
}

static void test_render_markdown_quote(void **state) {
  (void)state;
  pith_blocks bs;
  memset(&bs, 0, sizeof bs);
  push(&bs, BLOCK_QUOTE, "first line\nsecond line");
  check_markdown(&bs, "> first line\n> second line\n");
  pith_blocks_free(&bs);
}

static void test_render_markdown_code_fence(void **state) {
  (void)state;
  pith_blocks bs;
  memset(&bs, 0, sizeof bs);
  push(&bs, BLOCK_CODE, "int x;\n  y();");
  check_markdown(&bs, "```\nint x;\n  y();\n```\n");
  check_text(&bs, "int x;\n  y();\n");
  pith_blocks_free(&bs);
}

static void test_render_markdown_table(void **state) {
  (void)state;
  pith_blocks bs;
  blocks_of("<body><p>Scores:</p><table><tr><th>Team</th><th>Pts</th></tr>"
            "<tr><td>A|B</td><td>3</td></tr></table></body>",
            NULL, NULL, &bs);
  check_markdown(&bs, "Scores:\n\n| Team | Pts |\n| --- | --- |\n"
                      "| A\\|B | 3 |\n");
  check_text(&bs, "Scores:\n\nTeam | Pts\nA|B | 3\n");
  pith_blocks_free(&bs);
}

static void test_render_markdown_list(void **state) {
  (void)state;
  pith_blocks bs;
  memset(&bs, 0, sizeof bs);
  push_item(&bs, "one", 1, 1, 1, 1);
  push_item(&bs, "two", 1, 2, 1, 1);
  check_markdown(&bs, "1. one\n2. two\n");
  pith_blocks_free(&bs);
}

static const char *const json_keys[] = {
    "title",   "author",        "hostname", "date",        "sitename",
    "url",     "canonical_url", "language", "description", "excerpt",
    "image",   "categories",    "tags",     "text",        "markdown",
    "article", "confidence",
};

static void test_render_json_keys(void **state) {
  (void)state;
  pith_meta meta;
  memset(&meta, 0, sizeof meta);
  meta.title = "A title";
  meta.hostname = "example.com";
  char *s = pith_render_json(&meta, "Body.\n", "Body.\n", NULL, 1, 0.5, NULL);
  assert_non_null(s);
  json_object *obj = json_tokener_parse(s);
  free(s);
  assert_non_null(obj);
  assert_true(json_object_is_type(obj, json_type_object));
  for (size_t i = 0; i < sizeof json_keys / sizeof *json_keys; i++) {
    json_object *v = NULL;
    if (!json_object_object_get_ex(obj, json_keys[i], &v))
      fail_msg("key %s missing", json_keys[i]);
  }
  json_object *v = NULL;
  json_object_object_get_ex(obj, "title", &v);
  assert_string_equal(json_object_get_string(v), "A title");
  json_object_object_get_ex(obj, "author", &v);
  assert_null(v); /* unknown is null */
  json_object_object_get_ex(obj, "article", &v);
  assert_true(json_object_is_type(v, json_type_boolean));
  assert_true(json_object_get_boolean(v));
  json_object_object_get_ex(obj, "confidence", &v);
  assert_true(json_object_is_type(v, json_type_double));
  json_object_object_get_ex(obj, "text", &v);
  assert_string_equal(json_object_get_string(v), "Body.\n");
  json_object_put(obj);
}

static void test_render_json_escapes(void **state) {
  (void)state;
  pith_meta meta;
  memset(&meta, 0, sizeof meta);
  const char *title = "He said \"no\"\\ \x01\x1f\ttab/slash";
  meta.title = (char *)title;
  const char *text = "line\nnext \"q\" \x7f caf\xC3\xA9\n";
  char *s = pith_render_json(&meta, text, "", NULL, 0, 0.0, NULL);
  assert_non_null(s);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    assert_true(*p >= 0x20);
  assert_non_null(strstr(s, "\\u0001"));
  assert_non_null(strstr(s, "\\\"no\\\""));
  json_object *obj = json_tokener_parse(s);
  free(s);
  assert_non_null(obj);
  json_object *v = NULL;
  json_object_object_get_ex(obj, "title", &v);
  assert_string_equal(json_object_get_string(v), title);
  json_object_object_get_ex(obj, "text", &v);
  assert_string_equal(json_object_get_string(v), text);
  json_object_object_get_ex(obj, "article", &v);
  assert_false(json_object_get_boolean(v));
  json_object_put(obj);
}

/* The body is escaped eight bytes at a time where it can be: a byte to
 * escape at any place in a word (and bytes of 0x80 and above around it)
 * is escaped exactly as json-c escapes it. */
static void test_render_json_escapes_at_every_offset(void **state) {
  (void)state;
  pith_meta meta;
  memset(&meta, 0, sizeof meta);
  static const char specials[] = {'"', '\\', '\n', '\x01', '\x1f', '\x7f', ' '};
  for (size_t k = 0; k < sizeof specials; k++)
    for (size_t at = 0; at < 20; at++) {
      char text[32];
      for (size_t i = 0; i < 24; i++)
        text[i] = i % 5 == 4 ? (char)0xC3 : i % 5 == 0 && i ? (char)0xA9 : 'a';
      text[at] = specials[k];
      text[24] = '\0';
      char *s = pith_render_json(&meta, text, text, NULL, 1, 0.5, NULL);
      assert_non_null(s);
      json_object *want = json_object_new_string(text);
      const char *escaped =
          json_object_to_json_string_ext(want, JSON_C_TO_STRING_NOSLASHESCAPE);
      char key[64];
      snprintf(key, sizeof key, "\"text\":%s", escaped);
      assert_non_null(strstr(s, key));
      snprintf(key, sizeof key, "\"markdown\":%s", escaped);
      assert_non_null(strstr(s, key));
      json_object_put(want);
      free(s);
    }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parse_small_page),
      cmocka_unit_test(test_parse_utf8_text_kept),
      cmocka_unit_test(test_parse_second_root_joins_body),
      cmocka_unit_test(test_parse_unclosed_title_gives_body),
      cmocka_unit_test(test_annotate_tags_and_block_flag),
      cmocka_unit_test(test_tag_lookup),
      cmocka_unit_test(test_annotate_node_limit),
      cmocka_unit_test(test_read_depth_count_and_parents),
      cmocka_unit_test(test_parse_cuts_floods_and_bogus_comments),
      cmocka_unit_test(test_annotate_counts_text),
      cmocka_unit_test(test_annotate_hidden),
      cmocka_unit_test(test_class_boilerplate_words),
      cmocka_unit_test(test_class_content_words_not_boilerplate),
      cmocka_unit_test(test_class_has_sidebar_not_boilerplate),
      cmocka_unit_test(test_class_sidebar_and_content_not_boilerplate),
      cmocka_unit_test(test_class_taxonomy_not_boilerplate),
      cmocka_unit_test(test_class_last_word_content),
      cmocka_unit_test(test_class_bem_modifier_ignored),
      cmocka_unit_test(test_measure_text_and_links),
      cmocka_unit_test(test_measure_skips_pruned),
      cmocka_unit_test(test_parse_deep_nesting_keeps_text),
      cmocka_unit_test(test_deep_nesting_walks),
      cmocka_unit_test(test_prune_chrome_tags),
      cmocka_unit_test(test_prune_script_and_style),
      cmocka_unit_test(test_prune_hidden),
      cmocka_unit_test(test_prune_share_box),
      cmocka_unit_test(test_prune_large_class_box_kept),
      cmocka_unit_test(test_prune_large_aside_pruned),
      cmocka_unit_test(test_prune_rollback),
      cmocka_unit_test(test_prune_rollback_keeps_footer_pruned),
      cmocka_unit_test(test_prune_boilerplate_class_without_rollback),
      cmocka_unit_test(test_select_article_over_nav_and_sidebar),
      cmocka_unit_test(test_select_lead_in_text_box),
      cmocka_unit_test(test_select_empty_body),
      cmocka_unit_test(test_blocks_paragraph),
      cmocka_unit_test(test_blocks_heading_level),
      cmocka_unit_test(test_blocks_list_items),
      cmocka_unit_test(test_blocks_nested_list_level),
      cmocka_unit_test(test_blocks_twice_over_one_dom),
      cmocka_unit_test(test_blocks_blockquote_is_quote),
      cmocka_unit_test(test_blocks_pre_keeps_newlines),
      cmocka_unit_test(test_blocks_data_table),
      cmocka_unit_test(test_blocks_figcaption_is_caption),
      cmocka_unit_test(test_blocks_inline_markup_adds_no_space),
      cmocka_unit_test(test_blocks_br_gives_newline),
      cmocka_unit_test(test_blocks_link_markdown_absolute),
      cmocka_unit_test(test_blocks_link_len),
      cmocka_unit_test(test_blocks_anchor_link_is_plain_text),
      cmocka_unit_test(test_blocks_script_link_is_plain_text),
      cmocka_unit_test(test_debris_caption_dropped),
      cmocka_unit_test(test_debris_in_figure_dropped),
      cmocka_unit_test(test_debris_share_line_dropped),
      cmocka_unit_test(test_debris_advertisement_dropped),
      cmocka_unit_test(test_debris_read_more_at_dropped),
      cmocka_unit_test(test_debris_byline_dropped),
      cmocka_unit_test(test_debris_dateline_dropped),
      cmocka_unit_test(test_debris_repeated_paragraph_kept),
      cmocka_unit_test(test_debris_doubled_caption_both_dropped),
      cmocka_unit_test(test_debris_tail_marker_near_end),
      cmocka_unit_test(test_debris_tail_marker_early_keeps_rest),
      cmocka_unit_test(test_debris_keeps_long_paragraph_starting_with_by),
      cmocka_unit_test(test_debris_keeps_short_paragraph_without_period),
      cmocka_unit_test(test_debris_keeps_sentence_with_share),
      cmocka_unit_test(test_debris_keeps_short_list_item),
      cmocka_unit_test(test_debris_accented_case_folding),
      cmocka_unit_test(test_debris_cyrillic_case_folding),
      cmocka_unit_test(test_debris_title_repeat),
      cmocka_unit_test(test_debris_empty_list),
      cmocka_unit_test(test_render_text_blank_line_between_blocks),
      cmocka_unit_test(test_render_text_skips_dropped),
      cmocka_unit_test(test_render_text_empty),
      cmocka_unit_test(test_render_text_list),
      cmocka_unit_test(test_render_text_two_lists_apart),
      cmocka_unit_test(test_render_text_nested_list),
      cmocka_unit_test(test_render_nested_list_from_html),
      cmocka_unit_test(test_render_markdown_heading),
      cmocka_unit_test(test_render_markdown_quote),
      cmocka_unit_test(test_render_markdown_code_fence),
      cmocka_unit_test(test_render_markdown_table),
      cmocka_unit_test(test_render_markdown_list),
      cmocka_unit_test(test_render_json_keys),
      cmocka_unit_test(test_render_json_escapes),
      cmocka_unit_test(test_render_json_escapes_at_every_offset),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
