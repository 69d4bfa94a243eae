// Latency figures in simulated time: percentiles, and the network's round
// trip that latency gates are measured against.
#pragma once

#include <vector>

#include "core/types.h"
#include "sim/network_profile.h"

namespace store::grading {

struct LatencySummary {
  Micros p50 = 0;
  Micros p99 = 0;
  Micros max = 0;
};

// Nearest-rank percentiles of the samples (which need not be sorted).
LatencySummary summarize(std::vector<Micros> samples);

// The mean round trip of a profile without loss or long delays: twice the
// mean one-way latency.
Micros round_trip(const sim::NetworkProfile& profile);

}  // namespace store::grading
