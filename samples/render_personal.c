/*
 * render_personal.c - the personal page (lý lịch học sinh): the student's
 * identity and family, and the schooling history table (one row per school
 * year: năm học, lớp, trường, số đăng bộ, ngày nhập học).
 *
 * The standard form puts two short fields to a line; other printings put
 * one field per line, or three, word the labels otherwise ("Họ tên học
 * sinh", "Ngày, tháng, năm sinh", "Cha"), or write the birth date into
 * "Sinh ngày ... tháng ... năm ..." slots: the arrangements below, chosen
 * by the layout variant (render_variant.c).
 */
#include <stdio.h>
#include <string.h>

#include "render_internal.h"

static const char *level_name(const char *lvl)
{
    if (!strcmp(lvl, "TH"))
        return "TIỂU HỌC";
    if (!strcmp(lvl, "THPT"))
        return "TRUNG HỌC PHỔ THÔNG";
    return "TRUNG HỌC CƠ SỞ";
}

/* The schooling history table.  Some forms put the class before the
 * school year (history_swap). */
static void history_table(rd_ctx *c, const hb_record *r, double y)
{
    static const char *const heads[5] = { "Năm học", "Lớp",
                                           "Tên trường, huyện, tỉnh",
                                           "Số đăng bộ", "Ngày nhập học" };
    static const double frac[5] = { 0.16, 0.1, 0.42, 0.14, 0.18 };
    /* the printed order of the columns: indexes into heads and fields */
    int col[5] = { 0, 1, 2, 3, 4 };
    if (c->var.history_swap)
        col[0] = 1, col[1] = 0;
    double x = c->st.margin_l, w = c->st.table_w, xs[6];
    xs[0] = x;
    for (int j = 0; j < 5; j++)
        xs[j + 1] = xs[j] + w * frac[col[j]];
    xs[5] = x + w;
    double hh = 10, rh = c->st.row_h + 1, y0 = y;
    for (int j = 0; j < 5; j++)
        rd_label(c, heads[col[j]], xs[j], y, xs[j + 1] - xs[j], hh, RD_CENTER,
                 10, RD_BOLD | RD_WRAP);
    y += hh;
    size_t rows = r->student.n_history < 4 ? 4 : r->student.n_history;
    for (size_t i = 0; i < rows; i++) {
        rd_hline(c, x, x + w, y, c->st.line_w);
        if (i < r->student.n_history) {
            const hb_history *h = &r->student.history[i];
            char d[64];
            const hb_field *fs[5] = { &h->nam_hoc, &h->lop, &h->truong,
                                      &h->so_dang_bo, &h->ngay_nhap_hoc };
            for (int j = 0; j < 5; j++) {
                int k = col[j];
                const char *t = fs[k]->value;
                if (k == 4)
                    t = rd_fmt_date(c, t, d, sizeof d);
                rd_value(c, fs[k], t, xs[j], y, xs[j + 1] - xs[j], rh,
                         k == 2 ? RD_LEFT : RD_CENTER, k == 2 ? RD_WRAP : 0);
            }
        }
        y += rh;
    }
    for (int j = 1; j < 5; j++)
        rd_vline(c, xs[j], y0, y, c->st.line_w);
    rd_table_frame(c, x, y0, w, y - y0);
}

/* ---- the student's fields ------------------------------------------- */

/* The personal fields, in the order the arrangements below name them. */
enum { P_NAME, P_SEX, P_BIRTH, P_ETHNIC, P_BIRTHPLACE, P_DOI_TUONG, P_CHO_O,
       P_ID, P_MHS, P_CHA, P_NGHE_CHA, P_ME, P_NGHE_ME, P_GIAM_HO, P_COUNT };

static const rd_lkey p_label[P_COUNT] = {
    RD_L_NAME, RD_L_SEX, RD_L_BIRTH, RD_L_ETHNIC, RD_L_BIRTHPLACE,
    RD_L_DOI_TUONG, RD_L_CHO_O, RD_L_ID, RD_L_MHS, RD_L_CHA, RD_L_NGHE,
    RD_L_ME, RD_L_NGHE, RD_L_GIAM_HO
};

/* One printed line of fields: up to three, the first ones with the
 * fraction of the width they take (the last takes the rest). */
typedef struct p_line {
    int n;
    int item[3];
    double f[2];
} p_line;

/* The arrangements.  0 is the standard form's: two fields to a line where
 * they are short.  1: one field per line (the occupation on its own line
 * under the parent's name).  2 and 3: other pairings and three to a line.
 * The long labels (đối tượng, chỗ ở) always get a line of their own, so
 * that their values have room. */
