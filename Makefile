# celltwin build. `make` builds bin/celltwin; `make test` installs missing Debian packages
# (as root), builds and runs every test; `make demo` runs the default scenario and draws figures.

PKGS      := lua5.4 libcjson cairo
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

BUILD    ?= build
OPT      ?= -O3 -march=native
CC       ?= gcc
WARN     := -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wstrict-prototypes -Wmissing-prototypes -Wno-format-truncation
CFLAGS   := -std=c11 -D_GNU_SOURCE $(OPT) -g -fopenmp $(WARN) -Icore -Iviz -Iplugins -Itests $(PKG_CFLAGS) $(EXTRA_CFLAGS)
LDLIBS   := $(PKG_LIBS) -lm -ldl -fopenmp $(EXTRA_LDFLAGS)

CORE_SRC := $(wildcard core/*.c)
VIZ_SRC  := $(wildcard viz/*.c)
CLI_SRC  := $(wildcard core/cli/*.c)
TEST_SRC := $(wildcard tests/unit/*.c) tests/harness.c
BENCH_SRC := $(wildcard benchmarks/*.c)

CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/%.o)
VIZ_OBJ  := $(VIZ_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)
BENCH_BIN := $(BENCH_SRC:benchmarks/%.c=$(BUILD)/bench/%)

LIBCORE  := $(BUILD)/libcelltwin.a
LIBVIZ   := $(BUILD)/libctviz.a
BIN      := bin/celltwin
TESTBIN  := $(BUILD)/tests/unit_tests

.PHONY: all deps test asan demo bench check-long clean

all: $(BIN) $(TESTBIN)

deps:
	@bash scripts/install-deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC  $<"
	@$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(LIBCORE): $(CORE_OBJ)
	@mkdir -p $(dir $@)
	@$(AR) rcs $@ $^

$(LIBVIZ): $(VIZ_OBJ)
	@mkdir -p $(dir $@)
	@$(AR) rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIBVIZ) $(LIBCORE)
	@mkdir -p $(dir $@)
	@echo "  LD  $@"
	@$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(LIBVIZ) $(LIBCORE) $(LDLIBS)

$(TESTBIN): $(TEST_OBJ) $(LIBVIZ) $(LIBCORE)
	@mkdir -p $(dir $@)
	@echo "  LD  $@"
	@$(CC) $(CFLAGS) -o $@ $(TEST_OBJ) $(LIBVIZ) $(LIBCORE) $(LDLIBS)

# Each benchmarks/NAME.c is a standalone program: build/bench/NAME. `make bench` runs them all.
$(BUILD)/bench/%: $(BUILD)/benchmarks/%.o $(LIBCORE)
	@mkdir -p $(dir $@)
	@echo "  LD  $@"
	@$(CC) $(CFLAGS) -o $@ $< $(LIBCORE) $(LDLIBS)

.SECONDARY: $(BENCH_SRC:%.c=$(BUILD)/%.o)

bench: $(BENCH_BIN)
	@for b in $(BENCH_BIN); do $$b || exit 1; done

test: deps
	@$(MAKE) --no-print-directory all
	@CELLTWIN=$(BIN) UNIT_TESTS=$(TESTBIN) bash tests/run.sh

# AddressSanitizer + UBSan build of the whole suite, in its own build folder.
asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan BIN=build-asan/bin/celltwin \
	    OPT="-O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all" \
	    EXTRA_LDFLAGS="-fsanitize=address,undefined" all
	@CELLTWIN=build-asan/bin/celltwin UNIT_TESTS=build-asan/tests/unit_tests \
	    ASAN_OPTIONS=detect_leaks=1 bash tests/run.sh

demo: deps
	@$(MAKE) --no-print-directory all
	$(BIN) run scenarios/demo_tumour.json --out out/demo

check-long: deps
	@$(MAKE) --no-print-directory all
	@CELLTWIN=$(BIN) UNIT_TESTS=$(TESTBIN) CT_LONG=1 bash tests/run.sh

clean:
	rm -rf build build-asan bin out

-include $(CORE_OBJ:.o=.d) $(VIZ_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_OBJ:.o=.d) \
    $(BENCH_SRC:%.c=$(BUILD)/%.d)
