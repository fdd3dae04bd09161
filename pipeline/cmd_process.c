/*
 * cmd_process.c - `hocba process [-w DIR] [--jobs N] [--retry]`: run the
 * queued stages.
 *
 * Forks N worker processes (default: one per core).  Each opens its own
 * database connection and its own recognition engines, then claims
 * "extract" jobs one at a time until none is left: it loads the book's
 * stored pages, reads them (extract_book, which writes the cleaned images
 * under DIR/clean/book-N), and stores each draft record together with
 * finishing the job, in one transaction, so that a book's drafts appear
 * exactly once.
 *
 * Processes, not threads: Tesseract holds process-global parameters and
 * OpenMP pools, a crash in one book's reading kills one worker and not the
 * batch, and SQLite connections must not be shared anyway.
 *
 * A worker that dies (killed, crashed, power cut) leaves its job claimed
 * with a lease.  The next `hocba process` gives such a job back at once
 * when the worker was on this machine and is gone, and otherwise when the
 * lease runs out; the job's attempts count its claims, and after
 * WS_JOB_MAX_ATTEMPTS abandoned claims the job is failed, not retried.
 *
 * For tests: HOCBA_LEASE_SECONDS sets the lease (default 1800), and
 * HOCBA_TEST_JOB_SLEEP=S makes a worker sleep S seconds after claiming a
 * job, so that a test can kill it mid-job.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "extract.h"
#include "workspace.h"

#define DEFAULT_LEASE 1800 /* seconds; a long book reads in a few minutes */

typedef struct worker_cfg {
    const char *dir;
    int lease;
    int test_sleep;
} worker_cfg;

static void usage(FILE *out)
{
    fprintf(out,
            "usage: hocba process [-w DIR] [--jobs N] [--retry]\n"
            "Reads every queued book into draft records, N books at a time.\n\n"
            "  -w, --workspace DIR  the workspace (default $HOCBA_WORKSPACE, "
            "else .)\n"
            "  -j, --jobs N         worker processes (default: number of "
            "cores)\n"
            "  --retry              queue failed books again first\n");
}

static int env_int(const char *name, int def, int min)
{
    const char *s = getenv(name);
    if (!s || !*s)
        return def;
    char *end;
    long v = strtol(s, &end, 10);
    return *end || v < min || v > 1000000 ? def : (int)v;
}

/* "host:pid", the name a worker claims jobs under. */
static void worker_name(char *buf, size_t size, pid_t pid)
{
    char host[64];
    if (gethostname(host, sizeof host) != 0)
        snprintf(host, sizeof host, "localhost");
    host[sizeof host - 1] = '\0';
    snprintf(buf, size, "%s:%ld", host, (long)pid);
}

/* A path under the workspace, stored relative to it so that the workspace
 * can be moved or restored elsewhere. */
static const char *relative_to(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    if (strncmp(path, dir, n) == 0 && path[n] == '/')
        return path + n + 1;
    return path;
}

/* Stores the drafts and finishes the job, or neither. */
static int store_results(hb_ws *w, const hb_job *job, const hb_ws_page *pages,
                         size_t n, hb_book_out *out, hb_err *e)
{
    if (ws_tx_begin(w, e))
        return -1;
    int rc = ws_job_finish(w, job, e);
    for (size_t i = 0; rc == 0 && i < out->n_records; i++)
        rc = ws_record_put(w, job->target, out->records[i], HB_RS_DRAFT, e);
    for (size_t i = 0; rc == 0 && i < n && i < out->n_pages; i++)
        if (out->clean_images && out->clean_images[i])
            rc = ws_page_set_clean(w, pages[i].id,
                                   relative_to(out->clean_images[i], ws_dir(w)),
                                   e);
    if (rc == 0)
        return ws_tx_commit(w, e);
    ws_tx_rollback(w);
    return -1;
}

/* Reads one book.  *engine_down is set when the recognition engines could
 * not be started: then no further job can succeed in this worker. */
