#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* ---- leaf tables ------------------------------------------------------ */

#define LEAF(T, tag, m) { tag, offsetof(T, m) }

const hb_leaf record_school_leaves[] = {
    LEAF(hb_school, "MA_TRUONG", ma_truong),
    LEAF(hb_school, "TEN_TRUONG", ten_truong),
    LEAF(hb_school, "XA_PHUONG", xa_phuong),
    LEAF(hb_school, "TINH", tinh),
    { NULL, 0 }
};

const hb_leaf record_student_leaves[] = {
    LEAF(hb_student, "HO_TEN", ho_ten),
    LEAF(hb_student, "GIOI_TINH", gioi_tinh),
    LEAF(hb_student, "NGAY_SINH", ngay_sinh),
    LEAF(hb_student, "NOI_SINH", noi_sinh),
    LEAF(hb_student, "DAN_TOC", dan_toc),
    LEAF(hb_student, "DOI_TUONG", doi_tuong),
    LEAF(hb_student, "CHO_O", cho_o),
    LEAF(hb_student, "MA_DINH_DANH", ma_dinh_danh),
    LEAF(hb_student, "MA_HOC_SINH", ma_hoc_sinh),
    LEAF(hb_student, "HO_TEN_CHA", ho_ten_cha),
    LEAF(hb_student, "NGHE_NGHIEP_CHA", nghe_nghiep_cha),
    LEAF(hb_student, "HO_TEN_ME", ho_ten_me),
    LEAF(hb_student, "NGHE_NGHIEP_ME", nghe_nghiep_me),
    LEAF(hb_student, "HO_TEN_NGUOI_GIAM_HO", ho_ten_nguoi_giam_ho),
    { NULL, 0 }
};

const hb_leaf record_history_leaves[] = {
    LEAF(hb_history, "NAM_HOC", nam_hoc),
    LEAF(hb_history, "LOP", lop),
    LEAF(hb_history, "TRUONG", truong),
    LEAF(hb_history, "SO_DANG_BO", so_dang_bo),
    LEAF(hb_history, "NGAY_NHAP_HOC", ngay_nhap_hoc),
    { NULL, 0 }
};

const hb_leaf record_year_head_leaves[] = {
    LEAF(hb_year, "NAM_HOC", nam_hoc),
    LEAF(hb_year, "LOP", lop),
    LEAF(hb_year, "CAP_HOC", cap_hoc),
    LEAF(hb_year, "CHE_DO", che_do),
    { NULL, 0 }
};

const hb_leaf record_subject_leaves[] = {
    LEAF(hb_subject, "HOC_KY_1", hk1),
    LEAF(hb_subject, "HOC_KY_2", hk2),
    LEAF(hb_subject, "CA_NAM", cn),
    LEAF(hb_subject, "KTDK_1", ktdk1),
    LEAF(hb_subject, "KTDK_2", ktdk2),
    LEAF(hb_subject, "DANH_GIA_LAI", danh_gia_lai),
    LEAF(hb_subject, "NHAN_XET", nhan_xet),
    { NULL, 0 }
};

const hb_leaf record_term3_leaves[] = {
    LEAF(hb_term3, "HOC_KY_1", hk1),
    LEAF(hb_term3, "HOC_KY_2", hk2),
    LEAF(hb_term3, "CA_NAM", cn),
    { NULL, 0 }
};

const hb_leaf record_results_term3[] = {
    LEAF(hb_year, "HANH_KIEM", hanh_kiem),
    LEAF(hb_year, "HOC_LUC", hoc_luc),
    LEAF(hb_year, "REN_LUYEN", ren_luyen),
    LEAF(hb_year, "KET_QUA_HOC_TAP", ket_qua_hoc_tap),
    { NULL, 0 }
};

const hb_leaf record_results_leaves[] = {
    LEAF(hb_year, "DANH_HIEU", danh_hieu),
    LEAF(hb_year, "SO_BUOI_NGHI", so_buoi_nghi),
    LEAF(hb_year, "LEN_LOP", len_lop),
    LEAF(hb_year, "NHAN_XET_GVCN", nhan_xet_gvcn),
    { NULL, 0 }
};

const hb_leaf record_approval_leaves[] = {
    LEAF(hb_year, "HO_TEN", phe_duyet_ho_ten),
    LEAF(hb_year, "NGAY", phe_duyet_ngay),
    { NULL, 0 }
};

