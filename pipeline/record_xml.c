/*
 * record_xml.c - reading record XML safely, and checking it: the hostile-input
 * parser, duplicate-Id detection, XSD validation, the firm formats of a
 * finished record, and the read_file/read_mem entry points.
 * The mapping itself is in record_xml_write.c and record_xml_read.c.
 *
 * Why the parser is this careful: records arrive from other schools, from
 * the Ministry's database and from people's USB sticks, and they are read by
 * the signing and verification code.  A record never has a DTD, so any
 * document with one is refused the moment the parser meets <!DOCTYPE>, before
 * a single entity is declared: that kills external entities (XXE: reading
 * /etc/passwd into a field), entity expansion bombs ("billion laughs") and
 * DTD fetches in one rule.  The network is off, the size is capped before
 * parsing, and XML_PARSE_HUGE is never used, so libxml2's own depth and
 * length limits stay on.
 *
 * No global state: libxml2 errors are collected per parser / schema context
 * through their structured-error hooks, never through the process-wide
 * handlers.  The schema is parsed on every validation (a few milliseconds,
 * see the test's timing) rather than cached in a global.
 */
#include "record_xml.h"

#include <errno.h>
#include <fcntl.h>
#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlschemas.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#include "datadir.h"
#include "record_xml_int.h"

#define SCHEMA_REL "schemas/hocba-1.xsd"

/* ---- text ------------------------------------------------------------- */

static int xml_char_ok(long c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* Scans len bytes; returns the offset of the first problem or len. */
static size_t text_scan(const char *s, size_t len, long *bad)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i),
                                              &cp);
        if (n <= 0) {
            *bad = -1;
            return i;
        }
        if (!xml_char_ok(cp)) {
            *bad = cp;
            return i;
        }
        i += (size_t)n;
    }
    return len;
}

int record_xml_text_ok(const char *s, long *bad)
{
    size_t len = strlen(s);
    return text_scan(s, len, bad) == len;
}

char *record_xml_subject_id(const hb_subject *s, size_t index, char *buf,
                            size_t size)
{
    int n = s->code ? snprintf(buf, size, "mon-%s", s->code)
                    : snprintf(buf, size, "mon-x%zu", index + 1);
    return n < 0 || (size_t)n >= size ? NULL : buf;
}

/* ---- libxml2 errors --------------------------------------------------- */

/* The first error libxml2 reported, made readable: the namespace URIs that
 * libxml2 writes around every name are dropped, and the element is named
 * once in front rather than inside the message. */
typedef struct xml_first_error {
    int have;
    long line;
    char element[128];
    char msg[640];
    int dtd; /* the parser met a <!DOCTYPE> and stopped */
} xml_first_error;

/* Copies src into dst, deleting every occurrence of `cut`. */
static void copy_without(char *dst, size_t size, const char *src,
                         const char *cut, const char *with)
{
    size_t cl = strlen(cut), wl = strlen(with), o = 0;
    while (*src && o + 1 < size) {
        if (strncmp(src, cut, cl) == 0) {
            for (size_t k = 0; k < wl && o + 1 < size; k++)
                dst[o++] = with[k];
            src += cl;
        } else {
            dst[o++] = *src++;
        }
    }
    dst[o] = '\0';
}

