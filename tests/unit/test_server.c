/* test_server.c - the review server's request rules that need neither the
 * network nor a workspace: routing, ids and numbers in paths, tokens,
 * Content-Type, the listen address, PNG sizes, stored relative paths, and
 * the checked members of JSON bodies (review/http.h, review/json.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "json.h"

static review_route_kind route(const char *method, const char *url,
                               review_route *r)
{
    return review_http_route(method, url, r);
}

static void routes_the_calls_of_api_md(void **state)
{
    (void)state;
    review_route r;
    assert_int_equal(route("GET", "/", &r), REVIEW_RT_INDEX);
    assert_string_equal(r.name, "index.html");
    assert_int_equal(route("HEAD", "/", &r), REVIEW_RT_INDEX);
    assert_int_equal(route("GET", "/static/app.js", &r), REVIEW_RT_STATIC);
    assert_string_equal(r.name, "app.js");
    assert_int_equal(route("POST", "/api/login", &r), REVIEW_RT_LOGIN);
    assert_true(r.post);
    assert_int_equal(route("POST", "/api/logout", &r), REVIEW_RT_LOGOUT);
    assert_int_equal(route("GET", "/api/me", &r), REVIEW_RT_ME);
    assert_int_equal(route("GET", "/api/queue", &r), REVIEW_RT_QUEUE);
    assert_int_equal(route("GET", "/api/sign", &r), REVIEW_RT_SIGN_GET);
    assert_int_equal(route("POST", "/api/sign", &r), REVIEW_RT_SIGN);
    assert_int_equal(route("GET", "/api/users", &r), REVIEW_RT_USERS);
    assert_int_equal(route("POST", "/api/users", &r), REVIEW_RT_USER_ADD);
    assert_int_equal(route("POST", "/api/users/co.lan_2", &r),
                     REVIEW_RT_USER_SET);
    assert_string_equal(r.id, "co.lan_2");

    const char *id = "1a20e02e-a875-4d5f-a9d7-6f54377fc994";
    char url[200];
    snprintf(url, sizeof url, "/api/records/%s/2", id);
    assert_int_equal(route("GET", url, &r), REVIEW_RT_RECORD);
    assert_string_equal(r.id, id);
    assert_int_equal(r.version, 2);
    snprintf(url, sizeof url, "/api/records/%s/1/pages/12", id);
    assert_int_equal(route("GET", url, &r), REVIEW_RT_PAGE);
    assert_int_equal(r.version, 1);
    assert_int_equal(r.page, 12);
    snprintf(url, sizeof url, "/api/records/%s/1/field", id);
    assert_int_equal(route("POST", url, &r), REVIEW_RT_FIELD);
    snprintf(url, sizeof url, "/api/records/%s/1/approve", id);
    assert_int_equal(route("POST", url, &r), REVIEW_RT_APPROVE);
    snprintf(url, sizeof url, "/api/records/%s/1/return", id);
    assert_int_equal(route("POST", url, &r), REVIEW_RT_RETURN);
}

static void refuses_everything_else(void **state)
{
    (void)state;
    review_route r;
    static const char *const get_bad[] = {
        "", "api/me", "//", "/api/me/", "/api//me", "/api", "/api/",
        "/index.html", "/static/", "/static/.hidden", "/static/../hocba.db",
        "/static/a/b", "/static/%2e%2e", "/../etc/passwd", "/api/../config",
        "/api/records/../../x/1", "/api/records/ABC/1", "/api/records/x/1",
        "/api/records/abc/0", "/api/records/abc/01", "/api/records/abc/-1",
        "/api/records/abc/+1", "/api/records/abc/1x", "/api/records/abc/ 1",
        "/api/records/abc/99999999999", "/api/records/abc/1/pages/0",
        "/api/records/abc/1/pages/", "/api/records/abc/1/pages/..",
        "/api/records/abc/1/page/1", "/api/records/abc/1/field",
        "/api/login", "/api/logout", "/api/users/lan", "/api/nosuch",
        "/api/records/abc", "/hocba.db", "/config", "/Makefile",
        "/api/records/abc/1/pages/1/x",
        NULL
    };
    for (size_t i = 0; get_bad[i]; i++) {
        if (route("GET", get_bad[i], &r) != REVIEW_RT_NONE)
            fail_msg("GET %s was routed (%d)", get_bad[i], r.kind);
    }
    static const char *const post_bad[] = {
        "/", "/static/app.js", "/api/me", "/api/queue", "/api/records/abc/1",
        "/api/records/abc/1/pages/1", "/api/records/abc/1/delete",
        "/api/users/a/b", "/api/users/l%C3%A1", "/api/users/",
        NULL
    };
    for (size_t i = 0; post_bad[i]; i++) {
        if (route("POST", post_bad[i], &r) != REVIEW_RT_NONE)
            fail_msg("POST %s was routed (%d)", post_bad[i], r.kind);
    }
    /* A login is a workspace key, never a file name: ".." is a login
     * like any other (workspace.h allows dots). */
    assert_int_equal(route("POST", "/api/users/..", &r), REVIEW_RT_USER_SET);
    assert_int_equal(route("PUT", "/api/me", &r), REVIEW_RT_NONE);
    assert_int_equal(route("DELETE", "/api/users", &r), REVIEW_RT_NONE);
    assert_int_equal(route("get", "/api/me", &r), REVIEW_RT_NONE);
    assert_int_equal(route(NULL, "/api/me", &r), REVIEW_RT_NONE);
    assert_int_equal(route("GET", NULL, &r), REVIEW_RT_NONE);

    /* an id of 64 characters passes, 65 do not */
    char url[200], id[66];
    memset(id, 'a', 65);
    id[64] = '\0';
    snprintf(url, sizeof url, "/api/records/%s/1", id);
    assert_int_equal(route("GET", url, &r), REVIEW_RT_RECORD);
    id[64] = 'a';
    id[65] = '\0';
    snprintf(url, sizeof url, "/api/records/%s/1", id);
    assert_int_equal(route("GET", url, &r), REVIEW_RT_NONE);
    /* too many segments */
    assert_int_equal(route("GET", "/api/records/a/1/pages/1/a/b/c/d", &r),
                     REVIEW_RT_NONE);
}

