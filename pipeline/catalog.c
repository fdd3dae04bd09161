#include "catalog.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Kind shorthands, in hb_family order: UNKNOWN, TT58, TT22, TT27, TT30. */
#define N HB_KIND_NONE
#define S HB_KIND_SCORE
#define C HB_KIND_COMMENT
#define L HB_KIND_LEVEL
#define LT HB_KIND_LEVEL_TEST

/* domain.md, "Subject catalogue".  The variants are the spellings schools
 * actually print: "lí" and "lý" are both correct Vietnamese, "Hoá"/"Hóa"
 * differ only in where the tone mark sits, and a language class may be
 * labelled by the language ("Tiếng Anh") or by its slot ("Ngoại ngữ 1"). */
const hb_subject_def catalog_subjects[] = {
    { "TOAN", "Toán", { NULL }, { N, S, S, LT, LT } },
    { "NGUVAN", "Ngữ văn", { "Văn", NULL }, { N, S, S, N, N } },
    { "TIENGVIET", "Tiếng Việt", { NULL }, { N, N, N, LT, LT } },
    { "VATLI", "Vật lí", { "Vật lý", NULL }, { N, S, S, N, N } },
    { "HOAHOC", "Hóa học", { "Hoá học", NULL }, { N, S, S, N, N } },
    { "SINHHOC", "Sinh học", { NULL }, { N, S, S, N, N } },
    { "LICHSU", "Lịch sử", { NULL }, { N, S, S, N, N } },
    { "DIALI", "Địa lí", { "Địa lý", NULL }, { N, S, S, N, N } },
    { "LSDL", "Lịch sử và Địa lí", { "Lịch sử và Địa lý", "Lịch sử - Địa lí", NULL },
      { N, N, S, LT, LT } },
    { "KHTN", "Khoa học tự nhiên", { NULL }, { N, N, S, N, N } },
    { "KHOAHOC", "Khoa học", { NULL }, { N, N, N, LT, LT } },
    { "NGOAINGU", "Ngoại ngữ", { "Ngoại ngữ 1", "Tiếng Anh", "Tiếng Pháp",
                                 "Tiếng Nga", "Tiếng Trung", NULL },
      { N, S, S, LT, LT } },
    { "NGOAINGU2", "Ngoại ngữ 2", { NULL }, { N, N, S, N, N } },
    { "GDCD", "Giáo dục công dân", { "GDCD", NULL }, { N, S, S, N, N } },
    { "GDKTPL", "Giáo dục kinh tế và pháp luật", { NULL }, { N, N, S, N, N } },
    { "CONGNGHE", "Công nghệ", { NULL }, { N, S, S, N, N } },
    { "TINHOC", "Tin học", { NULL }, { N, S, S, N, N } },
    { "TINHOCCN", "Tin học và Công nghệ", { NULL }, { N, N, N, LT, N } },
    { "GDQPAN", "Giáo dục quốc phòng và an ninh", { "GDQP-AN", "GDQP và AN", NULL },
      { N, S, S, N, N } },
    { "THEDUC", "Thể dục", { NULL }, { N, C, N, N, L } },
    { "GDTC", "Giáo dục thể chất", { NULL }, { N, N, C, L, N } },
    { "AMNHAC", "Âm nhạc", { NULL }, { N, C, N, L, L } },
    { "MITHUAT", "Mĩ thuật", { "Mỹ thuật", NULL }, { N, C, N, L, L } },
    { "NGHETHUAT", "Nghệ thuật", { "Nghệ thuật (Âm nhạc, Mĩ thuật)",
                                   "Nghệ thuật (Âm nhạc, Mỹ thuật)", NULL },
      { N, N, C, N, N } },
    { "HDTN", "Hoạt động trải nghiệm, hướng nghiệp",
      { "Hoạt động trải nghiệm", "HĐTN, HN", NULL }, { N, N, C, L, N } },
    { "GDDP", "Nội dung giáo dục của địa phương",
      { "Giáo dục địa phương", NULL }, { N, N, C, N, N } },
    { "DAODUC", "Đạo đức", { NULL }, { N, N, N, L, L } },
    { "TNXH", "Tự nhiên và Xã hội", { NULL }, { N, N, N, L, L } },
    { "TIENGDANTOC", "Tiếng dân tộc thiểu số", { NULL }, { N, N, S, LT, N } },
    { NULL, NULL, { NULL }, { N, N, N, N, N } }
};

#undef N
#undef S
#undef C
#undef L
#undef LT

const hb_subject_def *catalog_find_subject(const char *code)
{
    for (const hb_subject_def *d = catalog_subjects; code && d->code; d++)
        if (strcmp(d->code, code) == 0)
            return d;
    return NULL;
}

