/*
 * script.h: writing systems, and the language a word in one is analysed
 * in when the text's language is written in another.  Private to
 * libdossier.
 *
 * A text is analysed in its language, but news mixes scripts: a Russian
 * name in an English story, an English acronym in an Arabic one.  A word
 * in its text's script takes its text's language; a word in another
 * script takes that script's own language (Cyrillic Russian, Arabic
 * script Arabic, Latin English...), so that the same word is stemmed
 * alike wherever it stands, and a query word typed in Cyrillic finds the
 * Russian articles that inflect it.  Han, kana and hangul are never
 * stemmed: they are split into bigrams (tokenize.c).
 */
#ifndef DOSSIER_SCRIPT_H
#define DOSSIER_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    SCRIPT_NONE = 0,  /* digits, symbols: no letters */
    SCRIPT_LATIN,
    SCRIPT_CYRILLIC,
    SCRIPT_GREEK,
    SCRIPT_ARMENIAN,
    SCRIPT_HEBREW,
    SCRIPT_ARABIC,
    SCRIPT_DEVANAGARI,
    SCRIPT_TAMIL,
    SCRIPT_CJK,       /* Han, hiragana, katakana, hangul */
    SCRIPT_OTHER      /* letters of a script we do not single out */
} script_id;

/* The script of the letter CP; SCRIPT_NONE for a code point that is no
 * letter of a script listed (digits, punctuation). */
script_id script_of(uint32_t cp);

/* The script of the token T of TEXT: its first letter's (SCRIPT_NONE
 * for a number). */
struct dossier_token;
script_id token_script(const char *text, const struct dossier_token *t);

/* Whether CP is written in runs with no spaces between words, which the
 * tokenizer splits into bigrams: Han, kana, hangul. */
int script_is_cjk(uint32_t cp);

/* LANG's key, as stemmers and scripts are looked up by: its primary
 * subtag in lower case ("en-US", "EN_gb", "English" -> "en", "en",
 * "english"); "en" for NULL or "".  Into OUT, OUT_SIZE bytes. */
void language_key(const char *lang, char *out, size_t out_size);

/* The script LANG ("ru", "uk-UA", "english") is written in:
 * SCRIPT_LATIN for Latin languages and for unknown ones. */
script_id language_script(const char *lang);

/* The language a word of script S is analysed in when its text's
 * language DECLARED is written in another script: "ru" for Cyrillic,
 * "ar" for Arabic script...; NULL for S SCRIPT_NONE, or a script whose
 * text is written in DECLARED itself (the declared language then
 * serves). */
const char *script_language(script_id s, const char *declared);

/* The fewest characters a stem of script S must keep to stand for its
 * word in gazetteer matching, or 0 when names of S are matched as
 * written, not by stem.  Names in scripts of inflecting languages are
 * matched by stem (Russian "России" is "Россия"), but a short stem is
 * shared by too many words ("Мали" and "мало" are both "мал"). */
size_t script_min_key_chars(script_id s);

#endif
