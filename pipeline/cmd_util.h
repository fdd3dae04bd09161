/*
 * cmd_util.h - what several cmd_* files need alike.
 */
#ifndef HB_CMD_UTIL_H
#define HB_CMD_UTIL_H

#include "review.h"
#include "workspace.h"

/* Opens the workspace a command should use (`dir` from -w, else
 * $HOCBA_WORKSPACE, else "."); on failure prints "hocba CMD: reason" on
 * stderr and returns NULL. */
hb_ws *cmd_open_workspace(const char *cmd, const char *dir);

/* "ID" or "ID@VERSION" into id (a copy in buf) and *version (0: the
 * latest); -1 when it is neither. */
int cmd_parse_record(const char *arg, char *buf, size_t size, int *version);

/* Who acts from the command line: the workspace account `as` (its name and
 * role go to the audit trail and the record's XAC_MINH), else the
 * operating system's user ($USER) as a verifier.  `u` holds the account's
 * strings (free with ws_user_clear).  On failure prints "hocba CMD: why"
 * and returns -1. */
int cmd_actor(const char *cmd, hb_ws *w, const char *as, hb_ws_user *u,
              hb_actor *a);

#endif
