// Lab 4 scenarios: a leader with a lease is cut off and replaced, and keeps
// being asked for a key. Whatever it answers to a read sent after the new
// leader acknowledged a newer value must not be the old one. Each scenario
// attacks one of the lease's assumptions: the vote rule, the moment the
// lease starts, the clock-drift bound, a process pause.
#include <functional>
#include <optional>
#include <string>

#include "framework/scenario.h"
#include "support/kv_workload.h"
#include "support/leader_probe.h"

namespace store::grading {
namespace {

constexpr const char* kHandout = "docs/labs/lab4-lease.md";

STORE_LAB(4, "Lease reads");

std::vector<NodeId> all_but(const KvCluster& cluster, NodeId excluded) {
  std::vector<NodeId> rest;
  for (NodeId id : cluster.servers()) {
    if (id != excluded) rest.push_back(id);
  }
  return rest;
}

NodeId leader_among(KvCluster& cluster, const std::vector<NodeId>& group, Micros timeout) {
  NodeId leader = kNoNode;
  const bool found = cluster.run_until(
      [&] {
        for (NodeId id : group) {
          if (cluster.up(id) && cluster.sim().status(id).role == Role::kLeader) leader = id;
        }
        return leader != kNoNode;
      },
      timeout);
  if (!found) cluster.fail("the servers cut off from the old leader elected no leader within 5 s");
  return leader;
}

// One round: x = old; the leader (asked for x every 2 ms from here on)
// is cut off from every other server at a moment `prepare` leaves it; the
// others elect a leader and commit x = new. The old leader must never answer
// a read sent after that with the old value.
void depose_and_probe(KvCluster& cluster, SimClerk& writer, int round,
                      const std::function<void(NodeId leader)>& prepare) {
  const std::string old_value = "old-" + std::to_string(round);
  const std::string new_value = "new-" + std::to_string(round);
  cluster.perform(writer, OpType::kPut, "x", old_value);
  const NodeId leader = cluster.check_one_leader();
  LeaderProbe probe(cluster.sim(), leader, "x");
  prepare(leader);
  const std::vector<NodeId> others = all_but(cluster, leader);
  cluster.partition({{leader}, others});
  writer.clerk().set_leader_guess(leader_among(cluster, others, 5 * kSecond));
  if (cluster.perform(writer, OpType::kPut, "x", new_value).outcome != ClerkResult::Outcome::kOk) {
    cluster.fail("the servers cut off from the old leader could not commit a put");
  }
  const Micros acknowledged = cluster.sim().now();
  cluster.run_for(300 * kMillisecond);
  probe.stop();
  if (auto stale = probe.stale_answer(acknowledged, new_value)) {
    cluster.fail("server " + std::to_string(leader) + ", cut off from every other server, answered a read of x with " +
                 *stale + " after the new leader had acknowledged x = " + new_value +
                 " at t=" + std::to_string(acknowledged / kMillisecond) +
                 " ms: its lease outlived the promise of the servers that elected the new leader");
  }
  cluster.connect_all();
  cluster.run_for(500 * kMillisecond);
}

STORE_SCENARIO(vote_rule_protects_lease, {.lab = 4,
                                          .name = "vote-rule-protects-lease",
                                          .points = 6,
                                          .description = "a server that hears the leader votes for no one, so a "
                                                         "server back from isolation cannot be elected during a lease",
                                          .handout = std::string(kHandout) + "#test-vote-rule-protects-lease",
                                          .default_seeds = 10,
                                          .order = 10}) {
  KvCluster cluster(ctx, {.server = {.read_path = ReadPath::kLease}});
  SimClerk& writer = cluster.add_client();
  for (int round = 0; round < 4; ++round) {
    depose_and_probe(cluster, writer, round, [&](NodeId leader) {
      // A follower spends a second alone: its election timer runs free, and
      // it comes back, ready to stand, the moment the leader is cut off.
      const NodeId loner = leader % cluster.size() + 1;
      cluster.disconnect(loner);
      cluster.run_for(1 * kSecond);
      cluster.connect(loner);
    });
  }
  cluster.check_linearizable();
}

STORE_SCENARIO(lease_from_send, {.lab = 4,
                                 .name = "lease-from-send",
                                 .points = 6,
                                 .description = "with 100 ms between the leader and its followers, a lease measured "
                                                "from when answers arrive outlives the followers' promise",
                                 .handout = std::string(kHandout) + "#test-lease-from-send",
                                 .default_seeds = 10,
                                 .order = 11}) {
  KvCluster cluster(ctx, {.server = {.read_path = ReadPath::kLease}});
  SimClerk& writer = cluster.add_client();
  sim::NetworkProfile far = sim::NetworkProfile::lan();
  far.base_latency = 100 * kMillisecond;
  for (int round = 0; round < 4; ++round) {
    depose_and_probe(cluster, writer, round, [&](NodeId leader) {
      // The leader is 100 ms from each follower; the followers are close to
      // one another (and the clients to everyone).
      for (NodeId id : all_but(cluster, leader)) {
        cluster.sim().set_link_profile(leader, id, far);
        cluster.sim().set_link_profile(id, leader, far);
      }
      cluster.run_for(1 * kSecond);
      // The followers stop hearing the leader; their last answers, 100 ms
      // on the way, still reach it. (Then it is cut off altogether.)
      for (NodeId id : all_but(cluster, leader)) cluster.sim().cut(leader, id);
      cluster.run_for(100 * kMillisecond);
    });
    for (NodeId a : cluster.servers()) {
      for (NodeId b : cluster.servers()) {
        if (a != b) cluster.sim().clear_link_profile(a, b);
      }
    }
  }
  cluster.check_linearizable();
}

STORE_SCENARIO(lease_drift_bound, {.lab = 4,
                                   .name = "lease-drift-bound",
                                   .points = 6,
                                   .description = "clocks as far apart as the drift bound allows: the lease must end "
                                                  "before the fastest follower's promise does",
                                   .handout = std::string(kHandout) + "#test-lease-drift-bound",
                                   .default_seeds = 10,
                                   .order = 12}) {
  // A drift bound of 20%: the leader's clock runs 9% slow, the followers'
  // 9% fast (1.09 / 0.91 is just within 1.2).
  KvCluster cluster(ctx, {.server = {.raft = {.clock_drift_bound = 0.2}, .read_path = ReadPath::kLease}});
  SimClerk& writer = cluster.add_client();
  for (int round = 0; round < 4; ++round) {
    depose_and_probe(cluster, writer, round, [&](NodeId leader) {
      for (NodeId id : cluster.servers()) cluster.set_clock_rate(id, id == leader ? 0.91 : 1.09);
      cluster.run_for(500 * kMillisecond);
    });
    for (NodeId id : cluster.servers()) cluster.set_clock_rate(id, 1.0);
  }
  cluster.check_linearizable();
}

STORE_SCENARIO(paused_leader_lease, {.lab = 4,
                                     .name = "paused-leader-lease",
                                     .points = 6,
                                     .description = "a leader paused past its lease serves nothing stale when it "
                                                    "resumes",
                                     .handout = std::string(kHandout) + "#test-paused-leader-lease",
                                     .order = 13}) {
  KvCluster cluster(ctx, {.server = {.read_path = ReadPath::kLease}});
  SimClerk& writer = cluster.add_client();
  for (int round = 0; round < 3; ++round) {
    const std::string new_value = "new-" + std::to_string(round);
    cluster.perform(writer, OpType::kPut, "x", "old-" + std::to_string(round));
    const NodeId leader = cluster.check_one_leader();
    // The leader's process stops (its clock does not), and it will hear
    // nothing from the other servers when it resumes; the others elect a
    // leader and commit x = new.
    cluster.sim().pause(leader);
    for (NodeId id : all_but(cluster, leader)) cluster.sim().cut(id, leader);
    writer.clerk().set_leader_guess(leader_among(cluster, all_but(cluster, leader), 5 * kSecond));
    cluster.perform(writer, OpType::kPut, "x", new_value);
    const Micros acknowledged = cluster.sim().now();
    // Reads arrive while it is stopped (for longer than a lease by now); it
    // resumes 200 ms later.
    LeaderProbe probe(cluster.sim(), leader, "x", 5 * kMillisecond);
    cluster.run_for(200 * kMillisecond);
    cluster.sim().resume(leader);
    cluster.run_for(300 * kMillisecond);
    probe.stop();
    if (auto stale = probe.stale_answer(acknowledged, new_value)) {
      cluster.fail("server " + std::to_string(leader) +
                   ", paused for longer than its lease, answered a read of x with " + *stale +
                   " when it resumed, after x = " + new_value +
                   " had been acknowledged: a lease is checked on the clock when the read is served, and that clock "
                   "kept running while the process was stopped");
    }
    cluster.connect_all();
    cluster.run_for(500 * kMillisecond);
  }
  cluster.check_linearizable();
}

}  // namespace
}  // namespace store::grading
