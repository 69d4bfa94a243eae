// Linearizable reads without log entries: ReadIndex (Raft thesis §6.4).
//
// A leader that wants to serve a read must know two things: that it still
// leads (a newer leader may have committed writes it has not heard of), and
// how far its state machine must have got. So it records its commit index as
// the read index, sends a round of heartbeats, and once a majority has
// answered in its term it knows it led when the round began. The server then
// serves the read as soon as it has applied the read index.
//
// The commit index a new leader inherits may be behind what the old leader
// acknowledged; it catches up only when an entry of its own term commits,
// which is why a new leader appends a no-op entry (raft.cpp) and starts no
// round before it commits.
#include <utility>

#include "raft/raft.h"

namespace store {

void Raft::read_index(std::uint64_t context) {
  // BEGIN LAB 3 (#reads-on-the-leader)
  if (role_ == Role::kLeader) {
    reads_waiting_.push_back(Read{.from = kNoNode, .context = context});
    start_read_round();
    return;
  }
  if (leader_ == kNoNode) {
    read_results_.push_back({.context = context, .ok = false});
    return;
  }
  // A follower asks its leader (thesis §6.4, "followers can also serve reads").
  const std::uint64_t id = ++last_forwarded_;
  forwarded_[id] = Forwarded{.context = context, .sent_at = env_.now()};
  env_.send(leader_, ReadIndexRequest{.term = current_term_, .context = id});
  // END LAB 3
}

std::vector<ReadIndexResult> Raft::take_read_results() {
  // BEGIN LAB 3 (#reads-on-the-leader)
  return std::exchange(read_results_, {});
  // END LAB 3
}

void Raft::start_read_round() {
  // BEGIN LAB 3 (#reads-on-the-leader)
  // One round at a time: a read that arrives while a round is in flight
  // waits for the next one, since the heartbeats already sent prove nothing
  // about the moment it arrived.
  if (role_ != Role::kLeader || read_round_ || reads_waiting_.empty()) return;
  // Not before an entry of this term is committed: until then our commit
  // index may be behind what an earlier leader acknowledged.
  if (log_.term_at(commit_index_) != current_term_) return;
  read_round_ = ReadRound{.id = 0,
                          .index = commit_index_,
                          .reads = std::exchange(reads_waiting_, {}),
                          .acks = {env_.id()}};
  if (read_round_->acks.size() >= majority()) {
    finish_read_round();
    return;
  }
  // The broadcast is a new round (replication.cpp numbers them): every
  // AppendEntries sent from now on carries its number, and a reply echoing
  // it (or a later one) answers a message sent after the round began.
  broadcast_append_entries();
  read_round_->id = last_read_round_;
  // END LAB 3
}

void Raft::count_read_ack(NodeId from, std::uint64_t context) {
  // BEGIN LAB 3 (#confirming-leadership)
  // The caller checked the reply is of our current term. A reply to an
  // older round says nothing about this one.
  if (!read_round_ || context < read_round_->id) return;
  read_round_->acks.insert(from);
  if (read_round_->acks.size() >= majority()) finish_read_round();
  // END LAB 3
}

void Raft::finish_read_round() {
  // BEGIN LAB 3 (#confirming-leadership)
  ReadRound round = std::move(*read_round_);
  read_round_.reset();
  for (const Read& read : round.reads) answer_read(read.from, read.context, true, round.index);
  start_read_round();  // the reads that arrived meanwhile
  // END LAB 3
}

void Raft::answer_read(NodeId from, std::uint64_t context, bool ok, Index index) {
  // BEGIN LAB 3 (#confirming-leadership)
  if (from == kNoNode) {
    read_results_.push_back({.context = context, .ok = ok, .index = index, .leader_hint = leader_});
  } else {
    env_.send(from, ReadIndexReply{.term = current_term_, .context = context, .ok = ok, .index = index});
  }
  // END LAB 3
}

void Raft::fail_reads() {
  // BEGIN LAB 3 (#losing-leadership)
  // Leadership is gone (or, for a follower, the leader it asked): no read
  // waiting for confirmation will get it. Confirmed reads were answered
  // already, and stay valid.
  if (read_round_) {
    for (const Read& read : read_round_->reads) answer_read(read.from, read.context, false, 0);
    read_round_.reset();
  }
  for (const Read& read : std::exchange(reads_waiting_, {})) answer_read(read.from, read.context, false, 0);
  for (const auto& [id, forwarded] : std::exchange(forwarded_, {})) {
    read_results_.push_back({.context = forwarded.context, .ok = false, .leader_hint = leader_});
  }
  // END LAB 3
}

void Raft::expire_forwarded_reads() {
  // BEGIN LAB 3 (#reads-on-followers)
  // A request or its answer may be lost: give up after two election
  // timeouts, and let the caller try again.
  for (auto it = forwarded_.begin(); it != forwarded_.end();) {
    if (env_.now() - it->second.sent_at < 2 * config_.election_timeout_max) {
      ++it;
      continue;
    }
    read_results_.push_back({.context = it->second.context, .ok = false, .leader_hint = leader_});
    it = forwarded_.erase(it);
  }
  // END LAB 3
}

void Raft::handle_read_index_request(NodeId from, const ReadIndexRequest& request) {
  // BEGIN LAB 3 (#reads-on-followers)
  observe_term(request.term);
  if (role_ != Role::kLeader || request.term != current_term_) {
    env_.send(from, ReadIndexReply{.term = current_term_, .context = request.context, .ok = false});
    return;
  }
  reads_waiting_.push_back(Read{.from = from, .context = request.context});
  start_read_round();
  // END LAB 3
}

void Raft::handle_read_index_reply(const ReadIndexReply& reply) {
  // BEGIN LAB 3 (#reads-on-followers)
  observe_term(reply.term);  // a newer term fails every forwarded read
  auto it = forwarded_.find(reply.context);
  if (it == forwarded_.end()) return;  // given up on, or answered twice
  read_results_.push_back(
      {.context = it->second.context, .ok = reply.ok, .index = reply.index, .leader_hint = leader_});
  forwarded_.erase(it);
  // END LAB 3
}

}  // namespace store
