/*
 * pith — the article in a web page: title, author, date and body, without the
 * menus, share bars, teasers, captions and credits around it.
 *
 * Ownership, once for the whole API: every pointer pith returns belongs to the
 * object it came from and lives until that object is freed. pith_extract()
 * hands the caller one pith_result; pith_result_free() releases it and every
 * string read from it. The few buffers pith hands over outright (a WARC
 * payload) are released with pith_free(). pith never keeps a pointer to the
 * caller's input after a call returns. Each function below says again what
 * it gives and who frees it.
 *
 * Threads: there is no global mutable state; any number of threads may call
 * pith_extract() at once. A single pith_result may be read from several
 * threads but freed only once. A WARC reader, an HTTP response and a fetch
 * run belong to one thread at a time.
 */
#ifndef PITH_H
#define PITH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(PITH_STATIC)
#define PITH_API
#elif defined(_WIN32)
#define PITH_API __declspec(dllimport)
#elif defined(__GNUC__)
#define PITH_API __attribute__((visibility("default")))
#else
#define PITH_API
#endif

#define PITH_VERSION "0.1.0"

/* Status codes. Stable: never renumbered, new codes only appended. Each
 * has a short stable word, pith_status_kind(), for records and logs. */
typedef enum pith_status {
  PITH_OK = 0,               /* an article was found */
  PITH_NO_ARTICLE = 1,       /* the page was read, but holds no article (home
                                page, link list, error page); metadata is set */
  PITH_ERR_ARGUMENT = 2,     /* a NULL pointer or an invalid option */
  PITH_ERR_NOMEM = 3,        /* an allocation failed */
  PITH_ERR_EMPTY = 4,        /* the input holds no bytes, or only white space */
  PITH_ERR_NOT_HTML = 5,     /* the input is binary (image, PDF, archive...), or
                                a server sent another type than HTML */
  PITH_ERR_TOO_LARGE = 6,    /* the input is over options.max_input_bytes, or a
                                body over a size cap */
  PITH_ERR_PARSE = 7,        /* the HTML parser gave up on the input */
  PITH_ERR_ENCODING = 8,     /* the input could not be turned into UTF-8 */
  PITH_ERR_LIMIT = 9,        /* a document limit (nodes, depth, output, time)
                                was hit */
  PITH_ERR_IO = 10,          /* a file or stream could not be read */
  PITH_END = 11,             /* pith_warc_next(): there are no more records */
  PITH_ERR_WARC = 12,        /* a damaged WARC record: a Content-Length that
                                lies, a record cut short, bytes that are not a
                                record, damaged gzip data */
  PITH_ERR_HTTP = 13,        /* an HTTP message without a status line or
                                headers */
  PITH_ERR_DECOMPRESS = 14,  /* a body whose gzip, deflate, br or zstd data is
                                damaged, or in a coding pith cannot undo */
  PITH_ERR_HTTP_STATUS = 15, /* the HTTP status is not 2xx */
  PITH_ERR_JSON = 16,        /* a JSON input record that is not an object with
                                an "html" string */
  PITH_ERR_TIMEOUT = 17,     /* a request took longer than its timeout */
  PITH_ERR_ROBOTS = 18,      /* robots.txt disallows the URL, or the site's
                                robots.txt fails (5xx) */
  PITH_ERR_DNS = 19,         /* the host name does not resolve */
  PITH_ERR_CONNECT = 20,     /* the connection was refused or failed */
  PITH_ERR_TLS = 21,         /* TLS failed: handshake, certificate */
  PITH_ERR_REDIRECTS = 22,   /* too many redirects, or a redirect loop */
  PITH_ERR_BAD_URL = 23,     /* not an http:// or https:// URL */
  PITH_ERR_NETWORK = 24,     /* another network failure (connection reset...) */
  PITH_ERR_PROXY = 25,       /* the proxy does not resolve or fails */
  PITH_ERR_INTERNAL = 26,    /* a failure inside pith or a library it uses */
  PITH_ERR_LANGUAGE = 27,    /* the document is not in
                                options.target_language */
} pith_status;

/* A short English description of a status code; never NULL. */
PITH_API const char *pith_strerror(pith_status status);

/* The stable word for a status, used as the error "kind" in JSON records by
 * every front end (pith batch, pith fetch, the bindings): "ok",
 * "no_article", "argument", "nomem", "empty", "not_html", "too_large",
 * "parse", "encoding", "limit", "io", "end", "warc", "http", "decompress",
 * "http_status", "json", "timeout", "robots", "dns", "connect", "tls",
 * "redirects", "bad_url", "network", "proxy", "internal", "language"; one
 * word per status, never changed. "unknown" for a number that is no status. */
PITH_API const char *pith_status_kind(pith_status status);

/* Releases a buffer pith handed over (a WARC payload). pith allocates such
 * buffers with malloc(), so free() does as well; this is for callers that
 * cannot reach the C library's free (bindings). NULL is allowed. */
PITH_API void pith_free(void *memory);

/* The library version, e.g. "0.1.0". */
PITH_API const char *pith_version(void);

