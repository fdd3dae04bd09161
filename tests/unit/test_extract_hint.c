/* test_extract_hint.c - a year the book's other years describe
 * (extract_hint_years, ocr/extract.c): handwritten school years and classes
 * the readers could not make out get their hints from the years around;
 * a reading's own doubt kept by its field (extract_put); pages into years
 * (extract_group_years); a word the line reading dropped
 * (extract_dropped_word_x); scores no rule can check
 * (extract_flag_unchecked_scores); a results table's term rows in the
 * printed order (extract_order_terms); letters on the leader dots
 * (extract_letter_ink); a header read whole on one page and garbled on
 * another (extract_merge_year); years counted from a partial reading
 * (extract_hint_book); handwriting told from a degraded scan
 * (layout_measure_quality, extract_handwritten_values); a poor page's free
 * text lines (extract_free_text_line). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "extract_int.h"
#include "testimg.h"

/* Three years in page order, the middle one's header unread: its school
 * year is the one between, its grade the one between. */
static void middle_year_from_neighbours(void **state)
{
    (void)state;
    int start[] = { 2021, 0, 2023 }, grade[] = { 10, 0, 12 };
    hb_year_hint h[3];
    extract_hint_years(start, grade, 3, h);
    assert_int_equal(h[1].start, 2022);
    assert_int_equal(h[1].grade, 11);
    /* a year that read its own school year gets no school-year hint */
    assert_int_equal(h[0].start, 0);
    assert_int_equal(h[2].start, 0);
}

/* The first year unread: counted back from the nearest year that read. */
static void first_year_counted_back(void **state)
{
    (void)state;
    int start[] = { 0, 0, 2024 }, grade[] = { 0, 0, 9 };
    hb_year_hint h[3];
    extract_hint_years(start, grade, 3, h);
    assert_int_equal(h[0].start, 2022);
    assert_int_equal(h[0].grade, 7);
    assert_int_equal(h[1].start, 2023);
    assert_int_equal(h[1].grade, 8);
}

/* A year that read its school year but not a usable class ("1œ" read as
 * grade 1 on a secondary form) still gets the grade its year implies. */
static void grade_hint_beside_a_read_year(void **state)
{
    (void)state;
    int start[] = { 2022, 2023 }, grade[] = { 1, 11 };
    hb_year_hint h[2];
    extract_hint_years(start, grade, 2, h);
    assert_int_equal(h[0].start, 0);
    assert_int_equal(h[0].grade, 10);
    assert_int_equal(h[1].grade, 2); /* hints are hints: the reading wins */
}

/* Nothing read anywhere, or only one year: no hint; a grade out of 1-12
 * is none. */
static void no_hint_without_evidence(void **state)
{
    (void)state;
    int start[] = { 0, 0 }, grade[] = { 0, 0 };
    hb_year_hint h[2];
    extract_hint_years(start, grade, 2, h);
    assert_int_equal(h[0].start, 0);
    assert_int_equal(h[0].grade, 0);
    assert_int_equal(h[1].start, 0);
    int s1[] = { 2020 }, g1[] = { 5 };
    extract_hint_years(s1, g1, 1, h);
    assert_int_equal(h[0].start, 0);
    assert_int_equal(h[0].grade, 0);
    int s2[] = { 2020, 2021 }, g2[] = { 12, 0 };
    extract_hint_years(s2, g2, 2, h);
    assert_int_equal(h[1].grade, 0); /* grade 13 does not exist */
}

/* School years read in part: the plausible year of the two tells. */
static void school_year_read_in_part(void **state)
{
    (void)state;
    assert_int_equal(extract_partial_start("202-2022"), 2021);  /* end read */
    assert_int_equal(extract_partial_start("2922-2023"), 2022); /* start garbled */
    assert_int_equal(extract_partial_start("2019-20"), 2019);   /* end cut short */
    assert_int_equal(extract_partial_start("2021 - 2022"), 2021);
    /* two years that contradict each other, or nothing to go by */
    assert_int_equal(extract_partial_start("2022-2005"), 0);
    assert_int_equal(extract_partial_start("202-29272"), 0);
    assert_int_equal(extract_partial_start("2022"), 0);
    assert_int_equal(extract_partial_start("--3"), 0);
    assert_int_equal(extract_partial_start(""), 0);
    assert_int_equal(extract_partial_start(NULL), 0);
    assert_int_equal(extract_partial_start("1850-1851"), 0);
}

