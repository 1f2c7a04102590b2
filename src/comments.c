/* Reader comments, found by structure and kept apart from the body.
 *
 * A comment section is recognised by what every comment system prints:
 * - its name: a class or id word such as "comments", "commentlist",
 *   "disqus", "respond", "replies" (Readability's and trafilatura's
 *   unlikely-candidate words) on a box that does not hold the article;
 * - its heading: "12 Comments", "Leave a Reply", "Responses to ...",
 *   "Kommentare", "Commentaires" ... in several languages, above the
 *   thread: the heading's box, or the heading and what follows it;
 * - its items: three or more sibling boxes, each with a date and an
 *   author or a reply/permalink link, named alike or numbered alike
 *   ("c115850", "comment-42").
 * Marked sections are pruned for every strategy; their text is the
 * result's comments. On a forum page the posts are the content
 * (trafilatura: JSON-LD DiscussionForumPosting keeps its comments), and
 * a thread with no article above it is one: nothing is marked there. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "comments.h"

/* Whether a class or id names a comment section ("comments", "disqus",
 * "respond", "Kommentare": the word list is dom.c's). */
static int named_like_comments(xmlNodePtr n) {
  return (NI(n)->flags & NI_COMMENT_NAME) != 0;
}

/* Headings of comment threads, lower case, after any leading count ("12",
 * "One"): the whole heading, or its start when followed by a title
 * ("Responses to “...”"). */
static const char *const heading_whole[] = {"comment",
                                            "comments",
                                            "leave a reply",
                                            "leave a comment",
                                            "leave a response",
                                            "post a comment",
                                            "add a comment",
                                            "add comment",
                                            "write a comment",
                                            "reader comments",
                                            "readers' comments",
                                            "readers comments",
                                            "your comments",
                                            "user comments",
                                            "join the discussion",
                                            "join the conversation",
                                            "what do you think?",
                                            "what you think",
                                            "tell us what you think",
                                            "have your say",
                                            "responses",
                                            "response",
                                            "replies",
                                            "trackbacks",
                                            "pingbacks",
                                            "trackback pings",
                                            "trackbacks/pingbacks",
                                            "no comments",
                                            "no comments yet",
                                            "discussion",
                                            "kommentare",
                                            "kommentar",
                                            "kommentar schreiben",
                                            "leserkommentare",
                                            "commentaires",
                                            "commentaire",
                                            "laisser un commentaire",
                                            "réactions",
                                            "comentarios",
                                            "comentario",
                                            "deja un comentario",
                                            "deja una respuesta",
                                            "commenti",
                                            "lascia un commento",
                                            "reacties",
                                            "reactie",
                                            "комментарии",
                                            "комментариев",
                                            "комментарий",
                                            "komentarze"};
static const char *const heading_start[] = {
    "responses to ", "response to ",   "comments on ",     "comments to ",
    "replies to ",   "thoughts on ",   "thought on ",      "comments for ",
    "reactions to ", "kommentare zu ", "commentaires sur "};
static const char *const count_words[] = {"one",  "two",  "three",
                                          "four", "five", "no"};