/* Distance between the folded label and one folded printed name.  Labels
 * read from a cell often carry a stray mark from a ruling line ("| Toán"),
 * so non-letters at the ends are ignored. */
static size_t label_distance(const char *folded_label, const char *name)
{
    char *fn = text_fold(name);
    size_t d = fn ? text_distance(folded_label, fn) : (size_t)-1;
    free(fn);
    return d;
}

static char *trim_label(const char *label)
{
    char *f = text_fold(label);
    if (!f)
        return NULL;
    char *p = f;
    while (*p && !((*p >= 'a' && *p <= 'z') || (*p & 0x80)))
        p++;
    size_t n = strlen(p);
    while (n && !((p[n - 1] >= 'a' && p[n - 1] <= 'z') ||
                  (p[n - 1] >= '0' && p[n - 1] <= '9') || p[n - 1] == ')' ||
                  (p[n - 1] & 0x80)))
        n--;
    memmove(f, p, n);
    f[n] = '\0';
    return f;
}

const hb_subject_def *catalog_match_subject(const char *label, size_t max_dist,
                                            size_t *dist)
{
    char *fl = trim_label(label);
    const hb_subject_def *best = NULL;
    size_t best_d = (size_t)-1;
    if (!fl)
        return NULL;
    for (const hb_subject_def *d = catalog_subjects; d->code; d++) {
        size_t dd = label_distance(fl, d->name);
        for (int i = 0; i < 6 && d->variants[i]; i++) {
            size_t dv = label_distance(fl, d->variants[i]);
            if (dv < dd)
                dd = dv;
        }
        if (dd < best_d) {
            best_d = dd;
            best = d;
        }
    }
    /* Allow about one edit per five letters: enough for a lost hook or a
     * misread letter in "Giáo dục công dân", while "Tiếng Hàn" (a language
     * the catalogue does not list) stays two edits away from "Tiếng Anh"
     * and is kept as an unknown row instead of being silently renamed. */
    size_t len = text_length(fl);
    free(fl);
    if (best_d > max_dist || best_d * 5 > len)
        return NULL;
    if (dist)
        *dist = best_d;
    return best;
}

hb_kind catalog_subject_kind(const char *code, hb_family f)
{
    const hb_subject_def *d = catalog_find_subject(code);
    if (!d || (unsigned)f > HB_FAMILY_TT30)
        return HB_KIND_NONE;
    return d->kind[f];
}

/* ---- value sets ------------------------------------------------------- */

typedef struct word {
    const char *word;
    const char *abbrev[3]; /* what the paper may write instead */
} word;

static const word vs_comment[] = { { "Đạt", { "Đ", NULL } },
                                   { "Chưa đạt", { "CĐ", NULL } },
                                   { NULL, { NULL } } };
static const word vs_level[] = { { "Hoàn thành tốt", { "T", "HTT", NULL } },
                                 { "Hoàn thành", { "H", "HT", NULL } },
                                 { "Chưa hoàn thành", { "C", "CHT", NULL } },
                                 { NULL, { NULL } } };
static const word vs_hanh_kiem[] = { { "Tốt", { "T", NULL } },
                                     { "Khá", { "K", NULL } },
                                     { "Trung bình", { "TB", NULL } },
                                     { "Yếu", { "Y", NULL } },
                                     { NULL, { NULL } } };
static const word vs_hoc_luc[] = { { "Giỏi", { "G", NULL } },
                                   { "Khá", { "K", NULL } },
                                   { "Trung bình", { "TB", NULL } },
                                   { "Yếu", { "Y", NULL } },
                                   { "Kém", { "Kém", NULL } },
                                   { NULL, { NULL } } };
static const word vs_tt22[] = { { "Tốt", { "T", NULL } },
                                { "Khá", { "K", NULL } },
                                { "Đạt", { "Đ", NULL } },
                                { "Chưa đạt", { "CĐ", NULL } },
                                { NULL, { NULL } } };
static const word vs_pham_chat[] = { { "Tốt", { "T", NULL } },
                                     { "Đạt", { "Đ", NULL } },
                                     { "Cần cố gắng", { "C", "CCG", NULL } },
                                     { "Chưa đạt", { "CĐ", NULL } },
                                     { NULL, { NULL } } };
static const word vs_tt27_overall[] = {
    { "Hoàn thành xuất sắc", { "HTXS", NULL } },
    { "Hoàn thành tốt", { "HTT", NULL } },
    { "Hoàn thành", { "HT", NULL } },
    { "Chưa hoàn thành", { "CHT", NULL } },
    { NULL, { NULL } }
};
static const word vs_danh_hieu[] = { { "Học sinh Xuất sắc", { NULL } },
                                     { "Học sinh Giỏi", { NULL } },
                                     { "Học sinh Tiên tiến", { NULL } },
                                     { NULL, { NULL } } };
