/*
 * test_render.c - the renderer draws what the record says, where it says
 * it drew it: A4 geometry, every value boxed inside its page and inked,
 * thin ruling, no missing glyphs, deterministic variation, tables without
 * their frame, a subject table split over two pages, a clean page that
 * Tesseract reads back, and a searchable PDF copy.
 *
 * Cost: about 3 s plain (28 books rendered, 4 Tesseract lines); the OCR
 * part is under 1 s.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <poppler.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tesseract/capi.h>
#include <time.h>
#include <unistd.h>

#include "catalog.h"
#include "render.h"
#include "synth.h"
#include "text.h"

#if defined(__SANITIZE_ADDRESS__)
#define SLOW 4 /* the sanitizer build runs several times slower */
#else
#define SLOW 1
#endif

#include "render_book.h"

/* Dark pixels (any channel < 128) in a box of a page. */
static int ink_in(PIXA *pa, int page, hb_box bx)
{
    PIX *p = pixaGetPix(pa, page - 1, L_CLONE);
    int n = 0;
    for (int y = bx.y; y < bx.y + bx.h; y++)
        for (int x = bx.x; x < bx.x + bx.w; x++) {
            l_int32 r, g, bl;
            pixGetRGBPixel(p, x, y, &r, &g, &bl);
            n += r < 128 || g < 128 || bl < 128;
        }
    pixDestroy(&p);
    return n;
}

static void a4_pages_at_the_asked_dpi(void **state)
{
    (void)state;
    static const int dpis[] = { 300, 150 };
    static const int want_w[] = { 2480, 1240 }, want_h[] = { 3508, 1754 };
    for (int k = 0; k < 2; k++) {
        render_opts o = { .dpi = dpis[k], .personal_page = 1 };
        book b;
        book_render(&b, 5, HB_FAMILY_TT58, 8, 1, &o);
        assert_int_equal(pixaGetCount(b.pages), 3); /* personal + spread */
        for (int i = 0; i < 3; i++) {
            PIX *p = pixaGetPix(b.pages, i, L_CLONE);
            assert_int_equal(pixGetWidth(p), want_w[k]);
            assert_int_equal(pixGetHeight(p), want_h[k]);
            assert_int_equal(pixGetDepth(p), 32);
            assert_int_equal(pixGetXRes(p), dpis[k]);
            pixDestroy(&p);
        }
        book_free(&b);
    }
}

/* Which subject fields each family's form prints. */
static int family_prints(hb_family f, const char *leaf)
{
    static const char *const tt58[] = { "HOC_KY_1", "HOC_KY_2", "CA_NAM",
                                        "DANH_GIA_LAI", NULL };
    static const char *const tt22[] = { "HOC_KY_1", "HOC_KY_2", "CA_NAM",
                                        "DANH_GIA_LAI", "NHAN_XET", NULL };
    static const char *const tt27[] = { "HOC_KY_1", "CA_NAM", "KTDK_1",
                                        "KTDK_2", "NHAN_XET", NULL };
    const char *const *l = f == HB_FAMILY_TT58 ? tt58 : f == HB_FAMILY_TT22 ? tt22 : tt27;
    for (; *l; l++)
        if (!strcmp(*l, leaf))
            return 1;
    return 0;
}

