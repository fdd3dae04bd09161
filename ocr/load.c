/*
 * load.c - a scanned book, page by page, as Leptonica images (see load.h).
 *
 * Input comes from school offices: scanner software output, phone photos,
 * files copied through USB sticks and e-mail.  So every file is treated as
 * hostile until its header says otherwise:
 *   - the format is decided by the bytes, never by the file name;
 *   - image dimensions are read from the header and checked against
 *     HB_LOAD_MAX_PIXELS *before* anything is decoded (a 100 kB PNG can
 *     declare 100000 x 100000 pixels and exhaust memory: a "decompression
 *     bomb"); for a PDF, the page size times the dpi is checked before the
 *     page is rasterized;
 *   - a decoder that fails, or (JPEG) warns that data is missing, fails the
 *     file with one line naming it and the reason; inside a PDF, libjpeg's
 *     warnings are the only sign of a damaged image (see err_catch), while
 *     damage that poppler repairs or ignores silently (a JPEG cut at its
 *     end, bad Flate data) cannot be seen and the page is taken as drawn.
 * The whole file is read into memory once, so that what is checked is what
 * is decoded even if the file changes meanwhile.
 *
 * Leptonica reports problems on stderr; during loading its message
 * threshold is raised to L_SEVERITY_NONE and restored afterwards (the
 * threshold is process-global state inside Leptonica), because every
 * problem becomes the one-line hb_err instead.
 */
#include "load_int.h"

#include <cairo.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poppler.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define LOAD_MAX_FILE_BYTES ((size_t)2 << 30) /* 2 GiB: far above any book */
#define LOAD_MAX_PAGES 5000                   /* per file */
#define LOAD_MAX_DPI 1200

typedef struct loader {
    int dpi; /* rasterization dpi for PDF */
    load_page_fn fn;
    void *ctx;
    int stopped; /* the callback returned nonzero: its value */
} loader;

static int too_big(uint64_t w, uint64_t h)
{
    return w == 0 || h == 0 || w > LOAD_MAX_SIDE || h > LOAD_MAX_SIDE ||
           w * h > HB_LOAD_MAX_PIXELS;
}

static int size_error(hb_err *e, const char *file, int page, uint64_t w,
                      uint64_t h)
{
    char where[32] = "";
    if (page > 0)
        snprintf(where, sizeof where, "page %d: ", page);
    if (w == 0 || h == 0)
        return err_set(e, HB_EFORMAT, "%s: %simage declares no pixels "
                       "(%llux%llu)", file, where, (unsigned long long)w,
                       (unsigned long long)h);
    return err_set(e, HB_EFORMAT,
                   "%s: %simage of %llux%llu pixels is larger than the "
                   "limit of %u pixels (%d per side); refused",
                   file, where, (unsigned long long)w, (unsigned long long)h,
                   HB_LOAD_MAX_PIXELS, LOAD_MAX_SIDE);
}

/* Hands one page to the callback; the page is destroyed afterwards. */
static int deliver(loader *L, PIX *pix, const char *source, int page, int dpi)
{
    if (dpi <= 0 || dpi > 4 * LOAD_MAX_DPI)
        dpi = HB_LOAD_DEFAULT_DPI; /* unknown or absurd: assume a scanner's */
    pixSetResolution(pix, dpi, dpi);
    hb_loaded_page p = { pix, source, page, dpi };
    int rc = L->fn(&p, L->ctx);
    pixDestroy(&pix);
    if (rc)
        L->stopped = rc;
    return rc;
}

/* ---- reading the file --------------------------------------------------- */

