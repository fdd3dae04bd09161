/*
 * stagetime.h - where a worker's CPU time goes, stage by stage.
 *
 * Reading a page is a chain of stages of very different cost (decoding the
 * scan, cleaning it, finding the tables, reading the layout's text, reading
 * the cells of each kind, the rules, writing the XML).  A profiler cannot
 * attribute time inside Tesseract well (it has no frame pointers), so the
 * stages are timed here, where the code knows what it is doing.
 *
 * One hb_stagetime belongs to one worker's engines (hb_recognizer, see
 * recognize_stagetime): no global state.  At any moment exactly one stage
 * is current; switching charges the CPU time since the last switch to the
 * stage being left, so nested stages are exclusive (the cells read inside
 * the layout stage are charged to their kind, not twice) and the stages
 * add up to the worker's CPU time.  The clock is the process's CPU clock:
 * a worker is one process with one thread (OMP_THREAD_LIMIT=1), and any
 * thread Tesseract might start would still be counted.
 *
 * The cost is one clock read per switch, a few hundred per page: well
 * under a millisecond a page, so it is always on; `hocba extract` writes
 * the totals when HB_STAGE_TIMES names a file (cmd_extract.c).
 */
#ifndef HB_STAGETIME_H
#define HB_STAGETIME_H

#include <stddef.h>

typedef enum hb_stage {
    HB_STAGE_INIT = 0, /* loading the engines */
    HB_STAGE_DECODE,   /* the scan's file into pixels (and its digest) */
    HB_STAGE_CLEAN,    /* clean_page */
    HB_STAGE_GRID,     /* line masks, tables, line removal */
    HB_STAGE_LAYOUT,   /* the page's text outside tables, table headings */
    HB_STAGE_LABEL,    /* table row labels (subjects, terms, items) */
    HB_STAGE_SCORE,    /* score and test-score cells */
    HB_STAGE_LEVEL,    /* level cells (closed value sets) */
    HB_STAGE_TEXT,     /* names, places, remarks */
    HB_STAGE_DATE,     /* dates */
    HB_STAGE_OTHER,    /* classes, school years, integers, codes; and the
                          page reading's own bookkeeping */
    HB_STAGE_RULES,    /* assembling the years, the rules, the roster */
    HB_STAGE_XML,      /* writing drafts (and cleaned page images) */
    HB_STAGE_REST,     /* anything not inside a stage */
    HB_STAGE_COUNT
} hb_stage;

typedef struct hb_stagetime {
    double sec[HB_STAGE_COUNT]; /* CPU seconds charged to each stage */
    long calls[HB_STAGE_COUNT]; /* recognizer (Tesseract) calls made in it */
    double mark;                /* the CPU clock at the last switch */
    hb_stage cur;               /* the stage being charged now */
    long pages;                 /* pages read (extract_add_page calls) */
    long books;                 /* books finished (extract_finish calls) */
} hb_stagetime;

/* Starts accounting now, in HB_STAGE_REST, all totals zero. */
void stagetime_init(hb_stagetime *st);

/* Makes `s` the current stage; returns the one it replaces, to be given
 * back to stagetime_leave.  NULL st: nothing (returns HB_STAGE_REST). */
hb_stage stagetime_enter(hb_stagetime *st, hb_stage s);
void stagetime_leave(hb_stagetime *st, hb_stage prev);

/* Counts one recognizer call in the current stage. */
void stagetime_count(hb_stagetime *st);

/* Charges the time up to now, so that sec[] is current. */
void stagetime_flush(hb_stagetime *st);

/* "decode", "clean", ...: the stage's name in the written line. */
const char *stagetime_name(hb_stage s);

/* One line "stages pages=N books=N init=S decode=S ... total=S calls=N
 * layout.n=N ...\n" into buf: seconds with 4 decimals, then the recognizer
 * calls of each stage that made any (NUL-terminated, cut to size). */
void stagetime_format(const hb_stagetime *st, char *buf, size_t size);

/* Appends that line to the file `path` with one write (workers append
 * to the same file: each line stays whole).  0 on success. */
int stagetime_append(hb_stagetime *st, const char *path);

#endif
