/*
 * record_xml_read.c - XML (vocabulary urn:hocbaso:hbs:1) -> hb_record.
 *
 * Expects a document that record_xml_parse_* accepted and the XSD
 * validated, but does not trust that blindly: any element it does not know
 * where it stands, a repeated leaf or an unreadable annotation is an error
 * naming the line, never skipped, so that a mapping that drifted from the
 * schema cannot silently lose a field.  Signature slots are not mapped:
 * signatures are verify's business.
 *
 * Values go through record_field_set(), so what is stored is NFC with single
 * spaces whatever the document held.
 */
#include "record_xml.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record_xml_int.h"
#include "text.h"

typedef struct rctx {
    const char *name; /* the document's name in errors */
    hb_err *e;
} rctx;

static int is_el(xmlNodePtr n, const char *tag)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
           strcmp((const char *)n->ns->href, HB_XML_NS) == 0 &&
           strcmp((const char *)n->name, tag) == 0;
}

/* Next element sibling (starting with n itself), skipping text, comments. */
static xmlNodePtr el_from(xmlNodePtr n)
{
    while (n && n->type != XML_ELEMENT_NODE)
        n = n->next;
    return n;
}
#define FOR_EACH_EL(c, parent) \
    for (xmlNodePtr c = el_from((parent)->children); c; c = el_from(c->next))

