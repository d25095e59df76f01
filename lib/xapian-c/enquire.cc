/*
 * enquire.cc: running searches: weighting, order, collapsing, facets,
 * relevance feedback and the match set.
 */
#include "internal.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>
#include <new>
#include <thread>

namespace {

/* Fills IT with the MAX (0: all) most frequent of LIST, ties in byte
 * order. */
void fill_top(xc_terms *it, std::vector<std::pair<std::string, uint32_t>> list,
              uint32_t max)
{
    auto more_first = [](const std::pair<std::string, uint32_t> &a,
                         const std::pair<std::string, uint32_t> &b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    };
    if (max != 0 && list.size() > max) {
        std::partial_sort(list.begin(), list.begin() + max, list.end(),
                          more_first);
        list.resize(max);
    } else {
        std::sort(list.begin(), list.end(), more_first);
    }
    it->is_list = true;
    it->list = std::move(list);
    xc_terms_load_first(it);
}

void register_counters(xc_enquire *enq)
{
    enq->enquire.clear_matchspies();
    for (auto &c : enq->value_counters)
        enq->enquire.add_matchspy(c->spy());
    for (auto &c : enq->term_counters)
        enq->enquire.add_matchspy(c.get());
    for (auto &c : enq->docid_spies)
        enq->enquire.add_matchspy(c.get());
}

/* The value order of ENQ over a remote database, which knows no KeyMaker:
 * Xapian's own value order, which puts documents without a value first
 * in ascending order and last in descending order.  Descending, that is
 * ours.  Ascending, Xapian's order is those without a value (U of them),
 * then the others in ours: a page of ours is Xapian's from U + FIRST on,
 * and once those run out, the head of Xapian's, as a tail.  The same
 * query throughout, so weights and percentages are those of one match;
 * it costs a count of the matches without a value, and a second match
 * when a page reaches them. */
void remote_sorted_mset(xc_enquire *enq, xc_mset &out, uint32_t first,
                        uint32_t max_items, uint32_t check_at_least,
                        const Xapian::RSet *relevant)
{
    Xapian::Enquire &e = enq->enquire;
    const Xapian::valueno slot = enq->sort_slot;
    const bool reverse = enq->sort_reverse;
    if (enq->sort_which == XC_SORT_VALUE)
        e.set_sort_by_value(slot, reverse);
    else
        e.set_sort_by_value_then_relevance(slot, reverse);
    if (reverse) {
        out.mset = e.get_mset(first, max_items, check_at_least, relevant);
        return;
    }
    const Xapian::Query query = e.get_query();
    const Xapian::termcount qlen = enq->query_len;
    // Every value is at least one NUL byte: an empty one is no value.
    const Xapian::Query has_value(Xapian::Query::OP_VALUE_GE, slot,
                                  std::string(1, '\0'));
    Xapian::doccount without = 0;
    {
        // Counted on a copy: the counters and the sort stay as they are.
        Xapian::Enquire count(enq->db);
        count.set_query(
            Xapian::Query(Xapian::Query::OP_AND_NOT, query, has_value), qlen);
        count.set_weighting_scheme(Xapian::BoolWeight());
        without = count.get_mset(0, 0, enq->db.get_doccount())
                      .get_matches_lower_bound();
    }
    out.mset = e.get_mset(without + first, max_items, check_at_least,
                          relevant);
    out.rank_shift = without;
    if (out.mset.size() >= max_items || without == 0)
        return;
    // Xapian's match ran to its end: its count is exact.
    const Xapian::doccount with =
        out.mset.get_matches_lower_bound() - without;
    const Xapian::doccount tail_first = first > with ? first - with : 0;
    if (tail_first >= without)
        return;
    const Xapian::doccount room = max_items - out.mset.size();
    // The counters saw every match in the first; they would count twice.
    e.clear_matchspies();
    try {
        out.tail = e.get_mset(tail_first,
                              room < without - tail_first
                                  ? room
                                  : without - tail_first,
                              check_at_least, relevant);
    } catch (...) {
        register_counters(enq);
        throw;
    }
    register_counters(enq);
    out.tail_rank_base = with;
}

} // namespace

