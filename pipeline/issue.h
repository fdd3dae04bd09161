/*
 * issue.h - issuing a signed record: it goes to the outbox and becomes
 * "issued".
 *
 * A học bạ số has legal value once every required person has signed it
 * (workspace config: sign_roles, by default the verifier NGUOI_XAC_MINH and
 * the principal CBQL, plus the school's organisational certificate
 * KY_PHAT_HANH when school_cert is set).  Issuing then publishes it in the
 * two forms a family and the Ministry receive:
 *
 *     DIR/outbox/<NAM_HOC>/<MA_HO_SO>-v<PHIEN_BAN>.xml   the signed XML,
 *                                  byte for byte as signed and stored
 *     DIR/outbox/<NAM_HOC>/<MA_HO_SO>-v<PHIEN_BAN>.pdf   its rendering
 *                                  (render_pdf, what `hocba print` makes)
 *
 * and moves the record version signed -> issued, with an "issue" entry in
 * the audit trail.  Nothing is re-serialized: the XML is written from the
 * stored text, since whitespace inside signed elements is signed content.
 * Files are written atomically; issuing again finds the same files and
 * changes nothing, and an outbox file with other content is never
 * overwritten (that would be two different documents under one name).
 *
 * Which roles have signed is read from the slots (record.md): a role has
 * signed when its slot holds a ds:Signature with a SignatureValue.  The
 * signatures are not verified here (that needs the trust store; `hocba
 * verify` does it): a record reaches the state "signed" only through the
 * signing code, which checks what it signs.
 */
#ifndef HB_ISSUE_H
#define HB_ISSUE_H

#include <stddef.h>

#include <libxml/tree.h>

#include "err.h"
#include "workspace.h"
#include "wsconfig.h"

#define ISSUE_OUTBOX_DIR "outbox"

/* The roles a record needs before it is issued: c->roles, then
 * KY_PHAT_HANH when c->school_cert is set (and not already listed).
 * Returns how many were written to roles[] (at most max). */
size_t issue_required_roles(const hb_wsconfig *c, const char **roles,
                            size_t max);

/* Nonzero when `role` has signed `doc`.  GVBM has signed when every subject
 * row with a code (DIEM_TONG_KET ma=…) has a signed GVBM slot of that
 * code. */
int issue_role_signed(xmlDocPtr doc, const char *role);

/* The required roles that have not signed `doc`, space separated, into buf
 * ("" when none).  Returns how many are missing. */
int issue_missing_roles(xmlDocPtr doc, const hb_wsconfig *c, char *buf,
                        size_t size);

/* Nonzero when `year` is a school year "YYYY-YYYY" (consecutive years) and
 * `id` a record id made of letters, digits and '-': both become parts of
 * file names, so nothing else is accepted. */
int issue_year_ok(const char *year);
int issue_id_ok(const char *id);

/* The outbox file of a record version, relative to the workspace
 * ("outbox/2019-2020/<id>-v1.xml"; ext "xml" or "pdf").  NULL when it
 * does not fit or year/id are not acceptable. */
char *issue_outbox_rel(const char *year, const char *id, int version,
                       const char *ext, char *buf, size_t size);

/* Issues record `id` version `version` (0: its latest version), which
 * must be signed by every required role: writes the outbox files, sets it
 * issued, and adds the audit entry "issue" by `who`.  Issuing an issued
 * record again only checks and completes its outbox files.  Errors:
 * HB_ENOTFOUND, HB_EINVALID (wrong state, missing signatures: the message
 * names them, an outbox file that differs). */
int issue_record(hb_ws *w, const char *id, int version, const char *who,
                 hb_err *e);

/* Writes (or checks) the outbox files of version `m` (state issued, or
 * revoked after being issued) from its stored XML `xml`: the XML byte for
 * byte, the PDF when it is missing.  Refuses a version whose required
 * signatures are incomplete or whose outbox XML holds other bytes.  Export
 * calls it so that an outbox lost or never written is completed. */
int issue_publish(hb_ws *w, const hb_ws_record *m, const char *xml,
                  hb_err *e);

/* Issues every signed record version whose signatures are complete; those
 * still waiting for a signature stay signed.  *issued (may be NULL) counts
 * the records issued.  Stops at the first error. */
int issue_ready(hb_ws *w, const char *who, int *issued, hb_err *e);

#endif
