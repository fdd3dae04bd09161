#include "datadir.h"

#include <stdio.h>
#include <stdlib.h>

#ifndef HB_DATADIR
#define HB_DATADIR "/usr/local/share/hocba"
#endif

char *datadir_path(const char *rel, char *buf, size_t size)
{
    const char *dir = getenv("HOCBA_DATADIR");
    if (!dir || !*dir)
        dir = HB_DATADIR;
    int n = snprintf(buf, size, "%s/%s", dir, rel);
    if (n < 0 || (size_t)n >= size)
        return NULL;
    return buf;
}
