/*
 * record_xml_write.c - hb_record -> XML (vocabulary urn:hocbaso:hbs:1).
 *
 * Only present fields (value != NULL) are written; "" is written as an empty
 * element, which is how a draft says "expected here, but the paper (or the
 * scanner) gave nothing".  In a draft, a leaf that carries any annotation
 * gets conf / review="1" / reason / page / box attributes (record.md, "The
 * draft"); a finished record carries none, and its paper values must pass
 * record_xml_check_formats() first.
 *
 * The document always ends with the empty signature slots, so that signing
 * only has to fill them: DANH_SACH_THONG_TIN_KY (NGUOI_XAC_MINH, GVCN,
 * DANH_SACH_GVBM) and PHAT_HANH_HOC_BA (CBQL, KY_PHAT_HANH), all siblings of
 * the signed data block (the national verifier wants each signature outside
 * what it signs).
 */
#include "record_xml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "record_xml_int.h"

typedef struct wctx {
    xmlDocPtr doc;
    xmlNsPtr ns;
    int draft;
    const char *label; /* names the record (or file) in errors */
    hb_err *e;
    int failed;
} wctx;

static void fail_nomem(wctx *w)
{
    if (!w->failed)
        err_set(w->e, HB_ENOMEM, "%s: out of memory", w->label);
    w->failed = 1;
}

/* Refuses text XML cannot carry (a control character from a bad scan, a
 * broken byte): libxml2 would write it as a character reference that no
 * parser accepts back, and the record could never be read again. */
static int text_ok(wctx *w, const char *where, const char *what,
                   const char *s)
{
    long bad;
    if (w->failed)
        return 0;
    if (record_xml_text_ok(s, &bad))
        return 1;
    if (bad < 0)
        err_set(w->e, HB_EFORMAT, "%s: %s %s: not valid UTF-8", w->label,
                where, what);
    else
        err_set(w->e, HB_EFORMAT,
                "%s: %s %s: character U+%04lX cannot be written in XML",
                w->label, where, what, bad);
    w->failed = 1;
    return 0;
}

static xmlNodePtr add_el(wctx *w, xmlNodePtr parent, const char *tag)
{
    if (w->failed || !parent)
        return NULL;
    xmlNodePtr n = xmlNewChild(parent, w->ns, BAD_CAST tag, NULL);
    if (!n)
        fail_nomem(w);
    return n;
}

/* An element holding text (escaped on output; "" gives <TAG/>). */
static xmlNodePtr add_text(wctx *w, xmlNodePtr parent, const char *tag,
                           const char *value)
{
    if (w->failed || !parent || !text_ok(w, "element", tag, value))
        return NULL;
    xmlNodePtr n = xmlNewTextChild(parent, w->ns, BAD_CAST tag,
                                   *value ? BAD_CAST value : NULL);
    if (!n)
        fail_nomem(w);
    return n;
}

static void set_attr(wctx *w, xmlNodePtr n, const char *name,
                     const char *value)
{
    char where[160];
    if (w->failed || !n)
        return;
    snprintf(where, sizeof where, "%s attribute", (const char *)n->name);
    if (!text_ok(w, where, name, value))
        return;
    /* xmlNewProp stores the value as text: no entity parsing. */
    if (!xmlNewProp(n, BAD_CAST name, BAD_CAST value))
        fail_nomem(w);
}

static void set_attr_int(wctx *w, xmlNodePtr n, const char *name, long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", v);
    set_attr(w, n, name, buf);
}

/* A leaf: the field's value and, in a draft, its annotations; `ten` names
 * the item of a MUC leaf (NULL elsewhere). */
static xmlNodePtr put_field(wctx *w, xmlNodePtr parent, const char *tag,
                            const hb_field *f, const char *ten)
{
    if (!f->value)
        return NULL;
    xmlNodePtr n = add_text(w, parent, tag, f->value);
    if (ten)
        set_attr(w, n, A_TEN, ten);
    if (!n || !w->draft)
        return n;
    if (f->conf >= 0)
        set_attr_int(w, n, A_CONF, f->conf);
    if (f->review)
        set_attr(w, n, A_REVIEW, "1");
    if (f->reason && *f->reason)
        set_attr(w, n, A_REASON, f->reason);
    if (f->page > 0)
        set_attr_int(w, n, A_PAGE, f->page);
    if (f->box.x || f->box.y || f->box.w || f->box.h) {
        char box[64];
        snprintf(box, sizeof box, "%d,%d,%d,%d", f->box.x, f->box.y,
                 f->box.w, f->box.h);
        set_attr(w, n, A_BOX, box);
    }
    return n;
}

static void put_leaves(wctx *w, xmlNodePtr parent, const void *base,
                       const hb_leaf *leaves)
{
    for (const hb_leaf *l = leaves; l->tag; l++)
        put_field(w, parent, l->tag, HB_FIELD_AT((void *)base, l), NULL);
}

static int any_present(const void *base, const hb_leaf *leaves)
{
    for (const hb_leaf *l = leaves; l->tag; l++)
        if (HB_FIELD_AT((void *)base, l)->value)
            return 1;
    return 0;
}

