/* Block-level debris rules, shared by HTML extraction and plain-text
 * cleaning. A block is judged on general features: its kind, length, ending
 * punctuation, link share, repetition within the document, its position
 * (after a "More in ..." / "Related" marker near the end) and short phrase
 * lists for common boilerplate in several languages. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

/* Whether s starts with prefix (given in lower case), ignoring case, and
 * skipping leading marks such as '*', '>' or '|'. */
static int starts_with_ci(const char *s, const char *prefix) {
  const unsigned char *p = (const unsigned char *)s;
  while (*p && (*p == '*' || *p == '>' || *p == '|' || *p == '-' || *p == '+' ||
                *p == '#' || *p == ' ' || *p == '[' || *p == '('))
    p++;
  return pith_text_has_prefix_ci((const char *)p, PITH_UNTIL_NUL, prefix);
}

static int equals_ci(const char *s, const char *word) {
  return strcasecmp(s, word) == 0;
}

/* Whether s starts with a capital letter: ASCII, Latin-1 or Cyrillic. */
static int starts_upper(const char *s) {
  const unsigned char *u = (const unsigned char *)s;
  if (isupper(u[0]))
    return 1;
  if (u[0] == 0xC3 && u[1] >= 0x80 && u[1] <= 0x9E && u[1] != 0x97)
    return 1;
  return u[0] == 0xD0 && ((u[1] >= 0x90 && u[1] <= 0xAF) || u[1] == 0x81);
}

/* ---- phrase lists --------------------------------------------------------
 * Short, common boilerplate in English, German, French, Spanish, Italian and
 * Russian. A block matches when it starts with the phrase and is short. */

static const char *const boiler_prefixes[] = {
    /* English */
    "advertisement",
    "see more:",
    "don't miss",
    "don’t miss",
    "must read",
    "nicht verpassen",
    "à ne pas manquer",
    "no te pierdas",
    "da non perdere",
    "sponsored",
    "share this",
    "share on",
    "share article",
    "read more at",
    "read more:",
    "read more on",
    "continue reading",
    "click here",
    "sign up for",
    "subscribe to",
    "subscribe now",
    "follow us",
    "follow on",
    "image copyright",
    "picture copyright",
    "image caption",
    "picture caption",
    "media caption",
    "media playback is unsupported",
    "photo:",
    "photograph:",
    "photo by",
    "photos by",
    "image:",
    "image by",
    "picture:",
    "credit:",
    "photo credit",
    "image credit",
    "source:",
    "copyright ©",
    "©",
    "all rights reserved",
    "related:",
    "related articles",
    "related stories",
    "related posts",
    "related content",
    "you may also like",
    "you might also like",
    "recommended for you",
    "most read",
    "most popular",
    "more from",
    "more stories",
    "more on this",
    "also read",
    "read next",
    "read also",
    "watch:",
    "listen:",
    "video:",
    "download the app",
    "get the app",
    "this article was",
    "this story was",
    "tags:",
    "filed under",
    "posted in",
    "skip to",
    "back to top",
    "print this",
    "email this",
    "comments",
    "leave a comment",
    "leave a reply",
    "log in",
    "sign in",
    "newsletter",
    "join our",
    "enter your email",
    "we use cookies",
    "this website uses cookies",
    "accept cookies",
    "by clicking",
    "loading...",
    "next article",
    "previous article",
    "next post",
    "previous post",
    /* German */
    "anzeige",
    "werbung",
    "weiterlesen",
    "mehr zum thema",
    "mehr lesen",
    "lesen sie auch",
    "auch interessant",
    "das könnte sie auch",
    "teilen",
    "foto:",
    "bild:",
    "quelle:",
    "artikel teilen",
    "newsletter abonnieren",
    "kommentare",
    "zum thema",
    /* French */
    "publicité",
    "lire aussi",
    "lire la suite",
    "à lire aussi",
    "voir aussi",
    "partager",
    "crédit photo",
    "photo :",
    "abonnez-vous",
    "sur le même sujet",
    "plus de sujets",
    "commentaires",
    /* Spanish */
    "publicidad",
    "leer más",
    "lee también",
    "te puede interesar",
    "compartir",
    "foto:",
    "suscríbete",
    "más información",
    "noticias relacionadas",
    "comentarios",
    /* Italian */
    "pubblicità",
    "leggi anche",
    "leggi di più",
    "condividi",
    "iscriviti",
    "potrebbe interessarti",
    "commenti",
    /* Russian */
    "реклама",
    "читайте также",
    "читать далее",
    "подробнее",
    "поделиться",
    "фото:",
    "подписывайтесь",
    "комментарии",
    "источник:",
    "advert",
    "this slideshow requires",
    "quellenangaben",
    "quellenverzeichnis",
    "einzelnachweise",
    "tell us what you think",
    "copy this link",
    "copy link",
    "these are external links",
    "scroll down for",
    "share what you think",
    "share or comment",
    "möchten sie den artikel teilen",
    "para comentar",
    "for the latest",
    "alle angaben ohne gewähr",
    "all information without guarantee",
    "lea también",
    "lea tambi",
    "vea tambi",
    "ver tambi",
    "mira tambi",
    "mira:",
    "mire:",
    "puedes ver:",
    "le puede interesar",
    "kommentar",
    "kommentieren",
    "sie müssen sich",
    "sie sind aktuell nicht",
    "quellen",
    "beitragsbild",
    "bild anzeigen",
    "permalink",
    "permalien",
    "werbung",
    "zum weiterlesen",
    "vorschau auf",
    "download the",
    "read the full",
    "more:",
    "lea más",
    "vea también",
    "ver también",
    "mira también",
    "fotos:",
    "bildquelle",
    "titelbild:",
    "abbildung:",
};

