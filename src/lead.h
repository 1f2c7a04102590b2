/* The caption of the video a story opens with, as the story's lead. */
#ifndef PITH_LEAD_H
#define PITH_LEAD_H

#include "dom.h"

/* Sites that open a story with a video print the video's description
 * under the player ("X joins Y to talk about ..."), right above the
 * story's first paragraph: it is the story's lead. When such a caption
 * (a paragraph named as a caption or description, inside a box named as
 * a video or player, or inside an <object> or <video>; prose of
 * tune->video_lead_min_text characters or more that ends a sentence,
 * without many links) is followed in the page by nothing but pruned boxes
 * and then the first kept block of the body, it goes above that block
 * (rule "video-lead" in --explain).
 * Returns 1 when it was added, 0 when not, -1 when out of memory (blocks
 * unchanged). */
int pith_lead_video_caption_add(const pith_dom *dom, pith_blocks *blocks);

#endif /* PITH_LEAD_H */
