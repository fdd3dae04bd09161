/* shapes.c - USER, ROW and RECORD of the JSON API (README.md), and who may see or edit a
 * record (see server_int.h). */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json.h"
#include "review.h"
#include "server_int.h"

static int role_is(const hb_req *q, const char *role)
{
    return q->has_user && q->user.role && strcmp(q->user.role, role) == 0;
}

int review_may_see(const hb_req *q, const hb_ws_record *m)
{
    if (role_is(q, "principal"))
        return 1;
    return role_is(q, "teacher") && ws_user_may_review(&q->user, m->year,
                                                        m->klass);
}

int review_may_edit(const hb_req *q, const hb_ws_record *m)
{
    return role_is(q, "teacher") &&
           ws_user_may_review(&q->user, m->year, m->klass) &&
           (m->state == HB_RS_DRAFT || m->state == HB_RS_IN_REVIEW ||
            m->state == HB_RS_APPROVED);
}

/* Whether the user may send the record back: a teacher of its class or the
 * principal, before signing. */
static int may_return(const hb_req *q, const hb_ws_record *m)
{
    return review_may_see(q, m) &&
           (m->state == HB_RS_DRAFT || m->state == HB_RS_IN_REVIEW ||
            m->state == HB_RS_APPROVED);
}

json_t *review_shape_user(const hb_ws_user *u)
{
    json_t *classes = json_array();
    if (!classes)
        return NULL;
    for (size_t i = 0; i < u->n_classes; i++)
        if (review_json_push(classes, review_json_str(u->classes[i]))) {
            json_decref(classes);
            return NULL;
        }
    /* Never the password hash. */
    return json_pack("{s:o, s:o, s:o, s:o, s:b}", "login",
                     review_json_str(u->login), "full_name",
                     review_json_str(u->full_name), "role",
                     review_json_str(u->role), "classes", classes, "disabled",
                     u->disabled);
}

json_t *review_shape_row(const hb_ws_record *m)
{
    return json_pack("{s:o, s:i, s:i, s:s, s:o, s:o, s:o, s:I, s:i, s:i, s:o}",
                     "id", review_json_str(m->id), "version", m->version,
                     "rev", m->rev, "state", ws_rstate_name(m->state), "year",
                     review_json_str(m->year), "class",
                     review_json_str(m->klass), "student",
                     review_json_str(m->student), "book", (json_int_t)m->book,
                     "flagged", m->flagged, "open", m->open, "updated_at",
                     review_json_str(m->updated_at));
}

/* "a b c" -> ["a","b","c"], splitting on `sep`; NULL on allocation
 * failure. */
static json_t *split_list(const char *s, char sep)
{
    json_t *a = json_array();
    if (!a || !s)
        return a;
    const char *p = s;
    while (*p) {
        const char *end = strchr(p, sep);
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len && review_json_push(a, json_stringn(p, len))) {
            json_decref(a);
            return NULL;
        }
        if (!end)
            break;
        p = end + 1;
    }
    return a;
}

static json_t *shape_field(const hb_review_field *f)
{
    json_t *box = json_null();
    if (f->page > 0 && f->box.w > 0 && f->box.h > 0)
        box = json_pack("[i,i,i,i]", f->box.x, f->box.y, f->box.w, f->box.h);
    return json_pack("{s:o, s:o, s:o, s:o, s:i, s:b, s:i, s:o, s:o, s:o, "
                     "s:o, s:b, s:b}",
                     "path", review_json_str(f->path), "label",
                     review_json_str(f->label), "group",
                     review_json_str(f->group), "value",
                     review_json_str(f->value ? f->value : ""), "conf",
                     f->conf, "review", f->review, "page", f->page, "box", box,
                     "reasons", split_list(f->reasons, ' '), "reason_text",
                     split_list(f->reason_text, '\n'), "note",
                     review_json_str(f->note), "checked", f->checked, "open",
                     f->open);
}

static json_t *shape_audit(const hb_ws_audit *a)
{
    return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "at",
                     review_json_str(a->at), "who", review_json_str(a->who),
                     "name", review_json_str(a->name), "action",
                     review_json_str(a->action), "path",
                     review_json_str(a->path), "old",
                     review_json_str(a->old_value), "new",
                     review_json_str(a->new_value), "note",
                     review_json_str(a->note));
}

/* The size of the image a page's URL serves, read from its PNG header
 * (the cleaned image may differ in size from the scan: the boxes refer to
 * the cleaned one); the scan's size when the file cannot be read. */
