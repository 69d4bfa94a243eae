// Lab 0: scenarios that exercise the grader itself. Each one behaves in one
// particular way (passes, fails, throws, crashes, hangs, ...) and the
// end-to-end tests check that the grader reports exactly that. They are built
// into store-grade-selftest only, never into the real graders.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/hash.h"
#include "core/rng.h"
#include "core/todo.h"
#include "framework/scenario.h"
#include "framework/test_context.h"

namespace {

constexpr const char* kHandout = "docs/grader.md#the-self-test";

// Writes a small trace when the grader asks for one (the re-run of a failing seed).
void write_trace_if_asked(store::grader::TestContext& ctx, const char* what) {
  if (ctx.trace_path().empty()) return;
  std::ofstream trace(ctx.trace_path());
  trace << R"({"selftest":")" << what << R"(","seed":)" << ctx.seed() << "}\n";
}

// Keeps the optimiser from proving a loop has no effect.
volatile std::uint64_t g_sink = 0;

}  // namespace

STORE_LAB(0, "framework self-test");

STORE_SCENARIO(selftest_passes, {.lab = 0,
                                 .name = "passes",
                                 .points = 1,
                                 .description = "passes on every seed, with a figure and a log line",
                                 .handout = kHandout,
                                 .default_seeds = 3}) {
  ctx.progress(1 * store::kSecond);
  ctx.log("seed " + std::to_string(ctx.seed()) + " checked nothing and found it fine");
  ctx.figure("answer", 42, "units");
}

STORE_SCENARIO(selftest_trace_hash, {.lab = 0,
                                     .name = "deterministic-hash",
                                     .points = 1,
                                     .description = "a tiny deterministic computation that sets a trace hash",
                                     .handout = kHandout,
                                     .default_seeds = 3}) {
  store::Rng rng(ctx.seed());
  store::Hasher hasher;
  store::Micros now = 0;
  for (int step = 0; step < 1000; ++step) {
    now += static_cast<store::Micros>(rng.below(1000)) + 1;
    hasher.add(rng.next());
    ctx.progress(now);
  }
  ctx.set_trace_hash(hasher.value());
  ctx.figure("simulated time", static_cast<double>(now) / store::kSecond, "s");
}

STORE_SCENARIO(selftest_fails, {.lab = 0,
                                .name = "fails-on-even-seeds",
                                .points = 1,
                                .description = "fails through ctx.fail on even seeds, after printing to stdout",
                                .handout = kHandout,
                                .default_seeds = 3}) {
  std::cout << "selftest: computing the answer for seed " << ctx.seed() << std::endl;
  ctx.log("about to check the answer");
  ctx.set_trace_hash(ctx.seed() * 1000003);
  if (ctx.seed() % 2 == 0) {
    write_trace_if_asked(ctx, "fails-on-even-seeds");
    ctx.fail("the answer was 41, expected 42");
  }
}

STORE_SCENARIO(selftest_throws, {.lab = 0,
                                 .name = "throws",
                                 .points = 1,
                                 .description = "throws a std::runtime_error",
                                 .handout = kHandout,
                                 .default_seeds = 1}) {
  write_trace_if_asked(ctx, "throws");
  throw std::runtime_error("the selftest threw on purpose");
}

STORE_SCENARIO(selftest_todo, {.lab = 0,
                               .name = "reaches-todo",
                               .points = 1,
                               .description = "reaches a STORE_TODO, as the student skeleton does",
                               .handout = kHandout,
                               .default_seeds = 1}) {
  STORE_TODO(0, "docs/grader.md#the-self-test");
}

STORE_SCENARIO(selftest_segfault, {.lab = 0,
                                   .name = "segfaults",
                                   .points = 1,
                                   .description = "writes to an unmapped address, like a field of a null pointer",
                                   .handout = kHandout,
                                   .default_seeds = 1}) {
  // Address 8 rather than 0: UBSan would report a null store as undefined
  // behaviour before it could crash, and this is meant to be a real SIGSEGV in
  // every build. The volatile read keeps the compiler from seeing the address
  // and turning the store into a trap instruction.
  volatile std::uintptr_t address = 8;
  *reinterpret_cast<volatile int*>(address) = 1;
}

STORE_SCENARIO(selftest_abort, {.lab = 0,
                                .name = "aborts",
                                .points = 1,
                                .description = "calls std::abort, as a failed assertion does",
                                .handout = kHandout,
                                .default_seeds = 1}) {
  std::abort();
}

STORE_SCENARIO(selftest_hang, {.lab = 0,
                               .name = "hangs",
                               .points = 1,
                               .description = "simulated time stops at 3.2 s and the scenario spins",
                               .handout = kHandout,
                               .default_seeds = 1,
                               .stall_limit_s = 0.5}) {
  for (store::Micros now = 0; now <= 3'200'000; now += 100'000) ctx.progress(now);
  for (std::uint64_t i = 0;; ++i) {
    ctx.progress(3'200'000);  // the same time again is no progress
    g_sink = i;
  }
}

STORE_SCENARIO(selftest_slow, {.lab = 0,
                               .name = "runs-too-long",
                               .points = 1,
                               .description = "makes progress forever, so only the time limit stops it",
                               .handout = kHandout,
                               .default_seeds = 1,
                               .time_limit_s = 0.5}) {
  for (store::Micros now = 1;; ++now) ctx.progress(now);
}

STORE_SCENARIO(selftest_memory, {.lab = 0,
                                 .name = "allocates-without-bound",
                                 .points = 1,
                                 .description = "allocates and touches memory until stopped",
                                 .handout = kHandout,
                                 .default_seeds = 1,
                                 .memory_limit_mb = 96}) {
  std::vector<std::unique_ptr<char[]>> blocks;
  constexpr std::size_t kBlock = 1 << 20;
  for (store::Micros now = 1;; ++now) {
    blocks.push_back(std::make_unique<char[]>(kBlock));
    std::memset(blocks.back().get(), static_cast<int>(now), kBlock);
    ctx.progress(now);
  }
}

STORE_SCENARIO(selftest_exit, {.lab = 0,
                               .name = "exits-early",
                               .points = 1,
                               .description = "calls _Exit(3) without reporting a result",
                               .handout = kHandout,
                               .default_seeds = 1}) {
  std::_Exit(3);
}

STORE_SCENARIO(selftest_flood, {.lab = 0,
                                .name = "floods-its-output",
                                .points = 1,
                                .description = "prints 8 MiB to stdout, then fails",
                                .handout = kHandout,
                                .default_seeds = 1}) {
  // More than any pipe buffer: the grader must keep reading, keep only the end,
  // and the child must never block on a full pipe.
  const std::string line(1023, 'x');
  for (int i = 0; i < 8 * 1024; ++i) std::cout << line << '\n';
  std::cout << "selftest: the last line of a long output" << std::endl;
  ctx.fail("failed after flooding its output");
}

STORE_SCENARIO(selftest_swallowed_failure, {.lab = 0,
                                            .name = "swallows-its-failure",
                                            .points = 1,
                                            .description = "calls ctx.fail and catches the exception itself",
                                            .handout = kHandout,
                                            .default_seeds = 1}) {
  try {
    ctx.fail("a monitor saw two leaders in term 3");
  } catch (...) {
    // Student code with a catch-all must not turn a failure into a pass.
  }
}