static int run_job(hb_ws *w, hb_ocr **ocr, const hb_job *job, int *engine_down,
                   size_t *n_records, hb_err *e)
{
    hb_ws_page *pages = NULL;
    size_t n = 0;
    hb_page_in *in = NULL;
    char (*images)[4096] = NULL;
    hb_book_out out;
    memset(&out, 0, sizeof out);
    int rc = ws_book_pages(w, job->target, &pages, &n, e);
    if (rc == 0 && n == 0)
        rc = err_set(e, HB_ENOTFOUND, "book %lld has no pages",
                     (long long)job->target);
    if (rc == 0 && !*ocr && !(*ocr = ocr_new(e))) {
        *engine_down = 1;
        rc = -1;
    }
    if (rc == 0) {
        in = calloc(n, sizeof *in);
        images = calloc(n, sizeof *images);
        if (!in || !images)
            rc = err_set(e, HB_ENOMEM, "book %lld: out of memory",
                         (long long)job->target);
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (!ws_page_image(w, pages[i].sha256, images[i], sizeof images[i]))
            rc = err_set(e, HB_EIO, "%s: path too long", ws_dir(w));
        in[i].image = images[i];
        in[i].source_file = pages[i].source_file;
        in[i].source_page = pages[i].source_page;
        in[i].sha256 = pages[i].sha256;
    }
    /* Each book's cleaned pages in their own folder, DIR/clean/book-N:
     * the reader names them by page number, which books share. */
    char clean[4096], rel[64];
    snprintf(rel, sizeof rel, "%s/book-%lld", WS_CLEAN_DIR,
             (long long)job->target);
    if (rc == 0 && !ws_path(w, rel, clean, sizeof clean))
        rc = err_set(e, HB_EIO, "%s: path too long", ws_dir(w));
    if (rc == 0 && mkdir(clean, 0755) != 0 && errno != EEXIST) {
        /* DIR/clean itself may be missing (an old or restored workspace) */
        char top[4096];
        if (ws_path(w, WS_CLEAN_DIR, top, sizeof top))
            mkdir(top, 0755);
        if (mkdir(clean, 0755) != 0 && errno != EEXIST)
            rc = err_set(e, HB_EIO, "%s: %s", clean, strerror(errno));
    }
    if (rc == 0)
        rc = extract_book(*ocr, in, n, clean, &out, e);
    if (rc == 0)
        rc = store_results(w, job, pages, n, &out, e);
    if (rc == 0)
        *n_records = out.n_records;
    extract_book_free(&out);
    free(in);
    free(images);
    ws_pages_free(pages, n);
    return rc;
}

/* One worker process: claims and reads books until none is left.  Returns
 * its exit status. */
static int worker_main(const worker_cfg *cfg)
{
    hb_err e;
    char name[128];
    worker_name(name, sizeof name, getpid());
    hb_ws *w = ws_open(cfg->dir, &e);
    if (!w) {
        fprintf(stderr, "hocba process: %s\n", e.msg);
        return 1;
    }
    hb_ocr *ocr = NULL;
    int status = 0, engine_down = 0;
    while (!engine_down) {
        hb_job job;
        int got = ws_job_claim(w, "extract", name, cfg->lease, &job, &e);
        if (got < 0) {
            fprintf(stderr, "hocba process: %s\n", e.msg);
            status = 1;
            break;
        }
        if (got == 0)
            break;
        if (cfg->test_sleep > 0)
            sleep((unsigned)cfg->test_sleep);
        hb_ws_book book;
        int have = ws_get_book(w, job.target, &book, NULL) == 0;
        const char *bname = have ? book.source : "?";
        size_t n_records = 0;
        if (run_job(w, &ocr, &job, &engine_down, &n_records, &e) == 0) {
            printf("book %lld (%s): %zu draft record%s\n",
                   (long long)job.target, bname, n_records,
                   n_records == 1 ? "" : "s");
        } else {
            status = 1;
            fprintf(stderr, "hocba process: book %lld (%s): %s\n",
                    (long long)job.target, bname, e.msg);
            hb_err e2;
            /* A lost lease means another worker owns the job now: leave it. */
            if (ws_job_fail(w, &job, e.msg, &e2) && e2.code != HB_EINVALID)
                fprintf(stderr, "hocba process: %s\n", e2.msg);
        }
        fflush(stdout);
        if (have)
            ws_book_clear(&book);
    }
    ocr_free(ocr);
    ws_close(w);
    fflush(stdout);
    fflush(stderr);
    return status;
}

/* Jobs claimed by a worker of this machine that no longer runs are given
 * back now rather than when their lease ends. */
