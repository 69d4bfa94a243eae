// Raft's rules about votes and terms, checked after every simulated step from
// what the servers observably do. Like RaftInvariants (which watches logs and
// applies), nothing here depends on how an implementation is written inside:
//
//   - One vote per term, kept across restarts. A vote counts once the grant
//     has left the voter, that is once the write it depends on is durable; a
//     grant lost in a crash before its sync never happened. A candidate's own
//     RequestVote is its vote for itself.
//   - The election restriction (§5.4.1): a grant only to a candidate whose
//     log is at least as up to date as the voter's.
//   - A leader was elected: it received grants for its term from a majority
//     (itself included), each voter counted once however often its reply
//     arrived.
//   - Terms: a server that receives a message of a newer term adopts it in
//     the step that handles it. The exceptions are the ones the Raft thesis
//     allows: pre-vote messages (§9.6), and a RequestVote that arrives while
//     the receiver leads or has heard from a leader within the minimum
//     election timeout (§4.2.3).
//   - currentTerm is persistent and never goes back: a server's term is never
//     below a term it already put in a message that left it, restarts
//     included.
#pragma once

#include <map>
#include <string>
#include <set>
#include <tuple>
#include <utility>

#include "sim/observer.h"

namespace store::sim {
class Simulator;
}

namespace store::grading {

class RaftInvariants;

class ElectionRules final : public sim::Observer {
 public:
  // `logs` supplies each server's log as its writes show it (for the
  // election restriction). `election_timeout_min` is the §4.2.3 window in
  // which a server may ignore RequestVote; `tick_interval` the granularity in
  // which it may measure that window.
  ElectionRules(sim::Simulator& sim, const RaftInvariants& logs, Micros election_timeout_min, Micros tick_interval);

  void on_send(NodeId from, NodeId to, const Message& message, std::size_t wire_size) override;
  void on_depart(NodeId from, NodeId to, const Message& message) override;
  void on_deliver(NodeId from, NodeId to, const Message& message) override;
  void after_step(NodeId node) override;

  // Every vote cast so far (grants that left their voter, and candidates'
  // votes for themselves): (voter, term) -> candidate.
  const std::map<std::pair<NodeId, Term>, NodeId>& votes() const { return votes_; }

 private:
  [[noreturn]] void violation(const std::string& what) const;
  void record_vote(NodeId voter, Term term, NodeId candidate);
  void check_restriction(NodeId voter, NodeId candidate, const RequestVoteReply& reply);
  void check_term_adopted(NodeId node);
  void check_elected(NodeId node, Term term);
  bool may_ignore_vote_request(NodeId node) const;

  sim::Simulator& sim_;
  const RaftInvariants& logs_;
  Micros lease_window_;  // election_timeout_min plus two ticks of slack

  // The last RequestVote each server received from each candidate, by
  // (voter, candidate, pre_vote), with the voter's last entry (index, term)
  // when it arrived: a grant may be decided then or later (say, at the next
  // tick), and a voter's log only grows more up to date meanwhile, so the
  // log at arrival is the fairest yardstick.
  struct Request {
    RequestVote request;
    std::pair<Index, Term> voter_last;
  };
  std::map<std::tuple<NodeId, NodeId, bool>, Request> requests_;
  std::map<std::pair<NodeId, Term>, NodeId> votes_;
  // Grants delivered to each candidate: (candidate, term) -> voters.
  std::map<std::pair<NodeId, Term>, std::set<NodeId>> grants_received_;
  std::map<NodeId, Term> leading_;  // the term each server was last seen leading
  // A message of a newer term is being handled: the term the step must reach.
  std::map<NodeId, std::pair<Term, std::string>> must_adopt_;
  // The local time each server last heard from a leader of its term.
  std::map<NodeId, Micros> heard_leader_at_;
  // The highest term each server put in a message that left it.
  std::map<NodeId, Term> term_sent_;
};

}  // namespace store::grading
