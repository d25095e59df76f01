/*
 * database.cc: opening, writing, statistics, metadata, spelling, synonyms
 * and compaction.
 */
#include "internal.h"

#include <cstring>

#include <new>

namespace {

int writable_flags(int mode)
{
    int extra = (mode & XC_DB_NO_SYNC) ? Xapian::DB_NO_SYNC : 0;
    switch (mode & ~XC_DB_NO_SYNC) {
    case XC_DB_CREATE_OR_OPEN: return Xapian::DB_CREATE_OR_OPEN | extra;
    case XC_DB_CREATE: return Xapian::DB_CREATE | extra;
    case XC_DB_CREATE_OR_OVERWRITE:
        return Xapian::DB_CREATE_OR_OVERWRITE | extra;
    case XC_DB_OPEN: return Xapian::DB_OPEN | extra;
    }
    return -1;
}

/* Guards for the calls that need a writer. */
#define XC_NEED_DB(db)                                                   \
    do {                                                                 \
        if ((db) == nullptr)                                             \
            return XC_STATUS_INVALID_ARGUMENT;                           \
    } while (0)
#define XC_NEED_WRITER(db)                                               \
    do {                                                                 \
        XC_NEED_DB(db);                                                  \
        XC_CHECK_ARG((db)->is_writable, (db)->last_error,                \
                     "database was opened read-only");                   \
    } while (0)

} // namespace

void xc_term_freqs_of(const Xapian::Database &db,
                      const std::vector<std::string> &terms,
                      std::vector<Xapian::doccount> &freqs)
{
    freqs.assign(terms.size(), 0);
    if (db.size() <= 1) {
        for (size_t i = 0; i < terms.size(); i++)
            freqs[i] = db.get_termfreq(terms[i]);
        return;
    }
    std::vector<Xapian::Query> leaves;
    leaves.reserve(terms.size());
    for (const std::string &t : terms)
        if (!t.empty())
            leaves.emplace_back(t);
    if (leaves.empty())
        return;
    Xapian::Enquire stats(db);
    stats.set_query(
        Xapian::Query(Xapian::Query::OP_OR, leaves.begin(), leaves.end()));
    stats.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::MSet m = stats.get_mset(0, 0);
    for (size_t i = 0; i < terms.size(); i++)
        if (!terms[i].empty())
            freqs[i] = m.get_termfreq(terms[i]);
}

