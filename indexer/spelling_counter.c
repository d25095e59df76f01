/*
 * spelling_counter.c: words counted for the spelling dictionary
 * (spelling_counter.h).
 */
#include "spelling_counter.h"

#include <stdlib.h>
#include <string.h>

#include "dossier/hash.h"

void spelling_counter_init(spelling_counter *c)
{
    memset(c, 0, sizeof *c);
    u64map_init(&c->index);
}

/* Forgets every word; C stays usable. */
static void forget_all(spelling_counter *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->words[i].word);
    c->n = 0;
    u64map_free(&c->index);
    u64map_init(&c->index);
}

void spelling_counter_free(spelling_counter *c)
{
    forget_all(c);
    u64map_free(&c->index);
    free(c->words);
    c->words = NULL;
    c->cap = 0;
}

/* Adds COUNT to WORD's count. */
static dossier_status add(spelling_counter *c, const char *word,
                          uint32_t count)
{
    uint64_t h = dossier_fnv64(word, strlen(word), DOSSIER_FNV64_INIT);
    uint64_t *at = u64map_get(&c->index, h);
    /* Words whose hashes collide are one word here: a count a little too
     * high for a rare word of a dictionary of suggestions. */
    if (at) {
        c->words[*at - 1].count += count;
        return DOSSIER_OK;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 4096;
        struct spelling_count *p = realloc(c->words, cap * sizeof *p);
        if (p == NULL)
            return DOSSIER_ERR_NOMEM;
        c->words = p;
        c->cap = cap;
    }
    char *copy = strdup(word);
    if (copy == NULL)
        return DOSSIER_ERR_NOMEM;
    c->words[c->n++] = (struct spelling_count){copy, count};
    return u64map_put(&c->index, h, c->n) == 0 ? DOSSIER_OK
                                                : DOSSIER_ERR_NOMEM;
}

dossier_status spelling_counter_count(spelling_counter *c, const char *words,
                                      size_t n)
{
    const char *word = words;
    for (size_t k = 0; word && k < n; k++) {
        if (add(c, word, 1) != DOSSIER_OK)
            return DOSSIER_ERR_NOMEM;
        word += strlen(word) + 1;
    }
    return DOSSIER_OK;
}

xc_status spelling_counter_flush(spelling_counter *c, xc_db *db)
{
    xc_status st = XC_STATUS_SUCCESS;
    for (size_t i = 0; i < c->n && st == XC_STATUS_SUCCESS; i++)
        if (c->words[i].count >= 2)
            st = xc_db_add_spelling(db, c->words[i].word, c->words[i].count);
    forget_all(c);
    return st;
}

dossier_status spelling_counter_flush_into(spelling_counter *c,
                                           spelling_counter *into)
{
    dossier_status st = DOSSIER_OK;
    for (size_t i = 0; i < c->n && st == DOSSIER_OK; i++)
        if (c->words[i].count >= 2)
            st = add(into, c->words[i].word, c->words[i].count);
    forget_all(c);
    return st;
}
