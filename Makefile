# SkyFox Cinema — build, run, test, bench, install.  See README.md.
#
#   make            build everything (-Wall -Wextra -Werror)
#   make run        install missing packages (as root), build, demo site on
#                   http://127.0.0.1:$(PORT)/ in the foreground
#   make start/stop the same server in the background
#   make check      every test that must pass (what CI runs); SAN=1 for
#                   AddressSanitizer + UndefinedBehaviorSanitizer
#   make bench      the benchmarks of DESIGN §9
#   make install    PREFIX=, DESTDIR=
#   make dist       the release bundle for shared hosting (INSTALL §3):
#                   build/skyfox-$(VERSION)-<arch>.tar.gz
#
# Each CGI is linked with --as-needed against the static libskyfox.a, so it
# loads only the shared libraries whose symbols it really uses (DESIGN §9).

# The release.  `make dist VERSION=x.y.z` stamps another one (the upgrade
# test builds a newer bundle that way).
VERSION	?= 1.1.0
PORT	?= 8080
DATA_DIR ?= $(CURDIR)/var
PREFIX	?= /usr/local
DESTDIR	?=
SAN	?=

CC	?= cc
PKGS	 = libcjson libcurl MagickWand libqrencode libpng
# SQLite and libsodium are linked from Debian's static archives (libsqlite3.a,
# libsodium.a in the -dev packages): a CGI lives for one request, and binding
# their symbols at start-up was a quarter of a seat-map request (callgrind:
# 5.3M → 4.1M instructions).  Rebuild after a Debian security update of either.
STATIC_LIBS = -Wl,-Bstatic -lsqlite3 -lsodium -Wl,-Bdynamic
OPT	?= -O2
CFLAGS	 = -std=c11 -D_GNU_SOURCE -g $(OPT) -Wall -Wextra -Werror -Wshadow \
	   -Wformat=2 -Wno-format-nonliteral -Wstrict-prototypes \
	   -fstack-protector-strong -fPIE -Ilib -Ibuild -Icli
LDFLAGS	 = -pie -Wl,-z,relro,-z,now -Wl,--as-needed
ifeq ($(SAN),1)
CFLAGS	+= -fsanitize=address,undefined -fno-omit-frame-pointer \
	   -fno-sanitize-recover=undefined
LDFLAGS	+= -fsanitize=address,undefined
FLAVOUR	 = san
else
CFLAGS	+= -D_FORTIFY_SOURCE=2
FLAVOUR	 = plain
endif

# pkg-config is asked only when building, so `make deps` works on a bare
# machine.  (MagickWand's cflags carry its HDRI/quantum defines.)
PKG_CFLAGS = $(shell pkg-config --cflags sqlite3 libsodium $(PKGS) 2>/dev/null)
PKG_LIBS   = $(STATIC_LIBS) $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhpdf -lm
CFLAGS	+= $(PKG_CFLAGS)

