/* http.c - routing and request checks of the review server (see http.h). */
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>

/* A URL cut into at most this many '/'-separated segments; longer paths
 * are no call of ours. */
#define MAX_SEGS 8

typedef struct seg {
    const char *s;
    size_t len;
} seg;

static int seg_is(const seg *g, const char *word)
{
    return g->len == strlen(word) && memcmp(g->s, word, g->len) == 0;
}

/* "/a/b/c" -> a, b, c.  -1 when the path does not start with '/', has an
 * empty segment ("//", a trailing '/') or too many segments.  "/" alone
 * gives 0 segments. */
static int split(const char *url, seg *segs)
{
    if (url[0] != '/')
        return -1;
    if (url[1] == '\0')
        return 0;
    int n = 0;
    const char *p = url + 1;
    for (;;) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (len == 0 || n == MAX_SEGS)
            return -1;
        segs[n].s = p;
        segs[n].len = len;
        n++;
        if (!slash)
            return n;
        p = slash + 1;
    }
}

int review_http_id_ok(const char *s, size_t len)
{
    if (len == 0 || len > REVIEW_ID_MAX)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
              s[i] == '-'))
            return 0;
    return 1;
}

int review_http_login_ok(const char *s, size_t len)
{
    if (len == 0 || len > REVIEW_ID_MAX)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
              (c >= 'A' && c <= 'Z') || c == '.' || c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

int review_http_parse_pos(const char *s, size_t len, int *out)
{
    /* strtol alone accepts blanks, a sign and trailing junk: the digits
     * are checked first, then strtol converts with its overflow check. */
    if (len == 0 || len > 10 || s[0] == '0')
        return -1;
    char buf[11];
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        buf[i] = s[i];
    }
    buf[len] = '\0';
    char *end;
    errno = 0;
    long v = strtol(buf, &end, 10);
    if (errno || *end || v < 1 || v > INT_MAX)
        return -1;
    *out = (int)v;
    return 0;
}

static void copy_seg(char *dst, const seg *g)
{
    memcpy(dst, g->s, g->len);
    dst[g->len] = '\0';
}

/* The calls under /api/records/ID/VERSION. */
static review_route_kind route_record(int post, const seg *g, int n,
                                      review_route *r)
{
    if (n < 4 || !review_http_id_ok(g[2].s, g[2].len) ||
        review_http_parse_pos(g[3].s, g[3].len, &r->version))
        return REVIEW_RT_NONE;
    copy_seg(r->id, &g[2]);
    if (n == 4)
        return post ? REVIEW_RT_NONE : REVIEW_RT_RECORD;
    if (n == 6 && !post && seg_is(&g[4], "pages") &&
        review_http_parse_pos(g[5].s, g[5].len, &r->page) == 0)
        return REVIEW_RT_PAGE;
    if (n == 5 && post) {
        if (seg_is(&g[4], "field"))
            return REVIEW_RT_FIELD;
        if (seg_is(&g[4], "approve"))
            return REVIEW_RT_APPROVE;
        if (seg_is(&g[4], "return"))
            return REVIEW_RT_RETURN;
    }
    return REVIEW_RT_NONE;
}

static review_route_kind route_api(int post, const seg *g, int n,
                                   review_route *r)
{
    if (n == 2) {
        if (seg_is(&g[1], "login"))
            return post ? REVIEW_RT_LOGIN : REVIEW_RT_NONE;
        if (seg_is(&g[1], "logout"))
            return post ? REVIEW_RT_LOGOUT : REVIEW_RT_NONE;
        if (seg_is(&g[1], "me"))
            return post ? REVIEW_RT_NONE : REVIEW_RT_ME;
        if (seg_is(&g[1], "queue"))
            return post ? REVIEW_RT_NONE : REVIEW_RT_QUEUE;
        if (seg_is(&g[1], "sign"))
            return post ? REVIEW_RT_SIGN : REVIEW_RT_SIGN_GET;
        if (seg_is(&g[1], "users"))
            return post ? REVIEW_RT_USER_ADD : REVIEW_RT_USERS;
        return REVIEW_RT_NONE;
    }
    if (n == 3 && post && seg_is(&g[1], "users") &&
        review_http_login_ok(g[2].s, g[2].len)) {
        copy_seg(r->id, &g[2]);
        return REVIEW_RT_USER_SET;
    }
    if (seg_is(&g[1], "records"))
        return route_record(post, g, n, r);
    return REVIEW_RT_NONE;
}

