/* Dates: ISO 8601, RFC 2822, written-out dates with month names in several
 * languages, numeric orders and compact forms; htmldate's range of years. */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "meta_stage.h"

typedef struct date_parts {
  int y, m, d;
  int has_time, hh, mi, ss;
  int tz;     /* 0 none, 1 UTC ("Z"), 2 offset */
  int tz_min; /* offset east of UTC in minutes */
} date_parts;

int pith_meta_current_year(void) {
  time_t now = time(NULL);
  struct tm tmv;
  if (now == (time_t)-1 || !gmtime_r(&now, &tmv))
    return 2100;
  return tmv.tm_year + 1900;
}

static int days_in_month(int y, int m) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return 29;
  return days[m - 1];
}

/* htmldate's range: nothing before 1995, nothing after next year. */
static int valid_ymd(int y, int m, int d, int ymax) {
  return y >= 1995 && y <= ymax && m >= 1 && m <= 12 && d >= 1 &&
         d <= days_in_month(y, m);
}

enum { T_NUM = 1, T_WORD, T_PUNCT };

typedef struct dtok {
  int kind;
  long val;   /* number value, month (1-12, 0 none) or punctuation char */
  size_t len; /* digits of a number, bytes of a word */
  size_t b, e;
} dtok;

static const struct {
  const char *name;
  int month;
} month_names[] = {
    {"january", 1},    {"february", 2},  {"march", 3},     {"april", 4},
    {"may", 5},        {"june", 6},      {"july", 7},      {"august", 8},
    {"september", 9},  {"october", 10},  {"november", 11}, {"december", 12},
    {"sept", 9},       {"januar", 1},    {"jänner", 1},    {"februar", 2},
    {"märz", 3},       {"mai", 5},       {"juni", 6},      {"juli", 7},
    {"oktober", 10},   {"dezember", 12}, {"janvier", 1},   {"février", 2},
    {"fevrier", 2},    {"mars", 3},      {"avril", 4},     {"juin", 6},
    {"juillet", 7},    {"août", 8},      {"aout", 8},      {"septembre", 9},
    {"octobre", 10},   {"novembre", 11}, {"décembre", 12}, {"decembre", 12},
    {"enero", 1},      {"febrero", 2},   {"marzo", 3},     {"abril", 4},
    {"mayo", 5},       {"junio", 6},     {"julio", 7},     {"agosto", 8},
    {"septiembre", 9}, {"setiembre", 9}, {"octubre", 10},  {"noviembre", 11},
    {"diciembre", 12}, {"gennaio", 1},   {"febbraio", 2},  {"aprile", 4},
    {"maggio", 5},     {"giugno", 6},    {"luglio", 7},    {"settembre", 9},
    {"ottobre", 10},   {"dicembre", 12}, {"janeiro", 1},   {"fevereiro", 2},
    {"março", 3},      {"maio", 5},      {"junho", 6},     {"julho", 7},
    {"setembro", 9},   {"outubro", 10},  {"dezembro", 12}, {"januari", 1},
    {"februari", 2},   {"maart", 3},     {"mei", 5},       {"augustus", 8},
};

/* Lower-cases ASCII and the Latin-1 capitals (U+00C0-U+00DE) of a word. */
size_t pith_meta_fold_word(const char *s, size_t n, char *out, size_t size) {
  if (n + 1 > size)
    return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 'A' && c <= 'Z')
      c = (unsigned char)(c + 32);
    else if (i > 0 && (unsigned char)s[i - 1] == 0xC3 && c >= 0x80 &&
             c <= 0x9E && c != 0x97)
      c = (unsigned char)(c + 0x20);
    out[i] = (char)c;
  }
  out[n] = '\0';
  return n;
}

/* The month a word names (a full name in one of seven languages, or an
 * unambiguous prefix of at least three bytes: "Nov", "Sept", "déc"), or 0. */
int pith_meta_month_of_word(const char *s, size_t n) {
  char w[16];
  if (n < 3 || !pith_meta_fold_word(s, n, w, sizeof w))
    return 0;
  int found = 0;
  for (size_t k = 0; k < sizeof month_names / sizeof *month_names; k++) {
    const char *name = month_names[k].name;
    if (strlen(name) >= n && memcmp(name, w, n) == 0) {
      if (found && found != month_names[k].month)
        return 0;
      found = month_names[k].month;
    }
  }
  return found;
}

