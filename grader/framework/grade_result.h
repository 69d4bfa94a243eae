// What a grade found: per test, per seed. The report writers read only this.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "framework/registry.h"
#include "framework/seed_result.h"

namespace store::grader {

struct SeedOutcome {
  std::uint64_t seed = 0;
  SeedResult result;
  std::string output;  // tail of the child's stdout and stderr
  double duration_s = 0;
  std::string limit;  // the limit the parent killed it at, if it did (see RunOutcome)
};

// The second run of a test's first failing seed, made to write its trace.
struct TraceRerun {
  std::uint64_t seed = 0;
  // Whether the two verdicts could be compared: not when either run was
  // stopped by a wall-clock or memory limit (tracing makes a run slower), which
  // says nothing about determinism.
  bool comparable = true;
  bool same_verdict = true;   // meaningful only when comparable
  std::string rerun_verdict;  // what the rerun said, when it differs
  std::string limit;          // the limit that stopped the re-run, if one did: its trace stops early
  std::string trace_file;     // empty when the scenario wrote none
  std::string history_file;   // the history view this grade's runs of the seed wrote, if any
  std::string output_file;    // log lines and output of the failing seed
  std::string schedule_file;  // the fault schedule the re-run played, if its scenario plays one
  std::string problem;        // why there is no trace, if something went wrong
};

struct TestOutcome {
  const Scenario* scenario = nullptr;
  std::vector<SeedOutcome> seeds;  // ascending by run order (the plan's)
  std::optional<TraceRerun> rerun;

  bool passed() const { return seeds_failed() == 0; }
  // All or nothing: the points only when every seed passed.
  int points() const { return passed() ? scenario->info.points : 0; }
  std::size_t seeds_failed() const;
  const SeedOutcome* first_failure() const;
  double duration_s() const;
};

struct GradeResult {
  std::string impl;
  std::string replay_prefix;  // e.g. "./track grade --impl labs"
  std::map<int, std::string> lab_titles;
  std::vector<TestOutcome> tests;
  std::string note;  // why nothing ran, when nothing did
  double duration_s = 0;
  bool interrupted = false;
  // Set when the wall budget ran out: what that stopped (see GradeSettings::budget_s).
  std::string budget_note;
  // What was graded, how and with which seeds (for the reports' heading).
  std::string mode = "in-process";  // or "sandbox"
  std::string sources_hash;         // the graded sources' hash, when known
  std::string salt_fingerprint;     // of the --seed-salt, when there is one
  // The code did not build (nothing ran): the compiler's first messages.
  std::optional<std::string> build_errors;

  int total() const;
  int max_total() const;
  std::size_t tests_passed() const;
  bool all_passed() const { return tests_passed() == tests.size(); }
};

// "Graded: labs in the sandbox; sources sha256:...; seeds salted (salt
// 1a2b...)": what was graded and how, in one line for the reports.
std::string graded_line(const GradeResult& grade);

// The command that replays one seed of one test, verbosely.
std::string replay_command(const std::string& replay_prefix, const std::string& test, std::uint64_t seed);
// The command that shrinks one failing seed's fault schedule (--shrink).
std::string shrink_command(const std::string& replay_prefix, const std::string& test, std::uint64_t seed);
// Why a traced re-run's verdict was not compared with the first run's (when !rerun.comparable).
std::string rerun_limit_note(const TraceRerun& rerun, const std::string& first_run_limit);
// The command that draws a trace file as a timeline (docs/grader.md, "The trace view").
std::string view_command(const std::string& trace_file);

struct LabGroup {
  int lab = 0;
  std::string title;
  std::vector<const TestOutcome*> tests;
  int score = 0;
  int max_score = 0;
};
std::vector<LabGroup> group_by_lab(const GradeResult& grade);

// A figure (one name in one unit) across the seeds that reported it.
struct FigureSummary {
  std::string name;
  std::string unit;
  std::vector<std::pair<std::uint64_t, double>> values;  // (seed, value)
  double min = 0;
  double median = 0;
  double max = 0;
};
// In the order the figures were first reported.
std::vector<FigureSummary> summarize_figures(const TestOutcome& test);

// "1.2", "1234", "0.000123": short and stable.
std::string format_number(double value);
std::string format_duration(double seconds);

}  // namespace store::grader
