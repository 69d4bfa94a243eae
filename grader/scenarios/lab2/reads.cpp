// Lab 2 scenarios: reads, and what they cost.
#include <optional>

#include "framework/scenario.h"
#include "support/kv_workload.h"
#include "support/latency.h"

namespace store::grading {
namespace {

constexpr const char* kHandout = "docs/labs/lab2-kv.md";

STORE_SCENARIO(stale_leader_read, {.lab = 2,
                                   .name = "stale-leader-read",
                                   .points = 6,
                                   .description = "the seed text's scenario: an old leader in the minority never "
                                                  "answers a read with the old value",
                                   .handout = std::string(kHandout) + "#test-stale-leader-read",
                                   .order = 20}) {
  KvCluster cluster(ctx);
  SimClerk& writer = cluster.add_client();
  SimClerk& reader = cluster.add_client();
  cluster.perform(writer, OpType::kPut, "x", "1");

  // n1 (the leader) and n2 are cut off from n3, n4, n5, which elect a new
  // leader; the reader can reach only the old side.
  const NodeId old_leader = cluster.check_one_leader();
  const NodeId partner = old_leader % 5 + 1;
  std::vector<NodeId> majority{writer.id()};
  for (NodeId id : cluster.servers()) {
    if (id != old_leader && id != partner) majority.push_back(id);
  }
  cluster.partition({{old_leader, partner, reader.id()}, majority});
  // Its clock runs at half speed meanwhile: a leader that steps down when it
  // hears no majority (lab 4) does so late, and answers the read below as
  // the leader it believes it is.
  cluster.set_clock_rate(old_leader, 0.5);
  NodeId new_leader = kNoNode;
  if (!cluster.run_until(
          [&] {
            for (NodeId id : majority) {
              if (!is_client_id(id) && cluster.sim().status(id).role == Role::kLeader) new_leader = id;
            }
            return new_leader != kNoNode;
          },
          5 * kSecond)) {
    cluster.fail("the majority side elected no leader within 5 s");
  }

  // x = 2 commits through the new leader...
  writer.clerk().set_leader_guess(new_leader);
  if (cluster.perform(writer, OpType::kPut, "x", "2").outcome != ClerkResult::Outcome::kOk) {
    cluster.fail("the majority side could not commit a put");
  }
  // ...then the reader asks the old leader, which still believes it leads.
  reader.clerk().set_leader_guess(old_leader);
  std::optional<ClerkResult> read;
  reader.clerk().get("x", [&](const ClerkResult& r) { read = r; });
  cluster.run_for(2 * kSecond);
  if (read && read->outcome == ClerkResult::Outcome::kOk) {
    cluster.fail("the old leader, cut off in the minority, answered a read of x with '" + read->value +
                 "' after x = 2 had been acknowledged by the new leader: a leader must not answer reads from its "
                 "own state without confirming it still leads");
  }
  // Once the partition heals, the read is answered, with the new value.
  cluster.set_clock_rate(old_leader, 1.0);
  cluster.connect_all();
  if (!cluster.run_until([&] { return read.has_value(); }, 5 * kSecond)) {
    cluster.fail("the read of x was not answered within 5 s of the partition healing");
  }
  if (read->value != "2") cluster.fail("after the partition healed, x read as '" + read->value + "', not '2'");
  cluster.check_linearizable();
}

STORE_SCENARIO(kv_latency, {.lab = 2,
                            .name = "kv-latency",
                            .points = 5,
                            .description = "put and get each take about two round trips on a LAN",
                            .handout = std::string(kHandout) + "#test-kv-latency",
                            .default_seeds = 2,
                            .order = 21}) {
  KvCluster cluster(ctx);
  SimClerk& client = cluster.add_client();
  cluster.perform(client, OpType::kPut, "warm-up", "0");
  Rng& rng = cluster.sim().rng();
  std::vector<Micros> puts, gets;
  Index log_before = 0;
  for (NodeId id : cluster.servers()) log_before = std::max(log_before, cluster.sim().status(id).last_log_index);
  constexpr int kRounds = 50;
  for (int i = 0; i < kRounds; ++i) {
    puts.push_back(cluster.perform(client, OpType::kPut, "k", std::to_string(i)).latency);
    cluster.run_for(rng.between(1, 10) * kMillisecond);
    gets.push_back(cluster.perform(client, OpType::kGet, "k").latency);
    cluster.run_for(rng.between(1, 10) * kMillisecond);
  }
  Index log_after = 0;
  for (NodeId id : cluster.servers()) log_after = std::max(log_after, cluster.sim().status(id).last_log_index);

  const Micros rtt = round_trip(cluster.network());
  const LatencySummary put = summarize(puts);
  const LatencySummary get = summarize(gets);
  const double per_rtt = 1.0 / static_cast<double>(rtt);
  ctx.figure("put p50", static_cast<double>(put.p50) * per_rtt, "RTT");
  ctx.figure("put p99", static_cast<double>(put.p99) * per_rtt, "RTT");
  ctx.figure("get p50", static_cast<double>(get.p50) * per_rtt, "RTT");
  ctx.figure("get p99", static_cast<double>(get.p99) * per_rtt, "RTT");
  // Every operation here is one log entry: the puts, and (in this lab) the gets.
  ctx.figure("log entries per get", static_cast<double>(log_after - log_before - kRounds) / kRounds, "");
  // One round trip between client and leader, and one and a half for replication.
  const Micros budget = rtt * 5 / 2;
  for (const auto& [name, summary] : {std::pair{"put", put}, std::pair{"get", get}}) {
    if (summary.p50 > budget) {
      cluster.fail(std::string(name) + " p50 is " + std::to_string(summary.p50) + " us, more than 2.5 round trips (" +
                   std::to_string(budget) + " us): one to the leader and back, one and a half to replicate");
    }
  }
  cluster.check_linearizable();
}

}  // namespace
}  // namespace store::grading
