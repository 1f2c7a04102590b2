/* The fetch engine: one libcurl multi handle, a queue per host, robots.txt
 * per host, and a bounded window of URLs in memory.
 *
 * A URL is a job. It is routed to the queue of its host (scheme, name and
 * port); the first job of a host puts a robots.txt request ahead of it.
 * Jobs start when a slot is free overall and for their host and the host's
 * delay has passed. Redirects are followed here rather than by libcurl so
 * that every hop is checked against its host's robots.txt and limits, and
 * a loop is named as such. A retry waits in a list ordered by time, then
 * rejoins its host's queue. */
#include "fetch.h"

#include <curl/curl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "pith.h"
#include "robots.h"

#define HOST_BUCKETS 4096
/* Idle hosts (and their robots.txt) are forgotten past this many. */
#define HOST_CACHE_MAX 4096

void fetch_config_init(fetch_config *c) {
  memset(c, 0, sizeof *c);
  c->parallel = 16;
  c->per_host = 2;
  c->host_delay = 0;
  c->timeout = 30;
  c->connect_timeout = 10;
  c->max_size = (size_t)20 * 1024 * 1024;
  c->retries = 2;
  c->max_redirects = 10;
  c->retry_base = 1.0;
  c->max_retry_wait = 120;
  c->ignore_robots = 0;
  c->user_agent = NULL;
  c->window = 0;
  c->memory_budget = (size_t)128 * 1024 * 1024;
}

void fetch_robots_agent(const char *ua, char *out, size_t out_size) {
  size_t n = 0;
  if (!ua)
    ua = "pith";
  while (ua[n] && ua[n] != '/' && ua[n] != ' ' && ua[n] != '\t' &&
         n + 1 < out_size) {
    out[n] = ua[n];
    n++;
  }
  out[n] = '\0';
}

typedef enum robots_state {
  ROBOTS_UNKNOWN,  /* not asked yet */
  ROBOTS_PENDING,  /* the request is queued or under way */
  ROBOTS_RULES,    /* parsed rules apply */
  ROBOTS_ALLOW,    /* none (4xx, or --ignore-robots) */
  ROBOTS_DISALLOW, /* 5xx: the whole host is off limits (RFC 9309) */
  ROBOTS_FAILED,   /* unreachable: every page gets the same error */
} robots_state;

struct job;
struct engine;

typedef struct host {
  char *key; /* "scheme://name:port" */
  struct host *bucket_next;
  int active;
  double next_start; /* monotonic seconds: the host delay, Retry-After */
  struct job *head, *tail;
  int in_ready;
  robots_state robots_state;
  struct job *robots_active; /* the robots.txt request under way */
  robots *rules;
  char *deny_kind; /* ROBOTS_DISALLOW / ROBOTS_FAILED */
  char *deny_message;
} host;

typedef struct job {
  struct job *next; /* in a host queue or the delayed list */
  char *given;      /* the URL as given */
  char *url;        /* the URL of the next request */
  char *path;       /* its path and query, for robots.txt */
  host *host;
  int is_robots;
  int retries_done;
  int redirects;
  char **chain; /* the URLs requested before, for loop detection */
  double not_before;
  size_t max_size;
  struct engine *engine;
  int paused;     /* waiting for body memory (see on_body) */
  int was_paused; /* ... at some time during this request */
  int encoded;    /* the body comes compressed (Content-Encoding) */
  /* The current request. */
  CURL *easy;
  char *body;
  size_t len, cap, seen;
  int checked, discard, truncated;
  const char *abort_kind;
  char errbuf[CURL_ERROR_SIZE];
  /* What the last answer said. */
  long status;
  char *content_type;
  char *final_url;
} job;

typedef struct engine {
  const fetch_config *cfg;
  char user_agent[256];
  char robots_agent[64];
  CURLM *multi;
  host *buckets[HOST_BUCKETS];
  size_t host_count;
  host **ready; /* hosts with queued jobs */
  size_t ready_count, ready_cap;
  job *delayed; /* sorted by not_before */
  size_t live;  /* page jobs in memory */
  long active;  /* requests under way */
  /* Body buffers of all transfers together stay under the budget: past it
   * a transfer pauses until memory is freed, except one (the privileged
   * one) that always proceeds, so the transfers cannot wait on each
   * other forever. */
  size_t buffered, budget;
  struct job *privileged;
  struct job **paused;
  size_t paused_count, paused_cap;
  fetch_next_fn next;
  fetch_done_fn done;
  void *ctx;
  uint64_t rng;
  int failed; /* out of memory: stop reading input */
} engine;

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A uniform number in [0, 1) for the backoff jitter. */
static double random_unit(engine *e) {
  e->rng ^= e->rng << 13;
  e->rng ^= e->rng >> 7;
  e->rng ^= e->rng << 17;
  return (double)(e->rng >> 11) / 9007199254740992.0;
}

