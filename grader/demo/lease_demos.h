// Demonstrations, not graded: what a lease does when its assumptions about
// clocks break. Each runs on an implementation (the student's own, or the
// reference) and says what the checker found.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

namespace store::demo {

struct DemoOptions {
  std::uint64_t seed = 1;
  std::string out_dir = ".store/demo";  // where history views are written
};

// Clocks further apart than the lease's drift bound allows make lease reads
// stale (the checker finds one and writes its view); within the bound they
// are not. Returns whether both halves showed what they should.
bool lease_drift(const DemoOptions& options, std::ostream& out);
// A follower whose clock jumps forward breaks its promise to the leader: its
// election timer and its vote rule run out at once, and the old leader's
// lease outlives it. Returns whether the stale read was found (and none
// without the jump).
bool clock_jump(const DemoOptions& options, std::ostream& out);

}  // namespace store::demo
