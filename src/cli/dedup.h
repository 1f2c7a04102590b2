/* pith batch --deduplicate: which earlier document a document's text is a
 * near duplicate of (fingerprints at most PITH_NEAR_DUPLICATE_DISTANCE bits
 * apart). Not thread-safe: one caller, in output order. */
#ifndef PITH_CLI_DEDUP_H
#define PITH_CLI_DEDUP_H

#include "pith.h"

typedef struct cli_dedup cli_dedup;

cli_dedup *cli_dedup_new(void);
void cli_dedup_free(cli_dedup *d);

/* Sets *duplicate_of to the name of the first document checked before this
 * one whose fingerprint is near (owned by the index; NULL when none), then
 * files this one under `name`. A fingerprint that is not 16 hex digits (a
 * document without text) is neither matched nor filed. Returns 0, or -1
 * when out of memory (*duplicate_of is still set). */
int cli_dedup_check(cli_dedup *d, const char *fingerprint, const char *name,
                    const char **duplicate_of);

#endif
