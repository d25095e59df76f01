/*
 * replicate_cmd.c: a read replica kept current by xapian-replicate
 * (replicate_cmd.h).
 */
#include "replicate_cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dossier/gazetteer.h"
#include "dossier/paths.h"
#include "dossier/schema.h"
#include "dossier/stub.h"
#include "escape.h"
#include "fs.h"

extern char **environ;

/* The shard of an archive that holds its metadata (archive_writer.c). */
#define META_SHARD "meta"
/* The first line of a replica's stub: not an archive dossier-index
 * writes into (archive_writer.c refuses it). */
#define REPLICA_MARK "# Dossier replica of "
#define REPLICA_HEADER REPLICA_MARK "%s (dossier-index --replicate); " \
                       "Xapian stub format\n"

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
    (void)sig;
    stopping = 1;
}

typedef struct master {
    char host[256];
    char port[8];
    const char *name; /* the database under the server's folder; "" */
} master;

/* Reads "HOST:PORT" or "HOST:PORT/NAME" into *M; false when malformed. */
static bool parse_master(const char *text, master *m)
{
    const char *slash = strchr(text, '/');
    size_t len = slash ? (size_t)(slash - text) : strlen(text);
    const char *colon = NULL;
    for (size_t i = len; i-- > 0 && colon == NULL;)
        if (text[i] == ':')
            colon = text + i;
    if (colon == NULL || colon == text || (size_t)(colon - text) >=
        sizeof m->host)
        return false;
    memcpy(m->host, text, (size_t)(colon - text));
    m->host[colon - text] = '\0';
    size_t port_len = len - (size_t)(colon + 1 - text);
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (port_len == 0 || port_len >= sizeof m->port ||
        end != colon + 1 + port_len || port < 1 || port > 65535)
        return false;
    snprintf(m->port, sizeof m->port, "%ld", port);
    m->name = slash ? slash + 1 : "";
    return true;
}

/* The master's database name of SHARD (NULL: the whole index) into OUT. */
static bool master_db(const master *m, const char *shard, char *out,
                      size_t out_size)
{
    int n = *m->name ? snprintf(out, out_size, "%s%s%s", m->name,
                                shard ? "/" : "", shard ? shard : "")
                     : snprintf(out, out_size, "%s", shard ? shard : ".");
    return n > 0 && (size_t)n < out_size;
}

/* Runs xapian-replicate once for the master's DB into DEST.  0, or -1
 * with what went wrong in WHY (WHY_SIZE bytes). */
static int run_replicate(const replicate_options *o, const master *m,
                         const char *db, const char *dest, char *why,
                         size_t why_size)
{
    char timeout[16];
    snprintf(timeout, sizeof timeout, "%u", o->timeout);
    /* Readers are not waited for (-r 0): searches are short and open the
     * replica again when Xapian says it changed under them. */
    char *argv[] = {
        "xapian-replicate", "--one-shot", "--quiet", "-h", (char *)m->host,
        "-p", (char *)m->port, "-t", timeout, "-r", "0", "-m", (char *)db,
        (char *)dest, NULL,
    };
    int fds[2];
    if (pipe(fds) != 0) {
        snprintf(why, why_size, "cannot run xapian-replicate: %s",
                 strerror(errno));
        return -1;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    pid_t pid;
    int rc = posix_spawnp(&pid, "xapian-replicate", &actions, NULL, argv,
                          environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        snprintf(why, why_size, "cannot run xapian-replicate: %s%s",
                 strerror(rc),
                 rc == ENOENT ? " (it comes with Debian's xapian-tools)"
                              : "");
        return -1;
    }
    char said[1024];
    size_t n = 0;
    ssize_t got;
    char sink[4096];
    while ((got = read(fds[0], n < sizeof said - 1 ? said + n : sink,
                       n < sizeof said - 1 ? sizeof said - 1 - n
                                           : sizeof sink)) != 0) {
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            break;
        if (n < sizeof said - 1)
            n += (size_t)got;
    }
    close(fds[0]);
    said[n] = '\0';
    while (n > 0 && (said[n - 1] == '\n' || said[n - 1] == '\r'))
        said[--n] = '\0';
    int status = -1; /* a failed wait is a failed run */
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    const char *text = strncmp(said, "xapian-replicate: ", 18) == 0
                           ? said + 18 : said;
    snprintf(why, why_size, "%s", *text ? text : "xapian-replicate failed");
    return -1;
}

/* Whether NAME, which the master's metadata gives, is a shard name an
 * archive writes ("1987", "1987-03", "undated"): never a path. */
static bool is_shard_name(const char *name, size_t len)
{
    if (len == 0 || len > 64 || name[0] == '.')
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
              (c >= 'A' && c <= 'Z') || c == '-' || c == '_'))
            return false;
    }
    return true;
}

