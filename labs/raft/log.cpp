#include "raft/log.h"
#include "core/todo.h"

#include <stdexcept>
#include <string>

namespace store {

RaftLog::RaftLog(Storage& storage)
    // TODO(lab1): initialise your members; see docs/labs/lab1-replication.md#the-log
{
  STORE_TODO(1, "docs/labs/lab1-replication.md#the-log");
}

Index RaftLog::last_index() const {
  STORE_TODO(1, "docs/labs/lab1-replication.md#the-log");
}

Term RaftLog::last_term() const {
  STORE_TODO(1, "docs/labs/lab1-replication.md#the-log");
}

Term RaftLog::term_at(Index index) const {
  STORE_TODO(1, "docs/labs/lab1-replication.md#the-log");
}

const LogEntry& RaftLog::at(Index index) const {
  STORE_TODO(1, "docs/labs/lab1-replication.md#the-log");
}

std::vector<LogEntry> RaftLog::slice(Index from, std::size_t max_entries, std::size_t max_bytes) const {
  STORE_TODO(1, "docs/labs/lab1-replication.md#batching");
}

Index RaftLog::first_index_of_term_at(Index index) const {
  STORE_TODO(1, "docs/labs/lab1-replication.md#fast-backup");
}

Index RaftLog::last_index_of(Term term) const {
  STORE_TODO(1, "docs/labs/lab1-replication.md#fast-backup");
}

void RaftLog::append(std::span<const LogEntry> entries) {
  STORE_TODO(1, "docs/labs/lab1-replication.md#the-log");
}

void RaftLog::append(LogEntry entry) {
  STORE_TODO(1, "docs/labs/lab1-replication.md#the-log");
}

void RaftLog::truncate_from(Index from) {
  STORE_TODO(1, "docs/labs/lab1-replication.md#the-log");
}

}  // namespace store
