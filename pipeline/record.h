/*
 * record.h - the student-year record, the one struct every stage shares.
 *
 * A học bạ số is issued per student *per school year*.  This struct holds one
 * such record as the pipeline knows it: the school, the student's personal
 * page (lý lịch), the year's subject table and results, and where the data
 * came from (scanned pages, who verified, what they corrected).
 *
 * Every value read from paper is an `hb_field`: the text as stored (UTF-8,
 * NFC) plus the annotations a draft carries (confidence, review flag,
 * reasons, page and box).  Values are text, never numbers: "7,5" on paper is
 * stored as "7.5" by extraction, but a teacher's arithmetic slip is kept as
 * the paper says (rule zero of domain.md: reproduce the paper faithfully).
 *
 * Fields are addressed by *paths* relative to DU_LIEU_HOC_BA, the common key
 * across extraction, rules, review, audit and evaluation:
 *     LY_LICH/HO_TEN
 *     LY_LICH/QUA_TRINH_HOC_TAP/MUC[2]/LOP            (1-based)
 *     THONG_TIN_HOC_BA/NAM_HOC
 *     THONG_TIN_HOC_BA/BANG_DIEM/DIEM_TONG_KET[TOAN]/CA_NAM
 *     THONG_TIN_HOC_BA/BANG_DIEM/DIEM_TONG_KET[Tiếng Hàn]/CA_NAM  (no code:
 *                                                       the printed name)
 *     THONG_TIN_HOC_BA/TONG_KET_CA_NAM/HOC_LUC/CA_NAM
 *     THONG_TIN_HOC_BA/TONG_KET_CA_NAM/PHAM_CHAT/MUC[Chăm chỉ]
 *     THONG_TIN_HOC_BA/PHE_DUYET/NGAY
 * record_visit_fields() walks them all; record_find_field() resolves one.
 * The element names are those of the XML vocabulary (record.md), so a path is
 * also readable as an XPath-like location in the XML.
 */
#ifndef HB_RECORD_H
#define HB_RECORD_H

#include <stddef.h>

#include "err.h"

typedef struct hb_box {
    int x, y, w, h;
} hb_box;

/* One value read from paper (or typed by a person), with its annotations. */
typedef struct hb_field {
    char *value;  /* NFC UTF-8; NULL = absent (not on this form), "" = empty */
    int conf;     /* 0..100 pipeline confidence; -1 = not read from an image */
    int review;   /* 1 when a person must look at it */
    char *reason; /* space-separated reason codes ("low-conf rule:ca-nam"), or NULL */
    int page;     /* 1-based page of the book it was read from; 0 = none */
    hb_box box;   /* where on that page's stored image, in pixels */
} hb_field;

/* Form family: which regulation the paper follows.  It decides the value sets
 * (scores or levels), the result names and which rules apply. */
typedef enum hb_family {
    HB_FAMILY_UNKNOWN = 0,
    HB_FAMILY_TT58, /* Thông tư 58/2011, THCS/THPT, until the phase-out */
    HB_FAMILY_TT22, /* Thông tư 22/2021, THCS/THPT */
    HB_FAMILY_TT27, /* Thông tư 27/2020, tiểu học */
    HB_FAMILY_TT30  /* Thông tư 30/2014 and 22/2016, tiểu học before TT27 */
} hb_family;

/* One row of the subject table (DIEM_TONG_KET). */
typedef struct hb_subject {
    char *code; /* catalogue code ("TOAN"), NULL for an unknown row label */
    char *name; /* the label as printed ("Vật lý") */
    hb_field hk1, hk2, cn;      /* HOC_KY_1, HOC_KY_2, CA_NAM */
    hb_field ktdk1, ktdk2;      /* KTDK_1, KTDK_2: TT27 periodic test scores */
    hb_field danh_gia_lai;      /* DANH_GIA_LAI: re-assessment (optional) */
    hb_field nhan_xet;          /* NHAN_XET: teacher's remark (TT22) */
} hb_subject;

