#!/bin/sh
# `make bench`: ddswift and Debian's ddclient side by side, in the same run, against a loopback
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
need time /usr/bin/time time
# The package may start its own daemon; the benchmark runs ddclient by hand only.
pkill -x ddclient 2>/dev/null || true
ddclient=/usr/bin/ddclient

dir=$(mktemp -d "${TMPDIR:-/tmp}/ddswift-bench.XXXXXX")
pids=""
cleanup() {
    for pid in $pids; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM

start_provider() { # name latency listeners
    "$provider" serve --port-file "$dir/$1.ports" --log "$dir/$1.log" --address-file "$dir/address" --latency "$2" --listeners "$3" &
    pids="$pids $!"
    i=0
    while [ "$(wc -l < "$dir/$1.ports" 2>/dev/null || echo 0)" -lt "$3" ]; do
        i=$((i + 1)); [ "$i" -lt 200 ] || { echo "fake provider did not start" >&2; exit 1; }
        sleep 0.05
    done
}
echo 203.0.113.10 > "$dir/address"
start_provider quick 0 1
start_provider slow "$latency" 10
quick=$(head -n 1 "$dir/quick.ports")

# measure LABEL TOOL RUNS CMD...: prints "wall cpu rss" medians (seconds, seconds, KiB).
measure() {
    out=$1; shift
    n=$1; shift
    : > "$dir/$out.samples"
    k=0
    while [ "$k" -lt "$n" ]; do
        /usr/bin/time -f "%e %U %S %M" -o "$dir/$out.one" "$@" >/dev/null 2>"$dir/$out.err" || true
        tail -n 1 "$dir/$out.one" >> "$dir/$out.samples"
        k=$((k + 1))
    done
    sort -n "$dir/$out.samples" | awk '{ wall[NR]=$1; cpu[NR]=$2+$3; if ($4>rss) rss=$4 } END { m=int((NR+1)/2); printf "%s %s %s\n", wall[m], cpu[m], rss }'
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
for port in $(cat "$dir/slow.ports"); do
    j=0
    while [ "$j" -lt $((batch / 10)) ]; do
        body="$body
server=127.0.0.1:$port, login=user$i-$j, password=pw h$i-$j.example.com"
        j=$((j + 1))
    done
    i=$((i + 1))
done
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
        for (i = 0; i < n; i++) printf "atime=1795293697,host=e%d.example.com,ip=203.0.113.10,mtime=1795293697,status=good,wildcard=0 e%d.example.com\n", i, i
    }' > "$dir/e$n.cache"
    cp "$dir/e$n.cache" "$dir/e$n-ddclient.cache"
    chmod 600 "$dir/e$n.cache" "$dir/e$n-ddclient.cache"
    sa=$(measure "e${n}a" 3 "$ddswift" -file "$dir/e$n.conf" -cache "$dir/e$n.cache")
    ra=$(requests); clear_logs
    sb=$(measure "e${n}b" 3 "$ddclient" -foreground -daemon=0 -file "$dir/e$n.conf" -cache "$dir/e$n-ddclient.cache")
    rb=$(requests); clear_logs
    row "e. parse $n-host config + $n-entry cache" "$sa" "$sb" "$ra" "$rb" "3 runs, median; nothing to send"
done

cpu=$(awk -F: '/model name/ { sub(/^ +/, "", $2); print $2; exit }' /proc/cpuinfo)
echo "## ddswift vs ddclient ($(date -u +%Y-%m-%d))"
echo
echo "Machine: $(nproc) cores, $cpu, $(uname -srm); ddswift $("$ddswift" -version=short), ddclient $(dpkg-query -W -f='${Version}' ddclient 2>/dev/null)"
echo
echo "| case | ddswift wall | ddclient wall | wall ratio | ddswift CPU | ddclient CPU | ddswift peak RSS | ddclient peak RSS | update requests (ddswift / ddclient) | note |"
echo "|---|---|---|---|---|---|---|---|---|---|"
printf '%s' "$rows" | while IFS='|' read -r name a b ra rb note; do
    set -- $a; wa=$1; ca=$2; ma=$3
    set -- $b; wb=$1; cb=$2; mb=$3
    ratio=$(awk -v a="$wa" -v b="$wb" 'BEGIN { if (a > 0) printf "%.1f×", b / a; else printf "≥%.0f×", b / 0.01 }')
    printf '| %s | %s s | %s s | %s | %s s | %s s | %.1f MB | %.1f MB | %s / %s | %s |\n' "$name" "$wa" "$wb" "$ratio" "$ca" "$cb" "$(echo "$ma" | awk '{print $1/1024}')" "$(echo "$mb" | awk '{print $1/1024}')" "$ra" "$rb" "$note"
done > "$dir/table"
cat "$dir/table"
echo
# Targets from the issue, measured, not asserted.
awk -F'|' '
/^\| a\./ { gsub(/[ s×]/, "", $3); gsub(/[ s]/, "", $4); split($8, m, " "); r = $4 / ($3 > 0 ? $3 : 0.001); printf "target a (≥10× ddclient, <10 MB): %s (%.1f×, %s MB)\n", (r >= 10 && m[2] + 0 < 10) ? "PASS" : "MISS", r, m[2] }
/^\| c\./ { gsub(/[ s]/, "", $3); gsub(/[ s]/, "", $4); r = $4 / ($3 > 0 ? $3 : 0.001); printf "target c (≥20× ddclient): %s (%.1f×)\n", r >= 20 ? "PASS" : "MISS", r }
/^\| e\. parse 1000-/ { gsub(/[ s]/, "", $3); small = $3 }
/^\| e\. parse 10000-/ { gsub(/[ s]/, "", $3); big = $3; printf "target e (<1 s for 10,000 hosts, ~linear): %s (%.3f s; 10× the hosts took %.1f× the time)\n", (big < 1 && big <= 12 * (small > 0.001 ? small : 0.001)) ? "PASS" : "MISS", big, big / (small > 0 ? small : 0.001) }
' "$dir/table"
