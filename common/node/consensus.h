// What the rest of the system needs from Raft. Lab 1's Raft implements this;
// the key-value server of lab 2 and the lab-1 grader use nothing else.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/types.h"
#include "node/env.h"
#include "node/node.h"
#include "protocol/messages.h"

namespace store {

struct RaftConfig {
  Micros election_timeout_min = 150 * kMillisecond;
  Micros election_timeout_max = 300 * kMillisecond;
  Micros heartbeat_interval = 50 * kMillisecond;
  // A leader sends at most this many entries, and about this many bytes of
  // entry data, in one AppendEntries (at least one entry always fits).
  std::size_t max_entries_per_message = 256;
  std::size_t max_bytes_per_message = 256 * 1024;
  // Leases (lab 4). The bound on how much faster one server's clock may run
  // than another's (0.01: 1%), and a margin taken off every lease for what
  // the bound leaves out (scheduling, the tick). A lease lasts
  // election_timeout_min / (1 + clock_drift_bound) - lease_margin.
  double clock_drift_bound = 0.01;
  Micros lease_margin = 2 * kMillisecond;
};

struct RaftStatus {
  Term term = 0;
  Role role = Role::kFollower;
  NodeId leader_hint = kNoNode;
  Index commit_index = 0;
  Index last_log_index = 0;

  bool operator==(const RaftStatus&) const = default;
};

// A hosted node's status: its Raft's, and the last entry it applied.
inline NodeStatus node_status(const RaftStatus& raft, Index applied_index) {
  return {.term = raft.term,
          .role = raft.role,
          .leader_hint = raft.leader_hint,
          .commit_index = raft.commit_index,
          .last_log_index = raft.last_log_index,
          .applied_index = applied_index};
}

// The answer to a proposal. Accepted only means "appended to the leader's
// log at this index and term"; the command is committed once Env::apply hands
// over that index with that term.
struct Proposal {
  bool accepted = false;
  Index index = 0;
  Term term = 0;
  NodeId leader_hint = kNoNode;  // when not accepted: who may be the leader
};

// The answer to read_index (lab 3).
struct ReadIndexResult {
  std::uint64_t context = 0;  // the number the caller gave the read
  // Confirmed: the read may be served once the state machine has applied
  // `index`. Not confirmed: leadership could not be confirmed (this server
  // lost it, or never had it, or its leader did not answer); try again.
  bool ok = false;
  Index index = 0;
  NodeId leader_hint = kNoNode;

  bool operator==(const ReadIndexResult&) const = default;
};

class Consensus {
 public:
  virtual ~Consensus() = default;

  virtual void tick() = 0;
  // A Raft message (RequestVote, AppendEntries and their replies, and the
  // read-index messages of lab 3) from a peer.
  virtual void receive(NodeId from, const Message& message) = 0;
  virtual Proposal propose(std::string command) = 0;
  virtual RaftStatus status() const = 0;

  // Lab 3: a read that appends nothing to the log (Raft thesis §6.4). On the
  // leader: once an entry of its own term is committed, it records its commit
  // index and confirms with one heartbeat round that it still leads (reads
  // that wait share the next round). On a follower: it asks the leader for
  // the index. Every read gets exactly one result, from take_read_results(),
  // after a later tick() or receive() or at once.
  virtual void read_index(std::uint64_t context) = 0;
  // The results of reads answered since the last call, in the order they
  // were answered.
  virtual std::vector<ReadIndexResult> take_read_results() = 0;

  // Lab 4: whether this server leads and holds a lease right now, by its own
  // clock: a majority answered a heartbeat round sent less than a lease ago,
  // and an entry of its term is committed. While it holds, no other server
  // can have become leader, so a read may be served from the state machine
  // up to the commit index without a round (Raft thesis §6.4.1).
  virtual bool lease_valid() const = 0;
};

// Every implementation (solutions/ and labs/) defines this. The Env outlives
// the returned object; the constructor recovers from env.storage().
std::unique_ptr<Consensus> make_raft(Env& env, const RaftConfig& config);

}  // namespace store
