/*
 * layout.c - page kind, family, labelled values and table roles (see
 * layout.h).  Text outside the tables is found as rows of ink chunks
 * (layout_text.c would be the place if this grows), each chunk read once
 * with the `vie` engine; everything else works on those words and on the
 * tables' heading texts.
 */
#include "layout.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "fields.h"
#include "text.h"

const char *layout_page_kind_name(hb_page_kind k)
{
    static const char *const names[] = { "unknown", "personal", "subjects",
                                         "results", "single", "continued" };
    return (unsigned)k < sizeof names / sizeof *names ? names[k] : "unknown";
}

/* ---- folded tokens ------------------------------------------------------ */

/* Folds `s` and keeps only letters, digits and single blanks: "Xã/Phường:"
 * -> "xa phuong".  Caller frees. */
static char *fold_tokens(const char *s)
{
    char *f = text_fold(s ? s : "");
    if (!f)
        return NULL;
    char *o = f;
    int space = 1;
    /* folding leaves Vietnamese in ASCII; what is left beyond it is OCR
     * debris (a stray "ˆ" or "‹"), not part of a label */
    for (const char *p = f; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (isalnum(ch)) {
            *o++ = (char)ch;
            space = 0;
        } else if (!space) {
            *o++ = ' ';
            space = 1;
        }
    }
    while (o > f && o[-1] == ' ')
        o--;
    *o = '\0';
    return f;
}

/* Nonzero when folded token text `hay` contains the folded phrase `needle`
 * as whole tokens, allowing about one edit per five letters. */
static int phrase_in(const char *hay, const char *needle)
{
    size_t nl = strlen(needle);
    if (!nl)
        return 0;
    int nt = 1;
    for (const char *p = needle; *p; p++)
        nt += *p == ' ';
    size_t tol = nl / 5;
    /* windows of nt tokens of hay */
    const char *starts[256];
    int ns = 0;
    for (const char *p = hay; *p && ns < 256; p++)
        if (p == hay || p[-1] == ' ')
            starts[ns++] = p;
    for (int i = 0; i + nt <= ns; i++) {
        const char *a = starts[i];
        const char *b = i + nt < ns ? starts[i + nt] - 1 : hay + strlen(hay);
        size_t len = (size_t)(b - a);
        if (len + tol < nl || len > nl + tol)
            continue;
        char buf[256];
        if (len >= sizeof buf)
            continue;
        memcpy(buf, a, len);
        buf[len] = '\0';
        if (strcmp(buf, needle) == 0 || (tol && text_distance(buf, needle) <= tol))
            return 1;
    }
    return 0;
}

/* ---- family --------------------------------------------------------------- */

hb_family layout_family_from_text(const char *text)
{
    char digits[128];
    size_t n = 0;
    for (const char *p = text ? text : ""; *p && n + 1 < sizeof digits; p++)
        if (*p >= '0' && *p <= '9')
            digits[n++] = *p;
    digits[n] = '\0';
    /* Only number/year pairs the regulations carry, as written on the
     * forms ("58/2011/TT-BGDĐT"); the slash is often lost to OCR. */
    static const struct {
        const char *num;
        hb_family f;
    } regs[] = { { "582011", HB_FAMILY_TT58 }, { "222021", HB_FAMILY_TT22 },
                 { "272020", HB_FAMILY_TT27 }, { "222016", HB_FAMILY_TT30 },
                 { "302014", HB_FAMILY_TT30 } };
    for (size_t i = 0; i < sizeof regs / sizeof *regs; i++)
        if (strstr(digits, regs[i].num))
            return regs[i].f;
    return HB_FAMILY_UNKNOWN;
}


static int term3_read(const hb_term3 *t)
{
    return (t->hk1.value && *t->hk1.value) || (t->hk2.value && *t->hk2.value) ||
           (t->cn.value && *t->cn.value);
}

hb_family layout_family_from_content(const hb_record *r, int start_year)
{
    if (!r)
        return HB_FAMILY_UNKNOWN;
    int tt58 = 0, tt22 = 0, primary = 0;
    const hb_year *y = &r->year;
    for (size_t i = 0; i < y->n_subjects; i++) {
        const char *c = y->subjects[i].code;
        if (!c)
            continue;
        if (!strcmp(c, "KHTN") || !strcmp(c, "GDKTPL") ||
            !strcmp(c, "NGHETHUAT") || !strcmp(c, "GDDP"))
            tt22++;
        else if (!strcmp(c, "THEDUC"))
            tt58++;
        else if (!strcmp(c, "TIENGVIET") || !strcmp(c, "DAODUC") ||
                 !strcmp(c, "TNXH") || !strcmp(c, "KHOAHOC") ||
                 !strcmp(c, "TINHOCCN"))
            primary++;
    }
    /* HĐTN and LSDL are TT22's in secondary school and TT27's too */
    for (size_t i = 0; i < y->n_subjects && !primary; i++) {
        const char *c = y->subjects[i].code;
        if (c && (!strcmp(c, "LSDL") || !strcmp(c, "HDTN")))
            tt22++;
    }
    tt58 += term3_read(&y->hanh_kiem) || term3_read(&y->hoc_luc);
    tt22 += term3_read(&y->ren_luyen);
    primary += y->n_pham_chat > 0 || y->n_nang_luc > 0;
    if ((tt58 > 0) + (tt22 > 0) + (primary > 0) != 1)
        return HB_FAMILY_UNKNOWN;
    if (tt58)
        return HB_FAMILY_TT58;
    if (tt22)
        return HB_FAMILY_TT22;
    /* TT27 came in grade by grade from 2020-21 (grade 1) to 2024-25 */
    return start_year >= 1900 && start_year < 2020 ? HB_FAMILY_TT30
                                                   : HB_FAMILY_TT27;
}

/* ---- tables --------------------------------------------------------------- */

hb_table_kind layout_table_kind(const char *head_text)
{
    char *f = fold_tokens(head_text);
    hb_table_kind k = HB_TABLE_OTHER;
    if (!f)
        return k;
    if (phrase_in(f, "mon hoc"))
        k = HB_TABLE_SUBJECTS;
    else if (phrase_in(f, "hanh kiem") || phrase_in(f, "hoc luc") ||
             phrase_in(f, "ket qua ren luyen"))
        k = HB_TABLE_CONDUCT;
    else if (phrase_in(f, "pham chat"))
        k = HB_TABLE_PHAM_CHAT;
    else if (phrase_in(f, "nang luc"))
        k = HB_TABLE_NANG_LUC;
    else if (phrase_in(f, "nam hoc") &&
             (phrase_in(f, "dang bo") || phrase_in(f, "nhap hoc")))
        k = HB_TABLE_HISTORY;
    free(f);
    return k;
}

/* Which term a heading names: 1 (HK I, Học kỳ I, Cuối HK I), 2 (HK II),
 * 3 (Cả năm, CN, Cuối năm), 0 none.  OCR reads the bold roman numerals in
 * many ways ("Il", "11", "H" for II; "l", "1", "t" for I), so what follows
 * "HK" / "Học kỳ" is judged by how many upright strokes it can be. */
static int term_of(const char *f)
{
    /* the year's column: "Cả năm", "TB cả năm", "Cuối năm", "CN", "TBCN" */
    if (phrase_in(f, "ca nam") || phrase_in(f, "cuoi nam") ||
        strcmp(f, "cn") == 0 || strcmp(f, "tbcn") == 0 ||
        strcmp(f, "tb cn") == 0)
        return 3;
    const char *rest = NULL;
    const char *k = strstr(f, "hk");
    if (k)
        rest = k + 2;
    else if ((k = strstr(f, "hoc ky")) || (k = strstr(f, "hoc ki")))
        rest = k + 6;
    if (!rest)
        return 0;
    while (*rest == ' ')
        rest++;
    char r[8];
    size_t n = 0;
    while (*rest && *rest != ' ' && n + 1 < sizeof r)
        r[n++] = *rest++;
    r[n] = '\0';
    static const char *const one[] = { "i", "l", "1", "t", "j", "f", "|", NULL };
    static const char *const two[] = { "ii", "il", "li", "ll", "11", "1l", "l1",
                                       "i1", "1i", "h", "u", "n", "it", "ti",
                                       "tt", "ij", "ji", NULL };
    for (int i = 0; one[i]; i++)
        if (!strcmp(r, one[i]))
            return 1;
    for (int i = 0; two[i]; i++)
        if (!strcmp(r, two[i]))
            return 2;
    return 0;
}

int layout_term_of(const char *text)
{
    char *f = fold_tokens(text);
    int t = f ? term_of(f) : 0;
    free(f);
    return t;
}

