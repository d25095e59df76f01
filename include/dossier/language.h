/*
 * dossier/language.h: which language a text is in, for choosing the
 * language to analyse it in (its stemmer and stopwords) when a feed says
 * nothing or says something wrong.
 *
 * Languages told apart: en fr de es it pt nl tr (Latin script), ru uk
 * (Cyrillic), ar fa (Arabic script), he (Hebrew), el (Greek), zh ja
 * (Han; any kana makes it ja) and ko (Hangul).  The script decides first,
 * by counting letters; within Latin, Cyrillic and Arabic script a small
 * model written for news text decides: frequent words, letters, word
 * endings and beginnings and letter pairs of each language, weighed
 * (lib/language_detect.c).  Only the first 2,048 letters (and 64 KiB) of
 * a text are read, less when the answer is already clear.
 *
 * Both functions are pure: thread-safe, no allocation, nothing printed.
 * The model's table is built in static storage on first use, once, under
 * pthread_once.  Invalid UTF-8 is read as U+FFFD (no letter).
 */
#ifndef DOSSIER_LANGUAGE_H
#define DOSSIER_LANGUAGE_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The language of LEN bytes of UTF-8 TEXT (TEXT may be NULL when LEN is
 * 0): an ISO 639-1 code, a static string.  NULL when it cannot be told:
 * no letters, letters of a script none of the languages above is written
 * in, Latin text with many letters none of them uses (Polish, Czech ...),
 * or too little text to tell among the languages of its script ("Путин"
 * alone is Russian or Ukrainian).  *CONFIDENCE (CONFIDENCE may be NULL)
 * gets 0..1 (0 with NULL): the share of the text's letters in its script
 * times the model's probability for the language.  Thread-safe, no
 * allocation. */
const char *dossier_language_detect(const char *text, size_t len,
                                    double *confidence);

/* The language to analyse LEN bytes of TEXT in, given the language
 * DECLARED for it (a feed's or an article's; NULL or "" when none; tags as
 * "en-US", "pt_BR", "zh-Hant" or the three-letter "eng" are read by their
 * first part, case-insensitively, and so are Snowball's names, "english"
 * or "swedish"; a tag that is no language tag counts as none):
 *   - the declared language, unless the text is clearly in another: in
 *     another script (a Russian item in a feed marked English; the script
 *     alone tells, from a few letters), or in the same script only when
 *     the detector is confident (0.98) over a long enough text (80
 *     letters, a sentence or two);
 *   - else the detected language (for Latin script, only when the
 *     detector is confident, 0.99: else English, the language of most
 *     news, so that made-up words take no language's stems by chance);
 *   - else, when nothing is declared and nothing detected, the usual
 *     language of the text's script when it has one ("ru" for Cyrillic
 *     too short to tell from Ukrainian, "ar" for Arabic script), else
 *     "en".
 * A declared language this module does not know ("pl", "sv") is taken to
 * be written in Latin script unless it is one of a few known to be
 * written in another (bg, kk, ur, yi, hi, th ...).  Returns a static
 * string ("en" for "en-US"), or DECLARED itself when a language this
 * module does not know is kept.  Thread-safe, no allocation. */
const char *dossier_language_choose(const char *declared, const char *text,
                                    size_t len);

/* Whether DECLARED reads as a language (a tag or a Snowball name, as
 * dossier_language_choose reads it): one that does not ("\x1b]0;x", "12")
 * counts as none.  Thread-safe. */
bool dossier_language_tag_valid(const char *declared);

#ifdef __cplusplus
}
#endif

#endif
