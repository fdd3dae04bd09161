/*
 * server.c - the review server's HTTP side (see server.h; the API is described in README.md).
 *
 * libmicrohttpd runs REVIEW_THREADS threads (its internal thread pool, each
 * polling its share of the connections); a handler runs on one of them
 * from the moment a request is complete until its answer is queued.  The
 * workspace is reached through a pool of as many connections (pool.h), one
 * lent to each request, so handlers never share an SQLite connection and
 * never wait for one unless the pool is smaller than the thread count.
 *
 * No global state: everything hangs off hb_server, which libmicrohttpd
 * hands back to every callback.  The only process-wide state touched is
 * what the libraries impose: xmlsec's and OpenSSL's registries
 * (xmlsec_init.h), set up in review_server_start on the caller's thread,
 * before any request thread exists, and undone in review_server_stop.
 *
 * A request, in order:
 *   1. first call (headers only): an unknown call is 404 at once, a POST
 *      that is not JSON 415, a declared body over 64 KiB 413 - before any
 *      of the body is read;
 *   2. body chunks are kept in the connection's state up to 64 KiB; past
 *      that nothing more is kept (413 at the end), and a sender that goes
 *      on for another megabyte is cut off;
 *   3. complete: static files are answered from the built-in table; every
 *      API call borrows a workspace connection, loads the session, requires
 *      one (except for login), checks the CSRF token of a POST and the role
 *      the call needs, parses the body (one JSON object) and runs its
 *      handler (api_*.c);
 *   4. the answer gets the security headers, Cache-Control and the cookie,
 *      and a 5xx a line on stderr.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "json.h"
#include "server_int.h"
#include "static.h"
#include "xmlsec_init.h"

/* Bytes a client may send past the body limit (they are read and thrown
 * away so that it still gets its 413) before its connection is cut. */
#define DROP_MAX (1024 * 1024)

/* libmicrohttpd limits: memory per connection (headers and the read
 * buffer; bodies are kept by us), idle seconds, connections.  A browser
 * keeps about 6 connections; the per-address bound is generous because
 * scripts, tests and a school's NAT may put many people on one address. */
#define CONN_MEMORY (128 * 1024)
#define CONN_TIMEOUT 60
#define CONN_LIMIT 512
#define CONN_PER_IP 128

/* What a connection accumulates while its request's body arrives. */
typedef struct conn_state {
    char *body;
    size_t len, cap;
    size_t dropped;   /* bytes past the limit, thrown away */
    int too_big;
} conn_state;

/* Roles, as bits, and which a call allows (README.md, "The verification queue": roles). */
enum { R_CLERK = 1, R_TEACHER = 2, R_PRINCIPAL = 4, R_ADMIN = 8 };

static unsigned role_bit(const char *role)
{
    if (!role)
        return 0;
    if (strcmp(role, "clerk") == 0)
        return R_CLERK;
    if (strcmp(role, "teacher") == 0)
        return R_TEACHER;
    if (strcmp(role, "principal") == 0)
        return R_PRINCIPAL;
    if (strcmp(role, "admin") == 0)
        return R_ADMIN;
    return 0;
}

static unsigned roles_of(review_route_kind k)
{
    switch (k) {
    case REVIEW_RT_LOGOUT:
    case REVIEW_RT_ME:
    case REVIEW_RT_QUEUE:
        return R_CLERK | R_TEACHER | R_PRINCIPAL | R_ADMIN;
    case REVIEW_RT_RECORD:
    case REVIEW_RT_PAGE:
    case REVIEW_RT_RETURN:
        return R_TEACHER | R_PRINCIPAL;
    case REVIEW_RT_FIELD:
    case REVIEW_RT_APPROVE:
        return R_TEACHER;
    case REVIEW_RT_SIGN_GET:
    case REVIEW_RT_SIGN:
        return R_PRINCIPAL;
    case REVIEW_RT_USERS:
    case REVIEW_RT_USER_ADD:
    case REVIEW_RT_USER_SET:
        return R_ADMIN;
    default:
        return 0;
    }
}

