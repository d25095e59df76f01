/*
 * gazetteer.c: loading feeds/entities.tsv into entities and a trie of
 * their names.  The compiled image (gazetteer_image.c) and the loader
 * that chooses between the two (gazetteer_load.c) build on this file,
 * never the other way round.
 */
#include "dossier/gazetteer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "analysis.h"
#include "gazetteer_internal.h"
#include "match_key.h"
#include "name_words.h"
#include "tokenize.h"

/* A gazetteer is data we write; one far larger than this is a mistake. */
#define MAX_FILE_BYTES (64u << 20)

static const char *const type_names[DOSSIER_ENTITY_TYPE_COUNT] = {
    "country",      "place",   "organisation", "military",
    "government",   "intelligence", "company", "threat-actor",
    "person",       "media",   "alliance",
};

const char *dossier_entity_type_name(dossier_entity_type type)
{
    if ((unsigned)type >= DOSSIER_ENTITY_TYPE_COUNT)
        return "unknown";
    return type_names[type];
}

dossier_status dossier_entity_type_parse(const char *name, dossier_entity_type *type)
{
    for (int i = 0; i < DOSSIER_ENTITY_TYPE_COUNT; i++) {
        if (strcmp(name, type_names[i]) == 0) {
            *type = (dossier_entity_type)i;
            return DOSSIER_OK;
        }
    }
    return DOSSIER_ERR_INVALID;
}

static int pool_add(dossier_gazetteer *g, const void *bytes, size_t len,
                    uint32_t *off)
{
    if (g->pool_len + len + 1 > UINT32_MAX ||
        grow_array((void **)&g->pool, &g->pool_cap, g->pool_len + len + 1,
                   1) != 0)
        return -1;
    memcpy(g->pool + g->pool_len, bytes, len);
    g->pool[g->pool_len + len] = '\0';
    *off = (uint32_t)g->pool_len;
    g->pool_len += len + 1;
    return 0;
}

/* Edge keys: the parent node's 4 bytes, then the norm; their hash mixes
 * the node into the norm's hash, which the caller already has. */
static size_t edge_key(uint32_t node, const char *norm, size_t len,
                       char *key)
{
    memcpy(key, &node, 4);
    memcpy(key + 4, norm, len);
    return len + 4;
}

uint32_t gaz_child(const dossier_gazetteer *g, uint32_t node,
                   const char *norm, size_t len, uint32_t norm_hash)
{
    char key[4 + DOSSIER_MAX_TERM_BYTES];
    if (len > DOSSIER_MAX_TERM_BYTES)
        return 0;
    uint32_t hash = gaz_edge_hash(node, norm_hash);
    if (!gaz_filter_has(g->edge_bits, hash))
        return 0;
    size_t n = edge_key(node, norm, len, key);
    uint32_t *child = strmap_find(&g->edges, key, n, hash);
    /* An image's values are checked as they are read (gazetteer_image.c),
     * here and below. */
    return child && *child < g->n_nodes ? *child : 0;
}

/* The filters of gazetteer_trie.h, in G->edge_bits one after another. */
#define START_FILTER(g) ((g)->edge_bits + GAZ_FILTER_BITS / 64)
#define CONTEXT_FILTER(g) (START_FILTER(g) + GAZ_START_BITS / 64)

static void set_bit(uint64_t *bits, uint32_t bit)
{
    bits[bit / 64] |= 1ull << (bit % 64);
}

static void set_edge_bit(dossier_gazetteer *g, uint32_t hash)
{
    set_bit(g->edge_bits, hash % GAZ_FILTER_BITS);
}

const uint64_t *gaz_filter(const dossier_gazetteer *g)
{
    return g->edge_bits;
}

const uint64_t *gaz_start_filter(const dossier_gazetteer *g)
{
    return START_FILTER(g);
}

const uint64_t *gaz_context_filter(const dossier_gazetteer *g)
{
    return CONTEXT_FILTER(g);
}

unsigned gaz_context_prefix_lengths(const dossier_gazetteer *g)
{
    return g->context_prefix_lengths &
           ((2u << GAZ_CONTEXT_PREFIX_BYTES) - 2u); /* 1..BYTES: an image's */
}

/* Sets the filter bits gaz_may_be_context() reads for a context word
 * (a prefix when IS_PREFIX) of LEN bytes. */
static void set_context_bits(dossier_gazetteer *g, const char *word,
                             size_t len, int is_prefix)
{
    if (!is_prefix) {
        set_bit(CONTEXT_FILTER(g),
                gaz_context_bit(strmap_hash(word, len, 0), 0));
    } else {
        size_t l = len < GAZ_CONTEXT_PREFIX_BYTES ? len
                                                  : GAZ_CONTEXT_PREFIX_BYTES;
        g->context_prefix_lengths |= 1u << l;
        set_bit(CONTEXT_FILTER(g),
                gaz_context_bit(strmap_hash(word, l, 0), (uint32_t)l));
    }
}

