/*
 * server.h - the verification queue's web server (`hocba review`).
 *
 * libmicrohttpd with a small thread pool; each request borrows one of a
 * few workspace connections (hb_ws is one SQLite connection and must not
 * be shared by two threads at once), so many reviewers work at once while
 * `hocba process` workers write to the same database.  The JSON API is
 * described in README.md ("The verification queue"); the UI is the fixed
 * set of files of static.h.
 */
#ifndef HB_SERVER_H
#define HB_SERVER_H

#include "err.h"

typedef struct hb_server hb_server;

/* Starts serving the workspace in `ws_dir` on `listen`, "ADDR:PORT"
 * (IPv4 dotted, or "[v6]:PORT"; port 0 picks a free one).  The server runs
 * in its own threads until review_server_stop.  NULL with `e` filled when
 * the workspace cannot be opened or the address not bound. */
hb_server *review_server_start(const char *ws_dir, const char *listen,
                               hb_err *e);

/* The port actually listened on (useful after port 0). */
int review_server_port(const hb_server *s);

/* Stops accepting, finishes the requests under way, frees everything. */
void review_server_stop(hb_server *s);

#endif
