/*
 * text.h - Vietnamese text as hocba stores and compares it.
 *
 * Stored text is always UTF-8 in Unicode NFC: the same visible "ệ" can be one
 * code point or "e" + two combining marks, and a record that mixes the two
 * would not compare equal to itself.  Diacritics are stripped only to
 * *compare* printed labels (a scanner that loses a hook on "Vật lý" must still
 * find the subject); stripped text is never stored.
 */
#ifndef HB_TEXT_H
#define HB_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* Returns a newly allocated NFC copy of `s` with runs of white space folded
 * to one space and leading/trailing space removed; NULL if `s` is not valid
 * UTF-8 (or on allocation failure).  Caller frees. */
char *text_normalize(const char *s);

/* Returns a newly allocated comparison key: NFC, lower case, diacritics
 * removed ("đ" -> "d"), look-alikes that OCR returns mapped (U+00D0 Icelandic
 * eth -> d), white space folded.  Used only for matching, never stored. */
char *text_fold(const char *s);

/* Levenshtein distance in code points between two UTF-8 strings. */
size_t text_distance(const char *a, const char *b);

/* Nonzero when `s` is valid UTF-8. */
int text_is_utf8(const char *s);

/* strdup that returns NULL for NULL. */
char *text_dup(const char *s);

/* Number of code points in a UTF-8 string. */
size_t text_length(const char *s);

/* Nonzero when `s` ends with `tail` (byte for byte: record paths, tags). */
int text_ends_with(const char *s, const char *tail);

/* Writes `s` (NULL as "") to `out` as a JSON string: quoted, with '"' and
 * '\\' escaped and control characters as \u00XX; UTF-8 passes through. */
void text_json_string(FILE *out, const char *s);

#endif
