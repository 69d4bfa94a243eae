// The grader's command line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace store::grader {

struct Options {
  std::string impl;  // empty: the binary's own implementation
  std::vector<int> labs;
  std::vector<std::string> tests;
  std::optional<std::uint64_t> seed;  // run exactly this seed
  std::optional<int> seeds;           // run seeds 1..K
  bool thorough = false;              // ten times each test's default seed count
  // Non-empty: the K seeds of a test are drawn from this text rather than
  // being 1..K, so that graded seeds differ from the ones students ran.
  // Replay commands name the seed itself, so they work without the salt.
  std::string seed_salt;
  std::string seed_salt_file;  // the salt is this file's text (read by the grader)
  // Policy for every test-seed, in place of each test's own limits.
  std::optional<double> time_limit_s;
  std::optional<double> stall_limit_s;
  std::optional<std::size_t> memory_limit_mb;
  // The whole grade's wall-clock budget: what has not finished by then is
  // stopped and fails (a hung submission costs at most this).
  std::optional<double> budget_s;
  int jobs = 0;                       // 0: one per usable CPU
  std::string json_path;
  std::string gradescope_path;
  std::string trace_dir = ".store/traces";
  std::uint64_t trace_limit_mb = 64;  // the size cap of each trace file
  std::string schedule_path;  // --schedule: play this fault schedule instead of the drawn one
  bool shrink = false;        // --shrink: search the smallest schedule that still fails
  int shrink_runs = 200;      // the shrinker's budget: test-seed runs...
  int shrink_seconds = 300;   // ...and wall-clock seconds
  bool verbose = false;
  bool list = false;
  bool help = false;
};

struct ParsedOptions {
  Options options;
  std::string error;  // non-empty: bad usage (exit 2)
  bool ok() const { return error.empty(); }
};

ParsedOptions parse_options(const std::vector<std::string>& args);

// The --help text. `program` is how to invoke this grader, `impl` its implementation.
std::string usage_text(const std::string& program, const std::string& impl);

}  // namespace store::grader
