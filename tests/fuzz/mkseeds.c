/*
 * mkseeds.c - small seed images for the `load` fuzz target, made from the
 * first page of a sample book (samples/books/): the page shrunk to about
 * 200 x 280 pixels and written in every form `hocba scan` accepts (PNG gray,
 * 1-bit, RGB, palette, with alpha; JPEG gray and colour; TIFF G4, LZW, ZIP,
 * PackBits, two pages; PDF with the image, PDF with text only).
 *
 *   mkseeds BOOK.tiff OUTDIR
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>

static int put(const char *dir, const char *name, PIX *pix, int format)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (!pix || pixWrite(path, pix, format) != 0) {
        fprintf(stderr, "mkseeds: %s: cannot write\n", path);
        return 1;
    }
    return 0;
}

static int pdf(const char *dir, const char *name, PIX *page, int with_image)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    cairo_surface_t *s = cairo_pdf_surface_create(path, 60, 84);
    cairo_t *cr = cairo_create(s);
    if (with_image && page) {
        PIX *p32 = pixConvertTo32(page);
        int w = pixGetWidth(p32), h = pixGetHeight(p32);
        cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
        unsigned char *d = cairo_image_surface_get_data(img);
        int stride = cairo_image_surface_get_stride(img);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                l_uint32 v = pixGetData(p32)[y * pixGetWpl(p32) + x];
                ((uint32_t *)(d + y * stride))[x] = v >> 8;
            }
        cairo_surface_mark_dirty(img);
        cairo_scale(cr, 60.0 / w, 84.0 / h);
        cairo_set_source_surface(cr, img, 0, 0);
        cairo_paint(cr);
        cairo_surface_destroy(img);
        pixDestroy(&p32);
    } else {
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_move_to(cr, 5, 20);
        cairo_set_font_size(cr, 8);
        cairo_show_text(cr, "Hoc ba 2023-2024");
        cairo_rectangle(cr, 5, 30, 50, 40);
        cairo_stroke(cr);
    }
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    int bad = cairo_surface_status(s) != CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(s);
    return bad;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: mkseeds BOOK.tiff OUTDIR\n");
        return 2;
    }
    setMsgSeverity(L_SEVERITY_NONE);
    PIX *src = pixRead(argv[1]);
    if (!src) {
        fprintf(stderr, "mkseeds: %s: not readable\n", argv[1]);
        return 1;
    }
    PIX *g = pixConvertTo8(src, 0);
    PIX *small = pixScale(g, 200.0f / pixGetWidth(g), 200.0f / pixGetWidth(g));
    PIX *bin = pixThresholdToBinary(small, 160);
    PIX *rgb = pixConvertTo32(small);
    PIX *cmap = pixThresholdTo4bpp(small, 8, 1);
    PIX *alpha = pixConvertTo32(small);
    pixSetSpp(alpha, 4);
    PIX *two = pixScale(small, 0.5f, 0.5f);
    const char *d = argv[2];
    int bad = 0;
    bad |= put(d, "gray.png", small, IFF_PNG);
    bad |= put(d, "bin.png", bin, IFF_PNG);
    bad |= put(d, "rgb.png", rgb, IFF_PNG);
    bad |= put(d, "cmap.png", cmap, IFF_PNG);
    bad |= put(d, "alpha.png", alpha, IFF_PNG);
    bad |= put(d, "gray.jpg", small, IFF_JFIF_JPEG);
    bad |= put(d, "rgb.jpg", rgb, IFF_JFIF_JPEG);
    bad |= put(d, "g4.tiff", bin, IFF_TIFF_G4);
    bad |= put(d, "lzw.tiff", small, IFF_TIFF_LZW);
    bad |= put(d, "zip.tiff", rgb, IFF_TIFF_ZIP);
    bad |= put(d, "packbits.tiff", bin, IFF_TIFF_PACKBITS);
    char path[1024];
    snprintf(path, sizeof path, "%s/two.tiff", d);
    bad |= pixWriteTiff(path, small, IFF_TIFF_LZW, "w") != 0;
    bad |= pixWriteTiff(path, two, IFF_TIFF_LZW, "a") != 0;
    bad |= pdf(d, "image.pdf", small, 1);
    bad |= pdf(d, "text.pdf", NULL, 0);
    PIX *all[] = { src, g, small, bin, rgb, cmap, alpha, two };
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        pixDestroy(&all[i]);
    return bad;
}
