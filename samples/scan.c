/*
 * scan.c - the scan simulator: parameters per level, and the page pipeline.
 *
 * The order of the stages follows the physics, so that the artefacts combine
 * the way they do on a real scan:
 *   1. the paper (at the clean page's resolution): faded ink on a tinted
 *      sheet, the back page showing through, then the stamp and signature
 *      (fresh ink over the print), then the punch holes (cut through all);
 *   2. the scanner: sampling at the output dpi with a small scale error, the
 *      sheet rotated and shifted on the glass, optics blur, uneven lamp,
 *      lid-edge shadows, sensor noise and dust, then JPEG compression.
 *
 * The levels (ranges drawn uniformly per page; mm at the output dpi):
 *
 *   parameter            clean        typical             hard
 *   rotation             ±0.3°        ±1.5°               ±3° (at least 1°)
 *   shift on the glass   ±1 mm        ±3 mm               ±6 mm
 *   output dpi           300          300                 200-260
 *   scale error / axis   none         ±0.4 %              ±1.5 %
 *   blur                 none         3×3 box, 40-60 %    3×3 box 100 % or 5×5 50 %
 *   sensor noise σ       1            2.5                 6
 *   JPEG round trip      none         quality 85-90       quality 45-60
 *   lamp falloff         none         ≤ 5 %               8-20 % + 10 % vignette
 *   paper tone           252 white    240-248, warm       222-238, yellowed
 *   ink darkness kept    100 %        85-95 %             60-75 %
 *   bleed-through        none         3-5 %               8-14 %
 *   stamp opacity        0.85         0.70-0.85           0.50-0.70, patchier
 *   punch holes          never        25 % of pages       60 % of pages
 *   dark lid-edge bands  none         40 %: 1-2 edges ≤2 mm   2-4 edges, 3-8 mm
 *   glass around sheet   white        light gray          light, or dark (50 %)
 *   dust/toner specks    none         ~15                 ~300
 *
 * "typical" is meant to look like a decent office flatbed at 300 dpi scanning
 * an old book; "hard" like a worn book through a cheap copier or a phone; text
 * stays readable at every level (tests/unit/test_scan.c checks that).
 */
#include "scan.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan_rng.h"

#define MM(dpi, mm) ((int)lround((mm) * (double)(dpi) / 25.4))

/* Random streams: one per concern, so that changing one draw never moves
 * the others (see scan_rng_make). */
enum { STREAM_PARAMS = 1, STREAM_NOISE, STREAM_SPECKS, STREAM_BORDER };

int scan_level_parse(const char *s, scan_level *out)
{
    static const char *const names[] = {"clean", "typical", "hard"};
    for (int i = 0; i < 3; i++)
        if (s && strcmp(s, names[i]) == 0) {
            *out = (scan_level)i;
            return 0;
        }
    return -1;
}

const char *scan_level_name(scan_level l)
{
    switch (l) {
    case SCAN_CLEAN: return "clean";
    case SCAN_TYPICAL: return "typical";
    case SCAN_HARD: return "hard";
    }
    return "?";
}

static uint64_t page_seed(const scan_opts *o)
{
    return ((uint64_t)o->seed << 20) ^ ((uint64_t)o->page * 0x2545f4914f6cdd1dull) ^
           ((uint64_t)o->level << 8);
}

/* Where the stamp and signature go: over the approval block's title and the
 * principal's name, as a principal signs and stamps a page. */
static void draw_marks_place(const scan_opts *o, int w, int h, int src_dpi,
                             scan_rng *r, scan_params *p)
{
    hb_box a = o->approval;
    if (a.w <= 0 || a.h <= 0) {
        a.x = (int)(0.55 * w);
        a.y = (int)(0.74 * h);
        a.w = (int)(0.40 * w);
        a.h = (int)(0.20 * h);
    }
    p->signature = 1;
    p->sig_w = MM(src_dpi, scan_rng_range(r, 38, 52));
    p->sig_h = MM(src_dpi, scan_rng_range(r, 11, 17));
    p->sig_x = a.x + a.w / 2 - p->sig_w / 2 + MM(src_dpi, scan_rng_range(r, -6, 6));
    /* Low in the block: a principal signs just above the printed name. */
    p->sig_y = a.y + a.h * 62 / 100 - p->sig_h / 2 + MM(src_dpi, scan_rng_range(r, -3, 3));
    p->sig_blue = scan_rng_chance(r, 0.7);
    p->stamp = 1;
    p->stamp_r = MM(src_dpi, scan_rng_range(r, 16, 19));
    /* The stamp is pressed over the left third of the signature. */
    p->stamp_x = p->sig_x + p->sig_w / 5 + MM(src_dpi, scan_rng_range(r, -5, 5));
    p->stamp_y = p->sig_y + p->sig_h / 2 + MM(src_dpi, scan_rng_range(r, -5, 5));
    p->stamp_angle = scan_rng_range(r, -0.6, 0.6);
}

