/* The debris stage, shared by HTML extraction and plain-text cleaning: the
 * line rules of the table (debris_rules.c) in order, the first match
 * deciding, then the passes that judge the text as a whole — a caption's
 * copy, a repeated block, the teaser block after a "More in ..." marker
 * near the end, and in precision mode the uncertain edges. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "debris.h"
#include "debris_model.h"

static uint64_t text_hash(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ull; /* FNV-1a */
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211ull;
  }
  return h ? h : 1;
}

/* An open-addressing set of block indexes, keyed by text hash, so repetition
 * is found in linear time even over a million lines. */
typedef struct seen_set {
  uint64_t *hashes;
  size_t *index;
  size_t mask;
} seen_set;

static int seen_init(seen_set *set, size_t n) {
  size_t cap = 64;
  while (cap < n * 2)
    cap *= 2;
  set->hashes = calloc(cap, sizeof *set->hashes);
  set->index = calloc(cap, sizeof *set->index);
  set->mask = cap - 1;
  if (!set->hashes || !set->index) {
    pith_nomem_note();
    free(set->hashes);
    free(set->index);
    return -1;
  }
  return 0;
}

/* Returns the index of an earlier block with the same text, or (size_t)-1
 * after inserting block i. */
static size_t seen_find_or_add(seen_set *set, const pith_blocks *blocks,
                               size_t i) {
  const pith_block *b = &blocks->items[i];
  uint64_t h = text_hash(b->text, b->text_len);
  for (size_t slot = h & set->mask;; slot = (slot + 1) & set->mask) {
    if (!set->hashes[slot]) {
      set->hashes[slot] = h;
      set->index[slot] = i;
      return (size_t)-1;
    }
    if (set->hashes[slot] == h) {
      const pith_block *o = &blocks->items[set->index[slot]];
      if (o->text_len == b->text_len &&
          memcmp(o->text, b->text, b->text_len) == 0)
        return set->index[slot];
    }
  }
}

/* Whether a block with the same text as block i is in the set (block i
 * itself excluded). */
static int seen_contains(const seen_set *set, const pith_blocks *blocks,
                         const pith_block *b) {
  uint64_t h = text_hash(b->text, b->text_len);
  for (size_t slot = h & set->mask; set->hashes[slot];
       slot = (slot + 1) & set->mask) {
    if (set->hashes[slot] != h)
      continue;
    const pith_block *o = &blocks->items[set->index[slot]];
    if (o != b && o->text_len == b->text_len &&
        memcmp(o->text, b->text, b->text_len) == 0)
      return 1;
  }
  return 0;
}

static void seen_free(seen_set *set) {
  free(set->hashes);
  free(set->index);
}

static void drop(pith_block *b, debris_rule_id id) {
  b->drop = 1;
  b->rule = pith_debris_rules[id].name;
}

static int dropped_by(const pith_block *b, debris_rule_id id) {
  return b->drop && b->rule == pith_debris_rules[id].name;
}

/* Whether the article visibly continues after block `from`: three or more
 * long paragraphs without links that end like sentences are text, not
 * teasers. */
static int article_goes_on(const pith_blocks *blocks, size_t from,
                           const pith_debris_tuning *t) {
  size_t prose = 0;
  for (size_t j = from; j < blocks->count; j++) {
    const pith_block *o = &blocks->items[j];
    if (o->kind == BLOCK_PARAGRAPH && o->text_len >= t->resume_paragraph_len &&
        o->link_len == 0 && pith_text_ends_clause(o->text, o->text_len))
      prose++;
  }
  return prose >= t->resume_paragraphs;
}

static int is_prose(const pith_block *b) {
  return b->kind == BLOCK_PARAGRAPH && !b->drop && b->text_len >= 60 &&
         b->link_len == 0 && pith_text_ends_sentence(b->text, b->text_len);
}

/* A headline of a teaser: a short line without a final stop that no other
 * rule took. */
static int is_headline_like(const pith_block *b) {
  return !b->drop && b->text_len < 120 &&
         !pith_text_ends_sentence(b->text, b->text_len);
}

/* Where the teaser block that starts at `from` ends. Teasers run to the end
 * of the text unless the article resumes: a prose paragraph after which no
 * teaser headline comes (a "Related articles" box in mid-article, then the
 * rest of the story and its share buttons). A summary between two teaser
 * headlines is a teaser too. */
static size_t teaser_block_end(const pith_blocks *blocks, size_t from) {
  size_t n = blocks->count;
  for (size_t k = from + 1; k < n; k++) {
    if (!is_prose(&blocks->items[k]))
      continue;
    /* two prose paragraphs in a row are the story again, whatever teasers
     * come later (a teaser's summary is one paragraph) */
    if (k + 1 < n && is_prose(&blocks->items[k + 1]))
      return k;
    int headline_after = 0;
    for (size_t j = k + 1; j < n && !headline_after; j++)
      headline_after = is_headline_like(&blocks->items[j]);
    if (!headline_after)
      return k;
  }
  return n;
}

/* Precision mode: what the balanced rules keep on the benefit of the doubt.
 * A short block with more link text than plain text, and at either edge of
 * the body the short lines that are no sentence (kickers, bylines, labels,
 * "More on this" headings), up to the first and after the last real
 * paragraph. */
