#include "framework/schedule_file.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace store::grader {

namespace {

// The message with every run of digits as '#' and every word that names a
// file (it holds a '/') as "<file>".
std::string failure_words(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != ' ' && (i == 0 || text[i - 1] == ' ')) {
      const std::size_t end = std::min(text.find(' ', i), text.size());
      if (text.substr(i, end - i).find('/') != std::string::npos) {
        out += "<file>";
        i = end - 1;
        continue;
      }
    }
    if (std::isdigit(static_cast<unsigned char>(text[i])) == 0) {
      out += text[i];
      continue;
    }
    out += '#';
    while (i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1])) != 0) ++i;
  }
  return out;
}

}  // namespace

std::string schedule_shape_error(const nlohmann::json& schedule) {
  if (!schedule.is_object() || !schedule.contains("events") || !schedule["events"].is_array()) {
    return "a fault schedule is a JSON object with an \"events\" array";
  }
  std::size_t i = 0;
  for (const nlohmann::json& event : schedule["events"]) {
    const bool timed = event.is_object() && event.contains("at_us") && event["at_us"].is_number_integer() &&
                       event.contains("length_us") && event["length_us"].is_number_integer();
    if (!timed || event["at_us"].get<long long>() < 0 || event["length_us"].get<long long>() < 0) {
      return "event " + std::to_string(i) + " needs whole, non-negative \"at_us\" and \"length_us\"";
    }
    ++i;
  }
  return {};
}

std::optional<nlohmann::json> read_schedule_file(const std::string& path, std::string* error) {
  std::ifstream file(path);
  if (!file) {
    *error = "cannot read " + path;
    return std::nullopt;
  }
  std::stringstream text;
  text << file.rdbuf();
  nlohmann::json schedule = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (schedule.is_discarded()) {
    *error = path + " is not JSON";
    return std::nullopt;
  }
  if (std::string shape = schedule_shape_error(schedule); !shape.empty()) {
    *error = path + ": " + shape;
    return std::nullopt;
  }
  return schedule;
}

std::vector<std::string> describe_schedule(const nlohmann::json& schedule) {
  std::vector<std::string> lines;
  for (const nlohmann::json& event : schedule.value("events", nlohmann::json::array())) {
    const auto what = event.find("what");
    lines.push_back(what != event.end() && what->is_string() ? what->get<std::string>() : event.dump());
  }
  return lines;
}

std::size_t episode_count(const nlohmann::json& schedule) {
  return schedule.contains("events") && schedule["events"].is_array() ? schedule["events"].size() : 0;
}

bool same_failure(const std::string& a, const std::string& b) { return failure_words(a) == failure_words(b); }

}  // namespace store::grader