static void positive_numbers_only(void **state)
{
    (void)state;
    int v = -5;
    assert_int_equal(review_http_parse_pos("1", 1, &v), 0);
    assert_int_equal(v, 1);
    assert_int_equal(review_http_parse_pos("2147483647", 10, &v), 0);
    assert_int_equal(v, 2147483647);
    assert_int_equal(review_http_parse_pos("2147483648", 10, &v), -1);
    assert_int_equal(review_http_parse_pos("0", 1, &v), -1);
    assert_int_equal(review_http_parse_pos("007", 3, &v), -1);
    assert_int_equal(review_http_parse_pos("", 0, &v), -1);
    assert_int_equal(review_http_parse_pos("-1", 2, &v), -1);
    assert_int_equal(review_http_parse_pos("+1", 2, &v), -1);
    assert_int_equal(review_http_parse_pos(" 1", 2, &v), -1);
    assert_int_equal(review_http_parse_pos("1 ", 2, &v), -1);
    assert_int_equal(review_http_parse_pos("12345678901", 11, &v), -1);
    /* only the given length counts */
    assert_int_equal(review_http_parse_pos("12/x", 2, &v), 0);
    assert_int_equal(v, 12);
}

static void ids_and_logins(void **state)
{
    (void)state;
    assert_true(review_http_id_ok("0-9a-f", 6));
    assert_false(review_http_id_ok("", 0));
    assert_false(review_http_id_ok("A", 1));
    assert_false(review_http_id_ok("g", 1));
    assert_false(review_http_id_ok("a/b", 3));
    assert_false(review_http_id_ok("a.b", 3));
    assert_true(review_http_login_ok("Co.Lan_2-b", 10));
    assert_false(review_http_login_ok("", 0));
    assert_false(review_http_login_ok("lan lan", 7));
    assert_false(review_http_login_ok("l\xc3\xa1n", 4));
    assert_false(review_http_login_ok("a/b", 3));
}