void scan_params_draw(const scan_opts *o, int w, int h, int src_dpi,
                      scan_params *p)
{
    scan_rng r = scan_rng_make(page_seed(o), STREAM_PARAMS);
    memset(p, 0, sizeof *p);
    p->src_dpi = src_dpi > 0 ? src_dpi : 300;
    p->scale_x = p->scale_y = 1.0;
    p->fade = 1.0;
    p->lid = 250;
    p->border_gray = 60;
    int out_dpi = 300;
    double shift_mm = 1, angle = 0.3;
    switch (o->level) {
    case SCAN_CLEAN:
        p->noise = 1.0;
        p->paper[0] = p->paper[1] = p->paper[2] = 252;
        p->stamp_ink = 0.85;
        break;
    case SCAN_TYPICAL:
        angle = 1.5;
        shift_mm = 3;
        p->scale_x = 1.0 + scan_rng_range(&r, -0.004, 0.004);
        p->scale_y = 1.0 + scan_rng_range(&r, -0.004, 0.004);
        p->blur_half = 1;
        p->blur_weight = scan_rng_range(&r, 0.4, 0.6);
        p->noise = 2.5;
        p->jpeg_quality = scan_rng_int(&r, 85, 90);
        p->light_amp = scan_rng_range(&r, 0.0, 0.05);
        p->paper[0] = scan_rng_int(&r, 242, 248);
        p->paper[1] = p->paper[0] - scan_rng_int(&r, 0, 3);
        p->paper[2] = p->paper[1] - scan_rng_int(&r, 1, 6);
        p->fade = scan_rng_range(&r, 0.85, 0.95);
        p->bleed = scan_rng_range(&r, 0.03, 0.05);
        p->stamp_ink = scan_rng_range(&r, 0.70, 0.85);
        p->holes = scan_rng_chance(&r, 0.25);
        p->lid = scan_rng_int(&r, 232, 245);
        if (scan_rng_chance(&r, 0.4)) {
            int edges = scan_rng_int(&r, 1, 2);
            for (int i = 0; i < edges; i++)
                p->border[scan_rng_int(&r, 0, 3)] = scan_rng_int(&r, 1, 2);
        }
        p->border_gray = scan_rng_int(&r, 50, 110);
        p->specks = scan_rng_int(&r, 8, 20);
        break;
    case SCAN_HARD:
        angle = 3.0;
        shift_mm = 6;
        out_dpi = 200 + 10 * scan_rng_int(&r, 0, 6);
        p->scale_x = 1.0 + scan_rng_range(&r, -0.015, 0.015);
        p->scale_y = 1.0 + scan_rng_range(&r, -0.015, 0.015);
        if (scan_rng_chance(&r, 0.5)) {
            p->blur_half = 1;
            p->blur_weight = 1.0;
        } else {
            p->blur_half = 2;
            p->blur_weight = 0.5;
        }
        p->noise = 6.0;
        p->jpeg_quality = scan_rng_int(&r, 45, 60);
        p->light_amp = scan_rng_range(&r, 0.08, 0.20);
        p->vignette = 0.10;
        p->paper[0] = scan_rng_int(&r, 226, 238);
        p->paper[1] = p->paper[0] - scan_rng_int(&r, 2, 6);
        p->paper[2] = p->paper[1] - scan_rng_int(&r, 8, 16);
        p->fade = scan_rng_range(&r, 0.60, 0.75);
        p->bleed = scan_rng_range(&r, 0.08, 0.14);
        p->stamp_ink = scan_rng_range(&r, 0.50, 0.70);
        p->holes = scan_rng_chance(&r, 0.6);
        p->lid = scan_rng_chance(&r, 0.5) ? scan_rng_int(&r, 25, 60)
                                          : scan_rng_int(&r, 215, 235);
        {
            int edges = scan_rng_int(&r, 2, 4), first = scan_rng_int(&r, 0, 3);
            for (int i = 0; i < edges; i++)
                p->border[(first + i) % 4] = scan_rng_int(&r, 3, 8);
        }
        p->border_gray = scan_rng_int(&r, 20, 70);
        p->specks = scan_rng_int(&r, 200, 400);
        break;
    }
    p->dpi = o->dpi > 0 ? o->dpi : out_dpi;
    /* Angles: hard pages are never almost straight. */
    if (o->level == SCAN_HARD)
        p->angle_deg = (scan_rng_chance(&r, 0.5) ? 1 : -1) * scan_rng_range(&r, 1.0, angle);
    else
        p->angle_deg = scan_rng_range(&r, -angle, angle);
    p->shift_x = MM(p->dpi, scan_rng_range(&r, -shift_mm, shift_mm));
    p->shift_y = MM(p->dpi, scan_rng_range(&r, -shift_mm, shift_mm));
    p->light_dir = scan_rng_range(&r, 0, 2 * M_PI);
    p->hole_dark = p->lid < 128;
    for (int i = 0; i < 4; i++)
        p->border[i] = MM(p->dpi, p->border[i]);
    if (o->marks)
        draw_marks_place(o, w, h, p->src_dpi, &r, p);
}

