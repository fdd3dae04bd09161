/* pagestore.c - content-addressed page images (see pagestore.h). */
#include "pagestore.h"
#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int pagestore_sha256(const void *buf, size_t len, char hex[65], hb_err *e)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    if (EVP_Digest(buf, len, md, &n, EVP_sha256(), NULL) != 1 || n != 32)
        return err_set(e, HB_ECRYPTO, "SHA-256: OpenSSL digest failed");
    files_sha256_hex(md, hex);
    return 0;
}

int pagestore_sha256_file(const char *path, char hex[65], hb_err *e)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set(e, errno == ENOENT ? HB_ENOTFOUND : HB_EIO, "%s: %s",
                       path, strerror(errno));
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(ctx);
        fclose(f);
        return err_set(e, HB_ECRYPTO, "%s: SHA-256: OpenSSL failed", path);
    }
    unsigned char chunk[65536];
    size_t got;
    int rc = 0;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (EVP_DigestUpdate(ctx, chunk, got) != 1) {
            rc = err_set(e, HB_ECRYPTO, "%s: SHA-256: OpenSSL failed", path);
            break;
        }
    if (rc == 0 && ferror(f))
        rc = err_set(e, HB_EIO, "%s: read error", path);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    if (rc == 0 && (EVP_DigestFinal_ex(ctx, md, &n) != 1 || n != 32))
        rc = err_set(e, HB_ECRYPTO, "%s: SHA-256: OpenSSL failed", path);
    if (rc == 0)
        files_sha256_hex(md, hex);
    EVP_MD_CTX_free(ctx);
    fclose(f);
    return rc;
}

int pagestore_is_sha256(const char *hex)
{
    if (!hex)
        return 0;
    size_t i;
    for (i = 0; hex[i]; i++)
        if (!((hex[i] >= '0' && hex[i] <= '9') || (hex[i] >= 'a' && hex[i] <= 'f')))
            return 0;
    return i == 64;
}

char *pagestore_path(const char *root, const char *sha256, char *buf,
                     size_t size)
{
    if (!pagestore_is_sha256(sha256))
        return NULL;
    int n = snprintf(buf, size, "%s/%.2s/%s.png", root, sha256, sha256);
    if (n < 0 || (size_t)n >= size)
        return NULL;
    return buf;
}

static int ensure_dir(const char *dir, hb_err *e)
{
    if (mkdir(dir, 0755) == 0 || errno == EEXIST)
        return 0;
    return err_set(e, HB_EIO, "%s: %s", dir, strerror(errno));
}

int pagestore_put(const char *root, const void *png, size_t len,
                  char sha256[65], int *added, hb_err *e)
{
    char path[4096], dir[4096];
    *added = 0;
    if (pagestore_sha256(png, len, sha256, e))
        return -1;
    if (!pagestore_path(root, sha256, path, sizeof path) ||
        snprintf(dir, sizeof dir, "%s/%.2s", root, sha256) >= (int)sizeof dir)
        return err_set(e, HB_EIO, "%s: path too long", root);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len)
        return 0; /* already stored: same name means same bytes */
    if (ensure_dir(root, e) || ensure_dir(dir, e))
        return -1;
    /* written to a hidden temporary name, flushed, renamed, and the
     * directory flushed (files.h), so a crash never leaves half a page
     * under its final name, nor a stray name that looks like a page */
    if (files_write_atomic(path, png, len, e))
        return -1;
    *added = 1;
    return 0;
}

int pagestore_verify(const char *root, const char *sha256, hb_err *e)
{
    char path[4096], got[65];
    if (!pagestore_path(root, sha256, path, sizeof path))
        return err_set(e, HB_EINVALID, "%s: not a page digest", sha256);
    if (pagestore_sha256_file(path, got, e))
        return -1;
    if (strcmp(got, sha256) != 0)
        return err_set(e, HB_EINVALID,
                       "%s: altered: its SHA-256 is now %s", path, got);
    return 0;
}
