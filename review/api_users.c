/*
 * api_users.c - the admin's accounts page: list, add, and change an
 * account (disable it, its classes, a new password).
 *
 * Passwords are hashed here (auth.h) before the workspace sees them, and
 * outside the write transaction: scrypt takes a tenth of a second that
 * other writers should not wait for.  An account and its classes are
 * written in one transaction, so a failure leaves no half account.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "json.h"
#include "server_int.h"
#include "text.h"

#define NAME_MAX_LEN 200
#define CLASSES_MAX 64
#define CLASS_MAX_LEN 32

void review_api_users(hb_req *q, hb_reply *r)
{
    hb_ws_user *list = NULL;
    size_t n = 0;
    hb_err e;
    err_clear(&e);
    if (ws_user_list(q->ws, &list, &n, &e)) {
        review_reply_fail(r, &e, "Không đọc được danh sách tài khoản.");
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        if (review_json_push(a, review_shape_user(&list[i]))) {
            json_decref(a);
            a = NULL;
        }
    ws_users_free(list, n);
    review_reply_json(r, 200, json_pack("{s:o}", "users", a));
}

/* The body's "classes" (absent: *present 0): 0, or -1 with r filled. */
static int read_classes(hb_req *q, hb_reply *r, const char ***classes,
                        size_t *n, int *present)
{
    int got = review_json_strings(q->body, "classes", CLASSES_MAX,
                                  CLASS_MAX_LEN, classes, n);
    *present = got == REVIEW_J_OK;
    if (got < 0) {
        review_reply_member(r, got, "classes");
        return -1;
    }
    for (size_t i = 0; i < *n; i++) {
        const char *c = (*classes)[i];
        int ok = *c != '\0';
        for (; *c; c++)
            ok &= (unsigned char)*c >= 0x20 && *c != 0x7f;
        if (!ok) {
            free(*classes);
            *classes = NULL;
            review_reply_error(r, 422, "Tên lớp không hợp lệ.");
            return -1;
        }
    }
    return 0;
}

/* The stored form of the body's "password" into hash (*present 0 when it
 * is absent and `required` is 0): 0, or -1 with r filled. */
static int read_password(hb_req *q, hb_reply *r, int required,
                         char hash[AUTH_HASH_MAX], int *present)
{
    const char *pw;
    int got = review_json_string(q->body, "password", 1024, &pw);
    *present = got == REVIEW_J_OK;
    if (got == REVIEW_J_ABSENT && !required)
        return 0;
    if (got) {
        review_reply_member(r, got == REVIEW_J_ABSENT ? REVIEW_J_BAD : got,
                            "password");
        return -1;
    }
    hb_err e;
    err_clear(&e);
    if (auth_hash_password(pw, hash, AUTH_HASH_MAX, &e)) {
        if (e.code == HB_EINVALID)
            review_reply_error(r, 422,
                               "Mật khẩu phải dài từ %d đến %d byte.",
                               AUTH_PW_MIN, AUTH_PW_MAX);
        else
            review_reply_fail(r, &e, "");
        return -1;
    }
    /* The typed password has done its work; do not leave it in memory. */
    OPENSSL_cleanse((char *)pw, strlen(pw));
    return 0;
}

/* USER of `login` as stored now, as the answer. */
static void reply_user(hb_req *q, hb_reply *r, const char *login)
{
    hb_ws_user u;
    hb_err e;
    err_clear(&e);
    memset(&u, 0, sizeof u);
    if (ws_user_get(q->ws, login, 0, &u, &e))
        review_reply_fail(r, &e, "Không đọc được tài khoản.");
    else
        review_reply_json(r, 200, review_shape_user(&u));
    ws_user_clear(&u);
}

