// A real cluster for live tests: store-node processes on free loopback
// ports, each with its data directory and log under one temporary folder
// (kept, and named in the output, when the test fails).
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "clerk/clerk.h"
#include "history/recorder.h"
#include "runtime/address.h"
#include "runtime/admin_client.h"
#include "support/process.h"

namespace store::runtime::testing {

struct LiveClusterOptions {
  int nodes = 3;
  std::string cluster_id = "live-test";
  std::string binary = STORE_NODE_BINARY;
  std::vector<std::string> extra_args;  // for every node
};

class LiveCluster {
 public:
  explicit LiveCluster(LiveClusterOptions options = {});
  ~LiveCluster();
  LiveCluster(const LiveCluster&) = delete;
  LiveCluster& operator=(const LiveCluster&) = delete;

  // Starts every node (on new ports if one was taken meanwhile). Throws on failure.
  void start_all();
  // Starts one node on its ports and data directory (a restart after a kill).
  void start(NodeId id);
  void kill(NodeId id);    // kill -9, and reap
  void pause(NodeId id);   // SIGSTOP
  void resume(NodeId id);  // SIGCONT
  void signal(NodeId id, int signal_number);
  bool running(NodeId id);
  std::optional<int> wait_exit(NodeId id, Micros timeout);

  const std::map<NodeId, HostPort>& peers() const { return peers_; }
  std::map<NodeId, HostPort> peers_except(NodeId id) const;
  std::map<NodeId, HostPort> only(NodeId id) const;
  std::string peers_text() const { return format_peers(peers_); }
  const std::string& cluster_id() const { return options_.cluster_id; }
  std::vector<NodeId> ids() const;
  std::filesystem::path dir() const { return dir_; }
  std::filesystem::path data_dir(NodeId id) const;
  std::filesystem::path log_file(NodeId id) const;
  std::string log_text(NodeId id) const;
  std::string all_logs() const;  // every node's log, for failure messages

  AdminResult admin(NodeId id, AdminRequest request, Micros timeout = 500 * kMillisecond) const;
  std::optional<AdminReply> status(NodeId id) const;
  // A node that reports itself leader, with the highest term among the
  // nodes of `among` (default: all) that answer; polls until `timeout`.
  NodeId wait_for_leader(Micros timeout, const std::set<NodeId>& among = {});
  bool wait_until(const std::function<bool()>& condition, Micros timeout);
  // Every node of `among` (default: all) answers and has applied the same index, at least `at_least`.
  bool wait_converged(Micros timeout, Index at_least = 0, const std::set<NodeId>& among = {});

  void drop_traffic(NodeId id, const std::vector<NodeId>& peers);
  void heal(NodeId id);

 private:
  std::vector<std::string> args_for(NodeId id) const;

  LiveClusterOptions options_;
  std::filesystem::path dir_;
  std::map<NodeId, HostPort> peers_;
  std::map<NodeId, std::unique_ptr<ChildProcess>> processes_;
  std::set<NodeId> may_be_down_;  // killed or waited for by the test: not a surprise
};

// One clerk over TCP for a test's main thread, optionally recording into a
// shared history (the recorder is not thread-safe: one thread only).
// Checks a live test's history for linearizability; on failure keeps it
// beside the cluster's logs and reports both.
void expect_linearizable(const history::History& h, const LiveCluster& cluster);

class TestClient {
 public:
  TestClient(const std::map<NodeId, HostPort>& servers, const std::string& cluster, std::uint64_t client_id,
             history::HistoryRecorder* history = nullptr,
             ClerkConfig config = {.attempt_timeout = 300 * kMillisecond,
                                   .retry_pause = 30 * kMillisecond,
                                   .give_up_after = 5 * kSecond});
  ~TestClient();

  ClerkResult put(const std::string& key, const std::string& value);
  ClerkResult get(const std::string& key);
  ClerkResult del(const std::string& key);

  // For operations that span a fault: start, let the loop run a while, finish.
  void start(OpType op, const std::string& key, const std::string& value = {});
  void run_for(Micros duration);
  ClerkResult finish();   // runs until the started operation completes
  bool finished() const;  // whether the started operation has completed

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace store::runtime::testing
