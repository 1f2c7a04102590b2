/* The extraction pipeline:
 * decode -> parse -> meta -> prune -> select -> blocks -> debris -> render. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dom.h"
#include "ingredients.h"
#include "tidy.h"

static int only_space(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!isspace((unsigned char)s[i]))
      return 0;
  return 1;
}

/* Splits a JSON-LD articleBody into paragraph blocks. */
static int blocks_from_text(const char *body, pith_blocks *out) {
  const char *p = body;
  while (*p) {
    const char *e = strchr(p, '\n');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    char *t = pith_text_normalize_space(p, n);
    if (!t)
      return -1;
    if (*t) {
      pith_block b;
      memset(&b, 0, sizeof b);
      b.kind = BLOCK_PARAGRAPH;
      b.text = t;
      b.text_len = strlen(t);
      b.markdown = pith_strdup(t);
      if (!b.markdown || pith_blocks_push(out, &b) < 0)
        return -1;
    } else {
      free(t);
    }
    p += n;
    if (*p)
      p++;
  }
  return 0;
}

static size_t kept_text_len(const pith_blocks *blocks, size_t *links) {
  size_t n = 0, l = 0;
  for (size_t i = 0; i < blocks->count; i++)
    if (!blocks->items[i].drop) {
      n += blocks->items[i].text_len;
      l += blocks->items[i].link_len;
    }
  if (links)
    *links = l;
  return n;
}

/* Error pages say so in their title ("Page not found", "404"). */
static int looks_like_error_page(const char *title) {
  static const char *const cues[] = {
      "404",           "not found",      "page not found",
      "error",         "nicht gefunden", "introuvable",
      "no encontrada", "non trovata",    "не найдена",
      "access denied", "forbidden",      "server error"};
  if (!title)
    return 0;
  for (size_t i = 0; i < sizeof cues / sizeof *cues; i++)
    if (pith_ascii_strcasestr(title, cues[i]))
      return 1;
  return 0;
}

#define MAX_ROOTS 64

/* The nodes the body was built from. */
typedef struct chosen {
  xmlNodePtr roots[MAX_ROOTS];
  size_t count;
} chosen;

/* Select, build and judge the blocks of the main content; replaces
 * *blocks. *root_text gets the text length of what was chosen. */
static int build_body(pith_dom *dom, const debris_context *ctx, const char *url,
                      pith_blocks *blocks, size_t *root_text, chosen *c) {
  pith_blocks_free(blocks);
  xmlNodePtr *roots = c->roots;
  size_t nroots = c->count = pith_select_content(dom, roots, MAX_ROOTS);
  *root_text = 0;
  for (size_t i = 0; i < nroots; i++)
    *root_text += NI(roots[i])->text_len;
  if (nroots && pith_blocks_from_dom(dom, roots, nroots, url, blocks) < 0)
    return -1;
  pith_debris_judge(blocks, ctx);
  return 0;
}

/* Un-prunes the paragraph box pruned as chrome with the most text, when it
 * holds over twice what was found and 500+ characters. Returns 1 when one
 * was restored (and the tree re-measured). */
static int unprune_best_chrome(pith_dom *dom, size_t found) {
  node_info *best = NULL;
  for (size_t i = 0; i < dom->count; i++) {
    node_info *info = &dom->info[i];
    if ((info->flags & NI_CHROME) && info->chrome_text >= 500 &&
        info->chrome_text > 2 * found &&
        (!best || info->chrome_text > best->chrome_text))
      best = info;
  }
  if (!best)
    return 0;
  best->flags &= ~(unsigned)(NI_PRUNED | NI_CHROME);
  best->chrome_text = 0;
  pith_dom_measure(dom);
  return 1;
}

/* The semantic marker of the article body, if the page has one: the
 * itemprop=articleBody element, else the <article> (or <main>) with the
 * most text. NULL when there is none or it holds under 200 characters. */
