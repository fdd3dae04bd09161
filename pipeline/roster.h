/*
 * roster.h - the school's own list of students (rule 7 of domain.md).
 *
 * Schools keep their students in the Ministry's database and can export
 * them as a CSV file: mã học sinh (the student code), mã định danh (the
 * 12-digit personal identification number), họ tên, ngày sinh, giới tính,
 * lớp.  Paper học bạ rarely carry those identifiers, but the digital record
 * needs them to be synced.  Matching each record to the roster on name and
 * birth date fills them in from the school's list, and a record that
 * matches no student (or several) is flagged: its name or birth date was
 * probably misread.
 */
#ifndef HB_ROSTER_H
#define HB_ROSTER_H

#include <stddef.h>

#include "err.h"
#include "record.h"

typedef struct hb_roster_entry {
    char *ma_hoc_sinh;  /* as in the file (may be NULL when the column is absent) */
    char *ma_dinh_danh;
    char *ho_ten;       /* NFC, spaces folded */
    char *ngay_sinh;    /* ISO YYYY-MM-DD (converted from dd/mm/yyyy) */
    char *gioi_tinh;    /* "Nam" / "Nữ" when recognised, else as written */
    char *lop;
    char *key;          /* text_fold(ho_ten): the matching key */
    int line;           /* line of the CSV file, for messages */
} hb_roster_entry;

typedef struct hb_roster {
    hb_roster_entry *entries;
    size_t n;
} hb_roster;

/* Reads a roster CSV: UTF-8 (a leading BOM is skipped), a header row naming
 * the columns (matched without diacritics or case: "Mã học sinh", "Mã định
 * danh" or "Số định danh" or "CCCD", "Họ tên" or "Họ và tên", "Ngày sinh",
 * "Giới tính", "Lớp"; họ tên and ngày sinh are required), fields separated
 * by commas, or by semicolons as spreadsheets in a Vietnamese locale write
 * them, quoted with "..." where needed (RFC 4180).  Birth dates may be
 * dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy or ISO.  A row whose birth
 * date cannot be read is an error naming the line: identifiers filled from
 * a misunderstood list would be worse than none, and so would a list
 * without a single student.  A mã định danh of 11 digits gets back the
 * leading zero a spreadsheet dropped.  NULL on failure. */
hb_roster *roster_load(const char *csv_path, hb_err *e);
/* The same, also giving the file's bytes as read (*csv, *len; caller
 * frees; NULL on failure), for a workspace that keeps the school's file. */
hb_roster *roster_read(const char *csv_path, char **csv, size_t *len,
                       hb_err *e);
/* The same from a buffer; `name` is used in messages. */
hb_roster *roster_parse(const char *buf, size_t len, const char *name,
                        hb_err *e);
void roster_free(hb_roster *ro);

typedef enum hb_roster_match {
    ROSTER_MATCH_ONE = 0, /* unique match: identifiers filled */
    ROSTER_MATCH_NONE,    /* flagged roster-none on HO_TEN and NGAY_SINH */
    ROSTER_MATCH_MANY     /* flagged roster-many on HO_TEN and NGAY_SINH */
} hb_roster_match;

/* Matches r on folded name + birth date (when several roster students
 * share both, a readable GIOI_TINH narrows them down).  On a unique match,
 * MA_HOC_SINH and MA_DINH_DANH are filled when absent or empty (conf -1:
 * not read from an image), and fields that disagree with the school's list
 * (an identifier read from paper, the name's diacritics, the sex) are
 * flagged `roster-differs`.  Returns the hb_roster_match, or -1 on
 * allocation failure. */
int roster_match(const hb_roster *ro, hb_record *r, hb_err *e);

/* Rule 7 on drafts whose other rules have run (extract_book's output):
 * roster_match on each, then, where it filled an identifier, the format
 * rule and the CCCD rule (rule 8) again, which now see the number from
 * the school's list.  counts (may be NULL) is incremented per
 * hb_roster_match outcome.  0, or -1 on allocation failure. */
int roster_apply(const hb_roster *ro, hb_record **recs, size_t n,
                 size_t counts[3], hb_err *e);

#endif