review_route_kind review_http_route(const char *method, const char *url,
                                    review_route *r)
{
    memset(r, 0, sizeof *r);
    if (!method || !url)
        return REVIEW_RT_NONE;
    if (strcmp(method, "POST") == 0)
        r->post = 1;
    else if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
        return REVIEW_RT_NONE;
    seg g[MAX_SEGS];
    int n = split(url, g);
    review_route_kind k = REVIEW_RT_NONE;
    if (n == 0 && !r->post) {
        strcpy(r->name, "index.html");
        k = REVIEW_RT_INDEX;
    } else if (n == 2 && !r->post && seg_is(&g[0], "static") &&
               g[1].s[0] != '.' && review_http_login_ok(g[1].s, g[1].len)) {
        copy_seg(r->name, &g[1]);
        k = REVIEW_RT_STATIC;
    } else if (n >= 2 && seg_is(&g[0], "api")) {
        k = route_api(r->post, g, n, r);
    }
    r->kind = k;
    return k;
}

int review_http_token_ok(const char *s)
{
    if (!s)
        return 0;
    size_t i = 0;
    for (; s[i]; i++)
        if (i == 64 || !((s[i] >= '0' && s[i] <= '9') ||
                         (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return i == 64;
}

int review_http_token_equal(const char *a, const char *b)
{
    /* Tokens have a fixed length, so comparing lengths first reveals
     * nothing; the bytes are compared in constant time. */
    if (!a || !b)
        return 0;
    size_t la = strlen(a), lb = strlen(b);
    return la == lb && la > 0 && CRYPTO_memcmp(a, b, la) == 0;
}

int review_http_is_json(const char *ct)
{
    static const char want[] = "application/json";
    if (!ct || strncasecmp(ct, want, sizeof want - 1) != 0)
        return 0;
    const char *p = ct + sizeof want - 1;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '\0')
        return 1;
    if (*p != ';')
        return 0;
    /* Parameters: only a charset matters, and it must be UTF-8 (JSON is
     * UTF-8; a body in another charset would be misread). */
    while (*p == ';') {
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        if (len >= 8 && strncasecmp(p, "charset=", 8) == 0) {
            const char *v = p + 8;
            size_t vl = len - 8;
            if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
                v++;
                vl -= 2;
            }
            if (!((vl == 5 && strncasecmp(v, "utf-8", 5) == 0) ||
                  (vl == 4 && strncasecmp(v, "utf8", 4) == 0)))
                return 0;
        }
        if (!end)
            break;
        p = end;
    }
    return 1;
}

static int parse_port(const char *s, uint16_t *port)
{
    size_t len = strlen(s);
    if (len == 0 || len > 5)
        return -1;
    if (len == 1 && s[0] == '0') {
        *port = 0;
        return 0;
    }
    int v;
    if (review_http_parse_pos(s, len, &v) || v > 65535)
        return -1;
    *port = (uint16_t)v;
    return 0;
}

int review_http_parse_listen(const char *listen, struct sockaddr_storage *ss,
                             socklen_t *len)
{
    char host[INET6_ADDRSTRLEN + 1];
    const char *port_s;
    memset(ss, 0, sizeof *ss);
    if (!listen)
        return -1;
    if (listen[0] == '[') {
        const char *close = strchr(listen, ']');
        if (!close || close[1] != ':')
            return -1;
        size_t hl = (size_t)(close - listen - 1);
        if (hl == 0 || hl >= sizeof host)
            return -1;
        memcpy(host, listen + 1, hl);
        host[hl] = '\0';
        port_s = close + 2;
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
        uint16_t port;
        if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1 ||
            parse_port(port_s, &port))
            return -1;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(port);
        *len = sizeof *a;
        return 0;
    }
    const char *colon = strrchr(listen, ':');
    if (!colon)
        return -1;
    size_t hl = (size_t)(colon - listen);
    if (hl == 0 || hl >= sizeof host)
        return -1;
    memcpy(host, listen, hl);
    host[hl] = '\0';
    struct sockaddr_in *a = (struct sockaddr_in *)ss;
    uint16_t port;
    /* inet_pton accepts only the full dotted quad, not "127.1". */
    if (inet_pton(AF_INET, host, &a->sin_addr) != 1 ||
        parse_port(colon + 1, &port))
        return -1;
    a->sin_family = AF_INET;
    a->sin_port = htons(port);
    *len = sizeof *a;
    return 0;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           (uint32_t)p[3];
}

int review_http_png_size(const unsigned char *head, size_t n, int *w, int *h)
{
    static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G',
                                          '\r', '\n', 0x1a, '\n' };
    if (n < 24 || memcmp(head, sig, 8) != 0 || memcmp(head + 12, "IHDR", 4))
        return -1;
    uint32_t pw = be32(head + 16), ph = be32(head + 20);
    /* PNG limits dimensions to 2^31-1; zero is invalid. */
    if (pw == 0 || ph == 0 || pw > INT_MAX || ph > INT_MAX)
        return -1;
    *w = (int)pw;
    *h = (int)ph;
    return 0;
}

int review_http_rel_ok(const char *rel)
{
    if (!rel || !*rel || rel[0] == '/')
        return 0;
    const char *p = rel;
    for (;;) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (len == 0 || (len == 1 && p[0] == '.') ||
            (len == 2 && p[0] == '.' && p[1] == '.'))
            return 0;
        if (!slash)
            return 1;
        p = slash + 1;
    }
}
