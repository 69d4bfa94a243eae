// A node's simulated disk: Storage with the durability semantics of
// common/node/storage.h. Reads see every write at once; a write becomes
// durable only when the simulator syncs it; a crash keeps exactly what was
// synced. Writes are numbered 1, 2, ... so that the simulator can hold each
// outgoing message until the writes made before it are durable.
#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <vector>

#include "core/types.h"
#include "node/storage.h"

namespace store::sim {

// Told about every write: before it (and may refuse it by throwing), and
// after it is validated and applied to the live view.
class StorageListener {
 public:
  virtual ~StorageListener() = default;
  virtual void storage_writing(NodeId node) = 0;
  virtual void storage_saved(NodeId node, const HardState& state) = 0;
  virtual void storage_appended(NodeId node, std::span<const LogEntry> entries) = 0;
  virtual void storage_truncated(NodeId node, Index from) = 0;
};

class SimStorage final : public Storage {
 public:
  SimStorage(NodeId node, StorageListener* listener) : node_(node), listener_(listener) {}

  // Storage
  HardState hard_state() const override { return hard_state_; }
  std::vector<LogEntry> log() const override { return {log_.begin(), log_.end()}; }
  Index last_index() const override { return log_.size(); }
  void save_hard_state(const HardState& state) override;
  void append(std::span<const LogEntry> entries) override;
  void truncate(Index from) override;

  // The live view without copying. (Deques, not vectors: a long log grows
  // without reallocating, which spares a fresh process many page faults.)
  const std::deque<LogEntry>& entries() const { return log_; }

  // What a crash now would keep.
  const HardState& durable_hard_state() const { return durable_hard_state_; }
  const std::deque<LogEntry>& durable_log() const { return durable_log_; }

  // Durability, driven by the simulator.
  std::uint64_t writes() const { return writes_; }  // number of the latest write (0: none yet)
  std::uint64_t durable_writes() const { return durable_writes_; }
  bool has_unsynced() const { return durable_writes_ < writes_; }
  // Makes writes 1..through durable; returns how many became durable now.
  std::uint64_t sync_through(std::uint64_t through);
  // A crash: forgets every unsynced write.
  void lose_unsynced();

 private:
  struct Write {
    enum class Kind : std::uint8_t { kHardState, kAppend, kTruncate } kind;
    HardState hard_state;
    std::vector<LogEntry> entries;
    Index from = 0;
  };
  void make_durable(Write& write);

  NodeId node_;
  StorageListener* listener_;
  HardState hard_state_;
  std::deque<LogEntry> log_;
  HardState durable_hard_state_;
  std::deque<LogEntry> durable_log_;
  std::deque<Write> unsynced_;  // writes durable_writes_+1 .. writes_, in order
  std::uint64_t writes_ = 0;
  std::uint64_t durable_writes_ = 0;
};

}  // namespace store::sim
