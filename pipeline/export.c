/* export.c - a school year's issued records and their manifest (see
 * export.h). */
#include "export.h"

#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "datadir.h"
#include "files.h"
#include "issue.h"
#include "pagestore.h"
#include "record_xml.h"

#define MF_NS "urn:hocbaso:export:1"
#define MF_MAX_BYTES (64u * 1024u * 1024u)

/* ---- names and small XML helpers ---------------------------------------- */

/* "<id>-v<N>.xml" or ".pdf", the names an export writes. */
static int is_export_name(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot || (strcmp(dot, ".xml") && strcmp(dot, ".pdf")))
        return 0;
    const char *v = NULL;
    for (const char *p = name; p < dot; p++)
        if (p[0] == '-' && p[1] == 'v')
            v = p;
    if (!v || v == name || v + 2 == dot)
        return 0;
    for (const char *p = v + 2; p < dot; p++)
        if (*p < '0' || *p > '9')
            return 0;
    char id[128];
    if ((size_t)(v - name) >= sizeof id)
        return 0;
    memcpy(id, name, (size_t)(v - name));
    id[v - name] = '\0';
    return issue_id_ok(id);
}

static int is_mf(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns &&
           strcmp((const char *)n->ns->href, MF_NS) == 0 &&
           strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr mf_child(xmlNodePtr parent, const char *name)
{
    for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
        if (is_mf(c, name))
            return c;
    return NULL;
}

/* The text of parent/name into buf ("" when absent). */
static const char *mf_text(xmlNodePtr parent, const char *name, char *buf,
                           size_t size)
{
    xmlNodePtr c = mf_child(parent, name);
    xmlChar *t = c ? xmlNodeGetContent(c) : NULL;
    snprintf(buf, size, "%s", t ? (const char *)t : "");
    xmlFree(t);
    return buf;
}

static void collect_error(void *ud, xmlErrorPtr err)
{
    char *msg = ud;
    if (msg[0] || !err || !err->message)
        return;
    snprintf(msg, 512, "line %d: %s", err->line, err->message);
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
}

/* Validates `doc` against the manifest schema. */
static int validate_manifest(xmlDocPtr doc, const char *name, hb_err *e)
{
    char path[4096], msg[512] = "";
    if (!datadir_path(EXPORT_SCHEMA, path, sizeof path))
        return err_set(e, HB_EIO, "%s: data directory path too long",
                       EXPORT_SCHEMA);
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(path);
    if (!pc)
        return err_set(e, HB_ENOMEM, "%s: out of memory", path);
    xmlSchemaSetParserStructuredErrors(pc, collect_error, msg);
    xmlSchemaPtr schema = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
    if (!schema)
        return err_set(e, HB_EIO, "%s: cannot load the schema: %s", path,
                       msg[0] ? msg : "unknown error");
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    int rc;
    if (!vc)
        rc = err_set(e, HB_ENOMEM, "%s: out of memory", name);
    else {
        xmlSchemaSetValidStructuredErrors(vc, collect_error, msg);
        rc = xmlSchemaValidateDoc(vc, doc) == 0
                 ? 0
                 : err_set(e, HB_EINVALID, "%s: not valid against %s: %s",
                           name, EXPORT_SCHEMA, msg[0] ? msg : "invalid");
        xmlSchemaFreeValidCtxt(vc);
    }
    xmlSchemaFree(schema);
    return rc;
}

/* Parses (safely: no DTD, no network, UTF-8 only) an XML file. */
static xmlDocPtr parse_file(const char *path, size_t max, hb_err *e)
{
    size_t len;
    char *buf = files_read(path, max, &len, e);
    if (!buf)
        return NULL;
    xmlDocPtr doc = record_xml_parse_mem(buf, len, path, e);
    free(buf);
    return doc;
}

/* ---- checking an export directory --------------------------------------- */

/* One listed file: present, of the stated size and digest, and what its
 * kind says it is. */
static int check_file(const char *dir, xmlNodePtr tep, const char *id,
                      const char *version, const char *year, hb_err *e)
{
    xmlChar *kind = xmlGetProp(tep, BAD_CAST "loai");
    xmlChar *sha = xmlGetProp(tep, BAD_CAST "sha256");
    xmlChar *size = xmlGetProp(tep, BAD_CAST "kichThuoc");
    xmlChar *name = xmlNodeGetContent(tep);
    char want[256], path[4096];
    int rc = 0;
    snprintf(want, sizeof want, "%s-v%s.%s", id, version,
             kind ? (const char *)kind : "?");
    snprintf(path, sizeof path, "%s/%s", dir, name ? (const char *)name : "");
    size_t len = 0;
    char *buf = NULL, digest[65];
    if (!kind || !sha || !size || !name)
        rc = err_set(e, HB_ENOMEM, "%s: out of memory", dir);
    else if (strcmp((const char *)name, want) != 0)
        rc = err_set(e, HB_EINVALID, "%s/" EXPORT_MANIFEST ": record %s "
                     "version %s lists file %s; expected %s", dir, id, version,
                     (const char *)name, want);
    else if (!(buf = files_read(path, MF_MAX_BYTES, &len, e)))
        rc = err_set(e, HB_EINVALID, "%s: listed in the manifest but "
                     "missing or unreadable", path);
    else if (strtoull((const char *)size, NULL, 10) != len)
        rc = err_set(e, HB_EINVALID, "%s: %zu bytes, the manifest says %s",
                     path, len, (const char *)size);
    else if (pagestore_sha256(buf, len, digest, e) != 0)
        rc = -1;
    else if (strcmp(digest, (const char *)sha) != 0)
        rc = err_set(e, HB_EINVALID, "%s: SHA-256 %s, the manifest says %s",
                     path, digest, (const char *)sha);
    else if (strcmp((const char *)kind, "pdf") == 0) {
        if (len < 5 || memcmp(buf, "%PDF-", 5) != 0)
            rc = err_set(e, HB_EINVALID, "%s: not a PDF", path);
    } else {
        hb_record *r = record_xml_read_mem(buf, len, path, e);
        char v[32] = "";
        if (r)
            snprintf(v, sizeof v, "%d", r->phien_ban);
        if (!r)
            rc = -1;
        else if (!r->ma_ho_so || strcmp(r->ma_ho_so, id) || strcmp(v, version))
            rc = err_set(e, HB_EINVALID, "%s: holds record %s version %d, "
                         "not the %s version %s of its manifest entry", path,
                         r->ma_ho_so ? r->ma_ho_so : "?", r->phien_ban, id,
                         version);
        else if (!r->year.nam_hoc.value ||
                 strcmp(r->year.nam_hoc.value, year) != 0)
            rc = err_set(e, HB_EINVALID, "%s: school year %s, the export is "
                         "of %s", path,
                         r->year.nam_hoc.value ? r->year.nam_hoc.value : "?",
                         year);
        record_free(r);
    }
    free(buf);
    xmlFree(kind);
    xmlFree(sha);
    xmlFree(size);
    xmlFree(name);
    return rc;
}

/* Appends a copy of `s` to a growing list of names. */
static int list_add(char ***list, size_t *n, size_t *cap, const char *s)
{
    if (!s)
        return -1;
    if (*n == *cap) {
        size_t nc = *cap ? 2 * *cap : 64;
        char **p = realloc(*list, nc * sizeof *p);
        if (!p)
            return -1;
        *list = p;
        *cap = nc;
    }
    if (!((*list)[*n] = strdup(s)))
        return -1;
    (*n)++;
    return 0;
}

static int count_of(xmlNodePtr root, const char *name)
{
    char buf[32];
    return atoi(mf_text(root, name, buf, sizeof buf));
}

int export_check_dir(const char *dir, FILE *log, hb_export_report *rep,
                     hb_err *e)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/" EXPORT_MANIFEST, dir);
    if (!files_exists(path))
        return err_set(e, HB_EINVALID, "%s: missing; not an export (or an "
                       "interrupted one: export again)", path);
    xmlDocPtr doc = parse_file(path, MF_MAX_BYTES, e);
    if (!doc)
        return -1;
    int rc = validate_manifest(doc, path, e);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    xmlNodePtr list = mf_child(root, "DANH_SACH");
    char year[32];
    mf_text(root, "NAM_HOC", year, sizeof year);
    int n = 0, issued = 0, revoked = 0;
    char **listed = NULL;
    size_t n_listed = 0, cap = 0;
    for (xmlNodePtr h = list ? list->children : NULL; rc == 0 && h;
         h = h->next) {
        if (!is_mf(h, "HO_SO"))
            continue;
        char id[128], version[32], state[32], by[32];
        mf_text(h, "MA_HO_SO", id, sizeof id);
        mf_text(h, "PHIEN_BAN", version, sizeof version);
        mf_text(h, "TRANG_THAI", state, sizeof state);
        mf_text(h, "THAY_THE_BOI", by, sizeof by);
        n++;
        if (strcmp(state, "revoked") == 0) {
            revoked++;
            if (!by[0])
                rc = err_set(e, HB_EINVALID, "%s: revoked record %s version "
                             "%s does not name its replacement", path, id,
                             version);
        } else {
            issued++;
            if (by[0])
                rc = err_set(e, HB_EINVALID, "%s: issued record %s version %s "
                             "names a replacement", path, id, version);
        }
        int kinds = 0;
        for (xmlNodePtr t = h->children; rc == 0 && t; t = t->next) {
            if (!is_mf(t, "TEP"))
                continue;
            xmlChar *kind = xmlGetProp(t, BAD_CAST "loai");
            kinds |= kind && xmlStrEqual(kind, BAD_CAST "xml") ? 1 : 2;
            xmlFree(kind);
            rc = check_file(dir, t, id, version, year, e);
            xmlChar *name = xmlNodeGetContent(t);
            if (rc == 0 && list_add(&listed, &n_listed, &cap,
                                    (const char *)name))
                rc = err_set(e, HB_ENOMEM, "%s: out of memory", path);
            xmlFree(name);
        }
        if (rc == 0 && kinds != 3)
            rc = err_set(e, HB_EINVALID, "%s: record %s version %s needs one "
                         "XML and one PDF file", path, id, version);
    }
    if (rc == 0 && (count_of(root, "SO_LUONG") != n ||
                    count_of(root, "SO_PHAT_HANH") != issued ||
                    count_of(root, "SO_THU_HOI") != revoked))
        rc = err_set(e, HB_EINVALID, "%s: counts (SO_LUONG %d, SO_PHAT_HANH "
                     "%d, SO_THU_HOI %d) disagree with its %d entries (%d "
                     "issued, %d revoked)", path, count_of(root, "SO_LUONG"),
                     count_of(root, "SO_PHAT_HANH"),
                     count_of(root, "SO_THU_HOI"), n, issued, revoked);
    xmlFreeDoc(doc);
    /* what else is in the directory */
    char **files = NULL;
    size_t n_files = 0;
    if (rc == 0)
        rc = files_walk(dir, &files, &n_files, e);
    for (size_t i = 0; rc == 0 && i < n_files; i++) {
        int known = strcmp(files[i], EXPORT_MANIFEST) == 0;
        for (size_t k = 0; !known && k < n_listed; k++)
            known = listed[k] && strcmp(listed[k], files[i]) == 0;
        if (known)
            continue;
        if (is_export_name(files[i]))
            rc = err_set(e, HB_EINVALID, "%s/%s: not in the manifest (left "
                         "from another export?)", dir, files[i]);
        else {
            if (log)
                fprintf(log, "note: %s/%s is not part of the export\n", dir,
                        files[i]);
            if (rep)
                rep->unknown++;
        }
    }
    files_list_free(files, n_files);
    for (size_t k = 0; k < n_listed; k++)
        free(listed[k]);
    free(listed);
    if (rc == 0 && rep) {
        rep->issued = issued;
        rep->revoked = revoked;
    }
    return rc;
}

