/*
 * api_queue.c - GET /api/queue[?state=&year=&class=]: the records waiting
 * (ROW), a summary per class (CLASS) and the Ministry's deadlines
 * (DEADLINE).
 *
 * A teacher sees only the classes assigned to them, in all three parts:
 * the rows, the class summaries and the deadline counts are all made from
 * the records they may review.  Everyone else who may see the queue
 * (clerk, principal, admin) sees the whole school.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "deadline.h"
#include "json.h"
#include "server_int.h"

/* Query values are short words; anything longer matches nothing anyway. */
#define QUERY_MAX 64

typedef struct queue_filter {
    int state;            /* -1: any */
    const char *year;     /* NULL: any */
    const char *klass;    /* NULL: any */
    int teacher;          /* rows limited to the user's classes */
} queue_filter;

typedef struct class_sum {
    const char *year, *klass;   /* borrowed from the rows */
    int total, by_state[HB_RS_COUNT], open;
} class_sum;

/* Years and classes compare without case ("8a" is "8A", as in
 * ws_user_may_review); a missing one is "". */
static int same(const char *a, const char *b)
{
    return strcasecmp(a ? a : "", b ? b : "") == 0;
}

/* Versions of one record are next to each other (ws_record_list orders by
 * book, year, id, version), so the latest version of each is the row whose
 * successor is another record. */
static int is_latest(const hb_ws_record *list, size_t n, size_t i)
{
    return i + 1 == n || strcmp(list[i].id, list[i + 1].id) != 0;
}

static int visible(const hb_req *q, const queue_filter *f,
                   const hb_ws_record *m)
{
    if (f->teacher && !ws_user_may_review(&q->user, m->year, m->klass))
        return 0;
    if (f->year && !same(f->year, m->year))
        return 0;
    if (f->klass && !same(f->klass, m->klass))
        return 0;
    return 1;
}

static json_t *shape_classes(const hb_req *q, const queue_filter *f,
                             const hb_ws_record *list, size_t n)
{
    class_sum *sums = NULL;
    size_t n_sums = 0;
    json_t *a = json_array();
    if (!a)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const hb_ws_record *m = &list[i];
        if (!is_latest(list, n, i) || !visible(q, f, m))
            continue;
        size_t k = 0;
        while (k < n_sums &&
               !(same(sums[k].year, m->year) && same(sums[k].klass, m->klass)))
            k++;
        if (k == n_sums) {
            class_sum *more = realloc(sums, (n_sums + 1) * sizeof *sums);
            if (!more)
                goto fail;
            sums = more;
            memset(&sums[k], 0, sizeof sums[k]);
            sums[k].year = m->year;
            sums[k].klass = m->klass;
            n_sums++;
        }
        sums[k].total++;
        if (m->state < HB_RS_COUNT)
            sums[k].by_state[m->state]++;
        sums[k].open += m->open;
    }
    for (size_t k = 0; k < n_sums; k++) {
        const class_sum *s = &sums[k];
        if (review_json_push(
                a, json_pack("{s:o, s:o, s:i, s:i, s:i, s:i, s:i, s:i}",
                             "year", review_json_str(s->year), "class",
                             review_json_str(s->klass), "total", s->total,
                             "draft", s->by_state[HB_RS_DRAFT], "in_review",
                             s->by_state[HB_RS_IN_REVIEW], "approved",
                             s->by_state[HB_RS_APPROVED], "done",
                             s->by_state[HB_RS_SIGNED] +
                                 s->by_state[HB_RS_ISSUED],
                             "open", s->open)))
            goto fail;
    }
    free(sums);
    return a;
fail:
    free(sums);
    json_decref(a);
    return NULL;
}

static int cmp_row_id(const void *a, const void *b)
{
    const hb_ws_record *x = *(const hb_ws_record *const *)a;
    const hb_ws_record *y = *(const hb_ws_record *const *)b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->version > y->version) - (x->version < y->version);
}

/* The row of record `id` version `version`, through the sorted index. */
static const hb_ws_record *find_row(const hb_ws_record **index, size_t n,
                                    const char *id, int version)
{
    hb_ws_record key;
    memset(&key, 0, sizeof key);
    key.id = (char *)id;
    key.version = version;
    const hb_ws_record *kp = &key;
    const hb_ws_record **hit = bsearch(&kp, index, n, sizeof *index,
                                       cmp_row_id);
    return hit ? *hit : NULL;
}

