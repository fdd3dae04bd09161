/*
 * rules_book.c - rules across the records of one book.
 *
 * Every year page of a book repeats the student's name and the personal
 * page gives the birth date; after book assembly each year record carries
 * them.  They must agree (rule 6): a disagreement is either a misread on one
 * page or, worse, a page of another student's book scanned into this one.
 *
 * The years of one book also follow each other: a student promoted at the
 * end of a school year is in the next grade the year after, so the class's
 * grade advances with the school year (rules_check_lop below).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "deadline.h"
#include "rules.h"
#include "rules_internal.h"
#include "text.h"

enum { SAME = 0, SOFT = 1, HARD = 2, NOMEM = -1 };

/* How far apart two names are.  domain.md compares diacritic-insensitively
 * and calls an edit distance <= 1 a soft flag.  A difference in diacritics
 * only is also a soft flag here (not a pass): both values are stored, the
 * student has one name, so one of the pages was misread, and a lost hook
 * or dot below is OCR's most common Vietnamese error. */
static int name_severity(const char *a, const char *b)
{
    /* Case never matters: names printed in capitals on one page and in
     * title case on another agree ("NGUYỄN VĂN AN" = "Nguyễn Văn An"). */
    char *ca = rules_casefold(a), *cb = rules_casefold(b);
    char *fa = text_fold(a), *fb = text_fold(b);
    int sev = NOMEM;
    if (ca && cb && fa && fb) {
        if (strcmp(ca, cb) == 0)
            sev = SAME;
        else if (strcmp(fa, fb) == 0 || text_distance(fa, fb) <= 1)
            sev = SOFT;
        else
            sev = HARD;
    }
    free(ca);
    free(cb);
    free(fa);
    free(fb);
    return sev;
}

/* Dates are ISO text: one differing digit is a soft flag, more is hard. */
static int date_severity(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return SAME;
    return text_distance(a, b) <= 1 ? SOFT : HARD;
}

typedef int (*severity_fn)(const char *, const char *);

/* Flags the records whose value of `which` disagrees.  The reference is the
 * value most records share; when no single value is the most common (two
 * records, two values), each is judged against all the others, since there
 * is no telling which one is right. */
static int check_one(hb_record **recs, size_t n, size_t off, severity_fn sev,
                     hb_err *e)
{
#define AT(i) ((hb_field *)((char *)&recs[i]->student + off))
    size_t best = (size_t)-1, best_votes = 0;
    int tie = 0;
    for (size_t i = 0; i < n; i++) {
        if (!rules_has(AT(i)))
            continue;
        size_t votes = 0;
        for (size_t j = 0; j < n; j++) {
            if (!rules_has(AT(j)))
                continue;
            int s = sev(AT(i)->value, AT(j)->value);
            if (s == NOMEM)
                return err_set(e, HB_ENOMEM, "rules: out of memory");
            votes += s == SAME;
        }
        if (votes > best_votes) {
            best = i;
            best_votes = votes;
            tie = 0;
        } else if (votes == best_votes &&
                   sev(AT(i)->value, AT(best)->value) != SAME) {
            tie = 1;
        }
    }
    for (size_t i = 0; best != (size_t)-1 && i < n; i++) {
        if (!rules_has(AT(i)))
            continue;
        int worst = SAME;
        for (size_t j = 0; j < n; j++) {
            if (!rules_has(AT(j)) || (!tie && j != best))
                continue;
            int s = sev(AT(i)->value, AT(j)->value);
            if (s > worst)
                worst = s;
        }
        if (worst == SOFT && rules_flag(AT(i), "rule:header-soft", e))
            return -1;
        if (worst == HARD && rules_flag(AT(i), "rule:header", e))
            return -1;
    }
    /* The value every year record carries is the personal page's reading,
     * copied into each: when one year's own pages disagreed with it
     * (extraction flags that year's copy rule:header), the reading is in
     * doubt in every year that holds it, not only in the one whose pages
     * said so (seed 9031: "Định" for "Đinh", conf 65, flagged in two years
     * of three).  Unless the copy is a reading both models made with
     * confidence (90 and more): then the disagreeing page was the weaker
     * witness, and its own year is flagged already (seed 108: a name read
     * at 99 on the personal page, misread on one year's page). */
    static const char *const codes[] = { "rule:header", "rule:header-soft" };
    for (size_t c = 0; c < 2; c++)
        for (size_t i = 0; i < n; i++) {
            if (!rules_has(AT(i)) || !record_field_has_reason(AT(i), codes[c]))
                continue;
            for (size_t j = 0; j < n; j++) {
                if (j == i || !rules_has(AT(j)))
                    continue;
                int s = sev(AT(i)->value, AT(j)->value);
                if (s == NOMEM)
                    return err_set(e, HB_ENOMEM, "rules: out of memory");
                if (s == SAME && AT(j)->conf < 90 &&
                    rules_flag(AT(j), codes[c], e))
                    return -1;
            }
        }
    return 0;
#undef AT
}

