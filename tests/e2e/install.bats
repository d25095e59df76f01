#!/usr/bin/env bats
# `make install` into a temporary DESTDIR, then a small C program builds
# against the installed header and library through pkg-config and runs.

setup() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    STAGE="$BATS_TEST_TMPDIR/stage"
}

@test "make install, then build and run a C program with pkg-config" {
    # A sanitized library cannot be loaded by an uninstrumented program.
    [ -z "$SANITIZER" ] || skip "install is checked by the plain build"
    run make --no-print-directory install BUILD="$BUILD" SANITIZER= \
        DESTDIR="$STAGE" PREFIX=/opt/dossier
    echo "$output"
    [ "$status" -eq 0 ]
    [ -f "$STAGE/opt/dossier/include/xapian-c.h" ]
    [ -f "$STAGE/opt/dossier/lib/libxapian-c.a" ]
    [ -x "$STAGE/opt/dossier/lib/libxapian-c.so.0" ]
    [ -L "$STAGE/opt/dossier/lib/libxapian-c.so" ]
    [ -f "$STAGE/opt/dossier/lib/pkgconfig/xapian-c.pc" ]
    [ -f "$STAGE/opt/dossier/share/man/man3/xapian-c.3" ]
    [ -f "$STAGE/opt/dossier/share/man/man1/dossier-index.1" ]
    [ -f "$STAGE/opt/dossier/share/man/man8/dossier.cgi.8" ]
    [ -f "$STAGE/opt/dossier/share/dossier/entities.tsv" ]
    [ -f "$STAGE/opt/dossier/share/dossier/feeds.opml" ]
    run bash -c "echo 'the PLA' | DOSSIER_ENTITIES=$STAGE/opt/dossier/share/dossier/entities.tsv $STAGE/opt/dossier/bin/dossier-index --analyze"
    [ "$status" -eq 0 ]
    [[ "$output" == *"pla (military)"* ]]

    cat > "$BATS_TEST_TMPDIR/hello.c" <<'C'
#include <stdio.h>
#include <xapian-c.h>
int main(int argc, char **argv)
{
    xc_db *db = NULL;
    xc_doc *doc = NULL;
    uint32_t n = 0;
    if (argc < 2)
        return 2;
    if (xc_db_open_writable(argv[1], XC_DB_CREATE, &db) != XC_STATUS_SUCCESS ||
        xc_doc_new(&doc) != XC_STATUS_SUCCESS ||
        xc_doc_add_posting(doc, "hello", 1, 1) != XC_STATUS_SUCCESS ||
        xc_db_add_document(db, doc, NULL) != XC_STATUS_SUCCESS ||
        xc_db_commit(db) != XC_STATUS_SUCCESS ||
        xc_db_doc_count(db, &n) != XC_STATUS_SUCCESS) {
        fprintf(stderr, "failed: %s\n", xc_thread_last_error());
        return 1;
    }
    printf("documents: %u, xapian %s\n", n, xc_xapian_version());
    xc_doc_destroy(doc);
    xc_db_destroy(db);
    return 0;
}
C
    export PKG_CONFIG_PATH="$STAGE/opt/dossier/lib/pkgconfig"
    export PKG_CONFIG_SYSROOT_DIR="$STAGE"
    run pkg-config --cflags --libs xapian-c
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"-I$STAGE/opt/dossier/include"* ]]
    cc -std=c11 -Wall -Wextra -Werror -o "$BATS_TEST_TMPDIR/hello" \
        "$BATS_TEST_TMPDIR/hello.c" $(pkg-config --cflags --libs xapian-c)
    run env LD_LIBRARY_PATH="$STAGE/opt/dossier/lib" \
        "$BATS_TEST_TMPDIR/hello" "$BATS_TEST_TMPDIR/db"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == "documents: 1, xapian 1."* ]]

    # Static linking through the same .pc file.
    cc -std=c11 -o "$BATS_TEST_TMPDIR/hello-static" "$BATS_TEST_TMPDIR/hello.c" \
        $(pkg-config --cflags xapian-c) \
        "$STAGE/opt/dossier/lib/libxapian-c.a" $(pkg-config --libs --static xapian-c)
    run "$BATS_TEST_TMPDIR/hello-static" "$BATS_TEST_TMPDIR/db2"
    [ "$status" -eq 0 ]

    run make --no-print-directory uninstall DESTDIR="$STAGE" PREFIX=/opt/dossier
    [ "$status" -eq 0 ]
    [ ! -e "$STAGE/opt/dossier/include/xapian-c.h" ]
    [ ! -e "$STAGE/opt/dossier/lib/libxapian-c.so.0" ]
    [ ! -e "$STAGE/opt/dossier/bin/dossier-index" ]
    [ ! -e "$STAGE/opt/dossier/share/dossier/entities.tsv" ]
    [ ! -e "$STAGE/opt/dossier/share/dossier/feeds.opml" ]
}
