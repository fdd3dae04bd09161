/*
 * test_render_variant.c - the layout variants (render_opts.layout): every
 * variant renders with its layout truth exact (the same values as the
 * standard form, each boxed on its page, inked, apart from the others,
 * inside the page); the wordings, arrangements and column orders the
 * variant chose are what the page prints, where the variant says; each
 * choice of render_variant.c comes up; the same layout gives the same
 * pages and the variant does not depend on the look's seed; layout 0 is
 * the standard form.
 *
 * Cost: about 5 s plain, 10 s under ASan (some 50 books at 100 dpi or
 * less, one at 300 dpi, 2 Tesseract lines).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tesseract/capi.h>

#include "render_internal.h"
#include "synth.h"
#include "text.h"

#include "render_book.h"

/* The printed label `text` (with or without its colon) on page `page`
 * (0: any). */
static const render_label *find_label(const book *b, const char *text, int page)
{
    size_t n = strlen(text);
    for (size_t i = 0; i < b->boxes.n_labels; i++) {
        const render_label *l = &b->boxes.labels[i];
        if ((page == 0 || l->page == page) && strncmp(l->text, text, n) == 0 &&
            (l->text[n] == '\0' || (l->text[n] == ':' && l->text[n + 1] == '\0')))
            return l;
    }
    return NULL;
}

static int ink_in(PIXA *pa, int page, hb_box bx)
{
    PIX *p = pixaGetPix(pa, page - 1, L_CLONE);
    int n = 0;
    for (int y = bx.y; y < bx.y + bx.h; y++)
        for (int x = bx.x; x < bx.x + bx.w; x++) {
            l_int32 r, g, bl;
            pixGetRGBPixel(p, x, y, &r, &g, &bl);
            n += r < 192 || g < 192 || bl < 192; /* thin strokes at 100 dpi are grey */
        }
    pixDestroy(&p);
    return n;
}

static long overlap(hb_box a, hb_box b)
{
    int x0 = a.x > b.x ? a.x : b.x, y0 = a.y > b.y ? a.y : b.y;
    int x1 = a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w;
    int y1 = a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h;
    return x1 > x0 && y1 > y0 ? (long)(x1 - x0) * (y1 - y0) : 0;
}

static int y_overlap(hb_box a, hb_box b)
{
    return a.y < b.y + b.h && b.y < a.y + a.h;
}

/* ---- the layout truth ---------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Distinct "rec:path" of the boxes, sorted. */
static char **path_set(const book *b, size_t *n)
{
    char **s = calloc(b->boxes.n + 1, sizeof *s);
    assert_non_null(s);
    size_t k = 0;
    for (size_t i = 0; i < b->boxes.n; i++) {
        char buf[512];
        snprintf(buf, sizeof buf, "%zu:%s", b->boxes.items[i].rec,
                 b->boxes.items[i].path);
        size_t j = 0;
        while (j < k && strcmp(s[j], buf) != 0)
            j++;
        if (j == k)
            s[k++] = strdup(buf);
    }
    qsort(s, k, sizeof *s, cmp_str);
    *n = k;
    return s;
}

static void strs_free(char **s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(s[i]);
    free(s);
}

/* Everything a page must satisfy whatever the variant: boxes and labels
 * inside the page, every value inked, no two values' boxes on top of each
 * other, no label over a value (`hand`: the values are handwritten). */
