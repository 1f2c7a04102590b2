/* Turns the chosen subtrees into a flat list of blocks (paragraphs, headings,
 * list items, quotes, code, tables, captions), each with its text, its
 * Markdown and the features the debris rules judge by.
 *
 * Inside the chosen content, boxes that look like link lists, galleries or
 * widgets are dropped first (Readability's "conditional cleaning"). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "candidates.h"
#include "dom.h"
#include "explain.h"
#include "table.h"

static void free_images(pith_image *images, size_t count) {
  for (size_t i = 0; i < count; i++) {
    free(images[i].url);
    free(images[i].alt);
  }
  free(images);
}

void pith_block_free_strings(pith_block *block) {
  free(block->text);
  free(block->markdown);
  free_images(block->images, block->image_count);
  block->text = block->markdown = NULL;
  block->images = NULL;
  block->image_count = 0;
}

void pith_blocks_free(pith_blocks *blocks) {
  for (size_t i = 0; i < blocks->count; i++)
    pith_block_free_strings(&blocks->items[i]);
  free(blocks->items);
  memset(blocks, 0, sizeof *blocks);
}

int pith_blocks_push(pith_blocks *blocks, const pith_block *block) {
  if (blocks->count == blocks->cap) {
    size_t cap = blocks->cap ? blocks->cap * 2 : 32;
    pith_block *p = realloc(blocks->items, cap * sizeof *p);
    if (!p) {
      pith_block copy = *block;
      pith_block_free_strings(&copy);
      return -1;
    }
    blocks->items = p;
    blocks->cap = cap;
  }
  blocks->items[blocks->count++] = *block;
  return 0;
}

/* ---- conditional cleaning ---------------------------------------------- */

static int is_data_table(xmlNodePtr table) {
  /* Layout tables hold blocks or other tables; data tables hold short cells. */
  node_info *t = NI(table);
  if (pith_dom_attr(table, "role") &&
      strcmp(pith_dom_attr(table, "role"), "presentation") == 0)
    return 0;
  size_t rows = 0, cells = 0;
  for (xmlNodePtr n = table->children; n; n = pith_dom_next(n, table, 0)) {
    if (n->type != XML_ELEMENT_NODE || !NI(n))
      continue;
    tag_id tag = (tag_id)NI(n)->tag;
    if (tag == TAG_TABLE)
      return 0;
    if (tag == TAG_TR)
      rows++;
    if (tag == TAG_TD || tag == TAG_TH) {
      cells++;
      if (NI(n)->n_p > 1 || NI(n)->text_len > 400)
        return 0;
    }
    if (tag == TAG_DIV && NI(n)->n_p > 0)
      return 0;
  }
  (void)t;
  return rows >= 1 && cells >= 2;
}

static int is_list_like(xmlNodePtr n) {
  node_info *i = NI(n);
  if (i->tag == TAG_UL || i->tag == TAG_OL)
    return 1;
  return 0;
}

/* A list whose items go on after their links: "<a>headline</a> - what
 * the writer thinks of it". Half its items or more (three or more items)
 * carry 30 or more characters of their own text. A blogger's annotated
 * link list is the post; a list of headlines is not. */
static int annotated_list(xmlNodePtr n) {
  unsigned items = 0, annotated = 0;
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || !NI(c) || NI(c)->tag != TAG_LI ||
        (NI(c)->flags & NI_PRUNED))
      continue;
    items++;
    if (NI(c)->text_len >= NI(c)->link_len + 30)
      annotated++;
  }
  return items >= 3 && annotated * 2 >= items;
}

/* Whether a list's items open with a quantity ("300 ml Haferdrink", "2
 * Äpfel", "½ cup sugar"): three or more items, two in three or more, and
 * not the ranks 1, 2, 3... of a "most read" list. An ingredient list whose
 * names link to a glossary or a shop is no link list. */
static int quantity_list(xmlNodePtr n) {
  unsigned items = 0, quantities = 0, ranks = 0;
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || !NI(c) || NI(c)->tag != TAG_LI)
      continue;
    items++;
    xmlNodePtr t = c->children;
    while (t && t->type == XML_TEXT_NODE && t->content &&
           strspn((const char *)t->content, " \t\r\n") ==
               strlen((const char *)t->content))
      t = t->next;
    if (!t || t->type != XML_TEXT_NODE || !t->content)
      continue; /* the item opens with a link or a box, not its amount */
    const unsigned char *p = t->content;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
      p++;
    if (!pith_text_starts_amount((const char *)p))
      continue;
    quantities++;
    unsigned v = 0;
    while (pith_is_digit(*p) && v < 1000)
      v = v * 10 + (unsigned)(*p++ - '0');
    ranks += v == quantities;
  }
  return items >= 3 && quantities * 3 >= items * 2 && ranks < quantities;
}

