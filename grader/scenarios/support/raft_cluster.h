// The lab-1 test harness: a simulated cluster of RaftHosts, and the checks
// the lab-1 scenarios are written in (agreement on an entry, and so on), all
// in simulated time.
#pragma once

#include <string>

#include "node/consensus.h"
#include "support/cluster.h"
#include "support/raft_host.h"

namespace store::grading {

struct RaftClusterOptions {
  int servers = 3;
  sim::NetworkProfile network = sim::NetworkProfile::lan();
  Micros fsync_latency = 0;  // see ClusterOptions
  RaftConfig raft;
};

class RaftCluster final : public Cluster {
 public:
  explicit RaftCluster(grader::TestContext& ctx, RaftClusterOptions options = {});

  const RaftConfig& config() const { return raft_; }
  RaftStatus raft_status(NodeId id);

  Proposal propose(NodeId id, const std::string& command);
  // The highest index a running server has applied (0 if crashed).
  Index applied_on(NodeId id);
  // How many running servers have applied `index`; sets *command to the
  // command applied there when some have.
  int applied_count(Index index, std::string* command = nullptr);
  // Waits until at least `servers` running servers applied `index`; returns
  // whether they did within `timeout`.
  bool wait_applied(Index index, int servers, Micros timeout);
  // MIT's one(): has `command` proposed by whichever connected server
  // accepts it, and waits until at least `expected` servers applied it at
  // the index the proposal returned. With `retry`, tries again after a
  // failed attempt (leadership may move under it). Fails after 10 s.
  // Returns the index.
  Index one(const std::string& command, int expected, bool retry);

 private:
  RaftConfig raft_;
};

}  // namespace store::grading
