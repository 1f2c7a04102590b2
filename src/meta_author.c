/* Author names: labels, roles and organisations that sites put where a
 * name belongs, "By" prefixes and trailing datelines, splitting lists of
 * names and cleaning each. */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "meta.h"

void pith_meta_names_free(name_list *l) {
  for (size_t i = 0; i < l->n; i++)
    free(l->v[i]);
  l->n = 0;
}

/* Labels that sites put where a name belongs (trafilatura rejects single
 * words; pith only rejects these, so one-word pen names survive). */
static const char *const generic_authors[] = {
    "admin",
    "administrator",
    "staff",
    "editor",
    "editors",
    "editorial",
    "redaktion",
    "redacción",
    "redaccion",
    "rédaction",
    "redazione",
    "newsroom",
    "team",
    "webmaster",
    "guest",
    "anonymous",
    "unknown",
    "user",
    "author",
    "autor",
    "auteur",
    "staff writer",
    "the editors",
    "editorial staff",
    "editorial team",
    "news desk",
    "web desk",
    "contributor",
    "reporter",
    "root",
    "null",
    "none",
    "by",
    "posted",
    "published",
    "updated",
    "publiziert",
    "veröffentlicht",
    "aktualisiert",
    "geschrieben",
    "erstellt",
    "guest author",
    "phd",
    "md",
    "dr",
    "jr",
    "sr",
    "more",
};

/* The last word of a job title, not of a name: "AP Auto Writer". */
static const char *const role_words[] = {
    "writer",      "correspondent", "editor",     "reporter",     "columnist",
    "contributor", "producer",      "journalist", "photographer",
};

/* First words of a label standing where the name should be ("Published
 * on", "Publiziert am"), and of credits that are not the author's. */
static const char *const label_words[] = {
    "published",      "posted",       "updated",     "publiziert",
    "veröffentlicht", "aktualisiert", "geschrieben", "erstellt",
    "foto",           "fotos",        "photo",       "photos",
    "bild",           "bilder",       "image",       "images",
    "video",          "illustration", "credit",      "quelle",
    "source",         "fuente",
};

/* Words a byline puts after the name once its date is cut: "John Smith on
 * Tuesday, November". */
static const char *const trailing_words[] = {
    "on",
    "at",
    "am",
    "le",
    "el",
    "il",
    "updated",
    "published",
    "posted",
    "aktualisiert",
    "veröffentlicht",
    "publiziert",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "den",
    "der",
    "vom",
    "de",
    "du",
};

/* Prefixes before the name; `weak` ones are also words inside names ("Di
 * Maria", "Von Trier"), so they are only removed in lower case, before a
 * colon or before at least two more words. */
static const struct {
  const char *word;
  int weak;
} author_prefixes[] = {
    {"written by", 0},  {"posted by", 0}, {"published by", 0},
    {"reported by", 0}, {"story by", 0},  {"words by", 0},
    {"text by", 0},     {"by", 0},        {"par", 0},
    {"por", 0},         {"autor", 0},     {"autorin", 0},
    {"author", 0},      {"authors", 0},   {"auteur", 0},
    {"von", 1},         {"vom", 1},       {"di", 1},
    {"door", 1},        {"av", 1},        {"af", 1},
};

/* Strips a leading "By", "Von", "Author:", "Text:"... from [*b, e). */
static void strip_author_prefix(const char *s, size_t *b, size_t e) {
  for (int round = 0; round < 3; round++) {
    while (*b < e && (s[*b] == ' ' || s[*b] == ':' || s[*b] == '-'))
      (*b)++;
    int stripped = 0;
    for (size_t k = 0; k < sizeof author_prefixes / sizeof *author_prefixes;
         k++) {
      const char *w = author_prefixes[k].word;
      size_t wn = strlen(w);
      if (*b + wn >= e || strncasecmp(s + *b, w, wn) != 0)
        continue;
      char after = s[*b + wn];
      if (after != ' ' && after != ':')
        continue;
      size_t rest = *b + wn;
      while (rest < e && (s[rest] == ' ' || s[rest] == ':'))
        rest++;
      if (author_prefixes[k].weak && after != ':' && s[*b] != w[0] &&
          pith_text_count_words(s + rest, e - rest) < 2)
        continue;
      *b = rest;
      stripped = 1;
      break;
    }
    if (!stripped) {
      /* One word and a colon: "Author:", "Text:", "Interview:", "Автор:". */
      size_t k = *b;
      while (k < e && k - *b < 24 && s[k] != ' ' && s[k] != ':')
        k++;
      if (k > *b && k + 1 < e && s[k] == ':' && s[k + 1] == ' ') {
        *b = k + 1;
        stripped = 1;
      }
    }
    if (!stripped)
      break;
  }
}