static void check_book(const book *b, const render_opts *o, hb_family fam)
{
    int per_year = o->single_page ? 1 : 2;
    int pages = pixaGetCount(b->pages);
    assert_int_equal(pages, (o->personal_page ? 1 : 0) + per_year * (int)b->n);
    PIX *p0 = pixaGetPix(b->pages, 0, L_CLONE);
    int w = pixGetWidth(p0), h = pixGetHeight(p0);
    pixDestroy(&p0);
    assert_int_equal(b->boxes.tofu, 0);
    /* every box inside its page, and on it there is ink */
    for (size_t i = 0; i < b->boxes.n; i++) {
        const render_box *rb = &b->boxes.items[i];
        assert_true(rb->page >= 1 && rb->page <= pages);
        assert_true(rb->box.x >= 0 && rb->box.y >= 0 && rb->box.w > 0 && rb->box.h > 0);
        assert_true(rb->box.x + rb->box.w <= w && rb->box.y + rb->box.h <= h);
        assert_true(rb->rec < b->n);
        if (ink_in(b->pages, rb->page, rb->box) < 20)
            fail_msg("%s: no ink in its box on page %d", rb->path, rb->page);
    }
    int first_year_page = o->personal_page ? 2 : 1;
    if (o->personal_page) {
        assert_non_null(find_box(b, "LY_LICH/HO_TEN", 1));
        assert_non_null(find_box(b, "LY_LICH/NGAY_SINH", 1));
        assert_non_null(find_box(b, "LY_LICH/QUA_TRINH_HOC_TAP/MUC[1]/NAM_HOC", 1));
    }
    for (size_t r = 0; r < b->n; r++) {
        /* the header on every page of the year */
        for (int k = 0; k < per_year; k++) {
            int pg = first_year_page + (int)r * per_year + k;
            const render_box *nb = find_box(b, "LY_LICH/HO_TEN", pg);
            assert_non_null(nb);
            assert_int_equal(nb->rec, r);
            assert_non_null(find_box(b, "THONG_TIN_HOC_BA/NAM_HOC", pg));
            assert_non_null(find_box(b, "THONG_TIN_HOC_BA/LOP", pg));
            assert_non_null(find_box(b, "CO_SO_GIAO_DUC/TEN_TRUONG", pg));
        }
        int last = first_year_page + (int)r * per_year + per_year - 1;
        assert_non_null(find_box(b, "THONG_TIN_HOC_BA/PHE_DUYET/HO_TEN", last));
        assert_non_null(find_box(b, "THONG_TIN_HOC_BA/PHE_DUYET/NGAY", last));
        assert_non_null(find_box(b, "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/NHAN_XET_GVCN", last));
        /* every subject value the form prints is drawn, nothing else */
        const hb_year *y = &b->r[r]->year;
        for (size_t j = 0; j < y->n_subjects; j++) {
            const hb_subject *s = &y->subjects[j];
            for (const hb_leaf *l = record_subject_leaves; l->tag; l++) {
                const hb_field *f = HB_FIELD_AT((void *)s, l);
                char path[256];
                snprintf(path, sizeof path,
                         "THONG_TIN_HOC_BA/BANG_DIEM/DIEM_TONG_KET[%s]/%s", s->code,
                         l->tag);
                const render_box *sb = find_box(b, path, first_year_page + (int)r * per_year);
                if (f->value && *f->value && family_prints(fam, l->tag))
                    assert_non_null(sb);
                else
                    assert_null(sb);
            }
        }
        if (fam == HB_FAMILY_TT27) {
            char path[256];
            snprintf(path, sizeof path,
                     "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/NANG_LUC/MUC[%s]",
                     y->nang_luc[0].name);
            assert_non_null(find_box(b, path, last));
        }
    }
}

static void every_family_two_page_and_single(void **state)
{
    (void)state;
    static const struct {
        hb_family f;
        int grade;
    } forms[] = { { HB_FAMILY_TT58, 7 }, { HB_FAMILY_TT58, 11 },
                  { HB_FAMILY_TT22, 6 }, { HB_FAMILY_TT22, 10 },
                  { HB_FAMILY_TT27, 3 } };
    for (int k = 0; k < 5; k++)
        for (int single = 0; single <= 1; single++)
            for (int hand = 0; hand <= 1; hand++) {
                /* seed 0 (the plain standard look) for printed values,
                 * a varied look for handwritten ones */
                render_opts o = { .dpi = 150,
                                  .seed = hand ? 31u + (unsigned)k : 0,
                                  .single_page = single, .handwritten = hand,
                                  .personal_page = single == 0 };
                book b;
                book_render(&b, 11 + (unsigned)k, forms[k].f, forms[k].grade,
                            single ? 2 : 1, &o);
                check_book(&b, &o, forms[k].f);
                book_free(&b);
            }
}

/* The longest vertical run of dark pixels at column x of a page, between
 * rows y0 and y1. */
static int longest_dark_run(PIX *p, int x, int y0, int y1)
{
    int best = 0, run = 0;
    for (int y = y0; y < y1; y++) {
        l_int32 r, g, bl;
        pixGetRGBPixel(p, x, y, &r, &g, &bl);
        run = r < 128 ? run + 1 : 0;
        if (run > best)
            best = run;
    }
    return best;
}

/* no_frame: the subject table's outer lines are not drawn (the plain
 * layout's frame is at 20 and 190 mm), its inner column lines are, and so
 * is the remark box on the results page; the values are all there. */
