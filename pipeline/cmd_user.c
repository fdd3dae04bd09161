/*
 * cmd_user.c - `hocba user`: the accounts of the review UI.
 *
 *   hocba user add [-w DIR] LOGIN --role ROLE [--name "Họ Tên"]
 *                  [--class C]... [--pass-file F]
 *   hocba user passwd [-w DIR] LOGIN [--pass-file F]
 *   hocba user list [-w DIR] [--json]
 *   hocba user disable|enable [-w DIR] LOGIN
 *   hocba user classes [-w DIR] LOGIN [CLASS]...
 *
 * The first account of a school is made here (an admin, who then makes the
 * others in the UI, or the clerk who makes them all here).  A password is
 * read from the first line of --pass-file, else asked twice on the
 * terminal without echo; never from the command line, where other users
 * of the PC would see it in the process list.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "auth.h"
#include "cmd.h"
#include "cmd_util.h"
#include "keys.h"
#include "text.h"
#include "workspace.h"

#define MAX_CLASSES 64

static void usage(FILE *out)
{
    fprintf(out,
            "usage: hocba user add [-w DIR] LOGIN --role ROLE [--name NAME] "
            "[--class C]... [--pass-file F]\n"
            "       hocba user passwd [-w DIR] LOGIN [--pass-file F]\n"
            "       hocba user list [-w DIR] [--json]\n"
            "       hocba user disable|enable [-w DIR] LOGIN\n"
            "       hocba user classes [-w DIR] LOGIN [CLASS]...\n"
            "  ROLE   clerk (scans, watches the queue), teacher (reviews her "
            "classes),\n"
            "         principal (sees all, sends back, signs), admin "
            "(accounts)\n"
            "  CLASS  8A (that class in every year) or 2023-2024/8A\n"
            "The password is the first line of --pass-file, else asked on the "
            "terminal.\n");
}

/* The new password: from the file, or typed twice. */
static int read_password(const char *pass_file, char *pw, size_t size,
                         hb_err *e)
{
    if (keys_read_secret(pass_file, "Mật khẩu mới / new password: ", pw, size,
                         e))
        return -1;
    if (pass_file)
        return 0;
    char again[AUTH_PW_MAX + 2];
    int rc = keys_read_secret(NULL, "Nhập lại / again: ", again, sizeof again,
                              e);
    if (rc == 0 && strcmp(pw, again) != 0)
        rc = err_set(e, HB_EINVALID, "the two passwords differ");
    OPENSSL_cleanse(again, sizeof again);
    return rc;
}

static int hash_from(const char *pass_file, char *hash, size_t size, hb_err *e)
{
    char pw[AUTH_PW_MAX + 2];
    int rc = read_password(pass_file, pw, sizeof pw, e);
    if (rc == 0)
        rc = auth_hash_password(pw, hash, size, e);
    OPENSSL_cleanse(pw, sizeof pw);
    return rc;
}

static void print_user_json(FILE *out, const hb_ws_user *u)
{
    fputs("{\"login\":", out);
    text_json_string(out, u->login);
    fputs(",\"full_name\":", out);
    text_json_string(out, u->full_name);
    fputs(",\"role\":", out);
    text_json_string(out, u->role);
    fputs(",\"classes\":[", out);
    for (size_t i = 0; i < u->n_classes; i++) {
        if (i)
            fputc(',', out);
        text_json_string(out, u->classes[i]);
    }
    fprintf(out, "],\"disabled\":%s}", u->disabled ? "true" : "false");
}

static int list_users(hb_ws *w, int json, hb_err *e)
{
    hb_ws_user *users;
    size_t n;
    if (ws_user_list(w, &users, &n, e))
        return -1;
    if (json)
        fputs("[", stdout);
    for (size_t i = 0; i < n; i++) {
        const hb_ws_user *u = &users[i];
        if (json) {
            fputs(i ? ",\n" : "\n", stdout);
            print_user_json(stdout, u);
            continue;
        }
        printf("%-16s %-10s %-28s", u->login, u->role, u->full_name);
        for (size_t j = 0; j < u->n_classes; j++)
            printf("%s%s", j ? "," : " ", u->classes[j]);
        printf("%s\n", u->disabled ? "  (đã khoá / disabled)" : "");
    }
    if (json)
        fputs("\n]\n", stdout);
    ws_users_free(users, n);
    return 0;
}