/* Named limits and their defaults. A page past a limit fails with
 * PITH_ERR_TOO_LARGE (input bytes) or PITH_ERR_LIMIT, and the result's
 * message names the limit and the option that raises it. A field left at 0
 * takes the default. */
#define PITH_DEFAULT_MAX_INPUT_BYTES ((size_t)64 * 1024 * 1024)
#define PITH_DEFAULT_MAX_NODES ((size_t)4 * 1024 * 1024)
/* Elements nested inside each other (browsers stop nesting at 512). */
#define PITH_DEFAULT_MAX_DEPTH ((size_t)100000)
/* Bytes of the body in any one rendering: text, Markdown, or JSON. */
#define PITH_DEFAULT_MAX_OUTPUT_BYTES ((size_t)128 * 1024 * 1024)
/* Milliseconds for one document, checked between the stages and every
 * few thousand lines or nodes (a stage under way is not interrupted, so
 * the limit can be passed by one stage's time). */
#define PITH_DEFAULT_MAX_MILLIS 20000UL
/* Attributes kept per tag; the rest are cut before parsing (libxml2 spends
 * quadratic time on a tag with very many attributes). */
#define PITH_MAX_ATTRIBUTES 1000

/* How an extraction trades precision for recall. */
typedef enum pith_mode {
  PITH_MODE_BALANCED = 0, /* the default: the best F1 on the test sets */
  PITH_MODE_PRECISION,    /* stricter: leaves out blocks that may be debris
                             (short unfinished lines at the edges, link-heavy
                             boxes), at the cost of some article text */
  PITH_MODE_RECALL,       /* lenient: keeps boxes named like boilerplate
                             inside the article and more of its neighbours,
                             at the cost of some debris */
} pith_mode;

/* Options for one extraction. Initialise with pith_options_init(), then set
 * what you need; every pointer is borrowed for the duration of the call. */
typedef struct pith_options {
  const char *url;          /* the page's URL: resolves relative links and
                               images; NULL when unknown */
  const char *content_type; /* the HTTP Content-Type header, e.g.
                               "text/html; charset=windows-1251"; NULL when
                               unknown */
  size_t max_input_bytes;   /* larger inputs fail with PITH_ERR_TOO_LARGE */
  size_t max_nodes;         /* pages with more DOM nodes fail with
                               PITH_ERR_LIMIT */
  size_t max_depth;         /* deeper nesting of elements fails with
                               PITH_ERR_LIMIT */
  size_t max_output_bytes;  /* a longer text, Markdown or JSON rendering
                               fails with PITH_ERR_LIMIT */
  unsigned long max_millis; /* a document that takes longer fails with
                               PITH_ERR_LIMIT; wall-clock time */
  pith_mode mode;           /* PITH_MODE_BALANCED unless set */
  int explain;              /* pith_extract: also record why each part of
                               the page is not in the body (see
                               pith_result_decision_count); costs time */
  /* Debris rules to leave out, by name, separated by commas ("dateline,
   * byline"); NULL for none. An unknown name fails with PITH_ERR_ARGUMENT.
   * pith_rule_name() lists the rules. */
  const char *disabled_rules;
  const char *target_language; /* e.g. "en": a document whose language
                                  (declared, else detected) is another one
                                  fails with PITH_ERR_LANGUAGE; one whose
                                  language cannot be told is kept. NULL:
                                  every language */
  int images;    /* 1: Markdown gets the body's images, ![alt](url), and
                    the result lists them (pith_result_image_*, JSON
                    "images") */
  int no_links;  /* 1: Markdown without link syntax, the link text only */
  int no_tables; /* 1: tables are left out of the text and Markdown */
  /* Lines that recur across the pages of the page's host in this profile
   * are left out with the rule "site-repeat" (see pith_site_profile); the
   * profile is only read, so many threads may share it. NULL: none. */
  const struct pith_site_profile *site_profile;
} pith_options;

PITH_API void pith_options_init(pith_options *options);

/* The fields of a result, read with pith_result_field(). */
typedef enum pith_field {
  PITH_FIELD_TITLE,
  PITH_FIELD_AUTHOR, /* several authors joined with "; " */
  PITH_FIELD_DATE,   /* ISO 8601: YYYY-MM-DD, or a full timestamp */
  PITH_FIELD_SITENAME,
  PITH_FIELD_HOSTNAME, /* from the URL or the canonical URL */
  PITH_FIELD_URL,      /* as given in the options */
  PITH_FIELD_CANONICAL_URL,
  PITH_FIELD_LANGUAGE,        /* as declared (<html lang>, og:locale, ...),
                                 else detected from the text: "en", "de" */
  PITH_FIELD_DESCRIPTION,     /* the page's own summary (meta description) */
  PITH_FIELD_IMAGE,           /* the lead image, absolute when a URL is known */
  PITH_FIELD_CATEGORIES,      /* joined with "; " */
  PITH_FIELD_TAGS,            /* joined with "; " */
  PITH_FIELD_TEXT,            /* the body as plain text, paragraphs separated by
                                 one blank line; "" when there is no article */
  PITH_FIELD_MARKDOWN,        /* the body as Markdown */
  PITH_FIELD_JSON,            /* one JSON object with every field above */
  PITH_FIELD_COMMENTS,        /* the readers' comments below the article, as
                                 plain text, one comment a paragraph; never
                                 part of TEXT; NULL when the page has none */
  PITH_FIELD_LANGUAGE_SOURCE, /* "declared" or "detected"; NULL when the
                                 language is not known */
  PITH_FIELD_FINGERPRINT,     /* a 64-bit simhash of the text's word
                                 shingles, 16 hex digits; NULL without text */
  PITH_FIELD_COUNT_
} pith_field;

