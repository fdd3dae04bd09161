/*
 * workspace.c - the workspace database (see workspace.h).  Every SQL
 * statement of hocba is in this file.
 *
 * Why SQLite and these settings (c-libraries.md, "SQLite"): one file, no
 * server for a school office PC; WAL so that readers (the review server)
 * never block the writer; a busy timeout so that several workers take turns
 * instead of failing; foreign keys so that a page cannot point to a book
 * that is not there; synchronous=NORMAL, which with WAL loses at most the
 * last transactions on power loss, never consistency.
 */
#include "workspace.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "datadir.h"
#include "files.h"
#include "pagestore.h"
#include "record_xml.h"
#include "text.h"
#include "workspace_int.h"

/* The schema version this program was written for: migrations 1..this of
 * schemas/workspace.sql.  Raise it when appending a migration there. */
#define WS_SCHEMA_VERSION 4

#define WS_BUSY_MS 10000 /* writers queue up to this long for the lock */

int ws_tx_begin(hb_ws *w, hb_err *e)
{
    if (w->in_tx)
        return err_set(e, HB_EUSAGE, "%s: a transaction is already open",
                       w->dbpath);
    if (begin_immediate(w, e))
        return -1;
    w->in_tx = 1;
    return 0;
}

int ws_tx_commit(hb_ws *w, hb_err *e)
{
    if (!w->in_tx)
        return err_set(e, HB_EUSAGE, "%s: no transaction is open", w->dbpath);
    w->in_tx = 0;
    if (sqlite3_exec(w->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        int rc = db_fail(w, e, "commit");
        sqlite3_exec(w->db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    return 0;
}

void ws_tx_rollback(hb_ws *w)
{
    if (!w->in_tx)
        return;
    w->in_tx = 0;
    sqlite3_exec(w->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ---- paths -------------------------------------------------------------- */

const char *ws_locate(const char *opt)
{
    if (opt && *opt)
        return opt;
    const char *env = getenv("HOCBA_WORKSPACE");
    if (env && *env)
        return env;
    return ".";
}

static char *join(const char *dir, const char *rel)
{
    size_t n = strlen(dir) + strlen(rel) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, rel);
    return p;
}

const char *ws_dir(const hb_ws *w)
{
    return w->dir;
}

const hb_wsconfig *ws_config(const hb_ws *w)
{
    return &w->cfg;
}

char *ws_path(const hb_ws *w, const char *rel, char *buf, size_t size)
{
    int n = snprintf(buf, size, "%s/%s", w->dir, rel);
    return n < 0 || (size_t)n >= size ? NULL : buf;
}

char *ws_page_image(const hb_ws *w, const char *sha256, char *buf,
                    size_t size)
{
    char root[4096];
    if (!ws_path(w, WS_PAGES_DIR, root, sizeof root))
        return NULL;
    return pagestore_path(root, sha256, buf, size);
}

/* ---- schema and migrations ---------------------------------------------- */

/* Reads schemas/workspace.sql and returns migration `n`'s SQL text (the
 * lines after "-- migration n" up to the next marker), newly allocated. */
static char *migration_text(int n, hb_err *e)
{
    char path[4096];
    if (!datadir_path("schemas/workspace.sql", path, sizeof path)) {
        err_set(e, HB_EIO, "schemas/workspace.sql: data directory path too long");
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        err_set(e, HB_EIO, "%s: %s (set HOCBA_DATADIR to hocba's data "
                "directory)", path, strerror(errno));
        return NULL;
    }
    char *out = NULL;
    size_t len = 0, cap = 0;
    int cur = 0, found = 0;
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        int m;
        if (sscanf(line, "-- migration %d", &m) == 1) {
            cur = m;
            found |= m == n;
            continue;
        }
        if (cur != n)
            continue;
        size_t l = strlen(line);
        if (len + l + 1 > cap) {
            size_t nc = cap ? cap * 2 : 8192;
            while (nc < len + l + 1)
                nc *= 2;
            char *p = realloc(out, nc);
            if (!p) {
                free(out);
                fclose(f);
                err_set(e, HB_ENOMEM, "%s: out of memory", path);
                return NULL;
            }
            out = p;
            cap = nc;
        }
        memcpy(out + len, line, l + 1);
        len += l;
    }
    fclose(f);
    if (!found || !out) {
        free(out);
        err_set(e, HB_EIO, "%s: migration %d is missing", path, n);
        return NULL;
    }
    return out;
}

/* The version recorded in the database, 0 for a new one; -1 on error. */
static int read_version(hb_ws *w, hb_err *e)
{
    sqlite3_stmt *st;
    if (prep(w, "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                "AND name = 'schema_version'", &st, e))
        return -1;
    int rc = sqlite3_step(st);
    int has = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    if (has < 0)
        return db_fail(w, e, "reading the schema version");
    if (!has)
        return 0;
    if (prep(w, "SELECT coalesce(max(version), 0) FROM schema_version", &st, e))
        return -1;
    rc = sqlite3_step(st);
    int v = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    if (v < 0)
        return db_fail(w, e, "reading the schema version");
    return v;
}

int ws_schema_version(hb_ws *w)
{
    return read_version(w, NULL);
}

/* Applies every missing migration, each in its own transaction.  The version
 * is re-read under the write lock, so two processes opening an old
 * workspace at once apply each migration once. */
static int migrate(hb_ws *w, hb_err *e)
{
    int v = read_version(w, e);
    if (v < 0)
        return -1;
    if (v > WS_SCHEMA_VERSION)
        return err_set(e, HB_EINVALID,
                       "%s: schema version %d is newer than this hocba "
                       "understands (%d); use a newer hocba", w->dbpath, v,
                       WS_SCHEMA_VERSION);
    while (v < WS_SCHEMA_VERSION) {
        char *sql = migration_text(v + 1, e);
        if (!sql)
            return -1;
        int rc = begin_immediate(w, e);
        if (rc == 0) {
            int now = read_version(w, e);
            if (now < 0)
                rc = -1;
            else if (now == v) {
                sqlite3_stmt *st = NULL;
                rc = exec_sql(w,
                              "CREATE TABLE IF NOT EXISTS schema_version ("
                              " version INTEGER PRIMARY KEY,"
                              " applied_at TEXT NOT NULL DEFAULT"
                              " (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))", e);
                if (rc == 0)
                    rc = exec_sql(w, sql, e);
                if (rc == 0)
                    rc = prep(w, "INSERT INTO schema_version(version) "
                                 "VALUES (?)", &st, e);
                if (rc == 0) {
                    sqlite3_bind_int(st, 1, v + 1);
                    rc = step_done(w, st, "recording the schema version", e);
                }
                sqlite3_finalize(st);
            }
            rc = tx_leave(w, 1, rc, e);
        }
        free(sql);
        if (rc)
            return -1;
        v = read_version(w, e);
        if (v < 0)
            return -1;
    }
    return 0;
}

/* ---- opening ------------------------------------------------------------ */

static int connect_db(hb_ws *w, int flags, hb_err *e)
{
    if (sqlite3_open_v2(w->dbpath, &w->db, flags, NULL) != SQLITE_OK) {
        err_set(e, HB_EDB, "%s: %s", w->dbpath,
                w->db ? sqlite3_errmsg(w->db) : "cannot open");
        return -1;
    }
    sqlite3_busy_timeout(w->db, WS_BUSY_MS);
    sqlite3_extended_result_codes(w->db, 0);
    /* journal_mode returns a row, so it goes through exec, not step_done. */
    if (exec_sql(w, "PRAGMA journal_mode = WAL", e) ||
        exec_sql(w, "PRAGMA synchronous = NORMAL", e) ||
        exec_sql(w, "PRAGMA foreign_keys = ON", e))
        return -1;
    return 0;
}

static hb_ws *ws_alloc(const char *dir, hb_err *e)
{
    hb_ws *w = calloc(1, sizeof *w);
    if (w && (w->dir = strdup(dir))) {
        /* "ws/" and "ws" are the same workspace, and paths made from it
         * (stored relative to it) must not depend on how it was named. */
        size_t n = strlen(w->dir);
        while (n > 1 && w->dir[n - 1] == '/')
            w->dir[--n] = '\0';
        w->dbpath = join(w->dir, WS_DB_NAME);
    }
    if (!w || !w->dir || !w->dbpath) {
        ws_close(w);
        err_set(e, HB_ENOMEM, "%s: out of memory", dir);
        return NULL;
    }
    return w;
}

void ws_close(hb_ws *w)
{
    if (!w)
        return;
    if (w->in_tx)
        ws_tx_rollback(w);
    sqlite3_close_v2(w->db);
    wsconfig_free(&w->cfg);
    free(w->dir);
    free(w->dbpath);
    free(w);
}

hb_ws *ws_open(const char *dir, hb_err *e)
{
    hb_ws *w = ws_alloc(dir, e);
    if (!w)
        return NULL;
    struct stat st;
    if (stat(w->dbpath, &st) != 0) {
        if (errno == ENOENT)
            err_set(e, HB_ENOTFOUND, "%s: not a hocba workspace (no %s); "
                    "create one with 'hocba init %s'", dir, WS_DB_NAME, dir);
        else
            err_set(e, HB_EIO, "%s: %s", w->dbpath, strerror(errno));
        ws_close(w);
        return NULL;
    }
    char *cfgpath = join(dir, WS_CONFIG_NAME);
    int rc = cfgpath ? 0 : err_set(e, HB_ENOMEM, "%s: out of memory", dir);
    if (rc == 0)
        rc = connect_db(w, SQLITE_OPEN_READWRITE, e);
    if (rc == 0)
        rc = migrate(w, e);
    if (rc == 0)
        rc = wsconfig_init(&w->cfg, e);
    if (rc == 0)
        rc = wsconfig_read(&w->cfg, cfgpath, e);
    free(cfgpath);
    if (rc) {
        ws_close(w);
        return NULL;
    }
    return w;
}

static int make_dir(const char *path, hb_err *e)
{
    if (mkdir(path, 0755) == 0)
        return 0;
    struct stat st;
    if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return 0;
    return err_set(e, HB_EIO, "%s: %s", path,
                   errno == EEXIST ? "exists and is not a directory"
                                   : strerror(errno));
}

int ws_create(const char *dir, const hb_wsconfig *cfg, hb_err *e)
{
    hb_ws *w = ws_alloc(dir, e);
    if (!w)
        return -1;
    char *cfgpath = join(dir, WS_CONFIG_NAME);
    char *pages = join(dir, WS_PAGES_DIR);
    char *clean = join(dir, WS_CLEAN_DIR);
    int rc = 0, made_db = 0, made_cfg = 0;
    struct stat st;
    if (!cfgpath || !pages || !clean)
        rc = err_set(e, HB_ENOMEM, "%s: out of memory", dir);
    if (rc == 0)
        rc = make_dir(dir, e);
    if (rc == 0 && (stat(w->dbpath, &st) == 0 || stat(cfgpath, &st) == 0))
        rc = err_set(e, HB_EDUP, "%s: already a hocba workspace; nothing was "
                     "changed", dir);
    if (rc == 0) {
        /* O_EXCL: of two `hocba init` racing, one wins, none overwrites. */
        int fd = open(w->dbpath, O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (fd < 0)
            rc = err_set(e, errno == EEXIST ? HB_EDUP : HB_EIO, "%s: %s",
                         w->dbpath, errno == EEXIST
                             ? "already a hocba workspace; nothing was changed"
                             : strerror(errno));
        else {
            close(fd);
            made_db = 1;
        }
    }
    if (rc == 0)
        rc = make_dir(pages, e);
    if (rc == 0)
        rc = make_dir(clean, e);
    if (rc == 0) {
        hb_wsconfig def;
        if (cfg)
            rc = wsconfig_write(cfg, cfgpath, e);
        else if ((rc = wsconfig_init(&def, e)) == 0) {
            rc = wsconfig_write(&def, cfgpath, e);
            wsconfig_free(&def);
        }
        made_cfg = rc == 0;
    }
    if (rc == 0)
        rc = connect_db(w, SQLITE_OPEN_READWRITE, e);
    if (rc == 0)
        rc = migrate(w, e);
    sqlite3_close_v2(w->db);
    w->db = NULL;
    if (rc && made_db) {
        /* Leave no half-made workspace that a later init would refuse. */
        char side[4200];
        unlink(w->dbpath);
        snprintf(side, sizeof side, "%s-wal", w->dbpath);
        unlink(side);
        snprintf(side, sizeof side, "%s-shm", w->dbpath);
        unlink(side);
        if (made_cfg)
            unlink(cfgpath);
    }
    free(cfgpath);
    free(pages);
    free(clean);
    ws_close(w);
    return rc;
}

/* ---- books -------------------------------------------------------------- */

int ws_add_book(hb_ws *w, const char *source, const char *name, int dpi,
                int64_t *id, hb_err *e)
{
    sqlite3_stmt *st;
    if (prep(w, "INSERT INTO books(source, name, dpi) VALUES (?, ?, ?)", &st, e))
        return -1;
    sqlite3_bind_text(st, 1, source, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 3, dpi);
    int rc = step_done(w, st, "adding a book", e);
    sqlite3_finalize(st);
    if (rc == 0 && id)
        *id = sqlite3_last_insert_rowid(w->db);
    return rc;
}

#define BOOK_COLS                                                           \
    "SELECT b.id, b.source, b.name, b.dpi, b.added_at,"                    \
    " (SELECT count(*) FROM pages p WHERE p.book = b.id), s.state"         \
    " FROM books b JOIN book_states s ON s.book = b.id "

static int book_row(sqlite3_stmt *st, hb_ws_book *b)
{
    memset(b, 0, sizeof *b);
    b->id = sqlite3_column_int64(st, 0);
    b->source = col_text(st, 1);
    b->name = col_text(st, 2);
    b->dpi = sqlite3_column_int(st, 3);
    b->added_at = col_text(st, 4);
    b->n_pages = sqlite3_column_int(st, 5);
    b->state = col_text(st, 6);
    return b->source && b->name && b->added_at && b->state ? 0 : -1;
}

void ws_book_clear(hb_ws_book *b)
{
    if (!b)
        return;
    free(b->source);
    free(b->name);
    free(b->added_at);
    free(b->state);
    memset(b, 0, sizeof *b);
}

int ws_get_book(hb_ws *w, int64_t id, hb_ws_book *b, hb_err *e)
{
    sqlite3_stmt *st;
    memset(b, 0, sizeof *b);
    if (prep(w, BOOK_COLS "WHERE b.id = ?", &st, e))
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        rc = book_row(st, b) ? err_set(e, HB_ENOMEM, "out of memory") : 0;
    else if (rc == SQLITE_DONE)
        rc = err_set(e, HB_ENOTFOUND, "%s: no book %lld", w->dir, (long long)id);
    else
        rc = db_fail(w, e, "reading a book");
    sqlite3_finalize(st);
    if (rc)
        ws_book_clear(b);
    return rc;
}

void ws_books_free(hb_ws_book *books, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ws_book_clear(&books[i]);
    free(books);
}

int ws_list_books(hb_ws *w, hb_ws_book **books, size_t *n, hb_err *e)
{
    sqlite3_stmt *st;
    *books = NULL;
    *n = 0;
    if (prep(w, BOOK_COLS "ORDER BY b.id", &st, e))
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        hb_ws_book *b = grow((void **)books, n, &cap, sizeof **books);
        if (!b || book_row(st, b)) {
            rc = SQLITE_NOMEM;
            break;
        }
    }
    int out = rc == SQLITE_DONE ? 0
              : rc == SQLITE_NOMEM ? err_set(e, HB_ENOMEM, "out of memory")
                                   : db_fail(w, e, "listing books");
    sqlite3_finalize(st);
    if (out) {
        ws_books_free(*books, *n);
        *books = NULL;
        *n = 0;
    }
    return out;
}

/* ---- pages -------------------------------------------------------------- */

#define PAGE_COLS                                                           \
    "SELECT id, book, idx, source_file, source_page, sha256, dpi, width,"  \
    " height, state, clean_image FROM pages "

static int page_row(sqlite3_stmt *st, hb_ws_page *p)
{
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(st, 0);
    p->book = sqlite3_column_int64(st, 1);
    p->idx = sqlite3_column_int(st, 2);
    p->source_file = col_text(st, 3);
    p->source_page = sqlite3_column_int(st, 4);
    col_copy(st, 5, p->sha256, sizeof p->sha256);
    p->dpi = sqlite3_column_int(st, 6);
    p->width = sqlite3_column_int(st, 7);
    p->height = sqlite3_column_int(st, 8);
    p->state = col_text(st, 9);
    p->clean_image = col_text(st, 10);
    return p->source_file && p->state ? 0 : -1;
}

void ws_page_clear(hb_ws_page *p)
{
    if (!p)
        return;
    free(p->source_file);
    free(p->state);
    free(p->clean_image);
    memset(p, 0, sizeof *p);
}

void ws_pages_free(hb_ws_page *pages, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ws_page_clear(&pages[i]);
    free(pages);
}

int ws_find_page(hb_ws *w, const char *sha256, hb_ws_page *p, hb_err *e)
{
    sqlite3_stmt *st;
    memset(p, 0, sizeof *p);
    if (prep(w, PAGE_COLS "WHERE sha256 = ?", &st, e))
        return -1;
    sqlite3_bind_text(st, 1, sha256, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st), out;
    if (rc == SQLITE_ROW)
        out = page_row(st, p) ? err_set(e, HB_ENOMEM, "out of memory") : 1;
    else if (rc == SQLITE_DONE)
        out = 0;
    else
        out = db_fail(w, e, "finding a page");
    sqlite3_finalize(st);
    if (out < 0)
        ws_page_clear(p);
    return out;
}

static int dup_page(hb_ws *w, const char *sha256, hb_err *e)
{
    hb_ws_page old;
    int found = ws_find_page(w, sha256, &old, e);
    if (found <= 0)
        return found;
    err_set(e, HB_EDUP, "the same image as page %d of book %lld (%s page %d)",
            old.idx, (long long)old.book, old.source_file, old.source_page);
    ws_page_clear(&old);
    return 1;
}

int ws_add_page(hb_ws *w, const hb_ws_page *p, int64_t *id, hb_err *e)
{
    if (!pagestore_is_sha256(p->sha256))
        return err_set(e, HB_EINVALID, "page %d: malformed SHA-256", p->idx);
    int own, rc = tx_enter(w, &own, e);
    if (rc)
        return -1;
    int dup = dup_page(w, p->sha256, e);
    if (dup)
        return tx_leave(w, own, -1, e);
    sqlite3_stmt *st;
    rc = prep(w, "INSERT INTO pages(book, idx, source_file, source_page,"
                 " sha256, dpi, width, height) VALUES (?,?,?,?,?,?,?,?)",
              &st, e);
    if (rc == 0) {
        sqlite3_bind_int64(st, 1, p->book);
        sqlite3_bind_int(st, 2, p->idx);
        sqlite3_bind_text(st, 3, p->source_file, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 4, p->source_page);
        sqlite3_bind_text(st, 5, p->sha256, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 6, p->dpi);
        sqlite3_bind_int(st, 7, p->width);
        sqlite3_bind_int(st, 8, p->height);
        rc = step_done(w, st, "adding a page", e);
        sqlite3_finalize(st);
    }
    if (rc == 0 && id)
        *id = sqlite3_last_insert_rowid(w->db);
    return tx_leave(w, own, rc, e);
}

int ws_book_pages(hb_ws *w, int64_t book, hb_ws_page **pages, size_t *n,
                  hb_err *e)
{
    sqlite3_stmt *st;
    *pages = NULL;
    *n = 0;
    if (prep(w, PAGE_COLS "WHERE book = ? ORDER BY idx", &st, e))
        return -1;
    sqlite3_bind_int64(st, 1, book);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        hb_ws_page *p = grow((void **)pages, n, &cap, sizeof **pages);
        if (!p || page_row(st, p)) {
            rc = SQLITE_NOMEM;
            break;
        }
    }
    int out = rc == SQLITE_DONE ? 0
              : rc == SQLITE_NOMEM ? err_set(e, HB_ENOMEM, "out of memory")
                                   : db_fail(w, e, "listing pages");
    sqlite3_finalize(st);
    if (out) {
        ws_pages_free(*pages, *n);
        *pages = NULL;
        *n = 0;
    }
    return out;
}

int ws_page_set_clean(hb_ws *w, int64_t page, const char *clean_image,
                      hb_err *e)
{
    sqlite3_stmt *st;
    if (prep(w, "UPDATE pages SET clean_image = ?, state = CASE WHEN ? IS"
                " NULL THEN 'stored' ELSE 'cleaned' END WHERE id = ?",
             &st, e))
        return -1;
    bind_text_or_null(st, 1, clean_image);
    bind_text_or_null(st, 2, clean_image);
    sqlite3_bind_int64(st, 3, page);
    int rc = step_done(w, st, "recording a cleaned page", e);
    sqlite3_finalize(st);
    if (rc == 0 && sqlite3_changes(w->db) == 0)
        rc = err_set(e, HB_ENOTFOUND, "%s: no page %lld", w->dir,
                     (long long)page);
    return rc;
}

/* ---- records ------------------------------------------------------------ */

static const char *const rstate_names[HB_RS_COUNT] = {
    "draft", "in_review", "approved", "signed", "issued", "revoked"
};

const char *ws_rstate_name(hb_rstate s)
{
    return (unsigned)s < HB_RS_COUNT ? rstate_names[s] : "?";
}

int ws_rstate_parse(const char *name, hb_rstate *s)
{
    for (int i = 0; i < HB_RS_COUNT; i++)
        if (name && strcmp(name, rstate_names[i]) == 0) {
            *s = (hb_rstate)i;
            return 0;
        }
    return -1;
}

/* The record life cycle of workspace.h: free before signing, forward only
 * after, revoked final. */
static int transition_ok(hb_rstate from, hb_rstate to)
{
    if (from == to)
        return from != HB_RS_REVOKED;
    switch (from) {
    case HB_RS_DRAFT:
    case HB_RS_IN_REVIEW:
        return to == HB_RS_DRAFT || to == HB_RS_IN_REVIEW || to == HB_RS_APPROVED;
    case HB_RS_APPROVED:
        return to == HB_RS_DRAFT || to == HB_RS_IN_REVIEW || to == HB_RS_SIGNED;
    case HB_RS_SIGNED:
        return to == HB_RS_ISSUED || to == HB_RS_REVOKED;
    case HB_RS_ISSUED:
        return to == HB_RS_REVOKED;
    default:
        return 0;
    }
}

/* The state of a stored version: 1 found (*rid, *state), 0 none, -1 error. */
static int record_lookup(hb_ws *w, const char *id, int version, int64_t *rid,
                         hb_rstate *state, hb_err *e)
{
    sqlite3_stmt *st;
    if (prep(w, "SELECT rid, state FROM records WHERE id = ? AND version = ?",
             &st, e))
        return -1;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, version);
    int rc = sqlite3_step(st), out;
    if (rc == SQLITE_ROW) {
        *rid = sqlite3_column_int64(st, 0);
        out = ws_rstate_parse((const char *)sqlite3_column_text(st, 1), state)
                  ? err_set(e, HB_EDB, "%s: record %s: unknown state",
                            w->dbpath, id)
                  : 1;
    } else if (rc == SQLITE_DONE)
        out = 0;
    else
        out = db_fail(w, e, "reading a record");
    sqlite3_finalize(st);
    return out;
}

typedef struct field_ins {
    hb_ws *w;
    sqlite3_stmt *st;
    int64_t rid;
    int ord;
    hb_err *e;
} field_ins;

static int field_insert_cb(const char *path, hb_field *f, void *ctx)
{
    field_ins *fi = ctx;
    sqlite3_stmt *st = fi->st;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    sqlite3_bind_int64(st, 1, fi->rid);
    sqlite3_bind_int(st, 2, ++fi->ord);
    sqlite3_bind_text(st, 3, path, -1, SQLITE_TRANSIENT);
    bind_text_or_null(st, 4, f->value);
    if (f->conf >= 0)
        sqlite3_bind_int(st, 5, f->conf);
    sqlite3_bind_int(st, 6, f->review ? 1 : 0);
    bind_text_or_null(st, 7, f->reason);
    if (f->page > 0) {
        sqlite3_bind_int(st, 8, f->page);
        sqlite3_bind_int(st, 9, f->box.x);
        sqlite3_bind_int(st, 10, f->box.y);
        sqlite3_bind_int(st, 11, f->box.w);
        sqlite3_bind_int(st, 12, f->box.h);
    }
    if (sqlite3_step(st) != SQLITE_DONE) {
        err_set(fi->e, HB_EDB, "%s: storing field %s: %s", fi->w->dbpath, path,
                sqlite3_errmsg(fi->w->db));
        return -1;
    }
    return 0;
}

static int fields_store(hb_ws *w, int64_t rid, hb_record *r, hb_err *e)
{
    sqlite3_stmt *st;
    if (prep(w, "DELETE FROM fields WHERE record = ?", &st, e))
        return -1;
    sqlite3_bind_int64(st, 1, rid);
    int rc = step_done(w, st, "clearing fields", e);
    sqlite3_finalize(st);
    if (rc)
        return -1;
    if (prep(w, "INSERT INTO fields(record, ord, path, value, conf, review,"
                " reason, page, box_x, box_y, box_w, box_h)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", &st, e))
        return -1;
    field_ins fi = { w, st, rid, 0, e };
    rc = record_visit_fields(r, 0, field_insert_cb, &fi);
    sqlite3_finalize(st);
    return rc ? -1 : 0;
}

int ws_record_put(hb_ws *w, int64_t book, hb_record *r, hb_rstate state,
                  hb_err *e)
{
    if ((unsigned)state >= HB_RS_COUNT)
        return err_set(e, HB_EUSAGE, "record: invalid state %d", (int)state);
    if (r->phien_ban < 1)
        return err_set(e, HB_EINVALID, "record %s: version %d is not >= 1",
                       r->ma_ho_so ? r->ma_ho_so : "(new)", r->phien_ban);
    if (!r->ma_ho_so && !(r->ma_ho_so = files_make_uuid(e)))
        return -1;
    size_t len = 0;
    char *xml = record_xml_write_mem(r, 1, &len, e);
    if (!xml)
        return -1;
    int own, rc = tx_enter(w, &own, e);
    if (rc) {
        free(xml);
        return -1;
    }
    int64_t rid = 0;
    hb_rstate old;
    int found = record_lookup(w, r->ma_ho_so, r->phien_ban, &rid, &old, e);
    sqlite3_stmt *st = NULL;
    if (found < 0)
        rc = -1;
    else if (found && (old == HB_RS_SIGNED || old == HB_RS_ISSUED ||
                       old == HB_RS_REVOKED))
        rc = err_set(e, HB_EINVALID, "record %s version %d is %s: it is never "
                     "rewritten; make a new version", r->ma_ho_so,
                     r->phien_ban, ws_rstate_name(old));
    else if (found && !transition_ok(old, state))
        rc = err_set(e, HB_EINVALID, "record %s version %d: %s -> %s is not "
                     "allowed", r->ma_ho_so, r->phien_ban,
                     ws_rstate_name(old), ws_rstate_name(state));
    else if (found)
        rc = prep(w, "UPDATE records SET book = coalesce(?1, book), year = ?2,"
                     " student = ?3,"
                     " state = ?4, xml = ?5, replaces = ?6, class = ?10,"
                     " rev = rev + 1, updated_at ="
                     " strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE rid = ?7",
                  &st, e);
    else
        rc = prep(w, "INSERT INTO records(book, year, student, state, xml,"
                     " replaces, id, version, class)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?8, ?9, ?10)", &st, e);
    if (rc == 0) {
        if (book > 0)
            sqlite3_bind_int64(st, 1, book);
        bind_text_or_null(st, 2, r->year.nam_hoc.value);
        bind_text_or_null(st, 3, r->student.ho_ten.value);
        sqlite3_bind_text(st, 4, ws_rstate_name(state), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, xml, (int)len, SQLITE_STATIC);
        bind_text_or_null(st, 6, r->thay_the);
        bind_text_or_null(st, 10, r->year.lop.value);
        if (found)
            sqlite3_bind_int64(st, 7, rid);
        else {
            sqlite3_bind_text(st, 8, r->ma_ho_so, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(st, 9, r->phien_ban);
        }
        rc = step_done(w, st, "storing a record", e);
        if (rc == 0 && !found)
            rid = sqlite3_last_insert_rowid(w->db);
    }
    sqlite3_finalize(st);
    if (rc == 0)
        rc = fields_store(w, rid, r, e);
    free(xml);
    return tx_leave(w, own, rc, e);
}

int ws_record_set_xml(hb_ws *w, const char *id, int version, const char *xml,
                      hb_rstate state, hb_err *e)
{
    if ((unsigned)state >= HB_RS_COUNT)
        return err_set(e, HB_EUSAGE, "record: invalid state %d", (int)state);
    int own, rc = tx_enter(w, &own, e);
    if (rc)
        return -1;
    int64_t rid;
    hb_rstate old;
    int found = record_lookup(w, id, version, &rid, &old, e);
    if (found < 0)
        rc = -1;
    else if (!found)
        rc = err_set(e, HB_ENOTFOUND, "%s: no record %s version %d", w->dir,
                     id, version);
    else if (old == HB_RS_ISSUED || old == HB_RS_REVOKED)
        rc = err_set(e, HB_EINVALID, "record %s version %d is %s: its "
                     "document is never rewritten", id, version,
                     ws_rstate_name(old));
    else if (!transition_ok(old, state))
        rc = err_set(e, HB_EINVALID, "record %s version %d: %s -> %s is not "
                     "allowed", id, version, ws_rstate_name(old),
                     ws_rstate_name(state));
    sqlite3_stmt *st = NULL;
    if (rc == 0)
        rc = prep(w, "UPDATE records SET xml = ?, state = ?, rev = rev + 1,"
                     " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
                     " WHERE rid = ?", &st, e);
    if (rc == 0) {
        sqlite3_bind_text(st, 1, xml, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, ws_rstate_name(state), -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, rid);
        rc = step_done(w, st, "storing a record document", e);
    }
    sqlite3_finalize(st);
    return tx_leave(w, own, rc, e);
}

/* Column 8 is the XML; 9 and 10 the class and revision; 11 and 12 the
 * counts of flagged and open fields (only where the query computes them:
 * RECORD_COUNTS). */
#define RECORD_COLS                                                         \
    "SELECT id, version, book, year, student, state, replaces, updated_at," \
    " xml, class, rev, 0, 0 FROM records "

/* A flagged field is open while the latest person's action on it carries
 * no note (ws_record_notes says why). */
#define RECORD_COUNTS                                                       \
    "SELECT id, version, book, year, student, state, replaces, updated_at," \
    " NULL, class, rev,"                                                    \
    " (SELECT count(*) FROM fields f WHERE f.record = r.rid AND f.review),"  \
    " (SELECT count(*) FROM fields f WHERE f.record = r.rid AND f.review"   \
    "   AND coalesce((SELECT a.note FROM review_actions a"                  \
    "      WHERE a.record = r.id AND a.version = r.version"                 \
    "        AND a.path = f.path AND a.action IN ('correct', 'confirm')"    \
    "      ORDER BY a.id DESC LIMIT 1), '') = '')"                          \
    " FROM records r "

static int record_row(sqlite3_stmt *st, hb_ws_record *m)
{
    memset(m, 0, sizeof *m);
    m->id = col_text(st, 0);
    m->version = sqlite3_column_int(st, 1);
    m->book = sqlite3_column_int64(st, 2);
    m->year = col_text(st, 3);
    m->student = col_text(st, 4);
    hb_rstate s = HB_RS_DRAFT;
    ws_rstate_parse((const char *)sqlite3_column_text(st, 5), &s);
    m->state = s;
    m->replaces = col_text(st, 6);
    m->updated_at = col_text(st, 7);
    m->klass = col_text(st, 9);
    m->rev = sqlite3_column_int(st, 10);
    m->flagged = sqlite3_column_int(st, 11);
    m->open = sqlite3_column_int(st, 12);
    return m->id && m->updated_at ? 0 : -1;
}

void ws_record_clear(hb_ws_record *m)
{
    if (!m)
        return;
    free(m->id);
    free(m->year);
    free(m->student);
    free(m->replaces);
    free(m->updated_at);
    free(m->klass);
    memset(m, 0, sizeof *m);
}

void ws_records_free(hb_ws_record *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ws_record_clear(&list[i]);
    free(list);
}

int ws_record_get(hb_ws *w, const char *id, int version, hb_ws_record *meta,
                  hb_record **r, char **xml, hb_err *e)
{
    sqlite3_stmt *st;
    if (meta)
        memset(meta, 0, sizeof *meta);
    if (r)
        *r = NULL;
    if (xml)
        *xml = NULL;
    if (prep(w, RECORD_COLS "WHERE id = ?1 AND (?2 = 0 OR version = ?2)"
                " ORDER BY version DESC LIMIT 1", &st, e))
        return -1;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, version);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        sqlite3_finalize(st);
        if (version)
            return err_set(e, HB_ENOTFOUND, "%s: no record %s version %d",
                           w->dir, id, version);
        return err_set(e, HB_ENOTFOUND, "%s: no record %s", w->dir, id);
    }
    if (rc != SQLITE_ROW) {
        rc = db_fail(w, e, "reading a record");
        sqlite3_finalize(st);
        return rc;
    }
    rc = 0;
    if (meta && record_row(st, meta))
        rc = err_set(e, HB_ENOMEM, "out of memory");
    const char *text = (const char *)sqlite3_column_text(st, 8);
    size_t len = (size_t)sqlite3_column_bytes(st, 8);
    if (rc == 0 && r) {
        char name[128];
        snprintf(name, sizeof name, "record %s version %d", id,
                 sqlite3_column_int(st, 1));
        if (!(*r = record_xml_read_mem(text ? text : "", len, name, e)))
            rc = -1;
    }
    if (rc == 0 && xml && !(*xml = strdup(text ? text : "")))
        rc = err_set(e, HB_ENOMEM, "out of memory");
    sqlite3_finalize(st);
    if (rc) {
        if (meta)
            ws_record_clear(meta);
        if (r) {
            record_free(*r);
            *r = NULL;
        }
        if (xml) {
            free(*xml);
            *xml = NULL;
        }
    }
    return rc;
}

int ws_record_set_state(hb_ws *w, const char *id, int version, hb_rstate state,
                        hb_err *e)
{
    if ((unsigned)state >= HB_RS_COUNT)
        return err_set(e, HB_EUSAGE, "record: invalid state %d", (int)state);
    int own, rc = tx_enter(w, &own, e);
    if (rc)
        return -1;
    int64_t rid;
    hb_rstate old;
    int found = record_lookup(w, id, version, &rid, &old, e);
    if (found < 0)
        rc = -1;
    else if (!found)
        rc = err_set(e, HB_ENOTFOUND, "%s: no record %s version %d", w->dir,
                     id, version);
    else if (!transition_ok(old, state))
        rc = err_set(e, HB_EINVALID, "record %s version %d: %s -> %s is not "
                     "allowed", id, version, ws_rstate_name(old),
                     ws_rstate_name(state));
    sqlite3_stmt *st = NULL;
    if (rc == 0 && old != state)
        rc = prep(w, "UPDATE records SET state = ?, rev = rev + 1, updated_at ="
                     " strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE rid = ?",
                  &st, e);
    if (st) {
        sqlite3_bind_text(st, 1, ws_rstate_name(state), -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, rid);
        rc = step_done(w, st, "changing a record's state", e);
        sqlite3_finalize(st);
    }
    return tx_leave(w, own, rc, e);
}

int ws_record_rev(hb_ws *w, const char *id, int version, int *rev, hb_err *e)
{
    sqlite3_stmt *st;
    if (prep(w, "SELECT rev FROM records WHERE id = ?1 AND (?2 = 0 OR"
                " version = ?2) ORDER BY version DESC LIMIT 1", &st, e))
        return -1;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, version);
    int rc = sqlite3_step(st), out = 0;
    if (rc == SQLITE_ROW)
        *rev = sqlite3_column_int(st, 0);
    else if (rc == SQLITE_DONE)
        out = err_set(e, HB_ENOTFOUND, "%s: no record %s", w->dir, id);
    else
        out = db_fail(w, e, "reading a record's revision");
    sqlite3_finalize(st);
    return out;
}

int ws_record_notes(hb_ws *w, const char *id, int version,
                    hb_ws_note **notes, size_t *n, hb_err *e)
{
    sqlite3_stmt *st;
    *notes = NULL;
    *n = 0;
    /* The latest correct/confirm action per path, when it has a note. */
    if (prep(w, "SELECT a.path, a.note FROM review_actions a"
                " WHERE a.record = ?1 AND a.version = ?2 AND a.note IS NOT NULL"
                " AND a.note <> '' AND a.id = (SELECT max(b.id)"
                "   FROM review_actions b WHERE b.record = a.record"
                "   AND b.version = a.version AND b.path = a.path"
                "   AND b.action IN ('correct', 'confirm'))"
                " ORDER BY a.id", &st, e))
        return -1;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, version);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        hb_ws_note *p = grow((void **)notes, n, &cap, sizeof **notes);
        if (!p || !(p->path = col_text(st, 0)) || !(p->note = col_text(st, 1))) {
            rc = SQLITE_NOMEM;
            break;
        }
    }
    int out = rc == SQLITE_DONE ? 0
              : rc == SQLITE_NOMEM ? err_set(e, HB_ENOMEM, "out of memory")
                                   : db_fail(w, e, "reading notes");
    sqlite3_finalize(st);
    if (out) {
        ws_notes_free(*notes, *n);
        *notes = NULL;
        *n = 0;
    }
    return out;
}

