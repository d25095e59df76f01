/*
 * internal.h: what the files of libxapian-c share and nobody else sees.
 * The struct bodies behind the opaque handles of xapian-c.h live here,
 * because several .cc files need them (a document comes from a database
 * or a match set, a term list from all three).
 */
#ifndef XAPIAN_C_INTERNAL_H
#define XAPIAN_C_INTERNAL_H

#include "string_tally.h"
#include "xapian-c.h"

#include <xapian.h>

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

struct xc_db {
    /* For a writer, db and wdb share one internal object; for a reader
     * wdb stays empty. */
    Xapian::Database db;
    Xapian::WritableDatabase wdb;
    bool is_writable = false;
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

/* Counts the terms starting with a prefix over the documents a match looks
 * at.  Xapian 1.4 ships only a value counter, so we write this one. */
class PrefixTermCounter : public Xapian::MatchSpy {
  public:
    explicit PrefixTermCounter(const std::string &prefix) : prefix_(prefix) {}
    void operator()(const Xapian::Document &doc, double wt) override;
    std::string name() const override { return "dossier.PrefixTermCounter"; }
    const std::string &prefix() const { return prefix_; }
    const std::map<std::string, uint32_t> &counts() const { return counts_; }
    uint32_t n_docs() const { return n_docs_; }
    void reset() { counts_.clear(); n_docs_ = 0; }

  private:
    std::string prefix_;
    std::map<std::string, uint32_t> counts_;
    uint32_t n_docs_ = 0;
};

/* Counts the values of a slot over the documents a match looks at: each
 * value, or with IS_LIST each item of a list ("a\nb\nc") once per
 * document.  A facet sees up to every match and a few hundred distinct
 * values, so a StringTally: no allocation per document once the values
 * are known, where Xapian's ValueCountMatchSpy walks a std::map and copies
 * a string for each.
 *
 * A remote database runs only Xapian's own spies: for one, a plain value
 * counter hands the counting to a ValueCountMatchSpy (use_stock()); a list
 * counter has no such stand-in. */
class ValueCounter : public Xapian::MatchSpy {
  public:
    /* N_FIELDS 0: the whole value (a list when IS_LIST) is one facet;
     * else the value holds that many '\x1e'-separated lists, each a
     * facet of its own. */
    ValueCounter(xc_valueno slot, bool is_list, unsigned n_fields = 0)
        : slot_(slot), is_list_(is_list || n_fields > 0), n_fields_(n_fields),
          counts_(n_fields > 0 ? n_fields : 1) {}
    void operator()(const Xapian::Document &doc, double wt) override;
    std::string name() const override { return "dossier.ValueCounter"; }
    xc_valueno slot() const { return slot_; }
    unsigned n_fields() const { return n_fields_; }
    /* Each value of FIELD with the documents that hold it, in no order. */
    std::vector<std::pair<std::string, uint32_t>> counts(unsigned field) const;
    uint32_t n_docs() const;
    void reset();
    /* The spy to register with the enquire: this, or the stand-in. */
    Xapian::MatchSpy *spy();
    /* Counts with a ValueCountMatchSpy from now on; false for a list. */
    bool use_stock();

  private:
    void add(unsigned field, const char *value, size_t len);
    void add_list(unsigned field, const char *value, size_t len);
    xc_valueno slot_;
    bool is_list_;
    unsigned n_fields_;
    /* Per field; counted once per document (n_docs_ tells them apart). */
    std::vector<StringTally> counts_;
    uint32_t n_docs_ = 0;
    std::unique_ptr<Xapian::ValueCountMatchSpy> stock_;
};

/* Hands each document the match looks at to a C function: only its id,
 * so nothing is read.  One local database only: a remote server cannot
 * call back into us, and over shards Xapian 1.4 gives a spy the shard's
 * own docid. */
class DocidSpy : public Xapian::MatchSpy {
  public:
    DocidSpy(void (*each)(void *ctx, xc_docid docid), void *ctx)
        : each_(each), ctx_(ctx) {}
    void operator()(const Xapian::Document &doc, double) override
    {
        each_(ctx_, doc.get_docid());
    }
    std::string name() const override { return "dossier.DocidSpy"; }

  private:
    void (*each_)(void *ctx, xc_docid docid);
    void *ctx_;
};

struct xc_enquire {
    explicit xc_enquire(const Xapian::Database &db)
        : enquire(db), n_shards(db.size()) {}
    Xapian::Enquire enquire;
    size_t n_shards; /* of the database it searches */
    /* Owned here; registered with the enquire by pointer. */
    std::vector<std::unique_ptr<ValueCounter>> value_counters;
    std::vector<std::unique_ptr<PrefixTermCounter>> term_counters;
    std::vector<std::unique_ptr<DocidSpy>> docid_spies;
    std::string last_error;
};

struct xc_mset {
    explicit xc_mset(const Xapian::Enquire &e) : enquire(e) {}
    Xapian::MSet mset;
    Xapian::Enquire enquire; /* for matching terms; shares ENQ's state */
    std::string last_error;
};

struct xc_rset {
    Xapian::RSet rset;
};

struct xc_eset {
    std::vector<std::pair<std::string, double>> terms;
};

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

/* Wraps the statements given (commas allowed) so that no exception escapes: on one, the status and message
 * go to ERROR_SLOT (a std::string on the handle). */
#define XC_GUARD(error_slot, ...)                                       \
    do {                                                                 \
        try {                                                            \
            __VA_ARGS__                                                  \
        } catch (...) {                                                  \
            return xc_status_of_current_exception(error_slot);           \
        }                                                                \
    } while (0)

/* The same for calls with no handle: the message goes to the thread. */
#define XC_GUARD_THREAD(...)                                            \
    do {                                                                 \
        try {                                                            \
            __VA_ARGS__                                                  \
        } catch (...) {                                                  \
            std::string message_;                                        \
            xc_status status_ = xc_status_of_current_exception(message_); \
            return xc_fail_thread(status_, message_.c_str());            \
        }                                                                \
    } while (0)

#define XC_CHECK_ARG(cond, error_slot, what)                             \
    do {                                                                 \
        if (!(cond)) {                                                   \
            xc_set_error((error_slot), (what));                          \
            return XC_STATUS_INVALID_ARGUMENT;                           \
        }                                                                \
    } while (0)

#endif /* XAPIAN_C_INTERNAL_H */
