// An operation as the search sees it: a few integers, so that a model step is
// a handful of comparisons. Models turn history records into these once, up
// front, interning every value they mention as a small id.
#pragma once

#include <cstdint>

namespace store::checker {

// Model state ids. Id 0 is "absent" in both models.
using StateId = std::uint32_t;
inline constexpr StateId kAbsent = 0;

struct SearchOp {
  std::uint8_t code = 0;     // which operation (model-specific)
  std::uint8_t result = 0;   // how its output constrains the model (model-specific)
  StateId arg = 0;           // the value written / appended / compared against
  StateId arg2 = 0;          // cas: the value swapped in
  StateId expect = kAbsent;  // read/get: the value the output says was there
};

}  // namespace store::checker
