/*
 * snippet.c: choosing fragments and marking matches and entities.
 *
 * The stored text is analyzed again with the analyzer that indexed it, so
 * a token matches exactly when its term is one the query searched: any
 * inflection of a stemmed word, both spellings, the parts of a compound.
 */
#include "snippet.h"

#include <stdlib.h>
#include <string.h>

static int add_segment(snippet *s, segment_type type, size_t start,
                       size_t end, const dossier_entity *e, int is_match)
{
    if (type != SEG_ELLIPSIS && start >= end)
        return 0;
    if (s->n_segments == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        segment *p = realloc(s->segments, cap * sizeof *p);
        if (p == NULL)
            return -1;
        s->segments = p;
        s->cap = cap;
    }
    s->segments[s->n_segments++] =
        (segment){.type = type, .start = start, .end = end, .entity = e,
                  .is_match = is_match};
    return 0;
}

dossier_status snippet_plain(size_t len, snippet *out)
{
    return add_segment(out, SEG_TEXT, 0, len, NULL, 0) ? DOSSIER_ERR_NOMEM
                                                       : DOSSIER_OK;
}

void snippet_free(snippet *s)
{
    free(s->segments);
    memset(s, 0, sizeof *s);
}

/* Which of Q's terms (0 to n_terms - 1) or prefixes (n_terms on) token T
 * holds, or -1. */
static int query_term_index(const built_query *q, const dossier_token *t)
{
    if (t->term_len == 0)
        return -1;
    for (size_t i = 0; i < q->n_terms; i++)
        if (strcmp(t->term, q->terms[i]) == 0)
            return (int)i;
    for (size_t i = 0; i < q->n_prefixes; i++)
        if (strncmp(t->term, q->prefixes[i], strlen(q->prefixes[i])) == 0)
            return (int)(q->n_terms + i);
    return -1;
}

/* Analyzes TEXT for Q: only tokens that may hold one of Q's terms are
 * stemmed (a term's first byte is known without stemming, see
 * dossier_analyze_for_terms); on a results page, stemming every word of
 * ten articles in a new process was the better part of the snippets'
 * cost. */
static dossier_status analyze_for(dossier_analyzer *an, const char *text,
                                  size_t len, const char *lang,
                                  const built_query *q, dossier_analysis *res)
{
    unsigned char first_bytes[256] = {0};
    for (size_t i = 0; i < q->n_terms; i++)
        first_bytes[(unsigned char)q->terms[i][0]] = 1;
    for (size_t i = 0; i < q->n_prefixes; i++) {
        if (q->prefixes[i][0] == '\0') /* every term has it */
            memset(first_bytes, 1, sizeof first_bytes);
        first_bytes[(unsigned char)q->prefixes[i][0]] = 1;
    }
    return dossier_analyze_for_terms(an, text, len, lang, first_bytes, res);
}

static int is_query_entity(const built_query *q, const dossier_entity *e)
{
    for (size_t i = 0; i < q->n_entities; i++)
        if (q->entities[i] == e)
            return 1;
    return 0;
}

/* Per token: which query term it matches (-1: none).  A matching joined
 * compound marks its parts; a stop word only as a word asked alone. */
