/* The choice between candidate bodies, and the confidence in it.
 *
 * trafilatura builds its own extraction and its fallbacks side by side and
 * keeps the better by their lengths; here every strategy's candidate is
 * built, and this file alone decides between them. */
#include <stdlib.h>
#include <string.h>

#include "candidates.h"

static int is_within(xmlNodePtr n, xmlNodePtr a) {
  int up = 0;
  for (; n && up < 4 * DOM_MAX_CLIMB; n = n->parent, up++)
    if (n == a)
      return 1;
  return 0;
}

/* Share of the text of two candidates' containers that they have in
 * common (1: the same text; 0: disjoint), from their roots. */
static double roots_agreement(const pith_candidate *a,
                              const pith_candidate *b) {
  size_t a_text = 0, b_text = 0, common = 0;
  for (size_t j = 0; j < b->nroots; j++)
    b_text += NI(b->roots[j])->text_len;
  for (size_t k = 0; k < a->nroots; k++) {
    xmlNodePtr r = a->roots[k];
    a_text += NI(r)->text_len;
    for (size_t j = 0; j < b->nroots; j++) {
      xmlNodePtr m = b->roots[j];
      if (is_within(m, r))
        common += NI(m)->text_len;
      else if (is_within(r, m))
        common += NI(r)->text_len;
    }
  }
  size_t larger = a_text > b_text ? a_text : b_text;
  if (!larger)
    return 0;
  return common >= larger ? 1.0 : (double)common / (double)larger;
}

/* The kept text of a candidate, blocks joined by a space. NULL when out
 * of memory. */
static char *flat_text(const pith_candidate *c) {
  pith_buf out;
  pith_buf_init(&out, 0);
  for (size_t i = 0; i < c->blocks.count; i++) {
    const pith_block *b = &c->blocks.items[i];
    if (b->drop)
      continue;
    if (out.len)
      pith_buf_putc(&out, ' ');
    pith_buf_append(&out, b->text, b->text_len);
  }
  return pith_buf_detach(&out);
}

/* Share of evenly spaced 24-byte samples of `part` found in `whole`
 * (both with white space collapsed, so that paragraph breaks match); -1
 * when `part` is shorter than min_len. */
static double samples_found(const char *part, const char *whole,
                            size_t min_len) {
  if (!part || strlen(part) < min_len || !whole)
    return -1;
  char *norm = pith_text_normalize_space(part, strlen(part));
  char *flat = pith_text_normalize_space(whole, strlen(whole));
  if (!norm || !flat) {
    free(norm);
    free(flat);
    pith_nomem_note();
    return -1;
  }
  size_t len = strlen(norm), found = 0, tried = 0;
  enum { SAMPLES = 12, SAMPLE = 24 };
  for (size_t k = 0; k < SAMPLES; k++) {
    size_t at = len * k / SAMPLES;
    while (at < len && (norm[at] & 0xC0) == 0x80) /* a character's start */
      at++;
    if (at + SAMPLE > len)
      break;
    size_t n = SAMPLE;
    while (n < len - at && (norm[at + n] & 0xC0) == 0x80)
      n++;
    char saved = norm[at + n];
    norm[at + n] = '\0';
    found += strstr(flat, norm + at) != NULL;
    norm[at + n] = saved;
    tried++;
  }
  free(norm);
  free(flat);
  return tried ? (double)found / (double)tried : -1;
}

/* Share of the JSON-LD articleBody found in the body text; -1 when there
 * is no usable JSON-LD body. */
static double json_ld_agreement(const char *body, const char *text) {
  return samples_found(body, text, 300);
}

/* Whether the scored body left out most of the container the markup
 * names as the article, though that container lies inside it: cleaning
 * took the post for a link list or a gallery and kept the sidebars
 * around it. */
static int left_out_marked(const pith_candidate *chosen,
                           const pith_candidate *semantic,
                           const pith_tuning *tune) {
  if (semantic->prose < tune->semantic_min_prose)
    return 0;
  char *part = flat_text(semantic), *whole = flat_text(chosen);
  double found = part && whole ? samples_found(part, whole, 48) : -1;
  if (!part || !whole)
    pith_nomem_note();
  free(part);
  free(whole);
  return found >= 0 && found < 0.5;
}

/* Whether the scored body is the container named as the article with
 * lists and labels wrapped around it: its prose lies almost all inside
 * that container, and a good part of its text outside (a column's link
 * lists, a site's teasers and labels around a post). */
static int wrapped_marked(const pith_candidate *chosen,
                          const pith_candidate *semantic,
                          const pith_tuning *tune) {
  if (semantic->prose < tune->semantic_min_prose ||
      semantic->kept >= chosen->kept)
    return 0;
  size_t prose_out =
      chosen->prose > semantic->prose ? chosen->prose - semantic->prose : 0;
  size_t kept_out = chosen->kept - semantic->kept;
  return (double)prose_out <
             tune->semantic_outside_prose * (double)semantic->prose &&
         (double)kept_out >= tune->semantic_outside_kept * (double)chosen->kept;
}

