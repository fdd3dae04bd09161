/*
 * extract_page.c - one cleaned page into a partial record.
 *
 * The page's layout (layout.h) says where each value is and what it must
 * hold; this file reads those values with the fitting recognizer and puts
 * them into an hb_record that holds only this page's fields.  The book
 * assembly (extract.c) then merges the pages of a year and copies the
 * personal page into each year.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "extract_int.h"
#include "fields.h"
#include "spelling.h"
#include "text.h"

/* HB_TRACE=FILE appends one line per field read: page, box, what each
 * recognizer pass said, the value and its confidence.  samples/bench.sh
 * joins it with the ground truth to calibrate the confidence. */
static void trace(const char *what, const hb_reading *rd, int page)
{
    const char *path = getenv("HB_TRACE");
    if (!path || !*path)
        return;
    FILE *f = fopen(path, "a");
    if (!f)
        return;
    fprintf(f, "%d\t%d,%d,%d,%d\t%s\t%s\t%d\t%u\t%s\n", page, rd->box.x,
            rd->box.y, rd->box.w, rd->box.h, what, rd->value ? rd->value : "",
            rd->conf, rd->flags, rd->detail);
    fclose(f);
}

/* HB_TRACE: each table's kind and its columns' roles, with the headings
 * they came from (layout.h: hb_table.why), so that a wrong column can be
 * traced to its heading. */
static void trace_tables(const hb_layout *l, int page)
{
    const char *path = getenv("HB_TRACE");
    if (!path || !*path)
        return;
    FILE *f = fopen(path, "a");
    if (!f)
        return;
    for (size_t i = 0; i < l->n_tables; i++) {
        const hb_table *t = &l->tables[i];
        if (t->kind == HB_TABLE_BOX)
            continue;
        fprintf(f, "%d\t-\ttable-roles\tkind %d%s rows %d\t%s\n", page,
                (int)t->kind, t->across ? " across" : "", t->header_rows,
                t->why ? t->why : "");
    }
    fclose(f);
}

int extract_put(hb_field *f, const hb_reading *rd, int page)
{
    if (record_field_set(f, rd->value ? rd->value : ""))
        return -1;
    f->conf = rd->conf;
    f->page = page;
    f->box = rd->box;
    if (f->box.x < 0)
        f->box.w += f->box.x, f->box.x = 0;
    if (f->box.y < 0)
        f->box.h += f->box.y, f->box.y = 0;
    if (f->box.w < 0)
        f->box.w = 0;
    if (f->box.h < 0)
        f->box.h = 0;
    if ((rd->flags & HB_RD_FORMAT) && record_field_flag(f, "format"))
        return -1;
    /* a doubt no confidence expresses: it stays however many pages agree */
    if ((rd->flags & HB_RD_GLYPHS) && record_field_flag(f, "glyphs"))
        return -1;
    if ((rd->flags & HB_RD_MARK) && record_field_flag(f, "mark"))
        return -1;
    return 0;
}

void extract_page_read_free(hb_page_read *p)
{
    if (!p)
        return;
    record_free(p->frag);
    memset(p, 0, sizeof *p);
}

/* ---- labelled values ---------------------------------------------------- */

static int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* (extract_int.h) */
int extract_letter_ink(const hb_page_img *pg, hb_box area)
{
    if (area.w <= 0 || area.h <= 0)
        return 0;
    BOX *b = boxCreate(area.x, area.y, area.w, area.h);
    PIX *clip = b ? pixClipRectangle(pg->bin, b, NULL) : NULL;
    boxDestroy(&b);
    if (!clip)
        return 0;
    int minh = pg->dpi / 30;
    PIX *big = pixSelectBySize(clip, 1, minh, 8, L_SELECT_HEIGHT,
                               L_SELECT_IF_GTE, NULL);
    l_int32 n = 0;
    if (big)
        pixCountPixels(big, &n, NULL);
    pixDestroy(&big);
    pixDestroy(&clip);
    return n > 0;
}

/* (extract_int.h)  Tesseract sometimes drops a whole handwritten word
 * that sits on the leader dots ("Mẹ  Đặng Tường Giang" read "Mẹ Tường
 * Giang", seed 9022), and a value box made of the words read would leave
 * the surname out unnoticed. */
int extract_dropped_word_x(const hb_page_img *pg, hb_box area, hb_box value)
{
    int gap = pg->dpi / 30; /* a word space: ink closer belongs to value */
    hb_box band = { area.x, area.y, value.x - gap - area.x, area.h };
    if (band.w <= pg->dpi / 20 || band.h <= 0)
        return -1;
    BOX *b = boxCreate(band.x, band.y, band.w, band.h);
    PIX *clip = b ? pixClipRectangle(pg->bin, b, NULL) : NULL;
    boxDestroy(&b);
    BOXA *ba = clip ? pixConnComp(clip, NULL, 8) : NULL;
    pixDestroy(&clip);
    int left = -1, letters = 0;
    for (int i = 0; ba && i < boxaGetCount(ba); i++) {
        l_int32 x, y, w, h;
        boxaGetBoxGeometry(ba, i, &x, &y, &w, &h);
        /* letter-sized, and not touching the band's left edge (the tail
         * of the label's last letter) */
        if (h < pg->dpi / 30 || w < pg->dpi / 60 || x == 0)
            continue;
        letters++;
        if (left < 0 || x < left)
            left = x;
    }
    boxaDestroy(&ba);
    /* one letter-sized piece may be a stray mark; a word has two or more
     * (a handwritten word in one stroke is one: it stays unseen) */
    return letters >= 2 ? band.x + left : -1;
}

