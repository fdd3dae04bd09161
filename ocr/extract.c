/* extract.c - placeholder until the reading issue lands. */
#include "extract.h"

#include <string.h>

hb_ocr *ocr_new(hb_err *e)
{
    err_set(e, HB_EUSAGE, "recognition is not available in this build yet");
    return NULL;
}

void ocr_free(hb_ocr *o)
{
    (void)o;
}

int extract_book(hb_ocr *o, const hb_page_in *pages, size_t n,
                 const char *clean_dir, hb_book_out *out, hb_err *e)
{
    (void)o;
    (void)pages;
    (void)n;
    (void)clean_dir;
    memset(out, 0, sizeof *out);
    return err_set(e, HB_EUSAGE, "recognition is not available in this build yet");
}

void extract_book_free(hb_book_out *out)
{
    (void)out;
}
