/*
 * rules_results.c - the overall results follow from the subject results:
 * Học lực (TT58, rule 3), Kết quả học tập (TT22, rule 4), the overall result
 * of a primary year (TT27), Danh hiệu, and TT22's year conduct from its
 * two terms.
 *
 * The regulation turns the subject table into one word per term; when the
 * word on paper is not the one the table gives, either OCR misread a cell
 * or the paper is inconsistent, and a person must look.  The thresholds
 * live in the tables below, one row per level, so a change of regulation is
 * a change of numbers, not of code.  All scores are integer tenths.
 *
 * Both regulations also *raise* a student one level in a listed edge case:
 * when the level reached by the averages is lost two or more levels down
 * because of a single subject (TT58 Điều 13 khoản 6, TT22 Điều 9 khoản 3).
 * Both the plain ("strict") and the adjusted level are accepted.
 *
 * Soft and hard: a paper value one level from the derivation is flagged
 * `rule:hoc-luc-soft` (or `rule:ket-qua-soft`), further away `rule:hoc-luc`
 * (`rule:ket-qua`).  Soft flags still set review=1: a wrong result word that
 * nobody looks at is a silent error, and the cost is one field per record
 * (a record has ~60); the code lets the review UI list soft flags after the
 * hard ones and tell the teacher "probably the school's own judgement,
 * check quickly".  One-level differences that remain after the edge cases
 * are handled come from rules this table does not model (THPT chuyên, an
 * exempted subject, a local decision) or from a misread cell.
 */
#include <string.h>

#include "catalog.h"
#include "rules.h"
#include "rules_internal.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))
#define MAX_SUBJECTS 64

/* One subject's result for the term being judged. */
typedef struct subj_val {
    int score; /* tenths for a score subject, -1 for a comment subject */
    int dat;   /* comment subject: 1 Đạt, 0 Chưa đạt */
    int main;  /* Toán or Ngữ văn (TT58 requires one of them) */
    size_t row; /* index in r->year.subjects */
} subj_val;

static const hb_field *term_field(const hb_subject *s, int term)
{
    return term == 0 ? &s->hk1 : term == 1 ? &s->hk2 : &s->cn;
}

/* Collects the term's subject results.  -1 when a result needed for the
 * derivation is missing or unreadable (those cells are flagged by the
 * format and empty checks; deriving from a guess would only add noise), or
 * when a row is unknown (its kind, score or comment, is unknown). */
static int gather(const hb_record *r, hb_family fam, int term, subj_val *v,
                  size_t *n)
{
    *n = 0;
    for (size_t i = 0; i < r->year.n_subjects; i++) {
        const hb_subject *s = &r->year.subjects[i];
        const hb_field *f = term_field(s, term);
        hb_kind k = catalog_subject_kind(s->code, fam);
        int whole_row_empty = !rules_has(&s->hk1) && !rules_has(&s->hk2) &&
                              !rules_has(&s->cn);
        if (whole_row_empty)
            continue; /* an elective the student did not take */
        if (k != HB_KIND_SCORE && k != HB_KIND_COMMENT)
            return -1;
        if (*n >= MAX_SUBJECTS)
            return -1;
        subj_val sv = { -1, 0, 0, i };
        if (k == HB_KIND_SCORE) {
            sv.score = rules_score_tenths(f->value);
            if (sv.score < 0)
                return -1;
            sv.main = strcmp(s->code, "TOAN") == 0 ||
                      strcmp(s->code, "NGUVAN") == 0;
        } else {
            int idx = rules_set_index(HB_VS_COMMENT, f->value);
            if (idx < 0)
                return -1;
            sv.dat = idx == 0;
        }
        v[(*n)++] = sv;
    }
    return 0;
}

/* ---- TT58 Học lực (Điều 13) ------------------------------------------ */

/* In HB_VS_HOC_LUC order: Giỏi, Khá, Trung bình, Yếu, Kém.  A level holds
 * when every condition of its row holds; the first such row is the level.
 * main_min -1: no Toán / Ngữ văn condition.  domain.md asks for all comment
 * subjects Đ only for Giỏi; the official text (Điều 13 khoản 1-3, point c)
 * asks it for Giỏi, Khá and Trung bình, which is what this table does. */
