/*
 * score.c - drafts against ground truth, leaf by leaf (see score.h for what
 * is counted and why).
 */
#include "score.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "catalog.h"
#include "record_xml.h"
#include "rules.h"
#include "text.h"

const char *const score_kind_names[SCORE_KIND_COUNT] = {
    "score", "level", "name", "date", "integer", "text", "other"
};

void score_stats_init(score_stats *st)
{
    memset(st, 0, sizeof *st);
}

static void free_errors(score_error *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].record);
        free(v[i].path);
        free(v[i].truth);
        free(v[i].read);
    }
    free(v);
}

void score_stats_free(score_stats *st)
{
    free_errors(st->silent, st->n_silent);
    free_errors(st->caught, st->n_caught);
    score_stats_init(st);
}

/* ---- field kinds ------------------------------------------------------ */

static int leaf_is(const char *leaf, const char *name)
{
    return strcmp(leaf, name) == 0;
}

/* The code (or printed name) inside DIEM_TONG_KET[...] of `path`, copied
 * into buf; NULL when the path is not a subject leaf. */
static const char *subject_key(const char *path, char *buf, size_t size)
{
    static const char pre[] = "THONG_TIN_HOC_BA/BANG_DIEM/DIEM_TONG_KET[";
    if (strncmp(path, pre, sizeof pre - 1) != 0)
        return NULL;
    const char *start = path + sizeof pre - 1;
    const char *end = strrchr(start, ']');
    if (!end || (size_t)(end - start) >= size)
        return NULL;
    memcpy(buf, start, (size_t)(end - start));
    buf[end - start] = '\0';
    return buf;
}

score_kind score_field_kind(const hb_record *truth, const char *path,
                            const char *value)
{
    static const char results[] = "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/";
    const char *slash = strrchr(path, '/');
    const char *leaf = slash ? slash + 1 : path;
    char key[256];

    if (subject_key(path, key, sizeof key)) {
        if (leaf_is(leaf, "KTDK_1") || leaf_is(leaf, "KTDK_2"))
            return SCORE_KIND_INTEGER;
        if (leaf_is(leaf, "NHAN_XET"))
            return SCORE_KIND_TEXT;
        /* HOC_KY_1, HOC_KY_2, CA_NAM, DANH_GIA_LAI: as the family assesses
         * the subject; an unknown row by what its truth looks like. */
        switch (catalog_subject_kind(key, record_family(truth))) {
        case HB_KIND_SCORE:
            return SCORE_KIND_SCORE;
        case HB_KIND_NONE:
            return value && rules_score_tenths(value) >= 0 ? SCORE_KIND_SCORE
                                                           : SCORE_KIND_LEVEL;
        default:
            return SCORE_KIND_LEVEL;
        }
    }
    if (strncmp(path, results, sizeof results - 1) == 0) {
        const char *rest = path + sizeof results - 1;
        if (leaf_is(rest, "SO_BUOI_NGHI"))
            return SCORE_KIND_INTEGER;
        if (leaf_is(rest, "NHAN_XET_GVCN"))
            return SCORE_KIND_TEXT;
        if (leaf_is(rest, "LEN_LOP"))
            return SCORE_KIND_OTHER;
        /* HANH_KIEM/..., HOC_LUC/..., REN_LUYEN/..., KET_QUA_HOC_TAP/...,
         * PHAM_CHAT/MUC[...], NANG_LUC/MUC[...], DANH_HIEU */
        return SCORE_KIND_LEVEL;
    }
    if (strncmp(leaf, "HO_TEN", 6) == 0)
        return SCORE_KIND_NAME;
    if (leaf_is(leaf, "NGAY_SINH") || leaf_is(leaf, "NGAY") ||
        leaf_is(leaf, "NGAY_NHAP_HOC"))
        return SCORE_KIND_DATE;
    if (leaf_is(leaf, "GIOI_TINH"))
        return SCORE_KIND_LEVEL;
    return SCORE_KIND_OTHER;
}

/* ---- an index of a record's present fields, by path ------------------- */

typedef struct indexed {
    char *path;
    hb_field *f;
} indexed;

typedef struct field_index {
    indexed *v;
    size_t n, cap;
    int oom;
} field_index;

