// Same seed => same run, byte for byte; another seed => another run.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "sim/demo/heartbeat_node.h"
#include "sim/simulator.h"
#include "sim/tests/sim_test_support.h"
#include "sim/trace_recorder.h"

namespace store::sim {
namespace {

struct Outcome {
  std::uint64_t hash = 0;
  std::string trace;
  std::uint64_t replies = 0;
  std::uint64_t dropped = 0;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Drops, duplicates, long delays, a partition, crashes, a pause, drift, an
// fsync latency and an apply lag: everything that draws randomness or
// reorders events.
Outcome run_scenario(std::uint64_t seed, const std::string& trace_path) {
  Simulator sim({.seed = seed, .servers = 5, .network = NetworkProfile::unreliable(), .trace_path = trace_path},
                [](Env& env) { return std::make_unique<demo::HeartbeatNode>(env, /*every_server_broadcasts=*/true); });
  sim.set_fsync_latency(1, 2 * kMillisecond);
  sim.set_apply_lag(1, 1 * kMillisecond);
  sim.set_clock(4, 3 * kMillisecond, 50'000);

  std::vector<std::unique_ptr<testing::TestClient>> clients;
  for (int i = 0; i < 3; ++i) clients.push_back(std::make_unique<testing::TestClient>(sim));
  std::function<void()> load = [&] {
    for (auto& client : clients) {
      const auto to = static_cast<NodeId>(1 + sim.rng().below(2));
      client->put(to, testing::cat("k", client->id()), std::to_string(sim.now()));
    }
    sim.schedule_after(7 * kMillisecond, load);
  };
  load();

  sim.run_for(200 * kMillisecond);
  sim.partition({{1, 2}, {3, 4, 5}});
  sim.note("partitioned");
  sim.run_for(100 * kMillisecond);
  sim.crash(3);
  sim.cut(4, 5);
  sim.run_for(100 * kMillisecond);
  sim.heal();
  sim.restart(3);
  sim.pause(2);
  sim.run_for(50 * kMillisecond);
  sim.resume(2);
  sim.crash(1);
  sim.run_for(20 * kMillisecond);
  sim.restart(1);
  sim.jump_clock(5, 40 * kMillisecond);
  sim.run_for(300 * kMillisecond);
  sim.flush_trace();

  Outcome outcome{.hash = sim.trace_hash(), .dropped = sim.stats().dropped()};
  for (auto& client : clients) outcome.replies += client->replies().size();
  if (!trace_path.empty()) outcome.trace = read_file(trace_path);
  return outcome;
}

TEST(SimDeterminism, SameSeedSameHashAndSameTraceBytes) {
  const testing::TempFile file_a("determinism_a.jsonl");
  const testing::TempFile file_b("determinism_b.jsonl");
  const Outcome a = run_scenario(42, file_a.path);
  const Outcome b = run_scenario(42, file_b.path);
  EXPECT_EQ(a.hash, b.hash);
  ASSERT_GT(a.trace.size(), 10'000u) << "the trace file should hold the whole run";
  EXPECT_TRUE(a.trace == b.trace) << "trace files differ";
  EXPECT_GT(a.replies, 50u) << "the scenario should do real work";
  EXPECT_GT(a.dropped, 100u);
}

TEST(SimDeterminism, TheTraceFileDoesNotChangeTheRun) {
  const testing::TempFile file("determinism_c.jsonl");
  const Outcome with_file = run_scenario(7, file.path);
  const Outcome without = run_scenario(7, "");
  EXPECT_EQ(with_file.hash, without.hash);
  EXPECT_EQ(with_file.replies, without.replies);
}

TEST(SimDeterminism, AnotherSeedAnotherHash) {
  const Outcome a = run_scenario(42, "");
  const Outcome b = run_scenario(43, "");
  EXPECT_NE(a.hash, b.hash);
}

TEST(SimDeterminism, HashIsPrintedAsSixteenHexDigits) {
  Simulator sim({.seed = 1}, testing::register_factory());
  sim.run_for(kSecond);
  const std::string hex = sim.trace_hash_hex();
  EXPECT_EQ(hex.size(), 16u);
  EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos) << hex;
  EXPECT_EQ(std::stoull(hex, nullptr, 16), sim.trace_hash());
  EXPECT_EQ(hash_hex(0xabcULL), "0000000000000abc");
}

}  // namespace
}  // namespace store::sim
