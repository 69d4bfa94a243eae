// The election monitor judges observable behaviour fairly: a grant lost in a
// crash is no vote, a grant that left is; a candidate's RequestVote is its
// own vote; leaders need a majority of grants; newer terms must be adopted
// (pre-vote and §4.2.3 aside); a term never goes back. Each case drives
// scripted servers that do exactly what the test says.
#include "support/election_rules.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>

#include "sim/simulator.h"
#include "support/invariants.h"

namespace store::grading {
namespace {

constexpr Micros kFsync = 5 * kMillisecond;
constexpr Micros kLeaseWindow = 150 * kMillisecond;
constexpr Micros kTick = 10 * kMillisecond;

// A server that does only what the test tells it, and reports the role and
// term the test sets.
class ScriptedServer final : public Node {
 public:
  explicit ScriptedServer(Env& env) : env_(env), term_(env.storage().hard_state().term) {}
  void tick() override {}
  void receive(NodeId, const Message&) override {}
  void on_apply(const LogEntry&) override {}
  NodeStatus status() const override { return {.term = term_, .role = role_}; }

  void vote(Term term, NodeId candidate) {
    env_.storage().save_hard_state({term, candidate});
    term_ = term;
    env_.send(candidate, RequestVoteReply{.term = term, .granted = true});
  }
  void stand(Term term) {
    env_.storage().save_hard_state({term, env_.id()});
    term_ = term;
    for (NodeId peer : env_.servers()) {
      if (peer != env_.id()) env_.send(peer, RequestVote{.term = term, .candidate = env_.id()});
    }
  }
  void send(NodeId to, Message message) { env_.send(to, std::move(message)); }
  void set(Term term, Role role) {
    term_ = term;
    role_ = role;
  }

 private:
  Env& env_;
  Term term_;
  Role role_ = Role::kFollower;
};

// Scripted servers with the two monitors attached.
struct Harness {
  explicit Harness(int servers)
      : sim({.seed = 1, .servers = servers}, [](Env& env) { return std::make_unique<ScriptedServer>(env); }),
        logs(sim),
        rules(sim, logs, kLeaseWindow, kTick) {
    for (NodeId id : sim.servers()) sim.set_fsync_latency(id, kFsync);
    sim.add_observer(logs);
    sim.add_observer(rules);
  }
  // Runs f as a step of server `id`; returns the violation it caused, if any.
  template <class F>
  std::string act(NodeId id, F&& f) {
    try {
      sim.call_as<ScriptedServer>(id, std::forward<F>(f));
    } catch (const InvariantViolation& v) {
      return v.what();
    }
    return "";
  }
  std::string run(Micros duration) {
    try {
      sim.run_for(duration);
    } catch (const InvariantViolation& v) {
      return v.what();
    }
    return "";
  }
  std::string deliver(NodeId from, NodeId to, Message message) {
    try {
      sim.deliver_now(from, to, std::move(message));
    } catch (const InvariantViolation& v) {
      return v.what();
    }
    return "";
  }

