// Lab 1 scenarios: crashes and restarts. A crash loses everything but what
// the server's storage had made durable.
#include "framework/scenario.h"
#include "support/nemesis.h"
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
                                       .points = 5,
                                       .description = "a server that voted and restarted, even one that crashed the "
                                                      "moment it granted, does not vote again in that term",
                                       .handout = std::string(kHandout) + "#test-vote-survives-restart",
                                       .default_seeds = 10,
                                       .order = 32}) {
  // Writes take 2 ms to become durable: a crash can fall between a grant
  // and the write it depends on.
  RaftCluster cluster(ctx, {.fsync_latency = 2 * kMillisecond});
  Nemesis nemesis(cluster);
  const Micros minimum = cluster.config().election_timeout_min;
  int crashed_at_grant = 0;
  cluster.one("entry", 3, true);  // so that a candidate with an empty log is behind
  for (int round = 0; round < 6; ++round) {
    const NodeId leader = cluster.check_one_leader();
    const Term term = cluster.raft_status(leader).term;
    if (round % 2 == 0) {
      // A server that voted for the leader in its term crashes later and
      // restarts. A rival asks for its vote in that same term, with a log at
      // least as up to date: having voted, it must refuse (the monitor fails
      // the run if it grants).
      NodeId voter = kNoNode;
      for (const auto& [key, candidate] : cluster.elections().votes()) {
        if (key.second == term && candidate == leader && key.first != leader) voter = key.first;
      }
      if (voter == kNoNode) cluster.fail("no server is known to have voted for leader " + std::to_string(leader));
      const NodeId rival = 6 - leader - voter;  // the third of servers 1, 2 and 3
      cluster.crash(voter);
      cluster.restart(voter);
      const RaftStatus rival_status = cluster.raft_status(rival);
      cluster.forge(rival, voter,
                    RequestVote{.term = term,
                                .candidate = rival,
                                .last_log_index = rival_status.last_log_index + 100,
                                .last_log_term = term});
      cluster.run_for(100 * kMillisecond);
    } else {
      // A follower, cut off, already in a newer term (a candidate that was
      // behind asked it first), grants its vote and crashes at that very
      // moment, before its storage synced. Its reply must not have left
      // before the vote was durable: if it did, the vote counts, and the
      // restarted server must not grant another in that term.
      const NodeId voter = leader % 3 + 1;
      const NodeId candidate = 6 - leader - voter;
      cluster.disconnect(voter);
      cluster.run_for(minimum + 30 * kMillisecond);  // long enough that it no longer hears a leader (§4.2.3)
      const Term next = cluster.raft_status(voter).term + 1;
      cluster.forge(candidate, voter, RequestVote{.term = next, .candidate = candidate});  // behind: refused
      cluster.run_for(3 * kMillisecond);
      bool crashed = false;
      nemesis.crash_at_next(Moment::kGrantedVote, CrashTiming::kBeforeSync, voter, 0,
                            [&](NodeId, Term) { crashed = true; });
      cluster.forge(candidate, voter,
                    RequestVote{.term = next, .candidate = candidate, .last_log_index = 1000000, .last_log_term = next});
      // The answer may wait for a tick or two.
      cluster.run_until([&] { return crashed; }, 3 * sim::SimConfig{}.tick_interval);
      nemesis.disarm();
      if (crashed) {
        ++crashed_at_grant;
        cluster.restart(voter);
        cluster.forge(leader, voter,
                      RequestVote{.term = next, .candidate = leader, .last_log_index = 1000000, .last_log_term = next});
        cluster.run_for(20 * kMillisecond);
      }
      cluster.connect(voter);
    }
    // Move to a fresh term for the next round.
    cluster.disconnect(leader);
    cluster.check_one_leader();
    cluster.connect(leader);
    cluster.run_for(300 * kMillisecond);
  }
  ctx.figure("rounds with a crash right after a grant", crashed_at_grant, "");
  for (const std::string& line : nemesis.actions()) ctx.log(line);
}

STORE_SCENARIO(acknowledged_entries_survive, {.lab = 1,
                                              .name = "acknowledged-entries-survive",
                                              .points = 5,
                                              .description = "a follower that crashes the moment it acknowledges "
                                                             "an entry never makes a committed entry disappear",
                                              .handout = std::string(kHandout) + "#test-acknowledged-entries-survive",
                                              .default_seeds = 10,
                                              .order = 33}) {
  // Writes take 2 ms to become durable: a crash can fall between an
  // acknowledgement and the write it vouches for.
  RaftCluster cluster(ctx, {.fsync_latency = 2 * kMillisecond});
  Nemesis nemesis(cluster);
  int crashes = 0;
  for (int round = 0; round < 4; ++round) {
    const std::string name = std::to_string(round);
    cluster.one("before-" + name, 3, true);
    const NodeId leader = cluster.check_one_leader();
    const NodeId acker = leader % 3 + 1;
    const NodeId third = 6 - leader - acker;
    // Only `acker` hears of the next entry, and it crashes the moment it
    // acknowledges it, before its storage synced. If its acknowledgement
    // could leave before the entry was durable, the leader has counted it
    // and committed an entry that now exists on the leader alone.
    cluster.disconnect(third);
    bool crashed = false;
    nemesis.crash_at_next(Moment::kAcknowledgedEntries, CrashTiming::kBeforeSync, acker, 0,
                          [&](NodeId, Term) { crashed = true; });
    const Proposal p = cluster.propose(leader, "round-" + name);
    if (p.accepted) cluster.run_until([&] { return crashed; }, 200 * kMillisecond);
    nemesis.disarm();
    if (!crashed) {
      cluster.connect(third);
      continue;
    }
    ++crashes;
    // The leader crashes too. The other two elect a leader between them: the
    // monitor fails the run if it lacks an entry that was committed.
    cluster.run_for(5 * kMillisecond);
    cluster.crash(leader);
    cluster.restart(acker);
    cluster.connect(third);
    cluster.one("after-" + name, 2, true);
    cluster.restart(leader);
    cluster.one("healed-" + name, 3, true);
  }
  ctx.figure("crashes right after an acknowledgement", crashes, "");
  if (crashes == 0) cluster.fail("the follower never acknowledged the new entry within 200 ms, in any round");
}

}  // namespace
}  // namespace store::grading
