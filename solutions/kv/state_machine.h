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
  // BEGIN LAB 2 HIDDEN (#the-state-machine) the state of your map
  std::map<std::string, std::string> data_;
  // END LAB 2
};

}  // namespace store
