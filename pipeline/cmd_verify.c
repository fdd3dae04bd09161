/*
 * cmd_verify.c - `hocba verify`: verify every signature of signed records.
 *
 *   hocba verify [--trust CA.pem]... FILE...
 *
 * One line per signature: file, role, signer (certificate CN), signing
 * time, and "hợp lệ/valid" or "KHÔNG hợp lệ/INVALID: <why>"; a line for a
 * file-wide problem (not a record, duplicate Ids, XSD, no signature).
 * Trust: the root CAs given with --trust (repeatable); with none,
 * $HOCBA_TRUST when it names a file; with neither, nothing is trusted and
 * every signature fails as untrusted.  Exit 1 when any file fails.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "verify.h"
#include "xmlsec_init.h"

#define VALID "hợp lệ/valid"
#define INVALID "KHÔNG hợp lệ/INVALID"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: hocba verify [--trust CA.pem]... FILE...\n"
            "  --trust CA.pem  a root CA to trust (PEM, may hold several); "
            "repeatable;\n"
            "                  default: the file named by $HOCBA_TRUST\n");
}

static int verify_one(const char *path, const hb_trust *trust)
{
    hb_verify_report rep;
    hb_err e;
    int rc;

    err_clear(&e);
    rc = verify_file(path, trust, &rep, &e);
    if (rc < 0) {
        fprintf(stderr, "hocba verify: %s\n", e.msg);
        verify_report_free(&rep);
        return 1;
    }
    if (rep.problem[0])
        printf("%s: %s: %s\n", path, INVALID, rep.problem);
    for (size_t i = 0; i < rep.n; i++) {
        const hb_sig_result *s = &rep.sigs[i];
        if (s->ok)
            printf("%s: %s: %s, %s: %s\n", path, s->role, s->signer, s->time,
                   VALID);
        else
            printf("%s: %s: %s, %s: %s: %s\n", path, s->role, s->signer,
                   s->time, INVALID, s->reason);
    }
    verify_report_free(&rep);
    return rc == 0 ? 0 : 1;
}

int cmd_verify(int argc, char **argv)
{
    static const struct option opts[] = {
        { "trust", required_argument, NULL, 't' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    const char **trust_files;
    size_t ntrust = 0;
    int c, failed = 0;
    hb_trust *trust;
    hb_err e;

    trust_files = calloc((size_t)argc + 1, sizeof *trust_files);
    if (!trust_files) {
        fprintf(stderr, "hocba verify: out of memory\n");
        return 1;
    }
    optind = 0; /* GNU: full reset, cmd_* may run more than once */
    while ((c = getopt_long(argc, argv, "t:h", opts, NULL)) != -1) {
        switch (c) {
        case 't': trust_files[ntrust++] = optarg; break;
        case 'h': usage(stdout); free(trust_files); return 0;
        default: usage(stderr); free(trust_files); return 2;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "hocba verify: no FILE to verify\n");
        usage(stderr);
        free(trust_files);
        return 2;
    }
    if (ntrust == 0 && getenv("HOCBA_TRUST") && *getenv("HOCBA_TRUST"))
        trust_files[ntrust++] = getenv("HOCBA_TRUST");

    err_clear(&e);
    if (xmlsec_init_libs(&e) != 0) {
        fprintf(stderr, "hocba verify: %s\n", e.msg);
        free(trust_files);
        return 1;
    }
    trust = verify_trust_load(trust_files, ntrust, &e);
    free(trust_files);
    if (!trust) {
        fprintf(stderr, "hocba verify: %s\n", e.msg);
        xmlsec_init_shutdown();
        return 2;
    }
    for (int i = optind; i < argc; i++)
        failed |= verify_one(argv[i], trust);
    verify_trust_free(trust);
    xmlsec_init_shutdown();
    return failed ? 1 : 0;
}
