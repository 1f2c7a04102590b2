/* The WARC reader's inside (the API is in pith.h): why the last call
 * failed, in more detail than its pith_status, for the unit tests and the
 * fuzz target. */
#ifndef PITH_WARC_H
#define PITH_WARC_H

#include "pith.h"

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

typedef pith_warc_reader warc_reader;
typedef pith_warc_record warc_record;

/* What the last pith_warc_next() or pith_warc_read_payload() met. */
warc_status pith_warc_problem(const pith_warc_reader *r);

#endif
