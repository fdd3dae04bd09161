/*
 * recognize_field.c - one field of a form: find its ink inside the cell,
 * crop a little more than the ink, and hand it to the reader that fits
 * what the field must hold (its hb_field_kind).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recognize_int.h"
#include "text.h"

static hb_parse parse_score_fn(const char *raw, int integer, char **out)
{
    return fields_parse_score(raw, integer, out);
}

static hb_parse parse_name_fn(const char *raw, int arg, char **out)
{
    (void)arg;
    return fields_clean_name(raw, out);
}

static hb_parse parse_text_fn(const char *raw, int arg, char **out)
{
    (void)arg;
    return fields_clean_text(raw, out);
}

static hb_parse parse_place_fn(const char *raw, int arg, char **out)
{
    (void)arg;
    return fields_clean_place(raw, out);
}

static hb_parse parse_date_fn(const char *raw, int arg, char **out)
{
    (void)arg;
    return fields_parse_date(raw, out);
}

static hb_parse parse_int_fn(const char *raw, int arg, char **out)
{
    (void)arg;
    return fields_parse_int(raw, out);
}

static hb_parse parse_year_fn(const char *raw, int arg, char **out)
{
    (void)arg;
    return fields_parse_school_year(raw, out);
}

static hb_parse parse_id_fn(const char *raw, int arg, char **out)
{
    (void)arg;
    return fields_parse_id12(raw, out);
}

static hb_parse parse_regno_fn(const char *raw, int arg, char **out)
{
    (void)arg;
    return fields_parse_regno(raw, out);
}

static hb_parse parse_code_fn(const char *raw, int arg, char **out)
{
    (void)arg;
    return fields_parse_digits(raw, 4, 16, out);
}

int recognize_field(hb_recognizer *r, const hb_page_img *pg, hb_box cell,
                    int inset, hb_field_kind kind, hb_valueset vs,
                    hb_reading *out, hb_err *e)
{
    return recognize_field_hint(r, pg, cell, inset, kind, vs, NULL, 0, out, e);
}

/* The stage a field's reading is charged to (stagetime.h). */
static hb_stage stage_of(hb_field_kind kind)
{
    switch (kind) {
    case HB_FK_SCORE:
    case HB_FK_TEST_SCORE:
        return HB_STAGE_SCORE;
    case HB_FK_LEVEL:
        return HB_STAGE_LEVEL;
    case HB_FK_NAME:
    case HB_FK_TEXT:
    case HB_FK_PLACE:
        return HB_STAGE_TEXT;
    case HB_FK_LABEL:
        return HB_STAGE_LABEL;
    case HB_FK_DATE:
        return HB_STAGE_DATE;
    default:
        return HB_STAGE_OTHER;
    }
}

static int read_field(hb_recognizer *r, const hb_page_img *pg, hb_box cell,
                      int inset, hb_field_kind kind, hb_valueset vs,
                      const char *hint, int hint_conf, hb_reading *out,
                      hb_err *e);

/* The last character of text but blanks (an ASCII byte, or the last byte
 * of a multi-byte one), 0 for none. */
static char last_char(const char *v)
{
    size_t n = strlen(v);
    while (n && v[n - 1] == ' ')
        n--;
    return n ? v[n - 1] : 0;
}

/* A remark is sentences: one read ending on a comma or a semicolon is a
 * final full stop misread (a handwritten "." with a tail) or a line cut
 * short, and one whose ink ends on a mark (a dot or a short stroke) its
 * reading lost is a handwritten final full stop dropped (seed 9022):
 * either way the reading is a guess. */
static void doubt_unfinished_text(const hb_rec_job *j, hb_reading *out)
{
    char end = out->value ? last_char(out->value) : 0;
    if (!end || out->conf <= 50)
        return;
    if (strchr(",;", end) ||
        (!strchr(".,;:!?", end) && recognize_trailing_mark(j) > 0))
        out->conf = 50;
}

int recognize_field_hint(hb_recognizer *r, const hb_page_img *pg, hb_box cell,
                         int inset, hb_field_kind kind, hb_valueset vs,
                         const char *hint, int hint_conf, hb_reading *out,
                         hb_err *e)
{
    hb_stagetime *st = recognize_stagetime(r);
    hb_stage prev = stagetime_enter(st, stage_of(kind));
    int rc = read_field(r, pg, cell, inset, kind, vs, hint, hint_conf, out, e);
    stagetime_leave(st, prev);
    return rc;
}

