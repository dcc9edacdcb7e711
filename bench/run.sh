#!/bin/sh
# `make bench`: ddswift, Debian's ddclient and (case g) Debian's inadyn side by side, in the same run, against a loopback
# fake provider. Prints a markdown table: wall time, CPU time (user+sys), peak RSS, ratio.
# Usage: bench/run.sh [BUILD_DIR]   (BUILD_DIR holds release ddswift and ddswift-fake-provider)
# Environment: RUNS (repetitions of the fast cases, default 15), LATENCY_MS (default 20),
#              BENCH_QUICK=1 (100 hosts instead of 1000 for cases c and d).
set -eu
build=${1:-.build/release}
build=$(cd "$build" && pwd)
ddswift="$build/ddswift"
provider="$build/ddswift-fake-provider"
runs=${RUNS:-15}
latency=${LATENCY_MS:-20}
batch=1000
[ "${BENCH_QUICK:-0}" = 1 ] && batch=100

need() {
    if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "$2" ]; then
        if [ "$(id -u)" = 0 ]; then
            DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$3" >/dev/null 2>&1 \
                || { apt-get update >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$3" >/dev/null; }
        else
            echo "bench needs Debian's $3 (run as root to install it)" >&2; exit 1
        fi
    fi
}
need ddclient /usr/bin/ddclient ddclient
need inadyn /usr/sbin/inadyn inadyn
need time /usr/bin/time time
# The benchmark runs ddclient and inadyn by hand only; a daemon of theirs already running is
# not ours to stop, but it shares the CPU: say so.
for peer in ddclient inadyn; do
    if pgrep -x "$peer" >/dev/null 2>&1; then echo "note: a $peer process is running; figures may be noisier"; fi
done
ddclient=/usr/bin/ddclient
inadyn=$(command -v inadyn || echo /usr/sbin/inadyn)

