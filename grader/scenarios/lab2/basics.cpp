// Lab 2 scenarios: the key-value service without faults, and on a bad network.
#include "framework/scenario.h"
#include "support/kv_workload.h"
#include "support/nemesis.h"

namespace store::grading {
namespace {

constexpr const char* kHandout = "docs/labs/lab2-kv.md";

STORE_LAB(2, "KV state machine");

STORE_SCENARIO(one_client, {.lab = 2,
                            .name = "one-client",
                            .points = 5,
                            .description = "one client's puts, gets and deletes, linearizable",
                            .handout = std::string(kHandout) + "#test-one-client",
                            .order = 1}) {
  KvCluster cluster(ctx);
  run_and_check(cluster, add_clients(cluster, 1), 3 * kSecond, 50);
}

STORE_SCENARIO(many_clients, {.lab = 2,
                              .name = "many-clients",
                              .points = 5,
                              .description = "five concurrent clients, linearizable",
                              .handout = std::string(kHandout) + "#test-many-clients",
                              .order = 2}) {
  KvCluster cluster(ctx);
  run_and_check(cluster, add_clients(cluster, 5), 5 * kSecond, 50);
}

STORE_SCENARIO(unreliable_network, {.lab = 2,
                                    .name = "unreliable-network",
                                    .points = 6,
                                    .description = "five clients on a network that drops, duplicates and reorders",
                                    .handout = std::string(kHandout) + "#test-unreliable-network",
                                    .default_seeds = 10,
                                    .order = 3}) {
  // The lossy network is the schedule's one episode (the workload's 5 s, and
  // the second it has to finish), so that --shrink can shorten it.
  KvCluster cluster(ctx);
  const FaultPlan lossy{{{.at = 0, .length = 6 * kSecond, .kind = FaultKind::kNetwork, .profile = "unreliable"}}};
  Nemesis nemesis(cluster);
  nemesis.play(plan_to_play(ctx, lossy));
  run_and_check(cluster, add_clients(cluster, 5), 5 * kSecond, 10);
}

}  // namespace
}  // namespace store::grading