/* A book whose headers read no school year whole: a year read in part
 * keeps its own, and the years beside it count from it ("1022-2923",
 * then "10239-2024": 2022 and 2023, seed 777); a neighbour read whole
 * goes before a year's own partial reading; nothing read anywhere gives
 * nothing. */
static void years_counted_from_a_partial_reading(void **state)
{
    (void)state;
    hb_year_hint h[3];
    int none[3] = { 0, 0, 0 };
    int p1[] = { 0, 2023, 0 };
    assert_int_equal(extract_hint_book(none, none, p1, 3, h), 0);
    assert_int_equal(h[0].start, 2022);
    assert_int_equal(h[1].start, 2023);
    assert_int_equal(h[2].start, 2024);
    int whole[] = { 0, 0, 2030 }, p2[] = { 2019, 2023, 0 };
    assert_int_equal(extract_hint_book(whole, none, p2, 3, h), 0);
    assert_int_equal(h[0].start, 2028);
    assert_int_equal(h[1].start, 2029);
    assert_int_equal(h[2].start, 0); /* read whole: no hint */
    assert_int_equal(extract_hint_book(none, none, none, 3, h), 0);
    assert_int_equal(h[0].start + h[1].start + h[2].start, 0);
}

/* A reading's own doubt becomes the field's: a class with fewer characters
 * than glyphs is flagged "glyphs" however confident the readers were, so
 * that another page reading it alike (extract.c's vote) cannot clear it. */
static void glyph_doubt_goes_to_review(void **state)
{
    (void)state;
    hb_field f = { 0 };
    hb_reading rd = { .value = "6N", .raw = "6N", .conf = 80,
                      .flags = HB_RD_GLYPHS };
    assert_int_equal(extract_put(&f, &rd, 2), 0);
    assert_string_equal(f.value, "6N");
    assert_true(f.review);
    assert_non_null(strstr(f.reason, "glyphs"));
    record_field_reset(&f);

    hb_field g = { 0 };
    rd.flags = 0;
    assert_int_equal(extract_put(&g, &rd, 2), 0);
    assert_false(g.review);
    record_field_reset(&g);

    /* a tone over an i whose ink looks like its dot: "mark" */
    hb_field h = { 0 };
    hb_reading rm = { .value = "Lương Thế Vĩnh", .raw = "Lương Thế Vĩnh",
                      .conf = 85, .flags = HB_RD_MARK };
    assert_int_equal(extract_put(&h, &rm, 1), 0);
    assert_true(h.review);
    assert_string_equal(h.reason, "mark");
    record_field_reset(&h);
}

/* A score row whose year average could not be read: rule 1 has nothing
 * to check its terms against, so a term read at 62 (a handwritten 9 read
 * as a 4, seed 9043) goes to a person; one read at 75 does not, nor the
 * same 62 in a row whose three cells were all read (rule 1 vouches for
 * it), nor a comment subject's cell. */
