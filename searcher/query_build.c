/*
 * query_build.c: the parsed query becomes a Xapian query.
 *
 * Words go through the analyzer, so "defences" finds what "defense"
 * indexed; a hyphenated word is its parts as a phrase or its joined form.
 * Fields that only filter (source, author, entity, type, lang, category,
 * dates) add no weight.  A plain group of words ranks documents holding all of
 * them first (QUERY_ALL_WORDS_BOOST), then those holding some: neither a
 * flood of one-word matches nor nothing at all.  An order that does not
 * rank (by date) cannot put all-words matches first, so there a group
 * matches only the documents holding all of its words.  Stop words among
 * other plain words are dropped: the index gives them no weight, and a
 * document should not need "of" to rank among all-words matches.
 *
 * Spellings follow the analyzer's rule for proper nouns (analyzer.h): a
 * word written Capitalized is a name and matches only its own spelling
 * ("Tyre" the city: tyre), unless the index has no name so spelt
 * ("Defence" typed first on a phone: both forms), while a lower-case word
 * (or one in capitals)
 * whose spelling folds, or which a British spelling folds to, matches
 * both forms of the index as one weighted word: tyre or tire -> (tire
 * SYNONYM tyre); inside a phrase or NEAR, which take only terms or ORs of
 * terms, (tire OR tyre) at the word's position.  Snippets mark either.
 *
 * Names widen words: plain words that name an entity of the gazetteer
 * (recognized as if written in capitals, where case says nothing: "kiev",
 * "cyber command") also match the entity's other names.  The query of
 * those words is replaced, where they stand, by OR(words, XE<id>), so
 * "Kiev" finds the articles that say Kyiv and "Kiev attack" needs (kiev OR
 * the entity) and attack for the all-words rank or an order by date.  A
 * name of several words is one unit: in the all-words AND it is OR(AND
 * (its words), XE<id>), on its own any of its words or XE<id>.  A name
 * must be made of whole words ("Kiev-based" names nothing), and only what
 * dossier_analyze reports as a mention widens (a name that needs support
 * in the article is no mention in a query alone), and not stop words
 * typed in lower case ("who" is no WHO).  Quoted phrases,
 * fields (title:, entity:) and wildcards are not widened.  An excluded
 * word is, so that "japan -china" leaves out every article "china" finds
 * (those saying Beijing too).
 * The entities named also boost the documents that mention them, for
 * ranking (QUERY_ENTITY_BOOST).
 */
#include "query_build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dossier/schema.h"
#include "dossier/url.h"

/* Weight of the parts of an unquoted hyphenated word taken one by one. */
#define COMPOUND_PARTS_WEIGHT 0.25

struct builder {
    dossier_analyzer *an;
    const dossier_gazetteer *gaz;
    const char *lang;
    double all_words_boost, entity_boost, proximity_boost;
    int is_all_words_required;
    int is_match_only;
    parsed_query *q;
    built_query *out;
    dossier_analysis *res;
    /* The words of the query, for entity recognition. */
    char words[QUERY_MAX_BYTES * 2 + 16];
    size_t words_len;
    int was_plain_word;
    int failed;
    /* An error of the index (expanding a wildcard), when FAILED. */
    dossier_status status;
    dossier_error *err;
    wildcard_expander *wildcards;
    int has_warned_scan;
    size_t wildcard_budget;
    /* Budgets over the whole query (QUERY_WILDCARD_BUDGET and friends). */
    size_t n_wildcards, wildcards_built;
    unsigned group_depth;
};

/* Counts the wildcards of the tree at N. */
static size_t count_wildcards(const query_node *n)
{
    if (n == NULL)
        return 0;
    size_t k = n->type == QN_WORD && n->is_wildcard;
    for (size_t i = 0; i < n->n_children; i++)
        k += count_wildcards(n->children[i]);
    return k;
}

static void warn(struct builder *b, size_t position, const char *message,
                 const char *arg)
{
    parsed_query *q = b->q;
    if (q->n_warnings == QUERY_MAX_WARNINGS)
        return;
    query_warning *w = &q->warnings[q->n_warnings++];
    w->position = position;
    snprintf(w->message, sizeof w->message, message, arg);
}

static int add_string(struct builder *b, char ***list, size_t *n,
                      const char *s)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*list)[i], s) == 0)
            return 0;
    char **l = realloc(*list, (*n + 1) * sizeof *l);
    char *copy = l ? strdup(s) : NULL;
    if (l)
        *list = l;
    if (copy == NULL) {
        b->failed = 1;
        return -1;
    }
    l[(*n)++] = copy;
    return 0;
}

/* Adds TERM to the highlight terms (once); returns its index, or -1. */
static long add_term(struct builder *b, const char *term, int is_standalone)
{
    built_query *o = b->out;
    for (size_t i = 0; i < o->n_terms; i++) {
        if (strcmp(o->terms[i], term) == 0) {
            o->is_standalone[i] |= (unsigned char)is_standalone;
            return (long)i;
        }
    }
    unsigned char *flags =
        realloc(o->is_standalone, (o->n_terms + 1) * sizeof *flags);
    if (flags == NULL) {
        b->failed = 1;
        return -1;
    }
    o->is_standalone = flags;
    flags[o->n_terms] = (unsigned char)is_standalone;
    if (add_string(b, &o->terms, &o->n_terms, term) != 0)
        return -1;
    return (long)(o->n_terms - 1);
}

/* Records the terms of a phrase, by their indexes. */
static void add_phrase(struct builder *b, const long *idx, size_t n)
{
    built_query *o = b->out;
    struct query_phrase *p =
        realloc(o->phrases, (o->n_phrases + 1) * sizeof *p);
    size_t *terms = malloc(n * sizeof *terms);
    if (p)
        o->phrases = p;
    if (p == NULL || terms == NULL) {
        free(terms);
        b->failed = 1;
        return;
    }
    for (size_t i = 0; i < n; i++)
        terms[i] = (size_t)idx[i];
    o->phrases[o->n_phrases++] = (struct query_phrase){terms, n};
}

static void add_entity(struct builder *b, const dossier_entity *e)
{
    built_query *o = b->out;
    for (size_t i = 0; i < o->n_entities; i++)
        if (o->entities[i] == e)
            return;
    const dossier_entity **l =
        realloc(o->entities, (o->n_entities + 1) * sizeof *l);
    if (l == NULL) {
        b->failed = 1;
        return;
    }
    o->entities = l;
    l[o->n_entities++] = e;
}

static xc_query *term_q(struct builder *b, const char *prefix,
                        const char *term, xc_termpos pos)
{
    char buf[XC_MAX_TERM_BYTES + 1];
    if (snprintf(buf, sizeof buf, "%s%s", prefix, term) >= (int)sizeof buf)
        return NULL;
    xc_query *q = NULL;
    if (xc_query_term(buf, 1, pos, &q) != XC_STATUS_SUCCESS)
        b->failed = 1;
    return q;
}

/* Combines the N queries of SUBS with OP and destroys them.  NULL members
 * are skipped; one member is returned as it is. */
