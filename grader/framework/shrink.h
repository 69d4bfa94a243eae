// --shrink: the smallest fault schedule with which one test-seed still fails
// the same way (docs/grader.md, "Shrinking a failure").
//
// The seed runs once; if it fails, its schedule is cut down by delta
// debugging over the episodes (ddmin), then the episodes left are shortened
// by halving, each candidate run as a test-seed of its own (a child, as in a
// grade) that plays the candidate instead of the drawn schedule. A candidate
// is kept only if it still fails the same way (same_failure: the same words,
// whatever the numbers), so that the search cannot wander off to another
// failure. The smallest schedule found is written beside the traces and
// re-run traced, and printed with its replay and view commands.
#pragma once

#include <csignal>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "framework/grade_run.h"
#include "framework/registry.h"

namespace store::grader {

struct ShrinkRequest {
  const Scenario* scenario = nullptr;
  std::uint64_t seed = 0;
  // The schedule to start from (--schedule, JSON text); otherwise the one the seed draws.
  std::optional<std::string> start_schedule;
  int max_runs = 200;       // candidate runs, the first run of the seed included
  double max_seconds = 300;  // wall clock for the search
};

// Exit status: 1 when the seed fails (the smallest schedule found is
// printed), 0 when it passes, 2 when the test draws no schedule or the one
// given cannot be played, 130 when interrupted.
int run_shrink(const ShrinkRequest& request, const GradeSettings& settings, std::ostream& out, std::ostream& err,
               bool err_is_terminal, const volatile std::sig_atomic_t* interrupted);

}  // namespace store::grader
