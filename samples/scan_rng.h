/*
 * scan_rng.h - the small seeded random generator of the samples module.
 *
 * Synthetic books must be reproducible byte for byte from a seed, on every
 * machine, so the samples code never calls rand() (global state, different
 * sequences per libc) but carries one of these explicitly.  splitmix64:
 * tiny, fast, good enough for picking angles and noise.
 */
#ifndef HB_SCAN_RNG_H
#define HB_SCAN_RNG_H

#include <stdint.h>

typedef struct scan_rng {
    uint64_t s;
} scan_rng;

static inline uint64_t scan_rng_next(scan_rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* A generator for (seed, stream): distinct streams give unrelated sequences,
 * so adding a new random choice in one place never shifts the others. */
static inline scan_rng scan_rng_make(uint64_t seed, uint64_t stream)
{
    scan_rng r = {seed * 0xd1b54a32d192ed03ull + stream * 0x9e3779b97f4a7c15ull + 1};
    scan_rng_next(&r);
    return r;
}

/* Uniform in [0, 1). */
static inline double scan_rng_unit(scan_rng *r)
{
    return (double)(scan_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform in [lo, hi). */
static inline double scan_rng_range(scan_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * scan_rng_unit(r);
}

/* Uniform integer in [lo, hi]. */
static inline int scan_rng_int(scan_rng *r, int lo, int hi)
{
    return lo + (int)(scan_rng_next(r) % (uint64_t)(hi - lo + 1));
}

/* 1 with probability p. */
static inline int scan_rng_chance(scan_rng *r, double p)
{
    return scan_rng_unit(r) < p;
}

#endif
