/*
 * tokenize.c: news-aware splitting.
 *
 * A chunk is a run of word characters (letters, marks, digits) joined by
 * connectors that only count between word characters: apostrophes
 * (O'Brien, Beijing's), hyphens (cyber-security), periods between single
 * letters (U.S) or digits (3.5), and commas between digits (1,000).  A
 * chunk becomes one token (a dotted acronym), or one token per hyphen-
 * separated part plus, for a real compound, the joined form.
 *
 * Sentences end at . ! ? … followed by space and something that can start
 * a sentence, unless the period follows an abbreviation (Gen., Jan.), an
 * initial or a dotted acronym; and at blank lines.
 */
#include "tokenize.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "normalize.h"
#include "script.h"
#include "strmap.h"
#include "utf8.h"

/* Compounds of more parts than this get no joined form: a joined
 * "a-b-c-d-e-f" is not a word anyone types. */
#define MAX_COMPOUND_PARTS 4

enum char_class {
    C_OTHER,   /* space, punctuation, symbols, invalid bytes */
    C_LETTER,
    C_DIGIT,
    C_MARK,
    C_CJK      /* Han, kana, hangul: bigrams */
};

static enum char_class classify(uint32_t cp)
{
    if (cp < 0x80) {
        if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
            return C_LETTER;
        if (cp >= '0' && cp <= '9')
            return C_DIGIT;
        return C_OTHER;
    }
    if (cp == UTF8_REPLACEMENT)
        return C_OTHER;
    if (script_is_cjk(cp))
        return C_CJK;
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return C_LETTER;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return C_MARK;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return C_DIGIT;
    default:
        return C_OTHER;
    }
}

static int is_word_class(enum char_class c)
{
    return c == C_LETTER || c == C_DIGIT || c == C_MARK;
}

static int is_apostrophe(uint32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == 0x02BC || cp == 0x2018;
}

