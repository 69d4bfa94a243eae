// Leader election (paper §5.2 and §5.4.1).
#include "raft/raft.h"

namespace store {

void Raft::reset_election_timer() {
  // BEGIN LAB 1 (#elections)
  // A fresh random timeout each time, so that candidates rarely collide and
  // a split vote is soon broken.
  election_deadline_ = env_.now() + env_.rng().between(config_.election_timeout_min, config_.election_timeout_max);
  // END LAB 1
}

void Raft::start_election() {
  // BEGIN LAB 1 (#elections)
  become_candidate();
  env_.trace("starting election for term " + std::to_string(current_term_));
  if (votes_.size() >= majority()) {
    become_leader();
    return;
  }
  const RequestVote request{.term = current_term_,
                            .candidate = env_.id(),
                            .last_log_index = log_.last_index(),
                            .last_log_term = log_.last_term()};
  for (NodeId peer : env_.servers()) {
    if (peer != env_.id()) env_.send(peer, request);
  }
  // END LAB 1
}

bool Raft::candidate_log_is_up_to_date(Index last_index, Term last_term) const {
  // BEGIN LAB 1 (#voting)
  // §5.4.1: the log whose last entry has the later term is more up to date;
  // with equal last terms, the longer log is. This is what keeps committed
  // entries: a candidate missing one cannot collect a majority of votes.
  if (last_term != log_.last_term()) return last_term > log_.last_term();
  return last_index >= log_.last_index();
  // END LAB 1
}

void Raft::handle_request_vote(NodeId from, const RequestVote& request) {
  // BEGIN LAB 1 (#voting)
  // BEGIN LAB 4 (#the-vote-rule)
  if (request.pre_vote) {
    handle_pre_vote(from, request);
    return;
  }
  // While a current leader is heard from, a candidate gets neither our term
  // nor our vote (thesis §4.2.3): the promise that makes leases safe.
  if (request.term > current_term_ && leader_heard_recently()) return;
  // END LAB 4
  observe_term(request.term);
  const bool grant = request.term == current_term_ &&
                     (voted_for_ == kNoNode || voted_for_ == request.candidate) &&
                     candidate_log_is_up_to_date(request.last_log_index, request.last_log_term);
  if (grant) {
    // The vote is persisted before the reply can leave (the runtime holds
    // messages until earlier writes are durable), so a crash and restart
    // cannot make us vote twice in one term.
    voted_for_ = request.candidate;
    persist_hard_state();
    // Granting a vote is a sign that an election is under way: give it time
    // to finish rather than starting a competing one.
    reset_election_timer();
  }
  env_.send(from, RequestVoteReply{.term = current_term_, .granted = grant});
  // END LAB 1
}

void Raft::handle_vote_reply(NodeId from, const RequestVoteReply& reply) {
  // BEGIN LAB 1 (#voting)
  // BEGIN LAB 4 (#pre-vote)
  if (reply.pre_vote) {
    handle_pre_vote_reply(from, reply);
    return;
  }
  // END LAB 4
  observe_term(reply.term);
  // Replies from an earlier election, or arriving after we won or lost, count for nothing.
  if (role_ != Role::kCandidate || reply.term != current_term_ || !reply.granted) return;
  votes_.insert(from);
  if (votes_.size() >= majority()) become_leader();
  // END LAB 1
}

}  // namespace store