/* Whether n is a section of readers' comments that ends the article: a
 * "N Comments" or "Leave a reply" heading, a box holding one, the list
 * of comments or the reply form. What the body's container holds after
 * it, once the article has begun, is the page's (a sidebar's widgets,
 * the site's notices), not the article's. Not on a page whose thread is
 * its content (a forum, a Q&A page); not for a box merely named like
 * comments ("4 Comments" beside the byline). */
static int ends_article(const pith_dom *dom, xmlNodePtr n) {
  node_info *i = NI(n);
  return (i->flags & NI_COMMENTS) && !dom->thread_is_content &&
         (pith_tag_is_heading((tag_id)i->tag) || i->n_heading > 0 ||
          i->n_li >= 2 || i->n_input > 0);
}

/* Whether n is an empty anchor that marks where readers' comments begin:
 * <a name="comments"></a>, <a id="respond"></a>, the target of the page's
 * "Read comments" link. Like a comment section, it ends the article. */
static int comment_anchor(const pith_dom *dom, xmlNodePtr n) {
  static const char *const names[] = {"comments",     "comment",
                                      "respond",      "kommentare",
                                      "commentaires", "comentarios"};
  node_info *i = NI(n);
  if (i->tag != TAG_A || i->text_len > 0 || dom->thread_is_content ||
      pith_dom_attr(n, "href"))
    return 0;
  if (i->flags & NI_COMMENT_NAME)
    return 1;
  const char *name = pith_dom_attr(n, "name");
  for (size_t k = 0; name && k < sizeof names / sizeof *names; k++)
    if (strcasecmp(name, names[k]) == 0)
      return 1;
  return 0;
}

/* Characters of prose below n: text blocks (no block inside them) of 50
 * characters or more with under a fifth of link text. */
static size_t prose_below(xmlNodePtr n) {
  size_t prose = 0;
  for (xmlNodePtr c = n->children; c;) {
    if (c->type != XML_ELEMENT_NODE || !NI(c)) {
      c = pith_dom_next(c, n, 0);
      continue;
    }
    node_info *i = NI(c);
    if (i->flags & NI_PRUNED) {
      c = pith_dom_next(c, n, 1);
      continue;
    }
    if ((i->flags & NI_BLOCK) && !(i->flags & NI_HAS_BLOCK_CHILD)) {
      if (i->text_len >= 50 && (size_t)i->link_len * 5 < i->text_len)
        prose += i->text_len;
      c = pith_dom_next(c, n, 1);
      continue;
    }
    c = pith_dom_next(c, n, 0);
  }
  return prose;
}

/* Whether s is a <div> with no block inside, of the same class as n (or
 * both without one). */
