# ddswift — build, test, demo, bench and install.
#
#   make test     install missing Debian packages (as root), build, run every test
#   make demo     the real binary against a loopback fake provider (no account needed)
#   make bench    ddswift and Debian's ddclient side by side
#   make build    release build
#   make install  PREFIX=/usr/local [DESTDIR=...] [DDCLIENT_COMPAT=1]

SWIFT        ?= swift
PREFIX       ?= /usr/local
DESTDIR      ?=
BINDIR        = $(DESTDIR)$(PREFIX)/bin
MANDIR        = $(DESTDIR)$(PREFIX)/share/man/man1
SHAREDIR      = $(DESTDIR)$(PREFIX)/share/ddswift
SYSCONFDIR   ?= $(DESTDIR)/etc
DDCLIENT_COMPAT ?= 0

# Debian packages the build needs, and those the tests need besides. `ddclient` is the oracle
# of the switch and rollback tests; it is installed with service starts denied (policy-rc.d), so
# its daemon never runs and nothing leaves the machine. `make build` and `make install` ask only
# for the build's packages: after `apt-get remove ddclient` (README, switching) they must not
# bring ddclient back.
BUILD_PACKAGES = libcurl4-openssl-dev libyaml-dev libssl-dev pkg-config
TEST_PACKAGES  = $(BUILD_PACKAGES) shellcheck man-db groff-base systemd iproute2 bind9 bind9-dnsutils ddclient openssl python3

.PHONY: all deps build-deps static-cxx release-tools link-order build debug test demo bench fuzz man install install-files compat-links uninstall clean

all: build

# Installs (as root) the packages among $(1) that are missing.
define install_missing
	@missing=""; \
	for p in $(1); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "installing:$$missing"; \
	    export DEBIAN_FRONTEND=noninteractive; policy=""; \
	    if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; policy=1; fi; \
	    apt-get install -y --no-install-recommends $$missing || { apt-get update && apt-get install -y --no-install-recommends $$missing; }; \
	    rc=$$?; [ -n "$$policy" ] && rm -f /usr/sbin/policy-rc.d; [ $$rc -eq 0 ] || exit $$rc; \
	  else \
	    echo "missing Debian packages:$$missing (run 'make $(2)' as root)"; exit 1; \
	  fi; \
	fi
endef

deps:
	$(call install_missing,$(TEST_PACKAGES),deps)

build-deps:
	$(call install_missing,$(BUILD_PACKAGES),build-deps)

debug: build-deps
	$(SWIFT) build

# Release builds link the Swift runtime statically: one self-contained binary, and a
# no-change run that maps less memory (see README, Benchmarks). The C++ runtime the Swift
# runtime uses (libstdc++) and libgcc's unwinder are linked in too: the loader then opens 3
# libraries instead of 5 and resolves 4,300 fewer symbols on every run. Swift's driver asks
# for `-lstdc++`; a folder holding only the archive, searched first, makes that the static one.
# Without the archive (it comes with libstdc++-12-dev, which Swift needs) the link is as before.
# The compiler flag makes metadata for concrete generic types (a [String: String], a Set of
# one of our structs) come from direct accessor calls instead of demangling the type's name
# at run time, where each first use scanned every protocol conformance in the binary.
STATIC_CXX_DIR = .build/static-cxx
CXX_ARCHIVE   := $(shell clang -print-file-name=libstdc++.a 2>/dev/null)
STATIC_CXX     = $(if $(filter /%,$(CXX_ARCHIVE)),-Xlinker -L$(STATIC_CXX_DIR) -Xlinker -Bstatic -Xlinker -lgcc_eh -Xlinker -Bdynamic)
# Relative relocations packed (DT_RELR, glibc 2.36 and later): the binary's 21,700 pointers
# to fix at start-up are a 4 KiB bitmap instead of a 520 KiB table the loader reads through.
RELR         := $(shell getconf GNU_LIBC_VERSION 2>/dev/null | awk '{ split($$2, v, "."); if (v[1] > 2 || (v[1] == 2 && v[2] >= 36)) print "-Xlinker -z -Xlinker pack-relative-relocs" }')
# The functions a no-change cron run executes, laid out together (`make link-order` writes the
# list): fewer code pages to fault in on every run.
LINK_ORDER   := $(if $(wildcard bench/link-order.txt),-Xlinker --symbol-ordering-file=$(CURDIR)/bench/link-order.txt -Xlinker --no-warn-symbol-ordering)
RELEASE = $(SWIFT) build -c release --static-swift-stdlib $(STATIC_CXX) $(RELR) $(LINK_ORDER) \
	-Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors

# The folder with only libstdc++.a in it; and, since SwiftPM does not see the link-order list
# as an input, the binary goes when the list is newer (a pull or checkout): linked again.
static-cxx:
	@if [ -n "$(STATIC_CXX)" ]; then mkdir -p $(STATIC_CXX_DIR) && ln -sf "$(CXX_ARCHIVE)" $(STATIC_CXX_DIR)/libstdc++.a; fi
	@if [ -n "$(LINK_ORDER)" ] && [ bench/link-order.txt -nt .build/release/ddswift ]; then rm -f .build/release/ddswift; fi

build: build-deps static-cxx
	$(RELEASE) --product ddswift

# The release binary and the fake provider (demo, bench, the release checks).
release-tools: build-deps static-cxx
	$(RELEASE) --product ddswift
	$(RELEASE) --product ddswift-fake-provider

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test
	sh tests/delivery/check.sh .build/debug/ddswift
	$(MAKE) release-tools
	sh tests/release/check.sh .build/release $(if $(STATIC_CXX),cxx) $(if $(RELR),relr)

demo: release-tools
	sh demo/run.sh .build/release

