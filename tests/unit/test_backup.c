/*
 * test_backup.c - backup.c (online backup, checked restore) and handover.c.
 *
 * Workspaces are filled through the workspace API: books with real PNG
 * pages in the page store, records read from those books (citing their
 * pages), audit entries, and an issued record.  The issued record is
 * stored in state "signed" with ws_record_set_xml carrying stand-in
 * signatures in the NGUOI_XAC_MINH and CBQL slots (issuing looks at the
 * slots, it does not verify: test_export.c signs for real), then issued
 * with issue_record so that the outbox holds its XML and PDF.
 *
 * The main case is the issue's "done when": backups taken while another
 * process writes pages, records and audit entries in a loop restore to
 * workspaces whose every page and record checks out, and whose records
 * and audit entries agree (each was written in one transaction with its
 * audit entry and page, so a torn snapshot would show).
 *
 * Cost: about 3 s in the normal build (the writer runs while three
 * backups are taken; a PDF rendering for the issued record).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <leptonica/allheaders.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backup.h"
#include "files.h"
#include "handover.h"
#include "issue.h"
#include "pagestore.h"
#include "record_sample.h"
#include "record_xml.h"
#include "workspace.h"

static char root[256];
static int serial;

static int group_setup(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "%s/hocba-test-backup-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    setMsgSeverity(L_SEVERITY_ERROR);
    return mkdtemp(root) ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    hb_err e;
    return files_remove_tree(root, &e);
}

/* ---- helpers ------------------------------------------------------------ */

static void fresh_path(char *buf, size_t size, const char *what)
{
    snprintf(buf, size, "%s/%s%d", root, what, ++serial);
}

static hb_ws *fresh_ws(char *dir, size_t size)
{
    hb_err e;
    fresh_path(dir, size, "ws");
    if (ws_create(dir, NULL, &e))
        fail_msg("ws_create: %s", e.msg);
    hb_ws *w = ws_open(dir, &e);
    if (!w)
        fail_msg("ws_open: %s", e.msg);
    return w;
}

/* A small real PNG, different for every `seed`. */
static unsigned char *make_png(unsigned seed, size_t *len)
{
    PIX *pix = pixCreate(24, 16, 8);
    pixSetAllArbitrary(pix, 255);
    for (int i = 0; i < 32; i++)
        pixSetPixel(pix, (int)((seed >> (i % 16)) + (unsigned)i) % 24,
                    (int)(seed * 7u + (unsigned)i) % 16, (l_uint32)(seed + (unsigned)i) & 0xff);
    pixSetPixel(pix, 0, 0, seed & 0xff);
    pixSetPixel(pix, 1, 0, (seed >> 8) & 0xff);
    pixSetPixel(pix, 2, 0, (seed >> 16) & 0xff);
    l_uint8 *data = NULL;
    assert_int_equal(pixWriteMem(&data, len, pix, IFF_PNG), 0);
    pixDestroy(&pix);
    return data;
}

/* Adds a page to `book` (stored in the page store, row committed by the
 * caller's transaction) and returns its digest. */
static int add_page(hb_ws *w, int64_t book, int idx, unsigned seed,
                    char sha[65], hb_err *e)
{
    size_t len;
    unsigned char *png = make_png(seed, &len);
    char store[4096];
    int added;
    int rc = ws_path(w, WS_PAGES_DIR, store, sizeof store) ? 0 : -1;
    if (rc == 0)
        rc = pagestore_put(store, png, len, sha, &added, e);
    free(png);
    if (rc)
        return rc;
    hb_ws_page p = { 0 };
    p.book = book;
    p.idx = idx;
    p.source_file = "scan.pdf";
    p.source_page = idx;
    memcpy(p.sha256, sha, 65);
    p.dpi = 300;
    p.width = 24;
    p.height = 16;
    int64_t id;
    return ws_add_page(w, &p, &id, e);
}

/* A record read from `book`, citing page `sha`, with its audit entry:
 * one transaction, as a worker stores its results. */
