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
#include <functional>
#include <vector>

#include "raft/raft.h"

namespace store {

Micros Raft::lease_duration() const {
  // BEGIN LAB 4 (#the-lease)
  const double timeout = static_cast<double>(config_.election_timeout_min);
  return static_cast<Micros>(timeout / (1.0 + config_.clock_drift_bound)) - config_.lease_margin;
  // END LAB 4
}

void Raft::note_round_sent() {
  // BEGIN LAB 4 (#the-lease)
  round_sent_at_[last_read_round_] = env_.now();
  update_lease();  // a cluster of one answers its own rounds
  // END LAB 4
}

void Raft::count_lease_ack(NodeId from, std::uint64_t context) {
  // BEGIN LAB 4 (#the-lease)
  std::uint64_t& acked = acked_round_[from];
  acked = std::max(acked, context);
  update_lease();
  // END LAB 4
}

void Raft::update_lease() {
  // BEGIN LAB 4 (#the-lease)
  // The latest round a majority has answered: we answer every round of
  // ours at once, and a follower that answered round r answered every
  // round before it too (its reply left after they were all sent).
  std::vector<std::uint64_t> answered{last_read_round_};
  for (const auto& [peer, progress] : progress_) answered.push_back(acked_round_[peer]);
  std::sort(answered.begin(), answered.end(), std::greater<>());
  const std::uint64_t round = answered[majority() - 1];
  auto sent = round_sent_at_.find(round);
  if (sent == round_sent_at_.end()) return;
  heard_quorum_at_ = std::max(heard_quorum_at_, sent->second);
  // No lease before an entry of our term is committed: until then our
  // commit index may be behind what an earlier leader acknowledged.
  if (log_.term_at(commit_index_) == current_term_) {
    lease_until_ = std::max(lease_until_, sent->second + lease_duration());
  }
  round_sent_at_.erase(round_sent_at_.begin(), sent);  // older rounds can no longer matter
  // END LAB 4
}

bool Raft::lease_valid() const {
  // BEGIN LAB 4 (#the-lease)
  return role_ == Role::kLeader && log_.term_at(commit_index_) == current_term_ && env_.now() < lease_until_;
  // END LAB 4
}

void Raft::check_quorum() {
  // BEGIN LAB 4 (#check-quorum)
  // A leader that has not heard from a majority for a whole election
  // timeout steps down: the others may have elected someone, and its
  // clients should look for them (thesis §6.2).
  if (role_ != Role::kLeader || env_.now() - heard_quorum_at_ < config_.election_timeout_max) return;
  env_.trace("no majority heard for an election timeout: stepping down");
  become_follower(current_term_, kNoNode);
  // END LAB 4
}

}  // namespace store
