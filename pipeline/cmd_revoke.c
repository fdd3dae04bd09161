/*
 * cmd_revoke.c - `hocba revoke`: withdraw an issued record (thu hồi) and
 * start its correction as a new version (revoke.h).
 *
 *   hocba revoke [-w DIR] RECORD --reason TEXT --by NAME [--version N]
 *
 * RECORD is the record's id (MA_HO_SO); without --version its latest
 * version is revoked, which must be issued (or signed).  --by names the
 * principal who approved the revocation; both go to the audit trail.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "cmd_util.h"
#include "revoke.h"
#include "workspace.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: hocba revoke [-w DIR] RECORD --reason TEXT --by NAME "
            "[--version N]\n"
            "  RECORD        the record id (MA_HO_SO) of an issued record\n"
            "  --reason TEXT why it is revoked (lý do thu hồi)\n"
            "  --by NAME     who approved the revocation (the principal)\n"
            "  --version N   the version to revoke (default: the latest)\n"
            "A new draft version (PHIEN_BAN + 1, THAY_THE = SHA-256 of the "
            "revoked XML)\nis created; it goes through review and signing "
            "again.\n");
}

int cmd_revoke(int argc, char **argv)
{
    static const struct option opts[] = {
        { "workspace", required_argument, NULL, 'w' },
        { "reason", required_argument, NULL, 'r' },
        { "by", required_argument, NULL, 'b' },
        { "version", required_argument, NULL, 'v' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    const char *wsdir = NULL, *reason = NULL, *by = NULL;
    int version = 0, c;
    optind = 0; /* GNU: full reset, cmd_* may run more than once */
    while ((c = getopt_long(argc, argv, "w:r:b:v:h", opts, NULL)) != -1) {
        switch (c) {
        case 'w': wsdir = optarg; break;
        case 'r': reason = optarg; break;
        case 'b': by = optarg; break;
        case 'v': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > 1000000) {
                fprintf(stderr, "hocba revoke: --version %s: not a version "
                        "number\n", optarg);
                return 2;
            }
            version = (int)v;
            break;
        }
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (argc - optind != 1 || !reason || !by) {
        fprintf(stderr, "hocba revoke: %s\n",
                argc - optind != 1 ? "give one RECORD"
                : !reason ? "--reason is required"
                          : "--by is required (who approved the revocation)");
        usage(stderr);
        return 2;
    }
    const char *id = argv[optind];
    hb_err e;
    err_clear(&e);
    hb_ws *w = cmd_open_workspace("revoke", wsdir);
    if (!w)
        return 1;
    int newv = 0, rc = revoke_record(w, id, version, reason, by, &newv, &e);
    if (rc) {
        fprintf(stderr, "hocba revoke: %s\n", e.msg);
    } else {
        hb_ws_revocation rv;
        int got = ws_revocation_get(w, id, newv - 1, &rv, &e);
        printf("%s v%d: đã thu hồi (revoked) by %s: %s\n", id, newv - 1,
               got == 1 ? rv.by : by, got == 1 ? rv.reason : reason);
        printf("%s v%d: bản nháp thay thế (replacing draft), THAY_THE %s\n",
               id, newv, got == 1 ? rv.sha256 : "?");
        if (got == 1)
            ws_revocation_clear(&rv);
    }
    ws_close(w);
    return rc ? 1 : 0;
}