static void drop_uncertain_links(pith_blocks *blocks,
                                 const pith_debris_tuning *t) {
  for (size_t i = 0; i < blocks->count; i++) {
    pith_block *b = &blocks->items[i];
    if (!b->drop && b->kind != BLOCK_CODE && b->kind != BLOCK_TABLE &&
        b->kind != BLOCK_HEADING && b->text_len < t->uncertain_link_max_len &&
        b->link_len * 2 > b->text_len)
      drop(b, DEBRIS_RULE_UNCERTAIN_LINKS);
  }
}

static void drop_uncertain_edges(pith_blocks *blocks,
                                 const pith_debris_tuning *t) {
  size_t n = blocks->count;
  for (int from_end = 0; from_end < 2; from_end++) {
    for (size_t k = 0; k < n; k++) {
      pith_block *b = &blocks->items[from_end ? n - 1 - k : k];
      if (b->drop || b->kind == BLOCK_CAPTION)
        continue;
      if (b->kind == BLOCK_PARAGRAPH &&
          pith_utf8_length(b->text, b->text_len) >= t->uncertain_edge_chars &&
          pith_text_ends_sentence(b->text, b->text_len))
        break;
      /* a list at an edge is judged by the cleaning rules, item by item
       * it would be cut from the top or the bottom */
      if ((b->kind == BLOCK_HEADING && !from_end) ||
          b->kind == BLOCK_LIST_ITEM || b->kind == BLOCK_TABLE)
        continue;
      if (pith_utf8_length(b->text, b->text_len) < t->uncertain_edge_chars &&
          !pith_text_ends_sentence(b->text, b->text_len))
        drop(b, DEBRIS_RULE_UNCERTAIN_EDGE);
    }
  }
}

/* A paragraph whose first line (before a <br>) is its post's metadata,
 * byline or dateline, and whose text follows: the line goes, the text
 * stays ("05/10/2018 - Posted by: Ana - Category: Health" above the
 * story in one <p>). */
static void cut_first_line(pith_block *b) {
  if (b->kind != BLOCK_PARAGRAPH || !b->text || !b->markdown)
    return;
  char *nl = strchr(b->text, '\n');
  if (!nl)
    return;
  size_t first = (size_t)(nl - b->text);
  if (b->text_len - first < 100 || first == 0 || first >= 300)
    return;
  char line[300];
  memcpy(line, b->text, first);
  line[first] = '\0';
  if (!pith_debris_is_meta_line(line, first) &&
      !pith_debris_is_byline(line, first) &&
      !pith_debris_is_dateline(line, first))
    return;
  char *mnl = strchr(b->markdown, '\n');
  if (!mnl)
    return;
  memmove(b->text, nl + 1, strlen(nl + 1) + 1);
  b->text_len = strlen(b->text);
  memmove(b->markdown, mnl + 1, strlen(mnl + 1) + 1);
  if (b->link_len > b->text_len)
    b->link_len = b->text_len;
}

/* A paragraph whose last lines (after a <br>) lead away from it: links to
 * the site's neighbouring stories ("Previous story: ...") and see-also
 * labels set under the story's last sentence in the same <p>. They go,
 * the text stays. */
#define LAST_LINES_MAX 4
#define LAST_LINE_MAX_LEN 200

static void cut_last_lines(pith_block *b) {
  if (b->kind != BLOCK_PARAGRAPH || !b->text || !b->markdown)
    return;
  /* The run of such lines at the end, all or none of it. */
  char *cut = NULL;
  int lines = 0;
  char *end = b->text + strlen(b->text);
  while (lines < LAST_LINES_MAX) {
    char *nl = end;
    while (nl > b->text && nl[-1] != '\n')
      nl--;
    if (nl == b->text)
      break; /* the first line stays */
    size_t len = (size_t)(end - nl);
    char saved = *end;
    *end = '\0';
    int away =
        len > 0 && len < LAST_LINE_MAX_LEN && pith_debris_is_reference(nl);
    *end = saved;
    if (!away)
      break;
    cut = nl - 1; /* the '\n' before the line */
    lines++;
    end = cut;
  }
  if (!lines || (size_t)(cut - b->text) < 100)
    return;
  char *mcut = b->markdown + strlen(b->markdown);
  for (int k = 0; k < lines; k++) {
    while (mcut > b->markdown && mcut[-1] != '\n')
      mcut--;
    if (mcut == b->markdown)
      return; /* the Markdown has fewer lines: leave both alone */
    mcut--;
  }
  /* The hard break ("  " or "\\" before the newline) goes with it. */
  while (mcut > b->markdown && (mcut[-1] == ' ' || mcut[-1] == '\\'))
    mcut--;
  *cut = '\0';
  *mcut = '\0';
  b->text_len = strlen(b->text);
  if (b->link_len > b->text_len)
    b->link_len = b->text_len;
}

/* The state of one judging pass over the blocks. */
typedef struct judge_pass {
  debris_scan scan;
  seen_set texts;    /* every block of 20+ bytes judged so far */
  seen_set captions; /* captions and alt texts of 20+ bytes */
  int have_texts, have_captions;
  size_t tail; /* where a teaser block starts, or (size_t)-1 */
} judge_pass;

