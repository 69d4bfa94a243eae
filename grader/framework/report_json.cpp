#include "framework/report_json.h"

#include <cmath>

#include "core/printable.h"
#include "framework/output_tail.h"

namespace store::grader {

using nlohmann::ordered_json;

namespace {

ordered_json number_or_null(double value) { return std::isfinite(value) ? ordered_json(value) : ordered_json(); }

ordered_json figures_json(const TestOutcome& test) {
  ordered_json figures = ordered_json::array();
  for (const FigureSummary& f : summarize_figures(test)) {
    ordered_json values = ordered_json::object();
    for (const auto& [seed, value] : f.values) values[std::to_string(seed)] = number_or_null(value);
    figures.push_back({{"name", f.name},
                       {"unit", f.unit},
                       {"min", number_or_null(f.min)},
                       {"median", number_or_null(f.median)},
                       {"max", number_or_null(f.max)},
                       {"values", std::move(values)}});
  }
  return figures;
}

ordered_json test_json(const GradeResult& grade, const TestOutcome& test) {
  const ScenarioInfo& info = test.scenario->info;
  const SeedOutcome* failure = test.first_failure();
  ordered_json seeds = ordered_json::array();
  for (const SeedOutcome& s : test.seeds) {
    seeds.push_back({{"seed", s.seed},
                     {"passed", s.result.passed},
                     {"message", s.result.message},
                     {"trace_hash", s.result.trace_hash ? ordered_json(hex16(*s.result.trace_hash)) : ordered_json()},
                     {"duration_s", s.duration_s}});
  }
  ordered_json failing_seeds = ordered_json::array();
  for (const SeedOutcome& s : test.seeds) {
    if (!s.result.passed) failing_seeds.push_back(s.seed);
  }
  ordered_json json = {
      {"name", info.name},
      {"description", info.description},
      {"handout", info.handout},
      {"points", test.points()},
      {"max_points", info.points},
      {"passed", test.passed()},
      {"seeds_run", test.seeds.size()},
      {"seeds_failed", test.seeds_failed()},
      {"failing_seeds", std::move(failing_seeds)},
      {"first_failing_seed", failure ? ordered_json(failure->seed) : ordered_json()},
      {"replay",
       failure ? ordered_json(replay_command(grade.replay_prefix, info.name, failure->seed)) : ordered_json()},
      {"message", failure ? failure->result.message : ""},
  };
  const TraceRerun* rerun = test.rerun ? &*test.rerun : nullptr;
  json["trace_file"] = rerun && !rerun->trace_file.empty() ? ordered_json(rerun->trace_file) : ordered_json();
  json["output_file"] = rerun && !rerun->output_file.empty() ? ordered_json(rerun->output_file) : ordered_json();
  json["history_file"] = rerun && !rerun->history_file.empty() ? ordered_json(rerun->history_file) : ordered_json();
  json["view"] = rerun && !rerun->trace_file.empty() ? ordered_json(view_command(rerun->trace_file)) : ordered_json();
  json["schedule_file"] =
      rerun && !rerun->schedule_file.empty() ? ordered_json(rerun->schedule_file) : ordered_json();
  // False means the traced re-run of the failing seed disagreed: the scenario is not deterministic. Null when
  // the two could not be compared: a run stopped by a time, stall or memory limit (see rerun_note).
  json["rerun_same_verdict"] = rerun && rerun->comparable ? ordered_json(rerun->same_verdict) : ordered_json();
  if (rerun && !rerun->same_verdict) json["rerun_verdict"] = rerun->rerun_verdict;
  if (rerun && !rerun->comparable) json["rerun_note"] = rerun_limit_note(*rerun, failure->limit);
  json["figures"] = figures_json(test);
  json["seeds"] = std::move(seeds);
  json["duration_s"] = test.duration_s();
  return json;
}

std::string gradescope_output(const GradeResult& grade, const TestOutcome& test) {
  const ScenarioInfo& info = test.scenario->info;
  std::string text = info.description + "\n";
  if (test.passed()) {
    text += "Passed all " + std::to_string(test.seeds.size()) + " seeds.\n";
  } else {
    const SeedOutcome& failure = *test.first_failure();
    text += "Failed " + std::to_string(test.seeds_failed()) + " of " + std::to_string(test.seeds.size()) +
            " seeds. First failing seed: " + std::to_string(failure.seed) + "\n" + printable(failure.result.message) +
            "\n" + "Replay it: " + replay_command(grade.replay_prefix, info.name, failure.seed) + "\n";
  }
  for (const FigureSummary& f : summarize_figures(test)) {
    text += f.name + ": " + format_number(f.median) + (f.unit.empty() ? "" : " " + f.unit) + "\n";
  }
  if (!info.handout.empty()) text += "Handout: " + info.handout + "\n";
  return text;
}

}  // namespace

ordered_json report_json(const GradeResult& grade) {
  ordered_json labs = ordered_json::array();
  ordered_json trace_hashes = ordered_json::object();
  for (const LabGroup& group : group_by_lab(grade)) {
    ordered_json tests = ordered_json::array();
    for (const TestOutcome* test : group.tests) {
      tests.push_back(test_json(grade, *test));
      for (const SeedOutcome& s : test->seeds) {
        if (s.result.trace_hash) {
          trace_hashes[test->scenario->info.name + "/" + std::to_string(s.seed)] = hex16(*s.result.trace_hash);
        }
      }
    }
    labs.push_back({{"lab", group.lab},
                    {"title", group.title},
                    {"score", group.score},
                    {"max_score", group.max_score},
                    {"tests", std::move(tests)}});
  }
  ordered_json json = {
      {"impl", grade.impl},
      {"mode", grade.mode},
      {"sources_hash", grade.sources_hash.empty() ? ordered_json() : ordered_json(grade.sources_hash)},
      {"seed_salt_fingerprint", grade.salt_fingerprint.empty() ? ordered_json() : ordered_json(grade.salt_fingerprint)},
      {"total", grade.total()},
      {"max_total", grade.max_total()},
      {"tests_passed", grade.tests_passed()},
      {"tests_run", grade.tests.size()},
      {"passed", grade.all_passed()},
  };
  if (!grade.note.empty()) json["note"] = grade.note;
  if (!grade.budget_note.empty()) json["budget_note"] = grade.budget_note;
  if (grade.build_errors) json["build_errors"] = *grade.build_errors;
  json["labs"] = std::move(labs);
  json["trace_hashes"] = std::move(trace_hashes);
  json["duration_s"] = grade.duration_s;
  return json;
}

ordered_json gradescope_json(const GradeResult& grade) {
  ordered_json tests = ordered_json::array();
  for (const LabGroup& group : group_by_lab(grade)) {
    int number = 0;
    for (const TestOutcome* test : group.tests) {
      const ScenarioInfo& info = test->scenario->info;
      tests.push_back({{"name", "lab " + std::to_string(info.lab) + ": " + info.name},
                       {"number", std::to_string(info.lab) + "." + std::to_string(++number)},
                       {"score", test->points()},
                       {"max_score", info.points},
                       {"status", test->passed() ? "passed" : "failed"},
                       {"output", gradescope_output(grade, *test)},
                       {"visibility", "visible"}});
    }
  }
  std::string summary = grade.tests.empty() ? grade.note
                                            : std::to_string(grade.total()) + "/" + std::to_string(grade.max_total()) +
                                                  " points; " + std::to_string(grade.tests_passed()) + " of " +
                                                  std::to_string(grade.tests.size()) + " tests passed";
  if (!grade.budget_note.empty()) summary += "\n" + grade.budget_note;
  if (grade.build_errors) {
    summary = "0/" + std::to_string(grade.max_total()) + " points: the code could not be built.\n";
    for (const std::string& line : last_lines(*grade.build_errors, 60)) summary += printable(line) + "\n";
  }
  summary += "\n" + graded_line(grade);
  return {{"score", grade.total()},
          {"output", summary},
          {"visibility", "visible"},
          {"stdout_visibility", "visible"},
          {"tests", std::move(tests)}};
}

std::string dump_json(const nlohmann::ordered_json& json) {
  return json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace store::grader
