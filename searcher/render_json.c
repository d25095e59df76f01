/*
 * render_json.c: results for programs, through jansson, always valid
 * UTF-8.  The document is described in dossier-search(1).
 */
#include "render.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/date.h"
#include "dossier/utf8.h"

static json_t *str(const char *s, size_t len)
{
    json_t *j = json_stringn(s, len);
    if (j)
        return j;
    char *fixed = dossier_utf8_repair(s, len, &len);
    if (fixed == NULL)
        return json_null();
    j = json_stringn(fixed, len);
    free(fixed);
    return j ? j : json_null();
}

static json_t *cstr(const char *s)
{
    return s ? str(s, strlen(s)) : json_null();
}

static json_t *segments(const char *text, const snippet *sn)
{
    json_t *list = json_array();
    for (size_t i = 0; i < sn->n_segments; i++) {
        const segment *g = &sn->segments[i];
        json_t *seg = json_object();
        static const char *const names[] = {"text", "match", "entity",
                                            "ellipsis"};
        json_object_set_new(seg, "type", json_string(names[g->type]));
        if (g->type != SEG_ELLIPSIS)
            json_object_set_new(seg, "text",
                                str(text + g->start, g->end - g->start));
        else
            json_object_set_new(seg, "text", json_string("…"));
        if (g->type == SEG_ENTITY) {
            json_object_set_new(seg, "entity", json_string(g->entity->id));
            json_object_set_new(
                seg, "entity_type",
                json_string(dossier_entity_type_name(g->entity->type)));
            json_object_set_new(seg, "name", cstr(g->entity->name));
            json_object_set_new(seg, "match", json_boolean(g->is_match));
        }
        json_array_append_new(list, seg);
    }
    return list;
}

static void set_article(json_t *obj, const dossier_article *a)
{
    json_object_set_new(obj, "id", cstr(a->id));
    json_object_set_new(obj, "url", cstr(a->url));
    json_object_set_new(obj, "title", cstr(a->title ? a->title : ""));
    json_object_set_new(obj, "source", cstr(a->source));
    json_object_set_new(obj, "author", cstr(a->author));
    if (a->has_published) {
        char date[32];
        dossier_format_date(a->published, date);
        json_object_set_new(obj, "published", json_string(date));
    } else {
        json_object_set_new(obj, "published", json_null());
    }
    json_object_set_new(obj, "lang", cstr(a->lang));
    json_object_set_new(obj, "category", cstr(a->category));
}

static json_t *facet_array(const facet_list *f, const char *key)
{
    json_t *list = json_array();
    for (size_t i = 0; i < f->n; i++)
        json_array_append_new(list, json_pack("{s:o,s:I}", key,
                                              cstr(f->items[i].value),
                                              "count",
                                              (json_int_t)f->items[i].count));
    return list;
}

/* The title's segments of H, and its body's under BODY_KEY. */
static void set_segments(json_t *obj, const char *body_key,
                         const search_hit *h)
{
    json_object_set_new(obj, "title_segments",
                        segments(h->record.title ? h->record.title : "",
                                 &h->title));
    json_object_set_new(obj, body_key,
                        segments(h->record.body ? h->record.body : "",
                                 &h->body));
}

