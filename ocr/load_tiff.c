/*
 * load_tiff.c - one page of a TIFF held in memory, as a Leptonica image.
 *
 * Scanners write colour pages as 8-bit RGB TIFF (most often JPEG inside).
 * Leptonica decodes those through libtiff's RGBA path (TIFFReadRGBAImage):
 * a second full-page raster of 32-bit words is allocated and zeroed, filled
 * pixel by pixel, then copied pixel by pixel into the image - about half
 * of the decoding cost of a colour page, on top of the decompression
 * itself.  Such pages are read here a row at a time straight into the
 * image's rows; the pixels are the same bits as Leptonica's (red in the
 * high byte, the low byte 0), which test_load checks page against page.
 *
 * Only the plain case is taken (strips, 8 bits, 3 samples interleaved,
 * photometric RGB, top-left orientation).  Anything else - gray, bilevel,
 * palette, YCbCr (whose conversion to RGB is libtiff's own in the RGBA
 * path), tiles, other orientations - and any page whose rows fail to
 * decode goes to Leptonica as before, so what is refused or accepted as
 * damaged does not change.
 */
#include "load_int.h"

#include <string.h>
#include <tiffio.h>

/* libtiff reads through these from the buffer (it seeks: the directories
 * are anywhere in the file). */
typedef struct tiff_mem {
    const unsigned char *buf;
    size_t len, pos;
} tiff_mem;

static tmsize_t mem_read(thandle_t h, void *dst, tmsize_t n)
{
    tiff_mem *m = (tiff_mem *)h;
    if (n <= 0 || m->pos >= m->len)
        return 0;
    size_t k = (size_t)n < m->len - m->pos ? (size_t)n : m->len - m->pos;
    memcpy(dst, m->buf + m->pos, k);
    m->pos += k;
    return (tmsize_t)k;
}

static tmsize_t mem_write(thandle_t h, void *src, tmsize_t n)
{
    (void)h;
    (void)src;
    (void)n;
    return -1; /* read only */
}

static toff_t mem_seek(thandle_t h, toff_t off, int whence)
{
    tiff_mem *m = (tiff_mem *)h;
    uint64_t base = whence == SEEK_CUR ? m->pos : whence == SEEK_END ? m->len : 0;
    if (off > UINT64_MAX - base)
        return (toff_t)-1;
    m->pos = (size_t)(base + off); /* past the end: reads return 0 */
    return (toff_t)m->pos;
}

static int mem_close(thandle_t h)
{
    (void)h;
    return 0;
}

static toff_t mem_size(thandle_t h)
{
    return (toff_t)((tiff_mem *)h)->len;
}

/* libtiff's complaints would go to stderr; a page that fails goes to
 * Leptonica, and a damaged file is reported by load.c in one line. */
static int quiet(TIFF *tif, void *data, const char *module, const char *fmt,
                 va_list ap)
{
    (void)tif;
    (void)data;
    (void)module;
    (void)fmt;
    (void)ap;
    return 1; /* handled */
}

/* The page's rows can be read as they are into a 32 bpp image. */
static int plain_rgb(TIFF *tif)
{
    uint16_t bps = 0, spp = 0, planar = 0, photo = 0, fmt = 0, orient = 0;
    uint16_t comp = 0;
    TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bps);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &spp);
    TIFFGetFieldDefaulted(tif, TIFFTAG_PLANARCONFIG, &planar);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLEFORMAT, &fmt);
    TIFFGetFieldDefaulted(tif, TIFFTAG_ORIENTATION, &orient);
    TIFFGetFieldDefaulted(tif, TIFFTAG_COMPRESSION, &comp);
    if (!TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photo))
        return 0;
    return !TIFFIsTiled(tif) && bps == 8 && spp == 3 &&
           planar == PLANARCONFIG_CONTIG && photo == PHOTOMETRIC_RGB &&
           fmt == SAMPLEFORMAT_UINT && orient == ORIENTATION_TOPLEFT &&
           comp != COMPRESSION_OJPEG;
}

/* Rows 0..h-1 of the current directory into pix (w x h, 32 bpp). */
static int read_rows(TIFF *tif, PIX *pix, uint32_t w, uint32_t h)
{
    tmsize_t need = (tmsize_t)w * 3;
    if (TIFFScanlineSize(tif) != need)
        return -1;
    unsigned char *row = malloc((size_t)need);
    if (!row)
        return -1;
    l_uint32 *data = pixGetData(pix);
    int wpl = pixGetWpl(pix), rc = 0;
    for (uint32_t y = 0; rc == 0 && y < h; y++) {
        if (TIFFReadScanline(tif, row, y, 0) < 0) {
            rc = -1;
            break;
        }
        l_uint32 *line = data + (size_t)y * wpl;
        const unsigned char *p = row;
        for (uint32_t x = 0; x < w; x++, p += 3)
            line[x] = (l_uint32)p[0] << 24 | (l_uint32)p[1] << 16 |
                      (l_uint32)p[2] << 8;
    }
    free(row);
    return rc;
}

PIX *load_tiff_rows(const unsigned char *buf, size_t len, int index,
                    int *taken)
{
    *taken = 0;
    tiff_mem m = { buf, len, 0 };
    TIFFOpenOptions *opt = TIFFOpenOptionsAlloc();
    if (!opt)
        return NULL;
    TIFFOpenOptionsSetErrorHandlerExtR(opt, quiet, NULL);
    TIFFOpenOptionsSetWarningHandlerExtR(opt, quiet, NULL);
    /* "m": no memory mapping - reads go through mem_read */
    TIFF *tif = TIFFClientOpenExt("page", "rm", (thandle_t)&m, mem_read,
                                  mem_write, mem_seek, mem_close, mem_size,
                                  NULL, NULL, opt);
    TIFFOpenOptionsFree(opt);
    if (!tif)
        return NULL;
    PIX *pix = NULL;
    uint32_t w = 0, h = 0;
    if (TIFFSetDirectory(tif, (tdir_t)index) && plain_rgb(tif) &&
        TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &w) &&
        TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &h) && w > 0 && h > 0 &&
        w <= LOAD_MAX_SIDE && h <= LOAD_MAX_SIDE) {
        *taken = 1;
        pix = pixCreateNoInit((l_int32)w, (l_int32)h, 32);
        if (pix && read_rows(tif, pix, w, h) != 0)
            pixDestroy(&pix);
    }
    TIFFClose(tif);
    return pix;
}

PIX *load_tiff_page(const unsigned char *buf, size_t len, int index)
{
    int taken = 0;
    PIX *pix = load_tiff_rows(buf, len, index, &taken);
    /* not a plain RGB page, or its rows failed: Leptonica decides */
    return pix ? pix : pixReadMemTiff(buf, len, index);
}