static int add_record(hb_ws *w, int64_t book, int idx, unsigned seed,
                      hb_err *e)
{
    char sha[65];
    hb_record *r = record_sample_tt58();
    if (!r)
        return err_set(e, HB_ENOMEM, "out of memory");
    free(r->ma_ho_so);
    r->ma_ho_so = NULL;
    int rc = ws_tx_begin(w, e);
    if (rc == 0)
        rc = add_page(w, book, idx, seed, sha, e);
    for (size_t i = 0; rc == 0 && i < r->n_pages; i++)
        memcpy(r->pages[i].sha256, sha, 65);
    if (rc == 0)
        rc = ws_record_put(w, book, r, HB_RS_DRAFT, e);
    if (rc == 0)
        rc = ws_audit_add(w, "worker", "extract", r->ma_ho_so, 1, NULL, NULL,
                          sha, e);
    if (rc == 0)
        rc = ws_tx_commit(w, e);
    else
        ws_tx_rollback(w);
    record_free(r);
    return rc;
}

/* An issued record: the finished XML with stand-in signatures in the two
 * required slots, stored as signed, then issued (outbox XML + PDF). */
static void add_issued(hb_ws *w, char id[64])
{
    hb_err e;
    hb_record *r = record_sample_tt58();
    free(r->ma_ho_so);
    r->ma_ho_so = NULL;
    assert_int_equal(ws_record_put(w, 0, r, HB_RS_APPROVED, &e), 0);
    snprintf(id, 64, "%s", r->ma_ho_so);
    char *xml = record_xml_write_mem(r, 0, NULL, &e);
    assert_non_null(xml);
    record_free(r);
    static const char *const slots[] = { "<NGUOI_XAC_MINH/>", "<CBQL/>" };
    static const char sig[] =
        "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">"
        "<ds:SignatureValue>c3RhbmQtaW4=</ds:SignatureValue></ds:Signature>";
    for (int i = 0; i < 2; i++) {
        char *at = strstr(xml, slots[i]);
        assert_non_null(at);
        int tag = (int)strlen(slots[i]) - 3; /* "CBQL" in "<CBQL/>" */
        size_t need = strlen(xml) + 2 * strlen(slots[i]) + sizeof sig;
        char *nx = malloc(need);
        snprintf(nx, need, "%.*s<%.*s>%s</%.*s>%s", (int)(at - xml), xml, tag,
                 slots[i] + 1, sig, tag, slots[i] + 1, at + strlen(slots[i]));
        free(xml);
        xml = nx;
    }
    assert_int_equal(ws_record_set_xml(w, id, 1, xml, HB_RS_SIGNED, &e), 0);
    free(xml);
    if (issue_record(w, id, 1, "clerk", &e))
        fail_msg("issue_record: %s", e.msg);
}

static int64_t count_rows(const char *dir, const char *sql)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "sqlite3 '%s/hocba.db' \"%s\"", dir, sql);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    long long n = -1;
    if (fscanf(p, "%lld", &n) != 1)
        n = -1;
    pclose(p);
    return n;
}

/* A workspace with two books of pages, records citing them, an issued
 * record, and a cleaned image. */
static hb_ws *filled_ws(char *dir, size_t size, char issued[64])
{
    hb_err e;
    hb_ws *w = fresh_ws(dir, size);
    for (int b = 0; b < 2; b++) {
        int64_t book;
        assert_int_equal(ws_add_book(w, "scan.pdf", "scan.pdf", 300, &book,
                                     &e), 0);
        for (int i = 1; i <= 2; i++)
            if (add_record(w, book, i, (unsigned)(b * 10 + i), &e))
                fail_msg("%s", e.msg);
    }
    add_issued(w, issued);
    /* a cleaned image referenced by page 1 */
    char path[4096];
    snprintf(path, sizeof path, "%s/clean/book-1", dir);
    assert_int_equal(files_mkdir_p(path, &e), 0);
    snprintf(path, sizeof path, "%s/clean/book-1/page-001.png", dir);
    assert_int_equal(files_write_atomic(path, "png?", 4, &e), 0);
    assert_int_equal(ws_page_set_clean(w, 1, "clean/book-1/page-001.png", &e),
                     0);
    return w;
}

/* ---- backup and restore ------------------------------------------------- */

