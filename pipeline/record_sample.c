/*
 * record_sample.c - the sample records of record_sample.h.
 *
 * The people, schools and numbers are invented but shaped like the real
 * thing: a CCCD number whose province, century/sex digit and birth year
 * agree with the personal page (domain.md rule 8), classes that match the
 * level and the birth year (rule 5), averages computed as the regulation
 * says, and level words in their full canonical form.
 */
#include "record_sample.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sb {
    hb_record *r;
    int bad; /* an allocation failed somewhere */
} sb;

static void put(sb *b, hb_field *f, const char *v)
{
    if (record_field_set(f, v))
        b->bad = 1;
}

static void put_term3(sb *b, hb_term3 *t, const char *hk1, const char *hk2,
                      const char *cn)
{
    put(b, &t->hk1, hk1);
    put(b, &t->hk2, hk2);
    put(b, &t->cn, cn);
}

static hb_subject *subject(sb *b, const char *code, const char *name)
{
    hb_subject *s = record_add_subject(b->r, code, name);
    if (!s)
        b->bad = 1;
    return s;
}

static void tenths(char *buf, size_t size, int v)
{
    snprintf(buf, size, "%d.%d", v / 10, v % 10);
}

/* A score subject from its semester averages in tenths; the year average
 * is round1((HK1 + 2*HK2) / 3).  (a + 2b) / 3 never ends in exactly .5, so
 * rounding is (a + 2b + 1) / 3 in integers. */
static hb_subject *scored(sb *b, const char *code, const char *name, int hk1,
                          int hk2)
{
    hb_subject *s = subject(b, code, name);
    char v[16];
    if (!s)
        return NULL;
    tenths(v, sizeof v, hk1);
    put(b, &s->hk1, v);
    tenths(v, sizeof v, hk2);
    put(b, &s->hk2, v);
    tenths(v, sizeof v, (hk1 + 2 * hk2 + 1) / 3);
    put(b, &s->cn, v);
    return s;
}

/* A subject assessed by a comment or level, the same each term. */
static hb_subject *leveled(sb *b, const char *code, const char *name,
                           const char *level)
{
    hb_subject *s = subject(b, code, name);
    if (s) {
        put(b, &s->hk1, level);
        put(b, &s->hk2, level);
        put(b, &s->cn, level);
    }
    return s;
}

/* TT27: end-of-semester-1 and end-of-year levels, and for tested subjects
 * the periodic test scores (KTĐK, integers 1-10) at the same two points. */
static hb_subject *tt27(sb *b, const char *code, const char *name,
                        const char *hk1, const char *cn, int t1, int t2)
{
    hb_subject *s = subject(b, code, name);
    if (!s)
        return NULL;
    put(b, &s->hk1, hk1);
    put(b, &s->cn, cn);
    if (t1 > 0) {
        char v[16];
        snprintf(v, sizeof v, "%d", t1);
        put(b, &s->ktdk1, v);
        snprintf(v, sizeof v, "%d", t2);
        put(b, &s->ktdk2, v);
    }
    return s;
}

static void muc(sb *b, hb_muc **items, size_t *n, const char *name,
                const char *level)
{
    hb_muc *m = record_add_muc(items, n, name);
    if (!m)
        b->bad = 1;
    else
        put(b, &m->value, level);
}

static void history(sb *b, const char *nam_hoc, const char *lop,
                    const char *truong, const char *so_dang_bo,
                    const char *ngay)
{
    hb_history *h = record_add_history(b->r);
    if (!h) {
        b->bad = 1;
        return;
    }
    put(b, &h->nam_hoc, nam_hoc);
    put(b, &h->lop, lop);
    put(b, &h->truong, truong);
    put(b, &h->so_dang_bo, so_dang_bo);
    if (ngay)
        put(b, &h->ngay_nhap_hoc, ngay);
}

static void str(sb *b, char **dst, const char *v)
{
    free(*dst);
    *dst = v ? strdup(v) : NULL;
    if (v && !*dst)
        b->bad = 1;
}

/* Where extraction would have found each field: the personal page is page
 * 1, the subject table page 2, the results page 3 (or 2 as well when the
 * year is on a single page); boxes are laid out four to a row in pixels of
 * a 300 dpi A4 page. */
typedef struct annot {
    int k[4];
    int single_page;
} annot;

