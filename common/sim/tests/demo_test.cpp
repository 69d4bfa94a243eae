// The demo register: what the simulator's other tests and the grader's
// self-tests rely on.
#include <gtest/gtest.h>

#include "sim/demo/heartbeat_node.h"
#include "sim/demo/register_node.h"
#include "sim/simulator.h"
#include "sim/tests/sim_test_support.h"

namespace store::sim {
namespace {

using demo::RegisterNode;
using testing::TestClient;

TEST(SimDemo, PutGetDeleteAppendOnTheHolder) {
  Simulator sim({.seed = 1, .servers = 3}, testing::register_factory());
  TestClient client(sim);
  // One operation at a time: concurrent ones may arrive in either order.
  auto done = [&](std::uint64_t seq) {
    EXPECT_TRUE(sim.run_until([&] { return client.answered(seq); }, kSecond)) << "operation " << seq;
    return seq;
  };
  const auto put = done(client.put(1, "k", "v"));
  const auto get = done(client.get(1, "k"));
  const auto missing = done(client.get(1, "other"));
  done(client.send(1, OpType::kAppend, "k", "w"));
  const auto appended = done(client.get(1, "k"));
  done(client.send(1, OpType::kDelete, "k"));
  const auto deleted = done(client.get(1, "k"));

  EXPECT_EQ(client.reply_to(put)->reply.status, ReplyStatus::kOk);
  EXPECT_EQ(client.reply_to(get)->reply.value, "v");
  EXPECT_TRUE(client.reply_to(get)->reply.found);
  EXPECT_FALSE(client.reply_to(missing)->reply.found);
  EXPECT_EQ(client.reply_to(appended)->reply.value, "vw");
  EXPECT_FALSE(client.reply_to(deleted)->reply.found);
  EXPECT_EQ(client.reply_to(put)->reply.client_id, static_cast<std::uint64_t>(client.id()));
  const NodeStatus status = sim.status(1);
  EXPECT_EQ(status.role, Role::kLeader);
  EXPECT_EQ(status.last_log_index, 3u);
  EXPECT_EQ(status.applied_index, 3u);
}

TEST(SimDemo, OtherServersRedirectToTheHolder) {
  Simulator sim({.seed = 1, .servers = 3}, testing::register_factory());
  TestClient client(sim);
  const auto seq = client.put(2, "k", "v");
  sim.run_for(kMillisecond);
  ASSERT_TRUE(client.answered(seq));
  EXPECT_EQ(client.reply_to(seq)->reply.status, ReplyStatus::kNotLeader);
  EXPECT_EQ(client.reply_to(seq)->reply.leader_hint, 1);
  EXPECT_EQ(sim.status(2).role, Role::kFollower);
  EXPECT_EQ(sim.storage(2).last_index(), 0u);
}

TEST(SimDemo, RecoversFromStorageAfterARestart) {
  Simulator sim({.seed = 1, .servers = 1}, testing::register_factory());
  TestClient client(sim);
  client.put(1, "a", "1");
  client.put(1, "b", "2");
  sim.run_for(10 * kMillisecond);
  sim.crash(1);
  sim.restart(1);
  sim.set_apply_lag(1, 20 * kMillisecond);  // too late for the restart's re-apply, which is already queued
  sim.run_for(0);
  EXPECT_EQ(sim.node_as<RegisterNode>(1).value("a"), "1");
  EXPECT_EQ(sim.node_as<RegisterNode>(1).value("b"), "2");
}

TEST(SimDemo, ReadsAfterARestartWaitUntilTheLogIsApplied) {
  Simulator sim({.seed = 1, .servers = 1}, testing::register_factory());
  TestClient client(sim);
  client.put(1, "a", "1");
  sim.run_for(10 * kMillisecond);
  sim.crash(1);
  sim.set_apply_lag(1, 20 * kMillisecond);
  sim.restart(1);
  const Micros restarted = sim.now();
  const auto get = client.get(1, "a");
  sim.run_for(50 * kMillisecond);
  ASSERT_TRUE(client.answered(get));
  EXPECT_EQ(client.reply_to(get)->reply.value, "1") << "never the empty state of a node still recovering";
  EXPECT_GE(client.reply_to(get)->at, restarted + 20 * kMillisecond);
}

TEST(SimDemo, HeartbeatNodesChatterAndStillServe) {
  Simulator sim({.seed = 1, .servers = 3},
                [](Env& env) { return std::make_unique<demo::HeartbeatNode>(env, /*every_server_broadcasts=*/false); });
  TestClient client(sim);
  const auto seq = client.put(1, "k", "v");
  sim.run_for(kSecond);
  EXPECT_TRUE(client.answered(seq));
  EXPECT_NEAR(static_cast<double>(sim.node_as<demo::HeartbeatNode>(1).replies_received()), 200, 4);
  EXPECT_NEAR(static_cast<double>(sim.node_as<demo::HeartbeatNode>(2).heartbeats_answered()), 100, 2);
  EXPECT_EQ(sim.stats().sent_of<AppendEntries>().messages, sim.node_as<demo::HeartbeatNode>(1).replies_received());
}

TEST(SimDemo, EntriesRoundTripAndMalformedOnesAreRejected) {
  const ClientRequest put{.op = OpType::kPut, .key = "ke:y", .value = "va:lue"};
  const ClientRequest back = demo::decode_write(demo::encode_write(put));
  EXPECT_EQ(back.op, OpType::kPut);
  EXPECT_EQ(back.key, "ke:y");
  EXPECT_EQ(back.value, "va:lue");
  EXPECT_THROW(demo::decode_write(""), std::logic_error);
  EXPECT_THROW(demo::decode_write("X1:k"), std::logic_error);
  EXPECT_THROW(demo::decode_write("P9:k"), std::logic_error);
  EXPECT_THROW(demo::decode_write("Pz:k"), std::logic_error);
}

}  // namespace
}  // namespace store::sim
