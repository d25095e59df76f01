/*
 * entities.c: the entity matcher.
 *
 * Longest match first over the tokens of one sentence, names joined only
 * by spaces, hyphens (an en dash too: "SPLM–N"), an abbreviation's period
 * or a possessive.
 *
 * Case rules, in mixed-case text:
 *   - a name word written in capitals in the gazetteer (NSA, PLA, US)
 *     matches only capitals, so "us" and the "pla" of a Spanish "plaza"
 *     never do; one of 4+ letters also matches its capitalized form, as
 *     British papers write it (Nato, Aukus);
 *   - a capitalized name word (Check, Point, Japan) must be capitalized in
 *     the text, so "a check point on the road" is no company, unless it
 *     is a particle of names (lib/name_words.tsv: "al Jazeera");
 *   - a lower-case name word (the "military" of "Chinese military", the
 *     "al" of "al-Qaeda") matches any case.
 * In a sentence written in capitals (wire headlines, old archives) case
 * says nothing, so every name matches case-insensitively, except short
 * acronyms that are also common words (US, IT, WHO) unless dotted (U.S.).
 *
 * Acronyms defined in the text, "the Shanghai Cooperation Organisation
 * (SCO)", make later uses of the acronym mentions of the same entity.
 */
#include "entities.h"

#include <stdlib.h>
#include <string.h>

#include "gazetteer_trie.h"
#include "match_key.h"
#include "name_words.h"
#include "normalize.h"

/* The longest name the walk follows, in words. */
#define MAX_NAME_WORDS 16
/* The longest particle of names lib/name_words.tsv lists ("della"):
 * longer words need not be looked up. */
#define MAX_PARTICLE_BYTES 5
/* Acronyms one text may define. */
#define MAX_LEARNED 64

/* Words of up to four letters that are also acronyms of entities: in text
 * written in capitals they are taken as words.  Sorted. */
static const char *const common_words[] = {
    "a",   "ai",  "all", "am",  "an",  "and", "are", "as",  "at",  "be",
    "but", "by",  "can", "do",  "eu",  "for", "go",  "had", "has", "he",
    "her", "his", "how", "i",   "if",  "in",  "is",  "it",  "its", "me",
    "may", "my",  "new", "no",  "not", "now", "of",  "on",  "one", "or",
    "our", "out", "say", "see", "she", "so",  "the", "to",  "two", "up",
    "us",  "was", "we",  "who", "why", "you",
};

static int is_common_word(const char *norm)
{
    return sorted_words_contain(common_words, sizeof common_words / sizeof common_words[0], norm);
}

static int case_matches(uint8_t alias_case, const dossier_token *t)
{
    int is_caps_text = (t->flags & DOSSIER_TOKEN_CAPS_CONTEXT) != 0;
    switch (alias_case & ALIAS_CASE_MASK) {
    case ALIAS_ANY:
        return 1;
    case ALIAS_CAPITALIZED:
        return is_caps_text || (t->flags & DOSSIER_TOKEN_CAPITALIZED) ||
               (t->norm_len <= MAX_PARTICLE_BYTES &&
                (name_word_kinds(t->norm, t->norm_len) & NAME_WORD_PARTICLE));
    case ALIAS_UPPER:
    case ALIAS_DOTTED:
        if (is_caps_text)
            return (t->flags & DOSSIER_TOKEN_DOTTED) ||
                   !is_common_word(t->norm);
        if (t->flags & DOSSIER_TOKEN_ALL_CAPS)
            return 1;
        return (alias_case & ALIAS_CASE_LONG) &&
               (t->flags & DOSSIER_TOKEN_CAPITALIZED);
    }
    return 0;
}

/* Whether token T, word W of a name, follows a hyphen inside the name
 * and so may be written in lower case where the gazetteer capitalizes it:
 * "Kim Jong-il" is "Kim Jong Il", "Moon Jae-in" is "Moon Jae In". */
static int is_after_hyphen(const unsigned char *s, const dossier_token *t,
                           size_t w, uint8_t alias_case)
{
    return w > 0 && (alias_case & ALIAS_CASE_MASK) == ALIAS_CAPITALIZED &&
           (t->flags & DOSSIER_TOKEN_COMPOUND_PART) && t->start > 0 &&
           s[t->start - 1] == '-';
}

/* Skips a possessive ending ('s, ’s, ʼs) at S[I]. */
static size_t skip_possessive(const unsigned char *s, size_t len, size_t i)
{
    if (i < len && s[i] == '\'')
        return i + 2 <= len ? i + 2 : len;
    if (i + 2 < len && s[i] == 0xE2 && s[i + 1] == 0x80 && s[i + 2] == 0x99)
        return i + 4 <= len ? i + 4 : len;
    if (i + 1 < len && s[i] == 0xCA && s[i + 1] == 0xBC)
        return i + 3 <= len ? i + 3 : len;
    return i;
}

/* Skips the apostrophe of a plural's possessive ("Workers' Party") at
 * S[I]: ', ’ or ʼ. */
static size_t skip_plural_possessive(const unsigned char *s, size_t len,
                                     size_t i)
{
    if (i < len && s[i] == '\'')
        return i + 1;
    if (i + 2 < len && s[i] == 0xE2 && s[i + 1] == 0x80 && s[i + 2] == 0x99)
        return i + 3;
    if (i + 1 < len && s[i] == 0xCA && s[i + 1] == 0xBC)
        return i + 2;
    return i;
}

/* Whether two tokens are close enough to be words of one name: spaces,
 * hyphens and dashes, an abbreviation's period, a slash ("Royal
 * Dutch/Shell"), an ampersand ("S&P", "Marks & Spencer"), a zero-width
 * non-joiner or a possessive ("People's", "Workers'") between.  Never
 * two tokens that overlap. */
static int joins(const unsigned char *s, size_t len, const dossier_token *a,
                 const dossier_token *b)
{
    if (a->sentence != b->sentence)
        return 0;
    size_t i = a->end;
    if (a->flags & DOSSIER_TOKEN_POSSESSIVE)
        i = skip_possessive(s, len, i);
    else if (i > 0 && (s[i - 1] == 's' || s[i - 1] == 'S'))
        i = skip_plural_possessive(s, len, i);
    if (b->start < i || b->start - i > 8)
        return 0;
    while (i < b->start) {
        unsigned char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '-' ||
            c == '.' || c == '/' || c == '&') {
            i++;
        } else if (c == 0xC2 && i + 1 < b->start && s[i + 1] == 0xA0) {
            i += 2; /* no-break space */
        } else if (c == 0xE2 && i + 2 < b->start && s[i + 1] == 0x80 &&
                   (s[i + 2] == 0x90 || s[i + 2] == 0x91 ||
                    s[i + 2] == 0x93 || s[i + 2] == 0x8C)) {
            /* Unicode hyphens, the en dash of "SPLM–N", and the zero-width
             * non-joiner Persian writes between the parts of a word or
             * name as often as a space ("خامنه‌ای", "حزب‌الله") */
            i += 3;
        } else {
            return 0;
        }
    }
    return 1;
}

