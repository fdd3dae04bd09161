/* test_corpus.c - the committed nasty corpus (tests/fuzz/corpus/TARGET/),
 * replayed through the fuzz targets (tests/fuzz/targets.c, included here so
 * that `make check` runs exactly what `make fuzz` fuzzes, with no clang).
 *
 * Every file of every target must come back without a crash, a leak or
 * undefined behaviour (the sanitizer build runs this too), and with either
 * success or a proper refusal: a one-line error naming the input.  The
 * name says which: refuse-* must be refused, accept-* accepted (see
 * tests/fuzz/mkcorpus.py); other files (what the fuzzers found) either.
 * Each file must also finish within a time bound: a bomb that takes
 * minutes is a denial of service even when it ends well. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <time.h>

#include "../fuzz/targets.c"

#define CORPUS HB_DATADIR "/tests/fuzz/corpus"
#define SECONDS_PER_FILE 30.0 /* CPU seconds, under ASan */

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    uint8_t *b = malloc((size_t)n + 1); /* +1: an empty file is a real buffer */
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return b;
}

/* CPU seconds of this process, not wall time: a bomb that makes decoding
 * run away burns CPU, while a busy machine (make check runs two test
 * programs at once, on a shared 2-core machine) only stretches the wall
 * clock, which would fail a file that is fine. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void replay(void **state)
{
    const hb_fuzz_target *t = *state;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/%s", CORPUS, t->name);
    DIR *d = opendir(dir);
    assert_non_null(d);
    char *names[1024];
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)) && n < 1024)
        if (de->d_name[0] != '.')
            assert_non_null(names[n++] = strdup(de->d_name));
    closedir(d);
    assert_true(n >= 5); /* the corpus is there */
    qsort(names, n, sizeof *names, name_cmp);
    int failures = 0;
    for (size_t i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        size_t len;
        uint8_t *data = slurp(path, &len);
        double t0 = now();
        int rc = t->fn(data, len);
        double took = now() - t0;
        free(data);
        const char *want = strncmp(names[i], "refuse-", 7) == 0   ? "refused"
                           : strncmp(names[i], "accept-", 7) == 0 ? "accepted"
                                                                  : NULL;
        const char *got = rc == 0 ? "accepted" : rc == 1 ? "refused"
                                                         : "improper error";
        int bad = rc < 0 || (want && strcmp(want, got) != 0) ||
                  took > SECONDS_PER_FILE;
        if (bad) {
            print_message("%s/%s: %s%s%s, %.1f s\n", t->name, names[i], got,
                          want ? ", wanted " : "", want ? want : "", took);
            failures++;
        }
        free(names[i]);
    }
    assert_int_equal(failures, 0);
}

int main(void)
{
    /* The load target's pages are decoded by Leptonica, whose complaints
     * about damaged files are not ours to print. */
    setMsgSeverity(L_SEVERITY_NONE);
    struct CMUnitTest tests[sizeof hb_fuzz_targets / sizeof *hb_fuzz_targets];
    for (size_t i = 0; i < sizeof tests / sizeof *tests; i++) {
        struct CMUnitTest c = { hb_fuzz_targets[i].name, replay, NULL, NULL,
                                (void *)&hb_fuzz_targets[i] };
        tests[i] = c;
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
