/* Recipes and how-tos: tables rendered as Markdown, JSON-LD ingredients
 * added only when the body lacks them, step numbers folded into their
 * steps, headings that head nothing dropped. Blocks are built by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ingredients.h"
#include "internal.h"
#include "table.h"
#include "tidy.h"

static void push(pith_blocks *bs, block_kind kind, const char *text) {
  pith_block b;
  memset(&b, 0, sizeof b);
  b.kind = kind;
  b.level = kind == BLOCK_HEADING ? 2 : kind == BLOCK_LIST_ITEM ? 1 : 0;
  b.text = strdup(text);
  b.markdown = strdup(text);
  b.text_len = strlen(text);
  assert_int_equal(pith_blocks_push(bs, &b), 0);
}

static char *render(const pith_blocks *bs) {
  char *t = pith_render_text(bs);
  assert_non_null(t);
  return t;
}

/* ---- tables ------------------------------------------------------------ */

static void test_table_widths_and_header(void **state) {
  (void)state;
  pith_table t;
  memset(&t, 0, sizeof t);
  pith_table_add_row(&t); /* an empty spacer row */
  pith_table_add_cell(&t, strdup(""), 1, 0);
  pith_table_add_cell(&t, strdup(""), 1, 0);
  pith_table_add_row(&t);
  pith_table_add_cell(&t, strdup("For the dough:"), 2, 1);
  pith_table_add_row(&t);
  pith_table_add_cell(&t, strdup("250 g"), 1, 0);
  pith_table_add_cell(&t, strdup("flour | plain"), 1, 0);
  pith_table_add_row(&t);
  pith_table_add_cell(&t, strdup("1 tsp"), 1, 0);
  pith_table_add_cell(&t, strdup("salt"), 1, 0);
  pith_table_add_cell(&t, strdup("fine"), 1, 0);
  char *text = NULL, *md = NULL;
  assert_int_equal(pith_table_render(&t, &text, &md), 1);
  assert_string_equal(text, "For the dough:\n"
                            "250 g | flour | plain\n"
                            "1 tsp | salt | fine");
  assert_string_equal(md, "| For the dough: |  |  |\n"
                          "| --- | --- | --- |\n"
                          "| 250 g | flour \\| plain |  |\n"
                          "| 1 tsp | salt | fine |");
  free(text);
  free(md);
  pith_table_free(&t);

  /* Nothing but empty cells: no table. */
  pith_table_add_row(&t);
  pith_table_add_cell(&t, strdup(""), 3, 0);
  assert_int_equal(pith_table_render(&t, &text, &md), 0);
  assert_null(text);
  pith_table_free(&t);

  /* A failed allocation fails the rendering. */
  pith_table_add_row(&t);
  pith_table_add_cell(&t, NULL, 1, 0);
  assert_int_equal(pith_table_render(&t, &text, &md), -1);
  pith_table_free(&t);
}

/* ---- ingredients -------------------------------------------------------- */

static void test_ingredients_written_differently(void **state) {
  (void)state;
  pith_blocks bs;
  memset(&bs, 0, sizeof bs);
  push(&bs, BLOCK_PARAGRAPH, "Soft pancakes for slow mornings.");
  push(&bs, BLOCK_LIST_ITEM, "1 cup (125 g) plain flour");
  push(&bs, BLOCK_LIST_ITEM, "\xC2\xBD teaspoon fine salt");
  push(&bs, BLOCK_LIST_ITEM, "2 large eggs, beaten");
  push(&bs, BLOCK_TABLE, "300 ml | Buttermilch");
  assert_int_equal(pith_ingredients_add("1 cup plain flour\n1/2 tsp salt\n"
                                        "2 eggs\n1 1/4 cups buttermilk\n"
                                        "300 ml Buttermilch",
                                        &bs),
                   0);
  assert_int_equal(bs.count, 5); /* the page's list is there: no copy */
  pith_blocks_free(&bs);
}

static void test_ingredients_added_when_missing(void **state) {
  (void)state;
  pith_blocks bs;
  memset(&bs, 0, sizeof bs);
  push(&bs, BLOCK_PARAGRAPH, "Soft pancakes for slow mornings.");
  push(&bs, BLOCK_HEADING, "Ingredients");
  push(&bs, BLOCK_HEADING, "Method");
  /* A mention in a short line of prose does not count as the list. */
  push(&bs, BLOCK_PARAGRAPH, "Whisk the flour with the salt.");
  assert_int_equal(
      pith_ingredients_add("1 cup plain flour\n1/2 tsp salt\n2 eggs", &bs), 0);
  char *t = render(&bs);
  /* Under the heading that headed nothing, the whole list. */
  assert_string_equal(t, "Soft pancakes for slow mornings.\n\n"
                         "Ingredients\n\n"
                         "- 1 cup plain flour\n"
                         "- 1/2 tsp salt\n"
                         "- 2 eggs\n\n"
                         "Method\n\n"
                         "Whisk the flour with the salt.\n");
  free(t);
  pith_blocks_free(&bs);

  /* No such heading: at the top. */
  push(&bs, BLOCK_PARAGRAPH, "Soft pancakes for slow mornings.");
  assert_int_equal(pith_ingredients_add("2 eggs\n1 cup milk", &bs), 0);
  t = render(&bs);
  assert_string_equal(t, "- 2 eggs\n- 1 cup milk\n\n"
                         "Soft pancakes for slow mornings.\n");
  free(t);
  pith_blocks_free(&bs);
}

/* ---- steps and trailing headings ---------------------------------------- */

