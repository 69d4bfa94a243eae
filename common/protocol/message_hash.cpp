#include "protocol/message_hash.h"

namespace store {

namespace {

std::uint64_t u(bool b) { return b ? 1 : 0; }
template <typename E>
std::uint64_t u(E e) {
  return static_cast<std::uint64_t>(e);
}

void hash_fields(Hasher& h, const RequestVote& m) {
  h.add(m.term).add(u(m.candidate)).add(m.last_log_index).add(m.last_log_term).add(u(m.pre_vote));
}
void hash_fields(Hasher& h, const RequestVoteReply& m) { h.add(m.term).add(u(m.granted)).add(u(m.pre_vote)); }
void hash_fields(Hasher& h, const AppendEntries& m) {
  h.add(m.term).add(u(m.leader)).add(m.prev_log_index).add(m.prev_log_term).add(m.leader_commit).add(m.context);
  h.add(m.entries.size());
  for (const auto& entry : m.entries) hash_entry(h, entry);
}
void hash_fields(Hasher& h, const AppendEntriesReply& m) {
  h.add(m.term).add(u(m.success)).add(m.match_index).add(m.conflict_index).add(m.conflict_term);
  h.add(m.last_log_index).add(m.context);
}
void hash_fields(Hasher& h, const ClientRequest& m) {
  h.add(m.client_id).add(m.seq).add(u(m.op)).add(m.key).add(m.value);
}
void hash_fields(Hasher& h, const ClientReply& m) {
  h.add(m.client_id).add(m.seq).add(u(m.status)).add(u(m.found)).add(m.value).add(u(m.leader_hint)).add(m.error);
}

void hash_fields(Hasher& h, const ReadIndexRequest& m) { h.add(m.term).add(m.context); }
void hash_fields(Hasher& h, const ReadIndexReply& m) { h.add(m.term).add(m.context).add(u(m.ok)).add(m.index); }

}  // namespace

void hash_entry(Hasher& hasher, const LogEntry& entry) {
  hasher.add(entry.term).add(entry.index).add(u(entry.type)).add(entry.data);
}

void hash_message(Hasher& hasher, const Message& message) {
  hasher.add(message.index());
  std::visit([&](const auto& m) { hash_fields(hasher, m); }, message);
}

}  // namespace store