/* A result given per semester and for the year (Hạnh kiểm, Học lực, ...). */
typedef struct hb_term3 {
    hb_field hk1, hk2, cn;
} hb_term3;

/* A named level (MUC ten="Chăm chỉ"): TT27 phẩm chất and năng lực items. */
typedef struct hb_muc {
    char *name;
    hb_field value;
} hb_muc;

/* One row of the personal page's schooling history (QUA_TRINH_HOC_TAP/MUC). */
typedef struct hb_history {
    hb_field nam_hoc, lop, truong, so_dang_bo, ngay_nhap_hoc;
} hb_history;

typedef struct hb_school {
    hb_field ma_truong, ten_truong, xa_phuong, tinh;
} hb_school;

typedef struct hb_student {
    hb_field ho_ten, gioi_tinh, ngay_sinh, noi_sinh, dan_toc, doi_tuong,
        cho_o, ma_dinh_danh, ma_hoc_sinh, ho_ten_cha, nghe_nghiep_cha,
        ho_ten_me, nghe_nghiep_me, ho_ten_nguoi_giam_ho;
    hb_history *history;
    size_t n_history;
} hb_student;

typedef struct hb_year {
    hb_field nam_hoc, lop, cap_hoc, che_do; /* che_do: "TT58", "TT22", ... */
    hb_subject *subjects;
    size_t n_subjects;
    hb_term3 hanh_kiem, hoc_luc;            /* TT58 */
    hb_term3 ren_luyen, ket_qua_hoc_tap;    /* TT22 */
    hb_muc *pham_chat;                      /* TT27 / TT30 */
    size_t n_pham_chat;
    hb_muc *nang_luc;
    size_t n_nang_luc;
    hb_field danh_hieu, so_buoi_nghi, len_lop, nhan_xet_gvcn;
    hb_field phe_duyet_ho_ten, phe_duyet_ngay; /* PHE_DUYET/HO_TEN, /NGAY */
} hb_year;

/* A scanned page this record was read from (NGUON_SO_HOA/TRANG). */
typedef struct hb_source_page {
    char *file;      /* source file name as scanned */
    int page;        /* 1-based page within that file */
    char sha256[65]; /* lower-case hex of the page image as scanned */
} hb_source_page;

/* One correction made during verification (SUA_DOI), or a confirmation
 * that carries the reviewer's note (old = new: "the paper says so"). */
typedef struct hb_correction {
    char *path, *old_value, *new_value, *time; /* time: ISO 8601 */
    char *note;                                /* ghiChu, or NULL */
} hb_correction;

/* One verification pass (XAC_MINH): who, in what role, when, what changed. */
typedef struct hb_verification {
    char *person, *role, *time;
    hb_correction *corrections;
    size_t n_corrections;
} hb_verification;

typedef struct hb_record {
    /* THONG_TIN_HO_SO */
    char *ma_ho_so;    /* UUID, stable across versions */
    int phien_ban;     /* 1, 2, ... */
    char *thay_the;    /* SHA-256 hex of the signed version replaced, or NULL */
    char *nguon;       /* NGUON_DU_LIEU: "SO_HOA_HOC_BA_GIAY" */
    char *ngay_so_hoa; /* ISO date */

    hb_school school;
    hb_student student;
    hb_year year;

    /* NGUON_SO_HOA */
    hb_source_page *pages;
    size_t n_pages;
    hb_verification *verifications;
    size_t n_verifications;
} hb_record;

/* ---- life cycle ------------------------------------------------------- */

/* A new empty record: every field absent with conf -1, phien_ban 1, nguon
 * SO_HOA_HOC_BA_GIAY.  NULL on allocation failure. */
hb_record *record_new(void);
void record_free(hb_record *r);
/* A deep copy; NULL on allocation failure. */
hb_record *record_clone(const hb_record *r);

/* ---- fields ----------------------------------------------------------- */

/* Sets the value (copied, normalized to NFC; NULL makes it absent).
 * Returns -1 on invalid UTF-8 or allocation failure, and leaves the field
 * unchanged. */
