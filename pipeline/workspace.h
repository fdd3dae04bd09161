/*
 * workspace.h - a school's digitization workspace: the only door to SQL.
 *
 * A workspace is a directory:
 *
 *     DIR/hocba.db    SQLite database (schemas/workspace.sql): books, pages,
 *                     records, fields, review actions (audit), jobs, the
 *                     school's roster
 *     DIR/pages/      the page store: every scanned page as a lossless PNG
 *                     named by its SHA-256 (pages/ab/abcd….png, pagestore.h)
 *     DIR/clean/      cleaned page images written by extraction (book-N/)
 *     DIR/config      school, province, roles required to sign (wsconfig.h)
 *
 * Every SQL statement of hocba lives in workspace.c; other modules call the
 * functions below.  One hb_ws is one SQLite connection: open one per process
 * (worker) or per thread, never share one across fork() or threads.  The
 * database runs in WAL mode with a busy timeout, so several processes (the
 * scanner, workers, the review server) may use it at once; writers take
 * turns.
 *
 * Records (student-years) move through states:
 *     draft -> in_review -> approved -> signed -> issued -> revoked
 * Before signing a record may move freely between draft, in_review and
 * approved (a reviewer sends it back); once signed it only moves forward,
 * and its XML is never rewritten (a correction is a new version that
 * replaces it).  Revoked is final.
 *
 * Jobs: a stage's unit of work ("extract" one book).  queued -> claimed ->
 * done | failed.  ws_job_claim takes the oldest claimable job atomically
 * (BEGIN IMMEDIATE ... UPDATE ... RETURNING) and gives its worker a lease;
 * a claimed job whose lease has run out (the worker was killed) is claimable
 * again, and each claim counts one attempt.  A worker finishes or fails only
 * a job it still holds (same worker, same attempt): a worker that lost its
 * lease cannot finish the job a second time.  To make a job's results and
 * its completion one atomic step, call ws_job_finish inside ws_tx_begin /
 * ws_tx_commit together with the writes of the results.
 */
#ifndef HB_WORKSPACE_H
#define HB_WORKSPACE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "record.h"
#include "wsconfig.h"

#define WS_DB_NAME "hocba.db"
#define WS_PAGES_DIR "pages"
#define WS_CLEAN_DIR "clean"
#define WS_CONFIG_NAME "config"

/* Claims expire and are retried; a job whose worker died this many times
 * is failed instead ("a page that crashes the reader" must not loop). */
#define WS_JOB_MAX_ATTEMPTS 3

typedef struct hb_ws hb_ws;

/* ---- opening ------------------------------------------------------------ */

/* The workspace directory a command should use: `opt` (from -w/--workspace)
 * when given, else $HOCBA_WORKSPACE, else ".". */
const char *ws_locate(const char *opt);

/* Creates a workspace in `dir` (created if missing; its parent must exist):
 * the database with the current schema, pages/, clean/ and config written
 * from `cfg` (NULL = defaults).  Refuses (HB_EDUP) when `dir` already holds
 * a workspace database or config: nothing there is overwritten. */
int ws_create(const char *dir, const hb_wsconfig *cfg, hb_err *e);

/* Opens the workspace in `dir`: its database (migrated to the current
 * schema when older; refused when newer than this program) and its config.
 * NULL on failure, with `e` naming the directory and the reason. */
hb_ws *ws_open(const char *dir, hb_err *e);
void ws_close(hb_ws *w);

const char *ws_dir(const hb_ws *w);
const hb_wsconfig *ws_config(const hb_ws *w);
int ws_schema_version(hb_ws *w);

/* DIR/rel into buf; NULL when it does not fit. */
char *ws_path(const hb_ws *w, const char *rel, char *buf, size_t size);
/* The stored image of page `sha256`: DIR/pages/ab/abcd….png. */
char *ws_page_image(const hb_ws *w, const char *sha256, char *buf,
                    size_t size);

/* ---- transactions ------------------------------------------------------- */

/* BEGIN IMMEDIATE (takes the write lock now, waiting for other writers up to
 * the busy timeout), COMMIT, ROLLBACK.  The functions below each run in
 * their own transaction unless one is open. */
int ws_tx_begin(hb_ws *w, hb_err *e);
int ws_tx_commit(hb_ws *w, hb_err *e);
void ws_tx_rollback(hb_ws *w);

/* ---- books and pages ---------------------------------------------------- */

