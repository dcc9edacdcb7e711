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

# Debian packages the build and the tests need.
DEBIAN_PACKAGES = libcurl4-openssl-dev libyaml-dev libssl-dev pkg-config

.PHONY: all deps build debug test demo bench install clean

all: build

deps:
	@missing=""; \
	for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "installing:$$missing"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get install -y --no-install-recommends $$missing || { apt-get update && apt-get install -y --no-install-recommends $$missing; }; \
	  else \
	    echo "missing Debian packages:$$missing (run 'make deps' as root)"; exit 1; \
	  fi; \
	fi

debug: deps
	$(SWIFT) build

build: deps
	$(SWIFT) build -c release --product ddswift

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test

demo: deps
	$(SWIFT) build -c release --product ddswift
	$(SWIFT) build -c release --product ddswift-fake-provider
	sh demo/run.sh .build/release

bench: deps
	sh bench/run.sh

install: build
	install -d $(BINDIR) $(SHAREDIR)/etc $(SHAREDIR)/contrib
	install -m 0755 .build/release/ddswift $(BINDIR)/ddswift
	cp -R etc/. $(SHAREDIR)/etc/
	cp -R contrib/. $(SHAREDIR)/contrib/
	@if [ "$(DDCLIENT_COMPAT)" = "1" ]; then ln -sf ddswift $(BINDIR)/ddclient; fi

clean:
	rm -rf .build
