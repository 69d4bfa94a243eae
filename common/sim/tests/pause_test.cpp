// A paused node gets no ticks, deliveries or applies; what arrived meanwhile
// is handed over in order on resume; its clock keeps running.
#include <gtest/gtest.h>

#include "sim/simulator.h"
#include "sim/tests/sim_test_support.h"

namespace store::sim {
namespace {

using testing::ProbeNode;
using testing::RecordingObserver;

constexpr NetworkProfile kFifo{.base_latency = 100, .jitter = 0};

TEST(SimPause, NothingHappensWhilePausedAndDeliveriesResumeInOrder) {
  Simulator sim({.seed = 1, .servers = 2, .network = kFifo}, testing::probe_factory());
  sim.run_for(100 * kMillisecond);
  sim.pause(2);
  EXPECT_TRUE(sim.is_paused(2));
  EXPECT_TRUE(sim.is_up(2));
  const std::size_t ticks = sim.node_as<ProbeNode>(2).ticks.size();
  const NodeId client = sim.add_client([](NodeId, const Message&) {});
  for (std::uint64_t i = 0; i < 5; ++i) {
    sim.client_send(client, 2, ClientRequest{.seq = i});
    sim.run_for(3 * kMillisecond);
  }
  sim.run_for(100 * kMillisecond);
  EXPECT_EQ(sim.node_as<ProbeNode>(2).ticks.size(), ticks);
  EXPECT_TRUE(sim.node_as<ProbeNode>(2).received.empty());
  EXPECT_EQ(sim.local_time(2), sim.now()) << "the clock kept running";

  sim.resume(2);
  sim.run_for(0);
  const auto& received = sim.node_as<ProbeNode>(2).received;
  ASSERT_EQ(received.size(), 5u) << "handed over at the moment of resume";
  for (std::uint64_t i = 0; i < 5; ++i) EXPECT_EQ(std::get<ClientRequest>(received[i].second).seq, i);
  sim.run_for(100 * kMillisecond);
  EXPECT_NEAR(static_cast<double>(sim.node_as<ProbeNode>(2).ticks.size() - ticks), 10, 1) << "ticking again";
}

TEST(SimPause, AppliesWaitForResume) {
  Simulator sim({.seed = 1, .servers = 1}, testing::probe_factory());
  sim.call_as<ProbeNode>(1, [](ProbeNode& n) {
    n.apply(1);
    n.apply(2);
  });
  sim.pause(1);
  sim.run_for(50 * kMillisecond);
  EXPECT_TRUE(sim.node_as<ProbeNode>(1).applied.empty());
  sim.resume(1);
  sim.run_for(0);
  const auto& applied = sim.node_as<ProbeNode>(1).applied;
  ASSERT_EQ(applied.size(), 2u);
  EXPECT_EQ(applied[0].first.index, 1u);
  EXPECT_EQ(applied[1].first.index, 2u);
  EXPECT_EQ(applied[0].second, sim.now());
}

TEST(SimPause, ASyncFinishesWhilePausedButHeldMessagesWaitForResume) {
  Simulator sim({.seed = 1, .servers = 2, .network = kFifo}, testing::probe_factory());
  sim.set_fsync_latency(1, 5 * kMillisecond);
  sim.call_as<ProbeNode>(1, [](ProbeNode& n) {
    n.save(1, 1);
    n.send(2, RequestVote{.term = 1});
  });
  sim.pause(1);
  sim.run_for(20 * kMillisecond);
  EXPECT_EQ(sim.storage(1).durable_hard_state().term, 1u) << "the disk does not stop";
  EXPECT_TRUE(sim.node_as<ProbeNode>(2).received.empty()) << "a stopped process sends nothing";
  sim.resume(1);
  sim.run_for(kMillisecond);
  EXPECT_EQ(sim.node_as<ProbeNode>(2).received.size(), 1u);
}

TEST(SimPause, ACrashWhilePausedDropsWhatWasQueued) {
  Simulator sim({.seed = 1, .servers = 1, .network = kFifo}, testing::probe_factory());
  RecordingObserver seen;
  sim.add_observer(seen);
  const NodeId client = sim.add_client([](NodeId, const Message&) {});
  sim.pause(1);
  sim.client_send(client, 1, ClientRequest{});
  sim.run_for(kMillisecond);
  sim.crash(1);
  EXPECT_TRUE(seen.saw("drop 1000->1 ClientRequest destination-down"));
  sim.restart(1);
  EXPECT_FALSE(sim.is_paused(1)) << "a restarted node runs";
  sim.run_for(kMillisecond);
  EXPECT_TRUE(sim.node_as<ProbeNode>(1).received.empty());
  EXPECT_TRUE(seen.saw("pause 1"));
  EXPECT_TRUE(seen.saw("crash 1"));
  EXPECT_TRUE(seen.saw("restart 1"));
}

}  // namespace
}  // namespace store::sim
