/*
 * omp_serial.c - Tesseract's OpenMP regions run as plain calls.
 *
 * Debian's Tesseract is built with OpenMP: the LSTM's gate loops are
 * `#pragma omp parallel for` and `parallel sections`, which GCC turns into
 * calls of libgomp's GOMP_parallel and GOMP_parallel_sections.  hocba runs
 * one single-threaded worker per core (main.c also sets OMP_THREAD_LIMIT=1,
 * see c-libraries.md), so those regions never get a second thread.  But
 * libgomp still builds a one-thread team for each of them and ends it on a
 * barrier whose last arrival always wakes the futex, waiters or not:
 * 212,729 futex system calls for one 3-page book, about 60,000 a page,
 * measured with `strace -c`.  Running the same three books with these
 * definitions took 14% less CPU (user+sys 15.0 s against 17.6 s, two runs
 * each), with byte-identical drafts.
 *
 * The program defines the four entry points Tesseract imports (`nm -D
 * libtesseract.so.5 | grep GOMP`); the dynamic linker binds a library's
 * references to the executable's definitions first, so libgomp's are never
 * called.  What they do is what a region does on a team of one thread: the
 * body runs once, on the calling thread.  omp_get_num_threads() and
 * omp_get_thread_num(), which the bodies call to split their loops, stay
 * libgomp's: outside any team they answer 1 and 0, so a loop body takes
 * the whole range.  The Makefile links this file in with `-u GOMP_parallel`
 * (nothing in hocba calls it, so the archive would otherwise leave it out).
 *
 * The signatures are GCC's libgomp ABI (libgomp/libgomp_g.h, symbol
 * version GOMP_4.0 for the two parallel calls, GOMP_1.0 for the sections
 * ones), stable since GCC 4.9.  If Tesseract ever imports another GOMP_
 * entry point, libgomp's own runs and it works as before, at the old cost.
 */
/* The sections of the region being run on this thread: the next one to
 * hand out and how many there are (thread-local, so that threads that
 * recognise at the same time each keep their own). */
static _Thread_local unsigned next_section, n_sections;

void GOMP_parallel(void (*fn)(void *), void *data, unsigned num_threads,
                   unsigned flags);
void GOMP_parallel_sections(void (*fn)(void *), void *data,
                            unsigned num_threads, unsigned count,
                            unsigned flags);
unsigned GOMP_sections_next(void);
void GOMP_sections_end_nowait(void);

void GOMP_parallel(void (*fn)(void *), void *data, unsigned num_threads,
                   unsigned flags)
{
    (void)num_threads;
    (void)flags;
    fn(data);
}

/* The body asks GOMP_sections_next for section numbers 1..count until it
 * gets 0; regions may nest, so the outer one's place is kept. */
void GOMP_parallel_sections(void (*fn)(void *), void *data,
                            unsigned num_threads, unsigned count,
                            unsigned flags)
{
    (void)num_threads;
    (void)flags;
    unsigned saved_next = next_section, saved_n = n_sections;
    next_section = 1;
    n_sections = count;
    fn(data);
    next_section = saved_next;
    n_sections = saved_n;
}

unsigned GOMP_sections_next(void)
{
    return next_section <= n_sections ? next_section++ : 0;
}

void GOMP_sections_end_nowait(void)
{
}
