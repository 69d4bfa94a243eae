// The clock of the real runtime and its clients: steady, in microseconds.
#pragma once

#include <chrono>

#include "core/types.h"

namespace store::runtime {

inline Micros steady_micros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace store::runtime
