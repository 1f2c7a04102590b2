/* Per-node facts the prune, select and blocks stages share. Every element of
 * the document gets one node_info, reached through node->_private. Walks are
 * iterative (parent/next pointers), so a page nested 100 000 deep costs no
 * stack. */
#ifndef PITH_DOM_H
#define PITH_DOM_H

#include "internal.h"

typedef enum tag_id {
  TAG_OTHER = 0,
  TAG_A,
  TAG_ABBR,
  TAG_ADDRESS,
  TAG_APPLET,
  TAG_AREA,
  TAG_ARTICLE,
  TAG_ASIDE,
  TAG_AUDIO,
  TAG_B,
  TAG_BASE,
  TAG_BLOCKQUOTE,
  TAG_BODY,
  TAG_BR,
  TAG_BUTTON,
  TAG_CANVAS,
  TAG_CAPTION,
  TAG_CENTER,
  TAG_CITE,
  TAG_CODE,
  TAG_DD,
  TAG_DEL,
  TAG_DETAILS,
  TAG_DIALOG,
  TAG_DIV,
  TAG_DL,
  TAG_DT,
  TAG_EM,
  TAG_EMBED,
  TAG_FIELDSET,
  TAG_FIGCAPTION,
  TAG_FIGURE,
  TAG_FONT,
  TAG_FOOTER,
  TAG_FORM,
  TAG_FRAME,
  TAG_FRAMESET,
  TAG_H1,
  TAG_H2,
  TAG_H3,
  TAG_H4,
  TAG_H5,
  TAG_H6,
  TAG_HEAD,
  TAG_HEADER,
  TAG_HGROUP,
  TAG_HR,
  TAG_HTML,
  TAG_I,
  TAG_IFRAME,
  TAG_IMG,
  TAG_INPUT,
  TAG_INS,
  TAG_KBD,
  TAG_LABEL,
  TAG_LEGEND,
  TAG_LI,
  TAG_LINK,
  TAG_MAIN,
  TAG_MAP,
  TAG_MARK,
  TAG_MATH,
  TAG_MENU,
  TAG_META,
  TAG_NAV,
  TAG_NOSCRIPT,
  TAG_OBJECT,
  TAG_OL,
  TAG_OPTION,
  TAG_P,
  TAG_PICTURE,
  TAG_PRE,
  TAG_Q,
  TAG_S,
  TAG_SAMP,
  TAG_SCRIPT,
  TAG_SECTION,
  TAG_SELECT,
  TAG_SMALL,
  TAG_SOURCE,
  TAG_SPAN,
  TAG_STRONG,
  TAG_STYLE,
  TAG_SUB,
  TAG_SUMMARY,
  TAG_SUP,
  TAG_SVG,
  TAG_TABLE,
  TAG_TBODY,
  TAG_TD,
  TAG_TEMPLATE,
  TAG_TEXTAREA,
  TAG_TFOOT,
  TAG_TH,
  TAG_THEAD,
  TAG_TIME,
  TAG_TITLE,
  TAG_TR,
  TAG_TRACK,
  TAG_TT,
  TAG_U,
  TAG_UL,
  TAG_VAR,
  TAG_VIDEO,
  TAG_COUNT_
} tag_id;

enum node_flags {
  NI_PRUNED = 1u << 0,       /* removed: walks skip the subtree */
  NI_BLOCK = 1u << 1,        /* a block-level element */
  NI_CONTENT_HINT = 1u << 2, /* class/id/itemprop says "article body" */
  NI_BOILER_HINT = 1u << 3,  /* class/id says "share", "related", ... */
  NI_HAS_BLOCK_CHILD = 1u << 4,
  NI_CANDIDATE = 1u << 5,      /* received a paragraph score */
  NI_HIDDEN = 1u << 8,         /* hidden by attribute or inline style */
  NI_CHROME = 1u << 9,         /* pruned as page chrome; its own text is
                                  measured, for the chrome strategy */
  NI_IN_ARTICLE = 1u << 11,    /* below an <article> or <main> */
  NI_HOLDS_MARKER = 1u << 12,  /* holds <article>, <main>, <h1> or an
                                  itemprop=articleBody element */
  NI_STRONG_BOILER = 1u << 13, /* named by a strong word: share, comment,
                                  related, sidebar, ad, ... */
  NI_COMMENTS = 1u << 14,      /* comments.c: a section of reader comments
                                  (also NI_PRUNED: never the body) */
  NI_COMMENT_NAME = 1u << 15,  /* a class or id word names readers'
                                  comments ("comments", "disqus") */
  NI_CHROME_ROLE = 1u << 16,   /* an ARIA role of page chrome
                                  ("navigation", "banner", "search") */
};

