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

  // BEGIN LAB 3 HIDDEN (#state) the state your reads need
  // A read, and who asked: this server (kNoNode) or a follower.
  struct Read {
    NodeId from = kNoNode;
    std::uint64_t context = 0;  // the caller's number, or the follower's
  };
  // One heartbeat round that confirms leadership for the reads in it.
  struct ReadRound {
    std::uint64_t id = 0;  // carried in AppendEntries::context
    Index index = 0;       // the commit index when the round began
    std::vector<Read> reads;
    std::set<NodeId> acks;
  };
  std::vector<Read> reads_waiting_;      // for the next round
  std::optional<ReadRound> read_round_;  // the round in flight, if any
  std::uint64_t last_read_round_ = 0;    // ids only grow, across terms too
  std::vector<ReadIndexResult> read_results_;
  // A follower's reads sent to the leader, by the number we sent them under.
  struct Forwarded {
    std::uint64_t context = 0;  // the caller's number
    Micros sent_at = 0;
  };
  std::map<std::uint64_t, Forwarded> forwarded_;
  std::uint64_t last_forwarded_ = 0;
  // END LAB 3

  // BEGIN LAB 4 HIDDEN (#state) the state your leases, pre-votes and vote rule need
  // Every broadcast is a round; a majority's answers to a round renew the
  // lease from the moment that round was sent.
  std::map<std::uint64_t, Micros> round_sent_at_;  // recent rounds, by number
  std::map<NodeId, std::uint64_t> acked_round_;    // per follower: the latest round it answered
  Micros lease_until_ = 0;                         // local time; the lease holds before it
  Micros heard_quorum_at_ = 0;                     // when the latest round a majority answered was sent
  // Pre-vote (thesis §9.6): a trial election that changes no term.
  bool pre_voting_ = false;
  std::set<NodeId> pre_votes_;
  // The vote rule (thesis §4.2.3): when we last heard from a current leader.
  Micros heard_leader_at_ = -1;
  // END LAB 4
};

}  // namespace store
