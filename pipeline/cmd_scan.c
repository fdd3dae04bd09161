/*
 * cmd_scan.c - `hocba scan [-w DIR] [--dpi N] FILE…`: ingest books.
 *
 * Each FILE is one book (a PDF, TIFF, PNG or JPEG file, or a folder of page
 * images).  A bad file gets one line "hocba scan: FILE: reason" on stderr
 * and the batch goes on; the exit status is 1 when any file failed.  A book
 * scanned before is recognised and not added again (not an error).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cmd.h"
#include "cmd_util.h"
#include "heap.h"
#include "ingest.h"
#include "workspace.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: hocba scan [-w DIR] [--dpi N] FILE...\n"
            "Adds each FILE (PDF, TIFF, PNG, JPEG, or a folder of images = "
            "one book)\nto the workspace and queues it for 'hocba process'.\n\n"
            "  -w, --workspace DIR  the workspace (default $HOCBA_WORKSPACE, "
            "else .)\n"
            "  --dpi N              rasterize PDF pages at N dpi (default "
            "300)\n");
}

typedef struct scan_ui {
    int tty;           /* progress only on a terminal */
    const char *file;  /* the book being read */
    int line_dirty;    /* a progress line is on screen */
} scan_ui;

static void clear_progress(scan_ui *ui)
{
    if (ui->line_dirty) {
        fputs("\r\033[K", stderr);
        ui->line_dirty = 0;
    }
}

static void on_progress(const char *source, int pages, void *ctx)
{
    scan_ui *ui = ctx;
    (void)source;
    if (!ui->tty)
        return;
    fprintf(stderr, "\r\033[K%s: %d page%s", ui->file, pages,
            pages == 1 ? "" : "s");
    ui->line_dirty = 1;
}

static void on_note(const char *line, void *ctx)
{
    scan_ui *ui = ctx;
    clear_progress(ui);
    fprintf(stderr, "hocba scan: %s\n", line);
}

int cmd_scan(int argc, char **argv)
{
    static const struct option opts[] = {
        { "workspace", required_argument, NULL, 'w' },
        { "dpi", required_argument, NULL, 'd' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    const char *wsdir = NULL;
    int dpi = 0, c;
    heap_tune_for_pages(); /* one thread decoding page after page */
    while ((c = getopt_long(argc, argv, "w:h", opts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'w':
            wsdir = optarg;
            break;
        case 'd':
            dpi = (int)strtol(optarg, &end, 10);
            if (*end || dpi < 50 || dpi > 1200) {
                fprintf(stderr, "hocba scan: --dpi %s: expected 50..1200\n",
                        optarg);
                return 2;
            }
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind >= argc) {
        usage(stderr);
        return 2;
    }
    hb_err e;
    hb_ws *w = cmd_open_workspace("scan", wsdir);
    if (!w)
        return 1;
    scan_ui ui = { isatty(2), NULL, 0 };
    hb_ingest_cb cb = { on_progress, on_note, &ui };
    int added = 0, dups = 0, failed = 0;
    size_t pages = 0;
    for (int i = optind; i < argc; i++) {
        hb_ingest_result res;
        ui.file = argv[i];
        int rc = ingest_book(w, argv[i], dpi, &cb, &res, &e);
        clear_progress(&ui);
        if (rc) {
            fprintf(stderr, "hocba scan: %s\n", e.msg);
            failed++;
        } else if (res.book) {
            printf("%s: book %lld, %zu page%s\n", argv[i],
                   (long long)res.book, res.n_added,
                   res.n_added == 1 ? "" : "s");
            added++;
            pages += res.n_added;
        } else {
            fprintf(stderr, "hocba scan: %s: already scanned: %s %zu "
                    "page%s already in the workspace (book %lld); not added "
                    "again\n", argv[i], res.n_dup == 1 ? "its" : "all its",
                    res.n_dup, res.n_dup == 1 ? " is" : "s are",
                    (long long)res.dup_of);
            dups++;
        }
        fflush(stdout);
    }
    ws_close(w);
    printf("scanned: %d book%s added (%zu pages), %d already scanned, "
           "%d failed\n", added, added == 1 ? "" : "s", pages, dups, failed);
    return failed ? 1 : 0;
}
