/*
 * spelling.h - the few labelled values with a known spelling.
 *
 * Most header values are free (a name, a place), but some are written
 * from a short list: the promotion line of the year result (LEN_LOP) is
 * one of a handful of phrases, an occupation is usually one of a few
 * dozen.  A reading close to one of them is that phrase misread; these
 * put it back, or lower the confidence when the reading cannot tell which
 * phrase it was.  Each takes a reading with a value (not NULL).
 */
#ifndef HB_SPELLING_H
#define HB_SPELLING_H

#include "recognize.h"

/* LEN_LOP: snaps a reading a mark or a few letters away from one phrase
 * to it (confidence at most 80, or 70 when letters differed); a reading
 * as near two phrases as either (a lost digit) keeps its text and gets a
 * confidence of at most 50, so a person sees it. */
void spelling_snap_len_lop(hb_reading *rd);

/* An occupation written as a listed one but with other blanks ("Ytá")
 * becomes the listed spelling; anything else is left as read. */
void spelling_snap_occupation(hb_reading *rd);

/* Drops one full stop ending the value (not an ellipsis). */
void spelling_drop_final_stop(hb_reading *rd);

/* 1 when the field at `path` (a record path ending in its tag) is one
 * written from a known list (the promotion line, an occupation, an
 * ethnic group) and `value` is exactly one of the list, else 0.  A
 * misread that lands on another member, letter for letter and mark for
 * mark, is rare: the list vouches for a reading as no free text can. */
int spelling_listed(const char *path, const char *value);

#endif
