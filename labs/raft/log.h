// The Raft log in memory, written through to durable storage.
//
// Every change goes to Storage first and to memory second, so memory never
// holds an entry that a restart would not find again (apart from writes the
// runtime has not synced yet, which no message can depend on).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "core/types.h"
#include "node/storage.h"
#include "protocol/messages.h"

namespace store {

class RaftLog {
 public:
  // Loads whatever the storage kept.
  explicit RaftLog(Storage& storage);

  Index last_index() const;
  Term last_term() const;
  // The term of the entry at `index`; 0 for index 0 (the empty prefix).
  Term term_at(Index index) const;
  const LogEntry& at(Index index) const;

  // The entries from `from` on, at most `max_entries` of them and, after the
  // first, not more than `max_bytes` of data: one message's worth.
  std::vector<LogEntry> slice(Index from, std::size_t max_entries, std::size_t max_bytes) const;

  // Fast-backup helpers (thesis §5.3): the first index holding `term`'s
  // entries in the run that contains `index`, and the last index holding
  // `term` anywhere (0 when the log has no entry of that term).
  Index first_index_of_term_at(Index index) const;
  Index last_index_of(Term term) const;

  void append(std::span<const LogEntry> entries);
  void append(LogEntry entry);
  // Removes the entries at `from` and after.
  void truncate_from(Index from);

 private:
  // TODO(lab1): the state of your log; see docs/labs/lab1-replication.md#the-log
};

}  // namespace store
