/*
 * progress.c: one self-rewriting line on a terminal's standard error.
 */
#define _POSIX_C_SOURCE 200809L
#include "progress.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_start(progress *p, FILE *out, int is_wanted,
                    uint64_t total_bytes)
{
    p->out = is_wanted && out && isatty(fileno(out)) ? out : NULL;
    p->start = now();
    p->last_draw = 0;
    p->total_bytes = total_bytes;
    p->after = NULL;
}

double progress_elapsed(const progress *p)
{
    return now() - p->start;
}

/* Whether it is time to redraw (ten times a second at most). */
static int is_due(progress *p, double t)
{
    if (p->out == NULL || t - p->last_draw < 0.1)
        return 0;
    p->last_draw = t;
    return 1;
}

void progress_update(progress *p, uint64_t articles, uint64_t bytes,
                     const char *file)
{
    double t = now();
    if (!is_due(p, t))
        return;
    double elapsed = t - p->start;
    double rate = elapsed > 0 ? (double)articles / elapsed : 0;
    fputs("\r\033[K", p->out);
    if (file) {
        /* The file's own name, not its folders. */
        const char *base = strrchr(file, '/');
        base = base && base[1] ? base + 1 : file;
        fprintf(p->out, "%.40s: ", base);
    }
    fprintf(p->out, "%llu articles, %.0f/s, %.1f MB",
            (unsigned long long)articles, rate, (double)bytes / 1e6);
    if (p->total_bytes > 0) {
        /* An estimate the input outran was low: what is read so far,
         * and a little more, is the better guess. */
        if (bytes >= p->total_bytes)
            p->total_bytes = bytes + bytes / 50 + 1;
        double eta = bytes > 0 ? elapsed * (double)(p->total_bytes - bytes) /
                                     (double)bytes
                               : 0;
        fprintf(p->out, " of %.1f, ETA %d:%02d%s%s",
                (double)p->total_bytes / 1e6, (int)eta / 60, (int)eta % 60,
                p->after ? " " : "", p->after ? p->after : "");
    }
    fflush(p->out);
}

void progress_phase(progress *p, const char *text)
{
    if (p->out == NULL)
        return;
    p->last_draw = now();
    fprintf(p->out, "\r\033[K%s", text);
    fflush(p->out);
}

void progress_text(progress *p, const char *text)
{
    if (!is_due(p, now()))
        return;
    fprintf(p->out, "\r\033[K%s", text);
    fflush(p->out);
}

void progress_clear(progress *p)
{
    if (p->out == NULL || p->last_draw == 0)
        return;
    fputs("\r\033[K", p->out);
    fflush(p->out);
    p->last_draw = 0;
}