static xc_query *combine(struct builder *b, xc_query_op op, xc_query **subs,
                         size_t n, unsigned window)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (subs[i])
            subs[k++] = subs[i];
    if (k == 0)
        return NULL;
    if (k == 1 && op != XC_QUERY_PHRASE && op != XC_QUERY_NEAR)
        return subs[0];
    xc_query *q = NULL;
    if (xc_query_combine(op, (const xc_query *const *)subs, k, window, &q) !=
        XC_STATUS_SUCCESS)
        b->failed = 1;
    for (size_t i = 0; i < k; i++)
        xc_query_destroy(subs[i]);
    return q;
}

static xc_query *scale(struct builder *b, xc_query *q, double factor)
{
    if (q == NULL)
        return NULL;
    xc_query *s = NULL;
    if (xc_query_scale_weight(q, factor, &s) != XC_STATUS_SUCCESS)
        b->failed = 1;
    xc_query_destroy(q);
    return s;
}

/* Keeps the query's words for entity recognition: adjacent plain words
 * joined by a space ("cyber command"), anything else set apart by a blank
 * line, which ends a sentence, so names never run across a quote. */
static void remember_words(struct builder *b, const char *text,
                           int is_plain_word)
{
    size_t len = strlen(text);
    if (b->words_len + len + 3 >= sizeof b->words)
        return;
    if (b->words_len && is_plain_word && b->was_plain_word) {
        b->words[b->words_len++] = ' ';
    } else if (b->words_len) {
        b->words[b->words_len++] = '\n';
        b->words[b->words_len++] = '\n';
    }
    b->was_plain_word = is_plain_word;
    memcpy(b->words + b->words_len, text, len);
    b->words_len += len;
    b->words[b->words_len] = '\0';
}

/* The index terms one query word may stand for, at most: its own and the
 * kept spellings of proper nouns (dossier_analyzer_query_terms). */
#define WORD_MAX_TERMS 4
/* The phrases snippets mark for one phrase of words with two spellings:
 * one per combination of its words' terms, up to this many. */
#define PHRASE_MAX_SPELLINGS 16

/* The terms of query token T into TERMS (at most WORD_MAX_TERMS, pointing
 * into BUF): its own, then for a lower-case word with two spellings the
 * other (dossier_analyzer_query_terms).  Returns how many. */
static size_t token_terms(struct builder *b, const dossier_token *t,
                          char (*buf)[WORD_MAX_TERMS *
                                      (DOSSIER_MAX_TERM_BYTES + 1)],
                          const char *terms[WORD_MAX_TERMS])
{
    size_t n = dossier_analyzer_query_terms(b->an, t, b->lang, *buf,
                                            sizeof *buf);
    /* A Capitalized word is a proper noun ("Tyre"), unless the index has
     * no proper noun spelt so: then "Defence" typed first on a phone
     * keyboard is the word defence, both spellings. */
    char folded[DOSSIER_MAX_TERM_BYTES + 1];
    if (n == 1 && (t->flags & DOSSIER_TOKEN_CAPITALIZED) &&
        !(t->flags & DOSSIER_TOKEN_ALL_CAPS) && b->wildcards &&
        dossier_analyzer_term(b->an, t->norm, t->norm_len, b->lang, folded,
                              sizeof folded) > 0 &&
        strcmp(folded, *buf) != 0 &&
        wildcard_has_term(b->wildcards, *buf) == 0) {
        size_t kept_len = strlen(*buf) + 1, folded_len = strlen(folded) + 1;
        if (kept_len + folded_len <= sizeof *buf) {
            memmove(*buf + folded_len, *buf, kept_len);
            memcpy(*buf, folded, folded_len);
            n = 2;
        }
    }
    if (n > WORD_MAX_TERMS)
        n = WORD_MAX_TERMS;
    const char *at = *buf;
    for (size_t k = 0; k < n; k++) {
        terms[k] = at;
        at += strlen(at) + 1;
    }
    return n;
}

/* Records for snippets the phrases of N_PARTS words whose word I has the
 * N_ALTS[I] highlight terms IDX[I][...]: one phrase per combination, at
 * most PHRASE_MAX_SPELLINGS. */
static void add_phrases(struct builder *b, long (*idx)[WORD_MAX_TERMS],
                        const size_t *n_alts, size_t n_parts)
{
    size_t choice[64] = {0};
    long terms[64];
    for (size_t made = 0; made < PHRASE_MAX_SPELLINGS && !b->failed;
         made++) {
        for (size_t i = 0; i < n_parts; i++)
            terms[i] = idx[i][choice[i]];
        add_phrase(b, terms, n_parts);
        /* The next combination, the last word's terms turning fastest. */
        size_t i = n_parts;
        while (i > 0 && ++choice[i - 1] == n_alts[i - 1])
            choice[--i] = 0;
        if (i == 0)
            break;
    }
}

/* The terms of TEXT with PREFIX: one term, a phrase of them, or for a
 * hyphenated word (phrase OR joined form).  A lower-case word with two
 * spellings is both of its terms, weighted as one (SYNONYM; OR inside a
 * phrase, which takes only terms or ORs of terms); a Capitalized word is
 * a proper noun and only its own (analyzer.h). */
