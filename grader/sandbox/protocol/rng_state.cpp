#include "sandbox/protocol/rng_state.h"

#include <cstring>
#include <type_traits>

namespace store::sandbox {

// Rng keeps its state private; it is plain data, so its bytes are its state.
static_assert(std::is_trivially_copyable_v<Rng> && sizeof(Rng) == sizeof(RngState),
              "store::Rng is no longer 32 bytes of plain state: update grader/sandbox/protocol/rng_state.cpp");

RngState state_of(const Rng& rng) {
  RngState state;
  std::memcpy(state.data(), &rng, sizeof state);
  return state;
}

void set_state(Rng& rng, const RngState& state) { std::memcpy(static_cast<void*>(&rng), state.data(), sizeof state); }

bool advance_to(Rng& rng, const RngState& target, std::size_t max_draws) {
  Rng probe = rng;
  for (std::size_t draws = 0; draws <= max_draws; ++draws) {
    if (state_of(probe) == target) {
      rng = probe;
      return true;
    }
    probe.next();
  }
  return false;
}

}  // namespace store::sandbox
