/* The last touches on a judged body: step numbers folded into their
 * steps, headings that head nothing at the end dropped. */
#ifndef PITH_TIDY_H
#define PITH_TIDY_H

#include "internal.h"

/* Works on the kept blocks of an HTML body, after the debris rules and
 * before rendering: a bare step number ("1", "2.", "3 of 17", a "Step 4"
 * heading) that stands beside its step is folded into it (the step
 * becomes item N of an ordered list, a heading gets "N. ") and dropped
 * with the rule "step-number"; headings at the end, after text, are
 * dropped with "heading-without-body". Nothing is allocated but
 * a numbered heading's text; on failure it stays as it was. */
void pith_blocks_tidy(pith_blocks *blocks);

#endif /* PITH_TIDY_H */
