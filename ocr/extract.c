/*
 * extract.c - a book's pages in, one draft record per school year out.
 *
 * Each page is cleaned (clean.h), its tables found (grid.h), its layout
 * understood (layout.h) and its values read (extract_page.c) into a partial
 * record.  This file assembles the book: the pages of one school year (a
 * subject page, the rest of its table when it ran over the page, and the
 * results page that follows, or one single page) become one record, and
 * the personal page's fields go into every year.
 * A value printed on several pages (the name in every header, the school
 * year on both pages of a spread) is read on each, and the readings vote:
 * agreement raises the confidence, disagreement flags the field.
 *
 * Then the consistency rules run (rules.h) and the confidence decides the
 * rest: every field the pipeline is not sure of is flagged for review, so
 * that a wrong value nobody looks at stays rare.
 */
#include "extract.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog.h"
#include "clean.h"
#include "extract_int.h"
#include "fields.h"
#include "files.h"
#include "rules.h"
#include "text.h"

struct hb_ocr {
    hb_recognizer *rec;
};

hb_ocr *ocr_new(hb_err *e)
{
    /* Leptonica reports through a process-wide severity level (its only
     * global state we touch): info and warnings about odd images are noise
     * on a clerk's terminal, errors still reach stderr. */
    setMsgSeverity(L_SEVERITY_ERROR);
    hb_ocr *o = calloc(1, sizeof *o);
    if (!o) {
        err_set(e, HB_ENOMEM, "ocr: out of memory");
        return NULL;
    }
    o->rec = recognize_new(e);
    if (!o->rec) {
        free(o);
        return NULL;
    }
    return o;
}

hb_stagetime *ocr_stagetime(hb_ocr *o)
{
    return o ? recognize_stagetime(o->rec) : NULL;
}

void ocr_free(hb_ocr *o)
{
    if (!o)
        return;
    recognize_free(o->rec);
    free(o);
}

void extract_book_free(hb_book_out *out)
{
    if (!out)
        return;
    for (size_t i = 0; i < out->n_records; i++)
        record_free(out->records[i]);
    free(out->records);
    for (size_t i = 0; out->clean_images && i < out->n_pages; i++)
        free(out->clean_images[i]);
    free(out->clean_images);
    memset(out, 0, sizeof *out);
}

/* ---- confidence ------------------------------------------------------------ */

static int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* ---- one page ------------------------------------------------------------- */

/* A book being read: each page's reading and provenance, in order. */
struct hb_extract {
    hb_ocr *o;
    char *clean_dir;
    hb_page_read *pr;
    hb_page_in *meta; /* strings owned (image NULL) */
    char **clean;
    size_t n, cap;
};

hb_extract *extract_start(hb_ocr *o, const char *clean_dir, hb_err *e)
{
    hb_extract *x = calloc(1, sizeof *x);
    if (!x || (clean_dir && !(x->clean_dir = text_dup(clean_dir)))) {
        free(x);
        err_set(e, HB_ENOMEM, "extract: out of memory");
        return NULL;
    }
    x->o = o;
    return x;
}

void extract_abort(hb_extract *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->n; i++) {
        extract_page_read_free(&x->pr[i]);
        free((char *)x->meta[i].source_file);
        free((char *)x->meta[i].sha256);
        free(x->clean[i]);
    }
    free(x->pr);
    free(x->meta);
    free(x->clean);
    free(x->clean_dir);
    free(x);
}

