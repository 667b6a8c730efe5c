# celltwin build. `make` builds bin/celltwin and the example plugins; `make test` installs missing
# Debian packages (as root), builds and runs every test; `make demo` runs the default scenario and
# draws figures; `make install` installs the binary and the plugin header under PREFIX.

PKGS      := lua5.4 libcjson cairo libxml-2.0 libsbml
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

# SUNDIALS CVODE (Debian libsundials-dev, 6.x, ships no pkg-config file: the libraries by name,
# SUNDIALS_LIBS= to override), for the intracellular models' "method": "cvode".
SUNDIALS_LIBS ?= -lsundials_cvode -lsundials_nvecserial -lsundials_sunlinsoldense -lsundials_sunmatrixdense

# MPI (sweeps over ranks) when pkg-config knows mpi-c, as Debian's libopenmpi-dev provides;
# NO_MPI=1 builds without it. Only the CLI's ct_mpi.c, the distributed run (ct_dist_run.c,
# ct_dist_fields.c, ct_dist_hooks.c and ct_dist_profile.c) and the binary's link use it.
MPI_PKG    := $(if $(NO_MPI),,$(shell pkg-config --exists mpi-c 2>/dev/null && echo mpi-c))
MPI_CFLAGS := $(if $(MPI_PKG),-DCT_HAVE_MPI $(shell pkg-config --cflags mpi-c))
MPI_LIBS   := $(if $(MPI_PKG),$(shell pkg-config --libs mpi-c))