static unsigned long hash_string(const char *s) {
  unsigned long h = 5381;
  while (*s)
    h = h * 33 + (unsigned char)*s++;
  return h;
}

static char *dup_string(const char *s) {
  if (!s)
    return NULL;
  size_t n = strlen(s);
  char *p = malloc(n + 1);
  if (p)
    memcpy(p, s, n + 1);
  return p;
}

static void body_release(job *j) {
  if (j->engine)
    j->engine->buffered -= j->cap;
  free(j->body);
  j->body = NULL;
  j->len = j->cap = 0;
}

static void job_free(job *j) {
  if (!j)
    return;
  body_release(j);
  free(j->given);
  free(j->url);
  free(j->path);
  if (j->chain) {
    for (int i = 0; i < j->redirects; i++)
      free(j->chain[i]);
    free(j->chain);
  }
  free(j->content_type);
  free(j->final_url);
  free(j);
}

/* Reports a job and frees it. */
static void job_finish(engine *e, job *j, const char *kind,
                       const char *message) {
  fetch_page page;
  memset(&page, 0, sizeof page);
  page.url = j->given;
  page.final_url = j->final_url;
  page.status = j->status;
  page.content_type = j->content_type;
  page.fetched_at = time(NULL);
  if (kind) {
    page.error_kind = kind;
    page.error_message = message ? message : kind;
  } else {
    page.body = j->body ? j->body : "";
    page.body_len = j->len;
  }
  e->done(e->ctx, &page);
  e->live--;
  job_free(j);
}

static void job_finishf(engine *e, job *j, const char *kind, const char *fmt,
                        ...) __attribute__((format(printf, 4, 5)));

static void job_finishf(engine *e, job *j, const char *kind, const char *fmt,
                        ...) {
  char message[CURL_ERROR_SIZE + 512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  job_finish(e, j, kind, message);
}

static void host_free(host *h) {
  free(h->key);
  pith_robots_free(h->rules);
  free(h->deny_kind);
  free(h->deny_message);
  free(h);
}

/* Forgets hosts with nothing queued or under way, robots.txt included. */
static void hosts_evict_idle(engine *e) {
  for (size_t b = 0; b < HOST_BUCKETS; b++) {
    host **pp = &e->buckets[b];
    while (*pp) {
      host *h = *pp;
      if (h->active == 0 && !h->head && !h->in_ready &&
          h->robots_state != ROBOTS_PENDING) {
        *pp = h->bucket_next;
        host_free(h);
        e->host_count--;
      } else {
        pp = &h->bucket_next;
      }
    }
  }
}

static host *host_get(engine *e, const char *key) {
  unsigned long b = hash_string(key) % HOST_BUCKETS;
  for (host *h = e->buckets[b]; h; h = h->bucket_next)
    if (strcmp(h->key, key) == 0)
      return h;
  if (e->host_count >= HOST_CACHE_MAX)
    hosts_evict_idle(e);
  host *h = calloc(1, sizeof *h);
  if (!h)
    return NULL;
  h->key = dup_string(key);
  if (!h->key) {
    free(h);
    return NULL;
  }
  h->robots_state = e->cfg->ignore_robots ? ROBOTS_ALLOW : ROBOTS_UNKNOWN;
  h->bucket_next = e->buckets[b];
  e->buckets[b] = h;
  e->host_count++;
  return h;
}

static int ready_add(engine *e, host *h) {
  if (h->in_ready)
    return 0;
  if (e->ready_count == e->ready_cap) {
    size_t cap = e->ready_cap ? e->ready_cap * 2 : 64;
    host **p = realloc(e->ready, cap * sizeof *p);
    if (!p)
      return -1;
    e->ready = p;
    e->ready_cap = cap;
  }
  e->ready[e->ready_count++] = h;
  h->in_ready = 1;
  return 0;
}

static void queue_push(host *h, job *j, int front) {
  j->next = NULL;
  if (!h->head) {
    h->head = h->tail = j;
  } else if (front) {
    j->next = h->head;
    h->head = j;
  } else {
    h->tail->next = j;
    h->tail = j;
  }
}

static job *queue_pop(host *h) {
  job *j = h->head;
  if (j) {
    h->head = j->next;
    if (!h->head)
      h->tail = NULL;
    j->next = NULL;
  }
  return j;
}

/* Splits a URL into its host key and the path for robots.txt. Returns 0,
 * or -1 with a reason when the URL cannot be fetched. */
static int url_split(const char *url, char **key, char **path,
                     const char **why) {
  CURLU *u = curl_url();
  char *scheme = NULL, *hostname = NULL, *port = NULL, *p = NULL, *q = NULL;
  int rc = -1;
  *key = *path = NULL;
  *why = "not a URL";
  if (!u)
    goto out;
  if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) !=
      CURLUE_OK)
    goto out;
  if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK)
    goto out;
  if (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0) {
    *why = "only http:// and https:// URLs are fetched";
    goto out;
  }
  if (curl_url_get(u, CURLUPART_HOST, &hostname, 0) != CURLUE_OK ||
      !hostname[0]) {
    *why = "the URL has no host";
    goto out;
  }
  if (curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK)
    goto out;
  if (curl_url_get(u, CURLUPART_PATH, &p, 0) != CURLUE_OK)
    goto out;
  if (curl_url_get(u, CURLUPART_QUERY, &q, 0) != CURLUE_OK)
    q = NULL;
  size_t kn = strlen(scheme) + strlen(hostname) + strlen(port) + 5;
  *key = malloc(kn);
  size_t pn = strlen(p) + (q ? strlen(q) + 1 : 0) + 2;
  *path = malloc(pn);
  if (!*key || !*path) {
    free(*key);
    free(*path);
    *key = *path = NULL;
    *why = "out of memory";
    goto out;
  }
  for (char *c = hostname; *c; c++)
    if (*c >= 'A' && *c <= 'Z')
      *c = (char)(*c + 32);
  snprintf(*key, kn, "%s://%s:%s", scheme, hostname, port);
  snprintf(*path, pn, "%s%s%s", p[0] == '/' ? "" : "/", p, q ? "?" : "");
  if (q)
    strcat(*path, q);
  rc = 0;