/* Markers after which, near the end of an article, everything is teasers. */
static const char *const tail_markers[] = {
    "more in ",
    "more from ",
    "more on ",
    "more great ",
    "more top stories",
    "weitere ",
    "autres articles",
    "à voir aussi",
    "otras noticias",
    "también te puede interesar",
    "artículos relacionados",
    "lees ook",
    "meer nieuws",
    "gerelateerde artikelen",
    "czytaj także",
    "zobacz także",
    "leia também",
    "veja também",
    "mais notícias",
    "artigos relacionados",
    "articoli correlati",
    "potrebbe interessarti",
    "notizie correlate",
    "related",
    "most read",
    "most popular",
    "recommended",
    "you may also like",
    "you might also like",
    "read more",
    "read next",
    "more stories",
    "top stories",
    "latest news",
    "trending",
    "popular now",
    "what to read next",
    "around the web",
    "more news",
    "mehr zum thema",
    "mehr aus",
    "mehr zu",
    "lesen sie auch",
    "das könnte",
    "weitere artikel",
    "à lire aussi",
    "lire aussi",
    "sur le même sujet",
    "plus de sujets",
    "dans la même rubrique",
    "noticias relacionadas",
    "te puede interesar",
    "más noticias",
    "leggi anche",
    "altri articoli",
    "читайте также",
    "другие новости",
    "похожие",
    "about the author",
    "ähnliche beiträge",
    "das könnte dich auch interessieren",
    "das könnte sie auch interessieren",
    "das thema könnte dich auch interessieren",
    "dies könnte sie auch interessieren",
    "ähnliche artikel",
    "weitere beiträge",
    "weitere artikel",
    "das könnte dich",
    "das thema könnte",
    "zum weiterlesen",
    "you may be interested",
    "related reading",
    "über den autor",
    "über die autorin",
    "à propos de l'auteur",
    "sobre el autor",
    "об авторе",
    "comments",
    "kommentare",
    "commentaires",
    "comentarios",
};

/* Words that make up share bars. */
static const char *const share_words[] = {
    "facebook",  "twitter",   "x",         "email",     "e-mail",    "print",
    "whatsapp",  "linkedin",  "pinterest", "reddit",    "share",     "tweet",
    "copy",      "link",      "telegram",  "messenger", "flipboard", "mail",
    "comments",  "comment",   "save",      "teilen",    "drucken",   "partager",
    "compartir", "condividi", "copied",    "url",
};

static int is_share_line(const char *s) {
  /* every word of the line is a share word */
  char word[32];
  size_t wl = 0, words = 0;
  for (const char *p = s;; p++) {
    int boundary = !*p || isspace((unsigned char)*p) || *p == '|' ||
                   *p == '/' || *p == ',' || *p == '.';
    if (boundary) {
      if (wl) {
        word[wl] = '\0';
        int found = 0;
        for (size_t i = 0; i < sizeof share_words / sizeof *share_words; i++)
          if (equals_ci(word, share_words[i]))
            found = 1;
        if (!found)
          return 0;
        words++;
        wl = 0;
      }
      if (!*p)
        break;
    } else if (wl < sizeof word - 1) {
      word[wl++] = *p;
    } else {
      return 0;
    }
  }
  return words > 0;
}

/* The first phrase of the list that s starts with, or NULL. */
static const char *has_prefix_in(const char *s, const char *const *list,
                                 size_t count) {
  for (size_t i = 0; i < count; i++)
    if (starts_with_ci(s, list[i]))
      return list[i];
  return NULL;
}

/* Whether a boilerplate phrase opens s as a label or notice, not as the
 * first words of a sentence: the line has no final stop, or the phrase is
 * several words long, or stands alone before punctuation ("Werbung.",
 * "Kommentare (3)"); "Comments by the minister caused an uproar." is a
 * sentence. A copyright sign opens a notice whatever follows. */
/* "Follow The Gleaner on Twitter and Instagram", "Síguenos en Facebook" */
static int is_follow_line(const char *s, size_t len) {
  static const char *const follow[] = {"follow ", "folgen sie", "suivez",
                                       "síguenos", "seguici"};
  static const char *const networks[] = {"twitter",  "facebook", "instagram",
                                         "telegram", "youtube",  "tiktok",
                                         "linkedin", "whatsapp"};
  if (len > 250 || !has_prefix_in(s, follow, sizeof follow / sizeof *follow))
    return 0;
  for (size_t i = 0; i < sizeof networks / sizeof *networks; i++)
    if (pith_ascii_strcasestr(s, networks[i]))
      return 1;
  return 0;
}

/* "Abbildung 4:", "Fig. 2.", "Figure 3:", "Bild 1:" — a numbered figure or
 * table label opens a caption. */
