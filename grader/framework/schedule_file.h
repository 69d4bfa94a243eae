// Fault schedules as the framework sees them (TestContext::schedule): JSON
// objects whose "events" array holds self-contained episodes, each with
// "at_us", "length_us" and a "what" in words. What an episode does is the
// scenario's business; the framework only reads, counts, cuts and shortens.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace store::grader {

// The schedule in `path`, checked for the shape above; nullopt with the
// reason in *error for a file that cannot be read or is not a schedule.
std::optional<nlohmann::json> read_schedule_file(const std::string& path, std::string* error);
// Empty when `schedule` has the shape above, else what is wrong with it.
std::string schedule_shape_error(const nlohmann::json& schedule);

// One line per episode: its "what", or the episode's JSON when it has none.
std::vector<std::string> describe_schedule(const nlohmann::json& schedule);
std::size_t episode_count(const nlohmann::json& schedule);

// Whether two failure messages are the same failure: equal once every run of
// digits is read as one number, whatever its value, and every file path as
// one path (times, terms, ids and indexes differ between schedules, and a
// traced run names the files it wrote; the words say which check failed).
bool same_failure(const std::string& a, const std::string& b);

}  // namespace store::grader