/* ---- fields ----------------------------------------------------------- */

static void field_init(hb_field *f)
{
    memset(f, 0, sizeof *f);
    f->conf = -1;
}

void record_field_reset(hb_field *f)
{
    free(f->value);
    free(f->reason);
    field_init(f);
}

int record_field_set(hb_field *f, const char *value)
{
    char *v = NULL;
    if (value) {
        v = text_normalize(value);
        if (!v)
            return -1;
    }
    free(f->value);
    f->value = v;
    return 0;
}

int record_field_has_reason(const hb_field *f, const char *reason)
{
    if (!f->reason)
        return 0;
    size_t n = strlen(reason);
    for (const char *p = f->reason; *p;) {
        const char *end = strchr(p, ' ');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && memcmp(p, reason, n) == 0)
            return 1;
        if (!end)
            break;
        p = end + 1;
    }
    return 0;
}

int record_field_flag(hb_field *f, const char *reason)
{
    f->review = 1;
    if (!reason || !*reason || record_field_has_reason(f, reason))
        return 0;
    size_t old = f->reason ? strlen(f->reason) : 0;
    char *r = realloc(f->reason, old + strlen(reason) + 2);
    if (!r)
        return -1;
    if (old)
        r[old++] = ' ';
    strcpy(r + old, reason);
    f->reason = r;
    return 0;
}

int record_field_copy(hb_field *dst, const hb_field *src)
{
    hb_field t = *src;
    t.value = text_dup(src->value);
    t.reason = text_dup(src->reason);
    if ((src->value && !t.value) || (src->reason && !t.reason)) {
        free(t.value);
        free(t.reason);
        return -1;
    }
    record_field_reset(dst);
    *dst = t;
    return 0;
}

static void fields_init(void *base, const hb_leaf *leaves)
{
    for (const hb_leaf *l = leaves; l->tag; l++)
        field_init(HB_FIELD_AT(base, l));
}

static void fields_reset(void *base, const hb_leaf *leaves)
{
    for (const hb_leaf *l = leaves; l->tag; l++)
        record_field_reset(HB_FIELD_AT(base, l));
}

static int fields_copy(void *dst, const void *src, const hb_leaf *leaves)
{
    for (const hb_leaf *l = leaves; l->tag; l++)
        if (record_field_copy(HB_FIELD_AT(dst, l),
                              HB_FIELD_AT((void *)src, l)))
            return -1;
    return 0;
}

static void term3_init(hb_term3 *t) { fields_init(t, record_term3_leaves); }

/* ---- life cycle ------------------------------------------------------- */

hb_record *record_new(void)
{
    hb_record *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->phien_ban = 1;
    r->nguon = text_dup("SO_HOA_HOC_BA_GIAY");
    if (!r->nguon) {
        free(r);
        return NULL;
    }
    fields_init(&r->school, record_school_leaves);
    fields_init(&r->student, record_student_leaves);
    fields_init(&r->year, record_year_head_leaves);
    for (const hb_leaf *l = record_results_term3; l->tag; l++)
        term3_init(HB_TERM3_AT(&r->year, l));
    fields_init(&r->year, record_results_leaves);
    fields_init(&r->year, record_approval_leaves);
    return r;
}

static void subject_free(hb_subject *s)
{
    free(s->code);
    free(s->name);
    fields_reset(s, record_subject_leaves);
}

static void muc_free(hb_muc *m, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(m[i].name);
        record_field_reset(&m[i].value);
    }
    free(m);
}

static void verification_free(hb_verification *v)
{
    free(v->person);
    free(v->role);
    free(v->time);
    for (size_t i = 0; i < v->n_corrections; i++) {
        hb_correction *c = &v->corrections[i];
        free(c->path);
        free(c->old_value);
        free(c->new_value);
        free(c->time);
        free(c->note);
    }
    free(v->corrections);
}

