/*
 * synth.c - plausible random student-year records (see synth.h for what is
 * filled and why).
 *
 * Everything derives from one splitmix64 stream seeded by the caller, so the
 * same seed gives the same book byte for byte; there is no global state.
 * Results that the regulations compute (CA_NAM, Học lực, Kết quả học tập,
 * Danh hiệu, TT27's overall result) are computed here by the rules of
 * domain.md, so that a generated book is consistent and any flag the rules
 * raise on it is an OCR error, never a generator slip.
 */
#include "synth.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "rules.h"

/* ---- random numbers --------------------------------------------------- */

typedef struct srng {
    uint64_t s;
} srng;

static uint64_t rng_next(srng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static int rng_int(srng *r, int lo, int hi)
{
    if (hi <= lo)
        return lo;
    return lo + (int)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

static double rng_unit(srng *r)
{
    return (double)(rng_next(r) >> 11) / 9007199254740992.0;
}

static int rng_chance(srng *r, double p) { return rng_unit(r) < p; }

/* Roughly standard normal (Irwin-Hall of 4): bounded tails, which suits
 * school marks better than a true normal would. */
static double rng_normal(srng *r)
{
    double s = 0;
    for (int i = 0; i < 4; i++)
        s += rng_unit(r);
    return (s - 2.0) * 1.7320508075688772;
}

#define COUNT(a) ((int)(sizeof(a) / sizeof *(a)))
#define PICK(r, a) ((a)[rng_int((r), 0, COUNT(a) - 1)])

/* ---- word lists ------------------------------------------------------- */

/* Family names with rough frequency: Nguyễn is about a third of the
 * population, hence repeated. */
static const char *const ho[] = {
    "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê",
    "Lê", "Phạm", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
    "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Mai",
    "Lương", "Tạ", "Cao", "Đoàn"
};
static const char *const dem_nam[] = {
    "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thanh", "Xuân",
    "Tuấn", "Gia", "Hoàng", "Anh", "Trọng", "Bảo", "Đình", "Mạnh", "Duy"
};
static const char *const dem_nu[] = {
    "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Phương", "Thùy",
    "Hồng", "Mai", "Bảo", "Khánh", "Diệu", "Quỳnh", "Hải", "Kim", "Tường"
};
static const char *const ten_nam[] = {
    "An", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Hải", "Hiếu", "Hoàng",
    "Huy", "Hùng", "Khánh", "Khoa", "Kiên", "Lâm", "Long", "Minh", "Nam",
    "Nghĩa", "Phúc", "Quân", "Quang", "Sơn", "Tài", "Thắng", "Thành",
    "Trung", "Tuấn", "Việt", "Vũ", "Dương", "Đăng", "Hưng", "Lộc", "Phong",
    "Thịnh", "Trí", "Toàn"
};
static const char *const ten_nu[] = {
    "Anh", "Ánh", "Chi", "Diệp", "Dung", "Giang", "Hà", "Hạnh", "Hằng",
    "Hiền", "Hoa", "Huyền", "Hương", "Lan", "Linh", "Loan", "Ly", "Mai",
    "My", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quyên", "Quỳnh",
    "Thảo", "Thúy", "Trang", "Uyên", "Vân", "Yến", "Ngọc", "Nhi", "Trâm",
    "Tuyết", "Xuân"
};
static const char *const dan_toc[] = { "Tày", "Thái", "Mường", "Nùng",
                                       "Khmer", "Dao", "Mông", "Hoa" };
static const char *const doi_tuong[] = { "Con thương binh", "Con liệt sĩ",
                                         "Hộ nghèo", "Hộ cận nghèo",
                                         "Con bệnh binh" };
static const char *const nghe[] = {
    "Làm ruộng", "Làm ruộng", "Công nhân", "Giáo viên", "Kinh doanh",
    "Buôn bán", "Nội trợ", "Lái xe", "Thợ xây", "Bác sĩ", "Kỹ sư",
    "Lao động tự do", "Cán bộ", "Công an", "Bộ đội", "Kế toán", "Thợ may",
    "Y tá", "Nhân viên văn phòng"
};
static const char *const school_names[] = {
    "Nguyễn Du", "Lê Quý Đôn", "Trần Phú", "Chu Văn An", "Lương Thế Vinh",
    "Kim Đồng", "Võ Thị Sáu", "Nguyễn Trãi", "Lê Lợi", "Quang Trung",
    "Trần Hưng Đạo", "Hoàng Hoa Thám", "Phan Bội Châu", "Nguyễn Huệ",
    "Đinh Tiên Hoàng", "Lý Thường Kiệt", "Nguyễn Văn Trỗi", "Trần Quốc Toản"
};
static const char *const sections[] = { "A", "B", "C", "D", "A1", "A2",
                                        "A3", "B1" };

/* Places: province (with its CCCD registration code, domain.md rule 8),
 * districts, and two communes each. */
typedef struct place {
    const char *tinh;
    const char *code;
    const char *huyen[2];
    const char *xa[2][2];
} place;

static const place places[] = {
    { "Ninh Bình", "037", { "huyện Yên Khánh", "huyện Hoa Lư" },
      { { "xã Khánh Nhạc", "xã Khánh Hồng" },
        { "xã Ninh Giang", "xã Trường Yên" } } },
    { "Nam Định", "036", { "huyện Hải Hậu", "huyện Giao Thủy" },
      { { "xã Hải Minh", "thị trấn Yên Định" },
        { "xã Giao Thiện", "xã Bạch Long" } } },
    { "Thanh Hóa", "038", { "huyện Quảng Xương", "huyện Thọ Xuân" },
      { { "xã Quảng Định", "xã Quảng Nham" },
        { "xã Xuân Hòa", "thị trấn Lam Sơn" } } },
    { "Hà Nội", "001", { "quận Cầu Giấy", "huyện Đông Anh" },
      { { "phường Dịch Vọng", "phường Nghĩa Đô" },
        { "xã Uy Nỗ", "xã Vân Nội" } } },
    { "Nghệ An", "040", { "huyện Nghi Lộc", "huyện Diễn Châu" },
      { { "xã Nghi Phong", "xã Nghi Thái" },
        { "xã Diễn Hải", "xã Diễn Kỷ" } } },
    { "Đà Nẵng", "048", { "quận Hải Châu", "huyện Hòa Vang" },
      { { "phường Hòa Cường Bắc", "phường Thạch Thang" },
        { "xã Hòa Phong", "xã Hòa Tiến" } } },
    { "Thành phố Hồ Chí Minh", "079", { "quận Gò Vấp", "huyện Củ Chi" },
      { { "phường 10", "phường 5" },
        { "xã Tân Thông Hội", "xã Phước Vĩnh An" } } },
};

static const char *const remarks_gvcn[] = {
    "Ngoan, lễ phép, chăm chỉ học tập.",
    "Có ý thức tự giác trong học tập và rèn luyện.",
    "Tích cực tham gia các hoạt động của lớp, của trường.",
    "Hòa đồng, biết giúp đỡ bạn bè.",
    "Cần cố gắng hơn trong học tập.",
    "Tiếp thu bài nhanh, có tinh thần trách nhiệm.",
    "Cần rèn luyện thêm chữ viết.",
    "Học lực tiến bộ rõ rệt so với học kì I.",
    "Chấp hành tốt nội quy của nhà trường.",
    "Cần mạnh dạn hơn khi phát biểu xây dựng bài.",
    "Trung thực, đoàn kết, kính trọng thầy cô.",
};
static const char *const remarks_subject[] = {
    "Có tiến bộ.", "Nắm vững kiến thức cơ bản.", "Tích cực, chăm chỉ.",
    "Cần cố gắng hơn.", "Học tốt, cần phát huy.", "Tiếp thu bài tốt.",
    "Hoàn thành tốt các nhiệm vụ học tập.", "Chưa tập trung trong giờ học.",
    "Vận dụng kiến thức tốt.", "Có năng khiếu.", "Cần chăm chỉ luyện tập hơn.",
};

/* ---- phase-in --------------------------------------------------------- */

hb_family synth_family_for(int grade, int year)
{
    return catalog_family_for(grade, year);
}

/* ---- the book's constant parts ---------------------------------------- */

typedef struct school {
    char ten[128], ma[48], xa[64], tinh[64], place[64], principal[128];
} school;

typedef struct profile {
    int female;
    char name[128], birth[48], noi_sinh[256], cho_o[320], dan_toc[32],
        doi_tuong[48], cccd[48], ma_hs[48];
    char cha[128], nghe_cha[48], me[128], nghe_me[48], giam_ho[128];
    const place *home;
    int district;
    double ability; /* the student's mean mark, 0-10 */
    school schools[3]; /* per level: TH, THCS, THPT */
    char section[8];
    /* spellings this book uses (one hand wrote the whole book) */
    int ly, hoa_old, my, ngoai_ngu, gddp_short, nghe_thuat_long, gdqp_short;
    char dang_bo[3][48];
    int first_year, first_grade;
} profile;

static void make_name(srng *r, int female, int allow_long, char *out,
                      size_t size)
{
    const char *h = PICK(r, ho);
    const char *d = female ? PICK(r, dem_nu) : PICK(r, dem_nam);
    const char *t = female ? PICK(r, ten_nu) : PICK(r, ten_nam);
    if (allow_long && rng_chance(r, 0.18)) {
        /* four-word names ("Nguyễn Thị Ngọc Ánh") are common and make
         * the header lines longer */
        const char *d2 = female ? PICK(r, dem_nu) : PICK(r, dem_nam);
        if (strcmp(d2, d) == 0)
            d2 = female ? "Ngọc" : "Minh";
        if (strcmp(d2, d) == 0)
            d2 = female ? "Thu" : "Đức";
        snprintf(out, size, "%s %s %s %s", h, d, d2, t);
    } else {
        snprintf(out, size, "%s %s %s", h, d, t);
    }
}

static int days_in_month(int y, int m)
{
    static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

static void make_school(srng *r, const profile *p, int level, school *s)
{
    static const char *const prefix[] = { "Tiểu học", "THCS", "THPT" };
    const place *pl = p->home;
    int d = p->district;
    const char *xa = pl->xa[d][rng_int(r, 0, 1)];
    if (rng_chance(r, 0.3)) {
        /* many schools are named after their commune */
        const char *x = strchr(xa, ' ');
        snprintf(s->ten, sizeof s->ten, "%s %s", prefix[level],
                 x && !(x[1] >= '0' && x[1] <= '9') ? x + 1 : PICK(r, school_names));
    } else {
        snprintf(s->ten, sizeof s->ten, "%s %s", prefix[level],
                 PICK(r, school_names));
    }
    snprintf(s->ma, sizeof s->ma, "%s%05d", pl->code + 1, rng_int(r, 1, 99999));
    snprintf(s->xa, sizeof s->xa, "%s", xa);
    snprintf(s->tinh, sizeof s->tinh, "%s", pl->tinh);
    /* the place name printed before the approval date */
    const char *h = strchr(pl->huyen[d], ' ');
    snprintf(s->place, sizeof s->place, "%s", h ? h + 1 : pl->huyen[d]);
    make_name(r, rng_chance(r, 0.5), 0, s->principal, sizeof s->principal);
}

static void make_profile(srng *r, int first_grade, int first_year,
                         profile *p)
{
    memset(p, 0, sizeof *p);
    p->first_grade = first_grade;
    p->first_year = first_year;
    p->female = rng_chance(r, 0.5);
    make_name(r, p->female, 1, p->name, sizeof p->name);
    /* domain.md rule 5: a pupil in grade g in the school year y..y+1 was
     * born in y + 1 - g - 6 */
    int by = first_year + 1 - first_grade - 6;
    int bm = rng_int(r, 1, 12), bd = rng_int(r, 1, days_in_month(by, bm));
    snprintf(p->birth, sizeof p->birth, "%04d-%02d-%02d", by, bm, bd);
    p->home = &places[rng_int(r, 0, COUNT(places) - 1)];
    p->district = rng_int(r, 0, 1);
    const place *pl = p->home;
    const char *hu = pl->huyen[p->district];
    if (rng_chance(r, 0.5))
        snprintf(p->noi_sinh, sizeof p->noi_sinh, "%s, %s",
                 hu + (strchr(hu, ' ') ? strchr(hu, ' ') - hu + 1 : 0),
                 pl->tinh);
    else
        snprintf(p->noi_sinh, sizeof p->noi_sinh, "%s, %s, %s",
                 pl->xa[p->district][rng_int(r, 0, 1)], hu, pl->tinh);
    if (rng_chance(r, 0.5))
        snprintf(p->cho_o, sizeof p->cho_o, "Thôn %d, %s, %s, %s",
                 rng_int(r, 1, 12), pl->xa[p->district][rng_int(r, 0, 1)], hu,
                 pl->tinh);
    else
        snprintf(p->cho_o, sizeof p->cho_o, "Số %d, đường %s, %s, %s",
                 rng_int(r, 2, 280), PICK(r, school_names),
                 pl->xa[p->district][rng_int(r, 0, 1)], pl->tinh);
    snprintf(p->dan_toc, sizeof p->dan_toc, "%s",
             rng_chance(r, 0.88) ? "Kinh" : PICK(r, dan_toc));
    snprintf(p->doi_tuong, sizeof p->doi_tuong, "%s",
             rng_chance(r, 0.85) ? "" : PICK(r, doi_tuong));
    /* CCCD (rule 8): province, century and sex, two digits of the year,
     * serial */
    int cs = (by >= 2000 ? 2 : 0) + p->female;
    snprintf(p->cccd, sizeof p->cccd, "%s%d%02d%06d", pl->code, cs, by % 100,
             rng_int(r, 0, 999999));
    snprintf(p->ma_hs, sizeof p->ma_hs, "%s%08d", pl->code + 1,
             rng_int(r, 0, 99999999));
    /* parents share the family name of the child's father */
    char tmp[128];
    make_name(r, 0, 0, tmp, sizeof tmp);
    const char *sp = strchr(p->name, ' ');
    const char *tsp = strchr(tmp, ' ');
    snprintf(p->cha, sizeof p->cha, "%.*s%s", (int)(sp - p->name), p->name,
             tsp ? tsp : "");
    make_name(r, 1, 0, p->me, sizeof p->me);
    snprintf(p->nghe_cha, sizeof p->nghe_cha, "%s", PICK(r, nghe));
    snprintf(p->nghe_me, sizeof p->nghe_me, "%s", PICK(r, nghe));
    if (rng_chance(r, 0.08))
        make_name(r, rng_chance(r, 0.5), 0, p->giam_ho, sizeof p->giam_ho);
    p->ability = 7.2 + 1.1 * rng_normal(r);
    if (p->ability < 4.0)
        p->ability = 4.0;
    if (p->ability > 9.5)
        p->ability = 9.5;
    for (int l = 0; l < 3; l++) {
        make_school(r, p, l, &p->schools[l]);
        snprintf(p->dang_bo[l], sizeof p->dang_bo[l], "%d/%d",
                 rng_int(r, 1, 480), first_year);
    }
    snprintf(p->section, sizeof p->section, "%s", PICK(r, sections));
    p->ly = rng_chance(r, 0.4);
    p->hoa_old = rng_chance(r, 0.3);
    p->my = rng_chance(r, 0.4);
    p->ngoai_ngu = rng_int(r, 0, 9); /* 0-5 Tiếng Anh, 6-7 Ngoại ngữ, 8-9 Ngoại ngữ 1 */
    p->gddp_short = rng_chance(r, 0.3);
    p->nghe_thuat_long = rng_chance(r, 0.3);
    p->gdqp_short = rng_chance(r, 0.3);
}

/* The label this book prints for a subject. */
static const char *subject_label(const profile *p, const hb_subject_def *d,
                                 hb_family f)
{
    const char *c = d->code;
    if (!strcmp(c, "VATLI"))
        return p->ly ? "Vật lý" : "Vật lí";
    if (!strcmp(c, "DIALI"))
        return p->ly ? "Địa lý" : "Địa lí";
    if (!strcmp(c, "LSDL"))
        return p->ly ? "Lịch sử và Địa lý" : "Lịch sử và Địa lí";
    if (!strcmp(c, "HOAHOC"))
        return p->hoa_old ? "Hoá học" : "Hóa học";
    if (!strcmp(c, "MITHUAT"))
        return p->my ? "Mỹ thuật" : "Mĩ thuật";
    if (!strcmp(c, "NGOAINGU"))
        return p->ngoai_ngu < 6 ? "Tiếng Anh"
               : p->ngoai_ngu < 8 ? "Ngoại ngữ" : "Ngoại ngữ 1";
    if (!strcmp(c, "GDDP"))
        return p->gddp_short ? "Giáo dục địa phương"
                             : "Nội dung giáo dục của địa phương";
    if (!strcmp(c, "NGHETHUAT"))
        return p->nghe_thuat_long ? (p->my ? "Nghệ thuật (Âm nhạc, Mỹ thuật)"
                                           : "Nghệ thuật (Âm nhạc, Mĩ thuật)")
                                  : "Nghệ thuật";
    if (!strcmp(c, "GDQPAN"))
        return p->gdqp_short ? "GDQP-AN" : "Giáo dục quốc phòng và an ninh";
    if (!strcmp(c, "HDTN") && f == HB_FAMILY_TT27)
        return "Hoạt động trải nghiệm";
    return d->name;
}

/* ---- one year --------------------------------------------------------- */

typedef struct build {
    srng *r;
    int failed;
} build;

static void set(build *b, hb_field *f, const char *v)
{
    if (record_field_set(f, v))
        b->failed = 1;
}

static void set_int(build *b, hb_field *f, int v)
{
    char s[16];
    snprintf(s, sizeof s, "%d", v);
    set(b, f, s);
}

/* Scores are kept in tenths so that the year formula is exact. */
static void set_tenths(build *b, hb_field *f, int t)
{
    char s[16];
    snprintf(s, sizeof s, "%d.%d", t / 10, t % 10);
    set(b, f, s);
}

static int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

static int draw_tenths(srng *r, double mean, double sd)
{
    double v = mean + sd * rng_normal(r);
    return clamp((int)(v * 10.0 + 0.5), 0, 100);
}

/* domain.md rule 1: CN = round1((HK1 + 2 x HK2) / 3).  In tenths the sum
 * divided by three never ends in exactly .5, so (x + 1) / 3 rounds it. */
static int ca_nam_tenths(int hk1, int hk2) { return (hk1 + 2 * hk2 + 1) / 3; }

typedef struct marks {
    int n;             /* score subjects */
    int t[32];         /* their values in tenths */
    int tv;            /* best of Toán and Ngữ văn, tenths; -1 if neither */
    int n_comment, n_cd; /* comment subjects, of which Chưa đạt */
} marks;

static void marks_add_score(marks *m, const char *code, int t)
{
    if (m->n < 32)
        m->t[m->n++] = t;
    if ((!strcmp(code, "TOAN") || !strcmp(code, "NGUVAN")) && t > m->tv)
        m->tv = t;
}

/* domain.md rule 3 (TT58 Học lực).  The official text (TT58 Điều 13
 * khoản 1-3) asks every comment subject to be Đ for Giỏi, Khá and Trung
 * bình alike (domain.md names it for Giỏi only); the stricter reading is
 * used, as rules_results.c does.  The edge-case raise of khoản 6 is not
 * applied: the plain level is always an accepted one. */
static const char *hoc_luc(const marks *m)
{
    int sum = 0, min = 100;
    for (int i = 0; i < m->n; i++) {
        sum += m->t[i];
        if (m->t[i] < min)
            min = m->t[i];
    }
    int avg = m->n ? (2 * sum + m->n) / (2 * m->n) : 0; /* rounded tenths */
    if (avg >= 80 && m->tv >= 80 && min >= 65 && m->n_cd == 0)
        return "Giỏi";
    if (avg >= 65 && m->tv >= 65 && min >= 50 && m->n_cd == 0)
        return "Khá";
    if (avg >= 50 && m->tv >= 50 && min >= 35 && m->n_cd == 0)
        return "Trung bình";
    if (avg >= 35 && min >= 20)
        return "Yếu";
    return "Kém";
}

static int count_at_least(const marks *m, int t)
{
    int c = 0;
    for (int i = 0; i < m->n; i++)
        c += m->t[i] >= t;
    return c;
}

/* domain.md rule 4 (TT22 Kết quả học tập). */
static const char *ket_qua_hoc_tap(const marks *m)
{
    int min = 100;
    for (int i = 0; i < m->n; i++)
        if (m->t[i] < min)
            min = m->t[i];
    if (m->n_cd == 0 && min >= 65 && count_at_least(m, 80) >= 6)
        return "Tốt";
    if (m->n_cd == 0 && min >= 50 && count_at_least(m, 65) >= 6)
        return "Khá";
    if (m->n_cd <= 1 && count_at_least(m, 50) >= 6 && min >= 35)
        return "Đạt";
    return "Chưa đạt";
}

static const char *draw_conduct(srng *r, int tt22)
{
    double u = rng_unit(r);
    if (u < 0.76)
        return "Tốt";
    if (u < 0.95)
        return "Khá";
    if (u < 0.99)
        return tt22 ? "Đạt" : "Trung bình";
    return tt22 ? "Chưa đạt" : "Yếu";
}

static int rank_of(const char *v, const char *const *order)
{
    for (int i = 0; order[i]; i++)
        if (!strcmp(v, order[i]))
            return i;
    return 99;
}

/* A TT58 or TT22 year. */
static void year_secondary(build *b, const profile *p, hb_record *rec,
                           hb_family f, int grade)
{
    srng *r = b->r;
    const char *const *codes = catalog_form_subjects(f, grade);
    marks m[3];
    memset(m, 0, sizeof m);
    for (int k = 0; k < 3; k++)
        m[k].tv = -1;
    double trend = 0.3 * rng_normal(r); /* the year went better or worse */
    for (int i = 0; codes && codes[i]; i++) {
        const hb_subject_def *d = catalog_find_subject(codes[i]);
        hb_kind kind = catalog_subject_kind(codes[i], f);
        hb_subject *s = record_add_subject(rec, d->code, subject_label(p, d, f));
        if (!s) {
            b->failed = 1;
            return;
        }
        if (kind == HB_KIND_SCORE) {
            double mu = p->ability + 0.7 * rng_normal(r);
            int h1 = draw_tenths(r, mu, 0.5);
            int h2 = draw_tenths(r, mu + trend, 0.5);
            int cn = ca_nam_tenths(h1, h2);
            set_tenths(b, &s->hk1, h1);
            set_tenths(b, &s->hk2, h2);
            set_tenths(b, &s->cn, cn);
            marks_add_score(&m[0], d->code, h1);
            marks_add_score(&m[1], d->code, h2);
            marks_add_score(&m[2], d->code, cn);
            if (cn < 50 && rng_chance(r, 0.8))
                set_tenths(b, &s->danh_gia_lai, rng_int(r, 50, 70));
        } else {
            /* comment subjects: nearly always Đạt; a year result of Đạt
             * after a second semester of Chưa đạt would be suspicious
             * (rule 2), so the year follows the second semester */
            int ok1 = !rng_chance(r, 0.02), ok2 = !rng_chance(r, 0.015);
            set(b, &s->hk1, ok1 ? "Đạt" : "Chưa đạt");
            set(b, &s->hk2, ok2 ? "Đạt" : "Chưa đạt");
            set(b, &s->cn, ok2 ? "Đạt" : "Chưa đạt");
            m[0].n_comment++, m[1].n_comment++, m[2].n_comment++;
            m[0].n_cd += !ok1;
            m[1].n_cd += !ok2;
            m[2].n_cd += !ok2;
            if (!ok2 && rng_chance(r, 0.8))
                set(b, &s->danh_gia_lai, "Đạt");
        }
        if (f == HB_FAMILY_TT22 && rng_chance(r, 0.75))
            set(b, &s->nhan_xet, PICK(r, remarks_subject));
        if (b->failed)
            return;
    }

    int tt22 = f == HB_FAMILY_TT22;
    const char *cond[3], *res[3];
    cond[0] = draw_conduct(r, tt22);
    cond[1] = rng_chance(r, 0.8) ? cond[0] : draw_conduct(r, tt22);
    cond[2] = cond[1];
    static const char *const t22_order[] = { "Tốt", "Khá", "Đạt", "Chưa đạt", NULL };
    if (tt22) /* the year follows the terms (TT22 Điều 8 khoản 2) */
        cond[2] = t22_order[rules_ren_luyen_year(rank_of(cond[0], t22_order),
                                                 rank_of(cond[1], t22_order))];
    for (int k = 0; k < 3; k++)
        res[k] = tt22 ? ket_qua_hoc_tap(&m[k]) : hoc_luc(&m[k]);
    hb_term3 *tc = tt22 ? &rec->year.ren_luyen : &rec->year.hanh_kiem;
    hb_term3 *tr = tt22 ? &rec->year.ket_qua_hoc_tap : &rec->year.hoc_luc;
    set(b, &tc->hk1, cond[0]);
    set(b, &tc->hk2, cond[1]);
    set(b, &tc->cn, cond[2]);
    set(b, &tr->hk1, res[0]);
    set(b, &tr->hk2, res[1]);
    set(b, &tr->cn, res[2]);

    static const char *const hk_order[] = { "Tốt", "Khá", "Trung bình", "Yếu", NULL };
    static const char *const hl_order[] = { "Giỏi", "Khá", "Trung bình", "Yếu", "Kém", NULL };
    const char *danh = "", *len;
    int final_grade = grade == 9 || grade == 12;
    if (tt22) {
        int rc = rank_of(cond[2], t22_order), rr = rank_of(res[2], t22_order);
        if (rc == 0 && rr == 0)
            danh = count_at_least(&m[2], 90) >= 6 ? "Học sinh Xuất sắc"
                                                  : "Học sinh Giỏi";
        len = rr == 3 ? "Kiểm tra lại trong hè"
              : rc == 3 ? "Rèn luyện trong hè"
              : final_grade ? (grade == 9 ? "Hoàn thành chương trình THCS"
                                          : "Hoàn thành chương trình THPT")
                            : "Được lên lớp";
    } else {
        int rc = rank_of(cond[2], hk_order), rr = rank_of(res[2], hl_order);
        if (rr == 0 && rc == 0)
            danh = "Học sinh Giỏi";
        else if (rr <= 1 && rc <= 1)
            danh = "Học sinh Tiên tiến";
        len = rr == 4 ? "Ở lại lớp"
              : rr == 3 ? "Kiểm tra lại trong hè"
              : rc == 3 ? "Rèn luyện trong hè"
              : final_grade ? (grade == 9 ? "Hoàn thành chương trình THCS"
                                          : "Hoàn thành chương trình THPT")
                            : "Được lên lớp";
    }
    set(b, &rec->year.danh_hieu, danh);
    set(b, &rec->year.len_lop, len);
}

static const char *level_for(double x)
{
    return x >= 8.5 ? "Hoàn thành tốt" : x >= 4.0 ? "Hoàn thành" : "Chưa hoàn thành";
}

/* Phẩm chất / năng lực: good pupils are rated Tốt almost everywhere,
 * "Cần cố gắng" is rare. */
static const char *draw_quality(srng *r, double ability)
{
    double p_tot = 0.35 + (ability - 5.0) * 0.15;
    p_tot = p_tot < 0.3 ? 0.3 : p_tot > 0.97 ? 0.97 : p_tot;
    double u = rng_unit(r);
    return u < 0.003 ? "Cần cố gắng" : u < 0.003 + p_tot ? "Tốt" : "Đạt";
}

/* A TT27 year: levels, periodic tests, qualities and competences. */
static void year_primary(build *b, const profile *p, hb_record *rec,
                         hb_family f, int grade)
{
    srng *r = b->r;
    const char *const *codes = catalog_form_subjects(f, grade);
    int all_t = 1, all_done = 1, min_test = 10;
    double base = p->ability + 1.2; /* primary marks run high */
    for (int i = 0; codes && codes[i]; i++) {
        const hb_subject_def *d = catalog_find_subject(codes[i]);
        hb_kind kind = catalog_subject_kind(codes[i], f);
        hb_subject *s = record_add_subject(rec, d->code, subject_label(p, d, f));
        if (!s) {
            b->failed = 1;
            return;
        }
        double mu = base + 0.7 * rng_normal(r);
        double x1 = mu + 0.4 * rng_normal(r), x2 = mu + 0.4 * rng_normal(r);
        const char *l2 = level_for(x2);
        set(b, &s->hk1, level_for(x1));
        set(b, &s->cn, l2);
        all_t &= !strcmp(l2, "Hoàn thành tốt");
        all_done &= strcmp(l2, "Chưa hoàn thành") != 0;
        if (kind == HB_KIND_LEVEL_TEST) {
            int k1 = clamp((int)(x1 + 0.5 * rng_normal(r) + 0.5), 1, 10);
            int k2 = clamp((int)(x2 + 0.5 * rng_normal(r) + 0.5), 1, 10);
            set_int(b, &s->ktdk1, k1);
            set_int(b, &s->ktdk2, k2);
            if (k2 < min_test)
                min_test = k2;
        }
        if (rng_chance(r, 0.5))
            set(b, &s->nhan_xet, PICK(r, remarks_subject));
        if (b->failed)
            return;
    }
    int all_good = 1, all_ok = 1;
    for (int i = 0; catalog_pham_chat_tt27[i]; i++) {
        hb_muc *m = record_add_muc(&rec->year.pham_chat, &rec->year.n_pham_chat,
                                   catalog_pham_chat_tt27[i]);
        if (!m) {
            b->failed = 1;
            return;
        }
        const char *q = draw_quality(r, p->ability);
        set(b, &m->value, q);
        all_good &= !strcmp(q, "Tốt");
        all_ok &= strcmp(q, "Cần cố gắng") != 0;
    }
    for (int i = 0; catalog_nang_luc_tt27[i]; i++) {
        hb_muc *m = record_add_muc(&rec->year.nang_luc, &rec->year.n_nang_luc,
                                   catalog_nang_luc_tt27[i]);
        if (!m) {
            b->failed = 1;
            return;
        }
        const char *q = draw_quality(r, p->ability);
        set(b, &m->value, q);
        all_good &= !strcmp(q, "Tốt");
        all_ok &= strcmp(q, "Cần cố gắng") != 0;
    }
    /* TT27 article 9: the year's overall result */
    int o = all_t && all_good && min_test >= 9   ? 0
            : all_t && all_good && min_test >= 7 ? 1
            : all_done && all_ok && min_test >= 5 ? 2
                                                  : 3;
    set(b, &rec->year.ket_qua_hoc_tap.cn, catalog_values[HB_VS_TT27_OVERALL][o]);
    set(b, &rec->year.danh_hieu, o == 0 ? "Học sinh Xuất sắc" : "");
    char len[64];
    int done = o != 3;
    if (grade == 5)
        snprintf(len, sizeof len, "%s chương trình tiểu học",
                 done ? "Hoàn thành" : "Chưa hoàn thành");
    else
        snprintf(len, sizeof len, "%s chương trình lớp %d",
                 done ? "Hoàn thành" : "Chưa hoàn thành", grade);
    set(b, &rec->year.len_lop, len);
}

static void make_uuid(srng *r, char out[37])
{
    uint64_t a = rng_next(r), c = rng_next(r);
    snprintf(out, 37, "%08x-%04x-4%03x-%04x-%012llx", (unsigned)(a >> 32),
             (unsigned)(a >> 16) & 0xffff, (unsigned)a & 0xfff,
             0x8000 | ((unsigned)(c >> 48) & 0x3fff),
             (unsigned long long)(c & 0xffffffffffffull));
}

static int level_index(int grade) { return grade <= 5 ? 0 : grade <= 9 ? 1 : 2; }

static hb_record *make_year(srng *r, const profile *p, hb_family f, int k,
                            size_t n)
{
    int grade = p->first_grade + k, year = p->first_year + k;
    const school *sc = &p->schools[level_index(grade)];
    hb_record *rec = record_new();
    if (!rec)
        return NULL;
    build b = { r, 0 };
    char buf[64], id[37];
    make_uuid(r, id);
    rec->ma_ho_so = strdup(id);
    free(rec->ngay_so_hoa);
    rec->ngay_so_hoa = strdup("2025-12-01");
    b.failed |= !rec->ma_ho_so || !rec->ngay_so_hoa;

    set(&b, &rec->school.ma_truong, sc->ma);
    set(&b, &rec->school.ten_truong, sc->ten);
    set(&b, &rec->school.xa_phuong, sc->xa);
    set(&b, &rec->school.tinh, sc->tinh);

    hb_student *st = &rec->student;
    set(&b, &st->ho_ten, p->name);
    set(&b, &st->gioi_tinh, p->female ? "Nữ" : "Nam");
    set(&b, &st->ngay_sinh, p->birth);
    set(&b, &st->noi_sinh, p->noi_sinh);
    set(&b, &st->dan_toc, p->dan_toc);
    set(&b, &st->doi_tuong, p->doi_tuong);
    set(&b, &st->cho_o, p->cho_o);
    set(&b, &st->ma_dinh_danh, p->cccd);
    set(&b, &st->ma_hoc_sinh, p->ma_hs);
    set(&b, &st->ho_ten_cha, p->cha);
    set(&b, &st->nghe_nghiep_cha, p->nghe_cha);
    set(&b, &st->ho_ten_me, p->me);
    set(&b, &st->nghe_nghiep_me, p->nghe_me);
    set(&b, &st->ho_ten_nguoi_giam_ho, p->giam_ho);
    for (size_t i = 0; i < n && !b.failed; i++) {
        int g = p->first_grade + (int)i, y = p->first_year + (int)i;
        hb_history *h = record_add_history(rec);
        if (!h) {
            b.failed = 1;
            break;
        }
        snprintf(buf, sizeof buf, "%d-%d", y, y + 1);
        set(&b, &h->nam_hoc, buf);
        snprintf(buf, sizeof buf, "%d%s", g, p->section);
        set(&b, &h->lop, buf);
        set(&b, &h->truong, p->schools[level_index(g)].ten);
        set(&b, &h->so_dang_bo, p->dang_bo[level_index(g)]);
        /* the enrolment date is written when the pupil enters a school */
        int first_at_school = i == 0 || level_index(g) != level_index(g - 1);
        snprintf(buf, sizeof buf, "%d-08-%02d", y, 15 + (int)(i * 7 + 3) % 14);
        set(&b, &h->ngay_nhap_hoc, first_at_school ? buf : "");
    }

    hb_year *yr = &rec->year;
    snprintf(buf, sizeof buf, "%d-%d", year, year + 1);
    set(&b, &yr->nam_hoc, buf);
    snprintf(buf, sizeof buf, "%d%s", grade, p->section);
    set(&b, &yr->lop, buf);
    set(&b, &yr->cap_hoc, catalog_level_for_grade(grade));
    set(&b, &yr->che_do, record_family_name(f));

    if (!b.failed) {
        if (f == HB_FAMILY_TT27)
            year_primary(&b, p, rec, f, grade);
        else
            year_secondary(&b, p, rec, f, grade);
    }
    double u = rng_unit(r);
    set_int(&b, &yr->so_buoi_nghi, u < 0.4 ? 0 : u < 0.95 ? rng_int(r, 1, 8)
                                                      : rng_int(r, 9, 20));
    /* one or two sentences; two often wrap over two lines */
    const char *s1 = PICK(r, remarks_gvcn), *s2 = PICK(r, remarks_gvcn);
    char rem[256];
    if (s1 != s2 && rng_chance(r, 0.6))
        snprintf(rem, sizeof rem, "%s %s", s1, s2);
    else
        snprintf(rem, sizeof rem, "%s", s1);
    set(&b, &yr->nhan_xet_gvcn, rem);
    set(&b, &yr->phe_duyet_ho_ten, sc->principal);
    snprintf(buf, sizeof buf, "%d-05-%02d", year + 1, rng_int(r, 15, 31));
    set(&b, &yr->phe_duyet_ngay, buf);

    if (b.failed) {
        record_free(rec);
        return NULL;
    }
    return rec;
}

/* ---- the book --------------------------------------------------------- */

/* Does `family` hold for every year of the book starting in y0? */
static int years_fit(hb_family family, int g0, int y0, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (synth_family_for(g0 + (int)k, y0 + (int)k) != family)
            return 0;
    return 1;
}

size_t synth_book(unsigned seed, hb_family family, int first_grade, size_t n,
                  hb_record **out)
{
    srng r = { 0x5eed0000ull ^ ((uint64_t)seed * 0x2545f4914f6cdd1dull) };
    if (first_grade < 1 || first_grade > 12 || n == 0 || !out ||
        family == HB_FAMILY_TT30)
        return 0;
    /* how many years the family covers from first_grade */
    size_t span = 0;
    while (span < n && first_grade + (int)span <= 12 &&
           (family == HB_FAMILY_UNKNOWN ||
            catalog_form_subjects(family, first_grade + (int)span)))
        span++;
    if (span == 0)
        return 0;

    /* the first school year: any year whose cohort used the family, ending
     * by 2025-2026 when possible */
    int cand[40], nc = 0;
    for (int last = 2025; nc == 0 && last <= 2035; last += 10)
        for (int y0 = 2012; y0 + (int)span - 1 <= last && nc < 40; y0++) {
            int ok;
            if (family == HB_FAMILY_UNKNOWN)
                ok = first_grade > 5 ||
                     synth_family_for(first_grade, y0) == HB_FAMILY_TT27;
            else
                ok = years_fit(family, first_grade, y0, span);
            if (ok)
                cand[nc++] = y0;
        }
    if (nc == 0)
        return 0;
    int y0 = cand[rng_int(&r, 0, nc - 1)];

    profile p;
    make_profile(&r, first_grade, y0, &p);
    size_t made = 0;
    for (size_t k = 0; k < span; k++) {
        hb_family f = family != HB_FAMILY_UNKNOWN
                          ? family
                          : synth_family_for(first_grade + (int)k, y0 + (int)k);
        hb_record *rec = make_year(&r, &p, f, (int)k, span);
        if (!rec)
            break;
        out[made++] = rec;
    }
    return made;
}
