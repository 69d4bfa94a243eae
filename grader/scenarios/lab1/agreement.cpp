// Lab 1 scenarios: agreement on log entries while nothing fails.
#include <map>
#include <set>

#include "framework/scenario.h"
#include "support/raft_cluster.h"

namespace store::grading {
namespace {

constexpr const char* kHandout = "docs/labs/lab1-replication.md";

std::string random_bytes(Rng& rng, std::size_t size) {
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>('a' + rng.below(26));
  return bytes;
}

STORE_SCENARIO(basic_agreement, {.lab = 1,
                                 .name = "basic-agreement",
                                 .points = 5,
                                 .description = "3 servers apply each of 3 commands at the index it was given",
                                 .handout = std::string(kHandout) + "#test-basic-agreement",
                                 .order = 10}) {
  RaftCluster cluster(ctx);
  Index previous = 0;
  for (int i = 1; i <= 3; ++i) {
    const Index next = previous + 1;
    if (cluster.applied_count(next) > 0) cluster.fail("index " + std::to_string(next) + " applied before any proposal");
    const Index index = cluster.one("command-" + std::to_string(i), 3, false);
    if (index <= previous) {
      cluster.fail("command " + std::to_string(i) + " got index " + std::to_string(index) + ", not after index " +
                   std::to_string(previous));
    }
    previous = index;
  }
}

STORE_SCENARIO(large_commands, {.lab = 1,
                                .name = "large-commands",
                                .points = 5,
                                .description = "10 commands of 5000 bytes cost no more than about one copy each",
                                .handout = std::string(kHandout) + "#test-large-commands",
                                .order = 11}) {
  RaftCluster cluster(ctx);
  cluster.one("warm-up", 3, false);
  const std::uint64_t before = cluster.sim().stats().sent().bytes;
  std::uint64_t payload = 0;
  for (int i = 0; i < 10; ++i) {
    const std::string command = random_bytes(cluster.sim().rng(), 5000);
    payload += command.size();
    cluster.one(command, 3, false);
  }
  const std::uint64_t sent = cluster.sim().stats().sent().bytes - before;
  // Each command must cross the network once per follower; a retransmission
  // now and then is fine, resending the log with every message is not.
  const std::uint64_t budget = payload * static_cast<std::uint64_t>(cluster.size()) + 50000;
  ctx.figure("bytes sent per command byte", static_cast<double>(sent) / static_cast<double>(payload), "");
  if (sent > budget) {
    cluster.fail(std::to_string(sent) + " bytes sent for " + std::to_string(payload) +
                 " bytes of commands; the budget is " + std::to_string(budget));
  }
}

STORE_SCENARIO(concurrent_proposals, {.lab = 1,
                                      .name = "concurrent-proposals",
                                      .points = 5,
                                      .description = "20 commands proposed at once all commit, each where proposed",
                                      .handout = std::string(kHandout) + "#test-concurrent-proposals",
                                      .order = 12}) {
  RaftCluster cluster(ctx);
  for (int attempt = 0; attempt < 5; ++attempt) {
    const NodeId leader = cluster.check_one_leader();
    // All proposals happen at the same simulated instant.
    std::map<Index, std::string> proposed;
    Term term = 0;
    bool leadership_moved = false;
    for (int i = 0; i < 20; ++i) {
      const std::string command = "attempt-" + std::to_string(attempt) + "-command-" + std::to_string(i);
      const Proposal p = cluster.propose(leader, command);
      if (!p.accepted || (term != 0 && p.term != term)) {
        leadership_moved = true;
        break;
      }
      term = p.term;
      if (!proposed.emplace(p.index, command).second) {
        cluster.fail("two proposals were given the same index " + std::to_string(p.index));
      }
    }
    if (leadership_moved) continue;
    const Index last = proposed.rbegin()->first;
    if (!cluster.wait_applied(last, 3, 5 * kSecond)) {
      if (cluster.raft_status(leader).term != term) continue;  // a new term: try again
      cluster.fail("20 concurrent proposals were not all applied by 3 servers within 5 s");
    }
    for (const auto& [index, command] : proposed) {
      std::string applied;
      cluster.applied_count(index, &applied);
      if (applied != command) {
        cluster.fail("index " + std::to_string(index) + " holds '" + applied + "', but '" + command +
                     "' was proposed there");
      }
    }
    return;
  }
  cluster.fail("leadership kept moving; could not complete the concurrent proposals");
}

}  // namespace
}  // namespace store::grading
