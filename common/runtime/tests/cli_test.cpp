// store-cli as a user runs it: bad arguments, an unreachable cluster, and
// get/put/delete/status/partitions against a live cluster.
#include <gtest/gtest.h>

#include <fstream>

#include "support/live_cluster.h"
#include "support/ports.h"

namespace store::runtime::testing {
namespace {

RunResult cli(const std::vector<std::string>& args, const std::string& input = "") {
  return run_program(STORE_CLI_BINARY, args, 20 * kSecond, input);
}

TEST(Cli, BadArgumentsExitTwoWithUsage) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{},
                                             {"--servers", "1=127.0.0.1:1", "frobnicate"},
                                             {"--servers", "1=127.0.0.1:1", "get"},
                                             {"--servers", "1=127.0.0.1:1", "put", "k"},
                                             {"--servers", "nonsense", "get", "k"},
                                             {"--timeout", "0", "--servers", "1=127.0.0.1:1", "get", "k"},
                                             {"--servers", "1=127.0.0.1:1", "drop-traffic", "1", "7"},
                                             {"--bogus"}}) {
    const RunResult r = cli(args);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("usage: store-cli"), std::string::npos) << r.err;
  }
}

TEST(Cli, AValueFromStandardInputOverTheRequestLimitIsRefused) {
  const RunResult r = cli({"--servers", "1=127.0.0.1:1", "put", "k", "-"}, std::string(2u << 20, 'v'));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("the value on standard input is over"), std::string::npos) << r.err;
}

TEST(Cli, MissingClusterFileSaysHowToStartOne) {
  const RunResult r = cli({"--cluster-dir", "/nonexistent/cluster", "get", "k"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("./track cluster up"), std::string::npos) << r.err;
}

TEST(Cli, UnreachableClusterFailsClearlyWithinTheTimeout) {
  const auto ports = pick_ports(2);  // free ports: nothing listens there
  const std::string servers = "1=127.0.0.1:" + std::to_string(ports[0]) + ",2=127.0.0.1:" + std::to_string(ports[1]);
  const auto start = std::chrono::steady_clock::now();
  const RunResult r = cli({"--servers", servers, "--timeout", "1", "put", "k", "v"});
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("Connection refused"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("node 2 at 127.0.0.1:" + std::to_string(ports[1])), std::string::npos) << r.err;
  EXPECT_LT(took, std::chrono::seconds(5));
  const RunResult status = cli({"--servers", servers, "status"});
  EXPECT_EQ(status.exit_code, 1);
  EXPECT_NE(status.out.find("down"), std::string::npos) << status.out;
}

TEST(Cli, PutGetDeleteStatusAndPartitionsAgainstALiveCluster) {
  LiveCluster cluster;
  cluster.start_all();
  ASSERT_NE(cluster.wait_for_leader(10 * kSecond), kNoNode) << cluster.all_logs();
  // The way ./track cluster up leaves it: a cluster.conf in a folder.
  const auto conf = cluster.dir() / "cluster.conf";
  std::ofstream(conf) << "# test\ncluster-id " << cluster.cluster_id() << "\npeers " << cluster.peers_text() << "\n";
  const std::vector<std::string> where = {"--cluster-dir", cluster.dir().string()};
  const auto run = [&](std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), where.begin(), where.end());
    return cli(args, input);
  };

  RunResult r = run({"put", "greeting", "hello world"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "OK\n");
  r = run({"get", "greeting"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "hello world\n");
  r = run({"delete", "greeting"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = run({"get", "greeting"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("not found"), std::string::npos) << r.err;

  // A value from standard input: longer than one command-line argument may be (128 KiB), and binary.
  std::string big(300'000, 'x');
  big[7] = '\0';
  big[8] = '\n';
  // (A generous timeout: under the sanitizers, on a busy disk, syncing 300 kB
  // on three nodes can take seconds. This is about bytes, not speed.)
  r = run({"--timeout", "60", "put", "big", "-"}, big);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = run({"--timeout", "60", "get", "big"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, big + "\n");

  r = run({"status"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("leader"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("applied"), std::string::npos) << r.out;

  r = run({"drop-traffic", "1", "2,3"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("node 1 now drops all traffic to and from 2,3"), std::string::npos) << r.out;
  r = run({"heal"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = run({"status"});
  EXPECT_EQ(r.out.find("2,3\n"), std::string::npos) << r.out;  // nobody drops anything any more

  // A client of another cluster is refused, and told why.
  r = cli({"--servers", cluster.peers_text(), "--cluster-id", "elsewhere", "--timeout", "1", "get", "k"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("wrong cluster"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace store::runtime::testing
