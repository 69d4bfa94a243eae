// The simulator's one generator crosses the boundary as its 32 bytes of
// state: the host draws from a copy, and the trusted side moves the real one
// on to where the host's copy ended (never further than kMaxDrawsPerStep).
#pragma once

#include <cstddef>

#include "core/rng.h"
#include "sandbox/protocol/fields.h"

namespace store::sandbox {

// A legitimate step draws a handful of numbers; a host that reports a state
// further away than this (or one no number of draws reaches) is refused.
inline constexpr std::size_t kMaxDrawsPerStep = std::size_t{1} << 20;

RngState state_of(const Rng& rng);
void set_state(Rng& rng, const RngState& state);

// Draws from `rng` until its state is `target`, at most `max_draws` times.
// Returns false (and leaves `rng` as it was) when that is not enough.
bool advance_to(Rng& rng, const RngState& target, std::size_t max_draws = kMaxDrawsPerStep);

}  // namespace store::sandbox
