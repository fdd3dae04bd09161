/*
 * test_score.c - the accuracy scorer on a crafted truth/draft pair whose
 * every count is worked out by hand below.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "record.h"
#include "record_xml.h"
#include "score.h"

#define SUBJ(code, leaf) "THONG_TIN_HOC_BA/BANG_DIEM/DIEM_TONG_KET[" code "]/" leaf

static void set(hb_field *f, const char *v)
{
    assert_int_equal(record_field_set(f, v), 0);
}

/* 19 truth leaves:
 *   name    HO_TEN                                    1
 *   date    NGAY_SINH                                 1
 *   other   NAM_HOC LOP CHE_DO                        3
 *   score   TOAN x3, NGUVAN x3                        6
 *   text    NGUVAN/NHAN_XET (10 chars), NHAN_XET_GVCN (10 chars)   2
 *   level   THEDUC x3, HOC_LUC/CA_NAM, DANH_HIEU ("") 5
 *   integer SO_BUOI_NGHI                              1 */
static hb_record *truth(void)
{
    hb_record *r = record_new();
    assert_non_null(r);
    set(&r->student.ho_ten, "Nguyễn Văn An");
    set(&r->student.ngay_sinh, "2006-04-12");
    set(&r->year.nam_hoc, "2019-2020");
    set(&r->year.lop, "8A");
    set(&r->year.che_do, "TT58");
    hb_subject *s = record_add_subject(r, "TOAN", "Toán");
    set(&s->hk1, "7.0");
    set(&s->hk2, "8.0");
    set(&s->cn, "7.7");
    s = record_add_subject(r, "NGUVAN", "Ngữ văn");
    set(&s->hk1, "8.5");
    set(&s->hk2, "8.5");
    set(&s->cn, "8.5");
    set(&s->nhan_xet, "Tiến bộ rõ");
    s = record_add_subject(r, "THEDUC", "Thể dục");
    set(&s->hk1, "Đạt");
    set(&s->hk2, "Đạt");
    set(&s->cn, "Đạt");
    set(&r->year.hoc_luc.cn, "Giỏi");
    set(&r->year.danh_hieu, "");
    set(&r->year.so_buoi_nghi, "2");
    set(&r->year.nhan_xet_gvcn, "Chăm ngoan");
    return r;
}

/* The draft: what a pipeline might have made of it. */
static hb_record *draft_of(const hb_record *t)
{
    hb_record *d = record_clone(t);
    assert_non_null(d);
    hb_subject *s = record_find_subject(d, "TOAN");
    set(&s->cn, "7.9");                       /* wrong, flagged: caught */
    record_field_flag(&s->cn, "rule:ca-nam");
    s = record_find_subject(d, "NGUVAN");
    set(&s->hk1, "8.0");                      /* wrong, silent */
    set(&s->nhan_xet, NULL);                  /* missing: silent */
    s = record_find_subject(d, "THEDUC");
    record_field_flag(&s->cn, "low-conf");    /* right, flagged */
    set(&d->student.ho_ten, "Nguyen Văn An"); /* wrong, silent */
    set(&d->year.nhan_xet_gvcn, "Chăm ngoau");/* one edit, silent */
    set(&d->year.danh_hieu, "Học sinh Giỏi"); /* the truth is empty: silent */
    s = record_add_subject(d, "TINHOC", "Tin học");
    set(&s->cn, "8.0");                       /* extra, unflagged */
    s = record_add_subject(d, "AMNHAC", "Âm nhạc");
    set(&s->cn, "");                          /* extra but empty: ignored */
    return d;
}

static void counts(const score_counts *c, size_t fields, size_t correct,
                   size_t flagged, size_t caught, size_t silent,
                   size_t missing)
{
    assert_int_equal(c->fields, fields);
    assert_int_equal(c->correct, correct);
    assert_int_equal(c->flagged, flagged);
    assert_int_equal(c->caught, caught);
    assert_int_equal(c->silent, silent);
    assert_int_equal(c->missing, missing);
}

static void check_pair_stats(const score_stats *st)
{
    /*                                      fields correct flagged caught silent missing */
    counts(&st->kind[SCORE_KIND_SCORE],       6, 4, 1, 1, 1, 0);
    counts(&st->kind[SCORE_KIND_LEVEL],       5, 4, 1, 0, 1, 0);
    counts(&st->kind[SCORE_KIND_NAME],        1, 0, 0, 0, 1, 0);
    counts(&st->kind[SCORE_KIND_DATE],        1, 1, 0, 0, 0, 0);
    counts(&st->kind[SCORE_KIND_INTEGER],     1, 1, 0, 0, 0, 0);
    counts(&st->kind[SCORE_KIND_TEXT],        2, 0, 0, 0, 2, 1);
    counts(&st->kind[SCORE_KIND_OTHER],       3, 3, 0, 0, 0, 0);
    counts(&st->total,                       19, 13, 2, 1, 5, 1);
    /* CER: "Tiến bộ rõ" missing (10 edits) + "Chăm ngoan" one edit, over
     * 20 characters */
    assert_int_equal(st->kind[SCORE_KIND_TEXT].chars, 20);
    assert_int_equal(st->kind[SCORE_KIND_TEXT].char_errors, 11);
    assert_true(score_cer(&st->kind[SCORE_KIND_TEXT]) > 0.549 &&
                score_cer(&st->kind[SCORE_KIND_TEXT]) < 0.551);
    assert_int_equal(st->extra, 1);
    assert_int_equal(st->extra_unflagged, 1);
}