const gaz_alias *gaz_alias_at(const dossier_gazetteer *g, uint32_t a)
{
    if (a == 0 || a > g->n_aliases)
        return NULL;
    const gaz_alias *alias = &g->aliases[a - 1];
    if (alias->entity >= g->n_entities || alias->name_off >= g->pool_len ||
        alias->cases_off >= g->pool_len ||
        alias->n_tokens > g->pool_len - alias->cases_off)
        return NULL;
    return alias;
}

uint32_t gaz_alias_index(const dossier_gazetteer *g, const gaz_alias *alias)
{
    return (uint32_t)(alias - g->aliases) + 1;
}

const gaz_alias *gaz_first_alias(const dossier_gazetteer *g, uint32_t node)
{
    return node < g->n_nodes
               ? gaz_alias_at(g, g->node_alias[node] & ~GAZ_NODE_PARENT)
               : NULL;
}

int gaz_is_parent(const dossier_gazetteer *g, uint32_t node)
{
    return node < g->n_nodes && (g->node_alias[node] & GAZ_NODE_PARENT);
}

const gaz_alias *gaz_next_alias(const dossier_gazetteer *g,
                                const gaz_alias *alias)
{
    /* Always a later alias, so that every list ends. */
    size_t index = (size_t)(alias - g->aliases) + 1;
    return alias->next > index ? gaz_alias_at(g, alias->next) : NULL;
}

void gaz_entity_years(const dossier_gazetteer *g, uint32_t e, int *from,
                      int *to)
{
    *from = *to = 0;
    if (e < g->n_entities) {
        *from = g->offsets[e].year_from;
        *to = g->offsets[e].year_to;
    }
}

const gaz_context *gaz_entity_context(const dossier_gazetteer *g, uint32_t e,
                                      size_t *n)
{
    *n = 0;
    if (e >= g->n_entities)
        return NULL;
    const struct entity_offsets *o = &g->offsets[e];
    if (o->ctx_first > g->n_contexts ||
        o->ctx_count > g->n_contexts - o->ctx_first)
        return NULL;
    *n = o->ctx_count;
    return g->contexts + o->ctx_first;
}

const char *gaz_context_word(const dossier_gazetteer *g, const gaz_context *c)
{
    if (c->word_off >= g->pool_len || c->word_len > g->pool_len - c->word_off)
        return NULL;
    return g->pool + c->word_off;
}

const uint8_t *gaz_alias_cases(const dossier_gazetteer *g,
                               const gaz_alias *alias)
{
    if (alias->n_tokens <= GAZ_ALIAS_INLINE_CASES)
        return alias->cases;
    return (const uint8_t *)g->pool + alias->cases_off;
}

const char *gaz_alias_name(const dossier_gazetteer *g, const gaz_alias *alias)
{
    return g->pool + alias->name_off;
}

static int new_node(dossier_gazetteer *g, uint32_t *node)
{
    if (grow_array((void **)&g->node_alias, &g->cap_nodes, g->n_nodes + 1,
                   sizeof *g->node_alias) != 0)
        return -1;
    g->node_alias[g->n_nodes] = 0;
    *node = (uint32_t)g->n_nodes++;
    return 0;
}

static uint8_t case_of(const dossier_token *tok, const char *norm)
{
    if (tok->flags & DOSSIER_TOKEN_DOTTED)
        return ALIAS_DOTTED;
    if (tok->flags & DOSSIER_TOKEN_ALL_CAPS)
        return ALIAS_UPPER | (strlen(norm) >= 4 ? ALIAS_CASE_LONG : 0);
    if (tok->flags & DOSSIER_TOKEN_CAPITALIZED)
        return ALIAS_CAPITALIZED;
    return ALIAS_ANY;
}

/* An entity's context column, resolved once every id is known. */
struct pending_context {
    uint32_t entity;
    size_t line;
    const char *text; /* into the parser's copy of the file */
};

struct loader {
    dossier_gazetteer *g;
    dossier_analysis *scratch;
    stemmer_pool stemmers;    /* for the names' keys (match_key.h) */
    dossier_warning_fn warn;
    void *ctx;
    const char *file;
    size_t line;
    struct pending_context *contexts;
    size_t n_contexts, cap_contexts;
    strmap display_names; /* normalized display names claimed so far */
};

static void warn(struct loader *l, const char *fmt, const char *arg)
{
    if (l->warn == NULL)
        return;
    char where[512], message[512];
    snprintf(where, sizeof where, "%s:%zu", l->file, l->line);
    snprintf(message, sizeof message, fmt, arg);
    l->warn(l->ctx, where, message);
}

