// Runs the store-grade-selftest binary, whose lab 0 scenarios misbehave on
// purpose, and checks that the grader reports each misbehaviour for what it is
// and survives all of them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "run_command.h"
#include "testing/temp_dir.h"

namespace store::grader {
namespace {

using nlohmann::json;
using store::testing::read_file;
using store::testing::TempDir;
using testing_support::CommandResult;
using testing_support::run_command;

const std::string kGrader = STORE_SELFTEST_GRADER;

// Every selftest scenario, and the message its (first) failure must carry. An
// empty message: the test must pass.
const std::map<std::string, std::string>& expected_verdicts() {
  static const std::map<std::string, std::string> verdicts = {
      {"passes", ""},
      {"deterministic-hash", ""},
      {"fails-on-even-seeds", "the answer was 41, expected 42"},
      {"throws", "uncaught exception: the selftest threw on purpose"},
      {"reaches-todo", "TODO(lab0) reached in "},
      {"segfaults", "killed by SIGSEGV"},
      {"aborts", "killed by SIGABRT (abort: assertion failed?)"},
      {"hangs", "no progress after 0.5 s (simulated time stuck at 3.200 s)"},
      {"runs-too-long", "exceeded the time limit of 0.5 s"},
      {"allocates-without-bound", "exceeded the memory limit of 96 MiB"},
      {"exits-early", "exited without reporting a result (exit status 3)"},
      {"floods-its-output", "failed after flooding its output"},
      {"swallows-its-failure", "a monitor saw two leaders in term 3"},
      {"message-storm", "message storm: "},
      {"needs-two-episodes", "the bug needs episodes 3 and 8 (8 lasted 400 ms)"},
  };
  return verdicts;
}

// Removes every field whose value depends on the clock.
json without_durations(json j) {
  if (j.is_object()) {
    j.erase("duration_s");
    for (auto& [key, value] : j.items()) value = without_durations(value);
  } else if (j.is_array()) {
    for (auto& value : j) value = without_durations(value);
  }
  return j;
}

struct FullRun {
  TempDir dir;
  CommandResult result;
  json report;
  json gradescope;
};

// One grade of every self-test scenario, with both reports.
std::unique_ptr<FullRun> run_full() {
  auto run = std::make_unique<FullRun>();
  run->result =
      run_command(kGrader,
                  {"--jobs", "2", "--json", run->dir.file("report.json"), "--gradescope",
                   run->dir.file("gradescope.json"), "--trace-dir", run->dir.file("traces"), "--trace-limit", "1"},
                  run->dir.path().string());
  run->report = json::parse(read_file(run->dir.file("report.json")), nullptr, false);
  run->gradescope = json::parse(read_file(run->dir.file("gradescope.json")), nullptr, false);
  return run;
}

const json* find_test(const json& report, const std::string& name) {
  for (const json& lab : report["labs"]) {
    for (const json& test : lab["tests"]) {
      if (test["name"] == name) return &test;
    }
  }
  return nullptr;
}

void check_the_grader_survives_and_exits_with_one(const FullRun& run) {
  EXPECT_EQ(run.result.signal, 0);
  EXPECT_EQ(run.result.exit_status, 1) << run.result.err;
  EXPECT_NE(run.result.out.find("Total: 2/15 points; 2 of 15 tests passed"), std::string::npos) << run.result.out;
}

void check_each_scenario_has_the_right_reason(const FullRun& run) {
  for (const auto& [name, message] : expected_verdicts()) {
    SCOPED_TRACE(name);
    const json* test = find_test(run.report, name);
    ASSERT_NE(test, nullptr);
    if (message.empty()) {
      EXPECT_EQ((*test)["passed"], true) << test->dump(2);
      EXPECT_EQ((*test)["points"], 1);
      EXPECT_EQ((*test)["seeds_failed"], 0);
      continue;
    }
    EXPECT_EQ((*test)["passed"], false);
    EXPECT_EQ((*test)["points"], 0);
    std::string actual = (*test)["message"];
    EXPECT_EQ(actual.rfind(message, 0), 0u) << "message: " << actual;
  }
  // The student-facing TODO text is shown verbatim.
  std::string todo = (*find_test(run.report, "reaches-todo"))["message"];
  EXPECT_NE(todo.find("see docs/grader.md#the-self-test"), std::string::npos) << todo;
}

void check_the_json_schema(const FullRun& run) {
  const json& r = run.report;
  EXPECT_EQ(r["impl"], "selftest");
  EXPECT_EQ(r["total"], 2);
  EXPECT_EQ(r["max_total"], 15);
  ASSERT_EQ(r["labs"].size(), 1u);
  const json& lab = r["labs"][0];
  EXPECT_EQ(lab["lab"], 0);
  EXPECT_EQ(lab["title"], "framework self-test");
  EXPECT_EQ(lab["score"], 2);
  EXPECT_EQ(lab["max_score"], 15);
  ASSERT_EQ(lab["tests"].size(), expected_verdicts().size());
  for (const json& test : lab["tests"]) {
    SCOPED_TRACE(test.value("name", "?"));
    for (const char* key : {"name", "points", "max_points", "passed", "seeds_run", "seeds_failed", "first_failing_seed",
                            "replay", "message", "figures", "duration_s"}) {
      EXPECT_TRUE(test.contains(key)) << key;
    }
    EXPECT_TRUE(test["name"].is_string());
    EXPECT_TRUE(test["points"].is_number_integer());
    EXPECT_TRUE(test["max_points"].is_number_integer());
    EXPECT_TRUE(test["passed"].is_boolean());
    EXPECT_TRUE(test["seeds_run"].is_number_integer());
    EXPECT_TRUE(test["seeds_failed"].is_number_integer());
    EXPECT_TRUE(test["message"].is_string());
    if (test["passed"]) {
      EXPECT_TRUE(test["first_failing_seed"].is_null());
      EXPECT_TRUE(test["replay"].is_null());
    } else {
      EXPECT_TRUE(test["first_failing_seed"].is_number_integer());
      std::string replay = test["replay"];
      EXPECT_EQ(replay, kGrader + " --test " + test["name"].get<std::string>() + " --seed " +
                            std::to_string(test["first_failing_seed"].get<int>()) + " -v");
    }
  }
  // Order is the registration order in the file.
  EXPECT_EQ(lab["tests"][0]["name"], "passes");
  EXPECT_EQ(lab["tests"][1]["name"], "deterministic-hash");
  // Trace hashes: "<test>/<seed>" -> 16 hex digits, for every seed that set one.
  const json& hashes = r["trace_hashes"];
  for (const char* key : {"deterministic-hash/1", "deterministic-hash/2", "deterministic-hash/3",
                          "fails-on-even-seeds/1", "fails-on-even-seeds/3"}) {
    ASSERT_TRUE(hashes.contains(key)) << key << " in " << hashes.dump();
    std::string hex = hashes[key];
    EXPECT_EQ(hex.size(), 16u);
    EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos) << hex;
  }
  EXPECT_NE(hashes["deterministic-hash/1"], hashes["deterministic-hash/2"]);
  // Figures travel from the child to the report.
  const json& figure = (*find_test(r, "passes"))["figures"][0];
  EXPECT_EQ(figure["name"], "answer");
  EXPECT_EQ(figure["median"], 42);
  EXPECT_EQ(figure["unit"], "units");
}

void check_scores_are_all_or_nothing(const FullRun& run) {
  const json& fails = *find_test(run.report, "fails-on-even-seeds");
  EXPECT_EQ(fails["seeds_run"], 3);
  EXPECT_EQ(fails["seeds_failed"], 1);
  EXPECT_EQ(fails["first_failing_seed"], 2);
  EXPECT_EQ(fails["points"], 0);
  EXPECT_EQ(fails["max_points"], 1);
}

void check_a_failure_gets_a_trace_and_its_output_is_saved(const FullRun& run) {
  const json& fails = *find_test(run.report, "fails-on-even-seeds");
  std::string trace = run.dir.file("traces/selftest/fails-on-even-seeds-seed2.jsonl");
  EXPECT_EQ(fails["trace_file"], trace);
  EXPECT_TRUE(std::filesystem::exists(trace));
  EXPECT_EQ(read_file(trace), "{\"selftest\":\"fails-on-even-seeds\",\"seed\":2}\n");
  EXPECT_EQ(fails["rerun_same_verdict"], true);
  // The child's stdout is captured: saved beside the trace, not on the grader's stdout.
  std::string output = read_file(fails["output_file"]);
  EXPECT_NE(output.find("selftest: computing the answer for seed 2"), std::string::npos) << output;
  EXPECT_NE(output.find("about to check the answer"), std::string::npos) << output;
  EXPECT_EQ(run.result.out.find("selftest: computing"), std::string::npos);
  EXPECT_NE(run.result.out.find("trace:  " + trace), std::string::npos) << run.result.out;
  EXPECT_NE(run.result.out.find("view:   ./track view " + trace), std::string::npos) << run.result.out;
  EXPECT_EQ(fails["view"], "./track view " + trace);
  // Every failure was re-run the same way (the storm's re-run is stopped by its time limit; see below).
  for (const auto& [name, message] : expected_verdicts()) {
    if (!message.empty() && name != "message-storm") {
      EXPECT_EQ((*find_test(run.report, name))["rerun_same_verdict"], true) << name;
    }
  }
  // A flood of output keeps only its end, and says how much is missing.
  std::string flood = read_file((*find_test(run.report, "floods-its-output"))["output_file"]);
  EXPECT_NE(flood.find("earlier bytes of output dropped]"), std::string::npos);
  EXPECT_NE(flood.find("selftest: the last line of a long output"), std::string::npos);
  EXPECT_LT(flood.size(), 100u * 1024u);
  // A scenario that writes no trace gets no trace path.
  EXPECT_TRUE((*find_test(run.report, "segfaults"))["trace_file"].is_null());
}

void check_gradescope_results(const FullRun& run) {
  const json& g = run.gradescope;
  ASSERT_TRUE(g.is_object());
  EXPECT_EQ(g["score"], 2);
  ASSERT_EQ(g["tests"].size(), expected_verdicts().size());
  for (const json& test : g["tests"]) {
    for (const char* key : {"name", "score", "max_score", "output", "visibility"}) {
      EXPECT_TRUE(test.contains(key)) << key;
    }
  }
}

// A message storm's traced re-run writes far past the cap and is stopped by
// the time limit: the trace stays within the cap and ends in whole lines, and
// the report calls it a limit, not non-determinism.
void check_a_storm_keeps_its_trace_within_the_cap(const FullRun& run) {
  const json& storm = *find_test(run.report, "message-storm");
  EXPECT_TRUE(storm["rerun_same_verdict"].is_null()) << storm.dump(2);
  const std::string note = storm.value("rerun_note", "");
  EXPECT_NE(note.find("the traced re-run exceeded the time limit of 2 s"), std::string::npos) << note;
  EXPECT_NE(note.find("says nothing about determinism"), std::string::npos) << note;
  EXPECT_EQ(run.result.out.find("NOT DETERMINISTIC"), std::string::npos) << run.result.out;
  EXPECT_NE(run.result.out.find("note:   the traced re-run exceeded the time limit"), std::string::npos)
      << run.result.out;

  const std::string trace = run.dir.file("traces/selftest/message-storm-seed1.jsonl");
  ASSERT_EQ(storm["trace_file"], trace);
  EXPECT_LE(std::filesystem::file_size(trace), 1024u * 1024u) << "--trace-limit 1 (MiB)";
  std::vector<json> lines;
  std::istringstream in(read_file(trace));
  for (std::string line; std::getline(in, line);) {
    lines.push_back(json::parse(line, nullptr, false));
    ASSERT_FALSE(lines.back().is_discarded()) << "line " << lines.size() << ": " << line.substr(0, 200);
  }
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines.front()["ev"], "start");
  // Cut at the cap, then killed at the time limit (no trace-end), then the grader's verdict.
  EXPECT_EQ(lines[lines.size() - 2]["ev"], "trace-cut");
  EXPECT_EQ(lines[lines.size() - 2]["limit"], 1024 * 1024);
  const json& verdict = lines.back();
  EXPECT_EQ(verdict["ev"], "verdict");
  EXPECT_EQ(verdict["test"], "message-storm");
  EXPECT_EQ(verdict["message"].get<std::string>().rfind("message storm: ", 0), 0u);
  EXPECT_NE(verdict.value("rerun", "").find("time limit"), std::string::npos) << verdict.dump();
}

