/* deadline.c - the sync deadlines report (see deadline.h). */
#include "deadline.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "issue.h"
#include "text.h"

#define LEN_LOP_PATH "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/LEN_LOP"

/* Month and day of each deadline in the year the school year ends. */
static const struct {
    int month, day;
    const char *vi, *en;
} dues[HB_DL_COUNT] = {
    { 6, 25, "hoàn thành năm học", "completed the year" },
    { 8, 10, "còn lại và đính chính", "the rest and corrections" },
};

hb_deadline_kind deadline_kind_of(const char *len_lop)
{
    char *f = len_lop ? text_fold(len_lop) : NULL;
    hb_deadline_kind k = HB_DL_COMPLETED;
    /* not completed: repeating, summer re-tests or training, or
     * "Chưa hoàn thành chương trình …" */
    if (f && (strstr(f, "chua hoan thanh") || strstr(f, "o lai") ||
              strstr(f, "kiem tra lai") || strstr(f, "ren luyen") ||
              strstr(f, "luu ban")))
        k = HB_DL_REST;
    free(f);
    return k;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil). */
static long days_from_civil(long y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int deadline_parse_date(const char *s, long *days)
{
    static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
        (m == 2 && d == 29 && !leap))
        return -1;
    *days = days_from_civil(y, m, d);
    return 0;
}

static int cmp_id_version(const void *a, const void *b)
{
    const hb_ws_record *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->version > y->version) - (x->version < y->version);
}

/* The year's entry in the report, added in sorted place when new. */
static hb_deadline_year *year_of(hb_deadline_report *r, const char *year,
                                 long today)
{
    size_t i = 0;
    while (i < r->n_years && strcmp(r->years[i].year, year) < 0)
        i++;
    if (i < r->n_years && strcmp(r->years[i].year, year) == 0)
        return &r->years[i];
    hb_deadline_year *p = realloc(r->years, (r->n_years + 1) * sizeof *p);
    if (!p)
        return NULL;
    r->years = p;
    memmove(&p[i + 1], &p[i], (r->n_years - i) * sizeof *p);
    r->n_years++;
    hb_deadline_year *y = &p[i];
    memset(y, 0, sizeof *y);
    snprintf(y->year, sizeof y->year, "%s", year);
    int end = atoi(year + 5);
    for (int k = 0; k < HB_DL_COUNT; k++) {
        snprintf(y->due[k].date, sizeof y->due[k].date, "%04d-%02d-%02d",
                 end, dues[k].month, dues[k].day);
        y->due[k].days_left = days_from_civil(end, dues[k].month,
                                              dues[k].day) - today;
    }
    return y;
}

static int add_item(hb_deadline_due *d, const hb_ws_record *m, int correction)
{
    hb_deadline_item *p = realloc(d->missing, (d->n_missing + 1) * sizeof *p);
    if (!p)
        return -1;
    d->missing = p;
    hb_deadline_item *it = &p[d->n_missing];
    memset(it, 0, sizeof *it);
    it->id = strdup(m->id);
    it->student = text_dup(m->student);
    it->version = m->version;
    it->state = m->state;
    it->correction = correction;
    d->n_missing++;
    return it->id && (!m->student || it->student) ? 0 : -1;
}

/* LEN_LOP of a record version, from the fields table (no XML parse). */
static int len_lop_of(hb_ws *w, const hb_ws_record *m, char **out, hb_err *e)
{
    hb_ws_field *f;
    size_t n;
    *out = NULL;
    if (ws_record_fields(w, m->id, m->version, 0, &f, &n, e))
        return -1;
    for (size_t i = 0; i < n && !*out; i++)
        if (strcmp(f[i].path, LEN_LOP_PATH) == 0 && f[i].value)
            *out = strdup(f[i].value);
    ws_fields_free(f, n);
    return 0;
}

static int today_days(const char *today, char iso[11], long *days, hb_err *e)
{
    if (today) {
        if (deadline_parse_date(today, days))
            return err_set(e, HB_EUSAGE, "--today %s: not a date "
                           "(YYYY-MM-DD)", today);
        snprintf(iso, 11, "%s", today);
        return 0;
    }
    time_t now = time(NULL);
    struct tm tm;
    if (!localtime_r(&now, &tm))
        return err_set(e, HB_EIO, "deadline: cannot read the clock");
    if (strftime(iso, 11, "%Y-%m-%d", &tm) != 10)
        return err_set(e, HB_EIO, "deadline: the clock is out of range");
    *days = days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    return 0;
}

