#include "node/server.h"

namespace store {

std::string_view to_string(ReadPath path) {
  switch (path) {
    case ReadPath::kLog: return "log";
    case ReadPath::kReadIndex: return "read-index";
    case ReadPath::kFollowerRead: return "read-index-follower";
    case ReadPath::kLease: return "lease";
  }
  return "invalid";
}

}  // namespace store