void review_api_user_add(hb_req *q, hb_reply *r)
{
    static const char *const allowed[] = { "login",    "full_name", "role",
                                           "password", "classes",   NULL };
    const char *login, *name_in, *role, **classes = NULL;
    size_t n_classes = 0;
    char hash[AUTH_HASH_MAX];
    int got, have_classes, have_pw;
    char *name = NULL;
    hb_err e;

    if (review_body_only(q, r, allowed))
        return;
    if ((got = review_json_string(q->body, "login", 256, &login))) {
        review_reply_member(r, got == REVIEW_J_ABSENT ? REVIEW_J_BAD : got,
                            "login");
        return;
    }
    if (!review_http_login_ok(login, strlen(login))) {
        review_reply_error(r, 422,
                           "Tên đăng nhập chỉ gồm chữ cái không dấu, chữ số, "
                           "'.', '_', '-' (tối đa %d ký tự).",
                           REVIEW_ID_MAX);
        return;
    }
    if ((got = review_json_string(q->body, "full_name", NAME_MAX_LEN,
                                  &name_in))) {
        review_reply_member(r, got == REVIEW_J_ABSENT ? REVIEW_J_BAD : got,
                            "full_name");
        return;
    }
    if ((got = review_json_string(q->body, "role", 32, &role))) {
        review_reply_member(r, got == REVIEW_J_ABSENT ? REVIEW_J_BAD : got,
                            "role");
        return;
    }
    if (!ws_user_role_ok(role)) {
        review_reply_error(r, 422,
                           "Vai trò phải là clerk, teacher, principal hoặc "
                           "admin.");
        return;
    }
    name = text_normalize(name_in);
    if (!name || !*name) {
        free(name);
        review_reply_error(r, 422, "Hãy ghi họ và tên.");
        return;
    }
    if (read_classes(q, r, &classes, &n_classes, &have_classes) ||
        read_password(q, r, 1, hash, &have_pw))
        goto done;

    err_clear(&e);
    int64_t id;
    if (ws_tx_begin(q->ws, &e) == 0) {
        if (ws_user_add(q->ws, login, name, role, hash, &id, &e) ||
            ws_user_set_classes(q->ws, login, classes, n_classes, &e) ||
            ws_tx_commit(q->ws, &e)) {
            ws_tx_rollback(q->ws);
            goto failed;
        }
        reply_user(q, r, login);
        goto done;
    }
failed:
    if (e.code == HB_EDUP)
        review_reply_error(r, 409, "Tên đăng nhập \"%s\" đã có.", login);
    else
        review_reply_fail(r, &e, "Không tạo được tài khoản.");
done:
    OPENSSL_cleanse(hash, sizeof hash);
    free(classes);
    free(name);
}

void review_api_user_set(hb_req *q, hb_reply *r)
{
    static const char *const allowed[] = { "disabled", "classes", "password",
                                           NULL };
    const char *login = q->rt.id, **classes = NULL;
    size_t n_classes = 0;
    char hash[AUTH_HASH_MAX];
    int disabled = 0, have_disabled, have_classes = 0, have_pw = 0, got;
    hb_ws_user u;
    hb_err e;

    memset(&u, 0, sizeof u);
    memset(hash, 0, sizeof hash);
    if (review_body_only(q, r, allowed))
        return;
    if ((got = review_json_bool(q->body, "disabled", &disabled)) < 0) {
        review_reply_member(r, got, "disabled");
        return;
    }
    have_disabled = got == REVIEW_J_OK;
    err_clear(&e);
    if (ws_user_get(q->ws, login, 0, &u, &e)) {
        if (e.code == HB_ENOTFOUND)
            review_reply_error(r, 404, "Không có tài khoản \"%s\".", login);
        else
            review_reply_fail(r, &e, "");
        goto done;
    }
    /* An admin who locks themselves out needs the command line to get
     * back in. */
    if (have_disabled && disabled && strcmp(login, q->user.login) == 0) {
        review_reply_error(r, 422, "Không thể tự khóa tài khoản của mình.");
        goto done;
    }
    if (read_classes(q, r, &classes, &n_classes, &have_classes) ||
        read_password(q, r, 0, hash, &have_pw))
        goto done;

    err_clear(&e);
    if (ws_tx_begin(q->ws, &e) ||
        (have_disabled &&
         ws_user_set_disabled(q->ws, login, disabled, &e)) ||
        (have_classes &&
         ws_user_set_classes(q->ws, login, classes, n_classes, &e)) ||
        (have_pw && ws_user_set_password(q->ws, login, hash, &e)) ||
        ws_tx_commit(q->ws, &e)) {
        ws_tx_rollback(q->ws);
        review_reply_fail(r, &e, "Không lưu được tài khoản.");
        goto done;
    }
    reply_user(q, r, login);
done:
    OPENSSL_cleanse(hash, sizeof hash);
    free(classes);
    ws_user_clear(&u);
}
