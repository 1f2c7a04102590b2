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

#include "meta_stage.h"

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
    "mehr",
    "authors",
    "autoren",
    "auteurs",
    "autores",
};

/* The last word of a job title, not of a name: "AP Auto Writer". */
static const char *const role_words[] = {
    "writer",      "correspondent", "editor",     "reporter",     "columnist",
    "contributor", "producer",      "journalist", "photographer",
};

/* First words of a label standing where the name should be ("Published
 * on", "Publiziert am"), and of credits that are not the author's. */
static const char *const label_words[] = {
    "published",
    "posted",
    "updated",
    "publiziert",
    "veröffentlicht",
    "aktualisiert",
    "geschrieben",
    "erstellt",
    "foto",
    "fotos",
    "photo",
    "photos",
    "bild",
    "bilder",
    "image",
    "images",
    "video",
    "illustration",
    "credit",
    "quelle",
    "source",
    "fuente",
    /* links where a name should be: "View Profile", "About Me", "E-mail" */
    "view",
    "about",
    "e-mail",
    "email",
};

/* Words a byline puts after the name once its date is cut: "John Smith
 * on Tuesday, November". */
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
    "den",
    "der",
    "vom",
    "de",
    "du",
};

/* Days of the week (en, de, fr), full and short, and the words of "5
 * hours ago" (de "vor", es "hace"): never a name. */
static const char *const weekdays[] = {
    "vor",      "hace",     "ago",        "monday",  "tuesday",  "wednesday",
    "thursday", "friday",   "saturday",   "sunday",  "mon",      "tue",
    "wed",      "thu",      "fri",        "sat",     "sun",      "montag",
    "dienstag", "mittwoch", "donnerstag", "freitag", "samstag",  "sonntag",
    "lundi",    "mardi",    "mercredi",   "jeudi",   "vendredi", "samedi",
    "dimanche",
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

/* A user name rather than a surname: one word with a dot, an underscore
 * or a digit ("Isabella.DiBiase", "jd_84"). */
static int handle_like(const char *s, size_t n) {
  for (size_t i = 0; i < n && s[i] != ' '; i++)
    if (s[i] == '.' || s[i] == '_' || pith_is_digit((unsigned char)s[i]))
      return 1;
  return 0;
}

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
          pith_text_count_words(s + rest, e - rest) < 2 &&
          !handle_like(s + rest, e - rest))
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

/* Words that say "by" before a name. Strong ones are no part of a name;
 * weak ones are ("Ursula von der Leyen", "Leonardo da Vinci"). */
static const char *const strong_by[] = {"by", "par", "por", "door", "przez"};
static const char *const weak_by[] = {"von", "vom", "di",  "da", "de",
                                      "av",  "af",  "van", "od"};

/* Labels that stand before such a word: "Beitrag von", "Post author By",
 * "Publicado por", "Scritto da". */
static const char *const by_labels[] = {
    "beitrag",  "artikel",    "article",    "post",         "posted",
    "written",  "author",     "autor",      "auteur",       "geschrieben",
    "verfasst", "erstellt",   "publié",     "publiée",      "écrit",
    "rédigé",   "publicado",  "publicada",  "escrito",      "escrita",
    "scritto",  "pubblicato", "geplaatst",  "geschreven",   "skrevet",
    "skriven",  "publicerad", "napisane",   "opublikowano", "text",
    "story",    "analysis",   "commentary", "interview",    "column",
    "review",   "report",     "reporting"};

static int word_in(const char *w, size_t n, const char *const *list,
                   size_t count) {
  char folded[32];
  if (n == 0 || n >= sizeof folded ||
      !pith_meta_fold_word(w, n, folded, sizeof folded))
    return 0;
  for (size_t k = 0; k < count; k++)
    if (strcmp(folded, list[k]) == 0)
      return 1;
  return 0;
}

#define IN(list) list, sizeof list / sizeof *list

/* Length of the "by" word that ends w (glued to a label: "Beitragvon"),
 * or 0. */
