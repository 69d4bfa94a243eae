#include "sim/demo/heartbeat_node.h"

namespace store::sim::demo {

HeartbeatNode::HeartbeatNode(Env& env, bool every_server_broadcasts)
    : RegisterNode(env), broadcasts_(every_server_broadcasts || env.id() == kHolder) {}

void HeartbeatNode::tick() {
  RegisterNode::tick();
  if (!broadcasts_) return;
  ++rounds_;
  const Index last = env().storage().last_index();
  for (NodeId peer : env().servers()) {
    if (peer == env().id()) continue;
    env().send(peer, AppendEntries{.term = 1,
                                   .leader = env().id(),
                                   .prev_log_index = last,
                                   .prev_log_term = last == 0 ? Term{0} : Term{1},
                                   .leader_commit = last,
                                   .context = rounds_});
  }
}

void HeartbeatNode::receive(NodeId from, const Message& message) {
  if (const auto* heartbeat = std::get_if<AppendEntries>(&message)) {
    ++answered_;
    env().send(from, AppendEntriesReply{.term = heartbeat->term,
                                        .success = true,
                                        .match_index = heartbeat->prev_log_index,
                                        .last_log_index = env().storage().last_index(),
                                        .context = heartbeat->context});
    return;
  }
  if (std::holds_alternative<AppendEntriesReply>(message)) {
    ++replies_;
    return;
  }
  RegisterNode::receive(from, message);
}

}  // namespace store::sim::demo
