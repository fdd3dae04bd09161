#include "cmd_util.h"

#include <stdio.h>

hb_ws *cmd_open_workspace(const char *cmd, const char *dir)
{
    hb_err e;
    err_clear(&e);
    hb_ws *w = ws_open(ws_locate(dir), &e);
    if (!w)
        fprintf(stderr, "hocba %s: %s\n", cmd, e.msg);
    return w;
}