void ws_notes_free(hb_ws_note *notes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(notes[i].path);
        free(notes[i].note);
    }
    free(notes);
}

int ws_record_list(hb_ws *w, int state, int64_t book, hb_ws_record **list,
                   size_t *n, hb_err *e)
{
    sqlite3_stmt *st;
    *list = NULL;
    *n = 0;
    if (prep(w, RECORD_COUNTS "WHERE (?1 IS NULL OR state = ?1)"
                " AND (?2 = 0 OR book = ?2)"
                " ORDER BY book, year, id, version", &st, e))
        return -1;
    if (state >= 0 && state < HB_RS_COUNT)
        sqlite3_bind_text(st, 1, ws_rstate_name((hb_rstate)state), -1,
                          SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, book);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        hb_ws_record *m = grow((void **)list, n, &cap, sizeof **list);
        if (!m || record_row(st, m)) {
            rc = SQLITE_NOMEM;
            break;
        }
    }
    int out = rc == SQLITE_DONE ? 0
              : rc == SQLITE_NOMEM ? err_set(e, HB_ENOMEM, "out of memory")
                                   : db_fail(w, e, "listing records");
    sqlite3_finalize(st);
    if (out) {
        ws_records_free(*list, *n);
        *list = NULL;
        *n = 0;
    }
    return out;
}