static int read_all(const char *path, unsigned char **buf, size_t *len,
                    hb_err *e)
{
    *buf = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return err_set(e, HB_EIO, "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int err = errno;
        close(fd);
        return err_set(e, HB_EIO, "%s: %s", path, strerror(err));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return err_set(e, HB_EFORMAT, "%s: not a regular file", path);
    }
    if (st.st_size == 0) {
        close(fd);
        return err_set(e, HB_EFORMAT, "%s: empty file (0 bytes)", path);
    }
    if ((uint64_t)st.st_size > LOAD_MAX_FILE_BYTES) {
        close(fd);
        return err_set(e, HB_EFORMAT, "%s: file of %lld bytes is too large "
                       "for one book", path, (long long)st.st_size);
    }
    size_t size = (size_t)st.st_size;
    unsigned char *p = malloc(size + 1);
    if (!p) {
        close(fd);
        return err_set(e, HB_ENOMEM, "%s: out of memory", path);
    }
    size_t got = 0;
    while (got < size) {
        ssize_t r = read(fd, p + got, size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int err = errno;
            free(p);
            close(fd);
            return err_set(e, HB_EIO, "%s: %s", path, strerror(err));
        }
        if (r == 0)
            break; /* shrank meanwhile: decode what is there */
        got += (size_t)r;
    }
    close(fd);
    if (got == 0) {
        free(p);
        return err_set(e, HB_EFORMAT, "%s: empty file (0 bytes)", path);
    }
    p[got] = 0;
    *buf = p;
    *len = got;
    return 0;
}

/* ---- PNG and JPEG ------------------------------------------------------- */

/* libpng and libjpeg print their complaints straight to stderr, under
 * Leptonica's control.  The commonest damage, a file cut short by an
 * interrupted copy, is therefore recognised here from the file's structure,
 * before a decoder sees it. */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

/* A PNG is a signature and chunks (length, type, data, CRC) up to IEND. */
static int png_complete(const unsigned char *buf, size_t len)
{
    size_t pos = 8;
    while (pos + 12 <= len) {
        uint32_t n = be32(buf + pos);
        if (n > 0x7fffffffu || (size_t)n > len - pos - 12)
            return 0;
        if (memcmp(buf + pos + 4, "IEND", 4) == 0)
            return 1;
        pos += 12 + (size_t)n;
    }
    return 0;
}

/* A JPEG ends its last scan (SOS, FF DA) with EOI (FF D9).  Entropy-coded
 * data never holds FF DA or FF D9 (an FF there is stuffed as FF 00), so a
 * file without EOI after its last SOS was cut short.  (An EXIF thumbnail
 * ends with its own EOI, but comes before the main image's SOS.) */
static int jpeg_complete(const unsigned char *buf, size_t len)
{
    size_t sos = 0;
    int found = 0;
    for (size_t i = len; i-- > 1;)
        if (buf[i - 1] == 0xff && buf[i] == 0xda) {
            sos = i;
            found = 1;
            break;
        }
    if (!found)
        return 0;
    for (size_t i = sos + 1; i + 1 < len; i++)
        if (buf[i] == 0xff && buf[i + 1] == 0xd9)
            return 1;
    return 0;
}

static int load_png_jpeg(loader *L, const char *path, const unsigned char *buf,
                         size_t len, int format, hb_err *e)
{
    const char *kind = format == IFF_PNG ? "PNG" : "JPEG";
    l_int32 fmt, w = 0, h = 0, bps, spp, cmap;
    if (pixReadHeaderMem(buf, len, &fmt, &w, &h, &bps, &spp, &cmap) != 0)
        return err_set(e, HB_EFORMAT, "%s: damaged %s (unreadable header)",
                       path, kind);
    if (too_big((uint64_t)w, (uint64_t)h))
        return size_error(e, path, 0, (uint64_t)w, (uint64_t)h);
    if (format == IFF_PNG ? !png_complete(buf, len) : !jpeg_complete(buf, len))
        return err_set(e, HB_EFORMAT, "%s: truncated %s (the file ends "
                       "before the image does)", path, kind);
    PIX *pix;
    if (format == IFF_PNG) {
        pix = pixReadMemPng(buf, len);
    } else {
        /* libjpeg fills a truncated image with gray and only warns: a
         * warning means data is missing, and a half-gray page must not be
         * ingested as if it were the paper. */
        l_int32 nwarn = 0;
        pix = pixReadMemJpeg(buf, len, 0, 1, &nwarn, 0);
        if (pix && nwarn > 0) {
            pixDestroy(&pix);
            return err_set(e, HB_EFORMAT, "%s: truncated or damaged JPEG "
                           "(the decoder reported missing data)", path);
        }
    }
    if (!pix)
        return err_set(e, HB_EFORMAT, "%s: truncated or damaged %s", path,
                       kind);
    return deliver(L, pix, path, 1, pixGetXRes(pix));
}

/* ---- TIFF --------------------------------------------------------------- */

