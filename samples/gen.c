/*
 * gen.c - one synthetic scanned book and its ground truth.
 *
 * The steps of a book, each in its own function below:
 *   plan      family, first grade and number of years, from (seed, index);
 *   synth     the records (synth.h), one per school year;
 *   render    the clean pages at 300 dpi (render.h): the personal page, then
 *             each year's pages;
 *   scan      each page degraded (scan.h), with the principal's stamp and
 *             signature on the personal page and on every results page;
 *   write     the book file(s), via a temporary name renamed at the end;
 *   truth     one record XML per year, citing the pages it was drawn on.
 */
#include "gen.h"

#include <errno.h>
#include <leptonica/allheaders.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "files.h"
#include "record_xml.h"
#include "render.h"
#include "scan_rng.h"
#include "synth.h"

#define MAX_YEARS 3
#define CLEAN_DPI 300

void gen_init(void)
{
    /* Leptonica keeps these process-wide: no creation date in PDFs (the same
     * seed must give the same bytes), and no chatter on stderr. */
    l_pdfSetDateAndVersion(0);
    setMsgSeverity(L_SEVERITY_ERROR);
}

int gen_format_parse(const char *s, gen_format *out)
{
    if (!s)
        return -1;
    if (!strcmp(s, "tiff") || !strcmp(s, "tif"))
        *out = GEN_TIFF;
    else if (!strcmp(s, "pdf"))
        *out = GEN_PDF;
    else if (!strcmp(s, "jpeg") || !strcmp(s, "jpg"))
        *out = GEN_JPEG;
    else
        return -1;
    return 0;
}

int gen_family_parse(const char *s, hb_family *out)
{
    if (!s)
        return -1;
    if (!strcmp(s, "mixed")) {
        *out = HB_FAMILY_UNKNOWN;
        return 0;
    }
    hb_family f = record_family_parse(s);
    if (f != HB_FAMILY_TT58 && f != HB_FAMILY_TT22 && f != HB_FAMILY_TT27)
        return -1;
    *out = f;
    return 0;
}

void gen_book_name(const gen_opts *o, int index, char *buf, size_t size)
{
    int width = 3;
    for (int c = o->count; c >= 1000; c /= 10)
        width++;
    snprintf(buf, size, "book-%u-%0*d", o->seed, width, index);
}

/* ---- plan --------------------------------------------------------------- */

typedef struct plan {
    unsigned seed; /* the book's own seed: records, look, scan */
    unsigned layout; /* its layout variant (render_opts.layout), 0: none */
    hb_family family;
    int grade, years;
} plan;

/* A book stays within one school level (a pupil changes book, and school,
 * between primary, THCS and THPT), so its grades do too. */
static void book_plan(const gen_opts *o, int index, plan *pl)
{
    scan_rng r = scan_rng_make(o->seed, 5000 + (uint64_t)index);
    pl->seed = (unsigned)(scan_rng_next(&r) & 0x7fffffff);
    pl->family = o->family;
    if (pl->family == HB_FAMILY_UNKNOWN) {
        static const hb_family mix[] = {HB_FAMILY_TT58, HB_FAMILY_TT22, HB_FAMILY_TT27};
        pl->family = mix[scan_rng_int(&r, 0, 2)];
    }
    int lo = 1, hi = 5;
    if (pl->family != HB_FAMILY_TT27) {
        if (scan_rng_chance(&r, 0.5))
            lo = 6, hi = 9;
        else
            lo = 10, hi = 12;
    }
    int span = hi - lo + 1;
    pl->years = o->years > 0 ? o->years : scan_rng_int(&r, 1, MAX_YEARS);
    if (pl->years > span)
        pl->years = span;
    pl->grade = lo + scan_rng_int(&r, 0, span - pl->years);
    /* From a stream of its own, so that --layouts changes nothing else of
     * the book (records, look, scan); never 0, which means none. */
    scan_rng lr = scan_rng_make(o->seed, 9000 + (uint64_t)index);
    pl->layout = o->layouts ? (unsigned)(scan_rng_next(&lr) & 0x7fffffff) | 1u : 0;
}

