/* backup.c - online backup, checked restore (see backup.h). */
#include "backup.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"
#include "issue.h"
#include "pagestore.h"
#include "record_xml.h"

#define MANIFEST_MAX (256u * 1024u * 1024u)

/* ---- the list of files with their digests ------------------------------- */

typedef struct hashed {
    char *rel;
    char sha[65];
} hashed;

typedef struct hash_list {
    hashed *items;
    size_t n, cap;
} hash_list;

static int list_add(hash_list *l, const char *rel, const char *sha,
                    hb_err *e)
{
    if (l->n == l->cap) {
        size_t nc = l->cap ? 2 * l->cap : 256;
        hashed *p = realloc(l->items, nc * sizeof *p);
        if (!p)
            return err_set(e, HB_ENOMEM, "backup: out of memory");
        l->items = p;
        l->cap = nc;
    }
    if (!(l->items[l->n].rel = strdup(rel)))
        return err_set(e, HB_ENOMEM, "backup: out of memory");
    memcpy(l->items[l->n].sha, sha, 65);
    l->n++;
    return 0;
}

static void list_free(hash_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i].rel);
    free(l->items);
    memset(l, 0, sizeof *l);
}

static int cmp_hashed(const void *a, const void *b)
{
    return strcmp(((const hashed *)a)->rel, ((const hashed *)b)->rel);
}

/* The parent directory of root/rel exists afterwards. */
static int make_parent(const char *root, const char *rel, hb_err *e)
{
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/%s", root, rel);
    if (n < 0 || (size_t)n >= sizeof path)
        return err_set(e, HB_EIO, "%s/%s: path too long", root, rel);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    return files_mkdir_p(path, e);
}

/* Copies from/rel to to/rel, adding it to the list. */
static int copy_rel(const char *from, const char *to, const char *rel,
                    hash_list *l, char sha[65], hb_err *e)
{
    char src[4096], dst[4096];
    snprintf(src, sizeof src, "%s/%s", from, rel);
    snprintf(dst, sizeof dst, "%s/%s", to, rel);
    if (make_parent(to, rel, e) || files_copy_nosync(src, dst, sha, e))
        return -1;
    return l ? list_add(l, rel, sha, e) : 0;
}

/* "ab/abcdef….png" with "ab" the first two digits of the digest: a page
 * store name; its digest into sha. */
static int page_name(const char *rel, char sha[65])
{
    if (strlen(rel) != 3 + 64 + 4 || rel[2] != '/' ||
        strcmp(rel + 67, ".png") != 0 || strncmp(rel, rel + 3, 2) != 0)
        return 0;
    memcpy(sha, rel + 3, 64);
    sha[64] = '\0';
    return pagestore_is_sha256(sha);
}

/* ---- checking a workspace ----------------------------------------------- */

static int check_pages(hb_ws *w, int full, hb_backup_report *rep, hb_err *e)
{
    char root[4096];
    if (!ws_path(w, WS_PAGES_DIR, root, sizeof root))
        return err_set(e, HB_EIO, "%s: path too long", ws_dir(w));
    hb_ws_book *books;
    size_t nb;
    if (ws_list_books(w, &books, &nb, e))
        return -1;
    int rc = 0;
    for (size_t b = 0; rc == 0 && b < nb; b++) {
        hb_ws_page *pages;
        size_t np;
        if ((rc = ws_book_pages(w, books[b].id, &pages, &np, e)))
            break;
        for (size_t i = 0; rc == 0 && i < np; i++) {
            char path[4096];
            hb_err pe;
            if (full)
                rc = pagestore_verify(root, pages[i].sha256, &pe);
            else if (!pagestore_path(root, pages[i].sha256, path, sizeof path) ||
                     !files_exists(path))
                rc = err_set(&pe, HB_ENOTFOUND, "%s: missing", pages[i].sha256);
            if (rc)
                err_set(e, HB_EINVALID, "%s: book %s page %d: %s", ws_dir(w),
                        books[b].name, pages[i].idx, pe.msg);
            else if (rep)
                rep->pages++;
        }
        ws_pages_free(pages, np);
    }
    ws_books_free(books, nb);
    return rc;
}