out:
  curl_free(scheme);
  curl_free(hostname);
  curl_free(port);
  curl_free(p);
  curl_free(q);
  curl_url_cleanup(u);
  return rc;
}

/* Puts a job in its host's queue (after a robots.txt request when the host
 * is new), or reports it when its URL cannot be fetched. */
static void job_route(engine *e, job *j) {
  char *key = NULL;
  const char *why = NULL;
  free(j->path);
  j->path = NULL;
  if (url_split(j->url, &key, &j->path, &why) != 0) {
    job_finishf(e, j, "bad_url", "%s: %s", j->url, why);
    return;
  }
  host *h = host_get(e, key);
  free(key);
  if (!h) {
    e->failed = 1;
    job_finish(e, j, "internal", "out of memory");
    return;
  }
  j->host = h;
  if (h->robots_state == ROBOTS_UNKNOWN) {
    job *r = calloc(1, sizeof *r);
    size_t n = strlen(h->key) + sizeof "/robots.txt";
    char *url = malloc(n);
    if (!r || !url) {
      free(r);
      free(url);
      e->failed = 1;
      job_finish(e, j, "internal", "out of memory");
      return;
    }
    snprintf(url, n, "%s/robots.txt", h->key);
    r->url = url;
    r->is_robots = 1;
    r->engine = e;
    r->max_size = e->cfg->max_size;
    r->host = h;
    queue_push(h, r, 0);
    h->robots_state = ROBOTS_PENDING;
  }
  queue_push(h, j, 0);
  if (ready_add(e, h) != 0)
    e->failed = 1;
}

