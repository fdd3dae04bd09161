/*
 * layout_labels.c - the values a page announces with printed labels ("Họ và
 * tên:", "Năm học:", "Hạnh kiểm:"), found on the text rows layout.c read:
 * the label table, several labels to a line, labels without colons, the
 * year's results written as lines, the approval's date and name, and the
 * homeroom teacher's remark.
 */
#include "layout.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "fields.h"
#include "layout_int.h"
#include "text.h"

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
                       value written alone) with its colon or opening a
                       row that goes on; 3 (the results: "Học lực tiến
                       bộ" opens a remark) with its colon, next to a
                       term or before one of its values (colon_less_ok) */
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
        char *f = layout_fold_tokens(row->words[w].text);
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
        /* a short last word a stroke off ("Tỉnh (Thành phối):"), where
         * the words before it and the colon after it say it is the
         * label */
        char *rest = save && *save ? save : NULL;
        if (!m && k < n && !rest && k >= i + 2 && t[k].colon_after &&
            strlen(p) >= 3 && text_distance(t[k].t, p) == 1)
            m = 1;
        if (!m)
            return 0;
        *fuzzy |= m == 1;
        k++;
    }
    return k - i;
}

hb_box layout_box_union(hb_box a, hb_box b)
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
    char *f = layout_fold_tokens(w);
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
        *box = layout_box_union(*box, row->words[w].box);
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
    int term = layout_term_folded(buf);
    if (term)
        *used = u;
    return term;
}

/* Nonzero for the record paths of a parent's (or guardian's) name. */
static int is_parent_path(const char *path)
{
    return !strcmp(path, "LY_LICH/HO_TEN_CHA") || !strcmp(path, "LY_LICH/HO_TEN_ME") ||
           !strcmp(path, "LY_LICH/HO_TEN_NGUOI_GIAM_HO");
}

/* The parent whose name is written on the line just above `row` (the
 * last such label found on the page, at most about two lines up), or
 * NULL.  An occupation on a line of its own ("Nghề: Nội trợ") belongs to
 * the parent named on the line before it. */
static const hb_label_hit *parent_above(const hb_label_hit *hits, size_t n,
                                        const hb_text_row *row)
{
    for (size_t i = n; i-- > 0;) {
        const hb_box *b = &hits[i].label;
        if (b->y >= row->box.y)
            continue;
        if (row->box.y - b->y > 3 * (row->box.h > 0 ? row->box.h : 1))
            return NULL;
        return is_parent_path(hits[i].path) ? &hits[i] : NULL;
    }
    return NULL;
}

/* The tokens a value of `vs` takes at t[i] when the words there spell one
 * ("Trung bình", "Khá."), the longest; 0 when they spell none. */
static size_t value_at(hb_valueset vs, const tok *t, size_t nt, size_t i)
{
    size_t best = 0;
    if ((unsigned)vs >= HB_VS_COUNT)
        return 0;
    for (const char *const *v = catalog_values[vs]; *v; v++) {
        char *f = layout_fold_tokens(*v);
        if (!f)
            return 0;
        size_t k = i;
        char *save = NULL;
        int ok = 1;
        for (char *p = strtok_r(f, " ", &save); p && ok; p = strtok_r(NULL, " ", &save))
            ok = k < nt && tok_match(t[k++].t, p);
        if (ok && k - i > best)
            best = k - i;
        free(f);
    }
    return best;
}

/* A one-word label whose colon OCR lost is still a label when it starts
 * its row ("Trường THCS ...") or, for the class, when a class follows it
 * ("Lớp 2C" in the header line).  "Nghề" starts a place name too ("Nghệ
 * An, ngày ... tháng ..." folds to "nghe an"): without its colon it is
 * the occupation only after a parent's name, on the same line
 * (`after_parent`) or the line above. */