/* Why prune.c removed a subtree (kept for --explain). The chrome rules
 * come last. */
typedef enum pith_prune_rule {
  PITH_PRUNE_NONE = 0,
  PITH_PRUNE_TAG,        /* never text: script, style, media, controls */
  PITH_PRUNE_HIDDEN,     /* hidden by attribute or inline style */
  PITH_PRUNE_CHROME_TAG, /* nav, aside, footer, menu, header, form */
  PITH_PRUNE_ROLE,       /* an ARIA role of page chrome */
  PITH_PRUNE_CLASS,      /* a class or id word of boilerplate */
} pith_prune_rule;

/* Facts about one element. Written by annotate, prune, comments, measure
 * and score, in that order; read-only afterwards, while the strategies
 * build their candidates (whatever a pass needs of its own, such as list
 * numbers, lives in the pass). */
typedef struct node_info {
  unsigned short tag;
  unsigned char prune_rule; /* pith_prune_rule, when pruned */
  unsigned flags;
  int class_weight; /* Readability: +25 content-like, -25 boilerplate */
  unsigned parent;  /* 1 + the parent element's index in pith_dom.info,
                       0 for the root */
  unsigned last;    /* the index of the last element of its subtree (its
                       own when it has no element below) */
  /* Character counts are 32 bits (the parser reads at most INT_MAX bytes),
   * which keeps the entry, read by every pass over the elements, at 96
   * bytes; a product of counts is taken in size_t. */
  unsigned text_len;   /* visible characters below, pruned parts excluded */
  unsigned link_len;   /* of which inside <a href> */
  unsigned direct_len; /* characters not inside a block-level descendant */
  unsigned direct_commas;
  unsigned commas;
  unsigned own_text, own_commas; /* of its own text nodes (annotate) */
  unsigned n_p;                  /* <p> with text, below */
  unsigned n_li, n_img, n_input, n_embed, n_heading, n_br_direct;
  unsigned n_links;
  unsigned chrome_text; /* prune.c: non-link text when pruned as chrome, for
                           paragraph-rich boxes; 0 otherwise */
  double score;         /* select.c: the paragraph score it received */
} node_info;

typedef struct pith_dom {
  htmlDocPtr doc;
  xmlNodePtr root; /* <html> (or the document's first element) */
  xmlNodePtr body; /* <body>, or root */
  node_info *info;
  xmlNodePtr *elements; /* the element of each info entry */
  size_t count;
  const pith_tuning *tune; /* the mode's thresholds */
  const pith_options *opt; /* blocks.c: links and images in Markdown */
  int thread_is_content;   /* comments.c: the page is a forum thread, its
                              posts are the body */
  /* When set, pith_dom_read calls it for every element it annotates, in
   * document order, with its index in info (the metadata walk). */
  void (*visit)(void *ctx, xmlNodePtr n, const struct node_info *info,
                size_t index);
  void *visit_ctx;
} pith_dom;

static inline node_info *NI(xmlNodePtr n) {
  return (node_info *)n->_private;
}

/* The element's position in dom->info, for the arrays a pass keeps of its
 * own. */
static inline size_t dom_index(const pith_dom *dom, xmlNodePtr n) {
  return (size_t)((node_info *)n->_private - dom->info);
}

/* Whether element n lies in box's subtree (or is box): elements are in
 * document order and info.last ends each subtree. */
static inline int dom_holds(const pith_dom *dom, xmlNodePtr box, xmlNodePtr n) {
  size_t b = dom_index(dom, box), k = dom_index(dom, n);
  return b <= k && k <= (size_t)NI(box)->last;
}

tag_id pith_tag_lookup(const char *name);
int pith_tag_is_block(tag_id tag);
int pith_tag_is_heading(tag_id tag);

/* Allocates node_info for every element and fills tag, block and class hints.
 * Returns 0, or -1 when out of memory or over max_nodes (*over_limit set). */