static void pass_start(judge_pass *p, pith_blocks *blocks,
                       const debris_context *ctx) {
  memset(p, 0, sizeof *p);
  p->scan.blocks = blocks;
  p->scan.ctx = ctx;
  p->scan.tune = ctx->tune;
  p->tail = (size_t)-1;
  size_t n = blocks->count;
  p->have_texts = seen_init(&p->texts, n) == 0;
  /* Captions and alt texts first, so that a copy is found before or after
   * its image. */
  for (size_t i = 0; i < n && !p->have_captions; i++)
    if (blocks->items[i].kind == BLOCK_CAPTION)
      p->have_captions = seen_init(&p->captions, n) == 0;
  if (p->have_captions)
    for (size_t i = 0; i < n; i++)
      if (blocks->items[i].kind == BLOCK_CAPTION &&
          blocks->items[i].text_len >= ctx->tune->debris.repeat_min_len)
        seen_find_or_add(&p->captions, blocks, i);
  if (pith_debris_rule_on(ctx, DEBRIS_RULE_FIRST_LINE))
    for (size_t i = 0; i < n; i++) {
      cut_first_line(&blocks->items[i]);
      cut_last_lines(&blocks->items[i]);
    }
  for (size_t i = 0; i < n; i++) {
    blocks->items[i].drop = 0;
    blocks->items[i].rule = "content";
    blocks->items[i].why.p = -1;
    if (blocks->items[i].kind != BLOCK_CAPTION)
      p->scan.total += blocks->items[i].text_len;
  }
}

static void pass_end(judge_pass *p) {
  if (p->have_texts)
    seen_free(&p->texts);
  if (p->have_captions)
    seen_free(&p->captions);
}

/* The line rules in table order; the first that matches decides. */
static void judge_line(judge_pass *p, size_t i) {
  const debris_context *ctx = p->scan.ctx;
  for (size_t id = 0; id < DEBRIS_LINE_RULES; id++)
    if (pith_debris_rule_decides(ctx, (debris_rule_id)id) &&
        pith_debris_rules[id].match(&p->scan, i)) {
      drop(&p->scan.blocks->items[i], (debris_rule_id)id);
      return;
    }
}

/* Block i was the page's headline, with only short lines above it: those
 * are its kicker, section label or breadcrumb. */
static void drop_kicker(judge_pass *p, size_t i) {
  pith_blocks *blocks = p->scan.blocks;
  if (!dropped_by(&blocks->items[i], DEBRIS_RULE_TITLE_REPEAT) ||
      !p->scan.ctx->from_html ||
      p->scan.longest_before >= p->scan.tune->debris.kicker_max_len ||
      !pith_debris_rule_on(p->scan.ctx, DEBRIS_RULE_KICKER))
    return;
  for (size_t j = 0; j < i; j++)
    if (!blocks->items[j].drop && blocks->items[j].kind != BLOCK_CAPTION)
      drop(&blocks->items[j], DEBRIS_RULE_KICKER);
}

/* Whether blocks e < i are next to each other: adjacent, or with a
 * picture's credit between them (a caption, its credit, the caption's
 * copy). */
static int copies_adjacent(const pith_blocks *blocks, size_t e, size_t i) {
  if (e + 1 == i)
    return 1;
  const pith_block *mid = &blocks->items[e + 1];
  return e + 2 == i && mid->text_len < 80 &&
         (pith_debris_has_credit_cue(mid->text, mid->text_len) ||
          pith_debris_ends_with_credit(mid->text, mid->text_len) ||
          pith_debris_is_caption_prefix(mid->text));
}

/* The second cue that makes two copies of a line a doubled caption:
 * repetition alone does not (recipe steps, refrains, schedule labels and
 * table headings repeat). A copy next to a picture (HTML), copies side by
 * side that read like captions, or in text two copies each standing
 * alone between paragraphs, where pictures were. */
static int doubled_caption(const judge_pass *p, size_t e, size_t i) {
  const pith_blocks *blocks = p->scan.blocks;
  const pith_block *a = &blocks->items[e], *b = &blocks->items[i];
  if (b->text_len >= p->scan.tune->debris.caption_copy_max_len)
    return 0;
  if (p->scan.ctx->from_html && (a->near_media || b->near_media))
    return 1;
  if (copies_adjacent(blocks, e, i) &&
      pith_debris_caption_shaped(a->text, a->text_len))
    return 1;
  return !p->scan.ctx->from_html &&
         pith_debris_is_stray_caption(blocks, e, &p->scan.tune->debris) &&
         pith_debris_is_stray_caption(blocks, i, &p->scan.tune->debris);
}

/* A later copy alone goes when it is a pull quote (HTML: a sentence of
 * the article set again in large type) or sits right under the first
 * (the same paragraph printed twice): the text stays once. */
static int redundant_copy(const judge_pass *p, size_t e, size_t i) {
  return (p->scan.ctx->from_html &&
          p->scan.blocks->items[i].kind == BLOCK_QUOTE) ||
         copies_adjacent(p->scan.blocks, e, i);
}

/* Repetition: a block equal to an image's caption or alt text, a doubled
 * caption, a pull quote or a paragraph printed twice. */
