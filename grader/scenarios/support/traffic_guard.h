// Stops a run whose servers flood the network: a leader resending the same
// entries in a loop, say, makes a simulated second take minutes of real time
// and fills the trace. Far above what any correct implementation sends, the
// limits turn such a run into a clear failure at the moment it starts. (The
// reference and every known-good variant peak below 4,000 messages and 1 MB
// per window in every scenario.)
#pragma once

#include <cstdint>

#include "sim/observer.h"

namespace store::sim {
class Simulator;
}

namespace store::grading {

class TrafficGuard final : public sim::Observer {
 public:
  // Per window of simulated time.
  static constexpr Micros kWindow = 100 * kMillisecond;
  static constexpr std::uint64_t kMaxMessages = 50000;
  static constexpr std::uint64_t kMaxBytes = 64ull << 20;

  explicit TrafficGuard(sim::Simulator& sim) : sim_(sim) {}
  void on_send(NodeId from, NodeId to, const Message& message, std::size_t wire_size) override;

 private:
  sim::Simulator& sim_;
  Micros window_start_ = 0;
  std::uint64_t messages_ = 0;
  std::uint64_t bytes_ = 0;
};

}  // namespace store::grading
