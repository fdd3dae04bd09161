/*
 * cmd_sign.c - `hocba sign`: sign record files as one role.
 *
 *   hocba sign --role ROLE --key KEY [--pass-file F] [--subject CODE]
 *              [--out FILE | --in-place] RECORD...
 *
 * Where the result goes: a signed record is a legal document, so nothing is
 * overwritten unless asked.  By default RECORD.xml is signed into
 * RECORD.signed.xml next to it (refused if that file exists); --out FILE
 * names the output of a single RECORD; --in-place replaces RECORD (through
 * a temporary file and a rename), which is how the next role signs a record
 * that already carries signatures.
 *
 * In a workspace (-w DIR, $HOCBA_WORKSPACE or the current directory), a
 * RECORD that is not a file is a record id (MA_HO_SO), and --approved takes
 * every record that still needs ROLE's signature (sign_ws.h): the signed
 * document is stored in the workspace, never as a loose file, and the
 * record is issued once every required role has signed.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "cmd.h"
#include "cmd_util.h"
#include "keys.h"
#include "record_xml.h"
#include "sign.h"
#include "sign_ws.h"
#include "workspace.h"
#include "xmlsec_init.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: hocba sign --role ROLE --key KEY [--pass-file FILE] "
            "[--subject CODE]\n"
            "                  [--out FILE | --in-place] RECORD...\n"
            "       hocba sign --role ROLE --key KEY [-w DIR] (--approved | ID...)\n"
            "  ROLE       NGUOI_XAC_MINH, GVCN, GVBM (with --subject), CBQL, "
            "KY_PHAT_HANH\n"
            "  KEY        a PKCS#12 file (.p12/.pfx) or a pkcs11: URI "
            "(USB token)\n"
            "  --pass-file FILE  the passphrase or PIN on its first line; "
            "else it is asked for\n"
            "  --out FILE        output of a single RECORD (default "
            "RECORD.signed.xml)\n"
            "  --in-place        replace RECORD with the signed record\n"
            "  --approved        every workspace record that needs ROLE's signature\n"
            "  -w, --workspace DIR  the workspace of record ids (default "
            "$HOCBA_WORKSPACE, else .)\n");
}

/* RECORD.xml -> RECORD.signed.xml (RECORD.signed.xml -> itself). */
static void default_output(const char *in, char *out, size_t size)
{
    size_t n = strlen(in);

    if (n > 4 && strcasecmp(in + n - 4, ".xml") == 0)
        n -= 4;
    if (n > 7 && strncmp(in + n - 7, ".signed", 7) == 0)
        n -= 7;
    snprintf(out, size, "%.*s.signed.xml", (int)n, in);
}

static int sign_one(const char *path, const char *out, hb_role role,
                    const char *subject, const hb_key *key)
{
    hb_err e;
    xmlDocPtr doc;
    char cn[256];

    err_clear(&e);
    doc = record_xml_parse_file(path, &e);
    if (!doc)
        goto fail;
    if (record_xml_validate(doc, path, &e) != 0) {
        fprintf(stderr, "hocba sign: not a valid record, not signed: %s\n",
                e.msg);
        xmlFreeDoc(doc);
        return 1;
    }
    if (sign_document(doc, role, subject, key, time(NULL), &e) != 0)
        goto fail;
    if (record_xml_validate(doc, path, &e) != 0) {
        fprintf(stderr, "hocba sign: the signed record is not valid, not "
                "written: %s\n", e.msg);
        xmlFreeDoc(doc);
        return 1;
    }
    if (sign_save_file(doc, out, &e) != 0)
        goto fail;
    xmlFreeDoc(doc);
    printf("%s: signed as %s%s%s by %s -> %s\n", path, sign_role_name(role),
           subject ? " " : "", subject ? subject : "",
           keys_cert_cn(keys_cert(key), cn, sizeof cn), out);
    return 0;

fail:
    fprintf(stderr, "hocba sign: %s\n", e.msg);
    xmlFreeDoc(doc);
    return 1;
}

/* Signs workspace record `id` (its latest version). */
static int sign_ws_one(hb_ws *w, const char *id, hb_role role,
                       const char *subject, const hb_key *key)
{
    hb_err e;
    char cn[256];
    int issued = 0;

    err_clear(&e);
    if (ws_sign_record(w, id, 0, role, subject, key, time(NULL), &issued,
                       &e) != 0) {
        fprintf(stderr, "hocba sign: %s\n", e.msg);
        return 1;
    }
    printf("%s: signed as %s%s%s by %s%s\n", id, sign_role_name(role),
           subject ? " " : "", subject ? subject : "",
           keys_cert_cn(keys_cert(key), cn, sizeof cn),
           issued ? "; issued to the outbox" : "");
    return 0;
}

/* Opens the workspace once, on first need. */
static hb_ws *need_ws(hb_ws **w, const char *dir)
{
    if (!*w)
        *w = cmd_open_workspace("sign", dir);
    return *w;
}

