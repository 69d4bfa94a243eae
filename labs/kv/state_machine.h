// The key-value map that every server keeps, changed only by applying
// committed commands in log order. Every server applies the same commands in
// the same order, so every server's map passes through the same states.
#pragma once

#include <map>
#include <string>

#include "protocol/kv_command.h"

namespace store {

class KvStateMachine {
 public:
  struct Result {
    bool found = false;  // whether the key existed before the command
    std::string value;   // for a get: the value read
  };

  Result apply(const KvCommand& command);
  // A read that changes nothing (the faster read paths of labs 3 and 4).
  Result read(const std::string& key) const;

 private:
  // TODO(lab2): the state of your map; see docs/labs/lab2-kv.md#the-state-machine
};

}  // namespace store