/* Whether the text of a heading names a comment thread. */
static int comment_heading_text(const char *raw) {
  char *t = pith_text_normalize_space(raw, strlen(raw));
  if (!t) {
    pith_nomem_note();
    return 0;
  }
  int found = 0;
  size_t len = strlen(t);
  if (len == 0 || len > 80)
    goto done;
  for (char *p = t; *p; p++)
    if (*p >= 'A' && *p <= 'Z')
      *p = (char)(*p + 32);
  const char *s = t;
  /* "{ 53 comments… read them below }", "(12) Comments" */
  while (*s == '{' || *s == '(' || *s == '[' || *s == ' ')
    s++;
  if (pith_is_digit((unsigned char)*s)) {
    while (pith_is_digit((unsigned char)*s) || *s == ',' || *s == '.')
      s++;
  } else {
    for (size_t i = 0; i < sizeof count_words / sizeof *count_words; i++) {
      size_t n = strlen(count_words[i]);
      if (strncmp(s, count_words[i], n) == 0 && s[n] == ' ') {
        s += n;
        break;
      }
    }
  }
  while (*s == ' ' || *s == ')' || *s == ']')
    s++;
  char *end = t + strlen(t);
  while (end > s && (end[-1] == ' ' || end[-1] == ':' || end[-1] == '}' ||
                     end[-1] == ')' || end[-1] == '.'))
    *--end = '\0';
  for (size_t i = 0; i < sizeof heading_whole / sizeof *heading_whole; i++)
    if (strcmp(s, heading_whole[i]) == 0)
      found = 1;
  for (size_t i = 0; !found && i < sizeof heading_start / sizeof *heading_start;
       i++)
    if (strncmp(s, heading_start[i], strlen(heading_start[i])) == 0)
      found = 1;
  /* "53 comments… read them below or add one" */
  if (!found && s != t &&
      (strncmp(s, "comments", 8) == 0 || strncmp(s, "responses", 9) == 0))
    found = 1;
done:
  free(t);
  return found;
}

static int is_comment_heading(xmlNodePtr n) {
  node_info *i = NI(n);
  if (!pith_tag_is_heading((tag_id)i->tag) || i->text_len > 80)
    return 0;
  xmlChar *text = xmlNodeGetContent(n);
  if (!text) {
    pith_nomem_note();
    return 0;
  }
  int found = comment_heading_text((const char *)text);
  xmlFree(text);
  return found;
}

/* Words of a reply or permalink link under a comment. */
static const char *const reply_words[] = {
    "reply",    "reply to this", "permalink", "antworten", "répondre",
    "repondre", "responder",     "rispondi",  "reageer",   "beantwoorden",
    "ответить", "odpowiedz",     "quote",     "report"};

/* Class words of a comment's author. */
static const char *const author_words[] = {
    "author", "commenter", "commentator", "username", "user",     "vcard",
    "fn",     "avatar",    "gravatar",    "nick",     "nickname", "poster"};

typedef struct thread_evidence {
  unsigned dates;     /* short texts that hold a date */
  unsigned replies;   /* reply and permalink links */
  unsigned authors;   /* author boxes, <cite>, avatars */
  unsigned textareas; /* a comment form */
  unsigned headings;  /* "12 Comments", "Leave a Reply" */
  unsigned titles;    /* headings of any kind */
} thread_evidence;

/* Elements looked at below one box: a thread's evidence shows early. */
#define EVIDENCE_WALK 4000

static int reply_link(xmlNodePtr a) {
  const char *href = pith_dom_attr(a, "href");
  if (href && (strstr(href, "replytocom") || strstr(href, "#respond") ||
               strstr(href, "#comment")))
    return 1;
  if (NI(a)->text_len == 0 || NI(a)->text_len > 20)
    return 0;
  xmlChar *raw = xmlNodeGetContent(a);
  if (!raw)
    return 0;
  char *t =
      pith_text_normalize_space((const char *)raw, strlen((const char *)raw));
  xmlFree(raw);
  int found = 0;
  for (size_t i = 0; t && i < sizeof reply_words / sizeof *reply_words; i++)
    if (strcasecmp(t, reply_words[i]) == 0)
      found = 1;
  free(t);
  return found;
}

static int is_comment_heading(xmlNodePtr n);

/* Units of a relative date ("3 days ago", "vor 2 Stunden", "il y a 5
 * minutes"), which comment systems print instead of a date. */
static const char *const time_units[] = {
    "second",  "minute", "hour",    "day",   "week",    "month",  "year",
    "sekunde", "stunde", "tag",     "woche", "monat",   "jahr",   "seconde",
    "heure",   "jour",   "semaine", "mois",  "segundo", "minuto", "hora",
    "día",     "dia",    "semana",  "mes",   "año",     "ora",    "giorno",
    "uur",     "dag",    "maand",   "jaar"};

