/*
 * render_layout.c - the look of a book (drawn once from the seed), ruling
 * lines, how values are written, and the lines every page repeats.
 *
 * Real books differ from school to school and year to year: printers use
 * other fonts and column widths, some write "Học kì" and others "Học kỳ"
 * (both are correct spellings), decimal marks are commas or points, some
 * forms keep the re-assessment column and some do not.  Seed 0 is the plain
 * standard look; any other seed draws one variant of each.  Larger changes
 * of layout (wordings, arrangements, columns) are render_variant.c's.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "render_internal.h"

#define COUNT(a) ((int)(sizeof(a) / sizeof *(a)))

/* Fonts installed from Debian packages that cover Vietnamese (fc-list
 * ':charset=1ec7 1ea1 0111 01b0'). */
static const char *const serif_fonts[] = { "Liberation Serif", "DejaVu Serif",
                                           "Noto Serif" };
static const char *const sans_fonts[] = { "Liberation Sans", "DejaVu Sans",
                                          "Noto Sans" };
/* Handwriting fonts (fonts-dancingscript, fonts-dkg-handwriting,
 * fonts-breip, fonts-humor-sans): digits and Latin letters only. */
static const char *const hand_fonts[] = { "Dancing Script", "DkgHandwriting",
                                          "Breip", "Humor Sans" };
/* Their stand-ins for values with Vietnamese letters, used in italic. */
static const char *const viet_hands[] = { "Noto Serif", "DejaVu Serif",
                                          "Liberation Serif", "Noto Sans" };

void rd_style_init(rd_ctx *c)
{
    rd_style *s = &c->st;
    *s = (rd_style){
        .form_font = "Liberation Serif",
        .value_font = "Liberation Serif",
        .label_pt = 11,
        .value_pt = 11.5,
        .comma = 1, /* Vietnamese writes decimals with a comma */
        .dgl_column = 1,
        .row_h = 8.0,
        .margin_l = 20,
        .table_w = 170,
        .col_f = { 1, 1, 1, 1, 1, 1, 1, 1 },
        .line_w = 0.12, /* 1.4 px at 300 dpi */
        .hand_font = "Dancing Script",
        .hand_alt = "DkgHandwriting",
        .hand_viet = "Noto Serif",
        .ink = { 0.08, 0.16, 0.55 },
        .hand_pt = 14,
    };
    rd_variant_init(&c->var, c->layout);
    c->rng.s = 0x7a11e5ull ^ ((uint64_t)c->seed * 0x9e3779b97f4a7c15ull);
    c->hand.s = 0x4a4d0ull ^ ((uint64_t)c->seed * 0xd1b54a32d192ed03ull);
    if (c->seed == 0)
        return;
    rd_rng *r = &c->rng;
    s->form_font = rd_unit(r) < 0.7 ? serif_fonts[rd_int(r, 0, 2)]
                                    : sans_fonts[rd_int(r, 0, 2)];
    s->value_font = rd_unit(r) < 0.6 ? s->form_font
                    : rd_unit(r) < 0.5 ? serif_fonts[rd_int(r, 0, 2)]
                                       : sans_fonts[rd_int(r, 0, 2)];
    s->label_pt = rd_range(r, 10, 11.5);
    s->value_pt = rd_range(r, 10.5, 12.5);
    s->comma = rd_unit(r) < 0.65;
    s->hoc_ki = rd_unit(r) < 0.5;
    s->short_heads = rd_unit(r) < 0.3;
    s->dgl_column = rd_unit(r) < 0.75;
    s->leaders = rd_unit(r) < 0.4;
    s->date_style = rd_int(r, 0, 2);
    s->row_h = rd_range(r, 7.0, 9.5);
    s->margin_l = rd_range(r, 14, 24);
    s->table_w = rd_range(r, 165, 196 - s->margin_l);
    for (int i = 0; i < 8; i++)
        s->col_f[i] = rd_range(r, 0.85, 1.18);
    s->swaps = rd_int(r, 0, 2);
    s->line_w = rd_range(r, 0.09, 0.16); /* 1.1-1.9 px at 300 dpi */
    int h = rd_int(r, 0, COUNT(hand_fonts) - 1);
    s->hand_font = hand_fonts[h];
    s->hand_alt = hand_fonts[(h + rd_int(r, 1, COUNT(hand_fonts) - 1)) %
                             COUNT(hand_fonts)];
    s->hand_viet = viet_hands[rd_int(r, 0, COUNT(viet_hands) - 1)];
    if (rd_unit(r) < 0.5) { /* blue ballpoint or black ink */
        s->ink[0] = rd_range(r, 0.02, 0.15);
        s->ink[1] = rd_range(r, 0.1, 0.25);
        s->ink[2] = rd_range(r, 0.45, 0.7);
    } else {
        s->ink[0] = s->ink[1] = s->ink[2] = rd_range(r, 0.05, 0.2);
    }
    s->hand_pt = rd_range(r, 13, 16);
}

