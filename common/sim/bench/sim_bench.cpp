// How fast the simulator runs: a 5-node cluster of demo nodes with
// heartbeat-like traffic and closed-loop clients, 10 simulated seconds per
// iteration. The design target is well under 100 ms of CPU for such a run.
//
//   build/<dir>/common/sim/store_sim_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "sim/demo/heartbeat_node.h"
#include "sim/simulator.h"

namespace store::sim {
namespace {

// Builds "prefix<n>" (written out: g++ 12 warns falsely about `"k" + std::to_string(n)` at -O3).
std::string numbered(std::string text, std::uint64_t n) {
  text += std::to_string(n);
  return text;
}

struct Scenario {
  bool every_server_broadcasts = false;
  int clients = 5;
  Micros think_time = 1 * kMillisecond;
  NetworkProfile network = NetworkProfile::lan();
  std::string trace_path;
};

// A closed-loop client: one operation at a time against server 1, the next
// after a think time, a retry when no reply comes within the timeout.
class Client {
 public:
  Client(Simulator& sim, int number, Micros think_time)
      : sim_(sim), key_(numbered("k", static_cast<std::uint64_t>(number))), think_time_(think_time) {
    id_ = sim_.add_client([this](NodeId, const Message& message) { on_reply(message); });
  }
  void start() { send(); }
  std::uint64_t completed() const { return completed_; }

 private:
  static constexpr Micros kTimeout = 100 * kMillisecond;

  void send() {
    ClientRequest request{.client_id = static_cast<std::uint64_t>(id_), .seq = seq_, .key = key_};
    if (seq_ % 2 == 0) {
      request.op = OpType::kPut;
      request.value = numbered("value-", seq_);
    }
    sim_.client_send(id_, 1, std::move(request));
    const std::uint64_t waiting_for = seq_;
    sim_.schedule_after(kTimeout, [this, waiting_for] {
      if (seq_ == waiting_for) send();
    });
  }
  void on_reply(const Message& message) {
    const auto* reply = std::get_if<ClientReply>(&message);
    if (reply == nullptr || reply->seq != seq_) return;  // a late duplicate
    ++completed_;
    ++seq_;
    if (think_time_ == 0) {
      send();
    } else {
      sim_.schedule_after(think_time_, [this] { send(); });
    }
  }

  Simulator& sim_;
  NodeId id_ = kNoNode;
  std::string key_;
  Micros think_time_;
  std::uint64_t seq_ = 0;
  std::uint64_t completed_ = 0;
};

void run_cluster(benchmark::State& state, const Scenario& scenario) {
  std::uint64_t events = 0;
  std::uint64_t operations = 0;
  std::uint64_t messages = 0;
  std::uint64_t seed = 1;
  for (auto _ : state) {
    Simulator sim(
        {.seed = seed++, .servers = 5, .network = scenario.network, .trace_path = scenario.trace_path},
        [&](Env& env) { return std::make_unique<demo::HeartbeatNode>(env, scenario.every_server_broadcasts); });
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < scenario.clients; ++i) clients.push_back(std::make_unique<Client>(sim, i, scenario.think_time));
    for (auto& client : clients) client->start();
    sim.run_for(10 * kSecond);
    events += sim.events_processed();
    messages += sim.stats().sent().messages;
    for (auto& client : clients) operations += client->completed();
    benchmark::DoNotOptimize(sim.trace_hash());
  }
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["events/run"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kAvgIterations);
  state.counters["msgs/run"] = benchmark::Counter(static_cast<double>(messages), benchmark::Counter::kAvgIterations);
  state.counters["ops/run"] = benchmark::Counter(static_cast<double>(operations), benchmark::Counter::kAvgIterations);
}

void BM_LeaderHeartbeatsNoClients(benchmark::State& state) { run_cluster(state, {.clients = 0}); }
void BM_LeaderHeartbeats5Clients(benchmark::State& state) { run_cluster(state, {}); }
void BM_LeaderHeartbeats5ClientsNoThink(benchmark::State& state) { run_cluster(state, {.think_time = 0}); }
void BM_AllBroadcast5Clients(benchmark::State& state) { run_cluster(state, {.every_server_broadcasts = true}); }
void BM_AllBroadcast5ClientsUnreliable(benchmark::State& state) {
  run_cluster(state, {.every_server_broadcasts = true, .network = NetworkProfile::unreliable()});
}
void BM_LeaderHeartbeats5ClientsTraceFile(benchmark::State& state) {
  const std::string path = "/tmp/store_sim_bench_trace.jsonl";
  run_cluster(state, {.trace_path = path});
  std::remove(path.c_str());
}

BENCHMARK(BM_LeaderHeartbeatsNoClients)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LeaderHeartbeats5Clients)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LeaderHeartbeats5ClientsNoThink)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AllBroadcast5Clients)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AllBroadcast5ClientsUnreliable)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LeaderHeartbeats5ClientsTraceFile)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace store::sim

BENCHMARK_MAIN();
