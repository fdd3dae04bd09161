/*
 * record_xml.h - the only place that knows the XML vocabulary of a record.
 *
 * The vocabulary (namespace urn:hocbaso:hbs:1, schemas/hocba-1.xsd) models
 * what is known of the Ministry's format (QĐ 3016).  When the official XSD is
 * published, moving to it is a change of this module and of schemas/ only.
 *
 * A *draft* is the same document, unsigned, with annotations on every leaf
 * read from an image: conf, review, reason, page, box (record.md, "The
 * draft").  A *record* (draft = 0) carries no annotations.
 *
 * Reading is hostile-input safe: no network, no external entities, no DTD
 * loading or entity expansion, a size limit, and the XSD is checked before
 * anything is mapped into an hb_record.
 */
#ifndef HB_RECORD_XML_H
#define HB_RECORD_XML_H

#include <libxml/tree.h>
#include <stddef.h>

#include "err.h"
#include "record.h"

#define HB_XML_NS "urn:hocbaso:hbs:1"
#define HB_XML_MAX_BYTES (16u * 1024u * 1024u) /* larger input is refused */

/* Builds the document for `r`.  With draft set, leaves carry annotations.
 * The document has the empty signature slots (DANH_SACH_THONG_TIN_KY,
 * PHAT_HANH_HOC_BA) so that signing only fills them.  NULL on failure. */
xmlDocPtr record_xml_build(const hb_record *r, int draft, hb_err *e);

/* Builds, validates against the XSD and writes `path` (UTF-8, not
 * pretty-printed after signing).  0 on success. */
int record_xml_write_file(const hb_record *r, int draft, const char *path,
                          hb_err *e);

/* Same into a newly allocated buffer (caller frees with free()). */
char *record_xml_write_mem(const hb_record *r, int draft, size_t *len,
                           hb_err *e);

/* Parses safely (see above); `name` is used in error messages.  The caller
 * owns the document (xmlFreeDoc).  NULL on failure. */
xmlDocPtr record_xml_parse_file(const char *path, hb_err *e);
xmlDocPtr record_xml_parse_mem(const char *buf, size_t len, const char *name,
                               hb_err *e);

/* Validates against schemas/hocba-1.xsd; the error names the element, the
 * line and the reason of the first violation. */
int record_xml_validate(xmlDocPtr doc, const char *name, hb_err *e);

/* Maps a validated document to a record (annotations included when
 * present).  NULL on failure. */
hb_record *record_xml_to_record(xmlDocPtr doc, const char *name, hb_err *e);

/* parse + validate + map, for a file or a buffer. */
hb_record *record_xml_read_file(const char *path, hb_err *e);
hb_record *record_xml_read_mem(const char *buf, size_t len, const char *name,
                               hb_err *e);

/* Refuses a document in which two attributes used as identifiers (Id, ID,
 * id or xml:id, on any element, signatures included) hold the same value.
 * A signature references its element by Id, and xmlsec silently keeps the
 * first of two equal Ids: a duplicate is how a "signature wrapping" attack
 * makes a verifier check one element while a reader consumes another.
 * record_xml_parse_* call it; the error names both lines. */
int record_xml_check_ids(xmlDocPtr doc, const char *name, hb_err *e);

/* The firm formats of values read from paper, for a finished record:
 * NAM_HOC "YYYY-YYYY" (consecutive years), ISO dates (NGAY_SINH,
 * NGAY_NHAP_HOC, PHE_DUYET/NGAY), MA_DINH_DANH 12 digits, GIOI_TINH Nam|Nữ.
 * An empty value (a blank on paper) passes.  The XSD keeps these leaves
 * free text because a draft must hold what OCR read, malformed or not;
 * record_xml_build() calls this for every non-draft document.  The error
 * names the field path and the value. */
int record_xml_check_formats(const hb_record *r, hb_err *e);

#endif
