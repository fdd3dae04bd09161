/*
 * review_words.c - what a reviewer reads: each field's name and each flag's
 * reason in plain Vietnamese, and the list of a record's fields with them
 * (review_fields_load).
 *
 * A teacher does not know "rule:ca-nam"; she knows that the year's average
 * must be (HK I + 2 × HK II) / 3 and wants to see the number it should have
 * been, so that she can look at the paper and decide which of the three
 * cells the machine misread, or whether the paper itself is wrong.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "review.h"
#include "rules.h"
#include "text.h"

/* ---- paths -------------------------------------------------------------- */

/* The element names of a path's last step ("CA_NAM") and of the step
 * before it ("DIEM_TONG_KET[TOAN]" -> "DIEM_TONG_KET", key "TOAN"). */
typedef struct path_parts {
    char leaf[64];
    char parent[64];
    char key[256];     /* the [..] of the parent step, or "" */
    char section[64];  /* the first step: LY_LICH, THONG_TIN_HOC_BA, ... */
} path_parts;

static void copy_step(char *dst, size_t size, const char *s, size_t len)
{
    if (len >= size)
        len = size - 1;
    memcpy(dst, s, len);
    dst[len] = '\0';
}

static void path_split(const char *path, path_parts *p)
{
    memset(p, 0, sizeof *p);
    const char *slash = strchr(path, '/');
    copy_step(p->section, sizeof p->section, path,
              slash ? (size_t)(slash - path) : strlen(path));
    const char *last = strrchr(path, '/');
    copy_step(p->leaf, sizeof p->leaf, last ? last + 1 : path,
              strlen(last ? last + 1 : path));
    if (!last || last == path)
        return;
    const char *start = last;
    while (start > path && start[-1] != '/')
        start--;
    const char *br = memchr(start, '[', (size_t)(last - start));
    copy_step(p->parent, sizeof p->parent, start,
              (size_t)((br ? br : last) - start));
    if (br && last[-1] == ']')
        copy_step(p->key, sizeof p->key, br + 1, (size_t)(last - 1 - br - 1));
}

static const char *lookup(const char *const (*table)[2], size_t n,
                          const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(table[i][0], key) == 0)
            return table[i][1];
    return NULL;
}
#define LOOKUP(t, k) lookup(t, sizeof t / sizeof t[0], k)

static const char *const leaf_words[][2] = {
    { "HO_TEN", "Họ và tên" }, { "GIOI_TINH", "Giới tính" },
    { "NGAY_SINH", "Ngày sinh" }, { "NOI_SINH", "Nơi sinh" },
    { "DAN_TOC", "Dân tộc" }, { "DOI_TUONG", "Đối tượng chính sách" },
    { "CHO_O", "Chỗ ở hiện tại" }, { "MA_DINH_DANH", "Số định danh cá nhân" },
    { "MA_HOC_SINH", "Mã học sinh" }, { "HO_TEN_CHA", "Họ tên cha" },
    { "NGHE_NGHIEP_CHA", "Nghề nghiệp của cha" }, { "HO_TEN_ME", "Họ tên mẹ" },
    { "NGHE_NGHIEP_ME", "Nghề nghiệp của mẹ" },
    { "HO_TEN_NGUOI_GIAM_HO", "Họ tên người giám hộ" },
    { "NAM_HOC", "Năm học" }, { "LOP", "Lớp" }, { "TRUONG", "Trường" },
    { "SO_DANG_BO", "Số đăng bộ" }, { "NGAY_NHAP_HOC", "Ngày nhập học" },
    { "MA_TRUONG", "Mã trường" }, { "TEN_TRUONG", "Tên trường" },
    { "XA_PHUONG", "Xã/phường" }, { "TINH", "Tỉnh/thành phố" },
    { "CAP_HOC", "Cấp học" }, { "CHE_DO", "Chế độ đánh giá" },
    { "HOC_KY_1", "Học kỳ I" }, { "HOC_KY_2", "Học kỳ II" },
    { "CA_NAM", "Cả năm" }, { "KTDK_1", "KTĐK cuối học kỳ I" },
    { "KTDK_2", "KTĐK cuối năm" }, { "DANH_GIA_LAI", "Đánh giá lại" },
    { "NHAN_XET", "Nhận xét" }, { "DANH_HIEU", "Danh hiệu" },
    { "SO_BUOI_NGHI", "Số buổi nghỉ học" }, { "LEN_LOP", "Lên lớp" },
    { "NHAN_XET_GVCN", "Nhận xét của giáo viên chủ nhiệm" },
    { "NGAY", "Ngày phê duyệt" },
};

