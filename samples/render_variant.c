/*
 * render_variant.c - the layout variants: how other printers and other
 * decades laid out the same học bạ.
 *
 * The forms are set by regulation (what is asked), not by a template (how
 * it looks): each province's printer, and each school that prints its own
 * books, words the labels its own way ("Họ và tên", "Họ tên học sinh"),
 * puts them with or without colons, several to a line or one per line,
 * heads the score columns "Học kỳ I", "HK I" or "HKI" and the year's
 * column "Cả năm", "CN" or "TB cả năm", numbers the subject rows or not,
 * and writes the year's conduct and learning results in a table, a
 * transposed table or as plain lines ("Hạnh kiểm: Khá   Học lực: Trung
 * bình").  A reader tuned on one layout reads every field of another one
 * the same way, and a column taken for the wrong one is wrong in every
 * row; the variants are here so that such mistakes show in the bench.
 *
 * A variant is drawn once per book from render_opts.layout, from its own
 * generator, so it never shifts the look drawn from render_opts.seed
 * (fonts, widths, row swaps).  Each choice includes what the standard
 * forms print, so a variant book differs from them in some ways, not in
 * all.  Only variations that real books show are drawn: the order of the
 * terms (HK I, HK II, year) never changes, the year's column never comes
 * first, the subject name stays the first column after a row number.
 *
 * layout 0 fills the struct with the standard forms' wordings and
 * choices; the drawing code reads them in every mode.
 */
#include <stddef.h>
#include <string.h>

#include "render_internal.h"

#define COUNT(a) ((int)(sizeof(a) / sizeof *(a)))

/* The standard forms' labels (render_opts.layout 0), without colons. */
static const char *const standard[RD_L_COUNT] = {
    [RD_L_NAME] = "Họ và tên",
    [RD_L_CLASS] = "Lớp",
    [RD_L_YEAR] = "Năm học",
    [RD_L_SCHOOL] = "Trường",
    [RD_L_MA_TRUONG] = "Mã trường",
    [RD_L_XA] = "Xã/Phường",
    [RD_L_TINH] = "Tỉnh/Thành phố",
    [RD_L_SEX] = "Giới tính",
    [RD_L_BIRTH] = "Ngày sinh",
    [RD_L_ETHNIC] = "Dân tộc",
    [RD_L_BIRTHPLACE] = "Nơi sinh",
    [RD_L_DOI_TUONG] = "Đối tượng (con liệt sĩ, con thương binh, ...)",
    [RD_L_CHO_O] = "Chỗ ở hiện tại",
    [RD_L_ID] = "Số định danh cá nhân",
    [RD_L_MHS] = "Mã học sinh",
    [RD_L_CHA] = "Họ và tên cha",
    [RD_L_ME] = "Họ và tên mẹ",
    [RD_L_NGHE] = "Nghề nghiệp",
    [RD_L_GIAM_HO] = "Họ và tên người giám hộ",
    [RD_L_LEN_LOP] = "Kết quả lên lớp",
    [RD_L_DANH_HIEU] = "Danh hiệu",
    [RD_L_DAYS] = "Tổng số buổi nghỉ học",
    [RD_L_T27_RESULT] = "Đánh giá kết quả giáo dục",
    [RD_L_T27_PRIZE] = "Khen thưởng",
    [RD_L_T27_DONE] = "Hoàn thành chương trình lớp học",
};

/* Other wordings seen in books, the standard one first.  A list per
 * label; labels not listed keep the standard wording. */
typedef struct wordings {
    rd_lkey k;
    const char *w[5];
} wordings;

