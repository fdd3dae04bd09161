/*
 * clean_priv.h - the steps of clean_page, one file each (internal to ocr/).
 *
 * Every size is derived from the scan's resolution so that a 200 dpi and a
 * 400 dpi scan of the same page are treated alike.
 */
#ifndef HB_CLEAN_PRIV_H
#define HB_CLEAN_PRIV_H

#include <leptonica/allheaders.h>

/* clean_color.c: any depth -> 8 bpp gray.  On colour scans the ink of red
 * seals is pushed to paper colour; *stamps counts the seals, *red_ink is set
 * when red ink is left elsewhere (a correction, see clean.h). */
PIX *clean_to_gray(PIX *in, int dpi, int *stamps, int *red_ink);
/* pixConvertRGBToLuminance(rgb) bit for bit, faster (32 bpp only). */
PIX *clean_rgb_to_gray(PIX *rgb);

/* clean_marks.c: whitens, in place, the scanner's dark border and punch
 * holes (solid dark areas that touch the image edge, and round solid blobs
 * near an edge).  Returns the number of regions whitened. */
int clean_whiten_marks(PIX *gray, int dpi);

/* clean_orient.c, on a 1 bpp image of the page at about 150 dpi:
 * the up/down score of its text lines, from -100 (upside down) to +100
 * (upright), 0 when there is no text to tell; and the skew angle in
 * degrees (Leptonica's sign: rotate by it to deskew) with its confidence. */
#define CLEAN_UPDOWN_SURE 12.0f /* both cues beyond this: decided */
#define CLEAN_UPDOWN_MARKS 20.0f /* marks beyond this, ink not against */
void clean_updown_cues(PIX *small1, int dpi_small, float *marks, float *ink);
/* The verdict of the two cues alone: 0 upright, 1 upside down, -1 not
 * clear (Tesseract's OSD decides). */
int clean_half_turn_by_cues(float marks, float ink);
/* Whether the page (text only, 1 bpp, upright or upside down) needs a half
 * turn, by the text lines and, when they are not clear, by Tesseract's
 * OSD (clean_osd.c).  1 yes, 0 no. */
int clean_needs_half_turn(PIX *small1, int dpi_small);
/* clean_osd.c: 1 upside down, 0 upright, -1 unknown. */
int clean_osd_half_turn(PIX *text1, int dpi_small);
float clean_find_skew(PIX *small1, float *conf);

/* clean_binarize.c */
PIX *clean_normalize_background(PIX *gray, int dpi);
/* gray rotated by angle (radians) about its centre by area mapping, on a
 * canvas grown to hold all of it, white brought in: pixRotate(gray, angle,
 * L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, w, h) bit for bit, faster. */
PIX *clean_rotate_gray(PIX *gray, float angle);
PIX *clean_binarize(PIX *gray, int dpi);
/* 1 bpp: the pixels of gray (8 bpp) darker than the threshold map th,
 * computed at 1/f of gray's resolution (f 1 or 2): th's pixel (x/f, y/f),
 * its last row and column standing for the page's odd ones.  The same as
 * pixVarThresholdToBinary on the map expanded to gray's size. */
PIX *clean_threshold_by_map(PIX *gray, PIX *th, int f);
/* Removes specks (components a few pixels across) in place, keeping the
 * ones close to larger ink: Vietnamese dots below, hooks and tildes are
 * small separate components next to their letters. */
void clean_remove_specks(PIX *bin, int dpi);

#endif
