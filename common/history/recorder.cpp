#include "history/recorder.h"

#include <stdexcept>
#include <string>

namespace store::history {

OpId HistoryRecorder::invoke(Micros t, std::int64_t client, Operation op, std::uint32_t line) {
  auto [it, inserted] = open_.try_emplace(client, static_cast<OpId>(history_.records.size()));
  if (!inserted) {
    throw std::logic_error("history: client " + std::to_string(client) + " invokes while its operation " +
                           std::to_string(it->second) + " is still outstanding");
  }
  Record& record = history_.records.emplace_back();
  record.client = client;
  record.op = std::move(op);
  record.call_event = history_.event_count++;
  record.call_time = t;
  record.line = line;
  return it->second;
}

Record& HistoryRecorder::completing(OpId id, Micros t, Outcome outcome) {
  if (id >= history_.records.size() || history_.records[id].outcome != Outcome::kOpen) {
    throw std::logic_error("history: operation " + std::to_string(id) + " is not outstanding");
  }
  Record& record = history_.records[id];
  open_.erase(record.client);
  record.outcome = outcome;
  record.completion_event = history_.event_count++;
  record.return_time = t;
  // Only ok and fail bound the operation in time: an info may still take
  // effect later, so its return stays "never".
  if (outcome != Outcome::kInfo) record.return_event = record.completion_event;
  return record;
}

void HistoryRecorder::ok(OpId id, Micros t, Output output) {
  completing(id, t, Outcome::kOk).output = std::move(output);
}

void HistoryRecorder::fail(OpId id, Micros t) { completing(id, t, Outcome::kFail); }

void HistoryRecorder::info(OpId id, Micros t) { completing(id, t, Outcome::kInfo); }

bool HistoryRecorder::open_operation(std::int64_t client, OpId* id) const {
  auto it = open_.find(client);
  if (it == open_.end()) return false;
  *id = it->second;
  return true;
}

History HistoryRecorder::take() {
  History out = std::move(history_);
  history_ = History{};
  history_.format = out.format;
  open_.clear();
  return out;
}

}  // namespace store::history