static const word vs_gioi_tinh[] = { { "Nam", { NULL } },
                                     { "Nữ", { NULL } },
                                     { NULL, { NULL } } };

static const word *const vs_words[HB_VS_COUNT] = {
    vs_comment, vs_level, vs_hanh_kiem, vs_hoc_luc, vs_tt22, vs_pham_chat,
    vs_tt27_overall, vs_danh_hieu, vs_gioi_tinh
};

#define WORDS(...) (const char *const[]){ __VA_ARGS__, NULL }
const char *const *const catalog_values[HB_VS_COUNT] = {
    WORDS("Đạt", "Chưa đạt"),
    WORDS("Hoàn thành tốt", "Hoàn thành", "Chưa hoàn thành"),
    WORDS("Tốt", "Khá", "Trung bình", "Yếu"),
    WORDS("Giỏi", "Khá", "Trung bình", "Yếu", "Kém"),
    WORDS("Tốt", "Khá", "Đạt", "Chưa đạt"),
    WORDS("Tốt", "Đạt", "Cần cố gắng", "Chưa đạt"),
    WORDS("Hoàn thành xuất sắc", "Hoàn thành tốt", "Hoàn thành",
          "Chưa hoàn thành"),
    WORDS("Học sinh Xuất sắc", "Học sinh Giỏi", "Học sinh Tiên tiến"),
    WORDS("Nam", "Nữ"),
};
#undef WORDS

static int folded_equal(const char *a, const char *b)
{
    char *fa = text_fold(a), *fb = text_fold(b);
    int eq = fa && fb && strcmp(fa, fb) == 0;
    free(fa);
    free(fb);
    return eq;
}

const char *catalog_canonical_value(hb_valueset vs, const char *text)
{
    if ((unsigned)vs >= HB_VS_COUNT || !text)
        return NULL;
    char *norm = text_normalize(text);
    const char *found = NULL;
    if (!norm)
        return NULL;
    /* Exact words first (with diacritics), then abbreviations exactly as
     * printed, and only then diacritic-insensitive words: "Đ" and "D" must
     * not be confused with each other by folding when both could mean
     * something. */
    for (const word *w = vs_words[vs]; !found && w->word; w++)
        if (strcmp(norm, w->word) == 0)
            found = w->word;
    for (const word *w = vs_words[vs]; !found && w->word; w++)
        for (int i = 0; i < 3 && w->abbrev[i]; i++)
            if (strcmp(norm, w->abbrev[i]) == 0)
                found = w->word;
    for (const word *w = vs_words[vs]; !found && w->word; w++)
        if (folded_equal(norm, w->word))
            found = w->word;
    /* Last, abbreviations without diacritics: OCR returns "Ð" (U+00D0) or
     * "D" for the "Đ" of a comment cell.  Within one value set no two
     * abbreviations fold to the same letters, so this cannot pick wrong. */
    for (const word *w = vs_words[vs]; !found && w->word; w++)
        for (int i = 0; i < 3 && w->abbrev[i]; i++)
            if (folded_equal(norm, w->abbrev[i]))
                found = w->word;
    free(norm);
    return found;
}

const char *catalog_abbrev(const char *canonical)
{
    static const struct { const char *w, *a; } abbrevs[] = {
        { "Đạt", "Đ" }, { "Chưa đạt", "CĐ" }, { "Hoàn thành tốt", "T" },
        { "Hoàn thành", "H" }, { "Chưa hoàn thành", "C" },
    };
    for (size_t i = 0; canonical && i < sizeof abbrevs / sizeof *abbrevs; i++)
        if (strcmp(canonical, abbrevs[i].w) == 0)
            return abbrevs[i].a;
    return canonical;
}

const char *const catalog_pham_chat_tt27[] = {
    "Yêu nước", "Nhân ái", "Chăm chỉ", "Trung thực", "Trách nhiệm", NULL
};
const char *const catalog_nang_luc_tt27[] = {
    "Tự chủ và tự học", "Giao tiếp và hợp tác",
    "Giải quyết vấn đề và sáng tạo", "Ngôn ngữ", "Tính toán", "Khoa học",
    "Công nghệ", "Tin học", "Thẩm mĩ", "Thể chất", NULL
};

/* The printed forms' standard rows.  Real books differ (electives, a
 * second language, a minority language); extraction keeps any extra row it
 * finds, these lists only say what a form normally holds. */