static int fail(rctx *c, xmlNodePtr n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(rctx *c, xmlNodePtr n, const char *fmt, ...)
{
    char why[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    return err_set(c->e, HB_EINVALID, "%s:%ld: element %s: %s", c->name,
                   xmlGetLineNo(n), (const char *)n->name, why);
}

static int unexpected(rctx *c, xmlNodePtr n)
{
    return fail(c, n, "%s", "not expected here");
}

static int nomem(rctx *c)
{
    return err_set(c->e, HB_ENOMEM, "%s: out of memory", c->name);
}

/* Attribute value (caller xmlFree's), NULL when absent. */
static char *attr(xmlNodePtr n, const char *name)
{
    return (char *)xmlGetNoNsProp(n, BAD_CAST name);
}

/* A whole decimal integer in [min, max], surrounding blanks allowed (XSD
 * collapses white space in integers). */
static int parse_int(const char *s, long min, long max, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
        end++;
    if (errno || end == s || *end || v < min || v > max)
        return -1;
    *out = (int)v;
    return 0;
}

/* Text content as a malloc'ed string ("" for an empty element). */
static char *content(rctx *c, xmlNodePtr n)
{
    xmlChar *v = xmlNodeGetContent(n);
    char *s = text_dup(v ? (const char *)v : "");
    xmlFree(v);
    if (!s)
        nomem(c);
    return s;
}

/* ---- leaves ----------------------------------------------------------- */

static int read_annotations(rctx *c, xmlNodePtr n, hb_field *f)
{
    char *v;
    int rc = 0;
    if ((v = attr(n, A_CONF))) {
        if (parse_int(v, 0, 100, &f->conf))
            rc = fail(c, n, "conf \"%.20s\" is not 0-100", v);
        xmlFree(v);
    }
    if (!rc && (v = attr(n, A_REVIEW))) {
        if (strcmp(v, "0") && strcmp(v, "1"))
            rc = fail(c, n, "review \"%.20s\" is not 0 or 1", v);
        f->review = strcmp(v, "1") == 0;
        xmlFree(v);
    }
    if (!rc && (v = attr(n, A_REASON))) {
        free(f->reason);
        f->reason = text_dup(v);
        if (!f->reason)
            rc = nomem(c);
        xmlFree(v);
    }
    if (!rc && (v = attr(n, A_PAGE))) {
        if (parse_int(v, 1, INT_MAX, &f->page))
            rc = fail(c, n, "page \"%.20s\" is not a page number", v);
        xmlFree(v);
    }
    if (!rc && (v = attr(n, A_BOX))) {
        hb_box b;
        char tail;
        if (sscanf(v, "%d,%d,%d,%d%c", &b.x, &b.y, &b.w, &b.h, &tail) != 4 ||
            b.x < 0 || b.y < 0 || b.w < 0 || b.h < 0)
            rc = fail(c, n, "box \"%.40s\" is not x,y,w,h", v);
        else
            f->box = b;
        xmlFree(v);
    }
    return rc;
}

static int read_field(rctx *c, xmlNodePtr n, hb_field *f)
{
    if (f->value)
        return fail(c, n, "%s", "given twice");
    char *v = content(c, n);
    if (!v)
        return -1;
    int rc = record_field_set(f, v);
    free(v);
    if (rc)
        return fail(c, n, "%s", "value is not valid UTF-8");
    return read_annotations(c, n, f);
}

/* A child element that is one of `leaves`: 1 when mapped, 0 when the name
 * is not in the table, -1 on error. */
static int read_leaf(rctx *c, xmlNodePtr n, void *base, const hb_leaf *leaves)
{
    for (const hb_leaf *l = leaves; l->tag; l++)
        if (is_el(n, l->tag))
            return read_field(c, n, HB_FIELD_AT(base, l)) ? -1 : 1;
    return 0;
}

static int read_leaves(rctx *c, xmlNodePtr parent, void *base,
                       const hb_leaf *leaves)
{
    FOR_EACH_EL(n, parent) {
        int rc = read_leaf(c, n, base, leaves);
        if (rc < 0)
            return -1;
        if (rc == 0)
            return unexpected(c, n);
    }
    return 0;
}

/* ---- blocks ----------------------------------------------------------- */

static int set_str(rctx *c, xmlNodePtr n, char **dst)
{
    free(*dst);
    *dst = content(c, n);
    return *dst ? 0 : -1;
}

static int read_ho_so(rctx *c, xmlNodePtr h, hb_record *r)
{
    FOR_EACH_EL(n, h) {
        int rc = 0;
        if (is_el(n, X_MA_HO_SO))
            rc = set_str(c, n, &r->ma_ho_so);
        else if (is_el(n, X_THAY_THE))
            rc = set_str(c, n, &r->thay_the);
        else if (is_el(n, X_NGUON_DU_LIEU))
            rc = set_str(c, n, &r->nguon);
        else if (is_el(n, X_NGAY_SO_HOA))
            rc = set_str(c, n, &r->ngay_so_hoa);
        else if (is_el(n, X_PHIEN_BAN)) {
            char *v = content(c, n);
            if (!v)
                return -1;
            if (parse_int(v, 1, INT_MAX, &r->phien_ban))
                rc = fail(c, n, "\"%.20s\" is not a version number", v);
            free(v);
        } else
            rc = unexpected(c, n);
        if (rc)
            return -1;
    }
    return 0;
}

static int read_ly_lich(rctx *c, xmlNodePtr ll, hb_record *r)
{
    FOR_EACH_EL(n, ll) {
        if (is_el(n, X_HISTORY)) {
            FOR_EACH_EL(m, n) {
                if (!is_el(m, X_MUC))
                    return unexpected(c, m);
                hb_history *h = record_add_history(r);
                if (!h)
                    return nomem(c);
                if (read_leaves(c, m, h, record_history_leaves))
                    return -1;
            }
            continue;
        }
        int rc = read_leaf(c, n, &r->student, record_student_leaves);
        if (rc <= 0)
            return rc < 0 ? -1 : unexpected(c, n);
    }
    return 0;
}

static int read_subject(rctx *c, xmlNodePtr d, hb_record *r)
{
    char *ma = attr(d, A_MA), *ten = attr(d, A_TEN), *id = attr(d, A_ID);
    int rc = 0;
    if (!ten || !id) {
        rc = fail(c, d, "%s", "needs Id and ten attributes");
    } else {
        hb_subject *s = record_add_subject(r, ma, ten);
        char want[64];
        if (!s)
            rc = nomem(c);
        else if (!record_xml_subject_id(s, r->year.n_subjects - 1, want,
                                        sizeof want) ||
                 strcmp(want, id) != 0)
            /* A signature covers a subject by this Id: it must say which
             * subject it is, the same way the writer derives it. */
            rc = fail(c, d, "Id \"%.60s\" does not match the subject's code "
                      "and position", id);
        else
            rc = read_leaves(c, d, s, record_subject_leaves);
    }
    xmlFree(ma);
    xmlFree(ten);
    xmlFree(id);
    return rc ? -1 : 0;
}

static int read_muc(rctx *c, xmlNodePtr list, hb_muc **items, size_t *n)
{
    FOR_EACH_EL(m, list) {
        if (!is_el(m, X_MUC))
            return unexpected(c, m);
        char *ten = attr(m, A_TEN);
        if (!ten)
            return fail(c, m, "%s", "needs a ten attribute");
        hb_muc *item = record_add_muc(items, n, ten);
        xmlFree(ten);
        if (!item)
            return nomem(c);
        if (read_field(c, m, &item->value))
            return -1;
    }
    return 0;
}

static int read_results(rctx *c, xmlNodePtr tk, hb_record *r)
{
    FOR_EACH_EL(n, tk) {
        int rc = 0, done = 0;
        for (const hb_leaf *l = record_results_term3; l->tag && !done; l++)
            if (is_el(n, l->tag)) {
                done = 1;
                rc = read_leaves(c, n, HB_TERM3_AT(&r->year, l),
                                 record_term3_leaves);
            }
        if (done) {
            if (rc)
                return -1;
        } else if (is_el(n, X_PHAM_CHAT)) {
            if (read_muc(c, n, &r->year.pham_chat, &r->year.n_pham_chat))
                return -1;
        } else if (is_el(n, X_NANG_LUC)) {
            if (read_muc(c, n, &r->year.nang_luc, &r->year.n_nang_luc))
                return -1;
        } else {
            rc = read_leaf(c, n, &r->year, record_results_leaves);
            if (rc <= 0)
                return rc < 0 ? -1 : unexpected(c, n);
        }
    }
    return 0;
}

static int read_year(rctx *c, xmlNodePtr y, hb_record *r)
{
    FOR_EACH_EL(n, y) {
        int rc;
        if (is_el(n, X_BANG_DIEM)) {
            FOR_EACH_EL(d, n) {
                if (!is_el(d, X_SUBJECT))
                    return unexpected(c, d);
                if (read_subject(c, d, r))
                    return -1;
            }
        } else if (is_el(n, X_TONG_KET)) {
            if (read_results(c, n, r))
                return -1;
        } else if (is_el(n, X_PHE_DUYET)) {
            if (read_leaves(c, n, &r->year, record_approval_leaves))
                return -1;
        } else if ((rc = read_leaf(c, n, &r->year, record_year_head_leaves)) <= 0) {
            return rc < 0 ? -1 : unexpected(c, n);
        }
    }
    return 0;
}

static int read_verification(rctx *c, xmlNodePtr x, hb_record *r)
{
    char *who = attr(x, A_NGUOI), *role = attr(x, A_VAI_TRO),
         *when = attr(x, A_THOI_GIAN);
    int rc = 0;
    hb_verification *v = NULL;
    if (!who || !role || !when)
        rc = fail(c, x, "%s", "needs nguoi, vaiTro and thoiGian");
    else if (!(v = record_add_verification(r, who, role, when)))
        rc = nomem(c);
    xmlFree(who);
    xmlFree(role);
    xmlFree(when);
    if (rc)
        return -1;
    FOR_EACH_EL(s, x) {
        if (!is_el(s, X_SUA_DOI))
            return unexpected(c, s);
        char *path = attr(s, A_TRUONG), *cu = attr(s, A_CU),
             *moi = attr(s, A_MOI), *t = attr(s, A_THOI_GIAN),
             *note = attr(s, A_GHI_CHU);
        if (!path || !cu || !moi || !t)
            rc = fail(c, s, "%s", "needs truong, cu, moi and thoiGian");
        else if (record_add_correction(v, path, cu, moi, t, note))
            rc = nomem(c);
        xmlFree(note);
        xmlFree(path);
        xmlFree(cu);
        xmlFree(moi);
        xmlFree(t);
        if (rc)
            return -1;
    }
    return 0;
}

static int read_provenance(rctx *c, xmlNodePtr ns, hb_record *r)
{
    FOR_EACH_EL(n, ns) {
        if (is_el(n, X_XAC_MINH)) {
            if (read_verification(c, n, r))
                return -1;
            continue;
        }
        if (!is_el(n, X_TRANG))
            return unexpected(c, n);
        char *tep = attr(n, A_TEP), *trang = attr(n, A_TRANG),
             *sha = attr(n, A_SHA256);
        int page = 0, rc = 0;
        if (!tep || !trang || !sha)
            rc = fail(c, n, "%s", "needs tep, trang and sha256");
        else if (parse_int(trang, 1, INT_MAX, &page))
            rc = fail(c, n, "trang \"%.20s\" is not a page number", trang);
        else if (strlen(sha) != 64)
            rc = fail(c, n, "sha256 \"%.70s\" is not 64 hex digits", sha);
        else if (!record_add_page(r, tep, page, sha))
            rc = nomem(c);
        xmlFree(tep);
        xmlFree(trang);
        xmlFree(sha);
        if (rc)
            return -1;
    }
    return 0;
}

static int read_data(rctx *c, xmlNodePtr data, hb_record *r)
{
    FOR_EACH_EL(n, data) {
        int rc;
        if (is_el(n, X_HO_SO))
            rc = read_ho_so(c, n, r);
        else if (is_el(n, X_SCHOOL))
            rc = read_leaves(c, n, &r->school, record_school_leaves);
        else if (is_el(n, X_LY_LICH))
            rc = read_ly_lich(c, n, r);
        else if (is_el(n, X_YEAR))
            rc = read_year(c, n, r);
        else if (is_el(n, X_NGUON_SO_HOA))
            rc = read_provenance(c, n, r);
        else
            rc = unexpected(c, n);
        if (rc)
            return -1;
    }
    return 0;
}

hb_record *record_xml_to_record(xmlDocPtr doc, const char *name, hb_err *e)
{
    rctx c = { name ? name : "(memory)", e };
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root || !is_el(root, X_HOC_BA)) {
        err_set(e, HB_EINVALID, "%s: not a học bạ record (root element %s in "
                "namespace %s expected)", c.name, X_HOC_BA, HB_XML_NS);
        return NULL;
    }
    hb_record *r = record_new();
    if (!r) {
        nomem(&c);
        return NULL;
    }
    int seen_data = 0, rc = 0;
    FOR_EACH_EL(n, root) {
        if (is_el(n, X_DU_LIEU) && !seen_data) {
            seen_data = 1;
            rc = read_data(&c, n, r);
        } else if (!is_el(n, X_KY) && !is_el(n, X_PHAT_HANH)) {
            rc = unexpected(&c, n);
        }
        if (rc)
            break;
    }
    if (!rc && !seen_data)
        rc = fail(&c, root, "%s", "has no " X_DU_LIEU);
    if (rc) {
        record_free(r);
        return NULL;
    }
    return r;
}
