/*
 * spies.h: the match spies of libxapian-c's enquires: facet counters over
 * values and terms, and a spy that hands docids to C.  Private to the
 * library; enquire.cc owns and registers them.
 */
#ifndef XAPIAN_C_SPIES_H
#define XAPIAN_C_SPIES_H

#include <xapian.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "string_tally.h"
#include "xapian-c.h"

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
 * whole value, or, split into fields, each item of a field's list
 * ("a\nb\nc") once per document.  A facet sees up to every match and a few hundred distinct
 * values, so a StringTally: no allocation per document once the values
 * are known, where Xapian's ValueCountMatchSpy walks a std::map and copies
 * a string for each.
 *
 * A remote database runs only Xapian's own spies: for one, the counter
 * hands the counting to a ValueCountMatchSpy (use_stock()), which counts
 * whole values; a fields counter then splits each distinct value into its
 * fields and lists.  The counts are the same, only slower and larger: as
 * many values as the matches have distinct ones cross the network. */
class ValueCounter : public Xapian::MatchSpy {
  public:
    /* N_FIELDS 0: the whole value is one facet; else the value holds
     * that many '\x1e'-separated lists, each a facet of its own. */
    ValueCounter(xc_valueno slot, unsigned n_fields)
        : slot_(slot), n_fields_(n_fields),
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
    /* Counts with a ValueCountMatchSpy from now on. */
    void use_stock();

  private:
    std::vector<std::pair<std::string, uint32_t>>
    stock_field_counts(unsigned field) const;
    void add(unsigned field, const char *value, size_t len);
    void add_list(unsigned field, const char *value, size_t len);
    xc_valueno slot_;
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

#endif
