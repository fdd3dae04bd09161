/* test_heap.c - the heap set up for page images (ocr/heap.c): a freed
 * page-sized block is reused, not mapped afresh. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "heap.h"

/* A colour A4 page at 300 dpi: 2480 x 3508 x 4 bytes, above glibc's
 * largest mmap threshold (32 MB). */
#define PAGE_BYTES ((size_t)2480 * 3508 * 4)

static void page_blocks_come_from_the_heap(void **state)
{
    (void)state;
#if !defined(__SANITIZE_ADDRESS__)
    /* glibc's default: a block this large is a mapping of its own */
    char *p = malloc(PAGE_BYTES);
    assert_non_null(p);
    memset(p, 1, 4096);
    assert_true(mallinfo2().hblks >= 1);
    free(p);
#endif
    heap_tune_for_pages();
    for (int i = 0; i < 3; i++) {
        char *q = malloc(PAGE_BYTES);
        assert_non_null(q);
        q[0] = q[PAGE_BYTES - 1] = 2; /* usable from end to end */
#if !defined(__SANITIZE_ADDRESS__)
        /* AddressSanitizer's allocator maps large blocks itself and
         * ignores mallopt; glibc's now serves them from the heap */
        assert_int_equal(mallinfo2().hblks, 0);
        assert_true(mallinfo2().arena >= PAGE_BYTES);
#endif
        free(q);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(page_blocks_come_from_the_heap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