/* A value's box from the line reading can start inside its first glyph:
 * Tesseract's word boxes are off by a few pixels, and a value glued to its
 * label's colon ("trường:4063153") is split by counting characters.  The
 * part of an "H" or a "4" left of the cut is its stem, and what remains
 * reads as "1".  So the box moves left past any piece of ink that crosses
 * its left edge, at most one glyph's width (never far into the label: the
 * colon before the value is a separate piece and does not cross). */
static void widen_to_whole_glyph(const hb_page_img *pg, hb_box *cell)
{
    int reach = pg->dpi / 10;
    int x0 = cell->x - reach < 0 ? 0 : cell->x - reach;
    int w = cell->x + pg->dpi / 30 - x0;
    if (w <= 0 || cell->h <= 0 || cell->x <= x0)
        return;
    BOX *b = boxCreate(x0, cell->y, w, cell->h);
    PIX *clip = b ? pixClipRectangle(pg->bin, b, NULL) : NULL;
    boxDestroy(&b);
    BOXA *ba = clip ? pixConnComp(clip, NULL, 8) : NULL;
    pixDestroy(&clip);
    int edge = cell->x - x0, left = edge;
    for (int i = 0; ba && i < boxaGetCount(ba); i++) {
        l_int32 bx, by, bw, bh;
        boxaGetBoxGeometry(ba, i, &bx, &by, &bw, &bh);
        /* letter-sized ink across the edge (not a leader dot) */
        if (bx < edge && bx + bw > edge && bh >= pg->dpi / 30 && bx > 0 &&
            bx - 2 < left)
            left = bx - 2 < 0 ? 0 : bx - 2;
    }
    boxaDestroy(&ba);
    cell->w += edge - left;
    cell->x = x0 + left;
}

/* Whether a field's path ends in one of tails (a NULL-ended list of
 * "/ELEMENT"s): the field's kind whatever section holds it. */
static int path_ends_in(const char *path, const char *const *tails)
{
    for (int i = 0; tails[i]; i++)
        if (text_ends_with(path, tails[i]))
            return 1;
    return 0;
}

/* The labelled values a form leaves empty when they do not apply: no
 * guardian, no policy status, no award.  Every other one is required. */
static int may_be_empty(const char *path)
{
    static const char *const tails[] = { "/HO_TEN_NGUOI_GIAM_HO", "/DOI_TUONG",
                                         "/DANH_HIEU", "/NGAY_NHAP_HOC", NULL };
    return path_ends_in(path, tails);
}

static int read_hit(hb_recognizer *r, const hb_page_img *pg, hb_record *frag,
                    const hb_label_hit *h, int page, hb_err *e)
{
    hb_field *f = record_find_field(frag, h->path);
    if (!f)
        return 0;
    /* the first reading of a label on a page wins ("Trường:" is printed
     * once per page; a second hit is a remark that happens to say it) */
    if (f->value && f->page == page)
        return 0;
    hb_reading rd;
    memset(&rd, 0, sizeof rd);
    if (h->value.w <= 0 && !extract_letter_ink(pg, h->area)) {
        /* nothing after the label but leader dots: an empty value,
         * believable only where the form lets it be empty; a value the
         * form requires read empty goes to a person */
        rd.flags = HB_RD_EMPTY;
        rd.conf = may_be_empty(h->path) ? 85 : 0;
        rd.box = h->area;
    } else if (h->value.w <= 0) {
        /* the line reading saw nothing, yet letter-sized ink is there:
         * read it, and do not trust it much */
        if (recognize_field(r, pg, h->area, 0, h->kind, h->vs, &rd, e))
            return -1;
        rd.conf = clampi(rd.conf, 0, 50);
    } else {
        /* a little more on the right: a final full stop */
        int pad = pg->dpi / 50, tail = pg->dpi / 25;
        hb_box cell = { h->value.x - pad, h->value.y - pad,
                        h->value.w + pad + tail, h->value.h + 2 * pad };
        /* a word the line reading dropped between the label and the
         * value: the value's cell takes it in, and the line's reading,
         * which lacks it, is no vote */
        int dropped = extract_dropped_word_x(pg, h->area, h->value);
        if (dropped >= 0) {
            cell.w += cell.x - (dropped - pad);
            cell.x = dropped - pad;
        }
        widen_to_whole_glyph(pg, &cell);
        /* never into the next label */
        int right = h->area.x + h->area.w;
        if (cell.x + cell.w > right && right > cell.x)
            cell.w = right - cell.x;
        /* The line's own reading is vie's: for the kinds read by two
         * models it is one of the votes. */
        char *alt = NULL;
        int arc = recognize_parse(h->kind, h->vs, h->line_text ? h->line_text : "",
                                  &alt);
        int voted = h->kind == HB_FK_NAME || h->kind == HB_FK_TEXT ||
                    h->kind == HB_FK_PLACE || h->kind == HB_FK_DATE ||
                    h->kind == HB_FK_CLASS;
        if (dropped >= 0) {
            free(alt);
            alt = NULL;
        }
        if (recognize_field_hint(r, pg, cell, 0, h->kind, h->vs,
                                 voted && arc == HB_PARSE_OK ? alt : NULL,
                                 (int)h->line_conf, &rd, e)) {
            free(alt);
            return -1;
        }
        if (dropped >= 0) {
            /* the line's words are no witness here */
        } else if (voted && arc == HB_PARSE_OK) {
            /* counted already */
        } else if (rd.value && arc == HB_PARSE_OK && alt &&
                   strcmp(alt, rd.value) == 0) {
            rd.conf = clampi(rd.conf + 8, 0, 99);
        } else if (rd.value && !(rd.flags & HB_RD_FORMAT)) {
            /* The line's words (cut by a label, leader dots read as
             * letters) are the weakest witness: they lower the confidence
             * of the scores and codes read by two engines, and make a
             * level reading (one engine) a guess. */
            if (h->kind == HB_FK_LEVEL || (rd.flags & HB_RD_DISAGREE))
                rd.conf = clampi(rd.conf - 25, 0, 50);
            else
                rd.conf = clampi(rd.conf - 10, 0, 99);
            rd.flags |= HB_RD_DISAGREE;
        }
        free(alt);
        /* "only leader dots" where letter-sized ink stands: a handwritten
         * value the engines could not make out ("Cha: Phan Công Minh" in
         * a flowing hand, seed 9046), not an empty one; a person reads it */
        if ((rd.flags & HB_RD_EMPTY) && extract_letter_ink(pg, cell))
            rd.conf = 0;
        if (strstr(h->path, "/LEN_LOP") && rd.value)
            spelling_snap_len_lop(&rd);
        if (strstr(h->path, "/NGHE_NGHIEP_") && rd.value)
            spelling_snap_occupation(&rd);
        if (!strstr(h->path, "NHAN_XET") && rd.value)
            spelling_drop_final_stop(&rd);
    }
    trace(h->path, &rd, page);
    int rc = extract_put(f, &rd, page);
    recognize_reading_free(&rd);
    return rc ? err_set(e, HB_ENOMEM, "extract: out of memory") : 0;
}

