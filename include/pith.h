/*
 * pith — the article in a web page: title, author, date and body, without the
 * menus, share bars, teasers, captions and credits around it.
 *
 * Ownership, once for the whole API: every pointer pith returns belongs to the
 * object it came from and lives until that object is freed. pith_extract()
 * hands the caller one pith_result; pith_result_free() releases it and every
 * string read from it. pith never keeps a pointer to the caller's input after
 * a call returns.
 *
 * Threads: there is no global mutable state; any number of threads may call
 * pith_extract() at once. A single pith_result may be read from several
 * threads but freed only once.
 */
#ifndef PITH_H
#define PITH_H

#include <stddef.h>

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

/* Status codes. Stable: never renumbered, new codes only appended. */
typedef enum pith_status {
  PITH_OK = 0,            /* an article was found */
  PITH_NO_ARTICLE = 1,    /* the page was read, but holds no article (home
                             page, link list, error page); metadata is set */
  PITH_ERR_ARGUMENT = 2,  /* a NULL pointer or an invalid option */
  PITH_ERR_NOMEM = 3,     /* an allocation failed */
  PITH_ERR_EMPTY = 4,     /* the input holds no bytes, or only white space */
  PITH_ERR_NOT_HTML = 5,  /* the input is binary (image, PDF, archive...) */
  PITH_ERR_TOO_LARGE = 6, /* the input is over options.max_input_bytes */
  PITH_ERR_PARSE = 7,     /* the HTML parser gave up on the input */
  PITH_ERR_ENCODING = 8,  /* the input could not be turned into UTF-8 */
  PITH_ERR_LIMIT = 9,     /* a document limit (nodes, depth, output, time)
                             was hit */
  PITH_ERR_IO = 10,       /* a file could not be read (CLI and helpers) */
  /* 11-26: the WARC reader, the HTTP decoder and the fetcher */
  PITH_ERR_LANGUAGE = 27, /* the document is not in options.target_language */
} pith_status;

/* A short English description of a status code; never NULL. */
PITH_API const char *pith_strerror(pith_status status);

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

#ifdef __cplusplus
}
#endif

#endif /* PITH_H */
