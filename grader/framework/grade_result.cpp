#include "framework/grade_result.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace store::grader {

std::size_t TestOutcome::seeds_failed() const {
  return static_cast<std::size_t>(
      std::count_if(seeds.begin(), seeds.end(), [](const SeedOutcome& s) { return !s.result.passed; }));
}

const SeedOutcome* TestOutcome::first_failure() const {
  for (const SeedOutcome& s : seeds) {
    if (!s.result.passed) return &s;
  }
  return nullptr;
}

double TestOutcome::duration_s() const {
  double total = 0;
  for (const SeedOutcome& s : seeds) total += s.duration_s;
  return total;
}

int GradeResult::total() const {
  int total = 0;
  for (const TestOutcome& t : tests) total += t.points();
  return total;
}

int GradeResult::max_total() const {
  int total = 0;
  for (const TestOutcome& t : tests) total += t.scenario->info.points;
  return total;
}

std::size_t GradeResult::tests_passed() const {
  return static_cast<std::size_t>(
      std::count_if(tests.begin(), tests.end(), [](const TestOutcome& t) { return t.passed(); }));
}

std::string graded_line(const GradeResult& grade) {
  std::string line = "Graded: " + grade.impl + (grade.mode == "sandbox" ? " in the sandbox" : " in-process");
  line += "; sources " + (grade.sources_hash.empty() ? std::string("not hashed") : grade.sources_hash);
  line += grade.salt_fingerprint.empty() ? "; seeds 1..K" : "; seeds salted (salt " + grade.salt_fingerprint + ")";
  return line;
}

std::string replay_command(const std::string& replay_prefix, const std::string& test, std::uint64_t seed) {
  return replay_prefix + " --test " + test + " --seed " + std::to_string(seed) + " -v";
}

std::string shrink_command(const std::string& replay_prefix, const std::string& test, std::uint64_t seed) {
  return replay_prefix + " --test " + test + " --seed " + std::to_string(seed) + " --shrink";
}

std::string rerun_limit_note(const TraceRerun& rerun, const std::string& first_run_limit) {
  const std::string what =
      rerun.limit.empty()
          ? "the first run " + first_run_limit + "; the traced re-run said: " + rerun.rerun_verdict
          : "the traced re-run " + rerun.limit + " (tracing makes a run slower), so its trace stops early";
  return what + "; a run stopped by a limit says nothing about determinism";
}

std::string view_command(const std::string& trace_file) {
  const bool plain =
      trace_file.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/-+=:,@") ==
      std::string::npos;
  if (plain) return "./track view " + trace_file;
  std::string quoted = "'";
  for (char c : trace_file) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return "./track view " + quoted + "'";
}

std::vector<LabGroup> group_by_lab(const GradeResult& grade) {
  std::vector<LabGroup> groups;
  for (const TestOutcome& test : grade.tests) {
    int lab = test.scenario->info.lab;
    if (groups.empty() || groups.back().lab != lab) {
      LabGroup group;
      group.lab = lab;
      if (auto it = grade.lab_titles.find(lab); it != grade.lab_titles.end()) group.title = it->second;
      groups.push_back(std::move(group));
    }
    LabGroup& group = groups.back();
    group.tests.push_back(&test);
    group.score += test.points();
    group.max_score += test.scenario->info.points;
  }
  return groups;
}

std::vector<FigureSummary> summarize_figures(const TestOutcome& test) {
  std::vector<FigureSummary> summaries;
  for (const SeedOutcome& seed : test.seeds) {
    for (const Figure& figure : seed.result.figures) {
      auto it = std::find_if(summaries.begin(), summaries.end(),
                             [&](const FigureSummary& s) { return s.name == figure.name && s.unit == figure.unit; });
      if (it == summaries.end()) {
        summaries.push_back(FigureSummary{figure.name, figure.unit, {}, 0, 0, 0});
        it = summaries.end() - 1;
      }
      it->values.emplace_back(seed.seed, figure.value);
    }
  }
  for (FigureSummary& s : summaries) {
    std::vector<double> sorted;
    for (const auto& [seed, value] : s.values) sorted.push_back(value);
    std::sort(sorted.begin(), sorted.end());
    if (sorted.empty()) continue;  // cannot happen: a summary exists because a seed reported it
    s.min = sorted.front();
    s.max = sorted.back();
    std::size_t mid = sorted.size() / 2;
    s.median = sorted.size() % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
  return summaries;
}

std::string format_number(double value) {
  char text[64];
  if (!std::isfinite(value)) return std::isnan(value) ? "nan" : (value > 0 ? "inf" : "-inf");
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    std::snprintf(text, sizeof text, "%.0f", value);
  } else if (std::fabs(value) >= 100) {
    std::snprintf(text, sizeof text, "%.1f", value);
  } else {
    std::snprintf(text, sizeof text, "%.3g", value);
  }
  return text;
}

std::string format_duration(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, seconds < 10 ? "%.2f s" : "%.1f s", seconds);
  return text;
}

}  // namespace store::grader
