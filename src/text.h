/* Text helpers every stage shares: white space, UTF-8, case-insensitive
 * matching, words and the ends of sentences. One definition each, so that
 * selection, debris rules, metadata and the confidence agree on what a
 * sentence or a word is. */
#ifndef PITH_TEXT_H
#define PITH_TEXT_H

#include <stddef.h>

/* A length that lets a helper read its string up to the NUL. */
#define PITH_UNTIL_NUL ((size_t)-1)

/* ASCII classes, independent of the C locale. */
static inline int pith_is_digit(int c) {
  return c >= '0' && c <= '9';
}
static inline int pith_is_alpha(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static inline int pith_is_space(int c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

/* Collapses runs of white space (ASCII and U+00A0 and other Unicode spaces)
 * to one space and trims both ends. Returns a new string; caller frees. */
char *pith_text_normalize_space(const char *s, size_t n);
/* Unicode normalisation form C of a UTF-8 string (the composed form:
 * "e" and a combining acute become one "é"; a few letters of Indic
 * scripts decompose), so that the same word is always the same bytes for
 * a search or a comparison, as trafilatura gives it. Returns 0 when s is
 * already in NFC (the usual case, checked without copying), 1 with the
 * normalised string in *out (NUL-terminated; caller frees) and its
 * length in *out_len, -1 when out of memory. */
int pith_text_nfc(const char *s, size_t n, char **out, size_t *out_len);
/* Number of Unicode code points in a UTF-8 string. */
size_t pith_utf8_length(const char *s, size_t n);
/* Whether a UTF-8 byte string is valid UTF-8. */
int pith_utf8_valid(const char *s, size_t n);
/* Cuts a UTF-8 string to at most `cap` bytes on a character boundary and
 * drops a trailing space left by the cut. */
void pith_text_truncate_utf8(char *s, size_t cap);

/* Case-insensitive ASCII substring search. */
const char *pith_ascii_strcasestr(const char *hay, const char *needle);
/* The index of the first of `count` phrases (lower case) that occurs in
 * the first n bytes of s, ignoring ASCII case, or -1. For the phrase lists
 * that are looked for anywhere in a line: the pairs of bytes of the line
 * are noted once, so that most phrases are ruled out without a search. */
long pith_text_find_any(const char *s, size_t n, const char *const *phrases,
                        size_t count);
/* Whether the first n bytes of s (or fewer, up to a NUL) start with
 * `prefix` (given in lower case), ignoring the case of ASCII, Latin-1 (À-Þ)
 * and Cyrillic letters. n = PITH_UNTIL_NUL reads s up to its NUL. */
int pith_text_has_prefix_ci(const char *s, size_t n, const char *prefix);

/* A phrase list indexed by the first byte of its phrases, for the lists
 * every line is tried against at its start: has_prefix_ci folds ASCII to
 * ASCII and other letters to other letters, so only the phrases whose first
 * byte is the line's (lower-cased, when ASCII) or, for a line that opens
 * with a non-ASCII byte, the phrases that do too, can match. Declare one
 * per list with PITH_PREFIX_LIST; it is built on first use (thread-safe,
 * no allocation). A list with an empty phrase or of over 65 535 phrases is
 * tried whole. */
#define PITH_PREFIX_GROUPS 129 /* ASCII bytes 0-127, then all others */
typedef struct pith_prefix_list {
  const char *const *phrases;
  size_t count;
  unsigned short *order; /* phrase indices by group, list order kept */
  int state;             /* atomic: 0 not built, 1 built, -1 unusable */
  unsigned short start[PITH_PREFIX_GROUPS + 1];
} pith_prefix_list;

#define PITH_PREFIX_LIST(name, array)                                          \
  static unsigned short name##_order[sizeof array / sizeof *array];            \
  static pith_prefix_list name = {                                             \
      array, sizeof array / sizeof *array, name##_order, 0, {0}}

/* The index of the first phrase at or after `from` in the list that the
 * first n bytes of s start with, as pith_text_has_prefix_ci judges it;
 * list->count when none does. */
size_t pith_prefix_list_next(pith_prefix_list *list, const char *s, size_t n,
                             size_t from);

/* Whether s starts with a capital letter: ASCII, Latin-1 (À-Þ) or
 * Cyrillic. */
int pith_text_starts_upper(const char *s);

/* Whether s starts with an amount: an ASCII digit or a vulgar fraction
 * ("½", "⅓": U+00BC-00BE, U+2150-215E). */
int pith_text_starts_amount(const char *s);

/* Words: runs of characters between ASCII white space, in the first n
 * bytes of s (or up to its NUL). */
size_t pith_text_count_words(const char *s, size_t n);

/* Whether the text ends like a sentence: a full stop, '!' or '?' (also the
 * CJK 。！？), optionally followed by a closing quote or bracket (" ' ) ” ’),
 * trailing white space ignored. */
int pith_text_ends_sentence(const char *s, size_t n);
/* Whether it ends a sentence or opens what follows (':' or ';'): the end
 * of a line that reads as prose rather than a label or a headline. */
int pith_text_ends_clause(const char *s, size_t n);
/* Whether a sentence stops inside the text (". " or 。) or at its end. */
int pith_text_has_sentence_stop(const char *s);

#endif /* PITH_TEXT_H */
