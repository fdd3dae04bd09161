/*
 * test_review.c - the human step: accounts, sessions, the login throttle
 * (workspace_users.c), and corrections, confirmations, notes, approval,
 * send-back and conflicts (review.c), with the words a reviewer reads
 * (review_words.c) and passwords (review/auth.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "record.h"
#include "record_sample.h"
#include "record_xml.h"
#include "review.h"
#include "rules.h"
#include "workspace.h"

static char root[64];
static int serial;

static hb_ws *fresh_ws(void)
{
    char dir[128];
    hb_err e;
    snprintf(dir, sizeof dir, "%s/ws%d", root, ++serial);
    if (ws_create(dir, NULL, &e))
        fail_msg("ws_create: %s", e.msg);
    hb_ws *w = ws_open(dir, &e);
    if (!w)
        fail_msg("ws_open: %s", e.msg);
    return w;
}

#define TOAN "THONG_TIN_HOC_BA/BANG_DIEM/DIEM_TONG_KET[TOAN]/"
#define NAME "LY_LICH/HO_TEN"

static const hb_actor teacher = { "lan", "Nguyễn Thị Lan", "Giáo viên" };

/* A TT58 draft whose Toán CA_NAM was misread (7.6 on paper, 7.8 read) and
 * whose name was read with low confidence: two flags, of both kinds. */
static char *store_draft(hb_ws *w)
{
    hb_err e;
    hb_record *r = record_sample_tt58();
    hb_field *cn = record_find_field(r, TOAN "CA_NAM");
    assert_string_equal(cn->value, "7.6");
    record_field_set(cn, "7.8");
    record_field_flag(record_find_field(r, NAME), "low-conf");
    assert_int_equal(rules_check_record(r, &e), 0);
    assert_true(record_field_has_reason(cn, "rule:ca-nam"));
    if (ws_record_put(w, 0, r, HB_RS_DRAFT, &e))
        fail_msg("%s", e.msg);
    char *id = strdup(r->ma_ho_so);
    record_free(r);
    return id;
}

static const hb_review_field *find(const hb_review_field *f, size_t n,
                                   const char *path)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(f[i].path, path) == 0)
            return &f[i];
    fail_msg("no field %s", path);
    return NULL;
}

static int rev_of(hb_ws *w, const char *id)
{
    int rev;
    hb_err e;
    assert_int_equal(ws_record_rev(w, id, 0, &rev, &e), 0);
    return rev;
}

/* A correction clears the formula's flag at once, is audited with who and
 * the old and new values, and lands in NGUON_SO_HOA of the stored XML. */
static void correction_rechecks_audits_and_records_provenance(void **state)
{
    (void)state;
    hb_ws *w = fresh_ws();
    char *id = store_draft(w);
    hb_err e;
    hb_ws_record m;
    hb_review_field *f;
    size_t n;
    assert_int_equal(review_fields_load(w, id, 0, &m, &f, &n, &e), 0);
    assert_int_equal(m.flagged, 4); /* HK1, HK2, CN of Toán; the name */
    assert_int_equal(m.open, 4);
    const hb_review_field *cn = find(f, n, TOAN "CA_NAM");
    assert_true(cn->open);
    assert_string_equal(cn->label, "Toán – Cả năm");
    assert_string_equal(cn->group, "Bảng điểm");
    /* the words say what the formula gives: (7.2 + 2 x 7.8) / 3 = 7.6 */
    assert_non_null(strstr(cn->reason_text, "(HK1 + 2×HK2)/3 = 7.6"));
    int rev = m.rev;
    review_fields_free(f, n);
    ws_record_clear(&m);

    int nrev = 0;
    assert_int_equal(review_set_field(w, id, 0, TOAN "CA_NAM", " 7.6 ", NULL,
                                      &teacher, rev, &nrev, &e), 0);
    assert_true(nrev > rev);
    assert_int_equal(review_fields_load(w, id, 0, &m, &f, &n, &e), 0);
    assert_int_equal(m.state, HB_RS_IN_REVIEW);
    assert_int_equal(m.open, 1); /* only the name is left */
    assert_false(find(f, n, TOAN "HOC_KY_1")->review);
    assert_false(find(f, n, TOAN "CA_NAM")->review);
    assert_true(find(f, n, TOAN "CA_NAM")->checked);
    assert_string_equal(find(f, n, TOAN "CA_NAM")->value, "7.6");
    assert_true(find(f, n, NAME)->open);
    review_fields_free(f, n);
    ws_record_clear(&m);

    hb_ws_audit *a;
    size_t na;
    assert_int_equal(ws_audit_list(w, id, 0, &a, &na, &e), 0);
    assert_int_equal(na, 1);
    assert_string_equal(a[0].who, "lan");
    assert_string_equal(a[0].action, "correct");
    assert_string_equal(a[0].old_value, "7.8");
    assert_string_equal(a[0].new_value, "7.6");
    assert_string_equal(a[0].name, "Nguyễn Thị Lan");
    ws_audit_free(a, na);

    hb_record *r;
    assert_int_equal(ws_record_get(w, id, 0, NULL, &r, NULL, &e), 0);
    assert_int_equal(r->n_verifications, 1);
    assert_string_equal(r->verifications[0].person, "Nguyễn Thị Lan");
    assert_string_equal(r->verifications[0].role, "Giáo viên");
    assert_int_equal(r->verifications[0].n_corrections, 1);
    assert_string_equal(r->verifications[0].corrections[0].path,
                        TOAN "CA_NAM");
    assert_string_equal(r->verifications[0].corrections[0].old_value, "7.8");
    record_free(r);
    free(id);
    ws_close(w);
}

