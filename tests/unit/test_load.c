/* test_load.c - ocr/load.c: every accepted format, and hostile input.
 *
 * Fixtures are generated at test time (Leptonica writes PNG, JPEG and TIFF,
 * cairo writes PDF; the hostile files are a few bytes crafted here), in a
 * scratch directory removed at the end. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load.h"
#include "load_int.h"

static char dir[256];

/* ---- helpers ------------------------------------------------------------ */

static void path_of(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", dir, name);
}

static void write_bytes(const char *name, const void *data, size_t len)
{
    char p[512];
    path_of(p, sizeof p, name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static unsigned char *read_bytes(const char *name, size_t *len)
{
    char p[512];
    path_of(p, sizeof p, name);
    FILE *f = fopen(p, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc(*len);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, *len, f), *len);
    fclose(f);
    return b;
}

/* A gray page w x h with a black bar, so that it is not blank. */
static PIX *make_page(int w, int h)
{
    PIX *p = pixCreate(w, h, 8);
    pixSetAllArbitrary(p, 255);
    pixRasterop(p, w / 4, h / 4, w / 2, 8, PIX_CLR, NULL, 0, 0);
    return p;
}

static void write_pix(const char *name, int w, int h, int format, int dpi)
{
    char p[512];
    path_of(p, sizeof p, name);
    PIX *pix = make_page(w, h);
    pixSetResolution(pix, dpi, dpi);
    assert_int_equal(pixWrite(p, pix, format), 0);
    pixDestroy(&pix);
}

/* A PDF of `n` pages of wpt x hpt points, drawn with cairo. */
static void write_pdf(const char *name, int n, double wpt, double hpt)
{
    char p[512];
    path_of(p, sizeof p, name);
    cairo_surface_t *s = cairo_pdf_surface_create(p, wpt, hpt);
    cairo_t *cr = cairo_create(s);
    for (int i = 0; i < n; i++) {
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_rectangle(cr, 10, 10 + 10 * i, 50, 5);
        cairo_fill(cr);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
}

typedef struct got {
    int n;
    int w[16], h[16], dpi[16], page[16];
    char source[16][512];
    int stop_after; /* return 7 after this many pages (0: never) */
} got;

static int collect(const hb_loaded_page *p, void *ctx)
{
    got *g = ctx;
    if (g->n < 16) {
        g->w[g->n] = pixGetWidth(p->pix);
        g->h[g->n] = pixGetHeight(p->pix);
        g->dpi[g->n] = p->dpi;
        g->page[g->n] = p->page;
        snprintf(g->source[g->n], sizeof g->source[0], "%s", p->source);
    }
    g->n++;
    return g->stop_after && g->n >= g->stop_after ? 7 : 0;
}

static int load_name(const char *name, int dpi, got *g, hb_err *e)
{
    char p[512];
    path_of(p, sizeof p, name);
    memset(g, 0, sizeof *g);
    err_clear(e);
    return load_book(p, dpi, collect, g, e);
}

/* Loading must fail with a message naming the file and containing `why`,
 * after delivering `pages` good pages (those before the bad one). */
static void expect_fail_after(const char *name, const char *why, int pages)
{
    got g;
    hb_err e;
    int rc = load_name(name, 0, &g, &e);
    if (rc == 0 || !strstr(e.msg, why) || !strstr(e.msg, name))
        fail_msg("%s: rc %d, message '%s', wanted '%s'", name, rc, e.msg, why);
    assert_int_equal(g.n, pages);
}

static void expect_fail(const char *name, const char *why)
{
    expect_fail_after(name, why, 0);
}

/* ---- accepted formats --------------------------------------------------- */

static void loads_png_with_its_dpi(void **state)
{
    (void)state;
    write_pix("one.png", 200, 300, IFF_PNG, 150);
    got g;
    hb_err e;
    assert_int_equal(load_name("one.png", 0, &g, &e), 0);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.w[0], 200);
    assert_int_equal(g.h[0], 300);
    assert_int_equal(g.dpi[0], 150);
    assert_int_equal(g.page[0], 1);
}

static void loads_jpeg_and_defaults_unknown_dpi(void **state)
{
    (void)state;
    write_pix("one.jpg", 120, 80, IFF_JFIF_JPEG, 0);
    got g;
    hb_err e;
    assert_int_equal(load_name("one.jpg", 0, &g, &e), 0);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.w[0], 120);
    assert_int_equal(g.dpi[0], HB_LOAD_DEFAULT_DPI);
}