/* The normalized words of NAME joined by spaces, into OUT; the match
 * tokens' indexes go to the scratch analysis.  Returns the word count, or
 * -1 when memory ran out. */
static int name_words(struct loader *l, const char *name, size_t len,
                      char *out, size_t out_size, size_t *words,
                      size_t max_words)
{
    analysis_reset(l->scratch);
    if (tokenize(name, len, 0, l->scratch) != 0)
        return -1;
    size_t n = 0, used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < l->scratch->n_tokens; i++) {
        const dossier_token *t = &l->scratch->tokens[i];
        if (t->flags & (DOSSIER_TOKEN_COMPOUND | DOSSIER_TOKEN_TOO_LONG))
            continue;
        if (n == max_words)
            break;
        const char *norm = analysis_norm(l->scratch, i);
        size_t nlen = strlen(norm);
        if (used + nlen + 2 > out_size)
            break;
        if (used)
            out[used++] = ' ';
        memcpy(out + used, norm, nlen + 1);
        used += nlen;
        words[n++] = i;
    }
    return (int)n;
}

#define MAX_NAME_WORDS 16

/* Adds NAME (LEN bytes) as a name of entity E, its display name when
 * IS_DISPLAY, one that needs support in the article when IS_AMBIGUOUS.
 * Returns 0 or -1 (memory). */
static int add_name(struct loader *l, uint32_t e, const char *name,
                    size_t len, int is_ambiguous, int is_display)
{
    dossier_gazetteer *g = l->g;
    char joined[1024];
    size_t words[MAX_NAME_WORDS];
    int n = name_words(l, name, len, joined, sizeof joined, words,
                       MAX_NAME_WORDS);
    /* The trie goes over the words' keys; the name map, and lookups by
     * name (normalized_name), over their norms. */
    if (n < 0 || match_keys(&l->stemmers, name, l->scratch) != 0)
        return -1;
    char copy[256];
    snprintf(copy, sizeof copy, "%.*s", (int)(len < 200 ? len : 200), name);
    if (n == 0) {
        warn(l, "name \"%s\" has no words; ignored", copy);
        return 0;
    }

    /* Lookup by name: the first entity whose display name it is keeps a
     * normalized name, else the first to claim it ("Labour Party" is the
     * British party's, which several parties share as an ambiguous
     * name). */
    int is_new, is_new_display;
    size_t jlen = strlen(joined);
    uint32_t hash = strmap_hash(joined, jlen, 0);
    uint32_t *owner = strmap_insert(&g->names, joined, jlen, hash, &is_new);
    if (owner == NULL)
        return -1;
    if (is_new)
        *owner = e + 1;
    if (is_display) {
        uint32_t *claimed = strmap_insert(&l->display_names, joined, jlen,
                                          hash, &is_new_display);
        if (claimed == NULL)
            return -1;
        if (is_new_display) {
            *claimed = 1;
            *owner = e + 1;
        }
    }

    /* Walk or build the trie path. */
    uint32_t node = GAZ_ROOT;
    uint8_t cases[MAX_NAME_WORDS];
    for (int k = 0; k < n; k++) {
        const dossier_token *t = &l->scratch->tokens[words[k]];
        const char *norm = analysis_norm(l->scratch, words[k]);
        size_t nlen = strlen(norm);
        cases[k] = case_of(t, norm);
        /* The trie's edges go over the words' keys (match_key.h). */
        const char *word_key = analysis_key(l->scratch, words[k]);
        size_t word_key_len = analysis_key_len(l->scratch, words[k]);
        uint32_t key_hash = analysis_key_hash(l->scratch, words[k]);
        char key[4 + DOSSIER_MAX_TERM_BYTES];
        if (word_key_len > DOSSIER_MAX_TERM_BYTES)
            return 0; /* as gaz_child: no such key is looked up */
        uint32_t edge = gaz_edge_hash(node, key_hash);
        set_edge_bit(g, edge);
        if (k == 0)
            set_bit(START_FILTER(g), gaz_start_bit(key_hash));
        if (k == 0 && !gaz_is_caseless(word_key) &&
            ((cases[0] & ALIAS_CASE_MASK) == ALIAS_ANY ||
             (name_word_kinds(norm, nlen) & NAME_WORD_PARTICLE)))
            set_bit(START_FILTER(g), gaz_start_lower_bit(key_hash));
        size_t klen = edge_key(node, word_key, word_key_len, key);
        uint32_t *child = strmap_insert(&g->edges, key, klen, edge, &is_new);
        if (child == NULL)
            return -1;
        if (is_new) {
            uint32_t made;
            if (new_node(g, &made) != 0)
                return -1;
            /* new_node cannot move the edge map, so CHILD is valid. */
            *child = made;
            g->node_alias[node] |= GAZ_NODE_PARENT;
        }
        node = *child;
    }

    /* The same words in the same case for another entity: allowed when
     * both say the name is ambiguous, which the resolver then decides. */
    uint32_t flags = is_ambiguous ? GAZ_ALIAS_AMBIGUOUS : 0;
    for (const gaz_alias *a = gaz_first_alias(g, node); a;
         a = gaz_next_alias(g, a)) {
        if (memcmp(gaz_alias_cases(g, a), cases, (size_t)n) != 0)
            continue;
        if (a->entity == e)
            return 0;
        if ((a->flags & GAZ_ALIAS_AMBIGUOUS) && is_ambiguous)
            continue;
        warn(l, (a->flags & GAZ_ALIAS_AMBIGUOUS) || is_ambiguous
                    ? "name \"%s\" is ambiguous for one entity and not for "
                      "another; ignored"
                    : "name \"%s\" already names another entity; ignored",
             copy);
        return 0;
    }

    gaz_alias alias = {.entity = e, .n_tokens = (uint32_t)n, .flags = flags};
    memcpy(alias.cases, cases,
           (size_t)n < sizeof alias.cases ? (size_t)n : sizeof alias.cases);
    if (pool_add(g, name, len, &alias.name_off) != 0 ||
        pool_add(g, cases, (size_t)n, &alias.cases_off) != 0)
        return -1;
    if (grow_array((void **)&g->aliases, &g->cap_aliases, g->n_aliases + 1,
                   sizeof *g->aliases) != 0)
        return -1;
    /* Append to the node's list, keeping file order (the display name
     * first), so earlier names win ties. */
    g->aliases[g->n_aliases] = alias;
    uint32_t index = (uint32_t)++g->n_aliases;
    uint32_t first = g->node_alias[node] & ~GAZ_NODE_PARENT;
    if (first == 0) {
        g->node_alias[node] |= index;
    } else {
        gaz_alias *last = &g->aliases[first - 1];
        while (last->next)
            last = &g->aliases[last->next - 1];
        last->next = index;
    }
    return 0;
}