static void check_geometry(const book *b, unsigned layout, int hand)
{
    int pages = pixaGetCount(b->pages);
    PIX *p0 = pixaGetPix(b->pages, 0, L_CLONE);
    int w = pixGetWidth(p0), h = pixGetHeight(p0);
    pixDestroy(&p0);
    assert_int_equal(b->boxes.tofu, 0);
    for (size_t i = 0; i < b->boxes.n; i++) {
        const render_box *rb = &b->boxes.items[i];
        assert_true(rb->page >= 1 && rb->page <= pages);
        assert_true(rb->box.x >= 0 && rb->box.y >= 0 && rb->box.w > 0 && rb->box.h > 0);
        assert_true(rb->box.x + rb->box.w <= w && rb->box.y + rb->box.h <= h);
        int ink = ink_in(b->pages, rb->page, rb->box);
        if (ink < 4) /* a handwritten "0" at 100 dpi: 6 */
            fail_msg("layout %u: %s: %d dark pixels in its box on page %d", layout, rb->path, ink,
                     rb->page);
        for (size_t j = i + 1; j < b->boxes.n; j++) {
            const render_box *o = &b->boxes.items[j];
            if (o->page != rb->page || strcmp(o->path, rb->path) == 0)
                continue;
            long a1 = (long)rb->box.w * rb->box.h, a2 = (long)o->box.w * o->box.h;
            long small = a1 < a2 ? a1 : a2;
            /* handwriting tilts up to 2 degrees: a long line's box grows
             * into the next line's, but not over half of a value */
            if (overlap(rb->box, o->box) * (hand ? 2 : 5) > small)
                fail_msg("layout %u: page %d: %s and %s overlap", layout, rb->page, rb->path, o->path);
        }
    }
    for (size_t i = 0; i < b->boxes.n_labels; i++) {
        const render_label *l = &b->boxes.labels[i];
        assert_true(l->page >= 1 && l->page <= pages);
        /* inside the page, and clear of its bottom edge */
        assert_true(l->box.x >= 0 && l->box.x + l->box.w <= w);
        if (l->box.y + l->box.h > h - h / 60)
            fail_msg("layout %u: page %d: label '%s' runs off the page", layout, l->page, l->text);
        for (size_t j = 0; j < b->boxes.n; j++) {
            const render_box *v = &b->boxes.items[j];
            /* a date's box spans the printed "tháng" and "năm" */
            if (v->page != l->page || strstr(v->path, "NGAY"))
                continue;
            long av = (long)v->box.w * v->box.h;
            if (overlap(l->box, v->box) * 4 > av)
                fail_msg("layout %u: page %d: label '%s' over the value of %s", layout, l->page,
                         l->text, v->path);
        }
    }
}

/* Variants rendered by every_variant_keeps_the_layout_truth; build with
 * -DN_VARIANTS=300 to sweep more of them. */
#ifndef N_VARIANTS
#define N_VARIANTS 15
#endif

typedef struct form_case {
    hb_family f;
    int grade;
} form_case;

static const form_case forms[] = {
    { HB_FAMILY_TT58, 7 }, { HB_FAMILY_TT58, 11 }, { HB_FAMILY_TT22, 6 },
    { HB_FAMILY_TT22, 10 }, { HB_FAMILY_TT27, 3 },
};

/* Every variant draws the values the standard form draws, no more, no
 * fewer, with its pages as render_year_pages says and each year page
 * headed. */
