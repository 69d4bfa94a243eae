// Log replication and commitment (paper §5.3, §5.4.2).
#include <algorithm>
#include "core/todo.h"
#include <functional>
#include <vector>

#include "raft/raft.h"

namespace store {

Proposal Raft::propose(std::string command) {
  STORE_TODO(1, "docs/labs/lab1-replication.md#proposals");
}

void Raft::broadcast_append_entries() {
  STORE_TODO(1, "docs/labs/lab1-replication.md#heartbeats");
}

void Raft::send_append_entries(NodeId peer) {
  STORE_TODO(1, "docs/labs/lab1-replication.md#replication");
}

void Raft::handle_append_entries(NodeId from, const AppendEntries& request) {
  STORE_TODO(1, "docs/labs/lab1-replication.md#replication");
}

void Raft::handle_append_reply(NodeId from, const AppendEntriesReply& reply) {
  STORE_TODO(1, "docs/labs/lab1-replication.md#replication");
}

void Raft::advance_commit_index() {
  STORE_TODO(1, "docs/labs/lab1-replication.md#commitment");
}

void Raft::apply_committed_entries() {
  STORE_TODO(1, "docs/labs/lab1-replication.md#applying");
}

}  // namespace store
