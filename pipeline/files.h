/*
 * files.h - the file operations that issuing, export, backup and handover
 * share: directories, whole-file reads, atomic writes, hashed copies and
 * sorted directory walks; and the random identifiers records are named by.
 *
 * Why atomic writes everywhere: a signed record, an export for the
 * Ministry or a backup is only useful complete.  Every file is written to a
 * hidden temporary name in its final directory (".name.tmp-PID"), flushed
 * to disk and renamed, so that a crash or a full disk never leaves half a
 * file under the final name; readers that walk directories skip names
 * beginning with "." for the same reason.
 */
#ifndef HB_FILES_H
#define HB_FILES_H

#include <stddef.h>

#include "err.h"

/* Creates `path` and its missing parents (mode 0755).  An existing
 * directory is fine; an existing non-directory is an error. */
int files_mkdir_p(const char *path, hb_err *e);

/* Nonzero when `path` exists (any kind of file). */
int files_exists(const char *path);

/* Nonzero when `path` is a directory holding nothing but "." and "..";
 * also nonzero when it does not exist. */
int files_dir_empty(const char *path);

/* Reads the whole file into a new NUL-terminated buffer (*len excludes the
 * NUL; may be NULL).  Files over `max` bytes are refused.  Caller frees. */
char *files_read(const char *path, size_t max, size_t *len, hb_err *e);

/* Writes `len` bytes to `path` atomically (see above).  Like every file
 * written through the functions below, it gets mode 0666 less the umask,
 * as any file the user writes. */
int files_write_atomic(const char *path, const void *buf, size_t len,
                       hb_err *e);

/* The same in pieces, for writers that stream (printf, a library writing
 * to a file descriptor or by name):
 *   files_open_temp creates the hidden temporary file beside `path`
 *     exclusively and returns its descriptor (-1 on error), its name in
 *     *tmp;
 *   files_commit_temp flushes `fd` to disk and closes it, renames *tmp
 *     over `path` and flushes the directory, so that the new name survives
 *     a power cut.  fd -1: the file was written by name and closed by a
 *     library (a PDF or TIFF writer); it is opened again to be flushed.
 *     On failure the temporary file is removed and `path` is untouched;
 *   files_discard_temp closes `fd` (when >= 0) and removes the file.
 * Both free *tmp. */
int files_open_temp(const char *path, char **tmp, hb_err *e);
int files_commit_temp(int fd, char *tmp, const char *path, hb_err *e);
void files_discard_temp(int fd, char *tmp);

/* Writes `len` bytes to `path` (created or truncated) with no temporary
 * file and no flush: for files inside a staging directory that is flushed
 * (files_sync_fs) and renamed as a whole. */
int files_write(const char *path, const void *buf, size_t len, hb_err *e);

/* The hidden temporary name beside `path` that the atomic writes use
 * (".name.tmp-PID"), for a writer that needs a path and creates the file
 * itself (a PDF renderer): write there, then files_commit_temp(-1, ...).
 * Caller frees; NULL on allocation failure. */
char *files_temp_name(const char *path);

/* Removes the temporary files of `path` (".name.tmp-PID", ".name.tmp-PID-n")
 * whose process no longer runs on this machine: what a killed writer left.
 * A crash never leaves half a file under the final name; this keeps it
 * from leaving one under the hidden name for good.  A live writer's file
 * is left alone.  Best effort: nothing is reported. */
void files_remove_dead_temps(const char *path);

/* A SHA-256 digest (32 bytes) as 64 lower-case hex digits. */
void files_sha256_hex(const unsigned char md[32], char out[65]);

/* A new random (version 4) UUID, "xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx"
 * in lower case: the form of MA_HO_SO.  Drawn from OpenSSL's generator,
 * which reseeds itself in a forked child, so that the worker processes of
 * `hocba process` never share a sequence.  Caller frees; NULL (with `e`
 * set when not NULL) when the generator or memory fails. */
char *files_make_uuid(hb_err *e);

/* Copies `src` to `dst` atomically, computing the SHA-256 of the bytes
 * copied into `sha256` (may be NULL).  The parent of `dst` must exist. */
int files_copy(const char *src, const char *dst, char sha256[65], hb_err *e);

/* The same without flushing each file to disk: for copying many files
 * (a backup, a handover), which then flush once with files_sync_fs before
 * they write the manifest that declares the copy complete.  A crash before
 * that leaves a staging directory without a manifest, never a half file
 * under a final name of a finished copy. */
int files_copy_nosync(const char *src, const char *dst, char sha256[65],
                      hb_err *e);

/* Flushes the file system holding `path` (syncfs): one call instead of
 * one fsync per file. */
int files_sync_fs(const char *path, hb_err *e);

/* Regular files under `root`, recursively, as paths relative to it
 * ("pages/ab/abcd….png"), sorted bytewise; names beginning with "." (and
 * what is under such directories) are skipped.  A missing `root` gives
 * none.  Free with files_list_free. */
int files_walk(const char *root, char ***paths, size_t *n, hb_err *e);
void files_list_free(char **paths, size_t n);

/* Removes `path` and everything under it (for a staging directory that
 * failed half way).  Missing is fine. */
int files_remove_tree(const char *path, hb_err *e);

/* Nonzero when `rel` is a safe relative path: not empty, not absolute, no
 * "." or ".." component, no empty component, no backslash or control
 * character.  Paths read from a manifest must pass before use. */
int files_rel_safe(const char *rel);

/* "dir/rel" into a new string (caller frees); NULL on allocation failure. */
char *files_join(const char *dir, const char *rel);

#endif