static const char *const parent_words[][2] = {
    { "HANH_KIEM", "Hạnh kiểm" }, { "HOC_LUC", "Học lực" },
    { "REN_LUYEN", "Kết quả rèn luyện" },
    { "KET_QUA_HOC_TAP", "Kết quả học tập" }, { "PHAM_CHAT", "Phẩm chất" },
    { "NANG_LUC", "Năng lực" },
};

char *review_field_group(const char *path)
{
    path_parts p;
    path_split(path, &p);
    const char *g = "Khác";
    if (strcmp(p.section, "CO_SO_GIAO_DUC") == 0)
        g = "Trường";
    else if (strcmp(p.section, "LY_LICH") == 0)
        g = strstr(path, "/QUA_TRINH_HOC_TAP/") ? "Quá trình học tập"
                                                : "Lý lịch";
    else if (strstr(path, "/BANG_DIEM/"))
        g = "Bảng điểm";
    else if (strstr(path, "/TONG_KET_CA_NAM/"))
        g = "Tổng kết năm học";
    else if (strstr(path, "/PHE_DUYET/"))
        g = "Phê duyệt";
    else if (strcmp(p.section, "THONG_TIN_HOC_BA") == 0)
        g = "Năm học";
    return strdup(g);
}

/* The subject row a DIEM_TONG_KET[key] path names: its printed name. */
static const char *subject_name(hb_record *r, const char *key)
{
    const hb_subject *s = record_find_subject(r, key);
    return s && s->name ? s->name : key;
}

char *review_field_label(hb_record *r, const char *path)
{
    path_parts p;
    path_split(path, &p);
    const char *leaf = LOOKUP(leaf_words, p.leaf);
    char buf[512];
    if (strcmp(p.parent, "DIEM_TONG_KET") == 0)
        snprintf(buf, sizeof buf, "%s – %s", subject_name(r, p.key),
                 leaf ? leaf : p.leaf);
    else if (strcmp(p.parent, "PHE_DUYET") == 0 && strcmp(p.leaf, "HO_TEN") == 0)
        snprintf(buf, sizeof buf, "Hiệu trưởng phê duyệt");
    else if (strcmp(p.parent, "MUC") == 0 && strstr(path, "/QUA_TRINH_HOC_TAP/"))
        snprintf(buf, sizeof buf, "%s (dòng %s)", leaf ? leaf : p.leaf, p.key);
    else if (strncmp(p.leaf, "MUC[", 4) == 0) {
        /* TONG_KET_CA_NAM/PHAM_CHAT/MUC[Chăm chỉ]: the item's own name */
        const char *grp = LOOKUP(parent_words, p.parent);
        size_t l = strlen(p.leaf);
        snprintf(buf, sizeof buf, "%s – %.*s", grp ? grp : p.parent,
                 (int)(l > 5 ? l - 5 : 0), p.leaf + 4);
    } else if (LOOKUP(parent_words, p.parent))
        snprintf(buf, sizeof buf, "%s – %s", LOOKUP(parent_words, p.parent),
                 leaf ? leaf : p.leaf);
    else
        snprintf(buf, sizeof buf, "%s", leaf ? leaf : p.leaf);
    return strdup(buf);
}

/* ---- reasons ------------------------------------------------------------ */

static char *fmt_tenths(int t, char *buf, size_t size)
{
    snprintf(buf, size, "%d.%d", t / 10, t % 10);
    return buf;
}

/* "Điểm cả năm không khớp công thức (HK1 + 2×HK2)/3 = 7.3": the value the
 * formula gives from the two semesters as they now stand. */