static int is_valid_id(const char *id, size_t len)
{
    if (len == 0 || len > 60)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = id[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return 0;
    }
    return 1;
}

/* Parses "FROM-TO", "FROM-", "-TO" or "YEAR" into *FROM and *TO (0:
 * open).  Returns 0, or -1 when it is none of those. */
static int parse_years(const char *text, int32_t *from, int32_t *to)
{
    *from = *to = 0;
    if (*text == '\0')
        return 0;
    const char *p = text;
    int32_t *slot = from;
    int has_dash = 0;
    while (*p) {
        if (*p == '-' && !has_dash) {
            has_dash = 1;
            slot = to;
            p++;
            continue;
        }
        if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9' ||
            p[2] < '0' || p[2] > '9' || p[3] < '0' || p[3] > '9')
            return -1;
        *slot = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 +
                (p[3] - '0');
        p += 4;
        if (*p != '\0' && *p != '-')
            return -1;
    }
    if (!has_dash)
        *to = *from;
    return *from && *to && *from > *to ? -1 : 0;
}

/* Adds each '|'-separated name of LIST to entity E.  Returns 0 or -1. */
static int add_names(struct loader *l, uint32_t e, const char *list,
                     int is_ambiguous)
{
    for (const char *a = list; *a;) {
        const char *bar = strchr(a, '|');
        size_t alen = bar ? (size_t)(bar - a) : strlen(a);
        if (alen > 0 && add_name(l, e, a, alen, is_ambiguous, 0) != 0)
            return -1;
        if (bar == NULL)
            break;
        a = bar + 1;
    }
    return 0;
}

/* Whether NAME is one of the '|'-separated names of LIST. */
static int list_has(const char *list, const char *name)
{
    size_t len = strlen(name);
    for (const char *a = list; *a;) {
        const char *bar = strchr(a, '|');
        size_t alen = bar ? (size_t)(bar - a) : strlen(a);
        if (alen == len && memcmp(a, name, len) == 0)
            return 1;
        if (bar == NULL)
            break;
        a = bar + 1;
    }
    return 0;
}

#define MAX_FIELDS 7

/* Parses one entry line (no newline): 4 fields, or 7 with the ambiguity
 * columns (feeds/entities.tsv documents them).  Returns 0 or -1
 * (memory). */
