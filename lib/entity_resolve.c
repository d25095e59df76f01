/*
 * entity_resolve.c: an ambiguous name ("Wagner", "Bush", "Georgia")
 * names an entity only when its article supports it.
 *
 * The gazetteer's columns say what support is (feeds/entities.tsv): an
 * unambiguous name of the entity anywhere in the article ("Wagner Group",
 * "George W. Bush"), or one of its context items (an entity mentioned by
 * an unambiguous name, or a word), and the article's year, when it has
 * one, within the entity's active years.  When several entities sharing
 * the name are supported, decide() picks as a reader would: by the
 * context around the mention, else the one named in full last before it,
 * else by the context in the whole article; a tie there names nothing,
 * since a wrong entity is worse than none.  Names read so count as names
 * in full for a second pass over those still unread ("Jordan's King
 * Abdullah": the word Abdullah reads Jordan, and Jordan the king).
 */
#include "entity_resolve.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gazetteer_trie.h"
#include "name_words.h"
#include "strmap.h"

/* Where a name needing no support was found: its entity, and its place
 * in reading order (part, then byte). */
struct anchor {
    uint32_t entity;
    uint64_t at;
};

/* A distinct word of the article: its norm's hash, its first four bytes
 * (head_of()), length and text. */
struct word {
    uint32_t hash, head, len;
    const char *norm;
};

/* The first four bytes of S (LEN bytes), the first lowest, zeros for
 * those S has not. */
static uint32_t head_of(const char *s, size_t len)
{
    uint32_t h = 0;
    for (size_t i = 0; i < len && i < 4; i++)
        h |= (uint32_t)(unsigned char)s[i] << (8 * i);
    return h;
}

struct resolver {
    const dossier_gazetteer *gaz;
    dossier_analysis *const *parts;
    size_t n_parts;
    struct anchor *anchors;
    size_t n_anchors;
    /* The article's distinct words (norms) that may be context words
     * (gaz_may_be_context), made at the first one looked up, and a table
     * of them by hash (open addressing, index into WORD + 1, 0 empty): a
     * word is then one probe, not a walk over the article for each item
     * of each candidate; a prefix is a walk over the distinct words'
     * first bytes. */
    struct word *word;
    size_t n_words;
    uint32_t *words;
    size_t n_slots;
    int has_words;
    /* Context hits computed once per entity and article: open addressing
     * by entity, (entity + 1) << 16 | hits, 0 empty; doubled when half
     * full (most articles ask about a few entities). */
    uint64_t *hits;
    size_t n_hit_slots, n_hits;
};

static uint64_t place(size_t part, uint32_t start)
{
    return ((uint64_t)part << 32) | start;
}

static int by_entity_then_place(const void *a, const void *b)
{
    const struct anchor *x = a, *y = b;
    if (x->entity != y->entity)
        return x->entity < y->entity ? -1 : 1;
    return (x->at > y->at) - (x->at < y->at);
}

/* The index of the first anchor not before (ENTITY, AT) in R's anchors,
 * sorted by entity, then place. */