static int is_numbered_figure_label(const char *s, size_t len) {
  static const char *const labels[] = {
      "abbildung", "abb.",         "bild",  "figure", "fig.",
      "foto",      "photo",        "image", "grafik", "tabelle",
      "table",     "illustration", "рис."};
  if (len > 300)
    return 0;
  for (size_t i = 0; i < sizeof labels / sizeof *labels; i++) {
    if (!starts_with_ci(s, labels[i]))
      continue;
    const char *p = s;
    while (*p && !isalpha((unsigned char)*p) && !((unsigned char)*p & 0x80))
      p++;
    p += strlen(labels[i]);
    while (*p == ' ')
      p++;
    if (!isdigit((unsigned char)*p))
      continue;
    while (isdigit((unsigned char)*p) || *p == '.')
      p++;
    while (*p == ' ')
      p++;
    return *p == ':' || *p == '-' ||
           (p[-1] == '.' && isupper((unsigned char)*p));
  }
  return 0;
}

static int has_boiler_prefix(const char *s, size_t len) {
  const char *phrase = has_prefix_in(
      s, boiler_prefixes, sizeof boiler_prefixes / sizeof *boiler_prefixes);
  if (!phrase)
    return 0;
  if (strncmp(phrase, "\xC2\xA9", 2) == 0)
    return 1;
  /* where the phrase ends in s (the same marks skipped as in the match) */
  const char *p = s;
  while (*p && (*p == '*' || *p == '>' || *p == '|' || *p == '-' || *p == '+' ||
                *p == '#' || *p == ' ' || *p == '[' || *p == '('))
    p++;
  p += strlen(phrase);
  /* a phrase that is the start of a longer word is no match
   * ("Advertisers"); an ending of two letters is ("Kommentare") */
  size_t more = 0;
  while (isalpha((unsigned char)p[more]))
    more++;
  if (more > 2)
    return 0;
  p += more;
  if (!pith_text_ends_sentence(s, len))
    return 1;
  if (len >= 60)
    return 0;
  if (pith_text_count_words(phrase, PITH_UNTIL_NUL) >= 2)
    return 1;
  return !(*p == ' ' && isalpha((unsigned char)p[1]));
}

/* Notices a site puts in or after every article, found anywhere in a
 * short block: the login prompt of the comments, the paywall's pitch, the
 * disclaimer of opinion pieces, the reprint notice. */
static const char *const notice_phrases[] = {
    /* comments closed to guests */
    "logged in to post a comment", "must be logged in to", "log in to comment",
    "sign in to comment", "einloggen, um", "angemeldet sein, um",
    "um kommentare zu schreiben", "um zu kommentieren", "pour commenter",
    "connecté pour", "para comentar debes", "debes registrarte",
    "iniciar sesión para comentar", "per commentare", "om te reageren",
    "aby dodać komentarz", "чтобы оставить комментарий",
    /* paywalls */
    "to view the full story", "to continue reading this",
    "already a subscriber", "subscribers also receive", "bereits abonnent",
    "schon abonnent", "déjà abonné", "ya eres suscriptor", "già abbonato",
    "já é assinante",
    /* opinion disclaimers */
    "do not necessarily reflect", "not responsible for the opinions",
    "meinung des autors wieder", "nicht notwendigerweise die",
    "ne reflètent pas nécessairement", "no necesariamente reflejan",
    "non riflettono necessariamente", "não refletem necessariamente",
    /* reprint notices */
    "copyrighted property of", "written permission must be",
    "without written permission", "ohne schriftliche genehmigung",
    "sans autorisation écrite", "sin autorización escrita"};

/* An unrendered shortcode widget: "[button link=...]Send us a
 * review[/button]" — a block that opens with "[name" and closes with
 * "[/name]" around a short label. */
static int is_shortcode_widget(const char *s, size_t len) {
  if (len < 6 || len > 300 || s[0] != '[' || !islower((unsigned char)s[1]))
    return 0;
  size_t n = 1;
  while (n < len && (islower((unsigned char)s[n]) || s[n] == '_'))
    n++;
  size_t name = n - 1;
  if (s[n] != ' ' && s[n] != ']')
    return 0;
  const char *close = strchr(s, ']');
  if (!close || len < name + 3)
    return 0;
  const char *end = s + len - (name + 3); /* where "[/name]" must start */
  if (end <= close || end[0] != '[' || end[1] != '/' ||
      strncmp(end + 2, s + 1, name) != 0 || end[2 + name] != ']')
    return 0;
  return end - close - 1 <= 80;
}

/* A teaser headline labelled in capitals at its end: "Plague fears
 * grow in Beijing [VIDEO]", "... [INSIGHT]|". */
static int is_labelled_line(const char *s, size_t len) {
  if (len > 200)
    return 0;
  while (len && (s[len - 1] == '|' || s[len - 1] == ' '))
    len--;
  if (len < 5 || s[len - 1] != ']')
    return 0;
  size_t caps = 0;
  size_t i = len - 1;
  while (i > 0 && isupper((unsigned char)s[i - 1])) {
    caps++;
    i--;
  }
  return caps >= 3 && i > 0 && s[i - 1] == '[';
}

/* A block of such headlines, one per line, under a label ("DON'T
 * MISS") or not. */
