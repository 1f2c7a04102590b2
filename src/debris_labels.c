/* Labels and notices of a site's own furniture, the debris the phrase
 * lists of debris_phrases.c do not open a line with: navigation, account
 * and comment-form labels standing alone ("Privacy Policy", "Name
 * (required)"), page navigation, markup left in the text, and the notices
 * a site prints under every article (comment login prompts, paywall and
 * newsletter pitches, cookie notices, disclaimers), found anywhere in a
 * short block. */
#include <string.h>

#include "debris.h"

/* Page navigation: "« Previous | Next »", "Go to Section (Previous
 * Section - ... - Next Section)": a back and a forward word on a short line
 * that is no sentence. */
static int is_pager(const char *s, size_t len) {
  static const char *const pairs[][2] = {
      {"previous", "next"},      {"prev", "next"},
      {"older", "newer"},        {"zurück", "weiter"},
      {"vorherige", "nächste"},  {"précédent", "suivant"},
      {"anterior", "siguiente"}, {"precedente", "successivo"},
      {"anterior", "próximo"},   {"vorige", "volgende"},
      {"poprzedni", "następny"}, {"edellinen", "seuraava"},
      {"назад", "вперёд"},       {"предыдущая", "следующая"}};
  if (len > 200 || pith_text_ends_sentence(s, len))
    return 0;
  for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
    if (pith_ascii_strcasestr(s, pairs[i][0]) &&
        pith_ascii_strcasestr(s, pairs[i][1]))
      return 1;
  return 0;
}

/* A numbered pager: page numbers and a next or back word, "1 2 3 Next >",
 * "« Zurück 1 2 3 4", nothing else. */
static int is_numbered_pager(const char *s, size_t len) {
  static const char *const words[] = {
      "pages",    "page",       "seite",      "seiten",     "página",
      "pagina",   "sivu",       "next",       "prev",       "previous",
      "weiter",   "zurück",     "suivant",    "précédent",  "siguiente",
      "anterior", "successivo", "precedente", "seuraava",   "edellinen",
      "volgende", "vorige",     "następna",   "poprzednia", "далее",
      "назад",    "last",       "first"};
  if (len > 80)
    return 0;
  size_t numbers = 0, nav = 0;
  const char *p = s, *end = s + len;
  while (p < end) {
    while (p < end && (*p == ' ' || *p == '|' || *p == '>' || *p == '<' ||
                       *p == '.' || *p == '[' || *p == ']'))
      p++;
    if (p >= end)
      break;
    const unsigned char *u = (const unsigned char *)p;
    if ((u[0] == 0xC2 && (u[1] == 0xBB || u[1] == 0xAB)) ||
        (u[0] == 0xE2 && u[1] == 0x80 &&
         (u[2] == 0xA6 || u[2] == 0xBA || u[2] == 0xB9))) {
      p += u[0] == 0xC2 ? 2 : 3; /* » « … › ‹ */
      continue;
    }
    const char *w = p;
    while (p < end && *p != ' ' && *p != '|' && *p != '>' && *p != '<' &&
           *p != '[' && *p != ']' && (unsigned char)*p != 0xC2 &&
           !((unsigned char)*p == 0xE2 && p[1] == (char)0x80 &&
             ((unsigned char)p[2] == 0xBA || (unsigned char)p[2] == 0xA6)))
      p++;
    size_t n = (size_t)(p - w), k = 0;
    if (n > 1 && w[n - 1] == ':')
      n--; /* "Pages:" */
    if (!n)
      return 0; /* a mark of no pager */
    while (k < n && pith_is_digit((unsigned char)w[k]))
      k++;
    if (k == n && n <= 3) {
      numbers++;
      continue;
    }
    int found = 0;
    for (size_t i = 0; i < sizeof words / sizeof *words && !found; i++)
      found = strlen(words[i]) == n && pith_text_has_prefix_ci(w, n, words[i]);
    if (!found)
      return 0;
    nav++;
  }
  return numbers >= 2 && nav >= 1;
}