/* Whether a short text says when: a date, or a number of time units ago. */
static int says_when(const char *s) {
  /* Both a date (its year) and a number of units need an ASCII digit:
   * most short texts of a box have none and skip the date parser. */
  const char *d = s;
  while (*d && !pith_is_digit((unsigned char)*d))
    d++;
  if (!*d)
    return 0;
  char date[32];
  if (pith_meta_parse_date(s, date, sizeof date))
    return 1;
  for (const char *p = s; *p; p++) {
    if (!pith_is_digit((unsigned char)*p) ||
        (p > s && pith_is_digit((unsigned char)p[-1])))
      continue;
    const char *w = p;
    while (pith_is_digit((unsigned char)*w))
      w++;
    while (*w == ' ')
      w++;
    for (size_t i = 0; i < sizeof time_units / sizeof *time_units; i++)
      if (strncasecmp(w, time_units[i], strlen(time_units[i])) == 0)
        return 1;
  }
  return 0;
}

/* Adds the evidence below box to ev; dates only when asked (reading them
 * is the costly part). */
static void gather(xmlNodePtr box, thread_evidence *ev, int with_dates) {
  size_t seen = 0;
  for (xmlNodePtr n = box; n && seen < EVIDENCE_WALK;
       n = pith_dom_next(n, box, 0)) {
    if (n->type == XML_TEXT_NODE && n->content) {
      if (!with_dates)
        continue;
      size_t len = strlen((const char *)n->content);
      if (len >= 5 && len <= 160 && says_when((const char *)n->content))
        ev->dates++;
      continue;
    }
    if (n->type != XML_ELEMENT_NODE || !NI(n))
      continue;
    seen++;
    tag_id t = (tag_id)NI(n)->tag;
    if (t == TAG_SCRIPT || t == TAG_STYLE)
      continue;
    if (t == TAG_TEXTAREA)
      ev->textareas++;
    else if (t == TAG_TIME)
      ev->dates++;
    else if (t == TAG_A && reply_link(n))
      ev->replies++;
    else if (t == TAG_CITE ||
             pith_class_has_word(n, author_words,
                                 sizeof author_words / sizeof *author_words))
      ev->authors++;
    if (pith_tag_is_heading(t)) {
      ev->titles++;
      ev->headings += (unsigned)is_comment_heading(n);
    }
  }
}

/* Whether a box named like comments holds a thread: a heading or a form
 * of one, or the dates and reply links of several comments. A name
 * alone is not enough: "comment" also names an editor's note on each
 * picture of a gallery. */
static int holds_thread(xmlNodePtr box) {
  thread_evidence ev;
  memset(&ev, 0, sizeof ev);
  gather(box, &ev, 1);
  /* One comment of a run of siblings named alike ("comments-body" each):
   * the run is judged as a whole. */
  const char *cls = pith_dom_attr(box, "class");
  if (cls && *cls && box->parent)
    for (xmlNodePtr s = box->parent->children; s; s = s->next) {
      const char *sc = s != box && s->type == XML_ELEMENT_NODE && NI(s)
                           ? pith_dom_attr(s, "class")
                           : NULL;
      if (sc && strcmp(sc, cls) == 0)
        gather(s, &ev, 1);
    }
  return ev.headings || ev.textareas || ev.dates >= 2 || ev.replies >= 2 ||
         ev.authors >= 3 || (ev.authors >= 2 && ev.dates >= 1);
}

/* A box that holds the article, or is the page, is never a comment
 * section, whatever its name ("single-post comments-open"). */
static int may_be_section(const pith_dom *dom, xmlNodePtr n) {
  node_info *i = NI(n);
  if (n == dom->body || n == dom->root || i->tag == TAG_ARTICLE ||
      i->tag == TAG_MAIN || i->tag == TAG_BODY || i->tag == TAG_HTML)
    return 0;
  if (i->flags & NI_HOLDS_MARKER)
    return 0;
  if ((i->flags & NI_CONTENT_HINT) && i->class_weight >= 50)
    return 0;
  return 1;
}

