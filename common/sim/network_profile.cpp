#include "sim/network_profile.h"

#include <sstream>
#include <stdexcept>

namespace store::sim {

NetworkProfile NetworkProfile::lan() { return NetworkProfile{.base_latency = 100, .jitter = 50}; }

NetworkProfile NetworkProfile::unreliable() {
  return NetworkProfile{.base_latency = 500,
                        .jitter = 5 * kMillisecond,
                        .drop_probability = 0.10,
                        .duplicate_probability = 0.05,
                        .long_delay_probability = 0.05,
                        .long_delay_min = 10 * kMillisecond,
                        .long_delay_max = 200 * kMillisecond};
}

NetworkProfile NetworkProfile::wan() {
  return NetworkProfile{.base_latency = 25 * kMillisecond,
                        .jitter = 15 * kMillisecond,
                        .drop_probability = 0.005,
                        .long_delay_probability = 0.01,
                        .long_delay_min = 50 * kMillisecond,
                        .long_delay_max = 250 * kMillisecond};
}

namespace {

void check_probability(double p, const char* name) {
  // Written so that NaN fails too.
  if (!(p >= 0 && p <= 1)) {
    throw std::invalid_argument(std::string("NetworkProfile: ") + name + " must be in [0, 1], got " +
                                std::to_string(p));
  }
}

}  // namespace

void NetworkProfile::validate() const {
  if (base_latency < 0) throw std::invalid_argument("NetworkProfile: base_latency must not be negative");
  if (jitter < 0) throw std::invalid_argument("NetworkProfile: jitter must not be negative");
  check_probability(drop_probability, "drop_probability");
  check_probability(duplicate_probability, "duplicate_probability");
  check_probability(long_delay_probability, "long_delay_probability");
  if (long_delay_min < 0 || long_delay_max < long_delay_min) {
    throw std::invalid_argument("NetworkProfile: need 0 <= long_delay_min <= long_delay_max");
  }
}

std::string NetworkProfile::describe() const {
  std::ostringstream out;
  out << "latency " << base_latency << "us + [0, " << jitter << "]us, drop " << drop_probability << ", duplicate "
      << duplicate_probability << ", long delay " << long_delay_probability << " x [" << long_delay_min << ", "
      << long_delay_max << "]us";
  return out.str();
}

Micros draw_latency(const NetworkProfile& profile, Rng& rng) {
  Micros latency = profile.base_latency;
  if (profile.jitter > 0) latency += rng.between(0, profile.jitter);
  if (rng.chance(profile.long_delay_probability))
    latency += rng.between(profile.long_delay_min, profile.long_delay_max);
  return latency;
}

}  // namespace store::sim