bench: deps release-tools
	sh bench/run.sh .build/release

# Rewrites bench/link-order.txt from callgrind runs of the cron path (needs valgrind).
link-order: release-tools
	$(call install_missing,valgrind,link-order)
	sh bench/link-order.sh .build/release bench/link-order.txt

# `make install` builds, then installs; `make install-files BINARY=path` installs a prebuilt binary.
install: build
	$(MAKE) install-files BINARY=.build/release/ddswift

BINARY      ?= .build/release/ddswift
UNITDIR      = $(DESTDIR)$(PREFIX)/lib/systemd/system
BASHCOMPDIR  = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR   = $(DESTDIR)$(PREFIX)/share/zsh/site-functions

install-files:
	install -d $(BINDIR) $(MANDIR) $(SHAREDIR)/etc $(SHAREDIR)/contrib $(UNITDIR) $(BASHCOMPDIR) $(ZSHCOMPDIR)
	install -m 0755 $(BINARY) $(BINDIR)/ddswift
	install -m 0644 man/ddswift.1 $(MANDIR)/ddswift.1
	install -m 0644 etc/ddswift.conf.sample etc/ddswift.yaml.sample $(SHAREDIR)/etc/
	cp -R contrib/. $(SHAREDIR)/contrib/
	for unit in ddswift.service ddswift.timer ddswift-daemon.service; do \
	  sed 's|@BINDIR@|$(PREFIX)/bin|g' contrib/systemd/$$unit > $(UNITDIR)/$$unit; chmod 0644 $(UNITDIR)/$$unit; \
	done
	install -m 0644 contrib/completions/ddswift.bash $(BASHCOMPDIR)/ddswift
	install -m 0644 contrib/completions/_ddswift $(ZSHCOMPDIR)/_ddswift
	@if [ "$(DDCLIENT_COMPAT)" = "1" ]; then $(MAKE) -s compat-links; fi

# DDCLIENT_COMPAT=1: `ddclient` links to ddswift beside it and at /usr/bin/ddclient, the path
# Debian's dhclient and ppp hooks call. A file already there (ddclient's own, while its package
# is installed) is never replaced: `apt-get remove ddclient` first (it keeps the configuration
# and the hooks), then install again.
compat-links:
	@seen=""; for link in $(BINDIR)/ddclient $(DESTDIR)/usr/bin/ddclient; do \
	  [ "$$link" = "$$seen" ] && continue; seen=$$link; \
	  if [ "$$link" = "$(BINDIR)/ddclient" ]; then target=ddswift; else target=$(PREFIX)/bin/ddswift; fi; \
	  if [ -L "$$link" ]; then \
	    case "$$(readlink "$$link")" in ddswift|*/ddswift) ln -sfn "$$target" "$$link"; echo "installed $$link -> $$target"; continue ;; esac; \
	  fi; \
	  if [ -e "$$link" ] || [ -L "$$link" ]; then \
	    owner=$$(dpkg -S "$${link#$(DESTDIR)}" 2>/dev/null | cut -d: -f1); \
	    echo "not replacing $$link$${owner:+ (it belongs to the $$owner package; 'apt-get remove $$owner' keeps its configuration and hooks)}"; \
	    continue; \
	  fi; \
	  mkdir -p "$$(dirname "$$link")"; ln -s "$$target" "$$link"; echo "installed $$link -> $$target"; \
	done

uninstall:
	rm -f $(BINDIR)/ddswift $(MANDIR)/ddswift.1 $(BASHCOMPDIR)/ddswift $(ZSHCOMPDIR)/_ddswift
	rm -f $(UNITDIR)/ddswift.service $(UNITDIR)/ddswift.timer $(UNITDIR)/ddswift-daemon.service
	rm -rf $(SHAREDIR)
	@for link in $(BINDIR)/ddclient $(DESTDIR)/usr/bin/ddclient; do \
	  if [ -L "$$link" ]; then case "$$(readlink "$$link")" in ddswift|$(PREFIX)/bin/ddswift) rm -f "$$link" ;; esac; fi; \
	done

# Fuzz every parser for FUZZ_SECONDS (libFuzzer + AddressSanitizer); crashes land in fuzz-out/.
FUZZ_SECONDS ?= 60
# A fuzzer without coverage counters fuzzes blind ("no interesting inputs", "corp: 1/1b"): an
# incremental build in .build-fuzz once left them out, so a binary without them is rebuilt
# from scratch; --no-gc-sections keeps gold from dropping them. detect_leaks=0: Swift's global
# tables are allocated once and live until exit, which LeakSanitizer reports as leaks.
FUZZ_BUILD = $(SWIFT) build -c release --sanitize=fuzzer --sanitize=address -Xlinker --no-gc-sections --product ddswift-fuzz --scratch-path .build-fuzz
fuzz:
	$(FUZZ_BUILD)
	@readelf -S .build-fuzz/release/ddswift-fuzz | grep -q sancov || { echo "no coverage counters: rebuilding from scratch"; rm -rf .build-fuzz; $(FUZZ_BUILD); }
	@readelf -S .build-fuzz/release/ddswift-fuzz | grep -q sancov || { echo "the fuzzer has no coverage counters"; exit 1; }
	mkdir -p fuzz-out fuzz-corpus
	ASAN_OPTIONS=detect_leaks=0 .build-fuzz/release/ddswift-fuzz -detect_leaks=0 -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=fuzz-out/ fuzz-corpus Tests/FuzzSeeds

# Rewrite the man page's generated PROTOCOLS section from the protocol table.
man: deps
	$(SWIFT) build --build-tests
	UPDATE_MAN=1 $(SWIFT) test --filter ProtocolDocsTests/manPageUpToDate

clean:
	rm -rf .build