static const wordings other[] = {
    { RD_L_NAME, { "Họ và tên", "Họ và tên học sinh", "Họ tên",
                   "Họ tên học sinh" } },
    { RD_L_SCHOOL, { "Trường", "Tên trường" } },
    { RD_L_MA_TRUONG, { "Mã trường", "Mã số trường" } },
    { RD_L_XA, { "Xã/Phường", "Xã (Phường)", "Xã, phường" } },
    { RD_L_TINH, { "Tỉnh/Thành phố", "Tỉnh (Thành phố)", "Tỉnh, thành phố" } },
    { RD_L_SEX, { "Giới tính", "Giới tính (nam, nữ)" } },
    /* "Sinh ngày" is drawn with the date in slots (birth_slots) */
    { RD_L_BIRTH, { "Ngày sinh", "Ngày, tháng, năm sinh",
                    "Ngày tháng năm sinh", "Sinh ngày" } },
    /* the older forms' wording of the policy groups */
    { RD_L_DOI_TUONG, { "Đối tượng (con liệt sĩ, con thương binh, ...)",
                        "Đối tượng",
                        "Con liệt sĩ, con thương binh (bệnh binh, ...)" } },
    { RD_L_CHO_O, { "Chỗ ở hiện tại", "Nơi ở hiện nay", "Chỗ ở hiện nay" } },
    { RD_L_ID, { "Số định danh cá nhân", "Mã định danh",
                 "Mã số định danh cá nhân" } },
    { RD_L_MHS, { "Mã học sinh", "Mã số học sinh" } },
    { RD_L_NGHE, { "Nghề nghiệp", "Nghề" } },
    { RD_L_LEN_LOP, { "Kết quả lên lớp", "Lên lớp", "Xét lên lớp" } },
    { RD_L_DANH_HIEU, { "Danh hiệu", "Khen thưởng", "Danh hiệu thi đua" } },
    { RD_L_DAYS, { "Tổng số buổi nghỉ học", "Tổng số buổi nghỉ học cả năm",
                   "Số buổi nghỉ học", "Số buổi nghỉ" } },
    { RD_L_T27_RESULT, { "Đánh giá kết quả giáo dục", "Kết quả giáo dục",
                         "Kết quả đánh giá giáo dục" } },
    { RD_L_T27_PRIZE, { "Khen thưởng", "Khen thưởng (nếu có)" } },
    { RD_L_T27_DONE, { "Hoàn thành chương trình lớp học",
                       "Hoàn thành chương trình lớp học/chương trình tiểu học",
                       "Hoàn thành chương trình" } },
};

/* The parents and the guardian are worded alike on one form. */
static const char *const parents[][3] = {
    { "Họ và tên cha", "Họ và tên mẹ", "Họ và tên người giám hộ" },
    { "Họ tên cha", "Họ tên mẹ", "Họ tên người giám hộ" },
    { "Cha", "Mẹ", "Người giám hộ" },
};

/* Column headings of the terms: the spellings go together per form. */
static const char *const terms[][2] = {
    { "Học kỳ I", "Học kỳ II" }, { "Học kì I", "Học kì II" },
    { "HK I", "HK II" }, { "HKI", "HKII" },
};
static const char *const year_heads[] = { "Cả năm", "CN", "TB cả năm", "TBCN" };
static const char *const t27_terms[][2] = {
    { "Cuối HK I", "Cuối năm" }, { "Cuối học kì I", "Cuối năm học" },
    { "Cuối kì I", "Cuối năm" },
};
static const char *const t27_kinds[][2] = {
    { "Mức đạt được", "Điểm KTĐK" }, { "Mức", "KTĐK" },
};
/* NULL: the term columns without a spanning heading */
static const char *const groups58[] = {
    "Điểm trung bình hoặc xếp loại các môn", "Điểm trung bình các môn",
    "ĐTB hoặc xếp loại các môn", NULL
};
static const char *const groups22[] = {
    "Kết quả đánh giá", "Điểm trung bình môn học hoặc mức đánh giá", NULL
};
/* The re-test column: older books say "thi lại" (re-examination) where
 * TT58 says "kiểm tra lại". */
static const char *const dgl58[] = {
    "Điểm hoặc xếp loại sau KT lại (nếu có)", "Điểm KT lại",
    "Sau kiểm tra lại", "Điểm thi lại (nếu có)"
};
static const char *const dgl22[] = {
    "Điểm hoặc mức đánh giá lại (nếu có)", "Đánh giá lại",
    "Điểm KT lại (nếu có)"
};
static const char *const sign58[] = {
    "Giáo viên bộ môn ký xác nhận ĐTB môn học hoặc xếp loại và sửa chữa "
    "(nếu có), (Ký và ghi rõ họ tên)",
    "Chữ ký GVBM"
};
static const char *const nx22[] = {
    "Nhận xét sự tiến bộ, ưu điểm nổi bật, hạn chế chủ yếu và chữ kí của "
    "giáo viên môn học",
    "Nhận xét của giáo viên môn học"
};
static const char *const remark_titles[] = {
    "NHẬN XÉT CỦA GIÁO VIÊN CHỦ NHIỆM", "Nhận xét của giáo viên chủ nhiệm",
    "NHẬN XÉT CỦA GVCN", "Nhận xét của GVCN"
};
static const char *const approval_titles[] = {
    "PHÊ DUYỆT CỦA HIỆU TRƯỞNG", "XÁC NHẬN CỦA HIỆU TRƯỞNG",
    "Hiệu trưởng phê duyệt"
};

static int count_of(const char *const *w, int max)
{
    int n = 0;
    while (n < max && w[n])
        n++;
    return n;
}

