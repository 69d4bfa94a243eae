#!/usr/bin/env bash
# `./track bench sim paths [--out DIR] [STORE-BENCH-PATHS OPTIONS...]`: the
# read paths side by side in the simulator (store-bench-paths), then the
# report with its plots (store-bench-report) in DIR (default
# .store/bench/sim-report). ./track builds both first and runs this from the
# top of the checkout.
set -euo pipefail
out=.store/bench/sim-report
args=()
while (($#)); do
  case "$1" in
    --out) out="${2:-}"; [[ -n "$out" && "$out" != -* ]] || { echo "track: --out needs a folder" >&2; exit 2; }; shift 2 ;;
    -h|--help) build/release/bin/store-bench-paths --help; echo "--out DIR: where the report goes (default $out)"; exit 0 ;;
    *) args+=("$1"); shift ;;
  esac
done
bin=build/release/bin
mkdir -p "$out"
for a in "${args[@]}"; do
  # Listing options print and exit: no report.
  [[ "$a" == --list-rows || "$a" == --list-profiles || "$a" == --print-delays ]] && exec "$bin/store-bench-paths" "${args[@]}"
done
"$bin/store-bench-paths" "${args[@]}" --json "$out/sim.json"
"$bin/store-bench-paths" --list-rows >"$out/rows.txt"
"$bin/store-bench-report" --rows "$out/rows.txt" --sim "$out/sim.json" --out "$out" | tail -n 1
