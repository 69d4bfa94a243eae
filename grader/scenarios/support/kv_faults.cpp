#include "support/kv_faults.h"

#include <string>

#include "support/nemesis.h"

namespace store::grading {

CutOnCommit::CutOnCommit(KvCluster& cluster) : cluster_(cluster) { cluster_.sim().add_observer(*this); }

CutOnCommit::~CutOnCommit() { cluster_.sim().remove_observer(*this); }

void CutOnCommit::on_apply(NodeId node, const LogEntry& entry) {
  if (node != leader_ || entry.type != EntryType::kCommand) return;
  const NodeId cut = leader_;
  leader_ = kNoNode;
  cluster_.sim().schedule_after(0, [this, cut] {
    for (NodeId id : cluster_.servers()) {
      if (id != cut) cluster_.sim().cut(cut, id);
    }
  });
}

CrashOnCommit::CrashOnCommit(KvCluster& cluster) : cluster_(cluster) { cluster_.sim().add_observer(*this); }

CrashOnCommit::~CrashOnCommit() { cluster_.sim().remove_observer(*this); }

void CrashOnCommit::arm(NodeId leader) {
  leader_ = leader;
  cluster_.sim().set_apply_lag(leader, kApplyLag);
}

void CrashOnCommit::on_apply(NodeId node, const LogEntry& entry) {
  if (node != leader_ || entry.type != EntryType::kCommand) return;
  const NodeId victim = leader_;
  leader_ = kNoNode;
  cluster_.sim().schedule_after(0, [this, victim] {
    cluster_.crash(victim);
    cluster_.sim().set_apply_lag(victim, 0);
  });
}

void vary_apply_lag(KvCluster& cluster, int rounds, Micros max_lag, Micros every) {
  Rng& rng = cluster.sim().rng();
  for (int round = 0; round < rounds; ++round) {
    for (NodeId id : cluster.servers()) cluster.sim().set_apply_lag(id, rng.between(0, max_lag));
    cluster.run_for(every);
  }
  for (NodeId id : cluster.servers()) cluster.sim().set_apply_lag(id, 0);
}

void chaos_under_load(grader::TestContext& ctx, KvCluster& cluster, Workload& workload, const PlanSpec& spec) {
  Nemesis nemesis(cluster);
  const FaultPlan plan = plan_to_play(ctx, random_plan(cluster.sim().rng(), spec));
  nemesis.play(plan);
  cluster.run_for(plan.end());
  nemesis.stop();
  for (const std::string& line : nemesis.actions()) ctx.log(line);
  cluster.set_network(sim::NetworkProfile::lan());
  const int before = workload.completed();
  cluster.run_for(2 * kSecond);
  if (workload.completed() <= before) cluster.fail("no operation completed in the 2 s after everything healed");
  workload.stop();
  cluster.run_for(1 * kSecond);
  ctx.figure("operations completed", workload.completed(), "");
  cluster.check_linearizable();
}

}  // namespace store::grading
