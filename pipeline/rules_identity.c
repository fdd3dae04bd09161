/*
 * rules_identity.c - who and when: the student's age for the grade
 * (rule 5), which regulation can apply to that grade in that year, the
 * structure of the personal identification number (rule 8), and the
 * approval date.
 *
 * Dates and identifiers are where a misread digit does the most harm (a
 * record synced under the wrong birth date or number) and where OCR has the
 * least help from a closed value set, so every cross-check we can derive
 * from the regulations is worth having.
 */
#include <string.h>

#include "catalog.h"
#include "rules.h"
#include "rules_internal.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* Rule 5.  Children enter grade 1 in the calendar year they turn six, so a
 * student in grade g in school year y1-y2 was born in about y2 - g - 6 (the
 * *second* year of the school year: grade 1 in 2020-2021 means born in
 * 2014).  Late starts and repeated years make students older, a few start
 * early; more than two years either way is flagged, on the three fields
 * that could have been misread. */
enum { AGE_TOLERANCE = 2 };

int rules_check_tuoi(hb_record *r, hb_err *e)
{
    int g = rules_lop_grade(r->year.lop.value);
    int y1 = rules_nam_hoc_start(r->year.nam_hoc.value);
    int born;
    if (g < 0 || y1 < 0 ||
        rules_parse_date(r->student.ngay_sinh.value, &born, NULL, NULL))
        return 0;
    int expected = y1 + 1 - g - 6;
    int d = born - expected;
    if (d >= -AGE_TOLERANCE && d <= AGE_TOLERANCE)
        return 0;
    if (rules_flag(&r->student.ngay_sinh, "rule:tuoi", e) ||
        rules_flag(&r->year.lop, "rule:tuoi", e) ||
        rules_flag(&r->year.nam_hoc, "rule:tuoi", e))
        return -1;
    return 0;
}

/* A family that cannot apply to the grade, or not in that year, means the
 * family, the class or the school year was misread: all three are flagged.
 * The school level must fit the family too (TT27/TT30 are primary, TT58/
 * TT22 secondary): extraction may derive CAP_HOC from a misread LOP, and
 * then it carries the same error.  GDTX (continuing education) has its own
 * schedule and is not judged. */
int rules_check_che_do(hb_record *r, hb_err *e)
{
    hb_year *y = &r->year;
    hb_family fam = record_family(r);
    int g = rules_lop_grade(y->lop.value);
    int y1 = rules_nam_hoc_start(y->nam_hoc.value);
    const char *cap = y->cap_hoc.value;
    if (fam == HB_FAMILY_UNKNOWN || (cap && strcmp(cap, "GDTX") == 0))
        return 0;
    int primary = fam == HB_FAMILY_TT27 || fam == HB_FAMILY_TT30;
    int is_new = fam == HB_FAMILY_TT27 || fam == HB_FAMILY_TT22;
    int cap_ok = !rules_has(&y->cap_hoc) ||
                 (primary ? strcmp(cap, "TH") == 0
                          : strcmp(cap, "THCS") == 0 || strcmp(cap, "THPT") == 0);
    int ok = g < 0 || (primary ? g <= 5 : g >= 6);
    if (ok && g > 0 && y1 >= 0) {
        hb_family due = catalog_family_for(g, y1);
        ok = is_new == (due == HB_FAMILY_TT27 || due == HB_FAMILY_TT22);
    }
    if (!ok && (rules_flag(&y->lop, "rule:che-do", e) ||
                (y1 >= 0 && rules_flag(&y->nam_hoc, "rule:che-do", e))))
        return -1;
    if (!cap_ok && rules_flag(&y->cap_hoc, "rule:che-do", e))
        return -1;
    if ((!ok || !cap_ok) && rules_flag(&y->che_do, "rule:che-do", e))
        return -1;
    return 0;
}

/* Rule 8: the 12-digit personal identification number (số định danh cá
 * nhân, also the CCCD number), Thông tư 07/2016/TT-BCA:
 *   digits 1-3  the province (or centrally-run city) where the birth was
 *               registered, codes 001-096 of the 63 provinces;
 *   digit 4     century of birth and sex: 0/1 1900s male/female, 2/3 2000s,
 *               4/5 2100s (6/7, 8/9 later centuries);
 *   digits 5-6  the last two digits of the birth year;
 *   digits 7-12 a serial.
 * Numbers already issued keep their codes after the 2025 merger of
 * provinces, so the list of 63 stays the reference. */
static const char *const province_codes[] = {
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015",
    "017", "019", "020", "022", "024", "025", "026", "027", "030", "031",
    "033", "034", "035", "036", "037", "038", "040", "042", "044", "045",
    "046", "048", "049", "051", "052", "054", "056", "058", "060", "062",
    "064", "066", "067", "068", "070", "072", "074", "075", "077", "079",
    "080", "082", "083", "084", "086", "087", "089", "091", "092", "093",
    "094", "095", "096"
};

static int province_known(const char *id)
{
    for (size_t i = 0; i < COUNT(province_codes); i++)
        if (memcmp(id, province_codes[i], 3) == 0)
            return 1;
    return 0;
}

int rules_check_cccd(hb_record *r, hb_err *e)
{
    hb_student *st = &r->student;
    const char *id = st->ma_dinh_danh.value;
    if (!id || strlen(id) != 12 || strspn(id, "0123456789") != 12)
        return 0; /* absent, or flagged as format */
    if (!province_known(id) && rules_flag(&st->ma_dinh_danh, "rule:cccd", e))
        return -1;
    int code = id[3] - '0';
    int century = 1900 + 100 * (code / 2); /* 0/1 -> 1900, 2/3 -> 2000 ... */
    int female = code % 2;
    int born;
    if (rules_parse_date(st->ngay_sinh.value, &born, NULL, NULL) == 0) {
        int yy = (id[4] - '0') * 10 + (id[5] - '0');
        if (born / 100 * 100 != century || born % 100 != yy) {
            if (rules_flag(&st->ma_dinh_danh, "rule:cccd", e) ||
                rules_flag(&st->ngay_sinh, "rule:cccd", e))
                return -1;
        }
    }
    int sex = rules_set_index(HB_VS_GIOI_TINH, st->gioi_tinh.value);
    if (sex >= 0 && sex != female) { /* catalog order: Nam, Nữ */
        if (rules_flag(&st->ma_dinh_danh, "rule:cccd", e) ||
            rules_flag(&st->gioi_tinh, "rule:cccd", e))
            return -1;
    }
    return 0;
}

/* The principal approves a year's results at the end of that year, so the
 * approval date (PHE_DUYET/NGAY) falls in the school year's second calendar
 * year; a book approved late (at the end of the level) may carry a date a
 * year or so after.  A year outside y1..y1+2 is nearly always a misread
 * digit. */
int rules_check_phe_duyet(hb_record *r, hb_err *e)
{
    int y1 = rules_nam_hoc_start(r->year.nam_hoc.value);
    int y;
    if (y1 < 0 || rules_parse_date(r->year.phe_duyet_ngay.value, &y, NULL,
                                   NULL))
        return 0;
    if (y >= y1 && y <= y1 + 2)
        return 0;
    return rules_flag(&r->year.phe_duyet_ngay, "rule:phe-duyet", e);
}
