/* The whole-text baseline: every paragraph of the page that reads as
 * prose, wherever it sits (jusText, Pomikálek 2011). Each text block is
 * judged by its length, its link density and its share of stop words;
 * short and near-good blocks then take the class of their neighbours.
 * It finds a body where no container stands out, and says how far the
 * other candidates agree with what the page's prose is. */
#include <stdlib.h>
#include <string.h>

#include "candidates.h"

/* The commonest function words of the languages pith meets most, in
 * lower case: prose is dense with them, menus and link lists are not. */
static const char *const stop_words[] = {
    /* en */
    "the", "and", "of", "to", "in", "is", "that", "it", "was", "for", "on",
    "with", "as", "are", "be", "this", "by", "at", "from", "have", "not", "but",
    "they", "he", "she", "we", "has", "had", "his", "her", "their", "which",
    "been", "were", "will", "would", "an", "or", "there", "who",
    /* de */
    "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "mit", "den",
    "von", "zu", "sich", "auf", "dem", "auch", "es", "im", "sie", "wird",
    /* fr */
    "le", "la", "les", "et", "des", "est", "un", "une", "du", "que", "qui",
    "dans", "pour", "pas", "sur", "au", "il", "ne", "se", "ce",
    /* es, it, pt */
    "el", "los", "las", "y", "en", "que", "por", "con", "una", "del", "se",
    "su", "lo", "para", "il", "di", "che", "per", "non", "della", "da", "o",
    "os", "em", "um", "uma", "do", "da", "com", "no", "na",
    /* nl */
    "de", "het", "een", "van", "en", "is", "op", "dat", "niet", "met",
    /* pl, ru */
    "i", "w", "nie", "na", "z", "się", "jest", "że", "и", "в", "не", "на",
    "что", "с", "по", "это", "как", "а"};

static int is_stop_word(const char *w, size_t n) {
  for (size_t i = 0; i < sizeof stop_words / sizeof *stop_words; i++)
    if (stop_words[i][0] == w[0] && strlen(stop_words[i]) == n &&
        memcmp(stop_words[i], w, n) == 0)
      return 1;
  return 0;
}

/* Words and stop words of a text; a word is a run of letters (any byte
 * of a multi-byte character counts as one), ASCII lower-cased. */
static void count_words(const char *s, size_t *words, size_t *stops) {
  char w[32];
  size_t wl = 0, nw = 0, ns = 0;
  for (const unsigned char *p = (const unsigned char *)s;; p++) {
    int letter = *p && (pith_is_alpha(*p) || *p >= 0x80);
    if (letter) {
      if (wl < sizeof w)
        w[wl] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
      wl++;
      continue;
    }
    if (wl) {
      nw++;
      if (wl <= sizeof w && is_stop_word(w, wl))
        ns++;
      wl = 0;
    }
    if (!*p)
      break;
  }
  *words = nw;
  *stops = ns;
}

enum klass { BAD, SHORT, NEAR_GOOD, GOOD };

typedef struct para {
  xmlNodePtr node;
  enum klass klass;
  int heading;
} para;

/* jusText's defaults: link density 0.2; 70 and 200 characters; stop-word
 * shares 0.30 and 0.32. */
#define MAX_LINK_DENSITY 0.2
#define LENGTH_LOW 70
#define LENGTH_HIGH 200
#define STOPWORDS_LOW 0.30
#define STOPWORDS_HIGH 0.32

/* Whether a block is one of the page's text blocks: a block with text of
 * its own and no block inside it. */
static int is_text_block(xmlNodePtr n) {
  node_info *i = NI(n);
  return (i->flags & NI_BLOCK) && !(i->flags & NI_HAS_BLOCK_CHILD) &&
         i->text_len > 0 && i->tag != TAG_BODY && i->tag != TAG_HTML;
}

