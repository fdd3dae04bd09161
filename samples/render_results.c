/*
 * render_results.c - a year's results as the paper writes them under or
 * beside the subject table:
 *   TT58  conduct (Hạnh kiểm) and learning (Học lực) per semester and for
 *         the year, days absent, promotion (Kết quả lên lớp), title;
 *   TT22  the same with "Kết quả rèn luyện" and "Kết quả học tập";
 *   TT27  the qualities (phẩm chất) and competences (năng lực) with their
 *         levels, the overall result, commendation, completion, days
 *         absent;
 * then the homeroom teacher's remark and the principal's approval.
 *
 * The standard forms hold conduct and learning in a small table, terms
 * down and the two results across.  Other printings transpose it, or drop
 * the table and write lines ("Học kỳ I:  Hạnh kiểm: Tốt   Học lực: Khá");
 * the layout variant (render_variant.c) says which.
 */
#include <stdio.h>
#include <string.h>

#include "render_internal.h"

/* What TT22 calls the two results TT58 calls Hạnh kiểm and Học lực. */
typedef struct results3 {
    const hb_term3 *a, *b;  /* conduct, learning */
    const char *la, *lb;    /* their printed names */
} results3;

static results3 results_of(const hb_record *r)
{
    int tt22 = rd_family(r) == HB_FAMILY_TT22;
    results3 s = { tt22 ? &r->year.ren_luyen : &r->year.hanh_kiem,
                   tt22 ? &r->year.ket_qua_hoc_tap : &r->year.hoc_luc,
                   tt22 ? "Kết quả rèn luyện" : "Hạnh kiểm",
                   tt22 ? "Kết quả học tập" : "Học lực" };
    return s;
}

/* The names of the three terms as this book prints them: the variant's
 * column headings, else "Học kỳ I" / "Học kì I" and "Cả năm". */
static void term_names(rd_ctx *c, const char *out[3], char buf[2][32])
{
    if (c->var.on) {
        out[0] = c->var.head_hk1;
        out[1] = c->var.head_hk2;
        out[2] = c->var.head_cn;
        return;
    }
    const char *ki = c->st.hoc_ki ? "Học kì" : "Học kỳ";
    snprintf(buf[0], sizeof buf[0], "%s I", ki);
    snprintf(buf[1], sizeof buf[1], "%s II", ki);
    out[0] = buf[0];
    out[1] = buf[1];
    out[2] = "Cả năm";
}

/* A printed name used as a label: with a colon unless the book prints
 * none. */
static const char *as_label(rd_ctx *c, const char *name, char *buf, size_t n)
{
    snprintf(buf, n, "%s%s", name, c->var.colon == 1 ? "" : ":");
    return buf;
}

/* ---- TT58 / TT22 conduct and learning ---------------------------------- */

/* The standard table: terms down, the two results across, with the year's
 * days absent in a cell spanning the three rows. */
