// Lab 3 scenarios: reads from followers that lag, and read-index reads
// throughout partitions, crashes and a lossy network.
#include <string>

#include "framework/scenario.h"
#include "support/kv_faults.h"
#include "support/kv_workload.h"

namespace store::grading {
namespace {

constexpr const char* kHandout = "docs/labs/lab3-readindex.md";

// Counts the gets that followers answered with ok.
class FollowerReads final : public sim::Observer {
 public:
  FollowerReads(sim::Simulator& sim) : sim_(sim) { sim_.add_observer(*this); }
  ~FollowerReads() override { sim_.remove_observer(*this); }
  FollowerReads(const FollowerReads&) = delete;
  FollowerReads& operator=(const FollowerReads&) = delete;
  void on_deliver(NodeId from, NodeId to, const Message& m) override {
    if (const auto* request = std::get_if<ClientRequest>(&m); request != nullptr && request->op == OpType::kGet) {
      gets_[{from, request->seq}] = to;
    }
  }
  void on_send(NodeId from, NodeId to, const Message& m, std::size_t) override {
    const auto* reply = std::get_if<ClientReply>(&m);
    if (reply == nullptr || reply->status != ReplyStatus::kOk || is_client_id(from)) return;
    if (gets_.erase({to, reply->seq}) > 0 && sim_.status(from).role != Role::kLeader) ++served;
  }
  int served = 0;

 private:
  sim::Simulator& sim_;
  std::map<std::pair<NodeId, std::uint64_t>, NodeId> gets_;  // (client, seq) -> server asked
};

STORE_SCENARIO(follower_reads, {.lab = 3,
                                .name = "follower-reads",
                                .points = 5,
                                .description = "followers serve reads while they lag behind the leader, and stay "
                                               "linearizable",
                                .handout = std::string(kHandout) + "#test-follower-reads",
                                .default_seeds = 10,
                                .order = 20}) {
  KvCluster cluster(ctx, {.server = {.read_path = ReadPath::kFollowerRead}});
  std::vector<SimClerk*> clients = add_clients(cluster, 10);
  spread_reads(cluster, clients);
  FollowerReads followers(cluster.sim());
  Rng& rng = cluster.sim().rng();
  {
    KvWorkload workload(cluster, clients);
    for (int round = 0; round < 10; ++round) {
      for (NodeId id : cluster.servers()) cluster.sim().set_apply_lag(id, rng.between(0, 30) * kMillisecond);
      cluster.run_for(500 * kMillisecond);
    }
    workload.stop();
    for (NodeId id : cluster.servers()) cluster.sim().set_apply_lag(id, 0);
    cluster.run_for(1 * kSecond);
    if (workload.completed() < 200) {
      cluster.fail("only " + std::to_string(workload.completed()) + " operations completed in 5 s");
    }
    ctx.figure("operations completed", workload.completed(), "");
  }
  ctx.figure("reads served by followers", followers.served, "");
  if (followers.served == 0) {
    cluster.fail(
        "no follower served a read: with follower reads a follower asks the leader for a read index and "
        "serves the read itself, once its state machine has caught up");
  }
  cluster.check_linearizable();
}

STORE_SCENARIO(read_index_chaos, {.lab = 3,
                                  .name = "read-index-chaos",
                                  .points = 8,
                                  .description = "read-index reads from leaders and followers through partitions, "
                                                 "crashes, pauses and a lossy network",
                                  .handout = std::string(kHandout) + "#test-read-index-chaos",
                                  .default_seeds = 10,
                                  .order = 21}) {
  KvCluster cluster(ctx, {.network = sim::NetworkProfile::unreliable(),
                          .fsync_latency = 1 * kMillisecond,
                          .server = {.read_path = ReadPath::kFollowerRead}});
  std::vector<SimClerk*> clients = add_clients(cluster, 10);
  spread_reads(cluster, {clients.begin(), clients.begin() + 5});  // the other five read from the leader
  KvWorkload workload(cluster, clients);
  chaos_under_load(
      ctx, cluster, workload,
      {.duration = 5 * kSecond,
       .gap_min = 200 * kMillisecond,
       .gap_max = 600 * kMillisecond,
       .length_min = 100 * kMillisecond,
       .length_max = 800 * kMillisecond,
       .weights = {{FaultKind::kIsolate, 3}, {FaultKind::kSplit, 2}, {FaultKind::kCrash, 2}, {FaultKind::kPause, 1}},
       .servers = 5});
}

}  // namespace
}  // namespace store::grading
