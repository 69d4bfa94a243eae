// The demo register with heartbeat-like chatter, for the benchmark and the
// determinism tests: on every tick it sends an empty AppendEntries to every
// other server (server 1 only, like a leader, unless every server is asked
// to), and it answers each one with an AppendEntriesReply.
#pragma once

#include <cstdint>

#include "sim/demo/register_node.h"

namespace store::sim::demo {

class HeartbeatNode : public RegisterNode {
 public:
  HeartbeatNode(Env& env, bool every_server_broadcasts);

  void tick() override;
  void receive(NodeId from, const Message& message) override;

  std::uint64_t heartbeats_answered() const { return answered_; }
  std::uint64_t replies_received() const { return replies_; }

 private:
  bool broadcasts_;
  std::uint64_t rounds_ = 0;
  std::uint64_t answered_ = 0;
  std::uint64_t replies_ = 0;
};

}  // namespace store::sim::demo
