#!/bin/sh
# `make demo`: the real ddswift binary against a loopback fake provider.
# Usage: demo/run.sh BUILD_DIR   (BUILD_DIR holds ddswift and ddswift-fake-provider)
set -eu
build=${1:-.build/release}
here=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/ddswift-demo.XXXXXX")
provider_pid=
cleanup() {
    if [ -n "$provider_pid" ]; then kill "$provider_pid" 2>/dev/null || true; fi
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show_requests() {
    if [ -s "$dir/requests.log" ]; then sed 's/^/   provider received: /' "$dir/requests.log"; else echo "   provider received: nothing"; fi
    : > "$dir/requests.log"
}

echo 203.0.113.10 > "$dir/address"
"$build/ddswift-fake-provider" serve --port-file "$dir/port" --log "$dir/requests.log" \
    --address-file "$dir/address" --user demo --password demo-secret &
provider_pid=$!
i=0
while [ ! -s "$dir/port" ]; do
    i=$((i + 1)); [ "$i" -lt 100 ] || { echo "fake provider did not start" >&2; exit 1; }
    sleep 0.05
done
port=$(head -n 1 "$dir/port")
sed -e "s|@PORT@|$port|g" -e "s|@DIR@|$dir|g" "$here/etc/ddswift-demo.conf.in" > "$dir/ddswift.conf"
chmod 600 "$dir/ddswift.conf"
echo "fake provider on 127.0.0.1:$port; config $dir/ddswift.conf"

step "1. first run: no cache yet, so both hosts are updated"
"$build/ddswift" -file "$dir/ddswift.conf" -verbose || true
show_requests

step "2. second run: the address is unchanged, so nothing is sent (providers block clients that repeat themselves)"
"$build/ddswift" -file "$dir/ddswift.conf" -verbose || true
show_requests

step "3. the public address changes to 203.0.113.99: the next run sends the update"
echo 203.0.113.99 > "$dir/address"
"$build/ddswift" -file "$dir/ddswift.conf" -verbose || true
show_requests

step "4. ddswift --status (reads the cache only)"
"$build/ddswift" --status -file "$dir/ddswift.conf"

step "the cache file, in ddclient's format"
cat "$dir/ddswift.cache"