static void backup_restores_an_identical_workspace(void **state)
{
    (void)state;
    char dir[512], dest[512], back[512], id[64], cmd[2048];
    hb_err e;
    hb_backup_report rep;
    hb_ws *w = filled_ws(dir, sizeof dir, id);
    fresh_path(dest, sizeof dest, "backup");
    if (backup_workspace(w, dest, NULL, &rep, &e))
        fail_msg("%s", e.msg);
    /* db, config, 4 pages, 1 clean image, outbox XML + PDF */
    assert_int_equal(rep.files, 9);

    /* the manifest is sha256sum's: check it with the independent tool */
    snprintf(cmd, sizeof cmd, "cd '%s' && sha256sum --quiet -c "
             BACKUP_MANIFEST " >/dev/null 2>&1", dest);
    assert_int_equal(system(cmd), 0);

    /* a backup never overwrites */
    assert_int_not_equal(backup_workspace(w, dest, NULL, NULL, &e), 0);
    assert_int_equal(e.code, HB_EDUP);

    fresh_path(back, sizeof back, "restored");
    if (backup_restore(dest, back, NULL, &rep, &e))
        fail_msg("%s", e.msg);
    assert_int_equal(rep.pages, 4);
    assert_int_equal(rep.records, 5);
    hb_ws *r = ws_open(back, &e);
    assert_non_null(r);
    char *a = NULL, *b = NULL;
    assert_int_equal(ws_record_get(w, id, 1, NULL, NULL, &a, &e), 0);
    assert_int_equal(ws_record_get(r, id, 1, NULL, NULL, &b, &e), 0);
    assert_string_equal(a, b);
    free(a);
    free(b);
    hb_ws_audit *au;
    size_t n;
    assert_int_equal(ws_audit_list(r, id, 0, &au, &n, &e), 0);
    assert_int_equal(n, 1); /* the "issue" entry */
    ws_audit_free(au, n);
    ws_close(r);
    char p[1024];
    snprintf(p, sizeof p, "%s/clean/book-1/page-001.png", back);
    assert_true(files_exists(p));

    /* a restore never overwrites a workspace, nor fills a used directory */
    assert_int_not_equal(backup_restore(dest, back, NULL, NULL, &e), 0);
    assert_int_equal(e.code, HB_EDUP);
    assert_int_not_equal(backup_restore(dest, dir, NULL, NULL, &e), 0);
    assert_int_not_equal(backup_restore(dir, back, NULL, NULL, &e), 0);
    ws_close(w);
}

/* Damage in a backup is found, and nothing is left behind. */
static void restore_finds_damage(void **state)
{
    (void)state;
    char dir[512], dest[512], back[512], id[64], p[1024];
    hb_err e;
    hb_ws *w = filled_ws(dir, sizeof dir, id);
    fresh_path(dest, sizeof dest, "backup");
    assert_int_equal(backup_workspace(w, dest, NULL, NULL, &e), 0);
    ws_close(w);

    /* one changed byte in a page */
    char **files;
    size_t n;
    snprintf(p, sizeof p, "%s/pages", dest);
    assert_int_equal(files_walk(p, &files, &n, &e), 0);
    assert_true(n >= 1);
    snprintf(p, sizeof p, "%s/pages/%s", dest, files[0]);
    files_list_free(files, n);
    size_t len;
    char *png = files_read(p, 1 << 20, &len, &e);
    assert_non_null(png);
    png[len / 2] ^= 0x10;
    assert_int_equal(files_write_atomic(p, png, len, &e), 0);
    fresh_path(back, sizeof back, "restored");
    assert_int_not_equal(backup_restore(dest, back, NULL, NULL, &e), 0);
    assert_non_null(strstr(e.msg, "damaged"));
    assert_false(files_exists(back));
    png[len / 2] ^= 0x10;
    assert_int_equal(files_write_atomic(p, png, len, &e), 0);
    free(png);
    assert_int_equal(backup_restore(dest, back, NULL, NULL, &e), 0);

    /* a manifest that reaches outside the backup is refused */
    snprintf(p, sizeof p, "%s/" BACKUP_MANIFEST, dest);
    char *mf = files_read(p, 1 << 20, &len, &e);
    size_t need = len + 128;
    char *bad = malloc(need);
    snprintf(bad, need, "%s%064d  ../escape\n", mf, 0);
    assert_int_equal(files_write_atomic(p, bad, strlen(bad), &e), 0);
    fresh_path(back, sizeof back, "restored");
    assert_int_not_equal(backup_restore(dest, back, NULL, NULL, &e), 0);
    assert_int_equal(e.code, HB_EFORMAT);
    free(bad);

    /* a backup without its manifest is not one */
    unlink(p);
    assert_int_not_equal(backup_restore(dest, back, NULL, NULL, &e), 0);
    assert_non_null(strstr(e.msg, "not a hocba backup"));
    assert_false(files_exists(back));
    free(mf);
}