static const struct tt58_tier {
    int avg_min;    /* ĐTB các môn (mean of the score subjects) >= */
    int main_min;   /* Toán or Ngữ văn >= */
    int none_below; /* no score subject below */
    int all_dat;    /* every comment subject Đạt */
} tt58_tiers[] = {
    { 80, 80, 65, 1 }, /* Giỏi */
    { 65, 65, 50, 1 }, /* Khá */
    { 50, 50, 35, 1 }, /* Trung bình */
    { 35, -1, 20, 0 }, /* Yếu */
    { 0, -1, 0, 0 },   /* Kém: everything else */
};

/* The adjustments of Điều 13 khoản 6: {level the averages reach but for one
 * subject, level that subject drags it to, level given}.  Giỏi -> Kém is not
 * listed in the regulation and is not adjusted. */
static const struct adjust {
    int reach, fell, given;
} tt58_adjust[] = { { 0, 2, 1 }, { 0, 3, 2 }, { 1, 3, 2 }, { 1, 4, 3 } };

/* The level of the term; `skip` is a subject whose own result is ignored
 * (its score still counts in the average), for the edge-case test, or -1. */
static int tt58_level(const subj_val *v, size_t n, size_t skip)
{
    int sum = 0, count = 0, main_best = -1, min = 1000, all_dat = 1;
    for (size_t i = 0; i < n; i++) {
        if (v[i].score >= 0) {
            sum += v[i].score;
            count++;
        }
        if (i == skip) {
            if (v[i].main)
                main_best = 1000;
            continue;
        }
        if (v[i].score >= 0) {
            if (v[i].main && v[i].score > main_best)
                main_best = v[i].score;
            if (v[i].score < min)
                min = v[i].score;
        } else if (!v[i].dat) {
            all_dat = 0;
        }
    }
    if (count == 0)
        return -1;
    /* The mean is itself rounded to one decimal, half up (Điều 12). */
    int avg = (2 * sum + count) / (2 * count);
    for (size_t t = 0; t < COUNT(tt58_tiers); t++) {
        const struct tt58_tier *c = &tt58_tiers[t];
        if (avg >= c->avg_min &&
            (c->main_min < 0 || main_best >= c->main_min) &&
            min >= c->none_below && (!c->all_dat || all_dat))
            return (int)t;
    }
    return (int)COUNT(tt58_tiers) - 1;
}

/* ---- TT22 Kết quả học tập (Điều 9) ----------------------------------- */

/* In HB_VS_TT22_RESULT order: Tốt, Khá, Đạt, Chưa đạt. */
static const struct tt22_tier {
    int max_fail;   /* comment subjects Chưa đạt allowed */
    int none_below; /* no score subject below */
    int high;       /* ... and at least `n_high` of them >= high */
    int n_high;
} tt22_tiers[] = {
    { 0, 65, 80, 6 },    /* Tốt */
    { 0, 50, 65, 6 },    /* Khá */
    { 1, 35, 50, 6 },    /* Đạt */
    { 1000, 0, 0, 0 },   /* Chưa đạt: everything else */
};

/* Điều 9 khoản 3: lost two or more levels below Tốt or Khá because of a
 * single subject -> raised one level. */
static const struct adjust tt22_adjust[] = { { 0, 2, 1 }, { 0, 3, 2 },
                                             { 1, 3, 2 } };

static int tt22_level(const subj_val *v, size_t n, size_t skip)
{
    for (size_t t = 0; t < COUNT(tt22_tiers); t++) {
        const struct tt22_tier *c = &tt22_tiers[t];
        int fails = 0, low = 0, high = 0;
        for (size_t i = 0; i < n; i++) {
            if (i == skip) { /* treated as meeting every condition */
                high += v[i].score >= 0;
                continue;
            }
            if (v[i].score < 0) {
                fails += !v[i].dat;
            } else {
                low += v[i].score < c->none_below;
                high += v[i].score >= c->high;
            }
        }
        if (fails <= c->max_fail && low == 0 && high >= c->n_high)
            return (int)t;
    }
    return (int)COUNT(tt22_tiers) - 1;
}