static size_t glued_by(const char *w, size_t n) {
  const char *const *lists[2] = {strong_by, weak_by};
  size_t counts[2] = {sizeof strong_by / sizeof *strong_by,
                      sizeof weak_by / sizeof *weak_by};
  for (int l = 0; l < 2; l++)
    for (size_t k = 0; k < counts[l]; k++) {
      size_t bn = strlen(lists[l][k]);
      if (n > bn && strncasecmp(w + n - bn, lists[l][k], bn) == 0 &&
          word_in(w, n - bn, IN(by_labels)))
        return bn;
    }
  return 0;
}

/* Strips a byline label that ends in a "by" word from [*b, e): "Analysis
 * by X", "Post author By X", "Publicado por X", and the same glued
 * together by markup ("<span>Beitrag</span><span>von X"). */
static void strip_by_label(const char *s, size_t *b, size_t e) {
  size_t tb[4], te[4], nt = 0;
  for (size_t i = *b; i < e && nt < 4;) {
    while (i < e && s[i] == ' ')
      i++;
    if (i >= e)
      break;
    tb[nt] = i;
    while (i < e && s[i] != ' ')
      i++;
    te[nt++] = i;
  }
  if (nt < 2)
    return;
  /* Up to two label words, then the "by" word (or a label with the "by"
   * word glued on), then the name. One word of any kind may stand before
   * a strong "by" ("Analysis by"). */
  int labels = 1; /* every word before token k is a label */
  for (size_t k = 0; k + 1 < nt && k <= 2; k++) {
    const char *w = s + tb[k];
    size_t wn = te[k] - tb[k];
    if ((labels && glued_by(w, wn)) ||
        (k >= 1 && word_in(w, wn, IN(strong_by)) && (labels || k == 1)) ||
        (k >= 1 && labels && word_in(w, wn, IN(weak_by)))) {
      *b = tb[k + 1];
      return;
    }
    labels = labels && word_in(w, wn, IN(by_labels));
  }
}

static int in_list_ci(const char *s, const char *const *list, size_t n) {
  for (size_t k = 0; k < n; k++)
    if (strcasecmp(s, list[k]) == 0)
      return 1;
  return 0;
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
    /* a-z, or à-ÿ in UTF-8 ("über") */
    int lower = (*b >= 'a' && *b <= 'z') ||
                ((unsigned char)b[0] == 0xC3 && (unsigned char)b[1] >= 0xA0 &&
                 (unsigned char)b[1] <= 0xBF);
    if (n && lower) {
      int particle = 0;
      for (size_t k = 0; k < sizeof particles / sizeof *particles; k++)
        if (strlen(particles[k]) == n && strncmp(b, particles[k], n) == 0)
          particle = 1;
      count += !particle;
    }
  }
  return count;
}

/* Drops what a byline puts between the name and its cut date: "John
 * Smith on Tuesday, November" -> "John Smith". The first word stays
 * unless it is a day of the week, or a month written right before the
 * number cut at *end (`at_number`: "Aug 9, 2012"; "Jan, 12 May" keeps
 * Jan). */
static void strip_date_tail(const char *buf, size_t b, size_t *end,
                            int at_number) {
  size_t e = *end;
  int touching = at_number; /* only spaces between this word and it */
  for (int round = 0; round < 6; round++) {
    while (e > b && strchr(" ,;:|-./", buf[e - 1])) {
      touching &= buf[e - 1] == ' ' || buf[e - 1] == '.'; /* "Jan. 7" */
      e--;
    }
    size_t ws = e;
    while (ws > b && buf[ws - 1] != ' ' && buf[ws - 1] != ',')
      ws--;
    char word[24];
    if (ws == e || e - ws >= sizeof word ||
        !pith_meta_fold_word(buf + ws, e - ws, word, sizeof word))
      break;
    int weekday =
        in_list_ci(word, weekdays, sizeof weekdays / sizeof *weekdays);
    int month = pith_meta_month_of_word(word, strlen(word)) != 0;
    int other = in_list_ci(word, trailing_words,
                           sizeof trailing_words / sizeof *trailing_words);
    if (!weekday && !month && !other)
      break;
    if (ws == b && !weekday && !(month && touching))
      break;
    e = ws;
    touching = 0;
  }
  *end = e;
}

/* Whether s[k] is a digit that starts a word: "r23" is a user name, "23
 * November" a date. */
