// Runs test-seeds in child processes and watches them.
//
// Each test-seed gets a fork()ed child in its own process group. The child
// runs the scenario and writes one JSON line (SeedResult) to a pipe; its
// stdout and stderr go to a second pipe whose tail the parent keeps; its
// simulated time goes to a shared memory page. The parent polls every child
// every few milliseconds and kills the whole group when it passes its memory
// limit (resident set from /proc, which also works under AddressSanitizer,
// summed with that of the processes the child asked to be watched with it:
// the sandbox's node host, see helper_processes.h), its stall limit or its
// time limit. Whatever a child does, the parent survives and turns it into a
// verdict. Each running child has a lane (0 .. jobs-1, unique among those
// running), which the sandbox uses to give concurrent test-seeds different CPUs.
//
// Fork only while the process is single-threaded: the grader is.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/types.h"
#include "framework/registry.h"
#include "framework/seed_result.h"

namespace store::grader {

// What one test-seed may use: its test's limits (ScenarioInfo), or the
// grade's policy in their place (--time-limit, --stall-limit, --memory-limit).
struct SeedLimits {
  std::size_t memory_limit_mb = 2048;
  double stall_limit_s = 20;
  double time_limit_s = 120;
};

struct RunRequest {
  const Scenario* scenario = nullptr;
  std::uint64_t seed = 0;
  bool verbose = false;
  std::string trace_path;             // empty: no trace
  std::uint64_t trace_max_bytes = 0;  // the trace file's size cap; 0: the simulator's default
  std::string artifact_stem;          // where the test-seed may write files for people (see TestContext)
  std::optional<std::string> schedule;  // a fault schedule to play instead of the drawn one (JSON text)
  SeedLimits limits;
};

struct RunOutcome {
  SeedResult result;
  std::string output;  // the tail of the child's stdout and stderr
  double duration_s = 0;
  // Why the parent killed the child before it reported (time, stall or
  // memory limit), when it did: such a verdict depends on the machine, not
  // only on the seed.
  std::string limit;
  Micros simulated_now = 0;  // the child's last reported simulated time
};

class Supervisor {
 public:
  explicit Supervisor(std::size_t max_children);
  ~Supervisor();  // kills and reaps whatever still runs
  Supervisor(const Supervisor&) = delete;
  Supervisor& operator=(const Supervisor&) = delete;

  bool has_room() const;
  bool idle() const;
  // Forks a child for the request. `tag` comes back with the outcome.
  void start(std::size_t tag, RunRequest request);

  struct Finished {
    std::size_t tag;
    RunOutcome outcome;
  };
  // Waits up to `timeout` for children to finish, enforcing the limits
  // meanwhile. Returns early when a wait is interrupted by a signal.
  std::vector<Finished> wait(std::chrono::milliseconds timeout);

  struct Running {
    std::size_t tag;
    Micros simulated_now;
  };
  std::vector<Running> running() const;

  // Kills every child's process group and reaps it.
  void kill_all();

 private:
  struct Child;
  void read_available(Child& child);
  void enforce_limits(Child& child, std::chrono::steady_clock::time_point now);
  static std::size_t resident_bytes(const Child& child);
  std::size_t free_lane() const;
  RunOutcome finish(Child& child);

  std::size_t max_children_;
  std::vector<std::unique_ptr<Child>> children_;
  std::vector<Finished> early_;  // children that could not even start
};

}  // namespace store::grader
