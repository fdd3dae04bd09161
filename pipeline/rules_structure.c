/*
 * rules_structure.c - what reading gets wrong about the *structure* of a
 * page, caught from the values themselves.
 *
 * The other rules judge one cell or one row.  They cannot see a table whose
 * columns were given the wrong roles: a heading misread, a ruling line lost
 * so that two columns merged, a continued page read with the wrong layout.
 * Then every row is wrong in the same way, and most of the wrong cells look
 * perfectly well formed.  The rows still carry the evidence: the year
 * average follows from the two semesters (domain.md rule 1), a column the
 * paper fills is not blank beside full neighbours, and the same ink read
 * for two roles gives two identical columns.  Likewise a value of the wrong
 * kind for its subject (a level where a score belongs) is the trace of a
 * row or column misplaced, also when the family itself was not read.
 *
 * Codes: "rule:columns" on every cell of the columns whose roles are in
 * doubt (also a primary page's test column holding scores in the rows of
 * subjects that have no test), "rule:kind" on a value of the wrong kind.  Like every rule these
 * only flag; the reviewer sees the whole column flagged and can tell from
 * the scan which column is which.  The checks are judged on a table as a
 * whole, so their thresholds (below) are set for a handful of rows and for
 * the arithmetic slips that real paper has: a column is only accused when
 * several rows independently point the same way.
 */
#include <string.h>

#include "catalog.h"
#include "rules.h"
#include "rules_internal.h"

#define COLUMNS "rule:columns"
#define KIND "rule:kind"

/* The result columns of the subject table, in the order of hb_subject.
 * DANH_GIA_LAI (a re-assessment, optional and rare) and NHAN_XET (free
 * text) carry no evidence about the columns and are left out. */
enum { C_HK1, C_HK2, C_CN, C_KTDK1, C_KTDK2, N_COLS };

static hb_field *cell(hb_subject *s, int c)
{
    switch (c) {
    case C_HK1: return &s->hk1;
    case C_HK2: return &s->hk2;
    case C_CN: return &s->cn;
    case C_KTDK1: return &s->ktdk1;
    default: return &s->ktdk2;
    }
}

/* Flags every cell of column c that the table has (present, even empty). */
static int flag_column(hb_year *y, int c, hb_err *e)
{
    for (size_t i = 0; i < y->n_subjects; i++) {
        hb_field *f = cell(&y->subjects[i], c);
        if (f->value && rules_flag(f, COLUMNS, e))
            return -1;
    }
    return 0;
}

/* The columns' arithmetic applies where the year average is a score:
 * TT58 and TT22, and a record whose family was not read (on its rows that
 * hold three scores, which only a secondary page has).  TT27 / TT30 hold
 * levels in HOC_KY_1 / CA_NAM and no HOC_KY_2; their test scores (KTĐK)
 * are not derived from anything, so there is no arithmetic to test their
 * columns against (the kind and empty-column checks still apply there). */
static int arithmetic_applies(const hb_record *r)
{
    hb_family fam = record_family(r);
    return fam == HB_FAMILY_TT58 || fam == HB_FAMILY_TT22 ||
           fam == HB_FAMILY_UNKNOWN;
}

/* Nonzero when the row's three term cells all hold scores, which go to
 * v[] in tenths; 0 for a comment subject, an empty or unreadable cell. */
static int row_scores(const hb_subject *s, int v[3])
{
    v[0] = rules_score_tenths(s->hk1.value);
    v[1] = rules_score_tenths(s->hk2.value);
    v[2] = rules_score_tenths(s->cn.value);
    return v[0] >= 0 && v[1] >= 0 && v[2] >= 0;
}

/* ---- columns in the wrong order --------------------------------------- */

/* The readings of the three term columns that a misplaced heading gives:
 * src[k] is the column *as read* that holds the true value of role k
 * (0 HOC_KY_1, 1 HOC_KY_2, 2 CA_NAM).  The three swaps of two columns, and
 * the two rotations (every role shifted by one, as when one heading is
 * lost and the others slide). */