static void loads_every_tiff_page_in_order(void **state)
{
    (void)state;
    char p[512];
    path_of(p, sizeof p, "book.tif");
    for (int i = 0; i < 3; i++) {
        PIX *pix = make_page(100 + 20 * i, 90);
        PIX *bin = pixThresholdToBinary(pix, 128);
        pixSetResolution(bin, 200, 200);
        assert_int_equal(pixWriteTiff(p, bin, IFF_TIFF_G4, i ? "a" : "w"), 0);
        pixDestroy(&bin);
        pixDestroy(&pix);
    }
    got g;
    hb_err e;
    assert_int_equal(load_name("book.tif", 0, &g, &e), 0);
    assert_int_equal(g.n, 3);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(g.w[i], 100 + 20 * i);
        assert_int_equal(g.page[i], i + 1);
        assert_int_equal(g.dpi[i], 200);
    }
}

/* A colour page with every channel varying, odd width (rows not a whole
 * number of words). */
static PIX *make_colour_page(int w, int h)
{
    PIX *p = pixCreate(w, h, 32);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            pixSetRGBPixel(p, x, y, (x * 7 + y) & 255, (x ^ (y * 3)) & 255,
                           (x * y + 11) & 255);
    return p;
}

/* Every word of a and b equal, the low (alpha) byte included: the page
 * digest hashes whole words. */
static void assert_same_words(PIX *a, PIX *b)
{
    assert_int_equal(pixGetWidth(a), pixGetWidth(b));
    assert_int_equal(pixGetHeight(a), pixGetHeight(b));
    assert_int_equal(pixGetDepth(a), pixGetDepth(b));
    assert_int_equal(pixGetSpp(a), pixGetSpp(b));
    int w = pixGetWidth(a), h = pixGetHeight(a);
    for (int y = 0; y < h; y++)
        assert_memory_equal(pixGetData(a) + (size_t)y * pixGetWpl(a),
                            pixGetData(b) + (size_t)y * pixGetWpl(b),
                            ((size_t)w * (size_t)pixGetDepth(a) + 7) / 8);
}

/* RGB pages read row by row are Leptonica's pages bit for bit, whatever
 * the compression; other pages are left to Leptonica. */
static void tiff_rows_are_leptonicas_pixels(void **state)
{
    (void)state;
    char p[512];
    path_of(p, sizeof p, "colour.tif");
    static const int comp[] = { IFF_TIFF, IFF_TIFF_ZIP, IFF_TIFF_LZW,
                                IFF_TIFF_JPEG, IFF_TIFF_PACKBITS };
    int n = (int)(sizeof comp / sizeof comp[0]);
    PIX *c = make_colour_page(333, 77);
    pixSetResolution(c, 300, 300);
    for (int i = 0; i < n; i++)
        assert_int_equal(pixWriteTiff(p, c, comp[i], i ? "a" : "w"), 0);
    PIX *g = pixConvertRGBToLuminance(c);
    assert_int_equal(pixWriteTiff(p, g, IFF_TIFF_ZIP, "a"), 0);
    size_t len;
    unsigned char *b = read_bytes("colour.tif", &len);
    int taken_rgb = 0;
    for (int i = 0; i <= n; i++) {
        int taken = -1;
        PIX *rows = load_tiff_rows(b, len, i, &taken);
        PIX *lept = pixReadMemTiff(b, len, i);
        PIX *page = load_tiff_page(b, len, i);
        assert_non_null(lept);
        assert_non_null(page);
        assert_same_words(page, lept);
        if (i == n)
            assert_int_equal(taken, 0); /* gray: Leptonica's */
        if (taken) {
            assert_non_null(rows);
            assert_same_words(rows, lept);
            taken_rgb++;
        }
        pixDestroy(&rows);
        pixDestroy(&lept);
        pixDestroy(&page);
    }
    /* at least the uncompressed, ZIP and LZW pages were read by rows */
    assert_true(taken_rgb >= 3);
    free(b);
    pixDestroy(&g);
    pixDestroy(&c);
}

/* A colour TIFF cut short: the row reader fails and Leptonica decides,
 * as before (refused, with the page named). */
static void truncated_colour_tiff(void **state)
{
    (void)state;
    char p[512];
    path_of(p, sizeof p, "colour-full.tif");
    PIX *c = make_colour_page(400, 400);
    assert_int_equal(pixWriteTiff(p, c, IFF_TIFF_ZIP, "w"), 0);
    pixDestroy(&c);
    size_t len;
    unsigned char *b = read_bytes("colour-full.tif", &len);
    int taken = 0;
    PIX *rows = load_tiff_rows(b, len / 3, 0, &taken);
    assert_null(rows);
    PIX *lept = pixReadMemTiff(b, len / 3, 0);
    PIX *page = load_tiff_page(b, len / 3, 0);
    assert_int_equal(page == NULL, lept == NULL);
    if (page)
        assert_same_words(page, lept);
    pixDestroy(&lept);
    pixDestroy(&page);
    free(b);
}

