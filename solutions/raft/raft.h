// Raft, as in Figure 2 of the paper (Ongaro and Ousterhout, 2014), plus the
// practical parts every real implementation needs: randomised election
// timeouts, fast log backup, replication as soon as a command arrives, and
// batching.
//
// The code is split by concern:
//   raft.cpp         roles, and routing of ticks and messages
//   election.cpp     timers, RequestVote, counting votes
//   replication.cpp  proposals, AppendEntries, the commit rule, applying
//   log.h / log.cpp  the log, written through to storage
//
// A Raft object is single-threaded and sans-IO: everything it does goes
// through the Env it was given.
#pragma once

#include <map>
#include <set>
#include <string>

#include "node/consensus.h"
#include "node/env.h"
#include "raft/log.h"

namespace store {

class Raft final : public Consensus {
 public:
  Raft(Env& env, const RaftConfig& config);

  void tick() override;
  void receive(NodeId from, const Message& message) override;
  Proposal propose(std::string command) override;
  RaftStatus status() const override;

 private:
  // Roles (raft.cpp).
  void become_follower(Term term, NodeId leader);
  void become_candidate();
  void become_leader();
  // Every message carries a term; a newer one means we are out of date.
  void observe_term(Term term);
  void persist_hard_state();
  std::size_t majority() const;

  // Elections (election.cpp).
  void reset_election_timer();
  void start_election();
  void handle_request_vote(NodeId from, const RequestVote& request);
  void handle_vote_reply(NodeId from, const RequestVoteReply& reply);
  bool candidate_log_is_up_to_date(Index last_index, Term last_term) const;

  // Replication (replication.cpp).
  void broadcast_append_entries();
  void send_append_entries(NodeId peer);
  void handle_append_entries(NodeId from, const AppendEntries& request);
  void handle_append_reply(NodeId from, const AppendEntriesReply& reply);
  void advance_commit_index();
  void apply_committed_entries();

  // BEGIN LAB 1 HIDDEN (#state) the state your Raft needs (Figure 2, and more)
  // What the leader knows about one follower (Figure 2, "volatile state on leaders").
  struct Progress {
    Index next_index = 1;    // the first entry to send next
    Index match_index = 0;   // the highest entry known to be replicated there
    Index sent_through = 0;  // the last entry sent to it so far
    // Entries are on their way and not yet acknowledged: newer ones wait for
    // the reply and then travel together (batching).
    bool awaiting_ack() const { return sent_through > match_index; }
  };

  Env& env_;
  const RaftConfig config_;

  // Persistent state: written to storage before anything depends on it.
  Term current_term_ = 0;
  NodeId voted_for_ = kNoNode;
  RaftLog log_;

  // Volatile state.
  Role role_ = Role::kFollower;
  NodeId leader_ = kNoNode;
  Index commit_index_ = 0;
  Index last_applied_ = 0;
  Micros election_deadline_ = 0;

  // Candidate state.
  std::set<NodeId> votes_;

  // Leader state.
  std::map<NodeId, Progress> progress_;
  Micros next_heartbeat_ = 0;
  // END LAB 1
};

}  // namespace store
