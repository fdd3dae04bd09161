/*
 * cmd_handover.c - `hocba handover [-w DIR] DEST`: everything the school
 * owns, in open formats (XML, PNG, CSV, text), for when it moves to another
 * system (handover.h).  DEST must not exist.
 */
#include <getopt.h>
#include <stdio.h>

#include "cmd.h"
#include "cmd_util.h"
#include "handover.h"
#include "workspace.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: hocba handover [-w DIR] DEST\n"
            "Writes into the new directory DEST every record (XML, PDF when "
            "issued), every\nscanned page (PNG), the tables as CSV (books, "
            "pages, records, fields, audit,\nrevocations), the config and "
            "the schemas, with README.txt and MANIFEST.sha256.\n");
}

int cmd_handover(int argc, char **argv)
{
    static const struct option opts[] = {
        { "workspace", required_argument, NULL, 'w' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    const char *wsdir = NULL;
    int c;
    optind = 0; /* GNU: full reset, cmd_* may run more than once */
    while ((c = getopt_long(argc, argv, "w:h", opts, NULL)) != -1) {
        switch (c) {
        case 'w': wsdir = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (argc - optind != 1) {
        fprintf(stderr, "hocba handover: give one DEST directory\n");
        usage(stderr);
        return 2;
    }
    hb_err e;
    err_clear(&e);
    hb_ws *w = cmd_open_workspace("handover", wsdir);
    if (!w)
        return 1;
    hb_handover_report rep;
    int rc = handover_workspace(w, argv[optind], stderr, &rep, &e);
    ws_close(w);
    if (rc) {
        fprintf(stderr, "hocba handover: %s\n", e.msg);
        return 1;
    }
    printf("%s: %ld record versions, %ld pages, %ld files%s\n", argv[optind],
           rep.records, rep.pages, rep.files,
           rep.missing_pages ? " (some page images were missing: see above)"
                             : "");
    return rep.missing_pages ? 1 : 0;
}
