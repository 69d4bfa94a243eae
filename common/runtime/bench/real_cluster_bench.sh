#!/usr/bin/env bash
# The real-cluster benchmark behind `./track bench real`: this machine's floor
# (store-floor), then a fresh local cluster of its own (in .store/bench, on
# ports away from `./track cluster`'s, so a cluster you are using is left
# alone), then put and get latency with one client and throughput with 32,
# each round printed as ratios to the floor measured just before it.
#
#   ./track bench real [--rounds N] [--duration SECONDS] [--nodes 3|5]
#                      [--impl solutions|labs] [-- NODE-OPTIONS...]
#
# (./track builds the binaries first and runs this from the top of the checkout;
# before that, it runs `real_cluster_bench.sh --check-options OPTIONS...`, which
# only checks the options: exit 0 when they are good, 2 with the reason if not.)
set -euo pipefail

check_only=0
[[ "${1:-}" == --check-options ]] && { check_only=1; shift; }
rounds=1 duration=6 nodes=3 impl="" node_options=()
while (($#)); do
  case "$1" in
    --rounds) rounds="${2:-}"; shift 2 || true ;;
    --duration) duration="${2:-}"; shift 2 || true ;;
    --nodes) nodes="${2:-}"; shift 2 || true ;;
    --impl) impl="${2:-}"; shift 2 || true ;;
    --) shift; node_options=("$@"); break ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "track: unknown option '$1' for bench real (see ./track help)" >&2; exit 2 ;;
  esac
done
[[ "$rounds" =~ ^[1-9][0-9]?$ ]] || { echo "track: --rounds must be 1..99" >&2; exit 2; }
[[ "$duration" =~ ^[1-9][0-9]{0,2}$ ]] || { echo "track: --duration must be 1..999 seconds" >&2; exit 2; }
[[ "$nodes" == 3 || "$nodes" == 5 ]] || { echo "track: --nodes must be 3 or 5" >&2; exit 2; }
[[ -z "$impl" || "$impl" == solutions || "$impl" == labs ]] ||
  { echo "track: --impl must be solutions or labs, not '$impl'" >&2; exit 2; }
((check_only)) && exit 0

export STORE_CLUSTER_DIR=.store/bench
bin=build/release/bin
up_args=(--fresh --nodes "$nodes" --base-port 7300)
[[ -n "$impl" ]] && up_args+=(--impl "$impl")
((${#node_options[@]})) && up_args+=(-- "${node_options[@]}")

cleanup() { ./track cluster down >/dev/null 2>&1 || true; }
trap cleanup EXIT

# "name: ... p50=12.3us ..." -> 12.3 (the value of key $2 on the line matching $1)
field() { grep -m1 -- "$1" | grep -o "$2=[0-9.]*" | cut -d= -f2; }

# One closed-loop run; prints "p50_ms p99_ms ops_per_s".
load() {
  local out
  out="$("$bin/store-load" --cluster-dir "$STORE_CLUSTER_DIR" --clients "$1" --mix "$2" --value-size 64 \
    --duration "$duration" 2>&1)" || { echo "$out" >&2; echo "track: store-load failed" >&2; exit 1; }
  local op="${2%s}"
  local p50 p99 rate
  p50="$(field "  $op:" p50 <<<"$out")"
  p99="$(field "  $op:" p99 <<<"$out")"
  rate="$(field "throughput" throughput <<<"$out")"
  echo "${p50:-nan} ${p99:-nan} ${rate:-0}"
}

fsync=on
for option in "${node_options[@]}"; do [[ "$option" == --no-fsync ]] && fsync=off; done
echo "bench: $nodes nodes on 127.0.0.1, fsync $fsync, 64-byte values, ${duration} s per run," \
  "$rounds round(s); data and logs in $STORE_CLUSTER_DIR"
for ((round = 1; round <= rounds; round++)); do
  floor="$("$bin/store-floor" --dir .store --round-trips 5000 --syncs 300 --nodes "$nodes")"
  rtt="$(field "round trip" p50 <<<"$floor")"
  sync1="$(field "append 128 B + fdatasync in" p50 <<<"$floor")"
  syncn="$(field "files at once" p50 <<<"$floor")"

  ./track cluster down >/dev/null 2>&1 || true
  ./track cluster up "${up_args[@]}" >/dev/null 2>&1 ||
    { echo "track: the bench cluster did not start; its logs are in $STORE_CLUSTER_DIR" >&2; exit 1; }
  # Assignments, not process substitutions, so that a failed run stops the bench.
  puts1="$(load 1 puts)"
  gets1="$(load 1 gets)"
  puts32="$(load 32 puts)"
  gets32="$(load 32 gets)"
  read -r put_p50 put_p99 _ <<<"$puts1"
  read -r get_p50 get_p99 _ <<<"$gets1"
  read -r put32_p50 _ put32_rate <<<"$puts32"
  read -r get32_p50 _ get32_rate <<<"$gets32"
  ./track cluster down >/dev/null 2>&1 || true

  awk -v r="$round" -v rtt="$rtt" -v s1="$sync1" -v sn="$syncn" -v n="$nodes" \
    -v pp50="$put_p50" -v pp99="$put_p99" -v gp50="$get_p50" -v gp99="$get_p99" \
    -v p32="$put32_p50" -v p32r="$put32_rate" -v g32="$get32_p50" -v g32r="$get32_rate" 'BEGIN {
    floor1 = (rtt + s1) / 1000; floorn = (rtt + sn) / 1000   # in ms
    printf "round %d  floor: round trip %.1f us, fsync %.0f us (%d at once: %.0f us)\n", r, rtt, s1, n, sn
    printf "  put, 1 client    p50 %.3f ms  p99 %.3f ms   %.1fx (round trip + fsync), %.1fx (+ %d at once)\n",
      pp50, pp99, pp50 / floor1, pp50 / floorn, n
    printf "  get, 1 client    p50 %.3f ms  p99 %.3f ms   %.1fx (round trip + fsync), %.1fx (+ %d at once)\n",
      gp50, gp99, gp50 / floor1, gp50 / floorn, n
    printf "  put, 32 clients  %.0f ops/s  p50 %.2f ms\n", p32r, p32
    printf "  get, 32 clients  %.0f ops/s  p50 %.2f ms\n", g32r, g32
  }'
done
