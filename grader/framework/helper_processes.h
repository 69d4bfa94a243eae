// Processes a test-seed's child starts besides itself (the sandbox's node
// host), and what they inherit from it: the test-seed's limits, and the
// supervisor's watch over their memory.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <optional>

#include "framework/test_context.h"

namespace store::grader {

struct ChildLimits {
  std::size_t memory_limit_mb = 0;
  double time_limit_s = 0;
  // Which of the supervisor's concurrent children this is (0 .. jobs - 1),
  // no two running at once with the same lane: a place to pin to one CPU.
  std::size_t lane = 0;
};

// Set by the supervisor at the start of each test-seed's child.
void enter_child(const ChildLimits& limits, ProgressCell* cell);
// The limits of the test-seed this process runs; nullopt outside a child of
// the supervisor (a unit test driving a scenario itself, say).
std::optional<ChildLimits> child_limits();
// Counts `pid`'s resident memory against the test-seed's limit, for as long
// as it runs. False when nothing watches this process or every slot is taken.
bool watch_helper_process(pid_t pid);
// Before the process is reaped, so that its pid, once reused, is not counted.
void unwatch_helper_process(pid_t pid);

}  // namespace store::grader
