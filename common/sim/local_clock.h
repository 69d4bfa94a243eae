// A node's local clock as a function of global virtual time.
//
// local(g) = max(floor, anchor_local + (g - anchor_global) * (1 + drift_ppm / 1e6))
//
// Every change re-anchors at the current global time, so the clock is
// continuous and never runs backwards: a setting that would put it behind its
// current reading makes it hold still until the new line catches up (as a
// slewing clock would), rather than jump back. Integer arithmetic only, so a
// seed replays identically everywhere.
#pragma once

#include <cstdint>

#include "core/types.h"

namespace store::sim {

class LocalClock {
 public:
  // Drift is limited to ±50% so that the clock always moves forward and the
  // arithmetic cannot overflow for any realistic run length.
  static constexpr std::int64_t kMaxDriftPpm = 500'000;

  // The local time at global time `global` (which must not precede the last change).
  Micros at(Micros global) const {
    const Micros elapsed = global - anchor_global_;
    const Micros local = anchor_local_ + elapsed * (kPpm + drift_ppm_) / kPpm;
    return local > floor_ ? local : floor_;
  }

  // The earliest global time >= now at which the local clock reads at least `local`.
  Micros global_when(Micros local, Micros now) const;

  // From `now` on, the clock reads now + offset and runs at 1 + drift_ppm/1e6
  // of global speed (holding still first if that reading is behind its current one).
  void set(Micros now, Micros offset, std::int64_t drift_ppm);
  // Moves the clock forward by delta >= 0 at `now`, keeping its drift.
  void jump(Micros now, Micros delta);

  std::int64_t drift_ppm() const { return drift_ppm_; }

 private:
  static constexpr std::int64_t kPpm = 1'000'000;
  Micros anchor_global_ = 0;
  Micros anchor_local_ = 0;
  Micros floor_ = 0;
  std::int64_t drift_ppm_ = 0;
};

}  // namespace store::sim
