/*
 * test_sign.c - signing records in their role slots and verifying them.
 *
 * A throwaway PKI is made once per run by tests/pki.sh (about 1 s: RSA
 * 2048 and EC P-256 keys, a root, an intermediate, the leaves of pki.sh's
 * header).  Records are the hand-written tests/data/sign/record.xml and a
 * real one written by record_xml_build from record_sample_tt58().  Signing
 * uses fixed times (2024-06-20 unless a case needs another), so results do
 * not depend on the clock except where "now" is the point.
 *
 * Cost: about 3 s in the normal build, mostly the PKI and the
 * one-changed-character sweep (~150 verifications of a 3-signature file).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/tree.h>
#include <openssl/x509.h>
#include <xmlsec/base64.h>
#include <xmlsec/crypto.h>
#include <xmlsec/templates.h>
#include <xmlsec/xmldsig.h>

#include "datadir.h"
#include "keys.h"
#include "record_sample.h"
#include "record_xml.h"
#include "sign.h"
#include "verify.h"
#include "xmlsec_init.h"

#define T0 ((time_t)1718870400) /* 2024-06-20T08:00:00Z */

enum { K_XACMINH, K_GVCN, K_GVBM, K_CBQL, K_SCHOOL, K_NOMST, K_ECDSA,
       K_EXPIRED, K_NOTYET, K_STRANGER, K_LEGACY, K_COUNT };
static const char *const key_files[K_COUNT] = {
    "xacminh.p12", "gvcn.p12", "gvbm.p12", "cbql.p12", "school.p12",
    "nomst.p12", "ecdsa.p12", "expired.p12", "notyet.p12", "stranger.p12",
    "legacy.p12"
};

static struct {
    char dir[256];
    char pass[300];
    char record[4096];
    hb_key *key[K_COUNT];
    hb_trust *root, *other, *both, *none;
} F;

/* ---- helpers ---------------------------------------------------------- */

static char *pki_path(const char *name, char *buf, size_t size)
{
    snprintf(buf, size, "%s/%s", F.dir, name);
    return buf;
}

static hb_trust *trust_of(const char *a, const char *b)
{
    char pa[300], pb[300];
    const char *files[2] = { a ? pki_path(a, pa, sizeof pa) : NULL,
                             b ? pki_path(b, pb, sizeof pb) : NULL };
    hb_err e;
    hb_trust *t = verify_trust_load(files, (size_t)(a != NULL) + (b != NULL),
                                    &e);
    if (!t)
        fprintf(stderr, "# %s\n", e.msg);
    return t;
}

static int group_setup(void **state)
{
    char cmd[8192], script[4096], p[300];
    hb_err e;

    (void)state;
    snprintf(F.dir, sizeof F.dir, "%s/hocba-test-sign-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(F.dir) || !datadir_path("tests/pki.sh", script, sizeof script) ||
        !datadir_path("tests/data/sign/record.xml", F.record, sizeof F.record))
        return -1;
    snprintf(cmd, sizeof cmd, "sh '%s' '%s' >/dev/null 2>&1", script, F.dir);
    if (system(cmd) != 0)
        return -1;
    pki_path("pass.txt", F.pass, sizeof F.pass);
    if (xmlsec_init_libs(&e) != 0)
        return -1;
    for (int i = 0; i < K_COUNT; i++) {
        F.key[i] = keys_load(pki_path(key_files[i], p, sizeof p), F.pass, &e);
        if (!F.key[i]) {
            fprintf(stderr, "# %s\n", e.msg);
            return -1;
        }
    }
    F.root = trust_of("root.pem", NULL);
    F.other = trust_of("other-root.pem", NULL);
    F.both = trust_of("root.pem", "other-root.pem");
    F.none = trust_of(NULL, NULL);
    return F.root && F.other && F.both && F.none ? 0 : -1;
}

static int group_teardown(void **state)
{
    char cmd[400];

    (void)state;
    for (int i = 0; i < K_COUNT; i++)
        keys_free(F.key[i]);
    verify_trust_free(F.root);
    verify_trust_free(F.other);
    verify_trust_free(F.both);
    verify_trust_free(F.none);
    xmlsec_init_shutdown();
    if (F.dir[0]) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", F.dir);
        if (system(cmd) != 0)
            return -1;
    }
    return 0;
}

static xmlDocPtr load_record(void)
{
    hb_err e;
    xmlDocPtr doc = record_xml_parse_file(F.record, &e);
    if (!doc)
        fail_msg("%s", e.msg);
    return doc;
}

/* Saves `doc` as signing does, frees it, and reads the file back: what is
 * verified is what a file holds, not an in-memory tree. */