static void tokens_are_64_hex_and_compared_whole(void **state)
{
    (void)state;
    char t[65];
    memset(t, 'a', 64);
    t[64] = '\0';
    assert_true(review_http_token_ok(t));
    t[10] = 'A';
    assert_false(review_http_token_ok(t));
    t[10] = 'g';
    assert_false(review_http_token_ok(t));
    t[10] = '0';
    assert_true(review_http_token_ok(t));
    assert_false(review_http_token_ok(NULL));
    assert_false(review_http_token_ok(""));
    char longer[66];
    memcpy(longer, t, 64);
    longer[64] = 'a';
    longer[65] = '\0';
    assert_false(review_http_token_ok(longer));
    t[63] = '\0';
    assert_false(review_http_token_ok(t));

    assert_true(review_http_token_equal("abc", "abc"));
    assert_false(review_http_token_equal("abc", "abd"));
    assert_false(review_http_token_equal("abc", "abcd"));
    assert_false(review_http_token_equal("", ""));
    assert_false(review_http_token_equal(NULL, "abc"));
    assert_false(review_http_token_equal("abc", NULL));
}

static void content_type_is_json_in_utf8(void **state)
{
    (void)state;
    assert_true(review_http_is_json("application/json"));
    assert_true(review_http_is_json("Application/JSON"));
    assert_true(review_http_is_json("application/json; charset=utf-8"));
    assert_true(review_http_is_json("application/json;charset=UTF-8"));
    assert_true(review_http_is_json("application/json; charset=\"utf-8\""));
    assert_false(review_http_is_json("application/json; charset=latin1"));
    assert_false(review_http_is_json("application/jsonx"));
    assert_false(review_http_is_json("application/json-patch+json"));
    assert_false(review_http_is_json("text/plain"));
    assert_false(review_http_is_json("application/x-www-form-urlencoded"));
    assert_false(review_http_is_json("multipart/form-data; boundary=x"));
    assert_false(review_http_is_json(""));
    assert_false(review_http_is_json(NULL));
}

static void listen_addresses(void **state)
{
    (void)state;
    struct sockaddr_storage ss;
    socklen_t len;
    assert_int_equal(review_http_parse_listen("127.0.0.1:8080", &ss, &len), 0);
    assert_int_equal(ss.ss_family, AF_INET);
    assert_int_equal(len, sizeof(struct sockaddr_in));
    const struct sockaddr_in *a = (const struct sockaddr_in *)&ss;
    assert_int_equal(ntohs(a->sin_port), 8080);
    assert_int_equal(ntohl(a->sin_addr.s_addr), 0x7f000001);
    assert_int_equal(review_http_parse_listen("127.0.0.1:0", &ss, &len), 0);
    assert_int_equal(ntohs(a->sin_port), 0);
    assert_int_equal(review_http_parse_listen("[::1]:65535", &ss, &len), 0);
    assert_int_equal(ss.ss_family, AF_INET6);
    const struct sockaddr_in6 *b = (const struct sockaddr_in6 *)&ss;
    assert_int_equal(ntohs(b->sin6_port), 65535);
    assert_true(IN6_IS_ADDR_LOOPBACK(&b->sin6_addr));

    static const char *const bad[] = {
        "127.0.0.1", "127.0.0.1:", ":8080", "127.0.0.1:65536",
        "127.0.0.1:-1", "127.0.0.1:08", "127.1:80", "localhost:80",
        "::1:80", "[::1]80", "[::1]:", "[]:80", "[127.0.0.1]:80",
        "127.0.0.1:80x", "", NULL
    };
    for (size_t i = 0; bad[i]; i++)
        if (review_http_parse_listen(bad[i], &ss, &len) == 0)
            fail_msg("listen address \"%s\" was accepted", bad[i]);
    assert_int_equal(review_http_parse_listen(NULL, &ss, &len), -1);
}