typedef struct pith_result pith_result;

/* Extracts the article from `len` bytes of HTML. On return *result is set
 * whenever the returned status is not PITH_ERR_ARGUMENT (and the result could
 * be allocated): for PITH_OK and PITH_NO_ARTICLE it holds the fields, for an
 * error the message. The caller frees it with pith_result_free(). */
PITH_API pith_status pith_extract(const char *html, size_t len,
                                  const pith_options *options,
                                  pith_result **result);

/* The status the result was made with. */
PITH_API pith_status pith_result_status(const pith_result *result);

/* A field's value as NUL-terminated UTF-8, or NULL when the page does not
 * say. TEXT, MARKDOWN and JSON are never NULL on a successful result. */
PITH_API const char *pith_result_field(const pith_result *result,
                                       pith_field field);

/* Convenience accessors for the three renderings of the body. */
PITH_API const char *pith_result_text(const pith_result *result);
PITH_API const char *pith_result_markdown(const pith_result *result);
PITH_API const char *pith_result_json(const pith_result *result);
/* The readers' comments (PITH_FIELD_COMMENTS), or NULL when there are
 * none. Comment sections are found by their structure (repeated items
 * with an author, a date and a reply or permalink link; comment forms;
 * "N Comments" headings; comment class names) and are never taken as the
 * body, except on a forum page whose posts are its content. Also in the
 * JSON as "comments". */
PITH_API const char *pith_result_comments(const pith_result *result);

/* How sure pith is that the body is the article and nothing else, from 0
 * to 1 (0 when there is no article): the agreement of the independent ways
 * of finding the body (the scored container, the semantic <article>/<main>
 * or articleBody markup, the JSON-LD articleBody), its length, its link
 * density and how much of it reads as sentences. Also in the JSON as
 * "confidence". */
PITH_API double pith_result_confidence(const pith_result *result);

/* 1 when the page holds an article, 0 otherwise. */
PITH_API int pith_result_has_article(const pith_result *result);

/* The human-readable reason for a failure, or "" on success. */
PITH_API const char *pith_result_message(const pith_result *result);

/* Things worth knowing about a result that did not stop it, e.g. "the
 * declared charset x-foo is unknown; read as windows-1252". In the order
 * they arose; out-of-range indexes give NULL. */
PITH_API size_t pith_result_warning_count(const pith_result *result);
PITH_API const char *pith_result_warning(const pith_result *result,
                                         size_t index);

/* With options.images: the images of the body, in reading order, as they
 * appear in the Markdown. The URL is absolute when the page's URL is known;
 * the alt text is "" when the image has none. Out-of-range: NULL. */
PITH_API size_t pith_result_image_count(const pith_result *result);
PITH_API const char *pith_result_image_url(const pith_result *result,
                                           size_t index);
PITH_API const char *pith_result_image_alt(const pith_result *result,
                                           size_t index);

/* Fingerprints this many bits apart or fewer mark near duplicates. On the
 * development pages the same text with its last paragraph cut or a line
 * added lands 0-6 bits away three times in four (wire copies of one press
 * release on three sites: 4, 4 and 8), while unrelated texts are 12 or more
 * apart (1.4 million pairs) and fall about as random 64-bit values do, of
 * which a pair is 6 or fewer bits apart once in 10^11: a few false marks in
 * a batch of a million documents. (Manku et al., WWW 2007, use 3 bits for
 * 8 billion pages.) */
#define PITH_NEAR_DUPLICATE_DISTANCE 6

/* The Hamming distance between two fingerprints (PITH_FIELD_FINGERPRINT),
 * 0 to 64, or -1 when either is not 16 hex digits. Texts at distance
 * PITH_NEAR_DUPLICATE_DISTANCE or less are near duplicates. */
PITH_API int pith_fingerprint_distance(const char *a, const char *b);

/* Cleans plain text that was scraped with its debris still in it: doubled
 * captions, photo credits, "Read more at ...", share lines, teaser blocks
 * after "More in ...". `len` bytes of text in any common encoding (UTF-8,
 * UTF-16 with BOM, windows-1252...), lines ended by LF, CRLF or CR. Each
 * non-empty line is judged; the result's TEXT holds the kept lines, one
 * paragraph each, separated by a blank line, and JSON the kept text and the
 * removed lines. Same result and error conventions as pith_extract(). */
PITH_API pith_status pith_clean_text(const char *text, size_t len,
                                     const pith_options *options,
                                     pith_result **result);

/* The verdict on every block (pith_extract) or non-empty line
 * (pith_clean_text), in input order: its text, whether it was kept, and the
 * name of the rule that decided ("content", "caption-repeat",
 * "teaser-block", ...). Out-of-range indexes give NULL / 0. */