static const int perms[][3] = {
    { 1, 0, 2 }, /* HOC_KY_1 <-> HOC_KY_2 */
    { 0, 2, 1 }, /* HOC_KY_2 <-> CA_NAM */
    { 2, 1, 0 }, /* HOC_KY_1 <-> CA_NAM */
    { 1, 2, 0 }, /* rotated */
    { 2, 0, 1 }, /* rotated the other way */
};
#define N_PERMS (sizeof perms / sizeof *perms)

static int formula_holds(const int v[3], const int *src)
{
    return v[src[2]] == rules_ca_nam_tenths(v[src[0]], v[src[1]]);
}

/* Rule 1 row by row flags each row that breaks the formula; a table read
 * with two columns swapped breaks it in nearly every row, and each row is
 * flagged, but the *comment* subjects' cells in those columns (Đ / CĐ,
 * no arithmetic) and the rows where the swap happens to change nothing are
 * not, and the reviewer is not told that the table, not the cells, is
 * wrong.  So: over the score rows of the year, count the rows the reading
 * as is explains and a reordering does not (A), and the rows the
 * reordering explains and the reading as is does not (B).  Only rows whose
 * three values differ from each other count: a row with two equal values
 * is explained by every reordering that moves just those two, and, since
 * a difference of 0.1 rounds away in the formula, by near misses of the
 * others (read 9.5 / 9.5 / 9.6 "fits" HK1 <-> CN); a table with one column
 * read twice would look reordered.  When several reorderings pass, the one
 * that explains the most rows is taken (each explains a real swap's rows
 * only by such coincidences).
 *
 * Thresholds: B >= 3 and B >= 2A.  A correct reading breaks the formula
 * only where the teacher slipped or a digit was misread, a few rows at
 * most, and a broken row fits one given reordering only by chance: one or
 * two such rows happen (tests: column_order_tolerates_slips), three that
 * the same reordering explains do not.  And a correct table's A is most of
 * its score rows, so B >= 2A cannot come from a few unlucky rows.  A table
 * read reordered has A = 0 (a reordered row that still fits as read is one
 * that both explain), or 1 with a chance misread.  A table only partly
 * reordered (the rows of a continued page) may give A and B alike and is
 * not accused as a whole; its broken rows are flagged by rule 1.  Fewer
 * than three evidence rows (a table mostly unread) accuse nothing. */
int rules_check_column_order(hb_record *r, hb_err *e)
{
    if (!arithmetic_applies(r))
        return 0;
    hb_year *y = &r->year;
    int a[N_PERMS] = { 0 }, b[N_PERMS] = { 0 };
    for (size_t i = 0; i < y->n_subjects; i++) {
        int v[3];
        if (!row_scores(&y->subjects[i], v) || v[0] == v[1] || v[1] == v[2] ||
            v[0] == v[2])
            continue;
        static const int as_read[3] = { 0, 1, 2 };
        int plain = formula_holds(v, as_read);
        for (size_t p = 0; p < N_PERMS; p++) {
            int other = formula_holds(v, perms[p]);
            a[p] += plain && !other;
            b[p] += other && !plain;
        }
    }
    int best = 0;
    for (size_t p = 0; p < N_PERMS; p++)
        if (b[p] >= 3 && b[p] >= 2 * a[p] && b[p] > best)
            best = b[p];
    int moved[3] = { 0, 0, 0 };
    for (size_t p = 0; best && p < N_PERMS; p++)
        if (b[p] == best && b[p] >= 2 * a[p])
            for (int k = 0; k < 3; k++)
                moved[k] |= perms[p][k] != k;
    for (int k = 0; k < 3; k++)
        if (moved[k] && flag_column(y, k, e))
            return -1;
    return 0;
}

/* ---- one column slid by a row (rule:rows) ------------------------------ */

#define ROWS "rule:rows"

/* Flags the cells of column c in the score rows (the ones the slide
 * concerns; a comment subject's Đ / CĐ in between were read in place or
 * not, nothing tells). */
static int flag_score_cells(hb_year *y, int c, hb_err *e)
{
    for (size_t i = 0; i < y->n_subjects; i++) {
        int v[3];
        if (row_scores(&y->subjects[i], v) && rules_flag(cell(&y->subjects[i], c), ROWS, e))
            return -1;
    }
    return 0;
}

