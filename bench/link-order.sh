#!/bin/sh
# `make link-order`: writes bench/link-order.txt, the functions a no-change cron run executes
# (DNS, web and given-address detection, each against a loopback fake provider). The release
# link lays them out together (lld's --symbol-ordering-file): the run then touches fewer code
# pages, about 25 fewer page faults (bench case g). A stale list costs speed, never
# correctness: names the binary no longer has are skipped. Run it after changes to the cron path.
# Usage: bench/link-order.sh BUILD_DIR OUTPUT
#   (BUILD_DIR holds release ddswift and ddswift-fake-provider)
set -eu
build=$(cd "${1:-.build/release}" && pwd)
output=${2:-bench/link-order.txt}
ddswift="$build/ddswift"
provider="$build/ddswift-fake-provider"
command -v valgrind >/dev/null 2>&1 || { echo "link-order needs valgrind (apt-get install valgrind)" >&2; exit 1; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/ddswift-order.XXXXXX")
# shellcheck source=bench/provider.sh
. "$(dirname "$0")/provider.sh"
cleanup() {
    stop_providers
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM

echo 203.0.113.10 > "$dir/address"
start_provider quick 0 1 --dns-port-file "$dir/dns.port"
port=$(head -n 1 "$dir/quick.ports")
dnsport=$(cat "$dir/dns.port")

for source in "usev4=dnsv4, dnsv4=myip.bench@127.0.0.1:$dnsport" "use=web, web=http://127.0.0.1:$port/checkip" "use=ip, ip=203.0.113.10"; do
    n=$((${n:-0} + 1))
    printf 'daemon=0\nssl=no\n%s\nprotocol=dyndns2, server=127.0.0.1:%s, login=order, password=order\norder.example.com\n' \
        "$source" "$port" > "$dir/$n.conf"
    chmod 600 "$dir/$n.conf"
    "$ddswift" -file "$dir/$n.conf" -cache "$dir/$n.cache" -force >/dev/null 2>"$dir/$n.err" \
        || { echo "ddswift failed with $source:" >&2; cat "$dir/$n.err" >&2; exit 1; }
    valgrind --tool=callgrind --demangle=no --callgrind-out-file="$dir/$n.out" \
        "$ddswift" -file "$dir/$n.conf" -cache "$dir/$n.cache" >/dev/null 2>"$dir/$n.err" \
        || { echo "ddswift under callgrind failed with $source:" >&2; cat "$dir/$n.err" >&2; exit 1; }
done

# Function names as callgrind writes them the first time (`fn=(id) name`), without its
# recursion marks ('2), kept only when the binary defines them, once each and sorted by name:
# the set is what counts (its functions end up side by side), and a sorted list changes only
# where the cron path does.
nm --defined-only "$ddswift" | awk '{ print $3 }' > "$dir/defined"
cat "$dir"/[0-9].out | awk '/^c?fn=\([0-9]+\) / { sub(/^c?fn=\([0-9]+\) /, ""); sub(/'"'"'.*/, ""); print }' > "$dir/executed"
awk 'NR == FNR { defined[$0] = 1; next } defined[$0]' "$dir/defined" "$dir/executed" | LC_ALL=C sort -u > "$dir/order"
[ -s "$dir/order" ] || { echo "no function names found" >&2; exit 1; }
mv "$dir/order" "$output"
echo "$output: $(wc -l < "$output") functions"
