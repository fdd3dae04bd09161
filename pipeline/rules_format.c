/*
 * rules_format.c - value formats (domain.md, "Value formats"), unknown
 * subject rows, and values that must not be empty.
 *
 * These checks look at one field at a time.  They catch what OCR gets
 * wrong most often in a way no arithmetic rule can: a stray mark read as a
 * digit ("7.5|"), a score read without its decimal ("75"), a level cell read
 * as a word that is not in the family's closed set, a date that does not
 * exist (31/02), an empty read of a cell that the paper always fills.
 */
#include <stddef.h>
#include <string.h>
#include <utf8proc.h>

#include "catalog.h"
#include "rules.h"
#include "rules_internal.h"

typedef enum fmt_kind {
    F_NONE,    /* free text: no format */
    F_SCORE,   /* 0.0-10.0, one decimal */
    F_TEST,    /* TT27 KTĐK: integer 1-10 */
    F_SET,     /* a canonical word of a value set */
    F_DATE,    /* ISO date */
    F_NAM_HOC, /* YYYY-YYYY+1 */
    F_LOP,     /* grade 1-12 then a section */
    F_NAME,    /* a person's name */
    F_CCCD,    /* 12 digits */
    F_COUNT,   /* days absent: 0-366 */
    F_CAP_HOC, /* TH, THCS, THPT, GDTX */
    F_CHE_DO,  /* a known family */
    F_TEXT,    /* free text: no OCR debris (see text_ok) */
    F_CODE     /* an identifier: ASCII letters, digits, / - . */
} fmt_kind;

typedef struct leaf_fmt {
    size_t off; /* offset of the hb_field in its struct */
    fmt_kind kind;
    hb_valueset vs; /* for F_SET */
} leaf_fmt;

#define LF(T, m, k, vs) { offsetof(T, m), k, vs }

static const leaf_fmt school_fmt[] = {
    LF(hb_school, ma_truong, F_CODE, 0),
    LF(hb_school, ten_truong, F_TEXT, 0),
    LF(hb_school, xa_phuong, F_TEXT, 0),
    LF(hb_school, tinh, F_TEXT, 0),
};

static const leaf_fmt student_fmt[] = {
    LF(hb_student, ho_ten, F_NAME, 0),
    LF(hb_student, noi_sinh, F_TEXT, 0),
    LF(hb_student, dan_toc, F_TEXT, 0),
    LF(hb_student, doi_tuong, F_TEXT, 0),
    LF(hb_student, cho_o, F_TEXT, 0),
    LF(hb_student, ma_hoc_sinh, F_CODE, 0),
    LF(hb_student, nghe_nghiep_cha, F_TEXT, 0),
    LF(hb_student, nghe_nghiep_me, F_TEXT, 0),
    LF(hb_student, gioi_tinh, F_SET, HB_VS_GIOI_TINH),
    LF(hb_student, ngay_sinh, F_DATE, 0),
    LF(hb_student, ma_dinh_danh, F_CCCD, 0),
    LF(hb_student, ho_ten_cha, F_NAME, 0),
    LF(hb_student, ho_ten_me, F_NAME, 0),
    LF(hb_student, ho_ten_nguoi_giam_ho, F_NAME, 0),
};

static const leaf_fmt history_fmt[] = {
    LF(hb_history, nam_hoc, F_NAM_HOC, 0),
    LF(hb_history, lop, F_LOP, 0),
    LF(hb_history, truong, F_TEXT, 0),
    LF(hb_history, so_dang_bo, F_CODE, 0),
    LF(hb_history, ngay_nhap_hoc, F_DATE, 0),
};

static const leaf_fmt year_fmt[] = {
    LF(hb_year, nam_hoc, F_NAM_HOC, 0),
    LF(hb_year, lop, F_LOP, 0),
    LF(hb_year, cap_hoc, F_CAP_HOC, 0),
    LF(hb_year, che_do, F_CHE_DO, 0),
    LF(hb_year, danh_hieu, F_SET, HB_VS_DANH_HIEU),
    LF(hb_year, so_buoi_nghi, F_COUNT, 0),
    LF(hb_year, len_lop, F_TEXT, 0),
    LF(hb_year, nhan_xet_gvcn, F_TEXT, 0),
    LF(hb_year, phe_duyet_ho_ten, F_NAME, 0),
    LF(hb_year, phe_duyet_ngay, F_DATE, 0),
};