/* A gallery's counter: "Image 1 of 12", "3 / 12", "Foto 2 von 9". */
static int is_counter(const char *s, size_t len) {
  static const char *const words[] = {"image", "photo",   "picture", "slide",
                                      "bild",  "foto",    "imagen",  "immagine",
                                      "kuva",  "zdjęcie", "фото"};
  static const char *const of[] = {"of", "von", "de", "di", "sur",
                                   "av", "z",   "/",  "из"};
  if (len > 40)
    return 0;
  const char *p = s;
  for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
    size_t n = strlen(words[i]);
    if (pith_text_has_prefix_ci(p, len, words[i]) && p[n] == ' ') {
      p += n + 1;
      break;
    }
  }
  if (!pith_is_digit((unsigned char)*p))
    return 0;
  while (pith_is_digit((unsigned char)*p))
    p++;
  while (*p == ' ')
    p++;
  int joined = 0;
  for (size_t i = 0; i < sizeof of / sizeof *of && !joined; i++) {
    size_t n = strlen(of[i]);
    if (strncmp(p, of[i], n) == 0 &&
        (p[n] == ' ' || pith_is_digit((unsigned char)p[n]))) {
      p += n;
      joined = 1;
    }
  }
  if (!joined)
    return 0;
  while (*p == ' ')
    p++;
  /* "Image 1 of / 23": the count's two halves printed apart */
  if (*p == '/' && p[-1] == ' ' && p[1] == ' ')
    p += 2;
  if (!pith_is_digit((unsigned char)*p))
    return 0;
  while (pith_is_digit((unsigned char)*p))
    p++;
  while (*p == ' ')
    p++;
  return *p == '\0';
}

/* Whether what follows a label is only marks, a colon or counts. */
static int only_marks_after(const unsigned char *p) {
  for (;;) {
    while (*p == ' ' || *p == ':' || *p == '*' || *p == '|' || *p == '.' ||
           *p == '>' || *p == ']' || *p == '!' || *p == '-')
      p++;
    if (p[0] == 0xC2 && p[1] == 0xBB) { /* » */
      p += 2;
      continue;
    }
    if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA6 || p[2] == 0xBA)) {
      p += 3; /* … › */
      continue;
    }
    if (*p == '(') { /* "(3)", "(required)" */
      const unsigned char *close =
          (const unsigned char *)strchr((const char *)p, ')');
      if (!close || close - p > 40)
        return 0;
      p = close + 1;
      continue;
    }
    return *p == '\0';
  }
}

/* A count and what it counts, alone: "7 Comments", "1,024 views",
 * "5 min read", "Lesezeit: 3 Minuten", "Tempo de leitura: 1 minuto". */
static int is_count_label(const char *s, size_t len) {
  static const char *const counted[] = {
      "comments",    "comment",         "views",        "reads",
      "shares",      "likes",           "responses",    "replies",
      "min read",    "minute read",     "minutes read", "mins read",
      "letture",     "visualizzazioni", "kommentare",   "kommentar",
      "aufrufe",     "commentaires",    "commentaire",  "vues",
      "comentarios", "comentario",      "comentários",  "visualizações",
      "reacties",    "komentarze",      "kommentit",    "kommentarer",
      "просмотров",  "комментариев",    "комментария",  "комментарий"};
  static const char *const reading[] = {"reading time",     "read time",
                                        "lesezeit",         "lesedauer",
                                        "temps de lecture", "tiempo de lectura",
                                        "tempo de leitura", "tempo di lettura",
                                        "leestijd",         "lukuaika"};
  if (len > 50)
    return 0;
  for (size_t i = 0; i < sizeof reading / sizeof *reading; i++)
    if (pith_text_has_prefix_ci(s, len, reading[i]))
      return pith_text_count_words(s, len) <= 6;
  const char *p = s;
  if (*p == '{' || *p == '(')
    p++;
  if (!pith_is_digit((unsigned char)*p))
    return 0;
  while (pith_is_digit((unsigned char)*p) || *p == ',' || *p == '.')
    p++;
  while (*p == ' ')
    p++;
  PITH_PREFIX_LIST(counted_list, counted);
  size_t rest = len - (size_t)(p - s);
  for (size_t i = pith_prefix_list_next(&counted_list, p, rest, 0);
       i < counted_list.count;
       i = pith_prefix_list_next(&counted_list, p, rest, i + 1))
    if (only_marks_after((const unsigned char *)p + strlen(counted[i])))
      return 1;
  return 0;
}

