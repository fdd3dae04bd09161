/*
 * workspace_int.h - what the files of the workspace module share: the
 * connection struct and the small SQLite helpers.  Only workspace*.c
 * include it; everyone else goes through workspace.h.  The helpers are
 * static inline so that each file of the module has them without a second
 * copy of their source.
 */
#ifndef HB_WORKSPACE_INT_H
#define HB_WORKSPACE_INT_H

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workspace.h"

struct hb_ws {
    sqlite3 *db;
    char *dir;
    char *dbpath;
    hb_wsconfig cfg;
    int in_tx; /* a transaction opened by ws_tx_begin is running */
};

static inline int db_fail(hb_ws *w, hb_err *e, const char *what)
{
    return err_set(e, HB_EDB, "%s: %s: %s", w->dbpath, what,
                   sqlite3_errmsg(w->db));
}

static inline int prep(hb_ws *w, const char *sql, sqlite3_stmt **st, hb_err *e)
{
    if (sqlite3_prepare_v2(w->db, sql, -1, st, NULL) != SQLITE_OK) {
        *st = NULL;
        return db_fail(w, e, "prepare");
    }
    return 0;
}

static inline char *col_text(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? strdup((const char *)t) : NULL;
}

/* Copies a column into a fixed buffer ("" for NULL). */
static inline void col_copy(sqlite3_stmt *st, int i, char *buf, size_t size)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    snprintf(buf, size, "%s", t ? (const char *)t : "");
}

static inline void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static inline int exec_sql(hb_ws *w, const char *sql, hb_err *e)
{
    char *msg = NULL;
    if (sqlite3_exec(w->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        err_set(e, HB_EDB, "%s: %s", w->dbpath,
                msg ? msg : sqlite3_errmsg(w->db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* Runs a statement that returns no rows; *changes = rows changed. */
static inline int step_done(hb_ws *w, sqlite3_stmt *st, const char *what, hb_err *e)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return db_fail(w, e, what);
    return 0;
}

/* BEGIN IMMEDIATE takes the write lock at once, so that a transaction that
 * reads and then writes cannot fail half-way with SQLITE_BUSY (a deferred
 * transaction cannot be upgraded if another connection wrote meanwhile, and
 * then the busy handler is not even called).  BEGIN IMMEDIATE waits on the
 * busy timeout; the loop covers a timeout under heavy contention. */
static inline int begin_immediate(hb_ws *w, hb_err *e)
{
    for (int tries = 0;; tries++) {
        int rc = sqlite3_exec(w->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        if (rc == SQLITE_OK)
            return 0;
        if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || tries >= 5)
            return db_fail(w, e, "begin");
    }
}

/* Internal transactions nest inside one opened by ws_tx_begin: `own` tells
 * whether this call opened it and so must close it. */
static inline int tx_enter(hb_ws *w, int *own, hb_err *e)
{
    *own = 0;
    if (w->in_tx)
        return 0;
    if (begin_immediate(w, e))
        return -1;
    *own = 1;
    return 0;
}

static inline int tx_leave(hb_ws *w, int own, int rc, hb_err *e)
{
    if (!own)
        return rc;
    if (rc == 0) {
        if (sqlite3_exec(w->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
            return 0;
        rc = db_fail(w, e, "commit");
    }
    sqlite3_exec(w->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* Grows an array by one element (zeroed); NULL on allocation failure. */
static inline void *grow(void **arr, size_t *n, size_t *cap, size_t elem)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        void *p = realloc(*arr, nc * elem);
        if (!p)
            return NULL;
        *arr = p;
        *cap = nc;
    }
    void *slot = (char *)*arr + *n * elem;
    memset(slot, 0, elem);
    (*n)++;
    return slot;
}

#endif
