/*
 * cmd_review.c - `hocba review`: the verification queue, served to the
 * school's browsers, and its command-line twins for scripts.
 *
 *   hocba review [-w DIR] [--listen ADDR:PORT]      serve the web UI
 *   hocba review set [-w DIR] RECORD FIELD VALUE [--note TEXT] [--as LOGIN]
 *   hocba review show [-w DIR] RECORD [--json]
 *   hocba review return [-w DIR] RECORD --reason TEXT [--as LOGIN]
 *
 * RECORD is a record id (MA_HO_SO), or ID@VERSION.  The twins go through
 * the same review.h functions as the UI, so a correction made from a
 * script is audited, re-checked and signed into NGUON_SO_HOA exactly like
 * one made in the browser.  (`hocba approve` is its own command.)
 */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "cmd_util.h"
#include "review.h"
#include "server.h"
#include "text.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: hocba review [-w DIR] [--listen ADDR:PORT]\n"
            "       hocba review set [-w DIR] RECORD FIELD VALUE [--note TEXT] "
            "[--as LOGIN]\n"
            "       hocba review show [-w DIR] RECORD [--json]\n"
            "       hocba review return [-w DIR] RECORD --reason TEXT "
            "[--as LOGIN]\n"
            "  --listen   where to serve the UI (default 127.0.0.1:8080; port 0: "
            "any free port)\n"
            "  RECORD     a record id, or ID@VERSION\n"
            "  FIELD      a field path, e.g. "
            "THONG_TIN_HOC_BA/BANG_DIEM/DIEM_TONG_KET[TOAN]/CA_NAM\n"
            "  VALUE      as the paper says; the same value confirms the field\n"
            "  --note     why a flagged value stays (\"giấy ghi như vậy\")\n"
            "  --as       the workspace account acting (default: $USER)\n");
}

/* Serves until SIGINT or SIGTERM.  The signals are blocked before the
 * server's threads start, so that they inherit the mask and only this
 * thread, in sigwait, receives them: no handler, no global flag. */
static int serve(const char *wsdir, const char *listen)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    hb_err e;
    err_clear(&e);
    hb_server *s = review_server_start(ws_locate(wsdir), listen, &e);
    if (!s) {
        fprintf(stderr, "hocba review: %s\n", e.msg);
        return 1;
    }
    /* The line scripts and tests read to find the port (with port 0). */
    const char *colon = strrchr(listen, ':');
    printf("hocba review: http://%.*s:%d/\n",
           colon ? (int)(colon - listen) : 0, listen, review_server_port(s));
    fflush(stdout);
    int sig;
    sigwait(&set, &sig);
    review_server_stop(s);
    return 0;
}

/* "a b c" (split at sep) as a JSON array of strings, as the API gives
 * reasons and their words. */
static void print_list_json(const char *s, char sep)
{
    fputc('[', stdout);
    for (int first = 1; *s;) {
        const char *end = strchr(s, sep);
        size_t len = end ? (size_t)(end - s) : strlen(s);
        if (len) {
            char *item = strndup(s, len);
            if (!first)
                fputc(',', stdout);
            text_json_string(stdout, item ? item : "");
            free(item);
            first = 0;
        }
        s += len + (end != NULL);
    }
    fputc(']', stdout);
}

static void print_field_json(const hb_review_field *f)
{
    fputs("{\"path\":", stdout);
    text_json_string(stdout, f->path);
    fputs(",\"label\":", stdout);
    text_json_string(stdout, f->label);
    fputs(",\"value\":", stdout);
    text_json_string(stdout, f->value);
    printf(",\"conf\":%d,\"review\":%s,\"open\":%s,\"checked\":%s,"
           "\"reasons\":", f->conf, f->review ? "true" : "false",
           f->open ? "true" : "false", f->checked ? "true" : "false");
    print_list_json(f->reasons, ' ');
    fputs(",\"reason_text\":", stdout);
    print_list_json(f->reason_text, '\n');
    fputs(",\"note\":", stdout);
    if (f->note)
        text_json_string(stdout, f->note);
    else
        fputs("null", stdout);
    fputs("}", stdout);
}

