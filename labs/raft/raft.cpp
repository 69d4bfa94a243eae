#include "raft/raft.h"
#include "core/todo.h"

#include <type_traits>
#include <variant>

namespace store {

std::unique_ptr<Consensus> make_raft(Env& env, const RaftConfig& config) { return std::make_unique<Raft>(env, config); }

Raft::Raft(Env& env, const RaftConfig& config)
    // TODO(lab1): initialise your members; see docs/labs/lab1-replication.md#state
{
  STORE_TODO(1, "docs/labs/lab1-replication.md#state");
}

void Raft::tick() {
  STORE_TODO(1, "docs/labs/lab1-replication.md#elections");
}

void Raft::receive(NodeId from, const Message& message) {
  STORE_TODO(1, "docs/labs/lab1-replication.md#messages");
}

RaftStatus Raft::status() const {
  STORE_TODO(1, "docs/labs/lab1-replication.md#status");
}

void Raft::observe_term(Term term) {
  STORE_TODO(1, "docs/labs/lab1-replication.md#terms");
}

void Raft::become_follower(Term term, NodeId leader) {
  STORE_TODO(1, "docs/labs/lab1-replication.md#terms");
}

void Raft::become_candidate() {
  STORE_TODO(1, "docs/labs/lab1-replication.md#elections");
}

void Raft::become_leader() {
  STORE_TODO(1, "docs/labs/lab1-replication.md#elections");
}

void Raft::persist_hard_state() {
  STORE_TODO(1, "docs/labs/lab1-replication.md#persistence");
}

std::size_t Raft::majority() const {
  STORE_TODO(1, "docs/labs/lab1-replication.md#elections");
}

}  // namespace store
