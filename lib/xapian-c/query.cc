/*
 * query.cc: building Xapian queries from C.
 */
#include "internal.h"

#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>
#include <new>

namespace {

bool to_xapian_op(xc_query_op op, Xapian::Query::op *out)
{
    switch (op) {
    case XC_QUERY_AND: *out = Xapian::Query::OP_AND; return true;
    case XC_QUERY_OR: *out = Xapian::Query::OP_OR; return true;
    case XC_QUERY_AND_NOT: *out = Xapian::Query::OP_AND_NOT; return true;
    case XC_QUERY_AND_MAYBE: *out = Xapian::Query::OP_AND_MAYBE; return true;
    case XC_QUERY_FILTER: *out = Xapian::Query::OP_FILTER; return true;
    case XC_QUERY_PHRASE: *out = Xapian::Query::OP_PHRASE; return true;
    case XC_QUERY_NEAR: *out = Xapian::Query::OP_NEAR; return true;
    case XC_QUERY_SYNONYM: *out = Xapian::Query::OP_SYNONYM; return true;
    case XC_QUERY_MAX: *out = Xapian::Query::OP_MAX; return true;
    case XC_QUERY_ELITE_SET: *out = Xapian::Query::OP_ELITE_SET; return true;
    case XC_QUERY_OP_LAST: break;
    }
    return false;
}

xc_status make(const Xapian::Query &q, xc_query **out)
{
    XC_GUARD_THREAD({
        xc_query *made = new xc_query;
        made->query = q;
        *out = made;
    });
    return XC_STATUS_SUCCESS;
}

uint64_t saturating_add(uint64_t a, uint64_t b)
{
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* The frequencies a cost bound reads, each looked up once: over shards,
 * a remote shard answers each lookup with a round trip of its own, so the
 * term frequencies of the whole query come from one match, which gathers
 * them from every shard at once. */
class CostStats {
  public:
    CostStats(const Xapian::Database &db, const Xapian::Query &q) : db_(db)
    {
        if (db.size() <= 1)
            return;
        std::vector<std::string> terms(q.get_unique_terms_begin(),
                                       q.get_unique_terms_end());
        std::vector<Xapian::doccount> freqs;
        xc_term_freqs_of(db, terms, freqs);
        for (size_t i = 0; i < terms.size(); i++)
            termfreq_[terms[i]] = freqs[i];
    }
    uint64_t termfreq(const std::string &term)
    {
        auto at = termfreq_.find(term);
        if (at != termfreq_.end())
            return at->second;
        return termfreq_[term] = db_.get_termfreq(term);
    }
    uint64_t collection_freq(const std::string &term)
    {
        auto at = collection_freq_.find(term);
        if (at != collection_freq_.end())
            return at->second;
        return collection_freq_[term] = db_.get_collection_freq(term);
    }
    uint64_t doccount() { return db_.get_doccount(); }

  private:
    const Xapian::Database &db_;
    std::map<std::string, uint64_t> termfreq_, collection_freq_;
};

/* See xc_query_cost_bound.  IS_POSITIONAL: under a phrase or NEAR. */
uint64_t cost_bound(CostStats &stats, const Xapian::Query &q,
                    bool is_positional)
{
    switch (q.get_type()) {
    case Xapian::Query::LEAF_MATCH_NOTHING:
        return 0;
    case Xapian::Query::LEAF_MATCH_ALL:
    /* A value range reads at most one value a document. */
    case Xapian::Query::OP_VALUE_RANGE:
    case Xapian::Query::OP_VALUE_GE:
    case Xapian::Query::OP_VALUE_LE:
        return stats.doccount();
    case Xapian::Query::LEAF_TERM: {
        const std::string term = *q.get_terms_begin();
        return is_positional ? stats.collection_freq(term)
                             : stats.termfreq(term);
    }
    case Xapian::Query::LEAF_POSTING_SOURCE:
    case Xapian::Query::OP_WILDCARD:
        return UINT64_MAX;
    default:
        break;
    }
    bool positional = is_positional ||
                      q.get_type() == Xapian::Query::OP_PHRASE ||
                      q.get_type() == Xapian::Query::OP_NEAR;
    uint64_t sum = 0;
    for (size_t i = 0; i < q.get_num_subqueries() && sum != UINT64_MAX; i++)
        sum = saturating_add(sum, cost_bound(stats, q.get_subquery(i),
                                             positional));
    return sum;
}

} // namespace

#define XC_NEED_OUT(out)                                                 \
    do {                                                                 \
        if ((out) == nullptr)                                            \
            return xc_fail_thread(XC_STATUS_INVALID_ARGUMENT,            \
                                  "out is NULL");                        \
        *(out) = nullptr;                                                \
    } while (0)

extern "C" {

xc_status xc_query_term(const char *term, uint32_t wqf, xc_termpos pos,
                        xc_query **out)
{
    XC_NEED_OUT(out);
    if (term == nullptr || *term == '\0')
        return xc_fail_thread(XC_STATUS_INVALID_ARGUMENT, "empty term");
    XC_GUARD_THREAD({ return make(Xapian::Query(term, wqf, pos), out); });
    return XC_STATUS_OTHER; /* not reached */
}

xc_status xc_query_combine(xc_query_op op, const xc_query *const *subqueries,
                           size_t n, unsigned window, xc_query **out)
{
    XC_NEED_OUT(out);
    Xapian::Query::op xop;
    if (!to_xapian_op(op, &xop))
        return xc_fail_thread(XC_STATUS_INVALID_ARGUMENT, "unknown operator");
    if (n > 0 && subqueries == nullptr)
        return xc_fail_thread(XC_STATUS_INVALID_ARGUMENT,
                              "subqueries is NULL");
    if (n == 0 && (op == XC_QUERY_AND_NOT || op == XC_QUERY_AND_MAYBE ||
                   op == XC_QUERY_FILTER))
        return xc_fail_thread(XC_STATUS_INVALID_ARGUMENT,
                              "operator needs a first subquery");
    XC_GUARD_THREAD({
        std::vector<Xapian::Query> subs;
        subs.reserve(n);
        for (size_t i = 0; i < n; i++) {
            if (subqueries[i] == nullptr)
                return xc_fail_thread(XC_STATUS_INVALID_ARGUMENT,
                                      "a subquery is NULL");
            subs.push_back(subqueries[i]->query);
        }
        return make(Xapian::Query(xop, subs.begin(), subs.end(), window),
                    out);
    });
    return XC_STATUS_OTHER; /* not reached */
}

xc_status xc_query_scale_weight(const xc_query *sub, double factor,
                                xc_query **out)
{
    XC_NEED_OUT(out);
    if (sub == nullptr)
        return xc_fail_thread(XC_STATUS_INVALID_ARGUMENT, "no subquery");
    if (!(factor >= 0) || std::isinf(factor))
        return xc_fail_thread(XC_STATUS_INVALID_ARGUMENT,
                              "scale factor must be finite and >= 0");
    XC_GUARD_THREAD({
        return make(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, sub->query,
                                  factor),
                    out);
    });
    return XC_STATUS_OTHER; /* not reached */
}

xc_status xc_query_value_range(xc_valueno slot, const char *lo, size_t lo_len,
                               const char *hi, size_t hi_len, xc_query **out)
{
    XC_NEED_OUT(out);
    if (lo == nullptr && hi == nullptr)
        return xc_fail_thread(XC_STATUS_INVALID_ARGUMENT,
                              "a value range needs a bound");
    XC_GUARD_THREAD({
        if (lo == nullptr)
            return make(Xapian::Query(Xapian::Query::OP_VALUE_LE, slot,
                                      std::string(hi, hi_len)),
                        out);
        if (hi == nullptr)
            return make(Xapian::Query(Xapian::Query::OP_VALUE_GE, slot,
                                      std::string(lo, lo_len)),
                        out);
        return make(Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot,
                                  std::string(lo, lo_len),
                                  std::string(hi, hi_len)),
                    out);
    });
    return XC_STATUS_OTHER; /* not reached */
}

