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

// Text from a test-seed that reaches the reports is capped, so that no test
// (and no code under test) can make a report huge: a 60 MB exception message
// once made a 692 MB JSON report.
inline constexpr std::size_t kMaxMessageBytes = 4096;
inline constexpr std::size_t kMaxLogLineBytes = 1024;
inline constexpr std::size_t kMaxFigureTextBytes = 200;
inline constexpr std::size_t kMaxFigures = 100;
inline constexpr std::size_t kMaxBuildErrorBytes = 8192;  // a build's messages, in a report on code that did not build
// `text` cut to at most `max_bytes` (at a UTF-8 character boundary), saying
// how much was cut.
std::string cap_text(std::string text, std::size_t max_bytes);
// The message, log lines (their number too) and figures of a result, capped.
void cap_seed_result(SeedResult& result);

std::string memory_limit_message(std::size_t limit_mb);
std::string hex16(std::uint64_t value);

}  // namespace store::grader
