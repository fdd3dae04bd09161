#include "cmd_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

hb_ws *cmd_open_workspace(const char *cmd, const char *dir)
{
    hb_err e;
    err_clear(&e);
    hb_ws *w = ws_open(ws_locate(dir), &e);
    if (!w)
        fprintf(stderr, "hocba %s: %s\n", cmd, e.msg);
    return w;
}

int cmd_parse_record(const char *arg, char *buf, size_t size, int *version)
{
    const char *at = strchr(arg, '@');
    size_t len = at ? (size_t)(at - arg) : strlen(arg);
    *version = 0;
    if (len == 0 || len >= size)
        return -1;
    memcpy(buf, arg, len);
    buf[len] = '\0';
    if (!at)
        return 0;
    char *end;
    long v = strtol(at + 1, &end, 10);
    if (!at[1] || *end || v < 1 || v > 1000000)
        return -1;
    *version = (int)v;
    return 0;
}

int cmd_actor(const char *cmd, hb_ws *w, const char *as, hb_ws_user *u,
              hb_actor *a)
{
    memset(u, 0, sizeof *u);
    if (as) {
        hb_err e;
        err_clear(&e);
        if (ws_user_get(w, as, 0, u, &e)) {
            fprintf(stderr, "hocba %s: --as %s: %s\n", cmd, as, e.msg);
            return -1;
        }
        if (u->disabled) {
            fprintf(stderr, "hocba %s: --as %s: the account is disabled\n",
                    cmd, as);
            ws_user_clear(u);
            return -1;
        }
        a->login = u->login;
        a->full_name = u->full_name;
        a->role_word = review_role_word(u->role);
        return 0;
    }
    const char *user = getenv("USER");
    a->login = user && *user ? user : "hocba";
    a->full_name = a->login;
    a->role_word = review_role_word(NULL);
    return 0;
}