PITH_API size_t pith_result_line_count(const pith_result *result);
PITH_API const char *pith_result_line_text(const pith_result *result,
                                           size_t index);
PITH_API int pith_result_line_kept(const pith_result *result, size_t index);
PITH_API const char *pith_result_line_rule(const pith_result *result,
                                           size_t index);
/* The 1-based input line of a line of pith_clean_text(); 0 for the blocks
 * of pith_extract(). */
PITH_API size_t pith_result_line_number(const pith_result *result,
                                        size_t index);

/* With options.explain set, pith_extract records the decisions that left
 * parts of the page out of the body, besides the per-block verdicts
 * above. Each has a stage, a rule and a text:
 *   "prune"    a subtree removed before the body was looked for; rule
 *              "tag", "hidden", "chrome" (nav, aside, footer, header,
 *              form), "role" or "class"; text "div.share-bar: Share ..."
 *   "comments" a section of readers' comments (rule "comments")
 *   "select"   a subtree pruning kept that the chosen body does not hold
 *              (rule "outside")
 *   "choose"   one per candidate body; rule the strategy ("scored",
 *              "lenient", "chrome", "semantic", "json-ld", "baseline"),
 *              text its verdict ("chosen", "not chosen: ...") and size
 *   "clean"    a box left out of the chosen container while its blocks
 *              were built; rule "class", "link-density", "images",
 *              "form", "embed", "card", ...
 * in that order (prune, comments and select in page order). Without
 * options.explain the count is 0. Out-of-range indexes give NULL. */
PITH_API size_t pith_result_decision_count(const pith_result *result);
PITH_API const char *pith_result_decision_stage(const pith_result *result,
                                                size_t index);
PITH_API const char *pith_result_decision_rule(const pith_result *result,
                                               size_t index);
PITH_API const char *pith_result_decision_text(const pith_result *result,
                                               size_t index);
/* Why a line got its verdict, in one line of English, written into buf
 * (at most size bytes, NUL-terminated; buf may be NULL when size is 0):
 * the rule and what it removes ("share: share bars and 'follow us'
 * lines"), or for a line the learned model judged, the model, its
 * probability that the line is debris and the features that weighed most
 * ("model lines-1: debris 0.91: below the article's last paragraph +1.20,
 * ..."). Returns the length of the whole text, as snprintf does (0 for an
 * index out of range). */
PITH_API size_t pith_result_line_explain(const pith_result *result,
                                         size_t index, char *buf, size_t size);

/* The debris rules, by index from 0: the name a line's verdict carries
 * (pith_result_line_rule) and pith_options.disabled_rules takes, and one
 * line on what the rule removes. NULL past the last rule. */
PITH_API const char *pith_rule_name(size_t index);
PITH_API const char *pith_rule_about(size_t index);

/* Releases a result and every string read from it. NULL is allowed. */
PITH_API void pith_result_free(pith_result *result);

/* ---- Site profiles: boilerplate that recurs across a site ----------------
 * A "More in Politics" teaser box or a footer line is the same on every page
 * of a site, which no single page can tell. A profile counts, per host, the
 * pages added and on how many of them each line appears (lines compared
 * with case, runs of white space and runs of digits aside). Extracting with
 * options.site_profile then leaves out every line the profile has on at
 * least PITH_SITE_REPEAT_MIN_PAGES pages and PITH_SITE_REPEAT_MIN_SHARE of
 * the host's pages, with the rule "site-repeat":
 *
 *   pith_site_profile *site = pith_site_profile_new();
 *   for (each page) pith_site_profile_add_page(site, html, len, &opt);
 *   opt.site_profile = site;
 *   for (each page) pith_extract(html, len, &opt, &result);  ...
 *   pith_site_profile_free(site);
 *
 * The host is the one of options.url, else of the page's canonical URL
 * (<link rel=canonical>, og:url), "www." left off; a page with neither is
 * not counted and keeps its lines. The counts only add up, so the profile
 * does not depend on the order of the pages, and profiles written on
 * several machines (pith_site_profile_write) and read into one
 * (pith_site_profile_read) give the profile of all their pages: the same
 * output as one run over all of them. A profile belongs to one thread at a
 * time while pages are added; once built, any number of extractions may
 * read it at once. */

/* A line is site boilerplate on 3 pages or more and on 30 % or more of the
 * host's pages. Three pages: two articles of a series may share a line
 * ("This is part 2 of ..."), a third seldom does, while a site's furniture
 * is on all of its pages. 30 %: a teaser box or a newsletter pitch shown on
 * a part of the pages only (per section, rotating) still goes, while a
 * line a few articles quote stays. On the development sets grouped by host
 * (bench/site_boilerplate.py) 3 pages and 30 % gained the most: 2 pages
 * took article text, 4 pages or 50 % left furniture in; 20 % did as 30 %.
 * Recurring text of the article's own stays: a long paragraph of prose
 * with more of the article after it (a series' standing introduction), a
 * name alone under a paragraph (the author's sign-off). */