static int word_is(const char *s, const dtok *t, const char *word) {
  size_t n = strlen(word);
  return t->kind == T_WORD && t->len == n &&
         strncasecmp(s + t->b, word, n) == 0;
}

/* Splits the start of a string into numbers, words and punctuation. Ordinal
 * suffixes ("19th", "1er") are folded into the number. */
static size_t date_tokenize(const char *s, size_t n, dtok *toks) {
  size_t count = 0, i = 0;
  const unsigned char *u = (const unsigned char *)s;
  while (i < n && count < MAX_DTOK) {
    unsigned char c = u[i];
    if (pith_is_space(c)) {
      i++;
      continue;
    }
    if (c == 0xC2 && i + 1 < n && u[i + 1] == 0xA0) {
      i += 2;
      continue;
    }
    if (c == 0xE2 && i + 2 < n && (u[i + 1] == 0x80 || u[i + 1] == 0x81)) {
      /* General punctuation: spaces, dashes, quotes. */
      dtok t = {T_PUNCT, '-', 1, i, i + 3};
      if (u[i + 1] == 0x80 && (u[i + 2] == 0x93 || u[i + 2] == 0x94))
        toks[count++] = t;
      i += 3;
      continue;
    }
    dtok t = {0, 0, 0, i, i};
    if (pith_is_digit(c)) {
      long v = 0;
      while (i < n && pith_is_digit(u[i])) {
        if (i - t.b < 9)
          v = v * 10 + (u[i] - '0');
        i++;
      }
      t.kind = T_NUM;
      t.len = i - t.b;
      t.val = t.len <= 9 ? v : -1;
      t.e = i;
      size_t k = i;
      while (k < n && pith_is_alpha(u[k]) && k - i < 3)
        k++;
      if (k > i && (k >= n || !pith_is_alpha(u[k]))) {
        size_t sl = k - i;
        const char *sfx = s + i;
        if ((sl == 2 && (strncasecmp(sfx, "st", 2) == 0 ||
                         strncasecmp(sfx, "nd", 2) == 0 ||
                         strncasecmp(sfx, "rd", 2) == 0 ||
                         strncasecmp(sfx, "th", 2) == 0 ||
                         strncasecmp(sfx, "er", 2) == 0)) ||
            (sl == 1 && (sfx[0] == 'e' || sfx[0] == 'E')))
          i = k;
      } else if (i + 1 < n && u[i] == 0xC2 &&
                 (u[i + 1] == 0xBA || u[i + 1] == 0xAA)) {
        i += 2;
      }
    } else if (pith_is_alpha(c) || c >= 0x80) {
      while (i < n) {
        unsigned char d = u[i];
        if (d == 0xC2 && i + 1 < n && u[i + 1] == 0xA0)
          break;
        if (d == 0xE2 && i + 1 < n && (u[i + 1] == 0x80 || u[i + 1] == 0x81))
          break;
        if (!(pith_is_alpha(d) || d >= 0x80))
          break;
        i++;
      }
      t.kind = T_WORD;
      t.len = i - t.b;
      t.e = i;
      t.val = pith_meta_month_of_word(s + t.b, t.len);
    } else {
      t.kind = T_PUNCT;
      t.val = c;
      t.len = 1;
      i++;
      t.e = i;
    }
    toks[count++] = t;
  }
  return count;
}

static int two_digits(const unsigned char *u, size_t i, size_t n, int *v) {
  if (i + 1 >= n || !pith_is_digit(u[i]) || !pith_is_digit(u[i + 1]))
    return 0;
  *v = (u[i] - '0') * 10 + (u[i + 1] - '0');
  return 1;
}

static int word_at(const char *s, size_t i, size_t n, const char *w) {
  size_t wn = strlen(w);
  return i + wn <= n && strncasecmp(s + i, w, wn) == 0 &&
         (i + wn == n || !pith_is_alpha((unsigned char)s[i + wn]));
}

static const struct {
  const char *name;
  int minutes;
} zone_names[] = {
    {"GMT", 0},    {"UTC", 0},    {"UT", 0},     {"EST", -300},
    {"EDT", -240}, {"CST", -360}, {"CDT", -300}, {"MST", -420},
    {"MDT", -360}, {"PST", -480}, {"PDT", -420}, {"CET", 60},
    {"CEST", 120}, {"BST", 60},   {"MEZ", 60},   {"MESZ", 120},
};