int extract_add_page(hb_extract *x, PIX *pix, int dpi, const hb_page_in *meta,
                     hb_err *e)
{
    if (x->n == x->cap) {
        size_t nc = x->cap ? 2 * x->cap : 8;
        hb_page_read *pr = realloc(x->pr, nc * sizeof *pr);
        if (pr)
            x->pr = pr;
        hb_page_in *m = realloc(x->meta, nc * sizeof *m);
        if (m)
            x->meta = m;
        char **c = realloc(x->clean, nc * sizeof *c);
        if (c)
            x->clean = c;
        if (!pr || !m || !c)
            return err_set(e, HB_ENOMEM, "extract: out of memory");
        x->cap = nc;
    }
    size_t i = x->n;
    hb_page_read *pr = &x->pr[i];
    memset(pr, 0, sizeof *pr);
    x->clean[i] = NULL;
    x->meta[i] = (hb_page_in){ NULL, text_dup(meta->source_file),
                               meta->source_page, text_dup(meta->sha256) };
    x->n++;
    if ((meta->source_file && !x->meta[i].source_file) ||
        (meta->sha256 && !x->meta[i].sha256))
        return err_set(e, HB_ENOMEM, "extract: out of memory");
    if (!pix) {
        pr->failed = 1;
        return 0;
    }
    int page_no = (int)i + 1;
    if (dpi <= 0)
        dpi = pixGetXRes(pix) > 0 ? pixGetXRes(pix) : 300;
    hb_stagetime *st = ocr_stagetime(x->o);
    st->pages++;
    hb_stage st_prev = stagetime_enter(st, HB_STAGE_CLEAN);
    PIX *gray = NULL, *bin = NULL;
    hb_clean_info info;
    hb_err ce;
    err_clear(&ce);
    int rc = clean_page(pix, dpi, &gray, &bin, &info, &ce);
    stagetime_leave(st, st_prev);
    if (rc) {
        pr->failed = 1;
        return ce.code == HB_ENOMEM ? err_set(e, HB_ENOMEM, "%s", ce.msg) : 0;
    }
    if (info.dpi > 0)
        dpi = info.dpi;
    if (x->clean_dir) {
        stagetime_enter(st, HB_STAGE_XML);
        char path[4096];
        snprintf(path, sizeof path, "%s/page-%03d.png", x->clean_dir, page_no);
        if (pixWrite(path, gray, IFF_PNG) != 0) {
            rc = err_set(e, HB_EIO, "%s: cannot write the cleaned page", path);
        } else {
            x->clean[i] = text_dup(path);
            if (!x->clean[i])
                rc = err_set(e, HB_ENOMEM, "extract: out of memory");
        }
        stagetime_leave(st, st_prev);
    }
    /* the previous page's last table, which this page may go on with */
    const hb_table_shape *prev = i > 0 && !x->pr[i - 1].failed
                                     ? &x->pr[i - 1].tail : NULL;
    if (!rc)
        rc = extract_read_page_after(x->o->rec, gray, bin, dpi, page_no, prev,
                                     pr, e);
    if (!rc && !pr->failed && pr->kind == HB_PAGE_UNKNOWN) {
        /* Orientation detection needs prose; a page that is mostly a
         * table can come out upside down.  A page where nothing made
         * sense gets a second look the other way up. */
        PIX *g2 = pixRotate180(NULL, gray), *b2 = pixRotate180(NULL, bin);
        hb_page_read again;
        if (g2 && b2) {
            rc = extract_read_page_after(x->o->rec, g2, b2, dpi, page_no,
                                         prev, &again, e);
            if (!rc && !again.failed && again.kind != HB_PAGE_UNKNOWN) {
                extract_page_read_free(pr);
                *pr = again;
                if (x->clean[i] && pixWrite(x->clean[i], g2, IFF_PNG) != 0)
                    rc = err_set(e, HB_EIO, "%s: cannot write the cleaned page",
                                 x->clean[i]);
            } else if (!rc) {
                extract_page_read_free(&again);
            }
        }
        pixDestroy(&g2);
        pixDestroy(&b2);
    }
    pixDestroy(&gray);
    pixDestroy(&bin);
    return rc;
}

/* ---- merging pages into a year -------------------------------------------- */

/* Two pages read a value differently: dst keeps its reading, or takes
 * src's when `take`, either way in doubt and flagged for a person. */
static int disagree(hb_field *dst, const hb_field *src, int take)
{
    if (take) {
        hb_field keep;
        memset(&keep, 0, sizeof keep);
        if (record_field_copy(&keep, src))
            return -1;
        record_field_reset(dst);
        *dst = keep;
    }
    dst->conf = clampi(dst->conf, 0, 40);
    return record_field_flag(dst, "rule:header");
}

/* A second reading of a value already read elsewhere in the book. */
static int vote(hb_field *dst, const hb_field *src)
{
    if (!src->value)
        return 0;
    if (!dst->value)
        return record_field_copy(dst, src);
    if (strcmp(dst->value, src->value) == 0) {
        int c = dst->conf > src->conf ? dst->conf : src->conf;
        dst->conf = clampi(c + 10, 0, 99);
        return 0;
    }
    /* the pages disagree: keep the surer reading, and ask */
    return disagree(dst, src, src->conf > dst->conf);
}

static int copy_if_read(hb_field *dst, const hb_field *src)
{
    if (!src->value)
        return 0;
    if (dst->value)
        return vote(dst, src);
    return record_field_copy(dst, src);
}

static int merge_leaves(void *dst, void *src, const hb_leaf *leaves)
{
    for (const hb_leaf *l = leaves; l->tag; l++)
        if (copy_if_read(HB_FIELD_AT(dst, l), HB_FIELD_AT(src, l)))
            return -1;
    return 0;
}

/* See extract_int.h. */
int extract_school_year_start(const char *v)
{
    char *sy = NULL;
    int start = 0;
    if (v && fields_parse_school_year(v, &sy) == HB_PARSE_OK && sy)
        start = atoi(sy);
    free(sy);
    return start;
}

/* Whether a year header's field (its leaf l) is a school year or class
 * read well formed (1), one that is not (0), or another field (-1). */
static int header_well_formed(const hb_leaf *l, const hb_field *f)
{
    if (strcmp(l->tag, "NAM_HOC") == 0)
        return extract_school_year_start(f->value) > 0;
    if (strcmp(l->tag, "LOP") != 0)
        return -1;
    char *out = NULL;
    int ok = fields_parse_class(f->value, &out, NULL) == HB_PARSE_OK;
    free(out);
    return ok;
}