static void recover_dead_workers(hb_ws *w)
{
    hb_job *jobs = NULL;
    size_t n = 0;
    hb_err e;
    if (ws_job_list(w, "claimed", &jobs, &n, &e)) {
        fprintf(stderr, "hocba process: %s\n", e.msg);
        return;
    }
    char me[128];
    worker_name(me, sizeof me, 0);
    size_t hostlen = strcspn(me, ":") + 1; /* "host:" */
    for (size_t i = 0; i < n; i++) {
        if (strncmp(jobs[i].worker, me, hostlen) != 0)
            continue;
        char *end;
        long pid = strtol(jobs[i].worker + hostlen, &end, 10);
        if (*end || pid <= 0 || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        if (ws_job_expire(w, jobs[i].id, &e) == 0)
            fprintf(stderr, "hocba process: job %lld (book %lld) was left by "
                    "worker %s, which is no longer running; it is retried\n",
                    (long long)jobs[i].id, (long long)jobs[i].target,
                    jobs[i].worker);
    }
    free(jobs);
}

/* How many jobs could be claimed now (queued, or claimed with an expired
 * lease); -1 on error. */
static long claimable(hb_ws *w, hb_err *e)
{
    hb_job *jobs = NULL;
    size_t n = 0;
    if (ws_job_list(w, NULL, &jobs, &n, e))
        return -1;
    long k = 0;
    time_t now = time(NULL);
    for (size_t i = 0; i < n; i++)
        if (strcmp(jobs[i].kind, "extract") == 0 &&
            (strcmp(jobs[i].state, "queued") == 0 ||
             (strcmp(jobs[i].state, "claimed") == 0 &&
              jobs[i].lease_expires <= (int64_t)now)))
            k++;
    free(jobs);
    return k;
}

/* One line for the clerk: where the whole queue stands now. */
static void print_summary(const char *dir)
{
    hb_err e;
    hb_ws *w = ws_open(dir, &e);
    hb_ws_count *c = NULL;
    size_t n = 0;
    if (!w || ws_count_states(w, "books", &c, &n, &e)) {
        fprintf(stderr, "hocba process: %s\n", e.msg);
        ws_close(w);
        return;
    }
    long long k[4] = { 0, 0, 0, 0 };
    static const char *const st[4] = { "extracted", "failed", "queued",
                                       "processing" };
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < 4; j++)
            if (strcmp(c[i].state, st[j]) == 0)
                k[j] = c[i].n;
    printf("books: %lld read, %lld failed, %lld waiting, %lld being read "
           "(details: hocba queue)\n", k[0], k[1], k[2], k[3]);
    free(c);
    ws_close(w);
}

int cmd_process(int argc, char **argv)
{
    static const struct option opts[] = {
        { "workspace", required_argument, NULL, 'w' },
        { "jobs", required_argument, NULL, 'j' },
        { "retry", no_argument, NULL, 'r' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    const char *wsdir = NULL;
    long njobs = sysconf(_SC_NPROCESSORS_ONLN);
    int retry = 0, c;
    while ((c = getopt_long(argc, argv, "w:j:h", opts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'w':
            wsdir = optarg;
            break;
        case 'j':
            njobs = strtol(optarg, &end, 10);
            if (*end || njobs < 1 || njobs > 256) {
                fprintf(stderr, "hocba process: --jobs %s: expected 1..256\n",
                        optarg);
                return 2;
            }
            break;
        case 'r':
            retry = 1;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind < argc) {
        usage(stderr);
        return 2;
    }
    if (njobs < 1)
        njobs = 1;
    worker_cfg cfg = { ws_locate(wsdir), env_int("HOCBA_LEASE_SECONDS",
                                                 DEFAULT_LEASE, 1),
                       env_int("HOCBA_TEST_JOB_SLEEP", 0, 0) };
    hb_err e;
    hb_ws *w = ws_open(cfg.dir, &e);
    if (!w) {
        fprintf(stderr, "hocba process: %s\n", e.msg);
        return 1;
    }
    int requeued = 0;
    if (retry && ws_job_requeue_failed(w, "extract", &requeued, &e) == 0 &&
        requeued)
        printf("%d failed book%s queued again\n", requeued,
               requeued == 1 ? "" : "s");
    recover_dead_workers(w);
    long todo = claimable(w, &e);
    /* No connection may cross fork(): each worker opens its own. */
    ws_close(w);
    if (todo < 0) {
        fprintf(stderr, "hocba process: %s\n", e.msg);
        return 1;
    }
    if (todo == 0) {
        printf("nothing to process\n");
        return 0;
    }
    if (njobs > todo)
        njobs = todo;
    fflush(stdout);
    fflush(stderr);
    pid_t *pids = calloc((size_t)njobs, sizeof *pids);
    if (!pids) {
        fprintf(stderr, "hocba process: out of memory\n");
        return 1;
    }
    int status = 0;
    long started = 0;
    for (long i = 0; i < njobs; i++) {
        pid_t pid = fork();
        if (pid == 0)
            _exit(worker_main(&cfg));
        if (pid < 0) {
            fprintf(stderr, "hocba process: cannot start a worker: %s\n",
                    strerror(errno));
            status = 1;
            break;
        }
        pids[started++] = pid;
    }
    for (long i = 0; i < started; i++) {
        int ws;
        while (waitpid(pids[i], &ws, 0) < 0 && errno == EINTR)
            ;
        if (WIFSIGNALED(ws)) {
            fprintf(stderr, "hocba process: worker %ld was killed by signal "
                    "%d; its book is retried by the next 'hocba process'\n",
                    (long)pids[i], WTERMSIG(ws));
            status = 1;
        } else if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0) {
            status = 1;
        }
    }
    free(pids);
    print_summary(cfg.dir);
    return status;
}