void ws_fields_free(hb_ws_field *fields, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(fields[i].path);
        free(fields[i].value);
        free(fields[i].reason);
    }
    free(fields);
}

int ws_record_fields(hb_ws *w, const char *id, int version, int only_review,
                     hb_ws_field **fields, size_t *n, hb_err *e)
{
    sqlite3_stmt *st;
    *fields = NULL;
    *n = 0;
    if (prep(w, "SELECT f.path, f.value, f.conf, f.review, f.reason, f.page,"
                " f.box_x, f.box_y, f.box_w, f.box_h"
                " FROM fields f JOIN records r ON r.rid = f.record"
                " WHERE r.id = ?1 AND r.version = ?2 AND (?3 = 0 OR f.review)"
                " ORDER BY f.ord", &st, e))
        return -1;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, version);
    sqlite3_bind_int(st, 3, only_review ? 1 : 0);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        hb_ws_field *f = grow((void **)fields, n, &cap, sizeof **fields);
        if (!f) {
            rc = SQLITE_NOMEM;
            break;
        }
        f->path = col_text(st, 0);
        f->value = col_text(st, 1);
        f->conf = sqlite3_column_type(st, 2) == SQLITE_NULL
                      ? -1 : sqlite3_column_int(st, 2);
        f->review = sqlite3_column_int(st, 3);
        f->reason = col_text(st, 4);
        f->page = sqlite3_column_int(st, 5);
        f->box.x = sqlite3_column_int(st, 6);
        f->box.y = sqlite3_column_int(st, 7);
        f->box.w = sqlite3_column_int(st, 8);
        f->box.h = sqlite3_column_int(st, 9);
        if (!f->path) {
            rc = SQLITE_NOMEM;
            break;
        }
    }
    int out = rc == SQLITE_DONE ? 0
              : rc == SQLITE_NOMEM ? err_set(e, HB_ENOMEM, "out of memory")
                                   : db_fail(w, e, "listing fields");
    sqlite3_finalize(st);
    if (out) {
        ws_fields_free(*fields, *n);
        *fields = NULL;
        *n = 0;
    }
    return out;
}