int pith_debris_is_markup(const char *s, size_t len) {
  if (len > 200)
    return 0;
  /* a line of marks only: "*", "---", "|"; a rule of underscores ("___",
   * a wire story's separator before its links) is kept as the text */
  int word = 0;
  for (size_t i = 0; i < len && !word; i++)
    word = pith_is_alpha((unsigned char)s[i]) ||
           pith_is_digit((unsigned char)s[i]) || s[i] == '_' ||
           (unsigned char)s[i] >= 0xC0;
  if (!word)
    return 1;
  /* "<![if !supportEmptyParas]> <![endif]>", "<!-- ... -->" */
  if (s[0] == '<' && (s[1] == '!' || s[1] == '/' || pith_is_alpha(s[1])) &&
      s[len - 1] == '>')
    return 1;
  return strstr(s, "[object Object]") || (strstr(s, "{{") && strstr(s, "}}"));
}

/* Labels of a site's own furniture that stand alone on a line: navigation,
 * account and comment-form labels, legal links. The templates were mined
 * from the lines that many sites of the development pages repeat outside
 * their articles (bench/debris_model/mine_phrases.py: English, German,
 * Spanish, French, Polish); the same labels in the other languages of the
 * lists were added beside them. A line matches when it is the label alone,
 * give or take marks, a colon or a count ("Comments (3)", "Name
 * (required)"). */
