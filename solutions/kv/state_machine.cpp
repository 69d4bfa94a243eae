#include "kv/state_machine.h"

#include <charconv>

namespace store {

KvStateMachine::KvStateMachine(bool sessions, Micros session_timeout)
    : sessions_enabled_(sessions), sessions_(session_timeout) {}

KvStateMachine::Result KvStateMachine::apply(const KvCommand& command, Index index) {
  // BEGIN LAB 2 (#the-state-machine)
  // BEGIN LAB 5 (#applying-in-a-session)
  if (sessions_enabled_) return apply_in_session(command, index);
  // END LAB 5
  return execute(command);
  // END LAB 2
}

KvStateMachine::Result KvStateMachine::execute(const KvCommand& command) {
  // BEGIN LAB 2 (#the-state-machine)
  Result result = read(command.key);
  switch (command.op) {
    case OpType::kGet: break;
    case OpType::kPut: data_[command.key] = command.value; break;
    case OpType::kDelete: data_.erase(command.key); break;
    case OpType::kAppend: data_[command.key] += command.value; break;
    // BEGIN LAB 5 (#increment)
    case OpType::kIncrement: return increment(command.key, command.value);
    // END LAB 5
    case OpType::kRegister: return Result::refused(ReplyStatus::kBadRequest, "this store runs without sessions");
  }
  return result;
  // END LAB 2
}

KvStateMachine::Result KvStateMachine::read(const std::string& key) const {
  // BEGIN LAB 2 (#the-state-machine)
  auto it = data_.find(key);
  if (it == data_.end()) return {};
  return {.found = true, .value = it->second};
  // END LAB 2
}

KvStateMachine::Result KvStateMachine::apply_in_session(const KvCommand& command, Index index) {
  // BEGIN LAB 5 (#applying-in-a-session)
  // Time in the state machine is the time the leaders wrote into the log:
  // the same on every server, whatever its own clock says.
  sessions_.advance_clock(command.leader_time);
  if (command.op == OpType::kGet) return execute(command);  // a read is safe to repeat
  if (command.op == OpType::kRegister) return {.found = true, .value = std::to_string(sessions_.open(index))};
  // Two copies of one request can both be committed (a retry that reached
  // the leader while the first copy was still in flight, a duplicate on the
  // network): the first to be applied runs, the second gets its reply.
  if (auto reply = sessions_.check(command.client_id, command.seq)) return *reply;
  Result result = execute(command);
  sessions_.record(command.client_id, command.seq, result);
  return result;
  // END LAB 5
}

KvStateMachine::Result KvStateMachine::increment(const std::string& key, const std::string& amount) {
  // BEGIN LAB 5 (#increment)
  // Both numbers are decimal integers, the whole text; absent counts as 0.
  const auto parse = [](const std::string& text, std::int64_t* number) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *number);
    return error == std::errc() && end == text.data() + text.size();
  };
  std::int64_t by = 0;
  if (!parse(amount, &by)) return Result::refused(ReplyStatus::kBadRequest, "increment by a decimal integer");
  auto it = data_.find(key);
  std::int64_t now = 0;
  if (it != data_.end() && !parse(it->second, &now)) {
    return Result::refused(ReplyStatus::kBadRequest, "the value of this key is not a decimal integer");
  }
  std::int64_t sum = 0;
  if (__builtin_add_overflow(now, by, &sum)) return Result::refused(ReplyStatus::kBadRequest, "the sum overflows");
  const bool existed = it != data_.end();
  data_[key] = std::to_string(sum);
  return {.found = existed, .value = data_[key]};
  // END LAB 5
}

}  // namespace store
