#include "fields.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text.h"

/* Appends code point `cp` to `o` as UTF-8; returns bytes written. */
static size_t put_cp(char *o, utf8proc_int32_t cp)
{
    return (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)o);
}

char *fields_map_lookalikes(const char *raw)
{
    if (!raw || !text_is_utf8(raw))
        return NULL;
    size_t len = strlen(raw);
    char *tmp = malloc(len * 2 + 1);
    if (!tmp)
        return NULL;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)raw;
    utf8proc_ssize_t left = (utf8proc_ssize_t)len;
    char *o = tmp;
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, left, &cp);
        if (k <= 0)
            break;
        switch (cp) {
        case 0x00D0: /* Ð Icelandic eth: `vie` returns it for Đ */
        case 0x0189: /* Ɖ African D */
            cp = 0x0110;
            break;
        case 0x00F0: /* ð */
            cp = 0x0111;
            break;
        case 0x2018: case 0x2019: case 0x201C: case 0x201D:
            cp = '\'';
            break;
        case 0x2013: case 0x2014: case 0x2212: /* dashes, minus */
            cp = '-';
            break;
        case 0x2026: /* … */
            cp = '.';
            break;
        default:
            break;
        }
        o += put_cp(o, cp);
        p += k;
        left -= k;
    }
    *o = '\0';
    char *n = text_normalize(tmp);
    free(tmp);
    return n;
}

/* A copy of `raw` with every ASCII blank removed. */
static char *strip_blanks(const char *raw)
{
    char *s = malloc(strlen(raw) + 1), *o = s;
    if (!s)
        return NULL;
    for (const char *p = raw; *p; p++)
        if (!isspace((unsigned char)*p))
            *o++ = *p;
    *o = '\0';
    return s;
}

/* Nothing but blanks, dots, dashes, underscores (leader lines) and bars. */
static int looks_empty(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (!isspace(*p) && *p != '.' && *p != '-' && *p != '_' &&
            *p != ',' && *p != '|' && *p != ':' && *p != '\'')
            return 0;
    return 1;
}

static char *dupf(const char *fmt, int a, int b, int c)
{
    char buf[64];
    snprintf(buf, sizeof buf, fmt, a, b, c);
    return text_dup(buf);
}

hb_parse fields_parse_score(const char *raw, int integer, char **out)
{
    *out = NULL;
    if (!raw || looks_empty(raw))
        return HB_PARSE_EMPTY;
    char *s = strip_blanks(raw);
    if (!s)
        return HB_PARSE_FORMAT;
    size_t n = strlen(s);
    /* A separator hanging at either end is a speck or a line fragment the
     * crop caught, not a digit that went missing. */
    while (n && (s[n - 1] == '.' || s[n - 1] == ','))
        s[--n] = '\0';
    char *p = s;
    while (*p == '.' || *p == ',')
        p++;
    int ip = 0, nd = 0, frac = -1, nfrac = 0, bad = 0;
    for (; *p; p++) {
        if (isdigit((unsigned char)*p)) {
            if (frac < 0) {
                ip = ip * 10 + (*p - '0');
                nd++;
            } else {
                frac = frac * 10 + (*p - '0');
                nfrac++;
            }
        } else if ((*p == '.' || *p == ',') && frac < 0) {
            frac = 0;
        } else {
            bad = 1;
        }
    }
    free(s);
    if (bad || nd == 0 || nd > 2)
        return HB_PARSE_FORMAT;
    if (integer) {
        if (frac >= 0 && !(nfrac == 1 && frac == 0))
            return HB_PARSE_FORMAT;
        if (ip < 1 || ip > 10)
            return HB_PARSE_FORMAT;
        *out = dupf("%d", ip, 0, 0);
        return *out ? HB_PARSE_OK : HB_PARSE_FORMAT;
    }
    if (frac >= 0 && nfrac != 1)
        return HB_PARSE_FORMAT; /* "7." was trimmed; "7.25" is not a TT score */
    if (frac < 0)
        frac = 0;
    if (ip > 10 || (ip == 10 && frac != 0))
        return HB_PARSE_FORMAT;
    *out = dupf("%d.%d", ip, frac, 0);
    return *out ? HB_PARSE_OK : HB_PARSE_FORMAT;
}