  sim::Simulator sim;
  RaftInvariants logs;
  ElectionRules rules;
};

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Grants and requests in these cases leave (which is what counts) but reach
// no one: the scripted servers would not adopt their terms.
void cut_off_everyone(Harness& h) {
  for (NodeId id : h.sim.servers()) h.sim.isolate(id);
}

TEST(ElectionRules, AGrantLostInACrashBeforeItsSyncIsNoVote) {
  Harness h(3);
  cut_off_everyone(h);
  h.act(1, [](ScriptedServer& s) { s.vote(4, 2); });
  h.sim.run_for(kMillisecond);  // the grant waits for the vote's sync
  h.sim.crash(1);
  EXPECT_TRUE(h.rules.votes().empty()) << "the grant never left";
  h.sim.restart(1);
  h.act(1, [](ScriptedServer& s) { s.vote(4, 3); });
  EXPECT_EQ(h.run(kFsync + kMillisecond), "") << "voting again is fine: the first vote never happened";
  EXPECT_EQ(h.rules.votes().at({1, 4}), 3);
}

TEST(ElectionRules, AGrantThatLeftIsAVoteForGood) {
  Harness h(3);
  cut_off_everyone(h);
  h.act(1, [](ScriptedServer& s) { s.vote(4, 2); });
  h.sim.run_for(kFsync + kMillisecond);
  EXPECT_EQ(h.rules.votes().at({1, 4}), 2);
  h.sim.crash(1);
  h.sim.restart(1);
  h.act(1, [](ScriptedServer& s) { s.vote(4, 3); });
  EXPECT_TRUE(has(h.run(kFsync + kMillisecond), "node 1 voted for node 2 and then voted for node 3 in term 4"));
}

TEST(ElectionRules, ACandidatesRequestVoteIsItsOwnVote) {
  Harness h(3);
  cut_off_everyone(h);
  h.act(1, [](ScriptedServer& s) { s.stand(6); });
  h.sim.run_for(kFsync + kMillisecond);
  h.act(1, [](ScriptedServer& s) { s.vote(6, 2); });
  EXPECT_TRUE(has(h.run(kFsync + kMillisecond), "node 1 stood for election itself and then voted for node 2 in term 6"));
}

TEST(ElectionRules, ALeaderNeedsAMajorityOfVotersNotOfReplies) {
  Harness h(5);
  h.act(1, [](ScriptedServer& s) { s.set(3, Role::kCandidate); });
  // Node 2 grants node 1, and the network delivers that grant twice.
  h.act(2, [](ScriptedServer& s) { s.vote(3, 1); });
  h.sim.run_for(kFsync + kMillisecond);
  h.sim.inject(2, 1, RequestVoteReply{.term = 3, .granted = true}, kMillisecond);
  h.sim.run_for(2 * kMillisecond);
  EXPECT_TRUE(has(h.act(1, [](ScriptedServer& s) { s.set(3, Role::kLeader); }),
                  "node 1 became leader of term 3 with votes from only 2 of 5 servers (itself and 2)"));

  Harness g(5);
  g.act(1, [](ScriptedServer& s) { s.set(3, Role::kCandidate); });
  for (NodeId voter : {2, 3}) g.act(voter, [](ScriptedServer& s) { s.vote(3, 1); });
  g.sim.run_for(kFsync + kMillisecond);
  EXPECT_EQ(g.act(1, [](ScriptedServer& s) { s.set(3, Role::kLeader); }), "") << "itself, 2 and 3: a majority";
}

TEST(ElectionRules, ANewerTermIsAdoptedInTheStepThatSeesIt) {
  Harness h(3);
  EXPECT_TRUE(has(h.deliver(2, 1, AppendEntries{.term = 7, .leader = 2}),
                  "node 1 received AppendEntries of term 7 but stayed in term 0"));

  Harness g(3);
  EXPECT_EQ(g.deliver(2, 1, RequestVote{.term = 7, .candidate = 2, .pre_vote = true}), "")
      << "a pre-vote proposes a term; nobody adopts it";
  EXPECT_EQ(g.deliver(2, 1, RequestVoteReply{.term = 9, .granted = true, .pre_vote = true}), "");
  EXPECT_TRUE(has(g.deliver(2, 1, AppendEntriesReply{.term = 8}), "stayed in term 0"));
}

TEST(ElectionRules, RequestVoteMayBeIgnoredWhileALeaderIsHeard) {
  Harness h(3);
  h.act(1, [](ScriptedServer& s) { s.set(2, Role::kFollower); });
  EXPECT_EQ(h.deliver(3, 1, AppendEntries{.term = 2, .leader = 3}), "");
  h.sim.run_for(kLeaseWindow / 2);
  EXPECT_EQ(h.deliver(2, 1, RequestVote{.term = 5, .candidate = 2}), "") << "thesis §4.2.3";
  h.sim.run_for(kLeaseWindow + 3 * kTick);
  EXPECT_TRUE(has(h.deliver(2, 1, RequestVote{.term = 6, .candidate = 2}), "received RequestVote of term 6"))
      << "long after the leader was last heard, a newer term must be adopted";
}

TEST(ElectionRules, ATermNeverFallsBelowOneAlreadySent) {
  Harness h(3);
  cut_off_everyone(h);
  h.act(1, [](ScriptedServer& s) {
    s.set(5, Role::kFollower);
    s.send(2, AppendEntriesReply{.term = 5});
  });
  h.sim.run_for(kMillisecond);
  // A restart that forgot the term: its hard state never held term 5. The
  // step that builds the restarted server is already judged.
  h.sim.crash(1);
  std::string violation;
  try {
    h.sim.restart(1);
  } catch (const InvariantViolation& v) {
    violation = v.what();
  }
  EXPECT_TRUE(has(violation, "node 1 is in term 0, but it already sent a message of term 5")) << violation;
}

}  // namespace
}  // namespace store::grading
