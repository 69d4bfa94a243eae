#include "kv/state_machine.h"
#include "core/todo.h"

#include <charconv>

namespace store {

KvStateMachine::KvStateMachine(bool sessions, Micros session_timeout)
    : sessions_enabled_(sessions), sessions_(session_timeout) {}

KvStateMachine::Result KvStateMachine::apply(const KvCommand& command, Index index) {
  STORE_TODO(2, "docs/labs/lab2-kv.md#the-state-machine");
}

KvStateMachine::Result KvStateMachine::execute(const KvCommand& command) {
  STORE_TODO(2, "docs/labs/lab2-kv.md#the-state-machine");
}

KvStateMachine::Result KvStateMachine::read(const std::string& key) const {
  STORE_TODO(2, "docs/labs/lab2-kv.md#the-state-machine");
}

KvStateMachine::Result KvStateMachine::apply_in_session(const KvCommand& command, Index index) {
  STORE_TODO(5, "docs/labs/lab5-sessions.md#applying-in-a-session");
}

KvStateMachine::Result KvStateMachine::increment(const std::string& key, const std::string& amount) {
  STORE_TODO(5, "docs/labs/lab5-sessions.md#increment");
}

}  // namespace store