/* The issue's "done when": backups while a batch writes. */
static void backup_while_a_batch_runs(void **state)
{
    (void)state;
    char dir[512], id[64];
    hb_err e;
    hb_ws *w = filled_ws(dir, sizeof dir, id);
    int64_t book;
    assert_int_equal(ws_add_book(w, "batch", "batch", 300, &book, &e), 0);
    int64_t records0 = count_rows(dir, "SELECT count(*) FROM records");

    int ready[2];
    assert_int_equal(pipe(ready), 0);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        /* the writer: its own connection, a loop of transactions */
        close(ready[0]);
        hb_ws *cw = ws_open(dir, &e);
        int rc = cw ? 0 : 1;
        for (int i = 1; rc == 0 && i <= 2000; i++) {
            rc = add_record(cw, book, i, 1000u + (unsigned)i, &e) ? 1 : 0;
            if (i == 5 && write(ready[1], "x", 1) != 1)
                rc = 1;
        }
        if (rc)
            fprintf(stderr, "# writer: %s\n", e.msg);
        ws_close(cw);
        _exit(rc);
    }
    close(ready[1]);
    char x;
    assert_int_equal(read(ready[0], &x, 1), 1); /* the writer is running */
    close(ready[0]);

    char dest[3][512];
    for (int k = 0; k < 3; k++) {
        fresh_path(dest[k], sizeof dest[k], "busy-backup");
        if (backup_workspace(w, dest[k], NULL, NULL, &e))
            fail_msg("backup %d while writing: %s", k, e.msg);
        /* the next backup only once the writer has written more */
        int64_t now = count_rows(dir, "SELECT count(*) FROM records");
        for (int t = 0; t < 1000 && count_rows(dir, "SELECT count(*) FROM "
                                               "records") <= now; t++)
            usleep(10000);
    }
    kill(child, SIGTERM);
    int status;
    waitpid(child, &status, 0);
    int64_t after = count_rows(dir, "SELECT count(*) FROM records");

    int64_t last = records0;
    int grew = 0;
    for (int k = 0; k < 3; k++) {
        char back[512];
        hb_backup_report rep;
        fresh_path(back, sizeof back, "busy-restored");
        if (backup_restore(dest[k], back, NULL, &rep, &e))
            fail_msg("restore of backup %d: %s", k, e.msg);
        int64_t recs = count_rows(back, "SELECT count(*) FROM records");
        int64_t audits = count_rows(back, "SELECT count(*) FROM review_actions"
                                          " WHERE action = 'extract'");
        int64_t pages = count_rows(back, "SELECT count(*) FROM pages");
        /* every record of the batch came with its audit entry and page */
        assert_int_equal(recs - 1, audits); /* the issued one has none */
        assert_int_equal(pages, audits);
        assert_int_equal(rep.records, recs);
        assert_int_equal(rep.pages, pages);
        assert_true(recs >= last && recs <= after);
        grew += recs > last;
        printf("# backup %d while writing: %lld records\n", k, (long long)recs);
        last = recs;
    }
    /* the snapshots were taken while the writer wrote: each is later */
    assert_true(last > records0);
    assert_int_equal(grew, 3);
    ws_close(w);
}

/* ---- handover ----------------------------------------------------------- */