static void rasterizes_pdf_at_the_dpi(void **state)
{
    (void)state;
    write_pdf("book.pdf", 2, 144, 216); /* 2 x 3 inches */
    got g;
    hb_err e;
    assert_int_equal(load_name("book.pdf", 100, &g, &e), 0);
    assert_int_equal(g.n, 2);
    assert_int_equal(g.w[0], 200);
    assert_int_equal(g.h[0], 300);
    assert_int_equal(g.dpi[1], 100);
    assert_int_equal(g.page[1], 2);
    assert_int_equal(load_name("book.pdf", 72, &g, &e), 0);
    assert_int_equal(g.w[0], 144);
}

typedef struct ink {
    int white, black;
} ink;

static int look_at_ink(const hb_loaded_page *pg, void *ctx)
{
    ink *seen = ctx;
    l_uint32 v;
    pixGetPixel(pg->pix, 1, 1, &v); /* the margin: paper */
    seen->white = v >> 8 == 0xffffff;
    pixGetPixel(pg->pix, 20, 12, &v); /* inside the bar drawn at (10,10) */
    seen->black = v >> 8 == 0;
    return 0;
}

/* The rasterized page is white paper with black ink (not transparent
 * black, and with the colour channels where Leptonica expects them). */
static void pdf_page_is_white_with_ink(void **state)
{
    (void)state;
    write_pdf("ink.pdf", 1, 72, 72);
    char p[512];
    path_of(p, sizeof p, "ink.pdf");
    ink seen = { 0, 0 };
    hb_err e;
    assert_int_equal(load_book(p, 72, look_at_ink, &seen, &e), 0);
    assert_true(seen.white);
    assert_true(seen.black);
}

static void folder_pages_in_natural_name_order(void **state)
{
    (void)state;
    char p[512];
    path_of(p, sizeof p, "folder");
    mkdir(p, 0755);
    write_pix("folder/scan10.png", 130, 50, IFF_PNG, 300);
    write_pix("folder/scan2.png", 120, 50, IFF_PNG, 300);
    write_pix("folder/scan1.png", 110, 50, IFF_PNG, 300);
    write_bytes("folder/.DS_Store", "junk", 4);
    write_bytes("folder/Thumbs.db", "junk", 4);
    got g;
    hb_err e;
    assert_int_equal(load_name("folder", 0, &g, &e), 0);
    assert_int_equal(g.n, 3);
    assert_int_equal(g.w[0], 110);
    assert_int_equal(g.w[1], 120);
    assert_int_equal(g.w[2], 130);
    assert_non_null(strstr(g.source[2], "folder/scan10.png"));
}

static void callback_stops_loading(void **state)
{
    (void)state;
    got g;
    memset(&g, 0, sizeof g);
    g.stop_after = 2;
    char p[512];
    path_of(p, sizeof p, "book.tif");
    hb_err e;
    assert_int_equal(load_book(p, 0, collect, &g, &e), 7);
    assert_int_equal(g.n, 2);
}

/* ---- hostile input ------------------------------------------------------ */

static void zero_byte_file(void **state)
{
    (void)state;
    write_bytes("empty.png", "", 0);
    expect_fail("empty.png", "empty file");
}

static void text_file_named_png(void **state)
{
    (void)state;
    const char *t = "Danh sách học sinh lớp 8A\nNguyễn Văn A\n";
    write_bytes("notes.png", t, strlen(t));
    expect_fail("notes.png", "not an image");
}

static void truncated_png(void **state)
{
    (void)state;
    write_pix("full.png", 400, 400, IFF_PNG, 300);
    size_t len;
    unsigned char *b = read_bytes("full.png", &len);
    write_bytes("cut.png", b, len / 2);
    free(b);
    expect_fail("cut.png", "truncated PNG");
}

static void truncated_jpeg(void **state)
{
    (void)state;
    write_pix("full.jpg", 400, 400, IFF_JFIF_JPEG, 300);
    size_t len;
    unsigned char *b = read_bytes("full.jpg", &len);
    write_bytes("cut.jpg", b, len / 2);
    free(b);
    expect_fail("cut.jpg", "truncated JPEG");
}

static void truncated_tiff(void **state)
{
    (void)state;
    write_pix("full.tif", 400, 400, IFF_TIFF_ZIP, 300);
    size_t len;
    unsigned char *b = read_bytes("full.tif", &len);
    write_bytes("cut.tif", b, len / 3);
    free(b);
    expect_fail("cut.tif", "TIFF");
}

