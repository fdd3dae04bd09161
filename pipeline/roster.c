/*
 * roster.c - reading the school's student list and matching records to it.
 *
 * Filling MA_HOC_SINH / MA_DINH_DANH from the roster does not break rule
 * zero ("reproduce the paper faithfully"): those identifiers are not read
 * from the paper at all (old books never printed them), they come from the
 * school's own official list, and the filled field says so (conf -1: not
 * read from an image; no page, no box).  A value that *was* read from the
 * paper is never overwritten: when it disagrees with the list, it is
 * flagged for a person instead.
 */
#include "roster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "rules.h"
#include "rules_internal.h"
#include "text.h"

#define ROSTER_MAX_BYTES (64u * 1024u * 1024u)

enum col { C_MHS, C_MDD, C_NAME, C_DOB, C_SEX, C_LOP, C_COUNT };

/* Header names, folded (no diacritics, lower case), per column. */
static const char *const header_names[C_COUNT][8] = {
    [C_MHS] = { "ma hoc sinh", "ma hs", "mahs", "ma so hoc sinh", NULL },
    [C_MDD] = { "ma dinh danh", "so dinh danh", "ma dinh danh ca nhan",
                "so dinh danh ca nhan", "cccd", "so cccd", "can cuoc cong dan",
                NULL },
    [C_NAME] = { "ho ten", "ho va ten", "ho ten hoc sinh", "ho va ten hoc sinh",
                 NULL },
    [C_DOB] = { "ngay sinh", "ngay thang nam sinh", NULL },
    [C_SEX] = { "gioi tinh", NULL },
    [C_LOP] = { "lop", NULL },
};

/* ---- CSV -------------------------------------------------------------- */

typedef struct csv {
    const char *p, *end;
    char sep;
    int line; /* line where the current row starts */
    int next_line;
} csv;

typedef struct row {
    char **f;
    size_t n, cap;
} row;

static void row_clear(row *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->f[i]);
    r->n = 0;
}

static int row_push(row *r, const char *s, size_t len)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 8;
        char **f = realloc(r->f, cap * sizeof *f);
        if (!f)
            return -1;
        r->f = f;
        r->cap = cap;
    }
    char *v = malloc(len + 1);
    if (!v)
        return -1;
    memcpy(v, s, len);
    v[len] = '\0';
    r->f[r->n++] = v;
    return 0;
}

/* Reads one row (RFC 4180: "..." quotes, "" inside is a quote, separators
 * and line breaks inside quotes are data).  Returns 1 when a row was read,
 * 0 at the end, -1 on allocation failure or an unterminated quote. */
static int csv_row(csv *c, row *r, int *bad_quote)
{
    row_clear(r);
    if (c->p >= c->end)
        return 0;
    c->line = c->next_line;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int quoted = 0, rc = 1;
    for (;;) {
        int at_end = c->p >= c->end;
        char ch = at_end ? '\n' : *c->p;
        if (quoted) {
            if (at_end) {
                *bad_quote = 1;
                rc = -1;
                break;
            }
            c->p++;
            if (ch == '"') {
                if (c->p < c->end && *c->p == '"')
                    c->p++; /* "" -> " */
                else {
                    quoted = 0;
                    continue;
                }
            } else if (ch == '\n') {
                c->next_line++;
            }
        } else {
            if (!at_end)
                c->p++;
            if (ch == '"') {
                quoted = 1;
                continue;
            }
            if (ch == '\r')
                continue;
            if (ch == c->sep || ch == '\n') {
                if (row_push(r, buf ? buf : "", len)) {
                    rc = -1;
                    break;
                }
                len = 0;
                if (ch == '\n') {
                    c->next_line++;
                    break;
                }
                continue;
            }
        }
        if (len + 1 >= cap) {
            size_t ncap = cap ? 2 * cap : 64;
            char *nb = realloc(buf, ncap);
            if (!nb) {
                rc = -1;
                break;
            }
            buf = nb;
            cap = ncap;
        }
        buf[len++] = ch;
    }
    free(buf);
    return rc;
}

/* Spreadsheets in a Vietnamese locale (decimal comma) save CSV with ';'.
 * The header line decides: whichever of ',' ';' '\t' it has most of,
 * outside quotes. */
static char detect_sep(const char *p, const char *end)
{
    int n[3] = { 0, 0, 0 }, q = 0;
    for (; p < end && (q || *p != '\n'); p++) {
        if (*p == '"')
            q = !q;
        else if (!q)
            n[0] += *p == ',', n[1] += *p == ';', n[2] += *p == '\t';
    }
    if (n[1] > n[0] && n[1] >= n[2])
        return ';';
    if (n[2] > n[0])
        return '\t';
    return ',';
}