static int index_cb(const char *path, hb_field *f, void *ctx)
{
    field_index *ix = ctx;
    if (ix->n == ix->cap) {
        size_t cap = ix->cap ? 2 * ix->cap : 128;
        indexed *v = realloc(ix->v, cap * sizeof *v);
        if (!v) {
            ix->oom = 1;
            return 1;
        }
        ix->v = v;
        ix->cap = cap;
    }
    char *p = text_dup(path);
    if (!p) {
        ix->oom = 1;
        return 1;
    }
    ix->v[ix->n].path = p;
    ix->v[ix->n++].f = f;
    return 0;
}

static int by_path(const void *a, const void *b)
{
    return strcmp(((const indexed *)a)->path, ((const indexed *)b)->path);
}

static void index_free(field_index *ix)
{
    for (size_t i = 0; i < ix->n; i++)
        free(ix->v[i].path);
    free(ix->v);
}

/* Every present field of r, sorted by path: one walk per record instead of
 * one record_find_field walk per truth leaf. */
static int index_build(hb_record *r, field_index *ix)
{
    memset(ix, 0, sizeof *ix);
    if (r)
        record_visit_fields(r, 0, index_cb, ix);
    if (ix->oom) {
        index_free(ix);
        return -1;
    }
    if (ix->n)
        qsort(ix->v, ix->n, sizeof *ix->v, by_path);
    return 0;
}

static hb_field *index_find(const field_index *ix, const char *path)
{
    indexed key = { (char *)path, NULL };
    indexed *hit = ix->n ? bsearch(&key, ix->v, ix->n, sizeof *ix->v, by_path)
                         : NULL;
    return hit ? hit->f : NULL;
}

/* ---- comparing -------------------------------------------------------- */

/* Exact equality after NFC and white-space folding, the form every stored
 * value has; anything else (case, diacritics, a decimal comma) is wrong. */
static int same_text(const char *a, const char *b, size_t *dist, int want_dist)
{
    char *na = text_normalize(a), *nb = text_normalize(b);
    int eq = na && nb ? strcmp(na, nb) == 0 : strcmp(a, b) == 0;
    if (want_dist)
        *dist = eq ? 0 : text_distance(na ? na : a, nb ? nb : b);
    free(na);
    free(nb);
    return eq;
}

typedef struct cmp_ctx {
    hb_record *truth;
    const field_index *draft; /* NULL: the record was lost */
    const char *name;
    score_stats *st;
    int oom;
} cmp_ctx;

static void add(score_counts *c, int lost, int correct, int flagged,
                int missing, size_t chars, size_t char_errors)
{
    c->fields++;
    if (lost) {
        c->lost++;
        return;
    }
    c->correct += correct;
    c->flagged += flagged;
    c->caught += !correct && flagged;
    c->silent += !correct && !flagged;
    c->missing += missing && !flagged;
    c->chars += chars;
    c->char_errors += char_errors;
}

/* Appends one wrong field to a list (the silent ones, or the caught ones). */
static int keep_error(score_error **list, size_t *n, const char *name,
                      const char *path, const char *truth, const char *read,
                      score_kind k)
{
    score_error *v = realloc(*list, (*n + 1) * sizeof *v);
    if (!v)
        return -1;
    *list = v;
    score_error *s = &v[*n];
    s->record = text_dup(name ? name : "");
    s->path = text_dup(path);
    s->truth = text_dup(truth);
    s->read = text_dup(read);
    s->kind = k;
    if (!s->record || !s->path || !s->truth || (read && !s->read)) {
        free(s->record);
        free(s->path);
        free(s->truth);
        free(s->read);
        return -1;
    }
    (*n)++;
    return 0;
}

static int compare_cb(const char *path, hb_field *t, void *ctx)
{
    cmp_ctx *c = ctx;
    score_kind k = score_field_kind(c->truth, path, t->value);
    int lost = c->draft == NULL;
    hb_field *d = lost ? NULL : index_find(c->draft, path);
    const char *read = d ? d->value : NULL;
    int flagged = d && d->review;
    size_t dist = 0, chars = 0;
    int text = k == SCORE_KIND_TEXT && !lost;
    int correct = read && same_text(t->value, read, &dist, text);
    if (text) {
        chars = text_length(t->value);
        if (!read)
            dist = chars;
        if (dist == (size_t)-1) {
            c->oom = 1;
            return 1;
        }
    }
    add(&c->st->kind[k], lost, correct, flagged, !read, chars, dist);
    add(&c->st->total, lost, correct, flagged, !read, chars, dist);
    if (!lost && !correct &&
        keep_error(flagged ? &c->st->caught : &c->st->silent,
                   flagged ? &c->st->n_caught : &c->st->n_silent, c->name,
                   path, t->value, read, k)) {
        c->oom = 1;
        return 1;
    }
    return 0;
}

