/* handover.c - a workspace in open formats (see handover.h). */
#include "handover.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "datadir.h"
#include "files.h"
#include "issue.h"
#include "pagestore.h"

#define NO_YEAR_DIR "khong-ro-nam-hoc"

/* ---- CSV (RFC 4180) ----------------------------------------------------- */

void handover_csv_field(FILE *out, const char *v)
{
    if (!v)
        return;
    if (!strpbrk(v, ",\"\r\n")) {
        fputs(v, out);
        return;
    }
    fputc('"', out);
    for (const char *p = v; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
}

static void csv_row(FILE *f, int n, const char *const *v)
{
    for (int i = 0; i < n; i++) {
        if (i)
            fputc(',', f);
        handover_csv_field(f, v[i]);
    }
    fputs("\r\n", f);
}

typedef struct csv_ctx {
    FILE *f;
    int header;
    int book_col, idx_col; /* pages: where book and idx are, -1 if not */
} csv_ctx;

/* The file a page is handed over as, relative to DEST. */
static void page_file(const char *book, int idx, char *buf, size_t size)
{
    snprintf(buf, size, "pages/book-%s/%03d.png", book, idx);
}

static int csv_cb(void *ctx, int n, const char *const *names,
                  const char *const *values)
{
    csv_ctx *c = ctx;
    const char *row[32];
    if (n > 31)
        return -1;
    int pages = c->book_col >= 0;
    if (!c->header) {
        for (int i = 0; i < n; i++) {
            row[i] = names[i];
            if (pages && strcmp(names[i], "book") == 0)
                c->book_col = i;
            if (pages && strcmp(names[i], "idx") == 0)
                c->idx_col = i;
        }
        if (pages)
            row[n] = "file";
        csv_row(c->f, n + pages, row);
        c->header = 1;
    }
    char file[256] = "";
    for (int i = 0; i < n; i++)
        row[i] = values[i];
    if (pages) {
        page_file(values[c->book_col] ? values[c->book_col] : "0",
                  c->idx_col >= 0 && values[c->idx_col]
                      ? atoi(values[c->idx_col]) : 0,
                  file, sizeof file);
        row[n] = file;
    }
    csv_row(c->f, n + pages, row);
    return ferror(c->f) ? -1 : 0;
}

static int write_table(hb_ws *s, const char *stage, const char *table,
                       const char *file, const char *const *header, int ncols,
                       hb_err *e)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/tables/%s", stage, file);
    FILE *f = fopen(path, "wb");
    if (!f)
        return err_set(e, HB_EIO, "%s: %s", path, strerror(errno));
    csv_ctx c = { f, 0, strcmp(table, "pages") == 0 ? 0 : -1, -1 };
    int rc = ws_table_rows(s, table, csv_cb, &c, e);
    if (rc > 0)
        rc = err_set(e, HB_EIO, "%s: cannot write", path);
    /* an empty table still gets its header row */
    if (rc == 0 && !c.header)
        csv_row(f, ncols, header);
    if (fclose(f) != 0 && rc == 0)
        rc = err_set(e, HB_EIO, "%s: cannot write", path);
    return rc;
}

/* ---- records ------------------------------------------------------------ */