/* ---- tables ------------------------------------------------------------- */

static int cell_inset(const hb_page_img *pg)
{
    return pg->dpi / 100 + 1;
}

/* The printed spelling of a subject closest to what was read: "Vật lý"
 * stays "Vật lý" even when OCR lost its hook. */
static const char *printed_name(const hb_subject_def *d, const char *label)
{
    char *fl = text_fold(label);
    const char *best = d->name;
    size_t bd = (size_t)-1;
    for (int i = -1; i < 6 && fl; i++) {
        const char *v = i < 0 ? d->name : d->variants[i];
        if (!v)
            break;
        char *fv = text_fold(v);
        size_t dd = fv ? text_distance(fl, fv) : (size_t)-1;
        if (dd < bd) {
            bd = dd;
            best = v;
        }
        free(fv);
    }
    free(fl);
    return best;
}

static hb_field *subject_field(hb_subject *s, hb_col_role role)
{
    switch (role) {
    case HB_COL_HK1: return &s->hk1;
    case HB_COL_HK2: return &s->hk2;
    case HB_COL_CN: return &s->cn;
    case HB_COL_KTDK1: return &s->ktdk1;
    case HB_COL_KTDK2: return &s->ktdk2;
    case HB_COL_DGL: return &s->danh_gia_lai;
    case HB_COL_NX: return &s->nhan_xet;
    default: return NULL;
    }
}

/* Reads one table cell into `f`; `optional` cells are left absent when
 * empty (the truth of an unprinted remark is no remark, not an empty one);
 * `votes` (NULL: not wanted) gets what the readers said besides the value. */
static int read_cell(hb_recognizer *r, const hb_page_img *pg, hb_box box,
                     hb_field_kind kind, hb_valueset vs, int optional,
                     hb_field *f, int page, hb_cell_votes *votes, hb_err *e)
{
    hb_reading rd;
    if (recognize_field(r, pg, box, cell_inset(pg), kind, vs, &rd, e))
        return -1;
    if (votes) {
        votes->agreed = rd.value && !(rd.flags & (HB_RD_DISAGREE | HB_RD_FORMAT |
                                                  HB_RD_EMPTY));
        memcpy(votes->alts, rd.alts, sizeof votes->alts);
    }
    int rc = 0;
    trace(kind == HB_FK_SCORE ? "score" : kind == HB_FK_LEVEL ? "level"
          : kind == HB_FK_TEST_SCORE ? "test" : kind == HB_FK_INT ? "int"
          : "text", &rd, page);
    if (!(optional && (rd.flags & HB_RD_EMPTY)))
        rc = extract_put(f, &rd, page);
    recognize_reading_free(&rd);
    return rc ? err_set(e, HB_ENOMEM, "extract: out of memory") : 0;
}

/* A cell of a subject whose kind the catalogue does not know (an unknown
 * row): a score if it reads as one, else a level of the family. */
static int read_unknown_cell(hb_recognizer *r, const hb_page_img *pg,
                             hb_box box, hb_family fam, hb_field *f, int page,
                             hb_err *e)
{
    hb_reading rd;
    if (recognize_field(r, pg, box, cell_inset(pg), HB_FK_SCORE, 0, &rd, e))
        return -1;
    if (rd.flags & HB_RD_FORMAT) {
        recognize_reading_free(&rd);
        hb_valueset vs = fam == HB_FAMILY_TT27 || fam == HB_FAMILY_TT30
                             ? HB_VS_LEVEL : HB_VS_COMMENT;
        if (recognize_field(r, pg, box, cell_inset(pg), HB_FK_LEVEL, vs, &rd, e))
            return -1;
    }
    int rc = extract_put(f, &rd, page);
    recognize_reading_free(&rd);
    return rc ? err_set(e, HB_ENOMEM, "extract: out of memory") : 0;
}

static char *read_label(hb_recognizer *r, const hb_page_img *pg, hb_box box,
                        hb_err *e)
{
    hb_reading rd;
    if (recognize_field(r, pg, box, cell_inset(pg), HB_FK_LABEL, 0, &rd, e))
        return NULL;
    char *s = text_dup(rd.value ? rd.value : "");
    recognize_reading_free(&rd);
    if (!s)
        err_set(e, HB_ENOMEM, "extract: out of memory");
    return s;
}

static int col_of(const hb_table *t, hb_col_role role)
{
    for (int c = 0; c < t->grid->n_cols; c++)
        if (t->roles[c] == role)
            return c;
    return -1;
}

/* The cell that starts at (row, col), NULL when a spanning cell covers it. */
static const hb_cell *own_cell(const hb_grid *g, int row, int col)
{
    const hb_cell *c = grid_cell_at(g, row, col);
    return c && c->row == row && c->col == col ? c : NULL;
}

