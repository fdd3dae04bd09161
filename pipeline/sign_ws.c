/* sign_ws.c - signing workspace records (see sign_ws.h). */
#include "sign_ws.h"

#include <libxml/xmlsave.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "issue.h"
#include "record_xml.h"

/* The document as it is, never re-indented (signed content), UTF-8. */
static char *doc_text(xmlDocPtr doc, const char *name, hb_err *e)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlSaveCtxtPtr save = buf ? xmlSaveToBuffer(buf, "UTF-8", 0) : NULL;
    long rc = save ? xmlSaveDoc(save, doc) : -1;
    if (save && xmlSaveClose(save) < 0)
        rc = -1;
    char *out = rc >= 0 ? strdup((const char *)xmlBufferContent(buf)) : NULL;
    xmlBufferFree(buf);
    if (!out)
        err_set(e, HB_ENOMEM, "%s: cannot serialize the signed document",
                name);
    return out;
}

/* The document to sign: the finished form of an approved record, or the
 * stored document of a signed one. */
static xmlDocPtr doc_to_sign(hb_ws *w, const hb_ws_record *m, const char *name,
                             hb_err *e)
{
    if (m->state == HB_RS_APPROVED) {
        hb_record *r = NULL;
        if (ws_record_get(w, m->id, m->version, NULL, &r, NULL, e))
            return NULL;
        xmlDocPtr doc = record_xml_build(r, 0, e);
        record_free(r);
        if (!doc)
            return NULL;
        /* record_xml_build validates; re-read from text so the tree is the
         * one a verifier will parse (no builder-only nodes). */
        char *text = doc_text(doc, name, e);
        xmlFreeDoc(doc);
        if (!text)
            return NULL;
        doc = record_xml_parse_mem(text, strlen(text), name, e);
        free(text);
        return doc;
    }
    char *xml = NULL;
    if (ws_record_get(w, m->id, m->version, NULL, NULL, &xml, e))
        return NULL;
    xmlDocPtr doc = record_xml_parse_mem(xml, strlen(xml), name, e);
    free(xml);
    return doc;
}

/* Under the write lock: sign and store. */
static int sign_locked(hb_ws *w, const char *id, int version, hb_role role,
                       const char *subject, const hb_key *key, time_t when,
                       hb_err *e)
{
    hb_ws_record m;
    if (ws_record_get(w, id, version, &m, NULL, NULL, e))
        return -1;
    char name[160];
    snprintf(name, sizeof name, "record %s version %d", m.id, m.version);
    int rc = 0;
    xmlDocPtr doc = NULL;
    if (m.state != HB_RS_APPROVED && m.state != HB_RS_SIGNED)
        rc = err_set(e, HB_EINVALID, "%s is %s: only an approved (or "
                     "partly signed) record is signed", name,
                     ws_rstate_name(m.state));
    if (rc == 0 && !(doc = doc_to_sign(w, &m, name, e)))
        rc = -1;
    if (rc == 0 && role != HB_ROLE_GVBM &&
        issue_role_signed(doc, sign_role_name(role)))
        rc = err_set(e, HB_EINVALID, "%s: already signed as %s", name,
                     sign_role_name(role));
    if (rc == 0)
        rc = sign_document(doc, role, subject, key, when, e);
    if (rc == 0)
        rc = record_xml_validate(doc, name, e);
    char *text = rc ? NULL : doc_text(doc, name, e);
    if (rc == 0 && !text)
        rc = -1;
    if (rc == 0)
        rc = ws_record_set_xml(w, m.id, m.version, text, HB_RS_SIGNED, e);
    if (rc == 0) {
        char cn[256], at[40], what[96];
        keys_cert_cn(keys_cert(key), cn, sizeof cn);
        sign_format_time(when, at, sizeof at);
        snprintf(what, sizeof what, "%s%s%s", sign_role_name(role),
                 subject ? " " : "", subject ? subject : "");
        rc = ws_audit_add(w, cn[0] ? cn : keys_name(key), "sign", m.id,
                          m.version, what, NULL, at, e);
    }
    free(text);
    xmlFreeDoc(doc);
    ws_record_clear(&m);
    return rc;
}

int ws_sign_record(hb_ws *w, const char *id, int version, hb_role role,
                   const char *subject, const hb_key *key, time_t when,
                   int *issued, hb_err *e)
{
    if (issued)
        *issued = 0;
    if (ws_tx_begin(w, e))
        return -1;
    int rc = sign_locked(w, id, version, role, subject, key, when, e);
    if (rc) {
        ws_tx_rollback(w);
        return -1;
    }
    if (ws_tx_commit(w, e))
        return -1;
    /* Issue when complete; a record still waiting for a role stays signed. */
    hb_ws_record m;
    char *xml = NULL;
    if (ws_record_get(w, id, version, &m, NULL, &xml, e))
        return -1;
    char name[160], missing[256];
    snprintf(name, sizeof name, "record %s version %d", m.id, m.version);
    xmlDocPtr doc = record_xml_parse_mem(xml, strlen(xml), name, e);
    rc = doc ? 0 : -1;
    if (rc == 0 && issue_missing_roles(doc, ws_config(w), missing,
                                       sizeof missing) == 0) {
        char cn[256];
        keys_cert_cn(keys_cert(key), cn, sizeof cn);
        rc = issue_record(w, m.id, m.version, cn, e);
        if (rc == 0 && issued)
            *issued = 1;
    }
    xmlFreeDoc(doc);
    free(xml);
    ws_record_clear(&m);
    return rc;
}

int ws_sign_approved(hb_ws *w, hb_role role, const char *subject,
                     const hb_key *key, time_t when, int *n_signed,
                     int *n_issued, hb_err *e)
{
    hb_ws_record *list;
    size_t n;
    if (n_signed)
        *n_signed = 0;
    if (n_issued)
        *n_issued = 0;
    if (ws_record_list(w, -1, 0, &list, &n, e))
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        hb_ws_record *m = &list[i];
        if (m->state == HB_RS_SIGNED) {
            /* only those this role has not signed yet */
            char *xml = NULL;
            if (ws_record_get(w, m->id, m->version, NULL, NULL, &xml, e)) {
                rc = -1;
                break;
            }
            xmlDocPtr doc = record_xml_parse_mem(xml, strlen(xml), m->id, e);
            free(xml);
            if (!doc) {
                rc = -1;
                break;
            }
            int done = role == HB_ROLE_GVBM
                           ? 0 : issue_role_signed(doc, sign_role_name(role));
            xmlFreeDoc(doc);
            if (done)
                continue;
        } else if (m->state != HB_RS_APPROVED)
            continue;
        int issued = 0;
        rc = ws_sign_record(w, m->id, m->version, role, subject, key, when,
                            &issued, e);
        if (rc == 0 && n_signed)
            (*n_signed)++;
        if (rc == 0 && issued && n_issued)
            (*n_issued)++;
    }
    ws_records_free(list, n);
    /* A record whose last signature was stored by a run that was killed
     * before issuing it is complete but still "signed", and no role has a
     * signature left to add: it is issued here, or it never would be. */
    if (rc == 0) {
        char cn[256];
        int late = 0;
        keys_cert_cn(keys_cert(key), cn, sizeof cn);
        rc = issue_ready(w, cn, &late, e);
        if (n_issued)
            *n_issued += late;
    }
    return rc;
}