static const char *const site_labels[] = {
    /* English */
    "home",
    "home page",
    "front page",
    "contact",
    "contact us",
    "about us",
    "privacy",
    "privacy policy",
    "cookie policy",
    "cookies",
    "cookie settings",
    "terms",
    "terms of use",
    "terms of service",
    "terms & conditions",
    "terms and conditions",
    "legal",
    "disclaimer",
    "accessibility",
    "subscribe",
    "subscribe now",
    "subscriptions",
    "subscriber services",
    "newsletter",
    "newsletters",
    "sign up",
    "sign in",
    "log in",
    "login",
    "logout",
    "log out",
    "register",
    "remember me",
    "forgot your password?",
    "password",
    "my account",
    "search",
    "advanced search",
    "site search",
    "search for",
    "search this site",
    "search this blog",
    "sitemap",
    "site map",
    "site index",
    "menu",
    "main menu",
    "toggle navigation",
    "navigation",
    "skip to content",
    "skip to main content",
    "skip navigation",
    "post navigation",
    "advertise",
    "advertising",
    "advertise with us",
    "advertise here",
    "ad choices",
    "adchoices",
    "place an ad",
    "media kit",
    "sponsored links",
    "sponsored by",
    "rss",
    "rss feed",
    "rss feeds",
    "atom",
    "print",
    "print article",
    "print this article",
    "print this page",
    "printer friendly",
    "printer friendly version",
    "email",
    "e-mail",
    "email this",
    "email this story",
    "email this article",
    "email to a friend",
    "send to a friend",
    "share",
    "share this",
    "share this story",
    "share this article",
    "tweet",
    "pin it",
    "reply",
    "report",
    "report abuse",
    "quote",
    "leave a reply",
    "leave a comment",
    "post a comment",
    "add a comment",
    "add your comment",
    "add comment",
    "view comments",
    "view all comments",
    "show comments",
    "hide comments",
    "comments",
    "comments are closed",
    "discussion policy",
    "comment policy",
    "community guidelines",
    "recent posts",
    "recent comments",
    "related posts",
    "related stories",
    "related links",
    "related news",
    "related topics",
    "related articles",
    "latest news",
    "latest stories",
    "top stories",
    "most read",
    "most viewed",
    "most popular",
    "most commented",
    "most shared",
    "more news",
    "more stories",
    "next post",
    "previous post",
    "older post",
    "newer post",
    "older posts",
    "newer posts",
    "older entries",
    "newer entries",
    "previous",
    "next",
    "back to top",
    "return to top",
    "top of page",
    "loading",
    "more",
    "read more",
    "learn more",
    "see more",
    "view more",
    "show more",
    "gallery",
    "photo gallery",
    "photo galleries",
    "view gallery",
    "view larger image",
    "enlarge image",
    "click to enlarge",
    "close",
    "close window",
    "tags",
    "categories",
    "uncategorized",
    "blog archive",
    "archives",
    "archive",
    "related",
    "people in this story",
    "places in this story",
    "organizations in this story",
    /* Indonesian (a blog engine's labels) */
    "iklan",
    "cetak",
    "terkait",
    "bagikan",
    "sukai ini",
    "back to gallery",
    "back to story",
    "back to article",
    "back to home",
    "back to homepage",
    "back to list",
    "back to results",
    "back to search results",
    "back to index",
    "zurück zur übersicht",
    "zurück zur startseite",
    "zurück zum artikel",
    "retour à l'accueil",
    "retour à l'article",
    "volver a la portada",
    "volver al artículo",
    "topics",
    "trending",
    "trending now",
    "latest headlines",
    "explore further",
    "weigh in",
    "discuss",
    "read later",
    "bio",
    "recent columns",
    "stay connected",
    "more tags",
    "subscription information",
    "select month",
    "powered by",
    "useful links",
    "quick links",
    "follow us",
    "connect with us",
    "what's this?",
    "your name",
    "your email",
    "your email address",
    "email address",
    /* a comment form's fields */
    "your e-mail",
    "your e-mail address",
    "your nickname",
    "nickname",
    "your comment",
    "your website",
    "ihr name",
    "ihre e-mail",
    "ihr kommentar",
    "votre nom",
    "votre e-mail",
    "votre commentaire",
    "tu nombre",
    "tu correo",
    "tu comentario",
    "il tuo nome",
    "il tuo commento",
    "name",
    "website",
    "submit",
    "cancel",
    "text size",
    "font size",
    /* a page's tools, and the form that mails the page */
    "article tools",
    "story tools",
    "page tools",
    "toolbox",
    "resize text",
    "single page view",
    "view as single page",
    "post comment",
    "post your comment",
    "send e-mail",
    "send email",
    "email this page",
    "e-mail this page",
    "artikel drucken",
    "artikel versenden",
    "fenster schließen",
    "taille du texte",
    "fermer la fenêtre",
    "envoyer l'article",
    "tamaño del texto",
    "tamaño de letra",
    "cerrar ventana",
    "enviar artículo",
    "dimensione testo",
    "chiudi finestra",
    "invia articolo",
    "reprints",
    "get reprints",
    "send feedback",
    "feedback",
    "send us a tip",
    "got a news tip?",
    "jump to comments",
    "trackbacks",
    "permalink",
    "copied!",
    "copy link",
    "like this:",
    "like loading",
    "video",
    "videos",
    "photo",
    "photos",
    "audio",
    "podcast",
    "jobs",
    "+1",
    "most emailed",
    "most e-mailed",
    "caption",
    "hide caption",
    "toggle caption",
    "show caption",
    "expand",
    "no comments",
    "no comments yet",
    "be the first to comment",
    "views",
    /* a byline's label alone, the name on the next line or in the
     * metadata */
    "by",
    "written by",
    "von",
    "par",
    "por",
    "door",
    "av",
    "przez",
    "автор",
    /* German */
    "impressum",
    "kontakt",
    "kontaktformular",
    "datenschutz",
    "datenschutzerklärung",
    "cookie-einstellungen",
    "agb",
    "nutzungsbedingungen",
    "über uns",
    "wir über uns",
    "startseite",
    "zur startseite",
    "suche",
    "suchen",
    "suche nach",
    "menü",
    "hauptmenü",
    "hauptnavigation",
    "navigation",
    "nach oben",
    "zum inhalt springen",
    "direkt zum inhalt",
    "zurück",
    "zurück zur übersicht",
    "anmelden",
    "abmelden",
    "registrieren",
    "jetzt anmelden",
    "passwort vergessen?",
    "mein konto",
    "newsletter abonnieren",
    "abonnieren",
    "teilen",
    "drucken",
    "twittern",
    "kommentar",
    "kommentare",
    "kommentieren",
    "antworten",
    "abbrechen",
    "schließen",
    "mehr zum thema",
    "ähnliche beiträge",
    "ähnliche artikel",
    "neueste beiträge",
    "neueste kommentare",
    "beitrags-navigation",
    "schlagworte",
    "schlagwörter",
    "kategorien",
    "anzeige",
    "werbung",
    "mediadaten",
    "mehr erfahren",
    "weiterlesen",
    "meistgelesen",
    "dein name",
    "deine e-mail-adresse",
    "monat auswählen",
    "gefällt mir:",
    "schriftgröße",
    "bildergalerie",
    /* French */
    "accueil",
    "nous contacter",
    "mentions légales",
    "plan du site",
    "aller au contenu",
    "aller au contenu principal",
    "rechercher",
    "connexion",
    "se connecter",
    "s'abonner",
    "abonnez-vous",
    "partager",
    "imprimer",
    "commentaires",
    "répondre",
    "publicité",
    "qui sommes-nous",
    "qui sommes-nous ?",
    "protection des données",
    "politique de confidentialité",
    "articles les plus lus",
    "les plus lus",
    "lire aussi",
    "à lire aussi",
    "lire la suite",
    "voir plus",
    "j'aime :",
    /* Spanish */
    "inicio",
    "contacto",
    "buscar",
    "mapa del sitio",
    "quiénes somos",
    "¿quiénes somos?",
    "política de privacidad",
    "políticas de privacidad",
    "términos y condiciones",
    "aviso legal",
    "suscríbete",
    "suscripciones",
    "regístrate",
    "ingresar",
    "iniciar sesión",
    "salir",
    "mi cuenta",
    "compartir",
    "imprimir",
    "comentarios",
    "responder",
    "publicidad",
    "últimas noticias",
    "lo más visto",
    "las más leídas",
    "lo más leído",
    "lo último",
    "ver más",
    "leer más",
    "temas relacionados",
    "te puede interesar",
    "redes sociales",
    "versión impresa",
    "edición impresa",
    "me gusta:",
    /* Italian */
    "contatti",
    "chi siamo",
    "cerca",
    "accedi",
    "registrati",
    "abbonati",
    "iscriviti",
    "condividi",
    "stampa",
    "commenti",
    "rispondi",
    "pubblicità",
    "leggi anche",
    "leggi di più",
    "più letti",
    "ultime notizie",
    /* Portuguese */
    "início",
    "contato",
    "pesquisar",
    "entrar",
    "assine",
    "compartilhar",
    "comentários",
    "publicidade",
    "política de privacidade",
    "leia também",
    "leia mais",
    "mais lidas",
    "últimas notícias",
    /* Dutch */
    "zoeken",
    "inloggen",
    "abonneren",
    "delen",
    "printen",
    "reacties",
    "reageer",
    "lees ook",
    "lees meer",
    "meest gelezen",
    "privacybeleid",
    /* Polish */
    "szukaj",
    "drukuj",
    "o nas",
    "regulamin",
    "polityka prywatności",
    "zaloguj",
    "zaloguj się",
    "udostępnij",
    "komentarze",
    "odpowiedz",
    "czytaj także",
    "czytaj więcej",
    "zobacz też",
    "zobacz także",
    "polecamy",
    "najnowsze",
    "najczęściej czytane",
    /* Finnish */
    "etusivu",
    "haku",
    "yhteystiedot",
    "kirjaudu",
    "kirjaudu sisään",
    "tilaa",
    "jaa",
    "tulosta",
    "kommentit",
    "vastaa",
    "lue myös",
    "lue lisää",
    "luetuimmat",
    "uusimmat",
    "tietosuojaseloste",
    "evästeet",
    /* Swedish, Danish, Norwegian */
    "sök",
    "logga in",
    "dela",
    "skriv ut",
    "kommentarer",
    "svara",
    "läs också",
    "läs mer",
    "mest läst",
    "del",
    "læs også",
    "læs mere",
    "les også",
    "les mer",
    /* Russian */
    "главная",
    "поиск",
    "контакты",
    "войти",
    "регистрация",
    "поделиться",
    "комментарии",
    "ответить",
    "читайте также",
    "реклама",
    "подписаться",
    "читать далее",
    "подробнее",
};
PITH_PREFIX_LIST(site_label_list, site_labels);

