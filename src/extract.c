/* The extraction pipeline:
 *   decode -> parse -> annotate -> meta -> prune -> comments -> measure and
 *   score (the DOM is frozen from here) -> strategies -> choose -> render.
 * Each stage is a function of its own file; this one runs them in order
 * and fills the result. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "candidates.h"
#include "comments.h"
#include "debris.h"
#include "explain.h"
#include "ingredients.h"
#include "lead.h"
#include "site.h"
#include "tidy.h"

static int only_space(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!isspace((unsigned char)s[i]))
      return 0;
  return 1;
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

/* Whether text is the title itself, of four words or more (not a site's
 * name over its home page, nor "Sign in" over a form). */
static int is_long_title(const char *text, size_t len, const char *title) {
  if (!pith_debris_same_letters(text, title))
    return 0;
  size_t words = 1;
  for (size_t k = 1; k < len; k++)
    words += text[k] == ' ' && text[k - 1] != ' ';
  return words >= 4;
}

/* Whether the body opens under the article's own headline: a block
 * dropped as the title's repeat, the long title, before the first kept
 * block. */
static int opens_under_headline(const pith_blocks *blocks, const char *title) {
  if (!title)
    return 0;
  for (size_t i = 0; i < blocks->count; i++) {
    const pith_block *b = &blocks->items[i];
    if (!b->drop)
      return 0;
    if (b->rule && strcmp(b->rule, "title-repeat") == 0)
      return is_long_title(b->text, b->text_len, title);
  }
  return 0;
}

/* Whether the headline stands just above the body's container, outside
 * it: the first text before the container, past what pruning took (the
 * byline and date box between them), is a heading that is the long
 * title. Themes put the headline beside the post's text box, not in it,
 * and a short post's box is then chosen alone. */
#define HEADLINE_ABOVE_STEPS 6