static const p_line arr0[] = {
    { 2, { P_NAME, P_SEX }, { 0.58 } },   { 2, { P_BIRTH, P_ETHNIC }, { 0.58 } },
    { 1, { P_BIRTHPLACE }, { 0 } },        { 1, { P_DOI_TUONG }, { 0 } },
    { 1, { P_CHO_O }, { 0 } },             { 2, { P_ID, P_MHS }, { 0.58 } },
    { 2, { P_CHA, P_NGHE_CHA }, { 0.58 } }, { 2, { P_ME, P_NGHE_ME }, { 0.58 } },
    { 1, { P_GIAM_HO }, { 0 } },           { 0, { 0 }, { 0 } }
};
static const p_line arr1[] = {
    { 1, { P_NAME }, { 0 } },      { 1, { P_SEX }, { 0 } },
    { 1, { P_BIRTH }, { 0 } },     { 1, { P_ETHNIC }, { 0 } },
    { 1, { P_BIRTHPLACE }, { 0 } }, { 1, { P_DOI_TUONG }, { 0 } },
    { 1, { P_CHO_O }, { 0 } },     { 1, { P_ID }, { 0 } },
    { 1, { P_MHS }, { 0 } },       { 1, { P_CHA }, { 0 } },
    { 1, { P_NGHE_CHA }, { 0 } },  { 1, { P_ME }, { 0 } },
    { 1, { P_NGHE_ME }, { 0 } },   { 1, { P_GIAM_HO }, { 0 } },
    { 0, { 0 }, { 0 } }
};
static const p_line arr2[] = {
    { 1, { P_NAME }, { 0 } },
    { 3, { P_BIRTH, P_SEX, P_ETHNIC }, { 0.46, 0.27 } },
    { 1, { P_BIRTHPLACE }, { 0 } },        { 1, { P_CHO_O }, { 0 } },
    { 1, { P_DOI_TUONG }, { 0 } },         { 2, { P_ID, P_MHS }, { 0.55 } },
    { 2, { P_CHA, P_NGHE_CHA }, { 0.58 } }, { 2, { P_ME, P_NGHE_ME }, { 0.58 } },
    { 1, { P_GIAM_HO }, { 0 } },           { 0, { 0 }, { 0 } }
};
static const p_line arr3[] = {
    { 2, { P_NAME, P_SEX }, { 0.64 } },    { 2, { P_BIRTH, P_ETHNIC }, { 0.6 } },
    { 1, { P_BIRTHPLACE }, { 0 } },        { 1, { P_CHO_O }, { 0 } },
    { 1, { P_DOI_TUONG }, { 0 } },         { 1, { P_ID }, { 0 } },
    { 1, { P_MHS }, { 0 } },               { 2, { P_CHA, P_NGHE_CHA }, { 0.6 } },
    { 2, { P_ME, P_NGHE_ME }, { 0.6 } },   { 1, { P_GIAM_HO }, { 0 } },
    { 0, { 0 }, { 0 } }
};

static const hb_field *p_field(const hb_student *s, int item)
{
    const hb_field *f[P_COUNT] = {
        &s->ho_ten, &s->gioi_tinh, &s->ngay_sinh, &s->dan_toc, &s->noi_sinh,
        &s->doi_tuong, &s->cho_o, &s->ma_dinh_danh, &s->ma_hoc_sinh,
        &s->ho_ten_cha, &s->nghe_nghiep_cha, &s->ho_ten_me,
        &s->nghe_nghiep_me, &s->ho_ten_nguoi_giam_ho
    };
    return f[item];
}

static void p_item(rd_ctx *c, const hb_student *s, int item, double x,
                   double y, double w, double lh)
{
    const hb_field *f = p_field(s, item);
    if (item == P_BIRTH && c->var.birth_slots) {
        /* "Sinh ngày 12 tháng 3 năm 2006": no colon before the slots */
        rd_date_slots(c, c->var.label[RD_L_BIRTH], f, x, y, w, lh);
        return;
    }
    char lb[128], d[64];
    const char *text = item == P_BIRTH ? rd_fmt_date(c, f->value, d, sizeof d)
                                       : f->value;
    rd_field_line(c, rd_lb(c, p_label[item], lb, sizeof lb), f, text, x, y, w,
                  lh);
}

