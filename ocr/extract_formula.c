/*
 * extract_formula.c - a disputed score that the year-average formula
 * settles.
 *
 * A score subject's row holds three numbers bound by one equation (rule 1,
 * TT58 Điều 12, TT22 Điều 9): CA_NAM = round1((HOC_KY_1 + 2 x HOC_KY_2) / 3).
 * The rules use it to catch a misread cell; this file uses it the other
 * way, once, for a cell the readers disputed.  The case it is for: some
 * printed faces' 5 is read as 9 by the digit engine with a confidence of
 * ~90, twice (at two ink heights), and as 5 by `vie`; the ink has no bowl,
 * so 5 wins, but against a majority, at a confidence that sends it to a
 * person (recognize_number.c).  On the typical development seeds that is
 * half of all the fields sent to review.  When the row's two other cells
 * were read surely and the formula holds with the chosen value and breaks
 * with every value the readers proposed instead, the paper itself has
 * chosen: the cell is raised to the review line.
 *
 * How far the formula can tell values apart: CA_NAM is fixed exactly by
 * the terms; HOC_KY_2 to one or two tenths (2 x HK2 / 3 moves CA_NAM by
 * 0.067 a tenth); HOC_KY_1 to about three tenths.  A value within that
 * window that no reader proposed cannot be ruled out, which is why a term
 * cell needs the readers' own evidence as well: two different models that
 * agreed on it (one of them unsure, which is what made it doubtful: a
 * printed "5,7" read at 97 by one and 25 by the other), or a disputed
 * reading whose every alternative the formula rejects.  Only CA_NAM is
 * settled by the formula alone.
 */
#include <stdio.h>
#include <string.h>

#include "extract_int.h"
#include "rules.h"

/* the two other cells must be read this surely: the formula is only as
 * good as the numbers it is fed */
#define CONF_SURE 75

/* Whether alternative `tenths` for cell k keeps the formula true. */
static int holds_with(const int v[3], int k, int tenths)
{
    int w[3] = { v[0], v[1], v[2] };
    w[k] = tenths;
    return w[2] == rules_ca_nam_tenths(w[0], w[1]);
}

int extract_formula_settle(hb_subject *s, const hb_cell_votes v3[3])
{
    hb_field *cell[3] = { &s->hk1, &s->hk2, &s->cn };
    int v[3], low = -1;
    for (int k = 0; k < 3; k++) {
        v[k] = rules_score_tenths(cell[k]->value);
        if (v[k] < 0 || cell[k]->review || cell[k]->conf < 0)
            return 0;
        if (cell[k]->conf >= CONF_REVIEW)
            continue;
        if (low >= 0)
            return 0; /* two doubtful cells: the formula cannot judge both */
        low = k;
    }
    if (low < 0 || !holds_with(v, low, v[low]))
        return 0;
    for (int k = 0; k < 3; k++)
        if (k != low && cell[k]->conf < CONF_SURE)
            return 0;
    int n_alts = 0;
    const char *a = v3 ? v3[low].alts : NULL;
    while (a && *a) {
        char tok[16];
        size_t len = strcspn(a, " ");
        if (len && len < sizeof tok) {
            memcpy(tok, a, len);
            tok[len] = '\0';
            int t = rules_score_tenths(tok);
            if (t >= 0) {
                if (holds_with(v, low, t))
                    return 0; /* the formula cannot choose */
                n_alts++;
            }
        }
        a += len;
        a += *a == ' ';
    }
    if (n_alts == 0 && low != 2 && !(v3 && v3[low].agreed))
        return 0;
    cell[low]->conf = CONF_REVIEW;
    return 1;
}