static int headline_above(xmlNodePtr root, const char *title) {
  if (!title || !root)
    return 0;
  xmlNodePtr n = root;
  for (int step = 0; step < HEADLINE_ABOVE_STEPS;) {
    while (n && !n->prev && n->parent && n->parent->type == XML_ELEMENT_NODE)
      n = n->parent;
    n = n ? n->prev : NULL;
    if (!n)
      return 0;
    if (n->type != XML_ELEMENT_NODE)
      continue;
    step++;
    if (!NI(n) || NI(n)->text_len == 0 || (NI(n)->flags & NI_PRUNED))
      continue;
    if (!pith_tag_is_heading((tag_id)NI(n)->tag))
      return 0;
    xmlChar *raw = xmlNodeGetContent(n);
    char *text = raw ? pith_text_normalize_space((const char *)raw,
                                                 strlen((const char *)raw))
                     : NULL;
    xmlFree(raw);
    int found = text && is_long_title(text, strlen(text), title);
    free(text);
    return found;
  }
  return 0;
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

static int set_field(pith_result *r, pith_field f, const char *value) {
  if (!value)
    return 0;
  r->fields[f] = pith_strdup(value);
  return r->fields[f] ? 0 : -1;
}

static pith_status too_large(pith_result *r, size_t limit) {
  char msg[200];
  snprintf(msg, sizeof msg,
           "the input is larger than the limit (max_input_bytes = %zu); "
           "raise it with pith_options.max_input_bytes or --max-bytes",
           limit);
  return pith_result_fail(r, PITH_ERR_TOO_LARGE, msg);
}

/* Decodes, parses and annotates the page. PITH_OK, or the error set in r
 * (and *doc freed). */
static pith_status read_document(const char *html, size_t len,
                                 const pith_limits *lim, pith_result *r,
                                 htmlDocPtr *doc, pith_dom *dom,
                                 struct collector *meta_walk) {
  const pith_options *opt = &lim->opt;
  *doc = NULL;
  if (len == 0 || only_space(html, len))
    return pith_result_fail(r, PITH_ERR_EMPTY, "the input is empty");
  if (len > opt->max_input_bytes)
    return too_large(r, opt->max_input_bytes);
  if (pith_decode_looks_binary(html, len))
    return pith_result_fail(
        r, PITH_ERR_NOT_HTML,
        "the input is binary data (an image, PDF or archive?), "
        "not an HTML page");
  /* Most pages are UTF-8 already: libxml2 then reads them where they
   * are, without a copy. */
  const char *utf8 = NULL;
  char *copy = NULL;
  size_t utf8_len = 0;
  char charset[32], warning[160];
  pith_status st = pith_decode_to_utf8_view(
      html, len, opt->content_type, &utf8, &copy, &utf8_len, charset,
      sizeof charset, warning, sizeof warning);
  if (st != PITH_OK)
    return pith_result_fail(r, st, NULL);
  if (warning[0] && pith_result_warn(r, warning) < 0) {
    free(copy);
    return pith_result_fail(r, PITH_ERR_NOMEM, NULL);
  }
  *doc = pith_parse_html(utf8, utf8_len, opt->url);
  free(copy);
  if (!*doc)
    return pith_result_fail(r, PITH_ERR_PARSE,
                            "the HTML parser could not read the input");
  if (pith_limits_time_up(lim, r))
    return PITH_ERR_LIMIT;
  memset(dom, 0, sizeof *dom);
  dom->doc = *doc;
  dom->tune = pith_tuning_for(opt->mode);
  dom->opt = opt;
  if (meta_walk) {
    dom->visit = pith_meta_visit_element;
    dom->visit_ctx = meta_walk;
  }
  int rc = pith_dom_read(dom, opt->max_depth, opt->max_nodes);
  if (rc == PITH_DOM_TOO_DEEP)
    return pith_limits_fail(r, "has elements nested deeper", "max_depth",
                            opt->max_depth, "--max-depth");
  if (rc == PITH_DOM_TOO_MANY)
    return pith_limits_fail(r, "has more elements", "max_nodes", opt->max_nodes,
                            "--max-nodes");
  if (rc)
    return pith_result_fail(r, PITH_ERR_NOMEM, NULL);
  return PITH_OK;
}

/* The page's body: every strategy's candidate, and the choice. On
 * success *blocks holds the chosen body (or nothing), *confidence is set
 * and the candidates are released. */
typedef struct body_choice {
  pith_candidate cands[PITH_STRATEGY_COUNT_];
  int chosen; /* index in cands, -1 when none */
  double confidence;
} body_choice;

/* --explain: what pruning and the comments left out, each candidate's
 * verdict, and the boxes the chosen one's build cleaned away. */
static int explain_choice(const pith_dom *dom, body_choice *bc,
                          pith_decisions *out) {
  const pith_candidate *chosen =
      bc->chosen >= 0 ? &bc->cands[bc->chosen] : NULL;
  if (pith_explain_dom(dom, chosen ? chosen->roots : NULL,
                       chosen ? chosen->nroots : 0, out) < 0)
    return -1;
  for (int s = 0; s < PITH_STRATEGY_COUNT_; s++) {
    const pith_candidate *c = &bc->cands[s];
    char text[320];
    char *from = c->nroots ? pith_explain_node(c->roots[0], 0) : NULL;
    if (c->present && from)
      snprintf(text, sizeof text,
               "%s; %zu characters kept in %zu blocks from %s%s", c->verdict,
               c->kept, c->blocks.count, from,
               c->nroots > 1 ? " and its siblings" : "");
    else if (c->present)
      snprintf(text, sizeof text, "%s; %zu characters kept in %zu blocks",
               c->verdict, c->kept, c->blocks.count);
    else
      snprintf(text, sizeof text, "%s", c->verdict ? c->verdict : "not run");
    free(from);
    if (pith_decisions_add(out, "choose", pith_strategy_name((pith_strategy)s),
                           pith_strdup(text)) < 0)
      return -1;
  }
  if (bc->chosen >= 0) {
    pith_decisions *cleaned = &bc->cands[bc->chosen].cleaned;
    for (size_t i = 0; i < cleaned->count; i++) {
      pith_decision *d = &cleaned->items[i];
      if (pith_decisions_add(out, d->stage, d->rule, d->text) < 0) {
        d->text = NULL;
        return -1;
      }
      d->text = NULL;
    }
  }
  return 0;
}

static pith_status choose_body(pith_dom *dom, const pith_meta *meta,
                               const debris_context *ctx,
                               const pith_limits *lim, pith_result *r,
                               body_choice *bc) {
  memset(bc, 0, sizeof *bc);
  bc->chosen = -1;
  if (!dom->root)
    return PITH_OK;
  pith_strategies_prepare(dom, meta);
  pith_strategy_input in = {dom, meta, ctx, lim->opt.url, lim->opt.explain,
                            0,   NULL};
  for (int s = 0; s < PITH_STRATEGY_COUNT_; s++) {
    if (pith_limits_time_up(lim, r))
      return PITH_ERR_LIMIT;
    int want = pith_choose_wants((pith_strategy)s, bc->cands,
                                 PITH_STRATEGY_COUNT_, dom->tune, meta);
    if (!want) {
      bc->cands[s].strategy = (pith_strategy)s;
      continue;
    }
    /* --explain shows every candidate built in full */
    in.roots_only = want == 2 && !in.explain;
    if (pith_strategy_run((pith_strategy)s, &in, &bc->cands[s]) < 0)
      return pith_result_fail(r, PITH_ERR_NOMEM, NULL);
    if (s == PITH_STRATEGY_SCORED && bc->cands[s].present)
      in.scored = &bc->cands[s];
  }
  bc->chosen = pith_choose(bc->cands, PITH_STRATEGY_COUNT_, dom->tune, meta,
                           &bc->confidence);
  if (lim->opt.explain && explain_choice(dom, bc, &r->decisions) < 0)
    return pith_result_fail(r, PITH_ERR_NOMEM, NULL);
  return PITH_OK;
}

static void body_choice_free(body_choice *bc) {
  for (int s = 0; s < PITH_STRATEGY_COUNT_; s++)
    pith_candidate_free(&bc->cands[s]);
}

/* Renders the body and fills the result's fields. */
static pith_status fill_result(const pith_limits *lim, pith_result *r,
                               pith_meta *meta, pith_blocks *blocks, int headed,
                               double confidence, char *comments) {
  const pith_options *opt = &lim->opt;
  const pith_tuning *tune = pith_tuning_for(opt->mode);
  char *text = NULL, *markdown = NULL, *json = NULL;
  pith_extras extras;
  memset(&extras, 0, sizeof extras);
  pith_status st = PITH_OK;
  size_t links = 0, kept = kept_text_len(blocks, &links);
  /* A short post (a picture or a video and a line about it) is an
   * article when its own headline stands above it. */
  size_t min_text = headed || opens_under_headline(blocks, meta->title)
                        ? tune->headed_article_min_text
                        : tune->article_min_text;
  int has_article =
      kept >= min_text && links * 2 < kept &&
      !(kept < tune->error_page_max_text && looks_like_error_page(meta->title));
  if (!has_article)
    confidence = 0;
  /* The text is about the kept characters; refuse before rendering. */
  if (has_article && kept > opt->max_output_bytes) {
    st = pith_limits_fail(r, "gives more text", "max_output_bytes",
                          opt->max_output_bytes, "--max-output-bytes");
    goto done;
  }
  text = has_article ? pith_render_text(blocks) : pith_strdup("");
  markdown = has_article ? pith_render_markdown(blocks) : pith_strdup("");
  if (!text || !markdown) {
    st = pith_result_fail(r, PITH_ERR_NOMEM, NULL);
    goto done;
  }
  if (strlen(text) > opt->max_output_bytes ||
      strlen(markdown) > opt->max_output_bytes) {
    st = pith_limits_fail(r, "gives more text", "max_output_bytes",
                          opt->max_output_bytes, "--max-output-bytes");
    goto done;
  }
  st = pith_extras_make(&extras, meta, blocks, text, has_article, opt, r);
  if (st != PITH_OK)
    goto done;
  json = pith_render_json(meta, text, markdown, comments, has_article,
                          confidence, &extras.json);
  if (!json) {
    st = pith_result_fail(r, PITH_ERR_NOMEM, NULL);
    goto done;
  }
  if (strlen(json) > opt->max_output_bytes) {
    st = pith_limits_fail(r, "gives more JSON", "max_output_bytes",
                          opt->max_output_bytes, "--max-output-bytes");
    goto done;
  }
  if (set_field(r, PITH_FIELD_TITLE, meta->title) ||
      set_field(r, PITH_FIELD_AUTHOR, meta->author) ||
      set_field(r, PITH_FIELD_DATE, meta->date) ||
      set_field(r, PITH_FIELD_SITENAME, meta->sitename) ||
      set_field(r, PITH_FIELD_HOSTNAME, meta->hostname) ||
      set_field(r, PITH_FIELD_URL, meta->url) ||
      set_field(r, PITH_FIELD_CANONICAL_URL, meta->canonical_url) ||
      set_field(r, PITH_FIELD_LANGUAGE, meta->language) ||
      set_field(r, PITH_FIELD_DESCRIPTION, meta->description) ||
      set_field(r, PITH_FIELD_IMAGE, meta->image) ||
      set_field(r, PITH_FIELD_CATEGORIES, meta->categories) ||
      set_field(r, PITH_FIELD_TAGS, meta->tags) ||
      set_field(r, PITH_FIELD_COMMENTS, comments)) {
    st = pith_result_fail(r, PITH_ERR_NOMEM, NULL);
    goto done;
  }
  if (pith_result_take_lines(r, blocks) < 0 ||
      pith_extras_store(&extras, r) < 0 || pith_nomem_take()) {
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
  pith_extras_free(&extras);
  free(text);
  free(markdown);
  free(json);
  return st;
}

static pith_status run(const char *html, size_t len, const pith_limits *lim,
                       pith_result *r) {
  pith_nomem_take(); /* a failure noted by an earlier call is not ours */
  htmlDocPtr doc = NULL;
  pith_dom dom;
  memset(&dom, 0, sizeof dom);
  pith_meta meta;
  memset(&meta, 0, sizeof meta);
  pith_blocks blocks;
  memset(&blocks, 0, sizeof blocks);
  body_choice bc;
  memset(&bc, 0, sizeof bc);
  char *comments = NULL;
  /* the metadata's walk over the elements is done while they are read */
  struct collector *meta_walk = pith_meta_collector_new();
  pith_status st = read_document(html, len, lim, r, &doc, &dom, meta_walk);
  dom.visit = NULL;
  dom.visit_ctx = NULL;
  if (st != PITH_OK) {
    free(meta_walk);
    goto done;
  }
  pith_meta_extract_collected(doc, meta_walk, lim->opt.url, &meta);
  if (pith_limits_time_up(lim, r)) {
    st = PITH_ERR_LIMIT;
    goto done;
  }
  debris_context ctx = {.title = meta.title,
                        .from_html = 1,
                        .tune = dom.tune,
                        .rules_off = lim->rules_off,
                        .trace = lim->trace,
                        .deadline_ms = lim->deadline_ms};
  st = choose_body(&dom, &meta, &ctx, lim, r, &bc);
  if (st != PITH_OK)
    goto done;
  int headed = 0;
  if (bc.chosen >= 0) {
    const pith_candidate *c = &bc.cands[bc.chosen];
    headed = c->nroots > 0 && headline_above(c->roots[0], meta.title);
    blocks = bc.cands[bc.chosen].blocks;
    memset(&bc.cands[bc.chosen].blocks, 0, sizeof blocks);
  }
  if (bc.chosen >= 0 && pith_lead_video_caption_add(&dom, &blocks) < 0) {
    st = pith_result_fail(r, PITH_ERR_NOMEM, NULL);
    goto done;
  }
  if (meta.ingredients && kept_text_len(&blocks, NULL) > 0 &&
      pith_ingredients_add(meta.ingredients, &blocks) < 0) {
    st = pith_result_fail(r, PITH_ERR_NOMEM, NULL);
    goto done;
  }
  pith_blocks_tidy(&blocks);
  if (lim->opt.site_profile &&
      pith_debris_rule_on(&ctx, DEBRIS_RULE_SITE_REPEAT)) {
    char *host = pith_site_host(lim->opt.url, meta.hostname);
    pith_site_repeat_judge(&blocks, lim->opt.site_profile, host);
    free(host);
  }
  pith_blocks_finish(&blocks, &lim->opt);
  if (pith_comments_text(&dom, &ctx, lim->opt.url, &comments) < 0) {
    st = pith_result_fail(r, PITH_ERR_NOMEM, NULL);
    goto done;
  }
  /* A stage that went on without a value it could not allocate. */
  if (pith_nomem_take()) {
    st = pith_result_fail(r, PITH_ERR_NOMEM, NULL);
    goto done;
  }
  /* The blocks own their text: the tree can go before the renderings are
   * made, which for a very large page halves the peak memory. */
  body_choice_free(&bc);
  pith_dom_free_with_doc(&dom, doc);
  doc = NULL;
  if (pith_limits_time_up(lim, r)) {
    st = PITH_ERR_LIMIT;
    goto done;
  }
  st = fill_result(lim, r, &meta, &blocks, headed, bc.confidence, comments);
done:
  free(comments);
  body_choice_free(&bc);
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

pith_status pith_extract_traced(const char *html, size_t len,
                                const pith_options *options,
                                const pith_debris_trace *trace,
                                pith_result **result) {
  return pith_limits_run_traced(html, len, options, trace, result, run);
}
