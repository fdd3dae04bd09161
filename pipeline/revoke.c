/* revoke.c - revocation and the replacing version (see revoke.h). */
#include "revoke.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pagestore.h"
#include "record_xml.h"
#include "text.h"

/* The draft that replaces a revoked version: its values, version + 1,
 * THAY_THE = the digest of the revoked document. */
static int make_replacement(hb_ws *w, const hb_ws_record *m, const char *xml,
                            const char *digest, hb_err *e)
{
    char name[160];
    snprintf(name, sizeof name, "record %s version %d", m->id, m->version);
    hb_record *r = record_xml_read_mem(xml, strlen(xml), name, e);
    if (!r)
        return -1;
    int rc = 0;
    free(r->thay_the);
    r->thay_the = strdup(digest);
    r->phien_ban = m->version + 1;
    if (!r->thay_the)
        rc = err_set(e, HB_ENOMEM, "%s: out of memory", name);
    if (rc == 0)
        rc = ws_record_put(w, m->book, r, HB_RS_DRAFT, e);
    record_free(r);
    return rc;
}

/* Inside the transaction: checks, then revokes and replaces. */
static int revoke_locked(hb_ws *w, const char *id, int version,
                         const char *reason, const char *by, int *new_version,
                         hb_err *e)
{
    hb_ws_record m, latest;
    char *xml = NULL;
    if (ws_record_get(w, id, 0, &latest, NULL, NULL, e))
        return -1;
    int rc = ws_record_get(w, id, version ? version : latest.version, &m,
                           NULL, &xml, e);
    if (rc) {
        ws_record_clear(&latest);
        return -1;
    }
    if (m.state != HB_RS_ISSUED && m.state != HB_RS_SIGNED)
        rc = err_set(e, HB_EINVALID, "record %s version %d is %s: only an "
                     "issued (or signed) record is revoked", id, m.version,
                     ws_rstate_name(m.state));
    else if (latest.version > m.version)
        rc = err_set(e, HB_EINVALID, "record %s version %d already has a newer "
                     "version %d (%s): revoke that one if it is wrong", id,
                     m.version, latest.version, ws_rstate_name(latest.state));
    char digest[65];
    if (rc == 0)
        rc = pagestore_sha256(xml, strlen(xml), digest, e);
    if (rc == 0)
        rc = ws_record_set_state(w, id, m.version, HB_RS_REVOKED, e);
    if (rc == 0) {
        hb_ws_revocation rv = { .record = (char *)id, .version = m.version,
                                .reason = (char *)reason, .by = (char *)by,
                                .replaced_by = m.version + 1 };
        memcpy(rv.sha256, digest, sizeof rv.sha256);
        rc = ws_revocation_add(w, &rv, e);
    }
    if (rc == 0)
        rc = ws_audit_add(w, by, "revoke", id, m.version, NULL,
                          ws_rstate_name(m.state), reason, e);
    if (rc == 0)
        rc = make_replacement(w, &m, xml, digest, e);
    if (rc == 0)
        rc = ws_audit_add(w, by, "replace", id, m.version + 1,
                          "THONG_TIN_HO_SO/THAY_THE", NULL, digest, e);
    if (rc == 0 && new_version)
        *new_version = m.version + 1;
    free(xml);
    ws_record_clear(&m);
    ws_record_clear(&latest);
    return rc;
}

int revoke_record(hb_ws *w, const char *id, int version, const char *reason,
                  const char *by, int *new_version, hb_err *e)
{
    char *why = reason ? text_normalize(reason) : NULL;
    char *who = by ? text_normalize(by) : NULL;
    int rc = 0;
    if (!why || !*why)
        rc = err_set(e, HB_EINVALID, "revoke %s: a reason is required (and "
                     "must be UTF-8 text)", id);
    else if (!who || !*who)
        rc = err_set(e, HB_EINVALID, "revoke %s: the name of who approves the "
                     "revocation is required", id);
    if (rc == 0)
        rc = ws_tx_begin(w, e);
    if (rc == 0) {
        rc = revoke_locked(w, id, version, why, who, new_version, e);
        if (rc == 0)
            rc = ws_tx_commit(w, e);
        else
            ws_tx_rollback(w);
    }
    free(why);
    free(who);
    return rc;
}