static int label_without_colon(const label_def *d, const tok *t, size_t nt,
                               size_t i, const hb_text_row *row,
                               int after_parent, const hb_label_hit *hits,
                               size_t n_hits)
{
    if (!strcmp(d->tokens, "nghe"))
        return after_parent ||
               (t[i].word == 0 && parent_above(hits, n_hits, row) &&
                strcmp(parent_above(hits, n_hits, row)->path,
                       "LY_LICH/HO_TEN_NGUOI_GIAM_HO") != 0);
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

/* Whether label `d` (one of the words that occur in values too, see
 * need_colon) found at t[i], bu tokens, counts without its colon. */
static int colon_less_ok(const label_def *d, const tok *t, size_t nt,
                         size_t i, size_t bu, int after_term,
                         int after_parent)
{
    size_t next = i + bu;
    switch (d->need_colon) {
    case 1:
        /* opening the row, after another label's colon, or the
         * occupation after a parent's name */
        return t[i].word == 0 || (i > 0 && t[i - 1].colon_after) ||
               (after_parent && !strcmp(d->tokens, "nghe"));
    case 2:
        /* "Lên lớp" opening its row with more words after it is the
         * label ("Lên lớp  Được lên lớp", "Lên lớp  Hoàn thành chương
         * trình THCS"); alone it is the value */
        return t[i].word == 0 && next < nt;
    case 3: {
        /* a result after a term ("Học kỳ I  Hạnh kiểm Tốt"), before a
         * term ("Hạnh kiểm  HK I Tốt ..."), or with one of its values
         * right after it ("Hạnh kiểm Khá  Học lực Trung bình"): "Học lực
         * tiến bộ" in a remark has none of these */
        size_t used = 0;
        return after_term || (next < nt && term_label_at(t, nt, next, &used)) ||
               value_at(d->vs, t, nt, next) > 0;
    }
    default:
        return 1;
    }
}

/* The wordings that open a promotion written without its label ("Được
 * lên lớp" alone under the results, as many forms leave it): the tokens
 * the wording at t[i] takes, 0 for none.  "Lên lớp" alone is one only
 * when nothing follows it up to `end`. */
static size_t len_lop_at(const tok *t, size_t nt, size_t i, size_t end)
{
    static const char *const starts[] = {
        "duoc len lop", "o lai lop", "kiem tra lai trong he",
        "ren luyen trong he", "chua hoan thanh chuong trinh",
        "hoan thanh chuong trinh", "len lop", NULL
    };
    for (int s = 0; starts[s]; s++) {
        label_def d = { starts[s], "", HB_FK_PLACE, 0, 0, 0 };
        int fz;
        size_t u = label_at(&d, t, nt, i, &fz);
        if (u && !strcmp(starts[s], "len lop") && i + u != end)
            u = 0;
        if (u)
            return u;
    }
    return 0;
}

/* A value written on the line under its label (a long label leaves no
 * room beside it, "Hoàn thành chương trình lớp học/chương trình tiểu
 * học:" then "Hoàn thành chương trình lớp 3" below): a row without labels
 * right under the page's last label, which found no value, and spelling
 * a value of that label's kind, gives that label its value.  1 when it
 * did, -1 out of memory. */
static int value_on_next_line(const hb_text_row *row, const tok *t, size_t nt,
                              hb_label_hit *hits, size_t n)
{
    if (!n || !nt || !row->n_words)
        return 0;
    hb_label_hit *h = &hits[n - 1];
    int gap = row->box.y - (h->label.y + h->label.h);
    if (h->value.w > 0 || row->box.y <= h->label.y || gap > row->box.h)
        return 0;
    int fits = (h->kind == HB_FK_LEVEL && value_at(h->vs, t, nt, 0) == nt) ||
               (strstr(h->path, "/LEN_LOP") && len_lop_at(t, nt, 0, nt));
    if (!fits)
        return 0;
    hb_box vb;
    float conf;
    char *s = join_range(row, 0, row->n_words, &vb, &conf);
    if (!s)
        return -1;
    free(h->line_text);
    h->line_text = s;
    h->value = vb;
    h->line_conf = conf;
    h->area = (hb_box){ vb.x, row->box.y, row->box.x + row->box.w - vb.x,
                        row->box.h };
    h->area = layout_box_union(h->area, vb);
    return 1;
}

/* Nonzero when the tokens before t[i] only number the line ("6.", "A.",
 * "II."): TT27's results are numbered items. */
static int numbering_before(const tok *t, size_t i)
{
    if (i == 0 || i > 2)
        return 0;
    for (size_t k = 0; k < i; k++) {
        const char *p = t[k].t;
        int digits = *p != '\0';
        for (; *p; p++)
            digits &= *p >= '0' && *p <= '9';
        if (!digits && strlen(t[k].t) > 1 && strcmp(t[k].t, "ii") != 0)
            return 0;
    }
    return 1;
}

/* A label found on a row: its first token and how many it took; a term
 * named on a results line ("Học kỳ I:", "HK II:", "Cả năm:") has no def,
 * its term in `term`. */
typedef struct found_label {
    size_t at, used;
    const label_def *d;
    int term;
} found_label;

/* The promotion written alone, without its label ("Được lên lớp"), or
 * after a label OCR garbled ("Lân lớp: Được lên lớp", where "lớp:" reads
 * as the class's label: a one-word label right before the wording is
 * that garbled label and is dropped from `found`).  0, or -1 out of
 * memory. */
static int len_lop_alone(const hb_text_row *row, const tok *t, size_t nt,
                         found_label *found, int *nf, hb_label_hit **hits,
                         size_t *n)
{
    size_t p = nt, u = 0, end = nt;
    int k = 0; /* the labels before p */
    for (size_t i = 0; i < nt && i <= 4 && p == nt; i++) {
        while (k < *nf && found[k].at + found[k].used <= i)
            k++;
        if (k < *nf && found[k].at <= i)
            continue; /* inside a label */
        end = k < *nf ? found[k].at : nt;
        if ((i == 0 || t[i - 1].colon_after || numbering_before(t, i)) &&
            (u = len_lop_at(t, end, i, end)))
            p = i;
    }
    if (p == nt)
        return 0;
    if (k > 0 && found[k - 1].at + found[k - 1].used == p) {
        if (found[k - 1].used > 1 || !found[k - 1].d)
            return 0; /* a real label's value */
        memmove(&found[k - 1], &found[k], (size_t)(*nf - k) * sizeof *found);
        (*nf)--;
    }
    /* "Hoàn thành chương trình  Hoàn thành chương trình lớp 3": the
     * form's short label without its colon, then the value */
    if (p + u < end && len_lop_at(t, end, p + u, end))
        p += u;
    size_t w0 = (size_t)t[p].word;
    size_t wend = end < nt ? (size_t)t[end].word : row->n_words;
    hb_label_hit h = { 0 };
    h.path = "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/LEN_LOP";
    h.kind = HB_FK_PLACE;
    /* the garbled label's words, or none */
    for (size_t w = 0; w < w0; w++)
        h.label = layout_box_union(h.label, row->words[w].box);
    if (h.label.w <= 0)
        h.label = (hb_box){ row->words[w0].box.x, row->words[w0].box.y, 0,
                            row->words[w0].box.h };
    h.line_text = join_range(row, w0, wend, &h.value, &h.line_conf);
    if (!h.line_text)
        return -1;
    int x1 = wend < row->n_words ? row->words[wend].box.x : row->box.x + row->box.w;
    h.area = (hb_box){ h.value.x, row->box.y, x1 - h.value.x, row->box.h };
    h.area = layout_box_union(h.area, h.value);
    if (push_hit(hits, n, &h)) {
        free(h.line_text);
        return -1;
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
    found_label found[16];
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
            found[nf++] = (found_label){ i, tu, NULL, term };
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
        /* after a parent's name and the name's words */
        int after_parent = nf > 0 && found[nf - 1].d &&
                           is_parent_path(found[nf - 1].d->path) &&
                           found[nf - 1].at + found[nf - 1].used < i;
        if (best && (bu == 1 || bfuzzy) && !t[i + bu - 1].colon_after &&
            !(bu == 1 && !bfuzzy &&
              label_without_colon(best, t, nt, i, row, after_parent, *hits, *n)))
            best = NULL;
        /* words that occur in values too: with their colon, or (not
         * "lên lớp", a value of its own) opening the row or following
         * another label's colon */
        int after_term = nf > 0 && !found[nf - 1].d &&
                         found[nf - 1].at + found[nf - 1].used == i;
        if (best && best->need_colon && !t[i + bu - 1].colon_after &&
            !colon_less_ok(best, t, nt, i, bu, after_term, after_parent))
            best = NULL;
        if (best) {
            found[nf++] = (found_label){ i, bu, best, 0 };
            i += bu;
        } else {
            i++;
        }
    }
    int rc = 0;
    /* values written without their labels */
    int has_len = 0;
    for (int k = 0; k < nf; k++)
        has_len |= found[k].d && strstr(found[k].d->path, "/LEN_LOP") != NULL;
    if (nf == 0)
        rc = value_on_next_line(row, t, nt, *hits, *n);
    if (rc == 0 && !has_len)
        rc = len_lop_alone(row, t, nt, found, &nf, hits, n);
    rc = rc < 0 ? -1 : 0;
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
        /* "Nghề nghiệp" belongs to the parent named before it: on its
         * line, or (the line's first label) on the line above */
        if (strcmp(d->path, "LY_LICH/NGHE_NGHIEP_CHA") == 0) {
            const char *parent = NULL;
            if (k > 0 && found[k - 1].d)
                parent = found[k - 1].d->path;
            else if (k == 0 && parent_above(*hits, *n, row))
                parent = parent_above(*hits, *n, row)->path;
            if (parent && strcmp(parent, "LY_LICH/HO_TEN_ME") == 0)
                h.path = "LY_LICH/NGHE_NGHIEP_ME";
        }
        for (size_t w = w0; w <= wl; w++)
            h.label = layout_box_union(h.label, row->words[w].box);
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
            h.value = layout_box_union(h.value, gb);
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
            h.area = layout_box_union(h.area, h.value);
        if (push_hit(hits, n, &h)) {
            free(h.line_text);
            rc = -1;
        }
    }
    toks_free(t, nt);
    return rc ? err_set(e, HB_ENOMEM, "layout: out of memory") : 0;
}

