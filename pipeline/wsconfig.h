/*
 * wsconfig.h - a workspace's configuration file (DIR/config).
 *
 * The school a workspace digitizes for, and who must sign its records.  A
 * plain UTF-8 text file that a clerk can open in any editor:
 *
 *     # hocba workspace
 *     school_code = 27001234
 *     school_name = Trường THCS Nguyễn Du
 *     commune     = Phường Đông Thành
 *     province    = Ninh Bình
 *     sign_roles  = NGUOI_XAC_MINH CBQL
 *     school_cert =
 *
 * One `key = value` per line; `#` starts a comment line; blank lines are
 * ignored; values are stored NFC with white space folded.  The school fields
 * name the school that keeps this workspace, in the words of CO_SO_GIAO_DUC
 * (MA_TRUONG, TEN_TRUONG, XA_PHUONG, TINH); a record takes its school from
 * its paper (a student may have changed schools), never silently from
 * here.  sign_roles lists the signature slots a digitized record needs
 * before it is issued: by default the verifier (NGUOI_XAC_MINH) and the
 * principal (CBQL); past teachers' slots may stay empty for legacy paper.
 * school_cert names the school's organisational certificate (KY_PHAT_HANH:
 * a PKCS#12 file or a pkcs11: URI); when set, it signs too.
 */
#ifndef HB_WSCONFIG_H
#define HB_WSCONFIG_H

#include <stddef.h>

#include "err.h"

#define HB_WSCONFIG_MAX_ROLES 8

typedef struct hb_wsconfig {
    char *school_code;  /* MA_TRUONG; "" when not yet set */
    char *school_name;  /* TEN_TRUONG */
    char *commune;      /* XA_PHUONG: commune or ward */
    char *province;     /* TINH */
    char *school_cert;  /* KY_PHAT_HANH key, "" = none */
    char *roles[HB_WSCONFIG_MAX_ROLES]; /* required signers, in order */
    size_t n_roles;
} hb_wsconfig;

/* Fills `c` with the defaults: empty school, roles NGUOI_XAC_MINH CBQL, no
 * certificate.  Returns -1 (and leaves `c` empty) on allocation failure. */
int wsconfig_init(hb_wsconfig *c, hb_err *e);
void wsconfig_free(hb_wsconfig *c);

/* Sets one key from its text form (the file's keys above); the value is
 * normalized.  Errors name `where` ("config:7") and the reason: unknown key,
 * invalid UTF-8, unknown role. */
int wsconfig_set(hb_wsconfig *c, const char *key, const char *value,
                 const char *where, hb_err *e);

/* Reads `path` over the defaults already in `c`. */
int wsconfig_read(hb_wsconfig *c, const char *path, hb_err *e);

/* Writes `c` to `path` (atomically: a temporary file renamed over it). */
int wsconfig_write(const hb_wsconfig *c, const char *path, hb_err *e);

/* Nonzero when `role` is one of the signature roles of the vocabulary
 * (NGUOI_XAC_MINH, GVCN, GVBM, CBQL, KY_PHAT_HANH). */
int wsconfig_role_known(const char *role);

/* Nonzero when `role` is in c->roles. */
int wsconfig_role_required(const hb_wsconfig *c, const char *role);

#endif