static void test_tidy_step_numbers(void **state) {
  (void)state;
  pith_blocks bs;
  memset(&bs, 0, sizeof bs);
  push(&bs, BLOCK_PARAGRAPH, "1");
  push(&bs, BLOCK_PARAGRAPH, "Chop the onion.");
  push(&bs, BLOCK_PARAGRAPH, "2.");
  push(&bs, BLOCK_HEADING, "The sauce");
  push(&bs, BLOCK_PARAGRAPH, "Cook the tomatoes.");
  push(&bs, BLOCK_PARAGRAPH, "3 of 3");
  push(&bs, BLOCK_PARAGRAPH, "Serve.");
  pith_blocks_tidy(&bs);
  char *t = render(&bs);
  assert_string_equal(t, "1. Chop the onion.\n\n"
                         "2. The sauce\n\n"
                         "Cook the tomatoes.\n\n"
                         "3. Serve.\n");
  free(t);
  assert_string_equal(bs.items[0].rule, "step-number");
  pith_blocks_free(&bs);

  /* "Step N" headings over their text. */
  push(&bs, BLOCK_HEADING, "Step 1");
  push(&bs, BLOCK_PARAGRAPH, "Chop the onion.");
  push(&bs, BLOCK_HEADING, "Step 2:");
  push(&bs, BLOCK_PARAGRAPH, "Fry it.");
  push(&bs, BLOCK_HEADING, "Schritt 3");
  push(&bs, BLOCK_PARAGRAPH, "Serve.");
  pith_blocks_tidy(&bs);
  t = render(&bs);
  assert_string_equal(t, "1. Chop the onion.\n2. Fry it.\n3. Serve.\n");
  free(t);
  pith_blocks_free(&bs);

  /* A short method of two steps written "1." and "2.". */
  push(&bs, BLOCK_PARAGRAPH, "1.");
  push(&bs, BLOCK_PARAGRAPH, "Boil the oats in the milk.");
  push(&bs, BLOCK_PARAGRAPH, "2.");
  push(&bs, BLOCK_PARAGRAPH, "Serve with apple and nuts.");
  pith_blocks_tidy(&bs);
  t = render(&bs);
  assert_string_equal(
      t, "1. Boil the oats in the milk.\n2. Serve with apple and nuts.\n");
  free(t);
  pith_blocks_free(&bs);

  /* Numbers that are no run of steps stay: a lone "3"; two plain counts
   * ("1", "2"); "1/2" and "2/2" under two photos. */
  push(&bs, BLOCK_PARAGRAPH, "1");
  push(&bs, BLOCK_PARAGRAPH, "Goal in the first half.");
  push(&bs, BLOCK_PARAGRAPH, "2");
  push(&bs, BLOCK_PARAGRAPH, "Goals in the second half.");
  pith_blocks_tidy(&bs);
  for (size_t i = 0; i < bs.count; i++)
    assert_false(bs.items[i].drop);
  pith_blocks_free(&bs);
  push(&bs, BLOCK_PARAGRAPH, "3");
  push(&bs, BLOCK_PARAGRAPH, "Three people were hurt.");
  pith_blocks_tidy(&bs);
  assert_false(bs.items[0].drop);
  assert_int_equal(bs.items[1].kind, BLOCK_PARAGRAPH);
  pith_blocks_free(&bs);
  push(&bs, BLOCK_PARAGRAPH, "1/2");
  push(&bs, BLOCK_PARAGRAPH, "2/2");
  push(&bs, BLOCK_PARAGRAPH, "The road is closed.");
  pith_blocks_tidy(&bs);
  for (size_t i = 0; i < bs.count; i++)
    assert_false(bs.items[i].drop);
  assert_int_equal(bs.items[2].kind, BLOCK_PARAGRAPH);
  pith_blocks_free(&bs);
}

static void test_tidy_trailing_headings(void **state) {
  (void)state;
  pith_blocks bs;
  memset(&bs, 0, sizeof bs);
  push(&bs, BLOCK_PARAGRAPH, "Slice the onions and pour over the vinegar.");
  push(&bs, BLOCK_HEADING, "Did you make this recipe?");
  push(&bs, BLOCK_CAPTION, "A jar of onions");
  push(&bs, BLOCK_HEADING, "Comments");
  pith_blocks_tidy(&bs);
  assert_true(bs.items[1].drop);
  assert_string_equal(bs.items[1].rule, "heading-without-body");
  assert_true(bs.items[3].drop);
  assert_false(bs.items[0].drop);
  pith_blocks_free(&bs);

  /* A label line stays (it says what a list below was); a body of one
   * heading stays; so does a long sentence set as a heading. */
  push(&bs, BLOCK_PARAGRAPH, "Slice the onions and pour over the vinegar.");
  push(&bs, BLOCK_PARAGRAPH, "Sources:");
  pith_blocks_tidy(&bs);
  assert_false(bs.items[1].drop);
  pith_blocks_free(&bs);
  push(&bs, BLOCK_HEADING, "A single long heading that is all the page has");
  pith_blocks_tidy(&bs);
  assert_false(bs.items[0].drop);
  pith_blocks_free(&bs);
  push(&bs, BLOCK_PARAGRAPH, "Slice the onions and pour over the vinegar.");
  push(&bs, BLOCK_HEADING,
       "While the jar cools, keep it away from the window so that the "
       "onions do not fade in the sun.");
  pith_blocks_tidy(&bs);
  assert_false(bs.items[1].drop);
  pith_blocks_free(&bs);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_table_widths_and_header),
      cmocka_unit_test(test_ingredients_written_differently),
      cmocka_unit_test(test_ingredients_added_when_missing),
      cmocka_unit_test(test_tidy_step_numbers),
      cmocka_unit_test(test_tidy_trailing_headings),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