/* ---- values ----------------------------------------------------------- */

/* dd/mm/yyyy (also d/m/yyyy, with - or . between) or ISO -> ISO; 0 ok. */
static int to_iso_date(const char *s, char out[11])
{
    int d, m, y;
    char sep1, sep2, extra;
    if (rules_parse_date(s, NULL, NULL, NULL) == 0) {
        memcpy(out, s, 11);
        return 0;
    }
    if (sscanf(s, "%2d%c%2d%c%4d%c", &d, &sep1, &m, &sep2, &y, &extra) != 5 ||
        sep1 != sep2 || (sep1 != '/' && sep1 != '-' && sep1 != '.') ||
        strlen(s) < 8 || s[strlen(s) - 5] != sep1)
        return -1;
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    return rules_parse_date(out, NULL, NULL, NULL);
}

/* A spreadsheet that opened the school's export takes the 12-digit
 * personal identification number for a number and drops its leading zero
 * when it saves the CSV again.  Every number starts with 0: its first three
 * digits are the province of birth registration, 001 to 096.  So eleven
 * digits are a number that lost its zero, and it is given back.  (Ten
 * digits are left alone, and flagged by the format rule: a code 001-009
 * that lost two zeros cannot be told from another column's number.) */
static int restore_leading_zero(char **id)
{
    if (!*id || strlen(*id) != 11 || strspn(*id, "0123456789") != 11)
        return 0;
    char *z = malloc(13);
    if (!z)
        return -1;
    z[0] = '0';
    memcpy(z + 1, *id, 12);
    free(*id);
    *id = z;
    return 0;
}

static void entry_free(hb_roster_entry *en)
{
    free(en->ma_hoc_sinh);
    free(en->ma_dinh_danh);
    free(en->ho_ten);
    free(en->ngay_sinh);
    free(en->gioi_tinh);
    free(en->lop);
    free(en->key);
}

void roster_free(hb_roster *ro)
{
    if (!ro)
        return;
    for (size_t i = 0; i < ro->n; i++)
        entry_free(&ro->entries[i]);
    free(ro->entries);
    free(ro);
}

/* The normalised text of column c of the row, NULL when the column is
 * absent; "" stays "". */
static int cell(const row *r, const int *map, enum col c, char **out)
{
    *out = NULL;
    if (map[c] < 0 || (size_t)map[c] >= r->n)
        return 0;
    *out = text_normalize(r->f[map[c]]);
    return *out ? 0 : -1;
}

static int header_map(const row *r, int *map)
{
    for (int c = 0; c < C_COUNT; c++)
        map[c] = -1;
    for (size_t i = 0; i < r->n; i++) {
        char *f = text_fold(r->f[i]);
        if (!f)
            return -1;
        for (int c = 0; c < C_COUNT; c++)
            for (int k = 0; header_names[c][k]; k++)
                if (map[c] < 0 && strcmp(f, header_names[c][k]) == 0)
                    map[c] = (int)i;
        free(f);
    }
    return 0;
}

static int all_blank(const row *r)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->f[i][strspn(r->f[i], " \t")])
            return 0;
    return 1;
}

/* Builds the entry of one data row. */
static int make_entry(const row *r, const int *map, int line,
                      hb_roster_entry *en, const char *name, hb_err *e)
{
    char *dob = NULL;
    memset(en, 0, sizeof *en);
    en->line = line;
    if (cell(r, map, C_MHS, &en->ma_hoc_sinh) ||
        cell(r, map, C_MDD, &en->ma_dinh_danh) ||
        cell(r, map, C_NAME, &en->ho_ten) || cell(r, map, C_DOB, &dob) ||
        cell(r, map, C_SEX, &en->gioi_tinh) || cell(r, map, C_LOP, &en->lop))
        goto nomem;
    if (restore_leading_zero(&en->ma_dinh_danh))
        goto nomem;
    en->key = text_fold(en->ho_ten ? en->ho_ten : "");
    if (!en->key)
        goto nomem;
    if (dob && dob[0]) {
        char iso[11];
        if (to_iso_date(dob, iso)) {
            err_set(e, HB_EFORMAT, "%s:%d: ngày sinh '%s' is not a date",
                    name, line, dob);
            free(dob);
            entry_free(en);
            return -1;
        }
        en->ngay_sinh = text_dup(iso);
        if (!en->ngay_sinh)
            goto nomem;
    }
    free(dob);
    if (en->gioi_tinh) {
        const char *g = catalog_canonical_value(HB_VS_GIOI_TINH, en->gioi_tinh);
        if (g) {
            char *c = text_dup(g);
            if (!c)
                goto nomem;
            free(en->gioi_tinh);
            en->gioi_tinh = c;
        }
    }
    return 0;
nomem:
    free(dob);
    entry_free(en);
    return err_set(e, HB_ENOMEM, "%s: out of memory", name);
}

