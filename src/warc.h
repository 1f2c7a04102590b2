/* A streaming WARC reader: one record at a time, in constant memory,
 * from a plain .warc, a .warc.gz with one gzip member per record (Common
 * Crawl's layout) or a .warc.gz compressed as one stream. WARC/1.0 and 1.1.
 *
 *   warc_reader *r = pith_warc_reader_new_file(f);
 *   warc_record rec;
 *   while (pith_warc_next(r, &rec) == WARC_OK) {
 *     char *body; size_t len; int cut;
 *     if (want(&rec)) pith_warc_read_payload(r, limit, &body, &len, &cut);
 *   }
 *   if (warc_status_of(r) != WARC_END) report(pith_warc_error(r));
 *
 * The reader owns the record's strings until the next pith_warc_next() or
 * pith_warc_reader_free(). A damaged record (Content-Length that lies,
 * truncated end, garbage) ends with an error that says where it is; every
 * record before it has been delivered. After an error, pith_warc_next() looks
 * for the next record (the next gzip member, or the next "WARC/1." line) and
 * goes on when it finds one. */
#ifndef PITH_WARC_H
#define PITH_WARC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum warc_status {
  WARC_OK = 0,
  WARC_END,           /* no more records */
  WARC_ERR_FORMAT,    /* not a WARC header, or a bad one */
  WARC_ERR_LENGTH,    /* the Content-Length does not match the record */
  WARC_ERR_TRUNCATED, /* the file ends inside a record */
  WARC_ERR_GZIP,      /* the gzip data is damaged */
  WARC_ERR_IO,        /* reading failed */
  WARC_ERR_NOMEM,
} warc_status;

/* Reads up to len bytes into buf; returns the count, 0 at the end, or -1 on
 * an error. */
typedef long (*warc_read_fn)(void *ctx, void *buf, size_t len);

typedef struct warc_reader warc_reader;

/* The longest header block accepted (all header lines of one record). */
#define WARC_MAX_HEADER_BYTES ((size_t)256 * 1024)

typedef struct warc_record {
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
} warc_record;

/* A reader over a read callback, or over a FILE (not closed by the
 * reader). NULL when out of memory. */
warc_reader *pith_warc_reader_new(warc_read_fn read, void *ctx);
warc_reader *pith_warc_reader_new_file(FILE *f);
void pith_warc_reader_free(warc_reader *r);

/* Reads the next record's header, skipping what is left of the previous
 * record. WARC_OK, WARC_END, or an error (see pith_warc_error()). */
warc_status pith_warc_next(warc_reader *r, warc_record *rec);

/* Reads the current record's payload: at most `max` bytes are kept (the
 * rest is read and dropped, *cut set to 1). *data is NUL-terminated, the
 * caller frees it. Once per record. Returns WARC_OK or an error; on an
 * error *data is NULL and the record must be reported as damaged. */
warc_status pith_warc_read_payload(warc_reader *r, size_t max, char **data,
                                   size_t *len, int *cut);

/* The last error: a message naming the offset, and that offset (of the
 * damaged record, or of the bad bytes when no record had started). */
const char *pith_warc_error(const warc_reader *r);
uint64_t pith_warc_error_offset(const warc_reader *r);

/* Bytes of the underlying file read so far (compressed bytes for gzip). */
uint64_t pith_warc_bytes_read(const warc_reader *r);

/* Whether the input is gzip-compressed; valid after the first pith_warc_next.
 */
int pith_warc_is_gzip(const warc_reader *r);

#endif
