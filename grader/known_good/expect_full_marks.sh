#!/usr/bin/env bash
# expect_full_marks.sh GRADER LABS REPORT
# Grades LABS ("all", or a comma list such as 1,2) with a grader built from a
# known-good variant of the solutions and passes only if every test passed on
# every default seed.
set -uo pipefail
grader="$1" labs="$2" report="$3"
lab_args=()
[[ "$labs" == all ]] || lab_args=(--lab "$labs")
"$grader" "${lab_args[@]}" --jobs 2 --json "$report" --trace-dir "$(dirname "$report")/traces"
status=$?
if [[ $status -ne 0 ]]; then
  echo "NOT FULL MARKS: this correct variant failed a test (exit $status); the failures are above"
  exit 1
fi
if grep -q '"passed": false' "$report"; then
  echo "the grader exited 0 but its report shows a failed test"
  exit 1
fi
echo "full marks"