static int html_type(const char *ct) {
  static const char *const types[] = {"text/html", "application/xhtml+xml",
                                      "application/xml", "text/xml",
                                      "application/vnd.wap.xhtml+xml"};
  while (*ct == ' ' || *ct == '\t')
    ct++;
  size_t n = strcspn(ct, "; \t");
  if (n == 0)
    return 1; /* no type: let the content decide */
  for (size_t i = 0; i < sizeof types / sizeof *types; i++)
    if (strlen(types[i]) == n && strncasecmp(ct, types[i], n) == 0)
      return 1;
  return 0;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *userdata) {
  job *j = userdata;
  size_t n = size * nmemb;
  if (!j->checked) {
    j->checked = 1;
    struct curl_header *h;
    j->encoded = curl_easy_header(j->easy, "Content-Encoding", 0, CURLH_HEADER,
                                  -1, &h) == CURLHE_OK;
    long code = 0;
    curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &code);
    if (code < 200 || code >= 300) {
      j->discard = 1;
    } else if (!j->is_robots) {
      char *ct = NULL;
      curl_easy_getinfo(j->easy, CURLINFO_CONTENT_TYPE, &ct);
      if (ct && !html_type(ct)) {
        j->abort_kind = "not_html";
        return 0;
      }
    }
  }
  /* A compressed body is never paused: libcurl would keep inflating the
   * input it holds into its own buffer meanwhile, a megabyte per kilobyte
   * for a gzip bomb; it reaches --max-size quickly instead. */
  if (!j->discard && !j->encoded && j->len + n + 1 > j->cap) {
    engine *e = j->engine;
    if (e->buffered + n > e->budget && e->privileged != j) {
      if (e->privileged || e->paused_count == e->paused_cap) {
        if (e->paused_count == e->paused_cap) {
          size_t cap = e->paused_cap ? e->paused_cap * 2 : 16;
          job **p = realloc(e->paused, cap * sizeof *p);
          if (!p) {
            j->abort_kind = "internal";
            return 0;
          }
          e->paused = p;
          e->paused_cap = cap;
        }
        if (e->privileged) {
          e->paused[e->paused_count++] = j;
          j->paused = j->was_paused = 1;
          return CURL_WRITEFUNC_PAUSE;
        }
      }
      e->privileged = j;
    }
  }
  j->seen += n;
  /* Past the limit the transfer stops here, so a compressed body that
   * inflates without end (a "gzip bomb") costs at most the limit. */
  size_t limit = j->is_robots ? ROBOTS_MAX_BYTES : (size_t)-1;
  if (j->seen > j->max_size) {
    j->abort_kind = "too_large";
    return 0;
  }
  if (j->discard)
    return n;
  if (j->len + n > limit) {
    n = limit - j->len;
    j->truncated = 1;
  }
  if (j->len + n + 1 > j->cap) {
    size_t cap = j->cap ? j->cap : 16384;
    while (cap < j->len + n + 1)
      cap *= 2;
    /* Never more than the limit allows: a body at the limit costs
     * max_size bytes, not the next power of two. */
    if (!j->is_robots && cap > j->max_size + 1 &&
        j->len + n + 1 <= j->max_size + 1)
      cap = j->max_size + 1;
    char *p = realloc(j->body, cap);
    if (!p) {
      j->abort_kind = "internal";
      return 0;
    }
    j->engine->buffered += cap - j->cap;
    j->body = p;
    j->cap = cap;
  }
  memcpy(j->body + j->len, data, n);
  j->len += n;
  j->body[j->len] = '\0';
  return j->truncated ? 0 : size * nmemb;
}

static const char *curl_kind(CURLcode rc) {
  switch (rc) {
  case CURLE_OPERATION_TIMEDOUT:
    return "timeout";
  case CURLE_FILESIZE_EXCEEDED:
    return "too_large";
  case CURLE_COULDNT_RESOLVE_HOST:
    return "dns";
  case CURLE_COULDNT_RESOLVE_PROXY:
    return "proxy";
  case CURLE_COULDNT_CONNECT:
    return "connect";
  case CURLE_SSL_CONNECT_ERROR:
  case CURLE_PEER_FAILED_VERIFICATION:
  case CURLE_SSL_CERTPROBLEM:
  case CURLE_SSL_CIPHER:
  case CURLE_SSL_CACERT_BADFILE:
  case CURLE_SSL_ISSUER_ERROR:
  case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
  case CURLE_SSL_INVALIDCERTSTATUS:
  case CURLE_SSL_CRL_BADFILE:
  case CURLE_SSL_ENGINE_NOTFOUND:
  case CURLE_SSL_ENGINE_SETFAILED:
  case CURLE_SSL_SHUTDOWN_FAILED:
  case CURLE_USE_SSL_FAILED:
  case CURLE_SSL_CLIENTCERT:
    return "tls";
  case CURLE_TOO_MANY_REDIRECTS:
    return "redirects";
  case CURLE_URL_MALFORMAT:
  case CURLE_UNSUPPORTED_PROTOCOL:
    return "bad_url";
  case CURLE_BAD_CONTENT_ENCODING:
    return "encoding";
  case CURLE_OUT_OF_MEMORY:
    return "internal";
  default:
    return "network";
  }
}

/* Connection errors are worth another try; a timeout, a name that does
 * not resolve or a certificate that does not verify are not. */
static int kind_retryable(const char *kind) {
  return strcmp(kind, "connect") == 0 || strcmp(kind, "network") == 0;
}