static const char *const tt58_thcs[] = {
    "TOAN", "VATLI", "HOAHOC", "SINHHOC", "NGUVAN", "LICHSU", "DIALI",
    "NGOAINGU", "GDCD", "CONGNGHE", "TINHOC", "THEDUC", "AMNHAC", "MITHUAT",
    NULL
};
static const char *const tt58_thpt[] = {
    "TOAN", "VATLI", "HOAHOC", "SINHHOC", "TINHOC", "NGUVAN", "LICHSU",
    "DIALI", "NGOAINGU", "GDCD", "CONGNGHE", "THEDUC", "GDQPAN", NULL
};
static const char *const tt22_thcs[] = {
    "NGUVAN", "TOAN", "NGOAINGU", "GDCD", "LSDL", "KHTN", "CONGNGHE",
    "TINHOC", "GDTC", "NGHETHUAT", "HDTN", "GDDP", NULL
};
static const char *const tt22_thpt[] = {
    "NGUVAN", "TOAN", "NGOAINGU", "LICHSU", "GDQPAN", "VATLI", "HOAHOC",
    "SINHHOC", "TINHOC", "GDTC", "HDTN", "GDDP", NULL
};
static const char *const tt27_g12[] = {
    "TIENGVIET", "TOAN", "DAODUC", "TNXH", "GDTC", "AMNHAC", "MITHUAT",
    "HDTN", NULL
};
static const char *const tt27_g3[] = {
    "TIENGVIET", "TOAN", "NGOAINGU", "DAODUC", "TNXH", "TINHOCCN", "GDTC",
    "AMNHAC", "MITHUAT", "HDTN", NULL
};
static const char *const tt27_g45[] = {
    "TIENGVIET", "TOAN", "NGOAINGU", "DAODUC", "LSDL", "KHOAHOC",
    "TINHOCCN", "GDTC", "AMNHAC", "MITHUAT", "HDTN", NULL
};
static const char *const tt30_g13[] = {
    "TIENGVIET", "TOAN", "DAODUC", "TNXH", "AMNHAC", "MITHUAT", "THEDUC",
    NULL
};
static const char *const tt30_g45[] = {
    "TIENGVIET", "TOAN", "NGOAINGU", "DAODUC", "KHOAHOC", "LSDL", "AMNHAC",
    "MITHUAT", "THEDUC", NULL
};

const char *const *catalog_form_subjects(hb_family f, int grade)
{
    switch (f) {
    case HB_FAMILY_TT58:
    case HB_FAMILY_TT22:
        if (grade >= 6 && grade <= 9)
            return f == HB_FAMILY_TT58 ? tt58_thcs : tt22_thcs;
        if (grade >= 10 && grade <= 12)
            return f == HB_FAMILY_TT58 ? tt58_thpt : tt22_thpt;
        return NULL;
    case HB_FAMILY_TT27:
        if (grade < 1 || grade > 5)
            return NULL;
        return grade <= 2 ? tt27_g12 : grade == 3 ? tt27_g3 : tt27_g45;
    case HB_FAMILY_TT30:
        if (grade < 1 || grade > 5)
            return NULL;
        return grade <= 3 ? tt30_g13 : tt30_g45;
    default:
        return NULL;
    }
}

const char *catalog_level_for_grade(int grade)
{
    if (grade >= 1 && grade <= 5)
        return "TH";
    if (grade >= 6 && grade <= 9)
        return "THCS";
    if (grade >= 10 && grade <= 12)
        return "THPT";
    return NULL;
}

/* The first school year (its starting year) in which each grade followed
 * the new regulations: TT27 in primary from 2020-2021 (grade 1) to
 * 2024-2025 (grade 5), TT22 in secondary from 2021-2022 (grade 6); grades 7
 * and 10 from 2022-2023, 8 and 11 from 2023-2024, 9 and 12 from 2024-2025.
 * Before that year the grade used TT30 (primary) or TT58 (secondary).  One
 * table for the rules (rule:che-do), the reader (a family no page names)
 * and the sample generator. */
static const int new_regulation_from[13] = {
    0, 2020, 2021, 2022, 2023, 2024, /* grades 1-5: TT27 */
    2021, 2022, 2023, 2024,          /* grades 6-9: TT22 */
    2022, 2023, 2024                 /* grades 10-12: TT22 */
};

hb_family catalog_family_for(int grade, int start_year)
{
    if (grade < 1 || grade > 12 || start_year < 1900)
        return HB_FAMILY_UNKNOWN;
    int is_new = start_year >= new_regulation_from[grade];
    if (grade <= 5)
        return is_new ? HB_FAMILY_TT27 : HB_FAMILY_TT30;
    return is_new ? HB_FAMILY_TT22 : HB_FAMILY_TT58;
}