/* TONG_KET_CA_NAM results given per term, and their value sets. */
static const struct {
    size_t off;
    hb_valueset vs;
} term3_fmt[] = {
    { offsetof(hb_year, hanh_kiem), HB_VS_HANH_KIEM },
    { offsetof(hb_year, hoc_luc), HB_VS_HOC_LUC },
    { offsetof(hb_year, ren_luyen), HB_VS_TT22_RESULT },
    { offsetof(hb_year, ket_qua_hoc_tap), HB_VS_TT22_RESULT },
};

#define COUNT(a) (sizeof(a) / sizeof *(a))
#define FIELD(base, off) ((hb_field *)((char *)(base) + (off)))

/* A person's name as the record stores it: words of letters separated by
 * single spaces, each word starting with a capital ("Nguyễn Thị Mai",
 * also "NGUYỄN THỊ MAI" as some pages print it).  Apostrophes and hyphens
 * occur inside the names of some ethnic minorities (H'Hen Niê, Y-Moan).
 * A digit or a stray mark in a name is nearly always an OCR artefact. */
static int name_ok(const char *s)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(s);
    int at_word_start = 1, prev_letter = 0;
    if (len == 0)
        return 0;
    while (len > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, len, &cp);
        if (n <= 0)
            return 0;
        utf8proc_category_t c = utf8proc_category(cp);
        int letter = c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL ||
                     c == UTF8PROC_CATEGORY_LT;
        if (cp == ' ') {
            if (at_word_start || !prev_letter)
                return 0; /* double space or a word ending in ' or - */
            at_word_start = 1;
            prev_letter = 0;
        } else if (at_word_start) {
            if (c != UTF8PROC_CATEGORY_LU && c != UTF8PROC_CATEGORY_LT)
                return 0;
            at_word_start = 0;
            prev_letter = 1;
        } else if (letter || c == UTF8PROC_CATEGORY_MN) {
            prev_letter = 1;
        } else if ((cp == '\'' || cp == 0x2019 || cp == '-') && prev_letter) {
            prev_letter = 0;
        } else {
            return 0;
        }
        p += n;
        len -= n;
    }
    return prev_letter;
}

/* Free text (a birthplace, a remark) has no format, but OCR leaves debris
 * that no person writes: a ruling line read as '|', a stray mark read as
 * ')' or ':' at the start, a cell that holds nothing but such marks.  The
 * text must start with a letter, a digit or an opening bracket or quote,
 * hold at least one letter or digit, and no '|'. */
static int text_ok(const char *s)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(s);
    int first = 1, alnum = 0;
    while (len > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, len, &cp);
        if (n <= 0 || cp == '|')
            return 0;
        utf8proc_category_t c = utf8proc_category(cp);
        int an = (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
                 c == UTF8PROC_CATEGORY_ND;
        if (first && !an && cp != '(' && cp != '"' && cp != 0x201C &&
            cp != '-' && cp != 0x2022) /* "- ", "• ": a remark's bullets */
            return 0;
        alnum |= an;
        first = 0;
        p += n;
        len -= n;
    }
    return alnum;
}

/* The section of a class after its grade ("A", "A1", " Văn"): classes are
 * lettered with the Latin alphabet (A, B, C, A1, A2...) or named by a
 * subject word ("12 Văn", "10 Toán").  A section of a single letter with
 * a mark ("5À", "11Š") is a letter misread (a speck over the A), never a
 * class name; a word may carry Vietnamese marks, but is capitalised: a
 * section that opens on a lower-case marked letter ("1ối" for a
 * handwritten 1B1, seed 9047) is debris, while a plain "6a" is how some
 * books write 6A.  An empty section is left to the grade check (some
 * forms print the grade alone). */
static int section_ok(const char *v)
{
    while (*v >= '0' && *v <= '9')
        v++;
    if (*v == ' ')
        v++;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)v;
    utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(v);
    int letters = 0, marked = 0;
    while (len > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, len, &cp);
        if (n <= 0)
            return 0;
        utf8proc_category_t c = utf8proc_category(cp);
        if (c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL) {
            if (letters == 0 && c == UTF8PROC_CATEGORY_LL && cp > 0x7f)
                return 0;
            letters++;
            marked |= cp > 0x7f;
        }
        p += n;
        len -= n;
    }
    return !(letters == 1 && marked);
}

