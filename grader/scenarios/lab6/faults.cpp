// Lab 6 scenarios: ABD under crashes, partitions and a lossy network, with
// one writer per key and with writers sharing keys.
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "framework/scenario.h"
#include "support/kv_faults.h"
#include "support/kv_workload.h"
#include "support/nemesis.h"
#include "support/quorum_cluster.h"

namespace store::grading {
namespace {

constexpr const char* kHandout = "docs/labs/lab6-quorums.md";

// Clients spread over the servers: client i sends to server i mod N + 1 first.
std::vector<SimClerk*> spread_clients(QuorumCluster& cluster, int n) {
  std::vector<SimClerk*> clients;
  for (int i = 0; i < n; ++i) clients.push_back(&cluster.add_client_at(static_cast<NodeId>(i % cluster.size() + 1)));
  return clients;
}

// An acknowledgement means durable, on every replica that sent one. The
// coordinator syncs in 0.1 ms and the other two in 20 ms; every server
// crashes right after the put is acknowledged, and a get that hears only the
// other two must still find the value: an acknowledgement that left before
// its replica's record was durable is caught here.
void acknowledged_means_durable(grader::TestContext& ctx) {
  for (NodeId coordinator = 1; coordinator <= 3; ++coordinator) {
    QuorumCluster cluster(ctx, {.servers = 3, .fsync_latency = 20 * kMillisecond, .quorum = {.n = 3, .w = 2, .r = 2}});
    cluster.sim().set_fsync_latency(coordinator, 100);
    const NodeId other = coordinator % 3 + 1;
    SimClerk& writer = cluster.add_client_of({coordinator});
    SimClerk& reader = cluster.add_client_of({other});
    const std::string key = "d" + std::to_string(coordinator);
    cluster.perform_ok(writer, OpType::kPut, key, "v");
    for (NodeId server : cluster.servers()) cluster.crash(server);
    for (NodeId server : cluster.servers()) cluster.restart(server);
    cluster.partition({{coordinator}, {other, other % 3 + 1}});
    const ClerkResult got = cluster.perform_ok(reader, OpType::kGet, key);
    if (!got.found || got.value != "v") {
      cluster.fail(describe(OpType::kGet, key, "", got) + " through server " + std::to_string(other) +
                   ", hearing only the two servers other than " + std::to_string(coordinator) + ", after put " + key +
                   " = v through server " + std::to_string(coordinator) +
                   " was acknowledged and every server crashed and restarted (the other two sync in 20 ms): "
                   "with W = 2 one of them acknowledged it, and a replica's acknowledgement leaves only once "
                   "the write is in its storage, durably (send it after the append, not before)");
    }
    cluster.check_linearizable();
  }
}

// A restarted coordinator's operations are not its former self's. Server 1
// starts a get of x whose replies from 2 and 3 (x = old) are held back; it
// crashes and restarts; x = new is written through server 2 without reaching
// server 1; then server 1 takes a get of x, its first operation again, and
// the held-back replies to its former self are delivered to it. They must
// not count: the get returns new.
void late_replies_to_former_self(grader::TestContext& ctx) {
  QuorumCluster cluster(ctx, {.servers = 3, .quorum = {.n = 3, .w = 2, .r = 2}});
  SimClerk& setup = cluster.add_client_of({2});
  SimClerk& before = cluster.add_client_of({1});
  SimClerk& after = cluster.add_client_of({1});
  cluster.perform_ok(setup, OpType::kPut, "x", "old");
  cluster.run_for(50 * kMillisecond);
  std::vector<std::pair<NodeId, QuorumReadReply>> held;
  cluster.sim().set_drop_filter([&held](NodeId from, NodeId to, const Message& message) {
    const auto* reply = std::get_if<QuorumReadReply>(&message);
    if (to != 1 || from == 1 || reply == nullptr) return false;
    held.emplace_back(from, *reply);
    return true;
  });
  before.clerk().get("x", [](const ClerkResult&) {});
  cluster.run_for(20 * kMillisecond);
  cluster.sim().set_drop_filter({});
  cluster.crash(1);
  cluster.restart(1);
  cluster.sim().cut(2, 1);
  cluster.sim().cut(3, 1);
  cluster.perform_ok(setup, OpType::kPut, "x", "new");
  std::optional<ClerkResult> got;
  after.clerk().get("x", [&](const ClerkResult& result) { got = result; });
  cluster.run_for(1 * kMillisecond);  // the request has reached server 1
  for (const auto& [from, reply] : held) cluster.sim().deliver_now(from, 1, reply);
  cluster.run_for(20 * kMillisecond);
  cluster.sim().uncut(2, 1);
  cluster.sim().uncut(3, 1);
  if (!cluster.run_until([&] { return got.has_value(); }, 3 * kSecond) || got->outcome != ClerkResult::Outcome::kOk) {
    cluster.fail("get x through the restarted server 1 did not succeed within 3 s once it could hear the others");
  }
  ctx.log("the restarted server 1 was handed " + std::to_string(held.size()) +
          " replies to its former self's get (x = old); its own get returned " + describe(OpType::kGet, "x", "", *got));
  if (!got->found || got->value != "new") {
    cluster.fail(describe(OpType::kGet, "x", "", *got) + " through server 1 after put x = new was acknowledged: " +
                 "server 1 had crashed and restarted, and was handed late replies (x = old) to a get its former " +
                 "self coordinated; a restarted server numbers its operations so that they never match its former " +
                 "self's (start from the clock), and takes no reply to another operation for one of its own");
  }
  cluster.check_linearizable();
}

STORE_SCENARIO(quorum_crash_recovery,
               {.lab = 6,
                .name = "quorum-crash-recovery",
                .points = 5,
                .description = "every acknowledged write survives all servers crashing at once, even right "
                               "after its acknowledgement; a restarted coordinator takes no late reply to its "
                               "former self for its own; crashes and restarts under load keep the history "
                               "linearizable",
                .handout = std::string(kHandout) + "#test-quorum-crash-recovery",
                .default_seeds = 5,
                .order = 10}) {
  acknowledged_means_durable(ctx);
  late_replies_to_former_self(ctx);
  QuorumCluster cluster(ctx, {.servers = 3, .fsync_latency = 2 * kMillisecond, .quorum = {.n = 3, .w = 2, .r = 2}});
  std::vector<SimClerk*> clients = spread_clients(cluster, 3);
  for (int i = 0; i < 20; ++i) {
    cluster.perform_ok(*clients[static_cast<std::size_t>(i % 3)], OpType::kPut, "c" + std::to_string(i),
                       "v" + std::to_string(i));
  }
  // Right after the last acknowledgement, before anything else is synced.
  for (NodeId server : cluster.servers()) cluster.crash(server);
  for (NodeId server : cluster.servers()) cluster.restart(server);
  for (int i = 0; i < 20; ++i) {
    const std::string key = "c" + std::to_string(i);
    const ClerkResult got = cluster.perform_ok(*clients[static_cast<std::size_t>(i % 3 + 1) % 3], OpType::kGet, key);
    if (!got.found || got.value != "v" + std::to_string(i)) {
      cluster.fail(describe(OpType::kGet, key, "", got) + " after put " + key + " = v" + std::to_string(i) +
                   " was acknowledged and every server then crashed and restarted: a replica acknowledges a write "
                   "only once it is in storage, and a restarted replica recovers what its storage holds");
    }
  }

  KvWorkload workload(cluster, spread_clients(cluster, 6), {.put_share = 0.6});
  chaos_under_load(ctx, cluster, workload,
                   {.duration = 3 * kSecond,
                    .gap_min = 100 * kMillisecond,
                    .gap_max = 400 * kMillisecond,
                    .length_min = 10 * kMillisecond,
                    .length_max = 500 * kMillisecond,
                    .weights = {{FaultKind::kCrash, 1}},
                    .servers = 3,
                    .roles = false});
}

STORE_SCENARIO(quorum_chaos, {.lab = 6,
                              .name = "quorum-chaos",
                              .points = 8,
                              .description = "five replicas (N = 5, W = R = 3, write-back and read repair) through "
                                             "crashes, partitions, old messages and a lossy network; the history "
                                             "stays linearizable and service resumes after",
                              .handout = std::string(kHandout) + "#test-quorum-chaos",
                              .default_seeds = 10,
                              .order = 11}) {
  QuorumCluster cluster(ctx, {.servers = 5,
                              .network = sim::NetworkProfile::unreliable(),
                              .fsync_latency = 1 * kMillisecond,
                              .quorum = {.n = 5, .w = 3, .r = 3, .read_repair = true}});
  KvWorkload workload(cluster, spread_clients(cluster, 10), {.put_share = 0.5});
  chaos_under_load(ctx, cluster, workload,
                   {.duration = 5 * kSecond,
                    .gap_min = 200 * kMillisecond,
                    .gap_max = 600 * kMillisecond,
                    .length_min = 100 * kMillisecond,
                    .length_max = 800 * kMillisecond,
                    .weights = {{FaultKind::kIsolate, 3},
                                {FaultKind::kSplit, 2},
                                {FaultKind::kCrash, 2},
                                {FaultKind::kReplayOld, 1}},
                    .servers = 5,
                    .roles = false});
}

// Clients that all read and write the same few keys, each through one
// server, one operation at a time.
class SharedKeysWorkload {
 public:
  SharedKeysWorkload(QuorumCluster& cluster, std::vector<SimClerk*> clients, int keys)
      : cluster_(cluster), clients_(std::move(clients)), keys_(keys), completed_(clients_.size(), 0) {
    for (std::size_t i = 0; i < clients_.size(); ++i) next(i);
  }
  void stop() { stopped_ = true; }
  int completed(std::size_t i) const { return completed_[i]; }
  int completed() const {
    int total = 0;
    for (int c : completed_) total += c;
    return total;
  }

