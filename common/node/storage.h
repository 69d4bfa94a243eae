// A node's durable storage: its Raft hard state and its log.
//
// Writes take effect at once for later reads, and become durable when the
// runtime syncs them. The runtime holds back every message a node sends until
// all writes made before it are durable, so a node may write and then send
// without waiting: a reply that depends on a vote or an entry never leaves
// before the vote or entry would survive a crash. What a crash keeps is
// exactly what was synced.
#pragma once

#include <span>
#include <vector>

#include "core/types.h"
#include "protocol/messages.h"

namespace store {

struct HardState {
  Term term = 0;
  NodeId voted_for = kNoNode;

  bool operator==(const HardState&) const = default;
};

class Storage {
 public:
  virtual ~Storage() = default;

  // What is stored now; a restarted node reads these once to recover.
  virtual HardState hard_state() const = 0;
  virtual std::vector<LogEntry> log() const = 0;  // entries 1..last, in order
  virtual Index last_index() const = 0;

  virtual void save_hard_state(const HardState& state) = 0;
  // Appends entries that continue the stored log: the first must have index
  // last_index() + 1 and the rest follow one by one. Anything else is a bug
  // in the caller and throws std::logic_error.
  virtual void append(std::span<const LogEntry> entries) = 0;
  // Removes every entry whose index is >= from (no-op when from > last_index()).
  virtual void truncate(Index from) = 0;
};

}  // namespace store