/* Nonzero when a cell of `row` other than the label's holds ink. */
static int row_has_ink(const hb_page_img *pg, const hb_grid *g, int row, int lc)
{
    for (int c = 0; c < g->n_cols; c++) {
        const hb_cell *cell = grid_cell_at(g, row, c);
        hb_box ink;
        if (c != lc && cell && cell->row == row &&
            recognize_ink_box(pg->bin, cell->box, pg->dpi / 100 + 1, &ink) >= 20)
            return 1;
    }
    return 0;
}

/* Nonzero when a row label is a row number ("3", "12.", "IV"): digits or
 * roman numerals only, at most four characters. */
static int is_number_label(const char *label)
{
    size_t n = 0, digits = 0;
    for (const char *p = label; *p; p++) {
        if (*p == ' ' || *p == '.' || *p == ')')
            continue;
        n++;
        digits += (*p >= '0' && *p <= '9') || *p == 'I' || *p == 'V' ||
                  *p == 'X' || *p == 'l' || *p == '|';
    }
    return n > 0 && n <= 4 && digits == n;
}

/* Folded words of a text, for overlap counting. */
static int word_overlap(const char *label, const char *name)
{
    char *a = text_fold(label), *b = text_fold(name);
    int common = 0;
    if (a && b) {
        char *save = NULL;
        for (char *w = strtok_r(a, " ,.;:()", &save); w;
             w = strtok_r(NULL, " ,.;:()", &save)) {
            if (strlen(w) < 2)
                continue;
            size_t n = strlen(w);
            for (const char *p = strstr(b, w); p; p = strstr(p + 1, w))
                if ((p == b || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' ' ||
                                                 p[n] == ',')) {
                    common++;
                    break;
                }
        }
    }
    free(a);
    free(b);
    return common;
}

/* A row label too damaged for the catalogue's fuzzy match ("Nội c của (",
 * "vn dục quốc phòng và an"): the subject of the family that no other row
 * of the table claimed and with which it shares the most words, when it
 * shares at least two and no other candidate shares as many.  The row is
 * not flagged for this (the name is not a value), but its cells read with
 * the subject's kind are checked as usual. */
static const hb_subject_def *unclaimed_subject(const char *label,
                                               const hb_subject_def **defs,
                                               int nr, hb_family fam)
{
    const hb_subject_def *best = NULL;
    int bo = 0, tie = 0;
    for (const hb_subject_def *c = catalog_subjects; c->code; c++) {
        if (fam != HB_FAMILY_UNKNOWN && catalog_subject_kind(c->code, fam) == HB_KIND_NONE)
            continue;
        int taken = 0;
        for (int k = 0; k < nr && !taken; k++)
            taken = defs[k] == c;
        if (taken)
            continue;
        int o = word_overlap(label, c->name);
        for (int i = 0; i < 6 && c->variants[i]; i++) {
            int ov = word_overlap(label, c->variants[i]);
            if (ov > o)
                o = ov;
        }
        if (o > bo) {
            bo = o;
            best = c;
            tie = 0;
        } else if (o == bo && o > 0) {
            tie = 1;
        }
    }
    return bo >= 2 && !tie ? best : NULL;
}

