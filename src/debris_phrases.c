/* The phrase lists of the debris rules and the matchers over them: short,
 * common boilerplate ("Advertisement", "Read more at", "Lesen Sie auch"),
 * the markers after which an article's tail is teasers ("More in ...",
 * "Related articles"), share words, caption and credit labels, see-also
 * prefixes and site notices, in several languages. Each matcher judges one
 * line of text alone; the rules in debris_rules.c put them in context. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "debris.h"

/* Whether s starts with prefix (given in lower case), ignoring case, and
 * skipping leading marks such as '*', '>' or '|'. */
static const char *after_marks(const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  for (;;) {
    if (*p && (*p == '*' || *p == '>' || *p == '|' || *p == '-' || *p == '+' ||
               *p == '#' || *p == ' ' || *p == '[' || *p == '('))
      p++;
    else if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA2 || p[2] == 0xBA))
      p += 3; /* a bullet "•", "›" */
    else if (p[0] == 0xC2 && (p[1] == 0xB7 || p[1] == 0xBB))
      p += 2; /* "·", "»" */
    else
      return (const char *)p;
  }
}

int pith_debris_starts_with(const char *s, const char *prefix) {
  return pith_text_has_prefix_ci(after_marks(s), PITH_UNTIL_NUL, prefix);
}

static int equals_ci(const char *s, const char *word) {
  return strcasecmp(s, word) == 0;
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
    /* mined from the development pages (mine_phrases.py): comment forms,
     * navigation, syndication and credits that many sites repeat */
    "post a comment",
    "post your comment",
    "add a comment",
    "add your comment",
    "notify me of",
    "your email address will not",
    "your email will not",
    "save my name, email",
    "click here to cancel reply",
    "cancel reply",
    "email to a friend",
    "e-mail this",
    "e-mail to a friend",
    "printer friendly",
    "printer-friendly",
    "print article",
    "text size",
    "font size",
    "view larger",
    "view all comments",
    "view comments",
    "have your say",
    "join the conversation",
    "join the discussion",
    "discussion policy",
    "comment policy",
    "community guidelines",
    "comments are closed",
    "comments are moderated",
    "comments are subject to",
    "trackback",
    "tagged:",
    "tagged as:",
    "tagged with:",
    "categories:",
    "category:",
    "send feedback",
    "send us a tip",
    "got a news tip",
    "get reprints",
    "report an error",
    "report a typo",
    "suggest a correction",
    "powered by",
    "copyright",
    "connect with us",
    "most viewed",
    "most commented",
    "most shared",
    "recent posts",
    "recent comments",
    "older post",
    "newer post",
    "subscribe in a reader",
    "subscribe by rss",
    "subscribe by email",
    "get latest headlines",
    "get the latest",
    "delivered by feedburner",
    "like this:",
    "like loading",
    "suka memuat",
    "you are here:",
    "you are at:",
    "zum inhalt springen",
    "direkt zum inhalt",
    "nach oben",
    "zurück zur",
    "schreibe einen kommentar",
    "kommentar verfassen",
    "kommentar schreiben",
    "benachrichtige mich",
    "informiere mich über",
    "du kommentierst mit",
    "gib hier deinen kommentar",
    "trage deine daten",
    "beitrag nicht abgeschickt",
    "ihr blog kann leider",
    "e-mail-überprüfung fehlgeschlagen",
    "sorry, your blog cannot",
    "post was not sent",
    "email check failed",
    "ähnliche beiträge",
    "neueste beiträge",
    "schriftgröße",
    "mehr erfahren",
    "aller au contenu",
    "laisser un commentaire",
    "écrire un commentaire",
    "dejar un comentario",
    "deja un comentario",
    "lascia un commento",
    "deixe um comentário",
    "laat een reactie achter",
    "dodaj komentarz",
    "jätä kommentti",
    "lue myös",
    "lue lisää",
    "läs också",
    "läs mer",
    "læs også",
    "les også",
    "lees ook",
    "leia também",
    "leia mais",
    "czytaj także",
    "czytaj więcej",
    "zobacz też",
    "zobacz także",
    "temas relacionados",
    "lo más visto",
    "las más leídas",
    "últimas noticias",
    "articles les plus lus",
    "most emailed",
    "most e-mailed",
    "you may like",
    "in other news",
    "cross references",
    "additional reporting by",
    "with reporting by",
    /* where the text resumes after a box, and the boxes' labels */
    "story continues",
    "article continues",
    "discussion continues",
    "continue reading below",
    "la suite après",
    "weiter nach der anzeige",
    "el artículo continúa",
    "la noticia continúa",
    "not a subscriber?",
    "got something to say",
    "rate this:",
    "font:",
    "schrift:",
    "this entry was posted",
    "this entry was filed",
    /* forms to mail the story or to prove a commenter human */
    "security question",
    "please leave these two fields",
    "type the characters",
    "send me a copy",
    "add a message:",
    "share/save",
    "share the article",
    "font scale",
    "related topics",
    "you may also be interested",
    "verwandte themen",
};
PITH_PREFIX_LIST(boiler_prefix_list, boiler_prefixes);

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
PITH_PREFIX_LIST(tail_marker_list, tail_markers);

