// How fast a graded scenario runs: the reference Raft and key-value servers
// in the simulator, with clients, for 10 simulated seconds. The design's
// target is well under 100 ms of CPU for 5 servers with clients.
#include <benchmark/benchmark.h>

#include "support/kv_workload.h"
#include "support/raft_cluster.h"

namespace store::grading {
namespace {

// 5 key-value servers and `clients` closed-loop clients pausing up to
// `think` ms between operations, for 10 simulated seconds; the history is
// recorded (not checked). The lab-2 tests use 0-10 ms of think time.
void BM_KvCluster10s(benchmark::State& state) {
  const int clients = static_cast<int>(state.range(0));
  const Micros think = state.range(1) * kMillisecond;
  std::uint64_t seed = 1;
  std::uint64_t events = 0;
  int operations = 0;
  for (auto _ : state) {
    grader::TestContext ctx(seed++, false, "");
    KvCluster cluster(ctx);
    KvWorkload workload(cluster, add_clients(cluster, clients), {.think_max = think});
    cluster.run_for(10 * kSecond);
    workload.stop();
    events += cluster.sim().events_processed();
    operations += workload.completed();
  }
  state.counters["events/run"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kAvgIterations);
  state.counters["ops/run"] = benchmark::Counter(operations, benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_KvCluster10s)
    ->ArgNames({"clients", "think_ms"})
    ->Args({5, 10})
    ->Args({15, 10})
    ->Args({1, 1})
    ->Args({5, 1})
    ->Unit(benchmark::kMillisecond);

// The same history check the lab-2 tests run, on the history of 5 clients
// over 10 simulated seconds.
void BM_KvClusterCheck(benchmark::State& state) {
  grader::TestContext ctx(1, false, "");
  KvCluster cluster(ctx);
  KvWorkload workload(cluster, add_clients(cluster, 5), {.think_max = 1 * kMillisecond});
  cluster.run_for(10 * kSecond);
  workload.stop();
  cluster.run_for(1 * kSecond);
  for (auto _ : state) cluster.check_linearizable();
  state.counters["operations"] = static_cast<double>(cluster.history().records.size());
}
BENCHMARK(BM_KvClusterCheck)->Unit(benchmark::kMillisecond);

// 5 Raft servers, idle but for heartbeats, for 10 simulated seconds.
void BM_RaftIdle10s(benchmark::State& state) {
  std::uint64_t seed = 1;
  for (auto _ : state) {
    grader::TestContext ctx(seed++, false, "");
    RaftCluster cluster(ctx, {.servers = 5});
    cluster.run_for(10 * kSecond);
  }
}
BENCHMARK(BM_RaftIdle10s)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace store::grading

BENCHMARK_MAIN();