char *render_json(const search_result *r, const char *query, size_t offset,
                  double elapsed_ms)
{
    json_t *root = json_object();
    json_object_set_new(root, "query", cstr(query));
    char tree[4096];
    query_describe(r->parsed.root, tree, sizeof tree);
    json_object_set_new(root, "parsed", cstr(tree));
    json_object_set_new(root, "xapian_query", cstr(r->query_description));
    json_t *warnings = json_array();
    for (size_t i = 0; i < r->parsed.n_warnings; i++)
        json_array_append_new(
            warnings, json_pack("{s:I,s:o,s:b}", "position",
                                (json_int_t)r->parsed.warnings[i].position,
                                "message", cstr(r->parsed.warnings[i].message),
                                "error", r->parsed.warnings[i].is_error));
    /* Shards of an archive that did not answer: a warning of the search,
     * not of a position in the query. */
    if (r->shard_warning[0])
        json_array_append_new(
            warnings, json_pack("{s:o,s:b,s:b}", "message",
                                cstr(r->shard_warning), "error", 0,
                                "shards_missing", 1));
    json_object_set_new(root, "warnings", warnings);
    if (r->version_warning[0])
        json_object_set_new(root, "index_warning", cstr(r->version_warning));
    /* False when the time limit cut the search short (deadline_warning
     * says what is missing) or shards did not answer (shard_warning). */
    json_object_set_new(root, "complete",
                        json_boolean(r->deadline_warning[0] == '\0' &&
                                     r->shard_warning[0] == '\0'));
    if (r->shard_warning[0])
        json_object_set_new(root, "shard_warning", cstr(r->shard_warning));
    if (r->deadline_warning[0])
        json_object_set_new(root, "deadline_warning",
                            cstr(r->deadline_warning));
    json_object_set_new(root, "refused", json_boolean(r->is_refused));
    json_object_set_new(root, "suggestion", cstr(r->suggestion));
    /* When the query as typed found nothing and its suggestion ran. */
    json_object_set_new(root, "corrected_from", cstr(r->corrected_from));
    /* Exact, or (when *_exact is false) a lower bound: more than total - 1
     * match.  The text and the page say the same numbers. */
    json_object_set_new(root, "total", json_integer(r->total));
    json_object_set_new(root, "total_exact", json_boolean(r->is_total_exact));
    json_object_set_new(root, "stories", json_integer(r->stories));
    json_object_set_new(root, "stories_exact",
                        json_boolean(r->is_stories_exact));
    json_object_set_new(root, "offset", json_integer((json_int_t)offset));
    json_t *hits = json_array();
    for (size_t i = 0; i < r->n_hits; i++) {
        const search_hit *h = &r->hits[i];
        json_t *hit = json_object();
        json_object_set_new(hit, "rank", json_integer(h->rank + 1));
        set_article(hit, &h->record);
        json_object_set_new(hit, "score", json_real(h->weight));
        json_object_set_new(hit, "percent", json_integer(h->percent));
        json_object_set_new(hit, "collapse_count",
                            json_integer(h->collapse_count));
        set_segments(hit, "snippet", h);
        json_array_append_new(hits, hit);
    }
    json_object_set_new(root, "hits", hits);
    if (r->sources.n + r->entities.n + r->months.n > 0) {
        json_t *facets = json_object();
        json_object_set_new(facets, "counted_documents",
                            json_integer(r->facet_docs));
        json_object_set_new(facets, "counted_all",
                            json_boolean(r->is_total_exact &&
                                         r->facet_docs >= r->total));
        json_object_set_new(facets, "sources",
                            facet_array(&r->sources, "source"));
        json_object_set_new(facets, "months", facet_array(&r->months, "month"));
        json_object_set_new(facets, "years", facet_array(&r->years, "year"));
        json_t *by_type = json_object();
        for (size_t i = 0; i < r->entities.n; i++) {
            const facet_count *c = &r->entities.items[i];
            const char *type = dossier_entity_type_name(c->entity->type);
            json_t *list = json_object_get(by_type, type);
            if (list == NULL) {
                list = json_array();
                json_object_set_new(by_type, type, list);
            }
            json_array_append_new(list,
                                  json_pack("{s:s,s:o,s:I}", "id",
                                            c->entity->id, "name",
                                            cstr(c->entity->name), "count",
                                            (json_int_t)c->count));
        }
        json_object_set_new(facets, "entities", by_type);
        json_object_set_new(root, "facets", facets);
    }
    json_object_set_new(root, "elapsed_ms", json_real(elapsed_ms));
    char *out = json_dumps(root, JSON_INDENT(1) | JSON_ENSURE_ASCII);
    json_decref(root);
    return out;
}

