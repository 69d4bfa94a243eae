// Records what clients did, for the checker.
//
// The simulator's clients (and the real runtime's) call invoke() when they
// send an operation and ok()/fail()/info() when they learn its fate, passing
// the time themselves (virtual or wall clock). Events are numbered in the
// order the calls arrive, which is the order that counts for linearizability.
//
// Cheap by design: an append to a vector per event and one hash-map
// update per event. Not thread-safe: a multi-threaded harness serialises its calls (the
// order in which it does so must be one in which the events really happened,
// e.g. record an invoke before sending and a completion after receiving).
//
// A client has at most one operation outstanding at a time (as a Jepsen
// process); after an info it may start a new one. Breaking this, or
// completing an operation twice, is a bug in the harness: std::logic_error.
#pragma once

#include <cstdint>
#include <unordered_map>

#include "core/types.h"
#include "history/history.h"

namespace store::history {

using OpId = std::uint32_t;  // index into History::records

class HistoryRecorder {
 public:
  HistoryRecorder() = default;
  explicit HistoryRecorder(Format format) { history_.format = format; }

  OpId invoke(Micros t, std::int64_t client, Operation op, std::uint32_t line = 0);
  void ok(OpId id, Micros t, Output output = Output::none());
  void fail(OpId id, Micros t);
  void info(OpId id, Micros t);

  // The operation a client has outstanding, if any.
  bool open_operation(std::int64_t client, OpId* id) const;

  std::size_t size() const { return history_.records.size(); }
  const History& history() const { return history_; }
  History& mutable_history() { return history_; }
  History take();  // the history so far; the recorder starts afresh

 private:
  Record& completing(OpId id, Micros t, Outcome outcome);

  History history_;
  std::unordered_map<std::int64_t, OpId> open_;  // each client's outstanding operation
};

}  // namespace store::history