/* A year's header is printed on each of its pages, and each page's reading
 * votes (vote()).  A school year or class that does not parse is certainly
 * misread, whatever the reader's confidence, so a page that read it well
 * formed wins against one that did not: a handwritten "2023" read "202" at
 * 0 on the subject page and whole at 0 on the results page used to keep
 * the garbled one (first come), and the year's draft was named by it and
 * found by nobody.  The pages still disagreed: flagged (disagree()). */
static int merge_year_head(hb_year *d, const hb_year *s)
{
    for (const hb_leaf *l = record_year_head_leaves; l->tag; l++) {
        hb_field *df = HB_FIELD_AT(d, l);
        const hb_field *sf = HB_FIELD_AT((void *)s, l);
        int dw = df->value && sf->value ? header_well_formed(l, df) : -1;
        if (dw >= 0 && dw != header_well_formed(l, sf)) {
            if (disagree(df, sf, !dw))
                return -1;
        } else if (copy_if_read(df, sf)) {
            return -1;
        }
    }
    return 0;
}

/* See extract_int.h. */
int extract_merge_year(hb_record *r, const hb_record *f)
{
    hb_year *d = &r->year;
    hb_year *s = (hb_year *)&f->year;
    if (merge_year_head(d, s) ||
        merge_leaves(d, s, record_results_leaves) ||
        merge_leaves(d, s, record_approval_leaves))
        return -1;
    for (const hb_leaf *l = record_results_term3; l->tag; l++)
        if (merge_leaves(HB_TERM3_AT(d, l), HB_TERM3_AT(s, l),
                         record_term3_leaves))
            return -1;
    for (size_t i = 0; i < s->n_subjects; i++) {
        const hb_subject *ss = &s->subjects[i];
        hb_subject *ds = record_add_subject(r, ss->code, ss->name);
        if (!ds)
            return -1;
        for (const hb_leaf *l = record_subject_leaves; l->tag; l++)
            if (record_field_copy(HB_FIELD_AT(ds, l), HB_FIELD_AT((void *)ss, l)))
                return -1;
    }
    for (size_t i = 0; i < s->n_pham_chat; i++) {
        hb_muc *m = record_add_muc(&d->pham_chat, &d->n_pham_chat,
                                   s->pham_chat[i].name);
        if (!m || record_field_copy(&m->value, &s->pham_chat[i].value))
            return -1;
    }
    for (size_t i = 0; i < s->n_nang_luc; i++) {
        hb_muc *m = record_add_muc(&d->nang_luc, &d->n_nang_luc,
                                   s->nang_luc[i].name);
        if (!m || record_field_copy(&m->value, &s->nang_luc[i].value))
            return -1;
    }
    return 0;
}

/* The personal page's fields, and the name and school the year's headers
 * repeat, which vote with it. */
static int merge_personal(hb_record *r, const hb_record *p)
{
    hb_field hname = r->student.ho_ten, hschool = r->school.ten_truong;
    memset(&r->student.ho_ten, 0, sizeof r->student.ho_ten);
    memset(&r->school.ten_truong, 0, sizeof r->school.ten_truong);
    r->student.ho_ten.conf = r->school.ten_truong.conf = -1;
    int rc = 0;
    if (p) {
        rc = merge_leaves(&r->school, (void *)&p->school, record_school_leaves) ||
             merge_leaves(&r->student, (void *)&p->student, record_student_leaves);
        for (size_t i = 0; !rc && i < p->student.n_history; i++) {
            hb_history *h = record_add_history(r);
            rc = !h || merge_leaves(h, &p->student.history[i],
                                    record_history_leaves);
        }
    }
    if (!rc)
        rc = copy_if_read(&r->student.ho_ten, &hname) ||
             copy_if_read(&r->school.ten_truong, &hschool);
    record_field_reset(&hname);
    record_field_reset(&hschool);
    return rc ? -1 : 0;
}

/* Two readings of the same printed value in different places of the book
 * (the year's class in its header and in the personal page's history row
 * for that year): when they agree, each confirms the other. */
static void corroborate(hb_field *a, hb_field *b)
{
    if (!a->value || !b->value || !*a->value || strcmp(a->value, b->value) != 0)
        return;
    int c = a->conf > b->conf ? a->conf : b->conf;
    c = clampi(c + 10, 0, 95);
    if (a->conf < c)
        a->conf = c;
    if (b->conf < c)
        b->conf = c;
}

/* Every history row of every year's record against the year it names:
 * the history is copied into each year, so each copy is checked. */
static void corroborate_history(hb_record **recs, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        hb_record *r = recs[k];
        for (size_t i = 0; i < r->student.n_history; i++) {
            hb_history *h = &r->student.history[i];
            for (size_t m = 0; h->nam_hoc.value && m < n; m++) {
                hb_record *y = recs[m];
                if (!y->year.nam_hoc.value ||
                    strcmp(h->nam_hoc.value, y->year.nam_hoc.value) != 0)
                    continue;
                corroborate(&y->year.lop, &h->lop);
                corroborate(&y->school.ten_truong, &h->truong);
            }
        }
    }
}

/* ---- what a year must hold -------------------------------------------------- */