void record_free(hb_record *r)
{
    if (!r)
        return;
    free(r->ma_ho_so);
    free(r->thay_the);
    free(r->nguon);
    free(r->ngay_so_hoa);
    fields_reset(&r->school, record_school_leaves);
    fields_reset(&r->student, record_student_leaves);
    for (size_t i = 0; i < r->student.n_history; i++)
        fields_reset(&r->student.history[i], record_history_leaves);
    free(r->student.history);
    fields_reset(&r->year, record_year_head_leaves);
    for (size_t i = 0; i < r->year.n_subjects; i++)
        subject_free(&r->year.subjects[i]);
    free(r->year.subjects);
    for (const hb_leaf *l = record_results_term3; l->tag; l++)
        fields_reset(HB_TERM3_AT(&r->year, l), record_term3_leaves);
    muc_free(r->year.pham_chat, r->year.n_pham_chat);
    muc_free(r->year.nang_luc, r->year.n_nang_luc);
    fields_reset(&r->year, record_results_leaves);
    fields_reset(&r->year, record_approval_leaves);
    for (size_t i = 0; i < r->n_pages; i++)
        free(r->pages[i].file);
    free(r->pages);
    record_clear_verifications(r);
    free(r);
}

void record_clear_verifications(hb_record *r)
{
    for (size_t i = 0; i < r->n_verifications; i++)
        verification_free(&r->verifications[i]);
    free(r->verifications);
    r->verifications = NULL;
    r->n_verifications = 0;
}

/* Grows an array by one zeroed element; returns the new element. */
static void *grow(void **arr, size_t *n, size_t size)
{
    char *a = realloc(*arr, (*n + 1) * size);
    if (!a)
        return NULL;
    *arr = a;
    memset(a + *n * size, 0, size);
    return a + (*n)++ * size;
}

hb_subject *record_add_subject(hb_record *r, const char *code, const char *name)
{
    char *c = text_dup(code), *nm = text_normalize(name ? name : "");
    if ((code && !c) || !nm) {
        free(c);
        free(nm);
        return NULL;
    }
    hb_subject *s = grow((void **)&r->year.subjects, &r->year.n_subjects,
                         sizeof *s);
    if (!s) {
        free(c);
        free(nm);
        return NULL;
    }
    fields_init(s, record_subject_leaves);
    s->code = c;
    s->name = nm;
    return s;
}

hb_subject *record_find_subject(const hb_record *r, const char *key)
{
    for (size_t i = 0; i < r->year.n_subjects; i++) {
        hb_subject *s = &r->year.subjects[i];
        if (s->code && strcmp(s->code, key) == 0)
            return s;
    }
    for (size_t i = 0; i < r->year.n_subjects; i++) {
        hb_subject *s = &r->year.subjects[i];
        if (!s->code && s->name && strcmp(s->name, key) == 0)
            return s;
    }
    return NULL;
}

hb_muc *record_add_muc(hb_muc **items, size_t *n, const char *name)
{
    char *nm = text_normalize(name ? name : "");
    if (!nm)
        return NULL;
    hb_muc *m = grow((void **)items, n, sizeof *m);
    if (!m) {
        free(nm);
        return NULL;
    }
    m->name = nm;
    field_init(&m->value);
    return m;
}

hb_history *record_add_history(hb_record *r)
{
    hb_history *h = grow((void **)&r->student.history, &r->student.n_history,
                         sizeof *h);
    if (h)
        fields_init(h, record_history_leaves);
    return h;
}

hb_source_page *record_add_page(hb_record *r, const char *file, int page,
                                const char *sha256)
{
    char *f = text_dup(file ? file : "");
    if (!f)
        return NULL;
    hb_source_page *p = grow((void **)&r->pages, &r->n_pages, sizeof *p);
    if (!p) {
        free(f);
        return NULL;
    }
    p->file = f;
    p->page = page;
    snprintf(p->sha256, sizeof p->sha256, "%s", sha256 ? sha256 : "");
    return p;
}

hb_verification *record_add_verification(hb_record *r, const char *person,
                                         const char *role, const char *time)
{
    hb_verification *v = grow((void **)&r->verifications,
                              &r->n_verifications, sizeof *v);
    if (!v)
        return NULL;
    v->person = text_normalize(person ? person : "");
    v->role = text_dup(role ? role : "");
    v->time = text_dup(time ? time : "");
    if (!v->person || !v->role || !v->time) {
        verification_free(v);
        r->n_verifications--;
        return NULL;
    }
    return v;
}

int record_add_correction(hb_verification *v, const char *path,
                          const char *old_value, const char *new_value,
                          const char *time, const char *note)
{
    hb_correction c = { text_dup(path), text_dup(old_value ? old_value : ""),
                        text_dup(new_value ? new_value : ""),
                        text_dup(time ? time : ""), text_dup(note) };
    hb_correction *slot = NULL;
    if (c.path && c.old_value && c.new_value && c.time && (c.note || !note))
        slot = grow((void **)&v->corrections, &v->n_corrections, sizeof c);
    if (!slot) {
        free(c.path);
        free(c.old_value);
        free(c.new_value);
        free(c.time);
        free(c.note);
        return -1;
    }
    *slot = c;
    return 0;
}