static int handover_records(hb_ws *live, hb_ws *s, const char *stage,
                            hb_handover_report *rep, hb_err *e)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/tables/records.csv", stage);
    FILE *f = fopen(path, "wb");
    if (!f)
        return err_set(e, HB_EIO, "%s: %s", path, strerror(errno));
    static const char *const head[] = { "id", "version", "state", "year",
                                        "student", "book", "replaces",
                                        "updated_at", "file", "sha256",
                                        "pdf" };
    csv_row(f, 11, head);
    hb_ws_record *list;
    size_t n;
    int rc = ws_record_list(s, -1, 0, &list, &n, e);
    if (rc)
        n = 0, list = NULL;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const hb_ws_record *m = &list[i];
        char *xml = NULL, rel[512], pdf[512] = "", sha[65], num[2][32];
        const char *year = issue_year_ok(m->year) ? m->year : NO_YEAR_DIR;
        if (!issue_id_ok(m->id)) {
            rc = err_set(e, HB_EINVALID, "record id '%s' cannot be a file "
                         "name", m->id);
            break;
        }
        snprintf(rel, sizeof rel, "records/%s/%s-v%d.xml", year, m->id,
                 m->version);
        snprintf(path, sizeof path, "%s/records/%s", stage, year);
        rc = files_mkdir_p(path, e);
        if (rc == 0)
            rc = ws_record_get(s, m->id, m->version, NULL, NULL, &xml, e);
        if (rc == 0) {
            snprintf(path, sizeof path, "%s/%s", stage, rel);
            rc = files_write(path, xml, strlen(xml), e);
        }
        if (rc == 0)
            rc = pagestore_sha256(xml, strlen(xml), sha, e);
        free(xml);
        /* the PDF as issued, from the live outbox (files never change) */
        char out_rel[256], src[4096];
        if (rc == 0 &&
            (m->state == HB_RS_ISSUED || m->state == HB_RS_REVOKED) &&
            issue_outbox_rel(m->year, m->id, m->version, "pdf", out_rel,
                             sizeof out_rel)) {
            snprintf(src, sizeof src, "%s/%s", ws_dir(live), out_rel);
            if (files_exists(src)) {
                snprintf(pdf, sizeof pdf, "records/%s/%s-v%d.pdf", year,
                         m->id, m->version);
                snprintf(path, sizeof path, "%s/%s", stage, pdf);
                rc = files_copy_nosync(src, path, NULL, e);
            }
        }
        snprintf(num[0], sizeof num[0], "%d", m->version);
        snprintf(num[1], sizeof num[1], "%lld", (long long)m->book);
        const char *row[] = { m->id, num[0], ws_rstate_name(m->state),
                              m->year, m->student,
                              m->book ? num[1] : NULL, m->replaces,
                              m->updated_at, rel, sha, pdf[0] ? pdf : NULL };
        if (rc == 0) {
            csv_row(f, 11, row);
            rep->records++;
        }
    }
    ws_records_free(list, n);
    if (fclose(f) != 0 && rc == 0)
        rc = err_set(e, HB_EIO, "%s: cannot write", path);
    return rc;
}

/* ---- pages -------------------------------------------------------------- */

static int handover_pages(hb_ws *live, hb_ws *s, const char *stage, FILE *log,
                          hb_handover_report *rep, hb_err *e)
{
    hb_ws_book *books;
    size_t nb;
    if (ws_list_books(s, &books, &nb, e))
        return -1;
    int rc = 0;
    for (size_t b = 0; rc == 0 && b < nb; b++) {
        hb_ws_page *pages;
        size_t np;
        if ((rc = ws_book_pages(s, books[b].id, &pages, &np, e)))
            break;
        char dir[4096], book[32];
        snprintf(book, sizeof book, "%lld", (long long)books[b].id);
        snprintf(dir, sizeof dir, "%s/pages/book-%s", stage, book);
        if (np)
            rc = files_mkdir_p(dir, e);
        for (size_t i = 0; rc == 0 && i < np; i++) {
            char src[4096], rel[256], dst[4096], sha[65];
            if (!ws_page_image(live, pages[i].sha256, src, sizeof src)) {
                rc = err_set(e, HB_EIO, "%s: path too long", ws_dir(live));
                break;
            }
            page_file(book, pages[i].idx, rel, sizeof rel);
            snprintf(dst, sizeof dst, "%s/%s", stage, rel);
            if (!files_exists(src)) {
                if (log)
                    fprintf(log, "warning: book %s page %d: %s is missing\n",
                            books[b].name, pages[i].idx, src);
                rep->missing_pages++;
                continue;
            }
            rc = files_copy_nosync(src, dst, sha, e);
            if (rc == 0 && strcmp(sha, pages[i].sha256) != 0)
                rc = err_set(e, HB_EINVALID, "%s: content does not match its "
                             "name: the page store is damaged", src);
            if (rc == 0)
                rep->pages++;
        }
        ws_pages_free(pages, np);
    }
    ws_books_free(books, nb);
    return rc;
}

