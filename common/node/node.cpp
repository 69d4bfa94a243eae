#include "node/node.h"

namespace store {

std::string_view to_string(Role role) {
  switch (role) {
    case Role::kFollower: return "follower";
    case Role::kCandidate: return "candidate";
    case Role::kLeader: return "leader";
  }
  return "invalid";
}

}  // namespace store