/* Nonzero when buf[0..len) is UTF-8 text without NUL bytes. */
static int utf8_ok(const char *buf, size_t len)
{
    if (memchr(buf, '\0', len))
        return 0;
    char *z = malloc(len + 1);
    if (!z)
        return 0;
    memcpy(z, buf, len);
    z[len] = '\0';
    int ok = text_is_utf8(z);
    free(z);
    return ok;
}

hb_roster *roster_parse(const char *buf, size_t len, const char *name,
                        hb_err *e)
{
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        buf += 3; /* the BOM spreadsheets put before UTF-8 */
        len -= 3;
    }
    csv c = { buf, buf + len, detect_sep(buf, buf + len), 1, 1 };
    row r = { NULL, 0, 0 };
    hb_roster *ro = calloc(1, sizeof *ro);
    int map[C_COUNT], bad_quote = 0, got;
    size_t cap = 0;
    if (!ro) {
        err_set(e, HB_ENOMEM, "%s: out of memory", name);
        return NULL;
    }
    if (!utf8_ok(buf, len)) {
        err_set(e, HB_EFORMAT, "%s: not UTF-8 text (save the roster as "
                "\"CSV UTF-8\")", name);
        goto fail;
    }
    got = csv_row(&c, &r, &bad_quote);
    if (got <= 0 || header_map(&r, map)) {
        err_set(e, got < 0 && !bad_quote ? HB_ENOMEM : HB_EFORMAT,
                "%s: no header row", name);
        goto fail;
    }
    if (map[C_NAME] < 0 || map[C_DOB] < 0) {
        err_set(e, HB_EFORMAT,
                "%s: the header row has no '%s' column (expected: mã học "
                "sinh, mã định danh, họ tên, ngày sinh, giới tính, lớp)",
                name, map[C_NAME] < 0 ? "họ tên" : "ngày sinh");
        goto fail;
    }
    while ((got = csv_row(&c, &r, &bad_quote)) > 0) {
        if (all_blank(&r))
            continue;
        if (ro->n == cap) {
            size_t ncap = cap ? 2 * cap : 64;
            hb_roster_entry *ne = realloc(ro->entries, ncap * sizeof *ne);
            if (!ne) {
                err_set(e, HB_ENOMEM, "%s: out of memory", name);
                goto fail;
            }
            ro->entries = ne;
            cap = ncap;
        }
        if (make_entry(&r, map, c.line, &ro->entries[ro->n], name, e))
            goto fail;
        ro->n++;
    }
    if (got == 0 && ro->n == 0) {
        /* matching every record against nobody would flag them all */
        err_set(e, HB_EFORMAT, "%s: no student under the header row", name);
        goto fail;
    }
    if (got < 0) {
        if (bad_quote)
            err_set(e, HB_EFORMAT, "%s:%d: a quoted field is not closed",
                    name, c.line);
        else
            err_set(e, HB_ENOMEM, "%s: out of memory", name);
        goto fail;
    }
    row_clear(&r);
    free(r.f);
    return ro;
fail:
    row_clear(&r);
    free(r.f);
    roster_free(ro);
    return NULL;
}

