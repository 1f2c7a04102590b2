/* The caption of the video a story opens with, as the story's lead.
 *
 * A story told around a video (a television show's site, a news video
 * with its write-up) opens with the player and, under it, the video's
 * description: a sentence or two that sum up the story. Pruning takes it
 * for a caption and the body's box starts below it, so it is looked for
 * apart: found by its names and its place, right above the body's first
 * paragraph. A photo's caption is left alone: it describes the picture,
 * not the story. */
#include <stdlib.h>
#include <string.h>

#include "lead.h"
#include "text.h"

/* How far above the caption the video's box may be: the player, its info
 * box, the caption box, the caption. */
#define VIDEO_BOX_CLIMB 6
/* How far above the caption the caption's name may be. */
#define CAPTION_NAME_CLIMB 2
/* The bytes of the body's first paragraph compared with the text that
 * follows the caption. */
#define OPENING_BYTES 40

static const char *const video_words[] = {"video", "videos", "player",
                                          "videoplayer", "jwplayer"};
static const char *const caption_words[] = {"caption", "description", "desc",
                                            "summary", "dek",         "blurb"};

static int named(xmlNodePtr n, const char *const *words, size_t count,
                 int climb) {
  for (int up = 0; n && n->type == XML_ELEMENT_NODE && NI(n) && up <= climb;
       up++, n = n->parent)
    if (pith_class_has_word(n, words, count))
      return 1;
  return 0;
}

static int in_video_box(xmlNodePtr n) {
  for (int up = 0;
       n && n->type == XML_ELEMENT_NODE && NI(n) && up <= VIDEO_BOX_CLIMB;
       up++, n = n->parent) {
    tag_id tag = (tag_id)NI(n)->tag;
    if (tag == TAG_OBJECT || tag == TAG_VIDEO ||
        pith_class_has_word(n, video_words,
                            sizeof video_words / sizeof *video_words))
      return 1;
  }
  return 0;
}

/* A paragraph named as a caption (or in a box so named), inside a video's
 * box. */
static int is_video_caption(xmlNodePtr n) {
  const node_info *i = NI(n);
  if (i->tag != TAG_P &&
      !(i->tag == TAG_DIV && !(i->flags & NI_HAS_BLOCK_CHILD)))
    return 0;
  return i->own_text > 0 &&
         named(n, caption_words, sizeof caption_words / sizeof *caption_words,
               CAPTION_NAME_CLIMB) &&
         in_video_box(n);
}

/* Whether the caption sits in a box the reader does not see, in a box of
 * the page's chrome or of other stories (a sidebar's videos), or among
 * other videos' captions (a list of clips): the boxes that hold the
 * caption but not the body's first paragraph. */
static int set_aside(const pith_dom *dom, xmlNodePtr n, xmlNodePtr body_start) {
  xmlNodePtr outer = NULL;
  for (int up = 0; n && n->type == XML_ELEMENT_NODE && NI(n) &&
                   up < DOM_MAX_CLIMB && !dom_holds(dom, n, body_start);
       up++, n = n->parent) {
    const node_info *i = NI(n);
    if (i->flags & (NI_HIDDEN | NI_COMMENTS))
      return 1;
    /* "caption" is itself a word of boilerplate */
    if ((i->flags & NI_STRONG_BOILER) &&
        !pith_class_has_word(n, caption_words,
                             sizeof caption_words / sizeof *caption_words))
      return 1;
    if ((i->flags & NI_PRUNED) && (i->prune_rule == PITH_PRUNE_HIDDEN ||
                                   i->prune_rule == PITH_PRUNE_CHROME_TAG ||
                                   i->prune_rule == PITH_PRUNE_ROLE))
      return 1;
    outer = n;
  }
  if (!outer)
    return 1;
  size_t captions = 0;
  for (size_t k = dom_index(dom, outer); k <= NI(outer)->last; k++)
    captions += is_video_caption(dom->elements[k]);
  return captions > 1;
}

static char *node_text(xmlNodePtr n) {
  xmlChar *raw = xmlNodeGetContent(n);
  if (!raw)
    return NULL;
  char *text =
      pith_text_normalize_space((const char *)raw, strlen((const char *)raw));
  xmlFree(raw);
  return text;
}

