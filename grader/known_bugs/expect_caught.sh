#!/usr/bin/env bash
# expect_caught.sh GRADER TEST REPORT
# Runs TEST on a grader built from a known-bug copy of the solutions and
# passes only if the grader ran normally (exit 1) and reported TEST failed.
set -uo pipefail
grader="$1" test="$2" report="$3"
"$grader" --test "$test" --jobs 2 --json "$report" --trace-dir "$(dirname "$report")/traces"
status=$?
if [[ $status -eq 0 ]]; then
  echo "NOT CAUGHT: every seed of '$test' passed with this bug in place"
  exit 1
fi
if [[ $status -ne 1 ]]; then
  echo "the grader itself failed (exit $status)"
  exit 1
fi
if ! grep -q '"passed": false' "$report"; then
  echo "the grader exited 1 but its report shows no failed test"
  exit 1
fi
echo "caught by '$test'"
