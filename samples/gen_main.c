/* gen_main.c - placeholder until the samples issue lands. */
#include <stdio.h>

int main(void)
{
    fprintf(stderr, "gen: not available in this build yet\n");
    return 1;
}
