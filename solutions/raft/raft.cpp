#include "raft/raft.h"

#include <type_traits>
#include <variant>

namespace store {

std::unique_ptr<Consensus> make_raft(Env& env, const RaftConfig& config) { return std::make_unique<Raft>(env, config); }

Raft::Raft(Env& env, const RaftConfig& config)
    // BEGIN LAB 1 HIDDEN (#state) initialise your members
    : env_(env), config_(config), log_(env.storage())
// END LAB 1
{
  // BEGIN LAB 1 (#state)
  // Recovery: the term, the vote and the log survived; everything else
  // starts over. The commit index is relearned from the leader, and entries
  // are applied again from the start.
  const HardState hard = env_.storage().hard_state();
  current_term_ = hard.term;
  voted_for_ = hard.voted_for;
  reset_election_timer();
  // END LAB 1
}

void Raft::tick() {
  // BEGIN LAB 1 (#elections)
  if (role_ == Role::kLeader) {
    // BEGIN LAB 4 (#check-quorum)
    check_quorum();
    if (role_ != Role::kLeader) return;
    // END LAB 4
    if (env_.now() >= next_heartbeat_) broadcast_append_entries();
  } else if (env_.now() >= election_deadline_) {
    // Lab 4 asks first whether an election could be won (pre_vote.cpp);
    // start_pre_vote stands for election once a majority says so.
    start_pre_vote();
  }
  // BEGIN LAB 3 (#reads-on-followers)
  expire_forwarded_reads();
  // END LAB 3
  // END LAB 1
}

void Raft::receive(NodeId from, const Message& message) {
  // BEGIN LAB 1 (#messages)
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, RequestVote>) {
          handle_request_vote(from, m);
        } else if constexpr (std::is_same_v<T, RequestVoteReply>) {
          handle_vote_reply(from, m);
        } else if constexpr (std::is_same_v<T, AppendEntries>) {
          handle_append_entries(from, m);
        } else if constexpr (std::is_same_v<T, AppendEntriesReply>) {
          handle_append_reply(from, m);
        } else if constexpr (std::is_same_v<T, ReadIndexRequest>) {
          handle_read_index_request(from, m);  // lab 3
        } else if constexpr (std::is_same_v<T, ReadIndexReply>) {
          handle_read_index_reply(m);  // lab 3
        }
        // Client messages are for the server above Raft, never for Raft.
      },
      message);
  // END LAB 1
}

RaftStatus Raft::status() const {
  // BEGIN LAB 1 (#status)
  return {.term = current_term_,
          .role = role_,
          .leader_hint = leader_,
          .commit_index = commit_index_,
          .last_log_index = log_.last_index()};
  // END LAB 1
}

void Raft::observe_term(Term term) {
  // BEGIN LAB 1 (#terms)
  if (term > current_term_) become_follower(term, kNoNode);
  // END LAB 1
}

void Raft::become_follower(Term term, NodeId leader) {
  // BEGIN LAB 1 (#terms)
  if (term > current_term_) {
    current_term_ = term;
    voted_for_ = kNoNode;
    persist_hard_state();
  }
  // A leader or candidate that steps down starts a fresh timeout, so that
  // it does not stand for election again at its very next tick.
  if (role_ != Role::kFollower) reset_election_timer();
  role_ = Role::kFollower;
  leader_ = leader;
  votes_.clear();
  progress_.clear();
  // BEGIN LAB 3 (#losing-leadership)
  fail_reads();
  // END LAB 3
  // BEGIN LAB 4 (#the-lease)
  lease_until_ = 0;
  pre_voting_ = false;
  // END LAB 4
  // END LAB 1
}

void Raft::become_candidate() {
  // BEGIN LAB 1 (#elections)
  role_ = Role::kCandidate;
  leader_ = kNoNode;
  // BEGIN LAB 4 (#pre-vote)
  pre_voting_ = false;
  // END LAB 4
  current_term_ += 1;
  voted_for_ = env_.id();
  persist_hard_state();
  votes_ = {env_.id()};
  reset_election_timer();
  // END LAB 1
}

void Raft::become_leader() {
  // BEGIN LAB 1 (#elections)
  role_ = Role::kLeader;
  leader_ = env_.id();
  votes_.clear();
  progress_.clear();
  // BEGIN LAB 4 (#the-lease)
  // A new term, a new lease: nothing from an earlier leadership counts.
  lease_until_ = 0;
  acked_round_.clear();
  round_sent_at_.clear();
  heard_quorum_at_ = env_.now();
  // END LAB 4
  for (NodeId peer : env_.servers()) {
    if (peer != env_.id()) progress_[peer] = Progress{.next_index = log_.last_index() + 1};
  }
  env_.trace("became leader of term " + std::to_string(current_term_));
  // BEGIN LAB 3 HIDDEN (#the-no-op) append a no-op entry of the new term
  // Paper §8: an entry of our own term, so that everything before it commits
  // with it, and reads (which wait for it) learn the true commit index.
  log_.append(LogEntry{.term = current_term_, .index = log_.last_index() + 1, .type = EntryType::kNoop});
  // END LAB 3
  // Announce the new leadership at once, before anyone else times out.
  broadcast_append_entries();
  // A cluster of one commits on its own.
  advance_commit_index();
  // END LAB 1
}

void Raft::persist_hard_state() {
  // BEGIN LAB 1 (#persistence)
  env_.storage().save_hard_state({.term = current_term_, .voted_for = voted_for_});
  // END LAB 1
}

std::size_t Raft::majority() const {
  // BEGIN LAB 1 (#elections)
  return env_.servers().size() / 2 + 1;
  // END LAB 1
}

}  // namespace store