static void delayed_insert(engine *e, job *j) {
  job **pp = &e->delayed;
  while (*pp && (*pp)->not_before <= j->not_before)
    pp = &(*pp)->next;
  j->next = *pp;
  *pp = j;
}

/* Schedules another attempt when retries are left. retry_after is the
 * server's Retry-After in seconds, or -1. Returns 1 when scheduled. */
static int job_retry(engine *e, job *j, double retry_after, double now) {
  if (j->retries_done >= e->cfg->retries)
    return 0;
  if (retry_after > e->cfg->max_retry_wait)
    return 0;
  /* Exponential backoff with jitter, so many clients that failed together
   * do not come back together. */
  double wait =
      e->cfg->retry_base * pow(2.0, j->retries_done) * (0.5 + random_unit(e));
  if (retry_after >= 0) {
    if (retry_after > wait)
      wait = retry_after;
    /* The host asked everyone to wait, not only this URL. */
    if (j->host && j->host->next_start < now + retry_after)
      j->host->next_start = now + retry_after;
  }
  j->retries_done++;
  j->not_before = now + wait;
  delayed_insert(e, j);
  return 1;
}

static void request_reset(job *j) {
  body_release(j);
  j->seen = 0;
  j->checked = j->discard = j->truncated = j->was_paused = j->encoded = 0;
  j->abort_kind = NULL;
  j->errbuf[0] = '\0';
}

static int job_start(engine *e, job *j, double now) {
  const fetch_config *cfg = e->cfg;
  request_reset(j);
  CURL *c = curl_easy_init();
  if (!c)
    return -1;
  j->easy = c;
  curl_easy_setopt(c, CURLOPT_URL, j->url);
  curl_easy_setopt(c, CURLOPT_PRIVATE, j);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_USERAGENT, e->user_agent);
  /* Every encoding this libcurl decodes: gzip, deflate, brotli, zstd. */
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(c, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
  curl_easy_setopt(c, CURLOPT_PIPEWAIT, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (cfg->ca_file)
    curl_easy_setopt(c, CURLOPT_CAINFO, cfg->ca_file);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)(cfg->timeout * 1000));
  double ct =
      cfg->connect_timeout < cfg->timeout ? cfg->connect_timeout : cfg->timeout;
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)(ct * 1000));
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, j->errbuf);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, j);
  if (j->is_robots) {
    /* RFC 9309 2.3.1.2: follow at least five redirects for robots.txt. */
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
  } else {
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)cfg->max_size);
  }
  if (curl_multi_add_handle(e->multi, c) != CURLM_OK) {
    curl_easy_cleanup(c);
    j->easy = NULL;
    return -1;
  }
  e->active++;
  j->host->active++;
  if (j->is_robots)
    j->host->robots_active = j;
  j->host->next_start = now + cfg->host_delay;
  return 0;
}

static void set_string(char **dst, const char *src) {
  free(*dst);
  *dst = dup_string(src);
}

static void robots_done(engine *e, job *j, CURLcode rc, double retry_after,
                        double now) {
  host *h = j->host;
  const char *kind = NULL;
  if (j->abort_kind && strcmp(j->abort_kind, "internal") == 0) {
    e->failed = 1;
    h->robots_state = ROBOTS_ALLOW;
  } else if (rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && j->truncated)) {
    if (j->status >= 200 && j->status < 300) {
      h->rules = pith_robots_parse(j->body, j->len, e->robots_agent);
      h->robots_state = h->rules ? ROBOTS_RULES : ROBOTS_ALLOW;
    } else if (j->status == 429 || j->status >= 500) {
      if (job_retry(e, j, retry_after, now))
        return;
      char msg[256];
      snprintf(msg, sizeof msg,
               "%s/robots.txt answered HTTP %ld: the site is taken as "
               "disallowed (RFC 9309); --ignore-robots skips robots.txt",
               h->key, j->status);
      h->deny_kind = dup_string("robots");
      h->deny_message = dup_string(msg);
      h->robots_state = ROBOTS_DISALLOW;
    } else {
      /* 4xx: no robots.txt, everything allowed (RFC 9309 2.3.1.3). */
      h->robots_state = ROBOTS_ALLOW;
    }
  } else if (rc == CURLE_TOO_MANY_REDIRECTS) {
    h->robots_state = ROBOTS_ALLOW;
  } else {
    kind = curl_kind(rc);
    if (kind_retryable(kind) && job_retry(e, j, -1, now))
      return;
    /* The host is unreachable: its pages get the reason, not "robots". */
    char msg[CURL_ERROR_SIZE + 256];
    snprintf(msg, sizeof msg, "%s (while fetching %s)",
             j->errbuf[0] ? j->errbuf : curl_easy_strerror(rc), j->url);
    h->deny_kind = dup_string(kind);
    h->deny_message = dup_string(msg);
    h->robots_state = ROBOTS_FAILED;
  }
  if ((h->robots_state == ROBOTS_DISALLOW ||
       h->robots_state == ROBOTS_FAILED) &&
      (!h->deny_kind || !h->deny_message))
    e->failed = 1;
  job_free(j);
  if (h->head && ready_add(e, h) != 0)
    e->failed = 1;
}