/* One label, give or take leading marks ("» ", "[ ", "• "). */
static int one_label(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  for (;;) {
    if (*p == ' ' || *p == '[' || *p == '|' || *p == '<' || *p == '-' ||
        *p == '*' || *p == '#')
      p++;
    else if ((p[0] == 0xC2 && (p[1] == 0xBB || p[1] == 0xAB)) ||
             (p[0] == 0xE2 && p[1] == 0x80 &&
              (p[2] == 0xA2 || p[2] == 0xBA || p[2] == 0xB9)))
      p += p[0] == 0xC2 ? 2 : 3;
    else
      break;
  }
  const char *at = (const char *)p;
  size_t rest = len - (size_t)(p - (const unsigned char *)s);
  for (size_t i = pith_prefix_list_next(&site_label_list, at, rest, 0);
       i < site_label_list.count;
       i = pith_prefix_list_next(&site_label_list, at, rest, i + 1))
    if (only_marks_after(p + strlen(site_labels[i])))
      return 1;
  return 0;
}

/* The length of an item separator at s ('|', '•', '·'), or 0. */
static size_t separator_at(const unsigned char *s) {
  if (s[0] == '|')
    return 1;
  if (s[0] == 0xC2 && s[1] == 0xB7)
    return 2;
  return s[0] == 0xE2 && s[1] == 0x80 && s[2] == 0xA2 ? 3 : 0;
}