static void dispatch(hb_req *q, hb_reply *r)
{
    switch (q->rt.kind) {
    case REVIEW_RT_LOGIN: review_api_login(q, r); break;
    case REVIEW_RT_LOGOUT: review_api_logout(q, r); break;
    case REVIEW_RT_ME: review_api_me(q, r); break;
    case REVIEW_RT_QUEUE: review_api_queue(q, r); break;
    case REVIEW_RT_RECORD: review_api_record(q, r); break;
    case REVIEW_RT_PAGE: review_api_page(q, r); break;
    case REVIEW_RT_FIELD: review_api_field(q, r); break;
    case REVIEW_RT_APPROVE: review_api_approve(q, r); break;
    case REVIEW_RT_RETURN: review_api_return(q, r); break;
    case REVIEW_RT_SIGN_GET: review_api_sign_list(q, r); break;
    case REVIEW_RT_SIGN: review_api_sign(q, r); break;
    case REVIEW_RT_USERS: review_api_users(q, r); break;
    case REVIEW_RT_USER_ADD: review_api_user_add(q, r); break;
    case REVIEW_RT_USER_SET: review_api_user_set(q, r); break;
    default: review_reply_error(r, 404, "Không tìm thấy."); break;
    }
}

/* ---- answers ---------------------------------------------------------- */

static void add_headers(struct MHD_Response *resp, const char *cache)
{
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' blob: data:; "
                            "style-src 'self'");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, cache);
}

/* One line on stderr: the request and why it failed, control characters
 * blanked so that a message cannot forge more lines. */
static void log_failure(const char *method, const char *url, unsigned status,
                        const char *why)
{
    char clean[1400];
    snprintf(clean, sizeof clean, "%s %.200s -> %u: %s", method, url, status,
             why[0] ? why : "(no detail)");
    for (char *p = clean; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = ' ';
    fprintf(stderr, "hocba review: %s\n", clean);
}

/* The body when even an error object cannot be built. */
static const char fallback_json[] =
    "{\"error\":\"" REVIEW_MSG_INTERNAL "\"}";

static enum MHD_Result send_reply(struct MHD_Connection *conn,
                                  const char *method, const char *url,
                                  hb_reply *r)
{
    struct MHD_Response *resp = r->resp;
    unsigned status = r->status ? r->status : 500;
    r->resp = NULL;
    if (!resp) {
        char *text = r->json ? json_dumps(r->json, JSON_COMPACT) : NULL;
        if (!text)
            status = 500;
        resp = MHD_create_response_from_buffer(
            text ? strlen(text) : sizeof fallback_json - 1,
            text ? text : (void *)fallback_json, MHD_RESPMEM_MUST_COPY);
        free(text);
        if (!resp)
            return MHD_NO;
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                                "application/json; charset=utf-8");
        add_headers(resp, "no-store");
    } else {
        add_headers(resp, r->cache ? r->cache : "no-store");
    }
    if (r->cookie[0])
        MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->cookie);
    if (status >= 500)
        log_failure(method, url, status, r->why);
    enum MHD_Result ret = MHD_queue_response(conn, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* An error answered before or without a handler. */
static enum MHD_Result send_error(struct MHD_Connection *conn,
                                  const char *method, const char *url,
                                  unsigned status, const char *msg)
{
    hb_reply r;
    memset(&r, 0, sizeof r);
    review_reply_error(&r, status, "%s", msg);
    enum MHD_Result ret = send_reply(conn, method, url, &r);
    json_decref(r.json);
    return ret;
}

static enum MHD_Result send_static(struct MHD_Connection *conn,
                                   const char *method, const char *url,
                                   const char *name)
{
    const hb_static_file *f = review_static_find(name);
    if (!f)
        return send_error(conn, method, url, 404, "Không tìm thấy.");
    hb_reply r;
    memset(&r, 0, sizeof r);
    /* The table lives as long as the program: no copy needed. */
    r.resp = MHD_create_response_from_buffer(f->len, (void *)f->data,
                                             MHD_RESPMEM_PERSISTENT);
    if (!r.resp)
        return MHD_NO;
    MHD_add_response_header(r.resp, MHD_HTTP_HEADER_CONTENT_TYPE, f->type);
    /* Revalidated each time: a new program version brings new files. */
    r.cache = "no-cache";
    r.status = 200;
    return send_reply(conn, method, url, &r);
}

/* ---- a complete request ------------------------------------------------ */

static void client_ip(struct MHD_Connection *conn, char *out, size_t size)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(out, size, "unknown");
    if (!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out,
                  (socklen_t)size);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr,
                  out, (socklen_t)size);
}