static void judge_repeat(judge_pass *p, size_t i) {
  pith_blocks *blocks = p->scan.blocks;
  pith_block *b = &blocks->items[i];
  const debris_context *ctx = p->scan.ctx;
  const pith_tuning *t = p->scan.tune;
  if (!b->drop && b->kind != BLOCK_CAPTION && p->have_captions &&
      pith_debris_rule_on(ctx, DEBRIS_RULE_CAPTION_REPEAT) &&
      seen_contains(&p->captions, blocks, b))
    drop(b, DEBRIS_RULE_CAPTION_REPEAT);
  if (b->text_len < t->debris.repeat_min_len || b->kind == BLOCK_TABLE ||
      !p->have_texts)
    return;
  size_t earlier = seen_find_or_add(&p->texts, blocks, i);
  if (earlier == (size_t)-1)
    return;
  if (pith_debris_rule_on(ctx, DEBRIS_RULE_CAPTION_REPEAT) &&
      doubled_caption(p, earlier, i)) {
    drop(&blocks->items[earlier], DEBRIS_RULE_CAPTION_REPEAT);
    drop(b, DEBRIS_RULE_CAPTION_REPEAT);
    return;
  }
  if (!b->drop && redundant_copy(p, earlier, i) &&
      pith_debris_rule_on(ctx, DEBRIS_RULE_REPEAT))
    drop(b, DEBRIS_RULE_REPEAT);
}

/* A tail marker in the last part of the text starts a teaser block. */
static void find_tail(judge_pass *p, size_t i) {
  pith_blocks *blocks = p->scan.blocks;
  const pith_block *b = &blocks->items[i];
  const char *t = b->text;
  size_t len = b->text_len;
  if (p->tail != (size_t)-1 || !p->scan.total)
    return;
  int marker_may_start = !b->drop || dropped_by(b, DEBRIS_RULE_BOILERPLATE) ||
                         dropped_by(b, DEBRIS_RULE_SEE_ALSO) ||
                         dropped_by(b, DEBRIS_RULE_SITE_LABEL) ||
                         dropped_by(b, DEBRIS_RULE_NAV_LINE);
  if (marker_may_start &&
      (pith_debris_is_tail_marker(t, len) ||
       pith_debris_is_comments_heading(t, len)) &&
      !pith_text_ends_sentence(t, len) &&
      (double)p->scan.seen >=
          p->scan.tune->debris.tail_start_share * (double)p->scan.total &&
      !pith_debris_is_expander(t) &&
      !article_goes_on(blocks, i + 1, &p->scan.tune->debris))
    p->tail = i;
}

/* The learned model judges what the rules left (and the training tools see
 * every block's features). */
/* Whether the document's time is up, looked at every 1024 blocks (a clock
 * read per line would cost more than some rules). */
static int out_of_time(const debris_context *ctx, size_t i) {
  return (i & 1023) == 1023 && ctx->deadline_ms &&
         pith_limits_now_ms() > ctx->deadline_ms;
}

static void judge_by_model(pith_blocks *blocks, const debris_context *ctx) {
  /* a model trained on another feature set than this build's is no model
   * (tests/unit_debris checks that the committed one fits) */
  int model = pith_debris_rule_on(ctx, DEBRIS_RULE_MODEL) &&
              pith_debris_text_model.features == DEBRIS_FEATURES;
  const pith_debris_trace *trace = ctx->trace;
  if (trace && trace->begin)
    trace->begin(trace->user, blocks->count);
  if ((!model && !trace) || out_of_time(ctx, 1023))
    return;
  debris_doc *doc = pith_debris_doc_new(blocks, ctx);
  if (!doc)
    return;
  const pith_debris_model *m = &pith_debris_text_model;
  float x[DEBRIS_FEATURES];
  for (size_t i = 0; i < blocks->count && !out_of_time(ctx, i); i++) {
    pith_block *b = &blocks->items[i];
    int judged = !b->drop && !pith_debris_plain_prose(doc, i) &&
                 !pith_debris_table_cell(doc, i);
    if (!judged && !trace)
      continue;
    pith_debris_features(doc, i, x);
    debris_verdict v = {-1, {-1, -1, -1}, {0, 0, 0}};
    if (model && judged)
      pith_debris_model_score(m, x, &v);
    if (trace && trace->block)
      trace->block(trace->user, b, i, x, DEBRIS_FEATURES, judged, v.p);
    if (!model || !judged)
      continue;
    b->why.p = (float)v.p;
    for (int k = 0; k < PITH_MODEL_WHY; k++) {
      b->why.feature[k] = v.why[k];
      b->why.value[k] = v.why[k] >= 0 ? x[v.why[k]] : 0;
      b->why.weight[k] = v.weight[k];
    }
    if (v.p >= ctx->tune->debris.model_threshold)
      drop(b, DEBRIS_RULE_MODEL);
  }
  pith_debris_doc_free(doc);
}

/* The readers' comments under a post: a "Comments" or tail marker below
 * the article (a few paragraphs of prose above it), then the dated
 * headers of two comments ("2. The Keeper - October 26, 2012", "Dean
 * Saliba on November 8, 2012 9:54 pm": datelines in shape); from the
 * second header on, every line is a comment or its furniture. In the
 * scraped texts no article line stood there (252 debris lines, six sites);
 * after one header only the article went on too often, and a marker
 * above the story ("Related" over the headline) is followed by the
 * story's own datelines. Text only: a page's comments keep their own
 * markup. */