/* Whether B follows A in one name: they join, or they are successive
 * bigrams of one run of Han, kana or hangul (tokenize.c), which
 * overlap. */
static int name_joins(const unsigned char *s, size_t len,
                      const dossier_token *a, const dossier_token *b)
{
    if ((a->flags & b->flags & DOSSIER_TOKEN_CJK) && b->start < a->end)
        return b->start > a->start && b->position == a->position + 1;
    return joins(s, len, a, b);
}

/* If the text right after the name at MATCH[FIRST .. NEXT - 1] (a list of
 * token indexes) reads "(ACRONYM)", and the acronym begins with the
 * initial of one of the name's words, returns the index of the acronym's
 * token in MATCH, else -1.  Initials in any order ("Kurdistan Workers'
 * Party (PKK)"), but one of them: "Sony (U.K.) Ltd" defines nothing. */
static long defined_acronym(const unsigned char *s, size_t len,
                            const dossier_analysis *res,
                            const uint32_t *match, size_t n_match,
                            size_t first, size_t next)
{
    if (next >= n_match)
        return -1;
    const char *initial = res->tokens[match[next]].norm;
    size_t k = first;
    while (k < next && res->tokens[match[k]].norm[0] != initial[0])
        k++;
    if (k == next)
        return -1;
    const dossier_token *prev = &res->tokens[match[next - 1]];
    const dossier_token *acr = &res->tokens[match[next]];
    size_t i = prev->end;
    while (i < len && s[i] == ' ')
        i++;
    if (i >= len || s[i] != '(')
        return -1;
    i++;
    while (i < len && s[i] == ' ')
        i++;
    if (acr->start != i || !(acr->flags & DOSSIER_TOKEN_ALL_CAPS) ||
        (acr->flags & DOSSIER_TOKEN_CAPS_CONTEXT))
        return -1;
    i = acr->end;
    while (i < len && s[i] == ' ')
        i++;
    return i < len && s[i] == ')' ? (long)next : -1;
}

/* Whether the bytes [START, END) of S are a stock ticker in the form
 * wire services print company lines in: "PLAYBOY ENTERPRISES <PLA>",
 * "<IBM.N>".  A ticker names a listing, not the entity its letters spell
 * (PLA is Playboy's, not China's army).  A company's name in the same
 * brackets ("<Ford Motor Co>") is a name: a ticker is one code in
 * capitals. */
static int is_ticker(const unsigned char *s, size_t len, size_t start,
                     size_t end)
{
    if (start == 0 || s[start - 1] != '<')
        return 0;
    for (size_t k = start; k < end; k++)
        if (!((s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= '0' && s[k] <= '9') ||
              s[k] == '.' || s[k] == '&' || s[k] == '-'))
            return 0;
    size_t i = end;
    /* An exchange suffix: ".N", ".L", ".T" ... */
    if (i + 1 < len && s[i] == '.' && s[i + 1] >= 'A' && s[i + 1] <= 'Z') {
        i++;
        while (i < len && s[i] >= 'A' && s[i] <= 'Z')
            i++;
    }
    return i < len && s[i] == '>';
}

/* Whether only spaces stand between tokens A and B of S. */
static int only_spaces_between(const unsigned char *s, const dossier_token *a,
                               const dossier_token *b)
{
    for (size_t i = a->end; i < b->start; i++)
        if (s[i] != ' ')
            return 0;
    return 1;
}

/* Whether token T's sentence is written in title case ("Leaders Meet Kim
 * In Singapore"), where a capitalized word says no more than in capitals:
 * capitalized words, and no lower-case word longer than three letters
 * (the "of" and "in" title case leaves low).  Reads at most 60 tokens on
 * either side. */
static int is_title_case(const dossier_analysis *res, size_t t)
{
    uint32_t sentence = res->tokens[t].sentence;
    size_t from = t, to = t;
    while (from > 0 && t - from < 60 &&
           res->tokens[from - 1].sentence == sentence)
        from--;
    while (to + 1 < res->n_tokens && to - t < 60 &&
           res->tokens[to + 1].sentence == sentence)
        to++;
    size_t capitalized = 0;
    for (size_t i = from; i <= to; i++) {
        const dossier_token *x = &res->tokens[i];
        if (x->flags & (DOSSIER_TOKEN_NUMBER | DOSSIER_TOKEN_COMPOUND))
            continue;
        if (x->flags & (DOSSIER_TOKEN_CAPITALIZED | DOSSIER_TOKEN_ALL_CAPS))
            capitalized++;
        else if (x->norm_len > 3)
            return 0;
    }
    return capitalized >= 3;
}

/* Whether case tells names from words around token T: not in a sentence
 * written in capitals or in title case. */
static int case_tells(const dossier_analysis *res, size_t t)
{
    return !(res->tokens[t].flags & DOSSIER_TOKEN_CAPS_CONTEXT) &&
           !is_title_case(res, t);
}

/* Whether the name ending at MATCH[END] runs on into a capitalized word
 * ("Kim Wall", "Wagner Moura"): a person's ambiguous name (a surname) is
 * then part of a longer name the gazetteer does not know: someone else.
 * Not so for places and bodies, which news sets next to names ("President
 * of Chad Hissene Habre").  Case says nothing in a sentence in capitals
 * or title case. */
static int is_inside_longer_name(const unsigned char *s, size_t len,
                                 const dossier_analysis *res,
                                 const uint32_t *match, size_t n_match,
                                 size_t end)
{
    if (end + 1 >= n_match)
        return 0;
    const dossier_token *last = &res->tokens[match[end]];
    const dossier_token *next = &res->tokens[match[end + 1]];
    if ((last->flags & DOSSIER_TOKEN_POSSESSIVE) ||
        (next->flags & (DOSSIER_TOKEN_CAPS_CONTEXT | DOSSIER_TOKEN_ALL_CAPS)) ||
        !(next->flags & DOSSIER_TOKEN_CAPITALIZED) ||
        !joins(s, len, last, next))
        return 0;
    /* Only a space or a hyphen between: "Bush. Then" is two sentences,
     * "Bush, Cheney" a list. */
    for (size_t i = last->end; i < next->start; i++)
        if (s[i] != ' ' && s[i] != '-')
            return 0;
    return case_tells(res, match[end]);
}