static double conduct_table(rd_ctx *c, const hb_record *r, double x,
                            double y, double w, double rh)
{
    results3 s = results_of(r);
    const char *ki = c->var.on ? c->var.term_word : c->st.hoc_ki ? "Học kì" : "Học kỳ";
    const char *heads[4] = { ki, s.la, s.lb, "Tổng số buổi nghỉ học cả năm" };
    double xs[5] = { x, x + w * 0.24, x + w * 0.48, x + w * 0.72, x + w };
    double hh = 11, y0 = y;
    for (int j = 0; j < 4; j++)
        rd_label(c, heads[j], xs[j], y, xs[j + 1] - xs[j], hh, RD_CENTER, 10,
                 RD_BOLD | RD_WRAP);
    y += hh;
    rd_hline(c, x, x + w, y, c->st.line_w);
    char names[2][32];
    const char *rows[3];
    term_names(c, rows, names);
    const hb_field *fa[3] = { &s.a->hk1, &s.a->hk2, &s.a->cn };
    const hb_field *fb[3] = { &s.b->hk1, &s.b->hk2, &s.b->cn };
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

/* The table the other way round: the two results down, the terms across;
 * the days absent go on a line of their own (days_line). */
static double conduct_transposed(rd_ctx *c, const hb_record *r, double x,
                                 double y, double w, double rh)
{
    results3 s = results_of(r);
    char names[2][32];
    const char *terms[3];
    term_names(c, terms, names);
    double xs[5] = { x, x + w * 0.34, x + w * 0.56, x + w * 0.78, x + w };
    double hh = 9, y0 = y;
    rd_label(c, "Xếp loại", xs[0], y, xs[1] - xs[0], hh, RD_CENTER, 10,
             RD_BOLD | RD_WRAP);
    for (int j = 0; j < 3; j++)
        rd_label(c, terms[j], xs[j + 1], y, xs[j + 2] - xs[j + 1], hh,
                 RD_CENTER, 10, RD_BOLD | RD_WRAP);
    y += hh;
    const hb_term3 *t[2] = { s.a, s.b };
    const char *names2[2] = { s.la, s.lb };
    for (int i = 0; i < 2; i++) {
        rd_hline(c, x, x + w, y, c->st.line_w);
        rd_label(c, names2[i], xs[0], y, xs[1] - xs[0], rh, RD_CENTER,
                 c->st.label_pt, 0);
        const hb_field *f[3] = { &t[i]->hk1, &t[i]->hk2, &t[i]->cn };
        for (int j = 0; j < 3; j++)
            rd_value(c, f[j], f[j]->value, xs[j + 1], y, xs[j + 2] - xs[j + 1],
                     rh, RD_CENTER, 0);
        y += rh;
    }
    for (int j = 1; j < 4; j++)
        rd_vline(c, xs[j], y0, y, c->st.line_w);
    rd_table_frame(c, x, y0, w, y - y0);
    return y;
}

/* No table: one line per term, "Học kỳ I:  Hạnh kiểm: Tốt   Học lực:
 * Khá", or one line per result, "Hạnh kiểm:  HK I: Tốt  HK II: Tốt  Cả
 * năm: Tốt". */
static double conduct_lines(rd_ctx *c, const hb_record *r, double x,
                            double y, double lh, int by_term)
{
    results3 s = results_of(r);
    char names[2][32], l1[64], l2[64];
    const char *terms[3];
    term_names(c, terms, names);
    const hb_term3 *t[2] = { s.a, s.b };
    const char *kinds[2] = { s.la, s.lb };
    if (by_term) {
        /* the results start at one column whatever the term's name */
        double tw = rd_text_width(c, "Học kỳ II:", c->st.label_pt, 0) + 6;
        for (int i = 0; i < 3; i++) {
            rd_label(c, as_label(c, terms[i], l1, sizeof l1), x, y, tw, lh,
                     RD_LEFT, c->st.label_pt, RD_NOSHRINK);
            double e = x + tw;
            for (int k = 0; k < 2; k++) {
                const hb_field *f = i == 0 ? &t[k]->hk1 : i == 1 ? &t[k]->hk2
                                                               : &t[k]->cn;
                e = rd_field_inline(c, as_label(c, kinds[k], l2, sizeof l2), f,
                                    f->value, NULL, e, y, 30, lh) + 4;
            }
            y += lh;
        }
        return y;
    }
    double kw = rd_text_width(c, "Kết quả rèn luyện:", c->st.label_pt, 0) + 4;
    for (int k = 0; k < 2; k++) {
        rd_label(c, as_label(c, kinds[k], l1, sizeof l1), x, y, kw, lh,
                 RD_LEFT, c->st.label_pt, RD_NOSHRINK);
        double e = x + kw;
        const hb_field *f[3] = { &t[k]->hk1, &t[k]->hk2, &t[k]->cn };
        for (int i = 0; i < 3; i++)
            e = rd_field_inline(c, as_label(c, terms[i], l2, sizeof l2), f[i],
                                f[i]->value, NULL, e, y, 22, lh) + 3;
        y += lh;
    }
    return y;
}

/* "Tổng số buổi nghỉ học: 3" or "... : 3 buổi". */
static double days_line(rd_ctx *c, const hb_record *r, const char *label,
                        double x, double y, double lh)
{
    rd_field_inline(c, label, &r->year.so_buoi_nghi,
                    r->year.so_buoi_nghi.value,
                    c->var.days_unit ? "buổi" : NULL, x, y, 14, lh);
    return y + lh;
}

/* ---- TT27 qualities and competences ------------------------------------ */

/* One of the two tables: items and their levels. */
static double muc_table(rd_ctx *c, const char *title, const char *head,
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

/* Both tables side by side, the qualities on the left as the standard
 * form has them or on the right.  (One under the other does not fit: ten
 * competences and five qualities take the page.) */
static double muc_tables(rd_ctx *c, const hb_record *r, double x, double y,
                         double w, double rh)
{
    const hb_year *yr = &r->year;
    const char *pc = c->var.numbered ? "2. Những phẩm chất chủ yếu"
                                     : "Những phẩm chất chủ yếu";
    const char *nl = c->var.numbered ? "3. Những năng lực cốt lõi"
                                     : "Những năng lực cốt lõi";
    double wl = w * 0.44, gap = w * 0.04;
    double xp = x, xn = x + wl + gap, wp = wl, wn = w - wl - gap;
    if (c->var.muc_swap) { /* the competences on the left */
        xn = x, wn = wl;
        xp = x + wl + gap, wp = w - wl - gap;
    }
    double y1 = muc_table(c, pc, "Phẩm chất chủ yếu", yr->pham_chat,
                          yr->n_pham_chat, xp, y, wp, rh);
    double y2 = muc_table(c, nl, "Năng lực cốt lõi", yr->nang_luc,
                          yr->n_nang_luc, xn, y, wn, rh);
    return y1 > y2 ? y1 : y2;
}

/* ---- result lines ------------------------------------------------------- */

static double result_lines(rd_ctx *c, const hb_record *r, double x, double y,
                           double w, double lh)
{
    const hb_year *yr = &r->year;
    char lb[160], t[160];
    if (rd_family(r) == HB_FAMILY_TT27) {
        static const char *const num[3] = { "4. ", "5. ", "6. " };
        static const rd_lkey key[3] = { RD_L_T27_RESULT, RD_L_T27_PRIZE,
                                        RD_L_T27_DONE };
        const hb_field *f[3] = { &yr->ket_qua_hoc_tap.cn, &yr->danh_hieu,
                                 &yr->len_lop };
        for (int i = 0; i < 3; i++) {
            snprintf(t, sizeof t, "%s%s", c->var.numbered ? num[i] : "",
                     rd_lb(c, key[i], lb, sizeof lb));
            if (c->var.on &&
                rd_text_width(c, t, c->st.label_pt, 0) > w - 60) {
                /* a label that leaves no room: the value goes on the
                 * line under it, as it is written on such forms */
                rd_label(c, t, x, y, w, lh, RD_LEFT, c->st.label_pt,
                         RD_NOSHRINK);
                y += lh;
                rd_value(c, f[i], f[i]->value, x + 8, y, w - 8, lh, RD_LEFT, 0);
            } else {
                rd_field_line(c, t, f[i], f[i]->value, x, y, w, lh);
            }
            y += lh;
        }
        if (c->var.on)
            return days_line(c, r, rd_lb(c, RD_L_DAYS, lb, sizeof lb), x, y,
                             lh);
        rd_field_line(c, "Tổng số buổi nghỉ học:", &yr->so_buoi_nghi,
                      yr->so_buoi_nghi.value, x, y, w * 0.5, lh);
        return y + lh;
    }
    /* the promotion: after its label, or written alone ("Được lên lớp") */
    double wl = c->var.results_pair ? w * 0.5 : w;
    double dx = c->var.results_pair ? w - wl : 0; /* the title's place */
    if (c->var.len_alone)
        rd_value(c, &yr->len_lop, yr->len_lop.value, x, y, wl, lh, RD_LEFT, 0);
    else
        rd_field_line(c, rd_lb(c, RD_L_LEN_LOP, lb, sizeof lb), &yr->len_lop,
                      yr->len_lop.value, x, y, wl, lh);
    if (!c->var.results_pair)
        y += lh;
    rd_field_line(c, rd_lb(c, RD_L_DANH_HIEU, lb, sizeof lb), &yr->danh_hieu,
                  yr->danh_hieu.value, x + dx, y, wl, lh);
    return y + lh;
}

/* ---- the block ---------------------------------------------------------- */

double rd_results(rd_ctx *c, const hb_record *r, double x, double y,
                  double w, int single)
{
    double gap = single ? 2 : 4;
    if (rd_family(r) == HB_FAMILY_TT27) {
        y = muc_tables(c, r, x, y, w, single ? 6 : 8) + gap;
    } else {
        double rh = single ? 7.5 : 9, lh = single ? 7 : 8;
        double wt = single ? w * 0.75 : w;
        char lb[96];
        switch (c->var.results) {
        case RD_RES_TRANSPOSED:
            y = conduct_transposed(c, r, x, y, wt, rh) + 1;
            y = days_line(c, r, rd_lb(c, RD_L_DAYS, lb, sizeof lb), x, y, lh);
            break;
        case RD_RES_LINES_TERM:
        case RD_RES_LINES_KIND:
            y = conduct_lines(c, r, x, y, lh,
                              c->var.results == RD_RES_LINES_TERM);
            y = days_line(c, r, rd_lb(c, RD_L_DAYS, lb, sizeof lb), x, y, lh);
            break;
        default:
            y = conduct_table(c, r, x, y, wt, rh);
        }
        y += gap;
    }
    y = result_lines(c, r, x, y, w, single ? 7 : 8);
    return single ? y : y + 3;
}

double rd_results_height(rd_ctx *c, const hb_record *r, int single)
{
    double gap = single ? 2 : 4, lh = single ? 7 : 8, h;
    const hb_year *yr = &r->year;
    if (rd_family(r) == HB_FAMILY_TT27) {
        double rh = single ? 6 : 8;
        double np = (double)yr->n_pham_chat, nn = (double)yr->n_nang_luc;
        /* five lines when a long label puts its value under it */
        h = 7 + 9 + rh * (np > nn ? np : nn) + gap + 5 * lh;
    } else {
        double rh = single ? 7.5 : 9;
        switch (c->var.results) {
        case RD_RES_TRANSPOSED: h = 9 + 2 * rh + 1 + lh; break;
        case RD_RES_LINES_TERM: h = 4 * lh; break;
        case RD_RES_LINES_KIND: h = 3 * lh; break;
        default: h = 11 + 3 * rh;
        }
        h += gap + (c->var.results_pair ? 1 : 2) * lh;
    }
    return single ? h : h + 3;
}

/* ---- remark and approval ------------------------------------------------- */

double rd_remark(rd_ctx *c, const hb_record *r, double x, double y, double w,
                 double box_h)
{
    const char *title = c->var.on ? c->var.remark_title
                                  : "NHẬN XÉT CỦA GIÁO VIÊN CHỦ NHIỆM";
    int upper = strcmp(title, "Nhận xét của giáo viên chủ nhiệm") != 0 &&
                strcmp(title, "Nhận xét của GVCN") != 0;
    rd_label(c, title, x, y, w, 7, RD_CENTER, c->st.label_pt,
             upper ? RD_BOLD : RD_BOLD | RD_ITALIC);
    y += 7;
    if (c->var.remark_lines) {
        /* no box: three dotted lines to write on */
        double step = (box_h - 7) / 3;
        for (int i = 1; i <= 3; i++)
            rd_leader(c, x + 1, x + w - 1, y + step * i - 0.8);
    } else {
        rd_frame(c, x, y, w, box_h);
    }
    rd_value(c, &r->year.nhan_xet_gvcn, r->year.nhan_xet_gvcn.value, x + 1,
             y + 0.5, w - 2, box_h - 7, RD_LEFT, RD_WRAP);
    rd_label(c, "(Ký và ghi rõ họ tên)", x + w * 0.45, y + box_h - 6.5,
             w * 0.55, 6, RD_CENTER, 9, RD_ITALIC);
    return y + box_h + 2;
}

double rd_approval(rd_ctx *c, const hb_record *r, double x, double y,
                   double w, double sign_h)
{
    int tt27 = rd_family(r) == HB_FAMILY_TT27;
    const char *title = c->var.on ? c->var.approval_title
                        : tt27    ? "XÁC NHẬN CỦA HIỆU TRƯỞNG"
                                  : "PHÊ DUYỆT CỦA HIỆU TRƯỞNG";
    rd_label(c, title, x, y, w, 7, RD_CENTER, c->st.label_pt, RD_BOLD);
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
