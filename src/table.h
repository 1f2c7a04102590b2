/* A data table read from the page, cell by cell, and its renderings. */
#ifndef PITH_TABLE_H
#define PITH_TABLE_H

#include <stddef.h>

typedef struct pith_table_cell {
  char *text;    /* white space collapsed; owned */
  unsigned span; /* colspan, 1 or more */
  int header;    /* a <th> */
} pith_table_cell;

typedef struct pith_table_row {
  pith_table_cell *cells;
  size_t count, cap;
} pith_table_row;

typedef struct pith_table {
  pith_table_row *rows;
  size_t count, cap;
  int failed; /* an allocation failed; the renderings will too */
} pith_table;

/* Starts a row; cells are added to the last row. */
void pith_table_add_row(pith_table *t);
/* Adds a cell, taking `text` (NULL counts as a failed allocation). */
void pith_table_add_cell(pith_table *t, char *text, unsigned span, int header);
/* Plain text (one row per line, cells joined by " | ") and Markdown (a
 * header row, then the others, every row as wide as the widest, cells'
 * "|" escaped). Rows with no text are left out. Returns 1 with both set
 * (caller frees), 0 when the table has no text, -1 when out of memory. */
int pith_table_render(const pith_table *t, char **text, char **markdown);
void pith_table_free(pith_table *t);

#endif /* PITH_TABLE_H */
