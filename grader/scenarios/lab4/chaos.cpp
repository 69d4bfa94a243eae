// Lab 4 scenarios: lease reads under clocks that are offset and drift within
// the bound, slow state machines, and every fault at once.
#include <string>

#include "framework/scenario.h"
#include "support/kv_faults.h"
#include "support/kv_workload.h"
#include "support/nemesis.h"

namespace store::grading {
namespace {

constexpr const char* kHandout = "docs/labs/lab4-lease.md";

// Every server's clock is offset by up to a second and runs up to half the
// drift bound fast or slow: any two are then within the bound of each other.
void drift_within_bound(KvCluster& cluster, double bound) {
  Rng& rng = cluster.sim().rng();
  const auto max_ppm = static_cast<std::int64_t>(bound / 2 * 1e6);
  for (NodeId id : cluster.servers()) {
    cluster.sim().set_clock(id, rng.between(-1000, 1000) * kMillisecond, rng.between(-max_ppm, max_ppm));
  }
}

STORE_SCENARIO(lease_clocks, {.lab = 4,
                              .name = "lease-clocks",
                              .points = 6,
                              .description = "lease reads stay linearizable with clocks offset and drifting within "
                                             "the bound, state machines applying late, and leaders cut off",
                              .handout = std::string(kHandout) + "#test-lease-clocks",
                              .default_seeds = 10,
                              .order = 20}) {
  KvCluster cluster(ctx, {.server = {.read_path = ReadPath::kLease}});
  drift_within_bound(cluster, RaftConfig{}.clock_drift_bound);
  KvWorkload workload(cluster, add_clients(cluster, 6), {.put_share = 0.4});
  Nemesis nemesis(cluster);
  Rng& rng = cluster.sim().rng();
  nemesis.play(plan_to_play(ctx, random_plan(rng, {.duration = 5 * kSecond,
                                                   .gap_min = 300 * kMillisecond,
                                                   .gap_max = 800 * kMillisecond,
                                                   .length_min = 100 * kMillisecond,
                                                   .length_max = 700 * kMillisecond,
                                                   .weights = {{FaultKind::kIsolate, 3}, {FaultKind::kSplit, 1}},
                                                   .servers = 5})));
  vary_apply_lag(cluster, 12, 200 * kMillisecond);  // long enough that leases run out while reads wait
  nemesis.stop();
  cluster.run_for(1 * kSecond);
  workload.stop();
  cluster.run_for(1 * kSecond);
  if (workload.completed() < 100) {
    cluster.fail("only " + std::to_string(workload.completed()) + " operations completed in 8 s");
  }
  ctx.figure("operations completed", workload.completed(), "");
  cluster.check_linearizable();
}

STORE_SCENARIO(lease_chaos, {.lab = 4,
                             .name = "lease-chaos",
                             .points = 8,
                             .description = "lease reads through crashes, pauses, partitions and a lossy network, "
                                            "clocks drifting within the bound",
                             .handout = std::string(kHandout) + "#test-lease-chaos",
                             .default_seeds = 10,
                             .order = 21}) {
  KvCluster cluster(ctx, {.network = sim::NetworkProfile::unreliable(),
                          .fsync_latency = 1 * kMillisecond,
                          .server = {.read_path = ReadPath::kLease}});
  drift_within_bound(cluster, RaftConfig{}.clock_drift_bound);
  KvWorkload workload(cluster, add_clients(cluster, 8), {.put_share = 0.4});
  chaos_under_load(
      ctx, cluster, workload,
      {.duration = 5 * kSecond,
       .gap_min = 200 * kMillisecond,
       .gap_max = 600 * kMillisecond,
       .length_min = 100 * kMillisecond,
       .length_max = 800 * kMillisecond,
       .weights = {{FaultKind::kIsolate, 3}, {FaultKind::kSplit, 2}, {FaultKind::kCrash, 2}, {FaultKind::kPause, 2}},
       .servers = 5});
}

}  // namespace
}  // namespace store::grading