#define PITH_SITE_REPEAT_MIN_PAGES 3
#define PITH_SITE_REPEAT_MIN_SHARE 0.3

typedef struct pith_site_profile pith_site_profile;

/* An empty profile, or NULL when out of memory. Free it with
 * pith_site_profile_free() (NULL is allowed there). */
PITH_API pith_site_profile *pith_site_profile_new(void);
PITH_API void pith_site_profile_free(pith_site_profile *profile);

/* Counts the lines of an extracted page (every line of
 * pith_result_line_text, kept or not) under its host. A result with an
 * error, or without a host, adds nothing and gives PITH_OK. PITH_OK,
 * PITH_ERR_ARGUMENT or PITH_ERR_NOMEM (the profile is then unchanged but
 * for its host list). */
PITH_API pith_status pith_site_profile_add(pith_site_profile *profile,
                                           const pith_result *result);
/* The same for a page not extracted yet: pith_extract() with the options
 * (options.site_profile is not used), then pith_site_profile_add(). Returns
 * the extraction's error, if any. */
PITH_API pith_status pith_site_profile_add_page(pith_site_profile *profile,
                                                const char *html, size_t len,
                                                const pith_options *options);

/* The pages counted for a host ("example.com"), 0 for a host not in it. */
PITH_API uint64_t pith_site_profile_pages(const pith_site_profile *profile,
                                          const char *host);

/* The profile as text (the file format is in README.md): the same counts
 * give the same bytes. *data is NUL-terminated, *len bytes long (len may be
 * NULL); release it with pith_free(). PITH_OK, PITH_ERR_ARGUMENT or
 * PITH_ERR_NOMEM. */
PITH_API pith_status pith_site_profile_write(const pith_site_profile *profile,
                                             char **data, size_t *len);
/* Adds the counts of a profile's text to the profile. PITH_OK,
 * PITH_ERR_PARSE (not a profile, or a damaged one: `message` names the
 * line; what came before it was added), PITH_ERR_NOMEM or
 * PITH_ERR_ARGUMENT. message (message_size bytes) may be NULL. */
PITH_API pith_status pith_site_profile_read(pith_site_profile *profile,
                                            const char *data, size_t len,
                                            char *message, size_t message_size);

/* ---- Reading WARC archives ------------------------------------------------
 * One record at a time, in constant memory, from a plain .warc, a .warc.gz
 * with one gzip member per record (Common Crawl's layout) or a .warc.gz
 * compressed as one stream; WARC/1.0 and 1.1:
 *
 *   pith_warc_reader *r = pith_warc_reader_new_file(f);
 *   pith_warc_record rec;
 *   pith_status st;
 *   while ((st = pith_warc_next(r, &rec)) != PITH_END) {
 *     if (st != PITH_OK) { report(pith_warc_message(r)); continue; }
 *     char *body; size_t len; int cut;
 *     if (want(&rec) &&
 *         pith_warc_read_payload(r, cap, &body, &len, &cut) == PITH_OK) {
 *       use(body, len);
 *       pith_free(body);
 *     }
 *   }
 *   pith_warc_reader_free(r);
 *
 * A damaged record (a Content-Length that lies, a cut end, garbage, damaged
 * gzip data) gives PITH_ERR_WARC with a message naming its offset; every
 * record before it has been delivered, and the next pith_warc_next() goes on
 * at the next record it finds (the next gzip member, or the next "WARC/1."
 * line). PITH_ERR_IO (the source failed) and PITH_ERR_NOMEM end the
 * reading: the calls after them give PITH_END. */

/* A source of bytes: reads up to len bytes into buf and returns the count,
 * 0 at the end, or -1 on an error. */
typedef long (*pith_read_fn)(void *ctx, void *buf, size_t len);

typedef struct pith_warc_reader pith_warc_reader;

/* The longest header block of one record that is accepted. */
#define PITH_WARC_MAX_HEADER_BYTES ((size_t)256 * 1024)

/* A record's header. The strings belong to the reader and live until the
 * next pith_warc_next() or pith_warc_reader_free(). */
typedef struct pith_warc_record {
  const char *version;       /* "WARC/1.0", "WARC/1.1" */
  const char *type;          /* WARC-Type, lower case: "response", ... */
  const char *target_uri;    /* WARC-Target-URI or NULL */
  const char *content_type;  /* the record's Content-Type or NULL */
  const char *record_id;     /* WARC-Record-ID or NULL */
  uint64_t content_length;   /* the payload's declared length */
  uint64_t offset;           /* where the record starts: in the file for a
                                plain WARC and for one gzip member per
                                record (the member's start), else in the
                                decompressed stream */
  int offset_in_gzip_stream; /* 1 when offset counts decompressed bytes */
} pith_warc_record;

/* A reader over a read callback, or over a FILE (which the reader reads but
 * never closes). NULL when out of memory. Free with
 * pith_warc_reader_free(). */
PITH_API pith_warc_reader *pith_warc_reader_new(pith_read_fn read, void *ctx);
PITH_API pith_warc_reader *pith_warc_reader_new_file(FILE *file);
/* Releases the reader and the strings of its last record. NULL is
 * allowed. */