BUILD    ?= build
OPT      ?= -O3 -march=native
CC       ?= gcc
WARN     := -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wstrict-prototypes -Wmissing-prototypes -Wno-format-truncation
# core/ is split into layer folders (docs/ARCHITECTURE.md); each is its own -I, so includes name
# the header alone. Every folder under core/ but the CLI's is part of the library.
CORE_DIRS := $(filter-out core/cli/,$(sort $(dir $(wildcard core/*/*.[ch]))))
CORE_INC  := $(patsubst %/,-I%,$(CORE_DIRS))
CFLAGS   := -std=c11 -D_GNU_SOURCE $(OPT) -g -fopenmp $(WARN) -Icore $(CORE_INC) -Iviz -Iplugins -Itests -Itests/fuzz -Ibenchmarks $(PKG_CFLAGS) $(EXTRA_CFLAGS)
LDLIBS   := $(PKG_LIBS) $(SUNDIALS_LIBS) -lm -ldl -fopenmp $(EXTRA_LDFLAGS)

CORE_SRC := $(wildcard core/*.c $(addsuffix *.c,$(CORE_DIRS)))
VIZ_SRC  := $(wildcard viz/*.c)
CLI_SRC  := $(wildcard core/cli/*.c)
TEST_SRC := $(wildcard tests/unit/*.c) $(wildcard tests/fuzz/fuzz_*.c) tests/harness.c
# Plugins: shared objects that link against nothing of celltwin (-z defs proves it).
PLUGIN_SRC := $(wildcard plugins/*.c) $(wildcard tests/plugins/*.c)
PLUGIN_CFLAGS := -std=c11 $(OPT) -g -fPIC $(WARN) -Iplugins $(EXTRA_CFLAGS)
PLUGINS  := $(PLUGIN_SRC:%.c=$(BUILD)/%.so)

PREFIX   ?= /usr/local
DESTDIR  ?=

CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/%.o)
VIZ_OBJ  := $(VIZ_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)

LIBCORE  := $(BUILD)/libcelltwin.a
LIBVIZ   := $(BUILD)/libctviz.a
BIN      := bin/celltwin
TESTBIN  := $(BUILD)/tests/unit_tests

BENCH_SRC := $(filter-out benchmarks/bench_common.c,$(wildcard benchmarks/bench_*.c))
BENCH_BIN := $(BENCH_SRC:benchmarks/%.c=$(BUILD)/bench/%)

FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= scenario sweep checkpoint set lua physicell physicell_rules sbml

.PHONY: all deps test asan demo bench bench-mpi check-layers check-long clean fuzz install valgrind vec-report

all: $(BIN) $(TESTBIN) $(PLUGINS)

deps:
	@bash scripts/install-deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC  $<"
	@$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/core/cli/ct_mpi.o: CFLAGS += $(MPI_CFLAGS)
$(BUILD)/core/dist/ct_dist_run.o: CFLAGS += $(MPI_CFLAGS)
$(BUILD)/core/dist/ct_dist_fields.o: CFLAGS += $(MPI_CFLAGS)
$(BUILD)/core/dist/ct_dist_hooks.o: CFLAGS += $(MPI_CFLAGS)
$(BUILD)/core/dist/ct_dist_profile.o: CFLAGS += $(MPI_CFLAGS)

$(BUILD)/%.so: %.c plugins/celltwin_plugin.h
	@mkdir -p $(dir $@)
	@echo "  SO  $<"
	@$(CC) $(PLUGIN_CFLAGS) -shared -Wl,-z,defs -o $@ $< -lm $(EXTRA_LDFLAGS)

$(LIBCORE): $(CORE_OBJ)
	@mkdir -p $(dir $@)
	@$(AR) rcs $@ $^

$(LIBVIZ): $(VIZ_OBJ)
	@mkdir -p $(dir $@)
	@$(AR) rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIBVIZ) $(LIBCORE)
	@mkdir -p $(dir $@)
	@echo "  LD  $@"
	@$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(LIBVIZ) $(LIBCORE) $(LDLIBS) $(MPI_LIBS)

$(TESTBIN): $(TEST_OBJ) $(LIBVIZ) $(LIBCORE)
	@mkdir -p $(dir $@)
	@echo "  LD  $@"
	@$(CC) $(CFLAGS) -o $@ $(TEST_OBJ) $(LIBVIZ) $(LIBCORE) $(LDLIBS)

SANITIZE := BUILD=build-asan BIN=build-asan/bin/celltwin \
    OPT="-O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all" \
    EXTRA_LDFLAGS="-fsanitize=address,undefined"
SANITIZER_ENV := ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp

# Every test, plus the unit tests once more under AddressSanitizer + UBSan (LeakSanitizer on).
test: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory $(SANITIZE) build-asan/tests/unit_tests
	@CELLTWIN=$(BIN) UNIT_TESTS=$(TESTBIN) CT_BUILD=$(BUILD) \
	    SANITIZED_UNIT_TESTS=build-asan/tests/unit_tests SANITIZED_ENV="$(SANITIZER_ENV)" \
	    bash tests/run.sh

# Each core/ folder includes and calls only itself and the layers below it (order in the script),
# with no include circles inside a folder; `make test` runs it too (tests/cli/test_layers.sh).
check-layers: $(LIBCORE)
	@python3 scripts/check_layers.py . --objects $(BUILD)

# The whole suite (unit, validation, CLI) built with AddressSanitizer + UBSan.
asan: deps
	@$(MAKE) --no-print-directory $(SANITIZE) all
	@CELLTWIN=build-asan/bin/celltwin UNIT_TESTS=build-asan/tests/unit_tests CT_BUILD=build-asan \
	    $(SANITIZER_ENV) bash tests/run.sh

demo: deps
	@$(MAKE) --no-print-directory all
	$(BIN) run scenarios/demo_tumour.json --out out/demo --force
	$(BIN) render out/demo --out out/demo/figure.pdf --panels 0,800,1600
	$(BIN) render out/demo --out out/demo/figure.png --panels 0,800,1600 --dpi 200
	@echo "celltwin: figures in out/demo/figure.pdf and out/demo/figure.png"

# Each benchmarks/bench_NAME.c is a standalone program: build/bench/bench_NAME.
.SECONDARY: $(BENCH_SRC:%.c=$(BUILD)/%.o) $(BUILD)/benchmarks/bench_common.o
$(BUILD)/bench/%: $(BUILD)/benchmarks/%.o $(BUILD)/benchmarks/bench_common.o $(LIBVIZ) $(LIBCORE)
	@mkdir -p $(dir $@)
	@echo "  LD  $@"
	@$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# Benchmarks print their figures and append rows to benchmarks/results/*.csv.
bench: deps
	@$(MAKE) --no-print-directory all $(BENCH_BIN)
	@set -e; for b in $(BENCH_BIN); do echo "== $$b"; $$b; done

# One simulation over MPI ranks (issue 19): weak and strong scaling under mpirun, from each run's
# dist_profile.json; rows appended to benchmarks/results/mpi.csv (docs/performance.md).
bench-mpi: deps
	@$(MAKE) --no-print-directory all
	@python3 benchmarks/bench_mpi.py

# The loops gcc vectorised in the modules that hold the hot loops (docs/performance.md says which
# to expect): the check that a change did not silently turn a SIMD loop back into scalar code.
HOT_SRC := $(wildcard core/sim/ct_step.c core/fields/ct_field_solver.c core/fields/ct_field.c \
                      core/fields/ct_fft.c core/fields/ct_axis_modes.c core/space/ct_agents.c \
                      core/state/ct_sim.c core/behaviour/ct_secretion.c)
vec-report:
	@for f in $(HOT_SRC); do \
	    $(CC) $(CFLAGS) -fopt-info-vec-optimized -c $$f -o /dev/null 2>&1 | \
	        grep -E "loop vectorized" | sed 's/: optimized:/:/' | sort -t: -k2,2n -u; \
	done

# libFuzzer (clang) on each target for FUZZ_SECONDS; new inputs that reach new code go into the
# corpus, and a crash is saved there too, so `make test` replays it from then on.
fuzz:
	@bash scripts/install-deps.sh fuzz
	@set -e; for t in $(FUZZ_TARGETS); do \
	    echo "== fuzz $$t ($(FUZZ_SECONDS) s)"; \
	    mkdir -p build-fuzz tests/fuzz/corpus/$$t; \
	    clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -fopenmp \
	        -DCT_FUZZ_TARGET=ct_fuzz_$$t -Icore $(CORE_INC) -Iplugins -Itests/fuzz $(PKG_CFLAGS) \
	        tests/fuzz/libfuzzer_main.c tests/fuzz/fuzz_$$t.c tests/fuzz/fuzz_files.c \
	        $(CORE_SRC) -o build-fuzz/fuzz_$$t $(LDLIBS); \
	    build-fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=10 \
	        -artifact_prefix=tests/fuzz/corpus/$$t/crash- tests/fuzz/corpus/$$t; \
	done

# The demo under valgrind (memcheck), built without -march=native, which valgrind may not decode.
valgrind:
	@bash scripts/install-deps.sh valgrind
	@$(MAKE) --no-print-directory BUILD=build-vg BIN=build-vg/bin/celltwin OPT="-O1" \
	    build-vg/bin/celltwin
	valgrind --error-exitcode=3 --leak-check=full --errors-for-leak-kinds=definite \
	    --suppressions=tests/valgrind.supp -q build-vg/bin/celltwin run scenarios/demo_tumour.json \
	    --out build-vg/demo --force --steps 300 --threads 1 --quiet
	@echo "valgrind: the demo ran clean"

# Longer validation runs (CT_LONG=1), then the demo under valgrind.
check-long: deps
	@$(MAKE) --no-print-directory all
	@CELLTWIN=$(BIN) UNIT_TESTS=$(TESTBIN) CT_BUILD=$(BUILD) CT_LONG=1 bash tests/run.sh
	@$(MAKE) --no-print-directory valgrind

# The binary, the public plugin header (what a plugin built outside the tree needs) and its guide.
install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/include/celltwin \
	    $(DESTDIR)$(PREFIX)/share/doc/celltwin
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/celltwin
	install -m 644 plugins/celltwin_plugin.h $(DESTDIR)$(PREFIX)/include/celltwin/
	install -m 644 docs/plugins.md $(DESTDIR)$(PREFIX)/share/doc/celltwin/

clean:
	rm -rf build build-asan build-fuzz build-vg bin out

-include $(wildcard $(BUILD)/benchmarks/*.d)
-include $(CORE_OBJ:.o=.d) $(VIZ_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_OBJ:.o=.d)
