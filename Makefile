# Dossier: full-text search for geopolitics news.
#
#   make            build libraries and programs into build/
#   make demo       install missing Debian packages, build, run the demo
#   make test       install missing Debian packages, build, run every test
#   make SANITIZER=address test   the same under ASan + UBSan (build-asan/)
#   make valgrind   the unit tests under valgrind
#   make conformance  the feed reader against feedparser's test corpus
#   make install    PREFIX=/usr/local DESTDIR= BINDIR= LIBDIR= CGIDIR= ...
#   make PROJECT_URL=https://...   the address fetches name in User-Agent
#   make V=1        show the commands

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR     ?= $(PREFIX)/share/man
DATADIR    ?= $(PREFIX)/share
CGIDIR     ?= $(PREFIX)/lib/cgi-bin
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
DESTDIR    ?=
# Named in the User-Agent of `dossier-index --fetch`: where a site's
# operator reads who is fetching.  A deployment may name its own.
PROJECT_URL ?= https://github.com/dossier-search/dossier

SHELL := /bin/bash
CC  ?= cc
CXX ?= c++
PKG_CONFIG ?= pkg-config
INSTALL ?= install

ifeq ($(V),1)
Q :=
else
Q := @
endif

# The sanitizer build lives in its own folder so the two never mix.
ifeq ($(SANITIZER),address)
BUILD   ?= build-asan
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
             -fno-omit-frame-pointer
else ifneq ($(SANITIZER),)
$(error SANITIZER may only be 'address')
else
BUILD   ?= build
SAN_FLAGS :=
endif

PKGS := xapian-core cmocka
# pkg-config answers only once the packages are there; `make deps` comes
# first in `make test` and `make demo`, so an empty answer here is normal
# on a fresh machine before it.
XAPIAN_CFLAGS := $(shell $(PKG_CONFIG) --cflags xapian-core 2>/dev/null)
XAPIAN_LIBS   := $(shell $(PKG_CONFIG) --libs xapian-core 2>/dev/null)
UTF8PROC_CFLAGS := $(shell $(PKG_CONFIG) --cflags libutf8proc 2>/dev/null)
UTF8PROC_LIBS   := $(shell $(PKG_CONFIG) --libs libutf8proc 2>/dev/null || echo -lutf8proc)
JANSSON_CFLAGS  := $(shell $(PKG_CONFIG) --cflags jansson 2>/dev/null)
JANSSON_LIBS    := $(shell $(PKG_CONFIG) --libs jansson 2>/dev/null || echo -ljansson)
XML_CFLAGS      := $(shell $(PKG_CONFIG) --cflags libxml-2.0 2>/dev/null)
XML_LIBS        := $(shell $(PKG_CONFIG) --libs libxml-2.0 2>/dev/null || echo -lxml2)
ZLIB_LIBS       := $(shell $(PKG_CONFIG) --libs zlib 2>/dev/null || echo -lz)
CURL_CFLAGS     := $(shell $(PKG_CONFIG) --cflags libcurl 2>/dev/null)
CURL_LIBS       := $(shell $(PKG_CONFIG) --libs libcurl 2>/dev/null || echo -lcurl)
# Xapian's indexing is allocation-bound (std::map of strings): jemalloc
# makes dossier-index about 1.2x faster on Reuters (bench/BENCHMARKS.md).
# Only the indexer links it: for a process a request (the CGI) its start-up
# costs more than it saves.  Sanitizers bring their own allocator.
ifeq ($(SANITIZER),)
MALLOC_LIBS     := $(shell $(PKG_CONFIG) --libs jemalloc 2>/dev/null || echo -ljemalloc)
else
MALLOC_LIBS     :=
endif
# libstemmer and libfcgi ship no .pc file.
FCGI_LIBS       := -lfcgi
STEMMER_LIBS    := -lstemmer
CMOCKA_CFLAGS := $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)

