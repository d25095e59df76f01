/*
 * fuzz_jsonl.c: the JSON Lines reader, read_jsonl(), fed as input_read()
 * feeds it: the input is the file's bytes (gzip or plain: zlib tells),
 * the first 4,096 bytes read ahead as the format sniffer reads them, the
 * rest streamed from the gzFile.  The file is an in-memory one (memfd),
 * rewritten for each input.
 *
 * Each article goes through what the indexer does next with it (the URL
 * canonicalized, the stored record written and read back).  The input's
 * length picks a small or the default article cap and a default language,
 * so that the "article larger than" path is reached by small inputs.
 */
#define _GNU_SOURCE /* memfd_create, in fuzz_common.h */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include "fuzz_common.h"
#include "read_jsonl.h"

#define SNIFF_BYTES 4096 /* as input.c */

static fuzz_file file;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_file_open(&file, "fuzz.jsonl");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_file_set(&file, data, size);
    int fd = dup(file.fd);
    if (fd < 0)
        abort();
    gzFile in = gzdopen(fd, "rb");
    if (in == NULL) {
        close(fd);
        return 0;
    }
    char head[SNIFF_BYTES];
    int got = gzread(in, head, sizeof head);
    if (got < 0) {
        gzclose(in);
        return 0;
    }
    fuzz_sink_state state = {0};
    reader_sink sink = fuzz_sink(&state, size, 256, NULL, 0);
    FUZZ_CHECK(read_jsonl(head, (size_t)got, in, "fuzz.jsonl", &sink) == 0);
    gzclose(in);
    return 0;
}