/* ---- audit -------------------------------------------------------------- */

int ws_audit_add(hb_ws *w, const char *who, const char *action,
                 const char *record, int version, const char *path,
                 const char *old_value, const char *new_value, hb_err *e)
{
    hb_ws_audit a = { .who = (char *)who, .action = (char *)action,
                      .record = (char *)record, .version = version,
                      .path = (char *)path, .old_value = (char *)old_value,
                      .new_value = (char *)new_value };
    return ws_audit_add_full(w, &a, e);
}

int ws_audit_add_full(hb_ws *w, const hb_ws_audit *a, hb_err *e)
{
    if (!a->who || !*a->who || !a->action || !*a->action || !a->record)
        return err_set(e, HB_EUSAGE, "audit: who, action and record are "
                       "required");
    sqlite3_stmt *st;
    if (prep(w, "INSERT INTO review_actions(who, action, record, version,"
                " path, old_value, new_value, note, name, role)"
                " VALUES (?,?,?,?,?,?,?,?,?,?)", &st, e))
        return -1;
    sqlite3_bind_text(st, 1, a->who, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, a->action, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, a->record, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 4, a->version);
    bind_text_or_null(st, 5, a->path);
    bind_text_or_null(st, 6, a->old_value);
    bind_text_or_null(st, 7, a->new_value);
    bind_text_or_null(st, 8, a->note && *a->note ? a->note : NULL);
    bind_text_or_null(st, 9, a->name);
    bind_text_or_null(st, 10, a->role);
    int rc = step_done(w, st, "adding to the audit trail", e);
    sqlite3_finalize(st);
    return rc;
}

