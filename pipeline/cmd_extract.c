/*
 * cmd_extract.c - `hocba extract [--out DIR] [--jobs N] [--pages] FILE...`
 *
 * The machine part of the pipeline on plain files, no workspace: each FILE
 * (a PDF, TIFF, PNG, JPEG or a folder of page images) is one student's
 * book; each school year found in it becomes one draft record XML in DIR:
 * DIR/<name>.xml for a one-year book, DIR/<name>-<NAM_HOC>.xml when the
 * book holds several years (<name> is the file name without extension).
 *
 * Books are read in parallel by --jobs worker processes (default: one per
 * core), each with its own Tesseract engines.  A book that cannot be read
 * gives one line on stderr naming the file and the reason; the others are
 * still processed, and the exit status is then 1.
 *
 * --roster CSV matches the drafts to the school's student list (rule 7,
 * roster.h) as `hocba process` does with a workspace's roster.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "cmd.h"
#include "extract.h"
#include "files.h"
#include "heap.h"
#include "load.h"
#include "pagestore.h"
#include "record_xml.h"
#include "roster.h"
#include "stagetime.h"
#include "text.h"

static const char usage_line[] =
    "usage: hocba extract [--out DIR] [--jobs N] [--pages] [--roster CSV] "
    "FILE...\n";

static void usage_help(void)
{
    fputs(usage_line, stdout);
    fputs("\n"
          "Reads scanned học bạ books (PDF, TIFF, PNG, JPEG, or a folder of page\n"
          "images: one book per FILE) into draft records, one per school year:\n"
          "DIR/<name>.xml, or DIR/<name>-<school year>.xml when a book holds\n"
          "several years.  Every doubtful field carries review=\"1\" and a reason.\n"
          "\n"
          "  --out DIR   where the drafts go (default: the current directory)\n"
          "  --jobs N    books read in parallel (default: the number of cores)\n"
          "  --pages     also write the cleaned page images the boxes refer to,\n"
          "              DIR/<name>.pages/page-001.png ...\n"
          "  --roster CSV  match the drafts to the school's student list (mã "
          "học sinh,\n"
          "              mã định danh, họ tên, ngày sinh, giới tính, lớp): "
          "identifiers\n"
          "              filled from it, students not found flagged\n"
          "\n"
          "HB_STAGE_TIMES=FILE appends one line per worker to FILE: its CPU seconds\n"
          "by stage (init, decode, clean, grid, layout, label, score, level, text,\n"
          "date, other, rules, xml, rest) and the pages it read.\n",
          stdout);
}

/* The book's name: the file or folder name without its extension. */
static void book_name(const char *path, char *buf, size_t size)
{
    char tmp[PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s", path);
    size_t n = strlen(tmp);
    while (n > 1 && tmp[n - 1] == '/')
        tmp[--n] = '\0';
    const char *base = strrchr(tmp, '/');
    base = base ? base + 1 : tmp;
    /* copy at most size-1 bytes: a long name is cut, never overflows */
    size_t len = strlen(base);
    if (len >= size)
        len = size - 1;
    memcpy(buf, base, len);
    buf[len] = '\0';
    char *dot = strrchr(buf, '.');
    if (dot && dot != buf)
        *dot = '\0';
}

/* ---- one book ----------------------------------------------------------- */

typedef struct book_ctx {
    hb_extract *x;
    const char *path;
    hb_err *e;
} book_ctx;

/* The provenance digest of a page.  A page that is a whole image file is
 * digested as the file's bytes (anyone can check it with sha256sum); a page
 * of a PDF or multi-page TIFF has no file of its own, so its decoded
 * pixels are digested (width, height, depth, then the raster rows). */
static int page_digest(const hb_loaded_page *p, char hex[65], hb_err *e)
{
    const char *ext = strrchr(p->source, '.');
    if (p->page == 1 && ext &&
        (!strcasecmp(ext, ".png") || !strcasecmp(ext, ".jpg") ||
         !strcasecmp(ext, ".jpeg")))
        return pagestore_sha256_file(p->source, hex, e);
    PIX *pix = p->pix;
    l_int32 w = pixGetWidth(pix), h = pixGetHeight(pix), d = pixGetDepth(pix);
    l_int32 wpl = pixGetWpl(pix);
    size_t row = ((size_t)w * (size_t)d + 7) / 8;
    /* Streamed a row at a time: a whole copy of a colour page is 35 MB to
     * allocate, fault in and fill byte by byte, which cost as much as
     * decoding the page (the bytes digested are the same). */
    unsigned char *buf = malloc((size_t)wpl * 4 + 4);
    EVP_MD_CTX *ctx = buf ? EVP_MD_CTX_new() : NULL;
    int rc = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 ? 0 : -1;
    l_int32 hdr[3] = { w, h, d };
    if (rc == 0 && EVP_DigestUpdate(ctx, hdr, sizeof hdr) != 1)
        rc = -1;
    l_uint32 *data = pixGetData(pix);
    for (l_int32 y = 0; rc == 0 && y < h; y++) {
        /* Leptonica keeps words in native order; bytes in image order */
        const l_uint32 *line = data + (size_t)y * (size_t)wpl;
        for (size_t k = 0; k < (row + 3) / 4; k++) {
            l_uint32 v = line[k];
            buf[4 * k] = (unsigned char)(v >> 24);
            buf[4 * k + 1] = (unsigned char)(v >> 16);
            buf[4 * k + 2] = (unsigned char)(v >> 8);
            buf[4 * k + 3] = (unsigned char)v;
        }
        if (EVP_DigestUpdate(ctx, buf, row) != 1)
            rc = -1;
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    if (rc == 0 && (EVP_DigestFinal_ex(ctx, md, &n) != 1 || n != 32))
        rc = -1;
    if (rc == 0)
        files_sha256_hex(md, hex);
    EVP_MD_CTX_free(ctx);
    int nomem = !buf;
    free(buf);
    if (rc)
        return nomem ? err_set(e, HB_ENOMEM, "%s: out of memory", p->source)
                     : err_set(e, HB_ECRYPTO, "%s: SHA-256: OpenSSL failed",
                               p->source);
    return 0;
}

static int on_page(const hb_loaded_page *p, void *ctx)
{
    book_ctx *b = ctx;
    char hex[65] = "";
    if (page_digest(p, hex, b->e))
        return -1;
    hb_page_in meta = { NULL, p->source, p->page, hex };
    return extract_add_page(b->x, p->pix, p->dpi, &meta, b->e);
}

static int write_drafts(const hb_book_out *out, const char *dir,
                        const char *name, hb_err *e)
{
    for (size_t i = 0; i < out->n_records; i++) {
        const hb_record *r = out->records[i];
        char path[PATH_MAX];
        if (out->n_records == 1) {
            snprintf(path, sizeof path, "%s/%s.xml", dir, name);
        } else {
            const char *y = r->year.nam_hoc.value;
            char yb[32];
            if (!y || !*y || strlen(y) > 20 || strchr(y, '/')) {
                snprintf(yb, sizeof yb, "nam-%zu", i + 1);
                y = yb;
            }
            snprintf(path, sizeof path, "%s/%s-%s.xml", dir, name, y);
            /* two years read alike: keep both */
            for (size_t k = 0; k < i; k++) {
                const char *o = out->records[k]->year.nam_hoc.value;
                if (o && strcmp(o, y) == 0) {
                    snprintf(path, sizeof path, "%s/%s-%s-%zu.xml", dir, name,
                             y, i + 1);
                    break;
                }
            }
        }
        if (record_xml_write_file(r, 1, path, e))
            return -1;
    }
    return 0;
}

static int extract_one(hb_ocr *o, const char *path, const char *dir,
                       int pages, const hb_roster *ro, size_t *n_records,
                       hb_err *e)
{
    char name[256];
    book_name(path, name, sizeof name);
    char clean_dir[PATH_MAX];
    if (pages) {
        snprintf(clean_dir, sizeof clean_dir, "%s/%s.pages", dir, name);
        if (mkdir(clean_dir, 0777) != 0 && errno != EEXIST)
            return err_set(e, HB_EIO, "%s: %s", clean_dir, strerror(errno));
    }
    hb_extract *x = extract_start(o, pages ? clean_dir : NULL, e);
    if (!x)
        return -1;
    book_ctx b = { x, path, e };
    /* what load_book does outside the page callback's own stages is
     * decoding (stagetime.h) */
    hb_stagetime *st = ocr_stagetime(o);
    hb_stage prev = stagetime_enter(st, HB_STAGE_DECODE);
    int lrc = load_book(path, 0, on_page, &b, e);
    stagetime_leave(st, prev);
    if (lrc) {
        extract_abort(x);
        return -1;
    }
    hb_book_out out;
    if (extract_finish(x, &out, e))
        return -1;
    stagetime_enter(st, HB_STAGE_RULES);
    int rc = ro ? roster_apply(ro, out.records, out.n_records, NULL, e) : 0;
    stagetime_enter(st, HB_STAGE_XML);
    if (rc == 0)
        rc = write_drafts(&out, dir, name, e);
    *n_records = out.n_records;
    extract_book_free(&out);
    stagetime_leave(st, prev);
    return rc;
}

/* ---- workers ------------------------------------------------------------ */

/* What a worker tells the parent about one book: fixed-size so that one
 * write() of it is atomic on a pipe. */
typedef struct report {
    int index;
    int ok;
    int records;
    char msg[sizeof(((hb_err *)0)->msg)]; /* report < PIPE_BUF */
} report;

static void run_worker(int jobs_fd, int report_fd, char **files,
                       const char *dir, int pages, const hb_roster *ro)
{
    hb_err e;
    err_clear(&e);
    heap_tune_for_pages();
    hb_ocr *o = ocr_new(&e);
    int idx;
    while (read(jobs_fd, &idx, sizeof idx) == (ssize_t)sizeof idx) {
        report rp = { idx, 0, 0, "" };
        if (!o) {
            snprintf(rp.msg, sizeof rp.msg, "%s", e.msg);
        } else {
            size_t nr = 0;
            hb_err be;
            err_clear(&be);
            if (extract_one(o, files[idx], dir, pages, ro, &nr, &be) == 0) {
                rp.ok = 1;
                rp.records = (int)nr;
            } else {
                snprintf(rp.msg, sizeof rp.msg, "%s", be.msg);
            }
        }
        if (write(report_fd, &rp, sizeof rp) != (ssize_t)sizeof rp)
            break;
    }
    /* HB_STAGE_TIMES=FILE: this worker's CPU seconds by stage, one line
     * appended (samples/bench.sh sums the workers' lines).  Best effort:
     * the drafts are written already. */
    const char *stf = getenv("HB_STAGE_TIMES");
    if (o && stf && *stf && stagetime_append(ocr_stagetime(o), stf) != 0)
        fprintf(stderr, "hocba extract: %s: cannot write the stage times\n",
                stf);
    ocr_free(o);
}

static long ncores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? n : 1;
}

int cmd_extract(int argc, char **argv)
{
    static const struct option opts[] = {
        { "out", required_argument, NULL, 'o' },
        { "jobs", required_argument, NULL, 'j' },
        { "pages", no_argument, NULL, 'p' },
        { "roster", required_argument, NULL, 'R' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    const char *dir = ".", *roster_file = NULL;
    long jobs = 0;
    int pages = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:j:ph", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            dir = optarg;
            break;
        case 'j': {
            char *end;
            jobs = strtol(optarg, &end, 10);
            if (!*optarg || *end || jobs < 1 || jobs > 256) {
                fprintf(stderr, "hocba extract: --jobs wants a number 1-256\n%s",
                        usage_line);
                return 2;
            }
            break;
        }
        case 'p':
            pages = 1;
            break;
        case 'R':
            roster_file = optarg;
            break;
        case 'h':
            usage_help();
            return 0;
        default:
            fputs(usage_line, stderr);
            return 2;
        }
    }
    int nfiles = argc - optind;
    char **files = argv + optind;
    if (nfiles < 1) {
        fprintf(stderr, "hocba extract: no book given\n%s", usage_line);
        return 2;
    }
    /* Read once, before the workers fork: they share it, and a list that
     * cannot be read stops everything before any book is read. */
    hb_err re;
    hb_roster *ro = roster_file ? roster_load(roster_file, &re) : NULL;
    if (roster_file && !ro) {
        fprintf(stderr, "hocba extract: %s\n", re.msg);
        return 1;
    }
    struct stat st;
    if (stat(dir, &st) != 0) {
        if (mkdir(dir, 0777) != 0) {
            fprintf(stderr, "hocba extract: %s: %s\n", dir, strerror(errno));
            roster_free(ro);
            return 1;
        }
    } else if (!S_ISDIR(st.st_mode)) {
        fprintf(stderr, "hocba extract: %s: not a directory\n", dir);
        roster_free(ro);
        return 1;
    }
    if (jobs == 0)
        jobs = ncores();
    if (jobs > nfiles)
        jobs = nfiles;

    int jp[2], rp[2];
    if (pipe(jp) != 0 || pipe(rp) != 0) {
        fprintf(stderr, "hocba extract: pipe: %s\n", strerror(errno));
        roster_free(ro);
        return 1;
    }
    fflush(NULL);
    pid_t *kids = calloc((size_t)jobs, sizeof *kids);
    if (!kids) {
        fprintf(stderr, "hocba extract: out of memory\n");
        roster_free(ro);
        return 1;
    }
    for (long k = 0; k < jobs; k++) {
        kids[k] = fork();
        if (kids[k] == 0) {
            close(jp[1]);
            close(rp[0]);
            run_worker(jp[0], rp[1], files, dir, pages, ro);
            close(rp[1]);
            close(jp[0]);
            free(kids);
            roster_free(ro);
            _exit(0);
        }
        if (kids[k] < 0) {
            fprintf(stderr, "hocba extract: fork: %s\n", strerror(errno));
            jobs = k;
            break;
        }
    }
    close(jp[0]);
    close(rp[1]);
    /* Book indexes go to the workers as the job pipe takes them, and
     * their reports come back meanwhile, so that neither pipe filling up
     * can stall the other.  A write to a pipe whose workers all died
     * fails with EPIPE instead of killing this process. */
    signal(SIGPIPE, SIG_IGN);
    int tty = isatty(STDERR_FILENO);
    int done = 0, bad = 0, records = 0, next = 0;
    int jobs_fd = jobs > 0 ? jp[1] : -1;
    if (jobs_fd < 0)
        close(jp[1]);
    report r;
    while (done < nfiles) {
        struct pollfd pf[2] = { { rp[0], POLLIN, 0 }, { jobs_fd, POLLOUT, 0 } };
        if (poll(pf, jobs_fd >= 0 ? 2 : 1, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (jobs_fd >= 0 && (pf[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
            if (write(jobs_fd, &next, sizeof next) != (ssize_t)sizeof next ||
                ++next == nfiles) {
                close(jobs_fd);
                jobs_fd = -1;
            }
        }
        if (!(pf[0].revents & (POLLIN | POLLHUP)))
            continue;
        if (read(rp[0], &r, sizeof r) != (ssize_t)sizeof r)
            break; /* every worker is gone */
        done++;
        if (tty)
            fprintf(stderr, "\r\033[K");
        if (!r.ok) {
            bad++;
            if (strstr(r.msg, files[r.index]))
                fprintf(stderr, "hocba extract: %s\n", r.msg);
            else
                fprintf(stderr, "hocba extract: %s: %s\n", files[r.index],
                        r.msg[0] ? r.msg : "cannot be read");
        } else {
            records += r.records;
        }
        if (tty)
            fprintf(stderr, "[%d/%d] %s", done, nfiles, files[r.index]);
    }
    if (jobs_fd >= 0)
        close(jobs_fd);
    close(rp[0]);
    for (long k = 0; k < jobs; k++) {
        int status;
        while (waitpid(kids[k], &status, 0) < 0 && errno == EINTR)
            ;
    }
    free(kids);
    roster_free(ro);
    if (tty)
        fprintf(stderr, "\r\033[K");
    if (done < nfiles) {
        fprintf(stderr, "hocba extract: %d book(s) were not processed (a worker died)\n",
                nfiles - done);
        bad += nfiles - done;
    }
    if (tty || bad)
        fprintf(stderr, "hocba extract: %d book(s), %d draft(s) in %s%s\n",
                nfiles - bad, records, dir, bad ? ", some failed" : "");
    return bad ? 1 : 0;
}
