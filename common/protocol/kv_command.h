// A key-value command as it travels inside a log entry's data.
//
// Raft treats entry data as opaque bytes; the key-value server (lab 2) puts
// one encoded KvCommand in each entry it proposes and decodes it when the
// entry is applied.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/types.h"
#include "protocol/messages.h"

namespace store {

struct KvCommand {
  OpType op = OpType::kGet;
  std::string key;
  std::string value;
  // The client session (lab 5); carried from lab 2 on.
  std::uint64_t client_id = 0;
  std::uint64_t seq = 0;
  // The leader's clock when it proposed the command (lab 5): session expiry
  // is decided from times carried in the log, never from local clocks.
  Micros leader_time = 0;

  bool operator==(const KvCommand&) const = default;
};

std::string encode_command(const KvCommand& command);
// Throws DecodeError (protocol/codec.h) when `data` is not an encoded command.
KvCommand decode_command(std::string_view data);

}  // namespace store
