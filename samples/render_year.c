/*
 * render_year.c - the pages of one school year, for each form family.
 *
 * Two-page form: the left page is the subject table, the right page the
 * year's results (conduct and learning results per semester and year,
 * days absent, promotion, title, the homeroom teacher's remark and the
 * principal's approval; render_results.c).  Single-page form: both,
 * compressed, on one page.  Layout variants reword the column headings,
 * reorder or add columns and may move the results under the table
 * (form_for, results_on_left; render_variant.c chooses).
 *
 * What each family's subject table holds (and so what the record's fields
 * mean on paper):
 *   TT58  HK I, HK II, CN (average scores, or Đ/CĐ for comment subjects),
 *         "sau KT lại" re-assessment, subject teacher's signature column
 *   TT22  Học kì I, Học kì II, Cả năm (scores or Đ/CĐ), re-assessment,
 *         the subject teacher's remark (NHAN_XET)
 *   TT27  level (T/H/C) at the end of semester I and of the year
 *         (HOC_KY_1, CA_NAM), periodic test scores at the same two points
 *         (KTDK_1, KTDK_2), remark
 * Column sets are tables, not branches, so a new family is a new table.
 */
#include <stdio.h>
#include <string.h>

#include "catalog.h"
#include "render_internal.h"

typedef enum col_kind {
    C_NAME, C_HK1, C_HK2, C_CN, C_K1, C_K2, C_DGL, C_NX, C_SIGN,
    C_STT  /* the row's number, printed by some forms before the name */
} col_kind;

typedef struct col_def {
    col_kind k;
    const char *head;  /* NULL: taken from the style (Học kỳ/Học kì...) */
    int group;         /* columns under one spanning heading share it */
    double w;          /* relative width */
} col_def;

typedef struct family_form {
    hb_family f;
    const char *groups[3]; /* spanning headings, by group number */
    col_def cols[8];
    int ncols;
} family_form;

static const family_form forms[] = {
    { HB_FAMILY_TT58,
      { NULL, "Điểm trung bình hoặc xếp loại các môn", NULL },
      { { C_NAME, "Môn học / Hoạt động giáo dục", 0, 46 },
        { C_HK1, NULL, 1, 17 },
        { C_HK2, NULL, 1, 17 },
        { C_CN, NULL, 1, 17 },
        { C_DGL, "Điểm hoặc xếp loại sau KT lại (nếu có)", 0, 24 },
        { C_SIGN, "Giáo viên bộ môn ký xác nhận ĐTB môn học hoặc xếp loại "
                  "và sửa chữa (nếu có), (Ký và ghi rõ họ tên)", 0, 49 } },
      6 },
    { HB_FAMILY_TT22,
      { NULL, "Kết quả đánh giá", NULL },
      { { C_NAME, "Môn học/Hoạt động giáo dục", 0, 42 },
        { C_HK1, NULL, 1, 15 },
        { C_HK2, NULL, 1, 15 },
        { C_CN, NULL, 1, 15 },
        { C_DGL, "Điểm hoặc mức đánh giá lại (nếu có)", 0, 21 },
        { C_NX, "Nhận xét sự tiến bộ, ưu điểm nổi bật, hạn chế chủ yếu và "
                "chữ kí của giáo viên môn học", 0, 62 } },
      6 },
    { HB_FAMILY_TT27,
      { NULL, "Mức đạt được", "Điểm KTĐK" },
      { { C_NAME, "Môn học và hoạt động giáo dục", 0, 46 },
        { C_HK1, "Cuối HK I", 1, 15 },
        { C_CN, "Cuối năm", 1, 15 },
        { C_K1, "Cuối HK I", 2, 15 },
        { C_K2, "Cuối năm", 2, 15 },
        { C_NX, "Nhận xét", 0, 64 } },
      6 },
};

static const family_form *form_of(hb_family f)
{
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++)
        if (forms[i].f == f)
            return &forms[i];
    return &forms[0];
}