hb_col_role layout_column_role(hb_table_kind kind, const char *group,
                               const char *head)
{
    char *g = fold_tokens(group ? group : "");
    char *h = fold_tokens(head ? head : "");
    hb_col_role role = HB_COL_NONE;
    if (!g || !h)
        goto done;
    switch (kind) {
    case HB_TABLE_SUBJECTS: {
        /* the remark column's heading also says "giáo viên môn học", so
         * it is recognised before the label column's "Môn học" */
        if (phrase_in(h, "lai") && (phrase_in(h, "kiem tra") ||
                                    phrase_in(h, "danh gia") ||
                                    strstr(h, "kt")))
        {
            role = HB_COL_DGL;
            break;
        }
        if (phrase_in(h, "nhan xet")) {
            role = HB_COL_NX;
            break;
        }
        if (phrase_in(h, "ky xac nhan") || phrase_in(h, "giao vien bo mon"))
            break; /* the subject teacher's signature */
        if (phrase_in(h, "mon hoc") || phrase_in(h, "hoat dong giao duc")) {
            role = HB_COL_LABEL;
            break;
        }
        int t = term_of(h);
        int ktdk = strstr(g, "ktdk") || phrase_in(g, "kiem tra") ||
                   strstr(h, "ktdk");
        if (ktdk)
            role = t == 1 ? HB_COL_KTDK1 : t == 3 || t == 2 ? HB_COL_KTDK2
                                                            : HB_COL_NONE;
        else
            role = t == 1 ? HB_COL_HK1 : t == 2 ? HB_COL_HK2
                   : t == 3 ? HB_COL_CN : HB_COL_NONE;
        break;
    }
    case HB_TABLE_CONDUCT:
        if (phrase_in(h, "hanh kiem") || phrase_in(h, "ren luyen"))
            role = HB_COL_CONDUCT;
        else if (phrase_in(h, "hoc luc") || phrase_in(h, "hoc tap"))
            role = HB_COL_LEARNING;
        else if (phrase_in(h, "nghi"))
            role = HB_COL_DAYS;
        else if (phrase_in(h, "hoc ky") || phrase_in(h, "hoc ki"))
            role = HB_COL_LABEL;
        break;
    case HB_TABLE_PHAM_CHAT:
    case HB_TABLE_NANG_LUC:
        if (phrase_in(h, "muc dat duoc") || phrase_in(h, "muc"))
            role = HB_COL_LEVEL;
        else if (phrase_in(h, "pham chat") || phrase_in(h, "nang luc"))
            role = HB_COL_LABEL;
        break;
    case HB_TABLE_HISTORY:
        if (phrase_in(h, "nam hoc"))
            role = HB_COL_NAM_HOC;
        else if (phrase_in(h, "truong"))
            role = HB_COL_TRUONG;
        else if (phrase_in(h, "dang bo"))
            role = HB_COL_SO_DANG_BO;
        else if (phrase_in(h, "nhap hoc"))
            role = HB_COL_NGAY_NHAP_HOC;
        else if (phrase_in(h, "lop"))
            role = HB_COL_LOP;
        break;
    default:
        break;
    }
done:
    free(g);
    free(h);
    return role;
}

int layout_is_number_heading(const char *head)
{
    char *h = fold_tokens(head ? head : "");
    int yes = h && (!strcmp(h, "tt") || !strcmp(h, "stt") ||
                    !strcmp(h, "so tt") || !strcmp(h, "so thu tu") ||
                    !strcmp(h, "thu tu"));
    free(h);
    return yes;
}

/* OCR loses or adds the blanks between short words ("Ngữvăn"): the label
 * and the names compared with no blanks at all, one edit per five letters,
 * a unique best. */
static const hb_subject_def *match_without_blanks(const char *folded,
                                                  size_t *dist)
{
    char a[256];
    size_t n = 0;
    for (const char *p = folded; *p && n + 1 < sizeof a; p++)
        if (*p != ' ')
            a[n++] = *p;
    a[n] = '\0';
    const hb_subject_def *best = NULL;
    size_t bd = (size_t)-1;
    int tie = 0;
    for (const hb_subject_def *c = catalog_subjects; n >= 3 && c->code; c++) {
        size_t cd = (size_t)-1;
        for (int i = -1; i < 6; i++) {
            const char *name = i < 0 ? c->name : c->variants[i];
            if (!name)
                break;
            char *fn = fold_tokens(name);
            if (!fn)
                continue;
            char b[256];
            size_t m = 0;
            for (const char *p = fn; *p && m + 1 < sizeof b; p++)
                if (*p != ' ')
                    b[m++] = *p;
            b[m] = '\0';
            free(fn);
            size_t dd = text_distance(a, b);
            if (dd < cd)
                cd = dd;
        }
        if (cd < bd) {
            bd = cd;
            best = c;
            tie = 0;
        } else if (cd == bd) {
            tie = 1;
        }
    }
    if (!best || tie || bd * 5 > n)
        return NULL;
    if (dist)
        *dist = bd;
    return best;
}

const hb_subject_def *layout_match_subject(const char *label, size_t *dist)
{
    /* The catalogue allows about one edit per five letters itself; three
     * edits at most keeps "Tiếng Hàn" (not listed) from becoming
     * "Tiếng Anh". */
    char *clean = fold_tokens(label);
    const hb_subject_def *d = clean ? catalog_match_subject(clean, 3, dist)
                                    : NULL;
    if (!d && clean)
        d = match_without_blanks(clean, dist);
    free(clean);
    if (d)
        return d;
    /* A long name wrapped in a narrow cell may have lost its second line
     * (or read it badly): a long enough first part that is the beginning
     * of exactly one name ("Nội dung giáo dục của" ...) names it. */
    char *fl = fold_tokens(label);
    if (!fl)
        return NULL;
    size_t len = strlen(fl);
    const hb_subject_def *best = NULL;
    size_t bd = (size_t)-1;
    int ties = 0;
    for (const hb_subject_def *c = catalog_subjects; len >= 12 && c->code; c++) {
        for (int i = -1; i < 6; i++) {
            const char *name = i < 0 ? c->name : c->variants[i];
            if (!name)
                break;
            char *fn = fold_tokens(name);
            if (!fn)
                continue;
            if (strlen(fn) > len + 2) {
                fn[len] = '\0';
                size_t dd = text_distance(fl, fn);
                if (dd < bd) {
                    bd = dd;
                    best = c;
                    ties = 0;
                } else if (dd == bd && best != c) {
                    ties++;
                }
            }
            free(fn);
        }
    }
    free(fl);
    if (!best || ties || bd * 6 > len)
        return NULL;
    if (dist)
        *dist = bd + 1; /* a partial match is never a sure one */
    return best;
}

const char *layout_match_muc(const char *label, int competence)
{
    const char *const *names =
        competence ? catalog_nang_luc_tt27 : catalog_pham_chat_tt27;
    char *fl = fold_tokens(label);
    if (!fl)
        return NULL;
    const char *best = NULL;
    size_t bd = (size_t)-1;
    for (int i = 0; names[i]; i++) {
        char *fn = fold_tokens(names[i]);
        if (!fn)
            continue;
        size_t d = text_distance(fl, fn);
        if (d < bd) {
            bd = d;
            best = names[i];
        }
        free(fn);
    }
    size_t len = strlen(fl);
    free(fl);
    return best && bd * 5 <= len ? best : NULL;
}

/* ---- labels ------------------------------------------------------------- */

typedef struct label_def {
    const char *tokens; /* folded */
    const char *path;
    hb_field_kind kind;
    hb_valueset vs;
    int res;        /* a year's result by term (RES_*): the path is
                       chosen by the term the line names */
    int need_colon; /* words that also occur in values and remarks:
                       1 a label with its colon, at the row's start or
                       after another label's colon; 2 ("lên lớp", also a
                       value written alone) only with its colon; 3 (the
                       results: "Học lực tiến bộ" opens a remark) with
                       its colon or after a term ("Học kỳ I  Hạnh kiểm") */
} label_def;

/* The year's results written as lines: "Hạnh kiểm: Tốt", per term ("Học
 * kỳ I:  Hạnh kiểm: Tốt  Học lực: Khá") or per result ("Hạnh kiểm:  HK I:
 * Tốt  HK II: Tốt  Cả năm: Tốt"). */
enum { RES_NONE = 0, RES_HANH_KIEM, RES_HOC_LUC, RES_REN_LUYEN, RES_HOC_TAP };
static const char *const res_paths[5][3] = {
    { NULL, NULL, NULL },
#define R_(k) { "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/" k "/HOC_KY_1", \
                "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/" k "/HOC_KY_2", \
                "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/" k "/CA_NAM" }
    R_("HANH_KIEM"), R_("HOC_LUC"), R_("REN_LUYEN"), R_("KET_QUA_HOC_TAP")
#undef R_
};

#define Y_ "THONG_TIN_HOC_BA/"
#define T_ "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/"
/* Each printer words the labels its own way (samples/render_variant.c
 * draws the wordings met in books): all of a label's wordings are here,
 * the longest first where one holds another, so that no word of a label
 * is left in its value ("Mã số trường:" is not "Trường:" after "Mã số",
 * "Giới tính (nam, nữ):" leaves no "nam" to read as the value). */