static xmlNodePtr semantic_container(const pith_dom *dom) {
  xmlNodePtr best = NULL;
  int best_rank = 0;
  for (xmlNodePtr n = dom->body; n;) {
    if (n->type != XML_ELEMENT_NODE || !NI(n)) {
      n = pith_dom_next(n, dom->body, 0);
      continue;
    }
    node_info *i = NI(n);
    if (i->flags & NI_PRUNED) {
      n = pith_dom_next(n, dom->body, 1);
      continue;
    }
    int rank = (i->flags & NI_CONTENT_HINT) && i->class_weight >= 50 ? 3
               : i->tag == TAG_ARTICLE                               ? 2
               : i->tag == TAG_MAIN                                  ? 1
                                                                     : 0;
    if (rank && i->text_len >= 200 &&
        (rank > best_rank ||
         (rank == best_rank && i->text_len > NI(best)->text_len))) {
      best = n;
      best_rank = rank;
    }
    n = pith_dom_next(n, dom->body, 0);
  }
  return best;
}

static int is_within(xmlNodePtr n, xmlNodePtr a) {
  int up = 0;
  for (; n && up < 4 * DOM_MAX_CLIMB; n = n->parent, up++)
    if (n == a)
      return 1;
  return 0;
}

/* Share of the text of the semantic container and of the chosen roots
 * that they have in common (1: the same text; 0: disjoint). */
static double container_agreement(const pith_dom *dom, const chosen *c,
                                  xmlNodePtr marker) {
  size_t chosen_text = 0, common = 0;
  size_t marker_text = NI(marker)->text_len;
  for (size_t k = 0; k < c->count; k++) {
    xmlNodePtr r = c->roots[k];
    chosen_text += NI(r)->text_len;
    if (is_within(marker, r))
      common += marker_text;
    else if (is_within(r, marker))
      common += NI(r)->text_len;
  }
  (void)dom;
  size_t larger = chosen_text > marker_text ? chosen_text : marker_text;
  if (!larger)
    return 0;
  return common >= larger ? 1.0 : (double)common / (double)larger;
}

/* Share of evenly spaced 24-byte samples of the JSON-LD articleBody that
 * are found in the body text (both with white space collapsed, so that
 * paragraph breaks match); -1 when there is no usable JSON-LD body. */
static double json_ld_agreement(const char *body, const char *text) {
  if (!body || strlen(body) < 300 || !text)
    return -1;
  char *norm = pith_text_normalize_space(body, strlen(body));
  char *flat = pith_text_normalize_space(text, strlen(text));
  if (!norm || !flat) {
    free(norm);
    free(flat);
    return -1;
  }
  size_t len = strlen(norm), found = 0, tried = 0;
  enum { SAMPLES = 12, SAMPLE = 24 };
  for (size_t k = 0; k < SAMPLES; k++) {
    size_t at = len * k / SAMPLES;
    while (at < len && (norm[at] & 0xC0) == 0x80) /* a character's start */
      at++;
    if (at + SAMPLE > len)
      break;
    size_t n = SAMPLE;
    while (n < len - at && (norm[at + n] & 0xC0) == 0x80)
      n++;
    char saved = norm[at + n];
    norm[at + n] = '\0';
    found += strstr(flat, norm + at) != NULL;
    norm[at + n] = saved;
    tried++;
  }
  free(norm);
  free(flat);
  return tried ? (double)found / (double)tried : -1;
}

/* Length of a text for the confidence: characters, each ideograph,
 * kana or hangul syllable counting as three. Never words: CJK text has no
 * spaces between them. */
static size_t text_weight(const char *s, size_t n) {
  size_t w = 0;
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; i < n; i++) {
    if ((u[i] & 0xC0) == 0x80)
      continue;
    unsigned cp = u[i];
    if (u[i] >= 0xE0 && u[i] < 0xF0 && i + 2 < n)
      cp = ((u[i] & 0x0Fu) << 12) | ((u[i + 1] & 0x3Fu) << 6) |
           (u[i + 2] & 0x3Fu);
    int cjk = (cp >= 0x3040 && cp <= 0x30FF) ||
              (cp >= 0x3400 && cp <= 0x9FFF) ||
              (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF);
    w += cjk ? 3 : 1;
  }
  return w;
}

/* Confidence in the body, 0..1: the mean of four signals.
 * - agreement: the chosen container against the semantic one
 *   (container_vote, -1 when there is none) and the JSON-LD body (0.5, "no
 * opinion", when the page has neither);
 * - length: full at 1500 characters, a Chinese, Japanese or Korean one
 *   counting as three (one says about as much as a short word);
 * - prose: the share of the text in blocks that end like sentences;
 * - links: 1 minus twice the link density. */