static int value_ok(const char *v, fmt_kind k, hb_valueset vs)
{
    switch (k) {
    case F_NONE:
        return 1;
    case F_SCORE:
        return rules_score_tenths(v) >= 0;
    case F_TEST:
        return rules_test_score(v) >= 0;
    case F_SET:
        return rules_in_set(vs, v);
    case F_DATE:
        return rules_parse_date(v, NULL, NULL, NULL) == 0;
    case F_NAM_HOC:
        return rules_nam_hoc_start(v) >= 0;
    case F_LOP:
        return rules_lop_grade(v) > 0 && section_ok(v);
    case F_NAME:
        return name_ok(v);
    case F_CCCD:
        return strlen(v) == 12 && strspn(v, "0123456789") == 12;
    case F_COUNT: {
        long n = rules_digits(v);
        return n >= 0 && n <= 366 && (v[0] != '0' || v[1] == '\0');
    }
    case F_CAP_HOC:
        return strcmp(v, "TH") == 0 || strcmp(v, "THCS") == 0 ||
               strcmp(v, "THPT") == 0 || strcmp(v, "GDTX") == 0;
    case F_CHE_DO:
        return record_family_parse(v) != HB_FAMILY_UNKNOWN;
    case F_TEXT:
        return text_ok(v);
    case F_CODE:
        return strspn(v, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                         "abcdefghijklmnopqrstuvwxyz/-.") == strlen(v);
    }
    return 1;
}

/* Flags `f` with `format` when it holds a non-empty value outside k. */
static int check(hb_field *f, fmt_kind k, hb_valueset vs, hb_err *e)
{
    if (!rules_has(f) || value_ok(f->value, k, vs))
        return 0;
    return rules_flag(f, "format", e);
}

static int check_table(void *base, const leaf_fmt *t, size_t n, hb_err *e)
{
    for (size_t i = 0; i < n; i++)
        if (check(FIELD(base, t[i].off), t[i].kind, t[i].vs, e))
            return -1;
    return 0;
}

/* The format of a subject's HOC_KY_1 / HOC_KY_2 / CA_NAM / DANH_GIA_LAI
 * follows from how the family assesses it. */
static fmt_kind subject_value_fmt(hb_kind k, hb_valueset *vs)
{
    switch (k) {
    case HB_KIND_SCORE:
        return F_SCORE;
    case HB_KIND_COMMENT:
        *vs = HB_VS_COMMENT;
        return F_SET;
    case HB_KIND_LEVEL:
    case HB_KIND_LEVEL_TEST:
        *vs = HB_VS_LEVEL;
        return F_SET;
    default:
        return F_NONE; /* unknown row: flagged as such, values unjudged */
    }
}

static int check_subject(hb_subject *s, hb_family fam, hb_err *e)
{
    hb_valueset vs = 0;
    fmt_kind k = subject_value_fmt(catalog_subject_kind(s->code, fam), &vs);
    hb_field *vals[] = { &s->hk1, &s->hk2, &s->cn, &s->danh_gia_lai };
    for (size_t i = 0; i < COUNT(vals); i++)
        if (check(vals[i], k, vs, e))
            return -1;
    if (check(&s->nhan_xet, F_TEXT, 0, e))
        return -1;
    /* KTĐK is an integer wherever it appears. */
    if (check(&s->ktdk1, F_TEST, 0, e) || check(&s->ktdk2, F_TEST, 0, e))
        return -1;
    return 0;
}

/* The class's grade must belong to the school level (CAP_HOC): tiểu học
 * 1-5, THCS 6-9, THPT 10-12; continuing education (GDTX) teaches 6-12. */
static int check_grade_level(hb_year *y, hb_err *e)
{
    int g = rules_lop_grade(y->lop.value);
    if (g < 0 || !rules_has(&y->cap_hoc) ||
        !value_ok(y->cap_hoc.value, F_CAP_HOC, 0))
        return 0;
    int fits;
    if (strcmp(y->cap_hoc.value, "GDTX") == 0)
        fits = g >= 6;
    else
        fits = strcmp(y->cap_hoc.value, catalog_level_for_grade(g)) == 0;
    if (fits)
        return 0;
    if (rules_flag(&y->lop, "format", e) || rules_flag(&y->cap_hoc, "format", e))
        return -1;
    return 0;
}

