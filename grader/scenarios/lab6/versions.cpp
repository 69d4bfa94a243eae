// Lab 6 scenarios: which write is the newest. A read takes the highest
// version among its replies, whatever order they arrive in, and two writes
// that got the same timestamp are ordered the same way on every replica.
#include <string>
#include <vector>

#include "framework/scenario.h"
#include "support/quorum_cluster.h"

namespace store::grading {
namespace {

constexpr const char* kHandout = "docs/labs/lab6-quorums.md";

STORE_SCENARIO(highest_version, {.lab = 6,
                                 .name = "highest-version",
                                 .points = 5,
                                 .description = "a read answers with the highest version among its replies, not the "
                                                "first or the last to arrive",
                                 .handout = std::string(kHandout) + "#test-highest-version",
                                 .default_seeds = 3,
                                 .order = 4}) {
  // Server 2 is 5 ms from server 1; everything else is 100 us apart. Server
  // 3 misses the second write of x and y, so it answers reads fast and stale.
  const sim::NetworkProfile near{.base_latency = 100, .jitter = 20};
  const sim::NetworkProfile slow{.base_latency = 5 * kMillisecond, .jitter = 20};
  QuorumCluster cluster(ctx, {.servers = 3, .network = near, .quorum = {.n = 3, .w = 2, .r = 2}});
  cluster.sim().set_link_profile(1, 2, slow);
  cluster.sim().set_link_profile(2, 1, slow);
  SimClerk& writer = cluster.add_client_of({1});
  for (const char* key : {"x", "y"}) cluster.perform_ok(writer, OpType::kPut, key, "old");
  cluster.run_for(50 * kMillisecond);
  cluster.sim().cut(1, 3);
  for (const char* key : {"x", "y"}) cluster.perform_ok(writer, OpType::kPut, key, "new");
  cluster.run_for(50 * kMillisecond);
  cluster.sim().uncut(1, 3);
  const QuorumReadReply stale = cluster.probe(3, "x");
  ctx.log("server 3 holds " + describe(stale) + " for x");

  // Through server 1: its own reply (new) comes first, server 3's (old)
  // second, server 2's (new) 10 ms later.
  SimClerk& reader1 = cluster.add_client_of({1});
  const ClerkResult at1 = cluster.perform_ok(reader1, OpType::kGet, "x");
  if (at1.value != "new") {
    cluster.fail(describe(OpType::kGet, "x", "", at1) + " through server 1 after put x = new was acknowledged: " +
                 "its replies were server 1's (new) and then server 3's (old, it missed the put); the newer "
                 "version wins whichever reply arrives last");
  }
  // Through server 3: its own reply (old) comes first, a newer one next.
  SimClerk& reader3 = cluster.add_client_of({3});
  const ClerkResult at3 = cluster.perform_ok(reader3, OpType::kGet, "y");
  if (at3.value != "new") {
    cluster.fail(describe(OpType::kGet, "y", "", at3) + " through server 3 after put y = new was acknowledged: " +
                 "server 3's own reply (old, it missed the put) came first and a newer one right after; the newer "
                 "version wins whichever reply arrives first");
  }
  cluster.check_linearizable();
}

STORE_SCENARIO(version_ties, {.lab = 6,
                              .name = "version-ties",
                              .points = 5,
                              .description = "two writes that get the same timestamp on two servers: every replica "
                                             "keeps the same one, and every later read returns it",
                              .handout = std::string(kHandout) + "#test-version-ties",
                              .default_seeds = 3,
                              .order = 5}) {
  // No jitter: two requests sent at once reach servers 1 and 2 in the same
  // microsecond, and their clocks agree, so both writes get one timestamp.
  // Servers 1 and 2 are 1 ms apart, the rest 100 us: a read through server 1
  // hears from 3 before 2, and one through 2 from 3 before 1.
  QuorumCluster cluster(
      ctx, {.servers = 3, .network = {.base_latency = 100, .jitter = 0}, .quorum = {.n = 3, .w = 2, .r = 2}});
  const sim::NetworkProfile apart{.base_latency = 1 * kMillisecond, .jitter = 0};
  cluster.sim().set_link_profile(1, 2, apart);
  cluster.sim().set_link_profile(2, 1, apart);
  SimClerk& a = cluster.add_client_of({1});
  SimClerk& b = cluster.add_client_of({2});
  std::vector<SimClerk*> readers;
  for (NodeId server : cluster.servers()) readers.push_back(&cluster.add_client_of({server}));
  for (int round = 0; round < 5; ++round) {
    const std::string key = "t" + std::to_string(round);
    const std::string value_a = "a" + std::to_string(round);
    const std::string value_b = "b" + std::to_string(round);
    int done = 0;
    a.clerk().put(key, value_a, [&](const ClerkResult&) { ++done; });
    b.clerk().put(key, value_b, [&](const ClerkResult&) { ++done; });
    if (!cluster.run_until([&] { return done == 2; }, 2 * kSecond)) {
      cluster.fail("two puts of " + key + " sent at once through servers 1 and 2 did not both complete within 2 s");
    }
    cluster.run_for(10 * kMillisecond);
    // The writes are over: every read from now on must return the same value.
    std::string first;
    for (int pass = 0; pass < 2; ++pass) {
      for (std::size_t i = 0; i < readers.size(); ++i) {
        const ClerkResult got = cluster.perform_ok(*readers[i], OpType::kGet, key);
        if (first.empty()) first = got.value;
        if (got.value == first) continue;
        std::string held;
        for (const QuorumReadReply& h : cluster.probe_replicas(key)) held += (held.empty() ? "" : ", ") + describe(h);
        cluster.fail("after puts of " + key + " = " + value_a + " (through server 1) and = " + value_b +
                     " (through server 2) in the same microsecond, a get returned " + first + " and a later one " +
                     "through server " + std::to_string(i + 1) + " returned " + got.value +
                     ": the two writes have the same timestamp, and replicas must agree which is newer (by the "
                     "writer's id); the replicas hold " +
                     held);
      }
    }
    // Every replica that holds one of the two writes holds the one the reads returned.
    for (NodeId server : cluster.replicas(key)) {
      const QuorumReadReply held = cluster.probe(server, key);
      if ((held.value == value_a || held.value == value_b) && held.value != first) {
        cluster.fail("after puts of " + key + " = " + value_a + " and = " + value_b + " with the same timestamp, " +
                     "every get returned " + first + " but server " + std::to_string(server) + " holds " +
                     describe(held) + ": replicas that order the two writes differently never converge");
      }
    }
  }
  cluster.check_linearizable();
}

}  // namespace
}  // namespace store::grading
