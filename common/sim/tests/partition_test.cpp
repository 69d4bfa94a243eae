// Partitions, isolation and one-way cuts, checked at send and at delivery.
#include <gtest/gtest.h>

#include "sim/simulator.h"
#include "sim/tests/sim_test_support.h"

namespace store::sim {
namespace {

using testing::ProbeNode;
using testing::RecordingObserver;

// Sends one RequestVote from `from` to `to` as a step of `from`.
void ping(Simulator& sim, NodeId from, NodeId to) {
  sim.call_as<ProbeNode>(from, [&](ProbeNode& n) { n.send(to, RequestVote{.term = 1, .candidate = from}); });
}

std::size_t received_from(Simulator& sim, NodeId at, NodeId from) {
  std::size_t n = 0;
  for (const auto& [sender, message] : sim.node_as<ProbeNode>(at).received) n += sender == from ? 1 : 0;
  return n;
}

TEST(SimPartition, GroupsBlockAcrossAndClientsInNoGroupReachEveryone) {
  Simulator sim({.seed = 1, .servers = 5}, testing::probe_factory({.echo = true}));
  RecordingObserver seen;
  sim.add_observer(seen);
  testing::TestClient client(sim);
  sim.partition({{1, 2}, {3, 4, 5}});
  ping(sim, 1, 2);
  ping(sim, 1, 3);
  ping(sim, 4, 5);
  const auto seq = client.put(3, "k", "v");
  sim.run_for(10 * kMillisecond);
  EXPECT_EQ(received_from(sim, 2, 1), 1u);
  EXPECT_EQ(received_from(sim, 3, 1), 0u);
  EXPECT_EQ(received_from(sim, 5, 4), 1u);
  EXPECT_TRUE(client.answered(seq)) << "an unlisted client reaches the minority side";
  EXPECT_TRUE(seen.saw("drop 1->3 RequestVote partition"));
  EXPECT_EQ(sim.stats().dropped(DropReason::kPartition), 1u);
  EXPECT_FALSE(sim.can_reach(1, 3));
  EXPECT_TRUE(sim.can_reach(client.id(), 3));
}

TEST(SimPartition, AClientListedInAGroupIsCutOffToo) {
  Simulator sim({.seed = 1, .servers = 2}, testing::probe_factory({.echo = true}));
  testing::TestClient client(sim);
  sim.partition({{1, client.id()}, {2}});
  const auto to_one = client.put(1, "k", "v");
  const auto to_two = client.put(2, "k", "v");
  sim.run_for(10 * kMillisecond);
  EXPECT_TRUE(client.answered(to_one));
  EXPECT_FALSE(client.answered(to_two));
}

TEST(SimPartition, AMessageInFlightIsDroppedWhenThePartitionFormsBeforeDelivery) {
  Simulator sim({.seed = 1, .servers = 3, .network = NetworkProfile::wan()}, testing::probe_factory());
  RecordingObserver seen;
  sim.add_observer(seen);
  ping(sim, 1, 3);
  sim.run_for(kMillisecond);  // far less than the WAN latency
  sim.partition({{1}, {3}});
  sim.run_for(kSecond);
  EXPECT_EQ(received_from(sim, 3, 1), 0u);
  EXPECT_TRUE(seen.saw("drop 1->3 RequestVote partition"));
}

TEST(SimPartition, CutIsOneWayUntilUncut) {
  Simulator sim({.seed = 1, .servers = 2}, testing::probe_factory());
  sim.cut(1, 2);
  ping(sim, 1, 2);
  ping(sim, 2, 1);
  sim.run_for(10 * kMillisecond);
  EXPECT_EQ(received_from(sim, 2, 1), 0u);
  EXPECT_EQ(received_from(sim, 1, 2), 1u);
  sim.uncut(1, 2);
  ping(sim, 1, 2);
  sim.run_for(10 * kMillisecond);
  EXPECT_EQ(received_from(sim, 2, 1), 1u);
}

TEST(SimPartition, IsolateCutsAServerFromServersBothWaysButNotFromClients) {
  Simulator sim({.seed = 1, .servers = 3}, testing::probe_factory({.echo = true}));
  testing::TestClient client(sim);
  sim.isolate(1);
  for (NodeId other : {2, 3}) {
    ping(sim, 1, other);
    ping(sim, other, 1);
  }
  ping(sim, 2, 3);
  const auto seq = client.put(1, "k", "v");
  sim.run_for(10 * kMillisecond);
  EXPECT_EQ(received_from(sim, 1, 2) + received_from(sim, 1, 3), 0u);
  EXPECT_EQ(received_from(sim, 2, 1) + received_from(sim, 3, 1), 0u);
  EXPECT_EQ(received_from(sim, 3, 2), 1u);
  EXPECT_TRUE(client.answered(seq));
}

TEST(SimPartition, HealRestoresEveryLink) {
  Simulator sim({.seed = 1, .servers = 4}, testing::probe_factory());
  sim.partition({{1, 2}, {3, 4}});
  sim.isolate(2);
  sim.cut(4, 3);
  sim.heal();
  for (NodeId a : sim.servers()) {
    for (NodeId b : sim.servers()) {
      if (a != b) ping(sim, a, b);
    }
  }
  sim.run_for(10 * kMillisecond);
  EXPECT_EQ(sim.stats().dropped(), 0u);
  EXPECT_EQ(sim.stats().delivered().messages, 12u);
}

TEST(SimPartition, PerLinkProfilesOverrideTheDefault) {
  Simulator sim({.seed = 1, .servers = 3}, testing::probe_factory());
  sim.set_link_profile(1, 2, NetworkProfile{.base_latency = 0, .jitter = 0, .drop_probability = 1});
  ping(sim, 1, 2);
  ping(sim, 2, 1);
  ping(sim, 1, 3);
  sim.run_for(10 * kMillisecond);
  EXPECT_EQ(received_from(sim, 2, 1), 0u);
  EXPECT_EQ(received_from(sim, 1, 2), 1u);
  EXPECT_EQ(received_from(sim, 3, 1), 1u);
  EXPECT_EQ(sim.stats().dropped(DropReason::kRandomLoss), 1u);
  sim.clear_link_profile(1, 2);
  ping(sim, 1, 2);
  sim.run_for(10 * kMillisecond);
  EXPECT_EQ(received_from(sim, 2, 1), 1u);
}

}  // namespace
}  // namespace store::sim
