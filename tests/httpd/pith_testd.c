/* pith_testd: the loopback HTTP server of the fetcher tests and benchmark.
 *
 *   pith_testd [--pages DIR] [--hosts N] [--tls CERT.pem KEY.pem]
 *
 * Starts N servers (default 3) on 127.0.0.1, each on a free port, prints
 * "PORTS p1 p2 ..." on one line of standard output, and serves until its
 * standard input is closed. The servers differ only in /robots.txt: the
 * first disallows /private/, the second answers 500 (the whole host is off
 * limits), the others answer 404 (everything allowed). With --tls one
 * more server speaks HTTPS with that certificate (robots.txt 404); its port
 * comes last.
 *
 *   /robots.txt        as above; counted
 *   /stats             counters of this server: robots, requests,
 *                      max_active (most requests answered at once),
 *                      connections, proxied (requests naming a whole URL,
 *                      as clients do to a proxy; their path is served)
 *   /page/NAME         DIR/NAME as text/html, or as ?ct=TYPE
 *   /private/NAME      the same, behind the first server's robots.txt
 *   /gzip/NAME         DIR/NAME gzip-compressed (Content-Encoding: gzip)
 *   /redirect/N        302 to /redirect/N-1; /redirect/0 to ?to=PATH
 *                      (default /page/article-element-only.html)
 *   /loop/a, /loop/b   302 to each other
 *   /status/CODE       that status (429 and 503 with Retry-After: 1);
 *                      ?big=1 with a 300 MB body without a length
 *   /flaky/ID          503 (or ?code=) with Retry-After: 1 the first time
 *                      an ID is asked for, then the page ?page=NAME
 *   /drip              200 text/html, one byte a second, 600 bytes
 *   /endless           200 text/html without a length, never ending
 *   /big               200 text/html with Content-Length 300 MB;
 *                      ?chunked=1 the same without a length
 *   /slow/N            the page ?page=NAME after 300 ms
 *   /stall             the headers only after ?s=N seconds (default 5): a
 *                      server that accepted but does not answer yet
 *   /last-ua           the User-Agent of the last request other than
 *                      /robots.txt, /stats and /last-ua, as text/plain
 *   /bomb              gzip of 16 GB of zeros, a few MB on the wire
 *   /json, /image      application/json, image/png
 *   /gen/N             a generated article page of about 6 KB
 *   /site/NAME         a small site's sitemaps and feeds, every URL in them
 *                      absolute on the Host the request named (see
 *                      send_site); the first server's robots.txt names
 *                      /site/sitemap-index.xml on a Sitemap: line
 *   /pages/            an index page linking to /page/NAME for every
 *                      DIR/NAME.html, in name order: a site to crawl
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define MAX_HOSTS 64

typedef struct server {
  int role; /* 0 robots with rules, 1 robots 500, 2+ robots 404 */
  struct MHD_Daemon *daemon;
  atomic_long robots;
  atomic_long requests;
  atomic_long active;     /* requests being answered now */
  atomic_long max_active; /* the most at once so far */
  atomic_long connections;
  atomic_long proxied; /* requests in absolute form, as to a proxy */
} server;

static const char *pages_dir = ".";
static atomic_int stopping;

static pthread_mutex_t ua_lock = PTHREAD_MUTEX_INITIALIZER;
static char last_ua[512];

/* IDs /flaky has failed once already. */
static pthread_mutex_t flaky_lock = PTHREAD_MUTEX_INITIALIZER;
static char *flaky_seen[4096];
static size_t flaky_count;

static int flaky_first(const char *id) {
  int first = 1;
  pthread_mutex_lock(&flaky_lock);
  for (size_t i = 0; i < flaky_count && first; i++)
    if (strcmp(flaky_seen[i], id) == 0)
      first = 0;
  if (first && flaky_count < sizeof flaky_seen / sizeof *flaky_seen)
    flaky_seen[flaky_count++] = strdup(id);
  pthread_mutex_unlock(&flaky_lock);
  return first;
}