WARN      := -Wall -Wextra -Werror
BASE_C    := -std=c11 $(WARN) -O2 -g -D_POSIX_C_SOURCE=200809L -Iinclude
BASE_CXX  := -std=c++17 $(WARN) -O2 -g -fPIC -fvisibility=hidden \
             -fvisibility-inlines-hidden -Iinclude
# The user's flags come last so that they win.
ALL_CFLAGS   = $(BASE_C) $(UTF8PROC_CFLAGS) $(JANSSON_CFLAGS) $(XML_CFLAGS) \
               $(CURL_CFLAGS) \
               $(SAN_FLAGS) $(EXTRA_CFLAGS) \
               -DDOSSIER_DATADIR='"$(DATADIR)/dossier"' \
               -DDOSSIER_PROJECT_URL='"$(PROJECT_URL)"' -MD -MP $(CFLAGS)
ALL_CXXFLAGS = $(BASE_CXX) $(XAPIAN_CFLAGS) $(SAN_FLAGS) -MD -MP $(CXXFLAGS)
ALL_LDFLAGS  = $(SAN_FLAGS) $(LDFLAGS)

# ---------------------------------------------------------------- libxapian-c
XC_SRCS   := $(wildcard lib/xapian-c/*.cc)
XC_OBJS   := $(XC_SRCS:%.cc=$(BUILD)/%.o)
XC_SONAME := libxapian-c.so.0
XC_VERSION := 0.1.0
XC_A      := $(BUILD)/lib/libxapian-c.a
XC_SO     := $(BUILD)/lib/$(XC_SONAME)
XC_SO_DEV := $(BUILD)/lib/libxapian-c.so

# ---------------------------------------------------------------- libdossier
DOSSIER_SRCS := $(wildcard lib/*.c)
DOSSIER_OBJS := $(DOSSIER_SRCS:%.c=$(BUILD)/%.o) $(BUILD)/gen/spelling_table.o \
                $(BUILD)/gen/date_tables.o $(BUILD)/gen/name_words_table.o \
                $(BUILD)/gen/language_features_table.o
DOSSIER_A    := $(BUILD)/lib/libdossier.a
DOSSIER_LIBS := $(STEMMER_LIBS) $(UTF8PROC_LIBS)

# ---------------------------------------------------------------- programs
INDEX_SRCS := $(wildcard indexer/*.c)
INDEX_OBJS := $(INDEX_SRCS:%.c=$(BUILD)/%.o) $(BUILD)/gen/html_entities.o
# Everything but main, so that unit tests can link the readers.
INDEX_A    := $(BUILD)/indexer/libindexer.a
INDEX_LIBS := $(XML_LIBS) $(ZLIB_LIBS) $(JANSSON_LIBS) $(CURL_LIBS)
INDEX_BIN  := $(BUILD)/bin/dossier-index
SEARCH_SRCS := $(wildcard searcher/*.c)
SEARCH_OBJS := $(SEARCH_SRCS:%.c=$(BUILD)/%.o)
SEARCH_A    := $(BUILD)/searcher/libsearcher.a
SEARCH_BIN  := $(BUILD)/bin/dossier-search
CGI_BIN     := $(BUILD)/bin/dossier.cgi
PROGRAMS   := $(INDEX_BIN) $(SEARCH_BIN) $(CGI_BIN)

# ---------------------------------------------------------------- tests
UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
UNIT_BINS  := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
UNIT_OBJS  := $(UNIT_SRCS:%.c=$(BUILD)/%.o) $(BUILD)/tests/unit/util.o
E2E_TESTS  := $(wildcard tests/e2e/*.bats)

MAN_PAGES := $(wildcard man/*.[0-9])

.PHONY: all deps test unit e2e valgrind demo bench eval conformance \
        install uninstall clean lib serve
.DEFAULT_GOAL := all
# Keep object files that only a test binary uses.
.SECONDARY:

all: lib $(PROGRAMS)

lib: $(XC_A) $(XC_SO) $(XC_SO_DEV) $(DOSSIER_A)

$(BUILD)/%.o: %.cc
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CXX     $<")
	$(Q)$(CXX) $(ALL_CXXFLAGS) -c $< -o $@

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -c $< -o $@

$(BUILD)/gen/spelling_table.c: lib/spelling_gb_us.tsv lib/gen_spelling.sh \
                               lib/gen_buckets.sh
	@mkdir -p $(@D)
	@$(if $(Q),echo "  GEN     $@")
	$(Q)sh lib/gen_spelling.sh $< > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/html_entities.c: indexer/html_entities.tsv indexer/gen_html_entities.sh
	@mkdir -p $(@D)
	@$(if $(Q),echo "  GEN     $@")
	$(Q)sh indexer/gen_html_entities.sh $< > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/html_entities.o: ALL_CFLAGS += -Iindexer

# The words around names (lib/name_words.h).
$(BUILD)/gen/name_words_table.c: lib/name_words.tsv lib/gen_name_words.sh \
                                 lib/gen_buckets.sh
	@mkdir -p $(@D)
	@$(if $(Q),echo "  GEN     $@")
	$(Q)sh lib/gen_name_words.sh $< > $@.tmp && mv $@.tmp $@

# The features of the language detector (lib/language_detect.c).
$(BUILD)/gen/language_features_table.c: lib/language_features.tsv \
                                        lib/gen_language_features.sh
	@mkdir -p $(@D)
	@$(if $(Q),echo "  GEN     $@")
	$(Q)sh lib/gen_language_features.sh $< > $@.tmp && mv $@.tmp $@
$(BUILD)/gen/language_features_table.o: ALL_CFLAGS += -Ilib

# The zone, month and day names of dates (lib/date_words.h).
$(BUILD)/gen/date_tables.c: lib/date_zones.tsv lib/date_names.tsv \
                            lib/gen_date_tables.sh
	@mkdir -p $(@D)
	@$(if $(Q),echo "  GEN     $@")
	$(Q)sh lib/gen_date_tables.sh lib/date_zones.tsv lib/date_names.tsv \
	    > $@.tmp && mv $@.tmp $@
$(BUILD)/gen/date_tables.o: ALL_CFLAGS += -Ilib

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c $< -o $@

$(DOSSIER_A): $(DOSSIER_OBJS)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(INDEX_A): $(filter-out $(BUILD)/indexer/main.o,$(INDEX_OBJS))
	@mkdir -p $(@D)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(SEARCH_A): $(filter-out $(BUILD)/searcher/main.o $(BUILD)/searcher/cgi.o,\
                          $(SEARCH_OBJS))
	@mkdir -p $(@D)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(SEARCH_BIN): $(BUILD)/searcher/main.o $(SEARCH_A) $(DOSSIER_A) $(XC_A)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CXX) $(ALL_LDFLAGS) -o $@ $^ $(DOSSIER_LIBS) $(JANSSON_LIBS) \
	    $(XAPIAN_LIBS)

# A CGI is a process a request, and every shared library costs its mapping,
# relocations and symbol lookups each time: the small libraries are linked
# in from their archives (libxapian ships none).
CGI_STATIC_LIBS = -Wl,-Bstatic $(DOSSIER_LIBS) $(JANSSON_LIBS) $(FCGI_LIBS) \
                  -Wl,-Bdynamic
$(CGI_BIN): $(BUILD)/searcher/cgi.o $(SEARCH_A) $(DOSSIER_A) $(XC_A)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CXX) $(ALL_LDFLAGS) -o $@ $^ $(CGI_STATIC_LIBS) $(XAPIAN_LIBS)

$(INDEX_BIN): $(BUILD)/indexer/main.o $(INDEX_A) $(DOSSIER_A) $(XC_A)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CXX) $(ALL_LDFLAGS) -o $@ $^ $(DOSSIER_LIBS) $(INDEX_LIBS) \
	    $(XAPIAN_LIBS) $(MALLOC_LIBS)

$(XC_A): $(XC_OBJS)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(XC_SO): $(XC_OBJS) lib/xapian-c/exports.map
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CXX) -shared -Wl,-soname,$(XC_SONAME) \
	    -Wl,--version-script=lib/xapian-c/exports.map -Wl,--no-undefined \
	    $(ALL_LDFLAGS) -o $@ $(XC_OBJS) $(XAPIAN_LIBS)

$(XC_SO_DEV): $(XC_SO)
	$(Q)ln -sf $(XC_SONAME) $@

# ---------------------------------------------------------------- tests
# Unit tests may test private modules: they see lib/ and indexer/.
$(BUILD)/tests/%.o: EXTRA_CFLAGS := -Ilib -Iindexer -Isearcher
$(BUILD)/tests/test_%: $(BUILD)/tests/unit/test_%.o \
                       $(BUILD)/tests/unit/util.o $(SEARCH_A) $(INDEX_A) \
                       $(DOSSIER_A) $(XC_A)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CXX) $(ALL_LDFLAGS) -o $@ $^ $(CMOCKA_LIBS) $(DOSSIER_LIBS) \
	    $(INDEX_LIBS) $(XAPIAN_LIBS)

# Every test binary runs even when one fails; the last line counts them.
# DOSSIER_CORPORA: where tests read outside test data when it is there
# (test_date: feedparser's date tests), skipping when it is not.
unit: all $(UNIT_BINS)
	@pass=0; fail=0; \
	for t in $(UNIT_BINS); do \
	    echo "== $$t"; \
	    if DOSSIER_TEST_TMP=$(BUILD)/tmp DOSSIER_CORPORA=$(CORPORA) ./$$t; \
	    then pass=$$((pass+1)); \
	    else fail=$$((fail+1)); echo "FAILED: $$t"; fi; \
	done; \
	echo "unit: $$pass passed, $$fail failed"; \
	test $$fail -eq 0

e2e: all $(BUILD)/bench/stored_records
	@mkdir -p $(BUILD)
	@set -o pipefail; \
	BUILD=$(BUILD) SANITIZER=$(SANITIZER) bats --tap $(E2E_TESTS) | \
	    tee $(BUILD)/e2e.tap; status=$$?; \
	skipped=$$(grep -c '^ok .*# skip' $(BUILD)/e2e.tap); \
	echo "e2e: $$(( $$(grep -c '^ok' $(BUILD)/e2e.tap) - skipped )) passed," \
	     "$$(grep -c '^not ok' $(BUILD)/e2e.tap) failed, $$skipped skipped"; \
	exit $$status

test: deps
	@$(MAKE) --no-print-directory unit e2e

valgrind: lib $(UNIT_BINS)
	@for t in $(UNIT_BINS); do \
	    echo "== valgrind $$t"; \
	    DOSSIER_TEST_TMP=$(BUILD)/tmp DOSSIER_CORPORA=$(CORPORA) \
	    valgrind -q --error-exitcode=1 \
	        --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
	        --suppressions=tests/valgrind.supp \
	        ./$$t || exit 1; \
	done

# ---------------------------------------------------------------- deps
# Debian 12 packages: what builds, tests and serves Dossier.
DEB_PACKAGES := build-essential pkg-config libxapian-dev xapian-tools \
    libstemmer-dev libutf8proc-dev libjansson-dev libcurl4-openssl-dev \
    libxml2-dev zlib1g-dev libcmocka-dev bats jq valgrind lighttpd \
    xapian-omega sqlite3 libsqlite3-dev time libjemalloc-dev python3 \
    python3-xapian curl chromium fonts-noto-cjk wrk libfcgi-dev strace \
    clang libclang-rt-14-dev

deps:
	@missing=; \
	for p in $(DEB_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
	        grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then \
	    echo "deps: all Debian packages present"; \
	elif [ "$$(id -u)" -eq 0 ]; then \
	    echo "deps: installing$$missing"; \
	    apt-get update -q && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	        --no-install-recommends $$missing; \
	else \
	    echo "deps: missing Debian packages:$$missing"; \
	    echo "deps: run: sudo apt-get install$$missing"; \
	    exit 1; \
	fi

# ---------------------------------------------------------------- demo, bench
DEMO_TEXT := Gen. Paul Nakasone, head of the NSA and US Cyber Command, \
    flew to Tokyo after cyber spies of China's People's Liberation Army \
    broke into Japan's defence networks, The Washington Post reported.

DEMO_DB := $(BUILD)/demo-index
DEMO_FILES := feeds/sample/articles.jsonl $(wildcard feeds/sample/*.rss) \
    $(wildcard feeds/sample/*.atom) $(wildcard feeds/sample/html/*.html) \
    $(wildcard feeds/sample/text/*.txt)

demo: deps
	@$(MAKE) --no-print-directory all
	@echo
	@echo "== What the analyzer makes of a sentence (dossier-index --analyze):"
	@echo "$(DEMO_TEXT)" | $(INDEX_BIN) --analyze
	@echo
	@echo "== Indexing feeds/sample/ (JSON Lines, RSS, Atom, HTML, text) into $(DEMO_DB):"
	@rm -rf $(DEMO_DB)
	@$(INDEX_BIN) --db $(DEMO_DB) $(DEMO_FILES)
	@echo
	@for q in "cyber command japan" "entity:PLA since:2020" \
	          '"check point"'; do \
	    echo "== dossier-search --db $(DEMO_DB) --limit 3 '$$q':"; \
	    $(SEARCH_BIN) --db $(DEMO_DB) --limit 3 "$$q"; echo; \
	done
	@echo "== Facets of 'japan' (dossier-search --facets --limit 1):"
	@$(SEARCH_BIN) --db $(DEMO_DB) --facets --limit 1 japan | \
	    sed -n '/^Facets/,$$p'
	@echo
	@echo "== The archive desk: what have we run on the PLA? (dossier-search --profile PLA):"
	@$(SEARCH_BIN) --db $(DEMO_DB) --profile PLA
	@echo
	@echo "== ... how many articles on Russia since 2022, and the first three as CSV:"
	@$(SEARCH_BIN) --db $(DEMO_DB) --count 'entity:russia since:2022'
	@$(SEARCH_BIN) --db $(DEMO_DB) --format csv --sort oldest 'entity:russia since:2022' | \
	    head -4 | cut -c1-110
	@echo
	@echo "== The real feeds a fetch would ask (dossier-index --dry-run; no network):"
	@$(INDEX_BIN) --dry-run --db $(DEMO_DB) --feeds feeds/feeds.opml | \
	    sed -n '1,5p;$$p'
	@echo "   ... $$(grep -c 'type="rss"' feeds/feeds.opml) feeds in feeds/feeds.opml;" \
	    "dossier-index --fetch --db $(DEMO_DB) fetches them (README: Fetching feeds)."

# `make serve`: lighttpd on 127.0.0.1:$(PORT) with dossier.cgi over the
# demo index (made by `make demo`, or here if missing).
PORT ?= 8080
# make serve DB=/path/to/index serves that index; without DB, the demo's.
serve: all
ifeq ($(DB),)
	@[ -d $(DEMO_DB) ] || $(INDEX_BIN) --quiet --db $(DEMO_DB) $(DEMO_FILES)
	@bash searcher/serve.sh $(BUILD) $(DEMO_DB) $(PORT) \
	    $(if $(FASTCGI),--fastcgi)
else
	@[ -d "$(DB)" ] || { echo "make serve: no index at $(DB)" >&2; exit 2; }
	@bash searcher/serve.sh $(BUILD) "$(DB)" $(PORT) \
	    $(if $(FASTCGI),--fastcgi)
endif

BENCH_BIN := $(BUILD)/bench/bench_analyzer $(BUILD)/bench/jsonl_to_dump \
             $(BUILD)/bench/bench_fts5 $(BUILD)/bench/bench_search \
             $(BUILD)/bench/bench_search_fts5
$(BUILD)/bench/bench_search: $(BUILD)/bench/bench_search.o \
                             $(BUILD)/bench/corpus.o $(SEARCH_A) \
                             $(DOSSIER_A) $(XC_A)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CXX) $(ALL_LDFLAGS) -o $@ $^ $(DOSSIER_LIBS) $(JANSSON_LIBS) \
	    $(ZLIB_LIBS) $(XAPIAN_LIBS) $(MALLOC_LIBS)
$(BUILD)/bench/bench_search_fts5: $(BUILD)/bench/bench_search_fts5.o \
                                  $(BUILD)/bench/corpus.o
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ -lsqlite3 $(JANSSON_LIBS) $(ZLIB_LIBS)
$(BUILD)/bench/bench_analyzer: $(BUILD)/bench/bench_analyzer.o \
                               $(BUILD)/bench/corpus.o $(DOSSIER_A)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DOSSIER_LIBS) $(JANSSON_LIBS) \
	    $(ZLIB_LIBS)
$(BUILD)/bench/jsonl_to_dump: $(BUILD)/bench/jsonl_to_dump.o \
                              $(BUILD)/bench/corpus.o
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(JANSSON_LIBS) $(ZLIB_LIBS)
$(BUILD)/bench/bench_fts5: $(BUILD)/bench/bench_fts5.o $(BUILD)/bench/corpus.o
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ -lsqlite3 $(JANSSON_LIBS) $(ZLIB_LIBS)

EVAL_BIN := $(BUILD)/bench/eval_dossier $(BUILD)/bench/eval_fts5 \
            $(BUILD)/bench/trec_eval $(BUILD)/bench/eval_entities \
            $(BUILD)/bench/eval_language $(BUILD)/bench/eval_crosslang
$(BUILD)/bench/%.o: EXTRA_CFLAGS := -Isearcher
$(BUILD)/bench/eval_dossier: $(BUILD)/bench/eval_dossier.o $(SEARCH_A) \
                             $(DOSSIER_A) $(XC_A)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CXX) $(ALL_LDFLAGS) -o $@ $^ $(DOSSIER_LIBS) $(JANSSON_LIBS) \
	    $(XAPIAN_LIBS)
$(BUILD)/bench/eval_fts5: $(BUILD)/bench/eval_fts5.o $(BUILD)/bench/corpus.o
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ -lsqlite3 $(JANSSON_LIBS) $(ZLIB_LIBS)
$(BUILD)/bench/eval_entities: $(BUILD)/bench/eval_entities.o $(DOSSIER_A)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DOSSIER_LIBS) $(JANSSON_LIBS) \
	    $(ZLIB_LIBS)
# Language detection on hand-labelled texts (tests/fixtures/language/).
$(BUILD)/bench/eval_language: $(BUILD)/bench/eval_language.o $(DOSSIER_A)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DOSSIER_LIBS)
# Entity recall and precision on labelled texts in other languages
# (bench/crosslang_entities.tsv).
$(BUILD)/bench/eval_crosslang: $(BUILD)/bench/eval_crosslang.o $(DOSSIER_A)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DOSSIER_LIBS)
$(BUILD)/bench/trec_eval: $(BUILD)/bench/trec_eval.o
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ -lm

# Relevance on the IR test collections of $(CORPORA)/ir, next to FTS5 and
# stock Xapian: MAP, nDCG@10, P@10.  Written to bench/EVAL.md.
eval: all $(EVAL_BIN) $(BENCH_BIN)
	@BUILD=$(BUILD) CORPORA=$(CORPORA) bash bench/eval.sh

# Feed conformance: every feed of feedparser's test corpus indexed alone,
# what Dossier stored read back and held to the file's own expectation
# (bench/conformance.py; figures in bench/BENCHMARKS.md).  A measurement,
# not a test: it fails only when the runner breaks or a program crashes.
# The corpus is $(CORPORA)/feedparser (DOSSIER_FEEDPARSER_CORPUS= to point
# elsewhere); `make SANITIZER=address conformance` runs the sanitizer build.
CONFORMANCE_BIN := $(BUILD)/bench/stored_records
$(BUILD)/bench/stored_records: $(BUILD)/bench/stored_records.o $(XC_A)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CXX) $(ALL_LDFLAGS) -o $@ $^ $(JANSSON_LIBS) $(XAPIAN_LIBS)

conformance: all $(CONFORMANCE_BIN)
	@DOSSIER_BUILD=$(BUILD) \
	DOSSIER_FEEDPARSER_CORPUS="$${DOSSIER_FEEDPARSER_CORPUS:-$(CORPORA)/feedparser}" \
	    python3 bench/conformance.py

# Figures go to bench/BENCHMARKS.md; the corpora are read from
# ../shared/corpora when present (CORPORA= to point elsewhere).
CORPORA ?= ../shared/corpora
bench: all $(BENCH_BIN)
	@BUILD=$(BUILD) CORPORA=$(CORPORA) BASELINE=$(BASELINE) bash bench/run.sh

# ---------------------------------------------------------------- install
install: lib
	$(INSTALL) -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) \
	    $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man3
	$(INSTALL) -m 0644 include/xapian-c.h $(DESTDIR)$(INCLUDEDIR)/
	$(INSTALL) -m 0644 $(XC_A) $(DESTDIR)$(LIBDIR)/
	$(INSTALL) -m 0755 $(XC_SO) $(DESTDIR)$(LIBDIR)/
	ln -sf $(XC_SONAME) $(DESTDIR)$(LIBDIR)/libxapian-c.so
	# The .pc file names the paths of this install, so it is made here.
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(XC_VERSION)|g' \
	    lib/xapian-c/xapian-c.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/xapian-c.pc
	chmod 0644 $(DESTDIR)$(PKGCONFIGDIR)/xapian-c.pc
	$(INSTALL) -m 0644 man/xapian-c.3 $(DESTDIR)$(MANDIR)/man3/
	$(INSTALL) -d $(DESTDIR)$(MANDIR)/man1
	$(INSTALL) -m 0755 $(INDEX_BIN) $(SEARCH_BIN) $(DESTDIR)$(BINDIR)/
	$(INSTALL) -d $(DESTDIR)$(CGIDIR)
	$(INSTALL) -m 0755 $(CGI_BIN) $(DESTDIR)$(CGIDIR)/
	$(INSTALL) -m 0644 man/dossier-index.1 man/dossier-search.1 \
	    $(DESTDIR)$(MANDIR)/man1/
	$(INSTALL) -d $(DESTDIR)$(MANDIR)/man8
	$(INSTALL) -m 0644 man/dossier.cgi.8 $(DESTDIR)$(MANDIR)/man8/
	$(INSTALL) -d $(DESTDIR)$(DATADIR)/dossier
	$(INSTALL) -m 0644 feeds/entities.tsv feeds/feeds.opml \
	    $(DESTDIR)$(DATADIR)/dossier/

uninstall:
	rm -f $(DESTDIR)$(INCLUDEDIR)/xapian-c.h \
	    $(DESTDIR)$(LIBDIR)/libxapian-c.a \
	    $(DESTDIR)$(LIBDIR)/$(XC_SONAME) $(DESTDIR)$(LIBDIR)/libxapian-c.so \
	    $(DESTDIR)$(PKGCONFIGDIR)/xapian-c.pc \
	    $(DESTDIR)$(MANDIR)/man3/xapian-c.3 \
	    $(DESTDIR)$(BINDIR)/dossier-index $(DESTDIR)$(BINDIR)/dossier-search \
	    $(DESTDIR)$(CGIDIR)/dossier.cgi \
	    $(DESTDIR)$(MANDIR)/man1/dossier-index.1 \
	    $(DESTDIR)$(MANDIR)/man1/dossier-search.1 \
	    $(DESTDIR)$(MANDIR)/man8/dossier.cgi.8 \
	    $(DESTDIR)$(DATADIR)/dossier/entities.tsv \
	    $(DESTDIR)$(DATADIR)/dossier/feeds.opml

clean:
	rm -rf build build-asan

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# ---------------------------------------------------------------- fuzzing
# libFuzzer harnesses of every parser of outside input: tests/fuzz/.
-include tests/fuzz/fuzz.mk
