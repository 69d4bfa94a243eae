#include "support/latency.h"

#include <algorithm>
#include <cmath>

namespace store::grading {

namespace {

Micros percentile(const std::vector<Micros>& sorted, double p) {
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::max<std::size_t>(rank, 1) - 1];
}

}  // namespace

LatencySummary summarize(std::vector<Micros> samples) {
  if (samples.empty()) return {};
  std::sort(samples.begin(), samples.end());
  return {.p50 = percentile(samples, 0.50), .p99 = percentile(samples, 0.99), .max = samples.back()};
}

Micros round_trip(const sim::NetworkProfile& profile) { return 2 * profile.base_latency + profile.jitter; }

}  // namespace store::grading
