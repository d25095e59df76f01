/*
 * internal.h: what the files of libxapian-c share and nobody else sees.
 * The struct bodies behind the opaque handles of xapian-c.h live here,
 * because several .cc files need them (a document comes from a database
 * or a match set, a term list from all three).
 */
#ifndef XAPIAN_C_INTERNAL_H
#define XAPIAN_C_INTERNAL_H

#include "spies.h"
#include "xapian-c.h"

#include <xapian.h>

#include <setjmp.h>

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

/* One database of several joined by xc_db_add_shard, as its own handle:
 * a remote one's documents are read on a thread of its own
 * (xc_mset_fetch). */
struct xc_part {
    Xapian::Database db;
    bool is_remote = false;
};

struct xc_db {
    /* For a writer, db and wdb share one internal object; for a reader
     * wdb stays empty. */
    Xapian::Database db;
    Xapian::WritableDatabase wdb;
    bool is_writable = false;
    bool is_remote = false; /* opened by xc_db_open_remote_tcp */
    /* DB's databases in its order, when each was one database joined by
     * xc_db_add_shard; else empty. */
    std::vector<xc_part> parts;
    std::string last_error;
};

struct xc_doc {
    Xapian::Document doc;
    std::string last_error;
};

struct xc_query {
    Xapian::Query query;
};

/* A term list is either a live Xapian iterator or a list computed in
 * advance (facet counts); the getters do not care which. */
struct xc_terms {
    Xapian::TermIterator it, end;
    std::vector<std::pair<std::string, uint32_t>> list;
    size_t list_pos = 0;
    bool is_list = false;
    /* Copy of the current term: TermIterator returns by value. */
    std::string current;
    xc_status status = XC_STATUS_SUCCESS;
    std::string last_error;
};

struct xc_values {
    Xapian::ValueIterator it, end;
    std::string current;
    xc_docid docid = 0;
    xc_status status = XC_STATUS_SUCCESS;
    std::string last_error;
};

/* Reads the first term of a freshly made list into its current slot.
 * May throw: call it inside the guard of the call that made the list. */
void xc_terms_load_first(xc_terms *it);

struct xc_enquire {
    explicit xc_enquire(const xc_db &from)
        : enquire(from.db), db(from.db), parts(from.parts),
          n_shards(from.db.size()) {}
    Xapian::Enquire enquire;
    Xapian::Database db; /* it searches */
    std::vector<xc_part> parts; /* as the xc_db's */
    size_t n_shards; /* of the database it searches */
    /* Owned here; registered with the enquire by pointer. */
    std::vector<std::unique_ptr<ValueCounter>> value_counters;
    std::vector<std::unique_ptr<PrefixTermCounter>> term_counters;
    std::vector<std::unique_ptr<DocidSpy>> docid_spies;
    /* The value order set by xc_enquire_set_sort that needs a KeyMaker
     * (sort_slot BAD_VALUENO: none), which a remote database sorts by
     * Xapian's value orders instead. */
    Xapian::termcount query_len = 0; /* as xc_enquire_set_query had it */
    int sort_which = 0;
    Xapian::valueno sort_slot = Xapian::BAD_VALUENO;
    bool sort_reverse = false;
    std::string last_error;
};

struct xc_mset {
    explicit xc_mset(const xc_enquire &e)
        : enquire(e.enquire), parts(e.parts) {}
    Xapian::MSet mset;
    /* Over a remote database in ascending value order (remote_sorted_mset
     * in enquire.cc): the documents without a value, which go after
     * MSET's; what to take from MSET's ranks, and add to TAIL's. */
    Xapian::MSet tail;
    Xapian::doccount rank_shift = 0, tail_rank_base = 0;
    Xapian::Enquire enquire; /* for matching terms; shares ENQ's state */
    std::vector<xc_part> parts; /* as the enquire's */
    /* The hits' documents read ahead by xc_mset_fetch, by hit; one not
     * read (is_fetched false) is read when asked for. */
    std::vector<Xapian::Document> fetched;
    std::vector<bool> is_fetched;
    std::string last_error;
};

struct xc_rset {
    Xapian::RSet rset;
    std::vector<Xapian::docid> ids; /* as added, for the ESet's termlists */
};

struct xc_eset {
    std::vector<std::pair<std::string, double>> terms;
};

/* The frequency of each of TERMS in DB into FREQS (same order).  Over
 * shards, from the statistics of one match, which gathers them from every
 * shard at once: a remote shard answers each lookup of its own with a
 * round trip.  Throws as Xapian does. */
