/*
 * export.c: every article a query matches, not a page of hits: for
 * --count, --ids, --format csv and jsonl, and the page's downloads.
 *
 * One match set holds them all, taken from one commit of the index, so
 * that rows are neither repeated nor lost when a writer commits during
 * the export (pages of a match run again would shift under it).  Its
 * items cost some tens of bytes each: 60 MB for 690,000 matches.
 */
#include <stdlib.h>
#include <string.h>

#include "dossier/record_json.h"
#include "dossier/schema.h"
#include "search_internal.h"

/* Reopen-and-retry rounds when a writer overtakes us before the first
 * row. */
#define EXPORT_RETRIES 3

/* The entity ids of DOC's facet value into ROW (a pointer into *VALUE,
 * which the caller frees with xc_free). */
static void read_entities(xc_doc *doc, char **value, export_row *row)
{
    size_t len = 0;
    row->entities = "";
    row->entities_len = 0;
    if (xc_doc_get_value(doc, DOSSIER_SLOT_FACETS, value, &len) !=
            XC_STATUS_SUCCESS ||
        *value == NULL)
        return;
    const char *field = *value, *end = *value + len;
    for (int f = 0; f < DOSSIER_FACET_ENTITIES && field; f++) {
        field = memchr(field, '\x1e', (size_t)(end - field));
        if (field)
            field++;
    }
    if (field == NULL)
        return;
    const char *stop = memchr(field, '\x1e', (size_t)(end - field));
    row->entities = field;
    row->entities_len = (size_t)((stop ? stop : end) - field);
}

/* Reads hit I of M (of TOTAL matches) and hands it to SINK.  Returns
 * DOSSIER_OK; DOSSIER_ERR_IO when SINK refused it; DOSSIER_ERR_MODIFIED or
 * another error with ERR. */
static dossier_status emit(searcher *s, xc_mset *m, uint32_t i,
                           uint32_t total, export_sink sink, void *arg,
                           dossier_error *err)
{
    xc_doc *doc = NULL;
    char *data = NULL, *facets = NULL;
    size_t len = 0;
    xc_status st = xc_mset_document(m, i, &doc);
    if (st == XC_STATUS_SUCCESS)
        st = xc_doc_get_data(doc, &data, &len);
    if (st != XC_STATUS_SUCCESS) {
        dossier_status rc = search_read_failed(
            s->path, st, doc ? xc_doc_last_error(doc) : xc_mset_last_error(m),
            err, "cannot read document %u", (unsigned)xc_mset_docid(m, i));
        xc_doc_destroy(doc);
        return rc;
    }
    dossier_article record = {0};
    export_row row = {.record = &record, .score = xc_mset_weight(m, i),
                      .total = total};
    if (dossier_record_from_json(data, len, &record) != DOSSIER_OK) {
        /* Not ours: the row says so rather than vanish. */
        memset(&record, 0, sizeof record);
        dossier_article_set(&record.title, "(unreadable record)", 19);
    }
    xc_free(data);
    read_entities(doc, &facets, &row);
    int refused = sink(&row, arg);
    xc_free(facets);
    xc_doc_destroy(doc);
    dossier_article_clear(&record);
    return refused ? DOSSIER_ERR_IO : DOSSIER_OK;
}

/* Matches BUILT over S's commit in OPTS's order and hands each, up to
 * MAX_ROWS (0: all), to SINK (NULL: count only, unweighted).  *ROWS: rows
 * handed over; *TOTAL: every match, exactly, or with CHECK (> 0) at least
 * CHECK when as many match. */
