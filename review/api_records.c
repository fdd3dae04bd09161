/*
 * api_records.c - one record: reading it (RECORD), its page images, and
 * what a reviewer does to it (correct or confirm a field, approve, send
 * back), through review.h so that the web and the CLI obey the same rules.
 *
 * Who: a teacher works on the records of their classes; the principal sees
 * every record and may send one back, but does not edit (they sign what a
 * teacher verified).  Every write names the revision the person saw; an
 * outdated one is answered 409 with the current revision.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json.h"
#include "review.h"
#include "server_int.h"

/* Page images are scans of A4 pages: a few MB.  Anything over this is not
 * a page and is not served. */
#define PAGE_FILE_MAX ((off_t)64 * 1024 * 1024)

/* Bounds of what a person types (review.h refuses values over 1000 bytes
 * itself, with its own message). */
#define PATH_MAX_LEN 256
#define VALUE_MAX_LEN 4000
#define NOTE_MAX_LEN 1000
#define REASON_MAX_LEN 1000

#define MSG_NO_RECORD "Không tìm thấy hồ sơ này."

/* The URL's record version into m, when the user may see it: 0, or -1 with
 * r filled (404, 403). */
static int load_visible(hb_req *q, hb_reply *r, hb_ws_record *m)
{
    hb_err e;
    err_clear(&e);
    if (ws_record_get(q->ws, q->rt.id, q->rt.version, m, NULL, NULL, &e)) {
        if (e.code == HB_ENOTFOUND)
            review_reply_error(r, 404, MSG_NO_RECORD);
        else
            review_reply_fail(r, &e, MSG_NO_RECORD);
        return -1;
    }
    if (!review_may_see(q, m)) {
        ws_record_clear(m);
        review_reply_error(r, 403, REVIEW_MSG_FORBIDDEN);
        return -1;
    }
    return 0;
}

static void reply_record(hb_req *q, hb_reply *r)
{
    hb_err e;
    err_clear(&e);
    json_t *rec = review_shape_record(q, q->rt.id, q->rt.version, &e);
    if (rec)
        review_reply_json(r, 200, rec);
    else
        review_reply_fail(r, &e, "Không đọc được hồ sơ.");
}

void review_api_record(hb_req *q, hb_reply *r)
{
    hb_ws_record m;
    if (load_visible(q, r, &m))
        return;
    ws_record_clear(&m);
    reply_record(q, r);
}

/* The file of page `p`: its cleaned image when there is one (what the
 * boxes refer to), else the stored scan.  NULL when the path the database
 * holds is not a plain relative one. */
static const char *page_file(hb_ws *w, const hb_ws_page *p, char *buf,
                             size_t size)
{
    if (p->clean_image)
        return review_http_rel_ok(p->clean_image)
                   ? ws_path(w, p->clean_image, buf, size)
                   : NULL;
    return ws_page_image(w, p->sha256, buf, size);
}

/* Opens a page image for streaming: its fd and size, or -1. */
static int open_page(const char *path, off_t *size, char *why, size_t n)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    struct stat st;
    if (fd < 0) {
        snprintf(why, n, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
        st.st_size > PAGE_FILE_MAX) {
        snprintf(why, n, "%s: not a page image of an acceptable size", path);
        close(fd);
        return -1;
    }
    *size = st.st_size;
    return fd;
}

void review_api_page(hb_req *q, hb_reply *r)
{
    hb_ws_record m;
    hb_ws_page *pages = NULL;
    size_t n = 0;
    hb_err e;
    if (load_visible(q, r, &m))
        return;
    err_clear(&e);
    if (m.book <= 0) {
        review_reply_error(r, 404, "Hồ sơ này không có trang quét.");
        goto done;
    }
    if (ws_book_pages(q->ws, m.book, &pages, &n, &e)) {
        review_reply_fail(r, &e, "Không đọc được các trang của sổ.");
        goto done;
    }
    const hb_ws_page *p = NULL;
    for (size_t i = 0; i < n && !p; i++)
        if (pages[i].idx == q->rt.page)
            p = &pages[i];
    char path[4096], why[512];
    const char *file = p ? page_file(q->ws, p, path, sizeof path) : NULL;
    off_t size = 0;
    int fd = file ? open_page(file, &size, why, sizeof why) : -1;
    if (fd < 0) {
        /* The database names a page whose file is gone or odd: worth a
         * line in the log, though the answer is a plain 404. */
        if (file)
            fprintf(stderr, "hocba review: GET %s: %s\n", q->url, why);
        review_reply_error(r, 404, "Không tìm thấy trang này.");
        goto done;
    }
    r->resp = MHD_create_response_from_fd((size_t)size, fd);
    if (!r->resp) {
        close(fd);
        review_reply_internal(r, "cannot create a file response");
        goto done;
    }
    MHD_add_response_header(r->resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                            "image/png");
    /* The images are large and do not change under a URL while the
     * session lasts; they stay in this browser only. */
    r->cache = "private, max-age=3600";
    r->status = 200;
done:
    ws_pages_free(pages, n);
    ws_record_clear(&m);
}

/* Checks that the user may change the URL's record (a teacher of its
 * class): 0, or -1 with r filled.  `edit` 0: sending back, which the
 * principal may do as well. */
static int check_writer(hb_req *q, hb_reply *r, int edit)
{
    hb_ws_record m;
    if (load_visible(q, r, &m))
        return -1;
    int ok = !edit || strcmp(q->user.role, "teacher") == 0;
    ws_record_clear(&m);
    if (!ok) {
        review_reply_error(r, 403, REVIEW_MSG_FORBIDDEN);
        return -1;
    }
    return 0;
}

