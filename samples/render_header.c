/*
 * render_header.c - printed labels followed by their values ("Họ và tên:
 * Nguyễn Văn An"), and the header every year page repeats: the title, the
 * regulation the book follows, then the student's name, class, school year
 * and school, arranged as the book's layout variant says.
 *
 * A label is printed by the form; its value is written after it, on the
 * same line, up to the next label or the line's end.  Some forms put no
 * colon after the label, and some put several labels on one line: both
 * leave the reader only the wording to tell label from value by.
 */
#include <stdio.h>
#include <string.h>

#include "render_internal.h"

const char *rd_lb(const rd_ctx *c, rd_lkey k, char *buf, size_t size)
{
    const rd_variant *v = &c->var;
    int colon = v->colon == 0 || (v->colon == 2 && ((v->colon_bits >> k) & 1));
    snprintf(buf, size, "%s%s", v->label[k], colon ? ":" : "");
    return buf;
}

void rd_field_line(rd_ctx *c, const char *label, const hb_field *f,
                   const char *text, double x, double y, double w, double h)
{
    double lx = rd_label(c, label, x, y, w, h, RD_LEFT, c->st.label_pt,
                         RD_NOSHRINK);
    /* a label without a colon is set off from its value by a wider blank
     * (as a typist leaves one), not by nothing */
    size_t n = strlen(label);
    double vx = lx + (n && label[n - 1] != ':' ? 2.0 : 0.6), vw = x + w - vx;
    if (c->handwritten || c->st.leaders)
        rd_leader(c, vx + 0.4, x + w - 1.5,
                  y + h / 2 + c->st.label_pt * 0.3528 * 0.42);
    if (vw > 2)
        rd_value(c, f, text, vx - 1.0, y, vw + 1.0, h, RD_LEFT, 0);
}

double rd_field_inline(rd_ctx *c, const char *label, const hb_field *f,
                       const char *text, const char *unit, double x,
                       double y, double slot, double h)
{
    /* rd_label pads a text by 1 mm on the left; the value starts 0.6 mm
     * after the label's end (rd_field_line) */
    double w = 1.0 + rd_text_width(c, label, c->st.label_pt, 0) + 2.0 + slot;
    rd_field_line(c, label, f, text, x, y, w, h);
    double end = x + w;
    if (unit && *unit) {
        double uw = rd_text_width(c, unit, c->st.label_pt, 0) + 2.0;
        end = rd_label(c, unit, end, y, uw, h, RD_LEFT, c->st.label_pt,
                       RD_NOSHRINK);
    }
    return end;
}

void rd_date_slots(rd_ctx *c, const char *label, const hb_field *date,
                   double x, double y, double w, double h)
{
    int yy = 0, mm = 0, dd = 0, n = 0;
    const char *v = date ? date->value : NULL;
    if (!v || sscanf(v, "%4d-%2d-%2d%n", &yy, &mm, &dd, &n) != 3 || v[n]) {
        /* nothing to put in the slots: the value as it is after the label */
        rd_field_line(c, label, date, v, x, y, w, h);
        return;
    }
    char sdd[8], smm[8], syy[8];
    snprintf(sdd, sizeof sdd, c->st.date_style == 2 ? "%02d" : "%d", dd);
    snprintf(smm, sizeof smm, c->st.date_style == 2 ? "%02d" : "%d", mm);
    snprintf(syy, sizeof syy, "%d", yy);
    const char *parts[3] = { sdd, smm, syy };
    const char *after[2] = { "tháng", "năm" };
    const double slot[3] = { 9, 9, 14 }; /* the form's dotted slots, mm */
    double pt = c->st.label_pt;
    hb_box b = { 0, 0, 0, 0 };
    double e = rd_label(c, label, x, y, w, h, RD_LEFT, pt, RD_NOSHRINK);
    for (int i = 0; i < 3; i++) {
        if (c->handwritten || c->st.leaders)
            rd_leader(c, e + 0.5, e + slot[i], y + h * 0.75);
        b = rd_box_union(b, rd_value(c, NULL, parts[i], e, y, slot[i], h,
                                     RD_CENTER, 0));
        if (i < 2)
            e = rd_label(c, after[i], e + slot[i], y, 30, h, RD_LEFT, pt,
                         RD_NOSHRINK);
    }
    /* one value, one box: from the day to the year */
    rd_add_box(c, date, b);
}

/* ---- the year pages' header ------------------------------------------- */