static uint32_t crc32_png(const unsigned char *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
    }
    return c ^ 0xffffffffu;
}

static void put_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* A valid small PNG whose IHDR (with a correct CRC) declares 60000 x 60000
 * pixels: a decompression bomb must be refused from the header alone. */
static void huge_declared_png(void **state)
{
    (void)state;
    write_pix("small.png", 64, 64, IFF_PNG, 300);
    size_t len;
    unsigned char *b = read_bytes("small.png", &len);
    assert_memory_equal(b + 12, "IHDR", 4);
    put_be32(b + 16, 60000);
    put_be32(b + 20, 60000);
    put_be32(b + 29, crc32_png(b + 12, 17));
    write_bytes("bomb.png", b, len);
    free(b);
    expect_fail("bomb.png", "larger than the limit");
}

/* A hand-made little-endian TIFF whose one page declares 100000 x 100000. */
static void huge_declared_tiff(void **state)
{
    (void)state;
    unsigned char t[256];
    memset(t, 0, sizeof t);
    memcpy(t, "II\x2a\x00\x08\x00\x00\x00", 8);
    static const uint16_t tags[][2] = { /* tag, type (3 short, 4 long) */
        { 256, 4 }, { 257, 4 }, { 258, 3 }, { 259, 3 }, { 262, 3 },
        { 273, 4 }, { 277, 3 }, { 278, 4 }, { 279, 4 } };
    const uint32_t vals[] = { 100000, 100000, 1, 1, 0, 200, 1, 100000, 16 };
    size_t n = sizeof vals / sizeof vals[0];
    unsigned char *p = t + 8;
    p[0] = (unsigned char)n;
    p += 2;
    for (size_t i = 0; i < n; i++, p += 12) {
        p[0] = (unsigned char)tags[i][0];
        p[1] = (unsigned char)(tags[i][0] >> 8);
        p[2] = (unsigned char)tags[i][1];
        p[4] = 1; /* count */
        p[8] = (unsigned char)vals[i];
        p[9] = (unsigned char)(vals[i] >> 8);
        p[10] = (unsigned char)(vals[i] >> 16);
        p[11] = (unsigned char)(vals[i] >> 24);
    }
    write_bytes("bomb.tif", t, 216);
    expect_fail("bomb.tif", "larger than the limit");
}

static void huge_pdf_page(void **state)
{
    (void)state;
    write_pdf("huge.pdf", 1, 14400, 14400); /* 200 x 200 inches */
    expect_fail("huge.pdf", "larger than the limit");
}

static void broken_pdf(void **state)
{
    (void)state;
    const char *t = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R";
    write_bytes("broken.pdf", t, strlen(t));
    expect_fail("broken.pdf", "damaged or unreadable PDF");
}

/* An encrypted PDF, built by hand because qpdf is not a dependency: the
 * standard security handler with values of O and U that no empty password
 * matches, which is what a password-protected PDF looks like to a reader
 * without the password.  (The content is never decrypted, so it need not be
 * really encrypted.) */
static void encrypted_pdf(void **state)
{
    (void)state;
    char buf[4096];
    long off[6];
    size_t n = 0;
    const char *hex32 = "<0102030405060708090a0b0c0d0e0f10"
                        "1112131415161718191a1b1c1d1e1f20>";
    n += (size_t)snprintf(buf + n, sizeof buf - n, "%%PDF-1.4\n");
    off[1] = (long)n;
    n += (size_t)snprintf(buf + n, sizeof buf - n,
                          "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
    off[2] = (long)n;
    n += (size_t)snprintf(buf + n, sizeof buf - n,
                          "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> "
                          "endobj\n");
    off[3] = (long)n;
    n += (size_t)snprintf(buf + n, sizeof buf - n,
                          "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox "
                          "[0 0 100 100] >> endobj\n");
    off[4] = (long)n;
    n += (size_t)snprintf(buf + n, sizeof buf - n,
                          "4 0 obj << /Filter /Standard /V 1 /R 2 /O %s /U %s "
                          "/P -4 >> endobj\n", hex32, hex32);
    long xref = (long)n;
    n += (size_t)snprintf(buf + n, sizeof buf - n,
                          "xref\n0 5\n0000000000 65535 f \n");
    for (int i = 1; i <= 4; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%010ld 00000 n \n",
                              off[i]);
    n += (size_t)snprintf(buf + n, sizeof buf - n,
                          "trailer << /Size 5 /Root 1 0 R /Encrypt 4 0 R /ID "
                          "[<00112233445566778899aabbccddeeff> "
                          "<00112233445566778899aabbccddeeff>] >>\n"
                          "startxref\n%ld\n%%%%EOF\n", xref);
    write_bytes("locked.pdf", buf, n);
    expect_fail("locked.pdf", "encrypted PDF");
}

/* A PDF page holding a JPEG image (as scanners write them); when `damage`
 * is set, the JPEG's data ends half-way (an end-of-image marker in the
 * middle of the compressed data, as when a transfer lost a block).  cairo
 * embeds the bytes given as mime data without decoding them. */
static void write_pdf_with_jpeg(const char *name, int damage)
{
    PIX *pix = make_page(300, 300);
    l_uint8 *jpg = NULL;
    size_t len = 0;
    assert_int_equal(pixWriteMemJpeg(&jpg, &len, pix, 90, 0), 0);
    pixDestroy(&pix);
    if (damage) {
        jpg[len / 2] = 0xff;
        jpg[len / 2 + 1] = 0xd9;
    }
    size_t cut = len;
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 300,
                                                      300);
    assert_int_equal(cairo_surface_set_mime_data(img, CAIRO_MIME_TYPE_JPEG,
                                                 jpg, cut, free, jpg),
                     CAIRO_STATUS_SUCCESS);
    char p[512];
    path_of(p, sizeof p, name);
    cairo_surface_t *s = cairo_pdf_surface_create(p, 216, 216);
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, 0.72, 0.72);
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_paint(cr);
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    cairo_surface_destroy(img);
}

