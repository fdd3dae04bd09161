/*
 * http.h - the review server's request plumbing that needs neither the
 * network nor the workspace: which call a URL is, whether an id, a number,
 * a token or a Content-Type is acceptable, the listen address, a PNG's
 * size.  Kept apart (and free of libmicrohttpd) so that each rule can be
 * unit-tested on its own (tests/unit/test_server.c).
 *
 * Routing is deliberately strict: a request is one of the exact patterns
 * of the JSON API (README.md) or it is 404.  Nothing in a URL is ever used as a file
 * name; the static files come from the built-in table (static.h) and page
 * images from the paths the workspace database holds.
 */
#ifndef HB_REVIEW_HTTP_H
#define HB_REVIEW_HTTP_H

#include <stddef.h>
#include <sys/socket.h>

/* Request bodies: at most this many bytes (413 beyond). */
#define REVIEW_BODY_MAX (64 * 1024)

/* Session cookie: name and lifetime (12 hours). */
#define REVIEW_COOKIE_NAME "hocba_session"
#define REVIEW_SESSION_SECONDS 43200

/* Record ids in URLs: [0-9a-f-]{1,64}; user logins: [A-Za-z0-9._-]{1,64};
 * static file names: the same as logins, not starting with '.'. */
#define REVIEW_ID_MAX 64

typedef enum review_route_kind {
    REVIEW_RT_NONE = 0,   /* not a known call: 404 */
    REVIEW_RT_INDEX,      /* GET /                       */
    REVIEW_RT_STATIC,     /* GET /static/NAME            */
    REVIEW_RT_LOGIN,      /* POST /api/login             */
    REVIEW_RT_LOGOUT,     /* POST /api/logout            */
    REVIEW_RT_ME,         /* GET /api/me                 */
    REVIEW_RT_QUEUE,      /* GET /api/queue              */
    REVIEW_RT_RECORD,     /* GET /api/records/ID/V       */
    REVIEW_RT_PAGE,       /* GET /api/records/ID/V/pages/N */
    REVIEW_RT_FIELD,      /* POST /api/records/ID/V/field */
    REVIEW_RT_APPROVE,    /* POST /api/records/ID/V/approve */
    REVIEW_RT_RETURN,     /* POST /api/records/ID/V/return */
    REVIEW_RT_SIGN_GET,   /* GET /api/sign               */
    REVIEW_RT_SIGN,       /* POST /api/sign              */
    REVIEW_RT_USERS,      /* GET /api/users              */
    REVIEW_RT_USER_ADD,   /* POST /api/users             */
    REVIEW_RT_USER_SET    /* POST /api/users/LOGIN       */
} review_route_kind;

typedef struct review_route {
    review_route_kind kind;
    int post;                     /* a POST (else GET or HEAD) */
    char id[REVIEW_ID_MAX + 1];   /* record id, or login of USER_SET */
    int version;                  /* record version, >= 1 */
    int page;                     /* page number, >= 1 */
    char name[REVIEW_ID_MAX + 1]; /* static file name ("index.html" for /) */
} review_route;

/* Fills `r` for `method` ("GET", "HEAD", "POST") and the decoded path
 * `url` (no query string).  Returns r->kind (REVIEW_RT_NONE when the
 * request matches no call, for any reason). */
review_route_kind review_http_route(const char *method, const char *url,
                                    review_route *r);

/* Nonzero when s[0..len) is a record id: [0-9a-f-]{1,64}. */
int review_http_id_ok(const char *s, size_t len);
/* Nonzero when s[0..len) is a login: [A-Za-z0-9._-]{1,64}. */
int review_http_login_ok(const char *s, size_t len);

/* s[0..len) as a positive int: decimal digits only, no sign, no leading
 * zero, at most INT_MAX.  0 on success, -1 otherwise. */
int review_http_parse_pos(const char *s, size_t len, int *out);

/* Nonzero when `s` is a session or CSRF token: exactly 64 lower-case hex
 * digits. */
int review_http_token_ok(const char *s);

/* Constant-time equality of two tokens (NULLs are never equal). */
int review_http_token_equal(const char *a, const char *b);

/* Nonzero when a Content-Type header value names JSON: "application/json",
 * any case, optionally followed by parameters, of which a charset must be
 * utf-8. */
int review_http_is_json(const char *content_type);

/* Parses "ADDR:PORT" (IPv4 dotted quad) or "[V6]:PORT" (port 0-65535)
 * into `ss`/`len`.  0 on success, -1 when it is not such an address. */
int review_http_parse_listen(const char *listen, struct sockaddr_storage *ss,
                             socklen_t *len);

/* The width and height of a PNG from its first `n` bytes (at least 24:
 * signature and IHDR).  0 on success, -1 when it is not a PNG. */
int review_http_png_size(const unsigned char *head, size_t n, int *w, int *h);

/* Nonzero when `rel` is a relative path that stays below its base: not
 * empty, not absolute, no "." or ".." component, no empty component. */
int review_http_rel_ok(const char *rel);

#endif