dir=$(mktemp -d "${TMPDIR:-/tmp}/ddswift-bench.XXXXXX")
# shellcheck source=bench/provider.sh
. "$(dirname "$0")/provider.sh"
cleanup() {
    stop_providers
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM

echo 203.0.113.10 > "$dir/address"
start_provider quick 0 1 --dns-port-file "$dir/dns.port"
start_provider slow "$latency" 10
quick=$(head -n 1 "$dir/quick.ports")
dnsport=$(cat "$dir/dns.port")

# measure LABEL RUNS CMD...: runs CMD RUNS times in a row under one /usr/bin/time and prints
# "wall cpu rss": average seconds per run (wall, user+sys) and the peak RSS of any run (KiB).
# (One /usr/bin/time per run would round every wall time to 10 ms.)
quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
measure() {
    out=$1; shift
    n=$1; shift
    cmd=""
    for arg in "$@"; do cmd="$cmd $(quote "$arg")"; done
    # shellcheck disable=SC2016 # the loop is written for the inner sh
    printf 'i=0\nwhile [ "$i" -lt %s ]; do\n   %s >/dev/null 2>&1 || true\n    i=$((i + 1))\ndone\n' "$n" "$cmd" > "$dir/$out.sh"
    /usr/bin/time -f "%e %U %S %M" -o "$dir/$out.one" sh "$dir/$out.sh" >/dev/null 2>&1 || true
    tail -n 1 "$dir/$out.one" | awk -v n="$n" '{ printf "%.4f %.4f %s\n", $1 / n, ($2 + $3) / n, $4 }'
}

requests() { cat "$dir"/*.log 2>/dev/null | grep -c "nic/update" || true; }
clear_logs() { for f in "$dir"/*.log; do : > "$f"; done; }

rows=""
row() { # case tool-a-stats tool-b-stats requests-a requests-b note
    set -- "$@"
    rows="$rows$1|$2|$3|$4|$5|$6
"
}

conf() { # file body
    printf '%s\n' "$2" > "$1"
    chmod 600 "$1"
}

# a. one host, address unchanged, use=ip (the cron case)
for tool in ddswift ddclient; do
    conf "$dir/a-$tool.conf" "daemon=0
ssl=no
use=ip, ip=203.0.113.10
protocol=dyndns2, server=127.0.0.1:$quick, login=bench, password=bench
a.example.com"
done
"$ddswift" -file "$dir/a-ddswift.conf" -cache "$dir/a-ddswift.cache" -force >/dev/null 2>&1
"$ddclient" -foreground -daemon=0 -file "$dir/a-ddclient.conf" -cache "$dir/a-ddclient.cache" -force >/dev/null 2>&1 || true
clear_logs
sa=$(measure a1 "$runs" "$ddswift" -file "$dir/a-ddswift.conf" -cache "$dir/a-ddswift.cache")
ra=$(requests); clear_logs
sb=$(measure a2 "$runs" "$ddclient" -foreground -daemon=0 -file "$dir/a-ddclient.conf" -cache "$dir/a-ddclient.cache")
rb=$(requests); clear_logs
row "a. 1 host, unchanged, use=ip" "$sa" "$sb" "$ra" "$rb" "$runs runs, median"

# b. one host, address unchanged, use=web against the loopback check page
for tool in ddswift ddclient; do
    conf "$dir/b-$tool.conf" "daemon=0
ssl=no
use=web, web=http://127.0.0.1:$quick/checkip, web-skip='Current IP Address:'
protocol=dyndns2, server=127.0.0.1:$quick, login=bench, password=bench
b.example.com"
done
"$ddswift" -file "$dir/b-ddswift.conf" -cache "$dir/b-ddswift.cache" -force >/dev/null 2>&1
"$ddclient" -foreground -daemon=0 -file "$dir/b-ddclient.conf" -cache "$dir/b-ddclient.cache" -force >/dev/null 2>&1 || true
clear_logs
sa=$(measure b1 "$runs" "$ddswift" -file "$dir/b-ddswift.conf" -cache "$dir/b-ddswift.cache")
checks_a=$(grep -c checkip "$dir/quick.log" || true); ra=$(requests); clear_logs
sb=$(measure b2 "$runs" "$ddclient" -foreground -daemon=0 -file "$dir/b-ddclient.conf" -cache "$dir/b-ddclient.cache")
checks_b=$(grep -c checkip "$dir/quick.log" || true); rb=$(requests); clear_logs
row "b. 1 host, unchanged, use=web" "$sa" "$sb" "$ra" "$rb" "$runs runs; address checks: ddswift $checks_a, ddclient $checks_b"

# c. many hosts, each its own login (no grouping), 10 servers with latency, -force
body="daemon=0
ssl=no
use=ip, ip=203.0.113.10
protocol=dyndns2"
i=0
while read -r port; do
    j=0
    while [ "$j" -lt $((batch / 10)) ]; do
        body="$body
server=127.0.0.1:$port, login=user$i-$j, password=pw h$i-$j.example.com"
        j=$((j + 1))
    done
    i=$((i + 1))
done < "$dir/slow.ports"
conf "$dir/c.conf" "$body"
sa=$(measure c1 1 "$ddswift" -file "$dir/c.conf" -cache "$dir/c-ddswift.cache" -force)
ra=$(requests); clear_logs
sb=$(measure c2 1 "$ddclient" -foreground -daemon=0 -file "$dir/c.conf" -cache "$dir/c-ddclient.cache" -force)
rb=$(requests); clear_logs
row "c. $batch hosts, own logins, 10 servers, ${latency} ms, -force" "$sa" "$sb" "$ra" "$rb" "1 run each"

# d. many hosts sharing one login on dyndns2, -force
slow=$(head -n 1 "$dir/slow.ports")
hosts=$(i=0; while [ "$i" -lt "$batch" ]; do printf 'g%s.example.com,' "$i"; i=$((i + 1)); done)
conf "$dir/d.conf" "daemon=0
ssl=no
use=ip, ip=203.0.113.10
protocol=dyndns2, server=127.0.0.1:$slow, login=shared, password=pw
${hosts%,}"
sa=$(measure d1 1 "$ddswift" -file "$dir/d.conf" -cache "$dir/d-ddswift.cache" -force)
ra=$(requests); clear_logs
sb=$(measure d2 1 "$ddclient" -foreground -daemon=0 -file "$dir/d.conf" -cache "$dir/d-ddclient.cache" -force)
rb=$(requests); clear_logs
row "d. $batch hosts, one login (grouped), -force" "$sa" "$sb" "$ra" "$rb" "requests: ddswift splits at 20 hosts"

# e. parsing a large config and cache: every host current, nothing sent (use=ip)
for n in 1000 10000; do
    awk -v n="$n" -v port="$quick" 'BEGIN {
        print "daemon=0\nssl=no\nuse=ip, ip=203.0.113.10\nprotocol=dyndns2, server=127.0.0.1:" port
        for (i = 0; i < n; i++) printf "login=u%d, password=p%d e%d.example.com\n", i, i, i
    }' > "$dir/e$n.conf"
    chmod 600 "$dir/e$n.conf"
    awk -v n="$n" 'BEGIN {
        print "## ddclient-3.10.0\n## last updated at Sat Nov 21 20:41:37 2026 (1795293697)"
        for (i = 0; i < n; i++) printf "atime=1795293697,backupmx=0,custom=0,host=e%d.example.com,ip=203.0.113.10,mtime=1795293697,mx=,script=/nic/update,static=0,status=good,status-ipv4=noconnect,status-ipv6=noconnect,warned-min-error-interval=0,warned-min-interval=0,wildcard=0,wtime=0 e%d.example.com\n", i, i
    }' > "$dir/e$n.cache"
    cp "$dir/e$n.cache" "$dir/e$n-ddclient.cache"
    chmod 600 "$dir/e$n.cache" "$dir/e$n-ddclient.cache"
    sa=$(measure "e${n}a" 3 "$ddswift" -file "$dir/e$n.conf" -cache "$dir/e$n.cache")
    ra=$(requests); clear_logs
    sb=$(measure "e${n}b" 3 "$ddclient" -foreground -daemon=0 -file "$dir/e$n.conf" -cache "$dir/e$n-ddclient.cache")
    rb=$(requests); clear_logs
    row "e. parse $n-host config + $n-entry cache" "$sa" "$sb" "$ra" "$rb" "3 runs, median; nothing to send"
done

# g. the cron case against inadyn: one host, address unchanged. ddswift asks a DNS server
# (usev4=dnsv4: no web service, no libcurl), ddclient and inadyn their web check page.
conf "$dir/g-ddswift.conf" "daemon=0
ssl=no
usev4=dnsv4, dnsv4=myip.bench@127.0.0.1:$dnsport
protocol=dyndns2, server=127.0.0.1:$quick, login=bench, password=bench
g.example.com"
cp "$dir/b-ddclient.conf" "$dir/g-ddclient.conf"
conf "$dir/g-inadyn.conf" "period = 300
custom bench {
    ddns-server = 127.0.0.1:$quick
    ddns-path = \"/nic/update?hostname=%h&myip=%i\"
    ssl = false
    checkip-server = 127.0.0.1:$quick
    checkip-path = /checkip
    checkip-ssl = false
    username = bench
    password = bench
    hostname = gi.example.com
}"
mkdir -p "$dir/g-inadyn-cache"
# inadyn resolves a host it has no cache for through the system's DNS: seed its cache so that
# nothing leaves the machine.
printf '203.0.113.10' > "$dir/g-inadyn-cache/gi.example.com.cache"
"$ddswift" -file "$dir/g-ddswift.conf" -cache "$dir/g-ddswift.cache" -force >/dev/null 2>&1
"$ddclient" -foreground -daemon=0 -file "$dir/g-ddclient.conf" -cache "$dir/g-ddclient.cache" -force >/dev/null 2>&1 || true
clear_logs
# A run takes 2-4 ms, and this machine's speed drifts by more than the two programs differ
# from one second to the next: timed in blocks (200 runs of one, then 200 of the other), the
# same two binaries came out up to 20% apart either way. ddswift and inadyn run in turn
# instead (A B, B A, ...), $gruns times each, and each one's median run counts. Peak RSS
# comes from $runs more runs of each under /usr/bin/time (a spawned child's peak RSS counts
# the spawning process's own).
gruns=${G_RUNS:-300}
# shellcheck disable=SC2046 # two lines of "wall cpu"
set -- $("$provider" time-pair "$gruns" -- "$ddswift" -file "$dir/g-ddswift.conf" -cache "$dir/g-ddswift.cache" \
    -- "$inadyn" -1 -n -f "$dir/g-inadyn.conf" --cache-dir="$dir/g-inadyn-cache" --no-pidfile -l none)
[ $# -eq 4 ] || { echo "time-pair failed" >&2; exit 1; }
gwall_a=$1; gcpu_a=$2; gwall_c=$3; gcpu_c=$4
# Each tool updates a host of its own: the paired runs' requests are told apart by name.
requests_for() { cat "$dir"/*.log 2>/dev/null | grep -c "nic/update?hostname=$1&" || true; }
gpaired_a=$(requests_for g.example.com); gpaired_c=$(requests_for gi.example.com)
gcc=$(grep -c checkip "$dir/quick.log" || true); clear_logs
ga=$(measure g1 "$runs" "$ddswift" -file "$dir/g-ddswift.conf" -cache "$dir/g-ddswift.cache")
gra=$(( $(requests) + gpaired_a )); clear_logs
gc=$(measure g3 "$runs" "$inadyn" -1 -n -f "$dir/g-inadyn.conf" --cache-dir="$dir/g-inadyn-cache" --no-pidfile -l none)
grc=$(( $(requests) + gpaired_c )); gcc=$((gcc + $(grep -c checkip "$dir/quick.log" || true))); clear_logs
ga=$(echo "$gwall_a $gcpu_a $ga" | awk '{ printf "%.4f %.4f %s\n", $1, $2, $5 }')
gc=$(echo "$gwall_c $gcpu_c $gc" | awk '{ printf "%.4f %.4f %s\n", $1, $2, $5 }')
gb=$(measure g2 "$runs" "$ddclient" -foreground -daemon=0 -file "$dir/g-ddclient.conf" -cache "$dir/g-ddclient.cache")
grb=$(requests); gcb=$(grep -c checkip "$dir/quick.log" || true); clear_logs
# The dynamic loader reports every library it opens (libcurl is opened on the first transfer).
curl_mentions=$(LD_DEBUG=libs "$ddswift" -file "$dir/g-ddswift.conf" -cache "$dir/g-ddswift.cache" 2>&1 | grep -c 'libcurl' || true)
curl_loaded=$([ "$curl_mentions" -gt 0 ] && echo yes || echo no)

# f. large and hostile inputs, ddswift only (ddclient takes minutes on the first): 100,000
# hosts with -test, 16,000 continuation lines, YAML nested 100,000 deep (refused).
awk 'BEGIN {
    print "daemon=0\nssl=no\nuse=ip, ip=203.0.113.10\nprotocol=dyndns2, server=127.0.0.1:9, login=u, password=p"
    for (i = 0; i < 100000; i++) printf "f%d.example.com\n", i
}' > "$dir/f-hosts.conf"
awk 'BEGIN {
    print "daemon=0\nssl=no\nuse=ip, ip=203.0.113.10\nprotocol=dyndns2, server=127.0.0.1:9, login=u, password=p"
    for (i = 0; i < 16000; i++) printf "c%d.example.com, \\\n", i
    print "last.example.com"
}' > "$dir/f-cont.conf"
awk 'BEGIN { printf "a: "; for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]"; print "" }' > "$dir/f-deep.yaml"
chmod 600 "$dir/f-hosts.conf" "$dir/f-cont.conf" "$dir/f-deep.yaml"
extra=""
for case in "100,000 hosts, -test|f-hosts.conf" "16,000 continuation lines, -test|f-cont.conf" "YAML nested 100,000 deep (refused)|f-deep.yaml"; do
    label=${case%%|*}; file=${case#*|}
    s=$(measure "f-$file" 1 "$ddswift" -file "$dir/$file" -cache "$dir/f.cache" -test)
    # shellcheck disable=SC2086
    set -- $s
    extra="$extra| f. $label | $1 s | $2 s | $(echo "$3" | awk '{printf "%.1f", $1/1024}') MB |
"
done

cpu=$(awk -F: '/model name/ { sub(/^ +/, "", $2); print $2; exit }' /proc/cpuinfo)
three() { # label "wall cpu rss" requests
    # shellcheck disable=SC2086
    set -- "$1" $2 "$3"
    printf '| %s | %s s | %s s | %.1f MB | %s |\n' "$1" "$2" "$3" "$(echo "$4" | awk '{print $1/1024}')" "$5"
}
echo "## ddswift vs ddclient ($(date -u +%Y-%m-%d))"
echo
echo "Machine: $(nproc) cores, $cpu, $(uname -srm); ddswift $("$ddswift" -version=short), ddclient $(dpkg-query -W -f='${Version}' ddclient 2>/dev/null)"
echo
echo "| case | ddswift wall | ddclient wall | wall ratio | ddswift CPU | ddclient CPU | ddswift peak RSS | ddclient peak RSS | update requests (ddswift / ddclient) | note |"
echo "|---|---|---|---|---|---|---|---|---|---|"
printf '%s' "$rows" | while IFS='|' read -r name a b ra rb note; do
    # shellcheck disable=SC2086 # split "wall cpu rss" into fields
    set -- $a; wa=$1; ca=$2; ma=$3
    # shellcheck disable=SC2086
    set -- $b; wb=$1; cb=$2; mb=$3
    ratio=$(awk -v a="$wa" -v b="$wb" 'BEGIN { if (a > 0) printf "%.1f×", b / a; else printf "≥%.0f×", b / 0.01 }')
    printf '| %s | %s s | %s s | %s | %s s | %s s | %.1f MB | %.1f MB | %s / %s | %s |\n' "$name" "$wa" "$wb" "$ratio" "$ca" "$cb" "$(echo "$ma" | awk '{print $1/1024}')" "$(echo "$mb" | awk '{print $1/1024}')" "$ra" "$rb" "$note"
done > "$dir/table"
cat "$dir/table"
echo
echo "| g. 1 host, unchanged, cron run (ddswift and inadyn: median of $gruns runs each, in turn; ddclient: $runs runs) | wall | CPU | peak RSS | update requests |"
echo "|---|---|---|---|---|"
three "ddswift, usev4=dnsv4 (loopback DNS server; libcurl loaded: $curl_loaded)" "$ga" "$gra"
three "ddclient, use=web ($gcb page checks)" "$gb" "$grb"
three "inadyn $("$inadyn" --version 2>/dev/null), web check ($gcc page checks)" "$gc" "$grc"
echo
echo "| large and hostile inputs (ddswift only) | wall | CPU | peak RSS |"
echo "|---|---|---|---|"
printf '%s' "$extra"
echo
# Targets from the issue, measured, not asserted.
printf '%s' "$rows" | awk -F'|' '
function num(x) { split(x, p, " "); return p[1] + 0 }
function rss(x) { split(x, p, " "); return p[3] / 1024 }
$1 ~ /^a\./ { r = num($3) / (num($2) > 0 ? num($2) : 0.0001); m = rss($2)
    printf "target a (>= 10x faster than ddclient, < 10 MB): %s (%.1fx, %.1f MB)\n", (r >= 10 && m < 10) ? "PASS" : "MISS", r, m }
$1 ~ /^c\./ { r = num($3) / (num($2) > 0 ? num($2) : 0.0001)
    printf "target c (>= 20x faster than ddclient): %s (%.1fx)\n", (r >= 20) ? "PASS" : "MISS", r }
$1 ~ /^e\. parse 1000-/ { small = num($2) }
$1 ~ /^e\. parse 10000-/ { big = num($2); grow = big / (small > 0 ? small : 0.0001)
    printf "target e (< 1 s for 10,000 hosts, ~linear): %s (%.3f s; 10x the hosts took %.1fx the time)\n", (big < 1 && grow <= 12) ? "PASS" : "MISS", big, grow }
'
# shellcheck disable=SC2086
set -- $ga
gwa=$1
# shellcheck disable=SC2086
set -- $gc
gwc=$1
awk -v a="$gwa" -v c="$gwc" -v curl="$curl_loaded" 'BEGIN { r = a / (c > 0 ? c : 0.0001)
    printf "target g (ddswift with DNS detection at or below inadyn, ratio <= 1.0, no libcurl): %s (%.2f, libcurl %s)\n", (r <= 1.0 && curl == "no") ? "PASS" : "MISS", r, curl == "no" ? "not loaded" : "loaded" }'
printf '%s' "$extra" | awk -F'|' '$2 ~ /100,000 hosts/ { split($3, w, " "); printf "target f (100,000 hosts well under 2 s): %s (%.2f s)\n", (w[1] + 0 < 1.6) ? "PASS" : "MISS", w[1] }'
