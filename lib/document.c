/*
 * document.c: the document builder: article -> terms, values, record.
 */
#include "dossier/document.h"
#include "dossier/language.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/date.h"
#include "dossier/hash.h"
#include "dossier/record_json.h"
#include "dossier/url.h"

struct dossier_builder {
    dossier_analyzer *an;
    dossier_analysis *title, *body, *author;
};

dossier_status dossier_builder_new(dossier_analyzer *an, dossier_builder **out)
{
    if (out == NULL || an == NULL)
        return DOSSIER_ERR_INVALID;
    dossier_builder *b = calloc(1, sizeof *b);
    if (b == NULL || dossier_analysis_new(&b->title) != DOSSIER_OK ||
        dossier_analysis_new(&b->body) != DOSSIER_OK ||
        dossier_analysis_new(&b->author) != DOSSIER_OK) {
        dossier_builder_free(b);
        *out = NULL;
        return DOSSIER_ERR_NOMEM;
    }
    b->an = an;
    *out = b;
    return DOSSIER_OK;
}

void dossier_builder_free(dossier_builder *b)
{
    if (b == NULL)
        return;
    dossier_analysis_free(b->title);
    dossier_analysis_free(b->body);
    dossier_analysis_free(b->author);
    free(b);
}


/* Sticky status while terms are added: the first failure wins and every
 * later step is skipped (SQLite FTS5's pRc). */
struct adder {
    xc_doc *doc;
    int failed;
};

static void add_prefixed(struct adder *ad, const char *prefix,
                         const char *term, size_t len, xc_termpos pos,
                         uint32_t wdf, int is_boolean)
{
    char buf[XC_MAX_TERM_BYTES + 1];
    size_t plen = strlen(prefix);
    if (ad->failed || len == 0 || plen + len > XC_MAX_TERM_BYTES)
        return;
    memcpy(buf, prefix, plen);
    memcpy(buf + plen, term, len);
    buf[plen + len] = '\0';
    xc_status st;
    if (is_boolean)
        st = xc_doc_add_boolean_term(ad->doc, buf);
    else if (pos)
        st = xc_doc_add_posting(ad->doc, buf, pos, wdf);
    else
        st = xc_doc_add_term(ad->doc, buf, wdf);
    if (st != XC_STATUS_SUCCESS)
        ad->failed = 1;
}

/* Words with their positions.  A stop word gets wdf 0: phrases still
 * find it, but it neither weighs nor lengthens the document. */
static void add_words(struct adder *ad, const dossier_analysis *res,
                      uint32_t offset, int is_title)
{
    const dossier_token *t = dossier_analysis_tokens(res);
    for (size_t i = 0; i < dossier_analysis_token_count(res); i++) {
        if (t[i].term_len == 0)
            continue;
        xc_termpos pos = offset + t[i].position;
        /* The analyzer flagged the stop words of the text's language. */
        int is_stop = (t[i].flags & DOSSIER_TOKEN_STOPWORD) != 0;
        if (is_title) {
            add_prefixed(ad, DOSSIER_PREFIX_TITLE, t[i].term, t[i].term_len,
                         pos, is_stop ? 0 : 1, 0);
            add_prefixed(ad, "", t[i].term, t[i].term_len, pos,
                         is_stop ? 0 : DOSSIER_TITLE_WDF, 0);
        } else {
            add_prefixed(ad, "", t[i].term, t[i].term_len, pos,
                         is_stop ? 0 : 1, 0);
        }
    }
}

/* Whether the LEN bytes at S hold a mark that ends one name of a byline
 * and begins the next ("Jane Doe, John Roe"). */
static int has_name_break(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] == ',' || s[i] == ';' || s[i] == '&' || s[i] == '/' ||
            s[i] == '|')
            return 1;
    return 0;
}

/* The byline's words (schema.h): A<normalized word>, wdf 0, at their
 * positions, DOSSIER_AUTHOR_NAME_GAP more after each break between two
 * names.  RES is the analysis of TEXT. */
