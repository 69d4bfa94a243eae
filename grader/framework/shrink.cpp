#include "framework/shrink.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/printable.h"
#include "framework/grade_result.h"
#include "framework/schedule_file.h"
#include "framework/supervisor.h"
#include "framework/trace_verdict.h"

namespace store::grader {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr long long kMillisecondUs = 1000;

// What one run of a candidate said.
struct Trial {
  SeedResult result;
  std::string limit;
  Micros simulated_now = 0;
};

// The search: runs candidates as children and keeps the budget.
class Search {
 public:
  Search(const ShrinkRequest& request, const GradeSettings& settings, std::ostream& err, bool terminal,
         const volatile std::sig_atomic_t* interrupted)
      : request_(request),
        settings_(settings),
        err_(err),
        terminal_(terminal),
        interrupted_(interrupted),
        deadline_(Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(request.max_seconds))) {}

  // One run, not counted against the budget (the first and the final one).
  Trial run(const std::optional<std::string>& schedule, const std::string& trace_stem = {}) {
    Supervisor supervisor(1);
    supervisor.start(0, make_request(schedule, trace_stem));
    while (true) {
      if (stop_requested()) {
        supervisor.kill_all();
        return {};
      }
      for (Supervisor::Finished& f : supervisor.wait(std::chrono::milliseconds(50))) return to_trial(f.outcome);
    }
  }

  // Runs the candidates in order, up to `jobs` at once, and returns the first
  // (in the given order, whatever finishes first) that fails like `original`.
  std::optional<std::size_t> first_failing(const std::vector<json>& candidates, const std::string& original) {
    std::vector<std::optional<Trial>> trials(candidates.size());
    std::size_t next = 0;
    std::size_t lowest = 0;
    Supervisor supervisor(static_cast<std::size_t>(std::max(1, settings_.jobs)));
    while (true) {
      for (; lowest < candidates.size() && trials[lowest]; ++lowest) {
        if (fails_like(*trials[lowest], original)) {
          supervisor.kill_all();
          kept_ = std::move(*trials[lowest]);
          return lowest;
        }
      }
      if (lowest == candidates.size()) return std::nullopt;
      if (interrupted_ != nullptr && *interrupted_ != 0) stopped_ = "interrupted";
      if (Clock::now() >= deadline_) stopped_ = "the time budget ran out";
      if (!stopped_.empty()) {
        supervisor.kill_all();
        return std::nullopt;
      }
      while (supervisor.has_room() && next < candidates.size() && runs_ < request_.max_runs) {
        supervisor.start(next, make_request(candidates[next].dump(), {}));
        ++next;
        ++runs_;
      }
      if (supervisor.idle()) {
        stopped_ = "the run budget ran out";
        return std::nullopt;
      }
      for (Supervisor::Finished& f : supervisor.wait(std::chrono::milliseconds(50))) {
        trials[f.tag] = to_trial(f.outcome);
        show_progress();
      }
    }
  }

  bool stop_requested() const { return interrupted_ != nullptr && *interrupted_ != 0; }
  const std::string& stopped() const { return stopped_; }
  bool interrupted() const { return stopped_ == "interrupted" || stop_requested(); }
  int runs() const { return runs_; }
  Trial& kept() { return kept_; }
  void set_best(std::size_t episodes) { best_ = episodes; }
  double elapsed_s() const { return std::chrono::duration<double>(Clock::now() - started_).count(); }

  static bool fails_like(const Trial& trial, const std::string& original) {
    return !trial.result.passed && trial.limit.empty() && trial.result.schedule_error.empty() &&
           same_failure(trial.result.message, original);
  }

  std::string scratch_dir() const {
    return seed_file_stem(settings_.trace_dir, settings_.impl, request_.scenario->info.name, request_.seed) +
           "-shrinking";
  }
  void remove_scratch() const {
    std::error_code ignored;
    fs::remove_all(scratch_dir(), ignored);
  }

  void clear_progress() {
    if (terminal_ && shown_) err_ << "\r\033[K" << std::flush;
    shown_ = false;
  }

 private:
  // Untraced runs write their files for people (a history view, say) to a
  // scratch folder, removed at the end: a failure message that names such a
  // file then reads the same in every run.
  RunRequest make_request(const std::optional<std::string>& schedule, const std::string& trace_stem) {
    RunRequest r{request_.scenario, request_.seed, false, {}, {}};
    r.schedule = schedule;
    if (!trace_stem.empty()) {
      r.trace_path = trace_stem + ".jsonl";
      r.trace_max_bytes = settings_.trace_max_bytes;
      r.artifact_stem = trace_stem;  // the traced run writes its history view and schedule beside its trace
    } else {
      r.artifact_stem = (fs::path(scratch_dir()) / ("run" + std::to_string(++scratch_runs_))).string();
    }
    return r;
  }

  static Trial to_trial(RunOutcome& outcome) {
    return Trial{std::move(outcome.result), std::move(outcome.limit), outcome.simulated_now};
  }

