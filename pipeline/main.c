/*
 * main.c - the `hocba` program: one subcommand = one cmd_* function, in the
 * style of git's builtin/.  Each cmd_* parses its own options, prints its own
 * one-line errors ("hocba scan: book.pdf: not a PDF ...") and returns the
 * exit status: 0 success, 1 the work failed, 2 bad usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

static const struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *help;
} commands[] = {
    { "init", cmd_init, "create a workspace: database, page store, config" },
    { "scan", cmd_scan, "ingest scanned books (PDF, TIFF, PNG, JPEG, folder)" },
    { "process", cmd_process, "run the pending stages on queued books" },
    { "extract", cmd_extract, "read books into draft records, no workspace" },
    { "queue", cmd_queue, "books and records by state" },
    { "review", cmd_review, "the verification web UI; set/show/return fields" },
    { "approve", cmd_approve, "approve a reviewed record for signing" },
    { "user", cmd_user, "accounts of the review UI" },
    { "sign", cmd_sign, "sign records as a role" },
    { "verify", cmd_verify, "verify every signature of signed files" },
    { "revoke", cmd_revoke, "revoke an issued record, with the reason" },
    { "export", cmd_export, "issued records and a manifest for the Ministry" },
    { "print", cmd_print, "the PDF rendering of a record" },
    { "backup", cmd_backup, "consistent online backup of a workspace" },
    { "restore", cmd_restore, "restore a backup, checking every page" },
    { "handover", cmd_handover, "everything a school owns, in open formats" },
    { NULL, NULL, NULL }
};

static void usage(FILE *out)
{
    fprintf(out, "usage: hocba COMMAND [ARGS]\n\ncommands:\n");
    for (const struct command *c = commands; c->name; c++)
        fprintf(out, "  %-9s %s\n", c->name, c->help);
    fprintf(out, "\n'hocba COMMAND --help' describes one command.\n");
}

/* Tesseract's LSTM code uses OpenMP with up to 4 threads per call, which
 * oversubscribes a 2-core school PC when several workers run.  libgomp reads
 * OMP_THREAD_LIMIT when the library loads, before main(), so setting it here
 * is too late for this process: re-exec once with it set (c-libraries.md,
 * "Thread safety and throughput"). */
static void limit_omp_threads(char **argv)
{
    if (getenv("OMP_THREAD_LIMIT"))
        return;
    if (setenv("OMP_THREAD_LIMIT", "1", 1) != 0)
        return;
    execv("/proc/self/exe", argv);
    /* exec failed (no /proc): run on, with OpenMP's default threads */
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    for (const struct command *c = commands; c->name; c++) {
        if (strcmp(argv[1], c->name) == 0) {
            limit_omp_threads(argv);
            return c->fn(argc - 1, argv + 1);
        }
    }
    fprintf(stderr, "hocba: '%s' is not a command; see 'hocba --help'\n",
            argv[1]);
    return 2;
}
