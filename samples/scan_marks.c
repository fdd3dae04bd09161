/*
 * scan_marks.c - the school's round red stamp and the principal's signature.
 *
 * On every year page of a học bạ the principal (hiệu trưởng) signs the
 * approval ("Xác nhận của Hiệu trưởng") and presses the school's round red
 * seal over the left part of the signature, across the printed title and
 * name.  That ink over the text is one of the hardest things a reader of real
 * books meets, so synthetic books carry it too.
 *
 * Both marks are drawn with cairo (and pango for the seal's ring of text)
 * into a small transparent surface, whose coverage is then pressed onto the
 * page multiplicatively, as ink on paper darkens what is under it.  The seal
 * is patchy (a rubber stamp never inks evenly).
 */
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "scan.h"
#include "scan_rng.h"

enum { STREAM_STAMP = 11, STREAM_SIGNATURE };

/* Upper case, as seals are cut (Unicode case mapping of each code point:
 * "Trường" -> "TRƯỜNG").  NULL on bad UTF-8 or no memory. */
static char *upper_utf8(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(n * 4 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    while (*p) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
        if (k <= 0) {
            free(out);
            return NULL;
        }
        o += (size_t)utf8proc_encode_char(utf8proc_toupper(cp), (utf8proc_uint8_t *)out + o);
        p += k;
    }
    out[o] = '\0';
    return out;
}

/* Presses the coverage of `s` (alpha) onto `pix` at (x0, y0) in ink `rgb`
 * with `opacity`; `patchy` > 0 thins the ink in random soft patches. */
static void press(PIX *pix, cairo_surface_t *s, int x0, int y0, const int rgb[3],
                  double opacity, double patchy, scan_rng *r)
{
    cairo_surface_flush(s);
    int sw = cairo_image_surface_get_width(s), sh = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *sd = cairo_image_surface_get_data(s);
    int w = pixGetWidth(pix), h = pixGetHeight(pix), wpl = pixGetWpl(pix);
    l_uint32 *data = pixGetData(pix);
    /* Patches: a coarse grid of random ink levels, interpolated. */
    enum { G = 9 };
    double grid[G][G];
    for (int i = 0; i < G; i++)
        for (int j = 0; j < G; j++)
            grid[i][j] = 1.0 - patchy * scan_rng_unit(r);
    for (int y = 0; y < sh; y++) {
        int py = y0 + y;
        if (py < 0 || py >= h)
            continue;
        const uint32_t *srow = (const uint32_t *)(const void *)(sd + (size_t)y * stride);
        l_uint32 *line = data + (size_t)py * wpl;
        double gy = (double)y / sh * (G - 1);
        int iy = (int)gy;
        if (iy >= G - 1)
            iy = G - 2;
        double fy = gy - iy;
        for (int x = 0; x < sw; x++) {
            int px = x0 + x;
            if (px < 0 || px >= w)
                continue;
            unsigned a8 = srow[x] >> 24;
            if (a8 == 0)
                continue;
            double gx = (double)x / sw * (G - 1);
            int ix = (int)gx;
            if (ix >= G - 1)
                ix = G - 2;
            double fx = gx - ix;
            double ink = (grid[iy][ix] * (1 - fx) + grid[iy][ix + 1] * fx) * (1 - fy) +
                         (grid[iy + 1][ix] * (1 - fx) + grid[iy + 1][ix + 1] * fx) * fy;
            double a = a8 / 255.0 * opacity * ink;
            l_uint32 v = line[px];
            int c[3] = {(int)((v >> L_RED_SHIFT) & 0xff), (int)((v >> L_GREEN_SHIFT) & 0xff),
                        (int)((v >> L_BLUE_SHIFT) & 0xff)};
            for (int k = 0; k < 3; k++)
                c[k] = (int)lround(c[k] * (1.0 - a * (1.0 - rgb[k] / 255.0)));
            line[px] = ((l_uint32)c[0] << L_RED_SHIFT) | ((l_uint32)c[1] << L_GREEN_SHIFT) |
                       ((l_uint32)c[2] << L_BLUE_SHIFT);
        }
    }
}

/* One character of the ring text at angle `theta` (0 = top, clockwise),
 * its baseline on radius `rad` around (cx, cy). */
