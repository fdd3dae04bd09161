/*
 * export.h - one school year's issued records, ready for upload to the
 * Ministry's database (`hocba export --year Y --out DIR`).
 *
 * The học bạ số of a school year is synced to the Ministry after the year
 * ends (deadline.h).  An export is a flat directory:
 *
 *     DIR/<MA_HO_SO>-v<PHIEN_BAN>.xml   the signed record, byte for byte
 *                                       as issued (from the outbox)
 *     DIR/<MA_HO_SO>-v<PHIEN_BAN>.pdf   its rendering, as issued
 *     DIR/manifest.xml                  schemas/export-1.xsd: the school
 *                                       (code, name, commune, province),
 *                                       the year, the counts, and per
 *                                       version: id, version, state, the
 *                                       digest it replaces (THAY_THE),
 *                                       and for each file its SHA-256 and
 *                                       size
 *
 * Every version of the year that was issued is listed: "issued" ones, and
 * "revoked" ones with the version that replaces them and the reason (the
 * Ministry may already hold the revoked document and must learn that it
 * is withdrawn).  Entries are sorted by id and version.
 *
 * Re-running is idempotent: files whose content is already right are not
 * touched, the manifest carries no time stamp, so an unchanged workspace
 * gives byte-identical files.  Files of an earlier export that are no
 * longer listed (named like ours: <id>-v<N>.xml/.pdf) are removed; any
 * other file is left alone and reported.  A directory holding the export
 * of another year or school is refused.  The manifest is written last, so
 * a manifest present means its files are complete; finally the directory
 * is checked as a whole (export_check_dir).
 */
#ifndef HB_EXPORT_H
#define HB_EXPORT_H

#include <stdio.h>

#include "err.h"
#include "workspace.h"

#define EXPORT_MANIFEST "manifest.xml"
#define EXPORT_SCHEMA "schemas/export-1.xsd"

typedef struct hb_export_report {
    int issued, revoked;  /* versions listed, by state */
    int written;          /* files (re)written, manifest included */
    int unchanged;        /* files already right */
    int removed;          /* stale files of an earlier export removed */
    int unknown;          /* other files left in DIR (reported) */
} hb_export_report;

/* Exports school year `year` ("2019-2020") of workspace `w` into `dir`
 * (created when missing).  Notes on removed and unknown files go to `log`
 * (may be NULL).  The workspace config must name the school (school_code).
 * Fills `rep` (may be NULL). */
int export_year(hb_ws *w, const char *year, const char *dir, FILE *log,
                hb_export_report *rep, hb_err *e);

/* Checks an export directory on its own: the manifest is well-formed and
 * valid against its schema; its counts agree with its entries; every listed
 * file is there with its size and SHA-256; every XML is a valid record
 * (schemas/hocba-1.xsd) whose MA_HO_SO, PHIEN_BAN and NAM_HOC are those of
 * its entry; every PDF is a PDF; no file named like an export file is
 * missing from the manifest.  Other files are reported to `log` and counted
 * in rep->unknown (may be NULL) but do not fail the check.  0 when the
 * directory is ready for upload; otherwise HB_EINVALID naming the first
 * problem. */
int export_check_dir(const char *dir, FILE *log, hb_export_report *rep,
                     hb_err *e);

#endif