/* ---- writing an export -------------------------------------------------- */

typedef struct entry {
    hb_ws_record m;
    char sha_xml[65], sha_pdf[65];
    long long size_xml, size_pdf;
    hb_ws_revocation rv; /* revoked: why and by which version */
} entry;

static int cmp_entry(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    int c = strcmp(x->m.id, y->m.id);
    return c ? c : (x->m.version > y->m.version) - (x->m.version < y->m.version);
}

/* Copies an outbox file into the export unless the same bytes are there;
 * its digest and size go to sha/size. */
static int put_file(const char *src, const char *dst, char sha[65],
                    long long *size, hb_export_report *rep, hb_err *e)
{
    char have[65];
    struct stat st;
    if (pagestore_sha256_file(src, sha, e))
        return -1;
    if (stat(src, &st) != 0)
        return err_set(e, HB_EIO, "%s: cannot read its size", src);
    *size = (long long)st.st_size;
    if (files_exists(dst) && pagestore_sha256_file(dst, have, NULL) == 0 &&
        strcmp(have, sha) == 0) {
        rep->unchanged++;
        return 0;
    }
    char got[65];
    if (files_copy_nosync(src, dst, got, e))
        return -1;
    if (strcmp(got, sha) != 0)
        return err_set(e, HB_EIO, "%s: changed while it was copied", src);
    rep->written++;
    return 0;
}