void ws_audit_free(hb_ws_audit *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(list[i].at);
        free(list[i].who);
        free(list[i].action);
        free(list[i].record);
        free(list[i].path);
        free(list[i].old_value);
        free(list[i].new_value);
        free(list[i].note);
        free(list[i].name);
        free(list[i].role);
    }
    free(list);
}

int ws_audit_list(hb_ws *w, const char *record, int version,
                  hb_ws_audit **list, size_t *n, hb_err *e)
{
    sqlite3_stmt *st;
    *list = NULL;
    *n = 0;
    if (prep(w, "SELECT id, at, who, action, record, version, path,"
                " old_value, new_value, note, name, role FROM review_actions"
                " WHERE record = ?1 AND (?2 = 0 OR version = ?2) ORDER BY id",
             &st, e))
        return -1;
    sqlite3_bind_text(st, 1, record, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, version);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        hb_ws_audit *a = grow((void **)list, n, &cap, sizeof **list);
        if (!a) {
            rc = SQLITE_NOMEM;
            break;
        }
        a->id = sqlite3_column_int64(st, 0);
        a->at = col_text(st, 1);
        a->who = col_text(st, 2);
        a->action = col_text(st, 3);
        a->record = col_text(st, 4);
        a->version = sqlite3_column_int(st, 5);
        a->path = col_text(st, 6);
        a->old_value = col_text(st, 7);
        a->new_value = col_text(st, 8);
        a->note = col_text(st, 9);
        a->name = col_text(st, 10);
        a->role = col_text(st, 11);
        if (!a->at || !a->who || !a->action || !a->record) {
            rc = SQLITE_NOMEM;
            break;
        }
    }
    int out = rc == SQLITE_DONE ? 0
              : rc == SQLITE_NOMEM ? err_set(e, HB_ENOMEM, "out of memory")
                                   : db_fail(w, e, "reading the audit trail");
    sqlite3_finalize(st);
    if (out) {
        ws_audit_free(*list, *n);
        *list = NULL;
        *n = 0;
    }
    return out;
}

