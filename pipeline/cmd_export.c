/*
 * cmd_export.c - `hocba export`: one school year's issued records and a
 * manifest, for upload to the Ministry's database (export.h).
 *
 *   hocba export [-w DIR] --year YYYY-YYYY --out OUTDIR
 *   hocba export --check OUTDIR
 *
 * The second form checks an export directory on its own (before an upload,
 * or after copying it to another machine); it needs no workspace.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "cmd_util.h"
#include "export.h"
#include "issue.h"
#include "workspace.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: hocba export [-w DIR] --year YYYY-YYYY --out OUTDIR\n"
            "       hocba export --check OUTDIR\n"
            "Writes every issued record of the school year (signed XML + "
            "PDF) and\nOUTDIR/manifest.xml (schemas/export-1.xsd), then "
            "checks the directory.\nRunning it again updates OUTDIR in place "
            "and removes files no longer exported.\n");
}

int cmd_export(int argc, char **argv)
{
    static const struct option opts[] = {
        { "workspace", required_argument, NULL, 'w' },
        { "year", required_argument, NULL, 'y' },
        { "out", required_argument, NULL, 'o' },
        { "check", required_argument, NULL, 'c' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    const char *wsdir = NULL, *year = NULL, *out = NULL, *check = NULL;
    int c;
    optind = 0; /* GNU: full reset, cmd_* may run more than once */
    while ((c = getopt_long(argc, argv, "w:y:o:c:h", opts, NULL)) != -1) {
        switch (c) {
        case 'w': wsdir = optarg; break;
        case 'y': year = optarg; break;
        case 'o': out = optarg; break;
        case 'c': check = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind < argc || (check && (year || out)) ||
        (!check && (!year || !out))) {
        fprintf(stderr, "hocba export: %s\n",
                optind < argc ? "unexpected argument"
                : check       ? "--check goes alone"
                              : "--year and --out are required");
        usage(stderr);
        return 2;
    }
    if (year && !issue_year_ok(year)) {
        fprintf(stderr, "hocba export: --year %s: not a school year "
                "(YYYY-YYYY, e.g. 2019-2020)\n", year);
        return 2;
    }
    hb_err e;
    hb_export_report rep;
    err_clear(&e);
    memset(&rep, 0, sizeof rep);
    if (check) {
        if (export_check_dir(check, stderr, &rep, &e)) {
            fprintf(stderr, "hocba export: %s\n", e.msg);
            return 1;
        }
        printf("%s: valid export, %d issued, %d revoked\n", check, rep.issued,
               rep.revoked);
        return 0;
    }
    hb_ws *w = cmd_open_workspace("export", wsdir);
    if (!w)
        return 1;
    int rc = export_year(w, year, out, stderr, &rep, &e);
    ws_close(w);
    if (rc) {
        fprintf(stderr, "hocba export: %s\n", e.msg);
        return 1;
    }
    printf("%s: năm học %s: %d đã phát hành (issued), %d đã thu hồi "
           "(revoked); %d files written, %d unchanged, %d removed\n",
           out, year, rep.issued, rep.revoked, rep.written, rep.unchanged,
           rep.removed);
    return 0;
}