static char *ca_nam_text(hb_record *r, const path_parts *p)
{
    const hb_subject *s = record_find_subject(r, p->key);
    char out[256], a[16];
    int h1 = s ? rules_score_tenths(s->hk1.value) : -1;
    int h2 = s ? rules_score_tenths(s->hk2.value) : -1;
    if (h1 >= 0 && h2 >= 0)
        snprintf(out, sizeof out, "Điểm cả năm không khớp công thức "
                 "(HK1 + 2×HK2)/3 = %s", fmt_tenths(rules_ca_nam_tenths(h1, h2),
                                                    a, sizeof a));
    else
        snprintf(out, sizeof out, "Điểm cả năm không khớp công thức "
                 "(HK1 + 2×HK2)/3");
    return strdup(out);
}

/* Học lực / Kết quả học tập: what the regulation gives from the subjects. */
static char *result_text(hb_record *r, const path_parts *p, const char *what,
                         int soft)
{
    int term = strcmp(p->leaf, "HOC_KY_1") == 0   ? 0
               : strcmp(p->leaf, "HOC_KY_2") == 0 ? 1
                                                  : 2;
    const char *strict = NULL, *adjusted = NULL;
    char out[400];
    /* a subject's cell flagged with the result: one of the cells that
     * hold the result word on paper out of reach */
    int cell = strcmp(p->parent, "DIEM_TONG_KET") == 0;
    int n = snprintf(out, sizeof out, "%s%s %s với điểm các môn",
                     cell ? "Ô này có thể đọc sai: " : "", what,
                     soft ? "lệch một bậc so" : "không khớp");
    if (rules_derive_result(r, term, &strict, &adjusted) == 0 && strict &&
        n > 0 && (size_t)n < sizeof out) {
        if (adjusted && strcmp(adjusted, strict) != 0)
            snprintf(out + n, sizeof out - (size_t)n,
                     " (theo quy chế: %s, hoặc %s nếu được điều chỉnh)", strict,
                     adjusted);
        else
            snprintf(out + n, sizeof out - (size_t)n, " (theo quy chế: %s)",
                     strict);
    }
    return strdup(out);
}

static const char *format_hint(const path_parts *p)
{
    static const char *const hints[][2] = {
        { "HOC_KY_1", "điểm từ 0.0 đến 10.0 có một chữ số thập phân, hoặc mức đánh giá" },
        { "HOC_KY_2", "điểm từ 0.0 đến 10.0 có một chữ số thập phân, hoặc mức đánh giá" },
        { "CA_NAM", "điểm từ 0.0 đến 10.0 có một chữ số thập phân, hoặc mức đánh giá" },
        { "KTDK_1", "điểm kiểm tra là số nguyên từ 1 đến 10" },
        { "KTDK_2", "điểm kiểm tra là số nguyên từ 1 đến 10" },
        { "NGAY_SINH", "ngày phải có thật, dạng năm-tháng-ngày" },
        { "NGAY_NHAP_HOC", "ngày phải có thật, dạng năm-tháng-ngày" },
        { "NGAY", "ngày phải có thật, dạng năm-tháng-ngày" },
        { "NAM_HOC", "năm học dạng 2019-2020, năm sau hơn năm trước 1" },
        { "LOP", "lớp là khối rồi tên lớp (8A, 10A1), khối hợp với cấp học" },
        { "MA_DINH_DANH", "số định danh gồm đúng 12 chữ số" },
        { "GIOI_TINH", "Nam hoặc Nữ" },
        { "SO_BUOI_NGHI", "số buổi nghỉ là số nguyên" },
    };
    return LOOKUP(hints, p->leaf);
}

