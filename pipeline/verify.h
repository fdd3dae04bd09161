/*
 * verify.h - verification of every signature of a signed record.
 *
 * For each ds:Signature, separately (its own xmlsec context):
 *   - it must sit in a role's slot (sign.h) and reference exactly what that
 *     role signs ("#thongtinhocba" for GVCN, ...) plus its own
 *     SignatureProperties; the referenced Id must resolve to *the* element
 *     at its place in the record (HOC_BA/DU_LIEU_HOC_BA/...), and no Id may
 *     appear twice: together these defeat signature wrapping, where signed
 *     data is moved aside and other data put where readers look;
 *   - only same-document references, exclusive or inclusive C14N, the
 *     enveloped transform, SHA-256 (SHA-1 read for older signers),
 *     RSA-SHA256, RSA-SHA1, ECDSA-SHA256: no XPath, XSLT or remote URIs;
 *   - the key comes from KeyInfo/X509Data only, and its certificate must
 *     chain to a trusted CA, checked at the signed SigningTime (a
 *     certificate that has expired since still vouches for what it signed
 *     while it was valid); a signing time in the future is refused;
 *   - KY_PHAT_HANH must be signed by a certificate with MST: in its subject.
 * The whole document must also be valid against the XSD.
 */
#ifndef HB_VERIFY_H
#define HB_VERIFY_H

#include <stddef.h>

#include <libxml/tree.h>

#include "err.h"
#include "sign.h"

/* The CA certificates trusted as roots (PEM files, several certificates
 * each allowed). */
typedef struct hb_trust hb_trust;

hb_trust *verify_trust_load(const char *const *files, size_t n, hb_err *e);
/* Number of certificates loaded (0 for an empty store). */
size_t verify_trust_count(const hb_trust *t);
void verify_trust_free(hb_trust *t);

typedef struct hb_sig_result {
    char role[64];     /* "GVCN", "GVBM[TOAN]", or the element it sits in */
    char signer[256];  /* subject CN of the signing certificate, or "?" */
    char time[40];     /* SigningTime as written, or "?" */
    int ok;
    char reason[512];  /* why not, when !ok */
} hb_sig_result;

typedef struct hb_verify_report {
    int ok;               /* every signature valid and the file itself too */
    char problem[1024];   /* what is wrong with the file as a whole, if any */
    size_t n;
    hb_sig_result *sigs;  /* one per ds:Signature, in document order */
} hb_verify_report;

/* Verifies the parsed document `doc` (`name` for messages); fills `out`.
 * Returns 0 when everything is valid, 1 when something is not (the report
 * says what), -1 on an error that stopped verification (e set). */
int verify_document(xmlDocPtr doc, const char *name, const hb_trust *trust,
                    hb_verify_report *out, hb_err *e);

/* The same for a file: an unreadable or malformed file is reported as
 * invalid (1) with the reason in out->problem. */
int verify_file(const char *path, const hb_trust *trust,
                hb_verify_report *out, hb_err *e);

void verify_report_free(hb_verify_report *r);

#endif