static int is_labelled_teaser(const char *s, size_t len) {
  if (len > 1200)
    return 0;
  const char *end = s + len;
  size_t labelled = 0;
  for (int first = 1; s < end; first = 0) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
    if (is_labelled_line(s, n)) {
      labelled++;
    } else {
      char label[64];
      if (!first || !nl || n >= sizeof label)
        return 0;
      memcpy(label, s, n);
      label[n] = '\0';
      if (!has_boiler_prefix(label, n))
        return 0;
    }
    s += n + (nl != NULL);
  }
  return labelled > 0;
}

/* A newsletter pitch: the word for a newsletter and a call to sign up. */
static int is_newsletter_pitch(const char *s) {
  static const char *const letter[] = {"newsletter", "infolettre", "boletín"};
  static const char *const call[] = {"sign up",   "subscribe",
                                     "abonnier",  "anmeld",
                                     "inscri",    "suscrí",
                                     "suscrib",   "iscriviti",
                                     "register",  "delivered to your",
                                     "bestellen", "melden sie sich"};
  int has_letter = 0;
  for (size_t i = 0; i < sizeof letter / sizeof *letter && !has_letter; i++)
    has_letter = pith_ascii_strcasestr(s, letter[i]) != NULL;
  if (!has_letter)
    return 0;
  for (size_t i = 0; i < sizeof call / sizeof *call; i++)
    if (pith_ascii_strcasestr(s, call[i]))
      return 1;
  return 0;
}

static int is_notice(const char *s, size_t len) {
  if (len > 300)
    return 0;
  for (size_t i = 0; i < sizeof notice_phrases / sizeof *notice_phrases; i++)
    if (pith_ascii_strcasestr(s, notice_phrases[i]))
      return 1;
  return is_newsletter_pitch(s);
}

/* Labels that open a picture caption or credit, whatever follows them. */
static const char *const caption_prefixes[] = {
    "photo:",        "photograph:",     "photo by",         "photos by",
    "image:",        "image by",        "picture:",         "credit:",
    "photo credit",  "image credit",    "image copyright",  "picture copyright",
    "image caption", "picture caption", "media caption",    "foto:",
    "fotos:",        "bild:",           "bildquelle",       "titelbild:",
    "abbildung:",    "abb.:",           "beitragsbild",     "crédit photo",
    "photo :",       "légende :",       "vergrößern",       "enlarge image",
    "фото:",         "caption:",        "bildunterschrift", "bildtext:",
    "légende",       "pie de foto",     "didascalia",       "подпись к фото",
    "crédits photo", "crédits :",       "crédit :",         "credits:",
    "photo credits", "bildnachweis",    "fotonachweis",     "créditos:",
    "crédito:",      "foto di",         "zdjęcie:",         "kuva:",
};

/* "See also" lines: a one-line link to another article, even when its
 * headline ends with a question mark. */
static const char *const reference_prefixes[] = {
    "read more",
    "read also",
    "also read",
    "see also",
    "related:",
    "lire aussi",
    "à lire aussi",
    "voir aussi",
    "lire la suite",
    "lea tambi",
    "lea más",
    "vea tambi",
    "ver tambi",
    "puedes ver",
    "te puede interesar",
    "le puede interesar",
    "mira tambi",
    "leggi anche",
    "lesen sie auch",
    "mehr zum thema",
    "auch interessant",
    "читайте также",
    "смотрите также",
    "lesen sie hier",
    "lesen sie mehr",
    "hier lesen",
    "mehr dazu",
    "audios et vidéos",
    "vidéos sur le sujet",
    "submit your letter",
    "submit a letter",
    "we want to hear what you think",
};

static int is_tail_marker(const char *s, size_t len) {
  if (len > 60)
    return 0;
  size_t words = pith_text_count_words(s, PITH_UNTIL_NUL);
  for (size_t i = 0; i < sizeof tail_markers / sizeof *tail_markers; i++)
    /* the marker and a section name at most: "More in Politics", "More
     * from The Times"; "Recommended changes to bus routes" is a heading */
    if (starts_with_ci(s, tail_markers[i]) &&
        words <= pith_text_count_words(tail_markers[i], PITH_UNTIL_NUL) + 2)
      return 1;
  return 0;
}

/* The heading of the comments: a count and the word for them, "34
 * responses to ...", "12 Kommentare zu ...", "3 réponses à ...". */
static int is_comments_heading(const char *s, size_t len) {
  static const char *const words[] = {
      "responses",    "response",    "comments",    "comment",
      "replies",      "reply",       "thoughts",    "kommentare",
      "kommentar",    "antworten",   "réponses",    "réponse",
      "commentaires", "commentaire", "comentarios", "comentario",
      "risposte",     "commenti",    "reacties",    "komentarze",
      "комментариев", "комментария", "комментарий"};
  if (len > 150 || !isdigit((unsigned char)s[0]))
    return 0;
  const char *p = s;
  while (isdigit((unsigned char)*p))
    p++;
  if (*p != ' ')
    return 0;
  p++;
  for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
    size_t n = strlen(words[i]);
    if (starts_with_ci(p, words[i]) && !isalpha((unsigned char)p[n]))
      return 1;
  }
  return 0;
}

/* A line of post metadata: two or more labels such as "Posted by:",
 * "Category:", "Tags:" ("05/10/2018 - Publicado por: Ana - Categoria:
 * Saúde - Tags: ..."). */