static xc_query *words_q(struct builder *b, const char *text,
                         const char *prefix, int is_phrase, int is_negated,
                         size_t position)
{
    dossier_status st =
        dossier_analyze_query(b->an, text, strlen(text), b->lang, b->res);
    if (st != DOSSIER_OK && st != DOSSIER_ERR_LANGUAGE) {
        b->failed = 1;
        return NULL;
    }
    const dossier_token *t = dossier_analysis_tokens(b->res);
    size_t n = dossier_analysis_token_count(b->res);
    size_t n_words = 0;
    for (size_t i = 0; i < n; i++)
        n_words += t[i].term_len > 0 &&
                   !(t[i].flags & DOSSIER_TOKEN_COMPOUND);
    xc_query *parts[64];
    xc_query *joined[8];
    long idx[64][WORD_MAX_TERMS];
    size_t n_alts[64];
    size_t n_parts = 0, n_joined = 0;
    int is_cjk = 1; /* every part a bigram of Han, kana or hangul */
    for (size_t i = 0; i < n && n_parts < 64; i++) {
        if (t[i].term_len == 0)
            continue;
        is_cjk &= (t[i].flags & DOSSIER_TOKEN_CJK) != 0;
        char buf[WORD_MAX_TERMS * (DOSSIER_MAX_TERM_BYTES + 1)];
        const char *terms[WORD_MAX_TERMS];
        size_t n_terms = token_terms(b, &t[i], &buf, terms);
        if (n_terms == 0)
            continue;
        if (t[i].flags & DOSSIER_TOKEN_COMPOUND) {
            for (size_t k = 0; k < n_terms && n_joined < 8; k++)
                joined[n_joined++] = term_q(b, prefix, terms[k], 0);
            continue;
        }
        xc_query *alts[WORD_MAX_TERMS];
        for (size_t k = 0; k < n_terms; k++) {
            alts[k] = term_q(b, prefix, terms[k], (xc_termpos)(n_parts + 1));
            idx[n_parts][k] = is_negated ? -1 : add_term(b, terms[k], 0);
        }
        n_alts[n_parts] = n_terms;
        parts[n_parts] = combine(b, n_words == 1 ? XC_QUERY_SYNONYM
                                                 : XC_QUERY_OR,
                                 alts, n_terms, 0);
        n_parts++;
    }
    if (!is_negated && n_parts == 1) {
        for (size_t k = 0; k < n_alts[0]; k++)
            if (idx[0][k] >= 0)
                b->out->is_standalone[idx[0][k]] = 1;
    } else if (!is_negated && n_parts > 1 && idx[0][0] >= 0) {
        add_phrases(b, idx, n_alts, n_parts);
    }
    if (n_parts == 0) {
        for (size_t i = 0; i < n_joined; i++)
            xc_query_destroy(joined[i]);
        warn(b, position, "\"%.60s\" has no searchable word: ignored", text);
        return NULL;
    }
    b->out->n_words += n_parts;
    if (!is_negated)
        remember_words(b, text, !is_phrase && prefix[0] == '\0');
    xc_query *q;
    xc_query *loose = NULL;
    if (n_parts > 1 && !is_phrase) {
        /* An unquoted hyphenated word: the parts also count on their own,
         * at a quarter of the weight, so "heat-transfer" still finds
         * "transfer of heat", below the articles that say it as one.  The
         * bigrams of a word of Chinese, Japanese or Korean all count, as
         * in Xapian's CJK n-gram mode: one bigram alone ("解放" of
         * "解放军") is another word. */
        xc_query *copies[64];
        for (size_t i = 0; i < n_parts; i++) {
            copies[i] = NULL;
            if (parts[i] &&
                xc_query_combine(XC_QUERY_OR,
                                 (const xc_query *const *)&parts[i], 1, 0,
                                 &copies[i]) != XC_STATUS_SUCCESS)
                b->failed = 1;
        }
        loose = scale(b,
                      combine(b, is_cjk ? XC_QUERY_AND : XC_QUERY_OR, copies,
                              n_parts, 0),
                      COMPOUND_PARTS_WEIGHT);
    }
    if (n_parts == 1)
        q = parts[0];
    else
        q = combine(b, XC_QUERY_PHRASE, parts, n_parts, 0);
    if (n_joined > 0) {
        /* The phrase and the joined form are one word written two ways:
         * weighted as one term (SYNONYM), not twice. */
        xc_query *spellings[9];
        spellings[0] = q;
        memcpy(spellings + 1, joined, n_joined * sizeof joined[0]);
        q = combine(b, XC_QUERY_SYNONYM, spellings, n_joined + 1, 0);
    }
    if (loose) {
        xc_query *pair[2] = {q, loose};
        q = combine(b, XC_QUERY_OR, pair, 2, 0);
    }
    return q;
}

static xc_query *wildcard_q(struct builder *b, const char *text,
                            size_t position)
{
    dossier_status st =
        dossier_analyze(b->an, text, strlen(text), b->lang, b->res);
    if ((st != DOSSIER_OK && st != DOSSIER_ERR_LANGUAGE) ||
        dossier_analysis_token_count(b->res) == 0 ||
        dossier_analysis_tokens(b->res)[0].norm_len == 0) {
        warn(b, position, "wildcard \"%.60s*\" has no searchable prefix: "
                          "ignored", text);
        return NULL;
    }
    /* The prefix is matched against stems, so it is normalized but not
     * stemmed: "defen*" finds defens(e) and defend. */
    if (b->wildcards_built == QUERY_MAX_WILDCARDS) {
#define QUERY_STR_(x) #x
#define QUERY_STR(x) QUERY_STR_(x)
        warn(b, position, "more than " QUERY_STR(QUERY_MAX_WILDCARDS)
                          " wildcards: \"%.60s*\" ignored", text);
#undef QUERY_STR
#undef QUERY_STR_
        return NULL;
    }
    b->wildcards_built++;
    /* Each wildcard its share of the query's budget. */
    size_t n = b->n_wildcards < QUERY_MAX_WILDCARDS ? b->n_wildcards
                                                     : QUERY_MAX_WILDCARDS;
    size_t limit = b->wildcard_budget / (n ? n : 1);
    if (limit == 0)
        limit = 1;
    if (limit > QUERY_WILDCARD_LIMIT)
        limit = QUERY_WILDCARD_LIMIT;
    const char *norm = dossier_analysis_tokens(b->res)[0].norm;
    add_string(b, &b->out->prefixes, &b->out->n_prefixes, norm);
    b->out->n_words++;
    xc_query *q = NULL;
    if (b->wildcards == NULL) {
        if (xc_query_wildcard(norm, (uint32_t)limit,
                              XC_WILDCARD_MOST_FREQUENT, &q) !=
            XC_STATUS_SUCCESS)
            b->failed = 1;
        return q;
    }
    int is_cut = 0;
    st = wildcard_expand(b->wildcards, norm, limit, &q, &is_cut, b->err);
    if (st != DOSSIER_OK) {
        b->failed = 1;
        b->status = st;
        return NULL;
    }
    if (is_cut && !b->has_warned_scan) {
        b->has_warned_scan = 1;
#define QUERY_STR_(x) #x
#define QUERY_STR(x) QUERY_STR_(x)
        warn(b, position, "too many words to look at for wildcards ("
                          QUERY_STR(WILDCARD_SCAN_BUDGET) "): \"%.30s*\" "
                          "and later ones use the most frequent seen",
             text);
#undef QUERY_STR
#undef QUERY_STR_
    }
    return q;
}

static xc_query *filter_term(struct builder *b, const char *prefix,
                             const char *value)
{
    return term_q(b, prefix, value, 0);
}

static xc_query *date_q(struct builder *b, const query_node *n)
{
    char lo[XC_SORTABLE_MAX], hi[XC_SORTABLE_MAX];
    size_t lo_len = 0, hi_len = 0;
    if (n->has_from)
        lo_len = xc_sortable_serialise((double)n->from, lo);
    if (n->has_to)
        hi_len = xc_sortable_serialise((double)n->to, hi);
    xc_query *q = NULL;
    if (xc_query_value_range(DOSSIER_SLOT_PUBLISHED, n->has_from ? lo : NULL,
                             lo_len, n->has_to ? hi : NULL, hi_len, &q) !=
        XC_STATUS_SUCCESS)
        b->failed = 1;
    return q;
}

/* author: the byline's words as the index holds them (schema.h):
 * normalized (case and accents aside) but not stemmed, several as a
 * phrase, a hyphenated name also as its joined form.  A filter, as
 * source: is: its words are not marked in snippets, where the byline is
 * not, nor read as entity names to boost. */
