// Writes become durable when synced; messages leave only once the writes
// made before them are durable; a crash keeps exactly what was synced.
#include <gtest/gtest.h>

#include "sim/demo/register_node.h"
#include "sim/simulator.h"
#include "sim/tests/sim_test_support.h"

namespace store::sim {
namespace {

using testing::ProbeNode;
using testing::RecordingObserver;
using testing::TestClient;

constexpr Micros kFsync = 5 * kMillisecond;

TEST(SimDurability, ACrashBeforeTheSyncLosesTheWriteAndTheReplyHeldBehindIt) {
  Simulator sim({.seed = 1, .servers = 1}, testing::register_factory());
  RecordingObserver seen;
  sim.add_observer(seen);
  sim.set_fsync_latency(1, kFsync);
  TestClient client(sim);
  const auto put = client.put(1, "k", "v1");
  sim.run_for(2 * kMillisecond);  // applied and answered, but the answer waits for the sync
  EXPECT_EQ(sim.storage(1).last_index(), 1u);
  EXPECT_TRUE(sim.storage(1).durable_log().empty());
  EXPECT_EQ(sim.node_as<demo::RegisterNode>(1).value("k"), "v1");
  EXPECT_FALSE(client.answered(put));

  sim.crash(1);
  EXPECT_TRUE(seen.saw("drop 1->1000 ClientReply sender-crashed"));
  EXPECT_EQ(sim.storage(1).last_index(), 0u) << "the unsynced entry is gone";
  sim.restart(1);
  const auto get = client.get(1, "k");
  sim.run_for(20 * kMillisecond);
  EXPECT_FALSE(client.answered(put));
  ASSERT_TRUE(client.answered(get));
  EXPECT_FALSE(client.reply_to(get)->reply.found);
}

TEST(SimDurability, AMessageDepartsOnlyOnceTheWritesBeforeItAreDurable) {
  Simulator sim({.seed = 1, .servers = 1}, testing::register_factory());
  RecordingObserver seen;
  sim.add_observer(seen);
  sim.set_fsync_latency(1, kFsync);
  TestClient client(sim);
  client.put(1, "k", "v1");
  sim.run_for(2 * kMillisecond);
  EXPECT_TRUE(seen.saw("send 1->1000 ClientReply"));
  EXPECT_FALSE(seen.saw("depart 1->1000 ClientReply")) << "still waiting for the sync";
  EXPECT_TRUE(seen.saw("depart 1000->1 ClientRequest")) << "a client's message leaves at once";
  sim.run_for(kFsync);
  EXPECT_TRUE(seen.saw("depart 1->1000 ClientReply"));
}

TEST(SimDurability, ACrashAfterTheSyncKeepsTheWrite) {
  Simulator sim({.seed = 1, .servers = 1}, testing::register_factory());
  sim.set_fsync_latency(1, kFsync);
  TestClient client(sim);
  const auto put = client.put(1, "k", "v1");
  sim.run_for(kFsync + kMillisecond);
  ASSERT_TRUE(client.answered(put));
  EXPECT_GE(client.reply_to(put)->at, kFsync) << "the reply left only after the sync";
  EXPECT_EQ(sim.storage(1).durable_log().size(), 1u);
  sim.crash(1);
  sim.restart(1);
  const auto get = client.get(1, "k");
  sim.run_for(10 * kMillisecond);
  ASSERT_TRUE(client.answered(get));
  EXPECT_EQ(client.reply_to(get)->reply.value, "v1");
}

TEST(SimDurability, WithoutFsyncLatencyAStepIsDurableBeforeItsMessagesLeave) {
  Simulator sim({.seed = 1, .servers = 1}, testing::register_factory());
  TestClient client(sim);
  sim.set_network(NetworkProfile{.base_latency = 100, .jitter = 0});
  const auto put = client.put(1, "k", "v1");
  sim.run_for(100);  // the put arrives and is handled; the reply is on the wire
  EXPECT_EQ(sim.storage(1).durable_log().size(), 1u);
  sim.crash(1);
  sim.run_for(kMillisecond);
  EXPECT_TRUE(client.answered(put)) << "a reply that left before the crash still arrives";
  sim.restart(1);
  EXPECT_EQ(sim.storage(1).entries().size(), 1u);
}

TEST(SimDurability, OnlyMessagesSentAfterAWriteWaitForIt) {
  Simulator sim({.seed = 1, .servers = 2, .network = NetworkProfile{.base_latency = 100, .jitter = 0}},
                testing::probe_factory());
  sim.set_fsync_latency(1, kFsync);
  sim.call_as<ProbeNode>(1, [](ProbeNode& n) {
    n.send(2, RequestVote{.term = 1});  // depends on no write
    n.save(2, 1);
    n.send(2, RequestVote{.term = 2});  // must wait for the hard state
  });
  sim.run_for(kMillisecond);
  ASSERT_EQ(sim.node_as<ProbeNode>(2).received.size(), 1u);
  EXPECT_EQ(std::get<RequestVote>(sim.node_as<ProbeNode>(2).received[0].second).term, 1u);
  sim.run_for(kFsync);
  ASSERT_EQ(sim.node_as<ProbeNode>(2).received.size(), 2u);
  EXPECT_EQ(sim.storage(1).durable_hard_state().term, 2u);
}

TEST(SimDurability, SyncsAreSerialAndEachCoversEveryEarlierWrite) {
  Simulator sim({.seed = 1, .servers = 1, .network = NetworkProfile{.base_latency = 100, .jitter = 0}},
                testing::register_factory());
  RecordingObserver seen;
  sim.add_observer(seen);
  sim.set_fsync_latency(1, kFsync);
  TestClient client(sim);
  const auto first = client.put(1, "a", "1");  // arrives at 100 us: its sync runs until 5.1 ms
  sim.run_for(kMillisecond);
  const auto second = client.put(1, "b", "2");  // both written during the first sync
  sim.run_for(kMillisecond);
  const auto third = client.put(1, "c", "3");
  sim.run_for(20 * kMillisecond);
  ASSERT_TRUE(client.answered(first) && client.answered(second) && client.answered(third));
  const Micros t1 = client.reply_to(first)->at;
  const Micros t2 = client.reply_to(second)->at;
  const Micros t3 = client.reply_to(third)->at;
  EXPECT_EQ(t1, 100 + kFsync + 100);
  EXPECT_EQ(t2, t3) << "one sync (group commit) covered both later writes";
  EXPECT_EQ(t2, 100 + 2 * kFsync + 100) << "the second sync started when the first finished";
  EXPECT_EQ(seen.count_prefix("sync 1"), 2u);
  EXPECT_TRUE(seen.saw("sync 1 2"));
}

TEST(SimDurability, MessagesQueueBehindASyncInOrder) {
  Simulator sim({.seed = 1, .servers = 1, .network = NetworkProfile{.base_latency = 100, .jitter = 0}},
                testing::register_factory());
  sim.set_fsync_latency(1, kFsync);
  TestClient client(sim);
  const auto put = client.put(1, "k", "v");
  const auto get = client.get(1, "k");  // answered from memory, but after the put's write
  sim.run_for(20 * kMillisecond);
  ASSERT_TRUE(client.answered(put) && client.answered(get));
  EXPECT_EQ(client.reply_to(get)->reply.value, "v");
  EXPECT_EQ(client.reply_to(get)->at, client.reply_to(put)->at);
  EXPECT_EQ(client.replies()[0].reply.seq, put) << "replies leave in the order they were sent";
}

TEST(SimDurability, StorageWritesAreObservedWithTheirNode) {
  Simulator sim({.seed = 1, .servers = 2}, testing::probe_factory());
  RecordingObserver seen;
  sim.add_observer(seen);
  sim.call_as<ProbeNode>(2, [](ProbeNode& n) {
    n.save(3, 2);
    n.append(1, "a");
    n.append(2, "b");
    n.env().storage().truncate(2);
  });
  EXPECT_TRUE(seen.saw("save 2 term 3"));
  EXPECT_TRUE(seen.saw("append 2 1..1"));
  EXPECT_TRUE(seen.saw("truncate 2 from 2"));
  EXPECT_TRUE(seen.saw("sync 2 4"));
}

TEST(SimDurability, AppendThatDoesNotContinueTheLogThrowsOutOfTheStep) {
  Simulator sim({.seed = 1, .servers = 1}, testing::probe_factory());
  EXPECT_THROW(sim.call_as<ProbeNode>(1, [](ProbeNode& n) { n.append(2, "gap"); }), std::logic_error);
  EXPECT_EQ(sim.storage(1).last_index(), 0u);
}

}  // namespace
}  // namespace store::sim
