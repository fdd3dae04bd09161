# hocba - paper học bạ to signed digital records.
#
#   make demo     the main job on the bundled sample books (installs what it needs)
#   make check    every test: unit (cmocka), integration (shell), sanitizer build
#   make bench    speed and accuracy on generated books
#   make load     20 reviewers + 2 workers for 5 minutes (figures in README)
#   make fuzz     the libFuzzer targets (tests/fuzz/run.sh runs them)
#   make deps     the Debian packages (idempotent; as root or via sudo)
#
# BUILD names the build directory, so that several builds (the sanitizer
# one, a developer's experiments) can live side by side.

BUILD    ?= build
PREFIX   ?= /usr/local
DATADIR  ?= $(CURDIR)
CC       ?= cc

# Debian packages: libraries and the tools the tests call.
DEB_PKGS = build-essential pkg-config \
  libtesseract-dev tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng tesseract-ocr-osd tesseract-ocr-script-viet time \
  libleptonica-dev libxml2-dev libxml2-utils libxmlsec1-dev libxmlsec1-openssl xmlsec1 \
  libsqlite3-dev sqlite3 libssl-dev openssl libmicrohttpd-dev libjansson-dev libutf8proc-dev \
  libcairo2-dev libpango1.0-dev libpoppler-glib-dev poppler-utils \
  libp11-dev libengine-pkcs11-openssl softhsm2 opensc libcmocka-dev \
  libtiff-dev libjpeg-dev libpng-dev valgrind curl chromium \
  fonts-dejavu-core fonts-liberation2 fonts-noto-core \
  fonts-dkg-handwriting fonts-breip fonts-dancingscript fonts-humor-sans

PKGS = tesseract lept libxml-2.0 xmlsec1-openssl sqlite3 openssl libmicrohttpd jansson \
       libutf8proc pangocairo cairo poppler-glib glib-2.0 libp11 libtiff-4

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -lpthread

WARN      = -Wall -Wextra -Werror
CFLAGS   ?= -O2 -g
SAN      ?=
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(SAN) \
             -Ipipeline -Iocr -Ireview -Isamples $(PKG_CFLAGS) \
             -DHB_DATADIR='"$(DATADIR)"' -MMD -MP
# -u GOMP_parallel: ocr/omp_serial.c runs Tesseract's OpenMP regions as
# plain calls; nothing in hocba calls it, so the archive member is named.
ALL_LDFLAGS = $(LDFLAGS) $(SAN) -Wl,-u,GOMP_parallel

# Every .c file is library code except the program entry points (*main.c).
LIB_SRC  = $(filter-out %main.c, $(wildcard pipeline/*.c ocr/*.c review/*.c samples/*.c))
# The review UI's files are compiled in (review/static.h): embed makes C
# arrays of them, so the server never opens a file named by a request.
STATIC_FILES = $(sort $(wildcard review/static/*))
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/review/static_data.o
PROGS    = $(BUILD)/hocba $(BUILD)/gen $(BUILD)/score
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.SECONDARY:
.PHONY: all deps check demo bench load install clean asan fuzz fuzz-bins

all: $(PROGS) $(UNIT_BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC    $<"
	@$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/embed: review/embed_main.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARN) -O2 -o $@ $<

$(BUILD)/review/static_data.c: $(STATIC_FILES) $(BUILD)/embed
	@mkdir -p $(dir $@)
	$(BUILD)/embed $@ $(STATIC_FILES)

$(BUILD)/review/static_data.o: $(BUILD)/review/static_data.c
	@echo "  CC    $<"
	@$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libhocba.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/hocba: $(BUILD)/pipeline/main.o $(BUILD)/libhocba.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/gen: $(BUILD)/samples/gen_main.o $(BUILD)/libhocba.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/score: $(BUILD)/samples/score_main.o $(BUILD)/libhocba.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(BUILD)/libhocba.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) -lcmocka

# The sanitizer build: same sources, AddressSanitizer + UBSan, own directory.
asan:
	$(MAKE) BUILD=build-asan SAN='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined' CFLAGS='-O1 -g' all

deps:
	@./tests/deps.sh $(DEB_PKGS)

# The fuzzers: libFuzzer targets (tests/fuzz/targets.c) built with Debian's
# clang, AddressSanitizer + UBSan, in build-fuzz/; tests/fuzz/run.sh runs
# them.  `make check` needs no clang: it replays the committed corpus
# (tests/fuzz/corpus/) through the same targets (tests/unit/test_corpus.c).
FUZZ_PKGS    = clang libclang-rt-14-dev
FUZZ_TARGETS = load record_xml roster config http json
FUZZ_SAN     = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

fuzz:
	@./tests/deps.sh $(DEB_PKGS) $(FUZZ_PKGS)
	@$(MAKE) --no-print-directory -j2 BUILD=build-fuzz CC=clang CFLAGS='-O1 -g' \
	  SAN='$(FUZZ_SAN) -fsanitize=fuzzer-no-link' fuzz-bins

fuzz-bins: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_main.c tests/fuzz/targets.c $(BUILD)/libhocba.a
	@mkdir -p $(dir $@)
	@echo "  FUZZ  $@"
	@$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -DHB_FUZZ_NAME='"$*"' -o $@ $< \
	  $(BUILD)/libhocba.a $(PKG_LIBS)

# check: dependencies, both builds (in one make, so that one build's last
# links overlap the other's compiling; they share no file), then every test;
# the last line is the plain "N passed, N failed" summary.
check:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory -j2 all asan >$(BUILD)-make.log 2>&1 || { cat $(BUILD)-make.log; echo "0 passed, 1 failed"; exit 1; }
	@./tests/run.sh $(BUILD) build-asan

demo:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory -j2 all
	@./samples/demo.sh $(BUILD)

bench:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory -j2 all
	@./samples/bench.sh $(BUILD)

# load: 20 reviewers and 2 workers on one workspace for 5 minutes (loopback
# only); a benchmark with assertions, too long for make check (which runs
# 20 s of it).
load:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory -j2 all
	@./tests/browser/setup.sh --node-only
	@./tests/load/run.sh 300

# The installed program looks for its data (schemas/) under
# $(PREFIX)/share/hocba, so it is built for that place in its own directory.
install:
	@$(MAKE) --no-print-directory BUILD=build-install DATADIR=$(PREFIX)/share/hocba build-install/hocba
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/hocba/schemas
	install -m 755 build-install/hocba $(DESTDIR)$(PREFIX)/bin/hocba
	install -m 644 schemas/* $(DESTDIR)$(PREFIX)/share/hocba/schemas/

clean:
	rm -rf build build-* *.log

-include $(LIB_OBJ:.o=.d) $(BUILD)/pipeline/main.d $(BUILD)/samples/gen_main.d \
  $(BUILD)/samples/score_main.d $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%.d)