static void unchecked_scores_need_more_confidence(void **state)
{
    (void)state;
    hb_record *r = record_new();
    assert_non_null(r);
    assert_int_equal(record_field_set(&r->year.che_do, "TT58"), 0);
    /* (adding a row may move the others: found again once all are in) */
    assert_non_null(record_add_subject(r, "TINHOC", "Tin học"));
    assert_non_null(record_add_subject(r, "TOAN", "Toán"));
    assert_non_null(record_add_subject(r, "THEDUC", "Thể dục"));
    hb_subject *a = record_find_subject(r, "TINHOC");
    hb_subject *b = record_find_subject(r, "TOAN");
    hb_subject *c = record_find_subject(r, "THEDUC");
    assert_true(a && b && c);
    const char *va[] = { "4.0", "8.5", "" }, *vb[] = { "4.0", "8.5", "7.0" };
    hb_field *fa[] = { &a->hk1, &a->hk2, &a->cn }, *fb[] = { &b->hk1, &b->hk2, &b->cn };
    for (int k = 0; k < 3; k++) {
        assert_int_equal(record_field_set(fa[k], va[k]), 0);
        assert_int_equal(record_field_set(fb[k], vb[k]), 0);
        fa[k]->conf = fb[k]->conf = k == 0 ? 62 : 75;
    }
    a->cn.conf = 0;
    assert_int_equal(record_field_set(&c->hk1, "Đ"), 0);
    assert_int_equal(record_field_set(&c->cn, ""), 0);
    c->hk1.conf = 62;
    assert_int_equal(extract_flag_unchecked_scores(r), 0);
    assert_true(a->hk1.review);
    assert_string_equal(a->hk1.reason, "low-conf");
    assert_false(a->hk2.review);
    assert_false(a->cn.review); /* empty: rules_check_empty's to flag */
    assert_false(b->hk1.review);
    assert_false(c->hk1.review);
    record_free(r);
}

/* A year's header read on two of its pages: a school year or class that
 * does not parse loses to the page that read it whole, whichever came
 * first and whatever the confidences ("202-2024" on the subject page,
 * "2023-2024" on the results page, both at 0: the garbled one was kept,
 * seed 777), flagged because the pages disagreed; two well-formed
 * readings that disagree still keep the surer. */
static void header_read_whole_wins_the_vote(void **state)
{
    (void)state;
    hb_record *r = record_new(), *p1 = record_new(), *p2 = record_new();
    assert_true(r && p1 && p2);
    assert_int_equal(record_field_set(&p1->year.nam_hoc, "202-2024"), 0);
    assert_int_equal(record_field_set(&p1->year.lop, "H4"), 0);
    assert_int_equal(record_field_set(&p1->year.cap_hoc, "THPT"), 0);
    p1->year.nam_hoc.conf = p1->year.lop.conf = 30;
    p1->year.cap_hoc.conf = 80;
    assert_int_equal(record_field_set(&p2->year.nam_hoc, "2023-2024"), 0);
    assert_int_equal(record_field_set(&p2->year.lop, "11A"), 0);
    assert_int_equal(record_field_set(&p2->year.cap_hoc, "THCS"), 0);
    p2->year.nam_hoc.conf = p2->year.lop.conf = 0;
    p2->year.cap_hoc.conf = 40;
    assert_int_equal(extract_merge_year(r, p1), 0);
    assert_int_equal(extract_merge_year(r, p2), 0);
    assert_string_equal(r->year.nam_hoc.value, "2023-2024");
    assert_true(record_field_has_reason(&r->year.nam_hoc, "rule:header"));
    assert_string_equal(r->year.lop.value, "11A");
    assert_true(record_field_has_reason(&r->year.lop, "rule:header"));
    /* CAP_HOC has no such check: the surer reading, flagged */
    assert_string_equal(r->year.cap_hoc.value, "THPT");
    assert_true(r->year.cap_hoc.review);
    record_free(r);

    /* the well-formed reading first: kept against a garbled later one */
    r = record_new();
    assert_non_null(r);
    p2->year.nam_hoc.conf = 0;
    p1->year.nam_hoc.conf = 90;
    assert_int_equal(extract_merge_year(r, p2), 0);
    assert_int_equal(extract_merge_year(r, p1), 0);
    assert_string_equal(r->year.nam_hoc.value, "2023-2024");
    record_free(r);

    /* two well-formed readings that disagree: the surer one */
    r = record_new();
    assert_non_null(r);
    assert_int_equal(record_field_set(&p1->year.nam_hoc, "2028-2029"), 0);
    p1->year.nam_hoc.conf = 50;
    assert_int_equal(extract_merge_year(r, p2), 0);
    assert_int_equal(extract_merge_year(r, p1), 0);
    assert_string_equal(r->year.nam_hoc.value, "2028-2029");
    assert_true(record_field_has_reason(&r->year.nam_hoc, "rule:header"));
    record_free(r);
    record_free(p1);
    record_free(p2);
}

