// The harness of lab 6: the key-value harness (clerks, a recorded history,
// the linearizability check, the nemesis) around the implementation's
// quorum replicas (make_quorum_server), without Raft's monitors, and a probe
// that asks one replica what it holds.
#pragma once

#include <string>
#include <vector>

#include "node/quorum.h"
#include "support/kv_cluster.h"

namespace store::grading {

struct QuorumClusterOptions {
  int servers = 3;
  sim::NetworkProfile network = sim::NetworkProfile::lan();
  Micros fsync_latency = 0;  // see ClusterOptions
  QuorumConfig quorum;
  ClerkConfig clerk;
  bool writes_trace = true;  // see ClusterOptions
  bool traffic_guard = true;  // see ClusterOptions
};

class QuorumCluster final : public KvCluster {
 public:
  QuorumCluster(grader::TestContext& ctx, QuorumClusterOptions options);
  ~QuorumCluster() override;

  const QuorumConfig& quorum() const { return options_.quorum; }

  // A client that knows every server and sends to `server` first (its
  // coordinator, until it times out there).
  SimClerk& add_client_at(NodeId server);

  // Runs one operation to completion (see KvCluster::perform) and fails the
  // test unless it succeeded: for the steps a scenario relies on.
  ClerkResult perform_ok(SimClerk& client, OpType op, const std::string& key, const std::string& value = {});

  // What `server` holds for `key`, asked directly with a QuorumRead from a
  // probe endpoint of the harness (every replica answers whoever asks).
  // Fails the test if it gets no answer within 1 s.
  QuorumReadReply probe(NodeId server, const std::string& key);
  // The probe's answers from each of the key's replicas, in server order.
  std::vector<QuorumReadReply> probe_replicas(const std::string& key);
  std::vector<NodeId> replicas(const std::string& key) const { return replicas_of(key, servers(), options_.quorum.n); }

 private:
  QuorumClusterOptions options_;
  NodeId probe_ = kNoNode;
  std::uint64_t probe_context_ = 0;
  std::vector<std::pair<NodeId, QuorumReadReply>> probe_replies_;
};

// "put x = 1 (ok)", "get x -> 2 (ok)", "get x (retry: ...)": a clerk result in words.
std::string describe(OpType op, const std::string& key, const std::string& value, const ClerkResult& result);
// "1@1700000/2": a replica's answer in words (value, timestamp and writer; "absent" when deleted or never written).
std::string describe(const QuorumReadReply& held);

}  // namespace store::grading
