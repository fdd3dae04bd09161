/* rules_util.c - strict parsers of stored values, shared by the rules. */
#include <string.h>
#include <utf8proc.h>

#include "rules.h"
#include "rules_internal.h"

int rules_has(const hb_field *f)
{
    return f->value && f->value[0];
}

int rules_flag(hb_field *f, const char *reason, hb_err *e)
{
    if (record_field_flag(f, reason))
        return err_set(e, HB_ENOMEM, "rules: out of memory flagging %s",
                       reason);
    return 0;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

long rules_digits(const char *s)
{
    long v = 0;
    size_t n = 0;
    if (!s || !*s)
        return -1;
    for (; s[n]; n++) {
        if (!is_digit(s[n]) || n >= 9)
            return -1;
        v = v * 10 + (s[n] - '0');
    }
    return v;
}

int rules_score_tenths(const char *s)
{
    /* Exactly "d.d" or "10.0": the record's format, whatever the paper
     * wrote ("7,5", "7.50", "7" are normalised by extraction, or flagged). */
    if (!s)
        return -1;
    if (strcmp(s, "10.0") == 0)
        return 100;
    if (strlen(s) == 3 && is_digit(s[0]) && s[1] == '.' && is_digit(s[2]))
        return (s[0] - '0') * 10 + (s[2] - '0');
    return -1;
}

int rules_ca_nam_tenths(int hk1, int hk2)
{
    /* (hk1 + 2 hk2) / 3 rounded half up, in integers: floor((2x + 3) / 6)
     * with x = hk1 + 2 hk2, all non-negative. */
    int x = hk1 + 2 * hk2;
    return (2 * x + 3) / 6;
}

int rules_test_score(const char *s)
{
    long v = rules_digits(s);
    /* "07" is not how a score is written: leading zeros are a format
     * error, as is 0 (TT27 tests are scored 1-10). */
    if (v < 1 || v > 10 || s[0] == '0')
        return -1;
    return (int)v;
}

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int rules_parse_date(const char *s, int *y, int *m, int *d)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !is_digit(s[i]))
            return -1;
    int yy = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
             (s[3] - '0');
    int mm = (s[5] - '0') * 10 + (s[6] - '0');
    int dd = (s[8] - '0') * 10 + (s[9] - '0');
    if (yy < 1900 || yy > 2100 || mm < 1 || mm > 12 || dd < 1)
        return -1;
    if (dd > days[mm - 1] + (mm == 2 && leap(yy)))
        return -1;
    if (y)
        *y = yy;
    if (m)
        *m = mm;
    if (d)
        *d = dd;
    return 0;
}

int rules_nam_hoc_start(const char *s)
{
    if (!s || strlen(s) != 9 || s[4] != '-')
        return -1;
    char a[5], b[5];
    memcpy(a, s, 4);
    a[4] = '\0';
    memcpy(b, s + 5, 4);
    b[4] = '\0';
    long y1 = rules_digits(a), y2 = rules_digits(b);
    if (y1 < 1900 || y1 > 2100 || y2 != y1 + 1)
        return -1;
    return (int)y1;
}

int rules_lop_grade(const char *s)
{
    if (!s || !is_digit(s[0]) || s[0] == '0')
        return -1;
    int g = s[0] - '0';
    size_t i = 1;
    if (is_digit(s[1])) {
        g = g * 10 + (s[1] - '0');
        i = 2;
    }
    if (g > 12 || is_digit(s[i]))
        return -1;
    return g;
}

int rules_set_index(hb_valueset vs, const char *s)
{
    if ((unsigned)vs >= HB_VS_COUNT || !s)
        return -1;
    const char *const *w = catalog_values[vs];
    for (int i = 0; w[i]; i++)
        if (strcmp(w[i], s) == 0)
            return i;
    return -1;
}

int rules_in_set(hb_valueset vs, const char *s)
{
    return rules_set_index(vs, s) >= 0;
}

char *rules_casefold(const char *s)
{
    utf8proc_uint8_t *out = NULL;
    if (!s || utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
                           UTF8PROC_NULLTERM | UTF8PROC_STABLE |
                               UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD) < 0)
        return NULL;
    return (char *)out;
}

rules_level rules_school_level(const hb_record *r)
{
    switch (record_family(r)) {
    case HB_FAMILY_TT27:
    case HB_FAMILY_TT30:
        return RULES_LEVEL_PRIMARY;
    case HB_FAMILY_TT58:
    case HB_FAMILY_TT22:
        return RULES_LEVEL_SECONDARY;
    default:
        break;
    }
    /* The family was not read: the class says the level, else CAP_HOC
     * (GDTX teaches secondary grades). */
    int g = rules_lop_grade(r->year.lop.value);
    if (g > 0)
        return g <= 5 ? RULES_LEVEL_PRIMARY : RULES_LEVEL_SECONDARY;
    const char *cap = r->year.cap_hoc.value;
    if (cap && strcmp(cap, "TH") == 0)
        return RULES_LEVEL_PRIMARY;
    if (cap && (strcmp(cap, "THCS") == 0 || strcmp(cap, "THPT") == 0 ||
                strcmp(cap, "GDTX") == 0))
        return RULES_LEVEL_SECONDARY;
    return RULES_LEVEL_UNKNOWN;
}