/* Draft leaves with a value where the truth has none. */
static void count_extra(const field_index *draft, const field_index *truth,
                        score_stats *st)
{
    for (size_t i = 0; i < draft->n; i++) {
        hb_field *f = draft->v[i].f;
        hb_field *t = index_find(truth, draft->v[i].path);
        if (t || !f->value || !f->value[0])
            continue;
        st->extra++;
        st->extra_unflagged += !f->review;
    }
}

int score_compare(hb_record *truth, hb_record *draft, const char *name,
                  score_stats *st)
{
    field_index dix, tix;
    if (index_build(draft, &dix))
        return -1;
    if (index_build(truth, &tix)) {
        index_free(&dix);
        return -1;
    }
    cmp_ctx c = { truth, draft ? &dix : NULL, name, st, 0 };
    st->records++;
    st->records_lost += draft == NULL;
    record_visit_fields(truth, 0, compare_cb, &c);
    if (draft && !c.oom)
        count_extra(&dix, &tix, st);
    index_free(&dix);
    index_free(&tix);
    return c.oom ? -1 : 0;
}

/* ---- directories ------------------------------------------------------ */

static int is_file(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

static int is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* The *.xml names of dir, sorted. */
static int list_xml(const char *dir, char ***out, size_t *n, hb_err *e)
{
    DIR *d = opendir(dir);
    char **v = NULL;
    size_t cap = 0;
    *n = 0;
    *out = NULL;
    if (!d)
        return err_set(e, HB_EIO, "%s: cannot open the directory", dir);
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len < 5 || strcmp(de->d_name + len - 4, ".xml") != 0)
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 64;
            char **nv = realloc(v, cap * sizeof *nv);
            if (!nv)
                goto oom;
            v = nv;
        }
        if (!(v[*n] = text_dup(de->d_name)))
            goto oom;
        (*n)++;
    }
    closedir(d);
    if (*n)
        qsort(v, *n, sizeof *v, by_name);
    *out = v;
    return 0;
oom:
    closedir(d);
    free_names(v, *n);
    return err_set(e, HB_ENOMEM, "%s: out of memory", dir);
}

/* Reads a draft if the file exists; NULL (with a warning) if unreadable. */
static hb_record *read_draft(const char *path, FILE *log)
{
    if (!is_file(path))
        return NULL;
    hb_err e;
    err_clear(&e);
    hb_record *r = record_xml_read_file(path, &e);
    if (!r && log)
        fprintf(log, "score: %s (counted as lost)\n", e.msg);
    return r;
}

/* Length of a trailing "-YYYY-YYYY" in the stem, or 0. */
static size_t year_suffix(const char *stem)
{
    size_t n = strlen(stem);
    if (n < 11 || stem[n - 10] != '-' || stem[n - 5] != '-')
        return 0;
    for (size_t i = n - 9; i < n; i++)
        if (i != n - 5 && (stem[i] < '0' || stem[i] > '9'))
            return 0;
    return 10;
}

/* The draft of truth file `name`.  `hocba extract` writes DIR/<book>.xml
 * for a one-year book and DIR/<book>-<NAM_HOC>.xml when the book holds
 * several years, and extraction may find one year more or fewer than the
 * truth has; so after the same name, the other naming is tried, and a
 * draft found that way must be of the same school year. */
