/* issue.c - a signed record to the outbox (see issue.h). */
#include "issue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "files.h"
#include "record_xml.h"
#include "render.h"

#define DSIG_NS "http://www.w3.org/2000/09/xmldsig#"

/* ---- roles and slots ---------------------------------------------------- */

size_t issue_required_roles(const hb_wsconfig *c, const char **roles,
                            size_t max)
{
    size_t n = 0;
    int has_school = 0;
    for (size_t i = 0; i < c->n_roles && n < max; i++) {
        roles[n++] = c->roles[i];
        has_school |= strcmp(c->roles[i], "KY_PHAT_HANH") == 0;
    }
    if (c->school_cert && *c->school_cert && !has_school && n < max)
        roles[n++] = "KY_PHAT_HANH";
    return n;
}

static int is_el(xmlNodePtr n, const char *ns, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns &&
           strcmp((const char *)n->ns->href, ns) == 0 &&
           strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr child(xmlNodePtr parent, const char *name)
{
    for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
        if (is_el(c, HB_XML_NS, name))
            return c;
    return NULL;
}

/* A slot holds a signature when a ds:Signature in it has a non-blank
 * SignatureValue: an unfilled template does not count. */
static int slot_signed(xmlNodePtr slot)
{
    for (xmlNodePtr s = slot ? slot->children : NULL; s; s = s->next) {
        if (!is_el(s, DSIG_NS, "Signature"))
            continue;
        for (xmlNodePtr v = s->children; v; v = v->next) {
            if (!is_el(v, DSIG_NS, "SignatureValue"))
                continue;
            xmlChar *t = xmlNodeGetContent(v);
            int filled = 0;
            for (const xmlChar *p = t; p && *p; p++)
                if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t')
                    filled = 1;
            xmlFree(t);
            if (filled)
                return 1;
        }
    }
    return 0;
}

/* GVBM: every subject row with a code has a signed slot of that code. */
static int gvbm_signed(xmlNodePtr root)
{
    xmlNodePtr table = child(child(child(root, "DU_LIEU_HOC_BA"),
                                   "THONG_TIN_HOC_BA"), "BANG_DIEM");
    xmlNodePtr list = child(child(root, "DANH_SACH_THONG_TIN_KY"),
                            "DANH_SACH_GVBM");
    for (xmlNodePtr s = table ? table->children : NULL; s; s = s->next) {
        if (!is_el(s, HB_XML_NS, "DIEM_TONG_KET"))
            continue;
        xmlChar *code = xmlGetProp(s, BAD_CAST "ma");
        if (!code)
            continue;
        int ok = 0;
        for (xmlNodePtr g = list ? list->children : NULL; g && !ok; g = g->next) {
            if (!is_el(g, HB_XML_NS, "GVBM"))
                continue;
            xmlChar *ma = xmlGetProp(g, BAD_CAST "ma");
            ok = ma && xmlStrEqual(ma, code) && slot_signed(g);
            xmlFree(ma);
        }
        xmlFree(code);
        if (!ok)
            return 0;
    }
    return 1;
}

int issue_role_signed(xmlDocPtr doc, const char *role)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!is_el(root, HB_XML_NS, "HOC_BA") || !role)
        return 0;
    xmlNodePtr sigs = child(root, "DANH_SACH_THONG_TIN_KY");
    xmlNodePtr issue = child(root, "PHAT_HANH_HOC_BA");
    if (strcmp(role, "NGUOI_XAC_MINH") == 0 || strcmp(role, "GVCN") == 0)
        return slot_signed(child(sigs, role));
    if (strcmp(role, "CBQL") == 0 || strcmp(role, "KY_PHAT_HANH") == 0)
        return slot_signed(child(issue, role));
    if (strcmp(role, "GVBM") == 0)
        return gvbm_signed(root);
    return 0;
}

