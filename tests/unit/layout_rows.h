/*
 * layout_rows.h - what the layout tests share: a row of words as the line
 * reader would hand it over (no image), and the hits layout_find_labels
 * makes of it.  Include after <cmocka.h> and layout.h.
 */
#ifndef HB_TEST_LAYOUT_ROWS_H
#define HB_TEST_LAYOUT_ROWS_H

#include <stdlib.h>
#include <string.h>

/* A row of words at height y, left to right from x = 100, 20 px per
 * character, 40 px high. */
static inline hb_text_row row_at(int y, const char *const *words, size_t n)
{
    hb_text_row row = { { 100, y, 0, 40 }, calloc(n, sizeof(hb_word)), n };
    int x = 100;
    for (size_t i = 0; i < n; i++) {
        int w = (int)strlen(words[i]) * 20;
        row.words[i].text = strdup(words[i]);
        row.words[i].conf = 95;
        row.words[i].box = (hb_box){ x, y, w, 40 };
        x += w + 25;
    }
    row.box.w = x - 100;
    return row;
}

static inline void free_row(hb_text_row *row)
{
    for (size_t i = 0; i < row->n_words; i++)
        free(row->words[i].text);
    free(row->words);
}

static inline void free_hits(hb_label_hit *h, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(h[i].line_text);
    free(h);
}

static inline const hb_label_hit *hit_for(const hb_label_hit *h, size_t n,
                                          const char *path)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(h[i].path, path) == 0)
            return &h[i];
    return NULL;
}

#endif
