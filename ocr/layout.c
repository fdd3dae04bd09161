/*
 * layout.c - page kind, family and table roles (see layout.h).  Text
 * outside the tables is found as rows of ink chunks, each chunk read once
 * with the `vie` engine; layout_labels.c finds the labelled values on those
 * rows, and this file classifies the tables by their heading texts.
 */
#include "layout.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "fields.h"
#include "text.h"
#include "layout_int.h"

const char *layout_page_kind_name(hb_page_kind k)
{
    static const char *const names[] = { "unknown", "personal", "subjects",
                                         "results", "single", "continued" };
    return (unsigned)k < sizeof names / sizeof *names ? names[k] : "unknown";
}

/* ---- folded tokens ------------------------------------------------------ */

/* Folds `s` and keeps only letters, digits and single blanks: "Xã/Phường:"
 * -> "xa phuong".  Caller frees. */
char *layout_fold_tokens(const char *s)
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
int layout_phrase_in(const char *hay, const char *needle)
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
    char *f = layout_fold_tokens(head_text);
    hb_table_kind k = HB_TABLE_OTHER;
    if (!f)
        return k;
    if (layout_phrase_in(f, "mon hoc"))
        k = HB_TABLE_SUBJECTS;
    else if (layout_phrase_in(f, "hanh kiem") || layout_phrase_in(f, "hoc luc") ||
             layout_phrase_in(f, "ket qua ren luyen"))
        k = HB_TABLE_CONDUCT;
    else if (layout_phrase_in(f, "pham chat"))
        k = HB_TABLE_PHAM_CHAT;
    else if (layout_phrase_in(f, "nang luc"))
        k = HB_TABLE_NANG_LUC;
    else if (layout_phrase_in(f, "xep loai") && layout_term_folded(f))
        /* the results table the other way round: "Xếp loại | Học kỳ I |
         * Học kỳ II | Cả năm", the results' names down the rows */
        k = HB_TABLE_CONDUCT;
    else if (layout_phrase_in(f, "nam hoc") &&
             (layout_phrase_in(f, "dang bo") || layout_phrase_in(f, "nhap hoc")))
        k = HB_TABLE_HISTORY;
    free(f);
    return k;
}

/* Which term a heading names: 1 (HK I, Học kỳ I, Cuối HK I), 2 (HK II),
 * 3 (Cả năm, CN, Cuối năm), 0 none.  OCR reads the bold roman numerals in
 * many ways ("Il", "11", "H" for II; "l", "1", "t" for I), so what follows
 * "HK" / "Học kỳ" is judged by how many upright strokes it can be. */
int layout_term_folded(const char *f)
{
    /* the year's column: "Cả năm", "TB cả năm", "Cuối năm", "CN", "TBCN" */
    if (layout_phrase_in(f, "ca nam") || layout_phrase_in(f, "cuoi nam") ||
        strcmp(f, "cn") == 0 || strcmp(f, "tbcn") == 0 ||
        strcmp(f, "tb cn") == 0)
        return 3;
    const char *rest = NULL;
    const char *k = strstr(f, "hk");
    if (k)
        rest = k + 2;
    else if ((k = strstr(f, "hoc ky")) || (k = strstr(f, "hoc ki")))
        rest = k + 6;
    else if ((k = strstr(f, "cuoi ky")) || (k = strstr(f, "cuoi ki")))
        rest = k + 7; /* "Cuối kì I": TT27's end of semester I */
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
    char *f = layout_fold_tokens(text);
    int t = f ? layout_term_folded(f) : 0;
    free(f);
    return t;
}