static int read_subjects(hb_recognizer *r, const hb_page_img *pg,
                         hb_record *frag, const hb_table *t, hb_family fam,
                         int page, hb_err *e)
{
    const hb_grid *g = t->grid;
    int lc = col_of(t, HB_COL_LABEL);
    if (lc < 0)
        return 0;
    int tt27 = fam == HB_FAMILY_TT27 || fam == HB_FAMILY_TT30;
    /* the row labels first: a badly read one may still be named by the
     * subjects of the family that no other row took */
    int nr = g->n_rows;
    char **labels = calloc((size_t)(nr > 0 ? nr : 1), sizeof *labels);
    const hb_subject_def **defs = calloc((size_t)(nr > 0 ? nr : 1), sizeof *defs);
    if (!labels || !defs) {
        free(labels);
        free(defs);
        return err_set(e, HB_ENOMEM, "extract: out of memory");
    }
    int rc0 = 0;
    int label_pass = 0;
reread_labels:
    for (int row = t->header_rows; row < nr && !rc0; row++) {
        const hb_cell *lcell = grid_cell_at(g, row, lc);
        if (!lcell)
            continue;
        hb_box lbox = lcell->box;
        if (lcell->rowspan > 1) {
            /* a ruling line between two labels was lost: each row reads
             * its own band of the merged cell */
            int y0 = g->row_y[row], y1 = g->row_y[row + 1];
            lbox.y = y0 + 2;
            lbox.h = y1 - y0 - 4;
        }
        labels[row] = read_label(r, pg, lbox, e);
        if (!labels[row])
            rc0 = -1;
        else if (*labels[row])
            defs[row] = layout_match_subject(labels[row], NULL);
        else if (row_has_ink(pg, g, row, lc)) {
            /* a label the reader lost, on a row with values: unnamed */
            free(labels[row]);
            labels[row] = text_dup("?");
            if (!labels[row])
                rc0 = err_set(e, HB_ENOMEM, "extract: out of memory");
        }
    }
    /* The subject column is the one whose cells read as names: a column
     * of row numbers ("1", "2", ...) whose heading was lost or misread is
     * not it, and the column after it (with no role of its own) is. */
    if (!rc0 && label_pass == 0 && lc + 1 < g->n_cols &&
        t->roles[lc + 1] == HB_COL_NONE) {
        int numbers = 0, named = 0;
        for (int row = t->header_rows; row < nr; row++) {
            if (!labels[row] || !*labels[row])
                continue;
            named++;
            numbers += is_number_label(labels[row]);
        }
        if (named && numbers * 2 > named) {
            for (int row = 0; row < nr; row++) {
                free(labels[row]);
                labels[row] = NULL;
                defs[row] = NULL;
            }
            lc++;
            label_pass = 1;
            goto reread_labels;
        }
    }
    for (int row = t->header_rows; row < nr && !rc0; row++)
        if (labels[row] && *labels[row] && !defs[row])
            defs[row] = unclaimed_subject(labels[row], defs, nr, fam);
    for (int row = t->header_rows; row < nr; row++) {
        const char *tp = getenv("HB_TRACE");
        FILE *tf = tp && *tp && labels[row] ? fopen(tp, "a") : NULL;
        if (tf) {
            fprintf(tf, "%d\t-\trow-label\t%s\t%s\n", page, labels[row],
                    defs[row] ? defs[row]->code : "-");
            fclose(tf);
        }
    }
    /* One row left unnamed and one subject of the printed form left
     * unclaimed: that row is that subject, but only a guess by position,
     * so its cells go to a person (reason row-label). */
    int guessed = -1;
    {
        int grade = 0, unnamed = -1, n_unnamed = 0;
        char *cls = NULL;
        if (frag->year.lop.value &&
            fields_parse_class(frag->year.lop.value, &cls, &grade) != HB_PARSE_OK)
            grade = 0;
        free(cls);
        for (int row = t->header_rows; row < nr; row++)
            if (labels[row] && *labels[row] && !defs[row]) {
                unnamed = row;
                n_unnamed++;
            }
        const char *const *form = grade ? catalog_form_subjects(fam, grade) : NULL;
        const hb_subject_def *left = NULL;
        int n_left = 0;
        for (int i = 0; form && form[i]; i++) {
            const hb_subject_def *c = catalog_find_subject(form[i]);
            int taken = 0;
            for (int k = 0; k < nr && !taken; k++)
                taken = defs[k] == c;
            if (c && !taken) {
                left = c;
                n_left++;
            }
        }
        if (n_unnamed == 1 && n_left == 1) {
            defs[unnamed] = left;
            guessed = unnamed;
        }
    }
    for (int row = t->header_rows; row < nr && !rc0; row++) {
        char *label = labels[row];
        if (!label || !*label)
            continue; /* a blank row at the table's end */
        const hb_subject_def *d = defs[row];
        hb_subject *s = record_add_subject(frag, d ? d->code : NULL,
                                           d ? printed_name(d, label) : label);
        if (!s) {
            rc0 = err_set(e, HB_ENOMEM, "extract: out of memory");
            break;
        }
        hb_kind kind = d ? catalog_subject_kind(d->code, fam) : HB_KIND_NONE;
        hb_cell_votes votes[3] = { { 0, "" }, { 0, "" }, { 0, "" } };
        for (int c = 0; c < g->n_cols; c++) {
            hb_col_role role = t->roles[c];
            hb_field *f = subject_field(s, role);
            const hb_cell *cell = own_cell(g, row, c);
            if (!f || !cell)
                continue;
            int rc;
            if (role == HB_COL_NX) {
                rc = read_cell(r, pg, cell->box, HB_FK_TEXT, 0, 1, f, page, NULL, e);
            } else if (role == HB_COL_KTDK1 || role == HB_COL_KTDK2) {
                rc = read_cell(r, pg, cell->box, HB_FK_TEST_SCORE, 0,
                               kind != HB_KIND_LEVEL_TEST, f, page, NULL, e);
            } else if (!d || kind == HB_KIND_NONE) {
                rc = read_unknown_cell(r, pg, cell->box, fam, f, page, e);
            } else {
                hb_field_kind fk = kind == HB_KIND_SCORE ? HB_FK_SCORE
                                                         : HB_FK_LEVEL;
                hb_valueset vs = kind == HB_KIND_COMMENT ? HB_VS_COMMENT
                                                         : HB_VS_LEVEL;
                if (kind == HB_KIND_SCORE && tt27)
                    fk = HB_FK_SCORE;
                int term = role == HB_COL_HK1 ? 0 : role == HB_COL_HK2 ? 1
                           : role == HB_COL_CN ? 2 : -1;
                rc = read_cell(r, pg, cell->box, fk, vs, role == HB_COL_DGL, f,
                               page, term >= 0 ? &votes[term] : NULL, e);
            }
            if (rc) {
                rc0 = -1;
                break;
            }
            if (t->doubt && t->doubt[c] && f->value) {
                /* the column's role is a guess (layout.h): a person
                 * checks the whole column */
                if (f->conf > 50)
                    f->conf = 50;
                if (record_field_flag(f, "column-role")) {
                    rc0 = err_set(e, HB_ENOMEM, "extract: out of memory");
                    break;
                }
            }
            if (row == guessed && f->value && f->conf >= 0) {
                if (f->conf > 50)
                    f->conf = 50;
                if (record_field_flag(f, "row-label")) {
                    rc0 = err_set(e, HB_ENOMEM, "extract: out of memory");
                    break;
                }
            }
        }
        if (!rc0 && kind == HB_KIND_SCORE &&
            (fam == HB_FAMILY_TT58 || fam == HB_FAMILY_TT22)) {
            extract_formula_settle(s, votes);
        }
    }
    for (int row = 0; row < nr; row++)
        free(labels[row]);
    free(labels);
    free(defs);
    return rc0;
}

void extract_order_terms(int *terms, int nrows, int *guessed)
{
    int last = 0, unordered = 0;
    for (int i = 0; i < nrows; i++) {
        guessed[i] = 0;
        if (terms[i] && terms[i] <= last)
            unordered = 1;
        if (terms[i])
            last = terms[i];
    }
    for (int i = 0; i < nrows; i++) {
        if (unordered && nrows == 3 && terms[i] && terms[i] != i + 1)
            guessed[i] = 1, terms[i] = i + 1;
        if (!terms[i]) /* the rows are printed in order */
            terms[i] = i + 1;
    }
}