static const label_def labels[] = {
    { "ho va ten nguoi giam ho", "LY_LICH/HO_TEN_NGUOI_GIAM_HO", HB_FK_NAME, 0, 0, 0 },
    { "ho ten nguoi giam ho", "LY_LICH/HO_TEN_NGUOI_GIAM_HO", HB_FK_NAME, 0, 0, 0 },
    { "nguoi giam ho", "LY_LICH/HO_TEN_NGUOI_GIAM_HO", HB_FK_NAME, 0, 0, 0 },
    { "ho va ten cha", "LY_LICH/HO_TEN_CHA", HB_FK_NAME, 0, 0, 0 },
    { "ho ten cha", "LY_LICH/HO_TEN_CHA", HB_FK_NAME, 0, 0, 0 },
    { "cha", "LY_LICH/HO_TEN_CHA", HB_FK_NAME, 0, 0, 1 },
    { "ho va ten me", "LY_LICH/HO_TEN_ME", HB_FK_NAME, 0, 0, 0 },
    { "ho ten me", "LY_LICH/HO_TEN_ME", HB_FK_NAME, 0, 0, 0 },
    { "me", "LY_LICH/HO_TEN_ME", HB_FK_NAME, 0, 0, 1 },
    { "ho va ten hoc sinh", "LY_LICH/HO_TEN", HB_FK_NAME, 0, 0, 0 },
    { "ho ten hoc sinh", "LY_LICH/HO_TEN", HB_FK_NAME, 0, 0, 0 },
    { "ho va ten", "LY_LICH/HO_TEN", HB_FK_NAME, 0, 0, 0 },
    /* "(Ký và ghi rõ họ tên)" under every signature is no name label */
    { "ho ten", "LY_LICH/HO_TEN", HB_FK_NAME, 0, 0, 1 },
    { "gioi tinh nam nu", "LY_LICH/GIOI_TINH", HB_FK_LEVEL, HB_VS_GIOI_TINH, 0, 0 },
    { "gioi tinh", "LY_LICH/GIOI_TINH", HB_FK_LEVEL, HB_VS_GIOI_TINH, 0, 0 },
    { "ngay thang nam sinh", "LY_LICH/NGAY_SINH", HB_FK_DATE, 0, 0, 0 },
    { "sinh ngay", "LY_LICH/NGAY_SINH", HB_FK_DATE, 0, 0, 0 },
    { "ngay sinh", "LY_LICH/NGAY_SINH", HB_FK_DATE, 0, 0, 0 },
    { "con liet si con thuong binh benh binh", "LY_LICH/DOI_TUONG", HB_FK_PLACE, 0, 0, 0 },
    { "noi o hien nay", "LY_LICH/CHO_O", HB_FK_PLACE, 0, 0, 0 },
    { "cho o hien nay", "LY_LICH/CHO_O", HB_FK_PLACE, 0, 0, 0 },
    { "ma so dinh danh ca nhan", "LY_LICH/MA_DINH_DANH", HB_FK_ID12, 0, 0, 0 },
    { "ma dinh danh", "LY_LICH/MA_DINH_DANH", HB_FK_ID12, 0, 0, 0 },
    { "ma so hoc sinh", "LY_LICH/MA_HOC_SINH", HB_FK_CODE, 0, 0, 0 },
    { "ma so truong", "CO_SO_GIAO_DUC/MA_TRUONG", HB_FK_CODE, 0, 0, 0 },
    { "ten truong", "CO_SO_GIAO_DUC/TEN_TRUONG", HB_FK_PLACE, 0, 0, 0 },
    { "nghe", "LY_LICH/NGHE_NGHIEP_CHA", HB_FK_PLACE, 0, 0, 1 },
    { "xet len lop", "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/LEN_LOP", HB_FK_PLACE, 0, 0, 0 },
    /* "Lên lớp" is also the value written alone: only with its colon */
    { "len lop", "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/LEN_LOP", HB_FK_PLACE, 0, 0, 2 },
    { "danh hieu thi dua", "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/DANH_HIEU",
      HB_FK_LEVEL, HB_VS_DANH_HIEU, 0, 0 },
    { "khen thuong neu co", "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/DANH_HIEU",
      HB_FK_LEVEL, HB_VS_DANH_HIEU, 0, 0 },
    { "tong so buoi nghi hoc ca nam", "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/SO_BUOI_NGHI",
      HB_FK_INT, 0, 0, 0 },
    { "so buoi nghi hoc", "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/SO_BUOI_NGHI", HB_FK_INT, 0, 0, 0 },
    { "so buoi nghi", "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/SO_BUOI_NGHI", HB_FK_INT, 0, 0, 0 },
    { "ket qua danh gia giao duc", "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/KET_QUA_HOC_TAP/CA_NAM",
      HB_FK_LEVEL, HB_VS_TT27_OVERALL, 0, 0 },
    { "ket qua giao duc", "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/KET_QUA_HOC_TAP/CA_NAM",
      HB_FK_LEVEL, HB_VS_TT27_OVERALL, 0, 0 },
    { "hanh kiem", "", HB_FK_LEVEL, HB_VS_HANH_KIEM, RES_HANH_KIEM, 3 },
    { "hoc luc", "", HB_FK_LEVEL, HB_VS_HOC_LUC, RES_HOC_LUC, 3 },
    { "ket qua ren luyen", "", HB_FK_LEVEL, HB_VS_TT22_RESULT, RES_REN_LUYEN, 3 },
    { "ket qua hoc tap", "", HB_FK_LEVEL, HB_VS_TT22_RESULT, RES_HOC_TAP, 3 },
    { "dan toc", "LY_LICH/DAN_TOC", HB_FK_PLACE, 0, 0, 0 },
    { "noi sinh", "LY_LICH/NOI_SINH", HB_FK_PLACE, 0, 0, 0 },
    { "doi tuong con liet si con thuong binh", "LY_LICH/DOI_TUONG", HB_FK_PLACE, 0, 0, 0 },
    { "doi tuong", "LY_LICH/DOI_TUONG", HB_FK_PLACE, 0, 0, 0 },
    { "cho o hien tai", "LY_LICH/CHO_O", HB_FK_PLACE, 0, 0, 0 },
    { "so dinh danh ca nhan", "LY_LICH/MA_DINH_DANH", HB_FK_ID12, 0, 0, 0 },
    { "ma hoc sinh", "LY_LICH/MA_HOC_SINH", HB_FK_CODE, 0, 0, 0 },
    /* "Nghề nghiệp:" follows the parent's name on the same line */
    { "nghe nghiep", "LY_LICH/NGHE_NGHIEP_CHA", HB_FK_PLACE, 0, 0, 0 },
    { "ma truong", "CO_SO_GIAO_DUC/MA_TRUONG", HB_FK_CODE, 0, 0, 0 },
    { "truong", "CO_SO_GIAO_DUC/TEN_TRUONG", HB_FK_PLACE, 0, 0, 0 },
    { "xa phuong", "CO_SO_GIAO_DUC/XA_PHUONG", HB_FK_PLACE, 0, 0, 0 },
    { "tinh thanh pho", "CO_SO_GIAO_DUC/TINH", HB_FK_PLACE, 0, 0, 0 },
    { "lop", Y_ "LOP", HB_FK_CLASS, 0, 0, 0 },
    { "nam hoc", Y_ "NAM_HOC", HB_FK_SCHOOL_YEAR, 0, 0, 0 },
    { "ket qua len lop", T_ "LEN_LOP", HB_FK_PLACE, 0, 0, 0 },
    { "danh hieu", T_ "DANH_HIEU", HB_FK_LEVEL, HB_VS_DANH_HIEU, 0, 0 },
    { "danh gia ket qua giao duc", T_ "KET_QUA_HOC_TAP/CA_NAM", HB_FK_LEVEL,
      HB_VS_TT27_OVERALL, 0, 0 },
    { "khen thuong", T_ "DANH_HIEU", HB_FK_LEVEL, HB_VS_DANH_HIEU, 0, 0 },
    { "hoan thanh chuong trinh lop hoc chuong trinh tieu hoc", T_ "LEN_LOP",
      HB_FK_PLACE, 0, 0, 0 },
    { "hoan thanh chuong trinh lop hoc", T_ "LEN_LOP", HB_FK_PLACE, 0, 0, 0 },
    { "tong so buoi nghi hoc", T_ "SO_BUOI_NGHI", HB_FK_INT, 0, 0, 0 },
    { NULL, NULL, 0, 0, 0, 0 }
};
#undef Y_
#undef T_

/* A row's words as folded tokens, each knowing its word. */
typedef struct tok {
    char *t;
    int word;
    int colon_after; /* the word ends with ':' after this token */
} tok;

static void toks_free(tok *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(t[i].t);
    free(t);
}

static int row_tokens(const hb_text_row *row, tok **out, size_t *n)
{
    size_t cap = 16, k = 0;
    tok *t = malloc(cap * sizeof *t);
    if (!t)
        return -1;
    for (size_t w = 0; w < row->n_words; w++) {
        char *f = fold_tokens(row->words[w].text);
        if (!f) {
            toks_free(t, k);
            return -1;
        }
        const char *raw = row->words[w].text;
        size_t rl = strlen(raw);
        int colon = rl && (raw[rl - 1] == ':' ||
                           (rl > 1 && raw[rl - 2] == ':'));
        if (!colon && w + 1 < row->n_words &&
            strcmp(row->words[w + 1].text, ":") == 0)
            colon = 1;
        char *save = NULL;
        size_t first = k;
        for (char *p = strtok_r(f, " ", &save); p; p = strtok_r(NULL, " ", &save)) {
            if (k == cap) {
                tok *g = realloc(t, 2 * cap * sizeof *t);
                if (!g) {
                    free(f);
                    toks_free(t, k);
                    return -1;
                }
                t = g;
                cap *= 2;
            }
            t[k].t = text_dup(p);
            t[k].word = (int)w;
            t[k].colon_after = 0;
            if (!t[k].t) {
                free(f);
                toks_free(t, k);
                return -1;
            }
            k++;
        }
        if (k > first)
            t[k - 1].colon_after = colon;
        free(f);
    }
    *out = t;
    *n = k;
    return 0;
}