/* Reads "[+-]hh[:]mm" or "[+-]hh" at i. */
static size_t parse_offset(const unsigned char *u, size_t i, size_t n,
                           int *minutes) {
  if (i >= n || (u[i] != '+' && u[i] != '-'))
    return 0;
  int sign = u[i] == '-' ? -1 : 1, h, m = 0;
  size_t k = i + 1;
  if (!two_digits(u, k, n, &h))
    return 0;
  k += 2;
  if (k < n && u[k] == ':')
    k++;
  if (two_digits(u, k, n, &m))
    k += 2;
  else if (k > i + 3)
    return 0; /* "+01:" without minutes */
  if (k < n && pith_is_digit(u[k]))
    return 0;
  if (h > 14 || m > 59)
    return 0;
  *minutes = sign * (h * 60 + m);
  return k - i;
}

/* Reads a time of day after a date: "T10:30:00Z", " 10:30", ", 10:30 AM
 * EST", " at 10:30 +0100". Leaves dp untouched when there is none. */
static void parse_time(const char *s, size_t n, size_t i, date_parts *dp) {
  const unsigned char *u = (const unsigned char *)s;
  if (i < n && (u[i] == 'T' || u[i] == 't') && i + 1 < n &&
      pith_is_digit(u[i + 1]))
    i++;
  else {
    size_t skipped = 0;
    while (i < n && skipped < 6 &&
           (pith_is_space(u[i]) || u[i] == ',' || u[i] == '-' || u[i] == '|')) {
      i++;
      skipped++;
    }
    if (word_at(s, i, n, "at") || word_at(s, i, n, "um"))
      i += 2;
    while (i < n && pith_is_space(u[i]))
      i++;
  }
  int hh, mi, ss = 0;
  size_t k = i;
  if (k < n && pith_is_digit(u[k]) && k + 1 < n && u[k + 1] == ':') {
    hh = u[k] - '0';
    k += 1;
  } else if (two_digits(u, k, n, &hh)) {
    k += 2;
  } else {
    return;
  }
  if (k >= n || u[k] != ':' || !two_digits(u, k + 1, n, &mi))
    return;
  k += 3;
  if (k < n && u[k] == ':' && two_digits(u, k + 1, n, &ss)) {
    k += 3;
    if (k < n && (u[k] == '.' || u[k] == ',') && k + 1 < n &&
        pith_is_digit(u[k + 1])) {
      k++;
      while (k < n && pith_is_digit(u[k]))
        k++;
    }
  }
  if (k < n && pith_is_digit(u[k]))
    return;
  size_t z = k;
  while (z < n && pith_is_space(u[z]) && z - k < 2)
    z++;
  if (word_at(s, z, n, "am") || word_at(s, z, n, "pm") ||
      (z + 4 <= n && (strncasecmp(s + z, "a.m.", 4) == 0 ||
                      strncasecmp(s + z, "p.m.", 4) == 0))) {
    int pm = u[z] == 'p' || u[z] == 'P';
    if (hh < 1 || hh > 12)
      return;
    hh = hh % 12 + (pm ? 12 : 0);
    k = z + (u[z + 1] == '.' ? 4 : 2);
    z = k;
    while (z < n && pith_is_space(u[z]) && z - k < 2)
      z++;
  }
  if (hh > 23 || mi > 59 || ss > 60)
    return;
  if (ss == 60)
    ss = 59;
  int tz = 0, tz_min = 0, off;
  size_t used;
  if ((used = parse_offset(u, k, n, &off)) != 0 ||
      (used = parse_offset(u, z, n, &off)) != 0) {
    tz = 2;
    tz_min = off;
  } else if (k < n && (u[k] == 'Z' || u[k] == 'z') &&
             (k + 1 >= n || !pith_is_alpha(u[k + 1]))) {
    tz = 1;
  } else {
    for (size_t q = 0; q < sizeof zone_names / sizeof *zone_names; q++) {
      const char *zn = zone_names[q].name;
      size_t zl = strlen(zn);
      if (z + zl <= n && strncmp(s + z, zn, zl) == 0 &&
          (z + zl == n || !pith_is_alpha(u[z + zl]))) {
        tz = zone_names[q].minutes == 0 ? 1 : 2;
        tz_min = zone_names[q].minutes;
        if (zone_names[q].minutes == 0 &&
            (used = parse_offset(u, z + zl, n, &off)) != 0) {
          tz = 2;
          tz_min = off;
        }
        break;
      }
    }
  }
  dp->has_time = 1;
  dp->hh = hh;
  dp->mi = mi;
  dp->ss = ss;
  dp->tz = tz;
  dp->tz_min = tz_min;
}