/* The columns as this book prints them: the family's standard form, or
 * with a layout variant its headings reworded (render_variant.c), the
 * last two columns swapped, TT27's columns grouped by term instead of by
 * kind, a numbering column first.  The term columns keep their order
 * (I, II, year) on every form. */
static const family_form *form_for(rd_ctx *c, const hb_record *r,
                                   family_form *buf)
{
    const family_form *ff = form_of(rd_family(r));
    const rd_variant *v = &c->var;
    if (!v->on)
        return ff;
    *buf = *ff;
    int tt27 = ff->f == HB_FAMILY_TT27, tt58 = ff->f == HB_FAMILY_TT58;
    for (int i = 0; i < buf->ncols; i++) {
        col_def *d = &buf->cols[i];
        switch (d->k) {
        case C_HK1: d->head = tt27 ? v->head_t27[0] : v->head_hk1; break;
        case C_HK2: d->head = v->head_hk2; break;
        case C_CN: d->head = tt27 ? v->head_t27[1] : v->head_cn; break;
        case C_K1: d->head = v->head_t27[0]; break;
        case C_K2: d->head = v->head_t27[1]; break;
        case C_DGL: d->head = tt58 ? v->dgl58 : v->dgl22; break;
        case C_SIGN: d->head = v->sign58; break;
        case C_NX:
            if (!tt27)
                d->head = v->nx22;
            break;
        default: break;
        }
    }
    if (!tt27) {
        /* the spanning heading over the terms, or none: then each term's
         * column is headed on its own, the full height */
        buf->groups[1] = tt58 ? v->group58 : v->group22;
        if (!buf->groups[1])
            for (int i = 0; i < buf->ncols; i++)
                buf->cols[i].group = 0;
        if (v->swap_last) {
            col_def t = buf->cols[buf->ncols - 1];
            buf->cols[buf->ncols - 1] = buf->cols[buf->ncols - 2];
            buf->cols[buf->ncols - 2] = t;
        }
    } else if (v->t27_by_term) {
        /* "Cuối HK I" over its level and its test, then "Cuối năm" (the
         * TT27 form's columns 1-4 are HK1, CN, K1, K2, see forms[]) */
        col_def hk1 = buf->cols[1], cn = buf->cols[2], k1 = buf->cols[3],
                k2 = buf->cols[4];
        hk1.group = k1.group = 1;
        cn.group = k2.group = 2;
        hk1.head = cn.head = v->t27_kind[0];
        k1.head = k2.head = v->t27_kind[1];
        buf->cols[1] = hk1;
        buf->cols[2] = k1;
        buf->cols[3] = cn;
        buf->cols[4] = k2;
        buf->groups[1] = v->head_t27[0];
        buf->groups[2] = v->head_t27[1];
    }
    if (v->stt && buf->ncols < 8) {
        memmove(&buf->cols[1], &buf->cols[0], (size_t)buf->ncols * sizeof *buf->cols);
        buf->cols[0] = (col_def){ C_STT, v->stt, 0, 8 };
        buf->ncols++;
    }
    return buf;
}

static const char *col_head(rd_ctx *c, const col_def *d)
{
    if (d->head)
        return d->head;
    int s = c->st.short_heads, ki = c->st.hoc_ki;
    switch (d->k) {
    case C_HK1:
        return s ? "HK I" : ki ? "Học kì I" : "Học kỳ I";
    case C_HK2:
        return s ? "HK II" : ki ? "Học kì II" : "Học kỳ II";
    default:
        return s ? "CN" : "Cả năm";
    }
}

static const hb_field *col_field(const hb_subject *s, col_kind k)
{
    switch (k) {
    case C_HK1: return &s->hk1;
    case C_HK2: return &s->hk2;
    case C_CN: return &s->cn;
    case C_K1: return &s->ktdk1;
    case C_K2: return &s->ktdk2;
    case C_DGL: return &s->danh_gia_lai;
    case C_NX: return &s->nhan_xet;
    default: return NULL;
    }
}