  void show_progress() {
    if (!terminal_) return;
    err_ << "\r\033[Kshrink: " << runs_ << "/" << request_.max_runs << " runs, " << format_duration(elapsed_s())
         << ", smallest so far " << best_ << (best_ == 1 ? " episode" : " episodes") << std::flush;
    shown_ = true;
  }

  const ShrinkRequest& request_;
  const GradeSettings& settings_;
  std::ostream& err_;
  bool terminal_;
  const volatile std::sig_atomic_t* interrupted_;
  Clock::time_point started_ = Clock::now();
  Clock::time_point deadline_;
  int runs_ = 0;
  int scratch_runs_ = 0;
  std::size_t best_ = 0;
  bool shown_ = false;
  std::string stopped_;
  Trial kept_;
};

json with_events(const json& schedule, std::vector<json> events) {
  json candidate = schedule;
  candidate["events"] = std::move(events);
  return candidate;
}

std::vector<json> events_of(const json& schedule) { return schedule["events"].get<std::vector<json>>(); }

// Delta debugging (Zeller's ddmin) over the episodes: try each of n chunks
// alone, then each complement; on a failure keep it, else cut finer.
void cut_episodes(Search& search, json& best, const std::string& original, std::ostream& err) {
  auto keep = [&](const char* how) {
    best = json::parse(*search.kept().result.schedule);
    search.set_best(episode_count(best));
    search.clear_progress();
    const std::size_t left = episode_count(best);
    err << "shrink: run " << search.runs() << ": " << how << ", " << left << (left == 1 ? " episode" : " episodes")
        << " still fail" << (left == 1 ? "s" : "") << " the same way\n";
  };
  if (episode_count(best) > 0 && search.first_failing({with_events(best, {})}, original)) keep("no fault at all");
  std::size_t n = 2;
  while (episode_count(best) >= 2 && search.stopped().empty()) {
    const std::vector<json> events = events_of(best);
    n = std::min(n, events.size());
    std::vector<std::vector<json>> chunks(n);
    for (std::size_t i = 0; i < events.size(); ++i) chunks[i * n / events.size()].push_back(events[i]);
    std::vector<json> candidates;
    for (const auto& chunk : chunks) candidates.push_back(with_events(best, chunk));
    if (n > 2) {
      for (std::size_t c = 0; c < n; ++c) {
        std::vector<json> rest;
        for (std::size_t d = 0; d < n; ++d) {
          if (d != c) rest.insert(rest.end(), chunks[d].begin(), chunks[d].end());
        }
        candidates.push_back(with_events(best, std::move(rest)));
      }
    }
    const std::optional<std::size_t> hit = search.first_failing(candidates, original);
    if (hit && *hit < n) {
      keep("one part alone");
      n = 2;
    } else if (hit) {
      keep("all but one part");
      n = std::max<std::size_t>(n - 1, 2);
    } else if (n == events.size()) {
      break;
    } else {
      n = std::min(events.size(), 2 * n);
    }
  }
}

// Halves the length of one episode at a time (down to 1 ms), as long as one
// of the halvings still fails the same way.
void shorten_episodes(Search& search, json& best, const std::string& original, std::ostream& err) {
  while (search.stopped().empty()) {
    std::vector<json> candidates;
    std::vector<std::size_t> which;
    const std::vector<json> events = events_of(best);
    for (std::size_t i = 0; i < events.size(); ++i) {
      const long long half = events[i]["length_us"].get<long long>() / 2 / kMillisecondUs * kMillisecondUs;
      if (half < kMillisecondUs) continue;
      std::vector<json> shorter = events;
      shorter[i]["length_us"] = half;
      candidates.push_back(with_events(best, std::move(shorter)));
      which.push_back(i);
    }
    if (candidates.empty()) return;
    const std::optional<std::size_t> hit = search.first_failing(candidates, original);
    if (!hit) return;
    best = json::parse(*search.kept().result.schedule);
    search.clear_progress();
    err << "shrink: run " << search.runs() << ": episode " << which[*hit] + 1 << " halved to "
        << best["events"][which[*hit]]["length_us"].get<long long>() / kMillisecondUs << " ms, still fails\n";
  }
}

bool write_schedule(const std::string& path, const json& schedule, std::string* problem) {
  std::error_code ignored;
  fs::create_directories(fs::path(path).parent_path(), ignored);
  std::ofstream file(path, std::ios::trunc);
  file << schedule.dump(2) << "\n";
  file.close();
  if (!file) *problem = "could not write " + path;
  return static_cast<bool>(file);
}