int rules_check_format(hb_record *r, hb_err *e)
{
    hb_year *y = &r->year;
    hb_family fam = record_family(r);
    if (check_table(&r->school, school_fmt, COUNT(school_fmt), e) ||
        check_table(&r->student, student_fmt, COUNT(student_fmt), e) ||
        check_table(y, year_fmt, COUNT(year_fmt), e))
        return -1;
    for (size_t i = 0; i < r->student.n_history; i++)
        if (check_table(&r->student.history[i], history_fmt,
                        COUNT(history_fmt), e))
            return -1;
    for (size_t i = 0; i < y->n_subjects; i++)
        if (check_subject(&y->subjects[i], fam, e))
            return -1;
    /* the level also when the family was not read (from the class) */
    int primary = rules_school_level(r) == RULES_LEVEL_PRIMARY;
    for (size_t i = 0; i < COUNT(term3_fmt); i++) {
        hb_term3 *t = (hb_term3 *)((char *)y + term3_fmt[i].off);
        hb_valueset vs = term3_fmt[i].vs;
        /* A primary record keeps the year's overall result (Hoàn thành
         * xuất sắc ... Chưa hoàn thành) in KET_QUA_HOC_TAP/CA_NAM. */
        if (primary && term3_fmt[i].off == offsetof(hb_year, ket_qua_hoc_tap))
            vs = HB_VS_TT27_OVERALL;
        if (check(&t->hk1, F_SET, vs, e) || check(&t->hk2, F_SET, vs, e) ||
            check(&t->cn, F_SET, vs, e))
            return -1;
    }
    for (size_t i = 0; i < y->n_pham_chat; i++)
        if (check(&y->pham_chat[i].value, F_SET, HB_VS_PHAM_CHAT, e))
            return -1;
    for (size_t i = 0; i < y->n_nang_luc; i++)
        if (check(&y->nang_luc[i].value, F_SET, HB_VS_PHAM_CHAT, e))
            return -1;
    return check_grade_level(y, e);
}

/* ---- unknown subject rows -------------------------------------------- */

/* A row whose label matched no catalogue subject, or a subject the family
 * does not have (KHTN on a TT58 page means the row label or the family was
 * misread).  Its values cannot be judged, so a person must look at the row;
 * every value of it is flagged because the row label itself is an
 * attribute, not a field that could carry the flag. */
int rules_check_subjects(hb_record *r, hb_err *e)
{
    hb_family fam = record_family(r);
    if (fam == HB_FAMILY_UNKNOWN)
        return 0; /* CHE_DO itself is flagged by the format check */
    for (size_t i = 0; i < r->year.n_subjects; i++) {
        hb_subject *s = &r->year.subjects[i];
        if (s->code && catalog_subject_kind(s->code, fam) != HB_KIND_NONE)
            continue;
        for (const hb_leaf *l = record_subject_leaves; l->tag; l++) {
            hb_field *f = HB_FIELD_AT(s, l);
            if (f->value && rules_flag(f, "unknown-subject", e))
                return -1;
        }
    }
    return 0;
}

/* ---- expected but empty ---------------------------------------------- */

/* Only fields that are *present and empty* are judged: present means the
 * form has the cell (extraction writes a leaf it expected but could not
 * read as present-and-empty), empty means nothing was read there.  Which
 * empty cells are suspicious depends on the family; optional ones (a
 * re-assessment, a title, a remark, a parent's name) stay quiet. */
static int flag_empty(hb_field *f, hb_err *e)
{
    /* a leaf the reader did not find at all says so itself ("not-found",
     * ocr/extract.c); telling the reviewer it was read blank too would be
     * wrong.  Once a person confirms it empty that flag is gone, and a
     * required one is flagged "empty" again here. */
    if (f->value && !f->value[0] && !record_field_has_reason(f, "not-found"))
        return rules_flag(f, "empty", e);
    return 0;
}

/* Nonzero when code is one of the standard rows of the family's form for
 * this grade: those rows always carry results. */
static int on_form(const char *code, hb_family fam, int grade)
{
    const char *const *list = catalog_form_subjects(fam, grade);
    for (size_t i = 0; code && list && list[i]; i++)
        if (strcmp(list[i], code) == 0)
            return 1;
    return 0;
}

static int any_value(const hb_subject *s)
{
    return rules_has(&s->hk1) || rules_has(&s->hk2) || rules_has(&s->cn) ||
           rules_has(&s->ktdk1) || rules_has(&s->ktdk2);
}

/* A row whose kind the family does not give (the family was not read, or
 * the row's label is not a subject of it) but that holds some results: it
 * is used, so the cells its level's form requires must be there too, or
 * the row is half read and silently half lost.  The values themselves are
 * judged elsewhere (unknown-subject, rule:kind); here only what is missing.
 * Primary pages: the year-end level, and the year-end test of a row that
 * has its semester test.  Secondary pages, and pages of no known level
 * (a primary page has no HOC_KY_2, which extraction then leaves present,
 * empty and already flagged): both semesters and the year. */
static int empty_unknown_row(hb_subject *s, rules_level level, hb_err *e)
{
    if (!any_value(s))
        return 0;
    if (level == RULES_LEVEL_PRIMARY)
        return flag_empty(&s->cn, e) ||
                       (rules_has(&s->ktdk1) && flag_empty(&s->ktdk2, e))
                   ? -1
                   : 0;
    return flag_empty(&s->hk1, e) || flag_empty(&s->hk2, e) ||
                   flag_empty(&s->cn, e)
               ? -1
               : 0;
}

