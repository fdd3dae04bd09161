/*
 * synth.h - plausible random student-year records, with ground truth.
 *
 * Deterministic by seed.  Values follow the regulations (CA_NAM computed from
 * the semesters, Học lực / Kết quả học tập derived from the averages) so that
 * a generated book is consistent unless a test asks otherwise.
 */
#ifndef HB_SYNTH_H
#define HB_SYNTH_H

#include <stddef.h>

#include "record.h"

/* A book: one student's records for `n` consecutive years of `family`
 * starting at grade `first_grade` (consistent names, birth date, school).
 * Returns the number of records written to out[] (caller frees each). */
size_t synth_book(unsigned seed, hb_family family, int first_grade, size_t n,
                  hb_record **out);

/* What synth_book fills, so that renderer, extraction and scorer agree:
 * - The school years are consecutive; the first one is drawn from the years
 *   in which `family` was in use for those grades (domain.md phase-in).  With
 *   HB_FAMILY_UNKNOWN any year 2012-2025 is drawn and each year's family is
 *   synth_family_for(grade, year), so a book can be TT58 throughout or TT22
 *   throughout depending on its cohort.  Primary books are always TT27
 *   cohorts (TT30 is not generated: synth_book returns 0 for it).
 * - A grade that `family` does not cover ends the book early (the return
 *   value says how many records were made).
 * - Birth year = (second calendar year of the school year) - grade - 6, the
 *   real age: a grade-6 pupil of 2018-2019 was born in 2007.
 * - TT58: HOC_KY_1/HOC_KY_2/CA_NAM per subject (scores with CA_NAM =
 *   round1((HK1 + 2*HK2)/3), or Đạt/Chưa đạt), DANH_GIA_LAI only after a
 *   failed year result, HANH_KIEM and HOC_LUC for HK I, HK II and CN.
 * - TT22: the same plus NHAN_XET on most subjects; REN_LUYEN and
 *   KET_QUA_HOC_TAP instead of HANH_KIEM/HOC_LUC.
 * - TT27: per subject HOC_KY_1 and CA_NAM (levels: end of semester I, end of
 *   year), KTDK_1 and KTDK_2 (test scores, end of semester I and end of year,
 *   tested subjects only), NHAN_XET on some; PHAM_CHAT and NANG_LUC items;
 *   the overall result of the year (Hoàn thành xuất sắc ... Chưa hoàn
 *   thành) in KET_QUA_HOC_TAP/CA_NAM; a commendation in DANH_HIEU.
 * - Every record of a book carries the same personal page (LY_LICH) with
 *   one QUA_TRINH_HOC_TAP row per year of the book. */

/* The family schools used for `grade` (1-12) in the school year that starts
 * in `year` (2019 for 2019-2020): TT27 for grade g from 2019+g, TT30 before;
 * TT22 for grade 6 from 2021, 7 and 10 from 2022, 8 and 11 from 2023, 9 and
 * 12 from 2024; TT58 before.  HB_FAMILY_UNKNOWN outside 1-12. */
hb_family synth_family_for(int grade, int year);

#endif