/* A cell the reader saw ink in but could not read is empty and flagged
 * "format"; a change elsewhere must not drop that flag (the format rule
 * never looks at empty values, so it would not come back). */
static void unreadable_cell_keeps_its_flag(void **state)
{
    (void)state;
    hb_ws *w = fresh_ws();
    hb_err e;
    hb_record *r = record_sample_tt58();
    hb_field *dgl = record_find_field(r, "LY_LICH/DOI_TUONG");
    assert_non_null(dgl);
    record_field_set(dgl, "");
    record_field_flag(dgl, "format");
    assert_int_equal(ws_record_put(w, 0, r, HB_RS_DRAFT, &e), 0);
    char *id = strdup(r->ma_ho_so);
    record_free(r);
    assert_int_equal(review_set_field(w, id, 0, TOAN "CA_NAM", "7.6", NULL,
                                      &teacher, 0, NULL, &e), 0);
    assert_int_equal(ws_record_get(w, id, 0, NULL, &r, NULL, &e), 0);
    dgl = record_find_field(r, "LY_LICH/DOI_TUONG");
    assert_true(dgl->review);
    assert_true(record_field_has_reason(dgl, "format"));
    record_free(r);
    free(id);
    ws_close(w);
}

/* Saving from an outdated revision is refused and changes nothing. */
static void outdated_save_is_refused(void **state)
{
    (void)state;
    hb_ws *w = fresh_ws();
    char *id = store_draft(w);
    hb_err e;
    int rev = rev_of(w, id);
    assert_int_equal(review_set_field(w, id, 0, NAME, "Lê Văn An", NULL,
                                      &teacher, rev, NULL, &e), 0);
    assert_int_equal(review_set_field(w, id, 0, TOAN "CA_NAM", "7.6", NULL,
                                      &teacher, rev, NULL, &e), -1);
    assert_int_equal(e.code, HB_ECONFLICT);
    hb_record *r;
    assert_int_equal(ws_record_get(w, id, 0, NULL, &r, NULL, &e), 0);
    assert_string_equal(record_find_field(r, TOAN "CA_NAM")->value, "7.8");
    record_free(r);
    hb_ws_audit *a;
    size_t na;
    assert_int_equal(ws_audit_list(w, id, 0, &a, &na, &e), 0);
    assert_int_equal(na, 1);
    ws_audit_free(a, na);
    free(id);
    ws_close(w);
}

/* Approval waits for every flag: cleared, or explained by a note.  The
 * note travels into the signed record's SUA_DOI. */
