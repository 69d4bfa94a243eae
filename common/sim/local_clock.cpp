#include "sim/local_clock.h"

#include <stdexcept>
#include <string>

namespace store::sim {

Micros LocalClock::global_when(Micros local, Micros now) const {
  if (at(now) >= local) return now;
  // Smallest elapsed e with anchor_local + floor(e * rate / 1e6) >= local,
  // i.e. e * rate >= needed * 1e6: a ceiling division.
  const Micros needed = local - anchor_local_;
  const std::int64_t rate = kPpm + drift_ppm_;
  const Micros elapsed = (needed * kPpm + rate - 1) / rate;
  const Micros when = anchor_global_ + elapsed;
  return when > now ? when : now;
}

void LocalClock::set(Micros now, Micros offset, std::int64_t drift_ppm) {
  if (drift_ppm < -kMaxDriftPpm || drift_ppm > kMaxDriftPpm) {
    throw std::invalid_argument("clock drift must be within ±" + std::to_string(kMaxDriftPpm) + " ppm, got " +
                                std::to_string(drift_ppm));
  }
  floor_ = at(now);
  anchor_global_ = now;
  anchor_local_ = now + offset;
  drift_ppm_ = drift_ppm;
}

void LocalClock::jump(Micros now, Micros delta) {
  if (delta < 0) throw std::invalid_argument("a clock jump must not be negative (clocks never run backwards)");
  const Micros local = at(now) + delta;
  floor_ = local;
  anchor_global_ = now;
  anchor_local_ = local;
}

}  // namespace store::sim