void xc_term_freqs_of(const Xapian::Database &db,
                      const std::vector<std::string> &terms,
                      std::vector<Xapian::doccount> &freqs);

/* Classifies the exception being handled (call only inside a catch block),
 * writes its message to MESSAGE and returns its status.  Never throws. */
xc_status xc_status_of_current_exception(std::string &message) noexcept;

/* Records MESSAGE as this thread's last error and returns STATUS. */
xc_status xc_fail_thread(xc_status status, const char *message) noexcept;

/* Stores MESSAGE in SLOT; on a failed allocation leaves SLOT empty. */
void xc_set_error(std::string &slot, const char *message) noexcept;

/* Builds a new malloc'd NUL-terminated copy of S for the caller. */
xc_status xc_copy_out(const std::string &s, char **out, size_t *len,
                      std::string &error_slot) noexcept;

/* Where a crash inside Xapian jumps back to (fault.cc): one per guarded
 * call in progress on this thread, innermost on top. */
struct xc_fault_frame {
    sigjmp_buf env;
    /* Both set after sigsetjmp and read after the jump back: volatile,
     * or their values would be indeterminate there. */
    xc_fault_frame *volatile prev;
    volatile int signal;
};
extern thread_local xc_fault_frame *xc_fault_top;

/* Pushes FRAME for its lifetime (and installs the handlers, once). */
class xc_fault_scope {
public:
    explicit xc_fault_scope(xc_fault_frame *frame) noexcept;
    ~xc_fault_scope();
    xc_fault_scope(const xc_fault_scope &) = delete;
    xc_fault_scope &operator=(const xc_fault_scope &) = delete;

private:
    xc_fault_frame *frame_;
};

/* After a jump back to FRAME: pops it and writes the message that names
 * the damage. */
void xc_fault_message(const xc_fault_frame *frame, std::string &message) noexcept;

/* Runs BODY (returning XC_STATUS_LAST to go on, or the status to return)
 * so that no exception escapes, nor a crash inside Xapian (fault.cc): on
 * one, the message goes to *SLOT, or to the thread when SLOT is NULL.
 * The jump buffer lives here, not in the caller, whose variables a jump
 * would leave undefined. */
template <class F>
xc_status xc_guarded(std::string *slot, F &&body) noexcept
{
    xc_fault_frame frame;
    if (sigsetjmp(frame.env, 0) != 0) {
        std::string message;
        xc_fault_message(&frame, message);
        if (slot == nullptr)
            return xc_fail_thread(XC_STATUS_CORRUPT, message.c_str());
        xc_set_error(*slot, message.c_str());
        return XC_STATUS_CORRUPT;
    }
    xc_fault_scope scope(&frame);
    try {
        return body();
    } catch (...) {
        if (slot != nullptr)
            return xc_status_of_current_exception(*slot);
        std::string message;
        xc_status status = xc_status_of_current_exception(message);
        return xc_fail_thread(status, message.c_str());
    }
}

/* Wraps the statements given (commas allowed; a return in them returns
 * an xc_status from the caller) so that no exception escapes, nor a
 * crash inside Xapian: on one, the status and message go to ERROR_SLOT
 * (a std::string on the handle). */
#define XC_GUARD(error_slot, ...)                                        \
    do {                                                                  \
        xc_status guarded_ = xc_guarded(&(error_slot), [&]() -> xc_status { \
            __VA_ARGS__                                                   \
            return XC_STATUS_LAST;                                        \
        });                                                               \
        if (guarded_ != XC_STATUS_LAST)                                   \
            return guarded_;                                              \
    } while (0)

/* The same for calls with no handle: the message goes to the thread. */
#define XC_GUARD_THREAD(...)                                             \
    do {                                                                  \
        xc_status guarded_ = xc_guarded(nullptr, [&]() -> xc_status {     \
            __VA_ARGS__                                                   \
            return XC_STATUS_LAST;                                        \
        });                                                               \
        if (guarded_ != XC_STATUS_LAST)                                   \
            return guarded_;                                              \
    } while (0)

#define XC_CHECK_ARG(cond, error_slot, what)                             \
    do {                                                                 \
        if (!(cond)) {                                                   \
            xc_set_error((error_slot), (what));                          \
            return XC_STATUS_INVALID_ARGUMENT;                           \
        }                                                                \
    } while (0)

#endif /* XAPIAN_C_INTERNAL_H */
