#!/usr/bin/env bats
# libxapian-c.so exports exactly the functions its header declares: no
# Xapian or libstdc++ symbol leaks out, and no declared function is missing.

setup() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    SO="$BUILD/lib/libxapian-c.so.0"
}

@test "exported symbols are exactly the header's xc_* prototypes" {
    [ -f "$SO" ]
    nm -D --defined-only "$SO" | awk '$2 ~ /^[TWVDBRiu]$/ {print $3}' |
        sed 's/@.*//' | sort -u > "$BATS_TEST_TMPDIR/exported"
    grep '^XC_EXPORT' include/xapian-c.h | grep -o 'xc_[a-z0-9_]*(' |
        tr -d '(' | sort -u > "$BATS_TEST_TMPDIR/declared"
    # Sanity: the header declares a real API.
    [ "$(wc -l < "$BATS_TEST_TMPDIR/declared")" -gt 80 ]
    run diff "$BATS_TEST_TMPDIR/declared" "$BATS_TEST_TMPDIR/exported"
    echo "$output"
    [ "$status" -eq 0 ]
}

@test "every declared prototype carries XC_EXPORT" {
    # A prototype without XC_EXPORT would be hidden by -fvisibility=hidden
    # and missed by the check above.
    run grep -nE '^(xc_status|void|int|const char|uint32_t|double|size_t|xc_docid) +\*?xc_' include/xapian-c.h
    [ "$status" -eq 1 ]
}

@test "the shared library names its soname and needs only Xapian and the C++ runtime" {
    run readelf -d "$SO"
    [ "$status" -eq 0 ]
    [[ "$output" == *"Library soname: [libxapian-c.so.0]"* ]]
    [[ "$output" == *"Shared library: [libxapian.so"* ]]
    # Only Xapian, the C++ runtime, libc and its loader (and the
    # sanitizers' runtimes in a SANITIZER build): anything else is listed.
    others=$(echo "$output" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p' |
        grep -vE '^(libxapian\.so|libstdc\+\+\.so|libm\.so|libgcc_s\.so|libc\.so|ld-linux[-a-z0-9_]*\.so|libasan\.so|libubsan\.so)' || true)
    echo "unexpected: $others"
    [ -z "$others" ]
}

@test "what Dossier's programs do not use is marked for library users and unit-tested" {
    # The policy of the header's top comment.  A comment starting "For
    # library users:" marks the prototypes after it, up to the next comment.
    awk '/^\/\*/ { marked = /^\/\* For library users:/ }
         /^XC_EXPORT/ && marked { match($0, /xc_[a-z0-9_]*\(/);
                                  print substr($0, RSTART, RLENGTH - 1) }' \
        include/xapian-c.h | sort -u > "$BATS_TEST_TMPDIR/marked"
    grep '^XC_EXPORT' include/xapian-c.h | grep -o 'xc_[a-z0-9_]*(' |
        tr -d '(' | sort -u > "$BATS_TEST_TMPDIR/declared"
    # Named anywhere in the libraries' C (not the shim's own), the
    # programs, the benchmarks or the fuzzers.
    grep -rhow 'xc_[a-z0-9_]*' lib/*.c lib/*.h indexer searcher bench \
        tests/fuzz | sort -u > "$BATS_TEST_TMPDIR/used"
    comm -23 "$BATS_TEST_TMPDIR/declared" "$BATS_TEST_TMPDIR/used" \
        > "$BATS_TEST_TMPDIR/unused"
    run diff "$BATS_TEST_TMPDIR/unused" "$BATS_TEST_TMPDIR/marked"
    echo "$output"
    [ "$status" -eq 0 ]
    untested=$(while read -r f; do
        grep -qw "$f" tests/unit/*.c || echo "$f"
    done < "$BATS_TEST_TMPDIR/marked")
    echo "untested: $untested"
    [ -z "$untested" ]
}
