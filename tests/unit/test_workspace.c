/* test_workspace.c - pipeline/workspace.c, pagestore.c, wsconfig.c, and
 * the record identifiers of files.c.
 *
 * Each test works in its own fresh workspace under a scratch directory.
 * The sqlite3 C API is used directly only to look behind the API (journal
 * mode, a schema from the future); everything else goes through ws_*. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "datadir.h"
#include "files.h"
#include "pagestore.h"
#include "record.h"
#include "record_sample.h"
#include "workspace.h"
#include "wsconfig.h"

/* What migration 4 (review) added, taken away again: an older workspace. */
#define UNDO_MIGRATION_4                                                    \
    "DROP TABLE login_failures; DROP TABLE sessions; DROP TABLE user_classes;" \
    " DROP TABLE users; DROP INDEX review_actions_path;"                   \
    " ALTER TABLE review_actions DROP COLUMN role;"                        \
    " ALTER TABLE review_actions DROP COLUMN name;"                        \
    " ALTER TABLE review_actions DROP COLUMN note;"                        \
    " ALTER TABLE records DROP COLUMN rev;"                                \
    " ALTER TABLE records DROP COLUMN class;"

static char root[64];
static int serial;

/* A new workspace directory path (not yet created). */
static void fresh_dir(char *buf, size_t size)
{
    snprintf(buf, size, "%s/ws%d", root, ++serial);
}

static hb_ws *fresh_ws(char *dir, size_t size)
{
    hb_err e;
    fresh_dir(dir, size);
    if (ws_create(dir, NULL, &e))
        fail_msg("ws_create: %s", e.msg);
    hb_ws *w = ws_open(dir, &e);
    if (!w)
        fail_msg("ws_open: %s", e.msg);
    return w;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* The number of migrations in schemas/workspace.sql: the version a new
 * workspace must reach. */
static int migrations_in_schema(void)
{
    char path[512];
    assert_non_null(datadir_path("schemas/workspace.sql", path, sizeof path));
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[512];
    int n = 0, m;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "-- migration %d", &m) == 1)
            n++;
    fclose(f);
    return n;
}

static int exists(const char *dir, const char *rel)
{
    char p[512];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", dir, rel);
    return stat(p, &st) == 0;
}

/* ---- creating and opening ----------------------------------------------- */

