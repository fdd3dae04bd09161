/*
 * test_export.c - issuing (issue.c, sign_ws.c), revocation and replacement
 * (revoke.c), the export for the Ministry (export.c) and the sync deadline
 * report (deadline.c).
 *
 * Records are record_sample_tt58() stored in a fresh workspace, approved,
 * then signed for real with the keys of tests/pki.sh (made once per run,
 * about 1.5 s) as NGUOI_XAC_MINH and CBQL, the roles a workspace requires
 * by default; signing uses a fixed time (2024-06-20).  Issued files are
 * checked against what the workspace stores and verified with verify.h.
 *
 * Cost: about 4 s in the normal build (PKI, a dozen PDF renderings).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "datadir.h"
#include "deadline.h"
#include "export.h"
#include "files.h"
#include "issue.h"
#include "keys.h"
#include "pagestore.h"
#include "record_sample.h"
#include "record_xml.h"
#include "revoke.h"
#include "sign_ws.h"
#include "verify.h"
#include "workspace.h"
#include "xmlsec_init.h"

#define T0 ((time_t)1718870400) /* 2024-06-20T08:00:00Z */

static struct {
    char dir[256];
    hb_key *xacminh, *cbql;
    hb_trust *root;
    int serial;
} F;

static int group_setup(void **state)
{
    (void)state;
    char script[4096], cmd[8192], p[512], pass[512];
    hb_err e;
    snprintf(F.dir, sizeof F.dir, "%s/hocba-test-export-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(F.dir) || !datadir_path("tests/pki.sh", script, sizeof script))
        return -1;
    snprintf(cmd, sizeof cmd, "sh '%s' '%s/pki' >/dev/null 2>&1", script,
             F.dir);
    if (system(cmd) != 0)
        return -1;
    if (xmlsec_init_libs(&e) != 0)
        return -1;
    snprintf(pass, sizeof pass, "%s/pki/pass.txt", F.dir);
    snprintf(p, sizeof p, "%s/pki/xacminh.p12", F.dir);
    F.xacminh = keys_load(p, pass, &e);
    snprintf(p, sizeof p, "%s/pki/cbql.p12", F.dir);
    F.cbql = keys_load(p, pass, &e);
    snprintf(p, sizeof p, "%s/pki/root.pem", F.dir);
    const char *files[1] = { p };
    F.root = verify_trust_load(files, 1, &e);
    return F.xacminh && F.cbql && F.root ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    keys_free(F.xacminh);
    keys_free(F.cbql);
    verify_trust_free(F.root);
    xmlsec_init_shutdown();
    hb_err e;
    return files_remove_tree(F.dir, &e);
}

/* ---- helpers ------------------------------------------------------------ */

static hb_ws *fresh_ws(char *dir, size_t size)
{
    hb_err e;
    hb_wsconfig c;
    snprintf(dir, size, "%s/ws%d", F.dir, ++F.serial);
    assert_int_equal(wsconfig_init(&c, &e), 0);
    assert_int_equal(wsconfig_set(&c, "school_code", "27001234", "t", &e), 0);
    assert_int_equal(wsconfig_set(&c, "school_name", "Trường THCS Nguyễn Du",
                                  "t", &e), 0);
    if (ws_create(dir, &c, &e))
        fail_msg("ws_create: %s", e.msg);
    wsconfig_free(&c);
    hb_ws *w = ws_open(dir, &e);
    if (!w)
        fail_msg("ws_open: %s", e.msg);
    return w;
}

/* A new approved record of `year` (NULL: the sample's 2019-2020) whose
 * LEN_LOP is `len_lop` (NULL: the sample's); its id goes to id[37]. */
static void put_record(hb_ws *w, const char *year, const char *len_lop,
                       hb_rstate state, char id[64])
{
    hb_err e;
    hb_record *r = record_sample_tt58();
    assert_non_null(r);
    free(r->ma_ho_so);
    r->ma_ho_so = NULL; /* a new student-year record */
    if (year)
        assert_int_equal(record_field_set(&r->year.nam_hoc, year), 0);
    if (len_lop)
        assert_int_equal(record_field_set(&r->year.len_lop, len_lop), 0);
    if (ws_record_put(w, 0, r, state, &e))
        fail_msg("ws_record_put: %s", e.msg);
    snprintf(id, 64, "%s", r->ma_ho_so);
    record_free(r);
}

static void sign_as(hb_ws *w, const char *id, int version, hb_role role,
                    int *issued)
{
    hb_err e;
    const hb_key *k = role == HB_ROLE_CBQL ? F.cbql : F.xacminh;
    if (ws_sign_record(w, id, version, role, NULL, k, T0, issued, &e))
        fail_msg("signing %s as %s: %s", id, sign_role_name(role), e.msg);
}

/* An issued record: put, approved, signed by both default roles. */
static void issued_record(hb_ws *w, const char *year, char id[64])
{
    int issued = 0;
    put_record(w, year, NULL, HB_RS_APPROVED, id);
    sign_as(w, id, 1, HB_ROLE_NGUOI_XAC_MINH, &issued);
    assert_int_equal(issued, 0);
    sign_as(w, id, 1, HB_ROLE_CBQL, &issued);
    assert_int_equal(issued, 1);
}

static hb_rstate state_of(hb_ws *w, const char *id, int version)
{
    hb_ws_record m;
    hb_err e;
    if (ws_record_get(w, id, version, &m, NULL, NULL, &e))
        fail_msg("%s", e.msg);
    hb_rstate s = m.state;
    ws_record_clear(&m);
    return s;
}

static char *stored_xml(hb_ws *w, const char *id, int version)
{
    char *xml = NULL;
    hb_err e;
    if (ws_record_get(w, id, version, NULL, NULL, &xml, &e))
        fail_msg("%s", e.msg);
    return xml;
}

static char *read_all(const char *path, size_t *len)
{
    hb_err e;
    char *s = files_read(path, 64u << 20, len, &e);
    if (!s)
        fail_msg("%s", e.msg);
    return s;
}

static int audit_has(hb_ws *w, const char *id, int version, const char *action)
{
    hb_ws_audit *a;
    size_t n;
    hb_err e;
    assert_int_equal(ws_audit_list(w, id, version, &a, &n, &e), 0);
    int found = 0;
    for (size_t i = 0; i < n; i++)
        found += strcmp(a[i].action, action) == 0;
    ws_audit_free(a, n);
    return found;
}

/* "name sha\n" for every file of dir: a snapshot to compare runs. */
static char *snapshot(const char *dir)
{
    char **files;
    size_t n;
    hb_err e;
    assert_int_equal(files_walk(dir, &files, &n, &e), 0);
    size_t cap = 128 * (n + 1), len = 0;
    char *out = calloc(1, cap);
    for (size_t i = 0; i < n; i++) {
        char p[4096], sha[65];
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        assert_int_equal(pagestore_sha256_file(p, sha, &e), 0);
        len += (size_t)snprintf(out + len, cap - len, "%s %s\n", files[i], sha);
    }
    files_list_free(files, n);
    return out;
}

/* ---- issuing ------------------------------------------------------------ */

static void issue_waits_for_every_required_role(void **state)
{
    (void)state;
    char dir[512], id[64], path[1024];
    hb_err e;
    hb_ws *w = fresh_ws(dir, sizeof dir);
    put_record(w, NULL, NULL, HB_RS_APPROVED, id);

    /* a draft or approved record is not issued */
    assert_int_not_equal(issue_record(w, id, 1, "clerk", &e), 0);
    assert_non_null(strstr(e.msg, "only a signed record"));

    int issued = -1;
    sign_as(w, id, 1, HB_ROLE_NGUOI_XAC_MINH, &issued);
    assert_int_equal(issued, 0);
    assert_int_equal(state_of(w, id, 1), HB_RS_SIGNED);
    assert_int_not_equal(issue_record(w, id, 1, "clerk", &e), 0);
    assert_non_null(strstr(e.msg, "CBQL")); /* names who has not signed */
    snprintf(path, sizeof path, "%s/outbox/2019-2020/%s-v1.xml", dir, id);
    assert_false(files_exists(path));

    /* the same role twice is refused; the principal completes it */
    assert_int_not_equal(ws_sign_record(w, id, 1, HB_ROLE_NGUOI_XAC_MINH, NULL,
                                        F.xacminh, T0, NULL, &e), 0);
    assert_non_null(strstr(e.msg, "already signed"));
    sign_as(w, id, 1, HB_ROLE_CBQL, &issued);
    assert_int_equal(issued, 1);
    assert_int_equal(state_of(w, id, 1), HB_RS_ISSUED);

    /* the outbox holds the stored bytes, and they verify */
    size_t len;
    char *file = read_all(path, &len);
    char *xml = stored_xml(w, id, 1);
    assert_int_equal(len, strlen(xml));
    assert_memory_equal(file, xml, len);
    hb_verify_report rep;
    assert_int_equal(verify_file(path, F.root, &rep, &e), 0);
    assert_int_equal(rep.n, 2);
    verify_report_free(&rep);
    snprintf(path, sizeof path, "%s/outbox/2019-2020/%s-v1.pdf", dir, id);
    char *pdf = read_all(path, &len);
    assert_true(len > 1000 && memcmp(pdf, "%PDF-", 5) == 0);
    free(pdf);
    assert_int_equal(audit_has(w, id, 1, "sign"), 2);
    assert_int_equal(audit_has(w, id, 1, "issue"), 1);

    /* issuing again changes nothing; other bytes under the name are never
     * overwritten */
    assert_int_equal(issue_record(w, id, 1, "clerk", &e), 0);
    assert_int_equal(audit_has(w, id, 1, "issue"), 1);
    snprintf(path, sizeof path, "%s/outbox/2019-2020/%s-v1.xml", dir, id);
    file[strlen(xml) / 2] ^= 1;
    assert_int_equal(files_write_atomic(path, file, strlen(xml), &e), 0);
    assert_int_not_equal(issue_record(w, id, 1, "clerk", &e), 0);
    assert_non_null(strstr(e.msg, "never overwritten"));
    free(file);
    free(xml);
    ws_close(w);
}

/* A workspace that requires the school certificate too: two signatures are
 * not enough; issue_ready issues what is complete and leaves the rest. */
static void issue_follows_the_workspace_roles(void **state)
{
    (void)state;
    char dir[512], a[64], b[64];
    hb_err e;
    hb_ws *w = fresh_ws(dir, sizeof dir);
    put_record(w, NULL, NULL, HB_RS_APPROVED, a);
    put_record(w, NULL, NULL, HB_RS_APPROVED, b);
    int issued = -1, ns = 0;
    assert_int_equal(ws_sign_approved(w, HB_ROLE_NGUOI_XAC_MINH, NULL,
                                      F.xacminh, T0, &ns, &issued, &e), 0);
    assert_int_equal(ns, 2);
    assert_int_equal(issued, 0);
    /* the verifier again: nothing left to sign for that role */
    assert_int_equal(ws_sign_approved(w, HB_ROLE_NGUOI_XAC_MINH, NULL,
                                      F.xacminh, T0, &ns, &issued, &e), 0);
    assert_int_equal(ns, 0);
    sign_as(w, a, 1, HB_ROLE_CBQL, &issued);
    assert_int_equal(issued, 1);

    /* the required roles as configured: KY_PHAT_HANH added by school_cert */
    hb_wsconfig c;
    const char *roles[8];
    assert_int_equal(wsconfig_init(&c, &e), 0);
    assert_int_equal(issue_required_roles(&c, roles, 8), 2);
    assert_int_equal(wsconfig_set(&c, "school_cert", "school.p12", "t", &e), 0);
    assert_int_equal(issue_required_roles(&c, roles, 8), 3);
    assert_string_equal(roles[2], "KY_PHAT_HANH");
    wsconfig_free(&c);

    char *xml = stored_xml(w, b, 1);
    xmlDocPtr doc = record_xml_parse_mem(xml, strlen(xml), "b", &e);
    assert_non_null(doc);
    assert_true(issue_role_signed(doc, "NGUOI_XAC_MINH"));
    assert_false(issue_role_signed(doc, "CBQL"));
    assert_false(issue_role_signed(doc, "GVBM")); /* no subject signed */
    xmlFreeDoc(doc);
    free(xml);
    assert_int_equal(issue_ready(w, "clerk", &issued, &e), 0);
    assert_int_equal(issued, 0);
    assert_int_equal(state_of(w, b, 1), HB_RS_SIGNED);
    ws_close(w);
}

/* ---- revocation --------------------------------------------------------- */

static void revoke_makes_a_replacing_version(void **state)
{
    (void)state;
    char dir[512], id[64], path[1024], digest[65];
    hb_err e;
    hb_ws *w = fresh_ws(dir, sizeof dir);
    issued_record(w, NULL, id);
    snprintf(path, sizeof path, "%s/outbox/2019-2020/%s-v1.xml", dir, id);
    assert_int_equal(pagestore_sha256_file(path, digest, &e), 0);

    assert_int_not_equal(revoke_record(w, id, 0, "  ", "Hiệu trưởng", NULL,
                                       &e), 0);
    assert_non_null(strstr(e.msg, "reason"));
    assert_int_not_equal(revoke_record(w, id, 0, "Sai điểm", "", NULL, &e), 0);
    assert_int_equal(state_of(w, id, 1), HB_RS_ISSUED);

    int v = 0;
    if (revoke_record(w, id, 0, "Sai điểm Toán", "Nguyễn Thị Hiệu Trưởng", &v,
                      &e))
        fail_msg("%s", e.msg);
    assert_int_equal(v, 2);
    assert_int_equal(state_of(w, id, 1), HB_RS_REVOKED);
    assert_int_equal(state_of(w, id, 2), HB_RS_DRAFT);
    assert_true(files_exists(path)); /* the issued file stays */

    hb_ws_revocation rv;
    assert_int_equal(ws_revocation_get(w, id, 1, &rv, &e), 1);
    assert_string_equal(rv.sha256, digest);
    assert_string_equal(rv.reason, "Sai điểm Toán");
    assert_string_equal(rv.by, "Nguyễn Thị Hiệu Trưởng");
    assert_int_equal(rv.replaced_by, 2);
    ws_revocation_clear(&rv);
    assert_int_equal(audit_has(w, id, 1, "revoke"), 1);

    /* the new version: same values, THAY_THE = the digest of the old file */
    hb_ws_record m;
    hb_record *r1 = NULL, *r2 = NULL;
    assert_int_equal(ws_record_get(w, id, 1, NULL, &r1, NULL, &e), 0);
    assert_int_equal(ws_record_get(w, id, 2, &m, &r2, NULL, &e), 0);
    assert_string_equal(r2->thay_the, digest);
    assert_string_equal(m.replaces, digest);
    assert_int_equal(r2->phien_ban, 2);
    assert_string_equal(r2->ma_ho_so, id);
    assert_string_equal(r2->student.ho_ten.value, r1->student.ho_ten.value);
    assert_string_equal(record_find_subject(r2, "TOAN")->cn.value,
                        record_find_subject(r1, "TOAN")->cn.value);
    ws_record_clear(&m);

    /* nothing signed is edited; revoked is final; one revocation */
    assert_int_not_equal(ws_record_put(w, 0, r1, HB_RS_DRAFT, &e), 0);
    assert_int_not_equal(revoke_record(w, id, 1, "again", "x", NULL, &e), 0);
    assert_int_not_equal(revoke_record(w, id, 0, "draft", "x", NULL, &e), 0);
    assert_non_null(strstr(e.msg, "draft"));
    record_free(r1);
    record_free(r2);

    /* the replacement goes through approval and signing again */
    assert_int_equal(ws_record_set_state(w, id, 2, HB_RS_APPROVED, &e), 0);
    int issued = 0;
    sign_as(w, id, 2, HB_ROLE_NGUOI_XAC_MINH, &issued);
    sign_as(w, id, 2, HB_ROLE_CBQL, &issued);
    assert_int_equal(issued, 1);
    char *xml = stored_xml(w, id, 2);
    char want[128];
    snprintf(want, sizeof want, "<THAY_THE>%s</THAY_THE>", digest);
    assert_non_null(strstr(xml, want));
    free(xml);
    ws_close(w);
}

/* ---- export ------------------------------------------------------------- */

static void export_is_valid_complete_and_idempotent(void **state)
{
    (void)state;
    char dir[512], out[600], a[64], b[64], c[64], d[64], path[1024];
    hb_err e;
    hb_export_report rep;
    hb_ws *w = fresh_ws(dir, sizeof dir);
    issued_record(w, NULL, a);
    issued_record(w, NULL, b);
    issued_record(w, "2020-2021", c);           /* another year */
    put_record(w, NULL, NULL, HB_RS_APPROVED, d); /* not issued */
    int v;
    assert_int_equal(revoke_record(w, b, 0, "Sai tên", "Hiệu trưởng", &v, &e),
                     0);
    snprintf(out, sizeof out, "%s/export", dir);

    if (export_year(w, "2019-2020", out, NULL, &rep, &e))
        fail_msg("%s", e.msg);
    assert_int_equal(rep.issued, 1);
    assert_int_equal(rep.revoked, 1);
    assert_int_equal(rep.written, 5); /* 2 x (XML + PDF) + manifest */
    char *first = snapshot(out);
    /* exactly these files */
    char want[1024];
    snprintf(want, sizeof want, "%s-v1.pdf", a);
    assert_non_null(strstr(first, want));
    snprintf(want, sizeof want, "%s-v1.xml", b);
    assert_non_null(strstr(first, want));
    assert_null(strstr(first, c));
    assert_null(strstr(first, d));

    /* the manifest says what it should */
    size_t len;
    snprintf(path, sizeof path, "%s/manifest.xml", out);
    char *mf = read_all(path, &len);
    assert_non_null(strstr(mf, "<MA_TRUONG>27001234</MA_TRUONG>"));
    assert_non_null(strstr(mf, "<NAM_HOC>2019-2020</NAM_HOC>"));
    assert_non_null(strstr(mf, "<SO_LUONG>2</SO_LUONG>"));
    assert_non_null(strstr(mf, "<THAY_THE_BOI>2</THAY_THE_BOI>"));
    assert_non_null(strstr(mf, "<LY_DO_THU_HOI>Sai tên</LY_DO_THU_HOI>"));
    char sha[65];
    snprintf(path, sizeof path, "%s/outbox/2019-2020/%s-v1.xml", dir, a);
    assert_int_equal(pagestore_sha256_file(path, sha, &e), 0);
    assert_non_null(strstr(mf, sha));
    free(mf);

    /* again: byte-identical, nothing written */
    assert_int_equal(export_year(w, "2019-2020", out, NULL, &rep, &e), 0);
    assert_int_equal(rep.written, 0);
    assert_int_equal(rep.unchanged, 5);
    char *second = snapshot(out);
    assert_string_equal(first, second);
    free(second);

    /* a stale file of ours is removed, another file is reported, kept */
    snprintf(path, sizeof path, "%s/0badc0de-v3.xml", out);
    assert_int_equal(files_write_atomic(path, "<x/>", 4, &e), 0);
    snprintf(path, sizeof path, "%s/ghi-chu.txt", out);
    assert_int_equal(files_write_atomic(path, "note", 4, &e), 0);
    assert_int_not_equal(export_check_dir(out, NULL, NULL, &e), 0);
    assert_non_null(strstr(e.msg, "0badc0de-v3.xml"));
    FILE *log = tmpfile();
    assert_int_equal(export_year(w, "2019-2020", out, log, &rep, &e), 0);
    fclose(log);
    assert_int_equal(rep.removed, 1);
    assert_int_equal(rep.unknown, 1);
    snprintf(path, sizeof path, "%s/0badc0de-v3.xml", out);
    assert_false(files_exists(path));
    unlink(path);
    snprintf(path, sizeof path, "%s/ghi-chu.txt", out);
    assert_true(files_exists(path));
    unlink(path);
    second = snapshot(out);
    assert_string_equal(first, second);
    free(second);

    /* the replacement, once issued, joins the export */
    assert_int_equal(ws_record_set_state(w, b, 2, HB_RS_APPROVED, &e), 0);
    int issued = 0;
    sign_as(w, b, 2, HB_ROLE_NGUOI_XAC_MINH, &issued);
    sign_as(w, b, 2, HB_ROLE_CBQL, &issued);
    assert_int_equal(export_year(w, "2019-2020", out, NULL, &rep, &e), 0);
    assert_int_equal(rep.issued, 2);
    assert_int_equal(rep.written, 3); /* its XML, PDF, the manifest */

    /* another year into the same directory is refused, untouched */
    second = snapshot(out);
    assert_int_not_equal(export_year(w, "2020-2021", out, NULL, &rep, &e), 0);
    assert_non_null(strstr(e.msg, "another export"));
    char *third = snapshot(out);
    assert_string_equal(second, third);
    free(third);
    free(second);

    /* one changed byte in an exported record fails the check */
    snprintf(path, sizeof path, "%s/%s-v1.xml", out, a);
    char *x = read_all(path, &len);
    char *at = strstr(x, "<HO_TEN>");
    assert_non_null(at);
    at[9] ^= 0x01;
    assert_int_equal(files_write_atomic(path, x, len, &e), 0);
    free(x);
    assert_int_not_equal(export_check_dir(out, NULL, NULL, &e), 0);
    assert_non_null(strstr(e.msg, "SHA-256"));
    /* ...and exporting again repairs it from the outbox */
    assert_int_equal(export_year(w, "2019-2020", out, NULL, &rep, &e), 0);
    assert_int_equal(rep.written, 1);
    assert_int_equal(export_check_dir(out, NULL, NULL, &e), 0);

    /* a year without issued records gives a valid, empty export */
    snprintf(out, sizeof out, "%s/export-empty", dir);
    assert_int_equal(export_year(w, "2018-2019", out, NULL, &rep, &e), 0);
    assert_int_equal(rep.issued + rep.revoked, 0);
    assert_int_not_equal(export_year(w, "2019-2021", out, NULL, &rep, &e), 0);
    free(first);
    ws_close(w);
}

static void export_needs_school_code(void **state)
{
    (void)state;
    char dir[512], out[600];
    hb_err e;
    snprintf(dir, sizeof dir, "%s/ws-noschool", F.dir);
    assert_int_equal(ws_create(dir, NULL, &e), 0);
    hb_ws *w = ws_open(dir, &e);
    assert_non_null(w);
    snprintf(out, sizeof out, "%s/out", dir);
    assert_int_not_equal(export_year(w, "2019-2020", out, NULL, NULL, &e), 0);
    assert_non_null(strstr(e.msg, "school_code"));
    ws_close(w);
}

/* ---- deadlines ---------------------------------------------------------- */

static void deadline_words_and_dates(void **state)
{
    (void)state;
    assert_int_equal(deadline_kind_of("Được lên lớp"), HB_DL_COMPLETED);
    assert_int_equal(deadline_kind_of("Hoàn thành chương trình lớp 3"),
                     HB_DL_COMPLETED);
    assert_int_equal(deadline_kind_of("Hoàn thành chương trình THCS"),
                     HB_DL_COMPLETED);
    assert_int_equal(deadline_kind_of("Chưa hoàn thành chương trình lớp 2"),
                     HB_DL_REST);
    assert_int_equal(deadline_kind_of("Ở lại lớp"), HB_DL_REST);
    assert_int_equal(deadline_kind_of("Kiểm tra lại trong hè"), HB_DL_REST);
    assert_int_equal(deadline_kind_of("RÈN LUYỆN TRONG HÈ"), HB_DL_REST);
    assert_int_equal(deadline_kind_of(""), HB_DL_COMPLETED);
    assert_int_equal(deadline_kind_of(NULL), HB_DL_COMPLETED);
    long a, b;
    assert_int_equal(deadline_parse_date("1970-01-01", &a), 0);
    assert_int_equal(a, 0);
    assert_int_equal(deadline_parse_date("2024-02-29", &a), 0);
    assert_int_equal(deadline_parse_date("2024-03-01", &b), 0);
    assert_int_equal(b - a, 1);
    assert_int_equal(deadline_parse_date("2000-01-01", &a), 0);
    assert_int_equal(a, 10957);
    assert_int_not_equal(deadline_parse_date("2023-02-29", &a), 0);
    assert_int_not_equal(deadline_parse_date("2024-13-01", &a), 0);
    assert_int_not_equal(deadline_parse_date("24-06-20", &a), 0);
}

static const hb_deadline_year *year_in(const hb_deadline_report *r,
                                       const char *y)
{
    for (size_t i = 0; i < r->n_years; i++)
        if (strcmp(r->years[i].year, y) == 0)
            return &r->years[i];
    fail_msg("no year %s in the report", y);
    return NULL;
}

static void deadline_report_with_fixed_today(void **state)
{
    (void)state;
    char dir[512], id[64], issued_id[64], corr[64];
    hb_err e;
    hb_ws *w = fresh_ws(dir, sizeof dir);
    const char *y = "2023-2024";
    issued_record(w, y, issued_id);
    put_record(w, y, "Được lên lớp", HB_RS_APPROVED, id);
    put_record(w, y, "Kiểm tra lại trong hè", HB_RS_DRAFT, id);
    put_record(w, y, "Được lên lớp", HB_RS_IN_REVIEW, id);
    issued_record(w, y, corr);
    assert_int_equal(revoke_record(w, corr, 0, "Sai", "HT", NULL, &e), 0);
    put_record(w, "2019-2020", NULL, HB_RS_DRAFT, id);

    hb_deadline_report r;
    if (deadline_report(w, "2024-06-20", &r, &e))
        fail_msg("%s", e.msg);
    assert_string_equal(r.today, "2024-06-20");
    assert_int_equal(r.n_years, 2);
    assert_string_equal(r.years[0].year, "2019-2020"); /* sorted */
    const hb_deadline_year *Y = year_in(&r, y);
    assert_int_equal(Y->records, 5); /* the revoked one counts once */
    assert_int_equal(Y->issued, 1);
    assert_string_equal(Y->due[HB_DL_COMPLETED].date, "2024-06-25");
    assert_int_equal(Y->due[HB_DL_COMPLETED].days_left, 5);
    assert_int_equal(Y->due[HB_DL_COMPLETED].n_missing, 2);
    assert_string_equal(Y->due[HB_DL_REST].date, "2024-08-10");
    assert_int_equal(Y->due[HB_DL_REST].days_left, 51);
    assert_int_equal(Y->due[HB_DL_REST].n_missing, 2);
    int corrections = 0;
    for (size_t i = 0; i < Y->due[HB_DL_REST].n_missing; i++)
        if (Y->due[HB_DL_REST].missing[i].correction) {
            corrections++;
            assert_string_equal(Y->due[HB_DL_REST].missing[i].id, corr);
            assert_int_equal(Y->due[HB_DL_REST].missing[i].version, 2);
        }
    assert_int_equal(corrections, 1);
    const hb_deadline_year *old = year_in(&r, "2019-2020");
    assert_int_equal(old->due[HB_DL_COMPLETED].days_left,
                     -(366 + 365 + 365 + 365) + 5); /* 2020-06-25 */
    deadline_report_free(&r);

    /* after the first deadline: overdue, negative */
    assert_int_equal(deadline_report(w, "2024-07-01", &r, &e), 0);
    assert_int_equal(year_in(&r, y)->due[HB_DL_COMPLETED].days_left, -6);
    deadline_report_free(&r);
    assert_int_not_equal(deadline_report(w, "2024-06-31", &r, &e), 0);
    assert_int_equal(e.code, HB_EUSAGE);

    /* the printed forms */
    FILE *f = tmpfile();
    assert_int_equal(deadline_print(w, "2024-06-20", 0, f, &e), 0);
    assert_int_equal(deadline_print(w, "2024-06-20", 1, f, &e), 0);
    long size = ftell(f);
    rewind(f);
    char *text = calloc(1, (size_t)size + 1);
    assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    assert_non_null(strstr(text, "còn 5 ngày"));
    assert_non_null(strstr(text, "QUÁ HẠN"));
    assert_non_null(strstr(text, "\"days_left\":51"));
    free(text);
    ws_close(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(issue_waits_for_every_required_role),
        cmocka_unit_test(issue_follows_the_workspace_roles),
        cmocka_unit_test(revoke_makes_a_replacing_version),
        cmocka_unit_test(export_is_valid_complete_and_idempotent),
        cmocka_unit_test(export_needs_school_code),
        cmocka_unit_test(deadline_words_and_dates),
        cmocka_unit_test(deadline_report_with_fixed_today),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