/* 2: equal, 1: one edit apart (both long enough that one edit does not
 * make another word), 0: different. */
static int tok_match(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return 2;
    size_t la = strlen(a), lb = strlen(b);
    if (la < 5 || lb < 5)
        return 0;
    return text_distance(a, b) <= 1;
}

/* Tokens of label `d` matched at t[i...]: the count of row tokens used, 0
 * when it does not match.  *fuzzy is set when a token matched only
 * approximately. */
static size_t label_at(const label_def *d, const tok *t, size_t n, size_t i,
                       int *fuzzy)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", d->tokens);
    char *save = NULL;
    size_t k = i;
    *fuzzy = 0;
    for (char *p = strtok_r(buf, " ", &save); p; p = strtok_r(NULL, " ", &save)) {
        int m = k < n ? tok_match(t[k].t, p) : 0;
        if (!m)
            return 0;
        *fuzzy |= m == 1;
        k++;
    }
    return k - i;
}

static hb_box box_union(hb_box a, hb_box b)
{
    if (a.w <= 0 || a.h <= 0)
        return b;
    if (b.w <= 0 || b.h <= 0)
        return a;
    int x0 = a.x < b.x ? a.x : b.x, y0 = a.y < b.y ? a.y : b.y;
    int x1 = a.x + a.w > b.x + b.w ? a.x + a.w : b.x + b.w;
    int y1 = a.y + a.h > b.y + b.h ? a.y + a.h : b.y + b.h;
    return (hb_box){ x0, y0, x1 - x0, y1 - y0 };
}

/* A word with no letter and no digit: leader dots, a colon, a bracket left
 * over from the label. */
static int is_filler(const char *w)
{
    char *f = fold_tokens(w);
    int filler = !f || !*f;
    free(f);
    return filler;
}

static int push_hit(hb_label_hit **hits, size_t *n, const hb_label_hit *h)
{
    hb_label_hit *g = realloc(*hits, (*n + 1) * sizeof *g);
    if (!g)
        return -1;
    *hits = g;
    g[(*n)++] = *h;
    return 0;
}

/* Joins words [a, b) skipping fillers. */
static char *join_range(const hb_text_row *row, size_t a, size_t b,
                        hb_box *box, float *conf)
{
    size_t len = 1;
    for (size_t w = a; w < b; w++)
        len += strlen(row->words[w].text) + 1;
    char *s = malloc(len);
    if (!s)
        return NULL;
    s[0] = '\0';
    *box = (hb_box){ 0, 0, 0, 0 };
    float mn = 100;
    int any = 0;
    for (size_t w = a; w < b; w++) {
        if (is_filler(row->words[w].text))
            continue;
        if (any)
            strcat(s, " ");
        strcat(s, row->words[w].text);
        *box = box_union(*box, row->words[w].box);
        if (row->words[w].conf < mn)
            mn = row->words[w].conf;
        any = 1;
    }
    *conf = any ? mn : 0;
    return s;
}

/* A term named on a results line at t[i]: "Học kỳ I", "Học kì II", "HK
 * I", "HKII", "Cả năm", "TB cả năm", "CN", "TBCN" (1, 2, 3; *used its
 * tokens), 0 for none.  Called only on a line that names a result
 * ("Hạnh kiểm:"), where these words are terms with or without a colon. */
static int term_label_at(const tok *t, size_t n, size_t i, size_t *used)
{
    size_t u = 0;
    if (!strcmp(t[i].t, "cn") || !strcmp(t[i].t, "tbcn")) {
        *used = 1;
        return 3;
    }
    if (!strcmp(t[i].t, "tb") && i + 2 < n && !strcmp(t[i + 1].t, "ca") &&
        !strcmp(t[i + 2].t, "nam")) {
        *used = 3;
        return 3;
    }
    if (!strcmp(t[i].t, "ca") && i + 1 < n && !strcmp(t[i + 1].t, "nam"))
        u = 2;
    else if (!strcmp(t[i].t, "hoc") && i + 2 < n &&
             (!strcmp(t[i + 1].t, "ky") || !strcmp(t[i + 1].t, "ki")))
        u = 3;
    else if (!strcmp(t[i].t, "hk") && i + 1 < n)
        u = 2;
    else if (!strncmp(t[i].t, "hk", 2) && t[i].t[2])
        u = 1;
    if (!u)
        return 0;
    char buf[64] = "";
    for (size_t k = i; k < i + u; k++) {
        strncat(buf, t[k].t, sizeof buf - strlen(buf) - 2);
        if (k + 1 < i + u)
            strcat(buf, " ");
    }
    if (u == 1) { /* "hkii" -> "hk ii" */
        char b2[72];
        snprintf(b2, sizeof b2, "hk %s", buf + 2);
        memcpy(buf, b2, sizeof buf - 1);
        buf[sizeof buf - 1] = '\0';
    }
    int term = term_of(buf);
    if (term)
        *used = u;
    return term;
}

/* A one-word label whose colon OCR lost is still a label when it starts
 * its row ("Trường THCS ...") or, for the class, when a class follows it
 * ("Lớp 2C" in the header line). */
static int label_without_colon(const label_def *d, const tok *t, size_t nt,
                               size_t i, const hb_text_row *row)
{
    if (t[i].word == 0)
        return 1;
    if (strcmp(d->tokens, "lop") == 0 && i + 1 < nt) {
        char *cls = NULL;
        int g = 0;
        hb_parse rc = fields_parse_class(row->words[t[i + 1].word].text, &cls, &g);
        free(cls);
        return rc == HB_PARSE_OK;
    }
    return 0;
}

int layout_find_labels(const hb_text_row *row, hb_label_hit **hits,
                       size_t *n, hb_err *e)
{
    tok *t = NULL;
    size_t nt = 0;
    if (row_tokens(row, &t, &nt))
        return err_set(e, HB_ENOMEM, "layout: out of memory");
    /* label starts: (token index, def, tokens used); a term named on a
     * results line ("Học kỳ I:", "HK II:", "Cả năm:") has no def, its
     * term in `term` */
    struct found {
        size_t at, used;
        const label_def *d;
        int term;
    } found[16];
    int nf = 0;
    int results_row = 0;
    for (size_t i = 0; i < nt; i++)
        for (const label_def *d = labels; d->tokens && !results_row; d++) {
            int fz;
            results_row = d->res && label_at(d, t, nt, i, &fz) > 0 && !fz;
        }
    for (size_t i = 0; i < nt && nf < 16;) {
        size_t tu = 0;
        int term = results_row ? term_label_at(t, nt, i, &tu) : 0;
        if (term) {
            found[nf++] = (struct found){ i, tu, NULL, term };
            i += tu;
            continue;
        }
        const label_def *best = NULL;
        size_t bu = 0;
        int bfuzzy = 0;
        for (const label_def *d = labels; d->tokens; d++) {
            int fz;
            size_t u = label_at(d, t, nt, i, &fz);
            if (u > bu) {
                bu = u;
                best = d;
                bfuzzy = fz;
            }
        }
        /* A one-word label ("Lớp", "Trường") also occurs inside free text,
         * and a misread word can look like a label ("Nội Tỉnh" like "Nơi
         * sinh"): those count only with their colon.  An exact label of
         * several words is specific enough, and OCR drops a colon now and
         * then. */
        if (best && (bu == 1 || bfuzzy) && !t[i + bu - 1].colon_after &&
            !(bu == 1 && !bfuzzy && label_without_colon(best, t, nt, i, row)))
            best = NULL;
        /* words that occur in values too: with their colon, or (not
         * "lên lớp", a value of its own) opening the row or following
         * another label's colon */
        int after_term = nf > 0 && !found[nf - 1].d &&
                         found[nf - 1].at + found[nf - 1].used == i;
        if (best && best->need_colon && !t[i + bu - 1].colon_after &&
            (best->need_colon == 2 ||
             (best->need_colon == 3 && !after_term) ||
             (best->need_colon == 1 &&
              !(t[i].word == 0 || (i > 0 && t[i - 1].colon_after)))))
            best = NULL;
        if (best) {
            found[nf++] = (struct found){ i, bu, best, 0 };
            i += bu;
        } else {
            i++;
        }
    }
    int rc = 0;
    int row_term = 0;   /* the term a results line opened with */
    int kind_res = 0;   /* the result a line per result opened with */
    const label_def *kind_def = NULL;
    for (int k = 0; k < nf && !rc; k++) {
        const label_def *d = found[k].d;
        size_t w0 = (size_t)t[found[k].at].word;
        size_t wl = (size_t)t[found[k].at + found[k].used - 1].word;
        size_t wend = k + 1 < nf ? (size_t)t[found[k + 1].at].word
                                 : row->n_words;
        hb_label_hit h = { 0 };
        if (!d) {
            /* a term: after a result with no value of its own ("Hạnh
             * kiểm:  HK I: Tốt ..."), the value of that result in this
             * term; else the term of the results after it */
            if (!kind_res) {
                row_term = found[k].term;
                continue;
            }
            d = kind_def;
            h.path = res_paths[kind_res][found[k].term - 1];
        } else if (d->res) {
            int next_term = k + 1 < nf && !found[k + 1].d;
            if (next_term && wend == wl + 1) {
                kind_res = d->res; /* its values follow per term */
                kind_def = d;
                continue;
            }
            kind_res = 0;
            h.path = res_paths[d->res][row_term ? row_term - 1 : 2];
        } else {
            kind_res = 0;
            h.path = d->path;
        }
        h.kind = d->kind;
        h.vs = d->vs;
        /* "Nghề nghiệp" belongs to the parent named before it */
        if (strcmp(d->path, "LY_LICH/NGHE_NGHIEP_CHA") == 0 && k > 0 &&
            found[k - 1].d &&
            strcmp(found[k - 1].d->path, "LY_LICH/HO_TEN_ME") == 0)
            h.path = "LY_LICH/NGHE_NGHIEP_ME";
        for (size_t w = w0; w <= wl; w++)
            h.label = box_union(h.label, row->words[w].box);
        size_t v0 = wl + 1;
        /* the rest of a label with a bracket ("(con liệt sĩ, ...):") is
         * not the value, however OCR read its dots; its last word may
         * carry the value glued to the colon ("...):Con"), see below */
        size_t glue = wl;
        while (v0 < wend) {
            const char *t = row->words[v0].text;
            const char *c = strrchr(t, ':');
            int glued = c && c[1] && !is_filler(c + 1);
            if (!strchr(t, ')') && !(c && !c[1]))
                break;
            if (strlen(t) > 5 && !glued)
                break;
            glue = v0++;
            if (glued)
                break;
        }
        h.line_text = join_range(row, v0, wend, &h.value, &h.line_conf);
        if (!h.line_text) {
            rc = -1;
            break;
        }
        /* OCR glued the value to the label's colon ("sinh:4050857145"):
         * the word's part after the colon is the value's start */
        const hb_word *lw = &row->words[glue];
        const char *colon = strrchr(lw->text, ':');
        int glued_x = -1;
        if (colon && colon[1] && !is_filler(colon + 1)) {
            size_t before = text_length(lw->text) - text_length(colon + 1);
            size_t all = text_length(lw->text);
            glued_x = lw->box.x + (int)((long)lw->box.w * (long)before / (long)all);
            size_t len = strlen(colon + 1) + strlen(h.line_text) + 2;
            char *joined = malloc(len);
            if (!joined) {
                free(h.line_text);
                rc = -1;
                break;
            }
            snprintf(joined, len, "%s%s%s", colon + 1, *h.line_text ? " " : "",
                     h.line_text);
            free(h.line_text);
            h.line_text = joined;
            hb_box gb = { glued_x, lw->box.y, lw->box.x + lw->box.w - glued_x,
                          lw->box.h };
            h.value = box_union(h.value, gb);
            h.label.w = glued_x - h.label.x;
        }
        /* the value may sit anywhere up to the next label */
        int x0 = h.label.x + h.label.w;
        if (v0 > wl + 1) /* past the label's bracketed tail */
            x0 = row->words[v0 - 1].box.x + row->words[v0 - 1].box.w;
        int x1 = wend < row->n_words ? row->words[wend].box.x
                                     : row->box.x + row->box.w;
        h.area = (hb_box){ x0, row->box.y, x1 > x0 ? x1 - x0 : 0, row->box.h };
        if (h.value.w > 0)
            h.area = box_union(h.area, h.value);
        if (push_hit(hits, n, &h)) {
            free(h.line_text);
            rc = -1;
        }
    }
    toks_free(t, nt);
    return rc ? err_set(e, HB_ENOMEM, "layout: out of memory") : 0;
}