static void every_variant_keeps_the_layout_truth(void **state)
{
    (void)state;
    for (unsigned k = 0; k < N_VARIANTS; k++) {
        const form_case *fc = &forms[k % 5];
        unsigned layout = 1 + k * 7919u;
        /* with the other options too: a split subject table (headless or
         * headed again), tables without their outer lines */
        render_opts o = { .dpi = 100, .seed = 50 + k, .layout = layout,
                          .personal_page = 1, .handwritten = k % 4 == 3,
                          .split_table = k % 6 == 5 ? 1 + (int)(k / 6) % 2 : 0,
                          .no_frame = k % 7 == 6 ? RENDER_OPEN_ALL : 0 };
        book b, std;
        book_render(&b, 60 + k, fc->f, fc->grade, 1 + k % 2, &o);
        int per_year = render_year_pages(&o);
        assert_int_equal(pixaGetCount(b.pages), 1 + per_year * (int)b.n);
        check_geometry(&b, layout, o.handwritten);
        for (size_t r = 0; r < b.n; r++)
            for (int p = 0; p < per_year; p++) {
                int pg = 2 + (int)r * per_year + p;
                if (o.split_table && p == 1)
                    continue; /* the rest of the table: no header */
                assert_non_null(find_box(&b, "LY_LICH/HO_TEN", pg));
                assert_non_null(find_box(&b, "THONG_TIN_HOC_BA/NAM_HOC", pg));
                assert_non_null(find_box(&b, "THONG_TIN_HOC_BA/LOP", pg));
                assert_non_null(find_box(&b, "CO_SO_GIAO_DUC/TEN_TRUONG", pg));
            }
        /* the same record on the standard form, as many pages a year */
        render_opts so = { .dpi = 72, .seed = o.seed, .personal_page = 1,
                           .single_page = per_year == 1,
                           .split_table = o.split_table };
        book_render(&std, 60 + k, fc->f, fc->grade, 1 + k % 2, &so);
        size_t na, ns;
        char **a = path_set(&b, &na), **s = path_set(&std, &ns);
        for (size_t i = 0; i < ns; i++)
            if (!bsearch(&s[i], a, na, sizeof *a, cmp_str))
                fail_msg("layout %u: %s is not drawn", layout, s[i]);
        for (size_t i = 0; i < na; i++)
            if (!bsearch(&a[i], s, ns, sizeof *s, cmp_str))
                fail_msg("layout %u: %s is drawn, not on the standard form",
                         layout, a[i]);
        strs_free(a, na);
        strs_free(s, ns);
        book_free(&b);
        book_free(&std);
    }
}

/* ---- what the page prints is what the variant chose --------------------- */

static const char *const subject_path = "THONG_TIN_HOC_BA/BANG_DIEM/DIEM_TONG_KET[";

/* The box of subject `code`'s `leaf` on page. */
static const render_box *subject_box(const book *b, const char *code,
                                     const char *leaf, int page)
{
    char path[256];
    snprintf(path, sizeof path, "%s%s]/%s", subject_path, code, leaf);
    return find_box(b, path, page);
}