int pith_dom_annotate(pith_dom *dom, size_t max_nodes, int *over_limit);
/* pith_dom_read's failures. */
enum { PITH_DOM_NOMEM = -1, PITH_DOM_TOO_DEEP = -2, PITH_DOM_TOO_MANY = -3 };
/* pith_dom_annotate, after checking in the same walk that no element nests
 * deeper than max_depth below the root (the root at depth 1) and that there
 * are at most max_nodes elements. Returns 0 or a PITH_DOM_ failure (too
 * deep wins over too many). */
int pith_dom_read(pith_dom *dom, size_t max_depth, size_t max_nodes);
/* Recomputes the length and count fields, leaving pruned subtrees out. */
void pith_dom_measure(pith_dom *dom);
void pith_dom_release(pith_dom *dom);
/* Frees the document and the node facts together: the tree goes too, so the
 * nodes' _private pointers are not cleared (that would take a walk over the
 * whole tree). dom->root is NULL afterwards. */
void pith_dom_free_with_doc(pith_dom *dom, htmlDocPtr doc);

/* Walks up at most this many ancestors where a deep page would make a walk
 * to the root quadratic. */
#define DOM_MAX_CLIMB 64

/* An attribute's value (owned by the DOM) or NULL. */
const char *pith_dom_attr(xmlNodePtr n, const char *name);

/* Link density of a node: link characters over text characters. */
static inline double dom_link_density(xmlNodePtr n) {
  node_info *i = NI(n);
  return i && i->text_len ? (double)i->link_len / (double)i->text_len : 0.0;
}

/* Whether an element was pruned, or lies below a pruned element. */
int pith_dom_is_pruned(xmlNodePtr n);

/* prune.c: marks boilerplate subtrees as pruned. */
void pith_prune_document(pith_dom *dom, const pith_meta *meta);

/* select.c: the paragraph scores (Readability), into node_info.score, once
 * after pruning; each paragraph box pruned as chrome is scored as a page
 * of its own. */
void pith_score_document(pith_dom *dom);
/* select.c: finds the main content below `scope` (the body, or a box of
 * its own such as one pruned as chrome). Fills `roots` with the chosen
 * node and the siblings that continue it, in document order; returns
 * their count. *scored_best (may be NULL) gets the node that scored best,
 * which the chosen nodes hold. Reads the DOM only. */
size_t pith_select_content(const pith_dom *dom, xmlNodePtr scope,
                           xmlNodePtr *roots, size_t max_roots,
                           xmlNodePtr *scored_best);

/* select.c: whether a box lists teasers of other articles: three or more
 * "Read more..." buttons, one under each summary. */
int pith_select_lists_teasers(xmlNodePtr box);

/* select.c: a candidate's score scaled by (1 - its link density). */
double pith_select_final_score(xmlNodePtr n);

/* blocks.c: what one pass turns into blocks. */
typedef struct pith_build {
  xmlNodePtr *roots; /* subtrees, in document order (a root may itself be
                        pruned: a chrome box or a comment section) */
  size_t nroots;
  xmlNodePtr scored_best;    /* boxes holding it are never cleaned away */
  int lenient;               /* keep boxes whose class alone condemns them */
  int captions;              /* build the boxes pruned as captions (a
                                photo story told in its captions) */
  const char *base_url;      /* resolves links; may be NULL */
  pith_decisions *decisions; /* --explain: the boxes cleaned away are
                                noted here; NULL when not explaining */
} pith_build;

/* blocks.c: turns the chosen subtrees into blocks. Reads the DOM only:
 * list numbers and other marks of the pass live in the pass, so two
 * builds over one tree give the same blocks. */
int pith_blocks_from_dom(const pith_dom *dom, const pith_build *build,
                         pith_blocks *out);

/* blocks.c: whether n was pruned for a class word naming a caption
 * ("wp-caption", "photo-caption"). */
int pith_dom_is_pruned_caption(xmlNodePtr n);

/* Class/id classification, shared by prune and select. */
int pith_class_is_boilerplate(xmlNodePtr n);
/* Whether a word of the class or id (split as above) is in the list. */
int pith_class_has_word(xmlNodePtr n, const char *const *words, size_t count);
int pith_class_is_content(xmlNodePtr n);

#endif /* PITH_DOM_H */