/* A term column whose cells were matched to the rows one row off (a
 * ruling line missed in that column only, a cell split in two by a
 * handwritten value that overflows, a row of the column read as the
 * header's): every score row then holds its own two other terms and its
 * neighbour's value in that column.  Rule 1 breaks in nearly every row,
 * each row is flagged rule:ca-nam, but the cells look well formed and the
 * reviewer is not told that the column, not the cells, is wrong; worse, a
 * comment row in between hides the slide from rule 1 where it lands.
 * Evidence as for a reordering (rules_check_column_order): over the
 * consecutive score rows, A counts the rows the reading as is explains and
 * the slide does not, B the rows the slide explains (the column's value
 * taken from the row above, or below) and the reading does not; B >= 3 and
 * B >= 2A accuse the column.  A row explained by both (its neighbour holds
 * the same value) is no evidence. */
int rules_check_row_slide(hb_record *r, hb_err *e)
{
    if (!arithmetic_applies(r))
        return 0;
    hb_year *y = &r->year;
    int slid[3] = { 0, 0, 0 };
    for (int c = 0; c < 3; c++) {
        for (int d = -1; d <= 1; d += 2) {
            int a = 0, b = 0;
            for (size_t i = 0; i < y->n_subjects; i++) {
                size_t k = (size_t)((long)i + d);
                int v[3], w[3];
                if (k >= y->n_subjects || !row_scores(&y->subjects[i], v) ||
                    !row_scores(&y->subjects[k], w))
                    continue;
                static const int as_read[3] = { 0, 1, 2 };
                int alt[3] = { v[0], v[1], v[2] };
                alt[c] = w[c];
                int plain = formula_holds(v, as_read);
                int moved = formula_holds(alt, as_read);
                a += plain && !moved;
                b += moved && !plain;
            }
            if (b >= 3 && b >= 2 * a)
                slid[c] = 1;
        }
    }
    for (int c = 0; c < 3; c++)
        if (slid[c] && flag_score_cells(y, c, e))
            return -1;
    return 0;
}

/* ---- one column read twice -------------------------------------------- */

/* When two roles were given the same column (a lost ruling line merged two
 * columns into one cell, a heading read twice), both columns of the draft
 * hold the same ink and the third role's real column is lost.  Identical
 * columns alone prove nothing: a steady student has HK I = HK II = CN in
 * every subject, and comment subjects are Đạt in every term.  What proves
 * it is the arithmetic: when the two columns agree in (nearly) every row,
 * at least 4 rows hold both, and in at least two score rows where they
 * agree the formula breaks as read.  A correct reading whose two columns
 * happen to agree everywhere cannot break the formula that way except by
 * two slips on one page (HK II = CN throughout means |HK I - HK II| <= 0.1
 * throughout, where the formula gives CN = HK II; HK I = HK II throughout
 * means a slip wherever CN differs).  "Nearly": one row in ten may differ
 * (a column read twice through two slightly different cell boxes). */
int rules_check_column_twice(hb_record *r, hb_err *e)
{
    if (!arithmetic_applies(r))
        return 0;
    static const int pairs[][2] = { { C_HK1, C_HK2 }, { C_HK2, C_CN },
                                    { C_HK1, C_CN } };
    hb_year *y = &r->year;
    int twice[3] = { 0, 0, 0 };
    for (size_t p = 0; p < 3; p++) {
        int both = 0, differ = 0, broken = 0;
        for (size_t i = 0; i < y->n_subjects; i++) {
            hb_subject *s = &y->subjects[i];
            hb_field *f = cell(s, pairs[p][0]), *g = cell(s, pairs[p][1]);
            if (!rules_has(f) || !rules_has(g))
                continue;
            both++;
            if (strcmp(f->value, g->value) != 0) {
                differ++;
                continue;
            }
            int v[3];
            static const int as_read[3] = { 0, 1, 2 };
            if (row_scores(s, v) && !formula_holds(v, as_read))
                broken++;
        }
        if (both >= 4 && differ * 10 <= both && broken >= 2)
            twice[pairs[p][0]] = twice[pairs[p][1]] = 1;
    }
    for (int c = 0; c < 3; c++)
        if (twice[c] && flag_column(y, c, e))
            return -1;
    return 0;
}

/* ---- a column read empty beside full ones ----------------------------- */

