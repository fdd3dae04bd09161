#include "err.h"

#include <stdarg.h>
#include <stdio.h>

int err_set(hb_err *e, int code, const char *fmt, ...)
{
    if (e) {
        va_list ap;
        va_start(ap, fmt);
        e->code = code;
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
    }
    return -1;
}

void err_clear(hb_err *e)
{
    if (e) {
        e->code = HB_OK;
        e->msg[0] = '\0';
    }
}