static xmlNodePtr add_text(xmlNodePtr parent, const char *name,
                           const char *text)
{
    return xmlNewTextChild(parent, NULL, BAD_CAST name,
                           BAD_CAST(text ? text : ""));
}

static int add_file(xmlNodePtr h, const char *kind, const char *id,
                    int version, const char *sha, long long size)
{
    char name[160], sz[32];
    snprintf(name, sizeof name, "%s-v%d.%s", id, version, kind);
    snprintf(sz, sizeof sz, "%lld", size);
    xmlNodePtr t = add_text(h, "TEP", name);
    return t && xmlNewProp(t, BAD_CAST "loai", BAD_CAST kind) &&
                   xmlNewProp(t, BAD_CAST "sha256", BAD_CAST sha) &&
                   xmlNewProp(t, BAD_CAST "kichThuoc", BAD_CAST sz)
               ? 0 : -1;
}

/* The manifest document, serialized (indented: it is not signed). */
static char *build_manifest(const hb_wsconfig *c, const char *year,
                            const entry *en, size_t n, int *len, hb_err *e)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = doc ? xmlNewNode(NULL, BAD_CAST "DANH_MUC_HOC_BA") : NULL;
    xmlNsPtr ns = root ? xmlNewNs(root, BAD_CAST MF_NS, NULL) : NULL;
    int ok = ns != NULL;
    if (root)
        xmlDocSetRootElement(doc, root);
    if (ok) {
        xmlSetNs(root, ns);
        ok = xmlNewProp(root, BAD_CAST "phienBan", BAD_CAST "1.0") != NULL;
    }
    xmlNodePtr school = ok ? xmlNewChild(root, NULL, BAD_CAST "CO_SO_GIAO_DUC",
                                         NULL) : NULL;
    int issued = 0, revoked = 0;
    for (size_t i = 0; i < n; i++)
        issued += en[i].m.state == HB_RS_ISSUED;
    revoked = (int)n - issued;
    char num[3][32];
    snprintf(num[0], sizeof num[0], "%zu", n);
    snprintf(num[1], sizeof num[1], "%d", issued);
    snprintf(num[2], sizeof num[2], "%d", revoked);
    ok = school && add_text(school, "MA_TRUONG", c->school_code) &&
         add_text(school, "TEN_TRUONG", c->school_name) &&
         add_text(school, "XA_PHUONG", c->commune) &&
         add_text(school, "TINH", c->province) &&
         add_text(root, "NAM_HOC", year) && add_text(root, "SO_LUONG", num[0]) &&
         add_text(root, "SO_PHAT_HANH", num[1]) &&
         add_text(root, "SO_THU_HOI", num[2]);
    xmlNodePtr list = ok ? xmlNewChild(root, NULL, BAD_CAST "DANH_SACH", NULL)
                         : NULL;
    ok = list != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        const entry *x = &en[i];
        char v[32];
        snprintf(v, sizeof v, "%d", x->m.version);
        xmlNodePtr h = xmlNewChild(list, NULL, BAD_CAST "HO_SO", NULL);
        ok = h && add_text(h, "MA_HO_SO", x->m.id) &&
             add_text(h, "PHIEN_BAN", v) &&
             add_text(h, "TRANG_THAI", ws_rstate_name(x->m.state));
        if (ok && x->m.replaces && *x->m.replaces)
            ok = add_text(h, "THAY_THE", x->m.replaces) != NULL;
        if (ok && x->m.state == HB_RS_REVOKED) {
            snprintf(v, sizeof v, "%d", x->rv.replaced_by > 0
                                            ? x->rv.replaced_by
                                            : x->m.version + 1);
            ok = add_text(h, "THAY_THE_BOI", v) &&
                 add_text(h, "LY_DO_THU_HOI", x->rv.reason);
        }
        ok = ok &&
             add_file(h, "xml", x->m.id, x->m.version, x->sha_xml,
                      x->size_xml) == 0 &&
             add_file(h, "pdf", x->m.id, x->m.version, x->sha_pdf,
                      x->size_pdf) == 0;
    }
    xmlChar *out = NULL;
    if (ok)
        xmlDocDumpFormatMemoryEnc(doc, &out, len, "UTF-8", 1);
    xmlFreeDoc(doc);
    if (!out)
        err_set(e, HB_ENOMEM, "manifest: out of memory");
    return (char *)out;
}