/* ---- stage 1: the paper ------------------------------------------------ */

/* The back page as it shows through: mirrored (it is seen from behind),
 * blurred by the paper, at a quarter of the resolution (the detail is lost
 * anyway, and it keeps the pass cheap).  8 bpp. */
static PIX *back_prepare(PIX *back)
{
    PIX *g = pixConvertTo8(back, 0);
    if (!g)
        return NULL;
    PIX *q = pixScale(g, 0.25, 0.25);
    pixDestroy(&g);
    if (!q)
        return NULL;
    PIX *m = pixFlipLR(NULL, q);
    pixDestroy(&q);
    if (!m)
        return NULL;
    PIX *b = pixBlockconv(m, 2, 2);
    pixDestroy(&m);
    return b;
}

/* Ink fading, paper tone and bleed-through in one pass over a 32 bpp page.
 * Ink behaves multiplicatively on paper: a pixel keeps `fade` of its
 * darkness, then takes the paper's tint, then is darkened by the back. */
static void paper_pass(PIX *pix, const scan_params *p, PIX *backq)
{
    uint8_t lut[3][256];
    for (int c = 0; c < 3; c++)
        for (int v = 0; v < 256; v++) {
            double faded = 255.0 - (255.0 - v) * p->fade;
            lut[c][v] = (uint8_t)lround(p->paper[c] * faded / 255.0);
        }
    int w = pixGetWidth(pix), h = pixGetHeight(pix), wpl = pixGetWpl(pix);
    l_uint32 *data = pixGetData(pix);
    int bw = backq ? pixGetWidth(backq) : 0, bh = backq ? pixGetHeight(backq) : 0;
    int bwpl = backq ? pixGetWpl(backq) : 0;
    l_uint32 *bdata = backq ? pixGetData(backq) : NULL;
    int strength = (int)lround(p->bleed * 256);
    for (int y = 0; y < h; y++) {
        l_uint32 *line = data + (size_t)y * wpl;
        l_uint32 *bline = NULL;
        if (bdata) {
            int by = y / 4 < bh ? y / 4 : bh - 1;
            bline = bdata + (size_t)by * bwpl;
        }
        for (int x = 0; x < w; x++) {
            l_uint32 v = line[x];
            int r = lut[0][(v >> L_RED_SHIFT) & 0xff];
            int g = lut[1][(v >> L_GREEN_SHIFT) & 0xff];
            int b = lut[2][(v >> L_BLUE_SHIFT) & 0xff];
            if (bline) {
                int bx = x / 4 < bw ? x / 4 : bw - 1;
                int dark = 255 - (int)GET_DATA_BYTE(bline, bx);
                int keep = 256 - ((dark * strength) >> 8);
                r = (r * keep) >> 8;
                g = (g * keep) >> 8;
                b = (b * keep) >> 8;
            }
            line[x] = ((l_uint32)r << L_RED_SHIFT) | ((l_uint32)g << L_GREEN_SHIFT) |
                      ((l_uint32)b << L_BLUE_SHIFT);
        }
    }
}

