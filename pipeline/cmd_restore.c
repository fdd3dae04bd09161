/* cmd_restore.c - `hocba restore`: placeholder until its issue lands. */
#include <stdio.h>

#include "cmd.h"

int cmd_restore(int argc, char **argv)
{
    (void)argc;
    fprintf(stderr, "hocba %s: not available in this build yet\n", argv[0]);
    return 1;
}