// One grade checked from every side (each grade costs a couple of seconds of
// deliberate hangs, so the checks share it).
TEST(GraderEndToEnd, GradingTheSelfTest) {
  std::unique_ptr<FullRun> run = run_full();
  ASSERT_FALSE(run->report.is_discarded()) << run->result.err;
  {
    SCOPED_TRACE("the grader survives every misbehaviour and exits with 1");
    check_the_grader_survives_and_exits_with_one(*run);
  }
  {
    SCOPED_TRACE("each scenario is reported with the right reason");
    check_each_scenario_has_the_right_reason(*run);
  }
  {
    SCOPED_TRACE("the JSON report matches the schema");
    check_the_json_schema(*run);
  }
  {
    SCOPED_TRACE("scores are all or nothing");
    check_scores_are_all_or_nothing(*run);
  }
  {
    SCOPED_TRACE("a failure gets a trace file and its output is saved");
    check_a_failure_gets_a_trace_and_its_output_is_saved(*run);
  }
  {
    SCOPED_TRACE("a message storm's trace stays within the cap, and its stopped re-run is no determinism failure");
    check_a_storm_keeps_its_trace_within_the_cap(*run);
  }
  {
    SCOPED_TRACE("the Gradescope results");
    check_gradescope_results(*run);
  }
}

