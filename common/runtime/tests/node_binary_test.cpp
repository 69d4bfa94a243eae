// store-node as an operator runs it: bad options, a taken port, somebody
// else's or a damaged data directory, the unwritten skeleton, a clean stop.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <iterator>

#include "runtime/log_record.h"
#include "runtime/node_host.h"
#include "support/live_cluster.h"
#include "support/ports.h"
#include "testing/temp_dir.h"

namespace store::runtime::testing {
namespace {

using store::testing::TempDir;

std::string one_node_peers(std::uint16_t port) { return "1=127.0.0.1:" + std::to_string(port); }

RunResult node(const std::vector<std::string>& args, const std::string& binary = STORE_NODE_BINARY) {
  return run_program(binary, args, 5 * kSecond);
}

TEST(NodeBinary, BadOptionsExitTwoWithUsage) {
  TempDir dir;
  const std::string data = (dir / "d").string();
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {},
           {"--id", "1", "--data", data},
           {"--id", "4", "--peers", "1=127.0.0.1:7001", "--data", data},
           {"--id", "1", "--peers", "1=127.0.0.1:7001"},
           {"--id", "x", "--peers", "1=127.0.0.1:7001", "--data", data},
           {"--id", "1", "--peers", "1=127.0.0.1:7001", "--data", data, "--read-path", "psychic"},
           {"--id", "1", "--peers", "1=127.0.0.1:7001", "--data", data, "--election-timeout", "300-100"},
           {"--id", "1", "--peers", "1=127.0.0.1:7001", "--data", data, "--heartbeat", "500"},
           {"--id", "1", "--peers", "1=127.0.0.1:7001", "--data", data, "--sessions", "--session-timeout", "0"},
           {"--id", "1", "--peers", "1=127.0.0.1:7001", "--data", data, "--sessions", "--session-timeout", "30s"},
           {"--id", "1", "--peers", "1=127.0.0.1:7001", "--data", data, "--sessions", "--session-timeout"},
           {"--id", "1", "--peers", "1=127.0.0.1:7001", "--data", data, "--session-timeout", "30"},
           {"--id", "1", "--peers", "1=127.0.0.1:7001", "--data", data, "--frobnicate"}}) {
    const RunResult r = node(args);
    EXPECT_EQ(r.exit_code, kExitUsage) << r.err;
    EXPECT_NE(r.err.find("usage: store-node"), std::string::npos) << r.err;
  }
}

TEST(NodeBinary, ATakenPortExitsThree) {
  LiveCluster cluster({.nodes = 1});
  cluster.start_all();
  TempDir dir;
  const RunResult r = node({"--id", "1", "--peers", cluster.peers_text(), "--data", (dir / "d").string(),
                            "--cluster-id", cluster.cluster_id()});
  EXPECT_EQ(r.exit_code, kExitAddressInUse) << r.err;
  EXPECT_NE(r.err.find("Address already in use"), std::string::npos) << r.err;
}

TEST(NodeBinary, SomebodyElsesOrALockedDataDirectoryIsRefused) {
  LiveCluster cluster({.nodes = 1});
  cluster.start_all();
  const auto port = pick_ports(1)[0];
  // Node 1's directory, in use.
  RunResult r = node({"--id", "1", "--peers", one_node_peers(port), "--data", cluster.data_dir(1).string(),
                      "--cluster-id", cluster.cluster_id()});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("in use by another running node"), std::string::npos) << r.err;
  cluster.kill(1);
  // Node 1's directory for another cluster.
  r = node(
      {"--id", "1", "--peers", one_node_peers(port), "--data", cluster.data_dir(1).string(), "--cluster-id", "other"});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.err.find("holds the data of node 1 of cluster"), std::string::npos) << r.err;
}

TEST(NodeBinary, ALogDamagedInTheMiddleStopsTheNodeWithAnExplanation) {
  LiveCluster cluster({.nodes = 1});
  cluster.start_all();
  ASSERT_NE(cluster.wait_for_leader(5 * kSecond), kNoNode);
  TestClient client(cluster.peers(), cluster.cluster_id(), 1);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(client.put("k", std::to_string(i)).outcome, ClerkResult::Outcome::kOk);
  cluster.kill(1);
  const auto log = cluster.data_dir(1) / "raft.log";
  {
    std::fstream f(log, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(kLogHeaderBytes + kRecordHeadBytes + 2));  // the first record's body
    f.put('#');
  }
  cluster.start(1);
  EXPECT_EQ(cluster.wait_exit(1, 5 * kSecond), kExitUsage);
  const std::string text = cluster.log_text(1);
  EXPECT_NE(text.find(log.string() + " is damaged at byte " + std::to_string(kLogHeaderBytes) + ":"), std::string::npos)
      << text;
  EXPECT_NE(text.find("When the disk is damaged"), std::string::npos) << text;
}

