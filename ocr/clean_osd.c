/*
 * clean_osd.c - Tesseract's orientation detection, as the arbiter.
 *
 * The cheap up/down score of clean_orient.c decides most pages; where it is
 * weak (a page of digits, a blurred scan whose marks merge with their
 * letters) Tesseract's OSD decides.  OSD was right on every generated page
 * tried, both ways up (confidence 7.6-14.5), but costs about 0.2 s per
 * page at 150 dpi plus 0.035 s to load osd.traineddata, so it runs only
 * when needed, with an engine of its own that lives for the call (no
 * global state; the recognizers' engines belong to another module and
 * thread).  This is the one place outside recognition that talks to
 * Tesseract: orientation must be settled before tables and fields exist.
 */
#include "clean_priv.h"

#include <tesseract/capi.h>

/* OSD confidences of right answers were 7.6 and more; below 3 it is
 * guessing. */
#define CLEAN_OSD_MIN_CONF 3.0f

int clean_osd_half_turn(PIX *text1, int dpi_small)
{
    TessBaseAPI *api = TessBaseAPICreate();
    if (!api)
        return -1;
    int verdict = -1;
    /* Tesseract's chatter ("Too few characters...") is not ours to print. */
    char *names[] = {"debug_file"};
    char *values[] = {"/dev/null"};
    if (TessBaseAPIInit4(api, NULL, "osd", OEM_DEFAULT, NULL, 0, names, values,
                         1, 0) == 0) {
        TessBaseAPISetPageSegMode(api, PSM_OSD_ONLY);
        TessBaseAPISetImage2(api, text1);
        TessBaseAPISetSourceResolution(api, dpi_small);
        int deg = -1;
        float conf = 0.0f, sconf = 0.0f;
        const char *script = NULL;
        if (TessBaseAPIDetectOrientationScript(api, &deg, &conf, &script,
                                               &sconf) &&
            conf >= CLEAN_OSD_MIN_CONF) {
            if (deg == 180)
                verdict = 1;
            else if (deg == 0)
                verdict = 0;
        }
        TessBaseAPIEnd(api);
    }
    TessBaseAPIDelete(api);
    return verdict;
}
