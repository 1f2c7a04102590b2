/* Line shapes of the debris rules: bylines, datelines, picture credits,
 * image file names, a headline repeated with other punctuation. Each
 * judges one line of text alone, by its form more than by a phrase. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "debris.h"

/* "By Jane Doe", "By JANE DOE and JOHN ROE, Reuters", "Von ...", "Par ..." */
int pith_debris_is_byline(const char *s, size_t len) {
  static const char *const by[] = {
      "by ",   "written by ", "von ",          "par ",      "por ",     "di ",
      "door ", "автор",       "reporting by ", "story by ", "words by "};
  if (len > 100 || pith_text_ends_clause(s, len))
    return 0;
  for (size_t i = 0; i < sizeof by / sizeof *by; i++) {
    if (!pith_debris_starts_with(s, by[i]))
      continue;
    /* a name follows: "By Jane Doe", not "By the numbers" */
    const char *name = s + strlen(by[i]);
    while (*name == ' ' || *name == ':')
      name++;
    return pith_text_count_words(s, PITH_UNTIL_NUL) <= 12 &&
           pith_text_starts_upper(name);
  }
  return 0;
}

/* Whether s opens with a numeric date: 2021-10-16, 16.10.2021, 16/10/2021. */
static int starts_with_date(const char *s) {
  size_t i = 0, digits = 0, seps = 0;
  for (; s[i] && i < 10; i++) {
    if (isdigit((unsigned char)s[i]))
      digits++;
    else if (s[i] == '-' || s[i] == '.' || s[i] == '/')
      seps++;
    else
      break;
  }
  return digits >= 6 && seps == 2 && i >= 8;
}

/* "10:15", "8:34 a.m.", "6 pm" */
static int has_time_of_day(const char *s) {
  for (const char *p = s; *p; p++)
    if (isdigit((unsigned char)p[0]) &&
        ((p[1] == ':' && isdigit((unsigned char)p[2]) &&
          isdigit((unsigned char)p[3])) ||
         (p[1] == ' ' && (pith_text_has_prefix_ci(p + 2, 4, "a.m") ||
                          pith_text_has_prefix_ci(p + 2, 4, "p.m") ||
                          pith_text_has_prefix_ci(p + 2, 2, "am") ||
                          pith_text_has_prefix_ci(p + 2, 2, "pm")))))
      return 1;
  return 0;
}

/* A wire story's dateline alone on its line, its text cut off below:
 * "LONDON —", "WASHINGTON (AP) -": words in capitals, an agency in
 * brackets, a dash. ("SYNTAX:" is a label, not a dateline.) */
static int is_lone_dateline(const char *s, size_t len) {
  if (len < 4 || len > 50)
    return 0;
  size_t end = len;
  while (end && s[end - 1] == ' ')
    end--;
  /* the dash or colon at the end: '-', ':', '–' or '—' */
  if (end >= 3 && (unsigned char)s[end - 3] == 0xE2 &&
      (unsigned char)s[end - 2] == 0x80 &&
      ((unsigned char)s[end - 1] == 0x93 || (unsigned char)s[end - 1] == 0x94))
    end -= 3;
  else if (end && s[end - 1] == '-')
    end--;
  else
    return 0;
  size_t caps = 0;
  for (size_t i = 0; i < end; i++) {
    unsigned char c = (unsigned char)s[i];
    if (isupper(c))
      caps++;
    else if (!(c == ' ' || c == ',' || c == '.' || c == '(' || c == ')' ||
               c == '-' || c == '\'' || c >= 0x80))
      return 0;
  }
  return caps >= 3;
}

/* "Published 3 hours ago", "Updated: 19 Nov 2019", "November 19, 2019" */
/* A number written with thousands separators ("1,204", "12,500,000"):
 * a figure in a table, not a date. */
static int is_grouped_number(const char *s) {
  size_t lead = 0;
  while (isdigit((unsigned char)s[lead]))
    lead++;
  if (lead < 1 || lead > 3 || s[lead] != ',')
    return 0;
  const char *p = s + lead;
  while (*p == ',' && isdigit((unsigned char)p[1]) &&
         isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]))
    p += 4;
  return *p == '\0';
}

/* A comment's header: its writer's name, " on ", a date and a time of day
 * ("Dean Saliba on November 8, 2012 9:54 pm", "George from Ohio on 12
 * May 2012 at 09:36"), as blog engines print it above every comment. The
 * name is one to five words without digits. */
static int is_comment_header(const char *s, size_t len) {
  if (len > 80 || !has_time_of_day(s) || pith_text_ends_sentence(s, len))
    return 0;
  const char *on = strstr(s, " on ");
  if (!on || on == s || (size_t)(on - s) > 50)
    return 0;
  size_t words = 1;
  for (const char *p = s; p < on; p++) {
    if (isdigit((unsigned char)*p) || *p == '.' || *p == ',' || *p == ':')
      return 0;
    words += *p == ' ';
  }
  return words <= 5 && pith_debris_has_date(on, len - (size_t)(on - s));
}