/* A cell's text as the paper writes it: "7,5" for scores (with the book's
 * decimal mark), the abbreviation for levels (Đạt -> Đ, Hoàn thành tốt ->
 * T), anything else as stored. */
static const char *cell_text(rd_ctx *c, const hb_field *f, col_kind k,
                             char *buf, size_t n)
{
    const char *v = f ? f->value : NULL;
    if (!v || !*v)
        return NULL;
    if (k == C_NX)
        return v;
    if (v[0] >= '0' && v[0] <= '9')
        return rd_fmt_score(c, v, buf, n);
    return catalog_abbrev(v);
}

/* ---- the subject table ------------------------------------------------ */

typedef struct table_cols {
    const col_def *d[8];
    double x[9]; /* column edges */
    int n;
} table_cols;

static void plan_columns(rd_ctx *c, const hb_record *r, const family_form *ff,
                         double x, double w, table_cols *t)
{
    int any_dgl = 0;
    for (size_t i = 0; i < r->year.n_subjects; i++)
        any_dgl |= r->year.subjects[i].danh_gia_lai.value &&
                   *r->year.subjects[i].danh_gia_lai.value;
    int dgl_column = c->var.on ? c->var.dgl_column : c->st.dgl_column;
    double sum = 0;
    t->n = 0;
    for (int i = 0; i < ff->ncols; i++) {
        const col_def *d = &ff->cols[i];
        if (d->k == C_DGL && !any_dgl && !dgl_column)
            continue;
        t->d[t->n++] = d;
        sum += d->w * c->st.col_f[i];
    }
    t->x[0] = x;
    for (int i = 0, j = 0; i < ff->ncols && j < t->n; i++) {
        if (&ff->cols[i] != t->d[j])
            continue;
        t->x[j + 1] = t->x[j] + w * ff->cols[i].w * c->st.col_f[i] / sum;
        j++;
    }
    t->x[t->n] = x + w;
}

/* The table heading: spanning group headings over their columns, each
 * column's own heading below. */
static double draw_table_head(rd_ctx *c, const family_form *ff,
                              const table_cols *t, double y, double h)
{
    double hg = h * 0.42, pt = 9.5;
    for (int j = 0; j < t->n;) {
        int g = t->d[j]->group, k = j;
        while (k + 1 < t->n && g && t->d[k + 1]->group == g)
            k++;
        if (g) {
            rd_label(c, ff->groups[g], t->x[j], y, t->x[k + 1] - t->x[j], hg,
                     RD_CENTER, pt, RD_BOLD | RD_WRAP);
            rd_hline(c, t->x[j], t->x[k + 1], y + hg, c->st.line_w);
            for (int m = j; m <= k; m++) {
                rd_label(c, col_head(c, t->d[m]), t->x[m], y + hg,
                         t->x[m + 1] - t->x[m], h - hg, RD_CENTER, pt,
                         RD_BOLD | RD_WRAP);
                if (m > j)
                    rd_vline(c, t->x[m], y + hg, y + h, c->st.line_w);
            }
        } else {
            double hp = t->d[j]->k == C_NAME ? pt + 0.5 : pt - 1.5;
            rd_label(c, col_head(c, t->d[j]), t->x[j], y, t->x[j + 1] - t->x[j],
                     h, RD_CENTER, hp, RD_BOLD | RD_WRAP);
        }
        j = k + 1;
    }
    return y + h;
}

/* Subject rows in the order they are printed: the record's order, with a
 * few neighbours swapped in some books. */
static void row_order(rd_ctx *c, size_t n, size_t *order)
{
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    for (int k = 0; n > 1 && k < c->st.swaps; k++) {
        size_t i = (size_t)rd_int(&c->rng, 0, (int)n - 2);
        size_t t = order[i];
        order[i] = order[i + 1];
        order[i + 1] = t;
    }
}

