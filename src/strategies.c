/* The strategies: each finds the body its own way in the frozen DOM and
 * builds its own candidate block list. None writes to the DOM; what a
 * pass needs of its own lives in the pass (blocks.c). */
#include <stdlib.h>
#include <string.h>

#include "candidates.h"
#include "comments.h"

/* Roots one selection may give: the container, its siblings and a lead. */
#define MAX_ROOTS 64

void pith_strategies_prepare(pith_dom *dom, const pith_meta *meta) {
  if (!dom->root)
    return;
  pith_prune_document(dom, meta);
  /* pith_prune_document leaves the tree measured */
  if (pith_comments_mark(dom, meta))
    pith_dom_measure(dom);
  pith_score_document(dom);
}

const char *pith_strategy_name(pith_strategy strategy) {
  static const char *const names[PITH_STRATEGY_COUNT_] = {
      "scored", "lenient", "chrome", "semantic", "json-ld", "baseline"};
  return (unsigned)strategy < PITH_STRATEGY_COUNT_ ? names[strategy] : "?";
}

void pith_candidate_free(pith_candidate *c) {
  pith_blocks_free(&c->blocks);
  pith_decisions_free(&c->cleaned);
  free(c->roots);
  c->roots = NULL;
  c->nroots = 0;
}

void pith_candidate_measure(pith_candidate *c) {
  c->kept = c->links = c->prose = c->paragraphs = 0;
  for (size_t i = 0; i < c->blocks.count; i++) {
    const pith_block *b = &c->blocks.items[i];
    if (b->drop)
      continue;
    c->kept += b->text_len;
    c->links += b->link_len;
    if (pith_text_ends_sentence(b->text, b->text_len))
      c->prose += b->text_len;
    if (b->kind == BLOCK_PARAGRAPH)
      c->paragraphs++;
  }
}

/* Characters and number of the boxes below the roots pruned as captions. */
static size_t caption_text(const pith_candidate *c, size_t *count) {
  size_t text = 0;
  *count = 0;
  for (size_t r = 0; r < c->nroots; r++) {
    xmlNodePtr root = c->roots[r];
    for (xmlNodePtr n = root->children; n;) {
      if (n->type != XML_ELEMENT_NODE || !NI(n) ||
          !(NI(n)->flags & NI_PRUNED)) {
        n = pith_dom_next(n, root, 0);
        continue;
      }
      if (pith_dom_is_pruned_caption(n)) {
        text += NI(n)->text_len;
        (*count)++;
      }
      n = pith_dom_next(n, root, 1);
    }
  }
  return text;
}

/* The rules that remove a caption or its credit as debris. */
static int caption_rule(const char *rule) {
  static const char *const rules[] = {"caption", "credit",
                                      "caption-unpunctuated", "caption-label"};
  for (size_t k = 0; rule && k < sizeof rules / sizeof *rules; k++)
    if (strcmp(rule, rules[k]) == 0)
      return 1;
  return 0;
}

/* A caption (a line a caption rule took) that says something: eight
 * words or more (a credit alone, "Photo: AP", says nothing), said once
 * (the same line under every picture of a slideshow is its alt text). */
static int telling_caption(const pith_blocks *blocks, size_t i) {
  const pith_block *b = &blocks->items[i];
  if (pith_text_count_words(b->text, b->text_len) < 8)
    return 0;
  for (size_t k = 0; k < blocks->count; k++)
    if (k != i && blocks->items[k].text_len == b->text_len &&
        memcmp(blocks->items[k].text, b->text, b->text_len) == 0)
      return 0;
  return 1;
}

/* Characters and number of the captions the debris rules dropped. */
static size_t dropped_caption_text(const pith_blocks *blocks, size_t *count) {
  size_t text = 0;
  *count = 0;
  for (size_t i = 0; i < blocks->count; i++) {
    const pith_block *b = &blocks->items[i];
    if (b->drop && caption_rule(b->rule) && telling_caption(blocks, i)) {
      text += b->text_len;
      (*count)++;
    }
  }
  return text;
}

/* In a photo story the captions are the text: the rules that remove a
 * caption or its credit as debris leave the story's own alone, when they
 * say something (a credit alone, "Photo: AP", still goes). */
static void keep_story_captions(pith_blocks *blocks) {
  for (size_t i = 0; i < blocks->count; i++) {
    pith_block *b = &blocks->items[i];
    if (b->drop && caption_rule(b->rule) && telling_caption(blocks, i)) {
      b->drop = 0;
      b->rule = NULL;
    }
  }
}

/* Builds and judges the blocks of the candidate's roots. */
static int build(const pith_strategy_input *in, pith_candidate *c,
                 int lenient) {
  c->root_text = 0;
  for (size_t i = 0; i < c->nroots; i++)
    c->root_text += NI(c->roots[i])->text_len;
  if (c->nroots == 0)
    return 0;
  pith_build spec = {.roots = c->roots,
                     .nroots = c->nroots,
                     .scored_best = c->scored_best,
                     .lenient = lenient,
                     .base_url = in->url,
                     .decisions = in->explain ? &c->cleaned : NULL};
  if (pith_blocks_from_dom(in->dom, &spec, &c->blocks) < 0)
    return -1;
  pith_debris_judge(&c->blocks, in->debris);
  pith_candidate_measure(c);
  c->present = 1;
  /* A photo story: the captions say more than the text around them (a
   * gallery post, a slide of a slideshow, a video's description set as
   * its caption). They are the article there: the boxes pruned for a
   * caption class word are built, and the caption lines the debris rules
   * dropped come back. */
  size_t captions = 0;
  size_t ctext = caption_text(c, &captions);
  size_t dropped = 0;
  size_t dtext = dropped_caption_text(&c->blocks, &dropped);
  if (captions + dropped >= in->dom->tune->photo_story_min_captions &&
      ctext + dtext >= c->kept) {
    if (captions) {
      pith_blocks_free(&c->blocks);
      pith_decisions_free(&c->cleaned);
      spec.captions = 1;
      if (pith_blocks_from_dom(in->dom, &spec, &c->blocks) < 0)
        return -1;
      pith_debris_judge(&c->blocks, in->debris);
    }
    keep_story_captions(&c->blocks);
    pith_candidate_measure(c);
  }
  return 0;
}

