#include "runtime/delay_line.h"

#include <algorithm>
#include <chrono>

#include "runtime/clock.h"

namespace store::runtime {

void DelayLine::after(Micros delay, std::function<void()> action) {
  last_due_ = std::max(last_due_, steady_micros() + std::max<Micros>(delay, 0));
  queue_.emplace_back(last_due_, std::move(action));
  if (!armed_) arm();
}

void DelayLine::arm() {
  armed_ = true;
  timer_.expires_at(std::chrono::steady_clock::time_point(std::chrono::microseconds(queue_.front().first)));
  timer_.async_wait([this](asio::error_code error) {
    armed_ = false;
    if (!error) run_due();
  });
}

void DelayLine::run_due() {
  const Micros now = steady_micros();
  while (!queue_.empty() && queue_.front().first <= now) {
    std::function<void()> action = std::move(queue_.front().second);
    queue_.pop_front();
    action();  // may queue more behind the rest
  }
  if (!queue_.empty() && !armed_) arm();
}

}  // namespace store::runtime
