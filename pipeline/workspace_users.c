/*
 * workspace_users.c - the review UI's people in the workspace database:
 * accounts, the classes teachers review, login sessions and the login
 * throttle (migration 4; see workspace.h).
 */
#include <ctype.h>

#include "text.h"
#include "workspace_int.h"

static const char *const user_roles[] = { "clerk", "teacher", "principal",
                                          "admin", NULL };

int ws_user_role_ok(const char *role)
{
    for (size_t i = 0; role && user_roles[i]; i++)
        if (strcmp(role, user_roles[i]) == 0)
            return 1;
    return 0;
}

/* Logins end up in the audit trail and in URLs of the admin's calls:
 * plain characters only. */
static int login_ok(const char *login)
{
    size_t n = login ? strlen(login) : 0;
    if (n < 1 || n > 64)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)login[i];
        if (!isalnum(c) && c != '.' && c != '_' && c != '-')
            return 0;
    }
    return 1;
}

int ws_user_add(hb_ws *w, const char *login, const char *full_name,
                const char *role, const char *pw_hash, int64_t *id, hb_err *e)
{
    if (!login_ok(login))
        return err_set(e, HB_EINVALID, "user '%s': a login is 1 to 64 letters,"
                       " digits, '.', '_' or '-'", login ? login : "");
    if (!ws_user_role_ok(role))
        return err_set(e, HB_EINVALID, "user %s: no role '%s' (clerk, teacher,"
                       " principal, admin)", login, role ? role : "");
    if (!full_name || !*full_name || !text_is_utf8(full_name) ||
        strlen(full_name) > 200)
        return err_set(e, HB_EINVALID, "user %s: the full name must be 1 to "
                       "200 bytes of UTF-8", login);
    if (!pw_hash || !*pw_hash)
        return err_set(e, HB_EUSAGE, "user %s: no password hash", login);
    char *name = text_normalize(full_name);
    if (!name)
        return err_set(e, HB_ENOMEM, "out of memory");
    sqlite3_stmt *st;
    int rc = prep(w, "INSERT INTO users(login, full_name, role, pw_hash)"
                     " VALUES (?,?,?,?)", &st, e);
    if (rc == 0) {
        sqlite3_bind_text(st, 1, login, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, role, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, pw_hash, -1, SQLITE_TRANSIENT);
        int s = sqlite3_step(st);
        if (s == SQLITE_CONSTRAINT)
            rc = err_set(e, HB_EDUP, "user %s already exists", login);
        else if (s != SQLITE_DONE)
            rc = db_fail(w, e, "adding a user");
        else if (id)
            *id = sqlite3_last_insert_rowid(w->db);
        sqlite3_finalize(st);
    }
    free(name);
    return rc;
}

void ws_user_clear(hb_ws_user *u)
{
    if (!u)
        return;
    free(u->login);
    free(u->full_name);
    free(u->role);
    free(u->pw_hash);
    free(u->created_at);
    for (size_t i = 0; i < u->n_classes; i++)
        free(u->classes[i]);
    free(u->classes);
    memset(u, 0, sizeof *u);
}

void ws_users_free(hb_ws_user *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ws_user_clear(&list[i]);
    free(list);
}

static int user_classes_load(hb_ws *w, hb_ws_user *u, hb_err *e)
{
    sqlite3_stmt *st;
    if (prep(w, "SELECT class FROM user_classes WHERE user = ? ORDER BY class",
             &st, e))
        return -1;
    sqlite3_bind_int64(st, 1, u->id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char **c = grow((void **)&u->classes, &u->n_classes, &cap,
                        sizeof *u->classes);
        if (!c || !(*c = col_text(st, 0))) {
            rc = SQLITE_NOMEM;
            break;
        }
    }
    int out = rc == SQLITE_DONE ? 0
              : rc == SQLITE_NOMEM ? err_set(e, HB_ENOMEM, "out of memory")
                                   : db_fail(w, e, "reading a user's classes");
    sqlite3_finalize(st);
    return out;
}

