// The view's reading of a trace, checked against a real simulator run with
// every kind of fault, and against input that is not a trace.
#include "view/trace_model.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "sim/demo/heartbeat_node.h"
#include "sim/simulator.h"
#include "sim/tests/sim_test_support.h"

namespace store::view {
namespace {

using sim::testing::TempFile;

// Drops, duplicates, a partition, a cut, crashes, a pause, clock changes, a
// forged message and clients; what the determinism test runs, plus a forge.
void run_faulty_cluster(const std::string& trace_path) {
  sim::Simulator sim({.seed = 11, .servers = 5, .network = sim::NetworkProfile::unreliable(), .trace_path = trace_path},
                     [](Env& env) { return std::make_unique<sim::demo::HeartbeatNode>(env, true); });
  sim.set_fsync_latency(1, 2 * kMillisecond);
  sim.set_clock(4, 3 * kMillisecond, 50'000);
  sim.set_link_profile(1, 2, sim::NetworkProfile::lan());
  sim::testing::TestClient client(sim);
  for (int i = 0; i < 20; ++i) {
    sim.schedule_after(i * 10 * kMillisecond, [&, i] { client.put(1 + i % 2, "k", std::to_string(i)); });
  }
  sim.run_for(200 * kMillisecond);
  sim.partition({{1, 2}, {3, 4, 5}});
  sim.run_for(100 * kMillisecond);
  sim.crash(3);
  sim.cut(4, 5);
  sim.run_for(100 * kMillisecond);
  sim.heal();
  sim.restart(3);
  sim.pause(2);
  sim.run_for(50 * kMillisecond);
  sim.resume(2);
  sim.jump_clock(5, 40 * kMillisecond);
  sim.deliver_now(1, 2, AppendEntries{.term = 7, .leader = 1});
  sim.note("harness: done");
  sim.run_for(100 * kMillisecond);
}

std::map<std::string, std::size_t> count_events(const std::string& path) {
  std::map<std::string, std::size_t> counts;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) ++counts[nlohmann::json::parse(line).at("ev").get<std::string>()];
  return counts;
}

TEST(TraceModel, ReadsEveryEventOfARealRun) {
  const TempFile file("view_model.jsonl");
  run_faulty_cluster(file.path);
  const auto counts = count_events(file.path);
  const TraceModel model = read_trace_file(file.path);

  EXPECT_EQ(model.servers, 5);
  EXPECT_EQ(model.seed, "11");
  ASSERT_EQ(model.clients.size(), 1u);
  EXPECT_EQ(model.clients[0], kFirstClientId);
  ASSERT_TRUE(model.end.has_value()) << "a finished run has its end line";
  EXPECT_EQ(model.end->not_written, 0u);
  EXPECT_FALSE(model.cut.has_value());
  EXPECT_TRUE(model.warnings.empty());

  std::size_t sent = 0, delivered = 0, dropped = 0, duplicates = 0, forged = 0;
  for (const Flight& f : model.flights) {
    sent += !f.duplicate && !f.forged;
    delivered += f.fate == Fate::kDelivered;
    dropped += f.fate == Fate::kDropped;
    duplicates += f.duplicate;
    forged += f.forged;
    ASSERT_LE(f.sent, f.ended);
    if (f.fate == Fate::kDropped) {
      EXPECT_FALSE(f.drop_reason.empty());
    }
  }
  EXPECT_EQ(sent, counts.at("send"));
  EXPECT_EQ(delivered, counts.at("deliver"));
  EXPECT_EQ(dropped, counts.at("drop"));
  EXPECT_GT(duplicates, 0u) << "the unreliable profile duplicates";
  EXPECT_EQ(forged, 1u);
  for (std::size_t i = 1; i < model.flights.size(); ++i) ASSERT_LE(model.flights[i - 1].sent, model.flights[i].sent);

  std::map<std::string, std::size_t> marks;
  for (const Mark& m : model.marks) ++marks[m.kind];
  for (const char* kind : {"crash", "restart", "pause", "resume", "clock", "clock-jump", "fsync-latency", "sync",
                           "forge", "note", "network"}) {
    EXPECT_GT(marks[kind], 0u) << kind;
  }
  EXPECT_EQ(marks["sync"], counts.at("sync"));

  // The network: whole, {1,2} | {3,4,5}, the cut added, healed.
  ASSERT_EQ(model.net.size(), 4u);
  EXPECT_TRUE(model.net[0].whole());
  EXPECT_FALSE(model.net[1].whole());
  EXPECT_EQ(model.net[1].group, (std::vector<int>{0, 0, 1, 1, 1}));
  EXPECT_EQ(model.net[2].cuts, (std::vector<std::pair<NodeId, NodeId>>{{4, 5}}));
  EXPECT_TRUE(model.net[3].whole());

  // Status: every server from the start; server 3 down while crashed.
  std::map<NodeId, std::size_t> statuses;
  bool three_down = false;
  for (const StatusPoint& p : model.statuses) {
    ++statuses[p.node];
    three_down |= p.node == 3 && !p.up;
  }
  EXPECT_EQ(statuses.size(), 5u);
  EXPECT_TRUE(three_down);

  // The client's puts: bars from the first request to the reply.
  ASSERT_EQ(model.operations.size(), 20u);
  std::size_t answered = 0;
  for (const Operation& op : model.operations) {
    EXPECT_EQ(op.label.rfind("put k = ", 0), 0u) << op.label;
    if (op.end >= 0) {
      ++answered;
      EXPECT_GE(op.end, op.start);
      EXPECT_EQ(op.outcome, "ok");
    }
  }
  EXPECT_GT(answered, 5u);
}

TEST(TraceModel, TheVerdictAndTheStopMarkTheViolation) {
  std::istringstream in(
      "{\"t\":0,\"ev\":\"start\",\"seed\":\"3\",\"servers\":3,\"tick_interval\":10000,\"network\":\"lan\"}\n"
      "{\"t\":500,\"ev\":\"status\",\"node\":2,\"role\":2,\"term\":4,\"leader\":2,\"commit\":1,\"applied\":1,"
      "\"last\":2}\n"
      "{\"t\":900,\"ev\":\"stopped\",\"node\":2,\"text\":\"Election Safety\"}\n"
      "{\"t\":900,\"ev\":\"trace-end\",\"events\":12,\"not_written\":0,\"hash\":\"00000000000000ff\"}\n"
      "{\"t\":950,\"ev\":\"verdict\",\"test\":\"figure-8\",\"seed\":\"3\",\"impl\":\"labs\",\"message\":\"m\","
      "\"replay\":\"./track grade --test figure-8 --seed 3 -v\"}\n");
  const TraceModel model = read_trace(in);
  ASSERT_TRUE(model.stop && model.verdict && model.end);
  EXPECT_EQ(model.violation_time(), 900) << "the step that stopped the run, not the later verdict";
  EXPECT_EQ(model.stop->node, 2);
  EXPECT_EQ(model.verdict->test, "figure-8");
  EXPECT_EQ(model.end_time, 900) << "the verdict's time is not part of the run";
  ASSERT_EQ(model.statuses.size(), 1u);
  EXPECT_EQ(model.statuses[0].role, 2);
}

TEST(TraceModel, ANonLinearizableHistoryPointsAtTheOperationItGotStuckOn) {
  std::istringstream in(
      "{\"t\":0,\"ev\":\"start\",\"seed\":\"1\",\"servers\":3,\"tick_interval\":1,\"network\":\"\"}\n"
      "{\"t\":9000,\"ev\":\"note\",\"text\":\"end\"}\n"
      "{\"t\":9000,\"ev\":\"verdict\",\"test\":\"crash-restart\",\"seed\":\"1\",\"impl\":\"labs\","
      "\"message\":\"at t=9 ms: the history is not linearizable: not linearizable: key \\\"k\\\": after 9 operation(s) "
      "that can take effect in order, the value is \\\"1\\\" and no order lets `get k` -> absent (client 1002, t "
      "3094..3102) take effect before it returned\",\"replay\":\"r\"}\n");
  const TraceModel model = read_trace(in);
  ASSERT_TRUE(model.stuck.has_value());
  EXPECT_EQ(model.stuck->client, 1002);
  EXPECT_EQ(model.stuck->call, 3094);
  EXPECT_EQ(model.stuck->ret, 3102);
  EXPECT_EQ(model.violation_time(), 3102);
}

TEST(TraceModel, AnIncompleteLastLineIsANoteButABrokenMiddleIsAnError) {
  const std::string start =
      "{\"t\":0,\"ev\":\"start\",\"seed\":\"1\",\"servers\":1,\"tick_interval\":1,\"network\":\"\"}\n";
  std::istringstream cut_short(start + "{\"t\":5,\"ev\":\"note\",\"text\":\"a\"}\n{\"t\":6,\"ev\":\"se");
  const TraceModel model = read_trace(cut_short);
  ASSERT_EQ(model.warnings.size(), 1u);
  EXPECT_NE(model.warnings[0].find("incomplete"), std::string::npos);
  EXPECT_EQ(model.marks.size(), 1u);

  std::istringstream broken(start + "{\"t\":5,\"ev\n{\"t\":6,\"ev\":\"note\",\"text\":\"a\"}\n");
  try {
    read_trace(broken);
    FAIL() << "a broken line in the middle must be an error";
  } catch (const TraceError& e) {
    EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
  }
}

TEST(TraceModel, RejectsWhatIsNotATrace) {
  for (const std::string text : {"", "hello\n", "{\"a\":1}\n", "[1,2]\n{\"t\":0,\"ev\":\"start\"}\n",
                                 "{\"t\":0,\"ev\":\"note\",\"text\":\"x\"}\n"}) {
    std::istringstream in(text);
    EXPECT_THROW(read_trace(in), TraceError) << text;
  }
  EXPECT_THROW(read_trace_file("/nonexistent/trace.jsonl"), TraceError);
}

}  // namespace
}  // namespace store::view