static int text_div_like(xmlNodePtr n, xmlNodePtr s) {
  if (s->type != XML_ELEMENT_NODE || !NI(s) || NI(s)->tag != TAG_DIV ||
      (NI(s)->flags & (NI_HAS_BLOCK_CHILD | NI_PRUNED)))
    return 0;
  const char *a = pith_dom_attr(n, "class"), *b = pith_dom_attr(s, "class");
  return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Whether a box is one paragraph of a text written in <div>s: a <div>
 * with no block inside, of 100 characters or more and up to half links,
 * among two or more sibling <div>s built alike that hold unlinked prose
 * (Blogger's editor and word processors' exports, "MsoNormal", write
 * every paragraph so). Readability turns such divs into <p> before it
 * cleans and never cleans a <p>: a paragraph with two long links is no
 * widget. A lone box of the same look beside <p> paragraphs (a see-also
 * line, "Follow us on ...") is judged as a box. */
#define PARAGRAPH_DIV_SIBLINGS 2

static int paragraph_div(xmlNodePtr n, const pith_tuning *tune) {
  node_info *i = NI(n);
  if (i->tag != TAG_DIV || (i->flags & NI_HAS_BLOCK_CHILD) ||
      i->text_len < tune->paragraph_div_min_text || dom_link_density(n) > 0.5 ||
      !n->parent)
    return 0;
  size_t alike = 0;
  for (xmlNodePtr s = n->parent->children; s && alike < PARAGRAPH_DIV_SIBLINGS;
       s = s->next)
    alike += s != n && text_div_like(n, s) &&
             NI(s)->text_len >= tune->paragraph_min_text * 2 &&
             (size_t)NI(s)->link_len * 4 < NI(s)->text_len;
  return alike >= PARAGRAPH_DIV_SIBLINGS;
}

/* The rule of Readability's _cleanConditionally that drops a box inside
 * the content, or NULL when none does. */
static const char *dropped_by_rule(xmlNodePtr n, xmlNodePtr root,
                                   size_t root_text, int lenient,
                                   int on_top_path, const pith_tuning *tune) {
  node_info *i = NI(n);
  tag_id t = (tag_id)i->tag;
  if (!(t == TAG_DIV || t == TAG_SECTION || t == TAG_UL || t == TAG_OL ||
        t == TAG_TABLE || t == TAG_FORM || t == TAG_FIELDSET ||
        t == TAG_ASIDE || t == TAG_DL || t == TAG_HEADER || t == TAG_FOOTER))
    return NULL;
  /* A data table stays whole, unless its text is nearly all links: a
   * table of headlines is a link list laid out in rows. */
  if (t == TAG_TABLE && is_data_table(n) &&
      dom_link_density(n) < tune->link_table_min_density)
    return NULL;
  /* A box that holds the best-scoring text is no widget around it. */
  if (on_top_path)
    return NULL;
  /* A list of teasers ("Read more..." under each summary) is the site's,
   * whatever its size or class. */
  if (pith_select_lists_teasers(n))
    return "teasers";
  int weight = i->class_weight;
  if (is_list_like(n) && weight >= 0 && (annotated_list(n) || quantity_list(n)))
    return NULL;
  double ld = dom_link_density(n);
  /* A box with a third of the content's text is the content, whatever its
   * class says; only a link list that large goes. One that also holds
   * prose of its own (a post and its list of earlier posts) stays, and
   * its lists are judged one by one: enough prose, or most of the
   * content's prose (a short post above a long list). */
  if (root_text > 0 && (size_t)i->text_len * 3 >= root_text) {
    if (ld <= 0.5)
      return NULL;
    size_t prose = prose_below(n);
    return prose < tune->large_box_min_prose &&
                   (prose == 0 || prose * 2 <= prose_below(root))
               ? "link-density"
               : NULL;
  }
  if (weight < 0 && !lenient)
    return "class";
  if (i->commas >= 10)
    return NULL;
  if (paragraph_div(n, tune))
    return NULL;
  if (i->text_len == 0)
    return NULL;
  int list = is_list_like(n);
  unsigned p = i->n_p;
  unsigned img = i->n_img;
  if (img > 1 && (double)p / img < 0.5)
    return "images";
  if (!list && i->n_li > p + 100)
    return "list-items";
  if (i->n_input > p / 3 + 1)
    return "form";
  if (!list && i->text_len < 25 && (img == 0 || img > 2) && ld > 0)
    return "short-links";
  /* A list of links is navigation, a list whose items say more than their
   * links is content (trafilatura keeps lists under 80 % link text). */
  double max_ld =
      list ? tune->list_max_link_density : tune->box_max_link_density;
  if (weight < 25 && ld > max_ld)
    return "link-density";
  if (weight >= 25 && ld > 0.5)
    return "link-density";
  if ((i->n_embed == 1 && i->text_len < 75) || i->n_embed > 1)
    return "embed";
  return NULL;
}

int pith_dom_is_pruned_caption(xmlNodePtr n) {
  static const char *const words[] = {"caption", "captions"};
  return NI(n) && (NI(n)->flags & NI_PRUNED) &&
         NI(n)->prune_rule == PITH_PRUNE_CLASS &&
         pith_class_has_word(n, words, sizeof words / sizeof *words);
}

/* Whether the subtree holds a part of a recipe its microdata names: an
 * ingredient (itemprop "recipeIngredient", or "ingredients" of older
 * pages) or the method ("recipeInstructions"). */
static int holds_recipe_part(xmlNodePtr n) {
  for (xmlNodePtr c = n; c; c = pith_dom_next(c, n, 0)) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    const char *ip = pith_dom_attr(c, "itemprop");
    if (ip && (pith_ascii_strcasestr(ip, "ingredient") ||
               pith_ascii_strcasestr(ip, "recipeinstructions")))
      return 1;
  }
  return 0;
}

/* Readability's _cleanConditionally, for a box inside the content: the
 * rule that drops it, or NULL when it stays. A box holding a recipe's
 * marked ingredients or steps stays: product links in an ingredient list
 * make no link list of it. */
static const char *conditionally_dropped(xmlNodePtr n, xmlNodePtr root,
                                         size_t root_text, int lenient,
                                         int on_top_path,
                                         const pith_tuning *tune) {
  const char *rule =
      dropped_by_rule(n, root, root_text, lenient, on_top_path, tune);
  /* A box named as the article's body itself (entry-content,
   * itemprop=articleBody) that holds half the container's text or more is
   * not cleaned away whole for the links or the pictures it holds: a
   * "Related posts" list or a gallery inside it is judged on its own. */
  if (rule && (size_t)NI(n)->text_len * 2 >= root_text &&
      pith_semantic_rank(n) == PITH_SEMANTIC_BODY)
    return NULL;

  return rule && holds_recipe_part(n) ? NULL : rule;
}

/* A card inside a line of text: an inline element (a span, not a link)
 * holding a picture and two or more links that make up nearly all its
 * text. Sites nest such hover cards of a person or topic (the name, a
 * photo, the latest headlines) in the paragraph, hidden by a style sheet
 * until the reader points at the name. */