/* ---- text rows ------------------------------------------------------------ */

static int cmp_box_y(const void *a, const void *b)
{
    const hb_box *x = a, *y = b;
    return (x->y + x->h / 2) - (y->y + y->h / 2);
}

static int cmp_box_x(const void *a, const void *b)
{
    const hb_box *x = a, *y = b;
    return x->x - y->x;
}

/* Ink chunks outside the ruled tables (one-cell frames excepted: the remark
 * box holds text, not a table).  Leader dots and specks do not make or
 * stretch a chunk; diacritics join their letters. */
static int find_chunks(const hb_page_img *pg, const hb_grid *grids,
                       size_t n_grids, hb_box **out, size_t *n)
{
    int dpi = pg->dpi;
    PIX *m = pixCopy(NULL, pg->bin);
    if (!m)
        return -1;
    for (size_t i = 0; i < n_grids; i++) {
        const hb_grid *g = &grids[i];
        if (g->n_rows <= 1 && g->n_cols <= 1)
            continue;
        BOX *b = boxCreate(g->bounds.x - 3, g->bounds.y - 3, g->bounds.w + 6,
                           g->bounds.h + 6);
        pixClearInRect(m, b);
        boxDestroy(&b);
    }
    int dot = dpi / 60 + 1; /* leader dots are ~0.25 mm */
    PIX *big = pixSelectBySize(m, dot + 1, dot + 1, 8, L_SELECT_IF_EITHER,
                               L_SELECT_IF_GT, NULL);
    pixDestroy(&m);
    if (!big)
        return -1;
    PIX *closed = pixCloseSafeBrick(NULL, big, dpi / 12, dpi / 25);
    pixDestroy(&big);
    if (!closed)
        return -1;
    BOXA *ba = pixConnComp(closed, NULL, 8);
    pixDestroy(&closed);
    if (!ba)
        return -1;
    int nb = boxaGetCount(ba);
    hb_box *bx = malloc(sizeof *bx * (size_t)(nb ? nb : 1));
    size_t k = 0;
    for (int i = 0; bx && i < nb; i++) {
        l_int32 x, y, w, h;
        boxaGetBoxGeometry(ba, i, &x, &y, &w, &h);
        /* text is taller than a speck and lower than a stamp */
        if (h < dpi / 30 || h > dpi / 2 || w < dpi / 40)
            continue;
        bx[k++] = (hb_box){ x, y, w, h };
    }
    boxaDestroy(&ba);
    if (!bx)
        return -1;
    *out = bx;
    *n = k;
    return 0;
}

static void rows_free(hb_text_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        hb_ocr_text t = { .words = rows[i].words, .n_words = rows[i].n_words };
        recognize_text_free(&t);
    }
    free(rows);
}

/* Groups chunks into rows (vertical overlap), reads each chunk. */
static int read_rows(hb_recognizer *r, const hb_page_img *pg, hb_box *ch,
                     size_t nch, hb_text_row **out, size_t *nrows, hb_err *e)
{
    qsort(ch, nch, sizeof *ch, cmp_box_y);
    hb_text_row *rows = NULL;
    size_t nr = 0;
    size_t i = 0;
    int rc = 0;
    while (i < nch && !rc) {
        /* a row: chunks whose vertical middle lies inside the first
         * chunk's band */
        size_t j = i + 1;
        int top = ch[i].y, bot = ch[i].y + ch[i].h;
        while (j < nch) {
            int mid = ch[j].y + ch[j].h / 2;
            if (mid < top || mid > bot)
                break;
            j++;
        }
        qsort(ch + i, j - i, sizeof *ch, cmp_box_x);
        hb_text_row row = { 0 };
        for (size_t k = i; k < j && !rc; k++) {
            row.box = box_union(row.box, ch[k]);
            /* the chunk was found without dot-sized marks: a full stop or
             * a comma after the last letter lies just outside it */
            int pad = pg->dpi / 60, tail = pg->dpi / 25;
            hb_box reg = { ch[k].x - pad, ch[k].y - pad,
                           ch[k].w + pad + tail, ch[k].h + 2 * pad };
            hb_ocr_text t;
            if (recognize_region(r, HB_ENGINE_TEXT, pg, reg,
                                 1.0f, 7 /* PSM_SINGLE_LINE */, NULL, &t, e)) {
                rc = -1;
                break;
            }
            if (t.n_words) {
                hb_word *g = realloc(row.words,
                                     (row.n_words + t.n_words) * sizeof *g);
                if (!g) {
                    recognize_text_free(&t);
                    rc = err_set(e, HB_ENOMEM, "layout: out of memory");
                    break;
                }
                row.words = g;
                memcpy(row.words + row.n_words, t.words,
                       t.n_words * sizeof *g);
                row.n_words += t.n_words;
                free(t.words);
                t.words = NULL;
                t.n_words = 0;
            }
            recognize_text_free(&t);
        }
        if (!rc && row.n_words) {
            hb_text_row *g = realloc(rows, (nr + 1) * sizeof *g);
            if (!g) {
                rc = err_set(e, HB_ENOMEM, "layout: out of memory");
            } else {
                rows = g;
                rows[nr++] = row;
                row.words = NULL;
            }
        }
        if (row.words) {
            hb_ocr_text left = { .words = row.words, .n_words = row.n_words };
            recognize_text_free(&left);
        }
        i = j;
    }
    if (rc) {
        rows_free(rows, nr);
        return -1;
    }
    *out = rows;
    *nrows = nr;
    return 0;
}

/* The row's text, folded to tokens. */
static char *row_folded(const hb_text_row *row)
{
    size_t len = 1;
    for (size_t w = 0; w < row->n_words; w++)
        len += strlen(row->words[w].text) + 1;
    char *s = malloc(len);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (size_t w = 0; w < row->n_words; w++) {
        if (w)
            strcat(s, " ");
        strcat(s, row->words[w].text);
    }
    char *f = fold_tokens(s);
    free(s);
    return f;
}