static double estimate_confidence(double container_vote,
                                  const pith_blocks *blocks, const char *text,
                                  const char *json_body, size_t kept,
                                  size_t links) {
  size_t chars = 0, prose = 0;
  for (size_t i = 0; i < blocks->count; i++) {
    const pith_block *b = &blocks->items[i];
    if (b->drop)
      continue;
    chars += text_weight(b->text, b->text_len);
    if (pith_text_ends_sentence(b->text, b->text_len))
      prose += b->text_len;
  }
  double length = chars >= 1500 ? 1.0 : (double)chars / 1500.0;
  double prose_share = kept ? (double)prose / (double)kept : 0;
  double ld = kept ? (double)links / (double)kept : 1;
  double link_score = ld * 2 >= 1 ? 0 : 1 - 2 * ld;
  double votes = 0;
  int voters = 0;
  if (container_vote >= 0) {
    votes += container_vote;
    voters++;
  }
  double j = json_ld_agreement(json_body, text);
  if (j >= 0) {
    votes += j;
    voters++;
  }
  double agreement = voters ? votes / voters : 0.5;
  double conf = (agreement + length + prose_share + link_score) / 4;
  if (conf < 0.01)
    conf = 0.01;
  return conf > 1 ? 1 : conf;
}

static int set_field(pith_result *r, pith_field f, const char *value) {
  if (!value)
    return 0;
  r->fields[f] = pith_strdup(value);
  return r->fields[f] ? 0 : -1;
}

/* Whether elements nest deeper than max below root. Iterative. */
static int deeper_than(xmlNodePtr root, size_t max) {
  size_t depth = 1;
  xmlNodePtr n = root;
  for (;;) {
    if (n->type == XML_ELEMENT_NODE && depth > max)
      return 1;
    if (n->children && n->type == XML_ELEMENT_NODE) {
      n = n->children;
      depth++;
      continue;
    }
    while (n != root && !n->next) {
      n = n->parent;
      depth--;
    }
    if (n == root)
      return 0;
    n = n->next;
  }
}

static pith_status too_large(pith_result *r, size_t limit) {
  char msg[200];
  snprintf(msg, sizeof msg,
           "the input is larger than the limit (max_input_bytes = %zu); "
           "raise it with pith_options.max_input_bytes or --max-bytes",
           limit);
  return pith_result_fail(r, PITH_ERR_TOO_LARGE, msg);
}