int pith_debris_is_site_label(const char *s, size_t len) {
  if (is_pager(s, len) || is_numbered_pager(s, len) || is_counter(s, len) ||
      is_count_label(s, len))
    return 1;
  if (len > 160)
    return 0;
  if (len <= 80 && one_label(s, len))
    return 1;
  /* a bar of labels: "Advertise | AdChoices | Contact Us" */
  const unsigned char *u = (const unsigned char *)s;
  size_t start = 0, labels = 0;
  for (size_t i = 0; i <= len; i++) {
    size_t sep = i < len ? separator_at(u + i) : 1;
    if (!sep)
      continue;
    char item[84];
    size_t n = i - start;
    while (n && s[start] == ' ') {
      start++;
      n--;
    }
    while (n && s[start + n - 1] == ' ')
      n--;
    if (n) {
      if (n >= sizeof item)
        return 0;
      memcpy(item, s + start, n);
      item[n] = '\0';
      if (!one_label(item, n))
        return 0;
      labels++;
    }
    i += sep - 1;
    start = i + 1;
  }
  return labels >= 2;
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
    "sans autorisation écrite", "sin autorización escrita",
    "may not be published, broadcast", "darf nicht veröffentlicht",
    /* calls for letters under opinion pieces */
    "submit your letter", "submit a letter", "we want to hear what you think",
    /* comment forms: the address is not published (mined) */
    "will not be published", "required fields are marked",
    "wird nicht veröffentlicht", "erforderliche felder", "ne sera pas publiée",
    "ne sera pas publié", "champs obligatoires", "no será publicada",
    "no será publicado", "campos obligatorios", "non sarà pubblicato",
    "campi obbligatori", "não será publicado", "campos obrigatórios",
    "wordt niet gepubliceerd", "niet gepubliceerd", "nie zostanie opublikowany",
    "ei julkaista", "не будет опубликован",
    /* cookie notices */
    "we use cookies", "site uses cookies", "website uses cookies",
    "use of cookies", "verwendet cookies", "verwenden cookies", "nutzt cookies",
    "setzt cookies", "einsatz von cookies", "utilise des cookies",
    "utilisons des cookies", "utiliza cookies", "utilizamos cookies",
    "usamos cookies", "utilizza cookie", "utilizziamo cookie", "usiamo cookie",
    "gebruikt cookies", "gebruiken cookies", "używa plików cookie",
    "używamy plików cookie", "käyttää evästeitä", "käytämme evästeitä",
    "använder cookies", "bruger cookies", "bruker informasjonskapsler",
    "использует cookie", "используем cookie", "использует файлы cookie",
    /* a blog engine's footer under every post (WordPress's own words in its
     * translations) */
    "bookmark the permalink", "follow any responses to this entry",
    "both comments and pings are", "lesezeichen auf den permalink",
    "ajoutez ce permalien", "guarda el enlace permanente",
    "enlace permanente a favoritos", "segnalibri il permalink",
    "about these ads", "be the first to like this", "bloggers like this",
    "blogger likes this",
    /* a pitch after the post */
    "if you enjoyed this post", "if you enjoyed this article",
    "if you liked this post", "if you liked this article",
    "wenn ihnen dieser artikel gefallen", "wenn dir dieser artikel gefallen",
    "wenn ihnen der artikel gefallen", "si vous avez aimé cet article",
    "si te gustó este artículo", "si te ha gustado este artículo",
    "se ti è piaciuto questo articolo",
    /* a pitch for mail */
    "delivered to your inbox", "straight to your inbox",
    "direkt in ihr postfach", "dans votre boîte mail",
    "dans votre boîte de réception", "en tu bandeja de entrada"};

