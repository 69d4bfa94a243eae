// The lab-1 test harness: a simulated cluster of RaftHosts with the safety
// monitors attached, and the checks the scenarios are written in (one leader,
// agreement on an entry, and so on), all in simulated time.
#pragma once

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "framework/test_context.h"
#include "node/consensus.h"
#include "sim/simulator.h"
#include "support/invariants.h"
#include "support/raft_host.h"

namespace store::grading {

struct RaftClusterOptions {
  int servers = 3;
  sim::NetworkProfile network = sim::NetworkProfile::lan();
  RaftConfig raft;
};

class RaftCluster {
 public:
  RaftCluster(grader::TestContext& ctx, RaftClusterOptions options = {});
  ~RaftCluster();
  RaftCluster(const RaftCluster&) = delete;
  RaftCluster& operator=(const RaftCluster&) = delete;

  sim::Simulator& sim() { return *sim_; }
  const RaftInvariants& invariants() const { return *invariants_; }
  const RaftConfig& config() const { return options_.raft; }
  const sim::NetworkProfile& network() const { return options_.network; }
  int size() const { return options_.servers; }
  std::vector<NodeId> servers() const;

  // ------------------------------------------------------------ faults
  // A disconnected server hears nothing and is heard by no one, until it is
  // connected again (MIT's disconnect/connect).
  void disconnect(NodeId id);
  void connect(NodeId id);
  void connect_all();
  bool connected(NodeId id) const { return !disconnected_.contains(id); }
  void crash(NodeId id);
  void restart(NodeId id);
  bool up(NodeId id) const { return sim_->is_up(id); }

  // ------------------------------------------------------------ time
  void run_for(Micros duration);
  bool run_until(const std::function<bool()>& predicate, Micros timeout);

  // ------------------------------------------------------------ elections
  // Lets the cluster settle, then returns the connected, running server that
  // leads the highest term; fails if two lead one term, or if none leads
  // within about 5 s (simulated).
  NodeId check_one_leader();
  // Fails if any connected, running server believes it leads.
  void check_no_leader();
  // Fails unless all connected, running servers are in the same term.
  Term check_terms();
  RaftStatus raft_status(NodeId id);

  // ------------------------------------------------------------ agreement
  Proposal propose(NodeId id, const std::string& command);
  // The highest index a running server has applied (0 if crashed).
  Index applied_on(NodeId id);
  // Hands `message` to `to` at once, as if `from` had sent it: a late or
  // duplicated copy the network might deliver. Replies travel normally.
  void forge(NodeId from, NodeId to, Message message);
  // How many running servers have applied `index`; sets *command to the
  // command applied there when some have.
  int applied_count(Index index, std::string* command = nullptr);
  // Waits until at least `servers` running servers applied `index`; returns
  // whether they did within `timeout`.
  bool wait_applied(Index index, int servers, Micros timeout);
  // MIT's one(): has `command` proposed by whichever connected server accepts it, and
  // waits until at least `expected` servers applied it at the index the
  // proposal returned. With `retry`, tries again after a failed attempt
  // (leadership may move under it). Fails after 10 s. Returns the index.
  Index one(const std::string& command, int expected, bool retry);

  [[noreturn]] void fail(const std::string& message);

 private:
  class Progress;
  void apply_connectivity();
  template <class F>
  auto guarded(F&& f) -> decltype(f());

  grader::TestContext& ctx_;
  RaftClusterOptions options_;
  std::unique_ptr<sim::Simulator> sim_;
  std::unique_ptr<RaftInvariants> invariants_;
  std::unique_ptr<Progress> progress_;
  std::set<NodeId> disconnected_;
  NodeId last_leader_ = 1;
};

}  // namespace store::grading