/* A manifest already in `dir` must be of the same school and year: an
 * export directory is never reused for another one (its files would be
 * removed as stale). */
static int check_previous(const char *dir, const hb_wsconfig *c,
                          const char *year, hb_err *e)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/" EXPORT_MANIFEST, dir);
    if (!files_exists(path))
        return 0;
    hb_err ignored;
    xmlDocPtr doc = parse_file(path, MF_MAX_BYTES, &ignored);
    if (!doc)
        return 0; /* a damaged manifest of ours: it is rewritten */
    xmlNodePtr root = xmlDocGetRootElement(doc);
    char y[64], code[256];
    mf_text(root, "NAM_HOC", y, sizeof y);
    mf_text(mf_child(root, "CO_SO_GIAO_DUC"), "MA_TRUONG", code, sizeof code);
    int ours = is_mf(root, "DANH_MUC_HOC_BA");
    xmlFreeDoc(doc);
    if (ours && strcmp(y, year) == 0 && strcmp(code, c->school_code) == 0)
        return 0;
    return err_set(e, HB_EINVALID, "%s: holds %s (school %s, year %s); export "
                   "%s into another directory", dir,
                   ours ? "another export" : "another manifest",
                   code[0] ? code : "?", y[0] ? y : "?", year);
}

/* The versions of `year` that were issued: issued ones, and revoked ones
 * whose outbox file shows they had been issued. */
