/* What --explain says about the parts of a page left out of the body: a
 * short description of each pruned subtree, comment section and cleaned
 * box ("div#nav.menu: Home News Sport ..."). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"

/* Characters of a subtree's text shown. */
#define EXCERPT 100

char *pith_explain_node(xmlNodePtr n, int with_text) {
  pith_buf out;
  pith_buf_init(&out, 0);
  pith_buf_puts(&out, (const char *)n->name);
  const char *id = pith_dom_attr(n, "id");
  const char *cls = pith_dom_attr(n, "class");
  if (id && *id) {
    pith_buf_putc(&out, '#');
    pith_buf_append(&out, id, strnlen(id, 40));
  }
  if (cls && *cls) {
    char *c = pith_text_normalize_space(cls, strnlen(cls, 60));
    if (c)
      for (char *p = c; *p; p++)
        if (*p == ' ')
          *p = '.';
    pith_buf_putc(&out, '.');
    pith_buf_puts(&out, c ? c : "");
    free(c);
  }
  if (!with_text)
    return pith_buf_detach(&out);
  pith_buf_puts(&out, ": ");
  /* The text, blocks apart ("Home News Sport", not "HomeNewsSport"),
   * up to a few times what is shown. */
  pith_buf raw;
  pith_buf_init(&raw, 0);
  for (xmlNodePtr c = n; c && raw.len < 4 * EXCERPT;
       c = pith_dom_next(c, n, 0)) {
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
        c->content)
      pith_buf_puts(&raw, (const char *)c->content);
    else if (c->type == XML_ELEMENT_NODE && NI(c) && (NI(c)->flags & NI_BLOCK))
      pith_buf_putc(&raw, ' ');
  }
  char *t = raw.data ? pith_text_normalize_space(raw.data, raw.len) : NULL;
  pith_buf_free(&raw);
  if (t) {
    int cut = strlen(t) > EXCERPT;
    pith_text_truncate_utf8(t, EXCERPT);
    pith_buf_puts(&out, t);
    if (cut)
      pith_buf_puts(&out, " ...");
    free(t);
  }
  return pith_buf_detach(&out);
}

static const char *prune_rule_name(unsigned rule) {
  switch ((pith_prune_rule)rule) {
  case PITH_PRUNE_TAG:
    return "tag";
  case PITH_PRUNE_HIDDEN:
    return "hidden";
  case PITH_PRUNE_CHROME_TAG:
    return "chrome";
  case PITH_PRUNE_ROLE:
    return "role";
  case PITH_PRUNE_CLASS:
    return "class";
  case PITH_PRUNE_NONE:
    break;
  }
  return "pruned";
}

/* Whether n is one of the nodes. */
static int among(xmlNodePtr n, xmlNodePtr const *nodes, size_t count) {
  for (size_t k = 0; k < count; k++)
    if (nodes[k] == n)
      return 1;
  return 0;
}

/* Whether n is one of the roots or lies below one. */
static int inside(xmlNodePtr n, xmlNodePtr const *roots, size_t nroots,
                  xmlNodePtr body) {
  for (; n && n != body; n = n->parent)
    if (among(n, roots, nroots))
      return 1;
  return 0;
}

int pith_explain_dom(const pith_dom *dom, xmlNodePtr const *roots,
                     size_t nroots, pith_decisions *out) {
  if (!dom->body)
    return 0;
  /* The roots' ancestors: the walk goes down through them. */
  pith_buf up;
  pith_buf_init(&up, 0);
  for (size_t k = 0; k < nroots; k++)
    for (xmlNodePtr a = roots[k]->parent; a && a != dom->body; a = a->parent)
      pith_buf_append(&up, (const char *)&a, sizeof a);
  if (up.failed)
    return -1;
  xmlNodePtr const *above = (xmlNodePtr const *)(const void *)up.data;
  size_t nabove = up.len / sizeof(xmlNodePtr);
  int failed = 0;
  for (xmlNodePtr n = dom->body; n && !failed;) {
    if (n->type != XML_ELEMENT_NODE || !NI(n)) {
      n = pith_dom_next(n, dom->body, 0);
      continue;
    }
    node_info *i = NI(n);
    if (n == dom->body || among(n, above, nabove)) {
      n = pith_dom_next(n, dom->body, 0);
      continue;
    }
    if (!(i->flags & NI_PRUNED) && inside(n, roots, nroots, dom->body)) {
      n = pith_dom_next(n, dom->body, 0);
      continue;
    }
    if (!(i->flags & NI_PRUNED)) {
      /* Kept by pruning, but outside what the chosen candidate took. */
      if (nroots && i->text_len > 0 &&
          pith_decisions_add(out, "select", "outside",
                             pith_explain_node(n, 1)) < 0)
        failed = 1;
      n = pith_dom_next(n, dom->body, 1);
      continue;
    }
    /* What never shows (scripts, styles, media) is not worth a line. */
    if (i->text_len > 0 && i->prune_rule != PITH_PRUNE_TAG) {
      int comments = (i->flags & NI_COMMENTS) != 0;
      if (pith_decisions_add(out, comments ? "comments" : "prune",
                             comments ? "comments"
                                      : prune_rule_name(i->prune_rule),
                             pith_explain_node(n, 1)) < 0)
        failed = 1;
    }
    n = pith_dom_next(n, dom->body, 1);
  }
  pith_buf_free(&up);
  return failed ? -1 : 0;
}
