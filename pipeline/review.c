/*
 * review.c - a person's corrections, confirmations, approvals and send-backs
 * (see review.h for the rules they obey).
 *
 * Each action is one write transaction (BEGIN IMMEDIATE): read the record
 * and its revision, refuse an outdated revision, apply, append the audit
 * entry, rebuild NGUON_SO_HOA/XAC_MINH from the whole trail, re-run the
 * rules, store.  Holding the write lock from the read to the store is what
 * makes "two people never overwrite each other" true, not only likely.
 */
#include "review.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "text.h"

/* Longest value or note a person may type: a remark of the homeroom
 * teacher fits many times over; a paste of a whole page does not. */
#define REVIEW_TEXT_MAX 1000

const char *review_role_word(const char *role)
{
    static const char *const words[][2] = {
        { "teacher", "Giáo viên" },
        { "principal", "Hiệu trưởng" },
        { "clerk", "Văn thư" },
        { "admin", "Quản trị" },
    };
    for (size_t i = 0; role && i < sizeof words / sizeof words[0]; i++)
        if (strcmp(role, words[i][0]) == 0)
            return words[i][1];
    return "Người xác minh";
}

/* ---- which flag belongs to whom ---------------------------------------- */

/* The codes rules_check_record computes from the values themselves.  They
 * are dropped and recomputed after every change; every other code (the
 * reader's doubts, the book and roster rules: rule:header, rule:lop, which
 * one record alone cannot judge again) stands until a person
 * confirms or corrects the field.  "empty" is the reader's (a cell it
 * found blank) but rules_check_empty sets it again where the form
 * requires a value, so a required field confirmed empty stays flagged;
 * "not-found" (a cell the reader did not find at all) likewise ends when
 * a person confirms the field, and "empty" may then follow. */
static const char *const rule_codes[] = {
    "format", "unknown-subject", "rule:ca-nam", "rule:comment",
    "rule:hoc-luc", "rule:hoc-luc-soft", "rule:ket-qua", "rule:ket-qua-soft",
    "rule:danh-hieu", "rule:ren-luyen", "rule:tuoi", "rule:che-do", "rule:cccd",
    "rule:phe-duyet", "rule:columns", "rule:kind", "rule:qua-trinh",
    "rule:qua-trinh-soft", "rule:rows", NULL
};

static int is_rule_code(const char *code, size_t len)
{
    for (size_t i = 0; rule_codes[i]; i++)
        if (strlen(rule_codes[i]) == len && strncmp(rule_codes[i], code, len) == 0)
            return 1;
    return 0;
}

/* Drops from f->reason the rules' own codes, and on a `touched` field (a
 * person confirmed or corrected it) every code; review follows. */
static int reasons_filter(hb_field *f, int touched)
{
    if (!f->reason)
        return 0;
    char *out = malloc(strlen(f->reason) + 1);
    if (!out)
        return -1;
    size_t n = 0;
    for (const char *p = f->reason; *p;) {
        while (*p == ' ')
            p++;
        const char *end = p;
        while (*end && *end != ' ')
            end++;
        size_t len = (size_t)(end - p);
        /* "format" on an empty value is the reader's: ink it could not
         * read.  rules_check_format never looks at empty values, so that
         * flag would not come back; it stays until a person decides. */
        int unreadable = !(f->value && *f->value) && len == 6 &&
                         strncmp(p, "format", 6) == 0;
        if (len && !touched && (!is_rule_code(p, len) || unreadable)) {
            if (n)
                out[n++] = ' ';
            memcpy(out + n, p, len);
            n += len;
        }
        p = end;
    }
    out[n] = '\0';
    free(f->reason);
    f->reason = n ? out : NULL;
    if (!n)
        free(out);
    f->review = n > 0;
    return 0;
}

typedef struct recheck_ctx {
    const char *const *touched;
    size_t n_touched;
    int failed;
} recheck_ctx;

static int recheck_cb(const char *path, hb_field *f, void *ctx)
{
    recheck_ctx *c = ctx;
    int touched = 0;
    for (size_t i = 0; i < c->n_touched && !touched; i++)
        touched = strcmp(c->touched[i], path) == 0;
    if (reasons_filter(f, touched)) {
        c->failed = 1;
        return 1;
    }
    return 0;
}

int review_recheck(hb_record *r, const char *const *touched, size_t n_touched,
                   hb_err *e)
{
    recheck_ctx c = { touched, n_touched, 0 };
    record_visit_fields(r, 0, recheck_cb, &c);
    if (c.failed)
        return err_set(e, HB_ENOMEM, "review: out of memory");
    return rules_check_record(r, e);
}

/* ---- NGUON_SO_HOA from the trail --------------------------------------- */

static int is_field_action(const hb_ws_audit *a)
{
    return a->path && (strcmp(a->action, "correct") == 0 ||
                       strcmp(a->action, "confirm") == 0);
}