static xmlDocPtr roundtrip(xmlDocPtr doc, const char *name)
{
    char path[400];
    hb_err e;

    pki_path(name, path, sizeof path);
    if (sign_save_file(doc, path, &e) != 0)
        fail_msg("%s", e.msg);
    xmlFreeDoc(doc);
    doc = record_xml_parse_file(path, &e);
    if (!doc)
        fail_msg("%s", e.msg);
    return doc;
}

static void sign_ok(xmlDocPtr doc, hb_role role, const char *subject, int k,
                    time_t when)
{
    hb_err e;
    err_clear(&e);
    if (sign_document(doc, role, subject, F.key[k], when, &e) != 0)
        fail_msg("signing as %s: %s", sign_role_name(role), e.msg);
}

static char *dump(xmlDocPtr doc)
{
    xmlChar *mem = NULL;
    int len = 0;
    xmlDocDumpMemory(doc, &mem, &len);
    assert_non_null(mem);
    char *s = strdup((char *)mem);
    xmlFree(mem);
    return s;
}

/* Signs as `role` and expects a refusal mentioning `needle`, with the
 * document left exactly as it was. */
static void sign_refused(xmlDocPtr doc, hb_role role, const char *subject,
                         int k, time_t when, const char *needle)
{
    hb_err e;
    char *before = dump(doc), *after;

    err_clear(&e);
    assert_int_not_equal(sign_document(doc, role, subject, F.key[k], when, &e),
                         0);
    if (!strstr(e.msg, needle))
        fail_msg("refusal \"%s\" does not mention \"%s\"", e.msg, needle);
    after = dump(doc);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static int verify_dom(xmlDocPtr doc, const hb_trust *t, hb_verify_report *r)
{
    hb_err e;
    int rc = verify_document(doc, "test", t, r, &e);
    if (rc < 0)
        fail_msg("%s", e.msg);
    return rc;
}

/* The result of the signature in `role` ("GVCN", "GVBM[TOAN]"), or NULL. */
static const hb_sig_result *result_of(const hb_verify_report *r,
                                      const char *role)
{
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->sigs[i].role, role))
            return &r->sigs[i];
    return NULL;
}

static void expect_sig(const hb_verify_report *r, const char *role, int ok,
                       const char *needle)
{
    const hb_sig_result *s = result_of(r, role);
    if (!s)
        fail_msg("no %s signature in the report", role);
    if (s->ok != ok)
        fail_msg("%s: expected %s, got %s (%s)", role, ok ? "valid" : "invalid",
                 s->ok ? "valid" : "invalid", s->reason);
    if (needle && !strstr(s->reason, needle))
        fail_msg("%s: reason \"%s\" does not mention \"%s\"", role, s->reason,
                 needle);
}

static xmlNodePtr find_el(xmlNodePtr n, const char *name)
{
    for (; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST name))
            return n;
        xmlNodePtr c = find_el(n->children, name);
        if (c)
            return c;
    }
    return NULL;
}

