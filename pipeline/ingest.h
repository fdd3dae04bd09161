/*
 * ingest.h - the first stage: a scanned book into the workspace.
 *
 * One input (a PDF, a TIFF, an image, or a folder of images) is one
 * student's book.  Each page is decoded (ocr/load.h), stored losslessly as
 * PNG in the page store under the SHA-256 of the stored bytes (that digest
 * is the page's provenance: `sha256sum DIR/pages/ab/<sha>.png` reproduces
 * it), and recorded with its source file name, page number, dpi and size.
 * Then one "extract" job is queued for the book.
 *
 * The book is added as a whole or not at all: the database rows (book,
 * pages, job) are written in one transaction after every page was read, so
 * a file that turns out to be damaged on page 40 leaves no half book.  (Page
 * images stored before the failure stay in the page store, unreferenced:
 * content-addressed files are harmless and are reused if the page comes
 * back.)
 *
 * A page whose image is already in the workspace is not added again: the
 * same scan given twice is recognised.  A book all of whose pages are known
 * is not added at all.
 */
#ifndef HB_INGEST_H
#define HB_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "workspace.h"

typedef struct hb_ingest_cb {
    /* After each page is stored: the file it came from, pages so far. */
    void (*progress)(const char *source, int pages, void *ctx);
    /* A one-line notice that is not an error (a duplicate page). */
    void (*note)(const char *line, void *ctx);
    void *ctx;
} hb_ingest_cb;

typedef struct hb_ingest_result {
    int64_t book;       /* the book added; 0 when none was */
    int64_t dup_of;     /* when every page was known: a book holding them */
    size_t n_pages;     /* pages read */
    size_t n_added;     /* pages added to the book */
    size_t n_dup;       /* pages already in the workspace */
    size_t n_new_files; /* page images newly written to the page store */
} hb_ingest_result;

/* Ingests the book at `path` (dpi: PDF rasterization, <= 0 for 300).
 * Returns 0 when the book was added or was entirely a duplicate (see
 * res->book / res->dup_of); -1 with `e` naming the file and the reason. */
int ingest_book(hb_ws *w, const char *path, int dpi, const hb_ingest_cb *cb,
                hb_ingest_result *res, hb_err *e);

#endif