char *review_reason_text(hb_record *r, const char *path, const char *code)
{
    path_parts p;
    path_split(path, &p);
    if (strcmp(code, "rule:ca-nam") == 0)
        return ca_nam_text(r, &p);
    if (strncmp(code, "rule:hoc-luc", 12) == 0)
        return result_text(r, &p, "Học lực", strstr(code, "-soft") != NULL);
    if (strncmp(code, "rule:ket-qua", 12) == 0)
        return result_text(r, &p, "Kết quả học tập",
                           strstr(code, "-soft") != NULL);
    if (strcmp(code, "format") == 0) {
        const char *hint = format_hint(&p);
        char out[300];
        snprintf(out, sizeof out, "Giá trị không đúng dạng%s%s",
                 hint ? ": " : "", hint ? hint : "");
        return strdup(out);
    }
    static const char *const words[][2] = {
        { "low-conf", "Máy đọc không chắc chắn: hãy so với bản quét" },
        { "empty", "Ô này đọc được là trống, nhưng phải có giá trị" },
        { "not-found", "Máy không tìm thấy ô này trên trang (mất bảng, mất dòng hoặc mất cột): hãy tìm trên bản quét và nhập, hoặc xác nhận ô để trống" },
        { "from-book", "Không đọc được năm học ở trang này: suy ra từ các năm khác của sổ, hãy so với bản quét" },
        { "unknown-subject", "Tên môn học không có trong danh mục của chế độ đánh giá này" },
        { "rule:comment", "Môn đánh giá bằng nhận xét: cả năm Đ nhưng học kỳ II CĐ" },
        { "rule:danh-hieu", "Danh hiệu không khớp với kết quả cả năm" },
        { "rule:ren-luyen", "Kết quả rèn luyện cả năm không khớp với hai học kỳ (Thông tư 22, Điều 8: cả năm Tốt khi học kỳ II Tốt và học kỳ I từ Khá trở lên, ...)" },
        { "rule:tuoi", "Năm sinh không hợp với lớp và năm học (lệch quá 2 năm)" },
        { "rule:che-do", "Chế độ đánh giá không áp dụng cho lớp này trong năm học này" },
        { "rule:cccd", "Số định danh không khớp với tỉnh, năm sinh hoặc giới tính" },
        { "rule:phe-duyet", "Ngày phê duyệt nằm ngoài năm học" },
        { "rule:header", "Khác với họ tên hoặc ngày sinh ở trang lý lịch" },
        { "rule:header-soft", "Hơi khác (một ký tự) với trang lý lịch" },
        { "rule:lop", "Lớp không nối tiếp các năm học khác của học bạ (mỗi năm lên một khối, chỉ ở lại khi năm trước ghi ở lại lớp): kiểm tra lớp và năm học" },
        { "rule:lop-soft", "Cùng khối với năm học trước mà chưa đọc được kết quả lên lớp năm trước: kiểm tra lớp và năm học" },
        { "rule:qua-trinh", "Quá trình học tập: lớp không nối tiếp các năm khác, hoặc khác với lớp ghi ở trang năm học: kiểm tra lớp và năm học" },
        { "rule:qua-trinh-soft", "Quá trình học tập: cùng khối với năm trước (ở lại lớp?): kiểm tra lớp và năm học" },
        { "roster-none", "Không tìm thấy học sinh trong danh sách của trường" },
        { "roster-many", "Danh sách của trường có nhiều học sinh trùng họ tên và ngày sinh" },
        { "roster-differs", "Khác với danh sách học sinh của trường" },
        { "term-label", "Nhãn học kỳ của dòng này (HK I / HK II) đọc không khớp thứ tự in trên mẫu: đã xếp theo thứ tự, hãy kiểm tra theo bản quét" },
        { "row-label", "Tên môn ở dòng này đọc không chắc chắn: kiểm tra đúng môn" },
        { "mark", "Dấu thanh trên chữ i có thể là dấu chấm của chữ i (Vinh đọc thành Vĩnh?): hãy so với bản quét" },
        { "glyphs", "Số chữ đọc được ít hơn số chữ viết trên giấy (chữ viết liền nhau?): hãy so với bản quét" },
        { "column-role", "Tiêu đề cột này đọc không chắc chắn: kiểm tra cột này là cột nào (học kỳ, cả năm, kiểm tra lại)" },
        { "unknown-item", "Mục đánh giá không có trong danh mục" },
        { "rule:columns", "Cột này có thể bị đọc nhầm vị trí (đổi chỗ, đọc trùng hoặc bỏ sót cột): so cả cột với bản quét" },
        { "rule:rows", "Cột này có thể bị đọc lệch một dòng (điểm của môn bên trên hoặc bên dưới): so cả cột với bản quét" },
        { "rule:kind", "Giá trị không đúng loại của môn (điểm ở môn đánh giá bằng nhận xét hoặc ngược lại): kiểm tra đúng dòng, đúng cột" },
    };
    const char *w = LOOKUP(words, code);
    return strdup(w ? w : code);
}

/* ---- a record's fields for the reviewer -------------------------------- */