/* See extract_int.h. */
int extract_expect(hb_field *f)
{
    if (f->value)
        return 0;
    if (record_field_set(f, ""))
        return -1;
    f->conf = 0;
    return record_field_flag(f, "not-found");
}

static int expect_leaves(void *base, const hb_leaf *leaves)
{
    for (const hb_leaf *l = leaves; l->tag; l++)
        if (extract_expect(HB_FIELD_AT(base, l)))
            return -1;
    return 0;
}

static int expect_term3(hb_term3 *t, int all3)
{
    return extract_expect(&t->cn) ||
           (all3 && (extract_expect(&t->hk1) || extract_expect(&t->hk2)));
}

static int expect_items(hb_muc **items, size_t *n, const char *const *names)
{
    for (int i = 0; names[i]; i++) {
        int have = 0;
        for (size_t k = 0; k < *n && !have; k++)
            have = (*items)[k].name && strcmp((*items)[k].name, names[i]) == 0;
        if (have)
            continue;
        hb_muc *m = record_add_muc(items, n, names[i]);
        if (!m || extract_expect(&m->value))
            return -1;
    }
    return 0;
}

/* Fills in the year's derived fields (family, level) and makes every leaf
 * the form must have present, empty and flagged when it was not found. */
static int complete_year(hb_record *r, hb_family fam, int fam_sure,
                         int grade_hint)
{
    hb_year *y = &r->year;
    int grade = 0;
    char *cls = NULL;
    if (y->lop.value && fields_parse_class(y->lop.value, &cls, &grade) != HB_PARSE_OK)
        grade = 0;
    free(cls);
    cls = NULL;
    int start = extract_school_year_start(y->nam_hoc.value);
    /* The class not read in the year's header: the personal page's
     * schooling history names the class of each year.  Only the form's
     * rows come from it (the LOP field stays as the header read it). */
    int form_grade = grade;
    for (size_t i = 0; !form_grade && y->nam_hoc.value && i < r->student.n_history; i++) {
        const hb_history *h = &r->student.history[i];
        int g = 0;
        if (h->nam_hoc.value && h->lop.value &&
            !strcmp(h->nam_hoc.value, y->nam_hoc.value) &&
            fields_parse_class(h->lop.value, &cls, &g) == HB_PARSE_OK)
            form_grade = g;
        free(cls);
        cls = NULL;
    }
    /* Nor there (a handwritten class the readers could not make out, no
     * personal page): the book's other years say it, a class a year. */
    if (!form_grade)
        form_grade = grade_hint;
    /* No page said the family (no regulation line, no standard results
     * table): the phase-in schedule gives it from the year and the grade,
     * else what the year holds does.  Never sure: the field goes to a
     * person, and the form's fields and rows are there, empty and
     * flagged where not read, instead of silently missing. */
    if (fam == HB_FAMILY_UNKNOWN) {
        fam = catalog_family_for(form_grade, start);
        if (fam == HB_FAMILY_UNKNOWN)
            fam = layout_family_from_content(r, start);
        fam_sure = -1;
    }
    if (fam != HB_FAMILY_UNKNOWN && !y->che_do.value) {
        if (record_field_set(&y->che_do, record_family_name(fam)))
            return -1;
        y->che_do.conf = fam_sure > 0 ? 95 : fam_sure == 0 ? 55 : 45;
    }
    if (grade > 0 && !y->cap_hoc.value) {
        if (record_field_set(&y->cap_hoc, catalog_level_for_grade(grade)))
            return -1;
        y->cap_hoc.conf = y->lop.conf;
    }
    grade = form_grade;
    if (expect_leaves(&r->school, record_school_leaves) ||
        expect_leaves(&r->student, record_student_leaves) ||
        expect_leaves(y, record_year_head_leaves) ||
        extract_expect(&y->danh_hieu) || extract_expect(&y->so_buoi_nghi) ||
        extract_expect(&y->len_lop) || extract_expect(&y->nhan_xet_gvcn) ||
        extract_expect(&y->phe_duyet_ho_ten) ||
        extract_expect(&y->phe_duyet_ngay))
        return -1;
    switch (fam) {
    case HB_FAMILY_TT58:
        if (expect_term3(&y->hanh_kiem, 1) || expect_term3(&y->hoc_luc, 1))
            return -1;
        break;
    case HB_FAMILY_TT22:
        if (expect_term3(&y->ren_luyen, 1) || expect_term3(&y->ket_qua_hoc_tap, 1))
            return -1;
        break;
    case HB_FAMILY_TT27:
        /* every quality and competence of the form has a level: items
         * not read (a table not found) are there, empty and flagged */
        if (expect_items(&y->pham_chat, &y->n_pham_chat, catalog_pham_chat_tt27) ||
            expect_items(&y->nang_luc, &y->n_nang_luc, catalog_nang_luc_tt27))
            return -1;
        /* fall through */
    case HB_FAMILY_TT30:
        if (expect_term3(&y->ket_qua_hoc_tap, 0))
            return -1;
        break;
    default:
        break;
    }
    /* A standard row of the form that no page gave (its table not found,
     * or the rows lost with a missing line) is there, empty and flagged:
     * a draft that silently lacks Toán would otherwise look complete. */
    const char *const *form = grade > 0 && fam != HB_FAMILY_UNKNOWN
                                  ? catalog_form_subjects(fam, grade)
                                  : NULL;
    if (!form && grade_hint > 0 && fam != HB_FAMILY_UNKNOWN)
        form = catalog_form_subjects(fam, grade_hint);
    /* the form has a remark column: TT22's, or one seen on the page */
    int remarks = fam == HB_FAMILY_TT22;
    for (size_t k = 0; k < y->n_subjects && !remarks; k++)
        remarks = y->subjects[k].nhan_xet.value != NULL;
    for (size_t i = 0; form && form[i]; i++) {
        int have = 0;
        for (size_t k = 0; k < y->n_subjects && !have; k++)
            have = y->subjects[k].code && strcmp(y->subjects[k].code, form[i]) == 0;
        const hb_subject_def *d = have ? NULL : catalog_find_subject(form[i]);
        hb_subject *s = d ? record_add_subject(r, d->code, d->name) : NULL;
        if (d && (!s || (remarks && extract_expect(&s->nhan_xet))))
            return -1;
    }
    int primary = fam == HB_FAMILY_TT27 || fam == HB_FAMILY_TT30;
    for (size_t i = 0; i < y->n_subjects; i++) {
        hb_subject *s = &y->subjects[i];
        if (extract_expect(&s->hk1) || extract_expect(&s->cn) ||
            (!primary && extract_expect(&s->hk2)))
            return -1;
        if (primary && catalog_subject_kind(s->code, fam) == HB_KIND_LEVEL_TEST &&
            (extract_expect(&s->ktdk1) || extract_expect(&s->ktdk2)))
            return -1;
    }
    return 0;
}