static int tok_is_punct(const dtok *t, const char *set) {
  return t->kind == T_PUNCT && t->val && strchr(set, (int)t->val) != NULL;
}

static int adjacent(const dtok *a, const dtok *b) {
  return a->e == b->b;
}

static int is_num(const dtok *t, size_t min_len, size_t max_len) {
  return t->kind == T_NUM && t->len >= min_len && t->len <= max_len;
}

static int is_filler(const char *s, const dtok *t) {
  return word_is(s, t, "de") || word_is(s, t, "of") || word_is(s, t, "the") ||
         word_is(s, t, "del");
}

/* Tries every date pattern at token i. Returns the token after the date, or
 * 0 when none matches. */
static size_t date_at(const char *s, const dtok *t, size_t count, size_t i,
                      int ymax, date_parts *dp) {
  /* 2019-11-19, 2019/11/19, 2019.11.19 */
  if (i + 4 < count && is_num(&t[i], 4, 4) && tok_is_punct(&t[i + 1], "-/._") &&
      is_num(&t[i + 2], 1, 2) && t[i + 3].kind == T_PUNCT &&
      t[i + 3].val == t[i + 1].val && is_num(&t[i + 4], 1, 2) &&
      adjacent(&t[i], &t[i + 1]) && adjacent(&t[i + 1], &t[i + 2]) &&
      adjacent(&t[i + 2], &t[i + 3]) && adjacent(&t[i + 3], &t[i + 4])) {
    dp->y = (int)t[i].val;
    dp->m = (int)t[i + 2].val;
    dp->d = (int)t[i + 4].val;
    return i + 5;
  }
  /* 19.11.2019, 19/11/2019, 19-11-2019: day first, as htmldate reads them,
   * unless only the other order is a valid date. */
  if (i + 4 < count && is_num(&t[i], 1, 2) && tok_is_punct(&t[i + 1], "./-") &&
      is_num(&t[i + 2], 1, 2) && t[i + 3].kind == T_PUNCT &&
      t[i + 3].val == t[i + 1].val && is_num(&t[i + 4], 4, 4) &&
      adjacent(&t[i], &t[i + 1]) && adjacent(&t[i + 1], &t[i + 2]) &&
      adjacent(&t[i + 2], &t[i + 3]) && adjacent(&t[i + 3], &t[i + 4])) {
    dp->d = (int)t[i].val;
    dp->m = (int)t[i + 2].val;
    if (dp->m > 12 && dp->d <= 12) {
      int tmp = dp->d;
      dp->d = dp->m;
      dp->m = tmp;
    }
    dp->y = (int)t[i + 4].val;
    return i + 5;
  }
  /* 20191119, else 19112019 */
  if (is_num(&t[i], 8, 8)) {
    long v = t[i].val;
    dp->y = (int)(v / 10000);
    dp->m = (int)(v / 100 % 100);
    dp->d = (int)(v % 100);
    if (!valid_ymd(dp->y, dp->m, dp->d, ymax)) {
      dp->d = (int)(v / 1000000);
      dp->m = (int)(v / 10000 % 100);
      dp->y = (int)(v % 10000);
    }
    return i + 1;
  }
  /* November 19, 2019; Nov. 19th 2019 */
  if (t[i].kind == T_WORD && t[i].val) {
    size_t k = i + 1;
    if (k < count && tok_is_punct(&t[k], ".-"))
      k++;
    if (k < count && is_num(&t[k], 1, 2)) {
      size_t day = k++;
      if (k < count && tok_is_punct(&t[k], ",.-"))
        k++;
      if (k < count && is_num(&t[k], 4, 4)) {
        dp->m = (int)t[i].val;
        dp->d = (int)t[day].val;
        dp->y = (int)t[k].val;
        return k + 1;
      }
    }
  }
  /* 19 November 2019; 19. November 2019; 19 de noviembre de 2019 */
  if (is_num(&t[i], 1, 2)) {
    size_t k = i + 1;
    if (k < count && tok_is_punct(&t[k], ".-"))
      k++;
    if (k < count && is_filler(s, &t[k]))
      k++;
    if (k < count && t[k].kind == T_WORD && t[k].val) {
      size_t mon = k++;
      if (k < count && tok_is_punct(&t[k], ".-"))
        k++;
      if (k < count && tok_is_punct(&t[k], ","))
        k++;
      if (k < count && is_filler(s, &t[k]))
        k++;
      if (k < count && is_num(&t[k], 4, 4)) {
        dp->d = (int)t[i].val;
        dp->m = (int)t[mon].val;
        dp->y = (int)t[k].val;
        return k + 1;
      }
    }
  }
  /* 2019年11月19日, 2019년 11월 19일 */
  if (i + 5 < count && is_num(&t[i], 4, 4) && is_num(&t[i + 2], 1, 2) &&
      is_num(&t[i + 4], 1, 2) &&
      (word_is(s, &t[i + 1], "年") || word_is(s, &t[i + 1], "년")) &&
      (word_is(s, &t[i + 3], "月") || word_is(s, &t[i + 3], "월"))) {
    dp->y = (int)t[i].val;
    dp->m = (int)t[i + 2].val;
    dp->d = (int)t[i + 4].val;
    return i + 5;
  }
  return 0;
}

