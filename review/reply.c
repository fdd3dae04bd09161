/* reply.c - the JSON answers and error statuses of the API (see
 * server_int.h and the status table of README.md's JSON API). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "server_int.h"

void review_reply_json(hb_reply *r, unsigned status, json_t *json)
{
    json_decref(r->json);
    r->json = NULL;
    if (!json) {
        review_reply_internal(r, "out of memory building the answer");
        return;
    }
    r->status = status;
    r->json = json;
}

void review_reply_error(hb_reply *r, unsigned status, const char *fmt, ...)
{
    char msg[1536];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_decref(r->json);
    r->json = NULL;
    /* A message cut in the middle of a UTF-8 sequence (or carrying a file
     * name that is not UTF-8) is not a JSON string: it is shortened to its
     * longest valid beginning. */
    json_t *text = NULL;
    for (size_t len = strlen(msg); !text && len > 0; len--)
        text = json_stringn(msg, len);
    r->json = json_pack("{s:o}", "error",
                        text ? text : json_string(REVIEW_MSG_INTERNAL));
    if (!r->json) {
        r->status = 500;
        snprintf(r->why, sizeof r->why, "out of memory building an error");
        return;
    }
    r->status = status;
}

void review_reply_internal(hb_reply *r, const char *why)
{
    snprintf(r->why, sizeof r->why, "%s", why);
    review_reply_error(r, 500, REVIEW_MSG_INTERNAL);
}

void review_reply_fail(hb_reply *r, const hb_err *e, const char *sentence)
{
    if (!sentence || !*sentence)
        sentence = "Không thực hiện được yêu cầu.";
    switch (e->code) {
    case HB_ENOTFOUND:
        review_reply_error(r, 404, "%s (%s)", sentence, e->msg);
        break;
    case HB_EDENIED:
        review_reply_error(r, 403, REVIEW_MSG_FORBIDDEN);
        break;
    case HB_EINVALID:
        review_reply_error(r, 422, "%s (%s)", sentence, e->msg);
        break;
    case HB_ECONFLICT:
        review_reply_error(r, 409, REVIEW_MSG_CONFLICT);
        break;
    default:
        review_reply_internal(r, e->msg[0] ? e->msg : "unknown error");
        break;
    }
}

void review_reply_member(hb_reply *r, int got, const char *key)
{
    if (got == REVIEW_J_LONG)
        review_reply_error(r, 422, "Giá trị của mục \"%s\" quá dài.", key);
    else
        review_reply_error(r, 400,
                           "Yêu cầu không hợp lệ: mục \"%s\" bị thiếu hoặc "
                           "sai kiểu.",
                           key);
}

int review_body_only(hb_req *q, hb_reply *r, const char *const *allowed)
{
    const char *bad = NULL;
    if (review_json_only(q->body, allowed, &bad) == REVIEW_J_OK)
        return 0;
    review_reply_error(r, 400, "Yêu cầu không hợp lệ: không có mục \"%.64s\".",
                       bad);
    return -1;
}
