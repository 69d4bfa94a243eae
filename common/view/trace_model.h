// What the timeline view shows, read from a simulator trace (the JSON lines
// that TraceRecorder writes, plus the verdict line the grader appends): one
// lane per server and per client; every copy of every message as a flight
// from its send to its delivery or drop; each server's role, term, commit and
// apply index over time; faults and storage events as marks; the network's
// partitions as states; client operations as bars; and where the run broke.
//
// The format is documented in docs/grader.md ("The trace file").
#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace store::view {

using Micros = std::int64_t;
using NodeId = std::int32_t;

// Not a trace, or a trace broken somewhere other than at its very end.
class TraceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Message kinds as the view colours and filters them. An AppendEntries
// without entries is a heartbeat.
enum class MessageKind : std::uint8_t {
  kRequestVote,
  kRequestVoteReply,
  kAppendEntries,
  kHeartbeat,
  kAppendEntriesReply,
  kClientRequest,
  kClientReply,
  kOther,
};
inline constexpr int kMessageKindCount = 8;
const char* message_kind_name(MessageKind kind);

enum class Fate : std::uint8_t { kDelivered, kDropped, kInFlight };

// One copy of one message on the wire. A duplicated message has two flights
// with the same id; a forged one (Simulator::deliver_now) has no send.
struct Flight {
  Micros sent = 0;
  Micros ended = 0;  // delivered or dropped; the trace's end while in flight
  NodeId from = 0;
  NodeId to = 0;
  std::uint64_t id = 0;
  MessageKind kind = MessageKind::kOther;
  Fate fate = Fate::kInFlight;
  std::string drop_reason;  // when dropped: partition, random-loss, destination-down, sender-crashed
  bool duplicate = false;   // a second (or later) copy
  bool forged = false;
  std::string summary;  // the message's fields in a few words
};

// A server's status after a step, recorded when it changed (role 0
// follower, 1 candidate, 2 leader, as store::Role). `up` false: crashed.
struct StatusPoint {
  Micros t = 0;
  NodeId node = 0;
  bool up = true;
  int role = 0;
  std::int64_t term = 0;
  std::int64_t commit = 0;
  std::int64_t applied = 0;
  std::int64_t last = 0;
  NodeId leader = 0;
};

// A point event on one lane (node 0: the network lane): crash, restart,
// pause, resume, clock, sync, save, append, truncate, trace, note, ...
struct Mark {
  Micros t = 0;
  NodeId node = 0;
  std::string kind;
  std::string text;
};

// Who could reach whom from `t` on, until the next state.
struct NetState {
  Micros t = 0;
  std::string what;                             // the event that made this state, in words
  std::vector<int> group;                       // per server (index id - 1): its partition group, -1 in none
  std::vector<bool> isolated;                   // per server
  std::vector<std::pair<NodeId, NodeId>> cuts;  // one-way
  bool whole() const;                           // nothing blocked
};

// A client operation: from its first request to the reply that ended it.
struct Operation {
  NodeId client = 0;  // the client endpoint
  std::uint64_t client_id = 0;
  std::uint64_t seq = 0;
  Micros start = 0;
  Micros end = -1;      // -1: never answered within the trace
  std::string label;    // "put k = v", "get k"
  std::string outcome;  // "ok", "ok → v", "session-expired", ... or "" while open
  int attempts = 0;     // requests sent
};

struct Stop {
  Micros t = 0;
  NodeId node = 0;  // the server whose step ran last, or 0
  std::string text;
};

struct Cut {
  Micros t = 0;
  std::uint64_t bytes = 0;  // the size of the file when it was cut
  std::uint64_t limit = 0;
};

struct End {
  Micros t = 0;
  std::uint64_t events = 0;       // events recorded (hashed) in all
  std::uint64_t not_written = 0;  // of those, left out of the file after a cut
  std::string hash;
};

// What the grader appended after the traced re-run.
struct Verdict {
  Micros t = 0;  // the simulated time when the run ended
  std::string test;
  std::string seed;
  std::string impl;
  std::string message;
  std::string replay;
  std::string rerun_note;  // e.g. the traced re-run hit the time limit
};

// The operation a non-linearizable history got stuck on, as the checker's
// explanation in the verdict names it: "(client C, t CALL..RETURN)".
struct StuckOperation {
  NodeId client = 0;
  Micros call = 0;
  Micros ret = 0;
};

struct TraceModel {
  std::string seed;
  int servers = 0;
  Micros tick_interval = 0;
  std::string network;
  std::vector<NodeId> clients;  // ascending
  Micros end_time = 0;          // the last timestamp in the file
  std::uint64_t lines = 0;

  std::vector<Flight> flights;        // by send time
  std::vector<StatusPoint> statuses;  // by time
  std::vector<Mark> marks;            // by time
  std::vector<NetState> net;          // by time; the first is the whole network at 0
  std::vector<Operation> operations;  // by start

  std::optional<Stop> stop;
  std::optional<Cut> cut;
  std::optional<End> end;
  std::optional<Verdict> verdict;
  std::optional<StuckOperation> stuck;
  std::vector<std::string> warnings;  // e.g. an incomplete last line

  // Where the run broke: the step that stopped it, else the return of the
  // operation a history got stuck on, else the verdict's time.
  std::optional<Micros> violation_time() const;
};

// Throws TraceError with the line number for input that is not a trace.
TraceModel read_trace(std::istream& in);
TraceModel read_trace_file(const std::string& path);

}  // namespace store::view
