#!/usr/bin/env bash
# The real-cluster benchmark behind `./track bench real`: in each round, this
# machine's floor (store-floor), then writes and every read path the
# reference implements, each on a fresh local cluster of its own (in
# .store/bench, on ports away from `./track cluster`'s), with 1, 2, 4 ... 64
# closed-loop clients, and etcd's three rows (puts, linearizable and
# serializable gets) on three etcd members, the two systems alternating from
# round to round; redis-benchmark beside store-load on the same cluster;
# writes beside readers on each read path. Then a 5-node cluster with the
# cross-region profile's delays (store-cli delay-traffic) against the
# simulator's prediction of it. Everything lands as JSON lines in
# OUT/runs.jsonl; store-bench-report turns them into medians, ratios, plots
# and OUT/index.html.
#
#   ./track bench real [--quick] [--rounds N] [--duration SECONDS] [--clients LIST]
#                      [--nodes 3|5] [--impl solutions|labs] [--out DIR]
#                      [--no-etcd] [--no-redis] [--no-delays] [-- NODE-OPTIONS...]
#
# --quick: one round, 1 and 32 clients, 1 s per run (about 2 minutes); the
# default: 3 rounds, 1..64 clients, 2 s per run (about 10 minutes). etcd
# (Debian's etcd-server, etcd-client, golang-etcd-server-dev and golang-go)
# and redis-benchmark (redis-tools) are installed on first use.
#
# (./track builds the binaries first and runs this from the top of the checkout;
# before that, it runs `real_cluster_bench.sh --check-options OPTIONS...`, which
# only checks the options: exit 0 when they are good, 2 with the reason if not.)
set -euo pipefail

check_only=0
[[ "${1:-}" == --check-options ]] && { check_only=1; shift; }
quick=0 rounds="" duration="" clients="" nodes=3 impl="" out=.store/bench/report node_options=()
etcd=1 redis=1 delays=1
while (($#)); do
  case "$1" in
    --quick) quick=1; shift ;;
    --rounds) rounds="${2:-}"; shift; shift || true ;;
    --duration) duration="${2:-}"; shift; shift || true ;;
    --clients) clients="${2:-}"; shift; shift || true ;;
    --nodes) nodes="${2:-}"; shift; shift || true ;;
    --impl) impl="${2:-}"; shift; shift || true ;;
    --out) out="${2:-}"; shift; shift || true ;;
    --no-etcd) etcd=0; shift ;;
    --no-redis) redis=0; shift ;;
    --no-delays) delays=0; shift ;;
    --) shift; node_options=("$@"); break ;;
    -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "track: unknown option '$1' for bench real (see ./track bench real --help)" >&2; exit 2 ;;
  esac
done
((quick)) && { : "${rounds:=1}" "${duration:=1}" "${clients:=1,32}"; }
: "${rounds:=3}" "${duration:=2}" "${clients:=1,2,4,8,16,32,64}"
[[ "$rounds" =~ ^[1-9][0-9]?$ ]] || { echo "track: --rounds must be 1..99" >&2; exit 2; }
[[ "$duration" =~ ^[1-9][0-9]{0,2}$ ]] || { echo "track: --duration must be 1..999 seconds" >&2; exit 2; }
[[ "$clients" =~ ^[1-9][0-9]{0,2}(,[1-9][0-9]{0,2})*$ ]] ||
  { echo "track: --clients must be a list of counts like 1,8,32" >&2; exit 2; }
[[ "$nodes" == 3 || "$nodes" == 5 ]] || { echo "track: --nodes must be 3 or 5" >&2; exit 2; }
[[ -z "$impl" || "$impl" == solutions || "$impl" == labs ]] ||
  { echo "track: --impl must be solutions or labs, not '$impl'" >&2; exit 2; }
[[ -n "$out" && "$out" != -* ]] || { echo "track: --out needs a folder" >&2; exit 2; }
((check_only)) && exit 0

