#!/bin/sh
# Checks what `make install` delivers, with a prebuilt binary (no build here).
# Usage: tests/delivery/check.sh path/to/ddswift
set -eu
binary=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ddswift-delivery.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failures=0
ok() { printf 'ok    %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*"; failures=$((failures + 1)); }
skip() { printf 'skip  %s\n' "$*"; }
cd "$root"

# 1. Install into a staging root and check every file with its mode.
make -s install-files PREFIX=/usr DESTDIR="$tmp/stage" BINARY="$binary" DDCLIENT_COMPAT=1 >/dev/null
for entry in \
    "usr/bin/ddswift 755" \
    "usr/share/man/man1/ddswift.1 644" \
    "usr/share/ddswift/etc/ddswift.conf.sample 644" \
    "usr/share/ddswift/etc/ddswift.yaml.sample 644" \
    "usr/lib/systemd/system/ddswift.service 644" \
    "usr/lib/systemd/system/ddswift.timer 644" \
    "usr/lib/systemd/system/ddswift-daemon.service 644" \
    "usr/share/bash-completion/completions/ddswift 644" \
    "usr/share/zsh/site-functions/_ddswift 644" \
    "usr/share/ddswift/contrib/cron/ddswift 644" \
    "usr/share/ddswift/contrib/hooks/ppp-ip-up 755" \
    "usr/share/ddswift/contrib/hooks/dhclient-exit-hook 755" \
    "usr/share/ddswift/contrib/hooks/networkmanager-dispatcher 755"; do
    file=${entry% *}
    mode=${entry##* }
    if [ -f "$tmp/stage/$file" ] && [ "$(stat -c %a "$tmp/stage/$file")" = "$mode" ]; then ok "installed $file ($mode)"; else fail "missing or wrong mode: $file (want $mode)"; fi
done
if [ "$(readlink "$tmp/stage/usr/bin/ddclient")" = ddswift ]; then ok "DDCLIENT_COMPAT=1 links ddclient"; else fail "no ddclient link"; fi
if grep -q '^ExecStart=/usr/bin/ddswift ' "$tmp/stage/usr/lib/systemd/system/ddswift.service"; then ok "unit ExecStart uses PREFIX"; else fail "unit ExecStart path"; fi

# 1b. `make install` asks only for the build's packages: after README's `apt-get remove ddclient`
# it must not install ddclient again (its /usr/bin/ddclient would keep the compat link out).
if make -n install PREFIX=/usr DESTDIR="$tmp/dry" DDCLIENT_COMPAT=0 2>&1 | grep -qw ddclient; then
    fail "make install would (re)install the ddclient package"
else
    ok "make install does not ask for the ddclient package"
fi

# 2. systemd-analyze verify on units installed under a prefix whose binary exists.
if command -v systemd-analyze >/dev/null 2>&1; then
    make -s install-files PREFIX="$tmp/prefix" DESTDIR= BINARY="$binary" >/dev/null
    units="$tmp/prefix/lib/systemd/system"
    if out=$(SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --man=no "$units/ddswift.service" "$units/ddswift.timer" "$units/ddswift-daemon.service" 2>&1); then
        if [ -z "$out" ]; then ok "systemd-analyze verify: clean"; else printf '%s\n' "$out"; fail "systemd-analyze verify printed warnings"; fi
    else
        printf '%s\n' "$out"; fail "systemd-analyze verify failed"
    fi
else
    skip "systemd-analyze verify: systemd-analyze is not installed"
fi

# 2b. The units stay hardened: systemd-analyze's exposure at most 1.9 (Debian's ddclient unit: 9.6).
if command -v systemd-analyze >/dev/null 2>&1; then
    for unit in ddswift.service ddswift-daemon.service; do
        level=$(systemd-analyze security --offline=yes "$units/$unit" 2>/dev/null | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
        if [ -n "$level" ] && awk -v l="$level" 'BEGIN { exit !(l <= 1.9) }'; then ok "$unit exposure $level (at most 1.9)"; else fail "$unit exposure '$level' (want at most 1.9)"; fi
    done
fi

# 3. shellcheck on every script (contrib/, demo, bench, these checks).
if command -v shellcheck >/dev/null 2>&1; then
    if shellcheck -s sh contrib/hooks/* demo/run.sh bench/*.sh tests/delivery/check.sh tests/release/check.sh && shellcheck contrib/completions/ddswift.bash; then ok "shellcheck clean"; else fail "shellcheck"; fi
else
    fail "shellcheck is not installed (make deps installs it)"
fi

# 4. The man page renders without warnings.
if command -v man >/dev/null 2>&1; then
    warnings=$(MANWIDTH=80 man --warnings -l man/ddswift.1 2>&1 >/dev/null || true)
    if [ -z "$warnings" ]; then ok "man page renders without warnings"; else printf '%s\n' "$warnings"; fail "man page warnings"; fi
else
    fail "man is not installed (make deps installs man-db)"
fi

# 5. Both samples load with the real binary.
for sample in etc/ddswift.conf.sample etc/ddswift.yaml.sample; do
    cp "$sample" "$tmp/sample"; chmod 600 "$tmp/sample"
    case "$sample" in *.yaml.sample) mv "$tmp/sample" "$tmp/sample.yaml"; path="$tmp/sample.yaml" ;; *) path="$tmp/sample" ;; esac
    echo token > "$tmp/duckdns-token"
    if CLOUDFLARE_TOKEN=x CREDENTIALS_DIRECTORY="$tmp" "$binary" -file "$path" --print-config=conf >/dev/null 2>"$tmp/err" && [ ! -s "$tmp/err" ]; then
        ok "$sample loads"
    else
        cat "$tmp/err"; fail "$sample does not load"
    fi
done

# 6. Every flag of -help is in the man page and in both completions.
missing=""
for flag in $("$binary" -help | grep -oE '^  -(\{no\})?[a-z0-9_-]+' | sed -E 's/^  -(\{no\})?//'); do
    man_flag=$(printf '%s' "$flag" | sed 's/-/\\\\-/g')
    grep -q -- "$man_flag" man/ddswift.1 || missing="$missing man:$flag"
    grep -q -- "$flag" contrib/completions/ddswift.bash || missing="$missing bash:$flag"
    grep -q -- "'-$flag'" contrib/completions/_ddswift || missing="$missing zsh:$flag"
done
if [ -z "$missing" ]; then ok "every -help flag is in the man page and the completions"; else fail "flags missing:$missing"; fi

# 7. The code follows .swift-format (swift-format ships with the toolchain).
if swift format --version >/dev/null 2>&1; then
    if lint=$(swift format lint --strict -r Sources Tests Package.swift 2>&1) && [ -z "$lint" ]; then
        ok "the code follows .swift-format"
    else
        fail "swift format lint: $(printf '%s' "$lint" | head -n 5) (fix with: swift format format -i -r Sources Tests Package.swift)"
    fi
else
    skip "swift format is not available"
fi

if [ "$failures" -gt 0 ]; then echo "$failures delivery check(s) failed"; exit 1; fi
echo "delivery checks passed"