static void compares_leaf_by_leaf(void **state)
{
    (void)state;
    hb_record *t = truth(), *d = draft_of(t);
    score_stats st;
    score_stats_init(&st);
    assert_int_equal(score_compare(t, d, "book-1.xml", &st), 0);
    check_pair_stats(&st);
    assert_int_equal(st.records, 1);
    assert_int_equal(st.records_lost, 0);

    /* the silent errors, in document order, with what was read */
    assert_int_equal(st.n_silent, 5);
    assert_string_equal(st.silent[0].path, "LY_LICH/HO_TEN");
    assert_string_equal(st.silent[0].truth, "Nguyễn Văn An");
    assert_string_equal(st.silent[0].read, "Nguyen Văn An");
    assert_string_equal(st.silent[0].record, "book-1.xml");
    assert_string_equal(st.silent[1].path, SUBJ("NGUVAN", "HOC_KY_1"));
    assert_string_equal(st.silent[2].path, SUBJ("NGUVAN", "NHAN_XET"));
    assert_null(st.silent[2].read);
    assert_int_equal(st.silent[2].kind, SCORE_KIND_TEXT);
    assert_string_equal(st.silent[3].path,
                        "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/DANH_HIEU");
    assert_string_equal(st.silent[3].truth, "");

    /* rates: 13/19 right, 2/19 flagged, 5/19 silent */
    assert_true(score_accuracy(&st.total) > 0.684 &&
                score_accuracy(&st.total) < 0.685);
    assert_true(score_silent_rate(&st.total) > 0.263 &&
                score_silent_rate(&st.total) < 0.264);

    /* a lost record: its fields count, against accuracy, not as silent */
    assert_int_equal(score_compare(t, NULL, "book-2.xml", &st), 0);
    assert_int_equal(st.records, 2);
    assert_int_equal(st.records_lost, 1);
    counts(&st.total, 38, 13, 2, 1, 5, 1);
    assert_int_equal(st.total.lost, 19);
    assert_int_equal(st.kind[SCORE_KIND_TEXT].chars, 20);
    score_stats_free(&st);
    record_free(d);
    record_free(t);
}

static void a_perfect_draft_scores_perfectly(void **state)
{
    (void)state;
    hb_record *t = truth(), *d = record_clone(t);
    score_stats st;
    score_stats_init(&st);
    assert_int_equal(score_compare(t, d, NULL, &st), 0);
    counts(&st.total, 19, 19, 0, 0, 0, 0);
    assert_int_equal(st.n_silent, 0);
    assert_int_equal(st.kind[SCORE_KIND_TEXT].char_errors, 0);
    assert_int_equal(st.extra, 0);
    score_stats_free(&st);
    record_free(d);
    record_free(t);
}

static void field_kinds_from_path_and_catalogue(void **state)
{
    (void)state;
    hb_record *r = record_new();
    set(&r->year.che_do, "TT27");
    static const struct {
        const char *path, *value;
        score_kind k;
    } tt27[] = {
        { SUBJ("TOAN", "KTDK_1"), "9", SCORE_KIND_INTEGER },
        { SUBJ("TOAN", "CA_NAM"), "Hoàn thành tốt", SCORE_KIND_LEVEL },
        { SUBJ("Tiếng Hàn", "CA_NAM"), "8.0", SCORE_KIND_SCORE },
        { SUBJ("Tiếng Hàn", "HOC_KY_1"), "Đạt", SCORE_KIND_LEVEL },
        { "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/PHAM_CHAT/MUC[Chăm chỉ]", "Tốt",
          SCORE_KIND_LEVEL },
        { "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/LEN_LOP", "x", SCORE_KIND_OTHER },
        { "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/SO_BUOI_NGHI", "1",
          SCORE_KIND_INTEGER },
        { "THONG_TIN_HOC_BA/PHE_DUYET/HO_TEN", "x", SCORE_KIND_NAME },
        { "THONG_TIN_HOC_BA/PHE_DUYET/NGAY", "x", SCORE_KIND_DATE },
        { "LY_LICH/HO_TEN_ME", "x", SCORE_KIND_NAME },
        { "LY_LICH/GIOI_TINH", "Nam", SCORE_KIND_LEVEL },
        { "LY_LICH/MA_DINH_DANH", "x", SCORE_KIND_OTHER },
        { "LY_LICH/QUA_TRINH_HOC_TAP/MUC[1]/NGAY_NHAP_HOC", "x",
          SCORE_KIND_DATE },
        { "LY_LICH/QUA_TRINH_HOC_TAP/MUC[1]/LOP", "x", SCORE_KIND_OTHER },
    };
    for (size_t i = 0; i < sizeof tt27 / sizeof *tt27; i++)
        if (score_field_kind(r, tt27[i].path, tt27[i].value) != tt27[i].k)
            fail_msg("%s: kind %d", tt27[i].path,
                     (int)score_field_kind(r, tt27[i].path, tt27[i].value));
    set(&r->year.che_do, "TT22");
    assert_int_equal(score_field_kind(r, SUBJ("GDTC", "CA_NAM"), "Đạt"),
                     SCORE_KIND_LEVEL);
    assert_int_equal(score_field_kind(r, SUBJ("TOAN", "DANH_GIA_LAI"), "5.0"),
                     SCORE_KIND_SCORE);
    assert_int_equal(score_field_kind(r, SUBJ("TOAN", "NHAN_XET"), "x"),
                     SCORE_KIND_TEXT);
    record_free(r);
}

