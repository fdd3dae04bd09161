/*
 * backup.h - consistent backups of a workspace while it is in use, and
 * checked restores (`hocba backup DEST`, `hocba restore SRC DIR`).
 *
 * A school's workspace is years of scanning and reviewing; the office PC
 * it lives on is not a safe place.  A backup may be taken at any time,
 * while `hocba process` workers and the review server write:
 *
 *   - the database through SQLite's online backup API in one step
 *     (ws_backup: one read transaction, so it is the state of one instant,
 *     and writers are never blocked, WAL mode);
 *   - then the files, which are never modified once written: the page
 *     store (content-addressed: every file is checked against its name as
 *     it is copied), the cleaned images the database refers to, the
 *     outbox of issued records, and the config.  Files are copied after
 *     the database, so everything the copied database refers to is there
 *     (a page is stored before its row is committed; an image added after
 *     the snapshot is merely extra);
 *   - DEST/MANIFEST.sha256, in the format of `sha256sum` (anyone can check
 *     a backup with `cd DEST && sha256sum -c MANIFEST.sha256`), written
 *     last: a backup without it is incomplete.
 * Everything is written into a staging directory beside DEST and renamed
 * to DEST at the end, after the copy has been checked like a restore
 * checks it, so DEST is either a complete backup or absent.
 *
 * A restore goes into a new workspace directory (never over an existing
 * one), through a staging directory renamed at the end: every file is
 * copied against the manifest's digest, pages also against their names,
 * then the database is checked (PRAGMA integrity_check, foreign keys) and
 * every page and record the database lists must check out (see
 * backup_check_workspace).
 */
#ifndef HB_BACKUP_H
#define HB_BACKUP_H

#include <stdio.h>

#include "err.h"
#include "workspace.h"

#define BACKUP_MANIFEST "MANIFEST.sha256"

typedef struct hb_backup_report {
    long files;             /* files in the backup, manifest excluded */
    long long bytes;        /* their total size */
    long pages;             /* page rows checked */
    long records;           /* record versions checked */
    long skipped;           /* files left out (in progress, unknown) */
} hb_backup_report;

/* Backs up workspace `w` into `dest`, which must not exist (or be an
 * empty directory).  Notes on skipped files go to `log` (may be NULL). */
int backup_workspace(hb_ws *w, const char *dest, FILE *log,
                     hb_backup_report *rep, hb_err *e);

/* Restores the backup `src` into the new workspace directory `dir` (which
 * must not exist, or be empty).  Nothing is left in `dir` on failure. */
int backup_restore(const char *src, const char *dir, FILE *log,
                   hb_backup_report *rep, hb_err *e);

/* Checks an open workspace as a restore does: the database's integrity;
 * every page row has its image in the page store (with full_pages set,
 * re-read and checked against its name); every record version's XML is
 * well-formed and valid against the schema, a record read from a book
 * cites only pages of the store (NGUON_SO_HOA/TRANG), and an issued or
 * revoked version's outbox XML, when present, holds exactly its bytes.
 * Counts go to rep->pages and rep->records (rep may be NULL). */
int backup_check_workspace(hb_ws *w, int full_pages, hb_backup_report *rep,
                           hb_err *e);

#endif