#define XC_NEED_ENQ(enq)                                                 \
    do {                                                                 \
        if ((enq) == nullptr)                                            \
            return XC_STATUS_INVALID_ARGUMENT;                           \
    } while (0)

extern "C" {

xc_status xc_enquire_new(xc_db *db, xc_enquire **out)
{
    if (out == nullptr)
        return xc_fail_thread(XC_STATUS_INVALID_ARGUMENT, "out is NULL");
    *out = nullptr;
    if (db == nullptr)
        return xc_fail_thread(XC_STATUS_INVALID_ARGUMENT, "no database");
    XC_GUARD(db->last_error, { *out = new xc_enquire(*db); });
    return XC_STATUS_SUCCESS;
}

void xc_enquire_destroy(xc_enquire *enq)
{
    delete enq;
}

const char *xc_enquire_last_error(const xc_enquire *enq)
{
    return enq ? enq->last_error.c_str() : "no enquire";
}

xc_status xc_enquire_set_query(xc_enquire *enq, const xc_query *q,
                               uint32_t query_len)
{
    XC_NEED_ENQ(enq);
    XC_CHECK_ARG(q != nullptr, enq->last_error, "no query");
    XC_GUARD(enq->last_error, {
        enq->enquire.set_query(q->query, query_len);
        enq->query_len = query_len;
    });
    return XC_STATUS_SUCCESS;
}

xc_status xc_enquire_set_bm25(xc_enquire *enq, double k1, double k2,
                              double k3, double b, double min_normlen)
{
    XC_NEED_ENQ(enq);
    XC_CHECK_ARG(k1 >= 0 && k2 >= 0 && k3 >= 0 && b >= 0 && min_normlen >= 0,
                 enq->last_error, "BM25 parameters must be >= 0");
    XC_CHECK_ARG(b <= 1, enq->last_error, "BM25 b must be <= 1");
    XC_GUARD(enq->last_error, {
        enq->enquire.set_weighting_scheme(
            Xapian::BM25Weight(k1, k2, k3, b, min_normlen));
    });
    return XC_STATUS_SUCCESS;
}

xc_status xc_enquire_set_bool_weight(xc_enquire *enq)
{
    XC_NEED_ENQ(enq);
    XC_GUARD(enq->last_error, {
        enq->enquire.set_weighting_scheme(Xapian::BoolWeight());
    });
    return XC_STATUS_SUCCESS;
}

namespace {
/* The sort key of a value order: the value, or for a document without one
 * a key that sorts after every value in the order asked for (longer than
 * any sortable number, all 0xff ascending; empty, which the reversed
 * order puts last, descending).  Xapian's own value sorts put documents
 * without a value first in ascending order.  A MultiValueKeyMaker, not a
 * KeyMaker of ours, so that remote servers know it. */
Xapian::KeyMaker *missing_last_key(xc_valueno slot, bool is_descending)
{
    auto *key = new Xapian::MultiValueKeyMaker;
    key->add_value(slot, is_descending,
                   is_descending ? std::string()
                                 : std::string(XC_SORTABLE_MAX + 2, '\xff'));
    return key->release(); /* the enquire owns it now */
}
} // namespace

xc_status xc_enquire_set_sort(xc_enquire *enq, xc_sort order, xc_valueno slot,
                              int is_descending)
{
    XC_NEED_ENQ(enq);
    bool reverse = is_descending != 0;
    /* An int read here, as the caller passed it: inside the guard's lambda
     * an enum out of range (a caller's mistake, refused below) would be
     * read from memory, which UBSan reports. */
    const int which = order;
    XC_GUARD(enq->last_error, {
        enq->sort_which = which;
        // Only the value orders that need a KeyMaker (missing values
        // last) need another way over a remote database.
        enq->sort_slot = which == XC_SORT_VALUE ||
                                 which == XC_SORT_VALUE_THEN_RELEVANCE
                             ? slot
                             : Xapian::BAD_VALUENO;
        enq->sort_reverse = reverse;
        switch (which) {
        case XC_SORT_RELEVANCE:
            enq->enquire.set_sort_by_relevance();
            break;
        case XC_SORT_VALUE:
            enq->enquire.set_sort_by_key(missing_last_key(slot, reverse),
                                         false);
            break;
        case XC_SORT_RELEVANCE_THEN_VALUE:
            // Xapian's own order, which a remote server knows too: the
            // value only breaks ties in weight.
            enq->enquire.set_sort_by_relevance_then_value(slot, reverse);
            break;
        case XC_SORT_VALUE_THEN_RELEVANCE:
            enq->enquire.set_sort_by_key_then_relevance(
                missing_last_key(slot, reverse), false);
            break;
        default:
            xc_set_error(enq->last_error, "unknown sort order");
            return XC_STATUS_INVALID_ARGUMENT;
        }
    });
    return XC_STATUS_SUCCESS;
}

xc_status xc_enquire_set_collapse(xc_enquire *enq, xc_valueno slot,
                                  uint32_t max_per_value)
{
    XC_NEED_ENQ(enq);
    XC_GUARD(enq->last_error, {
        if (max_per_value == 0)
            enq->enquire.set_collapse_key(Xapian::BAD_VALUENO);
        else
            enq->enquire.set_collapse_key(slot, max_per_value);
    });
    return XC_STATUS_SUCCESS;
}

xc_status xc_enquire_set_time_limit(xc_enquire *enq, double seconds)
{
    XC_NEED_ENQ(enq);
    XC_CHECK_ARG(seconds >= 0 && !std::isinf(seconds), enq->last_error,
                 "time limit must be finite and >= 0");
    XC_GUARD(enq->last_error, { enq->enquire.set_time_limit(seconds); });
    return XC_STATUS_SUCCESS;
}

namespace {

xc_status add_value_counter(xc_enquire *enq, xc_valueno slot,
                            unsigned n_fields)
{
    XC_NEED_ENQ(enq);
    XC_GUARD(enq->last_error, {
        enq->value_counters.emplace_back(new ValueCounter(slot, n_fields));
    });
    return XC_STATUS_SUCCESS;
}

/* Facet FIELD of SLOT's counter into *OUT (see xc_enquire_value_counts). */
xc_status field_counts(xc_enquire *enq, xc_valueno slot, unsigned field,
                       bool is_fields, uint32_t max_values, xc_terms **out)
{
    XC_NEED_ENQ(enq);
    XC_CHECK_ARG(out != nullptr, enq->last_error, "out is NULL");
    *out = nullptr;
    for (auto &c : enq->value_counters) {
        if (c->slot() != slot || (c->n_fields() > 0) != is_fields)
            continue;
        XC_CHECK_ARG(field < (is_fields ? c->n_fields() : 1), enq->last_error,
                     "no such field");
        XC_GUARD(enq->last_error, {
            std::unique_ptr<xc_terms> terms(new xc_terms);
            fill_top(terms.get(), c->counts(field), max_values);
            *out = terms.release();
        });
        return XC_STATUS_SUCCESS;
    }
    xc_set_error(enq->last_error, is_fields ? "no fields counter for that slot"
                                            : "no value counter for that slot");
    return XC_STATUS_INVALID_ARGUMENT;
}

} // namespace

xc_status xc_enquire_add_value_count(xc_enquire *enq, xc_valueno slot)
{
    return add_value_counter(enq, slot, 0);
}

xc_status xc_enquire_add_term_count(xc_enquire *enq, const char *prefix)
{
    XC_NEED_ENQ(enq);
    XC_CHECK_ARG(prefix != nullptr, enq->last_error, "prefix is NULL");
    XC_GUARD(enq->last_error, {
        enq->term_counters.emplace_back(new PrefixTermCounter(prefix));
    });
    return XC_STATUS_SUCCESS;
}

xc_status xc_enquire_add_value_fields_count(xc_enquire *enq, xc_valueno slot,
                                            unsigned n_fields)
{
    XC_NEED_ENQ(enq);
    XC_CHECK_ARG(n_fields >= 1 && n_fields <= XC_MAX_VALUE_FIELDS,
                 enq->last_error, "n_fields must be 1 to 8");
    return add_value_counter(enq, slot, n_fields);
}

xc_status xc_enquire_add_docid_spy(xc_enquire *enq,
                                   void (*each)(void *ctx, xc_docid docid),
                                   void *ctx)
{
    XC_NEED_ENQ(enq);
    XC_CHECK_ARG(each != nullptr, enq->last_error, "each is NULL");
    XC_CHECK_ARG(enq->n_shards == 1, enq->last_error,
                 "a docid spy needs one database: shards give their own "
                 "docids");
    XC_GUARD(enq->last_error, {
        enq->docid_spies.emplace_back(new DocidSpy(each, ctx));
    });
    return XC_STATUS_SUCCESS;
}

xc_status xc_enquire_clear_counts(xc_enquire *enq)
{
    XC_NEED_ENQ(enq);
    XC_GUARD(enq->last_error, {
        enq->enquire.clear_matchspies();
        enq->value_counters.clear();
        enq->term_counters.clear();
        enq->docid_spies.clear();
    });
    return XC_STATUS_SUCCESS;
}

xc_status xc_enquire_value_counts(xc_enquire *enq, xc_valueno slot,
                                  uint32_t max_values, xc_terms **out)
{
    return field_counts(enq, slot, 0, false, max_values, out);
}

xc_status xc_enquire_field_counts(xc_enquire *enq, xc_valueno slot,
                                  unsigned field, uint32_t max_values,
                                  xc_terms **out)
{
    return field_counts(enq, slot, field, true, max_values, out);
}

xc_status xc_enquire_term_counts(xc_enquire *enq, const char *prefix,
                                 uint32_t max_values, xc_terms **out)
{
    XC_NEED_ENQ(enq);
    XC_CHECK_ARG(out != nullptr && prefix != nullptr, enq->last_error,
                 "out or prefix is NULL");
    *out = nullptr;
    for (auto &c : enq->term_counters) {
        if (c->prefix() != prefix)
            continue;
        XC_GUARD(enq->last_error, {
            std::unique_ptr<xc_terms> terms(new xc_terms);
            fill_top(terms.get(),
                     std::vector<std::pair<std::string, uint32_t>>(
                         c->counts().begin(), c->counts().end()),
                     max_values);
            *out = terms.release();
        });
        return XC_STATUS_SUCCESS;
    }
    xc_set_error(enq->last_error, "no term counter for that prefix");
    return XC_STATUS_INVALID_ARGUMENT;
}

xc_status xc_enquire_counted_docs(xc_enquire *enq, uint32_t *n)
{
    XC_NEED_ENQ(enq);
    XC_CHECK_ARG(n != nullptr, enq->last_error, "n is NULL");
    *n = 0;
    if (!enq->value_counters.empty())
        *n = enq->value_counters[0]->n_docs();
    else if (!enq->term_counters.empty())
        *n = enq->term_counters[0]->n_docs();
    return XC_STATUS_SUCCESS;
}

xc_status xc_enquire_get_mset(xc_enquire *enq, uint32_t first,
                              uint32_t max_items, uint32_t check_at_least,
                              const xc_rset *rset, xc_mset **out)
{
    XC_NEED_ENQ(enq);
    XC_CHECK_ARG(out != nullptr, enq->last_error, "out is NULL");
    *out = nullptr;
    XC_GUARD(enq->last_error, {
        /* Counters add up over every match; each search starts afresh. */
        for (auto &c : enq->term_counters)
            c->reset();
        for (auto &c : enq->value_counters)
            c->reset();
        // Registered here, for each search: a counter's stand-in for a
        // remote database is new after a reset.
        register_counters(enq);
        std::unique_ptr<xc_mset> mset(new xc_mset(*enq));
        const Xapian::RSet *relevant = rset ? &rset->rset : nullptr;
        try {
            mset->mset = enq->enquire.get_mset(first, max_items,
                                               check_at_least, relevant);
        } catch (const Xapian::UnimplementedError &) {
            // A remote database: its server runs only Xapian's spies and
            // value orders.  Value counters switch to Xapian's; a term
            // counter or a docid spy cannot, and the error stands.
            if (!enq->term_counters.empty() || !enq->docid_spies.empty())
                throw;
            for (auto &c : enq->value_counters)
                c->use_stock();
            register_counters(enq);
            if (enq->sort_slot == Xapian::BAD_VALUENO)
                mset->mset = enq->enquire.get_mset(first, max_items,
                                                   check_at_least, relevant);
            else
                remote_sorted_mset(enq, *mset, first, max_items,
                                   check_at_least, relevant);
        }
        *out = mset.release();
    });
    return XC_STATUS_SUCCESS;
}

xc_status xc_rset_new(xc_rset **out)
{
    if (out == nullptr)
        return xc_fail_thread(XC_STATUS_INVALID_ARGUMENT, "out is NULL");
    *out = nullptr;
    XC_GUARD_THREAD({ *out = new xc_rset; });
    return XC_STATUS_SUCCESS;
}

xc_status xc_rset_add(xc_rset *rset, xc_docid docid)
{
    if (rset == nullptr || docid == 0)
        return xc_fail_thread(XC_STATUS_INVALID_ARGUMENT,
                              "no relevance set or document id 0");
    XC_GUARD_THREAD({
        if (!rset->rset.contains(docid))
            rset->ids.push_back(docid);
        rset->rset.add_document(docid);
    });
    return XC_STATUS_SUCCESS;
}

void xc_rset_destroy(xc_rset *rset)
{
    delete rset;
}

namespace {
/* Keeps only unprefixed terms: Xapian's convention is that a prefix starts
 * with a capital letter. */
class WordsOnly : public Xapian::ExpandDecider {
  public:
    bool operator()(const std::string &term) const override
    {
        return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z');
    }
};
} // namespace

namespace {
/* What an ESet weighs a term by, summed over the relevant documents that
 * hold it. */
struct ExpandTerm {
    Xapian::doccount reldocs = 0; /* relevant documents with the term */
    double multiplier = 0;        /* of their wdf and length */
    Xapian::doccount termfreq = 0;
    double weight = 0;
};

/* Fills the termfreq of every term of TERMS from DB (xc_term_freqs_of:
 * a remote shard would answer each lookup with a round trip, and the
 * terms of five articles took thousands). */
void fill_termfreqs(const Xapian::Database &db,
                    std::map<std::string, ExpandTerm> &terms)
{
    std::vector<std::string> list;
    list.reserve(terms.size());
    for (const auto &t : terms)
        list.push_back(t.first);
    std::vector<Xapian::doccount> freqs;
    xc_term_freqs_of(db, list, freqs);
    size_t i = 0;
    for (auto &t : terms)
        t.second.termfreq = freqs[i++];
}
} // namespace

/* The ESet of Xapian's default expansion scheme (TradWeight, k = 1),
 * computed here: per term, the sum over the relevant documents holding it
 * of 2 wdf / (doclength / average + wdf), times the log of the
 * Robertson/Sparck Jones relevance odds from the term's frequency in the
 * whole database.  Xapian's own takes a frequency per term per shard,
 * one request each to a remote shard; here one match gathers them all,
 * exact, so that shards choose the terms one database would. */
xc_status xc_enquire_get_eset(xc_enquire *enq, uint32_t max_terms,
                              const xc_rset *rset, int is_words_only,
                              xc_eset **out)
{
    XC_NEED_ENQ(enq);
    XC_CHECK_ARG(out != nullptr && rset != nullptr, enq->last_error,
                 "out or rset is NULL");
    *out = nullptr;
    XC_GUARD(enq->last_error, {
        const Xapian::Database &db = enq->db;
        const double avlen = db.get_avlength();
        const double dbsize = db.get_doccount();
        const double rsize = static_cast<double>(rset->ids.size());
        std::map<std::string, ExpandTerm> terms;
        WordsOnly words_only;
        // As Xapian's: the query's own terms are not offered.
        const Xapian::Query query = enq->enquire.get_query();
        std::set<std::string> in_query(query.get_unique_terms_begin(),
                                       query.get_unique_terms_end());
        for (Xapian::docid id : rset->ids) {
            const double len = db.get_doclength(id);
            for (Xapian::TermIterator t = db.termlist_begin(id);
                 t != db.termlist_end(id); ++t) {
                const std::string term = *t;
                if ((is_words_only && !words_only(term)) ||
                    in_query.count(term) != 0)
                    continue;
                double wdf = t.get_wdf() ? t.get_wdf() : 1;
                ExpandTerm &e = terms[term];
                e.reldocs++;
                e.multiplier += 2 * wdf / ((avlen > 0 ? len / avlen : 0) + wdf);
            }
        }
        fill_termfreqs(db, terms);
        std::vector<std::pair<std::string, double>> ranked;
        for (auto &t : terms) {
            const ExpandTerm &e = t.second;
            const double r = e.reldocs, n = e.termfreq;
            const double without = rsize - r;
            const double num = (r + 0.5) * (dbsize - n - without + 0.5);
            const double denom = (n - r + 0.5) * (without + 0.5);
            if (num <= 0 || denom <= 0)
                continue;
            const double w = e.multiplier * std::log(num / denom);
            if (w > 0)
                ranked.emplace_back(t.first, w);
        }
        // Heaviest first; ties in reverse term order, as Xapian's, so
        // that one index ranks as it did with Xapian's ESet.
        std::sort(ranked.begin(), ranked.end(),
                  [](const std::pair<std::string, double> &a,
                     const std::pair<std::string, double> &b) {
                      return a.second != b.second ? a.second > b.second
                                                  : a.first > b.first;
                  });
        if (ranked.size() > max_terms)
            ranked.resize(max_terms);
        std::unique_ptr<xc_eset> result(new xc_eset);
        result->terms = std::move(ranked);
        *out = result.release();
    });
    return XC_STATUS_SUCCESS;
}

uint32_t xc_eset_size(const xc_eset *eset)
{
    return eset ? static_cast<uint32_t>(eset->terms.size()) : 0;
}

const char *xc_eset_term(const xc_eset *eset, uint32_t i)
{
    if (eset == nullptr || i >= eset->terms.size())
        return nullptr;
    return eset->terms[i].first.c_str();
}

double xc_eset_weight(const xc_eset *eset, uint32_t i)
{
    if (eset == nullptr || i >= eset->terms.size())
        return 0;
    return eset->terms[i].second;
}

void xc_eset_destroy(xc_eset *eset)
{
    delete eset;
}

/* Match set accessors.  MSet's own accessors only read what the match
 * already computed, but are wrapped anyway: nothing may escape into C. */
#define XC_MSET_GET(expr, fallback)                                      \
    do {                                                                 \
        try {                                                            \
            return (expr);                                               \
        } catch (...) {                                                  \
            return (fallback);                                           \
        }                                                                \
    } while (0)

} // extern "C"