/* Whether the one-word ambiguous name at MATCH[M], a capitalized word
 * (no acronym: "the Basque ETA"), follows a capitalized word of its name
 * run that lib/name_words.tsv does not list as a word before names: a
 * first name or a longer name's word, so someone or something else
 * ("Kevin Kim", "Steven Jordan", "George Washington"); *FIRST gets that
 * word's index in MATCH.  Not after a sentence's first word (any word may
 * be capitalized there) unless it is a listed first name, nor after a
 * possessive, an abbreviation's period, or an unambiguous gazetteer name
 * ending at MATCH[LAST_NAME_END] ("Soviet Georgia", the "United States"
 * of "United States Southern Command", though it is no mention there);
 * not where case tells nothing. */
static int follows_first_name(const unsigned char *s,
                              const dossier_analysis *res,
                              const uint32_t *match, size_t m,
                              size_t last_name_end, size_t *first)
{
    if (m < 1)
        return 0;
    const dossier_token *name = &res->tokens[match[m]];
    if (name->flags & DOSSIER_TOKEN_ALL_CAPS)
        return 0;
    size_t p = m - 1; /* the word before, in MATCH */
    const dossier_token *prev = &res->tokens[match[p]], *next = name;
    /* A middle initial ("John E. Kelly"): the first name is before it. */
    if (p >= 1 && prev->norm_len == 1 &&
        (prev->flags & DOSSIER_TOKEN_CAPITALIZED) &&
        name->start == prev->end + 2 && s[prev->end] == '.' &&
        s[prev->end + 1] == ' ') {
        next = prev;
        prev = &res->tokens[match[--p]];
    }
    unsigned kinds = name_word_kinds(prev->norm, prev->norm_len);
    /* A sentence's first word is capitalized whatever it is: a first
     * name there only when listed as one ("Michael Howard said"). */
    int is_sentence_start =
        p == 0 || res->tokens[match[p - 1]].sentence != prev->sentence;
    if (!(prev->flags & DOSSIER_TOKEN_CAPITALIZED) ||
        (prev->flags & (DOSSIER_TOKEN_ALL_CAPS | DOSSIER_TOKEN_DOTTED |
                        DOSSIER_TOKEN_POSSESSIVE)) ||
        prev->sentence != name->sentence ||
        (is_sentence_start && !(kinds & NAME_WORD_FIRST)) ||
        !only_spaces_between(s, prev, next) || (kinds & NAME_WORD_BEFORE))
        return 0;
    if (last_name_end == p || !case_tells(res, match[m]))
        return 0;
    *first = p;
    return 1;
}

/* Whether the word NORM (LEN bytes, normalized) begins with the letter
 * the first word of PERSON's display name begins with: "Moammar" may be
 * Muammar Gaddafi's way of writing, "Saif" is someone else's. */
static int shares_initial(const char *norm, size_t len,
                          const dossier_entity *person)
{
    const char *name = person->name;
    size_t n = strcspn(name, " ");
    char first[DOSSIER_MAX_TERM_BYTES + 1];
    int l = n <= 4 * DOSSIER_MAX_TERM_BYTES
                ? normalize_word(name, n, 0, first, sizeof first)
                : -1;
    return len > 0 && l > 0 && first[0] == norm[0];
}

/* People of the gazetteer a text shows a namesake of: a surname after
 * another first name ("Khalil Haqqani", "Rudolf Fischer"), and the people
 * it names in full.  The surname alone afterwards is the namesake's
 * ("Haqqani, a veteran ..."), unless the gazetteer's person was named in
 * full too. */
#define MAX_NAMESAKES 32
struct namesakes {
    uint32_t other[MAX_NAMESAKES], full[MAX_NAMESAKES];
    size_t n_other, n_full;
};

static int has_person(const uint32_t *list, size_t n, uint32_t entity)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == entity)
            return 1;
    return 0;
}

static void add_person(uint32_t *list, size_t *n, uint32_t entity)
{
    if (*n < MAX_NAMESAKES && !has_person(list, *n, entity))
        list[(*n)++] = entity;
}

/* Whether the name at MATCH[M] (one word, or a surname: is_surname_alias)
 * of ENTITY (an ambiguous one when
 * IS_AMBIGUOUS, else a person's) is someone else's, noting in NS what the
 * text says: after a first name not the entity's (any first name for an
 * ambiguous name: "Kevin Kim", "Steven Jordan"; for a surname only the
 * person has, one with another initial: "Ben Thatcher"), or, for a
 * person, after such a namesake was met.  Not a full name: the word
 * before "Enda Kenny" may end an office ("Taoiseach"). */
static int is_namesake(const unsigned char *s, const dossier_analysis *res,
                       const uint32_t *match, size_t m, size_t last_name_end,
                       const dossier_entity *entity, int is_ambiguous,
                       struct namesakes *ns)
{
    int is_person = entity->type == DOSSIER_ENTITY_PERSON;
    size_t p;
    if (follows_first_name(s, res, match, m, last_name_end, &p)) {
        const dossier_token *first = &res->tokens[match[p]];
        if (is_ambiguous ||
            !shares_initial(first->norm, first->norm_len, entity)) {
            if (is_person)
                add_person(ns->other, &ns->n_other, entity->index);
            return 1;
        }
    }
    return is_person && has_person(ns->other, ns->n_other, entity->index) &&
           !has_person(ns->full, ns->n_full, entity->index);
}

/* Whether the name of several words at MATCH[M..END] is PERSON's surname:
 * the last words of the display name ("Salinas de Gortari" of Carlos
 * Salinas de Gortari, which "Raul" before makes his brother's); not a
 * full name ("Enda Kenny", whose word before may end an office,
 * "Taoiseach"), a title's ("King Abdullah") or a middle name's ("Mansour
 * Hadi"). */
static int is_surname_alias(const dossier_analysis *res,
                            const uint32_t *match, size_t m, size_t end,
                            const dossier_entity *person)
{
    if (person->type != DOSSIER_ENTITY_PERSON || end == m)
        return 0;
    const char *name = person->name;
    size_t n_words = 1;
    for (const char *c = name; *c; c++)
        n_words += *c == ' ';
    size_t want = end - m + 1;
    if (want >= n_words)
        return 0; /* the full name */
    const char *w = name;
    for (size_t skip = n_words - want; skip > 0; skip--)
        w = strchr(w, ' ') + 1;
    for (size_t k = m; k <= end; k++) {
        size_t n = strcspn(w, " ");
        char norm[DOSSIER_MAX_TERM_BYTES + 1];
        const dossier_token *t = &res->tokens[match[k]];
        int l = n <= 4 * DOSSIER_MAX_TERM_BYTES
                    ? normalize_word(w, n, 0, norm, sizeof norm)
                    : -1;
        if (l <= 0 || (size_t)l != t->norm_len ||
            memcmp(norm, t->norm, t->norm_len) != 0)
            return 0;
        w += n + (w[n] == ' ');
    }
    return 1;
}

