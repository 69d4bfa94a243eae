#include "kv/state_machine.h"
#include "core/todo.h"

namespace store {

KvStateMachine::Result KvStateMachine::apply(const KvCommand& command) {
  STORE_TODO(2, "docs/labs/lab2-kv.md#the-state-machine");
}

KvStateMachine::Result KvStateMachine::read(const std::string& key) const {
  STORE_TODO(2, "docs/labs/lab2-kv.md#the-state-machine");
}

}  // namespace store