static void mark(xmlNodePtr n, size_t *marked) {
  NI(n)->flags |= NI_COMMENTS | NI_PRUNED;
  (*marked)++;
}

/* Items of a thread found by structure alone: the children of one box
 * built alike (tag and class), three or more, most of which carry a date
 * and a reply or permalink link. Returns how many were marked. */
#define RUN_MIN 3

static int same_build(xmlNodePtr a, xmlNodePtr b) {
  if (NI(a)->tag != NI(b)->tag)
    return 0;
  const char *ca = pith_dom_attr(a, "class"), *cb = pith_dom_attr(b, "class");
  return (!ca && !cb) || (ca && cb && strcmp(ca, cb) == 0);
}

/* A comment has a date and a reply or permalink link, but no title: a
 * run of titled, dated entries is a blog's posts. The links and titles
 * are looked at first: most boxes have neither a reply link nor a date,
 * and dates are the costly part to read. */
static int comment_item(xmlNodePtr item) {
  if (NI(item)->text_len == 0 || NI(item)->n_links == 0)
    return 0;
  size_t seen = 0, replies = 0;
  for (xmlNodePtr n = item; n && seen < EVIDENCE_WALK;
       n = pith_dom_next(n, item, 0)) {
    if (n->type != XML_ELEMENT_NODE || !NI(n))
      continue;
    seen++;
    tag_id t = (tag_id)NI(n)->tag;
    if (pith_tag_is_heading(t))
      return 0;
    if (t == TAG_A && !replies && reply_link(n))
      replies++;
  }
  if (!replies)
    return 0;
  thread_evidence ev;
  memset(&ev, 0, sizeof ev);
  gather(item, &ev, 1);
  return ev.dates >= 1;
}

static size_t mark_item_run(const pith_dom *dom, xmlNodePtr box,
                            size_t *marked) {
  size_t children = 0;
  for (xmlNodePtr c = box->children; c && children < RUN_MIN; c = c->next)
    children += c->type == XML_ELEMENT_NODE && NI(c) != NULL;
  if (children < RUN_MIN)
    return 0;
  /* The first comment-like child of a build that three or more children
   * share names the run; the cheap likeness comes before reading any
   * child's evidence. */
  xmlNodePtr first = NULL;
  for (xmlNodePtr c = box->children; c && !first; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || !NI(c) || (NI(c)->flags & NI_PRUNED))
      continue;
    size_t like = 1;
    for (xmlNodePtr d = c->next; d && like < RUN_MIN; d = d->next)
      like += d->type == XML_ELEMENT_NODE && NI(d) &&
              !(NI(d)->flags & NI_PRUNED) && same_build(c, d);
    if (like >= RUN_MIN && comment_item(c))
      first = c;
  }
  if (!first)
    return 0;
  size_t alike = 0, items = 0;
  for (xmlNodePtr c = first; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || !NI(c) || (NI(c)->flags & NI_PRUNED) ||
        !same_build(c, first))
      continue;
    alike++;
    items += c == first || comment_item(c);
  }
  if (items < RUN_MIN || items * 3 < alike * 2)
    return 0;
  size_t before = *marked;
  for (xmlNodePtr c = first; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && NI(c) && !(NI(c)->flags & NI_PRUNED) &&
        same_build(c, first) && may_be_section(dom, c))
      mark(c, marked);
  return *marked - before;
}

/* A box and the siblings named alike (the comments of one thread). */
static void mark_run(const pith_dom *dom, xmlNodePtr box, size_t *marked) {
  mark(box, marked);
  const char *cls = pith_dom_attr(box, "class");
  if (!cls || !*cls || !box->parent)
    return;
  for (xmlNodePtr s = box->parent->children; s; s = s->next) {
    const char *sc = s != box && s->type == XML_ELEMENT_NODE && NI(s)
                         ? pith_dom_attr(s, "class")
                         : NULL;
    if (sc && strcmp(sc, cls) == 0 && !(NI(s)->flags & NI_COMMENTS) &&
        may_be_section(dom, s))
      mark(s, marked);
  }
}