/* Whether the place's or country's name at MATCH[M] is the end of a
 * longer name: a family's or tribe's after a particle and a hyphen
 * ("Sheikh Sabah al-Sabah" names no Sabah), a company's or a body's after
 * a capitalized word of theirs ("Air France", "Radio Canada", "Bank
 * Indonesia"; a company's joined by a hyphen, "Petro-Canada"), a
 * person's (or a company named after one) after a common given name
 * ("Franco Nevada"), a club's (below).  LAST_NAME_END: where the last
 * gazetteer name met ends, in MATCH. */
static int ends_longer_name(const unsigned char *s,
                            const dossier_analysis *res,
                            const uint32_t *match, size_t m,
                            size_t last_name_end, dossier_entity_type type)
{
    if ((type != DOSSIER_ENTITY_COUNTRY && type != DOSSIER_ENTITY_PLACE) ||
        m == 0)
        return 0;
    const dossier_token *prev = &res->tokens[match[m - 1]];
    const dossier_token *first = &res->tokens[match[m]];
    unsigned kinds = name_word_kinds(prev->norm, prev->norm_len);
    /* After a hyphen: a particle's ("al-Sabah"), a company's word
     * ("Petro-Canada", "Radio-Canada"). */
    if (first->start == prev->end + 1 && s[prev->end] == '-')
        return (kinds & NAME_WORD_PARTICLE) ||
               ((kinds & NAME_WORD_COMPANY) && !(kinds & NAME_WORD_BEFORE) &&
                (prev->flags & DOSSIER_TOKEN_CAPITALIZED) &&
                !(prev->flags & DOSSIER_TOKEN_ALL_CAPS) &&
                case_tells(res, match[m]));
    if (!(prev->flags & DOSSIER_TOKEN_CAPITALIZED) ||
        (prev->flags & (DOSSIER_TOKEN_ALL_CAPS | DOSSIER_TOKEN_POSSESSIVE)) ||
        prev->sentence != first->sentence ||
        !only_spaces_between(s, prev, first) || !case_tells(res, match[m]))
        return 0;
    if ((kinds & (NAME_WORD_COMPANY | NAME_WORD_BODY)) &&
        !(kinds & NAME_WORD_BEFORE))
        return 1;
    /* After a common given name, a person's surname ("Franco Nevada"),
     * even as a sentence's first word. */
    if ((kinds & NAME_WORD_FIRST) && !(kinds & NAME_WORD_BEFORE))
        return 1;
    /* A city's name after another capitalized word, not a sentence's
     * first, a title, a direction or a name: a club's ("Real Madrid",
     * "Inter Milan", "Maccabi Tel Aviv").  Not a country's: "Imperial
     * Japan", "Nazi Germany" are the country. */
    return type == DOSSIER_ENTITY_PLACE && m >= 2 &&
           res->tokens[match[m - 2]].sentence == prev->sentence &&
           !(kinds & (NAME_WORD_BEFORE | NAME_WORD_FIRST | NAME_WORD_PARTICLE)) &&
           last_name_end != m - 1;
}

/* Whether the name of a place or country of type TYPE at MATCH[M] comes
 * right after a company's or a news outlet's, kept or not, ending at
 * MATCH[COMPANY_END], one space between: the name of a branch or an
 * edition ("Ford Canada", "Shell Canada"). */
static int follows_company_name(const unsigned char *s,
                                const dossier_analysis *res,
                                const uint32_t *match, size_t m,
                                dossier_entity_type type, size_t company_end)
{
    if ((type != DOSSIER_ENTITY_COUNTRY && type != DOSSIER_ENTITY_PLACE) ||
        m == 0 || company_end != m - 1)
        return 0;
    const dossier_token *prev = &res->tokens[match[m - 1]];
    const dossier_token *first = &res->tokens[match[m]];
    if (prev->sentence != first->sentence ||
        (prev->flags & DOSSIER_TOKEN_POSSESSIVE) ||
        !only_spaces_between(s, prev, first))
        return 0;
    return case_tells(res, match[m]);
}

/* Whether the name at MATCH[M] comes right after a word that begins a
 * mountain's, lake's, port's or fort's name (lib/name_words.tsv,
 * landform): "Mount Aso", "Lake Chad", "Mt. Hermon", "Port Sudan".  In
 * any case: a title writes "Mount" too. */
static int follows_landform_word(const unsigned char *s,
                                 const dossier_analysis *res,
                                 const uint32_t *match, size_t m)
{
    if (m == 0)
        return 0;
    const dossier_token *prev = &res->tokens[match[m - 1]];
    const dossier_token *first = &res->tokens[match[m]];
    if (!(prev->flags & (DOSSIER_TOKEN_CAPITALIZED | DOSSIER_TOKEN_ALL_CAPS)) ||
        prev->sentence != first->sentence ||
        !(name_word_kinds(prev->norm, prev->norm_len) & NAME_WORD_LANDFORM))
        return 0;
    size_t i = prev->end;
    if (i < first->start && s[i] == '.')
        i++; /* "Mt." */
    while (i < first->start && s[i] == ' ')
        i++;
    return i == first->start && i > prev->end;
}

/* Whether the name at MATCH[M..END] stands in parentheses right after a
 * capitalized word, the closing one followed by a space: "Sony (U.K.)
 * Ltd". */
static int is_in_parentheses(const unsigned char *s, size_t len,
                             const dossier_analysis *res,
                             const uint32_t *match, size_t m, size_t end)
{
    const dossier_token *before = &res->tokens[match[m - 1]];
    const dossier_token *first = &res->tokens[match[m]];
    size_t close = res->tokens[match[end]].end;
    if (!(before->flags & (DOSSIER_TOKEN_CAPITALIZED | DOSSIER_TOKEN_ALL_CAPS)) ||
        before->sentence != first->sentence ||
        first->start != before->end + 2 || s[before->end] != ' ' ||
        s[before->end + 1] != '(')
        return 0;
    return close + 1 < len && s[close] == ')' && s[close + 1] == ' ';
}

/* Whether A and B are the parts of one hyphenated word ("Live-Stock"). */
static int is_hyphen_joined(const unsigned char *s, const dossier_token *a,
                            const dossier_token *b)
{
    return (a->flags & DOSSIER_TOKEN_COMPOUND_PART) &&
           (b->flags & DOSSIER_TOKEN_COMPOUND_PART) &&
           b->start == a->end + 1 && s[a->end] == '-';
}

/* Whether the name of an entity of type TYPE ending at MATCH[END] begins
 * a company's longer name (lib/name_words.tsv): a place's name followed
 * by a company word or a legal form ("Minnesota Power", "Bowl America
 * Inc"), any name followed by other capitalized words and a legal form
 * ("Siemens Information Systems Inc", "Australian Meat and Live-Stock
 * Corp"); "Exxon Corp" is Exxon.  A place's
 * name in parentheses between a company's words names its branch: "GMAC
 * (Australia) Finance Ltd", "Sony (U.K.) Ltd".  People's names are left to
 * is_inside_longer_name(). */