int deadline_report(hb_ws *w, const char *today, hb_deadline_report *r,
                    hb_err *e)
{
    memset(r, 0, sizeof *r);
    long now;
    if (today_days(today, r->today, &now, e))
        return -1;
    hb_ws_record *list;
    size_t n;
    if (ws_record_list(w, -1, 0, &list, &n, e))
        return -1;
    if (n)
        qsort(list, n, sizeof *list, cmp_id_version);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const hb_ws_record *m = &list[i];
        if (i + 1 < n && strcmp(list[i + 1].id, m->id) == 0)
            continue; /* only the latest version of each record counts */
        if (!issue_year_ok(m->year)) {
            r->no_year++;
            continue;
        }
        hb_deadline_year *y = year_of(r, m->year, now);
        if (!y) {
            rc = err_set(e, HB_ENOMEM, "deadline: out of memory");
            break;
        }
        y->records++;
        if (m->state == HB_RS_ISSUED) {
            y->issued++;
            continue;
        }
        int correction = m->version > 1 || (m->replaces && *m->replaces);
        hb_deadline_kind k = HB_DL_REST;
        if (!correction) {
            char *len = NULL;
            if (len_lop_of(w, m, &len, e)) {
                rc = -1;
                break;
            }
            k = deadline_kind_of(len);
            free(len);
        }
        if (add_item(&y->due[k], m, correction))
            rc = err_set(e, HB_ENOMEM, "deadline: out of memory");
    }
    ws_records_free(list, n);
    if (rc)
        deadline_report_free(r);
    return rc;
}

void deadline_report_free(hb_deadline_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_years; i++)
        for (int k = 0; k < HB_DL_COUNT; k++) {
            hb_deadline_due *d = &r->years[i].due[k];
            for (size_t j = 0; j < d->n_missing; j++) {
                free(d->missing[j].id);
                free(d->missing[j].student);
            }
            free(d->missing);
        }
    free(r->years);
    memset(r, 0, sizeof *r);
}

static void print_json(const hb_deadline_report *r, FILE *out)
{
    static const char *kinds[HB_DL_COUNT] = { "completed", "rest" };
    fprintf(out, "{\"today\":\"%s\",\"no_year\":%d,\"years\":[", r->today,
            r->no_year);
    for (size_t i = 0; i < r->n_years; i++) {
        const hb_deadline_year *y = &r->years[i];
        fprintf(out, "%s{\"year\":\"%s\",\"records\":%d,\"issued\":%d,"
                "\"deadlines\":[", i ? "," : "", y->year, y->records,
                y->issued);
        for (int k = 0; k < HB_DL_COUNT; k++) {
            const hb_deadline_due *d = &y->due[k];
            fprintf(out, "%s{\"kind\":\"%s\",\"due\":\"%s\",\"days_left\":%ld,"
                    "\"missing\":[", k ? "," : "", kinds[k], d->date,
                    d->days_left);
            for (size_t j = 0; j < d->n_missing; j++) {
                const hb_deadline_item *it = &d->missing[j];
                fprintf(out, "%s{\"id\":", j ? "," : "");
                text_json_string(out, it->id);
                fprintf(out, ",\"version\":%d,\"state\":\"%s\",\"correction\":"
                        "%s,\"student\":", it->version,
                        ws_rstate_name(it->state),
                        it->correction ? "true" : "false");
                text_json_string(out, it->student);
                fputc('}', out);
            }
            fputs("]}", out);
        }
        fputs("]}", out);
    }
    fputs("]}\n", out);
}

static void print_text(const hb_deadline_report *r, FILE *out)
{
    fprintf(out, "Hạn đồng bộ lên CSDL của Bộ (Ministry sync deadlines), "
            "hôm nay (today) %s\n", r->today);
    if (r->n_years == 0)
        fprintf(out, "  Chưa có hồ sơ nào (no records).\n");
    for (size_t i = 0; i < r->n_years; i++) {
        const hb_deadline_year *y = &r->years[i];
        fprintf(out, "\nNăm học %s: %d hồ sơ, %d đã phát hành, %d còn thiếu "
                "(%d records, %d issued, %d missing)\n", y->year, y->records,
                y->issued, y->records - y->issued, y->records, y->issued,
                y->records - y->issued);
        for (int k = 0; k < HB_DL_COUNT; k++) {
            const hb_deadline_due *d = &y->due[k];
            fprintf(out, "  hạn %.2s/%.2s/%.4s (%s / %s): ", d->date + 8,
                    d->date + 5, d->date, dues[k].vi, dues[k].en);
            if (d->n_missing == 0) {
                fprintf(out, "đủ (nothing missing)\n");
                continue;
            }
            fprintf(out, "%zu còn thiếu (missing), ", d->n_missing);
            if (d->days_left > 0)
                fprintf(out, "còn %ld ngày (%ld days left)\n", d->days_left,
                        d->days_left);
            else if (d->days_left == 0)
                fprintf(out, "hạn là hôm nay (due today)\n");
            else
                fprintf(out, "QUÁ HẠN %ld ngày (OVERDUE by %ld days)\n",
                        -d->days_left, -d->days_left);
            for (size_t j = 0; j < d->n_missing; j++) {
                const hb_deadline_item *it = &d->missing[j];
                fprintf(out, "    %s v%d  %-10s %s%s\n", it->id, it->version,
                        ws_rstate_name(it->state),
                        it->student ? it->student : "?",
                        it->correction ? "  (đính chính / correction)" : "");
            }
        }
    }
    if (r->no_year)
        fprintf(out, "\n%d hồ sơ chưa có năm học (records without NAM_HOC): "
                "không tính hạn (no deadline)\n", r->no_year);
}

int deadline_print(hb_ws *w, const char *today, int json, FILE *out,
                   hb_err *e)
{
    hb_deadline_report r;
    if (deadline_report(w, today, &r, e))
        return -1;
    if (json)
        print_json(&r, out);
    else
        print_text(&r, out);
    deadline_report_free(&r);
    return 0;
}
