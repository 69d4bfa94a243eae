#include "history/history_builder.h"

namespace store::history {

void HistoryBuilder::invoke(std::uint32_t line, Micros t, std::int64_t client, Operation op) {
  const bool kv = is_kv(op.kind);
  if (!kv_) kv_ = kv;
  if (*kv_ != kv) {
    fail(line, std::string("a ") + (kv ? "kv" : "register") + " operation (" + std::string(op_kind_name(op.kind)) +
                   ") in a history of " + (*kv_ ? "kv" : "register") + " operations");
  }
  OpId open = 0;
  if (recorder_.open_operation(client, &open)) {
    fail(line, "client " + std::to_string(client) + " invokes again while its operation from line " +
                   std::to_string(recorder_.history().records[open].line) + " is still open");
  }
  recorder_.invoke(t, client, std::move(op), line);
}

Record& HistoryBuilder::complete(std::uint32_t line, Micros t, std::int64_t client, Outcome outcome, OpKind f,
                                 const std::string* key, Output output) {
  OpId id = 0;
  if (!recorder_.open_operation(client, &id)) {
    fail(line, "client " + std::to_string(client) + " completes an operation it never invoked (or already completed)");
  }
  Record& record = recorder_.mutable_history().records[id];
  if (record.op.kind != f) {
    fail(line, "client " + std::to_string(client) + " completes a " + std::string(op_kind_name(f)) + " but invoked a " +
                   std::string(op_kind_name(record.op.kind)) + " on line " + std::to_string(record.line));
  }
  if (key != nullptr && *key != record.op.key) {
    fail(line, "completion names key \"" + *key + "\" but the invoke on line " + std::to_string(record.line) +
                   " was on key \"" + record.op.key + "\"");
  }
  switch (outcome) {
    case Outcome::kOk: recorder_.ok(id, t, std::move(output)); break;
    case Outcome::kFail: recorder_.fail(id, t); break;
    case Outcome::kInfo: recorder_.info(id, t); break;
    case Outcome::kOpen: fail(line, "internal: completion without an outcome");
  }
  return record;
}

}  // namespace store::history
