/*
 * terms.cc: the one term-list iterator behind database, document, synonym,
 * matching-term and facet lists.
 */
#include "internal.h"

namespace {

/* Loads the current term into it->current, or records why it could not.
 * Xapian may throw while stepping a lazy list (a reader overtaken by a
 * writer), so every step goes through here. */
void load_current(xc_terms *it) noexcept
{
    if (it->status != XC_STATUS_SUCCESS)
        return;
    try {
        if (it->is_list) {
            if (it->list_pos < it->list.size())
                it->current = it->list[it->list_pos].first;
        } else if (it->it != it->end) {
            it->current = *it->it;
        }
    } catch (...) {
        it->status = xc_status_of_current_exception(it->last_error);
    }
}

bool at_end(const xc_terms *it)
{
    if (it->is_list)
        return it->list_pos >= it->list.size();
    return it->it == it->end;
}

} // namespace

void xc_terms_load_first(xc_terms *it)
{
    if (it->is_list) {
        if (!it->list.empty())
            it->current = it->list[0].first;
    } else if (it->it != it->end) {
        it->current = *it->it;
    }
}

extern "C" {

int xc_terms_valid(const xc_terms *it)
{
    return it != nullptr && it->status == XC_STATUS_SUCCESS && !at_end(it);
}

const char *xc_terms_term(const xc_terms *it)
{
    return xc_terms_valid(it) ? it->current.c_str() : nullptr;
}

size_t xc_terms_term_len(const xc_terms *it)
{
    return xc_terms_term(it) ? it->current.size() : 0;
}

uint32_t xc_terms_freq(const xc_terms *it)
{
    if (!xc_terms_valid(it))
        return 0;
    if (it->is_list)
        return it->list[it->list_pos].second;
    try {
        return it->it.get_termfreq();
    } catch (...) {
        /* Not every list has frequencies (a synonym list has none). */
        return 0;
    }
}

uint32_t xc_terms_wdf(const xc_terms *it)
{
    if (!xc_terms_valid(it) || it->is_list)
        return 0;
    try {
        return it->it.get_wdf();
    } catch (...) {
        return 0;
    }
}

void xc_terms_next(xc_terms *it)
{
    if (!xc_terms_valid(it))
        return;
    it->current.clear();
    try {
        if (it->is_list)
            it->list_pos++;
        else
            ++it->it;
    } catch (...) {
        it->status = xc_status_of_current_exception(it->last_error);
        return;
    }
    if (!at_end(it))
        load_current(it);
}

xc_status xc_terms_status(const xc_terms *it)
{
    return it ? it->status : XC_STATUS_INVALID_ARGUMENT;
}

const char *xc_terms_last_error(const xc_terms *it)
{
    return it ? it->last_error.c_str() : "no term list";
}

void xc_terms_destroy(xc_terms *it)
{
    delete it;
}

} // extern "C"
