/* cmd_queue.c - `hocba queue`: placeholder until its issue lands. */
#include <stdio.h>

#include "cmd.h"

int cmd_queue(int argc, char **argv)
{
    (void)argc;
    fprintf(stderr, "hocba %s: not available in this build yet\n", argv[0]);
    return 1;
}
