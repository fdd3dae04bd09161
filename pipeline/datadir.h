/*
 * datadir.h - where hocba's read-only data lives (schemas/, review/static/).
 * $HOCBA_DATADIR when set, else the directory compiled in (the source tree
 * for a developer build, $(PREFIX)/share/hocba for an installed one).
 */
#ifndef HB_DATADIR_H
#define HB_DATADIR_H

#include <stddef.h>

/* Writes DATADIR/rel into buf; returns buf, or NULL when it does not fit. */
char *datadir_path(const char *rel, char *buf, size_t size);

#endif
