/*
 * layout.h - what a page is and where each value sits on it.
 *
 * A học bạ book has a personal page (lý lịch: name, birth, family, the
 * schooling history table) and, for each school year, a subject-table page
 * and a results page (conduct and learning results, title, promotion, the
 * homeroom teacher's remark, the principal's approval), or one page holding
 * both.  Schools print the forms themselves, so positions move from book to
 * book; the printed *labels* do not.  Layout therefore finds values by
 * their labels ("Họ và tên:", "Năm học:", "Danh hiệu:"), tables by their
 * heading texts, table columns by their header ("HK I", "Học kỳ I",
 * "Học kì I", "Cả năm", "CN", "Điểm KTĐK" ...) and subject rows by their
 * printed names (catalog_match_subject).  All comparisons of printed text
 * ignore diacritics (text_fold): a lost hook must not lose a label.
 *
 * The family (TT58, TT22, TT27, TT30) comes from the regulation line under
 * the title ("Thông tư số 58/2011/TT-BGDĐT"), else from the tables'
 * headings (TT27 has "Điểm KTĐK", TT22 "Kết quả rèn luyện", TT58
 * "Hạnh kiểm"), else from the school year and the grade.
 */
#ifndef HB_LAYOUT_H
#define HB_LAYOUT_H

#include <stddef.h>

#include "catalog.h"
#include "err.h"
#include "grid.h"
#include "recognize.h"
#include "record.h"

typedef enum hb_page_kind {
    HB_PAGE_UNKNOWN = 0,
    HB_PAGE_PERSONAL, /* lý lịch */
    HB_PAGE_SUBJECTS, /* a year's subject table (left page) */
    HB_PAGE_RESULTS,  /* a year's results (right page) */
    HB_PAGE_SINGLE,   /* a whole year on one page */
    HB_PAGE_CONTINUED /* the rest of the previous page's subject table */
} hb_page_kind;

const char *layout_page_kind_name(hb_page_kind k);

/* A value the page announces with a printed label, and where it goes in
 * the record (a field path, see record.h) and how to read it. */
typedef struct hb_slot_def {
    const char *path;    /* record path, NULL for the end of the table */
    hb_field_kind kind;
    hb_valueset vs;      /* HB_FK_LEVEL only */
} hb_slot_def;

/* ---- text lines outside the tables ------------------------------------ */

typedef struct hb_text_row {
    hb_box box;          /* union of its chunks */
    hb_word *words;      /* left to right */
    size_t n_words;
} hb_text_row;

/* A labelled value found on the page. */
typedef struct hb_label_hit {
    const char *path;    /* record path of the value */
    hb_field_kind kind;
    hb_valueset vs;
    hb_box label;        /* the printed label */
    hb_box value;        /* where the value's words are (w = 0: none) */
    hb_box area;         /* where a value may be: from the label's end to
                            the next label or the row's end */
    char *line_text;     /* the value as the line reading saw it, or NULL */
    float line_conf;
} hb_label_hit;

/* ---- tables ----------------------------------------------------------- */

typedef enum hb_table_kind {
    HB_TABLE_OTHER = 0,
    HB_TABLE_SUBJECTS, /* subject rows, score or level columns */
    HB_TABLE_CONDUCT,  /* TT58/TT22 conduct and learning results by term */
    HB_TABLE_PHAM_CHAT,/* TT27 qualities */
    HB_TABLE_NANG_LUC, /* TT27 competences */
    HB_TABLE_HISTORY,  /* personal page: schooling history */
    HB_TABLE_BOX       /* one framed cell (the remark box) */
} hb_table_kind;

/* What a table column holds. */
typedef enum hb_col_role {
    HB_COL_NONE = 0,
    HB_COL_LABEL,      /* row labels (subject, term, item) */
    HB_COL_HK1, HB_COL_HK2, HB_COL_CN, /* per term, or the level columns */
    HB_COL_KTDK1, HB_COL_KTDK2,        /* TT27 periodic tests */
    HB_COL_DGL,        /* re-assessment */
    HB_COL_NX,         /* subject teacher's remark */
    HB_COL_CONDUCT,    /* Hạnh kiểm / Kết quả rèn luyện */
    HB_COL_LEARNING,   /* Học lực / Kết quả học tập */
    HB_COL_DAYS,       /* days absent */
    HB_COL_LEVEL,      /* phẩm chất / năng lực level */
    HB_COL_NAM_HOC, HB_COL_LOP, HB_COL_TRUONG, HB_COL_SO_DANG_BO,
    HB_COL_NGAY_NHAP_HOC,
    HB_COL_SIGN        /* the subject teacher's signature: nothing to read,
                          but a known column (not an unread heading) */
} hb_col_role;

