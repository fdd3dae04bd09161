/*
 * rules.h - the consistency rules of domain.md that flag fields for review.
 *
 * Rules only *flag* (record_field_flag with a reason code); they never change
 * a value.  When the paper itself is inconsistent, the reviewer keeps what
 * the paper says.  Which rules apply depends on the record's family.
 *
 * Reason codes (the `reason` attribute of a draft leaf):
 *   format            the value is outside its format (score not d.d in
 *                     0.0-10.0, KTĐK not 1-10, level not a canonical word of
 *                     its set, date not a real ISO date, NAM_HOC not
 *                     YYYY-(YYYY+1), LOP not grade+section or its grade not
 *                     the CAP_HOC level, MA_DINH_DANH not 12 digits, name not
 *                     capitalised letters, free text with OCR debris such as
 *                     '|' or a leading ')', ...)
 *   empty             present but empty where the paper must hold a value
 *                     (also in a row of an unknown subject or family whose
 *                     other cells are read: a row half read)
 *   unknown-subject   a subject row without a catalogue code, or one that
 *                     does not exist in the record's family
 *   rule:ca-nam       rule 1, on HOC_KY_1, HOC_KY_2 and CA_NAM of the subject
 *   rule:comment      rule 2, on HOC_KY_2 and CA_NAM of a comment subject
 *   rule:hoc-luc      rule 3 (TT58), two or more grades away from the
 *                     derivation; rule:hoc-luc-soft when one grade away
 *   rule:ket-qua      rule 4 (TT22), likewise; rule:ket-qua-soft; also the
 *                     overall result of a TT27 year (KET_QUA_HOC_TAP/CA_NAM)
 *   rule:danh-hieu    the title does not follow from the year's results
 *   rule:ren-luyen    TT22: the year's conduct (KET_QUA_REN_LUYEN/CA_NAM)
 *                     is not what the two terms' give (Điều 8 khoản 2);
 *                     on all three
 *   rule:tuoi         rule 5, birth year vs grade and school year
 *   rule:che-do       the family cannot apply to this grade in this year
 *                     (TT22/TT27 phase-in), or to this CAP_HOC
 *   rule:cccd         rule 8, the 12-digit number vs birth date and sex
 *   rule:phe-duyet    the approval date is outside the school year
 *   rule:header       rule 6 (rules_check_book), hard; rule:header-soft
 *   rule:lop          across a book's years (rules_check_book), on LOP of
 *                     a year that breaks the progression: the
 *                     grade advances by one a year, and stays only after a
 *                     year whose LEN_LOP says the student may repeat;
 *                     rule:lop-soft when it stays and LEN_LOP was not read
 *   rule:qua-trinh    the personal page's schooling history likewise (per
 *                     record): on LOP of a row that breaks the
 *                     progression (rule:qua-trinh-soft for a grade kept:
 *                     the history has no year result), and on the row's and
 *                     the year page's LOP when they name different classes
 *                     for the record's own school year
 *   rule:columns      the roles of the subject table's columns are in
 *                     doubt (rules_structure.c), on every cell of the
 *                     columns concerned: a reordering of HOC_KY_1 /
 *                     HOC_KY_2 / CA_NAM explains rule 1 in clearly more
 *                     rows than the reading as is; two columns identical
 *                     in (nearly) every row where rule 1 then breaks (one
 *                     column read twice); a column empty in most rows
 *                     whose other result cells are read; a primary page's
 *                     KTĐK column holding scores in two or more rows of
 *                     subjects that have no test (one such row: that cell)
 *   rule:rows         a term column (HOC_KY_1, HOC_KY_2 or CA_NAM) matched
 *                     to the rows one row off: rule 1 holds with the
 *                     column's values taken from the row above or below in
 *                     at least 3 score rows and twice as many as as read;
 *                     on that column's cells of the score rows
 *   rule:kind         a well-formed value of the wrong kind for its
 *                     subject: a level word in a scored subject's cell, a
 *                     number in a comment or level subject's, a level in a
 *                     KTĐK cell; when the family is unknown, judged from
 *                     the school level, the catalogue, the column's other
 *                     rows, and last a row that mixes scores and levels
 *   roster-none, roster-many, roster-differs   rule 7, see roster.h
 * A result mismatch (rule:hoc-luc, rule:ket-qua) also flags, with the same
 * code, each comment or level cell whose other reading would explain it.
 * Soft flags set review=1 like any other: they are cheap for a reviewer (one
 * field per record) and the distinct code lets the review UI rank them below
 * the hard ones.  See rules_results.c for why.
 */
