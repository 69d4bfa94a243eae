// What applying one command gave: the reply its client gets. Lab 5 keeps
// these in the session table, so that a retry gets the same reply again.
#pragma once

#include <string>

#include "protocol/messages.h"

namespace store {

struct KvResult {
  ReplyStatus status = ReplyStatus::kOk;  // lab 5: a command can be refused
  bool found = false;                     // whether the key existed before the command
  std::string value;                      // get: the value read; increment: the sum; register: the session id
  std::string error;                      // why a command was refused

  static KvResult refused(ReplyStatus status, std::string why) {
    return {.status = status, .found = false, .value = {}, .error = std::move(why)};
  }
};

}  // namespace store