namespace {
uint32_t n_hits(const xc_mset *m)
{
    return static_cast<uint32_t>(m->mset.size() + m->tail.size());
}

/* Hit I: of the match set, or past its end, of its tail. */
Xapian::MSetIterator hit_at(const xc_mset *m, uint32_t i)
{
    return i < m->mset.size() ? m->mset[i] : m->tail[i - m->mset.size()];
}

/* Reads the documents of M's hits from the remote databases of its parts
 * on a thread each, every part's documents one after the other: Xapian
 * 1.4 reads a remote document with a round trip of its own, so a page of
 * ten from four shards took ten in a row.  Whether it did (only over
 * parts with a remote one).  A document that could not be read is left
 * for xc_mset_document to read, and say why. */
bool fetch_by_part(xc_mset *m)
{
    size_t n_parts = m->parts.size();
    bool any_remote = false;
    for (const xc_part &p : m->parts)
        any_remote |= p.is_remote;
    uint32_t n = n_hits(m);
    if (!any_remote || n < 2)
        return false;
    m->fetched.assign(n, Xapian::Document());
    m->is_fetched.assign(n, false);
    std::vector<std::vector<std::pair<uint32_t, Xapian::docid>>> wanted(
        n_parts);
    for (uint32_t i = 0; i < n; i++) {
        Xapian::docid did = *hit_at(m, i);
        wanted[(did - 1) % n_parts].push_back({i, (did - 1) / n_parts + 1});
    }
    // Each thread touches its part's database alone (Xapian's handles are
    // not thread-safe, separate ones are), and slots of its own; its
    // results are kept only once every thread is done.
    std::vector<std::vector<Xapian::Document>> docs(n_parts);
    std::vector<std::vector<char>> ok(n_parts);
    auto read_part = [&](size_t k) {
        docs[k].resize(wanted[k].size());
        ok[k].assign(wanted[k].size(), 0);
        for (size_t j = 0; j < wanted[k].size(); j++) {
            try {
                docs[k][j] = m->parts[k].db.get_document(wanted[k][j].second);
                ok[k][j] = 1;
            } catch (...) {
                return; // the rest are read when asked for
            }
        }
    };
    std::vector<std::thread> threads;
    for (size_t k = 0; k < n_parts; k++) {
        if (wanted[k].empty())
            continue;
        if (!m->parts[k].is_remote) {
            read_part(k); // a local read takes no round trip
            continue;
        }
        try {
            threads.emplace_back(read_part, k);
        } catch (...) {
            read_part(k);
        }
    }
    for (std::thread &t : threads)
        t.join();
    for (size_t k = 0; k < n_parts; k++)
        for (size_t j = 0; j < docs[k].size(); j++)
            if (ok[k][j]) {
                m->fetched[wanted[k][j].first] = docs[k][j];
                m->is_fetched[wanted[k][j].first] = true;
            }
    return true;
}
} // namespace

