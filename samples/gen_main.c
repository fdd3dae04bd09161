/*
 * gen_main.c - `samples/gen`: writes synthetic scanned books with their
 * ground truth (see gen.h).  Exit 0 when every book was written, 1 when one
 * failed, 2 on bad usage.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gen.h"
#include "heap.h"

static const char usage_line[] =
    "usage: gen --out DIR [--seed S] [--count N] [--level clean|typical|hard]\n"
    "           [--format tiff|pdf|jpeg] [--family TT58|TT22|TT27|mixed] [--years N]\n"
    "           [--single-page] [--handwritten] [--no-frame] [--split-table] [--layouts]\n"
    "           [--gray] [--dpi N] [--quality Q]\n"
    "           [--truth-only] [--quiet]\n";

static void usage_help(void)
{
    fputs(usage_line, stdout);
    fputs("\n"
          "Writes N synthetic scanned học bạ books into DIR, each beside its ground\n"
          "truth (one record XML per school year, named as `hocba extract` names\n"
          "drafts).  Deterministic: the same options give the same bytes.\n"
          "\n"
          "  --seed S        seed of everything (default 1); books are book-S-001 ...\n"
          "  --count N       number of books (default 1)\n"
          "  --level L       scan degradation: clean, typical (default), hard\n"
          "  --format F      tiff (multi-page, default), pdf, jpeg (a folder of pages)\n"
          "  --family F      TT58, TT22, TT27 or mixed (default)\n"
          "  --years N       school years per book, 1-3 (default: drawn per book)\n"
          "  --single-page   each year on one page instead of a two-page spread\n"
          "  --handwritten   values written by hand over the printed form\n"
          "  --no-frame      tables printed without their outer lines\n"
          "  --split-table   each year's subject table runs past its page: the rest\n"
          "                  of its rows, without headings, on the next (3 pages)\n"
          "  --layouts       each book laid out as another printer's form: label\n"
          "                  wordings and colons (\"Họ tên\", \"Ngày, tháng, năm sinh\"),\n"
          "                  several fields to a line, column headings (HKI, TB cả năm),\n"
          "                  order and a numbering column, year results in a transposed\n"
          "                  table or as lines under the table, one page or two per year\n"
          "                  (unless --single-page or --split-table says); drawn per book\n"
          "                  from a seed of its own, the records and scan stay the same\n"
          "  --gray          8-bit gray pages (smaller, like a scanner's gray mode)\n"
          "  --dpi N         output resolution 100-600 (default: the level's)\n"
          "  --quality Q     JPEG quality 10-100 of PDF and JPEG pages (default: the\n"
          "                  level's; TIFF pages always use libtiff's 75)\n"
          "  --truth-only    only the XML files\n"
          "  --quiet         no progress line\n",
          stdout);
}

static int bad_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "gen: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", usage_line);
    return 2;
}

static int parse_int(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    enum { O_SINGLE = 256, O_HAND, O_GRAY, O_DPI, O_QUALITY, O_TRUTH, O_QUIET, O_YEARS, O_HELP,
           O_NOFRAME, O_SPLIT, O_LAYOUTS };
    static const struct option opts[] = {
        {"seed", required_argument, NULL, 's'},
        {"count", required_argument, NULL, 'n'},
        {"level", required_argument, NULL, 'l'},
        {"format", required_argument, NULL, 'f'},
        {"family", required_argument, NULL, 'F'},
        {"out", required_argument, NULL, 'o'},
        {"years", required_argument, NULL, O_YEARS},
        {"single-page", no_argument, NULL, O_SINGLE},
        {"handwritten", no_argument, NULL, O_HAND},
        {"no-frame", no_argument, NULL, O_NOFRAME},
        {"split-table", no_argument, NULL, O_SPLIT},
        {"layouts", no_argument, NULL, O_LAYOUTS},
        {"gray", no_argument, NULL, O_GRAY},
        {"dpi", required_argument, NULL, O_DPI},
        {"quality", required_argument, NULL, O_QUALITY},
        {"truth-only", no_argument, NULL, O_TRUTH},
        {"quiet", no_argument, NULL, O_QUIET},
        {"help", no_argument, NULL, O_HELP},
        {NULL, 0, NULL, 0},
    };
    gen_opts o;
    memset(&o, 0, sizeof o);
    o.seed = 1;
    o.count = 1;
    o.level = SCAN_TYPICAL;
    o.format = GEN_TIFF;
    o.family = HB_FAMILY_UNKNOWN;
    int quiet = 0, c;
    long v;
    heap_tune_for_pages(); /* one thread drawing page after page */
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 's':
            if (parse_int(optarg, 0, UINT_MAX > LONG_MAX ? LONG_MAX : (long)UINT_MAX, &v))
                return bad_usage("bad seed '%s'", optarg);
            o.seed = (unsigned)v;
            break;
        case 'n':
            if (parse_int(optarg, 1, 100000, &v))
                return bad_usage("bad count '%s' (1-100000)", optarg);
            o.count = (int)v;
            break;
        case 'l':
            if (scan_level_parse(optarg, &o.level))
                return bad_usage("bad level '%s' (clean, typical, hard)", optarg);
            break;
        case 'f':
            if (gen_format_parse(optarg, &o.format))
                return bad_usage("bad format '%s' (tiff, pdf, jpeg)", optarg);
            break;
        case 'F':
            if (gen_family_parse(optarg, &o.family))
                return bad_usage("bad family '%s' (TT58, TT22, TT27, mixed)", optarg);
            break;
        case 'o':
            o.out = optarg;
            break;
        case O_YEARS:
            if (parse_int(optarg, 1, 3, &v))
                return bad_usage("bad years '%s' (1-3)", optarg);
            o.years = (int)v;
            break;
        case O_SINGLE: o.single_page = 1; break;
        case O_HAND: o.handwritten = 1; break;
        case O_NOFRAME: o.no_frame = 1; break;
        case O_SPLIT: o.split_table = 1; break;
        case O_LAYOUTS: o.layouts = 1; break;
        case O_GRAY: o.gray = 1; break;
        case O_DPI:
            if (parse_int(optarg, 100, 600, &v))
                return bad_usage("bad dpi '%s' (100-600)", optarg);
            o.dpi = (int)v;
            break;
        case O_QUALITY:
            if (parse_int(optarg, 10, 100, &v))
                return bad_usage("bad quality '%s' (10-100)", optarg);
            o.quality = (int)v;
            break;
        case O_TRUTH: o.truth_only = 1; break;
        case O_QUIET: quiet = 1; break;
        case O_HELP: usage_help(); return 0;
        default:
            return bad_usage("unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return bad_usage("unexpected argument '%s'", argv[optind]);
    if (!o.out || !*o.out)
        return bad_usage("%s", "--out DIR is required");

    gen_init();
    int progress = !quiet && isatty(STDERR_FILENO);
    int failed = 0;
    double t0 = now();
    int pages = 0;
    for (int i = 1; i <= o.count; i++) {
        gen_book_info info;
        hb_err e;
        err_clear(&e);
        if (gen_book(&o, i, &info, &e) != 0) {
            if (progress)
                fputc('\n', stderr);
            fprintf(stderr, "gen: %s\n", e.msg);
            failed++;
            continue;
        }
        pages += info.pages;
        if (progress)
            fprintf(stderr, "\rgen: %d/%d books, %d pages, %.1f s", i, o.count, pages,
                    now() - t0);
    }
    if (progress)
        fputc('\n', stderr);
    if (!quiet)
        printf("gen: %d book(s) in %s (%s, %d pages, %.1f s)%s\n", o.count - failed, o.out,
               scan_level_name(o.level), pages, now() - t0,
               failed ? ", some failed" : "");
    return failed ? 1 : 0;
}
