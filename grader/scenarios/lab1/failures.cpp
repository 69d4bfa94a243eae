// Lab 1 scenarios: agreement while servers fail and come back.
#include "framework/scenario.h"
#include "support/raft_cluster.h"

namespace store::grading {
namespace {

constexpr const char* kHandout = "docs/labs/lab1-replication.md";

NodeId next_server(const RaftCluster& cluster, NodeId id) { return id % cluster.size() + 1; }

STORE_SCENARIO(follower_failure, {.lab = 1,
                                  .name = "follower-failure",
                                  .points = 5,
                                  .description = "2 of 3 still commit; 1 of 3 never does",
                                  .handout = std::string(kHandout) + "#test-follower-failure",
                                  .order = 20}) {
  RaftCluster cluster(ctx);
  cluster.one("101", 3, false);
  const NodeId leader = cluster.check_one_leader();
  cluster.disconnect(next_server(cluster, leader));
  cluster.one("102", 2, false);
  cluster.run_for(500 * kMillisecond);
  cluster.one("103", 2, false);

  // The last follower goes too: the leader alone must not commit.
  const NodeId leader2 = cluster.check_one_leader();
  for (NodeId id : cluster.servers()) {
    if (id != leader2) cluster.disconnect(id);
  }
  const Proposal p = cluster.propose(leader2, "104");
  if (!p.accepted) cluster.fail("the leader refused a proposal");
  cluster.run_for(2 * kSecond);
  if (cluster.applied_count(p.index) > 0) {
    cluster.fail("index " + std::to_string(p.index) + " was applied with only 1 of 3 servers connected");
  }
}

STORE_SCENARIO(leader_failure, {.lab = 1,
                                .name = "leader-failure",
                                .points = 5,
                                .description = "a new leader commits after the leader fails; a lone one never does",
                                .handout = std::string(kHandout) + "#test-leader-failure",
                                .order = 21}) {
  RaftCluster cluster(ctx);
  cluster.one("101", 3, false);
  cluster.disconnect(cluster.check_one_leader());
  cluster.one("102", 2, false);
  cluster.run_for(500 * kMillisecond);
  cluster.one("103", 2, false);

  // The second leader goes too: one server alone is left connected.
  cluster.disconnect(cluster.check_one_leader());
  std::vector<Index> proposed;
  for (NodeId id : cluster.servers()) {
    if (const Proposal p = cluster.propose(id, "104"); p.accepted) proposed.push_back(p.index);
  }
  cluster.run_for(2 * kSecond);
  for (Index index : proposed) {
    std::string command;
    if (cluster.applied_count(index, &command) > 0 && command == "104") {
      cluster.fail("'104' was applied although no majority was connected");
    }
  }
}

STORE_SCENARIO(rejoin_follower, {.lab = 1,
                                 .name = "rejoin-follower",
                                 .points = 5,
                                 .description = "a follower that missed entries catches up when it returns",
                                 .handout = std::string(kHandout) + "#test-rejoin-follower",
                                 .order = 22}) {
  RaftCluster cluster(ctx);
  cluster.one("101", 3, false);
  const NodeId follower = next_server(cluster, cluster.check_one_leader());
  cluster.disconnect(follower);
  cluster.one("102", 2, false);
  cluster.one("103", 2, false);
  cluster.run_for(500 * kMillisecond);
  cluster.one("104", 2, false);
  cluster.one("105", 2, false);
  cluster.connect(follower);
  // The returning follower must hold and apply everything it missed.
  cluster.one("106", 3, true);
  cluster.run_for(500 * kMillisecond);
  cluster.one("107", 3, true);
}

STORE_SCENARIO(no_commit_in_minority, {.lab = 1,
                                       .name = "no-commit-in-minority",
                                       .points = 5,
                                       .description = "a leader cut off with one follower commits nothing; all "
                                                      "agree again after heal",
                                       .handout = std::string(kHandout) + "#test-no-commit-in-minority",
                                       .order = 23}) {
  RaftCluster cluster(ctx, {.servers = 5});
  const Index before = cluster.one("10", 5, false);
  const NodeId leader = cluster.check_one_leader();
  for (int i = 1; i <= 3; ++i) cluster.disconnect((leader + i - 1) % 5 + 1);

  const Proposal p = cluster.propose(leader, "20");
  if (!p.accepted) cluster.fail("the leader refused a proposal while it still believed it led");
  cluster.run_for(2 * kSecond);
  if (cluster.applied_count(p.index) > 0) {
    cluster.fail("index " + std::to_string(p.index) + " was applied with only 2 of 5 servers connected");
  }

  // After heal the new leader either kept the uncommitted '20' or dropped
  // it; either way '30' commits everywhere, after what was committed before.
  cluster.connect_all();
  const Index after = cluster.one("30", 5, true);
  if (after <= before) {
    cluster.fail("after heal, '30' was committed at index " + std::to_string(after) + ", not after the index " +
                 std::to_string(before) + " committed before the partition");
  }
  cluster.one("1000", 5, true);
}

STORE_SCENARIO(rejoin_old_leader, {.lab = 1,
                                   .name = "rejoin-old-leader",
                                   .points = 6,
                                   .description = "an old leader's uncommitted entries are discarded when it returns",
                                   .handout = std::string(kHandout) + "#test-rejoin-old-leader",
                                   .order = 24}) {
  RaftCluster cluster(ctx);
  cluster.one("101", 3, true);

  // The leader is cut off and keeps accepting commands nobody will commit.
  const NodeId leader1 = cluster.check_one_leader();
  cluster.disconnect(leader1);
  for (const char* command : {"102", "103", "104"}) cluster.propose(leader1, command);

  // The others move on without it.
  cluster.one("103", 2, true);
  const NodeId leader2 = cluster.check_one_leader();
  cluster.disconnect(leader2);

  // The old leader returns to a cluster that has gone past it.
  cluster.connect(leader1);
  cluster.one("104", 2, true);
  cluster.connect_all();
  cluster.one("105", 3, true);
}

STORE_SCENARIO(fast_backup, {.lab = 1,
                             .name = "fast-backup",
                             .points = 6,
                             .description = "followers far behind with conflicting entries catch up in a few round "
                                            "trips",
                             .handout = std::string(kHandout) + "#test-fast-backup",
                             .order = 25}) {
  RaftCluster cluster(ctx, {.servers = 5});
  Rng& rng = cluster.sim().rng();
  auto command = [&] { return std::to_string(rng.next()); };
  cluster.one(command(), 5, true);

  // A leader with one follower, cut off from the other three, piles up 50
  // entries that will never commit.
  const NodeId leader1 = cluster.check_one_leader();
  const NodeId partner = leader1 % 5 + 1;
  for (NodeId id : cluster.servers()) {
    if (id != leader1 && id != partner) cluster.disconnect(id);
  }
  for (int i = 0; i < 50; ++i) cluster.propose(leader1, command());
  cluster.run_for(500 * kMillisecond);

  // The other three commit 50 entries of their own.
  cluster.disconnect(leader1);
  cluster.disconnect(partner);
  for (NodeId id : cluster.servers()) {
    if (id != leader1 && id != partner) cluster.connect(id);
  }
  for (int i = 0; i < 50; ++i) cluster.one(command(), 3, true);

  // Their leader, with one follower cut off, piles up 50 more uncommitted.
  const NodeId leader2 = cluster.check_one_leader();
  NodeId other = leader1;
  for (NodeId id : cluster.servers()) {
    if (id != leader1 && id != partner && id != leader2) other = id;
  }
  cluster.disconnect(other);
  for (int i = 0; i < 50; ++i) cluster.propose(leader2, command());
  cluster.run_for(500 * kMillisecond);

  // Now the first leader and its partner return beside `other`: two of them
  // hold 50 conflicting entries and must be brought into line. Count the
  // rejected AppendEntries it takes.
  for (NodeId id : cluster.servers()) cluster.disconnect(id);
  cluster.connect(leader1);
  cluster.connect(partner);
  cluster.connect(other);
  std::uint64_t rejected = 0;
  struct CountRejections final : sim::Observer {
    std::uint64_t* count;
    explicit CountRejections(std::uint64_t* c) : count(c) {}
    void on_send(NodeId, NodeId, const Message& m, std::size_t) override {
      if (const auto* r = std::get_if<AppendEntriesReply>(&m); r != nullptr && !r->success) ++*count;
    }
  } counter(&rejected);
  cluster.sim().add_observer(counter);
  for (int i = 0; i < 50; ++i) cluster.one(command(), 3, true);
  cluster.sim().remove_observer(counter);

  cluster.connect_all();
  cluster.one(command(), 5, true);

  // One follower may need a rejection per conflicting term, a few at most;
  // backing up one entry at a time needs about fifty.
  ctx.figure("rejected AppendEntries while catching up", static_cast<double>(rejected), "");
  if (rejected > 12) {
    cluster.fail(std::to_string(rejected) +
                 " AppendEntries were rejected while two followers caught up over 50 conflicting entries; "
                 "fast backup needs at most a few per follower (budget 12)");
  }
}

}  // namespace
}  // namespace store::grading
