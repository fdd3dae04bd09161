/*
 * api_sign.c - the principal's signing page: what waits for a signature
 * (GET /api/sign) and signing all of it at once (POST /api/sign), with a
 * key on the server machine (a .p12 file or a USB token) and the PIN typed
 * in the browser.
 *
 * The PIN is used once: it is copied out of the request, handed to
 * keys_load_secret, and wiped (OPENSSL_cleanse) from the copy, from the
 * parsed body and (by server.c) from the raw body; it is never logged or
 * stored.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "issue.h"
#include "json.h"
#include "keys.h"
#include "server_int.h"
#include "sign.h"
#include "sign_ws.h"
#include "xmlsec_init.h"

#define KEY_MAX_LEN 1024
#define PIN_MAX_LEN 256

/* The rows of records in `state`. */
static json_t *rows_in(hb_ws *w, hb_rstate state, hb_err *e)
{
    hb_ws_record *list = NULL;
    size_t n = 0;
    if (ws_record_list(w, (int)state, 0, &list, &n, e))
        return NULL;
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        if (review_json_push(a, review_shape_row(&list[i]))) {
            json_decref(a);
            a = NULL;
        }
    ws_records_free(list, n);
    if (!a)
        err_set(e, HB_ENOMEM, "sign: out of memory");
    return a;
}

/* The same work from the command line, for a principal who prefers it or
 * whose token is on another machine: the workspace path in single quotes
 * (a quote inside it closed and escaped). */
static json_t *command_of(hb_ws *w, const char *role)
{
    char buf[4096 + 256];
    size_t n = (size_t)snprintf(buf, sizeof buf, "hocba sign -w '");
    for (const char *p = ws_dir(w); *p && n + 8 < sizeof buf; p++) {
        if (*p == '\'') {
            memcpy(buf + n, "'\\''", 4);
            n += 4;
        } else {
            buf[n++] = *p;
        }
    }
    snprintf(buf + n, sizeof buf - n,
             "' --role %s --key KEY --approved", role);
    return review_json_str(buf);
}

void review_api_sign_list(hb_req *q, hb_reply *r)
{
    hb_err e;
    err_clear(&e);
    const char *roles[HB_WSCONFIG_MAX_ROLES + 1];
    size_t n_roles = issue_required_roles(ws_config(q->ws), roles,
                                          HB_WSCONFIG_MAX_ROLES + 1);
    json_t *jr = json_array();
    const char *mine = n_roles ? roles[n_roles - 1] : "CBQL";
    for (size_t i = 0; jr && i < n_roles; i++) {
        if (strcmp(roles[i], "CBQL") == 0)
            mine = roles[i];
        if (review_json_push(jr, review_json_str(roles[i]))) {
            json_decref(jr);
            jr = NULL;
        }
    }
    json_t *ready = rows_in(q->ws, HB_RS_APPROVED, &e);
    json_t *signd = ready ? rows_in(q->ws, HB_RS_SIGNED, &e) : NULL;
    if (!ready || !signd) {
        json_decref(ready);
        json_decref(jr);
        review_reply_fail(r, &e, "Không đọc được danh sách hồ sơ.");
        return;
    }
    review_reply_json(r, 200,
                      json_pack("{s:o, s:o, s:o, s:o}", "ready", ready,
                                "signed", signd, "roles", jr, "command",
                                command_of(q->ws, mine)));
}

/* Reads the body of POST /api/sign: 0, or -1 with r filled. */
static int read_sign(hb_req *q, hb_reply *r, hb_role *role, const char **key,
                     const char **pin)
{
    static const char *const allowed[] = { "role", "key", "pin", NULL };
    const char *name;
    int got;
    if (review_body_only(q, r, allowed))
        return -1;
    if ((got = review_json_string(q->body, "role", 32, &name))) {
        review_reply_member(r, got == REVIEW_J_ABSENT ? REVIEW_J_BAD : got,
                            "role");
        return -1;
    }
    if ((got = review_json_string(q->body, "key", KEY_MAX_LEN, key)) ||
        !**key) {
        review_reply_member(r, got ? got : REVIEW_J_BAD, "key");
        return -1;
    }
    if ((got = review_json_string(q->body, "pin", PIN_MAX_LEN, pin))) {
        review_reply_member(r, got == REVIEW_J_ABSENT ? REVIEW_J_BAD : got,
                            "pin");
        return -1;
    }
    /* GVBM signs per subject, which this page does not ask for. */
    if (sign_role_parse(name, role) || *role == HB_ROLE_GVBM ||
        !wsconfig_role_required(ws_config(q->ws), name)) {
        review_reply_error(r, 422,
                           "Vai trò ký \"%s\" không thuộc các vai trò mà hồ sơ "
                           "của trường cần.",
                           name);
        return -1;
    }
    /* A pkcs11: URI may name the module to load; from the web that would
     * let a browser make the server load any library on the machine.  The
     * server's module comes from $HOCBA_PKCS11_MODULE or p11-kit. */
    if (strstr(*key, "module-path") || strstr(*key, "module-name")) {
        review_reply_error(r, 422,
                           "Không được chỉ định thư viện PKCS#11 từ trình "
                           "duyệt; hãy cấu hình nó trên máy chủ.");
        return -1;
    }
    return 0;
}

/* Wipes the PIN inside the parsed body: Jansson keeps its own copy. */
static void wipe_body_pin(json_t *body)
{
    json_t *v = json_object_get(body, "pin");
    if (json_is_string(v))
        OPENSSL_cleanse((char *)json_string_value(v), json_string_length(v));
}

void review_api_sign(hb_req *q, hb_reply *r)
{
    hb_role role;
    const char *key_spec, *pin_in;
    char pin[PIN_MAX_LEN + 1];
    if (read_sign(q, r, &role, &key_spec, &pin_in)) {
        wipe_body_pin(q->body);
        return;
    }
    snprintf(pin, sizeof pin, "%s", pin_in);
    wipe_body_pin(q->body);

    hb_err e;
    err_clear(&e);
    int n_signed = 0, n_issued = 0;
    pthread_mutex_lock(&q->srv->sign_lock);
    xmlsec_init_errors_reset();
    hb_key *key = keys_load_secret(key_spec, pin, &e);
    int have_key = key != NULL;
    OPENSSL_cleanse(pin, sizeof pin);
    int rc = key ? ws_sign_approved(q->ws, role, NULL, key, time(NULL),
                                    &n_signed, &n_issued, &e)
                 : -1;
    keys_free(key);
    pthread_mutex_unlock(&q->srv->sign_lock);

    if (rc == 0) {
        review_reply_json(r, 200, json_pack("{s:i, s:i}", "signed", n_signed,
                                            "issued", n_issued));
        return;
    }
    /* A wrong PIN, a missing key, a certificate out of date, a record the
     * rules refuse: all are the principal's to fix, and the records signed
     * before the failure stay signed. */
    char msg[1536];
    snprintf(msg, sizeof msg, "%s (%s)",
             have_key ? "Ký chưa xong: một hồ sơ không ký được."
                 : "Không mở được khóa ký: kiểm tra đường dẫn khóa và mã PIN.",
             e.msg);
    review_reply_error(r, 422, "%s", msg);
    json_object_set_new(r->json, "signed", json_integer(n_signed));
    json_object_set_new(r->json, "issued", json_integer(n_issued));
}
