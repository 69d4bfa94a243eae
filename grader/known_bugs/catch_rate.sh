#!/usr/bin/env bash
# catch_rate.sh [--runs N] [BUG...]
# How reliably the default grade catches each known bug: runs the bug's named
# test N times (default 100) with the test's default number of seeds, each
# time under another --seed-salt (so with other seeds than 1..K, as a hidden
# grade would), and counts the runs in which the test failed. Also gives the
# share of all test-seeds that failed. Prints a Markdown table (the one in
# docs/performance.md). Needs the release build of the known-bug graders
# (./track build); takes a few minutes.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs=100
if [[ "${1:-}" == "--runs" ]]; then
  [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || { echo "catch_rate.sh: --runs needs a positive number" >&2; exit 2; }
  runs="$2"
  shift 2
fi
wanted=("$@")
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

echo "| bug | lab | caught by | seeds per run | runs that caught it | failing test-seeds |"
echo "|---|---|---|---|---|---|"
while IFS=$'\t' read -r bug lab test _; do
  [[ -z "$bug" || "$bug" == \#* ]] && continue
  if ((${#wanted[@]})) && [[ ! " ${wanted[*]} " == *" $bug "* ]]; then continue; fi
  grader="$root/build/release/grader/store-grade-bug-$bug"
  [[ -x "$grader" ]] || { echo "catch_rate.sh: $grader is not built (./track build)" >&2; exit 2; }
  caught=0 failed=0 total=0 seeds=0
  for ((i = 1; i <= runs; i++)); do
    "$grader" --test "$test" --seed-salt "catch-rate-$i" --jobs 2 --json "$scratch/report.json" \
      --trace-dir "$scratch/traces" >/dev/null 2>&1
    status=$?
    # The report has one test: its seed counts are the only ones in it.
    run_failed=$(grep -o '"seeds_failed": *[0-9]*' "$scratch/report.json" | grep -o '[0-9]*$' || echo 0)
    run_seeds=$(grep -o '"seeds_run": *[0-9]*' "$scratch/report.json" | grep -o '[0-9]*$' || echo 0)
    ((status == 1 && run_failed > 0)) && ((caught++))
    ((failed += run_failed, total += run_seeds))
    seeds=$run_seeds
    rm -rf "$scratch/traces"
  done
  printf '| %s | %s | %s | %s | %d of %d | %d of %d |\n' "$bug" "$lab" "$test" "$seeds" "$caught" "$runs" \
    "$failed" "$total"
done <"$here/known_bugs.tsv"