typedef struct hb_ws_book {
    int64_t id;
    char *source;   /* the path as given to `hocba scan` */
    char *name;     /* its last component */
    int dpi;
    int n_pages;
    char *state;    /* scanned, queued, processing, extracted, failed */
    char *added_at;
} hb_ws_book;

typedef struct hb_ws_page {
    int64_t id, book;
    int idx;             /* 1-based position in the book */
    char *source_file;   /* "book.pdf", "folder/scan003.png" */
    int source_page;     /* 1-based page within source_file */
    char sha256[65];     /* of the stored PNG (pagestore.h) */
    int dpi, width, height;
    char *state;         /* "stored" or "cleaned" */
    char *clean_image;   /* relative to the workspace, or NULL */
} hb_ws_page;

int ws_add_book(hb_ws *w, const char *source, const char *name, int dpi,
                int64_t *id, hb_err *e);
/* Fills `b` (free with ws_book_clear).  HB_ENOTFOUND when there is none. */
int ws_get_book(hb_ws *w, int64_t id, hb_ws_book *b, hb_err *e);
void ws_book_clear(hb_ws_book *b);
/* Every book, oldest first. */
int ws_list_books(hb_ws *w, hb_ws_book **books, size_t *n, hb_err *e);
void ws_books_free(hb_ws_book *books, size_t n);

/* Adds page `p` (id, state and clean_image ignored) to its book.  When a
 * page with the same sha256 is already in the workspace it is not added:
 * returns -1 with HB_EDUP, and `e` names the book and page that hold it. */
int ws_add_page(hb_ws *w, const hb_ws_page *p, int64_t *id, hb_err *e);
/* The page with this digest: 1 found (filled; free with ws_page_clear),
 * 0 none, -1 error. */
int ws_find_page(hb_ws *w, const char *sha256, hb_ws_page *p, hb_err *e);
/* A book's pages in order (free with ws_pages_free). */
int ws_book_pages(hb_ws *w, int64_t book, hb_ws_page **pages, size_t *n,
                  hb_err *e);
void ws_page_clear(hb_ws_page *p);
void ws_pages_free(hb_ws_page *pages, size_t n);
/* Records the cleaned image of a page (a path relative to the workspace);
 * the page becomes "cleaned". */
int ws_page_set_clean(hb_ws *w, int64_t page, const char *clean_image,
                      hb_err *e);

/* ---- records ------------------------------------------------------------ */

typedef enum hb_rstate {
    HB_RS_DRAFT = 0,
    HB_RS_IN_REVIEW,
    HB_RS_APPROVED,
    HB_RS_SIGNED,
    HB_RS_ISSUED,
    HB_RS_REVOKED
} hb_rstate;
#define HB_RS_COUNT 6

/* "draft", "in_review", ... (the database's words). */
const char *ws_rstate_name(hb_rstate s);
/* -1 when `name` is not a state. */
int ws_rstate_parse(const char *name, hb_rstate *s);

/* What the workspace knows of one record version, without parsing XML. */
typedef struct hb_ws_record {
    char *id;         /* MA_HO_SO (UUID) */
    int version;      /* PHIEN_BAN */
    int64_t book;     /* 0 when not from a scanned book */
    char *year;       /* NAM_HOC, or NULL */
    char *student;    /* LY_LICH/HO_TEN, or NULL */
    hb_rstate state;
    char *replaces;   /* THAY_THE, or NULL */
    char *updated_at;
    char *klass;      /* THONG_TIN_HOC_BA/LOP ("8A"), or NULL (migration 4) */
    int rev;          /* revision: +1 every time the version is stored, so
                       * that a save made from an outdated copy is refused */
    int flagged;      /* fields with review=1 (ws_record_list only) */
    int open;         /* of those, how many no person has explained with a
                       * note (ws_record_list only; see ws_record_notes) */
} hb_ws_record;

/* Stores record `r` (version r->phien_ban) in `state`: its XML written with
 * record_xml_write_mem(r, 1, …) (annotations kept) and every present field
 * in the fields table.  A record without MA_HO_SO gets a new UUID, written
 * into r->ma_ho_so.  Storing a version again replaces its XML and fields,
 * unless that version is signed, issued or revoked (HB_EINVALID).  `book`
 * is the book it was read from (0 = none, or when storing again: keep the
 * book already recorded). */
int ws_record_put(hb_ws *w, int64_t book, hb_record *r, hb_rstate state,
                  hb_err *e);

