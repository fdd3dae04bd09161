/*
 * review.h - what a person does to a draft: correct a field, confirm it,
 * approve the record, send it back.
 *
 * The machine reads; a teacher with the scan beside them decides.  Every
 * change goes through the functions below, whether it comes from the web
 * UI (review/) or from the CLI twins (`hocba review set`, `hocba approve`),
 * so that both obey the same rules:
 *
 *   - The paper is reproduced faithfully (domain.md, rule zero).  A value a
 *     person types is stored as typed (NFC, blanks folded), never
 *     "corrected" by the program.
 *   - Every action is appended to the audit trail (who, when, field, old,
 *     new, note), and the record's NGUON_SO_HOA/XAC_MINH block is rebuilt
 *     from that trail each time the record is stored, so the signed record
 *     carries every correction and nobody can edit that history through
 *     the UI: it is derived, not typed.
 *   - After every change the rules run again (review_recheck) and their
 *     flags show at once.  Flags come in two kinds:
 *       * the reader's doubts (low-conf, empty, roster-*, rule:header ...):
 *         they are about how the value was *read*, so they end when a
 *         person confirms or corrects the field;
 *       * the record rules' findings (format, rule:ca-nam, rule:hoc-luc ...):
 *         they are about what the values *say*, so they are recomputed from
 *         the current values every time, whoever touched them.
 *     A flag that stays although the paper really says so (a teacher's
 *     arithmetic slip in 1998) is explained by the reviewer's note on the
 *     field; approval needs every flagged field to be either cleared or
 *     explained.
 *   - Two people never overwrite each other: every write names the revision
 *     the person saw (hb_ws_record.rev), and a write from an outdated copy
 *     is refused with HB_ECONFLICT.  The check and the write happen under
 *     the workspace's write lock (BEGIN IMMEDIATE).
 *   - Only records before signing change: draft and in_review; an approved
 *     record that is corrected goes back to in_review.  Signed records are
 *     never edited (a correction is a new version: `hocba revoke`).
 */
#ifndef HB_REVIEW_H
#define HB_REVIEW_H

#include <stddef.h>

#include "err.h"
#include "record.h"
#include "workspace.h"

/* Who acts: the audit's `who` (a login), and what the signed record says of
 * them (XAC_MINH nguoi, vaiTro). */
typedef struct hb_actor {
    const char *login;
    const char *full_name;
    const char *role_word;   /* "Giáo viên", "Hiệu trưởng", ... */
} hb_actor;

/* The role word a signed record shows for an account role ("teacher" ->
 * "Giáo viên"); "Người xác minh" for anything else. */
const char *review_role_word(const char *role);

/* Sets field `path` of record `id`, version `version` (0: the latest), to
 * `value` as `who`.  A value equal to the stored one is a confirmation
 * ("confirm"), another one a correction ("correct"); `note` (may be NULL
 * or "") explains a flag the paper itself causes.  `expect_rev` is the
 * revision the person saw (0: no check, for the CLI); *new_rev (may be
 * NULL) receives the revision after the write.
 * Errors: HB_ENOTFOUND (record, or no such field in this record's form),
 * HB_ECONFLICT (outdated revision), HB_EINVALID (record signed or later;
 * value not valid UTF-8 or longer than 1000 bytes). */
int review_set_field(hb_ws *w, const char *id, int version, const char *path,
                     const char *value, const char *note, const hb_actor *who,
                     int expect_rev, int *new_rev, hb_err *e);

/* Approves a record (draft or in_review -> approved) when no flag is open;
 * otherwise HB_EINVALID naming the open fields (the first few).
 * HB_ECONFLICT as above. */
int review_approve(hb_ws *w, const char *id, int version, const hb_actor *who,
                   int expect_rev, int *new_rev, hb_err *e);

/* Sends a record back (approved, draft or in_review -> in_review) with the
 * reason, which the reviewer sees on the record ("Điểm Toán HK II chưa
 * đúng, xem lại trang 2").  `reason` must not be empty. */
int review_return(hb_ws *w, const char *id, int version, const char *reason,
                  const hb_actor *who, int expect_rev, int *new_rev,
                  hb_err *e);

/* Re-runs the record rules on `r` after a change: drops the rules' own
 * reason codes from every field, and the reader's codes from the fields in
 * `touched` (paths a person confirmed or corrected; may be NULL), then
 * runs rules_check_record.  review = 1 where any reason remains. */
int review_recheck(hb_record *r, const char *const *touched, size_t n_touched,
                   hb_err *e);

/* Rebuilds r->verifications from the audit trail `a` of the record version:
 * one XAC_MINH per person in order of their first action (time of their
 * last action), a SUA_DOI for each correction and for each confirmation
 * that carries a note. */
int review_verifications(hb_record *r, const hb_ws_audit *a, size_t n,
                         hb_err *e);

/* One field as a reviewer sees it. */
typedef struct hb_review_field {
    char *path;
    char *label;        /* "Toán – Cả năm", "Họ và tên" */
    char *group;        /* "Lý lịch", "Bảng điểm", "Tổng kết", ... */
    char *value;        /* "" when empty */
    int conf, review, page;
    hb_box box;
    char *reasons;      /* the codes, space separated, or "" */
    char *reason_text;  /* the codes in words, one sentence each, joined
                         * by "\n" ("Điểm cả năm không khớp công thức
                         * (HK1 + 2×HK2)/3 = 7.3"), or "" */
    char *note;         /* the standing note, or NULL */
    int checked;        /* a person confirmed or corrected it */
    int open;           /* review && no note */
} hb_review_field;

/* Every field of a record version (the form's slots, present ones), in
 * document order, with the words a reviewer needs.  `r` is the parsed
 * record, `notes`/`checked` come from the workspace (review_fields_load
 * does both). */
int review_fields_load(hb_ws *w, const char *id, int version,
                       hb_ws_record *meta, hb_review_field **fields,
                       size_t *n, hb_err *e);
void review_fields_free(hb_review_field *f, size_t n);

/* The words for one reason code on field `path` of `r` (a new string, or
 * NULL on allocation failure): "Điểm cả năm không khớp công thức
 * (HK1 + 2×HK2)/3 = 7.3" for rule:ca-nam, "Máy đọc không chắc chắn" for
 * low-conf, ... Unknown codes come back as themselves. */
char *review_reason_text(hb_record *r, const char *path, const char *code);

/* A field's label and group in Vietnamese (new strings). */
char *review_field_label(hb_record *r, const char *path);
char *review_field_group(const char *path);

/* The last reason a record version was sent back with, or NULL (a new
 * string). */
char *review_return_reason(const hb_ws_audit *a, size_t n);

#endif
