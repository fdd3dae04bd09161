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
 * A worker renews its lease while it reads a book (between pages, once a
 * quarter of the lease has passed), so that however long a book takes,
 * its job is not claimed a second time while its worker is alive.  A
 * worker that lost its lease all the same (a page that took longer than a
 * lease, a machine suspended) learns it at the next renewal or when it
 * finishes: it then stops and stores nothing, and the worker that holds
 * the job now is the only one whose drafts and cleaned images count.
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

#include <leptonica/allheaders.h>

#include "cmd.h"
#include "extract.h"
#include "files.h"
#include "heap.h"
#include "roster.h"
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
            "usage: hocba process [-w DIR] [--jobs N] [--retry] "
            "[--roster FILE]\n"
            "Reads every queued book into draft records, N books at a time.\n\n"
            "  -w, --workspace DIR  the workspace (default $HOCBA_WORKSPACE, "
            "else .)\n"
            "  -j, --jobs N         worker processes (default: number of "
            "cores)\n"
            "  --retry              queue failed books again first\n"
            "  --roster FILE        load the school's student list (CSV: mã "
            "học sinh, mã định\n"
            "                       danh, họ tên, ngày sinh, giới tính, lớp) "
            "into the workspace,\n"
            "                       replacing the one before; the books read "
            "from now on\n"
            "                       are matched against it\n");
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

/* A job's claim while its book is read. */
typedef struct claim {
    hb_ws *w;
    const hb_job *job;
    int lease;      /* seconds */
    time_t renewed; /* when the lease was last set */
    int lost;       /* another worker holds the job now */
} claim;

/* Before each page: renews the lease once a quarter of it has passed (one
 * small write every few minutes at the default lease, whatever the
 * book's length).  -1, with c->lost set, when another worker has claimed
 * the job meanwhile: reading further would be wasted. */
static int claim_keep(claim *c, hb_err *e)
{
    time_t now = time(NULL);
    int every = c->lease >= 4 ? c->lease / 4 : 1;
    if (now - c->renewed < every)
        return 0;
    hb_err e2;
    if (ws_job_renew(c->w, c->job, c->lease, &e2) == 0) {
        c->renewed = now;
        return 0;
    }
    if (e2.code != HB_EINVALID)
        return 0; /* the database stayed busy: try again at the next page
                     (finishing checks the claim anyway) */
    c->lost = 1;
    *e = e2;
    return -1;
}

/* Stores the drafts and finishes the job, or neither: finishing fails
 * when the claim was lost, and then nothing of this reading is kept. */
static int store_results(claim *c, const hb_ws_page *pages, size_t n,
                         hb_book_out *out, hb_err *e)
{
    hb_ws *w = c->w;
    if (ws_tx_begin(w, e))
        return -1;
    int rc = ws_job_finish(w, c->job, e);
    if (rc && e->code == HB_EINVALID)
        c->lost = 1;
    for (size_t i = 0; rc == 0 && i < out->n_records; i++)
        rc = ws_record_put(w, c->job->target, out->records[i], HB_RS_DRAFT,
                           e);
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

/* A new folder for this claim's cleaned pages, DIR/clean/book-N-XXXXXX.
 * The reader names the images by page number, so each book needs its own
 * folder; and each claim its own too, so that a worker that lost its
 * lease, still reading the book another worker now reads, never writes
 * over the images the other's stored pages point to. */
static int clean_dir_new(hb_ws *w, int64_t book, char *buf, size_t size,
                         hb_err *e)
{
    char rel[64], top[4096];
    snprintf(rel, sizeof rel, "%s/book-%lld-XXXXXX", WS_CLEAN_DIR,
             (long long)book);
    if (!ws_path(w, rel, buf, size) || !ws_path(w, WS_CLEAN_DIR, top,
                                                  sizeof top))
        return err_set(e, HB_EIO, "%s: path too long", ws_dir(w));
    /* DIR/clean itself may be missing (an old or restored workspace) */
    if (files_mkdir_p(top, e))
        return -1;
    if (!mkdtemp(buf))
        return err_set(e, HB_EIO, "%s: %s", top, strerror(errno));
    chmod(buf, 0755); /* mkdtemp makes it private; review reads it */
    return 0;
}

/* Reads one book, page by page, keeping its claim.  *engine_down is set
 * when the recognition engines could not be started: then no further job
 * can succeed in this worker. */
static int run_job(claim *c, hb_ocr **ocr, const hb_roster *ro,
                   int *engine_down, size_t counts[4], hb_err *e)
{
    hb_ws *w = c->w;
    const hb_job *job = c->job;
    hb_ws_page *pages = NULL;
    size_t n = 0;
    hb_book_out out;
    memset(&out, 0, sizeof out);
    char clean[4096] = "";
    int rc = ws_book_pages(w, job->target, &pages, &n, e);
    if (rc == 0 && n == 0)
        rc = err_set(e, HB_ENOTFOUND, "book %lld has no pages",
                     (long long)job->target);
    if (rc == 0 && !*ocr && !(*ocr = ocr_new(e))) {
        *engine_down = 1;
        rc = -1;
    }
    if (rc == 0 && clean_dir_new(w, job->target, clean, sizeof clean, e)) {
        clean[0] = '\0';
        rc = -1;
    }
    hb_extract *x = rc == 0 ? extract_start(*ocr, clean, e) : NULL;
    if (rc == 0 && !x)
        rc = -1;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char image[4096];
        if (claim_keep(c, e))
            rc = -1;
        else if (!ws_page_image(w, pages[i].sha256, image, sizeof image))
            rc = err_set(e, HB_EIO, "%s: path too long", ws_dir(w));
        else {
            hb_page_in in = { image, pages[i].source_file,
                              pages[i].source_page, pages[i].sha256 };
            /* an unreadable image is read as a failed page, not an error */
            PIX *pix = pixRead(image);
            rc = extract_add_page(x, pix, 0, &in, e);
            pixDestroy(&pix);
        }
    }
    if (rc == 0) {
        rc = extract_finish(x, &out, e);
        x = NULL; /* freed by extract_finish whatever it returns */
    }
    extract_abort(x);
    if (rc == 0 && ro)
        rc = roster_apply(ro, out.records, out.n_records, counts, e);
    if (rc == 0)
        rc = store_results(c, pages, n, &out, e);
    if (rc == 0)
        counts[3] = out.n_records;
    else if (clean[0])
        files_remove_tree(clean, NULL); /* nothing points there */
    extract_book_free(&out);
    ws_pages_free(pages, n);
    return rc;
}