int rules_check_header(hb_record **recs, size_t n, hb_err *e)
{
    if (check_one(recs, n, offsetof(hb_student, ho_ten), name_severity, e) ||
        check_one(recs, n, offsetof(hb_student, ngay_sinh), date_severity, e))
        return -1;
    return 0;
}

/* ---- the class's grade across the years (rule:lop, rule:qua-trinh) ---- */

/* One school year of the student's schooling with a readable school year
 * and grade: a year record of the book, or a row of the personal page's
 * schooling history (QUA_TRINH_HOC_TAP). */
typedef struct lop_year {
    int start, grade;
    int repeat;   /* may_repeat of the year's result */
    hb_field *lop; /* flagged when the year breaks the order */
} lop_year;

/* Whether the year's result keeps the student in the same grade next year:
 * "Ở lại lớp", "Chưa hoàn thành chương trình lớp 3", and the summer
 * re-test or training ("Kiểm tra lại / Rèn luyện trong hè"), which end in
 * either promotion or repeating.  1 when it may, 0 when it says promoted,
 * -1 when LEN_LOP was not read (or the history row has none). */
static int may_repeat(const hb_field *len_lop)
{
    if (!len_lop || !rules_has(len_lop))
        return -1;
    return deadline_kind_of(len_lop->value) == HB_DL_REST;
}

/* How two consecutive school years (a before b) fit together.  A promoted
 * student's grade advances by one a year; a grade kept is a repeated year,
 * which only a year whose result says so (may_repeat) explains, and which
 * stays in doubt (SOFT) when that result is unknown.  Anything else (a
 * grade that goes back, jumps, or stays after "Được lên lớp") is a class
 * or a school year misread, or a page of another book.  Across a gap of
 * several years (pages missing from the book) the grade may have advanced
 * by anything up to the gap.  A pupil promoted after a repeated year is in
 * the next grade again, so only the kept grade needs the result's word. */
static int lop_pair(const lop_year *a, const lop_year *b)
{
    int dy = b->start - a->start, dg = b->grade - a->grade;
    if (dg == dy)
        return SAME;
    if (dy == 1 && dg == 0)
        return a->repeat == 1 ? SAME : a->repeat == -1 ? SOFT : HARD;
    if (dy > 1 && dg >= 0 && dg < dy)
        return SAME;
    return HARD;
}

/* The grade of a class that can serve as evidence against the other
 * years, or -1.  Only a class written as the paper writes it: the grade,
 * then (after an optional blank) a section starting with a capital letter,
 * of letters and digits ("8A", "10A1", "12 Văn").  What the reader made of
 * unreadable ink ("1/7", "8ì", "2B]") passes rules_lop_grade when it
 * starts with a digit, but its grade is a guess: taken as evidence it
 * would accuse the well-read years around it.  So are values the reader
 * itself found out of format or read with next to no confidence. */