int cmd_user(int argc, char **argv)
{
    static const struct option opts[] = {
        { "workspace", required_argument, NULL, 'w' },
        { "role", required_argument, NULL, 'r' },
        { "name", required_argument, NULL, 'n' },
        { "class", required_argument, NULL, 'c' },
        { "pass-file", required_argument, NULL, 'p' },
        { "json", no_argument, NULL, 'j' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    const char *wsdir = NULL, *role = NULL, *name = NULL, *pass_file = NULL;
    const char *classes[MAX_CLASSES];
    size_t n_classes = 0;
    int json = 0, c;
    if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *verb = argv[1];
    argc--;
    argv++;
    optind = 0;
    while ((c = getopt_long(argc, argv, "w:r:n:c:p:jh", opts, NULL)) != -1) {
        switch (c) {
        case 'w': wsdir = optarg; break;
        case 'r': role = optarg; break;
        case 'n': name = optarg; break;
        case 'c':
            if (n_classes == MAX_CLASSES) {
                fprintf(stderr, "hocba user: at most %d classes\n",
                        MAX_CLASSES);
                return 2;
            }
            classes[n_classes++] = optarg;
            break;
        case 'p': pass_file = optarg; break;
        case 'j': json = 1; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    int nargs = argc - optind;
    const char *login = nargs > 0 ? argv[optind] : NULL;
    int is_classes = strcmp(verb, "classes") == 0;
    int ok_args = strcmp(verb, "list") == 0 ? nargs == 0
                  : is_classes             ? nargs >= 1
                                           : nargs == 1;
    if (is_classes) {
        for (int i = optind + 1; i < argc && n_classes < MAX_CLASSES; i++)
            classes[n_classes++] = argv[i];
    }
    if (strcmp(verb, "add") && strcmp(verb, "passwd") && strcmp(verb, "list") &&
        strcmp(verb, "disable") && strcmp(verb, "enable") && !is_classes) {
        fprintf(stderr, "hocba user: '%s' is not add, passwd, list, disable, "
                "enable or classes\n", verb);
        return 2;
    }
    if (!ok_args || (strcmp(verb, "add") == 0 && !role)) {
        fprintf(stderr, "hocba user %s: %s\n", verb,
                !ok_args ? "wrong number of arguments" : "--role is required");
        usage(stderr);
        return 2;
    }
    if (role && !ws_user_role_ok(role)) {
        fprintf(stderr, "hocba user: no role '%s' (clerk, teacher, principal, "
                "admin)\n", role);
        return 2;
    }
    hb_ws *w = cmd_open_workspace("user", wsdir);
    if (!w)
        return 1;
    hb_err e;
    err_clear(&e);
    char hash[AUTH_HASH_MAX];
    int rc = 0;
    if (strcmp(verb, "list") == 0)
        rc = list_users(w, json, &e);
    else if (strcmp(verb, "add") == 0) {
        rc = hash_from(pass_file, hash, sizeof hash, &e);
        if (rc == 0 && ws_tx_begin(w, &e) == 0) {
            rc = ws_user_add(w, login, name ? name : login, role, hash, NULL,
                             &e);
            if (rc == 0 && n_classes)
                rc = ws_user_set_classes(w, login, classes, n_classes, &e);
            if (rc == 0)
                rc = ws_tx_commit(w, &e);
            else
                ws_tx_rollback(w);
        } else
            rc = -1;
        if (rc == 0)
            printf("hocba user: %s (%s) added\n", login, role);
    } else if (strcmp(verb, "passwd") == 0) {
        hb_ws_user u;
        rc = ws_user_get(w, login, 0, &u, &e);
        ws_user_clear(&u);
        if (rc == 0)
            rc = hash_from(pass_file, hash, sizeof hash, &e);
        if (rc == 0)
            rc = ws_user_set_password(w, login, hash, &e);
    } else if (is_classes)
        rc = ws_user_set_classes(w, login, classes, n_classes, &e);
    else
        rc = ws_user_set_disabled(w, login, strcmp(verb, "disable") == 0, &e);
    OPENSSL_cleanse(hash, sizeof hash);
    ws_close(w);
    if (rc) {
        fprintf(stderr, "hocba user %s: %s\n", verb, e.msg);
        return e.code == HB_EUSAGE ? 2 : 1;
    }
    return 0;
}
