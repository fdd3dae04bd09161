/* cmd_revoke.c - `hocba revoke`: placeholder until its issue lands. */
#include <stdio.h>

#include "cmd.h"

int cmd_revoke(int argc, char **argv)
{
    (void)argc;
    fprintf(stderr, "hocba %s: not available in this build yet\n", argv[0]);
    return 1;
}