static int read_conduct(hb_recognizer *r, const hb_page_img *pg,
                        hb_record *frag, const hb_table *t, hb_family fam,
                        int page, hb_err *e)
{
    const hb_grid *g = t->grid;
    int tt22 = fam == HB_FAMILY_TT22;
    if (fam != HB_FAMILY_TT22 && fam != HB_FAMILY_TT58)
        tt22 = t->head_text && layout_table_kind(t->head_text) == HB_TABLE_CONDUCT &&
               strstr(t->head_text, "luy") != NULL;
    hb_term3 *a = tt22 ? &frag->year.ren_luyen : &frag->year.hanh_kiem;
    hb_term3 *b = tt22 ? &frag->year.ket_qua_hoc_tap : &frag->year.hoc_luc;
    hb_valueset va = tt22 ? HB_VS_TT22_RESULT : HB_VS_HANH_KIEM;
    hb_valueset vb = tt22 ? HB_VS_TT22_RESULT : HB_VS_HOC_LUC;
    int lc = col_of(t, HB_COL_LABEL);
    int days_done = 0;
    /* Each row's term from its label.  "HKI" and "HKII" differ by one
     * stroke, which OCR drops now and then: the HK II row then claims HK I
     * and its values overwrite HK I's, HK II left empty (seed 9036).  The
     * form prints the three rows in order, so labels that do not name the
     * terms in increasing order give way to the order, and the values of a
     * row whose label said otherwise go to a person (`term-label`). */
    int terms[8] = { 0 }, guessed[8] = { 0 };
    int nrows = g->n_rows - t->header_rows;
    if (nrows > 8)
        nrows = 8; /* a results table has 3 rows, a spare one or two */
    for (int i = 0; i < nrows; i++) {
        int row = t->header_rows + i;
        if (lc >= 0 && own_cell(g, row, lc)) {
            char *label = read_label(r, pg, own_cell(g, row, lc)->box, e);
            if (!label)
                return -1;
            terms[i] = layout_term_of(label);
            free(label);
        }
    }
    extract_order_terms(terms, nrows, guessed);
    for (int row = t->header_rows; row < t->header_rows + nrows; row++) {
        int i = row - t->header_rows;
        int term = terms[i];
        if (term < 1 || term > 3)
            continue;
        for (int c = 0; c < g->n_cols; c++) {
            const hb_cell *cell = own_cell(g, row, c);
            if (!cell)
                continue;
            hb_col_role role = t->roles[c];
            int rc = 0;
            if (role == HB_COL_CONDUCT || role == HB_COL_LEARNING) {
                hb_term3 *tt = role == HB_COL_CONDUCT ? a : b;
                hb_field *f = term == 1 ? &tt->hk1 : term == 2 ? &tt->hk2 : &tt->cn;
                rc = read_cell(r, pg, cell->box, HB_FK_LEVEL,
                               role == HB_COL_CONDUCT ? va : vb, 0, f, page, NULL, e);
                if (!rc && guessed[i] && f->value) {
                    if (f->conf > 50)
                        f->conf = 50;
                    if (record_field_flag(f, "term-label"))
                        return err_set(e, HB_ENOMEM, "extract: out of memory");
                }
            } else if (role == HB_COL_DAYS && !days_done) {
                days_done = 1;
                rc = read_cell(r, pg, cell->box, HB_FK_INT, 0, 0,
                               &frag->year.so_buoi_nghi, page, NULL, e);
            }
            if (rc)
                return -1;
        }
    }
    return 0;
}

/* The results table the other way round ("Xếp loại | Học kỳ I | Học kỳ
 * II | Cả năm"): a row per result, named by its label (Hạnh kiểm / Học
 * lực, or TT22's Kết quả rèn luyện / Kết quả học tập), else the conduct
 * first as printed; the columns' terms are their roles (layout.h). */
static int read_conduct_across(hb_recognizer *r, const hb_page_img *pg,
                               hb_record *frag, const hb_table *t,
                               hb_family fam, int page, hb_err *e)
{
    const hb_grid *g = t->grid;
    int lc = col_of(t, HB_COL_LABEL);
    int nth = 0;
    for (int row = t->header_rows; row < g->n_rows; row++) {
        hb_col_role what = HB_COL_NONE;
        int tt22 = fam == HB_FAMILY_TT22;
        if (lc >= 0 && own_cell(g, row, lc)) {
            char *label = read_label(r, pg, own_cell(g, row, lc)->box, e);
            if (!label)
                return -1;
            what = layout_column_role(HB_TABLE_CONDUCT, NULL, label);
            char *f = text_fold(label);
            if (f && (strstr(f, "ren luyen") || strstr(f, "hoc tap")))
                tt22 = 1;
            else if (f && (strstr(f, "hanh kiem") || strstr(f, "hoc luc")))
                tt22 = 0;
            free(f);
            free(label);
        }
        if (what != HB_COL_CONDUCT && what != HB_COL_LEARNING)
            what = nth == 0 ? HB_COL_CONDUCT : nth == 1 ? HB_COL_LEARNING
                                                       : HB_COL_NONE;
        nth++;
        if (what == HB_COL_NONE)
            continue;
        hb_term3 *tt = what == HB_COL_CONDUCT
                           ? (tt22 ? &frag->year.ren_luyen : &frag->year.hanh_kiem)
                           : (tt22 ? &frag->year.ket_qua_hoc_tap : &frag->year.hoc_luc);
        hb_valueset vs = tt22 ? HB_VS_TT22_RESULT
                         : what == HB_COL_CONDUCT ? HB_VS_HANH_KIEM : HB_VS_HOC_LUC;
        for (int c = 0; c < g->n_cols; c++) {
            const hb_cell *cell = own_cell(g, row, c);
            hb_col_role role = t->roles[c];
            hb_field *f = role == HB_COL_HK1 ? &tt->hk1 : role == HB_COL_HK2
                              ? &tt->hk2 : role == HB_COL_CN ? &tt->cn : NULL;
            if (!cell || !f)
                continue;
            if (read_cell(r, pg, cell->box, HB_FK_LEVEL, vs, 0, f, page, NULL, e))
                return -1;
            if (t->doubt && t->doubt[c] && f->value) {
                if (f->conf > 50)
                    f->conf = 50;
                if (record_field_flag(f, "column-role"))
                    return err_set(e, HB_ENOMEM, "extract: out of memory");
            }
        }
    }
    return 0;
}

