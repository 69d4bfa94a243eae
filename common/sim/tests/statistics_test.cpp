// The network profile's drop and duplicate rates show in the statistics; the
// counters add up; jitter reorders.
#include <gtest/gtest.h>

#include "sim/simulator.h"
#include "sim/tests/sim_test_support.h"

namespace store::sim {
namespace {

using testing::ProbeNode;

TEST(SimStatistics, DropAndDuplicateRatesMatchTheProfile) {
  Simulator sim({.seed = 99, .servers = 1, .network = NetworkProfile::unreliable()}, testing::probe_factory());
  const NodeId client = sim.add_client([](NodeId, const Message&) {});
  constexpr int kRequests = 20'000;
  for (int i = 0; i < kRequests; ++i) {
    sim.client_send(client, 1, ClientRequest{.seq = static_cast<std::uint64_t>(i), .key = "k"});
  }
  sim.run_for(kSecond);
  const Statistics& stats = sim.stats();
  const double lost = static_cast<double>(stats.dropped(DropReason::kRandomLoss)) / kRequests;
  const double kept = kRequests - static_cast<double>(stats.dropped());
  const double duplicated = static_cast<double>(stats.duplicated()) / kept;
  EXPECT_NEAR(lost, 0.10, 0.01);
  EXPECT_NEAR(duplicated, 0.05, 0.008);
  EXPECT_EQ(stats.delivered().messages, kRequests - stats.dropped() + stats.duplicated());
  EXPECT_EQ(sim.node_as<ProbeNode>(1).received.size(), stats.delivered().messages);
}

TEST(SimStatistics, CountsAddUpPerTypeAndPerSender) {
  Simulator sim({.seed = 1, .servers = 2}, testing::probe_factory({.echo = true}));
  testing::TestClient client(sim);
  for (int i = 0; i < 10; ++i) client.put(1, "key", "value");
  sim.call_as<ProbeNode>(2, [](ProbeNode& n) {
    n.send(1, AppendEntries{.term = 1, .entries = {LogEntry{.term = 1, .index = 1, .data = "xyz"}}});
  });
  sim.run_for(10 * kMillisecond);
  const Statistics& stats = sim.stats();
  EXPECT_EQ(stats.sent_of<ClientRequest>().messages, 10u);
  EXPECT_EQ(stats.sent_of<ClientReply>().messages, 10u);
  EXPECT_EQ(stats.sent_of<AppendEntries>().messages, 1u);
  EXPECT_EQ(stats.sent().messages, 21u);
  EXPECT_EQ(stats.sent_by(client.id()).messages, 10u);
  EXPECT_EQ(stats.sent_by(1).messages, 10u);
  EXPECT_EQ(stats.sent_by(2).messages, 1u);
  EXPECT_EQ(stats.sent_by(7).messages, 0u);
  const Message request = ClientRequest{.op = OpType::kPut, .key = "key", .value = "value"};
  EXPECT_EQ(stats.sent_of<ClientRequest>().bytes, 10 * approximate_wire_size(request));
  EXPECT_EQ(stats.sent().bytes, stats.sent_of<ClientRequest>().bytes + stats.sent_of<ClientReply>().bytes +
                                    stats.sent_of<AppendEntries>().bytes);
  EXPECT_EQ(stats.delivered().messages, 21u);
  EXPECT_EQ(stats.delivered_of<ClientReply>().messages, 10u);
  EXPECT_EQ(stats.dropped(), 0u);
  EXPECT_NE(stats.summary().find("ClientRequest: sent 10"), std::string::npos) << stats.summary();
}

TEST(SimStatistics, JitterReordersMessagesSentCloseTogether) {
  Simulator sim({.seed = 4, .servers = 1, .network = NetworkProfile{.base_latency = 1000, .jitter = 500}},
                testing::probe_factory());
  const NodeId client = sim.add_client([](NodeId, const Message&) {});
  for (std::uint64_t i = 0; i < 100; ++i) sim.client_send(client, 1, ClientRequest{.seq = i});
  sim.run_for(10 * kMillisecond);
  std::vector<std::uint64_t> order;
  for (const auto& [from, message] : sim.node_as<ProbeNode>(1).received) {
    order.push_back(std::get<ClientRequest>(message).seq);
  }
  ASSERT_EQ(order.size(), 100u);
  EXPECT_FALSE(std::is_sorted(order.begin(), order.end()));

  // Without jitter a link is FIFO.
  sim.set_network(NetworkProfile{.base_latency = 1000, .jitter = 0});
  sim.node_as<ProbeNode>(1).received.clear();
  for (std::uint64_t i = 0; i < 100; ++i) sim.client_send(client, 1, ClientRequest{.seq = i});
  sim.run_for(10 * kMillisecond);
  order.clear();
  for (const auto& [from, message] : sim.node_as<ProbeNode>(1).received) {
    order.push_back(std::get<ClientRequest>(message).seq);
  }
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
}

TEST(SimStatistics, LongDelaysHoldSomeMessagesBack) {
  Simulator sim({.seed = 8,
                 .servers = 1,
                 .network = NetworkProfile{.base_latency = 100,
                                           .jitter = 0,
                                           .long_delay_probability = 0.2,
                                           .long_delay_min = 50 * kMillisecond,
                                           .long_delay_max = 60 * kMillisecond}},
                testing::probe_factory());
  const NodeId client = sim.add_client([](NodeId, const Message&) {});
  for (std::uint64_t i = 0; i < 1000; ++i) sim.client_send(client, 1, ClientRequest{.seq = i});
  sim.run_for(kMillisecond);
  const double on_time = static_cast<double>(sim.node_as<ProbeNode>(1).received.size());
  EXPECT_NEAR(on_time, 800, 50);
  sim.run_for(48 * kMillisecond);
  EXPECT_EQ(static_cast<double>(sim.node_as<ProbeNode>(1).received.size()), on_time);
  sim.run_for(12 * kMillisecond);
  EXPECT_EQ(sim.node_as<ProbeNode>(1).received.size(), 1000u);
}

}  // namespace
}  // namespace store::sim