static int is_meta_line(const char *s, size_t len) {
  static const char *const labels[] = {
      "posted by:", "published by:", "category:",      "categories:",
      "tags:",      "filed under:",  "publicado por:", "categoria:",
      "categoría:", "etiquetas:",    "kategorie:",     "schlagwörter:",
      "catégorie:", "étiquettes:",   "categorie:"};
  if (len > 300)
    return 0;
  size_t found = 0;
  for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
    if (pith_ascii_strcasestr(s, labels[i]))
      found++;
  return found >= 2;
}

/* "By Jane Doe", "By JANE DOE and JOHN ROE, Reuters", "Von ...", "Par ..." */
static int is_byline(const char *s, size_t len) {
  static const char *const by[] = {
      "by ",   "written by ", "von ",          "par ",      "por ",     "di ",
      "door ", "автор",       "reporting by ", "story by ", "words by "};
  if (len > 100 || pith_text_ends_clause(s, len))
    return 0;
  for (size_t i = 0; i < sizeof by / sizeof *by; i++) {
    if (!starts_with_ci(s, by[i]))
      continue;
    /* a name follows: "By Jane Doe", not "By the numbers" */
    const char *name = s + strlen(by[i]);
    while (*name == ' ' || *name == ':')
      name++;
    return pith_text_count_words(s, PITH_UNTIL_NUL) <= 12 && starts_upper(name);
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

/* "Published 3 hours ago", "Updated: 19 Nov 2019", "November 19, 2019" */
static int is_dateline(const char *s, size_t len) {
  static const char *const words[] = {
      "published",     "updated",        "posted",       "last updated",
      "last modified", "veröffentlicht", "aktualisiert", "publié",
      "mis à jour",    "publicado",      "actualizado",  "pubblicato",
      "aggiornato",    "опубликовано",   "обновлено"};
  static const char *const months[] = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  if (len > 80)
    return 0;
  size_t digits = 0;
  for (const char *p = s; *p; p++)
    digits += isdigit((unsigned char)*p) != 0;
  /* "Published in 1951, the novel sold poorly." is a sentence; "Posted:
   * Thursday, April 21, 2022. 10:11 pm." is a dateline */
  int sentence = pith_text_ends_sentence(s, len) && digits * 8 < len;
  for (size_t i = 0; i < sizeof words / sizeof *words && !sentence; i++)
    if (starts_with_ci(s, words[i]))
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
  return only_date_chars;
}

/* Whether two strings are the same once case and non-alphanumerics are
 * ignored (titles with different punctuation or quotes). */
static int same_letters(const char *a, const char *b) {
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

static uint64_t text_hash(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ull; /* FNV-1a */
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211ull;
  }
  return h ? h : 1;
}

/* An open-addressing set of block indexes, keyed by text hash, so repetition
 * is found in linear time even over a million lines. */
typedef struct seen_set {
  uint64_t *hashes;
  size_t *index;
  size_t mask;
} seen_set;

static int seen_init(seen_set *set, size_t n) {
  size_t cap = 64;
  while (cap < n * 2)
    cap *= 2;
  set->hashes = calloc(cap, sizeof *set->hashes);
  set->index = calloc(cap, sizeof *set->index);
  set->mask = cap - 1;
  if (!set->hashes || !set->index) {
    pith_nomem_note();
    free(set->hashes);
    free(set->index);
    return -1;
  }
  return 0;
}

/* Returns the index of an earlier block with the same text, or (size_t)-1
 * after inserting block i. */
static size_t seen_find_or_add(seen_set *set, const pith_blocks *blocks,
                               size_t i) {
  const pith_block *b = &blocks->items[i];
  uint64_t h = text_hash(b->text, b->text_len);
  for (size_t slot = h & set->mask;; slot = (slot + 1) & set->mask) {
    if (!set->hashes[slot]) {
      set->hashes[slot] = h;
      set->index[slot] = i;
      return (size_t)-1;
    }
    if (set->hashes[slot] == h) {
      const pith_block *o = &blocks->items[set->index[slot]];
      if (o->text_len == b->text_len &&
          memcmp(o->text, b->text, b->text_len) == 0)
        return set->index[slot];
    }
  }
}

/* Whether a block with the same text as block i is in the set (block i
 * itself excluded). */
static int seen_contains(const seen_set *set, const pith_blocks *blocks,
                         const pith_block *b) {
  uint64_t h = text_hash(b->text, b->text_len);
  for (size_t slot = h & set->mask; set->hashes[slot];
       slot = (slot + 1) & set->mask) {
    if (set->hashes[slot] != h)
      continue;
    const pith_block *o = &blocks->items[set->index[slot]];
    if (o != b && o->text_len == b->text_len &&
        memcmp(o->text, b->text, b->text_len) == 0)
      return 1;
  }
  return 0;
}

/* A label that announces the caption on the next line: "Picture caption",
 * "Image caption", "Media caption" standing alone. */
static int is_caption_label(const char *s, size_t len) {
  static const char *const labels[] = {"picture caption",  "image caption",
                                       "media caption",    "caption",
                                       "bildunterschrift", "légende"};
  for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
    if (len <= strlen(labels[i]) + 2 && starts_with_ci(s, labels[i]))
      return 1;
  return 0;
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
static int has_credit_cue(const char *s, size_t len) {
  /* a long sentence that names an agency is news, not a credit */
  if (len > 400 || (len >= 80 && pith_text_ends_sentence(s, len)))
    return 0;
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
  }
  return 0;
}

/* The reporting credit at the foot of a story: "Jane Doe contributed to
 * this report.", "Keith Bradsher contributed reporting from Hong Kong." */
static int is_contributor_line(const char *s, size_t len) {
  static const char *const cues[] = {
      "contributed to this report", "contributed reporting",
      "contributed to this story",  "ha contribuido a este informe",
      "a contribué à cet article",  "zu diesem bericht beigetragen"};
  if (len > 300)
    return 0;
  for (size_t i = 0; i < sizeof cues / sizeof *cues; i++)
    if (pith_ascii_strcasestr(s, cues[i]))
      return 1;
  return 0;
}

/* A caption that ends with its picture's credit: "Marco Odermatt, ski
 * star. (c) AFP / NAME", "3/28 photos (c) Shutterstock" — a copyright sign
 * in the last 60 bytes of a short block, followed by a few words and no
 * year (a notice with a year, "(c) 2019 The Times. All rights reserved",
 * is another matter). */
static int ends_with_credit(const char *s, size_t len) {
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
static int is_image_name(const char *s, size_t len) {
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

/* A caption that lost its image: a long line that reads like a sentence
 * but has no final stop, between two paragraphs that have one. Titles and
 * subheadings are short or at the top; list items are not paragraphs. Only
 * for text: in HTML a caption keeps its markup (figcaption, caption
 * classes), and unpunctuated paragraphs there are mostly real. */
static int is_stray_caption(const pith_blocks *blocks, size_t i) {
  const pith_block *b = &blocks->items[i];
  if (i < 2 || i + 1 >= blocks->count || b->text_len < 60 ||
      pith_text_ends_clause(b->text, b->text_len) ||
      pith_text_count_words(b->text, PITH_UNTIL_NUL) < 8)
    return 0;
  const pith_block *prev = &blocks->items[i - 1];
  const pith_block *next = &blocks->items[i + 1];
  return prev->kind == BLOCK_PARAGRAPH && next->kind == BLOCK_PARAGRAPH &&
         prev->text_len >= 60 && next->text_len >= 60 &&
         pith_text_ends_clause(prev->text, prev->text_len) &&
         pith_text_ends_clause(next->text, next->text_len);
}

/* "Read more" or "Continue reading" alone is a button that unfolds the
 * rest of the article, not the head of a teaser list. */
static int is_expander(const char *s) {
  static const char *const labels[] = {"read more",   "continue reading",
                                       "weiterlesen", "lire la suite",
                                       "leer más",    "show more"};
  for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
    if (starts_with_ci(s, labels[i]) && strlen(s) <= strlen(labels[i]) + 3)
      return 1;
  return 0;
}

/* Whether the article visibly continues after block `from`: three or more
 * long paragraphs without links that end like sentences are text, not
 * teasers. */
static int article_goes_on(const pith_blocks *blocks, size_t from) {
  size_t prose = 0;
  for (size_t j = from; j < blocks->count; j++) {
    const pith_block *o = &blocks->items[j];
    if (o->kind == BLOCK_PARAGRAPH && o->text_len >= 150 && o->link_len == 0 &&
        pith_text_ends_clause(o->text, o->text_len))
      prose++;
  }
  return prose >= 3;
}

static int is_prose(const pith_block *b) {
  return b->kind == BLOCK_PARAGRAPH && !b->drop && b->text_len >= 60 &&
         b->link_len == 0 && pith_text_ends_sentence(b->text, b->text_len);
}

/* A headline of a teaser: a short line without a final stop that no other
 * rule took. */
static int is_headline_like(const pith_block *b) {
  return !b->drop && b->text_len < 120 &&
         !pith_text_ends_sentence(b->text, b->text_len);
}

/* Where the teaser block that starts at `from` ends. Teasers run to the end
 * of the text unless the article resumes: a prose paragraph after which no
 * teaser headline comes (a "Related articles" box in mid-article, then the
 * rest of the story and its share buttons). A summary between two teaser
 * headlines is a teaser too. */
static size_t teaser_block_end(const pith_blocks *blocks, size_t from) {
  size_t n = blocks->count;
  for (size_t k = from + 1; k < n; k++) {
    if (!is_prose(&blocks->items[k]))
      continue;
    int headline_after = 0;
    for (size_t j = k + 1; j < n && !headline_after; j++)
      headline_after = is_headline_like(&blocks->items[j]);
    if (!headline_after)
      return k;
  }
  return n;
}

/* Precision mode: what the balanced rules keep on the benefit of the doubt.
 * A short block with more link text than plain text, and at either edge of
 * the body the short lines that are no sentence (kickers, bylines, labels,
 * "More on this" headings), up to the first and after the last real
 * paragraph. */
static void drop_uncertain(pith_blocks *blocks) {
  size_t n = blocks->count;
  for (size_t i = 0; i < n; i++) {
    pith_block *b = &blocks->items[i];
    if (!b->drop && b->kind != BLOCK_CODE && b->kind != BLOCK_TABLE &&
        b->kind != BLOCK_HEADING && b->text_len < 200 &&
        b->link_len * 2 > b->text_len) {
      b->drop = 1;
      b->rule = "uncertain-links";
    }
  }
  for (int from_end = 0; from_end < 2; from_end++) {
    for (size_t k = 0; k < n; k++) {
      pith_block *b = &blocks->items[from_end ? n - 1 - k : k];
      if (b->drop || b->kind == BLOCK_CAPTION)
        continue;
      if (b->kind == BLOCK_PARAGRAPH &&
          pith_utf8_length(b->text, b->text_len) >= 80 &&
          pith_text_ends_sentence(b->text, b->text_len))
        break;
      /* a list at an edge is judged by the cleaning rules, item by item
       * it would be cut from the top or the bottom */
      if ((b->kind == BLOCK_HEADING && !from_end) ||
          b->kind == BLOCK_LIST_ITEM || b->kind == BLOCK_TABLE)
        continue;
      if (pith_utf8_length(b->text, b->text_len) < 80 &&
          !pith_text_ends_sentence(b->text, b->text_len)) {
        b->drop = 1;
        b->rule = "uncertain-edge";
      }
    }
  }
}

/* A paragraph whose first line (before a <br>) is its post's metadata,
 * byline or dateline, and whose text follows: the line goes, the text
 * stays ("05/10/2018 - Posted by: Ana - Category: Health" above the
 * story in one <p>). */
static void cut_first_line(pith_block *b) {
  if (b->kind != BLOCK_PARAGRAPH || !b->text || !b->markdown)
    return;
  char *nl = strchr(b->text, '\n');
  if (!nl)
    return;
  size_t first = (size_t)(nl - b->text);
  if (b->text_len - first < 100 || first == 0 || first >= 300)
    return;
  char line[300];
  memcpy(line, b->text, first);
  line[first] = '\0';
  if (!is_meta_line(line, first) && !is_byline(line, first) &&
      !is_dateline(line, first))
    return;
  char *mnl = strchr(b->markdown, '\n');
  if (!mnl)
    return;
  memmove(b->text, nl + 1, strlen(nl + 1) + 1);
  b->text_len = strlen(b->text);
  memmove(b->markdown, mnl + 1, strlen(mnl + 1) + 1);
  if (b->link_len > b->text_len)
    b->link_len = b->text_len;
}

void pith_debris_judge(pith_blocks *blocks, const debris_context *ctx) {
  size_t n = blocks->count;
  seen_set set;
  int have_set = seen_init(&set, n) == 0;
  size_t longest_before = 0;
  size_t tail = (size_t)-1; /* where a teaser block starts */
  /* Captions and alt texts first, so that a copy is found before or after
   * its image. */
  seen_set captions;
  int have_captions = 0;
  for (size_t i = 0; i < n; i++)
    if (blocks->items[i].kind == BLOCK_CAPTION && !have_captions)
      have_captions = seen_init(&captions, n) == 0;
  if (have_captions)
    for (size_t i = 0; i < n; i++)
      if (blocks->items[i].kind == BLOCK_CAPTION &&
          blocks->items[i].text_len >= 20)
        seen_find_or_add(&captions, blocks, i);
  size_t total = 0;
  if (ctx->from_html)
    for (size_t i = 0; i < n; i++)
      cut_first_line(&blocks->items[i]);
  for (size_t i = 0; i < n; i++) {
    blocks->items[i].drop = 0;
    blocks->items[i].rule = "content";
    if (blocks->items[i].kind != BLOCK_CAPTION)
      total += blocks->items[i].text_len;
  }
  size_t seen = 0;
  for (size_t i = 0; i < n; i++) {
    pith_block *b = &blocks->items[i];
    const char *t = b->text;
    size_t len = b->text_len;
    if (b->kind == BLOCK_CAPTION || (b->in_figure && b->kind != BLOCK_TABLE)) {
      b->drop = 1;
      b->rule = "caption";
    } else if (i > 0 &&
               is_caption_label(blocks->items[i - 1].text,
                                blocks->items[i - 1].text_len) &&
               len < 300 && !pith_text_ends_clause(t, len)) {
      b->drop = 1;
      b->rule = "caption";
    } else if (b->kind != BLOCK_CODE &&
               (has_credit_cue(t, len) || ends_with_credit(t, len) ||
                is_contributor_line(t, len))) {
      b->drop = 1;
      b->rule = "credit";
    } else if (b->kind != BLOCK_CODE && is_image_name(t, len)) {
      b->drop = 1;
      b->rule = "image-name";
    } else if (!ctx->from_html && b->kind == BLOCK_PARAGRAPH &&
               is_stray_caption(blocks, i)) {
      b->drop = 1;
      b->rule = "caption-unpunctuated";
    } else if (ctx->title && b->kind == BLOCK_HEADING &&
               same_letters(t, ctx->title)) {
      b->drop = 1;
      b->rule = "title-repeat";
    } else if (ctx->from_html && b->kind == BLOCK_HEADING && b->level == 1 &&
               longest_before < 100) {
      /* The page's headline opens the content; the title field has it.
       * The short lines above it are its kicker, section label or
       * breadcrumb. */
      b->drop = 1;
      b->rule = "title-repeat";
    } else if (ctx->title && seen * 3 < total && len < 300 &&
               same_letters(t, ctx->title)) {
      b->drop = 1;
      b->rule = "title-repeat";
    } else if (b->kind != BLOCK_CODE && is_share_line(t)) {
      b->drop = 1;
      b->rule = "share";
    } else if (b->kind != BLOCK_CODE && is_follow_line(t, len)) {
      b->drop = 1;
      b->rule = "share";
    } else if (b->kind != BLOCK_CODE && len < 300 &&
               has_prefix_in(t, caption_prefixes,
                             sizeof caption_prefixes /
                                 sizeof *caption_prefixes)) {
      b->drop = 1;
      b->rule = "caption-label";
    } else if (b->kind != BLOCK_CODE && is_numbered_figure_label(t, len)) {
      b->drop = 1;
      b->rule = "caption-label";
    } else if (b->kind != BLOCK_CODE && len < 250 &&
               has_prefix_in(t, reference_prefixes,
                             sizeof reference_prefixes /
                                 sizeof *reference_prefixes)) {
      b->drop = 1;
      b->rule = "see-also";
    } else if (b->kind != BLOCK_CODE && len < 200 &&
               has_boiler_prefix(t, len)) {
      b->drop = 1;
      b->rule = "boilerplate-phrase";
    } else if (b->kind != BLOCK_CODE && is_shortcode_widget(t, len)) {
      b->drop = 1;
      b->rule = "shortcode";
    } else if (b->kind != BLOCK_CODE && is_labelled_teaser(t, len)) {
      b->drop = 1;
      b->rule = "teaser-label";
    } else if (b->kind != BLOCK_CODE && is_meta_line(t, len)) {
      b->drop = 1;
      b->rule = "meta-line";
    } else if (b->kind != BLOCK_CODE && is_notice(t, len)) {
      b->drop = 1;
      b->rule = "notice";
    } else if (b->kind != BLOCK_LIST_ITEM && is_byline(t, len)) {
      b->drop = 1;
      b->rule = "byline";
    } else if (b->kind != BLOCK_LIST_ITEM && is_dateline(t, len)) {
      b->drop = 1;
      b->rule = "dateline";
    } else if (b->text_len && b->kind != BLOCK_HEADING &&
               ctx->tune->drop_link_lines &&
               ((len < 200 && b->link_len * 10 >= b->text_len * 8) ||
                (len < 50 && b->link_len * 10 >= b->text_len * 6))) {
      b->drop = 1;
      b->rule = "link";
    }
    /* Repetition: a block equal to an earlier kept one (doubled captions,
     * pull quotes). Short list items and table rows may repeat. */
    if (b->drop && strcmp(b->rule, "title-repeat") == 0 && ctx->from_html &&
        longest_before < 100)
      for (size_t j = 0; j < i; j++)
        if (!blocks->items[j].drop && blocks->items[j].kind != BLOCK_CAPTION) {
          blocks->items[j].drop = 1;
          blocks->items[j].rule = "kicker";
        }
    /* The copy of an image's caption or alt text elsewhere in the text. */
    if (!b->drop && b->kind != BLOCK_CAPTION && have_captions &&
        seen_contains(&captions, blocks, b)) {
      b->drop = 1;
      b->rule = "caption-repeat";
    }
    if (len >= 20 && b->kind != BLOCK_TABLE && have_set) {
      size_t earlier = seen_find_or_add(&set, blocks, i);
      if (earlier != (size_t)-1) {
        if (!b->drop) {
          b->drop = 1;
          b->rule = "repeat";
        }
        /* The same line twice in a row is a caption and its copy (alt
         * text, a credit block): neither is article text. So is a line
         * without a final stop that comes back later (a caption above and
         * below its picture); a repeated sentence is a pull quote, and only
         * the copy goes. */
        if (len < 400 &&
            (earlier + 1 == i || (b->kind == BLOCK_PARAGRAPH &&
                                  !pith_text_ends_sentence(t, len)))) {
          blocks->items[earlier].drop = 1;
          blocks->items[earlier].rule = "caption-repeat";
          b->rule = "caption-repeat";
        }
      }
    }
    /* A tail marker in the last part of the text starts a teaser block. */
    int marker_may_start = !b->drop ||
                           strcmp(b->rule, "boilerplate-phrase") == 0 ||
                           strcmp(b->rule, "see-also") == 0;
    if (tail == (size_t)-1 && marker_may_start &&
        (is_tail_marker(t, len) || is_comments_heading(t, len)) &&
        !pith_text_ends_sentence(t, len) && seen * 2 >= total && total > 0 &&
        !is_expander(t) && !article_goes_on(blocks, i + 1))
      tail = i;
    seen += len;
    if (!b->drop && len > longest_before)
      longest_before = len;
  }
  if (tail != (size_t)-1) {
    size_t end = teaser_block_end(blocks, tail);
    for (size_t j = tail; j < end; j++) {
      blocks->items[j].drop = 1;
      blocks->items[j].rule = "teaser-block";
    }
  }
  if (ctx->tune->drop_uncertain)
    drop_uncertain(blocks);
  if (have_set) {
    free(set.hashes);
    free(set.index);
  }
  if (have_captions) {
    free(captions.hashes);
    free(captions.index);
  }
}
