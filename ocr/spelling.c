/*
 * spelling.c - phrases from a known list, and the stray final stop.
 * See spelling.h.
 */
#include <stdlib.h>
#include <string.h>

#include "spelling.h"
#include "text.h"

static void cap_conf(hb_reading *rd, int cap)
{
    if (rd->conf > cap)
        rd->conf = cap;
}

/* What the promotion line (LEN_LOP) says on real books: a short closed
 * list (domain.md: lên lớp / ở lại lớp / rèn luyện hoặc kiểm tra lại trong
 * hè, and the completion of a level).  A reading a letter or two away from
 * one of them is that phrase with a lost or misread mark ("2ược lên lớp"). */
static const char *const len_lop_phrases[] = {
    "Được lên lớp", "Lên lớp", "Ở lại lớp", "Kiểm tra lại trong hè",
    "Rèn luyện trong hè", "Hoàn thành chương trình THCS",
    "Hoàn thành chương trình THPT", "Hoàn thành chương trình tiểu học",
    "Chưa hoàn thành chương trình tiểu học",
    "Hoàn thành chương trình lớp 1", "Hoàn thành chương trình lớp 2",
    "Hoàn thành chương trình lớp 3", "Hoàn thành chương trình lớp 4",
    "Chưa hoàn thành chương trình lớp 1", "Chưa hoàn thành chương trình lớp 2",
    "Chưa hoàn thành chương trình lớp 3", "Chưa hoàn thành chương trình lớp 4",
    NULL
};

void spelling_snap_len_lop(hb_reading *rd)
{
    const char *const *set = len_lop_phrases;
    char *fr = text_fold(rd->value);
    if (!fr)
        return;
    const char *best = NULL;
    size_t bd = (size_t)-1, second = (size_t)-1;
    for (int i = 0; set[i]; i++) {
        char *fp = text_fold(set[i]);
        size_t d = fp ? text_distance(fr, fp) : (size_t)-1;
        free(fp);
        if (d < bd) {
            second = bd;
            bd = d;
            best = set[i];
        } else if (d < second) {
            second = d;
        }
    }
    size_t len = text_length(fr);
    free(fr);
    if (!best || strcmp(best, rd->value) == 0)
        return;
    /* folded-equal: only marks differ, the printed phrase is the list's */
    if (bd == 0 || (bd * 6 <= len && second >= bd + 3)) {
        char *v = text_dup(best);
        if (!v)
            return;
        free(rd->value);
        rd->value = v;
        cap_conf(rd, bd == 0 ? 80 : 70);
    } else if (bd > 0 && bd == second && bd * 6 <= len) {
        /* as near two phrases as one: a part of the line was lost
         * ("Hoàn thành chương trình lớp" without its digit), and which
         * phrase it was is for a person to say */
        cap_conf(rd, 50);
    }
}

/* Occupations most often written on the personal page.  Not a closed
 * set (anything may be written there), only a spelling reference. */
static const char *const occupations[] = {
    "Làm ruộng", "Nông dân", "Công nhân", "Giáo viên", "Kinh doanh",
    "Buôn bán", "Nội trợ", "Lái xe", "Thợ xây", "Thợ may", "Thợ điện",
    "Bác sĩ", "Y tá", "Y sĩ", "Dược sĩ", "Kỹ sư", "Kế toán", "Cán bộ",
    "Công chức", "Viên chức", "Công an", "Bộ đội", "Ngư dân", "Hưu trí",
    "Lao động tự do", "Tự do", "Nhân viên văn phòng", "Nhân viên", NULL
};

/* A reading that differs from a listed phrase only in its blanks ("Ytá"
 * for "Y tá": both models close the narrow gap after a one-letter word)
 * is that phrase: every letter and mark agrees. */
static int equal_but_blanks(const char *a, const char *b)
{
    for (;; a++, b++) {
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        if (*a != *b)
            return 0;
        if (!*a)
            return 1;
    }
}

void spelling_snap_occupation(hb_reading *rd)
{
    const char *const *set = occupations;
    for (int i = 0; set[i]; i++)
        if (equal_but_blanks(rd->value, set[i]) &&
            strcmp(rd->value, set[i]) != 0) {
            char *v = text_dup(set[i]);
            if (v) {
                free(rd->value);
                rd->value = v;
            }
            return;
        }
}

/* Names, places, occupations and codes never end with a full stop; a
 * dot after them is a speck or the first leader dot.  (Remarks keep
 * theirs.) */
void spelling_drop_final_stop(hb_reading *rd)
{
    size_t n = strlen(rd->value);
    if (n > 1 && rd->value[n - 1] == '.' && rd->value[n - 2] != '.')
        rd->value[n - 1] = '\0';
}

/* The 54 ethnic groups of Vietnam as the statistics office lists them
 * (Danh mục các dân tộc Việt Nam); the field is written with one of them. */
static const char *const ethnic_groups[] = {
    "Kinh", "Tày", "Thái", "Hoa", "Khmer", "Mường", "Nùng", "Mông", "Dao",
    "Gia Rai", "Ngái", "Ê Đê", "Ba Na", "Xơ Đăng", "Sán Chay", "Cơ Ho",
    "Chăm", "Sán Dìu", "Hrê", "Mnông", "Ra Glai", "Xtiêng", "Bru Vân Kiều",
    "Thổ", "Giáy", "Cơ Tu", "Giẻ Triêng", "Mạ", "Khơ Mú", "Co", "Tà Ôi",
    "Chơ Ro", "Kháng", "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào", "La Chí",
    "La Ha", "Phù Lá", "La Hủ", "Lự", "Lô Lô", "Chứt", "Mảng", "Pà Thẻn",
    "Cờ Lao", "Cống", "Bố Y", "Si La", "Pu Péo", "Brâu", "Ơ Đu", "Rơ Măm",
    NULL
};

static int member(const char *const *set, const char *v)
{
    for (int i = 0; set[i]; i++)
        if (strcmp(set[i], v) == 0)
            return 1;
    return 0;
}

int spelling_listed(const char *path, const char *value)
{
    if (!path || !value)
        return 0;
    if (text_ends_with(path, "/LEN_LOP"))
        return member(len_lop_phrases, value);
    if (text_ends_with(path, "/NGHE_NGHIEP_CHA") ||
        text_ends_with(path, "/NGHE_NGHIEP_ME"))
        return member(occupations, value);
    if (text_ends_with(path, "/DAN_TOC"))
        return member(ethnic_groups, value);
    return 0;
}