static hb_record *find_draft(const char *draft_dir, const char *name,
                             const hb_record *truth, FILE *log, int *oom,
                             char **used)
{
    size_t len = strlen(draft_dir) + strlen(name) + 32;
    char *path = malloc(len), *stem = text_dup(name);
    hb_record *d = NULL;
    *used = NULL;
    const char *nam_hoc = truth->year.nam_hoc.value;
    *oom = !path || !stem;
    if (*oom)
        goto out;
    stem[strlen(stem) - 4] = '\0';
    snprintf(path, len, "%s/%s.xml", draft_dir, stem);
    if ((d = read_draft(path, log)) || is_file(path)) {
        *used = text_dup(strrchr(path, '/') + 1); /* even if unreadable */
        *oom = !*used;
        goto out;
    }
    size_t suf = year_suffix(stem);
    if (suf) {
        stem[strlen(stem) - suf] = '\0';
        snprintf(path, len, "%s/%s.xml", draft_dir, stem);
    } else if (nam_hoc && strlen(nam_hoc) == 9) {
        snprintf(path, len, "%s/%s-%s.xml", draft_dir, stem, nam_hoc);
    } else {
        goto out;
    }
    d = read_draft(path, log);
    if (d && !(nam_hoc && d->year.nam_hoc.value &&
               strcmp(nam_hoc, d->year.nam_hoc.value) == 0)) {
        record_free(d);
        d = NULL;
    }
    if (d) {
        *used = text_dup(strrchr(path, '/') + 1);
        *oom = !*used;
    }
out:
    free(path);
    free(stem);
    return d;
}

/* Drafts no truth record was paired with: a year the extraction invented
 * (or a book outside the truth set). */
static int count_unpaired(const char *draft_dir, char **used, size_t n_used,
                          score_stats *st, hb_err *e)
{
    char **drafts;
    size_t n;
    if (list_xml(draft_dir, &drafts, &n, e))
        return -1;
    for (size_t i = 0; i < n; i++) {
        int paired = 0;
        for (size_t j = 0; j < n_used && !paired; j++)
            paired = used[j] && strcmp(used[j], drafts[i]) == 0;
        st->drafts_unpaired += !paired;
    }
    free_names(drafts, n);
    return 0;
}

int score_dirs(const char *truth_dir, const char *draft_dir, score_stats *st,
               FILE *log, hb_err *e)
{
    char **names = NULL;
    size_t n;
    if (list_xml(truth_dir, &names, &n, e))
        return -1;
    if (n == 0) {
        free(names);
        return err_set(e, HB_EFORMAT, "%s: no .xml truth records", truth_dir);
    }
    if (!is_dir(draft_dir)) {
        free_names(names, n);
        return err_set(e, HB_EIO, "%s: cannot open the directory", draft_dir);
    }
    int rc = 0;
    char **used = calloc(n, sizeof *used); /* draft file of each truth */
    if (!used) {
        free_names(names, n);
        return err_set(e, HB_ENOMEM, "%s: out of memory", truth_dir);
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        size_t len = strlen(truth_dir) + strlen(names[i]) + 2;
        char *tp = malloc(len);
        if (!tp) {
            rc = err_set(e, HB_ENOMEM, "%s: out of memory", truth_dir);
            break;
        }
        snprintf(tp, len, "%s/%s", truth_dir, names[i]);
        hb_record *truth = record_xml_read_file(tp, e);
        free(tp);
        if (!truth) {
            rc = -1; /* a broken truth set makes every figure meaningless */
            break;
        }
        int oom;
        hb_record *draft =
            find_draft(draft_dir, names[i], truth, log, &oom, &used[i]);
        if (oom || score_compare(truth, draft, names[i], st))
            rc = err_set(e, HB_ENOMEM, "%s: out of memory", names[i]);
        record_free(draft);
        record_free(truth);
    }
    if (rc == 0)
        rc = count_unpaired(draft_dir, used, n, st, e);
    free_names(used, n);
    free_names(names, n);
    return rc;
}

/* ---- rates and output ------------------------------------------------- */

static double frac(size_t a, size_t b)
{
    return b ? (double)a / (double)b : 0.0;
}

double score_accuracy(const score_counts *c) { return frac(c->correct, c->fields); }
double score_review_rate(const score_counts *c) { return frac(c->flagged, c->fields); }
double score_silent_rate(const score_counts *c) { return frac(c->silent, c->fields); }
double score_cer(const score_counts *c) { return frac(c->char_errors, c->chars); }