/* Two ISO 838 holes (6 mm, 80 mm apart, 12 mm from the left edge), showing
 * what is behind the sheet, with a thin shadow on their rim. */
static void holes_draw(PIX *pix, const scan_params *p)
{
    int w = pixGetWidth(pix), h = pixGetHeight(pix), wpl = pixGetWpl(pix);
    l_uint32 *data = pixGetData(pix);
    int d = p->src_dpi;
    int rad = MM(d, 3), cx = MM(d, 12), rim = MM(d, 0.4) + 1;
    int fill = p->hole_dark ? p->lid : 248, shade = p->hole_dark ? p->lid : 170;
    for (int k = -1; k <= 1; k += 2) {
        int cy = h / 2 + k * MM(d, 40);
        for (int y = cy - rad - rim; y <= cy + rad + rim; y++) {
            if (y < 0 || y >= h)
                continue;
            l_uint32 *line = data + (size_t)y * wpl;
            for (int x = cx - rad - rim; x <= cx + rad + rim; x++) {
                if (x < 0 || x >= w)
                    continue;
                double dist = hypot(x - cx, y - cy);
                int g;
                if (dist <= rad)
                    g = fill;
                else if (dist <= rad + rim)
                    g = shade;
                else
                    continue;
                line[x] = ((l_uint32)g << L_RED_SHIFT) | ((l_uint32)g << L_GREEN_SHIFT) |
                          ((l_uint32)g << L_BLUE_SHIFT);
            }
        }
    }
}

/* ---- stage 2: the scanner ---------------------------------------------- */

/* The sheet on the glass: sampled at the output dpi, then one affine map for
 * what the scanner does to it: the scale error of its motor and optics, the
 * sheet's rotation and its offset.  The parts of the glass the sheet does
 * not cover show the lid. */
static PIX *place_sheet(PIX *sheet, const scan_params *p)
{
    double s = (double)p->dpi / p->src_dpi;
    PIX *nominal;
    if (fabs(s - 1) < 1e-9)
        nominal = pixClone(sheet);
    else /* no sharpening: the scanner's optics come later */
        nominal = pixScaleGeneral(sheet, (float)s, (float)s, 0.0f, 0);
    if (!nominal)
        return NULL;
    int w = pixGetWidth(nominal), h = pixGetHeight(nominal);
    /* Forward map, sheet -> glass:  X = c + D R (x - c) + t, with R the
     * rotation (clockwise on the image, whose y axis points down) and D the
     * scale error.  Leptonica wants the inverse (each glass pixel looks up
     * its source):  x = c + R^-1 D^-1 (X - c - t). */
    double th = p->angle_deg * M_PI / 180.0, co = cos(th), si = sin(th);
    double cx = w / 2.0, cy = h / 2.0;
    double ix = 1.0 / p->scale_x, iy = 1.0 / p->scale_y;
    /* R^-1 = [co si; -si co];  M = R^-1 D^-1 */
    double a = co * ix, b = si * iy, d = -si * ix, e2 = co * iy;
    double tx = cx + p->shift_x, ty = cy + p->shift_y;
    l_float32 vc[6] = {(l_float32)a, (l_float32)b, (l_float32)(cx - a * tx - b * ty),
                       (l_float32)d, (l_float32)e2, (l_float32)(cy - d * tx - e2 * ty)};
    int identity = fabs(th) < 1e-9 && fabs(ix - 1) < 1e-9 && fabs(iy - 1) < 1e-9 &&
                   p->shift_x == 0 && p->shift_y == 0;
    PIX *glass;
    if (identity)
        glass = pixCopy(NULL, nominal);
    else if (pixGetDepth(nominal) == 8)
        glass = pixAffineGray(nominal, vc, (l_uint8)p->lid);
    else
        glass = pixAffineColor(nominal, vc,
                               ((l_uint32)p->lid << L_RED_SHIFT) |
                                   ((l_uint32)p->lid << L_GREEN_SHIFT) |
                                   ((l_uint32)p->lid << L_BLUE_SHIFT));
    pixDestroy(&nominal);
    return glass;
}

/* Approximately normal noise from one 64-bit draw: the sum of four uniform
 * 16-bit parts has mean 2 and variance 1/3 (in units of 65536). */