static int parse_line(struct loader *l, char *line, size_t len)
{
    dossier_gazetteer *g = l->g;
    char *field[MAX_FIELDS];
    size_t n_fields = 0;
    (void)len;
    for (char *p = line;;) {
        if (n_fields == MAX_FIELDS) {
            n_fields++; /* one too many */
            break;
        }
        field[n_fields++] = p;
        char *tab = strchr(p, '\t');
        if (tab == NULL)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    if (n_fields != 4 && n_fields != MAX_FIELDS) {
        warn(l, "expected 4 or 7 tab-separated fields%s; line skipped", "");
        return 0;
    }
    const char *id = field[0], *type_name = field[1], *name = field[2];
    const char *aliases = field[3];
    const char *ambiguous = n_fields == MAX_FIELDS ? field[4] : "";
    const char *context = n_fields == MAX_FIELDS ? field[5] : "";
    const char *years = n_fields == MAX_FIELDS ? field[6] : "";
    if (!is_valid_id(id, strlen(id))) {
        warn(l, "bad id \"%s\" (want [a-z0-9-], 60 at most); line skipped",
             id);
        return 0;
    }
    dossier_entity_type type;
    if (dossier_entity_type_parse(type_name, &type) != 0) {
        warn(l, "unknown type \"%s\"; line skipped", type_name);
        return 0;
    }
    if (*name == '\0') {
        warn(l, "entity \"%s\" has no display name; line skipped", id);
        return 0;
    }
    int32_t year_from, year_to;
    if (parse_years(years, &year_from, &year_to) != 0) {
        warn(l, "bad years \"%s\" (want 1983-2005, 2014- or -1991); "
                "ignored", years);
        year_from = year_to = 0;
    }
    char key[64];
    int klen = snprintf(key, sizeof key, "\1%s", id);
    int is_new;
    uint32_t *slot = strmap_insert(&g->names, key, (size_t)klen,
                                   strmap_hash(key, (size_t)klen, 0),
                                   &is_new);
    if (slot == NULL)
        return -1;
    if (!is_new) {
        warn(l, "duplicate id \"%s\"; line skipped", id);
        return 0;
    }

    if (grow_array((void **)&g->entities, &g->cap_entities,
                   g->n_entities + 1, sizeof *g->entities) != 0 ||
        grow_array((void **)&g->offsets, &g->cap_offsets, g->n_entities + 1,
                   sizeof *g->offsets) != 0)
        return -1;
    uint32_t e = (uint32_t)g->n_entities;
    struct entity_offsets *off = &g->offsets[e];
    memset(off, 0, sizeof *off);
    off->year_from = year_from;
    off->year_to = year_to;
    if (pool_add(g, id, strlen(id), &off->id_off) != 0 ||
        pool_add(g, name, strlen(name), &off->name_off) != 0)
        return -1;
    g->entities[e] = (dossier_entity){.type = type, .index = e};
    g->n_entities++;
    *slot = e + 1; /* only the name map moves slots, and it was not used */

    if (*context) {
        if (grow_array((void **)&l->contexts, &l->cap_contexts,
                       l->n_contexts + 1, sizeof *l->contexts) != 0)
            return -1;
        l->contexts[l->n_contexts++] =
            (struct pending_context){.entity = e, .line = l->line,
                                     .text = context};
    }
    /* The display name is ambiguous when that column lists it. */
    if (add_name(l, e, name, strlen(name), list_has(ambiguous, name), 1) != 0 ||
        add_names(l, e, aliases, 0) != 0 || add_names(l, e, ambiguous, 1) != 0)
        return -1;
    return 0;
}

/* Appends the context item ITEM (LEN bytes) of entity E: an entity id,
 * else one word, a prefix when it ends in '*'.  Returns 0 or -1. */
static int add_context_item(struct loader *l, uint32_t e, const char *item,
                            size_t len)
{
    dossier_gazetteer *g = l->g;
    gaz_context c = {0};
    char key[64];
    if (len < sizeof key - 1) {
        int klen = snprintf(key, sizeof key, "\1%.*s", (int)len, item);
        uint32_t *other = strmap_find(&g->names, key, (size_t)klen,
                                      strmap_hash(key, (size_t)klen, 0));
        if (other && *other >= 1 && *other <= g->n_entities)
            c.entity = *other;
    }
    if (c.entity == 0) {
        int is_prefix = len > 1 && item[len - 1] == '*';
        char joined[256];
        size_t words[2];
        int n = name_words(l, item, len - (size_t)is_prefix, joined,
                           sizeof joined, words, 2);
        if (n < 0)
            return -1;
        if (n != 1) {
            char copy[128];
            snprintf(copy, sizeof copy, "%.*s", (int)(len < 100 ? len : 100),
                     item);
            warn(l, "context \"%s\" is neither an entity id nor one word; "
                    "ignored", copy);
            return 0;
        }
        c.is_prefix = (uint32_t)is_prefix;
        c.word_len = (uint32_t)strlen(joined);
        /* A stop word is in every article: it supports nothing, and the
         * resolver does not look at stop words (entity_resolve.c). */
        if (!is_prefix && stopword_en(joined, c.word_len)) {
            warn(l, "context \"%s\" is a stop word, which says nothing "
                    "about an article; ignored", joined);
            return 0;
        }
        if (pool_add(g, joined, c.word_len, &c.word_off) != 0)
            return -1;
        set_context_bits(g, joined, c.word_len, is_prefix);
    }
    if (grow_array((void **)&g->contexts, &g->cap_contexts,
                   g->n_contexts + 1, sizeof *g->contexts) != 0)
        return -1;
    g->contexts[g->n_contexts++] = c;
    g->offsets[e].ctx_count++;
    return 0;
}

/* Resolves the context columns, now that every id is known. */
static int resolve_contexts(struct loader *l)
{
    for (size_t i = 0; i < l->n_contexts; i++) {
        const struct pending_context *p = &l->contexts[i];
        l->line = p->line;
        l->g->offsets[p->entity].ctx_first = (uint32_t)l->g->n_contexts;
        for (const char *a = p->text; *a;) {
            const char *bar = strchr(a, '|');
            size_t alen = bar ? (size_t)(bar - a) : strlen(a);
            if (alen > 0 && add_context_item(l, p->entity, a, alen) != 0)
                return -1;
            if (bar == NULL)
                break;
            a = bar + 1;
        }
    }
    return 0;
}

void gaz_version_of(const char *text, size_t len, char out[32])
{
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)text[i];
        h *= 1099511628211ull;
    }
    snprintf(out, 32, "fnv64:%016llx", (unsigned long long)h);
}

