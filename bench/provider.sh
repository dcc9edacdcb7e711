# Sourced by bench/run.sh, bench/link-order.sh and tests/release/check.sh: the loopback fake
# provider, started in the background and waited for. Needs $provider (the
# ddswift-fake-provider binary) and $dir (a scratch folder holding `address`); the caller's
# exit trap calls stop_providers.
# shellcheck disable=SC2154 # $provider and $dir are the caller's
pids=""
stop_providers() { for pid in $pids; do kill "$pid" 2>/dev/null || true; done; }

# start_provider NAME LATENCY-MS LISTENERS [OPTIONS…]: ports in $dir/NAME.ports, one request a
# line in $dir/NAME.log. A --dns-port-file is written before the ports.
start_provider() {
    name=$1; latency_ms=$2; count=$3; shift 3
    "$provider" serve --port-file "$dir/$name.ports" --log "$dir/$name.log" --address-file "$dir/address" \
        --latency "$latency_ms" --listeners "$count" "$@" &
    pids="$pids $!"
    i=0
    while [ ! -f "$dir/$name.ports" ] || [ "$(wc -l < "$dir/$name.ports")" -lt "$count" ]; do
        i=$((i + 1)); [ "$i" -lt 200 ] || { echo "fake provider did not start" >&2; exit 1; }
        sleep 0.05
    done
}
