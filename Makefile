# callq: a terminal CRM for outbound call floors.
#
#   make            build ./callq
#   make run        install what is missing, build, open the TUI on a demo
#   make check      install what is missing, build with sanitizers, run tests
#   make screens    rewrite the reference screens (tests/screens/) from the
#                   panes as they are now, after a deliberate change to one:
#                   review their diff and commit it with the change
#   make bench      measure start-up, demo creation, queue paging, imports,
#                   search at a million leads, issue 20's table (each
#                   screen's figures for a rep with 12,600 leads and one
#                   with 600 on a 1M floor; CALLQ_BENCH_10M=1 adds 10M),
#                   start-up under perf stat, 50 loggers + 10 readers,
#                   keys while a dial is pending, and an admin's import
#   make install    PREFIX=/usr/local DESTDIR= (binary, its phone library
#                   in $(PREFIX)/lib/callq, and man pages)
#   make install-shared  as root: the floor's install, setgid to a group that
#                   alone reaches the data (PREFIX, STATEDIR, SYSCONFDIR)

VERSION  := 0.1.0
PREFIX   ?= /usr/local
DESTDIR  ?=
BINDIR   := $(PREFIX)/bin
MANDIR   := $(PREFIX)/share/man
# callq looks for its phone library here, relative to its own binary
# (src/phone/phone.c), then beside the binary (a build tree).
SHIMDIR  := $(PREFIX)/lib/callq
# Where the floor's callq.conf lives (see callq.conf(5)), and where a
# shared install keeps the database, and the group that alone reaches it.
SYSCONFDIR ?= /etc/callq
STATEDIR   ?= /var/lib/callq
GROUP      ?= callq

# The C++ shim must be compiled by the same compiler family as the C code,
# or the sanitizer runtimes of the two disagree at link time.
ifneq ($(findstring clang,$(CC)),)
CXX      := clang++
CLANG    := 1
# Debian 12's valgrind cannot read clang 14's default DWARF 5.
DEBUG    := -gdwarf-4
else
CXX      := g++
DEBUG    := -g
endif

# Debian packages the project needs; `make deps` installs the missing ones.
DEBS     := make pkg-config gcc g++ libc6-dev libncurses-dev ncurses-term \
            libsqlite3-dev libcurl4-openssl-dev libssl-dev \
            libphonenumber-dev libcmocka-dev tmux mandoc valgrind procps \
            bindfs sqlite3 python3 python3-phonenumbers passwd util-linux \
            libpq-dev postgresql-15
# postgresql-15 is the server the tests start (tests/pg/server.sh); on
# Debian 12 it carries the contrib extensions too.
ifdef CLANG
DEBS     += clang libclang-rt-14-dev
endif
# The bench's start-up figures come from perf stat.
ifneq ($(filter bench,$(MAKECMDGOALS)),)
DEBS     += linux-perf
endif

PKGS     := ncursesw sqlite3 libcurl libcrypto libpq
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral
CPPFLAGS += -Iinclude -DCALLQ_VERSION='"$(VERSION)"' -D_GNU_SOURCE \
            -DCALLQ_SYSCONFDIR='"$(SYSCONFDIR)"' -DCALLQ_STATEDIR='"$(STATEDIR)"'
CFLAGS   ?= -O2 $(DEBUG)
CXXFLAGS ?= -O2 $(DEBUG)

# pkg-config is asked only once the packages are there: the top-level
# targets that install them re-enter make after `deps` (see below).
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libcurl and libcrypto are loaded when a request is made or a file hashed
# (src/dial/curlib.c, src/util/sha256.c), libpq on the first PostgreSQL
# connection (src/store/pglib.c), so only their headers are asked for.
PKG_LIBS   = $(shell pkg-config --libs $(filter-out libcurl libcrypto libpq,$(PKGS)) 2>/dev/null)
# libphonenumber ships no .pc file on Debian 12. Only the phone library
# (callq-phone.so) links it, and the C++ runtime with it: the binary is C
# and loads the library on the first number it reads (src/phone/phone.c).
PHONE_LIBS := -lphonenumber -lprotobuf
LIBS       = $(PKG_LIBS)
# What is not used is not loaded at start: every library mapped and
# relocated costs each command's start.
LINK     := -Wl,--as-needed -Wl,-O1
SHIM     := callq-phone.so
# The library exports its one table (src/phone/shim.h) and nothing else.
SHIMFLAGS := -fPIC -fvisibility=hidden

SAN      := -O1 $(DEBUG) -fsanitize=address,undefined -fno-omit-frame-pointer \
            -fno-sanitize-recover=all
# clang's vptr check needs its UBSan C++ runtime, which a C binary does not
# link; the library would then not load.
ifdef CLANG
SHIMSAN  := -fno-sanitize=vptr
endif
# The test binaries have the libraries callq loads late linked in from the
# start: LeakSanitizer (gcc 12) crashes at exit scanning the dynamic TLS
# of a library loaded by dlopen (libstdc++'s, behind the phone library).
# Already loaded, they take static TLS; callq still opens and checks
# callq-phone.so, and dlopen finds the rest loaded.
TEST_LIBS = -Wl,--no-as-needed $(PHONE_LIBS) -lstdc++ \
            $(shell pkg-config --libs libcurl libcrypto libpq 2>/dev/null) \
            -Wl,--as-needed

