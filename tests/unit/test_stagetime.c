/* test_stagetime.c - per-stage CPU accounting (ocr/stagetime.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stagetime.h"

/* Burns some CPU time (the clock is the process's CPU clock, so sleeping
 * would not count). */
static void burn(void)
{
    volatile double x = 0;
    for (long i = 0; i < 3000000; i++)
        x += (double)i * 1e-9;
}

static double total(const hb_stagetime *st)
{
    double t = 0;
    for (int i = 0; i < HB_STAGE_COUNT; i++)
        t += st->sec[i];
    return t;
}

static void starts_empty_in_rest(void **state)
{
    (void)state;
    hb_stagetime st;
    stagetime_init(&st);
    assert_int_equal(st.cur, HB_STAGE_REST);
    assert_true(total(&st) == 0.0);
    assert_int_equal(st.pages, 0);
    /* a NULL accountant is allowed and does nothing */
    assert_int_equal(stagetime_enter(NULL, HB_STAGE_CLEAN), HB_STAGE_REST);
    stagetime_leave(NULL, HB_STAGE_REST);
    stagetime_count(NULL);
}

static void nested_stages_are_exclusive(void **state)
{
    (void)state;
    hb_stagetime st;
    stagetime_init(&st);
    hb_stage a = stagetime_enter(&st, HB_STAGE_LAYOUT);
    assert_int_equal(a, HB_STAGE_REST);
    burn();
    hb_stage b = stagetime_enter(&st, HB_STAGE_SCORE);
    assert_int_equal(b, HB_STAGE_LAYOUT);
    stagetime_count(&st);
    stagetime_count(&st);
    burn();
    stagetime_leave(&st, b);
    assert_int_equal(st.cur, HB_STAGE_LAYOUT);
    double layout_before = st.sec[HB_STAGE_LAYOUT];
    burn();
    stagetime_leave(&st, a);
    assert_int_equal(st.cur, HB_STAGE_REST);
    stagetime_flush(&st);
    /* each stage got its own burns, the nested one not twice */
    assert_true(st.sec[HB_STAGE_SCORE] > 0.0);
    assert_true(st.sec[HB_STAGE_LAYOUT] > layout_before);
    assert_int_equal(st.calls[HB_STAGE_SCORE], 2);
    assert_int_equal(st.calls[HB_STAGE_LAYOUT], 0);
    /* the stages add up to the time since init, and no more */
    assert_true(total(&st) > st.sec[HB_STAGE_SCORE] + layout_before);
    assert_true(st.sec[HB_STAGE_CLEAN] == 0.0);
    /* an unknown stage is charged as rest */
    stagetime_enter(&st, (hb_stage)99);
    assert_int_equal(st.cur, HB_STAGE_REST);
}

static void the_line_names_every_stage(void **state)
{
    (void)state;
    hb_stagetime st;
    stagetime_init(&st);
    st.pages = 3;
    st.books = 1;
    st.sec[HB_STAGE_CLEAN] = 1.5;
    st.sec[HB_STAGE_LAYOUT] = 0.25;
    st.calls[HB_STAGE_LAYOUT] = 7;
    char line[1024];
    stagetime_format(&st, line, sizeof line);
    assert_non_null(strstr(line, "stages pages=3 books=1 "));
    assert_non_null(strstr(line, " clean=1.5000 "));
    assert_non_null(strstr(line, " layout=0.2500 "));
    assert_non_null(strstr(line, " total=1.7500 "));
    assert_non_null(strstr(line, " calls=7 layout.n=7\n"));
    for (int i = 0; i < HB_STAGE_COUNT; i++) {
        char key[32];
        snprintf(key, sizeof key, " %s=", stagetime_name((hb_stage)i));
        assert_non_null(strstr(line, key));
    }
    /* cut short, it still ends with a newline */
    char small[24];
    stagetime_format(&st, small, sizeof small);
    assert_int_equal(strlen(small), sizeof small - 1);
    assert_int_equal(small[sizeof small - 2], '\n');
}

static void workers_append_whole_lines(void **state)
{
    (void)state;
    char path[] = "/tmp/hb-stagetime-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    hb_stagetime a, b;
    stagetime_init(&a);
    stagetime_init(&b);
    a.pages = 2;
    b.pages = 5;
    assert_int_equal(stagetime_append(&a, path), 0);
    assert_int_equal(stagetime_append(&b, path), 0);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char l1[1024] = "", l2[1024] = "";
    assert_non_null(fgets(l1, sizeof l1, f));
    assert_non_null(fgets(l2, sizeof l2, f));
    fclose(f);
    unlink(path);
    assert_non_null(strstr(l1, "stages pages=2 "));
    assert_non_null(strstr(l2, "stages pages=5 "));
    assert_int_equal(stagetime_append(&a, "/nonexistent-dir/x"), -1);
    assert_int_equal(stagetime_append(&a, ""), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(starts_empty_in_rest),
        cmocka_unit_test(nested_stages_are_exclusive),
        cmocka_unit_test(the_line_names_every_stage),
        cmocka_unit_test(workers_append_whole_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
