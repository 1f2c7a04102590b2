/* A growable byte buffer with a hard cap (after curl's dynbuf): appends past
 * the cap fail instead of growing without bound. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void pith_buf_init(pith_buf *b, size_t max) {
  memset(b, 0, sizeof *b);
  b->max = max;
}

int pith_buf_append(pith_buf *b, const char *s, size_t n) {
  if (b->failed)
    return -1;
  if (b->max && b->len + n > b->max) {
    b->failed = 1;
    return -1;
  }
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + n + 1)
      cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
      pith_nomem_note();
      b->failed = 1;
      return -1;
    }
    b->data = p;
    b->cap = cap;
  }
  if (n)
    memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
  return 0;
}

int pith_buf_reserve(pith_buf *b, size_t n) {
  if (b->failed || (b->max && n > b->max) || n + 1 <= b->cap)
    return 0;
  char *p = realloc(b->data, n + 1);
  if (!p) {
    pith_nomem_note();
    b->failed = 1;
    return -1;
  }
  if (!b->data)
    p[0] = '\0';
  b->data = p;
  b->cap = n + 1;
  return 0;
}

int pith_buf_puts(pith_buf *b, const char *s) {
  return pith_buf_append(b, s, strlen(s));
}

int pith_buf_putc(pith_buf *b, char c) {
  return pith_buf_append(b, &c, 1);
}

char *pith_buf_detach(pith_buf *b) {
  if (b->failed) {
    pith_buf_free(b);
    return NULL;
  }
  char *p = b->data ? b->data : pith_strdup("");
  b->data = NULL;
  b->len = b->cap = 0;
  return p;
}

void pith_buf_free(pith_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}