static void drop_comment_thread(pith_blocks *blocks,
                                const debris_context *ctx) {
  size_t prose = 0; /* bytes of prose paragraphs above: the article */
  int marker = 0;
  unsigned headers = 0;
  for (size_t i = 0; i < blocks->count; i++) {
    pith_block *b = &blocks->items[i];
    const char *t = b->text;
    size_t len = b->text_len;
    if (headers >= 2 && !b->drop)
      drop(b, DEBRIS_RULE_COMMENT_THREAD);
    if (!marker && prose >= ctx->tune->debris.comment_thread_prose &&
        (pith_debris_is_tail_marker(t, len) ||
         pith_debris_is_comments_heading(t, len)) &&
        !pith_text_ends_sentence(t, len))
      marker = 1;
    else if (marker && len < 100 && b->kind != BLOCK_LIST_ITEM &&
             pith_debris_is_dateline(t, len))
      headers++;
    if (!b->drop && len >= 80 && pith_text_ends_sentence(t, len))
      prose += len;
  }
}

/* Whether a rule removed block b as the site's furniture: navigation,
 * share and tool bars, notices, teasers. Bylines, datelines, credits and
 * captions belong to the article's own furniture, which article text
 * stands next to. */
int pith_debris_is_furniture(const pith_block *b) {
  static const debris_rule_id rules[] = {
      DEBRIS_RULE_SHARE,         DEBRIS_RULE_SITE_LABEL,
      DEBRIS_RULE_SEE_ALSO,      DEBRIS_RULE_BOILERPLATE,
      DEBRIS_RULE_SHORTCODE,     DEBRIS_RULE_TEASER_LABEL,
      DEBRIS_RULE_META_LINE,     DEBRIS_RULE_NOTICE,
      DEBRIS_RULE_NAV_LINE,      DEBRIS_RULE_LINK,
      DEBRIS_RULE_MARKUP,        DEBRIS_RULE_TEASER_BLOCK,
      DEBRIS_RULE_COMMENT_THREAD};
  for (size_t k = 0; k < sizeof rules / sizeof *rules; k++)
    if (dropped_by(b, rules[k]))
      return 1;
  return 0;
}

static int short_unfinished(const pith_block *b, const pith_debris_tuning *t) {
  return b->kind != BLOCK_CODE && b->kind != BLOCK_TABLE &&
         pith_utf8_length(b->text, b->text_len) < t->enclosed_max_chars &&
         !pith_text_ends_clause(b->text, b->text_len);
}

/* Whether block b bounds a run of enclosed lines: furniture, or after the
 * model has run, a line the model removed. */
static int encloses(const pith_block *b, int after_model) {
  return pith_debris_is_furniture(b) ||
         (after_model && (dropped_by(b, DEBRIS_RULE_MODEL) ||
                          dropped_by(b, DEBRIS_RULE_ENCLOSED)));
}

/* A short line the rules did not know, between two lines they removed as
 * the site's furniture, is furniture too: the name of a share service no
 * list holds ("Fark", "Yahoo"), a tool's label ("Single page view")
 * inside a bar of known ones. Once more after the model, whose verdicts
 * bound such runs too: the model judges a line by its features, among
 * them its neighbours' rule verdicts, which for a line between two of its
 * own removals do not yet say so. */
static void drop_enclosed(pith_blocks *blocks, const pith_debris_tuning *t,
                          int after_model) {
  size_t n = blocks->count;
  for (size_t i = 0; i + 1 < n; i++) {
    if (!encloses(&blocks->items[i], after_model))
      continue;
    size_t k = i + 1;
    while (k < n && !blocks->items[k].drop &&
           short_unfinished(&blocks->items[k], t))
      k++;
    if (k == i + 1 || k >= n || k - i - 1 > t->enclosed_max_lines ||
        !encloses(&blocks->items[k], after_model))
      continue;
    for (size_t j = i + 1; j < k; j++)
      drop(&blocks->items[j], DEBRIS_RULE_ENCLOSED);
    i = k - 1;
  }
}

/* After the model: a line it judged likely debris, though under its
 * threshold, between two removed lines goes with them. Each line is
 * judged against its neighbours' verdicts before this pass, so a run of
 * such lines does not remove itself from one end. */
static void drop_by_model_context(pith_blocks *blocks,
                                  const pith_debris_tuning *t) {
  size_t n = blocks->count;
  if (n < 3)
    return;
  int prev_dropped = blocks->items[0].drop;
  for (size_t i = 1; i + 1 < n; i++) {
    pith_block *b = &blocks->items[i];
    int dropped = b->drop;
    if (!dropped && prev_dropped && blocks->items[i + 1].drop &&
        b->why.p >= t->model_context_threshold)
      drop(b, DEBRIS_RULE_MODEL);
    prev_dropped = dropped;
  }
}

