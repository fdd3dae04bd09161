/*
 * targets.c - the fuzz targets: each feeds one untrusted input to the code
 * that reads it in the product, the way the product does.
 *
 *   load        a scanned file (PNG, JPEG, TIFF, PDF): ocr/load.c, as
 *               `hocba scan` reads it (PDF at 50 dpi, to keep runs fast)
 *   record_xml  a record or draft XML: parse, XSD, map, write back
 *   roster      a school roster CSV: parse, then match sample records
 *   config      a workspace's DIR/config
 *   http        the review server's request plumbing: method, URL,
 *               Content-Type, tokens, listen address, PNG header, paths
 *   json        a review API request body, read as the handlers read it
 *
 * Each hb_fuzz_<name>(data, size) returns 0 when the input was accepted and
 * 1 when it was refused with a proper error (one line, naming the input);
 * it returns -1 when the refusal was not proper (an empty message, or one
 * with a line break), which the corpus replay (tests/unit/test_corpus.c)
 * treats as a failure, and the libFuzzer driver (fuzz_main.c) as a crash.
 * A crash, a leak or undefined behaviour is caught by the sanitizers.
 *
 * This file is compiled into both: fuzz_main.c and test_corpus.c include
 * it, so the replay in `make check` runs exactly what `make fuzz` runs.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <jansson.h>
#include <leptonica/allheaders.h>

#include "err.h"
#include "http.h"
#include "json.h"
#include "load.h"
#include "record.h"
#include "record_sample.h"
#include "record_xml.h"
#include "roster.h"
#include "wsconfig.h"

/* A refusal is proper when it says something, on one line. */
static int refused(const hb_err *e)
{
    if (e->msg[0] == '\0' || strchr(e->msg, '\n'))
        return -1;
    return 1;
}

/* Inputs that the product reads by file name go through one memfd,
 * rewritten per input: no disk, no temporary file left behind.  The file
 * stays open for the life of the process (one descriptor, on purpose). */
static int fuzz_file(const uint8_t *data, size_t size, char *path, size_t n)
{
    static int fd = -1;
    if (fd < 0 && (fd = memfd_create("hocba-fuzz", MFD_CLOEXEC)) < 0)
        return -1;
    if (ftruncate(fd, 0) != 0)
        return -1;
    size_t off = 0;
    while (off < size) {
        ssize_t w = pwrite(fd, data + off, size - off, (off_t)off);
        if (w <= 0)
            return -1;
        off += (size_t)w;
    }
    snprintf(path, n, "/proc/self/fd/%d", fd);
    return 0;
}

/* ---- load --------------------------------------------------------------- */

/* What `hocba scan` does with a page, minus the workspace: look at every
 * pixel (the gray test) and encode it as the page store's PNG, for pages
 * small enough to keep a run fast. */
static int on_page(const hb_loaded_page *p, void *ctx)
{
    size_t *pages = ctx;
    (*pages)++;
    PIX *pix = p->pix;
    if (!pix || pixGetWidth(pix) <= 0 || pixGetHeight(pix) <= 0 || p->page < 1)
        abort(); /* the loader promised a page */
    if ((uint64_t)pixGetWidth(pix) * (uint64_t)pixGetHeight(pix) <= 1000000) {
        l_uint8 *png = NULL;
        size_t len = 0;
        if (pixWriteMemPng(&png, &len, pix, 0) == 0)
            free(png);
    }
    return 0;
}

int hb_fuzz_load(const uint8_t *data, size_t size)
{
    char path[64];
    if (fuzz_file(data, size, path, sizeof path))
        return 0; /* no memfd: nothing to test */
    hb_err e;
    err_clear(&e);
    size_t pages = 0;
    if (load_book(path, 50, on_page, &pages, &e) == 0)
        return 0;
    return strstr(e.msg, path) ? refused(&e) : -1;
}

/* ---- record XML ----------------------------------------------------------- */

int hb_fuzz_record_xml(const uint8_t *data, size_t size)
{
    hb_err e;
    err_clear(&e);
    hb_record *r = record_xml_read_mem((const char *)data, size, "fuzz.xml", &e);
    if (!r)
        return strstr(e.msg, "fuzz.xml") ? refused(&e) : -1;
    /* What was read is written back, as draft and (when its formats hold)
     * as a finished record: the writer sees every value a reader let in. */
    int rc = 0;
    for (int draft = 1; draft >= 0; draft--) {
        hb_err w;
        err_clear(&w);
        size_t len = 0;
        char *out = record_xml_write_mem(r, draft, &len, &w);
        if (out)
            free(out);
        else if (w.msg[0] == '\0' || strchr(w.msg, '\n'))
            rc = -1;
    }
    record_free(r);
    return rc;
}