int review_verifications(hb_record *r, const hb_ws_audit *a, size_t n,
                         hb_err *e)
{
    record_clear_verifications(r);
    /* Who counts as having verified: whoever corrected, confirmed or
     * approved.  The signing and issuing entries of the trail are not
     * verification (the signatures speak for themselves). */
    for (size_t i = 0; i < n; i++) {
        int field = is_field_action(&a[i]);
        if (!field && strcmp(a[i].action, "approve") != 0)
            continue;
        const char *person = a[i].name && *a[i].name ? a[i].name : a[i].who;
        const char *role = a[i].role && *a[i].role ? a[i].role
                                                    : review_role_word(NULL);
        hb_verification *v = NULL;
        for (size_t j = 0; j < r->n_verifications && !v; j++)
            if (strcmp(r->verifications[j].person, person) == 0 &&
                strcmp(r->verifications[j].role, role) == 0)
                v = &r->verifications[j];
        if (!v && !(v = record_add_verification(r, person, role, a[i].at)))
            return err_set(e, HB_ENOMEM, "review: out of memory");
        char *t = text_dup(a[i].at);
        if (!t)
            return err_set(e, HB_ENOMEM, "review: out of memory");
        free(v->time);
        v->time = t; /* the time of their last action */
        int keep = field && (strcmp(a[i].action, "correct") == 0 ||
                             (a[i].note && *a[i].note));
        if (keep && record_add_correction(v, a[i].path, a[i].old_value,
                                          a[i].new_value, a[i].at, a[i].note))
            return err_set(e, HB_ENOMEM, "review: out of memory");
    }
    return 0;
}

/* ---- one action --------------------------------------------------------- */

/* What every action shares: the record read under the write lock, its
 * revision checked, its state able to change. */
typedef struct action {
    hb_ws_record meta;
    hb_record *r;
} action;

static int action_begin(hb_ws *w, const char *id, int version, int expect_rev,
                        action *a, hb_err *e)
{
    memset(a, 0, sizeof *a);
    if (ws_tx_begin(w, e))
        return -1;
    if (ws_record_get(w, id, version, &a->meta, &a->r, NULL, e))
        goto fail;
    if (expect_rev && a->meta.rev != expect_rev) {
        err_set(e, HB_ECONFLICT, "record %s version %d changed since revision "
                "%d (now %d): reload it", id, a->meta.version, expect_rev,
                a->meta.rev);
        goto fail;
    }
    if (a->meta.state != HB_RS_DRAFT && a->meta.state != HB_RS_IN_REVIEW &&
        a->meta.state != HB_RS_APPROVED) {
        err_set(e, HB_EINVALID, "record %s version %d is %s: a signed record "
                "is never edited (hocba revoke makes a new version)", id,
                a->meta.version, ws_rstate_name(a->meta.state));
        goto fail;
    }
    return 0;
fail:
    ws_tx_rollback(w);
    ws_record_clear(&a->meta);
    record_free(a->r);
    a->r = NULL;
    return -1;
}

/* Appends the audit entry, rebuilds what derives from the trail, re-runs
 * the rules, stores the record in `state`, commits. */
static int action_finish(hb_ws *w, action *a, const hb_ws_audit *entry,
                         hb_rstate state, int *new_rev, hb_err *e)
{
    hb_ws_audit *trail = NULL;
    size_t n = 0;
    const char **touched = NULL;
    size_t n_touched = 0;
    int rc = ws_audit_add_full(w, entry, e);
    if (rc == 0)
        rc = ws_audit_list(w, a->meta.id, a->meta.version, &trail, &n, e);
    if (rc == 0 && n && !(touched = malloc(n * sizeof *touched)))
        rc = err_set(e, HB_ENOMEM, "review: out of memory");
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (is_field_action(&trail[i]))
            touched[n_touched++] = trail[i].path;
    if (rc == 0)
        rc = review_verifications(a->r, trail, n, e);
    if (rc == 0)
        rc = review_recheck(a->r, touched, n_touched, e);
    if (rc == 0)
        rc = ws_record_put(w, 0, a->r, state, e);
    if (rc == 0 && new_rev)
        rc = ws_record_rev(w, a->meta.id, a->meta.version, new_rev, e);
    if (rc == 0)
        rc = ws_tx_commit(w, e);
    else
        ws_tx_rollback(w);
    free(touched);
    ws_audit_free(trail, n);
    ws_record_clear(&a->meta);
    record_free(a->r);
    a->r = NULL;
    return rc;
}

static void action_abort(hb_ws *w, action *a)
{
    ws_tx_rollback(w);
    ws_record_clear(&a->meta);
    record_free(a->r);
    a->r = NULL;
}

static int text_ok(const char *s, const char *what, hb_err *e)
{
    if (s && (strlen(s) > REVIEW_TEXT_MAX || !text_is_utf8(s)))
        return err_set(e, HB_EINVALID, "%s: at most %d bytes of UTF-8 text",
                       what, REVIEW_TEXT_MAX);
    return 0;
}

