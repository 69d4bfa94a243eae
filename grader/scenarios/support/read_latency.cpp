#include "support/read_latency.h"

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "support/kv_workload.h"

namespace store::grading {

MessageLog::Match peer_messages() {
  return [](NodeId from, NodeId to, const Message&) { return !is_client_id(from) && !is_client_id(to); };
}

PathLatency measure_reads(grader::TestContext& ctx, ReadPath path, bool writes_trace) {
  KvCluster cluster(ctx,
                    {.fsync_latency = 1 * kMillisecond, .server = {.read_path = path}, .writes_trace = writes_trace});
  SimClerk& client = cluster.add_client();
  cluster.perform(client, OpType::kPut, "k", "warm-up");
  const NodeId leader = cluster.check_one_leader();
  if (path == ReadPath::kFollowerRead) client.clerk().set_read_server(leader % cluster.size() + 1);
  Rng& rng = cluster.sim().rng();
  std::vector<Micros> gets;
  for (int i = 0; i < 50; ++i) {
    cluster.perform(client, OpType::kPut, "k", std::to_string(i));
    cluster.run_for(rng.between(1, 10) * kMillisecond);
    gets.push_back(cluster.perform(client, OpType::kGet, "k").latency);
    cluster.run_for(rng.between(1, 10) * kMillisecond);
  }
  PathLatency result{.get = summarize(gets)};
  cluster.check_linearizable();  // the load below is about cost, and tens of thousands of reads of one key

  std::vector<SimClerk*> readers = add_clients(cluster, 50);
  for (SimClerk* r : readers) r->clerk().set_leader_guess(leader);
  if (path == ReadPath::kFollowerRead) spread_reads(cluster, readers);
  MessageLog peers(cluster.sim(), peer_messages());
  int reads = 0;
  const Micros end = cluster.sim().now() + 200 * kMillisecond;
  std::function<void(SimClerk*)> next = [&](SimClerk* r) {
    if (cluster.sim().now() >= end) return;
    r->clerk().get("k", [&, r](const ClerkResult&) {
      ++reads;
      next(r);
    });
  };
  for (SimClerk* r : readers) next(r);
  cluster.run_for(300 * kMillisecond);
  result.peer_messages_per_read = static_cast<double>(peers.size()) / std::max(reads, 1);
  return result;
}

}  // namespace store::grading