static int load_tiff(loader *L, const char *path, const unsigned char *buf,
                     size_t len, hb_err *e)
{
    /* Leptonica counts TIFF directories on a FILE*: a memory stream over
     * the buffer already read. */
    FILE *f = fmemopen((void *)buf, len, "rb");
    if (!f)
        return err_set(e, HB_ENOMEM, "%s: out of memory", path);
    l_int32 n = 0;
    int bad = tiffGetCount(f, &n) != 0;
    fclose(f);
    if (bad || n <= 0)
        return err_set(e, HB_EFORMAT, "%s: damaged TIFF (no readable page)",
                       path);
    if (n > LOAD_MAX_PAGES)
        return err_set(e, HB_EFORMAT, "%s: %d pages, more than the limit of "
                       "%d", path, n, LOAD_MAX_PAGES);
    for (l_int32 i = 0; i < n; i++) {
        l_int32 w = 0, h = 0, bps, spp, res = 0, cmap, fmt;
        if (readHeaderMemTiff(buf, len, i, &w, &h, &bps, &spp, &res, &cmap,
                              &fmt) != 0)
            return err_set(e, HB_EFORMAT, "%s: page %d: damaged TIFF header",
                           path, i + 1);
        if (too_big((uint64_t)w, (uint64_t)h))
            return size_error(e, path, i + 1, (uint64_t)w, (uint64_t)h);
        PIX *pix = load_tiff_page(buf, len, i);
        if (!pix)
            return err_set(e, HB_EFORMAT, "%s: page %d: truncated, damaged "
                           "or unsupported TIFF (tiled, OJPEG)", path, i + 1);
        int dpi = pixGetXRes(pix) > 0 ? pixGetXRes(pix) : res;
        if (deliver(L, pix, path, i + 1, dpi))
            return L->stopped;
    }
    return 0;
}

/* ---- PDF ---------------------------------------------------------------- */

/* cairo's RGB24 pixel is a native 32-bit word 0x00RRGGBB; Leptonica's
 * 32 bpp pixel is 0xRRGGBB00 (red in the high byte, COLOR_RED = 0). */
static PIX *pix_from_cairo(cairo_surface_t *s)
{
    int w = cairo_image_surface_get_width(s);
    int h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *data = cairo_image_surface_get_data(s);
    PIX *pix = pixCreate(w, h, 32);
    if (!pix || !data) {
        pixDestroy(&pix);
        return NULL;
    }
    pixSetSpp(pix, 3);
    l_uint32 *dst = pixGetData(pix);
    int wpl = pixGetWpl(pix);
    for (int y = 0; y < h; y++) {
        const uint32_t *src = (const uint32_t *)(data + (size_t)y * stride);
        l_uint32 *line = dst + (size_t)y * wpl;
        for (int x = 0; x < w; x++)
            line[x] = (src[x] & 0xffffffu) << 8;
    }
    return pix;
}

/* poppler-glib reports nothing about damaged data inside a page: an image
 * whose JPEG stream is cut short is drawn half gray, and the only trace is
 * libjpeg's warning printed on stderr by poppler.  So stderr is caught in a
 * temporary file while a page is rendered (fd 2 is process-wide state:
 * poppler leaves no other way; loading is not meant to run beside other
 * threads), and libjpeg's "data is missing" warnings fail the page, the
 * same rule as for JPEG files.  Other chatter is dropped. */
typedef struct err_catch {
    int saved; /* the real stderr, -1 when not catching */
    FILE *tmp;
} err_catch;

static void catch_begin(err_catch *c)
{
    c->saved = -1;
    fflush(stderr);
    if (!(c->tmp = tmpfile()))
        return; /* no temporary file: render uncaught */
    c->saved = dup(2);
    if (c->saved < 0 || dup2(fileno(c->tmp), 2) < 0) {
        if (c->saved >= 0)
            close(c->saved);
        c->saved = -1;
        fclose(c->tmp);
        c->tmp = NULL;
    }
}

/* Restores stderr; returns 1 (with the first such line in `why`) when
 * libjpeg said data was missing or corrupt. */