static const char *level_title(const char *lvl)
{
    if (!strcmp(lvl, "TH"))
        return "HỌC BẠ TIỂU HỌC";
    if (!strcmp(lvl, "THPT"))
        return "HỌC BẠ TRUNG HỌC PHỔ THÔNG";
    return "HỌC BẠ TRUNG HỌC CƠ SỞ";
}

/* The line under the title naming the regulation, which is how a reader
 * tells the families apart: "(Đánh giá theo Thông tư số 22/2021/TT-BGDĐT)"
 * on the standard forms, "(Ban hành kèm theo Thông tư ...)" on others,
 * nothing on some older printings (style 2). */
static const char *regulation_line(const hb_record *r, int style, char *buf,
                                   size_t size)
{
    const char *num = NULL, *how = "Đánh giá theo";
    switch (record_family(r)) {
    case HB_FAMILY_TT22: num = "22/2021"; break;
    case HB_FAMILY_TT27: num = "27/2020"; break;
    case HB_FAMILY_TT30: num = "22/2016"; break;
    case HB_FAMILY_TT58:
        num = "58/2011";
        how = "Đánh giá, xếp loại theo";
        break;
    default: break;
    }
    if (!num || style == 2)
        return "";
    snprintf(buf, size, "(%s Thông tư số %s/TT-BGDĐT)",
             style == 1 ? "Ban hành kèm theo" : how, num);
    return buf;
}

/* One header field, labelled as the variant words it. */
static void header_field(rd_ctx *c, rd_lkey k, const hb_field *f, double x,
                         double y, double w)
{
    char lb[96];
    rd_field_line(c, rd_lb(c, k, lb, sizeof lb), f, f->value, x, y, w, 8);
}

double rd_year_header(rd_ctx *c, const hb_record *r, double y)
{
    const rd_variant *v = &c->var;
    double x = c->st.margin_l, w = c->st.table_w;
    const hb_field *name = &r->student.ho_ten, *lop = &r->year.lop,
                   *nam = &r->year.nam_hoc, *sch = &r->school.ten_truong;
    if (v->header == RD_HDR_TOP) {
        /* the school and the year in a band above the title */
        double ws = w * (v->hdr_f[0] + v->hdr_f[1]);
        header_field(c, RD_L_SCHOOL, sch, x, y, ws);
        header_field(c, RD_L_YEAR, nam, x + ws, y, w - ws);
        y += 9;
    }
    char reg[96];
    rd_label(c, level_title(rd_level(r)), x, y, w, 7, RD_CENTER, 13, RD_BOLD);
    rd_label(c, regulation_line(r, v->regulation, reg, sizeof reg), x,
             y + 6.5, w, 5, RD_CENTER, 9.5, RD_ITALIC);
    y += 13;
    double wn = w * v->hdr_f[0], wl = w * v->hdr_f[1];
    switch (v->header) {
    case RD_HDR_THREE:
        header_field(c, RD_L_NAME, name, x, y, w);
        y += 8;
        header_field(c, RD_L_CLASS, lop, x, y, wn);
        header_field(c, RD_L_YEAR, nam, x + wn, y, w - wn);
        y += 8;
        header_field(c, RD_L_SCHOOL, sch, x, y, w);
        break;
    case RD_HDR_TOP:
        header_field(c, RD_L_NAME, name, x, y, wn + wl);
        header_field(c, RD_L_CLASS, lop, x + wn + wl, y, w - wn - wl);
        break;
    case RD_HDR_PAIRS:
        header_field(c, RD_L_NAME, name, x, y, wn + wl);
        header_field(c, RD_L_CLASS, lop, x + wn + wl, y, w - wn - wl);
        y += 8;
        header_field(c, RD_L_SCHOOL, sch, x, y, wn + wl);
        header_field(c, RD_L_YEAR, nam, x + wn + wl, y, w - wn - wl);
        break;
    case RD_HDR_LINES:
        header_field(c, RD_L_NAME, name, x, y, w);
        y += 8;
        header_field(c, RD_L_CLASS, lop, x, y, w * 0.5);
        y += 8;
        header_field(c, RD_L_YEAR, nam, x, y, w * 0.5);
        y += 8;
        header_field(c, RD_L_SCHOOL, sch, x, y, w);
        break;
    default: /* the standard forms' */
        header_field(c, RD_L_NAME, name, x, y, wn);
        header_field(c, RD_L_CLASS, lop, x + wn, y, wl);
        header_field(c, RD_L_YEAR, nam, x + wn + wl, y, w - wn - wl);
        y += 8;
        header_field(c, RD_L_SCHOOL, sch, x, y, w);
    }
    return y + 10;
}