static void put_str(wctx *w, xmlNodePtr parent, const char *tag,
                    const char *v)
{
    if (v)
        add_text(w, parent, tag, v);
}

/* ---- the blocks ------------------------------------------------------- */

static void put_ho_so(wctx *w, xmlNodePtr data, const hb_record *r)
{
    xmlNodePtr h = add_el(w, data, X_HO_SO);
    char ver[32];
    snprintf(ver, sizeof ver, "%d", r->phien_ban);
    put_str(w, h, X_MA_HO_SO, r->ma_ho_so);
    put_str(w, h, X_PHIEN_BAN, ver);
    put_str(w, h, X_THAY_THE, r->thay_the);
    put_str(w, h, X_NGUON_DU_LIEU, r->nguon);
    put_str(w, h, X_NGAY_SO_HOA, r->ngay_so_hoa);
}

static void put_ly_lich(wctx *w, xmlNodePtr data, const hb_record *r)
{
    xmlNodePtr ll = add_el(w, data, X_LY_LICH);
    set_attr(w, ll, A_ID, V_ID_LY_LICH);
    put_leaves(w, ll, &r->student, record_student_leaves);
    if (r->student.n_history == 0)
        return;
    xmlNodePtr qt = add_el(w, ll, X_HISTORY);
    for (size_t i = 0; i < r->student.n_history; i++)
        put_leaves(w, add_el(w, qt, X_MUC), &r->student.history[i],
                   record_history_leaves);
}

static void put_subjects(wctx *w, xmlNodePtr year, const hb_record *r)
{
    xmlNodePtr bd = add_el(w, year, X_BANG_DIEM);
    for (size_t i = 0; i < r->year.n_subjects && !w->failed; i++) {
        const hb_subject *s = &r->year.subjects[i];
        char id[64];
        if (!record_xml_subject_id(s, i, id, sizeof id)) {
            err_set(w->e, HB_EINVALID, "%s: subject code \"%.40s\" too long",
                    w->label, s->code);
            w->failed = 1;
            return;
        }
        xmlNodePtr d = add_el(w, bd, X_SUBJECT);
        set_attr(w, d, A_ID, id);
        if (s->code)
            set_attr(w, d, A_MA, s->code);
        set_attr(w, d, A_TEN, s->name ? s->name : "");
        put_leaves(w, d, s, record_subject_leaves);
    }
}

static void put_muc(wctx *w, xmlNodePtr parent, const char *tag,
                    const hb_muc *m, size_t n)
{
    size_t present = 0;
    for (size_t i = 0; i < n; i++)
        present += m[i].value.value != NULL;
    if (!present)
        return;
    xmlNodePtr list = add_el(w, parent, tag);
    for (size_t i = 0; i < n; i++)
        put_field(w, list, X_MUC, &m[i].value, m[i].name ? m[i].name : "");
}

static void put_results(wctx *w, xmlNodePtr year, const hb_record *r)
{
    xmlNodePtr tk = add_el(w, year, X_TONG_KET);
    set_attr(w, tk, A_ID, V_ID_TONG_KET);
    for (const hb_leaf *l = record_results_term3; l->tag; l++) {
        const hb_term3 *t = HB_TERM3_AT((void *)&r->year, l);
        if (any_present(t, record_term3_leaves))
            put_leaves(w, add_el(w, tk, l->tag), t, record_term3_leaves);
    }
    put_muc(w, tk, X_PHAM_CHAT, r->year.pham_chat, r->year.n_pham_chat);
    put_muc(w, tk, X_NANG_LUC, r->year.nang_luc, r->year.n_nang_luc);
    put_leaves(w, tk, &r->year, record_results_leaves);
}

static void put_year(wctx *w, xmlNodePtr data, const hb_record *r)
{
    xmlNodePtr y = add_el(w, data, X_YEAR);
    set_attr(w, y, A_ID, V_ID_YEAR);
    put_leaves(w, y, &r->year, record_year_head_leaves);
    put_subjects(w, y, r);
    put_results(w, y, r);
    if (any_present(&r->year, record_approval_leaves))
        put_leaves(w, add_el(w, y, X_PHE_DUYET), &r->year,
                   record_approval_leaves);
}

static void put_provenance(wctx *w, xmlNodePtr data, const hb_record *r)
{
    xmlNodePtr ns = add_el(w, data, X_NGUON_SO_HOA);
    for (size_t i = 0; i < r->n_pages; i++) {
        const hb_source_page *p = &r->pages[i];
        xmlNodePtr t = add_el(w, ns, X_TRANG);
        set_attr(w, t, A_TEP, p->file ? p->file : "");
        set_attr_int(w, t, A_TRANG, p->page);
        set_attr(w, t, A_SHA256, p->sha256);
    }
    for (size_t i = 0; i < r->n_verifications; i++) {
        const hb_verification *v = &r->verifications[i];
        xmlNodePtr x = add_el(w, ns, X_XAC_MINH);
        set_attr(w, x, A_NGUOI, v->person ? v->person : "");
        set_attr(w, x, A_VAI_TRO, v->role ? v->role : "");
        set_attr(w, x, A_THOI_GIAN, v->time ? v->time : "");
        for (size_t j = 0; j < v->n_corrections; j++) {
            const hb_correction *c = &v->corrections[j];
            xmlNodePtr s = add_el(w, x, X_SUA_DOI);
            set_attr(w, s, A_TRUONG, c->path ? c->path : "");
            set_attr(w, s, A_CU, c->old_value ? c->old_value : "");
            set_attr(w, s, A_MOI, c->new_value ? c->new_value : "");
            set_attr(w, s, A_THOI_GIAN, c->time ? c->time : "");
            if (c->note && *c->note)
                set_attr(w, s, A_GHI_CHU, c->note);
        }
    }
}

