// Raft, as in Figure 2 of the paper (Ongaro and Ousterhout, 2014), plus the
// practical parts every real implementation needs: randomised election
// timeouts, fast log backup, replication as soon as a command arrives, and
// batching.
//
// The code is split by concern:
//   raft.cpp         roles, and routing of ticks and messages
//   election.cpp     timers, RequestVote, counting votes
//   replication.cpp  proposals, AppendEntries, the commit rule, applying
//   read_index.cpp   reads confirmed by a heartbeat round (lab 3)
//   pre_vote.cpp     pre-vote, and ignoring votes while a leader is heard (lab 4)
//   lease.cpp        leader leases and check-quorum (lab 4)
//   log.h / log.cpp  the log, written through to storage
//
// A Raft object is single-threaded and sans-IO: everything it does goes
// through the Env it was given.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

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
  void read_index(std::uint64_t context) override;
  std::vector<ReadIndexResult> take_read_results() override;
  bool lease_valid() const override;

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

  // Reads (read_index.cpp).
  void start_read_round();
  void count_read_ack(NodeId from, std::uint64_t context);
  void finish_read_round();
  void answer_read(NodeId from, std::uint64_t context, bool ok, Index index);
  void fail_reads();
  void expire_forwarded_reads();
  void handle_read_index_request(NodeId from, const ReadIndexRequest& request);
  void handle_read_index_reply(const ReadIndexReply& reply);

  // Pre-vote and the vote rule (pre_vote.cpp).
  void start_pre_vote();
  void handle_pre_vote(NodeId from, const RequestVote& request);
  void handle_pre_vote_reply(NodeId from, const RequestVoteReply& reply);
  bool leader_heard_recently() const;

  // Leases and check-quorum (lease.cpp).
  void note_round_sent();
  void count_lease_ack(NodeId from, std::uint64_t context);
  void update_lease();
  void check_quorum();
  Micros lease_duration() const;

  // TODO(lab1): the state your Raft needs (Figure 2, and more); see docs/labs/lab1-replication.md#state

  // TODO(lab3): the state your reads need; see docs/labs/lab3-readindex.md#state

  // TODO(lab4): the state your leases, pre-votes and vote rule need; see docs/labs/lab4-lease.md#state
};

}  // namespace store