static char *read_text(const char *dir, const char *rel)
{
    char p[1024];
    size_t len;
    hb_err e;
    snprintf(p, sizeof p, "%s/%s", dir, rel);
    char *s = files_read(p, 16u << 20, &len, &e);
    if (!s)
        fail_msg("%s", e.msg);
    return s;
}

static void handover_has_everything_in_open_formats(void **state)
{
    (void)state;
    char dir[512], dest[512], id[64], p[1024], cmd[2048];
    hb_err e;
    hb_ws *w = filled_ws(dir, sizeof dir, id);
    /* a value that needs CSV quoting, in the audit trail */
    assert_int_equal(ws_audit_add(w, "Cô Lan, GVCN", "correct", id, 1,
                                  "LY_LICH/HO_TEN", "Nguyễn \"Văn\" A",
                                  "Nguyễn Văn A\nB", &e), 0);
    fresh_path(dest, sizeof dest, "handover");
    hb_handover_report rep;
    if (handover_workspace(w, dest, NULL, &rep, &e))
        fail_msg("%s", e.msg);
    assert_int_equal(rep.records, 5);
    assert_int_equal(rep.pages, 4);
    assert_int_equal(rep.missing_pages, 0);

    /* signed verbatim, drafts as stored, the issued PDF beside */
    char *xml = NULL;
    assert_int_equal(ws_record_get(w, id, 1, NULL, NULL, &xml, &e), 0);
    snprintf(p, sizeof p, "records/2019-2020/%s-v1.xml", id);
    char *got = read_text(dest, p);
    assert_string_equal(got, xml);
    free(got);
    free(xml);
    snprintf(p, sizeof p, "%s/records/2019-2020/%s-v1.pdf", dest, id);
    assert_true(files_exists(p));

    /* pages are the PNGs of the store, by book and position */
    hb_ws_page *pages;
    size_t np;
    assert_int_equal(ws_book_pages(w, 2, &pages, &np, &e), 0);
    char sha[65];
    snprintf(p, sizeof p, "%s/pages/book-2/002.png", dest);
    assert_int_equal(pagestore_sha256_file(p, sha, &e), 0);
    assert_string_equal(sha, pages[1].sha256);
    ws_pages_free(pages, np);

    /* CSV: header, CRLF, RFC 4180 quoting */
    char *audit = read_text(dest, "tables/audit.csv");
    assert_true(strncmp(audit, "id,at,who,action,record,version,path,"
                               "old_value,new_value\r\n", 50) == 0);
    assert_non_null(strstr(audit, ",\"Cô Lan, GVCN\",correct,"));
    /* note, name and role (migration 4) are empty for a plain entry */
    assert_non_null(strstr(audit, ",\"Nguyễn \"\"Văn\"\" A\","
                                  "\"Nguyễn Văn A\nB\",,,\r\n"));
    free(audit);
    char *recs = read_text(dest, "tables/records.csv");
    assert_non_null(strstr(recs, ",issued,2019-2020,"));
    free(recs);
    char *pcsv = read_text(dest, "tables/pages.csv");
    assert_non_null(strstr(pcsv, ",pages/book-2/002.png\r\n"));
    free(pcsv);
    char *readme = read_text(dest, "README.txt");
    assert_non_null(strstr(readme, "TIẾNG VIỆT"));
    assert_non_null(strstr(readme, "ENGLISH"));
    free(readme);
    snprintf(p, sizeof p, "%s/schemas/hocba-1.xsd", dest);
    assert_true(files_exists(p));
    snprintf(p, sizeof p, "%s/.snapshot", dest);
    assert_false(files_exists(p));

    /* every file in the manifest, and it checks */
    snprintf(cmd, sizeof cmd, "cd '%s' && sha256sum --quiet -c "
             "MANIFEST.sha256 >/dev/null 2>&1", dest);
    assert_int_equal(system(cmd), 0);
    assert_int_not_equal(handover_workspace(w, dest, NULL, NULL, &e), 0);
    ws_close(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(backup_restores_an_identical_workspace),
        cmocka_unit_test(restore_finds_damage),
        cmocka_unit_test(backup_while_a_batch_runs),
        cmocka_unit_test(handover_has_everything_in_open_formats),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
