/*
 * rules_scores.c - rules on one subject row: the year-average formula
 * (rule 1) and the comment subjects (rule 2).
 *
 * These are the pipeline's strongest check.  A score table has three
 * numbers per subject that must satisfy one equation, so a single misread
 * digit in any of them almost always breaks it; on the calibration run the
 * formula alone left only 0.11% of score cells wrong and unflagged.
 */
#include <string.h>

#include "catalog.h"
#include "rules.h"
#include "rules_internal.h"

/* Rule 1 (TT58 Điều 12, TT22 Điều 9): a score subject's year average is
 * CN = round1((HK1 + 2 x HK2) / 3), from the *rounded* semester averages
 * as written.  Both sides are whole tenths, so "differs by more than 0.05"
 * is simply "differs".  All three cells are flagged: the reader cannot
 * know which one OCR broke, and a teacher's arithmetic slip is kept as the
 * paper says (the reviewer may add a note). */
int rules_check_ca_nam(hb_record *r, hb_err *e)
{
    hb_family fam = record_family(r);
    if (fam != HB_FAMILY_TT58 && fam != HB_FAMILY_TT22)
        return 0;
    for (size_t i = 0; i < r->year.n_subjects; i++) {
        hb_subject *s = &r->year.subjects[i];
        if (catalog_subject_kind(s->code, fam) != HB_KIND_SCORE)
            continue;
        int h1 = rules_score_tenths(s->hk1.value);
        int h2 = rules_score_tenths(s->hk2.value);
        int cn = rules_score_tenths(s->cn.value);
        if (h1 < 0 || h2 < 0 || cn < 0)
            continue; /* a missing or malformed cell is flagged elsewhere */
        if (cn == rules_ca_nam_tenths(h1, h2))
            continue;
        if (rules_flag(&s->hk1, "rule:ca-nam", e) ||
            rules_flag(&s->hk2, "rule:ca-nam", e) ||
            rules_flag(&s->cn, "rule:ca-nam", e))
            return -1;
    }
    return 0;
}

/* Rule 2: comment subjects (Thể dục, Âm nhạc, ... assessed Đạt / Chưa đạt).
 * The value set itself is checked by rules_check_format.  Here: the year
 * result follows the second semester.
 *   TT22 Điều 9: the year is Đạt exactly when HK II is Đạt, so any
 *     difference between CA_NAM and HOC_KY_2 is flagged.
 *   TT58: domain.md names only "year Đ with HK II CĐ" as suspicious (a
 *     student who failed the second semester cannot pass the year), and
 *     only that direction is flagged: TT58's year result for a comment
 *     subject also weighs the whole year's tests, so "year CĐ with HK II Đ"
 *     is not by itself a contradiction (check against the official text). */
int rules_check_comment(hb_record *r, hb_err *e)
{
    hb_family fam = record_family(r);
    if (fam != HB_FAMILY_TT58 && fam != HB_FAMILY_TT22)
        return 0;
    for (size_t i = 0; i < r->year.n_subjects; i++) {
        hb_subject *s = &r->year.subjects[i];
        if (catalog_subject_kind(s->code, fam) != HB_KIND_COMMENT)
            continue;
        int h2 = rules_set_index(HB_VS_COMMENT, s->hk2.value);
        int cn = rules_set_index(HB_VS_COMMENT, s->cn.value);
        if (h2 < 0 || cn < 0 || h2 == cn)
            continue;
        /* index 0 is Đạt, 1 Chưa đạt (catalog_values order) */
        if (fam == HB_FAMILY_TT58 && !(cn == 0 && h2 == 1))
            continue;
        if (rules_flag(&s->hk2, "rule:comment", e) ||
            rules_flag(&s->cn, "rule:comment", e))
            return -1;
    }
    return 0;
}
