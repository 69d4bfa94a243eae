// What a runtime hosts: one server process's worth of logic, driven from
// outside (sans-IO). It never sleeps, spawns threads or reads a clock; it is
// ticked, handed messages and committed entries, and acts through its Env.
#pragma once

#include "core/types.h"
#include "protocol/messages.h"

namespace store {

enum class Role : std::uint8_t { kFollower = 0, kCandidate = 1, kLeader = 2 };
std::string_view to_string(Role role);

struct NodeStatus {
  Term term = 0;
  Role role = Role::kFollower;
  NodeId leader_hint = kNoNode;  // who this node believes leads, if anyone
  Index commit_index = 0;
  Index last_log_index = 0;
  Index applied_index = 0;  // the last entry delivered to on_apply
  // The client sessions in the state machine (lab 5), and the bytes its
  // table holds for them (cached replies included).
  std::uint64_t sessions = 0;
  std::uint64_t session_bytes = 0;

  bool operator==(const NodeStatus&) const = default;
};

class Node {
 public:
  virtual ~Node() = default;

  // Called at a fixed interval of local time (RuntimeConfig::tick_interval).
  virtual void tick() = 0;
  // A message from a peer server or a client (see is_client_id).
  virtual void receive(NodeId from, const Message& message) = 0;
  // A committed entry that Env::apply handed over, now due for the state machine.
  virtual void on_apply(const LogEntry& entry) = 0;

  virtual NodeStatus status() const = 0;
};

}  // namespace store