static xc_query *author_q(struct builder *b, const query_node *n)
{
    dossier_status st =
        dossier_analyze(b->an, n->text, strlen(n->text), b->lang, b->res);
    if (st != DOSSIER_OK && st != DOSSIER_ERR_LANGUAGE) {
        b->failed = 1;
        return NULL;
    }
    const dossier_token *t = dossier_analysis_tokens(b->res);
    size_t n_tokens = dossier_analysis_token_count(b->res);
    xc_query *parts[64];
    xc_query *spellings[9]; /* the phrase, then joined forms */
    size_t n_parts = 0, n_spellings = 1;
    for (size_t i = 0; i < n_tokens && n_parts < 64; i++) {
        if (t[i].norm_len == 0 || (t[i].flags & DOSSIER_TOKEN_TOO_LONG))
            continue;
        if (!(t[i].flags & DOSSIER_TOKEN_COMPOUND)) {
            parts[n_parts] = term_q(b, DOSSIER_PREFIX_AUTHOR, t[i].norm,
                                    (xc_termpos)(n_parts + 1));
            n_parts++;
        } else if (n_spellings < 9)
            spellings[n_spellings++] =
                term_q(b, DOSSIER_PREFIX_AUTHOR, t[i].norm, 0);
    }
    if (n_parts == 0) {
        for (size_t i = 1; i < n_spellings; i++)
            xc_query_destroy(spellings[i]);
        warn(b, n->position, "\"%.60s\" has no searchable word: ignored",
             n->text);
        return NULL;
    }
    spellings[0] = n_parts == 1
                       ? parts[0]
                       : combine(b, XC_QUERY_PHRASE, parts, n_parts, 0);
    return combine(b, XC_QUERY_OR, spellings, n_spellings, 0);
}

/* A field that filters: source, entity, type, lang, category. */
static xc_query *field_filter(struct builder *b, const query_node *n)
{
    char slug[72];
    if (strcmp(n->field, "entity") == 0) {
        const dossier_entity *e = dossier_gazetteer_lookup(b->gaz, n->text);
        if (e == NULL) {
            /* The rest of the query runs: a misspelt name should not
             * empty a search, and the warning says what was left out. */
            const dossier_entity *near =
                dossier_gazetteer_nearest(b->gaz, n->text, NULL);
            if (near != NULL) {
                /* Fits a warning's message (query_warning.message). */
                char message[160];
                snprintf(message, sizeof message,
                         "no entity named \"%.24s\"; did you mean %.48s "
                         "(entity:%.32s)? ignored",
                         n->text, near->name, near->id);
                warn(b, n->position, "%s", message);
            } else
                warn(b, n->position, "no entity named \"%.60s\": ignored",
                     n->text);
            return NULL;
        }
        /* A name several entities share: the one whose display name or
         * plain alias it is ("Labour Party" is the British party's), with
         * a warning naming the others; or, when all share it as an
         * ambiguous name ("Bush", "Labour"), any of them, with a warning
         * naming them all, so a count is never taken for one's alone. */
        const dossier_entity *all[8];
        int has_primary = 0;
        size_t n_all = dossier_gazetteer_lookup_all(b->gaz, n->text, all, 8,
                                                    &has_primary);
        if (n_all <= 1) {
            add_entity(b, e);
            return filter_term(b, DOSSIER_PREFIX_ENTITY, e->id);
        }
        size_t n_used = has_primary ? 1 : (n_all < 8 ? n_all : 8);
        char message[160];
        int used = has_primary
                       ? snprintf(message, sizeof message,
                                  "\"%.24s\" is entity:%s; it also names",
                                  n->text, all[0]->id)
                       : snprintf(message, sizeof message,
                                  "\"%.24s\" names %zu entities, any of "
                                  "them:", n->text, n_all);
        int is_cut = 0;
        for (size_t i = has_primary ? 1 : 0; i < n_all && i < 8 && !is_cut;
             i++) {
            if (used < 0)
                break;
            /* Whole ids only: a cut one would name another entity. */
            if ((size_t)used + strlen(all[i]->id) + 16 < sizeof message) {
                used += snprintf(message + used, sizeof message - (size_t)used,
                                 "%s entity:%s", i > (has_primary ? 1u : 0u)
                                                     ? ","
                                                     : "",
                                 all[i]->id);
            } else {
                snprintf(message + used, sizeof message - (size_t)used,
                         " ...");
                is_cut = 1;
            }
        }
        warn(b, n->position, "%s", message);
        xc_query *any[8];
        for (size_t i = 0; i < n_used; i++) {
            add_entity(b, all[i]);
            any[i] = filter_term(b, DOSSIER_PREFIX_ENTITY, all[i]->id);
        }
        return n_used == 1 ? any[0] : combine(b, XC_QUERY_OR, any, n_used, 0);
    }
    if (strcmp(n->field, "type") == 0) {
        dossier_entity_type type;
        if (dossier_entity_type_parse(n->text, &type) != 0) {
            warn(b, n->position, "unknown entity type \"%.40s\" (country, "
                                 "person, military, ...): ignored", n->text);
            return NULL;
        }
        return filter_term(b, DOSSIER_PREFIX_ENTITY_TYPE,
                           dossier_entity_type_name(type));
    }
    if (strcmp(n->field, "url") == 0) {
        /* A link as pasted, the scheme left out or not. */
        char term[XC_MAX_TERM_BYTES + 1], with_scheme[2100];
        dossier_status st = dossier_url_term(n->text, term, sizeof term);
        if (st != DOSSIER_OK && !dossier_url_is_absolute(n->text) &&
            snprintf(with_scheme, sizeof with_scheme, "http://%s", n->text) <
                (int)sizeof with_scheme)
            st = dossier_url_term(with_scheme, term, sizeof term);
        if (st != DOSSIER_OK) {
            warn(b, n->position, "url:%.60s is no http or https URL: ignored",
                 n->text);
            return NULL;
        }
        return filter_term(b, "", term);
    }
    if (strcmp(n->field, "site") == 0) {
        char site[256];
        if (dossier_site_key(n->text, site, sizeof site) != DOSSIER_OK) {
            warn(b, n->position, "site:%.60s is no host name: ignored",
                 n->text);
            return NULL;
        }
        return filter_term(b, DOSSIER_PREFIX_SITE, site);
    }
    dossier_slug(n->text, slug, sizeof slug);
    if (slug[0] == '\0') {
        warn(b, n->position, "field value \"%.60s\" has no letters: ignored",
             n->text);
        return NULL;
    }
    if (strcmp(n->field, "source") == 0)
        return filter_term(b, DOSSIER_PREFIX_SOURCE, slug);
    if (strcmp(n->field, "category") == 0)
        return filter_term(b, DOSSIER_PREFIX_CATEGORY, slug);
    /* lang: the primary subtag */
    slug[strcspn(slug, "-")] = '\0';
    return filter_term(b, DOSSIER_PREFIX_LANG, slug);
}

static int is_filter(const query_node *n)
{
    return n->type == QN_DATE ||
           (n->type == QN_FIELD && strcmp(n->field, "title") != 0);
}

static xc_query *build(struct builder *b, const query_node *n,
                       int is_negated);

/* Whether N is a plain word (not required, not a wildcard) that is a
 * stop word: "of" in "bank of england", "the" in "the who".  A word that
 * the analyzer splits ("state-of-the-art") is not. */