/* Words that make up share bars, with the bookmark services of older ones
 * ("Del.icio.us", "Digg it", "Stumble it", "Like Tweet +1", "Digg this
 * story", "Add to Del.icio.us"). */
static const char *const share_words[] = {
    "facebook",  "twitter",   "x",           "email",     "e-mail",
    "print",     "whatsapp",  "linkedin",    "pinterest", "reddit",
    "share",     "tweet",     "copy",        "link",      "telegram",
    "messenger", "flipboard", "mail",        "comments",  "comment",
    "save",      "teilen",    "drucken",     "partager",  "compartir",
    "condividi", "copied",    "url",         "digg",      "delicious",
    "del",       "icio",      "stumbleupon", "stumble",   "instapaper",
    "tumblr",    "newsvine",  "buffer",      "google+",   "pin",
    "it",        "like",      "recommend",   "us",        "+1",
    "this",      "story",     "article",     "add",       "to",
};

int pith_debris_is_share_line(const char *s) {
  /* every word of the line is a share word, after a bullet */
  char word[32];
  size_t wl = 0, words = 0;
  for (const char *p = after_marks(s);; p++) {
    int boundary = !*p || isspace((unsigned char)*p) || *p == '|' ||
                   *p == '/' || *p == ',' || *p == '.' || *p == '!';
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

/* Words of a page's tools and feeds that, besides the share words, make
 * an item of a tool bar. */
static const char *const tool_words[] = {
    "rss",      "feed",     "feeds",   "newsletter", "newsletters", "download",
    "reprints", "reprint",  "bio",     "subscribe",  "search",      "home",
    "archive",  "archives", "podcast", "transcript", "feedback",    "alerts"};

/* Whether the n bytes at s are one item of a tool bar made only of share
 * and tool words ("E-mail", "RSS Feeds", "Download mp3" is not). */
static int tool_item(const char *s, size_t n) {
  size_t words = 0, known = 0;
  for (size_t k = 0; k < n;) {
    while (k < n && s[k] == ' ')
      k++;
    size_t start = k;
    while (k < n && s[k] != ' ')
      k++;
    char word[24];
    size_t wl = k - start;
    if (!wl)
      break;
    if (wl >= sizeof word)
      return 0;
    memcpy(word, s + start, wl);
    word[wl] = '\0';
    words++;
    int found = 0;
    for (size_t w = 0; w < sizeof share_words / sizeof *share_words && !found;
         w++)
      found = equals_ci(word, share_words[w]);
    for (size_t w = 0; w < sizeof tool_words / sizeof *tool_words && !found;
         w++)
      found = equals_ci(word, tool_words[w]);
    known += found;
  }
  return words && known == words;
}

int pith_debris_is_tool_bar(const char *s, size_t len) {
  /* three or more short items between bars, none a sentence, one of them
   * a share or tool item: "Jane Doe Bio | E-mail | Recent columns",
   * "RSS Feeds | Newsletters | Mobile" */
  if (len > 200 || !strchr(s, '|'))
    return 0;
  size_t items = 0, tools = 0;
  const char *p = s;
  for (;;) {
    const char *bar = strchr(p, '|');
    const char *end = bar ? bar : s + len;
    const char *a = p, *b = end;
    while (a < b && *a == ' ')
      a++;
    while (b > a && b[-1] == ' ')
      b--;
    if (b > a) {
      size_t n = (size_t)(b - a);
      if (n > 32 || b[-1] == '.' || b[-1] == '?' || b[-1] == '!' ||
          pith_text_count_words(a, n) > 4)
        return 0;
      items++;
      tools += tool_item(a, n);
    }
    if (!bar)
      break;
    p = bar + 1;
  }
  return items >= 3 && tools >= 1;
}

/* The first phrase of the list that s starts with (as
 * pith_debris_starts_with judges it), or NULL. */
static const char *has_prefix_in(const char *s, pith_prefix_list *list) {
  size_t i = pith_prefix_list_next(list, after_marks(s), PITH_UNTIL_NUL, 0);
  return i < list->count ? list->phrases[i] : NULL;
}

/* Whether a boilerplate phrase opens s as a label or notice, not as the
 * first words of a sentence: the line has no final stop, or the phrase is
 * several words long, or stands alone before punctuation ("Werbung.",
 * "Kommentare (3)"); "Comments by the minister caused an uproar." is a
 * sentence. A copyright sign opens a notice whatever follows. */
/* "Follow The Gleaner on Twitter and Instagram", "Síguenos en Facebook" */
int pith_debris_is_follow_line(const char *s, size_t len) {
  static const char *const follow[] = {"follow ", "folgen sie", "suivez",
                                       "síguenos", "seguici"};
  static const char *const networks[] = {"twitter",  "facebook", "instagram",
                                         "telegram", "youtube",  "tiktok",
                                         "linkedin", "whatsapp"};
  PITH_PREFIX_LIST(follow_list, follow);
  if (len > 250 || !has_prefix_in(s, &follow_list))
    return 0;
  for (size_t i = 0; i < sizeof networks / sizeof *networks; i++)
    if (pith_ascii_strcasestr(s, networks[i]))
      return 1;
  return 0;
}

/* "Abbildung 4:", "Fig. 2.", "Figure 3:", "Bild 1:" — a numbered figure or
 * table label opens a caption. */
int pith_debris_is_figure_label(const char *s, size_t len) {
  static const char *const labels[] = {
      "abbildung", "abb.",         "bild",  "figure", "fig.",
      "foto",      "photo",        "image", "grafik", "tabelle",
      "table",     "illustration", "рис."};
  if (len > 300)
    return 0;
  for (size_t i = 0; i < sizeof labels / sizeof *labels; i++) {
    if (!pith_debris_starts_with(s, labels[i]))
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

int pith_debris_boilerplate_goes_on(const char *s) {
  const char *phrase = has_prefix_in(s, &boiler_prefix_list);
  if (!phrase)
    return 0;
  const char *p = after_marks(s) + strlen(phrase);
  return *p == ' ' && pith_text_count_words(p, PITH_UNTIL_NUL) >= 2;
}

int pith_debris_is_boilerplate(const char *s, size_t len) {
  const char *phrase = has_prefix_in(s, &boiler_prefix_list);
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
  /* but a label glued to the next one is ("Email to a friendPrinter
   * friendly"): a capital right after the phrase */
  if (more > 2 &&
      !(islower((unsigned char)p[-1]) && isupper((unsigned char)*p)))
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

/* An unrendered shortcode widget: "[button link=...]Send us a
 * review[/button]" — a block that opens with "[name" and closes with
 * "[/name]" around a short label. */
int pith_debris_is_shortcode(const char *s, size_t len) {
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

/* A link's label glued to the end of a teaser or a gallery's caption cut
 * short: "Aurora Shooting: Victims Remembered Watch Video", "Fred Willard
 * arrives at the fifth annual... View Full Size". The label is
 * capitalised as a button is; prose that ends "... watch video" is not. */
int pith_debris_ends_with_link_label(const char *s, size_t len) {
  static const char *const labels[] = {
      "watch video",       "play video",     "view full size",
      "view full caption", "view caption",   "see full gallery",
      "view gallery",      "view slideshow", "video ansehen",
      "voir la vidéo",     "ver vídeo",      "ver video",
      "guarda il video"};
  if (len > 200)
    return 0;
  while (len && (s[len - 1] == ' ' || s[len - 1] == '|'))
    len--;
  for (size_t i = 0; i < sizeof labels / sizeof *labels; i++) {
    size_t n = strlen(labels[i]);
    /* the label and at least a few words of text before it */
    if (len < n + 12)
      continue;
    const char *at = s + len - n;
    if (at[-1] != ' ' && at[-1] != '.')
      continue;
    if (!isupper((unsigned char)at[0]) ||
        !pith_text_has_prefix_ci(at, n, labels[i]))
      continue;
    return 1;
  }
  return 0;
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
int pith_debris_is_labelled_teaser(const char *s, size_t len) {
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
      if (!pith_debris_is_boilerplate(label, n))
        return 0;
    }
    s += n + (nl != NULL);
  }
  return labelled > 0;
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
PITH_PREFIX_LIST(caption_prefix_list, caption_prefixes);

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
    /* the neighbouring stories of the site */
    "previous story:",
    "next story:",
    "previous article:",
    "next article:",
    "previous post:",
    "next post:",
    "article précédent",
    "article suivant",
    "artículo anterior",
    "artículo siguiente",
    "vorheriger artikel",
    "nächster artikel",
    "articolo precedente",
    "articolo successivo",
};
PITH_PREFIX_LIST(reference_prefix_list, reference_prefixes);

int pith_debris_is_caption_prefix(const char *s) {
  return has_prefix_in(s, &caption_prefix_list) != NULL;
}

/* Where a phrase that opens s ends (the marks the match skips skipped). */
static const char *after_phrase(const char *s, const char *phrase) {
  while (*s && (*s == '*' || *s == '>' || *s == '|' || *s == '-' || *s == '+' ||
                *s == '#' || *s == ' ' || *s == '[' || *s == '('))
    s++;
  size_t n = strlen(phrase);
  return strlen(s) >= n ? s + n : s + strlen(s);
}

/* Whether the words after an opening phrase go on as a sentence of the
 * article ("Read more about this in chapter 3, where the survey ...")
 * rather than name a link ("Read more: Council votes on budget"): a label
 * ends in ':' or a dash, a sentence ends in a stop after a clause or
 * many words. */
static int goes_on_as_prose(const char *rest) {
  while (*rest == ' ')
    rest++;
  if (!isalpha((unsigned char)*rest) || !islower((unsigned char)*rest))
    return 0;
  size_t len = strlen(rest);
  size_t words = pith_text_count_words(rest, len);
  if (words < 5 || !pith_text_ends_sentence(rest, len))
    return 0;
  for (const char *c = strstr(rest, ", "); c; c = strstr(c + 2, ", "))
    if (islower((unsigned char)c[2]))
      return 1;
  return words >= 12;
}

int pith_debris_is_reference(const char *s) {
  const char *phrase = has_prefix_in(s, &reference_prefix_list);
  return phrase && !goes_on_as_prose(after_phrase(s, phrase));
}

int pith_debris_is_tail_marker(const char *s, size_t len) {
  if (len > 60)
    return 0;
  size_t words = pith_text_count_words(s, PITH_UNTIL_NUL);
  const char *p = after_marks(s);
  for (size_t i =
           pith_prefix_list_next(&tail_marker_list, p, PITH_UNTIL_NUL, 0);
       i < tail_marker_list.count;
       i = pith_prefix_list_next(&tail_marker_list, p, PITH_UNTIL_NUL, i + 1))
    /* the marker and a section name at most: "More in Politics", "More
     * from The Times"; "Recommended changes to bus routes" is a heading */
    if (words <= pith_text_count_words(tail_markers[i], PITH_UNTIL_NUL) + 2)
      return 1;
  return 0;
}

/* The heading of the comments: a count and the word for them, "34
 * responses to ...", "12 Kommentare zu ...", "3 réponses à ...". */
int pith_debris_is_comments_heading(const char *s, size_t len) {
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
    if (pith_debris_starts_with(p, words[i]) && !isalpha((unsigned char)p[n]))
      return 1;
  }
  return 0;
}

/* A line of post metadata: two or more labels such as "Posted by:",
 * "Category:", "Tags:" ("05/10/2018 - Publicado por: Ana - Categoria:
 * Saúde - Tags: ..."). */
int pith_debris_is_meta_line(const char *s, size_t len) {
  static const char *const labels[] = {
      "posted by:", "published by:", "category:",      "categories:",
      "tags:",      "filed under:",  "publicado por:", "categoria:",
      "categoría:", "etiquetas:",    "kategorie:",     "schlagwörter:",
      "catégorie:", "étiquettes:",   "categorie:"};
  if (len > 300)
    return 0;
  /* two of them: the first found, then another after it in the list */
  long first =
      pith_text_find_any(s, len, labels, sizeof labels / sizeof *labels);
  if (first < 0)
    return 0;
  size_t next = (size_t)first + 1;
  return pith_text_find_any(s, len, labels + next,
                            sizeof labels / sizeof *labels - next) >= 0;
}

/* A label that announces the caption on the next line: "Picture caption",
 * "Image caption", "Media caption" standing alone. */
int pith_debris_is_caption_announcer(const char *s, size_t len) {
  static const char *const labels[] = {"picture caption",  "image caption",
                                       "media caption",    "caption",
                                       "bildunterschrift", "légende"};
  for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
    if (len <= strlen(labels[i]) + 2 && pith_debris_starts_with(s, labels[i]))
      return 1;
  return 0;
}

/* "Read more" or "Continue reading" alone is a button that unfolds the
 * rest of the article, not the head of a teaser list. */
int pith_debris_is_expander(const char *s) {
  static const char *const labels[] = {"read more",   "continue reading",
                                       "weiterlesen", "lire la suite",
                                       "leer más",    "show more"};
  for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
    if (pith_debris_starts_with(s, labels[i]) &&
        strlen(s) <= strlen(labels[i]) + 3)
      return 1;
  return 0;
}
