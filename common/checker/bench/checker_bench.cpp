// Benchmarks of the checker: the whole Porcupine corpus (parse + check), its
// hardest kv files, and synthetic histories of N clients x M operations on a
// few keys.
//
//   build/<dir>/common/checker/bench/store_checker_bench --benchmark_min_time=2
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <filesystem>
#include <map>
#include <optional>

#include "checker/checker.h"
#include "checker/manifest.h"
#include "core/rng.h"
#include "history/formats.h"
#include "history/recorder.h"

namespace store::checker {
namespace {

const std::filesystem::path kCorpus = std::filesystem::path(STORE_SHARED_DIR) / "testdata" / "porcupine";

// All 108 files, parsing included, files spread over `threads` threads.
void BM_PorcupineManifest(benchmark::State& state) {
  const std::string manifest = (kCorpus / "MANIFEST.tsv").string();
  if (!std::filesystem::exists(manifest)) return state.SkipWithError("shared test data not found");
  const std::vector<ManifestRow> rows = read_manifest(manifest);
  const int threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    const ManifestSummary summary = run_manifest(rows, Options{}, threads);
    if (!summary.all_as_expected()) return state.SkipWithError("a verdict differs from the manifest");
    benchmark::DoNotOptimize(summary.as_expected);
  }
  state.counters["files"] = static_cast<double>(rows.size());
}
BENCHMARK(BM_PorcupineManifest)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// One kv file, parse + check, partitions on `threads` threads.
void kv_file(benchmark::State& state, const char* name) {
  const std::filesystem::path path = kCorpus / "kv" / name;
  if (!std::filesystem::exists(path)) return state.SkipWithError("shared test data not found");
  Options options;
  options.threads = static_cast<int>(state.range(0));
  std::uint64_t steps = 0;
  for (auto _ : state) {
    const history::History h = history::read_history_file(path.string());
    const CheckResult result = check(h, options);
    steps = result.steps;
    benchmark::DoNotOptimize(result.verdict);
  }
  state.counters["steps"] = static_cast<double>(steps);
}
void BM_KvC50Ok(benchmark::State& state) { kv_file(state, "c50-ok.txt"); }
void BM_KvC50Bad(benchmark::State& state) { kv_file(state, "c50-bad.txt"); }
BENCHMARK(BM_KvC50Ok)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_KvC50Bad)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// A linearizable history from a simulated store: `clients` clients run `ops`
// operations each (get 40%, put 10%, append 50%) on `keys` keys; each takes
// effect at a random moment between its call and its return.
history::History synthetic(int clients, int ops, int keys, std::uint64_t seed) {
  Rng rng(seed);
  history::HistoryRecorder recorder;
  struct Pending {
    history::OpId id;
    bool effected = false;
    history::Output output;
  };
  std::map<int, Pending> pending;
  std::map<std::string, std::optional<std::string>> truth;
  std::vector<int> done(static_cast<std::size_t>(clients), 0);
  int finished = 0;
  Micros t = 0;
  while (finished < clients * ops) {
    ++t;
    const int client = static_cast<int>(rng.below(static_cast<std::uint64_t>(clients)));
    auto it = pending.find(client);
    if (it == pending.end()) {
      if (done[static_cast<std::size_t>(client)] == ops) continue;
      const std::string key = std::to_string(rng.below(static_cast<std::uint64_t>(keys)));
      const std::string value = std::string("c")
                                    .append(std::to_string(client))
                                    .append(".")
                                    .append(std::to_string(done[static_cast<std::size_t>(client)]))
                                    .append(";");
      const std::uint64_t roll = rng.below(10);
      history::Operation op = roll < 4   ? history::Operation::get(key)
                              : roll < 5 ? history::Operation::put(key, value)
                                         : history::Operation::append(key, value);
      pending[client] = {recorder.invoke(t, kFirstClientId + client, std::move(op))};
      continue;
    }
    Pending& p = it->second;
    const history::Operation& op = recorder.history().records[p.id].op;
    if (!p.effected) {
      std::optional<std::string>& value = truth[op.key];
      if (op.kind == history::OpKind::kGet) {
        p.output = value ? history::Output::found_value(*value) : history::Output::absent();
      } else if (op.kind == history::OpKind::kPut) {
        value = op.value;
      } else {
        value = value.value_or("") + op.value;
      }
      p.effected = true;
      continue;
    }
    recorder.ok(p.id, t, p.output);
    ++done[static_cast<std::size_t>(client)];
    ++finished;
    pending.erase(it);
  }
  return recorder.take();
}

void BM_Synthetic(benchmark::State& state) {
  const int clients = static_cast<int>(state.range(0));
  const int ops = static_cast<int>(state.range(1));
  const int keys = static_cast<int>(state.range(2));
  const history::History h = synthetic(clients, ops, keys, 2024);
  Options options;
  options.threads = 1;
  CheckResult result;
  for (auto _ : state) {
    result = check(h, options);
    benchmark::DoNotOptimize(result.verdict);
  }
  if (result.verdict != Verdict::kLinearizable) return state.SkipWithError("synthetic history not linearizable?");
  state.counters["operations"] = static_cast<double>(h.records.size());
  state.counters["steps"] = static_cast<double>(result.steps);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(h.records.size()));
}
// Per-key concurrency is what makes a history hard: about clients / keys
// operations overlap on each key (the c50 corpus files: about 5). At 10 and
// more, with puts among the appends, the search grows quickly (30x60x3 takes
// millions of steps; 100 clients on 10 keys exhausts a 30 s budget).
BENCHMARK(BM_Synthetic)
    ->ArgNames({"clients", "ops", "keys"})
    ->Args({10, 100, 3})
    ->Args({20, 100, 3})
    ->Args({50, 100, 10})
    ->Args({30, 60, 3})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace store::checker

int main(int argc, char** argv) {
  // As store-check-history does: keep freed cache memory for reuse.
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