static void png_size_from_the_header(void **state)
{
    (void)state;
    unsigned char h[24] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
                            0, 0, 0, 13, 'I', 'H', 'D', 'R',
                            0, 0, 0x09, 0xb0, 0, 0, 0x0d, 0xb4 };
    int w = 0, hh = 0;
    assert_int_equal(review_http_png_size(h, sizeof h, &w, &hh), 0);
    assert_int_equal(w, 2480);
    assert_int_equal(hh, 3508);
    assert_int_equal(review_http_png_size(h, 23, &w, &hh), -1);
    h[1] = 'J';
    assert_int_equal(review_http_png_size(h, sizeof h, &w, &hh), -1);
    h[1] = 'P';
    h[18] = h[19] = 0;
    assert_int_equal(review_http_png_size(h, sizeof h, &w, &hh), -1);
    h[16] = 0x80;
    h[19] = 1;
    assert_int_equal(review_http_png_size(h, sizeof h, &w, &hh), -1);
}

static void stored_paths_stay_below_the_workspace(void **state)
{
    (void)state;
    assert_true(review_http_rel_ok("clean/book-1/p001.png"));
    assert_true(review_http_rel_ok("a"));
    assert_true(review_http_rel_ok("clean/.x/..y"));
    assert_false(review_http_rel_ok(""));
    assert_false(review_http_rel_ok(NULL));
    assert_false(review_http_rel_ok("/etc/passwd"));
    assert_false(review_http_rel_ok("../hocba.db"));
    assert_false(review_http_rel_ok("clean/../../x"));
    assert_false(review_http_rel_ok("clean/./x"));
    assert_false(review_http_rel_ok("clean//x"));
    assert_false(review_http_rel_ok("clean/x/"));
    assert_false(review_http_rel_ok("clean/.."));
}

static json_t *parse(const char *s)
{
    return review_json_parse(s, strlen(s));
}

static void bodies_are_one_plain_object(void **state)
{
    (void)state;
    json_t *o = parse("{\"a\":1}");
    assert_non_null(o);
    json_decref(o);
    assert_null(parse("{\"rev\":1,\"rev\":2}"));
    assert_null(parse("[1,2]"));
    assert_null(parse("\"x\""));
    assert_null(parse("{\"a\":"));
    assert_null(parse("{\"a\":1} x"));
    assert_null(parse("{\"a\":\"\\u0000\"}"));
    assert_null(parse("{\"a\":\"\xff\"}"));
    assert_null(review_json_parse(NULL, 0));
    assert_null(review_json_parse("{}", 0));
    /* nesting: 32 levels pass, deeper does not */
    char deep[200];
    size_t n = 0;
    deep[n++] = '{';
    memcpy(deep + n, "\"a\":", 4);
    n += 4;
    for (int i = 0; i < 31; i++)
        deep[n++] = '[';
    for (int i = 0; i < 31; i++)
        deep[n++] = ']';
    deep[n++] = '}';
    o = review_json_parse(deep, n);
    assert_non_null(o);
    json_decref(o);
    n = 0;
    deep[n++] = '{';
    memcpy(deep + n, "\"a\":", 4);
    n += 4;
    for (int i = 0; i < 40; i++)
        deep[n++] = '[';
    for (int i = 0; i < 40; i++)
        deep[n++] = ']';
    deep[n++] = '}';
    assert_null(review_json_parse(deep, n));
}