/* Subject rows [from, to) of the printed order, from y down, with the
 * ruling between them; returns the y below the last. */
static double draw_subject_rows(rd_ctx *c, const hb_record *r,
                                const family_form *ff, const table_cols *t,
                                const size_t *order, size_t from, size_t to,
                                double y, double row_h)
{
    double x = t->x[0], w = t->x[t->n] - t->x[0];
    int tt58_or_22 = ff->f != HB_FAMILY_TT27;
    for (size_t i = from; i < to; i++) {
        const hb_subject *s = &r->year.subjects[order[i]];
        const char *name = s->name && *s->name ? s->name
                           : catalog_find_subject(s->code)
                               ? catalog_find_subject(s->code)->name
                               : "";
        /* the printed columns first: the row's number, the subject */
        for (int j = 0; j < t->n; j++) {
            double cx = t->x[j], cw = t->x[j + 1] - t->x[j];
            if (t->d[j]->k == C_NAME) {
                rd_label(c, name, cx + 0.5, y, cw - 0.5, row_h, RD_LEFT,
                         c->st.label_pt, RD_WRAP);
            } else if (t->d[j]->k == C_STT) {
                char no[24];
                snprintf(no, sizeof no, "%zu", i + 1);
                rd_label(c, no, cx, y, cw, row_h, RD_CENTER, c->st.label_pt, 0);
            }
        }
        /* in secondary books each subject teacher fills their own row */
        c->writer = tt58_or_22 && c->handwritten &&
                            rd_unit(&c->hand) < 0.35
                        ? c->st.hand_alt
                        : NULL;
        for (int j = 0; j < t->n; j++) {
            col_kind k = t->d[j]->k;
            if (k == C_NAME || k == C_STT)
                continue;
            const hb_field *f = col_field(s, k);
            char buf[64];
            const char *txt = cell_text(c, f, k, buf, sizeof buf);
            if (!txt)
                continue;
            rd_value(c, f, txt, t->x[j], y, t->x[j + 1] - t->x[j], row_h,
                     k == C_NX ? RD_LEFT : RD_CENTER,
                     k == C_NX ? RD_WRAP | RD_SMALL : 0);
        }
        c->writer = NULL;
        y += row_h;
        if (i + 1 < to)
            rd_hline(c, x, x + w, y, c->st.line_w);
    }
    return y;
}

/* Column rules (full height except inside a group's heading, head_h high
 * from y0) and the frame. */
static void draw_subject_rules(rd_ctx *c, const table_cols *t, double y0,
                               double head_h, double y)
{
    for (int j = 1; j < t->n; j++) {
        int inner = t->d[j]->group && t->d[j]->group == t->d[j - 1]->group;
        if (!inner)
            rd_vline(c, t->x[j], y0, y, c->st.line_w);
        else
            rd_vline(c, t->x[j], y0 + head_h, y, c->st.line_w);
    }
    rd_table_frame(c, t->x[0], y0, t->x[t->n] - t->x[0], y - y0);
}

/* The subject table; with `split` only its first c->split_at rows (the
 * rest go on the next page, draw_rest), remembering the printed order. */
static double draw_subject_table(rd_ctx *c, const hb_record *r, double y,
                                 double head_h, double row_h, int split)
{
    family_form buf;
    const family_form *ff = form_for(c, r, &buf);
    double x = c->st.margin_l, w = c->st.table_w;
    table_cols t;
    plan_columns(c, r, ff, x, w, &t);
    double y0 = y;
    y = draw_table_head(c, ff, &t, y, head_h);
    rd_hline(c, x, x + w, y, c->st.line_w);

    size_t n = r->year.n_subjects, order[64];
    if (n > 64)
        n = 64;
    row_order(c, n, order);
    size_t to = n;
    if (split) {
        memcpy(c->split_order, order, sizeof order);
        c->split_n = n;
        to = c->split_at < n ? c->split_at : n;
    }
    y = draw_subject_rows(c, r, ff, &t, order, 0, to, y, row_h);
    draw_subject_rules(c, &t, y0, head_h, y);
    return y;
}

