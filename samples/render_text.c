/*
 * render_text.c - text on the page: form labels, typed values, handwriting,
 * and the box of every value drawn (the layout truth).
 *
 * Pango shapes the text (HarfBuzz places the stacked Vietnamese tone marks
 * of "ệ", "ở", "ữ" correctly) and cairo draws it.  No handwriting font in
 * Debian covers Vietnamese: Dancing Script, DkgHandwriting and Breip stop
 * at Latin-1 (they have "â", "ê", "ô" but no "ư", "ơ", "đ", "ạ", "ễ"), and
 * Humor Sans has plain ASCII only.  A value those fonts cannot write whole
 * (a name, "Đ", a remark) is written in an italic face that covers
 * Vietnamese instead, with the same ink and jitter, so that no value ever
 * shows a missing-glyph box ("tofu") and no word mixes two fonts.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render_internal.h"

PangoContext *rd_pango_context(PangoFontMap **fm)
{
    /* A private font map per book instead of pango's per-thread default
     * one, so that rendering keeps no state between calls. */
    *fm = pango_cairo_font_map_new();
    PangoContext *pc = pango_font_map_create_context(*fm);
    pango_cairo_context_set_resolution(pc, 25.4); /* points in mm space */
    /* Unhinted metrics: the layout in millimetres is then the same at every
     * resolution and in the PDF, so boxes do not depend on the dpi. */
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(pc, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_round_glyph_positions(pc, FALSE);
    pango_context_set_language(pc, pango_language_from_string("vi"));
    return pc;
}