static int is_hyphen(uint32_t cp)
{
    return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

static int is_upper(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    return utf8proc_isupper((utf8proc_int32_t)cp);
}

static int is_lower(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'a' && cp <= 'z';
    return utf8proc_islower((utf8proc_int32_t)cp);
}

/* Words after which a period does not end a sentence.  Lower case; the
 * token's norm is compared.  Titles, months, and common abbreviations of
 * news copy. */
static const char *const abbreviations[] = {
    "adm", "apr", "aug", "brig", "capt", "cmdr", "co", "col", "corp",
    "cpl", "dec", "dept", "dr", "feb", "fig", "fr", "ft", "gen", "gov",
    "hon", "inc", "jan", "jr", "jul", "jun", "lt", "ltd", "maj", "mar",
    "mr", "mrs", "ms", "mt", "no", "nos", "nov", "oct", "pres", "prof",
    "pvt", "rep", "reps", "rev", "sen", "sens", "sep", "sept", "sgt",
    "sr", "st", "supt", "vs",
};

static int is_abbreviation(const char *norm)
{
    return sorted_words_contain(abbreviations, sizeof abbreviations / sizeof abbreviations[0], norm);
}

struct tokenizer {
    const unsigned char *text;
    size_t len;
    unsigned flags;         /* TOKENIZE_* */
    dossier_analysis *res;
    uint32_t position;      /* last position given */
    uint32_t sentence;      /* current sentence */
    int is_sentence_open;   /* a token has been seen in it */
    int is_boundary_pending;
    uint32_t sentence_start, sentence_end;
    size_t cjk_end;         /* where the last run of CJK ended */
};

/* Closes the current sentence (if it has tokens) before a new token. */
static int open_token(struct tokenizer *t, uint32_t start)
{
    if (t->is_boundary_pending && t->is_sentence_open) {
        if (analysis_add_sentence(t->res, t->sentence_start,
                                  t->sentence_end) != 0)
            return -1;
        t->sentence++;
        t->is_sentence_open = 0;
    }
    t->is_boundary_pending = 0;
    if (!t->is_sentence_open) {
        t->is_sentence_open = 1;
        t->sentence_start = start;
    }
    return 0;
}

/* Scans LEN bytes at S for letters and their case. */
struct shape {
    uint32_t n_letters, n_upper, n_lower, n_digits;
    int is_first_upper;
};

static struct shape shape_of(const unsigned char *s, size_t len)
{
    struct shape sh = {0};
    int seen_letter = 0;
    for (size_t i = 0; i < len;) {
        unsigned char b = s[i];
        if (b < 0x80) { /* most text: no decoding, no class lookup */
            i++;
            int is_up = b >= 'A' && b <= 'Z', is_low = b >= 'a' && b <= 'z';
            if (is_up || is_low) {
                if (!seen_letter)
                    sh.is_first_upper = is_up;
                seen_letter = 1;
                sh.n_letters++;
                sh.n_upper += is_up;
                sh.n_lower += is_low;
            } else {
                sh.n_digits += b >= '0' && b <= '9';
            }
            continue;
        }
        uint32_t cp = utf8_next(s, len, &i);
        enum char_class c = classify(cp);
        if (c == C_LETTER) {
            int up = is_upper(cp);
            if (!seen_letter)
                sh.is_first_upper = up;
            seen_letter = 1;
            sh.n_letters++;
            sh.n_upper += up;
            sh.n_lower += is_lower(cp);
        } else if (c == C_DIGIT) {
            sh.n_digits++;
        }
    }
    return sh;
}

static uint32_t flags_of(struct shape sh)
{
    uint32_t flags = 0;
    if (sh.n_letters == 0 && sh.n_digits > 0)
        flags |= DOSSIER_TOKEN_NUMBER;
    if (sh.is_first_upper)
        flags |= DOSSIER_TOKEN_CAPITALIZED;
    if (sh.n_upper >= 2 && sh.n_lower == 0)
        flags |= DOSSIER_TOKEN_ALL_CAPS | DOSSIER_TOKEN_ACRONYM;
    return flags;
}

/* Emits one token for bytes [START, END) of the text, normalized with
 * DROP_CHAR removed.  *index receives its index. */
static int emit(struct tokenizer *t, uint32_t start, uint32_t end,
                uint32_t span_end, uint32_t flags, char drop_char,
                uint32_t position, size_t *index)
{
    char norm[DOSSIER_MAX_TERM_BYTES + 1];
    int n = -1;
    if (end - start <= 4 * DOSSIER_MAX_TERM_BYTES)
        n = normalize_word((const char *)t->text + start, end - start,
                           drop_char, norm, sizeof norm);
    if (n <= 0) {
        flags |= DOSSIER_TOKEN_TOO_LONG;
        n = 0;
    }
    if (open_token(t, start) != 0)
        return -1;
    dossier_token tok = {
        .start = start, .end = span_end, .position = position,
        .sentence = t->sentence, .flags = flags,
    };
    size_t i;
    if (analysis_add_token(t->res, &tok, &i) != 0)
        return -1;
    uint32_t off;
    if (n > 0) {
        if (analysis_add_string(t->res, norm, (size_t)n, &off) != 0)
            return -1;
        t->res->strings_of[i].norm_off = off;
        t->res->strings_of[i].term_off = off;
        t->res->strings_of[i].key_off = off;
        t->res->strings_of[i].norm_hash = strmap_hash(norm, (size_t)n, 0);
        t->res->tokens[i].norm_len = t->res->tokens[i].term_len = (uint32_t)n;
    }
    t->sentence_end = span_end;
    if (index)
        *index = i;
    return 0;
}

/* Whether the chunk [START, END) is a dotted acronym: single letters
 * separated by periods (U.S, U.K, e.g). */
static int is_dotted(const unsigned char *s, size_t start, size_t end)
{
    size_t i = start, n_letters = 0;
    int expect_letter = 1;
    /* Most chunks are words: their second character is no period. */
    size_t second = start;
    if (start < end)
        (void)utf8_next(s, end, &second);
    if (second >= end || s[second] != '.')
        return 0;
    while (i < end) {
        uint32_t cp = utf8_next(s, end, &i);
        if (expect_letter) {
            if (classify(cp) != C_LETTER)
                return 0;
            n_letters++;
        } else if (cp != '.') {
            return 0;
        }
        expect_letter = !expect_letter;
    }
    return n_letters >= 2 && !expect_letter;
}

/* How many hyphens (is_hyphen) [START, END) holds.  Byte by byte: a lead
 * byte is never part of another character, so this counts what decoding
 * would, faster. */
static size_t hyphens_in(const unsigned char *s, size_t start, size_t end)
{
    size_t n = 0;
    for (size_t i = start; i < end; i++) {
        if (s[i] == '-')
            n++;
        else if (s[i] == 0xE2 && end - i >= 3 && s[i + 1] == 0x80 &&
                 (s[i + 2] == 0x90 || s[i + 2] == 0x91))
            n++; /* U+2010, U+2011 */
    }
    return n;
}

/* Length of a possessive ending ('s, ’s) at the end of [START, END), or 0. */
static size_t possessive_len(const unsigned char *s, size_t start, size_t end)
{
    if (end - start < 3 || (s[end - 1] | 0x20) != 's')
        return 0;
    if (s[end - 2] == '\'' )
        return end - 2 > start ? 2 : 0;
    /* ’ (E2 80 99) and ʼ (CA BC) */
    if (end - start >= 5 && s[end - 4] == 0xE2 && s[end - 3] == 0x80 &&
        s[end - 2] == 0x99)
        return 4;
    if (end - start >= 4 && s[end - 3] == 0xCA && s[end - 2] == 0xBC)
        return 3;
    return 0;
}

/* Length of a case ending that Turkish (and Azerbaijani) writes after an
 * apostrophe on a proper noun or an acronym ("Ankara'da", "NATO'ya",
 * "Rusya'nın") at the end of [START, END), or 0: a name Capitalized or
 * in capitals, of two letters or more, then up to 8 lower-case letters.
 * Not in other languages, where such apostrophes are a name's own
 * ("Shi'ite", "Sana'a"). */
static size_t name_suffix_len(const unsigned char *s, size_t start,
                              size_t end)
{
    /* The last apostrophe, and the letters after it. */
    size_t at = end, n_after = 0;
    for (size_t i = start; i < end;) {
        size_t before = i;
        uint32_t cp = utf8_next(s, end, &i);
        if (is_apostrophe(cp)) {
            at = before;
            n_after = 0;
        } else if (at != end) {
            if (!is_lower(cp))
                return 0;
            n_after++;
        }
    }
    if (at == end || n_after == 0 || n_after > 8 || at - start < 2)
        return 0;
    size_t i = start;
    if (!is_upper(utf8_next(s, at, &i)))
        return 0;
    return end - at;
}

/* French and Italian elided articles and pronouns, which their word
 * runs into: "l'OTAN" is the OTAN, "dell'ONU" the ONU.  Sorted. */
static const char *const elisions[] = {
    "all", "c", "d", "dall", "dell", "j", "jusqu", "l", "lorsqu", "m", "n",
    "nell", "puisqu", "qu", "s", "sull", "t",
};

/* The length of an elision ("l'", "qu’") that begins the chunk [START,
 * END) before a letter, or 0.  It is no word of its own, and the name
 * after it is a name ("l'Iran" is Iran). */
static size_t elision_len(const unsigned char *s, size_t start, size_t end)
{
    /* Most words have no apostrophe among their first seven bytes. */
    size_t scan = end - start < 8 ? end - start : 8, k = 0;
    while (k < scan && s[start + k] != '\'' && s[start + k] != 0xE2)
        k++;
    if (k == scan)
        return 0;
    char word[8];
    size_t n = 0;
    for (size_t i = start; i < end && n < 7; i++, n++) {
        unsigned char c = s[i];
        if (!((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
            break;
        word[n] = (char)(c | 0x20);
    }
    size_t at = start + n;
    if (n == 0 || n > 6 || at >= end)
        return 0;
    size_t apostrophe;
    if (s[at] == '\'')
        apostrophe = 1;
    else if (end - at >= 3 && s[at] == 0xE2 && s[at + 1] == 0x80 &&
             s[at + 2] == 0x99)
        apostrophe = 3; /* ’ */
    else
        return 0;
    word[n] = '\0';
    size_t after = at + apostrophe, j = after;
    if (after >= end || classify(utf8_next(s, end, &j)) != C_LETTER ||
        !sorted_words_contain(elisions, sizeof elisions / sizeof elisions[0],
                              word))
        return 0;
    return after - start;
}

/* Turns one chunk into tokens. */
static int process_chunk(struct tokenizer *t, size_t start, size_t end)
{
    const unsigned char *s = t->text;
    start += elision_len(s, start, end);
    if (is_dotted(s, start, end)) {
        /* The final period belongs to the acronym: "U.S." */
        size_t span_end = end;
        if (span_end < t->len && s[span_end] == '.')
            span_end++;
        struct shape sh = shape_of(s + start, end - start);
        uint32_t flags = flags_of(sh) | DOSSIER_TOKEN_ACRONYM |
                         DOSSIER_TOKEN_DOTTED;
        if (sh.n_upper == sh.n_letters)
            flags |= DOSSIER_TOKEN_ALL_CAPS;
        return emit(t, (uint32_t)start, (uint32_t)end, (uint32_t)span_end,
                    flags, '.', ++t->position, NULL);
    }

    size_t poss = possessive_len(s, start, end);
    if (poss == 0 && (t->flags & TOKENIZE_NAME_SUFFIXES))
        poss = name_suffix_len(s, start, end);
    size_t word_end = end - poss;

    /* Count the hyphen-separated parts first: the joined form needs to
     * know whether there is more than one. */
    size_t n_parts = 1 + hyphens_in(s, start, word_end);

    uint32_t first_position = t->position + 1;
    int can_join = n_parts > 1 && n_parts <= MAX_COMPOUND_PARTS;
    char joined[DOSSIER_MAX_TERM_BYTES + 1];
    size_t joined_len = 0;
    uint32_t joined_flags = 0;

    size_t part_start = start;
    for (size_t part = 0; part < n_parts; part++) {
        size_t part_end = n_parts == 1 ? word_end : part_start;
        size_t next_start = word_end;
        for (size_t i = part_start; n_parts > 1 && i < word_end;) {
            size_t before = i;
            uint32_t cp = utf8_next(s, word_end, &i);
            if (is_hyphen(cp)) {
                part_end = before;
                next_start = i;
                break;
            }
            part_end = i;
        }
        int is_last = part == n_parts - 1;
        struct shape sh = shape_of(s + part_start, part_end - part_start);
        uint32_t flags = flags_of(sh);
        char drop = '"'; /* only Hebrew's gershayim connect (connects) */
        if (flags & DOSSIER_TOKEN_NUMBER)
            drop = ','; /* 1,000 = 1000 */
        else if (is_dotted(s, part_start, part_end)) {
            flags |= DOSSIER_TOKEN_ACRONYM | DOSSIER_TOKEN_DOTTED;
            drop = '.';
        }
        if (n_parts > 1)
            flags |= DOSSIER_TOKEN_COMPOUND_PART;
        if (is_last && poss)
            flags |= DOSSIER_TOKEN_POSSESSIVE;
        if (part == 0)
            joined_flags = flags & (DOSSIER_TOKEN_CAPITALIZED);
        if (flags & DOSSIER_TOKEN_NUMBER)
            can_join = 0;
        size_t index;
        if (emit(t, (uint32_t)part_start, (uint32_t)part_end,
                 (uint32_t)part_end, flags, drop, ++t->position,
                 &index) != 0)
            return -1;
        const dossier_token *tok = &t->res->tokens[index];
        if (can_join) {
            if (tok->flags & DOSSIER_TOKEN_TOO_LONG ||
                joined_len + tok->norm_len > DOSSIER_MAX_TERM_BYTES) {
                can_join = 0;
            } else {
                memcpy(joined + joined_len, analysis_norm(t->res, index),
                       tok->norm_len);
                joined_len += tok->norm_len;
            }
        }
        part_start = next_start;
    }
    if (!can_join || joined_len == 0)
        return 0;

    dossier_token tok = {
        .start = (uint32_t)start, .end = (uint32_t)word_end,
        .position = first_position, .sentence = t->sentence,
        .flags = joined_flags | DOSSIER_TOKEN_COMPOUND |
                 (poss ? DOSSIER_TOKEN_POSSESSIVE : 0),
    };
    size_t i;
    uint32_t off;
    if (analysis_add_token(t->res, &tok, &i) != 0 ||
        analysis_add_string(t->res, joined, joined_len, &off) != 0)
        return -1;
    t->res->strings_of[i].norm_off = t->res->strings_of[i].term_off = off;
    t->res->strings_of[i].key_off = off;
    t->res->strings_of[i].norm_hash = strmap_hash(joined, joined_len, 0);
    t->res->tokens[i].norm_len = t->res->tokens[i].term_len =
        (uint32_t)joined_len;
    return 0;
}

/* Splits the run of Han, kana and hangul starting with the character
 * [START, SECOND) into overlapping bigrams at successive positions, as
 * Xapian's CJK n-gram mode does (a one-character run is one token):
 * these scripts put no spaces between words, and a bigram is the
 * shortest unit that tells most of their words apart.  Sets t->cjk_end
 * to where the run ends. */
static int process_cjk_run(struct tokenizer *t, size_t start, size_t second)
{
    const unsigned char *s = t->text;
    size_t prev = start, cur = second;
    int n_tokens = 0;
    while (cur < t->len) {
        size_t next = cur;
        if (classify(utf8_next(s, t->len, &next)) != C_CJK)
            break;
        if (emit(t, (uint32_t)prev, (uint32_t)next, (uint32_t)next,
                 DOSSIER_TOKEN_CJK, 0, ++t->position, NULL) != 0)
            return -1;
        n_tokens++;
        prev = cur;
        cur = next;
    }
    t->cjk_end = cur;
    if (n_tokens > 0)
        return 0;
    return emit(t, (uint32_t)start, (uint32_t)second, (uint32_t)second,
                DOSSIER_TOKEN_CJK, 0, ++t->position, NULL);
}

/* Whether a connector at [*I, next) continues the chunk, given the class
 * of the character before it and the text after it. */
static int is_hebrew_letter_at(const unsigned char *s, size_t len, size_t i)
{
    return i + 1 < len && s[i] == 0xD7 && s[i + 1] >= 0x90 && s[i + 1] <= 0xAA;
}

static int connects(const unsigned char *s, size_t len, uint32_t cp,
                    size_t at, size_t after, enum char_class prev_class,
                    size_t segment_letters)
{
    if (after >= len)
        return 0;
    size_t j = after;
    enum char_class next = classify(utf8_next(s, len, &j));
    /* Hebrew writes acronyms with gershayim (or a double quote) before
     * the last letter, abbreviations with a geresh: צה"ל, או״ם. */
    if (cp == '"' || cp == 0x05F3 || cp == 0x05F4)
        return at >= 2 && is_hebrew_letter_at(s, len, at - 2) &&
               is_hebrew_letter_at(s, len, after);
    if (is_apostrophe(cp))
        return prev_class == C_LETTER && next == C_LETTER;
    if (is_hyphen(cp))
        return is_word_class(prev_class) && is_word_class(next) &&
               next != C_MARK;
    if (cp == '.')
        return (prev_class == C_DIGIT && next == C_DIGIT) ||
               (prev_class == C_LETTER && segment_letters == 1 &&
                next == C_LETTER);
    if (cp == ',')
        return prev_class == C_DIGIT && next == C_DIGIT;
    return 0;
}

static int is_closing(uint32_t c)
{
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x201D ||
           c == 0x2019 || c == 0xBB;
}

/* Called at a sentence-ending character at [I, AFTER): decides whether
 * the sentence ends there. */
static int ends_sentence(struct tokenizer *t, uint32_t cp, size_t at,
                         size_t after)
{
    const unsigned char *s = t->text;
    dossier_analysis *res = t->res;
    if (cp == '.' && res->n_tokens > 0) {
        /* The last word token (skipping a compound's joined form). */
        size_t k = res->n_tokens - 1;
        if (res->tokens[k].flags & DOSSIER_TOKEN_COMPOUND && k > 0)
            k--;
        const dossier_token *prev = &res->tokens[k];
        if (prev->end == at) {
            if (prev->flags & DOSSIER_TOKEN_DOTTED)
                return 0;
            if (prev->norm_len == 1 && !(prev->flags & DOSSIER_TOKEN_NUMBER))
                return 0; /* an initial: John F. Kennedy */
            if (is_abbreviation(analysis_norm(res, k)))
                return 0;
        }
    }
    /* Closing quotes and brackets may follow: ." .) .’ */
    size_t i = after;
    while (i < t->len) {
        size_t j = i;
        if (!is_closing(utf8_next(s, t->len, &j)))
            break;
        i = j;
    }
    if (i >= t->len)
        return 1;
    /* Then space, then something that can begin a sentence. */
    size_t j = i;
    uint32_t c = utf8_next(s, t->len, &j);
    if (c != ' ' && c != '\n' && c != '\t' && c != '\r' && c != 0xA0)
        return 0;
    while (j < t->len) {
        size_t k = j;
        c = utf8_next(s, t->len, &k);
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == 0xA0 ||
            c == '"' || c == '\'' || c == '(' || c == 0x201C ||
            c == 0x2018 || c == 0xAB) {
            j = k;
            continue;
        }
        enum char_class cls = classify(c);
        if (cls == C_LETTER)
            return !is_lower(c);
        return cls == C_DIGIT || cls == C_CJK;
    }
    return 1;
}

/* Marks the tokens of sentences written in capitals (a wire headline, an
 * archive in upper case), where capitals do not make acronyms: at least
 * two words of two letters or more, four in five of them in capitals. */
static void mark_caps_context(dossier_analysis *res)
{
    size_t first = 0;
    while (first < res->n_tokens) {
        uint32_t sentence = res->tokens[first].sentence;
        size_t end = first, n_words = 0, n_caps = 0;
        for (; end < res->n_tokens && res->tokens[end].sentence == sentence;
             end++) {
            const dossier_token *t = &res->tokens[end];
            if (t->flags & (DOSSIER_TOKEN_COMPOUND | DOSSIER_TOKEN_NUMBER |
                            DOSSIER_TOKEN_CJK) ||
                t->norm_len < 2)
                continue;
            n_words++;
            n_caps += (t->flags & DOSSIER_TOKEN_ALL_CAPS) != 0;
        }
        if (n_words >= 2 && n_caps * 5 >= n_words * 4) {
            for (size_t i = first; i < end; i++) {
                res->tokens[i].flags |= DOSSIER_TOKEN_CAPS_CONTEXT;
                if (!(res->tokens[i].flags & DOSSIER_TOKEN_DOTTED))
                    res->tokens[i].flags &= ~DOSSIER_TOKEN_ACRONYM;
            }
        }
        first = end;
    }
}

unsigned tokenize_flags(const char *lang)
{
    char key[16];
    language_key(lang, key, sizeof key);
    return strcmp(key, "tr") == 0 || strcmp(key, "az") == 0 ||
                   strcmp(key, "turkish") == 0
               ? TOKENIZE_NAME_SUFFIXES
               : 0;
}

int tokenize(const char *text, size_t len, unsigned flags,
             dossier_analysis *res)
{
    struct tokenizer t = {
        .text = (const unsigned char *)text, .len = len, .res = res,
        .flags = flags,
    };
    const unsigned char *s = t.text;
    size_t n_newlines = 0; /* consecutive, for paragraph breaks */
    size_t i = 0;
    while (i < len) {
        size_t at = i;
        uint32_t cp = utf8_next(s, len, &i);
        enum char_class c = classify(cp);
        if (c == C_CJK) {
            n_newlines = 0;
            if (process_cjk_run(&t, at, i) != 0)
                return -1;
            i = t.cjk_end;
            continue;
        }
        if (is_word_class(c)) {
            n_newlines = 0;
            /* Extend the chunk over word characters and connectors. */
            size_t end = i;
            size_t segment_letters = c == C_LETTER;
            enum char_class prev = c;
            while (end < len) {
                unsigned char b = s[end];
                int is_letter = (unsigned)((b | 0x20) - 'a') < 26u;
                if (is_letter || (unsigned)(b - '0') < 10u) {
                    /* an ASCII letter or digit: the common case, short */
                    segment_letters += is_letter;
                    prev = is_letter ? C_LETTER : C_DIGIT;
                    end++;
                    continue;
                }
                size_t next = end;
                uint32_t d = utf8_next(s, len, &next);
                enum char_class dc = classify(d);
                if (is_word_class(dc)) {
                    segment_letters += dc == C_LETTER;
                    prev = dc;
                    end = next;
                    continue;
                }
                if (connects(s, len, d, end, next, prev, segment_letters)) {
                    /* A word character follows (connects() checked), and
                     * starts a new segment: U.S.A has three. */
                    segment_letters = 0;
                    prev = C_OTHER;
                    end = next;
                    continue;
                }
                break;
            }
            if (process_chunk(&t, at, end) != 0)
                return -1;
            i = end;
            /* A dotted acronym took its final period. */
            if (res->n_tokens > 0 && res->tokens[res->n_tokens - 1].end > i)
                i = res->tokens[res->n_tokens - 1].end;
            continue;
        }
        if (cp == '\n') {
            if (++n_newlines >= 2)
                t.is_boundary_pending = 1;
            continue;
        }
        if (cp == ' ' || cp == '\t' || cp == '\r')
            continue;
        n_newlines = 0;
        if (cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 ||
            cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F) {
            if (ends_sentence(&t, cp, at, i))
                t.is_boundary_pending = 1;
        }
    }
    if (t.is_sentence_open &&
        analysis_add_sentence(res, t.sentence_start, t.sentence_end) != 0)
        return -1;
    mark_caps_context(res);
    return 0;
}