/* ---- helpers ------------------------------------------------------------ */

static int ensure_dir(const char *path, hb_err *e)
{
    if (mkdir(path, 0777) == 0 || errno == EEXIST) {
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            return 0;
        return err_set(e, HB_EIO, "%s: exists and is not a directory", path);
    }
    return err_set(e, HB_EIO, "%s: cannot create directory: %s", path, strerror(errno));
}

/* SHA-256 of a page's raster as gen made it: row-major bytes, R G B per
 * pixel for colour, one byte per pixel for gray.  (The workspace names its
 * stored pages by the digest of their PNG instead; the scorer compares
 * values only, so the truth's digests are for people tracing a page.) */
static int page_sha256(PIX *pix, char hex[65], hb_err *e)
{
    int w = pixGetWidth(pix), h = pixGetHeight(pix), d = pixGetDepth(pix);
    int wpl = pixGetWpl(pix);
    l_uint32 *data = pixGetData(pix);
    unsigned char *row = malloc((size_t)w * 3);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    int ok = row && ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1;
    for (int y = 0; ok && y < h; y++) {
        l_uint32 *line = data + (size_t)y * wpl;
        size_t n = 0;
        for (int x = 0; x < w; x++) {
            if (d == 8) {
                row[n++] = (unsigned char)GET_DATA_BYTE(line, x);
            } else {
                row[n++] = (unsigned char)(line[x] >> L_RED_SHIFT);
                row[n++] = (unsigned char)(line[x] >> L_GREEN_SHIFT);
                row[n++] = (unsigned char)(line[x] >> L_BLUE_SHIFT);
            }
        }
        ok = EVP_DigestUpdate(ctx, row, n) == 1;
    }
    unsigned char md[32];
    unsigned int mdlen = 0;
    ok = ok && EVP_DigestFinal_ex(ctx, md, &mdlen) == 1 && mdlen == 32;
    EVP_MD_CTX_free(ctx);
    free(row);
    if (!ok)
        return err_set(e, HB_ENOMEM, "page digest failed");
    files_sha256_hex(md, hex);
    return 0;
}

/* The stamp's ring: "TRƯỜNG <school> • <commune>", as seals read. */
static void stamp_text(const hb_record *r, char *buf, size_t size)
{
    const char *name = r->school.ten_truong.value, *place = r->school.xa_phuong.value;
    if (!name || !*name)
        name = "";
    /* Names are often recorded without the word itself ("THCS Lê Lợi"). */
    const char *prefix = strncmp(name, "Trường", strlen("Trường")) == 0 ? "" : "Trường ";
    if (place && *place)
        snprintf(buf, size, "%s%s \xe2\x80\xa2 %s", prefix, name, place); /* U+2022 */
    else
        snprintf(buf, size, "%s%s", prefix, name);
}

/* ---- the book ----------------------------------------------------------- */

typedef struct book {
    const gen_opts *o;
    plan pl;
    char name[64];
    hb_record *recs[MAX_YEARS + 8];
    size_t n;
    PIXA *clean, *scanned;
    render_boxes boxes; /* where the renderer drew each value */
    int per_year;      /* pages per year: 1, 2, or 3 (a split subject table) */
    int quality;       /* JPEG quality of the file */
    int dpi;           /* output dpi of every page */
    char (*sha)[65];   /* per page */
} book;

static void book_free(book *b)
{
    for (size_t i = 0; i < b->n; i++)
        record_free(b->recs[i]);
    render_boxes_free(&b->boxes);
    pixaDestroy(&b->clean);
    pixaDestroy(&b->scanned);
    free(b->sha);
}

