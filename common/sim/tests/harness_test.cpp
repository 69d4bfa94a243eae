// What scenario scripts use: call, harness timers, observers, notes and the
// trace file.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/simulator.h"
#include "sim/tests/sim_test_support.h"

namespace store::sim {
namespace {

using testing::ProbeNode;
using testing::RecordingObserver;

TEST(SimHarness, CallRunsAStepAndReturnsItsResult) {
  Simulator sim({.seed = 1, .servers = 2}, testing::probe_factory());
  RecordingObserver seen;
  sim.add_observer(seen);
  const int answer = sim.call(1, [](Node& node) { return node.status().last_log_index == 0 ? 42 : 0; });
  EXPECT_EQ(answer, 42);
  // A reference result stays a reference to the node's own state.
  std::vector<Micros>& ticks = sim.call_as<ProbeNode>(2, [](ProbeNode& n) -> std::vector<Micros>& {
    n.send(1, RequestVote{.term = 9});
    return n.ticks;
  });
  EXPECT_EQ(&ticks, &sim.node_as<ProbeNode>(2).ticks);
  EXPECT_EQ(seen.steps, 2u);
  EXPECT_TRUE(seen.saw("send 2->1 RequestVote"));
  sim.run_for(kMillisecond);
  EXPECT_EQ(sim.node_as<ProbeNode>(1).received.size(), 1u);
}

TEST(SimHarness, DeliverNowForgesADeliveryPastTheNetwork) {
  Simulator sim({.seed = 1, .servers = 3}, testing::probe_factory({.echo = true}));
  RecordingObserver seen;
  sim.add_observer(seen);
  testing::TestClient client(sim);
  sim.isolate(2);
  sim.deliver_now(1, 2, RequestVote{.term = 7});
  const auto& received = sim.node_as<ProbeNode>(2).received;
  ASSERT_EQ(received.size(), 1u) << "handed over at once, partition or not";
  EXPECT_EQ(received[0].first, 1);
  EXPECT_EQ(std::get<RequestVote>(received[0].second).term, 7u);
  EXPECT_TRUE(seen.saw("deliver 1->2 RequestVote"));
  EXPECT_EQ(sim.stats().sent().messages, 0u);
  EXPECT_EQ(sim.stats().delivered().messages, 1u);

  // Replies travel normally.
  sim.deliver_now(client.id(), 2, ClientRequest{.seq = 5});
  EXPECT_FALSE(client.answered(5));
  sim.run_for(kMillisecond);
  EXPECT_TRUE(client.answered(5));

  sim.crash(3);
  EXPECT_THROW(sim.deliver_now(1, 3, RequestVote{}), std::logic_error);
  sim.pause(1);
  EXPECT_THROW(sim.deliver_now(2, 1, RequestVote{}), std::logic_error);
  EXPECT_THROW(sim.deliver_now(9, 2, RequestVote{}), std::invalid_argument);
}

TEST(SimHarness, InjectPutsALateCopyOnTheNetwork) {
  Simulator sim({.seed = 1, .servers = 3}, testing::probe_factory());
  RecordingObserver seen;
  sim.add_observer(seen);
  sim.inject(1, 2, RequestVote{.term = 4}, 30 * kMillisecond);
  sim.run_for(29 * kMillisecond);
  EXPECT_TRUE(sim.node_as<ProbeNode>(2).received.empty()) << "not before its latency";
  sim.run_for(2 * kMillisecond);
  ASSERT_EQ(sim.node_as<ProbeNode>(2).received.size(), 1u);
  EXPECT_EQ(std::get<RequestVote>(sim.node_as<ProbeNode>(2).received[0].second).term, 4u);
  EXPECT_FALSE(seen.saw("send 1->2 RequestVote")) << "a copy, not a send";
  EXPECT_EQ(sim.stats().sent().messages, 0u);
  EXPECT_EQ(sim.stats().duplicated(), 1u);

  // Unlike deliver_now, it crosses the network: a partition at arrival stops it.
  sim.inject(1, 3, RequestVote{.term = 5}, 10 * kMillisecond);
  sim.isolate(3);
  sim.run_for(20 * kMillisecond);
  EXPECT_TRUE(sim.node_as<ProbeNode>(3).received.empty());
  EXPECT_TRUE(seen.saw("drop 1->3 RequestVote partition"));
  EXPECT_THROW(sim.inject(1, 2, RequestVote{}, -1), std::invalid_argument);
  EXPECT_THROW(sim.inject(1, 9, RequestVote{}, 0), std::invalid_argument);
}

TEST(SimHarness, ADropFilterHoldsBackMessagesByContent) {
  Simulator sim({.seed = 1, .servers = 3}, testing::probe_factory());
  RecordingObserver seen;
  sim.add_observer(seen);
  sim.set_drop_filter([](NodeId, NodeId to, const Message& m) {
    return to == 2 && std::holds_alternative<RequestVoteReply>(m);
  });
  sim.call_as<ProbeNode>(1, [](ProbeNode& n) {
    n.send(2, RequestVoteReply{.term = 1});
    n.send(2, RequestVote{.term = 1});
    n.send(3, RequestVoteReply{.term = 1});
  });
  sim.run_for(10 * kMillisecond);
  EXPECT_TRUE(seen.saw("depart 1->2 RequestVoteReply")) << "observers see it leave first";
  EXPECT_TRUE(seen.saw("drop 1->2 RequestVoteReply held-back"));
  ASSERT_EQ(sim.node_as<ProbeNode>(2).received.size(), 1u) << "only the RequestVote";
  EXPECT_EQ(sim.node_as<ProbeNode>(3).received.size(), 1u) << "another destination: not held";
  sim.set_drop_filter({});
  sim.call_as<ProbeNode>(1, [](ProbeNode& n) { n.send(2, RequestVoteReply{.term = 2}); });
  sim.run_for(10 * kMillisecond);
  EXPECT_EQ(sim.node_as<ProbeNode>(2).received.size(), 2u) << "the filter is gone";
}

TEST(SimHarness, TimersFireAtTheirTimeInOrderAndCanBeCancelled) {
  Simulator sim({.seed = 1, .servers = 1}, testing::probe_factory());
  std::vector<std::pair<int, Micros>> fired;
  sim.schedule_at(5 * kMillisecond, [&] { fired.push_back({1, sim.now()}); });
  sim.schedule_after(3 * kMillisecond, [&] { fired.push_back({2, sim.now()}); });
  sim.schedule_at(5 * kMillisecond, [&] { fired.push_back({3, sim.now()}); });
  const TimerId cancelled = sim.schedule_after(4 * kMillisecond, [&] { fired.push_back({4, sim.now()}); });
  EXPECT_TRUE(sim.cancel(cancelled));
  EXPECT_FALSE(sim.cancel(cancelled));
  sim.run_for(10 * kMillisecond);
  const std::vector<std::pair<int, Micros>> expected = {
      {2, 3 * kMillisecond}, {1, 5 * kMillisecond}, {3, 5 * kMillisecond}};
  EXPECT_EQ(fired, expected);
  EXPECT_EQ(sim.now(), 10 * kMillisecond);
}

TEST(SimHarness, ScenarioScriptsReadLikeScripts) {
  Simulator sim({.seed = 5, .servers = 5}, testing::register_factory());
  testing::TestClient client(sim);
  sim.isolate(1);
  sim.partition({{1, 2}, {3, 4, 5}});
  sim.heal();
  sim.crash(3);
  sim.restart(3);
  sim.schedule_after(kSecond, [&] { sim.crash(4); });
  sim.run_for(2 * kSecond);
  EXPECT_FALSE(sim.is_up(4));
  const auto seq = client.put(1, "x", "y");
  EXPECT_TRUE(sim.run_until([&] { return client.answered(seq); }, kSecond));
}

TEST(SimHarness, RemovedObserversHearNothingMore) {
  Simulator sim({.seed = 1, .servers = 1}, testing::probe_factory());
  RecordingObserver seen;
  sim.add_observer(seen);
  sim.run_for(50 * kMillisecond);
  const auto steps = seen.steps;
  EXPECT_GT(steps, 3u) << "ticks are steps";
  sim.remove_observer(seen);
  sim.run_for(50 * kMillisecond);
  EXPECT_EQ(seen.steps, steps);
}

std::vector<nlohmann::json> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<nlohmann::json> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

std::size_t count_events(const std::vector<nlohmann::json>& lines, const std::string& ev) {
  std::size_t n = 0;
  for (const auto& line : lines) n += line.at("ev") == ev ? 1 : 0;
  return n;
}

TEST(SimHarness, TheTraceFileHoldsEveryEventAsJsonLines) {
  const testing::TempFile file("harness_trace.jsonl");
  const std::string& path = file.path;
  {
    Simulator sim({.seed = 3, .servers = 1, .trace_path = path}, testing::register_factory());
    testing::TestClient client(sim);
    sim.note("client puts");
    client.put(1, "k", "v\xff");  // not UTF-8: must not break the writer
    sim.run_for(100 * kMillisecond);
    sim.crash(1);
  }
  const auto lines = read_lines(path);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.front().at("ev"), "start");
  Micros previous = 0;
  for (const auto& line : lines) {
    ASSERT_TRUE(line.contains("t") && line.contains("ev")) << line.dump();
    ASSERT_GE(line.at("t").get<Micros>(), previous) << "timestamps never go back";
    previous = line.at("t").get<Micros>();
  }
  EXPECT_EQ(count_events(lines, "tick"), 0u) << "ticks are left out of the file by default";
  EXPECT_EQ(count_events(lines, "note"), 1u);
  EXPECT_EQ(count_events(lines, "send"), 2u);
  EXPECT_EQ(count_events(lines, "deliver"), 2u);
  EXPECT_EQ(count_events(lines, "append"), 1u);
  EXPECT_EQ(count_events(lines, "apply"), 1u);
  EXPECT_EQ(count_events(lines, "on_apply"), 1u);
  EXPECT_EQ(count_events(lines, "sync"), 1u);
  EXPECT_EQ(count_events(lines, "trace"), 1u) << "Env::trace lines";
  EXPECT_EQ(count_events(lines, "crash"), 1u);
  for (const auto& line : lines) {
    if (line.at("ev") == "deliver" && line.at("to") == 1) {
      EXPECT_EQ(line.at("from"), kFirstClientId);
      EXPECT_EQ(line.at("msg").at("type"), "ClientRequest");
      EXPECT_EQ(line.at("msg").at("key"), "k");
    }
  }
}

TEST(SimHarness, TicksCanBeWrittenAndAlwaysCountInTheHash) {
  const testing::TempFile file("harness_ticks.jsonl");
  const std::string& path = file.path;
  std::uint64_t with_ticks_in_file = 0;
  {
    Simulator sim({.seed = 3, .servers = 2, .trace_path = path, .trace_ticks = true}, testing::probe_factory());
    sim.run_for(100 * kMillisecond);
    with_ticks_in_file = sim.trace_hash();
  }
  EXPECT_NEAR(static_cast<double>(count_events(read_lines(path), "tick")), 20, 2);
  Simulator quiet({.seed = 3, .servers = 2}, testing::probe_factory());
  const std::uint64_t at_start = quiet.trace_hash();
  quiet.run_for(100 * kMillisecond);
  EXPECT_EQ(quiet.trace_hash(), with_ticks_in_file);
  EXPECT_NE(quiet.trace_hash(), at_start) << "ticks alone change the hash";
}

TEST(SimHarness, NotesEnterTheHash) {
  Simulator a({.seed = 3, .servers = 1}, testing::probe_factory());
  Simulator b({.seed = 3, .servers = 1}, testing::probe_factory());
  EXPECT_EQ(a.trace_hash(), b.trace_hash());
  a.note("hello");
  EXPECT_NE(a.trace_hash(), b.trace_hash());
}

}  // namespace
}  // namespace store::sim