/* A page's quality measured apart for its print and its values: the
 * words inside a label's value area are the values.  A handwritten page
 * (print read at 94, values at 70) is told from a degraded scan (print
 * at 84, values at 95) and from a page whose print is poor too. */
static void handwriting_told_from_a_poor_scan(void **state)
{
    (void)state;
    hb_word w[4] = {
        { "Họ", 0, { 100, 100, 40, 30 } },      /* label */
        { "tên:", 0, { 150, 100, 50, 30 } },     /* label */
        { "Nguyễn", 0, { 300, 100, 120, 30 } },  /* value */
        { "An", 0, { 430, 100, 40, 30 } },       /* value */
    };
    hb_text_row row = { { 100, 100, 370, 30 }, w, 4 };
    hb_label_hit hit;
    memset(&hit, 0, sizeof hit);
    hit.area = (hb_box){ 210, 90, 400, 50 };
    hb_layout l;
    memset(&l, 0, sizeof l);
    l.rows = &row;
    l.n_rows = 1;
    l.hits = &hit;
    l.n_hits = 1;
    float hand[4] = { 94, 94, 70, 70 }, hard[4] = { 84, 84, 95, 95 },
          both[4] = { 85, 85, 70, 70 };
    for (int k = 0; k < 4; k++)
        w[k].conf = hand[k];
    layout_measure_quality(&l);
    assert_true(l.quality > 81.9f && l.quality < 82.1f);
    assert_true(l.print_quality > 93.9f && l.print_quality < 94.1f);
    assert_true(l.value_quality > 69.9f && l.value_quality < 70.1f);
    assert_int_equal(extract_handwritten_values(&l), 1);
    for (int k = 0; k < 4; k++)
        w[k].conf = hard[k];
    layout_measure_quality(&l);
    assert_int_equal(extract_handwritten_values(&l), 0);
    for (int k = 0; k < 4; k++)
        w[k].conf = both[k];
    layout_measure_quality(&l);
    assert_int_equal(extract_handwritten_values(&l), 0);
    /* no value area on the page: nothing to tell by */
    for (int k = 0; k < 4; k++)
        w[k].conf = hand[k];
    l.n_hits = 0;
    layout_measure_quality(&l);
    assert_true(l.value_quality == 0.0f);
    assert_int_equal(extract_handwritten_values(&l), 0);
}

/* A poor page's free text: a degraded scan's goes to a person whatever
 * its confidence (both models misread small print alike: "Củ Chị" for
 * "Củ Chi" at 90+), except a value written from a known list and read as
 * one of it, which goes only under 90 (was: always); a handwritten page's
 * free text, remarks too, under 90; formatted fields are not free text. */
static void free_text_lines_on_a_poor_page(void **state)
{
    (void)state;
    hb_layout scan, hand;
    memset(&scan, 0, sizeof scan);
    memset(&hand, 0, sizeof hand);
    scan.print_quality = 84;
    scan.value_quality = 95;
    hand.print_quality = 94;
    hand.value_quality = 70;
    const char *remark = "THONG_TIN_HOC_BA/BANG_DIEM/DIEM_TONG_KET/NHAN_XET";
    const char *ethnic = "LY_LICH/DAN_TOC", *place = "LY_LICH/NOI_SINH";
    const char *job = "LY_LICH/NGHE_NGHIEP_ME";
    const char *len = "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/LEN_LOP";
    assert_int_equal(extract_free_text_line(&scan, remark, "Chăm học."), 101);
    assert_int_equal(extract_free_text_line(&scan, place, "Củ Chi"), 101);
    assert_int_equal(extract_free_text_line(&scan, ethnic, "Tày"), 90);
    assert_int_equal(extract_free_text_line(&scan, ethnic, "Tảy"), 101);
    assert_int_equal(extract_free_text_line(&scan, job, "Kế toán"), 90);
    assert_int_equal(extract_free_text_line(&scan, job, "Kế tóan"), 101);
    assert_int_equal(extract_free_text_line(&scan, len, "Được lên lớp"), 90);
    /* a listed word in a field not written from that list */
    assert_int_equal(extract_free_text_line(&scan, place, "Kinh"), 101);
    assert_int_equal(extract_free_text_line(&hand, remark, "Chăm học."), 90);
    assert_int_equal(extract_free_text_line(&hand, place, "Củ Chi"), 90);
    assert_int_equal(extract_free_text_line(&scan, "LY_LICH/NGAY_SINH", "2007-05-18"), 0);
    assert_int_equal(extract_free_text_line(&scan, "CO_SO_GIAO_DUC/MA_TRUONG", "4846390"), 0);
}