/* Stores a document verbatim (e.g. a signed one, which must never be
 * re-serialized) as the XML of an existing record version, and sets its
 * state.  The fields table is left as it is. */
int ws_record_set_xml(hb_ws *w, const char *id, int version, const char *xml,
                      hb_rstate state, hb_err *e);

/* Reads version `version` (0 = the latest) of record `id`: `meta` (may be
 * NULL; free with ws_record_clear) and, when `r` is not NULL, the record
 * parsed from its XML.  `xml` (may be NULL) receives a copy of the XML text
 * (free()).  HB_ENOTFOUND when there is none. */
int ws_record_get(hb_ws *w, const char *id, int version, hb_ws_record *meta,
                  hb_record **r, char **xml, hb_err *e);

/* Moves a record version to `state` if the transition is allowed (see the
 * top of this file); HB_EINVALID names it otherwise. */
int ws_record_set_state(hb_ws *w, const char *id, int version, hb_rstate state,
                        hb_err *e);

/* The revision of version `version` (0: the latest) of record `id`
 * (HB_ENOTFOUND when there is none). */
int ws_record_rev(hb_ws *w, const char *id, int version, int *rev, hb_err *e);

/* Record versions, filtered by state (`state` < 0: any) and book (0: any),
 * in book, year, id, version order.  flagged and open are filled. */
int ws_record_list(hb_ws *w, int state, int64_t book, hb_ws_record **list,
                   size_t *n, hb_err *e);
void ws_record_clear(hb_ws_record *m);
void ws_records_free(hb_ws_record *list, size_t n);

/* One row of the fields table (what review queries). */
typedef struct hb_ws_field {
    char *path, *value, *reason;
    int conf, review, page; /* conf -1 / page 0: none */
    hb_box box;
} hb_ws_field;

/* The fields of a record version, in document order; with only_review set,
 * only those flagged for review. */
int ws_record_fields(hb_ws *w, const char *id, int version, int only_review,
                     hb_ws_field **fields, size_t *n, hb_err *e);
void ws_fields_free(hb_ws_field *fields, size_t n);

/* ---- audit -------------------------------------------------------------- */

typedef struct hb_ws_audit {
    int64_t id;
    char *at, *who, *action, *record;
    int version;
    char *path, *old_value, *new_value; /* NULL when not about a field */
    char *note;   /* the person's note ("giấy ghi như vậy"), or NULL */
    char *name;   /* the person's full name, or NULL (migration 4) */
    char *role;   /* their role word ("Giáo viên"), or NULL */
} hb_ws_audit;

/* Appends an action to the audit trail ("who, when, record, field, old,
 * new").  `action` is a short verb ("correct", "confirm", "approve"). */
int ws_audit_add(hb_ws *w, const char *who, const char *action,
                 const char *record, int version, const char *path,
                 const char *old_value, const char *new_value, hb_err *e);
/* The same with the person's note, full name and role word (any may be
 * NULL): what review writes, so that NGUON_SO_HOA/XAC_MINH can be rebuilt
 * from the trail alone. */
int ws_audit_add_full(hb_ws *w, const hb_ws_audit *a, hb_err *e);

/* The note standing on each field of a record version: for every path, the
 * note of the latest "correct" or "confirm" action on it, when that action
 * had one.  A flagged field with a standing note is not open: the reviewer
 * has said the paper reads so.  Free with ws_notes_free. */
typedef struct hb_ws_note {
    char *path, *note;
} hb_ws_note;
int ws_record_notes(hb_ws *w, const char *id, int version,
                    hb_ws_note **notes, size_t *n, hb_err *e);
void ws_notes_free(hb_ws_note *notes, size_t n);

/* ---- people (migration 4) ------------------------------------------------- */

/* An account of the review UI.  Roles: "clerk" (scans, watches the queue),
 * "teacher" (reviews the classes assigned to them), "principal" (sees every
 * record, sends back, signs), "admin" (accounts and settings). */
typedef struct hb_ws_user {
    int64_t id;
    char *login, *full_name, *role;
    char *pw_hash;       /* auth.h's self-describing string */
    int disabled;
    char **classes;      /* "8A" (any year) or "2023-2024/8A" */
    size_t n_classes;
    char *created_at;
} hb_ws_user;

/* Nonzero when `role` is one of the four words above. */
int ws_user_role_ok(const char *role);
/* HB_EDUP when the login exists; HB_EINVALID for a bad role or login
 * (1-64 letters, digits, '.', '_', '-'). */