xc_status xc_query_wildcard(const char *prefix, uint32_t max_expansion,
                            xc_wildcard_limit limit_mode, xc_query **out)
{
    XC_NEED_OUT(out);
    if (prefix == nullptr || *prefix == '\0')
        return xc_fail_thread(XC_STATUS_INVALID_ARGUMENT,
                              "a wildcard needs a prefix");
    int mode;
    switch (limit_mode) {
    case XC_WILDCARD_MOST_FREQUENT:
        mode = Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT;
        break;
    case XC_WILDCARD_FIRST: mode = Xapian::Query::WILDCARD_LIMIT_FIRST; break;
    case XC_WILDCARD_ERROR: mode = Xapian::Query::WILDCARD_LIMIT_ERROR; break;
    default:
        return xc_fail_thread(XC_STATUS_INVALID_ARGUMENT,
                              "unknown wildcard limit mode");
    }
    XC_GUARD_THREAD({
        return make(Xapian::Query(Xapian::Query::OP_WILDCARD, prefix,
                                  max_expansion, mode),
                    out);
    });
    return XC_STATUS_OTHER; /* not reached */
}

xc_status xc_query_match_all(xc_query **out)
{
    XC_NEED_OUT(out);
    /* Not Query::MatchAll: that one is shared by every copy, and its
     * reference count is not atomic (see the header on threads). */
    XC_GUARD_THREAD({ return make(Xapian::Query(std::string()), out); });
    return XC_STATUS_OTHER; /* not reached */
}

xc_status xc_query_match_nothing(xc_query **out)
{
    XC_NEED_OUT(out);
    XC_GUARD_THREAD({ return make(Xapian::Query::MatchNothing, out); });
    return XC_STATUS_OTHER; /* not reached */
}

int xc_query_is_empty(const xc_query *q)
{
    return q == nullptr || q->query.empty();
}

xc_status xc_query_cost_bound(xc_db *db, const xc_query *q, uint64_t *out)
{
    if (db == nullptr || q == nullptr || out == nullptr)
        return xc_fail_thread(XC_STATUS_INVALID_ARGUMENT,
                              "no database, query or out");
    *out = UINT64_MAX;
    XC_GUARD(db->last_error, {
        CostStats stats(db->db, q->query);
        *out = cost_bound(stats, q->query, false);
    });
    return XC_STATUS_SUCCESS;
}

xc_status xc_query_description(const xc_query *q, char **out)
{
    XC_NEED_OUT(out);
    if (q == nullptr)
        return xc_fail_thread(XC_STATUS_INVALID_ARGUMENT, "no query");
    std::string unused;
    XC_GUARD_THREAD({
        return xc_copy_out(q->query.get_description(), out, nullptr, unused);
    });
    return XC_STATUS_OTHER; /* not reached */
}

void xc_query_destroy(xc_query *q)
{
    delete q;
}

} // extern "C"
