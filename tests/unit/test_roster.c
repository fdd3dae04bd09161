/* test_roster.c - the school roster: CSV reading and record matching. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "record.h"
#include "roster.h"

/* A roster as a spreadsheet in a Vietnamese locale saves it: BOM, ';'
 * between fields, CRLF, dd/mm/yyyy dates, a quoted field holding the
 * separator and a doubled quote, a blank line. */
static const char roster_csv[] =
    "\xEF\xBB\xBF"
    "STT;Mã học sinh;Mã định danh;Họ và tên;Ngày sinh;Giới tính;Lớp\r\n"
    "1;HS001;037206001234;Nguyễn Văn An;12/04/2006;Nam;9A\r\n"
    "2;HS002;037306004321;\"Lê Thị \"\"Bé\"\" Hoa\";1/2/2006;Nữ;\"9A; chuyên\"\r\n"
    "\r\n"
    "3;HS003;037206005555;Trần Minh Đức;2006-07-30;nam;9B\r\n"
    "4;HS004;037206006666;Phạm Quốc Bảo;03-03-2006;Nam;9B\r\n"
    "5;HS005;037306007777;Phạm Quốc Bảo;03.03.2006;Nữ;9C\r\n"
    "6;HS006;037206008888;Vũ Hải Nam;15/05/2006;Nam;9A\r\n"
    "7;HS007;037206009999;Vũ Hải Nam;15/05/2006;Nam;9D\r\n";

static hb_roster *load_sample(void)
{
    hb_err e;
    err_clear(&e);
    hb_roster *ro = roster_parse(roster_csv, sizeof roster_csv - 1,
                                 "roster.csv", &e);
    if (!ro)
        fail_msg("%s", e.msg);
    return ro;
}

static hb_record *student(const char *name, const char *born, const char *sex)
{
    hb_record *r = record_new();
    assert_non_null(r);
    assert_int_equal(record_field_set(&r->student.ho_ten, name), 0);
    assert_int_equal(record_field_set(&r->student.ngay_sinh, born), 0);
    if (sex)
        assert_int_equal(record_field_set(&r->student.gioi_tinh, sex), 0);
    return r;
}

static void parses_spreadsheet_csv(void **state)
{
    (void)state;
    hb_roster *ro = load_sample();
    assert_int_equal(ro->n, 7);
    const hb_roster_entry *b = &ro->entries[1];
    assert_string_equal(b->ma_hoc_sinh, "HS002");
    assert_string_equal(b->ho_ten, "Lê Thị \"Bé\" Hoa");
    assert_string_equal(b->ngay_sinh, "2006-02-01");
    assert_string_equal(b->gioi_tinh, "Nữ");
    assert_string_equal(b->lop, "9A; chuyên");
    assert_int_equal(b->line, 3);
    assert_string_equal(ro->entries[2].gioi_tinh, "Nam"); /* "nam" */
    assert_int_equal(ro->entries[2].line, 5);             /* after the blank */
    assert_string_equal(ro->entries[3].ngay_sinh, "2006-03-03");
    assert_string_equal(ro->entries[4].ngay_sinh, "2006-03-03");
    roster_free(ro);

    /* plain commas, LF, ISO dates, no BOM, columns in another order */
    static const char plain[] = "ho ten,ngay sinh,ma dinh danh\n"
                                "Đỗ Thu Trang,2007-12-01,001307000001\n";
    hb_err e;
    ro = roster_parse(plain, sizeof plain - 1, "plain.csv", &e);
    assert_non_null(ro);
    assert_int_equal(ro->n, 1);
    assert_null(ro->entries[0].ma_hoc_sinh);
    assert_string_equal(ro->entries[0].ma_dinh_danh, "001307000001");
    roster_free(ro);
}

static void refuses_what_it_cannot_trust(void **state)
{
    (void)state;
    static const struct {
        const char *csv, *msg;
    } bad[] = {
        { "Họ tên,Ngày sinh\nAn,31/02/2006\n",
          "bad.csv:2: ngày sinh '31/02/2006' is not a date" },
        { "Họ tên,Lớp\nAn,9A\n", "bad.csv: the header row has no 'ngày sinh'" },
        { "Họ tên,Ngày sinh\n\"An,2006-01-01\n",
          "bad.csv:2: a quoted field is not closed" },
        { "H\xF4 t\xEAn,Ng\xE0y sinh\n", "bad.csv: not UTF-8" },
        { "", "bad.csv: no header row" },
        { "\xEF\xBB\xBFHọ tên;Ngày sinh\r\n\r\n",
          "bad.csv: no student under the header row" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        hb_err e;
        err_clear(&e);
        assert_null(roster_parse(bad[i].csv, strlen(bad[i].csv), "bad.csv", &e));
        if (strncmp(e.msg, bad[i].msg, strlen(bad[i].msg)) != 0)
            fail_msg("got '%s', wanted '%s...'", e.msg, bad[i].msg);
    }
}

static void loads_a_file(void **state)
{
    (void)state;
    char path[] = "/tmp/hocba-roster-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, roster_csv, sizeof roster_csv - 1),
                     (ssize_t)(sizeof roster_csv - 1));
    close(fd);
    hb_err e;
    hb_roster *ro = roster_load(path, &e);
    assert_non_null(ro);
    assert_int_equal(ro->n, 7);
    roster_free(ro);
    /* roster_read also gives the bytes, exactly as in the file */
    char *csv = NULL;
    size_t len = 0;
    ro = roster_read(path, &csv, &len, &e);
    unlink(path);
    assert_non_null(ro);
    assert_int_equal(ro->n, 7);
    assert_int_equal(len, sizeof roster_csv - 1);
    assert_memory_equal(csv, roster_csv, len);
    free(csv);
    roster_free(ro);
    assert_null(roster_load(path, &e));
    assert_int_equal(e.code, HB_EIO);
    assert_non_null(strstr(e.msg, path));
}