static int begins_company_name(const unsigned char *s, size_t len,
                               const dossier_analysis *res,
                               const uint32_t *match, size_t n_match,
                               size_t m, size_t end, dossier_entity_type type)
{
    if (type == DOSSIER_ENTITY_PERSON ||
        (res->tokens[match[end]].flags & DOSSIER_TOKEN_POSSESSIVE))
        return 0;
    int is_branch = m >= 1 && is_in_parentheses(s, len, res, match, m, end);
    size_t last = end + 3;
    for (size_t k = end + 1; k < n_match && k <= last; k++) {
        const dossier_token *prev = &res->tokens[match[k - 1]];
        const dossier_token *t = &res->tokens[match[k]];
        /* "and" or "&" between a company's words: "American Telephone
         * and Telegraph Co", "Procter & Gamble Co". */
        int is_and = k > end + 1 && t->norm_len == 3 &&
                     memcmp(t->norm, "and", 3) == 0 &&
                     !(t->flags & DOSSIER_TOKEN_CAPITALIZED);
        if (is_and && t->sentence == prev->sentence &&
            only_spaces_between(s, prev, t)) {
            last++;
            continue;
        }
        if (!(t->flags & (DOSSIER_TOKEN_CAPITALIZED | DOSSIER_TOKEN_ALL_CAPS |
                          DOSSIER_TOKEN_CAPS_CONTEXT)) ||
            t->sentence != prev->sentence ||
            (k > end + 1 && (prev->flags & DOSSIER_TOKEN_POSSESSIVE)) ||
            !(only_spaces_between(s, prev, t) ||
              (k == end + 1 && is_branch) ||
              (k > end + 1 && t->start == prev->end + 3 &&
               memcmp(s + prev->end, " & ", 3) == 0) ||
              (k > end + 1 && is_hyphen_joined(s, prev, t))))
            return 0;
        if (k > end + 1 && is_hyphen_joined(s, prev, t))
            last++; /* one word */
        unsigned kinds = name_word_kinds(t->norm, t->norm_len);
        if (k == end + 1 && type != DOSSIER_ENTITY_COMPANY &&
            (kinds & (NAME_WORD_LEGAL | NAME_WORD_COMPANY)))
            return 1;
        if (k == end + 1 && (kinds & NAME_WORD_LEGAL))
            return 0; /* the company's own name ends: "Exxon Corp and" */
        if (k > end + 1 && (kinds & NAME_WORD_LEGAL))
            return 1;
    }
    return 0;
}

/* Whether token T is a lower-case word a body's name may hold between
 * capitalized ones, of or for ("Council for Foreign Relations"), or "the"
 * after "of".  Not "and", which joins lists ("the NSA and US Cyber
 * Command"). */
static int is_name_joiner(const dossier_token *t)
{
    static const char *const joiners[] = {"for", "of", "the"};
    if (t->flags & (DOSSIER_TOKEN_CAPITALIZED | DOSSIER_TOKEN_ALL_CAPS))
        return 0;
    for (size_t i = 0; i < sizeof joiners / sizeof joiners[0]; i++)
        if (t->norm_len == strlen(joiners[i]) &&
            memcmp(t->norm, joiners[i], t->norm_len) == 0)
            return 1;
    return 0;
}

/* A wire's angle brackets around a company's name or a ticker: the
 * bytes of '<' and '>' on one line, at most 80 apart. */
struct brackets {
    size_t open, close;
};

/* The brackets of S (LEN bytes) in text order into a new array *OUT (the
 * caller frees it), and their number; 0 with *OUT NULL when there are
 * none or memory ran out (brackets then say nothing). */
static size_t find_brackets(const unsigned char *s, size_t len,
                            struct brackets **out)
{
    *out = NULL;
    size_t n = 0, cap = 0;
    const unsigned char *p = len ? memchr(s, '<', len) : NULL;
    while (p) {
        size_t open = (size_t)(p - s), close = open + 1;
        while (close < len && close - open <= 80 && s[close] != '>' &&
               s[close] != '<' && s[close] != '\n')
            close++;
        if (close < len && s[close] == '>' && close - open <= 80) {
            if (n == cap) {
                size_t grown = cap ? cap * 2 : 16;
                struct brackets *b = realloc(*out, grown * sizeof *b);
                if (b == NULL) {
                    free(*out);
                    *out = NULL;
                    return 0;
                }
                *out = b;
                cap = grown;
            }
            (*out)[n++] = (struct brackets){open, close};
        }
        p = close < len ? memchr(s + close, '<', len - close) : NULL;
    }
    return n;
}

/* Whether the bytes [FROM, TO) lie inside brackets of B (N of them, in
 * text order) that hold more ("<Victoria Exploration N.L.>"): a company's
 * name, not the place's or name's inside it.  *AT keeps the place in B
 * between calls, which come in text order. */
static int is_inside_brackets(const struct brackets *b, size_t n, size_t *at,
                              size_t from, size_t to)
{
    while (*at < n && b[*at].close < from)
        (*at)++;
    return *at < n && b[*at].open < from && to <= b[*at].close &&
           (b[*at].open + 1 < from || to < b[*at].close);
}

/* Whether the name at MATCH[M..END], of an entity of type TYPE, is part
 * of a longer name (lib/name_words.tsv, body; the legal forms):
 *   - not a company's, followed by capitalized words (with of, for,
 *     the between) ending in a body's or area's word: "Washington State
 *     University", "Nigeria Labour Congress", "Commonwealth Games",
 *     "King Khalid Air Base";
 *   - a country's or place's name after "of" and a body's word or
 *     another name the matcher found: "University of California", "the
 *     Majlis of Iran" ("President of the Philippines" is the country,
 *     "the Diffa Region of Niger" Niger);
 * The longer name names something else.  "Iraq's council" is Iraq's.
 * Case must tell names from words. */
