/* static.c - looking up the built-in UI files (see static.h). */
#include "static.h"

#include <string.h>

const hb_static_file *review_static_find(const char *name)
{
    for (const hb_static_file *f = review_static_files; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}