static xmlNodePtr first_child_el(xmlNodePtr n)
{
    for (n = n ? n->children : NULL; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            return n;
    return NULL;
}

/* A record signed by the verifier, the homeroom teacher and the principal
 * (ECDSA), saved and read back. */
static xmlDocPtr three_signed(void)
{
    xmlDocPtr doc = load_record();
    sign_ok(doc, HB_ROLE_NGUOI_XAC_MINH, NULL, K_XACMINH, T0);
    sign_ok(doc, HB_ROLE_GVCN, NULL, K_GVCN, T0 + 60);
    sign_ok(doc, HB_ROLE_CBQL, NULL, K_ECDSA, T0 + 120);
    return roundtrip(doc, "three.xml");
}

/* ---- tests ------------------------------------------------------------ */

static void roles_and_times(void **state)
{
    hb_role r;
    time_t t;
    char buf[40];

    (void)state;
    for (int i = 0; i < HB_ROLE_COUNT; i++) {
        assert_int_equal(sign_role_parse(sign_role_name((hb_role)i), &r), 0);
        assert_int_equal(r, i);
    }
    assert_int_not_equal(sign_role_parse("HIEU_TRUONG", &r), 0);
    assert_int_not_equal(sign_role_parse("cbql", &r), 0);
    assert_string_equal(sign_format_time(T0, buf, sizeof buf),
                        "2024-06-20T08:00:00Z");
    assert_int_equal(sign_parse_time("2024-06-20T08:00:00Z", &t), 0);
    assert_true(t == T0);
    assert_int_equal(sign_parse_time("2024-06-20T15:00:00+07:00", &t), 0);
    assert_true(t == T0);
    assert_int_equal(sign_parse_time("2024-06-20T08:00:00.250Z", &t), 0);
    assert_true(t == T0);
    assert_int_not_equal(sign_parse_time("2024-06-20T08:00:00", &t), 0);
    assert_int_not_equal(sign_parse_time("2024-13-20T08:00:00Z", &t), 0);
    assert_int_not_equal(sign_parse_time("2024-06-20 08:00:00Z", &t), 0);
    assert_int_not_equal(sign_parse_time("2024-06-20T08:00:00Zjunk", &t), 0);
}

/* Each signature added leaves the earlier ones valid. */
static void three_roles_each_verify(void **state)
{
    hb_verify_report rep;
    xmlDocPtr doc = load_record();

    (void)state;
    sign_ok(doc, HB_ROLE_NGUOI_XAC_MINH, NULL, K_XACMINH, T0);
    doc = roundtrip(doc, "one.xml");
    assert_int_equal(verify_dom(doc, F.root, &rep), 0);
    assert_int_equal(rep.n, 1);
    expect_sig(&rep, "NGUOI_XAC_MINH", 1, NULL);
    assert_string_equal(rep.sigs[0].signer, "Phạm Minh Đức");
    assert_string_equal(rep.sigs[0].time, "2024-06-20T08:00:00Z");
    verify_report_free(&rep);

    sign_ok(doc, HB_ROLE_GVCN, NULL, K_GVCN, T0 + 60);
    doc = roundtrip(doc, "two.xml");
    assert_int_equal(verify_dom(doc, F.root, &rep), 0);
    assert_int_equal(rep.n, 2);
    expect_sig(&rep, "NGUOI_XAC_MINH", 1, NULL);
    expect_sig(&rep, "GVCN", 1, NULL);
    assert_string_equal(result_of(&rep, "GVCN")->signer, "Nguyễn Thị Hoa");
    verify_report_free(&rep);

    sign_ok(doc, HB_ROLE_CBQL, NULL, K_ECDSA, T0 + 120);
    doc = roundtrip(doc, "three.xml");
    assert_int_equal(verify_dom(doc, F.root, &rep), 0);
    assert_int_equal(rep.n, 3);
    expect_sig(&rep, "NGUOI_XAC_MINH", 1, NULL);
    expect_sig(&rep, "GVCN", 1, NULL);
    expect_sig(&rep, "CBQL", 1, NULL);
    assert_string_equal(result_of(&rep, "CBQL")->signer, "Võ Thị Lan");
    assert_string_equal(result_of(&rep, "CBQL")->time, "2024-06-20T08:02:00Z");
    verify_report_free(&rep);
    xmlFreeDoc(doc);
}

/* What a signature looks like: algorithms, references, X509Data leaf
 * first then the chain, SigningTime inside the signed properties. */
static void signature_shape(void **state)
{
    xmlDocPtr doc = three_signed();
    xmlNodePtr gvcn = first_child_el(find_el(xmlDocGetRootElement(doc), "GVCN"));
    xmlNodePtr cbql = first_child_el(find_el(xmlDocGetRootElement(doc), "CBQL"));
    xmlNodePtr ref, cert;
    xmlChar *uri, *alg, *b64;
    char cn[256];
    int ncerts = 0;

    (void)state;
    assert_non_null(gvcn);
    assert_string_equal((const char *)gvcn->name, "Signature");
    alg = xmlGetProp(find_el(gvcn, "SignatureMethod"), BAD_CAST "Algorithm");
    assert_string_equal((char *)alg, "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
    xmlFree(alg);
    alg = xmlGetProp(find_el(cbql, "SignatureMethod"), BAD_CAST "Algorithm");
    assert_string_equal((char *)alg, "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256");
    xmlFree(alg);
    alg = xmlGetProp(find_el(gvcn, "CanonicalizationMethod"), BAD_CAST "Algorithm");
    assert_string_equal((char *)alg, "http://www.w3.org/2001/10/xml-exc-c14n#");
    xmlFree(alg);
    ref = find_el(gvcn, "Reference");
    uri = xmlGetProp(ref, BAD_CAST "URI");
    assert_string_equal((char *)uri, "#thongtinhocba");
    xmlFree(uri);
    alg = xmlGetProp(find_el(ref, "DigestMethod"), BAD_CAST "Algorithm");
    assert_string_equal((char *)alg, "http://www.w3.org/2001/04/xmlenc#sha256");
    xmlFree(alg);
    /* the second reference is the signature's own properties */
    for (ref = ref->next; ref && ref->type != XML_ELEMENT_NODE; ref = ref->next)
        ;
    uri = xmlGetProp(ref, BAD_CAST "URI");
    assert_string_equal((char *)uri, "#sig-gvcn-1-props");
    xmlFree(uri);
    b64 = xmlNodeGetContent(find_el(gvcn, "SigningTime"));
    assert_string_equal((char *)b64, "2024-06-20T08:01:00Z");
    xmlFree(b64);
    for (cert = find_el(gvcn, "X509Certificate"); cert; cert = cert->next) {
        if (cert->type != XML_ELEMENT_NODE)
            continue;
        b64 = xmlNodeGetContent(cert);
        xmlSecSize n = 0;
        assert_int_equal(xmlSecBase64DecodeInPlace(b64, &n), 0);
        const unsigned char *p = b64;
        X509 *x = d2i_X509(NULL, &p, (long)n);
        assert_non_null(x);
        keys_cert_cn(x, cn, sizeof cn);
        if (ncerts == 0)
            assert_string_equal(cn, "Nguyễn Thị Hoa");
        if (ncerts == 1)
            assert_string_equal(cn, "hocba Test Intermediate CA");
        X509_free(x);
        xmlFree(b64);
        ncerts++;
    }
    assert_int_equal(ncerts, 3);
    xmlFreeDoc(doc);
}

/* Subject teachers and the school's certificate, on a record built by
 * record_xml_build (no GVBM slots yet: signing adds GVBM ma="..."). */
static void gvbm_and_school_on_real_record(void **state)
{
    hb_record *r = record_sample_tt58();
    hb_verify_report rep;
    xmlDocPtr doc;
    hb_err e;
    char role[64];
    int n_gvbm = 0;

    (void)state;
    assert_non_null(r);
    doc = record_xml_build(r, 0, &e);
    record_free(r);
    if (!doc)
        fail_msg("%s", e.msg);
    /* the first two subjects of the record */
    xmlNodePtr bd = find_el(xmlDocGetRootElement(doc), "BANG_DIEM");
    xmlChar *ma[2] = { NULL, NULL };
    for (xmlNodePtr s = bd ? bd->children : NULL; s && n_gvbm < 2; s = s->next)
        if (s->type == XML_ELEMENT_NODE && xmlHasProp(s, BAD_CAST "ma"))
            ma[n_gvbm++] = xmlGetProp(s, BAD_CAST "ma");
    assert_int_equal(n_gvbm, 2);
    sign_ok(doc, HB_ROLE_GVBM, (char *)ma[0], K_GVBM, T0);
    sign_ok(doc, HB_ROLE_GVBM, (char *)ma[1], K_GVBM, T0);
    sign_ok(doc, HB_ROLE_GVCN, NULL, K_GVCN, T0);
    sign_ok(doc, HB_ROLE_CBQL, NULL, K_CBQL, T0);
    sign_ok(doc, HB_ROLE_KY_PHAT_HANH, NULL, K_SCHOOL, T0);
    doc = roundtrip(doc, "real.xml");
    assert_int_equal(record_xml_validate(doc, "real.xml", &e), 0);
    assert_int_equal(verify_dom(doc, F.root, &rep), 0);
    assert_int_equal(rep.n, 5);
    snprintf(role, sizeof role, "GVBM[%s]", (char *)ma[1]);
    expect_sig(&rep, role, 1, NULL);
    expect_sig(&rep, "KY_PHAT_HANH", 1, NULL);
    assert_string_equal(result_of(&rep, "KY_PHAT_HANH")->signer,
                        "TRƯỜNG THCS NGUYỄN DU");
    verify_report_free(&rep);

    /* signing a role again adds a second signature to the slot */
    sign_ok(doc, HB_ROLE_CBQL, NULL, K_ECDSA, T0 + 3600);
    doc = roundtrip(doc, "real2.xml");
    assert_int_equal(verify_dom(doc, F.root, &rep), 0);
    assert_int_equal(rep.n, 6);
    verify_report_free(&rep);
    xmlFree(ma[0]);
    xmlFree(ma[1]);
    xmlFreeDoc(doc);
}

/* Changes one character at a time, anywhere in what is signed (the data,
 * each SignedInfo, SignatureValue, leaf certificate, signed properties),
 * and expects every changed file to fail verification. */
static int b64val(int c)
{
    const char *a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *p = strchr(a, c);
    return c && p ? (int)(p - a) : -1;
}

static char mutate(char c, int in_base64)
{
    const char *a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if (in_base64) {
        /* flip the top bit of the 6: it always carries data, even in the
         * last character before '=' padding */
        return a[b64val(c) ^ 0x20];
    }
    if (isdigit((unsigned char)c))
        return c == '9' ? '0' : (char)(c + 1);
    return c == 'z' ? 'a' : c == 'Z' ? 'A' : (char)(c + 1);
}

struct region { const char *open, *close; int base64; int first_only; };

static void one_changed_character_fails(void **state)
{
    static const struct region regions[] = {
        { "<DU_LIEU_HOC_BA", "</DU_LIEU_HOC_BA>", 0, 1 },
        { "<ds:SignedInfo>", "</ds:SignedInfo>", 0, 0 },
        { "<ds:SignatureValue>", "</ds:SignatureValue>", 1, 0 },
        { "<ds:X509Data>", "</ds:X509Certificate>", 1, 2 },
        { "<ds:Object>", "</ds:Object>", 0, 0 },
    };
    xmlDocPtr doc = three_signed();
    char *text = dump(doc), path[400];
    size_t len = strlen(text), tried = 0, passed = 0, *pos, npos = 0;
    int *b64;
    hb_verify_report rep;
    hb_err e;

    (void)state;
    xmlFreeDoc(doc);
    pos = calloc(len, sizeof *pos);
    b64 = calloc(len, sizeof *b64);
    assert_non_null(pos);
    assert_non_null(b64);
    for (size_t r = 0; r < sizeof regions / sizeof regions[0]; r++) {
        const char *from = text;
        while ((from = strstr(from, regions[r].open)) != NULL) {
            const char *start, *end;
            if (regions[r].first_only == 2) {
                /* the first certificate of each X509Data, the leaf: a
                 * changed copy of a CA certificate may rightly be ignored
                 * in favour of the trusted one */
                start = strstr(from, "<ds:X509Certificate>");
                assert_non_null(start);
                start += strlen("<ds:X509Certificate>");
            } else {
                start = regions[r].base64 ? from + strlen(regions[r].open)
                                          : from + 1;
            }
            end = strstr(start, regions[r].close);
            assert_non_null(end);
            for (const char *p = start; p < end; p++) {
                if (regions[r].base64 ? b64val(*p) >= 0
                                      : isalnum((unsigned char)*p)) {
                    pos[npos] = (size_t)(p - text);
                    b64[npos++] = regions[r].base64;
                }
            }
            from = end;
            if (regions[r].first_only == 1)
                break;
        }
    }
    assert_true(npos > 1000);
    pki_path("mutated.xml", path, sizeof path);
    /* ~150 evenly spread changes, plus the whitespace case below */
    for (size_t i = 0; i < npos; i += npos / 150) {
        char old = text[pos[i]];
        text[pos[i]] = mutate(old, b64[i]);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fwrite(text, 1, len, f);
        fclose(f);
        text[pos[i]] = old;
        tried++;
        if (verify_file(path, F.root, &rep, &e) == 0) {
            passed++;
            fprintf(stderr, "# still valid after changing offset %zu "
                    "'%c': ...%.30s...\n", pos[i], old, text + pos[i] - 10);
        }
        verify_report_free(&rep);
    }
    /* whitespace between elements of the data is signed content too */
    {
        char *nl = strstr(strstr(text, "<THONG_TIN_HOC_BA"), "\n");
        *nl = ' ';
        FILE *f = fopen(path, "w");
        fwrite(text, 1, len, f);
        fclose(f);
        *nl = '\n';
        assert_int_equal(verify_file(path, F.root, &rep, &e), 1);
        expect_sig(&rep, "GVCN", 0, "changed after signing");
        verify_report_free(&rep);
    }
    /* the unchanged text still verifies (the sweep is not vacuous) */
    {
        FILE *f = fopen(path, "w");
        fwrite(text, 1, len, f);
        fclose(f);
        assert_int_equal(verify_file(path, F.root, &rep, &e), 0);
        verify_report_free(&rep);
    }
    assert_true(tried >= 150);
    assert_int_equal(passed, 0);
    free(pos);
    free(b64);
    free(text);
}

/* Signature wrapping: signed data moved aside and other data put where a
 * reader looks, or a signature moved to another role's slot. */
static void wrapping_fails(void **state)
{
    hb_verify_report rep;
    hb_err e;
    char path[400];
    xmlDocPtr doc;
    xmlNodePtr root, data, forged, obj, sig;

    (void)state;
    /* 1. forged data in place, the signed original (same Id) tucked into
     *    a ds:Object of the principal's signature: duplicate Id */
    doc = three_signed();
    root = xmlDocGetRootElement(doc);
    data = find_el(root, "DU_LIEU_HOC_BA");
    forged = xmlDocCopyNode(data, doc, 1);
    xmlNodeSetContent(find_el(forged, "HO_TEN"), BAD_CAST "Kẻ Mạo Danh");
    obj = find_el(find_el(root, "CBQL"), "Object");
    xmlReplaceNode(data, forged);
    xmlAddChild(obj, data);
    pki_path("wrap1.xml", path, sizeof path);
    assert_int_equal(sign_save_file(doc, path, &e), 0);
    xmlFreeDoc(doc);
    assert_int_equal(verify_file(path, F.root, &rep, &e), 1);
    assert_non_null(strstr(rep.problem, "\"data\""));
    verify_report_free(&rep);

    /* 2. the same without the duplicate: the forged copy has no Id, the
     *    original keeps Id="data" but is no longer HOC_BA/DU_LIEU_HOC_BA */
    doc = three_signed();
    root = xmlDocGetRootElement(doc);
    data = find_el(root, "DU_LIEU_HOC_BA");
    forged = xmlCopyNode(data, 1);
    xmlUnsetProp(forged, BAD_CAST "Id");
    xmlUnsetProp(find_el(forged, "THONG_TIN_HOC_BA"), BAD_CAST "Id");
    xmlUnsetProp(find_el(forged, "LY_LICH"), BAD_CAST "Id");
    xmlUnsetProp(find_el(forged, "TONG_KET_CA_NAM"), BAD_CAST "Id");
    for (xmlNodePtr m = find_el(forged, "DIEM_TONG_KET"); m; m = m->next)
        if (m->type == XML_ELEMENT_NODE)
            xmlUnsetProp(m, BAD_CAST "Id");
    obj = find_el(find_el(root, "CBQL"), "Object");
    xmlReplaceNode(data, forged);
    xmlAddChild(obj, data);
    assert_int_equal(verify_dom(doc, F.root, &rep), 1);
    expect_sig(&rep, "NGUOI_XAC_MINH", 0, "wrapping");
    expect_sig(&rep, "GVCN", 0, "wrapping");
    expect_sig(&rep, "CBQL", 0, "wrapping");
    verify_report_free(&rep);
    xmlFreeDoc(doc);

    /* 3. the teacher's signature (over #thongtinhocba) moved into the
     *    principal's slot: a CBQL signature must sign #data */
    doc = three_signed();
    root = xmlDocGetRootElement(doc);
    sig = first_child_el(find_el(root, "GVCN"));
    xmlUnlinkNode(sig);
    xmlAddChild(find_el(root, "CBQL"), sig);
    assert_int_equal(verify_dom(doc, F.root, &rep), 1);
    assert_int_equal(rep.n, 3);
    assert_false(rep.sigs[1].ok && rep.sigs[2].ok);
    assert_true(strstr(rep.sigs[1].reason, "a CBQL signature signs #data") ||
                strstr(rep.sigs[2].reason, "a CBQL signature signs #data"));
    verify_report_free(&rep);
    xmlFreeDoc(doc);

    /* 4. a signature outside any slot */
    doc = three_signed();
    root = xmlDocGetRootElement(doc);
    sig = first_child_el(find_el(root, "NGUOI_XAC_MINH"));
    xmlUnlinkNode(sig);
    xmlAddChild(root, sig);
    assert_int_equal(verify_dom(doc, F.root, &rep), 1);
    expect_sig(&rep, "HOC_BA", 0, "not in a signature slot");
    verify_report_free(&rep);
    xmlFreeDoc(doc);
}

/* A whole-document enveloped signature (URI=""), the kind that breaks
 * multi-signer documents, is refused even when cryptographically fine. */
static void whole_document_reference_refused(void **state)
{
    xmlDocPtr doc = load_record();
    xmlNodePtr slot = find_el(xmlDocGetRootElement(doc), "CBQL");
    xmlNodePtr sig, ref, x509;
    xmlSecDSigCtxPtr ctx;
    hb_verify_report rep;

    (void)state;
    sig = xmlSecTmplSignatureCreateNsPref(doc, xmlSecTransformExclC14NId,
                                          xmlSecTransformRsaSha256Id, NULL,
                                          BAD_CAST "ds");
    xmlAddChild(slot, sig);
    ref = xmlSecTmplSignatureAddReference(sig, xmlSecTransformSha256Id, NULL,
                                          BAD_CAST "", NULL);
    xmlSecTmplReferenceAddTransform(ref, xmlSecTransformEnvelopedId);
    xmlSecTmplReferenceAddTransform(ref, xmlSecTransformExclC14NId);
    x509 = xmlSecTmplKeyInfoAddX509Data(xmlSecTmplSignatureEnsureKeyInfo(sig, NULL));
    xmlSecTmplX509DataAddCertificate(x509);
    ctx = xmlSecDSigCtxCreate(NULL);
    ctx->signKey = xmlSecKeyDuplicate(keys_xmlsec_key(F.key[K_CBQL]));
    assert_int_equal(xmlSecDSigCtxSign(ctx, sig), 0);
    xmlSecDSigCtxDestroy(ctx);
    assert_int_equal(verify_dom(doc, F.root, &rep), 1);
    expect_sig(&rep, "CBQL", 0, "whole document");
    verify_report_free(&rep);
    xmlFreeDoc(doc);
}

/* Certificates are judged at the signing time: refused when signing with
 * one that is not valid then; a signature made while it was valid stays
 * valid after it expires; one dated outside its validity fails. */
static void certificate_validity(void **state)
{
    hb_verify_report rep;
    xmlDocPtr doc = load_record();
    xmlNodePtr sig;
    hb_err e;

    (void)state;
    sign_refused(doc, HB_ROLE_GVCN, NULL, K_EXPIRED, time(NULL), "expired");
    sign_refused(doc, HB_ROLE_GVCN, NULL, K_NOTYET, time(NULL), "not yet valid");
    sign_refused(doc, HB_ROLE_GVCN, NULL, K_EXPIRED, T0, "expired");

    /* signed on 2020-06-01, while the certificate was valid */
    sign_ok(doc, HB_ROLE_GVCN, NULL, K_EXPIRED, (time_t)1590969600);
    doc = roundtrip(doc, "old.xml");
    assert_int_equal(verify_dom(doc, F.root, &rep), 0);
    verify_report_free(&rep);
    xmlFreeDoc(doc);

    /* another signer's tool dated it 2024: expired then (the refusal
     * above is bypassed by building the signature by hand) */
    doc = load_record();
    assert_int_equal(sign_register_ids(doc, &e), 0);
    sig = sign_add_template(doc, HB_ROLE_GVCN, NULL,
                            keys_alg(F.key[K_EXPIRED]), T0, &e);
    assert_non_null(sig);
    assert_int_equal(sign_template_fill(sig, F.key[K_EXPIRED], &e), 0);
    sig = sign_add_template(doc, HB_ROLE_CBQL, NULL,
                            keys_alg(F.key[K_NOTYET]), T0, &e);
    assert_non_null(sig);
    assert_int_equal(sign_template_fill(sig, F.key[K_NOTYET], &e), 0);
    doc = roundtrip(doc, "bad-times.xml");
    assert_int_equal(verify_dom(doc, F.root, &rep), 1);
    expect_sig(&rep, "GVCN", 0, "certificate expired at 2024-06-20 08:00:00Z");
    expect_sig(&rep, "CBQL", 0, "not yet valid at 2024-06-20");
    verify_report_free(&rep);
    xmlFreeDoc(doc);

    /* a signing time in the future is refused by the verifier */
    doc = load_record();
    sign_ok(doc, HB_ROLE_GVCN, NULL, K_GVCN, time(NULL) + 30 * 86400);
    assert_int_equal(verify_dom(doc, F.root, &rep), 1);
    expect_sig(&rep, "GVCN", 0, "in the future");
    verify_report_free(&rep);
    xmlFreeDoc(doc);
}

static void trust_store(void **state)
{
    hb_verify_report rep;
    xmlDocPtr doc = three_signed();

    (void)state;
    assert_int_equal(verify_dom(doc, F.other, &rep), 1);
    expect_sig(&rep, "GVCN", 0, "untrusted");
    expect_sig(&rep, "GVCN", 0, "hocba Test Root CA");
    expect_sig(&rep, "GVCN", 0, "data itself is intact");
    expect_sig(&rep, "CBQL", 0, "untrusted");
    verify_report_free(&rep);
    assert_int_equal(verify_dom(doc, F.none, &rep), 1);
    expect_sig(&rep, "NGUOI_XAC_MINH", 0, "no trusted CA given");
    verify_report_free(&rep);
    xmlFreeDoc(doc);

    /* a stranger's certificate: untrusted under our root, fine when its
     * own root is trusted too */
    doc = load_record();
    sign_ok(doc, HB_ROLE_GVCN, NULL, K_STRANGER, T0);
    doc = roundtrip(doc, "stranger.xml");
    assert_int_equal(verify_dom(doc, F.root, &rep), 1);
    expect_sig(&rep, "GVCN", 0, "Unrelated Root CA");
    verify_report_free(&rep);
    assert_int_equal(verify_dom(doc, F.both, &rep), 0);
    verify_report_free(&rep);
    xmlFreeDoc(doc);

    /* xmlsec's X509 store always adds OpenSSL's default roots (the
     * system's web CAs).  Make our test root one of them: xmlsec then
     * accepts the chain, and hocba's own check against --trust alone must
     * still refuse it (no "intact" remark: xmlsec did not object). */
    {
        char rootpem[300];
        hb_trust *t;
        setenv("SSL_CERT_FILE", pki_path("root.pem", rootpem, sizeof rootpem), 1);
        t = trust_of("other-root.pem", NULL);
        unsetenv("SSL_CERT_FILE");
        assert_non_null(t);
        doc = three_signed();
        assert_int_equal(verify_dom(doc, t, &rep), 1);
        expect_sig(&rep, "GVCN", 0, "untrusted: the certificate's chain ends at");
        assert_null(strstr(result_of(&rep, "GVCN")->reason, "intact"));
        verify_report_free(&rep);
        xmlFreeDoc(doc);
        verify_trust_free(t);
    }
}

static void signing_refusals(void **state)
{
    xmlDocPtr doc = load_record();
    xmlNodePtr sig;
    hb_verify_report rep;
    hb_err e;

    (void)state;
    sign_refused(doc, HB_ROLE_KY_PHAT_HANH, NULL, K_NOMST, T0, "MST:");
    sign_refused(doc, HB_ROLE_GVBM, "LICH_SU", K_GVBM, T0, "LICH_SU");
    sign_refused(doc, HB_ROLE_GVBM, NULL, K_GVBM, T0, "--subject");
    /* a record without the slot */
    xmlNodePtr slot = find_el(xmlDocGetRootElement(doc), "KY_PHAT_HANH");
    xmlUnlinkNode(slot);
    sign_refused(doc, HB_ROLE_KY_PHAT_HANH, NULL, K_SCHOOL, T0,
                 "no KY_PHAT_HANH signature slot");
    xmlAddChild(find_el(xmlDocGetRootElement(doc), "PHAT_HANH_HOC_BA"), slot);
    /* a draft, still annotated for review */
    xmlNodePtr leaf = find_el(xmlDocGetRootElement(doc), "CA_NAM");
    xmlSetProp(leaf, BAD_CAST "review", BAD_CAST "1");
    sign_refused(doc, HB_ROLE_CBQL, NULL, K_CBQL, T0, "draft");
    xmlUnsetProp(leaf, BAD_CAST "review");
    /* not a record at all */
    xmlNodeSetName(xmlDocGetRootElement(doc), BAD_CAST "HOA_DON");
    sign_refused(doc, HB_ROLE_CBQL, NULL, K_CBQL, T0, "not a học bạ record");
    xmlNodeSetName(xmlDocGetRootElement(doc), BAD_CAST "HOC_BA");

    /* the verifier holds KY_PHAT_HANH to the MST: rule too */
    assert_int_equal(sign_register_ids(doc, &e), 0);
    sig = sign_add_template(doc, HB_ROLE_KY_PHAT_HANH, NULL,
                            keys_alg(F.key[K_NOMST]), T0, &e);
    assert_non_null(sig);
    assert_int_equal(sign_template_fill(sig, F.key[K_NOMST], &e), 0);
    assert_int_equal(verify_dom(doc, F.root, &rep), 1);
    expect_sig(&rep, "KY_PHAT_HANH", 0, "MST:");
    verify_report_free(&rep);
    xmlFreeDoc(doc);
}

static void key_loading(void **state)
{
    char p[300], bad[300];
    hb_key *k;
    hb_err e;
    FILE *f;
    xmlDocPtr doc;
    hb_verify_report rep;

    (void)state;
    /* the legacy-encrypted file loaded (group setup) and signs */
    doc = load_record();
    sign_ok(doc, HB_ROLE_GVCN, NULL, K_LEGACY, T0);
    assert_int_equal(verify_dom(doc, F.root, &rep), 0);
    verify_report_free(&rep);
    xmlFreeDoc(doc);
    assert_int_equal(keys_alg(F.key[K_ECDSA]), HB_KEY_EC);
    assert_int_equal(keys_alg(F.key[K_GVCN]), HB_KEY_RSA);
    assert_false(keys_is_external(F.key[K_GVCN]));

    pki_path("wrong-pass.txt", bad, sizeof bad);
    f = fopen(bad, "w");
    assert_non_null(f);
    fputs("not-the-passphrase\n", f);
    fclose(f);
    k = keys_load(pki_path("gvcn.p12", p, sizeof p), bad, &e);
    assert_null(k);
    assert_non_null(strstr(e.msg, "wrong passphrase"));
    k = keys_load(F.record, F.pass, &e);
    assert_null(k);
    assert_non_null(strstr(e.msg, "not a PKCS#12"));
    k = keys_load(pki_path("nonexistent.p12", p, sizeof p), F.pass, &e);
    assert_null(k);
    assert_non_null(strstr(e.msg, "nonexistent.p12"));

    /* PKCS#11 URIs: refused before any module is loaded */
    k = keys_load("pkcs11:token=t;object=k?pin-value=1234", NULL, &e);
    assert_null(k);
    assert_non_null(strstr(e.msg, "PIN"));
    k = keys_load("pkcs11:token=t;slot-id=1", NULL, &e);
    assert_null(k);
    assert_non_null(strstr(e.msg, "slot-id"));
    k = keys_load("pkcs11:token=t%zz", NULL, &e);
    assert_null(k);
    assert_non_null(strstr(e.msg, "escape"));
    k = keys_load("pkcs11:token=t;type=cert", NULL, &e);
    assert_null(k);
    assert_non_null(strstr(e.msg, "private key"));
    k = keys_load("pkcs11:token=t?module-path=/nonexistent/module.so", F.pass, &e);
    assert_null(k);
    assert_non_null(strstr(e.msg, "cannot load the PKCS#11 module"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(roles_and_times),
        cmocka_unit_test(three_roles_each_verify),
        cmocka_unit_test(signature_shape),
        cmocka_unit_test(gvbm_and_school_on_real_record),
        cmocka_unit_test(one_changed_character_fails),
        cmocka_unit_test(wrapping_fails),
        cmocka_unit_test(whole_document_reference_refused),
        cmocka_unit_test(certificate_validity),
        cmocka_unit_test(trust_store),
        cmocka_unit_test(signing_refusals),
        cmocka_unit_test(key_loading),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
