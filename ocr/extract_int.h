/*
 * extract_int.h - what extract.c (the book) and extract_page.c (one page)
 * share; not a public header.
 */
#ifndef HB_EXTRACT_INT_H
#define HB_EXTRACT_INT_H

#include "extract.h"
#include "layout.h"
#include "recognize.h"

/* Below this confidence a field goes to a person.  The pipeline's conf is
 * not Tesseract's: each recognizer caps it where its own evidence is weak
 * (two engines or models disagreeing, the ink's topology or letter count
 * contradicting the reading, a degraded page, a value put back rather
 * than read) so that what stays at or above the line is rarely wrong:
 * 0.14% of all fields on the bench's typical set (samples/bench.sh), with
 * 6% of the fields sent to review. */
#define CONF_REVIEW 60

/* What the readers of a score cell said besides the value they chose. */
typedef struct hb_cell_votes {
    int agreed; /* two different models read this value */
    /* when they disputed it: the other values proposed (hb_reading.alts),
     * blank-separated; may be "" */
    char alts[sizeof ((hb_reading *)0)->alts];
} hb_cell_votes;

/* A score subject's row (TT58, TT22) whose one doubtful cell the
 * year-average formula settles (extract_formula.c): the other two cells
 * read at 75 or more, the formula holding with the cell's value and
 * breaking with each of the alternatives the readers proposed for it
 * (v[k]: 0 HOC_KY_1, 1 HOC_KY_2, 2 CA_NAM; v may be NULL).  A term cell
 * needs the readers to have agreed on it or at least one alternative the
 * formula rejects; CA_NAM is fixed by the terms alone.  The cell's
 * confidence is raised to CONF_REVIEW; returns 1 then, else 0. */
int extract_formula_settle(hb_subject *s, const hb_cell_votes v[3]);

/* The first calendar year of a school year read whole ("2021-2022":
 * 2021), or 0 (NULL, or not a school year). */
int extract_school_year_start(const char *v);

/* A leaf the form has that was not read: made present, empty, at
 * confidence 0 and flagged "not-found" (its table, row, column or label
 * not found on the page: the reviewer is told to look for it on the scan,
 * where "empty" says a cell was found blank), for a person; a leaf with a
 * value is left alone.  -1 on allocation failure. */
int extract_expect(hb_field *f);

/* The schooling history each of a book's year records (recs, n) must
 * hold (extract_history.c): a row for every school year the book has a
 * record of, inserted empty and flagged where the history has fewer rows
 * than the book has years and names none for it; every row's five leaves
 * present, empty and flagged where not read (a column lost).  -1 on
 * allocation failure. */
int extract_expect_history(hb_record **recs, size_t n);

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

/* What the book's other years say of a year whose header could not be
 * read (handwritten years and classes often cannot): a book holds one
 * student's years in page order, one school year after another, one grade
 * a year (a repeated year is rare).  Given each year's first calendar year
 * (start) and grade as read (0: not read), h[k] gets, from the nearest
 * year that read its own: the start of year k when it read none, and the
 * grade its start implies; 0 where no year helps or the result is out of
 * range.  They are hints, never readings: a hinted school year goes into
 * the draft flagged "from-book" for a person to confirm; a grade only
 * chooses which rows the form must have. */
typedef struct hb_year_hint {
    int start, grade;
} hb_year_hint;

void extract_hint_years(const int *start, const int *grade, size_t n,
                        hb_year_hint *h);

/* The first calendar year of a school year read only in part, or 0.  A
 * handwritten "2021-2022" comes back as "202-2022" or "2022-2005": of its
 * two numbers, the one that is a plausible year (four digits, 1950-2100)
 * says which school year it was when the other is not one ("202-2022":
 * 2021), or when both are and follow each other.  Two plausible years that
 * do not follow each other ("2022-2005") contradict each other: 0, as for
 * a lone number, which could be either end. */