/* ---- provenance ------------------------------------------------------------ */

static char *today(void)
{
    time_t t = time(NULL);
    struct tm tm;
    char s[16];
    if (!localtime_r(&t, &tm) || !strftime(s, sizeof s, "%Y-%m-%d", &tm))
        return NULL;
    return text_dup(s);
}

/* ---- review decisions ------------------------------------------------------ */

static int flag_low_conf(const char *path, hb_field *f, void *ctx)
{
    (void)path;
    (void)ctx;
    if (f->conf >= 0 && f->conf < CONF_REVIEW && !f->review)
        return record_field_flag(f, "low-conf") ? -1 : 0;
    return 0;
}

/* A score subject's three cells check each other (rule 1: CA_NAM from the
 * two terms), which is what lets the pipeline trust a score read at 60.
 * When one of them cannot be read, that check is gone and the other two
 * stand on the reader alone, so they need it surer.  Handwriting is where
 * this bites: a 9 written with an open loop reads as a 4 at 62-69 ("9.0"
 * read "4.0" with the term beside it unreadable), where a printed digit
 * reads at 90 and more.  Measured on handwritten development seeds (9041-
 * 9044): of the cells read at 60-69 in such rows, 2 of 7 were wrong; of
 * those at 70-79, none of 20. */
#define CONF_UNCHECKED 70

int extract_flag_unchecked_scores(hb_record *r)
{
    hb_family fam = record_family(r);
    if (fam != HB_FAMILY_TT58 && fam != HB_FAMILY_TT22)
        return 0;
    for (size_t i = 0; i < r->year.n_subjects; i++) {
        hb_subject *s = &r->year.subjects[i];
        if (catalog_subject_kind(s->code, fam) != HB_KIND_SCORE)
            continue;
        hb_field *cell[3] = { &s->hk1, &s->hk2, &s->cn };
        int read[3], unread = 0;
        for (int k = 0; k < 3; k++) {
            read[k] = rules_score_tenths(cell[k]->value) >= 0;
            unread += !read[k];
        }
        if (unread == 0 || unread == 3)
            continue;
        for (int k = 0; k < 3; k++)
            if (read[k] && !cell[k]->review &&
                cell[k]->conf >= 0 && cell[k]->conf < CONF_UNCHECKED &&
                record_field_flag(cell[k], "low-conf"))
                return -1;
    }
    return 0;
}

/* ---- the book -------------------------------------------------------------- */

/* The school year a year's header could not read, from the book's other
 * years: flagged "from-book" for a person to check against the scan (the
 * value read, if any, is replaced: it did not parse as a school year). */
static int hint_school_year(hb_field *f, int start)
{
    char *sy = NULL;
    int ok = f->value && fields_parse_school_year(f->value, &sy) == HB_PARSE_OK && sy;
    free(sy);
    if (ok || start <= 0 || start > 9998)
        return 0;
    char buf[32];
    snprintf(buf, sizeof buf, "%d-%d", start, start + 1);
    if (record_field_set(f, buf))
        return -1;
    f->conf = 30;
    return record_field_flag(f, "from-book");
}