static int card_like(xmlNodePtr n) {
  node_info *i = NI(n);
  return !(i->flags & NI_BLOCK) && i->tag != TAG_A && i->n_img >= 1 &&
         i->n_links >= 2 && i->text_len > 0 &&
         (size_t)i->link_len * 10 >= (size_t)i->text_len * 9;
}

/* The innermost such element only: its wrapper also holds the name the
 * card belongs to. */
static int is_inline_card(xmlNodePtr n) {
  if (!card_like(n))
    return 0;
  for (xmlNodePtr c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && NI(c) && card_like(c))
      return 0;
  return 1;
}

/* ---- building ------------------------------------------------------------ */

typedef struct builder {
  pith_blocks *out;
  pith_buf text, md;
  size_t link_len;
  int pending_space;
  int in_pre;
  int in_link;
  size_t link_md_start; /* where the open link's '[' is in md */
  int media_seen;       /* an image since the last block */
  int story_caption;    /* inside a photo story's caption box */
  const char *base_url;
  int failed;
  pith_blocks alts; /* alt texts, appended after the content */
  /* The pass's own numbering: list ids and item counts by element, made
   * on the first list item (so that every pass over the same tree
   * numbers its lists from 1). */
  const pith_dom *dom;
  struct list_state {
    unsigned list_id;
    unsigned item_count; /* on a list: items seen; on an item: its number */
  } * lists;
  unsigned next_list_id;
  /* The best-scoring node and its ancestors, nearest first. */
  xmlNodePtr top_path[4 * DOM_MAX_CLIMB];
  size_t top_path_len;
  int keep_links;     /* Markdown link syntax (not options.no_links) */
  int want_images;    /* options.images */
  pith_image *images; /* seen since the last block, for the next one */
  size_t image_count;
} builder;

static struct list_state *list_state(builder *b, xmlNodePtr n) {
  if (!b->lists) {
    b->lists = calloc(b->dom->count ? b->dom->count : 1, sizeof *b->lists);
    if (!b->lists) {
      b->failed = 1;
      return NULL;
    }
  }
  return &b->lists[dom_index(b->dom, n)];
}

static int on_top_path(const builder *b, xmlNodePtr n) {
  for (size_t k = 0; k < b->top_path_len; k++)
    if (b->top_path[k] == n)
      return 1;
  return 0;
}

static int is_space_byte(unsigned char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
}

/* Bytes of an invisible format character at p, 0 for any other: the soft
 * hyphen (a hint where a word may break, which sites put between every
 * syllable), the zero-width space, the word joiner and a stray byte order
 * mark. Copied text must not carry them: they split the words a reader,
 * a search or a comparison sees. (Zero-width joiners stay: they build
 * emoji and letters of some scripts.) */
static size_t invisible_len(const unsigned char *p) {
  if (p[0] == 0xC2 && p[1] == 0xAD)
    return 2;
  if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x8B)
    return 3;
  if (p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0xA0)
    return 3;
  if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
    return 3;
  return 0;
}

/* Whether a word is made of invisible format characters alone. */
static int all_invisible(const unsigned char *w, size_t n) {
  for (size_t i = 0; i < n;) {
    size_t skip = invisible_len(w + i);
    if (!skip || i + skip > n)
      return 0;
    i += skip;
  }
  return 1;
}

/* Appends a word to the text and the Markdown, without its invisible
 * format characters. */
static void append_word(builder *b, const unsigned char *w, size_t n) {
  size_t from = 0;
  for (size_t i = 0; i < n;) {
    size_t skip = w[i] >= 0xC2 ? invisible_len(w + i) : 0;
    if (!skip || i + skip > n) {
      i++;
      continue;
    }
    pith_buf_append(&b->text, (const char *)w + from, i - from);
    pith_buf_append(&b->md, (const char *)w + from, i - from);
    if (b->in_link)
      b->link_len += i - from;
    i += skip;
    from = i;
  }
  pith_buf_append(&b->text, (const char *)w + from, n - from);
  pith_buf_append(&b->md, (const char *)w + from, n - from);
  if (b->in_link)
    b->link_len += n - from;
}

static void append_text(builder *b, const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  if (b->in_pre) {
    size_t n = strlen(s);
    pith_buf_append(&b->text, s, n);
    pith_buf_append(&b->md, s, n);
    if (b->in_link)
      b->link_len += n;
    return;
  }
  while (*p) {
    if (is_space_byte(*p) || (p[0] == 0xC2 && p[1] == 0xA0)) {
      b->pending_space = 1;
      p += (*p == 0xC2) ? 2 : 1;
      continue;
    }
    const unsigned char *start = p;
    while (*p && !is_space_byte(*p) && !(p[0] == 0xC2 && p[1] == 0xA0))
      p++;
    if (all_invisible(start, (size_t)(p - start)))
      continue;
    if (b->pending_space && b->text.len > 0 &&
        b->text.data[b->text.len - 1] != '\n') {
      pith_buf_putc(&b->text, ' ');
      pith_buf_putc(&b->md, ' ');
    }
    b->pending_space = 0;
    append_word(b, start, (size_t)(p - start));
  }
}