static void first_error_keep(xml_first_error *fe, xmlErrorPtr err)
{
    if (fe->have || !err || err->level < XML_ERR_ERROR)
        return;
    fe->have = 1;
    fe->line = err->line;
    xmlNodePtr node = err->node;
    if (node && node->type == XML_ELEMENT_NODE && node->name) {
        snprintf(fe->element, sizeof fe->element, "%s",
                 (const char *)node->name);
        if (fe->line <= 0)
            fe->line = xmlGetLineNo(node);
    }
    char a[sizeof fe->msg], b[sizeof fe->msg];
    copy_without(a, sizeof a, err->message ? err->message : "unknown error",
                 "{" HB_XML_NS "}", "");
    copy_without(b, sizeof b, a, "{http://www.w3.org/2000/09/xmldsig#}", "ds:");
    /* "Element 'X': reason" / "Element 'X', attribute 'a': reason" */
    const char *m = b;
    if (fe->element[0] && strncmp(m, "Element '", 9) == 0) {
        const char *q = strchr(m + 9, '\'');
        if (q && (q[1] == ':' || q[1] == ','))
            m = q + 2 + (q[2] == ' ');
    }
    snprintf(fe->msg, sizeof fe->msg, "%s", m);
    size_t n = strlen(fe->msg);
    while (n && (fe->msg[n - 1] == '\n' || fe->msg[n - 1] == ' '))
        fe->msg[--n] = '\0';
    /* The message may quote a value of the document, line breaks and all:
     * an error stays one line. */
    for (char *c = fe->msg; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = ' ';
}

static void on_schema_error(void *ud, xmlErrorPtr err)
{
    first_error_keep(ud, err);
}

/* The parser hands its own context as user data (ctxt->userData). */
static void on_parse_error(void *ud, xmlErrorPtr err)
{
    xmlParserCtxtPtr ctxt = ud;
    first_error_keep(ctxt->_private, err);
}

/* SAX hook called when <!DOCTYPE ...> has been read, before its internal
 * subset: stop right there, nothing of the DTD is processed. */
static void on_doctype(void *ud, const xmlChar *name, const xmlChar *ext,
                       const xmlChar *sys)
{
    (void)name;
    (void)ext;
    (void)sys;
    xmlParserCtxtPtr ctxt = ud;
    xml_first_error *fe = ctxt->_private;
    fe->dtd = 1;
    fe->line = xmlSAX2GetLineNumber(ctxt);
    xmlStopParser(ctxt);
}

/* "NAME:LINE: element X: reason" (parts left out when unknown). */
static int fail_with(hb_err *e, int code, const char *name,
                     const xml_first_error *fe, const char *what)
{
    char where[64] = "";
    if (fe->line > 0)
        snprintf(where, sizeof where, ":%ld", fe->line);
    if (fe->element[0])
        return err_set(e, code, "%s%s: element %s: %s", name, where,
                       fe->element, fe->msg);
    return err_set(e, code, "%s%s: %s%s", name, where, what, fe->msg);
}

/* ---- parsing ---------------------------------------------------------- */

xmlDocPtr record_xml_parse_mem(const char *buf, size_t len, const char *name,
                               hb_err *e)
{
    if (!name)
        name = "(memory)";
    if (!buf || len == 0) {
        err_set(e, HB_EFORMAT, "%s: empty document", name);
        return NULL;
    }
    if (len > HB_XML_MAX_BYTES) {
        err_set(e, HB_EFORMAT,
                "%s: %zu bytes, larger than the %u a record may have; refused",
                name, len, HB_XML_MAX_BYTES);
        return NULL;
    }
    long bad;
    size_t at = text_scan(buf, len, &bad);
    if (at != len) {
        if (bad < 0)
            err_set(e, HB_EFORMAT,
                    "%s: not UTF-8 (byte 0x%02x at offset %zu); records are "
                    "UTF-8", name, (unsigned char)buf[at], at);
        else
            err_set(e, HB_EFORMAT,
                    "%s: character U+%04lX at offset %zu is not allowed in "
                    "XML", name, bad, at);
        return NULL;
    }

    xml_first_error fe = { 0 };
    xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(buf, (int)len);
    if (!ctxt) {
        err_set(e, HB_ENOMEM, "%s: out of memory", name);
        return NULL;
    }
    /* No XML_PARSE_NOENT (entity substitution), no XML_PARSE_DTDLOAD, no
     * XML_PARSE_DTDATTR, no XML_PARSE_HUGE: see the top of this file. */
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES);
    ctxt->_private = &fe;
    ctxt->sax->internalSubset = on_doctype;
    ctxt->sax->serror = on_parse_error;
    xmlParseDocument(ctxt);
    xmlDocPtr doc = ctxt->myDoc;
    int well_formed = ctxt->wellFormed && !fe.dtd;
    ctxt->myDoc = NULL;
    xmlFreeParserCtxt(ctxt);

    if (fe.dtd) {
        xmlFreeDoc(doc);
        snprintf(fe.msg, sizeof fe.msg, "a record never has one; nothing of "
                 "it was read or fetched");
        fail_with(e, HB_EFORMAT, name, &fe, "document type declaration "
                  "(<!DOCTYPE>) refused: ");
        return NULL;
    }
    if (!doc || !well_formed) {
        xmlFreeDoc(doc);
        fail_with(e, HB_EFORMAT, name, &fe, "not well-formed XML: ");
        return NULL;
    }
    /* Bytes are UTF-8 (checked above); a declaration claiming another
     * encoding is a lie, or a document this program did not write. */
    if (doc->encoding && strcasecmp((const char *)doc->encoding, "UTF-8") &&
        strcasecmp((const char *)doc->encoding, "UTF8")) {
        err_set(e, HB_EFORMAT, "%s: declares encoding %.40s; records are UTF-8",
                name, (const char *)doc->encoding);
        xmlFreeDoc(doc);
        return NULL;
    }
    if (record_xml_check_ids(doc, name, e)) {
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

xmlDocPtr record_xml_parse_file(const char *path, hb_err *e)
{
    /* O_NONBLOCK: opening a FIFO must not hang; it is refused below. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        err_set(e, HB_EIO, "%s: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        err_set(e, HB_EFORMAT, "%s: not a regular file", path);
        close(fd);
        return NULL;
    }
    if ((uintmax_t)st.st_size > HB_XML_MAX_BYTES) {
        err_set(e, HB_EFORMAT,
                "%s: %jd bytes, larger than the %u a record may have; refused",
                path, (intmax_t)st.st_size, HB_XML_MAX_BYTES);
        close(fd);
        return NULL;
    }
    /* Read at most one byte past the limit, in case the file grew since
     * fstat: the limit holds whatever happens to the file meanwhile. */
    size_t cap = (size_t)st.st_size + 1, got = 0;
    char *buf = malloc(cap);
    if (!buf) {
        err_set(e, HB_ENOMEM, "%s: out of memory", path);
        close(fd);
        return NULL;
    }
    for (;;) {
        if (got == cap) {
            if (cap > HB_XML_MAX_BYTES)
                break;
            size_t ncap = cap * 2 > (size_t)HB_XML_MAX_BYTES + 1
                              ? (size_t)HB_XML_MAX_BYTES + 1 : cap * 2;
            char *nb = realloc(buf, ncap);
            if (!nb) {
                free(buf);
                close(fd);
                err_set(e, HB_ENOMEM, "%s: out of memory", path);
                return NULL;
            }
            buf = nb;
            cap = ncap;
        }
        ssize_t n = read(fd, buf + got, cap - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            err_set(e, HB_EIO, "%s: %s", path, strerror(errno));
            free(buf);
            close(fd);
            return NULL;
        }
        if (n == 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    xmlDocPtr doc = record_xml_parse_mem(buf, got, path, e);
    free(buf);
    return doc;
}

/* ---- duplicate Ids ---------------------------------------------------- */

static int is_id_attr(const xmlAttr *a)
{
    const char *n = (const char *)a->name;
    if (!a->ns)
        return strcmp(n, "Id") == 0 || strcmp(n, "ID") == 0 ||
               strcmp(n, "id") == 0;
    return strcmp(n, "id") == 0 && a->ns->href &&
           strcmp((const char *)a->ns->href,
                  (const char *)XML_XML_NAMESPACE) == 0;
}

/* Registers the Id attributes of one element; -1 (e set) on a duplicate. */
static int ids_of_element(xmlDocPtr doc, xmlNodePtr n, xmlHashTablePtr seen,
                          const char *name, hb_err *e)
{
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        if (!is_id_attr(a))
            continue;
        xmlChar *v = xmlNodeListGetString(doc, a->children, 1);
        if (!v)
            v = xmlStrdup(BAD_CAST "");
        if (!v)
            return err_set(e, HB_ENOMEM, "%s: out of memory", name);
        xmlNodePtr first = xmlHashLookup(seen, v);
        if (first) {
            err_set(e, HB_EINVALID,
                    "%s:%ld: element %s: duplicate Id \"%.64s\" (first at "
                    "line %ld); Ids must be unique, refused", name,
                    xmlGetLineNo(n), (const char *)n->name, (const char *)v,
                    xmlGetLineNo(first));
            xmlFree(v);
            return -1;
        }
        int rc = xmlHashAddEntry(seen, v, n);
        xmlFree(v);
        if (rc != 0)
            return err_set(e, HB_ENOMEM, "%s: out of memory", name);
    }
    return 0;
}

int record_xml_check_ids(xmlDocPtr doc, const char *name, hb_err *e)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root)
        return err_set(e, HB_EFORMAT, "%s: no root element", name);
    xmlHashTablePtr seen = xmlHashCreate(64);
    if (!seen)
        return err_set(e, HB_ENOMEM, "%s: out of memory", name);
    int rc = 0;
    /* Document-order walk without recursion, over elements only. */
    for (xmlNodePtr n = root; n && !rc;) {
        if (n->type == XML_ELEMENT_NODE) {
            rc = ids_of_element(doc, n, seen, name, e);
            if (n->children) {
                n = n->children;
                continue;
            }
        }
        while (n != root && !n->next)
            n = n->parent;
        n = n == root ? NULL : n->next;
    }
    xmlHashFree(seen, NULL);
    return rc;
}

/* ---- schema ----------------------------------------------------------- */

int record_xml_validate(xmlDocPtr doc, const char *name, hb_err *e)
{
    char path[4096];
    if (!datadir_path(SCHEMA_REL, path, sizeof path))
        return err_set(e, HB_EIO, "%s: data directory path too long",
                       SCHEMA_REL);
    xml_first_error fe = { 0 };
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(path);
    if (!pc)
        return err_set(e, HB_ENOMEM, "%s: out of memory", path);
    xmlSchemaSetParserStructuredErrors(pc, on_schema_error, &fe);
    xmlSchemaPtr schema = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
    if (!schema)
        return err_set(e, HB_EIO, "%s: cannot load the schema: %s", path,
                       fe.have ? fe.msg : "unknown error");

    int rc = -1;
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    if (!vc) {
        err_set(e, HB_ENOMEM, "%s: out of memory", name);
    } else {
        xmlSchemaSetValidStructuredErrors(vc, on_schema_error, &fe);
        int v = xmlSchemaValidateDoc(vc, doc);
        if (v == 0) {
            rc = 0;
        } else {
            if (!fe.have)
                snprintf(fe.msg, sizeof fe.msg, "validation failed (%d)", v);
            fail_with(e, HB_EINVALID, name, &fe, "");
        }
        xmlSchemaFreeValidCtxt(vc);
    }
    xmlSchemaFree(schema);
    return rc;
}

/* ---- firm formats of a finished record ------------------------------- */

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int num(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

static int fmt_date(const char *s)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !all_digits(s, 4) ||
        !all_digits(s + 5, 2) || !all_digits(s + 8, 2))
        return 0;
    int y = num(s, 4), m = num(s + 5, 2), d = num(s + 8, 2);
    if (m < 1 || m > 12 || d < 1)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap);
}