/* The shards the replicated meta shard at META_PATH lists, as a new
 * string of names, one a line (free()); NULL with WHY when it lists none
 * or cannot be read. */
static char *archive_shards(const char *meta_path, char *why,
                            size_t why_size)
{
    xc_db *db = NULL;
    char *value = NULL;
    size_t len = 0;
    char *names = NULL;
    if (xc_db_open_readonly(meta_path, &db) != XC_STATUS_SUCCESS ||
        xc_db_get_metadata(db, DOSSIER_META_ARCHIVE_SHARDS, &value, &len) !=
            XC_STATUS_SUCCESS) {
        snprintf(why, why_size, "cannot read %.300s: %.600s", meta_path,
                 db ? xc_db_last_error(db) : xc_thread_last_error());
    } else if (len == 0) {
        snprintf(why, why_size, "the archive's meta shard lists no shards "
                 "(it was written by an older dossier-index: index into "
                 "the archive once, even nothing, to list them)");
    } else if ((names = malloc(len + 1)) == NULL) {
        snprintf(why, why_size, "out of memory");
    } else {
        size_t n = 0;
        for (const char *p = value, *end = value + len; p < end;) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            const char *line_end = nl ? nl : end;
            const char *name = p + 5;
            size_t name_len = line_end > name ? (size_t)(line_end - name) : 0;
            if ((size_t)(line_end - p) > 5 && strncmp(p, "auto ", 5) == 0 &&
                is_shard_name(name, name_len) &&
                !(name_len == strlen(META_SHARD) &&
                  memcmp(name, META_SHARD, name_len) == 0)) {
                memcpy(names + n, name, name_len);
                n += name_len;
                names[n++] = '\n';
            }
            p = line_end + 1;
        }
        names[n] = '\0';
    }
    xc_free(value);
    xc_db_destroy(db);
    return names;
}

/* Whether the line list NAMES ("a\nb\n") holds NAME. */
static bool has_name(const char *names, const char *name, size_t len)
{
    for (const char *p = names; *p;) {
        size_t n = strcspn(p, "\n");
        if (n == len && memcmp(p, name, len) == 0)
            return true;
        p += n + (p[n] == '\n');
    }
    return false;
}

/* The shards the replica's stub at REPLICA lists now, as lines (a new
 * string, "" for none); NULL for want of memory. */
static char *listed_shards(const char *replica)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", replica, DOSSIER_ARCHIVE_STUB);
    dossier_stub stub;
    size_t len = 0;
    if (dossier_stub_read(path, &stub, NULL) == DOSSIER_OK)
        for (size_t i = 0; i < stub.n_shards; i++)
            len += strlen(stub.shards[i].name) + 1;
    char *names = malloc(len + 1);
    if (names != NULL) {
        size_t n = 0;
        for (size_t i = 0; i < stub.n_shards && n < len; i++)
            n += (size_t)sprintf(names + n, "%s\n", stub.shards[i].name);
        names[n] = '\0';
    }
    dossier_stub_clear(&stub);
    return names;
}

/* Writes the replica's stub at REPLICA/XAPIANDB listing meta and the
 * shards of NAMES (the master's) that have arrived, this round (in
 * ARRIVED) or an earlier one (in LISTED), through a file renamed over the
 * old one.  Not whether the replica opens: a first attempt that fails
 * leaves an empty database there, which would hide the shard's articles
 * without a word.  0, or -1 with errno. */