static int in_list_ci(const char *s, const char *const *list, size_t n) {
  for (size_t k = 0; k < n; k++)
    if (strcasecmp(s, list[k]) == 0)
      return 1;
  return 0;
}

/* A single token that reads as a domain: "example.com". */
int pith_meta_looks_like_domain(const char *s) {
  if (strchr(s, ' '))
    return 0;
  const char *dot = strrchr(s, '.');
  if (!dot || dot == s)
    return 0;
  size_t letters = 0;
  for (const char *p = dot + 1; *p; p++) {
    if (!pith_is_alpha((unsigned char)*p))
      return 0;
    letters++;
  }
  return letters >= 2;
}

static void title_case_if_shouting(char *s) {
  size_t upper = 0;
  for (char *p = s; *p; p++) {
    if (*p >= 'a' && *p <= 'z')
      return;
    if (*p >= 'A' && *p <= 'Z')
      upper++;
  }
  if (upper < 4)
    return;
  int start = 1;
  for (char *p = s; *p; p++) {
    if (pith_is_alpha((unsigned char)*p)) {
      if (!start)
        *p = (char)tolower((unsigned char)*p);
      start = 0;
    } else {
      start = *p == ' ' || *p == '-' || *p == '\'';
    }
  }
}

static int is_url_word(const char *w, size_t n) {
  return memchr(w, '@', n) || (n >= 4 && strncasecmp(w, "http", 4) == 0) ||
         (n >= 4 && strncasecmp(w, "www.", 4) == 0) ||
         (memchr(w, '/', n) && memchr(w, '.', n));
}

/* Whether the first word of s (up to a space or colon) is one of list. */
static int first_word_in(const char *s, const char *const *list, size_t n) {
  char word[24];
  size_t wl = strcspn(s, " :");
  if (wl == 0 || wl >= sizeof word ||
      !pith_meta_fold_word(s, wl, word, sizeof word))
    return 0;
  return in_list_ci(word, list, n);
}

/* Lower-case words of a name other than particles ("de", "van"): a name has
 * at most one (a user name); a sentence has more. */
static size_t lowercase_words(const char *s) {
  static const char *const particles[] = {
      "de",  "da",  "das", "do",  "dos", "del", "della", "di", "du",
      "der", "den", "van", "von", "la",  "le",  "y",     "e",  "bin",
      "ibn", "al",  "el",  "zu",  "ter", "te",  "af",    "av", "dei"};
  size_t count = 0;
  const char *p = s;
  while (*p) {
    while (*p == ' ')
      p++;
    const char *b = p;
    while (*p && *p != ' ')
      p++;
    size_t n = (size_t)(p - b);
    if (n && *b >= 'a' && *b <= 'z') {
      int particle = 0;
      for (size_t k = 0; k < sizeof particles / sizeof *particles; k++)
        if (strlen(particles[k]) == n && strncmp(b, particles[k], n) == 0)
          particle = 1;
      count += !particle;
    }
  }
  return count;
}

/* Cleans one name (already entity-decoded and space-normalised) and adds it
 * unless it is empty, a label, a duplicate or not a name at all. */