int record_field_set(hb_field *f, const char *value);
/* Adds a reason code (if not already there) and sets review = 1. */
int record_field_flag(hb_field *f, const char *reason);
/* Nonzero when the field's reason list contains `reason`. */
int record_field_has_reason(const hb_field *f, const char *reason);
/* Frees the field's strings and resets it to absent, conf -1. */
void record_field_reset(hb_field *f);
/* Copies value and annotations (deep). */
int record_field_copy(hb_field *dst, const hb_field *src);

/* ---- subjects, items, history, provenance ----------------------------- */

/* Appends a subject row and returns it (fields absent), NULL on failure.
 * The pointer stays valid until the next append. */
hb_subject *record_add_subject(hb_record *r, const char *code, const char *name);
/* The subject with this code (or, when code lookup fails, this printed name). */
hb_subject *record_find_subject(const hb_record *r, const char *code_or_name);
hb_muc *record_add_muc(hb_muc **items, size_t *n, const char *name);
hb_history *record_add_history(hb_record *r);
hb_source_page *record_add_page(hb_record *r, const char *file, int page,
                                const char *sha256);
hb_verification *record_add_verification(hb_record *r, const char *person,
                                         const char *role, const char *time);
/* Removes every verification (review rebuilds them from the audit). */
void record_clear_verifications(hb_record *r);
int record_add_correction(hb_verification *v, const char *path,
                          const char *old_value, const char *new_value,
                          const char *time, const char *note);

/* ---- families --------------------------------------------------------- */

const char *record_family_name(hb_family f);   /* "TT58"...; "" for unknown */
hb_family record_family_parse(const char *s);  /* HB_FAMILY_UNKNOWN if not one */
hb_family record_family(const hb_record *r);   /* from year.che_do */

/* ---- paths ------------------------------------------------------------ */

/* Called for every field of the record that is present (value != NULL), or
 * for every slot the record's structure has when `all` is set, in document
 * order.  Return nonzero from the callback to stop; that value is returned. */
typedef int (*record_field_fn)(const char *path, hb_field *f, void *ctx);
int record_visit_fields(hb_record *r, int all, record_field_fn fn, void *ctx);

/* The field at `path` (see the top of this file), or NULL. */
hb_field *record_find_field(hb_record *r, const char *path);

/* ---- leaf tables ------------------------------------------------------ */

/* Name <-> member tables shared by the path code and the XML mapping, so that
 * an element name is written down exactly once. */
typedef struct hb_leaf {
    const char *tag;
    size_t offset; /* offsetof the hb_field within its struct */
} hb_leaf;

extern const hb_leaf record_school_leaves[];   /* CO_SO_GIAO_DUC/... */
extern const hb_leaf record_student_leaves[];  /* LY_LICH/... (no history) */
extern const hb_leaf record_history_leaves[];  /* .../QUA_TRINH_HOC_TAP/MUC/... */
extern const hb_leaf record_year_head_leaves[];/* NAM_HOC LOP CAP_HOC CHE_DO */
extern const hb_leaf record_subject_leaves[];  /* DIEM_TONG_KET/... */
extern const hb_leaf record_term3_leaves[];    /* HOC_KY_1 HOC_KY_2 CA_NAM */
/* TONG_KET_CA_NAM: the hb_term3 members and the single fields. */
extern const hb_leaf record_results_term3[];   /* HANH_KIEM HOC_LUC REN_LUYEN KET_QUA_HOC_TAP */
extern const hb_leaf record_results_leaves[];  /* DANH_HIEU SO_BUOI_NGHI LEN_LOP NHAN_XET_GVCN */
extern const hb_leaf record_approval_leaves[]; /* PHE_DUYET/HO_TEN, /NGAY */
/* Each table ends with {NULL, 0}. */

#define HB_FIELD_AT(base, leaf) ((hb_field *)((char *)(base) + (leaf)->offset))
#define HB_TERM3_AT(base, leaf) ((hb_term3 *)((char *)(base) + (leaf)->offset))

#endif