/* ---- TT27 overall result (Điều 9 khoản 2) ---------------------------- */

/* In HB_VS_TT27_OVERALL order: Hoàn thành xuất sắc, Hoàn thành tốt, Hoàn
 * thành, Chưa hoàn thành.  Stored, as synth.h documents, in
 * KET_QUA_HOC_TAP/CA_NAM of a TT27 record. */
static const struct tt27_tier {
    int level_max;   /* worst year-end subject level allowed (index in
                        HB_VS_LEVEL: 0 Hoàn thành tốt, 1 Hoàn thành) */
    int quality_max; /* worst phẩm chất / năng lực allowed (HB_VS_PHAM_CHAT:
                        0 Tốt, 1 Đạt) */
    int test_min;    /* every year-end test (KTDK_2) at least */
} tt27_tiers[] = {
    { 0, 0, 9 },   /* Hoàn thành xuất sắc */
    { 0, 0, 7 },   /* Hoàn thành tốt */
    { 1, 1, 5 },   /* Hoàn thành */
    { 99, 99, 0 }, /* Chưa hoàn thành: everything else */
};

/* The index of f's value in vs, or `over_idx` when f is `over` (the
 * "what if this cell read otherwise" of explain_tt27). */
static int value_index(const hb_field *f, hb_valueset vs, const hb_field *over,
                       int over_idx)
{
    return f == over ? over_idx : rules_set_index(vs, f->value);
}

/* The worst subject level, worst quality and lowest test of the year; -1
 * when one of them cannot be read. */
static int tt27_gather(const hb_record *r, const hb_field *over, int over_idx,
                       int *level, int *quality, int *test)
{
    const hb_year *y = &r->year;
    int n = 0;
    *level = *quality = 0;
    *test = 10;
    for (size_t i = 0; i < y->n_subjects; i++) {
        const hb_subject *s = &y->subjects[i];
        hb_kind k = catalog_subject_kind(s->code, HB_FAMILY_TT27);
        if (k != HB_KIND_LEVEL && k != HB_KIND_LEVEL_TEST)
            return -1; /* an unknown row: its level is unknown */
        int l = value_index(&s->cn, HB_VS_LEVEL, over, over_idx);
        if (l < 0)
            return -1;
        if (l > *level)
            *level = l;
        n++;
        /* a subject tested in other grades may have no test this year */
        if (k == HB_KIND_LEVEL_TEST && s->ktdk2.value) {
            int t = rules_test_score(s->ktdk2.value);
            if (t < 0)
                return -1;
            if (t < *test)
                *test = t;
        }
    }
    const hb_muc *groups[2] = { y->pham_chat, y->nang_luc };
    size_t sizes[2] = { y->n_pham_chat, y->n_nang_luc };
    for (int g = 0; g < 2; g++)
        for (size_t i = 0; i < sizes[g]; i++) {
            int q = value_index(&groups[g][i].value, HB_VS_PHAM_CHAT, over,
                                over_idx);
            if (q < 0)
                return -1;
            if (q > *quality)
                *quality = q;
        }
    return n ? 0 : -1;
}

static int tt27_level(const hb_record *r, const hb_field *over, int over_idx)
{
    int level, quality, test;
    if (tt27_gather(r, over, over_idx, &level, &quality, &test))
        return -1;
    for (size_t t = 0; t < COUNT(tt27_tiers); t++)
        if (level <= tt27_tiers[t].level_max &&
            quality <= tt27_tiers[t].quality_max &&
            test >= tt27_tiers[t].test_min)
            return (int)t;
    return (int)COUNT(tt27_tiers) - 1;
}

/* ---- derivation ------------------------------------------------------- */

typedef int (*level_fn)(const subj_val *, size_t, size_t);

/* Strict level and adjusted level (indexes into the value set). */
/* The level family `fam` gives to these subject results: strict and after
 * the one-subject adjustment (indexes into the family's value set). */
