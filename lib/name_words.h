/*
 * name_words.h: the words around names that lib/name_words.tsv lists
 * (titles before a name, companies' legal forms and words, the words of
 * bodies' names).  Private to
 * libdossier; the table is constant, so any thread may ask.
 */
#ifndef DOSSIER_NAME_WORDS_H
#define DOSSIER_NAME_WORDS_H

#include <stddef.h>

enum name_word_kind {
    NAME_WORD_BEFORE = 1,  /* may stand before a name: President, Gen. */
    NAME_WORD_LEGAL = 2,   /* a company's legal form: Inc, Corp, Ltd */
    NAME_WORD_COMPANY = 4, /* makes a place's name a company's: Power */
    NAME_WORD_BODY = 8,    /* ends a body's name: University, Council */
    NAME_WORD_AREA = 16,   /* ends a place's name: Region, Air Base */
    NAME_WORD_PARTICLE = 32, /* either case inside a name: al, van */
    NAME_WORD_FIRST = 64,  /* a given name: Michael, Reinhard */
    NAME_WORD_LANDFORM = 128, /* begins a mountain's, lake's, port's or
                                 fort's name: Mount, Lake */
};

/* The kinds (enum name_word_kind, OR-ed) of the normalized word NORM of
 * LEN bytes; 0 when the list does not have it. */
unsigned name_word_kinds(const char *norm, size_t len);

#endif