static void add_author(struct adder *ad, const dossier_analysis *res,
                       const char *text)
{
    const dossier_token *t = dossier_analysis_tokens(res);
    uint32_t shift = 0, seen_end = 0;
    for (size_t i = 0; i < dossier_analysis_token_count(res); i++) {
        /* A compound's joined form spans its parts: only the text between
         * one word and the next can hold a break. */
        if (t[i].start >= seen_end) {
            if (i > 0 && has_name_break(text + seen_end,
                                        t[i].start - seen_end))
                shift += DOSSIER_AUTHOR_NAME_GAP;
            seen_end = t[i].end;
        }
        if (t[i].norm_len == 0 || (t[i].flags & DOSSIER_TOKEN_TOO_LONG))
            continue;
        add_prefixed(ad, DOSSIER_PREFIX_AUTHOR, t[i].norm, t[i].norm_len,
                     t[i].position + shift, 0, 0);
    }
}

/* How many bytes of the byline AUTHOR are kept (schema.h): up to
 * DOSSIER_AUTHOR_MAX_BYTES, cut at a character boundary; 0 when it is
 * NULL or white space only, which is no byline. */
static size_t author_len(const char *author)
{
    if (author == NULL)
        return 0;
    size_t len = 0;
    while (len <= DOSSIER_AUTHOR_MAX_BYTES && author[len] != '\0')
        len++;
    if (len > DOSSIER_AUTHOR_MAX_BYTES) {
        len = DOSSIER_AUTHOR_MAX_BYTES;
        while (len > 0 && ((unsigned char)author[len] & 0xC0) == 0x80)
            len--;
    }
    for (size_t i = 0; i < len; i++)
        if (!(author[i] == ' ' || author[i] == '\t' || author[i] == '\n' ||
              author[i] == '\r' || author[i] == '\f' || author[i] == '\v'))
            return len;
    return 0;
}

static int by_entity_id(const void *a, const void *b)
{
    return strcmp((*(const dossier_entity *const *)a)->id,
                  (*(const dossier_entity *const *)b)->id);
}

/* The facets value (schema.h): source, month and the entities mentioned
 * (their ids, sorted, once each, '\n'-separated), '\x1e' between. */
static void set_facets(struct adder *ad, const char *source,
                       const char *month, const dossier_analysis *title,
                       const dossier_analysis *body)
{
    size_t n = dossier_analysis_mention_count(title) +
               dossier_analysis_mention_count(body);
    if (ad->failed)
        return;
    const dossier_entity **ids = malloc((n ? n : 1) * sizeof *ids);
    if (ids == NULL) {
        ad->failed = 1;
        return;
    }
    size_t k = 0;
    const dossier_analysis *parts[2] = {title, body};
    for (int p = 0; p < 2; p++) {
        const dossier_mention *m = dossier_analysis_mentions(parts[p]);
        for (size_t i = 0; i < dossier_analysis_mention_count(parts[p]); i++)
            ids[k++] = m[i].entity;
    }
    qsort(ids, k, sizeof *ids, by_entity_id);
    /* A source name is one line of text; the separators are not in it. */
    size_t source_len = source ? strcspn(source, "\x1e\n") : 0;
    size_t bytes = source_len + strlen(month) + 2;
    for (size_t i = 0; i < k; i++)
        bytes += strlen(ids[i]->id) + 1;
    char *value = malloc(bytes + 1);
    size_t used = 0;
    if (value) {
        memcpy(value, source ? source : "", source_len);
        used = source_len;
        used += (size_t)snprintf(value + used, bytes + 1 - used, "\x1e%s\x1e",
                                 month);
    }
    for (size_t i = 0; value && i < k; i++) {
        if (i > 0 && ids[i] == ids[i - 1])
            continue;
        if (value[used - 1] != '\x1e')
            value[used++] = '\n';
        size_t len = strlen(ids[i]->id);
        memcpy(value + used, ids[i]->id, len);
        used += len;
    }
    if (value == NULL ||
        xc_doc_set_value(ad->doc, DOSSIER_SLOT_FACETS, value, used) !=
            XC_STATUS_SUCCESS)
        ad->failed = 1;
    free(value);
    free(ids);
}

/* Entity terms: XE<id> weighted by mentions in title and body together,
 * XT<type> as a filter. */