/* Whether blocks a and b say the same, ASCII case aside. */
static int same_text(const pith_block *a, const pith_block *b) {
  if (a->text_len != b->text_len)
    return 0;
  for (size_t k = 0; k < a->text_len; k++) {
    unsigned char x = (unsigned char)a->text[k], y = (unsigned char)b->text[k];
    if (x >= 'A' && x <= 'Z')
      x = (unsigned char)(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z')
      y = (unsigned char)(y - 'A' + 'a');
    if (x != y)
      return 0;
  }
  return 1;
}

/* Whether block b was removed as the site's furniture, by a rule or by
 * the model. */
static int removed_as_furniture(const pith_block *b) {
  return pith_debris_is_furniture(b) || dropped_by(b, DEBRIS_RULE_MODEL) ||
         dropped_by(b, DEBRIS_RULE_ENCLOSED);
}

/* A block's text hashed with ASCII case folded (same_text's equality). */
static uint64_t folded_hash(const pith_block *b) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t k = 0; k < b->text_len; k++) {
    unsigned char c = (unsigned char)b->text[k];
    if (c >= 'A' && c <= 'Z')
      c = (unsigned char)(c - 'A' + 'a');
    h = (h ^ c) * 1099511628211ULL;
  }
  return h;
}

typedef struct hashed_block {
  uint64_t hash;
  size_t index;
} hashed_block;

static int cmp_hashed(const void *a, const void *b) {
  uint64_t x = ((const hashed_block *)a)->hash;
  uint64_t y = ((const hashed_block *)b)->hash;
  return (x > y) - (x < y);
}

/* After the model: a line it judged more likely debris than not, though
 * under its threshold, goes when another copy of it went as the site's
 * furniture (a tool bar, or a writer's name under each teaser, printed
 * again further down). Repetition alone removes nothing; the model's
 * leaning on this copy is the second cue. The removed copies are looked
 * up by their hash. */
static void drop_model_copies(pith_blocks *blocks,
                              const pith_debris_tuning *t) {
  size_t n = blocks->count, m = 0;
  for (size_t i = 0; i < n; i++)
    m += removed_as_furniture(&blocks->items[i]);
  if (!m)
    return;
  hashed_block *removed = malloc(m * sizeof *removed);
  if (!removed)
    return;
  m = 0;
  for (size_t i = 0; i < n; i++)
    if (removed_as_furniture(&blocks->items[i]))
      removed[m++] = (hashed_block){folded_hash(&blocks->items[i]), i};
  qsort(removed, m, sizeof *removed, cmp_hashed);
  for (size_t i = 0; i < n; i++) {
    pith_block *b = &blocks->items[i];
    if (b->drop || b->why.p < t->model_copy_threshold)
      continue;
    uint64_t h = folded_hash(b);
    size_t lo = 0, hi = m;
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (removed[mid].hash < h)
        lo = mid + 1;
      else
        hi = mid;
    }
    for (size_t k = lo; k < m && removed[k].hash == h; k++)
      if (same_text(b, &blocks->items[removed[k].index])) {
        drop(b, DEBRIS_RULE_MODEL);
        break;
      }
  }
  free(removed);
}

/* ---- runs of teaser headlines ------------------------------------------ */

/* Whether block b is a candidate of a headline run: kept, judged by the
 * model at the run's threshold, and not a dated header (a comment's
 * "Name, March 3, 2012 at 9:14 pm" stands between its neighbours'
 * furniture too). */
static int run_candidate(const pith_block *b, const pith_debris_tuning *t) {
  return !b->drop && b->why.p >= t->headline_run_threshold &&
         !pith_debris_is_dateline(b->text, b->text_len);
}

/* Whether block b belongs to the article's own furniture above its first
 * paragraph: a byline, dateline or credit a rule removed, or a dated
 * line. */
static int article_head_line(const pith_block *b) {
  if (b->drop)
    return !removed_as_furniture(b);
  return pith_debris_is_dateline(b->text, b->text_len);
}

/* After the model: teaser headlines come in boxes ("More News Stories",
 * then five headlines, then "Latest News"), where each headline alone is
 * too close to a subheading for the model's threshold. A run of lines,
 * each removed as furniture or leaning to debris (the model's probability
 * at headline_run_threshold), with headline_run_min_lines such leaning
 * lines, goes whole: the run is the second cue. When the article's first
 * paragraph follows the run (past its byline and dateline), the lines
 * after the run's last furniture line are the story's headline and stay. */
static void drop_headline_runs(pith_blocks *blocks,
                               const pith_debris_tuning *t) {
  size_t n = blocks->count;
  for (size_t i = 0; i < n;) {
    size_t j = i, leaning = 0, last_furniture = i;
    for (; j < n; j++) {
      const pith_block *b = &blocks->items[j];
      if (removed_as_furniture(b))
        last_furniture = j;
      else if (run_candidate(b, t))
        leaning++;
      else
        break;
    }
    if (j == i) {
      i++;
      continue;
    }
    if (leaning >= t->headline_run_min_lines) {
      size_t end = j, m = j;
      while (m < n && article_head_line(&blocks->items[m]))
        m++;
      if (m < n && is_prose(&blocks->items[m]))
        end = last_furniture;
      for (size_t k = i; k < end; k++)
        if (run_candidate(&blocks->items[k], t))
          drop(&blocks->items[k], DEBRIS_RULE_HEADLINE_RUN);
    }
    i = j;
  }
}