static void tables_without_their_frame(void **state)
{
    (void)state;
    render_opts o = { .dpi = 150, .personal_page = 1 };
    book closed, open;
    book_render(&closed, 23, HB_FAMILY_TT58, 8, 1, &o);
    o.no_frame = RENDER_OPEN_ALL;
    book_render(&open, 23, HB_FAMILY_TT58, 8, 1, &o);
    check_book(&open, &o, HB_FAMILY_TT58);
    assert_int_equal(open.boxes.n, closed.boxes.n);
    const render_box *top = find_box(&closed, "CO_SO_GIAO_DUC/TEN_TRUONG", 2);
    assert_non_null(top);
    PIX *pc = pixaGetPix(closed.pages, 1, L_CLONE);
    PIX *po = pixaGetPix(open.pages, 1, L_CLONE);
    int y0 = top->box.y + top->box.h, y1 = pixGetHeight(pc) * 3 / 4;
    int left = (int)(20 / 25.4 * 150), right = (int)(190 / 25.4 * 150);
    /* a table row or more of line (one pixel either side of the snap) */
    int row = 150 / 4;
    int lc = 0, lo = 0, rc = 0, ro = 0;
    for (int dx = -1; dx <= 1; dx++) {
        int a = longest_dark_run(pc, left + dx, y0, y1);
        int b = longest_dark_run(po, left + dx, y0, y1);
        lc = a > lc ? a : lc;
        lo = b > lo ? b : lo;
        a = longest_dark_run(pc, right + dx, y0, y1);
        b = longest_dark_run(po, right + dx, y0, y1);
        rc = a > rc ? a : rc;
        ro = b > ro ? b : ro;
    }
    assert_true(lc > 10 * row && rc > 10 * row);
    assert_true(lo < row && ro < row);
    pixDestroy(&pc);
    pixDestroy(&po);
    /* the remark box keeps its frame: the results pages are alike there */
    const render_box *nx = find_box(&open,
        "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/NHAN_XET_GVCN", 3);
    assert_non_null(nx);
    pc = pixaGetPix(closed.pages, 2, L_CLONE);
    po = pixaGetPix(open.pages, 2, L_CLONE);
    int bc = 0, bo = 0;
    for (int dx = -1; dx <= 1; dx++) {
        int a = longest_dark_run(pc, left + dx, nx->box.y, nx->box.y + nx->box.h);
        int b = longest_dark_run(po, left + dx, nx->box.y, nx->box.y + nx->box.h);
        bc = a > bc ? a : bc;
        bo = b > bo ? b : bo;
    }
    assert_true(bc >= nx->box.h / 2);
    assert_int_equal(bo, bc);
    pixDestroy(&pc);
    pixDestroy(&po);
    book_free(&closed);
    book_free(&open);
}

/* split_table: a year takes three pages; the subject rows are on the
 * first two, each exactly once, those of the second page at its top
 * (no year header there, no column headings); the results page last. */