/* ---- jobs --------------------------------------------------------------- */

#define JOB_COLS                                                            \
    "id, kind, target, state, attempts, worker, lease_expires, error"

static void job_row(sqlite3_stmt *st, hb_job *j)
{
    memset(j, 0, sizeof *j);
    j->id = sqlite3_column_int64(st, 0);
    col_copy(st, 1, j->kind, sizeof j->kind);
    j->target = sqlite3_column_int64(st, 2);
    col_copy(st, 3, j->state, sizeof j->state);
    j->attempts = sqlite3_column_int(st, 4);
    col_copy(st, 5, j->worker, sizeof j->worker);
    j->lease_expires = sqlite3_column_int64(st, 6);
    col_copy(st, 7, j->error, sizeof j->error);
}

int ws_job_enqueue(hb_ws *w, const char *kind, int64_t target, int64_t *id,
                   hb_err *e)
{
    if (!kind || !*kind || strlen(kind) >= sizeof ((hb_job *)0)->kind)
        return err_set(e, HB_EUSAGE, "job: invalid kind");
    sqlite3_stmt *st;
    if (prep(w, "INSERT INTO jobs(kind, target) VALUES (?, ?)", &st, e))
        return -1;
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, target);
    int rc = step_done(w, st, "queueing a job", e);
    sqlite3_finalize(st);
    if (rc == 0 && id)
        *id = sqlite3_last_insert_rowid(w->db);
    return rc;
}

int ws_job_claim(hb_ws *w, const char *kind, const char *worker,
                 int lease_seconds, hb_job *j, hb_err *e)
{
    if (!worker || !*worker || strlen(worker) >= sizeof j->worker ||
        lease_seconds < 1)
        return err_set(e, HB_EUSAGE, "job: claim needs a worker name and a "
                       "lease");
    int64_t now = (int64_t)time(NULL);
    int own, rc = tx_enter(w, &own, e);
    if (rc)
        return -1;
    sqlite3_stmt *st = NULL;
    /* Jobs abandoned too often are given up, not retried forever. */
    rc = prep(w, "UPDATE jobs SET state = 'failed', lease_expires = NULL,"
                 " finished_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
                 " error = 'abandoned by its worker ' || attempts ||"
                 " ' times (last ' || coalesce(worker, '?') || '); not retried'"
                 " WHERE state = 'claimed' AND lease_expires <= ?1"
                 " AND attempts >= ?2 AND (?3 IS NULL OR kind = ?3)", &st, e);
    if (rc == 0) {
        sqlite3_bind_int64(st, 1, now);
        sqlite3_bind_int(st, 2, WS_JOB_MAX_ATTEMPTS);
        bind_text_or_null(st, 3, kind);
        rc = step_done(w, st, "expiring abandoned jobs", e);
        sqlite3_finalize(st);
        st = NULL;
    }
    int claimed = 0;
    if (rc == 0)
        rc = prep(w, "UPDATE jobs SET state = 'claimed', worker = ?1,"
                     " attempts = attempts + 1, lease_expires = ?2 + ?3,"
                     " error = NULL"
                     " WHERE id = (SELECT id FROM jobs WHERE (state = 'queued'"
                     "   OR (state = 'claimed' AND lease_expires <= ?2))"
                     "   AND (?4 IS NULL OR kind = ?4) ORDER BY id LIMIT 1)"
                     " RETURNING " JOB_COLS, &st, e);
    if (rc == 0) {
        sqlite3_bind_text(st, 1, worker, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, now);
        sqlite3_bind_int(st, 3, lease_seconds);
        bind_text_or_null(st, 4, kind);
        int s = sqlite3_step(st);
        if (s == SQLITE_ROW) {
            job_row(st, j);
            claimed = 1;
            s = sqlite3_step(st); /* runs the UPDATE to completion */
        }
        if (s != SQLITE_DONE)
            rc = db_fail(w, e, "claiming a job");
        sqlite3_finalize(st);
    }
    rc = tx_leave(w, own, rc, e);
    return rc ? -1 : claimed;
}

/* Runs `sql` (binding ?1 job id, ?2 worker, ?3 attempt, and ?4 text / ?5
 * number when the statement uses them) and checks that the job was still
 * held by that claim. */