static double noise_unit(uint64_t z)
{
    double s = (double)(z & 0xffff) + (double)((z >> 16) & 0xffff) +
               (double)((z >> 32) & 0xffff) + (double)(z >> 48);
    return (s / 65536.0 - 2.0) * 1.7320508;
}

static inline int clamp255(int v)
{
    return v < 0 ? 0 : v > 255 ? 255 : v;
}

/* Width of each lid-edge band along its edge: it wavers a little, as the
 * shadow of a lid that does not close evenly does. */
static int *band_profile(int len, int width, scan_rng *r, int *max)
{
    int *b = malloc(sizeof(int) * (size_t)(len > 0 ? len : 1));
    if (!b)
        return NULL;
    double ph = scan_rng_range(r, 0, 2 * M_PI), f = scan_rng_range(r, 1.0, 2.5);
    double tilt = scan_rng_range(r, -0.3, 0.3);
    *max = 0;
    for (int i = 0; i < len; i++) {
        double t = (double)i / (len > 1 ? len - 1 : 1);
        double k = 1.0 + 0.15 * sin(ph + f * 2 * M_PI * t) + tilt * (t - 0.5);
        b[i] = width > 0 ? (int)lround(width * k) : 0;
        if (b[i] > *max)
            *max = b[i];
    }
    return b;
}

/* The lamp, the bands and the noise, precomputed for sensor_pass. */
typedef struct sensor {
    int *band[4], bmax[4];  /* band widths along each edge, their maxima */
    int32_t *lamp_x, *lamp_y; /* lamp = 65536 - lamp_x[x] - lamp_y[y] */
    int16_t *noise;         /* 65536 noise samples, 1/16 gray level units */
} sensor;

static void sensor_free(sensor *S)
{
    for (int i = 0; i < 4; i++)
        free(S->band[i]);
    free(S->lamp_x);
    free(S->lamp_y);
    free(S->noise);
}

/* The lamp falls off linearly in one direction plus a radial vignette; both
 * split into a column term and a row term, so the pass only adds two. */
static int sensor_init(sensor *S, int w, int h, const scan_params *p, uint64_t seed)
{
    memset(S, 0, sizeof *S);
    scan_rng br = scan_rng_make(seed, STREAM_BORDER);
    int lens[4] = {h, w, h, w};
    for (int i = 0; i < 4; i++)
        if (!(S->band[i] = band_profile(lens[i], p->border[i], &br, &S->bmax[i])))
            return -1;
    S->lamp_x = malloc(sizeof(int32_t) * (size_t)w);
    S->lamp_y = malloc(sizeof(int32_t) * (size_t)h);
    S->noise = malloc(sizeof(int16_t) * 65536);
    if (!S->lamp_x || !S->lamp_y || !S->noise)
        return -1;
    double dx = cos(p->light_dir), dy = sin(p->light_dir);
    double span = fabs(dx) * w + fabs(dy) * h;
    double offx = dx < 0 ? -dx * w : 0, offy = dy < 0 ? -dy * h : 0;
    double cx = w / 2.0, cy = h / 2.0, rmax2 = cx * cx + cy * cy;
    for (int x = 0; x < w; x++)
        S->lamp_x[x] = (int32_t)lround(65536.0 * (p->light_amp * (x * dx + offx) / span +
                                                  p->vignette * (x - cx) * (x - cx) / rmax2));
    for (int y = 0; y < h; y++)
        S->lamp_y[y] = (int32_t)lround(65536.0 * (p->light_amp * (y * dy + offy) / span +
                                                  p->vignette * (y - cy) * (y - cy) / rmax2));
    scan_rng nr = scan_rng_make(seed, STREAM_NOISE);
    for (int i = 0; i < 65536; i++) {
        double v = noise_unit(scan_rng_next(&nr)) * p->noise * 16.0;
        S->noise[i] = (int16_t)(v > 32000 ? 32000 : v < -32000 ? -32000 : lround(v));
    }
    return 0;
}

/* How far (0..256) pixel (x, y) is inside a lid-edge band, with a soft edge
 * of a few pixels. */
