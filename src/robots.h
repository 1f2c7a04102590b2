/* robots.txt rules (RFC 9309, the Robots Exclusion Protocol): parsing a
 * file a server sent and matching paths against it. Not installed; the
 * fetcher of the command line uses it and fuzzers reach it. */
#ifndef PITH_ROBOTS_H
#define PITH_ROBOTS_H

#include <stddef.h>

/* The rules that apply to one crawler, taken from one robots.txt. */
typedef struct robots robots;

/* How much of a robots.txt is read (RFC 9309 asks for at least 500 KiB);
 * the rest is ignored. */
#define ROBOTS_MAX_BYTES ((size_t)512 * 1024)

/* Parses `len` bytes of robots.txt for the crawler whose product token is
 * `agent` (e.g. "pith"; matched case-insensitively against the User-agent
 * lines). The groups naming the agent apply, all of them merged; when none
 * does, the "*" groups; when neither exists, everything is allowed. Any
 * bytes are accepted: lines that are not rules are skipped. Returns NULL
 * only when out of memory. Free with pith_robots_free(). */
robots *pith_robots_parse(const char *data, size_t len, const char *agent);

/* 1 when the crawler may fetch `path` (the URL's path and query, starting
 * with "/"; percent-encoded as in the URL), 0 when a rule disallows it.
 * The longest matching pattern wins; an Allow and a Disallow of the same
 * length allow. Patterns may hold "*" (any run of characters) and end with
 * "$" (end of the path). "/robots.txt" is always allowed. */
int pith_robots_allowed(const robots *rules, const char *path);

/* The number of rules that apply to the crawler (for tests and messages). */
size_t pith_robots_rule_count(const robots *rules);

void pith_robots_free(robots *rules);

#endif