static void approval_needs_every_flag_cleared_or_noted(void **state)
{
    (void)state;
    hb_ws *w = fresh_ws();
    char *id = store_draft(w);
    hb_err e;
    assert_int_equal(review_approve(w, id, 0, &teacher, 0, NULL, &e), -1);
    assert_int_equal(e.code, HB_EINVALID);
    assert_non_null(strstr(e.msg, "4 flagged fields"));

    /* Confirming the name (the same value) ends the reader's doubt. */
    hb_record *r;
    assert_int_equal(ws_record_get(w, id, 0, NULL, &r, NULL, &e), 0);
    char *name = strdup(record_find_field(r, NAME)->value);
    record_free(r);
    assert_int_equal(review_set_field(w, id, 0, NAME, name, NULL, &teacher, 0,
                                      NULL, &e), 0);
    free(name);
    /* The paper's own arithmetic slip: the value stays, the rule keeps
     * its flag, the note explains it. */
    assert_int_equal(review_set_field(w, id, 0, TOAN "CA_NAM", "7.8",
                                      "Giấy ghi 7.8", &teacher, 0, NULL, &e),
                     0);
    hb_ws_record m;
    hb_review_field *f;
    size_t n;
    assert_int_equal(review_fields_load(w, id, 0, &m, &f, &n, &e), 0);
    assert_true(find(f, n, TOAN "CA_NAM")->review);
    assert_string_equal(find(f, n, TOAN "CA_NAM")->note, "Giấy ghi 7.8");
    assert_false(find(f, n, TOAN "CA_NAM")->open);
    /* HK1 and HK2 are flagged by the same rule and not yet noted */
    assert_true(find(f, n, TOAN "HOC_KY_1")->open);
    assert_false(find(f, n, NAME)->review);
    review_fields_free(f, n);
    ws_record_clear(&m);
    assert_int_equal(review_approve(w, id, 0, &teacher, 0, NULL, &e), -1);
    assert_int_equal(review_set_field(w, id, 0, TOAN "HOC_KY_1", "7.2",
                                      "Giấy ghi vậy", &teacher, 0, NULL, &e), 0);
    assert_int_equal(review_set_field(w, id, 0, TOAN "HOC_KY_2", "7.8",
                                      "Giấy ghi vậy", &teacher, 0, NULL, &e), 0);
    assert_int_equal(review_approve(w, id, 0, &teacher, 0, NULL, &e), 0);

    hb_ws_record meta;
    assert_int_equal(ws_record_get(w, id, 0, &meta, &r, NULL, &e), 0);
    assert_int_equal(meta.state, HB_RS_APPROVED);
    ws_record_clear(&meta);
    /* confirm without a note: no SUA_DOI; with a note: one, cu = moi */
    assert_int_equal(r->n_verifications, 1);
    hb_verification *v = &r->verifications[0];
    assert_int_equal(v->n_corrections, 3);
    assert_string_equal(v->corrections[0].path, TOAN "CA_NAM");
    assert_string_equal(v->corrections[0].old_value, "7.8");
    assert_string_equal(v->corrections[0].new_value, "7.8");
    assert_string_equal(v->corrections[0].note, "Giấy ghi 7.8");
    /* and the finished XML with its note validates against the XSD */
    size_t len;
    char *xml = record_xml_write_mem(r, 0, &len, &e);
    if (!xml)
        fail_msg("%s", e.msg);
    assert_non_null(strstr(xml, "ghiChu=\"Giấy ghi 7.8\""));
    free(xml);
    record_free(r);

    /* Approved twice: refused.  Edited after approval: back to review. */
    assert_int_equal(review_approve(w, id, 0, &teacher, 0, NULL, &e), -1);
    assert_int_equal(review_set_field(w, id, 0, TOAN "CA_NAM", "7.6", NULL,
                                      &teacher, 0, NULL, &e), 0);
    assert_int_equal(ws_record_get(w, id, 0, &meta, NULL, NULL, &e), 0);
    assert_int_equal(meta.state, HB_RS_IN_REVIEW);
    ws_record_clear(&meta);
    free(id);
    ws_close(w);
}

/* Sent back with a reason, shown until the next approval; a signed record
 * is never edited; unknown fields and empty reasons are refused. */
static void return_signed_and_bad_requests(void **state)
{
    (void)state;
    hb_ws *w = fresh_ws();
    char *id = store_draft(w);
    hb_err e;
    const hb_actor principal = { "hieutruong", "Trần Văn Hải", "Hiệu trưởng" };
    assert_int_equal(review_return(w, id, 0, "  ", &principal, 0, NULL, &e),
                     -1);
    assert_int_equal(review_return(w, id, 0, "Xem lại điểm Toán", &principal,
                                   0, NULL, &e), 0);
    hb_ws_audit *a;
    size_t na;
    assert_int_equal(ws_audit_list(w, id, 0, &a, &na, &e), 0);
    char *why = review_return_reason(a, na);
    assert_string_equal(why, "Xem lại điểm Toán");
    free(why);
    ws_audit_free(a, na);

    assert_int_equal(review_set_field(w, id, 0, "LY_LICH/KHONG_CO", "x", NULL,
                                      &teacher, 0, NULL, &e), -1);
    assert_int_equal(e.code, HB_ENOTFOUND);
    assert_int_equal(review_set_field(w, id, 0, NAME, "\xff\xfe", NULL,
                                      &teacher, 0, NULL, &e), -1);
    assert_int_equal(e.code, HB_EINVALID);

    assert_int_equal(ws_record_set_state(w, id, 1, HB_RS_APPROVED, &e), 0);
    assert_int_equal(ws_record_set_state(w, id, 1, HB_RS_SIGNED, &e), 0);
    assert_int_equal(review_set_field(w, id, 0, NAME, "Ai Đó", NULL, &teacher,
                                      0, NULL, &e), -1);
    assert_int_equal(e.code, HB_EINVALID);
    free(id);
    ws_close(w);
}