static int derive_vals(hb_family fam, const subj_val *v, size_t n,
                       int *strict, int *adjusted)
{
    level_fn fn = fam == HB_FAMILY_TT58 ? tt58_level : tt22_level;
    const struct adjust *adj = fam == HB_FAMILY_TT58 ? tt58_adjust : tt22_adjust;
    size_t n_adj = fam == HB_FAMILY_TT58 ? COUNT(tt58_adjust) : COUNT(tt22_adjust);
    int s = fn(v, n, (size_t)-1);
    if (s < 0)
        return -1;
    int a = s;
    for (size_t i = 0; i < n; i++) {
        int reach = fn(v, n, i);
        for (size_t j = 0; j < n_adj; j++)
            if (adj[j].reach == reach && adj[j].fell == s && adj[j].given < a)
                a = adj[j].given;
    }
    *strict = s;
    *adjusted = a;
    return 0;
}

/* The words a secondary family's year result is written in: Học lực
 * (TT58) or Kết quả học tập (TT22). */
static hb_valueset score_result_set(hb_family fam)
{
    return fam == HB_FAMILY_TT58 ? HB_VS_HOC_LUC : HB_VS_TT22_RESULT;
}

/* Strict level and adjusted level (indexes into the value set); v and n
 * (may be NULL) receive the subject results used (TT58, TT22). */
static int derive(const hb_record *r, int term, hb_valueset *vs, int *strict,
                  int *adjusted, subj_val *v, size_t *n)
{
    hb_family fam = record_family(r);
    subj_val own[MAX_SUBJECTS];
    size_t own_n;
    if (fam == HB_FAMILY_TT27) {
        /* one overall result, for the year only; no adjustment */
        *vs = HB_VS_TT27_OVERALL;
        if (n)
            *n = 0;
        if (term != 2 || (*strict = tt27_level(r, NULL, 0)) < 0)
            return -1;
        *adjusted = *strict;
        return 0;
    }
    if (fam != HB_FAMILY_TT58 && fam != HB_FAMILY_TT22)
        return -1;
    *vs = score_result_set(fam);
    if (!v) {
        v = own;
        n = &own_n;
    }
    if (term < 0 || term > 2 || gather(r, fam, term, v, n) || *n == 0)
        return -1;
    return derive_vals(fam, v, *n, strict, adjusted);
}

int rules_derive_result(const hb_record *r, int term, const char **strict,
                        const char **adjusted)
{
    hb_valueset vs;
    int s, a;
    if (derive(r, term, &vs, &s, &a, NULL, NULL))
        return -1;
    if (strict)
        *strict = catalog_values[vs][s];
    if (adjusted)
        *adjusted = catalog_values[vs][a];
    return 0;
}

static int iabs(int x)
{
    return x < 0 ? -x : x;
}

static int distance(int p, int s, int a)
{
    return iabs(p - s) < iabs(p - a) ? iabs(p - s) : iabs(p - a);
}

/* A comment subject misread (Đạt <-> Chưa đạt) breaks the derivation but no
 * rule of its own: the result cell gets flagged, the culprit would stay
 * silent.  So when flipping one comment cell of the term makes the
 * derivation agree with the paper, that cell is flagged too, with the same
 * reason.  (A misread score usually breaks rule 1 as well; the one that
 * does not, misread alike in all three terms, is flag_low_scores's.) */
static int explain_by_comments(hb_record *r, int term, subj_val *v, size_t n,
                               int p, const char *reason, hb_err *e)
{
    hb_family fam = record_family(r);
    for (size_t i = 0; i < n; i++) {
        if (v[i].score >= 0)
            continue;
        int s, a;
        v[i].dat = !v[i].dat;
        int rc = derive_vals(fam, v, n, &s, &a);
        v[i].dat = !v[i].dat;
        if (rc || distance(p, s, a) != 0)
            continue;
        hb_subject *sub = &r->year.subjects[v[i].row];
        hb_field *f = term == 0 ? &sub->hk1 : term == 1 ? &sub->hk2 : &sub->cn;
        if (rules_flag(f, reason, e))
            return -1;
    }
    return 0;
}

/* The same for a primary year: a year-end subject level or a phẩm chất /
 * năng lực misread changes the overall result; each cell that, read as
 * another word of its set, would make the derivation give the paper's
 * result is flagged with it. */
