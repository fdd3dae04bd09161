/*
 * mkbooks.c - writes small scanned "books" for the ingest and job tests, so
 * that no binary fixture is committed.  Built by the tests themselves:
 *     cc -o mkbooks mkbooks.c $(pkg-config --cflags --libs lept cairo)
 *     mkbooks DIR [SEED]
 * writes into DIR (a different SEED gives different pages):
 *     tiff-book.tif     3 pages, 1 bpp G4, 200 dpi
 *     pdf-book.pdf      2 pages of 4 x 5 inches (cairo)
 *     folder-book/      p1.png, p2.jpg, p10.png (name order: 1, 2, 10)
 *     single.png        1 page, 8 bpp gray
 *     broken.pdf        a PDF cut off after its header
 * Every page differs from every other (a different number of bars at a
 * different place), so no two pages share a SHA-256.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <leptonica/allheaders.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int serial; /* makes every page different */

static PIX *page(int w, int h)
{
    PIX *p = pixCreate(w, h, 8);
    pixSetAllArbitrary(p, 255);
    serial++;
    for (int i = 0; i < serial; i++)
        pixRasterop(p, 20 + 7 * serial, 20 + 14 * i, w / 2, 6, PIX_CLR, NULL,
                    0, 0);
    pixRasterop(p, 0, h - 10, w, 2, PIX_CLR, NULL, 0, 0);
    return p;
}

static int write_pix(const char *dir, const char *name, PIX *p, int fmt,
                     const char *mode)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int rc = fmt == IFF_TIFF_G4 ? pixWriteTiff(path, p, fmt, mode)
                                : pixWrite(path, p, fmt);
    if (rc)
        fprintf(stderr, "mkbooks: cannot write %s\n", path);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: mkbooks DIR [SEED]\n");
        return 2;
    }
    const char *dir = argv[1];
    if (argc == 3)
        serial = 10 * atoi(argv[2]);
    int rc = 0;
    setMsgSeverity(L_SEVERITY_ERROR);

    for (int i = 0; i < 3 && rc == 0; i++) {
        PIX *g = page(400, 500);
        PIX *b = pixThresholdToBinary(g, 128);
        pixSetResolution(b, 200, 200);
        rc = write_pix(dir, "tiff-book.tif", b, IFF_TIFF_G4, i ? "a" : "w");
        pixDestroy(&b);
        pixDestroy(&g);
    }

    char path[1024];
    snprintf(path, sizeof path, "%s/pdf-book.pdf", dir);
    cairo_surface_t *s = cairo_pdf_surface_create(path, 288, 360);
    cairo_t *cr = cairo_create(s);
    for (int pg = 0; pg < 2; pg++) {
        serial++;
        cairo_set_source_rgb(cr, 0, 0, 0);
        for (int i = 0; i < serial; i++)
            cairo_rectangle(cr, 10 + 3 * serial, 10 + 8 * i, 120, 3);
        cairo_fill(cr);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "mkbooks: cannot write %s\n", path);
        rc = 1;
    }
    cairo_surface_destroy(s);

    snprintf(path, sizeof path, "%s/folder-book", dir);
    mkdir(path, 0755);
    static const struct { const char *name; int fmt; } pages[] = {
        { "folder-book/p1.png", IFF_PNG }, { "folder-book/p2.jpg", IFF_JFIF_JPEG },
        { "folder-book/p10.png", IFF_PNG }, { "single.png", IFF_PNG },
    };
    for (size_t i = 0; i < sizeof pages / sizeof pages[0] && rc == 0; i++) {
        PIX *g = page(300 + 10 * (int)i, 400);
        pixSetResolution(g, 300, 300);
        rc = write_pix(dir, pages[i].name, g, pages[i].fmt, NULL);
        pixDestroy(&g);
    }

    snprintf(path, sizeof path, "%s/broken.pdf", dir);
    FILE *f = fopen(path, "wb");
    if (!f)
        return 1;
    fputs("%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pag", f);
    fclose(f);
    return rc;
}