static void trim_trailing(pith_buf *buf) {
  while (buf->len && is_space_byte((unsigned char)buf->data[buf->len - 1]))
    buf->data[--buf->len] = '\0';
}

/* What kind of block the text under `owner` makes, from its ancestors. */
/* A <figure> holding a table is the table's frame (a comparison table
 * whose cells are paragraphs), not a picture with its caption
 * (trafilatura and rs-trafilatura read such figures as boxes). */
static int holds_table(xmlNodePtr figure) {
  for (xmlNodePtr c = figure->children; c; c = pith_dom_next(c, figure, 0))
    if (c->type == XML_ELEMENT_NODE && NI(c) && NI(c)->tag == TAG_TABLE)
      return 1;
  return 0;
}

static void classify_owner(xmlNodePtr owner, xmlNodePtr *roots, size_t nroots,
                           pith_block *blk) {
  blk->kind = BLOCK_PARAGRAPH;
  int in_quote = 0, kind_set = 0, climb = 0;
  for (xmlNodePtr a = owner;
       a && a->type == XML_ELEMENT_NODE && NI(a) && climb++ < DOM_MAX_CLIMB;
       a = a->parent) {
    tag_id t = (tag_id)NI(a)->tag;
    if (!kind_set) {
      if (t == TAG_PRE) {
        blk->kind = BLOCK_CODE;
        kind_set = 1;
      } else if (pith_tag_is_heading(t)) {
        blk->kind = BLOCK_HEADING;
        blk->level = t - TAG_H1 + 1;
        kind_set = 1;
      } else if (t == TAG_FIGCAPTION || t == TAG_CAPTION) {
        blk->kind = BLOCK_CAPTION;
        kind_set = 1;
      } else if (t == TAG_LI) {
        blk->kind = BLOCK_LIST_ITEM;
        kind_set = 1;
      }
    }
    if (t == TAG_BLOCKQUOTE)
      in_quote = 1;
    if (t == TAG_FIGURE && !holds_table(a))
      blk->in_figure = 1;
    int is_root = 0;
    for (size_t k = 0; k < nroots; k++)
      if (a == roots[k])
        is_root = 1;
    if (is_root)
      break;
  }
  if (in_quote && blk->kind == BLOCK_PARAGRAPH)
    blk->kind = BLOCK_QUOTE;
}

static void flush(builder *b, xmlNodePtr owner, xmlNodePtr *roots,
                  size_t nroots) {
  trim_trailing(&b->text);
  trim_trailing(&b->md);
  b->pending_space = 0;
  if (b->text.failed || b->md.failed)
    b->failed = 1;
  if (b->text.len == 0 || b->failed) {
    pith_buf_free(&b->text);
    pith_buf_free(&b->md);
    b->link_len = 0;
    return;
  }
  pith_block blk;
  memset(&blk, 0, sizeof blk);
  if (owner)
    classify_owner(owner, roots, nroots, &blk);
  blk.story_caption = b->story_caption > 0;
  if (blk.kind == BLOCK_LIST_ITEM) {
    xmlNodePtr li = owner;
    for (int climb = 0;
         li && NI(li) && NI(li)->tag != TAG_LI && climb < DOM_MAX_CLIMB;
         climb++)
      li = li->parent;
    if (li && (!NI(li) || NI(li)->tag != TAG_LI))
      li = NULL;
    xmlNodePtr list = li ? li->parent : NULL;
    struct list_state *ls = list && NI(list) ? list_state(b, list) : NULL;
    struct list_state *is = ls ? list_state(b, li) : NULL;
    if (ls && is) {
      if (!ls->list_id)
        ls->list_id = ++b->next_list_id;
      blk.list_id = ls->list_id;
      blk.ordered = NI(list)->tag == TAG_OL;
      blk.item_no = is->item_count;
      int depth = 0, climb = 0;
      for (xmlNodePtr a = list; a && NI(a) && climb++ < DOM_MAX_CLIMB;
           a = a->parent)
        if (NI(a)->tag == TAG_UL || NI(a)->tag == TAG_OL)
          depth++;
      blk.level = depth;
    }
  }
  blk.near_media = b->media_seen;
  blk.text_len = b->text.len;
  blk.link_len = b->link_len;
  blk.text = pith_buf_detach(&b->text);
  blk.markdown = pith_buf_detach(&b->md);
  b->media_seen = 0;
  b->link_len = 0;
  blk.images = b->images;
  blk.image_count = b->image_count;
  b->images = NULL;
  b->image_count = 0;
  if (!blk.text || !blk.markdown || pith_block_nfc(&blk) < 0) {
    pith_block_free_strings(&blk);
    b->failed = 1;
    return;
  }
  if (pith_blocks_push(b->out, &blk) < 0)
    b->failed = 1;
}

