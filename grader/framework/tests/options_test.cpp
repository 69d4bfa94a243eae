#include "framework/options.h"

#include <gtest/gtest.h>

namespace store::grader {
namespace {

ParsedOptions parse(std::vector<std::string> args) { return parse_options(args); }

TEST(GraderOptions, DefaultsWhenNothingIsGiven) {
  ParsedOptions p = parse({});
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_TRUE(p.options.impl.empty());
  EXPECT_TRUE(p.options.labs.empty());
  EXPECT_TRUE(p.options.tests.empty());
  EXPECT_FALSE(p.options.seed.has_value());
  EXPECT_FALSE(p.options.seeds.has_value());
  EXPECT_EQ(p.options.jobs, 0);
  EXPECT_EQ(p.options.trace_dir, ".store/traces");
  EXPECT_FALSE(p.options.verbose);
}

TEST(GraderOptions, ReadsEveryFlag) {
  ParsedOptions p = parse({"--impl", "solutions", "--lab", "1,2", "--lab=4", "--test", "a-b", "--test=c,d", "--seed",
                           "18446744073709551615", "--jobs", "3", "--json", "r.json", "--gradescope=g.json",
                           "--trace-dir", "t", "-v", "--list"});
  ASSERT_TRUE(p.ok()) << p.error;
  const Options& o = p.options;
  EXPECT_EQ(o.impl, "solutions");
  EXPECT_EQ(o.labs, (std::vector<int>{1, 2, 4}));
  EXPECT_EQ(o.tests, (std::vector<std::string>{"a-b", "c", "d"}));
  EXPECT_EQ(o.seed, 18446744073709551615ULL);
  EXPECT_EQ(o.jobs, 3);
  EXPECT_EQ(o.json_path, "r.json");
  EXPECT_EQ(o.gradescope_path, "g.json");
  EXPECT_EQ(o.trace_dir, "t");
  EXPECT_TRUE(o.verbose);
  EXPECT_TRUE(o.list);
}

TEST(GraderOptions, ThoroughAndSeedSalt) {
  ParsedOptions p = parse({"--thorough", "--seed-salt", "spring 2027"});
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_TRUE(p.options.thorough);
  EXPECT_EQ(p.options.seed_salt, "spring 2027");
}

TEST(GraderOptions, PolicyKnobs) {
  ParsedOptions p = parse({"--seed-salt-file", "salt.txt", "--time-limit", "30", "--stall-limit=2.5", "--memory-limit",
                           "512", "--budget", "600"});
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_EQ(p.options.seed_salt_file, "salt.txt");
  EXPECT_EQ(p.options.time_limit_s, 30.0);
  EXPECT_EQ(p.options.stall_limit_s, 2.5);
  EXPECT_EQ(p.options.memory_limit_mb, 512u);
  EXPECT_EQ(p.options.budget_s, 600.0);
  ParsedOptions none = parse({});
  EXPECT_FALSE(none.options.time_limit_s || none.options.stall_limit_s || none.options.memory_limit_mb ||
               none.options.budget_s);
}

TEST(GraderOptions, SeedsAndHelp) {
  ParsedOptions p = parse({"--seeds", "7", "--verbose", "-h"});
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_EQ(p.options.seeds, 7);
  EXPECT_TRUE(p.options.help);
  EXPECT_TRUE(p.options.verbose);
}

struct BadCase {
  std::vector<std::string> args;
  std::string expected_in_error;
};

TEST(GraderOptions, RejectsBadUsageWithAClearMessage) {
  const std::vector<BadCase> cases = {
      {{"--frobnicate"}, "unknown option '--frobnicate'"},
      {{"--seeed", "3"}, "did you mean '--seed'?"},
      {{"--trace-dri", "x"}, "did you mean '--trace-dir'?"},
      {{"--lab"}, "--lab needs a value"},
      {{"--lab", "--verbose"}, "--lab needs a value"},
      {{"--lab", "one"}, "'one' is not a lab number"},
      {{"--lab", "1,,2"}, "'' is not a lab number"},
      {{"--lab", "-1"}, "'-1' is not a lab number"},
      {{"--seed", "x"}, "not a seed"},
      {{"--seed", "99999999999999999999"}, "not a seed"},
      {{"--seeds", "0"}, "not a seed count"},
      {{"--jobs", "0"}, "not a job count"},
      {{"--jobs", "2x"}, "not a job count"},
      {{"--seed", "1", "--seeds", "2"}, "cannot be combined"},
      {{"--thorough", "--seeds", "2"}, "cannot be combined"},
      {{"--seed", "3", "--seed-salt", "x"}, "nothing to change"},
      {{"--seed-salt="}, "--seed-salt needs a non-empty text"},
      {{"--verbose=yes"}, "takes no value"},
      {{"--seed-salt", "a", "--seed-salt-file", "f"}, "cannot be combined"},
      {{"--seed", "3", "--seed-salt-file", "f"}, "nothing to change"},
      {{"--time-limit", "0"}, "not a number of seconds"},
      {{"--stall-limit", "-1"}, "not a number of seconds"},
      {{"--budget", "ten"}, "not a number of seconds"},
      {{"--budget", "1e9"}, "not a number of seconds"},
      {{"--memory-limit", "8"}, "not a size in MiB"},
      {{"--impl="}, "--impl needs a value"},
      {{"--json="}, "--json needs a file name"},
      {{"--test", "a,,b"}, "empty test name"},
      {{"lab1"}, "unexpected argument 'lab1'"},
      {{"-x"}, "unknown option '-x'"},
  };
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.args.front() + (c.args.size() > 1 ? " " + c.args[1] : ""));
    ParsedOptions p = parse(c.args);
    EXPECT_FALSE(p.ok());
    EXPECT_NE(p.error.find(c.expected_in_error), std::string::npos) << "error was: " << p.error;
  }
}

