/*
 * heap.c - the C library's heap set up for page images (see heap.h).
 */
#include "heap.h"

#include <malloc.h>

void heap_tune_for_pages(void)
{
    /* No block gets a mapping of its own: all come from the heap, where
     * a freed image's pages stay mapped for the next one.  The memory a
     * process holds is then its peak, which for a reader is about 200 MB
     * (bench "MB"); above 256 MB free at the heap's top, the rest goes
     * back.  A failure leaves glibc's defaults, which are only slower. */
    mallopt(M_MMAP_MAX, 0);
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
}