int pith_debris_is_comment_header(const char *s, size_t len) {
  /* the article's own header reads alike: "Posted by Jane Doe on May 3,
   * 2012 at 4:14 pm", "By Jane Doe on ..." */
  static const char *const article[] = {"by ",     "posted",  "published",
                                        "updated", "written", "filed"};
  for (size_t i = 0; i < sizeof article / sizeof *article; i++)
    if (pith_text_has_prefix_ci(s, len, article[i]))
      return 0;
  return is_comment_header(s, len);
}

int pith_debris_is_dateline(const char *s, size_t len) {
  static const char *const words[] = {
      "published",     "updated",        "posted",       "last updated",
      "last modified", "veröffentlicht", "aktualisiert", "publié",
      "mis à jour",    "publicado",      "actualizado",  "pubblicato",
      "aggiornato",    "опубликовано",   "обновлено"};
  static const char *const months[] = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  /* a numeric date and a time of day, then a zone, an agency or a
   * byline: "1/14/2008, 8:34 a.m. EST The Associated Press" */
  if (len < 100 && starts_with_date(s) && !pith_text_ends_sentence(s, len) &&
      has_time_of_day(s))
    return 1;
  if (is_lone_dateline(s, len) || is_comment_header(s, len))
    return 1;
  if (len > 80)
    return 0;
  size_t digits = 0;
  for (const char *p = s; *p; p++)
    digits += isdigit((unsigned char)*p) != 0;
  /* "Published in 1951, the novel sold poorly." is a sentence; "Posted:
   * Thursday, April 21, 2022. 10:11 pm." is a dateline */
  int sentence = pith_text_ends_sentence(s, len) && digits * 8 < len;
  for (size_t i = 0; i < sizeof words / sizeof *words && !sentence; i++)
    if (pith_debris_starts_with(s, words[i]))
      return 1;
  if (len > 40 || pith_text_ends_clause(s, len))
    return 0;
  if (len < 40 && digits > 0 &&
      ((len > 4 && strcmp(s + len - 4, " ago") == 0) ||
       (isdigit((unsigned char)s[0]) &&
        (pith_ascii_strcasestr(s, " hours") ||
         pith_ascii_strcasestr(s, " minutes")))))
    return 1;
  /* a date, then a short label: "2021-10-16 | Politics" */
  if (len < 50 && starts_with_date(s))
    return 1;
  /* mostly digits and a month name */
  if (digits < 4)
    return 0;
  /* a word that is a month or its abbreviation ("Nov", "November"), not
   * one that merely starts like it ("decisions") */
  for (const char *w = s; *w; w++) {
    if (!isalpha((unsigned char)*w) || (w > s && isalpha((unsigned char)w[-1])))
      continue;
    size_t wl = 0;
    while (isalpha((unsigned char)w[wl]))
      wl++;
    for (size_t i = 0; wl >= 3 && i < sizeof months / sizeof *months; i++)
      if (wl <= strlen(months[i]) && strncasecmp(w, months[i], wl) == 0)
        return pith_text_count_words(s, PITH_UNTIL_NUL) <= 7;
  }
  int only_date_chars = 1;
  for (const char *p = s; *p; p++)
    if (!isdigit((unsigned char)*p) && !strchr(" ./-:,T+APMapm", *p))
      only_date_chars = 0;
  return only_date_chars && !is_grouped_number(s);
}

/* Whether two strings are the same once case and non-alphanumerics are
 * ignored (titles with different punctuation or quotes). */
int pith_debris_same_letters(const char *a, const char *b) {
  for (;;) {
    while (*a && !isalnum((unsigned char)*a) && !((unsigned char)*a & 0x80))
      a++;
    while (*b && !isalnum((unsigned char)*b) && !((unsigned char)*b & 0x80))
      b++;
    if (!*a || !*b)
      return !*a && !*b;
    if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
      return 0;
    a++;
    b++;
  }
}

/* A word of 2 to 6 capitals: an agency's short name (AFP, PAP, EPA). */
static int is_agency_word(const char *w, size_t n) {
  if (n < 2 || n > 6)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (!isupper((unsigned char)w[i]))
      return 0;
  return 1;
}

/* Credit cues of photo captions: an agency and a photographer joined by a
 * slash ("REUTERS/Maxim Shemetov", "AFP/Getty"), "PHOTO" or "FOTO" in
 * capitals, an icon name left in the text ("photo_camera"), "Getty
 * Images". */