static void add_entities(struct adder *ad, const dossier_analysis *title,
                         const dossier_analysis *body, size_t *n_mentions)
{
    const dossier_analysis *parts[2] = {title, body};
    *n_mentions = 0;
    for (int p = 0; p < 2; p++) {
        const dossier_mention *m = dossier_analysis_mentions(parts[p]);
        size_t n = dossier_analysis_mention_count(parts[p]);
        *n_mentions += n;
        for (size_t i = 0; i < n; i++) {
            const dossier_entity *e = m[i].entity;
            add_prefixed(ad, DOSSIER_PREFIX_ENTITY, e->id, strlen(e->id), 0,
                         DOSSIER_ENTITY_WDF, 0);
            const char *type = dossier_entity_type_name(e->type);
            add_prefixed(ad, DOSSIER_PREFIX_ENTITY_TYPE, type, strlen(type), 0,
                         0, 1);
        }
    }
}

static void add_slug(struct adder *ad, const char *prefix, const char *name)
{
    char slug[72];
    if (name == NULL)
        return;
    size_t n = dossier_slug(name, slug, sizeof slug);
    add_prefixed(ad, prefix, slug, n, 0, 0, 1);
}

/* The U and H terms of the canonical URL (schema.h): the article's URL
 * key, its host and each domain above it with a dot in it. */
static void add_url(struct adder *ad, const char *canonical)
{
    char term[XC_MAX_TERM_BYTES + 1], site[256];
    if (dossier_url_term(canonical, term, sizeof term) == DOSSIER_OK)
        add_prefixed(ad, "", term, strlen(term), 0, 0, 1);
    if (dossier_site_key(canonical, site, sizeof site) != DOSSIER_OK)
        return;
    add_prefixed(ad, DOSSIER_PREFIX_SITE, site, strlen(site), 0, 0, 1);
    /* The domains above a host name, not the numbers of an address. */
    const char *last = strrchr(site, '.');
    if (last == NULL || (last[1] >= '0' && last[1] <= '9'))
        return;
    for (const char *d = strchr(site, '.') + 1; strchr(d, '.') != NULL;
         d = strchr(d, '.') + 1)
        add_prefixed(ad, DOSSIER_PREFIX_SITE, d, strlen(d), 0, 0, 1);
}

static void add_dates(struct adder *ad, int64_t when)
{
    int y, m, d;
    char buf[16];
    dossier_date_parts(when, &y, &m, &d);
    snprintf(buf, sizeof buf, "%04d", y);
    add_prefixed(ad, DOSSIER_PREFIX_YEAR, buf, strlen(buf), 0, 0, 1);
    snprintf(buf, sizeof buf, "%04d%02d", y, m);
    add_prefixed(ad, DOSSIER_PREFIX_MONTH, buf, strlen(buf), 0, 0, 1);
    snprintf(buf, sizeof buf, "%04d%02d%02d", y, m, d);
    add_prefixed(ad, DOSSIER_PREFIX_DAY, buf, strlen(buf), 0, 0, 1);
}

/* The hash of the normalized words of RES, or 0 when it has none. */
static uint64_t words_hash(const dossier_analysis *res)
{
    const dossier_token *t = dossier_analysis_tokens(res);
    uint64_t h = DOSSIER_FNV64_INIT;
    size_t n = 0;
    for (size_t i = 0; i < dossier_analysis_token_count(res); i++) {
        if (t[i].flags & (DOSSIER_TOKEN_COMPOUND | DOSSIER_TOKEN_TOO_LONG))
            continue;
        /* The NUL separates words. */
        h = dossier_fnv64(t[i].norm, t[i].norm_len + 1, h);
        n++;
    }
    return n ? h : 0;
}

/* What tells two articles of one text apart (schema.h): the slug of the
 * source and the publication day, YYYYMMDD ("" when it has none). */
struct article_origin {
    char source_slug[72];
    char day[16];
};

static void article_origin(const dossier_article *a,
                           struct article_origin *out)
{
    out->source_slug[0] = '\0';
    out->day[0] = '\0';
    if (a->source)
        dossier_slug(a->source, out->source_slug, sizeof out->source_slug);
    if (a->has_published) {
        int y, m, d;
        dossier_date_parts(a->published, &y, &m, &d);
        snprintf(out->day, sizeof out->day, "%04d%02d%02d", y, m, d);
    }
}

/* Continues H over ORIGIN's fields, each with its NUL so that no field
 * runs into the next. */
static uint64_t origin_hash(const struct article_origin *origin, uint64_t h)
{
    h = dossier_fnv64(origin->source_slug, strlen(origin->source_slug) + 1,
                      h);
    return dossier_fnv64(origin->day, strlen(origin->day) + 1, h);
}