/* One DEADLINE.  For a teacher the counts are those of their classes. */
static json_t *shape_deadline(const hb_req *q, const queue_filter *f,
                              const hb_deadline_year *y,
                              const hb_ws_record *list, size_t n,
                              const hb_ws_record **index)
{
    int records = y->records, issued = y->issued;
    if (f->teacher) {
        records = issued = 0;
        for (size_t i = 0; i < n; i++)
            if (is_latest(list, n, i) && same(list[i].year, y->year) &&
                ws_user_may_review(&q->user, list[i].year, list[i].klass)) {
                records++;
                issued += list[i].state == HB_RS_ISSUED;
            }
    }
    json_t *due = json_array();
    for (int k = 0; due && k < HB_DL_COUNT; k++) {
        const hb_deadline_due *d = &y->due[k];
        int missing = (int)d->n_missing;
        if (f->teacher) {
            missing = 0;
            for (size_t j = 0; j < d->n_missing; j++) {
                const hb_ws_record *m = find_row(index, n, d->missing[j].id,
                                                 d->missing[j].version);
                missing += m && ws_user_may_review(&q->user, m->year, m->klass);
            }
        }
        if (review_json_push(due, json_pack("{s:s, s:I, s:i}", "date", d->date,
                                            "days_left",
                                            (json_int_t)d->days_left,
                                            "missing", missing))) {
            json_decref(due);
            due = NULL;
        }
    }
    return json_pack("{s:s, s:i, s:i, s:o}", "year", y->year, "records",
                     records, "issued", issued, "due", due);
}

static json_t *shape_deadlines(const hb_req *q, const queue_filter *f,
                               const hb_deadline_report *rep,
                               const hb_ws_record *list, size_t n)
{
    const hb_ws_record **index = calloc(n + 1, sizeof *index);
    json_t *a = index ? json_array() : NULL;
    if (!a) {
        free(index);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        index[i] = &list[i];
    qsort(index, n, sizeof *index, cmp_row_id);
    for (size_t i = 0; i < rep->n_years; i++) {
        const hb_deadline_year *y = &rep->years[i];
        if (f->year && !same(f->year, y->year))
            continue;
        if (review_json_push(a, shape_deadline(q, f, y, list, n, index))) {
            json_decref(a);
            a = NULL;
            break;
        }
    }
    free(index);
    return a;
}

/* Reads ?state=&year=&class=: -1 with r filled (400) when one is bad. */
static int read_filter(hb_req *q, hb_reply *r, queue_filter *f)
{
    memset(f, 0, sizeof *f);
    f->state = -1;
    f->teacher = strcmp(q->user.role, "teacher") == 0;
    const char *state = MHD_lookup_connection_value(
        q->conn, MHD_GET_ARGUMENT_KIND, "state");
    const char *year = MHD_lookup_connection_value(
        q->conn, MHD_GET_ARGUMENT_KIND, "year");
    const char *klass = MHD_lookup_connection_value(
        q->conn, MHD_GET_ARGUMENT_KIND, "class");
    if (state && *state) {
        hb_rstate s;
        if (ws_rstate_parse(state, &s)) {
            review_reply_error(r, 400, "Trạng thái không hợp lệ.");
            return -1;
        }
        f->state = (int)s;
    }
    if ((year && strlen(year) > QUERY_MAX) ||
        (klass && strlen(klass) > QUERY_MAX)) {
        review_reply_error(r, 400, "Năm học hoặc lớp không hợp lệ.");
        return -1;
    }
    f->year = year && *year ? year : NULL;
    f->klass = klass && *klass ? klass : NULL;
    return 0;
}

void review_api_queue(hb_req *q, hb_reply *r)
{
    queue_filter f;
    hb_ws_record *list = NULL;
    size_t n = 0;
    hb_deadline_report rep;
    hb_err e;
    int have_rep = 0;

    if (read_filter(q, r, &f))
        return;
    err_clear(&e);
    memset(&rep, 0, sizeof rep);
    if (ws_record_list(q->ws, -1, 0, &list, &n, &e) ||
        !(have_rep = deadline_report(q->ws, NULL, &rep, &e) == 0)) {
        review_reply_fail(r, &e, "Không đọc được danh sách hồ sơ.");
        goto done;
    }
    json_t *rows = json_array();
    for (size_t i = 0; rows && i < n; i++) {
        if (!visible(q, &f, &list[i]) ||
            (f.state >= 0 && (int)list[i].state != f.state))
            continue;
        if (review_json_push(rows, review_shape_row(&list[i]))) {
            json_decref(rows);
            rows = NULL;
        }
    }
    review_reply_json(r, 200,
                      json_pack("{s:o, s:o, s:o}", "records", rows, "classes",
                                shape_classes(q, &f, list, n), "deadlines",
                                shape_deadlines(q, &f, &rep, list, n)));
done:
    if (have_rep)
        deadline_report_free(&rep);
    ws_records_free(list, n);
}