/* ---- ruling ----------------------------------------------------------- */

/* On a raster page a line is snapped to whole pixels so that it is a crisp
 * 1-2 px rule, as printed forms scan, not a grey antialiased smear. */
static double snap(rd_ctx *c, double v, double w)
{
    if (!c->dpi)
        return v;
    double px = c->dpi / 25.4;
    int k = (int)lround(w * px);
    if (k < 1)
        k = 1;
    return (floor(v * px) + (k % 2 ? 0.5 : 0.0)) / px;
}

static double snap_w(rd_ctx *c, double w)
{
    if (!c->dpi)
        return w;
    double px = c->dpi / 25.4;
    int k = (int)lround(w * px);
    return (k < 1 ? 1 : k) / px;
}

void rd_hline(rd_ctx *c, double x0, double x1, double y, double w)
{
    cairo_t *cr = c->cr;
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, snap_w(c, w));
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_SQUARE);
    y = snap(c, y, w);
    cairo_move_to(cr, x0, y);
    cairo_line_to(cr, x1, y);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void rd_vline(rd_ctx *c, double x, double y0, double y1, double w)
{
    cairo_t *cr = c->cr;
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, snap_w(c, w));
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_SQUARE);
    x = snap(c, x, w);
    cairo_move_to(cr, x, y0);
    cairo_line_to(cr, x, y1);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void rd_frame(rd_ctx *c, double x, double y, double w, double h)
{
    double lw = c->st.line_w * 1.4;
    rd_hline(c, x, x + w, y, lw);
    rd_hline(c, x, x + w, y + h, lw);
    rd_vline(c, x, y, y + h, lw);
    rd_vline(c, x + w, y, y + h, lw);
}

void rd_table_frame(rd_ctx *c, double x, double y, double w, double h)
{
    double lw = c->st.line_w * 1.4;
    if (!(c->no_frame & RENDER_OPEN_TOP))
        rd_hline(c, x, x + w, y, lw);
    if (!(c->no_frame & RENDER_OPEN_BOTTOM))
        rd_hline(c, x, x + w, y + h, lw);
    if (!(c->no_frame & RENDER_OPEN_LEFT))
        rd_vline(c, x, y, y + h, lw);
    if (!(c->no_frame & RENDER_OPEN_RIGHT))
        rd_vline(c, x + w, y, y + h, lw);
}