/* The row's text, folded to tokens. */
char *layout_row_folded(const hb_text_row *row)
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
    char *f = layout_fold_tokens(s);
    free(s);
    return f;
}

/* ---- special values: the approval date and name, the remark ------------ */

static int row_has(const hb_text_row *row, const char *phrase)
{
    char *f = layout_row_folded(row);
    int yes = f && layout_phrase_in(f, phrase);
    free(f);
    return yes;
}

/* Nonzero when one of the row's words folds exactly to `word`. */
static int row_has_word(const hb_text_row *row, const char *word)
{
    for (size_t w = 0; w < row->n_words; w++) {
        char *f = layout_fold_tokens(row->words[w].text);
        int eq = f && strcmp(f, word) == 0;
        free(f);
        if (eq)
            return 1;
    }
    return 0;
}

/* "Hà Nội, ngày 25 tháng 5 năm 2020" (or "ngày 25/5/2020"): the words
 * from "ngày" on, when they hold digits (the personal page prints the
 * same line with dots). */
int layout_find_date_line(const hb_text_row *row, hb_label_hit **hits,
                          size_t *n)
{
    size_t start = row->n_words;
    int thang = 0, nam = 0, digits = 0;
    for (size_t w = 0; w < row->n_words; w++) {
        char *f = layout_fold_tokens(row->words[w].text);
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
    if (start == row->n_words || digits < 4)
        return 0;
    hb_label_hit h = { 0 };
    h.line_text = join_range(row, start, row->n_words, &h.value, &h.line_conf);
    if (!h.line_text)
        return -1;
    /* "ngày 25 tháng 5 năm 2020", or in figures: "ngày 25/5/2020" */
    char *iso = NULL;
    int figures = !(thang && nam) &&
                  fields_parse_date(h.line_text, &iso) == HB_PARSE_OK;
    free(iso);
    if (!(thang && nam) && !figures) {
        free(h.line_text);
        return 0;
    }
    h.path = "THONG_TIN_HOC_BA/PHE_DUYET/NGAY";
    h.kind = HB_FK_DATE;
    h.label = row->words[start].box;
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
        char *f = layout_fold_tokens(row->words[w].text);
        char *g = second && w + 1 < row->n_words
                      ? layout_fold_tokens(row->words[w + 1].text) : NULL;
        /* one edit in a long word: OCR reads "DUYỆT" as "DUYÊỆT" */
        int hit = f && tok_match(f, first) && (!second || (g && tok_match(g, second)));
        free(f);
        free(g);
        if (!hit)
            continue;
        *box = row->words[w].box;
        for (size_t k = w + 1; k < row->n_words && k < w + 8; k++) {
            *box = layout_box_union(*box, row->words[k].box);
            char *h = layout_fold_tokens(row->words[k].text);
            int end = h && tok_match(h, last);
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
int layout_find_approval_name(const hb_layout *l, hb_label_hit **hits,
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
        /* the heading worded the other way round */
        else if (row_has(row, "hieu truong phe duyet") &&
                 phrase_box(row, "hieu", "truong", "duyet", &col))
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
int layout_find_remark(const hb_layout *l, int dpi, hb_label_hit **hits,
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
            char *f = layout_fold_tokens(row->words[w].text);
            char *g = w + 1 < row->n_words ? layout_fold_tokens(row->words[w + 1].text)
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
            h.value = layout_box_union(h.value, vb);
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

/* The year's results written as lines come in the order of the terms (HK
 * I, HK II, the year), down the lines or across one.  OCR reads the
 * roman numeral of a term's name now and then with a stroke lost ("Học
 * kỳ I:" for "Học kỳ II:"), which would make two readings of term I and
 * none of term II: with three values of one result on the page, their
 * order says their terms. */
void layout_order_result_terms(hb_layout *l)
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

