/*
 * language_features.h: the language detector's features per language,
 * compiled from lib/language_features.tsv (lib/gen_language_features.sh)
 * into a table in the order of the file.  Private to libdossier.
 */
#ifndef DOSSIER_LANGUAGE_FEATURES_H
#define DOSSIER_LANGUAGE_FEATURES_H

#include <stddef.h>

typedef struct {
    const char *lang;     /* a code of the model: "en" ... "fa" */
    const char *features; /* space-separated, as the file writes them */
} language_feature_list;

extern const language_feature_list language_features[];
extern const size_t n_language_features;

#endif