/* A record read from a book cites the pages it was read from. */
static int check_cited_pages(hb_ws *w, const hb_record *r, const char *name,
                             hb_err *e)
{
    for (size_t i = 0; i < r->n_pages; i++) {
        hb_ws_page p;
        int found = ws_find_page(w, r->pages[i].sha256, &p, e);
        if (found < 0)
            return -1;
        if (!found)
            return err_set(e, HB_EINVALID, "%s: cites page %s, which the "
                           "workspace does not hold", name,
                           r->pages[i].sha256);
        ws_page_clear(&p);
    }
    return 0;
}

static int check_record(hb_ws *w, const hb_ws_record *m, hb_err *e)
{
    char name[160];
    snprintf(name, sizeof name, "%s: record %s version %d", ws_dir(w), m->id,
             m->version);
    char *xml = NULL;
    if (ws_record_get(w, m->id, m->version, NULL, NULL, &xml, e))
        return -1;
    size_t len = strlen(xml);
    hb_record *r = record_xml_read_mem(xml, len, name, e);
    int rc = r ? 0 : -1;
    if (rc == 0 && m->book > 0)
        rc = check_cited_pages(w, r, name, e);
    char rel[256], path[4096];
    if (rc == 0 && (m->state == HB_RS_ISSUED || m->state == HB_RS_REVOKED) &&
        issue_outbox_rel(m->year, m->id, m->version, "xml", rel, sizeof rel)) {
        snprintf(path, sizeof path, "%s/%s", ws_dir(w), rel);
        if (files_exists(path)) {
            size_t have = 0;
            char *file = files_read(path, HB_XML_MAX_BYTES, &have, e);
            if (!file)
                rc = -1;
            else if (have != len || memcmp(file, xml, len) != 0)
                rc = err_set(e, HB_EINVALID, "%s: differs from the record "
                             "stored in the database", path);
            free(file);
        } else if (m->state == HB_RS_ISSUED)
            rc = err_set(e, HB_EINVALID, "%s: issued, but %s is missing",
                         name, rel);
    }
    record_free(r);
    free(xml);
    return rc;
}

int backup_check_workspace(hb_ws *w, int full_pages, hb_backup_report *rep,
                           hb_err *e)
{
    if (ws_check_integrity(w, e) || check_pages(w, full_pages, rep, e))
        return -1;
    hb_ws_record *list;
    size_t n;
    if (ws_record_list(w, -1, 0, &list, &n, e))
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        rc = check_record(w, &list[i], e);
        if (rc == 0 && rep)
            rep->records++;
    }
    ws_records_free(list, n);
    return rc;
}

/* ---- backup ------------------------------------------------------------- */

/* A directory that may be created: absent, or an empty directory. */
static int target_free(const char *dir, const char *what, hb_err *e)
{
    struct stat st;
    if (lstat(dir, &st) != 0)
        return errno == ENOENT ? 0
                               : err_set(e, HB_EIO, "%s: %s", dir,
                                         strerror(errno));
    if (!S_ISDIR(st.st_mode) || !files_dir_empty(dir))
        return err_set(e, HB_EDUP, "%s: already exists and is not empty; "
                       "%s never overwrites", dir, what);
    return 0;
}

/* "DIR.partial-PID" beside dir. */
static char *stage_name(const char *dir, const char *what)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    size_t size = n + 64;
    char *s = malloc(size);
    if (s)
        snprintf(s, size, "%.*s.%s-%ld", (int)n, dir, what, (long)getpid());
    return s;
}

/* Moves the finished stage to its final name. */
static int stage_commit(const char *stage, const char *dir, hb_err *e)
{
    struct stat st;
    if (lstat(dir, &st) == 0 && rmdir(dir) != 0)
        return err_set(e, HB_EIO, "%s: %s", dir, strerror(errno));
    if (rename(stage, dir) != 0)
        return err_set(e, HB_EIO, "%s: %s", dir, strerror(errno));
    return 0;
}