static pith_status run(const char *html, size_t len, const pith_limits *lim,
                       pith_result *r) {
  const pith_options *opt = &lim->opt;
  pith_nomem_take(); /* a failure noted by an earlier call is not ours */
  if (len == 0 || only_space(html, len))
    return pith_result_fail(r, PITH_ERR_EMPTY, "the input is empty");
  if (len > opt->max_input_bytes)
    return too_large(r, opt->max_input_bytes);
  if (pith_decode_looks_binary(html, len))
    return pith_result_fail(
        r, PITH_ERR_NOT_HTML,
        "the input is binary data (an image, PDF or archive?), "
        "not an HTML page");

  char *utf8 = NULL;
  size_t utf8_len = 0;
  char charset[32];
  pith_status st = pith_decode_to_utf8(html, len, opt->content_type, &utf8,
                                       &utf8_len, charset, sizeof charset);
  if (st != PITH_OK)
    return pith_result_fail(r, st, NULL);

  htmlDocPtr doc = pith_parse_html(utf8, utf8_len, opt->url);
  free(utf8);
  if (!doc)
    return pith_result_fail(r, PITH_ERR_PARSE,
                            "the HTML parser could not read the input");
  if (pith_limits_time_up(lim, r)) {
    xmlFreeDoc(doc);
    return PITH_ERR_LIMIT;
  }

  pith_dom dom;
  memset(&dom, 0, sizeof dom);
  dom.doc = doc;
  pith_meta meta;
  memset(&meta, 0, sizeof meta);
  pith_blocks blocks;
  memset(&blocks, 0, sizeof blocks);
  char *text = NULL, *markdown = NULL, *json = NULL;

  int over_limit = 0;
  xmlNodePtr top = xmlDocGetRootElement(doc);
  if (top && deeper_than(top, opt->max_depth)) {
    st = pith_limits_fail(r, "has elements nested deeper", "max_depth",
                          opt->max_depth, "--max-depth");
    goto done;
  }
  if (pith_dom_annotate(&dom, opt->max_nodes, &over_limit) < 0) {
    st = over_limit ? pith_limits_fail(r, "has more elements", "max_nodes",
                                       opt->max_nodes, "--max-nodes")
                    : pith_result_fail(r, PITH_ERR_NOMEM, NULL);
    goto done;
  }
  pith_meta_extract(doc, opt->url, &meta);
  if (pith_limits_time_up(lim, r)) {
    st = PITH_ERR_LIMIT;
    goto done;
  }
  const pith_tuning *tune = pith_tuning_for(opt->mode);
  debris_context ctx = {meta.title, 1, tune};
  dom.tune = tune;
  chosen ch;
  ch.count = 0;
  int from_json_ld = 0;
  size_t links = 0, kept = 0;
  if (dom.root) {
    pith_prune_document(&dom, &meta);
    size_t root_text = 0;
    if (pith_limits_time_up(lim, r)) {
      st = PITH_ERR_LIMIT;
      goto done;
    }
    dom.lenient = tune->start_lenient;
    if (build_body(&dom, &ctx, opt->url, &blocks, &root_text, &ch) < 0) {
      st = pith_result_fail(r, PITH_ERR_NOMEM, NULL);
      goto done;
    }
    kept = kept_text_len(&blocks, &links);
    /* Recovery, when the result is a small part of what was chosen: the
     * boxes cleaning removed for their class alone were the text (a forum
     * of "comment" posts, a live ticker). */
    if (root_text >= 1000 && kept * 4 < root_text && kept < 1000) {
      if (pith_limits_time_up(lim, r)) {
        st = PITH_ERR_LIMIT;
        goto done;
      }
      dom.lenient = 1;
      if (build_body(&dom, &ctx, opt->url, &blocks, &root_text, &ch) < 0) {
        st = pith_result_fail(r, PITH_ERR_NOMEM, NULL);
        goto done;
      }
      kept = kept_text_len(&blocks, &links);
    }
    /* Recovery, when little was found: a box of paragraphs that pruning
     * took for chrome ("teaser", "widget") and that holds far more text is
     * the article. */
    if (kept < 500 && unprune_best_chrome(&dom, kept)) {
      if (pith_limits_time_up(lim, r)) {
        st = PITH_ERR_LIMIT;
        goto done;
      }
      if (build_body(&dom, &ctx, opt->url, &blocks, &root_text, &ch) < 0) {
        st = pith_result_fail(r, PITH_ERR_NOMEM, NULL);
        goto done;
      }
      kept = kept_text_len(&blocks, &links);
    }
  }
  if (meta.ingredients && kept > 0) {
    if (pith_ingredients_add(meta.ingredients, &blocks) < 0) {
      st = pith_result_fail(r, PITH_ERR_NOMEM, NULL);
      goto done;
    }
    kept = kept_text_len(&blocks, &links);
  }
  /* JSON-LD articleBody stands in when the page's own markup gave little
   * (under two thirds of it, trafilatura's recall ratio of 1.5):
   * script-rendered and paywalled pages carry the body only there. */
  if (meta.article_body) {
    size_t body_len = strlen(meta.article_body);
    int longer = (double)body_len > tune->json_ld_ratio * (double)kept;
    if (body_len >= 500 && (kept < 200 || longer)) {
      from_json_ld = 1;
      pith_blocks_free(&blocks);
      if (blocks_from_text(meta.article_body, &blocks) < 0) {
        st = pith_result_fail(r, PITH_ERR_NOMEM, NULL);
        goto done;
      }
      pith_debris_judge(&blocks, &ctx);
      kept = kept_text_len(&blocks, &links);
    }
  }

  pith_blocks_tidy(&blocks);
  kept = kept_text_len(&blocks, &links);

  /* A stage that went on without a value it could not allocate. */
  if (pith_nomem_take()) {
    st = pith_result_fail(r, PITH_ERR_NOMEM, NULL);
    goto done;
  }

  /* How the chosen container agrees with the page's semantic markup, while
   * the tree is still there (-1: no such markup, or the body is JSON-LD's). */
  double container_vote = -1;
  if (!from_json_ld && dom.body) {
    xmlNodePtr marker = semantic_container(&dom);
    if (marker)
      container_vote = container_agreement(&dom, &ch, marker);
  }

  /* The blocks own their text: the tree can go before the renderings are
   * made, which for a very large page halves the peak memory. */
  pith_dom_release(&dom);
  dom.root = NULL;
  xmlFreeDoc(doc);
  doc = NULL;

  int has_article = kept >= 100 && links * 2 < kept &&
                    !(kept < 600 && looks_like_error_page(meta.title));
  if (pith_limits_time_up(lim, r)) {
    st = PITH_ERR_LIMIT;
    goto done;
  }
  /* The text is about the kept characters; refuse before rendering. */
  if (has_article && kept > opt->max_output_bytes) {
    st = pith_limits_fail(r, "gives more text", "max_output_bytes",
                          opt->max_output_bytes, "--max-output-bytes");
    goto done;
  }
  if (has_article) {
    text = pith_render_text(&blocks);
    markdown = pith_render_markdown(&blocks);
  } else {
    text = pith_strdup("");
    markdown = pith_strdup("");
  }
  if (!text || !markdown) {
    st = pith_result_fail(r, PITH_ERR_NOMEM, NULL);
    goto done;
  }
  double confidence = 0;
  if (has_article)
    confidence = estimate_confidence(container_vote, &blocks, text,
                                     meta.article_body, kept, links);
  if (strlen(text) > opt->max_output_bytes ||
      strlen(markdown) > opt->max_output_bytes) {
    st = pith_limits_fail(r, "gives more text", "max_output_bytes",
                          opt->max_output_bytes, "--max-output-bytes");
    goto done;
  }
  json = pith_render_json(&meta, text, markdown, has_article, confidence);
  if (!json) {
    st = pith_result_fail(r, PITH_ERR_NOMEM, NULL);
    goto done;
  }
  if (strlen(json) > opt->max_output_bytes) {
    st = pith_limits_fail(r, "gives more JSON", "max_output_bytes",
                          opt->max_output_bytes, "--max-output-bytes");
    goto done;
  }
  if (set_field(r, PITH_FIELD_TITLE, meta.title) ||
      set_field(r, PITH_FIELD_AUTHOR, meta.author) ||
      set_field(r, PITH_FIELD_DATE, meta.date) ||
      set_field(r, PITH_FIELD_SITENAME, meta.sitename) ||
      set_field(r, PITH_FIELD_HOSTNAME, meta.hostname) ||
      set_field(r, PITH_FIELD_URL, meta.url) ||
      set_field(r, PITH_FIELD_CANONICAL_URL, meta.canonical_url) ||
      set_field(r, PITH_FIELD_LANGUAGE, meta.language) ||
      set_field(r, PITH_FIELD_DESCRIPTION, meta.description) ||
      set_field(r, PITH_FIELD_IMAGE, meta.image) ||
      set_field(r, PITH_FIELD_CATEGORIES, meta.categories) ||
      set_field(r, PITH_FIELD_TAGS, meta.tags)) {
    st = pith_result_fail(r, PITH_ERR_NOMEM, NULL);
    goto done;
  }
  if (pith_result_take_lines(r, &blocks) < 0 || pith_nomem_take()) {
    st = pith_result_fail(r, PITH_ERR_NOMEM, NULL);
    goto done;
  }
  r->fields[PITH_FIELD_TEXT] = text;
  r->fields[PITH_FIELD_MARKDOWN] = markdown;
  r->fields[PITH_FIELD_JSON] = json;
  text = markdown = json = NULL;
  r->has_article = has_article;
  r->confidence = confidence;
  r->status = st = has_article ? PITH_OK : PITH_NO_ARTICLE;
  if (!has_article)
    pith_result_fail(
        r, PITH_NO_ARTICLE,
        "no article found in this page (a home page, link list or error "
        "page?)");

done:
  free(text);
  free(markdown);
  free(json);
  pith_blocks_free(&blocks);
  pith_meta_free(&meta);
  pith_dom_release(&dom);
  xmlFreeDoc(doc);
  return st;
}

pith_status pith_extract(const char *html, size_t len,
                         const pith_options *options, pith_result **result) {
  return pith_limits_run(html, len, options, result, run);
}
