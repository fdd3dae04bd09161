/*
 * cmd_approve.c - `hocba approve`: a reviewed record is ready to sign.
 *
 *   hocba approve [-w DIR] RECORD [--as LOGIN]
 *
 * The twin of the review UI's "Duyệt hồ sơ" button for scripts.  Refused
 * (exit 1) while a flagged field has neither been cleared nor explained by
 * a note (review.h); the refusal names the fields.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "cmd_util.h"
#include "review.h"

static void usage(FILE *out)
{
    fprintf(out, "usage: hocba approve [-w DIR] RECORD [--as LOGIN]\n"
                 "  RECORD   a record id, or ID@VERSION\n"
                 "  --as     the workspace account approving (default: "
                 "$USER)\n");
}

int cmd_approve(int argc, char **argv)
{
    static const struct option opts[] = {
        { "workspace", required_argument, NULL, 'w' },
        { "as", required_argument, NULL, 'a' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    const char *wsdir = NULL, *as = NULL;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "w:a:h", opts, NULL)) != -1) {
        switch (c) {
        case 'w': wsdir = optarg; break;
        case 'a': as = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    char id[128];
    int version;
    if (argc - optind != 1 ||
        cmd_parse_record(argv[optind], id, sizeof id, &version)) {
        fprintf(stderr, "hocba approve: give one RECORD (ID or ID@VERSION)\n");
        usage(stderr);
        return 2;
    }
    hb_ws *w = cmd_open_workspace("approve", wsdir);
    if (!w)
        return 1;
    hb_ws_user u;
    hb_actor a;
    if (cmd_actor("approve", w, as, &u, &a)) {
        ws_close(w);
        return 1;
    }
    hb_err e;
    err_clear(&e);
    int rc = review_approve(w, id, version, &a, 0, NULL, &e);
    ws_user_clear(&u);
    ws_close(w);
    if (rc) {
        fprintf(stderr, "hocba approve: %s\n", e.msg);
        return 1;
    }
    printf("hocba approve: %s approved\n", id);
    return 0;
}