static int starts_number(const char *s, size_t k, size_t b) {
  if (!pith_is_digit((unsigned char)s[k]))
    return 0;
  while (k > b && pith_is_digit((unsigned char)s[k - 1]))
    k--;
  return k == b || !(pith_is_alpha((unsigned char)s[k - 1]) ||
                     (unsigned char)s[k - 1] >= 0x80);
}

/* Whether w[0..n) has letters and none of them lower case. */
static int all_caps(const char *w, size_t n) {
  int letters = 0;
  for (size_t i = 0; i < n; i++) {
    if (w[i] >= 'a' && w[i] <= 'z')
      return 0;
    letters += w[i] >= 'A' && w[i] <= 'Z';
  }
  return letters > 0;
}

/* Wire bylines write the name in capitals, then the affiliation or the
 * place: "JOANN LOVIGLIO Associated Press PHILADELPHIA", "ERIC TUCKER
 * AP". Cuts [b, *e) after the capitals when the first two words are. */
static void cut_after_caps(const char *s, size_t b, size_t *e) {
  size_t i = b, words = 0, last_b = b, last_e = b;
  while (i < *e) {
    while (i < *e && s[i] == ' ')
      i++;
    size_t wb = i;
    while (i < *e && s[i] != ' ')
      i++;
    if (i == wb)
      break;
    if (!all_caps(s + wb, i - wb)) {
      if (words >= 2)
        *e = wb;
      break;
    }
    words++;
    last_b = wb;
    last_e = i;
  }
  /* An agency's initials after the name: "... TUCKER AP". */
  if (words >= 3 && *e >= last_e && last_e - last_b <= 3 &&
      last_e - last_b >= 2)
    *e = last_b;
}

/* Cleans one name (already entity-decoded and space-normalised) and adds it
 * unless it is empty, a label, a duplicate or not a name at all. Returns
 * -1 for words that read as a phrase, not a name ("Department of Primary
 * Industries", "Alles über Lautsprecher"), else 0. */
static int names_add_one(name_list *l, const char *s, size_t n, int dated) {
  if (l->n >= MAX_NAMES || n == 0 || n > 400)
    return 0;
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
  strip_by_label(buf, &b, e);
  cut_after_caps(buf, b, &e);
  /* A byline's tail: the date, "(Reuters)", " - Staff Writer", " at AP",
   * " RSS feed". */
  int cut_number = 0;
  for (size_t k = b; k < e; k++) {
    if (starts_number(buf, k, b) || buf[k] == '(' || buf[k] == '[') {
      cut_number = pith_is_digit((unsigned char)buf[k]);
      dated |= cut_number;
      e = k;
      break;
    }
    if (k > b && buf[k] == ' ' && k + 2 < e &&
        ((buf[k + 1] == '-' && buf[k + 2] == ' ') ||
         strncmp(buf + k + 1, "– ", 4) == 0 ||
         strncmp(buf + k + 1, "— ", 4) == 0 ||
         strncmp(buf + k + 1, "» ", 3) == 0 ||
         strncasecmp(buf + k + 1, "at ", 3) == 0 ||
         strncasecmp(buf + k + 1, "for ", 4) == 0 ||
         (strncasecmp(buf + k + 1, "rss", 3) == 0 &&
          (k + 4 == e || buf[k + 4] == ' ')))) {
      e = k;
      break;
    }
  }
  if (dated)
    strip_date_tail(buf, b, &e, cut_number);
  while (b < e && strchr(" ,;:|-/\"'", buf[b]))
    b++;
  while (e > b && strchr(" ,;:|-/\"'", buf[e - 1]))
    e--;
  if (e <= b)
    return 0;
  buf[e] = '\0';
  const char *name = buf + b;
  size_t len = e - b;
  size_t chars = pith_utf8_length(name, len);
  if (chars < 2 || chars > 80 || pith_text_count_words(name, len) > 7)
    return 0;
  int letters = 0, digits = 0;
  for (size_t k = 0; k < len; k++) {
    if (pith_is_alpha((unsigned char)name[k]) || (unsigned char)name[k] >= 0x80)
      letters++;
    digits += pith_is_digit((unsigned char)name[k]);
  }
  const char *last = strrchr(name, ' ');
  last = last ? last + 1 : name;
  /* "r23" is a user name; a sentence has lower-case words ("Alles über
   * Lautsprecher") where a name has at most a particle. */
  size_t words = pith_text_count_words(name, len);
  size_t lower = lowercase_words(name);
  if (lower >= 2 || (lower >= 1 && words >= 3))
    return -1;
  if (letters < 1 || letters + digits < 2 || strchr(name, ')') ||
      first_word_in(name, label_words,
                    sizeof label_words / sizeof *label_words) ||
      in_list_ci(name, generic_authors,
                 sizeof generic_authors / sizeof *generic_authors) ||
      (last != name && word_in(last, strcspn(last, "-"), IN(role_words))) ||
      pith_meta_looks_like_domain(name))
    return 0;
  char *copy = pith_strndup(name, len);
  if (!copy)
    return 0;
  title_case_if_shouting(copy);
  for (size_t k = 0; k < l->n; k++) {
    if (strcasecmp(l->v[k], copy) == 0) {
      free(copy);
      return 0;
    }
  }
  l->v[l->n++] = copy;
  return 0;
}