static enum klass classify(xmlNodePtr n, int stop_words_known) {
  node_info *i = NI(n);
  if (dom_link_density(n) > MAX_LINK_DENSITY)
    return BAD;
  if (i->text_len < LENGTH_LOW)
    return SHORT;
  xmlChar *text = xmlNodeGetContent(n);
  if (!text) {
    pith_nomem_note();
    return BAD;
  }
  size_t words, stops;
  count_words((const char *)text, &words, &stops);
  int stop = pith_text_has_sentence_stop((const char *)text);
  xmlFree(text);
  if (!stop_words_known) {
    /* A language without a list: prose is what ends sentences. */
    if (!stop)
      return BAD;
    return i->text_len > LENGTH_HIGH ? GOOD : NEAR_GOOD;
  }
  double share = words ? (double)stops / (double)words : 0;
  if (share >= STOPWORDS_HIGH)
    return i->text_len > LENGTH_HIGH ? GOOD : NEAR_GOOD;
  if (share >= STOPWORDS_LOW)
    return NEAR_GOOD;
  return BAD;
}

/* The class of the nearest block before (dir -1) or after (+1) k that is
 * neither short nor near-good; BAD at the edges. */
static enum klass neighbour(const para *p, size_t n, size_t k, int dir) {
  for (size_t j = k; dir < 0 ? j-- > 0 : ++j < n;)
    if (p[j].klass == GOOD || p[j].klass == BAD)
      return p[j].klass;
  return BAD;
}

/* Whether the page's language has a stop-word list: some of its longer
 * blocks carry stop words at all. */
static int stop_words_known(const para *p, size_t n) {
  size_t words = 0, stops = 0;
  for (size_t k = 0; k < n && words < 2000; k++) {
    if (NI(p[k].node)->text_len < LENGTH_LOW)
      continue;
    xmlChar *text = xmlNodeGetContent(p[k].node);
    if (!text)
      continue;
    size_t w, s;
    count_words((const char *)text, &w, &s);
    xmlFree(text);
    words += w;
    stops += s;
  }
  return words && (double)stops / (double)words >= 0.1;
}

int pith_baseline_blocks(const pith_dom *dom, const char *url,
                         xmlNodePtr **roots, size_t *nroots) {
  (void)url;
  *roots = NULL;
  *nroots = 0;
  size_t n = 0, cap = 0;
  para *p = NULL;
  for (xmlNodePtr node = dom->body; node;) {
    if (node->type != XML_ELEMENT_NODE || !NI(node)) {
      node = pith_dom_next(node, dom->body, 0);
      continue;
    }
    if (NI(node)->flags & NI_PRUNED) {
      node = pith_dom_next(node, dom->body, 1);
      continue;
    }
    if (is_text_block(node)) {
      if (n == cap) {
        size_t nc = cap ? cap * 2 : 64;
        para *np = realloc(p, nc * sizeof *np);
        if (!np) {
          free(p);
          return -1;
        }
        p = np;
        cap = nc;
      }
      p[n].node = node;
      p[n].heading = pith_tag_is_heading((tag_id)NI(node)->tag);
      n++;
      node = pith_dom_next(node, dom->body, 1);
      continue;
    }
    node = pith_dom_next(node, dom->body, 0);
  }
  int known = stop_words_known(p, n);
  for (size_t k = 0; k < n; k++)
    p[k].klass = classify(p[k].node, known);
  /* Context: a short block between good ones is good; a near-good one
   * next to a good one is good; the rest goes. A heading just before good
   * text heads it. */
  enum klass *final = malloc((n ? n : 1) * sizeof *final);
  if (!final) {
    free(p);
    return -1;
  }
  for (size_t k = 0; k < n; k++) {
    enum klass c = p[k].klass;
    if (c == SHORT)
      c = neighbour(p, n, k, -1) == GOOD && neighbour(p, n, k, 1) == GOOD ? GOOD
                                                                          : BAD;
    else if (c == NEAR_GOOD)
      c = neighbour(p, n, k, -1) == GOOD || neighbour(p, n, k, 1) == GOOD ? GOOD
                                                                          : BAD;
    if (c != GOOD && p[k].heading && k + 1 < n && p[k + 1].klass == GOOD)
      c = GOOD;
    final[k] = c;
  }
  size_t good = 0;
  for (size_t k = 0; k < n; k++)
    good += final[k] == GOOD;
  xmlNodePtr *out = good ? malloc(good * sizeof *out) : NULL;
  if (good && !out) {
    free(final);
    free(p);
    return -1;
  }
  size_t o = 0;
  for (size_t k = 0; k < n; k++)
    if (final[k] == GOOD)
      out[o++] = p[k].node;
  free(final);
  free(p);
  *roots = out;
  *nroots = o;
  return 0;
}