static void subject_table_split_over_two_pages(void **state)
{
    (void)state;
    static const struct {
        hb_family f;
        int grade;
    } forms[] = { { HB_FAMILY_TT58, 7 }, { HB_FAMILY_TT22, 6 },
                  { HB_FAMILY_TT27, 3 } };
    for (int k = 0; k < 3; k++) {
        render_opts o = { .dpi = 100, .seed = 40u + (unsigned)k,
                          .personal_page = 1, .split_table = 1 };
        book b;
        book_render(&b, 31 + (unsigned)k, forms[k].f, forms[k].grade, 1, &o);
        assert_int_equal(pixaGetCount(b.pages), 4);
        assert_int_equal(b.boxes.tofu, 0);
        assert_non_null(find_box(&b, "THONG_TIN_HOC_BA/NAM_HOC", 2));
        assert_null(find_box(&b, "THONG_TIN_HOC_BA/NAM_HOC", 3));
        assert_null(find_box(&b, "LY_LICH/HO_TEN", 3));
        assert_non_null(find_box(&b, "THONG_TIN_HOC_BA/PHE_DUYET/HO_TEN", 4));
        const hb_year *y = &b.r[0]->year;
        int on2 = 0, on3 = 0, top3 = 1 << 30;
        for (size_t j = 0; j < y->n_subjects; j++) {
            char path[256];
            snprintf(path, sizeof path,
                     "THONG_TIN_HOC_BA/BANG_DIEM/DIEM_TONG_KET[%s]/CA_NAM",
                     y->subjects[j].code);
            const render_box *a = find_box(&b, path, 2), *c = find_box(&b, path, 3);
            assert_true((a != NULL) != (c != NULL));
            on2 += a != NULL;
            on3 += c != NULL;
            if (c && c->box.y < top3)
                top3 = c->box.y;
        }
        assert_true(on3 >= 2 && on3 <= (int)y->n_subjects / 3 + 1);
        assert_true(on2 >= on3);
        assert_true(top3 < 1169 / 8); /* the first rows of the page */
        /* the headings printed again above them: lower by a heading */
        render_opts o2 = o;
        o2.split_table = 2;
        book heads;
        book_render(&heads, 31 + (unsigned)k, forms[k].f, forms[k].grade, 1,
                    &o2);
        assert_int_equal(pixaGetCount(heads.pages), 4);
        int top3h = 1 << 30;
        for (size_t i = 0; i < heads.boxes.n; i++)
            if (heads.boxes.items[i].page == 3 &&
                strstr(heads.boxes.items[i].path, "DIEM_TONG_KET[") &&
                heads.boxes.items[i].box.y < top3h)
                top3h = heads.boxes.items[i].box.y;
        /* 18 mm of headings: 70 px at 100 dpi */
        assert_true(top3h > top3 + 60 && top3h < top3 + 80);
        book_free(&heads);
        /* the same rows come out again for the same seed */
        book again;
        book_render(&again, 31 + (unsigned)k, forms[k].f, forms[k].grade, 1, &o);
        for (int i = 0; i < 4; i++) {
            PIX *p1 = pixaGetPix(b.pages, i, L_CLONE);
            PIX *p2 = pixaGetPix(again.pages, i, L_CLONE);
            l_int32 same = 0;
            pixEqual(p1, p2, &same);
            assert_true(same);
            pixDestroy(&p1);
            pixDestroy(&p2);
        }
        book_free(&again);
        book_free(&b);
    }
}

static void ruling_lines_are_one_or_two_pixels(void **state)
{
    (void)state;
    render_opts o = { .dpi = 300 };
    book b;
    book_render(&b, 21, HB_FAMILY_TT58, 8, 1, &o);
    /* The plain layout's table spans 20-190 mm; its last column (the
     * subject teachers' signatures) stays empty, so a vertical scan at
     * 187 mm crosses only the horizontal rules. */
    PIX *p = pixaGetPix(b.pages, 0, L_CLONE);
    int x = (int)(187 / 25.4 * 300);
    const render_box *top = find_box(&b, "CO_SO_GIAO_DUC/TEN_TRUONG", 1);
    assert_non_null(top);
    int runs = 0, run = 0;
    for (int y = top->box.y + top->box.h; y < pixGetHeight(p) - 600; y++) {
        l_int32 r, g, bl;
        pixGetRGBPixel(p, x, y, &r, &g, &bl);
        if (r < 128) {
            run++;
        } else if (run) {
            assert_true(run >= 1 && run <= 2);
            runs++;
            run = 0;
        }
    }
    pixDestroy(&p);
    /* frame top, heading bottom, one between rows, frame bottom */
    assert_int_equal(runs, (int)b.r[0]->year.n_subjects + 2);
    book_free(&b);
}

/* ---- OCR -------------------------------------------------------------- */


/* Tesseract's reading of one box (with a white margin), NFC, trimmed.
 * `whitelist` restricts the characters, as extraction does for a cell
 * known to hold a number (NULL: any). */
static char *ocr_box(TessBaseAPI *api, PIXA *pa, const render_box *rb,
                     const char *whitelist)
{
    assert_non_null(rb);
    hb_box b = { rb->box.x - 12, rb->box.y - 8, rb->box.w + 24, rb->box.h + 16 };
    return ocr_region(api, pa, rb->page, b, whitelist);
}

