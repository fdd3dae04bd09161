/*
 * render_personal.c - the personal page (lý lịch học sinh): the student's
 * identity and family, and the schooling history table (one row per school
 * year: năm học, lớp, trường, số đăng bộ, ngày nhập học).
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

static void history_table(rd_ctx *c, const hb_record *r, double y)
{
    static const char *const heads[5] = { "Năm học", "Lớp",
                                           "Tên trường, huyện, tỉnh",
                                           "Số đăng bộ", "Ngày nhập học" };
    static const double frac[5] = { 0.16, 0.1, 0.42, 0.14, 0.18 };
    double x = c->st.margin_l, w = c->st.table_w, xs[6];
    xs[0] = x;
    for (int j = 0; j < 5; j++)
        xs[j + 1] = xs[j] + w * frac[j];
    xs[5] = x + w;
    double hh = 10, rh = c->st.row_h + 1, y0 = y;
    for (int j = 0; j < 5; j++)
        rd_label(c, heads[j], xs[j], y, xs[j + 1] - xs[j], hh, RD_CENTER, 10,
                 RD_BOLD | RD_WRAP);
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
                const char *t = fs[j]->value;
                if (j == 4)
                    t = rd_fmt_date(c, t, d, sizeof d);
                rd_value(c, fs[j], t, xs[j], y, xs[j + 1] - xs[j], rh,
                         j == 2 ? RD_LEFT : RD_CENTER, j == 2 ? RD_WRAP : 0);
            }
        }
        y += rh;
    }
    for (int j = 1; j < 5; j++)
        rd_vline(c, xs[j], y0, y, c->st.line_w);
    rd_table_frame(c, x, y0, w, y - y0);
}

void rd_draw_personal(rd_ctx *c, const hb_record *r)
{
    const hb_student *s = &r->student;
    const hb_school *sc = &r->school;
    double x = c->st.margin_l, w = c->st.table_w, lh = 8.5, y = 14;
    double half = w * 0.58;

    rd_field_line(c, "Trường:", &sc->ten_truong, sc->ten_truong.value, x, y,
                  half, lh);
    rd_field_line(c, "Mã trường:", &sc->ma_truong, sc->ma_truong.value,
                  x + half, y, w - half, lh);
    y += lh;
    rd_field_line(c, "Xã/Phường:", &sc->xa_phuong, sc->xa_phuong.value, x, y,
                  half, lh);
    rd_field_line(c, "Tỉnh/Thành phố:", &sc->tinh, sc->tinh.value, x + half, y,
                  w - half, lh);
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
    if (reg) {
        char line[96];
        snprintf(line, sizeof line, "(Đánh giá theo %s)", reg);
        rd_label(c, line, x, y, w, 6, RD_CENTER, 10, RD_ITALIC);
    }
    y += 12;

    char d[64];
    rd_field_line(c, "Họ và tên:", &s->ho_ten, s->ho_ten.value, x, y, half, lh);
    rd_field_line(c, "Giới tính:", &s->gioi_tinh, s->gioi_tinh.value, x + half,
                  y, w - half, lh);
    y += lh;
    rd_field_line(c, "Ngày sinh:", &s->ngay_sinh,
                  rd_fmt_date(c, s->ngay_sinh.value, d, sizeof d), x, y, half,
                  lh);
    rd_field_line(c, "Dân tộc:", &s->dan_toc, s->dan_toc.value, x + half, y,
                  w - half, lh);
    y += lh;
    rd_field_line(c, "Nơi sinh:", &s->noi_sinh, s->noi_sinh.value, x, y, w, lh);
    y += lh;
    rd_field_line(c, "Đối tượng (con liệt sĩ, con thương binh, ...):",
                  &s->doi_tuong, s->doi_tuong.value, x, y, w, lh);
    y += lh;
    rd_field_line(c, "Chỗ ở hiện tại:", &s->cho_o, s->cho_o.value, x, y, w, lh);
    y += lh;
    rd_field_line(c, "Số định danh cá nhân:", &s->ma_dinh_danh,
                  s->ma_dinh_danh.value, x, y, half, lh);
    rd_field_line(c, "Mã học sinh:", &s->ma_hoc_sinh, s->ma_hoc_sinh.value,
                  x + half, y, w - half, lh);
    y += lh;
    rd_field_line(c, "Họ và tên cha:", &s->ho_ten_cha, s->ho_ten_cha.value, x,
                  y, half, lh);
    rd_field_line(c, "Nghề nghiệp:", &s->nghe_nghiep_cha,
                  s->nghe_nghiep_cha.value, x + half, y, w - half, lh);
    y += lh;
    rd_field_line(c, "Họ và tên mẹ:", &s->ho_ten_me, s->ho_ten_me.value, x, y,
                  half, lh);
    rd_field_line(c, "Nghề nghiệp:", &s->nghe_nghiep_me, s->nghe_nghiep_me.value,
                  x + half, y, w - half, lh);
    y += lh;
    rd_field_line(c, "Họ và tên người giám hộ:", &s->ho_ten_nguoi_giam_ho,
                  s->ho_ten_nguoi_giam_ho.value, x, y, w, lh);
    y += lh + 6;

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
    y += 24;

    rd_label(c, "QUÁ TRÌNH HỌC TẬP", x, y, w, 8, RD_CENTER, 12, RD_BOLD);
    y += 9;
    history_table(c, r, y);
}
