// The key-value server that a runtime hosts from lab 2 on: Raft below, a
// key-value state machine above, clients on the outside.
#pragma once

#include <memory>

#include "node/consensus.h"
#include "node/env.h"
#include "node/node.h"

namespace store {

// How a server answers reads. Lab 2 sends every read through the log; labs 3
// and 4 add the two faster paths that engineers compare.
enum class ReadPath : std::uint8_t { kLog = 0, kReadIndex = 1, kLease = 2 };
std::string_view to_string(ReadPath path);

struct ServerConfig {
  RaftConfig raft;
  ReadPath read_path = ReadPath::kLog;
};

// Every implementation defines this (lab 2). The server builds its Raft with
// make_raft(env, config.raft).
std::unique_ptr<Node> make_kv_server(Env& env, const ServerConfig& config);

}  // namespace store