/* ---- directories: XML files, pairing by name -------------------------- */

static char tmp[64];

static void write_rec(const hb_record *r, int draft, const char *dir,
                      const char *name)
{
    char path[256];
    hb_err e;
    snprintf(path, sizeof path, "%s/%s/%s", tmp, dir, name);
    if (record_xml_write_file(r, draft, path, &e))
        fail_msg("%s", e.msg);
}

static void rm_tree(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    assert_int_equal(system(cmd), 0);
}

static void scores_directories(void **state)
{
    (void)state;
    snprintf(tmp, sizeof tmp, "/tmp/hocba-score-XXXXXX");
    assert_non_null(mkdtemp(tmp));
    char truth_dir[128], draft_dir[128];
    snprintf(truth_dir, sizeof truth_dir, "%s/truth", tmp);
    snprintf(draft_dir, sizeof draft_dir, "%s/drafts", tmp);
    assert_int_equal(mkdir(truth_dir, 0700), 0);
    assert_int_equal(mkdir(draft_dir, 0700), 0);

    hb_record *t = truth(), *d = draft_of(t);
    /* a multi-year truth name whose book gave one draft without the year */
    write_rec(t, 0, "truth", "book-1-2019-2020.xml");
    write_rec(d, 1, "drafts", "book-1.xml");
    /* a draft of another school year does not pair */
    write_rec(t, 0, "truth", "book-2-2019-2020.xml");
    set(&d->year.nam_hoc, "2020-2021");
    write_rec(d, 1, "drafts", "book-2.xml");
    /* a perfect draft under the same name */
    write_rec(t, 0, "truth", "book-3.xml");
    write_rec(t, 1, "drafts", "book-3.xml");
    /* a broken draft is lost, with a warning */
    write_rec(t, 0, "truth", "book-4.xml");
    char p[256];
    snprintf(p, sizeof p, "%s/book-4.xml", draft_dir);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs("<HOC_BA", f);
    fclose(f);

    score_stats st;
    hb_err e;
    score_stats_init(&st);
    FILE *log = tmpfile();
    assert_int_equal(score_dirs(truth_dir, draft_dir, &st, log, &e), 0);
    assert_int_equal(st.records, 4);
    assert_int_equal(st.records_lost, 2);
    assert_int_equal(st.drafts_unpaired, 1); /* book-2.xml, another year */
    counts(&st.total, 4 * 19, 13 + 19, 2, 1, 5, 1);
    assert_int_equal(st.total.lost, 2 * 19);
    assert_true(ftell(log) > 0); /* the warning about book-4 */
    fclose(log);

    /* the report formats carry the same numbers */
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    score_print_json(&st, 2, out);
    fclose(out);
    assert_non_null(strstr(buf, "\"records\":4,\"records_lost\":2,"
                                "\"drafts_unpaired\":1,"));
    assert_non_null(strstr(buf, "\"overall\":{\"fields\":76,\"correct\":32,"
                                "\"flagged\":2,\"caught\":1,\"silent\":5,"));
    assert_non_null(strstr(buf, "\"truth\":\"Nguyễn Văn An\",\"read\":"
                                "\"Nguyen Văn An\"}"));
    assert_null(strstr(buf, "DANH_HIEU")); /* only the first 2 listed */
    free(buf);
    score_stats_free(&st);

    /* a truth directory with a broken record is an error, not a score */
    snprintf(p, sizeof p, "%s/book-0.xml", truth_dir);
    f = fopen(p, "w");
    fputs("not xml", f);
    fclose(f);
    score_stats_init(&st);
    assert_int_equal(score_dirs(truth_dir, draft_dir, &st, NULL, &e), -1);
    assert_non_null(strstr(e.msg, "book-0.xml"));
    score_stats_free(&st);
    record_free(d);
    record_free(t);
    rm_tree();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(compares_leaf_by_leaf),
        cmocka_unit_test(a_perfect_draft_scores_perfectly),
        cmocka_unit_test(field_kinds_from_path_and_catalogue),
        cmocka_unit_test(scores_directories),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