static int job_update_held(hb_ws *w, const hb_job *j, const char *sql,
                           const char *text, int64_t num, const char *what,
                           hb_err *e)
{
    sqlite3_stmt *st;
    if (prep(w, sql, &st, e))
        return -1;
    sqlite3_bind_int64(st, 1, j->id);
    sqlite3_bind_text(st, 2, j->worker, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 3, j->attempts);
    if (sqlite3_bind_parameter_count(st) >= 4)
        bind_text_or_null(st, 4, text);
    if (sqlite3_bind_parameter_count(st) >= 5)
        sqlite3_bind_int64(st, 5, num);
    int rc = step_done(w, st, what, e);
    sqlite3_finalize(st);
    if (rc == 0 && sqlite3_changes(w->db) == 0)
        rc = err_set(e, HB_EINVALID, "job %lld: lease lost (claimed again by "
                     "another worker, or no longer claimed); not %s",
                     (long long)j->id, what);
    return rc;
}

#define HELD " WHERE id = ?1 AND state = 'claimed' AND worker = ?2" \
             " AND attempts = ?3"

int ws_job_renew(hb_ws *w, const hb_job *j, int lease_seconds, hb_err *e)
{
    return job_update_held(w, j, "UPDATE jobs SET lease_expires = ?5" HELD, NULL,
                           (int64_t)time(NULL) + lease_seconds, "renewed", e);
}

int ws_job_finish(hb_ws *w, const hb_job *j, hb_err *e)
{
    return job_update_held(w, j, "UPDATE jobs SET state = 'done',"
                           " lease_expires = NULL, error = NULL, finished_at ="
                           " strftime('%Y-%m-%dT%H:%M:%SZ', 'now')" HELD,
                           NULL, 0, "finished", e);
}

int ws_job_fail(hb_ws *w, const hb_job *j, const char *error, hb_err *e)
{
    return job_update_held(w, j, "UPDATE jobs SET state = 'failed',"
                           " lease_expires = NULL, error = ?4, finished_at ="
                           " strftime('%Y-%m-%dT%H:%M:%SZ', 'now')" HELD,
                           error ? error : "failed", 0,
                           "failed", e);
}

int ws_job_expire(hb_ws *w, int64_t id, hb_err *e)
{
    sqlite3_stmt *st;
    if (prep(w, "UPDATE jobs SET lease_expires = 0 WHERE id = ? AND"
                " state = 'claimed'", &st, e))
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = step_done(w, st, "expiring a job", e);
    sqlite3_finalize(st);
    if (rc == 0 && sqlite3_changes(w->db) == 0)
        rc = err_set(e, HB_ENOTFOUND, "%s: job %lld is not claimed", w->dir,
                     (long long)id);
    return rc;
}

int ws_job_requeue_failed(hb_ws *w, const char *kind, int *n, hb_err *e)
{
    sqlite3_stmt *st;
    *n = 0;
    if (prep(w, "UPDATE jobs SET state = 'queued', attempts = 0, worker ="
                " NULL, lease_expires = NULL, error = NULL, finished_at = NULL"
                " WHERE state = 'failed' AND (?1 IS NULL OR kind = ?1)", &st, e))
        return -1;
    bind_text_or_null(st, 1, kind);
    int rc = step_done(w, st, "requeueing failed jobs", e);
    sqlite3_finalize(st);
    if (rc == 0)
        *n = sqlite3_changes(w->db);
    return rc;
}

int ws_job_get(hb_ws *w, int64_t id, hb_job *j, hb_err *e)
{
    sqlite3_stmt *st;
    if (prep(w, "SELECT " JOB_COLS " FROM jobs WHERE id = ?", &st, e))
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        job_row(st, j);
        rc = 0;
    } else if (rc == SQLITE_DONE)
        rc = err_set(e, HB_ENOTFOUND, "%s: no job %lld", w->dir, (long long)id);
    else
        rc = db_fail(w, e, "reading a job");
    sqlite3_finalize(st);
    return rc;
}

int ws_job_list(hb_ws *w, const char *state, hb_job **jobs, size_t *n,
                hb_err *e)
{
    sqlite3_stmt *st;
    *jobs = NULL;
    *n = 0;
    if (prep(w, "SELECT " JOB_COLS " FROM jobs WHERE ?1 IS NULL OR state = ?1"
                " ORDER BY id", &st, e))
        return -1;
    bind_text_or_null(st, 1, state);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        hb_job *j = grow((void **)jobs, n, &cap, sizeof **jobs);
        if (!j) {
            rc = SQLITE_NOMEM;
            break;
        }
        job_row(st, j);
    }
    int out = rc == SQLITE_DONE ? 0
              : rc == SQLITE_NOMEM ? err_set(e, HB_ENOMEM, "out of memory")
                                   : db_fail(w, e, "listing jobs");
    sqlite3_finalize(st);
    if (out) {
        free(*jobs);
        *jobs = NULL;
        *n = 0;
    }
    return out;
}

/* ---- summaries ---------------------------------------------------------- */

int ws_count_states(hb_ws *w, const char *what, hb_ws_count **counts,
                    size_t *n, hb_err *e)
{
    static const struct { const char *what, *sql; } q[] = {
        { "books", "SELECT state, count(*) FROM book_states GROUP BY state" },
        { "pages", "SELECT state, count(*) FROM pages GROUP BY state" },
        { "records", "SELECT state, count(*) FROM records GROUP BY state" },
        { "jobs", "SELECT state, count(*) FROM jobs GROUP BY state" },
    };
    *counts = NULL;
    *n = 0;
    const char *sql = NULL;
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++)
        if (what && strcmp(what, q[i].what) == 0)
            sql = q[i].sql;
    if (!sql)
        return err_set(e, HB_EUSAGE, "count: unknown table '%s'",
                       what ? what : "(null)");
    sqlite3_stmt *st;
    if (prep(w, sql, &st, e))
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        hb_ws_count *c = grow((void **)counts, n, &cap, sizeof **counts);
        if (!c) {
            rc = SQLITE_NOMEM;
            break;
        }
        col_copy(st, 0, c->state, sizeof c->state);
        c->n = sqlite3_column_int64(st, 1);
    }
    int out = rc == SQLITE_DONE ? 0
              : rc == SQLITE_NOMEM ? err_set(e, HB_ENOMEM, "out of memory")
                                   : db_fail(w, e, "counting");
    sqlite3_finalize(st);
    if (out) {
        free(*counts);
        *counts = NULL;
        *n = 0;
    }
    return out;
}

/* ---- backup ------------------------------------------------------------- */

int ws_backup(hb_ws *w, const char *dst, hb_err *e)
{
    struct stat stt;
    if (stat(dst, &stt) == 0)
        return err_set(e, HB_EDUP, "%s: already exists; not overwritten", dst);
    sqlite3 *out = NULL;
    if (sqlite3_open_v2(dst, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        NULL) != SQLITE_OK) {
        err_set(e, HB_EIO, "%s: %s", dst,
                out ? sqlite3_errmsg(out) : "cannot create");
        sqlite3_close_v2(out);
        return -1;
    }
    /* One step (-1) copies everything under one read transaction: stepping
     * in pieces would restart whenever another connection (a worker)
     * writes, and might never finish on a busy workspace. */
    sqlite3_backup *b = sqlite3_backup_init(out, "main", w->db, "main");
    int rc;
    if (!b)
        rc = SQLITE_ERROR;
    else {
        do {
            rc = sqlite3_backup_step(b, -1);
            if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                sqlite3_sleep(50);
        } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
        sqlite3_backup_finish(b);
    }
    int out_rc = 0;
    if (rc != SQLITE_DONE)
        out_rc = err_set(e, HB_EIO, "%s: backup failed: %s", dst,
                         sqlite3_errmsg(out));
    if (sqlite3_close_v2(out) != SQLITE_OK && out_rc == 0)
        out_rc = err_set(e, HB_EIO, "%s: closing the backup failed", dst);
    if (out_rc)
        unlink(dst);
    return out_rc;
}

/* ---- revocations, table rows, integrity --------------------------------- */

