// A tiny node that exercises the simulator end to end, and the node the
// simulator's tests (and the grader's self-tests) drive.
//
// Server 1 holds a small key-value map; every other server answers NotLeader
// with hint 1. A put, delete or append is appended to storage as one log
// entry and handed to Env::apply; the reply goes out from on_apply, and like
// every message it leaves only once the entry is durable. A get is answered
// from the applied state, once everything stored has been applied. After a
// restart the node re-applies its stored log, so it recovers what was synced.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "node/env.h"
#include "node/node.h"

namespace store::sim::demo {

class RegisterNode : public Node {
 public:
  static constexpr NodeId kHolder = 1;

  explicit RegisterNode(Env& env);

  void tick() override { ++ticks_; }
  void receive(NodeId from, const Message& message) override;
  void on_apply(const LogEntry& entry) override;
  NodeStatus status() const override;

  // For harnesses: the applied value of a key, and how often this incarnation ticked.
  std::optional<std::string> value(const std::string& key) const;
  std::uint64_t ticks() const { return ticks_; }

 protected:
  Env& env() { return env_; }

 private:
  struct Waiter {
    NodeId endpoint;
    ClientRequest request;
  };
  void handle(NodeId from, const ClientRequest& request);
  void answer_get(const Waiter& waiter);
  void reply(const Waiter& waiter, ClientReply reply);
  bool caught_up() const { return applied_ == env_.storage().last_index(); }

  Env& env_;
  std::map<std::string, std::string> values_;
  std::map<Index, Waiter> writers_;  // by log index, until applied
  std::vector<Waiter> readers_;      // gets waiting for the node to catch up
  Index applied_ = 0;
  std::uint64_t ticks_ = 0;
};

// The entry a write becomes, and back (throws std::logic_error on a malformed entry).
std::string encode_write(const ClientRequest& request);
ClientRequest decode_write(const std::string& data);

}  // namespace store::sim::demo