/* The workspace's roster, parsed; *ro stays NULL when there is none. */
static int worker_roster(hb_ws *w, hb_roster **ro, hb_err *e)
{
    hb_ws_roster r;
    *ro = NULL;
    int got = ws_roster_get(w, &r, e);
    if (got <= 0)
        return got;
    *ro = roster_parse(r.csv, r.len, r.name, e);
    ws_roster_clear(&r);
    return *ro ? 0 : -1;
}

/* One worker process: claims and reads books until none is left.  Returns
 * its exit status. */
static int worker_main(const worker_cfg *cfg)
{
    hb_err e;
    char name[128];
    heap_tune_for_pages();
    worker_name(name, sizeof name, getpid());
    hb_ws *w = ws_open(cfg->dir, &e);
    if (!w) {
        fprintf(stderr, "hocba process: %s\n", e.msg);
        return 1;
    }
    hb_roster *ro = NULL;
    if (worker_roster(w, &ro, &e)) {
        fprintf(stderr, "hocba process: the workspace's roster: %s\n", e.msg);
        ws_close(w);
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
        claim c = { w, &job, cfg->lease, time(NULL), 0 };
        if (cfg->test_sleep > 0)
            sleep((unsigned)cfg->test_sleep);
        hb_ws_book book;
        int have = ws_get_book(w, job.target, &book, NULL) == 0;
        const char *bname = have ? book.source : "?";
        size_t counts[4] = { 0, 0, 0, 0 }; /* hb_roster_match, then drafts */
        if (run_job(&c, &ocr, ro, &engine_down, counts, &e) == 0) {
            size_t nr = counts[3];
            printf("book %lld (%s): %zu draft record%s", (long long)job.target,
                   bname, nr, nr == 1 ? "" : "s");
            if (ro)
                printf("; roster: %zu matched, %zu not found, %zu ambiguous",
                       counts[ROSTER_MATCH_ONE], counts[ROSTER_MATCH_NONE],
                       counts[ROSTER_MATCH_MANY]);
            printf("\n");
        } else if (c.lost) {
            /* Not a failure of the batch: the book is another worker's now,
             * and its reading is the one that counts. */
            fprintf(stderr, "hocba process: book %lld (%s): another worker "
                    "has claimed it (%s); this reading is dropped\n",
                    (long long)job.target, bname, e.msg);
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
    roster_free(ro);
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
        { "roster", required_argument, NULL, 'R' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    const char *wsdir = NULL, *roster_file = NULL;
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
        case 'R':
            roster_file = optarg;
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
    /* The roster is read before the workspace is opened: a file that is
     * not a roster leaves the workspace as it was. */
    char *csv = NULL;
    size_t csv_len = 0;
    hb_roster *ro = roster_file ? roster_read(roster_file, &csv, &csv_len, &e)
                                : NULL;
    if (roster_file && !ro) {
        fprintf(stderr, "hocba process: %s\n", e.msg);
        return 1;
    }
    hb_ws *w = ws_open(cfg.dir, &e);
    if (w && ro && ws_roster_set(w, roster_file, csv, csv_len, (int)ro->n,
                                 &e)) {
        ws_close(w);
        w = NULL;
    }
    if (w && ro)
        printf("roster: %zu student%s from %s, kept in the workspace\n", ro->n,
               ro->n == 1 ? "" : "s", roster_file);
    roster_free(ro);
    free(csv);
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