static int *mark_matches(const dossier_analysis *res, const built_query *q)
{
    const dossier_token *t = dossier_analysis_tokens(res);
    size_t n = dossier_analysis_token_count(res);
    int *match = malloc((n + 1) * sizeof *match);
    if (match == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        match[i] = (t[i].flags & DOSSIER_TOKEN_COMPOUND)
                       ? -1
                       : query_term_index(q, &t[i]);
        /* A word asked only inside a phrase is marked with its phrase. */
        if (match[i] >= 0 && (size_t)match[i] < q->n_terms &&
            !q->is_standalone[match[i]])
            match[i] = -1;
    }
    /* The phrases: consecutive positions holding their terms in order. */
    for (size_t p = 0; p < q->n_phrases; p++) {
        const struct query_phrase *ph = &q->phrases[p];
        for (size_t i = 0; i < n; i++) {
            size_t k = 0, j = i;
            uint32_t pos = t[i].position;
            while (k < ph->n && j < n) {
                if (t[j].flags & DOSSIER_TOKEN_COMPOUND) {
                    j++;
                    continue;
                }
                if (t[j].position != pos + k ||
                    t[j].term_len == 0 ||
                    strcmp(t[j].term, q->terms[ph->terms[k]]) != 0)
                    break;
                k++;
                j++;
            }
            if (k < ph->n)
                continue;
            for (size_t m = i, seen = 0; m < n && seen < ph->n; m++) {
                if (t[m].flags & DOSSIER_TOKEN_COMPOUND)
                    continue;
                match[m] = (int)ph->terms[seen++];
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (!(t[i].flags & DOSSIER_TOKEN_COMPOUND))
            continue;
        int m = query_term_index(q, &t[i]);
        if (m < 0)
            continue;
        for (size_t k = i; k-- > 0 && t[k].start >= t[i].start;)
            if (!(t[k].flags & DOSSIER_TOKEN_COMPOUND) && match[k] < 0)
                match[k] = m;
    }
    /* A stop word is not marked in a phrase or a compound ("Rostov-on-
     * [Don]" is no match of "on"), nor alone: only a query of nothing
     * else searches it as a word of its own ("the who"). */
    for (size_t i = 0; i < n; i++)
        if ((t[i].flags & DOSSIER_TOKEN_STOPWORD) && match[i] >= 0 &&
            !((size_t)match[i] < q->n_terms && q->is_standalone[match[i]]))
            match[i] = -1;
    return match;
}

/* Emits the segments of bytes [FROM, TO) of the text. */
static int emit_range(snippet *s, const dossier_analysis *res,
                      const int *match, const built_query *q, size_t from,
                      size_t to)
{
    const dossier_token *t = dossier_analysis_tokens(res);
    size_t n = dossier_analysis_token_count(res);
    const dossier_mention *m = dossier_analysis_mentions(res);
    size_t n_m = dossier_analysis_mention_count(res);
    size_t at = from, mi = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i].flags & DOSSIER_TOKEN_COMPOUND || t[i].end > to)
            continue;
        if (t[i].start < at) {
            /* A bigram of CJK overlaps the one before (tokenize.c): a
             * match that runs on from a match widens it. */
            segment *last = s->n_segments ? &s->segments[s->n_segments - 1]
                                          : NULL;
            if (match[i] >= 0 && t[i].end > at && last &&
                last->type == SEG_MATCH && last->end == at) {
                last->end = t[i].end;
                at = t[i].end;
            }
            continue;
        }
        while (mi < n_m && m[mi].end <= t[i].start)
            mi++;
        if (mi < n_m && m[mi].start <= t[i].start && m[mi].end <= to &&
            m[mi].start >= at) {
            /* An entity: one segment for the whole mention. */
            int is_match = is_query_entity(q, m[mi].entity);
            for (size_t k = m[mi].first_token; k <= m[mi].last_token; k++)
                is_match |= match[k] >= 0;
            if (add_segment(s, SEG_TEXT, at, m[mi].start, NULL, 0) ||
                add_segment(s, SEG_ENTITY, m[mi].start, m[mi].end,
                            m[mi].entity, is_match))
                return -1;
            at = m[mi].end;
            mi++;
            continue;
        }
        if (match[i] >= 0) {
            if (add_segment(s, SEG_TEXT, at, t[i].start, NULL, 0) ||
                add_segment(s, SEG_MATCH, t[i].start, t[i].end, NULL, 1))
                return -1;
            at = t[i].end;
        }
    }
    return add_segment(s, SEG_TEXT, at, to, NULL, 0);
}

