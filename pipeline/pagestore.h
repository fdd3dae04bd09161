/*
 * pagestore.h - the content-addressed store of page images (DIR/pages/).
 *
 * Every scanned page is kept as a lossless PNG named by the SHA-256 of its
 * bytes: DIR/pages/ab/abcdef…(64 hex).png, where "ab" is the first two hex
 * digits (so that no directory holds more than a few thousand files).
 * Because the name is the digest:
 *   - the same page stored twice is one file (deduplication is free);
 *   - anyone can check a page with `sha256sum`, and the digest is the one a
 *     signed record cites as provenance (NGUON_SO_HOA/TRANG sha256);
 *   - a file is never modified after it is written, only added.
 * Files are written to a temporary name, flushed to disk and renamed, so a
 * crash never leaves a half-written page under its final name.
 */
#ifndef HB_PAGESTORE_H
#define HB_PAGESTORE_H

#include <stddef.h>

#include "err.h"

/* SHA-256 of a buffer as 64 lower-case hex digits plus NUL (OpenSSL EVP). */
int pagestore_sha256(const void *buf, size_t len, char hex[65], hb_err *e);

/* SHA-256 of a file's bytes. */
int pagestore_sha256_file(const char *path, char hex[65], hb_err *e);

/* Nonzero when `hex` is 64 lower-case hex digits. */
int pagestore_is_sha256(const char *hex);

/* Writes the path of page `sha256` under the store `root` (normally
 * DIR/pages) into buf: "root/ab/abcd….png".  Returns buf, or NULL when it
 * does not fit or sha256 is malformed. */
char *pagestore_path(const char *root, const char *sha256, char *buf,
                     size_t size);

/* Stores the PNG bytes `png` under `root`, named by their digest, which is
 * written to `sha256`.  *added is set to 1 when the file was new, 0 when the
 * store already held it (it is then not rewritten).  The store directory is
 * created when missing. */
int pagestore_put(const char *root, const void *png, size_t len,
                  char sha256[65], int *added, hb_err *e);

/* Re-reads the stored file and checks that its digest is its name:
 * HB_ENOTFOUND when missing, HB_EINVALID when altered. */
int pagestore_verify(const char *root, const char *sha256, hb_err *e);

#endif