/* 0-based page index of year k's first page. */
static int year_first_page(const book *b, size_t k)
{
    return 1 + (int)k * b->per_year;
}

/* Pages that carry the principal's stamp and signature: the personal page
 * and each year's results page (the last page of the year). */
static int page_has_marks(const book *b, int j)
{
    if (j == 0)
        return 1;
    return (j - 1) % b->per_year == b->per_year - 1;
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && strcmp(s + n - t, tail) == 0;
}

/* Where the principal signs on page j (0-based), from the boxes of the
 * values the renderer drew; w = 0 when unknown (scan.h then uses the lower
 * right of the page).
 * - A year's results page: the space between the approval date and the
 *   principal's printed name, where "HIỆU TRƯỞNG" and "(Ký, ghi rõ họ tên
 *   và đóng dấu)" stand; it is centred on the name.
 * - The personal page: its approval has no value, so it is found as the
 *   gap between the last personal field and the schooling history table,
 *   on the right of the page, as the form lays it out. */
static hb_box approval_box(const book *b, int j, int page_w)
{
    hb_box a = {0, 0, 0, 0};
    const hb_box *name = NULL, *date = NULL;
    int ly_bottom = -1, hist_top = -1;
    int mm10 = (int)(CLEAN_DPI * 10 / 25.4);
    for (size_t i = 0; i < b->boxes.n; i++) {
        const render_box *rb = &b->boxes.items[i];
        if (rb->page != j + 1 || !rb->path)
            continue;
        const hb_box *x = &rb->box;
        if (ends_with(rb->path, "PHE_DUYET/HO_TEN"))
            name = x;
        else if (ends_with(rb->path, "PHE_DUYET/NGAY"))
            date = x;
        else if (strncmp(rb->path, "LY_LICH/", 8) == 0) {
            if (strstr(rb->path, "QUA_TRINH_HOC_TAP")) {
                if (hist_top < 0 || x->y < hist_top)
                    hist_top = x->y;
            } else if (x->y + x->h > ly_bottom) {
                ly_bottom = x->y + x->h;
            }
        }
    }
    if (name) {
        int top = date ? date->y + date->h : name->y - 3 * mm10;
        a.w = 7 * mm10;
        a.x = name->x + name->w / 2 - a.w / 2;
        a.y = top;
        a.h = name->y - top;
    } else if (j == 0 && ly_bottom > 0 && hist_top > ly_bottom) {
        a.x = page_w * 45 / 100;
        a.w = page_w * 45 / 100;
        a.y = ly_bottom + mm10;
        a.h = hist_top - 2 * mm10 - a.y;
    }
    if (a.h <= 0)
        a.w = a.h = 0;
    return a;
}

static void book_render_opts(const book *b, render_opts *ro)
{
    memset(ro, 0, sizeof *ro);
    ro->dpi = CLEAN_DPI;
    ro->seed = b->pl.seed;
    ro->layout = b->pl.layout;
    ro->single_page = b->o->single_page;
    ro->handwritten = b->o->handwritten;
    ro->no_frame = b->o->no_frame ? RENDER_OPEN_ALL : 0;
    ro->split_table = b->o->split_table;
    ro->personal_page = 1;
}

static int book_render(book *b, hb_err *e)
{
    render_opts ro;
    book_render_opts(b, &ro);
    b->clean = render_book_boxes((hb_record *const *)b->recs, b->n, &ro, &b->boxes, e);
    if (!b->clean)
        return -1;
    int want = 1 + (int)b->n * b->per_year, got = pixaGetCount(b->clean);
    if (got != want)
        return err_set(e, HB_EINVALID, "renderer gave %d pages, expected %d", got, want);
    return 0;
}

