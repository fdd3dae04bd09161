/* ingest.c - a scanned book into the workspace (see ingest.h). */
#include "ingest.h"

#include <leptonica/allheaders.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>

#include "load.h"
#include "pagestore.h"

#define INGEST_PNG_LEVEL 4

typedef struct ingest {
    hb_ws *w;
    const char *path;   /* as given */
    const char *name;   /* the book's display name (its last component) */
    int is_folder;
    char store[4096];   /* DIR/pages */
    const hb_ingest_cb *cb;
    hb_ingest_result *res;
    hb_ws_page *pages;  /* the new pages, in order */
    size_t n, cap;
    char **notes;       /* duplicate pages, reported once the book is read */
    size_t n_notes;
    hb_err err;         /* why the page callback stopped loading */
} ingest;

/* Names shown to people and written into records' provenance: UTF-8 NFC.
 * A name in another encoding (an old Windows code page) keeps its ASCII and
 * shows '?' for the rest rather than storing bytes no reader can show. */
static char *display_text(const char *s)
{
    char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
    if (nfc)
        return nfc;
    char *p = strdup(s);
    if (p)
        for (char *q = p; *q; q++)
            if ((unsigned char)*q >= 0x80)
                *q = '?';
    return p;
}

/* The last component of a path, ignoring trailing slashes ("a/b/" -> "b"). */
static char *last_component(const char *path)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    size_t start = n;
    while (start > 0 && path[start - 1] != '/')
        start--;
    char *tmp = strndup(path + start, n - start);
    if (!tmp)
        return NULL;
    char *out = display_text(tmp);
    free(tmp);
    return out;
}

/* Nonzero when every pixel of a 32 bpp page has R = G = B: such a page (a
 * gray scan, or a PDF rasterized through cairo's RGB surface) is stored as
 * 8 bpp gray, a third of the size and exactly the same pixels. */
static int all_gray(PIX *pix)
{
    int w = pixGetWidth(pix), h = pixGetHeight(pix), wpl = pixGetWpl(pix);
    const l_uint32 *data = pixGetData(pix);
    for (int y = 0; y < h; y++) {
        const l_uint32 *line = data + (size_t)y * wpl;
        for (int x = 0; x < w; x++) {
            l_uint32 v = line[x];
            l_uint32 r = v >> 24, g = (v >> 16) & 0xff, b = (v >> 8) & 0xff;
            if (r != g || g != b)
                return 0;
        }
    }
    return 1;
}

/* The page as it will be stored: no alpha channel (transparent areas of a
 * scan are paper, blended over white), gray when it has no colour.  Returns
 * a new PIX. */
static PIX *page_for_store(PIX *pix)
{
    PIX *p = pixGetDepth(pix) == 32 && pixGetSpp(pix) == 4
                 ? pixRemoveAlpha(pix) : pixClone(pix);
    if (p && pixGetDepth(p) == 32 && all_gray(p)) {
        PIX *g = pixGetRGBComponent(p, COLOR_RED);
        if (g) {
            pixCopyResolution(g, p);
            pixDestroy(&p);
            p = g;
        }
    }
    return p;
}

