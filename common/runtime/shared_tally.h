// Exactly-once, checked on the shared mix of store-load (lab 5): clients
// append unique tokens to one key and increment another, and the tally of
// what they were told is compared with what the store holds at the end.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>

namespace store::runtime {

inline constexpr const char* kSharedList = "shared-list";
inline constexpr const char* kSharedCounter = "shared-counter";
inline constexpr char kTokenEnd = ';';  // every token ends with it ("c3-17;")

struct SharedTally {
  std::set<std::string> acknowledged_tokens;
  std::set<std::string> unknown_tokens;  // given up as unknown, or still running when a phase ended
  std::uint64_t acknowledged_increments = 0;
  std::uint64_t unknown_increments = 0;
  std::uint64_t retried = 0;  // acknowledged writes that took more than one attempt (a retry across a fault)
};

// What is wrong with the final `list` and `counter` (absent: nullopt) given
// the tally, one problem a line; empty when every acknowledged token is in
// the list exactly once, no token is there twice or without having been
// sent, and the counter lies within acknowledged .. acknowledged + unknown.
std::string shared_problems(const SharedTally& tally, const std::string& list, std::optional<std::string> counter);

}  // namespace store::runtime