/* The body's "rev": 0, or -1 with r filled. */
static int read_rev(hb_req *q, hb_reply *r, int *rev)
{
    long long v;
    int got = review_json_int(q->body, "rev", 1, 0x7fffffff, &v);
    if (got) {
        review_reply_member(r, got == REVIEW_J_ABSENT ? REVIEW_J_BAD : got,
                            "rev");
        return -1;
    }
    *rev = (int)v;
    return 0;
}

static hb_actor actor_of(const hb_req *q)
{
    hb_actor a = { q->user.login, q->user.full_name,
                   review_role_word(q->user.role) };
    return a;
}

/* 409: the sentence and the record's current revision. */
static void reply_conflict(hb_req *q, hb_reply *r)
{
    hb_err e;
    int rev = 0;
    err_clear(&e);
    if (ws_record_rev(q->ws, q->rt.id, q->rt.version, &rev, &e)) {
        review_reply_fail(r, &e, MSG_NO_RECORD);
        return;
    }
    review_reply_json(r, 409, json_pack("{s:s, s:i}", "error",
                                        REVIEW_MSG_CONFLICT, "rev", rev));
}

/* The answer to a write: the record after it, or the error. */
static void reply_write(hb_req *q, hb_reply *r, int rc, const hb_err *e,
                        const char *sentence)
{
    if (rc == 0)
        reply_record(q, r);
    else if (e->code == HB_ECONFLICT)
        reply_conflict(q, r);
    else
        review_reply_fail(r, e, sentence);
}

void review_api_field(hb_req *q, hb_reply *r)
{
    static const char *const allowed[] = { "path", "value", "note", "rev",
                                           NULL };
    const char *path, *value, *note;
    int rev, got;
    if (review_body_only(q, r, allowed) || check_writer(q, r, 1))
        return;
    if ((got = review_json_string(q->body, "path", PATH_MAX_LEN, &path)) ||
        !*path) {
        review_reply_member(r, got ? got : REVIEW_J_BAD, "path");
        return;
    }
    if ((got = review_json_string(q->body, "value", VALUE_MAX_LEN, &value))) {
        review_reply_member(r, got == REVIEW_J_ABSENT ? REVIEW_J_BAD : got,
                            "value");
        return;
    }
    if ((got = review_json_string(q->body, "note", NOTE_MAX_LEN, &note)) < 0) {
        review_reply_member(r, got, "note");
        return;
    }
    if (read_rev(q, r, &rev))
        return;
    hb_actor who = actor_of(q);
    hb_err e;
    err_clear(&e);
    int rc = review_set_field(q->ws, q->rt.id, q->rt.version, path, value,
                              note, &who, rev, NULL, &e);
    reply_write(q, r, rc, &e, "Không lưu được giá trị này.");
}

/* 422 for an approval refused while flags are open: the paths with it. */
static void reply_open(hb_req *q, hb_reply *r, const hb_err *why)
{
    hb_ws_record m;
    hb_review_field *f = NULL;
    size_t n = 0;
    hb_err e;
    err_clear(&e);
    memset(&m, 0, sizeof m);
    if (review_fields_load(q->ws, q->rt.id, q->rt.version, &m, &f, &n, &e)) {
        review_reply_fail(r, &e, "Không đọc được hồ sơ.");
        return;
    }
    json_t *open = json_array();
    for (size_t i = 0; open && i < n; i++)
        if (f[i].open && review_json_push(open, review_json_str(f[i].path))) {
            json_decref(open);
            open = NULL;
        }
    review_reply_fail(r, why, "Chưa duyệt được hồ sơ.");
    if (open && json_array_size(open) > 0)
        review_reply_json(
            r, 422,
            json_pack("{s:s, s:o}", "error",
                      "Chưa duyệt được: còn trường bị đánh dấu chưa được "
                      "sửa hoặc giải thích.",
                      "open", open));
    else
        json_decref(open);
    review_fields_free(f, n);
    ws_record_clear(&m);
}

void review_api_approve(hb_req *q, hb_reply *r)
{
    static const char *const allowed[] = { "rev", NULL };
    int rev;
    if (review_body_only(q, r, allowed) || check_writer(q, r, 1) ||
        read_rev(q, r, &rev))
        return;
    hb_actor who = actor_of(q);
    hb_err e;
    err_clear(&e);
    int rc = review_approve(q->ws, q->rt.id, q->rt.version, &who, rev, NULL,
                            &e);
    if (rc != 0 && e.code == HB_EINVALID)
        reply_open(q, r, &e);
    else
        reply_write(q, r, rc, &e, "Chưa duyệt được hồ sơ.");
}

static int blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

void review_api_return(hb_req *q, hb_reply *r)
{
    static const char *const allowed[] = { "rev", "reason", NULL };
    const char *reason;
    int rev, got;
    if (review_body_only(q, r, allowed) || check_writer(q, r, 0) ||
        read_rev(q, r, &rev))
        return;
    if ((got = review_json_string(q->body, "reason", REASON_MAX_LEN,
                                  &reason))) {
        review_reply_member(r, got == REVIEW_J_ABSENT ? REVIEW_J_BAD : got,
                            "reason");
        return;
    }
    if (blank(reason)) {
        review_reply_error(r, 422, "Hãy ghi lý do trả lại hồ sơ.");
        return;
    }
    hb_actor who = actor_of(q);
    hb_err e;
    err_clear(&e);
    int rc = review_return(q->ws, q->rt.id, q->rt.version, reason, &who, rev,
                           NULL, &e);
    reply_write(q, r, rc, &e, "Không trả lại được hồ sơ.");
}