/* The manifest text, sorted by path: "<sha256>  <path>\n". */
static int write_manifest(const char *stage, hash_list *l, hb_err *e)
{
    qsort(l->items, l->n, sizeof *l->items, cmp_hashed);
    size_t cap = 1, len = 0;
    for (size_t i = 0; i < l->n; i++)
        cap += 64 + 2 + strlen(l->items[i].rel) + 1;
    char *text = malloc(cap);
    if (!text)
        return err_set(e, HB_ENOMEM, "backup: out of memory");
    for (size_t i = 0; i < l->n; i++)
        len += (size_t)snprintf(text + len, cap - len, "%s  %s\n",
                                l->items[i].sha, l->items[i].rel);
    char path[4096];
    snprintf(path, sizeof path, "%s/" BACKUP_MANIFEST, stage);
    int rc = files_write_atomic(path, text, len, e);
    free(text);
    return rc;
}

/* Copies every file of ws/sub (all of them, or only page store names). */
static int copy_tree(hb_ws *w, const char *stage, const char *sub,
                     int pages_only, hash_list *l, FILE *log,
                     hb_backup_report *rep, hb_err *e)
{
    char root[4096];
    snprintf(root, sizeof root, "%s/%s", ws_dir(w), sub);
    char **files;
    size_t n;
    if (files_walk(root, &files, &n, e))
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char rel[4096], want[65], got[65];
        snprintf(rel, sizeof rel, "%s/%s", sub, files[i]);
        if (pages_only && !page_name(files[i], want)) {
            if (log)
                fprintf(log, "note: %s/%s is not a page store file; not "
                        "backed up\n", root, files[i]);
            rep->skipped++;
            continue;
        }
        rc = copy_rel(ws_dir(w), stage, rel, l, got, e);
        if (rc == 0 && pages_only && strcmp(got, want) != 0)
            rc = err_set(e, HB_EINVALID, "%s/%s: its content does not match "
                         "its name (SHA-256 %s): the page store is damaged",
                         root, files[i], got);
    }
    files_list_free(files, n);
    return rc;
}

/* The cleaned images the database refers to (relative to the workspace). */
static int copy_clean(hb_ws *w, const char *stage, hash_list *l, FILE *log,
                      hb_backup_report *rep, hb_err *e)
{
    hb_ws_book *books;
    size_t nb;
    if (ws_list_books(w, &books, &nb, e))
        return -1;
    int rc = 0;
    for (size_t b = 0; rc == 0 && b < nb; b++) {
        hb_ws_page *pages;
        size_t np;
        if ((rc = ws_book_pages(w, books[b].id, &pages, &np, e)))
            break;
        for (size_t i = 0; rc == 0 && i < np; i++) {
            const char *c = pages[i].clean_image;
            char sha[65], path[4096];
            if (!c)
                continue;
            snprintf(path, sizeof path, "%s/%s", ws_dir(w), c);
            if (!files_rel_safe(c) || !files_exists(path)) {
                /* derived data: extraction makes it again */
                if (log)
                    fprintf(log, "note: cleaned image %s is missing; not "
                            "backed up\n", c);
                rep->skipped++;
                continue;
            }
            rc = copy_rel(ws_dir(w), stage, c, l, sha, e);
        }
        ws_pages_free(pages, np);
    }
    ws_books_free(books, nb);
    return rc;
}

/* Adds the digest of stage/rel (copied earlier without a digest). */
static int hash_rel(const char *stage, const char *rel, hash_list *l,
                    hb_err *e)
{
    char path[4096], sha[65];
    snprintf(path, sizeof path, "%s/%s", stage, rel);
    if (pagestore_sha256_file(path, sha, e))
        return -1;
    return list_add(l, rel, sha, e);
}