PITH_API void pith_warc_reader_free(pith_warc_reader *reader);

/* Reads the next record's header into *record, skipping what is left of
 * the previous record. PITH_OK, PITH_END, or an error: PITH_ERR_WARC,
 * PITH_ERR_IO, PITH_ERR_NOMEM (see pith_warc_message()). */
PITH_API pith_status pith_warc_next(pith_warc_reader *reader,
                                    pith_warc_record *record);

/* Reads the current record's payload, once per record: at most `max` bytes
 * are kept (the rest is read and dropped, and *cut set to 1). On PITH_OK
 * *data holds *len bytes and a NUL; the caller releases it with
 * pith_free(). On an error *data is NULL and the record is damaged. */
PITH_API pith_status pith_warc_read_payload(pith_warc_reader *reader,
                                            size_t max, char **data,
                                            size_t *len, int *cut);

/* The last error: a message naming the offset ("at offset 495: ..."), and
 * that offset (of the damaged record, or of the bad bytes when no record
 * had started). The message belongs to the reader. */
PITH_API const char *pith_warc_message(const pith_warc_reader *reader);
PITH_API uint64_t pith_warc_error_offset(const pith_warc_reader *reader);

/* Bytes taken from the source so far (compressed bytes for gzip). */
PITH_API uint64_t pith_warc_bytes_read(const pith_warc_reader *reader);

/* 1 when the input is gzip-compressed; known after the first
 * pith_warc_next(). */
PITH_API int pith_warc_is_gzip(const pith_warc_reader *reader);

/* ---- HTTP responses (the payload of a WARC response record) --------------
 * The status line, the headers, and the body with its transfer coding
 * (chunked) and content codings (gzip, deflate, br, zstd) undone. */

typedef struct pith_http_response pith_http_response;

/* Parses the `len` bytes of an HTTP/1.x response message. The decoded body
 * may hold at most max_body bytes. Returns PITH_OK, PITH_ERR_HTTP (not an
 * HTTP response), PITH_ERR_DECOMPRESS (a damaged body or an unknown
 * coding), PITH_ERR_TOO_LARGE (the decoded body is over max_body),
 * PITH_ERR_NOMEM or PITH_ERR_ARGUMENT. Lenient where real archives are: LF
 * line ends, "HTTP/2" status lines, a body cut short (the part there is
 * decoded), a chunked or compressed header over a body already plain.
 * *response is set whenever the status is not PITH_ERR_ARGUMENT and memory
 * allowed: the fields on success, the message on an error. The caller
 * releases it with pith_http_response_free(). */
PITH_API pith_status pith_http_response_parse(const char *message, size_t len,
                                              size_t max_body,
                                              pith_http_response **response);

/* The HTTP status code (e.g. 200); 0 when the message had none. */
PITH_API int pith_http_response_code(const pith_http_response *response);
/* The Content-Type header, or NULL. */
PITH_API const char *
pith_http_response_content_type(const pith_http_response *response);
/* The decoded body, NUL-terminated; its length in *len (may be NULL). ""
 * when there is none. */
PITH_API const char *pith_http_response_body(const pith_http_response *response,
                                             size_t *len);
/* Why parsing failed, or "" on success. */
PITH_API const char *
pith_http_response_message(const pith_http_response *response);
/* Releases the response and every string read from it. NULL is allowed. */
PITH_API void pith_http_response_free(pith_http_response *response);

/* Whether a Content-Type names an HTML (or XHTML) document: 1 for HTML, 0
 * for another type, -1 when it says nothing (NULL, empty,
 * application/octet-stream). */
PITH_API int pith_content_type_is_html(const char *content_type);

/* Whether pith can decode the charset a Content-Type names: 1 when it can,
 * 0 when it cannot (a page then falls back to its <meta> charset and to
 * detection, as if no charset had been given), -1 when the Content-Type
 * names no charset. */
PITH_API int pith_content_type_charset_known(const char *content_type);

/* ---- Fetching pages --------------------------------------------------------
 * Many URLs over libcurl's multi interface, politely (robots.txt per host,
 * per-host limits and delays, backoff) and within bounds (time, size,
 * redirects, memory). Every URL handed in comes back exactly once, as a
 * page or an error:
 *
 *   pith_fetch_config config;
 *   pith_fetch_config_init(&config);
 *   config.parallel = 32;
 *   char message[256];
 *   if (pith_fetch(&config, next_url, page_done, NULL, ctx, message,
 *                  sizeof message) != PITH_OK)
 *     fprintf(stderr, "fetch: %s\n", message);
 */

