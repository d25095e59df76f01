/*
 * string_tally.cc: counting byte strings, once per document.
 */
#include "string_tally.h"

#include <cstring>
#include <stdexcept>

namespace {

/* A multiply-and-rotate hash, eight bytes a step: facet strings are
 * short, and a byte-at-a-time hash cost more than the probe. */
uint64_t hash_bytes(const char *s, size_t len)
{
    const uint64_t k = 0x9e3779b97f4a7c15ULL;
    uint64_t h = len * k;
    while (len >= 8) {
        uint64_t w;
        std::memcpy(&w, s, 8);
        h = (h ^ w) * k;
        h ^= h >> 29;
        s += 8;
        len -= 8;
    }
    if (len > 0) {
        uint64_t w = 0;
        std::memcpy(&w, s, len);
        h = (h ^ w) * k;
        h ^= h >> 29;
    }
    h *= k;
    return h ^ (h >> 32);
}

} // namespace

void StringTally::add(const char *s, size_t len, uint32_t doc)
{
    if (2 * (used_ + 1) > slots_.size())
        grow();
    uint64_t hash = hash_bytes(s, len);
    size_t mask = slots_.size() - 1;
    for (size_t i = static_cast<size_t>(hash) & mask;; i = (i + 1) & mask) {
        Slot &slot = slots_[i];
        if (slot.docs == 0) {
            if (arena_.size() + len > UINT32_MAX)
                throw std::length_error("facet strings past 4 GiB");
            slot = Slot{hash, static_cast<uint32_t>(arena_.size()),
                        static_cast<uint32_t>(len), 1, doc};
            arena_.append(s, len);
            used_++;
            return;
        }
        if (slot.hash == hash && slot.len == len &&
            std::memcmp(arena_.data() + slot.at, s, len) == 0) {
            if (slot.last_doc != doc) {
                slot.docs++;
                slot.last_doc = doc;
            }
            return;
        }
    }
}

void StringTally::clear()
{
    for (Slot &slot : slots_)
        slot.docs = 0;
    arena_.clear();
    used_ = 0;
}

void StringTally::grow()
{
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 64 : 2 * old.size(), Slot{0, 0, 0, 0, 0});
    size_t mask = slots_.size() - 1;
    for (const Slot &slot : old) {
        if (slot.docs == 0)
            continue;
        size_t i = static_cast<size_t>(slot.hash) & mask;
        while (slots_[i].docs != 0)
            i = (i + 1) & mask;
        slots_[i] = slot;
    }
}
