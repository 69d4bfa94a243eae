// Running a selection: every test-seed in a child, up to `jobs` at once, and a
// traced re-run of each failing test's first failing seed.
#pragma once

#include <csignal>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "framework/grade_result.h"
#include "framework/progress_display.h"
#include "framework/selection.h"

namespace store::grader {

struct GradeSettings {
  std::string impl;
  std::string replay_prefix;
  std::string trace_dir = ".store/traces";
  std::uint64_t trace_max_bytes = 64ull * 1024 * 1024;
  bool verbose = false;
  int jobs = 1;
  std::optional<std::string> schedule;  // --schedule: the fault schedule every test-seed plays (JSON text)
  // Policy in place of each test's own limits, when set.
  std::optional<double> time_limit_s;
  std::optional<double> stall_limit_s;
  std::optional<std::size_t> memory_limit_mb;
  // The grade's wall-clock budget: once it has passed, the running
  // test-seeds are stopped and fail, and those not started fail unrun.
  std::optional<double> budget_s;
};

// Stops early (result.interrupted) when *interrupted becomes non-zero.
GradeResult run_grade(const std::vector<TestPlan>& plan, const GradeSettings& settings, ProgressDisplay& display,
                      const volatile std::sig_atomic_t* interrupted = nullptr);

// The path of a test-seed's files without their suffix (.jsonl, .output.txt, ...).
std::string seed_file_stem(const std::string& trace_dir, const std::string& impl, const std::string& test,
                           std::uint64_t seed);

// A grade of code that did not build: every seed of every test fails
// unrun, with the compiler's first message in its verdict.
GradeResult unbuilt_grade(const std::vector<TestPlan>& plan, const GradeSettings& settings,
                          const std::string& build_errors);

// Where the trace and the saved output of one failing seed go.
std::string trace_file_path(const std::string& trace_dir, const std::string& impl, const std::string& test,
                            std::uint64_t seed);
std::string output_file_path(const std::string& trace_dir, const std::string& impl, const std::string& test,
                             std::uint64_t seed);
// Where the test-seed's history view goes (TestContext::artifact_path(".history.html")), and the
// trace view `./track view` makes by default.
std::string history_file_path(const std::string& trace_dir, const std::string& impl, const std::string& test,
                              std::uint64_t seed);
std::string view_file_path(const std::string& trace_dir, const std::string& impl, const std::string& test,
                           std::uint64_t seed);

}  // namespace store::grader