/* A newsletter pitch: the word for a newsletter and a call to sign up. */
static int is_newsletter_pitch(const char *s) {
  static const char *const letter[] = {"newsletter", "infolettre", "boletín"};
  static const char *const call[] = {"sign up",   "subscribe",
                                     "abonnier",  "anmeld",
                                     "inscri",    "suscrí",
                                     "suscrib",   "iscriviti",
                                     "register",  "delivered to your",
                                     "bestellen", "melden sie sich",
                                     "sign-up"};
  return pith_text_find_any(s, PITH_UNTIL_NUL, letter,
                            sizeof letter / sizeof *letter) >= 0 &&
         pith_text_find_any(s, PITH_UNTIL_NUL, call,
                            sizeof call / sizeof *call) >= 0;
}

int pith_debris_is_notice(const char *s, size_t len) {
  if (len > 300)
    return 0;
  return pith_text_find_any(s, len, notice_phrases,
                            sizeof notice_phrases / sizeof *notice_phrases) >=
             0 ||
         is_newsletter_pitch(s);
}

/* Words that open a link to elsewhere on the site: "View all (23)", "Back
 * to Gallery", "Next Page", "Read Later", "Mehr zum Thema", "Lue myös".
 * Not "all" or "top", which open headings ("Top stories of 2007:"). */
int pith_debris_opens_with_nav_word(const char *s, size_t len) {
  static const char *const words[] = {
      "view",     "see",    "more",  "read",  "load",   "show",     "next",
      "previous", "prev",   "back",  "older", "newer",  "continue", "mehr",
      "weiter",   "zurück", "voir",  "suite", "retour", "ver",      "más",
      "leer",     "volver", "leggi", "altri", "lue",    "lees",     "meer",
      "czytaj",   "więcej", "leia",  "veja"};
  /* past an arrow or guillemet that points the way ("« Back to Home",
   * "‹ Back to Story", "← Older") */
  const unsigned char *u = (const unsigned char *)s;
  size_t skip = 0;
  if (len > 3 && u[0] == 0xC2 && (u[1] == 0xAB || u[1] == 0xBB))
    skip = 2;
  else if (len > 4 && u[0] == 0xE2 &&
           ((u[1] == 0x80 && (u[2] == 0xB9 || u[2] == 0xBA)) ||
            (u[1] == 0x86 && (u[2] == 0x90 || u[2] == 0x92))))
    skip = 3;
  if (skip) {
    while (skip < len && s[skip] == ' ')
      skip++;
    s += skip;
    len -= skip;
  }
  size_t n = 0;
  while (n < len && s[n] != ' ' && s[n] != ':' && s[n] != '(')
    n++;
  for (size_t k = 0; k < sizeof words / sizeof *words; k++)
    if (n == strlen(words[k]) && pith_text_has_prefix_ci(s, n, words[k]))
      return 1;
  return 0;
}
