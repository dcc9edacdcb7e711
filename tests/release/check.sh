#!/bin/sh
# Checks the release build `make build` and `make install` deliver: its link (the C++ runtime
# inside, packed relocations where the C library reads them) and that it works — an update over
# HTTP (libcurl, opened on first use) and a no-change cron run with DNS detection that never
# opens libcurl. `make test` runs it after the unit tests.
# Usage: tests/release/check.sh BUILD_DIR [EXPECTED…]
#   BUILD_DIR holds release ddswift and ddswift-fake-provider; EXPECTED are what the Makefile's
#   release link asked for: `cxx` (the C++ runtime inside) and `relr` (packed relocations).
set -eu
build=$(cd "$1" && pwd)
shift
expected=" $* "
ddswift="$build/ddswift"
provider="$build/ddswift-fake-provider"
dir=$(mktemp -d "${TMPDIR:-/tmp}/ddswift-release.XXXXXX")
# shellcheck source=bench/provider.sh
. "$(dirname "$0")/../../bench/provider.sh"
cleanup() {
    stop_providers
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM
failures=0
ok() { printf 'ok    %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*"; failures=$((failures + 1)); }
skip() { printf 'skip  %s\n' "$*"; }

# 1. The link.
# Every library the loader maps at start (ldd: the needed ones and theirs).
needed=$(ldd "$ddswift" | awk '{ print $1 }' | tr '\n' ' ')
case "$expected" in
    *" cxx "*)
        case "$needed" in
            *libstdc++*|*libgcc_s*) fail "the C++ runtime is linked dynamically: $needed" ;;
            *) ok "libstdc++ and libgcc's unwinder are inside the binary (maps: $needed)" ;;
        esac ;;
    *) skip "the C++ runtime inside (no libstdc++.a here)" ;;
esac
case "$needed" in *libcurl*|*libcrypto*) fail "libcurl or libcrypto is linked at start: $needed" ;; *) ok "libcurl and libcrypto are opened on first use, not at start" ;; esac
case "$expected" in
    *" relr "*)
        if readelf -d "$ddswift" | grep -q '(RELR)'; then ok "relative relocations packed (DT_RELR)"; else fail "no DT_RELR"; fi ;;
    *) skip "packed relocations (glibc older than 2.36)" ;;
esac
if "$ddswift" -version=short >/dev/null; then ok "-version runs"; else fail "-version"; fi

# 2. It works: an update over HTTP, then a no-change run with DNS detection.
echo 203.0.113.10 > "$dir/address"
start_provider quick 0 1 --dns-port-file "$dir/dns.port"
port=$(head -n 1 "$dir/quick.ports")
printf 'daemon=0\nssl=no\nusev4=dnsv4, dnsv4=myip.bench@127.0.0.1:%s\nprotocol=dyndns2, server=127.0.0.1:%s, login=u, password=release-pw\nr.example.com\n' \
    "$(cat "$dir/dns.port")" "$port" > "$dir/r.conf"
chmod 600 "$dir/r.conf"
if "$ddswift" -file "$dir/r.conf" -cache "$dir/r.cache" 2>"$dir/first.err" && grep -q 'nic/update?hostname=r.example.com&myip=203.0.113.10' "$dir/quick.log"; then
    ok "an update over HTTP (libcurl) is sent and answered"
else
    fail "the update: $(cat "$dir/first.err")"
fi
: > "$dir/quick.log"
if LD_DEBUG=libs "$ddswift" -file "$dir/r.conf" -cache "$dir/r.cache" 2>"$dir/second.err"; then
    if grep -q libcurl "$dir/second.err"; then fail "the no-change run opened libcurl"; else ok "a no-change cron run with DNS detection exits 0 without libcurl"; fi
    if [ -s "$dir/quick.log" ]; then fail "the no-change run sent: $(cat "$dir/quick.log")"; else ok "... and sends nothing"; fi
else
    fail "the no-change run: $(grep -v '^ *[0-9]*:' "$dir/second.err")"
fi

[ "$failures" -eq 0 ] || { echo "$failures release check(s) failed"; exit 1; }
echo "release checks passed"
