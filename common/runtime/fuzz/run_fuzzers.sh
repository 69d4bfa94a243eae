#!/bin/sh
# CTest's runtime.fuzz: builds the libFuzzer targets with clang in their own
# build directory (once; later runs only rebuild what changed), then runs each
# for SECONDS on a copy of the committed seed corpus (fuzz/corpus). Fails on a
# crash, keeping the crashing input in the build directory. Exits 77
# (reported by CTest as skipped) when clang or libFuzzer is missing.
#
#   run_fuzzers.sh SOURCE_DIR FUZZ_BUILD_DIR [SECONDS]
set -eu
src=$1
build=$2
seconds=${3:-7}

if ! command -v clang++ >/dev/null 2>&1; then
  echo "skipped: clang++ is not installed (./track setup installs clang and libclang-rt-14-dev)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }\n' >"$work/probe.cpp"
if ! clang++ -fsanitize=fuzzer "$work/probe.cpp" -o "$work/probe" >/dev/null 2>&1; then
  echo "skipped: clang++ cannot link libFuzzer (install libclang-rt-14-dev)"
  exit 77
fi

if [ ! -f "$build/build.ninja" ]; then
  echo "configuring the clang fuzz build in $build"
  if ! cmake -S "$src" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DSTORE_FUZZ=ON -DSTORE_KNOWN_BUGS=OFF -DSTORE_WERROR=OFF -DSTORE_SANITIZE= >"$work/configure.log" 2>&1; then
    cat "$work/configure.log"
    rm -rf "$build"
    exit 1
  fi
fi
if ! cmake --build "$build" --target store_fuzz_frame store_fuzz_request store_fuzz_log >"$work/build.log" 2>&1; then
  cat "$work/build.log"
  exit 1
fi

for target in frame request log; do
  corpus="$work/corpus-$target"
  mkdir -p "$corpus"
  cp "$src/common/runtime/fuzz/corpus/$target/"* "$corpus/"
  if ! "$build/common/runtime/store_fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$build/crash-$target-" "$corpus" >"$work/$target.log" 2>&1; then
    echo "store_fuzz_$target failed; the input is kept as $build/crash-$target-*"
    tail -60 "$work/$target.log"
    exit 1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$target.log")
  echo "store_fuzz_$target: ${runs:-?} inputs in ${seconds}s, no crash"
done
