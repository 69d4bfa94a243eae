// What a scenario sees while it runs one test-seed.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/types.h"

namespace store::grader {

// Thrown by TestContext::fail; the runner turns it into a failed test-seed.
class TestFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A number a scenario wants shown beside its verdict, e.g. {"commit p50", 1.2, "RTT"}.
// Figures should be simulated quantities, so that two grades give the same report.
struct Figure {
  std::string name;
  double value = 0;
  std::string unit;
};

// Progress shared with the supervising parent through a shared memory page:
// reporting is a couple of relaxed stores, no system call.
struct ProgressCell {
  std::atomic<std::int64_t> simulated_now{0};
  std::atomic<std::uint64_t> beats{0};  // bumped whenever something moved
  // Processes the test-seed started whose memory counts against its limit
  // (the sandbox's node host; see helper_processes.h); 0: a free slot.
  static constexpr std::size_t kMaxHelpers = 4;
  std::atomic<std::int32_t> helpers[kMaxHelpers]{};
};

class TestContext {
 public:
  // `progress` may be null (nothing watches this run).
  TestContext(std::uint64_t seed, bool verbose, std::string trace_path, ProgressCell* progress = nullptr);

  std::uint64_t seed() const { return seed_; }
  bool verbose() const { return verbose_; }
  // Empty unless this run should write a trace file (the re-run of a failing seed).
  const std::string& trace_path() const { return trace_path_; }
  // A path for a file this test-seed writes for people to read, e.g. the
  // HTML view of a non-linearizable history: the trace file's path with
  // `suffix` in place of ".jsonl". Creates the folder. Empty when the run has
  // nowhere to put files (a context made outside the grader).
  std::string artifact_path(const std::string& suffix) const;
  void set_artifact_stem(std::string stem) { artifact_stem_ = std::move(stem); }

  // Reports the simulated time. Call it as often as you like (every simulated
  // step is fine): only a change of value counts as progress, and a run whose
  // simulated time stays put for the scenario's stall limit is killed.
  void progress(Micros simulated_now);
  // Progress that is not simulated time (say, a long history check at the end).
  void keep_alive();

  void set_trace_hash(std::uint64_t hash) { trace_hash_ = hash; }
  // A figure reported twice under one name and unit keeps the last value; the
  // same name in two units ("commit p50" in RTT and in us) makes two figures.
  void figure(std::string name, double value, std::string unit);
  // A line shown with -v and kept with failures. The last kMaxLogLines are kept.
  void log(std::string line);

  // Fails the test-seed. The first failure is remembered even if some code
  // between here and the runner catches the exception.
  [[noreturn]] void fail(std::string message);

  // Fault schedules (docs/grader.md, "Fault schedules"). A randomized
  // scenario draws its faults before it plays them, as a schedule: a JSON
  // object whose "events" array holds self-contained episodes, each with
  // "at_us", "length_us" and a "what" in words. Any subset of the episodes,
  // or the same ones shorter, must again be a schedule the scenario can play:
  // that is what --shrink searches. The scenario hands the schedule it drew
  // to schedule(), once, and plays the one returned: its own, or the one the
  // grader was given instead (--schedule FILE, or a shrinker's candidate),
  // as `canonical` reads it. `canonical` returns a schedule in the scenario's
  // own form (every "what" written afresh) and throws std::invalid_argument
  // for one it cannot play, which ends the run as bad input rather than as a
  // failure. Draw the schedule from the seed's randomness as usual, so that
  // the rest of the run is the same either way. The schedule played is sent
  // back with the verdict and, on a traced run, written to
  // artifact_path(".schedule.json").
  using ScheduleReader = std::function<nlohmann::json(const nlohmann::json&)>;
  nlohmann::json schedule(const nlohmann::json& drawn, const ScheduleReader& canonical);
  // Set by the runner before the scenario starts: the schedule to play instead (JSON text).
  void set_schedule_override(std::string json_text) { schedule_override_ = std::move(json_text); }
  // The schedule played (JSON text), if the scenario asked for one; why a given one was refused.
  const std::optional<std::string>& played_schedule() const { return played_schedule_; }
  const std::string& schedule_error() const { return schedule_error_; }

  // What the runner reads back after the scenario returned or threw.
  std::optional<std::uint64_t> trace_hash() const { return trace_hash_; }
  const std::vector<Figure>& figures() const { return figures_; }
  const std::deque<std::string>& log_lines() const { return log_; }
  std::size_t log_lines_dropped() const { return log_dropped_; }
  const std::optional<std::string>& failure() const { return failure_; }

  static constexpr std::size_t kMaxLogLines = 1000;

 private:
  std::uint64_t seed_;
  bool verbose_;
  std::string trace_path_;
  std::string artifact_stem_;
  ProgressCell* progress_;
  Micros last_now_ = 0;
  std::optional<std::uint64_t> trace_hash_;
  std::vector<Figure> figures_;
  std::deque<std::string> log_;
  std::size_t log_dropped_ = 0;
  std::optional<std::string> failure_;
  std::optional<std::string> schedule_override_;
  std::optional<std::string> played_schedule_;
  std::string schedule_error_;
};

}  // namespace store::grader