static int catch_end(err_catch *c, char *why, size_t size)
{
    if (c->saved < 0)
        return 0;
    fflush(stderr);
    dup2(c->saved, 2);
    close(c->saved);
    int damaged = 0;
    char line[256];
    rewind(c->tmp);
    while (!damaged && fgets(line, sizeof line, c->tmp))
        if (strstr(line, "Corrupt JPEG data") ||
            strstr(line, "Premature end of JPEG")) {
            line[strcspn(line, "\r\n")] = '\0';
            snprintf(why, size, "%s", line);
            damaged = 1;
        }
    fclose(c->tmp);
    return damaged;
}

static int render_pdf_page(loader *L, const char *path, PopplerPage *page,
                           int index, hb_err *e)
{
    double wpt = 0, hpt = 0;
    poppler_page_get_size(page, &wpt, &hpt);
    if (!(wpt > 0 && hpt > 0 && isfinite(wpt) && isfinite(hpt)))
        return err_set(e, HB_EFORMAT, "%s: page %d: damaged PDF (no page "
                       "size)", path, index);
    /* Points are 1/72 inch: the pixel size follows from the dpi, and is
     * checked before a byte of the raster is allocated. */
    double wpx = ceil(wpt * L->dpi / 72.0 - 1e-6);
    double hpx = ceil(hpt * L->dpi / 72.0 - 1e-6);
    if (wpx > 1e9 || hpx > 1e9 || too_big((uint64_t)wpx, (uint64_t)hpx))
        return err_set(e, HB_EFORMAT,
                       "%s: page %d: %.0fx%.0f points at %d dpi would be "
                       "%.0fx%.0f pixels, larger than the limit of %u "
                       "pixels; refused", path, index, wpt, hpt, L->dpi,
                       wpx, hpx, HB_LOAD_MAX_PIXELS);
    cairo_surface_t *s =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)wpx, (int)hpx);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return err_set(e, HB_ENOMEM, "%s: page %d: out of memory", path,
                       index);
    }
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1); /* paper is white, not transparent */
    cairo_paint(cr);
    cairo_scale(cr, L->dpi / 72.0, L->dpi / 72.0);
    err_catch ec;
    char why[256] = "";
    catch_begin(&ec);
    poppler_page_render_for_printing(page, cr);
    int damaged = catch_end(&ec, why, sizeof why);
    cairo_status_t cst = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    if (damaged) {
        cairo_surface_destroy(s);
        return err_set(e, HB_EFORMAT, "%s: page %d: damaged image data in "
                       "the PDF (%s)", path, index, why);
    }
    PIX *pix = cst == CAIRO_STATUS_SUCCESS ? pix_from_cairo(s) : NULL;
    cairo_surface_destroy(s);
    if (!pix)
        return err_set(e, HB_EFORMAT, "%s: page %d: could not be rendered%s%s",
                       path, index, cst ? ": " : "",
                       cst ? cairo_status_to_string(cst) : "");
    return deliver(L, pix, path, index, L->dpi);
}

/* poppler reads every pixel an image XObject declares, whatever its
 * stream holds: a 600-byte PDF declaring a 100000 x 100000 image keeps the
 * renderer busy for minutes (found by the fuzzer; tests/fuzz/corpus/load).
 * So the images' sizes are checked before anything is drawn, against the
 * limit of an image file.  An image is a stream, and streams are never
 * inside object streams, so its dictionary is in the file's bytes as
 * written: each `/Width N` is paired with the nearest `/Height M` around it
 * (within 1 kB: one dictionary).  A size given by an indirect reference is
 * not seen. */
static int pdf_key_number(const unsigned char *buf, size_t len, size_t pos,
                          size_t keylen, uint64_t *v)
{
    size_t i = pos + keylen;
    if (i < len && !strchr(" \t\r\n\f", buf[i]) && buf[i] != 0)
        return 0; /* a longer name (/Widths) */
    while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' ||
                       buf[i] == '\n' || buf[i] == '\f' || buf[i] == 0))
        i++;
    if (i >= len || buf[i] < '0' || buf[i] > '9')
        return 0;
    uint64_t n = 0;
    for (; i < len && buf[i] >= '0' && buf[i] <= '9'; i++)
        n = n > UINT32_MAX ? n : n * 10 + (uint64_t)(buf[i] - '0');
    *v = n;
    return 1;
}

