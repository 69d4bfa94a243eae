#include "raft/log.h"

#include <stdexcept>
#include <string>

namespace store {

RaftLog::RaftLog(Storage& storage)
    // BEGIN LAB 1 HIDDEN (#the-log) initialise your members
    : storage_(storage), entries_(storage.log())
// END LAB 1
{
  // BEGIN LAB 1 (#the-log)
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].index != i + 1) throw std::logic_error("storage returned a log with a gap at index " + std::to_string(i + 1));
  }
  // END LAB 1
}

Index RaftLog::last_index() const {
  // BEGIN LAB 1 (#the-log)
  return entries_.size();
  // END LAB 1
}

Term RaftLog::last_term() const {
  // BEGIN LAB 1 (#the-log)
  return term_at(last_index());
  // END LAB 1
}

Term RaftLog::term_at(Index index) const {
  // BEGIN LAB 1 (#the-log)
  return index == 0 ? 0 : at(index).term;
  // END LAB 1
}

const LogEntry& RaftLog::at(Index index) const {
  // BEGIN LAB 1 (#the-log)
  if (index == 0 || index > last_index()) {
    throw std::out_of_range("log index " + std::to_string(index) + " outside 1.." + std::to_string(last_index()));
  }
  return entries_[index - 1];
  // END LAB 1
}

std::vector<LogEntry> RaftLog::slice(Index from, std::size_t max_entries, std::size_t max_bytes) const {
  // BEGIN LAB 1 (#batching)
  std::vector<LogEntry> out;
  std::size_t bytes = 0;
  for (Index i = from; i <= last_index() && out.size() < max_entries; ++i) {
    const LogEntry& entry = at(i);
    // The first entry always goes, however large, or a big command could never be sent.
    if (!out.empty() && bytes + entry.data.size() > max_bytes) break;
    bytes += entry.data.size();
    out.push_back(entry);
  }
  return out;
  // END LAB 1
}

Index RaftLog::first_index_of_term_at(Index index) const {
  // BEGIN LAB 1 (#fast-backup)
  const Term term = term_at(index);
  while (index > 1 && term_at(index - 1) == term) --index;
  return index;
  // END LAB 1
}

Index RaftLog::last_index_of(Term term) const {
  // BEGIN LAB 1 (#fast-backup)
  // Terms never decrease along the log, so search backwards and stop early.
  for (Index i = last_index(); i > 0; --i) {
    const Term t = term_at(i);
    if (t == term) return i;
    if (t < term) break;
  }
  return 0;
  // END LAB 1
}

void RaftLog::append(std::span<const LogEntry> entries) {
  // BEGIN LAB 1 (#the-log)
  if (entries.empty()) return;
  storage_.append(entries);
  entries_.insert(entries_.end(), entries.begin(), entries.end());
  // END LAB 1
}

void RaftLog::append(LogEntry entry) {
  // BEGIN LAB 1 (#the-log)
  append(std::span<const LogEntry>(&entry, 1));
  // END LAB 1
}

void RaftLog::truncate_from(Index from) {
  // BEGIN LAB 1 (#the-log)
  if (from > last_index()) return;
  storage_.truncate(from);
  entries_.resize(from - 1);
  // END LAB 1
}

}  // namespace store