/* A results table's term rows: "HKII" read "HKI" made two rows claim
 * HK I, the second overwriting the first and HK II left empty (seed
 * 9036); the printed order settles it, and the overruled row is marked. */
static void term_rows_in_the_printed_order(void **state)
{
    (void)state;
    int t1[3] = { 1, 1, 3 }, g1[3];
    extract_order_terms(t1, 3, g1);
    assert_int_equal(t1[0], 1);
    assert_int_equal(t1[1], 2);
    assert_int_equal(t1[2], 3);
    assert_int_equal(g1[0], 0);
    assert_int_equal(g1[1], 1);
    assert_int_equal(g1[2], 0);
    /* labels in order, or unread: as before, nothing guessed */
    int t2[3] = { 1, 0, 3 }, g2[3];
    extract_order_terms(t2, 3, g2);
    assert_int_equal(t2[1], 2);
    assert_int_equal(g1[0] + g2[0] + g2[1] + g2[2], 0);
    /* the year printed first is still out of order */
    int t3[3] = { 3, 1, 2 }, g3[3];
    extract_order_terms(t3, 3, g3);
    assert_int_equal(t3[0], 1);
    assert_true(g3[0] && g3[1] && g3[2]);
    /* a table of two rows has no order to lean on: labels stand */
    int t4[2] = { 2, 1 }, g4[2];
    extract_order_terms(t4, 2, g4);
    assert_int_equal(t4[0], 2);
    assert_int_equal(t4[1], 1);
    assert_int_equal(g4[0] + g4[1], 0);
}

/* A page of kind k whose header read the school year `nam_hoc` (NULL:
 * not read) and that holds `subjects` subject rows. */
static hb_page_read page_of(hb_page_kind k, const char *nam_hoc, int subjects)
{
    hb_page_read p = { .kind = k };
    p.frag = record_new();
    assert_non_null(p.frag);
    if (nam_hoc)
        assert_int_equal(record_field_set(&p.frag->year.nam_hoc, nam_hoc), 0);
    for (int i = 0; i < subjects; i++)
        assert_non_null(record_add_subject(p.frag, i ? "NGUVAN" : "TOAN",
                                           i ? "Ngữ văn" : "Toán"));
    return p;
}

/* Some printers put a year's results under its subject table (a page
 * that looks like a whole year) and the remark and approval on the
 * facing page.  That page joins the year unless the two headers name
 * two different school years, each read whole: handwritten years garbled
 * two ways ("-0" and "-") are no evidence, and taking them for it split
 * three years into five drafts (seed 9022). */
static void facing_results_page_joins_its_year(void **state)
{
    (void)state;
    hb_page_read pr[7] = {
        page_of(HB_PAGE_PERSONAL, NULL, 0),
        page_of(HB_PAGE_SINGLE, "-0", 14),     page_of(HB_PAGE_RESULTS, "-", 0),
        page_of(HB_PAGE_SINGLE, "2019-2020", 14),
        page_of(HB_PAGE_RESULTS, "2019-2020", 0),
        page_of(HB_PAGE_SINGLE, "2020-2021", 14),
        page_of(HB_PAGE_RESULTS, "2021-2022", 0), /* another year: its own */
    };
    hb_year_group g[7];
    size_t ng = extract_group_years(pr, 7, g);
    assert_int_equal(ng, 4);
    assert_int_equal(g[0].n, 2);
    assert_int_equal(g[0].pages[0], 1);
    assert_int_equal(g[0].pages[1], 2);
    assert_int_equal(g[1].n, 2);
    assert_int_equal(g[1].pages[1], 4);
    assert_int_equal(g[2].n, 1);
    assert_int_equal(g[3].n, 1);
    assert_int_equal(g[3].pages[0], 6);
    for (size_t i = 0; i < 7; i++)
        extract_page_read_free(&pr[i]);
}

