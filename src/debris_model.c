/* Scoring with the learned debris model, and why it decided as it did.
 * Each tree adds the value of the leaf the features lead to; the sum,
 * after the bias, is the log-odds that the block is debris. The share of
 * each feature in that sum is found by following the path through every
 * tree and giving each split's change of value to the feature it tests
 * (Saabas, "Interpreting random forests", 2014): the shares add up to the
 * score, so the largest of them say what decided. */
#include <string.h>

#include "debris_model.h"

/* e^x without libm: e^(x / 2^k) by its series for a small argument, then
 * squared k times (relative error under 1e-11 for |x| < 50). */
static double exp_of(double x) {
  if (x > 50)
    x = 50;
  if (x < -50)
    x = -50;
  int halvings = 0;
  while (x > 1.0 / 1024 || x < -1.0 / 1024) {
    x /= 2;
    halvings++;
  }
  double term = 1, sum = 1;
  for (int i = 1; i < 10; i++) {
    term *= x / i;
    sum += term;
  }
  while (halvings--)
    sum *= sum;
  return sum;
}

void pith_debris_model_score(const pith_debris_model *m, const float *x,
                             debris_verdict *v) {
  double score = m->bias;
  double share[DEBRIS_FEATURES];
  memset(share, 0, sizeof share);
  for (unsigned t = 0; t < m->trees; t++) {
    const pith_tree_node *node = &m->nodes[m->roots[t]];
    score += node->value;
    while (node->feature >= 0) {
      const pith_tree_node *next =
          &m->nodes[(double)x[node->feature] <= node->threshold ? node->left
                                                                : node->right];
      share[node->feature] += next->value - node->value;
      score += next->value - node->value;
      node = next;
    }
  }
  v->p = 1.0 / (1.0 + exp_of(-score));
  /* the strongest shares in the direction of the verdict */
  double sign = v->p >= 0.5 ? 1.0 : -1.0;
  for (int k = 0; k < DEBRIS_WHY; k++) {
    int best = -1;
    for (int f = 0; f < DEBRIS_FEATURES; f++) {
      int taken = 0;
      for (int j = 0; j < k; j++)
        taken |= v->why[j] == f;
      if (!taken && share[f] * sign > 0 &&
          (best < 0 || share[f] * sign > share[best] * sign))
        best = f;
    }
    v->why[k] = (int8_t)best;
    v->weight[k] = best >= 0 ? (float)share[best] : 0.0f;
  }
}
