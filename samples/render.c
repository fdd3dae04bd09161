/*
 * render.c - render_book: a book's pages as Leptonica images, and the
 * layout truth (the box of every value drawn).
 *
 * Each page is drawn by cairo into an RGB24 image surface (A4 at the asked
 * dpi), then copied into a 32 bpp PIX: cairo keeps a pixel as 0x00RRGGBB in
 * a native 32-bit word, Leptonica as 0xRRGGBBAA, so a shift by 8 converts.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render_internal.h"
#include "text.h"

typedef struct raster {
    PIXA *pixa;
    int w, h;
    cairo_surface_t *s;
} raster;

static int page_begin(rd_ctx *c, raster *rs, hb_err *e)
{
    rs->s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, rs->w, rs->h);
    if (cairo_surface_status(rs->s) != CAIRO_STATUS_SUCCESS) {
        int rc = err_set(e, HB_ENOMEM, "render: page %dx%d: %s", rs->w, rs->h,
                         cairo_status_to_string(cairo_surface_status(rs->s)));
        cairo_surface_destroy(rs->s);
        rs->s = NULL;
        return rc;
    }
    c->cr = cairo_create(rs->s);
    cairo_set_source_rgb(c->cr, 1, 1, 1);
    cairo_paint(c->cr);
    double k = c->dpi / 25.4;
    cairo_scale(c->cr, k, k);
    pango_cairo_update_context(c->cr, c->pc);
    c->page++;
    return 0;
}

static int page_end(rd_ctx *c, raster *rs, hb_err *e)
{
    cairo_status_t st = cairo_status(c->cr);
    cairo_destroy(c->cr);
    c->cr = NULL;
    cairo_surface_flush(rs->s);
    PIX *pix = st == CAIRO_STATUS_SUCCESS ? pixCreate(rs->w, rs->h, 32) : NULL;
    if (pix) {
        const unsigned char *data = cairo_image_surface_get_data(rs->s);
        int stride = cairo_image_surface_get_stride(rs->s);
        l_uint32 *pd = pixGetData(pix);
        int wpl = pixGetWpl(pix);
        for (int y = 0; y < rs->h; y++) {
            const uint32_t *src = (const uint32_t *)(data + (size_t)y * stride);
            l_uint32 *dst = pd + (size_t)y * wpl;
            for (int x = 0; x < rs->w; x++)
                dst[x] = src[x] << 8;
        }
        pixSetResolution(pix, c->dpi, c->dpi);
    }
    cairo_surface_destroy(rs->s);
    rs->s = NULL;
    if (!pix)
        return err_set(e, st ? HB_EFORMAT : HB_ENOMEM, "render: page %d: %s",
                       c->page,
                       st ? cairo_status_to_string(st) : "out of memory");
    if (pixaAddPix(rs->pixa, pix, L_INSERT)) {
        pixDestroy(&pix);
        return err_set(e, HB_ENOMEM, "render: page %d: out of memory", c->page);
    }
    return 0;
}

/* ---- layout truth: field pointers to paths ---------------------------- */

typedef struct path_map {
    const hb_field **f;
    char **path;
    size_t n, cap;
    int failed;
} path_map;

static int map_cb(const char *path, hb_field *f, void *ctx)
{
    path_map *m = ctx;
    if (m->n == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 256;
        const hb_field **nf = realloc(m->f, cap * sizeof *nf);
        if (nf)
            m->f = nf;
        char **np = nf ? realloc(m->path, cap * sizeof *np) : NULL;
        if (!np) {
            m->failed = 1;
            return 1;
        }
        m->path = np;
        m->cap = cap;
    }
    m->f[m->n] = f;
    m->path[m->n] = strdup(path);
    if (!m->path[m->n]) {
        m->failed = 1;
        return 1;
    }
    m->n++;
    return 0;
}

static void map_clear(path_map *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->path[i]);
    m->n = 0;
}

void render_boxes_free(render_boxes *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++)
        free(b->items[i].path);
    free(b->items);
    for (size_t i = 0; i < b->n_labels; i++)
        free(b->labels[i].text);
    free(b->labels);
    memset(b, 0, sizeof *b);
}

static void printed_free(rd_ctx *c)
{
    for (size_t i = 0; i < c->n_printed; i++)
        free(c->printed[i].text);
    free(c->printed);
    c->printed = NULL;
    c->n_printed = c->cap_printed = 0;
}

/* The form text drawn, handed over to the caller as render_labels (the
 * two structs hold the same members; the texts change owner). */
static int take_labels(rd_ctx *c, render_boxes *out, hb_err *e)
{
    if (c->n_printed == 0)
        return 0;
    out->labels = calloc(c->n_printed, sizeof *out->labels);
    if (!out->labels)
        return err_set(e, HB_ENOMEM, "render: out of memory");
    for (size_t i = 0; i < c->n_printed; i++) {
        out->labels[i] = (render_label){ c->printed[i].text, c->printed[i].page,
                                         c->printed[i].box };
        c->printed[i].text = NULL;
    }
    out->n_labels = c->n_printed;
    return 0;
}