/* A labelled line "Mẹ ....Đặng Tường Giang" whose reading dropped the
 * surname: the ink between the label and the first word read is found;
 * leader dots alone are not a word. */
static void word_dropped_by_the_line_reading(void **state)
{
    (void)state;
    PIX *rgb = testimg_blank(1400, 200, 300);
    assert_non_null(rgb);
    testimg_text(rgb, 60, 60, "Mẹ", "DejaVu Serif", 50, 0x000000);
    for (int x = 150; x < 1300; x += 14) /* the leader dots */
        testimg_fill(rgb, x, 112, 4, 4, 0x000000);
    int w1 = testimg_text(rgb, 300, 60, "Đặng", "DejaVu Serif", 50, 0x000000);
    testimg_text(rgb, 330 + w1, 60, "Tường Giang", "DejaVu Serif", 50, 0x000000);
    PIX *gray = pixConvertRGBToLuminance(rgb);
    PIX *bin = gray ? pixThresholdToBinary(gray, 160) : NULL;
    assert_non_null(bin);
    hb_page_img pg = { gray, bin, 300, 0 };
    hb_box area = { 140, 40, 1200, 100 };
    /* the first word read was "Tường": "Đặng" is before it */
    hb_box value = { 330 + w1, 60, 400, 60 };
    int x = extract_dropped_word_x(&pg, area, value);
    assert_true(x >= 295 && x <= 310);
    /* the first word read was "Đặng": nothing but dots before it */
    value.x = 300;
    assert_int_equal(extract_dropped_word_x(&pg, area, value), -1);
    pixDestroy(&rgb);
    pixDestroy(&gray);
    pixDestroy(&bin);
}

/* A value in a flowing hand that the engines read as "only leader dots"
 * (seed 9046: "Cha: Phan Công Minh" came back empty at conf 80): the
 * letter-sized ink says it is not empty; the dots alone say it is. */
static void letters_on_the_leader_dots(void **state)
{
    (void)state;
    PIX *rgb = testimg_blank(1400, 200, 300);
    assert_non_null(rgb);
    for (int x = 150; x < 1300; x += 14) /* the leader dots */
        testimg_fill(rgb, x, 112, 4, 4, 0x000000);
    testimg_text(rgb, 700, 60, "Phan Công Minh", "Dancing Script", 50, 0x000000);
    PIX *gray = pixConvertRGBToLuminance(rgb);
    PIX *bin = gray ? pixThresholdToBinary(gray, 160) : NULL;
    assert_non_null(bin);
    hb_page_img pg = { gray, bin, 300, 0 };
    assert_false(extract_letter_ink(&pg, (hb_box){ 140, 40, 500, 100 }));
    assert_true(extract_letter_ink(&pg, (hb_box){ 650, 40, 650, 100 }));
    pixDestroy(&rgb);
    pixDestroy(&gray);
    pixDestroy(&bin);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(school_year_read_in_part),
        cmocka_unit_test(handwriting_told_from_a_poor_scan),
        cmocka_unit_test(free_text_lines_on_a_poor_page),
        cmocka_unit_test(years_counted_from_a_partial_reading),
        cmocka_unit_test(header_read_whole_wins_the_vote),
        cmocka_unit_test(glyph_doubt_goes_to_review),
        cmocka_unit_test(unchecked_scores_need_more_confidence),
        cmocka_unit_test(term_rows_in_the_printed_order),
        cmocka_unit_test(facing_results_page_joins_its_year),
        cmocka_unit_test(word_dropped_by_the_line_reading),
        cmocka_unit_test(letters_on_the_leader_dots),
        cmocka_unit_test(middle_year_from_neighbours),
        cmocka_unit_test(first_year_counted_back),
        cmocka_unit_test(grade_hint_beside_a_read_year),
        cmocka_unit_test(no_hint_without_evidence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