static int backup_into(hb_ws *w, const char *stage, FILE *log,
                       hb_backup_report *rep, hb_err *e)
{
    hash_list l = { 0 };
    char path[4096], sha[65];
    snprintf(path, sizeof path, "%s/" WS_DB_NAME, stage);
    int rc = files_mkdir_p(stage, e);
    /* the database first: the files it refers to exist before it does */
    if (rc == 0)
        rc = ws_backup(w, path, e);
    if (rc == 0)
        rc = copy_rel(ws_dir(w), stage, WS_CONFIG_NAME, &l, sha, e);
    if (rc == 0)
        rc = copy_tree(w, stage, WS_PAGES_DIR, 1, &l, log, rep, e);
    if (rc == 0)
        rc = copy_clean(w, stage, &l, log, rep, e);
    if (rc == 0)
        rc = copy_tree(w, stage, ISSUE_OUTBOX_DIR, 0, &l, log, rep, e);
    if (rc == 0) {
        /* the copy is checked like a restore; then the database's digest
         * (opening it may only leave it as it was) */
        hb_ws *b = ws_open(stage, e);
        rc = b ? backup_check_workspace(b, 0, NULL, e) : -1;
        ws_close(b);
        if (rc) {
            char why[sizeof e->msg];
            snprintf(why, sizeof why, "%s", e->msg);
            err_set(e, e->code, "the backup does not check out: %s", why);
        }
    }
    if (rc == 0)
        rc = hash_rel(stage, WS_DB_NAME, &l, e);
    if (rc == 0) {
        char **all;
        size_t n;
        rc = files_walk(stage, &all, &n, e);
        if (rc == 0 && n != l.n)
            rc = err_set(e, HB_EIO, "%s: %zu files, %zu were copied (a "
                         "leftover of the database?)", stage, n, l.n);
        if (rc == 0)
            files_list_free(all, n);
    }
    for (size_t i = 0; rc == 0 && i < l.n; i++) {
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", stage, l.items[i].rel);
        if (stat(path, &st) == 0)
            rep->bytes += st.st_size;
    }
    /* everything on disk before the manifest declares the copy complete */
    if (rc == 0)
        rc = files_sync_fs(stage, e);
    if (rc == 0) {
        rep->files = (long)l.n;
        rc = write_manifest(stage, &l, e);
    }
    list_free(&l);
    return rc;
}

int backup_workspace(hb_ws *w, const char *dest, FILE *log,
                     hb_backup_report *rep, hb_err *e)
{
    hb_backup_report local;
    if (!rep)
        rep = &local;
    memset(rep, 0, sizeof *rep);
    if (target_free(dest, "a backup", e))
        return -1;
    char *stage = stage_name(dest, "partial");
    if (!stage)
        return err_set(e, HB_ENOMEM, "backup: out of memory");
    hb_err ignored;
    files_remove_tree(stage, &ignored);
    int rc = backup_into(w, stage, log, rep, e);
    if (rc == 0)
        rc = stage_commit(stage, dest, e);
    if (rc)
        files_remove_tree(stage, &ignored);
    free(stage);
    return rc;
}

/* ---- restore ------------------------------------------------------------ */

/* Parses "<64 hex>  <path>" lines into the list; paths must be safe. */
static int read_manifest(const char *src, hash_list *l, hb_err *e)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/" BACKUP_MANIFEST, src);
    size_t len;
    char *text = files_read(path, MANIFEST_MAX, &len, e);
    if (!text) {
        char why[sizeof e->msg];
        snprintf(why, sizeof why, "%s", e->msg);
        return err_set(e, e->code, "%s: not a hocba backup (or an incomplete "
                       "one): %s", src, why);
    }
    int rc = 0, line = 0;
    for (char *s = text, *end; rc == 0 && *s; s = end) {
        end = strchr(s, '\n');
        if (!end)
            end = s + strlen(s);
        else
            *end++ = '\0';
        line++;
        if (!*s)
            continue;
        char sha[65];
        if (strlen(s) < 67 || s[64] != ' ' || s[65] != ' ')
            rc = -1;
        else {
            memcpy(sha, s, 64);
            sha[64] = '\0';
            rc = pagestore_is_sha256(sha) && files_rel_safe(s + 66) ? 0 : -1;
        }
        if (rc)
            err_set(e, HB_EFORMAT, "%s:%d: not \"<sha256>  <path>\"", path,
                    line);
        else
            rc = list_add(l, s + 66, sha, e);
    }
    free(text);
    return rc;
}