/* Session, CSRF and role: 0 when the handler may run, else r is filled. */
static int admit(hb_req *q, hb_reply *r)
{
    if (review_api_session(q, r))
        return -1;
    if (q->rt.kind == REVIEW_RT_LOGIN)
        return 0;
    if (!q->has_user) {
        /* A cookie that no longer opens a session is cleared. */
        if (q->session_hash[0])
            snprintf(r->cookie, sizeof r->cookie,
                     REVIEW_COOKIE_NAME "=; HttpOnly; SameSite=Strict; "
                                        "Path=/; Max-Age=0");
        review_reply_error(r, 401,
                           "Bạn chưa đăng nhập hoặc phiên làm việc đã hết "
                           "hạn. Hãy đăng nhập lại.");
        return -1;
    }
    if (q->rt.post &&
        !review_http_token_equal(
            MHD_lookup_connection_value(q->conn, MHD_HEADER_KIND,
                                        "X-CSRF-Token"),
            q->csrf)) {
        review_reply_error(r, 403,
                           "Thiếu hoặc sai mã bảo vệ của phiên (CSRF). Hãy "
                           "tải lại trang.");
        return -1;
    }
    if (!(roles_of(q->rt.kind) & role_bit(q->user.role))) {
        review_reply_error(r, 403, REVIEW_MSG_FORBIDDEN);
        return -1;
    }
    return 0;
}

static enum MHD_Result handle(hb_server *s, struct MHD_Connection *conn,
                              const char *method, const char *url,
                              conn_state *st)
{
    hb_req q;
    hb_reply r;
    memset(&q, 0, sizeof q);
    memset(&r, 0, sizeof r);
    q.srv = s;
    q.conn = conn;
    q.method = method;
    q.url = url;
    q.now = time(NULL);
    review_http_route(method, url, &q.rt);

    if (st->too_big)
        return send_error(conn, method, url, 413,
                          "Nội dung gửi lên quá lớn (tối đa 64 KiB).");
    if (q.rt.kind == REVIEW_RT_INDEX || q.rt.kind == REVIEW_RT_STATIC)
        return send_static(conn, method, url, q.rt.name);
    client_ip(conn, q.ip, sizeof q.ip);
    q.ws = review_pool_borrow(s->pool);
    /* Who asks comes first: without a session or its CSRF token the
     * answer is 401 or 403 whatever the body holds. */
    if (admit(&q, &r) == 0) {
        if (q.rt.post && !(q.body = review_json_parse(st->body, st->len)))
            review_reply_error(&r, 400,
                               "Nội dung gửi lên không phải một đối tượng "
                               "JSON hợp lệ.");
        else
            dispatch(&q, &r);
    }
    review_pool_give(s->pool, q.ws);
    ws_user_clear(&q.user);
    OPENSSL_cleanse(q.csrf, sizeof q.csrf);
    json_decref(q.body);
    enum MHD_Result ret = send_reply(conn, method, url, &r);
    json_decref(r.json);
    if (r.resp)
        MHD_destroy_response(r.resp);
    return ret;
}

/* ---- libmicrohttpd callbacks ------------------------------------------ */

/* First call of a request: what can be refused from the headers alone. */
static enum MHD_Result on_headers(struct MHD_Connection *conn,
                                  const char *method, const char *url)
{
    review_route rt;
    if (review_http_route(method, url, &rt) == REVIEW_RT_NONE)
        return send_error(conn, method, url, 404, "Không tìm thấy.");
    if (rt.post &&
        !review_http_is_json(MHD_lookup_connection_value(
            conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE)))
        return send_error(conn, method, url, 415,
                          "Nội dung gửi lên phải là JSON (Content-Type: "
                          "application/json).");
    const char *cl = MHD_lookup_connection_value(
        conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl) {
        char *end;
        errno = 0;
        unsigned long long n = strtoull(cl, &end, 10);
        if (errno || end == cl || n > REVIEW_BODY_MAX)
            return send_error(conn, method, url, 413,
                              "Nội dung gửi lên quá lớn (tối đa 64 KiB).");
    }
    return MHD_YES;
}