/* ---- clone ------------------------------------------------------------ */

hb_record *record_clone(const hb_record *src)
{
    hb_record *r = record_new();
    if (!r)
        return NULL;
    int bad = 0;
    r->ma_ho_so = text_dup(src->ma_ho_so);
    r->phien_ban = src->phien_ban;
    r->thay_the = text_dup(src->thay_the);
    free(r->nguon);
    r->nguon = text_dup(src->nguon);
    r->ngay_so_hoa = text_dup(src->ngay_so_hoa);
    bad |= fields_copy(&r->school, &src->school, record_school_leaves);
    bad |= fields_copy(&r->student, &src->student, record_student_leaves);
    for (size_t i = 0; !bad && i < src->student.n_history; i++) {
        hb_history *h = record_add_history(r);
        bad |= !h || fields_copy(h, &src->student.history[i],
                                 record_history_leaves);
    }
    bad |= fields_copy(&r->year, &src->year, record_year_head_leaves);
    for (size_t i = 0; !bad && i < src->year.n_subjects; i++) {
        const hb_subject *s = &src->year.subjects[i];
        hb_subject *d = record_add_subject(r, s->code, s->name);
        bad |= !d || fields_copy(d, s, record_subject_leaves);
    }
    for (const hb_leaf *l = record_results_term3; !bad && l->tag; l++)
        bad |= fields_copy(HB_TERM3_AT(&r->year, l),
                           HB_TERM3_AT((void *)&src->year, l),
                           record_term3_leaves);
    for (size_t i = 0; !bad && i < src->year.n_pham_chat; i++) {
        hb_muc *m = record_add_muc(&r->year.pham_chat, &r->year.n_pham_chat,
                                   src->year.pham_chat[i].name);
        bad |= !m || record_field_copy(&m->value, &src->year.pham_chat[i].value);
    }
    for (size_t i = 0; !bad && i < src->year.n_nang_luc; i++) {
        hb_muc *m = record_add_muc(&r->year.nang_luc, &r->year.n_nang_luc,
                                   src->year.nang_luc[i].name);
        bad |= !m || record_field_copy(&m->value, &src->year.nang_luc[i].value);
    }
    bad |= fields_copy(&r->year, &src->year, record_results_leaves);
    bad |= fields_copy(&r->year, &src->year, record_approval_leaves);
    for (size_t i = 0; !bad && i < src->n_pages; i++)
        bad |= !record_add_page(r, src->pages[i].file, src->pages[i].page,
                                src->pages[i].sha256);
    for (size_t i = 0; !bad && i < src->n_verifications; i++) {
        const hb_verification *sv = &src->verifications[i];
        hb_verification *v = record_add_verification(r, sv->person, sv->role,
                                                     sv->time);
        bad |= !v;
        for (size_t j = 0; !bad && j < sv->n_corrections; j++) {
            const hb_correction *c = &sv->corrections[j];
            bad |= record_add_correction(v, c->path, c->old_value,
                                         c->new_value, c->time, c->note);
        }
    }
    if (bad || (src->ma_ho_so && !r->ma_ho_so) ||
        (src->thay_the && !r->thay_the) ||
        (src->ngay_so_hoa && !r->ngay_so_hoa)) {
        record_free(r);
        return NULL;
    }
    return r;
}

/* ---- families --------------------------------------------------------- */

static const char *const family_names[] = { "", "TT58", "TT22", "TT27",
                                            "TT30" };

const char *record_family_name(hb_family f)
{
    if ((unsigned)f >= sizeof family_names / sizeof *family_names)
        return "";
    return family_names[f];
}

hb_family record_family_parse(const char *s)
{
    for (int i = 1; s && i < (int)(sizeof family_names / sizeof *family_names);
         i++)
        if (strcmp(s, family_names[i]) == 0)
            return (hb_family)i;
    return HB_FAMILY_UNKNOWN;
}

hb_family record_family(const hb_record *r)
{
    return record_family_parse(r->year.che_do.value);
}

/* ---- paths ------------------------------------------------------------ */

