/*
 * analyze_cmd.c: `dossier-index --analyze`.
 */
#include "analyze_cmd.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dossier/analyzer.h"
#include "dossier/language.h"
#include "escape.h"
#include "input.h"

static void print_text(FILE *out, const char *text,
                       const dossier_analysis *res)
{
    const dossier_token *tok = dossier_analysis_tokens(res);
    size_t n = dossier_analysis_token_count(res);
    fprintf(out, "tokens: %zu\n", n);
    fprintf(out, "%-11s %4s %4s  %-20s %-20s %-20s %s\n", "bytes", "pos",
            "sent", "text", "norm", "term", "flags");
    for (size_t i = 0; i < n; i++) {
        char flags[256], span[32];
        dossier_token_flags_describe(tok[i].flags, flags, sizeof flags);
        snprintf(span, sizeof span, "%u-%u", tok[i].start, tok[i].end);
        int text_len = (int)(tok[i].end - tok[i].start);
        int width = text_len < 20 ? 20 - text_len : 0;
        fprintf(out, "%-11s %4u %4u  %.*s%*s %-20s %-20s %s\n", span,
                tok[i].position, tok[i].sentence, text_len > 200 ? 200 : text_len,
                text + tok[i].start, width, "", tok[i].norm, tok[i].term,
                flags);
    }
    const dossier_mention *m = dossier_analysis_mentions(res);
    size_t n_mentions = dossier_analysis_mention_count(res);
    fprintf(out, "entities: %zu\n", n_mentions);
    for (size_t i = 0; i < n_mentions; i++) {
        fprintf(out, "%u-%u %s (%s) \"%.*s\"", m[i].start, m[i].end,
                m[i].entity->id, dossier_entity_type_name(m[i].entity->type),
                (int)(m[i].end - m[i].start), text + m[i].start);
        if (m[i].flags & DOSSIER_MENTION_LEARNED)
            fprintf(out, " learned from this text");
        else
            fprintf(out, " as \"%s\"", m[i].alias);
        fprintf(out, " = %s\n", m[i].entity->name);
    }
    const dossier_sentence *s = dossier_analysis_sentences(res);
    size_t n_sentences = dossier_analysis_sentence_count(res);
    fprintf(out, "sentences: %zu\n", n_sentences);
    for (size_t i = 0; i < n_sentences; i++)
        fprintf(out, "%zu %u-%u\n", i, s[i].start, s[i].end);
}

/* Jansson refuses invalid UTF-8, and spans never hold any, but a failure
 * must not lose the rest of the document. */
static json_t *json_slice(const char *text, uint32_t start, uint32_t end)
{
    json_t *s = json_stringn(text + start, end - start);
    return s ? s : json_string("\xEF\xBF\xBD");
}

/* Prints RES as one JSON document: DOSSIER_ERR_IO when it cannot be
 * written. */
