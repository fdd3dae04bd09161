/*
 * fuzz_main.c - the libFuzzer driver: one binary per target, chosen at
 * build time with -DHB_FUZZ_NAME="load" (see targets.c and `make fuzz`).
 * An improper refusal (empty or multi-line error) aborts, so libFuzzer
 * keeps the input like any crash.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "targets.c"

#ifndef HB_FUZZ_NAME
#error "build with -DHB_FUZZ_NAME=\"<target>\""
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int (*fn)(const uint8_t *, size_t);
    if (!fn) {
        for (size_t i = 0; i < sizeof hb_fuzz_targets / sizeof *hb_fuzz_targets; i++)
            if (strcmp(hb_fuzz_targets[i].name, HB_FUZZ_NAME) == 0)
                fn = hb_fuzz_targets[i].fn;
        if (!fn) {
            fprintf(stderr, "fuzz: no target named %s\n", HB_FUZZ_NAME);
            abort();
        }
    }
    if (fn(data, size) < 0) {
        fprintf(stderr, "fuzz: %s: an input was refused without a proper "
                "one-line error\n", HB_FUZZ_NAME);
        abort();
    }
    return 0;
}