LIB_SRC	 = $(wildcard lib/*.c)
LIB_OBJ	 = $(LIB_SRC:lib/%.c=build/lib/%.o) build/lib/embedded.o \
	   build/lib/version.o
CGI_SRC	 = $(wildcard cgi-bin/*.c)
CGIS	 = $(CGI_SRC:.c=.cgi)
CRON_SRC = $(wildcard cron/*.c)
CRONS	 = $(CRON_SRC:.c=)
LIBEXEC_SRC = $(wildcard libexec/*.c)
LIBEXECS = $(LIBEXEC_SRC:.c=)
CLI_SRC	 = $(wildcard cli/*.c)
CLI_OBJ	 = $(CLI_SRC:cli/%.c=build/cli/%.o)
UNIT_SRC = $(wildcard tests/unit/*.c)
HTTP_SRC = $(wildcard tests/http/*.c)
LOAD_SRC = $(wildcard tests/load/*.c)
OPENAPI_PARTS = $(wildcard docs/api/*.json)

BINS	 = $(CGIS) $(CRONS) $(LIBEXECS) bin/skyfoxctl bench/noop.cgi htdocs/docs/openapi.json \
	   fonts/.made

.PHONY: all deps run start stop check check-run unit http browser load \
	bench install clean fuzz flavour dist hosting www FORCE
FORCE:
all: $(BINS) www

# What make run/start and the tests serve: build/www/htdocs, a copy of
# htdocs/ with the assets' version (a hash of js/, css/, img/, vendor/) in
# the pages' URLs (tools/stamp.sh; README "Static files").  Redone only
# when something in htdocs/ changed, so an edited script gets a new URL.
www: htdocs/docs/openapi.json
	@sh tools/stamp.sh htdocs build/www/htdocs >/dev/null

# Rebuild everything when SAN= changes (objects of two flavours never mix).
# Done while the Makefile is read, before make looks at any object: a
# recipe that deleted them would run after make had already seen them.
ifeq ($(filter clean stop deps,$(MAKECMDGOALS)),)
ifneq ($(shell cat build/.flavour 2>/dev/null),$(FLAVOUR))
$(shell rm -rf build/lib build/cli build/*.a $(CGIS) $(CRONS) bin; \
    mkdir -p build; echo $(FLAVOUR) > build/.flavour)
endif
endif
flavour:
	@mkdir -p build

build/lib/%.o: lib/%.c lib/*.h | flavour
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

build/embedded.c: schema.sql seed.sql tools/embed.sh
	@mkdir -p build
	sh tools/embed.sh skyfox_schema_sql schema.sql skyfox_seed_sql seed.sql > $@

build/lib/embedded.o: build/embedded.c | flavour
	@mkdir -p build/lib
	$(CC) $(CFLAGS) -c -o $@ $<

# The version string lives in one object, rewritten only when VERSION
# changes, so a new stamp relinks the programs but recompiles nothing else.
build/version.c: FORCE | flavour
	@echo 'const char skyfox_version[] = "$(VERSION)";' > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

build/lib/version.o: build/version.c | flavour
	@mkdir -p build/lib
	$(CC) $(CFLAGS) -c -o $@ $<

build/libskyfox.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

cgi-bin/%.cgi: cgi-bin/%.c build/libskyfox.a lib/*.h cgi-bin/*.h | flavour
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< build/libskyfox.a $(PKG_LIBS)

cron/%: cron/%.c build/libskyfox.a lib/*.h | flavour
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< build/libskyfox.a $(PKG_LIBS)

# Helper programs the CGIs run (not CGIs themselves): the photo converter
# keeps MagickWand out of every CGI (DESIGN §9).  build/.flavour changes
# with SAN=, so a helper is rebuilt in the other flavour too.
libexec/%: libexec/%.c build/.flavour
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(PKG_LIBS)

build/cli/%.o: cli/%.c cli/*.h lib/*.h | flavour
	@mkdir -p build/cli
	$(CC) $(CFLAGS) -c -o $@ $<

bin/skyfoxctl: $(CLI_OBJ) build/libskyfox.a
	@mkdir -p bin
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) build/libskyfox.a $(PKG_LIBS) -lz

# --- the release bundle (make dist; INSTALL §3, DESIGN §13) ------------------
# The same objects, linked again with a run path that finds the shared
# objects bundled in skyfox/lib/ from wherever the bundle is unpacked: the
# CGIs sit in skyfox/public_html/api-bin/, the rest one level below skyfox/.
# DT_RPATH (not RUNPATH) so that the bundled libraries' own dependencies,
# and libcurl opened with dlopen, are looked up there too.
DIST_RPATH = -Wl,--disable-new-dtags,-rpath,'$$ORIGIN/../lib:$$ORIGIN/../../lib'
DIST_BIN   = build/dist-bin
DIST_PROGS = $(CGIS:cgi-bin/%=$(DIST_BIN)/cgi-bin/%) \
	     $(CRONS:cron/%=$(DIST_BIN)/cron/%) \
	     $(LIBEXECS:libexec/%=$(DIST_BIN)/libexec/%) $(DIST_BIN)/bin/skyfoxctl

$(DIST_BIN)/cgi-bin/%.cgi: cgi-bin/%.c build/libskyfox.a lib/*.h cgi-bin/*.h | flavour
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) $(DIST_RPATH) -o $@ $< build/libskyfox.a $(PKG_LIBS)
$(DIST_BIN)/cron/%: cron/%.c build/libskyfox.a lib/*.h | flavour
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) $(DIST_RPATH) -o $@ $< build/libskyfox.a $(PKG_LIBS)
$(DIST_BIN)/libexec/%: libexec/%.c build/.flavour
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) $(DIST_RPATH) -o $@ $< $(PKG_LIBS)
$(DIST_BIN)/bin/skyfoxctl: $(CLI_OBJ) build/libskyfox.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) $(DIST_RPATH) -o $@ $(CLI_OBJ) build/libskyfox.a $(PKG_LIBS) -lz

dist: all $(DIST_PROGS)
	@if [ "$(SAN)" = 1 ]; then echo "make dist: not with SAN=1" >&2; exit 1; fi
	@VERSION=$(VERSION) DIST_BIN=$(DIST_BIN) sh tools/dist.sh

bench/noop.cgi: bench/noop.c
	$(CC) -O2 -o $@ $<

# The ticket's fonts: DejaVu Sans cut down to the scripts a ticket prints
# (tools/subset-fonts.sh); tickets.cgi finds them in cgi-bin/../fonts/ and
# falls back to Debian's full fonts when they are missing.
fonts/.made: tools/subset-fonts.sh
	@sh tools/subset-fonts.sh fonts && mkdir -p fonts && touch $@

# The OpenAPI document is assembled from one fragment per resource
# (docs/api/*.json) so features never edit the same file.
htdocs/docs/openapi.json: $(OPENAPI_PARTS) tools/openapi.mjs
	node tools/openapi.mjs $(OPENAPI_PARTS) > $@.tmp && mv $@.tmp $@

# --- tests ---------------------------------------------------------------
# Suites are found by name: every NAME_suite(void) definition (return type
# "Suite *" on the line before or the same line) in a tests/*/test_*.c file.
build/%_suites.h: $(wildcard tests/*/*.c) $(wildcard tests/*/)
	@mkdir -p build
	sed -n 's/^\(Suite \*\)\{0,1\}\([a-z0-9_]*_suite\)(void)$$/SUITE(\2)/p' \
	    $(wildcard tests/$*/test_*.c) > $@.tmp && mv $@.tmp $@

build/unit-tests: $(UNIT_SRC) build/unit_suites.h build/libskyfox.a cli/archive.c \
    cli/rotation.c cli/*.h
	$(CC) $(CFLAGS) $(LDFLAGS) -Itests/unit -o $@ $(UNIT_SRC) \
	    build/libskyfox.a $$(pkg-config --libs check) $(PKG_LIBS)

build/http-tests: $(HTTP_SRC) build/http_suites.h build/libskyfox.a
	$(CC) $(CFLAGS) $(LDFLAGS) -Itests/http -o $@ $(HTTP_SRC) \
	    build/libskyfox.a $$(pkg-config --libs check) $(PKG_LIBS)

build/load-tests: $(LOAD_SRC) build/libskyfox.a
	$(CC) $(CFLAGS) $(LDFLAGS) -Itests/http -o $@ $(LOAD_SRC) \
	    build/libskyfox.a $(PKG_LIBS)

# The hold benchmark of bench/booking.sh: a program of its own (bench/
# holds a benchmark, tests/load holds pass/fail tests), on load.c's helpers.
build/bench-holds: bench/holds.c tests/load/load.c tests/load/load.h \
    build/libskyfox.a
	$(CC) $(CFLAGS) $(LDFLAGS) -Itests/load -o $@ bench/holds.c \
	    tests/load/load.c build/libskyfox.a $(PKG_LIBS)

deps:
	@sh tools/deps.sh

run: deps
	@$(MAKE) -s all
	@PORT=$(PORT) DATA_DIR=$(DATA_DIR) sh tools/site.sh run

start: all
	@PORT=$(PORT) DATA_DIR=$(DATA_DIR) SAN=$(SAN) sh tools/site.sh start

stop:
	@PORT=$(PORT) DATA_DIR=$(DATA_DIR) sh tools/site.sh stop

check: deps
	@$(MAKE) -s check-run SAN=$(SAN)

check-run: all build/unit-tests build/http-tests $(if $(LOAD_SRC),build/load-tests)
	@SAN=$(SAN) sh tests/run-all.sh

unit: build/unit-tests
	@sh tests/unit/run.sh
http: all build/http-tests
	@SAN=$(SAN) sh tests/http/run.sh
browser: all
	@SAN=$(SAN) sh tests/browser/run.sh
load: all $(if $(LOAD_SRC),build/load-tests)
	@SAN=$(SAN) sh tests/load/run.sh

bench: deps
	@$(MAKE) -s all build/bench-holds
	@sh bench/run.sh

# Fuzz the parsers with libFuzzer (clang) for FUZZ_SECONDS each, in one go
# (ten minutes a target by default; make check runs each for one second).
FUZZ_SECONDS ?= 600
fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/lib/skyfox/cgi-bin \
	    $(DESTDIR)$(PREFIX)/lib/skyfox/cron $(DESTDIR)$(PREFIX)/bin \
	    $(DESTDIR)$(PREFIX)/lib/skyfox/libexec \
	    $(DESTDIR)$(PREFIX)/share/skyfox
	install -m 755 $(CGIS) $(DESTDIR)$(PREFIX)/lib/skyfox/cgi-bin/
	$(if $(CRONS),install -m 755 $(CRONS) $(DESTDIR)$(PREFIX)/lib/skyfox/cron/)
	install -m 755 $(LIBEXECS) $(DESTDIR)$(PREFIX)/lib/skyfox/libexec/
	install -d $(DESTDIR)$(PREFIX)/lib/skyfox/fonts
	for f in fonts/*.ttf; do [ ! -f "$$f" ] || \
	    install -m 644 "$$f" $(DESTDIR)$(PREFIX)/lib/skyfox/fonts/; done
	install -m 755 bin/skyfoxctl $(DESTDIR)$(PREFIX)/bin/
	cp -R htdocs $(DESTDIR)$(PREFIX)/share/skyfox/
	sh tools/stamp.sh $(DESTDIR)$(PREFIX)/share/skyfox/htdocs >/dev/null
	install -m 644 apache.conf schema.sql seed.sql cron/crontab.example \
	    $(DESTDIR)$(PREFIX)/share/skyfox/
	install -m 644 htdocs/.htaccess $(DESTDIR)$(PREFIX)/share/skyfox/htaccess.example

clean:
	rm -rf build bin fonts $(CGIS) $(CRONS) $(LIBEXECS) bench/noop.cgi htdocs/docs/openapi.json