static int days_in_month(int y, int m)
{
    static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

/* Removes the words of the long style ("ngay", "thang", "nam") from a folded
 * string, in place, leaving blanks where they were. */
static void blank_date_words(char *f)
{
    static const char *const words[] = { "ngay", "thang", "nam", NULL };
    for (int i = 0; words[i]; i++) {
        size_t wl = strlen(words[i]);
        for (char *p = strstr(f, words[i]); p; p = strstr(p, words[i]))
            memset(p, ' ', wl);
    }
}

hb_parse fields_parse_date(const char *raw, char **out)
{
    *out = NULL;
    if (!raw || looks_empty(raw))
        return HB_PARSE_EMPTY;
    char *f = text_fold(raw);
    if (!f)
        return HB_PARSE_FORMAT;
    blank_date_words(f);
    int num[3] = { 0 }, len[3] = { 0 }, k = -1, bad = 0, in_num = 0;
    int seps_between = 0;
    for (const char *p = f; *p; p++) {
        if (isdigit((unsigned char)*p)) {
            if (!in_num) {
                if (++k >= 3) {
                    bad = 1;
                    break;
                }
                if (k > 0 && seps_between == 0)
                    bad = 1;
                seps_between = 0;
            }
            in_num = 1;
            num[k] = num[k] * 10 + (*p - '0');
            len[k]++;
        } else {
            in_num = 0;
            if (*p == '/' || *p == '-' || *p == '.' || *p == ' ' || *p == ',' ||
                *p == '_')
                seps_between++;
            else
                bad = 1;
        }
    }
    free(f);
    if (bad || k != 2 || len[0] > 2 || len[1] > 2 || len[2] != 4)
        return HB_PARSE_FORMAT;
    int d = num[0], m = num[1], y = num[2];
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 ||
        d > days_in_month(y, m))
        return HB_PARSE_FORMAT;
    *out = dupf("%04d-%02d-%02d", y, m, d);
    return *out ? HB_PARSE_OK : HB_PARSE_FORMAT;
}

hb_parse fields_parse_school_year(const char *raw, char **out)
{
    *out = NULL;
    if (!raw || looks_empty(raw))
        return HB_PARSE_EMPTY;
    char *s = fields_map_lookalikes(raw);
    if (!s)
        return HB_PARSE_FORMAT;
    /* Two groups of four digits with one dash or slash between them. */
    int num[2] = { 0 }, len[2] = { 0 }, k = -1, bad = 0, in_num = 0, seps = 0;
    for (const char *p = s; *p && !bad; p++) {
        if (isdigit((unsigned char)*p)) {
            if (!in_num && ++k >= 2)
                bad = 1;
            else if (!in_num && k == 1 && seps != 1)
                bad = 1;
            in_num = 1;
            if (!bad) {
                num[k] = num[k] * 10 + (*p - '0');
                len[k]++;
            }
        } else {
            in_num = 0;
            if (*p == '-' || *p == '/')
                seps += k == 0;
            else if (*p != ' ')
                bad = 1;
        }
    }
    free(s);
    if (bad || k != 1 || len[0] != 4 || len[1] != 4 || num[1] != num[0] + 1 ||
        num[0] < 1950 || num[0] > 2100)
        return HB_PARSE_FORMAT;
    *out = dupf("%04d-%04d", num[0], num[1], 0);
    return *out ? HB_PARSE_OK : HB_PARSE_FORMAT;
}

/* Nonzero for a letter or digit code point (section names: "A1", "Văn"). */
static int is_alnum_cp(utf8proc_int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_ND;
}

static int is_letter_cp(utf8proc_int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           c == UTF8PROC_CATEGORY_MN;
}