int shrink(Search& search, const ShrinkRequest& request, const GradeSettings& settings, std::ostream& out,
           std::ostream& err) {
  const std::string& name = request.scenario->info.name;
  const std::string me = "shrink";

  err << me << ": running " << name << " seed " << request.seed
      << (request.start_schedule ? " with the schedule given" : "") << "\n";
  Trial first = search.run(request.start_schedule);
  if (search.stop_requested()) {
    err << me << ": interrupted\n";
    return 130;
  }
  if (!first.result.schedule_error.empty()) {
    err << me << ": " << printable(first.result.message) << "\n";
    return 2;
  }
  if (!first.result.schedule) {
    err << me << ": " << name << " plays no fault schedule (a scripted scenario: its faults come in a fixed "
        << "order, not from a schedule), so there is nothing to shrink; replay the seed with "
        << replay_command(settings.replay_prefix, name, request.seed) << "\n";
    return 2;
  }
  if (first.result.passed) {
    out << name << " seed " << request.seed << " passes: there is no failure to shrink\n";
    return 0;
  }
  const std::string original = first.result.message;
  if (!first.limit.empty()) {
    out << name << " seed " << request.seed << " was stopped by the grader (" << first.limit
        << "): a verdict that depends on the machine cannot be shrunk\n";
    return 1;
  }
  json best = json::parse(*first.result.schedule);
  const std::size_t original_size = episode_count(best);
  search.set_best(original_size);
  err << me << ": it fails: " << printable(original) << "\n"
      << me << ": " << original_size << " episodes; shrinking (budget " << request.max_runs << " runs, "
      << format_duration(request.max_seconds) << ", " << std::max(1, settings.jobs) << " at once)\n";

  cut_episodes(search, best, original, err);
  shorten_episodes(search, best, original, err);
  search.clear_progress();
  if (search.interrupted()) {
    err << me << ": interrupted\n";
    return 130;
  }
  err << me << ": " << (search.stopped().empty() ? "done" : "stopped: " + search.stopped()) << " after "
      << search.runs() << " runs in " << format_duration(search.elapsed_s()) << "; now the traced re-run\n";

  // The smallest schedule, written out and run once more with a trace.
  const std::string stem = seed_file_stem(settings.trace_dir, settings.impl, name, request.seed) + "-shrunk";
  const std::string schedule_file = stem + ".schedule.json";
  const std::string trace_file = stem + ".jsonl";
  std::string problem;
  std::error_code ignored;
  fs::remove(trace_file, ignored);
  write_schedule(schedule_file, best, &problem);
  const std::string replay =
      replay_command(settings.replay_prefix + " --schedule " + schedule_file, name, request.seed);
  Trial last = search.run(best.dump(), stem);
  if (search.stop_requested()) {
    err << me << ": interrupted\n";
    return 130;
  }
  const bool reproduced = Search::fails_like(last, original);
  if (fs::exists(trace_file, ignored)) {
    TraceVerdict verdict{.t = last.simulated_now,
                         .test = name,
                         .seed = request.seed,
                         .impl = settings.impl,
                         .message = last.result.passed ? "passed" : last.result.message,
                         .replay = replay,
                         .history_file = fs::exists(stem + ".history.html", ignored)
                                             ? fs::path(stem + ".history.html").filename().string()
                                             : "",
                         .rerun_note = {}};
    append_trace_verdict(trace_file, verdict, settings.trace_max_bytes, &problem);
  }

  out << "Smallest failing schedule of " << name << " seed " << request.seed << ": " << episode_count(best) << " of "
      << original_size << " episodes (" << search.runs() << " runs, " << format_duration(search.elapsed_s())
      << ")\n";
  const std::vector<std::string> lines = describe_schedule(best);
  if (lines.empty()) out << "  (no fault at all: the failure needs none of the schedule's episodes)\n";
  for (std::size_t i = 0; i < lines.size(); ++i) out << "  " << i + 1 << ". " << printable(lines[i]) << "\n";
  out << "  fails with: " << printable(last.result.passed ? original : last.result.message) << "\n";
  if (!reproduced) {
    out << "  NOTE: the traced re-run of this schedule did not fail the same way; it said: "
        << printable(last.result.passed ? std::string("passed") : last.limit.empty() ? last.result.message : last.limit)
        << "\n";
  }
  out << "  schedule: " << schedule_file << "\n"
      << "  replay:   " << replay << "\n";
  if (fs::exists(trace_file, ignored)) {
    out << "  trace:    " << trace_file << "\n";
    if (fs::exists(stem + ".history.html", ignored)) out << "  history:  " << stem << ".history.html\n";
    out << "  view:     " << view_command(trace_file) << "\n";
  }
  if (!problem.empty()) out << "  note:     " << problem << "\n";
  return 1;
}

}  // namespace

int run_shrink(const ShrinkRequest& request, const GradeSettings& settings, std::ostream& out, std::ostream& err,
               bool err_is_terminal, const volatile std::sig_atomic_t* interrupted) {
  Search search(request, settings, err, err_is_terminal, interrupted);
  const int status = shrink(search, request, settings, out, err);
  search.remove_scratch();
  return status;
}

}  // namespace store::grader
