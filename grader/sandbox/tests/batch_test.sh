#!/usr/bin/env bash
# ./track grade-all over a folder with one submission of each kind: the
# skeleton, the reference copied into labs/, a known bug (as a zip), a
# compile error, a submission that hangs (as a tar.gz), one with a symbolic
# link, one that includes a file from outside itself, the reference handed in
# without lab 6's folder (graded with the skeleton's). Each must get the right
# score and status in one summary, with its reports beside it.
#
#   batch_test.sh SOURCE_DIR TRUSTED_BUILD_DIR SCRATCH_DIR
set -euo pipefail
src="$1"
build="$2"
scratch="$3"
rm -rf "$scratch"
mkdir -p "$scratch/subs" "$scratch/stage"
fail() { echo "FAIL: $*" >&2; exit 1; }
# Outside the checkout, so that the checkout can be hidden from the submissions' compiler.
grading="$(mktemp -d)"
elsewhere="$(mktemp -d)"  # neither the checkout (hidden from the compiler) nor a submission
trap 'rm -rf "$grading" "$elsewhere"' EXIT

cp -r "$src/labs" "$scratch/subs/skeleton"
cp -r "$src/labs" "$scratch/subs/broken"
echo "int this is not C++;" >>"$scratch/subs/broken/raft/raft.cpp"
cp -r "$src/labs" "$scratch/subs/linked"
ln -s /etc/hostname "$scratch/subs/linked/raft/notes.txt"
mkdir -p "$scratch/subs/link-to-labs"
ln -s "$src/labs" "$scratch/subs/link-to-labs/labs"  # would be the reference's, were it solutions/
cp -r "$src/labs" "$scratch/subs/outside"
echo "// outside every submission" >"$elsewhere/outside.h"
echo "#include \"$elsewhere/outside.h\"" >>"$scratch/subs/outside/raft/raft.cpp"
have_solutions=0
if [[ -d "$src/solutions" ]]; then
  have_solutions=1
  mkdir -p "$scratch/subs/reference"
  cp -r "$src/solutions" "$scratch/subs/reference/labs"
  mkdir -p "$scratch/stage/bug"
  cp -r "$src/solutions" "$scratch/stage/bug/labs"
  (cd "$scratch/stage/bug/labs" && patch -s -p2 <"$src/grader/known_bugs/commit-old-term.patch")
  (cd "$scratch/stage" && cmake -E tar cf "$scratch/subs/commit-old-term.zip" --format=zip bug)
  mkdir -p "$scratch/stage/hung"
  cp -r "$src/solutions" "$scratch/stage/hung/labs"
  sed -i 's|^void Raft::tick() {|void Raft::tick() {\n  while (env_.now() > 3 * kSecond) {  // a bug that hangs once the run is long enough\n  }|' \
    "$scratch/stage/hung/labs/raft/raft.cpp"
  grep -q 'a bug that hangs' "$scratch/stage/hung/labs/raft/raft.cpp" || fail "could not make the hung submission"
  tar czf "$scratch/subs/hung.tar.gz" -C "$scratch/stage/hung" labs
  mkdir -p "$scratch/subs/before-lab-6"
  cp -r "$src/solutions" "$scratch/subs/before-lab-6/labs"
  rm -r "$scratch/subs/before-lab-6/labs/quorum"
fi

# Four tests: two of lab 1 (figure-8 catches commit-old-term), one of lab 2 and one of lab 6 (4 points).
STORE_TRUSTED_BUILD="$build" STORE_GRADING_DIR="$grading" \
  "$src/track" grade-all "$scratch/subs" --out "$scratch/grades" --budget 120 --stall-limit 1 \
  --test initial-election,figure-8,one-client,quorum-config --seeds 2 >"$scratch/out.txt" 2>&1 ||
  { cat "$scratch/out.txt" >&2; fail "grade-all exited with $?"; }

summary="$scratch/grades/summary.csv"
[[ -s "$summary" && -s "$scratch/grades/summary.json" ]] || fail "no summary"
# submission,status,total,max_total,...
row() { grep "^\"$1\"," "$summary" | tr -d '"' | cut -d, -f2-4; }
expect() {
  local got
  got="$(row "$1")"
  [[ "$got" == "$2" ]] || { cat "$summary" >&2; fail "$1: expected '$2', got '$got'"; }
}
expect skeleton "graded,0,19"
expect broken "build-failed,0,19"
expect linked "refused,0,19"
expect link-to-labs "refused,0,19"
expect outside "refused,0,19"
grep -q "error: expected unqualified-id" "$scratch/grades/broken/report.txt" || fail "broken: no compiler error in its report"
grep -q '"build_errors"' "$scratch/grades/broken/report.json" || fail "broken: no build_errors in its JSON"
grep -q "outside.h" "$scratch/grades/outside/report.txt" || fail "outside: the refused header is not named"
if ((have_solutions)); then
  expect reference "graded,19,19"
  expect commit-old-term "graded,13,19"
  expect before-lab-6 "graded,15,19"
  grep -q "no labs/quorum/" "$scratch/grades/before-lab-6/report.txt" || fail "before-lab-6: the missing folder is not noted"
  grep '^"before-lab-6",' "$summary" | grep -q "no labs/quorum/" || fail "before-lab-6: the summary's note does not say why"
  got="$(row hung)"
  [[ "$got" == graded,* && "$(cut -d, -f2 <<<"$got")" -lt 19 ]] || fail "hung: expected graded, below 19, got '$got'"
  grep -q "no progress after 1 s" "$scratch/grades/hung/report.txt" || fail "hung: the stall is not reported"
  # The per-submission budget: its stalls alone take longer than this.
  mkdir -p "$scratch/only-hung"
  cp "$scratch/subs/hung.tar.gz" "$scratch/only-hung/"
  STORE_TRUSTED_BUILD="$build" STORE_GRADING_DIR="$grading" \
    "$src/track" grade-all "$scratch/only-hung" --out "$scratch/budget" --budget 2 --stall-limit 1 \
    --test initial-election,figure-8,one-client --seeds 2 >>"$scratch/out.txt" 2>&1 || fail "grade-all with a budget"
  grep -q "wall-clock budget of 2 s ran out" "$scratch/budget/hung/report.txt" || fail "hung: the budget is not reported"
  grep -q "wall-clock budget of 2 s ran out" "$scratch/budget/summary.csv" || fail "the summary does not say why"
fi
for dir in "$scratch"/grades/*/; do
  [[ -s "$dir/report.json" && -s "$dir/gradescope.json" && -s "$dir/status" ]] || fail "$dir: a report is missing"
done
echo "grade-all: every submission got its score and status"
