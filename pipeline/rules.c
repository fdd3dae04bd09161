/*
 * rules.c - which rules run on which family.
 *
 * The family is data: each rule names the families it applies to, and
 * rules_check_record runs down the table.  The rules themselves live in
 * rules_format.c (formats, empty cells, unknown rows), rules_scores.c (one
 * subject row), rules_structure.c (the subject table as a whole: column
 * roles, kinds of values), rules_results.c (overall results and titles),
 * rules_identity.c (age, regulation phase-in, CCCD, approval date) and
 * rules_book.c (across a book's records, and the class's progression over
 * the years of the schooling history).
 */
#include "rules.h"

#define FAM(f) (1u << (f))
#define ALL (FAM(HB_FAMILY_UNKNOWN) | FAM(HB_FAMILY_TT58) | FAM(HB_FAMILY_TT22) | \
             FAM(HB_FAMILY_TT27) | FAM(HB_FAMILY_TT30))
#define SECONDARY (FAM(HB_FAMILY_TT58) | FAM(HB_FAMILY_TT22))

static const struct rule {
    int (*fn)(hb_record *, hb_err *);
    unsigned families;
} rules_table[] = {
    { rules_check_subjects, ALL },
    { rules_check_format, ALL },
    { rules_check_empty, ALL },
    { rules_check_ca_nam, SECONDARY },
    { rules_check_comment, SECONDARY },
    /* the table's structure: the arithmetic needs scores (not TT27/TT30) */
    { rules_check_column_order, SECONDARY | FAM(HB_FAMILY_UNKNOWN) },
    { rules_check_column_twice, SECONDARY | FAM(HB_FAMILY_UNKNOWN) },
    { rules_check_row_slide, SECONDARY | FAM(HB_FAMILY_UNKNOWN) },
    { rules_check_column_empty, ALL },
    { rules_check_column_tests, ALL }, /* primary pages only */
    { rules_check_kind, ALL },
    { rules_check_hoc_luc, FAM(HB_FAMILY_TT58) },
    { rules_check_ket_qua, FAM(HB_FAMILY_TT22) | FAM(HB_FAMILY_TT27) },
    { rules_check_danh_hieu, SECONDARY | FAM(HB_FAMILY_TT27) },
    { rules_check_ren_luyen, FAM(HB_FAMILY_TT22) },
    { rules_check_tuoi, ALL },
    { rules_check_che_do, ALL },
    { rules_check_cccd, ALL },
    { rules_check_phe_duyet, ALL },
    { rules_check_qua_trinh, ALL },
};

int rules_check_record(hb_record *r, hb_err *e)
{
    unsigned fam = FAM(record_family(r));
    for (size_t i = 0; i < sizeof rules_table / sizeof *rules_table; i++)
        if ((rules_table[i].families & fam) && rules_table[i].fn(r, e))
            return -1;
    return 0;
}