static void ring_char(cairo_t *cr, PangoLayout *lay, const char *ch, size_t len,
                      double cx, double cy, double rad, double theta)
{
    pango_layout_set_text(lay, ch, (int)len);
    int pw, ph;
    pango_layout_get_pixel_size(lay, &pw, &ph);
    int baseline = pango_layout_get_baseline(lay) / PANGO_SCALE;
    cairo_save(cr);
    cairo_translate(cr, cx, cy);
    cairo_rotate(cr, theta);
    cairo_move_to(cr, -pw / 2.0, -rad - baseline);
    pango_cairo_show_layout(cr, lay);
    cairo_restore(cr);
}

/* Advance widths of each code point of `s` in `lay`; returns the count. */
static size_t ring_measure(PangoLayout *lay, const char *s, double *adv, size_t max)
{
    size_t n = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    while (*p && n < max) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
        if (k <= 0)
            break;
        pango_layout_set_text(lay, (const char *)p, (int)k);
        int pw, ph;
        pango_layout_get_pixel_size(lay, &pw, &ph);
        /* A lone space measures narrow; seals space words generously. */
        adv[n++] = cp == ' ' ? pango_font_description_get_size(
                                   pango_layout_get_font_description(lay)) /
                                   (double)PANGO_SCALE * 0.55
                             : pw;
        p += k;
    }
    return n;
}

static void star_path(cairo_t *cr, double cx, double cy, double r)
{
    for (int i = 0; i < 10; i++) {
        double a = -M_PI / 2 + i * M_PI / 5, rr = (i % 2) ? r * 0.40 : r;
        double x = cx + rr * cos(a), y = cy + rr * sin(a);
        if (i == 0)
            cairo_move_to(cr, x, y);
        else
            cairo_line_to(cr, x, y);
    }
    cairo_close_path(cr);
}

/* The seal: a thick outer ring, a thin inner ring, the school's name around
 * between them, a star in the middle. */
static int stamp_draw(PIX *pix, const scan_opts *o, const scan_params *p, hb_err *e)
{
    scan_rng r = scan_rng_make(((uint64_t)o->seed << 20) ^ o->page, STREAM_STAMP);
    int R = p->stamp_r, size = 2 * R + 8;
    char *text = upper_utf8(o->stamp_text && *o->stamp_text ? o->stamp_text : "Trường");
    if (!text)
        return err_set(e, HB_EFORMAT, "scan: stamp text is not valid UTF-8");
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, size, size);
    cairo_t *cr = cairo_create(s);
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
        cairo_destroy(cr);
        cairo_surface_destroy(s);
        free(text);
        return err_set(e, HB_ENOMEM, "scan: stamp surface: out of memory");
    }
    double c = size / 2.0;
    cairo_translate(cr, c, c);
    cairo_rotate(cr, p->stamp_angle);
    cairo_translate(cr, -c, -c);
    cairo_set_source_rgba(cr, 0, 0, 0, 1);
    cairo_set_line_width(cr, R * 0.045);
    cairo_arc(cr, c, c, R * 0.975, 0, 2 * M_PI);
    cairo_stroke(cr);
    cairo_set_line_width(cr, R * 0.018);
    cairo_arc(cr, c, c, R * 0.66, 0, 2 * M_PI);
    cairo_stroke(cr);
    star_path(cr, c, c, R * 0.26);
    cairo_fill(cr);

    PangoLayout *lay = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string("DejaVu Sans Bold");
    double font = R * 0.17, text_r = R * 0.72;
    size_t max = strlen(text) + 1;
    double *adv = malloc(sizeof(double) * max);
    if (!adv) {
        pango_font_description_free(fd);
        g_object_unref(lay);
        cairo_destroy(cr);
        cairo_surface_destroy(s);
        free(text);
        return err_set(e, HB_ENOMEM, "scan: stamp text: out of memory");
    }
    /* Shrink the type until the name (plus a separator gap) fits 330°. */
    size_t n = 0;
    double total = 0, gap = 0;
    for (int tries = 0; tries < 8; tries++) {
        pango_font_description_set_absolute_size(fd, font * PANGO_SCALE);
        pango_layout_set_font_description(lay, fd);
        n = ring_measure(lay, text, adv, max);
        total = 0;
        for (size_t i = 0; i < n; i++)
            total += adv[i];
        gap = font * 0.18;
        total += gap * (n ? n - 1 : 0);
        if (total / text_r <= 330.0 * M_PI / 180.0)
            break;
        font *= 0.88;
    }
    /* Centre the name on the top of the ring. */
    double theta = -total / text_r / 2.0;
    const char *q = text;
    for (size_t i = 0; i < n; i++) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)q, -1, &cp);
        double mid = theta + adv[i] / 2.0 / text_r;
        ring_char(cr, lay, q, (size_t)k, c, c, text_r, mid);
        theta += (adv[i] + gap) / text_r;
        q += k;
    }
    free(adv);
    pango_font_description_free(fd);
    g_object_unref(lay);
    cairo_destroy(cr);

    static const int red[3] = {200, 30, 45};
    double patchy = o->level == SCAN_HARD ? 0.55 : o->level == SCAN_TYPICAL ? 0.35 : 0.15;
    press(pix, s, p->stamp_x - size / 2, p->stamp_y - size / 2, red, p->stamp_ink, patchy, &r);
    cairo_surface_destroy(s);
    free(text);
    return 0;
}

