// Leader leases and check-quorum (Raft thesis §6.4.1 and §6.2).
//
// Every server promises (pre_vote.cpp) not to help elect anyone within the
// minimum election timeout of hearing from its leader, by its own clock. So
// once a majority has answered a round of heartbeats, no other leader can
// exist until that timeout has passed on their clocks since they received
// it. The round left the leader before any of them received it: measured
// from the moment the round was *sent*, on the leader's clock, and shortened
// by the clock-drift bound (their clocks may run faster than ours), the
// lease ends before any of their promises do. Measured from when the answers
// arrived, it would not.
#include <algorithm>
#include "core/todo.h"
#include <functional>
#include <vector>

#include "raft/raft.h"

namespace store {

Micros Raft::lease_duration() const {
  STORE_TODO(4, "docs/labs/lab4-lease.md#the-lease");
}

void Raft::note_round_sent() {
  STORE_TODO(4, "docs/labs/lab4-lease.md#the-lease");
}

void Raft::count_lease_ack(NodeId from, std::uint64_t context) {
  STORE_TODO(4, "docs/labs/lab4-lease.md#the-lease");
}

void Raft::update_lease() {
  STORE_TODO(4, "docs/labs/lab4-lease.md#the-lease");
}

bool Raft::lease_valid() const {
  STORE_TODO(4, "docs/labs/lab4-lease.md#the-lease");
}

void Raft::check_quorum() {
  STORE_TODO(4, "docs/labs/lab4-lease.md#check-quorum");
}

}  // namespace store