SRCS     := $(sort $(wildcard src/*/*.c)) src/main.c
CXXSRCS  := $(wildcard src/phone/*.cc)
ASMSRCS  := $(wildcard src/*/*.S)
DATA     := $(wildcard data/*.tsv data/*.txt data/demo/*)
LIBSRCS  := $(filter-out src/main.c,$(SRCS))

# Each compiler builds in its own tree, so `make CC=clang check` after a
# gcc build really compiles everything with clang.
B        := build/$(notdir $(firstword $(CC)))
rel_objs  = $(patsubst %,$(B)/rel/%.o,$(1))
test_objs = $(patsubst %,$(B)/test/%.o,$(1))

UNIT     := $(patsubst tests/unit/%.c,$(B)/test/%,$(wildcard tests/unit/test_*.c))

.PHONY: all deps run check test screens bench install install-shared clean lint FORCE
# Objects built through pattern rules are kept, not deleted as intermediates.
.SECONDARY:
all: callq

$(B)/rel/callq: $(call rel_objs,$(SRCS) $(ASMSRCS)) | $(B)/rel/$(SHIM)
	$(CC) $(CFLAGS) $(LDFLAGS) $(LINK) -o $@ $^ $(LIBS)

$(B)/rel/$(SHIM): $(call rel_objs,$(CXXSRCS))
	$(CXX) -shared $(CXXFLAGS) $(LDFLAGS) $(LINK) -o $@ $^ $(PHONE_LIBS)

# ./callq is the last compiler's build: copied whenever it differs, since
# a build by another compiler can be newer than this one's objects. Its
# phone library goes beside it, where it looks.
callq: $(B)/rel/callq FORCE
	@cmp -s $< $@ || cp $< $@
	@cmp -s $(B)/rel/$(SHIM) $(SHIM) || cp $(B)/rel/$(SHIM) $(SHIM)

FORCE:

# The directories are compiled in: the files that name them are rebuilt
# whenever they change, so no binary is left pointing at the last ones.
$(B)/dirs: FORCE
	@mkdir -p $(B) && echo '$(SYSCONFDIR) $(STATEDIR)' >$@.new && \
	    { cmp -s $@.new $@ || mv $@.new $@; }; rm -f $@.new
DIRS_USERS := src/core/path.c src/dial/dialconf.c src/cli/cli.c \
              src/util/priv.c
$(call rel_objs,$(DIRS_USERS)) $(call test_objs,$(DIRS_USERS)): $(B)/dirs

$(B)/rel/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(CC) -std=c17 $(WARN) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/rel/%.cc.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) -std=c++17 -Wall -Wextra -Werror $(CPPFLAGS) $(CXXFLAGS) $(SHIMFLAGS) -MMD -MP -c -o $@ $<

# Seed and demo data are embedded, so the binary needs no data directory.
$(B)/rel/%.S.o: %.S $(DATA)
	@mkdir -p $(dir $@)
	$(CC) -c -o $@ $<

$(B)/test/%.S.o: %.S $(DATA)
	@mkdir -p $(dir $@)
	$(CC) -c -o $@ $<

# The test build: every object again, with AddressSanitizer and UBSan.
$(B)/test/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(CC) -std=c17 $(WARN) $(CPPFLAGS) $(PKG_CFLAGS) $(SAN) -MMD -MP -c -o $@ $<

$(B)/test/%.cc.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) -std=c++17 -Wall -Wextra -Werror $(CPPFLAGS) $(SAN) $(SHIMSAN) $(SHIMFLAGS) -MMD -MP -c -o $@ $<

# The test build's phone library carries the same sanitizers as its
# binaries, which load it from their own directory.
$(B)/test/$(SHIM): $(call test_objs,$(CXXSRCS))
	$(CXX) -shared $(SAN) $(SHIMSAN) -o $@ $^ $(PHONE_LIBS)

$(B)/test/libcallq.a: $(call test_objs,$(LIBSRCS) $(ASMSRCS))
	rm -f $@ && ar rcs $@ $^

$(B)/test/callq: $(B)/test/src/main.c.o $(B)/test/libcallq.a | $(B)/test/$(SHIM)
	$(CC) $(SAN) -o $@ $^ $(LIBS) $(TEST_LIBS)

$(B)/test/test_%: $(B)/test/tests/unit/test_%.c.o $(B)/test/tests/unit/fixture.c.o $(B)/test/libcallq.a | $(B)/test/$(SHIM)
	$(CC) $(SAN) -o $@ $^ $(LIBS) $(TEST_LIBS) $$(pkg-config --libs cmocka)

$(B)/rel/bench: $(B)/rel/tests/bench/bench.c.o $(call rel_objs,$(LIBSRCS) $(ASMSRCS)) | $(B)/rel/$(SHIM)
	$(CC) $(CFLAGS) $(LINK) -o $@ $^ $(LIBS)

deps:
	@missing=""; for p in $(DEBS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" -ne 0 ]; then \
	  echo "callq needs these Debian packages:$$missing"; \
	  echo "install them with: sudo apt-get install -y$$missing"; exit 1; \
	fi; \
	echo "installing:$$missing"; \
	DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing >/dev/null

# The demo lives where a personal install keeps its database, so that a
# plain `callq` afterwards opens the same floor.
run: deps
	@$(MAKE) --no-print-directory callq
	@db="$${CALLQ_DB:-$${XDG_DATA_HOME:-$$HOME/.local/share}/callq/callq.db}"; \
	if [ ! -e "$$db" ]; then ./callq --db "$$db" init --demo || exit $$?; fi; \
	exec ./callq --db "$$db"

check: deps
	@$(MAKE) --no-print-directory test

test: callq $(B)/test/callq $(UNIT) lint
	@CALLQ_BIN=$(B)/test/callq tests/run-all.sh $(UNIT)

# The reference screens make check compares, captured afresh.
screens: deps
	@$(MAKE) --no-print-directory $(B)/test/callq
	@CALLQ_BIN=$(B)/test/callq sh tests/e2e/screens.sh --write

lint:
	@mandoc -Tlint -W warning man/callq.1 man/callq.conf.5 && \
	    echo "man/callq.1, man/callq.conf.5: mandoc -Tlint clean"
	@tests/includes.sh

bench: deps
	@$(MAKE) --no-print-directory callq $(B)/rel/bench
	@tests/bench/run.sh $(B)/rel/bench
	@tests/bench/import.sh $(B)/rel/bench
	@tests/bench/search.sh $(B)/rel/bench
	@tests/bench/report.sh $(B)/rel/bench
	@tests/bench/table.sh
	@tests/bench/dial.sh
	@tests/bench/admin.sh
	@tests/bench/both.sh

install: callq
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(SHIMDIR)
	install -m 0755 callq $(DESTDIR)$(BINDIR)/callq
	install -m 0644 $(SHIM) $(DESTDIR)$(SHIMDIR)/$(SHIM)
	install -m 0644 man/callq.1 $(DESTDIR)$(MANDIR)/man1/callq.1
	install -m 0644 man/callq.conf.5 $(DESTDIR)$(MANDIR)/man5/callq.conf.5

# The floor's install builds in a tree of its own, so the directories it
# names never reach ./callq. It keeps what is there: a second run upgrades
# the binary and fixes owners and modes, and never replaces the database
# or callq.conf.
SHARED := build/shared/$(notdir $(firstword $(CC)))
FLOOR_DB := $(STATEDIR)/callq.db
install-shared: deps
	@[ "$$(id -u)" -eq 0 ] || { echo "make install-shared: run it as root" \
	    "(sudo make install-shared); it creates the group $(GROUP)"; exit 1; }
	@$(MAKE) --no-print-directory B=$(SHARED) $(SHARED)/rel/callq
	getent group $(GROUP) >/dev/null || groupadd --system $(GROUP)
	install -d $(BINDIR) $(MANDIR)/man1 $(MANDIR)/man5 $(SYSCONFDIR) \
	    $(SHIMDIR)
	install -o root -g $(GROUP) -m 2755 $(SHARED)/rel/callq $(BINDIR)/callq
	install -o root -g root -m 0644 $(SHARED)/rel/$(SHIM) \
	    $(SHIMDIR)/$(SHIM)
	install -m 0644 man/callq.1 $(MANDIR)/man1/callq.1
	install -m 0644 man/callq.conf.5 $(MANDIR)/man5/callq.conf.5
	install -d -o root -g $(GROUP) -m 2770 $(STATEDIR)
	[ -e $(SYSCONFDIR)/callq.conf ] || \
	    install -m 0640 data/callq.conf $(SYSCONFDIR)/callq.conf
	chown root:$(GROUP) $(SYSCONFDIR)/callq.conf
	chmod 0640 $(SYSCONFDIR)/callq.conf
	[ -e $(STATEDIR)/callq.db ] || $(BINDIR)/callq init
	@# root's callq makes -wal and -shm, which callq then keeps (see
	@# SECURITY in callq(1)): no user's callq makes or owns them.
	$(BINDIR)/callq setting get lease_minutes >/dev/null
	chown root:$(GROUP) $(FLOOR_DB) $(FLOOR_DB)-wal $(FLOOR_DB)-shm
	chmod 0660 $(FLOOR_DB) $(FLOOR_DB)-wal $(FLOOR_DB)-shm
	@echo "callq is installed for the floor: $(BINDIR)/callq (setgid" \
	    "$(GROUP)), $(STATEDIR)/callq.db, $(SYSCONFDIR)/callq.conf." \
	    "Add users with: callq user add LOGIN --role ROLE"

clean:
	rm -rf build callq $(SHIM)

-include $(shell find build -name '*.d' 2>/dev/null)
