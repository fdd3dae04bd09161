/*
 * server_int.h - what the review server's files share: the server, one
 * request as the handlers see it, and the answer they fill in.
 *
 * server.c speaks HTTP (libmicrohttpd): it reads the body, finds the call
 * (http.h), lends the request a workspace connection (pool.h), loads the
 * session, checks the role and the CSRF token, then calls one handler
 * review_api_* and turns its hb_reply into the response, with the
 * security headers.  Handlers never see libmicrohttpd except to build a
 * file response (page images).
 */
#ifndef HB_REVIEW_SERVER_INT_H
#define HB_REVIEW_SERVER_INT_H

#include <pthread.h>
#include <time.h>

#include <jansson.h>
#include <microhttpd.h>

#include "auth.h"
#include "err.h"
#include "http.h"
#include "pool.h"
#include "server.h"
#include "workspace.h"

/* Threads answering requests, and as many workspace connections. */
#define REVIEW_THREADS 4

struct hb_server {
    struct MHD_Daemon *daemon;
    review_pool *pool;
    int port;
    /* A hash of a random password: a login for an account that does not
     * exist is checked against it, so that it takes as long as a wrong
     * password and does not tell which accounts exist. */
    char dummy_hash[AUTH_HASH_MAX];
    /* One signing at a time: keys may live on a PKCS#11 token, whose
     * modules are not all safe to use from two threads, and two signing
     * runs would only queue on the workspace's write lock anyway. */
    pthread_mutex_t sign_lock;
};

/* One request, from the handlers' side. */
typedef struct hb_req {
    hb_server *srv;
    struct MHD_Connection *conn;
    const char *method, *url;
    review_route rt;
    json_t *body;           /* a POST's object (owned by server.c) */
    hb_ws *ws;              /* borrowed for this request */
    int has_user;           /* a valid session came with the request */
    hb_ws_user user;        /* its account (when has_user) */
    char session_hash[65];  /* SHA-256 of the session token, "" if none */
    char csrf[65];          /* the session's CSRF token */
    char ip[64];            /* the client's address, for the throttle */
    time_t now;
} hb_req;

/* The answer: a status and a JSON body, or a prepared response (a file). */
typedef struct hb_reply {
    unsigned status;
    json_t *json;               /* owned; NULL with resp */
    struct MHD_Response *resp;  /* owned; image or static file */
    const char *cache;          /* Cache-Control of resp */
    char cookie[192];           /* a Set-Cookie value, or "" */
    char why[1024];             /* for the log line of a 5xx */
} hb_reply;

/* ---- replies (reply.c) ---------------------------------------------------- */

/* 200 (or `status`) with `json` (consumed; NULL means allocation failed:
 * 500). */
void review_reply_json(hb_reply *r, unsigned status, json_t *json);

/* An error: {"error": message} (a Vietnamese sentence). */
void review_reply_error(hb_reply *r, unsigned status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The error of a failed workspace or review call: HB_ENOTFOUND 404,
 * HB_EDENIED 403, HB_EINVALID 422 ("<sentence> (<detail>)"), HB_ECONFLICT
 * 409, anything else 500 with a generic sentence (the detail goes to the
 * log only).  `sentence` says what could not be done, in Vietnamese. */
void review_reply_fail(hb_reply *r, const hb_err *e, const char *sentence);

/* 500 without an hb_err (allocation failure), `why` for the log. */
void review_reply_internal(hb_reply *r, const char *why);

/* 400 for a member of the body that is missing or of the wrong type, or
 * 422 when it is too long (`got` is a REVIEW_J_* value). */
void review_reply_member(hb_reply *r, int got, const char *key);

/* Checks the body's members against `allowed` (NULL-terminated); replies
 * 400 and returns -1 on an unknown member. */
int review_body_only(hb_req *q, hb_reply *r, const char *const *allowed);

/* The sentence of 409 answers. */
#define REVIEW_MSG_CONFLICT                                                    \
    "Hồ sơ này vừa được người khác thay đổi. Hãy tải lại để xem bản mới nhất."
#define REVIEW_MSG_FORBIDDEN "Bạn không có quyền thực hiện thao tác này."
#define REVIEW_MSG_INTERNAL                                                    \
    "Máy chủ gặp lỗi khi xử lý yêu cầu. Hãy thử lại; nếu vẫn lỗi, hãy báo "  \
    "cho quản trị viên."

/* ---- JSON shapes of the API (README.md; shapes.c) ------------------------------------ */

json_t *review_shape_user(const hb_ws_user *u);
json_t *review_shape_row(const hb_ws_record *m);
/* RECORD of version `version` of `id`, as `q`'s user sees it.  NULL with
 * `e` filled on failure. */
json_t *review_shape_record(hb_req *q, const char *id, int version,
                            hb_err *e);

/* Whether `q`'s user may see record `m` (teacher of its class, principal). */
int review_may_see(const hb_req *q, const hb_ws_record *m);
/* Whether `q`'s user may correct and approve it (teacher of its class). */
int review_may_edit(const hb_req *q, const hb_ws_record *m);

/* ---- handlers -------------------------------------------------------------- */

void review_api_login(hb_req *q, hb_reply *r);
void review_api_logout(hb_req *q, hb_reply *r);
void review_api_me(hb_req *q, hb_reply *r);
/* Loads the session of the request's cookie into q (has_user etc.):
 * 0, or -1 with r filled (500). */
int review_api_session(hb_req *q, hb_reply *r);

void review_api_queue(hb_req *q, hb_reply *r);

void review_api_record(hb_req *q, hb_reply *r);
void review_api_page(hb_req *q, hb_reply *r);
void review_api_field(hb_req *q, hb_reply *r);
void review_api_approve(hb_req *q, hb_reply *r);
void review_api_return(hb_req *q, hb_reply *r);

void review_api_sign_list(hb_req *q, hb_reply *r);
void review_api_sign(hb_req *q, hb_reply *r);

void review_api_users(hb_req *q, hb_reply *r);
void review_api_user_add(hb_req *q, hb_reply *r);
void review_api_user_set(hb_req *q, hb_reply *r);

#endif