static int is_inside_longer_body(const unsigned char *s, size_t len,
                                 const dossier_analysis *res,
                                 const uint32_t *match, size_t n_match,
                                 size_t m, size_t end,
                                 dossier_entity_type type)
{
    if (type != DOSSIER_ENTITY_COMPANY &&
        !(res->tokens[match[end]].flags & DOSSIER_TOKEN_POSSESSIVE)) {
        for (size_t k = end + 1; k < n_match && k <= end + 5; k++) {
            const dossier_token *prev = &res->tokens[match[k - 1]];
            const dossier_token *t = &res->tokens[match[k]];
            /* Words of one name, not two names a slash joins ("Sudan
             * People's Liberation Army/Movement"). */
            if (!joins(s, len, prev, t) ||
                memchr(s + prev->end, '/', t->start - prev->end))
                break;
            if (t->flags & DOSSIER_TOKEN_CAPITALIZED) {
                if (name_word_kinds(t->norm, t->norm_len) &
                    (NAME_WORD_BODY | NAME_WORD_AREA))
                    return case_tells(res, match[m]);
            } else if (!is_name_joiner(t) ||
                       (t->norm_len == 2 && memcmp(t->norm, "of", 2) == 0)) {
                /* "of" after a name begins another: "Kabore of the
                 * People's Movement" is Kabore. */
                break;
            }
        }
    }
    if (type != DOSSIER_ENTITY_COUNTRY && type != DOSSIER_ENTITY_PLACE)
        return 0;
    size_t k = m; /* "of" is at MATCH[K - 1] */
    const dossier_token *t = &res->tokens[match[m]];
    if (k >= 1 && is_name_joiner(&res->tokens[match[k - 1]]) &&
        res->tokens[match[k - 1]].norm_len == 3 &&
        memcmp(res->tokens[match[k - 1]].norm, "the", 3) == 0 &&
        joins(s, len, &res->tokens[match[k - 1]], t))
        t = &res->tokens[match[--k]];
    if (k < 2)
        return 0;
    const dossier_token *of = &res->tokens[match[k - 1]];
    const dossier_token *before = &res->tokens[match[k - 2]];
    int is_of = of->norm_len == 2 && memcmp(of->norm, "of", 2) == 0;
    int is_for = of->norm_len == 3 && memcmp(of->norm, "for", 3) == 0;
    if (!(is_of || is_for) ||
        !is_name_joiner(of) || !joins(s, len, of, t) ||
        !joins(s, len, before, of) ||
        !(before->flags & (DOSSIER_TOKEN_CAPITALIZED | DOSSIER_TOKEN_ALL_CAPS)))
        return 0;
    /* A body's word before "of" or "for" ("Commission for Africa"); not
     * a legal form: "Canon Inc of Japan" is Canon, of Japan; not an
     * office's: "Chief Executive of Hong Kong" is Hong Kong's. */
    unsigned before_kinds = name_word_kinds(before->norm, before->norm_len);
    if ((before_kinds & NAME_WORD_BODY) && !(before_kinds & NAME_WORD_BEFORE))
        return case_tells(res, match[m]);
    /* Another name ends right before "of": a body's ("the Majlis of
     * Iran"), not a person's title ("President of Iran" found nothing). */
    if (!is_of || res->n_found == 0)
        return 0;
    const dossier_mention *last = &res->found[res->n_found - 1];
    return last->last_token == match[k - 2] &&
           last->entity->type != DOSSIER_ENTITY_PERSON &&
           last->entity->type != DOSSIER_ENTITY_COUNTRY &&
           last->entity->type != DOSSIER_ENTITY_PLACE &&
           case_tells(res, match[m]);
}

/* Memo slots, direct-mapped by the word's hash: 64 KiB, which stay in
 * the cache. */
#define MEMO_SLOTS 2048u
#define MEMO_KEY 18

struct memo_slot {
    uint32_t hash, node, alias; /* child of the root, its first alias */
    uint8_t len;                /* 0: empty (a norm is never empty) */
    uint8_t is_parent;          /* gaz_is_parent(node) */
    char key[MEMO_KEY];
};

struct entity_memo {
    const dossier_gazetteer *gaz;
    struct memo_slot slot[MEMO_SLOTS];
};

entity_memo *entity_memo_new(void)
{
    return calloc(1, sizeof(entity_memo));
}

void entity_memo_free(entity_memo *memo)
{
    free(memo);
}

/* The root's child over the key KEY (KEY_LEN bytes, HASH its hash) of
 * a token (match_key.h), or 0; *ALIAS
 * gets the index of the first alias ending there (0 for none), and
 * *IS_PARENT whether a name goes on past it (gaz_is_parent). */
static uint32_t root_child(const dossier_gazetteer *gaz, entity_memo *memo,
                           const char *key, size_t key_len, uint32_t hash,
                           uint32_t *alias, int *is_parent)
{
    struct memo_slot *slot = NULL;
    if (memo && key_len <= MEMO_KEY) {
        slot = &memo->slot[hash & (MEMO_SLOTS - 1)];
        if (slot->len == key_len && slot->hash == hash &&
            memcmp(slot->key, key, key_len) == 0) {
            *alias = slot->alias;
            *is_parent = slot->is_parent;
            return slot->node;
        }
    }
    uint32_t node = gaz_child(gaz, GAZ_ROOT, key, key_len, hash);
    const gaz_alias *first = node ? gaz_first_alias(gaz, node) : NULL;
    *alias = first ? gaz_alias_index(gaz, first) : 0;
    *is_parent = node && gaz_is_parent(gaz, node);
    if (slot) {
        slot->hash = hash;
        slot->node = node;
        slot->alias = *alias;
        slot->is_parent = (uint8_t)*is_parent;
        slot->len = (uint8_t)key_len;
        memcpy(slot->key, key, key_len);
    }
    return node;
}

/* Whether a name may begin with token I of RES: only a name written in
 * lower case can begin with a word so written (case_matches), and the
 * gazetteer's START filter knows the few such words; any other word
 * begins a name only if the trie's root has an edge over it, which the
 * filter tells for most words without the memo or the edge map (a third
 * of a wire story's words are capitalized, and most of those begin no
 * name). */
static inline int may_start_name(const uint64_t *start,
                                 const dossier_analysis *res, size_t i)
{
    uint32_t hash = analysis_key_hash(res, i);
    if (!(res->tokens[i].flags &
          (DOSSIER_TOKEN_CAPITALIZED | DOSSIER_TOKEN_ALL_CAPS |
           DOSSIER_TOKEN_CAPS_CONTEXT | DOSSIER_TOKEN_DOTTED)) &&
        !gaz_is_caseless(analysis_key(res, i)))
        return gaz_may_start_lower(start, hash);
    return gaz_may_start(start, hash);
}

/* Whether token T may be an acronym the text defined: one in capitals
 * where case tells (see defined_acronym), whether or not a gazetteer name
 * begins with it. */
static int may_be_learned(const dossier_token *t, size_t n_learned)
{
    return n_learned > 0 && (t->flags & DOSSIER_TOKEN_ALL_CAPS) &&
           !(t->flags & DOSSIER_TOKEN_CAPS_CONTEXT);
}

/* The longest gazetteer name starting at MATCH[M] whose case the text
 * matches (one that needs no support before one that does at the same
 * length), or NULL; *END gets the index in MATCH of its last word.  The
 * caller checked that a name may begin there (may_start_name). */