static int read_field(hb_recognizer *r, const hb_page_img *pg, hb_box cell,
                      int inset, hb_field_kind kind, hb_valueset vs,
                      const char *hint, int hint_conf, hb_reading *out,
                      hb_err *e)
{
    memset(out, 0, sizeof *out);
    out->box = cell;
    hb_box ink;
    int count = recognize_ink_box(pg->bin, cell, inset, &ink);
    /* Less ink than the smallest digit stroke is a speck, not a value. */
    int min_ink = pg->dpi >= 200 ? 20 : 8;
    if (count < min_ink) {
        out->flags |= HB_RD_EMPTY;
        out->conf = count == 0 ? 95 : 70;
        return 0;
    }
    /* Read a little more than the ink (a hook above may be a separate
     * speck-sized mark), never past the inset cell. */
    int pad = pg->dpi / 50;
    hb_box lim = { cell.x + inset, cell.y + inset, cell.w - 2 * inset,
                   cell.h - 2 * inset };
    int x0 = ink.x - pad < lim.x ? lim.x : ink.x - pad;
    int y0 = ink.y - pad < lim.y ? lim.y : ink.y - pad;
    int x1 = ink.x + ink.w + pad > lim.x + lim.w ? lim.x + lim.w
                                                 : ink.x + ink.w + pad;
    int y1 = ink.y + ink.h + pad > lim.y + lim.h ? lim.y + lim.h
                                                 : ink.y + ink.h + pad;
    hb_rec_job j = { r, pg, { x0, y0, x1 - x0, y1 - y0 }, ink.h };
    out->box = j.region;
    switch (kind) {
    case HB_FK_SCORE:
        return recognize_read_number(&j, SCORE_CHARS, parse_score_fn, 0, 1, out, e);
    case HB_FK_TEST_SCORE:
        return recognize_read_number(&j, "0123456789", parse_score_fn, 1, 0, out, e);
    case HB_FK_INT:
        return recognize_read_number(&j, "0123456789", parse_int_fn, 0, 0, out, e);
    case HB_FK_LEVEL:
        return recognize_read_level(&j, vs, out, e);
    case HB_FK_NAME:
        return recognize_read_voted(&j, parse_name_fn, hint, hint_conf, out, e);
    case HB_FK_TEXT:
        if (recognize_read_voted(&j, parse_text_fn, hint, hint_conf, out, e))
            return -1;
        doubt_unfinished_text(&j, out);
        return 0;
    case HB_FK_PLACE:
        return recognize_read_voted(&j, parse_place_fn, hint, hint_conf, out, e);
    case HB_FK_LABEL:
        return recognize_read_text(&j, HB_ENGINE_TEXT, NULL, parse_text_fn, out, e);
    case HB_FK_DATE:
        return recognize_read_voted(&j, parse_date_fn, hint, hint_conf, out, e);
    case HB_FK_SCHOOL_YEAR:
        return recognize_read_number(&j, "0123456789-", parse_year_fn, 0, 0, out, e);
    case HB_FK_CLASS:
        return recognize_read_class(&j, hint, hint_conf, out, e);
    case HB_FK_ID12:
        return recognize_read_number(&j, "0123456789", parse_id_fn, 0, 0, out, e);
    case HB_FK_CODE:
        return recognize_read_number(&j, "0123456789", parse_code_fn, 0, 0, out, e);
    case HB_FK_REGNO:
        return recognize_read_number(&j, "0123456789/", parse_regno_fn, 0, 0, out, e);
    }
    return err_set(e, HB_EUSAGE, "recognize: unknown field kind %d", (int)kind);
}

int recognize_parse(hb_field_kind kind, hb_valueset vs, const char *raw,
                    char **out)
{
    *out = NULL;
    switch (kind) {
    case HB_FK_SCORE:
        return (int)fields_parse_score(raw, 0, out);
    case HB_FK_TEST_SCORE:
        return (int)fields_parse_score(raw, 1, out);
    case HB_FK_INT:
        return (int)fields_parse_int(raw, out);
    case HB_FK_LEVEL: {
        int dist = 0, margin = 0;
        const char *w = recognize_closest_level(vs, raw, &dist, &margin);
        if (!w)
            return HB_PARSE_EMPTY;
        if (dist != 0 || margin < 1)
            return HB_PARSE_FORMAT;
        *out = text_dup(w);
        return *out ? HB_PARSE_OK : HB_PARSE_FORMAT;
    }
    case HB_FK_NAME:
        return (int)fields_clean_name(raw, out);
    case HB_FK_TEXT:
    case HB_FK_LABEL:
        return (int)fields_clean_text(raw, out);
    case HB_FK_PLACE:
        return (int)fields_clean_place(raw, out);
    case HB_FK_DATE:
        return (int)fields_parse_date(raw, out);
    case HB_FK_SCHOOL_YEAR:
        return (int)fields_parse_school_year(raw, out);
    case HB_FK_CLASS:
        return (int)fields_parse_class(raw, out, NULL);
    case HB_FK_ID12:
        return (int)fields_parse_id12(raw, out);
    case HB_FK_CODE:
        return (int)fields_parse_digits(raw, 4, 16, out);
    case HB_FK_REGNO:
        return (int)fields_parse_regno(raw, out);
    }
    return HB_PARSE_FORMAT;
}
