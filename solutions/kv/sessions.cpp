#include "kv/sessions.h"

#include <string>

namespace store {

SessionTable::SessionTable(Micros timeout)
    // BEGIN LAB 5 HIDDEN (#the-table) initialise your table
    : timeout_(timeout)
// END LAB 5
{}

void SessionTable::advance_clock(Micros leader_time) {
  // BEGIN LAB 5 (#expiry)
  if (leader_time <= log_time_) return;
  log_time_ = leader_time;
  while (!by_activity_.empty() && log_time_ - by_activity_.begin()->first >= timeout_) {
    auto idle = sessions_.find(by_activity_.begin()->second);
    bytes_ -= bytes_of(idle->second);
    sessions_.erase(idle);
    by_activity_.erase(by_activity_.begin());
  }
  // END LAB 5
}

std::uint64_t SessionTable::open(Index index) {
  // BEGIN LAB 5 (#the-table)
  const auto id = static_cast<std::uint64_t>(index);
  Session& entry = sessions_[id];
  entry.last_active = log_time_;
  by_activity_.emplace(log_time_, id);
  bytes_ += bytes_of(entry);
  return id;
  // END LAB 5
}

std::optional<KvResult> SessionTable::check(std::uint64_t session, std::uint64_t seq) {
  // BEGIN LAB 5 (#duplicates)
  auto it = sessions_.find(session);
  if (it == sessions_.end()) {
    // Gone for good: ids are never reused, so whatever this request was,
    // it must not run now (an earlier copy may have run before expiry).
    return KvResult::refused(ReplyStatus::kSessionExpired,
                             "session " + std::to_string(session) + " has expired or was never registered");
  }
  Session& entry = it->second;
  touch(session, entry);
  if (seq == entry.last_seq) return entry.last_reply;  // a retry: the same reply again
  if (seq < entry.last_seq) {
    // The client has moved on, so nobody waits for this one: a copy that
    // the network kept back.
    return KvResult::refused(ReplyStatus::kBadRequest, "request " + std::to_string(seq) +
                                                           " is older than this session's latest, " +
                                                           std::to_string(entry.last_seq));
  }
  return std::nullopt;
  // END LAB 5
}

void SessionTable::record(std::uint64_t session, std::uint64_t seq, const KvResult& result) {
  // BEGIN LAB 5 (#duplicates)
  auto it = sessions_.find(session);
  if (it == sessions_.end()) return;
  bytes_ -= bytes_of(it->second);
  it->second.last_seq = seq;
  it->second.last_reply = result;
  bytes_ += bytes_of(it->second);
  // END LAB 5
}

const KvResult* SessionTable::cached(std::uint64_t session, std::uint64_t seq) const {
  // BEGIN LAB 5 (#duplicates)
  auto it = sessions_.find(session);
  if (it == sessions_.end() || it->second.last_seq == 0 || it->second.last_seq != seq) return nullptr;
  return &it->second.last_reply;
  // END LAB 5
}

void SessionTable::touch(std::uint64_t session, Session& entry) {
  // BEGIN LAB 5 (#expiry)
  by_activity_.erase({entry.last_active, session});
  entry.last_active = log_time_;
  by_activity_.emplace(log_time_, session);
  // END LAB 5
}

std::size_t SessionTable::size() const {
  // BEGIN LAB 5 (#the-table)
  return sessions_.size();
  // END LAB 5
}

std::size_t SessionTable::bytes() const {
  // BEGIN LAB 5 (#the-table)
  return bytes_;
  // END LAB 5
}

std::size_t SessionTable::bytes_of(const Session& entry) {
  // BEGIN LAB 5 (#the-table)
  // A session costs a node in each of the two trees, and its cached reply's
  // strings where they outgrow the inline buffer.
  constexpr std::size_t kTreeNode = 4 * sizeof(void*);  // a red-black node's links and colour
  const auto heap = [](const std::string& text) {
    return text.capacity() > std::string().capacity() ? text.capacity() + 1 : 0;
  };
  return kTreeNode + sizeof(std::pair<const std::uint64_t, Session>) + kTreeNode +
         sizeof(std::pair<Micros, std::uint64_t>) + heap(entry.last_reply.value) + heap(entry.last_reply.error);
  // END LAB 5
}

}  // namespace store
