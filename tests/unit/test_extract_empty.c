/* test_extract_empty.c - a labelled value read empty (ocr/extract_page.c):
 * believed only where the form lets it be empty (no guardian, no policy
 * status), else present, empty and at confidence 0, so that it goes to a
 * person instead of being silently empty (issue 10).  One personal page is
 * rendered and read: about 3 s. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <leptonica/allheaders.h>
#include <stdlib.h>
#include <string.h>

#include "clean.h"
#include "extract_int.h"
#include "recognize.h"
#include "record.h"
#include "render.h"
#include "synth.h"

static void required_value_read_empty_is_flagged(void **state)
{
    (void)state;
    hb_record *r[1] = { NULL };
    assert_int_equal(synth_book(21, HB_FAMILY_TT58, 10, 1, r), 1);
    /* the ethnicity left blank on the paper: the form requires it; the
     * policy status and the guardian are blank on most forms */
    assert_int_equal(record_field_set(&r[0]->student.dan_toc, ""), 0);
    assert_int_equal(record_field_set(&r[0]->student.doi_tuong, ""), 0);
    assert_int_equal(record_field_set(&r[0]->student.ho_ten_nguoi_giam_ho, ""), 0);
    render_opts o = { 0 };
    o.dpi = 300;
    o.personal_page = 1;
    hb_err e;
    PIXA *pa = render_book(r, 1, &o, &e);
    assert_non_null(pa);
    PIX *page = pixaGetPix(pa, 0, L_CLONE);
    PIX *gray = NULL, *bin = NULL;
    hb_clean_info info;
    assert_int_equal(clean_page(page, 300, &gray, &bin, &info, &e), 0);
    hb_recognizer *rec = recognize_new(&e);
    assert_non_null(rec);
    hb_page_read pr;
    assert_int_equal(extract_read_page(rec, gray, bin, 300, 1, &pr, &e), 0);
    assert_false(pr.failed);
    const hb_student *s = &pr.frag->student;
    /* found, read empty, and sent to a person */
    assert_non_null(s->dan_toc.value);
    assert_string_equal(s->dan_toc.value, "");
    assert_int_equal(s->dan_toc.conf, 0);
    /* empty where the form allows it: believed */
    assert_non_null(s->doi_tuong.value);
    assert_string_equal(s->doi_tuong.value, "");
    assert_true(s->doi_tuong.conf >= 60);
    assert_non_null(s->ho_ten_nguoi_giam_ho.value);
    assert_string_equal(s->ho_ten_nguoi_giam_ho.value, "");
    assert_true(s->ho_ten_nguoi_giam_ho.conf >= 60);
    extract_page_read_free(&pr);
    recognize_free(rec);
    pixDestroy(&gray);
    pixDestroy(&bin);
    pixDestroy(&page);
    pixaDestroy(&pa);
    record_free(r[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(required_value_read_empty_is_flagged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