TEST(GraderEndToEnd, TwoGradesGiveTheSameJsonApartFromDurations) {
  std::unique_ptr<FullRun> first = run_full();
  std::unique_ptr<FullRun> second = run_full();
  ASSERT_FALSE(first->report.is_discarded());
  ASSERT_FALSE(second->report.is_discarded());
  // The trace dirs differ between the two runs; make the paths comparable.
  auto replace_all = [](std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
      text.replace(at, from.size(), to);
    }
    return text;
  };
  std::string first_text = replace_all(without_durations(first->report).dump(2), first->dir.path().string(), "DIR");
  std::string second_text = replace_all(without_durations(second->report).dump(2), second->dir.path().string(), "DIR");
  EXPECT_EQ(first_text, second_text);
  EXPECT_NE(first->report.dump(), second->report.dump()) << "durations should differ, or the test proves nothing";
}

TEST(GraderEndToEndUsage, BadFlagsAndUnknownTestsExitWithTwo) {
  TempDir dir;
  CommandResult bad_flag = run_command(kGrader, {"--jbos", "2"}, dir.path().string());
  EXPECT_EQ(bad_flag.exit_status, 2);
  EXPECT_NE(bad_flag.err.find("unknown option '--jbos'; did you mean '--jobs'?"), std::string::npos) << bad_flag.err;

  CommandResult bad_value = run_command(kGrader, {"--seeds", "many"}, dir.path().string());
  EXPECT_EQ(bad_value.exit_status, 2);
  EXPECT_NE(bad_value.err.find("'many' is not a seed count"), std::string::npos) << bad_value.err;

  CommandResult typo = run_command(kGrader, {"--test", "segfault"}, dir.path().string());
  EXPECT_EQ(typo.exit_status, 2);
  EXPECT_NE(typo.err.find("unknown test 'segfault'; did you mean 'segfaults'?"), std::string::npos) << typo.err;

  CommandResult lab = run_command(kGrader, {"--lab", "1"}, dir.path().string());
  EXPECT_EQ(lab.exit_status, 2);
  EXPECT_NE(lab.err.find("unknown lab 1 (labs: 0)"), std::string::npos) << lab.err;

  CommandResult impl = run_command(kGrader, {"--impl", "labs"}, dir.path().string());
  EXPECT_EQ(impl.exit_status, 2);
  EXPECT_NE(impl.err.find("this grader grades 'selftest', not 'labs'"), std::string::npos) << impl.err;
}