int render_year_pages(const render_opts *o)
{
    if (!o)
        return 2;
    if (o->single_page)
        return 1;
    if (o->split_table)
        return 3;
    if (o->layout) {
        rd_variant v;
        rd_variant_init(&v, o->layout);
        return v.single ? 1 : 2;
    }
    return 2;
}

/* Gives each drawn value its field path, by walking the record's fields
 * (record_visit_fields is the one place that knows paths).  Records are
 * drawn one after the other, so the boxes come out in page order, and in
 * drawing order within a page. */
static int resolve_boxes(const rd_ctx *c, hb_record *const *recs, size_t n,
                         render_boxes *out, hb_err *e)
{
    path_map m = { 0 };
    int rc = 0;
    out->items = calloc(c->n_drawn ? c->n_drawn : 1, sizeof *out->items);
    if (!out->items)
        return err_set(e, HB_ENOMEM, "render: out of memory");
    for (size_t r = 0; r < n && !rc; r++) {
        map_clear(&m);
        record_visit_fields(recs[r], 0, map_cb, &m);
        if (m.failed) {
            rc = err_set(e, HB_ENOMEM, "render: out of memory");
            break;
        }
        for (size_t i = 0; i < c->n_drawn && !rc; i++) {
            const rd_drawn *d = &c->drawn[i];
            if (d->rec != r)
                continue;
            for (size_t j = 0; j < m.n; j++) {
                if (m.f[j] != d->f)
                    continue;
                render_box *b = &out->items[out->n];
                b->path = strdup(m.path[j]);
                if (!b->path) {
                    rc = err_set(e, HB_ENOMEM, "render: out of memory");
                    break;
                }
                b->rec = r;
                b->page = d->page;
                b->box = d->box;
                out->n++;
                break;
            }
        }
    }
    map_clear(&m);
    free(m.f);
    free(m.path);
    return rc;
}

/* ---- the book --------------------------------------------------------- */

PIXA *render_book_boxes(hb_record *const *recs, size_t n, const render_opts *o,
                        render_boxes *boxes, hb_err *e)
{
    if (boxes)
        memset(boxes, 0, sizeof *boxes);
    if (!recs || n == 0 || !o) {
        err_set(e, HB_EUSAGE, "render: no record to draw");
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        if (!recs[i]) {
            err_set(e, HB_EUSAGE, "render: record %zu is missing", i + 1);
            return NULL;
        }
    int dpi = o->dpi > 0 ? o->dpi : 300;
    if (dpi < 50 || dpi > 1200) {
        err_set(e, HB_EUSAGE, "render: %d dpi is outside 50-1200", dpi);
        return NULL;
    }
    rd_ctx c = { 0 };
    c.dpi = dpi;
    c.handwritten = o->handwritten;
    c.seed = o->seed;
    c.layout = o->layout;
    c.no_frame = o->no_frame & RENDER_OPEN_ALL;
    int single = render_year_pages(o) == 1;
    c.split_table = single ? 0 : o->split_table;
    rd_style_init(&c);
    PangoFontMap *fm = NULL;
    c.pc = rd_pango_context(&fm);
    /* A4: 210 x 297 mm, 2480 x 3508 px at 300 dpi */
    raster rs = { pixaCreate(0), (int)lround(RD_PAGE_W / 25.4 * dpi),
                  (int)lround(RD_PAGE_H / 25.4 * dpi), NULL };
    int rc = rs.pixa ? 0 : err_set(e, HB_ENOMEM, "render: out of memory");

    if (!rc && o->personal_page) {
        c.rec = 0;
        rc = page_begin(&c, &rs, e);
        if (!rc) {
            rd_draw_personal(&c, recs[0]);
            rc = page_end(&c, &rs, e);
        }
    }
    /* a year's pages: single, or left and right, or left, the rest of
     * its table and right */
    static const int one[] = { 0 }, spread[] = { 1, 2 },
                     split[] = { 1, 3, 2 };
    const int *parts = single ? one : c.split_table ? split : spread;
    int n_parts = single ? 1 : c.split_table ? 3 : 2;
    for (size_t i = 0; i < n && !rc; i++) {
        c.rec = i;
        for (int k = 0; k < n_parts && !rc; k++) {
            rc = page_begin(&c, &rs, e);
            if (!rc) {
                rd_draw_year(&c, recs[i], parts[k]);
                rc = page_end(&c, &rs, e);
            }
        }
    }
    g_object_unref(c.pc);
    g_object_unref(fm);
    if (!rc && c.failed)
        rc = err_set(e, HB_ENOMEM, "render: out of memory");
    if (!rc && boxes) {
        rc = resolve_boxes(&c, recs, n, boxes, e);
        if (!rc)
            rc = take_labels(&c, boxes, e);
        boxes->tofu = c.tofu;
    }
    free(c.drawn);
    printed_free(&c);
    if (rc) {
        pixaDestroy(&rs.pixa);
        render_boxes_free(boxes);
        return NULL;
    }
    return rs.pixa;
}

PIXA *render_book(hb_record *const *recs, size_t n, const render_opts *o,
                  hb_err *e)
{
    return render_book_boxes(recs, n, o, NULL, e);
}
