/* Renders kept blocks as plain text and Markdown. Plain text: blocks
 * separated by one blank line; the items of one list, and the rows of a
 * table, one per line. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "internal.h"

static void list_prefix(pith_buf *out, const pith_block *b) {
  for (int d = 1; d < b->level && d < 8; d++)
    pith_buf_puts(out, "  ");
  if (b->ordered) {
    char num[24];
    snprintf(num, sizeof num, "%u. ", b->item_no ? b->item_no : 1);
    pith_buf_puts(out, num);
  } else {
    pith_buf_puts(out, "- ");
  }
}

/* Separator before block i: a newline inside one list, a blank line else. */
static const char *separator(const pith_block *prev, const pith_block *cur) {
  if (!prev)
    return "";
  if (prev->kind == BLOCK_LIST_ITEM && cur->kind == BLOCK_LIST_ITEM &&
      prev->list_id && cur->list_id &&
      (prev->list_id == cur->list_id || cur->level != prev->level))
    return "\n";
  return "\n\n";
}

/* At least the length of the plain text of the kept blocks: their text,
 * a separator and a list item's indent and number each. */
static size_t text_room(const pith_blocks *blocks) {
  size_t n = 1;
  for (size_t i = 0; i < blocks->count; i++)
    if (!blocks->items[i].drop)
      n += blocks->items[i].text_len + 2 +
           (blocks->items[i].kind == BLOCK_LIST_ITEM ? 14 + 24 : 0);
  return n;
}

char *pith_render_text(const pith_blocks *blocks) {
  pith_buf out;
  pith_buf_init(&out, 0);
  pith_buf_reserve(&out, text_room(blocks));
  const pith_block *prev = NULL;
  for (size_t i = 0; i < blocks->count; i++) {
    const pith_block *b = &blocks->items[i];
    if (b->drop)
      continue;
    pith_buf_puts(&out, separator(prev, b));
    if (b->kind == BLOCK_LIST_ITEM)
      list_prefix(&out, b);
    pith_buf_append(&out, b->text, b->text_len);
    prev = b;
  }
  if (out.len)
    pith_buf_putc(&out, '\n');
  return pith_buf_detach(&out);
}

static void put_prefixed_lines(pith_buf *out, const char *s,
                               const char *prefix) {
  pith_buf_puts(out, prefix);
  for (const char *p = s; *p; p++) {
    pith_buf_putc(out, *p);
    if (*p == '\n')
      pith_buf_puts(out, prefix);
  }
}

/* ![alt](url), the URL in <> when it holds what would end it. */
static void put_image(pith_buf *out, const pith_image *img) {
  pith_buf_puts(out, "![");
  for (const char *p = img->alt; *p; p++) {
    if (*p == '[' || *p == ']' || *p == '\\')
      pith_buf_putc(out, '\\');
    pith_buf_putc(out, *p);
  }
  int wrap = strpbrk(img->url, " ()<>") != NULL;
  pith_buf_puts(out, wrap ? "](<" : "](");
  pith_buf_puts(out, img->url);
  pith_buf_puts(out, wrap ? ">)" : ")");
}

char *pith_render_markdown(const pith_blocks *blocks) {
  pith_buf out;
  pith_buf_init(&out, 0);
  const pith_block *prev = NULL;
  for (size_t i = 0; i < blocks->count; i++) {
    const pith_block *b = &blocks->items[i];
    if (b->drop)
      continue;
    /* Images (options.images) stand as paragraphs before their block. */
    for (size_t k = 0; k < b->image_count; k++) {
      pith_buf_puts(&out, out.len ? "\n\n" : "");
      put_image(&out, &b->images[k]);
      prev = NULL;
    }
    pith_buf_puts(&out,
                  b->image_count && out.len ? "\n\n" : separator(prev, b));
    switch (b->kind) {
    case BLOCK_HEADING: {
      int level = b->level >= 1 && b->level <= 6 ? b->level : 2;
      for (int k = 0; k < level; k++)
        pith_buf_putc(&out, '#');
      pith_buf_putc(&out, ' ');
      pith_buf_puts(&out, b->markdown);
      break;
    }
    case BLOCK_LIST_ITEM:
      list_prefix(&out, b);
      pith_buf_puts(&out, b->markdown);
      break;
    case BLOCK_QUOTE:
      put_prefixed_lines(&out, b->markdown, "> ");
      break;
    case BLOCK_CODE:
      pith_buf_puts(&out, "```\n");
      pith_buf_puts(&out, b->text);
      pith_buf_puts(&out, "\n```");
      break;
    default:
      pith_buf_puts(&out, b->markdown);
      break;
    }
    prev = b;
  }
  if (out.len)
    pith_buf_putc(&out, '\n');
  return pith_buf_detach(&out);
}

static int add_string(json_object *obj, const char *key, const char *value) {
  json_object *v = NULL;
  if (value) {
    v = json_object_new_string(value);
    if (!v)
      return -1;
  }
  return json_object_object_add(obj, key, v);
}

/* JSON string escaping exactly as json-c's json_escape_str writes it with
 * JSON_C_TO_STRING_NOSLASHESCAPE: \b \n \r \t \f \" \\ named, other
 * control characters as \u00xx (lower-case hex), everything else as is.
 * Writes to out when non-NULL; returns the length. */
