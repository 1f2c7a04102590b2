/* A recipe's JSON-LD ingredients added to a body that lacks them. */
#ifndef PITH_INGREDIENTS_H
#define PITH_INGREDIENTS_H

#include "internal.h"

/* `list` holds one ingredient per line (pith_meta.ingredients). When the
 * kept blocks hold under half of them (an ingredient counts as held when
 * a short line has most of its words: the page's own list, however it
 * writes them), they are added as one list, under a heading naming the
 * ingredients that heads nothing, else at the top. Returns 0, or -1 when
 * out of memory (blocks is then emptied). */
int pith_ingredients_add(const char *list, pith_blocks *blocks);

#endif /* PITH_INGREDIENTS_H */
