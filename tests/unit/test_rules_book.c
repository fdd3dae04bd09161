/*
 * test_rules_book.c - the class's progression over a student's school
 * years (pipeline/rules_book.c): rule:lop across the year records of a
 * book, rule:qua-trinh over the personal page's schooling history.
 *
 * A pupil promoted at the end of a school year is one grade up the next
 * year; a grade is kept only after a year whose result says so.  A reader
 * that takes an 8 for a 9 or a 3 breaks that order, and the rule must
 * point at the year that breaks it.  Real books repeat years, change
 * section (8A then 9B) and lose pages; those must raise nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "review.h"
#include "rules.h"

#include "rules_flags.h"

static void set(hb_field *f, const char *v)
{
    assert_int_equal(record_field_set(f, v), 0);
}

#define MAXY 4

/* One book: per year "NAM_HOC LOP|LEN_LOP" ("" LEN_LOP: not read). */
typedef struct lop_case {
    const char *years[MAXY][3]; /* nam_hoc, lop, len_lop; NULL ends */
    const char *want;           /* flags per record, "|" between records */
} lop_case;

#define LOP_LINE(code) "THONG_TIN_HOC_BA/LOP " code "\n"
#define HARD LOP_LINE("rule:lop")
#define SOFT LOP_LINE("rule:lop-soft")

static void check_lop_case(const lop_case *c)
{
    hb_record *recs[MAXY];
    size_t n = 0;
    for (; n < MAXY && c->years[n][0]; n++) {
        recs[n] = record_new();
        assert_non_null(recs[n]);
        set(&recs[n]->year.nam_hoc, c->years[n][0]);
        set(&recs[n]->year.lop, c->years[n][1]);
        set(&recs[n]->year.len_lop, c->years[n][2]);
    }
    hb_err e;
    assert_int_equal(rules_check_lop(recs, n, &e), 0);
    char got[MAXY * 256] = "";
    for (size_t k = 0; k < n; k++) {
        /* strncat, not snprintf: the listing may be longer than got
         * (the -O1 sanitizer build sees that); a truncated one fails */
        if (k)
            strncat(got, "|", sizeof got - strlen(got) - 1);
        strncat(got, flags(recs[k]), sizeof got - strlen(got) - 1);
        record_free(recs[k]);
    }
    assert_string_equal(got, c->want);
}