/* Length of a text for the confidence: characters, each ideograph,
 * kana or hangul syllable counting as three. Never words: CJK text has no
 * spaces between them. */
static size_t text_weight(const char *s, size_t n) {
  size_t w = 0;
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; i < n; i++) {
    if ((u[i] & 0xC0) == 0x80)
      continue;
    unsigned cp = u[i];
    if (u[i] >= 0xE0 && u[i] < 0xF0 && i + 2 < n)
      cp = ((u[i] & 0x0Fu) << 12) | ((u[i + 1] & 0x3Fu) << 6) |
           (u[i + 2] & 0x3Fu);
    int cjk = (cp >= 0x3040 && cp <= 0x30FF) ||
              (cp >= 0x3400 && cp <= 0x9FFF) ||
              (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF);
    w += cjk ? 3 : 1;
  }
  return w;
}

/* Confidence in the chosen body, 0..1: the mean of four signals.
 * - agreement: the chosen container against the semantic one and the
 *   chosen text against the JSON-LD body (0.5, "no opinion", when the
 *   page has neither);
 * - length: full at 1500 characters, a Chinese, Japanese or Korean one
 *   counting as three (one says about as much as a short word);
 * - prose: the share of the text in blocks that end like sentences;
 * - links: 1 minus twice the link density. */
static double confidence_of(const pith_candidate *cands, size_t n,
                            const pith_candidate *chosen,
                            const pith_meta *meta) {
  size_t chars = 0;
  for (size_t i = 0; i < chosen->blocks.count; i++) {
    const pith_block *b = &chosen->blocks.items[i];
    if (!b->drop)
      chars += text_weight(b->text, b->text_len);
  }
  size_t kept = chosen->kept;
  double length = chars >= 1500 ? 1.0 : (double)chars / 1500.0;
  double prose_share = kept ? (double)chosen->prose / (double)kept : 0;
  double ld = kept ? (double)chosen->links / (double)kept : 1;
  double link_score = ld * 2 >= 1 ? 0 : 1 - 2 * ld;
  double votes = 0;
  int voters = 0;
  const pith_candidate *semantic =
      n > PITH_STRATEGY_SEMANTIC ? &cands[PITH_STRATEGY_SEMANTIC] : NULL;
  if (semantic && semantic->present && chosen->nroots &&
      chosen->strategy != PITH_STRATEGY_JSON_LD) {
    votes += roots_agreement(chosen, semantic);
    voters++;
  }
  char *text = flat_text(chosen);
  if (!text)
    pith_nomem_note();
  double j = json_ld_agreement(meta->article_body, text);
  free(text);
  if (j >= 0) {
    votes += j;
    voters++;
  }
  double agreement = voters ? votes / voters : 0.5;
  double conf = (agreement + length + prose_share + link_score) / 4;
  if (conf < 0.01)
    conf = 0.01;
  return conf > 1 ? 1 : conf;
}

/* A short scored body (a short post, or a sidebar box beside it) that
 * shares nothing with the container named as the body or one post, when
 * that container holds prose and about as much text: the markup's word
 * decides. */
static int short_beside_marked(const pith_candidate *cands, int chosen,
                               const pith_candidate *semantic,
                               const pith_tuning *tune) {
  if (chosen < 0 || cands[chosen].strategy > PITH_STRATEGY_LENIENT)
    return 0;
  const pith_candidate *body = &cands[chosen];
  return !semantic->inside_scored && semantic->semantic_rank >= 4 &&
         semantic->blocks.count && body->kept < tune->semantic_short_body &&
         semantic->kept * 2 >= body->kept &&
         semantic->prose >= tune->semantic_min_prose &&
         roots_agreement(body, semantic) == 0;
}

static const pith_candidate *get(const pith_candidate *cands, size_t n,
                                 pith_strategy s) {
  return (size_t)s < n && cands[s].present ? &cands[s] : NULL;
}

/* The kept text of the chosen candidate so far (0 when none). */
static size_t kept_of(const pith_candidate *cands, int chosen) {
  return chosen >= 0 ? cands[chosen].kept : 0;
}

/* Whether the scored body kept a small part of its container: the boxes
 * cleaning removed for their class alone were the text. */
static int kept_little(const pith_candidate *scored, const pith_tuning *tune) {
  return scored->root_text >= tune->lenient_min_root &&
         (double)scored->kept <
             tune->lenient_kept_share * (double)scored->root_text &&
         scored->kept < tune->lenient_max_kept;
}

/* Whether strategy s could change the choice made so far (`chosen`,
 * from the strategies before it): the question asked before s is run,
 * and again, with s's candidate, when it is weighed. */
