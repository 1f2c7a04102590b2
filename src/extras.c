/* What an extraction adds once the body is rendered: the language when the
 * page does not declare one, the text's fingerprint, the images of the
 * body (options.images), and the target-language filter. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The images of the kept blocks, in order, moved out of the blocks. */
static int take_images(pith_extras *x, pith_blocks *blocks) {
  size_t n = 0;
  for (size_t i = 0; i < blocks->count; i++)
    if (!blocks->items[i].drop)
      n += blocks->items[i].image_count;
  if (!n)
    return 0;
  x->images = calloc(n, sizeof *x->images);
  if (!x->images)
    return -1;
  for (size_t i = 0; i < blocks->count; i++) {
    pith_block *b = &blocks->items[i];
    if (b->drop)
      continue;
    for (size_t k = 0; k < b->image_count; k++) {
      x->images[x->image_count++] = b->images[k];
      b->images[k].url = b->images[k].alt = NULL;
    }
  }
  return 0;
}

static pith_status wrong_language(pith_result *r, const char *language,
                                  const char *source, const char *target) {
  char msg[200];
  snprintf(msg, sizeof msg,
           "the document is in %.16s (%s), not in the target language %.16s",
           language, source, target);
  return pith_result_fail(r, PITH_ERR_LANGUAGE, msg);
}

pith_status pith_extras_make(pith_extras *x, pith_meta *meta,
                             pith_blocks *blocks, const char *text,
                             int has_article, const pith_options *opt,
                             pith_result *r) {
  memset(x, 0, sizeof *x);
  if (meta->language) {
    x->json.language_source = "declared";
  } else if (has_article && text) {
    const char *detected = pith_language_detect(text, strlen(text));
    if (detected) {
      meta->language = pith_strdup(detected);
      if (!meta->language)
        return pith_result_fail(r, PITH_ERR_NOMEM, NULL);
      x->json.language_source = "detected";
    }
  }
  if (opt->target_language && *opt->target_language && meta->language &&
      !pith_language_matches(meta->language, opt->target_language))
    return wrong_language(r, meta->language, x->json.language_source,
                          opt->target_language);

  int empty = 1;
  uint64_t fp =
      has_article && text ? pith_fingerprint(text, strlen(text), &empty) : 0;
  if (!empty) {
    snprintf(x->fingerprint, sizeof x->fingerprint, "%016" PRIx64, fp);
    x->json.fingerprint = x->fingerprint;
  }

  if (opt->images) {
    /* Without an article the text and Markdown are empty: so is the list. */
    if (has_article && take_images(x, blocks) < 0)
      return pith_result_fail(r, PITH_ERR_NOMEM, NULL);
    x->json.with_images = 1;
    x->json.images = x->images;
    x->json.image_count = x->image_count;
  }
  return PITH_OK;
}

int pith_extras_store(pith_extras *x, pith_result *r) {
  if (x->json.language_source) {
    r->fields[PITH_FIELD_LANGUAGE_SOURCE] =
        pith_strdup(x->json.language_source);
    if (!r->fields[PITH_FIELD_LANGUAGE_SOURCE])
      return -1;
  }
  if (x->json.fingerprint) {
    r->fields[PITH_FIELD_FINGERPRINT] = pith_strdup(x->fingerprint);
    if (!r->fields[PITH_FIELD_FINGERPRINT])
      return -1;
  }
  r->images = x->images;
  r->nimages = x->image_count;
  x->images = NULL;
  x->image_count = 0;
  x->json.images = NULL;
  return 0;
}

void pith_extras_free(pith_extras *x) {
  for (size_t i = 0; i < x->image_count; i++) {
    free(x->images[i].url);
    free(x->images[i].alt);
  }
  free(x->images);
  x->images = NULL;
  x->image_count = 0;
}