/* Ink was found in the cell: a value, or nothing the reader could read
 * (extraction stores an unreadable cell empty and flags it `format`).  An
 * unreadable cell is a reading problem, not a blank column: handwriting
 * that defeats the reader must not make its column look lost. */
static int inked(const hb_field *f)
{
    return rules_has(f) || (f->value && record_field_has_reason(f, "format"));
}

/* A column the reader found blank in most rows whose other result cells it
 * read: the role went to a blank column (a spacer, the margin of a frameless
 * table) while the real one was lost or given another role.  Each empty
 * cell of a required column is flagged `empty` by rules_check_empty, but a
 * column that is not required cell by cell (TT27's mid-year level, the
 * first KTĐK) would lose its values silently, and the few cells of the
 * column that did read a value may hold another column's ink.  So the whole
 * column is flagged.
 *
 * Counted: the rows that have the column (present, even empty) and whose
 * other result cells are read in part at least: the row is used.  Rows
 * left blank altogether (an elective not taken, a row not found) are no
 * evidence.  Not "all other cells read": when two columns are lost
 * together (both tests of a primary page), each must still count.
 * Flagged: at least 3 such rows, and the column empty in more than half of
 * them; a few blank cells in a column that is otherwise read are only
 * those cells' business.  A student who joined in the second semester
 * leaves HK I blank throughout; those cells are required and flagged
 * `empty` anyway, so the column flag costs no extra look. */
int rules_check_column_empty(hb_record *r, hb_err *e)
{
    hb_year *y = &r->year;
    for (int c = 0; c < N_COLS; c++) {
        int rows = 0, empty = 0;
        for (size_t i = 0; i < y->n_subjects; i++) {
            hb_subject *s = &y->subjects[i];
            if (!cell(s, c)->value)
                continue;
            int used = 0;
            for (int d = 0; d < N_COLS && !used; d++)
                used = d != c && inked(cell(s, d));
            if (!used)
                continue;
            rows++;
            empty += !inked(cell(s, c));
        }
        if (empty >= 3 && 2 * empty > rows && flag_column(y, c, e))
            return -1;
    }
    return 0;
}

/* ---- test scores in the rows of untested subjects --------------------- */

/* The family whose catalogue says which primary subjects are tested: the
 * record's own, or TT27 when a primary record's family was not read (the
 * subjects TT30 tests, Toán and Tiếng Việt, are tested in TT27 too). */
static hb_family test_family(const hb_record *r)
{
    hb_family fam = record_family(r);
    if (fam == HB_FAMILY_TT27 || fam == HB_FAMILY_TT30)
        return fam;
    if (fam == HB_FAMILY_UNKNOWN && rules_school_level(r) == RULES_LEVEL_PRIMARY)
        return HB_FAMILY_TT27;
    return HB_FAMILY_UNKNOWN;
}

/* Nonzero when the catalogue knows the subject in `fam` and gives it no
 * periodic test (Đạo đức, Âm nhạc, ... in TT27): its KTĐK cells are blank
 * on paper. */
static int untested(const hb_subject *s, hb_family fam)
{
    if (!s->code)
        return 0;
    hb_kind k = catalog_subject_kind(s->code, fam);
    return k != HB_KIND_NONE && k != HB_KIND_LEVEL_TEST;
}

/* A primary page gives a periodic test score (KTĐK) only to the tested
 * subjects (TT27: Tiếng Việt, Toán, Ngoại ngữ, Khoa học, Lịch sử và Địa
 * lí, Tin học và Công nghệ, Tiếng dân tộc); the level-only rows leave those
 * cells blank.  A KTĐK column that holds scores in the rows of untested
 * subjects was read from somewhere else (a column of the page mistaken for
 * the test column, a heading's or a row number's digits): the scores it
 * gives the tested subjects are then not theirs either, and they look
 * perfectly well formed (seed 9023: "7" down the whole column, Tiếng
 * Việt's 10 among them).  Two such rows accuse the column (every cell of
 * it); one alone is that cell's business (a stray mark read in a blank
 * cell). */
