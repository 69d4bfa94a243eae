#include "kv/sessions.h"
#include "core/todo.h"

#include <string>

namespace store {

SessionTable::SessionTable(Micros timeout)
    // TODO(lab5): initialise your table; see docs/labs/lab5-sessions.md#the-table
{}

void SessionTable::advance_clock(Micros leader_time) {
  STORE_TODO(5, "docs/labs/lab5-sessions.md#expiry");
}

std::uint64_t SessionTable::open(Index index) {
  STORE_TODO(5, "docs/labs/lab5-sessions.md#the-table");
}

std::optional<KvResult> SessionTable::check(std::uint64_t session, std::uint64_t seq) {
  STORE_TODO(5, "docs/labs/lab5-sessions.md#duplicates");
}

void SessionTable::record(std::uint64_t session, std::uint64_t seq, const KvResult& result) {
  STORE_TODO(5, "docs/labs/lab5-sessions.md#duplicates");
}

const KvResult* SessionTable::cached(std::uint64_t session, std::uint64_t seq) const {
  STORE_TODO(5, "docs/labs/lab5-sessions.md#duplicates");
}

void SessionTable::touch(std::uint64_t session, Session& entry) {
  STORE_TODO(5, "docs/labs/lab5-sessions.md#expiry");
}

std::size_t SessionTable::size() const {
  STORE_TODO(5, "docs/labs/lab5-sessions.md#the-table");
}

std::size_t SessionTable::bytes() const {
  STORE_TODO(5, "docs/labs/lab5-sessions.md#the-table");
}

std::size_t SessionTable::bytes_of(const Session& entry) {
  STORE_TODO(5, "docs/labs/lab5-sessions.md#the-table");
}

}  // namespace store
