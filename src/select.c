/* Finds the main content: readability-style paragraph scores propagated to
 * their ancestors, weighted by class and link density, then the winner's
 * siblings that continue the text.
 *
 * Readability (Firefox reader view): paragraphs of 25+ characters score
 * 1 + commas + min(length/100, 3); the score goes to five ancestors with
 * divisors 1, 2, 3*level; candidates start from a tag bonus and a class
 * weight and are scaled by (1 - link density). */
#include <stdlib.h>
#include <string.h>

#include "debris.h"
#include "dom.h"

static double tag_base_score(tag_id t) {
  switch (t) {
  case TAG_DIV:
  case TAG_ARTICLE:
  case TAG_MAIN:
  case TAG_SECTION:
    return 5;
  case TAG_PRE:
  case TAG_TD:
  case TAG_BLOCKQUOTE:
    return 3;
  case TAG_ADDRESS:
  case TAG_OL:
  case TAG_UL:
  case TAG_DL:
  case TAG_DD:
  case TAG_DT:
  case TAG_LI:
  case TAG_FORM:
    return -3;
  case TAG_H1:
  case TAG_H2:
  case TAG_H3:
  case TAG_H4:
  case TAG_H5:
  case TAG_H6:
  case TAG_TH:
    return -5;
  default:
    return 0;
  }
}

static void init_candidate(xmlNodePtr n) {
  node_info *i = NI(n);
  if (i->flags & NI_CANDIDATE)
    return;
  i->flags |= NI_CANDIDATE;
  i->score = tag_base_score((tag_id)i->tag) + i->class_weight;
  if (i->tag == TAG_ARTICLE)
    i->score += 10;
}

/* Tags whose own text counts as a paragraph. */
static int scores_as_paragraph(tag_id t) {
  switch (t) {
  case TAG_P:
  case TAG_PRE:
  case TAG_TD:
  case TAG_BLOCKQUOTE:
  case TAG_DIV:
  case TAG_SECTION:
  case TAG_ARTICLE:
  case TAG_MAIN:
  case TAG_DD:
  case TAG_H2:
  case TAG_H3:
  case TAG_H4:
  case TAG_H5:
  case TAG_H6:
  case TAG_CENTER:
  case TAG_FONT:
  case TAG_SPAN:
  case TAG_LI:
  case TAG_BODY:
    return 1;
  default:
    return 0;
  }
}

/* Scores the paragraphs below `scope` (skipping pruned subtrees, though
 * the scope itself may be one) into their ancestors up to the scope. The
 * scope's elements are read from the array in document order. */
static void score_paragraphs(const pith_dom *dom, xmlNodePtr scope) {
  const pith_tuning *tune = dom->tune;
  size_t first = dom_index(dom, scope), end = NI(scope)->last;
  for (size_t k = first; k <= end; k++) {
    xmlNodePtr n = dom->elements[k];
    const node_info *i = &dom->info[k];
    if ((i->flags & NI_PRUNED) && k != first) {
      k = i->last; /* the loop steps past the subtree */
      continue;
    }
    tag_id t = (tag_id)i->tag;
    /* Own text: a leaf block is a paragraph of its parent; a block with
     * block children holds loose text paragraphs of its own. */
    if (scores_as_paragraph(t) && i->direct_len >= tune->paragraph_min_text &&
        !(t == TAG_SPAN || t == TAG_FONT)) {
      int mixed =
          (i->flags & NI_HAS_BLOCK_CHILD) != 0 || t == TAG_BODY || n == scope;
      size_t segments = 1 + i->n_br_direct / 2;
      double len_score = (double)(i->direct_len / 100);
      if (len_score > 3.0 * (double)segments)
        len_score = 3.0 * (double)segments;
      double content = (double)segments + (double)i->direct_commas + len_score;
      /* Many short lines split by <br> are a list of names or places
       * ("Marie Arana, author"), not prose: its commas separate fields,
       * not clauses. Each line then counts like a list item. */
      if (i->n_br_direct >= 6 && i->direct_len < 50 * (1 + i->n_br_direct))
        content = 0.5 * (double)(1 + i->n_br_direct / 2);
      if (t == TAG_LI)
        content *= 0.5;
      xmlNodePtr owner = mixed ? n : n->parent;
      for (int level = 0;
           owner && owner->type == XML_ELEMENT_NODE && NI(owner) && level < 5;
           level++, owner = owner->parent) {
        if (NI(owner)->tag == TAG_HTML)
          break;
        init_candidate(owner);
        double divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
        NI(owner)->score += content / divider;
        if (owner == scope)
          break;
      }
    }
  }
}