/* ---- near copies of a caption ------------------------------------------ */

#define COPY_MAX_WORDS 96

/* A block's words as sorted, distinct hashes (letters and digits, ASCII
 * folded to lower case; other bytes of UTF-8 are letters). */
typedef struct copy_words {
  uint64_t *hash;
  size_t count;
} copy_words;

static size_t words_of(const pith_block *b, uint64_t *out) {
  size_t n = 0;
  uint64_t h = 0;
  int in_word = 0;
  for (size_t k = 0; k <= b->text_len && n < COPY_MAX_WORDS; k++) {
    unsigned char c = k < b->text_len ? (unsigned char)b->text[k] : ' ';
    int letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9') || c >= 0x80;
    if (letter) {
      if (c >= 'A' && c <= 'Z')
        c = (unsigned char)(c - 'A' + 'a');
      h = (in_word ? h : 1469598103934665603ULL) ^ c;
      h *= 1099511628211ULL;
      in_word = 1;
    } else if (in_word) {
      out[n++] = h;
      in_word = 0;
    }
  }
  /* insertion sort: a caption has a few dozen words */
  for (size_t k = 1; k < n; k++) {
    uint64_t v = out[k];
    size_t j = k;
    while (j && out[j - 1] > v) {
      out[j] = out[j - 1];
      j--;
    }
    out[j] = v;
  }
  size_t m = 0;
  for (size_t k = 0; k < n; k++)
    if (!m || out[m - 1] != out[k])
      out[m++] = out[k];
  return m;
}

static size_t shared_words(const copy_words *a, const copy_words *b) {
  size_t i = 0, j = 0, n = 0;
  while (i < a->count && j < b->count) {
    if (a->hash[i] == b->hash[j])
      n++, i++, j++;
    else if (a->hash[i] < b->hash[j])
      i++;
    else
      j++;
  }
  return n;
}

/* Whether a rule removed block b as a picture's credit or caption. */
static int credit_removed(const pith_block *b) {
  return dropped_by(b, DEBRIS_RULE_CREDIT) ||
         dropped_by(b, DEBRIS_RULE_CAPTION_LABEL) ||
         dropped_by(b, DEBRIS_RULE_CAPTION_REPEAT) ||
         dropped_by(b, DEBRIS_RULE_CAPTION);
}

/* The second cue of a caption's copy: a credit in it or on a line next to
 * it. */
static int next_to_credit(const pith_blocks *blocks, size_t i) {
  const pith_block *b = &blocks->items[i];
  return pith_debris_ends_with_credit(b->text, b->text_len) ||
         (i > 0 && credit_removed(&blocks->items[i - 1])) ||
         (i + 1 < blocks->count && credit_removed(&blocks->items[i + 1]));
}

static int is_question(const pith_block *b) {
  size_t n = b->text_len;
  while (n && (b->text[n - 1] == ' ' || b->text[n - 1] == '"'))
    n--;
  return n && b->text[n - 1] == '?';
}

/* A caption printed twice with small differences (cut short with "...
 * more", the date or the credit added): a line that shares most of its
 * words with another, one of the two next to a photo's credit, goes; a
 * question is a headline (a slideshow's slide titles under their
 * credits), not a caption.
 * Repetition alone does not: steps, refrains and headings repeat; the
 * credit is the second cue. The copies are looked for among the
 * neighbouring lines (a gallery's captions and their copies sit
 * together). */
static void drop_caption_copies(pith_blocks *blocks,
                                const pith_debris_tuning *t) {
  size_t n = blocks->count;
  int any_cue = 0;
  for (size_t i = 0; i < n && !any_cue; i++)
    any_cue = next_to_credit(blocks, i);
  if (!any_cue)
    return;
  copy_words *w = calloc(n, sizeof *w);
  size_t *at = calloc(n, sizeof *at);
  unsigned char *cue = calloc(n, 1);
  uint64_t *store = NULL, one[COPY_MAX_WORDS];
  size_t used = 0, cap = 0;
  if (!w || !at || !cue)
    goto done;
  /* a pair needs a line next to a credit: only the lines within the
   * window of one are read */
  size_t last_cue = (size_t)-1;
  for (size_t i = 0; i < n; i++)
    if ((cue[i] = (unsigned char)next_to_credit(blocks, i)))
      last_cue = i;
    else if (last_cue != (size_t)-1 && i - last_cue <= t->caption_copy_window)
      cue[i] = 2;
  size_t next_cue = (size_t)-1;
  for (size_t i = n; i-- > 0;)
    if (cue[i] == 1)
      next_cue = i;
    else if (!cue[i] && next_cue != (size_t)-1 &&
             next_cue - i <= t->caption_copy_window)
      cue[i] = 2;
  for (size_t i = 0; i < n; i++) {
    const pith_block *b = &blocks->items[i];
    if (!cue[i] || b->kind == BLOCK_CODE || b->kind == BLOCK_TABLE ||
        b->text_len >= t->caption_copy_max_len)
      continue;
    size_t count = words_of(b, one);
    if (count < t->caption_copy_min_words)
      continue;
    if (used + count > cap) {
      size_t grown = cap ? 2 * cap : 1024;
      while (grown < used + count)
        grown *= 2;
      uint64_t *more = realloc(store, grown * sizeof *store);
      if (!more)
        goto done;
      store = more;
      cap = grown;
    }
    memcpy(store + used, one, count * sizeof *one);
    at[i] = used;
    w[i].count = count;
    used += count;
  }
  /* No line with enough words: nothing to compare (and no store). */
  if (!store)
    goto done;
  for (size_t i = 0; i < n; i++)
    w[i].hash = store + at[i];
  for (size_t i = 0; i < n; i++) {
    if (blocks->items[i].drop || !w[i].count || is_question(&blocks->items[i]))
      continue;
    size_t from = i > t->caption_copy_window ? i - t->caption_copy_window : 0;
    size_t to =
        n - i > t->caption_copy_window ? i + t->caption_copy_window + 1 : n;
    for (size_t j = from; j < to; j++) {
      if (j == i || !w[j].count || !(cue[i] == 1 || cue[j] == 1) ||
          is_question(&blocks->items[j]))
        continue;
      size_t most = w[i].count > w[j].count ? w[i].count : w[j].count;
      size_t least = w[i].count + w[j].count - most;
      if ((double)least >= t->caption_copy_overlap * (double)most &&
          (double)shared_words(&w[i], &w[j]) >=
              t->caption_copy_overlap * (double)most) {
        drop(&blocks->items[i], DEBRIS_RULE_CAPTION_COPY);
        break;
      }
    }
  }
done:
  free(w);
  free(at);
  free(cue);
  free(store);
}