static int read_muc(hb_recognizer *r, const hb_page_img *pg, hb_record *frag,
                    const hb_table *t, int page, hb_err *e)
{
    const hb_grid *g = t->grid;
    int competence = t->kind == HB_TABLE_NANG_LUC;
    int lc = col_of(t, HB_COL_LABEL), vc = col_of(t, HB_COL_LEVEL);
    if (lc < 0 || vc < 0)
        return 0;
    for (int row = t->header_rows; row < g->n_rows; row++) {
        const hb_cell *lcell = own_cell(g, row, lc), *vcell = own_cell(g, row, vc);
        if (!lcell || !vcell)
            continue;
        char *label = read_label(r, pg, lcell->box, e);
        if (!label)
            return -1;
        const char *name = layout_match_muc(label, competence);
        hb_muc *m = record_add_muc(competence ? &frag->year.nang_luc
                                              : &frag->year.pham_chat,
                                   competence ? &frag->year.n_nang_luc
                                              : &frag->year.n_pham_chat,
                                   name ? name : label);
        free(label);
        if (!m)
            return err_set(e, HB_ENOMEM, "extract: out of memory");
        if (read_cell(r, pg, vcell->box, HB_FK_LEVEL, HB_VS_PHAM_CHAT, 0,
                      &m->value, page, NULL, e))
            return -1;
        if (!name && record_field_flag(&m->value, "unknown-item"))
            return err_set(e, HB_ENOMEM, "extract: out of memory");
    }
    return 0;
}

static int read_history(hb_recognizer *r, const hb_page_img *pg,
                        hb_record *frag, const hb_table *t, int page,
                        hb_err *e)
{
    const hb_grid *g = t->grid;
    for (int row = t->header_rows; row < g->n_rows; row++) {
        /* a row with no ink at all is one of the form's spare rows */
        int any = 0;
        for (int c = 0; c < g->n_cols && !any; c++) {
            const hb_cell *cell = own_cell(g, row, c);
            hb_box ink;
            any = cell && recognize_ink_box(pg->bin, cell->box, cell_inset(pg),
                                            &ink) >= 20;
        }
        if (!any)
            continue;
        hb_history *h = record_add_history(frag);
        if (!h)
            return err_set(e, HB_ENOMEM, "extract: out of memory");
        for (int c = 0; c < g->n_cols; c++) {
            const hb_cell *cell = own_cell(g, row, c);
            if (!cell)
                continue;
            hb_field *f = NULL;
            hb_field_kind k = HB_FK_TEXT;
            switch (t->roles[c]) {
            case HB_COL_NAM_HOC: f = &h->nam_hoc; k = HB_FK_SCHOOL_YEAR; break;
            case HB_COL_LOP: f = &h->lop; k = HB_FK_CLASS; break;
            case HB_COL_TRUONG: f = &h->truong; k = HB_FK_PLACE; break;
            case HB_COL_SO_DANG_BO: f = &h->so_dang_bo; k = HB_FK_REGNO; break;
            case HB_COL_NGAY_NHAP_HOC: f = &h->ngay_nhap_hoc; k = HB_FK_DATE; break;
            default: break;
            }
            if (f && read_cell(r, pg, cell->box, k, 0, 0, f, page, NULL, e))
                return -1;
            if (f && f->value && k == HB_FK_TEXT) {
                size_t n = strlen(f->value);
                if (n > 1 && f->value[n - 1] == '.' && f->value[n - 2] != '.')
                    f->value[n - 1] = '\0';
            }
        }
    }
    return 0;
}

/* Mean word confidence of a page's text rows below which the page counts
 * as degraded (typical scans read 93.7-96, the bench's hard ones 85-91.3). */
#define POOR_PAGE_QUALITY 92.5f

/* Free text: the fields whose values are words rather than a format. */
static int is_free_text(const char *path)
{
    static const char *const tails[] = {
        "/NHAN_XET", "/NHAN_XET_GVCN", "/NOI_SINH", "/CHO_O", "/DAN_TOC",
        "/DOI_TUONG", "/NGHE_NGHIEP_CHA", "/NGHE_NGHIEP_ME", "/TEN_TRUONG",
        "/XA_PHUONG", "/TINH", "/LEN_LOP", "/TRUONG", NULL
    };
    return path_ends_in(path, tails);
}

/* A page whose print reads well and whose values read poorly holds values
 * written by hand, not a degraded scan (whose values, printed larger than
 * its small print, read well: at 92 and more against 74-92 for its print,
 * on hard seeds 733 and 736, where handwritten pages read their values at
 * 34-90 and their print at 84-96).  Its free text is misread alike by
 * both models less often than a degraded scan's small print, but not
 * never: on handwritten development seeds (777, 9031, 9041, 9047, the cap
 * lifted) such values read at 90 and more were right 249 times and never
 * wrong; at 80-89 right 68 times and wrong once, unflagged (a dropped dot
 * below, "Vân dung" for "Vận dụng", at 89); at 60-79 wrong 10 times in
 * 57. */
#define HAND_PRINT_QUALITY 90.0f
#define HAND_VALUE_QUALITY 90.0f
#define HAND_GAP 3.0f /* the values at least this far below the print */
#define HAND_TEXT_SURE 90

