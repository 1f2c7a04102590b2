/* The document limits of pith_options: defaults, the per-document clock,
 * the error that names the limit a page hit, and the common front of the
 * entry points that runs a document under them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

void pith_options_init(pith_options *options) {
  if (!options)
    return;
  memset(options, 0, sizeof *options);
  options->max_input_bytes = PITH_DEFAULT_MAX_INPUT_BYTES;
  options->max_nodes = PITH_DEFAULT_MAX_NODES;
  options->max_depth = PITH_DEFAULT_MAX_DEPTH;
  options->max_output_bytes = PITH_DEFAULT_MAX_OUTPUT_BYTES;
  options->max_millis = PITH_DEFAULT_MAX_MILLIS;
}

void pith_limits_start(pith_limits *l, const pith_options *options) {
  if (options)
    l->opt = *options;
  else
    pith_options_init(&l->opt);
  if (!l->opt.max_input_bytes)
    l->opt.max_input_bytes = PITH_DEFAULT_MAX_INPUT_BYTES;
  if (!l->opt.max_nodes)
    l->opt.max_nodes = PITH_DEFAULT_MAX_NODES;
  if (!l->opt.max_depth)
    l->opt.max_depth = PITH_DEFAULT_MAX_DEPTH;
  if (!l->opt.max_output_bytes)
    l->opt.max_output_bytes = PITH_DEFAULT_MAX_OUTPUT_BYTES;
  if (!l->opt.max_millis)
    l->opt.max_millis = PITH_DEFAULT_MAX_MILLIS;
  l->deadline_ms = pith_limits_now_ms() + l->opt.max_millis;
  l->rules_off = 0;
  l->trace = NULL;
}

unsigned long long pith_limits_now_ms(void) {
  struct timespec ts;
  if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
    return 0;
  return (unsigned long long)ts.tv_sec * 1000u +
         (unsigned long long)ts.tv_nsec / 1000000u;
}

pith_status pith_limits_fail(pith_result *r, const char *what,
                             const char *field, unsigned long long value,
                             const char *flag) {
  char msg[320];
  if (flag)
    snprintf(msg, sizeof msg,
             "the input %s than the limit (%s = %llu); raise it with "
             "pith_options.%s or %s",
             what, field, value, field, flag);
  else
    snprintf(msg, sizeof msg,
             "the input %s than the limit (%s = %llu); raise it with "
             "pith_options.%s",
             what, field, value, field);
  return pith_result_fail(r, PITH_ERR_LIMIT, msg);
}

int pith_limits_time_up(const pith_limits *l, pith_result *r) {
  if (pith_limits_now_ms() <= l->deadline_ms)
    return 0;
  pith_limits_fail(r, "took longer", "max_millis", l->opt.max_millis,
                   "--max-time-ms");
  return 1;
}

pith_status pith_limits_run(const char *in, size_t len,
                            const pith_options *options, pith_result **result,
                            pith_body_fn body) {
  return pith_limits_run_traced(in, len, options, NULL, result, body);
}

pith_status pith_limits_run_traced(const char *in, size_t len,
                                   const pith_options *options,
                                   const pith_debris_trace *trace,
                                   pith_result **result, pith_body_fn body) {
  if (!result)
    return PITH_ERR_ARGUMENT;
  *result = NULL;
  if (!in && len)
    return PITH_ERR_ARGUMENT;
  pith_limits lim;
  pith_limits_start(&lim, options);
  lim.trace = trace;
  pith_result *r = calloc(1, sizeof *r);
  if (!r)
    return PITH_ERR_NOMEM;
  *result = r;
  const char *bad = NULL;
  size_t bad_len = 0;
  if (pith_debris_rules_parse(lim.opt.disabled_rules, &lim.rules_off, &bad,
                              &bad_len) < 0) {
    char msg[200];
    snprintf(msg, sizeof msg,
             "no debris rule is called '%.*s' (pith_rule_name() lists "
             "them)",
             (int)(bad_len > 60 ? 60 : bad_len), bad);
    return pith_result_fail(r, PITH_ERR_ARGUMENT, msg);
  }
  return body(in ? in : "", len, &lim, r);
}
