#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "record.h"

static int count_cb(const char *path, hb_field *f, void *ctx)
{
    (void)path;
    (void)f;
    (*(int *)ctx)++;
    return 0;
}

static void paths_resolve_every_field(void **state)
{
    (void)state;
    hb_record *r = record_new();
    assert_non_null(r);
    assert_int_equal(record_field_set(&r->student.ho_ten, "Lê Thị Hoa"), 0);
    hb_subject *s = record_add_subject(r, "TOAN", "Toán");
    assert_non_null(s);
    record_field_set(&s->cn, "8.3");
    hb_subject *u = record_add_subject(r, NULL, "Tiếng Hàn");
    record_field_set(&u->cn, "9.0");
    hb_muc *m = record_add_muc(&r->year.pham_chat, &r->year.n_pham_chat,
                               "Chăm chỉ");
    record_field_set(&m->value, "Tốt");

    assert_ptr_equal(record_find_field(r, "LY_LICH/HO_TEN"), &r->student.ho_ten);
    /* s may have moved when u was appended: look it up again */
    s = record_find_subject(r, "TOAN");
    assert_ptr_equal(record_find_field(r,
        "THONG_TIN_HOC_BA/BANG_DIEM/DIEM_TONG_KET[TOAN]/CA_NAM"), &s->cn);
    assert_non_null(record_find_field(r,
        "THONG_TIN_HOC_BA/BANG_DIEM/DIEM_TONG_KET[Tiếng Hàn]/CA_NAM"));
    assert_ptr_equal(record_find_field(r,
        "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/PHAM_CHAT/MUC[Chăm chỉ]"),
        &r->year.pham_chat[0].value);
    assert_ptr_equal(record_find_field(r, "THONG_TIN_HOC_BA/PHE_DUYET/NGAY"),
                     &r->year.phe_duyet_ngay);
    assert_null(record_find_field(r, "LY_LICH/NOPE"));

    int present = 0;
    record_visit_fields(r, 0, count_cb, &present);
    assert_int_equal(present, 4);
    record_free(r);
}

static void flags_accumulate_reasons_once(void **state)
{
    (void)state;
    hb_record *r = record_new();
    hb_field *f = &r->student.ngay_sinh;
    assert_int_equal(f->conf, -1);
    record_field_flag(f, "low-conf");
    record_field_flag(f, "format");
    record_field_flag(f, "low-conf");
    assert_int_equal(f->review, 1);
    assert_string_equal(f->reason, "low-conf format");
    assert_true(record_field_has_reason(f, "format"));
    assert_false(record_field_has_reason(f, "form"));
    record_free(r);
}

static void clone_is_deep(void **state)
{
    (void)state;
    hb_record *r = record_new();
    r->ma_ho_so = strdup("7d1e0c2a-0000-4000-8000-000000000001");
    record_field_set(&r->year.nam_hoc, "2019-2020");
    hb_subject *s = record_add_subject(r, "NGUVAN", "Ngữ văn");
    record_field_set(&s->hk1, "6.5");
    record_field_flag(&s->hk1, "rule:ca-nam");
    hb_verification *v = record_add_verification(r, "Trần Văn B", "GVCN",
                                                 "2026-01-02T10:00:00Z");
    record_add_correction(v, "LY_LICH/HO_TEN", "Le", "Lê", "2026-01-02T10:00:00Z", NULL);
    record_add_page(r, "book.pdf", 1, "ab");
    hb_record *c = record_clone(r);
    record_free(r);
    assert_non_null(c);
    assert_string_equal(c->year.nam_hoc.value, "2019-2020");
    assert_string_equal(c->year.subjects[0].hk1.reason, "rule:ca-nam");
    assert_string_equal(c->verifications[0].corrections[0].new_value, "Lê");
    assert_string_equal(c->pages[0].file, "book.pdf");
    record_free(c);
}

static void catalog_matches_printed_variants(void **state)
{
    (void)state;
    assert_string_equal(catalog_match_subject("Vật lý", 2, NULL)->code, "VATLI");
    assert_string_equal(catalog_match_subject("Hoá học", 2, NULL)->code, "HOAHOC");
    assert_string_equal(catalog_match_subject("Tiếng Anh", 2, NULL)->code, "NGOAINGU");
    assert_string_equal(catalog_match_subject("| Toán", 2, NULL)->code, "TOAN");
    assert_string_equal(catalog_match_subject("Lich su va Dia ly", 2, NULL)->code, "LSDL");
    assert_null(catalog_match_subject("Tiếng Hàn", 2, NULL));
    assert_int_equal(catalog_subject_kind("THEDUC", HB_FAMILY_TT58), HB_KIND_COMMENT);
    assert_int_equal(catalog_subject_kind("TOAN", HB_FAMILY_TT27), HB_KIND_LEVEL_TEST);
    assert_string_equal(catalog_canonical_value(HB_VS_COMMENT, "CĐ"), "Chưa đạt");
    assert_string_equal(catalog_canonical_value(HB_VS_COMMENT, "\xc3\x90"), "Đạt");
    assert_string_equal(catalog_canonical_value(HB_VS_LEVEL, "H"), "Hoàn thành");
    assert_null(catalog_canonical_value(HB_VS_LEVEL, "X"));
    assert_string_equal(catalog_abbrev("Chưa hoàn thành"), "C");
    assert_string_equal(catalog_form_subjects(HB_FAMILY_TT22, 8)[0], "NGUVAN");
    assert_null(catalog_form_subjects(HB_FAMILY_TT27, 7));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(paths_resolve_every_field),
        cmocka_unit_test(flags_accumulate_reasons_once),
        cmocka_unit_test(clone_is_deep),
        cmocka_unit_test(catalog_matches_printed_variants),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