static int write_replica_stub(const char *replica, const char *master_text,
                              const char *names, const char *arrived,
                              const char *listed)
{
    char path[4096], tmp[4112];
    snprintf(path, sizeof path, "%s/%s", replica, DOSSIER_ARCHIVE_STUB);
    snprintf(tmp, sizeof tmp, "%s.new", path);
    FILE *f = fopen(tmp, "w");
    if (f == NULL)
        return -1;
    fprintf(f, REPLICA_HEADER, master_text);
    fprintf(f, "auto %s\n", META_SHARD);
    for (const char *p = names; *p;) {
        size_t len = strcspn(p, "\n");
        if (has_name(arrived, p, len) || has_name(listed, p, len))
            fprintf(f, "auto %.*s\n", (int)len, p);
        p += len + (p[len] == '\n');
    }
    int failed = fflush(f) != 0 || ferror(f);
    failed |= fclose(f) != 0;
    if (failed || rename(tmp, path) != 0) {
        int e = errno;
        remove(tmp);
        errno = e;
        return -1;
    }
    return 0;
}

/* Makes the replica's gazetteer image from the gazetteer the database at
 * DB_PATH keeps, when the image is not already of it: the image, not the
 * text, is what a search loads fast.  Failing is a warning. */
static void refresh_gazetteer_image(const char *program, const char *replica,
                                    const char *db_path)
{
    char image[4096];
    if (dossier_gazetteer_image_path(replica, image, sizeof image) != 0)
        return;
    xc_db *db = NULL;
    char *version = NULL;
    dossier_gazetteer *gaz = NULL;
    if (xc_db_open_readonly(db_path, &db) == XC_STATUS_SUCCESS &&
        xc_db_get_metadata(db, DOSSIER_META_GAZETTEER, &version, NULL) ==
            XC_STATUS_SUCCESS &&
        dossier_gazetteer_load_image(image, version, &gaz) != DOSSIER_OK &&
        dossier_gazetteer_load_stored(db, db_path, &gaz) == DOSSIER_OK &&
        dossier_gazetteer_save_image(gaz, image) != DOSSIER_OK)
        escape_message(stderr, "%s: warning: cannot write %s: %s (searches "
                       "of the replica will parse the gazetteer)",
                       program, image, strerror(errno));
    dossier_gazetteer_free(gaz);
    xc_free(version);
    xc_db_destroy(db);
}

replica_kind replica_stub_kind(const char *stub_path)
{
    char line[256];
    first_line(stub_path, line, sizeof line);
    if (strncmp(line, REPLICA_MARK, strlen(REPLICA_MARK)) == 0)
        return REPLICA_OF_ARCHIVE;
    return strstr(line, "Xapian::DatabaseReplica") != NULL ? REPLICA_OF_INDEX
                                                           : REPLICA_NONE;
}

/* What the folder O->replica is, from what an earlier run left: a
 * replica by its stub, or an archive's whose first round stopped before
 * its stub was written (its meta shard is a replica). */
static replica_kind kind_of(const replicate_options *o)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", o->replica, DOSSIER_ARCHIVE_STUB);
    replica_kind kind = replica_stub_kind(path);
    if (kind != REPLICA_NONE)
        return kind;
    snprintf(path, sizeof path, "%s/%s/%s", o->replica, META_SHARD,
             DOSSIER_ARCHIVE_STUB);
    return replica_stub_kind(path) == REPLICA_OF_INDEX ? REPLICA_OF_ARCHIVE
                                                       : REPLICA_NONE;
}