/* The article's own subheadings and list items that a line rule took for
 * the site's furniture ("Comment" over a section, "Sign up for a ..."
 * under "Here's how:") are kept. This runs last, on what the rules
 * removed: the passes before it, and the learned model's context features
 * (lines removed around a line), see the rules' verdicts as the model was
 * trained on them. */
static void keep_article_structure(pith_blocks *blocks,
                                   const debris_context *ctx) {
  debris_scan scan = {.blocks = blocks, .ctx = ctx, .tune = ctx->tune};
  static const debris_rule_id rules[] = {
      DEBRIS_RULE_SHARE, DEBRIS_RULE_SITE_LABEL, DEBRIS_RULE_BOILERPLATE,
      DEBRIS_RULE_DATELINE};
  for (size_t i = 0; i < blocks->count; i++) {
    pith_block *b = &blocks->items[i];
    for (size_t k = 0; k < sizeof rules / sizeof *rules; k++)
      if (dropped_by(b, rules[k]) &&
          pith_debris_article_structure(&scan, i, rules[k])) {
        b->drop = 0;
        b->rule = "content";
        break;
      }
  }
}

void pith_debris_judge(pith_blocks *blocks, const debris_context *ctx) {
  judge_pass p;
  pass_start(&p, blocks, ctx);
  for (size_t i = 0; i < blocks->count; i++) {
    if (out_of_time(ctx, i))
      break; /* the caller reports the limit */
    pith_block *b = &blocks->items[i];
    judge_line(&p, i);
    drop_kicker(&p, i);
    judge_repeat(&p, i);
    find_tail(&p, i);
    p.scan.seen += b->text_len;
    if (!b->drop && b->text_len > p.scan.longest_before)
      p.scan.longest_before = b->text_len;
  }
  if (p.tail != (size_t)-1 &&
      pith_debris_rule_on(ctx, DEBRIS_RULE_TEASER_BLOCK)) {
    size_t end = teaser_block_end(blocks, p.tail);
    for (size_t j = p.tail; j < end; j++)
      drop(&blocks->items[j], DEBRIS_RULE_TEASER_BLOCK);
  }
  if (pith_debris_rule_on(ctx, DEBRIS_RULE_COMMENT_THREAD))
    drop_comment_thread(blocks, ctx);
  if (pith_debris_rule_on(ctx, DEBRIS_RULE_ENCLOSED))
    drop_enclosed(blocks, &ctx->tune->debris, 0);
  judge_by_model(blocks, ctx);
  if (pith_debris_rule_on(ctx, DEBRIS_RULE_ENCLOSED) &&
      pith_debris_rule_on(ctx, DEBRIS_RULE_MODEL))
    drop_enclosed(blocks, &ctx->tune->debris, 1);
  if (pith_debris_rule_on(ctx, DEBRIS_RULE_MODEL)) {
    drop_by_model_context(blocks, &ctx->tune->debris);
    drop_model_copies(blocks, &ctx->tune->debris);
    if (pith_debris_rule_on(ctx, DEBRIS_RULE_HEADLINE_RUN))
      drop_headline_runs(blocks, &ctx->tune->debris);
  }
  if (pith_debris_rule_on(ctx, DEBRIS_RULE_CAPTION_COPY))
    drop_caption_copies(blocks, &ctx->tune->debris);
  if (pith_debris_rule_on(ctx, DEBRIS_RULE_UNCERTAIN_LINKS))
    drop_uncertain_links(blocks, &ctx->tune->debris);
  if (pith_debris_rule_on(ctx, DEBRIS_RULE_UNCERTAIN_EDGE))
    drop_uncertain_edges(blocks, &ctx->tune->debris);
  keep_article_structure(blocks, ctx);
  pass_end(&p);
}