static int is_plain_stopword(struct builder *b, const query_node *n)
{
    if (n->type != QN_WORD || n->is_wildcard || n->is_required)
        return 0;
    dossier_status st =
        dossier_analyze(b->an, n->text, strlen(n->text), b->lang, b->res);
    if (st != DOSSIER_OK && st != DOSSIER_ERR_LANGUAGE)
        return 0;
    const dossier_token *t = dossier_analysis_tokens(b->res);
    size_t n_tokens = dossier_analysis_token_count(b->res), n_words = 0;
    int is_stop = 0;
    for (size_t i = 0; i < n_tokens; i++) {
        if (t[i].term_len == 0)
            continue;
        n_words++;
        is_stop = dossier_is_stopword(t[i].norm, b->lang);
    }
    return n_words == 1 && is_stop;
}

/* A group: the words all-first, required ones required, NOT ones out,
 * filters as filters. */
static int is_leaf(const query_node *n)
{
    return n->type == QN_WORD || n->type == QN_PHRASE || n->type == QN_FIELD;
}

/* Whether N is a word that may be part of an entity's name: a plain
 * word, required or not, but no wildcard. */
static int is_name_word(const query_node *n)
{
    return n->type == QN_WORD && !n->is_wildcard;
}

/* A known entity named by consecutive words of the query. */
struct query_name {
    const dossier_entity *entity; /* NULL: no name starts at this word */
    size_t last;                  /* the index of the name's last word */
};

/* Finds the entities named by the N consecutive words NODES, as
 * entity_boost finds them (the words as if written in capitals, where case
 * says nothing), into NAMES (N entries, indexed by a name's first word).
 * A name counts only when it is made of whole words: "Kiev" in the word
 * "Kiev-based" names nothing here. */
/* Whether the words NODES[I .. J] are all stop words typed in lower case
 * ("us", "who"): the pronoun, not the United States or the WHO. */
static int is_lower_stop_words(struct builder *b,
                               const query_node *const *nodes, size_t i,
                               size_t j)
{
    for (size_t w = i; w <= j; w++) {
        const char *text = nodes[w]->text;
        for (const char *c = text; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                return 0;
        char lower[64];
        size_t len = strlen(text);
        if (len >= sizeof lower)
            return 0;
        memcpy(lower, text, len + 1);
        if (!dossier_is_stopword(lower, b->lang))
            return 0;
    }
    return 1;
}

static void find_names(struct builder *b, const query_node *const *nodes,
                       size_t n, struct query_name *names)
{
    for (size_t i = 0; i < n; i++)
        names[i] = (struct query_name){NULL, i};
    if (b->gaz == NULL || n == 0)
        return;
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += strlen(nodes[i]->text) + 1;
    char *text = malloc(len + 1);
    /* Per word: its first and last tokens, or SIZE_MAX for none. */
    size_t *first = malloc(2 * n * sizeof *first);
    size_t *end = malloc((n + 1) * sizeof *end); /* byte ends */
    if (text == NULL || first == NULL || end == NULL) {
        b->failed = 1;
        goto done;
    }
    size_t *last = first + n;
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(nodes[i]->text);
        for (size_t k = 0; k < l; k++) {
            char c = nodes[i]->text[k];
            text[at + k] = (c >= 'a' && c <= 'z') ? (char)(c - 32) : c;
        }
        at += l;
        end[i] = at;
        text[at++] = ' ';
        first[i] = last[i] = SIZE_MAX;
    }
    text[at] = '\0';
    dossier_status st = dossier_analyze(b->an, text, at, b->lang, b->res);
    if (st != DOSSIER_OK && st != DOSSIER_ERR_LANGUAGE)
        goto done;
    const dossier_token *t = dossier_analysis_tokens(b->res);
    size_t n_tokens = dossier_analysis_token_count(b->res);
    for (size_t i = 0, w = 0; i < n_tokens; i++) {
        if (t[i].flags & DOSSIER_TOKEN_COMPOUND)
            continue;
        while (w < n && t[i].start >= end[w])
            w++;
        if (w == n)
            break;
        if (first[w] == SIZE_MAX)
            first[w] = i;
        last[w] = i;
    }
    const dossier_mention *m = dossier_analysis_mentions(b->res);
    size_t n_m = dossier_analysis_mention_count(b->res);
    for (size_t k = 0; k < n_m; k++) {
        size_t i = 0;
        while (i < n && first[i] != m[k].first_token)
            i++;
        size_t j = i;
        while (j < n && last[j] != m[k].last_token)
            j++;
        if (j < n && !is_lower_stop_words(b, nodes, i, j))
            names[i] = (struct query_name){m[k].entity, j};
    }
done:
    free(text);
    free(first);
    free(end);
}

/* Clones Q: combine() consumes its inputs. */
static xc_query *clone_q(struct builder *b, xc_query *q)
{
    xc_query *copy = NULL;
    if (q && xc_query_combine(XC_QUERY_OR, (const xc_query *const *)&q, 1,
                              0, &copy) != XC_STATUS_SUCCESS)
        b->failed = 1;
    return copy;
}

/* The words of query Q, or the entity E they name: OR(Q, XE<id>), so that
 * an alias finds the articles that use another name of the entity (and,
 * excluded, excludes them). */
static xc_query *or_entity(struct builder *b, xc_query *q,
                           const dossier_entity *e, int is_negated)
{
    if (!is_negated)
        add_entity(b, e);
    xc_query *pair[2] = {q, term_q(b, DOSSIER_PREFIX_ENTITY, e->id, 0)};
    return combine(b, XC_QUERY_OR, pair, 2, 0);
}

static xc_query *word_q(struct builder *b, const query_node *n,
                        int is_negated)
{
    if (b->failed)
        return NULL;
    if (n->is_wildcard)
        return wildcard_q(b, n->text, n->position);
    return words_q(b, n->text, "", 0, is_negated, n->position);
}

/* What a group holds in its place of plain words: a word, or the words of
 * a name widened to its entity. */
struct group_item {
    xc_query *all;    /* what the all-words AND requires */
    xc_query *some;   /* what matches on its own; NULL: ALL */
    size_t n_words;   /* the words it stands for */
};

/* The unit of the words FROM..LAST of group N that name the entity E:
 * in the all-words AND, OR(AND(words), XE), and on its own, any of the
 * words or XE.  Its words are built as plain words; stop words that the
 * group drops (IS_DROPPED) are part of the name but not searched for.
 * *IS_REQUIRED tells whether one of the words is required. */
