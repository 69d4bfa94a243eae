// Pre-vote (Raft thesis §9.6) and the vote rule that makes leases safe
// (§4.2.3).
//
// A server cut off from the others times out again and again. Without
// pre-vote it raises its term each time, and when it returns, its high term
// deposes a leader that was doing fine. With pre-vote it first asks whether
// it could win (a trial RequestVote for the next term, which changes nobody's
// term) and stands for election only if a majority would vote for it.
//
// The vote rule: a server that heard from a current leader within the
// minimum election timeout ignores RequestVote, term and all, and grants no
// pre-vote. It is the promise a lease rests on: while a leader's heartbeats
// keep arriving, no candidate can collect a majority.
#include "raft/raft.h"

namespace store {

bool Raft::leader_heard_recently() const {
  // BEGIN LAB 4 (#the-vote-rule)
  if (role_ == Role::kLeader) return true;
  return heard_leader_at_ >= 0 && env_.now() - heard_leader_at_ < config_.election_timeout_min;
  // END LAB 4
}

void Raft::start_pre_vote() {
  // BEGIN LAB 4 (#pre-vote)
  pre_voting_ = true;
  pre_votes_ = {env_.id()};
  reset_election_timer();
  if (pre_votes_.size() >= majority()) {
    start_election();
    return;
  }
  const RequestVote request{.term = current_term_ + 1,
                            .candidate = env_.id(),
                            .last_log_index = log_.last_index(),
                            .last_log_term = log_.last_term(),
                            .pre_vote = true};
  for (NodeId peer : env_.servers()) {
    if (peer != env_.id()) env_.send(peer, request);
  }
  // END LAB 4
}

void Raft::handle_pre_vote(NodeId from, const RequestVote& request) {
  // BEGIN LAB 4 (#pre-vote)
  // Would we vote for it in the next term? Nothing changes here, our term
  // least of all.
  const bool grant = request.term > current_term_ && !leader_heard_recently() &&
                     candidate_log_is_up_to_date(request.last_log_index, request.last_log_term);
  env_.send(from, RequestVoteReply{.term = grant ? request.term : current_term_, .granted = grant, .pre_vote = true});
  // END LAB 4
}

void Raft::handle_pre_vote_reply(NodeId from, const RequestVoteReply& reply) {
  // BEGIN LAB 4 (#pre-vote)
  if (!reply.granted) {
    observe_term(reply.term);  // a refusal may tell us we are behind
    return;
  }
  if (!pre_voting_ || role_ == Role::kLeader || reply.term != current_term_ + 1) return;
  pre_votes_.insert(from);
  if (pre_votes_.size() >= majority()) start_election();
  // END LAB 4
}

}  // namespace store
