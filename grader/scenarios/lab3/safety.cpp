// Lab 3 scenarios: the situations in which a read served too soon returns a
// value older than an acknowledged write. Each answer is compared with what
// it must be, and every history is checked for linearizability.
#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "framework/scenario.h"
#include "support/kv_faults.h"
#include "support/kv_workload.h"
#include "support/nemesis.h"

namespace store::grading {
namespace {

constexpr const char* kHandout = "docs/labs/lab3-readindex.md";

using Outcome = ClerkResult::Outcome;

// A read started now whose result, if any, is kept.
struct OpenRead {
  std::optional<ClerkResult> result;
  bool answered() const { return result && result->outcome == Outcome::kOk; }
};
std::unique_ptr<OpenRead> start_read(SimClerk& client, const std::string& key) {
  auto read = std::make_unique<OpenRead>();
  client.clerk().get(key, [r = read.get()](const ClerkResult& result) { r->result = result; });
  return read;
}

std::vector<NodeId> all_but(const KvCluster& cluster, std::initializer_list<NodeId> excluded) {
  std::vector<NodeId> rest;
  for (NodeId id : cluster.servers()) {
    if (std::find(excluded.begin(), excluded.end(), id) == excluded.end()) rest.push_back(id);
  }
  return rest;
}

NodeId leader_other_than(KvCluster& cluster, NodeId old, Micros timeout) {
  NodeId leader = kNoNode;
  const bool found = cluster.run_until(
      [&] {
        for (NodeId id : cluster.servers()) {
          if (id != old && cluster.up(id) && cluster.sim().status(id).role == Role::kLeader) leader = id;
        }
        return leader != kNoNode;
      },
      timeout);
  if (!found) cluster.fail("no new leader was elected within " + std::to_string(timeout / kSecond) + " s");
  return leader;
}

STORE_SCENARIO(stale_leader_read_index, {.lab = 3,
                                         .name = "stale-leader-read-index",
                                         .points = 6,
                                         .description = "the seed text's scenario: neither the old leader in the "
                                                        "minority nor a follower beside it answers a read",
                                         .handout = std::string(kHandout) + "#test-stale-leader-read-index",
                                         .order = 10}) {
  KvCluster cluster(ctx, {.server = {.read_path = ReadPath::kFollowerRead}});
  SimClerk& writer = cluster.add_client();
  SimClerk& asks_leader = cluster.add_client();
  SimClerk& asks_follower = cluster.add_client();
  cluster.perform(writer, OpType::kPut, "x", "1");

  // n1 (the leader) and n2 are cut off from n3, n4, n5, which elect a new
  // leader; two readers can reach only the old side.
  const NodeId old_leader = cluster.check_one_leader();
  const NodeId partner = old_leader % 5 + 1;
  std::vector<NodeId> majority = all_but(cluster, {old_leader, partner});
  majority.push_back(writer.id());
  cluster.partition({{old_leader, partner, asks_leader.id(), asks_follower.id()}, majority});
  // The old leader's clock runs at half speed meanwhile: a leader that steps
  // down when it hears no majority (lab 4) does so late.
  cluster.set_clock_rate(old_leader, 0.5);
  const NodeId new_leader = leader_other_than(cluster, old_leader, 5 * kSecond);

  // x = 2 commits through the new leader...
  writer.clerk().set_leader_guess(new_leader);
  if (cluster.perform(writer, OpType::kPut, "x", "2").outcome != Outcome::kOk) {
    cluster.fail("the majority side could not commit a put");
  }
  // ...then one reader asks the old leader, the other the follower beside it.
  asks_leader.clerk().set_leader_guess(old_leader);
  asks_follower.clerk().set_leader_guess(partner);
  asks_follower.clerk().set_read_server(partner);
  auto from_leader = start_read(asks_leader, "x");
  auto from_follower = start_read(asks_follower, "x");
  cluster.run_for(2 * kSecond);
  if (from_leader->answered()) {
    cluster.fail("the old leader, cut off in the minority, answered a read of x with '" + from_leader->result->value +
                 "' after x = 2 was acknowledged by the new leader: a leader serves a read only once a majority has "
                 "confirmed, after the read arrived, that it still leads");
  }
  if (from_follower->answered()) {
    cluster.fail("server " + std::to_string(partner) +
                 ", a follower cut off with the old leader, answered a read of x " + "with '" +
                 from_follower->result->value +
                 "' after x = 2 was acknowledged: a follower serves only with a read index its leader confirmed");
  }
  // Once the partition heals, both reads are answered, with the new value.
  cluster.set_clock_rate(old_leader, 1.0);
  cluster.connect_all();
  if (!cluster.run_until([&] { return from_leader->result && from_follower->result; }, 5 * kSecond)) {
    cluster.fail("the reads of x were not answered within 5 s of the partition healing");
  }
  for (const auto* read : {from_leader.get(), from_follower.get()}) {
    if (read->result->value != "2") {
      cluster.fail("after the partition healed, x read as '" + read->result->value + "', not '2'");
    }
  }
  cluster.check_linearizable();
}

STORE_SCENARIO(new_leader_read, {.lab = 3,
                                 .name = "new-leader-read",
                                 .points = 6,
                                 .description = "a new leader serves no read before an entry of its own term "
                                                "commits: its inherited commit index may be behind",
                                 .handout = std::string(kHandout) + "#test-new-leader-read",
                                 .order = 11}) {
  KvCluster cluster(ctx, {.server = {.read_path = ReadPath::kReadIndex}});
  for (NodeId id : cluster.servers()) cluster.sim().set_apply_lag(id, 20 * kMillisecond);
  SimClerk& writer = cluster.add_client();
  SimClerk& reader = cluster.add_client();

  // The moment the leader commits the next command, its messages to the
  // other servers stop: they hold the entry, but never learn it committed.
  CutOnCommit cut_on_commit(cluster);

  for (int round = 0; round < 3; ++round) {
    const std::string before = "before-" + std::to_string(round);
    const std::string acked = "acked-" + std::to_string(round);
    cluster.perform(writer, OpType::kPut, "x", before);
    const NodeId leader = cluster.check_one_leader();
    writer.clerk().set_leader_guess(leader);
    cut_on_commit.arm(leader);
    if (cluster.perform(writer, OpType::kPut, "x", acked).outcome != Outcome::kOk) {
      cluster.fail("a put to a healthy leader failed");
    }
    // The put is acknowledged; its leader crashes.
    cluster.crash(leader);
    cluster.connect_all();
    const NodeId next = leader_other_than(cluster, leader, 5 * kSecond);
    // The new leader's first read must see the acknowledged put.
    reader.clerk().set_leader_guess(next);
    const ClerkResult read = cluster.perform(reader, OpType::kGet, "x");
    if (read.value != acked) {
      cluster.fail("after put x = " + acked + " was acknowledged and its leader crashed, the new leader (server " +
                   std::to_string(next) + ") answered get x with '" + read.value +
                   "': a leader serves reads only once an entry of its own term has committed");
    }
    cluster.restart(leader);
    cluster.run_for(500 * kMillisecond);
  }
  cluster.check_linearizable();
}

STORE_SCENARIO(read_waits_for_apply, {.lab = 3,
                                      .name = "read-waits-for-apply",
                                      .points = 5,
                                      .description = "state machines applying 40 ms late make reads wait, never "
                                                     "answer with an older value",
                                      .handout = std::string(kHandout) + "#test-read-waits-for-apply",
                                      .order = 12}) {
  KvCluster cluster(ctx, {.server = {.read_path = ReadPath::kFollowerRead}});
  SimClerk& writer = cluster.add_client();
  std::vector<SimClerk*> readers = add_clients(cluster, cluster.size());
  spread_reads(cluster, readers);
  cluster.perform(writer, OpType::kPut, "x", "start");
  NodeId leader = cluster.check_one_leader();

  // Followers apply 40 ms late; every server is asked right after a put.
  for (NodeId id : cluster.servers()) cluster.sim().set_apply_lag(id, id == leader ? 0 : 40 * kMillisecond);
  for (int i = 0; i < 10; ++i) {
    const std::string value = std::to_string(i);
    cluster.perform(writer, OpType::kPut, "x", value);
    for (std::size_t r = 0; r < readers.size(); ++r) {
      const ClerkResult read = cluster.perform(*readers[r], OpType::kGet, "x");
      if (read.value != value) {
        cluster.fail("right after put x = " + value + " was acknowledged, a get of x from server " +
                     std::to_string(cluster.servers()[r]) + " returned '" + read.value +
                     "': a read waits until the state machine has applied its read index");
      }
    }
  }
  // Every state machine applies late; the leader crashes after a put, and
  // the new one is asked at once.
  for (int round = 0; round < 3; ++round) {
    for (NodeId id : cluster.servers()) cluster.sim().set_apply_lag(id, 40 * kMillisecond);
    const std::string value = "after-crash-" + std::to_string(round);
    writer.clerk().set_leader_guess(leader);
    cluster.perform(writer, OpType::kPut, "x", value);
    cluster.crash(leader);
    const NodeId next = leader_other_than(cluster, leader, 5 * kSecond);
    readers[0]->clerk().set_read_server(next);
    const ClerkResult read = cluster.perform(*readers[0], OpType::kGet, "x");
    if (read.value != value) {
      cluster.fail("the new leader answered get x with '" + read.value + "' after put x = " + value +
                   " was acknowledged: a read waits until the state machine has applied its read index");
    }
    cluster.restart(leader);
    cluster.run_for(300 * kMillisecond);
    leader = next;
  }
  cluster.check_linearizable();
}

STORE_SCENARIO(read_rounds, {.lab = 3,
                             .name = "read-rounds",
                             .points = 6,
                             .description = "a read is confirmed only by a heartbeat round that began after it "
                                            "arrived; late answers to an older round count for nothing",
                             .handout = std::string(kHandout) + "#test-read-rounds",
                             .order = 13}) {
  // Clients stay with a server 3 s before they try another: a read answered
  // within that time was answered by the server it was sent to.
  KvCluster cluster(ctx, {.server = {.read_path = ReadPath::kReadIndex}, .clerk = {.attempt_timeout = 3 * kSecond}});
  Nemesis nemesis(cluster);
  SimClerk& writer = cluster.add_client();
  SimClerk& early = cluster.add_client();
  SimClerk& late = cluster.add_client();

  // The followers hear the leader, but their answers to it are held back
  // (and kept, to deliver later). A read is sent meanwhile.
  auto hold_answers_to = [&](NodeId leader) {
    for (NodeId id : all_but(cluster, {leader})) cluster.sim().cut(id, leader);
    nemesis.keep_copies([leader](NodeId, NodeId to, const Message& m) {
      return to == leader && std::holds_alternative<AppendEntriesReply>(m);
    });
  };
  // Cut off, the leader is replaced, and x = `value` is acknowledged by the
  // new leader.
  auto replace_leader = [&](NodeId leader, const std::string& value) {
    nemesis.keep_copies({});
    cluster.connect_all();
    cluster.partition({{leader}, all_but(cluster, {leader})});
    writer.clerk().set_leader_guess(leader_other_than(cluster, leader, 5 * kSecond));
    if (cluster.perform(writer, OpType::kPut, "x", value).outcome != Outcome::kOk) {
      cluster.fail("the majority side could not commit a put");
    }
  };
  // (Another server may answer once the cut-off leader gives the read up,
  // say when it steps down for want of a majority: that is fine.)
  auto expect_unanswered = [&](const OpenRead& read, NodeId leader, const std::string& what) {
    if (read.answered() && read.result->answered_by == leader) {
      cluster.fail(what + " was answered with '" + read.result->value + "' by server " + std::to_string(leader) +
                   ", cut off from every other server, after it had been replaced and x changed");
    }
  };

  for (int round = 0; round < 2; ++round) {
    const std::string old_value = "old-" + std::to_string(round);
    const std::string new_value = "new-" + std::to_string(round);
    cluster.perform(writer, OpType::kPut, "x", old_value);
    const NodeId leader = cluster.check_one_leader();
    early.clerk().set_leader_guess(leader);
    late.clerk().set_leader_guess(leader);
    hold_answers_to(leader);
    auto first = start_read(early, "x");
    cluster.run_for(60 * kMillisecond);

    if (round == 0) {
      // A read that arrives while a round is in flight: the old round's
      // answers, delivered now, may confirm the first read but not this one.
      replace_leader(leader, new_value);
      auto second = start_read(late, "x");
      cluster.run_for(5 * kMillisecond);
      for (Nemesis::Copy& copy : nemesis.take_copies()) cluster.forge(copy.from, copy.to, std::move(copy.message));
      cluster.run_for(300 * kMillisecond);
      expect_unanswered(*second, leader, "a read that arrived after the leader's heartbeat round had begun");
      cluster.connect_all();
      if (!cluster.run_until([&] { return second->result.has_value(); }, 5 * kSecond)) {
        cluster.fail("the read was not answered within 5 s of the partition healing");
      }
    } else {
      // Half the answers confirm the first read's round; the other half
      // arrive once a later round has begun, and must not confirm it.
      std::vector<Nemesis::Copy> held = nemesis.take_copies();
      std::set<NodeId> confirming;
      std::vector<Nemesis::Copy> rest;
      for (Nemesis::Copy& copy : held) {
        if (confirming.size() < 2 || confirming.contains(copy.from)) {
          confirming.insert(copy.from);
          cluster.forge(copy.from, copy.to, std::move(copy.message));
        } else {
          rest.push_back(std::move(copy));
        }
      }
      cluster.run_for(5 * kMillisecond);
      replace_leader(leader, new_value);
      auto second = start_read(late, "x");
      cluster.run_for(5 * kMillisecond);
      for (Nemesis::Copy& copy : rest) cluster.forge(copy.from, copy.to, std::move(copy.message));
      cluster.run_for(300 * kMillisecond);
      expect_unanswered(*second, leader, "a read confirmed only by late answers to an earlier heartbeat round");
      cluster.connect_all();
      if (!cluster.run_until([&] { return second->result.has_value(); }, 5 * kSecond)) {
        cluster.fail("the read was not answered within 5 s of the partition healing");
      }
    }
    cluster.connect_all();
    cluster.run_until([&] { return first->result.has_value(); }, 5 * kSecond);
    cluster.run_for(300 * kMillisecond);
  }
  cluster.check_linearizable();
}

}  // namespace
}  // namespace store::grading
