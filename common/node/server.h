// The key-value server that a runtime hosts from lab 2 on: Raft below, a
// key-value state machine above, clients on the outside.
#pragma once

#include <memory>

#include "node/consensus.h"
#include "node/env.h"
#include "node/node.h"

namespace store {

// How a server answers reads. Lab 2 sends every read through the log; labs 3
// and 4 add the faster paths that engineers compare:
//   kLog            a read is a log entry, answered once applied (lab 2)
//   kReadIndex      the leader confirms it leads with a heartbeat round and
//                   serves once applied up to the read index; followers
//                   answer not-leader (lab 3)
//   kFollowerRead   as kReadIndex, and a follower serves reads too, with a
//                   read index it asks the leader for (lab 3)
//   kLease          the leader serves without a round while its lease holds
//                   (lab 4)
enum class ReadPath : std::uint8_t { kLog = 0, kReadIndex = 1, kFollowerRead = 2, kLease = 3 };
inline constexpr ReadPath kAllReadPaths[] = {ReadPath::kLog, ReadPath::kReadIndex, ReadPath::kFollowerRead,
                                             ReadPath::kLease};
std::string_view to_string(ReadPath path);

struct ServerConfig {
  RaftConfig raft;
  ReadPath read_path = ReadPath::kLog;
  // Client sessions (lab 5): every write runs in a registered session, at
  // most once, and a session idle this long by the log's clock expires.
  // Clients must give up retrying an operation well within the timeout.
  bool sessions = false;
  Micros session_timeout = 30 * kSecond;
};

// Every implementation defines this (lab 2). The server builds its Raft with
// make_raft(env, config.raft).
std::unique_ptr<Node> make_kv_server(Env& env, const ServerConfig& config);

}  // namespace store