static int build_year(const hb_year_group *g, const hb_page_read *pr,
                      const hb_page_in *pages, int personal, hb_year_hint hint,
                      hb_record **out, hb_err *e)
{
    hb_record *r = record_new();
    if (!r)
        return err_set(e, HB_ENOMEM, "extract: out of memory");
    hb_family fam = HB_FAMILY_UNKNOWN;
    int sure = 0;
    int rc = 0;
    for (int k = 0; k < g->n && !rc; k++) {
        const hb_page_read *p = &pr[g->pages[k]];
        if (p->family != HB_FAMILY_UNKNOWN &&
            (fam == HB_FAMILY_UNKNOWN || (p->family_from_text && !sure))) {
            fam = p->family;
            sure = p->family_from_text;
        }
        rc = extract_merge_year(r, p->frag);
        /* the header's name and school vote with the personal page */
        if (!rc)
            rc = copy_if_read(&r->student.ho_ten, &p->frag->student.ho_ten) ||
                 copy_if_read(&r->school.ten_truong, &p->frag->school.ten_truong);
    }
    if (!rc)
        rc = merge_personal(r, personal >= 0 ? pr[personal].frag : NULL);
    if (!rc)
        rc = hint_school_year(&r->year.nam_hoc, hint.start);
    if (!rc)
        rc = complete_year(r, fam, sure, hint.grade);
    r->ma_ho_so = files_make_uuid(NULL);
    free(r->ngay_so_hoa);
    r->ngay_so_hoa = today();
    if (!rc && (!r->ma_ho_so || !r->ngay_so_hoa))
        rc = -1;
    if (!rc && personal >= 0)
        rc = !record_add_page(r, pages[personal].source_file,
                              pages[personal].source_page,
                              pages[personal].sha256 ? pages[personal].sha256 : "");
    for (int k = 0; k < g->n && !rc; k++) {
        const hb_page_in *in = &pages[g->pages[k]];
        rc = !record_add_page(r, in->source_file, in->source_page,
                              in->sha256 ? in->sha256 : "");
    }
    if (rc) {
        record_free(r);
        return err_set(e, HB_ENOMEM, "extract: out of memory");
    }
    *out = r;
    return 0;
}

/* Whether page i goes into year group g: g's last page is the one before
 * it, and (for a results page) g is a subject page and the rest of its
 * table, with no results yet.  A results page may also skip one page that
 * could not be placed (a continued table too small for its grid to be
 * found): the year's results belong to the subjects before them, and the
 * rows of the lost page come back as the form's missing rows, flagged. */
static int joins(const hb_year_group *g, const hb_page_read *pr, size_t i,
                 int results)
{
    int last = g->n ? g->pages[g->n - 1] : -1;
    int skipped = results && last == (int)i - 2 &&
                  (pr[i - 1].failed || pr[i - 1].kind == HB_PAGE_UNKNOWN);
    if (g->n >= 4 || (last != (int)i - 1 && !skipped))
        return 0;
    if (!results)
        return 1;
    if (pr[g->pages[0]].kind == HB_PAGE_SINGLE && g->n == 1 && !skipped) {
        /* Some printers put the year's results under its subject table
         * (which makes that page look like a whole year) and only the
         * remark and the approval on the facing page.  That page is the
         * same year's, unless its header names another year: a draft of
         * its own would be a second, nearly empty record of the year.
         * Only school years read whole say so: two handwritten years
         * garbled differently ("-0", "-") are no evidence (seed 9022
         * split three years into five drafts). */
        const hb_record *a = pr[g->pages[0]].frag, *b = pr[i].frag;
        int ya = a ? extract_school_year_start(a->year.nam_hoc.value) : 0;
        int yb = b ? extract_school_year_start(b->year.nam_hoc.value) : 0;
        return !(ya && yb && ya != yb) && !(b && b->year.n_subjects);
    }
    if (pr[g->pages[0]].kind != HB_PAGE_SUBJECTS)
        return 0;
    for (int k = 1; k < g->n; k++)
        if (pr[g->pages[k]].kind != HB_PAGE_CONTINUED)
            return 0;
    return 1;
}

/* Pages into school years (extract_int.h). */
size_t extract_group_years(const hb_page_read *pr, size_t n, hb_year_group *g)
{
    size_t ng = 0;
    for (size_t i = 0; i < n; i++) {
        const hb_page_read *p = &pr[i];
        if (p->failed || !p->frag)
            continue;
        switch (p->kind) {
        case HB_PAGE_SUBJECTS:
        case HB_PAGE_SINGLE:
            g[ng++] = (hb_year_group){ { (int)i }, 1 };
            break;
        case HB_PAGE_CONTINUED:
            if (ng > 0 && joins(&g[ng - 1], pr, i, 0))
                g[ng - 1].pages[g[ng - 1].n++] = (int)i;
            break;
        case HB_PAGE_RESULTS:
            if (ng > 0 && joins(&g[ng - 1], pr, i, 1))
                g[ng - 1].pages[g[ng - 1].n++] = (int)i;
            else
                g[ng++] = (hb_year_group){ { (int)i }, 1 };
            break;
        default:
            break;
        }
    }
    return ng;
}