int ws_user_add(hb_ws *w, const char *login, const char *full_name,
                const char *role, const char *pw_hash, int64_t *id, hb_err *e);
/* By login (or id when login is NULL): HB_ENOTFOUND when none. */
int ws_user_get(hb_ws *w, const char *login, int64_t id, hb_ws_user *u,
                hb_err *e);
int ws_user_list(hb_ws *w, hb_ws_user **list, size_t *n, hb_err *e);
void ws_user_clear(hb_ws_user *u);
void ws_users_free(hb_ws_user *list, size_t n);
/* A new password ends every session of the user. */
int ws_user_set_password(hb_ws *w, const char *login, const char *pw_hash,
                         hb_err *e);
/* Disabling ends every session of the user. */
int ws_user_set_disabled(hb_ws *w, const char *login, int disabled,
                         hb_err *e);
/* Replaces the user's classes. */
int ws_user_set_classes(hb_ws *w, const char *login,
                        const char *const *classes, size_t n, hb_err *e);
/* Nonzero when user `u` may see and review a record of class `klass` in
 * school year `year`: principals always, teachers when one of their classes
 * is "klass" or "year/klass" (compared without case and blanks: "8a" is
 * "8A"), nobody else. */
int ws_user_may_review(const hb_ws_user *u, const char *year,
                       const char *klass);

/* ---- sessions and the login throttle (migration 4) ------------------------ */

/* A login session: the SHA-256 hex of the cookie's token (the token itself
 * is never stored, so a copied database opens no session), its user, its
 * CSRF token and its expiry (Unix seconds). */
int ws_session_add(hb_ws *w, const char *token_sha256, int64_t user,
                   const char *csrf, int64_t expires, hb_err *e);
/* 1 when the session exists, has not expired at `now` and its user is not
 * disabled (u and csrf filled: free u with ws_user_clear; csrf holds 64
 * hex digits + NUL), 0 otherwise, -1 on error.  Expired sessions are
 * removed. */
int ws_session_get(hb_ws *w, const char *token_sha256, int64_t now,
                   hb_ws_user *u, char csrf[65], hb_err *e);
int ws_session_delete(hb_ws *w, const char *token_sha256, hb_err *e);

/* Failed logins, by key ("user:LOGIN", "ip:ADDR"): how many since `since`
 * (Unix seconds); add one at `now`; forget a key's (after a success). */
int ws_login_failures(hb_ws *w, const char *key, int64_t since, int *n,
                      hb_err *e);
int ws_login_failure_add(hb_ws *w, const char *key, int64_t now, hb_err *e);
int ws_login_failures_clear(hb_ws *w, const char *key, hb_err *e);
/* The trail of a record (every version when version is 0), oldest first. */
int ws_audit_list(hb_ws *w, const char *record, int version,
                  hb_ws_audit **list, size_t *n, hb_err *e);
void ws_audit_free(hb_ws_audit *list, size_t n);

/* ---- jobs --------------------------------------------------------------- */

typedef struct hb_job {
    int64_t id;
    char kind[32];
    int64_t target;
    char state[16];     /* queued, claimed, done, failed */
    int attempts;       /* claims so far; also the token of the current one */
    char worker[128];   /* "host:pid" of the last claim, "" if none */
    int64_t lease_expires; /* Unix seconds; 0 if none */
    char error[512];
} hb_job;

int ws_job_enqueue(hb_ws *w, const char *kind, int64_t target, int64_t *id,
                   hb_err *e);
/* Claims the oldest job of `kind` (NULL: any) that is queued or whose lease
 * has expired, for `worker`, until now + lease_seconds.  Returns 1 with `j`
 * filled, 0 when there is nothing to claim, -1 on error.  Expired claims
 * that already used WS_JOB_MAX_ATTEMPTS are failed instead. */
int ws_job_claim(hb_ws *w, const char *kind, const char *worker,
                 int lease_seconds, hb_job *j, hb_err *e);
/* Extends the lease of a job `j` still holds. */
int ws_job_renew(hb_ws *w, const hb_job *j, int lease_seconds, hb_err *e);
/* Marks the job done / failed (with the reason), only if `j` (worker and
 * attempt) still holds it; otherwise HB_EINVALID ("lease lost"). */