static void unique_match_fills_identifiers(void **state)
{
    (void)state;
    hb_roster *ro = load_sample();
    hb_record *r = student("Nguyễn Văn An", "2006-04-12", "Nam");
    /* extraction left an expected-but-unread cell for the student code */
    assert_int_equal(record_field_set(&r->student.ma_hoc_sinh, ""), 0);
    record_field_flag(&r->student.ma_hoc_sinh, "empty");
    r->student.ma_hoc_sinh.conf = 12;
    hb_err e;
    assert_int_equal(roster_match(ro, r, &e), ROSTER_MATCH_ONE);
    assert_string_equal(r->student.ma_hoc_sinh.value, "HS001");
    assert_string_equal(r->student.ma_dinh_danh.value, "037206001234");
    assert_int_equal(r->student.ma_dinh_danh.conf, -1);
    assert_int_equal(r->student.ma_hoc_sinh.conf, -1);
    assert_int_equal(r->student.ma_hoc_sinh.review, 0);
    assert_null(r->student.ma_hoc_sinh.reason);
    assert_int_equal(r->student.ho_ten.review, 0);
    assert_int_equal(r->student.ngay_sinh.review, 0);
    record_free(r);

    /* capitals on the page are the same name */
    r = student("TRẦN MINH ĐỨC", "2006-07-30", NULL);
    assert_int_equal(roster_match(ro, r, &e), ROSTER_MATCH_ONE);
    assert_string_equal(r->student.ma_hoc_sinh.value, "HS003");
    assert_int_equal(r->student.ho_ten.review, 0);
    record_free(r);
    roster_free(ro);
}

static void disagreements_are_flagged_not_overwritten(void **state)
{
    (void)state;
    hb_roster *ro = load_sample();
    /* a lost diacritic still matches (folded), but the stored name is
     * flagged: the school's list spells it Nguyễn */
    hb_record *r = student("Nguyen Văn An", "2006-04-12", "Nữ");
    assert_int_equal(record_field_set(&r->student.ma_dinh_danh,
                                      "037206001284"), 0); /* 3 read as 8 */
    hb_err e;
    assert_int_equal(roster_match(ro, r, &e), ROSTER_MATCH_ONE);
    assert_string_equal(r->student.ma_dinh_danh.value, "037206001284");
    assert_true(record_field_has_reason(&r->student.ma_dinh_danh,
                                        "roster-differs"));
    assert_true(record_field_has_reason(&r->student.ho_ten, "roster-differs"));
    assert_string_equal(r->student.ho_ten.value, "Nguyen Văn An");
    assert_true(record_field_has_reason(&r->student.gioi_tinh, "roster-differs"));
    assert_string_equal(r->student.ma_hoc_sinh.value, "HS001");
    assert_int_equal(r->student.ngay_sinh.review, 0);
    record_free(r);
    roster_free(ro);
}