void pith_score_document(pith_dom *dom) {
  for (size_t i = 0; i < dom->count; i++) {
    dom->info[i].flags &= ~(unsigned)NI_CANDIDATE;
    dom->info[i].score = 0;
  }
  if (!dom->body || !NI(dom->body))
    return;
  score_paragraphs(dom, dom->body);
  /* Each paragraph box pruned as chrome is scored as a page of its own,
   * for the chrome strategy; its scores stay inside it. The body's
   * elements are read from the array, a pruned box's inside skipped. */
  size_t end = NI(dom->body)->last;
  for (size_t k = dom_index(dom, dom->body); k <= end;) {
    const node_info *i = &dom->info[k];
    if (!(i->flags & NI_PRUNED)) {
      k++;
      continue;
    }
    if ((i->flags & NI_CHROME) && i->chrome_text >= dom->tune->chrome_min_text)
      score_paragraphs(dom, dom->elements[k]);
    k = (size_t)i->last + 1;
  }
}

static int is_ancestor(xmlNodePtr a, xmlNodePtr n) {
  for (n = n->parent; n; n = n->parent)
    if (n == a)
      return 1;
  return 0;
}

/* is_ancestor for the few levels find_lead climbs: a bounded walk, so a
 * deep page costs no more than a shallow one. */
static int is_near_ancestor(xmlNodePtr a, xmlNodePtr n) {
  int up = 0;
  for (n = n->parent; n && up < 6; n = n->parent, up++)
    if (n == a)
      return 1;
  return 0;
}

static double final_score(xmlNodePtr n) {
  return NI(n)->score * (1.0 - dom_link_density(n));
}

double pith_select_final_score(xmlNodePtr n) {
  return final_score(n);
}

/* Readability: when three or more strong rivals share an ancestor with the
 * top candidate, the article is split and that ancestor holds it all. */
#define TOP_N 5

static xmlNodePtr common_ancestor_of_rivals(xmlNodePtr top, xmlNodePtr *rivals,
                                            size_t nrivals, xmlNodePtr stop,
                                            const pith_tuning *tune) {
  double top_score = final_score(top);
  xmlNodePtr strong[TOP_N];
  size_t nstrong = 0;
  for (size_t k = 0; k < nrivals; k++)
    if (rivals[k] != top &&
        final_score(rivals[k]) >= tune->split_rival_share * top_score)
      strong[nstrong++] = rivals[k];
  if (nstrong < 3)
    return top;
  int climb = 0;
  for (xmlNodePtr p = top->parent;
       p && p != stop && NI(p) && climb++ < DOM_MAX_CLIMB; p = p->parent) {
    size_t holds = 0;
    for (size_t k = 0; k < nstrong; k++) {
      int up = 0;
      for (xmlNodePtr a = strong[k]->parent; a && up++ < DOM_MAX_CLIMB;
           a = a->parent)
        if (a == p) {
          holds++;
          break;
        }
    }
    if (holds >= 3)
      return p;
  }
  return top;
}

static int same_class(xmlNodePtr a, xmlNodePtr b) {
  const char *ca = pith_dom_attr(a, "class"), *cb = pith_dom_attr(b, "class");
  return ca && cb && *ca && strcmp(ca, cb) == 0;
}

/* Sections of one article side by side: when the winner's parent repeats
 * its class in its siblings ("post__content__section" three times), the
 * siblings that hold text are the rest of the article. */
static int has_same_class_sibling(xmlNodePtr n) {
  for (xmlNodePtr s = n->parent ? n->parent->children : NULL; s; s = s->next)
    if (s != n && s->type == XML_ELEMENT_NODE && NI(s) &&
        !(NI(s)->flags & NI_PRUNED) && same_class(s, n) &&
        NI(s)->text_len >= 100)
      return 1;
  return 0;
}