extern "C" {

xc_status xc_db_open_readonly(const char *path, xc_db **out)
{
    if (out == nullptr)
        return xc_fail_thread(XC_STATUS_INVALID_ARGUMENT, "out is NULL");
    *out = nullptr;
    if (path == nullptr || *path == '\0')
        return xc_fail_thread(XC_STATUS_INVALID_ARGUMENT, "empty path");
    XC_GUARD_THREAD({
        std::unique_ptr<xc_db> db(new xc_db);
        db->db = Xapian::Database(path);
        *out = db.release();
    });
    return XC_STATUS_SUCCESS;
}

xc_status xc_db_open_remote_tcp(const char *host, unsigned port,
                                unsigned timeout_ms, xc_db **out)
{
    if (out == nullptr)
        return xc_fail_thread(XC_STATUS_INVALID_ARGUMENT, "out is NULL");
    *out = nullptr;
    if (host == nullptr || *host == '\0' || port == 0 || port > 65535)
        return xc_fail_thread(XC_STATUS_INVALID_ARGUMENT,
                              "remote database needs a host and a port");
    XC_GUARD_THREAD({
        std::unique_ptr<xc_db> db(new xc_db);
        unsigned t = timeout_ms ? timeout_ms : 10000;
        db->db = Xapian::Remote::open(host, port, t, t);
        db->is_remote = true;
        *out = db.release();
    });
    return XC_STATUS_SUCCESS;
}

xc_status xc_db_open_writable(const char *path, xc_db_mode mode, xc_db **out)
{
    if (out == nullptr)
        return xc_fail_thread(XC_STATUS_INVALID_ARGUMENT, "out is NULL");
    *out = nullptr;
    if (path == nullptr || *path == '\0')
        return xc_fail_thread(XC_STATUS_INVALID_ARGUMENT, "empty path");
    int flags = writable_flags(mode);
    if (flags < 0)
        return xc_fail_thread(XC_STATUS_INVALID_ARGUMENT, "unknown mode");
    XC_GUARD_THREAD({
        std::unique_ptr<xc_db> db(new xc_db);
        db->wdb = Xapian::WritableDatabase(path, flags);
        db->db = db->wdb;
        db->is_writable = true;
        *out = db.release();
    });
    return XC_STATUS_SUCCESS;
}

xc_status xc_db_add_shard(xc_db *db, const xc_db *other)
{
    XC_NEED_DB(db);
    XC_CHECK_ARG(other != nullptr, db->last_error, "no shard given");
    XC_CHECK_ARG(!db->is_writable, db->last_error,
                 "shards can only be added to a read-only handle");
    XC_GUARD(db->last_error, {
        // The parts are known while every database joined is one.
        size_t n = db->db.size();
        bool is_known =
            db->parts.size() == n || (n == 1 && db->parts.empty());
        if (is_known && n == 1 && db->parts.empty())
            db->parts.push_back({db->db, db->is_remote});
        db->db.add_database(other->db);
        if (is_known && other->db.size() == 1)
            db->parts.push_back({other->db, other->is_remote});
        else
            db->parts.clear();
    });
    return XC_STATUS_SUCCESS;
}

void xc_db_destroy(xc_db *db)
{
    /* Xapian's destructors commit a writer and do not throw, but stay on
     * the safe side: nothing may escape into C. */
    try {
        delete db;
    } catch (...) {
    }
}

xc_status xc_db_close(xc_db *db)
{
    XC_NEED_DB(db);
    XC_GUARD(db->last_error, {
        if (db->is_writable)
            db->wdb.close();
        else
            db->db.close();
    });
    return XC_STATUS_SUCCESS;
}

const char *xc_db_last_error(const xc_db *db)
{
    return db ? db->last_error.c_str() : "no database";
}

xc_status xc_db_reopen(xc_db *db, int *changed)
{
    XC_NEED_DB(db);
    XC_GUARD(db->last_error, {
        bool is_changed = db->db.reopen();
        if (changed)
            *changed = is_changed ? 1 : 0;
    });
    return XC_STATUS_SUCCESS;
}

xc_status xc_db_add_document(xc_db *db, const xc_doc *doc, xc_docid *docid)
{
    XC_NEED_WRITER(db);
    XC_CHECK_ARG(doc != nullptr, db->last_error, "no document given");
    XC_GUARD(db->last_error, {
        xc_docid id = db->wdb.add_document(doc->doc);
        if (docid)
            *docid = id;
    });
    return XC_STATUS_SUCCESS;
}

xc_status xc_db_replace_document_by_term(xc_db *db, const char *unique_term,
                                         const xc_doc *doc, xc_docid *docid)
{
    XC_NEED_WRITER(db);
    XC_CHECK_ARG(doc != nullptr, db->last_error, "no document given");
    XC_CHECK_ARG(unique_term != nullptr && *unique_term != '\0',
                 db->last_error, "empty unique term");
    XC_GUARD(db->last_error, {
        xc_docid id = db->wdb.replace_document(unique_term, doc->doc);
        if (docid)
            *docid = id;
    });
    return XC_STATUS_SUCCESS;
}

xc_status xc_db_replace_document(xc_db *db, xc_docid docid, const xc_doc *doc)
{
    XC_NEED_WRITER(db);
    XC_CHECK_ARG(doc != nullptr, db->last_error, "no document given");
    XC_CHECK_ARG(docid != 0, db->last_error, "document id 0");
    XC_GUARD(db->last_error, { db->wdb.replace_document(docid, doc->doc); });
    return XC_STATUS_SUCCESS;
}

xc_status xc_db_delete_document_by_term(xc_db *db, const char *unique_term,
                                        uint32_t *n_deleted)
{
    XC_NEED_WRITER(db);
    XC_CHECK_ARG(unique_term != nullptr && *unique_term != '\0',
                 db->last_error, "empty unique term");
    XC_GUARD(db->last_error, {
        uint32_t n = db->wdb.get_termfreq(unique_term);
        db->wdb.delete_document(unique_term);
        if (n_deleted)
            *n_deleted = n;
    });
    return XC_STATUS_SUCCESS;
}

xc_status xc_db_delete_document(xc_db *db, xc_docid docid)
{
    XC_NEED_WRITER(db);
    XC_CHECK_ARG(docid != 0, db->last_error, "document id 0");
    XC_GUARD(db->last_error, { db->wdb.delete_document(docid); });
    return XC_STATUS_SUCCESS;
}

xc_status xc_db_commit(xc_db *db)
{
    XC_NEED_WRITER(db);
    XC_GUARD(db->last_error, { db->wdb.commit(); });
    return XC_STATUS_SUCCESS;
}

xc_status xc_db_begin_transaction(xc_db *db, int is_flushed)
{
    XC_NEED_WRITER(db);
    XC_GUARD(db->last_error, { db->wdb.begin_transaction(is_flushed != 0); });
    return XC_STATUS_SUCCESS;
}

xc_status xc_db_commit_transaction(xc_db *db)
{
    XC_NEED_WRITER(db);
    XC_GUARD(db->last_error, { db->wdb.commit_transaction(); });
    return XC_STATUS_SUCCESS;
}

xc_status xc_db_cancel_transaction(xc_db *db)
{
    XC_NEED_WRITER(db);
    XC_GUARD(db->last_error, { db->wdb.cancel_transaction(); });
    return XC_STATUS_SUCCESS;
}

xc_status xc_db_doc_count(xc_db *db, uint32_t *count)
{
    XC_NEED_DB(db);
    XC_CHECK_ARG(count != nullptr, db->last_error, "count is NULL");
    *count = 0;
    XC_GUARD(db->last_error, { *count = db->db.get_doccount(); });
    return XC_STATUS_SUCCESS;
}

xc_status xc_db_last_docid(xc_db *db, xc_docid *docid)
{
    XC_NEED_DB(db);
    XC_CHECK_ARG(docid != nullptr, db->last_error, "docid is NULL");
    *docid = 0;
    XC_GUARD(db->last_error, { *docid = db->db.get_lastdocid(); });
    return XC_STATUS_SUCCESS;
}

xc_status xc_db_revision(xc_db *db, uint64_t *revision)
{
    XC_NEED_DB(db);
    XC_CHECK_ARG(revision != nullptr, db->last_error, "revision is NULL");
    *revision = 0;
    XC_GUARD(db->last_error, { *revision = db->db.get_revision(); });
    return XC_STATUS_SUCCESS;
}

xc_status xc_db_uuid(xc_db *db, char out[XC_UUID_SIZE])
{
    XC_NEED_DB(db);
    XC_CHECK_ARG(out != nullptr, db->last_error, "out is NULL");
    out[0] = '\0';
    XC_GUARD(db->last_error, {
        if (db->db.size() != 1)
            throw Xapian::InvalidOperationError(
                "a UUID belongs to one database");
        std::string uuid = db->db.get_uuid();
        if (uuid.empty() || uuid.size() >= XC_UUID_SIZE)
            throw Xapian::InvalidOperationError("no UUID");
        std::memcpy(out, uuid.c_str(), uuid.size() + 1);
    });
    return XC_STATUS_SUCCESS;
}

xc_status xc_db_avg_length(xc_db *db, double *avg_length)
{
    XC_NEED_DB(db);
    XC_CHECK_ARG(avg_length != nullptr, db->last_error, "avg_length is NULL");
    *avg_length = 0;
    XC_GUARD(db->last_error, { *avg_length = db->db.get_avlength(); });
    return XC_STATUS_SUCCESS;
}

xc_status xc_db_term_freq(xc_db *db, const char *term, uint32_t *freq)
{
    XC_NEED_DB(db);
    XC_CHECK_ARG(term != nullptr && freq != nullptr, db->last_error,
                 "term or freq is NULL");
    *freq = 0;
    XC_GUARD(db->last_error, { *freq = db->db.get_termfreq(term); });
    return XC_STATUS_SUCCESS;
}

xc_status xc_db_term_freqs(xc_db *db, const char *const *terms, size_t n,
                           uint32_t *freqs)
{
    XC_NEED_DB(db);
    XC_CHECK_ARG((terms != nullptr && freqs != nullptr) || n == 0,
                 db->last_error, "terms or freqs is NULL");
    for (size_t i = 0; i < n; i++) {
        XC_CHECK_ARG(terms[i] != nullptr, db->last_error, "a term is NULL");
        freqs[i] = 0;
    }
    XC_GUARD(db->last_error, {
        std::vector<std::string> list(terms, terms + n);
        std::vector<Xapian::doccount> found;
        xc_term_freqs_of(db->db, list, found);
        for (size_t i = 0; i < n; i++)
            freqs[i] = found[i];
    });
    return XC_STATUS_SUCCESS;
}

xc_status xc_db_collection_freq(xc_db *db, const char *term, uint64_t *freq)
{
    XC_NEED_DB(db);
    XC_CHECK_ARG(term != nullptr && freq != nullptr, db->last_error,
                 "term or freq is NULL");
    *freq = 0;
    XC_GUARD(db->last_error, { *freq = db->db.get_collection_freq(term); });
    return XC_STATUS_SUCCESS;
}

xc_status xc_db_get_metadata(xc_db *db, const char *key, char **value,
                             size_t *len)
{
    XC_NEED_DB(db);
    XC_CHECK_ARG(value != nullptr, db->last_error, "value is NULL");
    *value = nullptr;
    if (len)
        *len = 0;
    XC_CHECK_ARG(key != nullptr && *key != '\0', db->last_error,
                 "empty metadata key");
    XC_GUARD(db->last_error, {
        return xc_copy_out(db->db.get_metadata(key), value, len,
                           db->last_error);
    });
    return XC_STATUS_OTHER; /* not reached */
}

xc_status xc_db_set_metadata(xc_db *db, const char *key, const char *value,
                             size_t len)
{
    XC_NEED_WRITER(db);
    XC_CHECK_ARG(key != nullptr && *key != '\0', db->last_error,
                 "empty metadata key");
    XC_CHECK_ARG(value != nullptr || len == 0, db->last_error,
                 "value is NULL");
    XC_GUARD(db->last_error, {
        db->wdb.set_metadata(key, std::string(value ? value : "", len));
    });
    return XC_STATUS_SUCCESS;
}

xc_status xc_db_terms(xc_db *db, const char *prefix, xc_terms **out)
{
    XC_NEED_DB(db);
    XC_CHECK_ARG(out != nullptr, db->last_error, "out is NULL");
    *out = nullptr;
    XC_GUARD(db->last_error, {
        std::unique_ptr<xc_terms> terms(new xc_terms);
        std::string p = prefix ? prefix : "";
        terms->it = db->db.allterms_begin(p);
        terms->end = db->db.allterms_end(p);
        xc_terms_load_first(terms.get());
        *out = terms.release();
    });
    return XC_STATUS_SUCCESS;
}

xc_status xc_db_get_document(xc_db *db, xc_docid docid, xc_doc **out)
{
    XC_NEED_DB(db);
    XC_CHECK_ARG(out != nullptr, db->last_error, "out is NULL");
    *out = nullptr;
    XC_CHECK_ARG(docid != 0, db->last_error, "document id 0");
    XC_GUARD(db->last_error, {
        std::unique_ptr<xc_doc> doc(new xc_doc);
        doc->doc = db->db.get_document(docid);
        *out = doc.release();
    });
    return XC_STATUS_SUCCESS;
}

xc_status xc_db_add_spelling(xc_db *db, const char *word, uint32_t freq_inc)
{
    XC_NEED_WRITER(db);
    XC_CHECK_ARG(word != nullptr && *word != '\0', db->last_error,
                 "empty word");
    XC_GUARD(db->last_error, { db->wdb.add_spelling(word, freq_inc); });
    return XC_STATUS_SUCCESS;
}

xc_status xc_db_spelling_suggestion(xc_db *db, const char *word,
                                    unsigned max_edit_distance,
                                    char **suggestion)
{
    XC_NEED_DB(db);
    XC_CHECK_ARG(suggestion != nullptr, db->last_error, "out is NULL");
    *suggestion = nullptr;
    XC_CHECK_ARG(word != nullptr, db->last_error, "word is NULL");
    XC_GUARD(db->last_error, {
        return xc_copy_out(
            db->db.get_spelling_suggestion(word, max_edit_distance),
            suggestion, nullptr, db->last_error);
    });
    return XC_STATUS_OTHER; /* not reached */
}

xc_status xc_db_add_synonym(xc_db *db, const char *term, const char *synonym)
{
    XC_NEED_WRITER(db);
    XC_CHECK_ARG(term != nullptr && *term != '\0' && synonym != nullptr &&
                     *synonym != '\0',
                 db->last_error, "empty term or synonym");
    XC_GUARD(db->last_error, { db->wdb.add_synonym(term, synonym); });
    return XC_STATUS_SUCCESS;
}

xc_status xc_db_synonyms(xc_db *db, const char *term, xc_terms **out)
{
    XC_NEED_DB(db);
    XC_CHECK_ARG(out != nullptr, db->last_error, "out is NULL");
    *out = nullptr;
    XC_CHECK_ARG(term != nullptr, db->last_error, "term is NULL");
    XC_GUARD(db->last_error, {
        std::unique_ptr<xc_terms> terms(new xc_terms);
        terms->it = db->db.synonyms_begin(term);
        terms->end = db->db.synonyms_end(term);
        xc_terms_load_first(terms.get());
        *out = terms.release();
    });
    return XC_STATUS_SUCCESS;
}

xc_status xc_compact(const char *const *sources, size_t n_sources,
                     const char *destination, unsigned flags)
{
    if (sources == nullptr || n_sources == 0)
        return xc_fail_thread(XC_STATUS_INVALID_ARGUMENT,
                              "nothing to compact");
    if (destination == nullptr || *destination == '\0')
        return xc_fail_thread(XC_STATUS_INVALID_ARGUMENT,
                              "empty destination");
    unsigned xflags = 0;
    if (flags & XC_COMPACT_MULTIPASS)
        xflags |= Xapian::DBCOMPACT_MULTIPASS;
    if (flags & XC_COMPACT_SINGLE_FILE)
        xflags |= Xapian::DBCOMPACT_SINGLE_FILE;
    xflags |= (flags & XC_COMPACT_FULLER) ? Xapian::Compactor::FULLER
                                          : Xapian::Compactor::FULL;
    XC_GUARD_THREAD({
        Xapian::Database all;
        for (size_t i = 0; i < n_sources; i++) {
            if (sources[i] == nullptr)
                return xc_fail_thread(XC_STATUS_INVALID_ARGUMENT,
                                      "a source path is NULL");
            all.add_database(Xapian::Database(sources[i]));
        }
        all.compact(destination, xflags);
    });
    return XC_STATUS_SUCCESS;
}

} // extern "C"
