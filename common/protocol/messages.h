// Every message that crosses the network, defined once for all labs.
//
// The fields that later labs need are here from the start (conflict hints for
// fast backup, a read context on heartbeats, session numbers on requests), so
// that the grader can count, inspect and perturb traffic of any lab, and so
// that no lab has to change the wire format.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/types.h"

namespace store {

// ---------------------------------------------------------------- the log

enum class EntryType : std::uint8_t {
  kCommand = 0,  // a client command, opaque to Raft
  kNoop = 1,     // appended by a new leader to commit entries of earlier terms (lab 3)
};

struct LogEntry {
  Term term = 0;
  Index index = 0;
  EntryType type = EntryType::kCommand;
  std::string data;

  bool operator==(const LogEntry&) const = default;
};

// ---------------------------------------------------------------- Raft (paper Figure 2)

struct RequestVote {
  Term term = 0;
  NodeId candidate = kNoNode;
  Index last_log_index = 0;
  Term last_log_term = 0;
  bool pre_vote = false;  // a trial election that changes no state (thesis §9.6)

  bool operator==(const RequestVote&) const = default;
};

struct RequestVoteReply {
  Term term = 0;
  bool granted = false;
  bool pre_vote = false;

  bool operator==(const RequestVoteReply&) const = default;
};

struct AppendEntries {
  Term term = 0;
  NodeId leader = kNoNode;
  Index prev_log_index = 0;
  Term prev_log_term = 0;
  std::vector<LogEntry> entries;  // empty for a heartbeat
  Index leader_commit = 0;
  // Echoed back in the reply. A leader uses it to learn which round of
  // heartbeats a reply answers (ReadIndex and leases, labs 3 and 4).
  std::uint64_t context = 0;

  bool operator==(const AppendEntries&) const = default;
};

struct AppendEntriesReply {
  Term term = 0;
  bool success = false;
  // On success: the highest index known to match the leader's log.
  Index match_index = 0;
  // On failure, the fast-backup hints (thesis §5.3): the first index of the
  // conflicting term, that term (0 when the follower's log is too short), and
  // the follower's last index.
  Index conflict_index = 0;
  Term conflict_term = 0;
  Index last_log_index = 0;
  std::uint64_t context = 0;

  bool operator==(const AppendEntriesReply&) const = default;
};

// ---------------------------------------------------------------- clients

// kIncrement adds the value (a decimal integer) to the key's value, read as a
// decimal integer (absent counts as 0), and returns the sum. kRegister opens a
// client session (lab 5): its reply's value is the new session's id.
enum class OpType : std::uint8_t { kGet = 0, kPut = 1, kDelete = 2, kAppend = 3, kIncrement = 4, kRegister = 5 };

struct ClientRequest {
  // A session (lab 5): the session's id (from a kRegister reply) and a number
  // that grows with every operation. Labs 2 to 4 carry them but do not need
  // them; a kRegister carries the client's own id and seq 0.
  std::uint64_t client_id = 0;
  std::uint64_t seq = 0;
  OpType op = OpType::kGet;
  std::string key;
  std::string value;  // for put, append, and increment (the amount)

  bool operator==(const ClientRequest&) const = default;
};

enum class ReplyStatus : std::uint8_t {
  kOk = 0,
  kNotLeader = 1,       // try leader_hint, or another server
  kRetry = 2,           // leadership was lost before the outcome was known; the
                        // operation may or may not have happened
  kSessionExpired = 3,  // lab 5: the session is gone; the client must start a new one
  kBadRequest = 4,      // the request itself is malformed; see error
};

struct ClientReply {
  std::uint64_t client_id = 0;
  std::uint64_t seq = 0;
  ReplyStatus status = ReplyStatus::kOk;
  bool found = false;   // get: whether the key exists
  std::string value;    // get: the value read; increment: the sum; register: the session id
  NodeId leader_hint = kNoNode;
  std::string error;    // a human-readable reason for a non-ok status

  bool operator==(const ClientReply&) const = default;
};

// ---------------------------------------------------------------- reads (lab 3)

// A follower asks the leader for a read index on behalf of a client's read
// (Raft thesis §6.4, "followers can also serve reads"); the leader confirms
// its leadership with a heartbeat round and answers with its commit index.
struct ReadIndexRequest {
  Term term = 0;
  std::uint64_t context = 0;  // the follower's own number for the read, echoed back

  bool operator==(const ReadIndexRequest&) const = default;
};

struct ReadIndexReply {
  Term term = 0;
  std::uint64_t context = 0;
  bool ok = false;  // false: not confirmed (no longer leader, or the term moved on); ask again
  Index index = 0;  // when ok: serve once the state machine has applied this index

  bool operator==(const ReadIndexReply&) const = default;
};

// ---------------------------------------------------------------- envelope

using Message = std::variant<RequestVote, RequestVoteReply, AppendEntries, AppendEntriesReply, ClientRequest,
                             ClientReply, ReadIndexRequest, ReadIndexReply>;

// The message's type name, as used in traces and on the wire.
std::string_view message_name(const Message& message);

// The size the message has on the wire in the project's binary codec, up to a
// few bytes: used for byte budgets without encoding every message.
std::size_t approximate_wire_size(const Message& message);

std::string_view to_string(EntryType type);
std::string_view to_string(OpType op);
std::string_view to_string(ReplyStatus status);

}  // namespace store