typedef struct visit {
    int all;
    record_field_fn fn;
    void *ctx;
    char path[512];
} visit;

static int visit_one(visit *v, size_t len, const char *tag, hb_field *f)
{
    if (!v->all && !f->value)
        return 0;
    snprintf(v->path + len, sizeof v->path - len, "%s", tag);
    return v->fn(v->path, f, v->ctx);
}

/* Visits every leaf of `leaves` under the prefix already in v->path[0..len). */
static int visit_leaves(visit *v, size_t len, void *base,
                        const hb_leaf *leaves)
{
    for (const hb_leaf *l = leaves; l->tag; l++) {
        int rc = visit_one(v, len, l->tag, HB_FIELD_AT(base, l));
        if (rc)
            return rc;
    }
    return 0;
}

/* Appends to v->path at `len`; returns the new length. */
static size_t push(visit *v, size_t len, const char *fmt, const char *arg)
{
    int n = snprintf(v->path + len, sizeof v->path - len, fmt, arg);
    if (n < 0 || (size_t)n >= sizeof v->path - len)
        return sizeof v->path - 1;
    return len + (size_t)n;
}

static int visit_muc(visit *v, size_t len, const char *group, hb_muc *m,
                     size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t l2 = push(v, len, "%s/MUC[", group);
        l2 = push(v, l2, "%s]", m[i].name);
        int rc = visit_one(v, l2, "", &m[i].value);
        if (rc)
            return rc;
    }
    return 0;
}

int record_visit_fields(hb_record *r, int all, record_field_fn fn, void *ctx)
{
    visit v = { all, fn, ctx, "" };
    int rc;
    size_t len;

    if ((rc = visit_leaves(&v, push(&v, 0, "%s", "CO_SO_GIAO_DUC/"),
                           &r->school, record_school_leaves)))
        return rc;
    len = push(&v, 0, "%s", "LY_LICH/");
    if ((rc = visit_leaves(&v, len, &r->student, record_student_leaves)))
        return rc;
    for (size_t i = 0; i < r->student.n_history; i++) {
        char idx[32];
        snprintf(idx, sizeof idx, "%zu", i + 1);
        size_t l2 = push(&v, len, "QUA_TRINH_HOC_TAP/MUC[%s]/", idx);
        if ((rc = visit_leaves(&v, l2, &r->student.history[i],
                               record_history_leaves)))
            return rc;
    }
    len = push(&v, 0, "%s", "THONG_TIN_HOC_BA/");
    if ((rc = visit_leaves(&v, len, &r->year, record_year_head_leaves)))
        return rc;
    for (size_t i = 0; i < r->year.n_subjects; i++) {
        hb_subject *s = &r->year.subjects[i];
        size_t l2 = push(&v, len, "BANG_DIEM/DIEM_TONG_KET[%s]/",
                         s->code ? s->code : s->name);
        if ((rc = visit_leaves(&v, l2, s, record_subject_leaves)))
            return rc;
    }
    size_t lt = push(&v, len, "%s", "TONG_KET_CA_NAM/");
    for (const hb_leaf *l = record_results_term3; l->tag; l++) {
        size_t l2 = push(&v, lt, "%s/", l->tag);
        if ((rc = visit_leaves(&v, l2, HB_TERM3_AT(&r->year, l),
                               record_term3_leaves)))
            return rc;
    }
    if ((rc = visit_muc(&v, lt, "PHAM_CHAT", r->year.pham_chat,
                        r->year.n_pham_chat)))
        return rc;
    if ((rc = visit_muc(&v, lt, "NANG_LUC", r->year.nang_luc,
                        r->year.n_nang_luc)))
        return rc;
    if ((rc = visit_leaves(&v, lt, &r->year, record_results_leaves)))
        return rc;
    return visit_leaves(&v, push(&v, len, "%s", "PHE_DUYET/"), &r->year,
                        record_approval_leaves);
}

typedef struct find_ctx {
    const char *path;
    hb_field *found;
} find_ctx;

static int find_cb(const char *path, hb_field *f, void *ctx)
{
    find_ctx *fc = ctx;
    if (strcmp(path, fc->path) == 0) {
        fc->found = f;
        return 1;
    }
    return 0;
}

hb_field *record_find_field(hb_record *r, const char *path)
{
    find_ctx fc = { path, NULL };
    record_visit_fields(r, 1, find_cb, &fc);
    return fc.found;
}
