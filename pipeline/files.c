/* files.c - shared file operations (see files.h). */
#include "files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *files_join(const char *dir, const char *rel)
{
    size_t n = strlen(dir) + strlen(rel) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, rel);
    return p;
}

int files_exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

int files_dir_empty(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return errno == ENOENT;
    struct dirent *de;
    int empty = 1;
    while (empty && (de = readdir(d)))
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
            empty = 0;
    closedir(d);
    return empty;
}

int files_mkdir_p(const char *path, hb_err *e)
{
    char *p = strdup(path);
    if (!p)
        return err_set(e, HB_ENOMEM, "%s: out of memory", path);
    /* each prefix ending at a '/', then the whole path */
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        struct stat st;
        if (mkdir(p, 0755) != 0 &&
            (errno != EEXIST || stat(p, &st) != 0 || !S_ISDIR(st.st_mode))) {
            int rc = err_set(e, HB_EIO, "%s: %s", p,
                             errno == EEXIST ? "exists and is not a directory"
                                             : strerror(errno));
            free(p);
            return rc;
        }
        *s = c;
        if (c == '\0')
            break;
    }
    free(p);
    return 0;
}

char *files_read(const char *path, size_t max, size_t *len, hb_err *e)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        err_set(e, errno == ENOENT ? HB_ENOTFOUND : HB_EIO, "%s: %s", path,
                strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) ||
        (size_t)st.st_size > max) {
        fclose(f);
        err_set(e, HB_EIO, "%s: %s", path,
                !S_ISREG(st.st_mode) ? "not a regular file"
                                     : "too large to read");
        return NULL;
    }
    size_t size = (size_t)st.st_size;
    char *buf = malloc(size + 1);
    if (!buf) {
        fclose(f);
        err_set(e, HB_ENOMEM, "%s: out of memory", path);
        return NULL;
    }
    size_t got = fread(buf, 1, size, f);
    int bad = ferror(f) || got != size;
    fclose(f);
    if (bad) {
        free(buf);
        err_set(e, HB_EIO, "%s: read error", path);
        return NULL;
    }
    buf[size] = '\0';
    if (len)
        *len = size;
    return buf;
}

/* ".name.tmp-PID" beside `path`, or ".name.tmp-PID-n" for n > 0. */
static char *temp_name(const char *path, unsigned n)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    size_t size = strlen(path) + 48;
    char *t = malloc(size);
    if (!t)
        return NULL;
    int k = snprintf(t, size, "%.*s.%s.tmp-%ld", (int)dirlen, path,
                     path + dirlen, (long)getpid());
    if (n)
        snprintf(t + k, size - (size_t)k, "-%u", n);
    return t;
}

char *files_temp_name(const char *path)
{
    return temp_name(path, 0);
}

void files_remove_dead_temps(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) : 0;
    const char *base = slash ? slash + 1 : path;
    char dir[4096], prefix[1024];
    if (dirlen >= sizeof dir ||
        snprintf(prefix, sizeof prefix, ".%s.tmp-", base) >= (int)sizeof prefix)
        return;
    if (slash)
        snprintf(dir, sizeof dir, "%.*s", (int)(dirlen ? dirlen : 1), path);
    else
        snprintf(dir, sizeof dir, ".");
    DIR *d = opendir(dir);
    if (!d)
        return;
    size_t pl = strlen(prefix);
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (strncmp(de->d_name, prefix, pl) != 0)
            continue;
        char *end;
        errno = 0;
        long pid = strtol(de->d_name + pl, &end, 10);
        if (errno || pid <= 0 || end == de->d_name + pl ||
            (*end != '\0' && *end != '-'))
            continue;
        if (pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue; /* ours, alive, or not ours to judge */
        char full[4096 + 1024];
        snprintf(full, sizeof full, "%s/%s", dir, de->d_name);
        (void)unlink(full);
    }
    closedir(d);
}