static void none_or_several_are_flagged(void **state)
{
    (void)state;
    hb_roster *ro = load_sample();
    hb_err e;
    /* birth date misread by one digit: no one */
    hb_record *r = student("Nguyễn Văn An", "2006-04-17", "Nam");
    assert_int_equal(roster_match(ro, r, &e), ROSTER_MATCH_NONE);
    assert_string_equal(r->student.ho_ten.reason, "roster-none");
    assert_string_equal(r->student.ngay_sinh.reason, "roster-none");
    assert_null(r->student.ma_hoc_sinh.value);
    assert_int_equal(r->student.gioi_tinh.review, 0);
    record_free(r);

    /* two students share name, birth date and sex */
    r = student("Vũ Hải Nam", "2006-05-15", "Nam");
    assert_int_equal(roster_match(ro, r, &e), ROSTER_MATCH_MANY);
    assert_string_equal(r->student.ho_ten.reason, "roster-many");
    assert_string_equal(r->student.ngay_sinh.reason, "roster-many");
    assert_null(r->student.ma_dinh_danh.value);
    record_free(r);

    /* ... but the sex tells these two apart */
    r = student("Phạm Quốc Bảo", "2006-03-03", "Nữ");
    assert_int_equal(roster_match(ro, r, &e), ROSTER_MATCH_ONE);
    assert_string_equal(r->student.ma_hoc_sinh.value, "HS005");
    assert_int_equal(r->student.ho_ten.review, 0);
    record_free(r);
    /* and without a sex they stay ambiguous */
    r = student("Phạm Quốc Bảo", "2006-03-03", NULL);
    assert_int_equal(roster_match(ro, r, &e), ROSTER_MATCH_MANY);
    record_free(r);

    /* an unreadable birth date cannot match anyone */
    r = student("Nguyễn Văn An", "", "Nam");
    assert_int_equal(roster_match(ro, r, &e), ROSTER_MATCH_NONE);
    assert_true(r->student.ngay_sinh.review);
    record_free(r);
    roster_free(ro);
}

/* What a spreadsheet does to the identifier column when it saves a CSV
 * again: the leading zero is dropped (given back), or the number is
 * written in scientific notation (kept, and flagged by the format rule
 * once roster_apply has filled it). */
static const char mangled_csv[] =
    "Họ tên,Ngày sinh,Giới tính,Mã định danh\n"
    "Nguyễn Văn An,12/04/2006,Nam,37206001234\n"
    "Lê Thị Hoa,01/02/2006,Nữ,3.73061E+11\n"
    "Trần Minh Đức,30/07/2006,Nam,037205005555\n" /* born 2005, says the number */
    "Đỗ Thu Trang,01/12/2007,Nữ,037307000001\n";

static void apply_judges_filled_identifiers(void **state)
{
    (void)state;
    hb_err e;
    hb_roster *ro = roster_parse(mangled_csv, sizeof mangled_csv - 1,
                                 "mangled.csv", &e);
    assert_non_null(ro);
    assert_string_equal(ro->entries[0].ma_dinh_danh, "037206001234");
    assert_string_equal(ro->entries[1].ma_dinh_danh, "3.73061E+11");

    hb_record *recs[5] = {
        student("Nguyễn Văn An", "2006-04-12", "Nam"),
        student("Lê Thị Hoa", "2006-02-01", "Nữ"),
        student("Trần Minh Đức", "2006-07-30", "Nam"),
        student("Đỗ Thu Trang", "2007-12-01", "Nữ"),
        student("Phạm Văn Không", "2006-01-01", "Nam"),
    };
    /* Trang's number was read from her paper, and disagrees with the
     * list: kept and flagged, not replaced */
    assert_int_equal(record_field_set(&recs[3]->student.ma_dinh_danh,
                                      "037307000007"), 0);
    size_t counts[3] = { 0, 0, 0 };
    assert_int_equal(roster_apply(ro, recs, 5, counts, &e), 0);
    assert_int_equal(counts[ROSTER_MATCH_ONE], 4);
    assert_int_equal(counts[ROSTER_MATCH_NONE], 1);
    assert_int_equal(counts[ROSTER_MATCH_MANY], 0);

    hb_student *an = &recs[0]->student, *hoa = &recs[1]->student,
               *duc = &recs[2]->student, *trang = &recs[3]->student,
               *khong = &recs[4]->student;
    assert_string_equal(an->ma_dinh_danh.value, "037206001234");
    assert_int_equal(an->ma_dinh_danh.review, 0); /* agrees with rule 8 */
    assert_int_equal(an->ngay_sinh.review, 0);

    assert_string_equal(hoa->ma_dinh_danh.value, "3.73061E+11");
    assert_true(record_field_has_reason(&hoa->ma_dinh_danh, "format"));

    /* the number says 2005, the paper 2006: rule 8 on both */
    assert_string_equal(duc->ma_dinh_danh.value, "037205005555");
    assert_true(record_field_has_reason(&duc->ma_dinh_danh, "rule:cccd"));
    assert_true(record_field_has_reason(&duc->ngay_sinh, "rule:cccd"));

    assert_string_equal(trang->ma_dinh_danh.value, "037307000007");
    assert_string_equal(trang->ma_dinh_danh.reason, "roster-differs");

    assert_string_equal(khong->ho_ten.reason, "roster-none");
    assert_null(khong->ma_dinh_danh.value);
    for (int i = 0; i < 5; i++)
        record_free(recs[i]);
    roster_free(ro);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_spreadsheet_csv),
        cmocka_unit_test(refuses_what_it_cannot_trust),
        cmocka_unit_test(loads_a_file),
        cmocka_unit_test(unique_match_fills_identifiers),
        cmocka_unit_test(disagreements_are_flagged_not_overwritten),
        cmocka_unit_test(none_or_several_are_flagged),
        cmocka_unit_test(apply_judges_filled_identifiers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
