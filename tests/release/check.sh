#!/bin/sh
# Checks the release build `make build` and `make install` deliver: its link (the C++ runtime
# inside, packed relocations where the C library reads them) and that it works — an update over
# HTTP (libcurl, opened on first use) and a no-change cron run with DNS detection that never
# opens libcurl. `make test` runs it after the unit tests.
# Usage: tests/release/check.sh BUILD_DIR   (BUILD_DIR holds release ddswift and ddswift-fake-provider)
set -eu
build=$(cd "$1" && pwd)
ddswift="$build/ddswift"
provider="$build/ddswift-fake-provider"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ddswift-release.XXXXXX")
pid=""
cleanup() {
    [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
failures=0
ok() { printf 'ok    %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*"; failures=$((failures + 1)); }

# 1. The link.
# Every library the loader maps at start (ldd: the needed ones and theirs).
needed=$(ldd "$ddswift" | awk '{ print $1 }' | tr '\n' ' ')
if [ -e "$(clang -print-file-name=libstdc++.a 2>/dev/null)" ]; then
    case "$needed" in
        *libstdc++*|*libgcc_s*) fail "the C++ runtime is linked dynamically: $needed" ;;
        *) ok "libstdc++ and libgcc's unwinder are inside the binary (maps: $needed)" ;;
    esac
fi
case "$needed" in *libcurl*|*libcrypto*) fail "libcurl or libcrypto is linked at start: $needed" ;; *) ok "libcurl and libcrypto are opened on first use, not at start" ;; esac
glibc=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{ split($2, v, "."); print (v[1] > 2 || (v[1] == 2 && v[2] >= 36)) ? "relr" : "" }')
if [ "$glibc" = relr ]; then
    if readelf -d "$ddswift" | grep -q '(RELR)'; then ok "relative relocations packed (DT_RELR)"; else fail "no DT_RELR"; fi
fi
if "$ddswift" -version=short >/dev/null; then ok "-version runs"; else fail "-version"; fi

# 2. It works: an update over HTTP, then a no-change run with DNS detection.
echo 203.0.113.10 > "$tmp/address"
"$provider" serve --port-file "$tmp/ports" --log "$tmp/provider.log" --address-file "$tmp/address" \
    --dns-port-file "$tmp/dns.port" &
pid=$!
i=0
while [ ! -s "$tmp/ports" ] || [ ! -s "$tmp/dns.port" ]; do
    i=$((i + 1)); [ "$i" -lt 200 ] || { fail "fake provider did not start"; exit 1; }
    sleep 0.05
done
port=$(head -n 1 "$tmp/ports")
printf 'daemon=0\nssl=no\nusev4=dnsv4, dnsv4=myip.bench@127.0.0.1:%s\nprotocol=dyndns2, server=127.0.0.1:%s, login=u, password=release-pw\nr.example.com\n' \
    "$(cat "$tmp/dns.port")" "$port" > "$tmp/r.conf"
chmod 600 "$tmp/r.conf"
if "$ddswift" -file "$tmp/r.conf" -cache "$tmp/r.cache" 2>"$tmp/first.err" && grep -q 'nic/update?hostname=r.example.com&myip=203.0.113.10' "$tmp/provider.log"; then
    ok "an update over HTTP (libcurl) is sent and answered"
else
    fail "the update: $(cat "$tmp/first.err")"
fi
: > "$tmp/provider.log"
if LD_DEBUG=libs "$ddswift" -file "$tmp/r.conf" -cache "$tmp/r.cache" 2>"$tmp/second.err"; then
    if grep -q libcurl "$tmp/second.err"; then fail "the no-change run opened libcurl"; else ok "a no-change cron run with DNS detection exits 0 without libcurl"; fi
    if [ -s "$tmp/provider.log" ]; then fail "the no-change run sent: $(cat "$tmp/provider.log")"; else ok "... and sends nothing"; fi
else
    fail "the no-change run: $(grep -v '^ *[0-9]*:' "$tmp/second.err")"
fi

[ "$failures" -eq 0 ] || { echo "$failures release check(s) failed"; exit 1; }
echo "release checks passed"
