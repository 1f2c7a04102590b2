/* Why a line of a result got its verdict: the rule that decided and what it
 * removes, or the learned model's probability and the features that
 * weighed most in it. */
#include <stdio.h>
#include <string.h>

#include "debris.h"
#include "debris_model.h"

static const char *rule_about(const char *name) {
  for (size_t i = 0; i < DEBRIS_RULE_COUNT; i++)
    if (strcmp(pith_debris_rules[i].name, name) == 0)
      return pith_debris_rules[i].about;
  return NULL;
}

size_t pith_result_line_explain(const pith_result *r, size_t index, char *buf,
                                size_t size) {
  if (!r || index >= r->nlines)
    return 0;
  const pith_line *line = &r->lines[index];
  char text[512];
  size_t n = 0;
  if (line->why.p >= 0) {
    n = (size_t)snprintf(text, sizeof text, "model %s: %s, p(debris) %.2f",
                         pith_debris_text_model.name,
                         line->kept ? "kept" : "removed", line->why.p);
    for (int k = 0; k < PITH_MODEL_WHY && n < sizeof text; k++) {
      int f = line->why.feature[k];
      if (f < 0 || f >= DEBRIS_FEATURES)
        break;
      const debris_feature_info *info = &pith_debris_feature_info[f];
      double v = line->why.value[k];
      char value[32];
      if (info->kind == DEBRIS_FLAG)
        snprintf(value, sizeof value, "%s", v != 0 ? "yes" : "no");
      else if (info->kind == DEBRIS_SHARE)
        snprintf(value, sizeof value, "%.0f%%", v * 100);
      else
        snprintf(value, sizeof value, "%.0f", v);
      n += (size_t)snprintf(text + n, sizeof text - n, "%s %s: %s (%+.2f)",
                            k ? "," : ";", info->name, value,
                            line->why.weight[k]);
    }
  } else {
    const char *about = rule_about(line->rule);
    n = (size_t)snprintf(text, sizeof text, "%s: %s", line->rule,
                         about ? about : "no rule removed it");
  }
  if (n >= sizeof text)
    n = sizeof text - 1;
  if (size) {
    size_t copy = n < size - 1 ? n : size - 1;
    memcpy(buf, text, copy);
    buf[copy] = '\0';
  }
  return n;
}
