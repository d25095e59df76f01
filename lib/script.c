/*
 * script.c: writing systems by code point block, and languages by script.
 */
#include "script.h"

#include <string.h>

#include "dossier/analyzer.h"
#include "utf8.h"

int script_is_cjk(uint32_t cp)
{
    return (cp >= 0x1100 && cp <= 0x11FF) ||   /* hangul jamo */
           (cp >= 0x3040 && cp <= 0x30FF) ||   /* hiragana, katakana */
           (cp >= 0x3130 && cp <= 0x318F) ||   /* hangul compatibility jamo */
           (cp >= 0x31F0 && cp <= 0x31FF) ||   /* katakana extension */
           (cp >= 0x3400 && cp <= 0x4DBF) ||   /* Han extension A */
           (cp >= 0x4E00 && cp <= 0x9FFF) ||   /* Han */
           (cp >= 0xA960 && cp <= 0xA97F) ||   /* hangul jamo extended-A */
           (cp >= 0xAC00 && cp <= 0xD7AF) ||   /* hangul syllables */
           (cp >= 0xF900 && cp <= 0xFAFF) ||   /* compatibility ideographs */
           (cp >= 0xFF66 && cp <= 0xFF9F) ||   /* halfwidth katakana */
           (cp >= 0xFFA0 && cp <= 0xFFDC) ||   /* halfwidth hangul */
           (cp >= 0x20000 && cp <= 0x2FA1F);   /* Han extensions B.. */
}

script_id script_of(uint32_t cp)
{
    if (cp < 0x80)
        return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ? SCRIPT_LATIN
                                                          : SCRIPT_NONE;
    if (cp < 0x250)
        return (cp == 0xAA || cp == 0xBA || cp >= 0xC0) && cp != 0xD7 &&
                       cp != 0xF7
                   ? SCRIPT_LATIN
                   : SCRIPT_NONE;
    if (cp < 0x370)
        return cp < 0x2B0 ? SCRIPT_LATIN : SCRIPT_NONE; /* IPA; modifiers */
    if (cp < 0x400)
        return SCRIPT_GREEK;
    if (cp < 0x530)
        return SCRIPT_CYRILLIC;
    if (cp < 0x590)
        return SCRIPT_ARMENIAN;
    if (cp < 0x600)
        return SCRIPT_HEBREW;
    if (cp < 0x700 || (cp >= 0x750 && cp < 0x780) ||
        (cp >= 0x8A0 && cp < 0x900) || (cp >= 0xFB50 && cp < 0xFE00) ||
        (cp >= 0xFE70 && cp < 0xFF00))
        return SCRIPT_ARABIC;
    if (cp >= 0x900 && cp < 0x980)
        return SCRIPT_DEVANAGARI;
    if (cp >= 0xB80 && cp < 0xC00)
        return SCRIPT_TAMIL;
    if (cp >= 0x1C80 && cp < 0x1C90)
        return SCRIPT_CYRILLIC; /* extended-C */
    if (cp >= 0x1E00 && cp < 0x1F00)
        return SCRIPT_LATIN;    /* extended additional: Vietnamese */
    if (cp >= 0x1F00 && cp < 0x2000)
        return SCRIPT_GREEK;
    if ((cp >= 0x2DE0 && cp < 0x2E00) || (cp >= 0xA640 && cp < 0xA6A0))
        return SCRIPT_CYRILLIC;
    if (cp >= 0xFB1D && cp < 0xFB50)
        return SCRIPT_HEBREW;
    if (cp >= 0xFF21 && cp <= 0xFF5A)
        return SCRIPT_LATIN;    /* fullwidth, folded by NFKC */
    if (script_is_cjk(cp))
        return SCRIPT_CJK;
    return SCRIPT_OTHER;
}

/* Languages of scripts other than Latin, with Snowball names and codes;
 * the first of a script is its own. */
