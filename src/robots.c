/* robots.txt after RFC 9309: groups of User-agent lines followed by Allow
 * and Disallow rules; the longest matching rule decides. */
#include "robots.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct robots_rule {
  char *pattern; /* normalised (see normalize()); "*" wildcards kept */
  size_t len;    /* bytes in pattern, '$' included: the match length */
  int anchored;  /* the pattern ended with '$' (not stored in pattern) */
  int allow;     /* Allow rather than Disallow */
} robots_rule;

typedef struct rule_list {
  robots_rule *items;
  size_t count, cap;
} rule_list;

struct robots {
  rule_list rules;
};

static int lower(int c) {
  return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int hex_value(int c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  c = lower(c);
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

static int unreserved(int c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
}

/* RFC 9309 2.2.2: patterns and paths are compared with percent-encoded
 * unreserved characters decoded, the other escapes in upper case, and raw
 * non-ASCII bytes (UTF-8 patterns) percent-encoded. Caller frees. */
static char *normalize(const char *s, size_t n, size_t *out_len) {
  static const char digits[] = "0123456789ABCDEF";
  char *out = malloc(3 * n + 1);
  if (!out)
    return NULL;
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    int hi, lo;
    if (c == '%' && i + 2 < n &&
        (hi = hex_value((unsigned char)s[i + 1])) >= 0 &&
        (lo = hex_value((unsigned char)s[i + 2])) >= 0) {
      int v = hi * 16 + lo;
      if (unreserved(v)) {
        out[o++] = (char)v;
      } else {
        out[o++] = '%';
        out[o++] = digits[v >> 4];
        out[o++] = digits[v & 15];
      }
      i += 2;
    } else if (c >= 0x80 || c <= 0x20 || c == 0x7f) {
      out[o++] = '%';
      out[o++] = digits[c >> 4];
      out[o++] = digits[c & 15];
    } else {
      out[o++] = (char)c;
    }
  }
  out[o] = '\0';
  *out_len = o;
  return out;
}

static int rule_push(rule_list *list, const char *value, size_t n, int allow) {
  if (list->count == list->cap) {
    size_t cap = list->cap ? list->cap * 2 : 16;
    robots_rule *p = realloc(list->items, cap * sizeof *p);
    if (!p)
      return -1;
    list->items = p;
    list->cap = cap;
  }
  robots_rule *r = &list->items[list->count];
  r->anchored = n > 0 && value[n - 1] == '$';
  size_t len;
  r->pattern = normalize(value, r->anchored ? n - 1 : n, &len);
  if (!r->pattern)
    return -1;
  r->len = len + (size_t)r->anchored;
  r->allow = allow;
  list->count++;
  return 0;
}

static void rule_list_free(rule_list *list) {
  for (size_t i = 0; i < list->count; i++)
    free(list->items[i].pattern);
  free(list->items);
  list->items = NULL;
  list->count = list->cap = 0;
}

/* Whether a User-agent value names the crawler: its product token (the
 * leading letters, '-' and '_') equals the agent, ignoring case. */
static int agent_matches(const char *value, size_t n, const char *agent) {
  size_t t = 0;
  while (t < n && ((value[t] >= 'A' && value[t] <= 'Z') ||
                   (value[t] >= 'a' && value[t] <= 'z') || value[t] == '-' ||
                   value[t] == '_'))
    t++;
  if (t == 0 || t != strlen(agent))
    return 0;
  for (size_t i = 0; i < t; i++)
    if (lower((unsigned char)value[i]) != lower((unsigned char)agent[i]))
      return 0;
  return 1;
}

static int key_is(const char *key, size_t n, const char *name) {
  if (n != strlen(name))
    return 0;
  for (size_t i = 0; i < n; i++)
    if (lower((unsigned char)key[i]) != name[i])
      return 0;
  return 1;
}

static int is_space(int c) {
  return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

robots *pith_robots_parse(const char *data, size_t len, const char *agent) {
  robots *r = calloc(1, sizeof *r);
  if (!r)
    return NULL;
  if (!data)
    len = 0;
  if (len > ROBOTS_MAX_BYTES)
    len = ROBOTS_MAX_BYTES;
  if (!agent)
    agent = "";
  /* Rules of the groups naming the agent and of the "*" groups, kept apart
   * until the end decides which apply. */
  rule_list star = {0};
  int agent_seen = 0;
  int in_agents = 0; /* the last significant line was a User-agent line */
  int group_agent = 0, group_star = 0, group_open = 0;
  size_t i = 0;
  /* A UTF-8 byte-order mark is not part of the first key. */
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < len) {
    size_t start = i;
    while (i < len && data[i] != '\n' && data[i] != '\r')
      i++;
    size_t end = i;
    if (i < len && data[i] == '\r')
      i++;
    if (i < len && data[i] == '\n')
      i++;
    const char *hash = memchr(data + start, '#', end - start);
    if (hash)
      end = (size_t)(hash - data);
    const char *colon = memchr(data + start, ':', end - start);
    if (!colon)
      continue;
    size_t k0 = start, k1 = (size_t)(colon - data);
    while (k0 < k1 && is_space((unsigned char)data[k0]))
      k0++;
    while (k1 > k0 && is_space((unsigned char)data[k1 - 1]))
      k1--;
    size_t v0 = (size_t)(colon - data) + 1, v1 = end;
    while (v0 < v1 && is_space((unsigned char)data[v0]))
      v0++;
    while (v1 > v0 && is_space((unsigned char)data[v1 - 1]))
      v1--;
    const char *key = data + k0, *value = data + v0;
    size_t kn = k1 - k0, vn = v1 - v0;
    if (key_is(key, kn, "user-agent")) {
      if (!in_agents) {
        group_agent = group_star = 0;
        group_open = 1;
      }
      in_agents = 1;
      if (vn == 1 && value[0] == '*') {
        group_star = 1;
      } else if (agent_matches(value, vn, agent)) {
        group_agent = 1;
        agent_seen = 1;
      }
    } else if (key_is(key, kn, "allow") || key_is(key, kn, "disallow")) {
      in_agents = 0;
      /* Rules before any User-agent line belong to no group; an empty
       * pattern matches nothing. */
      if (!group_open || vn == 0)
        continue;
      int allow = key_is(key, kn, "allow");
      if ((group_agent && rule_push(&r->rules, value, vn, allow) != 0) ||
          (group_star && rule_push(&star, value, vn, allow) != 0)) {
        rule_list_free(&star);
        pith_robots_free(r);
        return NULL;
      }
    }
    /* Other lines (Sitemap, Crawl-delay, unknown keys) neither open nor
     * close a group. */
  }
  if (agent_seen) {
    rule_list_free(&star);
  } else {
    rule_list_free(&r->rules);
    r->rules = star;
  }
  return r;
}

/* Whether the pattern matches the start of the path (all of it when
 * anchored). '*' matches any run of bytes; on a mismatch the last '*'
 * takes one more byte, which keeps this O(pattern x path). */
static int pattern_matches(const char *p, size_t pn, int anchored,
                           const char *s, size_t sn) {
  size_t pi = 0, si = 0, star_p = SIZE_MAX, star_s = 0;
  while (si < sn) {
    if (pi == pn && !anchored)
      return 1;
    if (pi < pn && p[pi] == '*') {
      star_p = pi++;
      star_s = si;
    } else if (pi < pn && p[pi] == s[si]) {
      pi++;
      si++;
    } else if (star_p != SIZE_MAX) {
      pi = star_p + 1;
      si = ++star_s;
    } else {
      return 0;
    }
  }
  while (pi < pn && p[pi] == '*')
    pi++;
  return pi == pn;
}

int pith_robots_allowed(const robots *rules, const char *path) {
  if (!rules || !path)
    return 1;
  if (strcmp(path, "/robots.txt") == 0)
    return 1;
  if (rules->rules.count == 0)
    return 1;
  size_t n;
  char *norm = normalize(path, strlen(path), &n);
  if (!norm)
    return 1;
  size_t best_len = 0;
  int found = 0, best_allow = 1;
  for (size_t i = 0; i < rules->rules.count; i++) {
    const robots_rule *r = &rules->rules.items[i];
    if (found && r->len < best_len)
      continue;
    if (!pattern_matches(r->pattern, r->len - (size_t)r->anchored, r->anchored,
                         norm, n))
      continue;
    if (!found || r->len > best_len) {
      best_len = r->len;
      best_allow = r->allow;
      found = 1;
    } else if (r->allow) {
      best_allow = 1; /* equal length: the least restrictive rule wins */
    }
  }
  free(norm);
  return best_allow;
}

size_t pith_robots_rule_count(const robots *rules) {
  return rules ? rules->rules.count : 0;
}

void pith_robots_free(robots *rules) {
  if (!rules)
    return;
  rule_list_free(&rules->rules);
  free(rules);
}