static PangoLayout *layout_new(rd_ctx *c, const char *text, const char *family,
                               double pt, int flags, double wrap_w, int align,
                               int fallback)
{
    PangoLayout *l = pango_layout_new(c->pc);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, family);
    pango_font_description_set_size(fd, (gint)(pt * PANGO_SCALE + 0.5));
    if (flags & RD_BOLD)
        pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    if (flags & RD_ITALIC)
        pango_font_description_set_style(fd, PANGO_STYLE_ITALIC);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(l, text, -1);
    if (wrap_w > 0) {
        pango_layout_set_width(l, (int)(wrap_w * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_alignment(l, align == RD_CENTER  ? PANGO_ALIGN_CENTER
                                      : align == RD_RIGHT ? PANGO_ALIGN_RIGHT
                                                          : PANGO_ALIGN_LEFT);
    }
    if (!fallback) {
        PangoAttrList *at = pango_attr_list_new();
        pango_attr_list_insert(at, pango_attr_fallback_new(FALSE));
        pango_layout_set_attributes(l, at);
        pango_attr_list_unref(at);
    }
    return l;
}

/* Nonzero when `family` alone has every glyph of `text`. */
static int font_covers(rd_ctx *c, const char *text, const char *family,
                       int flags)
{
    PangoLayout *l = layout_new(c, text, family, 12, flags, -1, RD_LEFT, 0);
    int unknown = pango_layout_get_unknown_glyphs_count(l);
    g_object_unref(l);
    return unknown == 0;
}

hb_box rd_box_union(hb_box a, hb_box b)
{
    if (a.w <= 0 || a.h <= 0)
        return b;
    if (b.w <= 0 || b.h <= 0)
        return a;
    int x0 = a.x < b.x ? a.x : b.x, y0 = a.y < b.y ? a.y : b.y;
    int x1 = a.x + a.w > b.x + b.w ? a.x + a.w : b.x + b.w;
    int y1 = a.y + a.h > b.y + b.h ? a.y + a.h : b.y + b.h;
    return (hb_box){ x0, y0, x1 - x0, y1 - y0 };
}

/* The device box of a user-space rectangle under the current transform,
 * clipped to the page. */
static hb_box device_box(rd_ctx *c, double x, double y, double w, double h)
{
    double xs[4] = { x, x + w, x, x + w }, ys[4] = { y, y, y + h, y + h };
    double x0 = 1e30, y0 = 1e30, x1 = -1e30, y1 = -1e30;
    for (int i = 0; i < 4; i++) {
        cairo_user_to_device(c->cr, &xs[i], &ys[i]);
        x0 = fmin(x0, xs[i]);
        y0 = fmin(y0, ys[i]);
        x1 = fmax(x1, xs[i]);
        y1 = fmax(y1, ys[i]);
    }
    double pw = c->dpi ? RD_PAGE_W / 25.4 * c->dpi : RD_PAGE_W * 72 / 25.4;
    double ph = c->dpi ? RD_PAGE_H / 25.4 * c->dpi : RD_PAGE_H * 72 / 25.4;
    x0 = fmax(0, floor(x0));
    y0 = fmax(0, floor(y0));
    x1 = fmin(floor(pw), ceil(x1));
    y1 = fmin(floor(ph), ceil(y1));
    if (x1 <= x0 || y1 <= y0)
        return (hb_box){ 0, 0, 0, 0 };
    return (hb_box){ (int)x0, (int)y0, (int)(x1 - x0), (int)(y1 - y0) };
}

void rd_add_box(rd_ctx *c, const hb_field *f, hb_box b)
{
    if (!c->dpi || !f || b.w <= 0)
        return;
    if (c->n_drawn == c->cap_drawn) {
        size_t cap = c->cap_drawn ? 2 * c->cap_drawn : 128;
        rd_drawn *d = realloc(c->drawn, cap * sizeof *d);
        if (!d) {
            c->failed = 1;
            return;
        }
        c->drawn = d;
        c->cap_drawn = cap;
    }
    c->drawn[c->n_drawn++] = (rd_drawn){ f, c->rec, c->page, b };
}

typedef struct pen {
    const char *family;
    double pt;
    int flags;
    int hand;          /* jitter, slant and ink */
    double rgb[3];
} pen;

/* Draws `text` in the box; returns its device box and the user-space x
 * where it ends (for "label: value" lines). */
static hb_box draw_text(rd_ctx *c, const char *text, pen p, double x, double y,
                        double w, double h, int align, double *x_end)
{
    double pad = w > 6 ? 1.0 : 0.3;
    double aw = w - 2 * pad;
    int wrap = (p.flags & RD_WRAP) != 0;
    PangoLayout *l = NULL;
    PangoRectangle ink, lg;
    double pt = p.pt;
    for (int tries = 0;; tries++) {
        l = layout_new(c, text, p.family, pt, p.flags, wrap ? aw : -1, align, 1);
        pango_layout_get_extents(l, &ink, &lg);
        double tw = (double)lg.width / PANGO_SCALE;
        double th = (double)lg.height / PANGO_SCALE;
        if ((tw <= aw + 0.01 && th <= h - 0.8) || (p.flags & RD_NOSHRINK) ||
            tries >= 7)
            break;
        g_object_unref(l);
        pt *= 0.9;
    }
    c->tofu += pango_layout_get_unknown_glyphs_count(l) > 0;

    double lx = (double)lg.x / PANGO_SCALE, ly = (double)lg.y / PANGO_SCALE;
    double tw = (double)lg.width / PANGO_SCALE, th = (double)lg.height / PANGO_SCALE;
    /* where the layout's origin goes */
    double ox, oy = y + (h - th) / 2 - ly;
    if (wrap)
        ox = x + pad;
    else if (align == RD_CENTER)
        ox = x + (w - tw) / 2 - lx;
    else if (align == RD_RIGHT)
        ox = x + w - pad - tw - lx;
    else
        ox = x + pad - lx;

    cairo_t *cr = c->cr;
    cairo_save(cr);
    cairo_set_source_rgb(cr, p.rgb[0], p.rgb[1], p.rgb[2]);
    if (p.hand) {
        /* a hand never sits exactly in the middle of a cell: shift within
         * the cell's slack, tilt a little, slant to the right */
        double slack_x = fmax(0, (aw - tw) / 2), slack_y = fmax(0, (h - th) / 2);
        double dx = align == RD_LEFT ? rd_range(&c->hand, 0, fmin(2.5, 2 * slack_x))
                                     : rd_range(&c->hand, -1, 1) * fmin(1.5, slack_x);
        double dy = rd_range(&c->hand, -1, 1) * fmin(0.8, slack_y + 0.3);
        double rot = rd_range(&c->hand, -2.2, 2.2) * M_PI / 180;
        double shear = rd_range(&c->hand, -0.24, 0.02);
        double cx = ox + lx + tw / 2 + dx, cy = oy + ly + th / 2 + dy;
        cairo_translate(cr, cx, cy);
        cairo_rotate(cr, rot);
        cairo_matrix_t m;
        cairo_matrix_init(&m, 1, 0, shear, 1, 0, 0);
        cairo_transform(cr, &m);
        cairo_translate(cr, -(lx + tw / 2), -(ly + th / 2));
        ox = oy = 0;
    }
    cairo_move_to(cr, ox, oy);
    pango_cairo_show_layout(cr, l);
    hb_box b = { 0, 0, 0, 0 };
    if (c->dpi) {
        double ix = (double)ink.x / PANGO_SCALE, iy = (double)ink.y / PANGO_SCALE;
        b = rd_box_union(device_box(c, ox + lx, oy + ly, tw, th),
                         device_box(c, ox + ix, oy + iy,
                                    (double)ink.width / PANGO_SCALE,
                                    (double)ink.height / PANGO_SCALE));
    }
    cairo_restore(cr);
    if (x_end)
        *x_end = wrap ? x + w : ox + lx + tw;
    g_object_unref(l);
    return b;
}

double rd_text_width(rd_ctx *c, const char *text, double pt, int flags)
{
    PangoLayout *l = layout_new(c, text, c->st.form_font, pt, flags, -1,
                                RD_LEFT, 1);
    PangoRectangle lg;
    pango_layout_get_extents(l, NULL, &lg);
    g_object_unref(l);
    return (double)lg.width / PANGO_SCALE;
}

/* Keeps a piece of form text drawn on a raster page (render_label). */
static void add_printed(rd_ctx *c, const char *text, hb_box b)
{
    if (!c->dpi || b.w <= 0)
        return;
    if (c->n_printed == c->cap_printed) {
        size_t cap = c->cap_printed ? 2 * c->cap_printed : 128;
        rd_printed *p = realloc(c->printed, cap * sizeof *p);
        if (!p) {
            c->failed = 1;
            return;
        }
        c->printed = p;
        c->cap_printed = cap;
    }
    char *t = strdup(text);
    if (!t) {
        c->failed = 1;
        return;
    }
    c->printed[c->n_printed++] = (rd_printed){ t, c->page, b };
}

double rd_label(rd_ctx *c, const char *text, double x, double y, double w,
                double h, int align, double pt, int flags)
{
    if (!text || !*text)
        return x;
    pen p = { c->st.form_font, pt, flags, 0, { 0, 0, 0 } };
    double end = x;
    hb_box b = draw_text(c, text, p, x, y, w, h, align, &end);
    add_printed(c, text, b);
    return end;
}

hb_box rd_value(rd_ctx *c, const hb_field *f, const char *text, double x,
                double y, double w, double h, int align, int flags)
{
    hb_box none = { 0, 0, 0, 0 };
    if (!text || !*text)
        return none;
    pen p = { c->st.value_font, c->st.value_pt, flags, 0, { 0, 0, 0 } };
    if (flags & RD_SMALL)
        p.pt *= 0.85;
    if (c->handwritten) {
        p.hand = 1;
        p.flags &= ~RD_BOLD;
        p.family = c->writer ? c->writer : c->st.hand_font;
        p.pt = c->st.hand_pt * rd_range(&c->hand, 0.92, 1.1) *
               (flags & RD_SMALL ? 0.85 : 1.0);
        memcpy(p.rgb, c->st.ink, sizeof p.rgb);
        if (!font_covers(c, text, p.family, p.flags)) {
            p.family = c->st.hand_viet;
            p.flags |= RD_ITALIC;
            p.pt *= 0.85; /* the italic faces run larger than the hands */
        }
    }
    hb_box b = draw_text(c, text, p, x, y, w, h, align, NULL);
    rd_add_box(c, f, b);
    return b;
}