dossier_status dossier_gazetteer_parse(const char *text, size_t len,
                                       const char *name,
                                       dossier_warning_fn warn_fn, void *ctx,
                                       dossier_gazetteer **out)
{
    if (out == NULL || (text == NULL && len > 0))
        return DOSSIER_ERR_INVALID;
    *out = NULL;
    dossier_gazetteer *g = calloc(1, sizeof *g);
    dossier_analysis *scratch = NULL;
    char *copy = malloc(len + 1);
    uint32_t root;
    struct loader l = {
        .g = g, .warn = warn_fn, .ctx = ctx,
        .file = name ? name : "gazetteer",
    };
    if (g == NULL || copy == NULL ||
        (g->edge_bits = calloc(GAZ_ALL_FILTER_BITS / 64,
                               sizeof *g->edge_bits)) == NULL ||
        strmap_init(&g->edges) != 0 || strmap_init(&l.display_names) != 0 ||
        strmap_init(&g->names) != 0 ||
        dossier_analysis_new(&scratch) != DOSSIER_OK ||
        new_node(g, &root) != 0)
        goto nomem;
    memcpy(copy, text, len);
    copy[len] = '\0';
    l.scratch = scratch;
    char *p = copy, *end = copy + len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *line_end = nl ? nl : end;
        l.line++;
        size_t line_len = (size_t)(line_end - p);
        if (line_len > 0 && p[line_len - 1] == '\r')
            line_len--;
        p[line_len] = '\0';
        if (line_len > 0 && p[0] != '#' && parse_line(&l, p, line_len) != 0)
            goto nomem;
        p = line_end + 1;
    }
    if (resolve_contexts(&l) != 0)
        goto nomem;
    free(l.contexts);
    l.contexts = NULL;
    strmap_free(&l.display_names);
    for (size_t i = 0; i < g->n_entities; i++) {
        g->entities[i].id = g->pool + g->offsets[i].id_off;
        g->entities[i].name = g->pool + g->offsets[i].name_off;
    }
    gaz_version_of(text, len, g->version);
    free(copy);
    dossier_analysis_free(scratch);
    stemmer_pool_close(&l.stemmers);
    *out = g;
    return DOSSIER_OK;

nomem:
    free(l.contexts);
    stemmer_pool_close(&l.stemmers);
    strmap_free(&l.display_names);
    free(copy);
    dossier_analysis_free(scratch);
    dossier_gazetteer_free(g);
    return DOSSIER_ERR_NOMEM;
}

int gaz_source_of(const char *path, int fd, struct gaz_source *out)
{
    struct stat st;
    memset(out, 0, sizeof *out);
    if ((path ? stat(path, &st) : fstat(fd, &st)) != 0)
        return -1;
    *out = (struct gaz_source){
        .dev = (uint64_t)st.st_dev,
        .ino = (uint64_t)st.st_ino,
        .size = (uint64_t)st.st_size,
        .mtime_sec = (int64_t)st.st_mtim.tv_sec,
        .mtime_nsec = (int64_t)st.st_mtim.tv_nsec,
        .ctime_sec = (int64_t)st.st_ctim.tv_sec,
        .ctime_nsec = (int64_t)st.st_ctim.tv_nsec,
    };
    return 0;
}