/* ---- special values: the approval date and name, the remark ------------ */

static int row_has(const hb_text_row *row, const char *phrase)
{
    char *f = row_folded(row);
    int yes = f && phrase_in(f, phrase);
    free(f);
    return yes;
}

/* Nonzero when one of the row's words folds exactly to `word`. */
static int row_has_word(const hb_text_row *row, const char *word)
{
    for (size_t w = 0; w < row->n_words; w++) {
        char *f = fold_tokens(row->words[w].text);
        int eq = f && strcmp(f, word) == 0;
        free(f);
        if (eq)
            return 1;
    }
    return 0;
}

/* "Hà Nội, ngày 25 tháng 5 năm 2020": the words from "ngày" on, when they
 * hold digits (the personal page prints the same line with dots). */
static int find_date_line(const hb_text_row *row, hb_label_hit **hits,
                          size_t *n)
{
    size_t start = row->n_words;
    int thang = 0, nam = 0, digits = 0;
    for (size_t w = 0; w < row->n_words; w++) {
        char *f = fold_tokens(row->words[w].text);
        if (!f)
            return -1;
        if (start == row->n_words && strcmp(f, "ngay") == 0)
            start = w;
        else if (start < w && strcmp(f, "thang") == 0)
            thang = 1;
        else if (start < w && strcmp(f, "nam") == 0)
            nam = 1;
        for (const char *p = f; start < w && *p; p++)
            digits += *p >= '0' && *p <= '9';
        free(f);
    }
    if (start == row->n_words || !thang || !nam || digits < 4)
        return 0;
    hb_label_hit h = { 0 };
    h.path = "THONG_TIN_HOC_BA/PHE_DUYET/NGAY";
    h.kind = HB_FK_DATE;
    h.label = row->words[start].box;
    h.line_text = join_range(row, start, row->n_words, &h.value, &h.line_conf);
    if (!h.line_text)
        return -1;
    h.area = h.value;
    if (push_hit(hits, n, &h)) {
        free(h.line_text);
        return -1;
    }
    return 0;
}


/* Nonzero when the row's words look like a person's name: two to six
 * words, each starting with a capital letter. */
static int looks_like_name(const hb_text_row *row, size_t a, size_t b)
{
    size_t words = 0;
    for (size_t w = a; w < b; w++) {
        const char *t = row->words[w].text;
        if (is_filler(t))
            continue;
        /* a capital letter, then letters only ("Đặng", "Thùy") */
        const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)t;
        utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(t);
        int first = 1, ok = 1, letters = 0;
        while (left > 0 && ok) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t k = utf8proc_iterate(p, left, &cp);
            if (k <= 0)
                return 0;
            utf8proc_category_t c = utf8proc_category(cp);
            if (first)
                ok = c == UTF8PROC_CATEGORY_LU;
            else
                ok = (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
                     c == UTF8PROC_CATEGORY_MN;
            letters++;
            first = 0;
            p += k;
            left -= k;
        }
        if (!ok || letters < 1)
            return 0;
        words++;
    }
    return words >= 2 && words <= 6;
}

/* The words of `row` from the one folding to `first` (followed by one
 * folding to `second`, when given) to the one folding to `last`; their box
 * in *box.  0 when absent. */
static int phrase_box(const hb_text_row *row, const char *first,
                      const char *second, const char *last, hb_box *box)
{
    for (size_t w = 0; w < row->n_words; w++) {
        char *f = fold_tokens(row->words[w].text);
        char *g = second && w + 1 < row->n_words
                      ? fold_tokens(row->words[w + 1].text) : NULL;
        int hit = f && !strcmp(f, first) && (!second || (g && !strcmp(g, second)));
        free(f);
        free(g);
        if (!hit)
            continue;
        *box = row->words[w].box;
        for (size_t k = w + 1; k < row->n_words && k < w + 8; k++) {
            *box = box_union(*box, row->words[k].box);
            char *h = fold_tokens(row->words[k].text);
            int end = h && !strcmp(h, last);
            free(h);
            if (end)
                break;
        }
        return 1;
    }
    return 0;
}

/* The principal's name: the first row under the approval heading ("PHÊ
 * DUYỆT / XÁC NHẬN CỦA HIỆU TRƯỞNG") that looks like a name, in the
 * heading's column, past the date line, the title "HIỆU TRƯỞNG" and its
 * signature caption (the stamp often hides those). */
static int find_approval_name(const hb_layout *l, hb_label_hit **hits,
                              size_t *n)
{
    size_t head = l->n_rows;
    hb_box col = { 0, 0, 0, 0 };
    for (size_t i = 0; i < l->n_rows && head == l->n_rows; i++) {
        const hb_text_row *row = &l->rows[i];
        if ((row_has(row, "phe duyet cua hieu truong") ||
             row_has(row, "xac nhan cua hieu truong")) &&
            (phrase_box(row, "phe", "duyet", "truong", &col) ||
             phrase_box(row, "xac", "nhan", "truong", &col)))
            head = i;
    }
    if (head >= l->n_rows)
        return 0;
    int cx0 = col.x - col.w / 2, cx1 = col.x + col.w + col.w / 2;
    for (size_t i = head + 1; i < l->n_rows; i++) {
        const hb_text_row *row = &l->rows[i];
        /* only the words in the approval's column: the remark box may
         * share the row on a single-page form */
        size_t a = 0, b = row->n_words;
        while (a < b && row->words[a].box.x + row->words[a].box.w < cx0)
            a++;
        while (b > a && row->words[b - 1].box.x > cx1)
            b--;
        if (a == b)
            continue;
        hb_text_row part = { row->box, row->words + a, b - a };
        /* the date line ("tháng" exactly: a name may be "Thành") */
        if (row_has(&part, "hieu truong") || row_has(&part, "ky ghi ro") ||
            row_has_word(&part, "thang") || !looks_like_name(row, a, b))
            continue;
        hb_label_hit h = { 0 };
        h.path = "THONG_TIN_HOC_BA/PHE_DUYET/HO_TEN";
        h.kind = HB_FK_NAME;
        h.label = col;
        h.line_text = join_range(row, a, b, &h.value, &h.line_conf);
        if (!h.line_text)
            return -1;
        h.area = h.value;
        if (push_hit(hits, n, &h)) {
            free(h.line_text);
            return -1;
        }
        return 0;
    }
    return 0;
}

/* The homeroom teacher's remark: the text under the remark heading, inside
 * its framed box (down to the box's signature caption), and left of the
 * approval column when the single-page form puts the two side by side. */
static int find_remark(const hb_layout *l, int dpi, hb_label_hit **hits,
                       size_t *n)
{
    size_t head = l->n_rows;
    /* "Nhận xét của giáo viên chủ nhiệm", or "... của GVCN" */
    for (size_t i = 0; i < l->n_rows && head == l->n_rows; i++)
        if (row_has(&l->rows[i], "nhan xet cua giao vien chu nhiem") ||
            row_has(&l->rows[i], "nhan xet cua gvcn"))
            head = i;
    if (head == l->n_rows)
        return 0;
    const hb_box hb = l->rows[head].box;
    int top = hb.y + hb.h, bottom = top + dpi * 30 / 25; /* box: ~26 mm */
    int right = 1 << 30;
    for (size_t i = head + 1; i < l->n_rows; i++) {
        const hb_text_row *row = &l->rows[i];
        if (row->box.y >= bottom)
            break;
        if (row_has(row, "ky va ghi ro ho ten")) {
            bottom = row->box.y;
            break;
        }
    }
    /* The approval column, when the single-page form puts it beside the
     * remark: its heading ("PHÊ DUYỆT ..."), its title ("HIỆU TRƯỞNG")
     * and its date line ("<place>, ngày ...") start right of the remark
     * box.  Rows hold words of both, so only those words count. */
    for (size_t i = 0; i < l->n_rows; i++) {
        const hb_text_row *row = &l->rows[i];
        if (row->box.y + row->box.h < hb.y - dpi / 10 || row->box.y > bottom)
            continue;
        for (size_t w = 0; w < row->n_words; w++) {
            char *f = fold_tokens(row->words[w].text);
            char *g = w + 1 < row->n_words ? fold_tokens(row->words[w + 1].text)
                                           : NULL;
            int start = -1;
            if (f && g && (!strcmp(f, "phe") || !strcmp(f, "xac")) &&
                (!strcmp(g, "duyet") || !strcmp(g, "nhan")))
                start = (int)w;
            else if (f && g && !strcmp(f, "hieu") && !strcmp(g, "truong"))
                start = (int)w;
            else if (f && !strcmp(f, "ngay")) {
                /* the place name before "ngày" belongs to the date line */
                start = (int)w;
                while (start > 0 &&
                       row->words[start].box.x -
                               (row->words[start - 1].box.x +
                                row->words[start - 1].box.w) < dpi / 12)
                    start--;
            }
            free(f);
            free(g);
            if (start >= 0 && row->words[start].box.x > hb.x &&
                row->words[start].box.x - dpi / 50 < right)
                right = row->words[start].box.x - dpi / 50;
        }
    }
    hb_label_hit h = { 0 };
    h.path = "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/NHAN_XET_GVCN";
    h.kind = HB_FK_TEXT;
    h.label = hb;
    size_t len = 1;
    for (size_t i = 0; i < l->n_rows; i++)
        for (size_t w = 0; w < l->rows[i].n_words; w++)
            len += strlen(l->rows[i].words[w].text) + 1;
    h.line_text = malloc(len);
    if (!h.line_text)
        return -1;
    h.line_text[0] = '\0';
    h.line_conf = 100;
    for (size_t i = head + 1; i < l->n_rows; i++) {
        const hb_text_row *row = &l->rows[i];
        if (row->box.y >= bottom)
            break;
        size_t a = 0, b = row->n_words;
        while (b > a && row->words[b - 1].box.x >= right)
            b--;
        hb_box vb;
        float c;
        char *s = join_range(row, a, b, &vb, &c);
        if (!s) {
            free(h.line_text);
            return -1;
        }
        if (*s) {
            if (h.line_text[0])
                strcat(h.line_text, " ");
            strcat(h.line_text, s);
            h.value = box_union(h.value, vb);
            if (c < h.line_conf)
                h.line_conf = c;
        }
        free(s);
    }
    if (!h.line_text[0])
        h.line_conf = 0;
    h.area = h.value.w > 0 ? h.value : (hb_box){ hb.x, top, hb.w, bottom - top };
    if (push_hit(hits, n, &h)) {
        free(h.line_text);
        return -1;
    }
    return 0;
}

