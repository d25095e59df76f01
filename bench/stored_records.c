/*
 * stored_records.c: prints the stored record of every document of an
 * index as JSON Lines, in document id order, each with its document id
 * added as "docid".  The feed conformance runner (conformance.py) reads
 * what Dossier kept of each article this way: the record as stored in
 * the document's data, every key of it (also keys that
 * dossier-search --show does not print), not what a reader produced.
 *
 *   stored_records INDEX > records.jsonl
 *
 * Exit status: 0; 2 when the index cannot be opened or read, or a
 * document's data is not a JSON object.
 */
#include <jansson.h>
#include <stdio.h>

#include "xapian-c.h"

/* Prints document DOCID's record as one line.  Returns 0, 1 when there
 * is no such document (deleted), or -1 with a message on stderr. */
static int print_record(xc_db *db, const char *path, xc_docid docid)
{
    xc_doc *doc = NULL;
    char *data = NULL;
    size_t len = 0;
    json_t *record = NULL;
    int rc = -1;

    xc_status st = xc_db_get_document(db, docid, &doc);
    if (st == XC_STATUS_NOT_FOUND) {
        rc = 1;
        goto done;
    }
    if (st == XC_STATUS_SUCCESS)
        st = xc_doc_get_data(doc, &data, &len);
    if (st != XC_STATUS_SUCCESS) {
        fprintf(stderr, "stored_records: %s: document %u: %s: %s\n", path,
                docid, xc_status_to_string(st),
                doc ? xc_doc_last_error(doc) : xc_db_last_error(db));
        goto done;
    }
    json_error_t error;
    record = json_loadb(data, len, 0, &error);
    if (!json_is_object(record)) {
        fprintf(stderr, "stored_records: %s: document %u: no JSON record: "
                "%s\n", path, docid, record ? "not an object" : error.text);
        goto done;
    }
    /* JSON_COMPACT escapes newlines inside strings: one record a line. */
    if (json_object_set_new(record, "docid", json_integer(docid)) != 0 ||
        json_dumpf(record, stdout, JSON_COMPACT) != 0 ||
        putchar('\n') == EOF) {
        fprintf(stderr, "stored_records: cannot write document %u\n", docid);
        goto done;
    }
    rc = 0;
done:
    json_decref(record);
    xc_free(data);
    xc_doc_destroy(doc);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: stored_records INDEX\n");
        return 2;
    }
    const char *path = argv[1];
    xc_db *db = NULL;
    xc_status st = xc_db_open_readonly(path, &db);
    if (st != XC_STATUS_SUCCESS) {
        fprintf(stderr, "stored_records: %s: %s: %s\n", path,
                xc_status_to_string(st), xc_thread_last_error());
        return 2;
    }
    int status = 0;
    xc_docid last = 0;
    st = xc_db_last_docid(db, &last);
    if (st != XC_STATUS_SUCCESS) {
        fprintf(stderr, "stored_records: %s: %s: %s\n", path,
                xc_status_to_string(st), xc_db_last_error(db));
        status = 2;
    }
    for (xc_docid docid = 1; status == 0 && docid <= last; docid++)
        if (print_record(db, path, docid) < 0)
            status = 2;
    if (fflush(stdout) != 0)
        status = 2;
    xc_db_destroy(db);
    return status;
}