hb_col_role layout_column_role(hb_table_kind kind, const char *group,
                               const char *head)
{
    char *g = layout_fold_tokens(group ? group : "");
    char *h = layout_fold_tokens(head ? head : "");
    hb_col_role role = HB_COL_NONE;
    if (!g || !h)
        goto done;
    switch (kind) {
    case HB_TABLE_SUBJECTS: {
        /* the remark column's heading also says "giáo viên môn học", so
         * it is recognised before the label column's "Môn học" */
        /* the re-test column: "sau KT lại", "Điểm KT lại", "Đánh giá
         * lại", and older books' "thi lại" (re-examination) */
        if (layout_phrase_in(h, "lai") && (layout_phrase_in(h, "kiem tra") ||
                                    layout_phrase_in(h, "danh gia") ||
                                    layout_phrase_in(h, "thi") ||
                                    strstr(h, "kt")))
        {
            role = HB_COL_DGL;
            break;
        }
        if (layout_phrase_in(h, "nhan xet")) {
            role = HB_COL_NX;
            break;
        }
        if (layout_phrase_in(h, "ky xac nhan") ||
            layout_phrase_in(h, "giao vien bo mon") ||
            layout_phrase_in(h, "chu ky") || strstr(h, "gvbm")) {
            role = HB_COL_SIGN; /* the subject teacher's signature */
            break;
        }
        if (layout_phrase_in(h, "mon hoc") || layout_phrase_in(h, "hoat dong giao duc")) {
            role = HB_COL_LABEL;
            break;
        }
        int t = layout_term_folded(h);
        int ktdk = strstr(g, "ktdk") || layout_phrase_in(g, "kiem tra") ||
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
        if (layout_phrase_in(h, "xep loai")) {
            role = HB_COL_LABEL; /* the results' names, terms across */
            break;
        }
        if (layout_phrase_in(h, "hanh kiem") || layout_phrase_in(h, "ren luyen"))
            role = HB_COL_CONDUCT;
        else if (layout_phrase_in(h, "hoc luc") || layout_phrase_in(h, "hoc tap"))
            role = HB_COL_LEARNING;
        else if (layout_phrase_in(h, "nghi"))
            role = HB_COL_DAYS;
        else if (layout_phrase_in(h, "hoc ky") || layout_phrase_in(h, "hoc ki"))
            role = HB_COL_LABEL;
        break;
    case HB_TABLE_PHAM_CHAT:
    case HB_TABLE_NANG_LUC:
        if (layout_phrase_in(h, "muc dat duoc") || layout_phrase_in(h, "muc"))
            role = HB_COL_LEVEL;
        else if (layout_phrase_in(h, "pham chat") || layout_phrase_in(h, "nang luc"))
            role = HB_COL_LABEL;
        break;
    case HB_TABLE_HISTORY:
        if (layout_phrase_in(h, "nam hoc"))
            role = HB_COL_NAM_HOC;
        else if (layout_phrase_in(h, "truong"))
            role = HB_COL_TRUONG;
        else if (layout_phrase_in(h, "dang bo"))
            role = HB_COL_SO_DANG_BO;
        else if (layout_phrase_in(h, "nhap hoc"))
            role = HB_COL_NGAY_NHAP_HOC;
        else if (layout_phrase_in(h, "lop"))
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
    char *h = layout_fold_tokens(head ? head : "");
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
            char *fn = layout_fold_tokens(name);
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
    char *clean = layout_fold_tokens(label);
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
    char *fl = layout_fold_tokens(label);
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
            char *fn = layout_fold_tokens(name);
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
    char *fl = layout_fold_tokens(label);
    if (!fl)
        return NULL;
    const char *best = NULL;
    size_t bd = (size_t)-1;
    for (int i = 0; names[i]; i++) {
        char *fn = layout_fold_tokens(names[i]);
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
            row.box = layout_box_union(row.box, ch[k]);
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

/* ---- column roles ---------------------------------------------------------- */

const char *layout_role_name(hb_col_role r)
{
    static const char *const names[] = {
        "none", "label", "hk1", "hk2", "cn", "ktdk1", "ktdk2", "dgl", "nx",
        "conduct", "learning", "days", "level", "nam_hoc", "lop", "truong",
        "so_dang_bo", "ngay_nhap_hoc", "sign"
    };
    return (unsigned)r < sizeof names / sizeof *names ? names[r] : "?";
}

/* Nonzero when folded heading text speaks of a semester ("HK", "Học kỳ",
 * "Cuối kì"): its numeral is then worth counting in the ink. */
static int names_semester(const char *f)
{
    return strstr(f, "hk") || strstr(f, "hoc ky") || strstr(f, "hoc ki") ||
           strstr(f, "cuoi ky") || strstr(f, "cuoi ki");
}

/* Adds what a heading says of the term to s[1..3].  The year's words
 * ("Cả năm", "CN", "Cuối năm") are read reliably; a semester's numeral is
 * not, so the strokes counted in the ink weigh more than OCR's reading of
 * them, and the two agreeing more than either. */
static void term_evidence(const char *text, int bars, float s[4])
{
    char *f = layout_fold_tokens(text ? text : "");
    if (!f)
        return;
    int t = layout_term_folded(f);
    if (t == 3) {
        s[3] += 3;
    } else if (names_semester(f)) {
        /* the two disagreeing: a glyph touching the "K" hides a stroke
         * from the count as often as OCR misreads one, so neither wins
         * (the order decides) */
        int counted = bars == 1 || bars == 2, read = t == 1 || t == 2;
        if (counted && read && bars != t) {
            s[bars] += 1;
            s[t] += 1;
        } else {
            if (counted)
                s[bars] += 2;
            if (read)
                s[t] += 1;
        }
    }
    free(f);
}

/* What a heading says of the kind of value under it: 2 the periodic test
 * ("Điểm KTĐK", "KTĐK"), 1 the level or the average ("Mức đạt được",
 * "Mức", "Điểm trung bình", "Kết quả đánh giá"), 0 nothing. */
static int kind_evidence(const char *text, int broad)
{
    char *f = layout_fold_tokens(text ? text : "");
    if (!f)
        return 0;
    int k = 0;
    /* ("kiểm tra lại" is the re-test's: not a periodic test) */
    if (strstr(f, "ktdk") || layout_phrase_in(f, "kiem tra dinh ky") ||
        (layout_phrase_in(f, "kiem tra") && !layout_phrase_in(f, "lai")))
        k = 2;
    else if (strcmp(f, "muc") == 0 || layout_phrase_in(f, "muc dat duoc"))
        k = 1; /* (TT22's "... hoặc mức đánh giá" is no level column) */
    /* a spanning heading's wordings over the averages: they name the
     * term columns' group, but a column's own heading that says
     * "đánh giá" may be the re-assessment's */
    else if (broad && (layout_phrase_in(f, "diem trung binh") ||
                       layout_phrase_in(f, "xep loai") ||
                       layout_phrase_in(f, "danh gia")))
        k = 1;
    free(f);
    return k;
}

/* The roles the term columns share out: (term, kind) each. */
typedef struct term_role {
    hb_col_role role;
    int term; /* 1, 2, 3 */
    int kind; /* 1 level or score, 2 periodic test */
} term_role;

static const term_role roles_3[] = {
    { HB_COL_HK1, 1, 1 }, { HB_COL_HK2, 2, 1 }, { HB_COL_CN, 3, 1 }
};
static const term_role roles_tt27[] = {
    { HB_COL_HK1, 1, 1 }, { HB_COL_CN, 3, 1 },
    { HB_COL_KTDK1, 1, 2 }, { HB_COL_KTDK2, 3, 2 }
};

#define TERM_COLS_MAX 8

typedef struct term_search {
    int n;                            /* term columns */
    int nr;                           /* roles */
    const term_role *rs;
    float ev[TERM_COLS_MAX][4];       /* evidence of column i for role j */
    int pick[TERM_COLS_MAX];          /* current: role index, -1 none */
    int best[TERM_COLS_MAX];
    float best_score;
    int used;                         /* role bits in use */
} term_search;

/* Pairs of columns printed against the usual order (terms I, II, year
 * left to right within a kind; within a term, the level before the
 * test). */
static int order_violations(const term_search *ts, const int *pick)
{
    int v = 0;
    for (int a = 0; a < ts->n; a++)
        for (int b = a + 1; b < ts->n; b++) {
            if (pick[a] < 0 || pick[b] < 0)
                continue;
            const term_role *x = &ts->rs[pick[a]], *y = &ts->rs[pick[b]];
            v += (x->kind == y->kind && x->term > y->term) ||
                 (x->term == y->term && x->kind > y->kind);
        }
    return v;
}

/* Every way to share the roles out (a handful of columns, at most 4
 * roles): the one the headings support most, the printed order deciding
 * between equals (a small cost per pair out of order), a column left
 * without a role only when there are more columns than roles. */
static void term_search_from(term_search *ts, int i, float acc)
{
    if (i == ts->n) {
        float sc = acc - 0.25f * (float)order_violations(ts, ts->pick);
        if (sc > ts->best_score) {
            ts->best_score = sc;
            memcpy(ts->best, ts->pick, sizeof ts->best);
        }
        return;
    }
    for (int j = 0; j < ts->nr; j++) {
        if (ts->used & (1 << j))
            continue;
        ts->used |= 1 << j;
        ts->pick[i] = j;
        term_search_from(ts, i + 1, acc + ts->ev[i][j]);
        ts->used &= ~(1 << j);
    }
    ts->pick[i] = -1;
    term_search_from(ts, i + 1, acc - 5.0f);
}

/* The term columns of a subject (or transposed results) table: `cols`
 * (left to right) get roles from their headings' evidence. */
static void assign_terms(const hb_col_head *h, const int *cols, int n,
                         int tt27, hb_col_role *roles, unsigned char *doubt)
{
    term_search ts;
    memset(&ts, 0, sizeof ts);
    ts.n = n > TERM_COLS_MAX ? TERM_COLS_MAX : n;
    ts.rs = tt27 ? roles_tt27 : roles_3;
    ts.nr = tt27 ? 4 : 3;
    ts.best_score = -1e9f;
    for (int i = 0; i < ts.n; i++) {
        const hb_col_head *c = &h[cols[i]];
        float s[4] = { 0, 0, 0, 0 };
        term_evidence(c->head, c->bars, s);
        term_evidence(c->group, c->group_bars, s);
        int k = kind_evidence(c->head, 0);
        if (!k)
            k = kind_evidence(c->group, 1);
        for (int j = 0; j < ts.nr; j++) {
            const term_role *r = &ts.rs[j];
            /* TT27 has no semester II: a "II" there is a misread year */
            float e = r->term == 3 && tt27 ? (s[2] > s[3] ? s[2] : s[3])
                                           : s[r->term];
            if (tt27 && k)
                e += k == r->kind ? 2.0f : -2.0f;
            ts.ev[i][j] = e;
        }
        ts.pick[i] = -1;
    }
    term_search_from(&ts, 0, 0);
    int viol = order_violations(&ts, ts.best);
    for (int i = 0; i < ts.n; i++) {
        int j = ts.best[i];
        roles[cols[i]] = j >= 0 ? ts.rs[j].role : HB_COL_NONE;
        /* roles against the printed order (terms I, II, year; the level
         * before the test): the headings said so, but so unusual a form
         * is more likely a misread one, and a person looks */
        if (j >= 0 && viol)
            doubt[cols[i]] = 1;
    }
}

/* Nonzero when a heading's text reads as nothing a column is named by
 * (lost, or garbled beyond the wordings layout_column_role knows). */
static int heading_unread(hb_table_kind kind, const hb_col_head *c)
{
    float s[4] = { 0, 0, 0, 0 };
    term_evidence(c->head, c->bars, s);
    return layout_column_role(kind, NULL, c->head) == HB_COL_NONE &&
           !layout_is_number_heading(c->head) && !kind_evidence(c->head, 0) &&
           s[1] + s[2] + s[3] == 0;
}

static int is_term_role(hb_col_role r)
{
    return r == HB_COL_HK1 || r == HB_COL_HK2 || r == HB_COL_CN ||
           r == HB_COL_KTDK1 || r == HB_COL_KTDK2;
}

void layout_assign_roles(hb_table_kind kind, hb_family fam, int n_cols,
                         const hb_col_head *h, hb_col_role *roles,
                         unsigned char *doubt)
{
    for (int c = 0; c < n_cols; c++) {
        roles[c] = layout_column_role(kind, h[c].group, h[c].head);
        doubt[c] = 0;
    }
    int across = 0;
    if (kind == HB_TABLE_CONDUCT) {
        int named = 0, xep = -1;
        for (int c = 0; c < n_cols; c++) {
            named |= roles[c] == HB_COL_CONDUCT || roles[c] == HB_COL_LEARNING;
            char *f = layout_fold_tokens(h[c].head ? h[c].head : "");
            if (f && xep < 0 && layout_phrase_in(f, "xep loai"))
                xep = c;
            free(f);
        }
        across = !named;
        /* terms across: "Học kỳ I" heads a term's column there, not the
         * terms' labels ("Học kỳ" over the rows of the standard table) */
        for (int c = 0; c < n_cols && across && xep >= 0; c++)
            if (c != xep && roles[c] == HB_COL_LABEL)
                roles[c] = HB_COL_NONE;
    }
    if (kind != HB_TABLE_SUBJECTS && !across)
        return;
    int tt27 = !across && (fam == HB_FAMILY_TT27 || fam == HB_FAMILY_TT30);
    int secondary = fam == HB_FAMILY_TT58 || fam == HB_FAMILY_TT22;
    for (int c = 0; c < n_cols && !across && !secondary; c++)
        tt27 |= (roles[c] == HB_COL_NONE || is_term_role(roles[c])) &&
                (kind_evidence(h[c].head, 0) || kind_evidence(h[c].group, 0));
    int need = tt27 ? 4 : 3;
    /* the term columns: a term's role by its heading, or no role under a
     * heading that speaks of terms or kinds (the spanning heading's
     * columns), or no role and a spanning heading shared with one */
    int is_term[64] = { 0 };
    int nc = n_cols < 64 ? n_cols : 64, n = 0;
    for (int c = 0; c < nc; c++) {
        float s[4] = { 0, 0, 0, 0 };
        term_evidence(h[c].head, h[c].bars, s);
        term_evidence(h[c].group, h[c].group_bars, s);
        is_term[c] = is_term_role(roles[c]) ||
                     (roles[c] == HB_COL_NONE &&
                      (s[1] + s[2] + s[3] > 0 ||
                       (!across && (kind_evidence(h[c].head, 0) ||
                                    kind_evidence(h[c].group, 1)))));
    }
    for (int c = 0; c < nc; c++)
        for (int d = 0; d < nc && !is_term[c]; d++)
            is_term[c] = roles[c] == HB_COL_NONE && d != c && is_term[d] &&
                         h[c].group_id >= 0 && h[c].group_id == h[d].group_id;
    for (int c = 0; c < nc; c++)
        n += is_term[c];
    /* a lost heading next to the term columns, while some are missing */
    for (int pass = 0; pass < 2 && n > 0 && n < need; pass++)
        for (int c = 0; c < nc && n < need; c++)
            if (!is_term[c] && roles[c] == HB_COL_NONE &&
                heading_unread(kind, &h[c]) &&
                ((c > 0 && is_term[c - 1]) || (c + 1 < nc && is_term[c + 1]))) {
                is_term[c] = 1;
                n++;
            }
    int cols[64];
    n = 0;
    for (int c = 0; c < nc; c++)
        if (is_term[c])
            cols[n++] = c;
    if (n)
        assign_terms(h, cols, n, tt27, roles, doubt);
    if (across)
        return;
    /* An unread heading between known columns: the re-test column when
     * the table has none (the one column forms add there), and a guess,
     * so its cells go to review rather than being dropped or given to
     * another column's role. */
    int have_dgl = 0;
    for (int c = 0; c < nc; c++)
        have_dgl |= roles[c] == HB_COL_DGL;
    for (int c = 1; c + 1 < nc && !have_dgl; c++) {
        if (roles[c] != HB_COL_NONE || !heading_unread(kind, &h[c]))
            continue;
        int left = 0, right = 0;
        for (int d = 0; d < c; d++)
            left |= roles[d] != HB_COL_NONE && roles[d] != HB_COL_LABEL;
        for (int d = c + 1; d < nc; d++)
            right |= roles[d] != HB_COL_NONE;
        if (left && right) {
            roles[c] = HB_COL_DGL;
            doubt[c] = 1;
            have_dgl = 1;
        }
    }
}

/* The upright strokes that end one piece of ink (a component cut out of
 * the page), counted from its right: stems (columns inked over 80% of its
 * height) with nothing but serifs beside them.  Bold serifs make glyphs
 * touch ("HKII" can be one piece), so the count stops at the first column
 * with ink across the middle that is no stem: a letter's body (the legs
 * of "K"); a stem joined straight to such a body is that letter's own
 * (the right stem of "H").  *ended is set when a letter was met. */
static int glyph_stems(PIX *p, int *ended)
{
    *ended = 0;
    l_int32 w = pixGetWidth(p), h = pixGetHeight(p);
    if (w <= 0 || h <= 0)
        return 0;
    l_uint32 *data = pixGetData(p);
    l_int32 wpl = pixGetWpl(p);
    int *cnt = calloc((size_t)w, sizeof *cnt);
    int *mid = calloc((size_t)w, sizeof *mid);
    if (!cnt || !mid) {
        free(cnt);
        free(mid);
        return 0;
    }
    for (int y = 0; y < h; y++) {
        l_uint32 *line = data + y * wpl;
        int in_mid = y >= h / 4 && y < h - h / 4;
        for (int x = 0; x < w; x++)
            if (GET_DATA_BIT(line, x)) {
                cnt[x]++;
                mid[x] += in_mid;
            }
    }
    int edge = h / 20 > 1 ? h / 20 : 1; /* a stem's ragged side */
    int count = 0, in_stem = 0, last = -1000;
    for (int x = w - 1; x >= 0; x--) {
        if (cnt[x] * 5 >= h * 4) {
            in_stem = 1;
            last = x;
            continue;
        }
        if (in_stem && last - x <= edge)
            continue;
        if (in_stem) {
            in_stem = 0;
            if (mid[x]) { /* the stem is a letter's */
                *ended = 1;
                break;
            }
            count++;
            continue;
        }
        if (mid[x]) {
            *ended = 1;
            break;
        }
    }
    if (in_stem)
        count++;
    free(cnt);
    free(mid);
    return count;
}

int layout_heading_bars(PIX *bin, hb_box cell, int dpi)
{
    int inset = dpi / 100 + 2;
    hb_box in = { cell.x + inset, cell.y + inset, cell.w - 2 * inset,
                  cell.h - 2 * inset };
    if (!bin || in.w <= 4 || in.h <= 4)
        return 0;
    BOX *b = boxCreate(in.x, in.y, in.w, in.h);
    PIX *clip = b ? pixClipRectangle(bin, b, NULL) : NULL;
    boxDestroy(&b);
    if (!clip)
        return 0;
    /* the last text line: the lowest band of inked rows as tall as a
     * letter (a dot under "ọ" makes a band too small to count) */
    l_int32 cw = pixGetWidth(clip), chh = pixGetHeight(clip);
    NUMA *rows = pixCountPixelsByRow(clip, NULL);
    int y1 = -1, y0 = -1, min_h = dpi / 25 > 4 ? dpi / 25 : 4;
    for (int y = chh - 1; rows && y >= -1; y--) {
        l_int32 v = 0;
        if (y >= 0)
            numaGetIValue(rows, y, &v);
        if (v > 0 && y1 < 0)
            y1 = y;
        else if (v == 0 && y1 >= 0) {
            if (y1 - y >= min_h) {
                y0 = y + 1;
                break;
            }
            y1 = -1;
        }
    }
    numaDestroy(&rows);
    int bars = 0;
    if (y0 >= 0) {
        PIXA *pa = NULL;
        BOX *band = boxCreate(0, y0, cw, y1 - y0 + 1);
        PIX *line = band ? pixClipRectangle(clip, band, NULL) : NULL;
        boxDestroy(&band);
        BOXA *ba = line ? pixConnComp(line, &pa, 8) : NULL;
        int n = ba ? boxaGetCount(ba) : 0;
        /* the capitals' height: the line's first letter (H of "HK",
         * "Học", C of "Cuối"; a wrapped "II" alone: its own I), not the
         * tallest glyph ("ỳ" with its accent reaches higher) */
        int H = 0, maxh = 0, lx = cw;
        for (int i = 0; i < n; i++) {
            l_int32 x, y, w, h;
            boxaGetBoxGeometry(ba, i, &x, &y, &w, &h);
            if (h > maxh)
                maxh = h;
        }
        for (int i = 0; i < n; i++) {
            l_int32 x, y, w, h;
            boxaGetBoxGeometry(ba, i, &x, &y, &w, &h);
            if (h * 10 >= maxh * 4 && x < lx) {
                lx = x;
                H = h;
            }
        }
        /* from the right: stroke glyphs, up to the first other letter */
        int right = cw, done = 0;
        while (!done && H > 0) {
            int pick = -1;
            l_int32 px = -1, pw = 0, ph = 0;
            for (int i = 0; i < n; i++) {
                l_int32 x, y, w, h;
                boxaGetBoxGeometry(ba, i, &x, &y, &w, &h);
                if (x + w <= right && x > px && h * 10 >= H * 4) {
                    pick = i;
                    px = x;
                    pw = w;
                    ph = h;
                }
            }
            if (pick < 0)
                break;
            /* a word's gap at most: a line's residue at the edge is no
             * numeral */
            if (right < cw && right - (px + pw) > H) {
                break;
            }
            int st = 0, ended = 1;
            if (ph * 100 >= H * 85 && ph * 100 <= H * 130) {
                PIX *gp = pixaGetPix(pa, pick, L_CLONE);
                st = gp ? glyph_stems(gp, &ended) : 0;
                pixDestroy(&gp);
            }
            bars += st;
            done = ended || !st;
            right = px;
        }
        boxaDestroy(&ba);
        pixaDestroy(&pa);
        pixDestroy(&line);
    }
    pixDestroy(&clip);
    return bars == 1 || bars == 2 ? bars : 0;
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

/* The part of heading cell `cl` over grid column `col`: a heading cell
 * that reaches the body yet spans several columns lost a ruling line
 * between their headings, and each column's heading is its own slice of
 * it (one merged text would give every column every term). */
static hb_box layout_heading_slice(const hb_grid *g, const hb_cell *cl,
                                   int col)
{
    hb_box b = cl->box;
    if (cl->colspan <= 1 || col < cl->col || col >= cl->col + cl->colspan)
        return b;
    int x0 = g->col_x[col], x1 = g->col_x[col + 1];
    if (x0 < b.x)
        x0 = b.x;
    if (x1 > b.x + b.w)
        x1 = b.x + b.w;
    if (x1 > x0) {
        b.x = x0;
        b.w = x1 - x0;
    }
    return b;
}

/* Counts the strokes after a semester word in a heading's ink, when its
 * text names a semester (0 otherwise). */
static int heading_bars(const hb_page_img *pg, hb_box box, const char *text)
{
    char *f = layout_fold_tokens(text ? text : "");
    int b = f && names_semester(f) ? layout_heading_bars(pg->bin, box, pg->dpi)
                                   : 0;
    free(f);
    return b;
}

/* One line per table for HB_TRACE: each column's role, '?' when
 * doubtful, and the heading it came from. */
static char *roles_why(const hb_grid *g, const hb_col_head *ch,
                       const hb_col_role *roles, const unsigned char *doubt)
{
    size_t cap = 64 + (size_t)g->n_cols * 200, len = 0;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (int c = 0; c < g->n_cols; c++) {
        char *hf = layout_fold_tokens(ch[c].head ? ch[c].head : "");
        char *gf = layout_fold_tokens(ch[c].group ? ch[c].group : "");
        int k = snprintf(s + len, cap - len, "%s%d=%s%s[%.40s|%.30s|b%d/%d]",
                         c ? " " : "", c, layout_role_name(roles[c]),
                         doubt[c] ? "?" : "", hf ? hf : "", gf ? gf : "",
                         ch[c].bars, ch[c].group_bars);
        free(hf);
        free(gf);
        if (k < 0 || (size_t)k >= cap - len)
            break;
        len += (size_t)k;
    }
    return s;
}

/* Each column's heading: its own cell (or its slice of a spanning one)
 * and the spanning heading above it, with the strokes of their numerals.
 * slices[c] receives an owned text when the column's heading is a slice. */
static int column_headings(hb_recognizer *r, const hb_page_img *pg,
                           const hb_grid *g, int hr, char **txt,
                           const int *cell_bars, hb_col_head *ch,
                           char **slices, hb_err *e)
{
    for (int c = 0; c < g->n_cols; c++) {
        ch[c].group_id = -1;
        int group_row = -1;
        for (size_t i = 0; i < g->n_cells; i++) {
            const hb_cell *cl = &g->cells[i];
            if (cl->row >= hr || c < cl->col || c >= cl->col + cl->colspan)
                continue;
            if (cl->row + cl->rowspan >= hr) {
                if (cl->colspan > 1 && txt[i] && *txt[i]) {
                    hb_box b = layout_heading_slice(g, cl, c);
                    slices[c] = read_cell_text(r, pg, b, e);
                    if (!slices[c])
                        return -1;
                    ch[c].head = slices[c];
                    ch[c].bars = heading_bars(pg, b, slices[c]);
                } else {
                    ch[c].head = txt[i];
                    ch[c].bars = cell_bars[i];
                }
            } else if (cl->colspan > 1 && cl->row > group_row) {
                /* the lowest spanning heading above it */
                group_row = cl->row;
                ch[c].group = txt[i];
                ch[c].group_id = (int)i;
                ch[c].group_bars = cell_bars[i];
            } else if (cl->colspan == 1 && !ch[c].group) {
                ch[c].group = txt[i];
            }
        }
    }
    return 0;
}

static int classify_table(hb_recognizer *r, const hb_page_img *pg,
                          const hb_grid *g, hb_family fam, hb_table *t,
                          hb_err *e)
{
    memset(t, 0, sizeof *t);
    t->grid = g;
    size_t nc = (size_t)(g->n_cols > 0 ? g->n_cols : 1);
    t->roles = calloc(nc, sizeof *t->roles);
    t->doubt = calloc(nc, sizeof *t->doubt);
    if (!t->roles || !t->doubt)
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
    int *bars = calloc(g->n_cells, sizeof *bars);
    hb_col_head *ch = calloc(nc, sizeof *ch);
    char **slices = calloc(nc, sizeof *slices);
    int rc = 0;
    if (!txt || !bars || !ch || !slices)
        rc = err_set(e, HB_ENOMEM, "layout: out of memory");
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
        int terms = t->kind == HB_TABLE_SUBJECTS || t->kind == HB_TABLE_CONDUCT;
        for (size_t i = 0; i < g->n_cells && terms; i++)
            if (txt[i] && *txt[i])
                bars[i] = heading_bars(pg, g->cells[i].box, txt[i]);
        rc = column_headings(r, pg, g, hr, txt, bars, ch, slices, e);
    }
    if (!rc) {
        layout_assign_roles(t->kind, fam, g->n_cols, ch, t->roles, t->doubt);
        for (int c = 0; c < g->n_cols && t->kind == HB_TABLE_CONDUCT; c++)
            t->across |= t->roles[c] == HB_COL_HK1 ||
                         t->roles[c] == HB_COL_HK2 || t->roles[c] == HB_COL_CN;
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
        t->why = roles_why(g, ch, t->roles, t->doubt);
    }
    for (size_t i = 0; txt && i < g->n_cells; i++)
        free(txt[i]);
    for (size_t c = 0; slices && c < nc; c++)
        free(slices[c]);
    free(txt);
    free(bars);
    free(ch);
    free(slices);
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
        free(l->tables[i].doubt);
        free(l->tables[i].head_text);
        free(l->tables[i].why);
    }
    free(l->tables);
    memset(l, 0, sizeof *l);
}

static hb_family family_from_tables(const hb_layout *l)
{
    for (size_t i = 0; i < l->n_tables; i++) {
        const hb_table *t = &l->tables[i];
        char *f = layout_fold_tokens(t->head_text ? t->head_text : "");
        if (!f)
            continue;
        hb_family fam = HB_FAMILY_UNKNOWN;
        if (strstr(f, "ktdk") || layout_phrase_in(f, "muc dat duoc") ||
            t->kind == HB_TABLE_PHAM_CHAT || t->kind == HB_TABLE_NANG_LUC)
            fam = HB_FAMILY_TT27;
        else if (layout_phrase_in(f, "ket qua ren luyen") ||
                 layout_phrase_in(f, "ket qua danh gia"))
            fam = HB_FAMILY_TT22;
        else if (layout_phrase_in(f, "hanh kiem") ||
                 layout_phrase_in(f, "diem trung binh hoac xep loai"))
            fam = HB_FAMILY_TT58;
        free(f);
        if (fam != HB_FAMILY_UNKNOWN)
            return fam;
    }
    return HB_FAMILY_UNKNOWN;
}

static hb_page_kind page_kind(const hb_layout *out);

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
        if (!rc && layout_find_date_line(&out->rows[i], &out->hits, &out->n_hits))
            rc = err_set(e, HB_ENOMEM, "layout: out of memory");
        if (!rc && out->family == HB_FAMILY_UNKNOWN) {
            char *f = layout_row_folded(&out->rows[i]);
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
        layout_order_result_terms(out);
    if (!rc && (layout_find_approval_name(out, &out->hits, &out->n_hits) ||
                layout_find_remark(out, pg->dpi, &out->hits, &out->n_hits)))
        rc = err_set(e, HB_ENOMEM, "layout: out of memory");
    if (!rc && n_grids) {
        out->tables = calloc(n_grids, sizeof *out->tables);
        if (!out->tables)
            rc = err_set(e, HB_ENOMEM, "layout: out of memory");
        for (size_t i = 0; !rc && i < n_grids; i++) {
            rc = classify_table(r, pg, &grids[i], out->family, &out->tables[i], e);
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
    for (int c = 0; c < g->n_cols; c++) {
        out->roles[c] = t->roles[c];
        out->doubt[c] = t->doubt ? t->doubt[c] : 0;
    }
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
        for (int c = 0; c < t->grid->n_cols; c++) {
            t->roles[c] = prev->roles[c];
            if (t->doubt) /* a doubtful column stays doubtful */
                t->doubt[c] = prev->doubt[c];
        }
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
