/*
 * rules_book.c - rules across the records of one book (rule 6).
 *
 * Every year page of a book repeats the student's name and the personal
 * page gives the birth date; after book assembly each year record carries
 * them.  They must agree: a disagreement is either a misread on one page or,
 * worse, a page of another student's book scanned into this one.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "rules_internal.h"
#include "text.h"

enum { SAME = 0, SOFT = 1, HARD = 2, NOMEM = -1 };

/* How far apart two names are.  domain.md compares diacritic-insensitively
 * and calls an edit distance <= 1 a soft flag.  A difference in diacritics
 * only is also a soft flag here (not a pass): both values are stored, the
 * student has one name, so one of the pages was misread, and a lost hook
 * or dot below is OCR's most common Vietnamese error. */
static int name_severity(const char *a, const char *b)
{
    /* Case never matters: names printed in capitals on one page and in
     * title case on another agree ("NGUYỄN VĂN AN" = "Nguyễn Văn An"). */
    char *ca = rules_casefold(a), *cb = rules_casefold(b);
    char *fa = text_fold(a), *fb = text_fold(b);
    int sev = NOMEM;
    if (ca && cb && fa && fb) {
        if (strcmp(ca, cb) == 0)
            sev = SAME;
        else if (strcmp(fa, fb) == 0 || text_distance(fa, fb) <= 1)
            sev = SOFT;
        else
            sev = HARD;
    }
    free(ca);
    free(cb);
    free(fa);
    free(fb);
    return sev;
}

/* Dates are ISO text: one differing digit is a soft flag, more is hard. */
static int date_severity(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return SAME;
    return text_distance(a, b) <= 1 ? SOFT : HARD;
}

typedef int (*severity_fn)(const char *, const char *);

/* Flags the records whose value of `which` disagrees.  The reference is the
 * value most records share; when no single value is the most common (two
 * records, two values), each is judged against all the others, since there
 * is no telling which one is right. */
static int check_one(hb_record **recs, size_t n, size_t off, severity_fn sev,
                     hb_err *e)
{
#define AT(i) ((hb_field *)((char *)&recs[i]->student + off))
    size_t best = (size_t)-1, best_votes = 0;
    int tie = 0;
    for (size_t i = 0; i < n; i++) {
        if (!rules_has(AT(i)))
            continue;
        size_t votes = 0;
        for (size_t j = 0; j < n; j++) {
            if (!rules_has(AT(j)))
                continue;
            int s = sev(AT(i)->value, AT(j)->value);
            if (s == NOMEM)
                return err_set(e, HB_ENOMEM, "rules: out of memory");
            votes += s == SAME;
        }
        if (votes > best_votes) {
            best = i;
            best_votes = votes;
            tie = 0;
        } else if (votes == best_votes &&
                   sev(AT(i)->value, AT(best)->value) != SAME) {
            tie = 1;
        }
    }
    for (size_t i = 0; best != (size_t)-1 && i < n; i++) {
        if (!rules_has(AT(i)))
            continue;
        int worst = SAME;
        for (size_t j = 0; j < n; j++) {
            if (!rules_has(AT(j)) || (!tie && j != best))
                continue;
            int s = sev(AT(i)->value, AT(j)->value);
            if (s > worst)
                worst = s;
        }
        if (worst == SOFT && rules_flag(AT(i), "rule:header-soft", e))
            return -1;
        if (worst == HARD && rules_flag(AT(i), "rule:header", e))
            return -1;
    }
    return 0;
#undef AT
}

int rules_check_header(hb_record **recs, size_t n, hb_err *e)
{
    if (check_one(recs, n, offsetof(hb_student, ho_ten), name_severity, e) ||
        check_one(recs, n, offsetof(hb_student, ngay_sinh), date_severity, e))
        return -1;
    return 0;
}

int rules_check_book(hb_record **recs, size_t n, hb_err *e)
{
    return rules_check_header(recs, n, e);
}
