// The verdict of one test-seed, and how a child sends it to the parent: one
// JSON line on a pipe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "framework/registry.h"
#include "framework/test_context.h"

namespace store::grader {

struct SeedResult {
  bool passed = false;
  std::string message;  // empty when passed
  std::optional<std::uint64_t> trace_hash;
  std::vector<Figure> figures;
  std::vector<std::string> log;
  std::size_t log_dropped = 0;
  // The fault schedule the run played (JSON text), if its scenario draws one
  // (TestContext::schedule), and why a schedule it was given could not be played.
  std::optional<std::string> schedule;
  std::string schedule_error;
};

// Runs the scenario in this process and turns whatever happens into a verdict:
// a return is a pass (unless ctx.fail was called and its exception swallowed),
// TestFailure and TodoReached keep their message verbatim, a failed allocation
// is the memory limit, anything else is an uncaught exception.
SeedResult run_scenario(const Scenario& scenario, TestContext& ctx);

// One line, without the trailing newline. Invalid UTF-8 is replaced, never thrown on.
std::string encode_seed_result(const SeedResult& result);
// Nullopt (with the reason in *error) when the line is not a result.
std::optional<SeedResult> decode_seed_result(std::string_view line, std::string* error);

std::string memory_limit_message(std::size_t limit_mb);
std::string hex16(std::uint64_t value);

}  // namespace store::grader