/* poppler draws a damaged JPEG half gray without an error: the loader
 * must notice from libjpeg's warning and refuse the page. */
static void pdf_with_damaged_jpeg(void **state)
{
    (void)state;
    write_pdf_with_jpeg("jpeg-ok.pdf", 0);
    got g;
    hb_err e;
    assert_int_equal(load_name("jpeg-ok.pdf", 100, &g, &e), 0);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.w[0], 300);
    write_pdf_with_jpeg("jpeg-bad.pdf", 1);
    expect_fail("jpeg-bad.pdf", "page 1: damaged image data in the PDF");
}

static void bad_page_fails_its_folder(void **state)
{
    (void)state;
    char p[512];
    path_of(p, sizeof p, "badfolder");
    mkdir(p, 0755);
    write_pix("badfolder/p1.png", 50, 50, IFF_PNG, 300);
    write_bytes("badfolder/p2.png", "not a picture at all", 20);
    expect_fail_after("badfolder", "badfolder/p2.png: not an image", 1);
}

static void empty_missing_nested_unreadable(void **state)
{
    (void)state;
    char p[512];
    path_of(p, sizeof p, "emptyfolder");
    mkdir(p, 0755);
    expect_fail("emptyfolder", "no page images");
    expect_fail("missing.pdf", "No such file");
    path_of(p, sizeof p, "nested");
    mkdir(p, 0755);
    path_of(p, sizeof p, "nested/inner");
    mkdir(p, 0755);
    expect_fail("nested", "a folder inside a book folder");
    if (geteuid() != 0) { /* root reads any folder whatever its mode */
        path_of(p, sizeof p, "locked");
        mkdir(p, 0000);
        expect_fail("locked", "cannot open folder");
        chmod(p, 0755);
    } else {
        printf("# running as root: the unreadable-folder case is not "
               "checked\n");
    }
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/hocba-test-load-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loads_png_with_its_dpi),
        cmocka_unit_test(loads_jpeg_and_defaults_unknown_dpi),
        cmocka_unit_test(loads_every_tiff_page_in_order),
        cmocka_unit_test(tiff_rows_are_leptonicas_pixels),
        cmocka_unit_test(truncated_colour_tiff),
        cmocka_unit_test(rasterizes_pdf_at_the_dpi),
        cmocka_unit_test(pdf_page_is_white_with_ink),
        cmocka_unit_test(folder_pages_in_natural_name_order),
        cmocka_unit_test(callback_stops_loading),
        cmocka_unit_test(zero_byte_file),
        cmocka_unit_test(text_file_named_png),
        cmocka_unit_test(truncated_png),
        cmocka_unit_test(truncated_jpeg),
        cmocka_unit_test(truncated_tiff),
        cmocka_unit_test(huge_declared_png),
        cmocka_unit_test(huge_declared_tiff),
        cmocka_unit_test(huge_pdf_page),
        cmocka_unit_test(broken_pdf),
        cmocka_unit_test(encrypted_pdf),
        cmocka_unit_test(pdf_with_damaged_jpeg),
        cmocka_unit_test(bad_page_fails_its_folder),
        cmocka_unit_test(empty_missing_nested_unreadable),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
