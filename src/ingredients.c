/* A recipe's ingredients from its JSON-LD (recipeIngredient), added to the
 * body when the page's own list did not make it there: it sat in a side
 * column, a table of links or a folded box the body was not taken from.
 *
 * The page and the JSON-LD rarely write an ingredient the same way ("1
 * cup flour" and "1 cup (125 g) flour", "2.5 cups rice" and "2½ cups or
 * 500 g rice", a table row "125 g | Mehl"), so an ingredient counts as
 * present when a short line of the body holds most of its words, numbers
 * and units aside. When half of them are present the page's list is
 * there and nothing is added; under half, the ones found are mentions in
 * the prose ("Vanilla extract: you could also use vanilla paste") and the
 * whole list is added. */
#include <stdlib.h>
#include <string.h>

#include "ingredients.h"

#define MAX_TOKENS 64
#define MAX_INGREDIENTS 200

typedef struct token {
  const char *s;
  size_t n;
} token;

typedef struct tokens {
  char folded[1024];
  token t[MAX_TOKENS];
  size_t n;
} tokens;

/* Bytes in the UTF-8 character that starts with c. */
static size_t char_len(unsigned char c) {
  return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* Whether the character at p is part of a word: ASCII letters, and the
 * letters of other scripts. U+0080..U+00BF (no-break space, "½", "°") and
 * U+2000..U+2FFF (dashes, quotes, "⅓") are not. */
static int word_char(const unsigned char *p) {
  if (*p < 0x80)
    return pith_is_alpha(*p);
  if (*p == 0xC2)
    return 0;
  if (*p == 0xE2)
    return 0;
  return *p >= 0xC3;
}

/* The words of s[0..n): letters only, lower case (ASCII and Latin-1), at
 * least two bytes. Numbers, fractions and punctuation separate them. */
static void tokenize(const char *s, size_t n, tokens *out) {
  out->n = 0;
  size_t o = 0;
  const unsigned char *p = (const unsigned char *)s, *end = p + n;
  while (p < end && out->n < MAX_TOKENS) {
    if (!word_char(p)) {
      p += char_len(*p);
      continue;
    }
    size_t start = o;
    while (p < end && word_char(p)) {
      size_t cl = char_len(*p);
      if (p + cl > end || o + cl + 1 >= sizeof out->folded)
        break;
      for (size_t k = 0; k < cl; k++) {
        unsigned char c = p[k];
        if (c >= 'A' && c <= 'Z')
          c = (unsigned char)(c + 32);
        else if (k == 1 && p[0] == 0xC3 && c >= 0x80 && c <= 0x9E && c != 0x97)
          c = (unsigned char)(c + 0x20); /* À..Þ -> à..þ */
        out->folded[o++] = (char)c;
      }
      p += cl;
    }
    if (o - start >= 2) {
      out->t[out->n].s = out->folded + start;
      out->t[out->n].n = o - start;
      out->n++;
    }
    out->folded[o++] = '\0';
    if (o + 8 >= sizeof out->folded)
      break;
    if (p < end && word_char(p)) /* the buffer was full */
      break;
  }
}

/* The same word, or its plural: "egg"/"eggs", "Ei"/"Eier" is too short
 * to tell, "tomato"/"tomatoes". */
static int same_word(const token *a, const token *b) {
  const token *s = a->n <= b->n ? a : b, *l = a->n <= b->n ? b : a;
  if (l->n - s->n > 2 || (l->n != s->n && s->n < 3))
    return 0;
  return memcmp(s->s, l->s, s->n) == 0;
}

/* Whether a line holds most words of the ingredient: two thirds of them;
 * a one-word ingredient ("Salz") only in a short line. */
static int line_has(const tokens *line, size_t line_len, const tokens *ing,
                    size_t ing_len) {
  if (!ing->n || !line->n)
    return 0;
  if (line_len > 3 * ing_len + 120)
    return 0; /* prose that mentions the ingredient */
  if (ing->n == 1 && line_len > ing_len + 40)
    return 0;
  size_t found = 0;
  for (size_t i = 0; i < ing->n; i++)
    for (size_t j = 0; j < line->n; j++)
      if (same_word(&ing->t[i], &line->t[j])) {
        found++;
        break;
      }
  return found * 3 >= ing->n * 2;
}

/* Whether a kept block has a line that holds the ingredient. */
static int body_has(const pith_blocks *blocks, const char *ing, size_t ing_n,
                    tokens *ing_t, tokens *line_t) {
  tokenize(ing, ing_n, ing_t);
  if (!ing_t->n)
    return 1; /* nothing to look for: never worth adding */
  for (size_t i = 0; i < blocks->count; i++) {
    const pith_block *b = &blocks->items[i];
    if (b->drop || b->kind == BLOCK_CAPTION)
      continue;
    for (const char *p = b->text; *p;) {
      const char *e = strchr(p, '\n');
      size_t n = e ? (size_t)(e - p) : strlen(p);
      tokenize(p, n, line_t);
      if (line_has(line_t, n, ing_t, ing_n))
        return 1;
      p += n + (e != NULL);
    }
  }
  return 0;
}

/* Words of a heading over a recipe's ingredients, in several languages. */
static int names_ingredients(const char *text) {
  static const char *const words[] = {
      "ingredient",  "zutaten",   "ingrédient",   "ingredientes",
      "ingredienti", "składniki", "ingrediënten", "ingredienser",
      "ингредиенты", "malzemeler"};
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    if (pith_ascii_strcasestr(text, words[i]))
      return 1;
  return 0;
}

/* Where the list goes: under a heading that names the ingredients but
 * heads no list of its own, else at the top. */
static size_t insert_at(const pith_blocks *blocks) {
  for (size_t i = 0; i < blocks->count; i++) {
    const pith_block *b = &blocks->items[i];
    if (b->drop || b->kind != BLOCK_HEADING || !names_ingredients(b->text))
      continue;
    size_t next = i + 1;
    while (next < blocks->count && blocks->items[next].drop)
      next++;
    if (next < blocks->count && blocks->items[next].kind != BLOCK_HEADING)
      continue;
    return i + 1;
  }
  return 0;
}

static int push_item(pith_blocks *items, const char *s, size_t n, unsigned no) {
  pith_block b;
  memset(&b, 0, sizeof b);
  b.kind = BLOCK_LIST_ITEM;
  b.level = 1;
  b.list_id = 1000000; /* apart from the lists of the page */
  b.item_no = no;
  b.rule = "content";
  b.text = pith_strndup(s, n);
  b.markdown = b.text ? pith_strdup(b.text) : NULL;
  b.text_len = n;
  if (!b.text || !b.markdown) {
    free(b.text);
    free(b.markdown);
    return -1;
  }
  return pith_blocks_push(items, &b);
}

/* Moves blocks[from, to) onto the end of out; on failure frees what was
 * not moved. */
static int move_blocks(pith_blocks *out, pith_blocks *in, size_t from,
                       size_t to) {
  for (size_t i = from; i < to; i++)
    if (pith_blocks_push(out, &in->items[i]) < 0) {
      for (size_t j = i + 1; j < in->count; j++)
        pith_block_free_strings(&in->items[j]);
      in->count = 0;
      return -1;
    }
  return 0;
}

int pith_ingredients_add(const char *list, pith_blocks *blocks) {
  if (!list || !*list)
    return 0;
  tokens *ing_t = malloc(sizeof *ing_t), *line_t = malloc(sizeof *line_t);
  /* How many ingredients the body lacks. */
  const char *start[MAX_INGREDIENTS];
  size_t len[MAX_INGREDIENTS];
  size_t lines = 0, lacking = 0;
  if (!ing_t || !line_t) {
    free(ing_t);
    free(line_t);
    pith_nomem_note();
    return -1;
  }
  for (const char *p = list; *p && lines < MAX_INGREDIENTS;) {
    const char *e = strchr(p, '\n');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    start[lines] = p;
    len[lines] = n;
    lacking += !body_has(blocks, p, n, ing_t, line_t);
    lines++;
    p += n + (e != NULL);
  }
  free(ing_t);
  free(line_t);
  if (lines < 2 || lacking * 2 <= lines)
    return 0;
  size_t at = insert_at(blocks);
  pith_blocks out;
  memset(&out, 0, sizeof out);
  int failed = move_blocks(&out, blocks, 0, at) < 0;
  unsigned no = 0;
  for (size_t i = 0; i < lines && !failed; i++)
    if (push_item(&out, start[i], len[i], ++no) < 0)
      failed = 1;
  if (!failed)
    failed = move_blocks(&out, blocks, at, blocks->count) < 0;
  else
    move_blocks(&out, blocks, at, blocks->count);
  free(blocks->items);
  memset(blocks, 0, sizeof *blocks);
  if (failed) {
    pith_blocks_free(&out);
    return -1;
  }
  *blocks = out;
  return 0;
}