int pith_block_nfc(pith_block *blk) {
  char *t;
  size_t n;
  int r = pith_text_nfc(blk->text, blk->text_len, &t, &n);
  if (r < 0)
    return -1;
  if (r > 0) {
    free(blk->text);
    blk->text = t;
    blk->text_len = n;
    if (blk->link_len > n)
      blk->link_len = n;
  }
  r = pith_text_nfc(blk->markdown, strlen(blk->markdown), &t, &n);
  if (r < 0)
    return -1;
  if (r > 0) {
    free(blk->markdown);
    blk->markdown = t;
  }
  return 0;
}

/* Text of a cell, white space collapsed; what pruning took inside it (a
 * script writing an ad, a hidden box) is not the cell's text. */
static char *cell_text(xmlNodePtr cell) {
  pith_buf buf;
  pith_buf_init(&buf, 0);
  for (xmlNodePtr n = cell->children; n;) {
    int skip =
        n->type == XML_ELEMENT_NODE && NI(n) && (NI(n)->flags & NI_PRUNED) != 0;
    if (n->type == XML_TEXT_NODE && n->content)
      pith_buf_puts(&buf, (const char *)n->content);
    else if (n->type == XML_ELEMENT_NODE && NI(n) && NI(n)->tag == TAG_BR)
      pith_buf_putc(&buf, ' ');
    n = pith_dom_next(n, cell, skip);
  }
  char *raw = pith_buf_detach(&buf);
  if (!raw)
    return NULL;
  char *t = pith_text_normalize_space(raw, strlen(raw));
  free(raw);
  return t;
}

/* A cell's colspan; 1 when absent or unreadable. */
static unsigned cell_span(xmlNodePtr cell) {
  const char *v = pith_dom_attr(cell, "colspan");
  unsigned span = 0;
  for (; v && *v >= '0' && *v <= '9' && span < 1000; v++)
    span = span * 10 + (unsigned)(*v - '0');
  return span ? span : 1;
}

static void emit_table(builder *b, xmlNodePtr table) {
  pith_table t;
  memset(&t, 0, sizeof t);
  for (xmlNodePtr n = table->children; n; n = pith_dom_next(n, table, 0)) {
    if (n->type != XML_ELEMENT_NODE || !NI(n) || NI(n)->tag != TAG_TR)
      continue;
    if (NI(n)->flags & NI_PRUNED)
      continue;
    pith_table_add_row(&t);
    for (xmlNodePtr c = n->children; c; c = c->next) {
      if (c->type != XML_ELEMENT_NODE || !NI(c) ||
          (NI(c)->tag != TAG_TD && NI(c)->tag != TAG_TH))
        continue;
      pith_table_add_cell(&t, cell_text(c), cell_span(c), NI(c)->tag == TAG_TH);
    }
  }
  pith_block blk;
  memset(&blk, 0, sizeof blk);
  int rendered = pith_table_render(&t, &blk.text, &blk.markdown);
  pith_table_free(&t);
  if (rendered < 0) {
    b->failed = 1;
    return;
  }
  if (!rendered)
    return;
  blk.kind = BLOCK_TABLE;
  blk.text_len = strlen(blk.text);
  if (pith_blocks_push(b->out, &blk) < 0)
    b->failed = 1;
}

static xmlNodePtr block_owner(xmlNodePtr n) {
  xmlNodePtr start = n;
  int climb = 0;
  for (; n && n->type == XML_ELEMENT_NODE && NI(n); n = n->parent) {
    if (NI(n)->flags & NI_BLOCK)
      return n;
    if (++climb > DOM_MAX_CLIMB)
      return start;
  }
  return n && n->type == XML_ELEMENT_NODE ? n : NULL;
}

/* An image's alt text is kept aside as a caption block, so that a copy of
 * it in the text (a doubled caption) is recognised. */
static void remember_alt(builder *b, const char *alt) {
  pith_block blk;
  memset(&blk, 0, sizeof blk);
  blk.kind = BLOCK_CAPTION;
  blk.text = pith_text_normalize_space(alt, strlen(alt));
  blk.markdown = blk.text ? pith_strdup(blk.text) : NULL;
  if (!blk.text || !blk.markdown) {
    free(blk.text);
    free(blk.markdown);
    b->failed = 1;
    return;
  }
  blk.text_len = strlen(blk.text);
  if (b->alts.count == 0 && b->alts.cap == 0)
    memset(&b->alts, 0, sizeof b->alts);
  if (pith_blocks_push(&b->alts, &blk) < 0)
    b->failed = 1;
}

/* An image for the next block (options.images): its URL made absolute
 * (lazy-loading pages keep the real one in data-src), its alt text. */
