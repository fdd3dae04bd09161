/*
 * err.h - how errors travel in hocba.
 *
 * Every function that can fail takes an `hb_err *` and returns nonzero on
 * failure after filling it.  The message is one line that names the file (or
 * record, or field) and the reason, ready to be printed as-is on stderr by the
 * `cmd_*` layer, which is the only layer allowed to decide the exit status.
 * Nothing below `cmd_*` calls exit().
 */
#ifndef HB_ERR_H
#define HB_ERR_H

enum hb_err_code {
    HB_OK = 0,
    HB_EIO,       /* a file could not be read or written */
    HB_EFORMAT,   /* the input is not what it claims to be (bad image, bad XML) */
    HB_EINVALID,  /* well-formed but breaks a rule (schema, value set) */
    HB_EDB,       /* the workspace database refused */
    HB_EDUP,      /* already there (a page scanned twice) */
    HB_ENOTFOUND, /* no such record, book, key */
    HB_ECRYPTO,   /* signing, verification, key loading */
    HB_ENOMEM,
    HB_EUSAGE,    /* the caller asked for something meaningless */
    HB_ECONFLICT, /* someone else changed it since the caller read it */
    HB_EDENIED    /* the person is not allowed to do this */
};

typedef struct hb_err {
    int code;
    char msg[1024];
} hb_err;

/* Fills `e` (if not NULL) with `code` and a printf-style message; returns -1
 * so that callers can write `return err_set(e, HB_EIO, "%s: %s", f, why);`. */
int err_set(hb_err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Clears `e` to HB_OK with an empty message. */
void err_clear(hb_err *e);

#endif
