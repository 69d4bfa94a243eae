#include "kv/state_machine.h"

namespace store {

KvStateMachine::Result KvStateMachine::apply(const KvCommand& command) {
  // BEGIN LAB 2 (#the-state-machine)
  Result result = read(command.key);
  switch (command.op) {
    case OpType::kGet: break;
    case OpType::kPut: data_[command.key] = command.value; break;
    case OpType::kDelete: data_.erase(command.key); break;
    case OpType::kAppend: data_[command.key] += command.value; break;
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

}  // namespace store
