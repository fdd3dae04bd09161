/*
 * cmd_backup.c - `hocba backup [-w DIR] DEST`: a consistent copy of the
 * workspace, safe to take while workers and the review server run
 * (backup.h).  DEST must not exist; it is complete when it appears.
 */
#include <getopt.h>
#include <stdio.h>

#include "backup.h"
#include "cmd.h"
#include "cmd_util.h"
#include "workspace.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: hocba backup [-w DIR] DEST\n"
            "Copies the workspace (database, page store, cleaned images, "
            "outbox, config)\ninto the new directory DEST, with "
            "DEST/" BACKUP_MANIFEST " (check it with\n"
            "'cd DEST && sha256sum -c " BACKUP_MANIFEST "').  Safe while "
            "hocba process or review run.\nRestore with 'hocba restore DEST "
            "NEWDIR'.\n");
}

int cmd_backup(int argc, char **argv)
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
        fprintf(stderr, "hocba backup: give one DEST directory\n");
        usage(stderr);
        return 2;
    }
    hb_err e;
    err_clear(&e);
    hb_ws *w = cmd_open_workspace("backup", wsdir);
    if (!w)
        return 1;
    hb_backup_report rep;
    int rc = backup_workspace(w, argv[optind], stderr, &rep, &e);
    ws_close(w);
    if (rc) {
        fprintf(stderr, "hocba backup: %s\n", e.msg);
        return 1;
    }
    printf("%s: %ld files, %.1f MB (%ld skipped)\n", argv[optind], rep.files,
           (double)rep.bytes / 1e6, rep.skipped);
    return 0;
}
