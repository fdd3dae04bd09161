/*
 * extract_int.h - what extract.c (the book) and extract_page.c (one page)
 * share; not a public header.
 */
#ifndef HB_EXTRACT_INT_H
#define HB_EXTRACT_INT_H

#include "extract.h"
#include "layout.h"
#include "recognize.h"

/* What one page yielded: a partial record holding only the fields printed
 * on that page (annotated with this page's number and boxes), and what the
 * book assembly needs to know about the page. */
typedef struct hb_page_read {
    hb_page_kind kind;
    hb_family family;
    int family_from_text;
    int failed;          /* the page could not be read at all */
    hb_record *frag;     /* NULL when failed */
    hb_table_shape tail; /* its last table, which the next page may go on
                            with (layout_table_shape) */
} hb_page_read;

/* Reads a cleaned page (`page_no` is its 1-based index in the book) into
 * `out`: `gray` and `bin` as clean_page made them.  Returns -1 only on
 * allocation failure; an unreadable page is out->failed. */
int extract_read_page(hb_recognizer *r, PIX *gray, PIX *bin, int dpi,
                      int page_no, hb_page_read *out, hb_err *e);
/* The same for a page that may go on with the previous page's last table
 * (`prev`: that page's tail, NULL when there is none): a subject table
 * continued without its headings is read with prev's columns and the
 * page is HB_PAGE_CONTINUED (layout_continue_table). */
int extract_read_page_after(hb_recognizer *r, PIX *gray, PIX *bin, int dpi,
                            int page_no, const hb_table_shape *prev,
                            hb_page_read *out, hb_err *e);
void extract_page_read_free(hb_page_read *p);

/* Puts a reading into a field: value, conf, page, box and the reasons the
 * recognizer gave. */
int extract_put(hb_field *f, const hb_reading *rd, int page);

#endif
