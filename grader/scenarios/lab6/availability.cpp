// Lab 6 scenarios: what a leaderless store can still serve with a server cut
// off, and what read repair brings back.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "framework/scenario.h"
#include "support/latency.h"
#include "support/quorum_cluster.h"

namespace store::grading {
namespace {

constexpr const char* kHandout = "docs/labs/lab6-quorums.md";

// Runs `count` operations through `client` one after the other, puts and
// gets alternating on `key`, and returns their latencies; fails the test if
// one does not succeed.
std::vector<Micros> serve(QuorumCluster& cluster, SimClerk& client, const std::string& key, int count, bool with_puts) {
  std::vector<Micros> latencies;
  for (int i = 0; i < count; ++i) {
    const bool put = with_puts && i % 2 == 0;
    const std::string value = key + "." + std::to_string(i);
    latencies.push_back(cluster.perform_ok(client, put ? OpType::kPut : OpType::kGet, key, value).latency);
  }
  return latencies;
}

STORE_SCENARIO(minority_side, {.lab = 6,
                               .name = "minority-side",
                               .points = 5,
                               .description = "one of three servers cut off: the other two serve reads and writes at "
                                              "once, with no election to wait for; with R = 1 the cut-off one still "
                                              "serves reads, and with R = 2 it answers nothing",
                               .handout = std::string(kHandout) + "#test-minority-side",
                               .default_seeds = 3,
                               .order = 8}) {
  // The bound on one operation while the partition lasts: a few round trips,
  // far below the Raft store's election timeout (150-300 ms), which is what
  // a cut-off leader costs there.
  const Micros budget = 20 * round_trip(sim::NetworkProfile::lan());
  for (const int r : {2, 1}) {
    const std::string mode = "R = " + std::to_string(r);
    // With R = 1 a read writes nothing back, or it would wait for W replicas after all.
    QuorumCluster cluster(
        ctx, {.servers = 3, .quorum = {.n = 3, .w = 2, .r = r, .allow_stale_reads = r == 1, .write_back = r > 1}});
    SimClerk& at1 = cluster.add_client_of({1});
    SimClerk& at2 = cluster.add_client_of({2});
    SimClerk& at3 = cluster.add_client_of({3});
    cluster.perform_ok(at2, OpType::kPut, "before", "1");
    cluster.run_for(50 * kMillisecond);
    cluster.partition({{1}, {2, 3}});
    std::vector<Micros> majority = serve(cluster, at2, "k2", 20, true);
    const std::vector<Micros> more = serve(cluster, at3, "k3", 20, true);
    majority.insert(majority.end(), more.begin(), more.end());
    const LatencySummary served = summarize(majority);
    ctx.figure(mode + ": slowest operation on the majority side", static_cast<double>(served.max), "us");
    if (served.max > budget) {
      cluster.fail(mode + ": with server 1 cut off, an operation through server 2 or 3 took " +
                   std::to_string(served.max) + " us (budget " + std::to_string(budget) +
                   " us): two of three replicas are a quorum for reads and writes, with no leader to replace");
    }
    if (r == 1) {
      // Reads of a key written before the partition: the cut-off server has
      // it, and R = 1 lets it answer alone.
      const std::vector<Micros> minority = serve(cluster, at1, "before", 10, false);
      ctx.figure(mode + ": slowest read on the cut-off server", static_cast<double>(summarize(minority).max), "us");
      if (summarize(minority).max > budget) {
        cluster.fail(mode + ": a read through the cut-off server 1 took " + std::to_string(summarize(minority).max) +
                     " us: with R = 1 it answers from its own copy");
      }
    } else {
      // R = 2: server 1 alone must not answer a read, nor acknowledge a
      // write, however long it tries (past give_up_after, when it gives up).
      SimClerk& writer1 = cluster.add_client_of({1});
      bool answered = false;
      std::optional<ClerkResult> put;
      at1.clerk().get("before", [&](const ClerkResult&) { answered = true; });
      writer1.clerk().put("cut", "1", [&](const ClerkResult& result) { put = result; });
      cluster.run_for(cluster.quorum().give_up_after + 500 * kMillisecond);
      if (answered) {
        cluster.fail(mode +
                     ": server 1, cut off from both others, answered a get: with R = 2 it needs a second "
                     "replica's reply, and hearing from none it must not answer ok");
      }
      if (put.has_value() && put->outcome == ClerkResult::Outcome::kOk) {
        cluster.fail(mode + ": server 1, cut off from both others, acknowledged put cut = 1: with W = 2 it needs " +
                     "a second replica's acknowledgement, and one that gives up answers retry, never ok");
      }
      cluster.connect_all();
      if (!cluster.run_until([&] { return answered && put.has_value(); }, 3 * kSecond)) {
        cluster.fail(mode +
                     ": the get and put through server 1 were not answered within 3 s after the partition "
                     "healed");
      }
    }
    cluster.connect_all();
    cluster.run_for(100 * kMillisecond);
    cluster.check_linearizable();
  }
}

STORE_SCENARIO(read_repair, {.lab = 6,
                             .name = "read-repair",
                             .points = 5,
                             .description = "with read repair, a replica that answered a read with an older "
                                            "version holds the newer one soon after, late replies included",
                             .handout = std::string(kHandout) + "#test-read-repair",
                             .default_seeds = 3,
                             .order = 9}) {
  QuorumCluster cluster(ctx,
                        {.servers = 3, .quorum = {.n = 3, .w = 2, .r = 2, .write_back = false, .read_repair = true}});
  SimClerk& writer = cluster.add_client_of({1});
  for (int round = 0; round < 6; ++round) {
    const std::string key = "r" + std::to_string(round);
    cluster.perform_ok(writer, OpType::kPut, key, "old");
    cluster.run_for(20 * kMillisecond);
    // Server 3 misses the new value: server 1's messages to it are lost.
    cluster.sim().cut(1, 3);
    cluster.perform_ok(writer, OpType::kPut, key, "new");
    cluster.run_for(20 * kMillisecond);
    cluster.sim().uncut(1, 3);
    const QuorumReadReply before = cluster.probe(3, key);
    if (before.value == "new") {
      ctx.log(key + ": server 3 got the new value without a read (it was sent again); nothing to repair");
      continue;
    }
    // A get through server 2 (or 3, every other round): server 3's old reply
    // is among the first two, or arrives just after.
    SimClerk& reader = cluster.add_client_of({static_cast<NodeId>(round % 2 == 0 ? 2 : 3)});
    const ClerkResult got = cluster.perform_ok(reader, OpType::kGet, key);
    if (got.value != "new") {
      cluster.fail(describe(OpType::kGet, key, "", got) + " after put " + key + " = new was acknowledged");
    }
    cluster.run_for(20 * kMillisecond);
    const QuorumReadReply after = cluster.probe(3, key);
    if (after.value != "new") {
      cluster.fail("server 3 answered a get of " + key + " with the older value and still holds " + describe(after) +
                   " 20 ms after the get returned new: read repair sends the newest version to every replica that "
                   "replied with an older one, also when its reply came after the read was answered");
    }
  }
  cluster.check_linearizable();
}

}  // namespace
}  // namespace store::grading