hb_roster *roster_read(const char *csv_path, char **csv, size_t *len_out,
                       hb_err *e)
{
    *csv = NULL;
    *len_out = 0;
    FILE *f = fopen(csv_path, "rb");
    if (!f) {
        err_set(e, HB_EIO, "%s: cannot open", csv_path);
        return NULL;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? 2 * cap : 65536;
            char *nb = cap <= ROSTER_MAX_BYTES ? realloc(buf, cap) : NULL;
            if (!nb) {
                free(buf);
                fclose(f);
                err_set(e, cap > ROSTER_MAX_BYTES ? HB_EFORMAT : HB_ENOMEM,
                        "%s: too large for a roster", csv_path);
                return NULL;
            }
            buf = nb;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    hb_roster *ro = NULL;
    if (bad)
        err_set(e, HB_EIO, "%s: read error", csv_path);
    else
        ro = roster_parse(buf, len, csv_path, e);
    if (!ro) {
        free(buf);
        return NULL;
    }
    *csv = buf;
    *len_out = len;
    return ro;
}

hb_roster *roster_load(const char *csv_path, hb_err *e)
{
    char *csv;
    size_t len;
    hb_roster *ro = roster_read(csv_path, &csv, &len, e);
    free(csv);
    return ro;
}

/* ---- matching --------------------------------------------------------- */

static int flag_if_present(hb_field *f, const char *reason, hb_err *e)
{
    return f->value ? rules_flag(f, reason, e) : 0;
}

/* Fills an identifier that the paper did not give, or flags one that
 * disagrees with the school's list. */
static int fill_or_compare(hb_field *f, const char *from_roster, hb_err *e)
{
    if (!from_roster || !from_roster[0])
        return 0;
    if (!rules_has(f)) {
        /* The value now comes from the list, not from a page: no page, no
         * box, no confidence, and an "empty" flag no longer applies. */
        hb_field fresh = { NULL, -1, 0, NULL, 0, { 0, 0, 0, 0 } };
        if (record_field_set(&fresh, from_roster))
            return err_set(e, HB_ENOMEM, "roster: out of memory");
        record_field_reset(f);
        *f = fresh;
        return 0;
    }
    if (strcmp(f->value, from_roster) != 0)
        return rules_flag(f, "roster-differs", e);
    return 0;
}

/* Names agree when equal up to case (a page may print them in capitals). */
static int compare_name(hb_field *f, const char *from_roster, hb_err *e)
{
    char *a = rules_casefold(f->value), *b = rules_casefold(from_roster);
    int rc = 0;
    if (!a || !b)
        rc = err_set(e, HB_ENOMEM, "roster: out of memory");
    else if (strcmp(a, b) != 0)
        rc = rules_flag(f, "roster-differs", e);
    free(a);
    free(b);
    return rc;
}

int roster_match(const hb_roster *ro, hb_record *r, hb_err *e)
{
    hb_student *st = &r->student;
    size_t n = 0, n_sex = 0, hit = 0, hit_sex = 0;
    const char *sex = catalog_canonical_value(HB_VS_GIOI_TINH,
                                              st->gioi_tinh.value);
    if (rules_has(&st->ho_ten) &&
        rules_parse_date(st->ngay_sinh.value, NULL, NULL, NULL) == 0) {
        char *key = text_fold(st->ho_ten.value);
        if (!key)
            return err_set(e, HB_ENOMEM, "roster: out of memory");
        for (size_t i = 0; i < ro->n; i++) {
            const hb_roster_entry *en = &ro->entries[i];
            if (!en->ngay_sinh || strcmp(en->key, key) != 0 ||
                strcmp(en->ngay_sinh, st->ngay_sinh.value) != 0)
                continue;
            hit = i;
            n++;
            if (sex && en->gioi_tinh && strcmp(en->gioi_tinh, sex) == 0) {
                hit_sex = i;
                n_sex++;
            }
        }
        free(key);
    }
    /* Two students with the same name and birth date (it happens in large
     * schools): the sex, a closed Nam/Nữ read, may tell them apart.  The
     * class is not used: the roster holds this year's class, the record
     * may be of any past year. */
    if (n > 1 && n_sex == 1) {
        n = 1;
        hit = hit_sex;
    }
    if (n != 1) {
        const char *why = n ? "roster-many" : "roster-none";
        if (flag_if_present(&st->ho_ten, why, e) ||
            flag_if_present(&st->ngay_sinh, why, e))
            return -1;
        return n ? ROSTER_MATCH_MANY : ROSTER_MATCH_NONE;
    }
    const hb_roster_entry *en = &ro->entries[hit];
    if (fill_or_compare(&st->ma_hoc_sinh, en->ma_hoc_sinh, e) ||
        fill_or_compare(&st->ma_dinh_danh, en->ma_dinh_danh, e) ||
        compare_name(&st->ho_ten, en->ho_ten, e))
        return -1;
    if (sex && en->gioi_tinh && strcmp(en->gioi_tinh, sex) != 0 &&
        rules_flag(&st->gioi_tinh, "roster-differs", e))
        return -1;
    return ROSTER_MATCH_ONE;
}

int roster_apply(const hb_roster *ro, hb_record **recs, size_t n,
                 size_t counts[3], hb_err *e)
{
    for (size_t i = 0; i < n; i++) {
        hb_student *st = &recs[i]->student;
        int had_mdd = rules_has(&st->ma_dinh_danh);
        int had_mhs = rules_has(&st->ma_hoc_sinh);
        int m = roster_match(ro, recs[i], e);
        if (m < 0)
            return -1;
        if (counts)
            counts[m]++;
        /* Extraction ran the rules before the list was known: an
         * identifier filled from it now is judged as if it had been read
         * (a spreadsheet may have mangled it), and the personal number
         * against the birth date and sex read from the paper (rule 8). */
        if ((!had_mdd && rules_has(&st->ma_dinh_danh)) ||
            (!had_mhs && rules_has(&st->ma_hoc_sinh)))
            if (rules_check_format(recs[i], e) ||
                rules_check_cccd(recs[i], e))
                return -1;
    }
    return 0;
}
