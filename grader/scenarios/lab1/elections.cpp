// Lab 1 scenarios: leader election.
#include <algorithm>

#include "framework/scenario.h"
#include "support/nemesis.h"
#include "support/raft_cluster.h"

namespace store::grading {
namespace {

constexpr const char* kHandout = "docs/labs/lab1-replication.md";

STORE_LAB(1, "Raft log replication");

STORE_SCENARIO(initial_election, {.lab = 1,
                                  .name = "initial-election",
                                  .points = 4,
                                  .description = "3 servers elect one leader and keep it while nothing fails",
                                  .handout = std::string(kHandout) + "#test-initial-election",
                                  .order = 1}) {
  RaftCluster cluster(ctx);
  const NodeId leader = cluster.check_one_leader();
  cluster.run_for(50 * kMillisecond);
  const Term term = cluster.check_terms();
  if (term < 1) cluster.fail("the leader's term is 0; terms start at 1 with the first election");
  // Nothing fails, so nothing should change: heartbeats must keep every
  // follower from standing for election.
  cluster.run_for(2 * kSecond);
  if (cluster.check_terms() != term) {
    cluster.fail("the term moved from " + std::to_string(term) + " to " + std::to_string(cluster.check_terms()) +
                 " although nothing failed");
  }
  if (cluster.check_one_leader() != leader) cluster.fail("leadership moved although nothing failed");
}

STORE_SCENARIO(reelection, {.lab = 1,
                            .name = "reelection",
                            .points = 5,
                            .description = "a new leader after the leader is cut off; none without a majority",
                            .handout = std::string(kHandout) + "#test-reelection",
                            .order = 2}) {
  RaftCluster cluster(ctx);
  const NodeId leader1 = cluster.check_one_leader();

  // The leader vanishes: the other two elect one of themselves.
  cluster.disconnect(leader1);
  const NodeId leader2 = cluster.check_one_leader();
  if (leader2 == leader1) cluster.fail("the disconnected server is still the only leader");

  // The old leader returns: it must not disturb the new one.
  cluster.connect(leader1);
  const NodeId leader3 = cluster.check_one_leader();

  // No majority: nobody may lead.
  const NodeId other = leader3 % 3 + 1;
  cluster.disconnect(leader3);
  cluster.disconnect(other);
  cluster.run_for(2 * kSecond);
  cluster.check_no_leader();

  // A majority again: a leader again.
  cluster.connect(other);
  cluster.check_one_leader();
  cluster.connect(leader3);
  cluster.check_one_leader();
}

// Rounds of `cut` servers disconnected at once (a new set each round, the
// rounds back to back), 1 to 1.5 s each.
FaultPlan draw_rotating_cuts(Rng& rng, int servers, int rounds, std::size_t cut) {
  FaultPlan plan;
  Micros at = 0;
  for (int round = 0; round < rounds; ++round) {
    std::vector<NodeId> nodes;
    while (nodes.size() < cut) {
      const auto id = static_cast<NodeId>(rng.between(1, servers));
      if (std::find(nodes.begin(), nodes.end(), id) == nodes.end()) nodes.push_back(id);
    }
    std::sort(nodes.begin(), nodes.end());
    const Micros length = rng.between(1000, 1500) * kMillisecond;
    plan.events.push_back({.at = at, .length = length, .kind = FaultKind::kDisconnect, .nodes = nodes});
    at += length;
  }
  return plan;
}

STORE_SCENARIO(many_elections, {.lab = 1,
                                .name = "many-elections",
                                .points = 5,
                                .description = "7 servers, 3 at a time cut off at random, always one leader",
                                .handout = std::string(kHandout) + "#test-many-elections",
                                .default_seeds = 20,
                                .order = 3}) {
  RaftCluster cluster(ctx, {.servers = 7});
  cluster.check_one_leader();
  const FaultPlan plan = plan_to_play(ctx, draw_rotating_cuts(cluster.sim().rng(), 7, 10, 3));
  Nemesis nemesis(cluster);
  const Micros start = cluster.sim().now();
  nemesis.play(plan);
  for (const FaultEvent& round : plan.events) {
    if (cluster.sim().now() < start + round.at) cluster.run_for(start + round.at - cluster.sim().now());
    // Four of seven are still a majority: they must elect a leader, or keep one.
    cluster.check_one_leader();
  }
  nemesis.stop();
  for (const std::string& line : nemesis.actions()) ctx.log(line);
  cluster.check_one_leader();
}

STORE_SCENARIO(late_votes, {.lab = 1,
                            .name = "late-votes",
                            .points = 4,
                            .description = "grants from an earlier election that arrive late count for nothing",
                            .handout = std::string(kHandout) + "#test-late-votes",
                            .default_seeds = 10,
                            .order = 4}) {
  RaftCluster cluster(ctx, {.servers = 5});
  Nemesis nemesis(cluster);
  int rounds_with_late_grants = 0;
  for (int round = 0; round < 3; ++round) {
    const NodeId leader = cluster.check_one_leader();
    const NodeId candidate = leader % 5 + 1;
    // The other four cannot reach one another, so only the candidate can
    // collect votes. It hears their answers to its pre-votes, if it asks
    // for any, but neither heartbeats nor real grants: those are held back.
    // So it stands, term after term.
    std::vector<NodeId> others;
    for (NodeId id : cluster.servers()) {
      if (id != candidate) others.push_back(id);
    }
    for (NodeId a : others) {
      for (NodeId b : others) {
        if (a != b) cluster.sim().cut(a, b);
      }
    }
    nemesis.hold_back([candidate](NodeId, NodeId to, const Message& m) {
      const auto* reply = std::get_if<RequestVoteReply>(&m);
      return to == candidate && (std::holds_alternative<AppendEntries>(m) || (reply != nullptr && !reply->pre_vote));
    });
    cluster.run_for(1500 * kMillisecond);
    nemesis.hold_back({});
    // Standing in a later term by now, it is handed the grants of its
    // earlier elections. A candidate counts only votes for the term it
    // stands in: the monitor fails the run if it becomes leader without a
    // majority of those.
    const Term now = cluster.raft_status(candidate).term;
    for (Nemesis::Copy& copy : nemesis.take_copies()) {
      const auto* reply = std::get_if<RequestVoteReply>(&copy.message);
      if (reply == nullptr || !reply->granted || reply->term >= now) continue;
      ++rounds_with_late_grants;
      cluster.forge(copy.from, copy.to, std::move(copy.message));
    }
    cluster.run_for(50 * kMillisecond);
    cluster.connect_all();
  }
  cluster.check_one_leader();
  ctx.figure("late grants delivered", rounds_with_late_grants, "");
  if (rounds_with_late_grants == 0) {
    cluster.fail("the candidate never stood for election twice in 1.5 s without hearing a leader, in any round");
  }
}

}  // namespace
}  // namespace store::grading