static int band_at(const sensor *S, const scan_params *p, int x, int y, int w, int h)
{
    enum { SOFT = 3 };
    int in = -1000000;
    if (p->border[0] && S->band[0][y] - x > in) in = S->band[0][y] - x;
    if (p->border[2] && x - (w - 1 - S->band[2][y]) > in) in = x - (w - 1 - S->band[2][y]);
    if (p->border[1] && S->band[1][x] - y > in) in = S->band[1][x] - y;
    if (p->border[3] && y - (h - 1 - S->band[3][x]) > in) in = y - (h - 1 - S->band[3][x]);
    if (in <= -SOFT)
        return 0;
    if (in >= SOFT)
        return 256;
    return (in + SOFT) * 256 / (2 * SOFT);
}

/* Blur blend, lamp falloff, lid-edge bands and sensor noise in one pass:
 * noise is mostly luminance (one draw for the pixel) with a little added per
 * colour channel, as a colour sensor's is.  `blurred` is always 8 bpp: on a
 * colour page it is the blurred luminance, and the blur moves each channel
 * by the change in luminance (the eye sees blur in luminance; this costs a
 * third of blurring three channels). */
static int sensor_pass(PIX *pix, PIX *blurred, const scan_params *p, uint64_t seed)
{
    int w = pixGetWidth(pix), h = pixGetHeight(pix), wpl = pixGetWpl(pix);
    int depth = pixGetDepth(pix);
    l_uint32 *data = pixGetData(pix);
    l_uint32 *bdata = blurred ? pixGetData(blurred) : NULL;
    int bwpl = blurred ? pixGetWpl(blurred) : 0;
    sensor S;
    if (sensor_init(&S, w, h, p, seed) != 0) {
        sensor_free(&S);
        return -1;
    }
    scan_rng nr = scan_rng_make(seed, STREAM_NOISE + 100);
    int bw = blurred ? (int)lround(p->blur_weight * 256) : 0;
    int left = S.bmax[0] + 3, right = w - 1 - S.bmax[2] - 3;
    int top = S.bmax[1] + 3, bottom = h - 1 - S.bmax[3] - 3;
    for (int y = 0; y < h; y++) {
        l_uint32 *line = data + (size_t)y * wpl;
        l_uint32 *bline = bdata ? bdata + (size_t)y * bwpl : NULL;
        int row_edge = y < top || y > bottom;
        for (int x = 0; x < w; x++) {
            int32_t lamp = 65536 - S.lamp_x[x] - S.lamp_y[y];
            int band = (row_edge || x < left || x > right) ? band_at(&S, p, x, y, w, h) : 0;
            uint64_t z = scan_rng_next(&nr);
            int common = S.noise[z & 0xffff];
            if (depth == 8) {
                int s = (int)GET_DATA_BYTE(line, x);
                int v = bline ? s + ((bw * ((int)GET_DATA_BYTE(bline, x) - s)) >> 8) : s;
                v = (int)(((int64_t)v * lamp) >> 16);
                v += (band * (p->border_gray - v)) >> 8;
                SET_DATA_BYTE(line, x, clamp255(v + (common >> 4)));
            } else {
                l_uint32 sv = line[x];
                int dl = 0;
                if (bline) {
                    int lum = (int)((((sv >> L_RED_SHIFT) & 0xff) * 77 +
                                     ((sv >> L_GREEN_SHIFT) & 0xff) * 150 +
                                     ((sv >> L_BLUE_SHIFT) & 0xff) * 29) >> 8);
                    dl = (bw * ((int)GET_DATA_BYTE(bline, x) - lum)) >> 8;
                }
                l_uint32 out = 0;
                for (int c = 0; c < 3; c++) {
                    int shift = c == 0 ? L_RED_SHIFT : c == 1 ? L_GREEN_SHIFT : L_BLUE_SHIFT;
                    int v = (int)((sv >> shift) & 0xff) + dl;
                    v = (int)(((int64_t)v * lamp) >> 16);
                    v += (band * (p->border_gray - v)) >> 8;
                    int chan = S.noise[(z >> (16 * (c + 1))) & 0xffff] >> 2;
                    out |= (l_uint32)clamp255(v + ((common + chan) >> 4)) << shift;
                }
                line[x] = out;
            }
        }
    }
    sensor_free(&S);
    return 0;
}

