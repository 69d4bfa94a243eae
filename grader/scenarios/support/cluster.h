// What every lab's test harness shares: a simulated cluster with the safety
// monitors and progress reporting attached, faults in the manner of MIT's
// tests (disconnect, connect, crash, restart), and the election checks. The
// lab harnesses (RaftCluster, KvCluster) add their own hosts and checks.
#pragma once

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "framework/test_context.h"
#include "sim/simulator.h"
#include "node/consensus.h"
#include "support/election_rules.h"
#include "support/invariants.h"
#include "support/traffic_guard.h"

namespace store::grading {

struct ClusterOptions {
  int servers = 3;
  sim::NetworkProfile network = sim::NetworkProfile::lan();
  // How long each server's storage takes to make writes durable. With more
  // than 0, a crash loses the writes of the last moments (and the messages
  // waiting for them).
  Micros fsync_latency = 0;
  // The servers' minimum election timeout: within it of hearing from a
  // leader, a server may ignore RequestVote (Raft thesis §4.2.3).
  Micros election_timeout_min = RaftConfig{}.election_timeout_min;
  // Whether this cluster writes the test-seed's trace file. A test that
  // runs several clusters one after the other (to compare read paths, say)
  // lets one of them write it; the trace hash covers them all.
  bool writes_trace = true;
  // The message-storm guard (traffic_guard.h). Benchmarks of many clients on
  // fast links send more than it allows in a correct run, and turn it off.
  bool traffic_guard = true;
};

class Cluster {
 public:
  Cluster(grader::TestContext& ctx, ClusterOptions options, sim::NodeFactory factory);
  virtual ~Cluster();
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  sim::Simulator& sim() { return *sim_; }
  grader::TestContext& ctx() { return ctx_; }
  const RaftInvariants& invariants() const { return *invariants_; }
  const ElectionRules& elections() const { return *elections_; }
  const sim::NetworkProfile& network() const { return options_.network; }
  int size() const { return options_.servers; }
  std::vector<NodeId> servers() const { return sim_->servers(); }

  // ------------------------------------------------------------ faults
  // A disconnected server hears nothing and is heard by no one, until it is
  // connected again (MIT's disconnect/connect). Clients reach everyone that
  // is connected.
  void disconnect(NodeId id);
  void connect(NodeId id);
  void connect_all();
  bool connected(NodeId id) const { return !disconnected_.contains(id); }
  // Arbitrary groups, clients included (see Simulator::partition); replaces
  // any disconnection. connect_all() heals it.
  void partition(const std::vector<std::vector<NodeId>>& groups);
  void crash(NodeId id);
  void restart(NodeId id);
  // The server's clock runs at `rate` of real speed from now on (1: normal),
  // continuing from its current reading. A leader whose clock runs slow
  // notices late that it lost its majority, if it checks at all (lab 4's
  // check-quorum does).
  void set_clock_rate(NodeId id, double rate);
  bool up(NodeId id) const { return sim_->is_up(id); }
  // Changes the network between every two endpoints (subclasses add their
  // clients' links).
  virtual void set_network(const sim::NetworkProfile& profile);
  // Hands `message` to `to` at once, as if `from` had sent it: a late or
  // duplicated copy the network might deliver. Replies travel normally.
  void forge(NodeId from, NodeId to, Message message);

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

  [[noreturn]] void fail(const std::string& message);

 protected:
  // Runs f, turning a safety violation into the test's failure rather than
  // an unexpected exception.
  template <class F>
  auto guarded(F&& f) -> decltype(f()) {
    try {
      return f();
    } catch (const InvariantViolation& violation) {
      ctx_.fail(violation.what());
    }
  }
  NodeId last_leader_ = 1;

 private:
  class Progress;
  void apply_connectivity();

  grader::TestContext& ctx_;
  ClusterOptions options_;
  std::unique_ptr<sim::Simulator> sim_;
  std::unique_ptr<RaftInvariants> invariants_;
  std::unique_ptr<ElectionRules> elections_;
  std::unique_ptr<TrafficGuard> traffic_;
  std::unique_ptr<Progress> progress_;
  std::set<NodeId> disconnected_;
};

}  // namespace store::grading