/* The grade and the first calendar year of a year group as its pages'
 * headers read them (0 when not read). */
static void group_grade(const hb_year_group *g, const hb_page_read *pr,
                        int *grade, int *start)
{
    *grade = *start = 0;
    for (int k = 0; k < g->n; k++) {
        const hb_record *f = pr[g->pages[k]].frag;
        char *s = NULL;
        int gr = 0;
        if (!*grade && f && f->year.lop.value &&
            fields_parse_class(f->year.lop.value, &s, &gr) == HB_PARSE_OK)
            *grade = gr;
        free(s);
        if (!*start && f)
            *start = extract_school_year_start(f->year.nam_hoc.value);
    }
}

/* See extract_int.h. */
void extract_hint_years(const int *start, const int *grade, size_t n,
                        hb_year_hint *h)
{
    for (size_t k = 0; k < n; k++) {
        h[k] = (hb_year_hint){ 0, 0 };
        size_t best = n;
        for (size_t j = 0; j < n; j++)
            if (j != k && start[j] &&
                (best == n || labs((long)j - (long)k) < labs((long)best - (long)k)))
                best = j;
        int s = start[k];
        if (!s && best < n) {
            s = start[best] + (int)((long)k - (long)best);
            if (s < 1950 || s > 2100)
                s = 0;
            h[k].start = s;
        }
        /* the hint is made for every year: one whose class read as a
         * grade its form does not have ("1œ" on a secondary form) uses it
         * too (complete_year) */
        if (!s)
            continue;
        int bd = 0;
        for (size_t j = 0; j < n; j++) {
            int d = start[j] > s ? start[j] - s : s - start[j];
            int gr = grade[j] + (s - start[j]);
            if (j != k && grade[j] && start[j] && d && gr >= 1 && gr <= 12 &&
                (!h[k].grade || d < bd)) {
                h[k].grade = gr;
                bd = d;
            }
        }
    }
}

/* See extract_int.h. */
int extract_partial_start(const char *s)
{
    int v[2] = { 0, 0 }, len[2] = { 0, 0 }, runs = 0;
    for (; s && *s && runs < 2; s++) {
        if (*s < '0' || *s > '9')
            continue;
        int n = 0, d = 0;
        for (; *s >= '0' && *s <= '9'; s++, d++)
            n = d < 5 ? n * 10 + (*s - '0') : n;
        v[runs] = n;
        len[runs++] = d;
        if (!*s)
            break;
    }
    int p0 = runs > 0 && len[0] == 4 && v[0] >= 1950 && v[0] <= 2100;
    int p1 = runs > 1 && len[1] == 4 && v[1] >= 1951 && v[1] <= 2101;
    if (p0 && p1)
        return v[1] == v[0] + 1 ? v[0] : 0;
    if (runs < 2)
        return 0;
    return p0 ? v[0] : p1 ? v[1] - 1 : 0;
}

/* The school year of a year whose header did not read it whole: what its
 * header read in part, else the personal page's history row of its grade
 * (read whole or in part); a neighbour's whole reading goes first
 * (extract_hint_book).  Handwritten books are where every
 * year's header can fail at once; without this, each year's draft is
 * named by its garbled school year, flagged but hard to find. */
static int partial_start(const hb_year_group *g, const hb_page_read *pr,
                         const hb_record *personal, int grade)
{
    for (int k = 0; k < g->n; k++) {
        const hb_record *f = pr[g->pages[k]].frag;
        int s = f ? extract_partial_start(f->year.nam_hoc.value) : 0;
        if (s)
            return s;
    }
    for (size_t i = 0; grade && personal && i < personal->student.n_history; i++) {
        const hb_history *h = &personal->student.history[i];
        char *c = NULL;
        int gr = 0, s = 0;
        if (h->lop.value && h->nam_hoc.value &&
            fields_parse_class(h->lop.value, &c, &gr) == HB_PARSE_OK && gr == grade) {
            s = extract_school_year_start(h->nam_hoc.value);
            if (!s)
                s = extract_partial_start(h->nam_hoc.value);
        }
        free(c);
        if (s)
            return s;
    }
    return 0;
}

/* See extract_int.h. */
int extract_hint_book(const int *start, const int *grade, const int *part,
                      size_t n, hb_year_hint *h)
{
    extract_hint_years(start, grade, n, h);
    int *own = calloc(n ? n : 1, sizeof *own);
    hb_year_hint *hp = calloc(n ? n : 1, sizeof *hp);
    int rc = own && hp ? 0 : -1;
    for (size_t k = 0; !rc && k < n; k++)
        if (!start[k] && !h[k].start)
            h[k].start = own[k] = part[k];
    /* only the school years of hp are used (its grades are the whole
     * readings' already in h) */
    if (!rc)
        extract_hint_years(own, grade, n, hp);
    for (size_t k = 0; !rc && k < n; k++)
        if (!start[k] && !h[k].start)
            h[k].start = hp[k].start;
    free(own);
    free(hp);
    return rc;
}

