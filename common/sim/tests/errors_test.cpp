// Exceptions from node code and observers leave run_* unchanged; bad calls
// say what is wrong; run_until reports a timeout by returning false.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "core/todo.h"
#include "sim/demo/register_node.h"
#include "sim/simulator.h"
#include "sim/tests/sim_test_support.h"

namespace store::sim {
namespace {

using testing::ProbeNode;

// Runs f and returns the message of the exception of type E it throws ("" if none).
template <class E>
std::string what_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "";
}

class TodoNode : public Node {
 public:
  void tick() override {}
  void receive(NodeId, const Message&) override { STORE_TODO(1, "docs/labs/lab1-replication.md#receive"); }
  void on_apply(const LogEntry&) override {}
  NodeStatus status() const override { return {}; }
};

struct Stop : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class StopOnDeliver : public Observer {
 public:
  void on_deliver(NodeId, NodeId to, const Message&) override {
    if (to == 2) throw Stop("monitor: invariant violated at node 2");
  }
};

TEST(SimErrors, NodeExceptionsPropagateUnchanged) {
  auto sim =
      std::make_unique<Simulator>(SimConfig{.seed = 1, .servers = 2}, testing::probe_factory({.throw_on_tick = true}));
  const std::string message = what_of<std::logic_error>([&] { sim->run_for(kSecond); });
  EXPECT_NE(message.find("failed on tick"), std::string::npos) << message;
  EXPECT_LT(sim->now(), 11 * kMillisecond) << "stopped at the first throw";
  sim.reset();  // destroys cleanly
}

TEST(SimErrors, TodoReachedPropagatesAsItself) {
  Simulator sim({.seed = 1, .servers = 1}, [](Env&) { return std::make_unique<TodoNode>(); });
  testing::TestClient client(sim);
  client.get(1, "k");
  try {
    sim.run_for(kSecond);
    FAIL() << "expected TodoReached";
  } catch (const TodoReached& e) {
    EXPECT_EQ(e.lab(), 1);
    EXPECT_NE(std::string(e.what()).find("TODO(lab1)"), std::string::npos) << e.what();
  }
}

TEST(SimErrors, ObserverExceptionsStopTheRunAndTheSimulatorStaysUsable) {
  Simulator sim({.seed = 1, .servers = 2}, testing::probe_factory({.echo = true}));
  StopOnDeliver monitor;
  sim.add_observer(monitor);
  testing::TestClient client(sim);
  client.get(2, "k");
  EXPECT_THROW(sim.run_until([] { return false; }, kSecond), Stop);
  EXPECT_LT(sim.now(), kMillisecond);
  sim.remove_observer(monitor);
  const auto seq = client.get(1, "k");
  EXPECT_TRUE(sim.run_until([&] { return client.answered(seq); }, kSecond));
}

TEST(SimErrors, RunUntilReturnsFalseOnTimeoutAndTrueAsSoonAsThePredicateHolds) {
  Simulator sim({.seed = 1, .servers = 1}, testing::probe_factory());
  EXPECT_FALSE(sim.run_until([] { return false; }, 250 * kMillisecond));
  EXPECT_EQ(sim.now(), 250 * kMillisecond);
  EXPECT_TRUE(sim.run_until([] { return true; }, kSecond));
  EXPECT_EQ(sim.now(), 250 * kMillisecond) << "already true: no time passes";
  EXPECT_TRUE(sim.run_until([&] { return sim.node_as<ProbeNode>(1).ticks.size() >= 30; }, kSecond));
  EXPECT_EQ(sim.node_as<ProbeNode>(1).ticks.size(), 30u) << "checked after every step";
  EXPECT_LT(sim.now(), 310 * kMillisecond);
}

TEST(SimErrors, BadCallsSayWhatIsWrong) {
  Simulator sim({.seed = 1, .servers = 3}, testing::probe_factory());
  EXPECT_NE(what_of<std::invalid_argument>([&] { sim.node(4); }).find("no such server (servers are 1..3)"),
            std::string::npos);
  EXPECT_THROW(sim.crash(0), std::invalid_argument);
  EXPECT_NE(what_of<std::logic_error>([&] { sim.restart(2); }).find("running; crash it first"), std::string::npos);
  sim.crash(2);
  EXPECT_NE(what_of<std::logic_error>([&] { sim.crash(2); }).find("already crashed"), std::string::npos);
  EXPECT_NE(what_of<std::logic_error>([&] { sim.node(2); }).find("node 2 is crashed"), std::string::npos);
  EXPECT_THROW(sim.status(2), std::logic_error);
  EXPECT_THROW(sim.pause(2), std::logic_error);
  EXPECT_THROW(sim.call(2, [](Node&) {}), std::logic_error);
  EXPECT_FALSE(sim.is_up(2));
  sim.pause(1);
  EXPECT_NE(what_of<std::logic_error>([&] { sim.pause(1); }).find("already paused"), std::string::npos);
  EXPECT_THROW(sim.call(1, [](Node&) {}), std::logic_error);
  EXPECT_THROW(sim.resume(3), std::logic_error);
  const std::string wrong_type = what_of<std::logic_error>([&] { sim.node_as<demo::RegisterNode>(3); });
  EXPECT_NE(wrong_type.find("ProbeNode"), std::string::npos) << wrong_type;
  EXPECT_NE(wrong_type.find("RegisterNode"), std::string::npos) << wrong_type;

  EXPECT_THROW(sim.run_for(-1), std::invalid_argument);
  EXPECT_THROW(sim.run_until([] { return false; }, -1), std::invalid_argument);
  EXPECT_THROW(sim.schedule_after(-1, [] {}), std::invalid_argument);
  sim.run_for(kMillisecond);
  EXPECT_THROW(sim.schedule_at(0, [] {}), std::invalid_argument);
  EXPECT_THROW(sim.set_clock(3, 0, 900'000), std::invalid_argument);
  EXPECT_THROW(sim.set_apply_lag(3, -1), std::invalid_argument);
  EXPECT_THROW(sim.set_fsync_latency(3, -1), std::invalid_argument);
  EXPECT_THROW(sim.set_network(NetworkProfile{.drop_probability = 2}), std::invalid_argument);

  EXPECT_NE(what_of<std::invalid_argument>([&] {
              sim.partition({{1, 2}, {3, 7}});
            }).find("7 is not an endpoint"),
            std::string::npos);
  EXPECT_NE(what_of<std::invalid_argument>([&] {
              sim.partition({{1, 2}, {2, 3}});
            }).find("more than one group"),
            std::string::npos);
  EXPECT_THROW(sim.cut(1, 1), std::invalid_argument);
  EXPECT_THROW(sim.isolate(kFirstClientId), std::invalid_argument);
  EXPECT_THROW(sim.client_send(1, 2, ClientRequest{}), std::invalid_argument) << "1 is a server, not a client";
  const NodeId client = sim.add_client([](NodeId, const Message&) {});
  EXPECT_THROW(sim.client_send(client, 99, ClientRequest{}), std::invalid_argument);
}

TEST(SimErrors, NodesActOnlyInsideTheirOwnSteps) {
  Simulator sim({.seed = 1, .servers = 2}, testing::probe_factory());
  auto& probe = sim.node_as<ProbeNode>(1);
  EXPECT_NE(what_of<std::logic_error>([&] { probe.send(2, RequestVote{}); }).find("Simulator::call"),
            std::string::npos);
  EXPECT_THROW(probe.save(1, 1), std::logic_error);
  EXPECT_THROW(probe.apply(1), std::logic_error);
  const std::string unknown = what_of<std::invalid_argument>(
      [&] { sim.call_as<ProbeNode>(1, [](ProbeNode& n) { n.send(5, RequestVote{}); }); });
  EXPECT_NE(unknown.find("node 1 sent RequestVote to 5"), std::string::npos) << unknown;
  // After a step that threw, the simulator still runs.
  sim.run_for(kMillisecond);
  sim.call_as<ProbeNode>(1, [](ProbeNode& n) { n.send(2, RequestVote{}); });
  sim.run_for(kMillisecond);
  EXPECT_EQ(sim.node_as<ProbeNode>(2).received.size(), 1u);
}

TEST(SimErrors, TheSimulatorCannotBeRunFromInsideItself) {
  Simulator sim({.seed = 1, .servers = 1}, testing::probe_factory());
  sim.schedule_after(kMillisecond, [&] { sim.run_for(kMillisecond); });
  EXPECT_THROW(sim.run_for(kSecond), std::logic_error);
  EXPECT_THROW(sim.call(1, [&](Node&) { sim.run_for(1); }), std::logic_error);
  EXPECT_THROW(sim.call(1, [&](Node&) { sim.crash(1); }), std::logic_error);
}

TEST(SimErrors, BadConfigurationsAreRejected) {
  EXPECT_THROW(Simulator({.servers = 0}, testing::probe_factory()), std::invalid_argument);
  EXPECT_THROW(Simulator({.tick_interval = 0}, testing::probe_factory()), std::invalid_argument);
  EXPECT_THROW(Simulator({}, nullptr), std::invalid_argument);
  EXPECT_THROW(Simulator({}, [](Env&) { return std::unique_ptr<Node>(); }), std::logic_error);
  EXPECT_THROW(Simulator({.trace_path = "/nonexistent-dir/trace.jsonl"}, testing::probe_factory()), std::runtime_error);
}

}  // namespace
}  // namespace store::sim
