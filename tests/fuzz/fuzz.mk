# tests/fuzz/fuzz.mk: libFuzzer harnesses of every parser of outside input
# (tests/fuzz/README.md).  Included from the Makefile.
#
#   make fuzz                  build every harness, run each FUZZ_SECONDS (60)
#   make fuzz-ci               the same, 10 seconds each (.ci/run)
#   make fuzz FUZZERS="url date" FUZZ_SECONDS=300   some harnesses, longer
#   make fuzz-build            only build them (build/fuzz/bin/fuzz_NAME)
#
# The harnesses and every library they link are built with clang,
# -fsanitize=fuzzer-no-link plus the Makefile's SANITIZER=address flags
# (ASan + UBSan, no recovery), into a build folder of their own,
# build/fuzz, by a make of this Makefile with BUILD, CC, CXX and CFLAGS
# set: nothing of build/ or build-asan/ is shared.  Runs go FUZZ_JOBS at a
# time (the number of cores); any crash, leak, timeout or out-of-memory
# fails the target, after every harness has had its turn.

FUZZ_SECONDS ?= 60
FUZZ_BUILD   ?= build/fuzz
FUZZ_JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_CC      ?= clang
FUZZ_CXX     ?= clang++
# Every harness, tests/fuzz/fuzz_NAME.c, unless FUZZERS names some.
FUZZ_ALL     := $(patsubst tests/fuzz/fuzz_%.c,%,\
                    $(wildcard tests/fuzz/fuzz_*.c))
FUZZERS      ?= $(FUZZ_ALL)
FUZZ_COVERAGE := -fsanitize=fuzzer-no-link

.PHONY: fuzz fuzz-ci fuzz-build fuzz-runs

ifeq ($(FUZZ_INNER),1)
# ---------------------------------------------------- inside build/fuzz
FUZZ_BINS := $(FUZZERS:%=$(BUILD)/bin/fuzz_%)

fuzz-build: $(FUZZ_BINS)

$(BUILD)/bin/fuzz_%: $(BUILD)/tests/fuzz/fuzz_%.o $(SEARCH_A) $(INDEX_A) \
                     $(DOSSIER_A) $(XC_A)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CXX) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(DOSSIER_LIBS) \
	    $(INDEX_LIBS) $(XAPIAN_LIBS)

fuzz-runs: $(FUZZERS:%=fuzz-run-%)

fuzz-run-%: $(BUILD)/bin/fuzz_%
	@bash tests/fuzz/run.sh $* $< $(FUZZ_SECONDS) $(BUILD)

else
# ---------------------------------------------------- the entry points
FUZZ_MAKE = $(MAKE) --no-print-directory FUZZ_INNER=1 BUILD=$(FUZZ_BUILD) \
    CC=$(FUZZ_CC) CXX=$(FUZZ_CXX) SANITIZER=address \
    CFLAGS="$(FUZZ_COVERAGE)" CXXFLAGS="$(FUZZ_COVERAGE)" \
    FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZERS="$(FUZZERS)"
# -j unless the caller gave one (then the jobserver is shared).
FUZZ_J = $(if $(filter -j%,$(MAKEFLAGS)),,-j$(FUZZ_JOBS))

fuzz-build:
	@$(FUZZ_MAKE) $(FUZZ_J) fuzz-build

fuzz: deps
	@$(FUZZ_MAKE) $(FUZZ_J) fuzz-build
	@echo "== fuzzing $(words $(FUZZERS)) harnesses, $(FUZZ_SECONDS) s each," \
	    "$(FUZZ_JOBS) at a time (logs: $(FUZZ_BUILD)/logs/)"
	@rm -f $(FUZZERS:%=$(FUZZ_BUILD)/logs/%.summary)
	@$(FUZZ_MAKE) $(FUZZ_J) -k fuzz-runs >/dev/null 2>$(FUZZ_BUILD)/make-runs.err; \
	status=$$?; \
	echo "== results (tests/fuzz/README.md tells how to reproduce a crash):"; \
	for n in $(FUZZERS); do \
	    s=$(FUZZ_BUILD)/logs/$$n.summary; \
	    if [ -f $$s ]; then cat $$s; else echo "$$n: did not run"; fi; \
	done; \
	if [ $$status -ne 0 ]; then \
	    for n in $(FUZZERS); do \
	        if ! grep -q ' ok ' $(FUZZ_BUILD)/logs/$$n.summary 2>/dev/null; then \
	            echo "---- $$n: the end of $(FUZZ_BUILD)/logs/$$n.log:"; \
	            grep -v '^#[0-9]' $(FUZZ_BUILD)/logs/$$n.log 2>/dev/null | \
	                tail -n 40; \
	            ls $(FUZZ_BUILD)/artifacts/$$n/ 2>/dev/null | \
	                sed "s|^|     kept: $(FUZZ_BUILD)/artifacts/$$n/|"; \
	        fi; \
	    done; \
	    cat $(FUZZ_BUILD)/make-runs.err; \
	    echo "fuzz: FAILED"; \
	else \
	    echo "fuzz: $(words $(FUZZERS)) harnesses, no crash"; \
	fi; \
	exit $$status

fuzz-ci:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=10
endif