dossier_status snippet_analyze_article(dossier_analyzer *an,
                                       dossier_analysis *title_res,
                                       dossier_analysis *body_res,
                                       const char *title, const char *body,
                                       const char *lang, int year,
                                       const built_query *q)
{
    dossier_status st =
        analyze_for(an, title, strlen(title), lang, q, title_res);
    if (st != DOSSIER_OK && st != DOSSIER_ERR_LANGUAGE)
        return st;
    st = analyze_for(an, body, strlen(body), lang, q, body_res);
    if (st != DOSSIER_OK && st != DOSSIER_ERR_LANGUAGE)
        return st;
    dossier_analysis *parts[2] = {title_res, body_res};
    return dossier_analyzer_resolve_article(an, parts, 2, year);
}

dossier_status snippet_highlight_analyzed(const dossier_analysis *res,
                                          size_t len, const built_query *q,
                                          snippet *out)
{
    memset(out, 0, sizeof *out);
    int *match = mark_matches(res, q);
    if (match == NULL)
        return DOSSIER_ERR_NOMEM;
    int rc = emit_range(out, res, match, q, 0, len);
    free(match);
    return rc ? DOSSIER_ERR_NOMEM : DOSSIER_OK;
}

dossier_status snippet_highlight_all(dossier_analyzer *an,
                                     dossier_analysis *res, const char *text,
                                     size_t len, const char *lang,
                                     const built_query *q, snippet *out)
{
    memset(out, 0, sizeof *out);
    dossier_status st = analyze_for(an, text, len, lang, q, res);
    if (st != DOSSIER_OK && st != DOSSIER_ERR_LANGUAGE)
        return st;
    return snippet_highlight_analyzed(res, len, q, out);
}

struct fragment {
    size_t first, last; /* token indexes, inclusive */
    size_t start, end;  /* bytes */
};

