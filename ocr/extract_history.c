/*
 * extract_history.c - the schooling history a draft must hold.
 *
 * The personal page's "Quá trình học tập" table has a row for every school
 * year the pupil spent at the level: năm học, lớp, trường, số đăng bộ,
 * ngày nhập học.  A degraded scan can lose the whole table (its grid not
 * found) or one column of it (its heading not read), and the draft then
 * lacked the rows or the column without a word: a reviewer saw a history
 * that looked complete, and the principal signed it (hard development
 * seeds 738-740: 40 silent errors in 2,384 fields, all of them this).
 *
 * The book itself says how many rows there must be: each year record it
 * holds is a year the pupil studied at the level, so the history names
 * it.  A year no row names, when the history has fewer rows than the
 * book has years, is a lost row; it is put in, empty and flagged, at its
 * place in time, so that the person who fills it in from the scan sees
 * where it belongs.  Its year is not written in for them: a value the
 * paper was not read for is not a reading.  When fewer rows are missing
 * than years are unnamed (a row whose year was misread names none), which
 * year was lost cannot be told and the rows go at the end.
 */
#include <string.h>

#include "extract_int.h"

/* Inserts an empty row before index `at` of r's history. */
static hb_history *insert_row(hb_record *r, size_t at)
{
    if (!record_add_history(r))
        return NULL;
    hb_history *h = r->student.history;
    size_t n = r->student.n_history;
    hb_history fresh = h[n - 1];
    memmove(&h[at + 1], &h[at], (n - 1 - at) * sizeof *h);
    h[at] = fresh;
    return &h[at];
}

/* Where a row of school year `start` goes: before the first row of a
 * later year; rows whose year was not read do not place it. */
static size_t place_of(const hb_record *r, int start)
{
    for (size_t i = 0; i < r->student.n_history; i++) {
        int s = extract_school_year_start(r->student.history[i].nam_hoc.value);
        if (s > start)
            return i;
    }
    return r->student.n_history;
}

static int complete_one(hb_record *r, const int *years, size_t ny)
{
    int missing[64];
    size_t nm = 0;
    for (size_t k = 0; k < ny && nm < sizeof missing / sizeof *missing; k++) {
        int named = 0;
        for (size_t i = 0; i < r->student.n_history && !named; i++) {
            const hb_field *f = &r->student.history[i].nam_hoc;
            named = extract_school_year_start(f->value) == years[k];
        }
        if (!named)
            missing[nm++] = years[k];
    }
    size_t lost = ny > r->student.n_history ? ny - r->student.n_history : 0;
    if (lost > nm)
        lost = nm;
    for (size_t k = 0; k < lost; k++) {
        size_t at = lost == nm ? place_of(r, missing[k]) : r->student.n_history;
        if (!insert_row(r, at))
            return -1;
    }
    for (size_t i = 0; i < r->student.n_history; i++)
        for (const hb_leaf *l = record_history_leaves; l->tag; l++)
            if (extract_expect(HB_FIELD_AT(&r->student.history[i], l)))
                return -1;
    return 0;
}

int extract_expect_history(hb_record **recs, size_t n)
{
    /* the book's school years, each once, in order */
    int years[64];
    size_t ny = 0;
    for (size_t k = 0; k < n && ny < sizeof years / sizeof *years; k++) {
        int s = extract_school_year_start(recs[k]->year.nam_hoc.value);
        size_t at = 0;
        while (at < ny && years[at] < s)
            at++;
        if (s <= 0 || (at < ny && years[at] == s))
            continue;
        memmove(&years[at + 1], &years[at], (ny - at) * sizeof *years);
        years[at] = s;
        ny++;
    }
    for (size_t k = 0; k < n; k++)
        if (complete_one(recs[k], years, ny))
            return -1;
    return 0;
}
