#include <gtest/gtest.h>

#include <sstream>

#include "framework/progress_display.h"
#include "framework/report_json.h"
#include "framework/report_text.h"

namespace store::grader {
namespace {

// A grade made by hand: lab 1 with a passing and a failing test, lab 2 with one passing test.
class GraderReport : public testing::Test {
 protected:
  GraderReport() {
    election_.info = make_info(1, "initial-election", 5, "docs/labs/lab1.md#election");
    backup_.info = make_info(1, "fast-backup", 10, "docs/labs/lab1.md#backup");
    kv_.info = make_info(2, "linearizable-kv", 20, "");

    grade_.impl = "labs";
    grade_.replay_prefix = "./track grade --impl labs";
    grade_.lab_titles = {{1, "Log replication"}, {2, "KV state machine"}};
    grade_.duration_s = 1.5;

    TestOutcome election{&election_, {seed(1, true, "", 0.1), seed(2, true, "", 0.2)}, std::nullopt};
    election.seeds[0].result.trace_hash = 0xaaULL;
    election.seeds[0].result.figures = {{"election time", 0.3, "s"}};
    election.seeds[1].result.figures = {{"election time", 0.5, "s"}, {"election time", 450, "ms"}};
    TestOutcome backup{&backup_,
                       {seed(1, true, "", 0.1), seed(2, false, "log mismatch at index 7", 0.3),
                        seed(3, false, "log mismatch at index 9", 0.2)},
                       std::nullopt};
    backup.seeds[1].result.log = {"leader 2 elected", "entry 7 lost"};
    backup.seeds[1].output = "debug line 1\ndebug line 2\n";
    TraceRerun rerun;
    rerun.seed = 2;
    rerun.trace_file = ".store/traces/labs/fast-backup-seed2.jsonl";
    rerun.output_file = ".store/traces/labs/fast-backup-seed2.output.txt";
    backup.rerun = rerun;
    TestOutcome kv{&kv_, {seed(4, true, "", 0.4)}, std::nullopt};
    grade_.tests = {election, backup, kv};
  }

  static ScenarioInfo make_info(int lab, std::string name, int points, std::string handout) {
    ScenarioInfo i;
    i.lab = lab;
    i.name = std::move(name);
    i.points = points;
    i.description = "checks " + i.name;
    i.handout = std::move(handout);
    return i;
  }
  static SeedOutcome seed(std::uint64_t s, bool passed, std::string message, double duration) {
    SeedOutcome o;
    o.seed = s;
    o.result.passed = passed;
    o.result.message = std::move(message);
    o.duration_s = duration;
    return o;
  }