static dossier_status export_once(searcher *s, const built_query *built,
                                  const search_options *opts,
                                  uint32_t max_rows, uint32_t check,
                                  export_sink sink, void *arg,
                                  uint32_t *rows, uint32_t *total,
                                  dossier_error *err)
{
    uint32_t docs = 0;
    xc_enquire *enq = NULL;
    xc_mset *m = NULL;
    dossier_status rc = DOSSIER_OK;
    xc_status st = xc_db_doc_count(s->db, &docs);
    if (st == XC_STATUS_SUCCESS)
        st = xc_enquire_new(s->db, &enq);
    if (st == XC_STATUS_SUCCESS)
        st = xc_enquire_set_query(enq, built->query,
                                  (uint32_t)built->n_words);
    if (st == XC_STATUS_SUCCESS)
        st = sink ? search_set_ranking(enq, opts)
                  : xc_enquire_set_bool_weight(enq);
    if (st == XC_STATUS_SUCCESS && sink &&
        (opts->sort == SORT_DATE || opts->sort == SORT_DATE_ASC))
        st = xc_enquire_set_sort(enq, XC_SORT_VALUE_THEN_RELEVANCE,
                                 DOSSIER_SLOT_PUBLISHED,
                                 opts->sort == SORT_DATE);
    if (st == XC_STATUS_SUCCESS) {
        uint32_t want = sink == NULL ? 0 : max_rows ? max_rows : docs;
        /* Looking at every document counts every match. */
        st = xc_enquire_get_mset(enq, 0, want, check ? check : docs, NULL,
                                 &m);
    }
    if (st != XC_STATUS_SUCCESS) {
        rc = search_read_failed(s->path, st,
                                enq ? xc_enquire_last_error(enq)
                                    : xc_db_last_error(s->db),
                                err, "cannot export");
        goto done;
    }
    *total = xc_mset_matches_lower_bound(m);
    uint32_t n = xc_mset_size(m);
    for (uint32_t i = 0; i < n && rc == DOSSIER_OK; i++) {
        rc = emit(s, m, i, *total, sink, arg, err);
        if (rc == DOSSIER_OK)
            (*rows)++;
    }
done:
    xc_mset_destroy(m);
    xc_enquire_destroy(enq);
    return rc;
}

dossier_status searcher_export(searcher *s, const char *query, size_t len,
                               const search_options *opts, uint32_t max_rows,
                               export_sink sink, void *arg,
                               search_result *out, uint32_t *rows,
                               uint32_t *total, dossier_error *err)
{
    memset(out, 0, sizeof *out);
    *rows = *total = 0;
    built_query counting = {0};
    dossier_status rc = search_prepare(s, query, len, opts, out, &counting,
                                       err);
    if (rc == DOSSIER_REFUSED)
        return rc;
    /* Rows are ranked by the query with its boosts, which match what
     * COUNTING matches; a count alone needs no weights. */
    const built_query *built = sink ? &out->built : &counting;
    for (int attempt = 0; rc == DOSSIER_OK; attempt++) {
        rc = export_once(s, built, opts, max_rows, 0, sink, arg, rows, total,
                         err);
        /* Rows already out cannot be taken back: a retry would repeat
         * them. */
        if (rc == DOSSIER_OK || *rows > 0)
            break;
        if (attempt == EXPORT_RETRIES) {
            if (rc == DOSSIER_ERR_MODIFIED)
                rc = dossier_fail(err, DOSSIER_ERR_INDEX,
                                  "the index changed during %d attempts",
                                  EXPORT_RETRIES + 1);
            break;
        }
        rc = search_recover(s, rc, err);
    }
    if (rc == DOSSIER_OK)
        archive_note(s, out);
    if (rc == DOSSIER_ERR_MODIFIED)
        rc = dossier_fail(err, DOSSIER_ERR_INDEX,
                          "the index changed after %u rows; they are from "
                          "the commit before, the rest are not written: "
                          "export again",
                          (unsigned)*rows);
    built_query_free(&counting);
    if (rc == DOSSIER_ERR_NOMEM)
        return dossier_fail(err, rc, "out of memory");
    return rc;
}

uint32_t search_count_at_least(searcher *s, const char *query, size_t len,
                               const search_options *opts, uint32_t need)
{
    search_result r;
    memset(&r, 0, sizeof r);
    built_query counting = {0};
    uint32_t rows = 0, total = 0;
    if (search_prepare(s, query, len, opts, &r, &counting, NULL) ==
            DOSSIER_OK &&
        export_once(s, &counting, opts, 0, need, NULL, NULL, &rows, &total,
                    NULL) != DOSSIER_OK)
        total = 0;
    built_query_free(&counting);
    search_result_free(&r);
    return total;
}