/* One round.  Returns the exit status as replicate_command's. */
static int replicate_round(const char *program, const replicate_options *o,
                           const master *m, replica_kind *kind,
                           bool is_verbose)
{
    char db[4096], dest[4200], why[1200];
    if (*kind != REPLICA_OF_INDEX) {
        snprintf(dest, sizeof dest, "%s/%s", o->replica, META_SHARD);
        bool is_new = *kind == REPLICA_NONE;
        if (mkdir(o->replica, 0777) != 0 && errno != EEXIST) {
            escape_message(stderr, "%s: cannot make %s: %s", program,
                           o->replica, strerror(errno));
            return 2;
        }
        if (!master_db(m, META_SHARD, db, sizeof db) ||
            run_replicate(o, m, db, dest, why, sizeof why) != 0) {
            if (!is_new) {
                escape_message(stderr, "%s: %s: %s", program, o->master,
                               why);
                return 2;
            }
            /* Not an archive (or the master is not there): the attempt
             * leaves an empty replica behind, and xapian-replicate takes
             * an existing folder for a replica of its own. */
            remove_tree(dest);
            rmdir(o->replica);
        } else {
            *kind = REPLICA_OF_ARCHIVE;
        }
    }
    if (*kind != REPLICA_OF_ARCHIVE) {
        if (!master_db(m, NULL, db, sizeof db) ||
            run_replicate(o, m, db, o->replica, why, sizeof why) != 0) {
            escape_message(stderr, "%s: %s: %s", program, o->master, why);
            /* A first attempt that failed leaves an empty database,
             * nothing to keep. */
            if (*kind == REPLICA_NONE)
                remove_tree(o->replica);
            return 2;
        }
        *kind = REPLICA_OF_INDEX;
        refresh_gazetteer_image(program, o->replica, o->replica);
        if (is_verbose)
            escape_message(stderr, "%s: %s: the index is replicated in %s",
                           program, o->master, o->replica);
        return 0;
    }
    char *names = archive_shards(dest, why, sizeof why);
    if (names == NULL) {
        escape_message(stderr, "%s: %s: %s", program, o->master, why);
        return 2;
    }
    char *listed = listed_shards(o->replica);
    char *arrived = calloc(strlen(names) + 1, 1);
    if (listed == NULL || arrived == NULL) {
        escape_message(stderr, "%s: out of memory", program);
        free(names);
        free(listed);
        free(arrived);
        return 2;
    }
    unsigned shards = 0, behind = 0;
    size_t n_arrived = 0;
    for (const char *p = names; *p && !stopping;) {
        size_t len = strcspn(p, "\n");
        char shard[128];
        snprintf(shard, sizeof shard, "%.*s", (int)len, p);
        p += len + (p[len] == '\n');
        snprintf(dest, sizeof dest, "%s/%s", o->replica, shard);
        if (!master_db(m, shard, db, sizeof db) ||
            run_replicate(o, m, db, dest, why, sizeof why) != 0) {
            behind++;
            escape_message(stderr, "%s: %s: shard %s: %s (%s)", program,
                           o->master, shard, why,
                           has_name(listed, shard, len)
                               ? "its replica stays as it was"
                               : "not in the replica yet");
        } else {
            shards++;
            n_arrived += (size_t)sprintf(arrived + n_arrived, "%s\n", shard);
        }
    }
    int rc = 0;
    if (write_replica_stub(o->replica, o->master, names, arrived, listed) !=
        0) {
        escape_message(stderr, "%s: cannot write %s/%s: %s", program,
                       o->replica, DOSSIER_ARCHIVE_STUB, strerror(errno));
        rc = 2;
    }
    free(names);
    free(listed);
    free(arrived);
    snprintf(dest, sizeof dest, "%s/%s", o->replica, META_SHARD);
    refresh_gazetteer_image(program, o->replica, dest);
    if (is_verbose && rc == 0)
        escape_message(stderr, "%s: %s: %u shards and meta replicated in "
                       "%s%s", program, o->master, shards, o->replica,
                       behind ? ", some behind" : "");
    return rc ? rc : behind ? 1 : 0;
}

int replicate_command(const char *program, const replicate_options *o)
{
    master m;
    if (!parse_master(o->master, &m)) {
        escape_message(stderr, "%s: --replicate wants HOST:PORT or "
                       "HOST:PORT/NAME (a database under the folder "
                       "xapian-replicate-server publishes), not \"%s\"",
                       program, o->master);
        return 2;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    replica_kind kind = kind_of(o);
    struct stat st;
    if (kind == REPLICA_NONE && stat(o->replica, &st) == 0 &&
        !is_empty_folder(o->replica)) {
        escape_message(stderr, "%s: %s exists and is not a replica: "
                       "--replicate makes one in a new or empty folder",
                       program, o->replica);
        return 2;
    }
    int rc = 0;
    for (unsigned round = 0; !stopping; round++) {
        rc = replicate_round(program, o, &m, &kind,
                             !o->is_quiet && (o->is_once || round == 0));
        if (o->is_once)
            break;
        for (unsigned waited = 0; waited < o->interval * 10 && !stopping;
             waited++) {
            struct timespec tenth = {0, 100000000};
            nanosleep(&tenth, NULL);
        }
    }
    return stopping && !o->is_once ? 0 : rc;
}
