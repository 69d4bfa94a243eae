// Lab 1 scenarios: timing rules, message budgets and commit latency. Every
// figure is in simulated time, so each is exact and the same on every run.
#include <algorithm>
#include <optional>

#include "framework/scenario.h"
#include "support/latency.h"
#include "support/raft_cluster.h"
#include "support/traffic.h"

namespace store::grading {
namespace {

constexpr const char* kHandout = "docs/labs/lab1-replication.md";

STORE_SCENARIO(election_timer, {.lab = 1,
                                .name = "election-timer",
                                .points = 4,
                                .description = "a server that grants a vote waits a full election timeout before "
                                               "standing itself",
                                .handout = std::string(kHandout) + "#test-election-timer",
                                .order = 50}) {
  RaftCluster cluster(ctx);
  const NodeId leader = cluster.check_one_leader();
  const NodeId lonely = leader % 3 + 1;
  const NodeId other = 6 - leader - lonely;
  cluster.disconnect(lonely);  // it hears only what the test forges

  // Standing for election shows as a RequestVote, real or pre-vote (§9.6).
  MessageLog campaigns(cluster.sim(), [&](NodeId from, NodeId, const Message& m) {
    return from == lonely && std::holds_alternative<RequestVote>(m);
  });
  MessageLog grants(cluster.sim(), [&](NodeId from, NodeId, const Message& m) {
    const auto* reply = std::get_if<RequestVoteReply>(&m);
    return from == lonely && reply != nullptr && reply->granted && !reply->pre_vote;
  });

  const Micros minimum = cluster.config().election_timeout_min;
  // A server may ignore RequestVote for the minimum election timeout after
  // hearing from a leader (thesis §4.2.3), measured in whole ticks: ask
  // only after that, with a tick or two to spare.
  const Micros ask_after = minimum + 20 * kMillisecond;
  int rounds = 0;
  for (int attempt = 0; attempt < 40 && rounds < 12; ++attempt) {
    // A leader of a newer term makes it a follower and restarts its timer...
    const Term term = cluster.raft_status(lonely).term + 1;
    cluster.forge(other, lonely, AppendEntries{.term = term, .leader = other});
    const Micros heard_at = cluster.sim().now();
    // ...and once that leader has been silent for a while, but before the
    // timer runs out, an up-to-date candidate of a newer term asks for its
    // vote. (A server whose timeout fell in that gap stood first: that round
    // shows nothing, so try another.)
    const std::size_t campaigns_before = campaigns.size();
    cluster.run_until([&] { return campaigns.size() > campaigns_before; }, ask_after);
    if (campaigns.size() > campaigns_before) {
      if (campaigns.last_time() - heard_at < minimum) {
        cluster.fail("server " + std::to_string(lonely) + " stood for election " +
                     std::to_string((campaigns.last_time() - heard_at) / kMillisecond) +
                     " ms after hearing from a leader; the election timeout is at least " +
                     std::to_string(minimum / kMillisecond) + " ms");
      }
      cluster.run_for(500 * kMillisecond);
      continue;
    }
    const std::size_t grants_before = grants.size();
    cluster.forge(other, lonely,
                  RequestVote{.term = term + 1, .candidate = other, .last_log_index = 1000000, .last_log_term = term});
    const Micros granted_at = cluster.sim().now();
    // The answer may wait for the next tick or two.
    cluster.run_until([&] { return grants.size() > grants_before; }, 3 * sim::SimConfig{}.tick_interval);
    if (grants.size() == grants_before) {
      cluster.fail("server " + std::to_string(lonely) + " refused its vote to an up-to-date candidate of a newer term " +
                   std::to_string((ask_after) / kMillisecond) + " ms after it last heard from a leader");
    }
    if (!cluster.run_until([&] { return campaigns.size() > campaigns_before; }, 2 * kSecond)) {
      cluster.fail("server " + std::to_string(lonely) + " never stood for election again after granting a vote");
    }
    const Micros waited = campaigns.last_time() - granted_at;
    if (waited < minimum) {
      cluster.fail("server " + std::to_string(lonely) + " stood for election " + std::to_string(waited / kMillisecond) +
                   " ms after granting a vote; granting a vote restarts the election timeout (at least " +
                   std::to_string(minimum / kMillisecond) + " ms)");
    }
    ++rounds;
  }
  if (rounds < 12) cluster.fail("only " + std::to_string(rounds) + " of 12 rounds could ask for a vote in time");
}

STORE_SCENARIO(message_budgets, {.lab = 1,
                                 .name = "message-budgets",
                                 .points = 5,
                                 .description = "few messages for an election, per committed entry, and per idle "
                                                "second",
                                 .handout = std::string(kHandout) + "#test-message-budgets",
                                 .order = 51}) {
  RaftCluster cluster(ctx);
  const int followers = cluster.size() - 1;
  const auto& stats = cluster.sim().stats();

  // An election: a round of votes, or a few if votes split.
  const bool elected = cluster.run_until(
      [&] {
        for (NodeId id : cluster.servers()) {
          if (cluster.raft_status(id).role == Role::kLeader) return true;
        }
        return false;
      },
      5 * kSecond);
  if (!elected) cluster.fail("no leader was elected within 5 s");
  const std::uint64_t election = stats.sent().messages;
  ctx.figure("messages to elect a leader", static_cast<double>(election), "");
  if (election > 30) {
    cluster.fail("electing the first leader took " + std::to_string(election) + " messages (budget 30)");
  }

  // Agreement: about one AppendEntries per follower per command.
  const std::uint64_t appends_before = stats.sent_of<AppendEntries>().messages;
  const Micros start = cluster.sim().now();
  constexpr int kCommands = 10;
  for (int i = 0; i < kCommands; ++i) cluster.one("c" + std::to_string(i), cluster.size(), false);
  const std::uint64_t appends = stats.sent_of<AppendEntries>().messages - appends_before;
  const double seconds = static_cast<double>(cluster.sim().now() - start) / kSecond;
  const auto budget =
      static_cast<std::uint64_t>((kCommands + 3) * followers + 30.0 * followers * std::max(seconds, 0.1));
  ctx.figure("AppendEntries per command", static_cast<double>(appends) / kCommands, "");
  if (appends > budget) {
    cluster.fail(std::to_string(appends) + " AppendEntries for " + std::to_string(kCommands) +
                 " commands (budget " + std::to_string(budget) + ")");
  }

  // An idle second: heartbeats only, at most 30 per follower.
  cluster.run_for(100 * kMillisecond);
  const std::uint64_t idle_before = stats.sent_of<AppendEntries>().messages;
  const std::uint64_t all_before = stats.sent().messages;
  cluster.run_for(1 * kSecond);
  const std::uint64_t idle = stats.sent_of<AppendEntries>().messages - idle_before;
  ctx.figure("messages in an idle second", static_cast<double>(stats.sent().messages - all_before), "");
  if (idle > 30u * static_cast<std::uint64_t>(followers)) {
    cluster.fail(std::to_string(idle) + " AppendEntries in an idle second (budget " + std::to_string(30 * followers) +
                 ": heartbeats about every 50 ms)");
  }
}

STORE_SCENARIO(commit_latency, {.lab = 1,
                                .name = "commit-latency",
                                .points = 5,
                                .description = "a lone proposal commits in one round trip; 50 at once are batched",
                                .handout = std::string(kHandout) + "#test-commit-latency",
                                .default_seeds = 2,
                                .order = 52}) {
  RaftCluster cluster(ctx, {.servers = 5});
  const NodeId leader = cluster.check_one_leader();
  cluster.one("warm-up", 5, false);
  const Micros rtt = round_trip(cluster.network());

  // One proposal at a time, from propose() to the leader applying it.
  Rng& rng = cluster.sim().rng();
  std::vector<Micros> latencies;
  for (int i = 0; i < 50; ++i) {
    const Micros start = cluster.sim().now();
    const Proposal p = cluster.propose(leader, "lone-" + std::to_string(i));
    if (!p.accepted) cluster.fail("leadership moved in a failure-free run");
    if (!cluster.run_until([&] { return cluster.applied_on(leader) >= p.index; }, 1 * kSecond)) {
      cluster.fail("a lone proposal was not committed within 1 s");
    }
    latencies.push_back(cluster.sim().now() - start);
    cluster.run_for(rng.between(1, 20) * kMillisecond);
  }
  const LatencySummary lone = summarize(latencies);
  ctx.figure("commit p50", static_cast<double>(lone.p50) / static_cast<double>(rtt), "RTT");
  ctx.figure("commit p99", static_cast<double>(lone.p99) / static_cast<double>(rtt), "RTT");
  ctx.figure("commit p50", static_cast<double>(lone.p50), "us");
  if (lone.p50 * 2 > rtt * 3) {
    cluster.fail("commit p50 is " + std::to_string(lone.p50) + " us, more than 1.5 network round trips (" +
                 std::to_string(rtt * 3 / 2) + " us): is replication started as soon as a command is proposed?");
  }

  // Fifty proposals at one instant: entries that wait should travel together.
  const std::uint64_t before = cluster.sim().stats().sent().messages;
  Index last = 0;
  for (int i = 0; i < 50; ++i) last = cluster.propose(leader, "burst-" + std::to_string(i)).index;
  if (!cluster.run_until([&] { return cluster.applied_on(leader) >= last; }, 1 * kSecond)) {
    cluster.fail("50 concurrent proposals were not committed within 1 s");
  }
  const double per_entry = static_cast<double>(cluster.sim().stats().sent().messages - before) / 50.0;
  ctx.figure("messages per committed entry (50 at once)", per_entry, "");
  if (per_entry > 2.0) {
    cluster.fail("50 concurrent proposals cost " + std::to_string(per_entry) +
                 " messages per entry (budget 2): entries proposed while others are in flight should be batched");
  }
}

}  // namespace
}  // namespace store::grading
