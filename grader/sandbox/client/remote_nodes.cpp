// The implementation the sandboxed grader links in place of a student's:
// make_raft, make_kv_server and make_quorum_server return stand-ins whose every method is a call
// into the host process (host_link.h), where the student's objects live.
// The harness (RaftHost, KvCluster, the monitors) cannot tell the difference.
#include <memory>
#include <vector>

#include "node/consensus.h"
#include "node/quorum.h"
#include "node/server.h"
#include "sandbox/client/host_link.h"

namespace store {

namespace {

using sandbox::Remote;

class RemoteConsensus final : public Consensus {
 public:
  RemoteConsensus(Env& env, const RaftConfig& config) : remote_(env, sandbox::kMakeRaft, config) {}

  void tick() override { remote_.call(sandbox::kRaftTick); }
  void receive(NodeId from, const Message& message) override { remote_.call(sandbox::kRaftReceive, from, message); }
  Proposal propose(std::string command) override { return remote_.call(sandbox::kRaftPropose, command); }
  RaftStatus status() const override { return remote_.status(); }
  void read_index(std::uint64_t context) override { remote_.call(sandbox::kRaftReadIndex, context); }
  std::vector<ReadIndexResult> take_read_results() override { return remote_.call(sandbox::kRaftTakeReadResults); }
  // A question, but one the node's code answers: a call like the others (a const one).
  bool lease_valid() const override { return remote_.call(sandbox::kRaftLeaseValid); }

 private:
  mutable Remote<Consensus> remote_;
};

// A KV server (labs 2-5) or a quorum replica (lab 6): both are Nodes, made
// by their own factory and then stepped by the same calls.
class RemoteServer final : public Node {
 public:
  template <class Config>
  RemoteServer(Env& env, const sandbox::Factory<Node, Config>& factory, const Config& config)
      : remote_(env, factory, config) {}

  void tick() override { remote_.call(sandbox::kNodeTick); }
  void receive(NodeId from, const Message& message) override { remote_.call(sandbox::kNodeReceive, from, message); }
  void on_apply(const LogEntry& entry) override { remote_.call(sandbox::kNodeOnApply, entry); }
  NodeStatus status() const override { return remote_.status(); }

 private:
  Remote<Node> remote_;
};

}  // namespace

std::unique_ptr<Consensus> make_raft(Env& env, const RaftConfig& config) {
  return std::make_unique<RemoteConsensus>(env, config);
}

std::unique_ptr<Node> make_kv_server(Env& env, const ServerConfig& config) {
  return std::make_unique<RemoteServer>(env, sandbox::kMakeKvServer, config);
}

std::unique_ptr<Node> make_quorum_server(Env& env, const QuorumConfig& config) {
  return std::make_unique<RemoteServer>(env, sandbox::kMakeQuorumServer, config);
}

}  // namespace store