char *render_json_article(const search_hit *h, const search_result *copies)
{
    json_t *root = json_object();
    set_article(root, &h->record);
    json_object_set_new(root, "body", cstr(h->record.body ? h->record.body
                                                          : ""));
    set_segments(root, "body_segments", h);
    /* The other articles of its story, oldest first. */
    json_t *list = json_array();
    for (size_t i = 0; copies && i < copies->n_hits; i++) {
        json_t *c = json_object();
        set_article(c, &copies->hits[i].record);
        json_array_append_new(list, c);
    }
    json_object_set_new(root, "copies", list);
    json_object_set_new(root, "copies_complete",
                        json_boolean(copies == NULL || copies->is_total_exact ||
                                     copies->n_hits == 0));
    char *out = json_dumps(root, JSON_INDENT(1) | JSON_ENSURE_ASCII);
    json_decref(root);
    return out;
}

/* A dated mention of a profile, or null. */
static json_t *mention(const search_hit *h, int has)
{
    if (!has)
        return json_null();
    json_t *obj = json_object();
    set_article(obj, &h->record);
    return obj;
}

char *render_json_profile(const entity_profile *p,
                          const dossier_gazetteer *gaz, double elapsed_ms)
{
    const dossier_entity *e = p->entity;
    const search_result *r = &p->result;
    json_t *root = json_object();
    json_t *entity = json_pack("{s:s,s:o,s:s}", "id", e->id, "name",
                               cstr(e->name), "type",
                               dossier_entity_type_name(e->type));
    const char *names[256];
    int ambiguous[256];
    size_t n = dossier_gazetteer_names(gaz, e, names, ambiguous, 256);
    json_t *list = json_array();
    for (size_t i = 0; i < n && i < 256; i++)
        json_array_append_new(list, json_pack("{s:o,s:b}", "name",
                                              cstr(names[i]), "ambiguous",
                                              ambiguous[i]));
    json_object_set_new(entity, "names", list);
    json_object_set_new(root, "entity", entity);
    json_t *warnings = json_array();
    for (size_t i = 0; i < r->parsed.n_warnings; i++)
        json_array_append_new(
            warnings, json_pack("{s:I,s:o}", "position",
                                (json_int_t)r->parsed.warnings[i].position,
                                "message", cstr(r->parsed.warnings[i].message)));
    if (r->shard_warning[0])
        json_array_append_new(
            warnings, json_pack("{s:o,s:b}", "message",
                                cstr(r->shard_warning), "shards_missing", 1));
    json_object_set_new(root, "warnings", warnings);
    if (r->version_warning[0])
        json_object_set_new(root, "index_warning", cstr(r->version_warning));
    if (r->shard_warning[0])
        json_object_set_new(root, "shard_warning", cstr(r->shard_warning));
    json_object_set_new(root, "total", json_integer(p->total));
    /* Whether the counts per year, month, source and entity cover every
     * article (else the first counted_documents). */
    json_object_set_new(root, "counts_exact", json_boolean(p->is_exact));
    json_object_set_new(root, "counted_documents",
                        json_integer(r->facet_docs));
    json_object_set_new(root, "first", mention(&p->first, p->has_first));
    json_object_set_new(root, "last", mention(&p->last, p->has_last));
    uint32_t dated = 0;
    for (size_t i = 0; i < r->months.n; i++)
        dated += r->months.items[i].count;
    json_object_set_new(root, "undated",
                        p->total >= dated ? json_integer(p->total - dated)
                                          : json_integer(0));
    json_object_set_new(root, "years", facet_array(&r->years, "year"));
    json_object_set_new(root, "months", facet_array(&r->months, "month"));
    json_object_set_new(root, "sources", facet_array(&r->sources, "source"));
    json_t *with = json_array();
    for (size_t i = 0; i < r->entities.n; i++) {
        const facet_count *c = &r->entities.items[i];
        if (c->entity == e)
            continue;
        json_array_append_new(
            with, json_pack("{s:s,s:o,s:s,s:I}", "id", c->entity->id, "name",
                            cstr(c->entity->name), "type",
                            dossier_entity_type_name(c->entity->type),
                            "count", (json_int_t)c->count));
    }
    json_object_set_new(root, "mentioned_with", with);
    json_object_set_new(root, "elapsed_ms", json_real(elapsed_ms));
    char *out = json_dumps(root, JSON_INDENT(1) | JSON_ENSURE_ASCII);
    json_decref(root);
    return out;
}
