/*
 * record_json.c: the stored record, through jansson.
 */
#include "dossier/record_json.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/date.h"
#include "dossier/gazetteer.h"
#include "dossier/utf8.h"

/* Jansson refuses invalid UTF-8; readers may hand us some. */
static json_t *utf8_string(const char *s)
{
    json_t *j = json_string(s);
    if (j != NULL)
        return j;
    size_t len;
    char *fixed = dossier_utf8_repair(s, strlen(s), &len);
    if (fixed == NULL)
        return NULL;
    j = json_stringn(fixed, len);
    free(fixed);
    return j;
}

static int set_string(json_t *obj, const char *key, const char *value)
{
    if (value == NULL)
        return 0;
    json_t *s = utf8_string(value);
    return s ? json_object_set_new(obj, key, s) : -1;
}

static int add_mentions(json_t *list, const dossier_analysis *res,
                        const char *field)
{
    if (res == NULL)
        return 0;
    const dossier_mention *m = dossier_analysis_mentions(res);
    for (size_t i = 0; i < dossier_analysis_mention_count(res); i++) {
        json_t *e = json_pack("{s:s,s:s,s:s,s:I,s:I}", "id", m[i].entity->id,
                              "type",
                              dossier_entity_type_name(m[i].entity->type),
                              "field", field, "start",
                              (json_int_t)m[i].start, "end",
                              (json_int_t)m[i].end);
        if (e == NULL || json_array_append_new(list, e) != 0)
            return -1;
    }
    return 0;
}

char *dossier_record_to_json(const dossier_article *a,
                             const char *canonical_url,
                             const dossier_analysis *title,
                             const dossier_analysis *body, size_t *len)
{
    json_t *obj = json_object();
    json_t *entities = json_array();
    char *out = NULL;
    if (obj == NULL || entities == NULL)
        goto done;
    if (set_string(obj, "id", a->id) || set_string(obj, "url",
                                                  canonical_url ? canonical_url
                                                                : a->url) ||
        set_string(obj, "title", a->title ? a->title : "") ||
        set_string(obj, "body", a->body ? a->body : "") ||
        set_string(obj, "source", a->source) ||
        set_string(obj, "lang", a->lang) ||
        set_string(obj, "category", a->category))
        goto done;
    if (a->has_published) {
        char date[32];
        dossier_format_date(a->published, date);
        if (set_string(obj, "published", date))
            goto done;
    }
    if (add_mentions(entities, title, "title") ||
        add_mentions(entities, body, "body"))
        goto done;
    if (json_object_set(obj, "entities", entities) != 0)
        goto done;
    out = json_dumps(obj, JSON_COMPACT);
    if (out && len)
        *len = strlen(out);
done:
    json_decref(entities);
    json_decref(obj);
    return out;
}

static int copy_field(json_t *obj, const char *key, char **field)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_string(v))
        return 0;
    return dossier_article_set(field, json_string_value(v),
                               json_string_length(v));
}

int dossier_record_from_json(const char *json, size_t len,
                             dossier_article *out)
{
    dossier_article_clear(out);
    json_t *obj = json_loadb(json, len, 0, NULL);
    if (!json_is_object(obj)) {
        json_decref(obj);
        return -1;
    }
    int rc = copy_field(obj, "id", &out->id) | copy_field(obj, "url", &out->url) |
             copy_field(obj, "title", &out->title) |
             copy_field(obj, "body", &out->body) |
             copy_field(obj, "source", &out->source) |
             copy_field(obj, "lang", &out->lang) |
             copy_field(obj, "category", &out->category);
    json_t *published = json_object_get(obj, "published");
    if (json_is_string(published) &&
        dossier_parse_date(json_string_value(published), &out->published) == 0)
        out->has_published = 1;
    json_decref(obj);
    if (rc != 0) {
        dossier_article_clear(out);
        return -1;
    }
    return 0;
}