static const gaz_alias *longest_name_at(const dossier_gazetteer *gaz,
                                        entity_memo *memo,
                                        const unsigned char *s, size_t len,
                                        const dossier_analysis *res,
                                        const uint32_t *match, size_t n_match,
                                        size_t m, size_t *end)
{
    uint32_t node = GAZ_ROOT;
    size_t best_end = 0;
    const gaz_alias *best = NULL;
    for (size_t k = m; k < n_match && k - m < MAX_NAME_WORDS; k++) {
        const dossier_token *t = &res->tokens[match[k]];
        if (k > m && !name_joins(s, len, &res->tokens[match[k - 1]], t))
            break;
        const gaz_alias *first_alias;
        int is_parent;
        const char *key = analysis_key(res, match[k]);
        size_t key_len = analysis_key_len(res, match[k]);
        uint32_t key_hash = analysis_key_hash(res, match[k]);
        if (k == m) {
            uint32_t alias;
            node = root_child(gaz, memo, key, key_len, key_hash, &alias,
                              &is_parent);
            first_alias = gaz_alias_at(gaz, alias);
        } else {
            node = gaz_child(gaz, node, key, key_len, key_hash);
            first_alias = gaz_first_alias(gaz, node);
            is_parent = gaz_is_parent(gaz, node);
        }
        if (node == 0)
            break;
        /* The first name here whose case the text matches; one that
         * needs no support before one that does. */
        const gaz_alias *here = NULL;
        for (const gaz_alias *a = first_alias; a;
             a = gaz_next_alias(gaz, a)) {
            /* An alias is as long as its path; one that says
             * otherwise (a damaged image) would read past it. */
            if (a->n_tokens != k - m + 1)
                continue;
            const uint8_t *cases = gaz_alias_cases(gaz, a);
            size_t w = 0;
            while (w < a->n_tokens &&
                   (case_matches(cases[w], &res->tokens[match[m + w]]) ||
                    is_after_hyphen(s, &res->tokens[match[m + w]], w,
                                    cases[w])))
                w++;
            if (w < a->n_tokens)
                continue;
            if (here == NULL)
                here = a;
            if (!(a->flags & GAZ_ALIAS_AMBIGUOUS)) {
                here = a;
                break;
            }
        }
        if (here) {
            best = here;
            best_end = k;
        }
        if (!is_parent)
            break; /* every name here ends here */
    }
    *end = best_end;
    return best;
}

/* Whether the company's name ending at MATCH[END] runs on into a
 * place's or country's, one space between: together they name a branch
 * ("Shell Canada", "Ford Canada"), neither of them.  Not an outlet's:
 * "ABC News Australia" is the ABC's Australian edition. */
static int precedes_place_name(const dossier_gazetteer *gaz, entity_memo *memo,
                               const unsigned char *s, size_t len,
                               const dossier_analysis *res,
                               const uint32_t *match, size_t n_match,
                               size_t end)
{
    size_t k = end + 1, e;
    if (k >= n_match)
        return 0;
    const dossier_token *last = &res->tokens[match[end]];
    const dossier_token *next = &res->tokens[match[k]];
    if (last->sentence != next->sentence ||
        (last->flags & DOSSIER_TOKEN_POSSESSIVE) ||
        !only_spaces_between(s, last, next) ||
        !may_start_name(gaz_start_filter(gaz), res, match[k]))
        return 0;
    const gaz_alias *place =
        longest_name_at(gaz, memo, s, len, res, match, n_match, k, &e);
    if (place == NULL)
        return 0;
    dossier_entity_type type = dossier_gazetteer_entity(gaz, place->entity)->type;
    return (type == DOSSIER_ENTITY_COUNTRY || type == DOSSIER_ENTITY_PLACE) &&
           case_tells(res, match[end]);
}

/* Whether the place's name ending at MATCH[END] (a city's, a region's,
 * a sea's: not a country's, whose name and demonym stand before names and
 * nouns, "Brazilian Flavio Saretta", "French Champagne") runs on into a
 * capitalized word that is no title, given name nor gazetteer name: a
 * longer name the gazetteer does not know, a team's, a site's
 * ("Kansas City Royals", "Arizona Cardinals", "Little Missouri River"). */
static int runs_into_unknown_name(const dossier_gazetteer *gaz,
                                  entity_memo *memo,
                                  const unsigned char *s, size_t len,
                                  const dossier_analysis *res,
                                  const uint32_t *match, size_t n_match,
                                  size_t m, size_t end,
                                  dossier_entity_type type)
{
    size_t k = end + 1, e;
    if (type != DOSSIER_ENTITY_PLACE || k >= n_match)
        return 0;
    const dossier_token *last = &res->tokens[match[end]];
    const dossier_token *next = &res->tokens[match[k]];
    if (last->sentence != next->sentence ||
        (last->flags & DOSSIER_TOKEN_POSSESSIVE) ||
        !(next->flags & DOSSIER_TOKEN_CAPITALIZED) ||
        (next->flags & (DOSSIER_TOKEN_ALL_CAPS | DOSSIER_TOKEN_NUMBER)) ||
        !only_spaces_between(s, last, next) ||
        (name_word_kinds(next->norm, next->norm_len) &
         (NAME_WORD_BEFORE | NAME_WORD_FIRST)) ||
        (may_start_name(gaz_start_filter(gaz), res, match[k]) &&
         longest_name_at(gaz, memo, s, len, res, match, n_match, k, &e)))
        return 0;
    return case_tells(res, match[m]);
}

/* Whether a name starting inside the one at MATCH[M..END] runs further
 * and is longer: "U.S. House Intelligence Committee" is the committee,
 * not "U.S. House" and a remainder. */
static int is_outrun(const dossier_gazetteer *gaz, entity_memo *memo,
                     const unsigned char *s, size_t len,
                     const dossier_analysis *res, const uint32_t *match,
                     size_t n_match, size_t m, size_t end)
{
    /* A name that runs further needs a word joined to the last. */
    if (end + 1 >= n_match ||
        !name_joins(s, len, &res->tokens[match[end]],
                    &res->tokens[match[end + 1]]))
        return 0;
    for (size_t j = m + 1; j <= end; j++) {
        if (!may_start_name(gaz_start_filter(gaz), res, match[j]))
            continue;
        size_t e;
        if (longest_name_at(gaz, memo, s, len, res, match, n_match, j, &e) &&
            e > end && e - j > end - m)
            return 1;
    }
    return 0;
}