/* A piece of the body: kept while it fits. */
static enum MHD_Result on_upload(conn_state *st, const char *data, size_t n)
{
    if (!st->too_big && n <= REVIEW_BODY_MAX - st->len) {
        if (st->len + n > st->cap) {
            size_t cap = st->cap ? st->cap : 4096;
            while (cap < st->len + n)
                cap *= 2;
            if (cap > REVIEW_BODY_MAX)
                cap = REVIEW_BODY_MAX;
            char *more = malloc(cap);
            if (!more)
                return MHD_NO;
            /* Not realloc: the old buffer may hold a PIN or a password
             * and is wiped before it is let go. */
            if (st->body) {
                memcpy(more, st->body, st->len);
                OPENSSL_cleanse(st->body, st->cap);
                free(st->body);
            }
            st->body = more;
            st->cap = cap;
        }
        memcpy(st->body + st->len, data, n);
        st->len += n;
        return MHD_YES;
    }
    if (!st->too_big && st->body) {
        OPENSSL_cleanse(st->body, st->cap);
        free(st->body);
        st->body = NULL;
        st->len = st->cap = 0;
    }
    st->too_big = 1;
    st->dropped += n;
    return st->dropped > DROP_MAX ? MHD_NO : MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version,
                                  const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    hb_server *s = cls;
    conn_state *st = *con_cls;
    (void)version;
    if (!st) {
        st = calloc(1, sizeof *st);
        if (!st)
            return MHD_NO;
        *con_cls = st;
        return on_headers(conn, method, url);
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        return on_upload(st, upload_data, n);
    }
    return handle(s, conn, method, url, st);
}

static void on_completed(void *cls, struct MHD_Connection *conn,
                         void **con_cls, enum MHD_RequestTerminationCode why)
{
    conn_state *st = *con_cls;
    (void)cls;
    (void)conn;
    (void)why;
    if (!st)
        return;
    if (st->body) {
        OPENSSL_cleanse(st->body, st->cap);
        free(st->body);
    }
    free(st);
    *con_cls = NULL;
}

/* ---- start and stop ---------------------------------------------------- */

/* The hash that logins for unknown accounts are checked against: of a
 * random password nobody knows, made with the current costs so that it
 * takes as long as a real one. */
static int make_dummy_hash(hb_server *s, hb_err *e)
{
    char pw[33];
    if (auth_random_hex(pw, 16))
        return err_set(e, HB_ECRYPTO, "review: no randomness");
    int rc = auth_hash_password(pw, s->dummy_hash, sizeof s->dummy_hash, e);
    OPENSSL_cleanse(pw, sizeof pw);
    return rc;
}

hb_server *review_server_start(const char *ws_dir, const char *listen,
                               hb_err *e)
{
    struct sockaddr_storage ss;
    socklen_t ss_len;
    if (review_http_parse_listen(listen, &ss, &ss_len)) {
        err_set(e, HB_EUSAGE,
                "%s: not a listen address (ADDR:PORT, or [V6]:PORT)",
                listen ? listen : "(none)");
        return NULL;
    }
    hb_server *s = calloc(1, sizeof *s);
    if (!s) {
        err_set(e, HB_ENOMEM, "review: out of memory");
        return NULL;
    }
    if (pthread_mutex_init(&s->sign_lock, NULL) != 0) {
        free(s);
        err_set(e, HB_ENOMEM, "review: cannot create a lock");
        return NULL;
    }
    if (xmlsec_init_libs(e) || make_dummy_hash(s, e))
        goto fail;
    s->pool = review_pool_open(ws_dir, REVIEW_THREADS, e);
    if (!s->pool)
        goto fail;

    unsigned flags = MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD;
    if (ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    errno = 0;
    s->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR,
        (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)REVIEW_THREADS, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)CONN_MEMORY, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)CONN_TIMEOUT, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)CONN_LIMIT, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned)CONN_PER_IP, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_END);
    if (!s->daemon) {
        err_set(e, HB_EIO, "%s: cannot listen there%s%s", listen,
                errno ? ": " : "", errno ? strerror(errno) : "");
        goto fail;
    }
    const union MHD_DaemonInfo *di =
        MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = di ? di->port : 0;
    return s;

fail:
    review_pool_close(s->pool);
    pthread_mutex_destroy(&s->sign_lock);
    xmlsec_init_shutdown();
    free(s);
    return NULL;
}

int review_server_port(const hb_server *s)
{
    return s ? s->port : 0;
}

void review_server_stop(hb_server *s)
{
    if (!s)
        return;
    /* Joins the threads: requests under way finish first, and every
     * connection's state is freed through on_completed. */
    MHD_stop_daemon(s->daemon);
    review_pool_close(s->pool);
    pthread_mutex_destroy(&s->sign_lock);
    OPENSSL_cleanse(s->dummy_hash, sizeof s->dummy_hash);
    xmlsec_init_shutdown();
    free(s);
}