int issue_missing_roles(xmlDocPtr doc, const hb_wsconfig *c, char *buf,
                        size_t size)
{
    const char *roles[HB_WSCONFIG_MAX_ROLES + 1];
    size_t n = issue_required_roles(c, roles, HB_WSCONFIG_MAX_ROLES + 1);
    int missing = 0;
    size_t used = 0;
    if (size)
        buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (issue_role_signed(doc, roles[i]))
            continue;
        missing++;
        if (used < size) {
            int k = snprintf(buf + used, size - used, "%s%s",
                             used ? " " : "", roles[i]);
            used += k > 0 ? (size_t)k : 0;
        }
    }
    return missing;
}

/* ---- names -------------------------------------------------------------- */

int issue_year_ok(const char *y)
{
    if (!y || strlen(y) != 9 || y[4] != '-')
        return 0;
    for (int i = 0; i < 9; i++)
        if (i != 4 && (y[i] < '0' || y[i] > '9'))
            return 0;
    return atoi(y + 5) == atoi(y) + 1;
}

int issue_id_ok(const char *id)
{
    if (!id || !*id || strlen(id) > 64)
        return 0;
    for (const char *p = id; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
              (*p >= 'A' && *p <= 'Z') || (*p == '-' && p != id)))
            return 0;
    return 1;
}

char *issue_outbox_rel(const char *year, const char *id, int version,
                       const char *ext, char *buf, size_t size)
{
    if (!issue_year_ok(year) || !issue_id_ok(id) || version < 1)
        return NULL;
    int n = snprintf(buf, size, ISSUE_OUTBOX_DIR "/%s/%s-v%d.%s", year, id,
                     version, ext);
    return n < 0 || (size_t)n >= size ? NULL : buf;
}

/* ---- writing the outbox ------------------------------------------------- */

/* The XML as stored, unless a file of that name holds other bytes. */
static int put_xml(const char *path, const char *xml, size_t len, hb_err *e)
{
    if (files_exists(path)) {
        size_t have = 0;
        char *old = files_read(path, HB_XML_MAX_BYTES, &have, e);
        if (!old)
            return -1;
        int same = have == len && memcmp(old, xml, len) == 0;
        free(old);
        return same ? 0
                    : err_set(e, HB_EINVALID, "%s: exists with other content; "
                              "an issued document is never overwritten", path);
    }
    return files_write_atomic(path, xml, len, e);
}

/* The PDF, unless already there: rendering again would change its bytes
 * (creation time) and the copy a family received would no longer match. */
static int put_pdf(const char *path, const hb_record *r, hb_err *e)
{
    if (files_exists(path))
        return 0;
    char *tmp = files_temp_name(path);
    if (!tmp)
        return err_set(e, HB_ENOMEM, "%s: out of memory", path);
    if (render_pdf(r, tmp, e)) {
        files_discard_temp(-1, tmp);
        return -1;
    }
    /* flushed before the rename, like every other file the outbox holds:
     * an issued record's copy must survive a power cut */
    return files_commit_temp(-1, tmp, path, e);
}

/* Checks a stored version and, when its signatures are complete, writes
 * its outbox files.  *missing (when not NULL) receives the count of
 * missing roles instead of an error for them. */