static int select_entries(hb_ws *w, const char *year, entry **out, size_t *n,
                          hb_err *e)
{
    hb_ws_record *list;
    size_t nl;
    *out = NULL;
    *n = 0;
    if (ws_record_list(w, -1, 0, &list, &nl, e))
        return -1;
    entry *en = calloc(nl ? nl : 1, sizeof *en);
    int rc = en ? 0 : err_set(e, HB_ENOMEM, "export: out of memory");
    size_t k = 0;
    for (size_t i = 0; rc == 0 && i < nl; i++) {
        hb_ws_record *m = &list[i];
        if (!m->year || strcmp(m->year, year) != 0 ||
            (m->state != HB_RS_ISSUED && m->state != HB_RS_REVOKED))
            continue;
        if (m->state == HB_RS_REVOKED) {
            char rel[256], path[4096];
            if (!issue_outbox_rel(m->year, m->id, m->version, "xml", rel,
                                  sizeof rel))
                continue;
            snprintf(path, sizeof path, "%s/%s", ws_dir(w), rel);
            if (!files_exists(path))
                continue; /* revoked before it was ever issued */
            int got = ws_revocation_get(w, m->id, m->version, &en[k].rv, e);
            if (got < 0) {
                rc = -1;
                break;
            }
        }
        en[k].m = *m; /* takes ownership of its strings */
        memset(m, 0, sizeof *m);
        k++;
    }
    ws_records_free(list, nl);
    if (rc) {
        for (size_t i = 0; i < k; i++) {
            ws_record_clear(&en[i].m);
            ws_revocation_clear(&en[i].rv);
        }
        free(en);
        return -1;
    }
    qsort(en, k, sizeof *en, cmp_entry);
    *out = en;
    *n = k;
    return 0;
}

/* Removes files of an earlier export that are no longer listed. */
static int remove_stale(const char *dir, const entry *en, size_t n, FILE *log,
                        hb_export_report *rep, hb_err *e)
{
    char **files;
    size_t nf;
    if (files_walk(dir, &files, &nf, e))
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < nf; i++) {
        const char *f = files[i];
        if (strcmp(f, EXPORT_MANIFEST) == 0)
            continue;
        int listed = 0;
        for (size_t k = 0; !listed && k < n; k++) {
            char a[160], b[160];
            snprintf(a, sizeof a, "%s-v%d.xml", en[k].m.id, en[k].m.version);
            snprintf(b, sizeof b, "%s-v%d.pdf", en[k].m.id, en[k].m.version);
            listed = strcmp(f, a) == 0 || strcmp(f, b) == 0;
        }
        if (listed)
            continue;
        if (!is_export_name(f)) {
            if (log)
                fprintf(log, "note: %s/%s is not part of the export; left "
                        "alone\n", dir, f);
            rep->unknown++;
            continue;
        }
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, f);
        if (unlink(path) != 0)
            rc = err_set(e, HB_EIO, "%s: cannot remove a stale export file",
                         path);
        else {
            if (log)
                fprintf(log, "removed %s (no longer part of the export)\n",
                        path);
            rep->removed++;
        }
    }
    files_list_free(files, nf);
    return rc;
}