#define USER_COLS \
    "SELECT id, login, full_name, role, pw_hash, disabled, created_at FROM users "

static int user_row(hb_ws *w, sqlite3_stmt *st, hb_ws_user *u, hb_err *e)
{
    memset(u, 0, sizeof *u);
    u->id = sqlite3_column_int64(st, 0);
    u->login = col_text(st, 1);
    u->full_name = col_text(st, 2);
    u->role = col_text(st, 3);
    u->pw_hash = col_text(st, 4);
    u->disabled = sqlite3_column_int(st, 5);
    u->created_at = col_text(st, 6);
    if (!u->login || !u->full_name || !u->role || !u->pw_hash ||
        !u->created_at)
        return err_set(e, HB_ENOMEM, "out of memory");
    return user_classes_load(w, u, e);
}

int ws_user_get(hb_ws *w, const char *login, int64_t id, hb_ws_user *u,
                hb_err *e)
{
    sqlite3_stmt *st;
    memset(u, 0, sizeof *u);
    if (prep(w, USER_COLS "WHERE (?1 IS NOT NULL AND login = ?1)"
                " OR (?1 IS NULL AND id = ?2)", &st, e))
        return -1;
    bind_text_or_null(st, 1, login);
    sqlite3_bind_int64(st, 2, id);
    int rc = sqlite3_step(st), out;
    if (rc == SQLITE_ROW)
        out = user_row(w, st, u, e);
    else if (rc == SQLITE_DONE)
        out = login ? err_set(e, HB_ENOTFOUND, "%s: no user %s", w->dir, login)
                    : err_set(e, HB_ENOTFOUND, "%s: no user #%lld", w->dir,
                              (long long)id);
    else
        out = db_fail(w, e, "reading a user");
    sqlite3_finalize(st);
    if (out)
        ws_user_clear(u);
    return out;
}

int ws_user_list(hb_ws *w, hb_ws_user **list, size_t *n, hb_err *e)
{
    sqlite3_stmt *st;
    *list = NULL;
    *n = 0;
    if (prep(w, USER_COLS "ORDER BY login", &st, e))
        return -1;
    size_t cap = 0;
    int rc, out = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        hb_ws_user *u = grow((void **)list, n, &cap, sizeof **list);
        if (!u) {
            out = err_set(e, HB_ENOMEM, "out of memory");
            break;
        }
        if ((out = user_row(w, st, u, e)) != 0)
            break;
    }
    if (out == 0 && rc != SQLITE_DONE)
        out = db_fail(w, e, "listing users");
    sqlite3_finalize(st);
    if (out) {
        ws_users_free(*list, *n);
        *list = NULL;
        *n = 0;
    }
    return out;
}

/* Runs `sql` (?1 = login, ?2 = value) on an existing user; HB_ENOTFOUND
 * when there is none.  Ending the user's sessions goes with it in one
 * transaction when `end_sessions` is set. */
static int user_update(hb_ws *w, const char *login, const char *sql,
                       const char *text, int64_t num, int end_sessions,
                       hb_err *e)
{
    int own, rc = tx_enter(w, &own, e);
    if (rc)
        return -1;
    sqlite3_stmt *st;
    rc = prep(w, sql, &st, e);
    if (rc == 0) {
        sqlite3_bind_text(st, 1, login, -1, SQLITE_TRANSIENT);
        if (text)
            sqlite3_bind_text(st, 2, text, -1, SQLITE_TRANSIENT);
        else
            sqlite3_bind_int64(st, 2, num);
        rc = step_done(w, st, "changing a user", e);
        if (rc == 0 && sqlite3_changes(w->db) == 0)
            rc = err_set(e, HB_ENOTFOUND, "%s: no user %s", w->dir, login);
        sqlite3_finalize(st);
    }
    if (rc == 0 && end_sessions) {
        rc = prep(w, "DELETE FROM sessions WHERE user = (SELECT id FROM users"
                     " WHERE login = ?)", &st, e);
        if (rc == 0) {
            sqlite3_bind_text(st, 1, login, -1, SQLITE_TRANSIENT);
            rc = step_done(w, st, "ending sessions", e);
            sqlite3_finalize(st);
        }
    }
    return tx_leave(w, own, rc, e);
}