/* The heading's thread: its box when the heading opens it, else the
 * heading and the siblings after it. */
static void mark_heading_thread(const pith_dom *dom, xmlNodePtr h,
                                size_t *marked) {
  xmlNodePtr box = h->parent;
  int opens = box && box->type == XML_ELEMENT_NODE && NI(box);
  for (xmlNodePtr s = box ? box->children : NULL; opens && s && s != h;
       s = s->next)
    if ((s->type == XML_ELEMENT_NODE && NI(s) && !(NI(s)->flags & NI_PRUNED) &&
         NI(s)->text_len > 0) ||
        (s->type == XML_TEXT_NODE && s->content &&
         strspn((const char *)s->content, " \t\r\n") !=
             strlen((const char *)s->content)))
      opens = 0;
  if (opens && may_be_section(dom, box)) {
    mark(box, marked);
    return;
  }
  for (xmlNodePtr s = h; s; s = s->next)
    if (s->type == XML_ELEMENT_NODE && NI(s) && !(NI(s)->flags & NI_PRUNED) &&
        may_be_section(dom, s))
      mark(s, marked);
}

/* Whether a comment heading is one of the article's own section headings
 * ("Comment", then "Briefing", "Access"... over the paragraphs of a list
 * of ideas): a later sibling heading of the same level is no comment
 * heading, and what lies between the two carries nothing of a comment
 * (no date, reply link, author or form). A thread's "Comments" heading
 * that a "Related posts" heading follows has the comments' dates
 * between them. */
static int article_section_heading(xmlNodePtr h) {
  thread_evidence ev;
  memset(&ev, 0, sizeof ev);
  for (xmlNodePtr s = h->next; s; s = s->next) {
    if (s->type != XML_ELEMENT_NODE || !NI(s))
      continue;
    if (NI(s)->tag == NI(h)->tag)
      return !is_comment_heading(s) && !ev.dates && !ev.replies &&
             !ev.authors && !ev.textareas;
    gather(s, &ev, 1);
  }
  return 0;
}

/* A table's title row: its first row, one cell of short unlinked text
 * naming a comment thread ("What you think...", "Comments"), as table
 * layouts head their boxes without heading tags. Returns the row (whose
 * table is then the thread), or NULL. */
static xmlNodePtr title_cell_row(xmlNodePtr cell) {
  node_info *i = NI(cell);
  if ((i->tag != TAG_TD && i->tag != TAG_TH) || i->text_len == 0 ||
      i->text_len > 40 || i->link_len > 0 || (i->flags & NI_HAS_BLOCK_CHILD))
    return NULL;
  xmlNodePtr row = cell->parent;
  if (!row || !NI(row) || NI(row)->tag != TAG_TR)
    return NULL;
  for (xmlNodePtr c = row->children; c; c = c->next)
    if (c != cell && c->type == XML_ELEMENT_NODE)
      return NULL;
  /* The first row of its table (or of the table's body). */
  for (xmlNodePtr r = row->prev; r; r = r->prev)
    if (r->type == XML_ELEMENT_NODE)
      return NULL;
  xmlChar *text = xmlNodeGetContent(cell);
  if (!text) {
    pith_nomem_note();
    return NULL;
  }
  int found = comment_heading_text((const char *)text);
  xmlFree(text);
  return found ? row : NULL;
}

/* Whether the page is a forum thread, whose posts are its content. */
static int forum_page(const pith_meta *meta) {
  const char *t = meta ? meta->page_type : NULL;
  return t && (strcasecmp(t, "DiscussionForumPosting") == 0 ||
               strcasecmp(t, "QAPage") == 0);
}

