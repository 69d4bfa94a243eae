#include "framework/grade_run.h"

#include <chrono>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <system_error>

#include "core/printable.h"
#include "framework/child_verdict.h"
#include "framework/supervisor.h"
#include "framework/trace_verdict.h"

namespace store::grader {

namespace fs = std::filesystem;

namespace {

struct Job {
  std::size_t test = 0;
  std::size_t seed_index = 0;
  bool rerun = false;
};

// Each line through printable(): the output is the code under test's, and
// a person reads this file on a terminal.
std::string printable_lines(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    const std::size_t newline = text.find('\n');
    out += printable(text.substr(0, newline));
    if (newline == std::string_view::npos) break;
    out += '\n';
    text.remove_prefix(newline + 1);
  }
  return out;
}

// The failing seed's own words, kept beside its trace for whoever debugs it.
void write_output_file(const std::string& path, const GradeSettings& settings, const TestOutcome& test,
                       const SeedOutcome& seed, std::string& problem) {
  std::ofstream file(path, std::ios::trunc);
  file << "test " << test.scenario->info.name << " (lab " << test.scenario->info.lab << "), seed " << seed.seed
       << ", impl " << settings.impl << "\n"
       << "verdict: " << printable(seed.result.message) << "\n"
       << "replay: " << replay_command(settings.replay_prefix, test.scenario->info.name, seed.seed) << "\n";
  if (!test.rerun->trace_file.empty()) file << "view:   " << view_command(test.rerun->trace_file) << "\n";
  file << "\n";
  file << "log (" << seed.result.log.size() << " lines";
  if (seed.result.log_dropped > 0) file << ", " << seed.result.log_dropped << " earlier lines dropped";
  file << "):\n";
  for (const std::string& line : seed.result.log) file << printable(line) << "\n";
  file << "\noutput (stdout and stderr):\n" << printable_lines(seed.output);
  if (!file) problem = "could not write " + path;
}

std::string verdict_text(const SeedResult& result) { return result.passed ? "passed" : result.message; }

SeedLimits limits_for(const ScenarioInfo& info, const GradeSettings& settings) {
  return SeedLimits{.memory_limit_mb = settings.memory_limit_mb.value_or(info.memory_limit_mb),
                    .stall_limit_s = settings.stall_limit_s.value_or(info.stall_limit_s),
                    .time_limit_s = settings.time_limit_s.value_or(info.time_limit_s)};
}

std::string budget_message(double budget_s, bool started) {
  return std::string(started ? "stopped" : "not run") + ": the grade's wall-clock budget of " +
         format_limit_seconds(budget_s) + " s ran out";
}

}  // namespace

std::string seed_file_stem(const std::string& trace_dir, const std::string& impl, const std::string& test,
                           std::uint64_t seed) {
  return (fs::path(trace_dir) / impl / (test + "-seed" + std::to_string(seed))).string();
}

std::string history_file_path(const std::string& trace_dir, const std::string& impl, const std::string& test,
                              std::uint64_t seed) {
  return seed_file_stem(trace_dir, impl, test, seed) + ".history.html";
}

std::string view_file_path(const std::string& trace_dir, const std::string& impl, const std::string& test,
                           std::uint64_t seed) {
  return seed_file_stem(trace_dir, impl, test, seed) + ".view.html";
}

std::string trace_file_path(const std::string& trace_dir, const std::string& impl, const std::string& test,
                            std::uint64_t seed) {
  return seed_file_stem(trace_dir, impl, test, seed) + ".jsonl";
}

std::string output_file_path(const std::string& trace_dir, const std::string& impl, const std::string& test,
                             std::uint64_t seed) {
  return seed_file_stem(trace_dir, impl, test, seed) + ".output.txt";
}

GradeResult unbuilt_grade(const std::vector<TestPlan>& plan, const GradeSettings& settings,
                          const std::string& build_errors) {
  GradeResult grade;
  grade.impl = settings.impl;
  grade.replay_prefix = settings.replay_prefix;
  grade.build_errors = cap_text(build_errors, kMaxBuildErrorBytes);
  std::string first = "no message";
  for (std::string_view rest = build_errors; !rest.empty();) {
    const std::size_t newline = rest.find('\n');
    const std::string_view line = rest.substr(0, newline);
    if (line.find("error") != std::string_view::npos) {
      first = std::string(line);
      break;
    }
    if (newline == std::string_view::npos) break;
    rest.remove_prefix(newline + 1);
  }
  const std::string message = cap_text("not run: the code could not be built: " + first, kMaxMessageBytes);
  for (const TestPlan& test : plan) {
    TestOutcome outcome;
    outcome.scenario = test.scenario;
    for (std::uint64_t seed : test.seeds) {
      SeedOutcome s;
      s.seed = seed;
      s.result.message = message;
      outcome.seeds.push_back(std::move(s));
    }
    grade.tests.push_back(std::move(outcome));
  }
  return grade;
}

