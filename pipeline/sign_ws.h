/*
 * sign_ws.h - signing records of a workspace (`hocba sign … --approved`,
 * or RECORD given as a workspace record id), on top of sign_document().
 *
 * sign.h signs documents and knows nothing of the workspace; this is the
 * glue between the two, for the lead to wire into cmd_sign.c:
 *
 *   - an *approved* record is signed in its finished form: the record as
 *     stored, written without draft annotations (record_xml_build(r, 0):
 *     no conf/page/box, firm formats checked), then signed; the signed
 *     document is stored verbatim (ws_record_set_xml) and the record
 *     becomes "signed";
 *   - a *signed* record gets one more signature added to its stored
 *     document (the next role: the principal after the verifier);
 *   - each signature adds an audit entry "sign" (who: the certificate's
 *     common name; path: the role; new value: the signing time);
 *   - when every role the workspace requires has signed, the record is
 *     issued (issue.h): outbox XML + PDF, state "issued".
 * Read, sign and store happen under the workspace write lock, so two
 * signers working at once never lose each other's signature.
 */
#ifndef HB_SIGN_WS_H
#define HB_SIGN_WS_H

#include <time.h>

#include "err.h"
#include "keys.h"
#include "sign.h"
#include "workspace.h"

/* Signs version `version` (0: the latest) of record `id` as `role`
 * (`subject`: the subject code for GVBM, else NULL) with `key` at `when`.
 * The record must be approved, or signed but not yet by this role
 * (HB_EINVALID otherwise).  *issued (may be NULL) is set to 1 when this
 * signature completed the record and it was issued. */
int ws_sign_record(hb_ws *w, const char *id, int version, hb_role role,
                   const char *subject, const hb_key *key, time_t when,
                   int *issued, hb_err *e);

/* Signs as `role` every approved record and every signed record that this
 * role has not signed yet.  *n_signed and *n_issued (may be NULL) count
 * them.  Stops at the first failure (the records signed before it stay
 * signed). */
int ws_sign_approved(hb_ws *w, hb_role role, const char *subject,
                     const hb_key *key, time_t when, int *n_signed,
                     int *n_issued, hb_err *e);

#endif