int cmd_sign(int argc, char **argv)
{
    static const struct option opts[] = {
        { "role", required_argument, NULL, 'r' },
        { "key", required_argument, NULL, 'k' },
        { "pass-file", required_argument, NULL, 'p' },
        { "subject", required_argument, NULL, 's' },
        { "out", required_argument, NULL, 'o' },
        { "in-place", no_argument, NULL, 'i' },
        { "approved", no_argument, NULL, 'a' },
        { "workspace", required_argument, NULL, 'w' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    const char *role_name = NULL, *key_spec = NULL, *pass_file = NULL;
    const char *subject = NULL, *out = NULL, *ws_dir_opt = NULL;
    int in_place = 0, approved = 0, c, failed = 0;
    hb_ws *w = NULL;
    hb_role role;
    hb_key *key;
    hb_err e;

    optind = 0; /* GNU: full reset, cmd_* may run more than once */
    while ((c = getopt_long(argc, argv, "r:k:p:s:o:iaw:h", opts, NULL)) != -1) {
        switch (c) {
        case 'r': role_name = optarg; break;
        case 'k': key_spec = optarg; break;
        case 'p': pass_file = optarg; break;
        case 's': subject = optarg; break;
        case 'o': out = optarg; break;
        case 'i': in_place = 1; break;
        case 'a': approved = 1; break;
        case 'w': ws_dir_opt = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (approved && optind < argc) {
        fprintf(stderr, "hocba sign: --approved takes no RECORD\n");
        return 2;
    }
    if (!role_name || !key_spec || (optind >= argc && !approved)) {
        fprintf(stderr, "hocba sign: %s\n",
                !role_name ? "--role is required"
                : !key_spec ? "--key is required" : "no RECORD to sign");
        usage(stderr);
        return 2;
    }
    if (sign_role_parse(role_name, &role) != 0) {
        fprintf(stderr, "hocba sign: no role '%s' (NGUOI_XAC_MINH, GVCN, "
                "GVBM, CBQL, KY_PHAT_HANH)\n", role_name);
        return 2;
    }
    if ((role == HB_ROLE_GVBM) != (subject != NULL)) {
        fprintf(stderr, "hocba sign: %s\n", subject
                ? "--subject goes with --role GVBM only"
                : "GVBM signs one subject: give --subject CODE (TOAN, ...)");
        return 2;
    }
    if (out && in_place) {
        fprintf(stderr, "hocba sign: --out and --in-place exclude each other\n");
        return 2;
    }
    if (out && argc - optind > 1) {
        fprintf(stderr, "hocba sign: --out names one output: sign one RECORD "
                "with it\n");
        return 2;
    }

    err_clear(&e);
    if (xmlsec_init_libs(&e) != 0) {
        fprintf(stderr, "hocba sign: %s\n", e.msg);
        return 1;
    }
    key = keys_load(key_spec, pass_file, &e);
    if (!key) {
        fprintf(stderr, "hocba sign: %s\n", e.msg);
        xmlsec_init_shutdown();
        return 1;
    }
    if (approved) {
        int n_signed = 0, n_issued = 0;
        if (!need_ws(&w, ws_dir_opt)) {
            failed = 1;
        } else if (ws_sign_approved(w, role, subject, key, time(NULL),
                                    &n_signed, &n_issued, &e) != 0) {
            fprintf(stderr, "hocba sign: %s\n", e.msg);
            failed = 1;
        }
        printf("signed %d record(s) as %s; %d issued to the outbox\n",
               n_signed, sign_role_name(role), n_issued);
    }
    for (int i = optind; i < argc; i++) {
        char def[4096];
        struct stat st;
        const char *dest = out;
        if (stat(argv[i], &st) != 0 && errno == ENOENT) {
            /* not a file: a record id of the workspace */
            if (out || in_place) {
                fprintf(stderr, "hocba sign: %s: --out and --in-place are "
                        "for record files; a workspace record is signed in "
                        "the workspace\n", argv[i]);
                failed = 1;
            } else if (!need_ws(&w, ws_dir_opt)) {
                failed = 1;
            } else {
                failed |= sign_ws_one(w, argv[i], role, subject, key);
            }
            continue;
        }
        if (in_place)
            dest = argv[i];
        if (!dest) {
            default_output(argv[i], def, sizeof def);
            if (strcmp(def, argv[i]) == 0) {
                fprintf(stderr, "hocba sign: %s: already a .signed.xml; to "
                        "add a signature use --in-place or --out\n", argv[i]);
                failed = 1;
                continue;
            }
            if (stat(def, &st) == 0) {
                fprintf(stderr, "hocba sign: %s: exists, not overwritten; "
                        "sign it with --in-place, or use --out\n", def);
                failed = 1;
                continue;
            }
            dest = def;
        }
        failed |= sign_one(argv[i], dest, role, subject, key);
    }
    ws_close(w);
    keys_free(key);
    xmlsec_init_shutdown();
    return failed ? 1 : 0;
}