/* Follows a redirect: the job goes to the queue of the target's host. */
static void job_redirect(engine *e, job *j, const char *target) {
  if (j->redirects >= e->cfg->max_redirects) {
    job_finishf(e, j, "redirects", "more than %d redirects (the last to %s)",
                e->cfg->max_redirects, target);
    return;
  }
  int loop = strcmp(j->url, target) == 0;
  for (int i = 0; i < j->redirects && !loop; i++)
    loop = strcmp(j->chain[i], target) == 0;
  if (loop) {
    job_finishf(e, j, "redirects", "redirect loop: %s leads back to %s", j->url,
                target);
    return;
  }
  char **chain = realloc(j->chain, (size_t)(j->redirects + 1) * sizeof *chain);
  char *next = dup_string(target);
  if (!chain || !next) {
    if (chain)
      j->chain = chain;
    free(next);
    e->failed = 1;
    job_finish(e, j, "internal", "out of memory");
    return;
  }
  j->chain = chain;
  j->chain[j->redirects++] = j->url;
  j->url = next;
  request_reset(j);
  job_route(e, j);
}

/* Lets the paused transfers try again once a body has been freed; those
 * still over the budget pause again. */
static void resume_paused(engine *e) {
  if (e->paused_count == 0 || e->privileged)
    return;
  size_t n = e->paused_count;
  job **list = malloc(n * sizeof *list);
  if (!list)
    return;
  memcpy(list, e->paused, n * sizeof *list);
  e->paused_count = 0;
  for (size_t i = 0; i < n; i++) {
    list[i]->paused = 0;
    curl_easy_pause(list[i]->easy, CURLPAUSE_CONT);
  }
  free(list);
}

