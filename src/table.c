/* Tables as text and as Markdown.
 *
 * Pages build tables that Markdown cannot hold as they are: a title row
 * of one cell spanning the others ("For the dough:" over "125 g | flour"
 * rows), rows of unequal width, empty spacer rows. A Markdown table needs
 * one header row and every row as wide as it, so cells spanning columns
 * are widened with empty cells, short rows padded, and empty rows left
 * out. The header is the first row: <th> cells where the page has them,
 * else whatever the first row says, as most renderers and trafilatura do. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "table.h"

/* A colspan beyond this is a layout trick, not columns. */
#define MAX_SPAN 20

void pith_table_add_row(pith_table *t) {
  if (t->failed)
    return;
  if (t->count == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 8;
    pith_table_row *p = realloc(t->rows, cap * sizeof *p);
    if (!p) {
      pith_nomem_note();
      t->failed = 1;
      return;
    }
    t->rows = p;
    t->cap = cap;
  }
  memset(&t->rows[t->count++], 0, sizeof *t->rows);
}

void pith_table_add_cell(pith_table *t, char *text, unsigned span, int header) {
  if (!text)
    t->failed = 1;
  if (t->failed || !t->count) {
    free(text);
    return;
  }
  pith_table_row *r = &t->rows[t->count - 1];
  if (r->count == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 8;
    pith_table_cell *p = realloc(r->cells, cap * sizeof *p);
    if (!p) {
      pith_nomem_note();
      t->failed = 1;
      free(text);
      return;
    }
    r->cells = p;
    r->cap = cap;
  }
  span = span < 1 ? 1 : span > MAX_SPAN ? MAX_SPAN : span;
  r->cells[r->count++] = (pith_table_cell){text, span, header};
}

void pith_table_free(pith_table *t) {
  for (size_t i = 0; i < t->count; i++) {
    for (size_t k = 0; k < t->rows[i].count; k++)
      free(t->rows[i].cells[k].text);
    free(t->rows[i].cells);
  }
  free(t->rows);
  memset(t, 0, sizeof *t);
}

static int row_has_text(const pith_table_row *r) {
  for (size_t k = 0; k < r->count; k++)
    if (r->cells[k].text[0])
      return 1;
  return 0;
}

static size_t row_width(const pith_table_row *r) {
  size_t w = 0;
  for (size_t k = 0; k < r->count; k++)
    w += r->cells[k].span;
  return w;
}

/* One Markdown row, `width` cells wide. */
static void markdown_row(pith_buf *md, const pith_table_row *r, size_t width) {
  size_t done = 0;
  for (size_t k = 0; k < r->count && done < width; k++) {
    pith_buf_puts(md, "| ");
    for (const char *p = r->cells[k].text; *p; p++) {
      if (*p == '|')
        pith_buf_puts(md, "\\|");
      else
        pith_buf_putc(md, *p);
    }
    pith_buf_putc(md, ' ');
    done++;
    for (unsigned s = 1; s < r->cells[k].span && done < width; s++, done++)
      pith_buf_puts(md, "|  ");
  }
  for (; done < width; done++)
    pith_buf_puts(md, "|  ");
  pith_buf_putc(md, '|');
}

int pith_table_render(const pith_table *t, char **text, char **markdown) {
  *text = *markdown = NULL;
  if (t->failed)
    return -1;
  size_t width = 0, rows = 0;
  for (size_t i = 0; i < t->count; i++)
    if (row_has_text(&t->rows[i])) {
      size_t w = row_width(&t->rows[i]);
      width = w > width ? w : width;
      rows++;
    }
  if (!rows)
    return 0;
  pith_buf txt, md;
  pith_buf_init(&txt, 0);
  pith_buf_init(&md, 0);
  int first = 1;
  for (size_t i = 0; i < t->count; i++) {
    const pith_table_row *r = &t->rows[i];
    if (!row_has_text(r))
      continue;
    if (!first) {
      pith_buf_putc(&txt, '\n');
      pith_buf_putc(&md, '\n');
    }
    for (size_t k = 0; k < r->count; k++) {
      if (k)
        pith_buf_puts(&txt, " | ");
      pith_buf_puts(&txt, r->cells[k].text);
    }
    markdown_row(&md, r, width);
    if (first) {
      pith_buf_putc(&md, '\n');
      for (size_t k = 0; k < width; k++)
        pith_buf_puts(&md, "| --- ");
      pith_buf_putc(&md, '|');
    }
    first = 0;
  }
  *text = pith_buf_detach(&txt);
  *markdown = pith_buf_detach(&md);
  if (!*text || !*markdown) {
    free(*text);
    free(*markdown);
    *text = *markdown = NULL;
    return -1;
  }
  return 1;
}
