#include "support/sim_clerk.h"

namespace store::grading {

SimClerk::SimClerk(sim::Simulator& sim, std::vector<NodeId> servers, history::HistoryRecorder* history,
                   ClerkConfig config)
    : sim_(sim), id_(sim.add_client([this](NodeId from, const Message& message) { clerk_->receive(from, message); })) {
  clerk_ = std::make_unique<Clerk>(static_cast<ClerkTransport&>(*this), static_cast<std::uint64_t>(id_), std::move(servers), config, history, id_);
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