/* The student's fields from y; returns the y below the last line. */
static double p_fields(rd_ctx *c, const hb_student *s, double x, double y,
                       double w, double lh)
{
    static const p_line *const arrs[4] = { arr0, arr1, arr2, arr3 };
    const p_line *l = arrs[c->var.personal & 3];
    for (; l->n; l++) {
        if (l->n == 1) {
            p_item(c, s, l->item[0], x, y, w, lh);
        } else if (l->n == 2) {
            double a = w * l->f[0];
            p_item(c, s, l->item[0], x, y, a, lh);
            p_item(c, s, l->item[1], x + a, y, w - a, lh);
        } else {
            double a = w * l->f[0], b = w * l->f[1];
            p_item(c, s, l->item[0], x, y, a, lh);
            p_item(c, s, l->item[1], x + a, y, b, lh);
            p_item(c, s, l->item[2], x + a + b, y, w - a - b, lh);
        }
        y += lh;
    }
    return y;
}

void rd_draw_personal(rd_ctx *c, const hb_record *r)
{
    const hb_student *s = &r->student;
    const hb_school *sc = &r->school;
    double x = c->st.margin_l, w = c->st.table_w, lh = 8.5, y = 14;
    double half = w * 0.58;

    char lb[96];
    rd_field_line(c, rd_lb(c, RD_L_SCHOOL, lb, sizeof lb), &sc->ten_truong,
                  sc->ten_truong.value, x, y, half, lh);
    rd_field_line(c, rd_lb(c, RD_L_MA_TRUONG, lb, sizeof lb), &sc->ma_truong,
                  sc->ma_truong.value, x + half, y, w - half, lh);
    y += lh;
    rd_field_line(c, rd_lb(c, RD_L_XA, lb, sizeof lb), &sc->xa_phuong,
                  sc->xa_phuong.value, x, y, half, lh);
    rd_field_line(c, rd_lb(c, RD_L_TINH, lb, sizeof lb), &sc->tinh,
                  sc->tinh.value, x + half, y, w - half, lh);
    y += lh + 8;

    rd_label(c, "HỌC BẠ", x, y, w, 12, RD_CENTER, 24, RD_BOLD);
    y += 12;
    rd_label(c, level_name(rd_level(r)), x, y, w, 9, RD_CENTER, 16, RD_BOLD);
    y += 9;
    const char *reg = NULL;
    switch (record_family(r)) {
    case HB_FAMILY_TT58: reg = "Thông tư số 58/2011/TT-BGDĐT"; break;
    case HB_FAMILY_TT22: reg = "Thông tư số 22/2021/TT-BGDĐT"; break;
    case HB_FAMILY_TT27: reg = "Thông tư số 27/2020/TT-BGDĐT"; break;
    case HB_FAMILY_TT30: reg = "Thông tư số 22/2016/TT-BGDĐT"; break;
    default: break;
    }
    if (reg && c->var.regulation != 2) {
        char line[96];
        snprintf(line, sizeof line, "(%s %s)",
                 c->var.regulation == 1 ? "Ban hành kèm theo" : "Đánh giá theo",
                 reg);
        rd_label(c, line, x, y, w, 6, RD_CENTER, 10, RD_ITALIC);
    }
    y += 12;

    /* one field per line needs the lines a little closer (handwriting
     * less so: it runs taller) and less room to sign, to keep the page */
    int one_per_line = c->var.personal == 1;
    y = p_fields(c, s, x, y, w,
                 one_per_line ? (c->handwritten ? 8.0 : 7.2) : lh) + 6;

    /* the personal page's own approval: signed on paper, no value */
    char head[96];
    snprintf(head, sizeof head, "%s%sngày ..... tháng ..... năm .........",
             rd_place(r), *rd_place(r) ? ", " : "");
    rd_label(c, head, x + w * 0.4, y, w * 0.6, 7, RD_CENTER, c->st.label_pt,
             RD_ITALIC);
    y += 7;
    rd_label(c, "HIỆU TRƯỞNG", x + w * 0.4, y, w * 0.6, 6, RD_CENTER,
             c->st.label_pt, RD_BOLD);
    y += 5.5;
    rd_label(c, "(Ký, ghi rõ họ tên và đóng dấu)", x + w * 0.4, y, w * 0.6, 5,
             RD_CENTER, 9, RD_ITALIC);
    y += one_per_line ? 16 : 24;

    rd_label(c, "QUÁ TRÌNH HỌC TẬP", x, y, w, 8, RD_CENTER, 12, RD_BOLD);
    y += 9;
    history_table(c, r, y);
}