int rules_check_column_tests(hb_record *r, hb_err *e)
{
    hb_family fam = test_family(r);
    if (fam == HB_FAMILY_UNKNOWN)
        return 0;
    hb_year *y = &r->year;
    for (int c = C_KTDK1; c <= C_KTDK2; c++) {
        int stray = 0;
        hb_field *one = NULL;
        for (size_t i = 0; i < y->n_subjects; i++) {
            hb_subject *s = &y->subjects[i];
            if (untested(s, fam) && rules_has(cell(s, c))) {
                stray++;
                one = cell(s, c);
            }
        }
        if (stray >= 2 && flag_column(y, c, e))
            return -1;
        if (stray == 1 && rules_flag(one, COLUMNS, e))
            return -1;
    }
    return 0;
}

/* ---- the kind of a value against its subject ------------------------- */

typedef enum vkind { V_NONE, V_SCORE, V_LEVEL } vkind;

/* A number as a score or a test is written: digits with at most one
 * decimal point or comma ("7.5", "7,5", "75", "9").  Whether it is a
 * *well-formed* score is the format check's business; here it only matters
 * that it is a number and not a word. */
static int numeric(const char *s)
{
    int digits = 0, seps = 0;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            digits++;
        else if (*s == '.' || *s == ',')
            seps++;
        else
            return 0;
    }
    return digits > 0 && seps <= 1;
}

/* The value sets whose words or abbreviations a subject or result cell
 * can hold: a word of any of them in a score cell is a level read there. */
static const hb_valueset level_sets[] = {
    HB_VS_COMMENT,  HB_VS_LEVEL,       HB_VS_HANH_KIEM,   HB_VS_HOC_LUC,
    HB_VS_TT22_RESULT, HB_VS_PHAM_CHAT, HB_VS_TT27_OVERALL,
};

static vkind value_kind(const hb_field *f)
{
    if (!rules_has(f))
        return V_NONE;
    if (numeric(f->value))
        return V_SCORE;
    for (size_t i = 0; i < sizeof level_sets / sizeof *level_sets; i++)
        if (catalog_canonical_value(level_sets[i], f->value))
            return V_LEVEL;
    return V_NONE; /* neither: debris, for the format check */
}

static vkind kind_of(hb_kind k)
{
    return k == HB_KIND_SCORE ? V_SCORE
           : k == HB_KIND_NONE ? V_NONE
                               : V_LEVEL;
}

/* What the catalogue says a subject's HOC_KY_1 / HOC_KY_2 / CA_NAM hold
 * over the families of the school level (all families when the level is
 * not known): V_SCORE or V_LEVEL when every family that has the subject
 * agrees, V_NONE when they differ (Toán is scored in TT58 and TT22, given
 * a level in TT27) or the subject is not in the catalogue. */
static vkind catalog_kind(const char *code, rules_level level)
{
    static const hb_family fams[] = { HB_FAMILY_TT58, HB_FAMILY_TT22,
                                      HB_FAMILY_TT27, HB_FAMILY_TT30 };
    vkind seen = V_NONE;
    for (int pass = 0; pass < 2; pass++) {
        int any = 0, mixed = 0;
        seen = V_NONE;
        for (size_t i = 0; i < 4; i++) {
            int primary = fams[i] == HB_FAMILY_TT27 || fams[i] == HB_FAMILY_TT30;
            if (pass == 0 && level != RULES_LEVEL_UNKNOWN &&
                primary != (level == RULES_LEVEL_PRIMARY))
                continue;
            vkind k = kind_of(catalog_subject_kind(code, fams[i]));
            if (k == V_NONE)
                continue;
            mixed |= any && k != seen;
            seen = k;
            any = 1;
        }
        if (any)
            return mixed ? V_NONE : seen;
        /* not taught at that level (Vật lí on a primary page): what the
         * subject is anywhere */
    }
    return V_NONE;
}

/* A subject whose HOC_KY_1 / HOC_KY_2 / CA_NAM hold levels in every family
 * (Thể dục, Âm nhạc, Đạo đức...): its values say nothing about whether
 * the table is a score table. */
static int always_level(const char *code)
{
    return code && catalog_kind(code, RULES_LEVEL_UNKNOWN) == V_LEVEL;
}

/* What the other rows of the table hold in term column c: V_SCORE or
 * V_LEVEL when at least two of them hold a typed value and three in four
 * are of that kind.  Subjects that hold levels in every family are left
 * out (a score table has a few of them too). */