static int annotate_cb(const char *path, hb_field *f, void *ctx)
{
    annot *a = ctx;
    int page = 1;
    if (strncmp(path, "THONG_TIN_HOC_BA/", 17) == 0)
        page = !a->single_page && (strstr(path, "/TONG_KET_CA_NAM/") ||
                                   strstr(path, "/PHE_DUYET/"))
                   ? 3 : 2;
    int k = a->k[page]++;
    f->conf = 99 - (k * 7) % 23;
    f->page = page;
    f->box = (hb_box){ 180 + (k % 4) * 560, 320 + (k / 4) * 78, 520, 64 };
    return 0;
}

static hb_record *finish(sb *b)
{
    annot a = { { 0 }, b->r->n_pages < 3 };
    if (b->bad) {
        record_free(b->r);
        return NULL;
    }
    record_visit_fields(b->r, 0, annotate_cb, &a);
    return b->r;
}

static void source(sb *b, const char *file, int n, const char *const *sha)
{
    for (int i = 0; i < n; i++)
        if (!record_add_page(b->r, file, i + 1, sha[i]))
            b->bad = 1;
}

static void verified(sb *b, const char *who, const char *role,
                     const char *when, const char *const *fixes, size_t n)
{
    hb_verification *v = record_add_verification(b->r, who, role, when);
    if (!v) {
        b->bad = 1;
        return;
    }
    for (size_t i = 0; i + 4 <= n; i += 4)
        if (record_add_correction(v, fixes[i], fixes[i + 1], fixes[i + 2],
                                  fixes[i + 3], NULL))
            b->bad = 1;
}

/* ---- TT58 ------------------------------------------------------------- */

hb_record *record_sample_tt58(void)
{
    sb b = { record_new(), 0 };
    if (!b.r)
        return NULL;
    hb_record *r = b.r;
    str(&b, &r->ma_ho_so, "5f0c8a52-3b1e-4c7d-9a2f-6e8b1d4c7a01");
    str(&b, &r->ngay_so_hoa, "2025-11-18");

    put(&b, &r->school.ma_truong, "37201503");
    put(&b, &r->school.ten_truong, "Trường THCS Ninh Hải");
    put(&b, &r->school.xa_phuong, "Xã Ninh Hải");
    put(&b, &r->school.tinh, "Ninh Bình");

    hb_student *s = &r->student;
    put(&b, &s->ho_ten, "Nguyễn Thị Minh Anh");
    put(&b, &s->gioi_tinh, "Nữ");
    put(&b, &s->ngay_sinh, "2006-03-12");
    put(&b, &s->noi_sinh, "Trạm y tế xã Ninh Hải, huyện Hoa Lư, tỉnh Ninh Bình");
    put(&b, &s->dan_toc, "Kinh");
    put(&b, &s->doi_tuong, "");
    put(&b, &s->cho_o, "Thôn Hải Nham, xã Ninh Hải, huyện Hoa Lư, tỉnh Ninh Bình");
    put(&b, &s->ma_dinh_danh, "037306001234"); /* 037 Ninh Bình, 3 = girl 2000s, 06 */
    put(&b, &s->ma_hoc_sinh, "3720150346");
    put(&b, &s->ho_ten_cha, "Nguyễn Văn Hùng");
    put(&b, &s->nghe_nghiep_cha, "Làm ruộng");
    put(&b, &s->ho_ten_me, "Phạm Thị Lan");
    put(&b, &s->nghe_nghiep_me, "Giáo viên");
    history(&b, "2017-2018", "6A", "Trường THCS Ninh Hải", "112/2017",
            "2017-08-21");
    history(&b, "2018-2019", "7A", "Trường THCS Ninh Hải", "112/2017", NULL);
    history(&b, "2019-2020", "8A", "Trường THCS Ninh Hải", "112/2017", NULL);

    hb_year *y = &r->year;
    put(&b, &y->nam_hoc, "2019-2020");
    put(&b, &y->lop, "8A");
    put(&b, &y->cap_hoc, "THCS");
    put(&b, &y->che_do, "TT58");
    /* Overall average about 7.4, Toán 7.6, nothing below 6.3: Khá. */
    scored(&b, "TOAN", "Toán", 72, 78);
    scored(&b, "VATLI", "Vật lí", 68, 74);
    scored(&b, "HOAHOC", "Hóa học", 65, 70);
    scored(&b, "SINHHOC", "Sinh học", 75, 81);
    scored(&b, "NGUVAN", "Ngữ văn", 69, 73);
    scored(&b, "LICHSU", "Lịch sử", 78, 80);
    scored(&b, "DIALI", "Địa lí", 70, 66);
    scored(&b, "NGOAINGU", "Tiếng Anh", 60, 64);
    scored(&b, "GDCD", "GDCD", 80, 85);
    scored(&b, "CONGNGHE", "Công nghệ", 76, 82);
    scored(&b, "TINHOC", "Tin học", 84, 88);
    leveled(&b, "THEDUC", "Thể dục", "Đạt");
    leveled(&b, "AMNHAC", "Âm nhạc", "Đạt");
    leveled(&b, "MITHUAT", "Mĩ thuật", "Đạt");
    put_term3(&b, &y->hanh_kiem, "Tốt", "Tốt", "Tốt");
    put_term3(&b, &y->hoc_luc, "Khá", "Khá", "Khá");
    put(&b, &y->danh_hieu, "Học sinh Tiên tiến");
    put(&b, &y->so_buoi_nghi, "2");
    put(&b, &y->len_lop, "Được lên lớp");
    put(&b, &y->nhan_xet_gvcn, "Ngoan, lễ phép, có ý thức học tập; cần cố "
                               "gắng hơn ở môn Tiếng Anh.");
    put(&b, &y->phe_duyet_ho_ten, "Đinh Văn Thắng");
    put(&b, &y->phe_duyet_ngay, "2020-07-15");

    static const char *const sha[] = {
        "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b",
        "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
        "7d865e959b2466918c9863afca942d0fb89d7c9ac0c99bafc3749504ded97730",
    };
    source(&b, "hocba_8A_nguyen_thi_minh_anh.pdf", 3, sha);
    static const char *const fixes[] = {
        "THONG_TIN_HOC_BA/BANG_DIEM/DIEM_TONG_KET[DIALI]/HOC_KY_2", "8.6",
        "6.6", "2025-11-20T09:12:41+07:00",
        "LY_LICH/NGAY_SINH", "2006-08-12", "2006-03-12",
        "2025-11-20T09:14:05+07:00",
    };
    verified(&b, "Trần Thị Hương", "GVCN", "2025-11-20T09:15:00+07:00", fixes,
             sizeof fixes / sizeof *fixes);
    return finish(&b);
}

