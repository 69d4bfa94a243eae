// Lab 1 scenarios whose faults come from the nemesis: random schedules of
// crashes at protocol-chosen moments, late copies of old messages,
// duplicated replies, and leaders deposed by partition. Every safety
// property is checked after every step; at the end the cluster must agree
// again once the faults are over.
#include <algorithm>

#include "framework/scenario.h"
#include "support/nemesis.h"
#include "support/proposers.h"
#include "support/raft_cluster.h"
#include "support/random_plan.h"

namespace store::grading {
namespace {

constexpr const char* kHandout = "docs/labs/lab1-replication.md";

// Plays `plan` while three clients keep proposing, then ends every fault and
// checks that all five servers agree on a new entry.
void play_under_load(grader::TestContext& ctx, RaftCluster& cluster, const FaultPlan& drawn) {
  const FaultPlan plan = plan_to_play(ctx, drawn);
  Nemesis nemesis(cluster);
  cluster.one("start", cluster.size(), true);
  {
    Proposers proposers(cluster, 3);
    nemesis.play(plan);
    cluster.run_for(std::max(drawn.end(), plan.end()) + 100 * kMillisecond);
  }
  nemesis.stop();
  for (const std::string& line : nemesis.actions()) ctx.log(line);
  cluster.run_for(500 * kMillisecond);
  cluster.one("end", cluster.size(), true);
}

STORE_SCENARIO(crash_at_moments, {.lab = 1,
                                  .name = "crash-at-moments",
                                  .points = 6,
                                  .description = "servers crash right after they grant a vote, acknowledge entries or "
                                                 "adopt a term, before and after their sync",
                                  .handout = std::string(kHandout) + "#test-crash-at-moments",
                                  .default_seeds = 30,
                                  .order = 47}) {
  // Writes take 2 ms to become durable, so "before the sync" is a real window.
  RaftCluster cluster(ctx, {.servers = 5, .fsync_latency = 2 * kMillisecond});
  const FaultPlan plan = random_plan(cluster.sim().rng(), {.duration = 6 * kSecond,
                                                           .gap_min = 50 * kMillisecond,
                                                           .gap_max = 300 * kMillisecond,
                                                           .length_min = 10 * kMillisecond,
                                                           .length_max = 400 * kMillisecond,
                                                           .weights = {{FaultKind::kCrashAtMoment, 8},
                                                                       {FaultKind::kIsolate, 2},
                                                                       {FaultKind::kSplit, 1},
                                                                       {FaultKind::kReplayOld, 1}},
                                                           .servers = 5});
  play_under_load(ctx, cluster, plan);
}

STORE_SCENARIO(stale_messages, {.lab = 1,
                                .name = "stale-messages",
                                .points = 6,
                                .description = "copies of old messages arrive seconds late, across elections; "
                                               "replies arrive twice; leaders are deposed by partitions",
                                .handout = std::string(kHandout) + "#test-stale-messages",
                                .default_seeds = 30,
                                .order = 48}) {
  RaftCluster cluster(ctx, {.servers = 5});
  const FaultPlan plan = random_plan(cluster.sim().rng(), {.duration = 6 * kSecond,
                                                           .gap_min = 100 * kMillisecond,
                                                           .gap_max = 500 * kMillisecond,
                                                           .length_min = 100 * kMillisecond,
                                                           .length_max = 1500 * kMillisecond,
                                                           .weights = {{FaultKind::kReplayOld, 4},
                                                                       {FaultKind::kIsolate, 3},
                                                                       {FaultKind::kSplit, 3},
                                                                       {FaultKind::kDuplicate, 2},
                                                                       {FaultKind::kCrash, 1}},
                                                           .servers = 5,
                                                           .replay_share = 0.3,
                                                           .replay_delay_min = 200 * kMillisecond,
                                                           .replay_delay_max = 3 * kSecond});
  play_under_load(ctx, cluster, plan);
}

}  // namespace
}  // namespace store::grading