/* ---- README, schemas, manifest ------------------------------------------ */

static int write_readme(hb_ws *w, const char *stage,
                        const hb_handover_report *rep, hb_err *e)
{
    const hb_wsconfig *c = ws_config(w);
    char path[4096];
    snprintf(path, sizeof path, "%s/README.txt", stage);
    FILE *f = fopen(path, "wb");
    if (!f)
        return err_set(e, HB_EIO, "%s: %s", path, strerror(errno));
    fprintf(f,
"HỌC BẠ SỐ - DỮ LIỆU BÀN GIAO / HANDOVER OF A SCHOOL'S DATA\n"
"==========================================================\n"
"Trường (school): %s %s%s%s\n"
"Hồ sơ (record versions): %ld   Trang quét (scanned pages): %ld\n"
"\n"
"TIẾNG VIỆT\n"
"Thư mục này chứa toàn bộ dữ liệu của nhà trường trong hocba, ở định dạng\n"
"mở, dùng được mà không cần hocba:\n"
"  config                  cấu hình (mã trường, tên trường, vai trò ký)\n"
"  records/<năm học>/<MA_HO_SO>-v<phiên bản>.xml\n"
"                          mọi phiên bản học bạ số ở mọi trạng thái (bản\n"
"                          nháp, đang xác minh, đã duyệt, đã ký, đã phát\n"
"                          hành, đã thu hồi). Bản đã ký giữ nguyên từng byte:\n"
"                          không được sửa, nếu không chữ ký số sẽ mất hiệu lực.\n"
"  records/<năm học>/<MA_HO_SO>-v<phiên bản>.pdf\n"
"                          bản PDF đã phát hành (nếu có)\n"
"  records/" NO_YEAR_DIR "/  hồ sơ chưa có năm học\n"
"  pages/book-<số>/<trang>.png\n"
"                          ảnh quét gốc từng trang của từng sổ (PNG)\n"
"  tables/*.csv            các bảng: books (sổ), pages (trang, kèm SHA-256),\n"
"                          records (hồ sơ), fields (từng ô dữ liệu),\n"
"                          audit (nhật ký: ai, khi nào, sửa gì),\n"
"                          revocations (thu hồi: lý do, người duyệt).\n"
"                          CSV theo RFC 4180, mã UTF-8 (khi mở bằng Excel,\n"
"                          chọn Data > From Text và mã hóa UTF-8).\n"
"  schemas/                lược đồ XSD của hồ sơ (hocba-1.xsd) và danh mục\n"
"                          xuất (export-1.xsd); workspace.sql mô tả các bảng\n"
"  MANIFEST.sha256         mã băm SHA-256 của mọi tệp. Kiểm tra:\n"
"                          cd <thư mục này> && sha256sum -c MANIFEST.sha256\n"
"Thời gian trong các bảng là giờ UTC (ISO 8601).\n"
"\n"
"ENGLISH\n"
"This directory holds all of the school's data from hocba, in open formats\n"
"that need no hocba:\n"
"  config                  the workspace configuration (school, signing roles)\n"
"  records/<school year>/<MA_HO_SO>-v<version>.xml\n"
"                          every record version in every state (draft,\n"
"                          in_review, approved, signed, issued, revoked), in\n"
"                          the XML vocabulary of schemas/hocba-1.xsd. Signed\n"
"                          ones are byte for byte as signed: do not edit or\n"
"                          re-indent them, or their signatures break.\n"
"  records/<school year>/<MA_HO_SO>-v<version>.pdf\n"
"                          the PDF issued with a record, when there is one\n"
"  records/" NO_YEAR_DIR "/  records without a school year\n"
"  pages/book-<id>/<page>.png\n"
"                          every scanned page of every book, lossless PNG\n"
"  tables/*.csv            books, pages (with each image's SHA-256), records,\n"
"                          fields (every value with its review annotations),\n"
"                          audit (who did what, when, old and new value),\n"
"                          revocations (reason, who approved, replacement).\n"
"                          RFC 4180 CSV, UTF-8, header row, CRLF lines.\n"
"  schemas/                the XSDs of records and exports; workspace.sql\n"
"                          documents every table and column\n"
"  MANIFEST.sha256         the SHA-256 of every file; check with\n"
"                          cd <this directory> && sha256sum -c MANIFEST.sha256\n"
"Times in the tables are UTC (ISO 8601). A record's MA_HO_SO is stable\n"
"across its versions; THAY_THE in a record is the SHA-256 of the signed\n"
"version it replaces. Signed records can be checked with any XMLDSig\n"
"verifier (e.g. xmlsec1) given the signers' CA certificates.\n",
            c->school_code && *c->school_code ? c->school_code : "?",
            c->school_name ? c->school_name : "",
            c->province && *c->province ? ", " : "",
            c->province ? c->province : "", rep->records, rep->pages);
    if (fclose(f) != 0)
        return err_set(e, HB_EIO, "%s: cannot write", path);
    return 0;
}