static void create_makes_layout_and_refuses_twice(void **state)
{
    (void)state;
    char dir[256];
    hb_err e;
    fresh_dir(dir, sizeof dir);
    assert_int_equal(ws_create(dir, NULL, &e), 0);
    assert_true(exists(dir, "hocba.db"));
    assert_true(exists(dir, "pages"));
    assert_true(exists(dir, "clean"));
    assert_true(exists(dir, "config"));
    assert_int_not_equal(ws_create(dir, NULL, &e), 0);
    assert_int_equal(e.code, HB_EDUP);
    assert_non_null(strstr(e.msg, "already a hocba workspace"));

    hb_ws *w = ws_open(dir, &e);
    assert_non_null(w);
    assert_true(migrations_in_schema() >= 1);
    assert_int_equal(ws_schema_version(w), migrations_in_schema());
    assert_string_equal(ws_config(w)->roles[0], "NGUOI_XAC_MINH");
    assert_string_equal(ws_config(w)->roles[1], "CBQL");
    ws_close(w);

    /* WAL is a property of the file: check it from outside */
    char db[512];
    snprintf(db, sizeof db, "%s/hocba.db", dir);
    sqlite3 *s;
    assert_int_equal(sqlite3_open(db, &s), SQLITE_OK);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(s, "PRAGMA journal_mode", -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    sqlite3_close(s);
}

static void open_refuses_non_workspace_and_future_schema(void **state)
{
    (void)state;
    char dir[256];
    hb_err e;
    fresh_dir(dir, sizeof dir);
    mkdir(dir, 0755);
    assert_null(ws_open(dir, &e));
    assert_int_equal(e.code, HB_ENOTFOUND);
    assert_non_null(strstr(e.msg, "not a hocba workspace"));

    hb_ws *w = fresh_ws(dir, sizeof dir);
    ws_close(w);
    char db[512];
    snprintf(db, sizeof db, "%s/hocba.db", dir);
    sqlite3 *s;
    assert_int_equal(sqlite3_open(db, &s), SQLITE_OK);
    assert_int_equal(sqlite3_exec(s, "INSERT INTO schema_version(version) "
                                     "VALUES (99)", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(s);
    assert_null(ws_open(dir, &e));
    assert_non_null(strstr(e.msg, "newer"));
}

/* An empty database file (version 0) is brought to the current schema. */
static void open_migrates_an_empty_database(void **state)
{
    (void)state;
    char dir[256];
    hb_ws *w = fresh_ws(dir, sizeof dir);
    ws_close(w);
    char db[512];
    snprintf(db, sizeof db, "%s/hocba.db", dir);
    unlink(db);
    write_text(db, "");
    hb_err e;
    w = ws_open(dir, &e);
    if (!w)
        fail_msg("%s", e.msg);
    assert_int_equal(ws_schema_version(w), migrations_in_schema());
    int64_t id;
    assert_int_equal(ws_add_book(w, "a.pdf", "a.pdf", 300, &id, &e), 0);
    ws_close(w);
    /* opened again: nothing re-applied, the book is still there */
    w = ws_open(dir, &e);
    assert_non_null(w);
    hb_ws_book b;
    assert_int_equal(ws_get_book(w, id, &b, &e), 0);
    assert_string_equal(b.source, "a.pdf");
    ws_book_clear(&b);
    ws_close(w);
}

static void locate_prefers_option_then_env(void **state)
{
    (void)state;
    setenv("HOCBA_WORKSPACE", "/from/env", 1);
    assert_string_equal(ws_locate("/from/opt"), "/from/opt");
    assert_string_equal(ws_locate(NULL), "/from/env");
    unsetenv("HOCBA_WORKSPACE");
    assert_string_equal(ws_locate(NULL), ".");
}

/* ---- config ------------------------------------------------------------- */

static void config_round_trip_and_errors(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/config-test", root);
    hb_wsconfig c, d;
    hb_err e;
    assert_int_equal(wsconfig_init(&c, &e), 0);
    assert_int_equal(wsconfig_set(&c, "school_name", "  Trường THCS  Nguyễn Du ",
                                  "t", &e), 0);
    assert_int_equal(wsconfig_set(&c, "sign_roles", "NGUOI_XAC_MINH, GVCN CBQL",
                                  "t", &e), 0);
    assert_int_equal(wsconfig_write(&c, path, &e), 0);
    assert_int_equal(wsconfig_init(&d, &e), 0);
    assert_int_equal(wsconfig_read(&d, path, &e), 0);
    assert_string_equal(d.school_name, "Trường THCS Nguyễn Du");
    assert_int_equal(d.n_roles, 3);
    assert_true(wsconfig_role_required(&d, "GVCN"));
    assert_false(wsconfig_role_required(&d, "KY_PHAT_HANH"));
    wsconfig_free(&c);
    wsconfig_free(&d);

    /* Notepad's BOM and CRLF are fine; an unknown key names its line */
    write_text(path, "\xEF\xBB\xBFprovince = Ninh Bình\r\n# note\r\n\r\n"
                     "shool_code = 1\r\n");
    assert_int_equal(wsconfig_init(&d, &e), 0);
    assert_int_not_equal(wsconfig_read(&d, path, &e), 0);
    assert_non_null(strstr(e.msg, "config-test:4: unknown key 'shool_code'"));
    assert_string_equal(d.province, "Ninh Bình");
    wsconfig_free(&d);

    write_text(path, "sign_roles = CBQL HIEU_TRUONG\n");
    assert_int_equal(wsconfig_init(&d, &e), 0);
    assert_int_not_equal(wsconfig_read(&d, path, &e), 0);
    assert_non_null(strstr(e.msg, "unknown role 'HIEU_TRUONG'"));
    assert_int_equal(d.n_roles, 2); /* the defaults stand */
    wsconfig_free(&d);

    write_text(path, "school_name\n");
    assert_int_equal(wsconfig_init(&d, &e), 0);
    assert_int_not_equal(wsconfig_read(&d, path, &e), 0);
    assert_non_null(strstr(e.msg, ":1: expected 'key = value'"));
    wsconfig_free(&d);
}

/* ---- page store --------------------------------------------------------- */

static void pagestore_names_files_by_digest(void **state)
{
    (void)state;
    char store[512], path[600], sha[65], sha2[65];
    hb_err e;
    int added;
    snprintf(store, sizeof store, "%s/store", root);
    const char *data = "not really a PNG, but bytes are bytes";
    assert_int_equal(pagestore_put(store, data, strlen(data), sha, &added, &e), 0);
    assert_true(added);
    assert_true(pagestore_is_sha256(sha));
    assert_int_equal(pagestore_put(store, data, strlen(data), sha2, &added, &e), 0);
    assert_false(added);
    assert_string_equal(sha, sha2);
    /* SHA-256 of the bytes, as sha256sum computes it */
    char known[65];
    assert_int_equal(pagestore_sha256("abc", 3, known, &e), 0);
    assert_string_equal(known, "ba7816bf8f01cfea414140de5dae2223"
                               "b00361a396177a9cb410ff61f20015ad");
    assert_non_null(pagestore_path(store, sha, path, sizeof path));
    char want[600];
    snprintf(want, sizeof want, "%s/%.2s/%s.png", store, sha, sha);
    assert_string_equal(path, want);
    assert_int_equal(pagestore_verify(store, sha, &e), 0);
    write_text(path, "tampered");
    assert_int_not_equal(pagestore_verify(store, sha, &e), 0);
    assert_int_equal(e.code, HB_EINVALID);
    unlink(path);
    assert_int_not_equal(pagestore_verify(store, sha, &e), 0);
    assert_int_equal(e.code, HB_ENOTFOUND);
    assert_null(pagestore_path(store, "../../etc/passwd", path, sizeof path));
}

/* ---- books and pages ---------------------------------------------------- */

static void make_page(hb_ws_page *p, int64_t book, int idx, char fill)
{
    memset(p, 0, sizeof *p);
    p->book = book;
    p->idx = idx;
    p->source_file = "book.pdf";
    p->source_page = idx;
    memset(p->sha256, fill, 64);
    p->sha256[64] = '\0';
    p->dpi = 300;
    p->width = 2480;
    p->height = 3508;
}

static void pages_are_unique_by_digest(void **state)
{
    (void)state;
    char dir[256];
    hb_ws *w = fresh_ws(dir, sizeof dir);
    hb_err e;
    int64_t b1, b2, pid;
    assert_int_equal(ws_add_book(w, "in/book.pdf", "book.pdf", 300, &b1, &e), 0);
    assert_int_equal(ws_add_book(w, "in/other.pdf", "other.pdf", 300, &b2, &e), 0);
    hb_ws_page p;
    make_page(&p, b1, 2, 'b');
    assert_int_equal(ws_add_page(w, &p, &pid, &e), 0);
    make_page(&p, b1, 1, 'a');
    assert_int_equal(ws_add_page(w, &p, NULL, &e), 0);
    make_page(&p, b2, 1, 'b'); /* page 2 of book 1, scanned again */
    assert_int_not_equal(ws_add_page(w, &p, NULL, &e), 0);
    assert_int_equal(e.code, HB_EDUP);
    assert_non_null(strstr(e.msg, "page 2 of book 1"));

    hb_ws_page *pages;
    size_t n;
    assert_int_equal(ws_book_pages(w, b1, &pages, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(pages[0].idx, 1);
    assert_int_equal(pages[0].sha256[0], 'a');
    assert_int_equal(pages[1].width, 2480);
    assert_string_equal(pages[1].state, "stored");
    ws_pages_free(pages, n);
    assert_int_equal(ws_book_pages(w, b2, &pages, &n, &e), 0);
    assert_int_equal(n, 0);
    free(pages);

    hb_ws_page f;
    char sha[65];
    memset(sha, 'b', 64);
    sha[64] = 0;
    assert_int_equal(ws_find_page(w, sha, &f, &e), 1);
    assert_int_equal(f.id, pid);
    ws_page_clear(&f);
    memset(sha, 'c', 64);
    assert_int_equal(ws_find_page(w, sha, &f, &e), 0);

    assert_int_equal(ws_page_set_clean(w, pid, "clean/x.png", &e), 0);
    assert_int_equal(ws_page_set_clean(w, 999, "clean/y.png", &e), -1);
    hb_ws_count *c;
    assert_int_equal(ws_count_states(w, "pages", &c, &n, &e), 0);
    assert_int_equal(n, 2);
    int64_t stored = 0, cleaned = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(c[i].state, "stored") == 0)
            stored = c[i].n;
        if (strcmp(c[i].state, "cleaned") == 0)
            cleaned = c[i].n;
    }
    assert_int_equal(stored, 1);
    assert_int_equal(cleaned, 1);
    free(c);
    assert_int_not_equal(ws_count_states(w, "users; DROP TABLE x", &c, &n, &e), 0);
    ws_close(w);
}

/* A transaction rolled back leaves nothing; books follow their job. */
static void transaction_and_book_state(void **state)
{
    (void)state;
    char dir[256];
    hb_ws *w = fresh_ws(dir, sizeof dir);
    hb_err e;
    int64_t b;
    assert_int_equal(ws_tx_begin(w, &e), 0);
    assert_int_equal(ws_add_book(w, "x.tif", "x.tif", 300, &b, &e), 0);
    ws_tx_rollback(w);
    hb_ws_book *books;
    size_t n;
    assert_int_equal(ws_list_books(w, &books, &n, &e), 0);
    assert_int_equal(n, 0);
    free(books);

    assert_int_equal(ws_add_book(w, "x.tif", "x.tif", 300, &b, &e), 0);
    hb_ws_book bk;
    assert_int_equal(ws_get_book(w, b, &bk, &e), 0);
    assert_string_equal(bk.state, "scanned");
    ws_book_clear(&bk);
    int64_t j;
    assert_int_equal(ws_job_enqueue(w, "extract", b, &j, &e), 0);
    assert_int_equal(ws_get_book(w, b, &bk, &e), 0);
    assert_string_equal(bk.state, "queued");
    ws_book_clear(&bk);
    hb_job job;
    assert_int_equal(ws_job_claim(w, "extract", "t:1", 60, &job, &e), 1);
    assert_int_equal(ws_get_book(w, b, &bk, &e), 0);
    assert_string_equal(bk.state, "processing");
    ws_book_clear(&bk);
    assert_int_equal(ws_job_finish(w, &job, &e), 0);
    assert_int_equal(ws_list_books(w, &books, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(books[0].state, "extracted");
    ws_books_free(books, n);
    ws_close(w);
}

/* ---- records ------------------------------------------------------------ */

static int count_present(const char *path, hb_field *f, void *ctx)
{
    (void)path;
    (void)f;
    (*(size_t *)ctx)++;
    return 0;
}

static void record_put_get_and_fields(void **state)
{
    (void)state;
    char dir[256];
    hb_ws *w = fresh_ws(dir, sizeof dir);
    hb_err e;
    int64_t b;
    assert_int_equal(ws_add_book(w, "b.pdf", "b.pdf", 300, &b, &e), 0);
    hb_record *r = record_sample_tt58();
    assert_non_null(r);
    free(r->ma_ho_so);
    r->ma_ho_so = NULL; /* a fresh draft has no MA_HO_SO yet */
    hb_field *toan = record_find_field(r, "THONG_TIN_HOC_BA/BANG_DIEM/"
                                          "DIEM_TONG_KET[TOAN]/CA_NAM");
    assert_non_null(toan);
    record_field_flag(toan, "rule:ca-nam");
    if (ws_record_put(w, b, r, HB_RS_DRAFT, &e))
        fail_msg("ws_record_put: %s", e.msg);
    assert_non_null(r->ma_ho_so);
    assert_int_equal(strlen(r->ma_ho_so), 36);
    assert_int_equal(r->ma_ho_so[14], '4'); /* version 4 UUID */

    hb_ws_record m;
    hb_record *back = NULL;
    char *xml = NULL;
    if (ws_record_get(w, r->ma_ho_so, 0, &m, &back, &xml, &e))
        fail_msg("ws_record_get: %s", e.msg);
    assert_int_equal(m.version, 1);
    assert_int_equal(m.book, b);
    assert_int_equal(m.state, HB_RS_DRAFT);
    assert_string_equal(m.year, r->year.nam_hoc.value);
    assert_string_equal(m.student, r->student.ho_ten.value);
    assert_non_null(strstr(xml, "urn:hocbaso:hbs:1"));
    assert_string_equal(back->student.ho_ten.value, r->student.ho_ten.value);
    hb_field *t2 = record_find_field(back, "THONG_TIN_HOC_BA/BANG_DIEM/"
                                           "DIEM_TONG_KET[TOAN]/CA_NAM");
    assert_non_null(t2);
    assert_string_equal(t2->value, toan->value);
    assert_true(t2->review); /* draft annotations survive */

    size_t present = 0;
    record_visit_fields(r, 0, count_present, &present);
    hb_ws_field *f;
    size_t n;
    assert_int_equal(ws_record_fields(w, r->ma_ho_so, 1, 0, &f, &n, &e), 0);
    assert_int_equal(n, present);
    assert_string_equal(f[0].path, "CO_SO_GIAO_DUC/MA_TRUONG");
    ws_fields_free(f, n);
    assert_int_equal(ws_record_fields(w, r->ma_ho_so, 1, 1, &f, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(f[0].path, "THONG_TIN_HOC_BA/BANG_DIEM/"
                                   "DIEM_TONG_KET[TOAN]/CA_NAM");
    assert_string_equal(f[0].reason, "rule:ca-nam");
    assert_int_equal(f[0].page, toan->page);
    assert_int_equal(f[0].box.w, toan->box.w);
    ws_fields_free(f, n);

    /* storing again replaces fields, does not add a version, keeps the
     * book when none is given */
    record_field_reset(toan);
    record_field_set(toan, "7.1");
    assert_int_equal(ws_record_put(w, 0, r, HB_RS_IN_REVIEW, &e), 0);
    assert_int_equal(ws_record_fields(w, r->ma_ho_so, 1, 1, &f, &n, &e), 0);
    assert_int_equal(n, 0);
    free(f);
    hb_ws_record *list;
    assert_int_equal(ws_record_list(w, -1, 0, &list, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].state, HB_RS_IN_REVIEW);
    assert_int_equal(list[0].book, b);
    ws_records_free(list, n);
    assert_int_equal(ws_record_list(w, HB_RS_DRAFT, 0, &list, &n, &e), 0);
    assert_int_equal(n, 0);
    free(list);

    ws_record_clear(&m);
    assert_int_not_equal(ws_record_get(w, "no-such-id", 0, &m, NULL, NULL, &e), 0);
    assert_int_equal(e.code, HB_ENOTFOUND);

    record_free(back);
    free(xml);
    record_free(r);
    ws_close(w);
}

static void record_states_only_move_forward_after_signing(void **state)
{
    (void)state;
    char dir[256];
    hb_ws *w = fresh_ws(dir, sizeof dir);
    hb_err e;
    hb_record *r = record_sample_tt27();
    assert_int_equal(ws_record_put(w, 0, r, HB_RS_DRAFT, &e), 0);
    const char *id = r->ma_ho_so;
    assert_int_equal(ws_record_set_state(w, id, 1, HB_RS_SIGNED, &e), -1);
    assert_int_equal(e.code, HB_EINVALID);
    assert_int_equal(ws_record_set_state(w, id, 1, HB_RS_APPROVED, &e), 0);
    assert_int_equal(ws_record_set_state(w, id, 1, HB_RS_IN_REVIEW, &e), 0);
    assert_int_equal(ws_record_set_state(w, id, 1, HB_RS_APPROVED, &e), 0);
    assert_int_equal(ws_record_set_xml(w, id, 1, "<signed/>", HB_RS_SIGNED, &e), 0);
    /* a signed record is never rewritten, nor sent back */
    assert_int_equal(ws_record_put(w, 0, r, HB_RS_DRAFT, &e), -1);
    assert_non_null(strstr(e.msg, "never rewritten"));
    assert_int_equal(ws_record_set_state(w, id, 1, HB_RS_APPROVED, &e), -1);
    char *xml;
    assert_int_equal(ws_record_get(w, id, 1, NULL, NULL, &xml, &e), 0);
    assert_string_equal(xml, "<signed/>");
    free(xml);
    assert_int_equal(ws_record_set_state(w, id, 1, HB_RS_ISSUED, &e), 0);
    assert_int_equal(ws_record_set_state(w, id, 1, HB_RS_REVOKED, &e), 0);
    assert_int_equal(ws_record_set_state(w, id, 1, HB_RS_REVOKED, &e), -1);
    assert_int_equal(ws_record_set_state(w, id, 2, HB_RS_DRAFT, &e), -1);
    assert_int_equal(e.code, HB_ENOTFOUND);
    /* the correction is a new version; 0 reads the latest */
    r->phien_ban = 2;
    assert_int_equal(ws_record_put(w, 0, r, HB_RS_DRAFT, &e), 0);
    hb_ws_record m;
    assert_int_equal(ws_record_get(w, id, 0, &m, NULL, NULL, &e), 0);
    assert_int_equal(m.version, 2);
    ws_record_clear(&m);
    hb_rstate s;
    assert_int_equal(ws_rstate_parse("in_review", &s), 0);
    assert_int_equal(s, HB_RS_IN_REVIEW);
    assert_int_equal(ws_rstate_parse("bogus", &s), -1);
    record_free(r);
    ws_close(w);
}

/* ---- audit -------------------------------------------------------------- */

static void audit_trail_in_order(void **state)
{
    (void)state;
    char dir[256];
    hb_ws *w = fresh_ws(dir, sizeof dir);
    hb_err e;
    assert_int_equal(ws_audit_add(w, "Nguyễn Thị Lan", "correct", "rec-1", 1,
                                  "LY_LICH/NGAY_SINH", "2006-03-21",
                                  "2006-03-12", &e), 0);
    assert_int_equal(ws_audit_add(w, "Trần Văn Bình", "approve", "rec-1", 1,
                                  NULL, NULL, NULL, &e), 0);
    assert_int_equal(ws_audit_add(w, "x", "correct", "rec-2", 1, NULL, NULL,
                                  NULL, &e), 0);
    assert_int_not_equal(ws_audit_add(w, "", "correct", "rec-1", 1, NULL, NULL,
                                      NULL, &e), 0);
    hb_ws_audit *a;
    size_t n;
    assert_int_equal(ws_audit_list(w, "rec-1", 0, &a, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_string_equal(a[0].who, "Nguyễn Thị Lan");
    assert_string_equal(a[0].path, "LY_LICH/NGAY_SINH");
    assert_string_equal(a[0].old_value, "2006-03-21");
    assert_string_equal(a[0].new_value, "2006-03-12");
    assert_int_equal(strlen(a[0].at), 20); /* 2025-06-20T08:15:00Z */
    assert_string_equal(a[1].action, "approve");
    assert_null(a[1].path);
    ws_audit_free(a, n);
    ws_close(w);
}

/* ---- jobs --------------------------------------------------------------- */

static void jobs_claim_finish_fail_requeue(void **state)
{
    (void)state;
    char dir[256];
    hb_ws *w = fresh_ws(dir, sizeof dir);
    hb_err e;
    int64_t j1, j2;
    assert_int_equal(ws_job_enqueue(w, "extract", 10, &j1, &e), 0);
    assert_int_equal(ws_job_enqueue(w, "extract", 11, &j2, &e), 0);
    assert_int_equal(ws_job_enqueue(w, "other", 12, NULL, &e), 0);
    hb_job a, b, c;
    assert_int_equal(ws_job_claim(w, "extract", "h:1", 600, &a, &e), 1);
    assert_int_equal(a.id, j1);
    assert_int_equal(a.target, 10);
    assert_int_equal(a.attempts, 1);
    assert_string_equal(a.state, "claimed");
    assert_int_equal(ws_job_claim(w, "extract", "h:2", 600, &b, &e), 1);
    assert_int_equal(b.id, j2);
    assert_int_equal(ws_job_claim(w, "extract", "h:3", 600, &c, &e), 0);
    assert_int_equal(ws_job_renew(w, &a, 900, &e), 0);
    assert_int_equal(ws_job_finish(w, &a, &e), 0);
    assert_int_equal(ws_job_finish(w, &a, &e), -1); /* never done twice */
    assert_int_equal(ws_job_fail(w, &b, "page 3: damaged", &e), 0);
    hb_job g;
    assert_int_equal(ws_job_get(w, j2, &g, &e), 0);
    assert_string_equal(g.state, "failed");
    assert_string_equal(g.error, "page 3: damaged");
    int n;
    assert_int_equal(ws_job_requeue_failed(w, "extract", &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(ws_job_claim(w, NULL, "h:4", 600, &c, &e), 1);
    assert_int_equal(c.id, j2);
    assert_int_equal(ws_job_claim(w, NULL, "h:4", 600, &c, &e), 1);
    assert_string_equal(c.kind, "other");
    ws_close(w);
}

/* A worker that lost its lease (it was too slow, and another worker took
 * the job over) cannot finish the job a second time. */
static void expired_lease_is_reclaimed_once(void **state)
{
    (void)state;
    char dir[256];
    hb_ws *w = fresh_ws(dir, sizeof dir);
    hb_err e;
    int64_t id;
    assert_int_equal(ws_job_enqueue(w, "extract", 1, &id, &e), 0);
    hb_job slow, next, none;
    assert_int_equal(ws_job_claim(w, "extract", "h:10", 1, &slow, &e), 1);
    assert_int_equal(ws_job_claim(w, "extract", "h:11", 60, &none, &e), 0);
    sleep(2); /* the 1-second lease runs out */
    assert_int_equal(ws_job_claim(w, "extract", "h:11", 60, &next, &e), 1);
    assert_int_equal(next.id, id);
    assert_int_equal(next.attempts, 2);
    assert_int_equal(ws_job_finish(w, &slow, &e), -1);
    assert_non_null(strstr(e.msg, "lease lost"));
    assert_int_equal(ws_job_fail(w, &slow, "late", &e), -1);
    assert_int_equal(ws_job_finish(w, &next, &e), 0);
    hb_job g;
    assert_int_equal(ws_job_get(w, id, &g, &e), 0);
    assert_string_equal(g.state, "done");
    assert_int_equal(g.attempts, 2);
    ws_close(w);
}

/* A worker reading a long book renews its lease: the claim lasts from the
 * renewal, a renewal after the lease ran out still holds while no one else
 * has claimed the job, and one after another worker's claim is refused
 * (the worker must stop: the job is no longer its own). */
static void renewal_keeps_a_long_job(void **state)
{
    (void)state;
    char dir[256];
    hb_ws *w = fresh_ws(dir, sizeof dir);
    hb_err e;
    int64_t id;
    assert_int_equal(ws_job_enqueue(w, "extract", 1, &id, &e), 0);
    hb_job a, b, g;
    assert_int_equal(ws_job_claim(w, "extract", "h:20", 60, &a, &e), 1);
    int64_t t0 = (int64_t)time(NULL);
    assert_int_equal(ws_job_renew(w, &a, 900, &e), 0);
    assert_int_equal(ws_job_get(w, id, &g, &e), 0);
    assert_true(g.lease_expires >= t0 + 900);
    assert_true(g.lease_expires <= (int64_t)time(NULL) + 900);

    /* the lease ran out (a page took too long), nobody claimed it yet */
    char db[512];
    snprintf(db, sizeof db, "%s/hocba.db", dir);
    sqlite3 *s;
    assert_int_equal(sqlite3_open(db, &s), SQLITE_OK);
    sqlite3_busy_timeout(s, 5000);
    assert_int_equal(sqlite3_exec(s, "UPDATE jobs SET lease_expires = "
                                     "strftime('%s', 'now') - 1", NULL, NULL,
                                  NULL), SQLITE_OK);
    assert_int_equal(ws_job_renew(w, &a, 900, &e), 0);
    assert_int_equal(ws_job_claim(w, "extract", "h:21", 60, &b, &e), 0);

    /* ran out again, and this time another worker took it */
    assert_int_equal(sqlite3_exec(s, "UPDATE jobs SET lease_expires = "
                                     "strftime('%s', 'now') - 1", NULL, NULL,
                                  NULL), SQLITE_OK);
    sqlite3_close(s);
    assert_int_equal(ws_job_claim(w, "extract", "h:21", 60, &b, &e), 1);
    assert_int_equal(b.attempts, 2);
    assert_int_equal(ws_job_renew(w, &a, 900, &e), -1);
    assert_int_equal(e.code, HB_EINVALID);
    assert_non_null(strstr(e.msg, "lease lost"));
    /* the refused renewal changed nothing of the new claim */
    assert_int_equal(ws_job_get(w, id, &g, &e), 0);
    assert_string_equal(g.worker, "h:21");
    assert_true(g.lease_expires <= (int64_t)time(NULL) + 60);
    assert_int_equal(ws_job_finish(w, &a, &e), -1);
    assert_int_equal(ws_job_finish(w, &b, &e), 0);
    ws_close(w);
}

/* The school's roster is kept byte for byte, one at a time; a workspace
 * made before migration 3 gets the table when opened. */
static void roster_is_kept_verbatim(void **state)
{
    (void)state;
    char dir[256];
    hb_ws *w = fresh_ws(dir, sizeof dir);
    hb_err e;
    hb_ws_roster r;
    assert_int_equal(ws_roster_get(w, &r, &e), 0);
    static const char one[] = "\xEF\xBB\xBFHọ tên;Ngày sinh\r\nAn;1/2/2006\r\n";
    static const char two[] = "ho ten,ngay sinh\nBình,2006-03-04\nChi,"
                              "2006-05-06\n";
    assert_int_equal(ws_roster_set(w, "lop9.csv", one, sizeof one - 1, 1, &e),
                     0);
    assert_int_equal(ws_roster_get(w, &r, &e), 1);
    assert_string_equal(r.name, "lop9.csv");
    assert_int_equal(r.students, 1);
    assert_int_equal(r.len, sizeof one - 1);
    assert_memory_equal(r.csv, one, r.len);
    assert_int_equal(r.csv[r.len], '\0');
    char sha[65];
    assert_int_equal(pagestore_sha256(one, sizeof one - 1, sha, &e), 0);
    assert_string_equal(r.sha256, sha);
    assert_int_equal(strlen(r.loaded_at), 20);
    ws_roster_clear(&r);

    assert_int_equal(ws_roster_set(w, "new.csv", two, sizeof two - 1, 2, &e),
                     0);
    assert_int_equal(ws_roster_set(w, "none.csv", two, sizeof two - 1, 0, &e),
                     -1);
    assert_int_equal(ws_roster_get(w, &r, &e), 1);
    assert_string_equal(r.name, "new.csv");
    assert_int_equal(r.students, 2);
    assert_string_equal(r.csv, two);
    ws_roster_clear(&r);
    ws_close(w);

    /* back to a version-2 database (migration 4 undone, then 3): opening
     * it upgrades it in place, as a school's old workspace is */
    char db[512];
    snprintf(db, sizeof db, "%s/hocba.db", dir);
    sqlite3 *s;
    assert_int_equal(sqlite3_open(db, &s), SQLITE_OK);
    assert_int_equal(sqlite3_exec(s, UNDO_MIGRATION_4 "DROP TABLE roster;"
                                     " DELETE FROM schema_version"
                                     " WHERE version >= 3",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(s);
    w = ws_open(dir, &e);
    if (!w)
        fail_msg("%s", e.msg);
    assert_int_equal(ws_schema_version(w), migrations_in_schema());
    assert_int_equal(ws_roster_get(w, &r, &e), 0);
    ws_close(w);
}

/* A workspace made before review existed (version 3) is upgraded in
 * place: each record gets its class from its LOP field, and revision 1. */
static void migration_4_fills_classes_of_old_records(void **state)
{
    (void)state;
    char dir[256];
    hb_ws *w = fresh_ws(dir, sizeof dir);
    hb_err e;
    hb_record *r = record_sample_tt58();
    assert_int_equal(ws_record_put(w, 0, r, HB_RS_DRAFT, &e), 0);
    record_free(r);
    ws_close(w);
    char db[512];
    snprintf(db, sizeof db, "%s/hocba.db", dir);
    sqlite3 *s;
    assert_int_equal(sqlite3_open(db, &s), SQLITE_OK);
    assert_int_equal(sqlite3_exec(s, UNDO_MIGRATION_4 " DELETE FROM"
                                     " schema_version WHERE version >= 4",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(s);
    w = ws_open(dir, &e);
    if (!w)
        fail_msg("%s", e.msg);
    assert_int_equal(ws_schema_version(w), migrations_in_schema());
    hb_ws_record *list;
    size_t n;
    assert_int_equal(ws_record_list(w, -1, 0, &list, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].klass, "8A");
    assert_int_equal(list[0].rev, 1);
    ws_records_free(list, n);
    ws_close(w);
}

/* MA_HO_SO: version 4 UUIDs, different in each call and in each forked
 * worker (OpenSSL reseeds its generator in a child). */
static void uuids_differ_across_fork(void **state)
{
    (void)state;
    char *a = files_make_uuid(NULL), *b = files_make_uuid(NULL);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(strlen(a), 36);
    assert_int_equal(strspn(a, "0123456789abcdef-"), 36);
    assert_true(a[8] == '-' && a[13] == '-' && a[18] == '-' && a[23] == '-');
    assert_int_equal(a[14], '4');
    assert_non_null(strchr("89ab", a[19]));
    assert_string_not_equal(a, b);
    int fd[2];
    assert_int_equal(pipe(fd), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        char *c = files_make_uuid(NULL);
        ssize_t k = c ? write(fd[1], c, 37) : -1;
        free(c);
        _exit(k == 37 ? 0 : 1);
    }
    close(fd[1]);
    char child[37] = "";
    assert_int_equal(read(fd[0], child, sizeof child), 37);
    close(fd[0]);
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    char *c = files_make_uuid(NULL); /* the parent's next one */
    assert_non_null(c);
    assert_int_equal(strlen(child), 36);
    assert_string_not_equal(child, c);
    assert_string_not_equal(child, a);
    assert_string_not_equal(child, b);
    free(a);
    free(b);
    free(c);
}

static void job_abandoned_too_often_fails(void **state)
{
    (void)state;
    char dir[256];
    hb_ws *w = fresh_ws(dir, sizeof dir);
    hb_err e;
    int64_t id;
    assert_int_equal(ws_job_enqueue(w, "extract", 1, &id, &e), 0);
    hb_job j;
    for (int i = 0; i < WS_JOB_MAX_ATTEMPTS; i++) {
        assert_int_equal(ws_job_claim(w, "extract", "h:20", 600, &j, &e), 1);
        assert_int_equal(ws_job_expire(w, id, &e), 0); /* the worker died */
    }
    assert_int_equal(ws_job_claim(w, "extract", "h:21", 600, &j, &e), 0);
    assert_int_equal(ws_job_get(w, id, &j, &e), 0);
    assert_string_equal(j.state, "failed");
    assert_non_null(strstr(j.error, "abandoned"));
    assert_int_equal(ws_job_expire(w, id, &e), -1);
    ws_close(w);
}

#define N_JOBS 200
#define N_WORKERS 4

/* Worker processes, each with its own connection, claim concurrently:
 * every job is claimed exactly once and none is lost. */
static void concurrent_claims_from_processes(void **state)
{
    (void)state;
    char dir[256];
    hb_ws *w = fresh_ws(dir, sizeof dir);
    hb_err e;
    assert_int_equal(ws_tx_begin(w, &e), 0);
    for (int i = 0; i < N_JOBS; i++)
        assert_int_equal(ws_job_enqueue(w, "extract", i, NULL, &e), 0);
    assert_int_equal(ws_tx_commit(w, &e), 0);
    ws_close(w); /* no connection crosses fork() */

    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pids[N_WORKERS];
    for (int k = 0; k < N_WORKERS; k++) {
        pids[k] = fork();
        assert_true(pids[k] >= 0);
        if (pids[k] == 0) {
            close(fds[0]);
            hb_err ce;
            hb_ws *cw = ws_open(dir, &ce);
            if (!cw)
                _exit(3);
            char name[32];
            snprintf(name, sizeof name, "h:%d", (int)getpid());
            hb_job j;
            int got, bad = 0;
            while ((got = ws_job_claim(cw, "extract", name, 600, &j, &ce)) == 1) {
                int64_t id = j.id;
                if (write(fds[1], &id, sizeof id) != sizeof id ||
                    ws_job_finish(cw, &j, &ce))
                    bad = 1;
            }
            ws_close(cw);
            _exit(got < 0 || bad ? 4 : 0);
        }
    }
    close(fds[1]);
    int seen[N_JOBS + 1] = { 0 };
    int64_t id;
    int total = 0;
    while (read(fds[0], &id, sizeof id) == sizeof id) {
        assert_true(id >= 1 && id <= N_JOBS);
        seen[id]++;
        total++;
    }
    close(fds[0]);
    for (int k = 0; k < N_WORKERS; k++) {
        int st;
        assert_int_equal(waitpid(pids[k], &st, 0), pids[k]);
        assert_true(WIFEXITED(st));
        assert_int_equal(WEXITSTATUS(st), 0);
    }
    assert_int_equal(total, N_JOBS);
    for (int i = 1; i <= N_JOBS; i++)
        if (seen[i] != 1)
            fail_msg("job %d claimed %d times", i, seen[i]);
    w = ws_open(dir, &e);
    assert_non_null(w);
    hb_job *jobs;
    size_t n;
    assert_int_equal(ws_job_list(w, "done", &jobs, &n, &e), 0);
    assert_int_equal(n, N_JOBS);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(jobs[i].attempts, 1);
    free(jobs);
    ws_close(w);
}

/* ---- backup ------------------------------------------------------------- */

static void backup_is_a_consistent_copy(void **state)
{
    (void)state;
    char dir[256], dst[512];
    hb_ws *w = fresh_ws(dir, sizeof dir);
    hb_err e;
    int64_t b;
    assert_int_equal(ws_add_book(w, "kept.pdf", "kept.pdf", 300, &b, &e), 0);
    snprintf(dst, sizeof dst, "%s/backup-%d", root, serial);
    mkdir(dst, 0755);
    char db[600], cfg[600], src_cfg[600];
    snprintf(db, sizeof db, "%s/hocba.db", dst);
    assert_int_equal(ws_backup(w, db, &e), 0);
    assert_int_equal(ws_backup(w, db, &e), -1); /* never overwrites */
    assert_int_equal(e.code, HB_EDUP);
    ws_close(w);
    /* the copy opens as a workspace (with a config beside it) */
    snprintf(cfg, sizeof cfg, "%s/config", dst);
    snprintf(src_cfg, sizeof src_cfg, "%s/config", dir);
    hb_wsconfig c;
    assert_int_equal(wsconfig_init(&c, &e), 0);
    assert_int_equal(wsconfig_read(&c, src_cfg, &e), 0);
    assert_int_equal(wsconfig_write(&c, cfg, &e), 0);
    wsconfig_free(&c);
    hb_ws *copy = ws_open(dst, &e);
    if (!copy)
        fail_msg("%s", e.msg);
    hb_ws_book bk;
    assert_int_equal(ws_get_book(copy, b, &bk, &e), 0);
    assert_string_equal(bk.source, "kept.pdf");
    ws_book_clear(&bk);
    ws_close(copy);
}

static int setup(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/hocba-test-ws-XXXXXX");
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
        cmocka_unit_test(create_makes_layout_and_refuses_twice),
        cmocka_unit_test(open_refuses_non_workspace_and_future_schema),
        cmocka_unit_test(open_migrates_an_empty_database),
        cmocka_unit_test(locate_prefers_option_then_env),
        cmocka_unit_test(config_round_trip_and_errors),
        cmocka_unit_test(pagestore_names_files_by_digest),
        cmocka_unit_test(pages_are_unique_by_digest),
        cmocka_unit_test(transaction_and_book_state),
        cmocka_unit_test(record_put_get_and_fields),
        cmocka_unit_test(record_states_only_move_forward_after_signing),
        cmocka_unit_test(audit_trail_in_order),
        cmocka_unit_test(jobs_claim_finish_fail_requeue),
        cmocka_unit_test(expired_lease_is_reclaimed_once),
        cmocka_unit_test(renewal_keeps_a_long_job),
        cmocka_unit_test(job_abandoned_too_often_fails),
        cmocka_unit_test(roster_is_kept_verbatim),
        cmocka_unit_test(migration_4_fills_classes_of_old_records),
        cmocka_unit_test(uuids_differ_across_fork),
        cmocka_unit_test(concurrent_claims_from_processes),
        cmocka_unit_test(backup_is_a_consistent_copy),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
