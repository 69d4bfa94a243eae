// The three answers a linearizability check can give.
#pragma once

#include <cstdint>
#include <string_view>

namespace store::checker {

enum class Verdict : std::uint8_t {
  kLinearizable,
  kNotLinearizable,
  kUnknown,  // the budget ran out before the search decided: a failure to decide, never a pass
};

// "linearizable", "not-linearizable", "unknown" (the manifest's spelling).
std::string_view verdict_name(Verdict verdict);
bool verdict_from_name(std::string_view name, Verdict* verdict);

// Not linearizable if any part is; else unknown if any part is; else linearizable.
inline Verdict combine(Verdict a, Verdict b) {
  if (a == Verdict::kNotLinearizable || b == Verdict::kNotLinearizable) return Verdict::kNotLinearizable;
  if (a == Verdict::kUnknown || b == Verdict::kUnknown) return Verdict::kUnknown;
  return Verdict::kLinearizable;
}

}  // namespace store::checker
