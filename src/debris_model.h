/* The learned debris model: a few shallow regression trees, boosted, over
 * the features of debris_features.h. Trained by bench/debris_model/train.py
 * (scikit-learn's GradientBoostingClassifier) on labelled scraped text; the
 * script writes the tables of debris_model_table.c, which this file reads.
 * No run-time dependency: the trees are C arrays. */
#ifndef PITH_DEBRIS_MODEL_H
#define PITH_DEBRIS_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "debris_features.h"

typedef struct pith_tree_node {
  int16_t feature; /* the feature a split tests, -1 for a leaf */
  uint16_t left;   /* the nodes of the two sides (indexes into the model's */
  uint16_t right;  /* nodes): left when feature <= threshold */
  double threshold;
  double value; /* the node's share of the score (learning rate applied) */
} pith_tree_node;

typedef struct pith_debris_model {
  const char *name;  /* e.g. "lines-2", what --explain says */
  unsigned features; /* the number of features it was trained on: unless
                        DEBRIS_FEATURES, the model is not used */
  double bias;       /* the score before any tree, in log-odds */
  unsigned trees;
  const uint16_t *roots; /* each tree's root node */
  const pith_tree_node *nodes;
} pith_debris_model;

/* The model for lines of plain text (debris_model_table.c). */
extern const pith_debris_model pith_debris_text_model;

/* How many of a decision's strongest features are kept for --explain. */
#define DEBRIS_WHY 3

/* One decision: the probability that the block is debris, and the
 * features that pushed it most the way it went (their ids, -1 for none,
 * and their shares of the score in log-odds). */
typedef struct debris_verdict {
  double p;
  int8_t why[DEBRIS_WHY];
  float weight[DEBRIS_WHY];
} debris_verdict;

/* Scores a feature vector. */
void pith_debris_model_score(const pith_debris_model *m, const float *x,
                             debris_verdict *v);

#endif /* PITH_DEBRIS_MODEL_H */