/* The scored selection below `scope` into the candidate's roots. */
static int select_into(const pith_strategy_input *in, xmlNodePtr scope,
                       pith_candidate *c) {
  c->roots = malloc(MAX_ROOTS * sizeof *c->roots);
  if (!c->roots)
    return -1;
  c->nroots =
      pith_select_content(in->dom, scope, c->roots, MAX_ROOTS, &c->scored_best);
  if (c->scored_best)
    c->score = pith_select_final_score(c->scored_best);
  return 0;
}

/* The paragraph box pruned as chrome with the most text. */
static xmlNodePtr best_chrome_box(const pith_dom *dom) {
  if (!NI(dom->body))
    return NULL;
  /* the body's elements from the array, a pruned box's inside skipped */
  const node_info *best = NULL;
  size_t end = NI(dom->body)->last;
  for (size_t k = dom_index(dom, dom->body); k <= end;) {
    const node_info *i = &dom->info[k];
    if (!(i->flags & NI_PRUNED)) {
      k++;
      continue;
    }
    if ((i->flags & NI_CHROME) &&
        i->chrome_text >= dom->tune->chrome_min_text &&
        (!best || i->chrome_text > best->chrome_text))
      best = i;
    k = (size_t)i->last + 1;
  }
  return best ? dom->elements[best - dom->info] : NULL;
}

/* Whether the marked container is a box of blocks below one of the scored
 * body's roots, with under half their text: a part the scored body may
 * have cleaned away, so that choose.c must see what it holds. (A single
 * paragraph so named is a teaser's text.) */
static int inside_scored(const pith_candidate *scored, xmlNodePtr marker) {
  if (!scored || !scored->present ||
      !(NI(marker)->flags & NI_HAS_BLOCK_CHILD) ||
      (size_t)NI(marker)->text_len * 2 >= scored->root_text)
    return 0;
  for (size_t k = 0; k < scored->nroots; k++)
    for (xmlNodePtr a = marker->parent; a; a = a->parent)
      if (a == scored->roots[k])
        return 1;
  return 0;
}

/* Splits a JSON-LD articleBody into paragraph blocks, one per line. */
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
      if (!b.markdown || pith_block_nfc(&b) < 0) {
        pith_block_free_strings(&b);
        return -1;
      }
      if (pith_blocks_push(out, &b) < 0)
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

int pith_strategy_run(pith_strategy strategy, const pith_strategy_input *in,
                      pith_candidate *c) {
  memset(c, 0, sizeof *c);
  c->strategy = strategy;
  c->ran = 1;
  const pith_dom *dom = in->dom;
  const pith_tuning *tune = dom->tune;
  if (!dom->body && strategy != PITH_STRATEGY_JSON_LD)
    return 0;
  switch (strategy) {
  case PITH_STRATEGY_SCORED:
  case PITH_STRATEGY_LENIENT:
    if (select_into(in, dom->body, c) < 0)
      return -1;
    return build(in, c,
                 strategy == PITH_STRATEGY_LENIENT || tune->start_lenient ||
                     dom->thread_is_content);
  case PITH_STRATEGY_CHROME: {
    xmlNodePtr box = best_chrome_box(dom);
    if (!box)
      return 0;
    if (select_into(in, box, c) < 0)
      return -1;
    return build(in, c, tune->start_lenient);
  }
  case PITH_STRATEGY_SEMANTIC: {
    xmlNodePtr marker = pith_semantic_container(dom);
    if (!marker)
      return 0;
    c->roots = malloc(sizeof *c->roots);
    if (!c->roots)
      return -1;
    c->roots[0] = marker;
    c->nroots = 1;
    c->inside_scored = inside_scored(in->scored, marker);
    c->semantic_rank = pith_semantic_rank(marker);
    /* Beside a short scored body, a body or post so named is weighed
     * with its text. */
    int beside_short = in->scored && c->semantic_rank >= 4 &&
                       in->scored->kept < tune->semantic_short_body;
    if (in->roots_only && !c->inside_scored && !beside_short) {
      /* The container is all the agreement needs. */
      c->root_text = NI(marker)->text_len;
      c->present = 1;
      return 0;
    }
    return build(in, c, tune->start_lenient);
  }
  case PITH_STRATEGY_JSON_LD: {
    const char *body = in->meta->article_body;
    if (!body || strlen(body) < tune->json_ld_min_text)
      return 0;
    if (blocks_from_text(body, &c->blocks) < 0)
      return -1;
    pith_debris_judge(&c->blocks, in->debris);
    pith_candidate_measure(c);
    c->present = c->blocks.count > 0;
    return 0;
  }
  case PITH_STRATEGY_BASELINE:
    if (pith_baseline_blocks(dom, in->url, &c->roots, &c->nroots) < 0)
      return -1;
    return build(in, c, 1);
  case PITH_STRATEGY_COUNT_:
    break;
  }
  return 0;
}
