// store-bench-paths: its options, its one list of rows, and a short run in
// each profile (the full comparison is a benchmark, never a test).
#include <gtest/gtest.h>

#include <sstream>

#include "paths/bench_rows.h"
#include "paths/paths_bench.h"
#include "paths/paths_options.h"
#include "paths/profiles.h"

namespace store::bench {
namespace {

using Args = std::vector<std::string>;

TEST(PathsOptions, RefusesBadValuesWithAMessage) {
  for (const Args& bad : {Args{"--nodes", "4"}, Args{"--profile", "moon"}, Args{"--clients", "0"},
                          Args{"--clients", "1,,2"}, Args{"--rows", "quorum"}, Args{"--seed", "x"}, Args{"--bogus"},
                          Args{"--json"}, Args{"--print-delays"}, Args{"--fsync-us", "-1"}}) {
    EXPECT_THROW(parse_paths_options(bad), std::invalid_argument) << bad[0];
  }
}

TEST(PathsOptions, QuickShrinksTheSweepUnlessTold) {
  const PathsOptions quick = parse_paths_options({"--quick"});
  EXPECT_EQ(quick.clients, (std::vector<int>{1, 8, 32}));
  EXPECT_LT(quick.sweep_ops, PathsOptions{}.sweep_ops);
  const PathsOptions told = parse_paths_options({"--quick", "--clients", "2,4", "--profile", "datacenter,one-machine"});
  EXPECT_EQ(told.clients, (std::vector<int>{2, 4}));
  EXPECT_EQ(told.profiles, (std::vector<std::string>{"datacenter", "one-machine"}));
}

TEST(BenchRows, ListEveryReadPathOnceAndTheWriteRowFirst) {
  std::ostringstream out;
  print_rows(out);
  EXPECT_EQ(out.str().substr(0, 6), "write ");
  for (ReadPath path : kAllReadPaths) {
    int rows = 0;
    for (const BenchRow& r : bench_rows()) rows += r.op == OpType::kGet && r.path == path ? 1 : 0;
    EXPECT_EQ(rows, 1) << to_string(path);
    ASSERT_NE(find_row(to_string(path)), nullptr) << "a read row is named after its --read-path";
  }
}

TEST(Profiles, CrossRegionIsFiveNodesInThreeRegionsTensOfMillisecondsApart) {
  const Profile& p = find_profile("cross-region");
  std::set<int> regions;
  for (NodeId id = 1; id <= 5; ++id) regions.insert(p.region_of(5, id));
  EXPECT_EQ(regions.size(), 3u);
  EXPECT_GE(p.link(5, 1, 5).base_latency, 10 * kMillisecond);
  EXPECT_EQ(p.link(5, 1, 5), p.link(5, 5, 1));
  EXPECT_LT(p.link(5, 1, 2).base_latency, kMillisecond) << "nodes 1 and 2 share a region";
}

// A short run of every profile: finishes, is the same for the same seed,
// shows the lease row as its lab while that lab is missing, and every
// available row has figures.
TEST(PathsBench, ShortRunIsDeterministicAndShowsEveryRow) {
  const PathsOptions o = parse_paths_options(
      {"--nodes", "3", "--clients", "1,4", "--latency-ops", "20", "--ops", "40", "--no-claims"});
  const nlohmann::json first = run_paths_bench(o, nullptr);
  const nlohmann::json second = run_paths_bench(o, nullptr);
  EXPECT_EQ(first["digest"], second["digest"]);
  EXPECT_EQ(first["runs"], second["runs"]);
  std::ostringstream table;
  print_paths_tables(table, first);
  for (const BenchRow& r : bench_rows()) {
    EXPECT_NE(table.str().find(std::string(r.name)), std::string::npos) << r.name;
    int runs = 0;
    for (const auto& run : first["runs"]) runs += run["row"] == r.name ? 1 : 0;
    EXPECT_EQ(runs, r.available ? 2 * 3 : 0) << r.name << ": one per client count and profile";
    if (!r.available) {
      EXPECT_NE(table.str().find("lab " + std::to_string(r.lab)), std::string::npos);
    }
  }
  for (const auto& run : first["runs"]) {
    EXPECT_GT(run["p50_ms"].get<double>(), 0) << run.dump();
    EXPECT_GT(run["throughput"].get<double>(), 0) << run.dump();
  }
}

TEST(PathsBench, ReadIndexAppendsNothingAndSyncsNothingUnlikeALogRead) {
  const PathsOptions o = parse_paths_options({"--profile", "datacenter", "--nodes", "3", "--clients", "1",
                                              "--latency-ops", "30", "--rows", "log,read-index", "--no-claims"});
  const nlohmann::json result = run_paths_bench(o, nullptr);
  ASSERT_EQ(result["runs"].size(), 2u);
  for (const auto& run : result["runs"]) {
    if (run["row"] == "log") {
      EXPECT_GE(run["entries_per_op"].get<double>(), 1.0);
      EXPECT_GT(run["fsyncs_per_op"].get<double>(), 1.0);
    } else {
      EXPECT_EQ(run["entries_per_op"].get<double>(), 0.0);
      EXPECT_EQ(run["fsyncs_per_op"].get<double>(), 0.0);
    }
  }
}

}  // namespace
}  // namespace store::bench
