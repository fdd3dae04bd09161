/*
 * cmd_init.c - `hocba init [options] [DIR]`: a new workspace.
 *
 * Creates DIR (default: the current directory) with its database, page
 * store and config.  An existing workspace is never overwritten.  The school
 * can be given here or later by editing DIR/config.  --roster FILE keeps
 * the school's student list in the new workspace (rule 7; `hocba process
 * --roster` replaces it later).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "roster.h"
#include "workspace.h"
#include "wsconfig.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: hocba init [options] [DIR]\n"
            "Creates a workspace in DIR (default: the current directory):\n"
            "DIR/hocba.db, DIR/pages/, DIR/clean/ and DIR/config.\n\n"
            "  --school-code CODE    MA_TRUONG, the school's code\n"
            "  --school-name NAME    TEN_TRUONG\n"
            "  --commune NAME        XA_PHUONG, commune or ward\n"
            "  --province NAME       TINH\n"
            "  --sign-roles \"R1 R2\"  roles required to sign (default "
            "\"NGUOI_XAC_MINH CBQL\")\n"
            "  --school-cert KEY     KY_PHAT_HANH key (PKCS#12 file or "
            "pkcs11: URI)\n"
            "These are written to DIR/config, which can be edited later.\n\n"
            "  --roster FILE         the school's student list (CSV: mã học "
            "sinh, mã định danh,\n"
            "                        họ tên, ngày sinh, giới tính, lớp), kept "
            "in the workspace;\n"
            "                        records read are matched against it "
            "(hocba process --roster\n"
            "                        FILE loads a new one later)\n");
}

int cmd_init(int argc, char **argv)
{
    static const struct option opts[] = {
        { "school-code", required_argument, NULL, 'c' },
        { "school-name", required_argument, NULL, 'n' },
        { "commune", required_argument, NULL, 'm' },
        { "province", required_argument, NULL, 'p' },
        { "sign-roles", required_argument, NULL, 'r' },
        { "school-cert", required_argument, NULL, 'k' },
        { "roster", required_argument, NULL, 'R' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    static const struct { int opt; const char *key, *flag; } keys[] = {
        { 'c', "school_code", "--school-code" },
        { 'n', "school_name", "--school-name" },
        { 'm', "commune", "--commune" },
        { 'p', "province", "--province" },
        { 'r', "sign_roles", "--sign-roles" },
        { 'k', "school_cert", "--school-cert" },
    };
    hb_err e;
    hb_wsconfig cfg;
    if (wsconfig_init(&cfg, &e)) {
        fprintf(stderr, "hocba init: %s\n", e.msg);
        return 1;
    }
    int c, status = 0;
    const char *roster_file = NULL;
    while (status == 0 && (c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h') {
            usage(stdout);
            wsconfig_free(&cfg);
            return 0;
        }
        if (c == 'R') {
            roster_file = optarg;
            continue;
        }
        const char *key = NULL, *flag = NULL;
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
            if (keys[i].opt == c) {
                key = keys[i].key;
                flag = keys[i].flag;
            }
        if (!key) {
            usage(stderr);
            status = 2;
        } else if (wsconfig_set(&cfg, key, optarg, flag, &e)) {
            fprintf(stderr, "hocba init: %s\n", e.msg);
            status = 2;
        }
    }
    if (status == 0 && argc - optind > 1) {
        usage(stderr);
        status = 2;
    }
    if (status) {
        wsconfig_free(&cfg);
        return status;
    }
    const char *dir = optind < argc ? argv[optind] : ".";
    /* The roster is read first: a file that is not a roster creates
     * nothing. */
    char *csv = NULL;
    size_t len = 0;
    hb_roster *ro = roster_file ? roster_read(roster_file, &csv, &len, &e)
                                : NULL;
    int rc = roster_file && !ro ? -1 : ws_create(dir, &cfg, &e);
    int created = rc == 0;
    wsconfig_free(&cfg);
    if (created && ro) {
        hb_ws *w = ws_open(dir, &e);
        rc = w ? ws_roster_set(w, roster_file, csv, len, (int)ro->n, &e) : -1;
        ws_close(w);
    }
    free(csv);
    if (rc) {
        if (created) /* rare: the disk filled up in between */
            fprintf(stderr, "hocba init: %s was created, without its roster "
                    "(load it with hocba process --roster): %s\n", dir, e.msg);
        else
            fprintf(stderr, "hocba init: %s\n", e.msg);
        roster_free(ro);
        return 1;
    }
    printf("hocba: workspace created in %s (database %s/%s, pages in %s/%s, "
           "settings in %s/%s)\n", dir, dir, WS_DB_NAME, dir, WS_PAGES_DIR,
           dir, WS_CONFIG_NAME);
    if (ro)
        printf("roster: %zu student%s from %s, kept in the workspace\n",
               ro->n, ro->n == 1 ? "" : "s", roster_file);
    roster_free(ro);
    return 0;
}