int ws_job_finish(hb_ws *w, const hb_job *j, hb_err *e);
int ws_job_fail(hb_ws *w, const hb_job *j, const char *error, hb_err *e);
/* Ends the lease of claimed job `id` now, so that it is claimable at once
 * (for a worker known to be dead). */
int ws_job_expire(hb_ws *w, int64_t id, hb_err *e);
/* Puts failed jobs of `kind` (NULL: any) back in the queue; *n = how many. */
int ws_job_requeue_failed(hb_ws *w, const char *kind, int *n, hb_err *e);
int ws_job_get(hb_ws *w, int64_t id, hb_job *j, hb_err *e);
/* Jobs in `state` (NULL: all), oldest first (free()). */
int ws_job_list(hb_ws *w, const char *state, hb_job **jobs, size_t *n,
                hb_err *e);

/* ---- summaries ---------------------------------------------------------- */

typedef struct hb_ws_count {
    char state[16];
    int64_t n;
} hb_ws_count;

/* How many books, pages, records or jobs (`what`: "books", "pages",
 * "records", "jobs") are in each state; states with none are left out. */
int ws_count_states(hb_ws *w, const char *what, hb_ws_count **counts,
                    size_t *n, hb_err *e);

/* ---- backup ------------------------------------------------------------- */

/* Copies the database, consistently, while others may be using it (SQLite
 * online backup API), to the new file `dst`.  Page images are not copied:
 * the caller copies DIR/pages (files are never modified, only added). */
int ws_backup(hb_ws *w, const char *dst, hb_err *e);

/* ---- the roster (rule 7; migration 3) ----------------------------------- */

/* The school's list of students as stored: the CSV file's bytes exactly as
 * loaded (roster_parse reads them), with the file's name, its SHA-256, how
 * many students it held and when it was loaded. */
typedef struct hb_ws_roster {
    char *name;
    char sha256[65];
    int students;
    char *loaded_at;
    char *csv;   /* NUL-terminated after len bytes */
    size_t len;
} hb_ws_roster;

/* Stores a roster, replacing the one before.  The caller has parsed it
 * (roster_read): `students` is how many it holds, at least 1. */
int ws_roster_set(hb_ws *w, const char *name, const char *csv, size_t len,
                  int students, hb_err *e);
/* The stored roster: 1 (filled; free with ws_roster_clear), 0 none (a
 * workspace without a list: records are not matched), -1 error. */
int ws_roster_get(hb_ws *w, hb_ws_roster *r, hb_err *e);
void ws_roster_clear(hb_ws_roster *r);

/* ---- revocations, table rows, integrity (issue #5: revoke, handover,
 *      restore; migration 2) ------------------------------------------------ */

/* One revoked record version (schemas/workspace.sql, "revocations"). */
typedef struct hb_ws_revocation {
    char *record;       /* MA_HO_SO */
    int version;        /* the revoked version */
    char sha256[65];    /* of its signed XML bytes: the replacement's THAY_THE */
    char *reason;
    char *by;           /* who approved the revocation (the principal) */
    char *at;           /* set by the database when added */
    int replaced_by;    /* the replacing version, 0 when none */
} hb_ws_revocation;

/* Adds a revocation (`at` ignored).  HB_EDUP when that version already has
 * one.  Run it with the state change inside one ws_tx_begin/commit. */
int ws_revocation_add(hb_ws *w, const hb_ws_revocation *r, hb_err *e);
/* The revocation of a record version: 1 found (filled; free with
 * ws_revocation_clear), 0 none, -1 error. */
int ws_revocation_get(hb_ws *w, const char *record, int version,
                      hb_ws_revocation *r, hb_err *e);
void ws_revocation_clear(hb_ws_revocation *r);

/* Every row of one table, for exporting the workspace in open formats:
 * `table` is "books" (with its state), "pages", "fields" (with the record's
 * id and version), "review_actions" (the audit trail) or "revocations".
 * `fn` receives the column names and the values as text (NULL for SQL
 * NULL), in a stable order; a nonzero return stops and is returned. */
typedef int (*ws_row_fn)(void *ctx, int ncols, const char *const *names,
                         const char *const *values);
int ws_table_rows(hb_ws *w, const char *table, ws_row_fn fn, void *ctx,
                  hb_err *e);

/* PRAGMA integrity_check and foreign_key_check: 0 when both are clean,
 * else HB_EDB naming the first problem. */
int ws_check_integrity(hb_ws *w, hb_err *e);

#endif
