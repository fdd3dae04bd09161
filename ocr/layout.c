/*
 * layout.c - page kind, family and table roles (see layout.h).  Text
 * outside the tables is found as rows of ink chunks, each chunk read once
 * with the `vie` engine; layout_labels.c finds the labelled values on those
 * rows, layout_table.c reads the tables' headings and gives their columns
 * their roles, and this file finds the table kinds, the terms a heading
 * names and the page's kind.
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

/* Whether a word's centre lies where a labelled value may stand. */
static int in_value_area(const hb_layout *l, hb_box b)
{
    int cx = b.x + b.w / 2, cy = b.y + b.h / 2;
    for (size_t k = 0; k < l->n_hits; k++) {
        hb_box a = l->hits[k].area;
        if (cx >= a.x && cx < a.x + a.w && cy >= a.y && cy < a.y + a.h)
            return 1;
    }
    return 0;
}

/* See layout.h. */
void layout_measure_quality(hb_layout *out)
{
    double sum = 0, val = 0;
    size_t nw = 0, nv = 0;
    for (size_t i = 0; i < out->n_rows; i++)
        for (size_t w = 0; w < out->rows[i].n_words; w++, nw++) {
            const hb_word *wd = &out->rows[i].words[w];
            sum += wd->conf;
            if (in_value_area(out, wd->box)) {
                val += wd->conf;
                nv++;
            }
        }
    out->quality = nw ? (float)(sum / (double)nw) : 0;
    out->value_quality = nv ? (float)(val / (double)nv) : 0;
    out->print_quality = nw > nv ? (float)((sum - val) / (double)(nw - nv)) : 0;
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
            rc = layout_classify_table(r, pg, &grids[i], out->family,
                                       &out->tables[i], e);
            out->n_tables = i + 1;
        }
    }
    if (rc) {
        layout_free(out);
        return -1;
    }
    if (out->family == HB_FAMILY_UNKNOWN)
        out->family = family_from_tables(out);
    layout_measure_quality(out);

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