int ws_revocation_add(hb_ws *w, const hb_ws_revocation *r, hb_err *e)
{
    if (!r->record || !r->reason || !*r->reason || !r->by || !*r->by ||
        !pagestore_is_sha256(r->sha256))
        return err_set(e, HB_EUSAGE, "revocation: record, digest, reason and "
                       "who are required");
    hb_ws_revocation old;
    int found = ws_revocation_get(w, r->record, r->version, &old, e);
    if (found < 0)
        return -1;
    if (found) {
        ws_revocation_clear(&old);
        return err_set(e, HB_EDUP, "record %s version %d is already revoked",
                       r->record, r->version);
    }
    sqlite3_stmt *st;
    if (prep(w, "INSERT INTO revocations(record, version, sha256, reason,"
                " revoked_by, replaced_by) VALUES (?,?,?,?,?,?)", &st, e))
        return -1;
    sqlite3_bind_text(st, 1, r->record, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, r->version);
    sqlite3_bind_text(st, 3, r->sha256, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, r->reason, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, r->by, -1, SQLITE_TRANSIENT);
    if (r->replaced_by > 0)
        sqlite3_bind_int(st, 6, r->replaced_by);
    int rc = step_done(w, st, "recording a revocation", e);
    sqlite3_finalize(st);
    return rc;
}

void ws_revocation_clear(hb_ws_revocation *r)
{
    if (!r)
        return;
    free(r->record);
    free(r->reason);
    free(r->by);
    free(r->at);
    memset(r, 0, sizeof *r);
}

int ws_revocation_get(hb_ws *w, const char *record, int version,
                      hb_ws_revocation *r, hb_err *e)
{
    memset(r, 0, sizeof *r);
    sqlite3_stmt *st;
    if (prep(w, "SELECT record, version, sha256, reason, revoked_by, at,"
                " replaced_by FROM revocations WHERE record = ? AND"
                " version = ?", &st, e))
        return -1;
    sqlite3_bind_text(st, 1, record, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, version);
    int rc = sqlite3_step(st), out = 0;
    if (rc == SQLITE_ROW) {
        r->record = col_text(st, 0);
        r->version = sqlite3_column_int(st, 1);
        col_copy(st, 2, r->sha256, sizeof r->sha256);
        r->reason = col_text(st, 3);
        r->by = col_text(st, 4);
        r->at = col_text(st, 5);
        r->replaced_by = sqlite3_column_int(st, 6);
        out = r->record && r->reason && r->by && r->at
                  ? 1 : err_set(e, HB_ENOMEM, "out of memory");
        if (out < 0)
            ws_revocation_clear(r);
    } else if (rc != SQLITE_DONE)
        out = db_fail(w, e, "reading a revocation");
    sqlite3_finalize(st);
    return out;
}

/* ---- the roster ------------------------------------------------------- */

int ws_roster_set(hb_ws *w, const char *name, const char *csv, size_t len,
                  int students, hb_err *e)
{
    char sha[65];
    if (students < 1)
        return err_set(e, HB_EUSAGE, "roster %s: no student", name);
    if (pagestore_sha256(csv, len, sha, e))
        return -1;
    sqlite3_stmt *st;
    if (prep(w, "INSERT OR REPLACE INTO roster(id, name, sha256, students,"
                " csv, loaded_at) VALUES (1, ?, ?, ?, ?,"
                " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))", &st, e))
        return -1;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, sha, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 3, students);
    /* a zero-length blob would bind as NULL: a roster is never empty */
    sqlite3_bind_blob64(st, 4, csv, (sqlite3_uint64)len, SQLITE_TRANSIENT);
    int rc = step_done(w, st, "storing the roster", e);
    sqlite3_finalize(st);
    return rc;
}

int ws_roster_get(hb_ws *w, hb_ws_roster *r, hb_err *e)
{
    memset(r, 0, sizeof *r);
    sqlite3_stmt *st;
    if (prep(w, "SELECT name, sha256, students, loaded_at, csv FROM roster"
                " WHERE id = 1", &st, e))
        return -1;
    int rc = sqlite3_step(st), out = 0;
    if (rc == SQLITE_ROW) {
        r->name = col_text(st, 0);
        col_copy(st, 1, r->sha256, sizeof r->sha256);
        r->students = sqlite3_column_int(st, 2);
        r->loaded_at = col_text(st, 3);
        const void *b = sqlite3_column_blob(st, 4);
        r->len = (size_t)sqlite3_column_bytes(st, 4);
        r->csv = malloc(r->len + 1);
        if (r->csv) {
            if (r->len)
                memcpy(r->csv, b, r->len);
            r->csv[r->len] = '\0';
        }
        out = r->name && r->loaded_at && r->csv
                  ? 1 : err_set(e, HB_ENOMEM, "out of memory");
        if (out < 0)
            ws_roster_clear(r);
    } else if (rc != SQLITE_DONE)
        out = db_fail(w, e, "reading the roster");
    sqlite3_finalize(st);
    return out;
}

void ws_roster_clear(hb_ws_roster *r)
{
    if (!r)
        return;
    free(r->name);
    free(r->loaded_at);
    free(r->csv);
    memset(r, 0, sizeof *r);
}

/* The tables ws_table_rows exports, each with a fixed column list and
 * order, so that an export does not change when a migration reorders
 * nothing but internals. */
static const struct {
    const char *name, *sql;
} export_tables[] = {
    { "books", "SELECT b.id, b.source, b.name, b.dpi, s.state, b.added_at"
               " FROM books b JOIN book_states s ON s.book = b.id"
               " ORDER BY b.id" },
    { "pages", "SELECT id, book, idx, source_file, source_page, sha256, dpi,"
               " width, height, state, clean_image FROM pages"
               " ORDER BY book, idx" },
    { "fields", "SELECT r.id AS record, r.version, f.ord, f.path, f.value,"
                " f.conf, f.review, f.reason, f.page, f.box_x, f.box_y,"
                " f.box_w, f.box_h FROM fields f"
                " JOIN records r ON r.rid = f.record"
                " ORDER BY r.id, r.version, f.ord" },
    { "review_actions", "SELECT id, at, who, action, record, version, path,"
                        " old_value, new_value, note, name, role"
                        " FROM review_actions ORDER BY id" },
    { "revocations", "SELECT record, version, sha256, reason, revoked_by, at,"
                     " replaced_by FROM revocations ORDER BY id" },
};

int ws_table_rows(hb_ws *w, const char *table, ws_row_fn fn, void *ctx,
                  hb_err *e)
{
    const char *sql = NULL;
    for (size_t i = 0; i < sizeof export_tables / sizeof export_tables[0]; i++)
        if (table && strcmp(table, export_tables[i].name) == 0)
            sql = export_tables[i].sql;
    if (!sql)
        return err_set(e, HB_EUSAGE, "workspace: no exportable table '%s'",
                       table ? table : "(null)");
    sqlite3_stmt *st;
    if (prep(w, sql, &st, e))
        return -1;
    int ncols = sqlite3_column_count(st);
    const char **names = calloc((size_t)ncols, sizeof *names);
    const char **values = calloc((size_t)ncols, sizeof *values);
    int rc = names && values ? 0 : err_set(e, HB_ENOMEM, "out of memory");
    for (int i = 0; rc == 0 && i < ncols; i++)
        names[i] = sqlite3_column_name(st, i);
    int step = SQLITE_DONE;
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        for (int i = 0; i < ncols; i++)
            values[i] = (const char *)sqlite3_column_text(st, i);
        rc = fn(ctx, ncols, names, values);
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = db_fail(w, e, "reading a table");
    free(names);
    free(values);
    sqlite3_finalize(st);
    return rc;
}

/* Runs a check pragma: every row but a lone "ok" is a problem. */
static int check_pragma(hb_ws *w, const char *sql, hb_err *e)
{
    sqlite3_stmt *st;
    if (prep(w, sql, &st, e))
        return -1;
    int rc, out = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        if (sqlite3_column_count(st) == 1 && t && strcmp(t, "ok") == 0)
            continue;
        const char *tab = t ? t : "?";
        const char *why = sqlite3_column_count(st) > 2
                              ? (const char *)sqlite3_column_text(st, 2) : NULL;
        out = err_set(e, HB_EDB, "%s: %s: %s%s%s", w->dbpath, sql, tab,
                      why ? " -> " : "", why ? why : "");
        break;
    }
    if (out == 0 && rc != SQLITE_DONE)
        out = db_fail(w, e, sql);
    sqlite3_finalize(st);
    return out;
}

int ws_check_integrity(hb_ws *w, hb_err *e)
{
    if (check_pragma(w, "PRAGMA integrity_check", e))
        return -1;
    return check_pragma(w, "PRAGMA foreign_key_check", e);
}