/* The exact-duplicate hash: the words of the title and those of the body,
 * each hashed on its own (title "A" and body "B" is not title "AB"), then
 * the source and the day; 0 when neither has a word.  Not the byline: the
 * same text credited to two bylines is one article (schema.h). */
static uint64_t article_hash(const dossier_analysis *title,
                             const dossier_analysis *body,
                             const struct article_origin *origin)
{
    uint64_t parts[2] = {words_hash(title), words_hash(body)};
    if (parts[0] == 0 && parts[1] == 0)
        return 0;
    unsigned char bytes[16];
    for (int p = 0; p < 2; p++)
        for (int i = 0; i < 8; i++)
            bytes[8 * p + i] = (unsigned char)(parts[p] >> (8 * i));
    uint64_t h = origin_hash(origin, dossier_fnv64(bytes, sizeof bytes,
                                                   DOSSIER_FNV64_INIT));
    /* 0 means "no words" to the caller. */
    return h ? h : 1;
}

/* The unique term: the record's id, else its canonical URL, else a hash
 * of its text, source and day (the same text re-published on another day
 * is another article); hashed when over Xapian's term limit. */
static void unique_term(const dossier_article *a, const char *canonical,
                        const struct article_origin *origin, char *out)
{
    const char *key = NULL;
    if (a->id && *a->id)
        key = a->id;
    else if (canonical && *canonical)
        key = canonical;
    else if (a->url && *a->url)
        key = a->url;
    if (key && strlen(key) + 1 <= XC_MAX_TERM_BYTES) {
        snprintf(out, XC_MAX_TERM_BYTES + 1, "%s%s", DOSSIER_PREFIX_ID, key);
        return;
    }
    uint64_t h;
    if (key) {
        h = dossier_fnv64(key, strlen(key), DOSSIER_FNV64_INIT);
    } else {
        const char *title = a->title ? a->title : "";
        const char *body = a->body ? a->body : "";
        h = dossier_fnv64(title, strlen(title), DOSSIER_FNV64_INIT);
        h = dossier_fnv64("", 1, h);
        h = dossier_fnv64(body, strlen(body), h);
        h = dossier_fnv64("", 1, h);
        h = origin_hash(origin, h);
    }
    snprintf(out, XC_MAX_TERM_BYTES + 1, "%sh%016llx", DOSSIER_PREFIX_ID,
             (unsigned long long)h);
}

void dossier_built_clear(dossier_built *b)
{
    xc_doc_destroy(b->doc);
    b->doc = NULL;
    free(b->spelling_words);
    b->spelling_words = NULL;
    b->n_spelling_words = 0;
}