TEST(GraderEndToEndUsage, ListShowsTheRegistry) {
  TempDir dir;
  CommandResult list = run_command(kGrader, {"--list"}, dir.path().string());
  EXPECT_EQ(list.exit_status, 0);
  for (const auto& [name, message] : expected_verdicts()) EXPECT_NE(list.out.find(name), std::string::npos) << name;
  EXPECT_NE(list.out.find("Lab 0: framework self-test"), std::string::npos) << list.out;
}

TEST(GraderEndToEndUsage, OnePassingSeedExitsWithZero) {
  TempDir dir;
  CommandResult run = run_command(kGrader, {"--test", "fails-on-even-seeds", "--seed", "7"}, dir.path().string());
  EXPECT_EQ(run.exit_status, 0) << run.err;
  EXPECT_NE(run.out.find("Total: 1/1 points; 1 of 1 tests passed"), std::string::npos) << run.out;
  // Nothing failed, so nothing was traced, not even in the default trace dir.
  EXPECT_FALSE(std::filesystem::exists(dir.path() / ".store"));
}

TEST(GraderEndToEndUsage, ReplayingAFailingSeedVerboselyShowsItsLogAndOutput) {
  TempDir dir;
  CommandResult run = run_command(kGrader, {"--test", "fails-on-even-seeds", "--seed", "2", "-v"}, dir.path().string());
  EXPECT_EQ(run.exit_status, 1) << run.err;
  for (const char* expected :
       {"seed 2  FAILED", "log: about to check the answer", "| selftest: computing the answer for seed 2",
        "the answer was 41, expected 42", "trace:  .store/traces/selftest/fails-on-even-seeds-seed2.jsonl"}) {
    EXPECT_NE(run.out.find(expected), std::string::npos) << "missing '" << expected << "' in:\n" << run.out;
  }
  EXPECT_TRUE(std::filesystem::exists(dir.path() / ".store/traces/selftest/fails-on-even-seeds-seed2.jsonl"));
}