/* ---- roster CSV ----------------------------------------------------------- */

int hb_fuzz_roster(const uint8_t *data, size_t size)
{
    hb_err e;
    err_clear(&e);
    hb_roster *ro = roster_parse((const char *)data, size, "fuzz.csv", &e);
    if (!ro)
        return strstr(e.msg, "fuzz.csv") ? refused(&e) : -1;
    hb_record *(*make[])(void) = { record_sample_tt58, record_sample_tt22,
                                   record_sample_tt27 };
    int rc = 0;
    for (size_t i = 0; i < sizeof make / sizeof *make; i++) {
        hb_record *r = make[i]();
        if (!r)
            continue;
        /* A record that carries a name and birth date of the roster, so
         * that matching goes past the first comparison. */
        if (ro->n > 0 && i == 0) {
            hb_record *one = r;
            hb_err m;
            err_clear(&m);
            if (roster_apply(ro, &one, 1, NULL, &m) < 0)
                rc = -1;
        } else {
            hb_err m;
            err_clear(&m);
            if (roster_match(ro, r, &m) < 0)
                rc = -1;
        }
        record_free(r);
    }
    roster_free(ro);
    return rc;
}

/* ---- config ------------------------------------------------------------- */

int hb_fuzz_config(const uint8_t *data, size_t size)
{
    char path[64];
    if (fuzz_file(data, size, path, sizeof path))
        return 0;
    hb_wsconfig c;
    hb_err e;
    err_clear(&e);
    if (wsconfig_init(&c, &e))
        return 0;
    int rc = 0;
    if (wsconfig_read(&c, path, &e))
        rc = strstr(e.msg, path) ? refused(&e) : -1;
    else {
        /* Every accepted value is what `hocba` later prints and writes. */
        const char *v[] = { c.school_code, c.school_name, c.commune,
                            c.province, c.school_cert };
        for (size_t i = 0; i < sizeof v / sizeof *v; i++)
            if (!v[i] || strchr(v[i], '\n'))
                rc = -1;
        if (c.n_roles > HB_WSCONFIG_MAX_ROLES)
            rc = -1;
        for (size_t i = 0; i < c.n_roles && i < HB_WSCONFIG_MAX_ROLES; i++)
            if (!c.roles[i] || !wsconfig_role_known(c.roles[i]))
                rc = -1;
    }
    wsconfig_free(&c);
    return rc;
}

/* ---- the review server's request parsing --------------------------------- */

/* Splits the input at NUL bytes into up to n strings (the last ones empty
 * when missing); returns a malloc'd copy that the strings point into. */
static char *split_nul(const uint8_t *data, size_t size, const char **s,
                       size_t n)
{
    char *buf = malloc(size + 1);
    if (!buf)
        return NULL;
    memcpy(buf, data, size);
    buf[size] = '\0';
    size_t k = 0;
    char *p = buf, *end = buf + size;
    while (k < n) {
        s[k++] = p;
        size_t l = strlen(p);
        if (p + l >= end)
            break;
        p += l + 1;
    }
    while (k < n)
        s[k++] = end;
    return buf;
}

/* What review_http_rel_ok promises, checked the slow way: relative, and
 * no component that is empty, "." or "..". */
static int rel_below(const char *rel)
{
    if (rel[0] == '\0' || rel[0] == '/')
        return 0;
    for (const char *p = rel;;) {
        size_t l = strcspn(p, "/");
        if (l == 0 || (l == 1 && p[0] == '.') ||
            (l == 2 && p[0] == '.' && p[1] == '.'))
            return 0;
        if (p[l] == '\0')
            return 1;
        p += l + 1;
    }
}