static void names_add_one(name_list *l, const char *s, size_t n, int dated) {
  if (l->n >= MAX_NAMES || n == 0 || n > 400)
    return;
  char buf[512];
  size_t o = 0;
  /* Drop @handles, e-mail addresses and URLs, word by word. */
  size_t i = 0;
  while (i < n) {
    while (i < n && s[i] == ' ')
      i++;
    size_t b = i;
    while (i < n && s[i] != ' ')
      i++;
    if (i == b)
      break;
    if (is_url_word(s + b, i - b))
      continue;
    if (o)
      buf[o++] = ' ';
    memcpy(buf + o, s + b, i - b);
    o += i - b;
  }
  buf[o] = '\0';
  size_t b = 0, e = o;
  strip_author_prefix(buf, &b, e);
  /* A byline's tail: the date, "(Reuters)", " - Staff Writer", " at AP". */
  for (size_t k = b; k < e; k++) {
    if (pith_is_digit((unsigned char)buf[k]) || buf[k] == '(' ||
        buf[k] == '[') {
      dated |= pith_is_digit((unsigned char)buf[k]);
      e = k;
      break;
    }
    if (k > b && buf[k] == ' ' && k + 2 < e &&
        ((buf[k + 1] == '-' && buf[k + 2] == ' ') ||
         strncmp(buf + k + 1, "– ", 4) == 0 ||
         strncmp(buf + k + 1, "— ", 4) == 0 ||
         strncasecmp(buf + k + 1, "at ", 3) == 0 ||
         strncasecmp(buf + k + 1, "for ", 4) == 0)) {
      e = k;
      break;
    }
  }
  for (int round = 0; dated && round < 6; round++) {
    while (e > b && strchr(" ,;:|-.", buf[e - 1]))
      e--;
    size_t ws = e;
    while (ws > b && buf[ws - 1] != ' ')
      ws--;
    if (ws == b)
      break;
    char word[24];
    if (e - ws >= sizeof word ||
        !pith_meta_fold_word(buf + ws, e - ws, word, sizeof word))
      break;
    if (!pith_meta_month_of_word(word, strlen(word)) &&
        !in_list_ci(word, trailing_words,
                    sizeof trailing_words / sizeof *trailing_words))
      break;
    e = ws;
  }
  while (b < e && strchr(" ,;:|-\"'", buf[b]))
    b++;
  while (e > b && strchr(" ,;:|-\"'", buf[e - 1]))
    e--;
  if (e <= b)
    return;
  buf[e] = '\0';
  const char *name = buf + b;
  size_t len = e - b;
  size_t chars = pith_utf8_length(name, len);
  if (chars < 2 || chars > 80 || pith_text_count_words(name, len) > 7)
    return;
  int letters = 0;
  for (size_t k = 0; k < len; k++)
    if (pith_is_alpha((unsigned char)name[k]) || (unsigned char)name[k] >= 0x80)
      letters++;
  const char *last = strrchr(name, ' ');
  last = last ? last + 1 : name;
  if (letters < 2 || lowercase_words(name) >= 2 || strchr(name, ')') ||
      first_word_in(name, label_words,
                    sizeof label_words / sizeof *label_words) ||
      in_list_ci(name, generic_authors,
                 sizeof generic_authors / sizeof *generic_authors) ||
      (last != name &&
       in_list_ci(last, role_words, sizeof role_words / sizeof *role_words)) ||
      pith_meta_looks_like_domain(name))
    return;
  char *copy = pith_strndup(name, len);
  if (!copy)
    return;
  title_case_if_shouting(copy);
  for (size_t k = 0; k < l->n; k++) {
    if (strcasecmp(l->v[k], copy) == 0) {
      free(copy);
      return;
    }
  }
  l->v[l->n++] = copy;
}

/* Splits an author string ("By A, B and C") into names. Without NAMES_SPLIT
 * only ';' separates, for "Last, First" forms (citation_author). */
void pith_meta_names_add(name_list *l, const char *raw, int flags) {
  int split_commas = flags & NAMES_SPLIT, dated = 0;
  char *s = pith_meta_finish_text(raw, MAX_LONG);
  if (!s)
    return;
  size_t n = strlen(s), b = 0;
  if ((is_url_word(s, n) && !strchr(s, ' ')) ||
      first_word_in(s, label_words, sizeof label_words / sizeof *label_words)) {
    free(s);
    return;
  }
  if (flags & NAMES_BYLINE) {
    /* "By A and B, November 19, 2019": the date and what follows go. */
    for (size_t i = 0; i < n; i++) {
      if (pith_is_digit((unsigned char)s[i])) {
        s[i] = '\0';
        n = i;
        dated = 1;
        break;
      }
    }
  }
  strip_author_prefix(s, &b, n);
  size_t start = b;
  for (size_t i = b; i <= n; i++) {
    size_t sep = 0;
    if (i == n || s[i] == ';')
      sep = 1;
    else if (!split_commas)
      sep = 0;
    else if (s[i] == ',' || s[i] == '|' || s[i] == '&')
      sep = 1;
    else if (strncmp(s + i, "•", 3) == 0)
      sep = 3;
    else if (strncmp(s + i, "·", 2) == 0)
      sep = 2;
    else if (s[i] == ' ') {
      static const char *const joins[] = {" and ", " und ", " et ",
                                          " y ",   " e ",   " / "};
      for (size_t k = 0; k < sizeof joins / sizeof *joins; k++) {
        size_t jl = strlen(joins[k]);
        if (strncasecmp(s + i, joins[k], jl) == 0) {
          sep = jl;
          break;
        }
      }
    }
    if (!sep)
      continue;
    if (i > start)
      names_add_one(l, s + start, i - start, dated);
    start = i + sep;
    i = start - 1;
  }
  free(s);
}

char *pith_meta_names_join(const name_list *l) {
  if (!l->n)
    return NULL;
  pith_buf b;
  pith_buf_init(&b, 0);
  for (size_t i = 0; i < l->n; i++) {
    if (i)
      pith_buf_puts(&b, "; ");
    pith_buf_puts(&b, l->v[i]);
  }
  return pith_buf_detach(&b);
}