/* Index of a choice drawn with the given weights (they sum to 1). */
static int weighted(rd_rng *r, const double *p, int n)
{
    double u = rd_unit(r), acc = 0;
    for (int i = 0; i < n - 1; i++) {
        acc += p[i];
        if (u < acc)
            return i;
    }
    return n - 1;
}

void rd_variant_init(rd_variant *v, unsigned layout)
{
    *v = (rd_variant){ 0 };
    for (int k = 0; k < RD_L_COUNT; k++)
        v->label[k] = standard[k];
    v->numbered = 1;
    v->hdr_f[0] = 0.55;
    v->hdr_f[1] = 0.17;
    /* the table headings and titles below are read only when v->on: the
     * standard forms' are in render_year.c and render_results.c */
    if (layout == 0)
        return;

    v->on = 1;
    rd_rng g = { 0x1a7047ull ^ ((uint64_t)layout * 0xa0761d6478bd642full) };
    rd_rng *r = &g;
    /* wordings */
    for (int i = 0; i < COUNT(other); i++) {
        int n = count_of(other[i].w, COUNT(other[i].w));
        v->label[other[i].k] = other[i].w[rd_int(r, 0, n - 1)];
    }
    int par = rd_int(r, 0, COUNT(parents) - 1);
    v->label[RD_L_CHA] = parents[par][0];
    v->label[RD_L_ME] = parents[par][1];
    v->label[RD_L_GIAM_HO] = parents[par][2];
    v->birth_slots = strcmp(v->label[RD_L_BIRTH], "Sinh ngày") == 0;
    static const double colon_p[] = { 0.5, 0.2, 0.3 };
    v->colon = weighted(r, colon_p, 3);
    v->colon_bits = (unsigned)rd_next(r);
    v->numbered = rd_unit(r) < 0.7;
    /* pages and header */
    v->single = rd_unit(r) < 0.35;
    v->header = rd_int(r, 0, RD_HDR_COUNT - 1);
    v->hdr_f[0] = rd_range(r, 0.45, 0.6);
    v->hdr_f[1] = rd_range(r, 0.14, 0.2);
    static const double reg_p[] = { 0.6, 0.25, 0.15 };
    v->regulation = weighted(r, reg_p, 3);
    v->personal = rd_int(r, 0, 3);
    v->history_swap = rd_unit(r) < 0.25;
    /* subject table */
    int t = rd_int(r, 0, COUNT(terms) - 1);
    v->head_hk1 = terms[t][0];
    v->head_hk2 = terms[t][1];
    v->head_cn = year_heads[rd_int(r, 0, COUNT(year_heads) - 1)];
    v->term_word = t == 1 || (t >= 2 && rd_unit(r) < 0.4) ? "Học kì" : "Học kỳ";
    v->dgl_column = rd_unit(r) < 0.75;
    t = rd_int(r, 0, COUNT(t27_terms) - 1);
    v->head_t27[0] = t27_terms[t][0];
    v->head_t27[1] = t27_terms[t][1];
    t = rd_int(r, 0, COUNT(t27_kinds) - 1);
    v->t27_kind[0] = t27_kinds[t][0];
    v->t27_kind[1] = t27_kinds[t][1];
    v->group58 = groups58[rd_int(r, 0, COUNT(groups58) - 1)];
    v->group22 = groups22[rd_int(r, 0, COUNT(groups22) - 1)];
    v->dgl58 = dgl58[rd_int(r, 0, COUNT(dgl58) - 1)];
    v->dgl22 = dgl22[rd_int(r, 0, COUNT(dgl22) - 1)];
    v->sign58 = sign58[rd_int(r, 0, COUNT(sign58) - 1)];
    v->nx22 = nx22[rd_int(r, 0, COUNT(nx22) - 1)];
    v->stt = rd_unit(r) < 0.3 ? (rd_unit(r) < 0.5 ? "TT" : "STT") : NULL;
    v->swap_last = rd_unit(r) < 0.3;
    v->t27_by_term = rd_unit(r) < 0.35;
    /* results */
    static const double res_p[] = { 0.25, 0.2, 0.35, 0.2 };
    v->results = weighted(r, res_p, RD_RES_COUNT);
    v->results_left = rd_unit(r) < 0.3;
    v->days_unit = rd_unit(r) < 0.4;
    v->len_alone = rd_unit(r) < 0.25;
    v->results_pair = rd_unit(r) < 0.3;
    v->muc_swap = rd_unit(r) < 0.35;
    v->remark_lines = rd_unit(r) < 0.35;
    v->remark_title = remark_titles[rd_int(r, 0, COUNT(remark_titles) - 1)];
    v->approval_title =
        approval_titles[rd_int(r, 0, COUNT(approval_titles) - 1)];
}