static int book_scan(book *b, hb_err *e)
{
    const gen_opts *o = b->o;
    int np = pixaGetCount(b->clean);
    b->scanned = pixaCreate(np);
    b->sha = calloc((size_t)np, sizeof *b->sha);
    if (!b->scanned || !b->sha)
        return err_set(e, HB_ENOMEM, "out of memory");
    char ring[512];
    stamp_text(b->recs[0], ring, sizeof ring);
    for (int j = 0; j < np; j++) {
        PIX *clean = pixaGetPix(b->clean, j, L_CLONE);
        /* The other side of the sheet: in a bound book the pages of a
         * spread are printed back to back on consecutive leaves. */
        int bj = (j % 2 == 0) ? j + 1 : j - 1;
        PIX *back = bj < np ? pixaGetPix(b->clean, bj, L_CLONE) : NULL;
        scan_opts so = {0};
        so.level = o->level;
        so.seed = b->pl.seed;
        so.page = (unsigned)j;
        so.dpi = o->dpi;
        so.gray = o->gray;
        so.marks = page_has_marks(b, j);
        so.approval = approval_box(b, j, (int)pixGetWidth(clean));
        so.stamp_text = ring;
        so.back = back;
        scan_params p;
        int dpi = pixGetXRes(clean);
        scan_params_draw(&so, pixGetWidth(clean), pixGetHeight(clean), dpi > 0 ? dpi : CLEAN_DPI,
                         &p);
        /* The file's own JPEG compression is the scanner's: no second one. */
        /* One book, one scanner setting: the first page's dpi and quality
         * hold for all (only the sheet's placement varies page to page). */
        if (j == 0) {
            b->quality = o->quality > 0 ? o->quality : p.jpeg_quality > 0 ? p.jpeg_quality : 92;
            b->dpi = p.dpi;
        } else if (p.dpi != b->dpi) {
            so.dpi = b->dpi;
            scan_params_draw(&so, pixGetWidth(clean), pixGetHeight(clean),
                             dpi > 0 ? dpi : CLEAN_DPI, &p);
        }
        p.jpeg_quality = 0;
        PIX *s = scan_apply(clean, &so, &p, e);
        pixDestroy(&clean);
        pixDestroy(&back);
        if (!s)
            return -1;
        if (page_sha256(s, b->sha[j], e) != 0 || pixaAddPix(b->scanned, s, L_INSERT) != 0) {
            pixDestroy(&s);
            return e->code ? -1 : err_set(e, HB_ENOMEM, "out of memory");
        }
    }
    return 0;
}

static int book_write(book *b, const char *path, hb_err *e)
{
    int np = pixaGetCount(b->scanned);
    if (b->o->format == GEN_JPEG) {
        if (ensure_dir(path, e) != 0)
            return -1;
        for (int j = 0; j < np; j++) {
            char f[4300];
            snprintf(f, sizeof f, "%s/page-%02d.jpg", path, j + 1);
            PIX *pix = pixaGetPix(b->scanned, j, L_CLONE);
            int rc = pixWriteJpeg(f, pix, b->quality, 0);
            pixDestroy(&pix);
            if (rc != 0)
                return err_set(e, HB_EIO, "%s: cannot write", f);
        }
        return 0;
    }
    /* Leptonica writes by name: into the hidden temporary name, then
     * flushed and renamed (files.h), so that a half-written book never
     * looks like a book to the scanner or the bench. */
    char *tmp = files_temp_name(path);
    if (!tmp)
        return err_set(e, HB_ENOMEM, "out of memory");
    int rc = 0;
    if (b->o->format == GEN_PDF) {
        rc = pixaConvertToPdf(b->scanned, 0, 1.0f, L_JPEG_ENCODE, b->quality, b->name, tmp);
    } else {
        /* Leptonica 1.82 passes no quality to libtiff's JPEG codec: TIFF
         * pages come out at libtiff's default (75) whatever b->quality. */
        for (int j = 0; j < np && rc == 0; j++) {
            PIX *pix = pixaGetPix(b->scanned, j, L_CLONE);
            rc = pixWriteTiff(tmp, pix, IFF_TIFF_JPEG, j == 0 ? "w" : "a");
            pixDestroy(&pix);
        }
    }
    if (rc != 0) {
        files_discard_temp(-1, tmp);
        return err_set(e, HB_EIO, "%s: cannot write", path);
    }
    return files_commit_temp(-1, tmp, path, e);
}

