/*
 * document.cc: building and reading documents: terms, values, data.
 */
#include "internal.h"

#include <cmath>
#include <cstring>
#include <new>

#define XC_NEED_DOC(doc)                                                 \
    do {                                                                 \
        if ((doc) == nullptr)                                            \
            return XC_STATUS_INVALID_ARGUMENT;                           \
    } while (0)

/* Xapian accepts an empty term here and fails only at add_document time,
 * far from the mistake; refuse it where it is made. */
#define XC_NEED_TERM(doc, term)                                          \
    XC_CHECK_ARG((term) != nullptr && *(term) != '\0', (doc)->last_error, \
                 "empty term")

extern "C" {

xc_status xc_doc_new(xc_doc **out)
{
    if (out == nullptr)
        return xc_fail_thread(XC_STATUS_INVALID_ARGUMENT, "out is NULL");
    *out = nullptr;
    XC_GUARD_THREAD({ *out = new xc_doc; });
    return XC_STATUS_SUCCESS;
}

void xc_doc_destroy(xc_doc *doc)
{
    delete doc;
}

const char *xc_doc_last_error(const xc_doc *doc)
{
    return doc ? doc->last_error.c_str() : "no document";
}

xc_docid xc_doc_docid(const xc_doc *doc)
{
    return doc ? doc->doc.get_docid() : 0;
}

xc_status xc_doc_add_posting(xc_doc *doc, const char *term,
                             xc_termpos position, uint32_t wdf_inc)
{
    XC_NEED_DOC(doc);
    XC_NEED_TERM(doc, term);
    XC_GUARD(doc->last_error,
             { doc->doc.add_posting(term, position, wdf_inc); });
    return XC_STATUS_SUCCESS;
}

xc_status xc_doc_add_term(xc_doc *doc, const char *term, uint32_t wdf_inc)
{
    XC_NEED_DOC(doc);
    XC_NEED_TERM(doc, term);
    XC_GUARD(doc->last_error, { doc->doc.add_term(term, wdf_inc); });
    return XC_STATUS_SUCCESS;
}

xc_status xc_doc_add_boolean_term(xc_doc *doc, const char *term)
{
    XC_NEED_DOC(doc);
    XC_NEED_TERM(doc, term);
    XC_GUARD(doc->last_error, { doc->doc.add_boolean_term(term); });
    return XC_STATUS_SUCCESS;
}

xc_status xc_doc_set_value(xc_doc *doc, xc_valueno slot, const char *value,
                           size_t len)
{
    XC_NEED_DOC(doc);
    XC_CHECK_ARG(value != nullptr || len == 0, doc->last_error,
                 "value is NULL");
    XC_GUARD(doc->last_error, {
        doc->doc.add_value(slot, std::string(value ? value : "", len));
    });
    return XC_STATUS_SUCCESS;
}

xc_status xc_doc_get_value(xc_doc *doc, xc_valueno slot, char **value,
                           size_t *len)
{
    XC_NEED_DOC(doc);
    XC_CHECK_ARG(value != nullptr, doc->last_error, "value is NULL");
    *value = nullptr;
    if (len)
        *len = 0;
    XC_GUARD(doc->last_error, {
        return xc_copy_out(doc->doc.get_value(slot), value, len,
                           doc->last_error);
    });
    return XC_STATUS_OTHER; /* not reached */
}

xc_status xc_doc_set_value_double(xc_doc *doc, xc_valueno slot, double number)
{
    XC_NEED_DOC(doc);
    XC_CHECK_ARG(!std::isnan(number), doc->last_error, "number is NaN");
    XC_GUARD(doc->last_error, {
        doc->doc.add_value(slot, Xapian::sortable_serialise(number));
    });
    return XC_STATUS_SUCCESS;
}

xc_status xc_doc_get_value_double(xc_doc *doc, xc_valueno slot,
                                  double *number, int *is_set)
{
    XC_NEED_DOC(doc);
    XC_CHECK_ARG(number != nullptr, doc->last_error, "number is NULL");
    *number = 0;
    if (is_set)
        *is_set = 0;
    XC_GUARD(doc->last_error, {
        std::string v = doc->doc.get_value(slot);
        if (!v.empty()) {
            *number = Xapian::sortable_unserialise(v);
            if (is_set)
                *is_set = 1;
        }
    });
    return XC_STATUS_SUCCESS;
}

xc_status xc_doc_set_value_time(xc_doc *doc, xc_valueno slot, time_t when)
{
    return xc_doc_set_value_double(doc, slot, static_cast<double>(when));
}

xc_status xc_doc_get_value_time(xc_doc *doc, xc_valueno slot, time_t *when,
                                int *is_set)
{
    XC_NEED_DOC(doc);
    XC_CHECK_ARG(when != nullptr, doc->last_error, "when is NULL");
    double seconds = 0;
    xc_status status = xc_doc_get_value_double(doc, slot, &seconds, is_set);
    *when = static_cast<time_t>(seconds);
    return status;
}

size_t xc_sortable_serialise(double number, char *buf)
{
    /* sortable_serialise_() writes at most 9 bytes and never throws. */
    return Xapian::sortable_serialise_(number, buf);
}

double xc_sortable_unserialise(const char *buf, size_t len)
{
    try {
        return Xapian::sortable_unserialise(std::string(buf, len));
    } catch (...) {
        return 0;
    }
}

xc_status xc_doc_set_data(xc_doc *doc, const char *data, size_t len)
{
    XC_NEED_DOC(doc);
    XC_CHECK_ARG(data != nullptr || len == 0, doc->last_error,
                 "data is NULL");
    XC_GUARD(doc->last_error,
             { doc->doc.set_data(std::string(data ? data : "", len)); });
    return XC_STATUS_SUCCESS;
}

xc_status xc_doc_get_data(xc_doc *doc, char **data, size_t *len)
{
    XC_NEED_DOC(doc);
    XC_CHECK_ARG(data != nullptr, doc->last_error, "data is NULL");
    *data = nullptr;
    if (len)
        *len = 0;
    XC_GUARD(doc->last_error, {
        return xc_copy_out(doc->doc.get_data(), data, len, doc->last_error);
    });
    return XC_STATUS_OTHER; /* not reached */
}

xc_status xc_doc_terms(xc_doc *doc, xc_terms **out)
{
    XC_NEED_DOC(doc);
    XC_CHECK_ARG(out != nullptr, doc->last_error, "out is NULL");
    *out = nullptr;
    XC_GUARD(doc->last_error, {
        std::unique_ptr<xc_terms> terms(new xc_terms);
        terms->it = doc->doc.termlist_begin();
        terms->end = doc->doc.termlist_end();
        xc_terms_load_first(terms.get());
        *out = terms.release();
    });
    return XC_STATUS_SUCCESS;
}

} // extern "C"
