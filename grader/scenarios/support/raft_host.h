// What the lab-1 grader hosts on each simulated server: the implementation's
// Raft (make_raft), with a recorder of what it applied in place of a state
// machine.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "node/consensus.h"
#include "node/node.h"

namespace store::grading {

class RaftHost final : public Node {
 public:
  RaftHost(Env& env, const RaftConfig& config) : raft_(make_raft(env, config)) {}

  void tick() override { raft_->tick(); }
  void receive(NodeId from, const Message& message) override { raft_->receive(from, message); }
  void on_apply(const LogEntry& entry) override { applied_.push_back(entry); }
  NodeStatus status() const override {
    return node_status(raft_->status(), applied_.empty() ? 0 : applied_.back().index);
  }

  Proposal propose(std::string command) { return raft_->propose(std::move(command)); }
  // Everything applied since this incarnation started, in order.
  const std::vector<LogEntry>& applied() const { return applied_; }

 private:
  std::unique_ptr<Consensus> raft_;
  std::vector<LogEntry> applied_;
};

}  // namespace store::grading