static void table_row(FILE *out, const char *label, const score_counts *c)
{
    size_t wrong = c->caught + c->silent;
    fprintf(out, "%-8s %8zu %9.2f%% %8.2f%% %8.3f%% %6zu/%-6zu %7zu %7zu\n",
            label, c->fields, 100 * score_accuracy(c),
            100 * score_review_rate(c), 100 * score_silent_rate(c), c->caught,
            wrong, c->missing, c->lost);
}

void score_print_table(const score_stats *st, FILE *out)
{
    fprintf(out, "%-8s %8s %10s %9s %9s %13s %7s %7s\n", "kind", "fields",
            "accuracy", "review", "silent", "caught/wrong", "missing", "lost");
    for (int k = 0; k < SCORE_KIND_COUNT; k++)
        if (st->kind[k].fields)
            table_row(out, score_kind_names[k], &st->kind[k]);
    table_row(out, "overall", &st->total);
    const score_counts *t = &st->kind[SCORE_KIND_TEXT];
    fprintf(out, "free-text CER %.2f%% (%zu edits over %zu characters)\n",
            100 * score_cer(t), t->char_errors, t->chars);
    fprintf(out, "records %zu, lost %zu; drafts without truth %zu; extra "
                 "draft fields %zu (%zu unflagged)\n",
            st->records, st->records_lost, st->drafts_unpaired, st->extra,
            st->extra_unflagged);
}

static void json_counts(FILE *out, const score_counts *c)
{
    fprintf(out,
            "{\"fields\":%zu,\"correct\":%zu,\"flagged\":%zu,\"caught\":%zu,"
            "\"silent\":%zu,\"missing\":%zu,\"lost\":%zu,\"chars\":%zu,"
            "\"char_errors\":%zu,\"accuracy\":%.6f,\"review_rate\":%.6f,"
            "\"silent_rate\":%.6f,\"cer\":%.6f}",
            c->fields, c->correct, c->flagged, c->caught, c->silent,
            c->missing, c->lost, c->chars, c->char_errors, score_accuracy(c),
            score_review_rate(c), score_silent_rate(c), score_cer(c));
}

void score_print_json(const score_stats *st, size_t worst, FILE *out)
{
    fprintf(out, "{\"records\":%zu,\"records_lost\":%zu,"
                 "\"drafts_unpaired\":%zu,\"extra\":%zu,"
                 "\"extra_unflagged\":%zu,\"overall\":",
            st->records, st->records_lost, st->drafts_unpaired, st->extra,
            st->extra_unflagged);
    json_counts(out, &st->total);
    fputs(",\"kinds\":{", out);
    for (int k = 0; k < SCORE_KIND_COUNT; k++) {
        fprintf(out, "%s\"%s\":", k ? "," : "", score_kind_names[k]);
        json_counts(out, &st->kind[k]);
    }
    fputs("},\"silent_errors\":[", out);
    for (size_t i = 0; i < st->n_silent && i < worst; i++) {
        const score_error *s = &st->silent[i];
        fputs(i ? ",{\"record\":" : "{\"record\":", out);
        text_json_string(out, s->record);
        fputs(",\"path\":", out);
        text_json_string(out, s->path);
        fprintf(out, ",\"kind\":\"%s\",\"truth\":", score_kind_names[s->kind]);
        text_json_string(out, s->truth);
        fputs(",\"read\":", out);
        if (s->read)
            text_json_string(out, s->read);
        else
            fputs("null", out);
        fputc('}', out);
    }
    fputs("]}\n", out);
}

static void print_errors(const char *what, const score_error *v, size_t count,
                         size_t n, FILE *out)
{
    if (!n)
        return;
    fprintf(out, "%s (%zu; first %zu):\n", what, count, n < count ? n : count);
    for (size_t i = 0; i < count && i < n; i++) {
        const score_error *s = &v[i];
        fprintf(out, "  %s %s: truth \"%s\", read %s%s%s\n", s->record,
                s->path, s->truth, s->read ? "\"" : "", s->read ? s->read : "(missing)",
                s->read ? "\"" : "");
    }
}

void score_print_worst(const score_stats *st, size_t n, FILE *out)
{
    print_errors("silent errors", st->silent, st->n_silent, n, out);
}

void score_print_caught(const score_stats *st, size_t n, FILE *out)
{
    print_errors("caught errors (wrong, flagged for review)", st->caught,
                 st->n_caught, n, out);
}