static void check_wordings(const book *b, const rd_variant *v, hb_family f,
                           int per_year)
{
    /* the personal page: every label as worded, colons as chosen */
    static const rd_lkey personal[] = {
        RD_L_NAME, RD_L_SEX, RD_L_ETHNIC, RD_L_BIRTHPLACE, RD_L_DOI_TUONG,
        RD_L_CHO_O, RD_L_ID, RD_L_MHS, RD_L_CHA, RD_L_ME, RD_L_NGHE,
        RD_L_GIAM_HO, RD_L_SCHOOL, RD_L_MA_TRUONG, RD_L_XA, RD_L_TINH,
        RD_L_BIRTH
    };
    for (size_t i = 0; i < sizeof personal / sizeof *personal; i++) {
        const render_label *l = find_label(b, v->label[personal[i]], 1);
        if (!l)
            fail_msg("label '%s' not printed", v->label[personal[i]]);
        int colon = l->text[strlen(l->text) - 1] == ':';
        if (personal[i] == RD_L_BIRTH && v->birth_slots)
            assert_false(colon); /* "Sinh ngày 12 tháng 3 năm 2006" */
        else if (v->colon == 0)
            assert_true(colon);
        else if (v->colon == 1)
            assert_false(colon);
    }
    if (v->birth_slots) {
        /* the date's box spans the printed "tháng" and "năm" */
        const render_box *d = find_box(b, "LY_LICH/NGAY_SINH", 1);
        const render_label *t = find_label(b, "tháng", 1);
        assert_non_null(d);
        assert_non_null(t);
        assert_true(overlap(d->box, t->box) == (long)t->box.w * t->box.h);
    }
    /* the year header as arranged */
    const render_box *name = find_box(b, "LY_LICH/HO_TEN", 2);
    const render_box *lop = find_box(b, "THONG_TIN_HOC_BA/LOP", 2);
    const render_box *nam = find_box(b, "THONG_TIN_HOC_BA/NAM_HOC", 2);
    const render_box *sch = find_box(b, "CO_SO_GIAO_DUC/TEN_TRUONG", 2);
    const render_label *title = find_label(b, f == HB_FAMILY_TT27 ? "HỌC BẠ TIỂU HỌC"
                                              : "HỌC BẠ TRUNG HỌC", 2);
    if (!title) /* the secondary titles name the level after it */
        for (size_t i = 0; i < b->boxes.n_labels && !title; i++)
            if (b->boxes.labels[i].page == 2 &&
                !strncmp(b->boxes.labels[i].text, "HỌC BẠ ", strlen("HỌC BẠ ")))
                title = &b->boxes.labels[i];
    assert_non_null(title);
    assert_non_null(find_label(b, v->label[RD_L_NAME], 2));
    switch (v->header) {
    case RD_HDR_TOP:
        assert_true(sch->box.y < title->box.y && nam->box.y < title->box.y);
        assert_true(y_overlap(name->box, lop->box));
        break;
    case RD_HDR_LINES:
        assert_true(name->box.y < lop->box.y && lop->box.y < nam->box.y &&
                    nam->box.y < sch->box.y);
        break;
    case RD_HDR_PAIRS:
        assert_true(y_overlap(name->box, lop->box) && y_overlap(sch->box, nam->box));
        assert_false(y_overlap(name->box, sch->box));
        break;
    case RD_HDR_THREE:
        assert_true(y_overlap(lop->box, nam->box));
        assert_false(y_overlap(name->box, lop->box));
        break;
    default:
        assert_true(y_overlap(name->box, lop->box) && y_overlap(lop->box, nam->box));
        assert_false(y_overlap(name->box, sch->box));
    }
    /* the subject table's headings and order */
    if (f != HB_FAMILY_TT27) {
        assert_non_null(find_label(b, v->head_hk1, 2));
        assert_non_null(find_label(b, v->head_hk2, 2));
        assert_non_null(find_label(b, v->head_cn, 2));
        const char *dgl = f == HB_FAMILY_TT58 ? v->dgl58 : v->dgl22;
        const char *last = f == HB_FAMILY_TT58 ? v->sign58 : v->nx22;
        const render_label *ld = find_label(b, dgl, 2), *ll = find_label(b, last, 2);
        const char *group = f == HB_FAMILY_TT58 ? v->group58 : v->group22;
        if (group)
            assert_non_null(find_label(b, group, 2));
        if (ld) { /* the re-assessment column is printed in most books */
            assert_non_null(ll);
            assert_true(v->swap_last ? ld->box.x > ll->box.x : ld->box.x < ll->box.x);
        }
    } else {
        const render_box *h1 = subject_box(b, "TOAN", "HOC_KY_1", 2);
        const render_box *k1 = subject_box(b, "TOAN", "KTDK_1", 2);
        const render_box *cn = subject_box(b, "TOAN", "CA_NAM", 2);
        assert_non_null(h1);
        assert_non_null(k1);
        assert_non_null(cn);
        /* by term: level and test of term I, then the year's; by kind:
         * the two levels, then the two tests */
        if (v->t27_by_term) {
            assert_true(h1->box.x < k1->box.x && k1->box.x < cn->box.x);
            assert_non_null(find_label(b, v->head_t27[0], 2));
            assert_non_null(find_label(b, v->t27_kind[1], 2));
        } else {
            assert_true(h1->box.x < cn->box.x && cn->box.x < k1->box.x);
        }
    }
    if (v->stt) {
        assert_non_null(find_label(b, v->stt, 2));
        /* the rows numbered in the first column, left of the names */
        const render_label *one = find_label(b, "1", 2), *toan = find_label(b, "Toán", 2);
        assert_non_null(one);
        assert_non_null(toan);
        assert_true(one->box.x < toan->box.x);
    }
    /* the results */
    int results_page = 1 + per_year;
    if (f == HB_FAMILY_TT27) {
        const render_box *ln = find_box(b, "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/NANG_LUC/MUC[Tự chủ và tự học]",
                                        results_page);
        const render_box *pc = find_box(b, "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/PHAM_CHAT/MUC[Yêu nước]",
                                        results_page);
        assert_non_null(ln);
        assert_non_null(pc);
        assert_true(v->muc_swap ? ln->box.x < pc->box.x : pc->box.x < ln->box.x);
        return;
    }
    const char *ca = f == HB_FAMILY_TT22 ? "REN_LUYEN" : "HANH_KIEM";
    const char *cb = f == HB_FAMILY_TT22 ? "KET_QUA_HOC_TAP" : "HOC_LUC";
    if (v->results_left && per_year == 2)
        results_page = 2;
    char p[256];
    const render_box *a[3], *bb[3];
    static const char *const terms[3] = { "HOC_KY_1", "HOC_KY_2", "CA_NAM" };
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/%s/%s", ca, terms[i]);
        a[i] = find_box(b, p, results_page);
        snprintf(p, sizeof p, "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/%s/%s", cb, terms[i]);
        bb[i] = find_box(b, p, results_page);
        assert_non_null(a[i]);
        assert_non_null(bb[i]);
    }
    const render_label *lca = find_label(b, f == HB_FAMILY_TT22 ? "Kết quả rèn luyện"
                                                               : "Hạnh kiểm", results_page);
    assert_non_null(lca);
    switch (v->results) {
    case RD_RES_TABLE: /* terms down: a term's two results on its row */
    case RD_RES_LINES_TERM:
        assert_true(y_overlap(a[0]->box, bb[0]->box));
        assert_false(y_overlap(a[0]->box, a[1]->box));
        break;
    default: /* a result's three terms on its row */
        assert_true(y_overlap(a[0]->box, a[1]->box) && y_overlap(a[1]->box, a[2]->box));
        assert_false(y_overlap(a[0]->box, bb[0]->box));
    }
    if (v->results == RD_RES_LINES_TERM || v->results == RD_RES_LINES_KIND) {
        /* no table: the result's name is a label on the values' line */
        assert_true(y_overlap(lca->box, a[0]->box));
        assert_true(lca->box.x < a[0]->box.x);
    }
    const render_box *len = find_box(b, "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/LEN_LOP", results_page);
    assert_non_null(len);
    const render_label *ll = find_label(b, v->label[RD_L_LEN_LOP], results_page);
    if (v->len_alone)
        assert_null(ll);
    else
        assert_non_null(ll);
}