static void clean_page_reads_back(void **state)
{
    TessBaseAPI *api = *state;
    struct {
        unsigned seed;
        hb_family f;
        int grade;
        unsigned look;
    } cases[] = { { 3, HB_FAMILY_TT58, 9, 0 }, { 8, HB_FAMILY_TT27, 4, 17 } };
    for (int k = 0; k < 2; k++) {
        render_opts o = { .dpi = 300, .seed = cases[k].look };
        book b;
        book_render(&b, cases[k].seed, cases[k].f, cases[k].grade, 1, &o);
        const hb_record *r = b.r[0];
        /* the name in the header of the results page */
        const render_box *nb = find_box(&b, "LY_LICH/HO_TEN", 2);
        assert_non_null(nb);
        char *name = ocr_box(api, b.pages, nb, NULL);
        assert_string_equal(name, r->student.ho_ten.value);
        free(name);
        /* the school year */
        char *nh = ocr_box(api, b.pages, find_box(&b, "THONG_TIN_HOC_BA/NAM_HOC", 1),
                           NULL);
        assert_string_equal(nh, r->year.nam_hoc.value);
        free(nh);
        if (cases[k].f == HB_FAMILY_TT58) {
            /* a score, written with the plain layout's decimal comma */
            char path[128], want[16];
            snprintf(path, sizeof path,
                     "THONG_TIN_HOC_BA/BANG_DIEM/DIEM_TONG_KET[TOAN]/CA_NAM");
            snprintf(want, sizeof want, "%s", record_find_subject(r, "TOAN")->cn.value);
            char *dot = strchr(want, '.');
            assert_non_null(dot);
            *dot = ',';
            char *sc = ocr_box(api, b.pages, find_box(&b, path, 1), "0123456789,.");
            assert_string_equal(sc, want);
            free(sc);
        }
        book_free(&b);
    }
}

/* ---- variation, errors, speed ---------------------------------------- */

static void same_seed_same_pixels(void **state)
{
    (void)state;
    render_opts o = { .dpi = 100, .seed = 77, .handwritten = 1 };
    book a, b, c;
    book_render(&a, 4, HB_FAMILY_TT22, 7, 1, &o);
    book_render(&b, 4, HB_FAMILY_TT22, 7, 1, &o);
    o.seed = 78;
    book_render(&c, 4, HB_FAMILY_TT22, 7, 1, &o);
    for (int i = 0; i < 2; i++) {
        PIX *pa = pixaGetPix(a.pages, i, L_CLONE), *pb = pixaGetPix(b.pages, i, L_CLONE);
        PIX *pc = pixaGetPix(c.pages, i, L_CLONE);
        l_int32 same = 0;
        pixEqual(pa, pb, &same);
        assert_true(same);
        pixEqual(pa, pc, &same);
        assert_false(same);
        pixDestroy(&pa);
        pixDestroy(&pb);
        pixDestroy(&pc);
    }
    assert_int_equal(a.boxes.n, b.boxes.n);
    for (size_t i = 0; i < a.boxes.n; i++) {
        assert_string_equal(a.boxes.items[i].path, b.boxes.items[i].path);
        assert_memory_equal(&a.boxes.items[i].box, &b.boxes.items[i].box, sizeof(hb_box));
    }
    book_free(&a);
    book_free(&b);
    book_free(&c);
}

static void missing_glyphs_are_counted(void **state)
{
    (void)state;
    /* A name with a character that no installed font has (an extension-B
     * ideograph): the renderer must notice the box it draws instead. */
    hb_record *r[1];
    assert_int_equal(synth_book(2, HB_FAMILY_TT58, 6, 1, r), 1);
    assert_int_equal(record_field_set(&r[0]->student.ho_ten,
                                      "Nguyễn \xF0\xA0\x80\x80"), 0);
    render_opts o = { .dpi = 72, .single_page = 1 };
    render_boxes bx;
    hb_err e;
    PIXA *pa = render_book_boxes(r, 1, &o, &bx, &e);
    assert_non_null(pa);
    assert_true(bx.tofu > 0);
    pixaDestroy(&pa);
    render_boxes_free(&bx);
    record_free(r[0]);
}

static void bad_requests_are_refused(void **state)
{
    (void)state;
    hb_err e;
    render_opts o = { .dpi = 300, .personal_page = 1 };
    render_boxes bx;
    assert_null(render_book_boxes(NULL, 0, &o, &bx, &e));
    assert_int_equal(e.code, HB_EUSAGE);
    assert_int_equal(bx.n, 0);
    hb_record *r[1];
    assert_int_equal(synth_book(2, HB_FAMILY_TT22, 6, 1, r), 1);
    o.dpi = 5000;
    assert_null(render_book(r, 1, &o, &e));
    assert_int_equal(e.code, HB_EUSAGE);
    assert_non_null(strstr(e.msg, "dpi"));
    assert_int_not_equal(render_pdf(r[0], "/nonexistent-dir/x.pdf", &e), 0);
    assert_int_equal(e.code, HB_EIO);
    assert_non_null(strstr(e.msg, "/nonexistent-dir/x.pdf"));
    record_free(r[0]);
}

