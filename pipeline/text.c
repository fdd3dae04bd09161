#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

char *text_dup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

int text_is_utf8(const char *s)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(s);
    while (len > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, len, &cp);
        if (n <= 0)
            return 0;
        p += n;
        len -= n;
    }
    return 1;
}

/* Folds white space in place: every run of Unicode spaces (and ASCII control
 * white space) becomes one ' ', with none at either end. */
static void fold_space(char *s)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    char *out = s;
    int pending = 0;
    utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(s);
    while (len > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, len, &cp);
        if (n <= 0)
            break;
        int space = cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' ||
                    cp == '\v' ||
                    utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
        if (space) {
            pending = out != s;
        } else {
            if (pending)
                *out++ = ' ';
            pending = 0;
            memmove(out, p, (size_t)n);
            out += n;
        }
        p += n;
        len -= n;
    }
    *out = '\0';
}

char *text_normalize(const char *s)
{
    if (!s || !text_is_utf8(s))
        return NULL;
    char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
    if (!nfc)
        return NULL;
    fold_space(nfc);
    return nfc;
}

char *text_fold(const char *s)
{
    if (!s || !text_is_utf8(s))
        return NULL;
    /* NFD separates base letters from their marks; STRIPMARK then drops the
     * marks and CASEFOLD lowers.  "đ" has no decomposition, so it is mapped
     * by hand below, along with OCR look-alikes of "Đ". */
    utf8proc_uint8_t *tmp = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &tmp,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE |
                                          UTF8PROC_DECOMPOSE |
                                          UTF8PROC_STRIPMARK |
                                          UTF8PROC_CASEFOLD);
    if (n < 0)
        return NULL;
    char *out = malloc((size_t)n + 1);
    if (!out) {
        free(tmp);
        return NULL;
    }
    const utf8proc_uint8_t *p = tmp;
    utf8proc_ssize_t len = n;
    char *o = out;
    while (len > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, len, &cp);
        if (k <= 0)
            break;
        switch (cp) {
        case 0x0111: /* đ */
        case 0x0110: /* Đ */
        case 0x00D0: /* Ð Icelandic eth: what `vie` reads for an isolated Đ */
        case 0x00F0: /* ð */
        case 0x0189: /* Ɖ African D */
            *o++ = 'd';
            break;
        default:
            memcpy(o, p, (size_t)k);
            o += k;
        }
        p += k;
        len -= k;
    }
    *o = '\0';
    free(tmp);
    fold_space(out);
    return out;
}

/* Decodes a UTF-8 string into a newly allocated code point array. */
static int32_t *decode(const char *s, size_t *count)
{
    size_t len = strlen(s);
    int32_t *cps = malloc((len + 1) * sizeof *cps);
    size_t n = 0;
    if (!cps)
        return NULL;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t left = (utf8proc_ssize_t)len;
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, left, &cp);
        if (k <= 0) { /* invalid byte: count it as one unit */
            cp = 0xFFFD;
            k = 1;
        }
        cps[n++] = cp;
        p += k;
        left -= k;
    }
    *count = n;
    return cps;
}

int text_ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), k = strlen(tail);
    return n >= k && strcmp(s + n - k, tail) == 0;
}

size_t text_length(const char *s)
{
    size_t n = 0;
    int32_t *cps = decode(s, &n);
    free(cps);
    return n;
}

size_t text_distance(const char *a, const char *b)
{
    size_t na = 0, nb = 0;
    int32_t *ca = decode(a, &na);
    int32_t *cb = decode(b, &nb);
    size_t *row = malloc((nb + 1) * sizeof *row);
    size_t d = (size_t)-1;
    if (ca && cb && row) {
        for (size_t j = 0; j <= nb; j++)
            row[j] = j;
        for (size_t i = 1; i <= na; i++) {
            size_t diag = row[0];
            row[0] = i;
            for (size_t j = 1; j <= nb; j++) {
                size_t up = row[j];
                size_t best = diag + (ca[i - 1] != cb[j - 1]);
                if (up + 1 < best)
                    best = up + 1;
                if (row[j - 1] + 1 < best)
                    best = row[j - 1] + 1;
                row[j] = best;
                diag = up;
            }
        }
        d = row[nb];
    }
    free(ca);
    free(cb);
    free(row);
    return d;
}

void text_json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}