static enum MHD_Result send_buffer(struct MHD_Connection *c, unsigned code,
                                   const char *type, const void *data,
                                   size_t len, const char *encoding) {
  struct MHD_Response *r =
      MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_MUST_COPY);
  if (!r)
    return MHD_NO;
  if (type)
    MHD_add_response_header(r, "Content-Type", type);
  if (encoding)
    MHD_add_response_header(r, "Content-Encoding", encoding);
  if (code == 429 || code == 503)
    MHD_add_response_header(r, "Retry-After", "1");
  enum MHD_Result ret = MHD_queue_response(c, code, r);
  MHD_destroy_response(r);
  return ret;
}

static enum MHD_Result send_text(struct MHD_Connection *c, unsigned code,
                                 const char *type, const char *text) {
  return send_buffer(c, code, type, text, strlen(text), NULL);
}

static enum MHD_Result redirect(struct MHD_Connection *c, const char *to) {
  struct MHD_Response *r =
      MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
  MHD_add_response_header(r, "Location", to);
  enum MHD_Result ret = MHD_queue_response(c, 302, r);
  MHD_destroy_response(r);
  return ret;
}

static char *read_page(const char *name, size_t *len) {
  if (strstr(name, "..") || strchr(name, '/'))
    return NULL;
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", pages_dir, name);
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *data = malloc(n > 0 ? (size_t)n : 1);
  if (!data || fread(data, 1, (size_t)n, f) != (size_t)n) {
    free(data);
    fclose(f);
    return NULL;
  }
  fclose(f);
  *len = (size_t)n;
  return data;
}

