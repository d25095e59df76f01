/*
 * match_key.c: gazetteer lookup keys, norms or stems (match_key.h).
 */
#include "match_key.h"

#include <string.h>

#include "script.h"

/* Characters in LEN bytes of UTF-8 at S: bytes that begin one. */
static size_t utf8_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* Hebrew has no stemmer, and writes "and", "the", "in", "to", "from",
 * "that" and "as" as a letter before the word (ו ה ב ל מ ש כ): "לישראל"
 * is "to Israel".  The key of a Hebrew word is the word without up to
 * three such letters, keeping at least three letters, whether they are
 * prefixes or its own ("מוסד" and "המוסד" both give "וסד"): one rule for
 * the gazetteer's names and the text's words, so they meet.  Returns the
 * bytes to skip of NORM (LEN bytes). */
static size_t hebrew_prefix_len(const char *norm, size_t len)
{
    const unsigned char *s = (const unsigned char *)norm;
    size_t skip = 0;
    for (int k = 0; k < 3; k++) {
        if (len - skip < 2 * 4 || s[skip] != 0xD7)
            break;
        unsigned char c = s[skip + 1];
        if (c != 0x95 && c != 0x94 && c != 0x91 && c != 0x9C && c != 0x9E &&
            c != 0xA9 && c != 0x9B)
            break;
        skip += 2;
    }
    return skip;
}

int match_keys(stemmer_pool *pool, const char *text, dossier_analysis *res)
{
    for (size_t i = 0; i < res->n_tokens; i++) {
        token_strings *ts = &res->strings_of[i];
        const dossier_token *t = &res->tokens[i];
        ts->key_off = ts->norm_off;
        /* Most words begin with an ASCII letter: Latin, keyed by norm. */
        if ((unsigned char)text[t->start] < 0x80)
            continue;
        script_id script = token_script(text, t);
        if (script == SCRIPT_HEBREW && t->norm_len > 0 &&
            !(t->flags & DOSSIER_TOKEN_COMPOUND)) {
            size_t skip = hebrew_prefix_len(analysis_norm(res, i),
                                            t->norm_len);
            if (skip > 0) {
                /* A copy: the string buffer may move. */
                char copy[DOSSIER_MAX_TERM_BYTES + 1];
                memcpy(copy, analysis_norm(res, i) + skip,
                       t->norm_len - skip);
                uint32_t off;
                if (analysis_add_string(res, copy, t->norm_len - skip,
                                        &off) != 0)
                    return -1;
                ts->key_off = off;
            }
            continue;
        }
        size_t min_chars = script_min_key_chars(script);
        if (min_chars == 0 || t->norm_len == 0 ||
            (t->flags & DOSSIER_TOKEN_COMPOUND))
            continue;
        int is_unknown;
        stemmer *st = stemmer_pool_get(
            pool, script_language(script, NULL), &is_unknown);
        if (st == NULL)
            return -1;
        if (is_unknown)
            continue;
        const char *stem;
        size_t stem_len;
        if (stemmer_term(st, analysis_norm(res, i), t->norm_len,
                         ts->norm_hash, 0, &stem, &stem_len) != 0)
            return -1;
        if (utf8_chars(stem, stem_len) < min_chars ||
            (stem_len == t->norm_len &&
             memcmp(stem, analysis_norm(res, i), stem_len) == 0))
            continue;
        /* The stem points into the stemmer: copy it before the buffer
         * may move. */
        char copy[DOSSIER_MAX_TERM_BYTES + 1];
        if (stem_len >= sizeof copy)
            continue;
        memcpy(copy, stem, stem_len);
        uint32_t off;
        if (analysis_add_string(res, copy, stem_len, &off) != 0)
            return -1;
        ts->key_off = off;
    }
    return 0;
}