static size_t add_sibling_sections(xmlNodePtr scope, xmlNodePtr best,
                                   xmlNodePtr *roots, size_t nroots,
                                   size_t max_roots) {
  /* The section is the winner's parent, or the nearest of three more
   * ancestors whose class repeats beside it (a page built of
   * "container-fluid text" bands, each wrapping rows and columns). */
  if (best == scope)
    return nroots;
  xmlNodePtr section = best->parent;
  for (int up = 0; up < 3 && section && section != scope && NI(section) &&
                   !has_same_class_sibling(section) && section->parent &&
                   section->parent != scope && NI(section->parent);
       up++) {
    size_t own = NI(section)->text_len;
    if (own * 10 < (size_t)NI(section->parent)->text_len * 9)
      break; /* the parent holds more than this band: stop */
    section = section->parent;
  }
  if (!section || !NI(section) || !section->parent || section == scope)
    return nroots;
  const char *cls = pith_dom_attr(section, "class");
  if (!cls || !*cls)
    return nroots;
  xmlNodePtr before[16], after[16];
  size_t nbefore = 0, nafter = 0;
  int seen = 0;
  for (xmlNodePtr s = section->parent->children; s; s = s->next) {
    if (s == section) {
      seen = 1;
      continue;
    }
    if (s->type != XML_ELEMENT_NODE || !NI(s) || (NI(s)->flags & NI_PRUNED) ||
        !same_class(s, section) || NI(s)->text_len < 100 ||
        dom_link_density(s) > 0.3)
      continue;
    if (!seen && nbefore < 16)
      before[nbefore++] = s;
    else if (seen && nafter < 16)
      after[nafter++] = s;
  }
  if (!nbefore && !nafter)
    return nroots;
  if (nroots + nbefore + nafter > max_roots)
    return nroots;
  memmove(roots + nbefore, roots, nroots * sizeof *roots);
  memcpy(roots, before, nbefore * sizeof *roots);
  memcpy(roots + nbefore + nroots, after, nafter * sizeof *roots);
  return nroots + nbefore + nafter;
}

static int has_sentence_stop(xmlNodePtr n) {
  xmlChar *text = xmlNodeGetContent(n);
  int found = text && pith_text_has_sentence_stop((const char *)text);
  xmlFree(text);
  return found;
}

/* The TOP_N best-scoring candidates below the scope, best first. */
static size_t top_candidates(xmlNodePtr scope, xmlNodePtr *top) {
  size_t ntop = 0;
  for (xmlNodePtr n = scope; n;) {
    if (n->type != XML_ELEMENT_NODE || !NI(n)) {
      n = pith_dom_next(n, scope, 0);
      continue;
    }
    if ((NI(n)->flags & NI_PRUNED) && n != scope) {
      n = pith_dom_next(n, scope, 1);
      continue;
    }
    if (NI(n)->flags & NI_CANDIDATE) {
      double s = final_score(n);
      size_t k = ntop < TOP_N ? ntop++ : TOP_N;
      if (k == TOP_N && s <= final_score(top[TOP_N - 1])) {
        n = pith_dom_next(n, scope, 0);
        continue;
      }
      if (k == TOP_N)
        k = TOP_N - 1;
      while (k > 0 && final_score(top[k - 1]) < s) {
        top[k] = top[k - 1];
        k--;
      }
      top[k] = n;
    }
    n = pith_dom_next(n, scope, 0);
  }
  return ntop;
}

/* From the best-scoring node to the box that holds the whole article:
 * the common ancestor of strong rivals, a better-scoring parent, a wrapper
 * that says nothing more, a parent of a short piece of a split article. */
static xmlNodePtr widen(xmlNodePtr best, xmlNodePtr *top, size_t ntop,
                        xmlNodePtr scope, const pith_tuning *tune) {
  best = common_ancestor_of_rivals(best, top, ntop, scope, tune);

  /* Climb while the parent scores better: the article is wider than the
   * block that scored best. */
  double last = NI(best)->score;
  double threshold = last / 3.0;
  for (xmlNodePtr p = best->parent; p && best != scope && p != scope && NI(p);
       p = p->parent) {
    if (!(NI(p)->flags & NI_CANDIDATE))
      continue;
    double ps = NI(p)->score;
    if (ps < threshold)
      break;
    if (ps > last) {
      best = p;
      break;
    }
    last = ps;
  }
  /* A wrapper with a single element child says nothing more than it. */
  while (best != scope && best->parent && best->parent != scope &&
         best->parent->type == XML_ELEMENT_NODE && NI(best->parent) &&
         xmlChildElementCount(best->parent) == 1)
    best = best->parent;

  /* rs-trafilatura's repair: a short winner whose parent or grandparent
   * holds over twice its text, and is no link list, is one piece of a
   * split article. */
  for (int up = 0; up < 2 && best != scope; up++) {
    xmlNodePtr p = best->parent;
    if (!p || p == scope || p->type != XML_ELEMENT_NODE || !NI(p))
      break;
    size_t own = NI(best)->text_len - NI(best)->link_len;
    size_t wider = NI(p)->text_len - NI(p)->link_len;
    if (own >= tune->repair_max_text)
      break;
    if ((double)wider > tune->repair_ratio * (double)own &&
        dom_link_density(p) < tune->repair_max_link_density)
      best = p;
  }
  return best;
}

/* Whether an element's text is a sentence or more: ten words or more,
 * the last ending like a sentence (not a URL, a copyright line or a list
 * of names). */