static void transfer_done(engine *e, CURL *c, CURLcode rc, double now) {
  job *j = NULL;
  curl_easy_getinfo(c, CURLINFO_PRIVATE, (char **)&j);
  long status = 0;
  char *ct = NULL, *effective = NULL, *redirect = NULL;
  curl_off_t retry_after = -1;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
  curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &effective);
  curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &redirect);
  if (curl_easy_getinfo(c, CURLINFO_RETRY_AFTER, &retry_after) != CURLE_OK ||
      retry_after <= 0)
    retry_after = -1;
  curl_off_t connect_time = 0;
  curl_easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &connect_time);
  if (status > 0)
    j->status = status;
  /* An error page or a redirect that is too long is judged by its status;
   * its body is not kept anyway. */
  if (status > 0 && (status < 200 || status >= 300) &&
      (rc == CURLE_FILESIZE_EXCEEDED ||
       (j->discard && j->abort_kind &&
        strcmp(j->abort_kind, "too_large") == 0))) {
    rc = CURLE_OK;
    j->abort_kind = NULL;
  }
  if (status > 0)
    set_string(&j->content_type, ct);
  set_string(&j->final_url, effective ? effective : j->url);
  char *target = dup_string(redirect);
  curl_multi_remove_handle(e->multi, c);
  curl_easy_cleanup(c);
  j->easy = NULL;
  if (j->paused) {
    for (size_t i = 0; i < e->paused_count; i++)
      if (e->paused[i] == j) {
        e->paused[i] = e->paused[--e->paused_count];
        break;
      }
    j->paused = 0;
  }
  if (e->privileged == j)
    e->privileged = NULL;
  e->active--;
  j->host->active--;
  if (j->is_robots)
    j->host->robots_active = NULL;
  if (j->host->head && ready_add(e, j->host) != 0)
    e->failed = 1;

  if (j->is_robots) {
    free(target);
    robots_done(e, j, rc, (double)retry_after, now);
    return;
  }
  const fetch_config *cfg = e->cfg;
  if (j->abort_kind) {
    free(target);
    if (strcmp(j->abort_kind, "not_html") == 0)
      job_finishf(e, j, "not_html",
                  "the server sent %s, not HTML; pith extracts articles "
                  "from HTML pages only",
                  j->content_type ? j->content_type : "another type");
    else if (strcmp(j->abort_kind, "too_large") == 0)
      job_finishf(e, j, "too_large",
                  "the body is larger than %zu bytes (decoded); raise "
                  "--max-size to fetch it",
                  cfg->max_size);
    else {
      e->failed = 1;
      job_finish(e, j, "internal", "out of memory");
    }
    return;
  }
  if (rc == CURLE_OK) {
    if (status >= 300 && status < 400 && target) {
      job_redirect(e, j, target);
      free(target);
      return;
    }
    free(target);
    if (status >= 200 && status < 300) {
      job_finish(e, j, NULL, NULL);
      return;
    }
    if ((status == 429 || status >= 500) &&
        job_retry(e, j, (double)retry_after, now))
      return;
    if (retry_after > cfg->max_retry_wait)
      job_finishf(e, j, "http_status",
                  "the server answered HTTP %ld and asked to wait %ld s, "
                  "longer than pith waits",
                  status, (long)retry_after);
    else if (j->retries_done > 0)
      job_finishf(e, j, "http_status",
                  "the server answered HTTP %ld (after %d attempts)", status,
                  j->retries_done + 1);
    else
      job_finishf(e, j, "http_status", "the server answered HTTP %ld", status);
    return;
  }
  free(target);
  const char *kind = curl_kind(rc);
  if (kind_retryable(kind) && job_retry(e, j, -1, now))
    return;
  if (rc == CURLE_OPERATION_TIMEDOUT && connect_time == 0)
    job_finishf(e, j, kind, "could not connect within %g s: %s",
                cfg->connect_timeout < cfg->timeout ? cfg->connect_timeout
                                                    : cfg->timeout,
                j->url);
  else if (rc == CURLE_OPERATION_TIMEDOUT && j->was_paused)
    job_finishf(e, j, kind,
                "no complete answer within %g s (--timeout): %s; it waited "
                "for memory while other large bodies were read (lower "
                "--parallel or --max-size)",
                cfg->timeout, j->url);
  else if (rc == CURLE_OPERATION_TIMEDOUT)
    job_finishf(e, j, kind, "no complete answer within %g s (--timeout): %s",
                cfg->timeout, j->url);
  else if (rc == CURLE_FILESIZE_EXCEEDED)
    job_finishf(e, j, kind,
                "the server announced a body larger than %zu bytes; raise "
                "--max-size to fetch it",
                cfg->max_size);
  else
    job_finishf(e, j, kind, "%s",
                j->errbuf[0] ? j->errbuf : curl_easy_strerror(rc));
}

/* Starts what may start; lowers *wake to the time a host delay ends. */
static void schedule(engine *e, double now, double *wake) {
  const fetch_config *cfg = e->cfg;
  size_t k = 0;
  while (k < e->ready_count && e->active < cfg->parallel) {
    host *h = e->ready[k];
    while (h->head && e->active < cfg->parallel) {
      job *j = h->head;
      if (!j->is_robots) {
        if (h->robots_state == ROBOTS_PENDING)
          break;
        if (h->robots_state == ROBOTS_DISALLOW ||
            h->robots_state == ROBOTS_FAILED) {
          queue_pop(h);
          job_finish(e, j, h->deny_kind, h->deny_message);
          continue;
        }
        if (h->robots_state == ROBOTS_RULES &&
            !pith_robots_allowed(h->rules, j->path)) {
          queue_pop(h);
          job_finishf(e, j, "robots",
                      "%s/robots.txt disallows %s for %s; --ignore-robots "
                      "fetches it anyway",
                      h->key, j->path, e->robots_agent);
          continue;
        }
      }
      if (h->active >= cfg->per_host)
        break;
      if (h->next_start > now) {
        if (h->next_start < *wake)
          *wake = h->next_start;
        break;
      }
      queue_pop(h);
      if (job_start(e, j, now) != 0) {
        e->failed = 1;
        if (j->is_robots) {
          h->robots_state = ROBOTS_ALLOW;
          job_free(j);
        } else {
          job_finish(e, j, "internal", "libcurl could not start a request");
        }
      }
    }
    if (!h->head) {
      h->in_ready = 0;
      e->ready[k] = e->ready[--e->ready_count];
    } else {
      k++;
    }
  }
}

static void report_internal(engine *e, char *url) {
  fetch_page page;
  memset(&page, 0, sizeof page);
  page.url = url;
  page.fetched_at = time(NULL);
  page.error_kind = "internal";
  page.error_message = "out of memory";
  e->done(e->ctx, &page);
  free(url);
}

