/*
 * static.h - the review UI's files, built into the program.
 *
 * The server answers only for the files of this fixed table, made at build
 * time from review/static/ by review/embed_main.c: no file is ever opened
 * from a name in a request, so no path (`../`, `%2e%2e`, a symlink) can
 * reach anything else, and the UI cannot be changed on a school's PC by
 * replacing a file beside the program.
 */
#ifndef HB_STATIC_H
#define HB_STATIC_H

#include <stddef.h>

typedef struct hb_static_file {
    const char *name;          /* "index.html", "app.js" */
    const char *type;          /* "text/html; charset=utf-8", ... */
    const unsigned char *data;
    size_t len;
} hb_static_file;

/* The table, ended by an entry whose name is NULL. */
extern const hb_static_file review_static_files[];

/* The file called `name` exactly, or NULL. */
const hb_static_file *review_static_find(const char *name);

#endif