static void put_slots(wctx *w, xmlNodePtr root)
{
    xmlNodePtr ky = add_el(w, root, X_KY);
    add_el(w, ky, X_NGUOI_XAC_MINH);
    add_el(w, ky, X_GVCN);
    add_el(w, ky, X_DS_GVBM);
    xmlNodePtr ph = add_el(w, root, X_PHAT_HANH);
    add_el(w, ph, X_CBQL);
    add_el(w, ph, X_KY_PHAT_HANH);
}

/* ---- entry points ----------------------------------------------------- */

static xmlDocPtr build(const hb_record *r, int draft, const char *label,
                       hb_err *e)
{
    if (!draft && record_xml_check_formats(r, e)) {
        char msg[sizeof e->msg];
        snprintf(msg, sizeof msg, "%s", e->msg);
        err_set(e, HB_EINVALID, "%s: %s", label, msg);
        return NULL;
    }
    wctx w = { xmlNewDoc(BAD_CAST "1.0"), NULL, draft, label, e, 0 };
    if (!w.doc) {
        fail_nomem(&w);
        return NULL;
    }
    xmlNodePtr root = xmlNewDocNode(w.doc, NULL, BAD_CAST X_HOC_BA, NULL);
    if (!root) {
        fail_nomem(&w);
    } else {
        xmlDocSetRootElement(w.doc, root);
        w.ns = xmlNewNs(root, BAD_CAST HB_XML_NS, NULL);
        if (!w.ns)
            fail_nomem(&w);
        else
            xmlSetNs(root, w.ns);
    }
    set_attr(&w, root, A_PHIEN_BAN, V_VERSION);
    xmlNodePtr data = add_el(&w, root, X_DU_LIEU);
    set_attr(&w, data, A_ID, V_ID_DATA);
    put_ho_so(&w, data, r);
    put_leaves(&w, add_el(&w, data, X_SCHOOL), &r->school,
               record_school_leaves);
    put_ly_lich(&w, data, r);
    put_year(&w, data, r);
    put_provenance(&w, data, r);
    put_slots(&w, root);
    if (w.failed) {
        xmlFreeDoc(w.doc);
        return NULL;
    }
    return w.doc;
}

/* "record 7d1e0c2a-…" for messages about a record not yet in a file. */
static const char *record_label(const hb_record *r, char *buf, size_t size)
{
    snprintf(buf, size, "record %s", r->ma_ho_so ? r->ma_ho_so : "(new)");
    return buf;
}

xmlDocPtr record_xml_build(const hb_record *r, int draft, hb_err *e)
{
    char label[128];
    return build(r, draft, record_label(r, label, sizeof label), e);
}

/* Builds, validates and serialises; the buffer is malloc'ed (so the caller
 * frees it with free(), whatever allocator libxml2 was given). */
static char *write_mem(const hb_record *r, int draft, const char *label,
                       size_t *len, hb_err *e)
{
    xmlDocPtr doc = build(r, draft, label, e);
    if (!doc)
        return NULL;
    char *out = NULL;
    if (record_xml_validate(doc, label, e) == 0) {
        xmlChar *mem = NULL;
        int n = 0;
        /* Indented: an unsigned document is read by people too.  Signing
         * re-serialises without indentation, and never re-indents. */
        xmlDocDumpFormatMemoryEnc(doc, &mem, &n, "UTF-8", 1);
        if (mem && n > 0 && (out = malloc((size_t)n + 1))) {
            memcpy(out, mem, (size_t)n);
            out[n] = '\0';
            if (len)
                *len = (size_t)n;
        } else {
            err_set(e, HB_ENOMEM, "%s: out of memory", label);
        }
        xmlFree(mem);
    }
    xmlFreeDoc(doc);
    return out;
}

char *record_xml_write_mem(const hb_record *r, int draft, size_t *len,
                           hb_err *e)
{
    char label[128];
    return write_mem(r, draft, record_label(r, label, sizeof label), len, e);
}

/* Atomically (files.h): a reader never sees half a record, and a failed
 * write leaves the old one. */
int record_xml_write_file(const hb_record *r, int draft, const char *path,
                          hb_err *e)
{
    size_t len = 0;
    char *buf = write_mem(r, draft, path, &len, e);
    if (!buf)
        return -1;
    int rc = files_write_atomic(path, buf, len, e);
    free(buf);
    return rc;
}