static void page_size(hb_ws *w, const hb_ws_page *p, int *width, int *height)
{
    char path[4096];
    *width = p->width;
    *height = p->height;
    const char *file = NULL;
    if (p->clean_image && review_http_rel_ok(p->clean_image))
        file = ws_path(w, p->clean_image, path, sizeof path);
    else if (!p->clean_image)
        file = ws_page_image(w, p->sha256, path, sizeof path);
    if (!file)
        return;
    int fd = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return;
    unsigned char head[24];
    ssize_t got = read(fd, head, sizeof head);
    close(fd);
    if (got == (ssize_t)sizeof head)
        review_http_png_size(head, sizeof head, width, height);
}

static json_t *shape_pages(hb_ws *w, const hb_ws_record *m,
                           const hb_ws_page *pages, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) {
        char url[160];
        int width, height;
        snprintf(url, sizeof url, "/api/records/%s/%d/pages/%d", m->id,
                 m->version, pages[i].idx);
        page_size(w, &pages[i], &width, &height);
        if (review_json_push(a, json_pack("{s:i, s:s, s:i, s:i}", "n",
                                          pages[i].idx, "url", url, "width",
                                          width, "height", height))) {
            json_decref(a);
            a = NULL;
        }
    }
    return a;
}

/* The form family ("TT58", ...) from the record's CHE_DO field. */
static const char *family_of(const hb_review_field *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (f[i].path && strcmp(f[i].path, "THONG_TIN_HOC_BA/CHE_DO") == 0)
            return f[i].value && *f[i].value ? f[i].value : NULL;
    return NULL;
}

json_t *review_shape_record(hb_req *q, const char *id, int version, hb_err *e)
{
    hb_ws_record m;
    hb_review_field *fields = NULL;
    size_t n_fields = 0, n_audit = 0, n_pages = 0;
    hb_ws_audit *audit = NULL;
    hb_ws_page *pages = NULL;
    char *returned = NULL;
    json_t *out = NULL, *jf = NULL, *ja = NULL, *jp = NULL;

    memset(&m, 0, sizeof m);
    if (review_fields_load(q->ws, id, version, &m, &fields, &n_fields, e))
        goto done;
    if (ws_audit_list(q->ws, id, version, &audit, &n_audit, e))
        goto done;
    if (m.book > 0 && ws_book_pages(q->ws, m.book, &pages, &n_pages, e))
        goto done;
    returned = review_return_reason(audit, n_audit);

    int any_open = 0;
    jf = json_array();
    for (size_t i = 0; jf && i < n_fields; i++) {
        any_open |= fields[i].open != 0;
        if (review_json_push(jf, shape_field(&fields[i]))) {
            json_decref(jf);
            jf = NULL;
        }
    }
    ja = json_array();
    for (size_t i = 0; ja && i < n_audit; i++)
        if (review_json_push(ja, shape_audit(&audit[i]))) {
            json_decref(ja);
            ja = NULL;
        }
    jp = shape_pages(q->ws, &m, pages, n_pages);
    if (!jf || !ja || !jp) {
        err_set(e, HB_ENOMEM, "record %s: out of memory", id);
        goto done;
    }
    int can_edit = review_may_edit(q, &m);
    /* Approval moves draft or in_review to approved; an approved record
     * needs no second approval. */
    int can_approve = can_edit && !any_open && m.state != HB_RS_APPROVED;
    out = json_pack("{s:o, s:i, s:i, s:s, s:o, s:o, s:o, s:o, s:I, s:O, "
                    "s:O, s:O, s:o, s:b, s:b, s:b}",
                    "id", review_json_str(m.id), "version", m.version, "rev",
                    m.rev, "state", ws_rstate_name(m.state), "year",
                    review_json_str(m.year), "class",
                    review_json_str(m.klass), "student",
                    review_json_str(m.student), "family",
                    review_json_str(family_of(fields, n_fields)), "book",
                    (json_int_t)m.book, "pages", jp, "fields", jf, "audit", ja,
                    "returned", review_json_str(returned), "can_edit",
                    can_edit, "can_approve", can_approve, "can_return",
                    may_return(q, &m));
    if (!out)
        err_set(e, HB_ENOMEM, "record %s: out of memory", id);

done:
    json_decref(jf);
    json_decref(ja);
    json_decref(jp);
    free(returned);
    ws_pages_free(pages, n_pages);
    ws_audit_free(audit, n_audit);
    review_fields_free(fields, n_fields);
    ws_record_clear(&m);
    return out;
}