/* "DeLong, J. Bradford": one capitalised word, a comma, then two or three
 * words and nothing else is one name written surname first. Adds it as
 * "J. Bradford DeLong" and returns 1; else 0. */
static int last_first(const char *s, size_t n, name_list *l, int dated) {
  const char *comma = memchr(s, ',', n);
  if (!comma || memchr(comma + 1, ',', n - (size_t)(comma - s) - 1) ||
      strpbrk(s, ";|&") || !(s[0] >= 'A' && s[0] <= 'Z'))
    return 0;
  size_t ln = (size_t)(comma - s);
  const char *first = comma + 1;
  while (*first == ' ')
    first++;
  size_t fn = n - (size_t)(first - s);
  size_t fw = pith_text_count_words(first, fn);
  if (memchr(s, ' ', ln) || ln < 2 || fw < 2 || fw > 3 ||
      !(first[0] >= 'A' && first[0] <= 'Z') ||
      pith_ascii_strcasestr(first, " and ") ||
      pith_ascii_strcasestr(first, " und "))
    return 0;
  char name[256];
  int len =
      snprintf(name, sizeof name, "%.*s %.*s", (int)fn, first, (int)ln, s);
  if (len <= 0 || (size_t)len >= sizeof name)
    return 0;
  names_add_one(l, name, (size_t)len, dated);
  return 1;
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
      if (starts_number(s, i, 0)) {
        s[i] = '\0';
        n = i;
        dated = 1;
        break;
      }
    }
  }
  strip_author_prefix(s, &b, n);
  strip_by_label(s, &b, n);
  /* The words the date leaves behind ("Monday, November") go before the
   * names are split apart. */
  if (dated) {
    strip_date_tail(s, b, &n, 1);
    s[n] = '\0';
  }
  if (split_commas && last_first(s + b, n - b, l, dated)) {
    free(s);
    return;
  }
  size_t start = b, had = l->n;
  int phrase = 0;
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
    if (i > start && names_add_one(l, s + start, i - start, dated) < 0 &&
        start == b)
      phrase = 1;
    start = i + sep;
    i = start - 1;
  }
  free(s);
  /* The first part reads as a phrase: the others are pieces of it
   * ("Department of Primary Industries, Queensland", "Building Wealth
   * through Saving & Investing"). A phrase after a name is only its
   * affiliation ("Sandip Roy, special to SF Gate"). */
  if (phrase) {
    while (l->n > had)
      free(l->v[--l->n]);
  }
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

/* ---- choosing the author ------------------------------------------------ */

/* The itemprop=name inside an itemprop=author element (which often holds a
 * job title or a photo too), or the element itself. */
static xmlNodePtr find_itemprop_name(xmlNodePtr author) {
  xmlNodePtr d = author->children;
  for (int steps = 0; d && steps < 200; steps++) {
    if (d->type == XML_ELEMENT_NODE) {
      const char *ip = pith_meta_attr(d, "itemprop");
      if (ip && pith_meta_has_token(ip, "name"))
        return d;
    }
    d = pith_dom_next(d, author, d->type != XML_ELEMENT_NODE);
  }
  return author;
}