/* ---- TT22 ------------------------------------------------------------- */

hb_record *record_sample_tt22(void)
{
    sb b = { record_new(), 0 };
    if (!b.r)
        return NULL;
    hb_record *r = b.r;
    str(&b, &r->ma_ho_so, "c2a41e07-98d5-4f3b-b1c6-0d7e5a9f3b22");
    r->phien_ban = 2;
    str(&b, &r->thay_the,
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    str(&b, &r->ngay_so_hoa, "2025-12-02");

    put(&b, &r->school.ma_truong, "36101207");
    put(&b, &r->school.ten_truong, "Trường THCS Trần Đăng Ninh");
    put(&b, &r->school.xa_phuong, "Phường Vị Xuyên");
    put(&b, &r->school.tinh, "Nam Định");

    hb_student *s = &r->student;
    put(&b, &s->ho_ten, "Trần Văn Bình");
    put(&b, &s->gioi_tinh, "Nam");
    put(&b, &s->ngay_sinh, "2010-09-05");
    put(&b, &s->noi_sinh, "Bệnh viện Phụ sản Nam Định");
    put(&b, &s->dan_toc, "Kinh");
    put(&b, &s->doi_tuong, "Con thương binh");
    put(&b, &s->cho_o, "Số 14 đường Hàn Thuyên, phường Vị Xuyên, thành phố "
                       "Nam Định");
    put(&b, &s->ma_dinh_danh, "036210004521"); /* 036 Nam Định, 2 = boy 2000s, 10 */
    put(&b, &s->ma_hoc_sinh, "3610120781");
    put(&b, &s->ho_ten_cha, "Trần Văn Quang");
    put(&b, &s->nghe_nghiep_cha, "Công nhân");
    put(&b, &s->ho_ten_me, "Vũ Thị Thu");
    put(&b, &s->nghe_nghiep_me, "Buôn bán");
    history(&b, "2021-2022", "6A", "Trường THCS Trần Đăng Ninh", "045/2021",
            "2021-08-16");

    hb_year *y = &r->year;
    put(&b, &y->nam_hoc, "2021-2022");
    put(&b, &y->lop, "6A");
    put(&b, &y->cap_hoc, "THCS");
    put(&b, &y->che_do, "TT22");
    /* Every comment subject Đạt, all >= 5.0, eight of nine >= 6.5 but
     * Tiếng Anh 6.1: not Tốt, so Khá. */
    hb_subject *x = scored(&b, "NGUVAN", "Ngữ văn", 68, 72);
    if (x)
        put(&b, &x->nhan_xet, "Đọc hiểu tốt, cần rèn chữ viết.");
    x = scored(&b, "TOAN", "Toán", 75, 80);
    if (x)
        put(&b, &x->nhan_xet, "Tiến bộ rõ ở học kì II.");
    scored(&b, "NGOAINGU", "Tiếng Anh", 58, 63);
    scored(&b, "GDCD", "Giáo dục công dân", 85, 88);
    scored(&b, "LSDL", "Lịch sử và Địa lí", 70, 76);
    scored(&b, "KHTN", "Khoa học tự nhiên", 66, 71);
    scored(&b, "CONGNGHE", "Công nghệ", 80, 83);
    scored(&b, "TINHOC", "Tin học", 78, 84);
    leveled(&b, "GDTC", "Giáo dục thể chất", "Đạt");
    leveled(&b, "NGHETHUAT", "Nghệ thuật", "Đạt");
    leveled(&b, "HDTN", "Hoạt động trải nghiệm, hướng nghiệp", "Đạt");
    leveled(&b, "GDDP", "Nội dung giáo dục của địa phương", "Đạt");
    scored(&b, NULL, "Tiếng Hàn", 82, 86); /* elective, not in the catalogue */
    put_term3(&b, &y->ren_luyen, "Tốt", "Tốt", "Tốt");
    put_term3(&b, &y->ket_qua_hoc_tap, "Khá", "Khá", "Khá");
    put(&b, &y->danh_hieu, "");
    put(&b, &y->so_buoi_nghi, "4");
    put(&b, &y->len_lop, "Được lên lớp");
    put(&b, &y->nhan_xet_gvcn, "Hòa đồng, tích cực tham gia hoạt động của "
                               "lớp; cần chú ý hơn môn Tiếng Anh.");
    put(&b, &y->phe_duyet_ho_ten, "Lê Thị Ngọc Hà");
    put(&b, &y->phe_duyet_ngay, "2022-05-28");

    static const char *const sha[] = {
        "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
        "fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9",
        "baa5a0964d3320fbc0c6a922140453c8513ea24ab8fd0577034804a967248096",
    };
    source(&b, "lop6A/tran_van_binh", 3, sha);
    static const char *const fixes[] = {
        "THONG_TIN_HOC_BA/BANG_DIEM/DIEM_TONG_KET[KHTN]/HOC_KY_1", "8.6",
        "6.6", "2025-12-03T14:02:10+07:00",
    };
    verified(&b, "Phạm Minh Tuấn", "GVCN", "2025-12-03T14:05:00+07:00", fixes,
             sizeof fixes / sizeof *fixes);
    return finish(&b);
}

/* ---- TT27 ------------------------------------------------------------- */

hb_record *record_sample_tt27(void)
{
    sb b = { record_new(), 0 };
    if (!b.r)
        return NULL;
    hb_record *r = b.r;
    str(&b, &r->ma_ho_so, "0b9e7d14-6a2c-4e58-8f31-c47a2d9e6b13");
    str(&b, &r->ngay_so_hoa, "2025-12-10");

    put(&b, &r->school.ma_truong, "14105102");
    put(&b, &r->school.ten_truong, "Trường Tiểu học Chiềng Mung");
    put(&b, &r->school.xa_phuong, "Xã Chiềng Mung");
    put(&b, &r->school.tinh, "Sơn La");

    hb_student *s = &r->student;
    put(&b, &s->ho_ten, "Lò Thị Mai");
    put(&b, &s->gioi_tinh, "Nữ");
    put(&b, &s->ngay_sinh, "2014-05-21");
    put(&b, &s->noi_sinh, "Xã Chiềng Mung, huyện Mai Sơn, tỉnh Sơn La");
    put(&b, &s->dan_toc, "Thái");
    put(&b, &s->doi_tuong, "Dân tộc thiểu số");
    put(&b, &s->cho_o, "Bản Mung, xã Chiềng Mung, huyện Mai Sơn, tỉnh Sơn La");
    put(&b, &s->ma_dinh_danh, "014314002468"); /* 014 Sơn La, 3 = girl 2000s, 14 */
    put(&b, &s->ma_hoc_sinh, "1410510233");
    put(&b, &s->ho_ten_cha, "Lò Văn Piềng");
    put(&b, &s->nghe_nghiep_cha, "Làm nương");
    put(&b, &s->ho_ten_me, "Cầm Thị Ón");
    put(&b, &s->nghe_nghiep_me, "Làm nương");
    put(&b, &s->ho_ten_nguoi_giam_ho, "");
    history(&b, "2020-2021", "1A", "Trường Tiểu học Chiềng Mung", "031/2020",
            "2020-09-05");
    history(&b, "2021-2022", "2A", "Trường Tiểu học Chiềng Mung", "031/2020",
            NULL);
    history(&b, "2022-2023", "3A", "Trường Tiểu học Chiềng Mung", "031/2020",
            NULL);

    hb_year *y = &r->year;
    put(&b, &y->nam_hoc, "2022-2023");
    put(&b, &y->lop, "3A");
    put(&b, &y->cap_hoc, "TH");
    put(&b, &y->che_do, "TT27");
    static const char *const T = "Hoàn thành tốt", *const H = "Hoàn thành";
    hb_subject *x = tt27(&b, "TIENGVIET", "Tiếng Việt", T, T, 9, 9);
    if (x)
        put(&b, &x->nhan_xet, "Đọc to, rõ ràng; viết đúng chính tả.");
    x = tt27(&b, "TOAN", "Toán", H, T, 8, 10);
    if (x)
        put(&b, &x->nhan_xet, "Tính toán nhanh, cẩn thận.");
    tt27(&b, "NGOAINGU", "Tiếng Anh", H, H, 7, 8);
    tt27(&b, "DAODUC", "Đạo đức", T, T, 0, 0);
    tt27(&b, "TNXH", "Tự nhiên và Xã hội", H, T, 0, 0);
    tt27(&b, "TINHOCCN", "Tin học và Công nghệ", T, T, 9, 9);
    tt27(&b, "GDTC", "Giáo dục thể chất", T, T, 0, 0);
    tt27(&b, "AMNHAC", "Âm nhạc", H, H, 0, 0);
    tt27(&b, "MITHUAT", "Mĩ thuật", H, T, 0, 0);
    tt27(&b, "HDTN", "Hoạt động trải nghiệm", T, T, 0, 0);
    static const char *const pc[][2] = {
        { "Yêu nước", "Tốt" }, { "Nhân ái", "Tốt" }, { "Chăm chỉ", "Đạt" },
        { "Trung thực", "Tốt" }, { "Trách nhiệm", "Đạt" },
    };
    for (size_t i = 0; i < sizeof pc / sizeof *pc; i++)
        muc(&b, &y->pham_chat, &y->n_pham_chat, pc[i][0], pc[i][1]);
    static const char *const nl[][2] = {
        { "Tự chủ và tự học", "Đạt" }, { "Giao tiếp và hợp tác", "Tốt" },
        { "Giải quyết vấn đề và sáng tạo", "Đạt" }, { "Ngôn ngữ", "Tốt" },
        { "Tính toán", "Tốt" }, { "Khoa học", "Đạt" }, { "Công nghệ", "Đạt" },
        { "Tin học", "Tốt" }, { "Thẩm mĩ", "Đạt" }, { "Thể chất", "Tốt" },
    };
    for (size_t i = 0; i < sizeof nl / sizeof *nl; i++)
        muc(&b, &y->nang_luc, &y->n_nang_luc, nl[i][0], nl[i][1]);
    /* Not every subject Hoàn thành tốt, not every quality Tốt: the year
     * is "Hoàn thành" (TT27 art. 9). */
    put(&b, &y->ket_qua_hoc_tap.cn, "Hoàn thành");
    put(&b, &y->so_buoi_nghi, "0");
    put(&b, &y->len_lop, "Được lên lớp");
    put(&b, &y->nhan_xet_gvcn, "Em chăm ngoan, đọc to rõ ràng, tính toán "
                               "nhanh; mạnh dạn hơn khi phát biểu.");
    put(&b, &y->phe_duyet_ho_ten, "Hoàng Văn Dũng");
    put(&b, &y->phe_duyet_ngay, "2023-05-31");

    static const char *const sha[] = {
        "18ac3e7343f016890c510e93f935261169d9e3f565436429830faf0934f4f8e4",
        "3d914f9348c9cc0ff8a79716700b9fcd4d2f3e711608004eb8f138bcba7f14d9",
    };
    source(&b, "hocba_lo_thi_mai.tif", 2, sha);
    verified(&b, "Quàng Thị Lả", "GVCN", "2025-12-11T08:30:00+07:00", NULL, 0);
    return finish(&b);
}