/* ---- tables' headings ----------------------------------------------------- */

/* Reads a heading cell's text (bold, often wrapped over two lines). */
static char *read_cell_text(hb_recognizer *r, const hb_page_img *pg,
                            hb_box cell, hb_err *e)
{
    hb_box ink;
    int inset = pg->dpi / 100 + 2;
    if (recognize_ink_box(pg->bin, cell, inset, &ink) < 20)
        return text_dup("");
    int pad = pg->dpi / 60;
    hb_box reg = { ink.x - pad, ink.y - pad, ink.w + 2 * pad, ink.h + 2 * pad };
    hb_ocr_text t;
    int multi = ink.h > pg->dpi / 6;
    if (recognize_region(r, HB_ENGINE_TEXT, pg, reg, 1.0f,
                         multi ? 6 /* PSM_SINGLE_BLOCK */ : 7, NULL, &t, e))
        return NULL;
    char *s = t.text;
    t.text = NULL;
    recognize_text_free(&t);
    return s;
}

/* The columns under one spanning heading of a subject table are always
 * printed in the same order: HK I, HK II, Cả năm (or, in TT27, the end of
 * semester I and the end of the year, for levels and for the periodic
 * tests).  Their own headings are small and bold and OCR garbles roman
 * numerals, so the order decides when the headings do not agree with it. */
static void order_term_columns(const hb_grid *g, int hr, char **txt,
                               hb_col_role *roles)
{
    int level_seen = 0;
    for (int col = 0; col < g->n_cols; col++) {
        const hb_cell *gc = NULL;
        size_t gi = 0;
        for (size_t i = 0; i < g->n_cells && !gc; i++) {
            const hb_cell *c = &g->cells[i];
            if (c->col == col && c->row < hr && c->row + c->rowspan < hr &&
                c->colspan >= 2) {
                gc = c;
                gi = i;
            }
        }
        if (!gc)
            continue; /* not under a group heading */
        char *f = fold_tokens(txt[gi] ? txt[gi] : "");
        int ktdk = f && (strstr(f, "ktdk") || phrase_in(f, "kiem tra"));
        int level = f && phrase_in(f, "muc dat duoc");
        free(f);
        int n = gc->colspan;
        hb_col_role want[3];
        if (n == 3) {
            want[0] = HB_COL_HK1;
            want[1] = HB_COL_HK2;
            want[2] = HB_COL_CN;
        } else if (n == 2 && (ktdk || (!level && level_seen))) {
            want[0] = HB_COL_KTDK1;
            want[1] = HB_COL_KTDK2;
        } else if (n == 2) {
            want[0] = HB_COL_HK1;
            want[1] = HB_COL_CN;
            level_seen = 1;
        } else {
            continue;
        }
        for (int k = 0; k < n && gc->col + k < g->n_cols; k++)
            roles[gc->col + k] = want[k];
        col = gc->col + n - 1;
    }
}

static int classify_table(hb_recognizer *r, const hb_page_img *pg,
                          const hb_grid *g, hb_table *t, hb_err *e)
{
    memset(t, 0, sizeof *t);
    t->grid = g;
    t->roles = calloc((size_t)(g->n_cols > 0 ? g->n_cols : 1), sizeof *t->roles);
    if (!t->roles)
        return err_set(e, HB_ENOMEM, "layout: out of memory");
    if (g->n_cells == 1) {
        t->kind = HB_TABLE_BOX;
        return 0;
    }
    /* heading rows: as many as the tallest cell of the first row spans */
    int hr = 1;
    for (size_t i = 0; i < g->n_cells; i++)
        if (g->cells[i].row == 0 && g->cells[i].rowspan > hr)
            hr = g->cells[i].rowspan;
    if (hr >= g->n_rows)
        hr = 1;
    t->header_rows = hr;
    /* texts of the heading cells, by cell */
    char **txt = calloc(g->n_cells, sizeof *txt);
    if (!txt)
        return err_set(e, HB_ENOMEM, "layout: out of memory");
    int rc = 0;
    size_t all_len = 1;
    for (size_t i = 0; i < g->n_cells && !rc; i++) {
        if (g->cells[i].row >= hr)
            continue;
        txt[i] = read_cell_text(r, pg, g->cells[i].box, e);
        if (!txt[i])
            rc = -1;
        else
            all_len += strlen(txt[i]) + 1;
    }
    if (!rc) {
        t->head_text = malloc(all_len);
        if (!t->head_text) {
            rc = err_set(e, HB_ENOMEM, "layout: out of memory");
        } else {
            t->head_text[0] = '\0';
            for (size_t i = 0; i < g->n_cells; i++)
                if (txt[i] && *txt[i]) {
                    strcat(t->head_text, txt[i]);
                    strcat(t->head_text, " ");
                }
        }
    }
    if (!rc) {
        t->kind = layout_table_kind(t->head_text);
        /* a two-column table of items and levels whose heading was lost:
         * the page decides later; here only the column roles */
        for (int c = 0; c < g->n_cols; c++) {
            const char *group = NULL, *head = NULL;
            for (size_t i = 0; i < g->n_cells; i++) {
                const hb_cell *cl = &g->cells[i];
                if (cl->row >= hr || c < cl->col || c >= cl->col + cl->colspan)
                    continue;
                if (cl->row + cl->rowspan >= hr)
                    head = txt[i];
                else
                    group = txt[i];
            }
            t->roles[c] = layout_column_role(t->kind, group, head);
        }
        if (t->kind == HB_TABLE_SUBJECTS)
            order_term_columns(g, hr, txt, t->roles);
        /* The rows' labels are in the column whose heading says so
         * ("Môn học"); when none does, in the first column -- unless that
         * one is a row-number column ("TT", "STT", "Số TT"): some
         * printers number the subjects, and a row named "3" would leave
         * its subject unread (the next column is the names then). */
        int have_label = 0;
        for (int c = 0; c < g->n_cols; c++)
            have_label |= t->roles[c] == HB_COL_LABEL;
        if (t->kind != HB_TABLE_HISTORY && t->kind != HB_TABLE_OTHER &&
            g->n_cols > 0 && !have_label) {
            int c0 = 0;
            for (size_t i = 0; i < g->n_cells; i++) {
                const hb_cell *cl = &g->cells[i];
                if (cl->col == 0 && cl->row < hr && cl->colspan == 1 &&
                    layout_is_number_heading(txt[i]))
                    c0 = 1;
            }
            if (c0 < g->n_cols && t->roles[c0] == HB_COL_NONE)
                t->roles[c0] = HB_COL_LABEL;
        }
    }
    for (size_t i = 0; i < g->n_cells; i++)
        free(txt[i]);
    free(txt);
    return rc;
}

/* ---- the page ------------------------------------------------------------- */

void layout_free(hb_layout *l)
{
    if (!l)
        return;
    rows_free(l->rows, l->n_rows);
    for (size_t i = 0; i < l->n_hits; i++)
        free(l->hits[i].line_text);
    free(l->hits);
    for (size_t i = 0; i < l->n_tables; i++) {
        free(l->tables[i].roles);
        free(l->tables[i].head_text);
    }
    free(l->tables);
    memset(l, 0, sizeof *l);
}

static hb_family family_from_tables(const hb_layout *l)
{
    for (size_t i = 0; i < l->n_tables; i++) {
        const hb_table *t = &l->tables[i];
        char *f = fold_tokens(t->head_text ? t->head_text : "");
        if (!f)
            continue;
        hb_family fam = HB_FAMILY_UNKNOWN;
        if (strstr(f, "ktdk") || phrase_in(f, "muc dat duoc") ||
            t->kind == HB_TABLE_PHAM_CHAT || t->kind == HB_TABLE_NANG_LUC)
            fam = HB_FAMILY_TT27;
        else if (phrase_in(f, "ket qua ren luyen") ||
                 phrase_in(f, "ket qua danh gia"))
            fam = HB_FAMILY_TT22;
        else if (phrase_in(f, "hanh kiem") ||
                 phrase_in(f, "diem trung binh hoac xep loai"))
            fam = HB_FAMILY_TT58;
        free(f);
        if (fam != HB_FAMILY_UNKNOWN)
            return fam;
    }
    return HB_FAMILY_UNKNOWN;
}

