/*
 * spies.cc: the facet counters over values and terms.
 */
#include "spies.h"

#include <algorithm>
#include <cstring>

void PrefixTermCounter::operator()(const Xapian::Document &doc, double)
{
    n_docs_++;
    Xapian::TermIterator t = doc.termlist_begin();
    Xapian::TermIterator end = doc.termlist_end();
    t.skip_to(prefix_);
    for (; t != end; ++t) {
        std::string term = *t;
        if (term.compare(0, prefix_.size(), prefix_) != 0)
            break;
        counts_[term]++;
    }
}

void ValueCounter::add(unsigned field, const char *value, size_t len)
{
    counts_[field].add(value, len, n_docs_);
}

void ValueCounter::add_list(unsigned field, const char *value, size_t len)
{
    const char *end = value + len;
    while (value < end) {
        const char *next = static_cast<const char *>(
            memchr(value, '\n', static_cast<size_t>(end - value)));
        if (next == nullptr)
            next = end;
        if (next > value)
            add(field, value, static_cast<size_t>(next - value));
        value = next + 1;
    }
}

void ValueCounter::operator()(const Xapian::Document &doc, double)
{
    n_docs_++;
    const std::string value = doc.get_value(slot_);
    if (n_fields_ == 0) {
        // As Xapian's ValueCountMatchSpy: a document without one counts
        // in n_docs only.
        if (!value.empty())
            add(0, value.data(), value.size());
        return;
    }
    size_t start = 0;
    for (unsigned field = 0; field < n_fields_ && start <= value.size();
         field++) {
        size_t end = value.find('\x1e', start);
        if (end == std::string::npos)
            end = value.size();
        add_list(field, value.data() + start, end - start);
        start = end + 1;
    }
}

// Xapian's spy counts each whole value, the fields and lists of one
// document packed together: a document counts once for each item of the
// field's list in its value, however many documents share that value.
std::vector<std::pair<std::string, uint32_t>>
ValueCounter::stock_field_counts(unsigned field) const
{
    std::map<std::string, uint32_t> sums;
    std::vector<std::string> seen; // the items of one value, once each
    for (Xapian::TermIterator v = stock_->values_begin();
         v != stock_->values_end(); ++v) {
        const std::string value = *v;
        size_t start = 0;
        for (unsigned f = 0; f < field && start != std::string::npos; f++) {
            start = value.find('\x1e', start);
            if (start != std::string::npos)
                start++;
        }
        if (start == std::string::npos)
            continue;
        size_t end = value.find('\x1e', start);
        if (end == std::string::npos)
            end = value.size();
        seen.clear();
        while (start < end) {
            size_t next = value.find('\n', start);
            if (next == std::string::npos || next > end)
                next = end;
            if (next > start) {
                std::string item = value.substr(start, next - start);
                if (std::find(seen.begin(), seen.end(), item) == seen.end()) {
                    sums[item] += v.get_termfreq();
                    seen.push_back(std::move(item));
                }
            }
            start = next + 1;
        }
    }
    return std::vector<std::pair<std::string, uint32_t>>(sums.begin(),
                                                          sums.end());
}

std::vector<std::pair<std::string, uint32_t>>
ValueCounter::counts(unsigned field) const
{
    std::vector<std::pair<std::string, uint32_t>> list;
    if (stock_ && n_fields_ == 0) {
        for (Xapian::TermIterator v = stock_->values_begin();
             v != stock_->values_end(); ++v)
            list.emplace_back(*v, v.get_termfreq());
        return list;
    }
    if (stock_)
        return stock_field_counts(field);
    list.reserve(counts_[field].size());
    counts_[field].each([&list](std::string value, uint32_t docs) {
        list.emplace_back(std::move(value), docs);
    });
    return list;
}

uint32_t ValueCounter::n_docs() const
{
    return stock_ ? static_cast<uint32_t>(stock_->get_total()) : n_docs_;
}

void ValueCounter::reset()
{
    for (auto &counts : counts_)
        counts.clear();
    n_docs_ = 0;
    // Xapian's spy cannot be emptied: a new one (re-registered by the
    // caller).
    if (stock_)
        stock_.reset(new Xapian::ValueCountMatchSpy(slot_));
}

Xapian::MatchSpy *ValueCounter::spy()
{
    return stock_ ? static_cast<Xapian::MatchSpy *>(stock_.get()) : this;
}

void ValueCounter::use_stock()
{
    if (!stock_)
        stock_.reset(new Xapian::ValueCountMatchSpy(slot_));
}