static int worth_weighing(pith_strategy s, const pith_candidate *cands,
                          size_t n, int chosen, const pith_tuning *tune,
                          const pith_meta *meta) {
  size_t kept = kept_of(cands, chosen);
  const pith_candidate *scored = get(cands, n, PITH_STRATEGY_SCORED);
  switch (s) {
  case PITH_STRATEGY_SCORED:
    return 1;
  case PITH_STRATEGY_LENIENT:
    return scored && chosen == PITH_STRATEGY_SCORED && !tune->start_lenient &&
           kept_little(scored, tune);
  case PITH_STRATEGY_CHROME:
    /* Little was found: a box of paragraphs pruned for chrome may be the
     * article. */
    return kept < tune->chrome_max_kept;
  case PITH_STRATEGY_SEMANTIC:
    /* The markup's own word: its container counts for the agreement. */
    return 2;
  case PITH_STRATEGY_JSON_LD:
    return meta->article_body != NULL;
  case PITH_STRATEGY_BASELINE:
    /* No container gave an article. */
    return kept < tune->article_min_text;
  case PITH_STRATEGY_COUNT_:
    break;
  }
  return 0;
}

/* The choice over the strategies before `upto`, each weighed in turn
 * against the choice so far; sets the verdicts when asked. */
static int choose_upto(pith_candidate *cands, size_t n, size_t upto,
                       const pith_tuning *tune, const pith_meta *meta,
                       int verdicts) {
  int chosen = -1;
  for (size_t s = 0; s < upto && s < n; s++) {
    pith_candidate *c = &cands[s];
    if (!c->present ||
        !worth_weighing((pith_strategy)s, cands, n, chosen, tune, meta))
      continue;
    size_t kept = kept_of(cands, chosen);
    const char *lost = NULL; /* why the choice so far gives way */
    switch ((pith_strategy)s) {
    case PITH_STRATEGY_SCORED:
      chosen = (int)s;
      break;
    case PITH_STRATEGY_LENIENT:
      lost = "kept too little of its container";
      break;
    case PITH_STRATEGY_CHROME: {
      const pith_candidate *scored = get(cands, n, PITH_STRATEGY_SCORED);
      if ((double)c->kept > tune->chrome_ratio * (double)kept &&
          (!scored || c->score > scored->score))
        lost = "too short beside a box pruned as chrome";
      break;
    }
    case PITH_STRATEGY_JSON_LD: {
      /* JSON-LD articleBody stands in when the page's own markup gave
       * little (trafilatura's recall ratio): script-rendered and
       * paywalled pages carry the body only there. */
      double body_len = (double)strlen(meta->article_body);
      if (kept < tune->json_ld_short_body ||
          body_len > tune->json_ld_ratio * (double)kept)
        lost = "shorter than the JSON-LD articleBody";
      break;
    }
    case PITH_STRATEGY_BASELINE:
      /* trafilatura falls back on jusText when its result is short. */
      if (c->prose >= tune->baseline_min_prose)
        lost = "too short beside the page's prose";
      break;
    case PITH_STRATEGY_SEMANTIC:
      if (c->inside_scored && c->blocks.count && chosen >= 0 &&
          cands[chosen].strategy <= PITH_STRATEGY_LENIENT &&
          left_out_marked(&cands[chosen], c, tune))
        lost = "left out the container the markup names as the article";
      else if (c->inside_scored && c->blocks.count && chosen >= 0 &&
               cands[chosen].strategy <= PITH_STRATEGY_LENIENT &&
               wrapped_marked(&cands[chosen], c, tune))
        lost = "wraps the container the markup names as the article in "
               "lists and labels";
      else if (short_beside_marked(cands, chosen, c, tune))
        lost = "short, and away from the body the markup names";
      break;
    case PITH_STRATEGY_COUNT_:
      break;
    }
    if (lost) {
      if (chosen >= 0 && verdicts)
        cands[chosen].verdict = lost;
      chosen = (int)s;
    }
  }
  return chosen;
}

int pith_choose_wants(pith_strategy strategy, const pith_candidate *cands,
                      size_t n, const pith_tuning *tune,
                      const pith_meta *meta) {
  pith_candidate *c = (pith_candidate *)cands; /* no verdicts are set */
  int chosen = choose_upto(c, n, (size_t)strategy, tune, meta, 0);
  return worth_weighing(strategy, cands, n, chosen, tune, meta);
}

int pith_choose(pith_candidate *cands, size_t n, const pith_tuning *tune,
                const pith_meta *meta, double *confidence) {
  *confidence = 0;
  for (size_t i = 0; i < n; i++)
    cands[i].verdict = cands[i].present ? "not needed"
                       : cands[i].ran   ? "found nothing"
                                      : "not run: could not change the choice";
  int chosen = choose_upto(cands, n, n, tune, meta, 1);
  if (chosen < 0)
    return -1;
  cands[chosen].verdict = "chosen";
  *confidence = confidence_of(cands, n, &cands[chosen], meta);
  return chosen;
}
