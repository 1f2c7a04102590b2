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

void pith_fetch_config_init(pith_fetch_config *c) {
  if (!c)
    return;
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

/* The product token of a User-Agent for robots.txt: "pith" for
 * "pith/0.1.0". */
static void robots_agent(const char *ua, char *out, size_t out_size) {
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
  pith_status deny_status; /* ROBOTS_DISALLOW / ROBOTS_FAILED */
  char *deny_message;
} host;

typedef struct job {
  struct job *next; /* in a host queue or the delayed list */
  char *given;      /* the URL as given */
  uint64_t id;      /* as given with it */
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
  pith_status abort_status; /* why on_body stopped the transfer */
  char errbuf[CURL_ERROR_SIZE];
  /* What the last answer said. */
  long status;
  char *content_type;
  char *final_url;
} job;

typedef struct engine {
  const pith_fetch_config *cfg;
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
  pith_fetch_next_fn next;
  pith_fetch_done_fn done;
  void *ctx;
  uint64_t rng;
  pith_status failure; /* the first failure that stops the run (out of
                         memory, libcurl unusable): no more input */
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
static void job_finish(engine *e, job *j, pith_status status,
                       const char *message) {
  pith_fetch_page page;
  memset(&page, 0, sizeof page);
  page.url = j->given;
  page.id = j->id;
  page.final_url = j->final_url;
  page.http_status = j->status;
  page.content_type = j->content_type;
  page.fetched_at = time(NULL);
  page.status = status;
  page.message = "";
  if (status != PITH_OK) {
    page.message = message ? message : pith_strerror(status);
  } else {
    page.body = j->body ? j->body : "";
    page.body_len = j->len;
  }
  e->done(e->ctx, &page);
  e->live--;
  job_free(j);
}

static void job_finishf(engine *e, job *j, pith_status status, const char *fmt,
                        ...) __attribute__((format(printf, 4, 5)));

static void job_finishf(engine *e, job *j, pith_status status, const char *fmt,
                        ...) {
  char message[CURL_ERROR_SIZE + 512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  job_finish(e, j, status, message);
}

static void host_free(host *h) {
  free(h->key);
  pith_robots_free(h->rules);
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
    job_finishf(e, j, PITH_ERR_BAD_URL, "%s: %s", j->url, why);
    return;
  }
  host *h = host_get(e, key);
  free(key);
  if (!h) {
    e->failure = PITH_ERR_NOMEM;
    job_finish(e, j, PITH_ERR_NOMEM, "out of memory");
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
      e->failure = PITH_ERR_NOMEM;
      job_finish(e, j, PITH_ERR_NOMEM, "out of memory");
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
    e->failure = PITH_ERR_NOMEM;
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
      if (ct && !j->engine->cfg->any_type && !html_type(ct)) {
        j->abort_status = PITH_ERR_NOT_HTML;
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
            j->abort_status = PITH_ERR_NOMEM;
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
    j->abort_status = PITH_ERR_TOO_LARGE;
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
      j->abort_status = PITH_ERR_NOMEM;
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

static pith_status curl_status(CURLcode rc) {
  switch (rc) {
  case CURLE_OPERATION_TIMEDOUT:
    return PITH_ERR_TIMEOUT;
  case CURLE_FILESIZE_EXCEEDED:
    return PITH_ERR_TOO_LARGE;
  case CURLE_COULDNT_RESOLVE_HOST:
    return PITH_ERR_DNS;
  case CURLE_COULDNT_RESOLVE_PROXY:
    return PITH_ERR_PROXY;
  case CURLE_COULDNT_CONNECT:
    return PITH_ERR_CONNECT;
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
    return PITH_ERR_TLS;
  case CURLE_TOO_MANY_REDIRECTS:
    return PITH_ERR_REDIRECTS;
  case CURLE_URL_MALFORMAT:
  case CURLE_UNSUPPORTED_PROTOCOL:
    return PITH_ERR_BAD_URL;
  case CURLE_BAD_CONTENT_ENCODING:
    return PITH_ERR_DECOMPRESS;
  case CURLE_OUT_OF_MEMORY:
    return PITH_ERR_NOMEM;
  default:
    return PITH_ERR_NETWORK;
  }
}

/* Connection errors are worth another try; a timeout, a name that does
 * not resolve or a certificate that does not verify are not. */
static int status_retryable(pith_status status) {
  return status == PITH_ERR_CONNECT || status == PITH_ERR_NETWORK;
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
  j->abort_status = PITH_OK;
  j->errbuf[0] = '\0';
}

static int job_start(engine *e, job *j, double now) {
  const pith_fetch_config *cfg = e->cfg;
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

/* What a finished transfer said, read before its handle is released. */
typedef struct transfer_info {
  long status;
  double retry_after;    /* seconds, or -1 */
  curl_off_t connected;  /* microseconds to connect (also 0 on a connection
                            kept alive from an earlier request) */
  curl_off_t ready;      /* ... until the request could be sent: connected,
                            TLS done; 0: never */
  curl_off_t first_byte; /* ... to the first byte of the answer; 0: none */
  curl_off_t received;   /* bytes of the body received */
  int tls;               /* an https:// request */
} transfer_info;

/* A timeout says which phase ran out of time: connecting (the TCP
 * connection or the TLS handshake), waiting for the first byte of the
 * answer, or the transfer of the body. A user raises a different limit,
 * or looks for a different fault, for each. */
static void describe_timeout(const engine *e, const job *j,
                             const transfer_info *t, char *out,
                             size_t out_size) {
  const pith_fetch_config *cfg = e->cfg;
  int by_connect_limit = cfg->connect_timeout < cfg->timeout;
  double connect_limit = by_connect_limit ? cfg->connect_timeout : cfg->timeout;
  if (t->ready == 0 && t->first_byte == 0)
    snprintf(out, out_size, "timed out connecting: %s within %g s (%s): %s",
             t->tls && t->connected > 0 ? "no TLS handshake" : "no connection",
             connect_limit,
             by_connect_limit ? "--connect-timeout" : "--timeout", j->url);
  else if (t->first_byte == 0)
    snprintf(out, out_size,
             "timed out waiting for the first byte: connected, but no answer "
             "within %g s (--timeout): %s",
             cfg->timeout, j->url);
  else
    snprintf(out, out_size,
             "timed out in the transfer: the answer was not complete within "
             "%g s (--timeout), %lld bytes in: %s%s",
             cfg->timeout, (long long)t->received, j->url,
             j->was_paused ? "; it waited for memory while other large "
                             "bodies were read (lower --parallel or "
                             "--max-size)"
                           : "");
}

static void robots_deny(host *h, pith_status status, const char *message) {
  free(h->deny_message);
  h->deny_status = status;
  h->deny_message = dup_string(message);
  h->robots_state = status == PITH_ERR_ROBOTS ? ROBOTS_DISALLOW : ROBOTS_FAILED;
}

static void robots_done(engine *e, job *j, CURLcode rc, const transfer_info *t,
                        double now) {
  host *h = j->host;
  if (j->abort_status == PITH_ERR_NOMEM) {
    e->failure = PITH_ERR_NOMEM;
    h->robots_state = ROBOTS_ALLOW;
  } else if (rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && j->truncated)) {
    if (j->status >= 200 && j->status < 300) {
      h->rules = pith_robots_parse(j->body, j->len, e->robots_agent);
      h->robots_state = h->rules ? ROBOTS_RULES : ROBOTS_ALLOW;
    } else if (j->status == 429 || j->status >= 500) {
      if (job_retry(e, j, t->retry_after, now))
        return;
      char msg[256];
      snprintf(msg, sizeof msg,
               "%s/robots.txt answered HTTP %ld: the site is taken as "
               "disallowed (RFC 9309); --ignore-robots skips robots.txt",
               h->key, j->status);
      robots_deny(h, PITH_ERR_ROBOTS, msg);
    } else {
      /* 4xx: no robots.txt, everything allowed (RFC 9309 2.3.1.3). */
      h->robots_state = ROBOTS_ALLOW;
    }
  } else if (rc == CURLE_TOO_MANY_REDIRECTS) {
    h->robots_state = ROBOTS_ALLOW;
  } else {
    pith_status status = curl_status(rc);
    if (status_retryable(status) && job_retry(e, j, -1, now))
      return;
    /* The host is unreachable: its pages get the reason, not "robots". */
    char why[CURL_ERROR_SIZE + 256], msg[CURL_ERROR_SIZE + 512];
    if (status == PITH_ERR_TIMEOUT)
      describe_timeout(e, j, t, why, sizeof why);
    else
      snprintf(why, sizeof why, "%s",
               j->errbuf[0] ? j->errbuf : curl_easy_strerror(rc));
    snprintf(msg, sizeof msg, "%s (while fetching %s)", why, j->url);
    robots_deny(h, status, msg);
  }
  if ((h->robots_state == ROBOTS_DISALLOW ||
       h->robots_state == ROBOTS_FAILED) &&
      !h->deny_message)
    e->failure = PITH_ERR_NOMEM;
  job_free(j);
  if (h->head && ready_add(e, h) != 0)
    e->failure = PITH_ERR_NOMEM;
}

/* Follows a redirect: the job goes to the queue of the target's host. */
static void job_redirect(engine *e, job *j, const char *target) {
  if (j->redirects >= e->cfg->max_redirects) {
    job_finishf(e, j, PITH_ERR_REDIRECTS,
                "more than %d redirects (the last to %s)",
                e->cfg->max_redirects, target);
    return;
  }
  int loop = strcmp(j->url, target) == 0;
  for (int i = 0; i < j->redirects && !loop; i++)
    loop = strcmp(j->chain[i], target) == 0;
  if (loop) {
    job_finishf(e, j, PITH_ERR_REDIRECTS, "redirect loop: %s leads back to %s",
                j->url, target);
    return;
  }
  char **chain = realloc(j->chain, (size_t)(j->redirects + 1) * sizeof *chain);
  char *next = dup_string(target);
  if (!chain || !next) {
    if (chain)
      j->chain = chain;
    free(next);
    e->failure = PITH_ERR_NOMEM;
    job_finish(e, j, PITH_ERR_NOMEM, "out of memory");
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

/* Reads what the transfer said and releases its handle and its slots. The
 * redirect target, if any, is returned (caller frees). */
static char *transfer_close(engine *e, job *j, CURL *c, CURLcode *rc,
                            transfer_info *t) {
  char *ct = NULL, *effective = NULL, *redirect = NULL, *scheme = NULL;
  curl_off_t retry_after = -1;
  memset(t, 0, sizeof *t);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &t->status);
  curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
  curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &effective);
  curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &redirect);
  if (curl_easy_getinfo(c, CURLINFO_RETRY_AFTER, &retry_after) != CURLE_OK ||
      retry_after <= 0)
    retry_after = -1;
  t->retry_after = (double)retry_after;
  curl_easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &t->connected);
  curl_easy_getinfo(c, CURLINFO_PRETRANSFER_TIME_T, &t->ready);
  curl_easy_getinfo(c, CURLINFO_STARTTRANSFER_TIME_T, &t->first_byte);
  curl_easy_getinfo(c, CURLINFO_SIZE_DOWNLOAD_T, &t->received);
  curl_easy_getinfo(c, CURLINFO_SCHEME, &scheme);
  t->tls = scheme && strcasecmp(scheme, "https") == 0;
  if (t->status > 0)
    j->status = t->status;
  /* An error page or a redirect that is too long is judged by its status;
   * its body is not kept anyway. */
  if (t->status > 0 && (t->status < 200 || t->status >= 300) &&
      (*rc == CURLE_FILESIZE_EXCEEDED ||
       (j->discard && j->abort_status == PITH_ERR_TOO_LARGE))) {
    *rc = CURLE_OK;
    j->abort_status = PITH_OK;
  }
  if (t->status > 0)
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
    e->failure = PITH_ERR_NOMEM;
  return target;
}

/* A page answered with a status outside 2xx and 3xx: retried when the
 * server may recover, else reported. */
static void job_status_error(engine *e, job *j, const transfer_info *t,
                             double now) {
  const pith_fetch_config *cfg = e->cfg;
  if ((t->status == 429 || t->status >= 500) &&
      job_retry(e, j, t->retry_after, now))
    return;
  if (t->retry_after > cfg->max_retry_wait)
    job_finishf(e, j, PITH_ERR_HTTP_STATUS,
                "the server answered HTTP %ld and asked to wait %ld s, "
                "longer than pith waits",
                t->status, (long)t->retry_after);
  else if (j->retries_done > 0)
    job_finishf(e, j, PITH_ERR_HTTP_STATUS,
                "the server answered HTTP %ld (after %d attempts)", t->status,
                j->retries_done + 1);
  else
    job_finishf(e, j, PITH_ERR_HTTP_STATUS, "the server answered HTTP %ld",
                t->status);
}

/* A transfer libcurl ended with an error: retried or reported. */
static void job_curl_error(engine *e, job *j, CURLcode rc,
                           const transfer_info *t, double now) {
  const pith_fetch_config *cfg = e->cfg;
  pith_status status = curl_status(rc);
  if (status_retryable(status) && job_retry(e, j, -1, now))
    return;
  if (status == PITH_ERR_TIMEOUT) {
    char msg[CURL_ERROR_SIZE + 512];
    describe_timeout(e, j, t, msg, sizeof msg);
    job_finish(e, j, status, msg);
  } else if (rc == CURLE_FILESIZE_EXCEEDED) {
    job_finishf(e, j, status,
                "the server announced a body larger than %zu bytes; raise "
                "--max-size to fetch it",
                cfg->max_size);
  } else {
    job_finishf(e, j, status, "%s",
                j->errbuf[0] ? j->errbuf : curl_easy_strerror(rc));
  }
}

static void transfer_done(engine *e, CURL *c, CURLcode rc, double now) {
  job *j = NULL;
  curl_easy_getinfo(c, CURLINFO_PRIVATE, (char **)&j);
  transfer_info t;
  char *target = transfer_close(e, j, c, &rc, &t);
  if (j->is_robots) {
    free(target);
    robots_done(e, j, rc, &t, now);
    return;
  }
  if (j->abort_status == PITH_ERR_NOT_HTML) {
    job_finishf(e, j, PITH_ERR_NOT_HTML,
                "the server sent %s, not HTML; pith extracts articles "
                "from HTML pages only",
                j->content_type ? j->content_type : "another type");
  } else if (j->abort_status == PITH_ERR_TOO_LARGE) {
    job_finishf(e, j, PITH_ERR_TOO_LARGE,
                "the body is larger than %zu bytes (decoded); raise "
                "--max-size to fetch it",
                e->cfg->max_size);
  } else if (j->abort_status != PITH_OK) {
    e->failure = PITH_ERR_NOMEM;
    job_finish(e, j, PITH_ERR_NOMEM, "out of memory");
  } else if (rc != CURLE_OK) {
    job_curl_error(e, j, rc, &t, now);
  } else if (t.status >= 300 && t.status < 400 && target) {
    job_redirect(e, j, target);
  } else if (t.status >= 200 && t.status < 300) {
    job_finish(e, j, PITH_OK, NULL);
  } else {
    job_status_error(e, j, &t, now);
  }
  free(target);
}

/* The head of a host's queue when robots.txt stands in its way: reported,
 * and 1 returned. */
static int robots_refuses(engine *e, host *h, job *j) {
  if (h->robots_state == ROBOTS_DISALLOW || h->robots_state == ROBOTS_FAILED) {
    queue_pop(h);
    job_finish(e, j, h->deny_status, h->deny_message);
    return 1;
  }
  if (h->robots_state == ROBOTS_RULES &&
      !pith_robots_allowed(h->rules, j->path)) {
    queue_pop(h);
    job_finishf(e, j, PITH_ERR_ROBOTS,
                "%s/robots.txt disallows %s for %s; --ignore-robots "
                "fetches it anyway",
                h->key, j->path, e->robots_agent);
    return 1;
  }
  return 0;
}

/* Starts what may start; lowers *wake to the time a host delay ends. */
static void schedule(engine *e, double now, double *wake) {
  const pith_fetch_config *cfg = e->cfg;
  size_t k = 0;
  while (k < e->ready_count && e->active < cfg->parallel) {
    host *h = e->ready[k];
    while (h->head && e->active < cfg->parallel) {
      job *j = h->head;
      if (!j->is_robots && h->robots_state == ROBOTS_PENDING)
        break;
      if (!j->is_robots && robots_refuses(e, h, j))
        continue;
      if (h->active >= cfg->per_host)
        break;
      if (h->next_start > now) {
        if (h->next_start < *wake)
          *wake = h->next_start;
        break;
      }
      queue_pop(h);
      if (job_start(e, j, now) != 0) {
        e->failure = PITH_ERR_INTERNAL;
        if (j->is_robots) {
          h->robots_state = ROBOTS_ALLOW;
          job_free(j);
        } else {
          job_finish(e, j, PITH_ERR_INTERNAL,
                     "libcurl could not start a request");
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

/* A URL taken from the input when the engine can no longer run it. */
static void report_unstarted(engine *e, const char *url, uint64_t id) {
  pith_fetch_page page;
  memset(&page, 0, sizeof page);
  page.url = url;
  page.id = id;
  page.fetched_at = time(NULL);
  page.status = e->failure ? e->failure : PITH_ERR_NOMEM;
  page.message = page.status == PITH_ERR_NOMEM
                     ? "out of memory"
                     : "the fetcher stopped after an internal failure";
  e->done(e->ctx, &page);
}

/* Takes URLs from the input while the window has room. Returns 1 at the
 * end of the input; sets *wait_fd when the input has nothing yet. */
static int take_input(engine *e, size_t window, int *wait_fd) {
  while (e->live < window) {
    const char *url = NULL;
    uint64_t id = 0;
    int fd = -1;
    if (!e->next(e->ctx, &url, &id, &fd) || !url) {
      if (fd < 0)
        return 1;
      *wait_fd = fd;
      return 0;
    }
    job *j = e->failure ? NULL : calloc(1, sizeof *j);
    if (j) {
      j->given = dup_string(url);
      j->url = dup_string(url);
    }
    if (!j || !j->given || !j->url) {
      if (j)
        job_free(j);
      if (!e->failure)
        e->failure = PITH_ERR_NOMEM;
      report_unstarted(e, url, id);
      continue;
    }
    j->id = id;
    j->max_size = e->cfg->max_size;
    j->engine = e;
    e->live++;
    job_route(e, j);
  }
  return 0;
}

/* Retries whose wait is over go back to their host's queue. */
static void release_delayed(engine *e, double now) {
  while (e->delayed && e->delayed->not_before <= now) {
    job *j = e->delayed;
    e->delayed = j->next;
    j->next = NULL;
    if (j->is_robots) {
      queue_push(j->host, j, 1);
      if (ready_add(e, j->host) != 0)
        e->failure = PITH_ERR_NOMEM;
    } else {
      job_route(e, j);
    }
  }
}

/* Frees what is left at the end: only robots.txt requests nobody waits
 * for. */
static void engine_free(engine *e) {
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
  if (e->multi)
    curl_multi_cleanup(e->multi);
  free(e->ready);
  free(e->paused);
  free(e);
}

static int config_valid(const pith_fetch_config *c) {
  return c->parallel >= 1 && c->per_host >= 1 && c->host_delay >= 0 &&
         c->timeout > 0 && c->connect_timeout > 0 && c->max_size > 0 &&
         c->retries >= 0 && c->max_redirects >= 0 && c->retry_base >= 0 &&
         c->max_retry_wait >= 0;
}

static pith_status say(char *message, size_t message_size, pith_status status,
                       const char *text) {
  if (message && message_size)
    snprintf(message, message_size, "%s", text);
  return status;
}

pith_status pith_fetch(const pith_fetch_config *cfg, pith_fetch_next_fn next,
                       pith_fetch_done_fn done, pith_fetch_tick_fn tick,
                       void *ctx, char *message, size_t message_size) {
  say(message, message_size, PITH_OK, "");
  if (!cfg || !next || !done || !config_valid(cfg))
    return say(message, message_size, PITH_ERR_ARGUMENT,
               "invalid argument: a NULL callback or config, or a config "
               "value out of range");
  engine *e = calloc(1, sizeof *e);
  if (!e)
    return say(message, message_size, PITH_ERR_NOMEM, "out of memory");
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
  robots_agent(e->user_agent, e->robots_agent, sizeof e->robots_agent);
  size_t window = cfg->window;
  if (window == 0)
    window = cfg->parallel * 16 > 1024 ? (size_t)cfg->parallel * 16 : 1024;

  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    free(e);
    return say(message, message_size, PITH_ERR_INTERNAL,
               "libcurl could not be initialised");
  }
  if (!(e->multi = curl_multi_init())) {
    engine_free(e);
    curl_global_cleanup();
    return say(message, message_size, PITH_ERR_INTERNAL,
               "libcurl could not be initialised");
  }
  curl_multi_setopt(e->multi, CURLMOPT_MAXCONNECTS,
                    cfg->parallel * 2 > 32 ? cfg->parallel * 2 : 32L);

  int input_done = 0;
  double last_tick = 0;
  for (;;) {
    double now = now_seconds();
    int wait_fd = -1;
    if (!input_done)
      input_done = take_input(e, window, &wait_fd);
    release_delayed(e, now);
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
  pith_status failure = e->failure;
  engine_free(e);
  curl_global_cleanup();
  if (failure == PITH_ERR_NOMEM)
    return say(message, message_size, failure, "out of memory");
  if (failure != PITH_OK)
    return say(message, message_size, failure,
               "libcurl could not start a request");
  return PITH_OK;
}