static struct group_item name_item(struct builder *b, const query_node *n,
                                   size_t from, size_t last,
                                   const unsigned char *is_dropped,
                                   const dossier_entity *e, int is_negated,
                                   int *is_required)
{
    struct group_item item = {NULL, NULL, 0};
    xc_query *words[last - from + 2];
    *is_required = 0;
    for (size_t i = from; i <= last; i++) {
        const query_node *c = n->children[i];
        *is_required |= c->is_required;
        if (is_dropped[i]) {
            if (!is_negated)
                remember_words(b, c->text, 1);
            continue;
        }
        xc_query *q = word_q(b, c, is_negated);
        if (q)
            words[item.n_words++] = q;
    }
    if (item.n_words >= 2) {
        xc_query *any[last - from + 3];
        for (size_t i = 0; i < item.n_words; i++)
            any[i] = clone_q(b, words[i]);
        any[item.n_words] = term_q(b, DOSSIER_PREFIX_ENTITY, e->id, 0);
        item.some = combine(b, XC_QUERY_OR, any, item.n_words + 1, 0);
    }
    item.all = or_entity(b, combine(b, XC_QUERY_AND, words, item.n_words, 0),
                         e, is_negated);
    if (item.n_words == 0)
        item.n_words = 1;
    return item;
}

static xc_query *near_word_q(struct builder *b, const char *text,
                             int is_negated);

/* SOME, with the weight of each two words of WORDS (N, in the query's
 * order) found near each other added: it matches nothing SOME does not
 * (both words are in SOME), so it only ranks. */
static xc_query *or_proximity(struct builder *b, xc_query *some,
                              const char *const *words, size_t n)
{
    xc_query **pairs = calloc(n, sizeof *pairs);
    size_t n_pairs = 0;
    for (size_t i = 0; pairs && some && i + 1 < n; i++) {
        /* Terms only (no entity widening): NEAR reads positions. */
        xc_query *two[2] = {near_word_q(b, words[i], 1),
                            near_word_q(b, words[i + 1], 1)};
        if (two[0] == NULL || two[1] == NULL) {
            xc_query_destroy(two[0]);
            xc_query_destroy(two[1]);
            continue;
        }
        pairs[n_pairs++] =
            combine(b, XC_QUERY_NEAR, two, 2, QUERY_PROXIMITY_WINDOW);
    }
    if (some == NULL || n_pairs == 0) {
        free(pairs);
        return some;
    }
    xc_query *both[2] = {
        some, scale(b, combine(b, XC_QUERY_OR, pairs, n_pairs, 0),
                    b->proximity_boost)};
    free(pairs);
    return combine(b, XC_QUERY_OR, both, 2, 0);
}

/* A group: the words all-first, required ones required, NOT ones out,
 * filters as filters.  Words that name a known entity are widened to it
 * (name_item). */
static xc_query *group_q(struct builder *b, const query_node *n,
                         int is_negated)
{
    size_t k = n->n_children;
    b->group_depth++;
    struct group_item *plain = calloc(k + 1, sizeof *plain);
    xc_query **required = calloc(k + 1, sizeof *required);
    xc_query **negative = calloc(k + 1, sizeof *negative);
    xc_query **filters = calloc(k + 1, sizeof *filters);
    unsigned char *is_stop = calloc(k + 1, sizeof *is_stop);
    /* Which plain children the all-words boost copies (QUERY_BOOST_DEPTH). */
    unsigned char *is_copied = calloc(k + 1, 1);
    struct query_name *names = calloc(k + 1, sizeof *names);
    xc_query **list = calloc(k + 1, sizeof *list);
    /* The group's plain words, in order, for the proximity boost. */
    const char **near = calloc(k + 1, sizeof *near);
    size_t n_plain = 0, n_required = 0, n_negative = 0, n_filters = 0;
    size_t n_near = 0;
    xc_query *result = NULL;
    if (!plain || !required || !negative || !filters || !is_stop ||
        !is_copied || !names || !list || !near) {
        b->failed = 1;
        goto done;
    }
    int is_and = n->type == QN_AND;
    /* Stop words go when the group has other words to search for; a
     * group of nothing else ("the who") keeps them. */
    int has_other_words = 0;
    for (size_t i = 0; !is_and && i < k; i++) {
        const query_node *c = n->children[i];
        is_stop[i] = (unsigned char)is_plain_stopword(b, c);
        if (!is_stop[i] && c->type != QN_NOT && !is_filter(c))
            has_other_words = 1;
    }
    for (size_t i = 0; i < k; i++) {
        is_stop[i] = (unsigned char)(has_other_words && is_stop[i]);
        names[i] = (struct query_name){NULL, i};
    }
    /* The names among each run of words. */
    for (size_t i = 0; i < k;) {
        size_t j = i;
        while (j < k && is_name_word(n->children[j]))
            j++;
        if (j > i)
            find_names(b, (const query_node *const *)n->children + i, j - i,
                       names + i);
        for (size_t w = i; w < j; w++)
            names[w].last += i;
        i = j > i ? j : i + 1;
    }
    int may_copy_groups = b->group_depth <= QUERY_BOOST_DEPTH;
    for (size_t i = 0; i < k; i++) {
        const query_node *c = n->children[i];
        if (names[i].entity) {
            int is_req;
            struct group_item item =
                name_item(b, n, i, names[i].last, is_stop, names[i].entity,
                          is_negated, &is_req);
            i = names[i].last;
            if (item.all == NULL) {
                xc_query_destroy(item.some);
            } else if (is_and || is_req) {
                xc_query_destroy(item.some);
                required[n_required++] = item.all;
            } else {
                is_copied[n_plain] = 1;
                plain[n_plain++] = item;
            }
            continue;
        }
        if (is_stop[i]) {
            /* Still part of the words that may name an entity. */
            if (!is_negated)
                remember_words(b, c->text, 1);
            continue;
        }
        if (c->type == QN_NOT) {
            xc_query *q = c->n_children ? build(b, c->children[0], 1) : NULL;
            if (q)
                negative[n_negative++] = q;
        } else if (is_filter(c)) {
            xc_query *q = build(b, c, is_negated);
            if (q)
                filters[n_filters++] = q;
        } else {
            /* A word here is no name of its own: find_names said which
             * words of the run name something. */
            xc_query *q = c->type == QN_WORD ? word_q(b, c, is_negated)
                                             : build(b, c, is_negated);
            if (q == NULL)
                continue;
            if (is_and || c->is_required) {
                required[n_required++] = q;
            } else {
                is_copied[n_plain] =
                    (unsigned char)(may_copy_groups || is_leaf(c));
                plain[n_plain++] = (struct group_item){q, NULL, 1};
                if (c->type == QN_WORD && !is_negated)
                    near[n_near++] = c->text;
            }
        }
    }
    xc_query *core = NULL;
    if (n_plain >= 1 && b->is_all_words_required) {
        for (size_t i = 0; i < n_plain; i++) {
            list[i] = plain[i].all;
            xc_query_destroy(plain[i].some);
        }
        core = combine(b, XC_QUERY_AND, list, n_plain, 0);
    } else if (n_plain >= 1) {
        /* Clone the words for the AND: combine() consumes its inputs. */
        xc_query *copies[k + 1];
        size_t n_copies = 0, n_copied_words = 0;
        for (size_t i = 0; !b->is_match_only && i < n_plain; i++) {
            if (!is_copied[i])
                continue;
            copies[n_copies++] = clone_q(b, plain[i].all);
            n_copied_words += plain[i].n_words;
        }
        for (size_t i = 0; i < n_plain; i++) {
            if (plain[i].some) {
                list[i] = plain[i].some;
                xc_query_destroy(plain[i].all);
            } else {
                list[i] = plain[i].all;
            }
        }
        xc_query *some = combine(b, XC_QUERY_OR, list, n_plain, 0);
        if (!b->is_match_only && b->proximity_boost > 0 && n_near >= 2)
            some = or_proximity(b, some, near, n_near);
        if (n_copied_words >= 2) {
            xc_query *all = scale(b, combine(b, XC_QUERY_AND, copies,
                                             n_copies, 0),
                                  b->all_words_boost);
            xc_query *pair[2] = {all, some};
            core = combine(b, XC_QUERY_OR, pair, 2, 0);
        } else {
            for (size_t i = 0; i < n_copies; i++)
                xc_query_destroy(copies[i]);
            core = some;
        }
    }
    n_plain = 0;
    if (n_required > 0) {
        xc_query *must = combine(b, XC_QUERY_AND, required, n_required, 0);
        n_required = 0;
        xc_query *pair[2] = {must, core};
        core = core ? combine(b, XC_QUERY_AND_MAYBE, pair, 2, 0) : must;
    }
    if (core == NULL && (n_filters > 0 || n_negative > 0)) {
        /* Only filters or exclusions: every document, then narrowed. */
        if (xc_query_match_all(&core) != XC_STATUS_SUCCESS)
            b->failed = 1;
    }
    if (core && n_filters > 0) {
        xc_query *all_filters = combine(b, XC_QUERY_AND, filters, n_filters, 0);
        n_filters = 0;
        xc_query *pair[2] = {core, all_filters};
        core = combine(b, XC_QUERY_FILTER, pair, 2, 0);
    }
    if (core && n_negative > 0) {
        xc_query *out = combine(b, XC_QUERY_OR, negative, n_negative, 0);
        n_negative = 0;
        xc_query *pair[2] = {core, out};
        core = combine(b, XC_QUERY_AND_NOT, pair, 2, 0);
    }
    result = core;
done:
    for (size_t i = 0; plain && i < n_plain; i++) {
        xc_query_destroy(plain[i].all);
        xc_query_destroy(plain[i].some);
    }
    for (size_t i = 0; required && i < n_required; i++)
        xc_query_destroy(required[i]);
    for (size_t i = 0; negative && i < n_negative; i++)
        xc_query_destroy(negative[i]);
    for (size_t i = 0; filters && i < n_filters; i++)
        xc_query_destroy(filters[i]);
    free(plain);
    free(required);
    free(negative);
    free(filters);
    free(is_stop);
    free(is_copied);
    free(names);
    free(list);
    free(near);
    b->group_depth--;
    return result;
}