TEST(GraderEndToEndUsage, SeedsFlagRunsSeedsOneToK) {
  TempDir dir;
  CommandResult run =
      run_command(kGrader, {"--test", "passes", "--seeds", "4", "--json", dir.file("r.json")}, dir.path().string());
  EXPECT_EQ(run.exit_status, 0) << run.err;
  json report = json::parse(read_file(dir.file("r.json")));
  const json& test = report["labs"][0]["tests"][0];
  EXPECT_EQ(test["seeds_run"], 4);
  ASSERT_EQ(test["seeds"].size(), 4u);
  EXPECT_EQ(test["seeds"][3]["seed"], 4);
}

// ---------------------------------------------------------------- --schedule and --shrink

std::string write_schedule(const TempDir& dir, const std::string& name, const std::string& text) {
  const std::string path = dir.file(name);
  std::ofstream(path) << text;
  return path;
}

TEST(GraderEndToEndShrink, ShrinksToTheTwoEpisodesTheFailureNeedsAndTheResultReplays) {
  TempDir dir;
  CommandResult shrink = run_command(
      kGrader, {"--test", "needs-two-episodes", "--seed", "1", "--shrink", "--trace-dir", "traces"}, dir.path().string());
  EXPECT_EQ(shrink.exit_status, 1) << shrink.err;
  for (const char* expected :
       {"Smallest failing schedule of needs-two-episodes seed 1: 2 of 12 episodes", "  1. episode 3 for 1 ms\n",
        "  2. episode 8 for 50 ms\n", "fails with: the bug needs episodes 3 and 8 (8 lasted 50 ms)",
        "replay:   " STORE_SELFTEST_GRADER " --schedule traces/selftest/needs-two-episodes-seed1-shrunk.schedule.json"
        " --test needs-two-episodes --seed 1 -v",
        "view:     ./track view traces/selftest/needs-two-episodes-seed1-shrunk.jsonl"}) {
    EXPECT_NE(shrink.out.find(expected), std::string::npos) << "missing '" << expected << "' in:\n" << shrink.out;
  }
  EXPECT_EQ(shrink.out.find("NOTE"), std::string::npos) << shrink.out;
  EXPECT_NE(shrink.err.find("shrink: it fails: the bug needs episodes 3 and 8 (8 lasted 400 ms)"), std::string::npos)
      << shrink.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "traces/selftest/needs-two-episodes-seed1-shrinking"));

  const std::string schedule = dir.file("traces/selftest/needs-two-episodes-seed1-shrunk.schedule.json");
  const json shrunk = json::parse(read_file(schedule));
  ASSERT_EQ(shrunk["events"].size(), 2u) << shrunk.dump(2);
  EXPECT_EQ(shrunk["events"][1]["length_us"], 50000);

  CommandResult replay = run_command(kGrader,
                                     {"--test", "needs-two-episodes", "--seed", "1", "--schedule", schedule, "--json",
                                      dir.file("replay.json"), "--trace-dir", "traces"},
                                     dir.path().string());
  EXPECT_EQ(replay.exit_status, 1) << replay.err;
  const json report = json::parse(read_file(dir.file("replay.json")));
  const json& test = report["labs"][0]["tests"][0];
  EXPECT_EQ(test["message"], "the bug needs episodes 3 and 8 (8 lasted 50 ms)");
  EXPECT_NE(test["replay"].get<std::string>().find("--schedule " + schedule), std::string::npos) << test.dump(2);
  EXPECT_EQ(test["schedule_file"], "traces/selftest/needs-two-episodes-seed1.schedule.json");
  EXPECT_EQ(json::parse(read_file(dir.file("traces/selftest/needs-two-episodes-seed1.schedule.json")))["events"],
            shrunk["events"]);
}