/* The signature: a fast ballpoint scrawl, drawn as a trochoid (the curve of
 * a point on a rolling wheel, which loops like cursive handwriting) with
 * loops of random height rising to the right, then a flourish back under
 * them.  Pen pressure varies from loop to loop. */
static int signature_draw(PIX *pix, const scan_opts *o, const scan_params *p, hb_err *e)
{
    scan_rng r = scan_rng_make(((uint64_t)o->seed << 20) ^ o->page, STREAM_SIGNATURE);
    int pad = 10, sw = p->sig_w + 2 * pad, sh = p->sig_h + 2 * pad;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, sw, sh);
    cairo_t *cr = cairo_create(s);
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
        cairo_destroy(cr);
        cairo_surface_destroy(s);
        return err_set(e, HB_ENOMEM, "scan: signature surface: out of memory");
    }
    double pen = p->src_dpi * 0.45 / 25.4; /* a 0.45 mm ballpoint line */
    cairo_set_source_rgba(cr, 0, 0, 0, 1);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    double W = p->sig_w, H = p->sig_h;
    enum { MAXL = 8, STEPS = 24 };
    int loops = scan_rng_int(&r, 3, 6);
    double amp[MAXL + 1], wid[MAXL];
    for (int i = 0; i <= loops; i++)
        amp[i] = H * scan_rng_range(&r, 0.15, 0.5);
    for (int i = 0; i < loops; i++)
        wid[i] = pen * scan_rng_range(&r, 0.7, 1.25);
    double advance = W * 0.75 / (2 * M_PI * loops);
    double back = advance * scan_rng_range(&r, 1.3, 2.2); /* > advance: loops */
    double rise = H * scan_rng_range(&r, 0.0, 0.3), mid = pad + H * 0.6;
    double x = 0, y = 0;
    for (int i = 0; i < loops; i++) {
        cairo_set_line_width(cr, wid[i]);
        for (int k = 0; k <= STEPS; k++) {
            double t = 2 * M_PI * (i + (double)k / STEPS), u = t / (2 * M_PI * loops);
            double a = amp[i] + (amp[i + 1] - amp[i]) * k / STEPS;
            x = pad + W * 0.05 + advance * t - back * sin(t);
            y = mid - rise * u - a * (1 - cos(t)) * 0.9;
            if (k == 0)
                cairo_move_to(cr, x, y);
            else
                cairo_line_to(cr, x, y);
        }
        cairo_stroke(cr);
    }
    /* The flourish: one long stroke from the last loop back under them. */
    cairo_set_line_width(cr, pen * 0.8);
    cairo_move_to(cr, x, y);
    cairo_curve_to(cr, x + W * 0.12, y + H * 0.35, pad + W * 0.5, pad + H * 1.0,
                   pad + W * scan_rng_range(&r, 0.0, 0.15), pad + H * scan_rng_range(&r, 0.75, 0.95));
    cairo_stroke(cr);
    cairo_destroy(cr);
    static const int blue[3] = {25, 45, 150}, black[3] = {30, 30, 40};
    press(pix, s, p->sig_x - pad, p->sig_y - pad, p->sig_blue ? blue : black, 0.92, 0.1, &r);
    cairo_surface_destroy(s);
    return 0;
}

int scan_draw_marks(PIX *pix, const scan_opts *o, const scan_params *p, hb_err *e)
{
    if (!pix || pixGetDepth(pix) != 32)
        return err_set(e, HB_EUSAGE, "scan: marks need a 32 bpp page");
    /* The signature first: the seal is pressed after signing. */
    if (p->signature && signature_draw(pix, o, p, e) != 0)
        return -1;
    if (p->stamp && stamp_draw(pix, o, p, e) != 0)
        return -1;
    return 0;
}