static void lop_progression(void **state)
{
    (void)state;
    static const lop_case cases[] = {
        /* promoted every year, section changed: fine */
        { { { "2019-2020", "6A", "Được lên lớp" },
            { "2020-2021", "7A", "Được lên lớp" },
            { "2021-2022", "8B", "Được lên lớp" } },
          "||" },
        /* the records in any order: sorted by school year */
        { { { "2021-2022", "8A", "" },
            { "2019-2020", "6A", "Được lên lớp" },
            { "2020-2021", "7A", "Được lên lớp" } },
          "||" },
        /* a year repeated after "Ở lại lớp", a re-test, a primary year
         * not completed: fine */
        { { { "2019-2020", "7A", "Ở lại lớp" },
            { "2020-2021", "7A", "Kiểm tra lại trong hè" },
            { "2021-2022", "7C", "Được lên lớp" },
            { "2022-2023", "8C", "" } },
          "|||" },
        { { { "2021-2022", "3A", "Chưa hoàn thành chương trình lớp 3" },
            { "2022-2023", "3A", "Hoàn thành chương trình lớp 3" } },
          "|" },
        /* promoted after the summer re-test although the result said
         * "Ở lại lớp" at first: the paper's next year decides, fine */
        { { { "2019-2020", "7A", "Ở lại lớp" },
            { "2020-2021", "8A", "Được lên lớp" } },
          "|" },
        /* pages of a year missing: the grade advanced by the gap, or less
         * (a repeated year among the missing ones) */
        { { { "2019-2020", "6A", "Được lên lớp" },
            { "2021-2022", "8A", "Được lên lớp" } },
          "|" },
        { { { "2019-2020", "6A", "Được lên lớp" },
            { "2021-2022", "7A", "Được lên lớp" } },
          "|" },
        /* seed 9021 book 7: 8A2 read 9A2, 9A2 read 3A2 */
        { { { "2024-2025", "9A2", "" }, { "2025-2026", "3A2", "" } },
          HARD "|" HARD },
        /* the same grade after "Được lên lớp": one of them misread */
        { { { "2019-2020", "9A", "Được lên lớp" },
            { "2020-2021", "9A", "Được lên lớp" } },
          HARD "|" HARD },
        /* ... and after a result not read: soft */
        { { { "2019-2020", "9A", "" }, { "2020-2021", "9A", "" } },
          SOFT "|" SOFT },
        /* the odd one out of three is the one flagged */
        { { { "2019-2020", "6A", "Được lên lớp" },
            { "2020-2021", "9A", "Được lên lớp" },
            { "2021-2022", "8A", "Được lên lớp" } },
          "|" HARD "|" },
        { { { "2019-2020", "5A", "Được lên lớp" },
            { "2020-2021", "7A", "Được lên lớp" },
            { "2021-2022", "8A", "Được lên lớp" } },
          HARD "||" },
        { { { "2019-2020", "6A", "Được lên lớp" },
            { "2020-2021", "7A", "Được lên lớp" },
            { "2021-2022", "8A", "Được lên lớp" },
            { "2022-2023", "3A", "" } },
          "|||" HARD },
        /* a school year misread breaks the order the same way */
        { { { "2019-2020", "6A", "Được lên lớp" },
            { "2020-2021", "7A", "Được lên lớp" },
            { "2017-2018", "8A", "Được lên lớp" } },
          "||" HARD },
        /* more than the gap: hard even across missing years */
        { { { "2019-2020", "6A", "Được lên lớp" },
            { "2021-2022", "9A", "Được lên lớp" } },
          HARD "|" HARD },
        /* unreadable years and classes are no evidence */
        { { { "2019-2020", "6A", "Được lên lớp" },
            { "", "9A", "Được lên lớp" },
            { "2021-2022", "A", "Được lên lớp" } },
          "||" },
        /* what the reader made of unreadable ink is no evidence: "1/7"
         * and "8ì" would otherwise accuse the well-read 10A1 and 12A1 */
        { { { "2023-2024", "10A1", "Được lên lớp" },
            { "2024-2025", "1/7", "Được lên lớp" },
            { "2025-2026", "8ì", "" },
            { "2022-2023", "5sBl", "" } },
          "|||" },
        /* a one-year book: nothing to compare */
        { { { "2019-2020", "6A", "Được lên lớp" } }, "" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        check_lop_case(&cases[i]);
}

/* rules_check_book runs rule:lop with rule 6 */
static void book_runs_lop(void **state)
{
    (void)state;
    hb_record *recs[2];
    for (int k = 0; k < 2; k++) {
        recs[k] = record_new();
        set(&recs[k]->year.nam_hoc, k ? "2025-2026" : "2024-2025");
        set(&recs[k]->year.lop, k ? "3A2" : "9A2");
    }
    hb_err e;
    assert_int_equal(rules_check_book(recs, 2, &e), 0);
    for (int k = 0; k < 2; k++) {
        assert_string_equal(flags(recs[k]), HARD);
        record_free(recs[k]);
    }
}

/* ---- the schooling history -------------------------------------------- */

/* The book rule's flag on a record, as rules_check_book leaves it. */
static int rules_flag_for_test(hb_field *f)
{
    return record_field_flag(f, "rule:lop");
}

#define HIST(i, leaf, code) "LY_LICH/QUA_TRINH_HOC_TAP/MUC[" #i "]/" leaf " " code "\n"

static hb_record *with_history(const char *own_year, const char *own_lop,
                               const char *const rows[][2], size_t n)
{
    hb_record *r = record_new();
    assert_non_null(r);
    set(&r->year.nam_hoc, own_year);
    set(&r->year.lop, own_lop);
    r->student.history = calloc(n, sizeof *r->student.history);
    assert_non_null(r->student.history);
    r->student.n_history = n;
    for (size_t i = 0; i < n; i++) {
        /* typed, not read (as record_new's fields): no confidence */
        r->student.history[i].nam_hoc.conf = -1;
        r->student.history[i].lop.conf = -1;
        set(&r->student.history[i].nam_hoc, rows[i][0]);
        set(&r->student.history[i].lop, rows[i][1]);
    }
    return r;
}

static void qua_trinh_progression(void **state)
{
    (void)state;
    /* clean, with a section change and a spelling of the class */
    static const char *const clean[][2] = {
        { "2023-2024", "7A2" }, { "2024-2025", "8 A2" }, { "2025-2026", "9B" }
    };
    hb_record *r = with_history("2024-2025", "8A2", clean, 3);
    run(rules_check_qua_trinh, r);
    assert_string_equal(flags(r), "");
    record_free(r);

    /* seed 9021 book 7: 8A2 read 9A2 and 9A2 read 3A2 on the personal
     * page; the row of the own year agrees with the year page (both
     * misread alike), the progression does not */
    static const char *const broken[][2] = { { "2024-2025", "9A2" },
                                             { "2025-2026", "3A2" } };
    r = with_history("2024-2025", "9A2", broken, 2);
    run(rules_check_qua_trinh, r);
    assert_string_equal(flags(r), HIST(1, "LOP", "rule:qua-trinh")
                                  HIST(2, "LOP", "rule:qua-trinh"));
    record_free(r);

    /* a grade kept: a repeated year is real, but the history has no
     * result to say so; either row may be the misread one */
    static const char *const kept[][2] = { { "2023-2024", "7A" },
                                           { "2024-2025", "7A" },
                                           { "2025-2026", "8A" } };
    r = with_history("2025-2026", "8A", kept, 3);
    run(rules_check_qua_trinh, r);
    assert_string_equal(flags(r), HIST(1, "LOP", "rule:qua-trinh-soft")
                                  HIST(2, "LOP", "rule:qua-trinh-soft"));
    record_free(r);

    /* the row of the own year names another class than the year page;
     * the row continues the other years, the page does not: the page's
     * class is the one to check */
    r = with_history("2024-2025", "9A2", clean, 3);
    run(rules_check_qua_trinh, r);
    assert_string_equal(flags(r), "THONG_TIN_HOC_BA/LOP rule:qua-trinh\n");
    record_free(r);

    /* seed 108 book 3: the history's 8A3 read 6A3; the year page's 8A3
     * continues 7A3, so only the row is flagged (and the page's class
     * stands in its place: no break left to flag) */
    static const char *const misread_row[][2] = { { "2024-2025", "7A3" },
                                                  { "2025-2026", "6A3" } };
    r = with_history("2025-2026", "8A3", misread_row, 2);
    run(rules_check_qua_trinh, r);
    assert_string_equal(flags(r), HIST(2, "LOP", "rule:qua-trinh"));
    record_free(r);

    /* a lone row and the page disagree: nothing tells which is right */
    static const char *const lone[][2] = { { "2024-2025", "8A2" } };
    r = with_history("2024-2025", "9A2", lone, 1);
    run(rules_check_qua_trinh, r);
    assert_string_equal(flags(r), HIST(1, "LOP", "rule:qua-trinh")
                        "THONG_TIN_HOC_BA/LOP rule:qua-trinh\n");
    record_free(r);
}

/* After a person's correction the rules run again (review_recheck):
 * rule:qua-trinh is the record's own and goes once the class is put
 * right; rule:lop, judged across the book, stands until a person confirms
 * or corrects that field, like rule:header. */
static void review_rechecks_qua_trinh_keeps_lop(void **state)
{
    (void)state;
    static const char *const broken[][2] = { { "2024-2025", "9A2" },
                                             { "2025-2026", "3A2" } };
    hb_record *r = with_history("2024-2025", "9A2", broken, 2);
    run(rules_check_record, r);
    assert_non_null(strstr(flags(r), HIST(2, "LOP", "rule:qua-trinh")));
    assert_int_equal(rules_flag_for_test(&r->year.lop), 0);
    set(&r->student.history[1].lop, "10A2");
    static const char *const touched[] = { "LY_LICH/QUA_TRINH_HOC_TAP/MUC[2]/LOP" };
    hb_err e;
    assert_int_equal(review_recheck(r, touched, 1, &e), 0);
    const char *got = flags(r);
    assert_null(strstr(got, "rule:qua-trinh"));
    assert_non_null(strstr(got, "THONG_TIN_HOC_BA/LOP rule:lop\n"));
    record_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lop_progression),
        cmocka_unit_test(book_runs_lop),
        cmocka_unit_test(qua_trinh_progression),
        cmocka_unit_test(review_rechecks_qua_trinh_keeps_lop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
