#include "framework/grader_main.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "framework/selection.h"
#include "framework/test_context.h"
#include "testing/temp_dir.h"

namespace store::grader {
namespace {

using store::testing::read_file;
using store::testing::TempDir;

struct GradeRun {
  int status = 0;
  std::string out;
  std::string err;
};

GradeRun grade(const Registry& registry, std::vector<std::string> args, std::string impl = "labs") {
  std::ostringstream out;
  std::ostringstream err;
  GradeRun run;
  run.status = run_grader(args, registry, GraderIdentity{impl, "store-grade-" + impl}, out, err, false);
  run.out = out.str();
  run.err = err.str();
  return run;
}

ScenarioInfo info(int lab, std::string name, int points = 1, int seeds = 2) {
  ScenarioInfo i;
  i.lab = lab;
  i.name = std::move(name);
  i.points = points;
  i.description = "describes " + i.name;
  i.handout = "docs/labs/lab" + std::to_string(lab) + ".md#" + i.name;
  i.default_seeds = seeds;
  return i;
}

TEST(GraderMain, AnEmptyRegistryIsNotAFailure) {
  TempDir dir;
  Registry empty;
  GradeRun run = grade(empty, {"--lab", "1", "--json", dir.file("r.json"), "--gradescope", dir.file("g.json")});
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(run.out, "no graded labs exist yet\n");
  nlohmann::json report = nlohmann::json::parse(read_file(dir.file("r.json")));
  EXPECT_EQ(report["impl"], "labs");
  EXPECT_EQ(report["total"], 0);
  EXPECT_EQ(report["max_total"], 0);
  EXPECT_EQ(report["note"], "no graded labs exist yet");
  EXPECT_TRUE(report["labs"].empty());
  nlohmann::json gradescope = nlohmann::json::parse(read_file(dir.file("g.json")));
  EXPECT_EQ(gradescope["score"], 0);
  EXPECT_EQ(grade(empty, {"--list"}).out, "no graded labs exist yet\n");
}

TEST(GraderMain, UsageErrorsExitWithTwo) {
  Registry r;
  r.add(info(1, "initial-election"), [](TestContext&) {});
  r.add_lab(2, "KV");
  GradeRun bad_flag = grade(r, {"--sed", "3"});
  EXPECT_EQ(bad_flag.status, 2);
  EXPECT_NE(bad_flag.err.find("unknown option '--sed'; did you mean '--seed'?"), std::string::npos) << bad_flag.err;
  EXPECT_NE(bad_flag.err.find("--help"), std::string::npos);

  GradeRun typo = grade(r, {"--test", "initial-elections"});
  EXPECT_EQ(typo.status, 2);
  EXPECT_NE(typo.err.find("did you mean 'initial-election'?"), std::string::npos) << typo.err;

  GradeRun wrong_lab = grade(r, {"--test", "initial-election", "--lab", "2"});
  EXPECT_EQ(wrong_lab.status, 2);
  EXPECT_NE(wrong_lab.err.find("is in lab 1, not in --lab 2"), std::string::npos) << wrong_lab.err;

  GradeRun unknown_lab = grade(r, {"--lab", "6"});
  EXPECT_EQ(unknown_lab.status, 2);
  EXPECT_NE(unknown_lab.err.find("unknown lab 6 (labs: 1, 2)"), std::string::npos) << unknown_lab.err;

  GradeRun wrong_impl = grade(r, {"--impl", "solutions"}, "labs");
  EXPECT_EQ(wrong_impl.status, 2);
  EXPECT_NE(wrong_impl.err.find("grades 'labs', not 'solutions'"), std::string::npos) << wrong_impl.err;

  GradeRun unwritable = grade(r, {"--json", "/nonexistent-dir/r.json"});
  EXPECT_EQ(unwritable.status, 2);
  EXPECT_NE(unwritable.err.find("cannot write /nonexistent-dir/r.json"), std::string::npos) << unwritable.err;
}

TEST(GraderMain, ADeclaredLabWithoutTestsIsNotAFailure) {
  Registry r;
  r.add(info(1, "initial-election"), [](TestContext&) {});
  r.add_lab(2, "KV");
  GradeRun run = grade(r, {"--lab", "2"});
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(run.out, "lab 2 has no graded tests yet\n");
}

TEST(GraderMain, RegistrationErrorsStopTheGrader) {
  Registry r;
  r.add(
      info(1, "same"), [](TestContext&) {}, "a.cpp", 1);
  r.add(
      info(1, "same"), [](TestContext&) {}, "b.cpp", 2);
  GradeRun run = grade(r, {});
  EXPECT_EQ(run.status, 2);
  EXPECT_NE(run.err.find("duplicate scenario name 'same'"), std::string::npos) << run.err;
}

TEST(GraderMain, HelpAndList) {
  Registry r;
  r.add(info(1, "initial-election", 5, 3), [](TestContext&) {});
  r.add_lab(1, "Log replication");
  GradeRun help = grade(r, {"--help"});
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("usage: store-grade-labs"), std::string::npos);
  GradeRun list = grade(r, {"--list"});
  EXPECT_EQ(list.status, 0);
  for (const char* expected : {"Lab 1: Log replication", "initial-election", "describes initial-election",
                               "docs/labs/lab1.md#initial-election"}) {
    EXPECT_NE(list.out.find(expected), std::string::npos) << expected << " missing from:\n" << list.out;
  }
}

TEST(GraderMain, RunsTestsAndExitsWithOneOnAFailure) {
  TempDir dir;
  Registry r;
  r.add(info(1, "good", 3), [](TestContext& ctx) { ctx.progress(1); });
  r.add(info(1, "bad", 4), [](TestContext& ctx) {
    if (ctx.seed() == 2) ctx.fail("seed two is bad");
  });
  GradeRun run = grade(r, {"--jobs", "2", "--trace-dir", dir.file("traces"), "--json", dir.file("r.json")});
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_NE(run.out.find("Total: 3/7 points; 1 of 2 tests passed"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("replay: ./track grade --impl labs --test bad --seed 2 -v"), std::string::npos) << run.out;
  EXPECT_NE(run.err.find("FAILED  lab 1 bad (1/2 seeds passed): seed 2: seed two is bad"), std::string::npos)
      << run.err;
  nlohmann::json report = nlohmann::json::parse(read_file(dir.file("r.json")));
  EXPECT_EQ(report["total"], 3);
  EXPECT_EQ(report["labs"][0]["tests"][1]["first_failing_seed"], 2);

  GradeRun only_good = grade(r, {"--test", "good", "--trace-dir", dir.file("traces")});
  EXPECT_EQ(only_good.status, 0) << only_good.err;
  GradeRun good_seed = grade(r, {"--test", "bad", "--seed", "3", "--trace-dir", dir.file("traces")});
  EXPECT_EQ(good_seed.status, 0) << good_seed.err;
}

TEST(GraderMain, HiddenSeedsFromASaltFileAreFingerprintedNotShown) {
  TempDir dir;
  Registry r;
  r.add(info(1, "odd", 2, 3), [](TestContext& ctx) {
    if (ctx.seed() % 2 == 1) ctx.fail("odd seed");
  });
  {
    std::ofstream salt(dir.file("salt"));
    salt << "  spring-2027\n";  // the whitespace around it is not part of it
  }
  GradeRun run = grade(r, {"--seed-salt-file", dir.file("salt"), "--json", dir.file("r.json"), "--gradescope",
                           dir.file("g.json"), "--trace-dir", dir.file("traces")});
  EXPECT_EQ(run.status, 1) << run.err;
  nlohmann::json report = nlohmann::json::parse(read_file(dir.file("r.json")));
  EXPECT_EQ(report["seed_salt_fingerprint"], salt_fingerprint("spring-2027"));
  std::vector<std::uint64_t> seeds;
  for (const auto& seed : report["labs"][0]["tests"][0]["seeds"]) seeds.push_back(seed["seed"]);
  EXPECT_EQ(seeds, (std::vector<std::uint64_t>{salted_seed("spring-2027", 1), salted_seed("spring-2027", 2),
                                               salted_seed("spring-2027", 3)}));
  for (const std::string& text : {run.out, read_file(dir.file("r.json")), read_file(dir.file("g.json"))}) {
    EXPECT_EQ(text.find("spring-2027"), std::string::npos) << "the salt itself is in a report";
  }
  EXPECT_NE(run.out.find("seeds salted (salt " + salt_fingerprint("spring-2027") + ")"), std::string::npos) << run.out;

  // The report's replay command works without the salt: it names the salted seed itself.
  const nlohmann::json& test = report["labs"][0]["tests"][0];
  std::uint64_t failing = 0;
  for (const auto& seed : test["seeds"]) {
    if (seed["passed"] == false && failing == 0) failing = seed["seed"];
  }
  ASSERT_NE(failing, 0u) << "the salted seeds include an odd one";
  const std::string replay = test["replay"];
  EXPECT_NE(replay.find("--seed " + std::to_string(failing)), std::string::npos) << replay;
  GradeRun replayed = grade(r, {"--test", "odd", "--seed", std::to_string(failing), "--json", dir.file("replay.json")});
  EXPECT_EQ(replayed.status, 1) << replayed.out;
  const nlohmann::json again = nlohmann::json::parse(read_file(dir.file("replay.json")));
  ASSERT_EQ(again["labs"][0]["tests"][0]["seeds"].size(), 1u);
  EXPECT_EQ(again["labs"][0]["tests"][0]["seeds"][0]["seed"], failing);
  EXPECT_EQ(again["labs"][0]["tests"][0]["seeds"][0]["message"], "odd seed");

  std::ofstream(dir.file("empty")) << "\n";
  GradeRun empty = grade(r, {"--seed-salt-file", dir.file("empty")});
  EXPECT_EQ(empty.status, 2);
  EXPECT_NE(empty.err.find("cannot read a salt from"), std::string::npos) << empty.err;
}

TEST(GraderMain, PolicyLimitsReplaceEachTestsOwn) {
  TempDir dir;
  Registry r;
  r.add(info(1, "hangs", 1, 1), [](TestContext& ctx) {
    ctx.progress(5);
    while (true) {
    }
  });
  GradeRun run = grade(r, {"--stall-limit", "0.3", "--trace-dir", dir.file("traces"), "--json", dir.file("r.json")});
  EXPECT_EQ(run.status, 1) << run.err;
  nlohmann::json report = nlohmann::json::parse(read_file(dir.file("r.json")));
  EXPECT_EQ(report["labs"][0]["tests"][0]["message"], "no progress after 0.3 s (simulated time stuck at 0.000 s)");
}

TEST(GraderMain, TheBudgetStopsWhatRunsAndFailsWhatIsLeftButTheReportsAreWritten) {
  TempDir dir;
  Registry r;
  r.add(info(1, "quick", 2, 1), [](TestContext& ctx) { ctx.progress(1); });
  r.add(info(1, "slow", 3, 4), [](TestContext& ctx) {
    for (Micros t = 1;; ++t) ctx.progress(t);  // alive, never done
  });
  GradeRun run = grade(r, {"--jobs", "1", "--budget", "1", "--trace-dir", dir.file("traces"), "--json",
                           dir.file("r.json"), "--gradescope", dir.file("g.json")});
  EXPECT_EQ(run.status, 1) << run.err;
  nlohmann::json report = nlohmann::json::parse(read_file(dir.file("r.json")));
  EXPECT_EQ(report["total"], 2) << "what finished in time keeps its points";
  const auto& slow = report["labs"][0]["tests"][1];
  EXPECT_EQ(slow["seeds_failed"], 4);
  EXPECT_EQ(slow["seeds"][0]["message"], "stopped: the grade's wall-clock budget of 1 s ran out");
  EXPECT_EQ(slow["seeds"][3]["message"], "not run: the grade's wall-clock budget of 1 s ran out");
  EXPECT_EQ(report["budget_note"],
            "the grade's wall-clock budget of 1 s ran out: 1 test-seeds were stopped and 3 not run; they count as "
            "failed");
  EXPECT_NE(run.out.find("Stopped: the grade's wall-clock budget"), std::string::npos) << run.out;
  EXPECT_EQ(nlohmann::json::parse(read_file(dir.file("g.json")))["score"], 2);
}

}  // namespace
}  // namespace store::grader