/* One side of NEAR: the first term of TEXT, or its terms of two
 * spellings as an OR (NEAR, as a phrase, takes terms or ORs of terms). */
static xc_query *near_word_q(struct builder *b, const char *text,
                             int is_negated)
{
    dossier_status st =
        dossier_analyze_query(b->an, text, strlen(text), b->lang, b->res);
    if (st != DOSSIER_OK && st != DOSSIER_ERR_LANGUAGE)
        return NULL;
    const dossier_token *t = dossier_analysis_tokens(b->res);
    size_t n = dossier_analysis_token_count(b->res);
    for (size_t i = 0; i < n; i++) {
        if (t[i].term_len == 0)
            continue;
        char buf[WORD_MAX_TERMS * (DOSSIER_MAX_TERM_BYTES + 1)];
        const char *terms[WORD_MAX_TERMS];
        size_t n_terms = token_terms(b, &t[i], &buf, terms);
        xc_query *alts[WORD_MAX_TERMS];
        for (size_t k = 0; k < n_terms; k++) {
            alts[k] = term_q(b, "", terms[k], 0);
            if (!is_negated)
                add_term(b, terms[k], 1);
        }
        return combine(b, XC_QUERY_OR, alts, n_terms, 0);
    }
    return NULL;
}

/* A word on its own (the whole query, a side of OR, an excluded word):
 * widened to the entity it names, if any, as in a group. */
static xc_query *lone_word_q(struct builder *b, const query_node *n,
                             int is_negated)
{
    struct query_name name = {NULL, 0};
    if (is_name_word(n))
        find_names(b, &n, 1, &name);
    xc_query *q = word_q(b, n, is_negated);
    if (name.entity == NULL || q == NULL)
        return q;
    return or_entity(b, q, name.entity, is_negated);
}

static xc_query *build(struct builder *b, const query_node *n,
                       int is_negated)
{
    if (b->failed || n == NULL)
        return NULL;
    switch (n->type) {
    case QN_WORD:
        return lone_word_q(b, n, is_negated);
    case QN_PHRASE:
        return words_q(b, n->text, "", 1, is_negated, n->position);
    case QN_FIELD:
        if (strcmp(n->field, "title") == 0)
            return words_q(b, n->text, DOSSIER_PREFIX_TITLE, n->is_phrase,
                           is_negated, n->position);
        if (strcmp(n->field, "author") == 0)
            return author_q(b, n);
        return field_filter(b, n);
    case QN_DATE:
        return date_q(b, n);
    case QN_NOT: {
        /* A NOT on its own: everything but it. */
        xc_query *all = NULL;
        if (xc_query_match_all(&all) != XC_STATUS_SUCCESS) {
            b->failed = 1;
            return NULL;
        }
        xc_query *pair[2] = {all, n->n_children ? build(b, n->children[0], 1)
                                                : NULL};
        if (pair[1] == NULL)
            return all;
        return combine(b, XC_QUERY_AND_NOT, pair, 2, 0);
    }
    case QN_OR: {
        xc_query *subs[n->n_children + 1];
        for (size_t i = 0; i < n->n_children; i++)
            subs[i] = build(b, n->children[i], is_negated);
        return combine(b, XC_QUERY_OR, subs, n->n_children, 0);
    }
    case QN_NEAR: {
        /* NEAR works on terms: each side contributes its first term. */
        xc_query *subs[2] = {NULL, NULL};
        for (size_t i = 0; i < 2 && i < n->n_children; i++) {
            const query_node *c = n->children[i];
            if (c->type != QN_WORD || c->is_wildcard) {
                warn(b, c->position, "NEAR takes plain words%s: read as AND",
                     "");
                xc_query *both[2] = {build(b, n->children[0], is_negated),
                                     build(b, n->children[1], is_negated)};
                xc_query_destroy(subs[0]);
                return combine(b, XC_QUERY_AND, both, 2, 0);
            }
            subs[i] = near_word_q(b, c->text, is_negated);
            if (subs[i])
                b->out->n_words++;
        }
        if (subs[0] == NULL || subs[1] == NULL) {
            xc_query_destroy(subs[0]);
            xc_query_destroy(subs[1]);
            return NULL;
        }
        return combine(b, XC_QUERY_NEAR, subs, 2, n->window + 1);
    }
    case QN_AND:
    case QN_DEFAULT:
        return group_q(b, n, is_negated);
    }
    return NULL;
}