/* Whether a token's norm is a word worth suggesting: letters only. */
static int is_spelling_word(const dossier_token *t)
{
    if (t->flags & (DOSSIER_TOKEN_COMPOUND | DOSSIER_TOKEN_TOO_LONG |
                    DOSSIER_TOKEN_NUMBER | DOSSIER_TOKEN_CJK) ||
        t->norm_len < 3 || t->norm_len > 30)
        return 0;
    for (uint32_t i = 0; i < t->norm_len; i++) {
        unsigned char c = (unsigned char)t->norm[i];
        if (c < 0x80 && !(c >= 'a' && c <= 'z'))
            return 0;
    }
    return 1;
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Collects the distinct spelling words of title and body into OUT. */
static int collect_spelling(const dossier_analysis *title,
                            const dossier_analysis *body, dossier_built *out)
{
    size_t n = dossier_analysis_token_count(title) +
               dossier_analysis_token_count(body);
    const char **words = malloc((n + 1) * sizeof *words);
    if (words == NULL)
        return -1;
    size_t k = 0;
    const dossier_analysis *parts[2] = {title, body};
    for (int p = 0; p < 2; p++) {
        const dossier_token *t = dossier_analysis_tokens(parts[p]);
        for (size_t i = 0; i < dossier_analysis_token_count(parts[p]); i++)
            if (is_spelling_word(&t[i]))
                words[k++] = t[i].norm;
    }
    qsort(words, k, sizeof *words, by_string);
    size_t bytes = 0, distinct = 0;
    for (size_t i = 0; i < k; i++)
        if (i == 0 || strcmp(words[i], words[i - 1]) != 0)
            bytes += strlen(words[i]) + 1;
    char *buf = malloc(bytes + 1);
    if (buf == NULL) {
        free(words);
        return -1;
    }
    size_t at = 0;
    for (size_t i = 0; i < k; i++) {
        if (i > 0 && strcmp(words[i], words[i - 1]) == 0)
            continue;
        size_t len = strlen(words[i]) + 1;
        memcpy(buf + at, words[i], len);
        at += len;
        distinct++;
    }
    free(words);
    out->spelling_words = buf;
    out->n_spelling_words = distinct;
    return 0;
}

static dossier_status analyze(dossier_builder *b, const char *text,
                              const char *lang, dossier_analysis *res,
                              int *is_unknown)
{
    dossier_status st =
        dossier_analyze(b->an, text ? text : "", text ? strlen(text) : 0,
                        lang, res);
    if (st == DOSSIER_ERR_LANGUAGE) {
        *is_unknown = 1;
        return DOSSIER_OK;
    }
    return st;
}

/* The language to analyse A in: the declared one (the article's, else
 * DEFAULT_LANG), unless its text is clearly in another, which is then
 * detected; a text that declares none is detected (dossier/language.h).
 * The title and the first bytes of the body tell. */
static const char *choose_language(const dossier_article *a,
                                   const char *default_lang)
{
    const char *declared = a->lang && *a->lang ? a->lang : default_lang;
    char sample[2560];
    size_t n = 0;
    if (a->title) {
        n = strlen(a->title);
        if (n > 512)
            n = 512;
        memcpy(sample, a->title, n);
        sample[n++] = '\n';
    }
    if (a->body) {
        size_t m = strlen(a->body);
        if (m > sizeof sample - n)
            m = sizeof sample - n;
        memcpy(sample + n, a->body, m);
        n += m;
    }
    /* A cut character is invalid UTF-8, which the detector reads as no
     * letter. */
    return dossier_language_choose(declared, sample, n);
}

dossier_status dossier_build(dossier_builder *b, const dossier_article *a,
                             const char *default_lang, dossier_built *out)
{
    memset(out, 0, sizeof *out);
    if (b == NULL || a == NULL)
        return DOSSIER_ERR_INVALID;
    if ((a->title == NULL || *a->title == '\0') &&
        (a->body == NULL || *a->body == '\0'))
        return DOSSIER_ERR_INVALID;
    const char *lang = choose_language(a, default_lang);
    snprintf(out->lang, sizeof out->lang, "%s", lang);
    dossier_status st = analyze(b, a->title, lang, b->title,
                                &out->is_language_unknown);
    if (st == DOSSIER_OK)
        st = analyze(b, a->body, lang, b->body, &out->is_language_unknown);
    /* The byline's words are not stemmed: a language without a stemmer
     * changes nothing for them. */
    size_t n_author = author_len(a->author);
    if (st == DOSSIER_OK) {
        st = dossier_analyze(b->an, n_author ? a->author : "", n_author,
                             lang, b->author);
        if (st == DOSSIER_ERR_LANGUAGE)
            st = DOSSIER_OK;
    }
    if (st == DOSSIER_OK) {
        /* Title and body decide ambiguous names together, in the
         * article's year. */
        dossier_analysis *parts[2] = {b->title, b->body};
        st = dossier_analyzer_resolve_article(b->an, parts, 2,
                                              dossier_article_year(a));
    }
    if (st != DOSSIER_OK)
        return st;

    char canonical[2048];
    const char *url = NULL;
    if (a->url && dossier_canonical_url(a->url, canonical, sizeof canonical) > 0)
        url = canonical;
    struct article_origin origin;
    article_origin(a, &origin);
    unique_term(a, url, &origin, out->unique_term);

    if (xc_doc_new(&out->doc) != XC_STATUS_SUCCESS)
        return DOSSIER_ERR_NOMEM;
    struct adder ad = {.doc = out->doc};
    add_prefixed(&ad, "", out->unique_term, strlen(out->unique_term), 0, 0, 1);

    size_t n_title = dossier_analysis_token_count(b->title);
    uint32_t body_offset = 0;
    if (n_title > 0) {
        const dossier_token *t = dossier_analysis_tokens(b->title);
        body_offset = t[n_title - 1].position + DOSSIER_BODY_POSITION_GAP;
    }
    add_words(&ad, b->title, 0, 1);
    add_words(&ad, b->body, body_offset, 0);
    out->n_words = n_title + dossier_analysis_token_count(b->body);
    add_entities(&ad, b->title, b->body, &out->n_mentions);
    if (n_author > 0)
        add_author(&ad, b->author, a->author);

    if (url)
        add_url(&ad, url);
    add_slug(&ad, DOSSIER_PREFIX_SOURCE, a->source);
    add_slug(&ad, DOSSIER_PREFIX_CATEGORY, a->category);
    char lang_key[16];
    snprintf(lang_key, sizeof lang_key, "%s", lang);
    lang_key[strcspn(lang_key, "-_")] = '\0';
    add_slug(&ad, DOSSIER_PREFIX_LANG, lang_key);
    char month[16] = "";
    if (a->has_published) {
        add_dates(&ad, a->published);
        int y, m, d;
        dossier_date_parts(a->published, &y, &m, &d);
        snprintf(month, sizeof month, "%04d-%02d", y, m);
    }
    set_facets(&ad, a->source, month, b->title, b->body);

    /* Exact duplicates: the same article (schema.h). */
    uint64_t h = article_hash(b->title, b->body, &origin);
    if (h != 0) {
        snprintf(out->body_hash_term, sizeof out->body_hash_term,
                 "%s%016llx", DOSSIER_PREFIX_BODY_HASH, (unsigned long long)h);
        add_prefixed(&ad, "", out->body_hash_term,
                     strlen(out->body_hash_term), 0, 0, 1);
    }

    /* Near-duplicates: the signature of the body (title-only: title). */
    const dossier_analysis *shingled =
        dossier_analysis_token_count(b->body) ? b->body : b->title;
    dossier_minhash_of_tokens(dossier_analysis_tokens(shingled),
                              dossier_analysis_token_count(shingled),
                              &out->signature);
    snprintf(out->cluster, sizeof out->cluster, "%016llx",
             (unsigned long long)dossier_fnv64(out->unique_term,
                                               strlen(out->unique_term),
                                               DOSSIER_FNV64_INIT));
    if (!out->signature.is_empty) {
        /* The signature, then the article's own cluster key (schema.h). */
        unsigned char sig[4 * DOSSIER_MINHASH_SIZE + DOSSIER_CLUSTER_KEY_LEN];
        dossier_minhash_encode(&out->signature, sig);
        memcpy(sig + 4 * DOSSIER_MINHASH_SIZE, out->cluster,
               DOSSIER_CLUSTER_KEY_LEN);
        if (!ad.failed &&
            xc_doc_set_value(out->doc, DOSSIER_SLOT_MINHASH,
                             (const char *)sig, sizeof sig) != XC_STATUS_SUCCESS)
            ad.failed = 1;
    }

    if (!ad.failed && a->has_published &&
        xc_doc_set_value_time(out->doc, DOSSIER_SLOT_PUBLISHED,
                              (time_t)a->published) != XC_STATUS_SUCCESS)
        ad.failed = 1;

    if (!ad.failed) {
        size_t len = 0;
        /* Every stored record has an id: an article without one is
         * stored under its unique key, which gives the same unique term
         * when the record is indexed again. */
        dossier_article record = *a;
        record.lang = out->lang;
        if (record.id == NULL || *record.id == '\0')
            record.id = out->unique_term + strlen(DOSSIER_PREFIX_ID);
        /* The byline as indexed: none, or cut (schema.h). */
        char *cut_author = NULL;
        if (n_author == 0) {
            record.author = NULL;
        } else if (a->author[n_author] != '\0') {
            cut_author = malloc(n_author + 1);
            if (cut_author != NULL) {
                memcpy(cut_author, a->author, n_author);
                cut_author[n_author] = '\0';
            }
            record.author = cut_author;
        }
        char *json = NULL;
        if (record.author != NULL || n_author == 0)
            json = dossier_record_to_json(&record, url, b->title, b->body,
                                          &len);
        if (json == NULL ||
            xc_doc_set_data(out->doc, json, len) != XC_STATUS_SUCCESS)
            ad.failed = 1;
        free(json);
        free(cut_author);
    }
    if (!ad.failed && collect_spelling(b->title, b->body, out) != 0)
        ad.failed = 1;
    if (ad.failed) {
        dossier_built_clear(out);
        return DOSSIER_ERR_NOMEM;
    }
    return DOSSIER_OK;
}