/* Characters of link text below n (the node facts leave pruned boxes
 * out, and the caption is often in one). */
static size_t link_chars(xmlNodePtr n) {
  size_t total = 0;
  for (xmlNodePtr c = n->children; c; c = pith_dom_next(c, n, 0)) {
    if (c->type != XML_ELEMENT_NODE || !NI(c) || NI(c)->tag != TAG_A ||
        !pith_dom_attr(c, "href"))
      continue;
    char *t = node_text(c);
    total += t ? strlen(t) : 0;
    free(t);
  }
  return total;
}

/* The first element after n's subtree, in page order, that shows text of
 * its own, past pruned and hidden boxes; NULL when none. */
static xmlNodePtr next_text(const pith_dom *dom, xmlNodePtr n) {
  size_t j = (size_t)NI(n)->last + 1;
  while (j < dom->count) {
    const node_info *i = &dom->info[j];
    if (i->flags & (NI_PRUNED | NI_HIDDEN)) {
      j = (size_t)i->last + 1;
      continue;
    }
    if (i->own_text > 0)
      return dom->elements[j];
    j++;
  }
  return NULL;
}

/* Whether the text that follows opens the body's first kept block: the
 * block-level element holding it starts as the block does. */
static int opens_block(xmlNodePtr next, const pith_block *first) {
  xmlNodePtr box = next;
  for (int up = 0; box && box->type == XML_ELEMENT_NODE && NI(box) &&
                   !(NI(box)->flags & NI_BLOCK) && up < DOM_MAX_CLIMB;
       up++)
    box = box->parent;
  if (!box || box->type != XML_ELEMENT_NODE)
    box = next;
  char *text = node_text(box);
  if (!text)
    return 0;
  size_t n = strlen(text);
  if (n > first->text_len)
    n = first->text_len;
  if (n > OPENING_BYTES)
    n = OPENING_BYTES;
  int same = n >= 20 && memcmp(text, first->text, n) == 0;
  free(text);
  return same;
}

static int caption_is_lead(const pith_dom *dom, xmlNodePtr n,
                           const char *text) {
  size_t len = strlen(text);
  if (len < dom->tune->video_lead_min_text ||
      len > dom->tune->video_lead_max_text ||
      !pith_text_ends_sentence(text, len))
    return 0;
  return (double)link_chars(n) <
         dom->tune->video_lead_max_link_density * (double)len;
}

static int body_has(const pith_blocks *blocks, const char *text) {
  for (size_t i = 0; i < blocks->count; i++)
    if (strcmp(blocks->items[i].text, text) == 0)
      return 1;
  return 0;
}

static int insert_block(pith_blocks *blocks, size_t at, char *text) {
  pith_block b;
  memset(&b, 0, sizeof b);
  b.kind = BLOCK_PARAGRAPH;
  b.rule = "video-lead"; /* --explain names why it is there */
  b.text = text;
  b.text_len = strlen(text);
  b.markdown = pith_strdup(text);
  if (!b.markdown) {
    free(text);
    return -1;
  }
  /* pushed at the end, then moved into its place */
  if (pith_blocks_push(blocks, &b) < 0)
    return -1;
  pith_block last = blocks->items[blocks->count - 1];
  memmove(blocks->items + at + 1, blocks->items + at,
          (blocks->count - 1 - at) * sizeof *blocks->items);
  blocks->items[at] = last;
  return 0;
}

int pith_lead_video_caption_add(const pith_dom *dom, pith_blocks *blocks) {
  size_t first = 0;
  while (first < blocks->count && blocks->items[first].drop)
    first++;
  if (first == blocks->count || blocks->items[first].kind != BLOCK_PARAGRAPH)
    return 0;
  for (size_t k = 0; k < dom->count; k++) {
    xmlNodePtr n = dom->elements[k];
    if (!is_video_caption(n))
      continue;
    xmlNodePtr next = next_text(dom, n);
    if (!next || !opens_block(next, &blocks->items[first]) ||
        set_aside(dom, n, next))
      continue;
    char *text = node_text(n);
    if (!text)
      return -1;
    if (!caption_is_lead(dom, n, text) || body_has(blocks, text)) {
      free(text);
      return 0;
    }
    return insert_block(blocks, first, text) < 0 ? -1 : 1;
  }
  return 0;
}