TEST(GraderOptions, UsageNamesTheImplementationAndEveryFlag) {
  std::string usage = usage_text("store-grade-labs", "labs");
  for (const char* flag : {"--impl", "--lab", "--test", "--seed ", "--seeds", "--jobs", "--json", "--gradescope",
                           "--trace-dir", "--verbose", "--list", "--help", "--thorough", "--seed-salt",
                           "--seed-salt-file", "--time-limit", "--stall-limit", "--memory-limit", "--budget"}) {
    EXPECT_NE(usage.find(flag), std::string::npos) << flag;
  }
  EXPECT_NE(usage.find("grades 'labs'"), std::string::npos);
}

TEST(GraderOptions, ScheduleAndShrinkNeedOneTestAndOneSeed) {
  ParsedOptions p = parse({"--test", "churn", "--seed", "3", "--shrink", "--shrink-runs", "50", "--shrink-time=20",
                           "--schedule", "s.json"});
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_TRUE(p.options.shrink);
  EXPECT_EQ(p.options.shrink_runs, 50);
  EXPECT_EQ(p.options.shrink_seconds, 20);
  EXPECT_EQ(p.options.schedule_path, "s.json");
  EXPECT_EQ(parse({"--test", "churn", "--shrink"}).error,
            "--shrink works on one failing test-seed: give --test NAME and --seed S");
  EXPECT_EQ(parse({"--test", "a,b", "--seed", "1", "--shrink"}).error,
            "--shrink works on one failing test-seed: give --test NAME and --seed S");
  EXPECT_EQ(parse({"--seed", "1", "--schedule", "s.json"}).error,
            "--schedule replays one test-seed with another schedule: give --test NAME and --seed S");
  EXPECT_EQ(parse({"--test", "churn", "--seed", "1", "--shrink", "--json", "r.json"}).error,
            "--shrink prints a schedule, not a grade: it cannot be combined with --json, --gradescope or --list");
  EXPECT_EQ(parse({"--shrink-runs", "0"}).error, "--shrink-runs: '0' is not a run count (1 to 100000)");
  EXPECT_EQ(parse({"--shrink", "--shrink-time", "soon"}).error,
            "--shrink-time: 'soon' is not a number of seconds (1 to 86400)");
  EXPECT_EQ(parse({"--shrink=yes"}).error, "--shrink takes no value");
}

}  // namespace
}  // namespace store::grader
