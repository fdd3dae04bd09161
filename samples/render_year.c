/*
 * render_year.c - the pages of one school year, for each form family.
 *
 * Two-page form: the left page is the subject table, the right page the
 * year's results (conduct and learning results per semester and year,
 * days absent, promotion, title, the homeroom teacher's remark and the
 * principal's approval).  Single-page form: both, compressed, on one page.
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
    C_NAME, C_HK1, C_HK2, C_CN, C_K1, C_K2, C_DGL, C_NX, C_SIGN
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
    double sum = 0;
    t->n = 0;
    for (int i = 0; i < ff->ncols; i++) {
        const col_def *d = &ff->cols[i];
        if (d->k == C_DGL && !any_dgl && !c->st.dgl_column)
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
        rd_label(c, name, t->x[0] + 0.5, y, t->x[1] - t->x[0] - 0.5, row_h,
                 RD_LEFT, c->st.label_pt, RD_WRAP);
        /* in secondary books each subject teacher fills their own row */
        c->writer = tt58_or_22 && c->handwritten &&
                            rd_unit(&c->hand) < 0.35
                        ? c->st.hand_alt
                        : NULL;
        for (int j = 1; j < t->n; j++) {
            col_kind k = t->d[j]->k;
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
    const family_form *ff = form_of(rd_family(r));
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

/* ---- results ---------------------------------------------------------- */

/* TT58 / TT22: conduct and learning results per semester and the year, with
 * the year's days absent in a cell spanning the three rows. */
static double draw_conduct_table(rd_ctx *c, const hb_record *r, double x,
                                 double y, double w, double rh)
{
    int tt22 = rd_family(r) == HB_FAMILY_TT22;
    const hb_term3 *a = tt22 ? &r->year.ren_luyen : &r->year.hanh_kiem;
    const hb_term3 *b = tt22 ? &r->year.ket_qua_hoc_tap : &r->year.hoc_luc;
    const char *ki = c->st.hoc_ki ? "Học kì" : "Học kỳ";
    const char *heads[4] = { ki, tt22 ? "Kết quả rèn luyện" : "Hạnh kiểm",
                             tt22 ? "Kết quả học tập" : "Học lực",
                             "Tổng số buổi nghỉ học cả năm" };
    double xs[5] = { x, x + w * 0.24, x + w * 0.48, x + w * 0.72, x + w };
    double hh = 11, y0 = y;
    for (int j = 0; j < 4; j++)
        rd_label(c, heads[j], xs[j], y, xs[j + 1] - xs[j], hh, RD_CENTER, 10,
                 RD_BOLD | RD_WRAP);
    y += hh;
    rd_hline(c, x, x + w, y, c->st.line_w);
    char rows[3][32];
    snprintf(rows[0], sizeof rows[0], "%s I", ki);
    snprintf(rows[1], sizeof rows[1], "%s II", ki);
    snprintf(rows[2], sizeof rows[2], "Cả năm");
    const hb_field *fa[3] = { &a->hk1, &a->hk2, &a->cn };
    const hb_field *fb[3] = { &b->hk1, &b->hk2, &b->cn };
    for (int i = 0; i < 3; i++) {
        rd_label(c, rows[i], xs[0], y, xs[1] - xs[0], rh, RD_CENTER,
                 c->st.label_pt, 0);
        rd_value(c, fa[i], fa[i]->value, xs[1], y, xs[2] - xs[1], rh,
                 RD_CENTER, 0);
        rd_value(c, fb[i], fb[i]->value, xs[2], y, xs[3] - xs[2], rh,
                 RD_CENTER, 0);
        y += rh;
        if (i < 2)
            rd_hline(c, x, xs[3], y, c->st.line_w);
    }
    rd_value(c, &r->year.so_buoi_nghi, r->year.so_buoi_nghi.value, xs[3],
             y0 + hh, xs[4] - xs[3], 3 * rh, RD_CENTER, 0);
    for (int j = 1; j < 4; j++)
        rd_vline(c, xs[j], y0, y, c->st.line_w);
    rd_table_frame(c, x, y0, w, y - y0);
    return y;
}

/* TT27: the qualities (phẩm chất) and competences (năng lực) with their
 * levels, in two tables side by side. */
static double draw_muc_table(rd_ctx *c, const char *title, const char *head,
                             const hb_muc *m, size_t n, double x, double y,
                             double w, double rh)
{
    rd_label(c, title, x, y, w, 7, RD_LEFT, c->st.label_pt, RD_BOLD);
    y += 7;
    double xs = x + w * 0.66, y0 = y, hh = 9;
    rd_label(c, head, x, y, xs - x, hh, RD_CENTER, 10, RD_BOLD | RD_WRAP);
    rd_label(c, "Mức đạt được", xs, y, x + w - xs, hh, RD_CENTER, 10,
             RD_BOLD | RD_WRAP);
    y += hh;
    for (size_t i = 0; i < n; i++) {
        rd_hline(c, x, x + w, y, c->st.line_w);
        rd_label(c, m[i].name, x + 0.5, y, xs - x - 0.5, rh, RD_LEFT,
                 c->st.label_pt * 0.95, RD_WRAP);
        rd_value(c, &m[i].value, m[i].value.value, xs, y, x + w - xs, rh,
                 RD_CENTER, 0);
        y += rh;
    }
    rd_vline(c, xs, y0, y, c->st.line_w);
    rd_table_frame(c, x, y0, w, y - y0);
    return y;
}

static double draw_result_lines(rd_ctx *c, const hb_record *r, double x,
                                double y, double w, double lh)
{
    const hb_year *yr = &r->year;
    if (rd_family(r) == HB_FAMILY_TT27) {
        rd_field_line(c, "4. Đánh giá kết quả giáo dục:", &yr->ket_qua_hoc_tap.cn,
                      yr->ket_qua_hoc_tap.cn.value, x, y, w, lh);
        y += lh;
        rd_field_line(c, "5. Khen thưởng:", &yr->danh_hieu, yr->danh_hieu.value,
                      x, y, w, lh);
        y += lh;
        rd_field_line(c, "6. Hoàn thành chương trình lớp học:",
                      &yr->len_lop, yr->len_lop.value, x, y, w, lh);
        y += lh;
        rd_field_line(c, "Tổng số buổi nghỉ học:", &yr->so_buoi_nghi,
                      yr->so_buoi_nghi.value, x, y, w * 0.5, lh);
        return y + lh;
    }
    rd_field_line(c, "Kết quả lên lớp:", &yr->len_lop, yr->len_lop.value, x, y,
                  w, lh);
    y += lh;
    rd_field_line(c, "Danh hiệu:", &yr->danh_hieu, yr->danh_hieu.value, x, y,
                  w, lh);
    return y + lh;
}

/* The homeroom teacher's remark: a ruled box, the text wrapping over up to
 * three lines, the signature caption under it. */
static double draw_remark(rd_ctx *c, const hb_record *r, double x, double y,
                          double w, double box_h)
{
    rd_label(c, "NHẬN XÉT CỦA GIÁO VIÊN CHỦ NHIỆM", x, y, w, 7, RD_CENTER,
             c->st.label_pt, RD_BOLD);
    y += 7;
    rd_frame(c, x, y, w, box_h);
    rd_value(c, &r->year.nhan_xet_gvcn, r->year.nhan_xet_gvcn.value, x + 1,
             y + 0.5, w - 2, box_h - 7, RD_LEFT, RD_WRAP);
    rd_label(c, "(Ký và ghi rõ họ tên)", x + w * 0.45, y + box_h - 6.5,
             w * 0.55, 6, RD_CENTER, 9, RD_ITALIC);
    return y + box_h + 2;
}

static double draw_approval(rd_ctx *c, const hb_record *r, double x, double y,
                            double w, double sign_h)
{
    int tt27 = rd_family(r) == HB_FAMILY_TT27;
    rd_label(c, tt27 ? "XÁC NHẬN CỦA HIỆU TRƯỞNG" : "PHÊ DUYỆT CỦA HIỆU TRƯỞNG",
             x, y, w, 7, RD_CENTER, c->st.label_pt, RD_BOLD);
    y += 8;
    y = rd_date_line(c, rd_place(r), &r->year.phe_duyet_ngay, x, y, w);
    rd_label(c, "HIỆU TRƯỞNG", x, y, w, 6, RD_CENTER, c->st.label_pt, RD_BOLD);
    y += 5.5;
    rd_label(c, "(Ký, ghi rõ họ tên và đóng dấu)", x, y, w, 5, RD_CENTER, 9,
             RD_ITALIC);
    y += 5 + sign_h;
    rd_value(c, &r->year.phe_duyet_ho_ten, r->year.phe_duyet_ho_ten.value, x,
             y, w, 8, RD_CENTER, RD_BOLD);
    return y + 8;
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

static void draw_left(rd_ctx *c, const hb_record *r)
{
    double y = rd_year_header(c, r, 14);
    if (rd_family(r) == HB_FAMILY_TT27) {
        rd_label(c, "1. Các môn học và hoạt động giáo dục", c->st.margin_l, y,
                 c->st.table_w, 7, RD_LEFT, c->st.label_pt, RD_BOLD);
        y += 8;
    }
    double avail = RD_PAGE_H - 60 - y - 18;
    double rh = c->st.row_h;
    if (c->split_table)
        rh = plan_split(c, r, y);
    else if (r->year.n_subjects && rh * (double)r->year.n_subjects > avail)
        rh = avail / (double)r->year.n_subjects;
    y = draw_subject_table(c, r, y, 18, rh, c->split_table);
    if (rd_family(r) != HB_FAMILY_TT27 && !c->split_table)
        draw_corrections_note(c, y + 6);
}

/* The rest of a split subject table, at the top of the next page: the
 * same columns, no year header, and no headings (the header row printed
 * only on the first page) or, with split_table 2, the headings again;
 * then the corrections note. */
static void draw_rest(rd_ctx *c, const hb_record *r)
{
    const family_form *ff = form_of(rd_family(r));
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
    if (rd_family(r) == HB_FAMILY_TT27) {
        double wl = w * 0.44, gap = w * 0.04;
        double y1 = draw_muc_table(c, "2. Những phẩm chất chủ yếu",
                                   "Phẩm chất chủ yếu", r->year.pham_chat,
                                   r->year.n_pham_chat, x, y, wl, 8);
        double y2 = draw_muc_table(c, "3. Những năng lực cốt lõi",
                                   "Năng lực cốt lõi", r->year.nang_luc,
                                   r->year.n_nang_luc, x + wl + gap, y,
                                   w - wl - gap, 8);
        y = (y1 > y2 ? y1 : y2) + 4;
    } else {
        y = draw_conduct_table(c, r, x, y, w, 9) + 4;
    }
    y = draw_result_lines(c, r, x, y, w, 8) + 3;
    y = draw_remark(c, r, x, y, w, 26) + 4;
    draw_approval(c, r, x + w * 0.4, y, w * 0.6, 18);
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
    double results_h = tt27 ? 7 + 9 + 6.0 * (double)n_muc + 4 + 4 * 7 + 2 + 50
                            : 11 + 3 * 7.5 + 4 + 2 * 7 + 2 + 50;
    double head_h = 16;
    double avail = RD_PAGE_H - 10 - y - head_h - results_h;
    double rh = c->st.row_h;
    if (r->year.n_subjects && rh * (double)r->year.n_subjects > avail)
        rh = avail / (double)r->year.n_subjects;
    if (rh < 5)
        rh = 5;
    y = draw_subject_table(c, r, y, head_h, rh, 0) + 3;
    if (tt27) {
        double wl = w * 0.44, gap = w * 0.04;
        double y1 = draw_muc_table(c, "2. Những phẩm chất chủ yếu",
                                   "Phẩm chất chủ yếu", r->year.pham_chat,
                                   r->year.n_pham_chat, x, y, wl, 6);
        double y2 = draw_muc_table(c, "3. Những năng lực cốt lõi",
                                   "Năng lực cốt lõi", r->year.nang_luc,
                                   r->year.n_nang_luc, x + wl + gap, y,
                                   w - wl - gap, 6);
        y = (y1 > y2 ? y1 : y2) + 2;
        y = draw_result_lines(c, r, x, y, w, 7);
    } else {
        y = draw_conduct_table(c, r, x, y, w * 0.75, 7.5) + 2;
        y = draw_result_lines(c, r, x, y, w, 7);
    }
    double wr = w * 0.52;
    draw_remark(c, r, x, y + 1, wr, 26);
    draw_approval(c, r, x + wr + 2, y, w - wr - 2, 10);
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
