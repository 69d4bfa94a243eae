#include "quorum/replica_store.h"
#include "core/todo.h"

#include <variant>

#include "protocol/codec.h"
#include "quorum/version.h"

namespace store {

LogEntry write_record(const QuorumWrite& write, Index index) {
  QuorumWrite record = write;
  record.context = 0;
  return {.term = 0, .index = index, .type = EntryType::kCommand, .data = encode_message(record)};
}

QuorumWrite read_record(const LogEntry& record) {
  const Message message = decode_message(record.data);
  const auto* write = std::get_if<QuorumWrite>(&message);
  if (write == nullptr) throw DecodeError("a replica record holds a " + std::string(message_name(message)));
  return *write;
}

ReplicaStore::ReplicaStore(Storage& storage) : storage_(storage) {
  STORE_TODO(6, "docs/labs/lab6-quorums.md#replicas");
}

const ReplicaStore::Held& ReplicaStore::get(const std::string& key) const {
  STORE_TODO(6, "docs/labs/lab6-quorums.md#replicas");
}

bool ReplicaStore::keep(const QuorumWrite& write) {
  STORE_TODO(6, "docs/labs/lab6-quorums.md#replicas");
}

}  // namespace store