int hb_fuzz_http(const uint8_t *data, size_t size)
{
    const char *s[6];
    char *buf = split_nul(data, size, s, 6);
    if (!buf)
        return 0;
    int rc = 0;
    static const char *const methods[] = { "GET", "HEAD", "POST", "PUT",
                                           "DELETE" };
    review_route r;
    for (size_t m = 0; m < sizeof methods / sizeof *methods; m++) {
        memset(&r, 0xa5, sizeof r);
        review_route_kind k = review_http_route(methods[m], s[0], &r);
        if (k != r.kind)
            rc = -1;
        if (k != REVIEW_RT_NONE) {
            /* What the handlers then rely on. */
            if (memchr(r.id, '\0', sizeof r.id) == NULL ||
                memchr(r.name, '\0', sizeof r.name) == NULL)
                rc = -1;
            if ((k == REVIEW_RT_RECORD || k == REVIEW_RT_PAGE ||
                 k == REVIEW_RT_FIELD || k == REVIEW_RT_APPROVE ||
                 k == REVIEW_RT_RETURN) &&
                (!review_http_id_ok(r.id, strlen(r.id)) || r.version < 1))
                rc = -1;
            if (k == REVIEW_RT_PAGE && r.page < 1)
                rc = -1;
            if (k == REVIEW_RT_USER_SET &&
                !review_http_login_ok(r.id, strlen(r.id)))
                rc = -1;
            if (k == REVIEW_RT_STATIC &&
                (r.name[0] == '.' || strchr(r.name, '/')))
                rc = -1;
        }
    }
    (void)review_http_is_json(s[1]);
    if (review_http_token_ok(s[2]) &&
        (strlen(s[2]) != 64 || !review_http_token_equal(s[2], s[2])))
        rc = -1;
    (void)review_http_token_equal(s[2], s[3]);
    struct sockaddr_storage ss;
    socklen_t sl = 0;
    if (review_http_parse_listen(s[3], &ss, &sl) == 0 &&
        (sl == 0 || sl > sizeof ss))
        rc = -1;
    int v = 0;
    if (review_http_parse_pos(s[4], strlen(s[4]), &v) == 0 && v < 1)
        rc = -1;
    (void)review_http_id_ok(s[4], strlen(s[4]));
    (void)review_http_login_ok(s[4], strlen(s[4]));
    if (review_http_rel_ok(s[5]) && !rel_below(s[5]))
        rc = -1;
    int w = 0, h = 0;
    (void)review_http_png_size(data, size, &w, &h);
    free(buf);
    return rc;
}

/* ---- a review API request body ---------------------------------------------- */

int hb_fuzz_json(const uint8_t *data, size_t size)
{
    json_t *o = review_json_parse((const char *)data, size);
    if (!o)
        return 1; /* the handlers answer 400 */
    int rc = 0;
    static const char *const allowed[] = { "path", "value", "note", "rev",
                                           "login", "password", "classes",
                                           "disabled", NULL };
    const char *bad = NULL;
    if (review_json_only(o, allowed, &bad) != REVIEW_J_OK && !bad)
        rc = -1;
    static const char *const keys[] = { "path", "value", "note", "login",
                                        "password", "reason", "role", "key",
                                        "pin", "full_name" };
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        const char *s = NULL;
        int got = review_json_string(o, keys[i], 200, &s);
        if (got == REVIEW_J_OK && (!s || strlen(s) > 200))
            rc = -1;
    }
    long long rev = 0;
    if (review_json_int(o, "rev", 1, 0x7fffffff, &rev) == REVIEW_J_OK &&
        (rev < 1 || rev > 0x7fffffff))
        rc = -1;
    int b = 0;
    (void)review_json_bool(o, "disabled", &b);
    const char **list = NULL;
    size_t n = 0;
    if (review_json_strings(o, "classes", 64, 64, &list, &n) == REVIEW_J_OK) {
        if (n > 64)
            rc = -1;
        for (size_t i = 0; i < n; i++)
            if (!list[i] || strlen(list[i]) > 64)
                rc = -1;
        free(list);
    }
    /* Echoing a member back, as replies do with what they stored. */
    json_t *echo = review_json_str(bad);
    char *dump = json_dumps(o, JSON_COMPACT);
    free(dump);
    json_decref(echo);
    json_decref(o);
    return rc;
}

/* ---- the table ------------------------------------------------------------ */

typedef struct hb_fuzz_target {
    const char *name;
    int (*fn)(const uint8_t *data, size_t size);
} hb_fuzz_target;

static const hb_fuzz_target hb_fuzz_targets[] = {
    { "load", hb_fuzz_load },       { "record_xml", hb_fuzz_record_xml },
    { "roster", hb_fuzz_roster },   { "config", hb_fuzz_config },
    { "http", hb_fuzz_http },       { "json", hb_fuzz_json },
};