void rd_leader(rd_ctx *c, double x0, double x1, double y)
{
    if (x1 <= x0)
        return;
    cairo_t *cr = c->cr;
    double dash[2] = { 0, 0.9 };
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    cairo_set_line_width(cr, 0.22);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_dash(cr, dash, 2, 0);
    cairo_move_to(cr, x0, y);
    cairo_line_to(cr, x1, y);
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* ---- values as written ------------------------------------------------ */

const char *rd_fmt_score(rd_ctx *c, const char *v, char *buf, size_t size)
{
    if (!v)
        return NULL;
    snprintf(buf, size, "%s", v);
    if (c->st.comma)
        for (char *p = buf; *p; p++)
            if (*p == '.' && p > buf && p[-1] >= '0' && p[-1] <= '9' &&
                p[1] >= '0' && p[1] <= '9')
                *p = ',';
    return buf;
}

const char *rd_fmt_date(rd_ctx *c, const char *iso, char *buf, size_t size)
{
    int y, m, d, n = 0;
    if (!iso)
        return NULL;
    if (sscanf(iso, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || iso[n] != '\0') {
        snprintf(buf, size, "%s", iso); /* not a date: print it as it is */
        return buf;
    }
    switch (c->st.date_style) {
    case 1:
        snprintf(buf, size, "%d/%d/%04d", d, m, y);
        break;
    case 2:
        snprintf(buf, size, "%02d-%02d-%04d", d, m, y);
        break;
    default:
        snprintf(buf, size, "%02d/%02d/%04d", d, m, y);
    }
    return buf;
}

hb_family rd_family(const hb_record *r)
{
    hb_family f = record_family(r);
    if (f == HB_FAMILY_TT58 || f == HB_FAMILY_TT22 || f == HB_FAMILY_TT27)
        return f;
    if (f == HB_FAMILY_TT30)
        return HB_FAMILY_TT27; /* same shape of page: levels and tests */
    return strcmp(rd_level(r), "TH") == 0 ? HB_FAMILY_TT27 : HB_FAMILY_TT58;
}

const char *rd_level(const hb_record *r)
{
    const char *v = r->year.cap_hoc.value;
    if (v && (!strcmp(v, "TH") || !strcmp(v, "THCS") || !strcmp(v, "THPT")))
        return v;
    const char *lv = r->year.lop.value ? catalog_level_for_grade(atoi(r->year.lop.value))
                                       : NULL;
    return lv ? lv : "THCS";
}

const char *rd_place(const hb_record *r)
{
    const char *t = r->school.tinh.value;
    if (!t || !*t)
        return "";
    if (!strncmp(t, "Thành phố ", strlen("Thành phố ")))
        return t + strlen("Thành phố ");
    if (!strncmp(t, "Tỉnh ", strlen("Tỉnh ")))
        return t + strlen("Tỉnh ");
    return t;
}

/* ---- the date line -------------------------------------------------- */

double rd_date_line(rd_ctx *c, const char *place, const hb_field *date,
                    double x, double y, double w)
{
    int yy = 0, mm = 0, dd = 0, n = 0;
    const char *v = date ? date->value : NULL;
    int iso = v && sscanf(v, "%4d-%2d-%2d%n", &yy, &mm, &dd, &n) == 3 &&
              v[n] == '\0';
    double pt = c->st.label_pt, h = 7;
    char head[128];
    snprintf(head, sizeof head, "%s%sngày", place, *place ? ", " : "");
    const double sd = 8, sm = 8, sy = 13; /* slots for day, month, year */
    double total = rd_text_width(c, head, pt, RD_ITALIC) +
                   rd_text_width(c, "tháng", pt, RD_ITALIC) +
                   rd_text_width(c, "năm", pt, RD_ITALIC) + sd + sm + sy + 4;
    double cx = x + (w - total) / 2;
    if (cx < x)
        cx = x;
    if (!v || !*v || !iso) {
        /* an empty or unparsable date: the form's dotted slots, and the
         * text as it is (if any) over them */
        double e = rd_label(c, head, cx, y, w, h, RD_LEFT, pt, RD_ITALIC | RD_NOSHRINK);
        rd_leader(c, e + 0.5, e + sd, y + h * 0.75);
        e = rd_label(c, "tháng", e + sd, y, 30, h, RD_LEFT, pt, RD_ITALIC | RD_NOSHRINK);
        rd_leader(c, e + 0.5, e + sm, y + h * 0.75);
        e = rd_label(c, "năm", e + sm, y, 30, h, RD_LEFT, pt, RD_ITALIC | RD_NOSHRINK);
        rd_leader(c, e + 0.5, e + sy, y + h * 0.75);
        if (v && *v)
            rd_value(c, date, v, cx, y + h, w, h, RD_CENTER, 0);
        return y + (v && *v ? 2 * h : h);
    }
    char sdd[8], smm[8], syy[8];
    snprintf(sdd, sizeof sdd, c->st.date_style == 2 ? "%02d" : "%d", dd);
    snprintf(smm, sizeof smm, c->st.date_style == 2 ? "%02d" : "%d", mm);
    snprintf(syy, sizeof syy, "%d", yy);
    hb_box b = { 0, 0, 0, 0 };
    double e = rd_label(c, head, cx, y, w, h, RD_LEFT, pt, RD_ITALIC | RD_NOSHRINK);
    if (c->handwritten)
        rd_leader(c, e + 0.5, e + sd, y + h * 0.75);
    b = rd_box_union(b, rd_value(c, NULL, sdd, e, y, sd, h, RD_CENTER, 0));
    e = rd_label(c, "tháng", e + sd, y, 30, h, RD_LEFT, pt, RD_ITALIC | RD_NOSHRINK);
    if (c->handwritten)
        rd_leader(c, e + 0.5, e + sm, y + h * 0.75);
    b = rd_box_union(b, rd_value(c, NULL, smm, e, y, sm, h, RD_CENTER, 0));
    e = rd_label(c, "năm", e + sm, y, 30, h, RD_LEFT, pt, RD_ITALIC | RD_NOSHRINK);
    if (c->handwritten)
        rd_leader(c, e + 0.5, e + sy, y + h * 0.75);
    b = rd_box_union(b, rd_value(c, NULL, syy, e, y, sy, h, RD_CENTER, 0));
    rd_add_box(c, date, b);
    return y + h;
}
