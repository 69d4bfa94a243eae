#!/usr/bin/env bash
# CTest's track.* tests: ./track's argument checks and its handling of the
# user's paths. Each case runs a copy of the script in a scratch checkout
# whose tools are stand-ins: cmake and ctest record their arguments,
# dpkg-query reports every package installed, and the programs under build/
# print their working directory and arguments. So a case can tell that an
# argument was refused before any build started, and where a program ran and
# what it was given.
#
#   track_script_test.sh SOURCE_DIR CASE
#   CASE: user-paths | test-preset | bench-options | cluster-base-port | lab-warnings
set -euo pipefail
src=$1
case_name=$2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/checkout
elsewhere=$work/elsewhere
mkdir -p "$root/common/runtime/bench" "$root/build/release" "$work/bin" "$elsewhere"
cp "$src/track" "$root/track"
cp "$src/common/runtime/bench/real_cluster_bench.sh" "$root/common/runtime/bench/"
touch "$root/build/release/build.ninja"  # configured: a build is only `cmake --build`

export CALLS=$work/calls
cat >"$work/bin/cmake" <<'EOF'
#!/bin/sh
echo "cmake $*" >>"$CALLS"
# A build prints what the test asks it to (the compiler's output).
[ "$1" = "--build" ] && [ -n "${BUILD_OUTPUT:-}" ] && cat "$BUILD_OUTPUT"
exit 0
EOF
cat >"$work/bin/ctest" <<'EOF'
#!/bin/sh
echo "ctest cwd=$PWD" >>"$CALLS"
for a in "$@"; do echo "ctest arg=$a" >>"$CALLS"; done
EOF
cat >"$work/bin/dpkg-query" <<'EOF'
#!/bin/sh
for a in "$@"; do case "$a" in -*) ;; *) echo "$a install ok installed" ;; esac; done
EOF
chmod +x "$work/bin/"*
export PATH="$work/bin:$PATH"

stub() {  # a program under build/ that says where it ran and with what
  mkdir -p "$(dirname "$root/$1")"
  printf '#!/bin/sh\necho "cwd=$PWD"\nfor a in "$@"; do echo "arg=$a"; done\n' >"$root/$1"
  chmod +x "$root/$1"
}

fail() {
  echo "FAIL: $*"
  exit 1
}

expect_line() {  # expect_line TEXT LINE: TEXT has LINE as one of its lines
  grep -qxF -- "$2" <<<"$1" || fail "expected the line '$2' in:"$'\n'"$1"
}

# refused_before_building MESSAGE ARGS...: ./track ARGS exits 2, says MESSAGE, builds nothing.
refused_before_building() {
  local message=$1 code=0 err
  shift
  rm -f "$CALLS"
  err=$(cd "$elsewhere" && "$root/track" "$@" 2>&1 >/dev/null) || code=$?
  [[ $code -eq 2 ]] || fail "./track $*: exit $code, expected 2 ($err)"
  grep -qF -- "$message" <<<"$err" || fail "./track $*: expected '$message' in: $err"
  [[ ! -e "$CALLS" ]] || fail "./track $*: a build started before the argument was refused: $(cat "$CALLS")"
}

