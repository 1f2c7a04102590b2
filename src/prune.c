/* Marks the subtrees that are never the article: scripts and media, hidden
 * nodes, navigation and page chrome, and boxes whose class or id names them
 * (share bars, related links, comments, newsletters, ads).
 *
 * Pruning only sets NI_PRUNED; nothing is unlinked, so a pass that went too
 * far can be undone (trafilatura: a pass that leaves under 1/7 of the text is
 * rolled back). */
#include <string.h>

#include "dom.h"

/* Tags whose content is never article text. */
static int tag_always_dropped(tag_id t) {
  switch (t) {
  case TAG_SCRIPT:
  case TAG_STYLE:
  case TAG_NOSCRIPT:
  case TAG_TEMPLATE:
  case TAG_SVG:
  case TAG_MATH:
  case TAG_IFRAME:
  case TAG_OBJECT:
  case TAG_EMBED:
  case TAG_APPLET:
  case TAG_CANVAS:
  case TAG_BUTTON:
  case TAG_INPUT:
  case TAG_SELECT:
  case TAG_TEXTAREA:
  case TAG_OPTION:
  case TAG_HEAD:
  case TAG_TITLE:
  case TAG_META:
  case TAG_LINK:
  case TAG_BASE:
  case TAG_FRAME:
  case TAG_FRAMESET:
  case TAG_AUDIO:
  case TAG_VIDEO:
  case TAG_SOURCE:
  case TAG_TRACK:
  case TAG_MAP:
  case TAG_AREA:
  case TAG_DIALOG:
  case TAG_LABEL:
    return 1;
  default:
    return 0;
  }
}

#define KEEP PITH_PRUNE_NONE

static pith_prune_rule judge(const node_info *info, size_t body_text,
                             const pith_tuning *tune) {
  tag_id t = (tag_id)info->tag;
  /* Blogs rendered by script carry the post in <noscript> for readers
   * without JavaScript (rs-trafilatura unwraps such noscript). */
  if (t == TAG_NOSCRIPT && info->text_len >= tune->noscript_min_text)
    return KEEP;
  if (tag_always_dropped(t))
    return PITH_PRUNE_TAG;
  if (t == TAG_HTML || t == TAG_BODY)
    return KEEP;
  /* A box holding half the page's text is the page, whatever its name. */
  int large = body_text > 0 && (double)info->text_len >=
                                   tune->prune_large_share * (double)body_text;
  if (info->flags & NI_HIDDEN)
    return large ? KEEP : PITH_PRUNE_HIDDEN;
  pith_prune_rule chrome = KEEP;
  int semantic = 0;
  switch (t) {
  case TAG_NAV:
  case TAG_ASIDE:
  case TAG_FOOTER:
  case TAG_MENU:
    chrome = PITH_PRUNE_CHROME_TAG;
    semantic = 1;
    break;
  case TAG_HEADER:
    if (!(info->flags & NI_IN_ARTICLE))
      chrome = PITH_PRUNE_CHROME_TAG;
    break;
  case TAG_FORM:
    chrome = PITH_PRUNE_CHROME_TAG;
    break;
  default:
    break;
  }
  if (!chrome && (info->flags & NI_CHROME_ROLE))
    chrome = PITH_PRUNE_ROLE;
  /* Inside an article a weak class word ("article-header", "teaser",
   * "meta") names a part of the article: its lead, its byline. Those are
   * judged block by block; only the strong words (share, related,
   * comments, ads) remove a box there. */
  if (!chrome && (info->flags & NI_BOILER_HINT) &&
      (!(info->flags & NI_IN_ARTICLE) || (info->flags & NI_STRONG_BOILER)))
    chrome = PITH_PRUNE_CLASS;
  if (!chrome)
    return KEEP;
  /* A subtree that holds the article itself (<article>, <main>, the
   * <h1>, itemprop=articleBody) is not chrome even when its class says so
   * (a "has-sidebar" wrapper). */
  if ((large && !semantic) || (info->flags & NI_HOLDS_MARKER))
    return KEEP;
  return chrome;
}

/* One marking pass over the elements, in document order, a pruned one's
 * subtree skipped whole; `chrome` says whether page chrome is judged too,
 * or only what is never text (scripts, media, hidden nodes). */
static size_t mark(pith_dom *dom, size_t body_text, int chrome) {
  size_t chrome_marks = 0;
  for (size_t i = 0; i < dom->count;) {
    node_info *info = &dom->info[i];
    if (info->flags & NI_PRUNED) {
      i = (size_t)info->last + 1;
      continue;
    }
    pith_prune_rule r = judge(info, body_text, dom->tune);
    int is_chrome = r >= PITH_PRUNE_CHROME_TAG;
    if (is_chrome && !chrome)
      r = KEEP;
    if (r == KEEP) {
      i++;
      continue;
    }
    info->flags |= NI_PRUNED;
    info->prune_rule = (unsigned char)r;
    if (is_chrome) {
      info->flags |= NI_CHROME;
      chrome_marks++;
      /* Remembered for recovery: a box of paragraphs named like chrome
       * ("teaser", "widget") may be the article itself. */
      if (info->n_p >= 2)
        info->chrome_text = info->text_len - info->link_len;
    }
    i = (size_t)info->last + 1;
  }
  return chrome_marks;
}

/* Elements whose tag names them page chrome. */
static int says_chrome(unsigned tag) {
  return tag == TAG_NAV || tag == TAG_ASIDE || tag == TAG_FOOTER ||
         tag == TAG_MENU;
}

void pith_prune_document(pith_dom *dom, const pith_meta *meta) {
  (void)meta;
  if (!dom->root)
    return;
  /* First what is never text, then chrome judged against the visible text:
   * the size guard and the rollback compare with what a reader sees. */
  pith_dom_measure(dom);
  size_t raw_text = NI(dom->body) ? NI(dom->body)->text_len : 0;
  mark(dom, raw_text, 0);
  pith_dom_measure(dom);
  size_t visible = NI(dom->body) ? NI(dom->body)->text_len : 0;
  size_t chrome_marks = mark(dom, visible, 1);
  pith_dom_measure(dom);
  size_t kept = NI(dom->body) ? NI(dom->body)->text_len : 0;
  if (chrome_marks && visible > dom->tune->prune_rollback_min &&
      (double)kept < dom->tune->prune_rollback_share * (double)visible) {
    /* Too much went: the page names its article like chrome. Undo, but
     * for the elements that say what they are (nav, aside, footer,
     * menu): a page whose sidebars are named like its article is still
     * no footer. */
    for (size_t i = 0; i < dom->count; i++)
      if ((dom->info[i].flags & NI_CHROME) && !says_chrome(dom->info[i].tag)) {
        dom->info[i].flags &= ~(unsigned)(NI_PRUNED | NI_CHROME);
        dom->info[i].prune_rule = PITH_PRUNE_NONE;
      }
    pith_dom_measure(dom);
  }
}