/* The marked section with the most text. */
static xmlNodePtr largest_section(const pith_dom *dom) {
  xmlNodePtr best = NULL;
  for (xmlNodePtr n = dom->body; n;) {
    if (n->type != XML_ELEMENT_NODE || !NI(n)) {
      n = pith_dom_next(n, dom->body, 0);
      continue;
    }
    if (NI(n)->flags & NI_COMMENTS) {
      if (!best || NI(n)->text_len > NI(best)->text_len)
        best = n;
      n = pith_dom_next(n, dom->body, 1);
      continue;
    }
    n = pith_dom_next(n, dom->body, (NI(n)->flags & NI_PRUNED) != 0);
  }
  return best;
}

/* What stands above the thread in the page, outside it: whether a
 * paragraph of prose (an article the comments are about), and whether a
 * post built like the thread's (its tag and class) that holds prose: the first
 * post of a forum, the question above the answers. A post above the
 * heading that opened a thread ("Comments", "Leave a reply") is no first
 * post of it: the heading parts the article from its readers' comments,
 * whose boxes the site happens to build like its article's ("Normal"). */
typedef struct above_thread {
  int prose;
  int first_post;
} above_thread;

static void look_above(const pith_dom *dom, xmlNodePtr thread,
                       xmlNodePtr heading, above_thread *above) {
  size_t min_text = dom->tune->comments_article_min_text;
  const char *cls = pith_dom_attr(thread, "class");
  memset(above, 0, sizeof *above);
  int heading_seen = 0;
  for (xmlNodePtr n = dom->body; n && n != thread;) {
    if (n->type != XML_ELEMENT_NODE || !NI(n)) {
      n = pith_dom_next(n, dom->body, 0);
      continue;
    }
    node_info *i = NI(n);
    if (n == heading)
      heading_seen = 1;
    if (i->flags & NI_PRUNED) {
      n = pith_dom_next(n, dom->body, 1);
      continue;
    }
    if (cls && *cls && i->tag == NI(thread)->tag &&
        (!heading || heading_seen) && i->text_len - i->link_len >= min_text &&
        (size_t)i->link_len * 2 < i->text_len) {
      const char *c = pith_dom_attr(n, "class");
      if (c && strcmp(c, cls) == 0)
        above->first_post = 1;
    }
    if ((i->flags & NI_BLOCK) && !(i->flags & NI_HAS_BLOCK_CHILD) &&
        !pith_tag_is_heading((tag_id)i->tag) &&
        i->text_len - i->link_len >= min_text &&
        (size_t)i->link_len * 2 < i->text_len)
      above->prose = 1;
    n = pith_dom_next(n, dom->body, 0);
  }
}

/* The page is a thread: its posts are the content. Boxes pruned as chrome
 * for a comment name are posts; they come back, and no box is cleaned
 * away for its class while the body is built. */
static void thread_is_content(pith_dom *dom) {
  dom->thread_is_content = 1;
  for (size_t k = 0; k < dom->count; k++)
    dom->info[k].flags &= ~(unsigned)NI_COMMENTS;
  for (xmlNodePtr n = dom->body; n;) {
    if (n->type != XML_ELEMENT_NODE || !NI(n)) {
      n = pith_dom_next(n, dom->body, 0);
      continue;
    }
    node_info *i = NI(n);
    if ((i->flags & NI_PRUNED) && (i->flags & NI_CHROME) &&
        named_like_comments(n)) {
      i->flags &= ~(unsigned)(NI_PRUNED | NI_CHROME);
      i->prune_rule = PITH_PRUNE_NONE;
    }
    n = pith_dom_next(n, dom->body, (i->flags & NI_PRUNED) != 0);
  }
}