static const struct {
    const char *lang;
    script_id script;
} languages[] = {
    {"ru", SCRIPT_CYRILLIC},  {"russian", SCRIPT_CYRILLIC},
    {"uk", SCRIPT_CYRILLIC},  {"ukrainian", SCRIPT_CYRILLIC},
    {"be", SCRIPT_CYRILLIC},  {"bg", SCRIPT_CYRILLIC},
    {"kk", SCRIPT_CYRILLIC},  {"mk", SCRIPT_CYRILLIC},
    {"mn", SCRIPT_CYRILLIC},  {"sr", SCRIPT_CYRILLIC},
    {"serbian", SCRIPT_CYRILLIC},
    {"el", SCRIPT_GREEK},     {"greek", SCRIPT_GREEK},
    {"hy", SCRIPT_ARMENIAN},  {"armenian", SCRIPT_ARMENIAN},
    {"he", SCRIPT_HEBREW},    {"iw", SCRIPT_HEBREW},
    {"yi", SCRIPT_HEBREW},    {"yiddish", SCRIPT_HEBREW},
    {"ar", SCRIPT_ARABIC},    {"arabic", SCRIPT_ARABIC},
    {"fa", SCRIPT_ARABIC},    {"ps", SCRIPT_ARABIC},
    {"ur", SCRIPT_ARABIC},    {"ckb", SCRIPT_ARABIC},
    {"hi", SCRIPT_DEVANAGARI}, {"hindi", SCRIPT_DEVANAGARI},
    {"ne", SCRIPT_DEVANAGARI}, {"nepali", SCRIPT_DEVANAGARI},
    {"mr", SCRIPT_DEVANAGARI},
    {"ta", SCRIPT_TAMIL},     {"tamil", SCRIPT_TAMIL},
    {"zh", SCRIPT_CJK},       {"ja", SCRIPT_CJK},
    {"ko", SCRIPT_CJK},
};

void language_key(const char *lang, char *out, size_t out_size)
{
    if (lang == NULL || *lang == '\0')
        lang = "en";
    size_t n = 0;
    for (; lang[n] && lang[n] != '-' && lang[n] != '_' && n + 1 < out_size;
         n++) {
        char c = lang[n];
        out[n] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    out[n] = '\0';
}

script_id language_script(const char *lang)
{
    char key[32];
    language_key(lang, key, sizeof key);
    for (size_t i = 0; i < sizeof languages / sizeof languages[0]; i++)
        if (strcmp(languages[i].lang, key) == 0)
            return languages[i].script;
    return SCRIPT_LATIN;
}

const char *script_language(script_id s, const char *declared)
{
    if (s == SCRIPT_NONE || s == SCRIPT_OTHER || s == language_script(declared))
        return NULL;
    if (s == SCRIPT_LATIN)
        return "en";
    for (size_t i = 0; i < sizeof languages / sizeof languages[0]; i++)
        if (languages[i].script == s)
            return languages[i].lang;
    return NULL;
}

size_t script_min_key_chars(script_id s)
{
    switch (s) {
    case SCRIPT_CYRILLIC:
    case SCRIPT_GREEK:
    case SCRIPT_ARMENIAN:
        return 4;
    case SCRIPT_ARABIC:
        /* Arabic words are short: a root of three letters, which the
         * stemmer frees of "wa-", "al-", "bi-" ("وحزب" is "حزب"). */
        return 3;
    default:
        return 0;
    }
}

script_id token_script(const char *text, const dossier_token *t)
{
    if (t->flags & DOSSIER_TOKEN_CJK)
        return SCRIPT_CJK;
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = t->start; i < t->end;) {
        if (s[i] < 0x80) { /* most words: ASCII */
            if (((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
                return SCRIPT_LATIN;
            i++;
            continue;
        }
        script_id sc = script_of(utf8_next(s, t->end, &i));
        if (sc != SCRIPT_NONE)
            return sc;
    }
    return SCRIPT_NONE;
}