static int reads_as_prose(xmlNodePtr n) {
  xmlChar *text = xmlNodeGetContent(n);
  if (!text)
    return 0;
  const char *t = (const char *)text;
  size_t len = strlen(t), words = 0;
  while (len && pith_is_space((unsigned char)t[len - 1]))
    len--;
  for (size_t i = 1; i < len; i++)
    words += pith_is_space((unsigned char)t[i]) &&
             !pith_is_space((unsigned char)t[i - 1]);
  int prose = words >= 9 && pith_text_ends_sentence(t, len);
  xmlFree(text);
  return prose;
}

/* Whether a box lists teasers of other articles: three or more "Read
 * more..." links, one under each summary. An article has one such
 * button at most (the rest of it unfolds). */
#define TEASER_LIST_MIN_LINKS 3
#define EXPANDER_MAX_TEXT 24

/* Whether a short link reads "Read more...", "Weiterlesen": its text,
 * white space collapsed, gathered on the stack (this runs for the boxes
 * of every body built). */
static int expander_link(xmlNodePtr a) {
  char buf[4 * EXPANDER_MAX_TEXT + 1];
  size_t len = 0;
  int space = 0;
  for (xmlNodePtr t = a->children; t; t = pith_dom_next(t, a, 0)) {
    if (t->type != XML_TEXT_NODE || !t->content)
      continue;
    for (const unsigned char *c = t->content; *c; c++) {
      if (pith_is_space(*c)) {
        space = len > 0;
        continue;
      }
      if (len + 2 >= sizeof buf)
        return 0;
      if (space)
        buf[len++] = ' ';
      space = 0;
      buf[len++] = (char)*c;
    }
  }
  buf[len] = '\0';
  return len > 0 && pith_debris_is_expander(buf);
}

int pith_select_lists_teasers(xmlNodePtr box) {
  if (NI(box)->n_links < TEASER_LIST_MIN_LINKS)
    return 0;
  size_t expanders = 0;
  for (xmlNodePtr n = box; n && expanders < TEASER_LIST_MIN_LINKS;) {
    int link = n->type == XML_ELEMENT_NODE && NI(n) && NI(n)->tag == TAG_A;
    if (link && NI(n)->text_len > 0 && NI(n)->text_len <= EXPANDER_MAX_TEXT)
      expanders += (size_t)expander_link(n);
    n = pith_dom_next(n, box, link);
  }
  return expanders >= TEASER_LIST_MIN_LINKS;
}

static int bare_div(xmlNodePtr n) {
  return NI(n)->tag == TAG_DIV && !pith_dom_attr(n, "class") &&
         !pith_dom_attr(n, "id");
}

/* Whether a sibling of the winner continues its text (Readability). */
static int continues_text(xmlNodePtr s, xmlNodePtr best, double best_score,
                          double threshold, const pith_tuning *tune) {
  double bonus =
      same_class(s, best) ? best_score * tune->sibling_class_bonus : 0;
  if ((NI(s)->flags & NI_CANDIDATE) && final_score(s) + bonus >= threshold)
    return 1;
  /* A sibling of the same class holding paragraphs of plain text is the
   * next part of the same article, however deep its paragraphs sit
   * (scores reach only five levels up). */
  if (bonus > 0 && NI(s)->n_p >= 2 && NI(s)->text_len >= 200 &&
      dom_link_density(s) < 0.25)
    return 1;
  /* So is a bare <div> (no class, no id) of paragraphs beside a bare
   * <div> winner: hand-written pages split one text into such boxes. */
  if (bare_div(s) && bare_div(best) && NI(s)->n_p >= 3 &&
      NI(s)->text_len >= 300 && dom_link_density(s) < 0.2)
    return 1;
  /* A box of text alone (Readability reads a <div> without blocks inside
   * as a paragraph) continues it when it reads as prose: a lead above the
   * body, set apart in a box of its own. */
  if (NI(s)->tag == TAG_DIV && !(NI(s)->flags & NI_HAS_BLOCK_CHILD))
    return NI(s)->text_len > 80 && NI(s)->link_len == 0 && reads_as_prose(s);
  if (NI(s)->tag == TAG_P) {
    double ld = dom_link_density(s);
    size_t len = NI(s)->text_len;
    if (len > 80 && ld < 0.25)
      return 1;
    if (len < 80 && len > 0 && ld == 0 && has_sentence_stop(s))
      return 1;
  }
  return 0;
}

