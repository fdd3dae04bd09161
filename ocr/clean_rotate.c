/*
 * clean_rotate.c - the deskew rotation of the full-resolution gray page.
 *
 * Leptonica's area-map rotation (pixRotate with L_ROTATE_AREA_MAP) was a
 * tenth of the cleanup's instructions: for every output pixel it converts
 * both coordinates to float and multiplies them by the sine and cosine
 * (four multiplications) before it interpolates.  The products depend on
 * the column alone or on the row alone, so here they are computed once
 * per column and once per row; each pixel then costs two float additions
 * (and the interpolation is factored: six multiplications, not eight).
 * The same float operations, in the same order, on the same values (an
 * IEEE product does not depend on when it is computed), so the page is
 * the same, bit for bit: test_clean compares it with pixRotate's at many
 * angles and sizes.
 *
 * Leptonica's method, restated (rotate.c, rotateAMGrayLow): the source
 * position of output pixel (j, i) about the centre (w/2, h/2), in 1/16
 * pixel, truncated; outside the source (its last row and column have no
 * neighbour to interpolate with) the pixel is the fill gray; else the four
 * neighbours weighted by the 1/16 fractions, rounded.
 */
#include "clean_priv.h"

#include <math.h>
#include <stdlib.h>

/* Leptonica rotates nothing below this (radians; its MinAngleToRotate). */
#define ROTATE_MIN_ANGLE 0.001f

/* pixs rotated by angle (radians, clockwise positive as in Leptonica)
 * about its centre into an image of its own size; fill where no source
 * pixel lands. */
static PIX *rotate_am_gray(PIX *pixs, float angle, int fill)
{
    int w = pixGetWidth(pixs), h = pixGetHeight(pixs);
    PIX *pixd = pixCreateTemplate(pixs);
    float *colx = malloc((size_t)w * sizeof *colx);
    float *coly = malloc((size_t)w * sizeof *coly);
    if (!pixd || !colx || !coly) {
        pixDestroy(&pixd);
        free(colx);
        free(coly);
        return NULL;
    }
    int xcen = w / 2, ycen = h / 2, wm2 = w - 2, hm2 = h - 2;
    /* in double, then float: as Leptonica stores them */
    float sina = (float)(16. * sin(angle));
    float cosa = (float)(16. * cos(angle));
    for (int j = 0; j < w; j++) {
        int xdif = xcen - j;
        colx[j] = (float)(-xdif) * cosa;
        coly[j] = (float)xdif * sina;
    }
    l_uint32 *datas = pixGetData(pixs), *datad = pixGetData(pixd);
    int wpls = pixGetWpl(pixs), wpld = pixGetWpl(pixd);
    for (int i = 0; i < h; i++) {
        int ydif = ycen - i;
        float rowx = (float)ydif * sina;    /* x = -xdif cos - ydif sin */
        float rowy = (float)(-ydif) * cosa; /* y = -ydif cos + xdif sin */
        l_uint32 *lined = datad + (size_t)i * wpld;
        for (int j = 0; j < w; j++) {
            int xpm = (int)(colx[j] - rowx);
            int ypm = (int)(rowy + coly[j]);
            int xp = xcen + (xpm >> 4), yp = ycen + (ypm >> 4);
            if (xp < 0 || yp < 0 || xp > wm2 || yp > hm2) {
                SET_DATA_BYTE(lined, j, fill);
                continue;
            }
            int xf = xpm & 0x0f, yf = ypm & 0x0f;
            const l_uint32 *lines = datas + (size_t)yp * wpls;
            /* (16-xf)(16-yf) a + xf (16-yf) b + (16-xf) yf c + xf yf d,
             * factored: the same integer */
            int top = (16 - xf) * (int)GET_DATA_BYTE(lines, xp) +
                      xf * (int)GET_DATA_BYTE(lines, xp + 1);
            int bot = (16 - xf) * (int)GET_DATA_BYTE(lines + wpls, xp) +
                      xf * (int)GET_DATA_BYTE(lines + wpls, xp + 1);
            SET_DATA_BYTE(lined, j, ((16 - yf) * top + yf * bot + 128) >> 8);
        }
    }
    free(colx);
    free(coly);
    return pixd;
}

PIX *clean_rotate_gray(PIX *gray, float angle)
{
    if (!gray)
        return NULL;
    /* Anything but a plain 8 bpp page: Leptonica's own. */
    if (pixGetDepth(gray) != 8 || pixGetColormap(gray))
        return pixRotate(gray, angle, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE,
                         pixGetWidth(gray), pixGetHeight(gray));
    if (fabsf(angle) < ROTATE_MIN_ANGLE)
        return pixClone(gray);
    /* The canvas grows so that no corner of the page is cut off. */
    PIX *big = pixEmbedForRotation(gray, angle, L_BRING_IN_WHITE,
                                   pixGetWidth(gray), pixGetHeight(gray));
    PIX *out = big ? rotate_am_gray(big, angle, 255) : NULL;
    pixDestroy(&big);
    return out;
}
