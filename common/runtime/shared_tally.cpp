#include "runtime/shared_tally.h"

#include <charconv>
#include <map>

namespace store::runtime {

std::string shared_problems(const SharedTally& tally, const std::string& list, std::optional<std::string> counter) {
  std::string problems;
  const auto problem = [&](const std::string& text) { problems += text + "\n"; };
  std::map<std::string, int> seen;
  std::size_t start = 0;
  while (start < list.size()) {
    const std::size_t end = list.find(kTokenEnd, start);
    if (end == std::string::npos) {
      problem("the list ends in a part of a token: '" + list.substr(start) + "'");
      break;
    }
    ++seen[list.substr(start, end + 1 - start)];
    start = end + 1;
  }
  for (const auto& [token, count] : seen) {
    if (count > 1) problem("token " + token + " is in the list " + std::to_string(count) + " times");
    if (tally.acknowledged_tokens.count(token) == 0 && tally.unknown_tokens.count(token) == 0) {
      problem("token " + token + " is in the list but was never acknowledged nor left unknown");
    }
  }
  for (const std::string& token : tally.acknowledged_tokens) {
    if (seen.count(token) == 0) problem("acknowledged token " + token + " is not in the list");
  }
  std::uint64_t value = 0;
  if (counter) {
    const auto [end, error] = std::from_chars(counter->data(), counter->data() + counter->size(), value);
    if (error != std::errc() || end != counter->data() + counter->size()) {
      problem("the counter is not a number: '" + *counter + "'");
      return problems;
    }
  }
  const std::uint64_t low = tally.acknowledged_increments;
  const std::uint64_t high = low + tally.unknown_increments;
  if (value < low || value > high) {
    problem("the counter is " + std::to_string(value) + ", outside " + std::to_string(low) + ".." +
            std::to_string(high) + " (acknowledged .. acknowledged + unknown increments)");
  }
  return problems;
}

}  // namespace store::runtime