case "$case_name" in
  user-paths)
    cd "$elsewhere"
    stub build/release/common/checker/store-check-history
    out=$("$root/track" check-history --html view.html my.log)
    expect_line "$out" "cwd=$elsewhere"
    expect_line "$out" "arg=view.html"
    expect_line "$out" "arg=my.log"

    stub build/release/grader/store-grade-labs
    out=$("$root/track" grade --json out.json --gradescope=gs.json --trace-dir traces --seed-salt-file salt)
    expect_line "$out" "arg=$elsewhere/out.json"
    expect_line "$out" "arg=--gradescope=$elsewhere/gs.json"
    expect_line "$out" "arg=$elsewhere/traces"
    expect_line "$out" "arg=$elsewhere/salt"
    refused_before_building "no such submission: sub" grade --submission sub
    refused_before_building "grade-all writes each submission's reports" grade-all "$root" --json x.json
    refused_before_building "where it would be taken for a submission" grade-all . --out here

    stub build/release/common/checker/bench/store_checker_bench
    out=$("$root/track" bench checker --benchmark_out=bench.json)
    expect_line "$out" "cwd=$elsewhere"
    expect_line "$out" "arg=--benchmark_out=bench.json"

    rm -f "$CALLS"
    "$root/track" test -R runtime --output-log test.log >/dev/null 2>&1
    expect_line "$(cat "$CALLS")" "ctest arg=$elsewhere/test.log"

    code=0
    err=$(STORE_CLUSTER_DIR=mycluster "$root/track" cluster status 2>&1) || code=$?
    [[ $code -eq 2 && "$err" == *"no cluster in $elsewhere/mycluster"* ]] ||
      fail "STORE_CLUSTER_DIR was not taken from the caller's directory (exit $code): $err"

    git -C "$root" init -q
    git -C "$root" add track
    "$root/track" export-student student-copy >/dev/null 2>&1 || fail "export-student failed"
    [[ -f "$elsewhere/student-copy/track" && ! -e "$root/student-copy" ]] ||
      fail "export-student did not write into the caller's directory"
    ;;
  test-preset)
    refused_before_building "unknown preset or option 'bogus' for test" test bogus
    refused_before_building "unknown preset or option 'relase' for test" test relase -R x
    refused_before_building "unknown preset or option 'bogus' for test" test debug bogus
    ;;
  bench-options)
    refused_before_building "--rounds must be 1..99" bench real --rounds abc
    refused_before_building "--rounds must be 1..99" bench --rounds abc
    refused_before_building "--duration must be 1..999 seconds" bench real --duration 0
    refused_before_building "--impl must be solutions or labs" bench real --impl nope
    refused_before_building "--clients must be a list of counts" bench real --clients 0,2
    refused_before_building "unknown option '--bogus' for bench real" bench real --bogus
    refused_before_building "unknown benchmark 'bogus'" bench bogus
    rm -f "$CALLS"
    out=$("$root/track" bench real --help)
    [[ "$out" == *"./track bench real [--quick] [--rounds N]"* && ! -e "$CALLS" ]] || fail "bench real --help: $out"
    ;;
  cluster-base-port)
    export STORE_CLUSTER_DIR=$work/cluster
    mkdir -p "$STORE_CLUSTER_DIR"
    printf 'cluster-id local\npeers 1=127.0.0.1:7101,2=127.0.0.1:7102,3=127.0.0.1:7103\n' \
      >"$STORE_CLUSTER_DIR/cluster.conf"
    refused_before_building "has its ports from --base-port 7100 (node 1 on 7101)" cluster up --base-port 7400
    refused_before_building "./track cluster up --fresh --base-port 7400" cluster up --base-port 7400
    refused_before_building "--base-port must be in 1024..65000" cluster up --base-port 80
    ;;
  lab-warnings)
    # A successful build shows the warnings in labs/ (and only those).
    stub build/release/grader/store-grade-labs
    export BUILD_OUTPUT=$work/build-output
    cat >"$BUILD_OUTPUT" <<'EOF'
[1/3] Building CXX object common/CMakeFiles/store_core.dir/core/rng.cpp.o
/x/common/core/rng.cpp:3:5: warning: not the student's [-Wshadow]
[2/3] Building CXX object grader/CMakeFiles/store_impl_labs.dir/__/labs/raft/election.cpp.o
/x/labs/raft/election.cpp: In member function 'void store::Raft::start_election()':
/x/labs/raft/election.cpp:29:33: warning: unused variable 'x' [-Wunused-variable]
   29 |   int x;
      |       ^
[3/3] Linking CXX executable grader/store-grade-labs
EOF
    err=$("$root/track" grade 2>&1 >/dev/null)
    expect_line "$err" "/x/labs/raft/election.cpp:29:33: warning: unused variable 'x' [-Wunused-variable]"
    expect_line "$err" "/x/labs/raft/election.cpp: In member function 'void store::Raft::start_election()':"
    expect_line "$err" "track: the build of labs/ has 1 warning(s), shown above; the build went on"
    if grep -qF "not the student's" <<<"$err"; then fail "a warning outside labs/ was shown: $err"; fi
    : >"$BUILD_OUTPUT"
    err=$("$root/track" grade 2>&1 >/dev/null)
    if grep -qF "warning" <<<"$err"; then fail "a build without warnings said something about warnings: $err"; fi
    ;;
  *)
    fail "unknown case '$case_name'"
    ;;
esac
echo "ok: $case_name"