static int fmt_nam_hoc(const char *s)
{
    return strlen(s) == 9 && s[4] == '-' && all_digits(s, 4) &&
           all_digits(s + 5, 4) && num(s + 5, 4) == num(s, 4) + 1;
}

static int fmt_cccd(const char *s)
{
    return strlen(s) == 12 && all_digits(s, 12);
}

static int fmt_gioi_tinh(const char *s)
{
    return strcmp(s, "Nam") == 0 || strcmp(s, "N\xe1\xbb\xaf") == 0; /* Nữ */
}

typedef struct fmt_ctx {
    const hb_record *r;
    hb_err *e;
} fmt_ctx;

/* Which format a field must have, found by the field's address, so that no
 * element name is repeated here. */
static int fmt_check(const char *path, hb_field *f, void *ud)
{
    fmt_ctx *c = ud;
    const hb_record *r = c->r;
    int (*ok)(const char *) = NULL;
    const char *what = NULL;

    if (f == &r->student.ngay_sinh || f == &r->year.phe_duyet_ngay)
        ok = fmt_date;
    else if (f == &r->year.nam_hoc)
        ok = fmt_nam_hoc;
    else if (f == &r->student.ma_dinh_danh)
        ok = fmt_cccd;
    else if (f == &r->student.gioi_tinh)
        ok = fmt_gioi_tinh;
    for (size_t i = 0; !ok && i < r->student.n_history; i++) {
        if (f == &r->student.history[i].nam_hoc)
            ok = fmt_nam_hoc;
        else if (f == &r->student.history[i].ngay_nhap_hoc)
            ok = fmt_date;
    }
    if (!ok || !f->value || !*f->value || ok(f->value))
        return 0;
    what = ok == fmt_date      ? "an ISO date (YYYY-MM-DD)"
           : ok == fmt_nam_hoc ? "a school year (YYYY-YYYY, consecutive years)"
           : ok == fmt_cccd    ? "a 12-digit personal identification number"
                               : "Nam or Nữ";
    err_set(c->e, HB_EINVALID, "%s: \"%.80s\" is not %s", path, f->value,
            what);
    return 1;
}

int record_xml_check_formats(const hb_record *r, hb_err *e)
{
    fmt_ctx c = { r, e };
    /* record_visit_fields only reads through the pointer it is given. */
    return record_visit_fields((hb_record *)r, 0, fmt_check, &c) ? -1 : 0;
}

/* ---- parse + validate + map ------------------------------------------ */

static hb_record *read_doc(xmlDocPtr doc, const char *name, hb_err *e)
{
    if (!doc)
        return NULL;
    hb_record *r = NULL;
    if (record_xml_validate(doc, name, e) == 0)
        r = record_xml_to_record(doc, name, e);
    xmlFreeDoc(doc);
    return r;
}

hb_record *record_xml_read_file(const char *path, hb_err *e)
{
    return read_doc(record_xml_parse_file(path, e), path, e);
}

hb_record *record_xml_read_mem(const char *buf, size_t len, const char *name,
                               hb_err *e)
{
    if (!name)
        name = "(memory)";
    return read_doc(record_xml_parse_mem(buf, len, name, e), name, e);
}
