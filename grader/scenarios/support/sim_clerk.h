// A clerk living in the simulator: a client endpoint whose messages cross the
// simulated network and whose retry timer runs in simulated time.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "clerk/clerk.h"
#include "sim/simulator.h"

namespace store::grading {

class SimClerk final : private ClerkTransport {
 public:
  SimClerk(sim::Simulator& sim, std::vector<NodeId> servers, history::HistoryRecorder* history, ClerkConfig config);
  ~SimClerk() override;
  SimClerk(const SimClerk&) = delete;
  SimClerk& operator=(const SimClerk&) = delete;

  NodeId id() const { return id_; }
  Clerk& clerk() { return *clerk_; }

 private:
  Micros now() const override { return sim_.now(); }
  void send(NodeId to, Message message) override { sim_.client_send(id_, to, std::move(message)); }
  void set_timer(Micros delay) override;

  sim::Simulator& sim_;
  NodeId id_;
  std::optional<sim::TimerId> timer_;
  std::unique_ptr<Clerk> clerk_;
};

}  // namespace store::grading
