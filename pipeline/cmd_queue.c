/*
 * cmd_queue.c - `hocba queue [-w DIR] [--json]`: what the workspace holds.
 *
 * Books, pages, records and jobs by state, then the failed jobs with their
 * reasons.  With --records, one line per record version instead: whose
 * record, which year, its state and how many of its fields wait for a
 * person (review="1") — the teacher's to-do list.  The clerk reads the text form (Vietnamese labels, the English
 * state names in brackets); scripts read --json, whose keys are the
 * database's English state names, every state present (0 when none).
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "cmd_util.h"
#include "deadline.h"
#include "text.h"
#include "workspace.h"

typedef struct label {
    const char *state, *vi;
} label;

/* The states of each table in their natural order, with the clerk's word. */
static const label book_labels[] = {
    { "scanned", "chưa xếp hàng" }, { "queued", "chờ đọc" },
    { "processing", "đang đọc" }, { "extracted", "đã đọc" },
    { "failed", "lỗi" }, { NULL, NULL }
};
static const label page_labels[] = {
    { "stored", "đã lưu" }, { "cleaned", "đã làm sạch" }, { NULL, NULL }
};
static const label record_labels[] = {
    { "draft", "bản nháp" }, { "in_review", "đang xác minh" },
    { "approved", "đã duyệt" }, { "signed", "đã ký" },
    { "issued", "đã phát hành" }, { "revoked", "đã thu hồi" }, { NULL, NULL }
};
static const label job_labels[] = {
    { "queued", "chờ" }, { "claimed", "đang chạy" }, { "done", "xong" },
    { "failed", "lỗi" }, { NULL, NULL }
};

static const struct table {
    const char *what, *vi;
    const label *labels;
} tables[] = {
    { "books", "Sổ học bạ", book_labels },
    { "pages", "Trang", page_labels },
    { "records", "Hồ sơ", record_labels },
    { "jobs", "Việc", job_labels },
};
#define N_TABLES (sizeof tables / sizeof tables[0])

static int64_t count_of(const hb_ws_count *c, size_t n, const char *state)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(c[i].state, state) == 0)
            return c[i].n;
    return 0;
}

/* --records: every record version with its class, its count of fields,
 * of flagged ones and of those still open (flagged, no reviewer's note). */
static int print_records(hb_ws *w, int json, hb_err *e)
{
    hb_ws_record *list = NULL;
    size_t n = 0;
    if (ws_record_list(w, -1, 0, &list, &n, e) != 0)
        return -1;
    int rc = 0;
    if (json)
        printf("[");
    for (size_t i = 0; rc == 0 && i < n; i++) {
        hb_ws_field *all = NULL;
        size_t n_all = 0;
        const hb_ws_record *m = &list[i];
        rc = ws_record_fields(w, m->id, m->version, 0, &all, &n_all, e);
        if (rc == 0 && json) {
            printf("%s{\"id\":", i ? "," : "");
            text_json_string(stdout, m->id);
            printf(",\"version\":%d,\"rev\":%d,\"book\":%" PRId64
                   ",\"year\":", m->version, m->rev, m->book);
            text_json_string(stdout, m->year);
            printf(",\"class\":");
            text_json_string(stdout, m->klass);
            printf(",\"student\":");
            text_json_string(stdout, m->student);
            printf(",\"state\":\"%s\",\"fields\":%zu,\"review\":%d,"
                   "\"open\":%d}", ws_rstate_name(m->state), n_all,
                   m->flagged, m->open);
        } else if (rc == 0) {
            printf("%s v%d  %-9s  %-5s  %-10s  %s  — %d/%zu trường cần xem lại, "
                   "%d chưa xử lý (fields to review, open)\n", m->id,
                   m->version, m->year ? m->year : "?",
                   m->klass ? m->klass : "?", ws_rstate_name(m->state),
                   m->student ? m->student : "?", m->flagged, n_all, m->open);
        }
        ws_fields_free(all, n_all);
    }
    if (json && rc == 0)
        printf("]\n");
    ws_records_free(list, n);
    return rc;
}

static void usage(FILE *out)
{
    fprintf(out, "usage: hocba queue [-w DIR] [--json] [--records]\n"
                 "       hocba queue [-w DIR] [--json] --deadline "
                 "[--today YYYY-MM-DD]\n"
                 "Books, pages, records and jobs of the workspace by state;\n"
                 "with --records, each record with its fields to review;\n"
                 "with --deadline, what is still missing (not issued) per "
                 "school year\nfor the Ministry's sync deadlines (25/6, 10/8)"
                 " and the days left.\n");
}