static hb_page_kind page_kind(const hb_layout *out);

/* The year's results written as lines come in the order of the terms (HK
 * I, HK II, the year), down the lines or across one.  OCR reads the
 * roman numeral of a term's name now and then with a stroke lost ("Học
 * kỳ I:" for "Học kỳ II:"), which would make two readings of term I and
 * none of term II: with three values of one result on the page, their
 * order says their terms. */
static void order_result_terms(hb_layout *l)
{
    for (int res = 1; res < 5; res++) {
        size_t idx[3];
        int n = 0;
        for (size_t i = 0; i < l->n_hits; i++)
            for (int t = 0; t < 3; t++)
                if (l->hits[i].path == res_paths[res][t]) {
                    if (n < 3)
                        idx[n] = i;
                    n++;
                }
        if (n != 3)
            continue;
        /* in reading order: down the page, then across a line */
        for (int a = 0; a < 3; a++)
            for (int b = a + 1; b < 3; b++) {
                const hb_box *x = &l->hits[idx[a]].label, *y = &l->hits[idx[b]].label;
                int below = y->y + y->h / 2 < x->y;
                int same_row = !(y->y > x->y + x->h || x->y > y->y + y->h);
                if (below || (same_row && y->x < x->x)) {
                    size_t t = idx[a];
                    idx[a] = idx[b];
                    idx[b] = t;
                }
            }
        for (int t = 0; t < 3; t++)
            l->hits[idx[t]].path = res_paths[res][t];
    }
}

int layout_page(hb_recognizer *r, const hb_page_img *pg, const hb_grid *grids,
                size_t n_grids, hb_layout *out, hb_err *e)
{
    memset(out, 0, sizeof *out);
    hb_box *ch = NULL;
    size_t nch = 0;
    if (find_chunks(pg, grids, n_grids, &ch, &nch))
        return err_set(e, HB_ENOMEM, "layout: cannot find text lines");
    int rc = read_rows(r, pg, ch, nch, &out->rows, &out->n_rows, e);
    free(ch);
    if (rc)
        return -1;
    for (size_t i = 0; i < out->n_rows && !rc; i++) {
        rc = layout_find_labels(&out->rows[i], &out->hits, &out->n_hits, e);
        if (!rc && find_date_line(&out->rows[i], &out->hits, &out->n_hits))
            rc = err_set(e, HB_ENOMEM, "layout: out of memory");
        if (!rc && out->family == HB_FAMILY_UNKNOWN) {
            char *f = row_folded(&out->rows[i]);
            if (f && (strstr(f, "thong tu") || strstr(f, "tt bgd"))) {
                char raw[512] = "";
                for (size_t w = 0; w < out->rows[i].n_words; w++) {
                    strncat(raw, out->rows[i].words[w].text,
                            sizeof raw - strlen(raw) - 2);
                    strcat(raw, " ");
                }
                out->family = layout_family_from_text(raw);
                out->family_from_text = out->family != HB_FAMILY_UNKNOWN;
            }
            free(f);
        }
    }
    if (!rc)
        order_result_terms(out);
    if (!rc && (find_approval_name(out, &out->hits, &out->n_hits) ||
                find_remark(out, pg->dpi, &out->hits, &out->n_hits)))
        rc = err_set(e, HB_ENOMEM, "layout: out of memory");
    if (!rc && n_grids) {
        out->tables = calloc(n_grids, sizeof *out->tables);
        if (!out->tables)
            rc = err_set(e, HB_ENOMEM, "layout: out of memory");
        for (size_t i = 0; !rc && i < n_grids; i++) {
            rc = classify_table(r, pg, &grids[i], &out->tables[i], e);
            out->n_tables = i + 1;
        }
    }
    if (rc) {
        layout_free(out);
        return -1;
    }
    if (out->family == HB_FAMILY_UNKNOWN)
        out->family = family_from_tables(out);
    double sum = 0;
    size_t nw = 0;
    for (size_t i = 0; i < out->n_rows; i++)
        for (size_t w = 0; w < out->rows[i].n_words; w++, nw++)
            sum += out->rows[i].words[w].conf;
    out->quality = nw ? (float)(sum / (double)nw) : 0;

    out->kind = page_kind(out);
    return 0;
}

/* ---- a table that goes on over the page ----------------------------------- */

void layout_table_shape(const hb_layout *l, int dpi, hb_table_shape *out)
{
    memset(out, 0, sizeof *out);
    out->kind = HB_TABLE_OTHER;
    if (!l || !l->n_tables)
        return;
    const hb_table *t = &l->tables[l->n_tables - 1];
    const hb_grid *g = t->grid;
    if (t->kind != HB_TABLE_SUBJECTS || !g || g->n_cols < 2 ||
        g->n_cols > HB_SHAPE_MAX_COLS)
        return;
    out->kind = t->kind;
    out->family = l->family;
    out->dpi = dpi > 0 ? dpi : 300;
    out->n_cols = g->n_cols;
    for (int c = 0; c <= g->n_cols; c++)
        out->col_x[c] = g->col_x[c] - g->col_x[0];
    for (int c = 0; c < g->n_cols; c++)
        out->roles[c] = t->roles[c];
}

/* The same columns: count, and every line where prev's is (scaled to this
 * page's resolution) within 1/12 inch or 1.5% of the width -- a scanner's
 * scale error and the skew left after deskewing stay well inside. */
static int same_columns(const hb_grid *g, int dpi, const hb_table_shape *prev)
{
    if (g->n_cols != prev->n_cols || prev->dpi <= 0)
        return 0;
    int width = g->col_x[g->n_cols] - g->col_x[0];
    int tol = dpi / 12;
    if (tol < width * 15 / 1000)
        tol = width * 15 / 1000;
    for (int c = 1; c <= g->n_cols; c++) {
        long want = (long)prev->col_x[c] * dpi / prev->dpi;
        if (labs((long)(g->col_x[c] - g->col_x[0]) - want) > tol)
            return 0;
    }
    return 1;
}

static int has_hit(const hb_layout *l, const char *path)
{
    for (size_t i = 0; i < l->n_hits; i++)
        if (!strcmp(l->hits[i].path, path))
            return 1;
    return 0;
}

int layout_continue_table(hb_layout *l, int dpi, const hb_table_shape *prev)
{
    if (!l || !prev || prev->kind != HB_TABLE_SUBJECTS || !l->n_tables)
        return 0;
    if (dpi <= 0)
        dpi = 300;
    hb_table *t = &l->tables[0];
    if (!t->grid || !same_columns(t->grid, dpi, prev))
        return 0;
    for (size_t i = 1; i < l->n_tables; i++)
        if (l->tables[i].kind == HB_TABLE_SUBJECTS)
            return 0; /* a subject table of its own: a new year's page */
    if (t->kind == HB_TABLE_SUBJECTS) {
        /* the headings printed again: only a page that does not open a
         * year (no school year, no name in a header) goes on */
        if (has_hit(l, "THONG_TIN_HOC_BA/NAM_HOC") ||
            has_hit(l, "LY_LICH/HO_TEN"))
            return 0;
    } else if (t->kind == HB_TABLE_OTHER) {
        /* headless: its first row is a subject row, its columns prev's */
        t->kind = HB_TABLE_SUBJECTS;
        t->header_rows = 0;
        for (int c = 0; c < t->grid->n_cols; c++)
            t->roles[c] = prev->roles[c];
    } else {
        return 0;
    }
    if (l->family == HB_FAMILY_UNKNOWN)
        l->family = prev->family;
    hb_page_kind k = page_kind(l);
    l->kind = k == HB_PAGE_SINGLE ? HB_PAGE_RESULTS : HB_PAGE_CONTINUED;
    return 1;
}

/* What the page is, from its tables and labels. */
static hb_page_kind page_kind(const hb_layout *out)
{
    int subjects = 0, results = 0, personal = 0;
    for (size_t i = 0; i < out->n_tables; i++) {
        hb_table_kind k = out->tables[i].kind;
        subjects |= k == HB_TABLE_SUBJECTS;
        results |= k == HB_TABLE_CONDUCT || k == HB_TABLE_PHAM_CHAT ||
                   k == HB_TABLE_NANG_LUC;
        personal |= k == HB_TABLE_HISTORY;
    }
    for (size_t i = 0; i < out->n_hits; i++) {
        const char *p = out->hits[i].path;
        personal |= !strcmp(p, "LY_LICH/NGAY_SINH") ||
                    !strcmp(p, "LY_LICH/NOI_SINH") ||
                    !strcmp(p, "LY_LICH/HO_TEN_CHA");
        results |= !strncmp(p, "THONG_TIN_HOC_BA/PHE_DUYET", 26) ||
                   !strncmp(p, "THONG_TIN_HOC_BA/TONG_KET_CA_NAM", 32);
    }
    return personal && !subjects ? HB_PAGE_PERSONAL
           : subjects && results ? HB_PAGE_SINGLE
           : subjects            ? HB_PAGE_SUBJECTS
           : results             ? HB_PAGE_RESULTS
                                 : HB_PAGE_UNKNOWN;
}
