/*
 * cmd_util.h - what several cmd_* files need alike.
 */
#ifndef HB_CMD_UTIL_H
#define HB_CMD_UTIL_H

#include "workspace.h"

/* Opens the workspace a command should use (`dir` from -w, else
 * $HOCBA_WORKSPACE, else "."); on failure prints "hocba CMD: reason" on
 * stderr and returns NULL. */
hb_ws *cmd_open_workspace(const char *cmd, const char *dir);

#endif
