/*
 * catalog.h - the subject catalogue and the value sets of each form family.
 *
 * The family is data, not code: which subjects a paper can list, whether a
 * subject is given a score (0.0-10.0) or a level (Đ/CĐ, T/H/C), and which
 * words a result may hold all live in the tables of catalog.c.  Extraction,
 * rules, the renderer and the review UI all ask here instead of keeping their
 * own lists.
 */
#ifndef HB_CATALOG_H
#define HB_CATALOG_H

#include "record.h"

/* How a subject is assessed in a family. */
typedef enum hb_kind {
    HB_KIND_NONE = 0, /* the subject does not exist in that family */
    HB_KIND_SCORE,    /* 0.0-10.0, one decimal, per semester and year */
    HB_KIND_COMMENT,  /* Đạt / Chưa đạt (TT22) or Đ / CĐ (TT58) */
    HB_KIND_LEVEL,    /* TT27/TT30: Hoàn thành tốt / Hoàn thành / Chưa hoàn thành */
    HB_KIND_LEVEL_TEST /* TT27: level plus periodic test score 1-10 (KTĐK) */
} hb_kind;

typedef struct hb_subject_def {
    const char *code;        /* stable key, the XML `ma` attribute */
    const char *name;        /* canonical printed name */
    const char *variants[6]; /* other printed spellings, NULL-terminated */
    hb_kind kind[5];         /* indexed by hb_family */
} hb_subject_def;

/* All subjects, terminated by an entry with code NULL. */
extern const hb_subject_def catalog_subjects[];

const hb_subject_def *catalog_find_subject(const char *code);

/* Matches a printed row label against the catalogue, ignoring diacritics,
 * case and spacing, tolerating `max_dist` edits in the folded form.  Returns
 * the best match or NULL; *dist receives its distance when not NULL. */
const hb_subject_def *catalog_match_subject(const char *label, size_t max_dist,
                                            size_t *dist);

/* How `code` is assessed in family `f` (HB_KIND_NONE when it is not used). */
hb_kind catalog_subject_kind(const char *code, hb_family f);

/* The value sets.  Each list is NULL-terminated, full canonical words. */
typedef enum hb_valueset {
    HB_VS_COMMENT,      /* subject comment: Đạt, Chưa đạt (also written Đ, CĐ) */
    HB_VS_LEVEL,        /* TT27 subject level: Hoàn thành tốt, Hoàn thành, Chưa hoàn thành */
    HB_VS_HANH_KIEM,    /* TT58: Tốt, Khá, Trung bình, Yếu */
    HB_VS_HOC_LUC,      /* TT58: Giỏi, Khá, Trung bình, Yếu, Kém */
    HB_VS_TT22_RESULT,  /* TT22 rèn luyện / học tập: Tốt, Khá, Đạt, Chưa đạt */
    HB_VS_PHAM_CHAT,    /* TT27 phẩm chất / năng lực: Tốt, Đạt, Cần cố gắng */
    HB_VS_TT27_OVERALL, /* Hoàn thành xuất sắc, Hoàn thành tốt, Hoàn thành, Chưa hoàn thành */
    HB_VS_DANH_HIEU,    /* Học sinh Xuất sắc, Học sinh Giỏi, Học sinh Tiên tiến */
    HB_VS_GIOI_TINH,    /* Nam, Nữ */
    HB_VS_COUNT
} hb_valueset;

extern const char *const *const catalog_values[HB_VS_COUNT];

/* The canonical word for `text` in `vs`: an exact full word (case and
 * diacritic-insensitive) or the paper's abbreviation (Đ, CĐ, T, H, C, HTT,
 * HT, CHT...).  NULL when it is none of them.  Never stored folded: the
 * result points into the table. */
const char *catalog_canonical_value(hb_valueset vs, const char *text);

/* The paper's abbreviation for a canonical word ("Đạt" -> "Đ"), or the word
 * itself when it has none.  Used by the renderer. */
const char *catalog_abbrev(const char *canonical);

/* The names of TT27's phẩm chất and năng lực items, NULL-terminated. */
extern const char *const catalog_pham_chat_tt27[];
extern const char *const catalog_nang_luc_tt27[];

/* The subject rows a standard form of family `f` prints for `grade`, in
 * the form's order, as catalogue codes; NULL-terminated, static.  NULL when
 * the family does not cover that grade (TT27 is grades 1-5 only). */
const char *const *catalog_form_subjects(hb_family f, int grade);

/* The family a grade followed in the school year starting in
 * `start_year` (the phase-in of the new regulations, catalog.c): TT27 or
 * TT30 for grades 1-5, TT22 or TT58 for 6-12; HB_FAMILY_UNKNOWN for a
 * grade outside 1-12 or a year before 1900. */
hb_family catalog_family_for(int grade, int start_year);

/* The school level (CAP_HOC) for a grade: "TH" 1-5, "THCS" 6-9, "THPT" 10-12;
 * NULL outside 1-12. */
const char *catalog_level_for_grade(int grade);

#endif