static size_t select_body(const pith_dom *dom, xmlNodePtr scope,
                          xmlNodePtr *roots, size_t max_roots,
                          xmlNodePtr *scored_best) {
  const pith_tuning *tune = dom->tune;
  xmlNodePtr top[TOP_N] = {0};
  size_t ntop = top_candidates(scope, top);
  if (ntop == 0)
    return 0;

  xmlNodePtr best = top[0];
  /* A class bonus can lift a headline box above the article: a rival that
   * scores nearly as well with far more text, and is not part of the
   * winner, is the article. */
  for (size_t k = 1; k < ntop; k++) {
    xmlNodePtr rival = top[k];
    size_t best_text = NI(best)->text_len - NI(best)->link_len;
    size_t rival_text = NI(rival)->text_len - NI(rival)->link_len;
    if (final_score(rival) >= tune->rival_score_share * final_score(best) &&
        (double)rival_text >= tune->rival_text_ratio * (double)best_text &&
        !is_ancestor(rival, best) && !is_ancestor(best, rival))
      best = rival;
  }
  /* Whatever wider box is chosen, the text that scored best stays:
   * cleaning spares the boxes on the way down to it. */
  *scored_best = best;
  best = widen(best, top, ntop, scope, tune);

  /* Siblings that continue the text. */
  size_t nroots = 0;
  xmlNodePtr parent = best->parent;
  if (!parent || best == scope || best == dom->body) {
    roots[nroots++] = best;
    return nroots;
  }
  double best_score = final_score(best);
  double share = tune->sibling_score_share;
  double sibling_threshold = best_score * share > 10 ? best_score * share : 10;
  for (xmlNodePtr s = parent->children; s && nroots < max_roots; s = s->next) {
    if (s->type != XML_ELEMENT_NODE || !NI(s))
      continue;
    if (s == best)
      roots[nroots++] = s;
    else if (!(NI(s)->flags & NI_PRUNED) &&
             continues_text(s, best, best_score, sibling_threshold, tune) &&
             !pith_select_lists_teasers(s))
      roots[nroots++] = s;
  }
  return add_sibling_sections(scope, best, roots, nroots, max_roots);
}

/* Words of a class or id that name an article's lead paragraph. */
static const char *const lead_words[] = {
    "lead",       "lede",    "intro",    "teaser", "excerpt", "subtitle",
    "standfirst", "summary", "dek",      "deck",   "subline", "abstract",
    "chapeau",    "chapo",   "vorspann", "leader", "epigraph"};

/* The lead of the article: a short, unlinked box named like one, that
 * comes before the body in the same article. News sites keep it in the
 * article header, apart from the body the scores find. */
static xmlNodePtr find_lead(xmlNodePtr scope, xmlNodePtr first,
                            const pith_tuning *tune) {
  xmlNodePtr a = first == scope ? NULL : first->parent;
  for (int up = 0; a && a != scope && NI(a) && up < 8; up++, a = a->parent) {
    for (xmlNodePtr n = a->children; n && n != first;) {
      if (n->type != XML_ELEMENT_NODE || !NI(n)) {
        n = pith_dom_next(n, a, 0);
        continue;
      }
      node_info *i = NI(n);
      if (i->flags & NI_PRUNED) {
        n = pith_dom_next(n, a, 1);
        continue;
      }
      if (is_near_ancestor(n, first)) {
        n = n->children ? n->children : pith_dom_next(n, a, 1);
        continue;
      }
      if (i->text_len >= tune->lead_min_text &&
          i->text_len <= tune->lead_max_text &&
          dom_link_density(n) < tune->lead_max_link_density &&
          !pith_tag_is_heading((tag_id)i->tag) &&
          pith_class_has_word(n, lead_words,
                              sizeof lead_words / sizeof *lead_words))
        return n;
      n = pith_dom_next(n, a, 0);
    }
    if (NI(a)->tag == TAG_MAIN)
      break;
  }
  return NULL;
}

size_t pith_select_content(const pith_dom *dom, xmlNodePtr scope,
                           xmlNodePtr *roots, size_t max_roots,
                           xmlNodePtr *scored_best) {
  xmlNodePtr best_unused = NULL;
  if (!scored_best)
    scored_best = &best_unused;
  *scored_best = NULL;
  if (!scope || !NI(scope) || max_roots == 0)
    return 0;
  size_t nroots = select_body(dom, scope, roots, max_roots, scored_best);
  if (nroots == 0 || nroots >= max_roots)
    return nroots;
  xmlNodePtr lead = find_lead(scope, roots[0], dom->tune);
  if (lead) {
    memmove(roots + 1, roots, nroots * sizeof *roots);
    roots[0] = lead;
    nroots++;
  }
  return nroots;
}
