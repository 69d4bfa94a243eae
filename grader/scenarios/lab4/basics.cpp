// Lab 4 scenarios: what a lease costs and saves, when a server must fall
// back to ReadIndex, and the election rules a lease depends on (pre-vote,
// check-quorum, no lease before the term's first commit).
#include <algorithm>
#include <optional>
#include <string>

#include "framework/scenario.h"
#include "support/kv_faults.h"
#include "support/kv_workload.h"
#include "support/read_latency.h"

namespace store::grading {
namespace {

constexpr const char* kHandout = "docs/labs/lab4-lease.md";

STORE_SCENARIO(lease_reads_no_messages, {.lab = 4,
                                         .name = "lease-reads-no-messages",
                                         .points = 5,
                                         .description = "under a valid lease, reads cost no message between servers",
                                         .handout = std::string(kHandout) + "#test-lease-reads-no-messages",
                                         .order = 1}) {
  KvCluster cluster(ctx, {.server = {.read_path = ReadPath::kLease}});
  SimClerk& client = cluster.add_client();
  cluster.perform(client, OpType::kPut, "x", "1");
  client.clerk().set_leader_guess(cluster.check_one_leader());
  // The same second twice: once quiet, once with reads one after another.
  const auto& stats = cluster.sim().stats();
  auto peer_messages = [&] {
    return stats.sent().messages - stats.sent_of<ClientRequest>().messages - stats.sent_of<ClientReply>().messages;
  };
  const std::uint64_t quiet_start = peer_messages();
  cluster.run_for(1 * kSecond);
  const std::uint64_t quiet = peer_messages() - quiet_start;
  const std::uint64_t busy_start = peer_messages();
  const Micros end = cluster.sim().now() + 1 * kSecond;
  int reads = 0;
  while (cluster.sim().now() < end) {
    const ClerkResult r = cluster.perform(client, OpType::kGet, "x");
    if (r.outcome != ClerkResult::Outcome::kOk || r.value != "1") {
      cluster.fail("get x after put x = 1 returned '" + r.value + "'");
    }
    ++reads;
  }
  const std::uint64_t busy = peer_messages() - busy_start;
  const double extra = static_cast<double>(busy) - static_cast<double>(quiet);
  ctx.figure("reads in one second", reads, "");
  ctx.figure("peer messages per read", std::max(extra, 0.0) / reads, "");
  if (extra > reads / 100.0 + 10) {
    cluster.fail(std::to_string(reads) + " reads in one second cost " + std::to_string(busy) +
                 " messages between servers, against " + std::to_string(quiet) +
                 " in a quiet second: under a valid lease the leader serves a read without any message");
  }
  cluster.check_linearizable();
}

STORE_SCENARIO(lease_latency, {.lab = 4,
                               .name = "lease-latency",
                               .points = 5,
                               .description = "a lease get takes one client round trip, beside read-index and log "
                                              "gets measured the same way",
                               .handout = std::string(kHandout) + "#test-lease-latency",
                               .default_seeds = 2,
                               .order = 2}) {
  const PathLatency lease = measure_reads(ctx, ReadPath::kLease, true);
  const PathLatency index = measure_reads(ctx, ReadPath::kReadIndex, false);
  const PathLatency log = measure_reads(ctx, ReadPath::kLog, false);
  const double rtt = static_cast<double>(round_trip(sim::NetworkProfile::lan()));
  ctx.figure("lease get p50", static_cast<double>(lease.get.p50) / rtt, "RTT");
  ctx.figure("lease get p99", static_cast<double>(lease.get.p99) / rtt, "RTT");
  ctx.figure("read-index get p50", static_cast<double>(index.get.p50) / rtt, "RTT");
  ctx.figure("log get p50", static_cast<double>(log.get.p50) / rtt, "RTT");
  ctx.figure("peer messages per read under load (lease)", lease.peer_messages_per_read, "");
  ctx.figure("peer messages per read under load (read-index)", index.peer_messages_per_read, "");
  if (static_cast<double>(lease.get.p50) > 1.1 * rtt) {
    ctx.fail("lease get p50 is " + std::to_string(lease.get.p50) + " us, more than 1.1 client round trips (" +
             std::to_string(static_cast<Micros>(1.1 * rtt)) + " us): under a lease the leader answers at once");
  }
}

STORE_SCENARIO(lease_expiry_fallback, {.lab = 4,
                                       .name = "lease-expiry-fallback",
                                       .points = 5,
                                       .description = "when no lease can hold (answers take longer than a lease "
                                                      "lasts), reads fall back to ReadIndex and are still answered",
                                       .handout = std::string(kHandout) + "#test-lease-expiry-fallback",
                                       .order = 3}) {
  KvCluster cluster(ctx, {.server = {.read_path = ReadPath::kLease}});
  SimClerk& client = cluster.add_client();
  cluster.perform(client, OpType::kPut, "x", "0");
  const NodeId leader = cluster.check_one_leader();
  // 90 ms each way between the leader and its followers: no heartbeat is
  // answered within a lease of it being sent.
  sim::NetworkProfile far = sim::NetworkProfile::lan();
  far.base_latency = 90 * kMillisecond;
  for (NodeId id : cluster.servers()) {
    if (id == leader) continue;
    cluster.sim().set_link_profile(leader, id, far);
    cluster.sim().set_link_profile(id, leader, far);
  }
  cluster.run_for(1 * kSecond);
  client.clerk().set_leader_guess(leader);
  for (int i = 1; i <= 10; ++i) {
    const std::string value = std::to_string(i);
    cluster.perform(client, OpType::kPut, "x", value);
    const ClerkResult r = cluster.perform(client, OpType::kGet, "x");
    if (r.outcome != ClerkResult::Outcome::kOk || r.value != value) {
      cluster.fail("get x right after put x = " + value + " returned '" + r.value + "'");
    }
  }
  cluster.check_linearizable();
}

STORE_SCENARIO(new_leader_lease, {.lab = 4,
                                  .name = "new-leader-lease",
                                  .points = 5,
                                  .description = "a new leader takes no lease before an entry of its own term commits",
                                  .handout = std::string(kHandout) + "#test-new-leader-lease",
                                  .order = 4}) {
  // One entry per message: a follower that lags catches up one round trip
  // per entry, so a new leader's first entry commits only late.
  KvCluster cluster(ctx, {.server = {.raft = {.max_entries_per_message = 1}, .read_path = ReadPath::kLease}});
  SimClerk& writer = cluster.add_client();
  SimClerk& reader = cluster.add_client();
  // The moment the leader commits the next command, its messages to the
  // other servers stop: they hold the entry, but never learn it committed.
  CutOnCommit cut_on_commit(cluster);
  for (int round = 0; round < 3; ++round) {
    const std::string acked = "acked-" + std::to_string(round);
    cluster.perform(writer, OpType::kPut, "x", "before-" + std::to_string(round));
    const NodeId leader = cluster.check_one_leader();
    writer.clerk().set_leader_guess(leader);
    // Two followers miss 30 writes, and the last one, which is acknowledged
    // as the leader commits it; then the leader crashes.
    const NodeId lag1 = leader % 5 + 1;
    const NodeId lag2 = lag1 % 5 + 1;
    cluster.disconnect(lag1);
    cluster.disconnect(lag2);
    for (int i = 0; i < 30; ++i) cluster.perform(writer, OpType::kPut, "filler", std::to_string(i));
    cut_on_commit.arm(leader);
    cluster.perform(writer, OpType::kPut, "x", acked);
    cluster.crash(leader);
    cluster.connect_all();
    NodeId next = kNoNode;
    if (!cluster.run_until(
            [&] {
              for (NodeId id : cluster.servers()) {
                if (cluster.up(id) && cluster.sim().status(id).role == Role::kLeader) next = id;
              }
              return next != kNoNode;
            },
            5 * kSecond)) {
      cluster.fail("no new leader was elected within 5 s");
    }
    // Its first heartbeats are answered by a majority at once (the laggards
    // answer too, refusing), but its no-op commits only once a laggard has
    // caught up 31 entries. Reads meanwhile must see the acknowledged put.
    cluster.run_for(1 * kMillisecond);
    reader.clerk().set_leader_guess(next);
    for (int i = 0; i < 10; ++i) {
      const ClerkResult read = cluster.perform(reader, OpType::kGet, "x");
      if (read.value != acked) {
        cluster.fail("after put x = " + acked +
                     " was acknowledged and its leader crashed, the new leader answered "
                     "get x with '" +
                     read.value + "': no lease before an entry of the leader's own term has committed");
      }
    }
    cluster.restart(leader);
    cluster.run_for(1 * kSecond);
  }
  cluster.check_linearizable();
}

STORE_SCENARIO(prevote_rejoin, {.lab = 4,
                                .name = "prevote-rejoin",
                                .points = 5,
                                .description = "a server back from isolation does not depose a healthy leader "
                                               "(pre-vote)",
                                .handout = std::string(kHandout) + "#test-prevote-rejoin",
                                .order = 5}) {
  KvCluster cluster(ctx, {.server = {.read_path = ReadPath::kLease}});
  SimClerk& client = cluster.add_client();
  cluster.perform(client, OpType::kPut, "x", "1");
  for (int round = 0; round < 3; ++round) {
    const NodeId leader = cluster.check_one_leader();
    const Term term = cluster.sim().status(leader).term;
    const NodeId loner = leader % cluster.size() + 1;
    // Alone for two seconds, the server times out again and again.
    cluster.disconnect(loner);
    cluster.run_for(2 * kSecond);
    cluster.connect(loner);
    cluster.run_for(1 * kSecond);
    const NodeStatus now = cluster.sim().status(leader);
    if (now.role != Role::kLeader || now.term != term) {
      cluster.fail("server " + std::to_string(loner) + ", back after two seconds alone, disrupted the leader: server " +
                   std::to_string(leader) + " led term " + std::to_string(term) + " and is now " +
                   std::string(to_string(now.role)) + " in term " + std::to_string(now.term) +
                   "; with pre-vote a server cut off does not raise its term");
    }
  }
  cluster.check_linearizable();
}

STORE_SCENARIO(check_quorum, {.lab = 4,
                              .name = "check-quorum",
                              .points = 5,
                              .description = "a leader that hears no majority for an election timeout steps down",
                              .handout = std::string(kHandout) + "#test-check-quorum",
                              .order = 6}) {
  KvCluster cluster(ctx, {.server = {.read_path = ReadPath::kLease}});
  SimClerk& client = cluster.add_client();
  cluster.perform(client, OpType::kPut, "x", "1");
  const Micros timeout = RaftConfig{}.election_timeout_max;
  for (int round = 0; round < 3; ++round) {
    const NodeId leader = cluster.check_one_leader();
    cluster.disconnect(leader);
    const Micros cut_at = cluster.sim().now();
    if (!cluster.run_until([&] { return cluster.sim().status(leader).role != Role::kLeader; },
                           timeout + 100 * kMillisecond)) {
      cluster.fail("server " + std::to_string(leader) + ", cut off from every other server, still believes it leads " +
                   std::to_string((timeout + 100 * kMillisecond) / kMillisecond) +
                   " ms later: a leader that hears no majority for an election timeout steps down (check-quorum)");
    }
    ctx.figure("time to step down", static_cast<double>(cluster.sim().now() - cut_at) / kMillisecond, "ms");
    cluster.connect(leader);
    cluster.run_for(500 * kMillisecond);
  }
  cluster.check_linearizable();
}

}  // namespace
}  // namespace store::grading