/* A role's name for HB_TRACE ("hk1", "ktdk2", "label", ...). */
const char *layout_role_name(hb_col_role r);

typedef struct hb_table {
    const hb_grid *grid;
    hb_table_kind kind;
    int header_rows;      /* grid rows that make the heading */
    hb_col_role *roles;   /* per grid column */
    unsigned char *doubt; /* per grid column: 1 when its role is a guess
                             against or without its heading (an unread
                             heading between known ones read as the
                             re-test column, a heading that says another
                             term): its cells go to review (column-role) */
    int across;           /* a conduct table the other way round: the terms
                             across (columns HK1, HK2, CN), a row per result */
    char *head_text;      /* the heading's text, folded (for debugging) */
    char *why;            /* per column: its role and the heading it came
                             from, for HB_TRACE */
} hb_table;

/* ---- a page ----------------------------------------------------------- */

typedef struct hb_layout {
    hb_page_kind kind;
    hb_family family;        /* HB_FAMILY_UNKNOWN when the page does not say */
    int family_from_text;    /* 1: from the regulation line (strong) */
    hb_text_row *rows;
    size_t n_rows;
    hb_label_hit *hits;
    size_t n_hits;
    hb_table *tables;
    size_t n_tables;
    float quality;           /* mean confidence of the words read in the
                                page's text rows: a degraded scan reads
                                below ~92, a typical one at 94-96 */
    float print_quality;     /* the same of the words outside any labelled
                                value's area: the form's print (0: none) */
    float value_quality;     /* and of those inside: the values (0: none);
                                handwriting reads them below ~90 where the
                                print reads 90 and more, a degraded scan
                                the other way round */
} hb_layout;

/* Analyses a cleaned page: reads the text outside the tables (and inside
 * one-cell frames), finds the labelled values, classifies the tables and
 * maps their columns.  `grids` stay owned by the caller and must outlive
 * the layout. */
int layout_page(hb_recognizer *r, const hb_page_img *pg, const hb_grid *grids,
                size_t n_grids, hb_layout *out, hb_err *e);
void layout_free(hb_layout *l);

/* ---- a table that goes on over the page ------------------------------- */

/* A year's subject table can run past the end of its page.  The next page
 * then starts with the rest of its rows and no column headings (they are
 * printed on the first page only), so nothing on that page says what its
 * columns hold, nor that it is a subject table: the previous page's last
 * table does.  Its shape is what the next page is read with. */
#define HB_SHAPE_MAX_COLS 16

typedef struct hb_table_shape {
    hb_table_kind kind;      /* HB_TABLE_OTHER: nothing to go on from */
    hb_family family;
    int dpi;
    int n_cols;
    int col_x[HB_SHAPE_MAX_COLS + 1]; /* column lines, from the left one */
    hb_col_role roles[HB_SHAPE_MAX_COLS];
    unsigned char doubt[HB_SHAPE_MAX_COLS]; /* hb_table.doubt */
} hb_table_shape;

/* The shape of the page's last table when it is a subject table (kind
 * HB_TABLE_OTHER otherwise); `dpi` is the page's. */
void layout_table_shape(const hb_layout *l, int dpi, hb_table_shape *out);

/* Whether the page's first table goes on from `prev` (the previous page's
 * layout_table_shape): the same number of columns at the same places
 * (within about 2 mm, or 1.5% of the width), and either no heading that
 * names a table (a headless run of rows) or a subject heading on a page
 * that prints no school year (the headings repeated).  Then that table is
 * read as a subject table with prev's column roles (headless: no heading
 * rows), the page's family is prev's when it names none, and its kind is
 * HB_PAGE_CONTINUED, or HB_PAGE_RESULTS when it also holds the year's
 * results.  Returns 1 when the page goes on from prev, else 0 (nothing
 * changed). */
int layout_continue_table(hb_layout *l, int dpi, const hb_table_shape *prev);

/* ---- the pieces, exposed for tests ------------------------------------ */

