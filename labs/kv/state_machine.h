// The key-value map that every server keeps, changed only by applying
// committed commands in log order. Every server applies the same commands in
// the same order, so every server's map passes through the same states.
//
// From lab 5 on the client sessions live here too (sessions.h): they are
// state that every server must agree on, exactly like the map.
#pragma once

#include <map>
#include <string>

#include "kv/result.h"
#include "kv/sessions.h"
#include "protocol/kv_command.h"

namespace store {

class KvStateMachine {
 public:
  using Result = KvResult;

  // With `sessions` (lab 5), every write must come in a registered session
  // and runs at most once; sessions idle for `session_timeout` expire.
  KvStateMachine(bool sessions, Micros session_timeout);

  // Applies the committed command at log index `index`.
  Result apply(const KvCommand& command, Index index);
  // A read that changes nothing (the faster read paths of labs 3 and 4).
  Result read(const std::string& key) const;

  const SessionTable& sessions() const { return sessions_; }

 private:
  // Runs a command on the map, sessions aside.
  Result execute(const KvCommand& command);
  // Runs a command in its client's session: at most once (lab 5).
  Result apply_in_session(const KvCommand& command, Index index);
  // Adds `amount` to the key's value (lab 5).
  Result increment(const std::string& key, const std::string& amount);

  bool sessions_enabled_;
  SessionTable sessions_;
  // TODO(lab2): the state of your map; see docs/labs/lab2-kv.md#the-state-machine
};

}  // namespace store
