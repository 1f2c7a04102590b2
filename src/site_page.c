/* pith_site_profile_add_page: a page extracted, then counted into a site
 * profile. Apart from site.c, which the extraction itself calls for the
 * site-repeat rule. */
#include "internal.h"

pith_status pith_site_profile_add_page(pith_site_profile *profile,
                                       const char *html, size_t len,
                                       const pith_options *options) {
  if (!profile || !html)
    return PITH_ERR_ARGUMENT;
  pith_options opt;
  if (options)
    opt = *options;
  else
    pith_options_init(&opt);
  opt.site_profile = NULL; /* the lines are the same with it or without */
  opt.explain = 0;
  pith_result *r = NULL;
  pith_status st = pith_extract(html, len, &opt, &r);
  if (st == PITH_OK || st == PITH_NO_ARTICLE)
    st = pith_site_profile_add(profile, r);
  pith_result_free(r);
  return st;
}
