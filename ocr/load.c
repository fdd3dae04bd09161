/* load.c - placeholder until ingest lands. */
#include "load.h"

int load_book(const char *path, int dpi, load_page_fn fn, void *ctx, hb_err *e)
{
    (void)dpi;
    (void)fn;
    (void)ctx;
    return err_set(e, HB_EUSAGE, "%s: loading is not available in this build yet", path);
}