bin=build/release/bin
export STORE_CLUSTER_DIR=.store/bench/cluster
export STORE_TRACK_BUILT=1  # ./track has just built everything: its cluster commands need not check again
base=7300                       # nodes on 7301.., their RESP ports on 7401..
etcd_dir=.store/bench/etcd
mkdir -p "$out"
runs="$out/runs.jsonl"
: >"$runs"
"$bin/store-bench-paths" --list-rows >"$out/rows.txt"
IFS=, read -r -a client_counts <<<"$clients"
load_clients=32
[[ ",$clients," == *",32,"* ]] || load_clients="${client_counts[-1]}"
read -r load_before _ </proc/loadavg

cleanup() {
  ./track cluster down >/dev/null 2>&1 || true
  etcd_down
}

# ------------------------------------------------------------------ progress
step=0 total=0
started=$SECONDS
progress() {  # what is being measured now
  step=$((step + 1))
  local line
  line="$(printf '[%d/%d %ds] %s' "$step" "$total" $((SECONDS - started)) "$*")"
  if [[ -t 2 ]]; then printf '\r\033[K%s' "$line" >&2; else printf 'bench: %s\n' "$line" >&2; fi
}
progress_done() { [[ -t 2 ]] && printf '\r\033[K' >&2; return 0; }