int cmd_queue(int argc, char **argv)
{
    static const struct option opts[] = {
        { "workspace", required_argument, NULL, 'w' },
        { "json", no_argument, NULL, 'j' },
        { "deadline", no_argument, NULL, 'd' },
        { "today", required_argument, NULL, 't' },
        { "records", no_argument, NULL, 'r' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    const char *wsdir = NULL, *today = NULL;
    int json = 0, deadline = 0, records = 0, c;
    while ((c = getopt_long(argc, argv, "w:h", opts, NULL)) != -1) {
        if (c == 'w')
            wsdir = optarg;
        else if (c == 'j')
            json = 1;
        else if (c == 'd')
            deadline = 1;
        else if (c == 't')
            today = optarg;
        else if (c == 'r')
            records = 1;
        else if (c == 'h') {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (optind < argc || (today && !deadline) || (records && deadline)) {
        usage(stderr);
        return 2;
    }
    hb_err e;
    hb_ws *w = cmd_open_workspace("queue", wsdir);
    if (!w)
        return 1;
    if (deadline) { /* deadline.h */
        int drc = deadline_print(w, today, json, stdout, &e);
        if (drc)
            fprintf(stderr, "hocba queue: %s\n", e.msg);
        ws_close(w);
        return drc ? (e.code == HB_EUSAGE ? 2 : 1) : 0;
    }
    if (records) {
        int rrc = print_records(w, json, &e);
        if (rrc)
            fprintf(stderr, "hocba queue: %s\n", e.msg);
        ws_close(w);
        return rrc ? 1 : 0;
    }
    hb_ws_count *counts[N_TABLES] = { NULL };
    size_t ncounts[N_TABLES] = { 0 };
    hb_job *failed = NULL;
    size_t nfailed = 0;
    int rc = 0;
    for (size_t t = 0; rc == 0 && t < N_TABLES; t++)
        rc = ws_count_states(w, tables[t].what, &counts[t], &ncounts[t], &e);
    if (rc == 0)
        rc = ws_job_list(w, "failed", &failed, &nfailed, &e);
    if (rc) {
        fprintf(stderr, "hocba queue: %s\n", e.msg);
        goto out;
    }
    if (json)
        printf("{");
    for (size_t t = 0; t < N_TABLES; t++) {
        int64_t total = 0;
        for (size_t i = 0; i < ncounts[t]; i++)
            total += counts[t][i].n;
        if (json) {
            printf("%s\"%s\":{\"total\":%" PRId64, t ? "," : "",
                   tables[t].what, total);
            for (const label *l = tables[t].labels; l->state; l++)
                printf(",\"%s\":%" PRId64, l->state,
                       count_of(counts[t], ncounts[t], l->state));
            printf("}");
            continue;
        }
        /* printf's widths count bytes; Vietnamese letters take 2 or 3 */
        printf("%s%*s %6" PRId64 " ", tables[t].vi,
               (int)(10 - text_length(tables[t].vi)), "", total);
        const char *sep = "—";
        for (const label *l = tables[t].labels; l->state; l++) {
            int64_t k = count_of(counts[t], ncounts[t], l->state);
            if (k == 0 && strcmp(l->state, "scanned") == 0)
                continue; /* books are always queued by scan */
            printf(" %s %s %" PRId64, sep, l->vi, k);
            sep = "·";
        }
        printf("   (%s)\n", tables[t].what);
    }
    if (json)
        printf(",\"failed\":[");
    else if (nfailed)
        printf("\nViệc bị lỗi (failed jobs):\n");
    for (size_t i = 0; i < nfailed; i++) {
        hb_ws_book b;
        int have = strcmp(failed[i].kind, "extract") == 0 &&
                   ws_get_book(w, failed[i].target, &b, NULL) == 0;
        if (json) {
            printf("%s{\"job\":%" PRId64 ",\"kind\":", i ? "," : "",
                   failed[i].id);
            text_json_string(stdout, failed[i].kind);
            printf(",\"target\":%" PRId64 ",\"attempts\":%d,\"source\":",
                   failed[i].target, failed[i].attempts);
            text_json_string(stdout, have ? b.source : NULL);
            printf(",\"error\":");
            text_json_string(stdout, failed[i].error);
            printf("}");
        } else {
            printf("  sổ %" PRId64 " (%s), %d lần thử: %s\n", failed[i].target,
                   have ? b.source : "?", failed[i].attempts, failed[i].error);
        }
        if (have)
            ws_book_clear(&b);
    }
    if (json)
        printf("]}\n");
    else if (nfailed)
        printf("Sửa lỗi rồi chạy lại: hocba process --retry\n");
out:
    for (size_t t = 0; t < N_TABLES; t++)
        free(counts[t]);
    free(failed);
    ws_close(w);
    return rc ? 1 : 0;
}
