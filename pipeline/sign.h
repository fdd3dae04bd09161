/*
 * sign.h - XMLDSig signatures of a record, one per role, each in its slot.
 *
 * Who signs a học bạ and what (record.md, "What is known of the official
 * format"):
 *   NGUOI_XAC_MINH  the person who checked the digitization against paper
 *                   signs #data (all of DU_LIEU_HOC_BA)
 *   GVCN            the homeroom teacher signs #thongtinhocba (the year's
 *                   results, THONG_TIN_HOC_BA)
 *   GVBM            a subject teacher signs #mon-CODE (one DIEM_TONG_KET)
 *   CBQL            the principal or vice-principal signs #data
 *   KY_PHAT_HANH    the school's organisational certificate (its subject
 *                   carries MST:, the tax code) signs #data: issuance
 * The slots are under HOC_BA/DANH_SACH_THONG_TIN_KY (NGUOI_XAC_MINH, GVCN,
 * DANH_SACH_GVBM/GVBM) and HOC_BA/PHAT_HANH_HOC_BA (CBQL, KY_PHAT_HANH),
 * i.e. *outside* DU_LIEU_HOC_BA, so a signature never lies inside what any
 * signature signs and adding one never breaks another.
 *
 * Each ds:Signature: exclusive C14N, SHA-256 digests, RSA-SHA256 or
 * ECDSA-SHA256 by the key; two references, the role's element and the
 * signature's own SignatureProperties (ds:Object) holding SigningTime, so
 * the time is signed too; KeyInfo/X509Data with the signer's certificate
 * and its chain.
 *
 * On "enveloped": record.md says the official format uses enveloped
 * signatures.  The data reference carries the enveloped-signature
 * transform (then exc-c14n), as that profile expects.  Because the
 * signature sits outside the referenced element, the transform removes
 * nothing: the digest is that of the element alone.  What breaks
 * multi-signer documents is an enveloped reference to the *whole document*
 * (URI=""), where each new signature changes what the earlier ones signed;
 * hocba never makes one and its verifier refuses one.
 *
 * The functions here know where the slots are; they do not touch the
 * workspace.  Documents are read with record_xml_parse_file (hostile-input
 * safe, blanks kept: they are signed content) and checked with
 * record_xml_validate (the XSD admits ds:Signature in the slots).  The document must not be re-indented after signing (save
 * with format=0): whitespace inside signed elements is signed content.
 */
#ifndef HB_SIGN_H
#define HB_SIGN_H

#include <time.h>

#include <libxml/tree.h>

#include "err.h"
#include "keys.h"

typedef enum hb_role {
    HB_ROLE_NGUOI_XAC_MINH,
    HB_ROLE_GVCN,
    HB_ROLE_GVBM,
    HB_ROLE_CBQL,
    HB_ROLE_KY_PHAT_HANH,
    HB_ROLE_COUNT
} hb_role;

#define HB_DSIG_NS "http://www.w3.org/2000/09/xmldsig#"

/* "CBQL" -> HB_ROLE_CBQL (exact names, as in the slots).  0 on success. */
int sign_role_parse(const char *name, hb_role *role);
const char *sign_role_name(hb_role role);

/* Signs `doc` (a record) as `role` at `when`, adding a ds:Signature to the
 * role's slot.  `subject` is the subject code for GVBM (TOAN, NGU_VAN...),
 * NULL for the other roles.  Refuses: a document that is not a record, a
 * draft (fields still annotated for review), duplicate Id attributes, a
 * missing slot or subject, a certificate not valid at `when`, one not
 * meant for signing, and for KY_PHAT_HANH one whose subject lacks "MST:".
 * On failure the document is left as it was. */
int sign_document(xmlDocPtr doc, hb_role role, const char *subject,
                  const hb_key *key, time_t when, hb_err *e);

/* ---- parts, shared with verify.c and the tests ---- */

/* Writes `doc` to `path` as it is (format=0), through a temporary file and
 * a rename, so that a failure never leaves half a record. */
int sign_save_file(xmlDocPtr doc, const char *path, hb_err *e);

/* Checks that no two elements carry the same Id (or xml:id) and that the
 * document has no DTD, then registers every Id attribute as an XML ID so
 * that "#data" resolves (records have no DTD to declare them).  This is
 * the first defence against signature wrapping: with a duplicate, xmlsec
 * would silently take the first element of that Id. */
int sign_register_ids(xmlDocPtr doc, hb_err *e);

/* The role's slot element, or NULL (e set) when the record has none.  For
 * GVBM the slot GVBM[@ma=subject] under DANH_SACH_GVBM, created when the
 * list exists and the subject is in the record (create != 0). */
xmlNodePtr sign_find_slot(xmlDocPtr doc, hb_role role, const char *subject,
                          int create, hb_err *e);

/* The Id a role signs ("data", "thongtinhocba", "mon-TOAN") into buf. */
const char *sign_target_id(hb_role role, const char *subject, char *buf,
                           size_t size);

/* The element a role's signature must reference, found by *position* in
 * the record (HOC_BA/DU_LIEU_HOC_BA[...]), not by Id; NULL when absent.
 * The verifier checks that the Id resolves to exactly this element. */
xmlNodePtr sign_target_element(xmlDocPtr doc, hb_role role,
                               const char *subject);

/* Adds an unsigned signature template for `role` to its slot, with the
 * SigningTime `when`, and registers its Ids.  Returns the ds:Signature
 * node (still to be filled by sign_template_fill), NULL on failure. */
xmlNodePtr sign_add_template(xmlDocPtr doc, hb_role role,
                             const char *subject, hb_key_alg alg,
                             time_t when, hb_err *e);

/* Computes digests and the signature value of a template with `key`.
 * Does no certificate checks (sign_document does them first). */
int sign_template_fill(xmlNodePtr sig, const hb_key *key, hb_err *e);

/* Formats `t` as xsd:dateTime in UTC ("2024-06-20T08:00:00Z"). */
char *sign_format_time(time_t t, char *buf, size_t size);
/* Parses xsd:dateTime with Z or a ±hh:mm offset; 0 on success. */
int sign_parse_time(const char *s, time_t *t);

#endif