int extract_partial_start(const char *s);

/* The hints of a book's n years: extract_hint_years on what the headers
 * read whole (start), then, for a year with neither a whole reading nor a
 * neighbour's, its own partial reading (part, extract_partial_start; 0:
 * none), and failing that a neighbour's partial one counted on as a whole
 * one would be: a handwritten book whose second year read "10239-2024"
 * (2023) and whose first read "1022-2923" (nothing) gets 2022 for the
 * first (seed 777, where such a year's draft used to be named by its
 * garbled year and found by nobody).  Every such value is a hint, flagged
 * "from-book" where used.  0, or -1 when out of memory (h then holds the
 * hints of the whole readings only). */
int extract_hint_book(const int *start, const int *grade, const int *part,
                      size_t n, hb_year_hint *h);

/* The pages of one school year, indexes into the book's pages. */
typedef struct hb_year_group {
    int pages[4]; /* subjects, its table's rest, results */
    int n;
} hb_year_group;

/* Pages into school years: a subject page opens a year, the rest of its
 * table (a continued page) and the results page right after it close it;
 * a single page is a year by itself, and takes a results page after it
 * unless the two name different school years (read whole) or the second
 * holds subjects.  g has room for n groups; returns how many. */
size_t extract_group_years(const hb_page_read *pr, size_t n, hb_year_group *g);

/* Where a word the line reading dropped starts: the left edge of the
 * letter-sized ink (two pieces or more) between a label's end (area.x)
 * and the first word read of its value (value.x), or -1 when there is
 * none (leader dots and a colon are not letters). */
int extract_dropped_word_x(const hb_page_img *pg, hb_box area, hb_box value);

/* Nonzero when `area` of the page holds ink as tall as a letter (leader
 * dots and specks are far smaller): a labelled value read as "only leader
 * dots" is believed empty only without it. */
int extract_letter_ink(const hb_page_img *pg, hb_box area);

/* Puts a reading into a field: value, conf, page, box and the reasons the
 * recognizer gave. */
int extract_put(hb_field *f, const hb_reading *rd, int page);

/* The terms of a results table's nrows rows, terms[i] as the row's label
 * named it (1 HK I, 2 HK II, 3 the year, 0
 * unread), put in order: an unread label takes its row's place; when
 * the labels do not name increasing terms ("HKII" read "HKI": two rows
 * claiming HK I) and the table has the form's three rows, each row is
 * its place, and guessed[i] is set where that overrules its label. */
void extract_order_terms(int *terms, int nrows, int *guessed);

/* A score row (TT58, TT22) with one or two of its three cells unreadable
 * cannot be checked by rule 1, so its readable cells need more confidence
 * than the usual line: those read below 70 are flagged low-conf.  Returns
 * 0, or -1 out of memory. */
int extract_flag_unchecked_scores(hb_record *r);

/* Merges the year part of one page's reading (f) into the year's record r:
 * a header field read on several pages votes, a school year or class read
 * well formed winning against one that is not; the subject rows, results
 * and approval are copied.  0, or -1 when out of memory. */
int extract_merge_year(hb_record *r, const hb_record *f);

/* Whether a page that reads poorly does so because its values are written
 * by hand (its print reads well, its values do not) rather than because
 * the scan is degraded; its free text then goes to review only when read
 * under HAND_TEXT_SURE (extract_page.c). */
int extract_handwritten_values(const hb_layout *l);

/* On a poor page (hb_page_img.poor) with layout `l`, the confidence under
 * which the free-text field at `path` holding `value` goes to a person
 * whatever its own confidence says (101: always; 0: not free text, its
 * own confidence rules).  Under 90 on a handwritten page, and for a
 * degraded scan's value written from a known list (spelling_listed) and
 * read as one of it; always for a degraded scan's other free text. */
int extract_free_text_line(const hb_layout *l, const char *path,
                           const char *value);

#endif