/* A record's class follows its LOP, and teachers see their classes only. */
static void accounts_classes_and_may_review(void **state)
{
    (void)state;
    hb_ws *w = fresh_ws();
    hb_err e;
    char hash[AUTH_HASH_MAX];
    assert_int_equal(auth_hash_password("mật khẩu dài", hash, sizeof hash, &e),
                     0);
    assert_int_equal(auth_check_password("mật khẩu dài", hash), 1);
    assert_int_equal(auth_check_password("mật khẩu dàj", hash), 0);
    assert_int_equal(auth_hash_password("ngắn", hash, sizeof hash, &e), -1);
    assert_int_equal(auth_hash_password("mật khẩu dài", hash, sizeof hash, &e),
                     0);

    int64_t id;
    assert_int_equal(ws_user_add(w, "lan", "Nguyễn Thị Lan", "teacher", hash,
                                 &id, &e), 0);
    assert_int_equal(ws_user_add(w, "lan", "X", "teacher", hash, NULL, &e), -1);
    assert_int_equal(e.code, HB_EDUP);
    assert_int_equal(ws_user_add(w, "a b", "X", "teacher", hash, NULL, &e), -1);
    assert_int_equal(ws_user_add(w, "x", "X", "boss", hash, NULL, &e), -1);
    const char *cls[] = { "8a", "2020-2021/9B" };
    assert_int_equal(ws_user_set_classes(w, "lan", cls, 2, &e), 0);
    hb_ws_user u;
    assert_int_equal(ws_user_get(w, "lan", 0, &u, &e), 0);
    assert_int_equal(u.n_classes, 2);
    assert_true(ws_user_may_review(&u, "2019-2020", "8A"));
    assert_true(ws_user_may_review(&u, "2023-2024", "8 A"));
    assert_true(ws_user_may_review(&u, "2020-2021", "9B"));
    assert_false(ws_user_may_review(&u, "2019-2020", "9B"));
    assert_false(ws_user_may_review(&u, "2019-2020", "8B"));
    assert_false(ws_user_may_review(&u, "2019-2020", NULL));
    ws_user_clear(&u);

    assert_int_equal(ws_user_add(w, "ht", "Hiệu Trưởng", "principal", hash,
                                 NULL, &e), 0);
    assert_int_equal(ws_user_add(w, "vt", "Văn Thư", "clerk", hash, NULL, &e),
                     0);
    assert_int_equal(ws_user_get(w, "ht", 0, &u, &e), 0);
    assert_true(ws_user_may_review(&u, "2019-2020", "8B"));
    ws_user_clear(&u);
    assert_int_equal(ws_user_get(w, "vt", 0, &u, &e), 0);
    assert_false(ws_user_may_review(&u, "2019-2020", "8A"));
    ws_user_clear(&u);

    /* the class column follows the record's LOP */
    char *rid = store_draft(w);
    hb_ws_record *list;
    size_t n;
    assert_int_equal(ws_record_list(w, -1, 0, &list, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].klass, "8A");
    assert_int_equal(list[0].flagged, 4);
    assert_int_equal(list[0].open, 4);
    ws_records_free(list, n);
    assert_int_equal(review_set_field(w, rid, 0, "THONG_TIN_HOC_BA/LOP", "8B",
                                      NULL, &teacher, 0, NULL, &e), 0);
    assert_int_equal(ws_record_list(w, -1, 0, &list, &n, &e), 0);
    assert_string_equal(list[0].klass, "8B");
    ws_records_free(list, n);
    free(rid);
    ws_close(w);
}

/* Sessions: found while valid; gone when expired, when the password
 * changes or the account is disabled.  Failed logins are counted. */