TEST(GraderEndToEndShrink, AFailureInOtherWordsIsNotTheSameFailure) {
  TempDir dir;
  const std::string only_three =
      write_schedule(dir, "three.json", R"({"events": [{"id": 3, "at_us": 300000, "length_us": 400000}]})");
  CommandResult replay = run_command(kGrader, {"--test", "needs-two-episodes", "--seed", "1", "--schedule", only_three},
                                     dir.path().string());
  EXPECT_EQ(replay.exit_status, 1) << replay.err;
  EXPECT_NE(replay.out.find("episode 3 alone breaks something else"), std::string::npos) << replay.out;
  // Shrinking from there keeps that failure, never the other one.
  CommandResult shrink = run_command(
      kGrader, {"--test", "needs-two-episodes", "--seed", "1", "--schedule", only_three, "--shrink"}, dir.path().string());
  EXPECT_EQ(shrink.exit_status, 1) << shrink.err;
  EXPECT_NE(shrink.out.find("1 of 1 episodes"), std::string::npos) << shrink.out;
  EXPECT_NE(shrink.out.find("fails with: episode 3 alone breaks something else"), std::string::npos) << shrink.out;
}

TEST(GraderEndToEndShrink, PassingSeedsScriptedTestsAndBadSchedulesAreSaidSo) {
  TempDir dir;
  const std::string harmless =
      write_schedule(dir, "one.json", R"({"events": [{"id": 1, "at_us": 0, "length_us": 1000}]})");
  CommandResult passes = run_command(
      kGrader, {"--test", "needs-two-episodes", "--seed", "1", "--schedule", harmless, "--shrink"}, dir.path().string());
  EXPECT_EQ(passes.exit_status, 0) << passes.err;
  EXPECT_NE(passes.out.find("needs-two-episodes seed 1 passes: there is no failure to shrink"), std::string::npos)
      << passes.out;

  CommandResult scripted =
      run_command(kGrader, {"--test", "fails-on-even-seeds", "--seed", "2", "--shrink"}, dir.path().string());
  EXPECT_EQ(scripted.exit_status, 2);
  EXPECT_NE(scripted.err.find("fails-on-even-seeds plays no fault schedule"), std::string::npos) << scripted.err;
  CommandResult scripted_replay = run_command(
      kGrader, {"--test", "fails-on-even-seeds", "--seed", "2", "--schedule", harmless}, dir.path().string());
  EXPECT_EQ(scripted_replay.exit_status, 2);
  EXPECT_NE(scripted_replay.err.find("plays no fault schedule"), std::string::npos) << scripted_replay.err;

  const std::string not_json = write_schedule(dir, "bad.json", "{events");
  CommandResult bad = run_command(kGrader, {"--test", "needs-two-episodes", "--seed", "1", "--schedule", not_json},
                                  dir.path().string());
  EXPECT_EQ(bad.exit_status, 2);
  EXPECT_NE(bad.err.find("bad.json is not JSON"), std::string::npos) << bad.err;
  const std::string no_id = write_schedule(dir, "no-id.json", R"({"events": [{"at_us": 0, "length_us": 1000}]})");
  CommandResult unplayable = run_command(
      kGrader, {"--test", "needs-two-episodes", "--seed", "1", "--schedule", no_id}, dir.path().string());
  EXPECT_EQ(unplayable.exit_status, 2);
  EXPECT_NE(unplayable.err.find("the schedule given cannot be played: every episode needs a whole \"id\""),
            std::string::npos)
      << unplayable.err;

  CommandResult no_seed = run_command(kGrader, {"--test", "needs-two-episodes", "--shrink"}, dir.path().string());
  EXPECT_EQ(no_seed.exit_status, 2);
  EXPECT_NE(no_seed.err.find("give --test NAME and --seed S"), std::string::npos) << no_seed.err;
}

}  // namespace
}  // namespace store::grader
