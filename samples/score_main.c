/*
 * score_main.c - `score TRUTH_DIR DRAFT_DIR`: how good are the drafts.
 *
 *   --json            one JSON object on stdout (for samples/bench.sh)
 *   --worst N         also list the first N silent errors (path, truth, read)
 *   --caught N        also list the first N wrong fields flagged for review
 *   --max-silent P    exit 1 when the silent error rate exceeds P percent
 *   --min-accuracy P  exit 1 when field accuracy is below P percent
 *   --max-review P    exit 1 when the review rate exceeds P percent
 * The thresholds let tests and the bench state their targets in one place.
 * Exit status: 0 done (and within the thresholds), 1 failed or outside a
 * threshold, 2 bad usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "score.h"

static int usage(void)
{
    fprintf(stderr,
            "usage: score [--json] [--worst N] [--caught N] [--max-silent PCT] "
            "[--min-accuracy PCT] [--max-review PCT] TRUTH_DIR DRAFT_DIR\n");
    return 2;
}

static int parse_number(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || v < 0)
        return -1;
    *out = v;
    return 0;
}

int main(int argc, char **argv)
{
    int json = 0;
    double worst = 0, caught = 0, max_silent = -1, min_accuracy = -1, max_review = -1;
    const char *dirs[2];
    int n_dirs = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        double *num = NULL;
        if (strcmp(a, "--json") == 0)
            json = 1;
        else if (strcmp(a, "--worst") == 0)
            num = &worst;
        else if (strcmp(a, "--caught") == 0)
            num = &caught;
        else if (strcmp(a, "--max-silent") == 0)
            num = &max_silent;
        else if (strcmp(a, "--min-accuracy") == 0)
            num = &min_accuracy;
        else if (strcmp(a, "--max-review") == 0)
            num = &max_review;
        else if (a[0] == '-' && a[1])
            return usage();
        else if (n_dirs < 2)
            dirs[n_dirs++] = a;
        else
            return usage();
        if (num && (i + 1 >= argc || parse_number(argv[++i], num)))
            return usage();
    }
    if (n_dirs != 2)
        return usage();

    score_stats st;
    hb_err e;
    score_stats_init(&st);
    err_clear(&e);
    if (score_dirs(dirs[0], dirs[1], &st, stderr, &e)) {
        fprintf(stderr, "score: %s\n", e.msg);
        score_stats_free(&st);
        return 1;
    }
    if (json) {
        score_print_json(&st, (size_t)worst, stdout);
    } else {
        score_print_table(&st, stdout);
        score_print_worst(&st, (size_t)worst, stdout);
        score_print_caught(&st, (size_t)caught, stdout);
    }

    int rc = 0;
    double silent = 100 * score_silent_rate(&st.total);
    double accuracy = 100 * score_accuracy(&st.total);
    double review = 100 * score_review_rate(&st.total);
    if (max_silent >= 0 && silent > max_silent) {
        fprintf(stderr, "score: silent error rate %.3f%% above %.3f%%\n",
                silent, max_silent);
        rc = 1;
    }
    if (min_accuracy >= 0 && accuracy < min_accuracy) {
        fprintf(stderr, "score: field accuracy %.2f%% below %.2f%%\n",
                accuracy, min_accuracy);
        rc = 1;
    }
    if (max_review >= 0 && review > max_review) {
        fprintf(stderr, "score: review rate %.2f%% above %.2f%%\n", review,
                max_review);
        rc = 1;
    }
    score_stats_free(&st);
    return rc;
}
