/* Reader comments: found by their structure, kept apart from the body. */
#ifndef PITH_COMMENTS_H
#define PITH_COMMENTS_H

#include "dom.h"

/* Marks the comment sections of the pruned page NI_COMMENTS | NI_PRUNED,
 * so that no strategy takes them for the body; on a forum page (the posts
 * are the content) nothing is marked. Run after pruning; returns 1 when
 * it changed what is pruned (the tree must be measured again). */
int pith_comments_mark(pith_dom *dom, const pith_meta *meta);

/* The text of the marked comment sections, one comment a paragraph, in
 * *out (caller frees; NULL when there are none). 0, or -1 when out of
 * memory. */
int pith_comments_text(const pith_dom *dom, const debris_context *ctx,
                       const char *url, char **out);

#endif /* PITH_COMMENTS_H */