extern "C" {

uint32_t xc_mset_size(const xc_mset *m)
{
    if (m == nullptr)
        return 0;
    XC_MSET_GET(n_hits(m), 0u);
}

uint32_t xc_mset_matches_estimated(const xc_mset *m)
{
    if (m == nullptr)
        return 0;
    XC_MSET_GET(m->mset.get_matches_estimated(), 0u);
}

uint32_t xc_mset_matches_lower_bound(const xc_mset *m)
{
    if (m == nullptr)
        return 0;
    XC_MSET_GET(m->mset.get_matches_lower_bound(), 0u);
}

uint32_t xc_mset_matches_upper_bound(const xc_mset *m)
{
    if (m == nullptr)
        return 0;
    XC_MSET_GET(m->mset.get_matches_upper_bound(), 0u);
}

uint32_t xc_mset_uncollapsed_lower_bound(const xc_mset *m)
{
    if (m == nullptr)
        return 0;
    XC_MSET_GET(m->mset.get_uncollapsed_matches_lower_bound(), 0u);
}

uint32_t xc_mset_uncollapsed_upper_bound(const xc_mset *m)
{
    if (m == nullptr)
        return 0;
    XC_MSET_GET(m->mset.get_uncollapsed_matches_upper_bound(), 0u);
}

xc_docid xc_mset_docid(const xc_mset *m, uint32_t i)
{
    if (m == nullptr || i >= n_hits(m))
        return 0;
    XC_MSET_GET(*hit_at(m, i), 0u);
}

uint32_t xc_mset_rank(const xc_mset *m, uint32_t i)
{
    if (m == nullptr || i >= n_hits(m))
        return 0;
    // Over a remote database in ascending order, Xapian ranks the
    // documents without a value first (remote_sorted_mset).
    XC_MSET_GET(i < m->mset.size()
                    ? m->mset[i].get_rank() - m->rank_shift
                    : m->tail_rank_base + hit_at(m, i).get_rank(),
                0u);
}

double xc_mset_weight(const xc_mset *m, uint32_t i)
{
    if (m == nullptr || i >= n_hits(m))
        return 0;
    XC_MSET_GET(hit_at(m, i).get_weight(), 0.0);
}

double xc_mset_max_attained(const xc_mset *m)
{
    if (m == nullptr)
        return 0;
    XC_MSET_GET(m->mset.get_max_attained(), 0.0);
}

int xc_mset_percent(const xc_mset *m, uint32_t i)
{
    if (m == nullptr || i >= n_hits(m))
        return 0;
    XC_MSET_GET(hit_at(m, i).get_percent(), 0);
}

uint32_t xc_mset_collapse_count(const xc_mset *m, uint32_t i)
{
    if (m == nullptr || i >= n_hits(m))
        return 0;
    XC_MSET_GET(hit_at(m, i).get_collapse_count(), 0u);
}

void xc_mset_fetch(xc_mset *m)
{
    if (m == nullptr)
        return;
    try {
        if (fetch_by_part(m))
            return;
        // A match set no match made (the tail when there is none) has no
        // enquire to fetch from; and Xapian 1.4's fetch of a page that
        // does not start at the first hit reads past its items (a crash
        // over a remote database): only first pages are fetched ahead.
        if (!m->mset.empty() && m->mset.get_firstitem() == 0)
            m->mset.fetch();
        if (!m->tail.empty() && m->tail.get_firstitem() == 0)
            m->tail.fetch();
    } catch (...) {
        // A hint: reading the document says what went wrong.
    }
}

xc_status xc_mset_document(xc_mset *m, uint32_t i, xc_doc **out)
{
    if (m == nullptr)
        return XC_STATUS_INVALID_ARGUMENT;
    XC_CHECK_ARG(out != nullptr, m->last_error, "out is NULL");
    *out = nullptr;
    if (i >= n_hits(m)) {
        xc_set_error(m->last_error, "hit index past the end");
        return XC_STATUS_RANGE;
    }
    XC_GUARD(m->last_error, {
        std::unique_ptr<xc_doc> doc(new xc_doc);
        doc->doc = i < m->is_fetched.size() && m->is_fetched[i]
                       ? m->fetched[i]
                       : hit_at(m, i).get_document();
        *out = doc.release();
    });
    return XC_STATUS_SUCCESS;
}

xc_status xc_mset_matching_terms(xc_mset *m, uint32_t i, xc_terms **out)
{
    if (m == nullptr)
        return XC_STATUS_INVALID_ARGUMENT;
    XC_CHECK_ARG(out != nullptr, m->last_error, "out is NULL");
    *out = nullptr;
    if (i >= n_hits(m)) {
        xc_set_error(m->last_error, "hit index past the end");
        return XC_STATUS_RANGE;
    }
    XC_GUARD(m->last_error, {
        std::unique_ptr<xc_terms> terms(new xc_terms);
        Xapian::MSetIterator hit = hit_at(m, i);
        terms->it = m->enquire.get_matching_terms_begin(hit);
        terms->end = m->enquire.get_matching_terms_end(hit);
        xc_terms_load_first(terms.get());
        *out = terms.release();
    });
    return XC_STATUS_SUCCESS;
}

const char *xc_mset_last_error(const xc_mset *m)
{
    return m ? m->last_error.c_str() : "no match set";
}

void xc_mset_destroy(xc_mset *m)
{
    delete m;
}

} // extern "C"
