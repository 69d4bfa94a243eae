// Log replication and commitment (paper §5.3, §5.4.2).
#include <algorithm>
#include <functional>
#include <vector>

#include "raft/raft.h"

namespace store {

Proposal Raft::propose(std::string command) {
  // BEGIN LAB 1 (#proposals)
  if (role_ != Role::kLeader) return {.accepted = false, .leader_hint = leader_};
  const Index index = log_.last_index() + 1;
  log_.append(LogEntry{.term = current_term_, .index = index, .type = EntryType::kCommand, .data = std::move(command)});
  // Replicate now rather than at the next heartbeat: commit latency is then
  // one round trip. A follower that still has entries on the way gets this
  // one with the next batch, when its reply comes back.
  for (auto& [peer, progress] : progress_) {
    if (!progress.awaiting_ack()) send_append_entries(peer);
  }
  advance_commit_index();  // a cluster of one needs no replies
  return {.accepted = true, .index = index, .term = current_term_, .leader_hint = env_.id()};
  // END LAB 1
}

void Raft::broadcast_append_entries() {
  // BEGIN LAB 1 (#heartbeats)
  // BEGIN LAB 4 (#the-lease)
  // Every broadcast is a round, numbered in AppendEntries::context: its
  // answers renew the lease (lease.cpp) and confirm reads (read_index.cpp).
  ++last_read_round_;
  note_round_sent();
  // END LAB 4
  // Heartbeats are ordinary AppendEntries: they carry whatever a follower
  // still lacks, so they also retransmit anything the network lost.
  for (const auto& [peer, progress] : progress_) send_append_entries(peer);
  next_heartbeat_ = env_.now() + config_.heartbeat_interval;
  // END LAB 1
}

void Raft::send_append_entries(NodeId peer) {
  // BEGIN LAB 1 (#replication)
  Progress& progress = progress_.at(peer);
  const Index prev = progress.next_index - 1;
  AppendEntries request{.term = current_term_,
                        .leader = env_.id(),
                        .prev_log_index = prev,
                        .prev_log_term = log_.term_at(prev),
                        .entries = log_.slice(progress.next_index, config_.max_entries_per_message,
                                              config_.max_bytes_per_message),
                        .leader_commit = commit_index_,
                        // BEGIN LAB 3 HIDDEN (#confirming-leadership) the round this message belongs to
                        .context = last_read_round_
                        // END LAB 3
  };
  if (!request.entries.empty()) progress.sent_through = request.entries.back().index;
  env_.send(peer, std::move(request));
  // END LAB 1
}

void Raft::handle_append_entries(NodeId from, const AppendEntries& request) {
  // BEGIN LAB 1 (#replication)
  observe_term(request.term);
  AppendEntriesReply reply{.term = current_term_, .last_log_index = log_.last_index(), .context = request.context};
  if (request.term < current_term_) {
    // A deposed leader: our term in the reply tells it to step down.
    env_.send(from, reply);
    return;
  }
  // The sender leads our term. A candidate of this term has lost.
  if (role_ != Role::kFollower || leader_ != request.leader) become_follower(current_term_, request.leader);
  reset_election_timer();
  // BEGIN LAB 4 (#the-vote-rule)
  heard_leader_at_ = env_.now();
  pre_voting_ = false;
  // END LAB 4

  // The consistency check: our log must hold the entry just before the new
  // ones, with the same term. If not, say where the leader should retry.
  const Index prev = request.prev_log_index;
  if (prev > log_.last_index()) {
    reply.conflict_index = log_.last_index() + 1;
    reply.conflict_term = 0;
    env_.send(from, reply);
    return;
  }
  if (log_.term_at(prev) != request.prev_log_term) {
    reply.conflict_term = log_.term_at(prev);
    reply.conflict_index = log_.first_index_of_term_at(prev);
    env_.send(from, reply);
    return;
  }

  // Skip the entries we already have. Truncate only at a real conflict: a
  // delayed or duplicated message must never cut off entries that a later
  // message appended, since those may already be committed.
  auto first_new = request.entries.begin();
  for (; first_new != request.entries.end(); ++first_new) {
    if (first_new->index > log_.last_index()) break;
    if (log_.term_at(first_new->index) != first_new->term) {
      log_.truncate_from(first_new->index);
      break;
    }
  }
  log_.append(std::span<const LogEntry>(first_new, request.entries.end()));

  // Only the entries this message vouched for are known to match the
  // leader's log; anything beyond them may still be stale.
  const Index match = prev + request.entries.size();
  commit_index_ = std::max(commit_index_, std::min(request.leader_commit, match));
  apply_committed_entries();

  reply.success = true;
  reply.match_index = match;
  reply.last_log_index = log_.last_index();
  env_.send(from, reply);
  // END LAB 1
}

void Raft::handle_append_reply(NodeId from, const AppendEntriesReply& reply) {
  // BEGIN LAB 1 (#replication)
  observe_term(reply.term);
  if (role_ != Role::kLeader || reply.term != current_term_) return;
  auto it = progress_.find(from);
  if (it == progress_.end()) return;
  // BEGIN LAB 3 (#confirming-leadership)
  // Any reply of our term, success or not, shows the follower still takes
  // us for its leader.
  count_read_ack(from, reply.context);
  // END LAB 3
  // BEGIN LAB 4 (#the-lease)
  count_lease_ack(from, reply.context);
  // END LAB 4
  Progress& progress = it->second;

  if (reply.success) {
    // Replies may arrive late or twice: knowledge only ever grows.
    progress.match_index = std::max(progress.match_index, reply.match_index);
    progress.next_index = std::max(progress.next_index, progress.match_index + 1);
    advance_commit_index();
  } else {
    // Fast backup (§5.3): skip a whole conflicting term per round trip
    // instead of one entry. If we hold entries of the follower's
    // conflicting term, retry just after our last one of them; otherwise
    // retry at the first index of that term in the follower's log.
    Index next = reply.conflict_index;
    if (reply.conflict_term != 0) {
      if (const Index ours = log_.last_index_of(reply.conflict_term); ours != 0) next = ours + 1;
    }
    progress.next_index = std::clamp(next, progress.match_index + 1, log_.last_index() + 1);
    progress.sent_through = 0;  // what was sent did not fit; nothing useful is on its way
  }
  // Send what the follower still lacks, unless it is already on its way (a
  // late reply to an earlier message must not send the same entries twice).
  if (progress.next_index <= log_.last_index() && !progress.awaiting_ack()) send_append_entries(from);
  // END LAB 1
}

void Raft::advance_commit_index() {
  // BEGIN LAB 1 (#commitment)
  if (role_ != Role::kLeader) return;
  // The highest index stored on a majority: sort what each server holds
  // (the leader holds its whole log) and take the majority-th largest.
  std::vector<Index> held{log_.last_index()};
  for (const auto& [peer, progress] : progress_) held.push_back(progress.match_index);
  std::sort(held.begin(), held.end(), std::greater<>());
  const Index replicated = held[majority() - 1];
  // §5.4.2: a leader commits by counting replicas only for an entry of its
  // own term; the entries before it are then committed with it. An older
  // entry on a majority can still be overwritten (Figure 8).
  if (replicated > commit_index_ && log_.term_at(replicated) == current_term_) {
    commit_index_ = replicated;
    apply_committed_entries();
    // BEGIN LAB 3 (#reads-on-the-leader)
    start_read_round();  // reads wait for the first commit of our term
    // END LAB 3
  }
  // END LAB 1
}

void Raft::apply_committed_entries() {
  // BEGIN LAB 1 (#applying)
  while (last_applied_ < commit_index_) {
    ++last_applied_;
    env_.apply(log_.at(last_applied_));
  }
  // END LAB 1
}

}  // namespace store