int pith_debris_has_credit_cue(const char *s, size_t len) {
  /* a long sentence that names an agency is news, not a credit; a
   * question ("Can you help with SEO/Web marketing?") is none either */
  if (len > 400 || (len >= 80 && pith_text_ends_sentence(s, len)) ||
      (len && s[len - 1] == '?'))
    return 0;
  static const char *const credits[] = {
      "submitted photo", "courtesy photo", "handout photo", "(image:",
      "(photo:",         "photo courtesy", "photo credit",  "photographer:"};
  if (len < 200 && pith_text_find_any(s, len, credits,
                                      sizeof credits / sizeof *credits) >= 0)
    return 1;
  if (strstr(s, "photo_camera") || strstr(s, "Getty Images") ||
      strstr(s, "(pictured)") || strstr(s, "Image copyright") ||
      strstr(s, "Photo credit"))
    return 1;
  const char *caps_words[] = {"PHOTO ", "FOTO ", "PHOTO:", "FOTO:", "IMAGE:"};
  for (size_t i = 0; i < sizeof caps_words / sizeof *caps_words; i++) {
    const char *p = strstr(s, caps_words[i]);
    /* a word in capitals, not inside a longer capitalised word */
    if (p && (p == s || !isupper((unsigned char)p[-1])))
      return 1;
  }
  /* AGENCY/Name: two or more capitals, a slash, a capital */
  for (const char *p = s; *p; p++) {
    if (*p != '/' || p - s < 2 || !isupper((unsigned char)p[1]) ||
        !islower((unsigned char)p[2]))
      continue;
    size_t caps = 0;
    const char *q = p - 1;
    while (q >= s && isupper((unsigned char)*q)) {
      caps++;
      q--;
    }
    if (caps >= 2 && (q < s || !isalnum((unsigned char)*q)))
      return 1;
  }
  /* A credit line alone: "AFP / MARCO BERTORELLO", "aja/PAP", "dpa/lnw" —
   * a few words around a slash, one side an agency in capitals. */
  if (len <= 40 && pith_text_count_words(s, PITH_UNTIL_NUL) <= 5 &&
      !pith_text_ends_sentence(s, len)) {
    const char *slash = strchr(s, '/');
    if (slash && !strchr(slash + 1, '/')) {
      const char *l = slash, *r = slash + 1;
      while (l > s && l[-1] == ' ')
        l--;
      while (*r == ' ')
        r++;
      const char *ls = l;
      while (ls > s && isalpha((unsigned char)ls[-1]))
        ls--;
      const char *re = r;
      while (isalpha((unsigned char)*re))
        re++;
      if (is_agency_word(ls, (size_t)(l - ls)) ||
          is_agency_word(r, (size_t)(re - r)))
        return 1;
      /* agency and author initials alone on the line: "dpa/lnw" */
      size_t left = (size_t)(l - ls), right = (size_t)(re - r);
      if (ls == s && *re == '\0' && left >= 2 && left <= 6 && right >= 2 &&
          right <= 6)
        return 1;
    }
    /* the photographer, the paper, the agency last: "Jo Doe/Daily
     * News/AP Photo" */
    const char *last = strrchr(s, '/');
    if (slash && last != slash && !strstr(s, "://")) {
      const char *r = last + 1;
      while (*r == ' ')
        r++;
      const char *re = r;
      while (isalpha((unsigned char)*re))
        re++;
      if ((*re == ' ' || *re == '\0') && is_agency_word(r, (size_t)(re - r)))
        return 1;
    }
  }
  return 0;
}

/* The reporting credit at the foot of a story: "Jane Doe contributed to
 * this report.", "Keith Bradsher contributed reporting from Hong Kong." */
int pith_debris_is_contributor(const char *s, size_t len) {
  static const char *const cues[] = {
      "contributed to this report", "contributed reporting",
      "contributed to this story", "ha contribuido a este informe",
      "a contribué à cet article", "zu diesem bericht beigetragen",
      /* how to reach the writer */
      "can be reached at", "is reachable at", "email him at", "email her at",
      "e-mail him at", "e-mail her at", "follow him on twitter",
      "follow her on twitter"};
  if (len > 300)
    return 0;
  if (pith_text_find_any(s, len, cues, sizeof cues / sizeof *cues) >= 0)
    return 1;
  /* "Write to Al Root at allen.root@example.com" */
  return len < 150 && pith_debris_starts_with(s, "write to ") &&
         strchr(s, '@') != NULL;
}

/* A caption that ends with its picture's credit: "Marco Odermatt, ski
 * star. (c) AFP / NAME", "3/28 photos (c) Shutterstock" — a copyright sign
 * in the last 60 bytes of a short block, followed by a few words and no
 * year (a notice with a year, "(c) 2019 The Times. All rights reserved",
 * is another matter). */