/* CPU time of this process: what rendering costs, whatever else the
 * machine is doing (make check runs tests side by side). */
static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void a_page_renders_in_well_under_half_a_second(void **state)
{
    (void)state;
    hb_record *r[2];
    assert_int_equal(synth_book(6, HB_FAMILY_TT22, 8, 2, r), 2);
    render_opts o = { .dpi = 300, .seed = 9,
                      .handwritten = 1, .personal_page = 1 };
    hb_err e;
    double t0 = now();
    PIXA *pa = render_book(r, 2, &o, &e); /* 5 pages, handwritten */
    double per_page = (now() - t0) / 5;
    assert_non_null(pa);
    assert_int_equal(pixaGetCount(pa), 5);
    print_message("# %.3f CPU s per page at 300 dpi\n", per_page);
    assert_true(per_page < 0.5 * SLOW);
    pixaDestroy(&pa);
    record_free(r[0]);
    record_free(r[1]);
}

/* ---- the PDF copy ----------------------------------------------------- */

static void pdf_copy_is_searchable_a4_with_embedded_fonts(void **state)
{
    (void)state;
    hb_record *r[1];
    assert_int_equal(synth_book(12, HB_FAMILY_TT22, 10, 1, r), 1);
    char path[] = "/tmp/test_render_XXXXXX.pdf";
    int fd = mkstemps(path, 4);
    assert_true(fd >= 0);
    close(fd);
    hb_err e;
    if (render_pdf(r[0], path, &e))
        fail_msg("render_pdf: %s", e.msg);

    GError *ge = NULL;
    char *uri = g_filename_to_uri(path, NULL, &ge);
    PopplerDocument *doc = poppler_document_new_from_file(uri, NULL, &ge);
    assert_non_null(doc);
    int n = poppler_document_get_n_pages(doc);
    assert_int_equal(n, 3);
    GString *all = g_string_new("");
    for (int i = 0; i < n; i++) {
        PopplerPage *pg = poppler_document_get_page(doc, i);
        double w, h;
        poppler_page_get_size(pg, &w, &h);
        assert_true(w > 594.5 && w < 596 && h > 841 && h < 842.5); /* A4 */
        char *t = poppler_page_get_text(pg);
        g_string_append(all, t);
        g_string_append_c(all, '\n');
        g_free(t);
        g_object_unref(pg);
    }
    char *text = text_normalize(all->str); /* NFC, spaces folded */
    const hb_record *rec = r[0];
    assert_non_null(strstr(text, rec->student.ho_ten.value));
    assert_non_null(strstr(text, rec->year.nam_hoc.value));
    assert_non_null(strstr(text, "HỌC BẠ TRUNG HỌC PHỔ THÔNG"));
    char score[16];
    snprintf(score, sizeof score, "%s", rec->year.subjects[0].cn.value);
    *strchr(score, '.') = ',';
    assert_non_null(strstr(text, score));
    assert_non_null(strstr(text, rec->ma_ho_so));
    assert_non_null(strstr(text, "Trang 3/3"));
    free(text);
    g_string_free(all, TRUE);

    PopplerFontInfo *fi = poppler_font_info_new(doc);
    PopplerFontsIter *it = NULL;
    int fonts = 0;
    poppler_font_info_scan(fi, n, &it);
    assert_non_null(it);
    do {
        assert_true(poppler_fonts_iter_is_embedded(it));
        fonts++;
    } while (poppler_fonts_iter_next(it));
    assert_true(fonts >= 2);
    poppler_fonts_iter_free(it);
    poppler_font_info_free(fi);
    g_object_unref(doc);
    g_free(uri);
    unlink(path);
    record_free(r[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a4_pages_at_the_asked_dpi),
        cmocka_unit_test(every_family_two_page_and_single),
        cmocka_unit_test(tables_without_their_frame),
        cmocka_unit_test(subject_table_split_over_two_pages),
        cmocka_unit_test(ruling_lines_are_one_or_two_pixels),
        cmocka_unit_test_setup_teardown(clean_page_reads_back, ocr_setup,
                                        ocr_teardown),
        cmocka_unit_test(same_seed_same_pixels),
        cmocka_unit_test(missing_glyphs_are_counted),
        cmocka_unit_test(bad_requests_are_refused),
        cmocka_unit_test(a_page_renders_in_well_under_half_a_second),
        cmocka_unit_test(pdf_copy_is_searchable_a4_with_embedded_fonts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