/* ---- pages ------------------------------------------------------------ */

static void draw_corrections_note(rd_ctx *c, double y)
{
    double x = c->st.margin_l, w = c->st.table_w;
    rd_label(c, "Trong bảng này có sửa chữa ở ........ chỗ, thuộc các môn: "
                "..............................................",
             x, y, w, 7, RD_LEFT, 10, 0);
    y += 9;
    rd_label(c, "Xác nhận của giáo viên chủ nhiệm", x, y, w / 2, 6, RD_CENTER,
             10, RD_BOLD);
    rd_label(c, "Xác nhận của Hiệu trưởng", x + w / 2, y, w / 2, 6, RD_CENTER,
             10, RD_BOLD);
    y += 5.5;
    rd_label(c, "(Ký và ghi rõ họ tên)", x, y, w / 2, 5, RD_CENTER, 9, RD_ITALIC);
    rd_label(c, "(Ký, ghi rõ họ tên và đóng dấu)", x + w / 2, y, w / 2, 5,
             RD_CENTER, 9, RD_ITALIC);
}

/* A split table: the rows its first page holds, and their height.  The
 * table runs down to the page's foot (rows of up to 16 mm), and two to a
 * third of the rows (drawn from the seed) are left for the next page. */
static double plan_split(rd_ctx *c, const hb_record *r, double y)
{
    size_t n = r->year.n_subjects < 64 ? r->year.n_subjects : 64;
    int most = (int)n / 3 > 2 ? (int)n / 3 : 2;
    size_t moved = n > 2 ? (size_t)rd_int(&c->rng, 2, most) : n > 1 ? 1 : 0;
    c->split_at = n - moved;
    double rh = c->split_at ? (RD_PAGE_H - 22 - y - 18) / (double)c->split_at
                            : c->st.row_h;
    rh = rh > 16 ? 16 : rh < 5 ? 5 : rh;
    c->split_rh = rh;
    return rh;
}

/* A two-page variant that writes the year's results under the subject
 * table and leaves the right page to the remark and the approval.  Not
 * TT27's (its qualities and competences need the page) nor with a split
 * table (its left page is all rows). */
static int results_on_left(const rd_ctx *c, const hb_record *r)
{
    return c->var.results_left && !c->split_table &&
           rd_family(r) != HB_FAMILY_TT27;
}

static void draw_left(rd_ctx *c, const hb_record *r)
{
    double y = rd_year_header(c, r, 14);
    if (rd_family(r) == HB_FAMILY_TT27) {
        rd_label(c, c->var.numbered ? "1. Các môn học và hoạt động giáo dục"
                                    : "Các môn học và hoạt động giáo dục",
                 c->st.margin_l, y, c->st.table_w, 7, RD_LEFT, c->st.label_pt,
                 RD_BOLD);
        y += 8;
    }
    int results = results_on_left(c, r);
    double avail = RD_PAGE_H - 60 - y - 18;
    if (results)
        avail -= rd_results_height(c, r, 0) + 4;
    double rh = c->st.row_h;
    if (c->split_table)
        rh = plan_split(c, r, y);
    else if (r->year.n_subjects && rh * (double)r->year.n_subjects > avail)
        rh = avail / (double)r->year.n_subjects;
    y = draw_subject_table(c, r, y, 18, rh, c->split_table);
    if (results)
        y = rd_results(c, r, c->st.margin_l, y + 4, c->st.table_w, 0);
    if (rd_family(r) != HB_FAMILY_TT27 && !c->split_table)
        draw_corrections_note(c, y + 6);
}