/* See extract_int.h. */
int extract_handwritten_values(const hb_layout *l)
{
    return l->print_quality >= HAND_PRINT_QUALITY && l->value_quality > 0 &&
           l->value_quality < HAND_VALUE_QUALITY &&
           l->value_quality <= l->print_quality - HAND_GAP;
}

/* See extract_int.h. */
int extract_free_text_line(const hb_layout *l, const char *path,
                           const char *value)
{
    if (!is_free_text(path))
        return 0;
    if (extract_handwritten_values(l) || spelling_listed(path, value))
        return HAND_TEXT_SURE;
    return 101;
}

/* Caps a free-text value's confidence to below the review line, when it
 * is under its line (ctx: the page's layout). */
static int cap_free_text(const char *path, hb_field *f, void *ctx)
{
    int below = extract_free_text_line(ctx, path, f->value);
    if (f->conf > 55 && f->conf < below && f->value && *f->value)
        f->conf = 55;
    return 0;
}

/* ---- the page ------------------------------------------------------------- */

int extract_read_page(hb_recognizer *r, PIX *gray, PIX *bin, int dpi,
                      int page_no, hb_page_read *out, hb_err *e)
{
    return extract_read_page_after(r, gray, bin, dpi, page_no, NULL, out, e);
}

int extract_read_page_after(hb_recognizer *r, PIX *gray, PIX *bin, int dpi,
                            int page_no, const hb_table_shape *prev,
                            hb_page_read *out, hb_err *e)
{
    memset(out, 0, sizeof *out);
    /* each stage charged to its own account (stagetime.h); the cells to
     * their kinds by recognize_field */
    hb_stagetime *st = recognize_stagetime(r);
    hb_stage st_prev = stagetime_enter(st, HB_STAGE_GRID);
    hb_grid *grids = NULL;
    size_t ng = 0;
    /* the line masks serve both the tables and the line removal */
    hb_line_masks masks;
    if (grid_masks_make(bin, dpi, &masks, e) ||
        grid_find_tables_with(bin, &masks, &grids, &ng, e)) {
        grid_masks_free(&masks);
        stagetime_leave(st, st_prev);
        out->failed = 1;
        return 0;
    }
    /* ink is looked for without the ruling lines: a line's residue in a
     * cell would read as "1" or "|" */
    PIX *nolines = grid_remove_lines_with(bin, &masks);
    grid_masks_free(&masks);
    if (!nolines) {
        grid_free_all(grids, ng);
        stagetime_leave(st, st_prev);
        return err_set(e, HB_ENOMEM, "extract: out of memory");
    }
    hb_page_img img = { gray, nolines, dpi, 0 };
    const hb_page_img *pg = &img;
    hb_layout lay;
    stagetime_enter(st, HB_STAGE_LAYOUT);
    if (layout_page(r, pg, grids, ng, &lay, e)) {
        grid_free_all(grids, ng);
        pixDestroy(&nolines);
        stagetime_leave(st, st_prev);
        return e && e->code == HB_ENOMEM ? -1 : (out->failed = 1, 0);
    }
    /* the rest of the previous page's subject table, headings and all
     * said by that page */
    layout_continue_table(&lay, dpi, prev);
    trace_tables(&lay, page_no);
    stagetime_enter(st, HB_STAGE_OTHER);
    layout_table_shape(&lay, dpi, &out->tail);
    img.poor = lay.quality > 0 && lay.quality < POOR_PAGE_QUALITY;
    out->kind = lay.kind;
    out->family = lay.family;
    out->family_from_text = lay.family_from_text;
    out->frag = record_new();
    int rc = out->frag ? 0 : err_set(e, HB_ENOMEM, "extract: out of memory");
    for (size_t i = 0; !rc && i < lay.n_hits; i++)
        rc = read_hit(r, pg, out->frag, &lay.hits[i], page_no, e);
    for (size_t i = 0; !rc && i < lay.n_tables; i++) {
        const hb_table *t = &lay.tables[i];
        switch (t->kind) {
        case HB_TABLE_SUBJECTS:
            rc = read_subjects(r, pg, out->frag, t, lay.family, page_no, e);
            break;
        case HB_TABLE_CONDUCT:
            rc = t->across ? read_conduct_across(r, pg, out->frag, t,
                                                 lay.family, page_no, e)
                           : read_conduct(r, pg, out->frag, t, lay.family,
                                          page_no, e);
            break;
        case HB_TABLE_PHAM_CHAT:
        case HB_TABLE_NANG_LUC:
            rc = read_muc(r, pg, out->frag, t, page_no, e);
            break;
        case HB_TABLE_HISTORY:
            rc = read_history(r, pg, out->frag, t, page_no, e);
            break;
        default:
            break;
        }
    }
    /* On a degraded page (its printed words read with less confidence
     * than any clean scan gives) both text models misread small print in
     * the same way, agreeing: its free text goes to a person whatever its
     * own confidence says (measured: remarks on hard scans were 69% right
     * with most errors agreed by both models; on hard development seeds
     * 733 and 736-748, places read at 90+ were still wrong now and then:
     * "Củ Chị" for "Củ Chi", "Thôn 4; xã" for "Thôn 4, xã").  Values
     * written from a known list (spelling_listed: an ethnic group, an
     * occupation, the promotion line) read as one of it at 90 and more
     * are the exception, as all free text read so on a handwritten page
     * is (handwriting is not small print).  The lines:
     * extract_free_text_line. */
    if (!rc && img.poor)
        record_visit_fields(out->frag, 0, cap_free_text, &lay);
    layout_free(&lay);
    grid_free_all(grids, ng);
    pixDestroy(&nolines);
    stagetime_leave(st, st_prev);
    if (rc) {
        extract_page_read_free(out);
        return -1;
    }
    return 0;
}
