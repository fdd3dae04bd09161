/*
 * heap.h - the C library's heap set up for a process that works through
 * page images.
 *
 * A 300 dpi A4 page is 8.7 MB in gray and 35 MB in colour, and reading or
 * drawing one makes and frees dozens of such images.  glibc serves every
 * block above its mmap threshold (which it never raises past 32 MB) with a
 * fresh mapping and gives it back on free, so each image is faulted in page
 * by page and zeroed by the kernel all over again: on the 2-core machine
 * that was 45 % of samples/gen's time and 10 % of a reading worker's.
 * Taken from the heap instead, a freed image's memory is reused by the
 * next one at once.
 *
 * This is process-global state (the C library's, set with mallopt), so it
 * is called only at the start of processes that are single-threaded and
 * live for one batch of pages: the reading workers of `hocba extract` and
 * `hocba process`, `hocba scan`, and samples/gen.  Under AddressSanitizer
 * mallopt does nothing (its allocator maps large blocks itself).
 */
#ifndef HB_HEAP_H
#define HB_HEAP_H

/* Large blocks from the heap, never from their own mappings, and up to
 * 256 MB of freed memory kept for reuse before any is returned. */
void heap_tune_for_pages(void);

#endif