int pith_comments_mark(pith_dom *dom, const pith_meta *meta) {
  if (!dom->body || !NI(dom->body))
    return 0;
  if (forum_page(meta)) {
    thread_is_content(dom);
    return 1;
  }
  size_t marked = 0;
  xmlNodePtr heading = NULL; /* the first comment heading that marked one */
  /* the body's elements in document order, a skipped subtree jumped */
  size_t end = (size_t)NI(dom->body)->last;
  for (size_t k = dom_index(dom, dom->body); k <= end;) {
    xmlNodePtr n = dom->elements[k];
    node_info *i = &dom->info[k];
    /* What is never text is no thread either; a chrome box may be one. */
    if ((i->flags & NI_PRUNED) && !(i->flags & NI_CHROME)) {
      k = (size_t)i->last + 1;
      continue;
    }
    if (named_like_comments(n) && may_be_section(dom, n) && holds_thread(n)) {
      /* A heading named like one ("comments-title") heads the thread
       * that follows it. */
      if (!(i->flags & NI_PRUNED) && is_comment_heading(n)) {
        mark_heading_thread(dom, n, &marked);
        heading = heading ? heading : n;
      } else {
        mark_run(dom, n, &marked);
      }
      k = (size_t)i->last + 1;
      continue;
    }
    xmlNodePtr title_row = NULL;
    if (!(i->flags & NI_PRUNED) && is_comment_heading(n) &&
        !article_section_heading(n)) {
      mark_heading_thread(dom, n, &marked);
      heading = heading ? heading : n;
      k = (size_t)i->last + 1;
      continue;
    }
    if (!(i->flags & NI_PRUNED) && (title_row = title_cell_row(n)) != NULL) {
      mark_heading_thread(dom, title_row, &marked);
      heading = heading ? heading : title_row;
      k = (size_t)i->last + 1;
      continue;
    }
    if (!(i->flags & NI_PRUNED) && i->n_links >= RUN_MIN)
      mark_item_run(dom, n, &marked);
    k++;
  }
  /* A thread with no article above it, or under a first post built like
   * its own, is the page's content. */
  xmlNodePtr thread = marked ? largest_section(dom) : NULL;
  above_thread above;
  if (thread)
    look_above(dom, thread, heading, &above);
  if (thread && (!above.prose || above.first_post)) {
    for (size_t k = 0; k < dom->count; k++)
      if (dom->info[k].flags & NI_COMMENTS)
        dom->info[k].flags &= ~(unsigned)NI_PRUNED;
    thread_is_content(dom);
  }
  return marked > 0;
}

/* ---- the comments' text ------------------------------------------------ */

int pith_comments_text(const pith_dom *dom, const debris_context *ctx,
                       const char *url, char **out) {
  (void)ctx;
  *out = NULL;
  if (!dom->body || !dom->info)
    return 0;
  pith_blocks blocks;
  memset(&blocks, 0, sizeof blocks);
  for (xmlNodePtr n = dom->body; n;) {
    if (n->type != XML_ELEMENT_NODE || !NI(n)) {
      n = pith_dom_next(n, dom->body, 0);
      continue;
    }
    if (NI(n)->flags & NI_COMMENTS) {
      /* Every box of a thread is named like one: nothing is cleaned
       * away for its class. */
      pith_build spec = {
          .roots = &n, .nroots = 1, .lenient = 1, .base_url = url};
      if (pith_blocks_from_dom(dom, &spec, &blocks) < 0) {
        pith_blocks_free(&blocks);
        return -1;
      }
      n = pith_dom_next(n, dom->body, 1);
      continue;
    }
    n = pith_dom_next(n, dom->body, (NI(n)->flags & NI_PRUNED) != 0);
  }
  /* Reply buttons, permalinks and counts are links alone; an image's alt
   * text is no comment. A thread's nesting is no list of the text: each
   * block is a paragraph. */
  for (size_t i = 0; i < blocks.count; i++) {
    pith_block *b = &blocks.items[i];
    if (b->kind == BLOCK_CAPTION || b->link_len * 2 > b->text_len)
      b->drop = 1;
    b->kind = BLOCK_PARAGRAPH;
  }
  int any = 0;
  for (size_t i = 0; i < blocks.count; i++)
    any |= !blocks.items[i].drop;
  if (any) {
    *out = pith_render_text(&blocks);
    if (!*out) {
      pith_blocks_free(&blocks);
      return -1;
    }
  }
  pith_blocks_free(&blocks);
  return 0;
}