/* ---- organisations where a person belongs --------------------------------
 * Sites put their own name, a desk or the news agency in the author field
 * ("Jill Disis, CNN Business", "Telegraph Sport", "wegewerk GmbH"). */

/* First or last words of a desk, a company or an institution rather than a
 * person (several languages). */
static const char *const org_words[] = {
    "staff",       "team",        "desk",      "bureau",       "newsroom",
    "editors",     "redaktion",   "redaction", "rédaction",    "redacción",
    "redaccion",   "redazione",   "reports",   "contributors", "writers",
    "reporters",   "gmbh",        "ag",        "inc",          "inc.",
    "ltd",         "ltd.",        "llc",       "plc",          "corp",
    "corp.",       "corporation", "e.v.",      "s.a.",         "srl",
    "kg",          "news",        "online",    "media",        "magazine",
    "magazin",     "press",       "network",   "group",        "agency",
    "channel",     "foundation",  "stiftung",  "verband",      "institute",
    "association", "department",  "office",    "ministry",     "university",
    "council",     "committee",   "newspaper", "newspapers",   "zeitung",
    "columnists",  "times",       "journal",   "herald",       "tribune",
    "gazette",     "weekly",      "center",    "centre",       "research",
};

/* Whether a name is shaped like an organisation: "The ..." or a first or
 * last word above. */
static int org_shaped(const char *name) {
  size_t first = strcspn(name, " ");
  const char *last = strrchr(name, ' ');
  if (!last)
    return word_in(name, first, IN(org_words));
  last++;
  return word_in(name, first, IN(org_words)) ||
         word_in(name, first, (const char *const[]){"the"}, 1) ||
         word_in(last, strlen(last), IN(org_words));
}

/* Lower-case letters and digits only: "Al-Bawaba" = "Al Bawaba",
 * "StarsInsider" = "Stars Insider". */
static size_t squash_name(const char *s, char *out, size_t size) {
  size_t o = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p && o + 1 < size;
       p++)
    if (pith_is_alpha(*p) || pith_is_digit(*p) || *p >= 0x80)
      out[o++] = (char)tolower(*p);
  out[o] = '\0';
  return o;
}

/* Whether the name is the site's or an organisation's. `beside_people`:
 * other names stand beside it, so a part of the site's name ("Business
 * Insider" of "Business Insider Deutschland") or a name holding it ("CNN
 * Business") goes too; alone, such a name is more likely the person a
 * personal site is named after ("Daniel Lemire" of "Daniel Lemire's
 * blog"). */
static int is_organisation(const char *name, const org_names *orgs,
                           int beside_people) {
  /* The host names the site's account ("LinkNaija" on linknaija.com); a
   * full name that matches it is the person a personal site is named
   * after ("Rob Tiffany" on robtiffany.com). */
  if (org_shaped(name) ||
      ((beside_people || !strchr(name, ' ')) && orgs->host &&
       pith_meta_names_host(name, strlen(name), orgs->host)))
    return 1;
  char sq[MAX_SHORT], osq[MAX_SHORT];
  char fold[MAX_SHORT + 8], ofold[MAX_SHORT + 8];
  size_t sn = squash_name(name, sq, sizeof sq);
  /* The whole domain in the name: "Houzz Deutschland" on houzz.de. */
  if (orgs->host && squash_name(orgs->host, osq, sizeof osq) >= 4 &&
      strstr(sq, osq))
    return 1;
  if (beside_people && orgs->title_beside) {
    size_t on = squash_name(orgs->title_beside, osq, sizeof osq);
    if (sn && sn == on && memcmp(sq, osq, sn) == 0)
      return 1;
  }
  size_t fn = pith_meta_fold_title(name, fold, sizeof fold);
  for (size_t i = 0; i < orgs->n; i++) {
    size_t on = squash_name(orgs->v[i], osq, sizeof osq);
    if (sn && sn == on && memcmp(sq, osq, sn) == 0)
      return 1;
    if (!beside_people)
      continue;
    size_t ofn = pith_meta_fold_title(orgs->v[i], ofold, sizeof ofold);
    if ((fn >= 2 && pith_meta_has_words(ofold, fold, fn)) ||
        (ofn >= 2 && pith_meta_has_words(fold, ofold, ofn)))
      return 1;
  }
  return 0;
}

