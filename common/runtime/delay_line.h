// Actions run a fixed time from now, in the order they were queued: the
// admin-controlled delay of a link (AdminOp::kDelayTraffic), which stands
// in for distance on a cluster whose nodes all sit on one machine (netem is
// not available here). Like TCP over a long link, it keeps order: an action
// never runs before one queued ahead of it, even if its own delay is shorter.
#pragma once

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <deque>
#include <functional>
#include <utility>

#include "core/types.h"

namespace store::runtime {

class DelayLine {
 public:
  explicit DelayLine(asio::io_context& io) : timer_(io) {}
  DelayLine(const DelayLine&) = delete;
  DelayLine& operator=(const DelayLine&) = delete;

  // Runs `action` on the loop `delay` from now, or when the one queued before it runs.
  void after(Micros delay, std::function<void()> action);
  std::size_t queued() const { return queue_.size(); }

 private:
  void arm();
  void run_due();

  asio::steady_timer timer_;
  std::deque<std::pair<Micros, std::function<void()>>> queue_;  // (due, action), due never decreasing
  Micros last_due_ = 0;
  bool armed_ = false;
};

}  // namespace store::runtime