/* Dust on the glass and toner specks: small dark blobs, 1-3 pixels. */
static void specks_draw(PIX *pix, const scan_params *p, uint64_t seed)
{
    scan_rng r = scan_rng_make(seed, STREAM_SPECKS);
    int w = pixGetWidth(pix), h = pixGetHeight(pix);
    int depth = pixGetDepth(pix);
    for (int i = 0; i < p->specks; i++) {
        int x0 = scan_rng_int(&r, 0, w - 1), y0 = scan_rng_int(&r, 0, h - 1);
        int size = scan_rng_int(&r, 1, 3), g = scan_rng_int(&r, 20, 110);
        for (int y = y0; y < y0 + size && y < h; y++)
            for (int x = x0; x < x0 + size && x < w; x++) {
                if (depth == 8)
                    pixSetPixel(pix, x, y, (l_uint32)g);
                else
                    pixSetPixel(pix, x, y,
                                ((l_uint32)g << L_RED_SHIFT) | ((l_uint32)g << L_GREEN_SHIFT) |
                                    ((l_uint32)g << L_BLUE_SHIFT));
            }
    }
}

static PIX *jpeg_round_trip(PIX *pix, int quality)
{
    l_uint8 *buf = NULL;
    size_t len = 0;
    if (pixWriteMemJpeg(&buf, &len, pix, quality, 0) != 0)
        return NULL;
    PIX *back = pixReadMem(buf, len);
    free(buf);
    return back;
}

PIX *scan_apply(PIX *clean, const scan_opts *o, const scan_params *p, hb_err *e)
{
    if (!clean)
        return err_set(e, HB_EUSAGE, "scan: no page"), NULL;
    int w = pixGetWidth(clean), h = pixGetHeight(clean);
    uint64_t seed = page_seed(o);

    /* 1. The paper. */
    PIX *paper = pixConvertTo32(clean);
    if (!paper)
        return err_set(e, HB_ENOMEM, "scan: page of %dx%d: out of memory", w, h), NULL;
    PIX *backq = NULL;
    if (o->back && p->bleed > 0) {
        backq = back_prepare(o->back);
        if (!backq) {
            pixDestroy(&paper);
            return err_set(e, HB_ENOMEM, "scan: back page: out of memory"), NULL;
        }
    }
    paper_pass(paper, p, backq);
    pixDestroy(&backq);
    if ((p->stamp || p->signature) && scan_draw_marks(paper, o, p, e) != 0) {
        pixDestroy(&paper);
        return NULL;
    }
    if (p->holes)
        holes_draw(paper, p);
    if (o->gray) {
        PIX *g = pixConvertRGBToLuminance(paper);
        pixDestroy(&paper);
        if (!g)
            return err_set(e, HB_ENOMEM, "scan: gray conversion: out of memory"), NULL;
        paper = g;
    }

    /* 2. The scanner. */
    PIX *page = place_sheet(paper, p);
    pixDestroy(&paper);
    if (!page)
        return err_set(e, HB_ENOMEM, "scan: placing the sheet: out of memory"), NULL;
    PIX *blurred = NULL;
    if (p->blur_half > 0 && p->blur_weight > 0) {
        PIX *lum = pixGetDepth(page) == 8 ? pixClone(page) : pixConvertRGBToLuminance(page);
        blurred = lum ? pixBlockconv(lum, p->blur_half, p->blur_half) : NULL;
        pixDestroy(&lum);
        if (!blurred) {
            pixDestroy(&page);
            return err_set(e, HB_ENOMEM, "scan: blur: out of memory"), NULL;
        }
    }
    int rc = sensor_pass(page, blurred, p, seed);
    pixDestroy(&blurred);
    if (rc != 0) {
        pixDestroy(&page);
        return err_set(e, HB_ENOMEM, "scan: sensor pass: out of memory"), NULL;
    }
    specks_draw(page, p, seed);
    if (p->jpeg_quality > 0) {
        PIX *j = jpeg_round_trip(page, p->jpeg_quality);
        pixDestroy(&page);
        if (!j)
            return err_set(e, HB_EFORMAT, "scan: JPEG round trip at quality %d failed",
                           p->jpeg_quality), NULL;
        page = j;
    }
    pixSetResolution(page, p->dpi, p->dpi);
    return page;
}

PIX *scan_degrade(PIX *clean, const scan_opts *o, scan_params *p, hb_err *e)
{
    if (!clean)
        return err_set(e, HB_EUSAGE, "scan: no page"), NULL;
    scan_params local;
    if (!p)
        p = &local;
    int dpi = pixGetXRes(clean);
    scan_params_draw(o, pixGetWidth(clean), pixGetHeight(clean), dpi > 0 ? dpi : 300, p);
    return scan_apply(clean, o, p, e);
}