static int pdf_images_ok(const char *path, const unsigned char *buf,
                         size_t len, hb_err *e)
{
    static const char W[] = "/Width", H[] = "/Height";
    const size_t wl = sizeof W - 1, hl = sizeof H - 1, span = 1024;
    for (const unsigned char *p = buf;
         (p = memmem(p, len - (size_t)(p - buf), W, wl)) != NULL; p += wl) {
        size_t pos = (size_t)(p - buf);
        uint64_t w, h = 0, best = SIZE_MAX;
        if (!pdf_key_number(buf, len, pos, wl, &w))
            continue;
        size_t from = pos > span ? pos - span : 0;
        size_t to = len - pos > span ? pos + span : len;
        for (const unsigned char *q = buf + from;
             (q = memmem(q, to - (size_t)(q - buf), H, hl)) != NULL; q += hl) {
            size_t at = (size_t)(q - buf);
            size_t dist = at > pos ? at - pos : pos - at;
            uint64_t v;
            if (dist < best && pdf_key_number(buf, len, at, hl, &v)) {
                best = dist;
                h = v;
            }
        }
        if (best != SIZE_MAX && (w > LOAD_MAX_SIDE * 4u || h > LOAD_MAX_SIDE * 4u ||
                                 w * h > HB_LOAD_MAX_PIXELS))
            return err_set(e, HB_EFORMAT, "%s: the PDF holds an image of "
                           "%llux%llu pixels, larger than the limit of %u "
                           "pixels; refused", path, (unsigned long long)w,
                           (unsigned long long)h, HB_LOAD_MAX_PIXELS);
    }
    return 0;
}

static int load_pdf(loader *L, const char *path, unsigned char *buf,
                    size_t len, hb_err *e)
{
    if (pdf_images_ok(path, buf, len, e))
        return -1;
    /* The bytes stay owned by the caller and outlive the document. */
    GBytes *bytes = g_bytes_new_static(buf, len);
    GError *gerr = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
    int rc = 0;
    if (!doc) {
        if (gerr && gerr->domain == POPPLER_ERROR &&
            gerr->code == POPPLER_ERROR_ENCRYPTED)
            rc = err_set(e, HB_EFORMAT, "%s: encrypted PDF (needs a "
                         "password); save an unprotected copy and scan that",
                         path);
        else
            rc = err_set(e, HB_EFORMAT, "%s: damaged or unreadable PDF (%s)",
                         path, gerr && gerr->message ? gerr->message : "?");
        g_clear_error(&gerr);
        g_bytes_unref(bytes);
        return rc;
    }
    int n = poppler_document_get_n_pages(doc);
    if (n <= 0)
        rc = err_set(e, HB_EFORMAT, "%s: PDF without pages", path);
    else if (n > LOAD_MAX_PAGES)
        rc = err_set(e, HB_EFORMAT, "%s: %d pages, more than the limit of %d",
                     path, n, LOAD_MAX_PAGES);
    for (int i = 0; rc == 0 && i < n; i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);
        if (!page) {
            rc = err_set(e, HB_EFORMAT, "%s: page %d: damaged PDF (page "
                         "missing)", path, i + 1);
            break;
        }
        rc = render_pdf_page(L, path, page, i + 1, e);
        g_object_unref(page);
    }
    g_object_unref(doc);
    g_bytes_unref(bytes);
    return rc;
}

/* ---- one file ----------------------------------------------------------- */

/* The PDF header may follow some junk (the spec tolerates 1024 bytes). */
static int is_pdf(const unsigned char *buf, size_t len)
{
    size_t lim = len < 1024 ? len : 1024;
    for (size_t i = 0; i + 5 <= lim; i++)
        if (memcmp(buf + i, "%PDF-", 5) == 0)
            return 1;
    return 0;
}

static int load_file(loader *L, const char *path, hb_err *e)
{
    unsigned char *buf;
    size_t len;
    if (read_all(path, &buf, &len, e))
        return -1;
    int rc;
    l_int32 format = IFF_UNKNOWN;
    if (is_pdf(buf, len))
        rc = load_pdf(L, path, buf, len, e);
    else if (len < 12 || findFileFormatBuffer(buf, &format) != 0 ||
             format == IFF_UNKNOWN)
        rc = err_set(e, HB_EFORMAT, "%s: not an image (PNG, JPEG, TIFF or "
                     "PDF expected)", path);
    else if (format == IFF_PNG || format == IFF_JFIF_JPEG)
        rc = load_png_jpeg(L, path, buf, len, format, e);
    else if (L_FORMAT_IS_TIFF(format))
        rc = load_tiff(L, path, buf, len, e);
    else
        rc = err_set(e, HB_EFORMAT, "%s: image format not accepted (PNG, "
                     "JPEG, TIFF or PDF expected); convert it to PNG", path);
    free(buf);
    return L->stopped ? L->stopped : rc;
}

