// Local clocks: offsets, drift (which changes the tick rate), jumps, phases.
#include <gtest/gtest.h>

#include "sim/simulator.h"
#include "sim/tests/sim_test_support.h"

namespace store::sim {
namespace {

using testing::ProbeNode;

TEST(SimClock, EveryNodeTicksAtTheIntervalOfItsLocalClock) {
  Simulator sim({.seed = 3, .servers = 3, .tick_interval = 10 * kMillisecond}, testing::probe_factory());
  sim.set_clock(2, 0, 100'000);   // 10% fast
  sim.set_clock(3, 0, -100'000);  // 10% slow
  sim.run_for(10 * kSecond);
  const auto& t1 = sim.node_as<ProbeNode>(1).ticks;
  const auto& t2 = sim.node_as<ProbeNode>(2).ticks;
  const auto& t3 = sim.node_as<ProbeNode>(3).ticks;
  EXPECT_NEAR(static_cast<double>(t1.size()), 1000, 1);
  EXPECT_NEAR(static_cast<double>(t2.size()), 1100, 1);
  EXPECT_NEAR(static_cast<double>(t3.size()), 900, 1);
  // A tick runs at the first global microsecond at which the local clock
  // reaches its grid point; a drifting clock may overshoot it by 1 us.
  for (const auto* ticks : {&t1, &t2, &t3}) {
    for (std::size_t i = 1; i < ticks->size(); ++i) {
      ASSERT_NEAR((*ticks)[i] - (*ticks)[i - 1], 10 * kMillisecond, 1) << "tick " << i << " in local time";
    }
  }
  for (std::size_t i = 1; i < t1.size(); ++i) ASSERT_EQ(t1[i] - t1[i - 1], 10 * kMillisecond) << "exact without drift";
}

TEST(SimClock, InitialPhasesAreRandomWithinOneInterval) {
  Simulator sim({.seed = 11, .servers = 5}, testing::probe_factory());
  sim.run_for(10 * kMillisecond);
  std::set<Micros> first_ticks;
  for (NodeId id : sim.servers()) {
    const auto& ticks = sim.node_as<ProbeNode>(id).ticks;
    ASSERT_EQ(ticks.size(), 1u) << "node " << id;
    EXPECT_GT(ticks[0], 0);
    EXPECT_LE(ticks[0], 10 * kMillisecond);
    first_ticks.insert(ticks[0]);
  }
  EXPECT_GT(first_ticks.size(), 1u) << "nodes should not tick in lockstep";
}

TEST(SimClock, OffsetShowsInEnvNow) {
  Simulator sim({.seed = 1, .servers = 2}, testing::probe_factory());
  sim.run_for(kSecond);
  sim.set_clock(2, 250 * kMillisecond, 0);
  EXPECT_EQ(sim.local_time(2), sim.now() + 250 * kMillisecond);
  EXPECT_EQ(sim.call_as<ProbeNode>(2, [](ProbeNode& n) { return n.env().now(); }), sim.now() + 250 * kMillisecond);
  EXPECT_EQ(sim.local_time(1), sim.now());
  sim.run_for(kSecond);
  EXPECT_EQ(sim.local_time(2) - sim.now(), 250 * kMillisecond) << "no drift: the offset stays";
}

TEST(SimClock, ABackwardOffsetHoldsTheClockStill) {
  Simulator sim({.seed = 1, .servers = 1}, testing::probe_factory());
  sim.run_for(kSecond);
  const Micros before = sim.local_time(1);
  const std::size_t ticks_before = sim.node_as<ProbeNode>(1).ticks.size();
  sim.set_clock(1, -300 * kMillisecond, 0);
  sim.run_for(299 * kMillisecond);
  EXPECT_EQ(sim.local_time(1), before) << "held rather than run backwards";
  EXPECT_EQ(sim.node_as<ProbeNode>(1).ticks.size(), ticks_before) << "a clock standing still does not tick";
  sim.run_for(kSecond);
  EXPECT_EQ(sim.local_time(1), sim.now() - 300 * kMillisecond);
  const auto& ticks = sim.node_as<ProbeNode>(1).ticks;
  for (std::size_t i = 1; i < ticks.size(); ++i) ASSERT_GT(ticks[i], ticks[i - 1]);
}

TEST(SimClock, AJumpTicksAtOnceAndMovesNowForward) {
  Simulator sim({.seed = 5, .servers = 1}, testing::probe_factory());
  sim.run_for(95 * kMillisecond);
  const std::size_t ticks_before = sim.node_as<ProbeNode>(1).ticks.size();
  sim.jump_clock(1, 2 * kSecond);
  EXPECT_EQ(sim.local_time(1), sim.now() + 2 * kSecond);
  sim.run_for(0);
  const auto& ticks = sim.node_as<ProbeNode>(1).ticks;
  ASSERT_EQ(ticks.size(), ticks_before + 1) << "the overdue tick fires at once, once";
  EXPECT_EQ(ticks.back(), sim.now() + 2 * kSecond);
  sim.run_for(100 * kMillisecond);
  EXPECT_EQ(ticks.size(), ticks_before + 11);
  EXPECT_THROW(sim.jump_clock(1, -1), std::invalid_argument);
}

TEST(SimClock, DriftChangesMidRunKeepTheClockContinuous) {
  Simulator sim({.seed = 2, .servers = 1}, testing::probe_factory());
  sim.run_for(kSecond);
  sim.set_clock(1, 0, 200'000);
  const Micros at_change = sim.local_time(1);
  EXPECT_EQ(at_change, sim.now());
  sim.run_for(kSecond);
  EXPECT_EQ(sim.local_time(1), at_change + 1'200'000);
}

}  // namespace
}  // namespace store::sim