// The log of a node with a meta.json is gone or empty: starting empty would
// forget the node's term and vote, so it refuses.
TEST(NodeBinary, AMissingOrEmptyLogBesideMetaIsRefused) {
  LiveCluster cluster({.nodes = 1});
  cluster.start_all();
  ASSERT_NE(cluster.wait_for_leader(5 * kSecond), kNoNode);
  cluster.kill(1);
  const auto log = cluster.data_dir(1) / "raft.log";
  std::filesystem::remove(log);
  cluster.start(1);
  EXPECT_EQ(cluster.wait_exit(1, 5 * kSecond), kExitUsage);
  EXPECT_NE(cluster.log_text(1).find("has meta.json but no raft.log"), std::string::npos) << cluster.log_text(1);
  std::ofstream{log};
  cluster.start(1);
  EXPECT_EQ(cluster.wait_exit(1, 5 * kSecond), kExitUsage);
  EXPECT_NE(cluster.log_text(1).find("has meta.json but an empty raft.log"), std::string::npos) << cluster.log_text(1);
}

TEST(NodeBinary, SigtermStopsCleanlyAndTheDataSurvives) {
  LiveCluster cluster({.nodes = 1});
  cluster.start_all();
  ASSERT_NE(cluster.wait_for_leader(5 * kSecond), kNoNode);
  {
    TestClient client(cluster.peers(), cluster.cluster_id(), 1);
    ASSERT_EQ(client.put("kept", "yes").outcome, ClerkResult::Outcome::kOk);
  }
  cluster.signal(1, SIGTERM);
  EXPECT_EQ(cluster.wait_exit(1, 5 * kSecond), 0);
  EXPECT_NE(cluster.log_text(1).find("received SIGTERM, stopping"), std::string::npos) << cluster.log_text(1);
  cluster.start(1);
  ASSERT_NE(cluster.wait_for_leader(5 * kSecond), kNoNode);
  TestClient client(cluster.peers(), cluster.cluster_id(), 2);
  EXPECT_EQ(client.get("kept").value, "yes");
}

// A node configured with another cluster's address as its peer: the node
// it dials refuses it, and both say so in their logs.
TEST(NodeBinary, ANodeOfAnotherClusterIsRefusedAndBothSidesLogIt) {
  LiveCluster ours({.nodes = 1});
  ours.start_all();
  const auto port = pick_ports(1)[0];
  const std::string peers = "1=" + ours.peers().at(1).text() + ",2=127.0.0.1:" + std::to_string(port);
  TempDir dir;
  ChildProcess stranger(STORE_NODE_BINARY,
                        {"--id", "2", "--peers", peers, "--data", (dir / "d").string(), "--cluster-id", "elsewhere"},
                        dir / "stranger.log");
  const auto stranger_log = [&] {
    std::ifstream in(dir / "stranger.log");
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  EXPECT_TRUE(ours.wait_until(
      [&] {
        return ours.log_text(1).find("wrong cluster") != std::string::npos &&
               stranger_log().find("refused us: wrong cluster") != std::string::npos;
      },
      5 * kSecond))
      << ours.log_text(1) << "\n---- the stranger ----\n"
      << stranger_log();
  EXPECT_TRUE(stranger.running());
}

TEST(NodeBinary, TheSkeletonSaysWhatIsNotWrittenYet) {
  const std::string labs = STORE_NODE_LABS_BINARY;
  if (labs.empty()) GTEST_SKIP() << "store-node-labs is not built (no labs/ in this checkout)";
  TempDir dir;
  const RunResult r =
      node({"--id", "1", "--peers", one_node_peers(pick_ports(1)[0]), "--data", (dir / "d").string()}, labs);
  if (r.exit_code == 0 || r.err.find("TODO") == std::string::npos) {
    GTEST_SKIP() << "the labs node started: the skeleton's lab 2 is already implemented";
  }
  EXPECT_EQ(r.exit_code, kExitFailure);
  EXPECT_NE(r.err.find("not written yet"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace store::runtime::testing