/* The family a regulation line names ("Thông tư số 58/2011/TT-BGDĐT" ->
 * TT58, "22/2021" -> TT22, "27/2020" -> TT27, "22/2016" or "30/2014" ->
 * TT30), HB_FAMILY_UNKNOWN when the text names none. */
hb_family layout_family_from_text(const char *text);


/* The family a year's reading points to by what it holds, when no page
 * said it: the subjects only one family has (KHTN, LSDL, GDKTPL,
 * Nghệ thuật, HĐTN -> TT22; Thể dục -> TT58; Tiếng Việt, Đạo đức, Tự
 * nhiên và Xã hội -> primary), the results read (Hạnh kiểm / Học lực ->
 * TT58, Kết quả rèn luyện -> TT22, qualities and competences -> TT27).
 * Primary is TT27 or TT30 by `start_year` (TT27 when unknown).
 * HB_FAMILY_UNKNOWN when nothing or contradicting evidence. */
hb_family layout_family_from_content(const hb_record *r, int start_year);

/* The role of a column from its heading text and the text of the spanning
 * group heading above it (NULL when none), for a table of `kind`. */
hb_col_role layout_column_role(hb_table_kind kind, const char *group,
                               const char *head);

/* What one column's heading says (layout_assign_roles). */
typedef struct hb_col_head {
    const char *group;  /* the spanning heading above it, or NULL */
    const char *head;   /* its own heading (its slice of a heading cell
                           that spans several columns), or NULL */
    int group_id;       /* columns under one spanning heading share it;
                           -1: none */
    int bars;           /* upright strokes counted after "HK"/"Học kỳ" in
                           the ink of its own heading (1: I, 2: II), 0
                           when not counted */
    int group_bars;     /* the same in the spanning heading */
} hb_col_head;

/* Gives the columns of a table of `kind` their roles from their headings.
 * In a subject table the term columns (HK I, HK II, Cả năm; TT27's level
 * and periodic-test columns at the end of semester I and of the year)
 * get their term by what their own heading says, when it says it with a
 * margin over the runner-up; the printed order (terms in order, levels
 * before tests) only fills the columns whose heading was not read, so a
 * heading lost by one column gets the term the others leave over.  A
 * column with an unread heading between known ones is the re-test
 * column, and doubtful.  doubt[c] = 1 for a role that is a guess against
 * or without the column's heading.  `fam` may be unknown. */
void layout_assign_roles(hb_table_kind kind, hb_family fam, int n_cols,
                         const hb_col_head *h, hb_col_role *roles,
                         unsigned char *doubt);

/* The upright strokes ("I", "II") that end the text in `cell` (its last
 * line) on a 1 bpp page: 1 or 2, 0 when the text does not end with
 * strokes alone.  OCR reads bold roman numerals badly ("Il", "H", "11");
 * the ink tells "HK I" from "HK II". */
int layout_heading_bars(PIX *bin, hb_box cell, int dpi);

/* The term a row label or column heading names: 1 for "Học kỳ I", "HK I",
 * "Cuối HK I"; 2 for "Học kỳ II", "HK II"; 3 for "Cả năm", "CN", "Cuối
 * năm"; 0 for none. */
int layout_term_of(const char *text);

/* Nonzero when a column heading names a row-number column ("TT", "STT",
 * "Số TT", "Số thứ tự"): such a column never holds the rows' labels. */
int layout_is_number_heading(const char *head);

/* A table's kind from the text of its heading rows. */
hb_table_kind layout_table_kind(const char *head_text);

/* The subject a printed row label names (catalog_match_subject with the
 * tolerance layout uses), or NULL for a row to keep as unknown.  *dist
 * receives the edit distance of the match. */
const hb_subject_def *layout_match_subject(const char *label, size_t *dist);

/* Finds the labelled values in one row of words (left to right); appends to
 * *hits.  `kind` is the page kind known so far (labels differ between the
 * personal page and the year pages: "Trường:" is the school on both). */
int layout_find_labels(const hb_text_row *row, hb_label_hit **hits,
                       size_t *n, hb_err *e);

/* Sets l->quality, print_quality and value_quality from its text rows'
 * words and its label hits' value areas (a word counts where its centre
 * is). */
void layout_measure_quality(hb_layout *l);

/* The canonical name of a TT27 quality or competence item as printed
 * ("Tu chu va tu hoc" -> "Tự chủ và tự học"), NULL when none is close. */
const char *layout_match_muc(const char *label, int competence);

#endif
