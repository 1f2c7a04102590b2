/* site.c: site profiles and the debris rule site-repeat. */
#ifndef PITH_SITE_H
#define PITH_SITE_H

#include "internal.h"

/* The host a page is counted under: the host of its URL, else the host of
 * its canonical URL (canonical_host, as pith_meta found it); "www." left
 * off, lower case. NULL when neither is known (or out of memory). The
 * caller frees it. */
char *pith_site_host(const char *url, const char *canonical_host);

/* Drops the blocks no rule dropped whose text the profile has on enough of
 * the host's pages (PITH_SITE_REPEAT_MIN_PAGES and _MIN_SHARE), with the
 * rule site-repeat. Nothing happens without a profile or a host. */
void pith_site_repeat_judge(pith_blocks *blocks,
                            const pith_site_profile *profile, const char *host);

#endif
