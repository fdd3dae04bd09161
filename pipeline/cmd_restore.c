/*
 * cmd_restore.c - `hocba restore SRC DIR`: a backup made by `hocba backup`
 * into a new workspace DIR, checking every file against the backup's
 * manifest, every page against its name, the database's integrity and
 * every record (backup.h).  An existing workspace is never overwritten.
 */
#include <getopt.h>
#include <stdio.h>

#include "backup.h"
#include "cmd.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: hocba restore SRC DIR\n"
            "Restores the backup SRC (made by 'hocba backup') into the new "
            "workspace DIR,\nwhich must not exist or be empty; nothing is "
            "left in DIR if a check fails.\n");
}

int cmd_restore(int argc, char **argv)
{
    static const struct option opts[] = {
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    int c;
    optind = 0; /* GNU: full reset, cmd_* may run more than once */
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h') {
            usage(stdout);
            return 0;
        }
        usage(stderr);
        return 2;
    }
    if (argc - optind != 2) {
        fprintf(stderr, "hocba restore: give SRC and DIR\n");
        usage(stderr);
        return 2;
    }
    hb_err e;
    hb_backup_report rep;
    err_clear(&e);
    if (backup_restore(argv[optind], argv[optind + 1], stderr, &rep, &e)) {
        fprintf(stderr, "hocba restore: %s\n", e.msg);
        return 1;
    }
    printf("%s: restored %ld files (%.1f MB); %ld pages and %ld records "
           "check out\n", argv[optind + 1], rep.files,
           (double)rep.bytes / 1e6, rep.pages, rep.records);
    return 0;
}
