// Env::apply reaches Node::on_apply after the node's apply lag, FIFO, as its
// own step; pending applies are lost on crash.
#include <gtest/gtest.h>

#include "sim/simulator.h"
#include "sim/tests/sim_test_support.h"

namespace store::sim {
namespace {

using testing::ProbeNode;
using testing::RecordingObserver;

TEST(SimApply, WithoutLagAppliesRunRightAfterTheStepInOrder) {
  Simulator sim({.seed = 1, .servers = 1}, testing::probe_factory());
  RecordingObserver seen;
  sim.add_observer(seen);
  sim.run_for(kMillisecond);
  const Micros t = sim.now();
  const auto steps_before = seen.steps;
  sim.call_as<ProbeNode>(1, [](ProbeNode& n) {
    n.apply(1);
    n.apply(2);
    n.apply(3);
  });
  EXPECT_TRUE(seen.saw("apply 1 3")) << "observers see the moment Env::apply is called";
  EXPECT_TRUE(sim.node_as<ProbeNode>(1).applied.empty()) << "on_apply is a later step, not inside the call";
  sim.run_for(0);
  const auto& applied = sim.node_as<ProbeNode>(1).applied;
  ASSERT_EQ(applied.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(applied[i].first.index, i + 1);
    EXPECT_EQ(applied[i].second, t);
  }
  EXPECT_EQ(seen.steps - steps_before, 4u) << "the call and three applies, each its own step";
}

TEST(SimApply, LagDelaysApplyAndKeepsFifoWhenItShrinks) {
  Simulator sim({.seed = 1, .servers = 1}, testing::probe_factory());
  sim.set_apply_lag(1, 5 * kMillisecond);
  const Micros t = sim.now();
  sim.call_as<ProbeNode>(1, [](ProbeNode& n) { n.apply(1); });
  sim.set_apply_lag(1, kMillisecond);
  sim.call_as<ProbeNode>(1, [](ProbeNode& n) { n.apply(2); });
  sim.run_for(4 * kMillisecond);
  EXPECT_TRUE(sim.node_as<ProbeNode>(1).applied.empty());
  sim.run_for(2 * kMillisecond);
  const auto& applied = sim.node_as<ProbeNode>(1).applied;
  ASSERT_EQ(applied.size(), 2u);
  EXPECT_EQ(applied[0].first.index, 1u);
  EXPECT_EQ(applied[0].second, t + 5 * kMillisecond);
  EXPECT_EQ(applied[1].first.index, 2u);
  EXPECT_EQ(applied[1].second, t + 5 * kMillisecond) << "not before the entry ahead of it";
}

TEST(SimApply, PendingAppliesAreLostOnCrash) {
  Simulator sim({.seed = 1, .servers = 1}, testing::probe_factory());
  sim.set_apply_lag(1, 10 * kMillisecond);
  sim.call_as<ProbeNode>(1, [](ProbeNode& n) { n.apply(1); });
  sim.crash(1);
  sim.restart(1);
  sim.run_for(50 * kMillisecond);
  EXPECT_TRUE(sim.node_as<ProbeNode>(1).applied.empty());
}

}  // namespace
}  // namespace store::sim
