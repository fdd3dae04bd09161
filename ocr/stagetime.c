/*
 * stagetime.c - per-stage CPU accounting of a worker (see stagetime.h).
 */
#include "stagetime.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double cpu_now(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
        return 0.0;
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void stagetime_init(hb_stagetime *st)
{
    if (!st)
        return;
    memset(st, 0, sizeof *st);
    st->cur = HB_STAGE_REST;
    st->mark = cpu_now();
}

hb_stage stagetime_enter(hb_stagetime *st, hb_stage s)
{
    if (!st)
        return HB_STAGE_REST;
    hb_stage prev = st->cur;
    if ((unsigned)s >= HB_STAGE_COUNT)
        s = HB_STAGE_REST;
    if (s == prev)
        return prev;
    double now = cpu_now();
    st->sec[prev] += now - st->mark;
    st->mark = now;
    st->cur = s;
    return prev;
}

void stagetime_leave(hb_stagetime *st, hb_stage prev)
{
    stagetime_enter(st, prev);
}

void stagetime_count(hb_stagetime *st)
{
    if (st)
        st->calls[st->cur]++;
}

void stagetime_flush(hb_stagetime *st)
{
    if (!st)
        return;
    double now = cpu_now();
    st->sec[st->cur] += now - st->mark;
    st->mark = now;
}

const char *stagetime_name(hb_stage s)
{
    static const char *const names[HB_STAGE_COUNT] = {
        [HB_STAGE_INIT] = "init",     [HB_STAGE_DECODE] = "decode",
        [HB_STAGE_CLEAN] = "clean",   [HB_STAGE_GRID] = "grid",
        [HB_STAGE_LAYOUT] = "layout", [HB_STAGE_LABEL] = "label",
        [HB_STAGE_SCORE] = "score",   [HB_STAGE_LEVEL] = "level",
        [HB_STAGE_TEXT] = "text",     [HB_STAGE_DATE] = "date",
        [HB_STAGE_OTHER] = "other",   [HB_STAGE_RULES] = "rules",
        [HB_STAGE_XML] = "xml",       [HB_STAGE_REST] = "rest",
    };
    return (unsigned)s < HB_STAGE_COUNT ? names[s] : "?";
}

void stagetime_format(const hb_stagetime *st, char *buf, size_t size)
{
    if (!buf || size == 0)
        return;
    buf[0] = '\0';
    if (!st)
        return;
    size_t o = 0;
    int k = snprintf(buf, size, "stages pages=%ld books=%ld", st->pages,
                     st->books);
    o = k > 0 ? (size_t)k : 0;
    double total = 0;
    for (int i = 0; i < HB_STAGE_COUNT; i++)
        total += st->sec[i];
    for (int i = 0; i < HB_STAGE_COUNT && o < size; i++) {
        k = snprintf(buf + o, size - o, " %s=%.4f", stagetime_name((hb_stage)i),
                     st->sec[i]);
        o += k > 0 ? (size_t)k : 0;
    }
    long calls = 0;
    for (int i = 0; i < HB_STAGE_COUNT; i++)
        calls += st->calls[i];
    if (o < size) {
        k = snprintf(buf + o, size - o, " total=%.4f calls=%ld", total, calls);
        o += k > 0 ? (size_t)k : 0;
    }
    for (int i = 0; i < HB_STAGE_COUNT && o < size; i++) {
        if (!st->calls[i])
            continue;
        k = snprintf(buf + o, size - o, " %s.n=%ld", stagetime_name((hb_stage)i),
                     st->calls[i]);
        o += k > 0 ? (size_t)k : 0;
    }
    /* the line ends with a newline even when it was cut */
    if (o + 1 >= size)
        o = size >= 2 ? size - 2 : 0;
    if (size >= 2) {
        buf[o] = '\n';
        buf[o + 1] = '\0';
    }
}

int stagetime_append(hb_stagetime *st, const char *path)
{
    if (!st || !path || !*path)
        return -1;
    stagetime_flush(st);
    char line[1024];
    stagetime_format(st, line, sizeof line);
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
    if (fd < 0)
        return -1;
    size_t n = strlen(line);
    ssize_t w = write(fd, line, n);
    int rc = close(fd);
    return w == (ssize_t)n && rc == 0 ? 0 : -1;
}
