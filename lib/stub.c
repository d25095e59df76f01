/*
 * stub.c: reading a Xapian stub database file into its shards.
 */
#define _POSIX_C_SOURCE 200809L
#include "dossier/stub.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

bool dossier_is_stub(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool dossier_archive_stub(const char *path, char *out, size_t out_size)
{
    int n = snprintf(out, out_size, "%s/%s", path, DOSSIER_ARCHIVE_STUB);
    return n > 0 && (size_t)n < out_size && dossier_is_stub(out);
}

void dossier_stub_clear(dossier_stub *stub)
{
    for (size_t i = 0; i < stub->n_shards; i++) {
        free(stub->shards[i].path);
        free(stub->shards[i].host);
        free(stub->shards[i].name);
    }
    free(stub->shards);
    stub->shards = NULL;
    stub->n_shards = 0;
}

/* PATH as Xapian reads it from the stub at STUB_PATH: relative to the
 * stub's folder unless absolute.  NULL when memory runs out. */
static char *resolve(const char *stub_path, const char *path)
{
    if (path[0] == '/')
        return strdup(path);
    const char *slash = strrchr(stub_path, '/');
    size_t dir = slash ? (size_t)(slash - stub_path) + 1 : 0;
    size_t n = strlen(path);
    char *out = malloc(dir + n + 1);
    if (out != NULL) {
        memcpy(out, stub_path, dir);
        memcpy(out + dir, path, n + 1);
    }
    return out;
}

/* Reads "HOST:PORT" (HOST may be empty) into SHARD.  Returns false when it
 * is not a TCP address: no colon (a program to run), or a bad port. */
static bool parse_tcp(const char *addr, dossier_shard *shard)
{
    const char *colon = strrchr(addr, ':');
    if (colon == NULL || colon[1] == '\0')
        return false;
    char *end = NULL;
    errno = 0;
    unsigned long port = strtoul(colon + 1, &end, 10);
    if (errno != 0 || *end != '\0' || port == 0 || port > 65535 ||
        strchr(addr, ' ') != NULL)
        return false;
    size_t host_len = (size_t)(colon - addr);
    shard->host = host_len ? strndup(addr, host_len) : strdup("127.0.0.1");
    shard->port = (unsigned)port;
    return true;
}

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' ||
                     s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
}

dossier_status dossier_stub_read(const char *path, dossier_stub *out,
                                 dossier_error *err)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return dossier_fail(err, DOSSIER_ERR_IO, "%s: cannot read: %s", path,
                            strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    unsigned line_no = 0;
    dossier_status rc = DOSSIER_OK;
    while (rc == DOSSIER_OK && getline(&line, &cap, f) > 0) {
        line_no++;
        trim(line);
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0' || *p == '#')
            continue;
        char *arg = p + strcspn(p, " \t");
        if (*arg != '\0')
            *arg++ = '\0';
        while (*arg == ' ' || *arg == '\t')
            arg++;
        dossier_shard shard = {.line = line_no};
        bool is_local = strcmp(p, "auto") == 0 || strcmp(p, "glass") == 0 ||
                        strcmp(p, "chert") == 0;
        if (*arg != '\0' && is_local) {
            shard.path = resolve(path, arg);
            if (shard.path == NULL)
                rc = DOSSIER_ERR_NOMEM;
        } else if (*arg != '\0' && strcmp(p, "remote") == 0 &&
                   parse_tcp(arg, &shard)) {
            shard.is_remote = true;
            if (shard.host == NULL)
                rc = DOSSIER_ERR_NOMEM;
        } else {
            rc = dossier_fail(err, DOSSIER_REFUSED,
                              "%s:%u: \"%s%s%s\" is not a shard Dossier "
                              "opens itself (auto PATH or remote HOST:PORT)",
                              path, line_no, p, *arg ? " " : "", arg);
        }
        if (rc == DOSSIER_OK && (shard.name = strdup(arg)) == NULL)
            rc = DOSSIER_ERR_NOMEM;
        dossier_shard *grown = NULL;
        if (rc == DOSSIER_OK) {
            grown = realloc(out->shards,
                            (out->n_shards + 1) * sizeof *out->shards);
            if (grown == NULL)
                rc = DOSSIER_ERR_NOMEM;
        }
        if (rc != DOSSIER_OK) {
            free(shard.path);
            free(shard.host);
            free(shard.name);
            break;
        }
        out->shards = grown;
        out->shards[out->n_shards++] = shard;
    }
    if (rc == DOSSIER_OK && ferror(f))
        rc = dossier_fail(err, DOSSIER_ERR_IO, "%s: cannot read: %s", path,
                          strerror(errno));
    free(line);
    fclose(f);
    if (rc == DOSSIER_OK && out->n_shards == 0)
        rc = dossier_fail(err, DOSSIER_ERR_INVALID,
                          "%s: the stub names no shard", path);
    if (rc == DOSSIER_ERR_NOMEM)
        dossier_fail(err, rc, "out of memory");
    if (rc != DOSSIER_OK)
        dossier_stub_clear(out);
    return rc;
}