typedef struct pith_fetch_config {
  long parallel;          /* requests at once, all hosts together */
  long per_host;          /* requests at once to one host (scheme, name and
                             port) */
  double host_delay;      /* seconds between two request starts to a host */
  double timeout;         /* seconds for one request, the whole transfer */
  double connect_timeout; /* seconds to connect */
  size_t max_size;        /* bytes of a body, after decompression; a larger
                             one fails with PITH_ERR_TOO_LARGE */
  int retries;            /* extra attempts after connection errors, 429
                             and 5xx, with exponential backoff and jitter */
  int max_redirects;      /* redirects followed, each hop checked against
                             its host's robots.txt */
  double retry_base;      /* the first backoff, seconds; doubled each time */
  double max_retry_wait;  /* the longest Retry-After honoured, seconds */
  int ignore_robots;      /* 1: neither fetch nor obey robots.txt */
  const char *user_agent; /* NULL: "pith/VERSION"; its first word is the
                             agent matched in robots.txt */
  const char *ca_file;    /* PEM certificates to trust instead of the
                             system's; NULL: the system's */
  size_t window;          /* URLs read ahead and held at most; 0: 16 per
                             parallel request, at least 1024 */
  size_t memory_budget;   /* bytes of bodies held at once, all transfers
                             together (one transfer may exceed it) */
  int any_type;           /* 1: take a body of any Content-Type (sitemaps,
                             feeds, robots.txt); 0: HTML and XML only, the
                             rest fails with PITH_ERR_NOT_HTML */
} pith_fetch_config;

/* Defaults: 16 at once, 2 per host, no delay, 30 s, 10 s to connect,
 * 20 MiB, 2 retries, 10 redirects, robots.txt obeyed, 128 MiB of bodies in
 * memory at once. */
PITH_API void pith_fetch_config_init(pith_fetch_config *config);

/* The outcome for one URL. Every pointer lives until the done callback
 * returns; copy what you keep. */
typedef struct pith_fetch_page {
  const char *url;          /* as given */
  uint64_t id;              /* as given with the URL */
  const char *final_url;    /* the last URL requested; NULL when none */
  long http_status;         /* the last HTTP status; 0 when none */
  const char *content_type; /* the last Content-Type header; NULL if none */
  const char *body;         /* the decoded body of a 2xx answer, NUL-
                               terminated; NULL with an error */
  size_t body_len;
  pith_status status;  /* PITH_OK, or why there is no body:
                          PITH_ERR_TIMEOUT, PITH_ERR_TOO_LARGE,
                          PITH_ERR_HTTP_STATUS, PITH_ERR_ROBOTS,
                          PITH_ERR_NOT_HTML, PITH_ERR_DNS,
                          PITH_ERR_CONNECT, PITH_ERR_TLS,
                          PITH_ERR_REDIRECTS, PITH_ERR_BAD_URL,
                          PITH_ERR_NETWORK, PITH_ERR_PROXY,
                          PITH_ERR_DECOMPRESS, PITH_ERR_NOMEM,
                          PITH_ERR_INTERNAL */
  const char *message; /* what went wrong, in words; "" with PITH_OK.
                          A timeout names the phase that ran out:
                          connecting, waiting for the first byte, or
                          the transfer */
  time_t fetched_at;   /* when the outcome was known */
} pith_fetch_page;

/* Asks for the next URL. Returns 1 with *url and *id set (the URL is copied
 * before the next call; the id comes back in the page); or returns 0 with
 * *wait_fd set to a descriptor when no URL is available yet (pith polls it
 * while fetching and asks again once it is readable), or 0 with *wait_fd
 * left at -1 at the end of the input. */
typedef int (*pith_fetch_next_fn)(void *ctx, const char **url, uint64_t *id,
                                  int *wait_fd);
/* Called once per URL, in the order they finish, from the thread that
 * called pith_fetch(). */
typedef void (*pith_fetch_done_fn)(void *ctx, const pith_fetch_page *page);
/* Called about five times a second while work is under way. */
typedef void (*pith_fetch_tick_fn)(void *ctx);

/* Fetches every URL next() gives and reports each to done() (tick may be
 * NULL). Returns PITH_OK, PITH_ERR_ARGUMENT (a NULL callback or an invalid
 * config), or PITH_ERR_NOMEM / PITH_ERR_INTERNAL after a failure that
 * stopped the run (libcurl not usable, out of memory), with a message in
 * `message` (message_size bytes, may be NULL); the URLs taken before then
 * were still each reported once. */
PITH_API pith_status pith_fetch(const pith_fetch_config *config,
                                pith_fetch_next_fn next,
                                pith_fetch_done_fn done,
                                pith_fetch_tick_fn tick, void *ctx,
                                char *message, size_t message_size);

/* ---- Discovering URLs: sitemaps and feeds ---------------------------------
 * Turns a site's sitemaps and feeds into the list of URLs to fetch:
 *
 *   pith_source src[] = {{PITH_SOURCE_SITEMAP, "https://example.org/s.xml"}};
 *   pith_discovery *d;
 *   pith_discover(&fetch_config, &discover_config, src, 1, &d, msg, size);
 *   for (size_t i = 0; i < pith_discovery_url_count(d); i++)
 *     use(pith_discovery_url(d, i));
 *   for (size_t i = 0; i < pith_discovery_error_count(d); i++)
 *     report(pith_discovery_error_url(d, i), ...);
 *   pith_discovery_free(d);
 *
 * The documents are fetched with pith_fetch() and the same config (robots.txt
 * obeyed unless ignored), in rounds: the sources, then the sitemaps an index
 * or robots.txt names, and so on, at most PITH_DISCOVER_MAX_ROUNDS deep.
 * Sitemaps and feeds are hostile input like pages: they are read with
 * libxml2's streaming reader without network access, DTD loading or entity
 * substitution; a document that declares entities is refused whole (a
 * sitemap or feed has no use for them, and "billion laughs" documents
 * consist of them); a document is capped at max_document_bytes both as
 * fetched and after gunzip. */

