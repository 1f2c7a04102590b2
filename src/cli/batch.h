/* pith batch: what the input side (batch_input.c: folders, WARC, JSON
 * Lines, standard input) hands to the run (batch_cmd.c: workers, ordered
 * output, resume, progress), which turns each document into its record
 * (batch_record.c). */
#ifndef PITH_BATCH_H
#define PITH_BATCH_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "pith.h"

typedef enum batch_doc_kind {
  DOC_HTML,  /* data is the page */
  DOC_HTTP,  /* data is an HTTP response message (WARC response record) */
  DOC_JSONL, /* data is one JSON Lines object {"url":..., "html":...} */
  DOC_ERROR, /* no data: err_status and err_msg say what went wrong */
} batch_doc_kind;

/* One document: one output record. Every string is owned by the doc. */
typedef struct batch_doc {
  batch_doc_kind kind;
  char *file;         /* the input file as named ("-" for standard input) */
  uint64_t offset;    /* of the WARC record or JSON line; 0 for a page file */
  char *url;          /* WARC-Target-URI, the page file's path, or NULL */
  char *content_type; /* for DOC_HTML from a WARC resource record */
  char *data;
  size_t len;
  int cut; /* data stopped at the size cap */
  pith_status err_status;
  char *err_msg;
} batch_doc;

void batch_doc_free(batch_doc *doc);

/* Where the input side sends documents. */
typedef struct batch_sink {
  /* 1 when (file, offset) is already in the output being resumed. */
  int (*done)(void *ctx, const char *file, uint64_t offset);
  /* Takes the doc (even on failure); -1 asks the input side to stop. */
  int (*submit)(void *ctx, batch_doc *doc);
  /* Input bytes read so far in the current file. */
  void (*progress)(void *ctx, uint64_t file_bytes);
  /* A new input file is opened. */
  void (*file_begin)(void *ctx);
  void *ctx;
  size_t max_bytes; /* the most of one document kept in memory */
  int has_output;   /* skip the output file when walking folders */
  dev_t output_dev;
  ino_t output_ino;
  uint64_t skipped_files; /* files a folder walk passed over: neither pages
                             nor WARC archives, or hidden */
} batch_sink;

/* Reads one PATH of the command line (file, folder, "-"), submitting one
 * doc per document. Returns 0; 1 when the path or a file in it could not
 * be read (an error record was submitted); -1 when the sink asked to stop. */
int batch_input(const char *path, batch_sink *sink);

/* Counts the files batch_input would read under path and their bytes. */
void batch_count(const char *path, const batch_sink *sink, uint64_t *files,
                 uint64_t *bytes);

/* A document's record, rendered. */
typedef struct batch_record {
  char *out; /* malloc'd; NULL when memory ran out */
  size_t out_len;
  pith_status outcome; /* PITH_OK, PITH_NO_ARTICLE or the error */
} batch_record;

/* Where a run counts its pages for a site profile: pages are added under
 * the lock; with count_only no record is rendered (record->out is ""). */
typedef struct batch_collect {
  pith_site_profile *profile;
  pthread_mutex_t *lock;
  int count_only;
} batch_collect;

/* Extracts a document and renders its record: JSON Lines, or the text
 * format when `text` is set; with collect (may be NULL) the page's lines
 * are counted into the profile too. May clean doc->url (invalid UTF-8).
 * Any thread may call it. */
void batch_record_make(batch_doc *doc, const pith_options *options, int text,
                       const batch_collect *collect, batch_record *record);

#endif
