/*
 * cmd_print.c - `hocba print RECORD [-o FILE.pdf]`: the PDF copy of a
 * record, as families receive it beside the signed XML.
 *
 * RECORD is a record XML file (signed or draft); the PDF goes to FILE.pdf,
 * or by default beside RECORD with its extension replaced by ".pdf".
 * Printing a workspace record by its id comes later.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "record_xml.h"
#include "render.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: hocba print RECORD [-o FILE.pdf]\n"
            "  RECORD   a record XML file (signed or draft)\n"
            "  -o FILE  where to write the PDF (default: RECORD with .pdf)\n");
}

/* RECORD's name with its extension (if any, in the last path component)
 * replaced by ".pdf".  Caller frees. */
static char *default_output(const char *in)
{
    const char *slash = strrchr(in, '/');
    const char *dot = strrchr(slash ? slash + 1 : in, '.');
    size_t stem = dot && dot != (slash ? slash + 1 : in) ? (size_t)(dot - in)
                                                         : strlen(in);
    char *out = malloc(stem + 5);
    if (out) {
        memcpy(out, in, stem);
        memcpy(out + stem, ".pdf", 5);
    }
    return out;
}

int cmd_print(int argc, char **argv)
{
    static const struct option opts[] = { { "output", required_argument, 0, 'o' },
                                           { "help", no_argument, 0, 'h' },
                                           { 0, 0, 0, 0 } };
    const char *out = NULL;
    int c;
    optind = 1; /* getopt's state is global (libc's, not ours) */
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            out = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (argc - optind != 1) {
        fprintf(stderr, "hocba print: %s\n",
                argc - optind ? "one RECORD at a time" : "no RECORD given");
        usage(stderr);
        return 2;
    }
    const char *in = argv[optind];
    char *def = out ? NULL : default_output(in);
    if (!out && !def) {
        fprintf(stderr, "hocba print: out of memory\n");
        return 1;
    }
    const char *path = out ? out : def;
    if (strcmp(path, in) == 0) {
        fprintf(stderr, "hocba print: %s: the PDF would overwrite the record; "
                        "name another file with -o\n", in);
        free(def);
        return 2;
    }
    hb_err e;
    err_clear(&e);
    hb_record *r = record_xml_read_file(in, &e);
    int rc = 0;
    if (!r) {
        fprintf(stderr, "hocba print: %s\n", e.msg);
        rc = 1;
    } else if (render_pdf(r, path, &e)) {
        fprintf(stderr, "hocba print: %s\n", e.msg);
        rc = 1;
    } else {
        printf("%s\n", path);
    }
    record_free(r);
    free(def);
    return rc;
}