static void members_are_typed_and_bounded(void **state)
{
    (void)state;
    json_t *o = parse("{\"s\":\"Nguyễn\",\"n\":null,\"i\":7,\"f\":7.0,"
                      "\"b\":true,\"l\":[\"8A\",\"2023-2024/9B\"],"
                      "\"bad\":[\"8A\",3],\"str_i\":\"7\"}");
    assert_non_null(o);
    const char *s;
    long long i;
    int b;
    assert_int_equal(review_json_string(o, "s", 100, &s), REVIEW_J_OK);
    assert_string_equal(s, "Nguyễn");
    assert_int_equal(review_json_string(o, "s", 8, &s), REVIEW_J_OK);
    assert_int_equal(review_json_string(o, "s", 7, &s), REVIEW_J_LONG);
    assert_int_equal(review_json_string(o, "n", 10, &s), REVIEW_J_ABSENT);
    assert_int_equal(review_json_string(o, "none", 10, &s), REVIEW_J_ABSENT);
    assert_int_equal(review_json_string(o, "i", 10, &s), REVIEW_J_BAD);
    assert_int_equal(review_json_int(o, "i", 1, 10, &i), REVIEW_J_OK);
    assert_int_equal(i, 7);
    assert_int_equal(review_json_int(o, "i", 8, 10, &i), REVIEW_J_BAD);
    assert_int_equal(review_json_int(o, "f", 1, 10, &i), REVIEW_J_BAD);
    assert_int_equal(review_json_int(o, "str_i", 1, 10, &i), REVIEW_J_BAD);
    assert_int_equal(review_json_int(o, "none", 1, 10, &i), REVIEW_J_ABSENT);
    assert_int_equal(review_json_bool(o, "b", &b), REVIEW_J_OK);
    assert_true(b);
    assert_int_equal(review_json_bool(o, "i", &b), REVIEW_J_BAD);
    assert_int_equal(review_json_bool(o, "n", &b), REVIEW_J_ABSENT);

    const char **l;
    size_t n;
    assert_int_equal(review_json_strings(o, "l", 5, 20, &l, &n), REVIEW_J_OK);
    assert_int_equal(n, 2);
    assert_string_equal(l[1], "2023-2024/9B");
    free(l);
    assert_int_equal(review_json_strings(o, "l", 1, 20, &l, &n),
                     REVIEW_J_LONG);
    assert_null(l);
    assert_int_equal(review_json_strings(o, "l", 5, 5, &l, &n), REVIEW_J_LONG);
    assert_int_equal(review_json_strings(o, "bad", 5, 20, &l, &n),
                     REVIEW_J_BAD);
    assert_int_equal(review_json_strings(o, "s", 5, 20, &l, &n), REVIEW_J_BAD);
    assert_int_equal(review_json_strings(o, "none", 5, 20, &l, &n),
                     REVIEW_J_ABSENT);

    static const char *const ok_keys[] = { "s", "n", "i", "f", "b", "l",
                                           "bad", "str_i", NULL };
    static const char *const few_keys[] = { "s", NULL };
    const char *bad = NULL;
    assert_int_equal(review_json_only(o, ok_keys, &bad), REVIEW_J_OK);
    assert_int_equal(review_json_only(o, few_keys, &bad), REVIEW_J_BAD);
    assert_non_null(bad);
    assert_string_not_equal(bad, "s");
    json_decref(o);

    json_t *e = parse("{\"l\":[]}");
    assert_int_equal(review_json_strings(e, "l", 5, 20, &l, &n), REVIEW_J_OK);
    assert_int_equal(n, 0);
    free(l);
    json_decref(e);
}

static void answers_never_hold_invalid_text(void **state)
{
    (void)state;
    json_t *v = review_json_str(NULL);
    assert_true(json_is_null(v));
    v = review_json_str("bad \xff");
    assert_true(json_is_null(v));
    v = review_json_str("Lớp 8A");
    assert_string_equal(json_string_value(v), "Lớp 8A");
    json_decref(v);
    json_t *a = json_array();
    assert_int_equal(review_json_push(a, NULL), -1);
    assert_int_equal(review_json_push(a, json_integer(1)), 0);
    assert_int_equal(json_array_size(a), 1);
    json_decref(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(routes_the_calls_of_api_md),
        cmocka_unit_test(refuses_everything_else),
        cmocka_unit_test(positive_numbers_only),
        cmocka_unit_test(ids_and_logins),
        cmocka_unit_test(tokens_are_64_hex_and_compared_whole),
        cmocka_unit_test(content_type_is_json_in_utf8),
        cmocka_unit_test(listen_addresses),
        cmocka_unit_test(png_size_from_the_header),
        cmocka_unit_test(stored_paths_stay_below_the_workspace),
        cmocka_unit_test(bodies_are_one_plain_object),
        cmocka_unit_test(members_are_typed_and_bounded),
        cmocka_unit_test(answers_never_hold_invalid_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