hb_parse fields_parse_class(const char *raw, char **out, int *grade)
{
    *out = NULL;
    if (grade)
        *grade = 0;
    if (!raw || looks_empty(raw))
        return HB_PARSE_EMPTY;
    char *s = fields_map_lookalikes(raw);
    if (!s)
        return HB_PARSE_FORMAT;
    const char *p = s;
    int g = 0, nd = 0;
    while (isdigit((unsigned char)*p) && nd < 3) {
        g = g * 10 + (*p - '0');
        nd++;
        p++;
    }
    int ok = nd >= 1 && nd <= 2 && g >= 1 && g <= 12;
    /* The section: letters and digits, optionally after one blank or a
     * slash ("12 Văn", "6/2"); nothing else. */
    const char *sec = p;
    if (*sec == ' ' || *sec == '/')
        sec++;
    const utf8proc_uint8_t *q = (const utf8proc_uint8_t *)sec;
    utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(sec);
    int n_sec = 0;
    while (ok && left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(q, left, &cp);
        if (k <= 0 || !is_alnum_cp(cp))
            ok = 0;
        n_sec++;
        q += k > 0 ? k : 1;
        left -= k > 0 ? k : 1;
    }
    /* A class without a section is not a class: the digit alone is more
     * likely a grade column or a misread. */
    if (!ok || n_sec == 0 || n_sec > 6 || (!isalpha((unsigned char)*sec) &&
                                            !isdigit((unsigned char)*sec) &&
                                            !((unsigned char)*sec & 0x80))) {
        free(s);
        return HB_PARSE_FORMAT;
    }
    if (grade)
        *grade = g;
    *out = s;
    return HB_PARSE_OK;
}

hb_parse fields_parse_int(const char *raw, char **out)
{
    *out = NULL;
    if (!raw || looks_empty(raw))
        return HB_PARSE_EMPTY;
    char *s = strip_blanks(raw);
    if (!s)
        return HB_PARSE_FORMAT;
    int v = 0, nd = 0, bad = 0;
    for (const char *p = s; *p; p++) {
        if (isdigit((unsigned char)*p)) {
            v = v * 10 + (*p - '0');
            nd++;
        } else {
            bad = 1;
        }
    }
    free(s);
    if (bad || nd == 0 || nd > 4)
        return HB_PARSE_FORMAT;
    *out = dupf("%d", v, 0, 0);
    return *out ? HB_PARSE_OK : HB_PARSE_FORMAT;
}

/* Trims everything that is not a letter or digit from both ends, in place
 * (a colon after the label, leader dots, a speck). */
static void trim_marks(char *s, int keep_digits)
{
    size_t len = strlen(s);
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t start = 0, end = 0;
    int seen = 0;
    utf8proc_ssize_t left = (utf8proc_ssize_t)len;
    size_t off = 0;
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p + off, left, &cp);
        if (k <= 0)
            break;
        int keep = is_letter_cp(cp) || (keep_digits && cp >= '0' && cp <= '9') ||
                   (seen && cp == ')');
        if (keep) {
            if (!seen)
                start = off;
            seen = 1;
            end = off + (size_t)k;
        }
        off += (size_t)k;
        left -= k;
    }
    if (!seen) {
        s[0] = '\0';
        return;
    }
    memmove(s, s + start, end - start);
    s[end - start] = '\0';
}

hb_parse fields_clean_name(const char *raw, char **out)
{
    *out = NULL;
    if (!raw)
        return HB_PARSE_EMPTY;
    char *s = fields_map_lookalikes(raw);
    if (!s)
        return HB_PARSE_FORMAT;
    trim_marks(s, 1);
    if (!*s) {
        free(s);
        return HB_PARSE_EMPTY;
    }
    /* A dot or comma stuck to the end of a word inside a name ("Cao Duy.
     * Thịnh") is a speck: Vietnamese names carry no punctuation. */
    char *w = s;
    for (char *r = s; *r; r++)
        if (!((*r == '.' || *r == ',') && r[1] == ' ' && r > s && r[-1] != ' '))
            *w++ = *r;
    *w = '\0';
    hb_parse rc = HB_PARSE_OK;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(s);
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, left, &cp);
        if (k <= 0)
            break;
        if (!is_letter_cp(cp) && cp != ' ' && cp != '-' && cp != '\'')
            rc = HB_PARSE_FORMAT;
        p += k;
        left -= k;
    }
    *out = s;
    return rc;
}

