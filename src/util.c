/* Small string helpers shared by the stages. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

static _Thread_local int nomem_noted;

void pith_nomem_note(void) {
  nomem_noted = 1;
}

int pith_nomem_take(void) {
  int noted = nomem_noted;
  nomem_noted = 0;
  return noted;
}

char *pith_strndup(const char *s, size_t n) {
  char *p = malloc(n + 1);
  if (!p) {
    pith_nomem_note();
    return NULL;
  }
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *pith_strdup(const char *s) {
  return pith_strndup(s, strlen(s));
}