/* ---- a folder ----------------------------------------------------------- */

/* Files that operating systems drop into folders, never pages. */
static int is_junk(const char *name)
{
    return name[0] == '.' || strcasecmp(name, "Thumbs.db") == 0 ||
           strcasecmp(name, "desktop.ini") == 0;
}

/* Name order as people read it: "scan2" before "scan10" (strverscmp). */
static int name_cmp(const void *a, const void *b)
{
    return strverscmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static int load_folder(loader *L, const char *path, hb_err *e)
{
    DIR *d = opendir(path);
    if (!d)
        return err_set(e, HB_EIO, "%s: cannot open folder: %s", path,
                       strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    for (;;) {
        errno = 0;
        struct dirent *de = readdir(d);
        if (!de) {
            if (errno)
                rc = err_set(e, HB_EIO, "%s: cannot read folder: %s", path,
                             strerror(errno));
            break;
        }
        if (is_junk(de->d_name))
            continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            char **p = realloc(names, nc * sizeof *p);
            if (!p) {
                rc = err_set(e, HB_ENOMEM, "%s: out of memory", path);
                break;
            }
            names = p;
            cap = nc;
        }
        if (!(names[n] = strdup(de->d_name))) {
            rc = err_set(e, HB_ENOMEM, "%s: out of memory", path);
            break;
        }
        n++;
    }
    closedir(d);
    if (rc == 0 && n == 0)
        rc = err_set(e, HB_EFORMAT, "%s: folder holds no page images", path);
    if (rc == 0 && n > LOAD_MAX_PAGES)
        rc = err_set(e, HB_EFORMAT, "%s: %zu files, more than the limit of "
                     "%d pages", path, n, LOAD_MAX_PAGES);
    if (rc) {
        free_names(names, n);
        return rc;
    }
    qsort(names, n, sizeof *names, name_cmp);
    for (size_t i = 0; i < n && rc == 0; i++) {
        size_t plen = strlen(path) + strlen(names[i]) + 2;
        char *child = malloc(plen);
        if (!child) {
            rc = err_set(e, HB_ENOMEM, "%s: out of memory", path);
            break;
        }
        snprintf(child, plen, "%s/%s", path, names[i]);
        struct stat st;
        if (stat(child, &st) != 0)
            rc = err_set(e, HB_EIO, "%s: %s", child, strerror(errno));
        else if (S_ISDIR(st.st_mode))
            rc = err_set(e, HB_EFORMAT, "%s: a folder inside a book folder; "
                         "a book folder holds only its page images", child);
        else
            rc = load_file(L, child, e);
        free(child);
    }
    free_names(names, n);
    return rc;
}

/* ---- entry -------------------------------------------------------------- */

int load_book(const char *path, int dpi, load_page_fn fn, void *ctx, hb_err *e)
{
    if (dpi <= 0)
        dpi = HB_LOAD_DEFAULT_DPI;
    if (dpi < 50 || dpi > LOAD_MAX_DPI)
        return err_set(e, HB_EUSAGE, "%s: dpi %d is outside 50..%d", path, dpi,
                       LOAD_MAX_DPI);
    loader L = { dpi, fn, ctx, 0 };
    struct stat st;
    if (stat(path, &st) != 0)
        return err_set(e, HB_EIO, "%s: %s", path, strerror(errno));
    l_int32 old = setMsgSeverity(L_SEVERITY_NONE);
    int rc;
    if (S_ISDIR(st.st_mode))
        rc = load_folder(&L, path, e);
    else if (S_ISREG(st.st_mode))
        rc = load_file(&L, path, e);
    else
        rc = err_set(e, HB_EFORMAT, "%s: not a file or folder", path);
    setMsgSeverity(old);
    return L.stopped ? L.stopped : rc;
}
