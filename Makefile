# veikart build. Sources are found by directory; each tests/test_<module>.c
# becomes its own cmocka binary linked against every module but cli/main.c.
# `make SAN=1 BUILD=build/asan` (what `make asan` does) builds with
# AddressSanitizer and UndefinedBehaviorSanitizer into a separate tree.

BUILD ?= build
CC ?= cc
PKGS := libevent libevent_pthreads jansson libsodium sqlite3 libcurl \
	xlsxwriter cairo pangocairo libzip expat libgvc
CFLAGS_BASE := -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow \
	-Wstrict-prototypes -Wformat=2 -Isrc -g \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libstemmer and libcsv ship no pkg-config file.
LDLIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer -lcsv \
	-lpthread -lm

ifeq ($(SAN),1)
OPT := -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined
LDSAN := -fsanitize=address,undefined
else
OPT := -O2
LDSAN :=
endif
CFLAGS += $(CFLAGS_BASE) $(OPT) -MMD -MP

MAIN_SRC := src/cli/main.c
LIB_SRC := $(filter-out $(MAIN_SRC),$(shell find src -name '*.c' | sort))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/data/seed.o \
	$(BUILD)/data/i18n.o
TEST_SRC := $(sort $(wildcard tests/test_*.c))
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
BIN := $(BUILD)/veikart

DB ?= var/veikart.db
LISTEN ?= 127.0.0.1:8080

# One catalog file per part of the portal and language; a language's
# catalog is their concatenation (a key given twice fails at start-up and
# in tests/test_i18n.c).
I18N := $(sort $(wildcard data/i18n/*/*.txt))
# npm ci writes this file last; it is older than package-lock.json only
# when the lock file changed since (or node_modules/ does not exist).
NODE_STAMP := node_modules/.package-lock.json

.PHONY: all deps run test unit asan bench fuzz clean format node_modules \
	screenshots

all: $(BIN)

$(BIN): $(BUILD)/$(MAIN_SRC:.c=.o) $(BUILD)/libveikart.a
	$(CC) $(LDSAN) -o $@ $^ $(LDLIBS)

$(BUILD)/libveikart.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

# The built-in dataset is compiled into the binary, so `veikart init` works
# from any directory and a release is one file.
$(BUILD)/data/seed.o: data/seed.S data/seed.json
	@mkdir -p $(dir $@)
	$(CC) -c -o $@ -DSEED_PATH='"data/seed.json"' data/seed.S

# The portal's message catalogs, embedded the same way.
$(BUILD)/i18n/%.txt: $(I18N)
	@mkdir -p $(dir $@)
	@cat $(sort $(wildcard data/i18n/$*/*.txt)) > $@

$(BUILD)/data/i18n.o: data/i18n.S $(BUILD)/i18n/nb.txt $(BUILD)/i18n/nn.txt \
		$(BUILD)/i18n/en.txt
	@mkdir -p $(dir $@)
	$(CC) -c -o $@ -DI18N_NB='"$(BUILD)/i18n/nb.txt"' \
		-DI18N_NN='"$(BUILD)/i18n/nn.txt"' \
		-DI18N_EN='"$(BUILD)/i18n/en.txt"' data/i18n.S

$(BUILD)/tests/%: tests/%.c $(BUILD)/libveikart.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests -o $@ $< $(BUILD)/libveikart.a \
		$(LDSAN) $(LDLIBS) -lcmocka

deps:
	@bash scripts/deps.sh

# The portal's CSS (Designsystemet) from the committed package-lock.json.
# Idempotent: npm ci runs only when the lock file is newer than what it
# installed last. npm comes with the machine's Node.js (scripts/deps.sh
# checks its version); never Debian's nodejs/npm packages.
node_modules: $(NODE_STAMP)

$(NODE_STAMP): package-lock.json package.json
	@command -v npm >/dev/null 2>&1 || { echo "make: npm is missing:" \
		"veikart needs Node.js 20 or newer with npm (it comes with the" \
		"machine image; do not install Debian's nodejs or npm)" >&2; \
		exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

# First README command: install, build, seed when there is no database, serve.
run: deps node_modules
	@$(MAKE) --no-print-directory all
	@mkdir -p $(dir $(DB))
	@[ -f $(DB) ] || $(BIN) init --db $(DB)
	$(BIN) serve --db $(DB) --listen $(LISTEN)

# Second README command: install, build (plain and sanitized), run every test.
test: deps node_modules
	@$(MAKE) -s --no-print-directory all $(TEST_BIN)
	@$(MAKE) -s --no-print-directory SAN=1 BUILD=build/asan all \
		$(TEST_BIN:$(BUILD)/%=build/asan/%)
	@bash tests/run.sh build build/asan

unit: all $(TEST_BIN)
	@bash tests/run.sh --unit-only $(BUILD)

asan:
	@$(MAKE) --no-print-directory SAN=1 BUILD=build/asan all \
		$(TEST_BIN:$(BUILD)/%=build/asan/%)

bench: deps node_modules all
	@bash bench/run.sh $(BIN)

fuzz: deps
	@bash fuzz/build.sh

# The portal's look, in docs/screenshots/ (front page, a measure, the report
# form; desktop and 375 px wide), taken in Debian's chromium.
screenshots: deps node_modules all
	@bash scripts/screenshots.sh $(BIN)

format:
	clang-format -i $$(find src tests fuzz -name '*.[ch]')

clean:
	rm -rf build

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
