/*
 * wsfill.c - fills a workspace through the C API for the integration
 * tests of export, revoke, backup and handover (test_export.sh,
 * test_backup.sh), which need records in states that only review and
 * signing produce.  Built by those scripts against libhocba.a.
 *
 *   wsfill WS records N YEAR STATE [LEN_LOP]
 *        N new records (record_sample_tt58 with a new MA_HO_SO, school year
 *        YEAR, LEN_LOP if given) stored in STATE; prints their ids
 *   wsfill WS sign ID ROLE KEY PASSFILE
 *        signs the latest version of ID as ROLE (sign_ws.h); prints
 *        "signed" or "issued"
 *   wsfill WS batch N
 *        the "batch": N times (0 = until killed) one transaction that adds
 *        a PNG page to the page store and a book, a record citing it, and
 *        an audit entry, as an extraction worker does
 */
#include <leptonica/allheaders.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keys.h"
#include "pagestore.h"
#include "record_sample.h"
#include "sign.h"
#include "sign_ws.h"
#include "workspace.h"
#include "xmlsec_init.h"

static int fail(const hb_err *e)
{
    fprintf(stderr, "wsfill: %s\n", e->msg);
    return 1;
}

static hb_record *sample(const char *year, const char *len_lop)
{
    hb_record *r = record_sample_tt58();
    if (!r)
        return NULL;
    free(r->ma_ho_so);
    r->ma_ho_so = NULL;
    if ((year && record_field_set(&r->year.nam_hoc, year)) ||
        (len_lop && record_field_set(&r->year.len_lop, len_lop))) {
        record_free(r);
        return NULL;
    }
    return r;
}

static int do_records(hb_ws *w, int n, const char *year, const char *state,
                      const char *len_lop)
{
    hb_rstate st;
    hb_err e;
    if (ws_rstate_parse(state, &st)) {
        fprintf(stderr, "wsfill: no state %s\n", state);
        return 2;
    }
    for (int i = 0; i < n; i++) {
        hb_record *r = sample(year, len_lop);
        if (!r)
            return 1;
        int rc = ws_record_put(w, 0, r, st, &e);
        if (rc == 0)
            printf("%s\n", r->ma_ho_so);
        record_free(r);
        if (rc)
            return fail(&e);
    }
    return 0;
}

static int do_sign(hb_ws *w, const char *id, const char *role_name,
                   const char *key_file, const char *pass)
{
    hb_err e;
    hb_role role;
    if (sign_role_parse(role_name, &role)) {
        fprintf(stderr, "wsfill: no role %s\n", role_name);
        return 2;
    }
    if (xmlsec_init_libs(&e))
        return fail(&e);
    hb_key *k = keys_load(key_file, pass, &e);
    int issued = 0, rc = k ? ws_sign_record(w, id, 0, role, NULL, k,
                                            time(NULL), &issued, &e) : -1;
    keys_free(k);
    xmlsec_init_shutdown();
    if (rc)
        return fail(&e);
    printf("%s\n", issued ? "issued" : "signed");
    return 0;
}

/* One page + record + audit entry, in one transaction. */
static int batch_one(hb_ws *w, int64_t book, int i, hb_err *e)
{
    /* a pattern of the book and the position: every page is new */
    PIX *pix = pixCreate(32, 8, 8);
    pixSetAllArbitrary(pix, 255);
    for (int b = 0; b < 32; b++) {
        pixSetPixel(pix, b, 0, ((unsigned)i >> b) & 1 ? 0 : 255);
        pixSetPixel(pix, b, 1, ((unsigned)book >> b) & 1 ? 0 : 255);
    }
    l_uint8 *png = NULL;
    size_t len = 0;
    int bad = pixWriteMem(&png, &len, pix, IFF_PNG);
    pixDestroy(&pix);
    if (bad)
        return err_set(e, HB_EIO, "cannot make a PNG");
    char store[4096], sha[65];
    int added, rc = ws_path(w, WS_PAGES_DIR, store, sizeof store) ? 0 : -1;
    if (rc == 0)
        rc = pagestore_put(store, png, len, sha, &added, e);
    free(png);
    hb_record *r = rc ? NULL : sample(NULL, NULL);
    if (rc == 0 && !r)
        rc = err_set(e, HB_ENOMEM, "out of memory");
    if (rc == 0)
        rc = ws_tx_begin(w, e);
    if (rc == 0) {
        hb_ws_page p = { 0 };
        int64_t pid;
        p.book = book;
        p.idx = i;
        p.source_file = "batch";
        p.source_page = i;
        memcpy(p.sha256, sha, 65);
        p.dpi = 300;
        p.width = 32;
        p.height = 8;
        rc = ws_add_page(w, &p, &pid, e);
        for (size_t k = 0; rc == 0 && k < r->n_pages; k++)
            memcpy(r->pages[k].sha256, sha, 65);
        if (rc == 0)
            rc = ws_record_put(w, book, r, HB_RS_DRAFT, e);
        if (rc == 0)
            rc = ws_audit_add(w, "worker", "extract", r->ma_ho_so, 1, NULL,
                              NULL, sha, e);
        if (rc == 0)
            rc = ws_tx_commit(w, e);
        else
            ws_tx_rollback(w);
    }
    record_free(r);
    return rc;
}

static int do_batch(hb_ws *w, int n)
{
    hb_err e;
    int64_t book;
    setMsgSeverity(L_SEVERITY_ERROR);
    if (ws_add_book(w, "batch", "batch", 300, &book, &e))
        return fail(&e);
    for (int i = 1; n == 0 || i <= n; i++)
        if (batch_one(w, book, i, &e))
            return fail(&e);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: wsfill WS records|sign|batch ...\n");
        return 2;
    }
    hb_err e;
    hb_ws *w = ws_open(argv[1], &e);
    if (!w)
        return fail(&e);
    int rc = 2;
    if (strcmp(argv[2], "records") == 0 && argc >= 6)
        rc = do_records(w, atoi(argv[3]), argv[4], argv[5],
                        argc > 6 ? argv[6] : NULL);
    else if (strcmp(argv[2], "sign") == 0 && argc == 7)
        rc = do_sign(w, argv[3], argv[4], argv[5], argv[6]);
    else if (strcmp(argv[2], "batch") == 0 && argc == 4)
        rc = do_batch(w, atoi(argv[3]));
    else
        fprintf(stderr, "wsfill: bad arguments\n");
    ws_close(w);
    return rc;
}