int ws_user_set_password(hb_ws *w, const char *login, const char *pw_hash,
                         hb_err *e)
{
    return user_update(w, login, "UPDATE users SET pw_hash = ?2 WHERE login = ?1",
                       pw_hash, 0, 1, e);
}

int ws_user_set_disabled(hb_ws *w, const char *login, int disabled, hb_err *e)
{
    return user_update(w, login, "UPDATE users SET disabled = ?2 WHERE login = ?1",
                       NULL, disabled ? 1 : 0, disabled, e);
}

/* A class as teachers type it: "8A", "10a1", "2023-2024/8A".  Stored as
 * typed but for blanks; compared without case (ws_user_may_review). */
static int class_ok(const char *c)
{
    size_t n = c ? strlen(c) : 0;
    return n >= 1 && n <= 40 && text_is_utf8(c) && !strchr(c, '\n');
}

int ws_user_set_classes(hb_ws *w, const char *login,
                        const char *const *classes, size_t n, hb_err *e)
{
    for (size_t i = 0; i < n; i++)
        if (!class_ok(classes[i]))
            return err_set(e, HB_EINVALID, "user %s: '%s' is not a class "
                           "(8A, or 2023-2024/8A)", login, classes[i]);
    hb_ws_user u;
    if (ws_user_get(w, login, 0, &u, e))
        return -1;
    int own, rc = tx_enter(w, &own, e);
    sqlite3_stmt *st = NULL;
    if (rc == 0)
        rc = prep(w, "DELETE FROM user_classes WHERE user = ?", &st, e);
    if (rc == 0) {
        sqlite3_bind_int64(st, 1, u.id);
        rc = step_done(w, st, "changing classes", e);
        sqlite3_finalize(st);
        st = NULL;
    }
    if (rc == 0)
        rc = prep(w, "INSERT OR IGNORE INTO user_classes(user, class)"
                     " VALUES (?, ?)", &st, e);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char *c = text_normalize(classes[i]);
        if (!c) {
            rc = err_set(e, HB_ENOMEM, "out of memory");
            break;
        }
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, u.id);
        sqlite3_bind_text(st, 2, c, -1, SQLITE_TRANSIENT);
        rc = step_done(w, st, "changing classes", e);
        free(c);
    }
    sqlite3_finalize(st);
    ws_user_clear(&u);
    return tx_leave(w, own, rc, e);
}

/* Class names compared as teachers mean them: "8a" is "8A", "10 A1" is
 * "10A1".  ASCII case only: classes are digits and Latin letters, and a
 * Vietnamese section name ("12 Văn") is compared as written. */
static int class_same(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
        a++;
        b++;
    }
}

int ws_user_may_review(const hb_ws_user *u, const char *year,
                       const char *klass)
{
    if (!u || u->disabled)
        return 0;
    if (strcmp(u->role, "principal") == 0)
        return 1;
    if (strcmp(u->role, "teacher") != 0 || !klass || !*klass)
        return 0;
    for (size_t i = 0; i < u->n_classes; i++) {
        const char *c = u->classes[i], *slash = strchr(c, '/');
        if (!slash) {
            if (class_same(c, klass))
                return 1;
        } else if (year && strlen(year) == (size_t)(slash - c) &&
                   strncmp(c, year, (size_t)(slash - c)) == 0 &&
                   class_same(slash + 1, klass))
            return 1;
    }
    return 0;
}

/* ---- sessions ----------------------------------------------------------- */

