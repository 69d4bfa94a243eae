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
#include "core/todo.h"

namespace store {

bool Raft::leader_heard_recently() const {
  STORE_TODO(4, "docs/labs/lab4-lease.md#the-vote-rule");
}

void Raft::start_pre_vote() {
  STORE_TODO(4, "docs/labs/lab4-lease.md#pre-vote");
}

void Raft::handle_pre_vote(NodeId from, const RequestVote& request) {
  STORE_TODO(4, "docs/labs/lab4-lease.md#pre-vote");
}

void Raft::handle_pre_vote_reply(NodeId from, const RequestVoteReply& reply) {
  STORE_TODO(4, "docs/labs/lab4-lease.md#pre-vote");
}

}  // namespace store