/* Books whose variants cover every choice the test checks by place. */
static void the_page_prints_what_the_variant_chose(void **state)
{
    (void)state;
    int seen_hdr[RD_HDR_COUNT] = { 0 }, seen_res[RD_RES_COUNT] = { 0 };
    int seen_stt = 0, seen_swap = 0, seen_term = 0, seen_left = 0, seen_slots = 0;
    int books = 0;
    for (unsigned layout = 1; books < 18 && layout < 400; layout++) {
        rd_variant v;
        rd_variant_init(&v, layout);
        const form_case *fc = &forms[layout % 5];
        int tt27 = fc->f == HB_FAMILY_TT27;
        /* take a layout when it brings something not seen yet */
        int news = !seen_hdr[v.header] || (!tt27 && !seen_res[v.results]) ||
                   (v.stt && !seen_stt) || (!tt27 && v.swap_last && !seen_swap) ||
                   (tt27 && v.t27_by_term && !seen_term) ||
                   (!tt27 && !v.single && v.results_left && !seen_left) ||
                   (v.birth_slots && !seen_slots);
        if (!news && books >= 6)
            continue;
        seen_hdr[v.header] = 1;
        if (!tt27)
            seen_res[v.results] = 1;
        seen_stt |= v.stt != NULL;
        seen_swap |= !tt27 && v.swap_last;
        seen_term |= tt27 && v.t27_by_term;
        seen_left |= !tt27 && !v.single && v.results_left;
        seen_slots |= v.birth_slots;
        render_opts o = { .dpi = 72, .seed = layout, .layout = layout,
                          .personal_page = 1 };
        book b;
        book_render(&b, 200 + layout, fc->f, fc->grade, 1, &o);
        check_wordings(&b, &v, fc->f, render_year_pages(&o));
        book_free(&b);
        books++;
    }
    for (int i = 0; i < RD_HDR_COUNT; i++)
        assert_true(seen_hdr[i]);
    for (int i = 0; i < RD_RES_COUNT; i++)
        assert_true(seen_res[i]);
    assert_true(seen_stt && seen_swap && seen_term && seen_left && seen_slots);
}

