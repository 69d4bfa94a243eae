#include "sim/observer.h"

namespace store::sim {

std::string_view to_string(DropReason reason) {
  switch (reason) {
    case DropReason::kPartition: return "partition";
    case DropReason::kRandomLoss: return "random-loss";
    case DropReason::kDestinationDown: return "destination-down";
    case DropReason::kSenderCrashed: return "sender-crashed";
    case DropReason::kHeldBack: return "held-back";
  }
  return "invalid";
}

}  // namespace store::sim
