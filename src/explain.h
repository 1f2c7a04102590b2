/* --explain: descriptions of what was left out of the body. */
#ifndef PITH_EXPLAIN_H
#define PITH_EXPLAIN_H

#include "dom.h"

/* "tag#id.class: the first words of its text ..." (with_text), or
 * "tag#id.class". Caller frees; NULL when out of memory. */
char *pith_explain_node(xmlNodePtr n, int with_text);

/* Appends a decision for every pruned subtree and comment section of the
 * frozen DOM that holds text, and for every subtree outside the chosen
 * roots (none when there are no roots), in page order. 0, or -1 when out
 * of memory. */
int pith_explain_dom(const pith_dom *dom, xmlNodePtr const *roots,
                     size_t nroots, pith_decisions *out);

#endif /* PITH_EXPLAIN_H */