static int by_start(const void *a, const void *b)
{
    const struct fragment *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

dossier_status snippet_build(dossier_analyzer *an, dossier_analysis *res,
                             const char *text, size_t len, const char *lang,
                             const built_query *q,
                             const snippet_options *opts, snippet *out)
{
    memset(out, 0, sizeof *out);
    dossier_status st = analyze_for(an, text, len, lang, q, res);
    if (st != DOSSIER_OK && st != DOSSIER_ERR_LANGUAGE)
        return st;
    return snippet_build_analyzed(res, text, len, q, opts, out);
}

dossier_status snippet_build_analyzed(const dossier_analysis *res,
                                      const char *text, size_t len,
                                      const built_query *q,
                                      const snippet_options *opts,
                                      snippet *out)
{
    memset(out, 0, sizeof *out);
    (void)text;
    size_t max_fragments = opts && opts->max_fragments ? opts->max_fragments
                                                       : 3;
    size_t words = opts && opts->fragment_words ? opts->fragment_words : 30;
    const dossier_token *t = dossier_analysis_tokens(res);
    size_t n = dossier_analysis_token_count(res);
    if (n == 0)
        return DOSSIER_OK;
    int *match = mark_matches(res, q);
    size_t n_q = q->n_terms + q->n_prefixes;
    char *covered = calloc(n_q + 1, 1);
    size_t n_sent = dossier_analysis_sentence_count(res);
    char *is_taken = calloc(n_sent + 1, 1);
    /* Each sentence's first and last token. */
    size_t *sent_first = malloc((n_sent + 1) * sizeof *sent_first);
    size_t *sent_last = malloc((n_sent + 1) * sizeof *sent_last);
    struct fragment frags[16];
    size_t n_frags = 0;
    int rc = -1;
    if (!match || !covered || !is_taken || !sent_first || !sent_last)
        goto done;
    for (size_t s = 0; s < n_sent; s++)
        sent_first[s] = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        size_t s = t[i].sentence;
        if (s >= n_sent)
            continue;
        if (sent_first[s] == SIZE_MAX)
            sent_first[s] = i;
        sent_last[s] = i;
    }
    if (max_fragments > 16)
        max_fragments = 16;

    /* Greedy: the sentence adding the most new query terms, then query
     * entities, then matches, then entities; ties to the earlier one. */
    const dossier_mention *m = dossier_analysis_mentions(res);
    size_t n_m = dossier_analysis_mention_count(res);
    while (n_frags < max_fragments) {
        long best_score = 0;
        size_t best = SIZE_MAX;
        for (size_t s = 0; s < n_sent; s++) {
            if (is_taken[s] || sent_first[s] == SIZE_MAX)
                continue;
            long new_terms = 0, matches = 0, entities = 0, query_entities = 0;
            char seen[64] = {0};
            for (size_t i = sent_first[s]; i <= sent_last[s]; i++) {
                if (match[i] < 0)
                    continue;
                matches++;
                size_t k = (size_t)match[i];
                if (!covered[k] && (k >= 64 || !seen[k])) {
                    new_terms++;
                    if (k < 64)
                        seen[k] = 1;
                }
            }
            for (size_t j = 0; j < n_m; j++) {
                if (t[m[j].first_token].sentence != s)
                    continue;
                entities++;
                query_entities += is_query_entity(q, m[j].entity);
            }
            long score = new_terms * 10000 + query_entities * 1000 +
                         matches * 10 + (entities > 9 ? 9 : entities);
            if (matches == 0 && query_entities == 0)
                score = 0;
            if (score > best_score) {
                best_score = score;
                best = s;
            }
        }
        if (best == SIZE_MAX)
            break;
        is_taken[best] = 1;
        size_t first = sent_first[best], last = sent_last[best];
        for (size_t i = first; i <= last; i++)
            if (match[i] >= 0)
                covered[match[i]] = 1;
        /* A long sentence: a window of WORDS tokens from a little before
         * its first match. */
        if (last - first + 1 > words) {
            size_t at = first;
            while (at <= last && match[at] < 0)
                at++;
            if (at > last)
                at = first;
            size_t start = at > first + 5 ? at - 5 : first;
            first = start;
            if (last > first + words - 1)
                last = first + words - 1;
        }
        frags[n_frags++] = (struct fragment){first, last, t[first].start,
                                             t[last].end};
    }
    if (n_frags == 0) {
        /* Nothing matches here: the lede. */
        size_t last = n - 1;
        if (last > words - 1)
            last = words - 1;
        frags[n_frags++] = (struct fragment){0, last, t[0].start,
                                             t[last].end};
    }
    qsort(frags, n_frags, sizeof frags[0], by_start);
    size_t prev_end = 0;
    for (size_t f = 0; f < n_frags; f++) {
        size_t end = frags[f].end;
        /* Keep the sentence's closing punctuation. */
        if (end < len && (text[end] == '.' || text[end] == '!' ||
                          text[end] == '?'))
            end++;
        /* Fragments that follow one another read as one: no ellipsis
         * between consecutive sentences. */
        int is_adjacent = f > 0;
        for (size_t k = f > 0 ? frags[f - 1].last + 1 : 0;
             is_adjacent && k < frags[f].first; k++)
            if (!(t[k].flags & DOSSIER_TOKEN_COMPOUND))
                is_adjacent = 0;
        if (is_adjacent) {
            if (add_segment(out, SEG_TEXT, prev_end, frags[f].start, NULL, 0))
                goto done;
        } else if ((f > 0 || frags[f].start > 0) &&
                   add_segment(out, SEG_ELLIPSIS, 0, 0, NULL, 0)) {
            goto done;
        }
        if (emit_range(out, res, match, q, frags[f].start, end))
            goto done;
        if (f == n_frags - 1 && end < len && frags[f].last + 1 < n &&
            add_segment(out, SEG_ELLIPSIS, 0, 0, NULL, 0))
            goto done;
        prev_end = end;
    }
    rc = 0;
done:
    free(match);
    free(covered);
    free(is_taken);
    free(sent_first);
    free(sent_last);
    if (rc != 0)
        snippet_free(out);
    return rc ? DOSSIER_ERR_NOMEM : DOSSIER_OK;
}
