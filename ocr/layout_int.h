/*
 * layout_int.h - what layout.c (text rows, tables, the page) and
 * layout_labels.c (labelled values on the rows) share.  Not for other
 * modules: layout.h is the interface.
 */
#ifndef HB_LAYOUT_INT_H
#define HB_LAYOUT_INT_H

#include "layout.h"

/* Folds `s` and keeps only letters, digits and single blanks: "Xã/Phường:"
 * -> "xa phuong".  Caller frees; NULL when out of memory. */
char *layout_fold_tokens(const char *s);

/* Nonzero when folded token text `hay` contains the folded phrase `needle`
 * as whole tokens, allowing about one edit per five letters. */
int layout_phrase_in(const char *hay, const char *needle);

/* Which term folded heading text names: 1, 2, 3 (the year), 0 none. */
int layout_term_folded(const char *f);

/* The smallest box holding both (a box with w = 0 is none). */
hb_box layout_box_union(hb_box a, hb_box b);

/* The row's words joined and folded to tokens.  Caller frees. */
char *layout_row_folded(const hb_text_row *row);

/* Special values found on the rows, appended to hits (0, or -1 when out
 * of memory): the approval's place-and-date line, the principal's name
 * under the approval heading, the homeroom teacher's remark. */
int layout_find_date_line(const hb_text_row *row, hb_label_hit **hits,
                          size_t *n);
int layout_find_approval_name(const hb_layout *l, hb_label_hit **hits,
                              size_t *n);
int layout_find_remark(const hb_layout *l, int dpi, hb_label_hit **hits,
                       size_t *n);

/* Gives three readings of one year's result their terms by their order on
 * the page when OCR lost a stroke of a term's numeral. */
void layout_order_result_terms(hb_layout *l);

/* Reads a table's heading cells and gives the table its kind and its
 * columns their roles (layout_table.c); `fam` is the page's family so
 * far (may be unknown). */
int layout_classify_table(hb_recognizer *r, const hb_page_img *pg,
                          const hb_grid *g, hb_family fam, hb_table *t,
                          hb_err *e);

#endif