/* The flagged fields first (open ones first of all), then the rest. */
static int show(hb_ws *w, const char *id, int version, int json, hb_err *e)
{
    hb_ws_record m;
    hb_review_field *f;
    size_t n;
    if (review_fields_load(w, id, version, &m, &f, &n, e))
        return -1;
    if (json) {
        printf("{\"id\":\"%s\",\"version\":%d,\"rev\":%d,\"state\":\"%s\","
               "\"flagged\":%d,\"open\":%d,\"fields\":[", m.id, m.version,
               m.rev, ws_rstate_name(m.state), m.flagged, m.open);
        for (size_t i = 0; i < n; i++) {
            fputs(i ? ",\n" : "\n", stdout);
            print_field_json(&f[i]);
        }
        fputs("\n]}\n", stdout);
    } else {
        printf("%s v%d  %s  %s  (%d flagged, %d open)\n", m.id, m.version,
               ws_rstate_name(m.state), m.student ? m.student : "",
               m.flagged, m.open);
        for (int pass = 0; pass < 3; pass++)
            for (size_t i = 0; i < n; i++) {
                int rank = f[i].open ? 0 : f[i].review ? 1 : 2;
                if (rank != pass)
                    continue;
                printf("%c %-58s %s\n", rank == 0 ? '!' : rank == 1 ? '~' : ' ',
                       f[i].path, f[i].value);
                for (char *p = f[i].reason_text; rank < 2 && *p;) {
                    char *nl = strchr(p, '\n');
                    printf("      %.*s\n", nl ? (int)(nl - p) : (int)strlen(p),
                           p);
                    p = nl ? nl + 1 : p + strlen(p);
                }
                if (f[i].note)
                    printf("      ghi chú: %s\n", f[i].note);
            }
    }
    review_fields_free(f, n);
    ws_record_clear(&m);
    return 0;
}

int cmd_review(int argc, char **argv)
{
    static const struct option opts[] = {
        { "workspace", required_argument, NULL, 'w' },
        { "listen", required_argument, NULL, 'l' },
        { "note", required_argument, NULL, 'n' },
        { "reason", required_argument, NULL, 'r' },
        { "as", required_argument, NULL, 'a' },
        { "json", no_argument, NULL, 'j' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    const char *verb = NULL;
    if (argc >= 2 && (strcmp(argv[1], "set") == 0 ||
                      strcmp(argv[1], "show") == 0 ||
                      strcmp(argv[1], "return") == 0)) {
        verb = argv[1];
        argc--;
        argv++;
    }
    const char *wsdir = NULL, *listen = "127.0.0.1:8080", *note = NULL,
               *reason = NULL, *as = NULL;
    int json = 0, c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "w:l:n:r:a:jh", opts, NULL)) != -1) {
        switch (c) {
        case 'w': wsdir = optarg; break;
        case 'l': listen = optarg; break;
        case 'n': note = optarg; break;
        case 'r': reason = optarg; break;
        case 'a': as = optarg; break;
        case 'j': json = 1; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    int nargs = argc - optind;
    if (!verb) {
        if (nargs) {
            fprintf(stderr, "hocba review: '%s' is not set, show or return\n",
                    argv[optind]);
            return 2;
        }
        return serve(wsdir, listen);
    }
    int want = strcmp(verb, "set") == 0 ? 3 : 1;
    if (nargs != want || (strcmp(verb, "return") == 0 && !reason)) {
        fprintf(stderr, "hocba review %s: %s\n", verb,
                nargs != want ? "wrong number of arguments"
                              : "--reason is required");
        usage(stderr);
        return 2;
    }
    char id[128];
    int version;
    if (cmd_parse_record(argv[optind], id, sizeof id, &version)) {
        fprintf(stderr, "hocba review %s: %s: not a record id (ID or "
                "ID@VERSION)\n", verb, argv[optind]);
        return 2;
    }
    hb_ws *w = cmd_open_workspace("review", wsdir);
    if (!w)
        return 1;
    hb_err e;
    err_clear(&e);
    int rc;
    if (strcmp(verb, "show") == 0)
        rc = show(w, id, version, json, &e);
    else {
        hb_ws_user u;
        hb_actor a;
        if (cmd_actor("review", w, as, &u, &a)) {
            ws_close(w);
            return 1;
        }
        if (strcmp(verb, "set") == 0)
            rc = review_set_field(w, id, version, argv[optind + 1],
                                  argv[optind + 2], note, &a, 0, NULL, &e);
        else
            rc = review_return(w, id, version, reason, &a, 0, NULL, &e);
        ws_user_clear(&u);
    }
    ws_close(w);
    if (rc) {
        fprintf(stderr, "hocba review %s: %s\n", verb, e.msg);
        return e.code == HB_EUSAGE ? 2 : 1;
    }
    return 0;
}