static int explain_tt27(hb_record *r, int p, const char *reason, hb_err *e)
{
    hb_year *y = &r->year;
    for (size_t i = 0; i < y->n_subjects; i++) {
        hb_field *f = &y->subjects[i].cn;
        int cur = rules_set_index(HB_VS_LEVEL, f->value);
        for (int alt = 0; cur >= 0 && catalog_values[HB_VS_LEVEL][alt]; alt++)
            if (alt != cur && tt27_level(r, f, alt) == p) {
                if (rules_flag(f, reason, e))
                    return -1;
                break;
            }
    }
    hb_muc *groups[2] = { y->pham_chat, y->nang_luc };
    size_t sizes[2] = { y->n_pham_chat, y->n_nang_luc };
    for (int g = 0; g < 2; g++)
        for (size_t i = 0; i < sizes[g]; i++) {
            hb_field *f = &groups[g][i].value;
            int cur = rules_set_index(HB_VS_PHAM_CHAT, f->value);
            for (int alt = 0;
                 cur >= 0 && catalog_values[HB_VS_PHAM_CHAT][alt]; alt++)
                if (alt != cur && tt27_level(r, f, alt) == p) {
                    if (rules_flag(f, reason, e))
                        return -1;
                    break;
                }
        }
    return 0;
}

/* ---- scores below the result's floor ----------------------------------- */

/* The lowest subject score a result word allows (TT58, TT22): every score
 * subject of level p is at least floor(p) (the tiers' none_below), except
 * that the one-subject adjustment lets a single subject fall to the floor
 * of the level it dragged the student down to (tolerance(p)). */
static int floor_of(hb_family fam, int p)
{
    if (fam == HB_FAMILY_TT58)
        return p >= 0 && (size_t)p < COUNT(tt58_tiers) ? tt58_tiers[p].none_below : 0;
    return p >= 0 && (size_t)p < COUNT(tt22_tiers) ? tt22_tiers[p].none_below : 0;
}

static int tolerance_of(hb_family fam, int p)
{
    const struct adjust *adj = fam == HB_FAMILY_TT58 ? tt58_adjust : tt22_adjust;
    size_t n_adj = fam == HB_FAMILY_TT58 ? COUNT(tt58_adjust) : COUNT(tt22_adjust);
    int tol = floor_of(fam, p);
    for (size_t j = 0; j < n_adj; j++)
        if (adj[j].given == p && floor_of(fam, adj[j].fell) < tol)
            tol = floor_of(fam, adj[j].fell);
    return tol;
}

/* Score cells of the term below the floor of the paper's result word p.
 * A hand that writes its 9 like a 4 writes it so in all three terms of a
 * subject: "4.8 4.7 4.7" for "9.8 9.7 9.7" still satisfies rule 1, and only
 * the result word can tell that the subject is too low for "Giỏi".  When
 * the derivation disagrees with the paper (`contradicted`), every score
 * below the floor is one of the cells holding the result down, and is
 * flagged with it.  When the derivation cannot be made (another cell
 * unreadable), the cells that can be read still bound it: two scores below
 * the floor, or one below what the one-subject adjustment allows, make the
 * word impossible, and then they and the word are flagged.  0, or -1 on
 * failure. */
static int flag_low_scores(hb_record *r, int term, int p, int contradicted,
                           hb_field *word, const char *reason, hb_err *e)
{
    hb_family fam = record_family(r);
    if (fam != HB_FAMILY_TT58 && fam != HB_FAMILY_TT22)
        return 0;
    int floor = floor_of(fam, p), tol = tolerance_of(fam, p);
    hb_field *low[MAX_SUBJECTS];
    size_t n_low = 0;
    int below_tol = 0;
    for (size_t i = 0; i < r->year.n_subjects && n_low < MAX_SUBJECTS; i++) {
        hb_subject *s = &r->year.subjects[i];
        if (catalog_subject_kind(s->code, fam) != HB_KIND_SCORE)
            continue;
        hb_field *f = term == 0 ? &s->hk1 : term == 1 ? &s->hk2 : &s->cn;
        int v = rules_score_tenths(f->value);
        if (v < 0 || v >= floor)
            continue;
        low[n_low++] = f;
        below_tol |= v < tol;
    }
    if (!contradicted && n_low < 2 && !below_tol)
        return 0;
    for (size_t i = 0; i < n_low; i++)
        if (rules_flag(low[i], reason, e))
            return -1;
    if (!contradicted && rules_flag(word, reason, e))
        return -1;
    return 0;
}

