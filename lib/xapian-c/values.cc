/*
 * values.cc: value streams, one slot of every document in docid order.
 */
#include "internal.h"

namespace {

/* Copies the current entry, or records why it could not. */
void load(xc_values *it) noexcept
{
    try {
        if (it->it != it->end) {
            it->current = *it->it;
            it->docid = it->it.get_docid();
        }
    } catch (...) {
        it->status = xc_status_of_current_exception(it->last_error);
    }
}

} // namespace

extern "C" {

xc_status xc_db_values(xc_db *db, xc_valueno slot, xc_values **out)
{
    if (db == nullptr)
        return XC_STATUS_INVALID_ARGUMENT;
    XC_CHECK_ARG(out != nullptr, db->last_error, "out is NULL");
    *out = nullptr;
    XC_GUARD(db->last_error, {
        std::unique_ptr<xc_values> values(new xc_values);
        values->it = db->db.valuestream_begin(slot);
        values->end = db->db.valuestream_end(slot);
        load(values.get());
        if (values->status != XC_STATUS_SUCCESS) {
            db->last_error = values->last_error;
            return values->status;
        }
        *out = values.release();
    });
    return XC_STATUS_SUCCESS;
}

int xc_values_valid(const xc_values *it)
{
    return it != nullptr && it->status == XC_STATUS_SUCCESS &&
           it->it != it->end;
}

xc_docid xc_values_docid(const xc_values *it)
{
    return xc_values_valid(it) ? it->docid : 0;
}

const char *xc_values_value(const xc_values *it, size_t *len)
{
    if (!xc_values_valid(it)) {
        if (len)
            *len = 0;
        return nullptr;
    }
    if (len)
        *len = it->current.size();
    return it->current.data();
}

void xc_values_next(xc_values *it)
{
    if (!xc_values_valid(it))
        return;
    try {
        ++it->it;
    } catch (...) {
        it->status = xc_status_of_current_exception(it->last_error);
        return;
    }
    load(it);
}

int xc_values_skip_to(xc_values *it, xc_docid docid)
{
    if (xc_values_valid(it) && it->docid < docid) {
        try {
            it->it.skip_to(docid);
        } catch (...) {
            it->status = xc_status_of_current_exception(it->last_error);
            return 0;
        }
        load(it);
    }
    return xc_values_valid(it) && it->docid == docid;
}

xc_status xc_values_status(const xc_values *it)
{
    return it ? it->status : XC_STATUS_INVALID_ARGUMENT;
}

const char *xc_values_last_error(const xc_values *it)
{
    return it ? it->last_error.c_str() : "no value stream";
}

void xc_values_destroy(xc_values *it)
{
    delete it;
}

} // extern "C"
