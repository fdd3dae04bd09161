/*
 * handover.h - everything a school owns, in open formats, for when it moves
 * to another system (`hocba handover DEST`).
 *
 * The data belongs to the school, not to hocba: a handover must be usable
 * with no hocba at all, with a spreadsheet, an XML tool and sha256sum.
 *
 *     DEST/README.txt              the layout, in Vietnamese and English
 *     DEST/config                  the workspace config (plain text)
 *     DEST/records/<NAM_HOC>/<MA_HO_SO>-v<N>.xml
 *                                  every record version in every state, as
 *                                  stored: drafts with their review
 *                                  annotations, signed ones byte for byte
 *     DEST/records/<NAM_HOC>/<MA_HO_SO>-v<N>.pdf
 *                                  the PDF of an issued (or since revoked)
 *                                  version, as issued
 *                                  (records without a school year go to
 *                                  records/khong-ro-nam-hoc/)
 *     DEST/pages/book-<id>/<idx>.png
 *                                  every scanned page, the PNG of the page
 *                                  store (its SHA-256 is in pages.csv)
 *     DEST/tables/<table>.csv      books, pages, records, fields, audit
 *                                  (who did what when), revocations: UTF-8,
 *                                  RFC 4180 (comma, CRLF, "" quoting), a
 *                                  header row
 *     DEST/schemas/                the XSDs of the records and exports
 *     DEST/MANIFEST.sha256         every file's SHA-256 (sha256sum -c)
 *
 * The database is read from a snapshot taken with SQLite's online backup
 * at the start, so the tables agree with each other even while workers
 * run.  DEST must not exist (or be empty); it is written through a staging
 * directory renamed at the end.
 */
#ifndef HB_HANDOVER_H
#define HB_HANDOVER_H

#include <stdio.h>

#include "err.h"
#include "workspace.h"

typedef struct hb_handover_report {
    long records, pages, files;
    long missing_pages; /* page rows whose image was missing (reported) */
} hb_handover_report;

int handover_workspace(hb_ws *w, const char *dest, FILE *log,
                       hb_handover_report *rep, hb_err *e);

/* One CSV field per RFC 4180: quoted when it holds a comma, a double
 * quote, CR or LF (quotes doubled); NULL is an empty field. */
void handover_csv_field(FILE *out, const char *value);

#endif