dossier_status gaz_read_file(const char *path, char **out, size_t *out_len,
                             struct gaz_source *source)
{
    *out = NULL;
    *out_len = 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return DOSSIER_ERR_IO;
    if (source && gaz_source_of(NULL, fileno(f), source) != 0) {
        int saved = errno;
        fclose(f);
        errno = saved;
        return DOSSIER_ERR_IO;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    dossier_status st = DOSSIER_OK;
    for (;;) {
        if (grow_array((void **)&buf, &cap, len + 65536, 1) != 0) {
            st = DOSSIER_ERR_NOMEM;
            break;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0) {
            if (ferror(f))
                st = DOSSIER_ERR_IO;
            break;
        }
        if (len > MAX_FILE_BYTES) {
            errno = EFBIG;
            st = DOSSIER_ERR_IO;
            break;
        }
    }
    int saved = errno;
    fclose(f);
    if (st != DOSSIER_OK) {
        free(buf);
        buf = NULL;
        len = 0;
    }
    *out = buf;
    *out_len = len;
    errno = saved;
    return st;
}

void dossier_gazetteer_free(dossier_gazetteer *g)
{
    if (g == NULL)
        return;
    free(g->entities);
    if (g->image != NULL) {
        /* Every other array points into the image. */
        if (g->is_image_mapped)
            munmap(g->image, g->image_len);
        else
            free(g->image);
    } else {
        free(g->offsets);
        free(g->pool);
        strmap_free(&g->edges);
        free(g->node_alias);
        free(g->aliases);
        free(g->contexts);
        free(g->edge_bits);
        strmap_free(&g->names);
    }
    free(g);
}

size_t dossier_gazetteer_count(const dossier_gazetteer *g)
{
    return g ? g->n_entities : 0;
}

const dossier_entity *dossier_gazetteer_entity(const dossier_gazetteer *g,
                                               size_t i)
{
    return g && i < g->n_entities ? &g->entities[i] : NULL;
}

/* NAME's normalized words joined by spaces into OUT (OUT_SIZE bytes),
 * as the matcher and the name map see them.  Returns the word count, 0
 * when there is none, -1 when memory ran out (OUT is then ""). */
static int normalized_name(const char *name, size_t len, char *out,
                           size_t out_size)
{
    out[0] = '\0';
    dossier_analysis *scratch = NULL;
    if (dossier_analysis_new(&scratch) != DOSSIER_OK)
        return -1;
    struct loader l = {.scratch = scratch};
    size_t words[MAX_NAME_WORDS];
    int n = name_words(&l, name, len, out, out_size, words, MAX_NAME_WORDS);
    dossier_analysis_free(scratch);
    return n;
}

size_t dossier_gazetteer_names(const dossier_gazetteer *g,
                               const dossier_entity *e, const char **out,
                               int *is_ambiguous, size_t max)
{
    if (g == NULL || e == NULL)
        return 0;
    size_t n = 0;
    if (max > 0) {
        out[0] = e->name;
        if (is_ambiguous)
            is_ambiguous[0] = 0;
    }
    n = 1;
    for (size_t i = 0; i < g->n_aliases; i++) {
        const gaz_alias *a = &g->aliases[i];
        if (a->entity != e->index)
            continue;
        const char *name = g->pool + a->name_off;
        int is_amb = (a->flags & GAZ_ALIAS_AMBIGUOUS) != 0;
        if (strcmp(name, e->name) == 0) {
            if (is_ambiguous && max > 0)
                is_ambiguous[0] = is_amb; /* the display name is */
            continue;
        }
        if (n < max) {
            out[n] = name;
            if (is_ambiguous)
                is_ambiguous[n] = is_amb;
        }
        n++;
    }
    return n;
}

const dossier_entity *dossier_gazetteer_lookup(const dossier_gazetteer *g,
                                               const char *name)
{
    if (g == NULL || name == NULL)
        return NULL;
    size_t len = strlen(name);
    /* An id first: exact bytes. */
    char key[64];
    if (len < sizeof key - 1) {
        int klen = snprintf(key, sizeof key, "\1%s", name);
        uint32_t *e = strmap_find(&g->names, key, (size_t)klen,
                                  strmap_hash(key, (size_t)klen, 0));
        if (e && *e >= 1 && *e <= g->n_entities)
            return &g->entities[*e - 1];
    }
    /* Then any name, normalized as the matcher sees it. */
    char joined[1024];
    if (normalized_name(name, len, joined, sizeof joined) <= 0)
        return NULL;
    size_t jlen = strlen(joined);
    uint32_t *e = strmap_find(&g->names, joined, jlen,
                              strmap_hash(joined, jlen, 0));
    return e && *e >= 1 && *e <= g->n_entities ? &g->entities[*e - 1] : NULL;
}

static int by_index(const void *a, const void *b)
{
    uint32_t x = (*(const dossier_entity *const *)a)->index;
    uint32_t y = (*(const dossier_entity *const *)b)->index;
    return (x > y) - (x < y);
}

size_t dossier_gazetteer_lookup_all(const dossier_gazetteer *g,
                                    const char *name,
                                    const dossier_entity **out, size_t max,
                                    int *has_primary)
{
    if (has_primary)
        *has_primary = 0;
    const dossier_entity *e = dossier_gazetteer_lookup(g, name);
    if (e == NULL)
        return 0;
    char joined[1024];
    uint32_t node = GAZ_ROOT;
    /* An id names one entity; a name, every entity at its trie node. */
    if (strcmp(e->id, name) == 0 ||
        normalized_name(name, strlen(name), joined, sizeof joined) <= 0) {
        if (max > 0)
            out[0] = e;
        if (has_primary)
            *has_primary = 1;
        return 1;
    }
    for (char *w = joined;;) {
        char *space = strchr(w, ' ');
        size_t len = space ? (size_t)(space - w) : strlen(w);
        node = gaz_child(g, node, w, len, strmap_hash(w, len, 0));
        if (space == NULL || node == 0)
            break;
        w = space + 1;
    }
    const dossier_entity *found[64];
    size_t n = 0;
    /* The entity whose display name or plain alias it is comes first. */
    const dossier_entity *primary = NULL;
    for (const gaz_alias *a = node ? gaz_first_alias(g, node) : NULL;
         a && n < sizeof found / sizeof found[0]; a = gaz_next_alias(g, a)) {
        const dossier_entity *x = &g->entities[a->entity];
        if (!(a->flags & GAZ_ALIAS_AMBIGUOUS) ||
            strcmp(gaz_alias_name(g, a), x->name) == 0) {
            if (primary == NULL || x == e)
                primary = x;
        }
        size_t k = 0;
        while (k < n && found[k] != x)
            k++;
        if (k == n)
            found[n++] = x;
    }
    if (n == 0) {
        found[n++] = e;
        primary = e;
    }
    qsort(found, n, sizeof found[0], by_index);
    if (primary) {
        size_t k = 0;
        while (found[k] != primary)
            k++;
        memmove(found + 1, found, k * sizeof found[0]);
        found[0] = primary;
        if (has_primary)
            *has_primary = 1;
    }
    for (size_t i = 0; i < n && i < max; i++)
        out[i] = found[i];
    return n;
}

/* The longest name compared for "did you mean", in bytes. */
#define MAX_NEAREST_NAME 64

/* The optimal-string-alignment distance of A and B (at most
 * MAX_NEAREST_NAME bytes each), or LIMIT + 1 once it passes LIMIT. */
static size_t edit_distance(const char *a, size_t a_len, const char *b,
                            size_t b_len, size_t limit)
{
    size_t rows[3][MAX_NEAREST_NAME + 1];
    size_t *before = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= b_len; j++)
        prev[j] = j;
    for (size_t i = 1; i <= a_len; i++) {
        cur[0] = i;
        size_t row_min = cur[0];
        for (size_t j = 1; j <= b_len; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            if (prev[j - 1] + cost < d)
                d = prev[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] && before[j - 2] + 1 < d)
                d = before[j - 2] + 1;
            cur[j] = d;
            if (d < row_min)
                row_min = d;
        }
        if (row_min > limit)
            return limit + 1;
        size_t *t = before;
        before = prev;
        prev = cur;
        cur = t;
    }
    return prev[b_len] <= limit ? prev[b_len] : limit + 1;
}