static int evidence_grade(const hb_field *f)
{
    if (!rules_has(f) || record_field_has_reason(f, "format") ||
        (f->conf >= 0 && f->conf < 30))
        return -1;
    int g = rules_lop_grade(f->value);
    if (g < 1)
        return -1;
    const char *p = f->value + (g >= 10 ? 2 : 1);
    if (*p == ' ')
        p++;
    const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)p;
    utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(p);
    int first = 1;
    if (!left)
        return -1;
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(u, left, &cp);
        if (k <= 0)
            return -1;
        utf8proc_category_t c = utf8proc_category(cp);
        int ok = first ? c == UTF8PROC_CATEGORY_LU
                       : c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL ||
                             c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_ND;
        if (!ok)
            return -1;
        first = 0;
        u += k;
        left -= k;
    }
    return g;
}

/* Adds a year to ys[0..*m) kept in school-year order (insertion). */
static void lop_add(lop_year *ys, size_t *m, lop_year y)
{
    if (y.start < 0 || y.grade < 1)
        return;
    size_t k = (*m)++;
    while (k > 0 && ys[k - 1].start > y.start) {
        ys[k] = ys[k - 1];
        k--;
    }
    ys[k] = y;
}

/* Flags the class and school year of the years (in school-year order) that
 * break the progression, with `hard` or `soft`.  When two years do not fit,
 * either may be the misread one, so each year is judged against all the
 * others, not only its neighbours: the years that fit with the most others
 * are the reference (6A 9A 8A: 6A and 8A fit each other, 9A fits neither
 * and is the one flagged), and a year that breaks with another and fits
 * fewer than the reference is flagged.  When no two fit (a two-year book,
 * or every year at odds) there is no telling which is wrong and every year
 * that breaks is flagged.  The class is flagged, not the school year: a
 * school year misread is nearly always out of format already (its second
 * year not one more than the first), while a grade's digit misread leaves
 * a well-formed class; the reason text asks to check both. */
static int lop_flag_breaks(const lop_year *ys, size_t m, const char *hard,
                           const char *soft, hb_err *e)
{
    if (m < 2)
        return 0;
    int *fits = calloc(m, sizeof *fits), *worst = calloc(m, sizeof *worst);
    int rc = 0;
    if (!fits || !worst) {
        rc = err_set(e, HB_ENOMEM, "rules: out of memory");
        goto done;
    }
    for (size_t i = 0; i < m; i++)
        for (size_t j = i + 1; j < m; j++) {
            if (ys[i].start == ys[j].start)
                continue; /* one school year twice: no order to judge */
            int sv = lop_pair(&ys[i], &ys[j]);
            fits[i] += sv == SAME;
            fits[j] += sv == SAME;
            if (sv > worst[i])
                worst[i] = sv;
            if (sv > worst[j])
                worst[j] = sv;
        }
    int best = 0;
    for (size_t i = 0; i < m; i++)
        if (fits[i] > best)
            best = fits[i];
    for (size_t i = 0; i < m && !rc; i++) {
        if (worst[i] == SAME || (best > 0 && fits[i] >= best))
            continue;
        const char *code = worst[i] == HARD ? hard : soft;
        if (rules_flag(ys[i].lop, code, e))
            rc = -1;
    }
done:
    free(fits);
    free(worst);
    return rc;
}

/* rule:lop: the year records of a book, each with its class, school year
 * and result (LEN_LOP). */
int rules_check_lop(hb_record **recs, size_t n, hb_err *e)
{
    lop_year *ys = malloc((n ? n : 1) * sizeof *ys);
    if (!ys)
        return err_set(e, HB_ENOMEM, "rules: out of memory");
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        hb_year *y = &recs[i]->year;
        lop_add(ys, &m, (lop_year){ rules_nam_hoc_start(y->nam_hoc.value),
                                    evidence_grade(&y->lop),
                                    may_repeat(&y->len_lop), &y->lop });
    }
    int rc = lop_flag_breaks(ys, m, "rule:lop", "rule:lop-soft", e);
    free(ys);
    return rc;
}

/* Two spellings of one class: the same after case folding, blanks and
 * hyphens dropped ("10A1" = "10 a1" = "10-A1"). */
