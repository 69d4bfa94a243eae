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
  // A new client process on this endpoint (the old one is gone): a fresh
  // clerk with `client_id`, no session and no memory. The old clerk must be
  // idle, its last operation finished with ok or fail (a process that left
  // an operation unknown is never reused, as in Jepsen).
  void renew(std::uint64_t client_id);

 private:
  Micros now() const override { return sim_.now(); }
  void send(NodeId to, Message message) override { sim_.client_send(id_, to, std::move(message)); }
  void set_timer(Micros delay) override;

  sim::Simulator& sim_;
  NodeId id_;
  std::optional<sim::TimerId> timer_;
  std::vector<NodeId> servers_;
  history::HistoryRecorder* history_;
  ClerkConfig config_;
  std::unique_ptr<Clerk> clerk_;
};

}  // namespace store::grading
