// Lab 0: a scenario with a fault schedule, for the end-to-end tests of
// --schedule and --shrink. Its schedule has twelve episodes; its "bug" needs
// episodes 3 and 8 together, with 8 lasting at least 50 ms. Episode 3 alone
// fails too, but in other words, which the shrinker must not settle for.
#include <fstream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "framework/scenario.h"
#include "framework/test_context.h"

namespace {

using nlohmann::json;

constexpr long long kMs = 1000;

json drawn_schedule() {
  json events = json::array();
  for (int i = 1; i <= 12; ++i) {
    events.push_back({{"id", i}, {"at_us", i * 100 * kMs}, {"length_us", 400 * kMs}});
  }
  return {{"events", events}};
}

// Checks a given schedule and writes every "what" afresh.
json canonical(const json& given) {
  json schedule = given;
  for (json& event : schedule.at("events")) {
    if (!event.contains("id") || !event["id"].is_number_integer()) {
      throw std::invalid_argument("every episode needs a whole \"id\"");
    }
    event["what"] = "episode " + std::to_string(event["id"].get<int>()) + " for " +
                    std::to_string(event.at("length_us").get<long long>() / kMs) + " ms";
  }
  return schedule;
}

}  // namespace

STORE_SCENARIO(selftest_schedule, {.lab = 0,
                                   .name = "needs-two-episodes",
                                   .points = 1,
                                   .description = "fails when its schedule holds episodes 3 and 8 (8 for 50 ms or more)",
                                   .handout = "docs/grader.md#the-self-test",
                                   .default_seeds = 1,
                                   .order = 1}) {  // after the others, in listings
  json drawn = canonical(drawn_schedule());
  const json played = ctx.schedule(drawn, canonical);
  bool three = false;
  long long eight = -1;
  for (const json& event : played["events"]) {
    if (event["id"] == 3) three = true;
    if (event["id"] == 8) eight = event["length_us"].get<long long>();
  }
  ctx.progress(1);
  if (!ctx.trace_path().empty()) std::ofstream(ctx.trace_path()) << R"({"selftest":"needs-two-episodes"})" << "\n";
  if (three && eight >= 50 * kMs) ctx.fail("the bug needs episodes 3 and 8 (8 lasted " + std::to_string(eight / kMs) + " ms)");
  if (three) ctx.fail("episode 3 alone breaks something else");
}