int export_year(hb_ws *w, const char *year, const char *dir, FILE *log,
                hb_export_report *rep, hb_err *e)
{
    hb_export_report local;
    if (!rep)
        rep = &local;
    memset(rep, 0, sizeof *rep);
    const hb_wsconfig *c = ws_config(w);
    if (!issue_year_ok(year))
        return err_set(e, HB_EUSAGE, "export: '%s' is not a school year "
                       "(YYYY-YYYY, e.g. 2019-2020)", year ? year : "");
    if (!c->school_code || !*c->school_code)
        return err_set(e, HB_EINVALID, "%s/" WS_CONFIG_NAME ": school_code "
                       "is not set; the Ministry files records by school "
                       "code", ws_dir(w));
    if (files_mkdir_p(dir, e) || check_previous(dir, c, year, e))
        return -1;
    entry *en;
    size_t n;
    if (select_entries(w, year, &en, &n, e))
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        entry *x = &en[i];
        char *xml = NULL;
        char rel[256], src[4096], dst[4096];
        rc = ws_record_get(w, x->m.id, x->m.version, NULL, NULL, &xml, e);
        if (rc == 0)
            rc = issue_publish(w, &x->m, xml, e);
        free(xml);
        for (int k = 0; rc == 0 && k < 2; k++) {
            const char *ext = k ? "pdf" : "xml";
            issue_outbox_rel(x->m.year, x->m.id, x->m.version, ext, rel,
                             sizeof rel);
            snprintf(src, sizeof src, "%s/%s", ws_dir(w), rel);
            snprintf(dst, sizeof dst, "%s/%s-v%d.%s", dir, x->m.id,
                     x->m.version, ext);
            rc = put_file(src, dst, k ? x->sha_pdf : x->sha_xml,
                          k ? &x->size_pdf : &x->size_xml, rep, e);
        }
        if (rc == 0)
            rep->issued += x->m.state == HB_RS_ISSUED;
        if (rc == 0)
            rep->revoked += x->m.state == HB_RS_REVOKED;
    }
    if (rc == 0)
        rc = remove_stale(dir, en, n, log, rep, e);
    /* the files on disk before the manifest that lists them */
    if (rc == 0 && rep->written)
        rc = files_sync_fs(dir, e);
    int len = 0;
    char *mf = rc ? NULL : build_manifest(c, year, en, n, &len, e);
    if (rc == 0 && !mf)
        rc = -1;
    if (rc == 0) {
        char path[4096];
        snprintf(path, sizeof path, "%s/" EXPORT_MANIFEST, dir);
        size_t have_len = 0;
        char *have = files_exists(path)
                         ? files_read(path, MF_MAX_BYTES, &have_len, NULL)
                         : NULL;
        if (have && have_len == (size_t)len && memcmp(have, mf, have_len) == 0)
            rep->unchanged++;
        else {
            rc = files_write_atomic(path, mf, (size_t)len, e);
            rep->written += rc == 0;
        }
        free(have);
    }
    xmlFree(mf);
    for (size_t i = 0; i < n; i++) {
        ws_record_clear(&en[i].m);
        ws_revocation_clear(&en[i].rv);
    }
    free(en);
    if (rc == 0) {
        /* the directory as a whole, read back from disk */
        int unknown = rep->unknown, issued = rep->issued, revoked = rep->revoked;
        rc = export_check_dir(dir, NULL, rep, e);
        rep->unknown = unknown;
        if (rc == 0 && (rep->issued != issued || rep->revoked != revoked))
            rc = err_set(e, HB_EINVALID, "%s: the manifest read back lists "
                         "%d issued and %d revoked, %d and %d were written",
                         dir, rep->issued, rep->revoked, issued, revoked);
    }
    return rc;
}