static int has_rel(const hash_list *l, const char *rel)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].rel, rel) == 0)
            return 1;
    return 0;
}

static int restore_into(const char *src, const char *stage, const hash_list *l,
                        FILE *log, hb_backup_report *rep, hb_err *e)
{
    if (!has_rel(l, WS_DB_NAME) || !has_rel(l, WS_CONFIG_NAME))
        return err_set(e, HB_EINVALID, "%s/" BACKUP_MANIFEST ": lists no %s; "
                       "not a workspace backup", src,
                       has_rel(l, WS_DB_NAME) ? WS_CONFIG_NAME : WS_DB_NAME);
    int rc = files_mkdir_p(stage, e);
    for (size_t i = 0; rc == 0 && i < l->n; i++) {
        const hashed *h = &l->items[i];
        char got[65], want[65];
        rc = copy_rel(src, stage, h->rel, NULL, got, e);
        if (rc == 0 && strcmp(got, h->sha) != 0)
            rc = err_set(e, HB_EINVALID, "%s/%s: SHA-256 %s, the backup's "
                         "manifest says %s: the backup is damaged", src,
                         h->rel, got, h->sha);
        if (rc == 0 && strncmp(h->rel, WS_PAGES_DIR "/",
                               strlen(WS_PAGES_DIR) + 1) == 0 &&
            (!page_name(h->rel + strlen(WS_PAGES_DIR) + 1, want) ||
             strcmp(want, got) != 0))
            rc = err_set(e, HB_EINVALID, "%s/%s: a page whose content does "
                         "not match its name", src, h->rel);
        if (rc == 0) {
            struct stat st;
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", stage, h->rel);
            if (stat(path, &st) == 0)
                rep->bytes += st.st_size;
            rep->files++;
        }
    }
    /* files the manifest does not list are not part of the backup */
    char **all;
    size_t n;
    if (rc == 0 && files_walk(src, &all, &n, e) == 0) {
        for (size_t i = 0; i < n; i++)
            if (strcmp(all[i], BACKUP_MANIFEST) != 0 && !has_rel(l, all[i])) {
                if (log)
                    fprintf(log, "note: %s/%s is not in the backup's "
                            "manifest; not restored\n", src, all[i]);
                rep->skipped++;
            }
        files_list_free(all, n);
    }
    if (rc == 0) {
        hb_ws *w = ws_open(stage, e);
        rc = w ? backup_check_workspace(w, 1, rep, e) : -1;
        ws_close(w);
    }
    if (rc == 0)
        rc = files_sync_fs(stage, e);
    return rc;
}

int backup_restore(const char *src, const char *dir, FILE *log,
                   hb_backup_report *rep, hb_err *e)
{
    hb_backup_report local;
    if (!rep)
        rep = &local;
    memset(rep, 0, sizeof *rep);
    char db[4096];
    snprintf(db, sizeof db, "%s/" WS_DB_NAME, dir);
    if (files_exists(db))
        return err_set(e, HB_EDUP, "%s: already holds a workspace; a restore "
                       "never overwrites one", dir);
    if (target_free(dir, "a restore", e))
        return -1;
    hash_list l = { 0 };
    if (read_manifest(src, &l, e)) {
        list_free(&l);
        return -1;
    }
    char *stage = stage_name(dir, "restoring");
    int rc = stage ? 0 : err_set(e, HB_ENOMEM, "restore: out of memory");
    hb_err ignored;
    if (rc == 0) {
        files_remove_tree(stage, &ignored);
        rc = restore_into(src, stage, &l, log, rep, e);
    }
    if (rc == 0)
        rc = stage_commit(stage, dir, e);
    if (rc && stage)
        files_remove_tree(stage, &ignored);
    free(stage);
    list_free(&l);
    return rc;
}