static void hint_years(const hb_year_group *g, size_t ng, const hb_page_read *pr,
                       int personal, hb_year_hint *h)
{
    size_t n = ng ? ng : 1;
    int *grade = calloc(n, sizeof *grade);
    int *start = calloc(n, sizeof *start);
    int *part = calloc(n, sizeof *part);
    if (grade && start && part) {
        const hb_record *pp = personal >= 0 ? pr[personal].frag : NULL;
        for (size_t k = 0; k < ng; k++) {
            group_grade(&g[k], pr, &grade[k], &start[k]);
            if (!start[k])
                part[k] = partial_start(&g[k], pr, pp, grade[k]);
        }
        /* out of memory: h keeps the hints of the whole readings */
        (void)extract_hint_book(start, grade, part, ng, h);
    }
    free(grade);
    free(start);
    free(part);
}

static int assemble(hb_extract *x, hb_book_out *out, hb_err *e)
{
    size_t n = x->n;
    const hb_page_read *pr = x->pr;
    const hb_page_in *pages = x->meta;
    hb_year_group *groups = calloc(n ? n : 1, sizeof *groups);
    if (!groups)
        return err_set(e, HB_ENOMEM, "extract: out of memory");
    int rc = 0;
    int personal = -1;
    for (size_t i = 0; i < n && personal < 0; i++)
        if (!pr[i].failed && pr[i].kind == HB_PAGE_PERSONAL)
            personal = (int)i;
    size_t ng = extract_group_years(pr, n, groups);
    hb_year_hint *hints = calloc(ng ? ng : 1, sizeof *hints);
    if (!hints) {
        free(groups);
        return err_set(e, HB_ENOMEM, "extract: out of memory");
    }
    hint_years(groups, ng, pr, personal, hints);
    if (ng == 0)
        rc = err_set(e, HB_EFORMAT,
                     "%s: no page of this book looks like a year of a học bạ",
                     n && pages[0].source_file ? pages[0].source_file : "book");
    if (!rc) {
        out->records = calloc(ng, sizeof *out->records);
        if (!out->records)
            rc = err_set(e, HB_ENOMEM, "extract: out of memory");
    }
    for (size_t k = 0; !rc && k < ng; k++) {
        rc = build_year(&groups[k], pr, pages, personal, hints[k],
                        &out->records[out->n_records], e);
        if (!rc)
            out->n_records++;
    }
    if (!rc && extract_expect_history(out->records, out->n_records))
        rc = err_set(e, HB_ENOMEM, "extract: out of memory");
    if (!rc) {
        corroborate_history(out->records, out->n_records);
        for (size_t k = 0; k < out->n_records; k++) {
            hb_year *y = &out->records[k]->year;
            if (y->cap_hoc.value && y->lop.conf > y->cap_hoc.conf)
                y->cap_hoc.conf = y->lop.conf;
        }
    }
    for (size_t k = 0; !rc && k < out->n_records; k++) {
        rc = rules_check_record(out->records[k], e);
        if (!rc && (record_visit_fields(out->records[k], 0, flag_low_conf, NULL) ||
                    extract_flag_unchecked_scores(out->records[k])))
            rc = err_set(e, HB_ENOMEM, "extract: out of memory");
    }
    if (!rc && out->n_records)
        rc = rules_check_book(out->records, out->n_records, e);
    free(hints);
    free(groups);
    return rc;
}

int extract_finish(hb_extract *x, hb_book_out *out, hb_err *e)
{
    memset(out, 0, sizeof *out);
    if (!x)
        return err_set(e, HB_EUSAGE, "extract: bad arguments");
    hb_stagetime *st = ocr_stagetime(x->o);
    hb_stage st_prev = stagetime_enter(st, HB_STAGE_RULES);
    int rc = assemble(x, out, e);
    stagetime_leave(st, st_prev);
    if (st)
        st->books++;
    out->n_pages = x->n;
    if (!rc && x->clean_dir) {
        out->clean_images = calloc(x->n ? x->n : 1, sizeof *out->clean_images);
        if (!out->clean_images)
            rc = err_set(e, HB_ENOMEM, "extract: out of memory");
        for (size_t i = 0; !rc && i < x->n; i++) {
            out->clean_images[i] = x->clean[i];
            x->clean[i] = NULL;
        }
    }
    extract_abort(x);
    if (rc) {
        extract_book_free(out);
        return -1;
    }
    return 0;
}

int extract_book(hb_ocr *o, const hb_page_in *pages, size_t n,
                 const char *clean_dir, hb_book_out *out, hb_err *e)
{
    memset(out, 0, sizeof *out);
    if (!o || (!pages && n))
        return err_set(e, HB_EUSAGE, "extract: bad arguments");
    hb_extract *x = extract_start(o, clean_dir, e);
    if (!x)
        return -1;
    for (size_t i = 0; i < n; i++) {
        PIX *pix = pages[i].image ? pixRead(pages[i].image) : NULL;
        int rc = extract_add_page(x, pix, 0, &pages[i], e);
        pixDestroy(&pix);
        if (rc) {
            extract_abort(x);
            return -1;
        }
    }
    return extract_finish(x, out, e);
}