#ifndef HB_RULES_H
#define HB_RULES_H

#include <stddef.h>

#include "err.h"
#include "record.h"

/* Runs every per-record rule that applies to r's family (formats, CA_NAM
 * formula, comment values, Học lực / Kết quả học tập derivation, Danh hiệu,
 * grade vs level vs birth year, CCCD structure, expected-but-empty, the
 * subject table's column roles and the kinds of its values).
 * Returns 0, or -1 (with e filled) only when memory runs out. */
int rules_check_record(hb_record *r, hb_err *e);

/* Across a book: name and birth date on every year record must agree
 * (diacritic-insensitive; edit distance <= 1 is a soft flag), and the
 * class's grade advances with the school year (rule:lop). */
int rules_check_book(hb_record **recs, size_t n, hb_err *e);

/* ---- the individual rules (each one function; rules_check_record runs
 * those that apply to the family).  Same return convention. ------------- */
int rules_check_subjects(hb_record *r, hb_err *e); /* unknown-subject */
int rules_check_format(hb_record *r, hb_err *e);   /* format */
int rules_check_empty(hb_record *r, hb_err *e);    /* empty */
int rules_check_ca_nam(hb_record *r, hb_err *e);   /* rule 1 */
int rules_check_comment(hb_record *r, hb_err *e);  /* rule 2 */
int rules_check_hoc_luc(hb_record *r, hb_err *e);  /* rule 3, TT58 */
int rules_check_ket_qua(hb_record *r, hb_err *e);  /* rule 4, TT22 */
int rules_check_danh_hieu(hb_record *r, hb_err *e);/* rule 4 + TT58 titles */
int rules_check_ren_luyen(hb_record *r, hb_err *e); /* TT22 year conduct */
int rules_check_tuoi(hb_record *r, hb_err *e);     /* rule 5 */
int rules_check_che_do(hb_record *r, hb_err *e);   /* family phase-in */
int rules_check_cccd(hb_record *r, hb_err *e);     /* rule 8 */
int rules_check_phe_duyet(hb_record *r, hb_err *e);/* approval date */
int rules_check_header(hb_record **recs, size_t n, hb_err *e); /* rule 6 */
int rules_check_lop(hb_record **recs, size_t n, hb_err *e);    /* rule:lop */
int rules_check_qua_trinh(hb_record *r, hb_err *e);            /* rule:qua-trinh */
/* the structure of the subject table (rules_structure.c) */
int rules_check_column_order(hb_record *r, hb_err *e); /* rule:columns */
int rules_check_column_twice(hb_record *r, hb_err *e); /* rule:columns */
int rules_check_column_empty(hb_record *r, hb_err *e); /* rule:columns */
int rules_check_column_tests(hb_record *r, hb_err *e); /* rule:columns */
int rules_check_row_slide(hb_record *r, hb_err *e);    /* rule:rows */
int rules_check_kind(hb_record *r, hb_err *e);         /* rule:kind */

/* ---- derivations other modules may share (the sample generator, the
 * review UI's explanations) ------------------------------------------------ */

/* A score "d.d" (0.0-10.0, exactly one decimal, point) as integer tenths;
 * -1 when it is not one.  Integers avoid binary floating point surprises. */
int rules_score_tenths(const char *s);

/* round1((HK1 + 2 x HK2) / 3) in tenths, half up (ties cannot occur: a
 * third of an integer number of tenths is never exactly x.x5). */
int rules_ca_nam_tenths(int hk1_tenths, int hk2_tenths);

/* What the regulation gives for term 0 (HOC_KY_1), 1 (HOC_KY_2) or 2
 * (CA_NAM) from the record's subject values: Học lực for TT58, Kết quả học
 * tập for TT22, the overall result of the year for TT27 (term 2 only).  *strict is the plain derivation, *adjusted the level after
 * the regulation's one-subject adjustment (equal to *strict when it does not
 * apply).  Both are canonical words from the catalogue.  Returns 0, or -1
 * when the family has no such derivation or a needed value is missing or
 * unreadable. */
int rules_derive_result(const hb_record *r, int term, const char **strict,
                        const char **adjusted);

/* TT22's year conduct (Kết quả rèn luyện cả năm) from the two terms', each
 * an index of the TT22 result set (0 Tốt, 1 Khá, 2 Đạt, 3 Chưa đạt); the
 * year's index, or -1 when a term's is out of range. */
int rules_ren_luyen_year(int hk1, int hk2);

#endif