static size_t json_escape(const char *s, char *out) {
  static const char hex[] = "0123456789abcdef";
  size_t n = 0;
  const unsigned char *p = (const unsigned char *)s;
  const unsigned char *end = p + strlen(s);
  for (;;) {
    /* a run of bytes written as they are, copied at once; found eight
     * bytes at a time while no byte of the eight is a control character,
     * '"' or '\\' (the exact tests of a byte below 0x20 and of a zero byte
     * after an exclusive or), then byte by byte */
    const unsigned char *run = p;
    while (end - p >= 8) {
      uint64_t w, q, b;
      memcpy(&w, p, 8);
      q = w ^ UINT64_C(0x2222222222222222);
      b = w ^ UINT64_C(0x5C5C5C5C5C5C5C5C);
      if ((((w - UINT64_C(0x2020202020202020)) & ~w) |
           ((q - UINT64_C(0x0101010101010101)) & ~q) |
           ((b - UINT64_C(0x0101010101010101)) & ~b)) &
          UINT64_C(0x8080808080808080))
        break;
      p += 8;
    }
    while (*p >= ' ' && *p != '"' && *p != '\\')
      p++;
    if (out && p > run)
      memcpy(out + n, run, (size_t)(p - run));
    n += (size_t)(p - run);
    if (!*p)
      return n;
    const char *named = NULL;
    switch (*p) {
    case '\b':
      named = "\\b";
      break;
    case '\n':
      named = "\\n";
      break;
    case '\r':
      named = "\\r";
      break;
    case '\t':
      named = "\\t";
      break;
    case '\f':
      named = "\\f";
      break;
    case '"':
      named = "\\\"";
      break;
    case '\\':
      named = "\\\\";
      break;
    default:
      break;
    }
    if (named) {
      if (out) {
        out[n] = named[0];
        out[n + 1] = named[1];
      }
      n += 2;
    } else {
      if (out) {
        memcpy(out + n, "\\u00", 4);
        out[n + 4] = hex[*p >> 4];
        out[n + 5] = hex[*p & 15];
      }
      n += 6;
    }
    p++;
  }
}

/* The body strings are the bulk of the JSON (each as large as the page's
 * text): they are escaped straight into the output, sized once, rather
 * than copied into json-c objects and a growing print buffer. */
static char *append_body(const char *head, const char *text,
                         const char *markdown) {
  size_t head_len = strlen(head);
  if (!head_len || head[head_len - 1] != '}')
    return NULL;
  head_len--; /* the closing brace comes back at the end */
  size_t text_len = json_escape(text, NULL);
  size_t md_len = json_escape(markdown, NULL);
  static const char k_text[] = ",\"text\":\"";
  static const char k_md[] = "\",\"markdown\":\"";
  size_t total =
      head_len + sizeof k_text - 1 + text_len + sizeof k_md - 1 + md_len + 3;
  char *out = malloc(total);
  if (!out)
    return NULL;
  size_t o = 0;
  memcpy(out, head, head_len);
  o += head_len;
  memcpy(out + o, k_text, sizeof k_text - 1);
  o += sizeof k_text - 1;
  o += json_escape(text, out + o);
  memcpy(out + o, k_md, sizeof k_md - 1);
  o += sizeof k_md - 1;
  o += json_escape(markdown, out + o);
  memcpy(out + o, "\"}", 3);
  return out;
}

/* [{"url": ..., "alt": ...}, ...] */
static json_object *image_list(const pith_json_extras *x) {
  json_object *list = json_object_new_array();
  for (size_t i = 0; list && i < x->image_count; i++) {
    json_object *img = json_object_new_object();
    if (!img || add_string(img, "url", x->images[i].url) ||
        add_string(img, "alt", x->images[i].alt) ||
        json_object_array_add(list, img)) {
      json_object_put(img);
      json_object_put(list);
      return NULL;
    }
  }
  return list;
}

char *pith_render_json(const pith_meta *meta, const char *text,
                       const char *markdown, const char *comments,
                       int has_article, double confidence,
                       const pith_json_extras *extras) {
  static const pith_json_extras none;
  if (!extras)
    extras = &none;
  json_object *obj = json_object_new_object();
  if (!obj)
    return NULL;
  int bad = 0;
  bad |= add_string(obj, "title", meta->title);
  bad |= add_string(obj, "author", meta->author);
  bad |= add_string(obj, "hostname", meta->hostname);
  bad |= add_string(obj, "date", meta->date);
  bad |= add_string(obj, "sitename", meta->sitename);
  bad |= add_string(obj, "url", meta->url);
  bad |= add_string(obj, "canonical_url", meta->canonical_url);
  /* trafilatura's name for the page's address */
  bad |= add_string(obj, "source", meta->url ? meta->url : meta->canonical_url);
  bad |= add_string(obj, "language", meta->language);
  bad |= add_string(obj, "language_source", extras->language_source);
  bad |= add_string(obj, "description", meta->description);
  bad |= add_string(obj, "excerpt", meta->description);
  bad |= add_string(obj, "image", meta->image);
  bad |= add_string(obj, "categories", meta->categories);
  bad |= add_string(obj, "tags", meta->tags);
  bad |= add_string(obj, "pagetype", meta->page_type);
  /* trafilatura's key: the readers' comments, never in "text" */
  bad |= add_string(obj, "comments", comments);
  bad |= json_object_object_add(obj, "article",
                                json_object_new_boolean(has_article));
  char conf[16];
  snprintf(conf, sizeof conf, "%.2f", confidence);
  bad |= json_object_object_add(obj, "confidence",
                                json_object_new_double_s(confidence, conf));
  bad |= add_string(obj, "fingerprint", extras->fingerprint);
  if (extras->with_images) {
    json_object *images = image_list(extras);
    bad |= !images || json_object_object_add(obj, "images", images);
  }
  char *result = NULL;
  if (!bad) {
    const char *s = json_object_to_json_string_ext(
        obj, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
    result =
        s ? append_body(s, text ? text : "", markdown ? markdown : "") : NULL;
  }
  json_object_put(obj);
  return result;
}
