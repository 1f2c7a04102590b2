/* The record streams of pith batch and pith fetch: where they go (standard
 * output or -o FILE), resuming a file an earlier run left, and the pieces
 * of a record both commands write alike. */
#ifndef PITH_CLI_RECORDS_H
#define PITH_CLI_RECORDS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <json-c/json.h>

/* ---- the output ------------------------------------------------------------
 */

typedef struct cli_output {
  FILE *f;
  const char *name; /* the file, or "standard output" */
  int error;        /* errno of the first failed write; 0 */
  int is_file;
  dev_t dev; /* the file's identity, so a folder walk can skip it */
  ino_t ino;
} cli_output;

/* Opens -o FILE (appending when resuming), or standard output when path is
 * NULL. Returns 0, or EXIT_OUTPUT after saying why. */
int cli_output_open(cli_output *out, const char *path, int append);
/* Writes; a failure is kept in out->error and later writes are dropped. */
void cli_output_write(cli_output *out, const char *data, size_t len);
/* Flushes now and then (records reach a reader while the run goes on). */
void cli_output_flush(cli_output *out);
/* Flushes and closes a file. Returns 0, or EXIT_OUTPUT after saying why
 * when any write failed. */
int cli_output_close(cli_output *out);

/* ---- resuming ------------------------------------------------------------ */

/* A set of 64-bit keys: the records already written. */
typedef struct cli_key_set {
  uint64_t *slots; /* 0 = empty */
  size_t cap, count;
} cli_key_set;

/* The key of a record: a text (file name, URL) and a number (offset,
 * line). Never 0. */
uint64_t cli_key(const char *text, uint64_t number);
int cli_keys_add(cli_key_set *set, uint64_t key); /* 0, or -1 no memory */
int cli_keys_has(const cli_key_set *set, uint64_t key);
void cli_keys_free(cli_key_set *set);

/* Reads the key of one record of an earlier run: 0 with *key set, or -1
 * when the line is not a record of this command. */
typedef int (*cli_record_key_fn)(json_object *record, uint64_t *key);

/* Reads the records in path (missing: none) into keys; a last line cut
 * short by a crash is cut off the file, to be redone. Returns 0, or an
 * exit code after saying why (a line that is no record of `command`
 * refuses the file). */
int cli_resume_load(const char *path, const char *command,
                    cli_record_key_fn key_of, cli_key_set *keys);

/* ---- record pieces
 * ------------------------------------------------------------ */

/* A JSON string of s with every invalid UTF-8 byte replaced by U+FFFD
 * (URLs, file names and messages come from the input as bytes). */
json_object *cli_json_string(const char *s);

/* A copy of a URL with its invalid UTF-8 bytes percent-encoded, as
 * browsers do; NULL when it needs no change (or memory ran out). */
char *cli_url_clean(const char *url);

/* The --format text record: a line "==> URL (WHERE) <==", then the text,
 * or "[error KIND: MESSAGE]", and a blank line. malloc'd; *len set. */
char *cli_text_record(const char *url, const char *where, const char *text,
                      const char *kind, const char *message, size_t *len);

/* The JSON line of a record object, with its newline. malloc'd. */
char *cli_json_line(json_object *record, size_t *len);

#endif
