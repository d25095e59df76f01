/*
 * render_count.c: how many match, in words, for the terminal and the
 * page alike, so that both say the same number the same way.
 */
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t render_thousands(uint32_t n, char *out, size_t out_size)
{
    char digits[16];
    int len = snprintf(digits, sizeof digits, "%u", n);
    size_t used = 0;
    for (int i = 0; i < len && used + 1 < out_size; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[used++] = ',';
        if (used + 1 < out_size)
            out[used++] = digits[i];
    }
    if (out_size > 0)
        out[used] = '\0';
    return used;
}

/* "93 articles", "1 article" or, for a lower bound, "more than 10,000
 * articles": COUNT is then the number of matches seen, so one fewer is
 * surely exceeded. */
static size_t count_phrase(uint32_t count, int is_exact, const char *one,
                           const char *many, char *out, size_t out_size)
{
    char n[32];
    uint32_t shown = is_exact || count == 0 ? count : count - 1;
    render_thousands(shown, n, sizeof n);
    int len = snprintf(out, out_size, "%s%s %s", is_exact ? "" : "more than ",
                       n, shown == 1 && is_exact ? one : many);
    return len < 0 ? 0 : (size_t)len < out_size ? (size_t)len : out_size - 1;
}

size_t render_total(const search_result *r, char *out, size_t out_size)
{
    size_t used = count_phrase(r->total, r->is_total_exact, "article",
                               "articles", out, out_size);
    int is_one = r->total == 1 && r->is_total_exact;
    used += (size_t)snprintf(out + used, out_size - used, " match%s",
                             is_one ? "es" : "");
    if (used < out_size &&
        (r->stories != r->total || r->is_stories_exact != r->is_total_exact)) {
        used += (size_t)snprintf(out + used, out_size - used, ", ");
        if (used < out_size)
            used += count_phrase(r->stories, r->is_stories_exact, "story", "stories",
                                 out + used, out_size - used);
    }
    return used < out_size ? used : out_size - 1;
}

size_t render_facet_basis(const search_result *r, char *out, size_t out_size)
{
    char counted[32], total[64];
    render_thousands(r->facet_docs, counted, sizeof counted);
    int len;
    if (r->is_total_exact && r->facet_docs >= r->total) {
        len = snprintf(out, out_size, "over all %s matching articles",
                       counted);
    } else {
        count_phrase(r->total, r->is_total_exact, "article", "articles",
                     total, sizeof total);
        len = snprintf(out, out_size, "over the best %s of %s", counted,
                       total);
    }
    return len < 0 ? 0 : (size_t)len < out_size ? (size_t)len : out_size - 1;
}

size_t render_year_months(const search_result *r, size_t from,
                          const char *year, uint32_t per[12])
{
    memset(per, 0, 12 * sizeof *per);
    size_t m = from;
    for (; m < r->months.n && strncmp(r->months.items[m].value, year, 4) == 0;
         m++) {
        int month = atoi(r->months.items[m].value + 5);
        if (month >= 1 && month <= 12)
            per[month - 1] = r->months.items[m].count;
    }
    return m;
}