static int publish(hb_ws *w, const hb_ws_record *m, const char *xml,
                   int *missing, hb_err *e)
{
    char name[160], rel_xml[256], rel_pdf[256], path[4096];
    snprintf(name, sizeof name, "record %s version %d", m->id, m->version);
    if (!issue_outbox_rel(m->year, m->id, m->version, "xml", rel_xml,
                          sizeof rel_xml) ||
        !issue_outbox_rel(m->year, m->id, m->version, "pdf", rel_pdf,
                          sizeof rel_pdf))
        return err_set(e, HB_EINVALID, "%s: cannot be issued without a valid "
                       "school year (NAM_HOC \"%s\")", name,
                       m->year ? m->year : "");
    size_t len = strlen(xml);
    xmlDocPtr doc = record_xml_parse_mem(xml, len, name, e);
    if (!doc)
        return -1;
    int rc = record_xml_validate(doc, name, e);
    char roles[256];
    int miss = rc ? 0 : issue_missing_roles(doc, ws_config(w), roles,
                                            sizeof roles);
    if (miss && missing) {
        *missing = miss;
        xmlFreeDoc(doc);
        return 0;
    }
    if (miss)
        rc = err_set(e, HB_EINVALID, "%s: not signed yet by %s; it is issued "
                     "when every required role has signed", name, roles);
    if (missing)
        *missing = 0;
    hb_record *r = rc ? NULL : record_xml_to_record(doc, name, e);
    xmlFreeDoc(doc);
    if (rc == 0 && !r)
        rc = -1;
    char dir[4096];
    if (rc == 0) {
        snprintf(dir, sizeof dir, "%s/" ISSUE_OUTBOX_DIR "/%s", ws_dir(w),
                 m->year);
        rc = files_mkdir_p(dir, e);
    }
    /* Each file: what a killed issuer left of it first (files.h). */
    if (rc == 0) {
        snprintf(path, sizeof path, "%s/%s", ws_dir(w), rel_xml);
        files_remove_dead_temps(path);
        rc = put_xml(path, xml, len, e);
    }
    if (rc == 0) {
        snprintf(path, sizeof path, "%s/%s", ws_dir(w), rel_pdf);
        files_remove_dead_temps(path);
        rc = put_pdf(path, r, e);
    }
    record_free(r);
    return rc;
}

/* Moves a published version to issued, re-reading its state under the
 * write lock so that two clerks issuing at once audit it once. */
static int mark_issued(hb_ws *w, const char *id, int version,
                       const char *who, hb_err *e)
{
    if (ws_tx_begin(w, e))
        return -1;
    hb_ws_record m;
    int rc = ws_record_get(w, id, version, &m, NULL, NULL, e);
    if (rc == 0 && m.state == HB_RS_SIGNED) {
        char rel[256];
        issue_outbox_rel(m.year, id, version, "xml", rel, sizeof rel);
        rc = ws_record_set_state(w, id, version, HB_RS_ISSUED, e);
        if (rc == 0)
            rc = ws_audit_add(w, who && *who ? who : "hocba", "issue", id,
                              version, NULL, NULL, rel, e);
    }
    ws_record_clear(&m);
    if (rc == 0)
        return ws_tx_commit(w, e);
    ws_tx_rollback(w);
    return -1;
}

int issue_publish(hb_ws *w, const hb_ws_record *m, const char *xml,
                  hb_err *e)
{
    return publish(w, m, xml, NULL, e);
}

int issue_record(hb_ws *w, const char *id, int version, const char *who,
                 hb_err *e)
{
    hb_ws_record m;
    char *xml = NULL;
    if (ws_record_get(w, id, version, &m, NULL, &xml, e))
        return -1;
    int rc = 0;
    if (m.state != HB_RS_SIGNED && m.state != HB_RS_ISSUED)
        rc = err_set(e, HB_EINVALID, "record %s version %d is %s: only a "
                     "signed record is issued", m.id, m.version,
                     ws_rstate_name(m.state));
    if (rc == 0)
        rc = publish(w, &m, xml, NULL, e);
    if (rc == 0 && m.state == HB_RS_SIGNED)
        rc = mark_issued(w, m.id, m.version, who, e);
    free(xml);
    ws_record_clear(&m);
    return rc;
}

int issue_ready(hb_ws *w, const char *who, int *issued, hb_err *e)
{
    hb_ws_record *list;
    size_t n;
    if (issued)
        *issued = 0;
    if (ws_record_list(w, HB_RS_SIGNED, 0, &list, &n, e))
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char *xml = NULL;
        int missing = 0;
        rc = ws_record_get(w, list[i].id, list[i].version, NULL, NULL, &xml, e);
        if (rc == 0)
            rc = publish(w, &list[i], xml, &missing, e);
        if (rc == 0 && !missing) {
            rc = mark_issued(w, list[i].id, list[i].version, who, e);
            if (rc == 0 && issued)
                (*issued)++;
        }
        free(xml);
    }
    ws_records_free(list, n);
    return rc;
}
