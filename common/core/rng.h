// The one pseudo-random generator of the project, with its own distributions.
//
// The standard library's distributions are allowed to differ between library
// versions, which would make a seed replay differently on another machine. We
// therefore draw only raw 64-bit words from xoshiro256** and build every
// distribution from them here.
#pragma once

#include <array>
#include <cstdint>

namespace store {

class Rng {
 public:
  explicit Rng(std::uint64_t seed);

  std::uint64_t next();                              // uniform over all 64-bit words
  std::uint64_t below(std::uint64_t bound);          // uniform in [0, bound); bound > 0
  std::int64_t between(std::int64_t lo, std::int64_t hi);  // uniform in [lo, hi], inclusive
  double unit();                                     // uniform in [0, 1)
  bool chance(double probability);                   // true with the given probability
  double exponential(double mean);                   // exponential with the given mean

  // A generator whose stream is independent of this one (for giving each part
  // of a system its own stream without sharing state).
  Rng fork();

 private:
  std::array<std::uint64_t, 4> state_{};
};

// Mixes a 64-bit value; used to derive seeds and for hashing.
std::uint64_t splitmix64(std::uint64_t& state);

}  // namespace store
