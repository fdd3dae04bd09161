/*
 * grid.h - ruled tables found on a binarized page, as rows and columns.
 *
 * Transcript tables are ruled.  The ruling lines give the cell grid; a line
 * may be faint or broken, a header cell may span columns, a table may
 * continue on the next page.  Cells are boxes in the page's pixels.
 */
#ifndef HB_GRID_H
#define HB_GRID_H

#include <leptonica/allheaders.h>
#include <stddef.h>

#include "err.h"
#include "record.h"

typedef struct hb_cell {
    hb_box box;        /* inside the ruling lines */
    int row, col;      /* top-left grid position */
    int rowspan, colspan;
} hb_cell;

typedef struct hb_grid {
    hb_box bounds;     /* the table's outer box */
    int n_rows, n_cols;
    int *row_y;        /* n_rows + 1 horizontal line positions, top to bottom */
    int *col_x;        /* n_cols + 1 vertical line positions, left to right */
    hb_cell *cells;    /* merged cells appear once, with their spans */
    size_t n_cells;
} hb_grid;

/* Finds the ruled tables on `bin` (1 bpp), top to bottom.  *tables is an
 * array the caller frees with grid_free_all. */
int grid_find_tables(PIX *bin, int dpi, hb_grid **tables, size_t *n,
                     hb_err *e);
void grid_free_all(hb_grid *tables, size_t n);

/* The cell at (row, col), following spans; NULL when outside. */
const hb_cell *grid_cell_at(const hb_grid *g, int row, int col);

/* A copy of `bin` with the ruling lines and their residue removed, so that
 * leftover line fragments do not read as "|", "I" or "1". */
PIX *grid_remove_lines(PIX *bin, int dpi);

/* The ruling-line masks of a page (1 bpp, the size of the page): the costly
 * part of both functions above (about 20 ms a page), made once when a
 * caller wants both the tables and the page without its lines. */
typedef struct hb_line_masks {
    PIX *h, *v;        /* horizontal and vertical lines */
    int dpi;
} hb_line_masks;

/* Fills *m from `bin` (dpi <= 0: 300).  grid_masks_free frees it, also
 * after a failure. */
int grid_masks_make(PIX *bin, int dpi, hb_line_masks *m, hb_err *e);
void grid_masks_free(hb_line_masks *m);
/* grid_find_tables and grid_remove_lines on masks made from the same
 * `bin`: the same results, without making the masks again. */
int grid_find_tables_with(PIX *bin, const hb_line_masks *m, hb_grid **tables,
                          size_t *n, hb_err *e);
PIX *grid_remove_lines_with(PIX *bin, const hb_line_masks *m);

#endif