/* Each record cites the pages it was drawn on: the personal page and its
 * year's pages.  Then one XML per record. */
static int book_truth(book *b, const char *base, hb_err *e)
{
    const gen_opts *o = b->o;
    for (size_t k = 0; k < b->n; k++) {
        hb_record *r = b->recs[k];
        if (b->scanned) {
            int pages[4] = {0}, np = 0;
            pages[np++] = 0;
            for (int i = 0; i < b->per_year; i++)
                pages[np++] = year_first_page(b, k) + i;
            for (int i = 0; i < np; i++) {
                char file[300];
                int pageno = pages[i] + 1;
                if (o->format == GEN_JPEG) {
                    snprintf(file, sizeof file, "%s/page-%02d.jpg", base, pageno);
                    pageno = 1;
                } else {
                    snprintf(file, sizeof file, "%s", base);
                }
                if (!record_add_page(r, file, pageno, b->sha[pages[i]]))
                    return err_set(e, HB_ENOMEM, "out of memory");
            }
        }
        char path[4300];
        const char *year = r->year.nam_hoc.value;
        if (b->n == 1)
            snprintf(path, sizeof path, "%s/%s.xml", o->out, b->name);
        else
            snprintf(path, sizeof path, "%s/%s-%s.xml", o->out, b->name, year ? year : "?");
        if (record_xml_write_file(r, 0, path, e) != 0)
            return -1;
    }
    return 0;
}

int gen_book(const gen_opts *o, int index, gen_book_info *info, hb_err *e)
{
    book b;
    memset(&b, 0, sizeof b);
    b.o = o;
    gen_book_name(o, index, b.name, sizeof b.name);
    book_plan(o, index, &b.pl);
    render_opts ro;
    book_render_opts(&b, &ro);
    b.per_year = render_year_pages(&ro); /* a layout variant may choose */
    if (info) {
        memset(info, 0, sizeof *info);
        snprintf(info->name, sizeof info->name, "%s", b.name);
        info->family = b.pl.family;
        info->grade = b.pl.grade;
    }
    if (ensure_dir(o->out, e) != 0)
        return -1;
    static const char *const ext[] = {".tiff", ".pdf", ""};
    char base[128], path[4096];
    snprintf(base, sizeof base, "%s%s", b.name, ext[o->format]);
    snprintf(path, sizeof path, "%s/%s", o->out, base);

    int rc = -1;
    b.n = synth_book(b.pl.seed, b.pl.family, b.pl.grade, (size_t)b.pl.years, b.recs);
    if (b.n == 0) {
        err_set(e, HB_EINVALID, "%s: no record for %s grade %d", b.name,
                record_family_name(b.pl.family), b.pl.grade);
        goto out;
    }
    if (!o->truth_only) {
        if (book_render(&b, e) != 0 || book_scan(&b, e) != 0 || book_write(&b, path, e) != 0)
            goto out;
    }
    if (book_truth(&b, base, e) != 0)
        goto out;
    rc = 0;
out:
    if (rc != 0 && e->msg[0] && strncmp(e->msg, b.name, strlen(b.name)) != 0) {
        char msg[sizeof e->msg];
        snprintf(msg, sizeof msg, "%s", e->msg);
        err_set(e, e->code, "%s: %s", b.name, msg);
    }
    if (info) {
        snprintf(info->path, sizeof info->path, "%s", o->truth_only ? "" : path);
        info->years = (int)b.n;
        info->pages = b.scanned ? pixaGetCount(b.scanned) : 0;
    }
    book_free(&b);
    return rc;
}