int fetch_run(const fetch_config *cfg, fetch_next_fn next, fetch_done_fn done,
              fetch_tick_fn tick, void *ctx, char *err, size_t err_size) {
  engine *e = calloc(1, sizeof *e);
  if (!e) {
    snprintf(err, err_size, "out of memory");
    return -1;
  }
  e->cfg = cfg;
  e->budget = cfg->memory_budget;
  e->next = next;
  e->done = done;
  e->ctx = ctx;
  e->rng = (uint64_t)time(NULL) * 2654435761u ^ (uint64_t)getpid() ^
           0x9E3779B97F4A7C15ull;
  if (cfg->user_agent)
    snprintf(e->user_agent, sizeof e->user_agent, "%s", cfg->user_agent);
  else
    snprintf(e->user_agent, sizeof e->user_agent, "pith/%s", pith_version());
  fetch_robots_agent(e->user_agent, e->robots_agent, sizeof e->robots_agent);
  size_t window = cfg->window;
  if (window == 0)
    window = cfg->parallel * 16 > 1024 ? (size_t)cfg->parallel * 16 : 1024;

  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
      !(e->multi = curl_multi_init())) {
    snprintf(err, err_size, "libcurl could not be initialised");
    free(e);
    return -1;
  }
  curl_multi_setopt(e->multi, CURLMOPT_MAXCONNECTS,
                    cfg->parallel * 2 > 32 ? cfg->parallel * 2 : 32L);

  int input_done = 0;
  double last_tick = 0;
  for (;;) {
    double now = now_seconds();
    int wait_fd = -1;
    while (!input_done && e->live < window) {
      int fd = -1;
      char *url = next(ctx, &fd);
      if (!url) {
        if (fd >= 0)
          wait_fd = fd;
        else
          input_done = 1;
        break;
      }
      job *j = e->failed ? NULL : calloc(1, sizeof *j);
      if (j)
        j->url = dup_string(url);
      if (!j || !j->url) {
        free(j);
        e->failed = 1;
        report_internal(e, url);
        continue;
      }
      j->given = url;
      j->max_size = cfg->max_size;
      j->engine = e;
      e->live++;
      job_route(e, j);
    }
    while (e->delayed && e->delayed->not_before <= now) {
      job *j = e->delayed;
      e->delayed = j->next;
      j->next = NULL;
      if (j->is_robots) {
        queue_push(j->host, j, 1);
        if (ready_add(e, j->host) != 0)
          e->failed = 1;
      } else {
        job_route(e, j);
      }
    }
    double wake = now + 1.0;
    schedule(e, now, &wake);
    if (input_done && e->live == 0)
      break;
    if (e->delayed && e->delayed->not_before < wake)
      wake = e->delayed->not_before;
    double wait = wake - now;
    if (tick && wait > 0.2)
      wait = 0.2;
    int timeout_ms = wait <= 0 ? 0 : (int)(wait * 1000) + 1;
    struct curl_waitfd input = {wait_fd, CURL_WAIT_POLLIN, 0};
    curl_multi_poll(e->multi, wait_fd >= 0 ? &input : NULL,
                    wait_fd >= 0 ? 1 : 0, timeout_ms, NULL);
    int running = 0;
    curl_multi_perform(e->multi, &running);
    CURLMsg *msg;
    int left;
    now = now_seconds();
    while ((msg = curl_multi_info_read(e->multi, &left)))
      if (msg->msg == CURLMSG_DONE)
        transfer_done(e, msg->easy_handle, msg->data.result, now);
    resume_paused(e);
    if (tick && now - last_tick >= 0.2) {
      tick(ctx);
      last_tick = now;
    }
  }

  /* Only robots.txt requests nobody waits for can be left. */
  for (size_t b = 0; b < HOST_BUCKETS; b++) {
    host *h = e->buckets[b];
    while (h) {
      host *hn = h->bucket_next;
      job *j;
      while ((j = queue_pop(h)))
        job_free(j);
      if (h->robots_active) {
        curl_multi_remove_handle(e->multi, h->robots_active->easy);
        curl_easy_cleanup(h->robots_active->easy);
        job_free(h->robots_active);
      }
      host_free(h);
      h = hn;
    }
  }
  while (e->delayed) {
    job *j = e->delayed;
    e->delayed = j->next;
    job_free(j);
  }
  curl_multi_cleanup(e->multi);
  int failed = e->failed;
  free(e->ready);
  free(e->paused);
  free(e);
  curl_global_cleanup();
  if (failed) {
    snprintf(err, err_size, "out of memory");
    return -1;
  }
  return 0;
}