/* The rest of a split subject table, at the top of the next page: the
 * same columns, no year header, and no headings (the header row printed
 * only on the first page) or, with split_table 2, the headings again;
 * then the corrections note. */
static void draw_rest(rd_ctx *c, const hb_record *r)
{
    family_form buf;
    const family_form *ff = form_for(c, r, &buf);
    table_cols t;
    plan_columns(c, r, ff, c->st.margin_l, c->st.table_w, &t);
    double y0 = 16, y = y0, head_h = c->split_table == 2 ? 18 : 0;
    if (head_h > 0) {
        y = draw_table_head(c, ff, &t, y, head_h);
        rd_hline(c, t.x[0], t.x[t.n], y, c->st.line_w);
    }
    y = draw_subject_rows(c, r, ff, &t, c->split_order, c->split_at,
                          c->split_n, y, c->split_rh);
    draw_subject_rules(c, &t, y0, head_h, y);
    if (rd_family(r) != HB_FAMILY_TT27)
        draw_corrections_note(c, y + 6);
}

static void draw_right(rd_ctx *c, const hb_record *r)
{
    double x = c->st.margin_l, w = c->st.table_w;
    double y = rd_year_header(c, r, 14);
    double sign_h = 18;
    if (!results_on_left(c, r)) {
        if (c->var.on) {
            /* a tall header and results leave less room to sign in:
             * what the page has left under the remark and the approval's
             * texts (8 + 7 + 5.5 + 5 + 8 mm), down to 8 mm */
            double rest = RD_PAGE_H - 8 - y - rd_results_height(c, r, 0) -
                          (26 + 9 + 4) - (8 + 7 + 5.5 + 5 + 8);
            sign_h = rest < 8 ? 8 : rest < 18 ? rest : 18;
        }
        y = rd_results(c, r, x, y, w, 0);
    }
    y = rd_remark(c, r, x, y, w, 26) + 4;
    rd_approval(c, r, x + w * 0.4, y, w * 0.6, sign_h);
}

/* One page: the subject table with rows as high as the page allows, then
 * the results; the remark and the approval side by side. */
static void draw_single(rd_ctx *c, const hb_record *r)
{
    double x = c->st.margin_l, w = c->st.table_w;
    int tt27 = rd_family(r) == HB_FAMILY_TT27;
    double y = rd_year_header(c, r, 12);
    size_t n_muc = r->year.n_nang_luc > r->year.n_pham_chat ? r->year.n_nang_luc
                                                            : r->year.n_pham_chat;
    /* the standard forms' results (kept as first measured, so that their
     * pages stay as they were), or the variant's, and 50 mm for the
     * remark and the approval */
    double results_h = c->var.on ? rd_results_height(c, r, 1) + 3 + 50
                       : tt27    ? 7 + 9 + 6.0 * (double)n_muc + 4 + 4 * 7 + 2 + 50
                                 : 11 + 3 * 7.5 + 4 + 2 * 7 + 2 + 50;
    double head_h = 16;
    double avail = RD_PAGE_H - 10 - y - head_h - results_h;
    double rh = c->st.row_h;
    if (r->year.n_subjects && rh * (double)r->year.n_subjects > avail)
        rh = avail / (double)r->year.n_subjects;
    if (rh < 5)
        rh = 5;
    y = draw_subject_table(c, r, y, head_h, rh, 0) + 3;
    y = rd_results(c, r, x, y, w, 1);
    double wr = w * 0.52;
    rd_remark(c, r, x, y + 1, wr, 26);
    rd_approval(c, r, x + wr + 2, y, w - wr - 2, 10);
}

void rd_draw_year(rd_ctx *c, const hb_record *r, int part)
{
    if (part == 1)
        draw_left(c, r);
    else if (part == 2)
        draw_right(c, r);
    else if (part == 3)
        draw_rest(c, r);
    else
        draw_single(c, r);
}