const dossier_entity *dossier_gazetteer_nearest(const dossier_gazetteer *g,
                                                const char *name,
                                                const char **matched)
{
    if (matched)
        *matched = NULL;
    if (g == NULL || name == NULL)
        return NULL;
    char joined[1024];
    int n_words = normalized_name(name, strlen(name), joined, sizeof joined);
    size_t len = strlen(joined);
    if (n_words <= 0 || len > MAX_NEAREST_NAME)
        return NULL;
    size_t limit = len / 3 > 0 ? len / 3 : 1;
    const dossier_entity *best = NULL;
    size_t best_distance = limit + 1;
    for (size_t i = 0; i < g->names.n_slots; i++) {
        const strmap_slot *slot = &g->names.slots[i];
        if (slot->key_off == 0 || slot->key_len > MAX_NEAREST_NAME ||
            slot->value < 1 || slot->value > g->n_entities)
            continue;
        const char *key = strmap_str(&g->names, slot->key_off);
        if (key[0] == '\1') /* an id, not a name */
            continue;
        size_t gap = slot->key_len > len ? slot->key_len - len
                                         : len - slot->key_len;
        if (gap > limit)
            continue;
        size_t d = edit_distance(joined, len, key, slot->key_len, limit);
        const dossier_entity *e = &g->entities[slot->value - 1];
        if (d < best_distance ||
            (d == best_distance && best != NULL && e->index < best->index)) {
            best = e;
            best_distance = d;
            if (matched)
                *matched = key;
        }
    }
    return best;
}

const char *dossier_gazetteer_version(const dossier_gazetteer *g)
{
    return g ? g->version : "";
}