hb_parse fields_clean_text(const char *raw, char **out)
{
    *out = NULL;
    if (!raw)
        return HB_PARSE_EMPTY;
    char *s = fields_map_lookalikes(raw);
    if (!s)
        return HB_PARSE_FORMAT;
    /* Leader dots and colons at the ends only; inner punctuation ("Tổ 3,
     * phường Đông Thành") is the text, and so is the full stop that ends a
     * remark: one dot right after a letter stays. */
    size_t n = strlen(s);
    while (n && (s[n - 1] == '.' || s[n - 1] == ':' || s[n - 1] == ' ' ||
                 s[n - 1] == '_' || s[n - 1] == '|')) {
        size_t run = 0;
        while (run < n && s[n - 1 - run] == '.')
            run++;
        if (run == 1 && n >= 2 && s[n - 2] != ' ' && s[n - 2] != ':' &&
            s[n - 2] != '_' && s[n - 2] != '|')
            break;
        n -= run ? run : 1;
        s[n] = '\0';
    }
    /* at the start also a stray apostrophe or backquote: a speck before
     * the first letter reads as one */
    size_t i = 0;
    while (s[i] == '.' || s[i] == ':' || s[i] == ' ' || s[i] == '_' ||
           s[i] == '|' || s[i] == '\'' || s[i] == '`')
        i++;
    memmove(s, s + i, n - i + 1);
    if (!*s) {
        free(s);
        return HB_PARSE_EMPTY;
    }
    *out = s;
    return HB_PARSE_OK;
}

hb_parse fields_parse_id12(const char *raw, char **out)
{
    *out = NULL;
    if (!raw || looks_empty(raw))
        return HB_PARSE_EMPTY;
    char *s = strip_blanks(raw);
    if (!s)
        return HB_PARSE_FORMAT;
    size_t n = strlen(s);
    int ok = n == 12;
    for (size_t i = 0; ok && i < n; i++)
        ok = isdigit((unsigned char)s[i]);
    if (!ok) {
        free(s);
        return HB_PARSE_FORMAT;
    }
    *out = s;
    return HB_PARSE_OK;
}

hb_parse fields_parse_digits(const char *raw, int min_len, int max_len,
                             char **out)
{
    *out = NULL;
    if (!raw || looks_empty(raw))
        return HB_PARSE_EMPTY;
    char *s = strip_blanks(raw);
    if (!s)
        return HB_PARSE_FORMAT;
    size_t n = strlen(s);
    int ok = n >= (size_t)min_len && n <= (size_t)max_len;
    for (size_t i = 0; ok && i < n; i++)
        ok = isdigit((unsigned char)s[i]);
    if (!ok) {
        free(s);
        return HB_PARSE_FORMAT;
    }
    *out = s;
    return HB_PARSE_OK;
}

hb_parse fields_parse_regno(const char *raw, char **out)
{
    *out = NULL;
    if (!raw || looks_empty(raw))
        return HB_PARSE_EMPTY;
    char *s = strip_blanks(raw);
    if (!s)
        return HB_PARSE_FORMAT;
    size_t n = strspn(s, "0123456789");
    int ok = n >= 1 && n <= 6;
    if (ok && s[n] == '/') {
        size_t y = strspn(s + n + 1, "0123456789");
        ok = (y == 2 || y == 4) && s[n + 1 + y] == '\0';
    } else {
        ok = ok && s[n] == '\0';
    }
    if (!ok) {
        free(s);
        return HB_PARSE_FORMAT;
    }
    *out = s;
    return HB_PARSE_OK;
}

hb_parse fields_clean_place(const char *raw, char **out)
{
    *out = NULL;
    if (!raw)
        return HB_PARSE_EMPTY;
    char *tmp = text_dup(raw);
    if (!tmp)
        return HB_PARSE_FORMAT;
    /* dots become blanks, then blanks before a comma go */
    for (char *p = tmp; *p; p++)
        if (*p == '.')
            *p = ' ';
    char *o = tmp;
    for (char *p = tmp; *p; p++) {
        if (*p == ' ' && p[1] == ',')
            continue;
        *o++ = *p;
    }
    *o = '\0';
    hb_parse rc = fields_clean_text(tmp, out);
    free(tmp);
    return rc;
}
