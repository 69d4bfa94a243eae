// Live tests of every read path (log, and those of labs 3 and 4 as they come):
// real store-node processes started with --read-path, a read-heavy load,
// faults done to the leader with kill -9 and SIGSTOP, and every history
// checked.
#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "runtime/load_generator.h"
#include "support/live_cluster.h"

namespace store::runtime::testing {
namespace {

void sleep_ms(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

class LiveReads : public ::testing::TestWithParam<const char*> {
 protected:
  bool follower_reads() const { return std::string(GetParam()) == "read-index-follower"; }
  LiveClusterOptions options() const { return {.extra_args = {"--read-path", GetParam()}}; }
};

// The leader is killed with kill -9 and restarted, twice, while clients read
// four times as often as they write (from their own servers with follower
// reads): no read may return an older value than one already acknowledged.
TEST_P(LiveReads, KillNineOfTheLeaderUnderAReadHeavyLoad) {
  LiveCluster cluster(options());
  cluster.start_all();
  ASSERT_NE(cluster.wait_for_leader(10 * kSecond), kNoNode) << cluster.all_logs();
  LoadGenerator load(cluster.peers(), cluster.cluster_id(),
                     Workload{.clients = 4,
                              .keys_per_client = 3,
                              .write_fraction = 0.2,
                              .seed = 21,
                              .spread_reads = follower_reads()});
  ASSERT_TRUE(load.populate(10 * kSecond)) << cluster.all_logs();
  std::thread clients([&] { load.run(7 * kSecond); });
  for (int round = 0; round < 2; ++round) {
    sleep_ms(2000);
    const NodeId leader = cluster.wait_for_leader(5 * kSecond);
    if (leader == kNoNode) continue;
    cluster.kill(leader);
    sleep_ms(700);
    cluster.start(leader);
  }
  clients.join();
  ASSERT_NE(cluster.wait_for_leader(10 * kSecond), kNoNode) << cluster.all_logs();
  EXPECT_TRUE(load.final_reads(15 * kSecond)) << "the final reads did not all succeed\n" << cluster.all_logs();
  EXPECT_GT(load.stats().gets.size(), 50u) << "too few reads completed for the verdict to mean much";
  expect_linearizable(load.history(), cluster);
}

// The seed text's stale-leader scenario with a real pause, on every read
// path: SIGSTOP the leader; the others elect a leader and take a write; a
// reader that reaches only the stopped leader asks for the value meanwhile
// (its request waits in the stopped process's socket, so that it arrives
// before the old leader hears of the new term), and the leader is resumed.
// The old value must never come back.
TEST_P(LiveReads, AStoppedLeaderNeverServesAStaleRead) {
  LiveCluster cluster(options());
  cluster.start_all();
  const NodeId old_leader = cluster.wait_for_leader(10 * kSecond);
  ASSERT_NE(old_leader, kNoNode) << cluster.all_logs();
  history::HistoryRecorder history;
  TestClient writer(cluster.peers(), cluster.cluster_id(), 1, &history);
  ASSERT_EQ(writer.put("x", "old").outcome, ClerkResult::Outcome::kOk);

  cluster.pause(old_leader);
  std::vector<NodeId> others;
  for (NodeId id : cluster.ids()) {
    if (id != old_leader) others.push_back(id);
  }
  ASSERT_NE(cluster.wait_for_leader(10 * kSecond, {others.begin(), others.end()}), kNoNode) << cluster.all_logs();
  ASSERT_EQ(writer.put("x", "new").outcome, ClerkResult::Outcome::kOk) << cluster.all_logs();

  TestClient stale_reader(
      cluster.only(old_leader), cluster.cluster_id(), 2, &history,
      {.attempt_timeout = 400 * kMillisecond, .retry_pause = 50 * kMillisecond, .give_up_after = 3 * kSecond});
  stale_reader.start(OpType::kGet, "x");
  stale_reader.run_for(300 * kMillisecond);
  cluster.resume(old_leader);
  const ClerkResult read = stale_reader.finish();
  if (read.outcome == ClerkResult::Outcome::kOk) {
    EXPECT_TRUE(read.found);
    EXPECT_EQ(read.value, "new") << "the resumed old leader served a stale value";
  }

  // Afterwards the old leader has stepped down and the cluster agrees.
  ASSERT_TRUE(cluster.wait_until(
      [&] {
        const auto s = cluster.status(old_leader);
        return s && s->status.role != Role::kLeader;
      },
      5 * kSecond))
      << cluster.all_logs();
  if (follower_reads()) {
    // Every server answers, each with the new value.
    for (NodeId id : others) {
      TestClient reader(cluster.only(id), cluster.cluster_id(), 10 + static_cast<std::uint64_t>(id), &history);
      const ClerkResult r = reader.get("x");
      EXPECT_EQ(r.outcome, ClerkResult::Outcome::kOk) << "server " << id << "\n" << cluster.all_logs();
      EXPECT_EQ(r.value, "new") << "server " << id;
    }
  } else {
    TestClient reader(cluster.peers(), cluster.cluster_id(), 10, &history);
    const ClerkResult r = reader.get("x");
    ASSERT_EQ(r.outcome, ClerkResult::Outcome::kOk) << cluster.all_logs();
    EXPECT_EQ(r.value, "new");
  }
  expect_linearizable(history.history(), cluster);
}

INSTANTIATE_TEST_SUITE_P(ReadPaths, LiveReads, ::testing::Values("log", "read-index", "read-index-follower", "lease"),
                         [](const ::testing::TestParamInfo<const char*>& param) {
                           std::string name = param.param;
                           std::erase(name, '-');
                           return name;
                         });

}  // namespace
}  // namespace store::runtime::testing