/* Across seeds every wording and choice of render_variant.c comes up
 * (the draw is cheap: no rendering). */
static void every_choice_comes_up(void **state)
{
    (void)state;
    static const char *const want[] = {
        "Họ và tên", "Họ và tên học sinh", "Họ tên", "Họ tên học sinh",
        "Ngày sinh", "Ngày, tháng, năm sinh", "Ngày tháng năm sinh", "Sinh ngày",
        "Kết quả lên lớp", "Lên lớp", "Tổng số buổi nghỉ học", "Số buổi nghỉ",
        "Học kỳ I", "Học kì I", "HK I", "HKI", "Học kỳ II", "HK II", "HKII",
        "Cả năm", "CN", "TB cả năm", "TBCN", "Điểm thi lại (nếu có)", "Điểm KT lại",
        "Cuối học kì I", "STT", "TT", "Họ tên cha", "Cha",
    };
    int found[sizeof want / sizeof *want] = { 0 };
    int colon[3] = { 0 }, single[2] = { 0 }, reg[3] = { 0 }, pers[4] = { 0 };
    int nogroup = 0, unit = 0, alone = 0, pair = 0, lines = 0, muc = 0;
    for (unsigned layout = 1; layout <= 400; layout++) {
        rd_variant v;
        rd_variant_init(&v, layout);
        assert_true(v.on);
        const char *got[RD_L_COUNT + 12];
        int n = 0;
        for (int k = 0; k < RD_L_COUNT; k++)
            got[n++] = v.label[k];
        got[n++] = v.head_hk1;
        got[n++] = v.head_hk2;
        got[n++] = v.head_cn;
        got[n++] = v.head_t27[0];
        got[n++] = v.dgl58;
        got[n++] = v.dgl22;
        got[n++] = v.stt ? v.stt : "";
        for (size_t w = 0; w < sizeof want / sizeof *want; w++)
            for (int i = 0; i < n; i++)
                found[w] |= strcmp(got[i], want[w]) == 0;
        colon[v.colon]++;
        single[v.single]++;
        reg[v.regulation]++;
        pers[v.personal]++;
        nogroup |= v.group58 == NULL;
        unit |= v.days_unit;
        alone |= v.len_alone;
        pair |= v.results_pair;
        lines |= v.remark_lines;
        muc |= v.muc_swap;
        /* the birth date in slots exactly when the label says "Sinh ngày" */
        assert_int_equal(v.birth_slots, strcmp(v.label[RD_L_BIRTH], "Sinh ngày") == 0);
        /* the parents are worded alike */
        assert_int_equal(strncmp(v.label[RD_L_CHA], "Họ và", 5) == 0,
                         strncmp(v.label[RD_L_ME], "Họ và", 5) == 0);
    }
    for (size_t w = 0; w < sizeof want / sizeof *want; w++)
        if (!found[w])
            fail_msg("'%s' never chosen", want[w]);
    for (int i = 0; i < 3; i++)
        assert_true(colon[i] > 40 && reg[i] > 20);
    for (int i = 0; i < 4; i++)
        assert_true(pers[i] > 40);
    /* about a third of the variants print one page a year */
    assert_true(single[1] > 80 && single[1] < 200);
    assert_true(nogroup && unit && alone && pair && lines && muc);
}