/* Finds the first valid date in s[0..n). */
static int parse_date_in(const char *s, size_t n, int ymax, int allow_time,
                         date_parts *dp) {
  dtok toks[MAX_DTOK];
  size_t count = date_tokenize(s, n, toks);
  for (size_t i = 0; i < count; i++) {
    date_parts cand;
    memset(&cand, 0, sizeof cand);
    size_t next = date_at(s, toks, count, i, ymax, &cand);
    if (!next || !valid_ymd(cand.y, cand.m, cand.d, ymax))
      continue;
    if (allow_time && !is_num(&toks[next - 1], 8, 8))
      parse_time(s, n, toks[next - 1].e, &cand);
    *dp = cand;
    return 1;
  }
  return 0;
}

static int format_date(const date_parts *dp, char *out, size_t size) {
  int w;
  if (dp->has_time && size >= 26) {
    char zone[8] = "";
    if (dp->tz == 1) {
      strcpy(zone, "Z");
    } else if (dp->tz == 2) {
      int m = dp->tz_min < 0 ? -dp->tz_min : dp->tz_min;
      snprintf(zone, sizeof zone, "%c%02d:%02d", dp->tz_min < 0 ? '-' : '+',
               m / 60 % 100, m % 60);
    }
    w = snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d%s", dp->y, dp->m,
                 dp->d, dp->hh, dp->mi, dp->ss, zone);
  } else {
    w = snprintf(out, size, "%04d-%02d-%02d", dp->y, dp->m, dp->d);
  }
  return w > 0 && (size_t)w < size;
}

int pith_meta_parse_date_year(const char *s, int ymax, char *out, size_t size) {
  if (!s || !out || size < 11)
    return 0;
  date_parts dp;
  if (!parse_date_in(s, strnlen(s, DATE_SCAN), ymax, 1, &dp))
    return 0;
  return format_date(&dp, out, size);
}

/* Public for the other stages: the first date in s (ISO 8601, RFC 2822,
 * "November 19, 2019", "19 November 2019", "2019/11/19", "19.11.2019",
 * "20191119"...) as "YYYY-MM-DD", or as "YYYY-MM-DDTHH:MM:SS" plus the zone
 * when s holds a time of day. Years outside 1995..next year are refused.
 * Returns 1 when a date was written to out. */
int pith_meta_parse_date(const char *s, char *out, size_t out_size) {
  return pith_meta_parse_date_year(s, pith_meta_current_year() + 1, out,
                                   out_size);
}

/* A date in the path of a URL: /2019/11/19/, /2019-11-19-, /20191119/. */
int pith_meta_url_date(const char *url, int ymax, char *out, size_t size) {
  if (!url)
    return 0;
  const char *p = strstr(url, "://");
  p = p ? strchr(p + 3, '/') : url;
  if (!p)
    return 0;
  size_t n = strcspn(p, "?#");
  if (n > 2048)
    n = 2048;
  date_parts dp;
  if (!parse_date_in(p, n, ymax, 0, &dp))
    return 0;
  return format_date(&dp, out, size);
}