static void sessions_and_throttle(void **state)
{
    (void)state;
    hb_ws *w = fresh_ws();
    hb_err e;
    int64_t uid;
    assert_int_equal(ws_user_add(w, "lan", "Lan", "teacher", "scrypt$x", &uid,
                                 &e), 0);
    char tok[65], csrf[65], got[65];
    assert_int_equal(auth_random_hex(csrf, 32), 0);
    auth_sha256_hex("token-1", tok);
    assert_int_equal(ws_session_add(w, tok, uid, csrf, 2000, &e), 0);
    hb_ws_user u;
    assert_int_equal(ws_session_get(w, tok, 1000, &u, got, &e), 1);
    assert_string_equal(u.login, "lan");
    assert_string_equal(got, csrf);
    ws_user_clear(&u);
    assert_int_equal(ws_session_get(w, tok, 2001, &u, got, &e), 0);
    assert_int_equal(ws_session_get(w, tok, 1000, &u, got, &e), 0);

    assert_int_equal(ws_session_add(w, tok, uid, csrf, 2000, &e), 0);
    assert_int_equal(ws_user_set_password(w, "lan", "scrypt$y", &e), 0);
    assert_int_equal(ws_session_get(w, tok, 1000, &u, got, &e), 0);
    assert_int_equal(ws_session_add(w, tok, uid, csrf, 2000, &e), 0);
    assert_int_equal(ws_user_set_disabled(w, "lan", 1, &e), 0);
    assert_int_equal(ws_session_get(w, tok, 1000, &u, got, &e), 0);
    assert_int_equal(ws_user_set_disabled(w, "nobody", 1, &e), -1);
    assert_int_equal(e.code, HB_ENOTFOUND);

    int n;
    for (int i = 0; i < 3; i++)
        assert_int_equal(ws_login_failure_add(w, "user:lan", 100 + i, &e), 0);
    assert_int_equal(ws_login_failures(w, "user:lan", 101, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(ws_login_failures(w, "ip:127.0.0.1", 0, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(ws_login_failures_clear(w, "user:lan", &e), 0);
    assert_int_equal(ws_login_failures(w, "user:lan", 0, &n, &e), 0);
    assert_int_equal(n, 0);
    ws_close(w);
}

static void labels_and_reasons_in_words(void **state)
{
    (void)state;
    hb_record *r = record_sample_tt27();
    char *s = review_field_label(r, "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/"
                                    "PHAM_CHAT/MUC[Chăm chỉ]");
    assert_string_equal(s, "Phẩm chất – Chăm chỉ");
    free(s);
    s = review_field_label(r, "LY_LICH/QUA_TRINH_HOC_TAP/MUC[2]/LOP");
    assert_string_equal(s, "Lớp (dòng 2)");
    free(s);
    s = review_field_label(r, "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/"
                              "KET_QUA_HOC_TAP/CA_NAM");
    assert_string_equal(s, "Kết quả học tập – Cả năm");
    free(s);
    s = review_field_label(r, "THONG_TIN_HOC_BA/PHE_DUYET/NGAY");
    assert_string_equal(s, "Ngày phê duyệt");
    free(s);
    s = review_field_group("LY_LICH/QUA_TRINH_HOC_TAP/MUC[2]/LOP");
    assert_string_equal(s, "Quá trình học tập");
    free(s);
    s = review_reason_text(r, "LY_LICH/NGAY_SINH", "format");
    assert_non_null(strstr(s, "năm-tháng-ngày"));
    free(s);
    s = review_reason_text(r, "LY_LICH/HO_TEN", "some-new-code");
    assert_string_equal(s, "some-new-code");
    free(s);
    /* a subject's cell flagged with the year's result says it is the cell
     * to check; the result word itself does not */
    s = review_reason_text(r, "THONG_TIN_HOC_BA/BANG_DIEM/"
                              "DIEM_TONG_KET[TOAN]/CA_NAM", "rule:ket-qua");
    assert_non_null(strstr(s, "Ô này có thể đọc sai"));
    free(s);
    s = review_reason_text(r, "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/"
                              "KET_QUA_HOC_TAP/CA_NAM", "rule:ket-qua");
    assert_null(strstr(s, "Ô này"));
    assert_non_null(strstr(s, "Kết quả học tập không khớp"));
    free(s);
    record_free(r);
}

static int setup(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/hocba-test-review-XXXXXX");
    return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(correction_rechecks_audits_and_records_provenance),
        cmocka_unit_test(outdated_save_is_refused),
        cmocka_unit_test(unreadable_cell_keeps_its_flag),
        cmocka_unit_test(approval_needs_every_flag_cleared_or_noted),
        cmocka_unit_test(return_signed_and_bad_requests),
        cmocka_unit_test(accounts_classes_and_may_review),
        cmocka_unit_test(sessions_and_throttle),
        cmocka_unit_test(labels_and_reasons_in_words),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