/* Compares each term's result on paper with the derivation. */
static int check_term3(hb_record *r, hb_term3 *t, const char *hard,
                       const char *soft, hb_err *e)
{
    hb_field *f[3] = { &t->hk1, &t->hk2, &t->cn };
    hb_family fam = record_family(r);
    for (int term = 0; term < 3; term++) {
        hb_valueset vs;
        int s, a;
        subj_val v[MAX_SUBJECTS];
        size_t n = 0;
        if (!rules_has(f[term]))
            continue;
        if (derive(r, term, &vs, &s, &a, v, &n)) {
            /* some cell unreadable: what can be read may still rule the
             * word out */
            int p = fam == HB_FAMILY_TT58 || fam == HB_FAMILY_TT22
                        ? rules_set_index(score_result_set(fam), f[term]->value)
                        : -1;
            if (p >= 0 && flag_low_scores(r, term, p, 0, f[term], hard, e))
                return -1;
            continue;
        }
        int p = rules_set_index(vs, f[term]->value);
        if (p < 0)
            continue; /* not a level word: flagged as format */
        int d = distance(p, s, a);
        if (d == 0)
            continue;
        const char *reason = d == 1 ? soft : hard;
        if (rules_flag(f[term], reason, e))
            return -1;
        if (fam == HB_FAMILY_TT27
                ? explain_tt27(r, p, reason, e)
                : explain_by_comments(r, term, v, n, p, reason, e) ||
                      flag_low_scores(r, term, p, 1, f[term], reason, e))
            return -1;
    }
    return 0;
}

int rules_check_hoc_luc(hb_record *r, hb_err *e)
{
    if (record_family(r) != HB_FAMILY_TT58)
        return 0;
    return check_term3(r, &r->year.hoc_luc, "rule:hoc-luc",
                       "rule:hoc-luc-soft", e);
}

/* TT22 Kết quả học tập per term; TT27's overall result of the year, which
 * the record keeps in the same element. */
int rules_check_ket_qua(hb_record *r, hb_err *e)
{
    hb_family fam = record_family(r);
    if (fam != HB_FAMILY_TT22 && fam != HB_FAMILY_TT27)
        return 0;
    return check_term3(r, &r->year.ket_qua_hoc_tap, "rule:ket-qua",
                       "rule:ket-qua-soft", e);
}

/* ---- Danh hiệu -------------------------------------------------------- */

/* The title the year's results give, "" for none, NULL when they cannot be
 * read.
 *   TT22 (Điều 15): Học sinh Xuất sắc: rèn luyện and học tập both Tốt and
 *     at least 6 score subjects with CA_NAM >= 9.0; Học sinh Giỏi: both
 *     Tốt.  (Xuất sắc takes precedence: one title per student.)
 *   TT58 (Điều 18): Học sinh Giỏi: hạnh kiểm Tốt and học lực Giỏi; Học sinh
 *     Tiên tiến: hạnh kiểm Tốt or Khá and học lực Giỏi or Khá.
 *   TT27: Học sinh Xuất sắc for an overall result of Hoàn thành xuất sắc.
 *     (The school may also commend "tiêu biểu" pupils; that title is not in
 *     the record's value set and would be flagged as format.) */