static int same_class(const char *a, const char *b)
{
    char *fa = rules_casefold(a), *fb = rules_casefold(b);
    int same = -1;
    if (fa && fb) {
        char *p = fa, *q = fb;
        for (;;) {
            while (*p == ' ' || *p == '-')
                p++;
            while (*q == ' ' || *q == '-')
                q++;
            if (*p != *q || !*p)
                break;
            p++;
            q++;
        }
        same = *p == *q;
    }
    free(fa);
    free(fb);
    return same;
}

/* How many of the other years a year fits (one of ys, by its field). */
static int lop_fits(const lop_year *ys, size_t m, const hb_field *who)
{
    const lop_year *w = NULL;
    for (size_t i = 0; i < m && !w; i++)
        if (ys[i].lop == who)
            w = &ys[i];
    int fits = 0;
    for (size_t i = 0; w && i < m; i++) {
        if (&ys[i] == w || ys[i].start == w->start)
            continue;
        const lop_year *a = ys[i].start < w->start ? &ys[i] : w;
        const lop_year *b = a == w ? &ys[i] : w;
        fits += lop_pair(a, b) == SAME;
    }
    return fits;
}

/* rule:qua-trinh: the personal page's schooling history, one row a year
 * (năm học, lớp, trường), follows the same progression; the history has no
 * year result, so a grade kept is only a soft flag (a repeated year is
 * real).  And the row of the record's own school year names the class the
 * year page names.  When the two differ, one was misread, and the other
 * rows tell which: the one that continues them is kept (in the history's
 * place, for judging the rest), the other flagged; with nothing to tell
 * them apart, both are.  (When they agree they prove little: one hand
 * writes an 8 alike twice, and the reader misreads it alike twice.)  Per
 * record (the history is part of every year record), so a correction is
 * judged again at once. */
int rules_check_qua_trinh(hb_record *r, hb_err *e)
{
    hb_student *st = &r->student;
    hb_year *y = &r->year;
    lop_year *ys = malloc((st->n_history ? st->n_history : 1) * sizeof *ys);
    if (!ys)
        return err_set(e, HB_ENOMEM, "rules: out of memory");
    size_t m = 0;
    int own = rules_nam_hoc_start(y->nam_hoc.value);
    hb_history *row = NULL; /* the own year's row, when it differs */
    for (size_t i = 0; i < st->n_history; i++) {
        hb_history *h = &st->history[i];
        int start = rules_nam_hoc_start(h->nam_hoc.value);
        if (own >= 0 && start == own && evidence_grade(&h->lop) > 0 &&
            evidence_grade(&y->lop) > 0) {
            int same = same_class(h->lop.value, y->lop.value);
            if (same < 0) {
                free(ys);
                return err_set(e, HB_ENOMEM, "rules: out of memory");
            }
            if (!same)
                row = h;
        }
        lop_add(ys, &m, (lop_year){ start, evidence_grade(&h->lop), -1, &h->lop });
    }
    int rc = 0;
    if (row) {
        int by_row = lop_fits(ys, m, &row->lop);
        for (size_t i = 0; i < m; i++)
            if (ys[i].lop == &row->lop) {
                ys[i].grade = evidence_grade(&y->lop);
                ys[i].lop = &y->lop;
            }
        int by_page = lop_fits(ys, m, &y->lop);
        if (by_page > by_row) {
            rc = rules_flag(&row->lop, "rule:qua-trinh", e);
        } else {
            /* the history's row stands in the order (or neither wins) */
            for (size_t i = 0; i < m; i++)
                if (ys[i].lop == &y->lop) {
                    ys[i].grade = evidence_grade(&row->lop);
                    ys[i].lop = &row->lop;
                }
            rc = rules_flag(&y->lop, "rule:qua-trinh", e);
            if (!rc && by_page == by_row)
                rc = rules_flag(&row->lop, "rule:qua-trinh", e);
        }
    }
    if (!rc)
        rc = lop_flag_breaks(ys, m, "rule:qua-trinh", "rule:qua-trinh-soft", e);
    free(ys);
    return rc;
}

int rules_check_book(hb_record **recs, size_t n, hb_err *e)
{
    if (rules_check_header(recs, n, e) || rules_check_lop(recs, n, e))
        return -1;
    return 0;
}
