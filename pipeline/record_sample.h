/*
 * record_sample.h - three realistic student-year records, for tests.
 *
 * Each is what a verified record of its form family looks like: a personal
 * page with schooling history, the full subject table of a standard form
 * with values that obey the regulation (CA_NAM = round1((HK1 + 2*HK2) / 3),
 * Học lực / Kết quả học tập derived from the averages), the year's results,
 * the principal's approval, and provenance (scanned pages with SHA-256, one
 * verification with corrections).  Every present field also carries draft
 * annotations (conf, page, box) as extraction would leave them, so the same
 * record serves as a draft (record_xml_write_*(r, 1, ...)) and, written
 * with draft = 0, as a finished record.  No field is flagged for review:
 * tests that need flags add their own.
 *
 *   record_sample_tt58()  THCS grade 8A, 2019-2020, TT58 scores, a "Khá"
 *                         student (Học sinh Tiên tiến); comment subjects Đạt
 *   record_sample_tt22()  THCS grade 6A, 2021-2022, TT22, Kết quả học tập
 *                         Khá, DANH_HIEU left blank (""), teacher remarks,
 *                         an extra row "Tiếng Hàn" that matches no
 *                         catalogue subject (no code), version 2 replacing
 *                         an earlier signed version (THAY_THE)
 *   record_sample_tt27()  tiểu học grade 3A, 2022-2023, TT27 levels and
 *                         KTĐK test scores, PHAM_CHAT (5) and NANG_LUC (10)
 *                         MUC items; the year's overall result ("Hoàn
 *                         thành") is in KET_QUA_HOC_TAP/CA_NAM
 *
 * Each call returns a new record (caller frees with record_free), NULL on
 * allocation failure.  Deterministic: the same call gives the same record.
 */
#ifndef HB_RECORD_SAMPLE_H
#define HB_RECORD_SAMPLE_H

#include "record.h"

hb_record *record_sample_tt58(void);
hb_record *record_sample_tt22(void);
hb_record *record_sample_tt27(void);

#endif