static const char *expected_title(const hb_record *r, hb_family fam)
{
    const hb_year *y = &r->year;
    if (fam == HB_FAMILY_TT22) {
        int rl = rules_set_index(HB_VS_TT22_RESULT, y->ren_luyen.cn.value);
        int kq = rules_set_index(HB_VS_TT22_RESULT,
                                 y->ket_qua_hoc_tap.cn.value);
        if (rl < 0 || kq < 0)
            return NULL;
        if (rl != 0 || kq != 0)
            return "";
        subj_val v[MAX_SUBJECTS];
        size_t n;
        if (gather(r, fam, 2, v, &n))
            return NULL;
        int nine = 0;
        for (size_t i = 0; i < n; i++)
            nine += v[i].score >= 90;
        return nine >= 6 ? "Học sinh Xuất sắc" : "Học sinh Giỏi";
    }
    if (fam == HB_FAMILY_TT58) {
        int hk = rules_set_index(HB_VS_HANH_KIEM, y->hanh_kiem.cn.value);
        int hl = rules_set_index(HB_VS_HOC_LUC, y->hoc_luc.cn.value);
        if (hk < 0 || hl < 0)
            return NULL;
        if (hk == 0 && hl == 0)
            return "Học sinh Giỏi";
        if (hk <= 1 && hl <= 1)
            return "Học sinh Tiên tiến";
        return "";
    }
    if (fam == HB_FAMILY_TT27) {
        int kq = rules_set_index(HB_VS_TT27_OVERALL,
                                 y->ket_qua_hoc_tap.cn.value);
        if (kq < 0)
            return NULL;
        return kq == 0 ? "Học sinh Xuất sắc" : "";
    }
    return NULL;
}

/* The title on paper must be the one the results give, and an empty title
 * cell where one is due is as suspicious as a title that is not. */
int rules_check_danh_hieu(hb_record *r, hb_err *e)
{
    hb_field *f = &r->year.danh_hieu;
    if (!f->value)
        return 0; /* the form has no title cell */
    if (f->value[0] && !rules_in_set(HB_VS_DANH_HIEU, f->value))
        return 0; /* not a title word: flagged as format */
    const char *want = expected_title(r, record_family(r));
    if (!want || strcmp(want, f->value) == 0)
        return 0;
    return rules_flag(f, "rule:danh-hieu", e);
}

/* ---- Kết quả rèn luyện cả năm (TT22) ------------------------------------ */

/* TT22 Điều 8 khoản 2 gives the year's conduct from the two terms', with
 * the second term weighing more (the student's progress counts):
 *   Tốt       HK II Tốt and HK I Khá or better;
 *   Khá       HK II Khá and HK I Đạt or better; HK II Đạt and HK I Tốt;
 *             HK II Tốt and HK I Đạt or Chưa đạt;
 *   Đạt       HK II Đạt and HK I Khá, Đạt or Chưa đạt; HK II Khá and HK I
 *             Chưa đạt;
 *   Chưa đạt  every other case (HK II Chưa đạt).
 * Unlike the results, conduct is the teacher's judgement term by term,
 * but the year follows from the terms by this table alone, so a year that
 * does not is a misread word (a handwritten "Tốt" read "Đạt") or a slip on
 * paper, either of which a person must see.  TT58 has no such table (the
 * year's hạnh kiểm "mainly" follows HK II and the student's progress,
 * Điều 4), so nothing is checked there. */
int rules_ren_luyen_year(int hk1, int hk2)
{
    if (hk1 < 0 || hk1 > 3 || hk2 < 0 || hk2 > 3)
        return -1;
    switch (hk2) {
    case 0:
        return hk1 <= 1 ? 0 : 1;
    case 1:
        return hk1 <= 2 ? 1 : 2;
    case 2:
        return hk1 == 0 ? 1 : 2;
    default:
        return 3;
    }
}

int rules_check_ren_luyen(hb_record *r, hb_err *e)
{
    if (record_family(r) != HB_FAMILY_TT22)
        return 0;
    hb_term3 *t = &r->year.ren_luyen;
    int h1 = rules_set_index(HB_VS_TT22_RESULT, t->hk1.value);
    int h2 = rules_set_index(HB_VS_TT22_RESULT, t->hk2.value);
    int cn = rules_set_index(HB_VS_TT22_RESULT, t->cn.value);
    if (h1 < 0 || h2 < 0 || cn < 0 || rules_ren_luyen_year(h1, h2) == cn)
        return 0; /* a missing or malformed word is flagged elsewhere */
    if (rules_flag(&t->hk1, "rule:ren-luyen", e) ||
        rules_flag(&t->hk2, "rule:ren-luyen", e) ||
        rules_flag(&t->cn, "rule:ren-luyen", e))
        return -1;
    return 0;
}
