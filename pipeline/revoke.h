/*
 * revoke.h - withdrawing an issued record and starting its correction.
 *
 * Nothing signed is ever edited.  When an issued học bạ turns out wrong
 * (a score misread and missed in review, a name misspelt), the principal
 * approves its revocation (thu hồi) with a reason, and the correction is a
 * new version of the same student-year record:
 *
 *   - the issued version becomes "revoked" (final), with an entry in the
 *     revocations table (reason, who approved, the digest of its signed
 *     XML) and a "revoke" entry in the audit trail; its outbox files stay,
 *     since families and the Ministry may hold copies;
 *   - version PHIEN_BAN + 1 is created as a draft with the same MA_HO_SO,
 *     the values of the revoked version, and THAY_THE = SHA-256 (hex) of
 *     the revoked version's signed XML bytes exactly as issued, so anyone
 *     holding the old file can check that the new one replaces it
 *     (`sha256sum old.xml`).  The draft then goes through review, approval
 *     and signing again like any record.
 * All of it happens in one transaction: either the record is revoked and
 * its replacement exists, or nothing changed.
 */
#ifndef HB_REVOKE_H
#define HB_REVOKE_H

#include "err.h"
#include "workspace.h"

/* Revokes version `version` of record `id` (0: its latest version, which
 * must then be issued or signed) with `reason`, approved by `by`; creates
 * the replacing draft, whose version goes to *new_version (may be NULL).
 * Refused (HB_EINVALID): a version that is not issued or signed, one that
 * already has a newer version, an empty reason or name. */
int revoke_record(hb_ws *w, const char *id, int version, const char *reason,
                  const char *by, int *new_version, hb_err *e);

#endif
