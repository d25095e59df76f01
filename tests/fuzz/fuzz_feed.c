/*
 * fuzz_feed.c: the RSS 2.0 / RSS 1.0 / Atom reader, read_feed(), on the
 * input as a whole document, as input_read() and the fetcher hand it a
 * feed.  The input's length picks the charset the transport declared
 * (none, the usual ones, a bogus one) and the article cap.
 *
 * Each article goes through what the indexer does next with it (the URL
 * canonicalized, the stored record written and read back); the feed
 * reader always sets a title and a body.
 */
#define _GNU_SOURCE /* memfd_create, in fuzz_common.h */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const charsets[] = {
        NULL, NULL, "utf-8", "iso-8859-1", "windows-1252", "utf-16",
        "x-no-such-charset",
    };
    fuzz_sink_state state = {.is_title_body_required = 1};
    reader_sink sink = fuzz_sink(&state, size, 512, charsets,
                                 sizeof charsets / sizeof charsets[0]);
    FUZZ_CHECK(read_feed((const char *)data, size, "fuzz.xml", &sink) == 0);
    return 0;
}