static int name_order(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* /pages/: one link per DIR/NAME.html, as a crawler's start page. */
static enum MHD_Result send_site_index(struct MHD_Connection *c) {
  DIR *d = opendir(pages_dir);
  if (!d)
    return send_text(c, 500, "text/plain", "cannot read the pages folder\n");
  char *names[4096];
  size_t n = 0;
  struct dirent *e;
  while (n < sizeof names / sizeof *names && (e = readdir(d))) {
    size_t len = strlen(e->d_name);
    if (len > 5 && strcmp(e->d_name + len - 5, ".html") == 0 &&
        (names[n] = strdup(e->d_name)))
      n++;
  }
  closedir(d);
  qsort(names, n, sizeof *names, name_order);
  size_t cap = 256 + n * 600, used = 0;
  char *html = malloc(cap);
  if (html)
    used = (size_t)snprintf(html, cap,
                            "<!DOCTYPE html><html><head><title>All "
                            "pages</title></head><body><ul>\n");
  for (size_t i = 0; i < n; i++) {
    if (html && used < cap)
      used += (size_t)snprintf(html + used, cap - used,
                               "<li><a href=\"/page/%.250s\">%.250s</a></li>\n",
                               names[i], names[i]);
    free(names[i]);
  }
  if (!html)
    return MHD_NO;
  if (used < cap)
    used += (size_t)snprintf(html + used, cap - used, "</ul></body></html>\n");
  enum MHD_Result ret = send_buffer(c, 200, "text/html; charset=utf-8", html,
                                    used < cap ? used : cap - 1, NULL);
  free(html);
  return ret;
}

static enum MHD_Result send_page(struct MHD_Connection *c, const char *name,
                                 const char *type, int gzip) {
  size_t len;
  char *data = read_page(name, &len);
  if (!data)
    return send_text(c, 404, "text/html", "<p>no such page</p>");
  if (!gzip) {
    enum MHD_Result ret = send_buffer(c, 200, type, data, len, NULL);
    free(data);
    return ret;
  }
  z_stream z;
  memset(&z, 0, sizeof z);
  deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  uLong cap = deflateBound(&z, (uLong)len);
  unsigned char *out = malloc(cap);
  z.next_in = (unsigned char *)data;
  z.avail_in = (uInt)len;
  z.next_out = out;
  z.avail_out = (uInt)cap;
  deflate(&z, Z_FINISH);
  size_t out_len = z.total_out;
  deflateEnd(&z);
  enum MHD_Result ret = send_buffer(c, 200, type, out, out_len, "gzip");
  free(out);
  free(data);
  return ret;
}

/* ---- streamed bodies --------------------------------------------------- */

static ssize_t drip_read(void *cls, uint64_t pos, char *buf, size_t max) {
  (void)cls;
  (void)max;
  if (pos >= 600 || atomic_load(&stopping))
    return MHD_CONTENT_READER_END_OF_STREAM;
  if (pos > 0)
    sleep(1);
  buf[0] = pos == 0 ? '<' : 'p';
  return 1;
}

static ssize_t endless_read(void *cls, uint64_t pos, char *buf, size_t max) {
  (void)cls;
  (void)pos;
  if (atomic_load(&stopping))
    return MHD_CONTENT_READER_END_WITH_ERROR;
  static const char unit[] = "<p>All work and no play makes a dull page.</p>\n";
  size_t n = 0;
  while (n + sizeof unit - 1 <= max) {
    memcpy(buf + n, unit, sizeof unit - 1);
    n += sizeof unit - 1;
  }
  return n ? (ssize_t)n : (ssize_t)(buf[0] = 'x', 1);
}

#define BIG_BYTES ((uint64_t)300 * 1000 * 1000)

static ssize_t big_read(void *cls, uint64_t pos, char *buf, size_t max) {
  (void)cls;
  if (atomic_load(&stopping))
    return MHD_CONTENT_READER_END_WITH_ERROR;
  if (pos >= BIG_BYTES)
    return MHD_CONTENT_READER_END_OF_STREAM;
  size_t n = max;
  if (n > BIG_BYTES - pos)
    n = (size_t)(BIG_BYTES - pos);
  memset(buf, 'a', n);
  if (pos == 0 && n >= 3)
    memcpy(buf, "<p>", 3);
  return (ssize_t)n;
}

#define BOMB_BYTES ((uint64_t)16 * 1024 * 1024 * 1024)

typedef struct bomb {
  z_stream z;
  uint64_t fed, total;
  int finished;
  unsigned char zeros[65536];
} bomb;

static ssize_t bomb_read(void *cls, uint64_t pos, char *buf, size_t max) {
  (void)pos;
  bomb *b = cls;
  if (atomic_load(&stopping))
    return MHD_CONTENT_READER_END_WITH_ERROR;
  if (b->finished)
    return MHD_CONTENT_READER_END_OF_STREAM;
  b->z.next_out = (unsigned char *)buf;
  b->z.avail_out = (uInt)max;
  while (b->z.avail_out > 0 && !b->finished) {
    if (b->z.avail_in == 0 && b->fed < b->total) {
      b->z.next_in = b->zeros;
      b->z.avail_in = sizeof b->zeros;
      b->fed += sizeof b->zeros;
    }
    int flush =
        b->fed >= b->total && b->z.avail_in == 0 ? Z_FINISH : Z_NO_FLUSH;
    int rc = deflate(&b->z, flush);
    if (rc == Z_STREAM_END)
      b->finished = 1;
    else if (rc != Z_OK && rc != Z_BUF_ERROR)
      return MHD_CONTENT_READER_END_WITH_ERROR;
  }
  size_t n = max - b->z.avail_out;
  if (n == 0)
    return b->finished ? MHD_CONTENT_READER_END_OF_STREAM : 0;
  return (ssize_t)n;
}

static void bomb_free(void *cls) {
  bomb *b = cls;
  deflateEnd(&b->z);
  free(b);
}

static enum MHD_Result
send_stream_typed(struct MHD_Connection *c, unsigned code, uint64_t size,
                  MHD_ContentReaderCallback read, void *cls,
                  MHD_ContentReaderFreeCallback free_cls, const char *encoding,
                  const char *type);

static enum MHD_Result send_stream(struct MHD_Connection *c, unsigned code,
                                   uint64_t size,
                                   MHD_ContentReaderCallback read, void *cls,
                                   MHD_ContentReaderFreeCallback free_cls,
                                   const char *encoding) {
  return send_stream_typed(c, code, size, read, cls, free_cls, encoding,
                           "text/html; charset=utf-8");
}

static enum MHD_Result
send_stream_typed(struct MHD_Connection *c, unsigned code, uint64_t size,
                  MHD_ContentReaderCallback read, void *cls,
                  MHD_ContentReaderFreeCallback free_cls, const char *encoding,
                  const char *type) {
  struct MHD_Response *r =
      MHD_create_response_from_callback(size, 16384, read, cls, free_cls);
  if (!r)
    return MHD_NO;
  MHD_add_response_header(r, "Content-Type", type);
  if (encoding)
    MHD_add_response_header(r, "Content-Encoding", encoding);
  enum MHD_Result ret = MHD_queue_response(c, code, r);
  MHD_destroy_response(r);
  return ret;
}

/* A deterministic article of about 6 KB: a title, a byline, a date, a menu
 * and a footer around eight paragraphs. */
static char *generated_page(unsigned long n, size_t *len) {
  static const char *const words[] = {
      "harbour", "council",  "ferry",   "island",   "storm",  "pier",
      "village", "morning",  "weather", "schools",  "market", "railway",
      "budget",  "families", "workers", "summer",   "bridge", "library",
      "museum",  "farmers",  "coast",   "hospital", "river",  "valley"};
  size_t cap = 16384, o = 0;
  char *p = malloc(cap);
  if (!p)
    return NULL;
  unsigned long x = n * 2654435761ul + 12345;
  o += (size_t)snprintf(
      p + o, cap - o,
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>Report %lu on the %s</title></head><body>"
      "<nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News"
      "</a></li><li><a href=\"/sport\">Sport</a></li></ul></nav>"
      "<article><h1>Report %lu on the %s</h1>"
      "<p class=\"byline\">By Morag Keel</p>"
      "<time datetime=\"2024-03-%02lu\">March %lu, 2024</time>",
      n, words[n % 24], n, words[n % 24], n % 28 + 1, n % 28 + 1);
  for (int para = 0; para < 8; para++) {
    o += (size_t)snprintf(p + o, cap - o, "<p>");
    for (int s = 0; s < 5; s++) {
      for (int w = 0; w < 16; w++) {
        x = x * 6364136223846793005ul + 1442695040888963407ul;
        o += (size_t)snprintf(p + o, cap - o, "%s%s", w ? " " : "",
                              words[(x >> 33) % 24]);
      }
      o += (size_t)snprintf(p + o, cap - o, ". ");
    }
    o += (size_t)snprintf(p + o, cap - o, "</p>");
  }
  o += (size_t)snprintf(p + o, cap - o,
                        "</article><footer><p>Copyright The Example Post</p>"
                        "</footer></body></html>");
  *len = o;
  return p;
}

/* ---- a site's sitemaps and feeds ----------------------------------------
 * Every URL is absolute on the Host the request named, so the site is the
 * same on every port. The articles are /gen/N:
 *   sitemap-index.xml   an index of sitemap-1.xml and sitemap-2.xml.gz
 *   sitemap-1.xml       /gen/1-5, and /gen/3 and /gen/4 again written
 *                       otherwise (upper-case scheme and host, a fragment,
 *                       a dot segment)
 *   sitemap-2.xml.gz    gzip of a sitemap of /gen/5-10 (application/gzip)
 *   rss.xml             RSS 2.0: /gen/11-13 by <link>, /gen/14 by <guid>
 *                       only, /gen/11 again
 *   atom.xml            Atom: /gen/15-17, relative hrefs, an "edit" link
 *   index.html          an HTML page linking rss.xml as its feed
 *   offhost.xml         /gen/18 and /gen/19 on "localhost", another host
 *   broken.xml          a sitemap cut off in the middle (/gen/20 read
 *                       before the cut)
 *   not-a-feed.rss      text that is not XML, as application/rss+xml
 *   laughs.xml          a "billion laughs" sitemap (nested entities)
 *   bomb.xml.gz         gzip of 256 MiB of zeros, under 2 MB on the wire */

static size_t gzip_buffer(const char *in, size_t len, unsigned char **out) {
  z_stream z;
  memset(&z, 0, sizeof z);
  deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  uLong cap = deflateBound(&z, (uLong)len);
  *out = malloc(cap);
  z.next_in = (unsigned char *)(uintptr_t)in;
  z.avail_in = (uInt)len;
  z.next_out = *out;
  z.avail_out = (uInt)cap;
  deflate(&z, Z_FINISH);
  size_t n = z.total_out;
  deflateEnd(&z);
  return n;
}

static void urlset(char *p, size_t cap, const char *host, int from, int to,
                   const char *extra) {
  size_t o = (size_t)snprintf(
      p, cap,
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
  for (int i = from; i <= to; i++)
    o += (size_t)snprintf(p + o, cap - o,
                          "  <url><loc>http://%s/gen/%d</loc>"
                          "<lastmod>2024-03-01</lastmod></url>\n",
                          host, i);
  snprintf(p + o, cap - o, "%s</urlset>\n", extra);
}

static enum MHD_Result send_site(struct MHD_Connection *c, const char *name) {
  const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
  if (!host || strlen(host) > 200 || strpbrk(host, "<>&\"'"))
    host = "127.0.0.1";
  char port[16] = "";
  const char *colon = strrchr(host, ':');
  if (colon)
    snprintf(port, sizeof port, "%s", colon);
  static char doc[65536];
  static pthread_mutex_t doc_lock = PTHREAD_MUTEX_INITIALIZER;
  const char *type = "application/xml";
  enum MHD_Result ret;
  if (strcmp(name, "bomb.xml.gz") == 0) {
    bomb *b = calloc(1, sizeof *b);
    if (!b || deflateInit2(&b->z, 1, Z_DEFLATED, 15 + 16, 9,
                           Z_DEFAULT_STRATEGY) != Z_OK) {
      free(b);
      return MHD_NO;
    }
    b->total = (uint64_t)256 * 1024 * 1024;
    return send_stream_typed(c, 200, MHD_SIZE_UNKNOWN, bomb_read, b, bomb_free,
                             NULL, "application/gzip");
  }
  pthread_mutex_lock(&doc_lock);
  if (strcmp(name, "sitemap-index.xml") == 0) {
    snprintf(doc, sizeof doc,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<sitemapindex "
             "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
             "  <sitemap><loc>http://%s/site/sitemap-1.xml</loc></sitemap>\n"
             "  <sitemap><loc>http://%s/site/sitemap-2.xml.gz</loc>"
             "<lastmod>2024-03-01</lastmod></sitemap>\n"
             "</sitemapindex>\n",
             host, host);
  } else if (strcmp(name, "sitemap-1.xml") == 0) {
    char extra[1024];
    snprintf(extra, sizeof extra,
             "  <url><loc>HTTP://127.0.0.1%s/gen/3#comments</loc></url>\n"
             "  <url><loc>\n    http://%s/site/../gen/4\n  </loc></url>\n",
             port, host);
    urlset(doc, sizeof doc, host, 1, 5, extra);
  } else if (strcmp(name, "sitemap-2.xml.gz") == 0) {
    char plain[8192];
    urlset(plain, sizeof plain, host, 5, 10, "");
    unsigned char *gz = NULL;
    size_t n = gzip_buffer(plain, strlen(plain), &gz);
    pthread_mutex_unlock(&doc_lock);
    ret = send_buffer(c, 200, "application/gzip", gz, n, NULL);
    free(gz);
    return ret;
  } else if (strcmp(name, "rss.xml") == 0) {
    type = "application/rss+xml";
    snprintf(doc, sizeof doc,
             "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>"
             "<title>The Example Post</title><link>http://%s/</link>\n"
             "<item><title>One</title><link>http://%s/gen/11</link></item>\n"
             "<item><title>Two</title><link>http://%s/gen/12</link>"
             "<guid isPermaLink=\"false\">id-12</guid></item>\n"
             "<item><title>Three</title><guid>http://%s/gen/13</guid>"
             "<link>http://%s/gen/13</link></item>\n"
             "<item><title>Four</title><guid>http://%s/gen/14</guid></item>\n"
             "<item><title>One again</title>"
             "<link><![CDATA[http://%s/gen/11]]></link></item>\n"
             "</channel></rss>\n",
             host, host, host, host, host, host, host);
  } else if (strcmp(name, "atom.xml") == 0) {
    type = "application/atom+xml";
    snprintf(doc, sizeof doc,
             "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
             "<feed xmlns=\"http://www.w3.org/2005/Atom\">"
             "<title>The Example Post</title>"
             "<link href=\"http://%s/\"/>\n"
             "<entry><title>Five</title><link rel=\"edit\" "
             "href=\"/edit/15\"/><link rel=\"alternate\" "
             "href=\"/gen/15\"/></entry>\n"
             "<entry><title>Six</title><link href=\"/gen/16\"/></entry>\n"
             "<entry><title>Seven</title><link rel=\"alternate\" "
             "type=\"text/html\" href=\"http://%s/gen/17\"/></entry>\n"
             "</feed>\n",
             host, host);
  } else if (strcmp(name, "index.html") == 0) {
    type = "text/html; charset=utf-8";
    snprintf(doc, sizeof doc,
             "<!DOCTYPE html><html><head><title>The Example Post</title>"
             "<link rel=\"stylesheet\" href=\"/style.css\">"
             "<link rel=\"alternate\" type=\"application/rss+xml\" "
             "title=\"News\" href=\"/site/rss.xml\"></head>"
             "<body><p>Front page</p></body></html>\n");
  } else if (strcmp(name, "offhost.xml") == 0) {
    char extra[512];
    snprintf(extra, sizeof extra,
             "  <url><loc>http://localhost%s/gen/19</loc></url>\n", port);
    urlset(doc, sizeof doc, host, 18, 18, extra);
  } else if (strcmp(name, "broken.xml") == 0) {
    snprintf(doc, sizeof doc,
             "<?xml version=\"1.0\"?>\n<urlset "
             "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
             "<url><loc>http://%s/gen/20</loc></url>\n<url><loc>http://%s/g",
             host, host);
  } else if (strcmp(name, "not-a-feed.rss") == 0) {
    type = "application/rss+xml";
    snprintf(doc, sizeof doc,
             "Service temporarily unavailable {\"retry\": "
             "true}\n");
  } else if (strcmp(name, "laughs.xml") == 0) {
    size_t o = (size_t)snprintf(doc, sizeof doc,
                                "<?xml version=\"1.0\"?>\n<!DOCTYPE urlset [\n"
                                "  <!ENTITY lol \"lol\">\n");
    for (int i = 1; i <= 9; i++) {
      o += (size_t)snprintf(doc + o, sizeof doc - o, "  <!ENTITY lol%d \"", i);
      for (int k = 0; k < 10; k++)
        o += (size_t)snprintf(doc + o, sizeof doc - o,
                              i == 1 ? "&lol;" : "&lol%d;", i - 1);
      o += (size_t)snprintf(doc + o, sizeof doc - o, "\">\n");
    }
    snprintf(doc + o, sizeof doc - o,
             "]>\n<urlset><url><loc>http://%s/gen/&lol9;</loc></url>"
             "</urlset>\n",
             host);
  } else {
    pthread_mutex_unlock(&doc_lock);
    return send_text(c, 404, "text/html", "<p>not found</p>");
  }
  ret = send_buffer(c, 200, type, doc, strlen(doc), NULL);
  pthread_mutex_unlock(&doc_lock);
  return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
                              const char *url, const char *method,
                              const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls) {
  (void)version;
  (void)upload_data;
  (void)upload_data_size;
  server *s = cls;
  if (*con_cls == NULL) {
    /* Counted once per request, until notify_completed. */
    *con_cls = s;
    long now = atomic_fetch_add(&s->active, 1) + 1;
    long max = atomic_load(&s->max_active);
    while (now > max &&
           !atomic_compare_exchange_weak(&s->max_active, &max, now))
      ;
    /* Answered on the next call, once the request is complete: a response
     * queued earlier makes libmicrohttpd close the connection. */
    return MHD_YES;
  }
  atomic_fetch_add(&s->requests, 1);
  /* A request to a proxy names the whole URL: serve its path. */
  if (strncmp(url, "http://", 7) == 0) {
    atomic_fetch_add(&s->proxied, 1);
    url = strchr(url + 7, '/');
    if (!url)
      url = "/";
  }
  if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
    return send_text(c, 405, "text/plain", "GET only\n");
  if (strcmp(url, "/last-ua") == 0) {
    char ua[sizeof last_ua];
    pthread_mutex_lock(&ua_lock);
    memcpy(ua, last_ua, sizeof ua);
    pthread_mutex_unlock(&ua_lock);
    return send_text(c, 200, "text/plain", ua);
  }
  if (strcmp(url, "/robots.txt") != 0 && strcmp(url, "/stats") != 0) {
    const char *ua =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, "User-Agent");
    pthread_mutex_lock(&ua_lock);
    snprintf(last_ua, sizeof last_ua, "%s", ua ? ua : "");
    pthread_mutex_unlock(&ua_lock);
  }
  const char *ct = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "ct");
  const char *type = ct ? ct : "text/html";

  if (strcmp(url, "/robots.txt") == 0) {
    atomic_fetch_add(&s->robots, 1);
    if (s->role == 0) {
      const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
      char text[1024];
      snprintf(text, sizeof text,
               "# pith_testd\nUser-agent: *\nDisallow: /private/\n\n"
               "Sitemap: http://%s/site/sitemap-index.xml\n",
               h ? h : "127.0.0.1");
      return send_text(c, 200, "text/plain", text);
    }
    if (s->role == 1)
      return send_text(c, 500, "text/plain", "robots.txt is broken\n");
    return send_text(c, 404, "text/plain", "no robots.txt here\n");
  }
  if (strcmp(url, "/stats") == 0) {
    char text[256];
    snprintf(text, sizeof text,
             "robots %ld\nrequests %ld\nmax_active %ld\nconnections %ld\n"
             "proxied %ld\n",
             (long)atomic_load(&s->robots), (long)atomic_load(&s->requests),
             (long)atomic_load(&s->max_active),
             (long)atomic_load(&s->connections),
             (long)atomic_load(&s->proxied));
    return send_text(c, 200, "text/plain", text);
  }
  if (strncmp(url, "/page/", 6) == 0)
    return send_page(c, url + 6, type, 0);
  if (strncmp(url, "/private/", 9) == 0)
    return send_page(c, url + 9, type, 0);
  if (strncmp(url, "/gzip/", 6) == 0) {
    const char *ae =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Encoding");
    return send_page(c, url + 6, type, ae && strstr(ae, "gzip"));
  }
  if (strncmp(url, "/redirect/", 10) == 0) {
    long n = strtol(url + 10, NULL, 10);
    char to[512];
    if (n <= 0) {
      const char *target =
          MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "to");
      return redirect(c, target ? target : "/page/article-element-only.html");
    }
    snprintf(to, sizeof to, "/redirect/%ld", n - 1);
    return redirect(c, to);
  }
  if (strcmp(url, "/loop/a") == 0)
    return redirect(c, "/loop/b");
  if (strcmp(url, "/loop/b") == 0)
    return redirect(c, "/loop/a");
  if (strncmp(url, "/status/", 8) == 0) {
    long code = strtol(url + 8, NULL, 10);
    if (code < 200 || code > 599)
      code = 500;
    if (MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "big"))
      return send_stream(c, (unsigned)code, MHD_SIZE_UNKNOWN, big_read, NULL,
                         NULL, NULL);
    return send_text(c, (unsigned)code, "text/html",
                     "<html><body><p>status page</p></body></html>");
  }
  if (strncmp(url, "/flaky/", 7) == 0) {
    const char *code =
        MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "code");
    const char *page =
        MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "page");
    if (flaky_first(url + 7))
      return send_text(c, code ? (unsigned)atoi(code) : 503, "text/html",
                       "<p>try again later</p>");
    return send_page(c, page ? page : "article-element-only.html", type, 0);
  }
  if (strcmp(url, "/drip") == 0)
    return send_stream(c, 200, MHD_SIZE_UNKNOWN, drip_read, NULL, NULL, NULL);
  if (strcmp(url, "/endless") == 0)
    return send_stream(c, 200, MHD_SIZE_UNKNOWN, endless_read, NULL, NULL,
                       NULL);
  if (strcmp(url, "/big") == 0)
    return send_stream(
        c, 200,
        MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "chunked")
            ? MHD_SIZE_UNKNOWN
            : BIG_BYTES,
        big_read, NULL, NULL, NULL);
  if (strncmp(url, "/slow/", 6) == 0) {
    const char *page =
        MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "page");
    nanosleep(&(struct timespec){0, 300000000L}, NULL);
    return send_page(c, page ? page : "article-element-only.html", type, 0);
  }
  if (strcmp(url, "/stall") == 0) {
    /* One thread per connection: sleeping here holds this one only. */
    const char *secs =
        MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "s");
    long tenths = (secs ? strtol(secs, NULL, 10) : 5) * 10;
    for (long t = 0; t < tenths && t < 600 && !atomic_load(&stopping); t++)
      nanosleep(&(struct timespec){0, 100000000L}, NULL);
    return send_page(c, "article-element-only.html", type, 0);
  }
  if (strcmp(url, "/bomb") == 0) {
    bomb *b = calloc(1, sizeof *b);
    if (!b || deflateInit2(&b->z, 1, Z_DEFLATED, 15 + 16, 9,
                           Z_DEFAULT_STRATEGY) != Z_OK) {
      free(b);
      return MHD_NO;
    }
    b->total = BOMB_BYTES;
    return send_stream(c, 200, MHD_SIZE_UNKNOWN, bomb_read, b, bomb_free,
                       "gzip");
  }
  if (strncmp(url, "/site/", 6) == 0)
    return send_site(c, url + 6);
  if (strcmp(url, "/json") == 0)
    return send_text(c, 200, "application/json",
                     "{\"title\": \"not a page\", \"items\": [1, 2, 3]}\n");
  if (strcmp(url, "/image") == 0)
    return send_buffer(c, 200, "image/png",
                       "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1", 24,
                       NULL);
  if (strcmp(url, "/pages/") == 0)
    return send_site_index(c);
  if (strncmp(url, "/gen/", 5) == 0) {
    size_t len;
    char *page = generated_page(strtoul(url + 5, NULL, 10), &len);
    if (!page)
      return MHD_NO;
    enum MHD_Result ret =
        send_buffer(c, 200, "text/html; charset=utf-8", page, len, NULL);
    free(page);
    return ret;
  }
  return send_text(c, 404, "text/html", "<p>not found</p>");
}

