// Leader election (paper §5.2 and §5.4.1).
#include "raft/raft.h"
#include "core/todo.h"

namespace store {

void Raft::reset_election_timer() {
  STORE_TODO(1, "docs/labs/lab1-replication.md#elections");
}

void Raft::start_election() {
  STORE_TODO(1, "docs/labs/lab1-replication.md#elections");
}

bool Raft::candidate_log_is_up_to_date(Index last_index, Term last_term) const {
  STORE_TODO(1, "docs/labs/lab1-replication.md#voting");
}

void Raft::handle_request_vote(NodeId from, const RequestVote& request) {
  STORE_TODO(1, "docs/labs/lab1-replication.md#voting");
}

void Raft::handle_vote_reply(NodeId from, const RequestVoteReply& reply) {
  STORE_TODO(1, "docs/labs/lab1-replication.md#voting");
}

}  // namespace store