typedef struct load_ctx {
    hb_record *r;
    const hb_ws_note *notes;
    size_t n_notes;
    const hb_ws_audit *trail;
    size_t n_trail;
    hb_review_field *out;
    size_t n, cap;
    int failed;
} load_ctx;

/* The reasons of f in words, one line each. */
static char *reasons_text(hb_record *r, const char *path, const char *reasons)
{
    size_t len = 0;
    char *out = strdup("");
    for (const char *p = reasons; out && p && *p;) {
        while (*p == ' ')
            p++;
        const char *end = p;
        while (*end && *end != ' ')
            end++;
        if (end == p)
            break;
        char code[64];
        copy_step(code, sizeof code, p, (size_t)(end - p));
        char *t = review_reason_text(r, path, code);
        char *grown = t ? realloc(out, len + strlen(t) + 2) : NULL;
        if (!grown) {
            free(t);
            free(out);
            return NULL;
        }
        out = grown;
        len += (size_t)sprintf(out + len, "%s%s", len ? "\n" : "", t);
        free(t);
        p = end;
    }
    return out;
}

static int load_cb(const char *path, hb_field *f, void *ctx)
{
    load_ctx *c = ctx;
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 64;
        hb_review_field *p = realloc(c->out, nc * sizeof *p);
        if (!p)
            goto fail;
        c->out = p;
        c->cap = nc;
    }
    hb_review_field *o = &c->out[c->n++];
    memset(o, 0, sizeof *o);
    o->path = strdup(path);
    o->label = review_field_label(c->r, path);
    o->group = review_field_group(path);
    o->value = strdup(f->value ? f->value : "");
    o->conf = f->conf;
    o->review = f->review;
    o->page = f->page;
    o->box = f->box;
    o->reasons = strdup(f->reason ? f->reason : "");
    o->reason_text = reasons_text(c->r, path, f->reason);
    if (!o->path || !o->label || !o->group || !o->value || !o->reasons ||
        !o->reason_text)
        goto fail;
    for (size_t i = 0; i < c->n_notes && !o->note; i++)
        if (strcmp(c->notes[i].path, path) == 0 &&
            !(o->note = strdup(c->notes[i].note)))
            goto fail;
    for (size_t i = 0; i < c->n_trail && !o->checked; i++)
        o->checked = c->trail[i].path && strcmp(c->trail[i].path, path) == 0 &&
                     (strcmp(c->trail[i].action, "correct") == 0 ||
                      strcmp(c->trail[i].action, "confirm") == 0);
    o->open = o->review && !o->note;
    return 0;
fail:
    c->failed = 1;
    return 1;
}

void review_fields_free(hb_review_field *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(f[i].path);
        free(f[i].label);
        free(f[i].group);
        free(f[i].value);
        free(f[i].reasons);
        free(f[i].reason_text);
        free(f[i].note);
    }
    free(f);
}

int review_fields_load(hb_ws *w, const char *id, int version,
                       hb_ws_record *meta, hb_review_field **fields,
                       size_t *n, hb_err *e)
{
    *fields = NULL;
    *n = 0;
    hb_record *r = NULL;
    if (ws_record_get(w, id, version, meta, &r, NULL, e))
        return -1;
    hb_ws_note *notes = NULL;
    hb_ws_audit *trail = NULL;
    size_t n_notes = 0, n_trail = 0;
    int rc = ws_record_notes(w, meta->id, meta->version, &notes, &n_notes, e);
    if (rc == 0)
        rc = ws_audit_list(w, meta->id, meta->version, &trail, &n_trail, e);
    load_ctx c = { r, notes, n_notes, trail, n_trail, NULL, 0, 0, 0 };
    if (rc == 0) {
        record_visit_fields(r, 0, load_cb, &c);
        if (c.failed)
            rc = err_set(e, HB_ENOMEM, "review: out of memory");
    }
    meta->flagged = meta->open = 0;
    for (size_t i = 0; rc == 0 && i < c.n; i++) {
        meta->flagged += c.out[i].review != 0;
        meta->open += c.out[i].open;
    }
    ws_notes_free(notes, n_notes);
    ws_audit_free(trail, n_trail);
    record_free(r);
    if (rc) {
        review_fields_free(c.out, c.n);
        ws_record_clear(meta);
        return -1;
    }
    *fields = c.out;
    *n = c.n;
    return 0;
}