static size_t first_anchor(const struct resolver *r, uint32_t entity,
                           uint64_t at)
{
    size_t lo = 0, hi = r->n_anchors;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const struct anchor *a = &r->anchors[mid];
        if (a->entity < entity || (a->entity == entity && a->at < at))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int has_anchor(const struct resolver *r, uint32_t entity)
{
    size_t i = first_anchor(r, entity, 0);
    return i < r->n_anchors && r->anchors[i].entity == entity;
}

/* Whether a token of RES in [LO, HI] is context word C's. */
static int has_word_in(const dossier_gazetteer *gaz, const dossier_analysis *res,
                       const gaz_context *c, size_t lo, size_t hi)
{
    const char *word = gaz_context_word(gaz, c);
    for (size_t k = lo; word && k <= hi && k < res->n_tokens; k++) {
        const dossier_token *t = &res->tokens[k];
        if (t->norm_len >= c->word_len &&
            (c->is_prefix || t->norm_len == c->word_len) &&
            memcmp(t->norm, word, c->word_len) == 0)
            return 1;
    }
    return 0;
}

/* Makes R's table of the article's words; 0, or -1 (memory).  The words
 * that may be context words are gathered first, so that the table is
 * sized for them, a few of the article's hundreds. */
static int index_words(struct resolver *r)
{
    size_t n = 0;
    for (size_t p = 0; p < r->n_parts; p++)
        n += r->parts[p]->n_tokens;
    r->word = malloc((n ? n : 1) * sizeof *r->word);
    if (r->word == NULL)
        return -1;
    const uint64_t *context = gaz_context_filter(r->gaz);
    unsigned prefix_lengths = gaz_context_prefix_lengths(r->gaz);
    size_t n_candidates = 0;
    for (size_t p = 0; p < r->n_parts; p++) {
        const dossier_analysis *res = r->parts[p];
        for (size_t i = 0; i < res->n_tokens; i++) {
            const dossier_token *t = &res->tokens[i];
            uint32_t hash = res->strings_of[i].norm_hash;
            /* A stop word is no context word (the gazetteer refuses them),
             * and a third of a text's words are stop words. */
            if (t->norm_len == 0 || (t->flags & DOSSIER_TOKEN_STOPWORD) ||
                !gaz_may_be_context(context, prefix_lengths, t->norm,
                                    t->norm_len, hash))
                continue; /* no context item can ask for it */
            r->word[n_candidates++] = (struct word){
                hash, head_of(t->norm, t->norm_len), t->norm_len, t->norm};
        }
    }
    size_t slots = 16;
    while (slots < 2 * n_candidates)
        slots *= 2;
    r->words = calloc(slots, sizeof *r->words);
    if (r->words == NULL) {
        free(r->word);
        r->word = NULL;
        return -1;
    }
    r->n_slots = slots;
    r->has_words = 1;
    /* Each distinct word once, moved down over the repeats. */
    for (size_t c = 0; c < n_candidates; c++) {
        const struct word w = r->word[c];
        for (size_t k = w.hash & (slots - 1);; k = (k + 1) & (slots - 1)) {
            if (r->words[k] == 0) {
                r->word[r->n_words] = w;
                r->words[k] = (uint32_t)++r->n_words;
                break;
            }
            const struct word *o = &r->word[r->words[k] - 1];
            if (o->hash == w.hash && o->len == w.len &&
                memcmp(o->norm, w.norm, w.len) == 0)
                break; /* the word is in already */
        }
    }
    return 0;
}

/* Whether a token of the article is context word C's, or begins with it
 * for a prefix. */
static int has_word(struct resolver *r, const gaz_context *c)
{
    const char *word = gaz_context_word(r->gaz, c);
    if (word == NULL)
        return 0;
    if (!r->has_words && index_words(r) != 0)
        return 0;
    size_t len = c->word_len;
    if (c->is_prefix) {
        uint32_t head = head_of(word, len);
        uint32_t mask = head_of("\xff\xff\xff\xff", len);
        for (size_t i = 0; i < r->n_words; i++) {
            const struct word *w = &r->word[i];
            if ((w->head & mask) == head && w->len >= len &&
                (len <= 4 || memcmp(w->norm + 4, word + 4, len - 4) == 0))
                return 1;
        }
        return 0;
    }
    uint32_t hash = strmap_hash(word, len, 0);
    for (size_t k = hash & (r->n_slots - 1); r->words[k] != 0;
         k = (k + 1) & (r->n_slots - 1)) {
        const struct word *w = &r->word[r->words[k] - 1];
        if (w->hash == hash && w->len == len && memcmp(w->norm, word, len) == 0)
            return 1;
    }
    return 0;
}

/* The slot of ENTITY in the table of N_SLOTS slots HITS, or the empty
 * slot where it goes. */
static size_t hit_slot(const uint64_t *hits, size_t n_slots, uint32_t entity)
{
    size_t k = (entity * 2654435761u) & (n_slots - 1);
    while (hits[k] != 0 && (hits[k] >> 16) != (uint64_t)entity + 1)
        k = (k + 1) & (n_slots - 1);
    return k;
}

/* Doubles R's table of context hits; 0, or -1 (memory: the table stays,
 * full up to half). */
static int grow_hits(struct resolver *r)
{
    size_t n = r->n_hit_slots * 2;
    uint64_t *hits = calloc(n, sizeof *hits);
    if (hits == NULL)
        return -1;
    for (size_t i = 0; i < r->n_hit_slots; i++)
        if (r->hits[i] != 0)
            hits[hit_slot(hits, n, (uint32_t)((r->hits[i] >> 16) - 1))] =
                r->hits[i];
    free(r->hits);
    r->hits = hits;
    r->n_hit_slots = n;
    return 0;
}

/* How many of ENTITY's context items the article holds. */
static unsigned context_hits(struct resolver *r, uint32_t entity)
{
    size_t k = hit_slot(r->hits, r->n_hit_slots, entity);
    if (r->hits[k] != 0)
        return (unsigned)(r->hits[k] & 0xFFFF);
    size_t n;
    const gaz_context *c = gaz_entity_context(r->gaz, entity, &n);
    unsigned hits = 0;
    for (size_t i = 0; i < n && hits < 0xFFFF; i++) {
        if (c[i].entity) {
            hits += has_anchor(r, c[i].entity - 1);
        } else {
            hits += has_word(r, &c[i]);
        }
    }
    /* Kept for the next question unless the table cannot take it. */
    if ((r->n_hits + 1) * 2 <= r->n_hit_slots ||
        (grow_hits(r) == 0 &&
         (k = hit_slot(r->hits, r->n_hit_slots, entity), 1))) {
        r->hits[k] = ((uint64_t)entity + 1) << 16 | hits;
        r->n_hits++;
    }
    return hits;
}

static int in_years(const dossier_gazetteer *gaz, uint32_t entity, int year)
{
    int from, to;
    gaz_entity_years(gaz, entity, &from, &to);
    return year == 0 || ((from == 0 || year >= from) && (to == 0 || year <= to));
}

/* How far back in reading order from AT the nearest unambiguous name of
 * ENTITY is; one after AT counts only when none is before it (a reader
 * takes a name for the last one named in full).  UINT64_MAX when there
 * is none. */
static uint64_t nearest_anchor(const struct resolver *r, uint32_t entity,
                               uint64_t at)
{
    size_t i = first_anchor(r, entity, at);
    /* The one before AT (an anchor never starts where an ambiguous name
     * does), else the one after. */
    if (i > 0 && r->anchors[i - 1].entity == entity)
        return at - r->anchors[i - 1].at;
    if (i < r->n_anchors && r->anchors[i].entity == entity)
        return (r->anchors[i].at - at) | (1ull << 62);
    return UINT64_MAX;
}

/* Whether an unambiguous name of entity E stands in part PART between
 * bytes FROM and TO. */
static int has_anchor_in(const struct resolver *r, uint32_t e, size_t part,
                         uint32_t from, uint32_t to)
{
    size_t i = first_anchor(r, e, place(part, from));
    return i < r->n_anchors && r->anchors[i].entity == e &&
           r->anchors[i].at < place(part, to);
}

/* The most words of a sentence that local_hits() reads on either side. */
#define LOCAL_WORDS 60

/* How strongly ENTITY's context stands around the mention at token TOKEN
 * of part PART: two for each item in its sentence, one for each only in
 * the sentence before. */
static unsigned local_hits(struct resolver *r, uint32_t entity,
                           size_t part, uint32_t token)
{
    const dossier_analysis *res = r->parts[part];
    if (token >= res->n_tokens)
        return 0;
    uint32_t sentence = res->tokens[token].sentence;
    /* Tokens [lo, mid) are the sentence before, [mid, hi] the mention's,
     * each at most LOCAL_WORDS long: text with no sentence end (a list, a
     * table) is not read whole for each mention. */
    size_t mid = token, hi = token;
    while (mid > 0 && token - mid < LOCAL_WORDS &&
           res->tokens[mid - 1].sentence == sentence)
        mid--;
    size_t lo = mid;
    while (lo > 0 && sentence > 0 && mid - lo < LOCAL_WORDS &&
           res->tokens[lo - 1].sentence == sentence - 1)
        lo--;
    while (hi + 1 < res->n_tokens && hi - token < LOCAL_WORDS &&
           res->tokens[hi + 1].sentence == sentence)
        hi++;
    size_t n;
    const gaz_context *c = gaz_entity_context(r->gaz, entity, &n);
    unsigned score = 0;
    for (size_t i = 0; i < n; i++) {
        int here, before;
        if (c[i].entity) {
            here = has_anchor_in(r, c[i].entity - 1, part,
                                 res->tokens[mid].start, res->tokens[hi].end);
            before = lo < mid &&
                     has_anchor_in(r, c[i].entity - 1, part,
                                   res->tokens[lo].start,
                                   res->tokens[mid - 1].end);
        } else if (!has_word(r, &c[i])) {
            continue; /* one probe, where the sentences are a walk */
        } else {
            here = has_word_in(r->gaz, res, &c[i], mid, hi);
            before = lo < mid && has_word_in(r->gaz, res, &c[i], lo, mid - 1);
        }
        score += here ? 2 : before ? 1 : 0;
    }
    return score;
}

/* Whether NORM, LEN bytes, is the word W. */
static int is_word(const char *norm, size_t len, const char *w)
{
    return len == strlen(w) && memcmp(norm, w, len) == 0;
}

/* How the words before the mention at token TOKEN of part PART say it
 * names a polity, a country or a place: 2 after an office and "of"
 * ("Prime Minister of Jordan", "President of the Congo"), as surely as a
 * name in full, with the weight of context around it; 1 after a common
 * noun and "of" ("the desert of Chad"), which supports a polity reading
 * without outweighing others; 0 otherwise.  (A place's preposition, "in
 * Gao", was tried and tagged more wrongly than rightly.) */
static int polity_cue(const struct resolver *r, size_t part, uint32_t token)
{
    const dossier_analysis *res = r->parts[part];
    size_t i = token;
    uint32_t sentence = res->tokens[token].sentence;
    if (i >= 1 &&
        is_word(analysis_norm(res, i - 1), res->tokens[i - 1].norm_len, "the"))
        i--;
    if (i < 1 || res->tokens[i - 1].sentence != sentence ||
        (res->tokens[i - 1].flags &
         (DOSSIER_TOKEN_CAPITALIZED | DOSSIER_TOKEN_ALL_CAPS)))
        return 0;
    if (!is_word(analysis_norm(res, i - 1), res->tokens[i - 1].norm_len,
                 "of") ||
        i < 2 ||
        res->tokens[i - 2].sentence != sentence)
        return 0;
    const dossier_token *before = &res->tokens[i - 2];
    if (!(before->flags & DOSSIER_TOKEN_CAPITALIZED))
        return before->flags & (DOSSIER_TOKEN_ALL_CAPS | DOSSIER_TOKEN_NUMBER)
                   ? 0
                   : 1;
    return (name_word_kinds(analysis_norm(res, i - 2), before->norm_len) &
            NAME_WORD_BEFORE)
               ? 2
               : 0;
}

static int is_person(const dossier_gazetteer *gaz, uint32_t entity)
{
    const dossier_entity *e = dossier_gazetteer_entity(gaz, entity);
    return e && e->type == DOSSIER_ENTITY_PERSON;
}

static int is_polity(const dossier_gazetteer *gaz, uint32_t entity)
{
    const dossier_entity *e = dossier_gazetteer_entity(gaz, entity);
    return e && (e->type == DOSSIER_ENTITY_COUNTRY ||
                 e->type == DOSSIER_ENTITY_PLACE);
}

#define MAX_CANDIDATES 16

/* The alias of the entity that the ambiguous name ALIAS, found at token
 * TOKEN of part PART, names in this article, or NULL.  The candidates are
 * the names at the same trie node written the same way, each ambiguous
 * (gazetteer.c keeps them in one list, later ones after ALIAS); those
 * the article supports compete:
 *   1. the one with the most context around the mention: its sentence
 *      (counted twice) and the one before ("Wagner lost them at Bakhmut"
 *      after "Richard Wagner" in the same article is still the group);
 *      an office before it ("Prime Minister of Jordan") supports, and
 *      counts as context, for countries and places, and a noun and "of"
 *      ("the desert of Chad") supports them (polity_cue);
 *   2. else the one named in full nearest before (else after) it;
 *   3. else the one with the most context items in the article, and
 *      none on a tie. */
static const gaz_alias *decide(struct resolver *r, const gaz_alias *alias,
                               size_t part, uint32_t token, int year)
{
    struct {
        const gaz_alias *alias;
        uint64_t distance;
        unsigned hits, local;
    } c[MAX_CANDIDATES];
    size_t n = 0;
    uint64_t at = place(part, r->parts[part]->tokens[token].start);
    const uint8_t *cases = gaz_alias_cases(r->gaz, alias);
    int cue = polity_cue(r, part, token);
    for (const gaz_alias *a = alias; a && n < MAX_CANDIDATES;
         a = gaz_next_alias(r->gaz, a)) {
        if (a != alias &&
            (!(a->flags & GAZ_ALIAS_AMBIGUOUS) ||
             a->n_tokens != alias->n_tokens ||
             memcmp(gaz_alias_cases(r->gaz, a), cases, a->n_tokens) != 0))
            continue;
        if (!in_years(r->gaz, a->entity, year))
            continue;
        uint64_t d = nearest_anchor(r, a->entity, at);
        unsigned hits = context_hits(r, a->entity);
        int polity = cue && is_polity(r->gaz, a->entity) ? cue : 0;
        if (d == UINT64_MAX && hits == 0 && !polity)
            continue; /* no support */
        c[n].alias = a;
        c[n].distance = d;
        c[n].hits = hits;
        c[n].local = (hits ? local_hits(r, a->entity, part, token) : 0) +
                     (polity == 2 ? 2 : 0);
        /* A surname in the body with one context item far from it, and
         * the person not named in full anywhere: too little to say who.
         * (A title's context is the body after it.) */
        if (d == UINT64_MAX && hits < 2 && c[n].local == 0 &&
            part == r->n_parts - 1 && is_person(r->gaz, a->entity))
            continue;
        n++;
    }
    if (n == 1)
        return c[0].alias;
    size_t best = 0;
    int is_tie = 0;
    for (size_t i = 1; i < n; i++) {
        if (c[i].local > c[best].local)
            best = i, is_tie = 0;
        else if (c[i].local == c[best].local)
            is_tie = 1;
    }
    if (n > 0 && c[best].local > 0 && !is_tie)
        return c[best].alias;
    best = 0;
    for (size_t i = 1; i < n; i++)
        if (c[i].distance < c[best].distance)
            best = i;
    if (n > 0 && c[best].distance != UINT64_MAX)
        return c[best].alias; /* distances differ: anchors do not overlap */
    best = 0;
    is_tie = 0;
    for (size_t i = 1; i < n; i++) {
        if (c[i].hits > c[best].hits)
            best = i, is_tie = 0;
        else if (c[i].hits == c[best].hits)
            is_tie = 1;
    }
    return n > 0 && !is_tie ? c[best].alias : NULL;
}

int resolve_mentions(const dossier_gazetteer *gaz,
                     dossier_analysis *const *parts, size_t n_parts,
                     int year)
{
    struct resolver r = {.gaz = gaz, .parts = parts, .n_parts = n_parts};
    size_t n_found = 0, n_ambiguous = 0;
    for (size_t p = 0; p < n_parts; p++) {
        parts[p]->n_mentions = 0;
        n_found += parts[p]->n_found;
        for (size_t i = 0; i < parts[p]->n_found; i++)
            n_ambiguous += (parts[p]->found[i].flags &
                            DOSSIER_MENTION_AMBIGUOUS) != 0;
    }
    if (n_ambiguous > 0) {
        r.anchors = malloc(n_found * sizeof *r.anchors);
        for (size_t p = 0; r.anchors && p < n_parts; p++)
            for (size_t i = 0; i < parts[p]->n_found; i++) {
                const dossier_mention *m = &parts[p]->found[i];
                if (m->flags & DOSSIER_MENTION_AMBIGUOUS)
                    continue;
                r.anchors[r.n_anchors].entity = m->entity->index;
                r.anchors[r.n_anchors].at = place(p, m->start);
                r.n_anchors++;
            }
        /* Sorted, each question about them is a binary search: a long
         * text with thousands of names is not quadratic. */
        if (r.anchors)
            qsort(r.anchors, r.n_anchors, sizeof *r.anchors,
                  by_entity_then_place);
        r.n_hit_slots = 64;
        r.hits = calloc(r.n_hit_slots, sizeof *r.hits);
    }
    /* The reading of each ambiguous name, in text order; NULL for none. */
    const gaz_alias **chosen =
        n_ambiguous ? calloc(n_ambiguous, sizeof *chosen) : NULL;
    int rc = n_ambiguous > 0 &&
                     (r.anchors == NULL || r.hits == NULL || chosen == NULL)
                 ? -1
                 : 0;
    /* A name read in the first pass supports others in the second, as a
     * name in full would: "Jordan's King Abdullah", where the word
     * Abdullah makes Jordan the country, and the country makes the king
     * Jordan's.  Only what the first pass read stands as support: no two
     * names hold each other up alone. */
    for (int pass = 0; rc == 0 && n_ambiguous > 0 && pass < 2; pass++) {
        size_t k = 0, n_read = 0;
        for (size_t p = 0; p < n_parts; p++) {
            const dossier_analysis *res = parts[p];
            for (size_t i = 0; i < res->n_found; i++) {
                if (!(res->found[i].flags & DOSSIER_MENTION_AMBIGUOUS))
                    continue;
                if (chosen[k] == NULL) {
                    const gaz_alias *alias =
                        gaz_alias_at(gaz, res->found_alias[i]);
                    if (alias)
                        chosen[k] = decide(&r, alias, p,
                                           res->found[i].first_token, year);
                }
                n_read += chosen[k] != NULL;
                k++;
            }
        }
        if (pass > 0 || n_read == 0 || n_read == n_ambiguous)
            break;
        k = 0;
        for (size_t p = 0; p < n_parts; p++)
            for (size_t i = 0; i < parts[p]->n_found; i++) {
                if (!(parts[p]->found[i].flags & DOSSIER_MENTION_AMBIGUOUS))
                    continue;
                if (chosen[k] != NULL) {
                    r.anchors[r.n_anchors].entity = chosen[k]->entity;
                    r.anchors[r.n_anchors].at =
                        place(p, parts[p]->found[i].start);
                    r.n_anchors++;
                }
                k++;
            }
        qsort(r.anchors, r.n_anchors, sizeof *r.anchors, by_entity_then_place);
        memset(r.hits, 0, r.n_hit_slots * sizeof *r.hits);
        r.n_hits = 0;
    }
    size_t k = 0;
    for (size_t p = 0; p < n_parts; p++) {
        dossier_analysis *res = parts[p];
        for (size_t i = 0; i < res->n_found; i++) {
            dossier_mention m = res->found[i];
            if (m.flags & DOSSIER_MENTION_AMBIGUOUS) {
                const gaz_alias *alias = rc == 0 ? chosen[k] : NULL;
                k++;
                if (alias == NULL)
                    continue;
                m.entity = dossier_gazetteer_entity(gaz, alias->entity);
                m.alias = gaz_alias_name(gaz, alias);
                if (m.entity == NULL)
                    continue;
            }
            if (analysis_add_mention(res, &m) != 0) {
                rc = -1;
                break;
            }
        }
    }
    free(chosen);
    free(r.anchors);
    free(r.words);
    free(r.hits);
    free(r.word);
    return rc;
}