/* fsync of the directory holding `path`, so that the rename is durable. */
static void sync_parent(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    int fd = open(dir[0] ? dir : "/", O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

/* Writes through `fd` fully. */
static int write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

int files_open_temp(const char *path, char **tmp, hb_err *e)
{
    *tmp = NULL;
    /* O_EXCL, and another name when one is taken: a file left by a crashed
     * process that had the same PID is never written into. */
    for (unsigned n = 0; n < 100; n++) {
        char *t = temp_name(path, n);
        if (!t)
            return err_set(e, HB_ENOMEM, "%s: out of memory", path);
        int fd = open(t, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            *tmp = t;
            return fd;
        }
        int err = errno;
        free(t);
        if (err != EEXIST)
            return err_set(e, HB_EIO, "%s: %s", path, strerror(err));
    }
    return err_set(e, HB_EIO, "%s: no free temporary name beside it", path);
}

int files_commit_temp(int fd, char *tmp, const char *path, hb_err *e)
{
    int rc = 0;
    if (fd < 0 && (fd = open(tmp, O_RDONLY | O_CLOEXEC)) < 0)
        rc = err_set(e, HB_EIO, "%s: %s", path, strerror(errno));
    if (fd >= 0) {
        if (fsync(fd) != 0)
            rc = err_set(e, HB_EIO, "%s: %s", path, strerror(errno));
        if (close(fd) != 0 && rc == 0)
            rc = err_set(e, HB_EIO, "%s: %s", path, strerror(errno));
    }
    if (rc == 0 && rename(tmp, path) != 0)
        rc = err_set(e, HB_EIO, "%s: %s", path, strerror(errno));
    if (rc)
        unlink(tmp);
    else
        sync_parent(path);
    free(tmp);
    return rc;
}

void files_discard_temp(int fd, char *tmp)
{
    if (fd >= 0)
        close(fd);
    if (tmp)
        unlink(tmp);
    free(tmp);
}

int files_write_atomic(const char *path, const void *buf, size_t len,
                       hb_err *e)
{
    char *tmp;
    int fd = files_open_temp(path, &tmp, e);
    if (fd < 0)
        return -1;
    if (write_all(fd, buf, len) != 0) {
        int err = errno;
        files_discard_temp(fd, tmp);
        return err_set(e, HB_EIO, "%s: %s", path, strerror(err));
    }
    return files_commit_temp(fd, tmp, path, e);
}

int files_write(const char *path, const void *buf, size_t len, hb_err *e)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return err_set(e, HB_EIO, "%s: %s", path, strerror(errno));
    int rc = write_all(fd, buf, len) == 0
                 ? 0 : err_set(e, HB_EIO, "%s: %s", path, strerror(errno));
    if (close(fd) != 0 && rc == 0)
        rc = err_set(e, HB_EIO, "%s: %s", path, strerror(errno));
    return rc;
}

void files_sha256_hex(const unsigned char md[32], char out[65])
{
    static const char hx[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = hx[md[i] >> 4];
        out[2 * i + 1] = hx[md[i] & 15];
    }
    out[64] = '\0';
}

char *files_make_uuid(hb_err *e)
{
    unsigned char b[16];
    if (RAND_bytes(b, sizeof b) != 1) {
        err_set(e, HB_ECRYPTO, "UUID: OpenSSL random generator failed");
        return NULL;
    }
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    char *s = malloc(37);
    if (!s) {
        err_set(e, HB_ENOMEM, "UUID: out of memory");
        return NULL;
    }
    snprintf(s, 37,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
             "%02x%02x%02x%02x%02x%02x",
             b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10],
             b[11], b[12], b[13], b[14], b[15]);
    return s;
}

