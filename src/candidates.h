/* Candidate bodies and the choice between them.
 *
 *   annotated DOM (pruned, comments set apart, measured, scored; frozen)
 *     --strategies--> one candidate per way of finding the body
 *     --choose-->     the body, and how sure pith is of it
 *
 * A strategy reads the frozen DOM and the metadata and builds its own
 * block list (judged by the debris rules); it changes nothing another
 * strategy reads. choose.c compares the candidates as trafilatura weighs
 * its own result against its fallbacks. Not installed. */
#ifndef PITH_CANDIDATES_H
#define PITH_CANDIDATES_H

#include "dom.h"

typedef enum pith_strategy {
  PITH_STRATEGY_SCORED,   /* Readability's scored container and siblings */
  PITH_STRATEGY_LENIENT,  /* the same container, built without dropping
                             boxes for their class alone */
  PITH_STRATEGY_CHROME,   /* the paragraph box pruned as chrome with the
                             most text, scored as a page of its own */
  PITH_STRATEGY_SEMANTIC, /* itemprop=articleBody, else <article> or
                             <main>: the markup's own word */
  PITH_STRATEGY_JSON_LD,  /* the JSON-LD articleBody */
  PITH_STRATEGY_BASELINE, /* every paragraph of the page that reads as
                             prose (jusText) */
  PITH_STRATEGY_COUNT_
} pith_strategy;

/* Prunes the annotated page, sets its comments apart, measures and scores
 * it: the DOM every strategy reads, frozen from here on. */
void pith_strategies_prepare(pith_dom *dom, const pith_meta *meta);

/* The name of a strategy, for --explain: "scored", "lenient", ... */
const char *pith_strategy_name(pith_strategy strategy);

typedef struct pith_candidate {
  pith_strategy strategy;
  int ran;            /* the strategy was run (it is not when it could
                         not change the choice) */
  int present;        /* the strategy found a body */
  pith_blocks blocks; /* judged by the debris rules */
  xmlNodePtr *roots;  /* the subtrees it was built from (owned; none
                         for JSON-LD) */
  size_t nroots;
  xmlNodePtr scored_best; /* the best-scoring node, when scored */
  double score;           /* its score (Readability's, link density in) */
  size_t root_text;       /* characters below the roots */
  /* Of the kept blocks: */
  size_t kept;            /* characters */
  size_t links;           /* characters inside links */
  size_t prose;           /* characters in blocks that end like sentences */
  size_t paragraphs;      /* paragraph blocks */
  int inside_scored;      /* semantic: below the scored body's roots,
                             with under half their text */
  int semantic_rank;      /* semantic: pith_semantic_rank of the root */
  const char *verdict;    /* choose.c: why it was or was not chosen */
  pith_decisions cleaned; /* --explain: boxes cleaned away in the build */
} pith_candidate;

/* What every strategy reads. */
typedef struct pith_strategy_input {
  const pith_dom *dom;          /* frozen */
  const pith_meta *meta;        /* the page's metadata */
  const debris_context *debris; /* how blocks are judged */
  const char *url;              /* resolves links; may be NULL */
  int explain;                  /* note the boxes each build cleans away */
  int roots_only; /* find the container, build no blocks (when only the
                     agreement with it counts, pith_choose_wants 2) */
  const pith_candidate *scored; /* the scored body when found: the
                                   semantic container inside it is built
                                   in full, to be weighed against it */
} pith_strategy_input;

/* Runs one strategy into *out (zeroed first). Returns 0 (out->present
 * says whether a body was found) or -1 when out of memory. */
int pith_strategy_run(pith_strategy strategy, const pith_strategy_input *in,
                      pith_candidate *out);
void pith_candidate_free(pith_candidate *c);
/* Recounts kept, links, prose and paragraphs from the blocks' verdicts. */
void pith_candidate_measure(pith_candidate *c);

/* semantic.c: the container the page's markup names as the article
 * (trafilatura's ordered rules: itemprop=articleBody or a body name such
 * as "entry-content", then one post, an <article>, a content column,
 * <main>), the first match of the first rule that matches; NULL when
 * none holds enough text. */
xmlNodePtr pith_semantic_container(const pith_dom *dom);
/* The rank of the rule an element matches: 5 the body by its name or
 * itemprop, 4 one post, 3 an <article>, 2 a content column, 1 <main>; 0
 * for none. */
int pith_semantic_rank(xmlNodePtr n);
#define PITH_SEMANTIC_BODY 5

/* baseline.c: the whole-text candidate's blocks (jusText). */
int pith_baseline_blocks(const pith_dom *dom, const char *url,
                         xmlNodePtr **roots, size_t *nroots);

/* choose.c: whether a strategy, run next, could change the choice made
 * from the candidates before it (cands indexed by strategy): 0 when it
 * could not (the pipeline does not run it), 1 when it could, 2 when only
 * its container counts (for the agreement). */
int pith_choose_wants(pith_strategy strategy, const pith_candidate *cands,
                      size_t n, const pith_tuning *tune, const pith_meta *meta);

/* choose.c: the choice. Picks one of the n candidates (indexed by
 * strategy; absent ones have present = 0), sets each one's verdict and
 * *confidence (0..1). Returns the index of the chosen candidate, or -1
 * when none is present. */
int pith_choose(pith_candidate *cands, size_t n, const pith_tuning *tune,
                const pith_meta *meta, double *confidence);

#endif /* PITH_CANDIDATES_H */