# ------------------------------------------------------------------ tools on demand
install_packages() {  # PACKAGE...: apt-get install those missing; false if that is impossible
  local missing=()
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
  ((${#missing[@]} == 0)) && return 0
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null && sudo -n true 2>/dev/null || return 1
    sudo=(sudo)
  fi
  echo "bench: installing ${missing[*]} (for the side-by-side rows; once)" >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 ||
    { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 &&
      "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; }
}

etcd_load=$bin/etcd-load
ensure_etcd() {
  install_packages etcd-server etcd-client golang-etcd-server-dev golang-go ||
    { echo "bench: cannot install etcd (not root, no password-less sudo): its rows are skipped" >&2; return 1; }
  local source=common/runtime/bench/etcd/etcd_load.go
  if [[ ! -x "$etcd_load" || "$source" -nt "$etcd_load" ]]; then
    echo "bench: building etcd-load against Debian's etcd client (GO111MODULE=off, no downloads)..." >&2
    GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$PWD/build/release/go-cache" \
      go build -o "$etcd_load" "$source" || { echo "bench: building etcd-load failed" >&2; return 1; }
  fi
}

# ------------------------------------------------------------------ the store
leader() { "$bin/store-cli" --cluster-dir "$STORE_CLUSTER_DIR" status 2>/dev/null | awk '$3 == "leader" { print $1; exit }'; }

store_up() {  # NODES READ-PATH [NODE-OPTIONS...]
  local n="$1" path="$2"
  shift 2
  local args=(--fresh --nodes "$n" --base-port "$base")
  [[ -n "$impl" ]] && args+=(--impl "$impl")
  ./track cluster down >/dev/null 2>&1 || true
  ./track cluster up "${args[@]}" -- --read-path "$path" "$@" "${node_options[@]}" >/dev/null 2>&1 ||
    { echo "track: the bench cluster did not start; its logs are in $STORE_CLUSTER_DIR" >&2; exit 1; }
  local tries=0
  until [[ -n "$(leader)" ]]; do
    ((++tries > 100)) && { echo "track: no leader in the bench cluster; logs in $STORE_CLUSTER_DIR" >&2; exit 1; }
    sleep 0.1
  done
}

# The profile puts node 1 beside the client and expects it to lead; rather
# than force an election, the profile's node 1 becomes whichever node leads
# (and that node's number becomes 1): `as_real K` is the real node that plays
# the profile's node K.
as_real() {
  if [[ "$1" == 1 ]]; then echo "$real_leader"; elif [[ "$1" == "$real_leader" ]]; then echo 1; else echo "$1"; fi
}

keys_for() { echo $(((100 + $1 - 1) / $1)); }  # about 100 keys in all, as etcd's rows

store_load() {  # ROW KIND CLIENTS [STORE-LOAD OPTIONS...]
  local row="$1" kind="$2" c="$3" mix=gets
  shift 3
  [[ "$row" == write ]] && mix=puts
  local from=()
  [[ "$row" == read-index-follower ]] && from=(--read-from any)
  "$bin/store-load" --cluster-dir "$STORE_CLUSTER_DIR" --clients "$c" --mix "$mix" --value-size 64 \
    --keys-per-client "$(keys_for "$c")" --duration "$duration" "${from[@]}" "$@" --json "$runs" \
    --label system=store --label "row=$row" --label "kind=$kind" --label "round=$round" >/dev/null 2>"$out/last.err" ||
    { cat "$out/last.err" >&2; echo "track: store-load failed ($row, $c clients)" >&2; exit 1; }
}

redis_load() {  # ROW CLIENTS: redis-benchmark's SET or GET on the leader's RESP port
  local row="$1" c="$2" test=get op=get
  [[ "$row" == write ]] && { test=set; op=put; }
  local port=$((base + 100 + $(leader))) requests=$((c * 400 * duration))
  local csv
  csv="$(redis-benchmark -p "$port" -t "$test" -n "$requests" -c "$c" -r 100 -d 64 --csv 2>/dev/null | tail -n 1)"
  # "SET","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
  IFS=, read -r _ rps _ _ p50 _ p99 _ <<<"${csv//\"/}"
  [[ -n "${p50:-}" ]] || { echo "bench: redis-benchmark gave no figures: $csv" >&2; return 0; }
  printf '{"tool":"redis-benchmark","system":"store","row":"%s","kind":"redis","round":"%s","clients":%d,"ops":{"%s":{"throughput":%s,"p50_ms":%s,"p99_ms":%s}}}\n' \
    "$row" "$round" "$c" "$op" "$rps" "$p50" "$p99" >>"$runs"
}

# The rows a real cluster runs: lab 6's quorum rows are the simulator's only
# (store-node hosts the Raft store), so they are left out here.
rows_available() { awk '$3 == "yes" && $5 != "quorum" { print $1 }' "$out/rows.txt"; }
server_path() { [[ "$1" == write ]] && echo log || echo "$1"; }  # writes run on log-read servers

store_round() {
  local row c
  for row in $(rows_available); do
    [[ "$row" == write ]] && continue  # measured on the log cluster, below
    progress "store: a fresh $nodes-node cluster, read path $row"
    store_up "$nodes" "$row"
    local here=("$row")
    [[ "$row" == log ]] && here=(write log)
    for r in "${here[@]}"; do
      for c in "${client_counts[@]}"; do
        progress "store $r, $c client(s)"
        store_load "$r" sweep "$c"
      done
    done
    # Writes beside readers: what the reads take from the writes.
    if [[ "$row" == log || "$row" == read-index ]]; then
      progress "store: 16 writers beside 16 readers on $row"
      store_load write capacity-alone 16
      store_load "$row" capacity 16 --mix puts --readers 16
    fi
    if ((redis)) && [[ "$row" == read-index ]]; then
      for c in 1 "$load_clients"; do
        progress "redis-benchmark set and get, $c client(s)"
        redis_load write "$c"
        redis_load read-index "$c"
      done
    fi
  done
  ./track cluster down >/dev/null 2>&1 || true
}

# ------------------------------------------------------------------ etcd
etcd_endpoints="127.0.0.1:23791,127.0.0.1:23792,127.0.0.1:23793"
etcd_up() {
  etcd_down
  rm -rf "$etcd_dir"
  mkdir -p "$etcd_dir"
  local cluster="m1=http://127.0.0.1:23801,m2=http://127.0.0.1:23802,m3=http://127.0.0.1:23803" i
  for i in 1 2 3; do
    # fsync is etcd's default (--unsafe-no-fsync is not given).
    setsid etcd --name "m$i" --data-dir "$etcd_dir/m$i" --listen-client-urls "http://127.0.0.1:2379$i" \
      --advertise-client-urls "http://127.0.0.1:2379$i" --listen-peer-urls "http://127.0.0.1:2380$i" \
      --initial-advertise-peer-urls "http://127.0.0.1:2380$i" --initial-cluster "$cluster" \
      --initial-cluster-state new --initial-cluster-token store-bench --log-level error --logger zap \
      >"$etcd_dir/m$i.log" 2>&1 </dev/null &
    echo $! >"$etcd_dir/m$i.pid"
  done
  local tries=0
  until etcd_leader="$("$etcd_load" --endpoints "$etcd_endpoints" --print-leader 2>/dev/null)"; do
    ((++tries > 30)) && { echo "track: etcd did not elect a leader; its logs are in $etcd_dir" >&2; exit 1; }
    sleep 0.3
  done
}
etcd_down() {
  local f pid
  for f in "$etcd_dir"/m*.pid; do
    [[ -e "$f" ]] || continue
    pid="$(cat "$f")"
    if kill -0 "$pid" 2>/dev/null && grep -q etcd "/proc/$pid/cmdline" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$f"
  done
}

etcd_round() {
  progress "etcd: three fresh members"
  etcd_up
  local row mix c
  for row in etcd-put etcd-linearizable etcd-serializable; do
    case "$row" in
      etcd-put) mix=puts ;;
      etcd-linearizable) mix=gets-linearizable ;;
      etcd-serializable) mix=gets-serializable ;;
    esac
    for c in "${client_counts[@]}"; do
      progress "$row, $c client(s)"
      "$etcd_load" --endpoints "$etcd_leader" --clients "$c" --mix "$mix" --value-size 64 --keys 100 \
        --duration "${duration}s" --json "$runs" --label system=etcd --label "row=$row" --label kind=sweep \
        --label "round=$round" >/dev/null 2>"$out/last.err" ||
        { cat "$out/last.err" >&2; echo "track: etcd-load failed ($row, $c clients)" >&2; exit 1; }
    done
  done
  etcd_down
}

# ------------------------------------------------------------------ delays against the simulator
validate_delays() {
  local profile=cross-region n=5 row
  "$bin/store-bench-paths" --print-delays --profile "$profile" --nodes "$n" >"$out/delays.txt"
  for row in $(rows_available); do
    progress "delays: $n nodes, $profile profile, $row, 1 client"
    store_up "$n" "$(server_path "$row")"
    real_leader="$(leader)"
    local a b d j
    while read -r a b d j; do
      [[ "$a" != client ]] && a="$(as_real "$a")"
      b="$(as_real "$b")"
      if [[ "$a" == client ]]; then
        "$bin/store-cli" --cluster-dir "$STORE_CLUSTER_DIR" delay-traffic "$b" clients "$(awk -v d="$d" 'BEGIN { print d / 1000 }')" \
          "$(awk -v j="$j" 'BEGIN { print j / 1000 }')" >/dev/null
      else
        "$bin/store-cli" --cluster-dir "$STORE_CLUSTER_DIR" delay-traffic "$a" "$b" "$(awk -v d="$d" 'BEGIN { print d / 1000 }')" \
          "$(awk -v j="$j" 'BEGIN { print j / 1000 }')" >/dev/null
      fi
    done <"$out/delays.txt"
    local from=()
    # A follower in the leader's region, as in the simulator.
    [[ "$row" == read-index-follower ]] && from=(--read-from "$(as_real 2)")
    local mix=gets
    [[ "$row" == write ]] && mix=puts
    "$bin/store-load" --cluster-dir "$STORE_CLUSTER_DIR" --clients 1 --mix "$mix" --value-size 64 --keys-per-client 10 \
      --duration $((duration * 2)) "${from[@]}" --json "$runs" --label system=store --label "row=$row" \
      --label kind=validate --label "round=1" >/dev/null 2>"$out/last.err" ||
      { cat "$out/last.err" >&2; echo "track: store-load failed on the delayed cluster ($row)" >&2; exit 1; }
  done
  ./track cluster down >/dev/null 2>&1 || true
  # The prediction: the same profile with this machine's own costs (half
  # the loopback round trip on every link, the floor's fsync).
  local rtt fsync
  rtt="$(grep '"tool":"store-floor"' "$runs" | grep -o '"rtt_us":[0-9.]*' | cut -d: -f2 | sort -n | head -n 1)"
  fsync="$(grep '"tool":"store-floor"' "$runs" | grep -o '"fsync_concurrent_us":[0-9.]*' | cut -d: -f2 | sort -n | head -n 1)"
  "$bin/store-bench-paths" --profile "$profile" --nodes "$n" --clients 1 --no-claims --latency-ops 200 \
    --rows "$(rows_available | paste -sd, -)" \
    --extra-one-way-us "$(awk -v r="$rtt" 'BEGIN { printf "%d", r / 2 }')" \
    --fsync-us "$(awk -v f="$fsync" 'BEGIN { printf "%d", f }')" --json "$out/prediction.json" >/dev/null 2>&1
}

# ------------------------------------------------------------------ the run
trap cleanup EXIT
((etcd)) && { ensure_etcd || etcd=0; }
((redis)) && ! command -v redis-benchmark >/dev/null && { install_packages redis-tools || redis=0; }
n_rows=$(rows_available | wc -l)
total=$((rounds * (1 + n_rows + (n_rows + 1) * ${#client_counts[@]} + 2 + (redis ? 2 : 0) + etcd * (1 + 3 * ${#client_counts[@]}))))
((delays)) && total=$((total + n_rows))
fsync=on
for option in "${node_options[@]}"; do [[ "$option" == --no-fsync ]] && fsync=off; done
echo "bench: $nodes store nodes$( ((etcd)) && echo " and 3 etcd members") on 127.0.0.1, fsync $fsync, 64-byte values," \
  "about 100 keys, clients ${clients}, ${duration} s per run, $rounds round(s); load average $load_before at the start" >&2

for ((round = 1; round <= rounds; round++)); do
  progress "round $round: the floor (round trip, fsync)"
  "$bin/store-floor" --dir .store/bench --round-trips 5000 --syncs 300 --nodes "$nodes" --json "$runs" \
    --label "round=$round" >/dev/null
  # The two systems take turns going first, so that neither always meets a warmer or a busier machine.
  if ((etcd && round % 2 == 0)); then etcd_round; store_round; else store_round; ((etcd)) && etcd_round; fi
done
((delays)) && validate_delays
progress_done
read -r load_after _ </proc/loadavg

"$bin/store-bench-paths" $( ((quick)) && echo --quick) --json "$out/sim.json" >/dev/null 2>&1
etcd_version="$(etcd --version 2>/dev/null | awk 'NR == 1 { print $3 }' || true)"
method="$rounds round(s), each: store-floor, then each system's rows with ${clients} closed-loop clients for ${duration} s per run (etcd and the store alternating which goes first); medians over the rounds. The store: $nodes nodes of the reference on 127.0.0.1, fsync $fsync, a fresh cluster per read path. etcd $etcd_version: 3 members on 127.0.0.1 with fsync, driven by etcd-load (etcd's own Go client), all requests to the leader. 64-byte values, about 100 keys, each client writing its own keys. Load average $load_before at the start, $load_after at the end (2 cores; above 1 means other work shared the machine)."
prediction=()
[[ -f "$out/prediction.json" ]] && prediction=(--prediction "$out/prediction.json")
"$bin/store-bench-report" --rows "$out/rows.txt" --real "$runs" --sim "$out/sim.json" "${prediction[@]}" \
  --method "$method" --out "$out"
awk -v a="$load_before" -v b="$load_after" 'BEGIN { if (a > 1.5 || b > 1.5) print "bench: the machine was loaded (load average " a " at the start, " b " at the end): other work shared the two cores, so absolute figures are noisy; ratios within a round are fairer" > "/dev/stderr" }'
