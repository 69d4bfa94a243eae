// What a graded scenario is, and the macros that register one.
//
// A scenario is a function of a TestContext: it builds whatever it needs (a
// simulator seeded from ctx.seed(), for instance), drives it, and either
// returns (the test-seed passed) or fails through ctx.fail(). The framework
// knows nothing about Raft; it only runs these functions in child processes
// and reports what they said.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace store::grader {

class TestContext;

struct ScenarioInfo {
  int lab = 0;
  std::string name;           // unique across all labs, kebab-case: the --test argument
  int points = 0;             // scored only when every seed passes
  std::string description;    // one line
  std::string handout;        // e.g. "docs/labs/lab1-replication.md#initial-election"
  int default_seeds = 5;      // seeds 1..default_seeds unless --seed/--seeds say otherwise
  double stall_limit_s = 20;  // no progress for this long (wall clock) => killed
  double time_limit_s = 120;  // wall-clock limit per test-seed
  std::size_t memory_limit_mb = 2048;
  // Listing order within a lab: ascending `order`, then source file name, then
  // line. Leave it 0 and the order is the order of the files and of the
  // scenarios within them.
  int order = 0;
};

using ScenarioFn = std::function<void(TestContext&)>;

// Both add to the process-wide registry; the bool only exists so that the
// macros can call them from a namespace-scope initialiser.
bool register_scenario(ScenarioInfo info, ScenarioFn run, const char* file, int line);
bool register_lab(int lab, std::string title, const char* file, int line);

}  // namespace store::grader

// Defines and registers a scenario. Usage, at namespace scope in any .cpp:
//   STORE_SCENARIO(lab1_initial_election, {.lab = 1, .name = "initial-election", .points = 5,
//                                          .description = "...", .handout = "..."}) {
//     ... body using ctx ...
//   }
#define STORE_SCENARIO(function_name, ...)                                                            \
  static void function_name([[maybe_unused]] ::store::grader::TestContext& ctx);                      \
  [[maybe_unused]] static const bool function_name##_registered = ::store::grader::register_scenario( \
      ::store::grader::ScenarioInfo __VA_ARGS__, &function_name, __FILE__, __LINE__);                 \
  static void function_name([[maybe_unused]] ::store::grader::TestContext& ctx)

// Declares a lab and its title, e.g. STORE_LAB(2, "KV state machine"). A
// declared lab with no scenarios yet is reported as "no graded tests yet"
// rather than as an unknown lab.
#define STORE_LAB(lab_number, title) STORE_LAB_AT_(lab_number, title, __COUNTER__)
#define STORE_LAB_AT_(lab_number, title, counter) STORE_LAB_AT2_(lab_number, title, counter)
#define STORE_LAB_AT2_(lab_number, title, counter)                    \
  [[maybe_unused]] static const bool store_lab_registered_##counter = \
      ::store::grader::register_lab((lab_number), (title), __FILE__, __LINE__)