static void request_done(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode code) {
  (void)cls;
  (void)c;
  (void)code;
  server *s = *con_cls;
  if (s)
    atomic_fetch_sub(&s->active, 1);
  *con_cls = NULL;
}

static void connection_event(void *cls, struct MHD_Connection *c,
                             void **socket_context,
                             enum MHD_ConnectionNotificationCode code) {
  (void)c;
  (void)socket_context;
  server *s = cls;
  if (code == MHD_CONNECTION_NOTIFY_STARTED)
    atomic_fetch_add(&s->connections, 1);
}

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *data = calloc(1, 1 << 20);
  if (data)
    fread(data, 1, (1 << 20) - 1, f);
  fclose(f);
  return data;
}

int main(int argc, char **argv) {
  int hosts = 3;
  char *cert = NULL, *key = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--pages") == 0 && i + 1 < argc)
      pages_dir = argv[++i];
    else if (strcmp(argv[i], "--tls") == 0 && i + 2 < argc) {
      cert = read_file(argv[++i]);
      key = read_file(argv[++i]);
      if (!cert || !key) {
        fprintf(stderr, "pith_testd: cannot read the certificate or key\n");
        return 2;
      }
    } else if (strcmp(argv[i], "--hosts") == 0 && i + 1 < argc)
      hosts = atoi(argv[++i]);
    else {
      fprintf(stderr, "usage: pith_testd [--pages DIR] [--hosts N] "
                      "[--tls CERT KEY]\n");
      return 2;
    }
  }
  if (hosts < 1 || hosts > MAX_HOSTS - 1)
    hosts = 3;
  int total = hosts + (cert ? 1 : 0);
  static server servers[MAX_HOSTS];
  printf("PORTS");
  for (int i = 0; i < total; i++) {
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    int tls = i == hosts;
    servers[i].role = tls ? 2 : i;
    servers[i].daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
            MHD_USE_POLL | (tls ? MHD_USE_TLS : 0),
        0, NULL, NULL, handle, &servers[i], MHD_OPTION_SOCK_ADDR, &addr,
        MHD_OPTION_HTTPS_MEM_CERT, tls ? cert : NULL, MHD_OPTION_HTTPS_MEM_KEY,
        tls ? key : NULL, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
        MHD_OPTION_NOTIFY_COMPLETED, request_done, NULL,
        MHD_OPTION_NOTIFY_CONNECTION, connection_event, &servers[i],
        MHD_OPTION_END);
    if (!servers[i].daemon) {
      fprintf(stderr, "pith_testd: could not start a server\n");
      return 1;
    }
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(servers[i].daemon, MHD_DAEMON_INFO_BIND_PORT);
    printf(" %u", (unsigned)info->port);
  }
  printf("\n");
  fflush(stdout);
  char buf[256];
  while (read(0, buf, sizeof buf) > 0)
    ;
  atomic_store(&stopping, 1);
  for (int i = 0; i < total; i++)
    MHD_stop_daemon(servers[i].daemon);
  free(cert);
  free(key);
  return 0;
}
