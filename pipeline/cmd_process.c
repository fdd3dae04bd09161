/* cmd_process.c - `hocba process`: placeholder until its issue lands. */
#include <stdio.h>

#include "cmd.h"

int cmd_process(int argc, char **argv)
{
    (void)argc;
    fprintf(stderr, "hocba %s: not available in this build yet\n", argv[0]);
    return 1;
}
