/*
 * synth.h - plausible random student-year records, with ground truth.
 *
 * Deterministic by seed.  Values follow the regulations (CA_NAM computed from
 * the semesters, Học lực / Kết quả học tập derived from the averages) so that
 * a generated book is consistent unless a test asks otherwise.
 */
#ifndef HB_SYNTH_H
#define HB_SYNTH_H

#include <stddef.h>

#include "record.h"

/* A book: one student's records for `n` consecutive years of `family`
 * starting at grade `first_grade` (consistent names, birth date, school).
 * Returns the number of records written to out[] (caller frees each). */
size_t synth_book(unsigned seed, hb_family family, int first_grade, size_t n,
                  hb_record **out);

#endif
