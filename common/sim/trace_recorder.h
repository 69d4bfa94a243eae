// The trace of a run: every event folded into a 64-bit hash, and optionally
// written as JSON lines with virtual timestamps. Messages enter the hash as
// a digest computed once at send (hash_message), never as encoded text, so
// the hash costs a few multiplications per event. Ticks always enter the
// hash but are written to the file only on request (there are many).
//
// The file also gets lines that are not events and never enter the hash, so
// that a trace hash stays the same function of the run with or without a
// file: each server's status when it changed (for the timeline view), why a
// run stopped, where the file was cut at its size cap, and its end. The
// format is documented in docs/grader.md ("The trace file").
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/hash.h"
#include "core/types.h"
#include "node/node.h"
#include "node/storage.h"
#include "protocol/messages.h"
#include "sim/network_profile.h"
#include "sim/observer.h"
#include "sim/trace_file.h"

namespace store::sim {

// A hash as 16 lower-case hex digits, the way every report prints it.
std::string hash_hex(std::uint64_t hash);

// The digest of one message, as the trace hash folds it in.
std::uint64_t message_digest(const Message& message);

class TraceRecorder {
 public:
  // An empty path records the hash only. Throws std::runtime_error if the
  // file cannot be created. max_bytes 0: default_trace_max_bytes().
  TraceRecorder(const std::string& path, bool ticks_in_file, std::uint64_t max_bytes = 0);
  ~TraceRecorder();  // writes the trace-end line
  TraceRecorder(const TraceRecorder&) = delete;
  TraceRecorder& operator=(const TraceRecorder&) = delete;

  std::uint64_t hash() const { return hasher_.value(); }
  // Whether event lines still go to a file (none was asked for, or it was cut).
  bool writing() const { return file_ != nullptr && file_->accepting(); }
  void flush();

  void start(std::uint64_t seed, int servers, Micros tick_interval, const NetworkProfile& network);

  struct MessageRef {
    NodeId from;
    NodeId to;
    std::uint64_t id;      // numbers each send; copies of a duplicate share it
    std::uint64_t digest;  // message_digest
    const Message& message;
  };
  void send(Micros t, const MessageRef& m);
  void deliver(Micros t, const MessageRef& m);
  void drop(Micros t, const MessageRef& m, DropReason reason);

  void tick(Micros t, NodeId node);
  void apply(Micros t, NodeId node, const LogEntry& entry);    // Env::apply
  void applied(Micros t, NodeId node, const LogEntry& entry);  // Node::on_apply
  void call(Micros t, NodeId node);                            // Simulator::call
  void saved(Micros t, NodeId node, const HardState& state);
  void appended(Micros t, NodeId node, std::span<const LogEntry> entries);
  void truncated(Micros t, NodeId node, Index from);
  void synced(Micros t, NodeId node, std::uint64_t writes);
  void node_trace(Micros t, NodeId node, std::string_view text);  // Env::trace

  // Harness actions and faults. `what` is a fixed event name ("crash",
  // "restart", "pause", "resume", "isolate", "cut", "uncut", "heal", ...).
  void node_event(Micros t, std::string_view what, NodeId node);
  void link_event(Micros t, std::string_view what, NodeId from, NodeId to);
  void node_setting(Micros t, std::string_view what, NodeId node, std::int64_t a, std::int64_t b = 0);
  void partition(Micros t, const std::vector<std::vector<NodeId>>& groups);
  void network(Micros t, NodeId from, NodeId to, const NetworkProfile& profile);  // from = to = 0: every link
  void note(Micros t, std::string_view text);
  void timer(Micros t, std::uint64_t id);

  // File only, never hashed. A server's status after a step, written when it
  // differs from the last one written for that server.
  void status(Micros t, NodeId node, const NodeStatus& status);
  void forget_status(NodeId node);  // crashed: its next status is written whatever it is
  // An exception left the event loop after a step of `node` (0: none yet):
  // usually a violated invariant. Only the first is written.
  void stopped(Micros t, NodeId node, std::string_view what);

 private:
  class Line;
  void fold(std::uint64_t code, Micros t) {
    hasher_.add(code).add(static_cast<std::uint64_t>(t));
    ++events_;
    last_t_ = t;
  }
  // Whether this event's line goes to the file; counts it as left out after a cut.
  bool to_file() {
    if (!file_) return false;
    if (file_->accepting()) return true;
    ++not_written_;
    return false;
  }
  void fold_message(std::uint64_t code, Micros t, const MessageRef& m);

  Hasher hasher_;
  std::unique_ptr<TraceFile> file_;
  bool ticks_in_file_;
  std::uint64_t events_ = 0;
  std::uint64_t not_written_ = 0;  // events after the cut
  Micros last_t_ = 0;
  std::vector<std::optional<NodeStatus>> last_status_;  // by server id
  bool stopped_ = false;
};

}  // namespace store::sim
