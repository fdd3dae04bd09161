/*
 * api_auth.c - logging in and out, and the session of each request
 * (README.md, the JSON API: sessions).
 *
 * The cookie holds a random token; the workspace keeps only its SHA-256,
 * so a copied database opens no session.  Each session has its own CSRF
 * token, which the UI sends back in X-CSRF-Token on every POST.  Failed
 * logins are counted per account and per address (the throttle), and a
 * login for an account that does not exist costs the same scrypt run as a
 * wrong password, so neither the answer nor its time says which accounts
 * exist.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "json.h"
#include "server_int.h"

/* The throttle (README.md): failures within the window, per account and per
 * address, before further attempts get 429. */
#define THROTTLE_WINDOW 900
#define THROTTLE_USER 5
#define THROTTLE_IP 20

#define MSG_BAD_LOGIN "Tên đăng nhập hoặc mật khẩu không đúng."
#define MSG_THROTTLED                                                          \
    "Đăng nhập sai quá nhiều lần. Hãy đợi 15 phút rồi thử lại."

int review_api_session(hb_req *q, hb_reply *r)
{
    const char *token = MHD_lookup_connection_value(q->conn, MHD_COOKIE_KIND,
                                                    REVIEW_COOKIE_NAME);
    if (!review_http_token_ok(token))
        return 0;
    auth_sha256_hex(token, q->session_hash);
    hb_err e;
    err_clear(&e);
    int got = ws_session_get(q->ws, q->session_hash, (int64_t)q->now,
                             &q->user, q->csrf, &e);
    if (got < 0) {
        review_reply_fail(r, &e, "");
        return -1;
    }
    q->has_user = got == 1;
    return 0;
}

static void set_cookie(hb_reply *r, const char *token)
{
    if (token)
        snprintf(r->cookie, sizeof r->cookie,
                 REVIEW_COOKIE_NAME "=%s; HttpOnly; SameSite=Strict; Path=/; "
                                    "Max-Age=%d",
                 token, REVIEW_SESSION_SECONDS);
    else
        snprintf(r->cookie, sizeof r->cookie,
                 REVIEW_COOKIE_NAME "=; HttpOnly; SameSite=Strict; Path=/; "
                                    "Max-Age=0");
}

/* {"user": USER, "csrf": token} */
static void reply_me(hb_reply *r, const hb_ws_user *u, const char *csrf)
{
    review_reply_json(r, 200, json_pack("{s:o, s:s}", "user",
                                        review_shape_user(u), "csrf", csrf));
}

void review_api_me(hb_req *q, hb_reply *r)
{
    reply_me(r, &q->user, q->csrf);
}

void review_api_logout(hb_req *q, hb_reply *r)
{
    static const char *const allowed[] = { NULL };
    if (review_body_only(q, r, allowed))
        return;
    hb_err e;
    err_clear(&e);
    if (ws_session_delete(q->ws, q->session_hash, &e)) {
        review_reply_fail(r, &e, "");
        return;
    }
    set_cookie(r, NULL);
    review_reply_json(r, 200, json_object());
}

/* How many failures `key` had in the window: -1 on error (r filled). */
static int failures(hb_req *q, hb_reply *r, const char *key)
{
    hb_err e;
    int n = 0;
    err_clear(&e);
    if (ws_login_failures(q->ws, key, (int64_t)q->now - THROTTLE_WINDOW, &n,
                          &e)) {
        review_reply_fail(r, &e, "");
        return -1;
    }
    return n;
}

/* A new session for `u`: the cookie in r, the CSRF token in csrf. */
static int session_open(hb_req *q, hb_reply *r, const hb_ws_user *u,
                        char csrf[65])
{
    char token[65], hash[65];
    if (auth_random_hex(token, 32) || auth_random_hex(csrf, 32)) {
        review_reply_internal(r, "no randomness for a session token");
        return -1;
    }
    auth_sha256_hex(token, hash);
    hb_err e;
    err_clear(&e);
    int rc = ws_session_add(q->ws, hash, u->id, csrf,
                            (int64_t)q->now + REVIEW_SESSION_SECONDS, &e);
    if (rc == 0)
        set_cookie(r, token);
    else
        review_reply_fail(r, &e, "");
    OPENSSL_cleanse(token, sizeof token);
    return rc;
}

void review_api_login(hb_req *q, hb_reply *r)
{
    static const char *const allowed[] = { "login", "password", NULL };
    const char *login, *password;
    int got;
    if (review_body_only(q, r, allowed))
        return;
    if ((got = review_json_string(q->body, "login", REVIEW_ID_MAX, &login)) ||
        !*login) {
        review_reply_member(r, got ? got : REVIEW_J_BAD, "login");
        return;
    }
    /* Longer than any password accepted: checked (and failed) all the
     * same, so that length tells nothing either. */
    if ((got = review_json_string(q->body, "password", 1024, &password))) {
        review_reply_member(r, got, "password");
        return;
    }

    /* Keys of the throttle: the login folded to lower case (so that
     * "Lan" and "lan" share one count), and the address. */
    char ukey[8 + REVIEW_ID_MAX + 1], ikey[8 + sizeof q->ip];
    int ul = snprintf(ukey, sizeof ukey, "user:");
    for (const char *p = login; *p && ul < (int)sizeof ukey - 1; p++)
        ukey[ul++] = (char)tolower((unsigned char)*p);
    ukey[ul] = '\0';
    snprintf(ikey, sizeof ikey, "ip:%s", q->ip);
    int nu = failures(q, r, ukey);
    int ni = nu < 0 ? -1 : failures(q, r, ikey);
    if (nu < 0 || ni < 0)
        return;
    if (nu >= THROTTLE_USER || ni >= THROTTLE_IP) {
        review_reply_error(r, 429, MSG_THROTTLED);
        return;
    }

    hb_ws_user u;
    hb_err e;
    err_clear(&e);
    memset(&u, 0, sizeof u);
    int found = ws_user_get(q->ws, login, 0, &u, &e) == 0;
    if (!found && e.code != HB_ENOTFOUND) {
        review_reply_fail(r, &e, "");
        return;
    }
    /* Always one scrypt run: against the account's hash, or the dummy. */
    int ok = auth_check_password(password,
                                 found && u.pw_hash ? u.pw_hash
                                                    : q->srv->dummy_hash);
    ok = ok && found && !u.disabled;
    if (!ok) {
        err_clear(&e);
        if (ws_login_failure_add(q->ws, ukey, (int64_t)q->now, &e) ||
            ws_login_failure_add(q->ws, ikey, (int64_t)q->now, &e))
            review_reply_fail(r, &e, "");
        else
            review_reply_error(r, 401, MSG_BAD_LOGIN);
        ws_user_clear(&u);
        return;
    }
    /* The session the browser came with, if any, ends: one login, one
     * session. */
    char csrf[65];
    err_clear(&e);
    if ((q->session_hash[0] &&
         ws_session_delete(q->ws, q->session_hash, &e)) ||
        ws_login_failures_clear(q->ws, ukey, &e)) {
        review_reply_fail(r, &e, "");
    } else if (session_open(q, r, &u, csrf) == 0) {
        reply_me(r, &u, csrf);
    }
    ws_user_clear(&u);
}