int pith_debris_ends_with_credit(const char *s, size_t len) {
  if (len >= 250)
    return 0;
  const char *c = NULL;
  for (const char *p = strstr(s, "\xC2\xA9"); p; p = strstr(p + 2, "\xC2\xA9"))
    c = p;
  if (!c || c == s || (size_t)(s + len - c) > 60)
    return 0;
  size_t words = 0;
  int in_word = 0;
  for (const char *p = c + 2; *p; p++) {
    if (isdigit((unsigned char)*p))
      return 0;
    int space = isspace((unsigned char)*p);
    if (!space && !in_word)
      words++;
    in_word = !space;
  }
  return words >= 1 && words <= 6;
}

/* An image's file name left in the text: "Atalayar_Alexey Navalny",
 * "IMG_2041.jpg" — a short unpunctuated line with a word joined by '_'
 * or an image extension. */
int pith_debris_is_image_name(const char *s, size_t len) {
  if (len > 80 || pith_text_ends_clause(s, len))
    return 0;
  if (pith_ascii_strcasestr(s, ".jpg") || pith_ascii_strcasestr(s, ".jpeg") ||
      pith_ascii_strcasestr(s, ".png") || pith_ascii_strcasestr(s, ".webp") ||
      pith_ascii_strcasestr(s, ".gif"))
    return 1;
  for (const char *p = s; *p; p++) {
    if (!(*p == '_' && p > s && isalnum((unsigned char)p[-1]) &&
          isalpha((unsigned char)p[1])))
      continue;
    /* the word around the '_': a handle, address or tag is not a file */
    const char *w = p, *e = p;
    while (w > s && !isspace((unsigned char)w[-1]))
      w--;
    while (*e && !isspace((unsigned char)*e))
      e++;
    /* nor is a constant in capitals (MAX_PAYMENT_SIZE) */
    int other = 0, lower = 0;
    for (const char *q = w; q < e; q++) {
      if (*q == '@' || *q == '/' || *q == '#' || *q == ':')
        other = 1;
      if (islower((unsigned char)*q))
        lower = 1;
    }
    if (!other && lower)
      return 1;
  }
  return 0;
}

int pith_debris_has_caption_cue(const char *s, size_t len) {
  static const char *const cues[] = {
      "pictured", ", left,",   "(left)",      ", right,",
      "(right)",  "(centre)",  "(center)",    "(l)",
      "(r)",      "above:",    "photo:",      "photo by",
      "(photo",   "(ap photo", "(file photo", "file photo"};
  return pith_text_find_any(s, len, cues, sizeof cues / sizeof *cues) >= 0 ||
         pith_debris_has_credit_cue(s, len);
}

int pith_debris_caption_shaped(const char *s, size_t len) {
  return !pith_text_ends_sentence(s, len) ||
         pith_debris_has_caption_cue(s, len);
}

int pith_debris_has_date(const char *s, size_t len) {
  static const char *const months[] = {
      "jan",      "feb",      "mar",     "apr",        "may",     "jun",
      "jul",      "aug",      "sep",     "oct",        "nov",     "dec",
      "januar",   "februar",  "märz",    "mai",        "juni",    "juli",
      "oktober",  "dezember", "janvier", "février",    "mars",    "avril",
      "juin",     "juillet",  "août",    "septembre",  "octobre", "novembre",
      "décembre", "enero",    "febrero", "marzo",      "abril",   "mayo",
      "junio",    "julio",    "agosto",  "septiembre", "octubre", "noviembre",
      "diciembre"};
  if (len > 300)
    return 0;
  for (size_t i = 0; i < len; i++) {
    /* a numeric date anywhere: 2011-10-03, 03.10.2011, 10/3/2011 */
    if (isdigit((unsigned char)s[i]) &&
        (i == 0 || !isdigit((unsigned char)s[i - 1])) &&
        starts_with_date(s + i))
      return 1;
    /* a month's name (or its first three letters) next to a number */
    if (!isalpha((unsigned char)s[i]) && (unsigned char)s[i] < 0xC0)
      continue;
    if (i > 0 &&
        (isalpha((unsigned char)s[i - 1]) || (unsigned char)s[i - 1] >= 0x80))
      continue;
    size_t w = i;
    while (w < len &&
           (isalpha((unsigned char)s[w]) || (unsigned char)s[w] >= 0x80))
      w++;
    for (size_t k = 0; k < sizeof months / sizeof *months; k++) {
      size_t n = strlen(months[k]);
      if (w - i < n || w - i > n + 6 ||
          !pith_text_has_prefix_ci(s + i, w - i, months[k]))
        continue;
      /* "March 3", "3 March", "March 2012" */
      const char *after = s + w;
      while (*after == ' ' || *after == '.')
        after++;
      int before =
          i >= 2 && isdigit((unsigned char)s[i - 2]) && s[i - 1] == ' ';
      if (isdigit((unsigned char)*after) || before)
        return 1;
    }
    i = w;
  }
  return 0;
}