GradeResult run_grade(const std::vector<TestPlan>& plan, const GradeSettings& settings, ProgressDisplay& display,
                      const volatile std::sig_atomic_t* interrupted) {
  auto started = std::chrono::steady_clock::now();
  // A history view older than this grade belongs to another one.
  const auto files_since = fs::file_time_type::clock::now() - std::chrono::seconds(1);
  GradeResult grade;
  grade.impl = settings.impl;
  grade.replay_prefix = settings.replay_prefix;

  std::deque<Job> queue;
  std::vector<std::size_t> remaining(plan.size());
  for (std::size_t t = 0; t < plan.size(); ++t) {
    TestOutcome outcome;
    outcome.scenario = plan[t].scenario;
    outcome.seeds.resize(plan[t].seeds.size());
    grade.tests.push_back(std::move(outcome));
    remaining[t] = plan[t].seeds.size();
    for (std::size_t s = 0; s < plan[t].seeds.size(); ++s) queue.push_back(Job{t, s, false});
  }

  Supervisor supervisor(static_cast<std::size_t>(settings.jobs));
  std::vector<Job> started_jobs;  // indexed by the tag given to the supervisor

  // All seeds of a test are in: trace its first failure, or call it done.
  auto test_complete = [&](std::size_t t) {
    TestOutcome& test = grade.tests[t];
    const SeedOutcome* failure = test.first_failure();
    if (failure == nullptr) {
      display.test_finished(test);
      return;
    }
    TraceRerun rerun;
    rerun.seed = failure->seed;
    const std::string& name = test.scenario->info.name;
    std::string trace = trace_file_path(settings.trace_dir, settings.impl, name, failure->seed);
    std::error_code error;
    fs::create_directories(fs::path(trace).parent_path(), error);
    if (error) {
      rerun.problem = "could not create " + fs::path(trace).parent_path().string() + ": " + error.message();
      test.rerun = rerun;
      display.test_finished(test);
      return;
    }
    // A trace (or its view) left by an earlier grade must not pass for this one's.
    fs::remove(trace, error);
    fs::remove(view_file_path(settings.trace_dir, settings.impl, name, failure->seed), error);
    fs::remove(seed_file_stem(settings.trace_dir, settings.impl, name, failure->seed) + ".schedule.json", error);
    test.rerun = rerun;
    std::size_t seed_index = static_cast<std::size_t>(failure - test.seeds.data());
    queue.push_front(Job{t, seed_index, true});
  };

  auto rerun_finished = [&](std::size_t t, RunOutcome outcome) {
    TestOutcome& test = grade.tests[t];
    TraceRerun& rerun = *test.rerun;
    const SeedOutcome& failure = *test.first_failure();
    const std::string& name = test.scenario->info.name;
    rerun.limit = outcome.limit;
    rerun.comparable = rerun.limit.empty() && failure.limit.empty();
    rerun.same_verdict =
        outcome.result.passed == failure.result.passed && outcome.result.message == failure.result.message;
    if (!rerun.same_verdict) rerun.rerun_verdict = verdict_text(outcome.result);
    if (rerun.same_verdict) rerun.comparable = true;  // the same words either way
    std::string trace = trace_file_path(settings.trace_dir, settings.impl, name, rerun.seed);
    std::string history = history_file_path(settings.trace_dir, settings.impl, name, rerun.seed);
    std::error_code error;
    if (fs::exists(history, error) && fs::last_write_time(history, error) >= files_since && !error) {
      rerun.history_file = history;
    }
    if (fs::exists(trace, error)) {
      rerun.trace_file = trace;
      TraceVerdict verdict{.t = outcome.simulated_now,
                           .test = name,
                           .seed = rerun.seed,
                           .impl = settings.impl,
                           .message = failure.result.message,
                           .replay = replay_command(settings.replay_prefix, name, rerun.seed),
                           .history_file = rerun.history_file.empty() ? "" : fs::path(history).filename().string(),
                           .rerun_note = rerun.comparable ? "" : rerun_limit_note(rerun, failure.limit)};
      append_trace_verdict(trace, verdict, settings.trace_max_bytes, &rerun.problem);
    }
    if (const std::string schedule = seed_file_stem(settings.trace_dir, settings.impl, name, rerun.seed) +
                                     ".schedule.json";
        outcome.result.schedule && fs::exists(schedule, error)) {
      rerun.schedule_file = schedule;
    }
    rerun.output_file = output_file_path(settings.trace_dir, settings.impl, name, rerun.seed);
    write_output_file(rerun.output_file, settings, test, failure, rerun.problem);
    if (!rerun.problem.empty()) rerun.output_file.clear();
    display.test_finished(test);
  };

  // The budget ran out: every test-seed still running or waiting fails, and
  // no failure is traced any more (the report says so).
  auto stop_for_budget = [&] {
    std::vector<bool> running(started_jobs.size(), false);
    for (const Supervisor::Running& r : supervisor.running()) running[r.tag] = true;
    supervisor.kill_all();
    std::size_t stopped = 0;
    std::size_t unrun = 0;
    auto fail = [&](const Job& job, bool started_job) {
      SeedOutcome& seed = grade.tests[job.test].seeds[job.seed_index];
      seed.seed = plan[job.test].seeds[job.seed_index];
      seed.result = SeedResult{};
      seed.result.message = budget_message(*settings.budget_s, started_job);
      seed.limit = seed.result.message;
      ++(started_job ? stopped : unrun);
      display.seed_finished(false);
      if (--remaining[job.test] == 0) display.test_finished(grade.tests[job.test]);
    };
    for (std::size_t tag = 0; tag < started_jobs.size(); ++tag) {
      if (running[tag] && !started_jobs[tag].rerun) fail(started_jobs[tag], true);
    }
    for (const Job& job : queue) {
      if (!job.rerun) fail(job, false);
    }
    queue.clear();
    for (TestOutcome& test : grade.tests) {
      if (test.rerun && test.rerun->trace_file.empty() && test.rerun->output_file.empty()) {
        test.rerun->problem = "not traced: the grade's wall-clock budget ran out";
      }
    }
    grade.budget_note = "the grade's wall-clock budget of " + format_limit_seconds(*settings.budget_s) +
                        " s ran out: " + std::to_string(stopped) + " test-seeds were stopped and " +
                        std::to_string(unrun) + " not run; they count as failed";
  };

  while (true) {
    if (interrupted != nullptr && *interrupted != 0) {
      supervisor.kill_all();
      grade.interrupted = true;
      break;
    }
    if (settings.budget_s && std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() >
                                 *settings.budget_s) {
      stop_for_budget();
      break;
    }
    while (supervisor.has_room() && !queue.empty()) {
      Job job = queue.front();
      queue.pop_front();
      const TestPlan& test = plan[job.test];
      RunRequest request{test.scenario, test.seeds[job.seed_index], settings.verbose, {}, {}};
      request.schedule = settings.schedule;
      request.limits = limits_for(test.scenario->info, settings);
      request.artifact_stem = seed_file_stem(settings.trace_dir, settings.impl, test.scenario->info.name, request.seed);
      if (job.rerun) {
        request.trace_path = trace_file_path(settings.trace_dir, settings.impl, test.scenario->info.name, request.seed);
        request.trace_max_bytes = settings.trace_max_bytes;
      }
      started_jobs.push_back(job);
      supervisor.start(started_jobs.size() - 1, std::move(request));
    }
    if (supervisor.idle() && queue.empty()) break;

    for (Supervisor::Finished& finished : supervisor.wait(std::chrono::milliseconds(50))) {
      const Job job = started_jobs[finished.tag];
      if (job.rerun) {
        rerun_finished(job.test, std::move(finished.outcome));
        continue;
      }
      SeedOutcome& seed = grade.tests[job.test].seeds[job.seed_index];
      seed.seed = plan[job.test].seeds[job.seed_index];
      seed.result = std::move(finished.outcome.result);
      seed.output = std::move(finished.outcome.output);
      seed.duration_s = finished.outcome.duration_s;
      seed.limit = std::move(finished.outcome.limit);
      display.seed_finished(seed.result.passed);
      if (--remaining[job.test] == 0) test_complete(job.test);
    }

    std::vector<std::string> running;
    for (const Supervisor::Running& r : supervisor.running()) {
      const Job& job = started_jobs[r.tag];
      char simulated[32];
      std::snprintf(simulated, sizeof simulated, "@%.1fs", static_cast<double>(r.simulated_now) / 1e6);
      running.push_back(plan[job.test].scenario->info.name + "#" +
                        std::to_string(plan[job.test].seeds[job.seed_index]) + (job.rerun ? "(trace)" : "") +
                        simulated);
    }
    display.show_running(running);
  }
  display.done();
  grade.duration_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return grade;
}

}  // namespace store::grader
