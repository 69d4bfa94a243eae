// Lab 2 scenarios: the key-value service under partitions and crashes.
#include <algorithm>

#include "framework/scenario.h"
#include "support/kv_workload.h"

namespace store::grading {
namespace {

constexpr const char* kHandout = "docs/labs/lab2-kv.md";

STORE_SCENARIO(leader_in_minority, {.lab = 2,
                                    .name = "leader-in-minority",
                                    .points = 6,
                                    .description = "clients stuck with a leader in the minority get no answer until "
                                                   "heal, then are served",
                                    .handout = std::string(kHandout) + "#test-leader-in-minority",
                                    .order = 10}) {
  KvCluster cluster(ctx);
  SimClerk& outside = cluster.add_client();  // stays with the majority
  SimClerk& inside = cluster.add_client();   // is cut off with the old leader
  KvWorkload workload(cluster, {&outside, &inside});
  // The cut-off client only writes: a put never blocks it for long before
  // the cut, and afterwards any answer at all is a mistake.
  workload.set_mix(1, {.own_key_share = 1, .put_share = 1, .delete_share = 0});
  cluster.run_for(1 * kSecond);

  // The leader, one follower and one client on one side; the rest on the other.
  const NodeId leader = cluster.check_one_leader();
  const NodeId follower = leader % 5 + 1;
  std::vector<NodeId> majority{outside.id()};
  for (NodeId id : cluster.servers()) {
    if (id != leader && id != follower) majority.push_back(id);
  }
  cluster.partition({{leader, follower, inside.id()}, majority});
  // Replies already on their way may still arrive; count from after them.
  cluster.run_for(10 * kMillisecond);
  const int inside_at_cut = workload.completed(1);
  const int outside_at_cut = workload.completed(0);

  cluster.run_for(3 * kSecond);
  if (workload.completed(1) != inside_at_cut) {
    cluster.fail("a client cut off with the old leader and one follower got " +
                 std::to_string(workload.completed(1) - inside_at_cut) +
                 " operations answered; without a majority nothing can commit, so nothing may be answered");
  }
  if (workload.completed(0) < outside_at_cut + 10) {
    cluster.fail("the majority side served only " + std::to_string(workload.completed(0) - outside_at_cut) +
                 " operations in 3 s");
  }

  // The partition heals. The cut-off client's put, open all along, is its
  // last write: it must now be answered, and what it reads back afterwards
  // must agree with that answer.
  cluster.connect_all();
  workload.stop();
  if (!cluster.run_until([&] { return !workload.busy(1); }, 5 * kSecond)) {
    cluster.fail("after the partition healed, the cut-off client's pending operation was not answered within 5 s");
  }
  for (const std::string& key : workload.keys(1)) cluster.perform(inside, OpType::kGet, key);
  cluster.run_for(1 * kSecond);
  cluster.check_linearizable();
}

// Splits the servers at random into two groups, now and then, while the
// workload runs; clients reach every server.
void random_partitions(KvCluster& cluster, int clients, Micros duration) {
  KvWorkload workload(cluster, add_clients(cluster, clients));
  Rng& rng = cluster.sim().rng();
  const Micros end = cluster.sim().now() + duration;
  while (cluster.sim().now() < end) {
    std::vector<NodeId> ids = cluster.servers();
    std::vector<std::vector<NodeId>> groups(2);
    for (NodeId id : ids) groups[rng.below(2)].push_back(id);
    cluster.partition(groups);
    cluster.run_for(rng.between(200, 800) * kMillisecond);
    cluster.connect_all();
    cluster.run_for(rng.between(0, 200) * kMillisecond);
  }
  cluster.connect_all();
  const int before_heal = workload.completed();
  cluster.run_for(2 * kSecond);
  if (workload.completed() <= before_heal) cluster.fail("no operation completed in the 2 s after the last heal");
  workload.stop();
  cluster.run_for(1 * kSecond);
  cluster.ctx().figure("operations completed", workload.completed(), "");
  cluster.check_linearizable();
}

STORE_SCENARIO(partitions_one_client, {.lab = 2,
                                       .name = "partitions-one-client",
                                       .points = 5,
                                       .description = "one client while the servers are split at random, repeatedly",
                                       .handout = std::string(kHandout) + "#test-partitions-one-client",
                                       .default_seeds = 10,
                                       .order = 11}) {
  KvCluster cluster(ctx);
  random_partitions(cluster, 1, 6 * kSecond);
}

STORE_SCENARIO(partitions_many_clients, {.lab = 2,
                                         .name = "partitions-many-clients",
                                         .points = 6,
                                         .description = "five clients while the servers are split at random, "
                                                        "repeatedly",
                                         .handout = std::string(kHandout) + "#test-partitions-many-clients",
                                         .order = 12}) {
  KvCluster cluster(ctx);
  random_partitions(cluster, 5, 6 * kSecond);
}

STORE_SCENARIO(crash_restart, {.lab = 2,
                               .name = "crash-restart",
                               .points = 6,
                               .description = "servers crash and restart one or two at a time under load",
                               .handout = std::string(kHandout) + "#test-crash-restart",
                               .default_seeds = 10,
                               .order = 13}) {
  KvCluster cluster(ctx, {.fsync_latency = 2 * kMillisecond});  // crashes lose the latest writes
  KvWorkload workload(cluster, add_clients(cluster, 5));
  Rng& rng = cluster.sim().rng();
  for (int round = 0; round < 8; ++round) {
    cluster.run_for(rng.between(200, 600) * kMillisecond);
    // Crash one or two (a majority stays up), and bring them back later.
    std::vector<NodeId> victims{static_cast<NodeId>(rng.between(1, 5))};
    if (rng.chance(0.5)) victims.push_back(victims[0] % 5 + 1);
    for (NodeId id : victims) cluster.crash(id);
    cluster.run_for(rng.between(200, 800) * kMillisecond);
    for (NodeId id : victims) cluster.restart(id);
  }
  const int before = workload.completed();
  cluster.run_for(2 * kSecond);
  if (workload.completed() <= before) cluster.fail("no operation completed in the 2 s after the last restart");
  workload.stop();
  cluster.run_for(1 * kSecond);
  cluster.check_linearizable();
}

STORE_SCENARIO(crash_all, {.lab = 2,
                           .name = "crash-all",
                           .points = 5,
                           .description = "every server crashes at once and restarts; the data is all still there",
                           .handout = std::string(kHandout) + "#test-crash-all",
                           .default_seeds = 10,
                           .order = 14}) {
  KvCluster cluster(ctx, {.fsync_latency = 2 * kMillisecond});  // crashes lose the latest writes
  KvWorkload workload(cluster, add_clients(cluster, 3));
  for (int round = 0; round < 3; ++round) {
    cluster.run_for(1 * kSecond);
    for (NodeId id : cluster.servers()) cluster.crash(id);
    cluster.run_for(200 * kMillisecond);
    for (NodeId id : cluster.servers()) cluster.restart(id);
  }
  const int before = workload.completed();
  cluster.run_for(2 * kSecond);
  if (workload.completed() <= before) cluster.fail("no operation completed in the 2 s after the restart");
  workload.stop();
  cluster.run_for(1 * kSecond);
  cluster.check_linearizable();
}

STORE_SCENARIO(chaos, {.lab = 2,
                       .name = "chaos",
                       .points = 8,
                       .description = "7 servers, 15 clients, many keys: crashes, partitions and a lossy network",
                       .handout = std::string(kHandout) + "#test-chaos",
                       .order = 15}) {
  KvCluster cluster(ctx, {.servers = 7, .network = sim::NetworkProfile::unreliable()});
  KvWorkload workload(cluster, add_clients(cluster, 15), {.keys_per_client = 3});
  Rng& rng = cluster.sim().rng();
  for (int round = 0; round < 12; ++round) {
    cluster.run_for(rng.between(200, 600) * kMillisecond);
    if (rng.chance(0.5)) {
      std::vector<std::vector<NodeId>> groups(2);
      for (NodeId id : cluster.servers()) groups[rng.below(2)].push_back(id);
      cluster.partition(groups);
    } else {
      cluster.connect_all();
    }
    // At most three of the seven are down at a time.
    std::vector<NodeId> down;
    for (NodeId id : cluster.servers()) {
      if (!cluster.up(id)) down.push_back(id);
    }
    if (down.size() < 3 && rng.chance(0.5)) {
      const NodeId id = static_cast<NodeId>(rng.between(1, 7));
      if (cluster.up(id)) cluster.crash(id);
    } else if (!down.empty()) {
      cluster.restart(down[rng.below(down.size())]);
    }
  }
  for (NodeId id : cluster.servers()) {
    if (!cluster.up(id)) cluster.restart(id);
  }
  cluster.connect_all();
  cluster.set_network(sim::NetworkProfile::lan());
  const int before = workload.completed();
  cluster.run_for(3 * kSecond);
  if (workload.completed() <= before) cluster.fail("no operation completed in the 3 s after everything healed");
  workload.stop();
  cluster.run_for(1 * kSecond);
  cluster.ctx().figure("operations completed", workload.completed(), "");
  cluster.check_linearizable();
}

}  // namespace
}  // namespace store::grading