/* Legal forms that end a company's name. */
static const char *const company_forms[] = {
    "corporation", "corp", "inc",  "incorporated", "ltd", "limited",
    "llc",         "plc",  "gmbh", "ag",           "pty", "llp",
    "company",     "co",   "sa",   "srl",          "bv",  "nv",
    "oy",          "ab",   "as",   "kg",           "spa", "sarl"};

/* Whether the word is a year, a range of years or a year in Roman
 * numerals ("2008", "2007-2008", "MMVIII"). */
static int year_word(const char *w, size_t n) {
  size_t digits = 0, romans = 0;
  for (size_t i = 0; i < n; i++) {
    if (pith_is_digit((unsigned char)w[i]))
      digits++;
    else if (strchr("MDCLXVI", w[i]))
      romans++;
    else if (w[i] != '-' && w[i] != '/')
      return 0;
  }
  return (digits >= 2 && romans == 0) || (romans >= 2 && digits == 0);
}

int pith_meta_copyright_company(const char *notice, char *out, size_t size) {
  if (!notice || size == 0)
    return 0;
  /* The words up to the first sentence's end or "All rights ...". */
  size_t len = strcspn(notice, ".;|");
  const char *all = pith_ascii_strcasestr(notice, "all rights");
  if (all && (size_t)(all - notice) < len)
    len = (size_t)(all - notice);
  struct {
    const char *w;
    size_t n;
  } words[16];
  size_t nw = 0;
  for (size_t i = 0; i < len && nw < sizeof words / sizeof *words;) {
    while (i < len && (notice[i] == ' ' || notice[i] == ','))
      i++;
    size_t b = i;
    while (i < len && notice[i] != ' ' && notice[i] != ',')
      i++;
    if (i == b)
      break;
    const char *w = notice + b;
    size_t n = i - b;
    /* The sign, the word and the years go; the name is what is left. */
    if (year_word(w, n) || (n == 3 && memcmp(w, "(c)", 3) == 0) ||
        (n == 3 && memcmp(w, "(C)", 3) == 0) ||
        (n == 2 && memcmp(w, "\xc2\xa9", 2) == 0) ||
        word_in(w, n, (const char *const[]){"copyright"}, 1))
      continue;
    if (n >= 2 && memcmp(w, "\xc2\xa9", 2) == 0) {
      w += 2; /* "©CBS" */
      n -= 2;
    }
    words[nw].w = w;
    words[nw].n = n;
    nw++;
  }
  if (nw < 2)
    return 0;
  const char *form = words[nw - 1].w;
  size_t fn = words[nw - 1].n;
  while (fn && form[fn - 1] == '.')
    fn--;
  char plain[16];
  size_t pn = 0;
  for (size_t i = 0; i < fn && pn + 1 < sizeof plain; i++)
    if (form[i] != '.')
      plain[pn++] = form[i];
  if (!word_in(plain, pn, IN(company_forms)))
    return 0;
  const char *b = words[0].w;
  const char *e = words[nw - 2].w + words[nw - 2].n;
  if ((size_t)(e - b) + 1 > size)
    return 0;
  memcpy(out, b, (size_t)(e - b));
  out[e - b] = '\0';
  return 1;
}

/* The names that are people, joined with "; ": organisations go, and so
 * does a one-word item beside full names ("Victor Tangermann, Futurism",
 * "Jane Roe, MS", "John Doe, London": an affiliation, a degree or a
 * place). NULL when none is left. */
