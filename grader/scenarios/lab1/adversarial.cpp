// Lab 1 scenarios: the situations that break plausible-looking Raft code.
#include <algorithm>
#include <functional>
#include <optional>
#include <vector>

#include "framework/scenario.h"
#include "support/nemesis.h"
#include "support/proposers.h"
#include "support/raft_cluster.h"

namespace store::grading {
namespace {

constexpr const char* kHandout = "docs/labs/lab1-replication.md";

STORE_SCENARIO(up_to_date_votes, {.lab = 1,
                                  .name = "up-to-date-votes",
                                  .points = 4,
                                  .description = "a candidate missing committed entries never gets a vote from a "
                                                 "server that has them",
                                  .handout = std::string(kHandout) + "#test-up-to-date-votes",
                                  .order = 40}) {
  RaftCluster cluster(ctx);
  cluster.one("1", 3, true);
  const NodeId leader = cluster.check_one_leader();
  const NodeId stale = leader % 3 + 1;
  // The stale server misses five commits, and campaigns alone for a while,
  // so its term climbs far above everyone else's.
  cluster.disconnect(stale);
  for (int i = 2; i <= 6; ++i) cluster.one(std::to_string(i), 2, true);
  cluster.run_for(2 * kSecond);
  // It returns with its high term, and the leader is gone. The server that
  // holds the commits must refuse it its vote (the invariant monitor checks
  // every vote); the two must still agree on a leader that has them.
  cluster.disconnect(leader);
  cluster.connect(stale);
  cluster.one("7", 2, true);
  cluster.connect(leader);
  cluster.one("8", 3, true);
}

STORE_SCENARIO(stale_append, {.lab = 1,
                              .name = "stale-append",
                              .points = 4,
                              .description = "a late duplicate of an old AppendEntries never cuts committed entries",
                              .handout = std::string(kHandout) + "#test-stale-append",
                              .order = 41}) {
  RaftCluster cluster(ctx);
  cluster.one("1", 3, true);
  const NodeId leader = cluster.check_one_leader();
  const NodeId follower = leader % 3 + 1;

  // Keep a copy of the next AppendEntries that carries an entry to the follower.
  struct Capture final : sim::Observer {
    NodeId from, to;
    std::optional<AppendEntries> kept;
    Capture(NodeId f, NodeId t) : from(f), to(t) {}
    void on_send(NodeId f, NodeId t, const Message& m, std::size_t) override {
      const auto* append = std::get_if<AppendEntries>(&m);
      if (!kept && f == from && t == to && append != nullptr && !append->entries.empty()) kept = *append;
    }
  } capture(leader, follower);
  cluster.sim().add_observer(capture);
  cluster.one("2", 3, false);
  cluster.sim().remove_observer(capture);
  if (!capture.kept) cluster.fail("the leader sent the follower no AppendEntries with the new entry");

  // More entries commit after it...
  for (int i = 3; i <= 6; ++i) cluster.one(std::to_string(i), 3, false);
  // ...and then the old message turns up again, as a network may deliver it.
  cluster.forge(leader, follower, *capture.kept);
  cluster.run_for(200 * kMillisecond);
  cluster.one("7", 3, true);
}

STORE_SCENARIO(figure_8, {.lab = 1,
                          .name = "figure-8",
                          .points = 6,
                          .description = "the paper's Figure 8: an old-term entry on a majority is not yet committed",
                          .handout = std::string(kHandout) + "#test-figure-8",
                          .order = 42}) {
  // One entry per message, so that an old entry can reach a follower on its
  // own, ahead of anything newer (as in the figure).
  RaftCluster cluster(ctx, {.servers = 5, .raft = {.max_entries_per_message = 1}});
  auto only = [&](std::initializer_list<NodeId> connected) {
    for (NodeId id : cluster.servers()) cluster.disconnect(id);
    for (NodeId id : connected) cluster.connect(id);
  };
  auto holds = [&](NodeId id, Index index, Term term) {
    const auto& log = cluster.sim().storage(id).entries();
    return log.size() >= index && log[index - 1].term == term;
  };
  // Runs until one of `group` leads, and returns it the moment it does, so
  // that nothing it sends as the new leader has arrived anywhere yet.
  auto first_leader_of = [&](std::initializer_list<NodeId> group) {
    NodeId leader = kNoNode;
    const bool elected = cluster.run_until(
        [&] {
          for (NodeId id : group) {
            if (cluster.up(id) && cluster.raft_status(id).role == Role::kLeader) leader = id;
          }
          return leader != kNoNode;
        },
        5 * kSecond);
    if (!elected) cluster.fail("no leader was elected among the connected servers within 5 s");
    return leader;
  };
  cluster.one("a", 5, true);

  // (a) Leader s1 of term t1 replicates b to s2 only.
  const NodeId s1 = cluster.check_one_leader();
  const NodeId s2 = s1 % 5 + 1;
  only({s1, s2});
  const Proposal b = cluster.propose(s1, "b");
  if (!b.accepted) cluster.fail("the leader refused a proposal");
  if (!cluster.run_until([&] { return holds(s2, b.index, b.term); }, 2 * kSecond)) {
    cluster.fail("the leader did not replicate to its one connected follower within 2 s");
  }

  // (b) s1 crashes; s5 wins a later term among the other three and is cut
  // off the moment it wins: what it writes as leader (its first command, or
  // a no-op if it appends one) stays in its own log, at b's index.
  cluster.crash(s1);
  std::vector<NodeId> rest;
  for (NodeId id : cluster.servers()) {
    if (id != s1 && id != s2) rest.push_back(id);
  }
  only({rest[0], rest[1], rest[2]});
  const NodeId s5 = first_leader_of({rest[0], rest[1], rest[2]});
  only({});
  const Proposal c = cluster.propose(s5, "c");
  if (!c.accepted) cluster.fail("the new leader refused a proposal");
  const auto& s5_log = cluster.sim().storage(s5).entries();
  if (s5_log.size() < b.index || s5_log[b.index - 1].term <= b.term) {
    cluster.fail("the leader of the second term holds no entry of its own at index " + std::to_string(b.index) +
                 " after its first proposal");
  }
  cluster.crash(s5);

  // (c) s1 restarts and, with s2 and a third server s3, leads again. It
  // replicates b from its old term to s3, and s3 hears nothing after b: b is
  // now on a majority, but must not count as committed.
  NodeId s3 = kNoNode;
  NodeId s4 = kNoNode;
  for (NodeId id : rest) {
    if (id == s5) continue;
    (s3 == kNoNode ? s3 : s4) = id;
  }
  cluster.restart(s1);
  only({s1, s2, s3});
  const NodeId s_lead = first_leader_of({s1, s2, s3});
  if (!cluster.run_until([&] { return holds(s3, b.index, b.term); }, 2 * kSecond)) {
    cluster.fail("the leader of the third term did not bring server " + std::to_string(s3) + " up to date");
  }
  cluster.sim().cut(s_lead, s3);      // s3's acknowledgement still reaches the leader
  cluster.run_for(5 * kMillisecond);  // and it arrives

  // (d) That leader crashes; s5 returns and wins with s3 and s4, and
  // overwrites b with its own entry. Had b been committed in (c), a committed
  // entry would now be lost.
  cluster.crash(s_lead);
  only({});
  cluster.run_for(500 * kMillisecond);  // anything still in flight is lost
  cluster.restart(s5);
  only({s5, s3, s4});
  cluster.one("d", 3, true);

  for (NodeId id : cluster.servers()) {
    if (!cluster.up(id)) cluster.restart(id);
  }
  cluster.connect_all();
  cluster.one("e", 5, true);
}

STORE_SCENARIO(reelected_leader, {.lab = 1,
                                  .name = "reelected-leader",
                                  .points = 6,
                                  .description = "a leader deposed by a partition and elected again trusts nothing "
                                                 "it learned about followers in its old term",
                                  .handout = std::string(kHandout) + "#test-reelected-leader",
                                  .default_seeds = 10,
                                  .order = 46}) {
  RaftCluster cluster(ctx, {.servers = 5});
  Nemesis nemesis(cluster);
  auto last = [&](NodeId id) { return cluster.sim().storage(id).last_index(); };
  auto same_log = [&](NodeId a, NodeId b) {
    const auto& x = cluster.sim().storage(a).entries();
    const auto& y = cluster.sim().storage(b).entries();
    return x.size() == y.size() && (x.empty() || x.back().term == y.back().term);
  };
  auto wait = [&](const std::function<bool()>& done, Micros timeout, const std::string& what) {
    if (!cluster.run_until(done, timeout)) cluster.fail(what);
  };
  cluster.one("start", 5, true);

  // L leads; cut off with one follower F, it replicates 20 entries to F
  // that will never commit. (Copies of F's acknowledgements are kept: they
  // turn up again much later.)
  const NodeId l = cluster.check_one_leader();
  const NodeId f = l % 5 + 1;
  std::vector<NodeId> others;
  for (NodeId id : cluster.servers()) {
    if (id != l && id != f) others.push_back(id);
  }
  cluster.partition({{l, f}, others});
  nemesis.keep_copies([&](NodeId from, NodeId to, const Message& m) {
    const auto* ack = std::get_if<AppendEntriesReply>(&m);
    return from == f && to == l && ack != nullptr && ack->success;
  });
  for (int i = 0; i < 20; ++i) cluster.propose(l, "stale-" + std::to_string(i));
  wait([&] { return last(f) == last(l); }, 2 * kSecond, "the leader did not replicate to its one connected follower");
  cluster.run_for(5 * kMillisecond);
  nemesis.keep_copies({});

  // The other three elect a leader A and commit three entries of their own.
  NodeId a = kNoNode;
  wait(
      [&] {
        for (NodeId id : others) {
          if (cluster.raft_status(id).role == Role::kLeader) a = id;
        }
        return a != kNoNode;
      },
      5 * kSecond, "the three servers of the majority elected no leader within 5 s");
  for (int i = 0; i < 3; ++i) {
    const Proposal p = cluster.propose(a, "majority-" + std::to_string(i));
    if (!p.accepted) cluster.fail("the majority's leader refused a proposal");
    wait([&] { return cluster.applied_on(a) >= p.index; }, 2 * kSecond, "the majority committed nothing within 2 s");
  }

  // L rejoins the majority (F stays away) and learns A's log, which
  // replaces its 20 entries. A then gives one more entry to L alone, so that
  // among L and the two others, only L can win an election.
  std::vector<NodeId> all_but_f = others;
  all_but_f.push_back(l);
  cluster.partition({all_but_f, {f}});
  wait([&] { return same_log(l, a) && cluster.raft_status(l).role == Role::kFollower; }, 2 * kSecond,
       "the old leader did not take the new leader's log within 2 s");
  std::vector<NodeId> bc;
  for (NodeId id : others) {
    if (id != a) bc.push_back(id);
  }
  cluster.sim().cut(a, bc[0]);
  cluster.sim().cut(a, bc[1]);
  const Proposal extra = cluster.propose(a, "for-l-only");
  if (!extra.accepted) cluster.fail("the majority's leader refused a proposal");
  wait([&] { return last(l) >= extra.index; }, 2 * kSecond, "the old leader did not receive a new entry within 2 s");
  cluster.connect_all();
  cluster.partition({{l, bc[0], bc[1]}, {a}, {f}});
  wait([&] { return cluster.raft_status(l).role == Role::kLeader; }, 10 * kSecond,
       "server " + std::to_string(l) + ", the only one of three connected servers holding every committed entry, "
       "was not elected within 10 s");

  // L leads again. What it knew of F in its old term is stale: F still holds
  // the 20 old entries. Old acknowledgements from F arrive as well. An entry
  // that reaches only L and one other server is not committed, however F
  // is counted.
  for (Nemesis::Copy& copy : nemesis.take_copies()) cluster.forge(copy.from, copy.to, std::move(copy.message));
  cluster.sim().cut(l, bc[1]);
  const Proposal x = cluster.propose(l, "x");
  if (!x.accepted) cluster.fail("the re-elected leader refused a proposal");
  cluster.run_for(300 * kMillisecond);

  // L and the one server holding x crash. The other three elect a leader
  // without x: the monitor fails the run if x had been committed.
  cluster.crash(l);
  cluster.crash(bc[0]);
  cluster.connect_all();
  cluster.one("after", 3, true);
  cluster.restart(l);
  cluster.restart(bc[0]);
  cluster.one("end", 5, true);
}

// Leaders crashed at random, 20 to 300 ms apart, each down for 50 to 800 ms
// (never more than two servers at once), on a lossy, reordering network.
FaultPlan draw_leader_crashes(Rng& rng, Micros duration) {
  FaultPlan plan;
  plan.events.push_back({.at = 0, .length = duration, .kind = FaultKind::kNetwork, .profile = "unreliable"});
  std::vector<Micros> ends;
  for (Micros at = rng.between(0, 300) * kMillisecond; at < duration; at += rng.between(20, 300) * kMillisecond) {
    if (std::count_if(ends.begin(), ends.end(), [&](Micros end) { return end > at; }) >= 2) continue;
    const Micros length = rng.between(50, 800) * kMillisecond;
    plan.events.push_back(
        {.at = at, .length = length, .kind = FaultKind::kCrash, .target = {.kind = FaultTarget::Kind::kLeader}});
    ends.push_back(at + length);
  }
  return plan;
}

// Plays `drawn` (or the plan given instead) while three clients keep
// proposing, then ends every fault.
void play_with_proposals(grader::TestContext& ctx, RaftCluster& cluster, const FaultPlan& drawn) {
  const FaultPlan plan = plan_to_play(ctx, drawn);
  Nemesis nemesis(cluster);
  {
    Proposers proposers(cluster, 3);
    nemesis.play(plan);
    cluster.run_for(std::max(drawn.end(), plan.end()));
  }
  nemesis.stop();
  for (const std::string& line : nemesis.actions()) ctx.log(line);
}

STORE_SCENARIO(figure_8_unreliable, {.lab = 1,
                                     .name = "figure-8-unreliable",
                                     .points = 6,
                                     .description = "leaders crash and vanish at random on a lossy, reordering network",
                                     .handout = std::string(kHandout) + "#test-figure-8-unreliable",
                                     .default_seeds = 30,
                                     .order = 43}) {
  RaftCluster cluster(ctx, {.servers = 5});
  cluster.one("start", 1, true);
  play_with_proposals(ctx, cluster, draw_leader_crashes(cluster.sim().rng(), 9 * kSecond));
  cluster.one("end", 5, true);
}

// Twenty steps of 50 to 210 ms; at each, a random server may be disconnected
// (one in five) and one may crash (one in two), each until a later step
// brings it back (one in ten per step). With `lossy`, on a lossy network.
FaultPlan draw_churn(Rng& rng, bool lossy) {
  constexpr std::size_t kSteps = 20;
  std::vector<Micros> starts;
  Micros end = 0;
  for (std::size_t i = 0; i < kSteps; ++i) {
    starts.push_back(end);
    end += rng.between(50, 210) * kMillisecond;
  }
  auto until_back = [&](std::size_t step) {
    std::size_t back = step + 1;
    while (back < kSteps && !rng.chance(0.1)) ++back;
    return (back < kSteps ? starts[back] : end) - starts[step];
  };
  FaultPlan plan;
  if (lossy) plan.events.push_back({.at = 0, .length = end, .kind = FaultKind::kNetwork, .profile = "unreliable"});
  for (std::size_t step = 0; step < kSteps; ++step) {
    const auto id = static_cast<NodeId>(rng.between(1, 5));
    if (rng.chance(0.2)) {
      plan.events.push_back(
          {.at = starts[step], .length = until_back(step), .kind = FaultKind::kDisconnect, .nodes = {id}});
    }
    if (rng.chance(0.5)) {
      plan.events.push_back({.at = starts[step],
                             .length = until_back(step),
                             .kind = FaultKind::kCrash,
                             .target = {.kind = FaultTarget::Kind::kNode, .which = id}});
    }
  }
  return plan;
}

void churn(grader::TestContext& ctx, bool lossy) {
  RaftCluster cluster(ctx, {.servers = 5});
  play_with_proposals(ctx, cluster, draw_churn(cluster.sim().rng(), lossy));
  cluster.run_for(1 * kSecond);
  const Index last = cluster.one("final", 5, true);
  // Every server holds the same applied log (the monitors compared each
  // index as it was applied) and it reaches the final command.
  if (!cluster.wait_applied(last, 5, 2 * kSecond)) cluster.fail("not every server applied the final command");
}

STORE_SCENARIO(churn_reliable, {.lab = 1,
                                .name = "churn",
                                .points = 5,
                                .description = "crashes and partitions under constant proposals",
                                .handout = std::string(kHandout) + "#test-churn",
                                .default_seeds = 30,
                                .order = 44}) {
  churn(ctx, /*lossy=*/false);
}

STORE_SCENARIO(churn_unreliable, {.lab = 1,
                                  .name = "churn-unreliable",
                                  .points = 5,
                                  .description = "crashes and partitions under constant proposals, on a lossy network",
                                  .handout = std::string(kHandout) + "#test-churn-unreliable",
                                  .default_seeds = 30,
                                  .order = 45}) {
  churn(ctx, /*lossy=*/true);
}

}  // namespace
}  // namespace store::grading
