// Lab 1 scenarios: crashes and restarts. A crash loses everything but what
// the server's storage had made durable.
#include "framework/scenario.h"
#include "support/raft_cluster.h"

namespace store::grading {
namespace {

constexpr const char* kHandout = "docs/labs/lab1-replication.md";

STORE_SCENARIO(persistence, {.lab = 1,
                             .name = "persistence",
                             .points = 6,
                             .description = "committed entries survive crashing all, then some, then the leader",
                             .handout = std::string(kHandout) + "#test-persistence",
                             .order = 30}) {
  // Writes take 2 ms to become durable, so crashes lose the latest ones.
  RaftCluster cluster(ctx, {.fsync_latency = 2 * kMillisecond});
  cluster.one("11", 3, true);

  // Everyone crashes at once and comes back.
  for (NodeId id : cluster.servers()) cluster.crash(id);
  for (NodeId id : cluster.servers()) cluster.restart(id);
  cluster.one("12", 3, true);

  // The leader crashes and comes back.
  NodeId leader = cluster.check_one_leader();
  cluster.crash(leader);
  cluster.restart(leader);
  cluster.one("13", 3, true);

  // The leader crashes and the others go on; then it returns.
  leader = cluster.check_one_leader();
  cluster.crash(leader);
  const Index index = cluster.one("14", 2, true);
  cluster.restart(leader);
  if (!cluster.wait_applied(index, 3, 4 * kSecond)) {
    cluster.fail("the restarted server did not apply index " + std::to_string(index) + " within 4 s");
  }

  // A follower crashes; then it returns.
  const NodeId follower = cluster.check_one_leader() % 3 + 1;
  cluster.crash(follower);
  cluster.one("15", 2, true);
  cluster.restart(follower);
  cluster.one("16", 3, true);
}

STORE_SCENARIO(crash_majority, {.lab = 1,
                                .name = "crash-majority",
                                .points = 5,
                                .description = "5 servers: a majority crashes in waves and restarts out of order",
                                .handout = std::string(kHandout) + "#test-crash-majority",
                                .order = 31}) {
  RaftCluster cluster(ctx, {.servers = 5, .fsync_latency = 2 * kMillisecond});
  int value = 100;
  for (int round = 0; round < 5; ++round) {
    cluster.one(std::to_string(++value), 5, true);
    const NodeId leader = cluster.check_one_leader();
    auto at = [&](int offset) { return static_cast<NodeId>((leader - 1 + offset) % 5 + 1); };
    cluster.crash(at(1));
    cluster.crash(at(2));
    cluster.one(std::to_string(++value), 3, true);
    // Three more crash: nothing is left running. Two of them come back,
    // which is no quorum, before a third makes one.
    cluster.crash(at(0));
    cluster.crash(at(3));
    cluster.crash(at(4));
    cluster.restart(at(1));
    cluster.restart(at(2));
    cluster.run_for(500 * kMillisecond);
    cluster.restart(at(3));
    cluster.one(std::to_string(++value), 3, true);
    cluster.restart(at(4));
    cluster.restart(at(0));
  }
  cluster.one(std::to_string(++value), 5, true);
}

STORE_SCENARIO(vote_survives_restart, {.lab = 1,
                                       .name = "vote-survives-restart",
                                       .points = 4,
                                       .description = "a server that voted, crashed and restarted does not vote "
                                                      "again in that term",
                                       .handout = std::string(kHandout) + "#test-vote-survives-restart",
                                       .order = 32}) {
  RaftCluster cluster(ctx);
  for (int round = 0; round < 3; ++round) {
    const NodeId leader = cluster.check_one_leader();
    const Term term = cluster.raft_status(leader).term;
    // A server that voted for the leader in its term.
    NodeId voter = kNoNode;
    for (const auto& [key, candidate] : cluster.elections().votes()) {
      if (key.second == term && candidate == leader && key.first != leader) voter = key.first;
    }
    if (voter == kNoNode) cluster.fail("no server is known to have voted for leader " + std::to_string(leader));
    const NodeId rival = 6 - leader - voter;  // the third of servers 1, 2 and 3

    cluster.crash(voter);
    cluster.restart(voter);
    // A rival asks for the voter's vote in the same term, with a log that is
    // at least as up to date. Having voted for the leader, it must refuse;
    // the invariant monitor fails the run if it grants.
    const RaftStatus rival_status = cluster.raft_status(rival);
    cluster.forge(rival, voter,
                  RequestVote{.term = term,
                              .candidate = rival,
                              .last_log_index = rival_status.last_log_index + 100,
                              .last_log_term = term});
    cluster.run_for(100 * kMillisecond);
    // Move to a fresh term for the next round.
    cluster.disconnect(leader);
    cluster.check_one_leader();
    cluster.connect(leader);
    cluster.run_for(300 * kMillisecond);
  }
}

}  // namespace
}  // namespace store::grading
