#include "support/traffic_guard.h"

#include <string>

#include "sim/simulator.h"
#include "support/invariants.h"

namespace store::grading {

void TrafficGuard::on_send(NodeId from, NodeId, const Message&, std::size_t wire_size) {
  if (is_client_id(from)) return;
  if (sim_.now() - window_start_ >= kWindow) {
    window_start_ = sim_.now() - (sim_.now() % kWindow);
    messages_ = 0;
    bytes_ = 0;
  }
  ++messages_;
  bytes_ += wire_size;
  if (messages_ > kMaxMessages || bytes_ > kMaxBytes) {
    throw_violation(sim_, "message storm: the servers sent " + std::to_string(messages_) + " messages (" +
                              std::to_string(bytes_ >> 20) + " MB) within " + std::to_string(kWindow / kMillisecond) +
                              " ms of simulated time, far beyond any correct Raft (limits: " +
                              std::to_string(kMaxMessages) + " messages, " + std::to_string(kMaxBytes >> 20) +
                              " MB); is a server answering every message with another in a loop?");
  }
}

}  // namespace store::grading
