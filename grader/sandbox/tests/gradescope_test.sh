#!/usr/bin/env bash
# ./track gradescope-bundle, and the autograder it makes run as Gradescope
# runs it (its /autograder in a scratch folder, the trusted build this one's
# rather than setup.sh's): a student copy with no solutions/, a results.json
# for a submission that builds and for one that does not, the salt used but
# never shown.
#
#   gradescope_test.sh SOURCE_DIR TRUSTED_BUILD_DIR
set -euo pipefail
src="$1"
build="$2"
fail() { echo "FAIL: $*" >&2; exit 1; }
if ! git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "skipped: the bundle is made from a git checkout's tracked files, and $src is not one"
  exit 77
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "a-secret-salt-for-the-test" >"$work/salt"

(cd "$src" && STORE_TRUSTED_BUILD="$build" ./track gradescope-bundle "$work/autograder.zip" \
   --seed-salt-file "$work/salt" --test initial-election,one-client --seeds 1) >"$work/bundle.txt" 2>&1 ||
  { cat "$work/bundle.txt" >&2; fail "gradescope-bundle failed"; }
mkdir -p "$work/ag/source"
(cd "$work/ag/source" && cmake -E tar xf "$work/autograder.zip")
for file in setup.sh run_autograder track .grading/seed-salt .grading/grader-options labs/raft/raft.cpp; do
  [[ -e "$work/ag/source/$file" ]] || fail "the bundle has no $file"
done
[[ -x "$work/ag/source/run_autograder" && -x "$work/ag/source/setup.sh" ]] || fail "the scripts are not executable"
for secret in solutions grader/known_bugs grader/known_good; do
  [[ ! -e "$work/ag/source/$secret" ]] || fail "the bundle holds $secret"
done

run_autograder() {  # SUBMISSION-LABS: grades it as Gradescope would; results.json in $work/ag/results
  rm -rf "$work/ag/submission" "$work/ag/results"
  mkdir -p "$work/ag/submission"
  cp -r "$1" "$work/ag/submission/labs"
  STORE_AUTOGRADER_ROOT="$work/ag" STORE_TRUSTED_BUILD="$build" STORE_BUILD_USER="" STORE_GRADING_DIR="$work/grading" \
    "$work/ag/source/run_autograder" >"$work/run.txt" 2>&1 || fail "run_autograder exited with $?"
  [[ -s "$work/ag/results/results.json" ]] || { cat "$work/run.txt" >&2; fail "no results.json"; }
}
fingerprint() { grep -o '"seed_salt_fingerprint": *"[0-9a-f]*"\|salt [0-9a-f]\{16\}' "$1" | head -n 1; }

run_autograder "$src/labs"
results="$work/ag/results/results.json"
grep -q '"score": 0' "$results" || fail "the skeleton did not score 0: $(head -c 300 "$results")"
grep -q 'Replay it: ./track grade --test initial-election --seed ' "$results" ||
  fail "no replay command a student can run: $(head -c 600 "$results")"
grep -q 'seeds salted (salt ' "$results" || fail "the salt's fingerprint is not in the output"
! grep -q 'a-secret-salt-for-the-test' "$results" || fail "the salt itself is in results.json"
grep -q '"name": "lab 2: one-client"' "$results" || fail "the options in the bundle were not used"
grep -q 'Graded: [^;]* in the sandbox; sources sha256:' "$results" ||
  fail "the autograder did not grade in the sandbox, or did not name what it graded: $(head -c 600 "$results")"

cp -r "$src/labs" "$work/broken"
echo "int this is not C++;" >>"$work/broken/kv/server.cpp"
run_autograder "$work/broken"
grep -q '"score": 0' "$results" || fail "a submission that does not compile did not score 0"
grep -q 'error: expected unqualified-id' "$results" || fail "no compiler error in results.json: $(head -c 600 "$results")"
echo "gradescope-bundle: the autograder grades and reports as it should"