static char *join_people(const name_list *l, const org_names *orgs) {
  /* A list that opens with an organisation is its address: "Giromatch,
   * Frankfurt a. M., Germany". */
  if (l->n > 1 && is_organisation(l->v[0], orgs, 1))
    return NULL;
  int multi_word = 0;
  for (size_t i = 0; i < l->n; i++)
    multi_word |= strchr(l->v[i], ' ') != NULL;
  pith_buf b;
  pith_buf_init(&b, 0);
  int kept = 0;
  for (size_t i = 0; i < l->n; i++) {
    if (is_organisation(l->v[i], orgs, l->n > 1) ||
        (multi_word && l->n > 1 && !strchr(l->v[i], ' ')))
      continue;
    if (kept++)
      pith_buf_puts(&b, "; ");
    pith_buf_puts(&b, l->v[i]);
  }
  if (!kept) {
    pith_buf_free(&b);
    return NULL;
  }
  return pith_buf_detach(&b);
}

/* Whether a byline box's text is a dateline: a place in capitals and its
 * comma ("WESTPORT, Wash. July 24, 2012 (AP)"), where a name in capitals
 * goes on with its second word ("JOHN DOE, Staff"). */
static int dateline_shaped(const char *text) {
  size_t n = 0;
  while (text[n] && text[n] != ' ' && text[n] != ',')
    n++;
  return n >= 3 && text[n] == ',' && all_caps(text, n);
}

static char *choose_byline(collector *c, const org_names *orgs) {
  for (int k = 0; k < 3; k++) {
    for (size_t i = 0; i < c->byline_n[k]; i++) {
      xmlNodePtr n = c->byline[k][i];
      if (pith_meta_in_foreign_container(n))
        continue;
      /* itemprop=author often wraps itemprop=name with a job title. */
      xmlNodePtr target = n;
      if (pith_meta_contains_ci(pith_meta_attr(n, "itemprop"), "author"))
        target = find_itemprop_name(n);
      char *text;
      if (pith_meta_name_is(target, "meta"))
        text = pith_meta_finish_text(pith_meta_attr(target, "content"), 160);
      else
        text = pith_meta_node_text(target, 160);
      if (!text)
        continue;
      size_t chars = pith_utf8_length(text, strlen(text));
      if (chars < 3 || chars > 120 || dateline_shaped(text)) {
        free(text);
        continue;
      }
      /* A byline's tail after "|" or a bullet is the date or the section;
       * names_add cuts the date itself. */
      static const char *const tails[] = {"|", "•", "·", " — ", " – ", " » "};
      for (size_t b = 0; b < sizeof tails / sizeof *tails; b++) {
        char *p = strstr(text, tails[b]);
        if (p)
          *p = '\0';
      }
      name_list l = {{0}, 0};
      pith_meta_names_add(&l, text, NAMES_SPLIT | NAMES_BYLINE);
      free(text);
      char *joined = join_people(&l, orgs);
      pith_meta_names_free(&l);
      if (joined)
        return joined;
    }
  }
  return NULL;
}

char *pith_meta_choose_author(collector *c, const ld_info *ld,
                              const org_names *orgs) {
  char *out = join_people(&ld->people, orgs);
  if (out)
    return out;
  const char *const metas[] = {
      c->slot[S_AUTHOR],          c->slot[S_OG_AUTHOR],
      c->slot[S_PARSELY_AUTHOR],  c->slot[S_DC_CREATOR],
      c->slot[S_SAILTHRU_AUTHOR], c->slot[S_BYL]};
  for (size_t i = 0; i < sizeof metas / sizeof *metas; i++) {
    if (!pith_meta_has_text(metas[i]))
      continue;
    name_list l = {{0}, 0};
    pith_meta_names_add(&l, metas[i], NAMES_SPLIT);
    out = join_people(&l, orgs);
    pith_meta_names_free(&l);
    if (out)
      return out;
  }
  if (c->multi_n[M_CITATION_AUTHOR]) {
    name_list l = {{0}, 0};
    for (size_t i = 0; i < c->multi_n[M_CITATION_AUTHOR]; i++)
      pith_meta_names_add(&l, c->multi[M_CITATION_AUTHOR][i], 0);
    out = join_people(&l, orgs);
    pith_meta_names_free(&l);
    if (out)
      return out;
  }
  out = choose_byline(c, orgs);
  if (out)
    return out;
  /* An organisation that JSON-LD gives as the author (a news agency), but
   * never the site itself. */
  org_names site_only = *orgs;
  site_only.n = orgs->n_site;
  return join_people(&ld->orgs, &site_only);
}
