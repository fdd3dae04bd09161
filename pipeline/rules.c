/* rules.c - placeholder until the rules land: flags nothing. */
#include "rules.h"

int rules_check_record(hb_record *r, hb_err *e)
{
    (void)r;
    (void)e;
    return 0;
}

int rules_check_book(hb_record **recs, size_t n, hb_err *e)
{
    (void)recs;
    (void)n;
    (void)e;
    return 0;
}