 private:
  void next(std::size_t i) {
    if (stopped_) return;
    Rng& rng = cluster_.sim().rng();
    cluster_.sim().schedule_after(rng.between(0, 10 * kMillisecond), [this, i] {
      if (stopped_) return;
      Rng& r = cluster_.sim().rng();
      const std::string key = "s" + std::to_string(r.below(static_cast<std::uint64_t>(keys_)));
      auto done = [this, i](const ClerkResult& result) {
        if (result.outcome == ClerkResult::Outcome::kOk) ++completed_[i];
        next(i);
      };
      Clerk& clerk = clients_[i]->clerk();
      if (r.chance(0.5)) {
        clerk.put(key, std::to_string(clients_[i]->id()) + "." + std::to_string(++sent_), done);
      } else {
        clerk.get(key, done);
      }
    });
  }

  QuorumCluster& cluster_;
  std::vector<SimClerk*> clients_;
  int keys_;
  std::vector<int> completed_;
  int sent_ = 0;
  bool stopped_ = false;
};

STORE_SCENARIO(shared_keys, {.lab = 6,
                             .name = "shared-keys",
                             .points = 8,
                             .description = "six writers share two keys through two coordinators while the other "
                                            "replicas crash, servers are cut off and the servers' network is lossy: "
                                            "ABD keeps the registers linearizable",
                             .handout = std::string(kHandout) + "#test-shared-keys",
                             .default_seeds = 10,
                             .order = 12}) {
  // Patient clients and coordinators: every operation has one attempt, so a
  // put never lands twice with two versions (which, with writers sharing a
  // key, would need lab 5's sessions to be safe).
  QuorumCluster cluster(ctx, {.servers = 5,
                              .network = sim::NetworkProfile::unreliable(),
                              .fsync_latency = 1 * kMillisecond,
                              .quorum = {.n = 5, .w = 3, .r = 3, .give_up_after = 20 * kSecond},
                              .clerk = {.attempt_timeout = 30 * kSecond}});
  std::vector<SimClerk*> clients;
  for (int i = 0; i < 6; ++i) {
    SimClerk& client = cluster.add_client_of({static_cast<NodeId>(i % 2 + 1)});
    // Clients' own messages are never lost (a lost reply would mean a retry).
    for (NodeId server : cluster.servers()) {
      cluster.sim().set_link_profile(client.id(), server, sim::NetworkProfile::lan());
      cluster.sim().set_link_profile(server, client.id(), sim::NetworkProfile::lan());
    }
    clients.push_back(&client);
  }
  SharedKeysWorkload workload(cluster, clients, 2);
  Rng& rng = cluster.sim().rng();
  FaultPlan plan =
      random_plan(rng, {.duration = 5 * kSecond,
                        .gap_min = 200 * kMillisecond,
                        .gap_max = 500 * kMillisecond,
                        .length_min = 50 * kMillisecond,
                        .length_max = 700 * kMillisecond,
                        .weights = {{FaultKind::kCrash, 3}, {FaultKind::kIsolate, 2}, {FaultKind::kReplayOld, 1}},
                        .servers = 5,
                        .roles = false});
  // The coordinators stay up: a crash takes one of the other three.
  for (FaultEvent& event : plan.events) {
    if (event.kind == FaultKind::kCrash && event.target.which <= 2) event.target.which += 3;
  }
  Nemesis nemesis(cluster);
  const FaultPlan played = plan_to_play(ctx, plan);
  nemesis.play(played);
  cluster.run_for(played.end());
  nemesis.stop();
  for (const std::string& line : nemesis.actions()) ctx.log(line);
  const int before = workload.completed();
  cluster.run_for(2 * kSecond);
  if (workload.completed() <= before) cluster.fail("no operation completed in the 2 s after everything healed");
  workload.stop();
  cluster.run_for(2 * kSecond);
  for (std::size_t i = 0; i < clients.size(); ++i) {
    if (workload.completed(i) < 10) {
      cluster.fail("client " + std::to_string(clients[i]->id()) + " completed only " +
                   std::to_string(workload.completed(i)) + " operations in 7 s");
    }
  }
  ctx.figure("operations completed", workload.completed(), "");
  cluster.check_linearizable();
}

}  // namespace
}  // namespace store::grading