/* The sitemaps.org protocol's limits for one sitemap file: 50,000 URLs and
 * 50 MiB (52,428,800 bytes) uncompressed. */
#define PITH_SITEMAP_MAX_URLS ((size_t)50000)
#define PITH_SITEMAP_MAX_BYTES ((size_t)50 * 1024 * 1024)
/* Sitemap indexes may not nest by the protocol; some sites nest them all
 * the same, so a few levels are followed: sources, then up to three more
 * rounds of the documents they name. */
#define PITH_DISCOVER_MAX_ROUNDS 4

typedef enum pith_source_kind {
  PITH_SOURCE_SITEMAP = 0, /* a sitemap (XML <urlset>, or a text file of one
                              URL a line) or a sitemap index, either
                              gzip-compressed or not */
  PITH_SOURCE_ROBOTS = 1,  /* a site (any URL of it): the sitemaps its
                              robots.txt names on Sitemap: lines, else its
                              /sitemap.xml */
  PITH_SOURCE_FEED = 2,    /* an RSS 2.0, RSS 1.0 or Atom feed, or an HTML
                              page whose <link rel=alternate> names one */
} pith_source_kind;

typedef struct pith_source {
  pith_source_kind kind;
  const char *url;
} pith_source;

typedef struct pith_discover_config {
  int same_host;             /* 1: keep only URLs on the host of the source
                                they were found from */
  const char *url_filter;    /* a POSIX extended regular expression that a
                                (normalised) URL must match; NULL: all */
  size_t max_urls;           /* URLs kept at most, the first in the order
                                the documents list them; 0: no limit */
  size_t max_document_urls;  /* URLs read from one document; 0:
                                PITH_SITEMAP_MAX_URLS */
  size_t max_document_bytes; /* bytes of one document, fetched and after
                                gunzip; 0: PITH_SITEMAP_MAX_BYTES */
  size_t max_documents;      /* sitemaps and feeds fetched at most, all
                                rounds together; 0: 1000 */
} pith_discover_config;

/* Defaults: every host, no filter, no limit of URLs, the protocol's
 * limits per document, 1000 documents. */
PITH_API void pith_discover_config_init(pith_discover_config *config);

typedef struct pith_discovery pith_discovery;

/* Fetches and reads the sources, and gives the URLs they list, normalised
 * (http and https only; scheme and host in lower case; no default port,
 * no fragment; dot segments resolved, by libcurl's URL API), each once,
 * filtered by config, in the order the documents list them (a sitemap
 * index's sitemaps in their order). A source or a document it names that
 * cannot be fetched or read is an error of the discovery, never of the
 * call: a status (PITH_ERR_PARSE for a document that is not a sitemap or
 * feed, is not XML or declares entities; PITH_ERR_TOO_LARGE,
 * PITH_ERR_DECOMPRESS, PITH_ERR_LIMIT for more URLs than a document may
 * hold, of which the first are kept; the fetch's own errors), and a
 * message that names the document. Returns PITH_OK with *discovery set
 * (free it with pith_discovery_free()), or PITH_ERR_ARGUMENT (a NULL
 * pointer, an invalid config or regular expression), PITH_ERR_NOMEM or
 * the status of a pith_fetch() that failed, with a message. */
PITH_API pith_status pith_discover(const pith_fetch_config *fetch_config,
                                   const pith_discover_config *config,
                                   const pith_source *sources, size_t count,
                                   pith_discovery **discovery, char *message,
                                   size_t message_size);

/* The URLs found, and for each the document that listed it. Out-of-range
 * indexes give NULL. */
PITH_API size_t pith_discovery_url_count(const pith_discovery *discovery);
PITH_API const char *pith_discovery_url(const pith_discovery *discovery,
                                        size_t index);
PITH_API const char *
pith_discovery_url_document(const pith_discovery *discovery, size_t index);

/* URLs left out: found again (duplicates), off the source's host, not
 * matching the filter, past max_urls, or not http(s) URLs. */
PITH_API size_t pith_discovery_dropped(const pith_discovery *discovery);

/* The documents that failed: the document's URL, the status and a message
 * naming it. Out-of-range indexes give NULL (PITH_ERR_ARGUMENT). */
PITH_API size_t pith_discovery_error_count(const pith_discovery *discovery);
PITH_API const char *pith_discovery_error_url(const pith_discovery *discovery,
                                              size_t index);
PITH_API pith_status pith_discovery_error_status(
    const pith_discovery *discovery, size_t index);
PITH_API const char *
pith_discovery_error_message(const pith_discovery *discovery, size_t index);

/* Releases the discovery and every string read from it. NULL is allowed. */
PITH_API void pith_discovery_free(pith_discovery *discovery);

#ifdef __cplusplus
}
#endif

#endif /* PITH_H */