int ws_session_add(hb_ws *w, const char *token_sha256, int64_t user,
                   const char *csrf, int64_t expires, hb_err *e)
{
    sqlite3_stmt *st;
    if (prep(w, "INSERT INTO sessions(token, user, csrf, expires)"
                " VALUES (?,?,?,?)", &st, e))
        return -1;
    sqlite3_bind_text(st, 1, token_sha256, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, user);
    sqlite3_bind_text(st, 3, csrf, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, expires);
    int rc = step_done(w, st, "adding a session", e);
    sqlite3_finalize(st);
    return rc;
}

int ws_session_get(hb_ws *w, const char *token_sha256, int64_t now,
                   hb_ws_user *u, char csrf[65], hb_err *e)
{
    sqlite3_stmt *st;
    memset(u, 0, sizeof *u);
    csrf[0] = '\0';
    if (prep(w, "SELECT s.user, s.csrf, s.expires, u.disabled FROM sessions s"
                " JOIN users u ON u.id = s.user WHERE s.token = ?", &st, e))
        return -1;
    sqlite3_bind_text(st, 1, token_sha256, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st), found = 0;
    int64_t user = 0;
    if (rc == SQLITE_ROW) {
        user = sqlite3_column_int64(st, 0);
        col_copy(st, 1, csrf, 65);
        found = sqlite3_column_int64(st, 2) > now &&
                !sqlite3_column_int(st, 3);
    } else if (rc != SQLITE_DONE) {
        sqlite3_finalize(st);
        return db_fail(w, e, "reading a session");
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW && !found) {
        csrf[0] = '\0';
        /* An expired session is of no more use; a disabled user's too. */
        if (ws_session_delete(w, token_sha256, e))
            return -1;
        return 0;
    }
    if (!found)
        return 0;
    if (ws_user_get(w, NULL, user, u, e)) {
        csrf[0] = '\0';
        return -1;
    }
    return 1;
}

int ws_session_delete(hb_ws *w, const char *token_sha256, hb_err *e)
{
    sqlite3_stmt *st;
    if (prep(w, "DELETE FROM sessions WHERE token = ?", &st, e))
        return -1;
    sqlite3_bind_text(st, 1, token_sha256, -1, SQLITE_TRANSIENT);
    int rc = step_done(w, st, "ending a session", e);
    sqlite3_finalize(st);
    return rc;
}

/* ---- the login throttle ------------------------------------------------- */

int ws_login_failures(hb_ws *w, const char *key, int64_t since, int *n,
                      hb_err *e)
{
    sqlite3_stmt *st;
    *n = 0;
    if (prep(w, "SELECT count(*) FROM login_failures WHERE key = ? AND at >= ?",
             &st, e))
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, since);
    int rc = sqlite3_step(st) == SQLITE_ROW ? 0 : db_fail(w, e, "counting");
    if (rc == 0)
        *n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return rc;
}

/* Failures older than a day are of no use to any window the server uses:
 * they are removed as new ones come, so the table stays small whatever a
 * guesser does. */
int ws_login_failure_add(hb_ws *w, const char *key, int64_t now, hb_err *e)
{
    int own, rc = tx_enter(w, &own, e);
    if (rc)
        return -1;
    sqlite3_stmt *st;
    rc = prep(w, "DELETE FROM login_failures WHERE at < ?", &st, e);
    if (rc == 0) {
        sqlite3_bind_int64(st, 1, now - 86400);
        rc = step_done(w, st, "forgetting old failures", e);
        sqlite3_finalize(st);
    }
    if (rc == 0)
        rc = prep(w, "INSERT INTO login_failures(key, at) VALUES (?, ?)", &st,
                  e);
    if (rc == 0) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, now);
        rc = step_done(w, st, "recording a failed login", e);
        sqlite3_finalize(st);
    }
    return tx_leave(w, own, rc, e);
}

int ws_login_failures_clear(hb_ws *w, const char *key, hb_err *e)
{
    sqlite3_stmt *st;
    if (prep(w, "DELETE FROM login_failures WHERE key = ?", &st, e))
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    int rc = step_done(w, st, "clearing failed logins", e);
    sqlite3_finalize(st);
    return rc;
}
