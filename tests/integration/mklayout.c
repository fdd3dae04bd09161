/*
 * mklayout.c - writes one scanned book with a table layout that samples/gen
 * does not draw by default, and its ground truth, for test_layout_pages.sh:
 *
 *   mklayout DIR NAME SEED FAMILY [no-frame] [split|split-head]
 *            [clean|typical|hard]
 *
 * FAMILY is TT58, TT22 or TT27; one school year (first grade 7, or 3 for
 * TT27).  "no-frame": the ruled tables without their outer lines
 * (render_opts.no_frame); "split": the subject table runs past its page
 * and its last rows open the next page, without the column headings
 * (render_opts.split_table 1); "split-head": the same under the headings
 * printed again (2).  Writes DIR/NAME.tiff (8-bit gray pages,
 * 300 dpi, scanned at the level, typical by default) and DIR/NAME.xml (the
 * truth, named as `hocba extract` names the draft of a one-year book), and
 * prints the number of pages, then the codes of the subjects whose rows
 * went on the next page (one line, empty without "split").  Deterministic.
 * Exit 0, 1 on failure, 2 on bad usage.
 */
#include <leptonica/allheaders.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record_xml.h"
#include "render.h"
#include "scan.h"
#include "synth.h"

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: mklayout DIR NAME SEED FAMILY [no-frame] "
                        "[split|split-head] [clean|typical|hard]\n");
        return 2;
    }
    const char *dir = argv[1], *name = argv[2];
    unsigned seed = (unsigned)strtoul(argv[3], NULL, 10);
    hb_family fam = record_family_parse(argv[4]);
    render_opts ro = { .dpi = 300, .seed = seed, .personal_page = 1 };
    scan_level level = SCAN_TYPICAL;
    for (int i = 5; i < argc; i++) {
        if (!strcmp(argv[i], "no-frame"))
            ro.no_frame = RENDER_OPEN_ALL;
        else if (!strcmp(argv[i], "split"))
            ro.split_table = 1;
        else if (!strcmp(argv[i], "split-head"))
            ro.split_table = 2;
        else if (scan_level_parse(argv[i], &level)) {
            fprintf(stderr, "mklayout: unknown option '%s'\n", argv[i]);
            return 2;
        }
    }
    if (fam != HB_FAMILY_TT58 && fam != HB_FAMILY_TT22 && fam != HB_FAMILY_TT27) {
        fprintf(stderr, "mklayout: family TT58, TT22 or TT27\n");
        return 2;
    }
    setMsgSeverity(L_SEVERITY_ERROR);
    hb_record *recs[1] = { NULL };
    int grade = fam == HB_FAMILY_TT27 ? 3 : 7;
    if (synth_book(seed, fam, grade, 1, recs) != 1) {
        fprintf(stderr, "mklayout: no record for %s\n", argv[4]);
        return 1;
    }
    hb_err e;
    err_clear(&e);
    int rc = 1;
    char path[4096];
    render_boxes boxes;
    PIXA *pages = render_book_boxes(recs, 1, &ro, &boxes, &e);
    int np = pages ? pixaGetCount(pages) : 0;
    if (!pages)
        goto out;
    snprintf(path, sizeof path, "%s/%s.tiff", dir, name);
    for (int j = 0; j < np; j++) {
        PIX *clean = pixaGetPix(pages, j, L_CLONE);
        scan_opts so = { 0 };
        so.level = level;
        so.seed = seed;
        so.page = (unsigned)j;
        so.gray = 1;
        /* the stamp and signature: personal page and results page */
        so.marks = j == 0 || j == np - 1;
        PIX *s = clean ? scan_degrade(clean, &so, NULL, &e) : NULL;
        pixDestroy(&clean);
        if (!s)
            goto out;
        int w = pixWriteTiff(path, s, IFF_TIFF_JPEG, j ? "a" : "w");
        pixDestroy(&s);
        if (w) {
            fprintf(stderr, "mklayout: %s: cannot write\n", path);
            goto out;
        }
    }
    snprintf(path, sizeof path, "%s/%s.xml", dir, name);
    if (record_xml_write_file(recs[0], 0, path, &e))
        goto out;
    /* the subjects drawn on the page after the table's first (3 of 4) */
    printf("%d\n", np);
    const char *cell = "/BANG_DIEM/DIEM_TONG_KET[";
    for (size_t i = 0; ro.split_table && i < boxes.n; i++) {
        const char *p = strstr(boxes.items[i].path, cell);
        if (boxes.items[i].page != 3 || !p || !strstr(p, "]/CA_NAM"))
            continue;
        p += strlen(cell);
        printf("%.*s ", (int)(strchr(p, ']') - p), p);
    }
    printf("\n");
    rc = 0;
out:
    if (rc && e.msg[0])
        fprintf(stderr, "mklayout: %s\n", e.msg);
    pixaDestroy(&pages);
    render_boxes_free(&boxes);
    record_free(recs[0]);
    return rc;
}