  Scenario election_, backup_, kv_;
  GradeResult grade_;
};

TEST_F(GraderReport, TotalsScoreAllOrNothingPerTest) {
  EXPECT_EQ(grade_.total(), 25);
  EXPECT_EQ(grade_.max_total(), 35);
  EXPECT_EQ(grade_.tests_passed(), 2u);
  EXPECT_FALSE(grade_.all_passed());
  EXPECT_EQ(grade_.tests[1].points(), 0);
  EXPECT_EQ(grade_.tests[1].seeds_failed(), 2u);
  EXPECT_EQ(grade_.tests[1].first_failure()->seed, 2u);
}

TEST_F(GraderReport, JsonHasTheContractedSchema) {
  nlohmann::ordered_json j = report_json(grade_);
  EXPECT_EQ(j["impl"], "labs");
  EXPECT_EQ(j["total"], 25);
  EXPECT_EQ(j["max_total"], 35);
  ASSERT_EQ(j["labs"].size(), 2u);
  const auto& lab1 = j["labs"][0];
  EXPECT_EQ(lab1["lab"], 1);
  EXPECT_EQ(lab1["title"], "Log replication");
  EXPECT_EQ(lab1["score"], 5);
  EXPECT_EQ(lab1["max_score"], 15);
  ASSERT_EQ(lab1["tests"].size(), 2u);
  const auto& passing = lab1["tests"][0];
  EXPECT_EQ(passing["name"], "initial-election");
  EXPECT_EQ(passing["points"], 5);
  EXPECT_EQ(passing["max_points"], 5);
  EXPECT_EQ(passing["passed"], true);
  EXPECT_EQ(passing["seeds_run"], 2);
  EXPECT_EQ(passing["seeds_failed"], 0);
  EXPECT_TRUE(passing["first_failing_seed"].is_null());
  EXPECT_TRUE(passing["replay"].is_null());
  EXPECT_EQ(passing["message"], "");
  EXPECT_TRUE(passing["duration_s"].is_number());
  ASSERT_EQ(passing["figures"].size(), 2u);
  EXPECT_EQ(passing["figures"][1]["unit"], "ms");
  EXPECT_EQ(passing["figures"][1]["median"], 450);
  EXPECT_EQ(passing["figures"][0]["name"], "election time");
  EXPECT_EQ(passing["figures"][0]["unit"], "s");
  EXPECT_EQ(passing["figures"][0]["min"], 0.3);
  EXPECT_EQ(passing["figures"][0]["median"], 0.4);
  EXPECT_EQ(passing["figures"][0]["max"], 0.5);
  EXPECT_EQ(passing["figures"][0]["values"]["2"], 0.5);
  const auto& failing = lab1["tests"][1];
  EXPECT_EQ(failing["points"], 0);
  EXPECT_EQ(failing["max_points"], 10);
  EXPECT_EQ(failing["passed"], false);
  EXPECT_EQ(failing["seeds_run"], 3);
  EXPECT_EQ(failing["seeds_failed"], 2);
  EXPECT_EQ(failing["failing_seeds"], nlohmann::ordered_json::array({2, 3}));
  EXPECT_EQ(failing["first_failing_seed"], 2);
  EXPECT_EQ(failing["replay"], "./track grade --impl labs --test fast-backup --seed 2 -v");
  EXPECT_EQ(failing["message"], "log mismatch at index 7");
  EXPECT_EQ(failing["trace_file"], ".store/traces/labs/fast-backup-seed2.jsonl");
  EXPECT_EQ(failing["rerun_same_verdict"], true);
  EXPECT_EQ(failing["seeds"][1]["message"], "log mismatch at index 7");
  EXPECT_EQ(j["trace_hashes"], nlohmann::ordered_json({{"initial-election/1", "00000000000000aa"}}));
  EXPECT_TRUE(j["duration_s"].is_number());
}

TEST_F(GraderReport, JsonOnlyDurationsDependOnTheClock) {
  GradeResult slower = grade_;
  slower.duration_s = 99;
  for (TestOutcome& t : slower.tests) {
    for (SeedOutcome& s : t.seeds) s.duration_s += 1;
  }
  auto strip = [](nlohmann::ordered_json j) {
    j.erase("duration_s");
    for (auto& lab : j["labs"]) {
      for (auto& test : lab["tests"]) {
        test.erase("duration_s");
        for (auto& s : test["seeds"]) s.erase("duration_s");
      }
    }
    return j.dump();
  };
  EXPECT_NE(report_json(grade_).dump(), report_json(slower).dump());
  EXPECT_EQ(strip(report_json(grade_)), strip(report_json(slower)));
}

TEST_F(GraderReport, GradescopeResults) {
  nlohmann::ordered_json g = gradescope_json(grade_);
  EXPECT_EQ(g["score"], 25);
  ASSERT_EQ(g["tests"].size(), 3u);
  EXPECT_EQ(g["tests"][1]["name"], "lab 1: fast-backup");
  EXPECT_EQ(g["tests"][1]["number"], "1.2");
  EXPECT_EQ(g["tests"][1]["score"], 0);
  EXPECT_EQ(g["tests"][1]["max_score"], 10);
  EXPECT_EQ(g["tests"][1]["visibility"], "visible");
  std::string output = g["tests"][1]["output"];
  EXPECT_NE(output.find("log mismatch at index 7"), std::string::npos);
  EXPECT_NE(output.find("./track grade --impl labs --test fast-backup --seed 2 -v"), std::string::npos);
  EXPECT_EQ(g["tests"][2]["number"], "2.1");
  EXPECT_EQ(g["tests"][2]["score"], 20);
}

TEST_F(GraderReport, TextHasTablesFailuresAndTotal) {
  std::ostringstream out;
  write_text_report(out, grade_, false);
  std::string text = out.str();
  for (const char* expected : {"Lab 1: Log replication", "Lab 2: KV state machine", "initial-election", "5/5", "0/10",
                               "1/3", "seed 2: log mismatch at index 7", "election time: 0.4 s (median of 2",
                               "replay: ./track grade --impl labs --test fast-backup --seed 2 -v",
                               "trace:  .store/traces/labs/fast-backup-seed2.jsonl", "read:   docs/labs/lab1.md#backup",
                               "Total: 25/35 points; 2 of 3 tests passed"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << "missing '" << expected << "' in:\n" << text;
  }
  EXPECT_EQ(text.find("debug line"), std::string::npos) << "output is shown only with -v";
  EXPECT_EQ(text.find("entry 7 lost"), std::string::npos) << "log lines are shown only with -v";
}

TEST_F(GraderReport, VerboseTextHasSeedsLogsAndOutput) {
  std::ostringstream out;
  write_text_report(out, grade_, true);
  std::string text = out.str();
  for (const char* expected : {"seed 1  passed", "trace hash 00000000000000aa", "seed 2  FAILED", "log: entry 7 lost",
                               "| debug line 2", "election time = 0.3 s"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << "missing '" << expected << "' in:\n" << text;
  }
}

TEST_F(GraderReport, NonDeterminismIsCalledOut) {
  grade_.tests[1].rerun->same_verdict = false;
  grade_.tests[1].rerun->rerun_verdict = "passed";
  std::ostringstream out;
  write_text_report(out, grade_, false);
  EXPECT_NE(out.str().find("NOT DETERMINISTIC"), std::string::npos);
  nlohmann::ordered_json j = report_json(grade_);
  EXPECT_EQ(j["labs"][0]["tests"][1]["rerun_same_verdict"], false);
  EXPECT_EQ(j["labs"][0]["tests"][1]["rerun_verdict"], "passed");
}

// A message, log line or output line of the code under test cannot forge a
// report line or send escape codes to the terminal; JSON keeps it exact.
TEST_F(GraderReport, NewlinesAndTerminalEscapesFromTheCodeUnderTestAreEscaped) {
  const std::string forged = "oops\nTotal: 35/35 points\x1b[2J";
  SeedOutcome& failing = grade_.tests[1].seeds[1];
  failing.result.message = forged;
  failing.result.log = {"log \x1b]0;title\x07"};
  failing.output = "out \x1b[31mred\n";
  const std::string escaped = "oops\\nTotal: 35/35 points\\x1b[2J";
  for (const bool verbose : {false, true}) {
    std::ostringstream out;
    write_text_report(out, grade_, verbose);
    EXPECT_EQ(out.str().find('\x1b'), std::string::npos) << out.str();
    EXPECT_EQ(out.str().find("\nTotal: 35/35"), std::string::npos) << out.str();
    EXPECT_NE(out.str().find(escaped), std::string::npos) << out.str();
  }
  const std::string gradescope = gradescope_json(grade_)["tests"][1]["output"];
  EXPECT_NE(gradescope.find(escaped), std::string::npos) << gradescope;
  EXPECT_EQ(report_json(grade_)["labs"][0]["tests"][1]["message"], forged);

  std::ostringstream progress;
  ProgressDisplay display(progress, /*live=*/false, 5, 3);
  display.test_finished(grade_.tests[1]);
  EXPECT_EQ(progress.str().find('\x1b'), std::string::npos) << progress.str();
  EXPECT_NE(progress.str().find(escaped), std::string::npos) << progress.str();
}

TEST(GraderReportEmpty, NothingRanStillMakesValidReports) {
  GradeResult grade;
  grade.impl = "labs";
  grade.note = "no graded labs exist yet";
  std::ostringstream out;
  write_text_report(out, grade, false);
  EXPECT_EQ(out.str(), "no graded labs exist yet\n");
  nlohmann::ordered_json j = report_json(grade);
  EXPECT_EQ(j["total"], 0);
  EXPECT_EQ(j["max_total"], 0);
  EXPECT_TRUE(j["labs"].is_array() && j["labs"].empty());
  EXPECT_TRUE(j["trace_hashes"].is_object() && j["trace_hashes"].empty());
  EXPECT_EQ(j["note"], "no graded labs exist yet");
  nlohmann::ordered_json g = gradescope_json(grade);
  EXPECT_EQ(g["score"], 0);
  EXPECT_TRUE(g["tests"].empty());
}

TEST(GraderFormat, NumbersAndDurations) {
  EXPECT_EQ(format_number(42), "42");
  EXPECT_EQ(format_number(1.25), "1.25");
  EXPECT_EQ(format_number(0.000123), "0.000123");
  EXPECT_EQ(format_number(1234.5), "1234.5");
  EXPECT_EQ(format_duration(0.123), "0.12 s");
  EXPECT_EQ(format_duration(12.34), "12.3 s");
}

}  // namespace
}  // namespace store::grader
