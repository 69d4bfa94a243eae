#include "sim/sim_storage.h"

#include <stdexcept>
#include <string>

namespace store::sim {

namespace {

void truncate_log(std::deque<LogEntry>& log, Index from) {
  // Index i lives at position i - 1; from 0 and from 1 both empty the log.
  const Index keep = from == 0 ? 0 : from - 1;
  if (keep < log.size()) log.resize(keep);
}

}  // namespace

void SimStorage::save_hard_state(const HardState& state) {
  if (listener_ != nullptr) listener_->storage_writing(node_);
  hard_state_ = state;
  unsynced_.push_back(Write{.kind = Write::Kind::kHardState, .hard_state = state});
  ++writes_;
  if (listener_ != nullptr) listener_->storage_saved(node_, state);
}

void SimStorage::append(std::span<const LogEntry> entries) {
  if (listener_ != nullptr) listener_->storage_writing(node_);
  if (entries.empty()) return;
  Index expected = last_index() + 1;
  for (const LogEntry& entry : entries) {
    if (entry.index != expected) {
      const std::string where = "node " + std::to_string(node_) + ": Storage::append: ";
      if (&entry == &entries.front()) {
        throw std::logic_error(where + "entry " + std::to_string(entry.index) +
                               " does not continue the log (its last index is " + std::to_string(last_index()) +
                               ", so the next entry must have index " + std::to_string(expected) +
                               "; truncate first to overwrite)");
      }
      throw std::logic_error(where + "entries must have consecutive indices, but " + std::to_string(expected - 1) +
                             " is followed by " + std::to_string(entry.index));
    }
    ++expected;
  }
  log_.insert(log_.end(), entries.begin(), entries.end());
  unsynced_.push_back(Write{.kind = Write::Kind::kAppend, .entries = {entries.begin(), entries.end()}});
  ++writes_;
  if (listener_ != nullptr) listener_->storage_appended(node_, entries);
}

void SimStorage::truncate(Index from) {
  if (listener_ != nullptr) listener_->storage_writing(node_);
  if (from > last_index() || log_.empty()) return;  // nothing to remove: not a write
  truncate_log(log_, from);
  unsynced_.push_back(Write{.kind = Write::Kind::kTruncate, .from = from});
  ++writes_;
  if (listener_ != nullptr) listener_->storage_truncated(node_, from);
}

void SimStorage::make_durable(Write& write) {
  switch (write.kind) {
    case Write::Kind::kHardState: durable_hard_state_ = write.hard_state; break;
    case Write::Kind::kAppend:
      for (auto& entry : write.entries) durable_log_.push_back(std::move(entry));
      break;
    case Write::Kind::kTruncate: truncate_log(durable_log_, write.from); break;
  }
}

std::uint64_t SimStorage::sync_through(std::uint64_t through) {
  std::uint64_t synced = 0;
  while (durable_writes_ < through && !unsynced_.empty()) {
    make_durable(unsynced_.front());
    unsynced_.pop_front();
    ++durable_writes_;
    ++synced;
  }
  return synced;
}

void SimStorage::lose_unsynced() {
  unsynced_.clear();
  writes_ = durable_writes_;
  hard_state_ = durable_hard_state_;
  log_ = durable_log_;
}

}  // namespace store::sim
