#include "framework/selection.h"

#include <algorithm>

#include "framework/sha256.h"
#include "framework/suggest.h"

namespace store::grader {

namespace {

std::string join_labs(const std::vector<int>& labs) {
  std::string text;
  for (int lab : labs) text += (text.empty() ? "" : ", ") + std::to_string(lab);
  return text;
}

template <typename T>
bool contains(const std::vector<T>& items, const T& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

}  // namespace

std::uint64_t salted_seed(const std::string& salt, std::uint64_t i) {
  // A cryptographic hash, so that the seeds a student sees (a failure's
  // replay command) say nothing about the others or about the salt: the
  // first 8 bytes of SHA-256(salt, a zero byte, i as 8 little-endian bytes),
  // little-endian. Seeds stay below 2^53, so that any tool reading the JSON
  // report as doubles keeps them exact.
  std::string message = salt;
  message.push_back('\0');
  for (int byte = 0; byte < 8; ++byte) message.push_back(static_cast<char>((i >> (8 * byte)) & 0xff));
  const auto digest = Sha256().add(message).digest();
  std::uint64_t seed = 0;
  for (int byte = 0; byte < 8; ++byte) seed |= std::uint64_t{digest[static_cast<std::size_t>(byte)]} << (8 * byte);
  return seed >> 11;
}

std::string salt_fingerprint(const std::string& salt) {
  return sha256_hex(std::string("store seed salt fingerprint:") + salt).substr(0, 16);
}

std::vector<std::uint64_t> seeds_for(const ScenarioInfo& info, const Options& options) {
  if (options.seed) return {*options.seed};
  const int count = options.seeds ? *options.seeds : info.default_seeds * (options.thorough ? 10 : 1);
  std::vector<std::uint64_t> seeds;
  for (int s = 1; s <= count; ++s) {
    const auto i = static_cast<std::uint64_t>(s);
    seeds.push_back(options.seed_salt.empty() ? i : salted_seed(options.seed_salt, i));
  }
  return seeds;
}

Selection select_tests(const Registry& registry, const Options& options) {
  Selection selection;
  if (registry.empty()) {
    selection.note = "no graded labs exist yet";
    return selection;
  }
  for (int lab : options.labs) {
    if (!registry.lab_known(lab)) {
      selection.error = "unknown lab " + std::to_string(lab) + " (labs: " + join_labs(registry.labs()) + ")";
      return selection;
    }
  }
  for (const std::string& name : options.tests) {
    const Scenario* scenario = registry.find(name);
    if (scenario == nullptr) {
      selection.error = "unknown test '" + name + "'";
      if (auto close = closest_match(name, registry.names())) {
        selection.error += "; did you mean '" + *close + "'?";
      } else {
        selection.error += " (--list shows every test)";
      }
      return selection;
    }
    if (!options.labs.empty() && !contains(options.labs, scenario->info.lab)) {
      selection.error = "test '" + name + "' is in lab " + std::to_string(scenario->info.lab) + ", not in --lab " +
                        join_labs(options.labs);
      return selection;
    }
  }
  for (const Scenario* scenario : registry.scenarios()) {
    if (!options.tests.empty() && !contains(options.tests, scenario->info.name)) continue;
    if (!options.labs.empty() && !contains(options.labs, scenario->info.lab)) continue;
    selection.tests.push_back(TestPlan{scenario, seeds_for(scenario->info, options)});
  }
  if (selection.tests.empty()) {
    std::vector<int> labs = options.labs;
    std::sort(labs.begin(), labs.end());
    labs.erase(std::unique(labs.begin(), labs.end()), labs.end());
    selection.note = (labs.size() == 1 ? "lab " : "labs ") + join_labs(labs) + (labs.size() == 1 ? " has" : " have") +
                     " no graded tests yet";
  }
  return selection;
}

}  // namespace store::grader