/* Entities named by the query's words: matched as if the words were
 * written in capitals, where case says nothing (so "cyber command" is US
 * Cyber Command, but "us" is not the United States). */
static xc_query *entity_boost(struct builder *b, xc_query *q)
{
    if (b->gaz == NULL || b->words_len == 0 || q == NULL)
        return q;
    for (size_t i = 0; i < b->words_len; i++) {
        char c = b->words[i];
        if (c >= 'a' && c <= 'z')
            b->words[i] = (char)(c - 32);
    }
    if (dossier_analyze(b->an, b->words, b->words_len, b->lang, b->res) !=
            DOSSIER_OK &&
        dossier_analysis_token_count(b->res) == 0)
        return q;
    const dossier_mention *m = dossier_analysis_mentions(b->res);
    size_t n = dossier_analysis_mention_count(b->res);
    if (n == 0)
        return q;
    xc_query *boosts[QUERY_MAX_BYTES];
    size_t k = 0;
    for (size_t i = 0; i < n && k < QUERY_MAX_BYTES; i++) {
        add_entity(b, m[i].entity);
        boosts[k++] = scale(b, term_q(b, DOSSIER_PREFIX_ENTITY,
                                      m[i].entity->id, 0),
                            b->entity_boost);
    }
    xc_query *any = combine(b, XC_QUERY_OR, boosts, k, 0);
    xc_query *pair[2] = {q, any};
    return combine(b, XC_QUERY_AND_MAYBE, pair, 2, 0);
}

/* The language a query restricts itself to with lang: (one language,
 * as a filter of the whole query: at its top, not under OR or NOT), in
 * which its words are then analysed ("lang:uk Київ": Ukrainian, not the
 * Russian a Cyrillic word otherwise takes); NULL when none or several. */
static const char *filter_language(const query_node *root)
{
    const query_node *const *nodes = &root;
    size_t n = root ? 1 : 0;
    if (root && (root->type == QN_DEFAULT || root->type == QN_AND)) {
        nodes = (const query_node *const *)root->children;
        n = root->n_children;
    }
    const char *lang = NULL;
    for (size_t i = 0; i < n; i++) {
        const query_node *c = nodes[i];
        if (c->type != QN_FIELD || strcmp(c->field, "lang") != 0 ||
            c->text == NULL || c->text[0] == '\0')
            continue;
        if (lang && strcasecmp(lang, c->text) != 0)
            return NULL;
        lang = c->text;
    }
    return lang;
}

dossier_status query_build(const query_node *root, const query_context *ctx,
                           parsed_query *q, built_query *out,
                           dossier_error *err)
{
    memset(out, 0, sizeof *out);
    struct builder *b = calloc(1, sizeof *b);
    if (b == NULL || dossier_analysis_new(&b->res) != DOSSIER_OK) {
        free(b);
        return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
    }
    const query_weights *weights = ctx->weights;
    unsigned flags = ctx->flags;
    b->an = ctx->an;
    b->gaz = ctx->gaz;
    b->lang = ctx->lang ? ctx->lang : "en";
    if (ctx->lang == NULL && filter_language(root))
        b->lang = filter_language(root);
    b->wildcards = ctx->wildcards;
    b->wildcard_budget = ctx->wildcard_budget ? ctx->wildcard_budget
                                              : QUERY_WILDCARD_BUDGET;
    b->err = err;
    b->status = DOSSIER_ERR_NOMEM;
    b->all_words_boost = weights && weights->all_words_boost > 0
                             ? weights->all_words_boost
                             : QUERY_ALL_WORDS_BOOST;
    b->entity_boost = weights && weights->entity_boost > 0
                          ? weights->entity_boost
                          : QUERY_ENTITY_BOOST;
    b->proximity_boost = weights && weights->proximity_boost != 0
                             ? weights->proximity_boost
                             : QUERY_PROXIMITY_BOOST;
    b->is_all_words_required = (flags & QUERY_ALL_WORDS_REQUIRED) != 0;
    b->is_match_only = (flags & QUERY_MATCH_ONLY) != 0;
    b->q = q;
    b->out = out;
    b->n_wildcards = count_wildcards(root);
    xc_query *query = build(b, root, 0);
    if (!b->is_match_only)
        query = entity_boost(b, query);
    if (query == NULL && !b->failed &&
        xc_query_match_nothing(&query) != XC_STATUS_SUCCESS)
        b->failed = 1;
    out->query = query;
    dossier_status st = b->failed ? b->status : DOSSIER_OK;
    dossier_analysis_free(b->res);
    free(b);
    if (st != DOSSIER_OK) {
        built_query_free(out);
        if (st == DOSSIER_ERR_NOMEM)
            dossier_fail(err, st, "out of memory");
    }
    return st;
}

dossier_status query_build_any_of(const char *const *terms, size_t n,
                                  const char *excluded, built_query *out)
{
    memset(out, 0, sizeof *out);
    struct builder b = {.out = out};
    xc_query **subs = calloc(n + 1, sizeof *subs);
    size_t k = 0;
    b.failed = subs == NULL;
    for (size_t i = 0; i < n && !b.failed; i++) {
        if (xc_query_term(terms[i], 1, 0, &subs[k]) != XC_STATUS_SUCCESS) {
            b.failed = 1;
            break;
        }
        k++;
        add_term(&b, terms[i], 1);
    }
    xc_query *any = NULL, *self = NULL;
    if (!b.failed && k > 0 &&
        xc_query_combine(XC_QUERY_OR, (const xc_query *const *)subs, k, 0,
                         &any) != XC_STATUS_SUCCESS)
        b.failed = 1;
    if (!b.failed && any != NULL && excluded != NULL) {
        b.failed = xc_query_term(excluded, 1, 0, &self) != XC_STATUS_SUCCESS;
        const xc_query *pair[2] = {any, self};
        if (!b.failed && xc_query_combine(XC_QUERY_AND_NOT, pair, 2, 0,
                                          &out->query) != XC_STATUS_SUCCESS)
            b.failed = 1;
    } else if (!b.failed && any != NULL) {
        out->query = any;
        any = NULL;
    } else if (!b.failed &&
               xc_query_match_nothing(&out->query) != XC_STATUS_SUCCESS) {
        b.failed = 1;
    }
    out->n_words = k;
    for (size_t i = 0; i < k; i++)
        xc_query_destroy(subs[i]);
    free(subs);
    xc_query_destroy(any);
    xc_query_destroy(self);
    if (b.failed) {
        built_query_free(out);
        return DOSSIER_ERR_NOMEM;
    }
    return DOSSIER_OK;
}

void built_query_free(built_query *b)
{
    xc_query_destroy(b->query);
    for (size_t i = 0; i < b->n_terms; i++)
        free(b->terms[i]);
    free(b->terms);
    free(b->is_standalone);
    for (size_t i = 0; i < b->n_phrases; i++)
        free(b->phrases[i].terms);
    free(b->phrases);
    for (size_t i = 0; i < b->n_prefixes; i++)
        free(b->prefixes[i]);
    free(b->prefixes);
    free(b->entities);
    memset(b, 0, sizeof *b);
}
