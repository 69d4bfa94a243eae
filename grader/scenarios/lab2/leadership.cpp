// Lab 2 scenarios: what a server owes its clients when it stops leading, and
// when its state machine runs behind its log.
#include <optional>

#include "framework/scenario.h"
#include "support/kv_faults.h"
#include "support/kv_workload.h"
#include "support/nemesis.h"
#include "support/random_plan.h"

namespace store::grading {
namespace {

constexpr const char* kHandout = "docs/labs/lab2-kv.md";

STORE_SCENARIO(deposed_leader_answers, {.lab = 2,
                                        .name = "deposed-leader-answers",
                                        .points = 5,
                                        .description = "a leader that learns it was deposed answers its waiting "
                                                       "clients at once, so they move to the new leader",
                                        .handout = std::string(kHandout) + "#test-deposed-leader-answers",
                                        .default_seeds = 5,
                                        .order = 16}) {
  // The client waits 5 s for an answer before it tries another server on
  // its own: only the server can make it move on sooner.
  KvCluster cluster(ctx, {.clerk = {.attempt_timeout = 5 * kSecond}});
  SimClerk& client = cluster.add_client();
  Micros worst = 0;
  for (int round = 0; round < 3; ++round) {
    cluster.perform(client, OpType::kPut, "k", "warm-up");
    const NodeId leader = cluster.check_one_leader();
    // The leader is cut off from the other servers (the client still
    // reaches it) and takes a put it can never commit.
    std::vector<NodeId> others;
    for (NodeId id : cluster.servers()) {
      if (id != leader) others.push_back(id);
    }
    cluster.partition({{leader}, others});
    client.clerk().set_leader_guess(leader);
    std::optional<ClerkResult> result;
    client.clerk().put("k", "round-" + std::to_string(round), [&](const ClerkResult& r) { result = r; });
    // The others elect a new leader. The old one learns it no longer leads
    // either on its own (a leader that hears no majority may step down, as
    // lab 4's check-quorum does) or, at the latest, when the partition
    // heals and it hears of the new term within a heartbeat.
    const bool stepped_down =
        cluster.run_until([&] { return cluster.sim().status(leader).role != Role::kLeader; }, 1 * kSecond);
    const Micros learned_at = cluster.sim().now();
    if (!stepped_down) cluster.connect_all();
    if (!cluster.run_until([&] { return result.has_value(); }, 6 * kSecond)) {
      cluster.fail("the put was not answered within 6 s of the old leader learning it was deposed");
    }
    const Micros waited = cluster.sim().now() - learned_at;
    worst = std::max(worst, waited);
    if (waited > 500 * kMillisecond) {
      cluster.fail("the put sent to the deposed leader completed " + std::to_string(waited / kMillisecond) +
                   " ms after " + (stepped_down ? "it stepped down" : "the partition healed") +
                   " (budget 500 ms): a server that is no longer leader must answer the requests it holds at once "
                   "(not-leader or retry), instead of leaving the client to time out");
    }
    cluster.connect_all();
  }
  ctx.figure("worst time from learning of the new leader to the answer", static_cast<double>(worst) / kMillisecond,
             "ms");
  cluster.check_linearizable();
}

STORE_SCENARIO(slow_apply, {.lab = 2,
                            .name = "slow-apply",
                            .points = 5,
                            .description = "state machines apply committed entries up to 50 ms late, while leaders "
                                           "are cut off now and then",
                            .handout = std::string(kHandout) + "#test-slow-apply",
                            .default_seeds = 10,
                            .order = 17}) {
  KvCluster cluster(ctx);
  KvWorkload workload(cluster, add_clients(cluster, 5));
  Nemesis nemesis(cluster);
  Rng& rng = cluster.sim().rng();
  nemesis.play(plan_to_play(ctx, random_plan(rng, {.duration = 6 * kSecond,
                                                   .gap_min = 300 * kMillisecond,
                                                   .gap_max = 900 * kMillisecond,
                                                   .length_min = 100 * kMillisecond,
                                                   .length_max = 600 * kMillisecond,
                                                   .weights = {{FaultKind::kIsolate, 3}, {FaultKind::kSplit, 1}},
                                                   .servers = 5})));
  vary_apply_lag(cluster, 12, 50 * kMillisecond);
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

}  // namespace
}  // namespace store::grading
