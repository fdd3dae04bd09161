/*
 * pool.h - a few workspace connections shared by the server's threads.
 *
 * One hb_ws is one SQLite connection, which must not be used by two
 * threads at once (workspace.h).  Opening one per request would pay the
 * open, the schema check and the config read every time; one per thread
 * cannot be arranged with libmicrohttpd's pool.  So the server opens a
 * fixed number at start and each request borrows one for its duration:
 * when all are out, the next request waits (condition variable) until one
 * comes back.
 */
#ifndef HB_REVIEW_POOL_H
#define HB_REVIEW_POOL_H

#include <stddef.h>

#include "err.h"
#include "workspace.h"

typedef struct review_pool review_pool;

/* Opens `n` (>= 1) connections to the workspace in `dir`.  NULL with `e`
 * filled when the workspace cannot be opened. */
review_pool *review_pool_open(const char *dir, size_t n, hb_err *e);

/* A connection for the calling thread alone, until it is given back;
 * waits while every connection is out. */
hb_ws *review_pool_borrow(review_pool *p);
void review_pool_give(review_pool *p, hb_ws *w);

/* Closes every connection; none may be out. */
void review_pool_close(review_pool *p);

#endif
