// How the simulated network treats a message on one link: how late it
// arrives, and whether it is lost, duplicated or held back for a long time.
#pragma once

#include <string>

#include "core/rng.h"
#include "core/types.h"

namespace store::sim {

struct NetworkProfile {
  // One-way latency = base_latency + a uniform draw in [0, jitter]. Two
  // messages on one link sent closer together than the jitter may swap
  // places, which is how ordinary reordering arises.
  Micros base_latency = 100;
  Micros jitter = 50;
  double drop_probability = 0;       // lost at send
  double duplicate_probability = 0;  // delivered twice, each copy with its own latency
  // With this probability a message is additionally held back by a uniform
  // draw in [long_delay_min, long_delay_max]: the stale deliveries that test
  // term checks (as MIT's unreliable network does).
  double long_delay_probability = 0;
  Micros long_delay_min = 0;
  Micros long_delay_max = 0;

  // A data-centre network: 100 µs + up to 50 µs, nothing lost.
  static NetworkProfile lan();
  // Lossy and disorderly: 0.5 ms + up to 5 ms, 10% dropped, 5% duplicated,
  // 5% held back by 10 to 200 ms.
  static NetworkProfile unreliable();
  // Far-apart sites: 25 ms + up to 15 ms, 0.5% dropped, 1% held back by 50 to 250 ms.
  static NetworkProfile wan();

  // Throws std::invalid_argument naming the first bad field.
  void validate() const;
  // A one-line description for traces and reports.
  std::string describe() const;

  bool operator==(const NetworkProfile&) const = default;
};

// Draws the one-way latency of one copy of a message (never negative).
Micros draw_latency(const NetworkProfile& profile, Rng& rng);

}  // namespace store::sim
