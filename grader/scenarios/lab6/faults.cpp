// Lab 6 scenarios: ABD under crashes, partitions and a lossy network, with
// one writer per key and with writers sharing keys.
#include <functional>
#include <string>
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

STORE_SCENARIO(quorum_crash_recovery,
               {.lab = 6,
                .name = "quorum-crash-recovery",
                .points = 5,
                .description = "every acknowledged write survives all servers crashing at once; crashes and "
                               "restarts under load keep the history linearizable",
                .handout = std::string(kHandout) + "#test-quorum-crash-recovery",
                .default_seeds = 5,
                .order = 10}) {
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
