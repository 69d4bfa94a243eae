#include "support/sim_clerk.h"

#include <stdexcept>

namespace store::grading {

SimClerk::SimClerk(sim::Simulator& sim, std::vector<NodeId> servers, history::HistoryRecorder* history,
                   ClerkConfig config)
    : sim_(sim),
      id_(sim.add_client([this](NodeId from, const Message& message) { clerk_->receive(from, message); })),
      servers_(std::move(servers)),
      history_(history),
      config_(config) {
  renew(static_cast<std::uint64_t>(id_));
}

void SimClerk::renew(std::uint64_t client_id) {
  if (clerk_ && clerk_->busy()) throw std::logic_error("SimClerk::renew while an operation is running");
  set_timer(-1);
  clerk_ = std::make_unique<Clerk>(static_cast<ClerkTransport&>(*this), client_id, servers_, config_, history_, id_);
}

SimClerk::~SimClerk() {
  if (timer_) sim_.cancel(*timer_);
}

void SimClerk::set_timer(Micros delay) {
  if (timer_) sim_.cancel(*timer_);
  timer_.reset();
  if (delay < 0) return;
  timer_ = sim_.schedule_after(delay, [this] {
    timer_.reset();
    clerk_->on_timer();
  });
}

}  // namespace store::grading