int review_set_field(hb_ws *w, const char *id, int version, const char *path,
                     const char *value, const char *note, const hb_actor *who,
                     int expect_rev, int *new_rev, hb_err *e)
{
    if (!value || text_ok(value, path, e) || text_ok(note, "note", e))
        return value ? -1 : err_set(e, HB_EUSAGE, "%s: no value", path);
    char *v = text_normalize(value), *nn = note ? text_normalize(note) : NULL;
    if (!v || (note && !nn)) {
        free(v);
        free(nn);
        return err_set(e, HB_ENOMEM, "review: out of memory");
    }
    action a;
    int rc = action_begin(w, id, version, expect_rev, &a, e);
    if (rc == 0) {
        hb_field *f = record_find_field(a.r, path);
        if (!f) {
            rc = err_set(e, HB_ENOTFOUND, "record %s: no field %s on this "
                         "form", id, path);
            action_abort(w, &a);
        } else {
            char *old = text_dup(f->value ? f->value : "");
            int same = old && strcmp(old, v) == 0;
            if (!old || record_field_set(f, v)) {
                rc = err_set(e, HB_ENOMEM, "review: out of memory");
                action_abort(w, &a);
            } else {
                hb_ws_audit entry = {
                    .who = (char *)who->login,
                    .action = same ? "confirm" : "correct",
                    .record = a.meta.id, .version = a.meta.version,
                    .path = (char *)path, .old_value = old, .new_value = v,
                    .note = nn, .name = (char *)who->full_name,
                    .role = (char *)who->role_word,
                };
                rc = action_finish(w, &a, &entry, HB_RS_IN_REVIEW, new_rev, e);
            }
            free(old);
        }
    }
    free(v);
    free(nn);
    return rc;
}

/* The fields still open in `r`: flagged, and without a standing note. */
typedef struct open_ctx {
    const hb_ws_note *notes;
    size_t n_notes;
    int count;
    char list[400];
} open_ctx;

static int open_cb(const char *path, hb_field *f, void *ctx)
{
    open_ctx *c = ctx;
    if (!f->review)
        return 0;
    for (size_t i = 0; i < c->n_notes; i++)
        if (strcmp(c->notes[i].path, path) == 0)
            return 0;
    if (c->count++ < 3) {
        size_t l = strlen(c->list);
        snprintf(c->list + l, sizeof c->list - l, "%s%s", l ? ", " : "", path);
    }
    return 0;
}

int review_approve(hb_ws *w, const char *id, int version, const hb_actor *who,
                   int expect_rev, int *new_rev, hb_err *e)
{
    action a;
    if (action_begin(w, id, version, expect_rev, &a, e))
        return -1;
    if (a.meta.state == HB_RS_APPROVED) {
        err_set(e, HB_EINVALID, "record %s version %d is already approved",
                id, a.meta.version);
        action_abort(w, &a);
        return -1;
    }
    hb_ws_note *notes = NULL;
    size_t n_notes = 0;
    if (ws_record_notes(w, a.meta.id, a.meta.version, &notes, &n_notes, e)) {
        action_abort(w, &a);
        return -1;
    }
    open_ctx oc = { notes, n_notes, 0, "" };
    record_visit_fields(a.r, 0, open_cb, &oc);
    ws_notes_free(notes, n_notes);
    if (oc.count) {
        err_set(e, HB_EINVALID, "record %s: %d flagged field%s without a "
                "note (%s%s): confirm or correct them, or note that the paper "
                "says so", id, oc.count, oc.count > 1 ? "s" : "", oc.list,
                oc.count > 3 ? ", ..." : "");
        action_abort(w, &a);
        return -1;
    }
    hb_ws_audit entry = {
        .who = (char *)who->login, .action = "approve", .record = a.meta.id,
        .version = a.meta.version, .name = (char *)who->full_name,
        .role = (char *)who->role_word,
    };
    return action_finish(w, &a, &entry, HB_RS_APPROVED, new_rev, e);
}

int review_return(hb_ws *w, const char *id, int version, const char *reason,
                  const hb_actor *who, int expect_rev, int *new_rev, hb_err *e)
{
    if (!reason || text_ok(reason, "reason", e))
        return reason ? -1 : err_set(e, HB_EUSAGE, "no reason");
    char *why = text_normalize(reason);
    if (!why)
        return err_set(e, HB_ENOMEM, "review: out of memory");
    if (!*why) {
        free(why);
        return err_set(e, HB_EINVALID, "record %s: sending back needs a "
                       "reason", id);
    }
    action a;
    int rc = action_begin(w, id, version, expect_rev, &a, e);
    if (rc == 0) {
        hb_ws_audit entry = {
            .who = (char *)who->login, .action = "return",
            .record = a.meta.id, .version = a.meta.version, .note = why,
            .name = (char *)who->full_name, .role = (char *)who->role_word,
        };
        rc = action_finish(w, &a, &entry, HB_RS_IN_REVIEW, new_rev, e);
    }
    free(why);
    return rc;
}

char *review_return_reason(const hb_ws_audit *a, size_t n)
{
    /* The last send-back counts until the record is approved again. */
    for (size_t i = n; i-- > 0;) {
        if (strcmp(a[i].action, "approve") == 0)
            return NULL;
        if (strcmp(a[i].action, "return") == 0)
            return text_dup(a[i].note ? a[i].note : "");
    }
    return NULL;
}
