/*
 * error.cc: the one place where C++ exceptions become xc_status values.
 */
#include "internal.h"

#include <cstdlib>
#include <cstring>
#include <new>

namespace {

/* The last message of a handle-less call, per thread so that threads never
 * see each other's errors.  A fixed buffer: it must work when memory is
 * exhausted. */
thread_local char thread_error[512];

} // namespace

void xc_set_error(std::string &slot, const char *message) noexcept
{
    try {
        slot = message;
    } catch (...) {
        slot.clear();
    }
}

/* Xapian::Error has no virtual functions, so dynamic_cast cannot tell its
 * subclasses apart: a chain of catch clauses does, most derived first. */
#define XC_MAP(type, status_value)                                       \
    catch (const type &e) {                                              \
        status = (status_value);                                         \
        describe(e, message);                                            \
    }

namespace {
void describe(const Xapian::Error &e, std::string &message) noexcept
{
    try {
        message = e.get_description();
    } catch (...) {
        message.clear();
    }
}
} // namespace

xc_status xc_status_of_current_exception(std::string &message) noexcept
{
    xc_status status = XC_STATUS_OTHER;
    try {
        throw;
    }
    XC_MAP(Xapian::DatabaseNotFoundError, XC_STATUS_NOT_FOUND)
    XC_MAP(Xapian::DocNotFoundError, XC_STATUS_NOT_FOUND)
    XC_MAP(Xapian::DatabaseLockError, XC_STATUS_LOCKED)
    XC_MAP(Xapian::DatabaseModifiedError, XC_STATUS_MODIFIED)
    /* An opening error that is not "not found" means the files are there but
     * are not a database we can read: damaged, truncated or of an unknown
     * version. */
    XC_MAP(Xapian::DatabaseCorruptError, XC_STATUS_CORRUPT)
    XC_MAP(Xapian::DatabaseOpeningError, XC_STATUS_CORRUPT)
    XC_MAP(Xapian::NetworkError, XC_STATUS_NETWORK)
    XC_MAP(Xapian::DatabaseClosedError, XC_STATUS_INVALID_ARGUMENT)
    XC_MAP(Xapian::InvalidArgumentError, XC_STATUS_INVALID_ARGUMENT)
    XC_MAP(Xapian::InvalidOperationError, XC_STATUS_INVALID_ARGUMENT)
    XC_MAP(Xapian::QueryParserError, XC_STATUS_INVALID_ARGUMENT)
    XC_MAP(Xapian::SerialisationError, XC_STATUS_INVALID_ARGUMENT)
    XC_MAP(Xapian::RangeError, XC_STATUS_RANGE)
    XC_MAP(Xapian::WildcardError, XC_STATUS_RANGE)
    /* Creating fails for reasons of the file system (a missing parent
     * folder, permissions), not of the database. */
    XC_MAP(Xapian::DatabaseCreateError, XC_STATUS_OTHER)
    /* What remains of DatabaseError is a block that cannot be read: a
     * truncated file ("EOF reading block") or an I/O error. */
    XC_MAP(Xapian::DatabaseError, XC_STATUS_CORRUPT)
    XC_MAP(Xapian::Error, XC_STATUS_OTHER)
    catch (const std::bad_alloc &) {
        message.clear(); /* a message would need memory */
        status = XC_STATUS_NO_MEMORY;
    } catch (const std::exception &e) {
        xc_set_error(message, e.what());
    } catch (...) {
        xc_set_error(message, "unknown C++ exception");
    }
    return status;
}

xc_status xc_fail_thread(xc_status status, const char *message) noexcept
{
    if (message == nullptr || *message == '\0')
        message = xc_status_to_string(status);
    std::strncpy(thread_error, message, sizeof thread_error - 1);
    thread_error[sizeof thread_error - 1] = '\0';
    return status;
}

xc_status xc_copy_out(const std::string &s, char **out, size_t *len,
                      std::string &error_slot) noexcept
{
    char *copy = static_cast<char *>(std::malloc(s.size() + 1));
    if (copy == nullptr) {
        error_slot.clear();
        return XC_STATUS_NO_MEMORY;
    }
    std::memcpy(copy, s.data(), s.size());
    copy[s.size()] = '\0';
    *out = copy;
    if (len != nullptr)
        *len = s.size();
    return XC_STATUS_SUCCESS;
}

extern "C" {

const char *xc_status_to_string(xc_status status)
{
    switch (status) {
    case XC_STATUS_SUCCESS: return "success";
    case XC_STATUS_NOT_FOUND: return "not found";
    case XC_STATUS_LOCKED: return "locked by another writer";
    case XC_STATUS_MODIFIED: return "modified (reopen and retry)";
    case XC_STATUS_CORRUPT: return "corrupt or unreadable database";
    case XC_STATUS_NETWORK: return "network error";
    case XC_STATUS_INVALID_ARGUMENT: return "invalid argument";
    case XC_STATUS_RANGE: return "out of range";
    case XC_STATUS_NO_MEMORY: return "out of memory";
    case XC_STATUS_OTHER: return "error";
    case XC_STATUS_LAST: break;
    }
    return "unknown status";
}

const char *xc_thread_last_error(void)
{
    return thread_error;
}

void xc_free(void *ptr)
{
    std::free(ptr);
}

const char *xc_xapian_version(void)
{
    return Xapian::version_string();
}

} // extern "C"
