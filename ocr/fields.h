/*
 * fields.h - what the paper writes, turned into what the record stores.
 *
 * The paper is written by many hands over many years: a score is "7,5" in
 * one school and "7.5" in the next, a birth date is "12/03/2006",
 * "12-3-2006" or "ngày 12 tháng 3 năm 2006".  The record stores one format
 * per field (domain.md, "Value formats").  These functions turn an OCR
 * reading into that format, or say that it is not one: a value that does not
 * parse is kept as read and flagged `format` by the caller, never guessed.
 *
 * Pure text functions (no images, no Tesseract), so they are easy to test.
 * Every returned string is newly allocated NFC UTF-8; the caller frees it.
 */
#ifndef HB_FIELDS_H
#define HB_FIELDS_H

#include <stddef.h>

/* Outcome of a parse. */
typedef enum hb_parse {
    HB_PARSE_OK = 0,   /* well-formed: *out holds the record's format */
    HB_PARSE_EMPTY,    /* nothing there (only blanks, dots, dashes) */
    HB_PARSE_FORMAT    /* something there, but not this field's format */
} hb_parse;

/* A subject score 0.0-10.0 with one decimal ("7,5" -> "7.5", "8" -> "8.0",
 * "10" -> "10.0").  With `integer` set, a TT27 test score 1-10 ("9").
 * Tolerates blanks and a stray trailing separator; refuses two separators,
 * more than one decimal, values above 10. */
hb_parse fields_parse_score(const char *raw, int integer, char **out);

/* A date as ISO YYYY-MM-DD, from "12/03/2006", "12-3-2006", "12.3.2006",
 * "ngày 12 tháng 3 năm 2006" (any case, with or without diacritics).  The
 * date must exist in the calendar and lie between 1900 and 2100. */
hb_parse fields_parse_date(const char *raw, char **out);

/* A school year "2019-2020" (also "2019 - 2020", "2019–2020", "2019/2020");
 * the second year must be the first plus one. */
hb_parse fields_parse_school_year(const char *raw, char **out);

/* A class: grade 1-12 then a section ("8A", "10A1", "12 Văn", "6/2").
 * *grade receives the grade when not NULL. */
hb_parse fields_parse_class(const char *raw, char **out, int *grade);

/* A non-negative integer (days absent): "3", "03" -> "3"; up to 4 digits. */
hb_parse fields_parse_int(const char *raw, char **out);

/* A person's name as printed: NFC, single spaces, OCR look-alikes mapped
 * (U+00D0 eth -> Đ), leading/trailing marks that are not letters removed
 * (a dotted leader or a colon the crop caught).  FORMAT when a character
 * that cannot be in a name remains (a digit, a bracket). */
hb_parse fields_clean_name(const char *raw, char **out);

/* Free text (places, occupations, remarks): NFC, single spaces, look-alikes
 * mapped, leader dots and colons at the ends removed. */
hb_parse fields_clean_text(const char *raw, char **out);

/* A registration number (số đăng bộ: the line of the school's enrolment
 * register, "350/2022" = entry 350 of the register opened in 2022): blanks
 * removed, 1-6 digits, optionally "/" and a 2- or 4-digit year.  Anything
 * else (a school that writes letters in it) is FORMAT, kept for a person. */
hb_parse fields_parse_regno(const char *raw, char **out);

/* A code made of digits only (school code, student code): blanks removed,
 * between min_len and max_len digits. */
hb_parse fields_parse_digits(const char *raw, int min_len, int max_len,
                             char **out);

/* A place, an occupation, a school's name: free text that never holds a
 * full stop.  The dotted leader printed under a value shows between its
 * words and reads as "." ("phường.5", "quận. Gò Vấp"): every dot goes. */
hb_parse fields_clean_place(const char *raw, char **out);

/* The 12-digit personal identification number (CCCD), blanks removed. */
hb_parse fields_parse_id12(const char *raw, char **out);

/* Maps characters Tesseract returns for Vietnamese letters it does not
 * expect (U+00D0 -> U+0110, U+00F0 -> U+0111) in a newly allocated NFC copy;
 * NULL on invalid UTF-8. */
char *fields_map_lookalikes(const char *raw);

#endif
