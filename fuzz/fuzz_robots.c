/* The robots.txt parser and matcher (robots.c): the first line of the
 * input is the path asked about, the rest is the robots.txt. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "robots.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const uint8_t *nl = memchr(data, '\n', size);
  size_t path_len = nl ? (size_t)(nl - data) : 0;
  size_t skip = nl ? path_len + 1 : 0;
  char *path = malloc(path_len + 2);
  if (!path)
    return 0;
  path[0] = '/';
  memcpy(path + 1, data, path_len);
  path[path_len + 1] = '\0';
  robots *rules =
      pith_robots_parse((const char *)data + skip, size - skip, "pith");
  if (rules) {
    (void)pith_robots_allowed(rules, path);
    (void)pith_robots_rule_count(rules);
    pith_robots_free(rules);
  }
  free(path);
  return 0;
}