static int copy_schemas(const char *stage, hb_err *e)
{
    static const char *const files[] = { "hocba-1.xsd", "export-1.xsd",
                                         "workspace.sql" };
    char *dir = files_join(stage, "schemas");
    int rc = dir ? files_mkdir_p(dir, e)
                 : err_set(e, HB_ENOMEM, "handover: out of memory");
    for (size_t i = 0; rc == 0 && i < sizeof files / sizeof files[0]; i++) {
        char rel[64], src[4096];
        snprintf(rel, sizeof rel, "schemas/%s", files[i]);
        char *dst = files_join(dir, files[i]);
        if (!dst)
            rc = err_set(e, HB_ENOMEM, "handover: out of memory");
        else if (!datadir_path(rel, src, sizeof src))
            rc = err_set(e, HB_EIO, "%s: path too long", rel);
        else
            rc = files_copy_nosync(src, dst, NULL, e);
        free(dst);
    }
    free(dir);
    return rc;
}

static int write_manifest(const char *stage, long *count, hb_err *e)
{
    char **all;
    size_t n;
    if (files_walk(stage, &all, &n, e))
        return -1;
    char path[4096];
    snprintf(path, sizeof path, "%s/MANIFEST.sha256", stage);
    FILE *f = fopen(path, "wb");
    int rc = f ? 0 : err_set(e, HB_EIO, "%s: %s", path, strerror(errno));
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char p[4096], sha[65];
        snprintf(p, sizeof p, "%s/%s", stage, all[i]);
        rc = pagestore_sha256_file(p, sha, e);
        if (rc == 0)
            fprintf(f, "%s  %s\n", sha, all[i]);
    }
    if (f && fclose(f) != 0 && rc == 0)
        rc = err_set(e, HB_EIO, "%s: cannot write", path);
    *count = (long)n;
    files_list_free(all, n);
    return rc;
}

/* ---- the whole ---------------------------------------------------------- */

static const char *const books_head[] = { "id", "source", "name", "dpi",
                                          "state", "added_at" };
static const char *const pages_head[] = { "id", "book", "idx", "source_file",
                                          "source_page", "sha256", "dpi",
                                          "width", "height", "state",
                                          "clean_image", "file" };
static const char *const fields_head[] = { "record", "version", "ord", "path",
                                           "value", "conf", "review",
                                           "reason", "page", "box_x", "box_y",
                                           "box_w", "box_h" };
static const char *const audit_head[] = { "id", "at", "who", "action",
                                          "record", "version", "path",
                                          "old_value", "new_value", "note",
                                          "name", "role" };
static const char *const revocations_head[] = { "record", "version", "sha256",
                                                "reason", "revoked_by", "at",
                                                "replaced_by" };

/* A consistent snapshot of the database to read from: stage/.snapshot
 * (hidden: not part of the handover). */