/* ---- determinism and layout 0 ------------------------------------------ */

static void same_layout_same_pages_and_independent_of_the_look(void **state)
{
    (void)state;
    render_opts o = { .dpi = 60, .seed = 7, .layout = 4242, .personal_page = 1 };
    book a, b, c, d;
    book_render(&a, 9, HB_FAMILY_TT22, 8, 1, &o);
    book_render(&b, 9, HB_FAMILY_TT22, 8, 1, &o);
    render_opts o2 = o;
    o2.layout = 4243;
    book_render(&c, 9, HB_FAMILY_TT22, 8, 1, &o2);
    render_opts o3 = o;
    o3.seed = 8; /* another look, the same variant */
    book_render(&d, 9, HB_FAMILY_TT22, 8, 1, &o3);
    assert_int_equal(pixaGetCount(a.pages), pixaGetCount(b.pages));
    int differs = pixaGetCount(a.pages) != pixaGetCount(c.pages);
    for (int i = 0; i < pixaGetCount(a.pages); i++) {
        PIX *pa = pixaGetPix(a.pages, i, L_CLONE), *pb = pixaGetPix(b.pages, i, L_CLONE);
        l_int32 same = 0;
        pixEqual(pa, pb, &same);
        assert_true(same);
        if (!differs && i < pixaGetCount(c.pages)) {
            PIX *pc = pixaGetPix(c.pages, i, L_CLONE);
            pixEqual(pa, pc, &same);
            differs |= !same;
            pixDestroy(&pc);
        }
        pixDestroy(&pa);
        pixDestroy(&pb);
    }
    assert_true(differs);
    assert_int_equal(a.boxes.n, b.boxes.n);
    for (size_t i = 0; i < a.boxes.n; i++) {
        assert_string_equal(a.boxes.items[i].path, b.boxes.items[i].path);
        assert_memory_equal(&a.boxes.items[i].box, &b.boxes.items[i].box, sizeof(hb_box));
    }
    /* the variant is the layout's: another look prints the same texts
     * (in the same pages), only in other fonts and widths */
    assert_int_equal(pixaGetCount(a.pages), pixaGetCount(d.pages));
    assert_int_equal(a.boxes.n_labels, d.boxes.n_labels);
    char **ta = calloc(a.boxes.n_labels, sizeof *ta), **td = calloc(d.boxes.n_labels, sizeof *td);
    assert_true(ta && td);
    for (size_t i = 0; i < a.boxes.n_labels; i++) {
        ta[i] = a.boxes.labels[i].text;
        td[i] = d.boxes.labels[i].text;
    }
    qsort(ta, a.boxes.n_labels, sizeof *ta, cmp_str);
    qsort(td, d.boxes.n_labels, sizeof *td, cmp_str);
    for (size_t i = 0; i < a.boxes.n_labels; i++)
        assert_string_equal(ta[i], td[i]);
    free(ta);
    free(td);
    book_free(&a);
    book_free(&b);
    book_free(&c);
    book_free(&d);
}

/* layout 0 prints the standard forms' wordings, the spread, the results
 * table (render_opts without a layout are unchanged: test_render and the
 * byte-for-byte comparison of gen's books hold that). */
