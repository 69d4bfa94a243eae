// Fault patterns the key-value labs share: a leader that is cut off the
// moment it commits, state machines that apply late, and a chaos run that
// plays a random schedule under load and checks the history.
#pragma once

#include "sim/observer.h"
#include "support/kv_workload.h"
#include "support/random_plan.h"

namespace store::grading {

// Arm it with a leader: the moment that leader commits its next command,
// its messages to every other server stop (a one-way cut). They hold the
// entry but never learn that it committed, so the commit index a new leader
// inherits is behind what this leader acknowledged.
class CutOnCommit final : public sim::Observer {
 public:
  explicit CutOnCommit(KvCluster& cluster);
  ~CutOnCommit() override;
  CutOnCommit(const CutOnCommit&) = delete;
  CutOnCommit& operator=(const CutOnCommit&) = delete;
  void arm(NodeId leader) { leader_ = leader; }
  void on_apply(NodeId node, const LogEntry& entry) override;

 private:
  KvCluster& cluster_;
  NodeId leader_ = kNoNode;
};

// Arm it with a leader: the moment that leader's Raft commits its next
// command, the leader crashes, before its state machine (which applies
// `apply_lag` later) can answer the client. The command is committed (a
// majority holds it); its client never hears, and asks the next leader.
class CrashOnCommit final : public sim::Observer {
 public:
  explicit CrashOnCommit(KvCluster& cluster);
  ~CrashOnCommit() override;
  CrashOnCommit(const CrashOnCommit&) = delete;
  CrashOnCommit& operator=(const CrashOnCommit&) = delete;
  void arm(NodeId leader);
  bool fired() const { return leader_ == kNoNode; }
  void on_apply(NodeId node, const LogEntry& entry) override;

  static constexpr Micros kApplyLag = 1 * kMillisecond;

 private:
  KvCluster& cluster_;
  NodeId leader_ = kNoNode;
};

// `rounds` times: every state machine applies up to `max_lag` late, a new
// lag for each every `every`.
void vary_apply_lag(KvCluster& cluster, int rounds, Micros max_lag, Micros every = 500 * kMillisecond);

// Plays a random schedule drawn from `spec` while `workload` runs, ends every
// fault, and requires the clients to be served again within 2 s; then checks
// the history.
void chaos_under_load(grader::TestContext& ctx, KvCluster& cluster, Workload& workload, const PlanSpec& spec);

}  // namespace store::grading