static int copy_file(const char *src, const char *dst, char sha256[65],
                     int sync, hb_err *e)
{
    int in = open(src, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return err_set(e, errno == ENOENT ? HB_ENOTFOUND : HB_EIO, "%s: %s",
                       src, strerror(errno));
    char *tmp = NULL;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    int out = -1, rc = 0;
    if (!ctx)
        rc = err_set(e, HB_ENOMEM, "%s: out of memory", dst);
    else if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
        rc = err_set(e, HB_ECRYPTO, "%s: SHA-256 unavailable", src);
    else if ((out = files_open_temp(dst, &tmp, e)) < 0)
        rc = -1;
    char buf[65536];
    while (rc == 0) {
        ssize_t got = read(in, buf, sizeof buf);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            rc = err_set(e, HB_EIO, "%s: %s", src, strerror(errno));
        else if (got == 0)
            break;
        else if (EVP_DigestUpdate(ctx, buf, (size_t)got) != 1)
            rc = err_set(e, HB_ECRYPTO, "%s: SHA-256 failed", src);
        else if (write_all(out, buf, (size_t)got) != 0)
            rc = err_set(e, HB_EIO, "%s: %s", dst, strerror(errno));
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    if (rc == 0 && (EVP_DigestFinal_ex(ctx, md, &mdlen) != 1 || mdlen != 32))
        rc = err_set(e, HB_ECRYPTO, "%s: SHA-256 failed", src);
    if (out >= 0 && rc)
        files_discard_temp(out, tmp);
    else if (out >= 0 && sync)
        rc = files_commit_temp(out, tmp, dst, e);
    else if (out >= 0) {
        /* no flush: the caller flushes the whole copy at once */
        if (close(out) != 0)
            rc = err_set(e, HB_EIO, "%s: %s", dst, strerror(errno));
        if (rc == 0 && rename(tmp, dst) != 0)
            rc = err_set(e, HB_EIO, "%s: %s", dst, strerror(errno));
        if (rc)
            unlink(tmp);
        free(tmp);
    }
    if (rc == 0 && sha256)
        files_sha256_hex(md, sha256);
    close(in);
    EVP_MD_CTX_free(ctx);
    return rc;
}

int files_copy(const char *src, const char *dst, char sha256[65], hb_err *e)
{
    return copy_file(src, dst, sha256, 1, e);
}

int files_copy_nosync(const char *src, const char *dst, char sha256[65],
                      hb_err *e)
{
    return copy_file(src, dst, sha256, 0, e);
}

int files_sync_fs(const char *path, hb_err *e)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return err_set(e, HB_EIO, "%s: %s", path, strerror(errno));
    int rc = syncfs(fd) == 0 ? 0
                             : err_set(e, HB_EIO, "%s: cannot flush to disk: "
                                       "%s", path, strerror(errno));
    close(fd);
    return rc;
}

typedef struct walk {
    char **paths;
    size_t n, cap;
    hb_err *e;
} walk;

static int walk_add(walk *w, const char *rel)
{
    if (w->n == w->cap) {
        size_t nc = w->cap ? w->cap * 2 : 64;
        char **p = realloc(w->paths, nc * sizeof *p);
        if (!p)
            return err_set(w->e, HB_ENOMEM, "out of memory");
        w->paths = p;
        w->cap = nc;
    }
    if (!(w->paths[w->n] = strdup(rel)))
        return err_set(w->e, HB_ENOMEM, "out of memory");
    w->n++;
    return 0;
}

/* Walks root/rel (rel "" for root itself). */
static int walk_dir(walk *w, const char *root, const char *rel)
{
    char *dir = rel[0] ? files_join(root, rel) : strdup(root);
    if (!dir)
        return err_set(w->e, HB_ENOMEM, "out of memory");
    DIR *d = opendir(dir);
    if (!d) {
        int rc = errno == ENOENT && !rel[0]
                     ? 0
                     : err_set(w->e, HB_EIO, "%s: %s", dir, strerror(errno));
        free(dir);
        return rc;
    }
    struct dirent *de;
    int rc = 0;
    while (rc == 0 && (de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char *sub = rel[0] ? files_join(rel, de->d_name) : strdup(de->d_name);
        char *full = sub ? files_join(root, sub) : NULL;
        struct stat st;
        if (!sub || !full)
            rc = err_set(w->e, HB_ENOMEM, "out of memory");
        else if (lstat(full, &st) != 0)
            rc = errno == ENOENT ? 0 /* removed meanwhile */
                                 : err_set(w->e, HB_EIO, "%s: %s", full,
                                           strerror(errno));
        else if (S_ISDIR(st.st_mode))
            rc = walk_dir(w, root, sub);
        else if (S_ISREG(st.st_mode))
            rc = walk_add(w, sub);
        /* symbolic links, sockets...: not data a workspace holds */
        free(sub);
        free(full);
    }
    closedir(d);
    free(dir);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int files_walk(const char *root, char ***paths, size_t *n, hb_err *e)
{
    walk w = { NULL, 0, 0, e };
    *paths = NULL;
    *n = 0;
    if (walk_dir(&w, root, "")) {
        files_list_free(w.paths, w.n);
        return -1;
    }
    if (w.n)
        qsort(w.paths, w.n, sizeof *w.paths, cmp_str);
    *paths = w.paths;
    *n = w.n;
    return 0;
}

void files_list_free(char **paths, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
}

int files_remove_tree(const char *path, hb_err *e)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0
                               : err_set(e, HB_EIO, "%s: %s", path,
                                         strerror(errno));
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (!d)
            return err_set(e, HB_EIO, "%s: %s", path, strerror(errno));
        struct dirent *de;
        int rc = 0;
        while (rc == 0 && (de = readdir(d))) {
            if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
                continue;
            char *sub = files_join(path, de->d_name);
            rc = sub ? files_remove_tree(sub, e)
                     : err_set(e, HB_ENOMEM, "out of memory");
            free(sub);
        }
        closedir(d);
        if (rc)
            return rc;
        if (rmdir(path) != 0)
            return err_set(e, HB_EIO, "%s: %s", path, strerror(errno));
        return 0;
    }
    if (unlink(path) != 0)
        return err_set(e, HB_EIO, "%s: %s", path, strerror(errno));
    return 0;
}

int files_rel_safe(const char *rel)
{
    if (!rel || !*rel || rel[0] == '/')
        return 0;
    const char *s = rel;
    for (;;) {
        const char *end = strchr(s, '/');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        if (len == 0 || (len == 1 && s[0] == '.') ||
            (len == 2 && s[0] == '.' && s[1] == '.'))
            return 0;
        for (size_t i = 0; i < len; i++)
            if ((unsigned char)s[i] < 0x20 || s[i] == '\\' || s[i] == 0x7f)
                return 0;
        if (!end)
            return 1;
        s = end + 1;
    }
}