static void layout_zero_is_the_standard_form(void **state)
{
    (void)state;
    rd_variant v;
    rd_variant_init(&v, 0);
    assert_false(v.on);
    render_opts o = { .dpi = 72, .personal_page = 1 };
    assert_int_equal(render_year_pages(&o), 2);
    o.single_page = 1;
    assert_int_equal(render_year_pages(&o), 1);
    o.single_page = 0;
    o.split_table = 1;
    assert_int_equal(render_year_pages(&o), 3);
    o.split_table = 0;
    book b;
    book_render(&b, 3, HB_FAMILY_TT58, 9, 1, &o);
    assert_int_equal(pixaGetCount(b.pages), 3);
    static const char *const standard[] = {
        "Họ và tên:", "Ngày sinh:", "Giới tính:", "Họ và tên cha:",
        "Số định danh cá nhân:", "Chỗ ở hiện tại:", "Học kỳ I", "Học kỳ II",
        "Cả năm", "Điểm trung bình hoặc xếp loại các môn", "Hạnh kiểm",
        "Kết quả lên lớp:", "Danh hiệu:", "NHẬN XÉT CỦA GIÁO VIÊN CHỦ NHIỆM",
        "PHÊ DUYỆT CỦA HIỆU TRƯỞNG",
        "(Đánh giá, xếp loại theo Thông tư số 58/2011/TT-BGDĐT)",
    };
    for (size_t i = 0; i < sizeof standard / sizeof *standard; i++) {
        int found = 0;
        for (size_t j = 0; j < b.boxes.n_labels && !found; j++)
            found = strcmp(b.boxes.labels[j].text, standard[i]) == 0;
        if (!found)
            fail_msg("standard label '%s' missing", standard[i]);
    }
    /* the results in the table on the right page, terms down */
    const render_box *h1 = find_box(&b, "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/HANH_KIEM/HOC_KY_1", 3);
    const render_box *h2 = find_box(&b, "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/HANH_KIEM/HOC_KY_2", 3);
    assert_non_null(h1);
    assert_non_null(h2);
    assert_true(h2->box.y > h1->box.y + h1->box.h / 2);
    book_free(&b);
}

/* ---- the pixels say it too ----------------------------------------------- */


/* Tesseract reads a variant's label back from where render_boxes says it
 * was printed: the labels list is the page's, not a wish. */
static void a_variant_label_reads_back_from_its_place(void **state)
{
    TessBaseAPI *api = *state;
    unsigned layout = 0;
    rd_variant v;
    for (unsigned l = 1; l < 200 && !layout; l++) {
        rd_variant_init(&v, l);
        if (!strcmp(v.label[RD_L_BIRTH], "Ngày, tháng, năm sinh") &&
            !strcmp(v.label[RD_L_NAME], "Họ tên học sinh"))
            layout = l;
    }
    assert_true(layout > 0);
    render_opts o = { .dpi = 300, .layout = layout, .personal_page = 1 };
    book b;
    book_render(&b, 4, HB_FAMILY_TT58, 8, 1, &o);
    static const char *const want[2] = { "Ngày, tháng, năm sinh", "Họ tên học sinh" };
    for (int i = 0; i < 2; i++) {
        const render_label *l = find_label(&b, want[i], 1);
        assert_non_null(l);
        hb_box at = { l->box.x - 8, l->box.y - 6, l->box.w + 16, l->box.h + 12 };
        char *n = ocr_region(api, b.pages, 1, at, NULL);
        if (strncmp(n, want[i], strlen(want[i])) != 0)
            fail_msg("read '%s' where '%s' was printed", n, want[i]);
        free(n);
    }
    book_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_variant_keeps_the_layout_truth),
        cmocka_unit_test(the_page_prints_what_the_variant_chose),
        cmocka_unit_test(every_choice_comes_up),
        cmocka_unit_test(same_layout_same_pages_and_independent_of_the_look),
        cmocka_unit_test(layout_zero_is_the_standard_form),
        cmocka_unit_test_setup_teardown(a_variant_label_reads_back_from_its_place,
                                        ocr_setup, ocr_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
