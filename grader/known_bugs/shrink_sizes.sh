#!/usr/bin/env bash
# shrink_sizes.sh [--seeds-per-bug N] [--graders DIR] [BUG:TEST...]
# How small --shrink makes the failing schedules of known bugs caught by
# randomized scenarios: for each BUG:TEST pair (default: the list below), the
# first N (default 3) failing seeds among TEST's default seeds are shrunk
# (default budget), and each shrunk schedule is replayed with --schedule, which
# must fail again with the same words (numbers and file paths aside). Prints a
# Markdown table (the one in docs/performance.md) and the medians; exits 1 if
# a shrunk schedule is not smaller than the original or does not fail the
# same way on replay (CTest runs it so: known_bug_shrink). Needs the known-bug
# graders: those of the release build (./track build), or those in DIR.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
per_bug=3
if [[ "${1:-}" == "--seeds-per-bug" ]]; then
  [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || { echo "shrink_sizes.sh: --seeds-per-bug needs a positive number" >&2; exit 2; }
  per_bug="$2"
  shift 2
fi
graders="$root/build/release/grader"
if [[ "${1:-}" == "--graders" ]]; then
  [[ -d "${2:-}" ]] || { echo "shrink_sizes.sh: --graders needs a directory" >&2; exit 2; }
  graders="$2"
  shift 2
fi
pairs=("$@")
if ((${#pairs[@]} == 0)); then
  pairs=(count-duplicate-votes:figure-8-unreliable leader-only-applies:crash-restart answer-at-commit:slow-apply
         ack-before-append:crash-at-moments term-not-persisted:churn term-not-persisted:churn-unreliable)
fi
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
# The words of a failure message, numbers and file paths aside (as the shrinker compares them).
words() { sed -E -e 's#[^ ]*/[^ ]*#<file>#g' -e 's/[0-9]+/#/g'; }
# The message of the one test in a --json report.
report_message() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["labs"][0]["tests"][0]["message"])' "$1"; }

befores=() afters=() failures=0
echo "| bug | test | seed | episodes before | after | runs | time | replay fails the same way |"
echo "|---|---|---|---|---|---|---|---|"
for pair in "${pairs[@]}"; do
  bug="${pair%%:*}" test="${pair#*:}"
  grader="$graders/store-grade-bug-$bug"
  [[ -x "$grader" ]] || { echo "shrink_sizes.sh: $grader is not built (./track build)" >&2; exit 2; }
  "$grader" --test "$test" --jobs 2 -v --json "$scratch/grade.json" --trace-dir "$scratch/traces" >"$scratch/grade.txt" 2>&1
  mapfile -t seeds < <(grep -oE '^ +seed [0-9]+ +FAILED' "$scratch/grade.txt" | awk '{print $2}' | head -n "$per_bug")
  ((${#seeds[@]})) || { echo "| $bug | $test | (no failing seed) | | | | | |"; continue; }
  for seed in "${seeds[@]}"; do
    start=$(date +%s.%N)
    "$grader" --test "$test" --seed "$seed" --shrink --trace-dir "$scratch/traces" >"$scratch/shrink.txt" 2>"$scratch/shrink.err"
    seconds=$(echo "$(date +%s.%N) - $start" | bc)
    line=$(grep -E '^Smallest failing schedule' "$scratch/shrink.txt")
    after=$(sed -E 's/.*: ([0-9]+) of ([0-9]+) episodes.*/\1/' <<<"$line")
    before=$(sed -E 's/.*: ([0-9]+) of ([0-9]+) episodes.*/\2/' <<<"$line")
    runs=$(sed -E 's/.*\(([0-9]+) runs.*/\1/' <<<"$line")
    schedule=$(grep -E '^  schedule:' "$scratch/shrink.txt" | awk '{print $2}')
    expected=$(grep -E '^shrink: it fails: ' "$scratch/shrink.err" | sed 's/^shrink: it fails: //' | words)
    "$grader" --test "$test" --seed "$seed" --schedule "$schedule" --json "$scratch/replay.json" \
      --trace-dir "$scratch/replay" >/dev/null 2>&1
    status=$?
    got=$(report_message "$scratch/replay.json" | words)
    verdict="no (exit $status)"
    if ((status == 1)) && [[ "$got" == "$expected" ]]; then verdict="yes"; else ((failures++)); fi
    [[ "$after" =~ ^[0-9]+$ && "$after" -lt "$before" ]] || { verdict="$verdict; NOT SMALLER"; ((failures++)); }
    befores+=("$before") afters+=("$after")
    printf '| %s | %s | %s | %s | %s | %s | %.1f s | %s |\n' "$bug" "$test" "$seed" "$before" "$after" "$runs" \
      "$seconds" "$verdict"
  done
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
echo
echo "median episodes: $(median "${befores[@]}") before, $(median "${afters[@]}") after, over ${#befores[@]} shrunk seeds;" \
  "$failures shrunk schedules that were not smaller or did not fail the same way on replay"
((failures == 0))
