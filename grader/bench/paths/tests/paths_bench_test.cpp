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
    for (const BenchRow& r : bench_rows()) {
      rows += r.store == BenchStore::kRaft && r.op == OpType::kGet && r.path == path ? 1 : 0;
    }
    EXPECT_EQ(rows, 1) << to_string(path);
    ASSERT_NE(find_row(to_string(path)), nullptr) << "a read row is named after its --read-path";
  }
}

TEST(BenchRows, QuorumRowsAreListedAsSuchSoTheRealBenchLeavesThemOut) {
  std::ostringstream out;
  print_rows(out);
  int quorum_rows = 0;
  for (const BenchRow& r : bench_rows()) {
    if (r.store != BenchStore::kQuorum) continue;
    ++quorum_rows;
    EXPECT_NE(out.str().find(std::string(r.name) + " 6 yes " + (r.op == OpType::kPut ? "put" : "get") + " quorum\n"),
              std::string::npos)
        << r.name;
  }
  EXPECT_EQ(quorum_rows, 3) << "a put, a majority get and an R = 1 get";
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
    int far = 0;
    for (const auto& run : first["runs"]) {
      if (run["row"] != r.name) continue;
      (run["client_beside"] == 1 ? runs : far) += 1;
      if (run["client_beside"] != 1) {
        EXPECT_EQ(run["profile"], "cross-region") << "only a profile with regions has a far side";
        EXPECT_EQ(run["client_beside"], 3);
      }
    }
    EXPECT_EQ(runs, r.available ? 2 * 3 : 0) << r.name << ": one per client count and profile";
    EXPECT_EQ(far, r.available ? 1 : 0) << r.name << ": one client beside node N, across regions";
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

// The seed text's etcd-versus-DynamoDB contrast, measured: across regions,
// with one client beside node 5 (far from Raft's leader at node 1), a quorum
// read waits for the nearest majority while ReadIndex first crosses to the
// leader; beside the leader the two cost the same majority round trip.
TEST(PathsBench, AcrossRegionsAQuorumReadAsksTheNearestMajorityNotTheLeader) {
  const PathsOptions o =
      parse_paths_options({"--profile", "cross-region", "--nodes", "5", "--clients", "1", "--latency-ops", "20",
                           "--rows", "read-index,quorum-put,quorum-get,quorum-get-one"});
  const nlohmann::json result = run_paths_bench(o, nullptr);
  const auto p50 = [&](const std::string& row, int beside) {
    for (const auto& run : result["runs"]) {
      if (run["row"] == row && run["client_beside"] == beside) return run["p50_ms"].get<double>();
    }
    ADD_FAILURE() << "no " << row << " run beside node " << beside;
    return 0.0;
  };
  const Profile& p = find_profile("cross-region");
  // From node 5 (east) the nearest majority is node 4 (east) and node 3 (central).
  const double nearest = 2.0 * static_cast<double>(p.mean_one_way(5, 5, 3)) / 1000.0;
  EXPECT_NEAR(p50("quorum-get", 5), nearest, 0.1 * nearest);
  EXPECT_GT(p50("read-index", 5), p50("quorum-get", 5) + 2.0 * static_cast<double>(p.mean_one_way(5, 5, 1)) / 1000.0)
      << "ReadIndex pays the trip to the leader as well";
  EXPECT_NEAR(p50("quorum-get", 1), p50("read-index", 1), 0.1 * p50("read-index", 1)) << "beside the leader, the same";
  EXPECT_LT(p50("quorum-get-one", 5), 1.0) << "R = 1: the coordinator's own replica answers";
  for (const auto& run : result["runs"]) {
    if (run["row"] == "quorum-put") {
      EXPECT_GE(run["fsyncs_per_op"].get<double>(), 3.0) << "W = 3 replicas hold each put durably";
    }
    if (run["row"] == "quorum-get") {
      EXPECT_EQ(run["fsyncs_per_op"].get<double>(), 0.0) << "agreeing reads write nothing";
    }
  }
  bool claimed = false;
  for (const auto& c : result["claims"]) {
    claimed = claimed || c["claim"].get<std::string>().find("nearest majority") != std::string::npos;
  }
  EXPECT_TRUE(claimed) << "the claim is reported";
}

}  // namespace
}  // namespace store::bench