static void remember_image(builder *b, xmlNodePtr img) {
  const char *src = pith_dom_attr(img, "data-src");
  if (!src || !*src)
    src = pith_dom_attr(img, "src");
  if (!src || !*src || strncmp(src, "data:", 5) == 0)
    return;
  const char *alt = pith_dom_attr(img, "alt");
  pith_image *grown =
      realloc(b->images, (b->image_count + 1) * sizeof *b->images);
  if (!grown) {
    b->failed = 1;
    return;
  }
  b->images = grown;
  pith_image *im = &b->images[b->image_count];
  im->url = pith_url_resolve(b->base_url, src);
  if (!im->url)
    im->url = pith_text_normalize_space(src, strlen(src));
  im->alt = pith_text_normalize_space(alt ? alt : "", alt ? strlen(alt) : 0);
  if (!im->url || !im->alt) {
    free(im->url);
    free(im->alt);
    b->failed = 1;
    return;
  }
  b->image_count++;
}

static void open_inline(builder *b, xmlNodePtr n) {
  tag_id t = (tag_id)NI(n)->tag;
  if (t == TAG_A && pith_dom_attr(n, "href")) {
    b->in_link++;
    if (b->pending_space && b->text.len) {
      pith_buf_putc(&b->text, ' ');
      pith_buf_putc(&b->md, ' ');
      b->pending_space = 0;
    }
    b->link_md_start = b->md.len;
    if (b->keep_links)
      pith_buf_putc(&b->md, '[');
  } else if (t == TAG_BR) {
    if (b->text.len && b->text.data[b->text.len - 1] != '\n') {
      pith_buf_putc(&b->text, '\n');
      pith_buf_puts(&b->md, "  \n");
    }
    b->pending_space = 0;
  } else if (t == TAG_IMG || t == TAG_PICTURE || t == TAG_FIGURE) {
    b->media_seen = 1;
    const char *alt = t == TAG_IMG ? pith_dom_attr(n, "alt") : NULL;
    if (alt && strlen(alt) >= 20)
      remember_alt(b, alt);
    if (t == TAG_IMG && b->want_images)
      remember_image(b, n);
  }
}

static void close_inline(builder *b, xmlNodePtr n) {
  tag_id t = (tag_id)NI(n)->tag;
  if (t == TAG_A && pith_dom_attr(n, "href") && b->in_link) {
    b->in_link--;
    if (!b->keep_links)
      return;
    const char *href = pith_dom_attr(n, "href");
    /* An empty or script link reads as plain text in Markdown. */
    if (b->md.len && b->md.data[b->md.len - 1] == '[') {
      b->md.data[--b->md.len] = '\0';
      return;
    }
    char *abs = href[0] == '#' ? NULL : pith_url_resolve(b->base_url, href);
    const char *target = abs ? abs : href;
    if (strncmp(target, "javascript:", 11) == 0 || target[0] == '#') {
      /* No useful target: the link reads as plain text. */
      size_t at = b->link_md_start;
      if (at < b->md.len && b->md.data[at] == '[') {
        memmove(b->md.data + at, b->md.data + at + 1, b->md.len - at);
        b->md.len--;
      }
    } else {
      pith_buf_puts(&b->md, "](");
      pith_buf_puts(&b->md, target);
      pith_buf_putc(&b->md, ')');
    }
    free(abs);
  }
}

/* --explain: a box cleaned away, with its rule. */
static void note_cleaned(builder *b, const pith_build *spec, xmlNodePtr n,
                         const char *rule) {
  if (spec->decisions && NI(n)->text_len > 0 &&
      pith_decisions_add(spec->decisions, "clean", rule,
                         pith_explain_node(n, 1)) < 0)
    b->failed = 1;
}