static int note(ingest *in, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Keeps a notice for later: when every page of the book turns out to be
 * known, one line says so instead of one per page. */
static int note(ingest *in, const char *fmt, ...)
{
    char line[1400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    char **p = realloc(in->notes, (in->n_notes + 1) * sizeof *p);
    if (!p)
        return 0; /* a lost notice is not worth failing the book */
    in->notes = p;
    if ((p[in->n_notes] = strdup(line)))
        in->n_notes++;
    return 0;
}

/* The page's file name as recorded: "book.pdf", or "folder/scan03.png". */
static char *source_name(ingest *in, const char *source)
{
    if (!in->is_folder)
        return strdup(in->name);
    size_t plen = strlen(in->path);
    const char *rest = strncmp(source, in->path, plen) == 0 && source[plen] == '/'
                           ? source + plen + 1 : source;
    char *r = display_text(rest);
    if (!r)
        return NULL;
    size_t n = strlen(in->name) + strlen(r) + 2;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%s/%s", in->name, r);
    free(r);
    return out;
}

static int on_page(const hb_loaded_page *lp, void *ctx)
{
    ingest *in = ctx;
    hb_err *e = &in->err;
    in->res->n_pages++;
    PIX *pix = page_for_store(lp->pix);
    if (!pix) {
        err_set(e, HB_ENOMEM, "%s: page %d: out of memory", lp->source,
                lp->page);
        return 1;
    }
    pixSetResolution(pix, lp->dpi, lp->dpi);
    /* zlib level 4, not the default 6: on a 300 dpi colour scan it takes
     * a third of the time (0.7 instead of 2.0 CPU-s per A4 page) for 4%
     * more bytes.  The level is part of what a page's digest means: the
     * same pixels always give the same bytes, hence the same SHA-256, and
     * a rescan is recognised. */
    pixSetZlibCompression(pix, INGEST_PNG_LEVEL);
    l_uint8 *png = NULL;
    size_t len = 0;
    int bad = pixWriteMemPng(&png, &len, pix, 0.0) != 0 || !png;
    int width = pixGetWidth(pix), height = pixGetHeight(pix);
    pixDestroy(&pix);
    if (bad) {
        free(png);
        err_set(e, HB_EFORMAT, "%s: page %d: could not be encoded as PNG",
                lp->source, lp->page);
        return 1;
    }
    char sha[65];
    if (pagestore_sha256(png, len, sha, e)) {
        free(png);
        return 1;
    }
    /* The same image twice: in this book, or already in the workspace. */
    for (size_t i = 0; i < in->n; i++)
        if (strcmp(in->pages[i].sha256, sha) == 0) {
            free(png);
            in->res->n_dup++;
            return note(in, "%s: page %d is the same image as page %d of "
                        "this book (%s page %d); not added again", in->path,
                        (int)in->res->n_pages, in->pages[i].idx,
                        in->pages[i].source_file, in->pages[i].source_page);
        }
    hb_ws_page old;
    int found = ws_find_page(in->w, sha, &old, e);
    if (found < 0) {
        free(png);
        return 1;
    }
    if (found) {
        free(png);
        in->res->n_dup++;
        if (!in->res->dup_of)
            in->res->dup_of = old.book;
        note(in, "%s: page %d is the same image as page %d of book %lld "
             "(%s page %d); not added again", in->path, (int)in->res->n_pages,
             old.idx, (long long)old.book, old.source_file, old.source_page);
        ws_page_clear(&old);
        return 0;
    }
    int added = 0;
    int rc = pagestore_put(in->store, png, len, sha, &added, e);
    free(png);
    if (rc)
        return 1;
    in->res->n_new_files += (size_t)added;
    if (in->n == in->cap) {
        size_t nc = in->cap ? in->cap * 2 : 32;
        hb_ws_page *p = realloc(in->pages, nc * sizeof *p);
        if (!p) {
            err_set(e, HB_ENOMEM, "%s: out of memory", in->path);
            return 1;
        }
        in->pages = p;
        in->cap = nc;
    }
    hb_ws_page *pg = &in->pages[in->n];
    memset(pg, 0, sizeof *pg);
    if (!(pg->source_file = source_name(in, lp->source))) {
        err_set(e, HB_ENOMEM, "%s: out of memory", in->path);
        return 1;
    }
    in->n++;
    pg->idx = (int)in->n;
    pg->source_page = lp->page;
    memcpy(pg->sha256, sha, sizeof pg->sha256);
    pg->dpi = lp->dpi;
    pg->width = width;
    pg->height = height;
    if (in->cb && in->cb->progress)
        in->cb->progress(lp->source, (int)in->res->n_pages, in->cb->ctx);
    return 0;
}

/* Book, pages and job in one transaction: all of the book or nothing. */
static int commit_book(ingest *in, int dpi, hb_err *e)
{
    char *source = display_text(in->path);
    if (!source)
        return err_set(e, HB_ENOMEM, "%s: out of memory", in->path);
    int64_t book = 0;
    int rc = ws_tx_begin(in->w, e);
    if (rc == 0)
        rc = ws_add_book(in->w, source, in->name, dpi, &book, e);
    for (size_t i = 0; rc == 0 && i < in->n; i++) {
        in->pages[i].book = book;
        if (ws_add_page(in->w, &in->pages[i], NULL, e)) {
            /* e.g. the same page ingested meanwhile by another scan */
            char why[sizeof e->msg];
            snprintf(why, sizeof why, "%s", e->msg);
            rc = err_set(e, e->code, "%s: page %d: %s", in->path,
                         in->pages[i].idx, why);
        }
    }
    if (rc == 0)
        rc = ws_job_enqueue(in->w, "extract", book, NULL, e);
    if (rc == 0)
        rc = ws_tx_commit(in->w, e);
    else
        ws_tx_rollback(in->w);
    free(source);
    if (rc == 0) {
        in->res->book = book;
        in->res->n_added = in->n;
    }
    return rc;
}

int ingest_book(hb_ws *w, const char *path, int dpi, const hb_ingest_cb *cb,
                hb_ingest_result *res, hb_err *e)
{
    memset(res, 0, sizeof *res);
    if (dpi <= 0)
        dpi = HB_LOAD_DEFAULT_DPI;
    ingest in;
    memset(&in, 0, sizeof in);
    in.w = w;
    in.path = path;
    in.cb = cb;
    in.res = res;
    err_clear(&in.err);
    if (!ws_path(w, WS_PAGES_DIR, in.store, sizeof in.store))
        return err_set(e, HB_EIO, "%s: workspace path too long", ws_dir(w));
    struct stat st;
    in.is_folder = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
    char *name = last_component(path);
    if (!name)
        return err_set(e, HB_ENOMEM, "%s: out of memory", path);
    in.name = name;
    int rc = load_book(path, dpi, on_page, &in, e);
    if (rc > 0) { /* on_page stopped loading: its own error */
        *e = in.err;
        rc = -1;
    }
    if (rc == 0 && res->n_pages == 0)
        rc = err_set(e, HB_EFORMAT, "%s: no pages", path);
    if (rc == 0 && in.n > 0)
        rc = commit_book(&in, dpi, e);
    for (size_t i = 0; i < in.n_notes; i++) {
        if (rc == 0 && in.n > 0 && cb && cb->note)
            cb->note(in.notes[i], cb->ctx);
        free(in.notes[i]);
    }
    free(in.notes);
    for (size_t i = 0; i < in.n; i++)
        free(in.pages[i].source_file);
    free(in.pages);
    free(name);
    return rc ? -1 : 0;
}
