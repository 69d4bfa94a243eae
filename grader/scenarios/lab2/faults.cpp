// Lab 2 scenarios: the key-value service under partitions and crashes.
#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <vector>

#include "framework/scenario.h"
#include "support/kv_workload.h"
#include "support/nemesis.h"

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

// A random side of a split: each server on it with even odds; nullopt when
// the draw puts every server on one side (no split at all).
std::optional<std::vector<NodeId>> random_side(Rng& rng, int servers) {
  std::vector<NodeId> side;
  for (NodeId id = 1; id <= servers; ++id) {
    if (rng.below(2) == 0) side.push_back(id);
  }
  if (side.empty() || side.size() == static_cast<std::size_t>(servers)) return std::nullopt;
  return side;
}

// Splits of the servers into two random groups, 200 to 800 ms each, with up
// to 200 ms healed between them, for `duration`.
FaultPlan draw_random_splits(Rng& rng, int servers, Micros duration) {
  FaultPlan plan;
  for (Micros at = 0; at < duration;) {
    const std::optional<std::vector<NodeId>> side = random_side(rng, servers);
    const Micros length = rng.between(200, 800) * kMillisecond;
    if (side) plan.events.push_back({.at = at, .length = length, .kind = FaultKind::kPartition, .nodes = *side});
    at += length + rng.between(0, 200) * kMillisecond;
  }
  return plan;
}

// Plays `drawn` (or the plan given instead) from now on and runs until it is
// over; then every fault ends.
void play(KvCluster& cluster, const FaultPlan& drawn) {
  const FaultPlan plan = plan_to_play(cluster.ctx(), drawn);
  Nemesis nemesis(cluster);
  nemesis.play(plan);
  cluster.run_for(std::max(drawn.end(), plan.end()));
  nemesis.stop();
  for (const std::string& line : nemesis.actions()) cluster.ctx().log(line);
}

// Splits the servers at random into two groups, now and then, while the
// workload runs; clients reach every server.
void random_partitions(KvCluster& cluster, int clients, Micros duration) {
  KvWorkload workload(cluster, add_clients(cluster, clients));
  play(cluster, draw_random_splits(cluster.sim().rng(), cluster.size(), duration));
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

// Eight rounds: 200 to 600 ms up, then one server, or two neighbours, down
// for 200 to 800 ms (a majority stays up).
FaultPlan draw_crash_rounds(Rng& rng) {
  FaultPlan plan;
  Micros at = 0;
  for (int round = 0; round < 8; ++round) {
    at += rng.between(200, 600) * kMillisecond;
    std::vector<NodeId> victims{static_cast<NodeId>(rng.between(1, 5))};
    if (rng.chance(0.5)) victims.push_back(victims[0] % 5 + 1);
    const Micros length = rng.between(200, 800) * kMillisecond;
    for (NodeId id : victims) {
      plan.events.push_back({.at = at,
                             .length = length,
                             .kind = FaultKind::kCrash,
                             .target = {.kind = FaultTarget::Kind::kNode, .which = id}});
    }
    at += length;
  }
  return plan;
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
  play(cluster, draw_crash_rounds(cluster.sim().rng()));
  const int before = workload.completed();
  cluster.run_for(2 * kSecond);
  if (workload.completed() <= before) cluster.fail("no operation completed in the 2 s after the last restart");
  workload.stop();
  cluster.run_for(1 * kSecond);
  cluster.check_linearizable();
}

// Three times: a second up, then every server down for 200 ms.
FaultPlan crash_everyone(int servers) {
  FaultPlan plan;
  for (int round = 0; round < 3; ++round) {
    for (NodeId id = 1; id <= servers; ++id) {
      plan.events.push_back({.at = round * 1200 * kMillisecond + 1 * kSecond,
                             .length = 200 * kMillisecond,
                             .kind = FaultKind::kCrash,
                             .target = {.kind = FaultTarget::Kind::kNode, .which = id}});
    }
  }
  return plan;
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
  play(cluster, crash_everyone(cluster.size()));
  const int before = workload.completed();
  cluster.run_for(2 * kSecond);
  if (workload.completed() <= before) cluster.fail("no operation completed in the 2 s after the restart");
  workload.stop();
  cluster.run_for(1 * kSecond);
  cluster.check_linearizable();
}

// Twelve rounds of 200 to 600 ms on a lossy network. Each round the servers
// are split at random or healed (even odds), and one server crashes (if
// fewer than three are down, with even odds) or one that is down restarts.
FaultPlan draw_chaos(Rng& rng, int servers) {
  constexpr int kRounds = 12;
  std::vector<Micros> starts;
  Micros end = 0;
  for (int round = 0; round < kRounds; ++round) {
    end += rng.between(200, 600) * kMillisecond;
    starts.push_back(end);
  }
  FaultPlan plan;
  plan.events.push_back({.at = 0, .length = end, .kind = FaultKind::kNetwork, .profile = "unreliable"});
  std::map<NodeId, Micros> down;  // server -> since when
  auto restart = [&](NodeId id, Micros at) {
    plan.events.push_back({.at = down[id],
                           .length = at - down[id],
                           .kind = FaultKind::kCrash,
                           .target = {.kind = FaultTarget::Kind::kNode, .which = id}});
    down.erase(id);
  };
  for (int round = 0; round < kRounds; ++round) {
    const Micros at = starts[static_cast<std::size_t>(round)];
    const Micros until = round + 1 < kRounds ? starts[static_cast<std::size_t>(round) + 1] : end;
    if (rng.chance(0.5)) {
      const std::optional<std::vector<NodeId>> side = random_side(rng, servers);
      if (side && until > at) {
        plan.events.push_back({.at = at, .length = until - at, .kind = FaultKind::kPartition, .nodes = *side});
      }
    }
    if (down.size() < 3 && rng.chance(0.5)) {
      const auto id = static_cast<NodeId>(rng.between(1, servers));
      if (!down.contains(id)) down[id] = at;
    } else if (!down.empty()) {
      auto victim = down.begin();
      std::advance(victim, static_cast<std::ptrdiff_t>(rng.below(down.size())));
      restart(victim->first, at);
    }
  }
  while (!down.empty()) restart(down.begin()->first, end);
  std::stable_sort(plan.events.begin(), plan.events.end(),
                   [](const FaultEvent& a, const FaultEvent& b) { return a.at < b.at; });
  return plan;
}

STORE_SCENARIO(chaos, {.lab = 2,
                       .name = "chaos",
                       .points = 8,
                       .description = "7 servers, 15 clients, many keys: crashes, partitions and a lossy network",
                       .handout = std::string(kHandout) + "#test-chaos",
                       .order = 15}) {
  KvCluster cluster(ctx, {.servers = 7});
  KvWorkload workload(cluster, add_clients(cluster, 15), {.keys_per_client = 3});
  play(cluster, draw_chaos(cluster.sim().rng(), cluster.size()));
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