/* A row is expected to hold results when the form always prints it, or
 * when it holds some of them (a row half read is a row half lost).  An
 * elective row printed but not taken stays quiet. */
static int empty_subject(hb_subject *s, hb_family fam, int grade,
                         rules_level level, hb_err *e)
{
    hb_kind k = catalog_subject_kind(s->code, fam);
    if (k == HB_KIND_NONE)
        return empty_unknown_row(s, level, e);
    if (!(on_form(s->code, fam, grade) || any_value(s)))
        return 0;
    if (fam == HB_FAMILY_TT58 || fam == HB_FAMILY_TT22) {
        /* Semester and year results are all written for every subject. */
        if (flag_empty(&s->hk1, e) || flag_empty(&s->hk2, e) ||
            flag_empty(&s->cn, e))
            return -1;
        return 0;
    }
    /* Primary (TT27/TT30): the year-end level, and the year-end test of a
     * tested subject, are what the book must hold. */
    if (flag_empty(&s->cn, e))
        return -1;
    if (k == HB_KIND_LEVEL_TEST && flag_empty(&s->ktdk2, e))
        return -1;
    return 0;
}

/* Nonzero when some subject has a value for that semester (0 HK1, 1 HK2):
 * then the semester was assessed and its overall results must be there. */
static int term_assessed(const hb_year *y, int term)
{
    for (size_t i = 0; i < y->n_subjects; i++)
        if (rules_has(term ? &y->subjects[i].hk2 : &y->subjects[i].hk1))
            return 1;
    return 0;
}

static int empty_term3(hb_term3 *t, const hb_year *y, hb_err *e)
{
    if (flag_empty(&t->cn, e))
        return -1;
    if (term_assessed(y, 0) && flag_empty(&t->hk1, e))
        return -1;
    if (term_assessed(y, 1) && flag_empty(&t->hk2, e))
        return -1;
    return 0;
}

int rules_check_empty(hb_record *r, hb_err *e)
{
    hb_year *y = &r->year;
    hb_family fam = record_family(r);
    /* Every page header and the personal page carry these.  A student
     * always has a place of birth, an ethnicity and a home, so an empty
     * read of those lines is a faded or missed value, not a blank one
     * (the parents' lines may be blank: a guardian instead, an orphan). */
    hb_field *always[] = { &r->student.ho_ten,   &r->student.ngay_sinh,
                           &r->student.gioi_tinh, &r->student.noi_sinh,
                           &r->student.dan_toc,  &r->student.cho_o,
                           &y->nam_hoc,          &y->lop };
    for (size_t i = 0; i < COUNT(always); i++)
        if (flag_empty(always[i], e))
            return -1;
    /* A row of the schooling history names a school year at a school: the
     * student was in some class that year, so a class read empty beside
     * them is a missed value, and so is a school beside a year or a class
     * (a handwritten school name read as nothing at 80: seed 777).  (The
     * registration number and the date of entry are written only on a row
     * that starts at a new school.) */
    for (size_t i = 0; i < r->student.n_history; i++) {
        hb_history *h = &r->student.history[i];
        if ((rules_has(&h->nam_hoc) || rules_has(&h->truong)) &&
            flag_empty(&h->lop, e))
            return -1;
        if ((rules_has(&h->nam_hoc) || rules_has(&h->lop)) &&
            flag_empty(&h->truong, e))
            return -1;
    }
    int grade = rules_lop_grade(y->lop.value);
    rules_level level = rules_school_level(r);
    for (size_t i = 0; i < y->n_subjects; i++)
        if (empty_subject(&y->subjects[i], fam, grade, level, e))
            return -1;
    switch (fam) {
    case HB_FAMILY_TT58:
        return empty_term3(&y->hanh_kiem, y, e) ||
                       empty_term3(&y->hoc_luc, y, e)
                   ? -1
                   : 0;
    case HB_FAMILY_TT22:
        return empty_term3(&y->ren_luyen, y, e) ||
                       empty_term3(&y->ket_qua_hoc_tap, y, e)
                   ? -1
                   : 0;
    case HB_FAMILY_TT27:
    case HB_FAMILY_TT30:
        if (flag_empty(&y->ket_qua_hoc_tap.cn, e))
            return -1;
        for (size_t i = 0; i < y->n_pham_chat; i++)
            if (flag_empty(&y->pham_chat[i].value, e))
                return -1;
        for (size_t i = 0; i < y->n_nang_luc; i++)
            if (flag_empty(&y->nang_luc[i].value, e))
                return -1;
        return 0;
    default:
        return 0;
    }
}