static vkind column_majority(hb_year *y, size_t skip, int c)
{
    int sc = 0, lv = 0;
    for (size_t i = 0; i < y->n_subjects; i++) {
        hb_subject *s = &y->subjects[i];
        if (i == skip || always_level(s->code))
            continue;
        vkind k = value_kind(cell(s, c));
        sc += k == V_SCORE;
        lv += k == V_LEVEL;
    }
    if (sc + lv < 2)
        return V_NONE;
    if (4 * sc >= 3 * (sc + lv))
        return V_SCORE;
    if (4 * lv >= 3 * (sc + lv))
        return V_LEVEL;
    return V_NONE;
}

/* What term cell c of row i should hold, V_NONE when nothing says. */
static vkind expected_kind(hb_record *r, size_t i, int c, rules_level level)
{
    hb_subject *s = &r->year.subjects[i];
    vkind k = kind_of(catalog_subject_kind(s->code, record_family(r)));
    if (k != V_NONE)
        return k; /* the family and the catalogue say */
    if (s->code) {
        k = catalog_kind(s->code, level);
        if (k != V_NONE)
            return k;
        if (catalog_find_subject(s->code))
            return column_majority(&r->year, i, c);
    }
    /* A row the catalogue does not know: on a primary page every subject
     * is given a level; on a secondary one it may be either. */
    return level == RULES_LEVEL_PRIMARY ? V_LEVEL : V_NONE;
}

static int flag_if(hb_field *f, int cond, hb_err *e)
{
    return cond ? rules_flag(f, KIND, e) : 0;
}

/* Values of the wrong kind for their subject: a level word or its
 * abbreviation in a scored subject's cell, a number in a comment or level
 * subject's cell, a level in a KTĐK test cell.  In a known family the
 * format check flags these too (`format`); `rule:kind` adds that the value
 * is well formed but of the other kind, which points at a row or column
 * the reader misplaced.  In a record whose family was not read nothing
 * else judges the table's values, so the kind comes from what is known:
 * the school level (from the class or CAP_HOC), the catalogue (a subject
 * that is scored, or given a level, in every family of that level), the
 * other rows of the column (mostly scores: a score table), and last the
 * row itself: a row mixing scores and levels in its term cells has its
 * minority flagged, or all of them when they are as many. */
int rules_check_kind(hb_record *r, hb_err *e)
{
    hb_year *y = &r->year;
    rules_level level = rules_school_level(r);
    for (size_t i = 0; i < y->n_subjects; i++) {
        hb_subject *s = &y->subjects[i];
        /* a test score is an integer in every family */
        if (flag_if(&s->ktdk1, value_kind(&s->ktdk1) == V_LEVEL, e) ||
            flag_if(&s->ktdk2, value_kind(&s->ktdk2) == V_LEVEL, e))
            return -1;
        vkind got[3], want[3];
        int sc = 0, lv = 0, open = 0;
        for (int c = 0; c < 3; c++) {
            got[c] = value_kind(cell(s, c));
            want[c] = got[c] == V_NONE ? V_NONE : expected_kind(r, i, c, level);
            if (got[c] != V_NONE && want[c] != V_NONE &&
                flag_if(cell(s, c), got[c] != want[c], e))
                return -1;
            if (got[c] != V_NONE && want[c] == V_NONE) {
                open++;
                sc += got[c] == V_SCORE;
                lv += got[c] == V_LEVEL;
            }
        }
        /* the re-assessment follows the subject's kind when it is known */
        vkind dk = value_kind(&s->danh_gia_lai);
        vkind dw = dk == V_NONE ? V_NONE
                                : kind_of(catalog_subject_kind(s->code,
                                                               record_family(r)));
        if (flag_if(&s->danh_gia_lai, dk != V_NONE && dw != V_NONE && dk != dw, e))
            return -1;
        if (!open || !sc || !lv)
            continue;
        /* the row mixes kinds where nothing says which is right */
        for (int c = 0; c < 3; c++) {
            if (got[c] == V_NONE || want[c] != V_NONE)
                continue;
            int minority = got[c] == V_SCORE ? sc <= lv : lv <= sc;
            if (flag_if(cell(s, c), minority, e))
                return -1;
        }
    }
    return 0;
}