static hb_ws *open_snapshot(hb_ws *w, const char *stage, char *snap,
                            size_t size, hb_err *e)
{
    snprintf(snap, size, "%s/.snapshot", stage);
    char *db = files_join(snap, WS_DB_NAME);
    char *cfg = files_join(snap, WS_CONFIG_NAME);
    char *src = files_join(ws_dir(w), WS_CONFIG_NAME);
    hb_ws *s = NULL;
    if (!db || !cfg || !src)
        err_set(e, HB_ENOMEM, "handover: out of memory");
    else if (files_mkdir_p(snap, e) == 0 && ws_backup(w, db, e) == 0 &&
             files_copy_nosync(src, cfg, NULL, e) == 0)
        s = ws_open(snap, e);
    free(db);
    free(cfg);
    free(src);
    return s;
}

static int handover_into(hb_ws *w, const char *stage, FILE *log,
                         hb_handover_report *rep, hb_err *e)
{
    char snap[4096], path[4096];
    if (files_mkdir_p(stage, e))
        return -1;
    hb_ws *s = open_snapshot(w, stage, snap, sizeof snap, e);
    if (!s)
        return -1;
    snprintf(path, sizeof path, "%s/tables", stage);
    int rc = files_mkdir_p(path, e);
    char src[4096], dst[4096];
    snprintf(src, sizeof src, "%s/" WS_CONFIG_NAME, ws_dir(w));
    snprintf(dst, sizeof dst, "%s/config", stage);
    if (rc == 0)
        rc = files_copy_nosync(src, dst, NULL, e);
    if (rc == 0)
        rc = copy_schemas(stage, e);
    if (rc == 0)
        rc = handover_records(w, s, stage, rep, e);
    if (rc == 0)
        rc = handover_pages(w, s, stage, log, rep, e);
    if (rc == 0)
        rc = write_table(s, stage, "books", "books.csv", books_head, 6, e);
    if (rc == 0)
        rc = write_table(s, stage, "pages", "pages.csv", pages_head, 12, e);
    if (rc == 0)
        rc = write_table(s, stage, "fields", "fields.csv", fields_head, 13, e);
    if (rc == 0)
        rc = write_table(s, stage, "review_actions", "audit.csv", audit_head,
                         12, e);
    if (rc == 0)
        rc = write_table(s, stage, "revocations", "revocations.csv",
                         revocations_head, 7, e);
    ws_close(s);
    hb_err ignored;
    files_remove_tree(snap, &ignored);
    if (rc == 0)
        rc = write_readme(w, stage, rep, e);
    if (rc == 0)
        rc = write_manifest(stage, &rep->files, e);
    if (rc == 0)
        rc = files_sync_fs(stage, e);
    return rc;
}

int handover_workspace(hb_ws *w, const char *dest, FILE *log,
                       hb_handover_report *rep, hb_err *e)
{
    hb_handover_report local;
    if (!rep)
        rep = &local;
    memset(rep, 0, sizeof *rep);
    struct stat st;
    if (lstat(dest, &st) == 0 && (!S_ISDIR(st.st_mode) ||
                                  !files_dir_empty(dest)))
        return err_set(e, HB_EDUP, "%s: already exists and is not empty; a "
                       "handover never overwrites", dest);
    size_t n = strlen(dest);
    while (n > 1 && dest[n - 1] == '/')
        n--;
    size_t size = n + 64;
    char *stage = malloc(size);
    if (!stage)
        return err_set(e, HB_ENOMEM, "handover: out of memory");
    snprintf(stage, size, "%.*s.partial-%ld", (int)n, dest, (long)getpid());
    hb_err ignored;
    files_remove_tree(stage, &ignored);
    int rc = handover_into(w, stage, log, rep, e);
    if (rc == 0 && lstat(dest, &st) == 0 && rmdir(dest) != 0)
        rc = err_set(e, HB_EIO, "%s: %s", dest, strerror(errno));
    if (rc == 0 && rename(stage, dest) != 0)
        rc = err_set(e, HB_EIO, "%s: %s", dest, strerror(errno));
    if (rc)
        files_remove_tree(stage, &ignored);
    free(stage);
    return rc;
}