int pith_blocks_from_dom(const pith_dom *dom, const pith_build *spec,
                         pith_blocks *out) {
  xmlNodePtr *roots = spec->roots;
  size_t nroots = spec->nroots;
  builder b;
  memset(&b, 0, sizeof b);
  b.out = out;
  b.dom = dom;
  b.base_url = spec->base_url;
  for (xmlNodePtr a = spec->scored_best;
       a && a->type == XML_ELEMENT_NODE && NI(a) &&
       b.top_path_len < sizeof b.top_path / sizeof *b.top_path;
       a = a->parent)
    b.top_path[b.top_path_len++] = a;
  b.keep_links = !(dom->opt && dom->opt->no_links);
  b.want_images = dom->opt && dom->opt->images;
  pith_buf_init(&b.text, 0);
  pith_buf_init(&b.md, 0);
  for (size_t r = 0; r < nroots && !b.failed; r++) {
    xmlNodePtr root = roots[r];
    xmlNodePtr n = root;
    size_t root_text = NI(root) ? NI(root)->text_len : 0;
    for (;;) {
      int descend = 0;
      const char *cleaned = NULL;
      /* Whether n was opened (and so must be closed): not when pruned,
       * cleaned away or written whole (a data table). */
      int entered = 0;
      if (n->type == XML_ELEMENT_NODE && NI(n)) {
        node_info *i = NI(n);
        int caption = spec->captions && n != root && (i->flags & NI_PRUNED) &&
                      pith_dom_is_pruned_caption(n);
        if ((i->flags & NI_PRUNED) && n != root && !caption) {
          descend = 0;
          if (ends_article(dom, n)) {
            flush(&b, block_owner(n->parent), roots, nroots);
            if (out->count > 0)
              goto built;
          }
        } else if (caption) {
          /* A photo story's caption (spec->captions): built like any
           * box, its blocks marked as the story's. */
          entered = 1;
          flush(&b, block_owner(n->parent), roots, nroots);
          b.story_caption++;
          open_inline(&b, n);
          descend = n->children != NULL;
        } else if (n != root && (cleaned = conditionally_dropped(
                                     n, root, root_text, spec->lenient,
                                     on_top_path(&b, n), dom->tune)) != NULL) {
          note_cleaned(&b, spec, n, cleaned);
        } else if (n != root && comment_anchor(dom, n)) {
          flush(&b, block_owner(n->parent), roots, nroots);
          if (out->count > 0)
            goto built;
        } else if (n != root && is_inline_card(n)) {
          note_cleaned(&b, spec, n, "card");
        } else if (i->tag == TAG_TABLE && is_data_table(n)) {
          flush(&b, block_owner(n->parent), roots, nroots);
          emit_table(&b, n);
        } else {
          entered = 1;
          if (i->flags & NI_BLOCK)
            flush(&b, block_owner(n->parent), roots, nroots);
          if (i->tag == TAG_PRE)
            b.in_pre++;
          if (i->tag == TAG_LI && n->parent && NI(n->parent)) {
            struct list_state *ls = list_state(&b, n->parent);
            struct list_state *is = ls ? list_state(&b, n) : NULL;
            if (is)
              is->item_count = ++ls->item_count;
          }
          open_inline(&b, n);
          descend = n->children != NULL;
        }
      } else if (n->type == XML_TEXT_NODE ||
                 n->type == XML_CDATA_SECTION_NODE) {
        if (n->content)
          append_text(&b, (const char *)n->content);
      }
      if (descend) {
        n = n->children;
        continue;
      }
      for (;;) {
        /* Ancestors of a node the walk went below were all entered. */
        if (n->type == XML_ELEMENT_NODE && NI(n) && entered) {
          close_inline(&b, n);
          int caption =
              b.story_caption && n != root && pith_dom_is_pruned_caption(n);
          if ((NI(n)->flags & NI_BLOCK) || caption)
            flush(&b, n, roots, nroots);
          if (caption)
            b.story_caption--;
          if (NI(n)->tag == TAG_PRE && b.in_pre)
            b.in_pre--;
        }
        if (n == root)
          goto next_root;
        if (n->next) {
          n = n->next;
          break;
        }
        n = n->parent;
        entered = 1;
      }
    }
  next_root:
    flush(&b, root, roots, nroots);
  }
built:
  for (size_t i = 0; i < b.alts.count; i++) {
    if (!b.failed && pith_blocks_push(out, &b.alts.items[i]) < 0)
      b.failed = 1;
    else if (b.failed) {
      free(b.alts.items[i].text);
      free(b.alts.items[i].markdown);
    }
  }
  free(b.alts.items);
  free(b.lists);
  free_images(b.images, b.image_count); /* after the last block: none */
  pith_buf_free(&b.text);
  pith_buf_free(&b.md);
  return b.failed ? -1 : 0;
}

void pith_blocks_finish(pith_blocks *blocks, const pith_options *opt) {
  for (size_t i = 0; i < blocks->count; i++) {
    pith_block *b = &blocks->items[i];
    if (opt->no_tables && b->kind == BLOCK_TABLE && !b->drop) {
      b->drop = 1;
      b->rule = "no-tables";
    }
  }
  /* A caption left out does not take its picture with it: the picture goes
   * to the next block. Other blocks left out (teasers, galleries) do. */
  for (size_t i = 0; i < blocks->count; i++) {
    pith_block *b = &blocks->items[i];
    if (!b->drop || !b->image_count)
      continue;
    pith_block *next = i + 1 < blocks->count ? &blocks->items[i + 1] : NULL;
    int caption = b->kind == BLOCK_CAPTION || b->in_figure;
    if (!caption || !next) {
      free_images(b->images, b->image_count);
    } else {
      pith_image *all = realloc(
          b->images, (b->image_count + next->image_count) * sizeof *all);
      if (!all) {
        pith_nomem_note();
        free_images(b->images, b->image_count);
      } else {
        if (next->image_count)
          memcpy(all + b->image_count, next->images,
                 next->image_count * sizeof *all);
        free(next->images);
        next->images = all;
        next->image_count += b->image_count;
      }
    }
    b->images = NULL;
    b->image_count = 0;
  }
}