int match_entities(const dossier_gazetteer *gaz, entity_memo *memo,
                   const char *text, size_t len, dossier_analysis *res)
{
    if (memo && memo->gaz != gaz) {
        memset(memo->slot, 0, sizeof memo->slot);
        memo->gaz = gaz;
    }
    const unsigned char *s = (const unsigned char *)text;
    /* The tokens names are made of: not joined compounds, not overlong. */
    uint32_t *match = malloc((res->n_tokens + 1) * sizeof *match);
    if (match == NULL)
        return -1;
    size_t n_match = 0;
    for (size_t i = 0; i < res->n_tokens; i++) {
        if (res->tokens[i].flags &
            (DOSSIER_TOKEN_COMPOUND | DOSSIER_TOKEN_TOO_LONG))
            continue;
        /* The matcher reads norms through the public pointer. */
        res->tokens[i].norm = analysis_norm(res, i);
        match[n_match++] = (uint32_t)i;
    }

    struct {
        const char *norm;
        const dossier_entity *entity;
    } learned[MAX_LEARNED];
    size_t n_learned = 0;

    int rc = 0;
    const uint64_t *start = gaz_start_filter(gaz);
    /* Wire copy's company names in angle brackets, if any. */
    struct brackets *brackets;
    size_t n_brackets = find_brackets(s, len, &brackets), at_bracket = 0;
    /* Where the last unambiguous gazetteer name the walk met ends, kept
     * or not. */
    size_t last_name_end = SIZE_MAX;
    struct namesakes namesakes = {.n_other = 0, .n_full = 0};
    /* Where the last company's or outlet's name met ends, kept or not. */
    size_t company_end = SIZE_MAX;
    for (size_t m = 0; m < n_match;) {
        const dossier_token *first = &res->tokens[match[m]];
        size_t best_end = 0;
        const gaz_alias *best = NULL;
        if (!may_start_name(start, res, match[m]) &&
            !may_be_learned(first, n_learned)) {
            last_name_end = SIZE_MAX; /* as for a word that found none */
            m++;
            continue;
        }
        best = longest_name_at(gaz, memo, s, len, res, match, n_match, m,
                               &best_end);
        if (best && best_end > m &&
            is_outrun(gaz, memo, s, len, res, match, n_match, m, best_end)) {
            m++;
            continue;
        }

        const dossier_entity *entity = NULL;
        uint32_t flags = 0;
        const char *alias = NULL;
        size_t name_end =
            best && !(best->flags & GAZ_ALIAS_AMBIGUOUS) ? best_end : SIZE_MAX;
        /* A defined acronym beats a one-word gazetteer match of another
         * entity: the text said what it means. */
        if ((first->flags & DOSSIER_TOKEN_ALL_CAPS) &&
            !(first->flags & DOSSIER_TOKEN_CAPS_CONTEXT) &&
            (best == NULL || best_end == m)) {
            for (size_t l = 0; l < n_learned; l++) {
                if (strcmp(learned[l].norm, first->norm) == 0) {
                    entity = learned[l].entity;
                    break;
                }
            }
            if (entity && best &&
                dossier_gazetteer_entity(gaz, best->entity) == entity)
                entity = NULL; /* the gazetteer knew: report its alias */
            else if (entity) {
                flags = DOSSIER_MENTION_LEARNED;
                best_end = m;
            }
        }
        if (entity == NULL && best) {
            entity = dossier_gazetteer_entity(gaz, best->entity);
            alias = gaz_alias_name(gaz, best);
        }
        int is_company = entity && (entity->type == DOSSIER_ENTITY_COMPANY ||
                                    entity->type == DOSSIER_ENTITY_MEDIA);
        size_t previous_company_end = company_end;
        if (is_company)
            company_end = best_end;
        /* Someone else's name: its words are left to names starting
         * later ("Premier Li" of "Premier Li Keqiang" is no one, and "Li
         * Keqiang" is). */
        int is_someone_else =
            alias &&
            (((best->flags & GAZ_ALIAS_AMBIGUOUS) &&
              entity->type == DOSSIER_ENTITY_PERSON &&
              is_inside_longer_name(s, len, res, match, n_match, best_end)) ||
             ((best_end == m ||
               is_surname_alias(res, match, m, best_end, entity)) &&
              ((best->flags & GAZ_ALIAS_AMBIGUOUS) ||
               entity->type == DOSSIER_ENTITY_PERSON) &&
              is_namesake(s, res, match, m, last_name_end, entity,
                          (best->flags & GAZ_ALIAS_AMBIGUOUS) != 0,
                          &namesakes)));
        /* A word of something longer, a ticker, a company's, a body's or
         * an event's name: so are the names inside it ("Africa" of the
         * "National Assembly of South Africa"). */
        int is_inside_other =
            !is_someone_else && entity != NULL &&
            (is_ticker(s, len, first->start,
                       res->tokens[match[best_end]].end) ||
             follows_landform_word(s, res, match, m) ||
             (alias &&
              (ends_longer_name(s, res, match, m, last_name_end,
                                entity->type) ||
               begins_company_name(s, len, res, match, n_match, m, best_end,
                                   entity->type) ||
               follows_company_name(s, res, match, m, entity->type,
                                    previous_company_end) ||
               (entity->type == DOSSIER_ENTITY_COMPANY &&
                precedes_place_name(gaz, memo, s, len, res, match, n_match,
                                    best_end)) ||
               is_inside_brackets(brackets, n_brackets, &at_bracket,
                                  first->start,
                                  res->tokens[match[best_end]].end) ||
               is_inside_longer_body(s, len, res, match, n_match, m,
                                     best_end, entity->type) ||
               runs_into_unknown_name(gaz, memo, s, len, res, match, n_match,
                                      m, best_end, entity->type))));
        if (entity == NULL || is_someone_else || is_inside_other) {
            m = is_inside_other ? best_end + 1 : m + 1;
            last_name_end = name_end;
            continue;
        }
        last_name_end = name_end;
        if (alias && best_end > m && entity->type == DOSSIER_ENTITY_PERSON)
            add_person(namesakes.full, &namesakes.n_full, entity->index);
        const dossier_token *last = &res->tokens[match[best_end]];
        uint32_t alias_index = 0;
        if (alias) {
            alias_index = gaz_alias_index(gaz, best);
            if (best->flags & GAZ_ALIAS_AMBIGUOUS)
                flags |= DOSSIER_MENTION_AMBIGUOUS;
        }
        dossier_mention mention = {
            .entity = entity, .start = first->start, .end = last->end,
            .first_token = match[m], .last_token = match[best_end],
            .flags = flags, .alias = alias,
        };
        if (analysis_add_found(res, &mention, alias_index) != 0) {
            rc = -1;
            break;
        }
        /* An ambiguous name defines no acronym: it may name nothing. */
        long acr = defined_acronym(s, len, res, match, n_match, m,
                                   best_end + 1);
        if (acr >= 0 && n_learned < MAX_LEARNED && !flags) {
            const dossier_token *a = &res->tokens[match[acr]];
            size_t l = 0;
            while (l < n_learned && strcmp(learned[l].norm, a->norm) != 0)
                l++;
            if (l == n_learned) {
                learned[n_learned].norm = a->norm;
                learned[n_learned].entity = entity;
                n_learned++;
            }
        }
        m = best_end + 1;
    }
    free(match);
    free(brackets);
    return rc;
}