static dossier_status print_json(FILE *out, const char *text,
                                 const char *lang,
                                 const dossier_analysis *res)
{
    json_t *root = json_object();
    json_t *tokens = json_array(), *entities = json_array(),
           *sentences = json_array();
    const dossier_token *tok = dossier_analysis_tokens(res);
    for (size_t i = 0; i < dossier_analysis_token_count(res); i++) {
        char flags[256];
        dossier_token_flags_describe(tok[i].flags, flags, sizeof flags);
        json_t *flag_list = json_array();
        for (char *save = NULL, *f = strtok_r(flags, ",", &save); f;
             f = strtok_r(NULL, ",", &save))
            json_array_append_new(flag_list, json_string(f));
        json_array_append_new(
            tokens,
            json_pack("{s:o,s:i,s:i,s:i,s:i,s:s,s:s,s:o}", "text",
                      json_slice(text, tok[i].start, tok[i].end), "start",
                      (json_int_t)tok[i].start, "end", (json_int_t)tok[i].end,
                      "position", (json_int_t)tok[i].position, "sentence",
                      (json_int_t)tok[i].sentence, "norm", tok[i].norm,
                      "term", tok[i].term, "flags", flag_list));
    }
    const dossier_mention *m = dossier_analysis_mentions(res);
    for (size_t i = 0; i < dossier_analysis_mention_count(res); i++) {
        json_t *e = json_pack(
            "{s:s,s:s,s:s,s:o,s:i,s:i,s:b}", "id", m[i].entity->id, "type",
            dossier_entity_type_name(m[i].entity->type), "name",
            m[i].entity->name, "text", json_slice(text, m[i].start, m[i].end),
            "start", (json_int_t)m[i].start, "end", (json_int_t)m[i].end,
            "learned", (m[i].flags & DOSSIER_MENTION_LEARNED) != 0);
        if (m[i].alias)
            json_object_set_new(e, "alias", json_string(m[i].alias));
        json_array_append_new(entities, e);
    }
    const dossier_sentence *s = dossier_analysis_sentences(res);
    for (size_t i = 0; i < dossier_analysis_sentence_count(res); i++)
        json_array_append_new(sentences,
                              json_pack("{s:i,s:i}", "start",
                                        (json_int_t)s[i].start, "end",
                                        (json_int_t)s[i].end));
    json_object_set_new(root, "language", json_string(lang));
    json_object_set_new(root, "analyzer",
                        json_string(DOSSIER_ANALYZER_VERSION));
    json_object_set_new(root, "tokens", tokens);
    json_object_set_new(root, "entities", entities);
    json_object_set_new(root, "sentences", sentences);
    int rc = json_dumpf(root, out, JSON_INDENT(1) | JSON_ENSURE_ASCII);
    fputc('\n', out);
    json_decref(root);
    return rc == 0 ? DOSSIER_OK : DOSSIER_ERR_IO;
}

int analyze_command(const char *program, FILE *in, FILE *out,
                    const dossier_gazetteer *gaz, const char *lang,
                    int is_json, size_t max_bytes)
{
    size_t len = 0;
    char *text = NULL;
    int fd = dup(fileno(in));
    gzFile gz = fd >= 0 ? gzdopen(fd, "rb") : NULL;
    if (gz == NULL && fd >= 0)
        close(fd);
    if (gz != NULL) {
        text = input_read_rest(gz, NULL, 0, max_bytes, &len);
        int saved = errno;
        gzclose(gz);
        errno = saved;
    }
    if (text == NULL) {
        escape_message(stderr, "%s: standard input: %s", program,
                errno == EFBIG ? "larger than the article size cap"
                               : strerror(errno));
        return 2;
    }
    dossier_analyzer *an = NULL;
    dossier_analysis *res = NULL;
    int status = 0;
    if (dossier_analyzer_new(gaz, &an) != DOSSIER_OK ||
        dossier_analysis_new(&res) != DOSSIER_OK) {
        escape_message(stderr, "%s: out of memory", program);
        status = 2;
        goto done;
    }
    /* As an article: the language given, unless the text is clearly in
     * another, and the text's own when none is given. */
    lang = dossier_language_choose(lang, text, len);
    dossier_status st = dossier_analyze(an, text, len, lang, res);
    if (st == DOSSIER_ERR_LANGUAGE) {
        escape_message(stderr,
                       "%s: no stemmer for language \"%s\"; words are left "
                       "unstemmed",
                       program, lang);
    } else if (st != DOSSIER_OK) {
        escape_message(stderr, "%s: standard input: %s", program,
                dossier_status_to_string(st));
        status = 2;
        goto done;
    }
    if (is_json) {
        if (print_json(out, text, lang, res) != DOSSIER_OK) {
            escape_message(stderr, "%s: cannot write JSON", program);
            status = 2;
        }
    } else {
        print_text(out, text, res);
    }
done:
    dossier_analysis_free(res);
    dossier_analyzer_free(an);
    free(text);
    return status;
}
